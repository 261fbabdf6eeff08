//! The cache: when it refreshes (fake clock, fixed jitter), one refresh at a time under
//! concurrency (counting provider), failures, time limits.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use aws_credential_types::provider::error::CredentialsError as ProviderError;

use super::super::cache::{BUFFER_TIME, CredentialsCache, DEFAULT_EXPIRATION};
use super::*;

type Script = dyn Fn(usize) -> Result<Credentials, ProviderError> + Send + Sync;

/// Counts its calls; call `n` (from 1) answers `script(n)` after `delay`.
#[derive(Clone)]
struct Counting {
    calls: Arc<AtomicUsize>,
    delay: Duration,
    script: Arc<Script>,
}

impl Counting {
    fn new(
        delay: Duration,
        script: impl Fn(usize) -> Result<Credentials, ProviderError> + Send + Sync + 'static,
    ) -> Self {
        Self {
            calls: Arc::new(AtomicUsize::new(0)),
            delay,
            script: Arc::new(script),
        }
    }

    fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }
}

impl fmt::Debug for Counting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Counting")
    }
}

impl ProvideCredentials for Counting {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        future::ProvideCredentials::new(async move {
            let call = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
            if !self.delay.is_zero() {
                tokio::time::sleep(self.delay).await;
            }
            (self.script)(call).map(Into::into)
        })
    }
}

/// A clock the test moves.
#[derive(Clone)]
struct Clock(Arc<Mutex<SystemTime>>);

impl Clock {
    fn new() -> Self {
        Self(Arc::new(Mutex::new(
            SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000),
        )))
    }

    fn now(&self) -> SystemTime {
        *self.0.lock().unwrap()
    }

    fn set(&self, after_start: Duration) {
        *self.0.lock().unwrap() =
            SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000) + after_start;
    }
}

fn cache(provider: &Counting, clock: &Clock, jitter: f64) -> CredentialsCache {
    let clock = clock.clone();
    CredentialsCache::new(provider.clone(), Some(Duration::from_secs(5)))
        .with_clock_and_jitter(move || clock.now(), move || jitter)
}

fn keys(call: usize) -> Credentials {
    Credentials::new(format!("AKID{call}"), "SECRETKEY", None)
}

fn four_threads() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(4)
        .enable_all()
        .build()
        .unwrap()
}

async fn key_id(cache: &CredentialsCache) -> String {
    cache.resolve().await.unwrap().access_key_id().to_owned()
}

#[tokio::test]
async fn credentials_without_expiry_are_kept_15_minutes_less_the_jittered_buffer() {
    let clock = Clock::new();
    let provider = Counting::new(Duration::ZERO, |n| Ok(keys(n)));
    let c = cache(&provider, &clock, 0.0);
    assert_eq!(key_id(&c).await, "AKID1");
    clock.set(DEFAULT_EXPIRATION - BUFFER_TIME - Duration::from_millis(1));
    assert_eq!(key_id(&c).await, "AKID1");
    assert_eq!(provider.calls(), 1);
    clock.set(DEFAULT_EXPIRATION - BUFFER_TIME);
    assert_eq!(key_id(&c).await, "AKID2");

    // With the largest jitter the buffer shrinks to nothing: kept until the full 15 minutes.
    let clock = Clock::new();
    let provider = Counting::new(Duration::ZERO, |n| Ok(keys(n)));
    let c = cache(&provider, &clock, 1.0);
    assert_eq!(key_id(&c).await, "AKID1");
    clock.set(DEFAULT_EXPIRATION - Duration::from_millis(1));
    assert_eq!(key_id(&c).await, "AKID1");
    clock.set(DEFAULT_EXPIRATION);
    assert_eq!(key_id(&c).await, "AKID2");
}

#[tokio::test]
async fn expiring_credentials_are_refreshed_before_they_expire() {
    let clock = Clock::new();
    let start = clock.now();
    let provider = Counting::new(Duration::ZERO, move |n| {
        Ok(keys(n).with_expiry(start + Duration::from_secs(3600 * n as u64)))
    });
    // Jitter 0.5: the refresh starts 5 s before expiry.
    let c = cache(&provider, &clock, 0.5);
    assert_eq!(key_id(&c).await, "AKID1");
    clock.set(Duration::from_secs(3595) - Duration::from_millis(1));
    assert_eq!(key_id(&c).await, "AKID1");
    clock.set(Duration::from_secs(3595));
    assert_eq!(key_id(&c).await, "AKID2");
    assert_eq!(provider.calls(), 2);
}

#[test]
fn one_refresh_at_a_time_for_many_concurrent_callers() {
    four_threads().block_on(async {
        let clock = Clock::new();
        let provider = Counting::new(Duration::from_millis(100), |n| Ok(keys(n)));
        let c = cache(&provider, &clock, 0.0);
        for round in 1..=2 {
            let tasks: Vec<_> = (0..64)
                .map(|_| {
                    let c = c.clone();
                    tokio::spawn(async move { key_id(&c).await })
                })
                .collect();
            for task in tasks {
                assert_eq!(task.await.unwrap(), format!("AKID{round}"));
            }
            assert_eq!(provider.calls(), round);
            // Past the refresh time: the next round refreshes, once.
            clock.set(DEFAULT_EXPIRATION);
        }
    });
}

#[test]
fn callers_that_wait_for_a_failing_refresh_share_its_error() {
    four_threads().block_on(async {
        let provider = Counting::new(Duration::from_millis(200), |_| {
            Err(ProviderError::provider_error("token service unreachable"))
        });
        let c = cache(&provider, &Clock::new(), 0.0);
        let tasks: Vec<_> = (0..16)
            .map(|_| {
                let c = c.clone();
                tokio::spawn(async move { c.resolve().await })
            })
            .collect();
        for task in tasks {
            let error = task.await.unwrap().unwrap_err();
            assert_eq!(
                error.to_string(),
                "the credentials provider failed: an error occurred while loading \
                 credentials: token service unreachable"
            );
        }
        assert_eq!(provider.calls(), 1);
    });
}

#[tokio::test]
async fn a_failed_refresh_keeps_credentials_that_are_still_valid() {
    let clock = Clock::new();
    let start = clock.now();
    let provider = Counting::new(Duration::ZERO, move |n| match n {
        1 => Ok(keys(1).with_expiry(start + Duration::from_secs(100))),
        _ => Err(ProviderError::not_loaded("IMDS is down")),
    });
    let c = cache(&provider, &clock, 0.0);
    assert_eq!(key_id(&c).await, "AKID1");
    // In the buffer: the refresh fails, the old credentials still work.
    clock.set(Duration::from_secs(95));
    assert_eq!(key_id(&c).await, "AKID1");
    assert_eq!(provider.calls(), 2);
    // The next try is a second later, not at every call.
    clock.set(Duration::from_millis(95_500));
    assert_eq!(key_id(&c).await, "AKID1");
    assert_eq!(provider.calls(), 2);
    clock.set(Duration::from_millis(96_001));
    assert_eq!(key_id(&c).await, "AKID1");
    assert_eq!(provider.calls(), 3);
    // Once they have expired, the failure is the call's.
    clock.set(Duration::from_secs(100));
    let error = c.resolve().await.unwrap_err();
    assert!(error.to_string().contains("IMDS is down"), "{error}");
}

#[tokio::test]
async fn a_provider_gets_a_time_limit() {
    let provider = Counting::new(Duration::from_secs(30), |n| Ok(keys(n)));
    let c = CredentialsCache::new(provider, Some(Duration::from_millis(200)));
    let started = std::time::Instant::now();
    let error = c.resolve().await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(
        error,
        CredentialsError::TimedOut {
            after: Duration::from_millis(200),
            tried: Vec::new(),
            during: None
        }
    );
}

#[tokio::test]
async fn the_chain_error_comes_through_the_cache_unchanged() {
    let chain = DefaultCredentialsChain::for_tests(
        env(
            &[("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:1")],
            &[],
        ),
        Duration::from_secs(10),
    );
    let c = CredentialsCache::new(chain, None);
    let error = c.resolve().await.unwrap_err();
    let CredentialsError::NotFound { tried } = &error else {
        panic!("{error:?}");
    };
    assert_eq!(tried.len(), 5);
    assert_eq!(
        format!("{c:?}"),
        "CredentialsCache { provider: \"smithy_client::credentials::chain::DefaultCredentialsChain\", .. }"
    );
}
