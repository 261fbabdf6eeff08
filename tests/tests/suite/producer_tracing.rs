//! `firehose-producer` with its `tracing` feature (this crate turns it on): the events a
//! producer emits for calls, answers, retries and records given up on, and that record data
//! never appears in them.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use firehose::client::{Config, Credentials, InMemoryTransport};
use firehose::{HttpRequest, HttpResponse};
use firehose_producer::{FailureKind, Producer, ProducerConfig, RetryPolicy};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// One event: level, target, and its fields as `name=value` (the message as `message=...`).
#[derive(Debug, Clone)]
struct Seen {
    level: tracing::Level,
    target: String,
    fields: Vec<String>,
}

impl Seen {
    fn message(&self) -> &str {
        self.fields
            .iter()
            .find_map(|f| f.strip_prefix("message="))
            .unwrap_or_default()
    }

    fn has(&self, field: &str) -> bool {
        self.fields.iter().any(|f| f == field)
    }
}

#[derive(Clone, Default)]
struct Collect(Arc<Mutex<Vec<Seen>>>);

struct Fields<'a>(&'a mut Vec<String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.push(format!("{}={value:?}", field.name()));
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.push(format!("{}={value}", field.name()));
    }
}

impl Subscriber for Collect {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut fields = Vec::new();
        event.record(&mut Fields(&mut fields));
        self.0.lock().unwrap().push(Seen {
            level: *event.metadata().level(),
            target: event.metadata().target().to_owned(),
            fields,
        });
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

const PAYLOAD: &str = "PAYLOAD-THAT-MUST-NOT-BE-LOGGED";

/// Call 0: the first entry fails; later calls: every entry fails, so record 0 is given up on.
fn respond(calls: &Mutex<usize>, _: &HttpRequest) -> HttpResponse {
    let mut n = calls.lock().unwrap();
    *n += 1;
    let body = if *n == 1 {
        r#"{"FailedPutCount":1,"RequestResponses":[{"ErrorCode":"InternalFailure","ErrorMessage":"try again"},{"RecordId":"id-1"}]}"#
    } else {
        r#"{"FailedPutCount":1,"RequestResponses":[{"ErrorCode":"InternalFailure","ErrorMessage":"try again"}]}"#
    };
    firehose::response_from_parts(200, [], body).unwrap()
}

#[test]
fn a_producer_emits_events_for_calls_answers_and_failures_without_record_data() {
    let collect = Collect::default();
    let calls = Arc::new(Mutex::new(0));
    let transport = InMemoryTransport::new({
        let calls = Arc::clone(&calls);
        move |request: &HttpRequest| respond(&calls, request)
    });
    let client = firehose::Client::with_transport(
        Config::new("us-east-1")
            .with_endpoint("http://firehose.test")
            .with_credentials(Credentials::new("AKID", "secret", None)),
        transport,
    );
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap();
    tracing::subscriber::with_default(collect.clone(), || {
        runtime.block_on(async {
            let retry = RetryPolicy::new()
                .with_max_attempts(2)
                .with_initial_backoff(Duration::from_millis(1));
            let p =
                Producer::with_config(client, "stream", ProducerConfig::new().with_retry(retry))
                    .unwrap();
            let first = p.submit(PAYLOAD).await.unwrap();
            let second = p.submit(PAYLOAD).await.unwrap();
            p.close().await;
            let e = first.await.unwrap_err();
            assert_eq!(e.kind(), FailureKind::Rejected);
            assert_eq!(second.await.unwrap().record_id(), "id-1");
        });
    });

    let all = collect.0.lock().unwrap().clone();
    // Record data appears in no event, the client's (aws-sigv4's) included.
    for event in &all {
        assert!(
            event.fields.iter().all(|f| !f.contains(PAYLOAD)),
            "record data in {event:?}"
        );
    }
    let events: Vec<Seen> = all
        .into_iter()
        .filter(|e| e.target == "firehose_producer")
        .collect();
    let find = |message: &str| -> Vec<Seen> {
        events
            .iter()
            .filter(|e| e.message() == message)
            .cloned()
            .collect()
    };
    let sent = find("sending PutRecordBatch");
    assert_eq!(sent.len(), 2, "{events:#?}");
    assert!(
        sent[0].has("records=2") && sent[0].has("attempt=1"),
        "{sent:?}"
    );
    assert!(
        sent[1].has("records=1") && sent[1].has("attempt=2"),
        "{sent:?}"
    );
    assert!(sent.iter().all(|e| e.level == tracing::Level::DEBUG));
    let answered = find("PutRecordBatch answered");
    assert!(
        answered[0].has("delivered=1") && answered[0].has("failed=1"),
        "{answered:?}"
    );
    let given_up = find("records not delivered");
    assert_eq!(given_up.len(), 1, "{events:#?}");
    assert_eq!(given_up[0].level, tracing::Level::WARN);
    assert!(given_up[0].has("records=1"), "{given_up:?}");
    assert!(
        given_up[0]
            .fields
            .iter()
            .any(|f| f.contains("InternalFailure: try again")),
        "{given_up:?}"
    );
    let stopped = find("producer worker stopped");
    assert!(
        stopped.len() == 1 && stopped[0].has("stream=stream"),
        "{events:#?}"
    );
}
