//! Conversions between a generated crate's types and the official AWS SDK for Rust crate of
//! the same service, for the differential tests (`tests/differential`). Emitted only when
//! `codegen.json` names an output file (`sdk_convert`); the file lives in the test crate, so
//! neither the generated crate nor its users ever depend on the SDK.
//!
//! What it emits, all from the IR:
//! - ours -> SDK for every structure reachable from an input (SDK builders, `set_<member>`,
//!   `build()` where smithy-rs makes it fallible; enums through `From<&str>`), and per operation
//!   a fluent builder filled from our input;
//! - SDK -> ours for every structure reachable from an output or error (public fields; enums
//!   through `as_str()`), an `ErrorValue` enum over every modeled error, and per operation the
//!   mapping of both error enums onto it;
//! - `correct_*`: fills the required structure members the SDK leaves unset below the top of
//!   an output with the empty value our readers put there, so the suite can show that this is
//!   the only difference;
//! - `strip_*`: unsets required members of inputs, to see who refuses what;
//! - one `impl super::Differential` per operation and `for_each_operation` (the parent module
//!   of the file defines the traits, so one test crate can hold several services).

use std::collections::BTreeSet;

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use smithy_model::ShapeId;

mod responses;
mod walk;

use walk::{correct_fn, has_epoch_timestamps, strip_fn, timestamps_fn};

use super::defaults::zero_expr;
use super::{ident, operation_module, type_path};
use crate::CodegenError;
use crate::ir::{MemberIr, OperationIr, ServiceIr, ShapeIr, ShapeIrKind, TypeRef};
use crate::runtime_type::{ARBITRARY, DATE_TIME, GEN};

/// Paths of the two crates being compared.
struct Crates {
    ours: Ident,
    sdk: Ident,
}

/// The conversions file, for the crate `sdk_crate` (e.g. `aws_sdk_firehose`).
pub fn file(ir: &ServiceIr, sdk_crate: &str) -> Result<TokenStream, CodegenError> {
    let c = Crates {
        ours: ident(&ir.package.replace('-', "_")),
        sdk: ident(sdk_crate),
    };
    let inputs: BTreeSet<ShapeId> = ir
        .operations
        .iter()
        .filter_map(|o| o.input.clone())
        .collect();
    let outputs: BTreeSet<ShapeId> = ir
        .operations
        .iter()
        .filter_map(|o| o.output.clone())
        .collect();
    // Shapes some member targets: the SDK has them in `types`. An operation's input and output
    // are its own types in the SDK (`<Op>Input`, `<Op>Output`) even when the model shares the
    // shape with other operations or members, so those are converted in the operation's impl.
    let mut targets = Vec::new();
    for shape in ir.shapes.values() {
        if let ShapeIrKind::Structure { members, .. } | ShapeIrKind::Union { members, .. } =
            &shape.kind
        {
            for m in members {
                m.ty.named_shapes(&mut targets);
            }
        }
    }
    let nested: BTreeSet<ShapeId> = targets.into_iter().collect();
    let mut items = Vec::new();
    for id in ir.reachable(inputs.iter().cloned())? {
        let shape = ir.shape(&id)?;
        if nested.contains(&id) {
            items.push(to_sdk_fn(ir, &c, shape)?);
        }
        items.push(strip_fn(ir, &c, shape)?);
    }
    let read_roots = outputs.iter().cloned().chain(ir.errors.iter().cloned());
    let read = ir.reachable(read_roots)?;
    for id in &read {
        let shape = ir.shape(id)?;
        if nested.contains(id) || ir.errors.contains(id) {
            items.push(from_sdk_fn(ir, &c, shape)?);
        }
        items.push(timestamps_fn(ir, &c, shape)?);
        items.push(correct_fn(ir, &c, shape)?);
    }
    items.push(error_value_enum(ir, &c)?);
    let mut ops = Vec::new();
    for op in &ir.operations {
        items.push(operation_impl(ir, &c, op)?);
        if ir.protocol.uses_http_bindings() {
            items.push(responses::write_response_impl(ir, &c, op)?);
        }
        let name = &op.name;
        let marker = ident(&op.rust_name);
        let ours = &c.ours;
        let module = operation_module(op, &quote! { ::#ours });
        ops.push(quote! { f.operation::<#module::#marker>(#name); });
    }
    Ok(quote! {
        // Generated code favours one shape per conversion over the tersest form.
        #![allow(
            deprecated,
            clippy::needless_borrow,
            clippy::needless_question_mark,
            clippy::redundant_closure,
            clippy::clone_on_copy
        )]

        /// Calls `f.operation::<Op>(name)` for every operation of the service.
        pub fn for_each_operation(f: &mut impl super::ForEachOperation) {
            #(#ops)*
        }

        #(#items)*
    })
}

/// Path of one of our types.
fn ours_type(ir: &ServiceIr, c: &Crates, id: &ShapeId) -> Result<TokenStream, CodegenError> {
    let ours = &c.ours;
    type_path(ir, id, &quote! { ::#ours })
}

/// Where the SDK keeps the Rust type of a structure that members target or of an error:
/// `types`, errors in `types::error`. (Operation inputs and outputs are `<Op>Input` and
/// `<Op>Output` in the operation's module.)
fn sdk_struct_path(c: &Crates, shape: &ShapeIr) -> Result<TokenStream, CodegenError> {
    let sdk = &c.sdk;
    let name = ident(&shape.rust_name);
    Ok(match &shape.kind {
        ShapeIrKind::Structure { error: Some(_), .. } => quote! { ::#sdk::types::error::#name },
        ShapeIrKind::Structure { .. } | ShapeIrKind::Enum { .. } => quote! { ::#sdk::types::#name },
        _ => return Err(unsupported(shape, "unions and intEnums")),
    })
}

fn unsupported(shape: &ShapeIr, what: &str) -> CodegenError {
    CodegenError::new(format!(
        "sdk_convert: {} uses {what}, which the SDK conversion emitter does not handle",
        shape.id
    ))
}

fn to_sdk_name(shape: &ShapeIr) -> Ident {
    format_ident!("to_sdk_{}", shape.fn_suffix)
}

fn from_sdk_name(shape: &ShapeIr) -> Ident {
    format_ident!("from_sdk_{}", shape.fn_suffix)
}

fn timestamps_name(shape: &ShapeIr) -> Ident {
    format_ident!("epoch_timestamps_{}", shape.fn_suffix)
}

fn strip_name(shape: &ShapeIr) -> Ident {
    format_ident!("strip_{}", shape.fn_suffix)
}

fn correct_name(shape: &ShapeIr) -> Ident {
    format_ident!("correct_{}", shape.fn_suffix)
}

fn members_of(shape: &ShapeIr) -> Result<&[MemberIr], CodegenError> {
    match &shape.kind {
        ShapeIrKind::Structure { members, .. } => {
            if let Some(m) = members.iter().find(|m| m.boxed) {
                return Err(unsupported(
                    shape,
                    &format!("a boxed member ({})", m.rust_name),
                ));
            }
            Ok(members)
        }
        _ => Err(unsupported(shape, "unions and intEnums")),
    }
}

/// Whether a named type is a structure (the SDK keeps required structure members optional).
fn is_structure(ir: &ServiceIr, ty: &TypeRef) -> Result<bool, CodegenError> {
    Ok(match ty {
        TypeRef::Named(id) => matches!(
            ir.shape(id)?.kind,
            ShapeIrKind::Structure { .. } | ShapeIrKind::Union { .. }
        ),
        _ => false,
    })
}

/// Whether the SDK's field is plain (non-`Option`). smithy-rs decides it by the same rule as
/// ours (Smithy's client optionality, structures and unions kept optional); the SDK's inputs,
/// which are never converted from the SDK, are all `Option` there.
fn sdk_field_is_plain(m: &MemberIr) -> bool {
    !m.optional
}

/// Whether converting a value of this type to the SDK can fail (a nested builder can).
fn to_sdk_fallible(ir: &ServiceIr, ty: &TypeRef) -> Result<bool, CodegenError> {
    Ok(match ty {
        TypeRef::Named(_) => is_structure(ir, ty)?,
        TypeRef::List { item, .. } => to_sdk_fallible(ir, item)?,
        TypeRef::Map { value, .. } => to_sdk_fallible(ir, value)?,
        _ => false,
    })
}

/// Whether ours and the SDK use the very same Rust type (strings, numbers, `aws-smithy-types`
/// values, and lists/maps of them).
fn same_type(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named(_) | TypeRef::Unit => false,
        TypeRef::List { item, .. } => same_type(item),
        TypeRef::Map {
            value, enum_key, ..
        } => enum_key.is_none() && same_type(value),
        _ => true,
    }
}

/// An expression converting `expr` (a `&T` of ours) into the SDK's value. Fallible
/// conversions use `?` (the enclosing function returns `Result<_, BuildError>`).
fn to_sdk_value(
    ir: &ServiceIr,
    c: &Crates,
    ty: &TypeRef,
    expr: TokenStream,
    depth: usize,
) -> Result<TokenStream, CodegenError> {
    let sdk = &c.sdk;
    if same_type(ty) {
        return Ok(quote! { ::std::clone::Clone::clone(#expr) });
    }
    let item = format_ident!("item{depth}");
    let key = format_ident!("key{depth}");
    Ok(match ty {
        TypeRef::Named(id) => {
            let shape = ir.shape(id)?;
            match &shape.kind {
                ShapeIrKind::Enum { .. } => {
                    let name = ident(&shape.rust_name);
                    quote! { ::#sdk::types::#name::from((#expr).as_str()) }
                }
                ShapeIrKind::Structure { .. } => {
                    let f = to_sdk_name(shape);
                    quote! { #f(#expr)? }
                }
                _ => return Err(unsupported(shape, "unions and intEnums")),
            }
        }
        TypeRef::List {
            item: inner,
            sparse,
            ..
        } => {
            let elem = if *sparse {
                let v = to_sdk_value(ir, c, inner, quote! { value }, depth + 1)?;
                quote! { match #item { ::std::option::Option::Some(value) => ::std::option::Option::Some(#v), ::std::option::Option::None => ::std::option::Option::None } }
            } else {
                to_sdk_value(ir, c, inner, quote! { #item }, depth + 1)?
            };
            if to_sdk_fallible(ir, inner)? {
                quote! {
                    (#expr).iter().map(|#item| -> ::std::result::Result<_, ::#sdk::error::BuildError> {
                        ::std::result::Result::Ok(#elem)
                    }).collect::<::std::result::Result<::std::vec::Vec<_>, _>>()?
                }
            } else {
                quote! { (#expr).iter().map(|#item| #elem).collect::<::std::vec::Vec<_>>() }
            }
        }
        TypeRef::Map {
            value: inner,
            sparse,
            enum_key,
            ..
        } => {
            // Our keys are strings; the SDK's are its enum when the key shape is one.
            let key_value = match enum_key {
                Some(name) => {
                    let name = ident(name);
                    quote! { ::#sdk::types::#name::from(#key.as_str()) }
                }
                None => quote! { ::std::clone::Clone::clone(#key) },
            };
            let elem = if *sparse {
                let v = to_sdk_value(ir, c, inner, quote! { value }, depth + 1)?;
                quote! { match #item { ::std::option::Option::Some(value) => ::std::option::Option::Some(#v), ::std::option::Option::None => ::std::option::Option::None } }
            } else {
                to_sdk_value(ir, c, inner, quote! { #item }, depth + 1)?
            };
            if to_sdk_fallible(ir, inner)? {
                quote! {
                    (#expr).iter().map(|(#key, #item)| -> ::std::result::Result<_, ::#sdk::error::BuildError> {
                        ::std::result::Result::Ok((#key_value, #elem))
                    }).collect::<::std::result::Result<::std::collections::HashMap<_, _>, _>>()?
                }
            } else {
                quote! { (#expr).iter().map(|(#key, #item)| (#key_value, #elem)).collect::<::std::collections::HashMap<_, _>>() }
            }
        }
        _ => quote! { ::std::clone::Clone::clone(#expr) },
    })
}

/// `to_sdk_<shape>`: our structure into the SDK's, through its builder.
fn to_sdk_fn(ir: &ServiceIr, c: &Crates, shape: &ShapeIr) -> Result<TokenStream, CodegenError> {
    let sdk = &c.sdk;
    let ours = &c.ours;
    if let ShapeIrKind::Enum { .. } = shape.kind {
        return Ok(TokenStream::new());
    }
    let members = members_of(shape)?;
    let name = to_sdk_name(shape);
    let ty = ident(&shape.rust_name);
    let path = sdk_struct_path(c, shape)?;
    let sets = setters(ir, c, members)?;
    // smithy-rs's `build()` is fallible exactly when a field is plain and has no default.
    let fallible = members
        .iter()
        .any(|m| sdk_field_is_plain(m) && m.default.is_none());
    let build = if fallible {
        quote! { builder.build() }
    } else {
        quote! { ::std::result::Result::Ok(builder.build()) }
    };
    let v = if members.is_empty() {
        quote! { _v }
    } else {
        quote! { v }
    };
    Ok(quote! {
        /// Our value as the SDK's; the SDK's builder error when it refuses it.
        pub fn #name(#v: &::#ours::types::#ty) -> ::std::result::Result<#path, ::#sdk::error::BuildError> {
            let builder = #path::builder() #(#sets)*;
            #build
        }
    })
}

/// `.set_<member>(...)` calls for every member.
fn setters(
    ir: &ServiceIr,
    c: &Crates,
    members: &[MemberIr],
) -> Result<Vec<TokenStream>, CodegenError> {
    let mut sets = Vec::new();
    let sdk = &c.sdk;
    for m in members {
        let field = ident(&m.rust_name);
        let setter = format_ident!("set_{}", m.rust_name.trim_start_matches("r#"));
        let value = to_sdk_value(ir, c, &m.ty, quote! { value }, 0)?;
        sets.push(if m.streaming {
            // Ours holds the bytes; the SDK takes a stream of them.
            if m.ty != TypeRef::Blob || !m.optional {
                return Err(CodegenError::new(format!(
                    "sdk_convert: member {} is a streaming {:?}; only optional streaming blobs are handled",
                    m.name, m.ty
                )));
            }
            quote! {
                .#setter(v.#field.as_ref().map(|value| {
                    ::#sdk::primitives::ByteStream::from(::std::clone::Clone::clone(value).into_inner())
                }))
            }
        } else if !m.optional {
            let value = to_sdk_value(ir, c, &m.ty, quote! { &v.#field }, 0)?;
            quote! { .#setter(::std::option::Option::Some(#value)) }
        } else if same_type(&m.ty) {
            quote! { .#setter(::std::clone::Clone::clone(&v.#field)) }
        } else if !to_sdk_fallible(ir, &m.ty)? {
            quote! { .#setter(v.#field.as_ref().map(|value| #value)) }
        } else {
            quote! {
                .#setter(match &v.#field {
                    ::std::option::Option::Some(value) => ::std::option::Option::Some(#value),
                    ::std::option::Option::None => ::std::option::Option::None,
                })
            }
        });
    }
    Ok(sets)
}

/// An expression converting `expr` (a `&T` of the SDK's) into our value.
fn from_sdk_value(
    ir: &ServiceIr,
    c: &Crates,
    ty: &TypeRef,
    expr: TokenStream,
    depth: usize,
) -> Result<TokenStream, CodegenError> {
    if same_type(ty) {
        return Ok(quote! { ::std::clone::Clone::clone(#expr) });
    }
    let item = format_ident!("item{depth}");
    let key = format_ident!("key{depth}");
    let elem = |inner: &TypeRef, sparse: bool| -> Result<TokenStream, CodegenError> {
        if sparse {
            let v = from_sdk_value(ir, c, inner, quote! { value }, depth + 1)?;
            Ok(quote! { #item.as_ref().map(|value| #v) })
        } else {
            from_sdk_value(ir, c, inner, quote! { #item }, depth + 1)
        }
    };
    Ok(match ty {
        TypeRef::Named(id) => {
            let shape = ir.shape(id)?;
            match &shape.kind {
                ShapeIrKind::Enum { .. } => {
                    let path = ours_type(ir, c, id)?;
                    quote! { #path::from((#expr).as_str()) }
                }
                ShapeIrKind::Structure { .. } => {
                    let f = from_sdk_name(shape);
                    quote! { #f(#expr) }
                }
                _ => return Err(unsupported(shape, "unions and intEnums")),
            }
        }
        TypeRef::List {
            item: inner,
            sparse,
            ..
        } => {
            let e = elem(inner, *sparse)?;
            quote! { (#expr).iter().map(|#item| #e).collect::<::std::vec::Vec<_>>() }
        }
        TypeRef::Map {
            value: inner,
            sparse,
            enum_key,
            ..
        } => {
            let e = elem(inner, *sparse)?;
            let key_value = match enum_key {
                Some(_) => quote! { ::std::borrow::ToOwned::to_owned(#key.as_str()) },
                None => quote! { ::std::clone::Clone::clone(#key) },
            };
            quote! { (#expr).iter().map(|(#key, #item)| (#key_value, #e)).collect::<::std::collections::HashMap<_, _>>() }
        }
        _ => quote! { ::std::clone::Clone::clone(#expr) },
    })
}

/// `from_sdk_<shape>`: the SDK's structure (in `types`) into ours.
fn from_sdk_fn(ir: &ServiceIr, c: &Crates, shape: &ShapeIr) -> Result<TokenStream, CodegenError> {
    if let ShapeIrKind::Enum { .. } = shape.kind {
        return Ok(TokenStream::new());
    }
    let name = from_sdk_name(shape);
    let ty = ours_type(ir, c, &shape.id)?;
    let path = sdk_struct_path(c, shape)?;
    let v = if members_of(shape)?.is_empty() {
        quote! { _v }
    } else {
        quote! { v }
    };
    let body = from_sdk_body(ir, c, shape)?;
    Ok(quote! {
        /// The SDK's value as ours.
        pub fn #name(#v: &#path) -> #ty {
            #body
        }
    })
}

/// Statements that turn `v`, the SDK's value of the structure `shape` (any type with its
/// public fields), into ours. Error metadata is left empty: the suite compares it separately.
fn from_sdk_body(ir: &ServiceIr, c: &Crates, shape: &ShapeIr) -> Result<TokenStream, CodegenError> {
    let members = members_of(shape)?;
    let ours = &c.ours;
    // Every field is set below; the zero value is only where the conversion starts.
    let zero = zero_expr(ir, &TypeRef::Named(shape.id.clone()), &quote! { ::#ours })?;
    if members.is_empty() {
        return Ok(zero);
    }
    let mut sets = Vec::new();
    for m in members {
        if m.streaming {
            return Err(unsupported(shape, "a streaming member in a response"));
        }
        let field = ident(&m.rust_name);
        let value = if sdk_field_is_plain(m) {
            from_sdk_value(ir, c, &m.ty, quote! { &v.#field }, 0)?
        } else if same_type(&m.ty) {
            quote! { ::std::clone::Clone::clone(&v.#field) }
        } else {
            let conv = from_sdk_value(ir, c, &m.ty, quote! { value }, 0)?;
            quote! { v.#field.as_ref().map(|value| #conv) }
        };
        sets.push(quote! { out.#field = #value; });
    }
    Ok(quote! {
        let mut out = #zero;
        #(#sets)*
        out
    })
}

/// `ErrorValue`: every modeled error of the service (metadata left empty), or `Unhandled`.
fn error_value_enum(ir: &ServiceIr, c: &Crates) -> Result<TokenStream, CodegenError> {
    let mut variants = Vec::new();
    for id in &ir.errors {
        let name = ident(&ir.shape(id)?.rust_name);
        let path = ours_type(ir, c, id)?;
        variants.push(quote! { #name(#path), });
    }
    let mut arms = Vec::new();
    for id in &ir.errors {
        let shape = ir.shape(id)?;
        let name = ident(&shape.rust_name);
        let path = ours_type(ir, c, id)?;
        if let ShapeIrKind::Structure { error: Some(e), .. } = &shape.kind {
            let code = &e.code;
            let response = responses::error_response(ir, shape)?;
            let normalize = responses::normalize_error(ir, shape)?;
            let value = if normalize.is_empty() {
                quote! { let value = <#path as #ARBITRARY>::arbitrary(g); }
            } else {
                quote! {
                    let mut value = <#path as #ARBITRARY>::arbitrary(g);
                    {
                        let output = &mut value;
                        #(#normalize)*
                    }
                }
            };
            arms.push(quote! {
                #code => {
                    #value
                    let response = {
                        let value = &value;
                        #response
                    };
                    ::std::option::Option::Some((response, ErrorValue::#name(value)))
                }
            });
        }
    }
    Ok(quote! {
        /// A parsed error without its metadata, comparable across the two implementations.
        #[derive(Debug, Clone, PartialEq)]
        pub enum ErrorValue {
            #(#variants)*
            /// Not a modeled error of the operation.
            Unhandled,
        }

        /// An arbitrary value of the modeled error with wire code `code` (header members made
        /// header-safe): the response that carries it (status, bound headers, JSON body of the
        /// other members; no error code), and the value.
        pub fn arbitrary_error(code: &str, g: &mut #GEN) -> ::std::option::Option<(crate::wire::Response, ErrorValue)> {
            match code {
                #(#arms)*
                _ => ::std::option::Option::None,
            }
        }
    })
}

/// `impl super::Differential` for one operation.
fn operation_impl(
    ir: &ServiceIr,
    c: &Crates,
    op: &OperationIr,
) -> Result<TokenStream, CodegenError> {
    let (ours, sdk) = (&c.ours, &c.sdk);
    let marker = ident(&op.rust_name);
    let module = ident(&op.fn_name);
    let method = ident(&op.fn_name);
    let sdk_output = format_ident!("{}Output", op.rust_name);
    let sdk_error = format_ident!("{}Error", op.rust_name);
    let our_error = ident(&op.error_enum);
    let our_module = operation_module(op, &quote! { ::#ours });
    let sets = match &op.input {
        Some(id) => setters(ir, c, members_of(ir.shape(id)?)?)?,
        None => Vec::new(),
    };
    let input_param = if sets.is_empty() {
        quote! { _v }
    } else {
        quote! { v }
    };
    let (from_output, correct_output, output_timestamps) = match &op.output {
        Some(id) => {
            let shape = ir.shape(id)?;
            let correct = correct_name(shape);
            let from = from_sdk_body(ir, c, shape)?;
            let v = if members_of(shape)?.is_empty() {
                quote! { _ }
            } else {
                quote! { v }
            };
            let timestamps =
                if has_epoch_timestamps(ir, &TypeRef::Named(id.clone()), &mut BTreeSet::new())? {
                    let name = timestamps_name(shape);
                    quote! { #name(output, f) }
                } else {
                    quote! { let _ = (output, f); }
                };
            (
                quote! { let #v = output; #from },
                quote! { #correct(output) },
                timestamps,
            )
        }
        None => (
            quote! { let _ = output; },
            quote! { let _ = output; },
            quote! { let _ = (output, f); },
        ),
    };
    let strip = |id: &Option<ShapeId>, value: TokenStream| -> Result<TokenStream, CodegenError> {
        Ok(match id {
            Some(id) => {
                let name = strip_name(ir.shape(id)?);
                quote! { #name(#value, pick) }
            }
            None => quote! { let _ = (#value, pick); },
        })
    };
    let strip_input = strip(&op.input, quote! { input })?;
    let response_input = match responses::response_input(ir, c, op)? {
        sets if sets.is_empty() => quote! { ::std::default::Default::default() },
        sets => quote! {
            let mut input: Self::Input = ::std::default::Default::default();
            #(#sets)*
            input
        },
    };
    let mut codes = Vec::new();
    let mut sdk_arms = Vec::new();
    let mut our_arms = Vec::new();
    for id in &op.errors {
        let shape = ir.shape(id)?;
        if let ShapeIrKind::Structure { error: Some(e), .. } = &shape.kind {
            codes.push(e.code.clone());
        }
        let name = ident(&shape.rust_name);
        let from = from_sdk_name(shape);
        sdk_arms.push(quote! {
            ::#sdk::operation::#module::#sdk_error::#name(inner) => ErrorValue::#name(#from(inner)),
        });
        our_arms.push(quote! {
            #our_module::#our_error::#name(inner) => {
                let mut value = ::std::clone::Clone::clone(inner);
                value.meta = ::std::default::Default::default();
                ErrorValue::#name(value)
            }
        });
    }
    let (sdk_match, our_match) = if op.errors.is_empty() {
        (
            quote! { let _ = error; ErrorValue::Unhandled },
            quote! { let _ = error; ErrorValue::Unhandled },
        )
    } else {
        (
            quote! { match error { #(#sdk_arms)* _ => ErrorValue::Unhandled } },
            quote! { match error { #(#our_arms)* _ => ErrorValue::Unhandled } },
        )
    };
    Ok(quote! {
        impl super::Differential for #our_module::#marker {
            type Client = ::#sdk::Client;
            type SdkOutput = ::#sdk::operation::#module::#sdk_output;
            type SdkError = ::#sdk::operation::#module::#sdk_error;
            type ErrorValue = ErrorValue;
            const UNHANDLED: ErrorValue = ErrorValue::Unhandled;
            const ERROR_CODES: &'static [&'static str] = &[#(#codes),*];

            fn sdk_send(
                client: &::#sdk::Client,
                #input_param: &Self::Input,
            ) -> ::std::result::Result<
                impl ::std::future::Future<
                    Output = ::std::result::Result<Self::SdkOutput, ::#sdk::error::SdkError<Self::SdkError>>,
                >,
                ::#sdk::error::BuildError,
            > {
                ::std::result::Result::Ok(client.#method() #(#sets)* .send())
            }

            fn from_sdk_output(output: &Self::SdkOutput) -> Self::Output {
                #from_output
            }

            fn correct_output(output: &mut Self::Output) {
                #correct_output
            }

            fn strip_input(input: &mut Self::Input, pick: &mut dyn ::std::ops::FnMut() -> bool) {
                #strip_input
            }

            fn response_input() -> Self::Input {
                #response_input
            }

            fn output_epoch_timestamps(output: &mut Self::Output, f: &mut dyn ::std::ops::FnMut(&mut #DATE_TIME)) {
                #output_timestamps
            }

            fn sdk_error_value(error: &Self::SdkError) -> ErrorValue {
                #sdk_match
            }

            fn our_error_value(error: &Self::Error) -> ErrorValue {
                #our_match
            }
        }
    })
}
