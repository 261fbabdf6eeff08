//! `src/lib.rs` of a generated crate (as smithy-rs's `LibRsGenerator`): crate documentation
//! from the model, the lint block, the module tree (each generated module behind
//! `#[rustfmt::skip]`), the service constants and the re-exports. Nothing in a generated crate
//! is hand-written.

use proc_macro2::TokenStream;
use quote::quote;

use super::type_doc_path;
use crate::CodegenError;
use crate::ir::{OperationIr, ServiceIr, ShapeIrKind, TypeHome, TypeRef};
use crate::runtime_type::{
    BUILD_ERROR, ERROR_METADATA, HTTP_REQUEST, HTTP_RESPONSE, INVALID_RESPONSE, OPERATION,
    PRIMITIVES, PROVIDE_ERROR_METADATA, REQUEST_ID, RESPONSE_FROM_PARTS, SIGV4, UNHANDLED_ERROR,
};

/// Lints every generated crate keeps; the comment says why, `format` puts it back above them.
const NO_PANIC_COMMENT: &str =
    "// Bad input gets a typed error, never a panic (tests are exempt via clippy.toml).";

/// The whole `src/lib.rs`.
pub fn file(ir: &ServiceIr) -> Result<TokenStream, CodegenError> {
    let docs = inner_doc_attrs(&crate_docs(ir)?);
    let rules = super::endpoint::rules_module(ir);
    let constants = constants(ir);
    let test_util_doc = format!(
        " Property-test support (feature `test-util`): `Arbitrary` values of every type, {}",
        ir.protocol.test_support().value_doc
    );
    let test_util_doc = test_util_doc.lines().map(|l| quote! { #[doc = #l] });
    Ok(quote! {
        #docs
        #![warn(missing_docs)]
        #![deny(
            clippy::unwrap_used,
            clippy::expect_used,
            clippy::panic,
            clippy::unreachable,
            clippy::todo,
            clippy::indexing_slicing
        )]

        /// One module per operation: its marker type (implementing [`Operation`]), input,
        /// output and error enum.
        #[rustfmt::skip]
        pub mod operation;

        /// Structures, unions and enums that operations share or nest.
        #[rustfmt::skip]
        pub mod types;

        /// The modeled errors of the service, and [`Error`](error::Error) for any error of any
        /// operation.
        #[rustfmt::skip]
        pub mod error;

        #[rustfmt::skip]
        pub(crate) mod ser;

        #[rustfmt::skip]
        pub(crate) mod de;

        /// The async client (feature `client`): [`Client`], its configuration
        /// and errors.
        #[cfg(feature = "client")]
        #[rustfmt::skip]
        pub mod client;

        #[cfg(feature = "client")]
        pub use client::Client;

        #(#test_util_doc)*
        #[cfg(feature = "test-util")]
        #[rustfmt::skip]
        pub mod test_util;

        #rules
        #constants

        pub use #PRIMITIVES;

        pub use #BUILD_ERROR;
        pub use #ERROR_METADATA;
        pub use #HTTP_REQUEST;
        pub use #HTTP_RESPONSE;
        pub use #INVALID_RESPONSE;
        pub use #OPERATION;
        pub use #PROVIDE_ERROR_METADATA;
        pub use #REQUEST_ID;
        pub use #UNHANDLED_ERROR;
        pub use #RESPONSE_FROM_PARTS;

        /// SigV4 signing of built requests (feature `sigv4`): `sigv4::sign(&mut request,
        /// &credentials, region, SIGNING_NAME, SystemTime::now())`.
        #[cfg(feature = "sigv4")]
        pub use #SIGV4;
    })
}

/// Formats the file, with the comment on the lint block that tokens can't carry.
pub fn format(tokens: TokenStream, path: &str) -> Result<String, CodegenError> {
    let text = super::format_tokens(tokens, path)?;
    Ok(text.replacen("\n#![warn(", "\n\n#![warn(", 1).replacen(
        "#![deny(",
        &format!("{NO_PANIC_COMMENT}\n#![deny("),
        1,
    ))
}

/// `#![doc]` attributes for Markdown text, one per line.
fn inner_doc_attrs(text: &str) -> TokenStream {
    let lines = text.trim_end().lines().map(|l| {
        if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        }
    });
    quote! { #( #![doc = #lines] )* }
}

/// `SERVICE_ID`, `API_VERSION`, `PROTOCOL`, `SIGNING_NAME`, `ENDPOINT_PREFIX`, `endpoint()`.
fn constants(ir: &ServiceIr) -> TokenStream {
    let service = ir.id.to_string();
    let version = ir.version.clone().unwrap_or_default();
    let protocol = ir.protocol.trait_id();
    let signing_name = ir.signing_name.as_ref().map(|name| {
        quote! {
            /// SigV4 signing name of the service (`aws.auth#sigv4`), for `sigv4::sign`.
            pub const SIGNING_NAME: &str = #name;
        }
    });
    let endpoint = super::endpoint::root_items(ir);
    quote! {
        /// Shape id of the service this crate was generated from.
        pub const SERVICE_ID: &str = #service;
        /// API version of the service model.
        pub const API_VERSION: &str = #version;
        /// Wire protocol of the service.
        pub const PROTOCOL: &str = #protocol;
        #signing_name
        #endpoint
    }
}

/// The crate documentation, as Markdown.
fn crate_docs(ir: &ServiceIr) -> Result<String, CodegenError> {
    let krate = ir.package.replace('-', "_");
    let title = ir.title.as_deref().unwrap_or(&ir.name);
    let mut docs = format!(
        "Rust bindings for {title} (`{}`{}), generated from the service's Smithy model by \
         `cargo xtask codegen`.\n",
        ir.name,
        ir.version
            .as_deref()
            .map(|v| format!(", API version {v}"))
            .unwrap_or_default()
    );
    if let Some(service_docs) = &ir.docs {
        docs.push('\n');
        docs.push_str(service_docs.trim_end());
        docs.push('\n');
    }
    let signing = match &ir.signing_name {
        Some(name) => format!(
            " Sign it first, with `sigv4::sign` (feature `sigv4`, which brings in `aws-sigv4`) or \
             with your own signer (service name [`SIGNING_NAME`], `{name}`)."
        ),
        None => String::new(),
    };
    docs.push_str(&format!(
        "\n## Using the crate\n\n\
         The crate turns typed inputs into HTTP requests and HTTP responses into typed outputs or \
         errors. By default it does not send anything: send the request with the HTTP client you \
         already use.{signing}\n\n\
         - [`operation`]: one module per operation, with its marker type (implementing \
         [`Operation`]: `build_request`, `parse_response`), input, output and error enum.\n\
         - [`types`]: the structures, unions and enums that operations share or nest.\n\
         - [`error`]: the modeled errors, and [`error::Error`] for any error of any operation.\n\n\
         Each structure's `new` takes its required members, so code that uses it can't forget \
         one. Operation inputs keep every member an `Option` (a service may relax them); an \
         input whose required member is unset is refused when the request is built: \
         `build_request` returns [`BuildError::MissingMember`] naming the member before any \
         request exists. In other structures required members, and members with a default, \
         are plain values; outputs read from a response always have them (a member the \
         service left out holds its default or zero value).\n"
    ));
    if let Some(example) = example(ir, &krate)? {
        docs.push('\n');
        docs.push_str(&example);
    }
    docs.push_str(&format!(
        "\n## Timestamps, blobs and documents\n\n\
         [`primitives`] holds the value types, the `aws-smithy-types` types the official SDK uses, \
         so building a value needs no other dependency:\n\n\
         ```\n\
         use {krate}::primitives::{{Blob, DateTime, DateTimeFormat}};\n\n\
         let created = DateTime::from_str(\"2024-05-01T12:30:00Z\", DateTimeFormat::DateTime)?;\n\
         assert_eq!(created.secs(), 1_714_566_600);\n\
         assert_eq!(created.fmt(DateTimeFormat::HttpDate)?, \"Wed, 01 May 2024 12:30:00 GMT\");\n\
         assert_eq!(Blob::new(\"hello\\n\").as_ref(), b\"hello\\n\");\n\
         # Ok::<(), Box<dyn std::error::Error>>(())\n\
         ```\n"
    ));
    docs.push_str(&format!(
        "\n## Features\n\n\
         - `sigv4`: `sigv4::sign`, SigV4 signing of built requests with `aws-sigv4`.\n\
         - `client`: `Client`, one async method per operation \
         (`client.{}(&input).await`), signed and sent over hyper and rustls (the \
         `smithy-client` crate); see the `client` module.\n\
         - `test-util`: `Arbitrary` values and {} in both directions for property tests.\n",
        ir.operations
            .first()
            .map_or("operation", |op| op.fn_name.as_str()),
        ir.protocol.test_support().body_format
    ));
    if let Some(rules) = &ir.endpoint_rules {
        docs.push_str(
            "\n## Endpoints\n\n\
             [`resolve_endpoint`] is the model's endpoint rule set compiled to Rust: FIPS, \
             dual-stack and custom endpoints, with the rule set's own errors \
             ([`EndpointError`]).",
        );
        let gives = if ir.endpoint_prefix.is_some() {
            " [`endpoint`]`(region)` is the standard endpoint of a region. Both give"
        } else {
            " It gives"
        };
        docs.push_str(&format!(
            "{gives} an [`Endpoint`]: the URL, headers requests to it carry, and properties \
             (such as a signing region other than the configured one); `build_request` takes it \
             as it takes a URL.\n"
        ));
        // The example sets only the region, so only rule sets that need nothing else get one.
        let needs_more = rules.params.iter().any(|p| {
            p.required && p.default.is_none() && Some(&p.field) != rules.region_field.as_ref()
        });
        if let Some(field) = rules.region_field.as_ref().filter(|_| !needs_more) {
            let setter = format!("with_{}", field.trim_start_matches("r#"));
            docs.push_str(&format!(
                "\n```\n\
                 use {krate}::{{EndpointParams, resolve_endpoint}};\n\n\
                 let params = EndpointParams::default().{setter}(\"us-east-1\");\n\
                 let endpoint = resolve_endpoint(&params)?;\n\
                 assert!(endpoint.url().starts_with(\"https://\"));\n\
                 # Ok::<(), {krate}::EndpointError>(())\n\
                 ```\n"
            ));
        }
    }
    Ok(docs)
}

/// An example that builds a request and reads a response and an error of one operation: the
/// first (by name) whose required input members are all strings and that has a modeled
/// error. `None` when no operation fits.
fn example(ir: &ServiceIr, krate: &str) -> Result<Option<String>, CodegenError> {
    let mut chosen = None;
    for op in &ir.operations {
        if let Some(args) = string_arguments(ir, op)?
            && let Some(error) = op.errors.first()
        {
            chosen = Some((op, args, ir.shape(error)?));
            break;
        }
    }
    let Some((op, args, error)) = chosen else {
        return Ok(None);
    };
    let module = op.module.trim_start_matches("r#");
    let marker = &op.rust_name;
    let mut imports = vec![marker.clone()];
    let input = match &op.input {
        None => "()".to_owned(),
        Some(id) => {
            let shape = ir.shape(id)?;
            let new = format!("::new({})", args.join(", "));
            if shape.home == TypeHome::Operation(op.module.clone()) {
                imports.push(shape.rust_name.clone());
                format!("{}{new}", shape.rust_name)
            } else {
                format!("{}{new}", type_doc_path(shape).replacen("crate", krate, 1))
            }
        }
    };
    imports.push(op.error_enum.clone());
    let imports = imports.join(", ");
    let endpoint = if ir.endpoint_prefix.is_some() {
        format!(
            "// {krate}::endpoint(region) is the standard endpoint; any URL works (FIPS, VPC, local).\n\
             let request = {marker}::build_request(&input, &{krate}::endpoint(\"us-east-1\"))?;"
        )
    } else {
        format!("let request = {marker}::build_request(&input, \"https://example.com\")?;")
    };
    let signing = if ir.signing_name.is_some() {
        format!(
            "// With feature `sigv4`:\n\
             // {krate}::sigv4::sign(&mut request, &credentials, \"us-east-1\", {krate}::SIGNING_NAME, SystemTime::now())?;\n"
        )
    } else {
        String::new()
    };
    let ok = ir.protocol.example_empty_output(ir, op);
    let code = ir
        .protocol
        .error_codes(ir, error)
        .into_iter()
        .next()
        .unwrap_or_default();
    let message = "the example says no";
    let failed = ir.protocol.example_error(&code, message);
    let error_name = &op.error_enum;
    let variant = &error.rust_name;
    Ok(Some(format!(
        "```\n\
         use {krate}::operation::{module}::{{{imports}}};\n\
         use {krate}::{{Operation, ProvideErrorMetadata, RequestId}};\n\n\
         let input = {input};\n\
         {endpoint}\n\
         {signing}\
         // An `http` 1.x request for hyper, reqwest and friends.\n\
         let request: http::Request<_> = request.try_into_http1x()?;\n\
         assert!(request.uri().to_string().starts_with(\"https://\"));\n\n\
         // ...send it, then hand back status, headers and body:\n\
         let ok = {krate}::response_from_parts({}, {}, {})?;\n\
         {marker}::parse_response(&ok)?;\n\n\
         let failed = {krate}::response_from_parts(\n    {},\n    {},\n    {},\n)?;\n\
         let error = {marker}::parse_response(&failed).unwrap_err();\n\
         assert!(matches!(error, {error_name}::{variant}(_)));\n\
         assert_eq!(error.code(), Some({code:?}));\n\
         assert_eq!(error.to_string(), {display:?});\n\
         assert_eq!(error.request_id(), Some(\"5b2a7d1e\"));\n\
         # Ok::<(), Box<dyn std::error::Error>>(())\n\
         ```\n",
        ok.status,
        headers(&ok.headers),
        raw_string(&ok.body),
        failed.status,
        headers(&failed.headers),
        raw_string(&failed.body),
        display = format!("{}: {message}", error.id.name()),
    )))
}

/// `new(..)` arguments for an operation whose required input members are all strings.
fn string_arguments(ir: &ServiceIr, op: &OperationIr) -> Result<Option<Vec<String>>, CodegenError> {
    let Some(id) = &op.input else {
        return Ok(Some(Vec::new()));
    };
    let ShapeIrKind::Structure { members, .. } = &ir.shape(id)?.kind else {
        return Ok(None);
    };
    let required: Vec<_> = members.iter().filter(|m| m.must_be_given()).collect();
    if required.iter().any(|m| m.ty != TypeRef::String) {
        return Ok(None);
    }
    Ok(Some(
        required
            .iter()
            .map(|m| {
                format!(
                    "{:?}",
                    format!(
                        "my-{}",
                        crate::naming::snake_case(&m.name).replace('_', "-")
                    )
                )
            })
            .collect(),
    ))
}

fn headers(pairs: &[(String, String)]) -> String {
    let pairs: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("({k:?}, {v:?})"))
        .collect();
    format!("[{}]", pairs.join(", "))
}

/// A Rust raw string literal holding `text`.
fn raw_string(text: &str) -> String {
    let mut hashes = String::from("#");
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{text}\"{hashes}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CrateConfig, generate};
    use smithy_model::Model;

    fn lib_rs(op_traits: serde_json::Value) -> String {
        let model = serde_json::json!({
            "smithy": "2.0",
            "shapes": {
                "ex#Svc": {
                    "type": "service", "version": "2024-01-01",
                    "operations": [{ "target": "ex#Get" }],
                    "traits": { "aws.protocols#awsJson1_0": {}, "smithy.api#title": "Example Service",
                                "smithy.api#documentation": "<p>Does <b>things</b>.</p>" }
                },
                "ex#Get": { "type": "operation", "input": { "target": "ex#GetInput" },
                            "errors": [{ "target": "ex#Gone" }], "traits": op_traits },
                "ex#GetInput": { "type": "structure", "members": {
                    "Name": { "target": "smithy.api#String", "traits": { "smithy.api#required": {} } } } },
                "ex#Gone": { "type": "structure", "members": {}, "traits": { "smithy.api#error": "client" } }
            }
        });
        let model = Model::from_json_str(&model.to_string()).unwrap_or_else(|e| panic!("{e}"));
        let config = CrateConfig {
            package: "ex-svc".into(),
            ..CrateConfig::default()
        };
        let generated = generate(&model, &config).unwrap_or_else(|e| panic!("{e}"));
        let file = generated.files.iter().find(|f| f.path == "src/lib.rs");
        file.map(|f| f.contents.clone()).unwrap_or_default()
    }

    #[test]
    fn lib_rs_is_generated_whole() {
        let text = lib_rs(serde_json::json!({}));
        assert!(text.starts_with("// @generated by cargo xtask codegen. Do not edit.\n\n//! Rust bindings for Example Service (`Svc`, API version 2024-01-01)"), "{text}");
        assert!(text.contains("//! Does **things**."), "{text}");
        assert!(
            text.contains("\n\n#![warn(missing_docs)]\n// Bad input gets a typed error"),
            "{text}"
        );
        // Every generated module is kept from rustfmt.
        for module in [
            "pub mod operation;",
            "pub mod types;",
            "pub mod error;",
            "pub(crate) mod ser;",
            "pub(crate) mod de;",
            "pub mod client;",
            "pub mod test_util;",
        ] {
            let at = text
                .find(module)
                .unwrap_or_else(|| panic!("{module} missing: {text}"));
            assert!(
                text[..at].trim_end().ends_with("#[rustfmt::skip]"),
                "{module}"
            );
        }
        // The example: the one operation, its input, and its modeled error from an awsJson body.
        assert!(
            text.contains("//! use ex_svc::operation::get::{Get, GetInput, GetError};"),
            "{text}"
        );
        assert!(
            text.contains(r#"//! let input = GetInput::new("my-name");"#),
            "{text}"
        );
        assert!(
            text.contains(r##"//!     r#"{"__type":"Gone","message":"the example says no"}"#,"##),
            "{text}"
        );
        assert!(
            text.contains("pub const PROTOCOL: &str = \"aws.protocols#awsJson1_0\";"),
            "{text}"
        );
    }

    #[test]
    fn raw_strings_outlast_their_content() {
        assert_eq!(raw_string("{}"), "r#\"{}\"#");
        assert_eq!(raw_string("a\"#b"), "r##\"a\"#b\"##");
    }
}
