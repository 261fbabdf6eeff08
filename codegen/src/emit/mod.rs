//! Emitters: IR in, `TokenStream`s out, then formatted files.
//!
//! Each submodule owns one generated file. Shared pieces (type paths, doc attributes,
//! identifiers, formatting) live here.

pub mod arbitrary;
pub mod cargo;
pub mod client;
pub mod defaults;
pub mod endpoint;
pub mod errors;
pub mod http_bindings;
pub mod json;
pub mod lib_rs;
pub mod operations;
pub mod protocol_tests;
pub mod query;
pub mod sdk_convert;
pub mod types;
pub mod xml;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use smithy_model::{ShapeId, TimestampFormat};

use crate::ir::{MemberIr, OperationIr, ServiceIr, ShapeIr, TypeHome, TypeRef};
use crate::protocol::Build;
use crate::runtime_type::{
    BLOB, BUILD_ERROR, DATE_TIME, DOCUMENT, IDEMPOTENCY_TOKEN, TIMESTAMP_FORMAT,
};
use crate::{CodegenError, GeneratedFile, HEADER};

/// Emits the tokens of one file.
type Emit<'a> = Box<dyn Fn() -> Result<TokenStream, CodegenError> + Sync + 'a>;

/// One generated Rust file: its path, the emitter that produces its tokens, and how they
/// become text.
struct RustJob<'a> {
    path: String,
    emit: Emit<'a>,
    format: fn(TokenStream, &str) -> Result<String, CodegenError>,
}

fn job<'a>(
    path: impl Into<String>,
    emit: impl Fn() -> Result<TokenStream, CodegenError> + Sync + 'a,
) -> RustJob<'a> {
    let path = path.into();
    RustJob {
        format: if path == format!("{SRC}/lib.rs") {
            lib_rs::format
        } else {
            format_tokens
        },
        path,
        emit: Box::new(emit),
    }
}

/// The source directory of a generated crate; every file in it is generated.
pub const SRC: &str = "src";

/// Every Rust file of a generated crate: the big ones first (see `render_parallel`), then one
/// file per operation and per shared type, then the endpoint tests.
fn rust_jobs(ir: &ServiceIr) -> Vec<RustJob<'_>> {
    let mut jobs = vec![
        job(format!("{SRC}/test_util/mod.rs"), || arbitrary::file(ir)),
        job(format!("{SRC}/de.rs"), || {
            ir.protocol.deserializers(ir, Build::Production)
        }),
        job(format!("{SRC}/ser.rs"), || {
            ir.protocol.serializers(ir, Build::Production)
        }),
        job(format!("{SRC}/test_util/de.rs"), || {
            ir.protocol.deserializers(ir, Build::TestUtil)
        }),
        job(format!("{SRC}/test_util/ser.rs"), || {
            ir.protocol.serializers(ir, Build::TestUtil)
        }),
        job(format!("{SRC}/error/mod.rs"), || errors::file(ir)),
        job(format!("{SRC}/operation/mod.rs"), || operations::index(ir)),
        job(format!("{SRC}/types/mod.rs"), || types::index(ir)),
        job(format!("{SRC}/client.rs"), || client::file(ir)),
        job(format!("{SRC}/lib.rs"), || lib_rs::file(ir)),
    ];
    if let Some(rules) = &ir.endpoint_rules {
        jobs.push(job(format!("{SRC}/endpoint_rules.rs"), move || {
            Ok(endpoint::file(rules))
        }));
    }
    for op in &ir.operations {
        let file = format!("{SRC}/operation/{}.rs", op.module.trim_start_matches("r#"));
        jobs.push(job(file, move || operations::module(ir, op)));
    }
    for shape in ir.shapes.values() {
        let dir = match shape.home {
            TypeHome::Types => "types",
            TypeHome::Error => "error",
            TypeHome::Operation(_) => continue,
        };
        let file = format!("{SRC}/{dir}/{}.rs", module_file(shape));
        jobs.push(job(file, move || types::shape_file(ir, shape)));
    }
    if let Some(rules) = endpoint::tests::tested_rules(ir) {
        jobs.push(job("tests/endpoint_tests/main.rs", move || {
            Ok(endpoint::tests::main_file(ir, rules))
        }));
        jobs.push(job("tests/endpoint_tests/cases.rs", move || {
            Ok(endpoint::tests::cases_file(ir, rules))
        }));
    }
    jobs
}

/// Name of the private module (and file) that holds a shared type: its snake_case name,
/// keyword-escaped.
pub fn module_name(shape: &ShapeIr) -> Ident {
    ident(&crate::naming::field_name(&shape.rust_name))
}

fn module_file(shape: &ShapeIr) -> String {
    crate::naming::field_name(&shape.rust_name)
        .trim_start_matches("r#")
        .to_owned()
}

/// `mod x; pub use x::X;` for every type that lives in `home`, in name order.
pub fn type_index(ir: &ServiceIr, home: &TypeHome) -> TokenStream {
    let mut shapes: Vec<&ShapeIr> = ir.shapes.values().filter(|s| &s.home == home).collect();
    shapes.sort_by(|a, b| a.rust_name.cmp(&b.rust_name));
    let modules = shapes.iter().map(|shape| module_name(shape));
    let uses = shapes.iter().map(|shape| {
        let module = module_name(shape);
        let name = ident(&shape.rust_name);
        // Naming a deprecated type, even to re-export it, is linted.
        let allow = shape
            .deprecated
            .as_ref()
            .map(|_| quote! { #[allow(deprecated)] });
        quote! { #allow pub use #module::#name; }
    });
    quote! {
        #(mod #modules;)*
        #(#uses)*
    }
}

/// All files of the generated crate except the protocol tests.
pub fn crate_files(
    ir: &ServiceIr,
    protocol_tests: bool,
) -> Result<Vec<GeneratedFile>, CodegenError> {
    let jobs = rust_jobs(ir);
    let mut files = vec![GeneratedFile {
        path: "Cargo.toml".into(),
        contents: cargo::manifest(ir, protocol_tests),
    }];
    files.extend(render_parallel(&jobs)?);
    Ok(files)
}

/// Emits and formats the files on up to two threads. Formatting (syn + prettyplease) is most
/// of the generator's time and each file is independent; token streams are not `Send`, so each
/// file is emitted and formatted on the thread that takes its job. The output is the same,
/// in `jobs` order, whatever the scheduling.
fn render_parallel(jobs: &[RustJob<'_>]) -> Result<Vec<GeneratedFile>, CodegenError> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(job) = jobs.get(index) else { break };
            let text = (job.emit)().and_then(|tokens| (job.format)(tokens, &job.path));
            done.push((index, text.map(|text| generated_file(&job.path, &text))));
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
    done.sort_by_key(|(index, _)| *index);
    done.into_iter().map(|(_, file)| file).collect()
}

/// Formats tokens as a generated Rust file (header, prettyplease, blank lines between items).
pub fn rust_file(path: &str, tokens: TokenStream) -> Result<GeneratedFile, CodegenError> {
    Ok(generated_file(path, &format_tokens(tokens, path)?))
}

/// A file with the `@generated` header above `text`.
fn generated_file(path: &str, text: &str) -> GeneratedFile {
    GeneratedFile {
        path: path.to_owned(),
        contents: format!("{HEADER}\n\n{text}"),
    }
}

/// Formats a token stream with prettyplease, one top-level item at a time so that a blank line
/// separates every two items (runs of plain `mod x;` or `use` declarations stay together).
/// `what` names the output for error messages.
pub fn format_tokens(tokens: TokenStream, what: &str) -> Result<String, CodegenError> {
    let file: syn::File = syn::parse2(tokens).map_err(|e| {
        CodegenError::new(format!("internal: generated {what} does not parse: {e}"))
    })?;
    let unparse = |attrs, items| {
        prettyplease::unparse(&syn::File {
            shebang: None,
            attrs,
            items,
        })
    };
    let mut out = String::new();
    if !file.attrs.is_empty() {
        out.push_str(unparse(file.attrs, Vec::new()).trim_end());
        out.push('\n');
    }
    let mut previous: Option<Declaration> = None;
    for item in file.items {
        let kind = declaration(&item);
        if !out.is_empty() && (kind.is_none() || kind != previous) {
            out.push('\n');
        }
        previous = kind;
        out.push_str(&unparse(Vec::new(), vec![item]));
    }
    Ok(space_items(&out))
}

/// Items that are listed without blank lines between them.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Declaration {
    Mod,
    Use,
}

fn declaration(item: &syn::Item) -> Option<Declaration> {
    match item {
        syn::Item::Mod(m) if m.content.is_none() && m.attrs.is_empty() => Some(Declaration::Mod),
        syn::Item::Use(u) if u.attrs.is_empty() => Some(Declaration::Use),
        _ => None,
    }
}

/// Puts a blank line between consecutive items nested in an `impl`, `mod` or `fn` block,
/// which prettyplease does not do; one-line items of the same kind (`type A = ..;` then
/// `type B = ..;`) stay together. Top-level items are separated by [`format_tokens`].
fn space_items(text: &str) -> String {
    const STARTS: [&str; 14] = [
        "pub ", "pub(", "fn ", "impl", "#[", "///", "struct ", "enum ", "const ", "mod ", "use ",
        "type ", "trait ", "unsafe ",
    ];
    const ONE_LINERS: [&str; 4] = ["type ", "const ", "use ", "pub use "];
    let one_liner = |line: &str| {
        ONE_LINERS
            .iter()
            .find(|k| line.starts_with(*k))
            .filter(|_| line.ends_with(';'))
    };
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    for (i, line) in lines.iter().enumerate() {
        out.push_str(line);
        out.push('\n');
        let Some(next) = lines.get(i + 1) else {
            continue;
        };
        let indent = line.len() - line.trim_start().len();
        let next_indent = next.len() - next.trim_start().len();
        if indent == 0 || indent != next_indent {
            continue;
        }
        let (trimmed, next) = (line.trim(), next.trim());
        let kind = one_liner(trimmed);
        let closes = matches!(trimmed, "}" | "};") || kind.is_some();
        let same_kind = kind.is_some() && kind == one_liner(next);
        if closes && !same_kind && STARTS.iter().any(|s| next.starts_with(s)) {
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

/// Path of a named shape's Rust type inside the generated crate.
pub fn named_type(ir: &ServiceIr, id: &ShapeId) -> Result<TokenStream, CodegenError> {
    type_path(ir, id, &quote! { crate })
}

/// Path of a named shape's Rust type from `root`: `crate` inside the generated crate, the
/// crate's name (`::firehose`) outside it.
pub fn type_path(
    ir: &ServiceIr,
    id: &ShapeId,
    root: &TokenStream,
) -> Result<TokenStream, CodegenError> {
    let shape = ir.shape(id)?;
    let name = ident(&shape.rust_name);
    Ok(match &shape.home {
        TypeHome::Types => quote! { #root::types::#name },
        TypeHome::Error => quote! { #root::error::#name },
        TypeHome::Operation(module) => {
            let module = ident(module);
            quote! { #root::operation::#module::#name }
        }
    })
}

/// The same path as Markdown link text (`crate::types::KeyType`), for doc links.
pub fn type_doc_path(shape: &ShapeIr) -> String {
    let name = &shape.rust_name;
    match &shape.home {
        TypeHome::Types => format!("crate::types::{name}"),
        TypeHome::Error => format!("crate::error::{name}"),
        TypeHome::Operation(module) => {
            format!(
                "crate::operation::{}::{name}",
                module.trim_start_matches("r#")
            )
        }
    }
}

/// `root::operation::<module>`: the module of an operation.
pub fn operation_module(op: &OperationIr, root: &TokenStream) -> TokenStream {
    let module = ident(&op.module);
    quote! { #root::operation::#module }
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

/// Statements that write member `m` of `input` with `write` (statements over `value`, a
/// `&T`): a plain member always, its default included (Smithy: "all effective default values
/// SHOULD be serialized"); an `Option` member when set, else `unset` (see [`unset_member`]).
pub fn member_write(m: &MemberIr, write: TokenStream, unset: TokenStream) -> TokenStream {
    let field = ident(&m.rust_name);
    if !m.optional {
        quote! {
            {
                let value = &input.#field;
                #write
            }
        }
    } else if unset.is_empty() {
        quote! {
            if let ::std::option::Option::Some(value) = &input.#field {
                #write
            }
        }
    } else {
        quote! {
            match &input.#field {
                ::std::option::Option::Some(value) => { #write }
                ::std::option::Option::None => { #unset }
            }
        }
    }
}

/// What a request serializer does for an `Option` member left unset: an idempotency token is
/// invented and written with `token_writer` (a value writer with `string`); a member callers
/// must give is `BuildError::MissingMember`; others are left out (no statements).
pub fn unset_member(m: &MemberIr, shape_name: &str, token_writer: TokenStream) -> TokenStream {
    let member = &m.name;
    if m.idempotency_token {
        quote! { #token_writer.string(&#IDEMPOTENCY_TOKEN()); }
    } else if m.must_be_given() {
        quote! {
            return ::std::result::Result::Err(#BUILD_ERROR::MissingMember {
                shape: #shape_name,
                member: #member,
            });
        }
    } else {
        TokenStream::new()
    }
}

/// A serializer: `pub(crate) fn name(writer: &mut W, input: &T) -> Result<(), BuildError>`
/// running `body`, its parameters named `_writer`/`_input` (after `writer`) when `body` is
/// empty.
pub fn serializer_fn(
    name: &Ident,
    writer: &str,
    writer_ty: &TokenStream,
    ty: &TokenStream,
    body: &[TokenStream],
) -> TokenStream {
    let (writer, input) = if body.is_empty() {
        (
            quote::format_ident!("_{writer}"),
            quote::format_ident!("_input"),
        )
    } else {
        (ident(writer), quote::format_ident!("input"))
    };
    quote! {
        pub(crate) fn #name(
            #writer: &mut #writer_ty,
            #input: &#ty,
        ) -> ::std::result::Result<(), #BUILD_ERROR> {
            #(#body)*
            ::std::result::Result::Ok(())
        }
    }
}

/// The match arm of a union serializer for the variant that stands for members this crate
/// doesn't know: it can be received, never sent (`BuildError::Serialize`).
pub fn unsendable_variant_arm(
    ty: &TokenStream,
    shape_name: &str,
    unknown_variant: &str,
) -> TokenStream {
    let unknown = ident(unknown_variant);
    let reason = format!(
        "`{unknown_variant}` stands for a member this crate does not know, so it cannot be sent"
    );
    quote! {
        #ty::#unknown => {
            return ::std::result::Result::Err(#BUILD_ERROR::Serialize {
                shape: #shape_name,
                member: "",
                reason: ::std::string::String::from(#reason),
            });
        }
    }
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
