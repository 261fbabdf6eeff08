//! Responses as the service would send them, for the differential suite: an output (or a
//! modeled error) as status, headers and body, following the HTTP binding traits. The body
//! comes from the crate's `test-util` JSON writers (the members the bindings leave in it) or is
//! the `@httpPayload`; header text follows the Smithy binding rules (runtime `binding::text`).
//!
//! Emitted into the conversions file: `impl crate::wire::WriteResponse` per operation of a
//! protocol with HTTP bindings, and the error responses of `arbitrary_error` for every
//! protocol (without bindings, every member is in the JSON body).

use proc_macro2::TokenStream;
use quote::quote;

use super::{Crates, members_of, unsupported};
use crate::CodegenError;
use crate::emit::{ident, operation_module, timestamp_format, type_path};
use crate::ir::{HttpBinding, MemberIr, OperationIr, ServiceIr, ShapeIr, ShapeIrKind, TypeRef};
use crate::runtime_type::{BINDING_TEXT, DATE_TIME, TO_JSON};

/// Where a member of a response goes, for the protocol: without HTTP bindings, in the body.
fn binding<'m>(ir: &ServiceIr, m: &'m MemberIr) -> &'m HttpBinding {
    if ir.protocol.uses_http_bindings() {
        m.http.in_response()
    } else {
        &HttpBinding::Document
    }
}

/// `impl crate::wire::WriteResponse` for one operation (protocols with HTTP bindings only).
pub(super) fn write_response_impl(
    ir: &ServiceIr,
    c: &Crates,
    op: &OperationIr,
) -> Result<TokenStream, CodegenError> {
    let ours = &c.ours;
    let marker = ident(&op.rust_name);
    let module = operation_module(op, &quote! { ::#ours });
    let code = op.http.as_ref().map_or(200, |route| route.code);
    let shape = op.output.as_ref().map(|id| ir.shape(id)).transpose()?;
    let (normalize, statements) = match shape {
        Some(shape) => (
            normalize_statements(ir, shape, Message::Response)?,
            response_statements(ir, shape)?,
        ),
        None => (Vec::new(), body_statements(&[], quote! { output })),
    };
    let out = if normalize.is_empty() {
        quote! { _output }
    } else {
        quote! { output }
    };
    let input = match &op.input {
        Some(id) => normalize_statements(ir, ir.shape(id)?, Message::Request)?,
        None => Vec::new(),
    };
    let input_param = if input.is_empty() {
        quote! { _input }
    } else {
        quote! { output }
    };
    Ok(quote! {
        impl crate::wire::WriteResponse for #module::#marker {
            const STATUS: u16 = #code;

            fn normalize_output(#out: &mut Self::Output) {
                #(#normalize)*
            }

            fn header_safe_input(#input_param: &mut Self::Input) {
                #(#input)*
            }

            fn output_response(output: &Self::Output) -> crate::wire::Response {
                let mut response = crate::wire::Response::new(Self::STATUS);
                #(#statements)*
                response
            }
        }
    })
}

/// Statements that make the modeled error in `output` (a `&mut Error`) one a response can
/// carry (see [`normalize_statements`]).
pub(super) fn normalize_error(
    ir: &ServiceIr,
    shape: &ShapeIr,
) -> Result<Vec<TokenStream>, CodegenError> {
    normalize_statements(ir, shape, Message::Response)
}

/// An expression of type `crate::wire::Response`: the modeled error in `value` (a `&Error`) as
/// the service sends it, without its error code (the suite adds that in each of the places a
/// protocol allows).
pub(super) fn error_response(ir: &ServiceIr, shape: &ShapeIr) -> Result<TokenStream, CodegenError> {
    let ShapeIrKind::Structure { error: Some(e), .. } = &shape.kind else {
        return Err(unsupported(
            shape,
            "an error that is not an @error structure",
        ));
    };
    let status = e.http_status.unwrap_or(match e.fault {
        smithy_model::ErrorFault::Client => 400,
        smithy_model::ErrorFault::Server => 500,
    });
    let statements = response_statements(ir, shape)?;
    Ok(quote! {
        {
            let output = value;
            let mut response = crate::wire::Response::new(#status);
            #(#statements)*
            response
        }
    })
}

/// Which message a structure is in.
#[derive(Clone, Copy, PartialEq)]
enum Message {
    Request,
    Response,
}

/// Statements that make `output` (a `&mut T` of the structure `shape`) one the message can
/// carry: header members hold only what a header value can (see `wire::header_safe`); in a
/// response, a status-code member holds a success status (`2xx`) and an empty payload is an
/// unset one.
fn normalize_statements(
    ir: &ServiceIr,
    shape: &ShapeIr,
    message: Message,
) -> Result<Vec<TokenStream>, CodegenError> {
    let mut out = Vec::new();
    for m in members_of(shape)? {
        let field = ident(&m.rust_name);
        let binding = match message {
            Message::Response => binding(ir, m),
            Message::Request if ir.protocol.uses_http_bindings() => m.http.in_request(),
            Message::Request => &HttpBinding::Document,
        };
        let response = message == Message::Response;
        let each = match (binding, &m.ty) {
            (HttpBinding::ResponseCode, _) => {
                out.push(quote! { output.#field = crate::wire::success_status(output.#field); });
                continue;
            }
            // Base64 text is header-safe whatever it encodes.
            (HttpBinding::Header(_), TypeRef::String) if m.media_type.is_none() => {
                quote! { crate::wire::header_safe(value); }
            }
            (HttpBinding::Header(_), TypeRef::List { item, .. }) if **item == TypeRef::String => {
                quote! { value.iter_mut().for_each(crate::wire::header_safe); }
            }
            (HttpBinding::PrefixHeaders(_), _) => {
                quote! { crate::wire::prefix_headers_safe(value); }
            }
            // An empty payload is no body, which reads as an unset member on both sides.
            (HttpBinding::Payload, TypeRef::Blob | TypeRef::String) if m.optional && response => {
                out.push(quote! {
                    if output.#field.as_ref().is_some_and(|value| ::std::convert::AsRef::<[u8]>::as_ref(value).is_empty()) {
                        output.#field = ::std::option::Option::None;
                    }
                });
                continue;
            }
            _ => continue,
        };
        out.push(if m.optional {
            quote! {
                if let ::std::option::Option::Some(value) = &mut output.#field {
                    #each
                }
            }
        } else {
            quote! {
                {
                    let value = &mut output.#field;
                    #each
                }
            }
        });
    }
    Ok(out)
}

/// Statements that fill `response` from `output` (a `&T` of the structure `shape`).
fn response_statements(ir: &ServiceIr, shape: &ShapeIr) -> Result<Vec<TokenStream>, CodegenError> {
    let members = members_of(shape)?;
    let mut out = Vec::new();
    let mut bound = Vec::new();
    let mut payload = None;
    for m in members {
        let field = ident(&m.rust_name);
        let bad = |what: &str| unsupported(shape, &format!("{what} (member {})", m.name));
        match binding(ir, m) {
            HttpBinding::Document => continue,
            HttpBinding::ResponseCode => {
                out.push(quote! { response.status = crate::wire::status(output.#field); });
            }
            HttpBinding::Header(name) => {
                let text = header_text(ir, m, &m.ty, quote! { value }).map_err(|e| bad(&e))?;
                out.push(in_member(m, quote! { response.header(#name, #text); }));
            }
            HttpBinding::PrefixHeaders(prefix) => {
                if !matches!(&m.ty, TypeRef::Map { value, sparse: false, .. } if **value == TypeRef::String)
                {
                    return Err(bad("a prefix-header member that is not a map of strings"));
                }
                out.push(in_member(
                    m,
                    quote! {
                        for (key, entry) in value {
                            response.header(&::std::format!("{}{}", #prefix, key), ::std::clone::Clone::clone(entry));
                        }
                    },
                ));
            }
            HttpBinding::Payload => payload = Some(m),
            HttpBinding::Label | HttpBinding::Query(_) | HttpBinding::QueryParams => {
                return Err(bad("a request-only binding in a response"));
            }
        }
        bound.push(m.wire_name.as_str());
    }
    match payload {
        Some(m) => out.push(payload_statement(ir, shape, m)?),
        None => out.extend(body_statements(&bound, quote! { output })),
    }
    Ok(out)
}

/// The JSON body: every member the bindings leave in it.
fn body_statements(bound: &[&str], value: TokenStream) -> Vec<TokenStream> {
    vec![quote! { response.json_body(&#TO_JSON(#value), &[#(#bound),*]); }]
}

/// The body of an `@httpPayload` member.
fn payload_statement(
    ir: &ServiceIr,
    shape: &ShapeIr,
    m: &MemberIr,
) -> Result<TokenStream, CodegenError> {
    let body = match &m.ty {
        TypeRef::Blob => {
            let media = m
                .media_type
                .as_deref()
                .unwrap_or("application/octet-stream");
            quote! { response.payload(#media, ::std::convert::AsRef::<[u8]>::as_ref(value)); }
        }
        TypeRef::String => {
            let media = m.media_type.as_deref().unwrap_or("text/plain");
            quote! { response.payload(#media, value.as_bytes()); }
        }
        TypeRef::Named(id)
            if matches!(
                ir.shape(id)?.kind,
                ShapeIrKind::Structure { .. } | ShapeIrKind::Union { .. }
            ) =>
        {
            quote! { response.json_body(&#TO_JSON(value), &[]); }
        }
        _ => {
            return Err(unsupported(
                shape,
                &format!("an @httpPayload of type {:?} (member {})", m.ty, m.name),
            ));
        }
    };
    Ok(in_member(m, body))
}

/// `body` with `value: &T` of the member, when it is set.
fn in_member(m: &MemberIr, body: TokenStream) -> TokenStream {
    let field = ident(&m.rust_name);
    if m.optional {
        quote! {
            if let ::std::option::Option::Some(value) = &output.#field {
                #body
            }
        }
    } else {
        quote! {
            {
                let value = &output.#field;
                #body
            }
        }
    }
}

/// A `String` expression: the header text of `value` (a `&T` of type `ty`).
fn header_text(
    ir: &ServiceIr,
    m: &MemberIr,
    ty: &TypeRef,
    value: TokenStream,
) -> Result<TokenStream, String> {
    Ok(match ty {
        TypeRef::String if m.media_type.is_some() => quote! { #BINDING_TEXT::base64(#value) },
        TypeRef::String | TypeRef::BigInteger | TypeRef::BigDecimal => {
            quote! { ::std::clone::Clone::clone(#value) }
        }
        TypeRef::Boolean => quote! { #BINDING_TEXT::boolean(*#value).to_owned() },
        TypeRef::Byte | TypeRef::Short | TypeRef::Integer | TypeRef::Long => {
            quote! { #BINDING_TEXT::integer(*#value) }
        }
        TypeRef::Float => quote! { #BINDING_TEXT::float(*#value) },
        TypeRef::Double => quote! { #BINDING_TEXT::double(*#value) },
        TypeRef::Timestamp(format) => {
            let format = timestamp_format(*format);
            quote! {
                #BINDING_TEXT::timestamp(#value, #format)
                    .unwrap_or_else(|e| ::std::panic!("an arbitrary timestamp has no header text: {e}"))
            }
        }
        TypeRef::Named(id) => match &ir.shape(id).map_err(|e| e.to_string())?.kind {
            ShapeIrKind::Enum { .. } => quote! { (#value).as_str().to_owned() },
            ShapeIrKind::IntEnum { .. } => quote! { #BINDING_TEXT::integer((#value).as_i32()) },
            _ => return Err("a structure or union in a header".to_owned()),
        },
        TypeRef::List {
            item,
            sparse: false,
            ..
        } if !matches!(**item, TypeRef::List { .. }) => {
            let each = header_text(ir, m, item, quote! { item })?;
            // Strings and enums are quoted where they would split, as requests do.
            let quote_items = matches!(**item, TypeRef::String)
                || matches!(&**item, TypeRef::Named(id)
                    if matches!(ir.shape(id).map(|s| &s.kind), Ok(ShapeIrKind::Enum { .. })));
            quote! {
                #BINDING_TEXT::header_list((#value).iter().map(|item| #each), #quote_items)
            }
        }
        other => return Err(format!("a {other:?} in a header")),
    })
}

/// Statements that make `input` (the operation's default input) one the SDK sends, so that it
/// can read a canned response: smithy-rs refuses to build a request whose URI labels, or
/// required query parameters and headers, are unset or empty.
pub(super) fn response_input(
    ir: &ServiceIr,
    c: &Crates,
    op: &OperationIr,
) -> Result<Vec<TokenStream>, CodegenError> {
    let Some(id) = &op.input else {
        return Ok(Vec::new());
    };
    if !ir.protocol.uses_http_bindings() {
        return Ok(Vec::new());
    }
    let shape = ir.shape(id)?;
    let ours = &c.ours;
    let mut out = Vec::new();
    for m in members_of(shape)? {
        let needed = match m.http.in_request() {
            HttpBinding::Label => true,
            HttpBinding::Query(_) | HttpBinding::Header(_) => m.required,
            _ => false,
        };
        if !needed {
            continue;
        }
        let value = match &m.ty {
            TypeRef::String => quote! { ::std::borrow::ToOwned::to_owned("x") },
            TypeRef::Byte | TypeRef::Short | TypeRef::Integer | TypeRef::Long => quote! { 1 },
            TypeRef::Boolean => quote! { true },
            TypeRef::Timestamp(_) => quote! { #DATE_TIME::from_secs(1) },
            TypeRef::List { item, .. } if **item == TypeRef::String => {
                quote! { ::std::vec![::std::borrow::ToOwned::to_owned("x")] }
            }
            TypeRef::Named(target)
                if matches!(ir.shape(target)?.kind, ShapeIrKind::Enum { .. }) =>
            {
                let path = type_path(ir, target, &quote! { ::#ours })?;
                quote! { #path::from("x") }
            }
            other => {
                return Err(unsupported(
                    shape,
                    &format!("a required HTTP-bound {other:?} (member {})", m.name),
                ));
            }
        };
        let field = ident(&m.rust_name);
        out.push(quote! { input.#field = ::std::option::Option::Some(#value); });
    }
    Ok(out)
}
