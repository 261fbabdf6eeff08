//! Feature `sdk-config`: a [`Config`] from an aws-config `SdkConfig`, so a program that
//! already loads aws-config gets its whole credential chain (SSO, web identity, assume role,
//! login) and its region, endpoint, timeout and retry settings in one line.

use crate::{Config, ConfigError, RetryConfig, TimeoutConfig};

impl Config {
    /// The settings of an `aws_types::SdkConfig` (what `aws_config::load_defaults` returns):
    ///
    /// - region: required ([`ConfigError::SdkConfig`] without one);
    /// - credentials provider: required (an `SdkConfig` without one, as from
    ///   `no_credentials()`, is refused rather than signed with some other source); this
    ///   config's cache sits in front of it and asks it again before the credentials expire;
    /// - endpoint URL (`AWS_ENDPOINT_URL`, `endpoint_url` in the profile) when set, checked
    ///   as [`with_endpoint`](Self::with_endpoint) checks it;
    /// - timeouts: connect, operation attempt and operation timeouts replace the defaults
    ///   they set ([`TimeoutConfig::with_sdk_timeouts`]);
    /// - retries: mode (standard or adaptive), max attempts, initial and max backoff.
    ///
    /// `use_fips` and `use_dual_stack` set to true are refused: the endpoints this crate
    /// resolves are neither, and silently sending elsewhere than asked would be worse.
    /// Per-service endpoint URLs (`AWS_ENDPOINT_URL_<SERVICE>`), the HTTP client, sleep and
    /// time sources of an `SdkConfig` are not used: this crate has its own transport and
    /// timers, and [`Config::from_env`] reads per-service endpoints.
    pub fn from_sdk_config(sdk: &aws_types::SdkConfig) -> Result<Self, ConfigError> {
        for (setting, on) in [
            ("use_fips", sdk.use_fips()),
            ("use_dual_stack", sdk.use_dual_stack()),
        ] {
            if on == Some(true) {
                return Err(ConfigError::SdkConfig {
                    problem: SdkConfigProblem::Unsupported(setting),
                });
            }
        }
        let region = sdk.region().ok_or(ConfigError::SdkConfig {
            problem: SdkConfigProblem::Missing("region"),
        })?;
        let credentials = sdk.credentials_provider().ok_or(ConfigError::SdkConfig {
            problem: SdkConfigProblem::Missing("credentials provider"),
        })?;
        let mut config = Config::new(region.as_ref()).with_credentials_provider(credentials);
        if let Some(url) = sdk.endpoint_url() {
            config = config.with_endpoint(url);
        }
        if let Some(timeouts) = sdk.timeout_config() {
            config =
                config.with_timeout_config(TimeoutConfig::default().with_sdk_timeouts(timeouts));
        }
        if let Some(retry) = sdk.retry_config() {
            config = config.with_retry_config(RetryConfig::from(retry));
        }
        Ok(config)
    }
}

/// Why [`Config::from_sdk_config`] refused an `SdkConfig`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SdkConfigProblem {
    /// A setting this client needs is not set: `"region"` or `"credentials provider"`.
    Missing(&'static str),
    /// A setting is on that this client can't honour: `"use_fips"` or `"use_dual_stack"`.
    Unsupported(&'static str),
}

impl std::fmt::Display for SdkConfigProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Missing(setting) => write!(f, "the SdkConfig has no {setting}"),
            Self::Unsupported(setting) => write!(
                f,
                "the SdkConfig sets {setting}, which this client does not support; \
                 use Config::with_endpoint with the endpoint you want"
            ),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::time::Duration;

    use aws_credential_types::provider::SharedCredentialsProvider;
    use aws_smithy_types::retry::RetryConfig as SdkRetry;
    use aws_smithy_types::timeout::TimeoutConfig as SdkTimeouts;
    use aws_types::SdkConfig;
    use aws_types::region::Region;

    use super::*;
    use crate::{Credentials, RetryMode};

    pub(crate) fn sdk() -> aws_types::sdk_config::Builder {
        SdkConfig::builder()
            .region(Region::new("eu-central-1"))
            .credentials_provider(SharedCredentialsProvider::new(Credentials::new(
                "AKIDFROMSDKCONFIG",
                "secret-from-sdk-config",
                None,
            )))
    }

    #[test]
    fn every_supported_setting_carries_over() {
        let sdk = sdk()
            .endpoint_url("http://127.0.0.1:4566")
            .retry_config(
                SdkRetry::adaptive()
                    .with_max_attempts(7)
                    .with_initial_backoff(Duration::from_millis(20))
                    .with_max_backoff(Duration::from_secs(3)),
            )
            .timeout_config(
                SdkTimeouts::builder()
                    .connect_timeout(Duration::from_secs(1))
                    .operation_attempt_timeout(Duration::from_secs(9))
                    .operation_timeout(Duration::from_secs(40))
                    .build(),
            )
            .build();
        let config = Config::from_sdk_config(&sdk).unwrap();
        assert_eq!(config.region(), "eu-central-1");
        assert_eq!(config.endpoint(), Some("http://127.0.0.1:4566"));
        let retry = config.retry_config();
        assert_eq!(retry.mode(), RetryMode::Adaptive);
        assert_eq!(retry.max_attempts(), 7);
        assert_eq!(retry.initial_backoff(), Duration::from_millis(20));
        assert_eq!(retry.max_backoff(), Duration::from_secs(3));
        let timeouts = config.timeout_config();
        assert_eq!(timeouts.connect_timeout(), Duration::from_secs(1));
        assert_eq!(timeouts.attempt_timeout(), Some(Duration::from_secs(9)));
        assert_eq!(timeouts.operation_timeout(), Some(Duration::from_secs(40)));
        let debug = format!("{config:?}");
        assert!(!debug.contains("secret-from-sdk-config"), "{debug}");
    }

    #[test]
    fn unset_settings_keep_the_defaults() {
        let config = Config::from_sdk_config(&sdk().build()).unwrap();
        let defaults = Config::new("eu-central-1");
        assert_eq!(config.endpoint(), None);
        assert_eq!(
            config.retry_config().max_attempts(),
            defaults.retry_config().max_attempts()
        );
        assert_eq!(config.timeout_config(), defaults.timeout_config());
    }

    #[test]
    fn missing_and_unsupported_settings_are_named() {
        let no_region = SdkConfig::builder()
            .credentials_provider(SharedCredentialsProvider::new(Credentials::new(
                "a", "b", None,
            )))
            .build();
        let error = Config::from_sdk_config(&no_region).unwrap_err();
        assert_eq!(error.to_string(), "the SdkConfig has no region");
        let no_credentials = SdkConfig::builder()
            .region(Region::new("us-east-1"))
            .build();
        let error = Config::from_sdk_config(&no_credentials).unwrap_err();
        assert_eq!(
            error.to_string(),
            "the SdkConfig has no credentials provider"
        );
        for (sdk, setting) in [
            (sdk().use_fips(true).build(), "use_fips"),
            (sdk().use_dual_stack(true).build(), "use_dual_stack"),
        ] {
            let error = Config::from_sdk_config(&sdk).unwrap_err();
            assert_eq!(
                error,
                ConfigError::SdkConfig {
                    problem: SdkConfigProblem::Unsupported(setting)
                }
            );
            assert!(error.to_string().contains(setting), "{error}");
        }
        // Off is the default, and fine.
        assert!(Config::from_sdk_config(&sdk().use_fips(false).build()).is_ok());
    }
}
