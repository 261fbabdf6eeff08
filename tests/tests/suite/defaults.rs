//! Smithy 2.0 defaults and client error correction, on the fixture service
//! (tests/fixtures/defaults.json): what the types look like, and the parts the compliance-shaped
//! cases of its `smithy.test` traits can't state (a union's unknown variant, a null document,
//! values built in Rust rather than from `params`).

use defaults_fixture::operation::nested_defaults::{NestedDefaults, NestedDefaultsInput};
use defaults_fixture::operation::put_defaults::{PutDefaults, PutDefaultsInput};
use defaults_fixture::operation::required_outputs::{RequiredOutputs, RequiredOutputsError};
use defaults_fixture::primitives::{Blob, DateTime, Document};
use defaults_fixture::types::{
    Choice, Color, Inner, Level, OptionalSettings, Outer, Settings, Stamp,
};
use defaults_fixture::{BuildError, Operation, response_from_parts};

const ENDPOINT: &str = "https://defaults.example.com";

fn body<O: Operation>(input: &O::Input) -> serde_json::Value {
    let request = O::build_request(input, ENDPOINT).unwrap_or_else(|e| panic!("{e}"));
    serde_json::from_slice(request.body().bytes().expect("in-memory body"))
        .unwrap_or_else(|e| panic!("{e}"))
}

fn parse<O: Operation>(status: u16, body: &str) -> Result<O::Output, O::Error> {
    let response =
        response_from_parts(status, [], body.to_owned()).unwrap_or_else(|e| panic!("{e}"));
    O::parse_response(&response)
}

#[test]
fn defaulted_members_are_plain_values_that_start_at_their_default() {
    // `Settings` has only defaulted members: `Default` and `new()` give the defaults.
    let settings = Settings::default();
    assert_eq!(settings, Settings::new());
    assert_eq!(settings.name, "unnamed");
    assert!(settings.enabled);
    assert_eq!((settings.tiny, settings.count, settings.big), (2, 4, 5));
    assert_eq!((settings.ratio, settings.precise), (0.5, 2.25));
    assert_eq!(settings.started, DateTime::from_secs(86_400));
    assert_eq!(settings.payload, Blob::new(b"bytes".to_vec()));
    assert_eq!(settings.doc_text, Document::String("text".to_owned()));
    assert_eq!(
        (settings.color, settings.level),
        (Color::Green, Level::Medium)
    );
    assert_eq!(
        (settings.huge.as_str(), settings.exact.as_str()),
        ("10", "1.25")
    );
    // A setter replaces the default.
    assert_eq!(Settings::new().with_count(9).count, 9);
}

#[test]
fn input_and_client_optional_members_stay_options() {
    // Top-level members of an `@input` structure: a default is the service's, not sent.
    let input = PutDefaultsInput::default();
    assert_eq!((input.label.as_deref(), input.retries), (None, None));
    assert_eq!(body::<PutDefaults>(&input), serde_json::json!({}));
    // `@clientOptional` members have no default and are not required, for a client.
    let optional = OptionalSettings::new();
    assert_eq!((optional.limit, optional.owner.as_deref()), (None, None));
    let input = PutDefaultsInput::new().with_optional_settings(optional);
    assert_eq!(
        body::<PutDefaults>(&input),
        serde_json::json!({ "optionalSettings": {} })
    );
}

#[test]
fn required_structure_members_are_given_to_new_and_checked_when_unset() {
    let input = NestedDefaultsInput::new(Outer::new(Inner::new().with_text("t")));
    assert_eq!(
        body::<NestedDefaults>(&input),
        serde_json::json!({ "outer": {
            "inner": { "text": "t", "greeting": "hello" }, "inners": [], "innerMap": {}
        } })
    );
    // A required structure member is an `Option` (it can never gain a default, so a service
    // may only relax it by making it optional): unset, the request is refused.
    let mut outer = Outer::new(Inner::new());
    outer.inner = None;
    let error =
        NestedDefaults::build_request(&NestedDefaultsInput::new(outer), ENDPOINT).unwrap_err();
    assert!(
        matches!(
            error,
            BuildError::MissingMember {
                shape: "Outer",
                member: "inner"
            }
        ),
        "{error}"
    );
}

#[test]
fn a_response_without_required_members_reads_as_their_zero_values() {
    for body in ["", "{}", "null"] {
        let out = parse::<RequiredOutputs>(200, body).unwrap_or_else(|e| panic!("{body:?}: {e}"));
        assert_eq!(out.required_string, "", "{body:?}");
        assert!(!out.required_boolean);
        assert!(out.required_list.is_empty() && out.required_map.is_empty());
        assert_eq!(out.required_timestamp, DateTime::from_secs(0));
        assert!(out.required_blob.as_ref().is_empty());
        assert_eq!(out.required_integer, 0);
        assert_eq!(out.required_double.to_bits(), 0.0f64.to_bits());
        assert_eq!(out.required_big_integer, "0");
        assert_eq!(out.required_document, Document::Null);
        assert_eq!(
            out.required_enum,
            Color::Unknown("no value was set".to_owned())
        );
        assert_eq!(out.required_int_enum, Level::Unknown(0));
        // Unions and structures stay `Option`s in the type, and a response fills them.
        assert_eq!(out.required_union, Some(Choice::Unknown));
        let stamp = out.required_structure.expect("an empty Stamp");
        assert_eq!((stamp.id.as_str(), stamp.word.as_str()), ("", "leaf"));
        assert_eq!(stamp.color.as_str(), "no value was set");
        assert_eq!(stamp.note, None);
    }
}

#[test]
fn a_union_sent_as_null_or_empty_is_its_unknown_variant() {
    let out = parse::<RequiredOutputs>(200, r#"{"requiredUnion":null,"requiredStructure":{}}"#)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.required_union, Some(Choice::Unknown));
    assert_eq!(
        out.required_structure,
        Some(Stamp::new("", Color::from(smithy_rt::UNSET_ENUM_VALUE)))
    );
    let out = parse::<RequiredOutputs>(200, r#"{"requiredUnion":{"number":3}}"#)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.required_union, Some(Choice::Number(3)));
}

#[test]
fn required_members_of_an_error_are_filled_and_its_message_found_under_any_key() {
    let error =
        parse::<RequiredOutputs>(400, r#"{"__type":"ThrottledError","errorMessage":"busy"}"#)
            .unwrap_err();
    let RequiredOutputsError::ThrottledError(e) = &error else {
        panic!("expected ThrottledError, got {error:?}");
    };
    assert_eq!((e.message.as_str(), e.retry_after_seconds), ("busy", 0));
    assert_eq!(error.to_string(), "ThrottledError: busy");
}

#[test]
fn a_default_that_does_not_fit_its_member_is_a_codegen_error() {
    let model = |default: &str| {
        let text = format!(
            r#"{{"smithy":"2.0","shapes":{{
                "a.b#S":{{"type":"service","version":"1","operations":[{{"target":"a.b#Op"}}],
                    "traits":{{"aws.protocols#awsJson1_0":{{}}}}}},
                "a.b#Op":{{"type":"operation","output":{{"target":"a.b#Out"}}}},
                "a.b#Out":{{"type":"structure","members":{{
                    "n":{{"target":"smithy.api#Byte","traits":{{"smithy.api#default":{default}}}}}}}}}}}}}"#
        );
        let model = smithy_model::Model::from_json_str(&text).unwrap_or_else(|e| panic!("{e}"));
        let config = smithy_codegen::CrateConfig {
            package: "x".to_owned(),
            ..Default::default()
        };
        smithy_codegen::generate(&model, &config).map(|_| ())
    };
    assert!(model("1").is_ok());
    for bad in ["300", "\"one\"", "1.5", "[]"] {
        let error = model(bad).expect_err(bad).to_string();
        assert!(
            error.contains("a.b#Out$n") && error.contains("@default"),
            "{bad}: {error}"
        );
    }
}
