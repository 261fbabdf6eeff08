//! aws-sdk-firehose under load: default features (its default HTTPS client), fixed
//! credentials, the same endpoint.

use aws_sdk_firehose::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_firehose::primitives::Blob;
use aws_sdk_firehose::types::Record;

#[tokio::main]
async fn main() {
    let args = load::Args::parse();
    let config = aws_sdk_firehose::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(load::REGION))
        .credentials_provider(Credentials::new("AKIDLOAD", "load-secret", None, None, "load"))
        .endpoint_url(args.endpoint.clone())
        .build();
    let client = aws_sdk_firehose::Client::from_conf(config);
    let records: Vec<Record> = load::payloads()
        .into_iter()
        .map(|data| Record::builder().data(Blob::new(data)).build().expect("record"))
        .collect();
    let records = std::sync::Arc::new(records);
    load::drive(&args, move || {
        let (client, records) = (client.clone(), records.clone());
        async move {
            // The fluent builder takes its records by value, as SDK users pass them.
            let output = client
                .put_record_batch()
                .delivery_stream_name(load::STREAM)
                .set_records(Some(records.to_vec()))
                .send()
                .await
                .map_err(|e| format!("{e:?}"))?;
            assert_eq!(output.failed_put_count, 0);
            Ok(())
        }
    })
    .await;
}
