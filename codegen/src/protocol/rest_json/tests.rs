//! restJson1 decisions the compliance suite does not pin down on its own: what the IR records
//! for it, the `codegen.json` customizations, what is skipped, and the errors for bindings it
//! can't send.

use serde_json::{Value, json};
use smithy_model::{Model, TimestampFormat};

use crate::ir::{self, HttpBinding, MemberIr, ServiceIr, ShapeIrKind, TypeRef};
use crate::{CodegenError, CrateConfig, PayloadChecksums, generate};

/// A restJson1 service with one operation `Put`; `input` replaces the members of its input.
fn model(input: Value, extra_shapes: Value) -> Model {
    let mut shapes = json!({
        "ex#Svc": {
            "type": "service",
            "version": "2012-06-01",
            "operations": [{ "target": "ex#Put" }],
            "traits": { "aws.protocols#restJson1": {} }
        },
        "ex#Put": {
            "type": "operation",
            "input": { "target": "ex#PutInput" },
            "output": { "target": "ex#PutOutput" },
            "traits": { "smithy.api#http": { "method": "PUT", "uri": "/{accountId}/things", "code": 201 } }
        },
        "ex#PutInput": { "type": "structure", "members": input },
        "ex#PutOutput": {
            "type": "structure",
            "members": {
                "Status": { "target": "smithy.api#Integer", "traits": { "smithy.api#httpResponseCode": {} } },
                "Echo": { "target": "smithy.api#String", "traits": { "smithy.api#httpQuery": "echo" } },
                "When": { "target": "smithy.api#Timestamp", "traits": { "smithy.api#httpHeader": "X-When" } },
                "Nested": { "target": "ex#Inner" }
            }
        },
        "ex#Inner": { "type": "structure", "members": { "at": { "target": "smithy.api#Timestamp" } } }
    });
    if let (Some(all), Some(extra)) = (shapes.as_object_mut(), extra_shapes.as_object()) {
        all.extend(extra.clone());
    }
    let text = json!({ "smithy": "2.0", "shapes": shapes }).to_string();
    Model::from_json_str(&text).unwrap_or_else(|e| panic!("{e}"))
}

fn standard_input() -> Value {
    json!({
        "accountId": { "target": "smithy.api#String", "traits": { "smithy.api#httpLabel": {}, "smithy.api#required": {} } },
        "since": { "target": "smithy.api#Timestamp", "traits": { "smithy.api#httpQuery": "since" } },
        "stamp": { "target": "smithy.api#Timestamp", "traits": { "smithy.api#httpHeader": "X-Stamp" } },
        "name": { "target": "smithy.api#String", "traits": { "smithy.api#jsonName": "Name" } },
        "inner": { "target": "ex#Inner" }
    })
}

fn config() -> CrateConfig {
    CrateConfig {
        package: "ex".into(),
        ..CrateConfig::default()
    }
}

fn build(model: &Model, config: &CrateConfig) -> Result<ServiceIr, CodegenError> {
    ir::build(model, config)
}

fn member<'a>(ir: &'a ServiceIr, shape: &str, name: &str) -> &'a MemberIr {
    match ir.shape_named(shape).map(|s| &s.kind) {
        Some(ShapeIrKind::Structure { members, .. }) => members
            .iter()
            .find(|m| m.name == name)
            .unwrap_or_else(|| panic!("no member {shape}.{name}")),
        _ => panic!("no structure {shape}"),
    }
}

#[test]
fn wire_names_and_timestamp_formats_follow_the_binding() {
    let ir =
        build(&model(standard_input(), json!({})), &config()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ir.protocol.trait_id(), "aws.protocols#restJson1");
    assert_eq!(member(&ir, "PutInput", "name").wire_name, "Name");
    let format = |shape, name| match member(&ir, shape, name).ty {
        TypeRef::Timestamp(f) => f,
        ref other => panic!("{other:?}"),
    };
    assert_eq!(format("PutInput", "since"), TimestampFormat::DateTime);
    assert_eq!(format("PutInput", "stamp"), TimestampFormat::HttpDate);
    assert_eq!(format("Inner", "at"), TimestampFormat::EpochSeconds);
    assert_eq!(format("PutOutput", "When"), TimestampFormat::HttpDate);
}

#[test]
fn only_what_bodies_carry_gets_a_codec_in_production() {
    let ir =
        build(&model(standard_input(), json!({})), &config()).unwrap_or_else(|e| panic!("{e}"));
    let names = |set: &std::collections::BTreeSet<smithy_model::ShapeId>| {
        set.iter()
            .map(|id| id.name().to_owned())
            .collect::<Vec<_>>()
    };
    // The top-level structures travel as their bound parts, never whole.
    assert_eq!(names(&ir.serialized), ["Inner"]);
    assert_eq!(names(&ir.deserialized), ["Inner"]);
    // A query member means nothing in a response: it is read from the body there.
    let echo = member(&ir, "PutOutput", "Echo");
    assert_eq!(echo.http.in_response(), &HttpBinding::Document);
    assert_eq!(echo.http.in_request(), &HttpBinding::Query("echo".into()));
    let status = member(&ir, "PutOutput", "Status");
    assert_eq!(status.http.in_request(), &HttpBinding::Document);
}

#[test]
fn customizations_come_from_the_config() {
    let model = model(standard_input(), json!({}));
    let mut config = config();
    config
        .request_headers
        .insert("Accept".into(), "application/json".into());
    config.api_version_header = Some("X-Amz-Glacier-Version".into());
    config
        .input_member_defaults
        .insert("accountId".into(), "-".into());
    config.payload_checksums = Some(PayloadChecksums {
        operations: vec!["Put".into()],
        sha256_header: "X-Amz-Content-Sha256".into(),
        tree_hash_header: "X-Amz-Sha256-Tree-Hash".into(),
    });
    let ir = build(&model, &config).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        ir.request_headers,
        [
            ("Accept".to_owned(), "application/json".to_owned()),
            ("X-Amz-Glacier-Version".to_owned(), "2012-06-01".to_owned())
        ]
    );
    let put = &ir.operations[0];
    assert_eq!(
        put.input_defaults.get("accountId").map(String::as_str),
        Some("-")
    );
    assert_eq!(
        put.payload_checksums.as_ref().map(|c| c.tree_hash.as_str()),
        Some("X-Amz-Sha256-Tree-Hash")
    );
    let generated = generate(&model, &config).unwrap_or_else(|e| panic!("{e}"));
    let put_rs = generated
        .files
        .iter()
        .find(|f| f.path == "src/operation/put.rs")
        .map(|f| f.contents.as_str())
        .unwrap_or_default();
    assert!(put_rs.contains(r#".unwrap_or("-")"#), "{put_rs}");
    assert!(put_rs.contains("sha256_tree_hash("), "{put_rs}");
    assert!(put_rs.contains(r#""X-Amz-Glacier-Version","#), "{put_rs}");
    let manifest = generated
        .files
        .iter()
        .find(|f| f.path == "Cargo.toml")
        .map(|f| f.contents.as_str())
        .unwrap_or_default();
    assert!(
        manifest.contains(r#"smithy-rt = { workspace = true, features = ["sha256"] }"#),
        "{manifest}"
    );
}

/// The text of the error `build` fails with (empty if it succeeds).
fn build_error(model: &Model, config: &CrateConfig) -> String {
    build(model, config)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default()
}

#[test]
fn customizations_that_match_nothing_are_errors() {
    let model = model(standard_input(), json!({}));
    let mut unused = config();
    unused
        .input_member_defaults
        .insert("vaultName".into(), "-".into());
    let e = build_error(&model, &unused);
    assert!(
        e.contains("`input_member_defaults` names member vaultName"),
        "{e}"
    );

    let mut unknown = config();
    unknown.payload_checksums = Some(PayloadChecksums {
        operations: vec!["Upload".into()],
        ..PayloadChecksums::default()
    });
    let e = build_error(&model, &unknown);
    assert!(
        e.contains("`payload_checksums` names operation Upload"),
        "{e}"
    );

    let mut no_error = config();
    no_error.retryable_errors = vec!["Put".into()];
    let e = build_error(&model, &no_error);
    assert!(
        e.contains("`retryable_errors` names Put, which is no error"),
        "{e}"
    );

    let mut no_version = config();
    no_version.api_version_header = Some("X-Version".into());
    let text = model_text_without_version();
    let model = Model::from_json_str(&text).unwrap_or_else(|e| panic!("{e}"));
    let e = build_error(&model, &no_version);
    assert!(e.contains("`api_version_header`"), "{e}");
}

fn model_text_without_version() -> String {
    json!({
        "smithy": "2.0",
        "shapes": {
            "ex#Svc": { "type": "service", "operations": [], "traits": { "aws.protocols#restJson1": {} } }
        }
    })
    .to_string()
}

#[test]
fn streaming_blob_payloads_are_generated_and_event_streams_skipped() {
    let input = json!({
        "accountId": { "target": "smithy.api#String", "traits": { "smithy.api#httpLabel": {}, "smithy.api#required": {} } },
        "body": { "target": "ex#Stream", "traits": { "smithy.api#httpPayload": {} } }
    });
    let extra =
        json!({ "ex#Stream": { "type": "blob", "traits": { "smithy.api#streaming": {} } } });
    let ir = build(&model(input, extra), &config()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ir.operations.len(), 1);
    assert_eq!(member(&ir, "PutInput", "body").ty, TypeRef::Blob);

    // Not the payload: skipped, with the reason.
    let input = json!({
        "accountId": { "target": "smithy.api#String", "traits": { "smithy.api#httpLabel": {}, "smithy.api#required": {} } },
        "body": { "target": "ex#Stream" }
    });
    let extra =
        json!({ "ex#Stream": { "type": "blob", "traits": { "smithy.api#streaming": {} } } });
    let ir = build(&model(input, extra), &config()).unwrap_or_else(|e| panic!("{e}"));
    assert!(ir.operations.is_empty());
    assert!(
        ir.warnings
            .iter()
            .any(|w| w.contains("skipped operation ex#Put")
                && w.contains("only as the @httpPayload")),
        "{:?}",
        ir.warnings
    );

    let input = json!({
        "accountId": { "target": "smithy.api#String", "traits": { "smithy.api#httpLabel": {}, "smithy.api#required": {} } },
        "events": { "target": "ex#Events", "traits": { "smithy.api#httpPayload": {} } }
    });
    let extra = json!({
        "ex#Events": { "type": "union", "members": { "a": { "target": "ex#Inner" } }, "traits": { "smithy.api#streaming": {} } }
    });
    let ir = build(&model(input, extra), &config()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        ir.warnings,
        ["skipped operation ex#Put: event streams are not supported (ex#Events)"]
    );
}

#[test]
fn bindings_restjson1_cannot_send_are_errors_naming_the_member() {
    let generate_with = |input: Value| {
        generate(&model(input, json!({})), &config())
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default()
    };
    let label = json!({ "accountId": { "target": "smithy.api#String", "traits": { "smithy.api#httpLabel": {}, "smithy.api#required": {} } } });
    let mut header_struct = label.clone();
    header_struct["inner"] =
        json!({ "target": "ex#Inner", "traits": { "smithy.api#httpHeader": "X-Inner" } });
    let e = generate_with(header_struct);
    assert!(e.contains("PutInput.inner"), "{e}");
    assert!(e.contains("can't be bound here"), "{e}");

    let mut two_bodies = label.clone();
    two_bodies["data"] =
        json!({ "target": "smithy.api#Blob", "traits": { "smithy.api#httpPayload": {} } });
    two_bodies["name"] = json!({ "target": "smithy.api#String" });
    let e = generate_with(two_bodies);
    assert!(e.contains("must be the only member in the body"), "{e}");

    let unbound = json!({ "accountId": { "target": "smithy.api#String" } });
    let e = generate_with(unbound);
    assert!(
        e.contains("label {accountId} is not an @httpLabel member"),
        "{e}"
    );
}

#[test]
fn bound_output_members_take_their_defaults_and_zero_values() {
    // Members outside the body get what body members get when the response lacks them.
    let extra = json!({
        "ex#PutOutput": {
            "type": "structure",
            "members": {
                "Count": { "target": "smithy.api#Integer", "traits": { "smithy.api#httpHeader": "X-Count", "smithy.api#required": {} } },
                "Name": { "target": "smithy.api#String", "traits": { "smithy.api#httpHeader": "X-Name", "smithy.api#default": "anon" } },
                "Mode": { "target": "ex#Mode", "traits": { "smithy.api#httpHeader": "X-Mode", "smithy.api#required": {} } },
                "Status": { "target": "smithy.api#Integer", "traits": { "smithy.api#httpResponseCode": {}, "smithy.api#required": {} } },
                "Body": { "target": "ex#Inner", "traits": { "smithy.api#httpPayload": {}, "smithy.api#required": {} } }
            }
        },
        "ex#Mode": {
            "type": "enum",
            "members": { "A": { "target": "smithy.api#Unit", "traits": { "smithy.api#enumValue": "a" } } }
        }
    });
    let generated =
        generate(&model(standard_input(), extra), &config()).unwrap_or_else(|e| panic!("{e}"));
    let de_rs: String = generated
        .files
        .iter()
        .find(|f| f.path == "src/de.rs")
        .map(|f| f.contents.as_str())
        .unwrap_or_default()
        .split_whitespace()
        .collect::<String>()
        // prettyplease's trailing commas in calls it breaks over lines
        .replace(",)", ")");
    let reader = de_rs
        .split("pub(crate)fnhttp_put_output(")
        .nth(1)
        .and_then(|rest| rest.split("pub(crate)fn").next())
        .unwrap_or_else(|| panic!("no http_put_output in {de_rs}"));
    let header = "::smithy_rt::binding::header";
    for expected in [
        // Plain members start at what costs nothing: 0 for the integer and the status.
        "count:0,".to_owned(),
        "status:0,".to_owned(),
        format!(
            "ifletSome(value)={header}::one(response,\"X-Count\",{header}::i32)?{{output.count=value;}}"
        ),
        format!(
            "output.name={header}::one(response,\"X-Name\",{header}::string)?.unwrap_or_else(||::std::string::String::from(\"anon\"));"
        ),
        "unwrap_or_else(||crate::types::Mode::from(::smithy_rt::UNSET_ENUM_VALUE));".to_owned(),
        "output.status=i32::from(response.status().as_u16());".to_owned(),
        "ifoutput.body.is_none(){output.body=::std::option::Option::Some(crate::types::Inner::new());}"
            .to_owned(),
    ] {
        let expected = expected.replace("Some(value)", "::std::option::Option::Some(value)");
        assert!(reader.contains(&expected), "{expected}\nnot in\n{reader}");
    }
}
