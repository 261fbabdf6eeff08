//! What an answer to `PutRecordBatch` means for the records it carried: which whole-call
//! errors are worth retrying ([`classify`]), and what a successful answer says of each
//! entry, if it can be trusted at all ([`read_entries`]).

use firehose::client::Error;
use firehose::operation::put_record_batch::{PutRecordBatchError, PutRecordBatchOutput};

use crate::outcome::{Failure, FailureKind};

/// A whole-call error: what to tell the records, and whether sending them again can help.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Verdict {
    pub(crate) failure: Failure,
    pub(crate) retryable: bool,
}

/// The one place that decides whether a failed `PutRecordBatch` call is retried, and whether
/// its records may have been stored anyway.
///
/// Whether to retry is the client's question too, so its answer is taken
/// ([`is_retryable`](Error::is_retryable): transient transport errors, attempt timeouts,
/// 500/502/503/504, the SDKs' throttling and transient codes), with two exceptions where the
/// producer knows more: an unreadable 2xx answer is a [`FailureKind::UnknownResponse`], and
/// the operation timeout, which ends one call, not its records, is retried. Everything else
/// (the request was wrong, the stream is missing, access is denied, TLS refused the server)
/// is final.
///
/// Whether the records may have been stored: not when the service throttled the call
/// ([`is_throttling`](Error::is_throttling), and Firehose's `ServiceUnavailableException`,
/// which it documents as the stream's throughput exceeded) or refused it, nor when no
/// connection was made; yes when the answer was lost, cut short or unreadable, or was a
/// transient server error.
pub(crate) fn classify(error: &Error<PutRecordBatchError>) -> Verdict {
    let message = error.to_string();
    let code = error.code().map(str::to_owned);
    let retryable = error.is_retryable();
    let (kind, retryable, maybe_delivered) = match error {
        Error::Service(PutRecordBatchError::Unhandled(u))
            if u.is_malformed() && u.status() < 300 =>
        {
            (FailureKind::UnknownResponse, true, true)
        }
        Error::Service(PutRecordBatchError::ServiceUnavailableException(_)) => {
            (FailureKind::CallFailed, retryable, false)
        }
        Error::Service(_) => (
            FailureKind::CallFailed,
            retryable,
            retryable && !error.is_throttling(),
        ),
        Error::Timeout { .. } => (FailureKind::CallFailed, true, true),
        Error::Transport(e) => (FailureKind::CallFailed, retryable, !e.is_connect()),
        // Config, Build, Sign: nothing was sent, and sending again would fail the same way.
        _ => (FailureKind::CallFailed, false, false),
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
