//! The generated clients (crate feature `client`) over the in-memory transport: what they put
//! on the wire, how they sign, and what they give back, for the four generated crates.

use std::error::Error as _;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use firehose::operation::put_record_batch::{
    PutRecordBatch, PutRecordBatchError, PutRecordBatchInput,
};
use firehose::types::Record;
use firehose::{HttpRequest, HttpResponse, Operation, ProvideErrorMetadata, RequestId};
use smithy_client::{Config, Credentials, Error, InMemoryTransport};

const KEY_ID: &str = "AKIDGENERATEDCLIENT";
const SECRET: &str = "generated-client-secret-key";
const TOKEN: &str = "generated-client-session-token";

fn config() -> Config {
    Config::new("eu-central-1").with_credentials(Credentials::new(
        KEY_ID,
        SECRET,
        Some(TOKEN.to_owned()),
    ))
}

fn respond(status: u16, body: &'static str) -> HttpResponse {
    firehose::response_from_parts(status, [("x-amzn-requestid", "rid-42")], body)
        .unwrap_or_else(|e| panic!("{e}"))
}

/// A transport that keeps a copy of every request and answers `status` / `body`.
type Seen = Arc<Mutex<Vec<HttpRequest>>>;

fn recording(
    status: u16,
    body: &'static str,
) -> (
    Seen,
    InMemoryTransport<impl Fn(&HttpRequest) -> HttpResponse + Send + Sync + 'static>,
) {
    let seen = Seen::default();
    let log = Arc::clone(&seen);
    let transport = InMemoryTransport::new(move |request: &HttpRequest| {
        let copy =
            smithy_rt::TryCloneRequest::try_clone(request).expect("in-memory request clones");
        log.lock().expect("lock").push(copy);
        respond(status, body)
    });
    (seen, transport)
}

fn only(seen: &Seen) -> HttpRequest {
    let mut requests = seen.lock().expect("lock");
    assert_eq!(requests.len(), 1, "expected one request");
    requests.pop().expect("one request")
}

fn batch() -> PutRecordBatchInput {
    PutRecordBatchInput::new(
        "stream-1",
        vec![
            Record::new(b"one\n".to_vec()),
            Record::new(vec![0x00, 0xff, 0xfe]),
        ],
    )
}

fn assert_no_secret(text: &str) {
    for secret in [KEY_ID, SECRET, TOKEN] {
        assert!(!text.contains(secret), "{secret} shows in {text}");
    }
}

#[tokio::test]
async fn firehose_client_sends_what_the_operation_builds_and_signs_it() {
    let (seen, transport) = recording(
        200,
        r#"{"FailedPutCount":0,"Encrypted":false,"RequestResponses":[{"RecordId":"a"},{"RecordId":"b"}]}"#,
    );
    let client = firehose::Client::with_transport(config(), transport);
    let output = client.put_record_batch(&batch()).await.expect("success");
    // A successful call gives its request id too.
    assert_eq!(output.request_id(), Some("rid-42"));
    assert_eq!(output.failed_put_count, 0);
    assert_eq!(output.request_responses.len(), 2);

    let sent = only(&seen);
    assert_eq!(sent.uri(), "https://firehose.eu-central-1.amazonaws.com/");
    // Wire-identical: the same request as the operation builds by itself, plus the signature.
    let built = PutRecordBatch::build_request(&batch(), &firehose::endpoint("eu-central-1"))
        .expect("builds");
    assert_eq!(sent.body().bytes(), built.body().bytes());
    assert_eq!(
        sent.body().bytes(),
        Some(&br#"{"DeliveryStreamName":"stream-1","Records":[{"Data":"b25lCg=="},{"Data":"AP/+"}]}"#[..])
    );
    for (name, value) in built.headers() {
        assert_eq!(sent.headers().get(name), Some(value), "header {name}");
    }
    let auth = sent.headers().get("authorization").expect("signed");
    assert!(
        auth.starts_with(&format!("AWS4-HMAC-SHA256 Credential={KEY_ID}/"))
            && auth.contains("/eu-central-1/firehose/aws4_request"),
        "{auth}"
    );
    assert_eq!(sent.headers().get("x-amz-security-token"), Some(TOKEN));
    assert!(sent.headers().get("x-amz-date").is_some());
}

#[tokio::test]
async fn firehose_service_errors_are_typed_and_show_no_credentials() {
    let (_, transport) = recording(
        400,
        r#"{"__type":"ResourceNotFoundException","message":"Firehose stream-1 under account 123456789012 not found."}"#,
    );
    let client = firehose::Client::with_transport(config(), transport);
    let error = client.put_record_batch(&batch()).await.unwrap_err();
    let text = format!("{error} | {error:?} | {error:#?} | {:?}", error.source());
    assert_no_secret(&text);
    assert_no_secret(&format!("{client:?} {client:#?} {:?}", client.config()));
    assert_eq!(
        error.to_string(),
        "ResourceNotFoundException: Firehose stream-1 under account 123456789012 not found."
    );
    assert_eq!(error.code(), Some("ResourceNotFoundException"));
    match error {
        Error::Service(PutRecordBatchError::ResourceNotFoundException(e)) => {
            assert_eq!(e.request_id(), Some("rid-42"));
            assert_eq!(
                e.message(),
                Some("Firehose stream-1 under account 123456789012 not found.")
            );
        }
        other => panic!("expected ResourceNotFoundException, got {other:?}"),
    }
}

#[tokio::test]
async fn a_missing_required_member_is_a_build_error_and_nothing_is_sent() {
    let (seen, transport) = recording(200, "{}");
    let client = firehose::Client::with_transport(config(), transport);
    let error = client
        .put_record_batch(&PutRecordBatchInput::default())
        .await
        .unwrap_err();
    assert!(
        matches!(
            &error,
            Error::Build(firehose::BuildError::MissingMember {
                shape: "PutRecordBatchInput",
                member: "DeliveryStreamName"
            })
        ),
        "{error:?}"
    );
    assert!(seen.lock().expect("lock").is_empty());
}

#[tokio::test]
async fn machinelearning_predict_goes_to_the_endpoint_member() {
    use machinelearning::operation::predict::PredictInput;
    let (seen, transport) = recording(200, r#"{"Prediction":{"predictedLabel":"x"}}"#);
    let client = machinelearning::Client::with_transport(config(), transport);
    let input = PredictInput::new(
        "model-1",
        std::collections::HashMap::new(),
        "https://realtime.machinelearning.eu-central-1.amazonaws.com",
    );
    client.predict(&input).await.expect("success");
    let sent = only(&seen);
    assert_eq!(
        sent.uri(),
        "https://realtime.machinelearning.eu-central-1.amazonaws.com/"
    );
    let auth = sent.headers().get("authorization").expect("signed");
    assert!(
        auth.contains("/eu-central-1/machinelearning/aws4_request"),
        "{auth}"
    );
}

#[tokio::test]
async fn unit_input_and_output_and_an_endpoint_override() {
    let (seen, transport) = recording(200, "");
    let config = config().with_endpoint("http://127.0.0.1:4566/");
    let client = json_protocol::Client::with_transport(config, transport);
    let output: () = client.empty_operation(&()).await.expect("success");
    assert_eq!(output, ());
    let sent = only(&seen);
    assert_eq!(sent.uri(), "http://127.0.0.1:4566/");
    assert_eq!(sent.body().bytes(), Some(&b"{}"[..]));
    assert_eq!(
        sent.headers().get("x-amz-target"),
        Some("JsonProtocol.EmptyOperation")
    );
    assert!(
        sent.headers()
            .get("authorization")
            .is_some_and(|a| a.contains("/jsonprotocol/aws4_request"))
    );
}

#[tokio::test]
async fn a_service_without_a_standard_endpoint_needs_one_configured() {
    // json-protocol has neither an endpoint prefix nor endpoint rules.
    let (seen, transport) = recording(200, "{}");
    let client = json_protocol::Client::with_transport(config(), transport);
    let error = client.empty_operation(&()).await.unwrap_err();
    assert!(
        matches!(
            &error,
            Error::Config(smithy_client::ConfigError::MissingEndpoint {
                service: "aws.protocoltests.json#JsonProtocol"
            })
        ),
        "{error:?}"
    );
    assert!(seen.lock().expect("lock").is_empty());
}

#[tokio::test]
async fn endpoint_rules_that_reject_the_configuration_are_a_config_error() {
    // edge-cases' rules need `Tenant`, which no client configuration gives: even with an
    // endpoint override, nothing is sent.
    let (seen, transport) = recording(200, "{}");
    let config = Config::new("us-east-1").with_endpoint("http://127.0.0.1:9");
    let client = edge_cases::Client::with_transport(config, transport);
    let error = client.ping(&()).await.unwrap_err();
    assert!(
        matches!(
            &error,
            Error::Config(smithy_client::ConfigError::Endpoint(e))
                if e.message() == "endpoint parameter Tenant is required"
        ),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "endpoint resolution failed: endpoint parameter Tenant is required"
    );
    assert!(seen.lock().expect("lock").is_empty());
}

#[test]
fn signing_uses_the_model_signing_name_through_aws_sigv4() {
    // The client's signature is aws-sigv4's over the same request: sign the built request
    // with the runtime function at a fixed time and check the credential scope is the same.
    let mut built = PutRecordBatch::build_request(&batch(), &firehose::endpoint("eu-central-1"))
        .expect("builds");
    let creds = aws_credential_types::Credentials::new(KEY_ID, SECRET, None, None, "test");
    firehose::sigv4::sign(
        &mut built,
        &creds,
        "eu-central-1",
        firehose::SIGNING_NAME,
        SystemTime::UNIX_EPOCH,
    )
    .expect("signs");
    assert_eq!(firehose::SIGNING_NAME, "firehose");
    assert!(
        built
            .headers()
            .get("authorization")
            .is_some_and(|a| a.contains("/19700101/eu-central-1/firehose/aws4_request"))
    );
}

#[test]
fn calls_are_send_so_they_can_be_spawned() {
    fn assert_send<T: Send>(_: &T) {}
    let client = firehose::Client::new(config());
    let input = batch();
    let call = client.put_record_batch(&input);
    assert_send(&call);
    drop(call);
    let (_, transport) = recording(200, "{}");
    let in_memory = firehose::Client::with_transport(config(), transport);
    assert_send(&in_memory.list_delivery_streams(&Default::default()));
}
