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
use crate::emit::defaults::{ReadFill, fill_of, reader_start};
use crate::emit::{ident, module_attrs, named_type, timestamp_format};
use crate::ir::{MemberIr, ServiceIr, ShapeIr, ShapeIrKind, TypeRef};
use crate::protocol::Build;
use crate::runtime_type::{
    JSON_DE_ERROR, JSON_IS_SEEN, JSON_MARK_SEEN, XML_READ_LIST, XML_READ_MAP, XML_READ_MAP_ENTRY,
    XML_READER, XML_START_ELEMENT,
};

/// Reads one structure or union from its open element (a union is `None` without a member).
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

/// `fn(reader, start) -> Result<R, DeError>`: the signature every shape reader shares, `R`
/// being `T` for a structure (always there once its element is) and `Option<T>` for a union
/// (`None` without a member).
fn reader_signature(
    ir: &ServiceIr,
    shape: &ShapeIr,
    start: &Ident,
) -> Result<TokenStream, CodegenError> {
    let name = fn_name(shape);
    let ty = named_type(ir, &shape.id)?;
    let ty = match shape.kind {
        ShapeIrKind::Union { .. } => quote! { ::std::option::Option<#ty> },
        _ => ty,
    };
    Ok(quote! {
        pub(crate) fn #name(
            reader: &mut #XML_READER<'_>,
            #start: &#XML_START_ELEMENT<'_>,
        ) -> ::std::result::Result<#ty, #JSON_DE_ERROR>
    })
}

fn member_fn_name(shape: &ShapeIr) -> Ident {
    format_ident!("de_{}_member", shape.fn_suffix)
}

/// A structure's reader (attributes, then child elements) and its per-member function. It
/// starts from [`reader_start`] and fills what the response left out as the JSON readers do.
fn structure_items(
    ir: &ServiceIr,
    shape: &ShapeIr,
    members: &[MemberIr],
) -> Result<Vec<TokenStream>, CodegenError> {
    let ty = named_type(ir, &shape.id)?;
    if members.is_empty() {
        let signature = reader_signature(ir, shape, &format_ident!("_start"))?;
        return Ok(vec![quote! {
            #signature {
                while reader.next_child()?.is_some() {
                    reader.skip()?;
                }
                ::std::result::Result::Ok(#ty::default())
            }
        }]);
    }
    let (output_start, fills) = reader_start(ir, shape)?;
    let shape_name = shape.id.name();
    let mut attributes = Vec::new();
    let mut arms = Vec::new();
    let mut after = Vec::new();
    let mut arms_mark = false;
    for (index, m) in members.iter().enumerate() {
        let fill = fill_of(shape, &fills, m)?;
        if m.xml.attribute {
            attributes.push(attribute_read(ir, shape_name, m, fill)?);
        } else {
            arms_mark |= !repeats(m);
            arms.push(member_arm(ir, index, m, fill)?);
            if !m.optional
                && !repeats(m)
                && let Some(value) = &fill.after
            {
                let field = &fill.field;
                let index = proc_macro2::Literal::usize_unsuffixed(index);
                after.push(quote! {
                    if !#JSON_IS_SEEN(&seen, #index) {
                        output.#field = #value;
                    }
                });
            }
        }
        after.extend(fill.fill_if_none());
    }
    let start = if attributes.is_empty() {
        format_ident!("_start")
    } else {
        format_ident!("start")
    };
    let signature = reader_signature(ir, shape, &start)?;
    if arms.is_empty() {
        return Ok(vec![quote! {
            #signature {
                let mut output = #output_start;
                #(#attributes)*
                while reader.next_child()?.is_some() {
                    reader.skip()?;
                }
                #(#after)*
                ::std::result::Result::Ok(output)
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
                let mut output = #output_start;
                #(#attributes)*
                let mut seen = [0u64; #words];
                while let ::std::option::Option::Some(child) = reader.next_child()? {
                    #member_fn(reader, &child, &mut output, &mut seen)
                        .map_err(|e| e.in_member(child.local()))?;
                }
                #(#after)*
                ::std::result::Result::Ok(output)
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

/// Reads an `@xmlAttribute` member from the start tag (see [`ReadFill::assign`]).
fn attribute_read(
    ir: &ServiceIr,
    shape_name: &str,
    m: &MemberIr,
    fill: &ReadFill,
) -> Result<TokenStream, CodegenError> {
    let wire = &m.wire_name;
    let checked = |read: TokenStream| quote! { #read.map_err(|e| e.in_member(#wire))? };
    let value = match &m.ty {
        TypeRef::String => quote! { value.as_str().to_owned() },
        TypeRef::BigInteger | TypeRef::BigDecimal => checked(quote! { value.number_text() }),
        TypeRef::Boolean => checked(quote! { value.boolean() }),
        TypeRef::Byte => checked(quote! { value.i8() }),
        TypeRef::Short => checked(quote! { value.i16() }),
        TypeRef::Integer => checked(quote! { value.i32() }),
        TypeRef::Long => checked(quote! { value.i64() }),
        TypeRef::Float => checked(quote! { value.f32() }),
        TypeRef::Double => checked(quote! { value.f64() }),
        TypeRef::Blob => checked(quote! { value.blob() }),
        TypeRef::Timestamp(format) => {
            let format = timestamp_format(*format);
            checked(quote! { value.timestamp(#format) })
        }
        TypeRef::Named(id) if matches!(ir.shape(id)?.kind, ShapeIrKind::Enum { .. }) => {
            let ty = named_type(ir, id)?;
            quote! { #ty::from(value.as_str()) }
        }
        TypeRef::Named(id) if matches!(ir.shape(id)?.kind, ShapeIrKind::IntEnum { .. }) => {
            let ty = named_type(ir, id)?;
            checked(quote! { value.i32().map(#ty::from) })
        }
        _ => {
            return Err(CodegenError::new(format!(
                "member {} of {shape_name} has @xmlAttribute but is not a scalar",
                m.name
            )));
        }
    };
    let value = if m.boxed {
        quote! { ::std::boxed::Box::new(#value) }
    } else {
        value
    };
    let set = fill.set(value);
    // Without the attribute, a plain member whose start is not its fill takes the fill now;
    // an `Option` one gets it (if it has one) after the children, with the others.
    let absent = match (&fill.after, fill.optional) {
        (Some(fill_value), false) => {
            let field = &fill.field;
            quote! { else { output.#field = #fill_value; } }
        }
        _ => TokenStream::new(),
    };
    Ok(quote! {
        if let ::std::option::Option::Some(value) = start.attribute(#wire) {
            #set
        } #absent
    })
}

/// Whether the member's element may repeat: an `@xmlFlattened` list or map.
fn repeats(m: &MemberIr) -> bool {
    m.xml.flattened && matches!(m.ty, TypeRef::List { .. } | TypeRef::Map { .. })
}

/// The arm of a structure's member function that reads member `m` from element `child`.
fn member_arm(
    ir: &ServiceIr,
    index: usize,
    m: &MemberIr,
    fill: &ReadFill,
) -> Result<TokenStream, CodegenError> {
    let wire = &m.wire_name;
    let child = format_ident!("child");
    if repeats(m) {
        let field = &fill.field;
        // A plain collection starts empty (its fill, which costs nothing); an `Option` one
        // starts absent.
        if !m.optional && fill.after.is_some() {
            return Err(CodegenError::new(format!(
                "internal: flattened member {} has a fill that allocates",
                m.name
            )));
        }
        let (list, map) = if m.optional {
            (
                quote! { output.#field.get_or_insert_with(::std::vec::Vec::new) },
                quote! { output.#field.get_or_insert_with(::std::collections::HashMap::new) },
            )
        } else {
            (quote! { &mut output.#field }, quote! { &mut output.#field })
        };
        match &m.ty {
            TypeRef::List { item, sparse, .. } => {
                // A sparse list keeps a union item without a member as `None`; a dense one
                // drops it.
                let push = match (read_expr(ir, item, &child, 0)?, sparse) {
                    (Read::Always(read), false) => {
                        quote! { items.push(#read.map_err(|e| e.in_index(index))?); }
                    }
                    (Read::Always(read), true) => quote! {
                        items.push(::std::option::Option::Some(
                            #read.map_err(|e| e.in_index(index))?,
                        ));
                    },
                    (Read::Maybe(read), false) => quote! {
                        if let ::std::option::Option::Some(item) =
                            #read.map_err(|e| e.in_index(index))?
                        {
                            items.push(item);
                        }
                    },
                    (Read::Maybe(read), true) => {
                        quote! { items.push(#read.map_err(|e| e.in_index(index))?); }
                    }
                };
                return Ok(quote! {
                    #wire => {
                        let items = #list;
                        let index = items.len();
                        #push
                    }
                });
            }
            TypeRef::Map {
                value,
                sparse,
                xml_key_name,
                xml_value_name,
                ..
            } => {
                let (key_name, value_name) = super::entry_names(xml_key_name, xml_value_name);
                let read = entry_value_read(ir, value, *sparse)?;
                return Ok(quote! {
                    #wire => #XML_READ_MAP_ENTRY(
                        reader,
                        child,
                        #key_name,
                        #value_name,
                        #map,
                        #read,
                    )?,
                });
            }
            // `@xmlFlattened` only changes lists and maps.
            _ => {}
        }
    }
    let boxed = |value: TokenStream| {
        if m.boxed {
            quote! { ::std::boxed::Box::new(#value) }
        } else {
            value
        }
    };
    let assign = match read_expr(ir, &m.ty, &child, 0)? {
        Read::Always(read) => fill.set(boxed(quote! { #read? })),
        Read::Maybe(read) if m.boxed => {
            fill.assign(quote! { #read?.map(::std::boxed::Box::new) })
        }
        Read::Maybe(read) => fill.assign(quote! { #read? }),
    };
    let index = proc_macro2::Literal::usize_unsuffixed(index);
    Ok(quote! {
        #wire => {
            #JSON_MARK_SEEN(seen, #index, #wire, child.offset())?;
            #assign
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
    Ok(match read_expr(ir, ty, start, depth)? {
        Read::Maybe(read) => read,
        Read::Always(read) => quote! { #read.map(::std::option::Option::Some) },
    })
}

/// What reading a value from its element gives.
enum Read {
    /// `Result<T, DeError>`: an element always holds a value of the type.
    Always(TokenStream),
    /// `Result<Option<T>, DeError>`: a union element may hold no member.
    Maybe(TokenStream),
}

/// The expression that reads a value of `ty` from the open element whose start tag is
/// `start`, up to its end tag.
fn read_expr(
    ir: &ServiceIr,
    ty: &TypeRef,
    start: &Ident,
    depth: usize,
) -> Result<Read, CodegenError> {
    Ok(Read::Always(match ty {
        TypeRef::String => quote! { reader.string() },
        TypeRef::BigInteger | TypeRef::BigDecimal => quote! { reader.number_text() },
        TypeRef::Boolean => quote! { reader.boolean() },
        TypeRef::Byte => quote! { reader.i8() },
        TypeRef::Short => quote! { reader.i16() },
        TypeRef::Integer => quote! { reader.i32() },
        TypeRef::Long => quote! { reader.i64() },
        TypeRef::Float => quote! { reader.f32() },
        TypeRef::Double => quote! { reader.f64() },
        TypeRef::Blob => quote! { reader.blob() },
        TypeRef::Unit => quote! { reader.skip() },
        TypeRef::Timestamp(format) => {
            let format = timestamp_format(*format);
            quote! { reader.timestamp(#format) }
        }
        TypeRef::Document => {
            return Err(CodegenError::new(
                "a document type is reachable from an output, which an XML protocol can't carry",
            ));
        }
        TypeRef::Named(id) => {
            let shape = ir.shape(id)?;
            let ty = named_type(ir, id)?;
            let f = fn_path(ir, shape);
            match &shape.kind {
                ShapeIrKind::Enum { .. } => quote! { reader.string().map(#ty::from) },
                ShapeIrKind::IntEnum { .. } => quote! { reader.i32().map(#ty::from) },
                ShapeIrKind::Structure { .. } => quote! { #f(reader, #start) },
                ShapeIrKind::Union { .. } => return Ok(Read::Maybe(quote! { #f(reader, #start) })),
            }
        }
        TypeRef::List {
            item,
            sparse,
            xml_item_name,
        } => {
            let name = super::item_name(xml_item_name);
            let read = item_closure(ir, item, *sparse, depth)?;
            quote! { #XML_READ_LIST(reader, #name, #read) }
        }
        TypeRef::Map {
            value,
            sparse,
            xml_key_name,
            xml_value_name,
            ..
        } => {
            let (key_name, value_name) = super::entry_names(xml_key_name, xml_value_name);
            let read = item_closure(ir, value, *sparse, depth)?;
            quote! { #XML_READ_MAP(reader, "entry", #key_name, #value_name, #read) }
        }
    }))
}
