//! One PutRecordBatch with aws-sdk-firehose, written as its documentation shows.
//! `cargo xtask footprint` measures its clean build time and binary size.

use aws_sdk_firehose::primitives::Blob;
use aws_sdk_firehose::types::Record;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let config = aws_config::load_from_env().await;
    let client = aws_sdk_firehose::Client::new(&config);
    let data = std::env::args().skip(1).collect::<Vec<_>>().join(" ");
    let record = Record::builder().data(Blob::new(data)).build()?;
    let output = client
        .put_record_batch()
        .delivery_stream_name("my-stream")
        .records(record)
        .send()
        .await?;
    println!("{} failed", output.failed_put_count());
    Ok(())
}
