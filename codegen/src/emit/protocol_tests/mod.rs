//! `tests/protocol_tests.rs`: the model's `smithy.test` cases as `#[test]` functions.
//!
//! Every case that applies to clients and names the service's protocol becomes one test.
//! Request cases build the input from `params` and check the request `build_request` makes;
//! response cases (on operations and on error structures) hand a canned response to
//! `parse_response` and compare the result with `params`. Cases on the skip list are emitted
//! with `#[ignore]`, so every case is accounted for in the test summary.

mod values;

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use serde_json::{Map, Value};

use self::values::Values;
use super::{doc_attrs, ident, module_attrs};
use crate::ir::{OperationIr, ServiceIr, ShapeIr, ShapeIrKind};
use crate::naming::snake_case;
use crate::runtime_type::{
    ERROR_TYPE, OPERATION, PROVIDE_ERROR_METADATA, RESPONSE_FROM_PARTS, WITH_IDEMPOTENCY_TOKEN,
};
use crate::{CodegenError, GeneratedFile};

/// Host of the endpoint when a request case does not name one (the spec's default).
const DEFAULT_HOST: &str = "example.com";

/// The idempotency token the test cases expect a client to fill in (the spec's convention).
const TEST_TOKEN: &str = "00000000-0000-4000-8000-000000000000";

/// The protocol test files of a crate: `tests/protocol_tests/main.rs`, a root that keeps rustfmt
/// away from the generated cases, and `tests/protocol_tests/cases.rs`. `skips` maps
/// `request:<id>` / `response:<id>` to the reason the case is ignored.
pub fn files(
    ir: &ServiceIr,
    skips: &BTreeMap<String, String>,
) -> Result<Vec<GeneratedFile>, CodegenError> {
    let krate = crate_ident(&ir.package)?;
    let mut names = BTreeSet::new();
    let mut tests = Vec::new();
    for case in collect(ir)? {
        tests.push(test_fn(ir, &krate, &case, skips, &mut names)?);
    }
    let doc = format!(
        " Protocol compliance tests of `{}` ({}), generated from the `smithy.test` cases of its model.",
        ir.id,
        ir.protocol.trait_id()
    );
    let attrs = module_attrs();
    Ok(vec![
        super::rust_file(
            "tests/protocol_tests/main.rs",
            quote! {
                #![doc = #doc]
                #[rustfmt::skip]
                mod cases;
            },
        )?,
        super::rust_file(
            "tests/protocol_tests/cases.rs",
            quote! {
                #attrs
                #(#tests)*
            },
        )?,
    ])
}

/// Keys (`request:<id>`, `response:<id>`) of every client case the crate's tests cover.
pub fn case_keys(ir: &ServiceIr) -> Result<Vec<String>, CodegenError> {
    Ok(collect(ir)?
        .iter()
        .map(|c| format!("{}:{}", c.kind.label(), c.id))
        .collect())
}

/// The name the generated crate has in Rust code (`json-protocol` -> `json_protocol`).
fn crate_ident(package: &str) -> Result<Ident, CodegenError> {
    let name = package.replace('-', "_");
    let valid = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !valid || crate::naming::is_rust_keyword(&name) {
        return Err(CodegenError::new(format!(
            "package name `{package}` is not usable as a Rust crate name"
        )));
    }
    Ok(ident(&name))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Request,
    Response,
}

impl Kind {
    fn label(self) -> &'static str {
        match self {
            Kind::Request => "request",
            Kind::Response => "response",
        }
    }
}

/// One test case, with the operation it runs against.
struct Case<'a> {
    kind: Kind,
    id: &'a str,
    fields: &'a Map<String, Value>,
    op: &'a OperationIr,
    /// The error structure, for response cases declared on one.
    error: Option<&'a ShapeIr>,
    /// Where the case is declared (operation or error shape name), for messages.
    owner: &'a str,
}

impl<'a> Case<'a> {
    /// How docs and error messages name the case, e.g. request case `Id` of `Operation`.
    fn name(&self) -> String {
        format!(
            "{} case `{}` of `{}`",
            self.kind.label(),
            self.id,
            self.owner
        )
    }

    fn error(&self, message: impl std::fmt::Display) -> CodegenError {
        CodegenError::new(format!("protocol test {}: {message}", self.name()))
    }

    fn str(&self, key: &str) -> Result<Option<&'a str>, CodegenError> {
        match self.fields.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(other) => Err(self.error(format!("`{key}` must be a string, found {other}"))),
        }
    }

    fn required_str(&self, key: &str) -> Result<&'a str, CodegenError> {
        self.str(key)?
            .ok_or_else(|| self.error(format!("`{key}` is missing")))
    }

    fn strings(&self, key: &str) -> Result<Vec<&'a str>, CodegenError> {
        let Some(value) = self.fields.get(key) else {
            return Ok(Vec::new());
        };
        let bad = || self.error(format!("`{key}` must be a list of strings, found {value}"));
        value
            .as_array()
            .ok_or_else(bad)?
            .iter()
            .map(|v| v.as_str().ok_or_else(bad))
            .collect()
    }

    fn string_map(&self, key: &str) -> Result<Vec<(&'a str, &'a str)>, CodegenError> {
        let Some(value) = self.fields.get(key) else {
            return Ok(Vec::new());
        };
        let bad = || {
            self.error(format!(
                "`{key}` must map strings to strings, found {value}"
            ))
        };
        value
            .as_object()
            .ok_or_else(bad)?
            .iter()
            .map(|(k, v)| v.as_str().map(|v| (k.as_str(), v)).ok_or_else(bad))
            .collect()
    }

    fn params(&self) -> Result<&'a Map<String, Value>, CodegenError> {
        match self.fields.get("params") {
            None => Ok(&NO_PARAMS),
            Some(Value::Object(params)) => Ok(params),
            Some(other) => Err(self.error(format!("`params` must be an object, found {other}"))),
        }
    }
}

/// What a case without `params` stands for.
static NO_PARAMS: std::sync::LazyLock<Map<String, Value>> = std::sync::LazyLock::new(Map::new);

/// Every client case of the service's protocol: operations by name (request cases, then
/// response cases), then error structures in IR order.
fn collect(ir: &ServiceIr) -> Result<Vec<Case<'_>>, CodegenError> {
    let mut cases = Vec::new();
    for op in &ir.operations {
        for raw in &op.request_tests {
            push_case(ir, &mut cases, Kind::Request, raw, op, None, &op.name)?;
        }
        for raw in &op.response_tests {
            push_case(ir, &mut cases, Kind::Response, raw, op, None, &op.name)?;
        }
    }
    for id in &ir.errors {
        let shape = ir.shape(id)?;
        let ShapeIrKind::Structure {
            error: Some(error), ..
        } = &shape.kind
        else {
            continue;
        };
        if error.response_tests.is_empty() {
            continue;
        }
        // Operations are sorted by name, so this is the first one by name.
        let op = ir
            .operations
            .iter()
            .find(|o| o.errors.contains(id))
            .ok_or_else(|| {
                CodegenError::new(format!(
                    "protocol tests on error {id}: no operation returns this error"
                ))
            })?;
        for raw in &error.response_tests {
            push_case(
                ir,
                &mut cases,
                Kind::Response,
                raw,
                op,
                Some(shape),
                id.name(),
            )?;
        }
    }
    Ok(cases)
}

fn push_case<'a>(
    ir: &ServiceIr,
    cases: &mut Vec<Case<'a>>,
    kind: Kind,
    raw: &'a Value,
    op: &'a OperationIr,
    error: Option<&'a ShapeIr>,
    owner: &'a str,
) -> Result<(), CodegenError> {
    let what = || format!("a {} case on {owner}", kind.label());
    let fields = raw.as_object().ok_or_else(|| {
        CodegenError::new(format!("protocol test: {} is not a JSON object", what()))
    })?;
    let id = fields
        .get("id")
        .and_then(Value::as_str)
        .filter(|id| !id.is_empty())
        .ok_or_else(|| CodegenError::new(format!("protocol test: {} has no `id`", what())))?;
    let case = Case {
        kind,
        id,
        fields,
        op,
        error,
        owner,
    };
    match case.str("appliesTo")? {
        None | Some("client") => {}
        Some("server") => return Ok(()),
        Some(other) => return Err(case.error(format!("unknown `appliesTo` value `{other}`"))),
    }
    if case.required_str("protocol")? != ir.protocol.trait_id() {
        return Ok(());
    }
    cases.push(case);
    Ok(())
}

fn test_fn(
    ir: &ServiceIr,
    krate: &Ident,
    case: &Case<'_>,
    skips: &BTreeMap<String, String>,
    names: &mut BTreeSet<String>,
) -> Result<TokenStream, CodegenError> {
    let label = case.kind.label();
    // `snake_case` yields only `[a-z0-9_]`, so with the prefix this is always an identifier.
    let name = format!("{label}_{}", snake_case(case.id));
    if !names.insert(name.clone()) {
        return Err(case.error(format!(
            "another case of this kind also becomes the test `{name}`"
        )));
    }
    let fn_name = format_ident!("{}", name);
    let ignore = skips
        .get(&format!("{label}:{}", case.id))
        .map(|reason| quote! { #[ignore = #reason] });
    let mut doc = format!("The {}.", case.name());
    if let Some(text) = case.str("documentation")?.filter(|t| !t.trim().is_empty()) {
        doc.push_str("\n\n");
        doc.push_str(text);
    }
    let docs = doc_attrs(&doc);
    let values = Values {
        ir,
        krate,
        case: &case.name(),
    };
    let body = match case.kind {
        Kind::Request => request_test(&values, case)?,
        Kind::Response => response_test(&values, case)?,
    };
    Ok(quote! {
        #docs
        #[test]
        #ignore
        fn #fn_name() {
            #body
        }
    })
}

/// Builds the input from `params`, then checks the request against the case.
fn request_test(values: &Values<'_>, case: &Case<'_>) -> Result<TokenStream, CodegenError> {
    let krate = values.krate;
    let params = case.params()?;
    let (setup, input) = match &case.op.input {
        Some(id) => {
            let value = values.structure(id, params, "params")?;
            (quote! { let input = #value; }, quote! { &input })
        }
        None if params.is_empty() => (TokenStream::new(), quote! { &() }),
        None => return Err(case.error("`params` given for an operation without input")),
    };
    let op = ident(&case.op.rust_name);
    let module = crate::emit::operation_module(case.op, &quote! { ::#krate });
    let endpoint = format!("https://{}", case.str("host")?.unwrap_or(DEFAULT_HOST));
    let method = case.required_str("method")?;
    let path = case.required_str("uri")?;
    let mut checks = vec![
        quote! { assert_eq!(request.method(), #method, "HTTP method"); },
        quote! { assert_eq!(uri.path(), #path, "request path"); },
    ];
    if let Some(host) = case.str("resolvedHost")? {
        checks.push(
            quote! { assert_eq!(uri.host(), ::std::option::Option::Some(#host), "request host"); },
        );
    }
    let mut query_checks = Vec::new();
    for (key, check) in [
        ("queryParams", quote! { validate_query_string }),
        ("forbidQueryParams", quote! { forbid_query_params }),
        ("requireQueryParams", quote! { require_query_params }),
    ] {
        let items = case.strings(key)?;
        if !items.is_empty() {
            query_checks.push(quote! {
                ::aws_smithy_protocol_test::assert_ok(::aws_smithy_protocol_test::#check(&query, &[#(#items),*]));
            });
        }
    }
    if !query_checks.is_empty() {
        // aws-smithy-protocol-test reads the query from a request over `SdkBody`.
        checks.push(quote! {
            let query = ::smithy_rt::TryCloneRequest::try_clone(&request)
                .expect("an in-memory request copies")
                .map(|body| ::smithy_rt::SdkBody::from(body.into_bytes()));
        });
        checks.extend(query_checks);
    }
    checks.extend(header_checks(case)?);
    if let Some(check) = body_check(case)? {
        checks.push(quote! {
            let body = request.body().bytes().expect("the request body should be in memory");
            #check
        });
    }
    let mut build = quote! { <#module::#op as #OPERATION>::build_request(#input, #endpoint) };
    if has_idempotency_token(values.ir, case.op)? {
        build = quote! { #WITH_IDEMPOTENCY_TOKEN(#TEST_TOKEN, || #build) };
    }
    Ok(quote! {
        #setup
        let request = #build.expect("the request should build");
        let uri: ::http::Uri = request.uri().parse().expect("the request URI should parse");
        #(#checks)*
    })
}

/// Whether the operation's input has a member the client fills with a fresh token.
fn has_idempotency_token(ir: &ServiceIr, op: &OperationIr) -> Result<bool, CodegenError> {
    let Some(id) = &op.input else {
        return Ok(false);
    };
    Ok(match &ir.shape(id)?.kind {
        ShapeIrKind::Structure { members, .. } => members.iter().any(|m| m.idempotency_token),
        _ => false,
    })
}

/// `headers`, `forbidHeaders` and `requireHeaders` of a request case.
fn header_checks(case: &Case<'_>) -> Result<Vec<TokenStream>, CodegenError> {
    let mut checks = Vec::new();
    let headers = case.string_map("headers")?;
    if !headers.is_empty() {
        let pairs = headers.iter().map(|(k, v)| quote! { (#k, #v) });
        checks.push(quote! {
            ::aws_smithy_protocol_test::assert_ok(::aws_smithy_protocol_test::validate_headers(
                request.headers(),
                [#(#pairs),*],
            ));
        });
    }
    for (key, check) in [
        ("forbidHeaders", quote! { forbid_headers }),
        ("requireHeaders", quote! { require_headers }),
    ] {
        let names = case.strings(key)?;
        if !names.is_empty() {
            checks.push(quote! {
                ::aws_smithy_protocol_test::assert_ok(::aws_smithy_protocol_test::#check(request.headers(), &[#(#names),*]));
            });
        }
    }
    Ok(checks)
}

/// The check of `body` (a `&[u8]` in scope) against the case's `body`, if it has one:
/// `""` means empty, JSON is compared as parsed JSON, anything else byte for byte.
fn body_check(case: &Case<'_>) -> Result<Option<TokenStream>, CodegenError> {
    let Some(expected) = case.str("body")? else {
        return Ok(None);
    };
    if expected.is_empty() {
        return Ok(Some(quote! {
            assert!(body.is_empty(), "expected an empty body, got {:?}", ::std::string::String::from_utf8_lossy(body));
        }));
    }
    let media = case.str("bodyMediaType")?;
    let is_json = match media {
        Some(m) => {
            m == "application/json"
                || m.ends_with("+json")
                || m.starts_with("application/x-amz-json-")
        }
        None => {
            serde_json::from_str::<Value>(expected).is_ok_and(|v| v.is_object() || v.is_array())
        }
    };
    if media == Some("application/x-www-form-urlencoded") {
        // Form pairs are compared one by one, with map entries in any order (maps have none).
        return Ok(Some(quote! {
            ::aws_smithy_protocol_test::assert_ok(::aws_smithy_protocol_test::validate_body(
                body,
                #expected,
                ::aws_smithy_protocol_test::MediaType::UrlEncodedForm,
            ));
        }));
    }
    Ok(Some(if is_json {
        if serde_json::from_str::<Value>(expected).is_err() {
            return Err(case.error("`body` is declared JSON but does not parse"));
        }
        quote! {
            ::aws_smithy_protocol_test::assert_ok(::aws_smithy_protocol_test::validate_body(
                body,
                #expected,
                ::aws_smithy_protocol_test::MediaType::Json,
            ));
        }
    } else {
        let bytes = proc_macro2::Literal::byte_string(expected.as_bytes());
        quote! { assert_eq!(body, #bytes, "body"); }
    }))
}

/// Parses a canned response, then compares the output (or the error) with `params`.
fn response_test(values: &Values<'_>, case: &Case<'_>) -> Result<TokenStream, CodegenError> {
    let krate = values.krate;
    let code = case
        .fields
        .get("code")
        .and_then(Value::as_u64)
        .and_then(|c| u16::try_from(c).ok())
        .filter(|c| (100..1000).contains(c))
        .ok_or_else(|| case.error("`code` must be an HTTP status code"))?;
    let headers = case
        .string_map("headers")?
        .into_iter()
        .map(|(k, v)| quote! { (#k, #v) });
    let body = case.str("body")?.unwrap_or_default();
    let op = ident(&case.op.rust_name);
    let module = crate::emit::operation_module(case.op, &quote! { ::#krate });
    let check = match case.error {
        None => output_check(values, case)?,
        Some(shape) => error_check(values, case, shape)?,
    };
    Ok(quote! {
        let response = #RESPONSE_FROM_PARTS(#code, [#(#headers),*], #body)
            .expect("the response parts should be valid");
        let result = <#module::#op as #OPERATION>::parse_response(&response);
        #check
    })
}

fn output_check(values: &Values<'_>, case: &Case<'_>) -> Result<TokenStream, CodegenError> {
    let params = case.params()?;
    let Some(id) = &case.op.output else {
        if !params.is_empty() {
            return Err(case.error("`params` given for an operation without output"));
        }
        return Ok(quote! { result.expect("the response should parse"); });
    };
    let (output, expected) = (format_ident!("output"), format_ident!("expected"));
    let (asserts, uses_expected) = values.compare(id, params, &output, &expected)?;
    if asserts.is_empty() {
        return Ok(quote! { result.expect("the response should parse"); });
    }
    let expected_value = expected_binding(values, id, params, uses_expected)?;
    Ok(quote! {
        let #output = result.expect("the response should parse");
        #expected_value
        #(#asserts)*
    })
}

fn error_check(
    values: &Values<'_>,
    case: &Case<'_>,
    shape: &ShapeIr,
) -> Result<TokenStream, CodegenError> {
    let krate = values.krate;
    let params = case.params()?;
    let error_enum = ident(&case.op.error_enum);
    let variant = ident(&shape.rust_name);
    let wire = shape.id.name();
    let module = crate::emit::operation_module(case.op, &quote! { ::#krate });
    let pattern = quote! { #module::#error_enum::#variant };
    let expect = format!("the response should be the error `{wire}`");
    let (actual, expected) = (format_ident!("actual"), format_ident!("expected"));
    let (asserts, uses_expected) = values.compare(&shape.id, params, &actual, &expected)?;
    let metadata = error_code_checks(case)?;
    if asserts.is_empty() {
        let message = format!("expected the error `{wire}`, got {{:?}}");
        return Ok(quote! {
            let error = result.expect_err(#expect);
            assert!(matches!(error, #pattern(_)), #message, error);
            #metadata
        });
    }
    let message = format!("expected the error `{wire}`, got {{:?}}");
    let expected_value = expected_binding(values, &shape.id, params, uses_expected)?;
    Ok(quote! {
        let error = result.expect_err(#expect);
        let #pattern(#actual) = &error else {
            panic!(#message, error);
        };
        #expected_value
        #(#asserts)*
        #metadata
    })
}

/// The `vendorParams` of an error case whose `vendorParamsShape` is the compliance suites'
/// `ErrorCodeParams`: the error code the caller sees (`code`) and, where the protocol names
/// one, the fault (`type`: awsQuery's `<Type>`, or the `x-amzn-query-error` fault of an awsJson
/// service migrated from awsQuery), kept under the metadata's `"type"`.
fn error_code_checks(case: &Case<'_>) -> Result<TokenStream, CodegenError> {
    if case.str("vendorParamsShape")? != Some(ERROR_CODE_PARAMS) {
        return Ok(TokenStream::new());
    }
    let params = match case.fields.get("vendorParams") {
        Some(Value::Object(params)) => params,
        _ => return Err(case.error("`vendorParams` must be an object")),
    };
    let string = |key: &str| match params.get(key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.as_str())),
        Some(_) => Err(case.error(format!("`vendorParams.{key}` must be a string"))),
    };
    let code = string("code")?.ok_or_else(|| case.error("`vendorParams.code` is required"))?;
    let mut checks = quote! {
        assert_eq!(#PROVIDE_ERROR_METADATA::code(&error), ::std::option::Option::Some(#code));
    };
    if let Some(fault) = string("type")? {
        checks.extend(quote! {
            assert_eq!(
                #PROVIDE_ERROR_METADATA::meta(&error).extra(#ERROR_TYPE),
                ::std::option::Option::Some(#fault)
            );
        });
    }
    Ok(checks)
}

/// The compliance suites' shape for error-code `vendorParams`.
const ERROR_CODE_PARAMS: &str = "aws.protocoltests.config#ErrorCodeParams";

fn expected_binding(
    values: &Values<'_>,
    id: &smithy_model::ShapeId,
    params: &Map<String, Value>,
    used: bool,
) -> Result<TokenStream, CodegenError> {
    if !used {
        return Ok(TokenStream::new());
    }
    let value = values.structure(id, params, "params")?;
    Ok(quote! { let expected = #value; })
}

#[cfg(test)]
mod tests;
