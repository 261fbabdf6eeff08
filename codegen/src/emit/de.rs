//! `de.rs`: JSON deserializers for every structure and union reachable from an operation
//! output or error, plus whole-document entry points for outputs and errors; (feature
//! `test-util`) also for the rest, so tests can read inputs too.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use smithy_model::ShapeId;

use super::{default_expr, ident, module_attrs, reachable, timestamp_format};
use crate::CodegenError;
use crate::ir::{MemberIr, ServiceIr, ShapeIr, ShapeIrKind, TypeRef};

/// Reads one structure or union from an open reader; `None` for JSON `null`.
pub fn fn_name(shape: &ShapeIr) -> proc_macro2::Ident {
    format_ident!("de_{}", shape.fn_suffix)
}

/// Reads a whole response body into a structure.
pub fn document_fn_name(shape: &ShapeIr) -> proc_macro2::Ident {
    format_ident!("de_{}_document", shape.fn_suffix)
}

/// The whole `de.rs` file.
pub fn file(ir: &ServiceIr) -> Result<TokenStream, CodegenError> {
    let attrs = module_attrs();
    let documents: BTreeSet<ShapeId> = ir
        .operations
        .iter()
        .filter_map(|o| o.output.clone())
        .chain(ir.errors.iter().cloned())
        .collect();
    let responses = reachable(ir, documents.iter().cloned())?;
    let mut items = Vec::new();
    for id in reachable(ir, ir.shapes.keys().cloned())? {
        let shape = ir.shape(&id)?;
        let item = shape_fn(ir, shape)?;
        // Shapes only inputs reach are read only by tests (feature `test-util`).
        items.push(if responses.contains(&id) || item.is_empty() {
            item
        } else {
            quote! { #[cfg(feature = "test-util")] #item }
        });
        if documents.contains(&id) {
            items.push(document_fn(shape));
        }
    }
    Ok(quote! { #attrs #(#items)* })
}

fn document_fn(shape: &ShapeIr) -> TokenStream {
    let name = document_fn_name(shape);
    let inner = fn_name(shape);
    let ty = ident(&shape.rust_name);
    quote! {
        pub(crate) fn #name(body: &[u8]) -> ::std::result::Result<crate::types::#ty, ::awsjson_rt::json::de::DeError> {
            if ::awsjson_rt::json::de::is_empty_body(body) {
                return ::std::result::Result::Ok(::std::default::Default::default());
            }
            let mut reader = ::awsjson_rt::json::de::JsonReader::new(body);
            let value = #inner(&mut reader)?.unwrap_or_default();
            reader.finish()?;
            ::std::result::Result::Ok(value)
        }
    }
}

/// The deserializer of one structure or union (nothing for enums, which are read inline).
pub fn shape_fn(ir: &ServiceIr, shape: &ShapeIr) -> Result<TokenStream, CodegenError> {
    let name = fn_name(shape);
    let ty = ident(&shape.rust_name);
    let signature = quote! {
        pub(crate) fn #name(
            reader: &mut ::awsjson_rt::json::de::JsonReader<'_>,
        ) -> ::std::result::Result<::std::option::Option<crate::types::#ty>, ::awsjson_rt::json::de::DeError>
    };
    match &shape.kind {
        ShapeIrKind::Structure { members, .. } => {
            let mut arms = Vec::new();
            for m in members {
                arms.push(member_arm(ir, m)?);
            }
            if members.is_empty() {
                return Ok(quote! {
                    #signature {
                        if !reader.begin_object()? {
                            return ::std::result::Result::Ok(::std::option::Option::None);
                        }
                        while reader.next_key()?.is_some() {
                            reader.skip_value()?;
                        }
                        ::std::result::Result::Ok(::std::option::Option::Some(crate::types::#ty::default()))
                    }
                });
            }
            let mut defaults = Vec::new();
            for m in members {
                if let Some(expr) = m
                    .default
                    .as_ref()
                    .map(|d| default_expr(ir, &m.ty, d))
                    .transpose()?
                    .flatten()
                {
                    let field = ident(&m.rust_name);
                    defaults.push(quote! {
                        if output.#field.is_none() {
                            output.#field = ::std::option::Option::Some(#expr);
                        }
                    });
                }
            }
            Ok(quote! {
                #signature {
                    if !reader.begin_object()? {
                        return ::std::result::Result::Ok(::std::option::Option::None);
                    }
                    let mut output = crate::types::#ty::default();
                    while let ::std::option::Option::Some(key) = reader.next_key()? {
                        match key.as_ref() {
                            #(#arms)*
                            _ => reader.skip_value()?,
                        }
                    }
                    #(#defaults)*
                    ::std::result::Result::Ok(::std::option::Option::Some(output))
                }
            })
        }
        ShapeIrKind::Union {
            members,
            unknown_variant,
        } => {
            let unknown = ident(unknown_variant);
            let mut arms = Vec::new();
            for m in members {
                let variant = ident(&m.variant_name);
                let wire = &m.wire_name;
                if m.ty == TypeRef::Unit {
                    arms.push(quote! {
                        #wire => {
                            reader.skip_value()?;
                            ::std::option::Option::Some(crate::types::#ty::#variant)
                        }
                    });
                } else {
                    let read = member_read(ir, m)?;
                    arms.push(quote! { #wire => #read.map(crate::types::#ty::#variant), });
                }
            }
            let message = format!("more than one member of union {} is set", shape.id.name());
            Ok(quote! {
                #signature {
                    if !reader.begin_object()? {
                        return ::std::result::Result::Ok(::std::option::Option::None);
                    }
                    let mut output = ::std::option::Option::None;
                    while let ::std::option::Option::Some(key) = reader.next_key()? {
                        let variant = match key.as_ref() {
                            #(#arms)*
                            "__type" => {
                                reader.skip_value()?;
                                ::std::option::Option::None
                            }
                            _ => {
                                reader.skip_value()?;
                                ::std::option::Option::Some(crate::types::#ty::#unknown)
                            }
                        };
                        if variant.is_some() {
                            if output.is_some() {
                                return ::std::result::Result::Err(reader.error(#message));
                            }
                            output = variant;
                        }
                    }
                    ::std::result::Result::Ok(output)
                }
            })
        }
        ShapeIrKind::Enum { .. } | ShapeIrKind::IntEnum { .. } => Ok(TokenStream::new()),
    }
}

fn member_arm(ir: &ServiceIr, m: &MemberIr) -> Result<TokenStream, CodegenError> {
    let field = ident(&m.rust_name);
    let wire = &m.wire_name;
    let read = member_read(ir, m)?;
    Ok(quote! { #wire => output.#field = #read, })
}

/// An expression of type `Option<T>` for a member, boxing where the IR says so.
fn member_read(ir: &ServiceIr, m: &MemberIr) -> Result<TokenStream, CodegenError> {
    let read = value_read(ir, &m.ty, 0)?;
    Ok(if m.boxed {
        quote! { #read.map(::std::boxed::Box::new) }
    } else {
        read
    })
}

/// An expression of type `Option<T>` that reads one value of `ty` from `reader`.
fn value_read(ir: &ServiceIr, ty: &TypeRef, depth: usize) -> Result<TokenStream, CodegenError> {
    Ok(match ty {
        TypeRef::String => quote! { reader.string()? },
        TypeRef::BigInteger | TypeRef::BigDecimal => quote! { reader.number_text()? },
        TypeRef::Boolean => quote! { reader.boolean()? },
        TypeRef::Byte => quote! { reader.i8()? },
        TypeRef::Short => quote! { reader.i16()? },
        TypeRef::Integer => quote! { reader.i32()? },
        TypeRef::Long => quote! { reader.i64()? },
        TypeRef::Float => quote! { reader.f32()? },
        TypeRef::Double => quote! { reader.f64()? },
        TypeRef::Blob => quote! { reader.blob()? },
        TypeRef::Document => quote! { reader.document()? },
        TypeRef::Unit => quote! { { reader.skip_value()?; ::std::option::Option::Some(()) } },
        TypeRef::Timestamp(format) => {
            let format = timestamp_format(*format);
            quote! { reader.timestamp(#format)? }
        }
        TypeRef::Named(id) => {
            let shape = ir.shape(id)?;
            let ty = ident(&shape.rust_name);
            match &shape.kind {
                ShapeIrKind::Enum { .. } => {
                    quote! { reader.string()?.map(crate::types::#ty::from) }
                }
                ShapeIrKind::IntEnum { .. } => {
                    quote! { reader.i32()?.map(crate::types::#ty::from) }
                }
                ShapeIrKind::Structure { .. } | ShapeIrKind::Union { .. } => {
                    let f = fn_name(shape);
                    quote! { crate::de::#f(reader)? }
                }
            }
        }
        TypeRef::List { item, sparse } => {
            let items = format_ident!("items{}", depth);
            let read = value_read(ir, item, depth + 1)?;
            let push = if *sparse {
                quote! { #items.push(#read); }
            } else {
                let element = format_ident!("item{}", depth);
                quote! {
                    if let ::std::option::Option::Some(#element) = #read {
                        #items.push(#element);
                    }
                }
            };
            quote! {
                if reader.begin_array()? {
                    let mut #items = ::std::vec::Vec::new();
                    while reader.next_element()? {
                        #push
                    }
                    ::std::option::Option::Some(#items)
                } else {
                    ::std::option::Option::None
                }
            }
        }
        TypeRef::Map { value, sparse } => {
            let map = format_ident!("map{}", depth);
            let key = format_ident!("key{}", depth);
            let read = value_read(ir, value, depth + 1)?;
            let insert = if *sparse {
                quote! { #map.insert(#key.into_owned(), #read); }
            } else {
                let entry = format_ident!("entry{}", depth);
                quote! {
                    if let ::std::option::Option::Some(#entry) = #read {
                        #map.insert(#key.into_owned(), #entry);
                    }
                }
            };
            quote! {
                if reader.begin_object()? {
                    let mut #map = ::std::collections::HashMap::new();
                    while let ::std::option::Option::Some(#key) = reader.next_key()? {
                        #insert
                    }
                    ::std::option::Option::Some(#map)
                } else {
                    ::std::option::Option::None
                }
            }
        }
    })
}
