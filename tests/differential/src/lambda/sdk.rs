//! `aws-sdk-lambda` in memory, configured as `crate::sdk` configures `aws-sdk-firehose`, with
//! a fixed idempotency token.

use aws_smithy_http_client::test_util::CaptureRequestHandler;

use crate::sdk::{SdkClient, in_memory_config};

/// Endpoint our requests are built for (the SDK resolves the same one for `REGION`).
pub const ENDPOINT: &str = "https://lambda.us-east-1.amazonaws.com";

/// The idempotency token both sides fill in for an unset `@idempotencyToken` member (ours
/// through `smithy_rt::testing::with_idempotency_token`, the SDK's through its config).
pub const TOKEN: &str = "00000000-0000-4000-8000-0000000000aa";

impl SdkClient for aws_sdk_lambda::Client {
    fn capturing(http: CaptureRequestHandler) -> Self {
        let config = in_memory_config!(aws_sdk_lambda::Config::builder(), http)
            .idempotency_token_provider(TOKEN)
            .build();
        aws_sdk_lambda::Client::from_conf(config)
    }
}
