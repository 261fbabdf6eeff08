//! Hostile responses: every Firehose operation's `parse_response` gets thousands of mutated,
//! truncated and deeply nested bodies, as success and as error responses. Each must come back
//! as a value or a typed error; a panic fails the test.

use firehose::operation::{
    create_delivery_stream::CreateDeliveryStream, delete_delivery_stream::DeleteDeliveryStream,
    describe_delivery_stream::DescribeDeliveryStream, list_delivery_streams::ListDeliveryStreams,
    list_tags_for_delivery_stream::ListTagsForDeliveryStream, put_record::PutRecord,
    put_record_batch::PutRecordBatch,
    start_delivery_stream_encryption::StartDeliveryStreamEncryption,
    stop_delivery_stream_encryption::StopDeliveryStreamEncryption,
    tag_delivery_stream::TagDeliveryStream, untag_delivery_stream::UntagDeliveryStream,
    update_destination::UpdateDestination,
};
use firehose::{Operation, response_from_parts};

/// Small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const SEEDS: &[&str] = &[
    r#"{"DeliveryStreamDescription":{"DeliveryStreamName":"s","DeliveryStreamARN":"arn","DeliveryStreamStatus":"ACTIVE","DeliveryStreamType":"DirectPut","VersionId":"1","CreateTimestamp":1700000000.5,"Destinations":[{"DestinationId":"d","ExtendedS3DestinationDescription":{"RoleARN":"r","BucketARN":"b","BufferingHints":{"SizeInMBs":5,"IntervalInSeconds":300},"CompressionFormat":"GZIP","EncryptionConfiguration":{"NoEncryptionConfig":"NoEncryption"}}}],"HasMoreDestinations":false}}"#,
    r#"{"FailedPutCount":1,"Encrypted":true,"RequestResponses":[{"RecordId":"a"},{"ErrorCode":"ServiceUnavailableException","ErrorMessage":"m"}]}"#,
    r#"{"DeliveryStreamNames":["a","b"],"HasMoreDeliveryStreams":true,"Tags":[{"Key":"k","Value":"v"}],"HasMoreTags":false,"RecordId":"r"}"#,
    r#"{"__type":"InvalidKMSResourceException","code":"KMS.AccessDeniedException","message":"m"}"#,
];

const PIECES: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "null",
    "true",
    "1e999",
    "-0",
    "\"\\ud800\"",
    "\"\\u0000\"",
    "1.5",
    "\"x\"",
    "\u{ff}",
    "9223372036854775808",
    "\"NaN\"",
    "{\"a\":",
    "\\",
];

fn mutate(rng: &mut Rng, seed: &str) -> Vec<u8> {
    let mut bytes = seed.as_bytes().to_vec();
    for _ in 0..=rng.below(4) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(4) {
            0 => bytes.truncate(at),
            1 if at < bytes.len() => {
                bytes.remove(at);
            }
            2 => {
                let piece = PIECES[rng.below(PIECES.len())].as_bytes();
                bytes.splice(at..at, piece.iter().copied());
            }
            _ if at < bytes.len() => bytes[at] = rng.next() as u8,
            _ => {}
        }
    }
    bytes
}

/// Parses `body` with every operation, as a success and as an error response.
fn parse_everywhere(body: &[u8]) {
    macro_rules! each {
        ($($op:ident),*) => {$(
            for status in [200u16, 400, 500] {
                let response = response_from_parts(status, [("x-amzn-requestid", "r")], body.to_vec())
                    .unwrap_or_else(|e| panic!("{e}"));
                if let Err(error) = $op::parse_response(&response) {
                    // Errors must render; a panic in Display would be a bug too.
                    let _ = error.to_string();
                }
            }
        )*};
    }
    each!(
        CreateDeliveryStream,
        DeleteDeliveryStream,
        DescribeDeliveryStream,
        ListDeliveryStreams,
        ListTagsForDeliveryStream,
        PutRecord,
        PutRecordBatch,
        StartDeliveryStreamEncryption,
        StopDeliveryStreamEncryption,
        TagDeliveryStream,
        UntagDeliveryStream,
        UpdateDestination
    );
}

#[test]
fn mutated_bodies_never_panic() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for round in 0..1500 {
        let seed = SEEDS[round % SEEDS.len()];
        parse_everywhere(&mutate(&mut rng, seed));
    }
}

#[test]
fn every_prefix_of_a_real_body_is_handled() {
    let seed = SEEDS[0].as_bytes();
    for cut in 0..seed.len() {
        parse_everywhere(&seed[..cut]);
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    for open in ["[", "{\"a\":", "{\"DeliveryStreamDescription\":"] {
        let body = open.repeat(100_000);
        let response = response_from_parts(200, [], body).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            DescribeDeliveryStream::parse_response(&response).is_err(),
            "{open}"
        );
    }
}

#[test]
fn wrong_types_in_known_members_are_typed_errors() {
    for body in [
        r#"{"DeliveryStreamDescription":{"CreateTimestamp":"yesterday"}}"#,
        r#"{"DeliveryStreamDescription":{"HasMoreDestinations":"no"}}"#,
        r#"{"DeliveryStreamDescription":{"Destinations":{"a":1}}}"#,
        r#"{"DeliveryStreamDescription":[]}"#,
        r#"{"DeliveryStreamDescription":{"DeliveryStreamName":{"nested":true}}}"#,
    ] {
        let response = response_from_parts(200, [], body).unwrap_or_else(|e| panic!("{e}"));
        let error = DescribeDeliveryStream::parse_response(&response).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("malformed response body (HTTP 200"),
            "{body}: {error}"
        );
    }
}
