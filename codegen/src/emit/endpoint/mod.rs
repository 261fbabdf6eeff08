//! Endpoint resolution in the generated crate:
//!
//! - `src/endpoint_rules.rs` ([`file()`]): the rule set compiled to Rust. `EndpointParams` has
//!   one field per rule-set parameter; `resolve_endpoint` is the rules as nested `if`s
//!   (`resolver`) returning the runtime's `endpoint::Endpoint`.
//! - the crate root's `endpoint(region)`, and the re-exports of the rules' items
//!   ([`root_items`], [`rules_module`], which the emitted `lib.rs` places);
//! - the client's resolver, which fills the parameters from its `Config` and applies each
//!   operation's static context parameters ([`client_items`], [`client_call`]);
//! - `tests/endpoint_tests/` ([`tests`]): the model's `smithy.rules#endpointTests`.

mod resolver;
pub mod tests;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{doc_attrs, ident, operation_module};
use crate::CodegenError;
use crate::ir::endpoint::{EndpointParam, EndpointRules, Literal, ParamKind};
use crate::ir::{OperationIr, ServiceIr};
use crate::runtime_type::{CONTEXT_VALUE, ENDPOINT_ERROR, REGIONAL_ENDPOINT, RESOLVED_ENDPOINT};

/// The whole `endpoint_rules.rs` file.
pub fn file(rules: &EndpointRules) -> TokenStream {
    let params = params_struct(&rules.params);
    let (body, reads_params) = resolver::body(rules);
    let arg = if reads_params {
        quote! { params }
    } else {
        quote! { _params }
    };
    let signing_doc = format!(
        " ([`signing_region`]({}::signing_region)).",
        RESOLVED_ENDPOINT.path()
    );
    let error_doc = format!(
        " [`EndpointError`]({}) with the rule set's own",
        ENDPOINT_ERROR.path()
    );
    quote! {
        #params

        /// Resolves the endpoint from the service's endpoint rules
        /// (`smithy.rules#endpointRuleSet`, compiled into this function by the generator): its
        /// URL, the headers requests to it carry, and properties such as `authSchemes`, which
        /// can ask for another signing name or region
        #[doc = #signing_doc]
        ///
        /// # Errors
        ///
        #[doc = #error_doc]
        /// message when the rules reject the parameters (for example FIPS together with a
        /// custom endpoint, or no region).
        pub fn resolve_endpoint(
            #arg: &EndpointParams,
        ) -> ::std::result::Result<#RESOLVED_ENDPOINT, #ENDPOINT_ERROR> {
            #body
        }
    }
}

fn params_struct(params: &[EndpointParam]) -> TokenStream {
    let mut fields = Vec::new();
    let mut inits = Vec::new();
    let mut setters = Vec::new();
    let mut derivable = true;
    for p in params {
        let field = ident(&p.field);
        let mut doc = p.docs.clone().unwrap_or_else(|| format!("`{}`.", p.name));
        doc.push_str(&format!("\n\nRule-set parameter `{}`", p.name));
        if let Some(built_in) = &p.built_in {
            doc.push_str(&format!(", built-in `{built_in}`"));
        }
        let string = quote! { ::std::string::String };
        let (ty, value_ty, set) = match p.kind {
            ParamKind::Bool => (quote! { bool }, quote! { bool }, quote! { value }),
            ParamKind::String => (
                string.clone(),
                quote! { impl ::std::convert::Into<#string> },
                quote! { value.into() },
            ),
            ParamKind::StringArray => (
                quote! { ::std::vec::Vec<#string> },
                quote! { impl ::std::iter::IntoIterator<Item = impl ::std::convert::Into<#string>> },
                quote! { value.into_iter().map(::std::convert::Into::into).collect() },
            ),
        };
        let (ty, init, set) = match &p.default {
            Some(default) => {
                derivable &= match default {
                    Literal::Bool(b) => !b,
                    Literal::String(s) => s.is_empty(),
                    Literal::StringArray(items) => items.is_empty(),
                };
                doc.push_str(&format!("; default `{}`", literal_text(default)));
                (ty, literal_value(default), set)
            }
            None => (
                quote! { ::std::option::Option<#ty> },
                quote! { ::std::option::Option::None },
                quote! { ::std::option::Option::Some(#set) },
            ),
        };
        if p.required && p.default.is_none() {
            doc.push_str("; required");
        }
        doc.push('.');
        if let Some(deprecated) = &p.deprecated {
            doc.push_str(&format!("\n\n{deprecated}"));
        }
        let docs = doc_attrs(&doc);
        fields.push(quote! { #docs pub #field: #ty, });
        inits.push(quote! { #field: #init, });
        let setter = format_ident!("with_{}", p.field.trim_start_matches("r#"));
        let setter_doc = doc_attrs(&format!("Sets [`{0}`](Self::{0}).", p.field));
        setters.push(quote! {
            #setter_doc
            #[must_use]
            pub fn #setter(mut self, value: #value_ty) -> Self {
                self.#field = #set;
                self
            }
        });
    }
    let (derive, default_impl) = if derivable {
        (quote! { , Default }, TokenStream::new())
    } else {
        (
            TokenStream::new(),
            quote! {
                impl ::std::default::Default for EndpointParams {
                    fn default() -> Self {
                        EndpointParams { #(#inits)* }
                    }
                }
            },
        )
    };
    quote! {
        /// Parameters of the service's endpoint rules. Start from `default()` (the rule set's
        /// defaults) and set what you need with the `with_*` methods.
        #[derive(Debug, Clone, PartialEq, Eq #derive)]
        #[non_exhaustive]
        pub struct EndpointParams {
            #(#fields)*
        }

        #default_impl

        impl EndpointParams {
            #(#setters)*
        }
    }
}

/// A default or value as the field's Rust value.
fn literal_value(value: &Literal) -> TokenStream {
    match value {
        Literal::Bool(b) => quote! { #b },
        Literal::String(s) => quote! { ::std::string::String::from(#s) },
        Literal::StringArray(items) => {
            quote! { ::std::vec![#(::std::string::String::from(#items)),*] }
        }
    }
}

/// A value as the argument of the parameter's `with_*` setter.
fn setter_arg(value: &Literal) -> TokenStream {
    match value {
        Literal::Bool(b) => quote! { #b },
        Literal::String(s) => quote! { #s },
        Literal::StringArray(items) if items.is_empty() => {
            quote! { ::std::iter::empty::<&str>() }
        }
        Literal::StringArray(items) => quote! { [#(#items),*] },
    }
}

/// `.with_x(value)` for each of `values` (parameter name, value).
fn setter_calls(rules: &EndpointRules, values: &[(String, Literal)]) -> TokenStream {
    let mut out = TokenStream::new();
    for (name, value) in values {
        if let Some(param) = rules.param(name) {
            let setter = format_ident!("with_{}", param.field.trim_start_matches("r#"));
            let value = setter_arg(value);
            out.extend(quote! { .#setter(#value) });
        }
    }
    out
}

/// A value as the docs show it.
fn literal_text(value: &Literal) -> String {
    match value {
        Literal::Bool(b) => b.to_string(),
        Literal::String(s) => format!("{s:?}"),
        Literal::StringArray(items) => format!("{items:?}"),
    }
}

/// The crate root's `ENDPOINT_PREFIX` and `endpoint(region)`; `None` when the model names no
/// endpoint prefix.
pub fn root_items(ir: &ServiceIr) -> Option<TokenStream> {
    let prefix = ir.endpoint_prefix.as_ref()?;
    let region_field = ir
        .endpoint_rules
        .as_ref()
        .and_then(|r| r.region_field.as_deref());
    let regional = quote! {
        #RESOLVED_ENDPOINT::new(#REGIONAL_ENDPOINT(ENDPOINT_PREFIX, region))
    };
    let (text, body) = match region_field {
        Some(field) => {
            let setter = format_ident!("with_{}", field.trim_start_matches("r#"));
            (
                "[`resolve_endpoint`] with only the region set (no FIPS, no dual-stack, no \
                 custom endpoint); should the rules reject that, the standard regional URL. \
                 Sign for its [`signing_region`](Endpoint::signing_region) when it names one \
                 (global services do).",
                quote! {
                    resolve_endpoint(&EndpointParams::default().#setter(region))
                        .unwrap_or_else(|_| #regional)
                },
            )
        }
        None => (
            "FIPS, dual-stack and custom endpoints are URLs you pass to `build_request` \
             yourself.",
            regional,
        ),
    };
    let doc = doc_attrs(&format!(
        "The service's standard endpoint in `region`, e.g. \
         `https://{prefix}.us-east-1.amazonaws.com`.\n{text}"
    ));
    Some(quote! {
        /// Endpoint prefix of the service (`aws.api#service`).
        pub const ENDPOINT_PREFIX: &str = #prefix;

        #doc
        pub fn endpoint(region: &str) -> Endpoint {
            #body
        }
    })
}

/// The crate root's endpoint module and re-exports: the rules' `EndpointParams` and
/// `resolve_endpoint` (with their error), and the runtime's `Endpoint` that they and
/// `endpoint(region)` give. `None` when the crate has neither.
pub fn rules_module(ir: &ServiceIr) -> Option<TokenStream> {
    if ir.endpoint_rules.is_none() && ir.endpoint_prefix.is_none() {
        return None;
    }
    Some(match ir.endpoint_rules {
        Some(_) => quote! {
            #[rustfmt::skip]
            mod endpoint_rules;

            pub use #RESOLVED_ENDPOINT;
            pub use #ENDPOINT_ERROR;
            pub use endpoint_rules::{EndpointParams, resolve_endpoint};
        },
        None => quote! { pub use #RESOLVED_ENDPOINT; },
    })
}

/// The client's endpoint resolver: `resolve_endpoint(&Config)` for `Service`, and
/// `endpoint_params(&Config)`, the rule-set parameters a configuration gives (region and
/// endpoint override). `None` when the model has neither rules nor an endpoint prefix.
pub fn client_items(ir: &ServiceIr) -> Option<TokenStream> {
    let result = quote! {
        ::std::result::Result<#RESOLVED_ENDPOINT, #ENDPOINT_ERROR>
    };
    let Some(rules) = &ir.endpoint_rules else {
        ir.endpoint_prefix.as_ref()?;
        return Some(quote! {
            /// The configured endpoint, else the standard one of the configured region.
            fn resolve_endpoint(config: &Config) -> #result {
                ::std::result::Result::Ok(match config.endpoint() {
                    ::std::option::Option::Some(url) => #RESOLVED_ENDPOINT::new(url),
                    ::std::option::Option::None => crate::endpoint(config.region()),
                })
            }
        });
    };
    let mut sets = Vec::new();
    let string_param = |built_in: &str| {
        rules
            .built_in(built_in)
            .filter(|p| p.kind == ParamKind::String)
            .map(|p| format_ident!("with_{}", p.field.trim_start_matches("r#")))
    };
    if let Some(setter) = string_param("AWS::Region") {
        sets.push(quote! {
            if !config.region().is_empty() {
                params = params.#setter(config.region());
            }
        });
    }
    if let Some(setter) = string_param("SDK::Endpoint") {
        sets.push(quote! {
            if let ::std::option::Option::Some(url) = config.endpoint() {
                params = params.#setter(url);
            }
        });
    }
    let resolve = if rules.built_in("SDK::Endpoint").is_some() {
        quote! { crate::resolve_endpoint(&endpoint_params(config)) }
    } else {
        // The rules take no custom endpoint: a configured one is used as it is.
        quote! {
            match config.endpoint() {
                ::std::option::Option::Some(url) => {
                    ::std::result::Result::Ok(#RESOLVED_ENDPOINT::new(url))
                }
                ::std::option::Option::None => crate::resolve_endpoint(&endpoint_params(config)),
            }
        }
    };
    let (mutable, arg) = if sets.is_empty() {
        (TokenStream::new(), quote! { _config })
    } else {
        (quote! { mut }, quote! { config })
    };
    Some(quote! {
        /// The endpoint rule parameters a configuration gives: the region (unless empty) and
        /// the endpoint override.
        fn endpoint_params(#arg: &Config) -> crate::EndpointParams {
            let #mutable params = crate::EndpointParams::default();
            #(#sets)*
            params
        }

        /// The endpoint the rules give for a configuration.
        fn resolve_endpoint(config: &Config) -> #result {
            #resolve
        }
    })
}

/// The body of the client method of an operation that sets endpoint parameters of its own
/// (`staticContextParams`, input members with `contextParam`): resolve with them, then call.
/// `None` for other operations.
pub fn client_call(ir: &ServiceIr, op: &OperationIr) -> Option<TokenStream> {
    let rules = ir.endpoint_rules.as_ref()?;
    let values = rules
        .operation_params
        .iter()
        .find(|p| p.operation == op.name)?;
    let setters = setter_calls(rules, &values.values);
    let context = values.context.iter().filter_map(|(name, field)| {
        let param = rules.param(name)?;
        let setter = format_ident!("with_{}", param.field.trim_start_matches("r#"));
        let field = ident(field);
        Some(quote! {
            if let ::std::option::Option::Some(value) =
                #CONTEXT_VALUE::context_value(&input.#field)
            {
                params = params.#setter(value);
            }
        })
    });
    let mutable = if values.context.is_empty() {
        TokenStream::new()
    } else {
        quote! { mut }
    };
    let marker = ident(&op.rust_name);
    let module = operation_module(op, &quote! { crate });
    let resolve = if rules.built_in("SDK::Endpoint").is_some() {
        quote! { crate::resolve_endpoint(&params) }
    } else {
        quote! {
            match self.config().endpoint() {
                ::std::option::Option::Some(url) => {
                    ::std::result::Result::Ok(#RESOLVED_ENDPOINT::new(url))
                }
                ::std::option::Option::None => crate::resolve_endpoint(&params),
            }
        }
    };
    Some(quote! {
        // The operation sets endpoint parameters of its own (`staticContextParams`,
        // `contextParam`).
        let #mutable params = endpoint_params(self.config())#setters;
        #(#context)*
        let endpoint = #resolve.map_err(|e| Error::Config(ConfigError::Endpoint(e)))?;
        self.inner
            .call_with_endpoint::<#module::#marker>(input, &endpoint)
            .await
    })
}

/// A service's endpoint resolver and tests as two files of one module, for checking many
/// models in one scratch crate (`cargo xtask endpoint-tests`).
#[derive(Debug)]
pub struct Standalone {
    /// `endpoint_rules.rs`: `EndpointParams` and `resolve_endpoint`.
    pub rules: String,
    /// The endpoint tests, calling the resolver at the module path given to [`standalone`].
    pub tests: String,
    /// Number of test cases.
    pub cases: usize,
    /// (case index, reason) of each case emitted as ignored.
    pub skipped: Vec<(usize, String)>,
}

/// The resolver and tests of `ir`'s endpoint rules, the tests reaching the resolver at
/// `module` (a Rust path such as `crate::acm`); `None` when the rules were not generated.
pub fn standalone(ir: &ServiceIr, module: &str) -> Result<Option<Standalone>, CodegenError> {
    let Some(rules) = &ir.endpoint_rules else {
        return Ok(None);
    };
    let path: TokenStream = module
        .parse()
        .map_err(|e| CodegenError::new(format!("module path {module:?}: {e}")))?;
    Ok(Some(Standalone {
        rules: super::rust_file("endpoint_rules.rs", file(rules))?.contents,
        tests: super::rust_file("endpoint_tests.rs", tests::cases(rules, &path))?.contents,
        cases: rules.tests.len(),
        skipped: tests::skipped(rules)
            .into_iter()
            .map(|(i, reason)| (i, reason.to_owned()))
            .collect(),
    }))
}
