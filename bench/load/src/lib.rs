//! The load run: 64 tasks calling PutRecordBatch (500 records of 1 KiB) as fast as they can
//! for 60 s against a local server that always gives the same 200 answer. Each client runs in
//! its own process (`load-ours`, `load-sdk`), so that its peak RSS is its own; `load` (the
//! runner) starts the server and the clients one after the other and prints the table.

use std::time::Duration;

pub const RECORDS: usize = 500;
pub const RECORD_BYTES: usize = 1024;
pub const STREAM: &str = "load-stream";
pub const REGION: &str = "us-east-1";

/// `RECORDS` records of `RECORD_BYTES` pseudo-random bytes each (compare's generator).
pub fn payloads() -> Vec<Vec<u8>> {
    compare::payloads(RECORDS, RECORD_BYTES)
}

/// The server's answer: no failures, one 128-character RecordId per record (about 72 KB),
/// the same as the criterion benchmarks use.
pub fn response_body() -> String {
    compare::put_record_batch_response()
}

/// Arguments of a client process: endpoint, seconds, tasks.
pub struct Args {
    pub endpoint: String,
    pub duration: Duration,
    pub tasks: usize,
}

impl Args {
    pub fn parse() -> Self {
        let args: Vec<String> = std::env::args().collect();
        let get = |i: usize, what: &str| {
            args.get(i)
                .cloned()
                .unwrap_or_else(|| panic!("usage: {} <endpoint> <seconds> <tasks> ({what} missing)", args[0]))
        };
        Self {
            endpoint: get(1, "endpoint"),
            duration: Duration::from_secs(get(2, "seconds").parse().expect("seconds")),
            tasks: get(3, "tasks").parse().expect("tasks"),
        }
    }
}

/// Peak resident set size of this process, in KiB (getrusage).
pub fn max_rss_kib() -> u64 {
    // SAFETY: getrusage writes the struct it is given.
    unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage.ru_maxrss as u64
    }
}

/// User + system CPU time of this process, in seconds.
pub fn cpu_seconds() -> f64 {
    // SAFETY: as above.
    unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        let t = |tv: libc::timeval| tv.tv_sec as f64 + tv.tv_usec as f64 / 1e6;
        t(usage.ru_utime) + t(usage.ru_stime)
    }
}

/// Runs `tasks` copies of `call` for `duration`; prints the `RESULT` line the runner reads.
pub async fn drive<F, Fut>(args: &Args, call: F)
where
    F: Fn() -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = Result<(), String>> + Send,
{
    let started = std::time::Instant::now();
    let deadline = started + args.duration;
    let mut handles = Vec::new();
    for _ in 0..args.tasks {
        let call = call.clone();
        handles.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = 0u64;
            let mut first_error = None;
            while std::time::Instant::now() < deadline {
                let at = std::time::Instant::now();
                match call().await {
                    Ok(()) => latencies.push(at.elapsed().as_micros() as u64),
                    Err(e) => {
                        errors += 1;
                        first_error.get_or_insert(e);
                    }
                }
            }
            (latencies, errors, first_error)
        }));
    }
    let mut all = Vec::new();
    let mut errors = 0;
    for handle in handles {
        let (latencies, e, first) = handle.await.expect("task");
        all.extend(latencies);
        errors += e;
        if let Some(first) = first {
            eprintln!("error: {first}");
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    all.sort_unstable();
    let pct = |p: f64| all.get(((all.len() as f64 * p) as usize).min(all.len().saturating_sub(1))).copied().unwrap_or(0);
    println!(
        "RESULT calls={} errors={errors} seconds={elapsed:.2} p50_us={} p99_us={} max_rss_kib={} cpu_s={:.1}",
        all.len(),
        pct(0.50),
        pct(0.99),
        max_rss_kib(),
        cpu_seconds(),
    );
}
