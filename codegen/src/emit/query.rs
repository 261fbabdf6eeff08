//! awsQuery form serializers (`ser.rs` of awsQuery crates): one function per structure or union
//! that requests carry, writing its members through the runtime's `QueryStructure`
//! (`Name=value`, `Name.member.N=value`, `Name.entry.N.key=...`, dotted for nesting).
//!
//! Keys come from the IR: a member's `wire_name` (its `@xmlName` or name), a list's
//! `xml_item_name` (`member` by default), a map's `xml_key_name` / `xml_value_name` (`key`,
//! `value`); `@xmlFlattened` on a member drops the `member` / `entry` step. Other XML traits
//! (namespaces, attributes) don't apply to forms.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::CodegenError;
use crate::emit::{
    self, ident, module_attrs, named_type, serializer_fn, timestamp_format, unsendable_variant_arm,
    unset_member,
};
use crate::ir::{MemberIr, ServiceIr, ShapeIr, ShapeIrKind, TypeRef};
use crate::runtime_type::{AWS_QUERY_STRUCTURE, BUILD_ERROR};

/// Name of the function that writes a structure's or union's members.
pub fn fn_name(shape: &ShapeIr) -> proc_macro2::Ident {
    format_ident!("ser_{}", shape.fn_suffix)
}

/// `ser.rs`: the serializers of every structure and union requests carry.
pub fn file(ir: &ServiceIr) -> Result<TokenStream, CodegenError> {
    let attrs = module_attrs();
    let mut items = Vec::new();
    for shape in ir.shapes.values() {
        if ir.serialized.contains(&shape.id) {
            items.push(shape_fn(ir, shape)?);
        }
    }
    Ok(quote! { #attrs #(#items)* })
}

/// The serializer of one structure or union (nothing for enums, which are written inline).
fn shape_fn(ir: &ServiceIr, shape: &ShapeIr) -> Result<TokenStream, CodegenError> {
    let name = fn_name(shape);
    let ty = named_type(ir, &shape.id)?;
    let shape_name = shape.id.name();
    let body = match &shape.kind {
        ShapeIrKind::Structure { members, .. } => {
            let mut writes = Vec::new();
            for m in members {
                writes.push(member_write(ir, shape_name, m)?);
            }
            writes
        }
        ShapeIrKind::Union {
            members,
            unknown_variant,
        } => vec![union_write(ir, shape_name, &ty, members, unknown_variant)?],
        ShapeIrKind::Enum { .. } | ShapeIrKind::IntEnum { .. } => return Ok(TokenStream::new()),
    };
    let writer_ty = quote! { #AWS_QUERY_STRUCTURE<'_> };
    Ok(serializer_fn(&name, "writer", &writer_ty, &ty, &body))
}

fn union_write(
    ir: &ServiceIr,
    shape_name: &str,
    ty: &TokenStream,
    members: &[MemberIr],
    unknown_variant: &str,
) -> Result<TokenStream, CodegenError> {
    let mut arms = Vec::new();
    for m in members {
        let variant = ident(&m.variant_name);
        let wire = &m.wire_name;
        let write = value_write(
            ir,
            shape_name,
            m,
            &m.ty,
            quote! { value },
            quote! { writer.member(#wire) },
            0,
        )?;
        arms.push(if m.ty == TypeRef::Unit {
            quote! { #ty::#variant => { #write } }
        } else {
            quote! { #ty::#variant(value) => { #write } }
        });
    }
    let unknown = unsendable_variant_arm(ty, shape_name, unknown_variant);
    Ok(quote! {
        match input {
            #(#arms)*
            #unknown
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
        m,
        &m.ty,
        quote! { value },
        quote! { writer.member(#wire) },
        0,
    )?;
    let unset = unset_member(m, shape_name, quote! { writer.member(#wire) });
    Ok(emit::member_write(m, write, unset))
}

/// Statements that write `value` (an expression of type `&T`) with the `QueryValue` that
/// `writer` makes. `depth` 0 is the member itself, where `@xmlFlattened` applies.
fn value_write(
    ir: &ServiceIr,
    shape_name: &str,
    m: &MemberIr,
    ty: &TypeRef,
    value: TokenStream,
    writer: TokenStream,
    depth: usize,
) -> Result<TokenStream, CodegenError> {
    let member = &m.name;
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
        // A member that only says "this one": its key with no value.
        TypeRef::Unit => quote! { #writer.string(""); },
        TypeRef::Document => {
            return Err(CodegenError::new(format!(
                "member {member} of {shape_name} is a document, which awsQuery can't carry"
            )));
        }
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
                    let f = fn_name(shape);
                    quote! { crate::ser::#f(&mut #writer.structure(), #value)?; }
                }
            }
        }
        TypeRef::List {
            item,
            sparse,
            xml_item_name,
        } => {
            let list = format_ident!("list{}", depth);
            let element = format_ident!("item{}", depth);
            let start = if depth == 0 && m.xml.flattened {
                quote! { #writer.flat_list() }
            } else {
                let name = super::xml::item_name(xml_item_name);
                quote! { #writer.list(#name) }
            };
            let write = value_write(
                ir,
                shape_name,
                m,
                item,
                quote! { #element },
                quote! { #list.element() },
                depth + 1,
            )?;
            // A missing element of a sparse list keeps its index, so the others keep theirs.
            let body = if *sparse {
                quote! {
                    match #element {
                        ::std::option::Option::Some(#element) => { #write }
                        ::std::option::Option::None => { let _ = #list.element(); }
                    }
                }
            } else {
                write
            };
            quote! {
                let mut #list = #start;
                for #element in #value {
                    #body
                }
                #list.finish();
            }
        }
        TypeRef::Map {
            value: inner,
            sparse,
            xml_key_name,
            xml_value_name,
            ..
        } => {
            let map = format_ident!("map{}", depth);
            let key = format_ident!("key{}", depth);
            let entry = format_ident!("entry{}", depth);
            let (key_name, value_name) = super::xml::entry_names(xml_key_name, xml_value_name);
            let start = if depth == 0 && m.xml.flattened {
                quote! { #writer.flat_map(#key_name, #value_name) }
            } else {
                quote! { #writer.map(#key_name, #value_name) }
            };
            let write = value_write(
                ir,
                shape_name,
                m,
                inner,
                quote! { #entry },
                quote! { #map.entry(#key) },
                depth + 1,
            )?;
            // A missing value of a sparse map: its key alone.
            let body = if *sparse {
                quote! {
                    match #entry {
                        ::std::option::Option::Some(#entry) => { #write }
                        ::std::option::Option::None => { let _ = #map.entry(#key); }
                    }
                }
            } else {
                write
            };
            quote! {
                let mut #map = #start;
                for (#key, #entry) in #value {
                    #body
                }
                #map.finish();
            }
        }
    })
}
