//! Our client under load: `firehose::Client` (feature `client`, default settings).

use firehose::types::{PutRecordBatchInput, Record};

#[tokio::main]
async fn main() {
    let args = load::Args::parse();
    let config = firehose::client::Config::new(load::REGION)
        .with_credentials(firehose::client::Credentials::new("AKIDLOAD", "load-secret", None))
        .with_endpoint(args.endpoint.clone());
    let client = firehose::Client::new(config);
    let records: Vec<Record> = load::payloads().into_iter().map(Record::new).collect();
    let input = std::sync::Arc::new(PutRecordBatchInput::new(load::STREAM, records));
    load::drive(&args, move || {
        let (client, input) = (client.clone(), input.clone());
        async move {
            let output = client.put_record_batch(&input).await.map_err(|e| e.to_string())?;
            assert_eq!(output.failed_put_count, Some(0));
            Ok(())
        }
    })
    .await;
}
