//! One PutRecordBatch with our `firehose` crate and its client.
//! `cargo xtask footprint` measures its clean build time and binary size.

use awsjson_client::{Config, Credentials};
use firehose::primitives::Blob;
use firehose::types::{PutRecordBatchInput, Record};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let config = Config::new("us-east-1").with_credentials(Credentials::from_env()?);
    let client = firehose::Client::new(config);
    let data = std::env::args().skip(1).collect::<Vec<_>>().join(" ");
    let input = PutRecordBatchInput::new("my-stream", vec![Record::new(Blob::new(data))]);
    let output = client.put_record_batch(&input).await?;
    println!("{} failed", output.failed_put_count.unwrap_or(0));
    Ok(())
}
