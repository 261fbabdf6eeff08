//! Our response parsing alone: `parse_response` of a buffered 200 response, and dropping
//! the output.
//! (The SDK's deserializers are private, so there is no SDK column here.)

use std::hint::black_box;

use compare::cpu::ThreadCpu;
use compare::*;
use criterion::{Criterion, criterion_group, criterion_main};
use firehose::Operation;
use firehose::operation::describe_delivery_stream::DescribeDeliveryStream;
use firehose::operation::put_record_batch::PutRecordBatch;

fn parse(c: &mut Criterion<ThreadCpu>) {
    let mut group = c.benchmark_group("parse");
    let describe = our_response(DESCRIBE_RESPONSE);
    group.bench_function("DescribeDeliveryStream", |b| {
        b.iter(|| {
            let output = DescribeDeliveryStream::parse_response(black_box(&describe)).unwrap();
            assert!(output.delivery_stream_description.is_some());
            drop(output);
        })
    });
    let put = our_response(&put_record_batch_response());
    group.bench_function("PutRecordBatch", |b| {
        b.iter(|| {
            let output = PutRecordBatch::parse_response(black_box(&put)).unwrap();
            assert_eq!(output.request_responses.len(), RECORDS);
            drop(output);
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().with_measurement(compare::cpu::ThreadCpu);
    targets = parse
}
criterion_main!(benches);
