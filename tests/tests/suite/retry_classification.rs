//! Generated error enums say whether a retry could succeed, by the AWS SDKs' rules: the
//! status (500/502/503/504), the code lists (throttling, transient), `@retryable`, and the
//! `retryable_errors` customization (STS's `IDPCommunicationError`); by the status the response
//! had when it differs from the model's.

use edge_cases::operation::do_thing::DoThing;
use edge_cases::operation::do_thing::DoThingError;
use firehose::operation::put_record_batch::PutRecordBatch;
use firehose::operation::put_record_batch::PutRecordBatchError;
use firehose::{Operation, response_from_parts};
use smithy_rt::ProvideRetryKind;
use smithy_rt::retry::ErrorKind;

fn firehose_error(status: u16, body: &str) -> PutRecordBatchError {
    let response =
        response_from_parts(status, [], body.to_owned()).unwrap_or_else(|e| panic!("{e}"));
    match PutRecordBatch::parse_response(&response) {
        Ok(output) => panic!("expected an error, got {output:?}"),
        Err(error) => error,
    }
}

fn edge_error(status: u16, code: &str) -> DoThingError {
    let body = format!(r#"{{"__type":"{code}","message":"m"}}"#);
    let response = response_from_parts(status, [], body).unwrap_or_else(|e| panic!("{e}"));
    match DoThing::parse_response(&response) {
        Ok(output) => panic!("expected an error, got {output:?}"),
        Err(error) => error,
    }
}

#[test]
fn firehose_errors_are_classified_as_the_sdks_classify_them() {
    let cases = [
        // Modeled, 503 by its model: transient by status.
        (
            503,
            "ServiceUnavailableException",
            Some(ErrorKind::TransientError),
        ),
        // Modeled client error whose code is on the SDKs' throttling list.
        (
            400,
            "LimitExceededException",
            Some(ErrorKind::ThrottlingError),
        ),
        (400, "ResourceNotFoundException", None),
        (400, "InvalidArgumentException", None),
        // Unmodeled codes: by list, then by the response's status.
        (400, "ThrottlingException", Some(ErrorKind::ThrottlingError)),
        (
            400,
            "RequestTimeoutException",
            Some(ErrorKind::TransientError),
        ),
        (500, "InternalFailure", Some(ErrorKind::TransientError)),
        (502, "", Some(ErrorKind::TransientError)),
        (504, "", Some(ErrorKind::TransientError)),
        (403, "AccessDeniedException", None),
        (501, "", None),
    ];
    for (status, code, expected) in cases {
        let body = if code.is_empty() {
            String::new()
        } else {
            format!(r#"{{"__type":"{code}"}}"#)
        };
        let error = firehose_error(status, &body);
        assert_eq!(error.retry_kind(), expected, "{status} {code}: {error:?}");
        assert_eq!(error.is_retryable(), expected.is_some(), "{status} {code}");
        assert_eq!(
            error.is_throttling(),
            expected == Some(ErrorKind::ThrottlingError),
            "{status} {code}"
        );
        // The service-wide enum agrees with the operation's.
        let service: firehose::error::Error = error.into();
        assert_eq!(ProvideRetryKind::retry_kind(&service), expected, "{code}");
    }
}

#[test]
fn a_modeled_error_at_another_status_is_classified_by_that_status() {
    // `retry_kind` assumes the model's status; `retry_kind_at` (what the client's retry loop
    // asks) takes the response's, as the SDKs do. The code lists apply at any status.
    let invalid = firehose_error(400, r#"{"__type":"InvalidArgumentException"}"#);
    assert_eq!(invalid.retry_kind(), None);
    assert_eq!(invalid.retry_kind_at(500), Some(ErrorKind::TransientError));
    let unavailable = firehose_error(503, r#"{"__type":"ServiceUnavailableException"}"#);
    assert_eq!(unavailable.retry_kind(), Some(ErrorKind::TransientError));
    assert_eq!(unavailable.retry_kind_at(400), None);
    let limit = firehose_error(400, r#"{"__type":"LimitExceededException"}"#);
    assert_eq!(limit.retry_kind_at(200), Some(ErrorKind::ThrottlingError));
    // The service-wide enum forwards it too.
    let service: firehose::error::Error = invalid.into();
    assert_eq!(service.retry_kind_at(502), Some(ErrorKind::TransientError));
    // `@retryable` decides before the status.
    let slow = edge_error(429, "SlowDownPlease");
    assert_eq!(slow.retry_kind_at(400), Some(ErrorKind::ThrottlingError));
}

#[test]
fn retryable_trait_sets_the_kind() {
    // `@retryable(throttling: true)` on a client error whose code is in no list.
    let slow = edge_error(429, "SlowDownPlease");
    assert!(matches!(slow, DoThingError::SlowDownPlease(_)), "{slow:?}");
    assert_eq!(slow.retry_kind(), Some(ErrorKind::ThrottlingError));
    // `@retryable` on a server error: a server error kind, not throttling.
    let again = edge_error(500, "TryAgainLater");
    assert!(matches!(again, DoThingError::TryAgainLater(_)), "{again:?}");
    assert_eq!(again.retry_kind(), Some(ErrorKind::ServerError));
    assert!(again.is_retryable() && !again.is_throttling());
    // A modeled client error without the trait is not retried.
    let plain = edge_error(400, "Unhandled");
    assert_eq!(plain.retry_kind(), None, "{plain:?}");
}

#[test]
fn sts_retries_idp_communication_errors_as_aws_sdk_sts_does() {
    use sts::operation::assume_role_with_web_identity::{
        AssumeRoleWithWebIdentity, AssumeRoleWithWebIdentityError,
    };
    let error = |code: &str| {
        let body = format!(
            "<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code><Message>m</Message>\
             </Error><RequestId>r</RequestId></ErrorResponse>"
        );
        let response = response_from_parts(400, [], body).unwrap_or_else(|e| panic!("{e}"));
        match AssumeRoleWithWebIdentity::parse_response(&response) {
            Ok(output) => panic!("expected an error, got {output:?}"),
            Err(error) => error,
        }
    };
    // aws-sdk-sts makes it a retryable server error (the model has no @retryable on it).
    let idp = error("IDPCommunicationError");
    assert!(
        matches!(
            idp,
            AssumeRoleWithWebIdentityError::IdpCommunicationErrorException(_)
        ),
        "{idp:?}"
    );
    assert_eq!(idp.retry_kind(), Some(ErrorKind::ServerError));
    // Its siblings are not retried.
    for code in [
        "InvalidIdentityToken",
        "IDPRejectedClaim",
        "ExpiredTokenException",
    ] {
        assert_eq!(error(code).retry_kind(), None, "{code}");
    }
}
