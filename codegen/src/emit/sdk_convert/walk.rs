//! The value walkers of the conversions file: `complete_*` (fill unset required members the
//! way smithy-rs's client error correction does) and `epoch_timestamps_*` (visit every
//! epoch-seconds timestamp).

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use smithy_model::ShapeId;

use super::{Crates, complete_name, members_of, strip_name, timestamps_name, unsupported};
use crate::CodegenError;
use crate::emit::{ident, type_path};
use crate::ir::{ServiceIr, ShapeIr, ShapeIrKind, TypeRef};
use crate::runtime_type::{BLOB, DATE_TIME};

/// The value smithy-rs substitutes for a required member a response leaves out (its client
/// "error correction"); for a structure, an empty one completed in turn.
pub(super) fn zero_value(
    ir: &ServiceIr,
    c: &Crates,
    ty: &TypeRef,
) -> Result<TokenStream, CodegenError> {
    let ours = &c.ours;
    Ok(match ty {
        TypeRef::String | TypeRef::BigInteger | TypeRef::BigDecimal => {
            quote! { ::std::string::String::new() }
        }
        TypeRef::Boolean => quote! { false },
        TypeRef::Byte | TypeRef::Short | TypeRef::Integer | TypeRef::Long => quote! { 0 },
        TypeRef::Float | TypeRef::Double => quote! { 0.0 },
        TypeRef::Blob => quote! { #BLOB::new(::std::vec::Vec::new()) },
        TypeRef::Timestamp(_) => quote! { #DATE_TIME::from_secs(0) },
        TypeRef::Document | TypeRef::Unit => quote! { ::std::default::Default::default() },
        TypeRef::List { .. } => quote! { ::std::vec::Vec::new() },
        TypeRef::Map { .. } => quote! { ::std::collections::HashMap::new() },
        TypeRef::Named(id) => {
            let shape = ir.shape(id)?;
            let name = type_path(ir, id, &quote! { ::#ours })?;
            match &shape.kind {
                // The text smithy-rs's error correction puts in a missing required enum.
                ShapeIrKind::Enum { .. } => {
                    quote! { #name::from("no value was set") }
                }
                ShapeIrKind::Structure { .. } => {
                    let f = complete_name(shape);
                    quote! {{
                        let mut value = #name::default();
                        #f(&mut value);
                        value
                    }}
                }
                _ => return Err(unsupported(shape, "unions and intEnums")),
            }
        }
    })
}

/// A call on one structure held in `expr` (a `&mut`), by shape.
type Call<'a> = &'a dyn Fn(&ShapeIr, TokenStream) -> TokenStream;

/// Statements applying `call` to every structure in a `&mut T` held in `expr`, if `T` holds
/// structures.
fn structures_value(
    ir: &ServiceIr,
    ty: &TypeRef,
    expr: TokenStream,
    depth: usize,
    call: Call<'_>,
) -> Result<Option<TokenStream>, CodegenError> {
    let item = format_ident!("item{depth}");
    Ok(match ty {
        TypeRef::Named(id) => {
            let shape = ir.shape(id)?;
            match shape.kind {
                ShapeIrKind::Structure { .. } => Some(call(shape, expr)),
                _ => None,
            }
        }
        TypeRef::List {
            item: inner,
            sparse,
            ..
        }
        | TypeRef::Map {
            value: inner,
            sparse,
            ..
        } => {
            let iter = elements_mut(ty, *sparse, &expr);
            structures_value(ir, inner, quote! { #item }, depth + 1, call)?
                .map(|body| quote! { for #item in #iter { #body } })
        }
        _ => None,
    })
}

/// Statements calling `f` on every epoch-seconds timestamp in a `&mut T` held in `expr`.
fn timestamps_value(
    ir: &ServiceIr,
    ty: &TypeRef,
    expr: TokenStream,
    depth: usize,
) -> Result<Option<TokenStream>, CodegenError> {
    let item = format_ident!("item{depth}");
    Ok(match ty {
        TypeRef::Timestamp(smithy_model::TimestampFormat::EpochSeconds) => {
            Some(quote! { f(#expr); })
        }
        TypeRef::Named(id) => {
            let shape = ir.shape(id)?;
            match shape.kind {
                ShapeIrKind::Structure { .. }
                    if has_epoch_timestamps(ir, ty, &mut BTreeSet::new())? =>
                {
                    let name = timestamps_name(shape);
                    Some(quote! { #name(#expr, f); })
                }
                _ => None,
            }
        }
        TypeRef::List {
            item: inner,
            sparse,
            ..
        }
        | TypeRef::Map {
            value: inner,
            sparse,
            ..
        } => {
            let iter = elements_mut(ty, *sparse, &expr);
            timestamps_value(ir, inner, quote! { #item }, depth + 1)?
                .map(|body| quote! { for #item in #iter { #body } })
        }
        _ => None,
    })
}

/// Whether a value of this type can hold an epoch-seconds timestamp.
pub(super) fn has_epoch_timestamps(
    ir: &ServiceIr,
    ty: &TypeRef,
    seen: &mut BTreeSet<ShapeId>,
) -> Result<bool, CodegenError> {
    Ok(match ty {
        TypeRef::Timestamp(smithy_model::TimestampFormat::EpochSeconds) => true,
        TypeRef::List { item: inner, .. } | TypeRef::Map { value: inner, .. } => {
            has_epoch_timestamps(ir, inner, seen)?
        }
        TypeRef::Named(id) => {
            if !seen.insert(id.clone()) {
                return Ok(false);
            }
            if let ShapeIrKind::Structure { members, .. } = &ir.shape(id)?.kind {
                for m in members {
                    if has_epoch_timestamps(ir, &m.ty, seen)? {
                        return Ok(true);
                    }
                }
            }
            false
        }
        _ => false,
    })
}

/// `epoch_timestamps_<shape>`: calls `f` on every epoch-seconds timestamp the value holds
/// (the suite models how the SDK reads them with it).
pub(super) fn timestamps_fn(
    ir: &ServiceIr,
    c: &Crates,
    shape: &ShapeIr,
) -> Result<TokenStream, CodegenError> {
    if let ShapeIrKind::Enum { .. } = shape.kind {
        return Ok(TokenStream::new());
    }
    if !has_epoch_timestamps(ir, &TypeRef::Named(shape.id.clone()), &mut BTreeSet::new())? {
        return Ok(TokenStream::new());
    }
    let ours = &c.ours;
    let name = timestamps_name(shape);
    let ty = type_path(ir, &shape.id, &quote! { ::#ours })?;
    let mut body = Vec::new();
    for m in members_of(shape)? {
        let field = ident(&m.rust_name);
        if let Some(inner) = timestamps_value(ir, &m.ty, quote! { value }, 0)? {
            body.push(quote! {
                if let ::std::option::Option::Some(value) = v.#field.as_mut() {
                    #inner
                }
            });
        }
    }
    Ok(quote! {
        /// Calls `f` on every epoch-seconds timestamp in `v`.
        pub fn #name(v: &mut #ty, f: &mut dyn ::std::ops::FnMut(&mut #DATE_TIME)) {
            #(#body)*
        }
    })
}

/// `complete_<shape>`: sets every unset required member that is not a structure (recursively),
/// as smithy-rs's client error correction does when it reads a response.
pub(super) fn complete_fn(
    ir: &ServiceIr,
    c: &Crates,
    shape: &ShapeIr,
) -> Result<TokenStream, CodegenError> {
    if let ShapeIrKind::Enum { .. } = shape.kind {
        return Ok(TokenStream::new());
    }
    let ours = &c.ours;
    let members = members_of(shape)?;
    let name = complete_name(shape);
    let ty = type_path(ir, &shape.id, &quote! { ::#ours })?;
    let mut body = Vec::new();
    for m in members {
        let field = ident(&m.rust_name);
        // smithy-rs fills required structures only at the top of an output (see
        // `top_level_structures`); deeper, a missing one stays unset.
        let structure = matches!(&m.ty, TypeRef::Named(id) if matches!(ir.shape(id)?.kind, ShapeIrKind::Structure { .. }));
        if m.required && !structure {
            let zero = zero_value(ir, c, &m.ty)?;
            body.push(quote! {
                if v.#field.is_none() {
                    v.#field = ::std::option::Option::Some(#zero);
                }
            });
        }
        let call = |shape: &ShapeIr, expr: TokenStream| {
            let f = complete_name(shape);
            quote! { #f(#expr); }
        };
        if let Some(inner) = structures_value(ir, &m.ty, quote! { value }, 0, &call)? {
            body.push(quote! {
                if let ::std::option::Option::Some(value) = v.#field.as_mut() {
                    #inner
                }
            });
        }
    }
    let v = if body.is_empty() {
        quote! { _v }
    } else {
        quote! { v }
    };
    Ok(quote! {
        /// Sets the required members `v` leaves unset, as a valid response would have them.
        pub fn #name(#v: &mut #ty) {
            #(#body)*
        }
    })
}

/// `strip_<shape>`: unsets each required member for which `pick()` answers true
/// (recursively), to make the inputs and responses a careless caller or service would.
pub(super) fn strip_fn(
    ir: &ServiceIr,
    c: &Crates,
    shape: &ShapeIr,
) -> Result<TokenStream, CodegenError> {
    if let ShapeIrKind::Enum { .. } = shape.kind {
        return Ok(TokenStream::new());
    }
    let ours = &c.ours;
    let name = strip_name(shape);
    let ty = type_path(ir, &shape.id, &quote! { ::#ours })?;
    let mut body = Vec::new();
    for m in members_of(shape)? {
        let field = ident(&m.rust_name);
        if m.required {
            body.push(quote! {
                if pick() {
                    v.#field = ::std::option::Option::None;
                }
            });
        }
        let call = |shape: &ShapeIr, expr: TokenStream| {
            let f = strip_name(shape);
            quote! { #f(#expr, pick); }
        };
        if let Some(inner) = structures_value(ir, &m.ty, quote! { value }, 0, &call)? {
            body.push(quote! {
                if let ::std::option::Option::Some(value) = v.#field.as_mut() {
                    #inner
                }
            });
        }
    }
    let (v, pick) = if body.is_empty() {
        (quote! { _v }, quote! { _pick })
    } else {
        (quote! { v }, quote! { pick })
    };
    Ok(quote! {
        /// Unsets each required member of `v` for which `pick()` is true, nested ones included.
        pub fn #name(#v: &mut #ty, #pick: &mut dyn ::std::ops::FnMut() -> bool) {
            #(#body)*
        }
    })
}

/// The elements of a list (or map values) held in `expr`, mutably; sparse ones skip `None`.
fn elements_mut(ty: &TypeRef, sparse: bool, expr: &TokenStream) -> TokenStream {
    match (ty, sparse) {
        (TypeRef::List { .. }, false) => quote! { (#expr).iter_mut() },
        (TypeRef::List { .. }, true) => quote! { (#expr).iter_mut().flatten() },
        (_, false) => quote! { (#expr).values_mut() },
        (_, true) => quote! { (#expr).values_mut().flatten() },
    }
}
