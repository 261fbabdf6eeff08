//! Loads the awsJson1_1 protocol-test model: two services, trait definitions, mixins.

mod common;

use common::{id, load_shared, member_names, raw_json, shape};
use serde_json::json;
use smithy_model::{EnumValue, ErrorFault, ShapeKind, TimestampFormat};

const TESTS: &str = "protocol-tests/awsJson1_1.json";

#[test]
fn loads_both_services() {
    let model = load_shared(TESTS);
    assert_eq!(model.shapes().count(), 215);
    let services: Vec<String> = model.services().map(|s| s.id.to_string()).collect();
    assert_eq!(
        services,
        [
            "aws.protocoltests.json#JsonProtocol",
            "com.amazonaws.machinelearning#AmazonML_20141212",
        ]
    );
    let json = model
        .operation_closure(&id("aws.protocoltests.json#JsonProtocol"))
        .expect("closure");
    assert_eq!(json.len(), 18);
    assert!(json.contains(&id("aws.protocoltests.json#KitchenSinkOperation")));
    let ml = model
        .operation_closure(&id("com.amazonaws.machinelearning#AmazonML_20141212"))
        .expect("closure");
    assert_eq!(ml, [id("com.amazonaws.machinelearning#Predict")]);

    let ml_service = shape(&model, "com.amazonaws.machinelearning#AmazonML_20141212");
    let aws = ml_service.traits.aws_service().expect("aws.api#service");
    assert_eq!(aws.sdk_id, "Machine Learning");
    assert_eq!(aws.endpoint_prefix.as_deref(), Some("machinelearning"));
    assert_eq!(
        aws.cloud_trail_event_source.as_deref(),
        Some("machinelearning.amazonaws.com")
    );
    let json_service = shape(&model, "aws.protocoltests.json#JsonProtocol");
    assert_eq!(
        json_service
            .traits
            .aws_service()
            .and_then(|a| a.endpoint_prefix.clone()),
        None
    );
    assert!(json_service.traits.aws_json_1_1());
}

#[test]
fn unit_input_and_output_are_none() {
    let model = load_shared(TESTS);
    let ShapeKind::Operation(empty) = &shape(&model, "aws.protocoltests.json#EmptyOperation").kind
    else {
        panic!("not an operation");
    };
    assert_eq!((&empty.input, &empty.output), (&None, &None));
    assert!(empty.errors.is_empty());
    let ShapeKind::Operation(put) =
        &shape(&model, "aws.protocoltests.json#PutWithContentEncoding").kind
    else {
        panic!("not an operation");
    };
    assert_eq!(
        put.input,
        Some(id("aws.protocoltests.json#PutWithContentEncodingInput"))
    );
    assert_eq!(put.output, None);
}

#[test]
fn mixin_members_come_first() {
    let model = load_shared(TESTS);
    let case = shape(&model, "smithy.test#HttpRequestTestCase");
    assert_eq!(
        member_names(case),
        [
            // smithy.test#HttpMessageMixin
            "headers",
            "forbidHeaders",
            "requireHeaders",
            "body",
            "bodyMediaType",
            // smithy.test#HttpRequestMixin
            "method",
            "uri",
            "host",
            "resolvedHost",
            "queryParams",
            "forbidQueryParams",
            "requireQueryParams",
            // its own
            "id",
            "protocol",
            "authScheme",
            "params",
            "vendorParams",
            "vendorParamsShape",
            "documentation",
            "tags",
            "appliesTo",
        ]
    );
    let headers = case.member("headers").expect("headers");
    assert_eq!(headers.id, id("smithy.test#HttpRequestTestCase$headers"));
    assert_eq!(headers.target, id("smithy.test#StringMap"));
    assert!(headers.traits.documentation().is_some());
    let method = case.member("method").expect("method");
    assert!(method.traits.required());
    assert_eq!(
        method.traits.get("smithy.api#length"),
        Some(&json!({"min": 1}))
    );

    let response = shape(&model, "smithy.test#HttpResponseTestCase");
    assert_eq!(
        &member_names(response)[..6],
        [
            "headers",
            "forbidHeaders",
            "requireHeaders",
            "body",
            "bodyMediaType",
            "code"
        ]
    );
    let initial = shape(&model, "smithy.test#InitialHttpRequest");
    assert_eq!(member_names(initial).len(), 12);
}

#[test]
fn mixin_traits_are_inherited_except_local_ones() {
    let model = load_shared(TESTS);
    let case = shape(&model, "smithy.test#HttpRequestTestCase");
    let mixin = shape(&model, "smithy.test#HttpRequestMixin");
    // The mixin shape itself is kept, with its mixin trait.
    assert!(mixin.traits.has("smithy.api#mixin"));
    assert!(!case.traits.has("smithy.api#mixin"));
    assert!(case.traits.has("smithy.api#private"));
    assert_eq!(case.traits.documentation(), mixin.traits.documentation());

    // HttpConfiguration declares `@mixin(localTraits: [private])`.
    let protocol = shape(&model, "aws.protocols#awsJson1_1");
    assert_eq!(member_names(protocol), ["http", "eventStreamHttp"]);
    assert!(!protocol.traits.has("smithy.api#private"));
    assert!(protocol.traits.has("smithy.api#trait"));
    assert!(
        protocol
            .traits
            .documentation()
            .is_some_and(|d| d.starts_with("An RPC-based protocol"))
    );
    let config = shape(&model, "aws.protocols#HttpConfiguration");
    assert!(config.traits.has("smithy.api#private"));
}

#[test]
fn member_order_matches_the_file_for_shapes_without_mixins() {
    let model = load_shared(TESTS);
    let raw = raw_json(TESTS);
    for (key, body) in raw["shapes"].as_object().expect("shapes") {
        if body.get("mixins").is_some() {
            continue;
        }
        if let Some(members) = body.get("members").and_then(|m| m.as_object()) {
            let expected: Vec<&str> = members.keys().map(String::as_str).collect();
            assert_eq!(member_names(shape(&model, key)), expected, "{key}");
        }
    }
}

#[test]
fn typed_traits_of_the_test_shapes() {
    let model = load_shared(TESTS);
    let int_enum = shape(&model, "aws.protocoltests.shared#IntegerEnum");
    let ShapeKind::IntEnum { members } = &int_enum.kind else {
        panic!("not an intEnum");
    };
    let values: Vec<_> = members
        .iter()
        .filter_map(|m| m.traits.enum_value())
        .collect();
    assert_eq!(
        values,
        [&EnumValue::Int(1), &EnumValue::Int(2), &EnumValue::Int(3)]
    );

    let sink = shape(&model, "aws.protocoltests.json#KitchenSink");
    let format = |name: &str| sink.member(name).and_then(|m| m.traits.timestamp_format());
    assert_eq!(format("HttpdateTimestamp"), Some(TimestampFormat::HttpDate));
    assert_eq!(format("Iso8601Timestamp"), Some(TimestampFormat::DateTime));
    assert_eq!(format("UnixTimestamp"), Some(TimestampFormat::EpochSeconds));
    assert_eq!(format("Timestamp"), None);

    let renamed = shape(&model, "aws.protocoltests.json#StructWithJsonName").member("Value");
    assert_eq!(
        renamed.and_then(|m| m.traits.json_name()),
        Some("RenamedMember")
    );

    let endpoint = shape(
        &model,
        "aws.protocoltests.json#EndpointWithHostLabelOperation",
    );
    assert_eq!(
        endpoint.traits.endpoint().map(|e| e.host_prefix.as_str()),
        Some("foo.{label}.")
    );
    let label = shape(&model, "aws.protocoltests.json#HostLabelInput").member("label");
    assert!(label.is_some_and(|m| m.traits.host_label() && m.traits.required()));

    let compressed = shape(&model, "aws.protocoltests.json#PutWithContentEncoding");
    assert_eq!(
        compressed.traits.request_compression(),
        Some(&["gzip".to_owned()][..])
    );

    let vendor = shape(&model, "smithy.test#Event").member("vendorParams");
    assert_eq!(
        vendor.and_then(|m| m.traits.default_value()),
        Some(&json!({}))
    );

    let sparse: Vec<String> = model
        .shapes()
        .filter(|s| s.traits.sparse())
        .map(|s| s.id.to_string())
        .collect();
    assert_eq!(
        sparse,
        [
            "aws.protocoltests.shared#SparseShortList",
            "aws.protocoltests.shared#SparseStringList",
            "aws.protocoltests.shared#SparseStringMap",
        ]
    );

    let foo = shape(&model, "aws.protocoltests.json#FooError");
    assert_eq!(foo.traits.error(), Some(ErrorFault::Server));
    assert!(foo.traits.has("smithy.test#httpResponseTests"));
}

#[test]
fn prelude_targets_resolve() {
    let model = load_shared(TESTS);
    for name in ["String", "Unit", "Document", "PrimitiveLong", "BigDecimal"] {
        let prelude = model.shape(&id(&format!("smithy.api#{name}"))).expect(name);
        assert_eq!(prelude.id.namespace(), "smithy.api");
    }
    assert!(model.shapes().all(|s| s.id.namespace() != "smithy.api"));
    let union = shape(&model, "aws.protocoltests.json#MyUnion");
    let string_value = union.member("stringValue").expect("member");
    let target = model.shape(&string_value.target).expect("prelude String");
    assert_eq!(target.kind, ShapeKind::String);
}
