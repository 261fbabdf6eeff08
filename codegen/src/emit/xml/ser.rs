//! XML serializers for tests (`test_util/ser.rs` of XML-protocol crates, feature `test-util`):
//! every structure and union written the way the deserializers in [`super::de`] read it, so
//! property tests can turn arbitrary outputs and errors into response bodies.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::CodegenError;
use crate::emit::{
    self, ident, module_attrs, named_type, serializer_fn, timestamp_format, unsendable_variant_arm,
};
use crate::ir::{MemberIr, ServiceIr, ShapeIr, ShapeIrKind, TypeRef};
use crate::runtime_type::{BUILD_ERROR, XML_ELEMENT_WRITER};

/// Writes a structure's or union's attributes and child elements into an open element.
pub fn fn_name(shape: &ShapeIr) -> Ident {
    format_ident!("ser_{}", shape.fn_suffix)
}

/// `test_util/ser.rs`: a writer for every structure and union.
pub fn file(ir: &ServiceIr) -> Result<TokenStream, CodegenError> {
    let attrs = module_attrs();
    let mut items = Vec::new();
    for shape in ir.shapes.values() {
        items.push(shape_fn(ir, shape)?);
    }
    Ok(quote! { #attrs #(#items)* })
}

fn shape_fn(ir: &ServiceIr, shape: &ShapeIr) -> Result<TokenStream, CodegenError> {
    let name = fn_name(shape);
    let ty = named_type(ir, &shape.id)?;
    let shape_name = shape.id.name();
    let body = match &shape.kind {
        ShapeIrKind::Structure { members, .. } => {
            // Attributes belong to the start tag, so they go first.
            let mut writes = Vec::new();
            for m in members.iter().filter(|m| m.xml.attribute) {
                writes.push(attribute_write(ir, shape_name, m)?);
            }
            for m in members.iter().filter(|m| !m.xml.attribute) {
                writes.push(member_write(ir, shape_name, m)?);
            }
            writes
        }
        ShapeIrKind::Union {
            members,
            unknown_variant,
        } => {
            let mut arms = Vec::new();
            for m in members {
                let variant = ident(&m.variant_name);
                let wire = &m.wire_name;
                arms.push(if m.ty == TypeRef::Unit {
                    quote! { #ty::#variant => { let _ = element.child(#wire); } }
                } else {
                    let write = value_write(
                        ir,
                        shape_name,
                        m,
                        &m.ty,
                        quote! { value },
                        quote! { element.child(#wire) },
                        0,
                    )?;
                    quote! { #ty::#variant(value) => { #write } }
                });
            }
            let unknown = unsendable_variant_arm(&ty, shape_name, unknown_variant);
            vec![quote! {
                match input {
                    #(#arms)*
                    #unknown
                }
            }]
        }
        ShapeIrKind::Enum { .. } | ShapeIrKind::IntEnum { .. } => return Ok(TokenStream::new()),
    };
    let writer_ty = quote! { #XML_ELEMENT_WRITER<'_> };
    Ok(serializer_fn(&name, "element", &writer_ty, &ty, &body))
}

fn attribute_write(
    ir: &ServiceIr,
    shape_name: &str,
    m: &MemberIr,
) -> Result<TokenStream, CodegenError> {
    let wire = &m.wire_name;
    let write = scalar_write(
        ir,
        shape_name,
        m,
        &m.ty,
        &quote! { value },
        &quote! { element.attribute(#wire) },
    )?
    .ok_or_else(|| {
        CodegenError::new(format!(
            "member {} of {shape_name} has @xmlAttribute but is not a scalar",
            m.name
        ))
    })?;
    // Test writers write what is there, so tests can also send what production would refuse.
    Ok(emit::member_write(m, write, TokenStream::new()))
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
        quote! { element.child(#wire) },
        0,
    )?;
    Ok(emit::member_write(m, write, TokenStream::new()))
}

/// A statement writing a scalar `value` (`&T`) with the `XmlText` that `text` makes; `None`
/// for types that are not scalars.
fn scalar_write(
    ir: &ServiceIr,
    shape_name: &str,
    m: &MemberIr,
    ty: &TypeRef,
    value: &TokenStream,
    text: &TokenStream,
) -> Result<Option<TokenStream>, CodegenError> {
    let member = &m.name;
    Ok(Some(match ty {
        TypeRef::String => quote! { #text.string(#value); },
        TypeRef::BigInteger | TypeRef::BigDecimal => quote! { #text.number_text(#value); },
        TypeRef::Boolean => quote! { #text.boolean(*#value); },
        TypeRef::Byte | TypeRef::Short | TypeRef::Integer => {
            quote! { #text.integer(i64::from(*#value)); }
        }
        TypeRef::Long => quote! { #text.integer(*#value); },
        TypeRef::Float => quote! { #text.float(*#value); },
        TypeRef::Double => quote! { #text.double(*#value); },
        TypeRef::Blob => quote! { #text.blob(#value); },
        TypeRef::Timestamp(format) => {
            let format = timestamp_format(*format);
            quote! {
                #text
                    .timestamp(#value, #format)
                    .map_err(|e| #BUILD_ERROR::serialize(#shape_name, #member, e))?;
            }
        }
        TypeRef::Named(id) => match &ir.shape(id)?.kind {
            ShapeIrKind::Enum { .. } => quote! { #text.string(#value.as_str()); },
            ShapeIrKind::IntEnum { .. } => quote! { #text.integer(i64::from(#value.as_i32())); },
            _ => return Ok(None),
        },
        _ => return Ok(None),
    }))
}

/// Statements that write `value` (`&T`) into the element `writer` makes (an expression of
/// type `ElementWriter`). `depth` 0 is the member itself, where `@xmlFlattened` applies: the
/// items or entries are then repeated elements made by `writer` rather than its children.
fn value_write(
    ir: &ServiceIr,
    shape_name: &str,
    m: &MemberIr,
    ty: &TypeRef,
    value: TokenStream,
    writer: TokenStream,
    depth: usize,
) -> Result<TokenStream, CodegenError> {
    if let Some(write) = scalar_write(ir, shape_name, m, ty, &value, &quote! { #writer.text() })? {
        return Ok(write);
    }
    let flattened = depth == 0 && m.xml.flattened;
    Ok(match ty {
        TypeRef::Unit => quote! { let _ = #writer; },
        TypeRef::Named(id) => {
            let f = fn_name(ir.shape(id)?);
            quote! { crate::test_util::ser::#f(&mut #writer, #value)?; }
        }
        TypeRef::List {
            item,
            sparse,
            xml_item_name,
        } => {
            let list = format_ident!("list{}", depth);
            let element = format_ident!("item{}", depth);
            let (open, item_writer) = if flattened {
                (TokenStream::new(), writer)
            } else {
                let name = super::item_name(xml_item_name);
                (
                    quote! { let mut #list = #writer; },
                    quote! { #list.child(#name) },
                )
            };
            let write = value_write(
                ir,
                shape_name,
                m,
                item,
                quote! { #element },
                item_writer,
                depth + 1,
            )?;
            // XML has no null: a missing element of a sparse list is left out.
            let body = if *sparse {
                quote! {
                    if let ::std::option::Option::Some(#element) = #element {
                        #write
                    }
                }
            } else {
                write
            };
            quote! {
                #open
                for #element in #value {
                    #body
                }
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
            let entry = format_ident!("entry{}", depth);
            let key = format_ident!("key{}", depth);
            let item = format_ident!("value{}", depth);
            let (key_name, value_name) = super::entry_names(xml_key_name, xml_value_name);
            let (open, entry_writer) = if flattened {
                (TokenStream::new(), writer)
            } else {
                (
                    quote! { let mut #map = #writer; },
                    quote! { #map.child("entry") },
                )
            };
            let write = value_write(
                ir,
                shape_name,
                m,
                inner,
                quote! { #item },
                quote! { #entry.child(#value_name) },
                depth + 1,
            )?;
            let body = if *sparse {
                quote! {
                    if let ::std::option::Option::Some(#item) = #item {
                        #write
                    }
                }
            } else {
                write
            };
            quote! {
                #open
                for (#key, #item) in #value {
                    let mut #entry = #entry_writer;
                    #entry.child(#key_name).text().string(#key);
                    #body
                }
            }
        }
        TypeRef::Document => {
            return Err(CodegenError::new(format!(
                "member {} of {shape_name} is a document, which an XML protocol can't carry",
                m.name
            )));
        }
        _ => return Err(CodegenError::new("internal: a scalar has no XML writer")),
    })
}
