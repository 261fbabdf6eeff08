//! Every Firehose operation's `parse_response`, success and error paths: the input picks the
//! operation, status, headers and body (layout in `src/lib.rs`). Whatever comes back is
//! formatted the ways a caller would, so `Debug`/`Display`/metadata are exercised too.
#![no_main]

use firehose::operation::{
    create_delivery_stream::CreateDeliveryStream,
    delete_delivery_stream::DeleteDeliveryStream,
    describe_delivery_stream::DescribeDeliveryStream,
    list_delivery_streams::ListDeliveryStreams,
    list_tags_for_delivery_stream::ListTagsForDeliveryStream,
    put_record::PutRecord,
    put_record_batch::PutRecordBatch,
    start_delivery_stream_encryption::StartDeliveryStreamEncryption,
    stop_delivery_stream_encryption::StopDeliveryStreamEncryption,
    tag_delivery_stream::TagDeliveryStream,
    untag_delivery_stream::UntagDeliveryStream,
    update_destination::UpdateDestination,
};
use firehose::{Operation, ProvideErrorMetadata, RequestId};
use libfuzzer_sys::fuzz_target;

fn run<O: Operation>(response: &firehose::HttpResponse)
where
    O::Output: std::fmt::Debug,
{
    match O::parse_response(response) {
        Ok(output) => {
            std::hint::black_box(format!("{output:?}"));
        }
        Err(error) => {
            let mut text = format!("{error} {error:?} {:?} {:?}", error.code(), error.message());
            let mut source = std::error::Error::source(&error);
            while let Some(cause) = source {
                text.push_str(&cause.to_string());
                source = cause.source();
            }
            std::hint::black_box(text);
        }
    }
    std::hint::black_box(response.request_id());
}

macro_rules! dispatch {
    ($selector:expr, $response:expr, [$($op:ident),* $(,)?]) => {{
        const OPS: &[fn(&firehose::HttpResponse)] = &[$(run::<$op>),*];
        if let Some(f) = OPS.get(usize::from($selector) % OPS.len()) {
            f($response);
        }
    }};
}

fuzz_target!(|data: &[u8]| {
    let parts = fuzz::decode(data);
    let Some(response) = fuzz::response(&parts) else {
        return;
    };
    dispatch!(
        parts.op,
        &response,
        [
            CreateDeliveryStream,
            DeleteDeliveryStream,
            DescribeDeliveryStream,
            ListDeliveryStreams,
            ListTagsForDeliveryStream,
            PutRecord,
            PutRecordBatch,
            StartDeliveryStreamEncryption,
            StopDeliveryStreamEncryption,
            TagDeliveryStream,
            UntagDeliveryStream,
            UpdateDestination,
        ]
    );
});
