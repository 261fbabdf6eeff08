//! What a client needs to know: region, credentials, endpoint override, retries, timeouts,
//! HTTP transport settings.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use aws_credential_types::provider::ProvideCredentials;

use crate::credentials::cache::{CredentialsCache, LOAD_TIMEOUT};
use crate::env_config::ConfiguredEndpoints;
use crate::profile::ProfileFileError;
use crate::{
    Credentials, CredentialsError, DefaultCredentialsChain, HttpConfig, RetryConfig, TimeoutConfig,
};

/// Settings of a client: `Config::new(region)` or [`Config::from_env`], then `with_*` for
/// the rest.
///
/// Credentials: [`with_credentials`](Self::with_credentials) or
/// [`with_credentials_provider`](Self::with_credentials_provider); without either, the
/// [`DefaultCredentialsChain`] over the process environment (environment variables, shared
/// profile files, container, instance metadata), asked at the first call. Either way a cache
/// sits in front and refreshes expiring credentials; clones of a `Config` share it.
///
/// Endpoint: [`with_endpoint`](Self::with_endpoint); else, for a config from
/// [`from_env`](Self::from_env), the endpoint the environment or profile configures for the
/// service; else the service's endpoint for the region, by its endpoint rules. Every
/// endpoint URL is checked when the client is made: user information (`user:password@`) and
/// ports outside 1 to 65535 are refused ([`ConfigError::InvalidEndpoint`]).
///
/// Retries, timeouts and the HTTP transport have defaults that never wait forever: see
/// [`RetryConfig`], [`TimeoutConfig`] and [`HttpConfig`].
#[derive(Clone, Debug)]
pub struct Config {
    region: String,
    credentials: Option<Credentials>,
    credentials_cache: CredentialsCache,
    endpoint: Option<EndpointUrl>,
    configured_endpoints: Option<Arc<ConfiguredEndpoints>>,
    retry: RetryConfig,
    timeouts: TimeoutConfig,
    http: HttpConfig,
}

impl Config {
    /// Settings for `region`, e.g. `"us-east-1"`.
    pub fn new(region: impl Into<String>) -> Self {
        Self {
            region: region.into(),
            credentials: None,
            credentials_cache: default_chain(DefaultCredentialsChain::new()),
            endpoint: None,
            configured_endpoints: None,
            retry: RetryConfig::default(),
            timeouts: TimeoutConfig::default(),
            http: HttpConfig::default(),
        }
    }

    /// Signs with these credentials.
    pub fn with_credentials(mut self, credentials: Credentials) -> Self {
        self.credentials_cache = CredentialsCache::new(credentials.clone(), None);
        self.credentials = Some(credentials);
        self
    }

    /// Signs with credentials from `provider`: any [`ProvideCredentials`], such as
    /// aws-config's default chain (with SSO, web identity and assume-role), or a
    /// [`DefaultCredentialsChain`] over a given [`Env`](crate::Env). A cache in front of it
    /// asks it again shortly before the credentials expire (long-term ones every 15
    /// minutes); a load may take 5 s.
    pub fn with_credentials_provider(
        mut self,
        provider: impl ProvideCredentials + 'static,
    ) -> Self {
        self.credentials = None;
        self.credentials_cache =
            match (&provider as &dyn std::any::Any).downcast_ref::<DefaultCredentialsChain>() {
                // The chain limits itself, so its error can name the sources it tried.
                Some(_) => CredentialsCache::new(provider, None),
                None => CredentialsCache::new(provider, Some(LOAD_TIMEOUT)),
            };
        self
    }

    /// Signs for `region` instead.
    pub fn with_region(mut self, region: impl Into<String>) -> Self {
        self.region = region.into();
        self
    }

    /// Sends to `url` (`scheme://host[:port][/path]`) instead of the standard endpoint: FIPS,
    /// VPC endpoints, or a local server (`http://` is accepted). A URL with user information
    /// (`user:password@`), a port outside 1 to 65535 or another scheme than `http`/`https`
    /// is refused when the client is made ([`ConfigError::InvalidEndpoint`], returned by each
    /// call); user information is never printed.
    pub fn with_endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(EndpointUrl(url.into()));
        self
    }

    /// How calls are retried (default [`RetryConfig::standard`]: 3 attempts, backoff up to
    /// 20 s, the shared retry quota).
    pub fn with_retry_config(mut self, retry: RetryConfig) -> Self {
        self.retry = retry;
        self
    }

    /// Connect, attempt and operation timeouts (default: 3.1 s, 30 s, none).
    pub fn with_timeout_config(mut self, timeouts: TimeoutConfig) -> Self {
        self.timeouts = timeouts;
        self
    }

    /// Gives up on a whole call (all attempts) after `timeout`: a shorthand for the
    /// operation timeout of [`TimeoutConfig`].
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeouts = self.timeouts.with_operation_timeout(timeout);
        self
    }

    /// Settings of the HTTPS transport that a generated `Client::new` makes: response size
    /// cap (2 MiB), connection pool, trusted roots.
    pub fn with_http_config(mut self, http: HttpConfig) -> Self {
        self.http = http;
        self
    }

    /// The region requests are signed for.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// The credentials set with [`with_credentials`](Self::with_credentials).
    pub fn credentials(&self) -> Option<&Credentials> {
        self.credentials.as_ref()
    }

    /// The endpoint override set with [`with_endpoint`](Self::with_endpoint).
    pub fn endpoint(&self) -> Option<&str> {
        self.endpoint.as_ref().map(|e| e.0.as_str())
    }

    /// The retry settings.
    pub fn retry_config(&self) -> &RetryConfig {
        &self.retry
    }

    /// The timeouts.
    pub fn timeout_config(&self) -> &TimeoutConfig {
        &self.timeouts
    }

    /// The whole-operation timeout, if set.
    pub fn timeout(&self) -> Option<Duration> {
        self.timeouts.operation_timeout()
    }

    /// The HTTPS transport settings.
    pub fn http_config(&self) -> &HttpConfig {
        &self.http
    }

    /// The cache the calls take credentials from.
    pub(crate) fn credentials_cache(&self) -> &CredentialsCache {
        &self.credentials_cache
    }

    /// The endpoint for the service with `sdk_id` (its model's `aws.api#service` sdkId):
    /// [`with_endpoint`](Self::with_endpoint)'s, else the one the environment configures
    /// (for a config from [`from_env`](Self::from_env)); `None` for the standard endpoint.
    /// Either passes [`check_url`](smithy_rt::endpoint::check_url) first.
    pub(crate) fn endpoint_for(&self, sdk_id: Option<&str>) -> Result<Option<String>, ConfigError> {
        if let Some(EndpointUrl(url)) = &self.endpoint {
            check_endpoint(url, || "Config::with_endpoint".to_owned())?;
            return Ok(Some(url.clone()));
        }
        match &self.configured_endpoints {
            Some(configured) => configured.for_service(sdk_id),
            None => Ok(None),
        }
    }

    /// A config with these environment-configured endpoints (from [`from_env`](Self::from_env)).
    pub(crate) fn with_configured_endpoints(mut self, configured: ConfiguredEndpoints) -> Self {
        self.configured_endpoints = Some(Arc::new(configured));
        self
    }
}

/// An endpoint URL as configured; `Debug` hides user information (`user:password@`).
#[derive(Clone)]
struct EndpointUrl(String);

impl fmt::Debug for EndpointUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&smithy_rt::endpoint::redact_userinfo(&self.0), f)
    }
}

/// Checks `url` with [`check_url`](smithy_rt::endpoint::check_url); the error names where it
/// came from (`from`) and what is wrong, never the URL itself.
pub(crate) fn check_endpoint(url: &str, from: impl FnOnce() -> String) -> Result<(), ConfigError> {
    smithy_rt::endpoint::check_url(url)
        .map(drop)
        .map_err(|reason| ConfigError::InvalidEndpoint {
            from: from(),
            reason,
        })
}

/// A cache in front of the default chain.
pub(crate) fn default_chain(chain: DefaultCredentialsChain) -> CredentialsCache {
    CredentialsCache::new(chain, None)
}

/// A client setting that is missing or unusable.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigError {
    /// An environment variable the credentials need is not set (or empty).
    MissingEnv {
        /// The variable, e.g. `AWS_ACCESS_KEY_ID`.
        name: &'static str,
    },
    /// An environment variable is set but not valid Unicode.
    InvalidEnv {
        /// The variable.
        name: &'static str,
    },
    /// The service has no standard endpoint in its model, and none was configured.
    MissingEndpoint {
        /// The service's shape id.
        service: &'static str,
    },
    /// The service's endpoint rules reject the configuration (the rule set's message, e.g.
    /// `Invalid Configuration: Missing Region`).
    Endpoint(smithy_rt::endpoint::EndpointError),
    /// No credentials to sign with: which sources were tried, and why each had none.
    Credentials(CredentialsError),
    /// A shared config or credentials file is unreadable or malformed.
    ProfileFile(ProfileFileError),
    /// `AWS_PROFILE` names a profile that neither shared file defines.
    MissingProfile {
        /// What was looked at.
        detail: String,
    },
    /// [`Config::from_env`] found no region.
    MissingRegion {
        /// The profile that was looked at.
        profile: String,
    },
    /// An endpoint URL is unusable: user information (`user:password@`), a port outside 1 to
    /// 65535, a scheme other than `http`/`https`, no host, or not a URL at all. The URL itself
    /// is not repeated (it could hold a password).
    InvalidEndpoint {
        /// Where it came from: `Config::with_endpoint`, a variable, a profile setting, or the
        /// service's endpoint rules.
        from: String,
        /// What is wrong with it.
        reason: String,
    },
    /// [`Config::from_sdk_config`] refused the `SdkConfig` (feature `sdk-config`).
    #[cfg(feature = "sdk-config")]
    SdkConfig {
        /// What is missing or unsupported.
        problem: crate::SdkConfigProblem,
    },
    /// A setting has a value outside the ones it takes.
    InvalidSetting {
        /// Where it came from: a variable or a profile setting.
        from: String,
        /// The values it takes.
        expected: &'static str,
    },
}

impl From<CredentialsError> for ConfigError {
    fn from(error: CredentialsError) -> Self {
        Self::Credentials(error)
    }
}

impl From<ProfileFileError> for ConfigError {
    fn from(error: ProfileFileError) -> Self {
        Self::ProfileFile(error)
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingEnv { name } => write!(
                f,
                "no credentials: the environment variable {name} is not set (or empty); \
                 set it or use Config::with_credentials"
            ),
            Self::InvalidEnv { name } => {
                write!(f, "the environment variable {name} is not valid Unicode")
            }
            Self::MissingEndpoint { service } => write!(
                f,
                "the model of {service} names no standard endpoint: use Config::with_endpoint"
            ),
            Self::Endpoint(e) => e.fmt(f),
            Self::Credentials(e) => e.fmt(f),
            Self::ProfileFile(e) => e.fmt(f),
            Self::MissingProfile { detail } => f.write_str(detail),
            Self::MissingRegion { profile } => write!(
                f,
                "no region: set AWS_REGION (or AWS_DEFAULT_REGION), or `region` in profile \
                 `{profile}`, or use Config::new(region)"
            ),
            Self::InvalidEndpoint { from, reason } => {
                write!(f, "the endpoint URL from {from} is unusable: {reason}")
            }
            #[cfg(feature = "sdk-config")]
            Self::SdkConfig { problem } => problem.fmt(f),
            Self::InvalidSetting { from, expected } => {
                write!(f, "{from} must be {expected}")
            }
        }
    }
}

impl std::error::Error for ConfigError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_shows_no_secret() {
        let credentials = Credentials::new(
            "AKIDVISIBLE",
            "secret-visible",
            Some("token-visible".into()),
        );
        let config = Config::new("eu-west-1")
            .with_credentials(credentials.clone())
            .with_endpoint("http://127.0.0.1:1")
            .with_timeout(Duration::from_secs(5));
        for text in [
            format!("{credentials:?}"),
            format!("{config:?}"),
            format!("{config:#?}"),
        ] {
            for secret in ["AKIDVISIBLE", "secret-visible", "token-visible"] {
                assert!(!text.contains(secret), "{secret} in {text}");
            }
        }
        assert!(format!("{credentials:?}").contains(crate::credentials::REDACTED));
        // The rest of the configuration is visible.
        let text = format!("{config:?}");
        assert!(
            text.contains("eu-west-1") && text.contains("http://127.0.0.1:1"),
            "{text}"
        );
    }

    #[test]
    fn an_explicit_endpoint_wins_over_configured_ones() {
        let config = Config::new("eu-west-1");
        assert_eq!(config.endpoint_for(Some("Firehose")), Ok(None));
        let config = config.with_endpoint("http://127.0.0.1:1");
        assert_eq!(
            config.endpoint_for(Some("Firehose")),
            Ok(Some("http://127.0.0.1:1".to_owned()))
        );
    }
}
