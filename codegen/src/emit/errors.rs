//! Error enums and the code that maps an error response onto them: `error/mod.rs` holds the
//! service-wide `Error`, the modeled error structures (one file each, emitted by `types`) and
//! one reader per modeled error; each operation's module holds its own error enum.
//!
//! Mapping is the same for every protocol: the protocol gives the error's code and metadata
//! (`Protocol::error_parts`) and reads a modeled error's members (`Protocol::read_error`).

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use smithy_model::{ErrorFault, ShapeId};

use super::types::meta_field;
use super::{doc_attrs, docs_or, ident, module_attrs, named_type, type_doc_path, type_index};
use crate::CodegenError;
use crate::ir::layout::{Layouts, error_enum_is_lopsided};
use crate::ir::{ErrorIr, OperationIr, ServiceIr, ShapeIr, ShapeIrKind, TypeHome};
use crate::runtime_type::{
    ERROR_METADATA, HTTP_RESPONSE, PROVIDE_ERROR_METADATA, PROVIDE_RETRY_KIND, REQUEST_ID, RETRY,
    RETRY_CLASSIFY, RETRY_ERROR_KIND, SERVICE_ERROR, UNHANDLED_ERROR,
};

/// `error/mod.rs`: the modeled errors (each from its own file), `Error`, and the readers.
pub fn file(ir: &ServiceIr) -> Result<TokenStream, CodegenError> {
    let attrs = module_attrs();
    let index = type_index(ir, &TypeHome::Error);
    let mut items = vec![service_enum(ir)?];
    for id in &ir.errors {
        items.push(read_error_fn(ir, id)?);
    }
    Ok(quote! { #attrs #index #(#items)* })
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
    let ty = named_type(ir, id)?;
    let read = ir.protocol.read_error(ir, shape)?;
    let doc = format!(" Reads a `{}` error response.", id.name());
    let meta = meta_field(members);
    // A message sent under another key (`Message`, `errorMessage`) still fills the modeled
    // member, as the SDKs do.
    let message_member = match &shape.kind {
        ShapeIrKind::Structure { error: Some(e), .. } => e
            .message_field
            .as_ref()
            .and_then(|field| members.iter().find(|m| &m.rust_name == field)),
        _ => None,
    };
    let fill_message = message_member.map(|m| {
        let field = ident(&m.rust_name);
        if m.optional {
            quote! {
                if error.#field.is_none() {
                    error.#field = meta.message().map(::std::borrow::ToOwned::to_owned);
                }
            }
        } else {
            // A required message the body left out reads as "" (client error correction).
            quote! {
                if error.#field.is_empty()
                    && let ::std::option::Option::Some(message) = meta.message()
                {
                    error.#field = ::std::borrow::ToOwned::to_owned(message);
                }
            }
        }
    });
    Ok(quote! {
        #[doc = #doc]
        pub(crate) fn #name(
            response: &#HTTP_RESPONSE,
            body: &[u8],
            meta: #ERROR_METADATA,
        ) -> ::std::result::Result<#ty, #UNHANDLED_ERROR> {
            match #read {
                ::std::result::Result::Ok(mut error) => {
                    #fill_message
                    error.#meta = ::std::boxed::Box::new(meta);
                    ::std::result::Result::Ok(error)
                }
                ::std::result::Result::Err(source) => {
                    let status = response.status().as_u16();
                    ::std::result::Result::Err(#UNHANDLED_ERROR::malformed(status, meta, source))
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
    here: &TypeHome,
) -> Result<TokenStream, CodegenError> {
    let unhandled = ident(&ir.unhandled_variant);
    let mut variants = Vec::new();
    let mut names = Vec::new();
    for id in errors {
        let shape = ir.shape(id)?;
        let variant = ident(&shape.rust_name);
        // A link to a type of the same module is bare (rustdoc calls the path redundant).
        let link = if &shape.home == here {
            format!("[`{}`]", shape.rust_name)
        } else {
            format!("[`{}`]({})", shape.rust_name, type_doc_path(shape))
        };
        let vdocs = doc_attrs(&format!(
            "{} See {link}.",
            shape
                .summary
                .as_deref()
                .unwrap_or(&format!("The service returned `{}`.", id.name())),
        ));
        let ty = named_type(ir, id)?;
        variants.push(quote! { #vdocs #variant(#ty), });
        names.push(variant);
    }
    let retry_doc = doc_attrs(&format!(
        "How a retry of the call would be treated ([`retry`]({})), or `None` if\n\
         retrying can't help.",
        RETRY.path()
    ));
    // Variants hold the modeled errors by value so callers can match on them; an error with
    // big members then trips clippy's size check, which is allowed only where it can fire.
    let lopsided = error_enum_is_lopsided(&mut Layouts::for_service(ir), errors);
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
            #unhandled(#UNHANDLED_ERROR),
        }

        impl #name {
            /// The error this variant holds; the trait impls below all go through it.
            fn inner(&self) -> &dyn #SERVICE_ERROR {
                match self {
                    #( Self::#names(error) => error, )*
                    Self::#unhandled(error) => error,
                }
            }

            #retry_doc
            pub fn retry_kind(&self) -> ::std::option::Option<#RETRY_ERROR_KIND> {
                #PROVIDE_RETRY_KIND::retry_kind(self)
            }

            /// Whether a retry of the call could succeed.
            pub fn is_retryable(&self) -> bool {
                #PROVIDE_RETRY_KIND::is_retryable(self)
            }

            /// Whether the service asked the caller to slow down.
            pub fn is_throttling(&self) -> bool {
                #PROVIDE_RETRY_KIND::is_throttling(self)
            }
        }

        impl #PROVIDE_RETRY_KIND for #name {
            fn retry_kind(&self) -> ::std::option::Option<#RETRY_ERROR_KIND> {
                #PROVIDE_RETRY_KIND::retry_kind(self.inner())
            }

            fn retry_kind_at(&self, status: u16) -> ::std::option::Option<#RETRY_ERROR_KIND> {
                #PROVIDE_RETRY_KIND::retry_kind_at(self.inner(), status)
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

        impl #PROVIDE_ERROR_METADATA for #name {
            fn meta(&self) -> &#ERROR_METADATA {
                self.inner().meta()
            }
        }

        impl #REQUEST_ID for #name {
            fn request_id(&self) -> ::std::option::Option<&str> {
                #REQUEST_ID::request_id(#PROVIDE_ERROR_METADATA::meta(self))
            }
        }

        impl ::std::convert::From<#UNHANDLED_ERROR> for #name {
            fn from(error: #UNHANDLED_ERROR) -> Self {
                Self::#unhandled(error)
            }
        }
    })
}

/// The `ProvideRetryKind` impl of a modeled error: its code (as its protocol gives it), the
/// status of the response (`retry_kind_at`; `retry_kind` assumes the one the protocol gives
/// the error) and its `@retryable` trait, through the runtime's `classify` so that the SDKs'
/// code lists live in one place. Error enums ask the error their variant holds.
pub fn retry_kind_impl(ir: &ServiceIr, shape: &ShapeIr, error: &ErrorIr) -> TokenStream {
    let name = ident(&shape.rust_name);
    let status = ir.protocol.error_status(shape);
    // The code the service's responses name it by: the last (for an awsJson service migrated
    // from awsQuery, the `x-amzn-query-error` code, which those responses carry).
    let code = ir.protocol.error_codes(ir, shape).pop().unwrap_or_default();
    let modeled = match error.retryable {
        None => quote! { ::std::option::Option::None },
        Some(true) => quote! { ::std::option::Option::Some(#RETRY_ERROR_KIND::ThrottlingError) },
        Some(false) if error.fault == ErrorFault::Server => {
            quote! { ::std::option::Option::Some(#RETRY_ERROR_KIND::ServerError) }
        }
        Some(false) => quote! { ::std::option::Option::Some(#RETRY_ERROR_KIND::ClientError) },
    };
    quote! {
        impl #PROVIDE_RETRY_KIND for #name {
            fn retry_kind(&self) -> ::std::option::Option<#RETRY_ERROR_KIND> {
                #PROVIDE_RETRY_KIND::retry_kind_at(self, #status)
            }

            fn retry_kind_at(&self, status: u16) -> ::std::option::Option<#RETRY_ERROR_KIND> {
                #RETRY_CLASSIFY(status, ::std::option::Option::Some(#code), #modeled)
            }
        }
    }
}

/// The error enum of one operation, its response mapping and its conversion into `Error`.
pub fn operation_enum(ir: &ServiceIr, op: &OperationIr) -> Result<TokenStream, CodegenError> {
    let name = ident(&op.error_enum);
    let docs = docs_or(None, || format!("Errors of the `{}` operation.", op.name));
    let here = TypeHome::Operation(op.module.clone());
    let enum_tokens = error_enum(ir, &name, docs, &op.errors, &here)?;
    let unhandled = ident(&ir.unhandled_variant);
    let mut arms = Vec::new();
    let mut into_service = Vec::new();
    for id in &op.errors {
        let shape = ir.shape(id)?;
        let variant = ident(&shape.rust_name);
        let read = read_error_name(ir, id)?;
        let codes = ir.protocol.error_codes(ir, shape);
        arms.push(quote! {
            #(#codes)|* => crate::error::#read(response, body, meta).map_or_else(Self::from, Self::#variant),
        });
        into_service.push(quote! { #name::#variant(error) => Self::#variant(error), });
    }
    let unmodeled =
        quote! { Self::#unhandled(#UNHANDLED_ERROR::new(meta, response.status().as_u16())) };
    let (body, dispatch) = if arms.is_empty() {
        (quote! { _body }, unmodeled)
    } else {
        (
            quote! { body },
            quote! {
                match meta.code().unwrap_or_default() {
                    #(#arms)*
                    _ => #unmodeled,
                }
            },
        )
    };
    let error_parts = ir.protocol.error_parts(ir);
    Ok(quote! {
        #enum_tokens

        impl #name {
            /// Reads an error response: a modeled error by its code, anything else unhandled.
            pub(crate) fn from_response(response: &#HTTP_RESPONSE) -> Self {
                let (#body, meta) = match #error_parts(response) {
                    ::std::result::Result::Ok(parts) => parts,
                    ::std::result::Result::Err(error) => return Self::#unhandled(error),
                };
                #dispatch
            }
        }

        impl ::std::convert::From<#name> for crate::error::Error {
            fn from(error: #name) -> Self {
                match error {
                    #(#into_service)*
                    #name::#unhandled(error) => Self::#unhandled(error),
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
    error_enum(
        ir,
        &format_ident!("Error"),
        docs,
        &ir.errors,
        &TypeHome::Error,
    )
}
