//! `aws-sdk-lambda` in memory, configured as `crate::sdk` configures `aws-sdk-firehose`.

use aws_sdk_lambda::config::retry::RetryConfig;
use aws_sdk_lambda::config::timeout::TimeoutConfig;
use aws_sdk_lambda::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_lambda::config::{IdentityCache, StalledStreamProtectionConfig};
use aws_smithy_http_client::test_util::CaptureRequestHandler;

use crate::sdk::{REGION, SdkClient};

/// Endpoint our requests are built for (the SDK resolves the same one for `REGION`).
pub const ENDPOINT: &str = "https://lambda.us-east-1.amazonaws.com";

impl SdkClient for aws_sdk_lambda::Client {
    fn capturing(http: CaptureRequestHandler) -> Self {
        let config = aws_sdk_lambda::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new(REGION))
            .credentials_provider(Credentials::new(
                "AKIDEXAMPLE",
                "secret",
                None,
                None,
                "fixed",
            ))
            .retry_config(RetryConfig::disabled())
            // No sleep implementation (no `rt-tokio`): nothing here ever waits.
            .timeout_config(TimeoutConfig::disabled())
            .stalled_stream_protection(StalledStreamProtectionConfig::disabled())
            .identity_cache(IdentityCache::no_cache())
            .http_client(http)
            .build();
        aws_sdk_lambda::Client::from_conf(config)
    }
}
