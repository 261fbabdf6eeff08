//! One batch of records from its first call to the last of its records resolving: the
//! call, reading the answer, re-sending only what failed after a backoff, and reporting the
//! rest.

use std::mem;
use std::sync::Arc;

use firehose::operation::put_record_batch::PutRecordBatchInput;
use firehose::types::Record;
use tokio::sync::{OwnedSemaphorePermit, oneshot};

use crate::classify::{Entry, classify, read_entries};
use crate::metrics::{add, sub};
use crate::outcome::{Delivered, DeliveryError, Failure, FailureKind, Sent};
use crate::producer::Shared;
use crate::trace::event;

/// Where a record's outcome goes, and what the producer needs to account for it.
pub(crate) struct Slot {
    pub(crate) tx: oneshot::Sender<Sent>,
    /// The flush epoch the record was submitted in.
    pub(crate) epoch: u64,
    pub(crate) len: usize,
    /// The error of the last attempt, once there was a failed one.
    pub(crate) last: Option<Box<Failure>>,
    /// Whether any attempt so far may have stored the record (its answer was lost or
    /// untrustworthy).
    pub(crate) maybe_stored: bool,
}

impl Slot {
    fn failed(&mut self, failure: Failure) {
        self.maybe_stored |= failure.maybe_delivered;
        self.last = Some(Box::new(failure));
    }
}

/// Records taken from the queue together, and their slots, index for index. Whatever is
/// still here when a `Batch` is dropped (its task was cancelled: the runtime shut down)
/// resolves as [`FailureKind::Abandoned`], data included.
pub(crate) struct Batch {
    shared: Arc<Shared>,
    input: PutRecordBatchInput,
    slots: Vec<Slot>,
    attempts: u32,
}

impl Batch {
    pub(crate) fn new(shared: Arc<Shared>, records: Vec<Record>, slots: Vec<Slot>) -> Self {
        let input = PutRecordBatchInput::new(shared.stream.clone(), records);
        Self {
            shared,
            input,
            slots,
            attempts: 0,
        }
    }

    fn records(&mut self) -> &mut Vec<Record> {
        self.input.records.get_or_insert_with(Vec::new)
    }

    fn bytes(&self) -> usize {
        self.slots.iter().map(|slot| slot.len).sum()
    }

    /// Sends the batch, then re-sends what failed and may be retried until nothing is left
    /// or the retry policy gives up. `permit` is the in-flight slot of the first call; it is
    /// given back during each backoff.
    pub(crate) async fn run(mut self, permit: OwnedSemaphorePermit) {
        let mut permit = Some(permit);
        let retry = self.shared.config.retry.clone();
        loop {
            self.attempts += 1;
            let (records, bytes) = (self.slots.len(), self.bytes());
            let counters = &self.shared.counters;
            counters.call_started(records, bytes, self.attempts > 1);
            event!(
                debug,
                "sending PutRecordBatch",
                records = records,
                bytes = bytes,
                attempt = self.attempts
            );
            let result = self.shared.sender.put(&self.input).await;
            sub(&counters.in_flight, 1);
            drop(permit.take());

            match result {
                Ok(output) => match read_entries(records, output) {
                    Ok(entries) => self.settle_entries(entries),
                    Err(reason) => {
                        add(&counters.calls_unknown, 1);
                        event!(
                            warn,
                            "unknown PutRecordBatch answer; its records are retried",
                            reason = reason.as_str(),
                            attempt = self.attempts
                        );
                        self.set_last(Failure {
                            kind: FailureKind::UnknownResponse,
                            code: None,
                            message: reason,
                            maybe_delivered: true,
                        });
                    }
                },
                Err(error) => {
                    let verdict = classify(&error);
                    let counter = match verdict.failure.kind {
                        FailureKind::UnknownResponse => &counters.calls_unknown,
                        _ => &counters.calls_failed,
                    };
                    add(counter, 1);
                    event!(
                        warn,
                        "PutRecordBatch failed",
                        error = verdict.failure.message.as_str(),
                        retryable = verdict.retryable,
                        attempt = self.attempts
                    );
                    if verdict.retryable {
                        self.set_last(verdict.failure);
                    } else {
                        self.fail_all(Some(verdict.failure));
                    }
                }
            }

            if self.slots.is_empty() {
                return;
            }
            if self.attempts >= retry.max_attempts {
                self.fail_all(None);
                return;
            }
            tokio::time::sleep(retry.backoff(self.attempts)).await;
            match Arc::clone(&self.shared.in_flight).acquire_owned().await {
                Ok(next) => permit = Some(next),
                // Never closed; if it were, dropping `self` reports the records abandoned.
                Err(_) => return,
            }
        }
    }

    /// Resolves the delivered entries and keeps the failed ones, with their error, for the
    /// next attempt.
    fn settle_entries(&mut self, entries: Vec<Entry>) {
        let attempts = self.attempts;
        let records = mem::take(self.records());
        let slots = mem::take(&mut self.slots);
        let mut delivered = Vec::with_capacity(slots.len());
        let mut failed = 0;
        for ((record, mut slot), entry) in records.into_iter().zip(slots).zip(entries) {
            match entry {
                Entry::Delivered(id) => delivered.push((slot, Ok(Delivered::new(id, attempts)))),
                Entry::Failed(failure) => {
                    failed += 1;
                    slot.failed(failure);
                    self.records().push(record);
                    self.slots.push(slot);
                }
            }
        }
        add(&self.shared.counters.entries_failed, failed);
        event!(
            debug,
            "PutRecordBatch answered",
            delivered = delivered.len(),
            failed = failed,
            attempt = attempts
        );
        self.shared.settle(delivered);
    }

    fn set_last(&mut self, failure: Failure) {
        for slot in &mut self.slots {
            slot.failed(failure.clone());
        }
    }

    /// Reports every record left as failed: with `failure`, or with each record's last error.
    fn fail_all(&mut self, failure: Option<Failure>) {
        let attempts = self.attempts;
        let records = mem::take(self.records());
        let slots = mem::take(&mut self.slots);
        let mut failed = Vec::with_capacity(slots.len());
        for (record, mut slot) in records.into_iter().zip(slots) {
            let data = record.data.into_inner();
            if let Some(failure) = &failure {
                slot.failed(failure.clone());
            }
            let error = match slot.last.take() {
                Some(mut last) => {
                    last.maybe_delivered |= slot.maybe_stored;
                    DeliveryError::new(*last, attempts, data)
                }
                None => DeliveryError::abandoned(attempts, data, "no attempt was made"),
            };
            failed.push((slot, Err(error)));
        }
        if let Some((_, Err(error))) = failed.first() {
            event!(
                warn,
                "records not delivered",
                records = failed.len(),
                error = error.to_string().as_str()
            );
        }
        self.shared.settle(failed);
    }
}

impl Drop for Batch {
    fn drop(&mut self) {
        if self.slots.is_empty() {
            return;
        }
        let attempts = self.attempts;
        let records = mem::take(self.records());
        let slots = mem::take(&mut self.slots);
        let mut data = records.into_iter().map(|record| record.data.into_inner());
        let abandoned = slots
            .into_iter()
            .map(|slot| {
                let error = DeliveryError::abandoned(
                    attempts,
                    data.next().unwrap_or_default(),
                    "the producer's runtime shut down before the record was delivered",
                );
                (slot, Err(error))
            })
            .collect();
        self.shared.settle(abandoned);
    }
}
