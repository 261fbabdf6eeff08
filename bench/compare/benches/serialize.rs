//! Our PutRecordBatch serializer against the floor: 500 records of 1,000 random bytes.
//! - `ours`: `PutRecordBatch::build_request` (JSON body with base64 blobs, headers, URI);
//! - `base64_floor`: only base64-encoding the same records into a buffer reserved once.

use std::hint::black_box;

use compare::cpu::ThreadCpu;
use compare::*;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use firehose::Operation;
use firehose::operation::put_record_batch::PutRecordBatch;

fn serialize(c: &mut Criterion<ThreadCpu>) {
    let payloads = record_payloads();
    let input = our_put_input(&payloads);
    let mut group = c.benchmark_group("serialize");
    group.throughput(Throughput::Bytes((RECORDS * RECORD_BYTES) as u64));
    group.bench_function("ours", |b| {
        b.iter(|| PutRecordBatch::build_request(black_box(&input), ENDPOINT).unwrap())
    });
    let mut out = Vec::with_capacity(base64_len(&payloads));
    group.bench_function("base64_floor", |b| {
        b.iter(|| {
            base64_floor(black_box(&payloads), &mut out);
            black_box(out.len())
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().with_measurement(compare::cpu::ThreadCpu);
    targets = serialize
}
criterion_main!(benches);
