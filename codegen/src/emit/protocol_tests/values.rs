//! Rust expressions for the `params` of a test case, and the assertions that compare a parsed
//! structure with them. Types come from the IR only; the JSON says which values to build.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;
use serde_json::{Map, Value};
use smithy_model::ShapeId;

use crate::CodegenError;
use crate::emit::defaults::{document_expr, zero_expr};
use crate::emit::ident;
use crate::ir::{MemberIr, ServiceIr, ShapeIr, ShapeIrKind, TypeRef, epoch_seconds};
use crate::runtime_type::{BLOB, DATE_TIME};

/// Builds values for one test case; `case` names it in error messages.
pub(super) struct Values<'a> {
    pub ir: &'a ServiceIr,
    /// Name of the generated crate as it is used from its tests.
    pub krate: &'a Ident,
    pub case: &'a str,
}

impl Values<'_> {
    fn error(&self, path: &str, message: impl std::fmt::Display) -> CodegenError {
        CodegenError::new(format!("protocol test {}: {path}: {message}", self.case))
    }

    fn type_path(&self, shape: &ShapeIr) -> Result<TokenStream, CodegenError> {
        let krate = self.krate;
        crate::emit::type_path(self.ir, &shape.id, &quote! { ::#krate })
    }

    /// The members of a structure shape, or an error if it is something else.
    pub fn members(&self, id: &ShapeId) -> Result<&[MemberIr], CodegenError> {
        match &self.ir.shape(id)?.kind {
            ShapeIrKind::Structure { members, .. } => Ok(members),
            _ => Err(self.error("params", format!("{id} is not a structure"))),
        }
    }

    /// A structure value: `new` with the members it takes (their zero value when `params`
    /// lacks one), then one assignment per other member in `params`. `null` members count as
    /// absent, as the spec treats them; absent members keep what `new` gives them (unset, or
    /// their default), except that an absent required `Option` member of an input is unset.
    pub fn structure(
        &self,
        id: &ShapeId,
        params: &Map<String, Value>,
        path: &str,
    ) -> Result<TokenStream, CodegenError> {
        let members = self.members(id)?;
        let ty = self.type_path(self.ir.shape(id)?)?;
        let krate = self.krate;
        let root = quote! { ::#krate };
        if let Some(key) = params.keys().find(|k| find_member(members, k).is_none()) {
            return Err(self.error(path, format!("`{key}` is not a member of {id}")));
        }
        let mut args = Vec::new();
        let mut assigns = Vec::new();
        for member in members {
            let field = ident(&member.rust_name);
            let given = params.get(&member.name).filter(|v| !v.is_null());
            let member_path = format!("{path}.{}", member.name);
            match given {
                Some(json) if member.must_be_given() => {
                    args.push(self.value(&member.ty, json, &member_path)?);
                }
                Some(json) => {
                    let expr = self.member_value(member, json, &member_path)?;
                    assigns.push(if member.optional {
                        quote! { value.#field = ::std::option::Option::Some(#expr); }
                    } else {
                        quote! { value.#field = #expr; }
                    });
                }
                None if member.must_be_given() => {
                    args.push(zero_expr(self.ir, &member.ty, &root)?);
                    if member.fill.is_none() {
                        assigns.push(quote! { value.#field = ::std::option::Option::None; });
                    }
                }
                None => {}
            }
        }
        if assigns.is_empty() {
            return Ok(quote! { #ty::new(#(#args),*) });
        }
        Ok(quote! {
            {
                let mut value = #ty::new(#(#args),*);
                #(#assigns)*
                value
            }
        })
    }

    fn member_value(
        &self,
        member: &MemberIr,
        json: &Value,
        path: &str,
    ) -> Result<TokenStream, CodegenError> {
        let expr = self.value(&member.ty, json, path)?;
        Ok(if member.boxed {
            quote! { ::std::boxed::Box::new(#expr) }
        } else {
            expr
        })
    }

    /// An expression of the Rust type of `ty` holding `json`.
    pub fn value(
        &self,
        ty: &TypeRef,
        json: &Value,
        path: &str,
    ) -> Result<TokenStream, CodegenError> {
        let mismatch = |what: &str| self.error(path, format!("expected {what}, found {json}"));
        Ok(match ty {
            TypeRef::String => {
                let s = json.as_str().ok_or_else(|| mismatch("a string"))?;
                quote! { ::std::string::String::from(#s) }
            }
            TypeRef::BigInteger | TypeRef::BigDecimal => {
                let text = match json {
                    Value::Number(n) => n.to_string(),
                    Value::String(s) => s.clone(),
                    _ => return Err(mismatch("a number")),
                };
                quote! { ::std::string::String::from(#text) }
            }
            TypeRef::Boolean => {
                let b = json.as_bool().ok_or_else(|| mismatch("a boolean"))?;
                quote! { #b }
            }
            TypeRef::Byte => {
                integer::<i8>(json, Literal::i8_suffixed).ok_or_else(|| mismatch("a byte"))?
            }
            TypeRef::Short => {
                integer::<i16>(json, Literal::i16_suffixed).ok_or_else(|| mismatch("a short"))?
            }
            TypeRef::Integer => {
                integer::<i32>(json, Literal::i32_suffixed).ok_or_else(|| mismatch("an integer"))?
            }
            TypeRef::Long => {
                integer::<i64>(json, Literal::i64_suffixed).ok_or_else(|| mismatch("a long"))?
            }
            TypeRef::Float => float(json, quote! { ::std::primitive::f32 }, |t| {
                t.parse::<f32>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .map(Literal::f32_suffixed)
            })
            .ok_or_else(|| mismatch("a float"))?,
            TypeRef::Double => float(json, quote! { ::std::primitive::f64 }, |t| {
                t.parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .map(Literal::f64_suffixed)
            })
            .ok_or_else(|| mismatch("a double"))?,
            TypeRef::Blob => {
                // Test cases give blobs as their UTF-8 text.
                let s = json.as_str().ok_or_else(|| mismatch("a string"))?;
                let bytes = Literal::byte_string(s.as_bytes());
                quote! { #BLOB::new(#bytes.to_vec()) }
            }
            TypeRef::Timestamp(_) => {
                let n = json.as_number().ok_or_else(|| mismatch("epoch seconds"))?;
                let (secs, nanos) = epoch_seconds(&n.to_string()).ok_or_else(|| {
                    self.error(
                        path,
                        format!("{n} is not a timestamp with nanosecond precision"),
                    )
                })?;
                quote! { #DATE_TIME::from_secs_and_nanos(#secs, #nanos) }
            }
            TypeRef::Document => document_expr(json),
            TypeRef::Unit => quote! { () },
            TypeRef::Named(id) => self.named(id, json, path)?,
            TypeRef::List { item, sparse, .. } => {
                let items = json.as_array().ok_or_else(|| mismatch("a list"))?;
                let mut exprs = Vec::with_capacity(items.len());
                for (i, item_json) in items.iter().enumerate() {
                    exprs.push(self.element(item, *sparse, item_json, &format!("{path}[{i}]"))?);
                }
                if exprs.is_empty() {
                    quote! { ::std::vec::Vec::new() }
                } else {
                    quote! { ::std::vec![#(#exprs),*] }
                }
            }
            TypeRef::Map { value, sparse, .. } => {
                let entries = json.as_object().ok_or_else(|| mismatch("a map"))?;
                let mut exprs = Vec::with_capacity(entries.len());
                for (key, entry) in entries {
                    let expr = self.element(value, *sparse, entry, &format!("{path}.{key}"))?;
                    exprs.push(quote! { (::std::string::String::from(#key), #expr) });
                }
                if exprs.is_empty() {
                    quote! { ::std::collections::HashMap::new() }
                } else {
                    quote! { ::std::collections::HashMap::from([#(#exprs),*]) }
                }
            }
        })
    }

    /// A list element or map value: wrapped in `Option` when the collection is sparse.
    fn element(
        &self,
        ty: &TypeRef,
        sparse: bool,
        json: &Value,
        path: &str,
    ) -> Result<TokenStream, CodegenError> {
        if !sparse {
            if json.is_null() {
                return Err(self.error(path, "null in a collection that is not @sparse"));
            }
            return self.value(ty, json, path);
        }
        if json.is_null() {
            return Ok(quote! { ::std::option::Option::None });
        }
        let expr = self.value(ty, json, path)?;
        Ok(quote! { ::std::option::Option::Some(#expr) })
    }

    fn named(&self, id: &ShapeId, json: &Value, path: &str) -> Result<TokenStream, CodegenError> {
        let shape = self.ir.shape(id)?;
        let ty = self.type_path(shape)?;
        Ok(match &shape.kind {
            ShapeIrKind::Enum { .. } => {
                let s = json.as_str().ok_or_else(|| {
                    self.error(path, format!("expected an enum string, found {json}"))
                })?;
                quote! { #ty::from(#s) }
            }
            ShapeIrKind::IntEnum { .. } => {
                let v = integer::<i32>(json, Literal::i32_suffixed).ok_or_else(|| {
                    self.error(path, format!("expected an intEnum value, found {json}"))
                })?;
                quote! { #ty::from(#v) }
            }
            ShapeIrKind::Structure { .. } => {
                let params = json
                    .as_object()
                    .ok_or_else(|| self.error(path, format!("expected an object, found {json}")))?;
                self.structure(id, params, path)?
            }
            ShapeIrKind::Union { members, .. } => {
                let set: Vec<(&String, &Value)> = json
                    .as_object()
                    .into_iter()
                    .flatten()
                    .filter(|(_, v)| !v.is_null())
                    .collect();
                let [(key, value)] = set.as_slice() else {
                    return Err(self.error(
                        path,
                        format!("a union value needs exactly one member, found {json}"),
                    ));
                };
                let member = find_member(members, key).ok_or_else(|| {
                    self.error(path, format!("`{key}` is not a member of union {id}"))
                })?;
                let variant = ident(&member.variant_name);
                if member.ty == TypeRef::Unit {
                    quote! { #ty::#variant }
                } else {
                    let expr = self.member_value(member, value, &format!("{path}.{key}"))?;
                    quote! { #ty::#variant(#expr) }
                }
            }
        })
    }

    /// Assertions that each member of the structure `actual` equals the same member of
    /// `expected` (built from `params`). Every member is checked, so members absent from
    /// `params` must be unset, or hold their default or zero value. Returns whether any
    /// assertion reads `expected`.
    pub fn compare(
        &self,
        id: &ShapeId,
        params: &Map<String, Value>,
        actual: &Ident,
        expected: &Ident,
    ) -> Result<(Vec<TokenStream>, bool), CodegenError> {
        let mut asserts = Vec::new();
        let mut uses_expected = false;
        for m in self.members(id)? {
            let field = ident(&m.rust_name);
            let name = &m.name;
            let json = params.get(name).unwrap_or(&Value::Null);
            let top_level_nan =
                matches!(m.ty, TypeRef::Float | TypeRef::Double) && json.as_str() == Some("NaN");
            if top_level_nan {
                let message = format!("member `{name}`: expected NaN, got {{:?}}");
                asserts.push(if m.optional {
                    quote! {
                        assert!(#actual.#field.is_some_and(|v| v.is_nan()), #message, #actual.#field);
                    }
                } else {
                    quote! { assert!(#actual.#field.is_nan(), #message, #actual.#field); }
                });
                continue;
            }
            uses_expected = true;
            let message = format!("member `{name}`");
            if self.has_nan(&m.ty, json)? {
                // NaN != NaN, so a nested NaN is compared through the `Debug` text.
                asserts.push(quote! {
                    assert_eq!(format!("{:?}", #actual.#field), format!("{:?}", #expected.#field), #message);
                });
            } else {
                asserts.push(quote! { assert_eq!(#actual.#field, #expected.#field, #message); });
            }
        }
        Ok((asserts, uses_expected))
    }

    /// Whether `json`, read as `ty`, holds a float NaN somewhere.
    fn has_nan(&self, ty: &TypeRef, json: &Value) -> Result<bool, CodegenError> {
        Ok(match (ty, json) {
            (TypeRef::Float | TypeRef::Double, Value::String(s)) => s == "NaN",
            (TypeRef::List { item, .. }, Value::Array(items)) => {
                let mut any = false;
                for v in items {
                    any |= self.has_nan(item, v)?;
                }
                any
            }
            (TypeRef::Map { value, .. }, Value::Object(entries)) => {
                let mut any = false;
                for v in entries.values() {
                    any |= self.has_nan(value, v)?;
                }
                any
            }
            (TypeRef::Named(id), Value::Object(entries)) => match &self.ir.shape(id)?.kind {
                ShapeIrKind::Structure { members, .. } | ShapeIrKind::Union { members, .. } => {
                    let mut any = false;
                    for (key, v) in entries {
                        if let Some(m) = find_member(members, key) {
                            any |= self.has_nan(&m.ty, v)?;
                        }
                    }
                    any
                }
                _ => false,
            },
            _ => false,
        })
    }
}

fn find_member<'m>(members: &'m [MemberIr], name: &str) -> Option<&'m MemberIr> {
    members.iter().find(|m| m.name == name)
}

fn integer<T: TryFrom<i64>>(json: &Value, literal: fn(T) -> Literal) -> Option<TokenStream> {
    let v = T::try_from(json.as_i64()?).ok()?;
    let lit = literal(v);
    Some(quote! { #lit })
}

/// A float literal, or one of the constants for the strings `NaN`, `Infinity`, `-Infinity`.
fn float(
    json: &Value,
    ty: TokenStream,
    finite: impl Fn(&str) -> Option<Literal>,
) -> Option<TokenStream> {
    match json {
        Value::Number(n) => finite(&n.to_string()).map(|lit| quote! { #lit }),
        Value::String(s) => match s.as_str() {
            "NaN" => Some(quote! { #ty::NAN }),
            "Infinity" => Some(quote! { #ty::INFINITY }),
            "-Infinity" => Some(quote! { #ty::NEG_INFINITY }),
            _ => None,
        },
        _ => None,
    }
}
