//! The producer against a scripted transport, through the real generated client (its
//! serializer, signing and parser), mostly on Tokio's paused clock.

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use firehose::client::{
    Config, Credentials, RetryConfig, Transport, TransportError, TransportErrorKind,
};
use firehose::operation::put_record_batch::PutRecordBatchInput;
use firehose::test_util::from_json;
use firehose::{HttpRequest, HttpResponse};
use tokio::sync::Semaphore;
use tokio::time::Instant;

use crate::*;

/// What the scripted server answers to one call.
enum Reply {
    Http(u16, String),
    Transport(TransportErrorKind),
}

/// One call as the server saw it.
#[derive(Clone, Debug)]
struct Call {
    records: Vec<Vec<u8>>,
}

type Handler = dyn Fn(usize, &[Vec<u8>]) -> Reply + Send + Sync;

/// A transport that reads each request's records, keeps them, and answers with `handler(call
/// number, records)`, after `latency` and after `gate` lets it through (when set).
#[derive(Clone)]
struct Scripted {
    handler: Arc<Handler>,
    calls: Arc<Mutex<Vec<Call>>>,
    latency: Duration,
    gate: Option<Arc<Semaphore>>,
    running: Arc<AtomicUsize>,
    most_running: Arc<AtomicUsize>,
}

impl Scripted {
    fn new(handler: impl Fn(usize, &[Vec<u8>]) -> Reply + Send + Sync + 'static) -> Self {
        Self {
            handler: Arc::new(handler),
            calls: Arc::default(),
            latency: Duration::ZERO,
            gate: None,
            running: Arc::default(),
            most_running: Arc::default(),
        }
    }

    fn calls(&self) -> Vec<Call> {
        self.calls.lock().unwrap().clone()
    }

    fn sizes(&self) -> Vec<usize> {
        self.calls().iter().map(|c| c.records.len()).collect()
    }
}

impl Transport for Scripted {
    fn send(
        &self,
        request: HttpRequest,
    ) -> impl Future<Output = Result<HttpResponse, TransportError>> + Send {
        let this = self.clone();
        async move {
            let running = this.running.fetch_add(1, Ordering::SeqCst) + 1;
            this.most_running.fetch_max(running, Ordering::SeqCst);
            let body = request.body().bytes().expect("in-memory body");
            let input: PutRecordBatchInput = from_json(body).expect("a PutRecordBatch request");
            assert_eq!(input.delivery_stream_name.as_deref(), Some("stream"));
            let records: Vec<Vec<u8>> = input
                .records
                .unwrap_or_default()
                .into_iter()
                .map(|r| r.data.into_inner())
                .collect();
            let n = {
                let mut calls = this.calls.lock().unwrap();
                calls.push(Call {
                    records: records.clone(),
                });
                calls.len() - 1
            };
            if let Some(gate) = &this.gate {
                gate.acquire().await.expect("gate open").forget();
            }
            if !this.latency.is_zero() {
                tokio::time::sleep(this.latency).await;
            }
            this.running.fetch_sub(1, Ordering::SeqCst);
            match (this.handler)(n, &records) {
                Reply::Http(status, body) => {
                    Ok(firehose::response_from_parts(status, [], body).expect("valid response"))
                }
                Reply::Transport(kind) => Err(TransportError::new(kind, "scripted failure")),
            }
        }
    }
}

/// A client with the default retry settings (3 attempts): the producer's calls make one
/// attempt each all the same, so every count below is the producer's own.
fn client(transport: Scripted) -> firehose::Client<Scripted> {
    client_with(transport, RetryConfig::standard())
}

fn client_with(transport: Scripted, retry: RetryConfig) -> firehose::Client<Scripted> {
    let config = Config::new("us-east-1")
        .with_endpoint("http://firehose.test")
        .with_credentials(Credentials::new("AKID", "secret", None))
        .with_retry_config(retry);
    firehose::Client::with_transport(config, transport)
}

fn producer(transport: &Scripted, config: ProducerConfig) -> Producer {
    Producer::with_config(client(transport.clone()), "stream", config).expect("valid config")
}

/// A consistent answer: entry `i` delivered as `<call>-<i>` unless `fail(i)`.
fn answer(call: usize, records: &[Vec<u8>], fail: impl Fn(usize) -> bool) -> Reply {
    let mut failed = 0;
    let entries: Vec<String> = (0..records.len())
        .map(|i| {
            if fail(i) {
                failed += 1;
                r#"{"ErrorCode":"ServiceUnavailableException","ErrorMessage":"Slow down."}"#
                    .to_owned()
            } else {
                format!(r#"{{"RecordId":"{call}-{i}"}}"#)
            }
        })
        .collect();
    Reply::Http(
        200,
        format!(
            r#"{{"FailedPutCount":{failed},"Encrypted":false,"RequestResponses":[{}]}}"#,
            entries.join(",")
        ),
    )
}

fn all_ok() -> Scripted {
    Scripted::new(|call, records| answer(call, records, |_| false))
}

fn fast_retries(attempts: u32) -> ProducerConfig {
    ProducerConfig::new().with_retry(
        RetryPolicy::new()
            .with_max_attempts(attempts)
            .with_initial_backoff(Duration::from_millis(10))
            .with_max_backoff(Duration::from_millis(100)),
    )
}

fn record(i: usize) -> Vec<u8> {
    format!("record-{i}").into_bytes()
}

/// The books balance: everything submitted resolved one way or the other.
fn assert_balanced(m: &Metrics) {
    assert_eq!(m.buffered_records, 0, "{m:?}");
    assert_eq!(m.buffered_bytes, 0, "{m:?}");
    assert_eq!(
        m.records_submitted,
        m.records_delivered + m.records_failed,
        "{m:?}"
    );
    assert_eq!(
        m.bytes_submitted,
        m.bytes_delivered + m.bytes_failed,
        "{m:?}"
    );
    assert_eq!(m.in_flight, 0, "{m:?}");
}

#[tokio::test(start_paused = true)]
async fn full_batches_are_cut_by_count_and_by_bytes() {
    let transport = all_ok();
    let p = producer(&transport, ProducerConfig::new());
    let mut receipts = Vec::new();
    for i in 0..1_234 {
        receipts.push(p.submit(record(i)).await.unwrap());
    }
    p.flush().await;
    assert_eq!(transport.sizes(), [500, 500, 234]);
    for (i, receipt) in receipts.into_iter().enumerate() {
        let delivered = receipt.await.unwrap();
        assert_eq!(delivered.attempts(), 1);
        assert_eq!(delivered.record_id(), format!("{}-{}", i / 500, i % 500));
    }
    // The order of submission is kept within and across these batches.
    let sent: Vec<Vec<u8>> = transport
        .calls()
        .into_iter()
        .flat_map(|c| c.records)
        .collect();
    assert_eq!(sent, (0..1_234).map(record).collect::<Vec<_>>());

    // By bytes: four records of the largest size fit in 4 MiB, five don't.
    let transport = all_ok();
    let p = producer(&transport, ProducerConfig::new());
    for i in 0..9u8 {
        drop(p.submit(vec![i; MAX_RECORD_BYTES]).await.unwrap());
    }
    p.flush().await;
    assert_eq!(transport.sizes(), [4, 4, 1]);
    let m = p.close().await;
    assert_eq!(m.max_batch_bytes, 4 * MAX_RECORD_BYTES as u64);
    assert_eq!(m.batch_records, [1, 0, 2, 0, 0, 0, 0, 0, 0, 0]);
    assert_balanced(&m);
}

#[tokio::test(start_paused = true)]
async fn a_lower_byte_target_cuts_earlier_and_sends_a_larger_record_alone() {
    let transport = all_ok();
    let config = ProducerConfig::new()
        .with_max_batch_bytes(1_000)
        .with_max_batch_records(3);
    let p = producer(&transport, config);
    for len in [400, 400, 400, 5_000, 10, 10, 10, 10] {
        drop(p.submit(vec![1; len]).await.unwrap());
    }
    p.flush().await;
    let bytes: Vec<Vec<usize>> = transport
        .calls()
        .iter()
        .map(|c| c.records.iter().map(Vec::len).collect())
        .collect();
    assert_eq!(
        bytes,
        [
            vec![400, 400],
            vec![400],
            vec![5_000],
            vec![10, 10, 10],
            vec![10]
        ]
    );
}

#[tokio::test(start_paused = true)]
async fn a_partial_batch_waits_for_the_linger_time_then_goes() {
    let transport = all_ok();
    let p = producer(
        &transport,
        ProducerConfig::new().with_linger(Duration::from_millis(250)),
    );
    let start = Instant::now();
    let first = p.submit(record(0)).await.unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let second = p.submit(record(1)).await.unwrap();
    tokio::time::sleep(Duration::from_millis(149)).await;
    assert!(transport.calls().is_empty(), "sent before the linger time");
    first.await.unwrap();
    second.await.unwrap();
    // The oldest record's wait decides, not the newest's.
    assert_eq!(start.elapsed(), Duration::from_millis(250));
    assert_eq!(transport.sizes(), [2]);
}

#[tokio::test(start_paused = true)]
async fn records_over_the_limit_are_refused_with_their_data_and_the_limit_itself_is_sent() {
    let transport = all_ok();
    let p = producer(&transport, ProducerConfig::new());
    let big = vec![7u8; MAX_RECORD_BYTES + 1];
    let refused = p.submit(big.clone()).await.unwrap_err();
    assert_eq!(
        refused.kind(),
        SubmitErrorKind::TooLarge {
            len: MAX_RECORD_BYTES + 1,
            max: MAX_RECORD_BYTES
        }
    );
    assert_eq!(
        refused.to_string(),
        "record of 1024001 bytes refused: Firehose takes at most 1024000 bytes per record"
    );
    assert!(
        format!("{refused:?}").contains("data_len: 1024001"),
        "{refused:?}"
    );
    assert_eq!(refused.into_data(), big);
    let refused = p.try_submit(vec![0; MAX_RECORD_BYTES + 1]).unwrap_err();
    assert!(matches!(refused.kind(), SubmitErrorKind::TooLarge { .. }));

    let at_limit = p.submit(vec![9u8; MAX_RECORD_BYTES]).await.unwrap();
    let empty = p.submit(Vec::new()).await.unwrap();
    p.flush().await;
    assert_eq!(at_limit.await.unwrap().record_id(), "0-0");
    assert_eq!(empty.await.unwrap().record_id(), "0-1");
    assert_eq!(transport.calls()[0].records[0], vec![9u8; MAX_RECORD_BYTES]);
    assert_eq!(transport.calls()[0].records[1], Vec::<u8>::new());
    let m = p.close().await;
    assert_eq!(m.records_refused, 2);
    assert_eq!(m.records_submitted, 2);
    assert_balanced(&m);
}

#[tokio::test(start_paused = true)]
async fn only_the_failed_entries_are_sent_again() {
    let transport = Scripted::new(|call, records| match call {
        0 => answer(call, records, |i| i == 1 || i == 3),
        1 => {
            assert_eq!(
                records,
                [record(1), record(3)],
                "retry carries only the failed"
            );
            answer(call, records, |i| i == 1)
        }
        _ => {
            assert_eq!(records, [record(3)]);
            answer(call, records, |_| false)
        }
    });
    let p = producer(&transport, fast_retries(5));
    let receipts: Vec<Receipt> = (0..5).map(|i| p.try_submit(record(i)).unwrap()).collect();
    p.flush().await;
    let outcomes: Vec<(String, u32)> = futures_all(receipts)
        .await
        .into_iter()
        .map(|o| {
            let d = o.unwrap();
            (d.record_id().to_owned(), d.attempts())
        })
        .collect();
    assert_eq!(
        outcomes,
        [("0-0", 1), ("1-0", 2), ("0-2", 1), ("2-0", 3), ("0-4", 1)]
            .map(|(id, n)| (id.to_owned(), n))
    );
    let m = p.close().await;
    assert_eq!(m.calls, 3);
    assert_eq!(m.records_sent, 8);
    assert_eq!(m.records_retried, 3);
    assert_eq!(m.entries_failed, 3);
    assert_eq!(m.records_delivered, 5);
    assert_balanced(&m);
}

async fn futures_all(receipts: Vec<Receipt>) -> Vec<Outcome> {
    let mut outcomes = Vec::with_capacity(receipts.len());
    for receipt in receipts {
        outcomes.push(receipt.await);
    }
    outcomes
}

/// Answers to a two-record call that must not count as delivery.
fn untrustworthy() -> Vec<(&'static str, Reply)> {
    let ok = |id: &str| format!(r#"{{"RecordId":"{id}"}}"#);
    let failed = r#"{"ErrorCode":"InternalFailure","ErrorMessage":"x"}"#;
    let body = |count: &str, entries: &[&str]| {
        Reply::Http(
            200,
            format!(r#"{{{count}"RequestResponses":[{}]}}"#, entries.join(",")),
        )
    };
    let (a, b) = (ok("a"), ok("b"));
    vec![
        ("{}", Reply::Http(200, "{}".into())),
        ("empty body", Reply::Http(200, String::new())),
        // Without FailedPutCount the count reads as 0, which a failed entry contradicts. (With
        // two stored entries it would agree, and the answer is trusted: classify_tests.)
        (
            "no FailedPutCount, one entry failed",
            body("", &[&a, failed]),
        ),
        (
            "no RequestResponses",
            Reply::Http(200, r#"{"FailedPutCount":0}"#.into()),
        ),
        ("one entry short", body(r#""FailedPutCount":0,"#, &[&a])),
        (
            "one entry too many",
            body(r#""FailedPutCount":0,"#, &[&a, &b, &ok("c")]),
        ),
        (
            "count 0 with a failed entry",
            body(r#""FailedPutCount":0,"#, &[&a, failed]),
        ),
        (
            "count 2 with one failed entry",
            body(r#""FailedPutCount":2,"#, &[&a, failed]),
        ),
        (
            "an entry without id or code",
            body(r#""FailedPutCount":0,"#, &[&a, "{}"]),
        ),
        ("not JSON", Reply::Http(200, "<html>OK</html>".into())),
        (
            "cut short",
            Reply::Http(
                200,
                r#"{"FailedPutCount":0,"RequestResponses":[{"Rec"#.into(),
            ),
        ),
        (
            "null entries",
            Reply::Http(
                200,
                r#"{"FailedPutCount":0,"RequestResponses":null}"#.into(),
            ),
        ),
    ]
}

#[tokio::test(start_paused = true)]
async fn untrustworthy_answers_are_retried_and_never_count_as_delivered() {
    for (name, _) in untrustworthy() {
        // First answer: the bad one; second: a good one.
        let transport = Scripted::new(move |call, records| {
            if call == 0 {
                untrustworthy()
                    .into_iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, reply)| reply)
                    .unwrap()
            } else {
                answer(call, records, |_| false)
            }
        });
        let p = producer(&transport, fast_retries(3));
        let first = p.try_submit(record(0)).unwrap();
        let second = p.try_submit(record(1)).unwrap();
        p.flush().await;
        let first = first.await.unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!((first.record_id(), first.attempts()), ("1-0", 2), "{name}");
        assert_eq!(second.await.unwrap().record_id(), "1-1", "{name}");
        let m = p.close().await;
        assert_eq!(
            (m.calls, m.calls_unknown, m.records_retried),
            (2, 1, 2),
            "{name}"
        );
        assert_balanced(&m);
    }

    // Bad every time: the records fail as unknown, with their data, and may have been stored.
    let transport = Scripted::new(|_, _| Reply::Http(200, "{}".into()));
    let p = producer(&transport, fast_retries(4));
    let receipt = p.try_submit(record(0)).unwrap();
    p.flush().await;
    let failed = receipt.await.unwrap_err();
    assert_eq!(failed.kind(), FailureKind::UnknownResponse);
    assert_eq!(failed.attempts(), 4);
    assert!(failed.maybe_delivered());
    assert_eq!(failed.code(), None);
    assert_eq!(failed.message(), "the answer has 0 entries for 1 records");
    assert_eq!(failed.data(), record(0));
    assert_eq!(
        failed.to_string(),
        "record of 8 bytes not delivered after 4 attempts (unknown PutRecordBatch response): \
         the answer has 0 entries for 1 records"
    );
    let m = p.close().await;
    assert_eq!((m.calls, m.calls_unknown, m.records_failed), (4, 4, 1));
    assert_balanced(&m);
}

#[tokio::test(start_paused = true)]
async fn a_final_call_error_fails_every_record_of_the_call_at_once() {
    let transport = Scripted::new(|_, _| {
        Reply::Http(
            400,
            r#"{"__type":"ResourceNotFoundException","message":"Firehose stream not found"}"#
                .into(),
        )
    });
    let p = producer(&transport, fast_retries(5));
    let receipts: Vec<Receipt> = (0..3).map(|i| p.try_submit(record(i)).unwrap()).collect();
    p.flush().await;
    for (i, outcome) in futures_all(receipts).await.into_iter().enumerate() {
        let e = outcome.unwrap_err();
        assert_eq!(e.kind(), FailureKind::CallFailed);
        assert_eq!(e.code(), Some("ResourceNotFoundException"));
        assert_eq!(e.attempts(), 1);
        assert!(!e.maybe_delivered());
        assert!(e.message().contains("Firehose stream not found"), "{e}");
        assert_eq!(e.into_data(), record(i));
    }
    let m = p.close().await;
    assert_eq!((m.calls, m.calls_failed, m.records_failed), (1, 1, 3));
    assert_balanced(&m);
}

#[tokio::test(start_paused = true)]
async fn retryable_call_errors_are_retried_until_the_policy_gives_up() {
    // Name, answer, the code reported, whether the record may have been stored.
    type Case = (&'static str, fn() -> Reply, Option<&'static str>, bool);
    let cases: Vec<Case> = vec![
        (
            "503",
            || Reply::Http(503, r#"{"__type":"ServiceUnavailableException"}"#.into()),
            Some("ServiceUnavailableException"),
            false,
        ),
        (
            "throttled",
            || Reply::Http(400, r#"{"__type":"ThrottlingException"}"#.into()),
            Some("ThrottlingException"),
            false,
        ),
        (
            "500",
            || Reply::Http(500, r#"{"__type":"InternalFailure"}"#.into()),
            Some("InternalFailure"),
            true,
        ),
        (
            "io",
            || Reply::Transport(TransportErrorKind::Io),
            None,
            true,
        ),
        (
            "connect",
            || Reply::Transport(TransportErrorKind::Connect),
            None,
            false,
        ),
    ];
    for (name, reply, code, maybe) in cases {
        let transport = Scripted::new(move |_, _| reply());
        let p = producer(&transport, fast_retries(3));
        let receipt = p.try_submit(record(0)).unwrap();
        p.flush().await;
        let e = receipt.await.unwrap_err();
        assert_eq!(e.kind(), FailureKind::CallFailed, "{name}");
        assert_eq!(e.attempts(), 3, "{name}");
        assert_eq!(e.code(), code, "{name}");
        assert_eq!(e.maybe_delivered(), maybe, "{name}");
        assert_eq!(transport.calls().len(), 3, "{name}");
        let m = p.close().await;
        assert_eq!(m.calls_failed, 3, "{name}");
        assert_balanced(&m);
    }

    // A storm that ends in time: delivered on the third attempt, after backing off.
    let transport = Scripted::new(|call, records| match call {
        0 | 1 => Reply::Http(503, r#"{"__type":"ServiceUnavailableException"}"#.into()),
        _ => answer(call, records, |_| false),
    });
    let policy = RetryPolicy::new()
        .with_initial_backoff(Duration::from_secs(1))
        .with_max_backoff(Duration::from_secs(1));
    let p = producer(
        &transport,
        ProducerConfig::new()
            .with_retry(policy)
            .with_linger(Duration::ZERO),
    );
    let start = Instant::now();
    let delivered = p.submit(record(0)).await.unwrap().await.unwrap();
    assert_eq!((delivered.record_id(), delivered.attempts()), ("2-0", 3));
    assert!(
        start.elapsed() <= Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
}

#[tokio::test(start_paused = true)]
async fn entries_rejected_every_time_fail_with_the_last_code_and_message() {
    let transport = Scripted::new(|call, records| answer(call, records, |i| i == 0));
    let p = producer(&transport, fast_retries(6));
    let rejected = p.try_submit(record(0)).unwrap();
    let fine = p.try_submit(record(1)).unwrap();
    p.flush().await;
    assert_eq!(fine.await.unwrap().attempts(), 1);
    let e = rejected.await.unwrap_err();
    assert_eq!(e.kind(), FailureKind::Rejected);
    assert_eq!(e.code(), Some("ServiceUnavailableException"));
    assert_eq!(e.message(), "Slow down.");
    assert_eq!(e.attempts(), 6);
    assert!(!e.maybe_delivered());
    assert_eq!(transport.sizes(), [2, 1, 1, 1, 1, 1]);
    let m = p.close().await;
    assert_eq!(
        (m.records_delivered, m.records_failed, m.entries_failed),
        (1, 1, 6)
    );
    assert_balanced(&m);
}

#[tokio::test(start_paused = true)]
async fn a_full_buffer_makes_submit_wait_and_try_submit_fail() {
    let gate = Arc::new(Semaphore::new(0));
    let mut transport = all_ok();
    transport.gate = Some(Arc::clone(&gate));
    let config = ProducerConfig::new()
        .with_max_buffered_records(3)
        .with_linger(Duration::ZERO);
    let p = Arc::new(producer(&transport, config));
    let held: Vec<Receipt> = (0..3).map(|i| p.try_submit(record(i)).unwrap()).collect();
    let full = p.try_submit(record(3)).unwrap_err();
    assert_eq!(full.kind(), SubmitErrorKind::Full);
    assert_eq!(full.into_data(), record(3));

    let waiting = tokio::spawn({
        let p = Arc::clone(&p);
        async move { p.submit(record(4)).await.map(|_| ()) }
    });
    tokio::time::sleep(Duration::from_secs(60)).await;
    assert!(!waiting.is_finished(), "submit did not wait for room");
    assert_eq!(p.metrics().buffered_records, 3);
    gate.add_permits(100);
    waiting.await.unwrap().unwrap();
    for outcome in futures_all(held).await {
        outcome.unwrap();
    }
    let m = p.close().await;
    assert_eq!((m.records_submitted, m.records_refused), (4, 1));
    assert_balanced(&m);

    // By bytes: room for one record of the largest size.
    let transport = all_ok();
    let mut gated = transport.clone();
    gated.gate = Some(Arc::new(Semaphore::new(0)));
    let p = producer(
        &gated,
        ProducerConfig::new().with_max_buffered_bytes(MAX_RECORD_BYTES),
    );
    let _held = p.try_submit(vec![0; MAX_RECORD_BYTES - 1]).unwrap();
    let _one_more_byte = p.try_submit(vec![0; 1]).unwrap();
    assert_eq!(
        p.try_submit(vec![0; 1]).unwrap_err().kind(),
        SubmitErrorKind::Full
    );
    assert_eq!(p.try_submit(Vec::new()).unwrap().now_ready(), None);
}

impl Receipt {
    /// The outcome if it is there already (outside Tokio's cooperative budget, which would
    /// make a ready receipt look pending after many polls).
    fn now_ready(self) -> Option<Outcome> {
        let waker = std::task::Waker::noop();
        let mut cx = std::task::Context::from_waker(waker);
        let mut this = std::pin::pin!(tokio::task::unconstrained(self));
        match this.as_mut().poll(&mut cx) {
            std::task::Poll::Ready(outcome) => Some(outcome),
            std::task::Poll::Pending => None,
        }
    }
}

#[tokio::test(start_paused = true)]
async fn no_more_calls_than_allowed_are_under_way() {
    let mut transport = all_ok();
    transport.latency = Duration::from_millis(10);
    let config = ProducerConfig::new()
        .with_max_batch_records(1)
        .with_max_in_flight(3)
        .with_linger(Duration::ZERO);
    let p = producer(&transport, config);
    for i in 0..30 {
        drop(p.submit(record(i)).await.unwrap());
    }
    let m = p.close().await;
    assert_eq!(transport.most_running.load(Ordering::SeqCst), 3);
    assert_eq!((m.calls, m.max_in_flight), (30, 3));
    assert_eq!(m.batch_records[0], 30);
    assert_balanced(&m);
}

#[tokio::test(start_paused = true)]
async fn flush_resolves_everything_submitted_before_it() {
    let mut transport = all_ok();
    transport.latency = Duration::from_millis(5);
    let p = producer(
        &transport,
        ProducerConfig::new().with_linger(Duration::from_secs(3600)),
    );
    let before: Vec<Receipt> = (0..700).map(|i| p.try_submit(record(i)).unwrap()).collect();
    let start = Instant::now();
    p.flush().await;
    assert!(
        start.elapsed() < Duration::from_secs(1),
        "flush waited for the linger time"
    );
    for receipt in before {
        assert!(receipt.now_ready().expect("resolved by flush").is_ok());
    }
    // Nothing pending: flush returns at once; twice in a row as well.
    p.flush().await;
    p.flush().await;
    let after = p.try_submit(record(9)).unwrap();
    assert!(
        after.now_ready().is_none(),
        "a later record lingers as usual"
    );
    assert_balanced(&p.close().await);
}

#[tokio::test(start_paused = true)]
async fn close_refuses_new_records_and_waiting_ones() {
    let gate = Arc::new(Semaphore::new(0));
    let mut transport = all_ok();
    transport.gate = Some(Arc::clone(&gate));
    let p = Arc::new(producer(
        &transport,
        ProducerConfig::new().with_max_buffered_records(1),
    ));
    let first = p.try_submit(record(0)).unwrap();
    let waiting = tokio::spawn({
        let p = Arc::clone(&p);
        async move { p.submit(record(1)).await.map(|_| ()) }
    });
    tokio::time::sleep(Duration::from_millis(1)).await;
    let closing = tokio::spawn({
        let p = Arc::clone(&p);
        async move { p.close().await }
    });
    let refused = waiting.await.unwrap().unwrap_err();
    assert_eq!(refused.kind(), SubmitErrorKind::Closed);
    assert_eq!(refused.into_data(), record(1));
    assert!(
        !closing.is_finished(),
        "close returned before the record resolved"
    );
    gate.add_permits(1);
    let m = closing.await.unwrap();
    assert!(first.await.is_ok());
    assert_eq!(
        p.submit(record(2)).await.unwrap_err().kind(),
        SubmitErrorKind::Closed
    );
    assert_eq!(
        p.try_submit(record(3)).unwrap_err().kind(),
        SubmitErrorKind::Closed
    );
    assert_eq!((m.records_submitted, m.records_delivered), (1, 1));
    assert_balanced(&m);
    // Closing again waits for nothing.
    assert_eq!(p.close().await.records_refused, 3);
}

#[tokio::test(start_paused = true)]
async fn dropping_the_producer_still_delivers_what_was_submitted() {
    let transport = all_ok();
    let p = producer(
        &transport,
        ProducerConfig::new().with_linger(Duration::from_secs(3600)),
    );
    let receipts: Vec<Receipt> = (0..600).map(|i| p.try_submit(record(i)).unwrap()).collect();
    drop(p);
    let start = Instant::now();
    for outcome in futures_all(receipts).await {
        outcome.unwrap();
    }
    assert!(
        start.elapsed() < Duration::from_secs(1),
        "waited for the linger time"
    );
    assert_eq!(transport.sizes(), [500, 100]);
}

#[test]
fn a_runtime_shutting_down_abandons_records_with_their_data() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap();
    let gate = Arc::new(Semaphore::new(0)); // calls never answer
    let mut transport = all_ok();
    transport.gate = Some(gate);
    let (p, receipts) = runtime.block_on(async {
        let config = ProducerConfig::new()
            .with_max_batch_records(2)
            .with_max_in_flight(1)
            .with_linger(Duration::ZERO);
        let p = producer(&transport, config);
        let receipts: Vec<Receipt> = (0..5).map(|i| p.try_submit(record(i)).unwrap()).collect();
        tokio::time::sleep(Duration::from_millis(10)).await;
        (p, receipts)
    });
    assert_eq!(transport.sizes(), [2], "one call under way");
    drop(runtime);

    let other = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    other.block_on(async {
        for (i, outcome) in futures_all(receipts).await.into_iter().enumerate() {
            let e = outcome.unwrap_err();
            assert_eq!(e.kind(), FailureKind::Abandoned, "{i}");
            let in_flight = i < 2;
            assert_eq!(e.attempts(), u32::from(in_flight), "{i}");
            assert_eq!(e.maybe_delivered(), in_flight, "{i}");
            assert_eq!(e.into_data(), record(i));
        }
        assert_eq!(
            p.try_submit(record(9)).unwrap_err().kind(),
            SubmitErrorKind::Closed
        );
        // Nothing is left to wait for.
        let m = p.close().await;
        assert_eq!((m.records_failed, m.buffered_records), (5, 0));
    });
}

#[tokio::test(start_paused = true)]
async fn dropped_receipts_do_not_stop_delivery_or_counting() {
    let transport =
        Scripted::new(|call, records| answer(call, records, |i| call == 0 && i % 2 == 0));
    let p = producer(&transport, fast_retries(3));
    for i in 0..10 {
        drop(p.submit(record(i)).await.unwrap());
    }
    let m = p.close().await;
    assert_eq!((m.records_delivered, m.records_retried), (10, 5));
    assert_balanced(&m);
}

#[tokio::test]
async fn settings_out_of_range_are_typed_errors() {
    let backwards = RetryPolicy::new()
        .with_initial_backoff(Duration::from_secs(2))
        .with_max_backoff(Duration::from_secs(1));
    let c = ProducerConfig::new;
    for (config, setting) in [
        (c().with_max_batch_records(0), "max_batch_records"),
        (c().with_max_batch_records(501), "max_batch_records"),
        (c().with_max_batch_bytes(0), "max_batch_bytes"),
        (
            c().with_max_batch_bytes(MAX_BATCH_BYTES + 1),
            "max_batch_bytes",
        ),
        (c().with_max_in_flight(0), "max_in_flight"),
        (c().with_max_buffered_records(0), "max_buffered_records"),
        (
            c().with_max_buffered_bytes(MAX_RECORD_BYTES - 1),
            "max_buffered_bytes",
        ),
        (
            c().with_retry(RetryPolicy::new().with_max_attempts(0)),
            "retry.max_attempts",
        ),
        (c().with_retry(backwards), "retry.initial_backoff"),
    ] {
        match Producer::with_config(client(all_ok()), "stream", config) {
            Err(ConfigError::Invalid { setting: got, .. }) => assert_eq!(got, setting),
            other => panic!("{setting}: {other:?}"),
        }
    }
    let e = Producer::with_config(
        client(all_ok()),
        "stream",
        ProducerConfig::new().with_max_batch_records(501),
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "producer setting max_batch_records = 501 is invalid: allowed is 1 to 500"
    );
}

#[test]
fn a_producer_needs_a_runtime() {
    let e = Producer::new(client(all_ok()), "stream").unwrap_err();
    assert_eq!(e, ConfigError::NoRuntime);
}

#[test]
fn backoff_stays_within_its_doubling_ceiling() {
    let policy = RetryPolicy::new()
        .with_initial_backoff(Duration::from_millis(100))
        .with_max_backoff(Duration::from_secs(1));
    for (attempt, ceiling) in [
        (1, 100),
        (2, 200),
        (3, 400),
        (4, 800),
        (5, 1000),
        (40, 1000),
    ] {
        let waits: Vec<Duration> = (0..200).map(|_| policy.backoff(attempt)).collect();
        let max = waits.iter().max().unwrap();
        assert!(
            *max <= Duration::from_millis(ceiling),
            "attempt {attempt}: {max:?}"
        );
        // Full jitter: spread over the range, not pinned to its top.
        assert!(
            *waits.iter().min().unwrap() < Duration::from_millis(ceiling / 2),
            "attempt {attempt}"
        );
    }
}

#[tokio::test(start_paused = true)]
async fn a_record_whose_answer_was_ever_lost_may_have_been_delivered_whatever_came_last() {
    // First call: `first`; second: the entry fails; then a final error.
    async fn last_error(first: TransportErrorKind) -> DeliveryError {
        let transport = Scripted::new(move |call, records| match call {
            0 => Reply::Transport(first),
            1 => answer(call, records, |_| true),
            _ => Reply::Http(
                400,
                r#"{"__type":"InvalidArgumentException","message":"no"}"#.into(),
            ),
        });
        let p = producer(&transport, fast_retries(5));
        let receipt = p.try_submit(record(0)).unwrap();
        p.flush().await;
        receipt.await.unwrap_err()
    }
    let e = last_error(TransportErrorKind::Io).await;
    assert_eq!(
        (e.kind(), e.code(), e.attempts()),
        (FailureKind::CallFailed, Some("InvalidArgumentException"), 3)
    );
    assert!(e.maybe_delivered(), "the first answer was lost");
    // Every answer received and none stored it: not delivered, for certain.
    let e = last_error(TransportErrorKind::Connect).await;
    assert!(!e.maybe_delivered());
}

#[tokio::test(start_paused = true)]
async fn the_clients_retries_do_not_multiply_the_producers_attempts() {
    // The first call fails after the service may have stored the record, the second for
    // good. Had the client retried inside one producer call, the producer would see only
    // the final 400 and report the record surely not delivered.
    for retry in [
        RetryConfig::standard().with_max_attempts(5),
        RetryConfig::adaptive().with_max_attempts(5),
    ] {
        let transport = Scripted::new(|call, _| match call {
            0 => Reply::Http(500, r#"{"__type":"InternalFailure"}"#.into()),
            _ => Reply::Http(
                400,
                r#"{"__type":"InvalidArgumentException","message":"no"}"#.into(),
            ),
        });
        let client = client_with(transport.clone(), retry.clone());
        let p = Producer::with_config(client, "stream", fast_retries(4)).expect("valid config");
        let receipt = p.try_submit(record(0)).unwrap();
        p.flush().await;
        let e = receipt.await.unwrap_err();
        assert_eq!(transport.calls().len(), 2, "{retry:?}");
        assert_eq!(e.attempts(), 2, "{retry:?}");
        assert_eq!(e.code(), Some("InvalidArgumentException"));
        assert!(e.maybe_delivered(), "the 500 may have come after storing");

        // A failure that stays: as many requests as the producer's policy allows, not
        // that times the client's attempts.
        let transport = Scripted::new(|_, _| Reply::Http(503, String::new()));
        let client = client_with(transport.clone(), retry.clone());
        let p = Producer::with_config(client, "stream", fast_retries(3)).expect("valid config");
        let e = p.submit(record(0)).await.unwrap().await.unwrap_err();
        assert_eq!((transport.calls().len(), e.attempts()), (3, 3), "{retry:?}");
        p.close().await;
    }
}

#[test]
fn handles_and_futures_can_move_between_threads() {
    fn send_sync<T: Send + Sync>() {}
    fn send<T: Send>(_: &T) {}
    send_sync::<Producer>();
    send_sync::<DeliveryError>();
    send_sync::<SubmitError>();
    send_sync::<Metrics>();
    fn receipt_is_send_and_unpin<T: Send + Unpin + Future<Output = Outcome>>() {}
    receipt_is_send_and_unpin::<Receipt>();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap();
    runtime.block_on(async {
        let p = producer(&all_ok(), ProducerConfig::new());
        let submit = p.submit(record(0));
        send(&submit);
        let close = p.close();
        send(&close);
        let flush = p.flush();
        send(&flush);
    });
}
