//! Client-side rate limiting of the adaptive retry mode: a token bucket whose fill rate
//! follows CUBIC congestion control, cut when the service throttles and grown back as calls
//! succeed.
//!
//! The algorithm and constants are the AWS SDKs' (`aws-smithy-runtime` 1.16
//! `client::retries::client_rate_limiter`, which follows botocore's `retries/adaptive.py`).
//! Until the first throttling error the bucket is off and costs nothing.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// Tokens the first attempt of a call takes.
const INITIAL_REQUEST_COST: f64 = 1.0;
/// Tokens a retry takes.
const RETRY_COST: f64 = 5.0;
/// Tokens a retry after a throttling error takes.
const RETRY_THROTTLED_COST: f64 = 10.0;
/// The fill rate (tokens per second) never drops below this.
const MIN_FILL_RATE: f64 = 0.5;
/// The bucket always holds at least this many tokens.
const MIN_CAPACITY: f64 = 1.0;
/// Weight of the newest measurement in the smoothed send rate.
const SMOOTH: f64 = 0.8;
/// Throttling multiplies the rate by this.
const BETA: f64 = 0.7;
/// CUBIC's scale constant.
const SCALE_CONSTANT: f64 = 0.4;

/// Why a token is wanted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Reason {
    /// The first attempt of a call.
    Initial,
    /// A retry after a non-throttling error.
    Retry,
    /// A retry after a throttling error.
    RetryThrottled,
}

impl Reason {
    fn cost(self) -> f64 {
        match self {
            Self::Initial => INITIAL_REQUEST_COST,
            Self::Retry => RETRY_COST,
            Self::RetryThrottled => RETRY_THROTTLED_COST,
        }
    }
}

/// A rate limiter shared by the clients of one service and region in adaptive mode. Clones
/// share the state.
#[derive(Clone)]
pub(crate) struct RateLimiter {
    state: Arc<Mutex<State>>,
    epoch: Instant,
}

#[derive(Debug)]
struct State {
    fill_rate: f64,
    max_capacity: f64,
    current_capacity: f64,
    last_timestamp: Option<f64>,
    enabled: bool,
    measured_tx_rate: f64,
    last_tx_rate_bucket: f64,
    request_count: u64,
    last_max_rate: f64,
    time_of_last_throttle: f64,
}

impl RateLimiter {
    pub(crate) fn new() -> Self {
        Self {
            state: Arc::new(Mutex::new(State::new(0.0))),
            epoch: Instant::now(),
        }
    }

    /// Seconds since this limiter was made.
    pub(crate) fn now(&self) -> f64 {
        self.epoch.elapsed().as_secs_f64()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Takes the tokens for `reason` at time `now`, or says how long to wait for them (and
    /// takes nothing).
    pub(crate) fn acquire(&self, now: f64, reason: Reason) -> Result<(), Duration> {
        self.lock().acquire(now, reason.cost())
    }

    /// Feeds the outcome of an attempt at time `now` into the rate.
    pub(crate) fn update(&self, now: f64, throttled: bool) {
        self.lock().update(now, throttled);
    }

    /// Tokens per second the bucket refills with.
    #[cfg(test)]
    pub(crate) fn fill_rate(&self) -> f64 {
        self.lock().fill_rate
    }

    /// Whether throttling has switched the bucket on.
    #[cfg(test)]
    pub(crate) fn is_enabled(&self) -> bool {
        self.lock().enabled
    }
}

impl fmt::Debug for RateLimiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.lock();
        f.debug_struct("RateLimiter")
            .field("enabled", &state.enabled)
            .field("fill_rate", &state.fill_rate)
            .finish_non_exhaustive()
    }
}

impl State {
    fn new(now: f64) -> Self {
        // As the SDK's `ClientRateLimiter::new`: the measured rate starts at the minimum fill
        // rate; the fill rate itself is set by the first update.
        Self {
            fill_rate: 0.0,
            max_capacity: f64::MAX,
            current_capacity: 0.0,
            last_timestamp: None,
            enabled: false,
            measured_tx_rate: MIN_FILL_RATE,
            last_tx_rate_bucket: now.floor(),
            request_count: 0,
            last_max_rate: 0.0,
            time_of_last_throttle: now,
        }
    }

    fn acquire(&mut self, now: f64, amount: f64) -> Result<(), Duration> {
        if !self.enabled {
            return Ok(());
        }
        self.refill(now);
        if amount > self.current_capacity {
            let wait =
                Duration::try_from_secs_f64((amount - self.current_capacity) / self.fill_rate)
                    .unwrap_or(Duration::MAX);
            if !wait.is_zero() {
                return Err(wait);
            }
        }
        self.current_capacity = (self.current_capacity - amount).max(0.0);
        Ok(())
    }

    fn update(&mut self, now: f64, throttled: bool) {
        self.update_measured_rate(now);
        let calculated = if throttled {
            let rate = if self.enabled {
                self.measured_tx_rate.min(self.fill_rate)
            } else {
                self.measured_tx_rate
            };
            self.last_max_rate = rate;
            self.time_of_last_throttle = now;
            self.enabled = true;
            rate * BETA
        } else {
            let dt = now - self.time_of_last_throttle - self.time_window();
            SCALE_CONSTANT * dt.powi(3) + self.last_max_rate
        };
        let new_rate = calculated.min(2.0 * self.measured_tx_rate);
        self.refill(now);
        self.fill_rate = new_rate.max(MIN_FILL_RATE);
        self.max_capacity = new_rate.max(MIN_CAPACITY);
        self.current_capacity = self.current_capacity.min(self.max_capacity);
    }

    fn refill(&mut self, now: f64) {
        if let Some(last) = self.last_timestamp {
            let fill = (now - last) * self.fill_rate;
            self.current_capacity = self.max_capacity.min(self.current_capacity + fill);
        }
        self.last_timestamp = Some(now);
    }

    /// The send rate, measured in half-second buckets and smoothed.
    fn update_measured_rate(&mut self, now: f64) {
        let bucket = (now * 2.0).floor() / 2.0;
        self.request_count += 1;
        if bucket > self.last_tx_rate_bucket {
            let rate = self.request_count as f64 / (bucket - self.last_tx_rate_bucket);
            self.measured_tx_rate = rate * SMOOTH + self.measured_tx_rate * (1.0 - SMOOTH);
            self.request_count = 0;
            self.last_tx_rate_bucket = bucket;
        }
    }

    fn time_window(&self) -> f64 {
        ((self.last_max_rate * (1.0 - BETA)) / SCALE_CONSTANT).cbrt()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn off_until_the_first_throttle() {
        let mut s = State::new(0.0);
        for i in 0..100 {
            assert_eq!(s.acquire(f64::from(i) * 0.01, RETRY_THROTTLED_COST), Ok(()));
            s.update(f64::from(i) * 0.01, false);
        }
        assert!(!s.enabled);
    }

    #[test]
    fn throttling_cuts_the_rate_to_beta_times_the_measured_rate() {
        let mut s = State::new(0.0);
        // 10 requests per second for 5 seconds.
        for i in 0..50 {
            s.update(f64::from(i) / 10.0, false);
        }
        let t = 5.0;
        assert!(
            (s.measured_tx_rate - 10.0).abs() < 1.0,
            "{}",
            s.measured_tx_rate
        );
        s.update(t, true);
        assert!(s.enabled);
        // The rate at the throttle (measured by that same update) times beta.
        assert!((s.last_max_rate - 10.0).abs() < 1.0, "{}", s.last_max_rate);
        assert!(
            (s.fill_rate - s.last_max_rate * BETA).abs() < 1e-9,
            "{}",
            s.fill_rate
        );
        // Requests now wait for tokens: the bucket holds at most the new rate.
        let mut waited = Duration::ZERO;
        let mut granted = 0;
        let mut now = t;
        while now < t + 10.0 {
            match s.acquire(now, INITIAL_REQUEST_COST) {
                Ok(()) => granted += 1,
                Err(wait) => waited += wait,
            }
            now += 0.01;
        }
        // Ten seconds at the new rate, plus what the bucket held.
        let expected = s.fill_rate * 10.0;
        assert!(
            (f64::from(granted) - expected).abs() <= s.max_capacity + 1.0,
            "{granted} vs {expected}"
        );
        assert!(!waited.is_zero());
    }

    #[test]
    fn success_grows_the_rate_back_along_the_cubic() {
        let mut s = State::new(0.0);
        let mut t = 0.0;
        while t < 3.0 {
            s.update(t, false);
            t += 0.05;
        }
        s.update(t, true);
        let cut = s.fill_rate;
        // Right after the throttle the cubic is below the old maximum; it regains it after
        // the time window and keeps growing (bounded by twice the measured rate).
        let window = s.time_window();
        let mut later = t;
        while later < t + window + 2.0 {
            s.update(later, false);
            later += 0.05;
        }
        assert!(s.fill_rate > cut, "{} <= {cut}", s.fill_rate);
        assert!(s.fill_rate <= 2.0 * s.measured_tx_rate + 1e-9);
    }

    #[test]
    fn the_rate_never_drops_below_the_minimum() {
        let mut s = State::new(0.0);
        for i in 0..50 {
            s.update(f64::from(i), true);
        }
        assert!(s.fill_rate >= MIN_FILL_RATE);
        // With the bucket empty, a retry waits (cost - capacity) / rate.
        s.current_capacity = 0.0;
        s.last_timestamp = Some(50.0);
        let wait = s.acquire(50.0, RETRY_COST).unwrap_err();
        assert!(
            (wait.as_secs_f64() - RETRY_COST / s.fill_rate).abs() < 1e-6,
            "{wait:?}"
        );
    }
}
