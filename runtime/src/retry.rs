//! Whether an error is worth retrying, as the AWS SDKs decide it.
//!
//! The rules and lists are those of the AWS SDK for Rust (`aws-runtime` 1.10
//! `retries::classifiers`, `aws-smithy-runtime` 1.16 `HttpStatusCodeClassifier`), which
//! follow the SDKs' shared "standard" retry behavior. Classifiers run in this order, a later
//! verdict replacing an earlier one:
//!
//! 1. the HTTP status: 500, 502, 503 and 504 are [`ErrorKind::TransientError`];
//! 2. the error code: [`THROTTLING_ERRORS`] are [`ErrorKind::ThrottlingError`],
//!    [`TRANSIENT_ERRORS`] are [`ErrorKind::TransientError`];
//! 3. the Smithy `@retryable` trait of a modeled error: `ThrottlingError` with
//!    `throttling: true`, otherwise `ServerError` or `ClientError` after the error's fault.
//!
//! An error that none of them claims is not retried.

pub use aws_smithy_types::retry::ErrorKind;

use crate::{ProvideErrorMetadata, UnhandledError};

/// Error codes the SDKs treat as throttling (`aws_runtime::retries::classifiers::THROTTLING_ERRORS`).
pub const THROTTLING_ERRORS: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];

/// Error codes the SDKs treat as transient (`aws_runtime::retries::classifiers::TRANSIENT_ERRORS`).
pub const TRANSIENT_ERRORS: &[&str] = &["RequestTimeout", "RequestTimeoutException"];

/// HTTP statuses the SDKs treat as transient, whatever the body says
/// (`aws_smithy_runtime::client::retries::classifiers::HttpStatusCodeClassifier`).
pub const TRANSIENT_STATUS_CODES: &[u16] = &[500, 502, 503, 504];

/// The retry classification of an error response with HTTP `status`, error `code`, and the
/// kind its model gives it with `@retryable` (`modeled`). `None`: not retryable.
pub fn classify(status: u16, code: Option<&str>, modeled: Option<ErrorKind>) -> Option<ErrorKind> {
    let by_code = code.and_then(|code| {
        if THROTTLING_ERRORS.contains(&code) {
            Some(ErrorKind::ThrottlingError)
        } else if TRANSIENT_ERRORS.contains(&code) {
            Some(ErrorKind::TransientError)
        } else {
            None
        }
    });
    let by_status = TRANSIENT_STATUS_CODES
        .contains(&status)
        .then_some(ErrorKind::TransientError);
    modeled.or(by_code).or(by_status)
}

/// An error that knows whether retrying the call could succeed. Generated error enums, the
/// client's `Error` and [`UnhandledError`] implement it.
pub trait ProvideRetryKind {
    /// How this error is retried (`ThrottlingError`, `TransientError`, `ServerError`,
    /// `ClientError`), or `None` if retrying won't help.
    fn retry_kind(&self) -> Option<ErrorKind>;

    /// How this error is retried when its response came with HTTP `status`. A modeled error's
    /// [`retry_kind`](Self::retry_kind) assumes the status its model gives it; the SDKs go by
    /// the status the response had, and so does the client's retry loop, through this. An
    /// error that keeps its response's status ([`UnhandledError`]) answers as `retry_kind`.
    fn retry_kind_at(&self, status: u16) -> Option<ErrorKind> {
        let _ = status;
        self.retry_kind()
    }

    /// Whether a retry could succeed.
    fn is_retryable(&self) -> bool {
        self.retry_kind().is_some()
    }

    /// Whether the service asked the caller to slow down.
    fn is_throttling(&self) -> bool {
        self.retry_kind() == Some(ErrorKind::ThrottlingError)
    }
}

impl ProvideRetryKind for UnhandledError {
    fn retry_kind(&self) -> Option<ErrorKind> {
        classify(self.status(), self.code(), None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorMetadata;

    #[test]
    fn later_classifiers_win() {
        use ErrorKind::*;
        // Status alone.
        for status in [500, 502, 503, 504] {
            assert_eq!(
                classify(status, None, None),
                Some(TransientError),
                "{status}"
            );
        }
        for status in [400, 403, 404, 429, 501, 505] {
            assert_eq!(classify(status, None, None), None, "{status}");
        }
        // The code overrides the status: a 503 with a throttling code is throttling.
        assert_eq!(
            classify(503, Some("ThrottlingException"), None),
            Some(ThrottlingError)
        );
        assert_eq!(
            classify(400, Some("LimitExceededException"), None),
            Some(ThrottlingError)
        );
        assert_eq!(
            classify(400, Some("RequestTimeout"), None),
            Some(TransientError)
        );
        // An unknown code leaves the status's verdict.
        assert_eq!(
            classify(500, Some("InternalFailure"), None),
            Some(TransientError)
        );
        assert_eq!(classify(400, Some("ValidationException"), None), None);
        // `@retryable` overrides both.
        assert_eq!(
            classify(400, Some("ThrottlingException"), Some(ClientError)),
            Some(ClientError)
        );
        assert_eq!(
            classify(400, Some("X"), Some(ThrottlingError)),
            Some(ThrottlingError)
        );
    }

    #[test]
    fn every_listed_code_is_classified() {
        for code in THROTTLING_ERRORS {
            assert_eq!(
                classify(400, Some(code), None),
                Some(ErrorKind::ThrottlingError),
                "{code}"
            );
        }
        for code in TRANSIENT_ERRORS {
            assert_eq!(
                classify(400, Some(code), None),
                Some(ErrorKind::TransientError),
                "{code}"
            );
        }
        // Codes are compared exactly, as the SDKs do.
        assert_eq!(classify(400, Some("throttling"), None), None);
    }

    #[test]
    fn unhandled_errors_use_their_status_and_code() {
        let throttled = UnhandledError::new(ErrorMetadata::builder().code("SlowDown").build(), 400);
        assert!(throttled.is_throttling() && throttled.is_retryable());
        let unavailable = UnhandledError::new(ErrorMetadata::default(), 503);
        assert_eq!(unavailable.retry_kind(), Some(ErrorKind::TransientError));
        assert!(!unavailable.is_throttling());
        let denied =
            UnhandledError::new(ErrorMetadata::builder().code("AccessDenied").build(), 403);
        assert!(!denied.is_retryable());
    }
}
