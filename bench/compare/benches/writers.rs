//! Why the runtime writes JSON and timestamps itself: the same output through our writers and
//! through the official ones, side by side (numbers in docs/DESIGN.md).
//! - `timestamps/<format>`: 1,000 timestamps appended to one buffer: `smithy_rt::timestamp::write`
//!   vs `DateTime::fmt` (aws-smithy-types, a `String` per value) then `push_str`.
//! - `json_writer`: the PutRecordBatch body of `compare` (500 records of 1,000 bytes) through
//!   `smithy_rt::json::ser` vs `aws_smithy_json::serialize` with
//!   `aws_smithy_types::base64::encode`, as smithy-rs generates it.

use std::hint::black_box;

use aws_smithy_types::DateTime;
use aws_smithy_types::date_time::Format;
use compare::cpu::ThreadCpu;
use compare::*;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn timestamps(c: &mut Criterion<ThreadCpu>) {
    let values: Vec<DateTime> = (0..1_000i64)
        .map(|i| DateTime::from_secs_and_nanos(1_700_000_000 + i * 7_919, (i as u32 * 1_234_567) % 1_000_000_000))
        .collect();
    for (name, format) in [
        ("epoch-seconds", Format::EpochSeconds),
        ("date-time", Format::DateTime),
        ("http-date", Format::HttpDate),
    ] {
        // Same bytes from both, or the comparison means nothing.
        for v in &values {
            let mut ours = String::new();
            smithy_rt::timestamp::write(&mut ours, v, format).unwrap();
            assert_eq!(ours, v.fmt(format).unwrap(), "{name} of {v:?}");
        }
        let mut group = c.benchmark_group(format!("timestamps/{name}"));
        group.throughput(Throughput::Elements(values.len() as u64));
        let mut out = String::with_capacity(64 * values.len());
        group.bench_function("ours", |b| {
            b.iter(|| {
                out.clear();
                for v in black_box(&values) {
                    smithy_rt::timestamp::write(&mut out, v, format).unwrap();
                }
                black_box(out.len())
            })
        });
        group.bench_function("aws-smithy-types", |b| {
            b.iter(|| {
                out.clear();
                for v in black_box(&values) {
                    out.push_str(&v.fmt(format).unwrap());
                }
                black_box(out.len())
            })
        });
        group.finish();
    }
}

fn json_writer(c: &mut Criterion<ThreadCpu>) {
    let payloads = record_payloads();
    let blobs: Vec<aws_smithy_types::Blob> =
        payloads.iter().map(|p| aws_smithy_types::Blob::new(p.clone())).collect();
    let ours = |out: &mut String| {
        let mut object = smithy_rt::json::ser::ObjectWriter::new(out);
        object.key("DeliveryStreamName").string(STREAM);
        let mut records = object.key("Records").array();
        for blob in &blobs {
            let mut record = records.value().object();
            record.key("Data").blob(blob);
            record.finish();
        }
        records.finish();
        object.finish();
    };
    let theirs = |out: &mut String| {
        let mut object = aws_smithy_json::serialize::JsonObjectWriter::new(out);
        object.key("DeliveryStreamName").string(STREAM);
        let mut records = object.key("Records").start_array();
        for p in &payloads {
            let mut record = records.value().start_object();
            record
                .key("Data")
                .string_unchecked(&aws_smithy_types::base64::encode(p));
            record.finish();
        }
        records.finish();
        object.finish();
    };
    let (mut a, mut b) = (String::new(), String::new());
    ours(&mut a);
    theirs(&mut b);
    assert_eq!(a, b, "both writers must produce the same body");

    let mut group = c.benchmark_group("json_writer");
    group.throughput(Throughput::Bytes((RECORDS * RECORD_BYTES) as u64));
    group.bench_function("ours", |bench| {
        bench.iter(|| {
            let mut out = String::new();
            ours(&mut out);
            black_box(out.len())
        })
    });
    group.bench_function("aws-smithy-json", |bench| {
        bench.iter(|| {
            let mut out = String::new();
            theirs(&mut out);
            black_box(out.len())
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().with_measurement(compare::cpu::ThreadCpu);
    targets = timestamps, json_writer
}
criterion_main!(benches);
