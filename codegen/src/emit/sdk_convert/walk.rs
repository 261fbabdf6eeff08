//! The value walkers of the conversions file: `correct_*` (fill nested required structures
//! the SDK leaves unset, as our readers do), `strip_*` (unset required input members) and `epoch_timestamps_*`
//! (visit every epoch-seconds timestamp).

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use smithy_model::ShapeId;

use super::{Crates, correct_name, members_of, strip_name, timestamps_name};
use crate::CodegenError;
use crate::emit::defaults::zero_expr;
use crate::emit::{ident, type_path};
use crate::ir::{Fill, MemberIr, ServiceIr, ShapeIr, ShapeIrKind, TypeRef};
use crate::runtime_type::DATE_TIME;

/// A call on one structure held in `expr` (a `&mut`), by shape.
type Call<'a> = &'a dyn Fn(&ShapeIr, TokenStream) -> TokenStream;

/// Statements applying `call` to every structure in a `&mut T` held in `expr`, if `T` holds
/// structures.
pub(super) fn structures_value(
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
            body.push(in_field(m, &field, inner));
        }
    }
    Ok(quote! {
        /// Calls `f` on every epoch-seconds timestamp in `v`.
        pub fn #name(v: &mut #ty, f: &mut dyn ::std::ops::FnMut(&mut #DATE_TIME)) {
            #(#body)*
        }
    })
}

/// `correct_<shape>`: fills each required structure member that is unset (at any depth) with
/// the empty value our readers put there when a response leaves it out. The SDK leaves such
/// members unset below the top of an output; after this its value must equal ours.
pub(super) fn correct_fn(
    ir: &ServiceIr,
    c: &Crates,
    shape: &ShapeIr,
) -> Result<TokenStream, CodegenError> {
    if let ShapeIrKind::Enum { .. } = shape.kind {
        return Ok(TokenStream::new());
    }
    let ours = &c.ours;
    let root = quote! { ::#ours };
    let name = correct_name(shape);
    let ty = type_path(ir, &shape.id, &root)?;
    let mut body = Vec::new();
    for m in members_of(shape)? {
        let field = ident(&m.rust_name);
        let call = |shape: &ShapeIr, expr: TokenStream| {
            let f = correct_name(shape);
            quote! { #f(#expr); }
        };
        let inner = structures_value(ir, &m.ty, quote! { value }, 0, &call)?;
        if m.optional && m.fill == Some(Fill::Zero) {
            let zero = zero_expr(ir, &m.ty, &root)?;
            body.push(match inner {
                Some(inner) => quote! {
                    match v.#field.as_mut() {
                        ::std::option::Option::None => v.#field = ::std::option::Option::Some(#zero),
                        ::std::option::Option::Some(value) => { #inner }
                    }
                },
                None => quote! {
                    if v.#field.is_none() {
                        v.#field = ::std::option::Option::Some(#zero);
                    }
                },
            });
        } else if let Some(inner) = inner {
            body.push(in_field(m, &field, inner));
        }
    }
    let v = if body.is_empty() {
        quote! { _v }
    } else {
        quote! { v }
    };
    Ok(quote! {
        /// Fills the required structure members `v` leaves unset (nested ones too) with the
        /// empty value our readers put there.
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
        // Plain members can't be unset: their type makes them impossible to leave out.
        if m.must_be_given() && m.optional {
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
            body.push(in_field(m, &field, inner));
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

/// `inner` run on `value`, a `&mut` to the field's value when it has one.
fn in_field(m: &MemberIr, field: &proc_macro2::Ident, inner: TokenStream) -> TokenStream {
    if m.optional {
        quote! {
            if let ::std::option::Option::Some(value) = v.#field.as_mut() {
                #inner
            }
        }
    } else {
        quote! {
            let value = &mut v.#field;
            #inner
        }
    }
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
