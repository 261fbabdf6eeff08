//! `tests/endpoint_tests/`: the model's `smithy.rules#endpointTests` as `#[test]`s, one per
//! case. Each resolves with the case's parameters (and once more per `operationInputs`
//! entry) and compares the whole result: URL, headers and properties, or the error message.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use super::setter_calls;
use crate::emit::{doc_attrs, ident};
use crate::ir::ServiceIr;
use crate::ir::endpoint::{EndpointRules, EndpointTestCase, Expectation};
use crate::runtime_type::{DOCUMENT, ENDPOINT_ERROR, ENDPOINT_OBJECT, RESOLVED_ENDPOINT};

/// The rules whose tests become `tests/endpoint_tests/`: `None` without endpoint rules or
/// tests.
pub fn tested_rules(ir: &ServiceIr) -> Option<&EndpointRules> {
    ir.endpoint_rules.as_ref().filter(|r| !r.tests.is_empty())
}

/// `tests/endpoint_tests/main.rs`: a root that keeps rustfmt away from the generated cases in
/// `tests/endpoint_tests/cases.rs` ([`cases_file`]).
pub fn main_file(ir: &ServiceIr, rules: &EndpointRules) -> TokenStream {
    let doc = format!(
        " The endpoint tests of `{}` (`smithy.rules#endpointTests`, {} cases), generated from \
         its model: each resolves the endpoint and compares URL, headers and properties, or \
         the error message.",
        ir.id,
        rules.tests.len()
    );
    quote! {
        #![doc = #doc]
        #[rustfmt::skip]
        mod cases;
    }
}

/// `tests/endpoint_tests/cases.rs`: every case, calling the generated crate by its name.
pub fn cases_file(ir: &ServiceIr, rules: &EndpointRules) -> TokenStream {
    let krate = ident(&ir.package.replace('-', "_"));
    cases(rules, &quote! { ::#krate })
}

/// Every case as a `#[test]`; `path` is the module with `EndpointParams` and
/// `resolve_endpoint` (`::firehose`).
pub fn cases(rules: &EndpointRules, path: &TokenStream) -> TokenStream {
    let tests = rules
        .tests
        .iter()
        .enumerate()
        .map(|(i, case)| test(rules, path, i, case));
    quote! { #(#tests)* }
}

/// How many of the cases are emitted as ignored, each with its reason.
pub fn skipped(rules: &EndpointRules) -> Vec<(usize, &str)> {
    rules
        .tests
        .iter()
        .enumerate()
        .filter_map(|(i, c)| c.skip.as_deref().map(|reason| (i, reason)))
        .collect()
}

fn test(
    rules: &EndpointRules,
    path: &TokenStream,
    i: usize,
    case: &EndpointTestCase,
) -> TokenStream {
    let name = format_ident!("{}", test_name(i, &case.documentation));
    let docs = if case.documentation.is_empty() {
        doc_attrs(&format!("Endpoint test case {i}."))
    } else {
        doc_attrs(&case.documentation)
    };
    if let Some(reason) = &case.skip {
        return quote! {
            #docs
            #[test]
            #[ignore = #reason]
            fn #name() {}
        };
    }
    let expected = match &case.expect {
        Expectation::Endpoint {
            url,
            headers,
            properties,
        } => {
            let headers = headers.iter().flat_map(|(name, values)| {
                values
                    .iter()
                    .map(move |v| quote! { .with_header(#name, #v) })
            });
            let properties = properties.iter().map(|(key, value)| {
                let value = document(value);
                quote! { .with_property(#key, #value) }
            });
            quote! {
                ::std::result::Result::Ok(
                    #RESOLVED_ENDPOINT::new(#url) #(#headers)* #(#properties)*
                )
            }
        }
        Expectation::Error(message) => quote! {
            ::std::result::Result::Err(#ENDPOINT_ERROR::new(#message))
        },
    };
    let setters = setter_calls(rules, &case.params);
    let runs = case.operation_runs.iter().map(|run| {
        let setters = setter_calls(rules, &run.params);
        let message = format!("with the parameters of operation {}", run.operation);
        quote! {
            let params = #path::EndpointParams::default() #setters;
            let actual = #path::resolve_endpoint(&params);
            assert_eq!(actual, expected, #message);
        }
    });
    quote! {
        #docs
        #[test]
        fn #name() {
            let expected = #expected;
            let params = #path::EndpointParams::default() #setters;
            let actual = #path::resolve_endpoint(&params);
            assert_eq!(actual, expected);
            #(#runs)*
        }
    }
}

/// `case_<i>_<documentation in snake case>`, whole words up to about 60 characters.
fn test_name(i: usize, documentation: &str) -> String {
    let mut name = format!("case_{i}");
    let words = documentation
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty());
    for word in words {
        if name.len() + word.len() > 66 {
            break;
        }
        name.push('_');
        name.push_str(&word.to_ascii_lowercase());
    }
    name
}

/// A JSON value as the runtime's `Document`, built the way the resolver builds properties.
fn document(value: &Value) -> TokenStream {
    match value {
        Value::Null => quote! { #DOCUMENT::Null },
        Value::Bool(b) => quote! { #DOCUMENT::Bool(#b) },
        Value::String(s) => quote! { #DOCUMENT::from(#s) },
        Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => quote! { #DOCUMENT::from(#i) },
            (None, Some(f)) => quote! { #DOCUMENT::from(#f) },
            (None, None) => quote! { #DOCUMENT::Null },
        },
        Value::Array(items) => {
            let items = items.iter().map(document);
            quote! { #DOCUMENT::Array(::std::vec![#(#items),*]) }
        }
        Value::Object(fields) => {
            let fields = fields.iter().map(|(k, v)| {
                let v = document(v);
                quote! { (#k, #v) }
            });
            quote! { #ENDPOINT_OBJECT([#(#fields),*]) }
        }
    }
}

#[cfg(test)]
mod unit {
    use super::test_name;

    #[test]
    fn test_names() {
        assert_eq!(
            test_name(
                3,
                "For region us-east-1 with FIPS enabled and DualStack enabled"
            ),
            "case_3_for_region_us_east_1_with_fips_enabled_and_dualstack_enabled"
        );
        assert_eq!(test_name(0, ""), "case_0");
        assert_eq!(test_name(1, "  --  "), "case_1");
        assert_eq!(
            test_name(2, &"word ".repeat(30)),
            "case_2_word_word_word_word_word_word_word_word_word_word_word_word"
        );
        assert_eq!(test_name(4, "Über-case: ok"), "case_4_ber_case_ok");
    }
}
