//! One PutRecordBatch with our `firehose` crate and its client (credentials from the
//! environment, as the SDK program's default chain would find them first).
//! `cargo xtask footprint` measures its clean build time and binary size.

use firehose::client::Config;
use firehose::operation::put_record_batch::PutRecordBatchInput;
use firehose::primitives::Blob;
use firehose::types::Record;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = firehose::Client::new(Config::new("us-east-1"));
    let data = std::env::args().skip(1).collect::<Vec<_>>().join(" ");
    let input = PutRecordBatchInput::new("my-stream", vec![Record::new(Blob::new(data))]);
    let output = client.put_record_batch(&input).await?;
    println!("{} failed", output.failed_put_count);
    Ok(())
}
