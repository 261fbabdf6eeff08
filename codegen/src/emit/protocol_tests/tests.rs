use std::collections::BTreeMap;

use serde_json::json;
use smithy_model::Model;

use crate::{CrateConfig, generate};

/// A one-operation service whose cases exercise filtering, skips and value building.
fn model(request_params: serde_json::Value) -> Model {
    let case = |id: &str, extra: serde_json::Value| {
        let mut case = json!({ "id": id, "protocol": "aws.protocols#awsJson1_1", "method": "POST", "uri": "/" });
        if let (Some(case), Some(extra)) = (case.as_object_mut(), extra.as_object()) {
            case.extend(extra.clone());
        }
        case
    };
    let text = json!({
        "smithy": "2.0",
        "shapes": {
            "ex#Svc": {
                "type": "service",
                "version": "1",
                "operations": [{ "target": "ex#Op" }],
                "traits": { "aws.protocols#awsJson1_1": {} }
            },
            "ex#Op": {
                "type": "operation",
                "input": { "target": "ex#Io" },
                "output": { "target": "ex#Io" },
                "errors": [{ "target": "ex#Oops" }],
                "traits": {
                    "smithy.test#httpRequestTests": [
                        case("Values", json!({ "params": request_params })),
                        case("ServerOnly", json!({ "appliesTo": "server" })),
                        case("OtherProtocol", json!({ "protocol": "aws.protocols#restJson1" })),
                    ],
                    "smithy.test#httpResponseTests": [
                        { "id": "Values", "protocol": "aws.protocols#awsJson1_1", "code": 200, "params": { "d": "NaN" } }
                    ]
                }
            },
            "ex#Io": {
                "type": "structure",
                "members": {
                    "n": { "target": "smithy.api#Integer" },
                    "d": { "target": "smithy.api#Double" },
                    "t": { "target": "smithy.api#Timestamp" }
                }
            },
            "ex#Oops": {
                "type": "structure",
                "members": {},
                "traits": {
                    "smithy.api#error": "client",
                    "smithy.test#httpResponseTests": [
                        { "id": "Oops", "protocol": "aws.protocols#awsJson1_1", "code": 400,
                          "headers": { "X-Amzn-Errortype": "Oops" } }
                    ]
                }
            }
        }
    });
    Model::from_json_str(&text.to_string()).expect("the test model loads")
}

fn tests_file(model: &Model, skips: &[(&str, &str)]) -> Result<String, String> {
    let config = CrateConfig {
        package: "ex-svc".into(),
        service: None,
        protocol_tests: true,
        skips: skips
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect::<BTreeMap<_, _>>(),
        ..CrateConfig::default()
    };
    let generated = generate(model, &config).map_err(|e| e.to_string())?;
    let file = generated
        .files
        .into_iter()
        .find(|f| f.path == "tests/protocol_tests/cases.rs");
    Ok(file.map(|f| f.contents).unwrap_or_default())
}

#[test]
fn emits_client_cases_of_the_protocol_keyed_by_kind() {
    let text = tests_file(&model(json!({ "n": 1 })), &[]).unwrap_or_else(|e| e);
    for name in [
        "fn request_values()",
        "fn response_values()",
        "fn response_oops()",
    ] {
        assert!(text.contains(name), "{name} missing:\n{text}");
    }
    assert!(
        !text.contains("server_only") && !text.contains("other_protocol"),
        "{text}"
    );
    assert!(
        text.contains("::ex_svc::operation::op::OpError::Oops(_)"),
        "{text}"
    );
    assert!(text.contains("is_nan()"), "{text}");
}

#[test]
fn skipped_cases_are_ignored_with_their_reason() {
    let text =
        tests_file(&model(json!({})), &[("request:Values", "not today")]).unwrap_or_else(|e| e);
    assert!(
        text.contains("#[ignore = \"not today\"]\nfn request_values()"),
        "{text}"
    );
    assert_eq!(text.matches("#[ignore").count(), 1, "{text}");
}

#[test]
fn negative_numbers_and_fractional_timestamps_are_exact() {
    let text =
        tests_file(&model(json!({ "n": -5, "d": -1.5, "t": -1.5 })), &[]).unwrap_or_else(|e| e);
    assert!(text.contains("-5i32"), "{text}");
    assert!(text.contains("-1.5f64"), "{text}");
    assert!(
        text.contains("from_secs_and_nanos(-2i64, 500000000u32)"),
        "{text}"
    );
}

#[test]
fn bad_params_are_an_error_naming_the_case() {
    for params in [
        json!({ "nope": 1 }),
        json!({ "n": "text" }),
        json!({ "n": 1e12 }),
        json!({ "t": "2020" }),
    ] {
        let err = tests_file(&model(params.clone()), &[]).expect_err("bad params must fail");
        assert!(
            err.contains("request case `Values` of `Op`"),
            "{params}: {err}"
        );
    }
}
