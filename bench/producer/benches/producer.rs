//! Producer throughput: `firehose-producer` (over the generated client and hyper) against a
//! hand-written loop over `aws-sdk-firehose` that batches the same way (at most 500 records
//! and 4 MiB per call, 4 calls in flight) and re-sends failed entries alone with the same
//! backoff. Both send to the same local server over HTTP/1.1 on 127.0.0.1, in the same run,
//! alternating which side goes first.
//!
//! The server is this program again, started as a child process (so its CPU is not the
//! client's): it counts the records of each request and answers 200 with one 128-character
//! `RecordId` per record, or, in the "rejects" scenario, fails every 50th entry it sees with
//! `ServiceUnavailableException`.
//!
//! Measured per run: wall time from the first record handed over to the last outcome known
//! (records/s and MB/s of record data), and the client process's CPU time (user + system,
//! `getrusage(RUSAGE_SELF)`, all threads) per record. The records are made before the clock
//! starts; each side takes ownership of them. `PRODUCER_BENCH_ROUNDS` sets the rounds
//! (default 7); the medians are reported.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use firehose_producer::{MAX_BATCH_BYTES, MAX_BATCH_RECORDS, Producer, ProducerConfig, RetryPolicy};

const SERVER_VAR: &str = "PRODUCER_BENCH_SERVER";
const STREAM: &str = "bench-stream";
const IN_FLIGHT: usize = 4;
const MAX_ATTEMPTS: u32 = 10;
const INITIAL_BACKOFF: Duration = Duration::from_millis(10);
const MAX_BACKOFF: Duration = Duration::from_secs(1);

struct Scenario {
    name: &'static str,
    records: usize,
    size: usize,
    /// The server fails every n-th entry; 0 for none.
    reject_every: u64,
}

const SCENARIOS: [Scenario; 3] = [
    Scenario {
        name: "1,000 B records, all accepted",
        records: 100_000,
        size: 1_000,
        reject_every: 0,
    },
    Scenario {
        name: "100 B records, all accepted",
        records: 400_000,
        size: 100,
        reject_every: 0,
    },
    Scenario {
        name: "1,000 B records, every 50th entry rejected",
        records: 100_000,
        size: 1_000,
        reject_every: 50,
    },
];

fn main() {
    if let Ok(reject_every) = std::env::var(SERVER_VAR) {
        server::run(reject_every.parse().expect("reject_every"));
        return;
    }
    let rounds: usize = std::env::var("PRODUCER_BENCH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(7);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    // For profiling one part: PRODUCER_BENCH_SCENARIO=<index>, PRODUCER_BENCH_SIDE=ours|sdk.
    let only_scenario: Option<usize> = std::env::var("PRODUCER_BENCH_SCENARIO")
        .ok()
        .and_then(|s| s.parse().ok());
    let only_side = std::env::var("PRODUCER_BENCH_SIDE").ok();
    let mut report = Vec::new();
    for (index, scenario) in SCENARIOS.iter().enumerate() {
        if only_scenario.is_some_and(|only| only != index) {
            continue;
        }
        let server = ServerProcess::start(scenario.reject_every);
        let endpoint = format!("http://{}", server.address);
        let ours = ours_client(&endpoint);
        let sdk = sdk_client(&endpoint);
        let mut samples: [Vec<Sample>; 2] = [Vec::new(), Vec::new()];
        // One warm-up run each (connections, allocator), then the rounds.
        for round in 0..=rounds {
            let order = if round % 2 == 0 { [0, 1] } else { [1, 0] };
            for side in order {
                let skip = match only_side.as_deref() {
                    Some("ours") => side != 0,
                    Some("sdk") => side != 1,
                    _ => false,
                };
                if skip {
                    samples[side].push(Sample {
                        wall: Duration::from_secs(1),
                        cpu: Duration::from_secs(1),
                        delivered: scenario.records,
                        bytes: 0,
                        calls: 0,
                    });
                    continue;
                }
                let data = records(scenario, round as u64);
                let sample = match side {
                    0 => runtime.block_on(run_ours(&ours, data)),
                    _ => runtime.block_on(run_sdk(&sdk, data)),
                };
                assert_eq!(sample.delivered, scenario.records, "{}: not all delivered", SIDES[side]);
                if round > 0 {
                    samples[side].push(sample);
                }
            }
        }
        drop(server);
        report.push(summarize(scenario, &samples));
    }
    println!("\n| scenario | side | records/s | MB/s | CPU µs/record | calls/run |");
    println!("| --- | --- | --- | --- | --- | --- |");
    for lines in &report {
        for line in lines {
            println!("{line}");
        }
    }
}

const SIDES: [&str; 2] = ["firehose-producer", "aws-sdk-firehose loop"];

struct Sample {
    wall: Duration,
    cpu: Duration,
    delivered: usize,
    bytes: usize,
    calls: u64,
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len() % 2 == 1 {
        values[mid]
    } else {
        (values[mid - 1] + values[mid]) / 2.0
    }
}

fn summarize(scenario: &Scenario, samples: &[Vec<Sample>; 2]) -> Vec<String> {
    let stats: Vec<(f64, f64, f64, f64)> = samples
        .iter()
        .map(|runs| {
            let rate = median(runs.iter().map(|s| s.delivered as f64 / s.wall.as_secs_f64()).collect());
            let mbs = median(runs.iter().map(|s| s.bytes as f64 / 1e6 / s.wall.as_secs_f64()).collect());
            let cpu = median(runs.iter().map(|s| s.cpu.as_secs_f64() * 1e6 / s.delivered as f64).collect());
            let calls = median(runs.iter().map(|s| s.calls as f64).collect());
            (rate, mbs, cpu, calls)
        })
        .collect();
    println!("{}: ({} records of {} B, {} rounds)", scenario.name, scenario.records, scenario.size, samples[0].len());
    for (side, runs) in samples.iter().enumerate() {
        let each: Vec<String> = runs
            .iter()
            .map(|s| format!("{:.0} ms / {:.0} ms cpu", s.wall.as_secs_f64() * 1e3, s.cpu.as_secs_f64() * 1e3))
            .collect();
        println!("  {:<22} {}", SIDES[side], each.join(", "));
    }
    let (ours, sdk) = (stats[0], stats[1]);
    println!(
        "  ratio ours/sdk: throughput {:.2}, CPU per record {:.2}",
        ours.0 / sdk.0,
        ours.2 / sdk.2
    );
    let mut lines: Vec<String> = stats
        .iter()
        .enumerate()
        .map(|(side, (rate, mbs, cpu, calls))| {
            format!(
                "| {} | {} | {rate:.0} | {mbs:.1} | {cpu:.2} | {calls:.0} |",
                scenario.name, SIDES[side]
            )
        })
        .collect();
    lines.push(format!(
        "| {} | ratio ours ÷ SDK | {:.2} | {:.2} | {:.2} | |",
        scenario.name,
        ours.0 / sdk.0,
        ours.1 / sdk.1,
        ours.2 / sdk.2
    ));
    lines
}

fn records(scenario: &Scenario, seed: u64) -> Vec<Vec<u8>> {
    let mut rng = fastrand::Rng::with_seed(seed);
    (0..scenario.records)
        .map(|_| {
            let mut data = vec![0; scenario.size];
            rng.fill(&mut data);
            data
        })
        .collect()
}

/// User plus system CPU time of this process, all threads.
fn process_cpu() -> Duration {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: `usage` is valid for writes of a `rusage`; RUSAGE_SELF is a constant.
    let rc = unsafe { libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr()) };
    assert_eq!(rc, 0, "getrusage failed");
    // SAFETY: getrusage filled it in.
    let usage = unsafe { usage.assume_init() };
    let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    time(usage.ru_utime) + time(usage.ru_stime)
}

fn backoff(attempt: u32) -> Duration {
    let ceiling = INITIAL_BACKOFF
        .saturating_mul(1 << attempt.saturating_sub(1).min(20))
        .min(MAX_BACKOFF);
    Duration::from_nanos(fastrand::u64(0..=ceiling.as_nanos() as u64))
}

// ---------------------------------------------------------------------------------------
// Ours: the producer over the generated client.
// ---------------------------------------------------------------------------------------

fn ours_client(endpoint: &str) -> firehose::Client {
    let config = firehose::client::Config::new("us-east-1")
        .with_endpoint(endpoint)
        .with_credentials(firehose::client::Credentials::new("AKIDBENCH", "bench-secret", None));
    firehose::Client::new(config)
}

async fn run_ours(client: &firehose::Client, data: Vec<Vec<u8>>) -> Sample {
    let bytes = data.iter().map(Vec::len).sum();
    let config = ProducerConfig::new().with_max_in_flight(IN_FLIGHT).with_retry(
        RetryPolicy::new()
            .with_max_attempts(MAX_ATTEMPTS)
            .with_initial_backoff(INITIAL_BACKOFF)
            .with_max_backoff(MAX_BACKOFF),
    );
    let (cpu, start) = (process_cpu(), Instant::now());
    let producer = Producer::with_config(client.clone(), STREAM, config).expect("config");
    let mut receipts = Vec::with_capacity(data.len());
    for record in data {
        receipts.push(producer.submit(record).await.expect("accepted"));
    }
    let metrics = producer.close().await;
    let mut delivered = 0;
    for receipt in receipts {
        delivered += usize::from(receipt.await.is_ok());
    }
    Sample {
        wall: start.elapsed(),
        cpu: process_cpu() - cpu,
        delivered,
        bytes,
        calls: metrics.calls,
    }
}

// ---------------------------------------------------------------------------------------
// The SDK loop: what a user writes by hand around aws-sdk-firehose.
// ---------------------------------------------------------------------------------------

fn sdk_client(endpoint: &str) -> aws_sdk_firehose::Client {
    let credentials =
        aws_credential_types::Credentials::new("AKIDBENCH", "bench-secret", None, None, "bench");
    let config = aws_sdk_firehose::Config::builder()
        .behavior_version(aws_sdk_firehose::config::BehaviorVersion::latest())
        .region(aws_sdk_firehose::config::Region::new("us-east-1"))
        .credentials_provider(credentials)
        .endpoint_url(endpoint)
        .http_client(aws_smithy_http_client::Builder::new().build_http())
        .build();
    aws_sdk_firehose::Client::from_conf(config)
}

/// Cuts records into batches of at most 500 records and 4 MiB, in order.
fn cut(data: Vec<Vec<u8>>) -> Vec<Vec<Vec<u8>>> {
    let mut batches = Vec::new();
    let (mut batch, mut bytes): (Vec<Vec<u8>>, usize) = (Vec::new(), 0);
    for record in data {
        if !batch.is_empty() && (batch.len() == MAX_BATCH_RECORDS || bytes + record.len() > MAX_BATCH_BYTES) {
            batches.push(std::mem::take(&mut batch));
            bytes = 0;
        }
        bytes += record.len();
        batch.push(record);
    }
    if !batch.is_empty() {
        batches.push(batch);
    }
    batches
}

async fn run_sdk(client: &aws_sdk_firehose::Client, data: Vec<Vec<u8>>) -> Sample {
    let bytes = data.iter().map(Vec::len).sum();
    let (cpu, start) = (process_cpu(), Instant::now());
    let slots = Arc::new(tokio::sync::Semaphore::new(IN_FLIGHT));
    let calls = Arc::new(AtomicU64::new(0));
    let mut tasks = tokio::task::JoinSet::new();
    for batch in cut(data) {
        let (client, slots, calls) = (client.clone(), Arc::clone(&slots), Arc::clone(&calls));
        tasks.spawn(send_batch(client, slots, calls, batch));
    }
    let mut delivered = 0;
    while let Some(result) = tasks.join_next().await {
        delivered += result.expect("batch task");
    }
    Sample {
        wall: start.elapsed(),
        cpu: process_cpu() - cpu,
        delivered,
        bytes,
        calls: calls.load(Ordering::Relaxed),
    }
}

/// Sends one batch, then its failed entries alone after a backoff, until all are delivered
/// or the attempts run out. Returns how many were delivered.
async fn send_batch(
    client: aws_sdk_firehose::Client,
    slots: Arc<tokio::sync::Semaphore>,
    calls: Arc<AtomicU64>,
    mut batch: Vec<Vec<u8>>,
) -> usize {
    use aws_sdk_firehose::primitives::Blob;
    use aws_sdk_firehose::types::Record;

    let mut delivered = 0;
    for attempt in 1..=MAX_ATTEMPTS {
        // The SDK takes the records by value; keep the data to re-send what fails.
        let records: Vec<Record> = batch
            .iter()
            .map(|data| Record::builder().data(Blob::new(data.clone())).build().expect("data set"))
            .collect();
        let permit = slots.acquire().await.expect("open");
        calls.fetch_add(1, Ordering::Relaxed);
        let sent = client
            .put_record_batch()
            .delivery_stream_name(STREAM)
            .set_records(Some(records))
            .send()
            .await;
        drop(permit);
        match sent {
            // The same trust rule as the producer's: entries must match the records sent.
            Ok(out)
                if out.request_responses().len() == batch.len()
                    && out.failed_put_count() as usize
                        == out.request_responses().iter().filter(|e| e.error_code().is_some()).count() =>
            {
                let entries = out.request_responses();
                let before = batch.len();
                let mut i = 0;
                batch.retain(|_| {
                    let failed = entries[i].error_code().is_some() || entries[i].record_id().is_none();
                    i += 1;
                    failed
                });
                delivered += before - batch.len();
                if batch.is_empty() {
                    return delivered;
                }
            }
            // Untrustworthy answer or a failed call (the SDK has already retried what it
            // classifies as retryable): send the whole batch again.
            Ok(_) | Err(_) => {}
        }
        if attempt < MAX_ATTEMPTS {
            tokio::time::sleep(backoff(attempt)).await;
        }
    }
    delivered
}

// ---------------------------------------------------------------------------------------
// The fixed-reply server, in a child process.
// ---------------------------------------------------------------------------------------

struct ServerProcess {
    child: Child,
    address: String,
}

impl ServerProcess {
    fn start(reject_every: u64) -> Self {
        let exe = std::env::current_exe().expect("current exe");
        let mut child = Command::new(exe)
            .env(SERVER_VAR, reject_every.to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .spawn()
            .expect("start the server process");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("server address");
        let address = line.trim().strip_prefix("listening ").expect("listening line").to_owned();
        Self { child, address }
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        // By its pid (SIGKILL), then reaped.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

mod server {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU64, Ordering};

    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::{TcpListener, TcpStream};

    pub fn run(reject_every: u64) {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("server runtime");
        runtime.block_on(async {
            let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1:0");
            println!("listening {}", listener.local_addr().expect("address"));
            let seen = Arc::new(AtomicU64::new(0));
            loop {
                let (stream, _) = listener.accept().await.expect("accept");
                stream.set_nodelay(true).expect("nodelay");
                tokio::spawn(serve(stream, reject_every, Arc::clone(&seen)));
            }
        });
    }

    async fn serve(mut stream: TcpStream, reject_every: u64, seen: Arc<AtomicU64>) {
        let record_id = "r".repeat(128);
        let mut buffer: Vec<u8> = Vec::with_capacity(1 << 20);
        let mut chunk = vec![0u8; 256 * 1024];
        loop {
            let (head, length) = loop {
                if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                    let head = std::str::from_utf8(&buffer[..end]).expect("ASCII head");
                    let length: usize = head
                        .lines()
                        .find_map(|l| {
                            let (name, value) = l.split_once(':')?;
                            name.eq_ignore_ascii_case("content-length").then(|| value.trim().parse().ok())?
                        })
                        .expect("requests carry a Content-Length");
                    break (end + 4, length);
                }
                match stream.read(&mut chunk).await {
                    Ok(0) | Err(_) => return,
                    Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                }
            };
            while buffer.len() < head + length {
                match stream.read(&mut chunk).await {
                    Ok(0) | Err(_) => return,
                    Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                }
            }
            let records = count_records(&buffer[head..head + length]);
            buffer.drain(..head + length);
            let mut body = String::with_capacity(records * 150 + 64);
            let mut failed = 0;
            body.push_str("{\"Encrypted\":false,\"RequestResponses\":[");
            for i in 0..records {
                if i > 0 {
                    body.push(',');
                }
                let n = seen.fetch_add(1, Ordering::Relaxed) + 1;
                if reject_every > 0 && n % reject_every == 0 {
                    failed += 1;
                    body.push_str(r#"{"ErrorCode":"ServiceUnavailableException","ErrorMessage":"Slow down."}"#);
                } else {
                    body.push_str("{\"RecordId\":\"");
                    body.push_str(&record_id);
                    body.push_str("\"}");
                }
            }
            body.push_str(&format!("],\"FailedPutCount\":{failed}}}"));
            let answer = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/x-amz-json-1.1\r\nx-amzn-requestid: bench\r\ncontent-length: {}\r\n\r\n{body}",
                body.len()
            );
            if stream.write_all(answer.as_bytes()).await.is_err() {
                return;
            }
        }
    }

    /// Records in a PutRecordBatch body: occurrences of `"Data"` (base64 has no quotes).
    fn count_records(body: &[u8]) -> usize {
        let mut count = 0;
        let mut rest = body;
        while let Some(at) = rest.iter().position(|&b| b == b'"') {
            if rest[at..].starts_with(b"\"Data\"") {
                count += 1;
                rest = &rest[at + 6..];
            } else {
                rest = &rest[at + 1..];
            }
        }
        count
    }
}
