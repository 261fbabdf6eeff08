//! No credential reaches a `tracing` subscriber while requests are signed: aws-sigv4 traces
//! the request, its signing parameters (the access key id) and the canonical request (the
//! session token among the signed headers) at TRACE level, and `smithy_rt::sigv4::sign`
//! runs it with no subscriber. The subscriber here takes everything, at every level, from
//! every crate.

use std::fmt::Write as _;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use firehose::client::{Config, Credentials, InMemoryTransport};
use firehose::operation::list_delivery_streams::ListDeliveryStreamsInput;
use firehose::{HttpRequest, Operation};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

const ACCESS_KEY_ID: &str = "AKIDTRACECANARY7";
const SECRET: &str = "secret-trace-canary-wJalrXUtnFEMI";
const SESSION_TOKEN: &str = "session-trace-canary-IQoJb3JpZ2lu";

/// Every span and event as a line: `target name field=value ...`.
#[derive(Clone, Default)]
struct Everything(Arc<Mutex<Vec<String>>>);

struct Line(String);

impl Visit for Line {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, " {}={value:?}", field.name());
    }
}

impl Everything {
    fn push(&self, metadata: &Metadata<'_>, record: impl FnOnce(&mut Line)) {
        let mut line = Line(format!("{} {}", metadata.target(), metadata.name()));
        record(&mut line);
        self.0.lock().unwrap().push(line.0);
    }

    fn lines(&self) -> Vec<String> {
        self.0.lock().unwrap().clone()
    }
}

impl Subscriber for Everything {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        self.push(span.metadata(), |line| span.record(line));
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, values: &Record<'_>) {
        let mut line = Line("record".to_owned());
        values.record(&mut line);
        self.0.lock().unwrap().push(line.0);
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        self.push(event.metadata(), |line| event.record(line));
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

fn credentials() -> Credentials {
    Credentials::new(ACCESS_KEY_ID, SECRET, Some(SESSION_TOKEN.to_owned()))
}

#[test]
fn signing_traces_no_credentials() {
    let everything = Everything::default();
    let signed: Arc<Mutex<Vec<String>>> = Arc::default();
    let transport = InMemoryTransport::new({
        let signed = Arc::clone(&signed);
        move |request: &HttpRequest| {
            let authorization = request.headers().get("authorization").unwrap_or_default();
            signed.lock().unwrap().push(authorization.to_owned());
            firehose::response_from_parts(
                200,
                [("x-amzn-requestid", "rid-1")],
                r#"{"DeliveryStreamNames":[],"HasMoreDeliveryStreams":false}"#,
            )
            .unwrap()
        }
    });
    let client = firehose::Client::with_transport(
        Config::new("us-east-1")
            .with_endpoint("http://firehose.test")
            .with_credentials(credentials()),
        transport,
    );
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap();
    tracing::subscriber::with_default(everything.clone(), || {
        runtime.block_on(async {
            client
                .list_delivery_streams(&ListDeliveryStreamsInput::new())
                .await
                .unwrap();
        });
        // The generated crate's own signing function, outside any client.
        let mut request =
            firehose::operation::list_delivery_streams::ListDeliveryStreams::build_request(
                &ListDeliveryStreamsInput::new(),
                "https://firehose.us-east-1.amazonaws.com",
            )
            .unwrap();
        let sigv4 = aws_credential_types::Credentials::new(
            ACCESS_KEY_ID,
            SECRET,
            Some(SESSION_TOKEN.to_owned()),
            None,
            "test",
        );
        firehose::sigv4::sign(
            &mut request,
            &sigv4,
            "us-east-1",
            firehose::SIGNING_NAME,
            SystemTime::now(),
        )
        .unwrap();
        assert!(request.headers().get("authorization").is_some());
    });

    // The requests were signed with these credentials...
    let signed = signed.lock().unwrap().clone();
    assert_eq!(signed.len(), 1);
    assert!(signed[0].contains(ACCESS_KEY_ID), "{signed:?}");
    // ...and the subscriber was listening: the client's own span and events reached it.
    let lines = everything.lines();
    assert!(
        lines.iter().any(|l| l.starts_with("smithy_client")),
        "{lines:#?}"
    );
    for line in &lines {
        for secret in [ACCESS_KEY_ID, SECRET, SESSION_TOKEN] {
            assert!(!line.contains(secret), "{secret} traced: {line}");
        }
        assert!(!line.contains("Signature="), "signature traced: {line}");
    }
}
