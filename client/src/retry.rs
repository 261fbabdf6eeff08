//! Retries as the AWS SDKs' "standard" mode defines them: how many attempts, how long to wait
//! between them, and the retry quota that stops a client from retrying into an outage.
//!
//! Constants and rules are those of the AWS SDK for Rust (`aws-smithy-runtime` 1.16,
//! `client::retries::strategy::standard` and `client::retries::token_bucket`); which errors
//! are retried is decided by [`smithy_rt::retry`]. docs/DESIGN.md lists each rule with its
//! source and the test that checks it.

use std::collections::HashMap;
use std::fmt;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use smithy_rt::retry::ErrorKind;

use crate::rate_limit::RateLimiter;

/// Attempts per call in standard mode, the first one included.
pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;
/// The base of the exponential backoff: the longest wait before the first retry.
pub const DEFAULT_INITIAL_BACKOFF: Duration = Duration::from_secs(1);
/// No wait between attempts is longer than this.
pub const DEFAULT_MAX_BACKOFF: Duration = Duration::from_secs(20);

/// Tokens in a new retry quota.
pub const QUOTA_CAPACITY: u32 = 500;
/// Tokens a retry after a throttling or other non-transient error takes from the quota.
pub const RETRY_COST: u32 = 5;
/// Tokens a retry after a transient error (timeout, connection failure, 500/502/503/504)
/// takes from the quota.
pub const RETRY_TRANSIENT_COST: u32 = 10;
/// Tokens a call that succeeds at its first attempt gives back to the quota.
pub const NO_RETRY_INCREMENT: u32 = 1;

/// How a client retries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RetryMode {
    /// The AWS SDKs' standard mode: exponential backoff with full jitter, and a retry quota.
    Standard,
    /// Standard mode plus client-side rate limiting: once the service throttles, the client
    /// sends no faster than a rate that adapts to the throttling (the SDKs' "adaptive" mode).
    Adaptive,
}

/// Retry settings: [`RetryConfig::standard`] (the default), [`RetryConfig::adaptive`] or
/// [`RetryConfig::disabled`], then `with_*` to change a value.
///
/// ```
/// use std::time::Duration;
/// use smithy_client::RetryConfig;
///
/// let retry = RetryConfig::standard()
///     .with_max_attempts(5)
///     .with_initial_backoff(Duration::from_millis(200))
///     .with_max_backoff(Duration::from_secs(5));
/// assert_eq!(retry.max_attempts(), 5);
/// ```
#[derive(Clone, Debug)]
pub struct RetryConfig {
    mode: RetryMode,
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    quota: Option<RetryQuota>,
}

impl RetryConfig {
    /// Standard mode: up to 3 attempts, waits of `random(0..1) * min(1 s * 2^(n-1), 20 s)`
    /// before retry `n`, and the retry quota shared by the clients of one service and region.
    pub fn standard() -> Self {
        Self {
            mode: RetryMode::Standard,
            max_attempts: DEFAULT_MAX_ATTEMPTS,
            initial_backoff: DEFAULT_INITIAL_BACKOFF,
            max_backoff: DEFAULT_MAX_BACKOFF,
            quota: None,
        }
    }

    /// Adaptive mode: standard mode plus client-side rate limiting after throttling.
    pub fn adaptive() -> Self {
        Self {
            mode: RetryMode::Adaptive,
            ..Self::standard()
        }
    }

    /// No retries: every call makes one attempt.
    pub fn disabled() -> Self {
        Self::standard().with_max_attempts(1)
    }

    /// Makes at most `max_attempts` attempts per call, the first one included (0 counts as 1).
    pub fn with_max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = max_attempts.max(1);
        self
    }

    /// The base of the exponential backoff (default 1 s).
    pub fn with_initial_backoff(mut self, initial_backoff: Duration) -> Self {
        self.initial_backoff = initial_backoff;
        self
    }

    /// The longest wait between two attempts (default 20 s); also caps a wait the service
    /// asks for with `x-amz-retry-after`.
    pub fn with_max_backoff(mut self, max_backoff: Duration) -> Self {
        self.max_backoff = max_backoff;
        self
    }

    /// Takes retry tokens from `quota` instead of the quota shared by all clients of the same
    /// service and region, e.g. to give one workload its own quota.
    pub fn with_quota(mut self, quota: RetryQuota) -> Self {
        self.quota = Some(quota);
        self
    }

    /// The retry mode.
    pub fn mode(&self) -> RetryMode {
        self.mode
    }

    /// Attempts per call, the first one included.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The base of the exponential backoff.
    pub fn initial_backoff(&self) -> Duration {
        self.initial_backoff
    }

    /// The longest wait between two attempts.
    pub fn max_backoff(&self) -> Duration {
        self.max_backoff
    }

    /// The quota set with [`with_quota`](Self::with_quota).
    pub fn quota(&self) -> Option<&RetryQuota> {
        self.quota.as_ref()
    }

    /// The wait before the retry that follows attempt `attempt` (1 for the first), given a
    /// uniform random `jitter` in `[0, 1)`: `jitter * min(initial * 2^(attempt-1), max)`.
    pub(crate) fn backoff(&self, attempt: u32, jitter: f64) -> Duration {
        let ceiling = 2u32
            .checked_pow(attempt.saturating_sub(1))
            .and_then(|factor| self.initial_backoff.checked_mul(factor))
            .map_or(self.max_backoff, |d| d.min(self.max_backoff));
        ceiling.mul_f64(jitter.clamp(0.0, 1.0))
    }

    /// The wait before the next retry: what the service asked for (capped at the maximum
    /// backoff), else a jittered exponential backoff.
    pub(crate) fn delay(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        match retry_after {
            Some(asked) => asked.min(self.max_backoff),
            None => self.backoff(attempt, fastrand::f64()),
        }
    }
}

impl Default for RetryConfig {
    fn default() -> Self {
        Self::standard()
    }
}

/// The retry settings of an `aws-smithy-types` (`aws_config::SdkConfig`) retry config: mode,
/// max attempts, initial and max backoff.
impl From<&aws_smithy_types::retry::RetryConfig> for RetryConfig {
    fn from(sdk: &aws_smithy_types::retry::RetryConfig) -> Self {
        let base = match sdk.mode() {
            aws_smithy_types::retry::RetryMode::Adaptive => Self::adaptive(),
            _ => Self::standard(),
        };
        base.with_max_attempts(sdk.max_attempts())
            .with_initial_backoff(sdk.initial_backoff())
            .with_max_backoff(sdk.max_backoff())
    }
}

/// The retry quota: a bucket of tokens that retries draw from, so that a client stops
/// retrying when most of its calls fail (an outage) and starts again as calls succeed.
///
/// It starts with [`QUOTA_CAPACITY`] tokens. A retry takes [`RETRY_TRANSIENT_COST`] after a
/// transient error and [`RETRY_COST`] after any other retryable error; with too few tokens the
/// call returns its error instead. A call that succeeds after retries gives its last retry's
/// tokens back, one that succeeds at once adds [`NO_RETRY_INCREMENT`], never above the
/// capacity. Clones share the tokens.
#[derive(Clone)]
pub struct RetryQuota {
    inner: Arc<Quota>,
}

struct Quota {
    capacity: u32,
    available: AtomicU32,
}

impl RetryQuota {
    /// A quota holding `capacity` tokens (the SDKs use [`QUOTA_CAPACITY`]).
    pub fn new(capacity: u32) -> Self {
        Self {
            inner: Arc::new(Quota {
                capacity,
                available: AtomicU32::new(capacity),
            }),
        }
    }

    /// The tokens left.
    pub fn available(&self) -> u32 {
        self.inner.available.load(Ordering::Relaxed)
    }

    /// The tokens it holds when full.
    pub fn capacity(&self) -> u32 {
        self.inner.capacity
    }

    /// The tokens a retry after an error of `kind` costs.
    pub fn cost(kind: ErrorKind) -> u32 {
        match kind {
            ErrorKind::TransientError => RETRY_TRANSIENT_COST,
            _ => RETRY_COST,
        }
    }

    /// Takes the cost of a retry after `kind`; `None` (and nothing taken) if too few are left.
    pub(crate) fn acquire(&self, kind: ErrorKind) -> Option<u32> {
        let cost = Self::cost(kind);
        self.inner
            .available
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |left| {
                left.checked_sub(cost)
            })
            .ok()
            .map(|_| cost)
    }

    /// Gives back `tokens`, never above the capacity.
    pub(crate) fn release(&self, tokens: u32) {
        let capacity = self.inner.capacity;
        let _ = self
            .inner
            .available
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |left| {
                (left < capacity).then(|| left.saturating_add(tokens).min(capacity))
            });
    }
}

/// What the clients of one service and region share: the retry quota, and the rate limiter of
/// adaptive mode (the SDKs' retry partition `<service>-<region>`).
#[derive(Clone, Debug)]
pub(crate) struct Partition {
    pub(crate) quota: RetryQuota,
    pub(crate) limiter: RateLimiter,
}

impl Partition {
    /// The partition of `service` in `region`, made on first use.
    pub(crate) fn shared(service: &str, region: &str) -> Self {
        static SHARED: OnceLock<Mutex<HashMap<String, Partition>>> = OnceLock::new();
        let key = format!("{service}-{region}");
        let map = SHARED.get_or_init(Default::default);
        // A poisoned lock only means another thread panicked while inserting; the map is
        // still usable.
        let mut map = map
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        map.entry(key)
            .or_insert_with(|| Partition {
                quota: RetryQuota::new(QUOTA_CAPACITY),
                limiter: RateLimiter::new(),
            })
            .clone()
    }

    /// A partition of its own around `quota`.
    pub(crate) fn own(quota: RetryQuota) -> Self {
        Self {
            quota,
            limiter: RateLimiter::new(),
        }
    }
}

impl Default for RetryQuota {
    fn default() -> Self {
        Self::new(QUOTA_CAPACITY)
    }
}

impl fmt::Debug for RetryQuota {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RetryQuota")
            .field("available", &self.available())
            .field("capacity", &self.capacity())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_defaults_are_the_sdks() {
        let standard = RetryConfig::default();
        assert_eq!(standard.mode(), RetryMode::Standard);
        assert_eq!(standard.max_attempts(), 3);
        assert_eq!(standard.initial_backoff(), Duration::from_secs(1));
        assert_eq!(standard.max_backoff(), Duration::from_secs(20));
        assert_eq!(RetryConfig::disabled().max_attempts(), 1);
        assert_eq!(
            RetryConfig::standard().with_max_attempts(0).max_attempts(),
            1
        );
        assert_eq!(RetryConfig::adaptive().mode(), RetryMode::Adaptive);
    }

    #[test]
    fn backoff_is_full_jitter_of_a_capped_exponential() {
        let retry = RetryConfig::standard();
        // The ceiling doubles from 1 s and stops at 20 s.
        let ceilings = [1, 2, 4, 8, 16, 20, 20, 20];
        for (i, ceiling) in ceilings.iter().enumerate() {
            let attempt = i as u32 + 1;
            let ceiling = Duration::from_secs(*ceiling);
            assert_eq!(retry.backoff(attempt, 1.0), ceiling, "attempt {attempt}");
            assert_eq!(
                retry.backoff(attempt, 0.5),
                ceiling / 2,
                "attempt {attempt}"
            );
            assert_eq!(
                retry.backoff(attempt, 0.0),
                Duration::ZERO,
                "attempt {attempt}"
            );
        }
        // Huge attempt numbers don't overflow.
        assert_eq!(retry.backoff(u32::MAX, 1.0), Duration::from_secs(20));
        // Random jitter stays in [0, ceiling].
        for _ in 0..1000 {
            let d = retry.delay(3, None);
            assert!(d <= Duration::from_secs(4), "{d:?}");
        }
        // A wait the service asks for is used, capped at the maximum backoff.
        assert_eq!(
            retry.delay(1, Some(Duration::from_millis(1500))),
            Duration::from_millis(1500)
        );
        assert_eq!(
            retry.delay(1, Some(Duration::from_secs(600))),
            Duration::from_secs(20)
        );
    }

    #[test]
    fn sdk_retry_configs_convert() {
        use aws_smithy_types::retry::RetryConfig as Sdk;
        let ours = RetryConfig::from(
            &Sdk::adaptive()
                .with_max_attempts(7)
                .with_initial_backoff(Duration::from_millis(250))
                .with_max_backoff(Duration::from_secs(9)),
        );
        assert_eq!(ours.mode(), RetryMode::Adaptive);
        assert_eq!(ours.max_attempts(), 7);
        assert_eq!(ours.initial_backoff(), Duration::from_millis(250));
        assert_eq!(ours.max_backoff(), Duration::from_secs(9));
        assert_eq!(RetryConfig::from(&Sdk::disabled()).max_attempts(), 1);
        assert_eq!(
            RetryConfig::from(&Sdk::standard()).mode(),
            RetryMode::Standard
        );
    }

    #[test]
    fn the_quota_charges_by_kind_and_refills_to_capacity() {
        let quota = RetryQuota::default();
        assert_eq!(quota.available(), 500);
        assert_eq!(quota.acquire(ErrorKind::TransientError), Some(10));
        assert_eq!(quota.acquire(ErrorKind::ThrottlingError), Some(5));
        assert_eq!(quota.acquire(ErrorKind::ServerError), Some(5));
        assert_eq!(quota.acquire(ErrorKind::ClientError), Some(5));
        assert_eq!(quota.available(), 475);
        quota.release(5);
        quota.release(NO_RETRY_INCREMENT);
        assert_eq!(quota.available(), 481);
        // Never above capacity.
        quota.release(1000);
        assert_eq!(quota.available(), 500);
        // Running dry: the last retry that fits, then none, and nothing is taken.
        let small = RetryQuota::new(14);
        assert_eq!(small.acquire(ErrorKind::TransientError), Some(10));
        assert_eq!(small.acquire(ErrorKind::TransientError), None);
        assert_eq!(small.available(), 4);
        assert_eq!(small.acquire(ErrorKind::ThrottlingError), None);
        assert_eq!(small.available(), 4);
    }

    #[test]
    fn the_shared_quota_is_per_service_and_region() {
        let a = Partition::shared("svc-test-shared", "eu-west-1").quota;
        let b = Partition::shared("svc-test-shared", "eu-west-1").quota;
        let other = Partition::shared("svc-test-shared", "us-east-1").quota;
        a.acquire(ErrorKind::TransientError);
        assert_eq!(b.available(), 490);
        assert_eq!(other.available(), 500);
    }
}
