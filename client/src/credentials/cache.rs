//! The credentials cache between a provider and the calls that sign with its credentials.
//!
//! Rules (the AWS SDKs' lazy cache, smithy-rs `LazyCache`):
//! - Credentials are used until `expiry - BUFFER_TIME * (1 - jitter)`, `jitter` uniform in
//!   [0, 1) and drawn at each load: a refresh starts 0 to 10 s before they expire, spread so
//!   that many processes don't refresh at the same instant.
//! - Credentials without an expiry count as expiring [`DEFAULT_EXPIRATION`] after loading,
//!   so long-term keys are re-read now and then (a rotated key in a file is picked up).
//! - One refresh at a time: callers that find the credentials stale while a refresh runs wait
//!   for it and share its outcome; the provider is called once.
//! - A provider gets [`LOAD_TIMEOUT`] (the default chain enforces its own, equal, limit so its
//!   error can say which sources were tried).
//! - Deviation, for availability: when a refresh fails but the credentials held have not yet
//!   reached their actual expiry (long-term keys never do), the call goes ahead with them
//!   (the SDK fails it) and the next refresh is tried [`RETRY_AFTER_FAILURE`] later.

use std::fmt;
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime};

use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};

use super::{Credentials, CredentialsError};

/// How long a provider may take to load credentials (the SDKs' default).
pub(crate) const LOAD_TIMEOUT: Duration = Duration::from_secs(5);
/// How long before expiry a refresh may start, at most (the SDKs' default).
pub(crate) const BUFFER_TIME: Duration = Duration::from_secs(10);
/// The lifetime given to credentials that have no expiry (the SDKs' default).
pub(crate) const DEFAULT_EXPIRATION: Duration = Duration::from_secs(15 * 60);
/// After a failed refresh of credentials that are still valid, how long they are used before
/// the next try (ours: one caller a second waits for a failing source, the rest don't).
pub(crate) const RETRY_AFTER_FAILURE: Duration = Duration::from_secs(1);

type Clock = Arc<dyn Fn() -> SystemTime + Send + Sync>;
type Jitter = Arc<dyn Fn() -> f64 + Send + Sync>;

/// A provider with a cache in front; clones share both.
#[derive(Clone)]
pub(crate) struct CredentialsCache {
    inner: Arc<Inner>,
}

struct Inner {
    provider: SharedCredentialsProvider,
    provider_name: &'static str,
    load_timeout: Option<Duration>,
    clock: Clock,
    jitter: Jitter,
    state: RwLock<State>,
    refresh: tokio::sync::Mutex<()>,
}

#[derive(Default)]
struct State {
    held: Option<Held>,
    /// Counts finished refreshes, so a caller that waited can tell one happened.
    generation: u64,
    /// The last refresh's error, shared with the callers that waited for it.
    error: Option<CredentialsError>,
}

struct Held {
    credentials: Credentials,
    refresh_at: SystemTime,
    expiry: Option<SystemTime>,
}

impl CredentialsCache {
    /// A cache in front of `provider`. `load_timeout` limits each load (`None`: the provider
    /// limits itself).
    pub(crate) fn new<P: ProvideCredentials + 'static>(
        provider: P,
        load_timeout: Option<Duration>,
    ) -> Self {
        Self {
            inner: Arc::new(Inner {
                provider: SharedCredentialsProvider::new(provider),
                provider_name: std::any::type_name::<P>(),
                load_timeout,
                clock: Arc::new(SystemTime::now),
                jitter: Arc::new(fastrand::f64),
                state: RwLock::new(State::default()),
                refresh: tokio::sync::Mutex::new(()),
            }),
        }
    }

    /// The same cache with a clock and a jitter source of the test's (before first use).
    #[cfg(test)]
    pub(crate) fn with_clock_and_jitter(
        self,
        clock: impl Fn() -> SystemTime + Send + Sync + 'static,
        jitter: impl Fn() -> f64 + Send + Sync + 'static,
    ) -> Self {
        let inner = &*self.inner;
        Self {
            inner: Arc::new(Inner {
                provider: inner.provider.clone(),
                provider_name: inner.provider_name,
                load_timeout: inner.load_timeout,
                clock: Arc::new(clock),
                jitter: Arc::new(jitter),
                state: RwLock::new(State::default()),
                refresh: tokio::sync::Mutex::new(()),
            }),
        }
    }

    /// Fresh credentials: the held ones, or newly loaded ones.
    pub(crate) async fn resolve(&self) -> Result<Credentials, CredentialsError> {
        let inner = &*self.inner;
        let seen = {
            let state = inner.read();
            if let Some(fresh) = state.fresh((inner.clock)()) {
                return Ok(fresh);
            }
            state.generation
        };
        let _refreshing = inner.refresh.lock().await;
        {
            let state = inner.read();
            let now = (inner.clock)();
            if let Some(fresh) = state.fresh(now) {
                return Ok(fresh);
            }
            if state.generation != seen {
                // A refresh finished while this call waited, and failed: share its outcome
                // rather than call the provider again at once.
                if let Some(error) = &state.error {
                    return Err(error.clone());
                }
            }
        }
        let loaded = inner.load().await;
        let now = (inner.clock)();
        let mut state = inner.write();
        state.generation = state.generation.wrapping_add(1);
        match loaded {
            Ok(credentials) => {
                let expiry = credentials.expiry();
                let lifetime_end = expiry.unwrap_or(now + DEFAULT_EXPIRATION);
                let jitter = (inner.jitter)().clamp(0.0, 1.0);
                let refresh_at = lifetime_end
                    .checked_sub(BUFFER_TIME.mul_f64(1.0 - jitter))
                    .unwrap_or(lifetime_end);
                state.held = Some(Held {
                    credentials: credentials.clone(),
                    refresh_at,
                    expiry,
                });
                state.error = None;
                Ok(credentials)
            }
            Err(error) => {
                state.error = Some(error.clone());
                let still_valid = state
                    .held
                    .as_mut()
                    .filter(|held| held.expiry.is_none_or(|expiry| now < expiry));
                match still_valid {
                    Some(held) => {
                        let retry = now + RETRY_AFTER_FAILURE;
                        held.refresh_at = held.expiry.map_or(retry, |expiry| expiry.min(retry));
                        Ok(held.credentials.clone())
                    }
                    None => Err(error),
                }
            }
        }
    }
}

impl Inner {
    fn read(&self) -> std::sync::RwLockReadGuard<'_, State> {
        // The lock guards plain data that no code path leaves half-written.
        self.state
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, State> {
        self.state
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    async fn load(&self) -> Result<Credentials, CredentialsError> {
        let loading = self.provider.provide_credentials();
        let result = match self.load_timeout {
            Some(after) if tokio::runtime::Handle::try_current().is_ok() => {
                match tokio::time::timeout(after, loading).await {
                    Ok(result) => result,
                    Err(_) => {
                        return Err(CredentialsError::TimedOut {
                            after,
                            tried: Vec::new(),
                            during: None,
                        });
                    }
                }
            }
            _ => loading.await,
        };
        result
            .map(Credentials::from)
            .map_err(|e| CredentialsError::from_provider(&e))
    }
}

impl State {
    fn fresh(&self, now: SystemTime) -> Option<Credentials> {
        self.held
            .as_ref()
            .filter(|held| now < held.refresh_at)
            .map(|held| held.credentials.clone())
    }
}

impl fmt::Debug for CredentialsCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The provider's own Debug may show a key id; its type says enough.
        f.debug_struct("CredentialsCache")
            .field("provider", &self.inner.provider_name)
            .finish_non_exhaustive()
    }
}
