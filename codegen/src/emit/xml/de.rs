//! XML deserializers: `de.rs` for every structure and union that responses carry, and
//! `test_util/de.rs` (feature `test-util`) for the rest, so tests can read inputs too.
//!
//! Each reader takes the `XmlReader` just after an element's start tag (and that tag, for its
//! attributes) and reads up to and including its end tag:
//!
//! - structure members are child elements named by `wire_name` (`@xmlName` or the member
//!   name), or attributes (`@xmlAttribute`); unknown children are skipped; a member given twice
//!   is an error, except `@xmlFlattened` lists and maps, whose elements repeat;
//! - lists are wrapped (`<Name><member>..</member></Name>`, the item renamable) or flattened
//!   (`<Name>..</Name>` repeated); maps are wrapped in `<entry>` elements with `<key>` and
//!   `<value>` (renamable) or flattened (each `<Name>` an entry);
//! - a union is an element with one member element; an unknown one is the unknown variant.
//!
//! Namespaces are not resolved: elements are matched by local name, as the services send them.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::CodegenError;
use crate::emit::{default_expr, ident, module_attrs, named_type, timestamp_format};
use crate::ir::{MemberIr, ServiceIr, ShapeIr, ShapeIrKind, TypeRef};
use crate::protocol::Build;
use crate::runtime_type::{
    JSON_DE_ERROR, JSON_MARK_SEEN, XML_READ_LIST, XML_READ_MAP, XML_READ_MAP_ENTRY, XML_READER,
    XML_START_ELEMENT,
};

/// Reads one structure or union from its open element; `None` for a union without a member.
pub fn fn_name(shape: &ShapeIr) -> Ident {
    format_ident!("de_{}", shape.fn_suffix)
}

/// Path of [`fn_name`]: in `de.rs` when responses carry the shape, else in `test_util`.
pub fn fn_path(ir: &ServiceIr, shape: &ShapeIr) -> TokenStream {
    crate::emit::json::codec_path(ir.deserialized.contains(&shape.id), "de", fn_name(shape))
}

/// The deserializers of one [`Build`].
pub fn file(ir: &ServiceIr, build: Build) -> Result<TokenStream, CodegenError> {
    let attrs = module_attrs();
    let mut items = Vec::new();
    for shape in ir.shapes.values() {
        if ir.deserialized.contains(&shape.id) == (build == Build::Production) {
            items.extend(shape_items(ir, shape)?);
        }
    }
    Ok(quote! { #attrs #(#items)* })
}

fn shape_items(ir: &ServiceIr, shape: &ShapeIr) -> Result<Vec<TokenStream>, CodegenError> {
    match &shape.kind {
        ShapeIrKind::Structure { members, .. } => structure_items(ir, shape, members),
        ShapeIrKind::Union {
            members,
            unknown_variant,
        } => union_items(ir, shape, members, unknown_variant),
        ShapeIrKind::Enum { .. } | ShapeIrKind::IntEnum { .. } => Ok(Vec::new()),
    }
}

/// `fn(reader, start) -> Result<Option<T>, DeError>`: the signature every shape reader shares.
fn reader_signature(
    ir: &ServiceIr,
    shape: &ShapeIr,
    start: &Ident,
) -> Result<TokenStream, CodegenError> {
    let name = fn_name(shape);
    let ty = named_type(ir, &shape.id)?;
    Ok(quote! {
        pub(crate) fn #name(
            reader: &mut #XML_READER<'_>,
            #start: &#XML_START_ELEMENT<'_>,
        ) -> ::std::result::Result<::std::option::Option<#ty>, #JSON_DE_ERROR>
    })
}

fn member_fn_name(shape: &ShapeIr) -> Ident {
    format_ident!("de_{}_member", shape.fn_suffix)
}

/// A structure's reader (attributes, then child elements) and its per-member function.
fn structure_items(
    ir: &ServiceIr,
    shape: &ShapeIr,
    members: &[MemberIr],
) -> Result<Vec<TokenStream>, CodegenError> {
    let ty = named_type(ir, &shape.id)?;
    let shape_name = shape.id.name();
    let mut attributes = Vec::new();
    let mut arms = Vec::new();
    let mut arms_mark = false;
    for (index, m) in members.iter().enumerate() {
        if m.xml.attribute {
            attributes.push(attribute_read(ir, shape_name, m)?);
        } else {
            arms_mark |= !repeats(m);
            arms.push(member_arm(ir, index, m)?);
        }
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
    let start = if attributes.is_empty() {
        format_ident!("_start")
    } else {
        format_ident!("start")
    };
    let signature = reader_signature(ir, shape, &start)?;
    let mutable = if attributes.is_empty() && arms.is_empty() && defaults.is_empty() {
        TokenStream::new()
    } else {
        quote! { mut }
    };
    if arms.is_empty() {
        return Ok(vec![quote! {
            #signature {
                let #mutable output = #ty::default();
                #(#attributes)*
                while reader.next_child()?.is_some() {
                    reader.skip()?;
                }
                #(#defaults)*
                ::std::result::Result::Ok(::std::option::Option::Some(output))
            }
        }]);
    }
    let member_fn = member_fn_name(shape);
    // One bit per member: an element given twice is an error, not an overwrite.
    let words = proc_macro2::Literal::usize_unsuffixed(members.len().div_ceil(64));
    // Flattened collections repeat, so a structure of only those never marks a member.
    let seen = if arms_mark {
        format_ident!("seen")
    } else {
        format_ident!("_seen")
    };
    Ok(vec![
        quote! {
            #signature {
                let mut output = #ty::default();
                #(#attributes)*
                let mut seen = [0u64; #words];
                while let ::std::option::Option::Some(child) = reader.next_child()? {
                    #member_fn(reader, &child, &mut output, &mut seen)
                        .map_err(|e| e.in_member(child.local()))?;
                }
                #(#defaults)*
                ::std::result::Result::Ok(::std::option::Option::Some(output))
            }
        },
        quote! {
            fn #member_fn<'a>(
                reader: &mut #XML_READER<'a>,
                child: &#XML_START_ELEMENT<'a>,
                output: &mut #ty,
                #seen: &mut [u64; #words],
            ) -> ::std::result::Result<(), #JSON_DE_ERROR> {
                match child.local() {
                    #(#arms)*
                    _ => reader.skip()?,
                }
                ::std::result::Result::Ok(())
            }
        },
    ])
}

/// Reads an `@xmlAttribute` member from the start tag.
fn attribute_read(
    ir: &ServiceIr,
    shape_name: &str,
    m: &MemberIr,
) -> Result<TokenStream, CodegenError> {
    let field = ident(&m.rust_name);
    let wire = &m.wire_name;
    let read = match &m.ty {
        TypeRef::String => {
            quote! { ::std::result::Result::<_, #JSON_DE_ERROR>::Ok(value.as_str().to_owned()) }
        }
        TypeRef::BigInteger | TypeRef::BigDecimal => quote! { value.number_text() },
        TypeRef::Boolean => quote! { value.boolean() },
        TypeRef::Byte => quote! { value.i8() },
        TypeRef::Short => quote! { value.i16() },
        TypeRef::Integer => quote! { value.i32() },
        TypeRef::Long => quote! { value.i64() },
        TypeRef::Float => quote! { value.f32() },
        TypeRef::Double => quote! { value.f64() },
        TypeRef::Blob => quote! { value.blob() },
        TypeRef::Timestamp(format) => {
            let format = timestamp_format(*format);
            quote! { value.timestamp(#format) }
        }
        TypeRef::Named(id) if matches!(ir.shape(id)?.kind, ShapeIrKind::Enum { .. }) => {
            let ty = named_type(ir, id)?;
            quote! { ::std::result::Result::<_, #JSON_DE_ERROR>::Ok(#ty::from(value.as_str())) }
        }
        TypeRef::Named(id) if matches!(ir.shape(id)?.kind, ShapeIrKind::IntEnum { .. }) => {
            let ty = named_type(ir, id)?;
            quote! { value.i32().map(#ty::from) }
        }
        _ => {
            return Err(CodegenError::new(format!(
                "member {} of {shape_name} has @xmlAttribute but is not a scalar",
                m.name
            )));
        }
    };
    let read = if m.boxed {
        quote! { #read.map(::std::boxed::Box::new) }
    } else {
        read
    };
    Ok(quote! {
        if let ::std::option::Option::Some(value) = start.attribute(#wire) {
            output.#field = ::std::option::Option::Some(#read.map_err(|e| e.in_member(#wire))?);
        }
    })
}

/// Whether the member's element may repeat: an `@xmlFlattened` list or map.
fn repeats(m: &MemberIr) -> bool {
    m.xml.flattened && matches!(m.ty, TypeRef::List { .. } | TypeRef::Map { .. })
}

/// The arm of a structure's member function that reads member `m` from element `child`.
fn member_arm(ir: &ServiceIr, index: usize, m: &MemberIr) -> Result<TokenStream, CodegenError> {
    let field = ident(&m.rust_name);
    let wire = &m.wire_name;
    let child = format_ident!("child");
    if repeats(m) {
        match &m.ty {
            TypeRef::List { item, sparse, .. } => {
                let read = value_read(ir, item, &child, 0)?;
                let push = if *sparse {
                    quote! { items.push(item); }
                } else {
                    quote! {
                        if let ::std::option::Option::Some(item) = item {
                            items.push(item);
                        }
                    }
                };
                return Ok(quote! {
                    #wire => {
                        let items = output.#field.get_or_insert_with(::std::vec::Vec::new);
                        let index = items.len();
                        let item = #read.map_err(|e| e.in_index(index))?;
                        #push
                    }
                });
            }
            TypeRef::Map {
                value,
                sparse,
                xml_key_name,
                xml_value_name,
            } => {
                let (key_name, value_name) = super::entry_names(xml_key_name, xml_value_name);
                let read = entry_value_read(ir, value, *sparse)?;
                return Ok(quote! {
                    #wire => #XML_READ_MAP_ENTRY(
                        reader,
                        child,
                        #key_name,
                        #value_name,
                        output.#field.get_or_insert_with(::std::collections::HashMap::new),
                        #read,
                    )?,
                });
            }
            // `@xmlFlattened` only changes lists and maps.
            _ => {}
        }
    }
    let read = value_read(ir, &m.ty, &child, 0)?;
    let read = if m.boxed {
        quote! { #read?.map(::std::boxed::Box::new) }
    } else {
        quote! { #read? }
    };
    let index = proc_macro2::Literal::usize_unsuffixed(index);
    Ok(quote! {
        #wire => {
            #JSON_MARK_SEEN(seen, #index, #wire, child.offset())?;
            output.#field = #read;
        }
    })
}

/// A union's reader and its per-member function: at most one member element, an unknown one
/// kept as the unknown variant.
fn union_items(
    ir: &ServiceIr,
    shape: &ShapeIr,
    members: &[MemberIr],
    unknown_variant: &str,
) -> Result<Vec<TokenStream>, CodegenError> {
    let ty = named_type(ir, &shape.id)?;
    let signature = reader_signature(ir, shape, &format_ident!("_start"))?;
    let member_fn = member_fn_name(shape);
    let unknown = ident(unknown_variant);
    let child = format_ident!("child");
    let mut arms = Vec::new();
    for m in members {
        let variant = ident(&m.variant_name);
        let wire = &m.wire_name;
        if m.ty == TypeRef::Unit {
            arms.push(quote! {
                #wire => {
                    reader.skip()?;
                    ::std::option::Option::Some(#ty::#variant)
                }
            });
        } else {
            let read = value_read(ir, &m.ty, &child, 0)?;
            let read = if m.boxed {
                quote! { #read?.map(|v| #ty::#variant(::std::boxed::Box::new(v))) }
            } else {
                quote! { #read?.map(#ty::#variant) }
            };
            arms.push(quote! { #wire => #read, });
        }
    }
    let message = format!("more than one member of union {} is set", shape.id.name());
    Ok(vec![
        quote! {
            #signature {
                let mut output = ::std::option::Option::None;
                while let ::std::option::Option::Some(child) = reader.next_child()? {
                    let variant = #member_fn(reader, &child).map_err(|e| e.in_member(child.local()))?;
                    if variant.is_some() {
                        if output.is_some() {
                            return ::std::result::Result::Err(
                                reader.error(child.offset(), #message).in_member(child.local()),
                            );
                        }
                        output = variant;
                    }
                }
                ::std::result::Result::Ok(output)
            }
        },
        quote! {
            fn #member_fn(
                reader: &mut #XML_READER<'_>,
                child: &#XML_START_ELEMENT<'_>,
            ) -> ::std::result::Result<::std::option::Option<#ty>, #JSON_DE_ERROR> {
                ::std::result::Result::Ok(match child.local() {
                    #(#arms)*
                    _ => {
                        reader.skip()?;
                        ::std::option::Option::Some(#ty::#unknown)
                    }
                })
            }
        },
    ])
}

/// Whether reading a value of `ty` needs its start tag (structures and unions read their
/// attributes from it).
fn needs_start(ir: &ServiceIr, ty: &TypeRef) -> Result<bool, CodegenError> {
    Ok(match ty {
        TypeRef::Named(id) => matches!(
            ir.shape(id)?.kind,
            ShapeIrKind::Structure { .. } | ShapeIrKind::Union { .. }
        ),
        _ => false,
    })
}

/// The closure `|reader, item| -> Result<Option<V>, DeError>` that reads a map value: for a
/// sparse map `V` is `Option<T>`, so a union without a member stays as `None`.
fn entry_value_read(
    ir: &ServiceIr,
    value: &TypeRef,
    sparse: bool,
) -> Result<TokenStream, CodegenError> {
    item_closure(ir, value, sparse, 0)
}

/// `|reader, item| ...`: reads one list item or map value from its element `item`.
fn item_closure(
    ir: &ServiceIr,
    ty: &TypeRef,
    sparse: bool,
    depth: usize,
) -> Result<TokenStream, CodegenError> {
    let item = format_ident!("item{}", depth);
    let read = value_read(ir, ty, &item, depth + 1)?;
    let param = if needs_start(ir, ty)? {
        quote! { #item }
    } else {
        let unused = format_ident!("_item{}", depth);
        quote! { #unused }
    };
    let read = if sparse {
        quote! { #read.map(::std::option::Option::Some) }
    } else {
        read
    };
    Ok(quote! { |reader, #param| #read })
}

/// An expression of type `Result<Option<T>, DeError>` that reads a value of `ty` from the open
/// element whose start tag is `start`, up to its end tag.
fn value_read(
    ir: &ServiceIr,
    ty: &TypeRef,
    start: &Ident,
    depth: usize,
) -> Result<TokenStream, CodegenError> {
    let some = quote! { .map(::std::option::Option::Some) };
    Ok(match ty {
        TypeRef::String => quote! { reader.string()#some },
        TypeRef::BigInteger | TypeRef::BigDecimal => quote! { reader.number_text()#some },
        TypeRef::Boolean => quote! { reader.boolean()#some },
        TypeRef::Byte => quote! { reader.i8()#some },
        TypeRef::Short => quote! { reader.i16()#some },
        TypeRef::Integer => quote! { reader.i32()#some },
        TypeRef::Long => quote! { reader.i64()#some },
        TypeRef::Float => quote! { reader.f32()#some },
        TypeRef::Double => quote! { reader.f64()#some },
        TypeRef::Blob => quote! { reader.blob()#some },
        TypeRef::Unit => quote! { reader.skip()#some },
        TypeRef::Timestamp(format) => {
            let format = timestamp_format(*format);
            quote! { reader.timestamp(#format)#some }
        }
        TypeRef::Document => {
            return Err(CodegenError::new(
                "a document type is reachable from an output, which an XML protocol can't carry",
            ));
        }
        TypeRef::Named(id) => {
            let shape = ir.shape(id)?;
            let ty = named_type(ir, id)?;
            match &shape.kind {
                ShapeIrKind::Enum { .. } => {
                    quote! { reader.string().map(|v| ::std::option::Option::Some(#ty::from(v))) }
                }
                ShapeIrKind::IntEnum { .. } => {
                    quote! { reader.i32().map(|v| ::std::option::Option::Some(#ty::from(v))) }
                }
                ShapeIrKind::Structure { .. } | ShapeIrKind::Union { .. } => {
                    let f = fn_path(ir, shape);
                    quote! { #f(reader, #start) }
                }
            }
        }
        TypeRef::List {
            item,
            sparse,
            xml_item_name,
        } => {
            let name = super::item_name(xml_item_name);
            let read = item_closure(ir, item, *sparse, depth)?;
            quote! { #XML_READ_LIST(reader, #name, #read)#some }
        }
        TypeRef::Map {
            value,
            sparse,
            xml_key_name,
            xml_value_name,
        } => {
            let (key_name, value_name) = super::entry_names(xml_key_name, xml_value_name);
            let read = item_closure(ir, value, *sparse, depth)?;
            quote! { #XML_READ_MAP(reader, "entry", #key_name, #value_name, #read)#some }
        }
    })
}
