//! `operation.rs`: one marker type per operation implementing the runtime's `Operation`.

use proc_macro2::TokenStream;
use quote::quote;

use super::{deprecated_attr, docs_or, errors, ident, module_attrs, operation_io_type, ser};
use crate::CodegenError;
use crate::ir::{HostPrefixPart, OperationIr, ServiceIr};
use crate::runtime_type::{
    AWS_JSON_BUILD_REQUEST, AWS_JSON_OPERATION_SPEC, AWS_JSON_PARSE_RESPONSE, AWS_JSON_VERSION,
    BUILD_ERROR, HTTP_REQUEST, HTTP_RESPONSE, JSON_OBJECT_BODY, OPERATION, VALIDATE_HOST_LABEL,
};

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
            quote! { let body = #JSON_OBJECT_BODY(|object| crate::ser::#ser_fn(object, input))?; }
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
    let read_output = match &op.output {
        Some(id) => {
            let document = super::de::document_fn_name(ir.shape(id)?);
            quote! { crate::de::#document }
        }
        // Nothing to read: a Unit output ignores the body.
        None => quote! { |_| ::std::result::Result::Ok(()) },
    };
    Ok(quote! {
        #docs
        #deprecated
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
        pub struct #name;

        impl #OPERATION for #name {
            type Input = #input_ty;
            type Output = #output_ty;
            type Error = crate::error::#error;

            const NAME: &'static str = #wire_name;

            fn build_request(
                #input_param: &Self::Input,
                endpoint: &str,
            ) -> ::std::result::Result<#HTTP_REQUEST, #BUILD_ERROR> {
                const SPEC: #AWS_JSON_OPERATION_SPEC = #AWS_JSON_OPERATION_SPEC {
                    version: #AWS_JSON_VERSION::#protocol,
                    target: #target,
                    request_compression: #compression,
                };
                #body
                #endpoint_override
                #host_prefix
            }

            fn parse_response(
                response: &#HTTP_RESPONSE,
            ) -> ::std::result::Result<Self::Output, Self::Error> {
                #AWS_JSON_PARSE_RESPONSE(response, #read_output, crate::error::#error_fn)
            }
        }
    })
}

/// The tail of `build_request`: expands the `@endpoint` host prefix, then builds the request.
fn host_prefix(op: &OperationIr) -> TokenStream {
    let Some(parts) = &op.host_prefix else {
        return quote! { #AWS_JSON_BUILD_REQUEST(&SPEC, endpoint, ::std::option::Option::None, body) };
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
                    #VALIDATE_HOST_LABEL(#shape_name, #wire, label)?;
                    prefix.push_str(label);
                });
            }
        }
    }
    quote! {
        let mut prefix = ::std::string::String::new();
        #(#pushes)*
        #AWS_JSON_BUILD_REQUEST(&SPEC, endpoint, ::std::option::Option::Some(&prefix), body)
    }
}

/// The only character of `text`, if it has exactly one (clippy prefers `push` for those).
fn single_char(text: &str) -> Option<char> {
    let mut chars = text.chars();
    chars.next().filter(|_| chars.as_str().is_empty())
}
