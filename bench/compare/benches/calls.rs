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

use compare::cpu::ThreadCpu;
use compare::*;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use firehose::operation::describe_delivery_stream::DescribeDeliveryStreamInput;

fn put_record_batch(c: &mut Criterion<ThreadCpu>) {
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
                assert_eq!(output.request_responses.len(), RECORDS);
                drop((input, output));
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
                drop(output);
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

fn describe_delivery_stream(c: &mut Criterion<ThreadCpu>) {
    let ours = Ours::new();
    let mut group = c.benchmark_group("DescribeDeliveryStream");
    group.bench_function("ours", |b| {
        b.iter_batched(
            || DescribeDeliveryStreamInput::new(STREAM),
            |input| {
                let output = ours.describe_delivery_stream(&input);
                assert!(output.delivery_stream_description.is_some());
                drop((input, output));
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
                drop(output);
            },
            BatchSize::SmallInput,
        )
    });
    group.finish();
}

/// Where our time goes, piece by piece, and the one floor both libraries pay: SigV4 hashes
/// the whole body (SHA-256; `sha2` picks SHA-NI where the CPU has it, as in aws-sigv4).
fn parts(c: &mut Criterion<ThreadCpu>) {
    use firehose::Operation;
    use firehose::operation::describe_delivery_stream::DescribeDeliveryStream;
    use firehose::operation::put_record_batch::PutRecordBatch;
    use sha2::Digest;

    let payloads = record_payloads();
    let put_input = our_put_input(&payloads);
    let describe_input = DescribeDeliveryStreamInput::new(STREAM);
    let credentials = credentials();
    let mut group = c.benchmark_group("parts");
    for (name, request) in [
        (
            "PutRecordBatch",
            PutRecordBatch::build_request(&put_input, ENDPOINT).unwrap(),
        ),
        (
            "DescribeDeliveryStream",
            DescribeDeliveryStream::build_request(&describe_input, ENDPOINT).unwrap(),
        ),
    ] {
        group.bench_function(format!("sign_{name}"), |b| {
            b.iter_batched(
                || request.try_clone().unwrap(),
                |mut request| {
                    let now = std::time::SystemTime::now();
                    firehose::sigv4::sign(&mut request, &credentials, REGION, "firehose", now)
                        .unwrap();
                    drop(request);
                },
                BatchSize::SmallInput,
            )
        });
        let body = request.body().bytes().unwrap().to_vec();
        group.bench_function(format!("sha256_body_{name}"), |b| {
            b.iter(|| sha2::Sha256::digest(std::hint::black_box(&body)))
        });
    }
    group.finish();
}

fn same_wire(_: &mut Criterion<ThreadCpu>) {
    // Fails loudly before anything is timed if the two libraries stop doing the same work.
    check_same_wire();
}

criterion_group! {
    name = benches;
    config = Criterion::default().with_measurement(compare::cpu::ThreadCpu);
    targets = same_wire, put_record_batch, describe_delivery_stream, parts
}
criterion_main!(benches);
