#![doc = include_str!("../README.md")]
#![warn(missing_docs)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::unreachable,
        clippy::todo
    )
)]

mod batch;
mod classify;
mod config;
mod metrics;
mod outcome;
mod producer;
mod send;
mod trace;

pub use config::{
    ConfigError, MAX_BATCH_BYTES, MAX_BATCH_RECORDS, MAX_RECORD_BYTES, ProducerConfig, RetryPolicy,
};
pub use metrics::{BATCH_SIZE_BOUNDS, Metrics};
pub use outcome::{
    Delivered, DeliveryError, FailureKind, Outcome, Receipt, SubmitError, SubmitErrorKind,
};
pub use producer::Producer;

#[cfg(test)]
mod tests;
