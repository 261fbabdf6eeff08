//! The generator never panics on a model it can't use: each case gets an error that names
//! what was wrong, and unsupported operations are skipped with a warning that names them.

use smithy_codegen::{CrateConfig, generate};
use smithy_model::Model;

fn config(service: Option<&str>) -> CrateConfig {
    CrateConfig {
        package: "x".into(),
        service: service.map(str::to_owned),
        ..CrateConfig::default()
    }
}

/// A minimal awsJson1_1 model with `extra` shapes merged in.
fn model(extra: &str) -> String {
    format!(
        r#"{{"smithy":"2.0","shapes":{{
            "ns#Svc":{{"type":"service","version":"1","operations":[{{"target":"ns#Op"}}],"traits":{{"aws.protocols#awsJson1_1":{{}}}}}},
            "ns#Op":{{"type":"operation","input":{{"target":"ns#OpInput"}}}}
            {extra}
        }}}}"#
    )
}

fn generate_error(text: &str, service: Option<&str>) -> String {
    let model = Model::from_json_str(text).unwrap_or_else(|e| panic!("fixture must load: {e}"));
    match generate(&model, &config(service)) {
        Ok(_) => panic!("expected an error"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn errors_name_what_was_wrong() {
    let input = r#","ns#OpInput":{"type":"structure","members":{}}"#;
    let cases: Vec<(String, Option<&str>, &str)> = vec![
        (r#"{"smithy":"2.0","shapes":{}}"#.into(), None, "the model has no service shape"),
        (model(input), Some("ns#Nope"), "service ns#Nope is not in the model"),
        (model(input), Some("not an id"), "bad service id"),
        (model(input).replace("aws.protocols#awsJson1_1", "aws.protocols#restXml"), None, "uses no supported protocol"),
        (
            model(r#","ns#OpInput":{"type":"structure","members":{"a":{"target":"ns#Thing"},"b":{"target":"other#Thing"}}},
                     "ns#Thing":{"type":"structure","members":{}},"other#Thing":{"type":"structure","members":{}}"#),
            None,
            "both become the Rust type Thing",
        ),
        (
            model(r#","ns#OpInput":{"type":"structure","members":{"e":{"target":"ns#Big"}}},
                     "ns#Big":{"type":"intEnum","members":{"A":{"target":"smithy.api#Unit","traits":{"smithy.api#enumValue":4294967296}}}}"#),
            None,
            "does not fit in i32",
        ),
        (
            model(input).replace(
                r#""ns#Op":{"type":"operation","#,
                r#""ns#Op":{"type":"operation","traits":{"smithy.api#endpoint":{"hostPrefix":"{missing}."}},"#,
            ),
            None,
            "host prefix label {missing} is not an input member",
        ),
        (
            model(r#","ns#OpInput":{"type":"structure","members":{}},
                     "ns#Bad":{"type":"structure","members":{},"traits":{"smithy.api#error":"client","aws.protocols#awsQueryError":{"code":7}}}"#)
                .replace(r#""traits":{"aws.protocols#awsJson1_1":{}}"#, r#""traits":{"aws.protocols#awsJson1_1":{},"aws.protocols#awsQueryCompatible":{}},"errors":[{"target":"ns#Bad"}]"#),
            None,
            "ns#Bad: trait aws.protocols#awsQueryError: `code` must be a string, found 7",
        ),
    ];
    for (text, service, expected) in cases {
        let error = generate_error(&text, service);
        assert!(
            error.contains(expected),
            "expected {expected:?} in {error:?}"
        );
    }
}

#[test]
fn two_services_need_a_choice() {
    let text = model(
        r#","ns#OpInput":{"type":"structure","members":{}},
        "ns#Other":{"type":"service","version":"1","traits":{"aws.protocols#awsJson1_0":{}}}"#,
    );
    let error = generate_error(&text, None);
    assert!(
        error.contains("2 services") && error.contains("ns#Other") && error.contains("ns#Svc"),
        "{error}"
    );
}

#[test]
fn streaming_operations_are_skipped_with_a_warning_naming_them() {
    let text = model(
        r#","ns#OpInput":{"type":"structure","members":{"body":{"target":"ns#Stream"}}},
           "ns#Stream":{"type":"blob","traits":{"smithy.api#streaming":{}}}"#,
    );
    let model = Model::from_json_str(&text).unwrap_or_else(|e| panic!("{e}"));
    let generated = generate(&model, &config(None)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(generated.warnings.len(), 1);
    assert!(
        generated.warnings[0].contains("ns#Op")
            && generated.warnings[0].contains("streaming blobs"),
        "{:?}",
        generated.warnings
    );
    let paths: Vec<&str> = generated.files.iter().map(|f| f.path.as_str()).collect();
    assert!(
        !paths.iter().any(|p| p.ends_with("operation/op.rs")),
        "the skipped operation is not emitted: {paths:?}"
    );
    let index = generated
        .files
        .iter()
        .find(|f| f.path.ends_with("operation/mod.rs"))
        .expect("operation/mod.rs");
    assert!(
        !index.contents.contains("pub mod op;"),
        "{}",
        index.contents
    );
}

#[test]
fn every_generated_file_starts_with_the_header_and_is_deterministic() {
    let text = std::fs::read_to_string(
        env!("CARGO_MANIFEST_DIR").to_owned() + "/fixtures/edge_cases.json",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let model = Model::from_json_str(&text).unwrap_or_else(|e| panic!("{e}"));
    let first = generate(&model, &config(None)).unwrap_or_else(|e| panic!("{e}"));
    let second = generate(&model, &config(None)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(first.files, second.files);
    for file in &first.files {
        let header = if file.path.ends_with(".toml") {
            "# @generated"
        } else {
            "// @generated"
        };
        assert!(
            file.contents.starts_with(header),
            "{} starts with {:?}",
            file.path,
            &file.contents[..40.min(file.contents.len())]
        );
    }
}

/// Truncating a real model anywhere never makes the loader or the generator panic.
#[test]
fn truncated_models_fail_cleanly() {
    let text = std::fs::read_to_string(
        env!("CARGO_MANIFEST_DIR").to_owned() + "/fixtures/edge_cases.json",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    for cut in (0..text.len()).step_by(97) {
        let truncated = &text[..cut];
        assert!(
            Model::from_json_str(truncated).is_err(),
            "cut at {cut} should not load"
        );
    }
}

#[test]
fn endpoint_members_must_name_a_string_input_member_of_a_real_operation() {
    let text = model(
        r#","ns#OpInput":{"type":"structure","members":{"n":{"target":"smithy.api#Integer"}}}"#,
    );
    let model = Model::from_json_str(&text).unwrap_or_else(|e| panic!("{e}"));
    for (op, member, expected) in [
        ("Nope", "n", "`endpoint_members` names operation Nope"),
        (
            "Op",
            "missing",
            "endpoint member `missing` is not an input member",
        ),
        ("Op", "n", "endpoint member `n` must target a string"),
    ] {
        let mut config = config(None);
        config.endpoint_members.insert(op.into(), member.into());
        let error = generate(&model, &config)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            error.contains(expected),
            "expected {expected:?} in {error:?}"
        );
    }
}

/// The SDK-conversion emitter (differential tests) names the shape it can't convert instead
/// of emitting code that would not compile.
#[test]
fn sdk_convert_names_the_shape_it_does_not_handle() {
    let text = model(
        r#","ns#OpInput":{"type":"structure","members":{"u":{"target":"ns#Choice"}}},
           "ns#Choice":{"type":"union","members":{"a":{"target":"smithy.api#String"}}}"#,
    );
    let parsed = Model::from_json_str(&text).unwrap_or_else(|e| panic!("fixture must load: {e}"));
    let mut config = config(None);
    config.sdk_convert = Some(smithy_codegen::SdkConvert {
        out: "convert.rs".into(),
        sdk_crate: "aws_sdk_x".into(),
    });
    let err = match generate(&parsed, &config) {
        Ok(_) => panic!("expected an error"),
        Err(e) => e.to_string(),
    };
    assert!(err.contains("ns#Choice") && err.contains("unions"), "{err}");

    // Without unions it emits the file, outside the crate, with both crates' paths.
    let text = model(
        r#","ns#OpInput":{"type":"structure","members":{"s":{"target":"smithy.api#String"}}}"#,
    );
    let parsed = Model::from_json_str(&text).unwrap_or_else(|e| panic!("fixture must load: {e}"));
    let generated = generate(&parsed, &config).unwrap_or_else(|e| panic!("{e}"));
    let file = &generated.external_files[0];
    assert_eq!(file.path, "convert.rs");
    assert!(
        file.contents.contains("client.op().set_s("),
        "{}",
        file.contents
    );
    // The file's parent module defines the traits, so one test crate can hold several services.
    assert!(
        file.contents
            .contains("impl super::Differential for ::x::operation::op::Op")
    );
}
