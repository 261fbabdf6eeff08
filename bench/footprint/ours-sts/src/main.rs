//! footprint-ours with STS credentials: the default chain with `smithy-credentials-sts`
//! plugged in (web identity, `role_arn` profiles), otherwise the same PutRecordBatch.
//! `cargo xtask footprint --sts` measures it beside footprint-ours.

use firehose::client::Config;
use firehose::operation::put_record_batch::PutRecordBatchInput;
use firehose::primitives::Blob;
use firehose::types::Record;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let config =
        Config::new("us-east-1").with_credentials_provider(smithy_credentials_sts::default_chain());
    let client = firehose::Client::new(config);
    let data = std::env::args().skip(1).collect::<Vec<_>>().join(" ");
    let input = PutRecordBatchInput::new("my-stream", vec![Record::new(Blob::new(data))]);
    let output = client.put_record_batch(&input).await?;
    println!("{} failed", output.failed_put_count);
    Ok(())
}
