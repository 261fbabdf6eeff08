//! What an answer to `PutRecordBatch` means for the records it carried: which whole-call
//! errors are worth retrying ([`classify`]), and what a successful answer says of each
//! entry, if it can be trusted at all ([`read_entries`]).

use firehose::ProvideErrorMetadata;
use firehose::client::Error;
use firehose::operation::put_record_batch::{PutRecordBatchError, PutRecordBatchOutput};

use crate::outcome::{Failure, FailureKind};

/// Error codes that mean "slow down" (the AWS SDKs' list of throttling codes).
const THROTTLING_CODES: &[&str] = &[
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

/// Error codes of passing trouble (the AWS SDKs' transient codes, and Firehose's own
/// `InternalFailure`).
const TRANSIENT_CODES: &[&str] = &[
    "RequestTimeout",
    "RequestTimeoutException",
    "InternalFailure",
];

/// HTTP statuses of passing trouble: 429 and the SDKs' transient 5xx.
const TRANSIENT_STATUSES: &[u16] = &[429, 500, 502, 503, 504];

/// A whole-call error: what to tell the records, and whether sending them again can help.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Verdict {
    pub(crate) failure: Failure,
    pub(crate) retryable: bool,
}

/// The one place that decides whether a failed `PutRecordBatch` call is retried: transport
/// errors, timeouts, `ServiceUnavailableException`, throttling codes and transient 5xx are;
/// everything else (the request was wrong, the stream is missing, access is denied) is final.
/// An unreadable 2xx answer is an [`FailureKind::UnknownResponse`], retried like the rest.
///
/// When the client classifies its errors itself, this delegates to it.
pub(crate) fn classify(error: &Error<PutRecordBatchError>) -> Verdict {
    let message = error.to_string();
    let (kind, code, retryable, maybe_delivered) = match error {
        Error::Transport(e) => (FailureKind::CallFailed, None, true, !e.is_connect()),
        Error::Timeout { .. } => (FailureKind::CallFailed, None, true, true),
        Error::Service(e) => {
            let code = e.code().map(str::to_owned);
            let throttled = matches!(e, PutRecordBatchError::ServiceUnavailableException(_))
                || code
                    .as_deref()
                    .is_some_and(|c| THROTTLING_CODES.contains(&c));
            match e {
                _ if throttled => (FailureKind::CallFailed, code, true, false),
                PutRecordBatchError::Unhandled(u) if u.is_malformed() && u.status() < 300 => {
                    (FailureKind::UnknownResponse, None, true, true)
                }
                PutRecordBatchError::Unhandled(u) => {
                    let transient = TRANSIENT_STATUSES.contains(&u.status())
                        || code
                            .as_deref()
                            .is_some_and(|c| TRANSIENT_CODES.contains(&c));
                    (FailureKind::CallFailed, code, transient, transient)
                }
                _ => (FailureKind::CallFailed, code, false, false),
            }
        }
        // Config, Build, Sign: nothing was sent, and sending again would fail the same way.
        _ => (FailureKind::CallFailed, None, false, false),
    };
    Verdict {
        failure: Failure {
            kind,
            code,
            message,
            maybe_delivered,
        },
        retryable,
    }
}

/// What a trusted answer says of one record.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Entry {
    /// Stored, with this `RecordId`.
    Delivered(String),
    /// Not stored: the entry's `ErrorCode` and `ErrorMessage`.
    Failed(Failure),
}

/// Reads a successful answer to a call that sent `sent` records, one [`Entry`] per record in
/// order. An answer that can't be trusted (a different number of entries, members missing included,
/// `FailedPutCount` not the number of failed entries, an entry with both or neither of
/// `RecordId` and `ErrorCode`) is an error saying why: nothing in it counts as delivered.
pub(crate) fn read_entries(
    sent: usize,
    output: PutRecordBatchOutput,
) -> Result<Vec<Entry>, String> {
    // A member the answer left out reads as its zero value (client error correction), so an
    // answer of `{}` shows up here as zero entries for `sent` records.
    let failed_count = output.failed_put_count;
    let responses = output.request_responses;
    if responses.len() != sent {
        return Err(format!(
            "the answer has {} entries for {sent} records",
            responses.len()
        ));
    }
    let mut entries = Vec::with_capacity(sent);
    let mut failed = 0usize;
    for (i, response) in responses.into_iter().enumerate() {
        let entry = match (response.record_id, response.error_code) {
            (Some(id), None) if !id.is_empty() => Entry::Delivered(id),
            (None, Some(code)) if !code.is_empty() => {
                failed += 1;
                Entry::Failed(Failure {
                    kind: FailureKind::Rejected,
                    message: response.error_message.unwrap_or_default(),
                    code: Some(code),
                    maybe_delivered: false,
                })
            }
            (id, code) => {
                return Err(format!(
                    "entry {i} has RecordId {id:?} and ErrorCode {code:?}: exactly one must be set"
                ));
            }
        };
        entries.push(entry);
    }
    if usize::try_from(failed_count).ok() != Some(failed) {
        return Err(format!(
            "FailedPutCount is {failed_count} but {failed} entries have an ErrorCode"
        ));
    }
    Ok(entries)
}

#[cfg(test)]
#[path = "classify_tests.rs"]
mod tests;
