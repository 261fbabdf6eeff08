use std::time::Duration;

use firehose::Operation;
use firehose::client::{Error, TimeoutKind, TransportError, TransportErrorKind};
use firehose::operation::put_record_batch::{PutRecordBatch, PutRecordBatchOutput};
use firehose::types::PutRecordBatchResponseEntry;

use super::*;

/// The client's error for an answer with `status` and `body`, as the generated parser makes
/// it.
fn service_error(status: u16, headers: &[(&str, &str)], body: &str) -> Error<PutRecordBatchError> {
    let response = firehose::response_from_parts(status, headers.iter().copied(), body.to_owned())
        .expect("valid response");
    match PutRecordBatch::parse_response(&response) {
        Ok(output) => panic!("{status} {body} parsed as {output:?}"),
        Err(e) => Error::Service(e),
    }
}

fn error_body(code: &str) -> String {
    format!(r#"{{"__type":"{code}","message":"says {code}"}}"#)
}

#[test]
fn transport_errors_and_timeouts_are_retried_and_may_have_been_delivered_unless_never_connected() {
    let io = classify(&Error::Transport(TransportError::new(
        TransportErrorKind::Io,
        "reset",
    )));
    assert!(io.retryable);
    assert!(io.failure.maybe_delivered);
    assert_eq!(io.failure.kind, FailureKind::CallFailed);
    assert_eq!(io.failure.code, None);
    assert_eq!(io.failure.message, "reset");

    let connect = classify(&Error::Transport(TransportError::new(
        TransportErrorKind::Connect,
        "refused",
    )));
    assert!(connect.retryable);
    assert!(
        !connect.failure.maybe_delivered,
        "no connection, nothing sent"
    );

    let timeout = classify(&Error::Timeout {
        after: Duration::from_secs(3),
        kind: TimeoutKind::Attempt,
    });
    assert!(timeout.retryable);
    assert!(timeout.failure.maybe_delivered);
    assert_eq!(
        timeout.failure.message,
        "no complete response within 3s (attempt timeout)"
    );
}

#[test]
fn whether_to_retry_is_the_clients_answer_except_for_unknown_answers_and_operation_timeouts() {
    let transport = |kind| Error::Transport(TransportError::new(kind, "scripted"));
    let errors = [
        transport(TransportErrorKind::Connect),
        transport(TransportErrorKind::Io),
        transport(TransportErrorKind::Tls),
        transport(TransportErrorKind::InvalidResponse),
        transport(TransportErrorKind::ResponseTooLarge),
        transport(TransportErrorKind::Setup),
        Error::Timeout {
            after: Duration::from_secs(30),
            kind: TimeoutKind::Attempt,
        },
        service_error(503, &[], ""),
        service_error(429, &[], ""),
        service_error(429, &[], &error_body("TooManyRequestsException")),
        service_error(400, &[], &error_body("SlowDown")),
        service_error(400, &[], &error_body("RequestTimeoutException")),
        service_error(500, &[], &error_body("InternalFailure")),
        service_error(501, &[], &error_body("NotImplemented")),
        service_error(400, &[], &error_body("ResourceNotFoundException")),
        service_error(400, &[], &error_body("ServiceUnavailableException")),
    ];
    for error in &errors {
        let verdict = classify(error);
        assert_eq!(verdict.retryable, error.is_retryable(), "{error:?}");
        if error.is_throttling() {
            assert!(!verdict.failure.maybe_delivered, "{error:?}");
        }
    }
    // What the client won't retry: TLS refused the server (never reached), a reply that is
    // not HTTP or too large (reached, so maybe stored), a 429 without a throttling code.
    for (kind, maybe_delivered) in [
        (TransportErrorKind::Tls, false),
        (TransportErrorKind::InvalidResponse, true),
        (TransportErrorKind::ResponseTooLarge, true),
    ] {
        let verdict = classify(&transport(kind));
        assert!(!verdict.retryable, "{kind:?}");
        assert_eq!(verdict.failure.maybe_delivered, maybe_delivered, "{kind:?}");
    }
    assert!(!classify(&service_error(429, &[], "")).retryable);

    // The two exceptions: the client doesn't retry past its operation timeout, but the
    // records get a new call with a new budget; an unreadable 2xx is an unknown answer.
    let operation = Error::Timeout {
        after: Duration::from_secs(60),
        kind: TimeoutKind::Operation,
    };
    assert!(!operation.is_retryable());
    let verdict = classify(&operation);
    assert!(verdict.retryable && verdict.failure.maybe_delivered);
    let garbage = service_error(200, &[], "not json");
    assert!(!garbage.is_retryable());
    assert_eq!(
        classify(&garbage).failure.kind,
        FailureKind::UnknownResponse
    );
}

#[test]
fn throttling_unavailable_and_transient_server_errors_are_retried() {
    for (status, code, maybe_delivered) in [
        (400, "ServiceUnavailableException", false),
        (503, "ServiceUnavailableException", false),
        (400, "ThrottlingException", false),
        (400, "LimitExceededException", false),
        (429, "TooManyRequestsException", false),
        (500, "InternalFailure", true),
        (502, "SomethingNew", true),
        (504, "SomethingNew", true),
        (400, "RequestTimeout", true),
    ] {
        let verdict = classify(&service_error(status, &[], &error_body(code)));
        assert!(verdict.retryable, "{status} {code}");
        assert_eq!(verdict.failure.code.as_deref(), Some(code), "{status}");
        assert_eq!(verdict.failure.kind, FailureKind::CallFailed);
        assert_eq!(
            verdict.failure.maybe_delivered, maybe_delivered,
            "{status} {code}"
        );
        assert!(
            verdict.failure.message.contains(code),
            "{}",
            verdict.failure.message
        );
    }
    // A 503 without a body (a load balancer's) is retried too.
    let bare = classify(&service_error(503, &[], ""));
    assert!(bare.retryable);
    assert_eq!(bare.failure.code, None);
}

#[test]
fn errors_retrying_cannot_fix_are_final() {
    for (status, code) in [
        (400, "ResourceNotFoundException"),
        (400, "InvalidArgumentException"),
        (400, "InvalidKMSResourceException"),
        (400, "InvalidSourceException"),
        (400, "AccessDeniedException"),
        (403, "UnrecognizedClientException"),
        (413, "RequestEntityTooLarge"),
    ] {
        let verdict = classify(&service_error(status, &[], &error_body(code)));
        assert!(!verdict.retryable, "{status} {code}");
        assert!(!verdict.failure.maybe_delivered, "{status} {code}");
        assert_eq!(verdict.failure.code.as_deref(), Some(code));
    }
    let build = classify(&Error::Build(firehose::BuildError::MissingMember {
        shape: "PutRecordBatchInput",
        member: "Records",
    }));
    assert!(!build.retryable);
    assert!(!build.failure.maybe_delivered);
}

#[test]
fn an_unreadable_success_is_an_unknown_answer_and_retried() {
    for body in [
        "not json",
        r#"{"FailedPutCount": 0, "RequestResponses": ["#,
        "[]",
    ] {
        let verdict = classify(&service_error(200, &[], body));
        assert!(verdict.retryable, "{body}");
        assert_eq!(verdict.failure.kind, FailureKind::UnknownResponse, "{body}");
        assert!(verdict.failure.maybe_delivered);
    }
    // Unreadable error answers are judged by their status.
    assert!(classify(&service_error(500, &[], "<html>")).retryable);
    assert!(!classify(&service_error(400, &[], "<html>")).retryable);
}

fn ok(id: &str) -> PutRecordBatchResponseEntry {
    PutRecordBatchResponseEntry::new().with_record_id(id)
}

fn err(code: &str) -> PutRecordBatchResponseEntry {
    PutRecordBatchResponseEntry::new()
        .with_error_code(code)
        .with_error_message(format!("{code} happened"))
}

#[test]
fn a_consistent_answer_is_read_entry_by_entry() {
    let output = PutRecordBatchOutput::new(1, vec![ok("a"), err("InternalFailure"), ok("c")]);
    let entries = read_entries(3, output).expect("consistent");
    assert_eq!(entries.len(), 3);
    assert_eq!(entries[0], Entry::Delivered("a".into()));
    assert_eq!(
        entries[1],
        Entry::Failed(Failure {
            kind: FailureKind::Rejected,
            code: Some("InternalFailure".into()),
            message: "InternalFailure happened".into(),
            maybe_delivered: false,
        })
    );
    assert_eq!(entries[2], Entry::Delivered("c".into()));
}

#[test]
fn an_answer_without_failed_put_count_is_trusted_when_its_entries_agree() {
    // A missing FailedPutCount reads as 0, which two stored entries agree with.
    let entries = read_entries(2, PutRecordBatchOutput::new(0, vec![ok("a"), ok("b")]))
        .unwrap_or_else(|reason| panic!("not trusted: {reason}"));
    assert_eq!(
        entries,
        vec![Entry::Delivered("a".into()), Entry::Delivered("b".into())]
    );
}

#[test]
fn answers_that_disagree_with_the_request_or_themselves_are_not_trusted() {
    let cases: Vec<(&str, PutRecordBatchOutput, &str)> = vec![
        (
            // `{}` reads as zero values (client error correction): no entries at all.
            "empty",
            PutRecordBatchOutput::new(0, vec![]),
            "0 entries for 2 records",
        ),
        (
            "fewer entries",
            PutRecordBatchOutput::new(0, vec![ok("a")]),
            "1 entries for 2 records",
        ),
        (
            "more entries",
            PutRecordBatchOutput::new(0, vec![ok("a"), ok("b"), ok("c")]),
            "3 entries for 2 records",
        ),
        (
            "count too low",
            PutRecordBatchOutput::new(0, vec![ok("a"), err("InternalFailure")]),
            "FailedPutCount is 0 but 1 entries",
        ),
        (
            "count too high",
            PutRecordBatchOutput::new(2, vec![ok("a"), err("InternalFailure")]),
            "FailedPutCount is 2 but 1",
        ),
        (
            "negative count",
            PutRecordBatchOutput::new(-1, vec![ok("a"), ok("b")]),
            "FailedPutCount is -1",
        ),
        (
            "both",
            PutRecordBatchOutput::new(1, vec![ok("a"), ok("b").with_error_code("InternalFailure")]),
            "entry 1 has RecordId Some(\"b\") and ErrorCode Some(\"InternalFailure\")",
        ),
        (
            "neither",
            PutRecordBatchOutput::new(0, vec![ok("a"), PutRecordBatchResponseEntry::new()]),
            "entry 1 has RecordId None and ErrorCode None",
        ),
        (
            "empty id",
            PutRecordBatchOutput::new(0, vec![ok(""), ok("b")]),
            "entry 0 has RecordId Some(\"\")",
        ),
        (
            "empty code",
            PutRecordBatchOutput::new(1, vec![ok("a"), err("")]),
            "entry 1 has RecordId None and ErrorCode Some(\"\")",
        ),
    ];
    for (name, output, expected) in cases {
        match read_entries(2, output) {
            Ok(entries) => panic!("{name}: trusted as {entries:?}"),
            Err(reason) => assert!(reason.contains(expected), "{name}: {reason}"),
        }
    }
}
