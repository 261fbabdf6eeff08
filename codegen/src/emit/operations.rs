//! `operation.rs`: one marker type per operation implementing the runtime's `Operation`.

use proc_macro2::TokenStream;
use quote::quote;

use super::{deprecated_attr, docs_or, errors, ident, module_attrs, operation_io_type};
use crate::CodegenError;
use crate::ir::{HostPrefixPart, OperationIr, ServiceIr};
use crate::runtime_type::{
    BUILD_ERROR, HTTP_REQUEST, HTTP_RESPONSE, OPERATION, VALIDATE_HOST_LABEL,
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
    let input_ty = operation_io_type(ir, op.input.as_ref())?;
    let output_ty = operation_io_type(ir, op.output.as_ref())?;
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
                let endpoint = match input.#field.as_deref() {
                    ::std::option::Option::Some(custom) if !custom.is_empty() => custom,
                    _ => endpoint,
                };
            }
        }
        None => TokenStream::new(),
    };
    let (prefix, host_prefix) = host_prefix(op);
    let build = ir.protocol.build_request(ir, op, &host_prefix)?;
    let error_fn = errors::fn_name(op);
    let parse = ir
        .protocol
        .parse_response(ir, op, &quote! { crate::error::#error_fn })?;
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
