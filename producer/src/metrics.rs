//! Counters kept with relaxed atomics, read as one [`Metrics`] snapshot. No metrics crate:
//! export the fields to whatever the program uses.

use std::sync::atomic::{AtomicU64, Ordering};

/// Upper bounds (inclusive) of the batch-size buckets of [`Metrics::batch_records`]: bucket
/// `i` counts calls that carried more records than bucket `i - 1`'s bound and at most
/// `BATCH_SIZE_BOUNDS[i]`.
pub const BATCH_SIZE_BOUNDS: [usize; 10] = [1, 2, 4, 8, 16, 32, 64, 128, 256, 500];

/// A snapshot of a producer's counters ([`Producer::metrics`](crate::Producer::metrics)).
/// Totals count since the producer was made; "now" fields are the state at the snapshot.
///
/// Every submitted record is, at any moment, exactly one of: buffered, delivered, failed, and
/// the record totals are read together, so `records_submitted == buffered_records +
/// records_delivered + records_failed` holds in every snapshot (and the same for bytes). The
/// call counters are read one by one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Metrics {
    /// Records accepted by `submit`/`try_submit`.
    pub records_submitted: u64,
    /// Their data bytes.
    pub bytes_submitted: u64,
    /// Records refused at submission (too large, buffer full, closed).
    pub records_refused: u64,
    /// Records delivered (acknowledged with a `RecordId`).
    pub records_delivered: u64,
    /// Their data bytes.
    pub bytes_delivered: u64,
    /// Records reported failed (their receipts carry the data back).
    pub records_failed: u64,
    /// Their data bytes.
    pub bytes_failed: u64,
    /// Record sends, first sends and retries together.
    pub records_sent: u64,
    /// Their data bytes.
    pub bytes_sent: u64,
    /// Record sends that were retries.
    pub records_retried: u64,
    /// Their data bytes.
    pub bytes_retried: u64,
    /// `PutRecordBatch` calls made.
    pub calls: u64,
    /// Calls that failed as a whole (error response, transport error, timeout).
    pub calls_failed: u64,
    /// Calls whose answer could not be trusted (unreadable, or inconsistent with the
    /// records sent).
    pub calls_unknown: u64,
    /// Entries the service answered with an `ErrorCode`.
    pub entries_failed: u64,
    /// Calls by number of records, bucketed by [`BATCH_SIZE_BOUNDS`].
    pub batch_records: [u64; 10],
    /// The most data bytes one call carried.
    pub max_batch_bytes: u64,
    /// Calls under way now.
    pub in_flight: u64,
    /// The most calls under way at once so far.
    pub max_in_flight: u64,
    /// Records held now: submitted and not yet resolved.
    pub buffered_records: u64,
    /// Their data bytes.
    pub buffered_bytes: u64,
}

/// Record totals, kept under the producer's lock (which submitting and settling take anyway),
/// so that a record costs no atomic operation of its own.
#[derive(Clone, Copy, Default)]
pub(crate) struct Totals {
    pub(crate) records_submitted: u64,
    pub(crate) bytes_submitted: u64,
    pub(crate) records_delivered: u64,
    pub(crate) bytes_delivered: u64,
    pub(crate) records_failed: u64,
    pub(crate) bytes_failed: u64,
}

/// Call-level counters: updated once per call, read without the lock.
#[derive(Default)]
pub(crate) struct Counters {
    pub(crate) records_refused: AtomicU64,
    pub(crate) records_sent: AtomicU64,
    pub(crate) bytes_sent: AtomicU64,
    pub(crate) records_retried: AtomicU64,
    pub(crate) bytes_retried: AtomicU64,
    pub(crate) calls: AtomicU64,
    pub(crate) calls_failed: AtomicU64,
    pub(crate) calls_unknown: AtomicU64,
    pub(crate) entries_failed: AtomicU64,
    pub(crate) batch_records: [AtomicU64; 10],
    pub(crate) max_batch_bytes: AtomicU64,
    pub(crate) in_flight: AtomicU64,
    pub(crate) max_in_flight: AtomicU64,
}

/// Adds `n` to a counter.
pub(crate) fn add(counter: &AtomicU64, n: usize) {
    counter.fetch_add(n as u64, Ordering::Relaxed);
}

/// Subtracts `n` from a counter of things held now.
pub(crate) fn sub(counter: &AtomicU64, n: usize) {
    counter.fetch_sub(n as u64, Ordering::Relaxed);
}

impl Counters {
    /// A call starts carrying `records` records and `bytes` bytes, `retried` of them again.
    pub(crate) fn call_started(&self, records: usize, bytes: usize, retry: bool) {
        add(&self.calls, 1);
        add(&self.records_sent, records);
        add(&self.bytes_sent, bytes);
        if retry {
            add(&self.records_retried, records);
            add(&self.bytes_retried, bytes);
        }
        let bucket = BATCH_SIZE_BOUNDS
            .iter()
            .position(|&bound| records <= bound)
            .unwrap_or(BATCH_SIZE_BOUNDS.len() - 1);
        if let Some(counter) = self.batch_records.get(bucket) {
            add(counter, 1);
        }
        self.max_batch_bytes
            .fetch_max(bytes as u64, Ordering::Relaxed);
        let now = self.in_flight.fetch_add(1, Ordering::Relaxed) + 1;
        self.max_in_flight.fetch_max(now, Ordering::Relaxed);
    }

    pub(crate) fn snapshot(&self, totals: Totals) -> Metrics {
        let get = |counter: &AtomicU64| counter.load(Ordering::Relaxed);
        let t = totals;
        Metrics {
            records_submitted: t.records_submitted,
            bytes_submitted: t.bytes_submitted,
            records_refused: get(&self.records_refused),
            records_delivered: t.records_delivered,
            bytes_delivered: t.bytes_delivered,
            records_failed: t.records_failed,
            bytes_failed: t.bytes_failed,
            records_sent: get(&self.records_sent),
            bytes_sent: get(&self.bytes_sent),
            records_retried: get(&self.records_retried),
            bytes_retried: get(&self.bytes_retried),
            calls: get(&self.calls),
            calls_failed: get(&self.calls_failed),
            calls_unknown: get(&self.calls_unknown),
            entries_failed: get(&self.entries_failed),
            batch_records: self.batch_records.each_ref().map(get),
            max_batch_bytes: get(&self.max_batch_bytes),
            in_flight: get(&self.in_flight),
            max_in_flight: get(&self.max_in_flight),
            buffered_records: t.records_submitted - t.records_delivered - t.records_failed,
            buffered_bytes: t.bytes_submitted - t.bytes_delivered - t.bytes_failed,
        }
    }
}
