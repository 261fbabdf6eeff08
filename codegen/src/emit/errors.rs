//! `error.rs`: one error enum per operation, a service-wide `Error`, and the code that maps
//! an error response onto them.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use smithy_model::ShapeId;

use super::types::meta_field;
use super::{de, doc_attrs, docs_or, ident, module_attrs};
use crate::CodegenError;
use crate::ir::{OperationIr, ServiceIr, ShapeIrKind, TypeRef};

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
    let mut retry_kinds = Vec::new();
    let mut largest = 0;
    for id in errors {
        let shape = ir.shape(id)?;
        retry_kinds.push(retry_kind(shape)?);
        largest = largest.max(size_bound(ir, &TypeRef::Named(id.clone()), 0)?);
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
    let allow_large = (largest > UNHANDLED_SIZE + LARGE_VARIANT_THRESHOLD).then(|| {
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

            /// How a retry of the call would be treated ([`smithy_rt::retry`]), or `None` if
            /// retrying can't help.
            pub fn retry_kind(&self) -> ::std::option::Option<::smithy_rt::retry::ErrorKind> {
                ::smithy_rt::ProvideRetryKind::retry_kind(self)
            }

            /// Whether a retry of the call could succeed.
            pub fn is_retryable(&self) -> bool {
                ::smithy_rt::ProvideRetryKind::is_retryable(self)
            }

            /// Whether the service asked the caller to slow down.
            pub fn is_throttling(&self) -> bool {
                ::smithy_rt::ProvideRetryKind::is_throttling(self)
            }
        }

        impl ::smithy_rt::ProvideRetryKind for #name {
            fn retry_kind(&self) -> ::std::option::Option<::smithy_rt::retry::ErrorKind> {
                match self {
                    #( Self::#names(_) => #retry_kinds, )*
                    Self::#unhandled(error) => ::smithy_rt::ProvideRetryKind::retry_kind(error),
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

/// The retry classification of a modeled error: its code, the status its model gives it
/// (`@httpError`, else 400 or 500 by fault) and its `@retryable` trait, through the runtime's
/// `classify` so that the SDKs' code lists live in one place.
fn retry_kind(shape: &crate::ir::ShapeIr) -> Result<TokenStream, CodegenError> {
    let ShapeIrKind::Structure { error: Some(error), .. } = &shape.kind else {
        return Err(CodegenError::new(format!(
            "error shape {} is not an error structure",
            shape.rust_name
        )));
    };
    let server = matches!(error.fault, smithy_model::ErrorFault::Server);
    let status = error.http_status.unwrap_or(if server { 500 } else { 400 });
    let modeled = match error.retryable {
        None => quote! { ::std::option::Option::None },
        Some(true) => quote! { ::std::option::Option::Some(::smithy_rt::retry::ErrorKind::ThrottlingError) },
        Some(false) if server => quote! { ::std::option::Option::Some(::smithy_rt::retry::ErrorKind::ServerError) },
        Some(false) => quote! { ::std::option::Option::Some(::smithy_rt::retry::ErrorKind::ClientError) },
    };
    let code = &error.code;
    Ok(quote! {
        ::smithy_rt::retry::classify(#status, ::std::option::Option::Some(#code), #modeled)
    })
}

/// Size of `UnhandledError` on 64-bit targets; every error enum has a variant holding one.
const UNHANDLED_SIZE: usize = 40;
/// Clippy's default `enum-variant-size-threshold`.
const LARGE_VARIANT_THRESHOLD: usize = 200;

/// An upper bound of the size in bytes of a value of `ty` on a 64-bit target (every scalar
/// counted as 8, every `Option` as 8 more). Structures include error metadata when they are
/// errors. Only used to decide whether clippy's `large_enum_variant` can fire.
fn size_bound(ir: &ServiceIr, ty: &TypeRef, depth: usize) -> Result<usize, CodegenError> {
    // Cycles always pass through a box, list or map, so this only guards odd input.
    if depth > 64 {
        return Ok(usize::MAX / 4);
    }
    Ok(match ty {
        TypeRef::Unit => 0,
        TypeRef::Boolean | TypeRef::Byte | TypeRef::Short | TypeRef::Integer | TypeRef::Long => 8,
        TypeRef::Float | TypeRef::Double => 8,
        TypeRef::String
        | TypeRef::BigInteger
        | TypeRef::BigDecimal
        | TypeRef::Blob
        | TypeRef::List { .. } => 24,
        TypeRef::Timestamp(_) => 16,
        TypeRef::Map { .. } => 48,
        TypeRef::Document => 56,
        TypeRef::Named(id) => match &ir.shape(id)?.kind {
            ShapeIrKind::Enum { .. } => 32,
            ShapeIrKind::IntEnum { .. } => 8,
            ShapeIrKind::Structure { members, error } => {
                let mut total = if error.is_some() {
                    ERROR_METADATA_SIZE
                } else {
                    0
                };
                for m in members {
                    let inner = if m.boxed {
                        8
                    } else {
                        size_bound(ir, &m.ty, depth + 1)?
                    };
                    total = total.saturating_add(inner + 8);
                }
                total
            }
            ShapeIrKind::Union { members, .. } => {
                let mut widest = 0;
                for m in members {
                    widest = widest.max(if m.boxed {
                        8
                    } else {
                        size_bound(ir, &m.ty, depth + 1)?
                    });
                }
                widest.saturating_add(8)
            }
        },
    })
}

/// Error structures hold their `ErrorMetadata` in a `Box`.
const ERROR_METADATA_SIZE: usize = 8;

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
        let code = id.name();
        arms.push(quote! {
            ::std::option::Option::Some(#code) => match #read(body, meta, status) {
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
            let (#body_param, meta) = match ::smithy_rt::error_parts(response) {
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
