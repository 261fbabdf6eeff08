//! Loads the real Amazon Data Firehose model and checks what the generator relies on.

mod common;

use std::collections::BTreeMap;

use common::{id, load_shared, member_names, raw_json, shape};
use smithy_model::{Deprecated, EnumValue, ErrorFault, ShapeKind};

const FIREHOSE: &str = "models/firehose.json";
const SERVICE: &str = "com.amazonaws.firehose#Firehose_20150804";

#[test]
fn loads_all_shapes_with_their_types() {
    let model = load_shared(FIREHOSE);
    assert_eq!(model.shapes().count(), 309);
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for shape in model.shapes() {
        *counts.entry(shape.kind.type_name()).or_default() += 1;
    }
    let expected = BTreeMap::from([
        ("structure", 135),
        ("string", 67),
        ("integer", 33),
        ("enum", 33),
        ("list", 21),
        ("operation", 12),
        ("timestamp", 3),
        ("boolean", 1),
        ("map", 1),
        ("blob", 1),
        ("double", 1),
        ("service", 1),
    ]);
    assert_eq!(counts, expected);
    // Shapes come back in id order and prelude shapes are not listed.
    let ids: Vec<_> = model.shapes().map(|s| s.id.clone()).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]));
    assert!(
        ids.iter()
            .all(|i| i.namespace() == "com.amazonaws.firehose")
    );
    assert!(model.metadata().contains_key("suppressions"));
}

#[test]
fn finds_the_service_and_its_traits() {
    let model = load_shared(FIREHOSE);
    let services: Vec<_> = model.services().map(|s| s.id.to_string()).collect();
    assert_eq!(services, [SERVICE]);
    let service = shape(&model, SERVICE);
    let ShapeKind::Service(data) = &service.kind else {
        panic!("not a service: {:?}", service.kind);
    };
    assert_eq!(data.version.as_deref(), Some("2015-08-04"));
    assert_eq!(data.operations.len(), 12);
    assert!(data.resources.is_empty() && data.rename.is_empty());

    let traits = &service.traits;
    assert!(traits.aws_json_1_1());
    assert!(!traits.aws_json_1_0());
    let aws = traits.aws_service().expect("aws.api#service");
    assert_eq!(aws.sdk_id, "Firehose");
    assert_eq!(aws.arn_namespace.as_deref(), Some("firehose"));
    assert_eq!(aws.endpoint_prefix.as_deref(), Some("firehose"));
    assert_eq!(aws.cloud_formation_name.as_deref(), Some("KinesisFirehose"));
    assert_eq!(traits.sigv4().map(|s| s.name.as_str()), Some("firehose"));
    assert!(
        traits.has("smithy.rules#endpointRuleSet"),
        "unknown traits are kept raw"
    );
    assert_eq!(
        traits.get("smithy.api#title").and_then(|v| v.as_str()),
        Some("Amazon Kinesis Firehose")
    );
}

#[test]
fn operation_closure_has_the_twelve_operations() {
    let model = load_shared(FIREHOSE);
    let closure = model.operation_closure(&id(SERVICE)).expect("closure");
    let names: Vec<&str> = closure.iter().map(|op| op.name()).collect();
    assert_eq!(
        names,
        [
            "CreateDeliveryStream",
            "DeleteDeliveryStream",
            "DescribeDeliveryStream",
            "ListDeliveryStreams",
            "ListTagsForDeliveryStream",
            "PutRecord",
            "PutRecordBatch",
            "StartDeliveryStreamEncryption",
            "StopDeliveryStreamEncryption",
            "TagDeliveryStream",
            "UntagDeliveryStream",
            "UpdateDestination",
        ]
    );
    let err = model
        .operation_closure(&id("com.amazonaws.firehose#PutRecord"))
        .unwrap_err();
    assert!(
        err.to_string().contains("com.amazonaws.firehose#PutRecord"),
        "{err}"
    );
}

#[test]
fn operations_keep_input_output_and_error_order() {
    let model = load_shared(FIREHOSE);
    let ShapeKind::Operation(op) = &shape(&model, "com.amazonaws.firehose#PutRecordBatch").kind
    else {
        panic!("not an operation");
    };
    assert_eq!(
        op.input,
        Some(id("com.amazonaws.firehose#PutRecordBatchInput"))
    );
    assert_eq!(
        op.output,
        Some(id("com.amazonaws.firehose#PutRecordBatchOutput"))
    );
    let errors: Vec<&str> = op.errors.iter().map(|e| e.name()).collect();
    assert_eq!(
        errors,
        [
            "InvalidArgumentException",
            "InvalidKMSResourceException",
            "InvalidSourceException",
            "ResourceNotFoundException",
            "ServiceUnavailableException",
        ]
    );
    let input = shape(&model, "com.amazonaws.firehose#PutRecordBatchInput");
    assert!(input.traits.input() && !input.traits.output());
}

#[test]
fn error_shapes_have_typed_error_traits() {
    let model = load_shared(FIREHOSE);
    let unavailable = shape(&model, "com.amazonaws.firehose#ServiceUnavailableException");
    assert_eq!(unavailable.traits.error(), Some(ErrorFault::Server));
    assert_eq!(unavailable.traits.http_error(), Some(503));
    assert!(
        unavailable
            .traits
            .documentation()
            .is_some_and(|d| d.contains("Back off"))
    );

    let faults: Vec<ErrorFault> = model.shapes().filter_map(|s| s.traits.error()).collect();
    assert_eq!(faults.len(), 8);
    assert_eq!(
        faults.iter().filter(|f| **f == ErrorFault::Client).count(),
        7
    );
    let not_found = shape(&model, "com.amazonaws.firehose#ResourceNotFoundException");
    assert_eq!(not_found.traits.http_error(), None);
}

#[test]
fn enum_members_carry_their_values() {
    let model = load_shared(FIREHOSE);
    let key_type = shape(&model, "com.amazonaws.firehose#KeyType");
    let ShapeKind::Enum { members } = &key_type.kind else {
        panic!("not an enum");
    };
    let values: Vec<(&str, Option<&EnumValue>)> = members
        .iter()
        .map(|m| (m.name.as_str(), m.traits.enum_value()))
        .collect();
    assert_eq!(
        values,
        [
            (
                "AWS_OWNED_CMK",
                Some(&EnumValue::String("AWS_OWNED_CMK".into()))
            ),
            (
                "CUSTOMER_MANAGED_CMK",
                Some(&EnumValue::String("CUSTOMER_MANAGED_CMK".into()))
            ),
        ]
    );
    assert!(members.iter().all(|m| m.target == id("smithy.api#Unit")));
    assert_eq!(
        members[0].id,
        id("com.amazonaws.firehose#KeyType$AWS_OWNED_CMK")
    );
}

#[test]
fn member_traits_are_typed() {
    let model = load_shared(FIREHOSE);
    let input = shape(
        &model,
        "com.amazonaws.firehose#StartDeliveryStreamEncryptionInput",
    );
    let name = input.member("DeliveryStreamName").expect("member");
    assert!(name.traits.required());
    assert_eq!(name.target, id("com.amazonaws.firehose#DeliveryStreamName"));
    assert_eq!(
        name.id,
        id("com.amazonaws.firehose#StartDeliveryStreamEncryptionInput$DeliveryStreamName")
    );
    let config = input
        .member("DeliveryStreamEncryptionConfigurationInput")
        .expect("member");
    assert!(!config.traits.required());

    let s3 = shape(&model, "com.amazonaws.firehose#CreateDeliveryStreamInput")
        .member("S3DestinationConfiguration")
        .expect("member");
    assert_eq!(s3.traits.deprecated(), Some(&Deprecated::default()));
}

#[test]
fn sensitive_shapes_are_the_seventeen_strings() {
    let model = load_shared(FIREHOSE);
    let sensitive: Vec<_> = model.shapes().filter(|s| s.traits.sensitive()).collect();
    assert_eq!(sensitive.len(), 17);
    assert!(sensitive.iter().all(|s| s.kind == ShapeKind::String));
}

#[test]
fn members_keep_model_order_and_resolve() {
    let model = load_shared(FIREHOSE);
    let raw = raw_json(FIREHOSE);
    let raw_shapes = raw["shapes"].as_object().expect("shapes");
    for (key, body) in raw_shapes {
        let loaded = shape(&model, key);
        if let Some(members) = body.get("members").and_then(|m| m.as_object()) {
            let expected: Vec<&str> = members.keys().map(String::as_str).collect();
            assert_eq!(member_names(loaded), expected, "member order of {key}");
        }
    }
    for loaded in model.shapes() {
        let targets: Vec<_> = match &loaded.kind {
            ShapeKind::List { member } => vec![member],
            ShapeKind::Map { key, value } => vec![key, value],
            kind => kind.members().iter().collect(),
        };
        for member in targets {
            assert_eq!(member.id.root(), loaded.id);
            assert!(
                model.shape(&member.target).is_some(),
                "{} dangles",
                member.id
            );
        }
    }
}
