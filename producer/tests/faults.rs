//! The producer, through the real `firehose::Client` over HTTP (hyper), against a local
//! server on 127.0.0.1 that misbehaves on purpose: it fails a random share of the entries of
//! each call, answers storms of 503s, drops connections (before and after storing the
//! records), cuts answers short, and sends 200 answers that are unreadable or disagree with
//! the request. The server logs what it stored and what it acknowledged. At the end:
//!
//! - every record resolved exactly once;
//! - every record reported delivered was acknowledged by the server, with that `RecordId`;
//! - no record is lost: each one is delivered, or failed with its data given back; a failed
//!   record that the server stored says `maybe_delivered()`.
//!
//! Seeded: `PRODUCER_FAULT_SEED=<n>` replays a run's choice of faults (the interleaving of
//! calls still varies).

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use firehose::client::{Config, Credentials};
use firehose::operation::put_record_batch::PutRecordBatchInput;
use firehose::test_util::from_json;
use firehose_producer::{
    FailureKind, MAX_RECORD_BYTES, Producer, ProducerConfig, Receipt, RetryPolicy,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const DEFAULT_SEED: u64 = 0x5eed_f12e_0005;
const RECORDS: usize = 5_000;

/// What the server did with one call.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Fault {
    /// 200, consistent; some entries failed.
    None,
    /// 503 ServiceUnavailableException, one of a run of consecutive calls.
    Storm,
    /// 500 InternalFailure.
    ServerError,
    /// 400 InvalidArgumentException: final, the records of the call fail.
    Final,
    /// Connection closed without an answer, records not stored.
    DropBeforeStoring,
    /// Records stored, then the connection closed without an answer.
    DropAfterStoring,
    /// Records stored; the answer's head promises more body than comes.
    CutShort,
    /// Records stored; 200 `{}`.
    EmptyObject,
    /// Records stored; 200 with one entry fewer or more than records.
    WrongCount,
    /// Records stored; 200 whose FailedPutCount disagrees with the entries.
    BadFailedPutCount,
    /// Records stored; 200 with a body that is not JSON.
    Garbage,
}

#[derive(Default)]
struct Log {
    calls: usize,
    faults: BTreeMap<Fault, usize>,
    /// Record number -> RecordIds the server acknowledged it with.
    acknowledged: HashMap<u64, Vec<String>>,
    /// Record number -> how often the server stored it (acknowledged or not).
    stored: HashMap<u64, usize>,
    entries_failed: usize,
    /// The answer of each call not in a storm, by call number.
    schedule: Vec<Fault>,
}

struct Server {
    rng: Mutex<fastrand::Rng>,
    log: Mutex<Log>,
}

/// Each run of 20 calls has these answers, in a seeded random order: half of them fine.
const CYCLE: [Fault; 20] = [
    Fault::None,
    Fault::None,
    Fault::None,
    Fault::None,
    Fault::None,
    Fault::None,
    Fault::None,
    Fault::None,
    Fault::None,
    Fault::None,
    Fault::DropBeforeStoring,
    Fault::DropAfterStoring,
    Fault::CutShort,
    Fault::EmptyObject,
    Fault::WrongCount,
    Fault::BadFailedPutCount,
    Fault::Garbage,
    Fault::ServerError,
    Fault::ServerError,
    Fault::Final,
];

/// What the server does with the connection after a call.
enum Answer {
    /// Writes this and reads the next request.
    Reply(Vec<u8>),
    /// Writes this (an answer cut short) and closes the connection.
    ReplyAndClose(Vec<u8>),
    /// Closes the connection without a word.
    Close,
}

impl Server {
    fn choose(&self, log: &mut Log, call: usize) -> Fault {
        // Calls 60-74 of every 150 are a storm.
        if (60..75).contains(&(call % 150)) {
            return Fault::Storm;
        }
        while log.schedule.len() <= call {
            let mut cycle = CYCLE;
            self.rng.lock().unwrap().shuffle(&mut cycle);
            log.schedule.extend(cycle);
        }
        log.schedule[call]
    }

    /// Handles one request body.
    fn handle(&self, body: &[u8]) -> Answer {
        let input: PutRecordBatchInput = from_json(body).expect("a PutRecordBatch request");
        let ids: Vec<u64> = input
            .records
            .unwrap_or_default()
            .iter()
            .map(|r| record_number(r.data.as_ref()))
            .collect();
        let mut log = self.log.lock().unwrap();
        let call = log.calls;
        log.calls += 1;
        let fault = self.choose(&mut log, call);
        *log.faults.entry(fault).or_default() += 1;
        let stores = matches!(
            fault,
            Fault::None
                | Fault::DropAfterStoring
                | Fault::CutShort
                | Fault::EmptyObject
                | Fault::WrongCount
                | Fault::BadFailedPutCount
                | Fault::Garbage
        );
        // Which entries fail: a random share of each call, 0 to 30 %.
        let share = self.rng.lock().unwrap().u32(0..=30);
        let failed: Vec<bool> = ids
            .iter()
            .map(|_| self.rng.lock().unwrap().u32(0..100) < share)
            .collect();
        if stores {
            for (id, failed) in ids.iter().zip(&failed) {
                if !failed {
                    *log.stored.entry(*id).or_default() += 1;
                }
            }
        }
        let error = |status: u16, code: &str| {
            Answer::Reply(http(
                status,
                &format!(r#"{{"__type":"{code}","message":"{code} from the fault server"}}"#),
            ))
        };
        match fault {
            Fault::Storm => error(503, "ServiceUnavailableException"),
            Fault::ServerError => error(500, "InternalFailure"),
            Fault::Final => error(400, "InvalidArgumentException"),
            Fault::DropBeforeStoring | Fault::DropAfterStoring => Answer::Close,
            Fault::CutShort => {
                let mut answer = b"HTTP/1.1 200 OK\r\ncontent-type: application/x-amz-json-1.1\r\ncontent-length: 5000\r\n\r\n".to_vec();
                answer.extend_from_slice(br#"{"FailedPutCount":0,"RequestResponses":[{"Rec"#);
                Answer::ReplyAndClose(answer)
            }
            Fault::EmptyObject => Answer::Reply(http(200, "{}")),
            Fault::Garbage => Answer::Reply(http(200, "<html>200 OK</html>")),
            Fault::WrongCount | Fault::BadFailedPutCount | Fault::None => {
                let mut entries = Vec::with_capacity(ids.len() + 1);
                let mut failed_count = 0;
                for (i, (id, failed)) in ids.iter().zip(&failed).enumerate() {
                    if *failed {
                        failed_count += 1;
                        let code = if i % 2 == 0 {
                            "ServiceUnavailableException"
                        } else {
                            "InternalFailure"
                        };
                        entries.push(format!(
                            r#"{{"ErrorCode":"{code}","ErrorMessage":"entry {i} failed"}}"#
                        ));
                    } else {
                        let record_id = format!("call{call}-entry{i}");
                        if fault == Fault::None {
                            log.acknowledged
                                .entry(*id)
                                .or_default()
                                .push(record_id.clone());
                        }
                        entries.push(format!(r#"{{"RecordId":"{record_id}"}}"#));
                    }
                }
                if fault == Fault::None {
                    log.entries_failed += failed_count;
                }
                match fault {
                    Fault::WrongCount if entries.len() > 1 && call.is_multiple_of(2) => {
                        entries.pop();
                    }
                    Fault::WrongCount => entries.push(r#"{"RecordId":"extra"}"#.to_owned()),
                    Fault::BadFailedPutCount => failed_count += 1,
                    _ => {}
                }
                Answer::Reply(http(
                    200,
                    &format!(
                        r#"{{"FailedPutCount":{failed_count},"Encrypted":false,"RequestResponses":[{}]}}"#,
                        entries.join(",")
                    ),
                ))
            }
        }
    }
}

fn http(status: u16, body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status} X\r\ncontent-type: application/x-amz-json-1.1\r\nx-amzn-requestid: fault-server\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// Serves one connection: requests one after another (keep-alive) until the client closes it
/// or a fault drops it.
async fn serve(server: Arc<Server>, mut stream: TcpStream) {
    let mut buffer = Vec::new();
    loop {
        let Some((head_len, body_len)) = read_head(&mut stream, &mut buffer).await else {
            return;
        };
        while buffer.len() < head_len + body_len {
            let mut chunk = vec![0; 64 * 1024];
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            }
        }
        let answer = server.handle(&buffer[head_len..head_len + body_len]);
        buffer.drain(..head_len + body_len);
        match answer {
            Answer::Reply(bytes) => {
                if stream.write_all(&bytes).await.is_err() {
                    return;
                }
            }
            Answer::ReplyAndClose(bytes) => {
                let _ = stream.write_all(&bytes).await;
                return;
            }
            Answer::Close => return,
        }
    }
}

/// Reads until the end of a request head; its length and the body's (Content-Length).
async fn read_head(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Option<(usize, usize)> {
    loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = std::str::from_utf8(&buffer[..end]).expect("ASCII head");
            let length = head
                .lines()
                .find_map(|line| {
                    let (name, value) = line.split_once(':')?;
                    name.eq_ignore_ascii_case("content-length")
                        .then(|| value.trim().parse::<usize>().expect("Content-Length"))
                })
                .expect("requests have a Content-Length");
            return Some((end + 4, length));
        }
        let mut chunk = vec![0; 16 * 1024];
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
    }
}

/// The receipt's outcome if it is there (polled once, outside Tokio's cooperative budget).
fn ready_now(receipt: Receipt) -> Option<firehose_producer::Outcome> {
    let mut receipt = std::pin::pin!(tokio::task::unconstrained(receipt));
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    match std::future::Future::poll(receipt.as_mut(), &mut cx) {
        std::task::Poll::Ready(outcome) => Some(outcome),
        std::task::Poll::Pending => None,
    }
}

/// Records start with their number (8 bytes, little endian).
fn record_number(data: &[u8]) -> u64 {
    u64::from_le_bytes(data[..8].try_into().expect("8-byte record number"))
}

fn records(rng: &mut fastrand::Rng) -> Vec<Vec<u8>> {
    (0..RECORDS as u64)
        .map(|n| {
            // Mostly small, some of 10-100 KB, a few of the largest size.
            let len = match n % 1000 {
                _ if n % 2500 == 0 => MAX_RECORD_BYTES,
                1..=10 => rng.usize(10_000..100_000),
                _ => rng.usize(8..1_500),
            };
            let mut data = n.to_le_bytes().to_vec();
            data.extend((8..len).map(|_| rng.u8(..)));
            data
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_record_resolves_once_and_is_delivered_only_when_acknowledged() {
    let seed = std::env::var("PRODUCER_FAULT_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(DEFAULT_SEED);
    println!("fault server seed {seed} (PRODUCER_FAULT_SEED={seed} replays the faults)");
    let mut rng = fastrand::Rng::with_seed(seed);
    let sent = records(&mut rng);

    let server = Arc::new(Server {
        rng: Mutex::new(fastrand::Rng::with_seed(seed.wrapping_add(1))),
        log: Mutex::default(),
    });
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind 127.0.0.1:0");
    let address = listener.local_addr().expect("local address");
    let accept = tokio::spawn({
        let server = Arc::clone(&server);
        async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serve(Arc::clone(&server), stream));
            }
        }
    });

    // The client keeps its default retry settings (3 attempts): the producer's calls make
    // one attempt each, so a record stored by a call whose answer was lost still says so.
    let config = Config::new("us-east-1")
        .with_endpoint(format!("http://{address}"))
        .with_credentials(Credentials::new("AKIDFAULTS", "fault-secret", None))
        .with_timeout(Duration::from_secs(10));
    let producer = Producer::with_config(
        firehose::Client::new(config),
        "faulty-stream",
        ProducerConfig::new()
            .with_linger(Duration::from_millis(2))
            .with_max_in_flight(4)
            .with_max_batch_records(100)
            .with_max_buffered_bytes(8 * 1024 * 1024)
            .with_retry(
                RetryPolicy::new()
                    .with_max_attempts(40)
                    .with_initial_backoff(Duration::from_millis(1))
                    .with_max_backoff(Duration::from_millis(20)),
            ),
    )
    .expect("valid config");

    let mut receipts: Vec<Receipt> = Vec::with_capacity(sent.len());
    for data in &sent {
        receipts.push(producer.submit(data.clone()).await.expect("accepted"));
    }
    let metrics = producer.close().await;
    accept.abort();

    let log = server.log.lock().unwrap();
    let (mut delivered, mut failed, mut failed_maybe) = (0usize, BTreeMap::new(), 0usize);
    let mut resolved = vec![0u8; sent.len()];
    for (n, receipt) in receipts.into_iter().enumerate() {
        // A receipt is a future that yields once; each is polled here once.
        let outcome =
            ready_now(receipt).unwrap_or_else(|| panic!("record {n} unresolved after close"));
        resolved[n] += 1;
        match outcome {
            Ok(d) => {
                delivered += 1;
                let acks = log.acknowledged.get(&(n as u64));
                assert!(
                    acks.is_some_and(|ids| ids.iter().any(|id| id == d.record_id())),
                    "record {n} reported delivered as {} but the server acknowledged it as {acks:?}",
                    d.record_id()
                );
            }
            Err(e) => {
                let key = format!("{:?} {}", e.kind(), e.code().unwrap_or("-"));
                *failed.entry(key).or_insert(0usize) += 1;
                if log.stored.contains_key(&(n as u64)) {
                    assert!(
                        e.maybe_delivered(),
                        "record {n} was stored but fails as surely not delivered: {e}"
                    );
                }
                failed_maybe += usize::from(e.maybe_delivered());
                assert_ne!(e.kind(), FailureKind::Abandoned, "record {n}: {e}");
                assert!(
                    e.data() == sent[n].as_slice(),
                    "record {n}: data not given back intact"
                );
            }
        }
    }
    let duplicates: usize = log.stored.values().map(|n| n.saturating_sub(1)).sum();
    let acknowledged: usize = log.acknowledged.values().map(Vec::len).sum();
    println!(
        "records: {} submitted, {delivered} delivered, {} failed ({failed_maybe} of them maybe stored)",
        sent.len(),
        failed.values().sum::<usize>()
    );
    println!("failed by kind and last code: {failed:?}");
    println!(
        "server: {} calls, faults {:?}; {acknowledged} entries acknowledged, {} entries failed on purpose, {} records stored more than once ({duplicates} extra copies)",
        log.calls,
        log.faults,
        log.entries_failed,
        log.stored.values().filter(|n| **n > 1).count()
    );
    println!(
        "producer: {} calls ({} failed, {} unknown answers), {} record sends ({} retries), max {} in flight",
        metrics.calls,
        metrics.calls_failed,
        metrics.calls_unknown,
        metrics.records_sent,
        metrics.records_retried,
        metrics.max_in_flight
    );

    // Exactly once, nothing lost: every record has one outcome, delivered or failed.
    assert!(resolved.iter().all(|&n| n == 1));
    assert_eq!(delivered + failed.values().sum::<usize>(), sent.len());
    assert_eq!(metrics.records_submitted, sent.len() as u64);
    assert_eq!(metrics.records_delivered, delivered as u64);
    assert_eq!(
        metrics.records_failed + metrics.records_delivered,
        sent.len() as u64
    );
    assert_eq!(
        (
            metrics.buffered_records,
            metrics.buffered_bytes,
            metrics.in_flight
        ),
        (0, 0, 0)
    );
    assert!(metrics.max_in_flight <= 4);
    // The server acknowledged each delivered record at least once.
    assert!(acknowledged >= delivered);
    // Only the final 400s may fail records with this policy; retries absorb the rest.
    assert!(
        failed
            .keys()
            .all(|k| k == "CallFailed InvalidArgumentException"),
        "{failed:?}"
    );
    // The run really met every fault.
    for fault in CYCLE.iter().chain([&Fault::Storm]) {
        assert!(
            log.faults.get(fault).is_some_and(|n| *n > 0),
            "no {fault:?} in {:?}",
            log.faults
        );
    }
    assert!(log.entries_failed > 0 && metrics.entries_failed > 0);
    assert!(
        duplicates > 0,
        "no record was stored twice: the lost-answer paths were not hit"
    );
}
