//! The README's first usage example ("Using the Firehose crate") is this module's
//! `first_use`, compiled and run here; `the_readme_shows_it_as_it_is` keeps the two equal.

// README example start
use std::time::SystemTime;

use firehose::Operation;
use firehose::operation::start_delivery_stream_encryption::{
    StartDeliveryStreamEncryption, StartDeliveryStreamEncryptionInput,
};
use firehose::sigv4::Credentials;
use firehose::types::{DeliveryStreamEncryptionConfigurationInput, KeyType};

fn first_use() -> Result<(), Box<dyn std::error::Error>> {
    let input = StartDeliveryStreamEncryptionInput::new("my-stream")
        .with_delivery_stream_encryption_configuration_input(
            DeliveryStreamEncryptionConfigurationInput::new(KeyType::AwsOwnedCmk),
        );
    let endpoint = firehose::endpoint("us-east-1");
    let mut request = StartDeliveryStreamEncryption::build_request(&input, &endpoint)?;

    // Feature `sigv4`; or sign with your own signer (service name `firehose::SIGNING_NAME`).
    let credentials = Credentials::new("AKIDEXAMPLE", "secret-key-example", None, None, "example");
    firehose::sigv4::sign(
        &mut request,
        &credentials,
        "us-east-1",
        firehose::SIGNING_NAME,
        SystemTime::now(),
    )?;

    // Send it with any HTTP client (`request.try_into_http1x()?` is an `http` 1.x request),
    // then hand back what came back:
    let response = firehose::response_from_parts(200, [("x-amzn-requestid", "c0ffee")], "{}")?;
    let output = StartDeliveryStreamEncryption::parse_response(&response)?;
    println!("encryption is starting: {output:?}");
    Ok(())
}
// README example end

#[test]
fn the_first_example_runs() {
    first_use().unwrap();
}

#[test]
fn the_readme_shows_it_as_it_is() {
    let this = include_str!("readme_first_use.rs");
    let readme = include_str!("../../../README.md");
    let start = this.find("// README example start\n").unwrap() + "// README example start\n".len();
    let end = this.find("// README example end").unwrap();
    let example = format!("```rust\n{}```\n", &this[start..end]);
    assert!(
        readme.contains(&example),
        "README.md must show tests/tests/suite/readme_first_use.rs's example as it is:\n{example}"
    );
}
