//! Our response parsing alone: `parse_response` of a buffered 200 response.
//! (The SDK's deserializers are private, so there is no SDK column here.)

use std::hint::black_box;

use compare::*;
use criterion::{Criterion, criterion_group, criterion_main};
use firehose::Operation;
use firehose::operation::{DescribeDeliveryStream, PutRecordBatch};

fn parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse");
    let describe = our_response(DESCRIBE_RESPONSE);
    group.bench_function("DescribeDeliveryStream", |b| {
        b.iter(|| {
            let output = DescribeDeliveryStream::parse_response(black_box(&describe)).unwrap();
            assert!(output.delivery_stream_description.is_some());
            output
        })
    });
    let put = our_response(&put_record_batch_response());
    group.bench_function("PutRecordBatch", |b| {
        b.iter(|| {
            let output = PutRecordBatch::parse_response(black_box(&put)).unwrap();
            assert_eq!(output.request_responses.as_ref().map(Vec::len), Some(RECORDS));
            output
        })
    });
    group.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
