//! `tracing` spans and events of calls and attempts (crate feature `tracing`; without it
//! every function here is empty and compiles away).
//!
//! What is recorded: service and operation (span `smithy_client::call`), the attempt number,
//! HTTP status, request id, latency, the error's code or kind, and each retry decision. What
//! never is: credentials, headers, bodies, endpoints with their user information (refused
//! anyway), and error messages (a service's message may quote input values).

use std::time::Duration;

use smithy_rt::retry::ErrorKind;

use crate::Error;

/// The span around one call.
#[cfg(feature = "tracing")]
pub(crate) fn call_span(service: &'static str, operation: &'static str) -> tracing::Span {
    tracing::debug_span!("smithy_client::call", service, operation)
}

/// What an error is, in words that hold no secret: a code, a kind, a timeout.
#[cfg(feature = "tracing")]
fn describe<E: smithy_rt::ProvideErrorMetadata>(error: &Error<E>) -> String {
    match error {
        Error::Config(_) => "configuration".to_owned(),
        Error::Build(_) => "build".to_owned(),
        Error::Sign(_) => "signing".to_owned(),
        Error::Transport(e) => format!("transport {:?}", e.kind()),
        Error::Timeout { after, kind } => format!("{kind:?} timeout after {after:?}"),
        Error::Service(e) => format!("service {}", e.code().unwrap_or("(no code)")),
    }
}

/// An attempt that ended with an output.
#[inline]
pub(crate) fn attempt_succeeded(
    attempt: u32,
    status: u16,
    request_id: Option<&str>,
    latency: Duration,
) {
    #[cfg(feature = "tracing")]
    tracing::debug!(
        attempt,
        status,
        request_id,
        latency_ms = latency.as_secs_f64() * 1e3,
        "attempt succeeded"
    );
    #[cfg(not(feature = "tracing"))]
    let _ = (attempt, status, request_id, latency);
}

/// An attempt that ended with an error.
#[inline]
pub(crate) fn attempt_failed<E: smithy_rt::ProvideErrorMetadata + smithy_rt::ProvideRetryKind>(
    attempt: u32,
    status: Option<u16>,
    request_id: Option<&str>,
    latency: Duration,
    error: &Error<E>,
) {
    #[cfg(feature = "tracing")]
    tracing::debug!(
        attempt,
        status,
        request_id,
        latency_ms = latency.as_secs_f64() * 1e3,
        error = %describe(error),
        retry_kind = ?error.attempt_retry_kind(status),
        "attempt failed"
    );
    #[cfg(not(feature = "tracing"))]
    let _ = (attempt, status, request_id, latency, error);
}

/// The call will retry after `delay`.
#[inline]
pub(crate) fn retrying(attempt: u32, kind: ErrorKind, delay: Duration, quota_left: u32) {
    #[cfg(feature = "tracing")]
    tracing::debug!(
        attempt,
        retry_kind = ?kind,
        delay_ms = delay.as_secs_f64() * 1e3,
        quota_left,
        "retrying"
    );
    #[cfg(not(feature = "tracing"))]
    let _ = (attempt, kind, delay, quota_left);
}

/// The call returns its last error, for `reason`.
#[inline]
pub(crate) fn not_retrying(attempt: u32, reason: &'static str) {
    #[cfg(feature = "tracing")]
    tracing::debug!(attempt, reason, "not retrying");
    #[cfg(not(feature = "tracing"))]
    let _ = (attempt, reason);
}

/// Adaptive mode holds the first attempt back for `wait`.
#[inline]
pub(crate) fn rate_limited(wait: Duration) {
    #[cfg(feature = "tracing")]
    tracing::debug!(wait_ms = wait.as_secs_f64() * 1e3, "rate limited");
    #[cfg(not(feature = "tracing"))]
    let _ = wait;
}

/// The whole call ran out of time.
#[inline]
pub(crate) fn operation_timeout(after: Duration) {
    #[cfg(feature = "tracing")]
    tracing::debug!(after_ms = after.as_secs_f64() * 1e3, "operation timeout");
    #[cfg(not(feature = "tracing"))]
    let _ = after;
}
