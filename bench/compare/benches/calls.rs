//! Per-call CPU of one Firehose call, ours vs aws-sdk-firehose, with the network taken out.
//!
//! Each timed iteration is the whole call a user makes: serialize, sign (SigV4, real clock),
//! hand the request to an in-memory HTTP exchange that returns a canned 200 response, parse
//! it, and drop the input and the output (inputs are built in untimed setup).
//! - `ours`: see `compare::Ours`;
//! - `aws_sdk`: `client.<op>().send()` on a current-thread tokio runtime (`block_on` per
//!   call) with an in-memory HTTP client (aws-smithy-http-client's test-util), fixed
//!   credentials, no retries: the SDK's orchestrator, interceptors, endpoint rules, identity
//!   cache, signing, serialization and deserialization.

use compare::*;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use firehose::types::DescribeDeliveryStreamInput;

fn put_record_batch(c: &mut Criterion) {
    let payloads = record_payloads();
    let body = put_record_batch_response();
    let input = our_put_input(&payloads);
    let ours = Ours::new();
    let mut group = c.benchmark_group("PutRecordBatch");
    group.bench_function("ours", |b| {
        b.iter_batched(
            || input.clone(),
            |input| {
                let output = ours.put_record_batch(&input);
                assert_eq!(output.request_responses.as_ref().map(Vec::len), Some(RECORDS));
                (input, output)
            },
            BatchSize::LargeInput,
        )
    });

    let client = sdk_client_answering(&body);
    let records = sdk_records(&payloads);
    let rt = runtime();
    group.bench_function("aws_sdk", |b| {
        b.iter_batched(
            || records.clone(),
            |records| {
                let call = client
                    .put_record_batch()
                    .delivery_stream_name(STREAM)
                    .set_records(Some(records));
                let output = rt.block_on(call.send()).unwrap();
                assert_eq!(output.request_responses().len(), RECORDS);
                output
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

fn describe_delivery_stream(c: &mut Criterion) {
    let ours = Ours::new();
    let mut group = c.benchmark_group("DescribeDeliveryStream");
    group.bench_function("ours", |b| {
        b.iter_batched(
            || DescribeDeliveryStreamInput::new(STREAM),
            |input| {
                let output = ours.describe_delivery_stream(&input);
                assert!(output.delivery_stream_description.is_some());
                (input, output)
            },
            BatchSize::SmallInput,
        )
    });

    let client = sdk_client_answering(DESCRIBE_RESPONSE);
    let rt = runtime();
    group.bench_function("aws_sdk", |b| {
        b.iter_batched(
            || STREAM.to_owned(),
            |name| {
                let call = client.describe_delivery_stream().delivery_stream_name(name);
                let output = rt.block_on(call.send()).unwrap();
                assert!(output.delivery_stream_description().is_some());
                output
            },
            BatchSize::SmallInput,
        )
    });
    group.finish();
}

fn same_wire(_: &mut Criterion) {
    // Fails loudly before anything is timed if the two libraries stop doing the same work.
    check_same_wire();
}

criterion_group!(benches, same_wire, put_record_batch, describe_delivery_stream);
criterion_main!(benches);
