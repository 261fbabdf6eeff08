//! JSON serializers: `ser.rs` for every structure and union reachable from an operation input,
//! and `test_util/ser.rs` (feature `test-util`) for the rest, so tests can write outputs and
//! errors too.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::CodegenError;
use crate::emit::{self, ident, module_attrs, named_type, timestamp_format, unset_member};
use crate::ir::{MemberIr, ServiceIr, ShapeIr, ShapeIrKind, TypeRef};
use crate::protocol::Build;
use crate::runtime_type::{BUILD_ERROR, JSON_OBJECT_WRITER};

/// Name of the function that writes a structure's or union's members into an open object.
pub fn fn_name(shape: &ShapeIr) -> proc_macro2::Ident {
    format_ident!("ser_{}", shape.fn_suffix)
}

/// Path of that function: in `ser.rs` when requests carry the shape, else in `test_util`.
pub fn fn_path(ir: &ServiceIr, shape: &ShapeIr) -> TokenStream {
    super::codec_path(ir.serialized.contains(&shape.id), "ser", fn_name(shape))
}

/// The serializers of one [`Build`].
pub fn file(ir: &ServiceIr, build: Build) -> Result<TokenStream, CodegenError> {
    let attrs = module_attrs();
    let mut items = Vec::new();
    for shape in ir.shapes.values() {
        if ir.serialized.contains(&shape.id) == (build == Build::Production) {
            items.push(shape_fn(ir, shape)?);
        }
    }
    Ok(quote! { #attrs #(#items)* })
}

/// The serializer of one structure or union (nothing for enums, which are written inline).
pub fn shape_fn(ir: &ServiceIr, shape: &ShapeIr) -> Result<TokenStream, CodegenError> {
    let name = fn_name(shape);
    let ty = named_type(ir, &shape.id)?;
    let shape_name = shape.id.name();
    match &shape.kind {
        ShapeIrKind::Structure { members, .. } => {
            structure_fn(ir, shape, &name, &members.iter().collect::<Vec<_>>())
        }
        ShapeIrKind::Union {
            members,
            unknown_variant,
        } => {
            let unknown = ident(unknown_variant);
            let unknown_reason = format!(
                "`{unknown_variant}` stands for a member this crate does not know, so it cannot be sent"
            );
            let mut arms = Vec::new();
            for m in members {
                let variant = ident(&m.variant_name);
                let wire = &m.wire_name;
                if m.ty == TypeRef::Unit {
                    arms.push(quote! {
                        #ty::#variant => object.key(#wire).object().finish(),
                    });
                } else {
                    let write = value_write(
                        ir,
                        shape_name,
                        &m.name,
                        &m.ty,
                        quote! { value },
                        quote! { object.key(#wire) },
                        0,
                    )?;
                    arms.push(quote! { #ty::#variant(value) => { #write } });
                }
            }
            Ok(quote! {
                pub(crate) fn #name(
                    object: &mut #JSON_OBJECT_WRITER<'_>,
                    input: &#ty,
                ) -> ::std::result::Result<(), #BUILD_ERROR> {
                    match input {
                        #(#arms)*
                        #ty::#unknown => {
                            return ::std::result::Result::Err(#BUILD_ERROR::Serialize {
                                shape: #shape_name,
                                member: "",
                                reason: ::std::string::String::from(#unknown_reason),
                            });
                        }
                    }
                    ::std::result::Result::Ok(())
                }
            })
        }
        ShapeIrKind::Enum { .. } | ShapeIrKind::IntEnum { .. } => Ok(TokenStream::new()),
    }
}

/// A function `name` that writes `members` of the structure `shape` into an open object: all
/// of them for the shape's own serializer, the body members for a protocol with HTTP bindings.
pub fn structure_fn(
    ir: &ServiceIr,
    shape: &ShapeIr,
    name: &proc_macro2::Ident,
    members: &[&MemberIr],
) -> Result<TokenStream, CodegenError> {
    let ty = named_type(ir, &shape.id)?;
    let shape_name = shape.id.name();
    let mut writes = Vec::new();
    for m in members {
        writes.push(member_write(ir, shape_name, m)?);
    }
    let (input, object) = if members.is_empty() {
        (quote! { _input }, quote! { _object })
    } else {
        (quote! { input }, quote! { object })
    };
    Ok(quote! {
        pub(crate) fn #name(
            #object: &mut #JSON_OBJECT_WRITER<'_>,
            #input: &#ty,
        ) -> ::std::result::Result<(), #BUILD_ERROR> {
            #(#writes)*
            ::std::result::Result::Ok(())
        }
    })
}

fn member_write(
    ir: &ServiceIr,
    shape_name: &str,
    m: &MemberIr,
) -> Result<TokenStream, CodegenError> {
    let wire = &m.wire_name;
    let write = value_write(
        ir,
        shape_name,
        &m.name,
        &m.ty,
        quote! { value },
        quote! { object.key(#wire) },
        0,
    )?;
    let unset = unset_member(m, shape_name, quote! { object.key(#wire) });
    Ok(emit::member_write(m, write, unset))
}

/// Statements that write `value` (an expression of type `&T`) with the `ValueWriter` `writer`.
fn value_write(
    ir: &ServiceIr,
    shape_name: &str,
    member: &str,
    ty: &TypeRef,
    value: TokenStream,
    writer: TokenStream,
    depth: usize,
) -> Result<TokenStream, CodegenError> {
    Ok(match ty {
        TypeRef::String => quote! { #writer.string(#value); },
        TypeRef::BigInteger | TypeRef::BigDecimal => quote! { #writer.number_text(#value); },
        TypeRef::Boolean => quote! { #writer.boolean(*#value); },
        TypeRef::Byte | TypeRef::Short | TypeRef::Integer => {
            quote! { #writer.integer(i64::from(*#value)); }
        }
        TypeRef::Long => quote! { #writer.integer(*#value); },
        TypeRef::Float => quote! { #writer.float(*#value); },
        TypeRef::Double => quote! { #writer.double(*#value); },
        TypeRef::Blob => quote! { #writer.blob(#value); },
        TypeRef::Document => quote! { #writer.document(#value); },
        TypeRef::Unit => quote! { #writer.object().finish(); },
        TypeRef::Timestamp(format) => {
            let format = timestamp_format(*format);
            quote! {
                #writer
                    .timestamp(#value, #format)
                    .map_err(|e| #BUILD_ERROR::serialize(#shape_name, #member, e))?;
            }
        }
        TypeRef::Named(id) => {
            let shape = ir.shape(id)?;
            match &shape.kind {
                ShapeIrKind::Enum { .. } => quote! { #writer.string(#value.as_str()); },
                ShapeIrKind::IntEnum { .. } => {
                    quote! { #writer.integer(i64::from(#value.as_i32())); }
                }
                ShapeIrKind::Structure { .. } | ShapeIrKind::Union { .. } => {
                    let f = fn_path(ir, shape);
                    quote! {
                        let mut nested = #writer.object();
                        #f(&mut nested, #value)?;
                        nested.finish();
                    }
                }
            }
        }
        TypeRef::List { item, sparse, .. } => {
            let array = format_ident!("array{}", depth);
            let element = format_ident!("item{}", depth);
            let write = value_write(
                ir,
                shape_name,
                member,
                item,
                quote! { #element },
                quote! { #array.value() },
                depth + 1,
            )?;
            let body = if *sparse {
                quote! {
                    match #element {
                        ::std::option::Option::Some(#element) => { #write }
                        ::std::option::Option::None => #array.value().null(),
                    }
                }
            } else {
                write
            };
            quote! {
                let mut #array = #writer.array();
                for #element in #value {
                    #body
                }
                #array.finish();
            }
        }
        TypeRef::Map {
            value: inner,
            sparse,
            ..
        } => {
            let object = format_ident!("map{}", depth);
            let key = format_ident!("key{}", depth);
            let entry = format_ident!("entry{}", depth);
            let write = value_write(
                ir,
                shape_name,
                member,
                inner,
                quote! { #entry },
                quote! { #object.key(#key) },
                depth + 1,
            )?;
            let body = if *sparse {
                quote! {
                    match #entry {
                        ::std::option::Option::Some(#entry) => { #write }
                        ::std::option::Option::None => #object.key(#key).null(),
                    }
                }
            } else {
                write
            };
            quote! {
                let mut #object = #writer.object();
                for (#key, #entry) in #value {
                    #body
                }
                #object.finish();
            }
        }
    })
}
