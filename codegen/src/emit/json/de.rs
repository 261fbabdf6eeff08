//! JSON deserializers: `de.rs` for every structure and union reachable from an operation output
//! or error, plus whole-document entry points for outputs and errors; `test_util/de.rs`
//! (feature `test-util`) for the rest, so tests can read inputs too.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::CodegenError;
use crate::emit::defaults::{ReadFill, fill_of, reader_start};
use crate::emit::{ident, module_attrs, named_type, timestamp_format};
use crate::ir::{MemberIr, ServiceIr, ShapeIr, ShapeIrKind, TypeRef};
use crate::protocol::Build;
use crate::runtime_type::{
    JSON_DE_ERROR, JSON_INSERT_UNIQUE, JSON_IS_EMPTY_BODY, JSON_IS_SEEN, JSON_MARK_SEEN,
    JSON_READER,
};

/// Reads one structure or union from an open reader; `None` for JSON `null`.
pub fn fn_name(shape: &ShapeIr) -> proc_macro2::Ident {
    format_ident!("de_{}", shape.fn_suffix)
}

/// Reads a whole response body into a structure.
pub fn document_fn_name(shape: &ShapeIr) -> proc_macro2::Ident {
    format_ident!("de_{}_document", shape.fn_suffix)
}

/// Path of [`fn_name`]: in `de.rs` when responses carry the shape, else in `test_util`.
pub fn fn_path(ir: &ServiceIr, shape: &ShapeIr) -> TokenStream {
    super::codec_path(ir.deserialized.contains(&shape.id), "de", fn_name(shape))
}

/// The deserializers of one [`Build`]; production adds a document reader for every operation
/// output and error (protocols without HTTP bindings, whose response is its body).
pub fn file(ir: &ServiceIr, build: Build) -> Result<TokenStream, CodegenError> {
    let attrs = module_attrs();
    let mut items = Vec::new();
    for shape in ir.shapes.values() {
        if ir.deserialized.contains(&shape.id) != (build == Build::Production) {
            continue;
        }
        items.extend(shape_items(ir, shape)?);
        let id = Some(&shape.id);
        // With HTTP bindings a response is more than its body; the protocol reads it whole.
        if build == Build::Production
            && !ir.protocol.uses_http_bindings()
            && (ir.errors.contains(&shape.id)
                || ir.operations.iter().any(|o| o.output.as_ref() == id))
        {
            items.push(document_fn(ir, shape)?);
        }
    }
    Ok(quote! { #attrs #(#items)* })
}

fn document_fn(ir: &ServiceIr, shape: &ShapeIr) -> Result<TokenStream, CodegenError> {
    let name = document_fn_name(shape);
    let inner = fn_name(shape);
    let ty = named_type(ir, &shape.id)?;
    // An empty body, and a `null` one, read as `{}`: defaults and zero values fill the rest.
    Ok(quote! {
        pub(crate) fn #name(body: &[u8]) -> ::std::result::Result<#ty, #JSON_DE_ERROR> {
            let body: &[u8] = if #JSON_IS_EMPTY_BODY(body) { b"{}" } else { body };
            let mut reader = #JSON_READER::new(body);
            let value = #inner(&mut reader)?;
            reader.finish()?;
            match value {
                ::std::option::Option::Some(value) => ::std::result::Result::Ok(value),
                ::std::option::Option::None => #name(b"{}"),
            }
        }
    })
}

/// Reads the value of one member of a structure (or picks the variant of a union) given its
/// key; errors from here get the member name added to their path.
pub fn member_fn_name(shape: &ShapeIr) -> proc_macro2::Ident {
    format_ident!("de_{}_member", shape.fn_suffix)
}

/// The deserializer of one structure or union (nothing for enums, which are read inline).
pub fn shape_fn(ir: &ServiceIr, shape: &ShapeIr) -> Result<TokenStream, CodegenError> {
    let items = shape_items(ir, shape)?;
    Ok(quote! { #(#items)* })
}

/// The items of [`shape_fn`], one by one (so each can carry an attribute).
fn shape_items(ir: &ServiceIr, shape: &ShapeIr) -> Result<Vec<TokenStream>, CodegenError> {
    match &shape.kind {
        ShapeIrKind::Structure { members, .. } => structure_items(
            ir,
            shape,
            &fn_name(shape),
            &member_fn_name(shape),
            &members.iter().collect::<Vec<_>>(),
        ),
        ShapeIrKind::Union {
            members,
            unknown_variant,
        } => union_items(ir, shape, members, unknown_variant),
        ShapeIrKind::Enum { .. } | ShapeIrKind::IntEnum { .. } => Ok(Vec::new()),
    }
}

/// `fn(reader) -> Result<Option<T>, DeError>`: the signature every shape reader shares.
fn reader_signature(
    ir: &ServiceIr,
    shape: &ShapeIr,
    name: &proc_macro2::Ident,
) -> Result<TokenStream, CodegenError> {
    let ty = named_type(ir, &shape.id)?;
    Ok(quote! {
        pub(crate) fn #name(
            reader: &mut #JSON_READER<'_>,
        ) -> ::std::result::Result<::std::option::Option<#ty>, #JSON_DE_ERROR>
    })
}

/// A structure's reader `name` and its per-member function `member_fn`, over `members` (all of
/// them for the shape's own reader, the body members for a protocol with HTTP bindings):
/// duplicate members are errors, unknown ones are skipped, defaults fill what the response left
/// out.
pub fn structure_items(
    ir: &ServiceIr,
    shape: &ShapeIr,
    name: &proc_macro2::Ident,
    member_fn: &proc_macro2::Ident,
    members: &[&MemberIr],
) -> Result<Vec<TokenStream>, CodegenError> {
    let ty = named_type(ir, &shape.id)?;
    let signature = reader_signature(ir, shape, name)?;
    if members.is_empty() {
        return Ok(vec![quote! {
            #signature {
                if !reader.begin_object()? {
                    return ::std::result::Result::Ok(::std::option::Option::None);
                }
                while reader.next_key()?.is_some() {
                    reader.skip_value()?;
                }
                ::std::result::Result::Ok(::std::option::Option::Some(#ty::default()))
            }
        }]);
    }
    let (start, fills) = reader_start(ir, shape)?;
    let mut arms = Vec::new();
    let mut after = Vec::new();
    // `index` counts `members` (the reader's `seen` bits); the fills are the whole shape's.
    for (index, m) in members.iter().enumerate() {
        let fill = fill_of(shape, &fills, m)?;
        arms.push(member_arm(ir, index, m, fill)?);
        if m.optional {
            after.extend(fill.fill_if_none());
        } else if let Some(value) = &fill.after {
            let field = &fill.field;
            let index = proc_macro2::Literal::usize_unsuffixed(index);
            after.push(quote! {
                if !#JSON_IS_SEEN(&seen, #index) {
                    output.#field = #value;
                }
            });
        }
    }
    // One bit per member: a member name given twice is an error, not an overwrite.
    let words = proc_macro2::Literal::usize_unsuffixed(members.len().div_ceil(64));
    Ok(vec![
        quote! {
            #signature {
                if !reader.begin_object()? {
                    return ::std::result::Result::Ok(::std::option::Option::None);
                }
                let mut output = #start;
                let mut seen = [0u64; #words];
                while let ::std::option::Option::Some(key) = reader.next_key()? {
                    if let ::std::result::Result::Err(e) = #member_fn(reader, &mut output, &mut seen, &key) {
                        return ::std::result::Result::Err(e.in_member(&key));
                    }
                }
                #(#after)*
                ::std::result::Result::Ok(::std::option::Option::Some(output))
            }
        },
        quote! {
            fn #member_fn(
                reader: &mut #JSON_READER<'_>,
                output: &mut #ty,
                seen: &mut [u64; #words],
                key: &str,
            ) -> ::std::result::Result<(), #JSON_DE_ERROR> {
                match key {
                    #(#arms)*
                    _ => reader.skip_value()?,
                }
                ::std::result::Result::Ok(())
            }
        },
    ])
}

/// A union's reader and its per-member function: one member set, `__type` ignored, an
/// unknown member kept as the unknown variant.
fn union_items(
    ir: &ServiceIr,
    shape: &ShapeIr,
    members: &[MemberIr],
    unknown_variant: &str,
) -> Result<Vec<TokenStream>, CodegenError> {
    let member_fn = member_fn_name(shape);
    let ty = named_type(ir, &shape.id)?;
    let signature = reader_signature(ir, shape, &fn_name(shape))?;
    let unknown = ident(unknown_variant);
    let mut arms = Vec::new();
    for m in members {
        let variant = ident(&m.variant_name);
        let wire = &m.wire_name;
        if m.ty == TypeRef::Unit {
            arms.push(quote! {
                #wire => {
                    reader.skip_value()?;
                    ::std::option::Option::Some(#ty::#variant)
                }
            });
        } else {
            let read = member_read(ir, m)?;
            arms.push(quote! { #wire => #read.map(#ty::#variant), });
        }
    }
    let message = format!("more than one member of union {} is set", shape.id.name());
    Ok(vec![
        quote! {
            #signature {
                if !reader.begin_object()? {
                    return ::std::result::Result::Ok(::std::option::Option::None);
                }
                let mut output = ::std::option::Option::None;
                while let ::std::option::Option::Some(key) = reader.next_key()? {
                    let variant = #member_fn(reader, &key).map_err(|e| e.in_member(&key))?;
                    if variant.is_some() {
                        if output.is_some() {
                            return ::std::result::Result::Err(reader.error(#message).in_member(&key));
                        }
                        output = variant;
                    }
                }
                ::std::result::Result::Ok(output)
            }
        },
        quote! {
            fn #member_fn(
                reader: &mut #JSON_READER<'_>,
                key: &str,
            ) -> ::std::result::Result<::std::option::Option<#ty>, #JSON_DE_ERROR> {
                ::std::result::Result::Ok(match key {
                    #(#arms)*
                    "__type" => {
                        reader.skip_value()?;
                        ::std::option::Option::None
                    }
                    _ => {
                        reader.skip_value()?;
                        ::std::option::Option::Some(#ty::#unknown)
                    }
                })
            }
        },
    ])
}

/// The arm of one member (`index` is its `seen` bit); see [`ReadFill::assign`].
fn member_arm(
    ir: &ServiceIr,
    index: usize,
    m: &MemberIr,
    fill: &ReadFill,
) -> Result<TokenStream, CodegenError> {
    let wire = &m.wire_name;
    let read = member_read(ir, m)?;
    let index = proc_macro2::Literal::usize_unsuffixed(index);
    let assign = fill.assign(read);
    Ok(quote! {
        #wire => {
            #JSON_MARK_SEEN(seen, #index, #wire, reader.offset())?;
            #assign
        }
    })
}

/// An expression of type `Option<T>` for a member, boxing where the IR says so.
fn member_read(ir: &ServiceIr, m: &MemberIr) -> Result<TokenStream, CodegenError> {
    let read = value_read(ir, &m.ty, 0, true)?;
    Ok(if m.boxed {
        quote! { #read.map(::std::boxed::Box::new) }
    } else {
        read
    })
}

/// An expression of type `Result<Option<T>, DeError>` for a value that is not a list or map.
fn leaf_read(ir: &ServiceIr, ty: &TypeRef) -> Result<Option<TokenStream>, CodegenError> {
    Ok(Some(match ty {
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
        TypeRef::Document => quote! { reader.document() },
        TypeRef::Unit => quote! { reader.skip_value().map(::std::option::Option::Some) },
        TypeRef::Timestamp(format) => {
            let format = timestamp_format(*format);
            quote! { reader.timestamp(#format) }
        }
        TypeRef::Named(id) => {
            let shape = ir.shape(id)?;
            let ty = named_type(ir, id)?;
            match &shape.kind {
                ShapeIrKind::Enum { .. } => {
                    quote! { reader.string().map(|v| v.map(#ty::from)) }
                }
                ShapeIrKind::IntEnum { .. } => {
                    quote! { reader.i32().map(|v| v.map(#ty::from)) }
                }
                ShapeIrKind::Structure { .. } | ShapeIrKind::Union { .. } => {
                    let f = fn_path(ir, shape);
                    quote! { #f(reader) }
                }
            }
        }
        TypeRef::List { .. } | TypeRef::Map { .. } => return Ok(None),
    }))
}

/// An expression of type `Option<T>` that reads one value of `ty` from `reader`.
///
/// With `track`, errors inside a list or map of non-collection values get the index or key
/// added to their path; nested collections leave the path at the member (an inner index
/// without the outer one would mislead).
fn value_read(
    ir: &ServiceIr,
    ty: &TypeRef,
    depth: usize,
    track: bool,
) -> Result<TokenStream, CodegenError> {
    if let Some(leaf) = leaf_read(ir, ty)? {
        return Ok(quote! { #leaf? });
    }
    Ok(match ty {
        TypeRef::List { item, sparse, .. } => {
            let items = format_ident!("items{}", depth);
            let index = format_ident!("index{}", depth);
            let (read, count) = match leaf_read(ir, item)?.filter(|_| track) {
                Some(leaf) => (
                    quote! { #leaf.map_err(|e| e.in_index(#index))? },
                    quote! { #index += 1; },
                ),
                None => (value_read(ir, item, depth + 1, false)?, TokenStream::new()),
            };
            let counter = if count.is_empty() {
                TokenStream::new()
            } else {
                quote! { let mut #index: usize = 0; }
            };
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
                    #counter
                    while reader.next_element()? {
                        #push
                        #count
                    }
                    ::std::option::Option::Some(#items)
                } else {
                    ::std::option::Option::None
                }
            }
        }
        TypeRef::Map { value, sparse, .. } => {
            let map = format_ident!("map{}", depth);
            let key = format_ident!("key{}", depth);
            let at = format_ident!("at{}", depth);
            let read = match leaf_read(ir, value)?.filter(|_| track) {
                Some(leaf) => quote! { #leaf.map_err(|e| e.in_key(&#key))? },
                None => value_read(ir, value, depth + 1, false)?,
            };
            let entry = format_ident!("entry{}", depth);
            let insert = if *sparse {
                quote! {
                    let #entry = #read;
                    #JSON_INSERT_UNIQUE(&mut #map, #key, #entry, #at)?;
                }
            } else {
                quote! {
                    if let ::std::option::Option::Some(#entry) = #read {
                        #JSON_INSERT_UNIQUE(&mut #map, #key, #entry, #at)?;
                    }
                }
            };
            quote! {
                if reader.begin_object()? {
                    let mut #map = ::std::collections::HashMap::new();
                    while let ::std::option::Option::Some(#key) = reader.next_key()? {
                        let #at = reader.offset();
                        #insert
                    }
                    ::std::option::Option::Some(#map)
                } else {
                    ::std::option::Option::None
                }
            }
        }
        _ => return Err(CodegenError::new("internal: a leaf type has no reader")),
    })
}
