//! `client.rs` (crate feature `client`): a `Client` with one async method per operation, each
//! driving the operation's `Operation` impl through `smithy_client::ServiceClient`.

use proc_macro2::TokenStream;
use quote::quote;

use super::{deprecated_attr, doc_attrs, ident, module_attrs, operation_io_type, operation_module};
use crate::CodegenError;
use crate::ir::{OperationIr, ServiceIr};

/// Method names the `Client` itself uses; an operation with one of these names would clash.
const RESERVED: [&str; 4] = ["new", "with_transport", "config", "service_client"];

/// The whole `client.rs` file.
pub fn file(ir: &ServiceIr) -> Result<TokenStream, CodegenError> {
    let attrs = module_attrs();
    let signing_name = match &ir.signing_name {
        Some(_) => quote! { ::std::option::Option::Some(crate::SIGNING_NAME) },
        None => quote! { ::std::option::Option::None },
    };
    let sdk_id = match &ir.sdk_id {
        Some(id) => quote! { ::std::option::Option::Some(#id) },
        None => quote! { ::std::option::Option::None },
    };
    let endpoint_items = super::endpoint::client_items(ir);
    let resolve_endpoint = match &endpoint_items {
        Some(_) => quote! { ::std::option::Option::Some(resolve_endpoint) },
        None => quote! { ::std::option::Option::None },
    };
    let title = ir.title.as_deref().unwrap_or(&ir.name);
    let crate_name = ir.package.replace('-', "_");
    let client_doc = doc_attrs(&format!(
        "A client for {title}: one async method per operation, each of which builds the request \
         with the generated code, signs it (SigV4), sends it and parses the response.\n\n\
         `Client::new` sends over HTTPS ([`HyperTransport`]); [`Client::with_transport`] takes any \
         [`Transport`], such as [`InMemoryTransport`] for tests. Clones share the connection \
         pool. Errors are [`Error`]`<operation error>`: configuration, build, signing, transport \
         and timeout failures are separate variants from the service's own errors.\n\n\
         Calls are retried as the AWS SDKs' standard mode does (3 attempts, jittered \
         exponential backoff, a retry quota) and time out per attempt after 30 s; \
         [`RetryConfig`] and [`TimeoutConfig`] change that.\n\n\
         ```no_run\n\
         use std::time::Duration;\n\
         use {crate_name}::client::{{Config, RetryConfig, TimeoutConfig}};\n\n\
         let config = Config::new(\"us-east-1\")\n    \
             .with_retry_config(RetryConfig::standard().with_max_attempts(5))\n    \
             .with_timeout_config(TimeoutConfig::default().with_operation_timeout(Duration::from_secs(60)));\n\
         // Credentials: the default chain (environment, profile files, container, EC2\n\
         // instance metadata) unless Config::with_credentials(_provider) sets them.\n\
         // Config::from_env() also reads the region and endpoint as the AWS SDKs do.\n\
         let client = {crate_name}::Client::new(config);\n\
         # let _ = client;\n\
         ```"
    ));
    let new_doc = doc_attrs(&format!(
        "A client that sends over HTTPS, with the connect timeout and [`HttpConfig`] of \
         `config`. {}",
        match &ir.endpoint_prefix {
            Some(_) =>
                "Without an endpoint configured ([`Config::with_endpoint`], or the \
                        environment for a [`Config::from_env`]), requests go to \
                        [`endpoint`](crate::endpoint)`(region)`.",
            None => "The model names no standard endpoint: set [`Config::with_endpoint`].",
        }
    ));
    let unsigned = ir
        .operations
        .iter()
        .filter(|op| op.unsigned)
        .map(|op| &op.name);
    let mut methods = Vec::new();
    for op in &ir.operations {
        methods.push(method(ir, op)?);
    }
    Ok(quote! {
        #attrs

        pub use ::smithy_client::{
            Config, ConfigError, Credentials, CredentialsError, DefaultCredentialsChain, Env,
            Error, HttpConfig, HyperTransport, InMemoryTransport, ProvideCredentials, RetryConfig,
            RetryMode, RetryQuota, TimeoutConfig, TimeoutKind, Transport,
            TransportError, TransportErrorKind,
        };

        const SERVICE: ::smithy_client::Service = ::smithy_client::Service {
            id: crate::SERVICE_ID,
            signing_name: #signing_name,
            sdk_id: #sdk_id,
            unsigned_operations: &[#(#unsigned),*],
            resolve_endpoint: #resolve_endpoint,
        };

        #endpoint_items

        #client_doc
        pub struct Client<T = ::smithy_client::HyperTransport> {
            inner: ::smithy_client::ServiceClient<T>,
        }

        impl Client {
            #new_doc
            pub fn new(config: Config) -> Self {
                let transport = ::smithy_client::HyperTransport::from_config(&config);
                Self::with_transport(config, transport)
            }
        }

        impl<T: ::smithy_client::Transport> Client<T> {
            /// A client that sends through `transport`.
            pub fn with_transport(config: Config, transport: T) -> Self {
                Self {
                    inner: ::smithy_client::ServiceClient::new(config, transport, SERVICE),
                }
            }

            /// The configuration the client was made with.
            pub fn config(&self) -> &Config {
                self.inner.config()
            }

            /// The service-independent client underneath, e.g. to call an operation generically.
            pub fn service_client(&self) -> &::smithy_client::ServiceClient<T> {
                &self.inner
            }

            #(#methods)*
        }

        impl<T> ::std::clone::Clone for Client<T> {
            fn clone(&self) -> Self {
                Self { inner: ::std::clone::Clone::clone(&self.inner) }
            }
        }

        impl<T> ::std::fmt::Debug for Client<T> {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Debug::fmt(&self.inner, f)
            }
        }
    })
}

/// `pub async fn put_record(&self, input) -> Result<Output, Error<OpError>>`.
fn method(ir: &ServiceIr, op: &OperationIr) -> Result<TokenStream, CodegenError> {
    if RESERVED.contains(&op.fn_name.as_str()) {
        return Err(CodegenError::new(format!(
            "operation {} becomes the client method `{}`, which the client already has; \
             add a service `rename`",
            op.id, op.fn_name
        )));
    }
    let name = ident(&op.fn_name);
    let marker = ident(&op.rust_name);
    let error = ident(&op.error_enum);
    let module = operation_module(op, &quote! { crate });
    let module_doc = format!("crate::operation::{}", op.module.trim_start_matches("r#"));
    let input_ty = operation_io_type(ir, op.input.as_ref())?;
    let output_ty = operation_io_type(ir, op.output.as_ref())?;
    let summary = op
        .summary
        .clone()
        .unwrap_or_else(|| format!("The `{}` operation.", op.name));
    let unsigned = if op.unsigned && ir.signing_name.is_some() {
        " The request is sent unsigned (the model's `@auth([])`), so it needs no credentials."
    } else {
        ""
    };
    let docs = doc_attrs(&format!(
        "{summary}\n\n\
         Calls [`{marker}`]({module_doc}::{marker}); a modeled error is \
         [`Error::Service`] with [`{error}`]({module_doc}::{error}).{unsigned}"
    ));
    let deprecated = deprecated_attr(op.deprecated.as_ref());
    let body = super::endpoint::client_call(ir, op).unwrap_or_else(|| {
        quote! { self.inner.call::<#module::#marker>(input).await }
    });
    Ok(quote! {
        #docs
        #deprecated
        pub async fn #name(
            &self,
            input: &#input_ty,
        ) -> ::std::result::Result<#output_ty, Error<#module::#error>> {
            #body
        }
    })
}
