//! The producer (`firehose-producer`) end to end: 100,000 records of random bytes go through
//! it into moto, and moto's S3 holds exactly those records afterwards.
//!
//! moto writes each `PutRecordBatch` call as one object, the records' bytes concatenated. To
//! find the records again, each one describes its own length in its first bytes: a record of
//! 1 to 127 bytes starts with its length as one byte; a longer one starts with `0x80` and its
//! length in 3 bytes (little endian); the rest is random. An empty record adds no bytes to
//! S3, so empty records are checked through their receipts only (delivered, with distinct
//! `RecordId`s). The records cut from the objects must equal the records sent, as multisets
//! (sorted and compared byte for byte), and each object must hold its records in the order
//! they were submitted.
//!
//! The sizes (seeded), about 42 MB in all:
//!
//! | records | size |
//! | --- | --- |
//! | 50 | 0 bytes |
//! | 12 | exactly 1,024,000 bytes (the limit) |
//! | 20 | 100 KiB to 1,000 KiB |
//! | 500 | 1 to 16 KiB |
//! | 99,418 | 1 to 300 bytes |

use std::collections::HashMap;
use std::time::Instant;

use firehose::operation::delete_delivery_stream::DeleteDeliveryStreamInput;
use firehose_producer::{MAX_RECORD_BYTES, Producer, ProducerConfig, Receipt};

use crate::support::{Firehose, ok, unique};

const RECORDS: usize = 100_000;
const SEED: u64 = 0x00e2_e0de_1100;

/// The size of record `n`, following the table above.
fn size(n: usize, rng: &mut fastrand::Rng) -> usize {
    match n {
        _ if n % 2_000 == 1_000 => 0,
        _ if n % 8_000 == 4_001 => MAX_RECORD_BYTES,
        _ if n % 5_000 == 2_502 => rng.usize(100 * 1024..=1_000 * 1024),
        _ if n % 200 == 103 => rng.usize(1024..=16 * 1024),
        _ => rng.usize(1..=300),
    }
}

/// A record of `len` bytes that says its own length, then random bytes.
fn record(len: usize, rng: &mut fastrand::Rng) -> Vec<u8> {
    let mut data = vec![0u8; len];
    if len == 0 {
        return data;
    }
    rng.fill(&mut data);
    if len < 0x80 {
        data[0] = len as u8;
    } else {
        data[0] = 0x80;
        data[1..4].copy_from_slice(&(len as u32).to_le_bytes()[..3]);
    }
    data
}

/// Cuts an object back into the records it concatenates.
fn split(object: &[u8]) -> Result<Vec<&[u8]>, String> {
    let mut records = Vec::new();
    let mut rest = object;
    while let Some(&first) = rest.first() {
        let len = match first {
            1..0x80 => usize::from(first),
            0x80 if rest.len() >= 4 => {
                usize::from(rest[1]) | usize::from(rest[2]) << 8 | usize::from(rest[3]) << 16
            }
            _ => {
                return Err(format!(
                    "no record header at byte {} of {}",
                    object.len() - rest.len(),
                    object.len()
                ));
            }
        };
        if len > rest.len() {
            return Err(format!(
                "a record of {len} bytes runs past the object's end"
            ));
        }
        let (record, tail) = rest.split_at(len);
        records.push(record);
        rest = tail;
    }
    Ok(records)
}

#[test]
fn records_describe_their_length_and_split_back() {
    let mut rng = fastrand::Rng::with_seed(1);
    let sizes = [1, 2, 127, 128, 129, 70_000, MAX_RECORD_BYTES, 5];
    let records: Vec<Vec<u8>> = sizes.iter().map(|&n| record(n, &mut rng)).collect();
    let object = records.concat();
    let back: Vec<&[u8]> = split(&object).expect("splits");
    assert_eq!(back, records.iter().map(Vec::as_slice).collect::<Vec<_>>());
    assert!(split(&[0x00]).is_err());
    assert!(split(&[0x80, 0x10, 0x00, 0x00, 1]).is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a local Firehose (moto): run `cargo xtask e2e`"]
async fn the_producer_delivers_100_000_random_records_byte_for_byte() {
    let fh = Firehose::from_env();
    let name = unique("producer");
    let bucket = unique("producer-bucket");
    fh.create_bucket(&bucket);
    fh.create_stream(&name, &bucket).await;

    let mut rng = fastrand::Rng::with_seed(SEED);
    let sent: Vec<Vec<u8>> = (0..RECORDS)
        .map(|n| {
            let len = size(n, &mut rng);
            record(len, &mut rng)
        })
        .collect();
    let total: usize = sent.iter().map(Vec::len).sum();
    let at_limit = sent.iter().filter(|r| r.len() == MAX_RECORD_BYTES).count();
    let empty = sent.iter().filter(|r| r.is_empty()).count();
    assert_eq!((at_limit, empty), (12, 50));

    let started = Instant::now();
    let producer = Producer::with_config(fh.client.clone(), &name, ProducerConfig::new())
        .expect("default config");
    let mut receipts: Vec<Receipt> = Vec::with_capacity(RECORDS);
    for data in &sent {
        receipts.push(producer.submit(data.clone()).await.expect("accepted"));
    }
    let metrics = producer.close().await;
    let sending = started.elapsed();

    let mut ids = Vec::with_capacity(RECORDS);
    for (n, receipt) in receipts.into_iter().enumerate() {
        match receipt.await {
            Ok(delivered) => {
                assert_eq!(delivered.attempts(), 1, "record {n}");
                ids.push(delivered.record_id().to_owned());
            }
            Err(e) => panic!("record {n} of {} bytes not delivered: {e}", sent[n].len()),
        }
    }
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), RECORDS, "RecordIds are not distinct");
    assert_eq!(metrics.records_delivered, RECORDS as u64);
    assert_eq!(metrics.bytes_delivered, total as u64);
    assert_eq!(
        (
            metrics.records_retried,
            metrics.calls_failed,
            metrics.calls_unknown
        ),
        (0, 0, 0)
    );

    let objects = fh.objects(&bucket, "raw/");
    let reading = started.elapsed() - sending;
    println!(
        "producer e2e: {RECORDS} records, {total} bytes ({at_limit} of {MAX_RECORD_BYTES}, {empty} empty) \
         in {} calls (max {} in flight), {:.1?} to deliver; {} objects read back in {reading:.1?}",
        metrics.calls,
        metrics.max_in_flight,
        sending,
        objects.len()
    );
    assert_eq!(objects.len() as u64, metrics.calls, "one object per call");

    // Where each record content was submitted (contents that occur once only: short records
    // can repeat by chance).
    let mut position: HashMap<&[u8], Option<usize>> = HashMap::with_capacity(RECORDS);
    for (n, data) in sent.iter().enumerate() {
        position
            .entry(data.as_slice())
            .and_modify(|p| *p = None)
            .or_insert(Some(n));
    }
    let mut received: Vec<&[u8]> = Vec::with_capacity(RECORDS);
    for (i, object) in objects.iter().enumerate() {
        let records = split(object).unwrap_or_else(|e| panic!("object {i}: {e}"));
        let order: Vec<usize> = records
            .iter()
            .filter_map(|r| position.get(r).copied().flatten())
            .collect();
        assert!(
            order.windows(2).all(|w| w[0] < w[1]),
            "object {i}: records out of submission order"
        );
        received.extend(records);
    }
    let mut expected: Vec<&[u8]> = sent
        .iter()
        .map(Vec::as_slice)
        .filter(|r| !r.is_empty())
        .collect();
    expected.sort_unstable();
    received.sort_unstable();
    assert_eq!(received.len(), expected.len(), "records in S3");
    assert!(
        received == expected,
        "S3 holds other bytes than the records sent"
    );
    assert_eq!(objects.iter().map(Vec::len).sum::<usize>(), total);

    ok(fh
        .client
        .delete_delivery_stream(&DeleteDeliveryStreamInput::new(&name))
        .await);
}
