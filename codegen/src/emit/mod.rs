//! Emitters: IR in, `TokenStream`s out, then formatted files.
//!
//! Each submodule owns one generated file. Shared pieces (type paths, doc attributes,
//! identifiers, formatting) live here.

pub mod arbitrary;
pub mod cargo;
pub mod client;
pub mod endpoint;
pub mod errors;
pub mod json;
pub mod operations;
pub mod protocol_tests;
pub mod sdk_convert;
pub mod types;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{ToTokens, format_ident, quote};
use smithy_model::{ShapeId, TimestampFormat};

use crate::ir::{DefaultValue, ServiceIr, TypeRef};
use crate::protocol::Build;
use crate::runtime_type::{
    BLOB, DATE_TIME, DOCUMENT, ENDPOINT_ERROR, OPERATION, REGIONAL_ENDPOINT, TIMESTAMP_FORMAT,
};
use crate::{CodegenError, GeneratedFile, HEADER};

/// One generated Rust file: its path and the emitter that produces its tokens.
type RustJob = (
    &'static str,
    fn(&ServiceIr) -> Result<TokenStream, CodegenError>,
);

/// Every Rust file of a generated crate, largest first (see `render_parallel`).
const RUST_JOBS: &[RustJob] = &[
    ("src/generated/types.rs", types::file),
    ("src/generated/test_util/mod.rs", arbitrary::file),
    ("src/generated/de.rs", |ir| {
        ir.protocol.deserializers(ir, Build::Production)
    }),
    ("src/generated/ser.rs", |ir| ir.protocol.serializers(ir, Build::Production)),
    ("src/generated/test_util/de.rs", |ir| {
        ir.protocol.deserializers(ir, Build::TestUtil)
    }),
    ("src/generated/test_util/ser.rs", |ir| {
        ir.protocol.serializers(ir, Build::TestUtil)
    }),
    ("src/generated/error.rs", errors::file),
    ("src/generated/operation.rs", operations::file),
    ("src/generated/client.rs", client::file),
    ("src/generated/mod.rs", |ir| Ok(root_module(ir))),
    ("src/generated/endpoint_rules.rs", |ir| {
        Ok(ir
            .endpoint_rules
            .as_ref()
            .map(endpoint::file)
            .unwrap_or_default())
    }),
];

/// All files of the generated crate except the protocol tests.
pub fn crate_files(
    ir: &ServiceIr,
    protocol_tests: bool,
) -> Result<Vec<GeneratedFile>, CodegenError> {
    let jobs: Vec<RustJob> = RUST_JOBS
        .iter()
        .copied()
        .filter(|(path, _)| ir.endpoint_rules.is_some() || !path.ends_with("endpoint_rules.rs"))
        .collect();
    let mut files = vec![GeneratedFile {
        path: "Cargo.toml".into(),
        contents: cargo::manifest(ir, protocol_tests),
    }];
    files.extend(render_parallel(ir, &jobs)?);
    Ok(files)
}

/// Emits and formats the files on up to two threads. Formatting (syn + prettyplease) is most
/// of the generator's time and each file is independent; token streams are not `Send`, so each
/// file is emitted and formatted on the thread that takes its job. The output is the same,
/// in `jobs` order, whatever the scheduling.
fn render_parallel(ir: &ServiceIr, jobs: &[RustJob]) -> Result<Vec<GeneratedFile>, CodegenError> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        while let Some(&(path, emit)) = jobs.get(next.fetch_add(1, Ordering::Relaxed)) {
            done.push((path, emit(ir).and_then(|tokens| rust_file(path, tokens))));
        }
        done
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(2));
    let mut done = std::thread::scope(|scope| {
        // Emitting walks nested shapes recursively (up to the IR's nesting limit), so the
        // helper gets the main thread's usual 8 MiB rather than a spawned thread's 2 MiB. If
        // it can't be started, this thread does all the work.
        let helper = (threads > 1)
            .then(|| {
                std::thread::Builder::new()
                    .name("codegen-emit".to_owned())
                    .stack_size(8 << 20)
                    .spawn_scoped(scope, work)
                    .ok()
            })
            .flatten();
        let mut done = work();
        if let Some(helper) = helper {
            done.extend(helper.join().map_err(|_| {
                CodegenError::new("internal: a code generation thread panicked".to_owned())
            })?);
        }
        Ok::<_, CodegenError>(done)
    })?;
    done.sort_by_key(|(path, _)| jobs.iter().position(|(p, _)| p == path));
    done.into_iter().map(|(_, file)| file).collect()
}

fn root_module(ir: &ServiceIr) -> TokenStream {
    let service = ir.id.to_string();
    let version = ir.version.clone().unwrap_or_default();
    let protocol = ir.protocol.trait_id();
    let signing_name = ir.signing_name.as_ref().map(|name| {
        quote! {
            /// SigV4 signing name of the service (`aws.auth#sigv4`), for `sigv4::sign`.
            pub const SIGNING_NAME: &str = #name;
        }
    });
    let endpoint = ir.endpoint_prefix.as_ref().map(|prefix| {
        let region_field = ir
            .endpoint_rules
            .as_ref()
            .and_then(|r| r.region_field.as_deref());
        let (text, body) = match region_field {
            Some(field) => {
                let setter = format_ident!("with_{}", field.trim_start_matches("r#"));
                (
                    "`resolve_endpoint` with only the region set (no FIPS, no dual-stack, no custom \
                     endpoint); should the rules reject that, the standard regional URL.",
                    quote! {
                        resolve_endpoint(&EndpointParams::default().#setter(region))
                            .unwrap_or_else(|_| #REGIONAL_ENDPOINT(ENDPOINT_PREFIX, region))
                    },
                )
            }
            None => (
                "FIPS, dual-stack and custom endpoints are URLs you pass to `build_request` yourself.",
                quote! { #REGIONAL_ENDPOINT(ENDPOINT_PREFIX, region) },
            ),
        };
        let doc = doc_attrs(&format!(
            "The service's standard endpoint in `region`, e.g. `https://{prefix}.us-east-1.amazonaws.com`.\n{text}"
        ));
        quote! {
            /// Endpoint prefix of the service (`aws.api#service`).
            pub const ENDPOINT_PREFIX: &str = #prefix;

            #doc
            pub fn endpoint(region: &str) -> ::std::string::String {
                #body
            }
        }
    });
    let rules = ir.endpoint_rules.as_ref().map(|_| {
        quote! {
            mod endpoint_rules;
            pub use endpoint_rules::{EndpointParams, resolve_endpoint};
            pub use #ENDPOINT_ERROR;
        }
    });
    let operation_doc = format!(
        " One marker type per operation, each implementing [`Operation`]({}).",
        OPERATION.path()
    );
    quote! {
        /// Request and response structures, enums and unions of the service.
        pub mod types;
        /// Error enums: one per operation, and [`Error`](error::Error) for all of them.
        pub mod error;
        #[doc = #operation_doc]
        pub mod operation;
        pub(crate) mod ser;
        pub(crate) mod de;
        /// The async client (feature `client`): [`Client`](client::Client), its configuration
        /// and errors.
        #[cfg(feature = "client")]
        pub mod client;
        #[cfg(feature = "client")]
        pub use client::Client;
        /// Property-test support (feature `test-util`): `Arbitrary` values of every type, JSON
        /// in both directions through the production serializers and deserializers.
        #[cfg(feature = "test-util")]
        pub mod test_util;

        /// Shape id of the service this crate was generated from.
        pub const SERVICE_ID: &str = #service;
        /// API version of the service model.
        pub const API_VERSION: &str = #version;
        /// Wire protocol of the service.
        pub const PROTOCOL: &str = #protocol;
        #signing_name
        #endpoint
        #rules
    }
}

/// Formats tokens as a generated Rust file (header, prettyplease, blank lines between items).
pub fn rust_file(path: &str, tokens: TokenStream) -> Result<GeneratedFile, CodegenError> {
    Ok(GeneratedFile {
        path: path.to_owned(),
        contents: format!("{HEADER}\n\n{}", format_tokens(tokens, path)?),
    })
}

/// Formats a token stream with prettyplease. `what` names the output for error messages.
pub fn format_tokens(tokens: TokenStream, what: &str) -> Result<String, CodegenError> {
    let file: syn::File = syn::parse2(tokens).map_err(|e| {
        CodegenError::new(format!("internal: generated {what} does not parse: {e}"))
    })?;
    Ok(space_items(&prettyplease::unparse(&file)))
}

/// Puts a blank line between consecutive items, which prettyplease does not always do.
fn space_items(text: &str) -> String {
    const STARTS: [&str; 13] = [
        "pub ", "fn ", "impl", "#[", "///", "struct ", "enum ", "const ", "mod ", "use ", "type ",
        "trait ", "unsafe ",
    ];
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    for (i, line) in lines.iter().enumerate() {
        out.push_str(line);
        out.push('\n');
        let Some(next) = lines.get(i + 1) else {
            continue;
        };
        let indent = line.len() - line.trim_start().len();
        let trimmed = line.trim();
        // A doc or comment line ending in `;` or `}` (code in an example) closes nothing.
        let closes = !trimmed.starts_with("//")
            && (matches!(trimmed, "}" | "};")
                || (indent == 0 && (trimmed.ends_with('}') || trimmed.ends_with(';'))));
        let next_indent = next.len() - next.trim_start().len();
        if closes
            && indent == next_indent
            && STARTS.iter().any(|s| next.trim_start().starts_with(s))
        {
            out.push('\n');
        }
    }
    out
}

/// An identifier from text that may carry an `r#` prefix.
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// `#[doc]` attributes for Markdown text, one per line.
pub fn doc_attrs(text: &str) -> TokenStream {
    let lines = text.trim_end().lines().map(|l| {
        if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        }
    });
    quote! { #( #[doc = #lines] )* }
}

/// Documentation, or a fallback sentence so `missing_docs` never fires.
pub fn docs_or(docs: Option<&str>, fallback: impl FnOnce() -> String) -> TokenStream {
    match docs {
        Some(d) if !d.trim().is_empty() => doc_attrs(d),
        _ => doc_attrs(&fallback()),
    }
}

/// `#[deprecated]` for a deprecation note.
pub fn deprecated_attr(dep: Option<&crate::ir::Deprecation>) -> TokenStream {
    match dep {
        Some(d) => {
            let note = &d.note;
            quote! { #[deprecated(note = #note)] }
        }
        None => TokenStream::new(),
    }
}

/// Path of a named shape's Rust type.
pub fn named_type(ir: &ServiceIr, id: &ShapeId) -> Result<TokenStream, CodegenError> {
    let name = ident(&ir.shape(id)?.rust_name);
    Ok(quote! { crate::types::#name })
}

/// An operation's input or output type: the named structure, or `()` for Smithy's Unit.
pub fn operation_io_type(
    ir: &ServiceIr,
    shape: Option<&ShapeId>,
) -> Result<TokenStream, CodegenError> {
    shape.map_or_else(|| Ok(quote! { () }), |id| named_type(ir, id))
}

/// The Rust type of a value.
pub fn rust_type(ir: &ServiceIr, ty: &TypeRef) -> Result<TokenStream, CodegenError> {
    Ok(match ty {
        TypeRef::String | TypeRef::BigInteger | TypeRef::BigDecimal => {
            quote! { ::std::string::String }
        }
        TypeRef::Boolean => quote! { bool },
        TypeRef::Byte => quote! { i8 },
        TypeRef::Short => quote! { i16 },
        TypeRef::Integer => quote! { i32 },
        TypeRef::Long => quote! { i64 },
        TypeRef::Float => quote! { f32 },
        TypeRef::Double => quote! { f64 },
        TypeRef::Blob => quote! { #BLOB },
        TypeRef::Timestamp(_) => quote! { #DATE_TIME },
        TypeRef::Document => quote! { #DOCUMENT },
        TypeRef::Unit => quote! { () },
        TypeRef::Named(id) => named_type(ir, id)?,
        TypeRef::List { item, sparse, .. } => {
            let item = rust_type(ir, item)?;
            if *sparse {
                quote! { ::std::vec::Vec<::std::option::Option<#item>> }
            } else {
                quote! { ::std::vec::Vec<#item> }
            }
        }
        TypeRef::Map { value, sparse, .. } => {
            let value = rust_type(ir, value)?;
            if *sparse {
                quote! { ::std::collections::HashMap<::std::string::String, ::std::option::Option<#value>> }
            } else {
                quote! { ::std::collections::HashMap<::std::string::String, #value> }
            }
        }
    })
}

/// A Rust expression of type `T` for a member's `@default`; `None` when the value doesn't fit
/// the member's type (then no default is applied).
pub fn default_expr(
    ir: &ServiceIr,
    ty: &TypeRef,
    value: &DefaultValue,
) -> Result<Option<TokenStream>, CodegenError> {
    use proc_macro2::Literal;
    let int = |n: i64| -> Option<TokenStream> {
        Some(match ty {
            TypeRef::Byte => Literal::i8_suffixed(i8::try_from(n).ok()?).into_token_stream(),
            TypeRef::Short => Literal::i16_suffixed(i16::try_from(n).ok()?).into_token_stream(),
            TypeRef::Integer => Literal::i32_suffixed(i32::try_from(n).ok()?).into_token_stream(),
            TypeRef::Long => Literal::i64_suffixed(n).into_token_stream(),
            _ => return None,
        })
    };
    Ok(match (ty, value) {
        (TypeRef::Boolean, DefaultValue::Bool(b)) => Some(quote! { #b }),
        (TypeRef::Named(id), DefaultValue::Int(n)) => {
            let Ok(n) = i32::try_from(*n) else {
                return Ok(None);
            };
            let path = named_type(ir, id)?;
            Some(quote! { #path::from(#n) })
        }
        (_, DefaultValue::Int(n)) => int(*n),
        (TypeRef::Float, DefaultValue::Float(f)) if f.is_finite() => {
            let f = Literal::f32_suffixed(*f as f32);
            Some(quote! { #f })
        }
        (TypeRef::Double, DefaultValue::Float(f)) if f.is_finite() => {
            let f = Literal::f64_suffixed(*f);
            Some(quote! { #f })
        }
        (TypeRef::String | TypeRef::BigInteger | TypeRef::BigDecimal, DefaultValue::String(s)) => {
            Some(quote! { ::std::string::String::from(#s) })
        }
        (TypeRef::Named(id), DefaultValue::String(s)) => {
            let path = named_type(ir, id)?;
            Some(quote! { #path::from(#s) })
        }
        (TypeRef::List { .. }, DefaultValue::EmptyList) => Some(quote! { ::std::vec::Vec::new() }),
        (TypeRef::Map { .. }, DefaultValue::EmptyMap) => {
            Some(quote! { ::std::collections::HashMap::new() })
        }
        (TypeRef::Timestamp(_), DefaultValue::EpochSeconds(n)) => {
            Some(quote! { #DATE_TIME::from_secs(#n) })
        }
        _ => None,
    })
}

/// The runtime's `TimestampFormat::X`.
pub fn timestamp_format(format: TimestampFormat) -> TokenStream {
    match format {
        TimestampFormat::DateTime => quote! { #TIMESTAMP_FORMAT::DateTime },
        TimestampFormat::HttpDate => quote! { #TIMESTAMP_FORMAT::HttpDate },
        TimestampFormat::EpochSeconds => quote! { #TIMESTAMP_FORMAT::EpochSeconds },
    }
}

/// Inner attributes shared by generated modules: the model may deprecate members that
/// generated code still has to read and write.
pub fn module_attrs() -> TokenStream {
    quote! {
        #![allow(deprecated)]
    }
}
