//! restJson1 bodies: the members without a binding trait as one JSON object, or the one
//! `@httpPayload` member as the whole body; and the readers that put a response's headers,
//! status and body together into an output or error.
//!
//! `Content-Type` follows the payload: `application/json` for a JSON object, a structure, union
//! or document payload; the `@mediaType`, else `application/octet-stream` for a blob and
//! `text/plain` for a string or enum. A request without body members, or whose payload member
//! is unset (but a structure payload, which is sent as `{}`), has an empty body and no
//! `Content-Type`.

use std::collections::BTreeSet;

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::CodegenError;
use crate::emit::json::{de, ser};
use crate::emit::defaults::{fill_of, reader_start};
use crate::emit::http_bindings::{self, ResponseValue};
use crate::emit::{ident, named_type};
use crate::ir::{HttpBinding, MemberIr, ServiceIr, ShapeIr, ShapeIrKind, TypeRef, body_is_whole};
use crate::runtime_type::{
    HTTP_RESPONSE, JSON_DE_ERROR, JSON_OBJECT_BODY, JSON_VALUE_WRITER, REST_JSON_BLOB_PAYLOAD,
    REST_JSON_DOCUMENT_PAYLOAD, REST_JSON_JSON_PAYLOAD, REST_JSON_READ_BODY,
    REST_JSON_STRING_PAYLOAD,
};

const JSON: &str = "application/json";

/// `http_<shape>(response, body)`: reads an output or error from the whole response.
pub fn http_fn_name(shape: &ShapeIr) -> Ident {
    format_ident!("http_{}", shape.fn_suffix)
}

/// `body_<shape>`: writes (in `ser.rs`) or reads (in `de.rs`) the body members of a top-level
/// structure that has members elsewhere too. No other codec function starts with `body_`, so
/// the names can't clash.
fn body_fn_name(shape: &ShapeIr) -> Ident {
    format_ident!("body_{}", shape.fn_suffix)
}

/// The per-member function of [`body_fn_name`]'s reader.
fn member_fn_name(shape: &ShapeIr) -> Ident {
    format_ident!("member_{}", shape.fn_suffix)
}

/// The members of a top-level structure that go in the body, and the payload member if any;
/// `binding` picks a member's binding in a request or a response.
fn body_parts(
    shape: &ShapeIr,
    binding: fn(&HttpBinding) -> &HttpBinding,
) -> Result<(Vec<&MemberIr>, Option<&MemberIr>), CodegenError> {
    let ShapeIrKind::Structure { members, .. } = &shape.kind else {
        return Err(CodegenError::new(format!(
            "{} is an operation input, output or error but not a structure",
            shape.id
        )));
    };
    let document: Vec<&MemberIr> = members
        .iter()
        .filter(|m| binding(&m.http) == &HttpBinding::Document)
        .collect();
    let mut payloads = members
        .iter()
        .filter(|m| binding(&m.http) == &HttpBinding::Payload);
    let payload = payloads.next();
    if payloads.next().is_some() || (payload.is_some() && !document.is_empty()) {
        return Err(CodegenError::new(format!(
            "{}: an @httpPayload member must be the only member in the body",
            shape.id
        )));
    }
    Ok((document, payload))
}

/// Statements that define `body: Vec<u8>` and set the request's `Content-Type` (unless an input
/// member set one). In scope: `request`, and `input` unless the input is Unit.
pub fn request_body(ir: &ServiceIr, input: Option<&ShapeIr>) -> Result<TokenStream, CodegenError> {
    let empty = quote! { let body = ::std::vec::Vec::new(); };
    let Some(input) = input else {
        return Ok(empty);
    };
    let (document, payload) = body_parts(input, HttpBinding::in_request)?;
    if let Some(m) = payload {
        return payload_body(ir, m);
    }
    if document.is_empty() {
        return Ok(empty);
    }
    let write = if whole(input, HttpBinding::in_request) {
        ser::fn_path(ir, input)
    } else {
        let name = body_fn_name(input);
        quote! { crate::ser::#name }
    };
    Ok(quote! {
        let body = #JSON_OBJECT_BODY(input, #write)?.into_bytes();
        request.default_header("Content-Type", #JSON)?;
    })
}

fn payload_body(ir: &ServiceIr, m: &MemberIr) -> Result<TokenStream, CodegenError> {
    let field = ident(&m.rust_name);
    let value = if m.boxed {
        quote! { &**value }
    } else {
        quote! { value }
    };
    let media = |default: &str| m.media_type.clone().unwrap_or_else(|| default.to_owned());
    let (bytes, content_type, unset) = match &m.ty {
        TypeRef::Named(id) => {
            let shape = ir.shape(id)?;
            match &shape.kind {
                ShapeIrKind::Structure { .. } | ShapeIrKind::Union { .. } => {
                    let write = ser::fn_path(ir, shape);
                    // An unset structure payload is still a JSON object; an unset union is nothing.
                    let unset = matches!(shape.kind, ShapeIrKind::Structure { .. })
                        .then(|| quote! { b"{}".to_vec() });
                    (
                        quote! { #JSON_OBJECT_BODY(#value, #write)?.into_bytes() },
                        JSON.to_owned(),
                        unset,
                    )
                }
                ShapeIrKind::Enum { .. } => (
                    quote! { value.as_str().as_bytes().to_vec() },
                    media("text/plain"),
                    None,
                ),
                ShapeIrKind::IntEnum { .. } => {
                    return Err(payload_error(m, "an intEnum"));
                }
            }
        }
        TypeRef::Document => (
            quote! {
                {
                    let mut text = ::std::string::String::new();
                    #JSON_VALUE_WRITER::new(&mut text).document(value);
                    text.into_bytes()
                }
            },
            JSON.to_owned(),
            None,
        ),
        TypeRef::Blob => (
            quote! { ::std::convert::AsRef::<[u8]>::as_ref(value).to_vec() },
            media("application/octet-stream"),
            None,
        ),
        TypeRef::String => (
            quote! { value.as_bytes().to_vec() },
            media("text/plain"),
            None,
        ),
        _ => return Err(payload_error(m, "a scalar other than a string or blob")),
    };
    let unset_arm = match unset {
        Some(bytes) => quote! {
            {
                request.default_header("Content-Type", #content_type)?;
                #bytes
            }
        },
        None => quote! { ::std::vec::Vec::new() },
    };
    Ok(quote! {
        let body = match &input.#field {
            ::std::option::Option::Some(value) => {
                request.default_header("Content-Type", #content_type)?;
                #bytes
            }
            ::std::option::Option::None => #unset_arm,
        };
    })
}

fn payload_error(m: &MemberIr, what: &str) -> CodegenError {
    CodegenError::new(format!(
        "@httpPayload member {} is {what}, which restJson1 can't send as a body",
        m.name
    ))
}

/// Whether the structure is its body as a whole (then its own codec writes or reads it).
fn whole(shape: &ShapeIr, binding: fn(&HttpBinding) -> &HttpBinding) -> bool {
    matches!(&shape.kind, ShapeIrKind::Structure { members, .. } if body_is_whole(members, binding))
}

/// The operation inputs of the service, each once.
fn inputs(ir: &ServiceIr) -> Result<Vec<&ShapeIr>, CodegenError> {
    let ids: BTreeSet<_> = ir
        .operations
        .iter()
        .filter_map(|o| o.input.as_ref())
        .collect();
    ids.into_iter().map(|id| ir.shape(id)).collect()
}

/// The operation outputs and the errors of the service, each once.
fn outputs_and_errors(ir: &ServiceIr) -> Result<Vec<&ShapeIr>, CodegenError> {
    let ids: BTreeSet<_> = ir
        .operations
        .iter()
        .filter_map(|o| o.output.as_ref())
        .chain(ir.errors.iter())
        .collect();
    ids.into_iter().map(|id| ir.shape(id)).collect()
}

/// `ser.rs` additions: a writer of the body members of every input that has some.
pub fn serializers(ir: &ServiceIr) -> Result<TokenStream, CodegenError> {
    let mut items = Vec::new();
    for input in inputs(ir)? {
        let (document, _) = body_parts(input, HttpBinding::in_request)?;
        if !document.is_empty() && !whole(input, HttpBinding::in_request) {
            items.push(ser::structure_fn(
                ir,
                input,
                &body_fn_name(input),
                &document,
            )?);
        }
    }
    Ok(quote! { #(#items)* })
}

/// `de.rs` additions: for every output and error, a reader of its body members (if it has
/// some) and `http_<shape>`, which reads the whole response.
pub fn deserializers(ir: &ServiceIr) -> Result<TokenStream, CodegenError> {
    let mut items = Vec::new();
    for shape in outputs_and_errors(ir)? {
        let (document, payload) = body_parts(shape, HttpBinding::in_response)?;
        if !document.is_empty() && !whole(shape, HttpBinding::in_response) {
            items.extend(de::structure_items(
                ir,
                shape,
                &body_fn_name(shape),
                &member_fn_name(shape),
                &document,
            )?);
        }
        items.push(http_fn(ir, shape, &document, payload)?);
    }
    Ok(quote! { #(#items)* })
}

fn http_fn(
    ir: &ServiceIr,
    shape: &ShapeIr,
    document: &[&MemberIr],
    payload: Option<&MemberIr>,
) -> Result<TokenStream, CodegenError> {
    let name = http_fn_name(shape);
    let ty = named_type(ir, &shape.id)?;
    let mut reads = http_bindings::response_members(ir, shape)?;
    let uses_response = !reads.is_empty();
    if let Some(m) = payload {
        reads.push((m, ResponseValue::Maybe(payload_read(ir, m)?)));
    }
    // Members from headers, status and payload get their defaults and zero values here, as
    // body members do in the body reader.
    let (start, fills) = reader_start(ir, shape)?;
    let mut assigns = Vec::new();
    for (m, read) in reads {
        let fill = fill_of(shape, &fills, m)?;
        match read {
            ResponseValue::Maybe(read) => {
                assigns.push(fill.assign(read));
                assigns.extend(fill.fill_if_none());
            }
            ResponseValue::Always(value) => assigns.push(fill.set(value)),
        }
    }
    let start = match &shape.kind {
        // (The literal of a structure without fields formats badly.)
        ShapeIrKind::Structure { members, error: None } if members.is_empty() => {
            quote! { <#ty as ::std::default::Default>::default() }
        }
        _ => start,
    };
    let start = if document.is_empty() {
        start
    } else {
        let read = if whole(shape, HttpBinding::in_response) {
            de::fn_path(ir, shape)
        } else {
            let name = body_fn_name(shape);
            quote! { #name }
        };
        quote! { #REST_JSON_READ_BODY(body, #read)? }
    };
    let mutable = (!assigns.is_empty()).then(|| quote! { mut });
    let response = if uses_response {
        quote! { response }
    } else {
        quote! { _response }
    };
    let body = if document.is_empty() && payload.is_none() {
        quote! { _body }
    } else {
        quote! { body }
    };
    let doc = format!(" Reads a `{}` from a response.", shape.id.name());
    Ok(quote! {
        #[doc = #doc]
        pub(crate) fn #name(
            #response: &#HTTP_RESPONSE,
            #body: &[u8],
        ) -> ::std::result::Result<#ty, #JSON_DE_ERROR> {
            let #mutable output = #start;
            #(#assigns)*
            ::std::result::Result::Ok(output)
        }
    })
}

/// An `Option<T>` expression for the payload member, from `body: &[u8]`.
fn payload_read(ir: &ServiceIr, m: &MemberIr) -> Result<TokenStream, CodegenError> {
    let read = match &m.ty {
        TypeRef::Named(id) => {
            let shape = ir.shape(id)?;
            match &shape.kind {
                ShapeIrKind::Structure { .. } | ShapeIrKind::Union { .. } => {
                    let read = de::fn_path(ir, shape);
                    quote! { #REST_JSON_JSON_PAYLOAD(body, #read)? }
                }
                ShapeIrKind::Enum { .. } => {
                    let ty = named_type(ir, id)?;
                    quote! { #REST_JSON_STRING_PAYLOAD(body)?.map(#ty::from) }
                }
                ShapeIrKind::IntEnum { .. } => return Err(payload_error(m, "an intEnum")),
            }
        }
        TypeRef::Document => quote! { #REST_JSON_DOCUMENT_PAYLOAD(body)? },
        TypeRef::Blob => quote! { #REST_JSON_BLOB_PAYLOAD(body) },
        TypeRef::String => quote! { #REST_JSON_STRING_PAYLOAD(body)? },
        _ => return Err(payload_error(m, "a scalar other than a string or blob")),
    };
    Ok(if m.boxed {
        quote! { #read.map(::std::boxed::Box::new) }
    } else {
        read
    })
}
