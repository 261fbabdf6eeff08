//! Per-call CPU cost of one Firehose call, ours vs aws-sdk-firehose. No I/O anywhere.
//!
//! Every variant gets a fresh input from an untimed setup step and its timed routine does the
//! whole call, including dropping the input and the output:
//! - `ours_signed`: `build_request` + SigV4 (aws-sigv4, fixed time) + `parse_response`;
//! - `ours_unsigned`: `build_request` + `parse_response`;
//! - `aws_sdk`: `client.<op>().send()` on a current-thread tokio runtime (`block_on` per call),
//!   against an in-memory HTTP client returning the same response. This includes the SDK's
//!   orchestrator, interceptors, endpoint resolution, identity cache and signing.

use std::hint::black_box;

use compare::*;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use firehose::Operation;
use firehose::operation::{DescribeDeliveryStream, PutRecordBatch};
use firehose::types::DescribeDeliveryStreamInput;

fn put_record_batch(c: &mut Criterion) {
    let payloads = record_payloads();
    let body = put_record_batch_response();
    let response = our_response(&body);
    let identity = credentials().into();
    let input = our_put_input(&payloads);
    let mut group = c.benchmark_group("PutRecordBatch");

    let ours = |sign: bool| {
        let (identity, response) = (&identity, &response);
        move |input| {
            let mut request = PutRecordBatch::build_request(&input, ENDPOINT).unwrap();
            if sign {
                sign_ours(&mut request, identity, signing_time());
            }
            black_box(&request);
            let output = PutRecordBatch::parse_response(response).unwrap();
            assert_eq!(
                output.request_responses.as_ref().map(Vec::len),
                Some(RECORDS)
            );
            drop(black_box(input));
        }
    };
    group.bench_function("ours_signed", |b| {
        b.iter_batched(|| input.clone(), ours(true), BatchSize::SmallInput)
    });
    group.bench_function("ours_unsigned", |b| {
        b.iter_batched(|| input.clone(), ours(false), BatchSize::SmallInput)
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
            },
            BatchSize::SmallInput,
        )
    });
    group.finish();
}

fn describe_delivery_stream(c: &mut Criterion) {
    let response = our_response(DESCRIBE_RESPONSE);
    let identity = credentials().into();
    let mut group = c.benchmark_group("DescribeDeliveryStream");

    let ours = |sign: bool| {
        let (identity, response) = (&identity, &response);
        move |input| {
            let mut request = DescribeDeliveryStream::build_request(&input, ENDPOINT).unwrap();
            if sign {
                sign_ours(&mut request, identity, signing_time());
            }
            black_box(&request);
            let output = DescribeDeliveryStream::parse_response(response).unwrap();
            assert!(output.delivery_stream_description.is_some());
            drop(black_box(input));
        }
    };
    let input = || DescribeDeliveryStreamInput::new(STREAM);
    group.bench_function("ours_signed", |b| {
        b.iter_batched(input, ours(true), BatchSize::SmallInput)
    });
    group.bench_function("ours_unsigned", |b| {
        b.iter_batched(input, ours(false), BatchSize::SmallInput)
    });

    let client = sdk_client_answering(DESCRIBE_RESPONSE);
    let rt = runtime();
    group.bench_function("aws_sdk", |b| {
        b.iter_batched(
            || STREAM.to_owned(),
            |name| {
                let output = rt
                    .block_on(
                        client
                            .describe_delivery_stream()
                            .delivery_stream_name(name)
                            .send(),
                    )
                    .unwrap();
                assert!(output.delivery_stream_description().is_some());
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

criterion_group!(
    benches,
    same_wire,
    put_record_batch,
    describe_delivery_stream
);
criterion_main!(benches);
