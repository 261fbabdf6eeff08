//! Fixtures shared by the benchmarks, and the two ways of making one call that
//! `benches/calls.rs` times: our crate and the official `aws-sdk-firehose` client, both against
//! an in-memory HTTP exchange. [`check_same_wire`] makes sure both libraries send the same
//! request and read the same values.

use aws_credential_types::Credentials;
use aws_sdk_firehose::config::retry::RetryConfig;
use aws_sdk_firehose::config::{BehaviorVersion, Region};
use aws_smithy_http_client::test_util::{ReplayEvent, StaticReplayClient, infallible_client_fn};
use aws_smithy_runtime_api::client::http::HttpClient;
use firehose::primitives::SdkBody;
use firehose::{HttpRequest, HttpResponse};

pub mod cpu;

pub const ENDPOINT: &str = "https://firehose.us-east-1.amazonaws.com";
pub const REGION: &str = "us-east-1";
pub const STREAM: &str = "clickstream-to-s3";
pub const RECORDS: usize = 500;
pub const RECORD_BYTES: usize = 1000;

/// A ~5 KB DescribeDeliveryStream response with an ExtendedS3 destination (compact JSON).
pub const DESCRIBE_RESPONSE: &str = include_str!("../fixtures/describe_delivery_stream.json");

pub fn credentials() -> Credentials {
    Credentials::new(
        "AKIDEXAMPLE",
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        None,
        None,
        "bench",
    )
}

/// `RECORDS` records of `RECORD_BYTES` pseudo-random bytes each (deterministic).
pub fn record_payloads() -> Vec<Vec<u8>> {
    payloads(RECORDS, RECORD_BYTES)
}

/// `records` records of `bytes` pseudo-random bytes each (deterministic).
pub fn payloads(records: usize, bytes: usize) -> Vec<Vec<u8>> {
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    (0..records)
        .map(|_| {
            (0..bytes)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    state as u8
                })
                .collect()
        })
        .collect()
}

/// The PutRecordBatch response body: no failures and one 128-character RecordId per record.
pub fn put_record_batch_response() -> String {
    let entries: Vec<String> = (0..RECORDS)
        .map(|i| {
            format!(
                r#"{{"RecordId":"{:0>128}"}}"#,
                format!("{i:x}Qm9ndXNSZWNvcmRJZA")
            )
        })
        .collect();
    format!(
        r#"{{"FailedPutCount":0,"Encrypted":false,"RequestResponses":[{}]}}"#,
        entries.join(",")
    )
}

pub const RESPONSE_HEADERS: [(&str, &str); 2] = [
    ("content-type", "application/x-amz-json-1.1"),
    ("x-amzn-requestid", "f1b6e7a4-7d3c-4a8e-9f8e-2b5c1d3e4f50"),
];

/// A buffered response as any HTTP client would hand it to `parse_response`.
pub fn our_response(body: &str) -> HttpResponse {
    firehose::response_from_parts(200, RESPONSE_HEADERS, body.to_owned()).expect("valid response")
}

/// Our side of one call: `firehose::Client` over `InMemoryTransport`, which answers every
/// request with the canned response for its `X-Amz-Target` (the body is shared, not copied).
/// Each call builds the request, signs it (aws-sigv4, real clock), "sends" it and parses the
/// response, driven by `block_on` on a current-thread tokio runtime as the SDK is.
pub struct Ours {
    client: firehose::Client<firehose::client::InMemoryTransport<Responder>>,
    rt: tokio::runtime::Runtime,
}

type Responder = Box<dyn Fn(&HttpRequest) -> HttpResponse + Send + Sync>;

impl Ours {
    pub fn new() -> Self {
        let put = SdkBody::from(put_record_batch_response());
        let describe = SdkBody::from(DESCRIBE_RESPONSE);
        let respond: Responder = Box::new(move |request: &HttpRequest| {
            let target = request.headers().get("x-amz-target").unwrap_or_default();
            let body = if target.ends_with(".PutRecordBatch") {
                &put
            } else {
                &describe
            };
            assert!(
                request.headers().get("authorization").is_some(),
                "unsigned request"
            );
            firehose::response_from_parts(200, RESPONSE_HEADERS, body.try_clone().unwrap()).unwrap()
        });
        let config = firehose::client::Config::new(REGION).with_credentials(
            firehose::client::Credentials::new(
                "AKIDEXAMPLE",
                "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                None,
            ),
        );
        let transport = firehose::client::InMemoryTransport::new(respond);
        Ours {
            client: firehose::Client::with_transport(config, transport),
            rt: runtime(),
        }
    }

    pub fn put_record_batch(
        &self,
        input: &firehose::operation::put_record_batch::PutRecordBatchInput,
    ) -> firehose::operation::put_record_batch::PutRecordBatchOutput {
        self.rt
            .block_on(self.client.put_record_batch(input))
            .expect("PutRecordBatch")
    }

    pub fn describe_delivery_stream(
        &self,
        input: &firehose::operation::describe_delivery_stream::DescribeDeliveryStreamInput,
    ) -> firehose::operation::describe_delivery_stream::DescribeDeliveryStreamOutput {
        self.rt
            .block_on(self.client.describe_delivery_stream(input))
            .expect("DescribeDeliveryStream")
    }
}

impl Default for Ours {
    fn default() -> Self {
        Self::new()
    }
}

/// `base64(data)` for every record, one after the other, into `out` (cleared first; reserve
/// it once): the least work any serializer of a PutRecordBatch body must do.
pub fn base64_floor(records: &[Vec<u8>], out: &mut Vec<u8>) {
    out.clear();
    for data in records {
        base64_simd::STANDARD.encode_append(data, out);
    }
}

/// Length of [`base64_floor`]'s output.
pub fn base64_len(records: &[Vec<u8>]) -> usize {
    records.iter().map(|d| d.len().div_ceil(3) * 4).sum()
}

fn response_1x(body: SdkBody) -> http::Response<SdkBody> {
    let mut response = http::Response::builder().status(200);
    for (name, value) in RESPONSE_HEADERS {
        response = response.header(name, value);
    }
    response.body(body).expect("valid response")
}

/// An `aws-sdk-firehose` client as configured for the benchmark: fixed credentials,
/// us-east-1, no retries, latest behavior version, and `http_client` instead of the network.
pub fn sdk_client(http_client: impl HttpClient + 'static) -> aws_sdk_firehose::Client {
    let config = aws_sdk_firehose::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(REGION))
        .credentials_provider(credentials())
        .retry_config(RetryConfig::disabled())
        .http_client(http_client)
        .build();
    aws_sdk_firehose::Client::from_conf(config)
}

/// A client whose HTTP client answers every request with `body` (status 200), without I/O.
/// The body is in memory and shared, so handing it out copies nothing.
pub fn sdk_client_answering(body: &str) -> aws_sdk_firehose::Client {
    let body = SdkBody::from(body.to_owned());
    sdk_client(infallible_client_fn(move |_request| {
        response_1x(body.try_clone().unwrap())
    }))
}

/// A current-thread runtime, as a simple `#[tokio::main(flavor = "current_thread")]` has.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("runtime")
}

pub fn sdk_records(payloads: &[Vec<u8>]) -> Vec<aws_sdk_firehose::types::Record> {
    payloads
        .iter()
        .map(|data| {
            aws_sdk_firehose::types::Record::builder()
                .data(aws_sdk_firehose::primitives::Blob::new(data.clone()))
                .build()
                .expect("data is set")
        })
        .collect()
}

pub fn our_put_input(
    payloads: &[Vec<u8>],
) -> firehose::operation::put_record_batch::PutRecordBatchInput {
    let records: Vec<_> = payloads
        .iter()
        .map(|data| firehose::types::Record::new(firehose::primitives::Blob::new(data.clone())))
        .collect();
    firehose::operation::put_record_batch::PutRecordBatchInput::new(STREAM, records)
}

/// Sends one PutRecordBatch and one DescribeDeliveryStream through the SDK against a replay
/// client that expects our (unsigned) requests, and checks both libraries parse the same
/// responses to the same values. Panics on any difference.
pub fn check_same_wire() {
    use firehose::Operation;
    use firehose::operation::describe_delivery_stream::DescribeDeliveryStream;
    use firehose::operation::put_record_batch::PutRecordBatch;

    let payloads = record_payloads();
    let put_body = put_record_batch_response();
    let put_request = PutRecordBatch::build_request(&our_put_input(&payloads), ENDPOINT).unwrap();
    let describe_input =
        firehose::operation::describe_delivery_stream::DescribeDeliveryStreamInput::new(STREAM);
    let describe_request =
        DescribeDeliveryStream::build_request(&describe_input, ENDPOINT).unwrap();
    // Our requests hold a `RequestBody`; the replay client compares `SdkBody` requests.
    let sdk_body = |request: HttpRequest| request.map(|body| SdkBody::from(body.into_bytes()));
    let replay = StaticReplayClient::new(vec![
        ReplayEvent::new(sdk_body(put_request), response_1x(put_body.clone().into())),
        ReplayEvent::new(sdk_body(describe_request), response_1x(DESCRIBE_RESPONSE.into())),
    ]);
    let client = sdk_client(replay.clone());
    let rt = runtime();
    let sdk_put = rt
        .block_on(
            client
                .put_record_batch()
                .delivery_stream_name(STREAM)
                .set_records(Some(sdk_records(&payloads)))
                .send(),
        )
        .expect("SDK PutRecordBatch");
    let sdk_describe = rt
        .block_on(
            client
                .describe_delivery_stream()
                .delivery_stream_name(STREAM)
                .send(),
        )
        .expect("SDK DescribeDeliveryStream");
    // Compares URI, every header we set (content-type, content-length, x-amz-target) and the
    // JSON body.
    replay.assert_requests_match(&[]);

    let our_client = Ours::new();
    let ours_put = our_client.put_record_batch(&our_put_input(&payloads));
    let our_ids: Vec<_> = ours_put
        .request_responses
        .into_iter()
        .map(|e| e.record_id.unwrap())
        .collect();
    let sdk_ids: Vec<_> = sdk_put
        .request_responses()
        .iter()
        .map(|e| e.record_id().unwrap())
        .collect();
    assert_eq!(our_ids, sdk_ids);
    let ours = our_client.describe_delivery_stream(&describe_input);
    let mut ours = ours.delivery_stream_description.unwrap();
    let sdk = sdk_describe.delivery_stream_description().unwrap();
    // Seconds only: the SDK reads `1712345678.123` through f64 (see the repository README).
    assert_eq!(
        ours.create_timestamp.map(|t| t.secs()),
        sdk.create_timestamp().map(|t| t.secs())
    );
    let ours_s3 = ours
        .destinations
        .remove(0)
        .extended_s3_destination_description
        .unwrap();
    let sdk_s3 = sdk.destinations()[0]
        .extended_s3_destination_description()
        .unwrap();
    assert_eq!(ours_s3.bucket_arn, sdk_s3.bucket_arn());
    let ours_processors = ours_s3
        .processing_configuration
        .unwrap()
        .processors
        .unwrap();
    let sdk_processors = sdk_s3.processing_configuration().unwrap().processors();
    assert_eq!(ours_processors.len(), sdk_processors.len());
    assert_eq!(
        ours_processors[0].parameters.as_ref().unwrap().len(),
        sdk_processors[0].parameters().len()
    );
}

#[cfg(test)]
mod tests {
    #[test]
    fn same_wire() {
        super::check_same_wire();
    }
}

/// `../shared/models/firehose.json` beside the repository (never copied into it).
pub fn firehose_model_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/models/firehose.json")
}
