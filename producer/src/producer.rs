//! The producer: the handle callers submit through, the state it shares with its tasks,
//! and the worker task that cuts batches from the queue and starts their calls.

use std::collections::VecDeque;
use std::fmt;
use std::pin::pin;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use firehose::client::Transport;
use firehose::types::Record;
use tokio::sync::{Notify, Semaphore, TryAcquireError, oneshot};
use tokio::time::Instant;

use crate::batch::{Batch, Slot};
use crate::config::{ConfigError, MAX_RECORD_BYTES, ProducerConfig};
use crate::metrics::{Counters, Metrics, Totals, add};
use crate::outcome::{Outcome, Receipt, SubmitError, SubmitErrorKind};
use crate::send::{OneAttempt, PutBatch};
use crate::trace::event;

/// Sends records to one Firehose stream in `PutRecordBatch` calls, and tells the outcome of
/// each. See the [crate docs](crate) for what it guarantees.
///
/// Methods take `&self`; share a producer between tasks with an `Arc`. Dropping it without
/// [`close`](Self::close) stops new submissions and lets the records already submitted
/// finish in the background: see [the crate docs](crate#dropping-a-producer).
pub struct Producer {
    shared: Arc<Shared>,
}

/// What the handle, the worker and the call tasks share.
pub(crate) struct Shared {
    pub(crate) stream: String,
    pub(crate) config: ProducerConfig,
    pub(crate) sender: Box<dyn PutBatch>,
    pub(crate) counters: Counters,
    /// Calls under way; never closed.
    pub(crate) in_flight: Arc<Semaphore>,
    state: Mutex<State>,
    /// Wakes the worker: records arrived, a batch filled, a flush or close started.
    work: Notify,
    /// Wakes `flush` and `close`: the last record of a flush epoch resolved.
    settled: Notify,
    /// The buffer bounds; closed when the producer closes, which refuses waiting submits.
    record_slots: Semaphore,
    byte_slots: Semaphore,
}

struct State {
    /// Records waiting for a batch, oldest first.
    queue: VecDeque<Queued>,
    queued_bytes: usize,
    /// Unresolved records of the epoch new records join. A flush starts a new one.
    current: Epoch,
    /// Unresolved records of earlier epochs, oldest first, ids consecutive up to
    /// `current.id - 1`; settled ones are dropped from the front.
    older: VecDeque<Epoch>,
    /// Records of this epoch and older are sent without waiting for the linger time.
    flush_upto: Option<u64>,
    closed: bool,
    totals: Totals,
}

struct Epoch {
    id: u64,
    unresolved: u64,
}

struct Queued {
    record: Record,
    slot: Slot,
    /// When the record was queued, if it was queued when less than a full batch was
    /// waiting; else set when it becomes the oldest (the cut of the batch before it), since
    /// only the oldest record's wait matters and reading the clock costs.
    at: Option<Instant>,
}

impl State {
    /// Drops settled epochs from the front of `older`.
    fn drop_settled_epochs(&mut self) {
        while self.older.front().is_some_and(|e| e.unresolved == 0) {
            self.older.pop_front();
        }
    }

    /// Whether every record of epoch `upto` and older has resolved.
    fn settled_upto(&self, upto: u64) -> bool {
        self.older
            .iter()
            .chain([&self.current])
            .take_while(|e| e.id <= upto)
            .all(|e| e.unresolved == 0)
    }

    /// The epoch of id `id`, if it has unresolved records.
    fn epoch_mut(&mut self, id: u64) -> Option<&mut Epoch> {
        if id == self.current.id {
            return Some(&mut self.current);
        }
        let first = self.older.front()?.id;
        let index = usize::try_from(id.checked_sub(first)?).ok()?;
        self.older.get_mut(index)
    }
}

impl Producer {
    /// A producer for `stream` with the default [`ProducerConfig`], sending through
    /// `client`. Must be called inside a Tokio runtime: the producer's worker and calls run
    /// as tasks on it.
    pub fn new<T: Transport>(
        client: firehose::Client<T>,
        stream: impl Into<String>,
    ) -> Result<Self, ConfigError> {
        Self::with_config(client, stream, ProducerConfig::default())
    }

    /// A producer for `stream` with `config`, sending through `client`.
    pub fn with_config<T: Transport>(
        client: firehose::Client<T>,
        stream: impl Into<String>,
        config: ProducerConfig,
    ) -> Result<Self, ConfigError> {
        Self::start(Box::new(OneAttempt::new(client)), stream.into(), config)
    }

    pub(crate) fn start(
        sender: Box<dyn PutBatch>,
        stream: String,
        config: ProducerConfig,
    ) -> Result<Self, ConfigError> {
        config.validate()?;
        let runtime = tokio::runtime::Handle::try_current().map_err(|_| ConfigError::NoRuntime)?;
        let shared = Arc::new(Shared {
            stream,
            sender,
            counters: Counters::default(),
            in_flight: Arc::new(Semaphore::new(config.max_in_flight)),
            state: Mutex::new(State {
                queue: VecDeque::new(),
                queued_bytes: 0,
                current: Epoch {
                    id: 0,
                    unresolved: 0,
                },
                older: VecDeque::new(),
                flush_upto: None,
                closed: false,
                totals: Totals::default(),
            }),
            work: Notify::new(),
            settled: Notify::new(),
            record_slots: Semaphore::new(config.max_buffered_records),
            byte_slots: Semaphore::new(config.max_buffered_bytes),
            config,
        });
        // The guard is part of the task from the start, so it runs even if the task is
        // dropped before it is first polled.
        let guard = AbandonOnDrop(Arc::clone(&shared));
        runtime.spawn(async move {
            let guard = guard;
            guard.0.work().await;
        });
        Ok(Self { shared })
    }

    /// Submits one record, waiting while the buffer is full. The record is refused
    /// ([`SubmitErrorKind::TooLarge`]) if it is over [`MAX_RECORD_BYTES`], and
    /// ([`SubmitErrorKind::Closed`]) once the producer is closed; the error gives the data
    /// back.
    ///
    /// The returned [`Receipt`] resolves to the record's outcome. Dropping this future
    /// while it waits drops the record, which was never accepted.
    pub async fn submit(&self, data: impl Into<Vec<u8>>) -> Result<Receipt, SubmitError> {
        let data = data.into();
        let len = self.shared.check_size(&data)?;
        let shared = &*self.shared;
        // The uncontended path without a future; waiting is FIFO either way, since tokio
        // hands released permits to waiters first.
        let record_permit = match shared.record_slots.try_acquire() {
            Ok(permit) => Ok(permit),
            Err(_) => shared.record_slots.acquire().await,
        };
        let Ok(record_permit) = record_permit else {
            return Err(shared.refuse(SubmitErrorKind::Closed, data));
        };
        let byte_permit = match shared.byte_slots.try_acquire_many(len) {
            Ok(permit) => Ok(permit),
            Err(_) => shared.byte_slots.acquire_many(len).await,
        };
        let Ok(byte_permit) = byte_permit else {
            return Err(shared.refuse(SubmitErrorKind::Closed, data));
        };
        record_permit.forget();
        byte_permit.forget();
        shared.enqueue(data)
    }

    /// Submits one record if the buffer has room for it now, and fails with
    /// [`SubmitErrorKind::Full`] (giving the data back) if not. Otherwise as
    /// [`submit`](Self::submit).
    pub fn try_submit(&self, data: impl Into<Vec<u8>>) -> Result<Receipt, SubmitError> {
        let data = data.into();
        let len = self.shared.check_size(&data)?;
        let shared = &*self.shared;
        let refusal = |e: TryAcquireError| match e {
            TryAcquireError::Closed => SubmitErrorKind::Closed,
            TryAcquireError::NoPermits => SubmitErrorKind::Full,
        };
        let record_permit = match shared.record_slots.try_acquire() {
            Ok(permit) => permit,
            Err(e) => return Err(shared.refuse(refusal(e), data)),
        };
        let byte_permit = match shared.byte_slots.try_acquire_many(len) {
            Ok(permit) => permit,
            Err(e) => return Err(shared.refuse(refusal(e), data)),
        };
        record_permit.forget();
        byte_permit.forget();
        shared.enqueue(data)
    }

    /// Sends every record submitted before this call without waiting for batches to fill,
    /// and returns once each of them has resolved (delivered, or failed after the retry
    /// policy gave up). Records submitted meanwhile are batched as usual.
    pub async fn flush(&self) {
        let shared = &*self.shared;
        let upto = {
            let mut state = shared.lock();
            let upto = state.current.id;
            let next = Epoch {
                id: upto + 1,
                unresolved: 0,
            };
            let ended = std::mem::replace(&mut state.current, next);
            state.older.push_back(ended);
            state.drop_settled_epochs();
            state.flush_upto = Some(upto);
            upto
        };
        shared.work.notify_one();
        shared.wait_until(|state| state.settled_upto(upto)).await;
    }

    /// Refuses new records (also submits waiting for room), sends everything buffered
    /// without waiting for batches to fill, and returns once every record submitted has
    /// resolved, with the final counters. Calling it again waits the same way.
    pub async fn close(&self) -> Metrics {
        self.shared.begin_close();
        self.shared
            .wait_until(|state| state.settled_upto(u64::MAX))
            .await;
        self.metrics()
    }

    /// The counters now.
    pub fn metrics(&self) -> Metrics {
        let totals = self.shared.lock().totals;
        self.shared.counters.snapshot(totals)
    }

    /// The stream records go to.
    pub fn stream(&self) -> &str {
        &self.shared.stream
    }

    /// The configuration.
    pub fn config(&self) -> &ProducerConfig {
        &self.shared.config
    }
}

impl Drop for Producer {
    fn drop(&mut self) {
        // The worker and call tasks hold the shared state and finish what was submitted.
        self.shared.begin_close();
    }
}

impl fmt::Debug for Producer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Producer")
            .field("stream", &self.shared.stream)
            .field("config", &self.shared.config)
            .finish_non_exhaustive()
    }
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // No code holding the lock can panic; if some did, the state is still consistent
        // enough to resolve every record.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The record's size as a permit count, or its refusal.
    fn check_size(&self, data: &[u8]) -> Result<u32, SubmitError> {
        match u32::try_from(data.len()) {
            Ok(len) if data.len() <= MAX_RECORD_BYTES => Ok(len),
            _ => Err(self.refuse(
                SubmitErrorKind::TooLarge {
                    len: data.len(),
                    max: MAX_RECORD_BYTES,
                },
                data.to_vec(),
            )),
        }
    }

    fn refuse(&self, reason: SubmitErrorKind, data: Vec<u8>) -> SubmitError {
        add(&self.counters.records_refused, 1);
        SubmitError::new(reason, data)
    }

    /// Queues a record whose buffer permits are taken.
    fn enqueue(&self, data: Vec<u8>) -> Result<Receipt, SubmitError> {
        let len = data.len();
        let (tx, rx) = oneshot::channel();
        let wake = {
            let mut state = self.lock();
            if state.closed {
                drop(state);
                self.record_slots.add_permits(1);
                self.byte_slots.add_permits(len);
                return Err(self.refuse(SubmitErrorKind::Closed, data));
            }
            state.current.unresolved += 1;
            let epoch = state.current.id;
            let was_empty = state.queue.is_empty();
            let at = (!self.batch_full(&state)).then(Instant::now);
            state.queue.push_back(Queued {
                record: Record::new(data),
                slot: Slot {
                    tx,
                    epoch,
                    len,
                    last: None,
                    maybe_stored: false,
                },
                at,
            });
            state.queued_bytes += len;
            state.totals.records_submitted += 1;
            state.totals.bytes_submitted += len as u64;
            // Only the moments a batch becomes due wake the worker: it looks at the queue
            // again after each batch it takes, so a queue that stays full needs no more.
            let bytes_before = state.queued_bytes - len;
            was_empty
                || state.queue.len() == self.config.max_batch_records
                || (bytes_before < self.config.max_batch_bytes
                    && state.queued_bytes >= self.config.max_batch_bytes)
        };
        if wake {
            self.work.notify_one();
        }
        Ok(Receipt::new(rx))
    }

    fn batch_full(&self, state: &State) -> bool {
        state.queue.len() >= self.config.max_batch_records
            || state.queued_bytes >= self.config.max_batch_bytes
    }

    fn begin_close(&self) {
        self.lock().closed = true;
        self.record_slots.close();
        self.byte_slots.close();
        self.work.notify_one();
    }

    /// Waits until `done` holds for the state; rechecked whenever records settle.
    async fn wait_until(&self, done: impl Fn(&State) -> bool) {
        loop {
            let mut settled = pin!(self.settled.notified());
            settled.as_mut().enable();
            if done(&self.lock()) {
                return;
            }
            settled.await;
        }
    }

    /// Hands out outcomes and gives their records' room back.
    pub(crate) fn settle(&self, outcomes: Vec<(Slot, Outcome)>) {
        if outcomes.is_empty() {
            return;
        }
        // (records, bytes) delivered and failed, and unresolved records per epoch as runs
        // (nearly always one run: a batch rarely spans a flush).
        let (mut delivered, mut failed) = ((0usize, 0usize), (0usize, 0usize));
        let mut epochs: Vec<(u64, u64)> = Vec::with_capacity(1);
        for (slot, outcome) in outcomes {
            let tally = if outcome.is_ok() {
                &mut delivered
            } else {
                &mut failed
            };
            tally.0 += 1;
            tally.1 += slot.len;
            match epochs.last_mut() {
                Some((epoch, n)) if *epoch == slot.epoch => *n += 1,
                _ => epochs.push((slot.epoch, 1)),
            }
            // Before the accounting below: whoever sees the record settled (`flush`,
            // `close`) finds its outcome in the receipt. The receipt may be gone; the
            // outcome is then only counted.
            let _ = slot.tx.send(outcome.map_err(Box::new));
        }
        let any_epoch_settled = {
            let mut state = self.lock();
            let mut epoch_settled = false;
            for (id, n) in epochs {
                if let Some(epoch) = state.epoch_mut(id) {
                    epoch.unresolved = epoch.unresolved.saturating_sub(n);
                    epoch_settled |= epoch.unresolved == 0;
                }
            }
            state.drop_settled_epochs();
            let totals = &mut state.totals;
            totals.records_delivered += delivered.0 as u64;
            totals.bytes_delivered += delivered.1 as u64;
            totals.records_failed += failed.0 as u64;
            totals.bytes_failed += failed.1 as u64;
            epoch_settled
        };
        self.record_slots.add_permits(delivered.0 + failed.0);
        self.byte_slots.add_permits(delivered.1 + failed.1);
        if any_epoch_settled {
            self.settled.notify_waiters();
        }
    }

    /// The worker: waits until a batch is due, takes an in-flight slot, cuts the batch and
    /// starts its call. Returns once the producer is closed and the queue is empty.
    async fn work(self: &Arc<Self>) {
        while self.batch_due().await {
            let Ok(permit) = Arc::clone(&self.in_flight).acquire_owned().await else {
                return;
            };
            if let Some(batch) = self.take_batch() {
                tokio::spawn(batch.run(permit));
            }
        }
        event!(
            debug,
            "producer worker stopped",
            stream = self.stream.as_str()
        );
    }

    /// Waits until the queue holds a batch to send now (full, lingered long enough, being
    /// flushed, or the producer is closing); `false` once closed with nothing queued.
    async fn batch_due(&self) -> bool {
        loop {
            let woken = self.work.notified();
            let deadline = {
                let mut state = self.lock();
                let (closed, flush_upto) = (state.closed, state.flush_upto);
                let full = self.batch_full(&state);
                match state.queue.front_mut() {
                    None if closed => return false,
                    None => None,
                    Some(front) => {
                        let flushing = flush_upto.is_some_and(|upto| front.slot.epoch <= upto);
                        if closed || flushing || full {
                            return true;
                        }
                        Some(*front.at.get_or_insert_with(Instant::now) + self.config.linger)
                    }
                }
            };
            match deadline {
                None => woken.await,
                Some(deadline) if deadline <= Instant::now() => return true,
                Some(deadline) => {
                    let _ = tokio::time::timeout_at(deadline, woken).await;
                }
            }
        }
    }

    /// Takes the oldest records that fit one call.
    fn take_batch(self: &Arc<Self>) -> Option<Batch> {
        let mut state = self.lock();
        let max_records = self.config.max_batch_records;
        let count = state.queue.len().min(max_records);
        let mut records = Vec::with_capacity(count);
        let mut slots = Vec::with_capacity(count);
        let mut bytes = 0;
        while let Some(front) = state.queue.front() {
            let len = front.slot.len;
            let fits = records.is_empty() || bytes + len <= self.config.max_batch_bytes;
            if records.len() == max_records || !fits {
                break;
            }
            let Some(queued) = state.queue.pop_front() else {
                break;
            };
            bytes += len;
            records.push(queued.record);
            slots.push(queued.slot);
        }
        state.queued_bytes -= bytes;
        if let Some(front) = state.queue.front_mut() {
            front.at.get_or_insert_with(Instant::now);
        }
        drop(state);
        (!slots.is_empty()).then(|| Batch::new(Arc::clone(self), records, slots))
    }
}

/// Owned by the worker task: when that task ends (or is dropped because the runtime shuts
/// down), closes the producer and reports every queued record abandoned, so no receipt
/// waits forever.
struct AbandonOnDrop(Arc<Shared>);

impl Drop for AbandonOnDrop {
    fn drop(&mut self) {
        let shared = &self.0;
        shared.begin_close();
        let queued: Vec<Queued> = {
            let mut state = shared.lock();
            state.queued_bytes = 0;
            state.queue.drain(..).collect()
        };
        let abandoned = queued
            .into_iter()
            .map(|queued| {
                let data = queued.record.data.into_inner();
                let error = crate::outcome::DeliveryError::abandoned(
                    0,
                    data,
                    "the producer's runtime shut down before the record was sent",
                );
                (queued.slot, Err(error))
            })
            .collect();
        shared.settle(abandoned);
    }
}
