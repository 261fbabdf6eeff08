//! Hostile servers on 127.0.0.1 against the generated Firehose client over the real
//! transport: a call always ends, in bounded time and bounded memory.
//!
//! Memory is the peak of live heap bytes during the scenario above what was live before it,
//! counted by this binary's global allocator; scenarios run one at a time so that they don't
//! count each other. Each test prints its figures (`cargo test --test hostile_servers --
//! --nocapture`); README's "Robustness" section quotes them.

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::fault_server::{Fault, FaultServer};
use firehose::operation::put_record_batch::{PutRecordBatchError, PutRecordBatchInput};
use firehose::types::Record;
use smithy_client::{
    Config, Credentials, Error, HttpConfig, RetryConfig, RetryQuota, TimeoutConfig, TimeoutKind,
    TransportErrorKind,
};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded to the system allocator with the caller's layout.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        ptr
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded to the system allocator, which may grow in place (mremap) as it
        // does in a program without this counter.
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            if new_size >= layout.size() {
                let grown = new_size - layout.size();
                let live = LIVE.fetch_add(grown, Ordering::Relaxed) + grown;
                PEAK.fetch_max(live, Ordering::Relaxed);
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        new
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `alloc` above with this layout.
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// One scenario at a time, setup included, so that no other test's allocations are counted.
static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> std::sync::MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

const MIB: f64 = 1024.0 * 1024.0;

/// Runs `scenario` on a fresh runtime; returns its result, the wall time and the peak heap
/// growth in bytes, and prints them.
fn measure<T>(name: &str, scenario: impl std::future::Future<Output = T>) -> (T, Duration, usize) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let baseline = LIVE.load(Ordering::Relaxed);
    PEAK.store(baseline, Ordering::Relaxed);
    let started = Instant::now();
    let out = runtime.block_on(scenario);
    let took = started.elapsed();
    let peak = PEAK.load(Ordering::Relaxed).saturating_sub(baseline);
    println!(
        "hostile: {name}: {:.2} s, peak heap +{:.1} MiB",
        took.as_secs_f64(),
        peak as f64 / MIB
    );
    (out, took, peak)
}

/// One call through `client` that must fail, measured.
fn failing_call(
    name: &str,
    client: &firehose::Client,
) -> (Error<PutRecordBatchError>, Duration, usize) {
    measure(name, async {
        client.put_record_batch(&batch()).await.unwrap_err()
    })
}

fn assert_timeout(error: &Error<PutRecordBatchError>, expected: TimeoutKind) {
    assert!(
        matches!(error, Error::Timeout { kind, .. } if *kind == expected),
        "{error:?}"
    );
}

fn config(server: &FaultServer) -> Config {
    Config::new("us-east-1")
        .with_credentials(Credentials::new("AKIDHOSTILE", "hostile-secret", None))
        .with_endpoint(server.url())
        .with_retry_config(
            RetryConfig::standard()
                .with_quota(RetryQuota::default())
                .with_initial_backoff(Duration::from_millis(50)),
        )
}

fn batch() -> PutRecordBatchInput {
    let records: Vec<Record> = (0..10).map(|_| Record::new(vec![7u8; 1024])).collect();
    PutRecordBatchInput::new("stream-1", records)
}

#[test]
fn a_silent_server_costs_attempts_times_the_attempt_timeout() {
    let _serial = serial();
    let server = FaultServer::start([Fault::Silent]);
    let attempt = Duration::from_millis(300);
    let timeouts = TimeoutConfig::default().with_attempt_timeout(attempt);
    let client = firehose::Client::new(config(&server).with_timeout_config(timeouts));
    let (error, took, peak) = failing_call("silent server, 3 attempts of 300 ms", &client);
    assert_timeout(&error, TimeoutKind::Attempt);
    assert_eq!(server.requests(), 3);
    // 3 x 300 ms, plus backoffs of at most 50 and 100 ms, plus scheduling.
    assert!(
        took >= 3 * attempt && took < Duration::from_secs(2),
        "{took:?}"
    );
    assert!(peak < 4 << 20, "{peak}");

    // The operation timeout ends it sooner.
    let timeouts = timeouts.with_operation_timeout(Duration::from_millis(500));
    let client = firehose::Client::new(config(&server).with_timeout_config(timeouts));
    let (error, took, _) = failing_call("silent server, operation timeout 500 ms", &client);
    assert_timeout(&error, TimeoutKind::Operation);
    assert!(took < Duration::from_millis(900), "{took:?}");
}

#[test]
fn a_trickling_server_is_cut_off_by_the_attempt_timeout() {
    let _serial = serial();
    let response = b"HTTP/1.1 200 OK\r\ncontent-length: 40\r\n\r\n{\"FailedPutCount\":0,\"RequestResponses\":[]}";
    let server = FaultServer::start([Fault::Trickle {
        response: response.to_vec(),
        every: Duration::from_millis(20),
    }]);
    let timeouts = TimeoutConfig::default().with_attempt_timeout(Duration::from_millis(250));
    let client = firehose::Client::new(config(&server).with_timeout_config(timeouts));
    let (error, took, peak) = failing_call("trickle, one byte per 20 ms", &client);
    assert_timeout(&error, TimeoutKind::Attempt);
    assert_eq!(server.requests(), 3);
    assert!(took < Duration::from_secs(2), "{took:?}");
    assert!(peak < 4 << 20, "{peak}");
}

#[test]
fn an_endless_body_stops_at_the_response_cap() {
    let _serial = serial();
    let server = FaultServer::start([Fault::Endless]);
    let cap = smithy_client::DEFAULT_MAX_RESPONSE_BODY;
    let client = firehose::Client::new(config(&server));
    let (error, took, peak) = failing_call("endless body, one call, 2 MiB cap", &client);
    let Error::Transport(transport) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(transport.kind(), TransportErrorKind::ResponseTooLarge);
    assert_eq!(server.requests(), 1, "a body too large is not retried");
    assert!(took < Duration::from_secs(5), "{took:?}");
    // The capped body, one growth step of its buffer, and hyper's read buffer.
    assert!(peak < 2 * cap + (1 << 20), "{peak}");

    // 32 calls at once: each holds at most one capped buffer.
    let (errors, took, peak) = measure("endless body, 32 concurrent calls, 2 MiB cap", async {
        let calls = (0..32).map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.put_record_batch(&batch()).await })
        });
        let mut errors = 0;
        for call in calls {
            errors += usize::from(call.await.unwrap().is_err());
        }
        errors
    });
    assert_eq!(errors, 32);
    assert!(took < Duration::from_secs(20), "{took:?}");
    assert!(peak < 32 * cap + (16 << 20), "{:.1} MiB", peak as f64 / MIB);

    // A smaller cap, configured.
    let http = HttpConfig::default().with_max_response_body(256 * 1024);
    let client = firehose::Client::new(config(&server).with_http_config(http));
    let (_, _, peak) = failing_call("endless body, one call, 256 KiB cap", &client);
    assert!(peak < 2 << 20, "{peak}");
}

#[test]
fn connection_resets_are_retried_then_reported() {
    let _serial = serial();
    let server = FaultServer::start([Fault::Reset]);
    let client = firehose::Client::new(config(&server));
    let (error, took, peak) = failing_call("connection reset on every request", &client);
    let Error::Transport(transport) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(transport.kind(), TransportErrorKind::Io, "{error}");
    assert!(
        error.to_string().contains("no complete response from"),
        "{error}"
    );
    assert_eq!(server.requests(), 3);
    assert!(took < Duration::from_secs(2), "{took:?}");
    assert!(peak < 4 << 20, "{peak}");
}

#[test]
fn a_503_storm_is_damped_by_the_retry_quota() {
    let _serial = serial();
    let server = FaultServer::start([Fault::error(503, "ServiceUnavailableException")]);
    let quota = RetryQuota::default();
    let retry = RetryConfig::standard()
        .with_quota(quota.clone())
        .with_initial_backoff(Duration::from_millis(20));
    let client = firehose::Client::new(config(&server).with_retry_config(retry));
    let calls = 200;
    let (failed, took, peak) = measure("503 storm, 200 concurrent calls", async {
        let tasks = (0..calls).map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.put_record_batch(&batch()).await })
        });
        let mut failed = 0;
        for task in tasks {
            failed += usize::from(task.await.unwrap().is_err());
        }
        failed
    });
    assert_eq!(failed, calls);
    // Without a quota 200 calls would make 600 requests; the quota allows 50 transient
    // retries (500 tokens at 10 each).
    let requests = server.requests();
    println!("hostile: 503 storm: {requests} requests for {calls} calls");
    assert_eq!(requests, calls + 50, "{requests}");
    assert_eq!(quota.available(), 0);
    assert!(took < Duration::from_secs(10), "{took:?}");
    assert!(peak < 64 << 20, "{peak}");
}
