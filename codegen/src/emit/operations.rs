//! `operation.rs`: one marker type per operation implementing `smithy_rt::Operation`.

use proc_macro2::TokenStream;
use quote::quote;

use super::{deprecated_attr, docs_or, errors, ident, module_attrs, operation_io_type, ser};
use crate::CodegenError;
use crate::ir::{HostPrefixPart, OperationIr, ServiceIr, ShapeIrKind};

/// The whole `operation.rs` file.
pub fn file(ir: &ServiceIr) -> Result<TokenStream, CodegenError> {
    let attrs = module_attrs();
    let mut items = Vec::new();
    for op in &ir.operations {
        items.push(operation(ir, op)?);
    }
    Ok(quote! { #attrs #(#items)* })
}

/// The marker type and `Operation` impl of one operation.
pub fn operation(ir: &ServiceIr, op: &OperationIr) -> Result<TokenStream, CodegenError> {
    let name = ident(&op.rust_name);
    let docs = docs_or(op.docs.as_deref(), || {
        format!("The `{}` operation.", op.name)
    });
    let deprecated = deprecated_attr(op.deprecated.as_ref());
    let wire_name = &op.name;
    let target = &op.target;
    let protocol = ident(ir.protocol.runtime_variant());
    let compression = op.request_compression;
    let error = ident(&op.error_enum);
    let input_ty = operation_io_type(ir, op.input.as_ref())?;
    let output_ty = operation_io_type(ir, op.output.as_ref())?;
    let input_param = if op.input.is_some() {
        quote! { input }
    } else {
        quote! { _input }
    };
    let body = match &op.input {
        Some(id) => {
            let ser_fn = ser::fn_name(ir.shape(id)?);
            quote! { let body = ::smithy_rt::write_body(|object| crate::ser::#ser_fn(object, input))?; }
        }
        None => quote! { let body = ::std::string::String::from("{}"); },
    };
    let host_prefix = host_prefix(op);
    let endpoint_override = match &op.endpoint_member {
        Some((field, _)) => {
            let field = ident(field);
            quote! {
                // The service hands out per-resource endpoints; a set member wins.
                let endpoint = match input.#field.as_deref() {
                    ::std::option::Option::Some(custom) if !custom.is_empty() => custom,
                    _ => endpoint,
                };
            }
        }
        None => TokenStream::new(),
    };
    let error_fn = errors::fn_name(op);
    let parse = match &op.output {
        Some(id) => {
            let shape = ir.shape(id)?;
            let document = super::de::document_fn_name(shape);
            let request_id = match &shape.kind {
                ShapeIrKind::Structure { members, .. } => super::types::request_id_field(members),
                _ => {
                    return Err(CodegenError::new(format!(
                        "output {id} of {} is not a structure",
                        op.id
                    )));
                }
            };
            quote! {
                let mut output = ::smithy_rt::parse_response(response, crate::de::#document, crate::error::#error_fn)?;
                output.#request_id = ::smithy_rt::ResponseRequestId::from_response(response);
                ::std::result::Result::Ok(output)
            }
        }
        // Nothing to read: a Unit output ignores the body.
        None => quote! {
            ::smithy_rt::parse_response(response, |_| ::std::result::Result::Ok(()), crate::error::#error_fn)
        },
    };
    Ok(quote! {
        #docs
        #deprecated
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
        pub struct #name;

        impl ::smithy_rt::Operation for #name {
            type Input = #input_ty;
            type Output = #output_ty;
            type Error = crate::error::#error;

            const NAME: &'static str = #wire_name;

            fn build_request(
                #input_param: &Self::Input,
                endpoint: &str,
            ) -> ::std::result::Result<::smithy_rt::HttpRequest, ::smithy_rt::BuildError> {
                const SPEC: ::smithy_rt::OperationSpec = ::smithy_rt::OperationSpec {
                    protocol: ::smithy_rt::Protocol::#protocol,
                    target: #target,
                    request_compression: #compression,
                };
                #body
                #endpoint_override
                #host_prefix
            }

            fn parse_response(
                response: &::smithy_rt::HttpResponse,
            ) -> ::std::result::Result<Self::Output, Self::Error> {
                #parse
            }
        }
    })
}

/// The tail of `build_request`: expands the `@endpoint` host prefix, then builds the request.
fn host_prefix(op: &OperationIr) -> TokenStream {
    let Some(parts) = &op.host_prefix else {
        return quote! { ::smithy_rt::build_request(&SPEC, endpoint, ::std::option::Option::None, body) };
    };
    let shape_name = op
        .input
        .as_ref()
        .map(|i| i.name().to_owned())
        .unwrap_or_default();
    let mut pushes = Vec::new();
    for part in parts {
        match part {
            HostPrefixPart::Literal(text) => pushes.push(match single_char(text) {
                Some(c) => quote! { prefix.push(#c); },
                None => quote! { prefix.push_str(#text); },
            }),
            HostPrefixPart::Label(field, wire) => {
                let field = ident(field);
                pushes.push(quote! {
                    let label = input.#field.as_deref().unwrap_or_default();
                    ::smithy_rt::validate_host_label(#shape_name, #wire, label)?;
                    prefix.push_str(label);
                });
            }
        }
    }
    quote! {
        let mut prefix = ::std::string::String::new();
        #(#pushes)*
        ::smithy_rt::build_request(&SPEC, endpoint, ::std::option::Option::Some(&prefix), body)
    }
}

/// The only character of `text`, if it has exactly one (clippy prefers `push` for those).
fn single_char(text: &str) -> Option<char> {
    let mut chars = text.chars();
    chars.next().filter(|_| chars.as_str().is_empty())
}
