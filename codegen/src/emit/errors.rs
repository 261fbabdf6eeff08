//! `error.rs`: one error enum per operation, a service-wide `Error`, and the code that maps
//! an error response onto them.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use smithy_model::ShapeId;

use super::types::meta_field;
use super::{de, doc_attrs, docs_or, ident, module_attrs};
use crate::CodegenError;
use crate::ir::layout::{Layouts, error_enum_is_lopsided};
use crate::ir::{ErrorIr, OperationIr, ServiceIr, ShapeIrKind};

/// Name of the function that maps an error response for an operation.
pub fn fn_name(op: &OperationIr) -> Ident {
    format_ident!("de_{}_error", op.fn_name)
}

/// The whole `error.rs` file.
pub fn file(ir: &ServiceIr) -> Result<TokenStream, CodegenError> {
    let attrs = module_attrs();
    let mut items = Vec::new();
    for id in &ir.errors {
        items.push(read_error_fn(ir, id)?);
    }
    for op in &ir.operations {
        items.push(operation_enum(ir, op)?);
    }
    items.push(service_enum(ir)?);
    Ok(quote! { #attrs #(#items)* })
}

fn read_error_name(ir: &ServiceIr, id: &ShapeId) -> Result<Ident, CodegenError> {
    Ok(format_ident!("read_{}", ir.shape(id)?.fn_suffix))
}

/// Reads one modeled error from the body and attaches the response metadata.
fn read_error_fn(ir: &ServiceIr, id: &ShapeId) -> Result<TokenStream, CodegenError> {
    let shape = ir.shape(id)?;
    let ShapeIrKind::Structure { members, .. } = &shape.kind else {
        return Err(CodegenError::new(format!(
            "error shape {id} is not a structure"
        )));
    };
    let name = read_error_name(ir, id)?;
    let ty = ident(&shape.rust_name);
    let document = de::document_fn_name(shape);
    let meta = meta_field(members);
    // A message sent under another key (`Message`, `errorMessage`) still fills the modeled
    // member, as the SDKs do.
    let fill_message = match &shape.kind {
        ShapeIrKind::Structure { error: Some(e), .. } => e.message_field.as_ref().map(|field| {
            let field = ident(field);
            quote! {
                if error.#field.is_none() {
                    error.#field = meta.message().map(::std::borrow::ToOwned::to_owned);
                }
            }
        }),
        _ => None,
    };
    Ok(quote! {
        fn #name(
            body: &[u8],
            meta: ::smithy_rt::ErrorMetadata,
            status: u16,
        ) -> ::std::result::Result<crate::types::#ty, ::smithy_rt::UnhandledError> {
            match crate::de::#document(body) {
                ::std::result::Result::Ok(mut error) => {
                    #fill_message
                    error.#meta = ::std::boxed::Box::new(meta);
                    ::std::result::Result::Ok(error)
                }
                ::std::result::Result::Err(source) => {
                    ::std::result::Result::Err(::smithy_rt::UnhandledError::malformed(status, meta, source))
                }
            }
        }
    })
}

/// Variants and the shared trait impls of an error enum over `errors`.
fn error_enum(
    ir: &ServiceIr,
    name: &Ident,
    docs: TokenStream,
    errors: &[ShapeId],
) -> Result<TokenStream, CodegenError> {
    let unhandled = ident(&ir.unhandled_variant);
    let mut variants = Vec::new();
    let mut names = Vec::new();
    for id in errors {
        let shape = ir.shape(id)?;
        let variant = ident(&shape.rust_name);
        let vdocs = doc_attrs(&format!(
            "{} See [`{name}`](crate::types::{name}).",
            shape
                .summary
                .as_deref()
                .unwrap_or(&format!("The service returned `{}`.", id.name())),
            name = shape.rust_name
        ));
        variants.push(quote! { #vdocs #variant(crate::types::#variant), });
        names.push(variant);
    }
    // Variants hold the modeled errors by value so callers can match on them; an error with
    // big members then trips clippy's size check, which is allowed only where it can fire.
    let lopsided = error_enum_is_lopsided(&mut Layouts::new(&ir.shapes), errors);
    let allow_large = lopsided.then(|| {
        quote! {
            #[allow(clippy::large_enum_variant, reason = "modeled errors are kept unboxed so they can be matched on")]
        }
    });
    Ok(quote! {
        #docs
        #[non_exhaustive]
        #[derive(Debug)]
        #allow_large
        pub enum #name {
            #(#variants)*
            /// An error the model does not describe, or a response that could not be read.
            /// Its metadata keeps the code, message and request id that came with it.
            #unhandled(::smithy_rt::UnhandledError),
        }

        impl #name {
            /// The error this variant holds; the trait impls below all go through it.
            fn inner(&self) -> &dyn ::smithy_rt::ServiceError {
                match self {
                    #( Self::#names(error) => error, )*
                    Self::#unhandled(error) => error,
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(self.inner(), f)
            }
        }

        impl ::std::error::Error for #name {
            fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
                self.inner().source()
            }
        }

        impl ::smithy_rt::ProvideErrorMetadata for #name {
            fn meta(&self) -> &::smithy_rt::ErrorMetadata {
                self.inner().meta()
            }
        }

        impl ::smithy_rt::RequestId for #name {
            fn request_id(&self) -> ::std::option::Option<&str> {
                ::smithy_rt::RequestId::request_id(::smithy_rt::ProvideErrorMetadata::meta(self))
            }
        }

        impl ::std::convert::From<::smithy_rt::UnhandledError> for #name {
            fn from(error: ::smithy_rt::UnhandledError) -> Self {
                Self::#unhandled(error)
            }
        }
    })
}

/// The error enum of one operation, its response mapping and its conversion into `Error`.
pub fn operation_enum(ir: &ServiceIr, op: &OperationIr) -> Result<TokenStream, CodegenError> {
    let name = ident(&op.error_enum);
    let docs = docs_or(None, || format!("Errors of the `{}` operation.", op.name));
    let enum_tokens = error_enum(ir, &name, docs, &op.errors)?;
    let unhandled = ident(&ir.unhandled_variant);
    let mut arms = Vec::new();
    let mut into_service = Vec::new();
    for id in &op.errors {
        let shape = ir.shape(id)?;
        let variant = ident(&shape.rust_name);
        let read = read_error_name(ir, id)?;
        // A query-compatible service names the error by its `@awsQueryError` code in the
        // `x-amzn-query-error` header, and by its shape name in the body.
        let code = id.name();
        let codes = match &shape.kind {
            ShapeIrKind::Structure {
                error:
                    Some(ErrorIr {
                        query_code: Some(query),
                        ..
                    }),
                ..
            } if query != code => quote! { #query | #code },
            _ => quote! { #code },
        };
        arms.push(quote! {
            ::std::option::Option::Some(#codes) => match #read(body, meta, status) {
                ::std::result::Result::Ok(error) => #name::#variant(error),
                ::std::result::Result::Err(error) => #name::#unhandled(error),
            },
        });
        into_service.push(quote! { #name::#variant(error) => Error::#variant(error), });
    }
    let dispatch = if arms.is_empty() {
        quote! { #name::#unhandled(::smithy_rt::UnhandledError::new(meta, status)) }
    } else {
        quote! {
            match meta.code() {
                #(#arms)*
                _ => #name::#unhandled(::smithy_rt::UnhandledError::new(meta, status)),
            }
        }
    };
    let map_fn = fn_name(op);
    let doc = format!(
        " Maps an error response of `{}` onto [`{}`].",
        op.name, op.error_enum
    );
    let error_parts = if ir.query_compatible {
        quote! { ::smithy_rt::query_compatible_error_parts }
    } else {
        quote! { ::smithy_rt::error_parts }
    };
    let body_param = if op.errors.is_empty() {
        quote! { _body }
    } else {
        quote! { body }
    };
    Ok(quote! {
        #enum_tokens

        #[doc = #doc]
        pub(crate) fn #map_fn(response: &::smithy_rt::HttpResponse) -> #name {
            let status = response.status().as_u16();
            let (#body_param, meta) = match #error_parts(response) {
                ::std::result::Result::Ok(parts) => parts,
                ::std::result::Result::Err(error) => return #name::#unhandled(error),
            };
            #dispatch
        }

        impl ::std::convert::From<#name> for Error {
            fn from(error: #name) -> Self {
                match error {
                    #(#into_service)*
                    #name::#unhandled(error) => Error::#unhandled(error),
                }
            }
        }
    })
}

fn service_enum(ir: &ServiceIr) -> Result<TokenStream, CodegenError> {
    let docs = docs_or(None, || {
        "Any error of any operation of the service; every operation error converts into it."
            .to_owned()
    });
    error_enum(ir, &format_ident!("Error"), docs, &ir.errors)
}
