//! Values that stand for members nobody set: a member's `@default` and its type's zero value
//! (client error correction) as Rust expressions, and the value a structure reader starts
//! from. The types (`new`, `Default`), every protocol's readers, the protocol tests and the SDK
//! conversions take them from here, so all agree on what a missing member is.
//!
//! Expressions name types from `root`: `crate` inside the generated crate, `::<crate>`
//! outside it (tests). Outside, a structure is built with `new`, the only constructor a
//! `#[non_exhaustive]` type offers there.

use proc_macro2::{Literal, TokenStream};
use quote::{ToTokens, quote};

use super::{ident, rust_type, type_path};
use crate::CodegenError;
use crate::ir::{DefaultValue, Fill, MemberIr, ServiceIr, ShapeIr, ShapeIrKind, TypeRef};
use crate::runtime_type::{BLOB, DATE_TIME, DOCUMENT, NUMBER, UNSET_ENUM_VALUE};

/// An expression of type `T` (unboxed) for a `@default` the IR checked against `ty`.
pub fn default_expr(
    ir: &ServiceIr,
    ty: &TypeRef,
    value: &DefaultValue,
    root: &TokenStream,
) -> Result<TokenStream, CodegenError> {
    let mismatch = || {
        CodegenError::new(format!(
            "internal: default {value:?} does not fit the type {ty:?}"
        ))
    };
    Ok(match (ty, value) {
        (TypeRef::Boolean, DefaultValue::Bool(b)) => quote! { #b },
        (TypeRef::Named(id), DefaultValue::Int(n)) => {
            let path = type_path(ir, id, root)?;
            let n = i32::try_from(*n).map_err(|_| mismatch())?;
            quote! { #path::from(#n) }
        }
        (TypeRef::Byte, DefaultValue::Int(n)) => {
            Literal::i8_suffixed(i8::try_from(*n).map_err(|_| mismatch())?).into_token_stream()
        }
        (TypeRef::Short, DefaultValue::Int(n)) => {
            Literal::i16_suffixed(i16::try_from(*n).map_err(|_| mismatch())?).into_token_stream()
        }
        (TypeRef::Integer, DefaultValue::Int(n)) => {
            Literal::i32_suffixed(i32::try_from(*n).map_err(|_| mismatch())?).into_token_stream()
        }
        (TypeRef::Long, DefaultValue::Int(n)) => Literal::i64_suffixed(*n).into_token_stream(),
        (TypeRef::Float, DefaultValue::Float(f)) => {
            float(*f, quote! { f32 }, |f| Literal::f32_suffixed(f as f32))
        }
        (TypeRef::Double, DefaultValue::Float(f)) => {
            float(*f, quote! { f64 }, Literal::f64_suffixed)
        }
        (TypeRef::String | TypeRef::BigInteger | TypeRef::BigDecimal, DefaultValue::String(s)) => {
            quote! { ::std::string::String::from(#s) }
        }
        (TypeRef::Named(id), DefaultValue::String(s)) => {
            let path = type_path(ir, id, root)?;
            quote! { #path::from(#s) }
        }
        (TypeRef::Blob, DefaultValue::Blob(bytes)) if bytes.is_empty() => {
            quote! { #BLOB::new(::std::vec::Vec::new()) }
        }
        (TypeRef::Blob, DefaultValue::Blob(bytes)) => {
            let bytes = Literal::byte_string(bytes);
            quote! { #BLOB::new(#bytes.to_vec()) }
        }
        (TypeRef::Document, DefaultValue::Document(json)) => document_expr(json),
        (TypeRef::List { .. }, DefaultValue::EmptyList) => quote! { ::std::vec::Vec::new() },
        (TypeRef::Map { .. }, DefaultValue::EmptyMap) => {
            quote! { ::std::collections::HashMap::new() }
        }
        (TypeRef::Timestamp(_), DefaultValue::Timestamp { secs, nanos: 0 }) => {
            quote! { #DATE_TIME::from_secs(#secs) }
        }
        (TypeRef::Timestamp(_), DefaultValue::Timestamp { secs, nanos }) => {
            quote! { #DATE_TIME::from_secs_and_nanos(#secs, #nanos) }
        }
        _ => return Err(mismatch()),
    })
}

fn float(f: f64, ty: TokenStream, literal: impl Fn(f64) -> Literal) -> TokenStream {
    if f.is_nan() {
        quote! { #ty::NAN }
    } else if f == f64::INFINITY {
        quote! { #ty::INFINITY }
    } else if f == f64::NEG_INFINITY {
        quote! { #ty::NEG_INFINITY }
    } else {
        literal(f).into_token_stream()
    }
}

/// A `Document` expression for any JSON value (document defaults, protocol test params).
/// Numbers follow what the runtime reads: integers that fit 64 bits are `PosInt`/`NegInt`,
/// everything else `Float`.
pub fn document_expr(json: &serde_json::Value) -> TokenStream {
    use serde_json::Value;
    match json {
        Value::Null => quote! { #DOCUMENT::Null },
        Value::Bool(b) => quote! { #DOCUMENT::Bool(#b) },
        Value::Number(n) => {
            let number = if let Some(u) = n.as_u64() {
                quote! { #NUMBER::PosInt(#u) }
            } else if let Some(i) = n.as_i64() {
                quote! { #NUMBER::NegInt(#i) }
            } else {
                // serde_json numbers are always finite.
                let f = Literal::f64_suffixed(n.as_f64().unwrap_or_default());
                quote! { #NUMBER::Float(#f) }
            };
            quote! { #DOCUMENT::Number(#number) }
        }
        Value::String(s) => quote! { #DOCUMENT::String(::std::string::String::from(#s)) },
        Value::Array(items) if items.is_empty() => {
            quote! { #DOCUMENT::Array(::std::vec::Vec::new()) }
        }
        Value::Array(items) => {
            let items = items.iter().map(document_expr);
            quote! { #DOCUMENT::Array(::std::vec![#(#items),*]) }
        }
        Value::Object(entries) if entries.is_empty() => {
            quote! { #DOCUMENT::Object(::std::collections::HashMap::new()) }
        }
        Value::Object(entries) => {
            let entries = entries.iter().map(|(k, v)| {
                let v = document_expr(v);
                quote! { (::std::string::String::from(#k), #v) }
            });
            quote! { #DOCUMENT::Object(::std::collections::HashMap::from([#(#entries),*])) }
        }
    }
}

/// The zero value of a type, of that (unboxed) type: `false`, `0`, `""`, empty bytes, the
/// epoch, a `null` document, `[]`, `{}`, an enum's unknown variant holding
/// [`UNSET_ENUM_VALUE`], an intEnum's `0`, a union's unknown variant, and for a structure
/// `new` with the zero value of each member it takes.
pub fn zero_expr(
    ir: &ServiceIr,
    ty: &TypeRef,
    root: &TokenStream,
) -> Result<TokenStream, CodegenError> {
    Ok(match ty {
        TypeRef::BigInteger | TypeRef::BigDecimal => quote! { ::std::string::String::from("0") },
        TypeRef::Named(id) => {
            let shape = ir.shape(id)?;
            let path = type_path(ir, id, root)?;
            match &shape.kind {
                ShapeIrKind::Enum { .. } => quote! { #path::from(#UNSET_ENUM_VALUE) },
                ShapeIrKind::IntEnum { .. } => quote! { #path::from(0) },
                ShapeIrKind::Union {
                    unknown_variant, ..
                } => {
                    let unknown = ident(unknown_variant);
                    quote! { #path::#unknown }
                }
                ShapeIrKind::Structure { members, .. } => {
                    let mut args = Vec::new();
                    for m in members.iter().filter(|m| m.must_be_given()) {
                        args.push(zero_expr(ir, &m.ty, root)?);
                    }
                    quote! { #path::new(#(#args),*) }
                }
            }
        }
        _ => placeholder(ir, ty, root)?,
    })
}

/// A value of the type that costs no allocation, for a reader to start from: the zero value,
/// except that an enum holds an empty unknown value.
fn placeholder(
    ir: &ServiceIr,
    ty: &TypeRef,
    root: &TokenStream,
) -> Result<TokenStream, CodegenError> {
    Ok(match ty {
        TypeRef::String | TypeRef::BigInteger | TypeRef::BigDecimal => {
            quote! { ::std::string::String::new() }
        }
        TypeRef::Boolean => quote! { false },
        TypeRef::Byte | TypeRef::Short | TypeRef::Integer | TypeRef::Long => quote! { 0 },
        TypeRef::Float | TypeRef::Double => quote! { 0.0 },
        TypeRef::Blob => quote! { #BLOB::new(::std::vec::Vec::new()) },
        TypeRef::Timestamp(_) => quote! { #DATE_TIME::from_secs(0) },
        TypeRef::Document => quote! { #DOCUMENT::Null },
        TypeRef::Unit => quote! { () },
        TypeRef::List { .. } => quote! { ::std::vec::Vec::new() },
        TypeRef::Map { .. } => quote! { ::std::collections::HashMap::new() },
        TypeRef::Named(id) => match &ir.shape(id)?.kind {
            ShapeIrKind::Enum {
                unknown_variant, ..
            } => {
                let path = type_path(ir, id, root)?;
                let unknown = ident(unknown_variant);
                quote! { #path::#unknown(::std::string::String::new()) }
            }
            _ => zero_expr(ir, ty, root)?,
        },
    })
}

/// The member's fill as an expression of its field's inner type (boxed where the member is),
/// or `None` for a member without one.
pub fn fill_expr(
    ir: &ServiceIr,
    m: &MemberIr,
    root: &TokenStream,
) -> Result<Option<TokenStream>, CodegenError> {
    let value = match &m.fill {
        None => return Ok(None),
        Some(Fill::Default(value)) => default_expr(ir, &m.ty, value, root)?,
        Some(Fill::Zero) => zero_expr(ir, &m.ty, root)?,
    };
    Ok(Some(boxed(m, value)))
}

fn boxed(m: &MemberIr, value: TokenStream) -> TokenStream {
    if m.boxed {
        quote! { ::std::boxed::Box::new(#value) }
    } else {
        value
    }
}

/// How a reader treats one member of a structure.
pub struct ReadFill {
    /// Rust field.
    pub field: proc_macro2::Ident,
    /// The field is an `Option`.
    pub optional: bool,
    /// The fill (field type; for `Option` fields, the inner type), when the reader must put
    /// it in after reading: a plain member whose fill the starting value does not already
    /// hold, or an `Option` member with a fill.
    pub after: Option<TokenStream>,
}

impl ReadFill {
    /// The statement that puts `read` (an `Option` of the member's value, as read from the
    /// response) in `output`: an `Option` field takes it as it is (see
    /// [`ReadFill::fill_if_none`]); a plain one keeps its start for `None`, or takes its fill
    /// where the start does not hold it.
    pub fn assign(&self, read: TokenStream) -> TokenStream {
        let field = &self.field;
        match (self.optional, &self.after) {
            (true, _) => quote! { output.#field = #read; },
            (false, None) => quote! {
                if let ::std::option::Option::Some(value) = #read {
                    output.#field = value;
                }
            },
            (false, Some(value)) => quote! {
                output.#field = #read.unwrap_or_else(|| #value);
            },
        }
    }

    /// The statement that puts `value` (the member's value, always there) in `output`.
    pub fn set(&self, value: TokenStream) -> TokenStream {
        let field = &self.field;
        if self.optional {
            quote! { output.#field = ::std::option::Option::Some(#value); }
        } else {
            quote! { output.#field = #value; }
        }
    }

    /// For an `Option` field with a fill, the statement that puts it in when nothing (or
    /// `null`) was read.
    pub fn fill_if_none(&self) -> Option<TokenStream> {
        let field = &self.field;
        let value = self.after.as_ref().filter(|_| self.optional)?;
        Some(quote! {
            if output.#field.is_none() {
                output.#field = ::std::option::Option::Some(#value);
            }
        })
    }
}

/// The [`ReadFill`] of `m` among the `fills` of `shape` (all of its members, in order), for a
/// reader of some of them.
pub fn fill_of<'f>(
    shape: &ShapeIr,
    fills: &'f [ReadFill],
    m: &MemberIr,
) -> Result<&'f ReadFill, CodegenError> {
    let position = match &shape.kind {
        ShapeIrKind::Structure { members, .. } => members.iter().position(|a| a.name == m.name),
        _ => None,
    };
    position.and_then(|i| fills.get(i)).ok_or_else(|| {
        CodegenError::new(format!(
            "internal: {} is not a member of {}",
            m.name, shape.id
        ))
    })
}

/// The value a reader of `shape` (a structure) starts from, inside the generated crate: a
/// struct literal where plain members hold their fill when that costs no allocation (else a
/// placeholder) and `Option` members hold `None`; and per member what to put in when the
/// response leaves it out or sends `null` ([`ReadFill::after`]).
pub fn reader_start(
    ir: &ServiceIr,
    shape: &ShapeIr,
) -> Result<(TokenStream, Vec<ReadFill>), CodegenError> {
    let root = quote! { crate };
    let ShapeIrKind::Structure { members, error } = &shape.kind else {
        return Err(CodegenError::new(format!(
            "internal: {} is not a structure",
            shape.id
        )));
    };
    let path = type_path(ir, &shape.id, &root)?;
    let mut fields = Vec::new();
    let mut fills = Vec::new();
    for m in members {
        let field = ident(&m.rust_name);
        let fill = fill_expr(ir, m, &root)?;
        let (start, after) = match (m.optional, fill) {
            (true, fill) => (quote! { ::std::option::Option::None }, fill),
            (false, Some(fill)) if allocates(ir, m)? => {
                (boxed(m, placeholder(ir, &m.ty, &root)?), Some(fill))
            }
            (false, Some(fill)) => (fill, None),
            (false, None) => {
                return Err(CodegenError::new(format!(
                    "internal: plain member {} of {} has no fill",
                    m.name, shape.id
                )));
            }
        };
        fields.push(quote! { #field: #start, });
        fills.push(ReadFill {
            field,
            optional: m.optional,
            after,
        });
    }
    if error.is_some() {
        let meta = super::types::meta_field(members);
        fields.push(quote! { #meta: ::std::default::Default::default(), });
    }
    if let Some(request_id) = super::types::request_id_field(ir, shape) {
        fields.push(quote! { #request_id: ::std::default::Default::default(), });
    }
    Ok((quote! { #path { #(#fields)* } }, fills))
}

/// Whether building the member's fill allocates (a string or bytes), so a reader had better
/// build it only when the response lacks the member.
fn allocates(ir: &ServiceIr, m: &MemberIr) -> Result<bool, CodegenError> {
    let is_enum = |ty: &TypeRef| -> Result<bool, CodegenError> {
        Ok(match ty {
            TypeRef::Named(id) => matches!(ir.shape(id)?.kind, ShapeIrKind::Enum { .. }),
            _ => false,
        })
    };
    Ok(match &m.fill {
        None => false,
        Some(Fill::Zero) => is_enum(&m.ty)?,
        Some(Fill::Default(value)) => match value {
            DefaultValue::String(_) => true,
            DefaultValue::Blob(bytes) => !bytes.is_empty(),
            DefaultValue::Document(json) => json.is_string(),
            _ => false,
        },
    })
}

/// The Rust type of a member's field: `T` (boxed where the member is), in an `Option` unless
/// the member is plain.
pub fn field_type(ir: &ServiceIr, m: &MemberIr) -> Result<TokenStream, CodegenError> {
    let ty = rust_type(ir, &m.ty)?;
    let ty = if m.boxed {
        quote! { ::std::boxed::Box<#ty> }
    } else {
        ty
    };
    Ok(if m.optional {
        quote! { ::std::option::Option<#ty> }
    } else {
        ty
    })
}

/// A default or zero value of `ty` as the docs show it.
pub fn fill_text(ir: &ServiceIr, ty: &TypeRef, fill: &Fill) -> String {
    match fill {
        Fill::Default(value) => default_text(value),
        Fill::Zero => match ty {
            TypeRef::String => "`\"\"`".to_owned(),
            TypeRef::BigInteger | TypeRef::BigDecimal => "`\"0\"`".to_owned(),
            TypeRef::Boolean => "`false`".to_owned(),
            TypeRef::Byte | TypeRef::Short | TypeRef::Integer | TypeRef::Long => "`0`".to_owned(),
            TypeRef::Float | TypeRef::Double => "`0.0`".to_owned(),
            TypeRef::Blob => "no bytes".to_owned(),
            TypeRef::Timestamp(_) => "the Unix epoch".to_owned(),
            TypeRef::Document => "a null document".to_owned(),
            TypeRef::Unit => "`()`".to_owned(),
            TypeRef::List { .. } => "`[]`".to_owned(),
            TypeRef::Map { .. } => "`{}`".to_owned(),
            TypeRef::Named(id) => match ir.shape(id).map(|s| &s.kind) {
                Ok(ShapeIrKind::Enum {
                    unknown_variant, ..
                }) => {
                    format!("`{unknown_variant}(\"no value was set\")`")
                }
                Ok(ShapeIrKind::IntEnum { .. }) => "the value `0`".to_owned(),
                Ok(ShapeIrKind::Union {
                    unknown_variant, ..
                }) => format!("`{unknown_variant}`"),
                _ => "an empty structure".to_owned(),
            },
        },
    }
}

/// A `@default` value as the model writes it.
fn default_text(value: &DefaultValue) -> String {
    match value {
        DefaultValue::Bool(b) => format!("`{b}`"),
        DefaultValue::Int(n) => format!("`{n}`"),
        DefaultValue::Float(f) => format!("`{f:?}`"),
        DefaultValue::String(s) => format!("`{s:?}`"),
        DefaultValue::Blob(bytes) => format!("`b\"{}\"`", bytes.escape_ascii()),
        DefaultValue::Document(json) => format!("the document `{json}`"),
        DefaultValue::EmptyList => "`[]`".to_owned(),
        DefaultValue::EmptyMap => "`{}`".to_owned(),
        DefaultValue::Timestamp { secs, nanos: 0 } => format!("`{secs}` (epoch seconds)"),
        DefaultValue::Timestamp { secs, nanos } => format!("`{secs}.{nanos:09}` (epoch seconds)"),
    }
}
