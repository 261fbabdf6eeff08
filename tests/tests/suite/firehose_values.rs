//! Value handling across the Firehose crate: timestamps, blobs, doubles, sensitive members,
//! nulls and unknown fields, on real Firehose operations.

use firehose::operation::describe_delivery_stream::DescribeDeliveryStream;
use firehose::operation::put_record::{PutRecord, PutRecordInput};
use firehose::primitives::{Blob, DateTime};
use firehose::types::{DeliveryStreamStatus, HttpEndpointConfiguration, Record};
use firehose::{Operation, response_from_parts};

const ENDPOINT: &str = "https://firehose.us-east-1.amazonaws.com";

fn describe(
    body: &str,
) -> firehose::operation::describe_delivery_stream::DescribeDeliveryStreamOutput {
    let response = response_from_parts(200, [], body.to_owned()).unwrap_or_else(|e| panic!("{e}"));
    DescribeDeliveryStream::parse_response(&response).unwrap_or_else(|e| panic!("{e}"))
}

fn description(created: &str) -> String {
    format!(
        r#"{{"DeliveryStreamDescription":{{"DeliveryStreamName":"s","DeliveryStreamARN":"arn","DeliveryStreamStatus":"ACTIVE",
        "DeliveryStreamType":"DirectPut","VersionId":"1","CreateTimestamp":{created},"Destinations":[],"HasMoreDestinations":false}}}}"#
    )
}

/// The official SDK reads epoch seconds through f64, which turns .123 into 122,999,906 ns.
#[test]
fn epoch_seconds_are_exact() {
    let out = describe(&description("1700000000.123"));
    let created = out
        .delivery_stream_description
        .and_then(|d| d.create_timestamp)
        .expect("timestamp");
    assert_eq!(created.secs(), 1_700_000_000);
    assert_eq!(created.subsec_nanos(), 123_000_000);
    // What the f64 route gives, to show the difference is real.
    assert_eq!(
        DateTime::from_secs_f64(1700000000.123).subsec_nanos(),
        122_999_906
    );
}

#[test]
fn epoch_seconds_integers_negative_and_exponents() {
    let t = |text: &str| {
        describe(&description(text))
            .delivery_stream_description
            .and_then(|d| d.create_timestamp)
            .expect("timestamp")
    };
    assert_eq!(t("1700000000"), DateTime::from_secs(1_700_000_000));
    assert_eq!(t("-1.5"), DateTime::from_secs_and_nanos(-2, 500_000_000));
    assert_eq!(t("1.7e9"), DateTime::from_secs(1_700_000_000));
}

#[test]
fn unknown_enum_values_survive_and_nulls_are_absent() {
    let body = r#"{"DeliveryStreamDescription":{"DeliveryStreamName":"s","DeliveryStreamStatus":"HIBERNATING",
        "DeliveryStreamEncryptionConfiguration":null,"Destinations":[null],"NewField":{"x":[1]}}}"#;
    let d = describe(body)
        .delivery_stream_description
        .expect("description");
    assert_eq!(d.delivery_stream_status.as_str(), "HIBERNATING");
    assert!(d.delivery_stream_encryption_configuration.is_none());
    assert_eq!(
        d.destinations,
        vec![],
        "null elements of a dense list are dropped"
    );
}

#[test]
fn required_members_a_response_leaves_out_read_as_zero_values() {
    let d = describe(
        r#"{"DeliveryStreamDescription":{"DeliveryStreamName":"s","HasMoreDestinations":null}}"#,
    )
    .delivery_stream_description
    .expect("description");
    assert_eq!(d.delivery_stream_name, "s");
    assert_eq!(d.delivery_stream_arn, "");
    assert_eq!(
        d.delivery_stream_status,
        DeliveryStreamStatus::Unknown(smithy_rt::UNSET_ENUM_VALUE.to_owned())
    );
    assert_eq!(d.delivery_stream_type.as_str(), "no value was set");
    assert_eq!(
        (d.version_id.as_str(), d.has_more_destinations),
        ("", false)
    );
    assert!(d.destinations.is_empty() && d.create_timestamp.is_none());

    // A required structure left out is an empty one, itself corrected.
    let empty = describe("{}")
        .delivery_stream_description
        .expect("an empty description");
    assert_eq!(empty.delivery_stream_name, "");
    assert_eq!(empty.delivery_stream_type.as_str(), "no value was set");
    assert_eq!(Some(empty), describe("").delivery_stream_description);
}

#[test]
fn wrong_json_type_for_a_member_is_an_error_naming_the_position() {
    let response = response_from_parts(200, [], description("\"yesterday\""))
        .unwrap_or_else(|e| panic!("{e}"));
    let error = DescribeDeliveryStream::parse_response(&response).unwrap_err();
    assert!(error.to_string().contains("byte"), "{error}");
}

#[test]
fn blobs_are_base64() {
    let input = PutRecordInput::new("s", Record::new(Blob::new(b"hello\n".to_vec())));
    let request = PutRecord::build_request(&input, ENDPOINT).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        request.body().bytes(),
        Some(&br#"{"DeliveryStreamName":"s","Record":{"Data":"aGVsbG8K"}}"#[..])
    );
    assert_eq!(
        request.headers().get("x-amz-target"),
        Some("Firehose_20150804.PutRecord")
    );
}

#[test]
fn sensitive_members_are_redacted_in_debug() {
    let config = HttpEndpointConfiguration::new("https://example.com/hook")
        .with_name("hook")
        .with_access_key("super-secret-key");
    let shown = format!("{config:?}");
    assert!(!shown.contains("super-secret-key"), "{shown}");
    assert!(!shown.contains("example.com/hook"), "{shown}");
    assert!(shown.contains("*** Sensitive Data Redacted ***"), "{shown}");
    assert!(
        shown.contains("hook"),
        "non-sensitive members still show: {shown}"
    );
}
