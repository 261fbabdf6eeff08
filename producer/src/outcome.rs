//! What becomes of a record: refused at submission ([`SubmitError`]), then either delivered
//! ([`Delivered`]) or not ([`DeliveryError`]), told through its [`Receipt`].

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::sync::oneshot;

/// How a record ended: delivered, or not (with its data).
pub type Outcome = Result<Delivered, DeliveryError>;

/// What travels from the producer to a receipt: the error boxed, so the channel every
/// record allocates stays small (failures are rare).
pub(crate) type Sent = Result<Delivered, Box<DeliveryError>>;

/// The promise of a submitted record's [`Outcome`]. Await it (any executor) to learn whether
/// the record was delivered; dropping it does not affect delivery.
///
/// Every receipt resolves, exactly once, also when the producer is dropped or its runtime
/// shuts down (then with [`FailureKind::Abandoned`]).
#[must_use = "a receipt tells whether the record was delivered; drop it explicitly if that does not matter"]
pub struct Receipt {
    rx: oneshot::Receiver<Sent>,
}

impl Receipt {
    pub(crate) fn new(rx: oneshot::Receiver<Sent>) -> Self {
        Self { rx }
    }
}

impl Future for Receipt {
    type Output = Outcome;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Outcome> {
        Pin::new(&mut self.rx).poll(cx).map(|received| {
            // The producer sends before it drops a sender (see `Shared::settle`); a closed channel
            // without a value would be a bug, and is still reported, not hidden.
            match received {
                Ok(sent) => sent.map_err(|e| *e),
                Err(_) => Err(DeliveryError::abandoned(
                    0,
                    Vec::new(),
                    "the producer dropped the record without an outcome",
                )),
            }
        })
    }
}

impl fmt::Debug for Receipt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Receipt").finish_non_exhaustive()
    }
}

/// A record Firehose acknowledged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delivered {
    record_id: String,
    attempts: u32,
}

impl Delivered {
    pub(crate) fn new(record_id: String, attempts: u32) -> Self {
        Self {
            record_id,
            attempts,
        }
    }

    /// The `RecordId` Firehose gave the record.
    pub fn record_id(&self) -> &str {
        &self.record_id
    }

    /// Calls that carried the record, the last one acknowledged it (1 when no retry was
    /// needed).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }
}

/// Why a record was not delivered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FailureKind {
    /// The service answered for the record with an `ErrorCode` (such as
    /// `ServiceUnavailableException` or `InternalFailure`) on the last attempt the retry
    /// policy allowed. It was not delivered.
    Rejected,
    /// The whole `PutRecordBatch` call failed: with an error that retrying can't fix (such
    /// as `ResourceNotFoundException` or `InvalidArgumentException`), or with retryable
    /// errors (throttling, 5xx, transport, timeout) until the policy gave up.
    CallFailed,
    /// The last answer could not be trusted: unreadable, or inconsistent with the records
    /// sent (wrong number of entries, `FailedPutCount` not matching them). The record may
    /// have been delivered.
    UnknownResponse,
    /// The producer stopped before the record resolved: its Tokio runtime shut down. The
    /// record may have been delivered if a call carrying it was under way.
    Abandoned,
}

/// A record that was not delivered: why, the last error code and message, how many calls
/// carried it, and its data, so nothing is lost (see [`into_data`](Self::into_data)).
#[derive(Clone, PartialEq, Eq)]
pub struct DeliveryError {
    kind: FailureKind,
    code: Option<String>,
    message: String,
    attempts: u32,
    maybe_delivered: bool,
    data: Vec<u8>,
}

impl DeliveryError {
    pub(crate) fn new(failure: Failure, attempts: u32, data: Vec<u8>) -> Self {
        Self {
            kind: failure.kind,
            code: failure.code,
            message: failure.message,
            attempts,
            maybe_delivered: failure.maybe_delivered,
            data,
        }
    }

    pub(crate) fn abandoned(attempts: u32, data: Vec<u8>, message: &str) -> Self {
        Self {
            kind: FailureKind::Abandoned,
            code: None,
            message: message.to_owned(),
            attempts,
            maybe_delivered: attempts > 0,
            data,
        }
    }

    /// Why the record was not delivered.
    pub fn kind(&self) -> FailureKind {
        self.kind
    }

    /// The last error code: the entry's `ErrorCode`, or the call's error code; `None` for
    /// transport errors, timeouts and unreadable answers.
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// The last error message.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Calls that carried the record (0 if it never left the buffer).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// Whether Firehose may have stored the record anyway: the answer to a call that carried
    /// it (any attempt, not only the last) was lost (transport error after sending, timeout)
    /// or untrustworthy, or the producer stopped while a call was under way. Sending such a
    /// record again may duplicate it. When `false`, every call that carried the record was
    /// answered, and no answer stored it.
    pub fn maybe_delivered(&self) -> bool {
        self.maybe_delivered
    }

    /// The record's data.
    pub fn data(&self) -> &[u8] {
        &self.data
    }

    /// The record's data, to keep or send again.
    pub fn into_data(self) -> Vec<u8> {
        self.data
    }
}

impl fmt::Debug for DeliveryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeliveryError")
            .field("kind", &self.kind)
            .field("code", &self.code)
            .field("message", &self.message)
            .field("attempts", &self.attempts)
            .field("maybe_delivered", &self.maybe_delivered)
            .field("data_len", &self.data.len())
            .finish()
    }
}

impl fmt::Display for DeliveryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            FailureKind::Rejected => "rejected by Firehose",
            FailureKind::CallFailed => "PutRecordBatch failed",
            FailureKind::UnknownResponse => "unknown PutRecordBatch response",
            FailureKind::Abandoned => "producer stopped",
        };
        write!(
            f,
            "record of {} bytes not delivered after {} attempt{} ({what}): ",
            self.data.len(),
            self.attempts,
            if self.attempts == 1 { "" } else { "s" }
        )?;
        if let Some(code) = &self.code {
            write!(f, "{code}: ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for DeliveryError {}

/// The last error seen for a record, before it is known whether it will be retried.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Failure {
    pub(crate) kind: FailureKind,
    pub(crate) code: Option<String>,
    pub(crate) message: String,
    pub(crate) maybe_delivered: bool,
}

/// A record the producer would not take; its data comes back with
/// [`into_data`](Self::into_data).
pub struct SubmitError {
    reason: SubmitErrorKind,
    data: Vec<u8>,
}

/// Why a record was refused at submission.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SubmitErrorKind {
    /// The record is larger than Firehose accepts
    /// ([`MAX_RECORD_BYTES`](crate::MAX_RECORD_BYTES)); it was not sent and never will be.
    TooLarge {
        /// The record's size in bytes.
        len: usize,
        /// The largest size accepted.
        max: usize,
    },
    /// The buffer is full ([`Producer::try_submit`](crate::Producer::try_submit) only;
    /// [`submit`](crate::Producer::submit) waits instead).
    Full,
    /// The producer is closed ([`Producer::close`](crate::Producer::close)) or stopped.
    Closed,
}

impl SubmitError {
    pub(crate) fn new(reason: SubmitErrorKind, data: Vec<u8>) -> Self {
        Self { reason, data }
    }

    /// Why the record was refused.
    pub fn kind(&self) -> SubmitErrorKind {
        self.reason
    }

    /// The record's data, untouched.
    pub fn data(&self) -> &[u8] {
        &self.data
    }

    /// The record's data, untouched, to keep or submit again.
    pub fn into_data(self) -> Vec<u8> {
        self.data
    }
}

impl fmt::Debug for SubmitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SubmitError")
            .field("kind", &self.reason)
            .field("data_len", &self.data.len())
            .finish()
    }
}

impl fmt::Display for SubmitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.reason {
            SubmitErrorKind::TooLarge { len, max } => write!(
                f,
                "record of {len} bytes refused: Firehose takes at most {max} bytes per record"
            ),
            SubmitErrorKind::Full => write!(
                f,
                "record of {} bytes refused: the producer's buffer is full",
                self.data.len()
            ),
            SubmitErrorKind::Closed => write!(
                f,
                "record of {} bytes refused: the producer is closed",
                self.data.len()
            ),
        }
    }
}

impl std::error::Error for SubmitError {}
