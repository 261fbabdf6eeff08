//! Feature `tracing`: a span per call, events per attempt and retry decision, no secrets.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

use super::*;

/// Everything spans and events recorded, as text: `name{field=value ...}` per line.
#[derive(Clone, Default)]
struct Capture {
    lines: Arc<Mutex<Vec<String>>>,
    next_id: Arc<AtomicU64>,
}

struct Fields(String);

impl Visit for Fields {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, " {}={value:?}", field.name());
    }
}

impl Subscriber for Capture {
    // Ours only: what these tests check is the client's own events (nothing of aws-sigv4's
    // gets through anyway; tests/tests/suite/signing_traces.rs).
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        metadata.target().starts_with("smithy_client")
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut fields = Fields(format!("span {}:", span.metadata().name()));
        span.record(&mut fields);
        self.lines.lock().unwrap().push(fields.0);
        Id::from_u64(self.next_id.fetch_add(1, Ordering::Relaxed) + 1)
    }

    fn record(&self, _: &Id, values: &Record<'_>) {
        let mut fields = Fields("record:".to_owned());
        values.record(&mut fields);
        self.lines.lock().unwrap().push(fields.0);
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut fields = Fields("event:".to_owned());
        event.record(&mut fields);
        self.lines.lock().unwrap().push(fields.0);
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

#[tokio::test(start_paused = true)]
async fn calls_and_attempts_are_traced_without_secrets() {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let secret_message = r#"{"__type":"InternalFailure","message":"value pw-hunter2 rejected"}"#;
    let script = Scripted::new([
        Step::Respond(503, vec![("x-amzn-requestid", "rid-1")], secret_message),
        Step::Fail(TransportErrorKind::Io),
        Step::Respond(200, vec![("x-amzn-requestid", "rid-3")], "{}"),
    ]);
    let client = ServiceClient::new(config(), script, SERVICE);
    client
        .call::<Echo>(&"body-hunter2".to_owned())
        .await
        .unwrap();
    // A call that fails for good says why it stopped.
    let denied = Scripted::new([Step::Respond(
        400,
        Vec::new(),
        r#"{"__type":"AccessDenied"}"#,
    )]);
    let client = ServiceClient::new(config(), denied, SERVICE);
    client.call::<Echo>(&"x".to_owned()).await.unwrap_err();

    let lines = capture.lines.lock().unwrap().clone();
    let text = lines.join("\n");
    let expected = [
        r#"span smithy_client::call: service="example#Svc" operation="Echo""#,
        "attempt=1 status=503 request_id=\"rid-1\"",
        "error=service InternalFailure retry_kind=Some(TransientError)",
        "attempt=1 retry_kind=TransientError delay_ms=",
        "attempt=2 latency_ms=",
        "error=transport Io retry_kind=Some(TransientError)",
        "attempt=3 status=200 request_id=\"rid-3\" latency_ms=",
        "message=attempt succeeded",
        "message=not retrying attempt=1 reason=\"not retryable\"",
        "quota_left=",
    ];
    for line in expected {
        assert!(text.contains(line), "missing `{line}` in\n{text}");
    }
    // Nothing secret: no credentials, no body, no service message (it may quote input).
    for secret in [
        KEY_ID,
        SECRET,
        TOKEN,
        "hunter2",
        "authorization",
        "Signature",
    ] {
        assert!(!text.contains(secret), "{secret} in\n{text}");
    }
}
