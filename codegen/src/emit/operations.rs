//! The `operation` module: `operation/mod.rs` declares one module per operation, and each
//! operation's file holds what a reader looks for together: the marker type implementing the
//! runtime's `Operation`, the input, the output and the error enum.

use proc_macro2::TokenStream;
use quote::quote;

use super::{
    deprecated_attr, doc_attrs, docs_or, errors, ident, module_attrs, operation_io_type, types,
};
use crate::CodegenError;
use smithy_model::ShapeId;

use crate::ir::{HostPrefixPart, OperationIr, ServiceIr, TypeHome};
use crate::runtime_type::{
    AS_ENDPOINT, BUILD_ERROR, CONTENT_MD5, DEFAULT_HEADER, HTTP_REQUEST, HTTP_RESPONSE, OPERATION,
    RESPONSE_REQUEST_ID, SHA256_TREE_HASH, URL_OVERRIDE, VALIDATE_HOST_LABEL,
};

/// `operation/mod.rs`: one documented module per operation.
pub fn index(ir: &ServiceIr) -> Result<TokenStream, CodegenError> {
    let modules = ir.operations.iter().map(|op| {
        let module = ident(&op.module);
        let docs = doc_attrs(&format!(
            "[`{name}`]({module}::{name}): {summary}",
            name = op.rust_name,
            module = op.module.trim_start_matches("r#"),
            summary = op
                .summary
                .clone()
                .unwrap_or_else(|| format!("the `{}` operation.", op.name)),
        ));
        quote! {
            #docs
            pub mod #module;
        }
    });
    Ok(quote! { #(#modules)* })
}

/// The file of one operation's module.
pub fn module(ir: &ServiceIr, op: &OperationIr) -> Result<TokenStream, CodegenError> {
    let attrs = module_attrs();
    let marker = operation(ir, op)?;
    let home = TypeHome::Operation(op.module.clone());
    // A shape lives here only when it is this operation's input or output and nothing else's.
    let mut io = Vec::new();
    for id in op.input.iter().chain(op.output.iter()) {
        let shape = ir.shape(id)?;
        if shape.home == home {
            io.push(types::shape_tokens(ir, shape)?);
        }
    }
    let error = errors::operation_enum(ir, op)?;
    Ok(quote! {
        #attrs
        #marker
        #(#io)*
        #error
    })
}

/// The marker type and `Operation` impl of one operation. What is the same for every protocol
/// (the endpoint override, the `@endpoint` host prefix) is here; the protocol writes the rest.
pub fn operation(ir: &ServiceIr, op: &OperationIr) -> Result<TokenStream, CodegenError> {
    let name = ident(&op.rust_name);
    let docs = docs_or(op.docs.as_deref(), || {
        format!("The `{}` operation.", op.name)
    });
    let deprecated = deprecated_attr(op.deprecated.as_ref());
    let wire_name = &op.name;
    let error = ident(&op.error_enum);
    let input_ty = local_io_type(ir, op, op.input.as_ref())?;
    let output_ty = local_io_type(ir, op, op.output.as_ref())?;
    let input_param = if op.input.is_some() {
        quote! { input }
    } else {
        quote! { _input }
    };
    let endpoint_override = match &op.endpoint_member {
        Some((field, _)) => {
            let field = ident(field);
            quote! {
                // The service hands out per-resource endpoints; a set member wins.
                let endpoint = &#URL_OVERRIDE::new(
                    endpoint,
                    input.#field.as_deref().filter(|custom| !custom.is_empty()),
                );
            }
        }
        None => TokenStream::new(),
    };
    let (prefix, host_prefix) = host_prefix(op);
    let build = finish_request(ir, op, ir.protocol.build_request(ir, op, &host_prefix)?);
    let parse = ir
        .protocol
        .parse_response(ir, op, &quote! { #error::from_response })?;
    // An output keeps the request id of its response, whatever the protocol.
    let output = op.output.as_ref().map(|id| ir.shape(id)).transpose()?;
    let parse = match output.and_then(|shape| types::request_id_field(ir, shape)) {
        Some(field) => {
            // The protocol writes a body; one that is a single expression needs no block.
            let result = match syn::parse2::<syn::Expr>(parse.clone()) {
                Ok(_) => parse,
                Err(_) => quote! { { #parse } },
            };
            quote! {
                let mut output = #result?;
                output.#field = #RESPONSE_REQUEST_ID::from_response(response);
                ::std::result::Result::Ok(output)
            }
        }
        None => parse,
    };
    Ok(quote! {
        #docs
        #deprecated
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
        pub struct #name;

        impl #OPERATION for #name {
            type Input = #input_ty;
            type Output = #output_ty;
            type Error = #error;

            const NAME: &'static str = #wire_name;

            fn build_request(
                #input_param: &Self::Input,
                endpoint: &(impl #AS_ENDPOINT + ?::std::marker::Sized),
            ) -> ::std::result::Result<#HTTP_REQUEST, #BUILD_ERROR> {
                #endpoint_override
                #prefix
                #build
            }

            fn parse_response(
                response: &#HTTP_RESPONSE,
            ) -> ::std::result::Result<Self::Output, Self::Error> {
                #parse
            }
        }
    })
}

/// `build`, then what every protocol adds to the built request: the `codegen.json` request
/// headers, and checksums of the body as sent (`@httpChecksumRequired`, `payload_checksums`).
fn finish_request(ir: &ServiceIr, op: &OperationIr, build: TokenStream) -> TokenStream {
    let mut steps = Vec::new();
    for (name, value) in &ir.request_headers {
        steps.push(quote! { #DEFAULT_HEADER(&mut request, #name, #value)?; });
    }
    if op.checksum_required {
        steps.push(quote! { #CONTENT_MD5(&mut request)?; });
    }
    if let Some(headers) = &op.payload_checksums {
        let (sha256, tree_hash) = (&headers.sha256, &headers.tree_hash);
        steps.push(quote! { #SHA256_TREE_HASH(&mut request, #sha256, #tree_hash)?; });
    }
    if steps.is_empty() {
        return build;
    }
    quote! {
        let mut request = { #build }?;
        #(#steps)*
        ::std::result::Result::Ok(request)
    }
}

/// An operation's input or output type as its own module names it: bare when it lives there.
fn local_io_type(
    ir: &ServiceIr,
    op: &OperationIr,
    shape: Option<&ShapeId>,
) -> Result<TokenStream, CodegenError> {
    match shape.map(|id| ir.shape(id)).transpose()? {
        Some(s) if s.home == TypeHome::Operation(op.module.clone()) => {
            let name = ident(&s.rust_name);
            Ok(quote! { #name })
        }
        _ => operation_io_type(ir, shape),
    }
}

/// Statements that expand the `@endpoint` host prefix into `prefix`, and the expression of type
/// `Option<&str>` that hands it to the protocol.
fn host_prefix(op: &OperationIr) -> (TokenStream, TokenStream) {
    let Some(parts) = &op.host_prefix else {
        return (TokenStream::new(), quote! { ::std::option::Option::None });
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
    (
        quote! {
            let mut prefix = ::std::string::String::new();
            #(#pushes)*
        },
        quote! { ::std::option::Option::Some(&prefix) },
    )
}

/// The only character of `text`, if it has exactly one (clippy prefers `push` for those).
fn single_char(text: &str) -> Option<char> {
    let mut chars = text.chars();
    chars.next().filter(|_| chars.as_str().is_empty())
}
