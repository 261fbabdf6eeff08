//! Hand-written inputs, realistic response bodies, and the deviations the README names that
//! random cases can't reach, each with both behaviours checked exactly.

use differential::check::{DUPLICATE_KEY, EXACT_EPOCH_SECONDS, MESSAGE_PRECEDENCE, Report};
use differential::{ErrorValue, sdk};
use firehose::operation as op;
use firehose::primitives::Blob;
use firehose::types as t;

const OK: (u16, &[(&str, &str)]) = (
    200,
    &[
        ("content-type", "application/x-amz-json-1.1"),
        ("x-amzn-requestid", "5a1b"),
    ],
);

/// bench/'s DescribeDeliveryStream fixture: an ExtendedS3 stream with KMS encryption.
const DESCRIBE: &str =
    include_str!("../../../bench/compare/fixtures/describe_delivery_stream.json");

pub fn run(rt: &tokio::runtime::Runtime, report: &mut Report) {
    requests(rt, report);
    responses(rt, report);
    deviations(rt, report);
}

fn requests(rt: &tokio::runtime::Runtime, report: &mut Report) {
    let records = vec![
        t::Record::new(Blob::new(Vec::new())),
        t::Record::new(Blob::new(vec![0u8])),
        t::Record::new(Blob::new("\u{0}é😀\"\\".as_bytes().to_vec())),
        t::Record::new(Blob::new(vec![0xff; 1000 * 1024])),
    ];
    let batch = firehose::operation::put_record_batch::PutRecordBatchInput::new(
        "stream-é😀\u{2028}",
        records,
    );
    report.request::<op::put_record_batch::PutRecordBatch>(
        rt,
        "PutRecordBatch",
        "0 B, 1 B, unicode, 1000 KiB records",
        &batch,
    );
    let empty = firehose::operation::put_record_batch::PutRecordBatchInput::new("s", Vec::new());
    report.request::<op::put_record_batch::PutRecordBatch>(
        rt,
        "PutRecordBatch",
        "no records",
        &empty,
    );

    let processing = t::ProcessingConfiguration::new()
        .with_enabled(true)
        .with_processors(vec![
            t::Processor::new(t::ProcessorType::Lambda).with_parameters(vec![
                t::ProcessorParameter::new(
                    t::ProcessorParameterName::LambdaArn,
                    "arn:aws:lambda:us-east-1:1:function:f",
                ),
                t::ProcessorParameter::new(t::ProcessorParameterName::from("FutureParameter"), ""),
            ]),
            t::Processor::new(t::ProcessorType::from("FutureProcessor"))
                .with_parameters(Vec::new()),
        ]);
    let s3 = t::ExtendedS3DestinationConfiguration::new("arn:aws:iam::1:role/r", "arn:aws:s3:::b")
        .with_prefix("p/!{timestamp:yyyy}/")
        .with_compression_format(t::CompressionFormat::from("ZSTD_FUTURE"))
        .with_processing_configuration(processing);
    let create =
        firehose::operation::create_delivery_stream::CreateDeliveryStreamInput::new("stream")
            .with_delivery_stream_type(t::DeliveryStreamType::DirectPut)
            .with_extended_s3_destination_configuration(s3)
            .with_tags(Vec::new());
    report.request::<op::create_delivery_stream::CreateDeliveryStream>(
        rt,
        "CreateDeliveryStream",
        "ExtendedS3 with processors, unknown enums, no tags",
        &create,
    );

    let describe =
        firehose::operation::describe_delivery_stream::DescribeDeliveryStreamInput::new("s")
            .with_limit(i32::MIN)
            .with_exclusive_start_destination_id("");
    report.request::<op::describe_delivery_stream::DescribeDeliveryStream>(
        rt,
        "DescribeDeliveryStream",
        "i32::MIN limit, empty id",
        &describe,
    );
    let list = firehose::operation::list_delivery_streams::ListDeliveryStreamsInput::default()
        .with_limit(i32::MAX);
    report.request::<op::list_delivery_streams::ListDeliveryStreams>(
        rt,
        "ListDeliveryStreams",
        "i32::MAX limit",
        &list,
    );
    let start = firehose::operation::start_delivery_stream_encryption::StartDeliveryStreamEncryptionInput::new("s")
        .with_delivery_stream_encryption_configuration_input(
            t::DeliveryStreamEncryptionConfigurationInput::new(t::KeyType::from("FUTURE_KEY_TYPE")),
        );
    report.request::<op::start_delivery_stream_encryption::StartDeliveryStreamEncryption>(
        rt,
        "StartDeliveryStreamEncryption",
        "unknown key type",
        &start,
    );
}

fn responses(rt: &tokio::runtime::Runtime, report: &mut Report) {
    let (status, headers) = OK;
    let cases: &[(&str, &str)] = &[
        (
            r#"{"RecordId":"49546986683135544286507457936321625675700192471156785154","Encrypted":false}"#,
            "PutRecord",
        ),
        (
            r#"{"FailedPutCount":1,"Encrypted":true,"RequestResponses":[{"RecordId":"4954"},{"ErrorCode":"ServiceUnavailableException","ErrorMessage":"Slow down."}]}"#,
            "PutRecordBatch",
        ),
        (
            r#"{"DeliveryStreamNames":["a","é😀"],"HasMoreDeliveryStreams":false}"#,
            "ListDeliveryStreams",
        ),
        (
            r#"{"Tags":[{"Key":"k","Value":""},{"Key":"only-key"}],"HasMoreTags":true}"#,
            "ListTagsForDeliveryStream",
        ),
        (
            r#"{"DeliveryStreamARN":"arn:aws:firehose:us-east-1:1:deliverystream/s"}"#,
            "CreateDeliveryStream",
        ),
    ];
    for (body, name) in cases {
        let parts = (status, headers, body.as_bytes());
        match *name {
            "PutRecord" => report.response::<op::put_record::PutRecord>(
                rt,
                "PutRecord",
                "realistic body",
                parts,
                None,
            ),
            "PutRecordBatch" => report.response::<op::put_record_batch::PutRecordBatch>(
                rt,
                "PutRecordBatch",
                "realistic body",
                parts,
                None,
            ),
            "ListDeliveryStreams" => report
                .response::<op::list_delivery_streams::ListDeliveryStreams>(
                    rt,
                    "ListDeliveryStreams",
                    "realistic body",
                    parts,
                    None,
                ),
            "ListTagsForDeliveryStream" => {
                report.response::<op::list_tags_for_delivery_stream::ListTagsForDeliveryStream>(
                    rt,
                    "ListTagsForDeliveryStream",
                    "realistic body",
                    parts,
                    None,
                )
            }
            _ => report.response::<op::create_delivery_stream::CreateDeliveryStream>(
                rt,
                "CreateDeliveryStream",
                "realistic body",
                parts,
                None,
            ),
        }
    }
    let whole_seconds = DESCRIBE
        .replace("1712345678.123", "1712345678")
        .replace("1719876543.456", "1719876543");
    report.response::<op::describe_delivery_stream::DescribeDeliveryStream>(
        rt,
        "DescribeDeliveryStream",
        "bench fixture, whole-second timestamps",
        (status, headers, whole_seconds.as_bytes()),
        None,
    );
}

fn deviations(rt: &tokio::runtime::Runtime, report: &mut Report) {
    // `__type` names InvalidKMSResourceException; the body's modeled `code` member carries
    // KMS's own code. We return the modeled error with `code` kept as a member.
    let kms = firehose::error::InvalidKmsResourceException::new()
        .with_code("KMS.AccessDeniedException")
        .with_message("User is not authorized to perform kms:Decrypt");
    let members = smithy_rt::testing::to_json(&kms);
    report.error_response::<op::put_record::PutRecord>(
        rt,
        "PutRecord",
        "InvalidKMSResourceException with a KMS code member",
        ("InvalidKMSResourceException", false, &members),
        &ErrorValue::InvalidKmsResourceException(kms),
    );

    // Epoch seconds with a fraction: ours exact, the SDK through f64.
    let (status, headers) = OK;
    report.response::<op::describe_delivery_stream::DescribeDeliveryStream>(
        rt,
        "DescribeDeliveryStream",
        "bench fixture",
        (status, headers, DESCRIBE.as_bytes()),
        None,
    );
    let ours = differential::check::ours_parse::<
        op::describe_delivery_stream::DescribeDeliveryStream,
    >(status, headers, DESCRIBE.as_bytes());
    let created = match &ours {
        sdk::Parsed::Output(o) => o
            .delivery_stream_description
            .as_ref()
            .and_then(|d| d.create_timestamp),
        _ => None,
    };
    match created {
        Some(t) if t.secs() == 1_712_345_678 && t.subsec_nanos() == 123_000_000 => {}
        other => report.mismatch(
            "DescribeDeliveryStream",
            EXACT_EPOCH_SECONDS,
            format!("CreateTimestamp 1712345678.123 read as {other:?}, not exactly 123,000,000 ns"),
        ),
    }

    // A member given twice: the SDK keeps the last value; we refuse the body and name the key.
    let twice = br#"{"DeliveryStreamNames":["first"],"DeliveryStreamNames":["second"],"HasMoreDeliveryStreams":false}"#;
    let theirs =
        sdk::response::<op::list_delivery_streams::ListDeliveryStreams>(rt, status, headers, twice);
    let sdk_kept_last = matches!(&theirs, sdk::Parsed::Output(o)
        if o.delivery_stream_names == ["second".to_owned()]);
    let ours = firehose::response_from_parts(status, headers.iter().copied(), twice.to_vec())
        .map_err(|e| e.to_string())
        .and_then(|r| {
            <op::list_delivery_streams::ListDeliveryStreams as firehose::Operation>::parse_response(
                &r,
            )
            .map(|_| "parsed".to_owned())
            .map_err(|e| e.to_string())
        });
    match ours {
        Err(message) if sdk_kept_last && message.contains("DeliveryStreamNames") => report
            .deviation(
                "ListDeliveryStreams",
                DUPLICATE_KEY,
                format!("SDK read [\"second\"]; ours: {message}"),
            ),
        other => report.mismatch(
            "ListDeliveryStreams",
            DUPLICATE_KEY,
            format!("expected the SDK to keep the last value ({theirs:?}) and ours to name the key, got {other:?}"),
        ),
    }

    message_precedence(rt, report);
}

/// An error body with two message keys: ours takes `message`, then `Message`, then
/// `errorMessage`, wherever they are; the SDK takes the last one in the body. Bodies with the
/// preferred key last agree; with it first they differ, and each side must give exactly its
/// own answer. Each key's value is its own name.
fn message_precedence(rt: &tokio::runtime::Runtime, report: &mut Report) {
    type Op = op::describe_delivery_stream::DescribeDeliveryStream;
    // (first key, second key, ours)
    let cases = [
        ("Message", "message", "message"),
        ("message", "Message", "message"),
        ("errorMessage", "Message", "Message"),
        ("Message", "errorMessage", "Message"),
        ("message", "errorMessage", "message"),
    ];
    let headers = [
        ("content-type", "application/x-amz-json-1.1"),
        ("x-amzn-requestid", "5a1b"),
    ];
    for (first, second, ours_expected) in cases {
        let body = format!(
            r#"{{"__type":"ResourceNotFoundException","{first}":"{first}","{second}":"{second}"}}"#
        );
        let message = |parsed: &sdk::Parsed<_>| match parsed {
            sdk::Parsed::Error(view) => view.message.clone(),
            _ => None,
        };
        let ours = differential::check::ours_parse::<Op>(400, &headers, body.as_bytes());
        let theirs = sdk::response::<Op>(rt, 400, &headers, body.as_bytes());
        let (ours, theirs) = (message(&ours), message(&theirs));
        if ours.as_deref() != Some(ours_expected) || theirs.as_deref() != Some(second) {
            report.mismatch(
                "DescribeDeliveryStream",
                MESSAGE_PRECEDENCE,
                format!(
                    "body {body}: expected ours {ours_expected:?} and the SDK {second:?}, \
                     got {ours:?} and {theirs:?}"
                ),
            );
        } else if ours != theirs {
            report.deviation(
                "DescribeDeliveryStream",
                MESSAGE_PRECEDENCE,
                format!("body {body}: ours {ours_expected:?}, the SDK {second:?}"),
            );
        }
    }
}
