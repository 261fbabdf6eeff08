//! What a producer may do: batch limits, linger, buffer bounds, calls in flight, retries.

use std::fmt;
use std::time::Duration;

/// The largest record Firehose accepts: 1,000 KiB of data (before base64).
pub const MAX_RECORD_BYTES: usize = 1_024_000;
/// The most records one `PutRecordBatch` call may carry.
pub const MAX_BATCH_RECORDS: usize = 500;
/// The most data one `PutRecordBatch` call may carry: 4 MiB, counted on the records' data
/// before base64, as the service documents it.
pub const MAX_BATCH_BYTES: usize = 4 * 1024 * 1024;

/// How a [`Producer`](crate::Producer) batches, buffers and retries. Every setting has a
/// default; [`Producer::new`](crate::Producer::new) checks them.
///
/// ```
/// use std::time::Duration;
/// use firehose_producer::{ProducerConfig, RetryPolicy};
///
/// let config = ProducerConfig::new()
///     .with_linger(Duration::from_millis(50))
///     .with_max_in_flight(8)
///     .with_max_buffered_bytes(64 * 1024 * 1024)
///     .with_retry(RetryPolicy::new().with_max_attempts(20));
/// # let _ = config;
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProducerConfig {
    pub(crate) max_batch_records: usize,
    pub(crate) max_batch_bytes: usize,
    pub(crate) linger: Duration,
    pub(crate) max_in_flight: usize,
    pub(crate) max_buffered_records: usize,
    pub(crate) max_buffered_bytes: usize,
    pub(crate) retry: RetryPolicy,
}

impl Default for ProducerConfig {
    fn default() -> Self {
        Self {
            max_batch_records: MAX_BATCH_RECORDS,
            max_batch_bytes: MAX_BATCH_BYTES,
            linger: Duration::from_millis(100),
            max_in_flight: 4,
            max_buffered_records: 20_000,
            max_buffered_bytes: 32 * 1024 * 1024,
            retry: RetryPolicy::default(),
        }
    }
}

impl ProducerConfig {
    /// The defaults: batches of up to 500 records and 4 MiB, 100 ms linger, 4 calls in
    /// flight, a buffer of 20,000 records and 32 MiB, and [`RetryPolicy::default`].
    pub fn new() -> Self {
        Self::default()
    }

    /// Records per call, 1 to 500 (default 500). A batch is sent as soon as it is full.
    pub fn with_max_batch_records(mut self, records: usize) -> Self {
        self.max_batch_records = records;
        self
    }

    /// Data bytes per call (before base64), 1 to 4 MiB (default 4 MiB). A batch is sent as
    /// soon as the next record would not fit; a record larger than this goes alone.
    pub fn with_max_batch_bytes(mut self, bytes: usize) -> Self {
        self.max_batch_bytes = bytes;
        self
    }

    /// How long the oldest waiting record may wait for a batch to fill (default 100 ms).
    /// Zero sends whatever is waiting as soon as a call may start. A record submitted while
    /// a full batch is already waiting counts its wait from when the batch ahead of it is
    /// cut: the producer is saturated then, and this saves reading the clock per record.
    pub fn with_linger(mut self, linger: Duration) -> Self {
        self.linger = linger;
        self
    }

    /// `PutRecordBatch` calls under way at once, at least 1 (default 4). Batches waiting for
    /// a retry do not count.
    pub fn with_max_in_flight(mut self, calls: usize) -> Self {
        self.max_in_flight = calls;
        self
    }

    /// Records held at once, from submission until they resolve (waiting, in flight or
    /// waiting for a retry), at least 1 (default 20,000).
    pub fn with_max_buffered_records(mut self, records: usize) -> Self {
        self.max_buffered_records = records;
        self
    }

    /// Data bytes held at once, counted like
    /// [`with_max_buffered_records`](Self::with_max_buffered_records); at least
    /// [`MAX_RECORD_BYTES`] so that any valid record can be submitted (default 32 MiB).
    pub fn with_max_buffered_bytes(mut self, bytes: usize) -> Self {
        self.max_buffered_bytes = bytes;
        self
    }

    /// How records and calls that failed are retried.
    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// The retry policy.
    pub fn retry(&self) -> &RetryPolicy {
        &self.retry
    }

    pub(crate) fn validate(&self) -> Result<(), ConfigError> {
        let check = |ok: bool, setting: &'static str, value: String, allowed: &'static str| {
            if ok {
                Ok(())
            } else {
                Err(ConfigError::Invalid {
                    setting,
                    value,
                    allowed,
                })
            }
        };
        check(
            (1..=MAX_BATCH_RECORDS).contains(&self.max_batch_records),
            "max_batch_records",
            self.max_batch_records.to_string(),
            "1 to 500",
        )?;
        check(
            (1..=MAX_BATCH_BYTES).contains(&self.max_batch_bytes),
            "max_batch_bytes",
            self.max_batch_bytes.to_string(),
            "1 to 4,194,304",
        )?;
        check(
            self.max_in_flight >= 1,
            "max_in_flight",
            self.max_in_flight.to_string(),
            "at least 1",
        )?;
        // Tokio's semaphores hold at most usize::MAX >> 3 permits.
        check(
            (1..=usize::MAX >> 3).contains(&self.max_buffered_records),
            "max_buffered_records",
            self.max_buffered_records.to_string(),
            "at least 1",
        )?;
        check(
            (MAX_RECORD_BYTES..=usize::MAX >> 3).contains(&self.max_buffered_bytes),
            "max_buffered_bytes",
            self.max_buffered_bytes.to_string(),
            "at least 1,024,000 (one record of the largest size)",
        )?;
        let retry = &self.retry;
        check(
            retry.max_attempts >= 1,
            "retry.max_attempts",
            retry.max_attempts.to_string(),
            "at least 1",
        )?;
        check(
            retry.initial_backoff <= retry.max_backoff,
            "retry.initial_backoff",
            format!("{:?}", retry.initial_backoff),
            "at most retry.max_backoff",
        )?;
        Ok(())
    }
}

/// How often a record is sent before it is reported failed, and how long to wait between
/// sends.
///
/// The wait before the `n`-th retry is drawn uniformly from zero to
/// `min(max_backoff, initial_backoff × 2^(n-1))` ("full jitter", as in the AWS SDKs'
/// standard retry mode), so producers that failed together do not retry together.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    pub(crate) max_attempts: u32,
    pub(crate) initial_backoff: Duration,
    pub(crate) max_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 10,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(10),
        }
    }
}

impl RetryPolicy {
    /// The defaults: 10 attempts, backoff from 100 ms doubling up to 10 s.
    pub fn new() -> Self {
        Self::default()
    }

    /// Calls that may carry one record, at least 1 (1 means no retry).
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts;
        self
    }

    /// The upper bound of the first wait.
    pub fn with_initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The largest upper bound of any wait.
    pub fn with_max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// Calls that may carry one record.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// How long to wait after attempt `attempt` (1-based) failed.
    pub(crate) fn backoff(&self, attempt: u32) -> Duration {
        let doublings = attempt.saturating_sub(1).min(31);
        let ceiling = self
            .initial_backoff
            .saturating_mul(1u32 << doublings)
            .min(self.max_backoff);
        let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(fastrand::u64(0..=nanos))
    }
}

/// A setting a producer can't work with, or no place to run it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigError {
    /// A setting is out of its range.
    Invalid {
        /// The setting, as its `with_*` method names it (`max_batch_records`).
        setting: &'static str,
        /// The value given.
        value: String,
        /// What is allowed.
        allowed: &'static str,
    },
    /// [`Producer::new`](crate::Producer::new) was called outside a Tokio runtime; the
    /// producer runs its batching and calls as tasks on the runtime it was made in.
    NoRuntime,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Invalid {
                setting,
                value,
                allowed,
            } => write!(
                f,
                "producer setting {setting} = {value} is invalid: allowed is {allowed}"
            ),
            Self::NoRuntime => f.write_str(
                "a producer must be made inside a Tokio runtime, which runs its batching and calls",
            ),
        }
    }
}

impl std::error::Error for ConfigError {}
