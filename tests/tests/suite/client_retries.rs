//! The generated clients retrying against a fault-injecting server on 127.0.0.1, over the
//! real HTTPS transport (plain HTTP here): attempt counts, backoff bounds, quota exhaustion, the
//! same body bytes on every attempt, and an idempotency token that keeps its value.

use std::time::Duration;

use edge_cases::operation::do_thing::DoThing;
use crate::common::fault_server::{Fault, FaultServer};
use firehose::operation::put_record_batch::{PutRecordBatchError, PutRecordBatchInput};
use firehose::types::Record;
use smithy_client::{Config, Credentials, Error, RetryConfig, RetryQuota};

fn config(server: &FaultServer, retry: RetryConfig) -> Config {
    Config::new("us-east-1")
        .with_credentials(Credentials::new("AKIDRETRY", "retry-secret", None))
        .with_endpoint(server.url())
        .with_retry_config(retry)
}

/// Standard mode with its own quota and a 50 ms backoff base, so tests run quickly.
fn fast() -> RetryConfig {
    RetryConfig::standard()
        .with_quota(RetryQuota::default())
        .with_initial_backoff(Duration::from_millis(50))
}

/// 500 records of 1 KiB: the body is about 680 KB.
fn big_batch() -> PutRecordBatchInput {
    let records: Vec<Record> = (0..500u32)
        .map(|i| Record::new(vec![(i % 251) as u8; 1024]))
        .collect();
    PutRecordBatchInput::new("stream-1", records)
}

const BATCH_OK: &str = r#"{"FailedPutCount":0,"RequestResponses":[{"RecordId":"r"}]}"#;

#[tokio::test]
async fn transient_failures_are_retried_with_the_same_body_bytes() {
    let server = FaultServer::start([
        Fault::error(503, "ServiceUnavailableException"),
        Fault::Reset,
        Fault::error(500, ""),
        Fault::ok(BATCH_OK),
    ]);
    let client = firehose::Client::new(config(&server, fast().with_max_attempts(4)));
    let output = client.put_record_batch(&big_batch()).await.unwrap();
    assert_eq!(output.failed_put_count, 0);
    let received = server.received();
    assert_eq!(received.len(), 4);
    let first = &received[0];
    assert!(first.body.len() > 600_000, "{}", first.body.len());
    for attempt in &received {
        assert_eq!(
            attempt.body, first.body,
            "every attempt sends the same bytes"
        );
        assert_eq!(
            attempt.header("x-amz-target"),
            Some("Firehose_20150804.PutRecordBatch")
        );
        assert!(attempt.header("authorization").is_some());
    }
    // The connection reset cost a new connection; the others were reused.
    assert!(server.connections() >= 2);
}

#[tokio::test]
async fn the_idempotency_token_keeps_its_value_across_attempts() {
    let server = FaultServer::start([
        Fault::error(503, ""),
        Fault::error(400, "ThrottlingException"),
        Fault::ok("{}"),
        Fault::ok("{}"),
    ]);
    // The fixture's endpoint rules need a parameter no configuration sets, so the generic
    // client goes to the server's URL; the operation is the generated one.
    let service = smithy_client::Service {
        id: edge_cases::SERVICE_ID,
        signing_name: None,
        sdk_id: None,
        unsigned_operations: &[],
        resolve_endpoint: None,
    };
    let config = config(&server, fast());
    let transport = smithy_client::HyperTransport::from_config(&config);
    let client = smithy_client::ServiceClient::new(config, transport, service);
    let input = edge_cases::operation::do_thing::DoThingInput::new("t");
    assert!(input.client_token.is_none(), "the token is the generator's");
    client.call::<DoThing>(&input).await.unwrap();
    client.call::<DoThing>(&input).await.unwrap();
    let tokens: Vec<String> = server
        .received()
        .iter()
        .map(|r| {
            let body: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
            body["ClientToken"].as_str().unwrap().to_owned()
        })
        .collect();
    assert_eq!(tokens.len(), 4);
    // The first call's three attempts share one token; the next call has a new one.
    assert_eq!(tokens[0].len(), 36, "{tokens:?}");
    assert!(tokens[..3].iter().all(|t| *t == tokens[0]), "{tokens:?}");
    assert_ne!(tokens[3], tokens[0]);
}

/// One failed call against a server that answers every attempt with `fault`: the attempts
/// it made, and its error.
async fn attempts_against(fault: Fault) -> (usize, Error<PutRecordBatchError>) {
    let server = FaultServer::start([fault]);
    let client = firehose::Client::new(config(&server, fast()));
    let error = client.put_record_batch(&big_batch()).await.unwrap_err();
    (server.requests(), error)
}

#[tokio::test]
async fn attempt_counts_follow_the_classification() {
    let cases: [(Fault, usize); 6] = [
        (Fault::error(503, ""), 3),
        (Fault::error(400, "LimitExceededException"), 3),
        (Fault::error(400, "ResourceNotFoundException"), 1),
        (Fault::error(400, "InvalidArgumentException"), 1),
        (Fault::Reset, 3),
        (Fault::error(429, "TooManyRequestsException"), 3),
    ];
    for (fault, expected) in cases {
        let what = format!("{fault:?}");
        let (attempts, error) = attempts_against(fault).await;
        assert_eq!(attempts, expected, "{what}: {error}");
        assert_eq!(error.is_retryable(), expected > 1, "{what}: {error}");
    }
}

#[tokio::test]
async fn a_modeled_error_is_retried_by_the_status_its_response_had() {
    // As the SDKs do: InvalidArgumentException is a 400 by its model, retried when it comes
    // with a 500; ServiceUnavailableException is a 503 by its model, final with a 400.
    let cases = [
        (Fault::error(500, "InvalidArgumentException"), 3),
        (Fault::error(400, "ServiceUnavailableException"), 1),
    ];
    for (fault, expected) in cases {
        let what = format!("{fault:?}");
        let (attempts, error) = attempts_against(fault).await;
        assert!(matches!(error, Error::Service(_)), "{what}: {error:?}");
        assert_eq!(attempts, expected, "{what}: {error}");
    }
}

#[tokio::test]
async fn backoff_waits_stay_within_their_ceilings() {
    let retry = fast()
        .with_max_attempts(5)
        .with_initial_backoff(Duration::from_millis(40))
        .with_max_backoff(Duration::from_millis(100));
    let server = FaultServer::start([Fault::error(503, "")]);
    let client = firehose::Client::new(config(&server, retry));
    client.put_record_batch(&big_batch()).await.unwrap_err();
    let gaps = server.gaps();
    assert_eq!(gaps.len(), 4);
    // Ceilings 40, 80, 100, 100 ms, plus the time a request takes on loopback.
    let slack = Duration::from_millis(250);
    for (gap, ceiling) in gaps.iter().zip([40, 80, 100, 100]) {
        assert!(
            *gap <= Duration::from_millis(ceiling) + slack,
            "{gap:?} > {ceiling} ms"
        );
    }
}

#[tokio::test]
async fn an_exhausted_quota_ends_retries() {
    let quota = RetryQuota::new(25);
    let server = FaultServer::start([Fault::error(503, "")]);
    let client = firehose::Client::new(config(&server, fast().with_quota(quota.clone())));
    client.put_record_batch(&big_batch()).await.unwrap_err();
    assert_eq!((server.requests(), quota.available()), (3, 5));
    let error = client.put_record_batch(&big_batch()).await.unwrap_err();
    assert_eq!((server.requests(), quota.available()), (4, 5));
    // Still retryable in itself: the quota, not the error, stopped the retries.
    assert!(error.is_retryable());
    assert!(matches!(error, Error::Service(_)), "{error:?}");
}
