//! Wire snapshot: the exact StartDeliveryStreamEncryption requests.
//!
//! Each case asserts the facts the awsJson1_1 spec and the official SDKs fix (method, URI,
//! `Content-Type`, `X-Amz-Target`, the body bytes) by hand, then pins the whole request,
//! header order included, in a reviewed snapshot.

use firehose::Operation;
use firehose::operation::create_delivery_stream::{
    CreateDeliveryStream, CreateDeliveryStreamInput,
};
use firehose::operation::start_delivery_stream_encryption::{
    StartDeliveryStreamEncryption, StartDeliveryStreamEncryptionInput,
};
use firehose::types::{
    DeliveryStreamEncryptionConfigurationInput, HecEndpointType, KeyType,
    S3DestinationConfiguration, SplunkDestinationConfiguration,
};

const ENDPOINT: &str = "https://firehose.us-east-1.amazonaws.com";
const KEY_ARN: &str = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

/// Method, URI, every header in order, a blank line, and the body.
fn render(input: &StartDeliveryStreamEncryptionInput) -> (String, String) {
    let request = StartDeliveryStreamEncryption::build_request(input, ENDPOINT)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut text = format!("{} {}\n", request.method(), request.uri());
    for (name, value) in request.headers() {
        text.push_str(&format!("{name}: {value}\n"));
    }
    let body = std::str::from_utf8(request.body().bytes().expect("in-memory body"))
        .expect("UTF-8 body")
        .to_owned();
    text.push('\n');
    text.push_str(&body);
    (text, body)
}

fn assert_common_wire_facts(text: &str, body: &str) {
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("POST https://firehose.us-east-1.amazonaws.com/")
    );
    assert_eq!(
        lines.next(),
        Some("content-type: application/x-amz-json-1.1")
    );
    assert_eq!(
        lines.next(),
        Some("x-amz-target: Firehose_20150804.StartDeliveryStreamEncryption")
    );
    assert_eq!(
        lines.next(),
        Some(format!("content-length: {}", body.len()).as_str())
    );
}

fn with_key(key_type: KeyType, arn: Option<&str>) -> StartDeliveryStreamEncryptionInput {
    let mut config = DeliveryStreamEncryptionConfigurationInput::new(key_type);
    if let Some(arn) = arn {
        config = config.with_key_arn(arn);
    }
    StartDeliveryStreamEncryptionInput::new("my-stream")
        .with_delivery_stream_encryption_configuration_input(config)
}

#[test]
fn name_only() {
    let (text, body) = render(&StartDeliveryStreamEncryptionInput::new("my-stream"));
    assert_common_wire_facts(&text, &body);
    assert_eq!(body, r#"{"DeliveryStreamName":"my-stream"}"#);
    insta::assert_snapshot!(text);
}

#[test]
fn customer_managed_cmk_with_key_arn() {
    let (text, body) = render(&with_key(KeyType::CustomerManagedCmk, Some(KEY_ARN)));
    assert_common_wire_facts(&text, &body);
    assert_eq!(
        body,
        format!(
            r#"{{"DeliveryStreamName":"my-stream","DeliveryStreamEncryptionConfigurationInput":{{"KeyARN":"{KEY_ARN}","KeyType":"CUSTOMER_MANAGED_CMK"}}}}"#
        )
    );
    insta::assert_snapshot!(text);
}

#[test]
fn aws_owned_cmk() {
    let (text, body) = render(&with_key(KeyType::AwsOwnedCmk, None));
    assert_common_wire_facts(&text, &body);
    assert_eq!(
        body,
        r#"{"DeliveryStreamName":"my-stream","DeliveryStreamEncryptionConfigurationInput":{"KeyType":"AWS_OWNED_CMK"}}"#
    );
    insta::assert_snapshot!(text);
}

#[test]
fn unknown_key_type_is_sent_verbatim() {
    let key_type = KeyType::from("FUTURE_HSM_CMK");
    assert_eq!(key_type, KeyType::Unknown("FUTURE_HSM_CMK".into()));
    let (text, body) = render(&with_key(key_type, None));
    assert_common_wire_facts(&text, &body);
    assert_eq!(
        body,
        r#"{"DeliveryStreamName":"my-stream","DeliveryStreamEncryptionConfigurationInput":{"KeyType":"FUTURE_HSM_CMK"}}"#
    );
    insta::assert_snapshot!(text);
}

#[test]
fn strings_are_escaped() {
    let (_, body) = render(&StartDeliveryStreamEncryptionInput::new("a\"b\\c\nd\u{1}é"));
    assert_eq!(body, r#"{"DeliveryStreamName":"a\"b\\c\nd\u0001é"}"#);
}

#[test]
fn missing_required_member_is_rejected_before_a_request_exists() {
    let mut input = StartDeliveryStreamEncryptionInput::new("my-stream");
    input.delivery_stream_name = None;
    let error = StartDeliveryStreamEncryption::build_request(&input, ENDPOINT).unwrap_err();
    assert!(matches!(
        error,
        firehose::BuildError::MissingMember {
            shape: "StartDeliveryStreamEncryptionInput",
            member: "DeliveryStreamName"
        }
    ));
    assert!(error.to_string().contains("DeliveryStreamName"), "{error}");

    // Nested required members are checked too. Those that are plain values (strings, enums)
    // can't be left out at all; a required structure member is an `Option`, and checked.
    let s3 = S3DestinationConfiguration::new("arn:aws:iam::1:role/r", "arn:aws:s3:::b");
    let mut splunk = SplunkDestinationConfiguration::new("https://hec", HecEndpointType::Raw, s3);
    splunk.s3_configuration = None;
    let input = CreateDeliveryStreamInput::new("s").with_splunk_destination_configuration(splunk);
    let error = CreateDeliveryStream::build_request(&input, ENDPOINT).unwrap_err();
    assert!(
        matches!(
            error,
            firehose::BuildError::MissingMember {
                shape: "SplunkDestinationConfiguration",
                member: "S3Configuration",
            }
        ),
        "{error}"
    );
}

#[test]
fn bad_endpoint_is_a_typed_error() {
    let error = StartDeliveryStreamEncryption::build_request(
        &StartDeliveryStreamEncryptionInput::new("s"),
        "not a url",
    )
    .unwrap_err();
    assert!(
        matches!(error, firehose::BuildError::InvalidEndpoint { .. }),
        "{error}"
    );
    assert!(error.to_string().contains("not a url"), "{error}");
}

#[test]
fn converts_to_http_1x() {
    let request = StartDeliveryStreamEncryption::build_request(
        &StartDeliveryStreamEncryptionInput::new("s"),
        ENDPOINT,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let request: http::Request<_> = request.try_into_http1x().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(request.method(), http::Method::POST);
    assert_eq!(
        request.headers()["x-amz-target"],
        "Firehose_20150804.StartDeliveryStreamEncryption"
    );
}
