//! What a client needs to know: region, credentials, endpoint override, timeout.

use std::ffi::OsString;
use std::fmt;
use std::time::Duration;

use crate::{HttpConfig, RetryConfig, TimeoutConfig};

/// Text that `Debug` shows in place of a secret.
const REDACTED: &str = "*** redacted ***";

/// AWS credentials: an access key pair, and a session token for temporary credentials.
///
/// `Debug` shows none of the three values.
#[derive(Clone)]
pub struct Credentials {
    inner: aws_credential_types::Credentials,
}

impl Credentials {
    /// Explicit credentials. `session_token` is needed for temporary credentials (STS).
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
    ) -> Self {
        Self {
            inner: aws_credential_types::Credentials::new(
                access_key_id,
                secret_access_key,
                session_token,
                None,
                "smithy-client",
            ),
        }
    }

    /// Reads `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and, if set, `AWS_SESSION_TOKEN`.
    ///
    /// An unset or empty key variable is [`ConfigError::MissingEnv`] naming it; a value that
    /// is not Unicode is [`ConfigError::InvalidEnv`].
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(std::env::var_os)
    }

    /// [`from_env`](Self::from_env) over any variable lookup (tests don't touch the process
    /// environment).
    fn from_lookup(lookup: impl Fn(&'static str) -> Option<OsString>) -> Result<Self, ConfigError> {
        let read = |name: &'static str| -> Result<Option<String>, ConfigError> {
            match lookup(name) {
                None => Ok(None),
                Some(value) => match value.into_string() {
                    Ok(text) if text.is_empty() => Ok(None),
                    Ok(text) => Ok(Some(text)),
                    Err(_) => Err(ConfigError::InvalidEnv { name }),
                },
            }
        };
        let required = |name: &'static str| read(name)?.ok_or(ConfigError::MissingEnv { name });
        let access_key_id = required(ACCESS_KEY_ID)?;
        let secret_access_key = required(SECRET_ACCESS_KEY)?;
        let session_token = read(SESSION_TOKEN)?;
        Ok(Self::new(access_key_id, secret_access_key, session_token))
    }

    /// The access key id (not secret, but not shown by `Debug` either).
    pub fn access_key_id(&self) -> &str {
        self.inner.access_key_id()
    }

    /// Whether these are temporary credentials with a session token.
    pub fn has_session_token(&self) -> bool {
        self.inner.session_token().is_some()
    }

    /// The form `aws-sigv4` signs with.
    pub(crate) fn as_sigv4(&self) -> &aws_credential_types::Credentials {
        &self.inner
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &REDACTED)
            .field("secret_access_key", &REDACTED)
            .field(
                "session_token",
                &self.has_session_token().then_some(REDACTED),
            )
            .finish()
    }
}

const ACCESS_KEY_ID: &str = "AWS_ACCESS_KEY_ID";
const SECRET_ACCESS_KEY: &str = "AWS_SECRET_ACCESS_KEY";
const SESSION_TOKEN: &str = "AWS_SESSION_TOKEN";

/// Settings of a client: `Config::new(region)`, then `with_*` for the rest.
///
/// Without [`with_credentials`](Self::with_credentials), the client reads
/// [`Credentials::from_env`] when it is created. Without
/// [`with_endpoint`](Self::with_endpoint), it sends to the service's standard endpoint in the
/// region. Retries, timeouts and the HTTP transport have defaults that never wait forever:
/// see [`RetryConfig`], [`TimeoutConfig`] and [`HttpConfig`].
#[derive(Clone, Debug)]
pub struct Config {
    region: String,
    credentials: Option<Credentials>,
    endpoint: Option<EndpointUrl>,
    // Retries, timeouts and HTTP transport settings (issue 10).
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
            endpoint: None,
            retry: RetryConfig::default(),
            timeouts: TimeoutConfig::default(),
            http: HttpConfig::default(),
        }
    }

    /// Signs with these credentials instead of reading them from the environment.
    pub fn with_credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
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

    /// The region requests are signed for.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// The credentials set with [`with_credentials`](Self::with_credentials).
    pub fn credentials(&self) -> Option<&Credentials> {
        self.credentials.as_ref()
    }

    /// The endpoint override.
    pub fn endpoint(&self) -> Option<&str> {
        self.endpoint.as_ref().map(|e| e.0.as_str())
    }

    // Retries, timeouts and HTTP transport settings (issue 10).

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
}

/// An endpoint URL as configured; `Debug` hides user information (`user:password@`).
#[derive(Clone)]
struct EndpointUrl(String);

impl fmt::Debug for EndpointUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&crate::endpoint::redact_userinfo(&self.0), f)
    }
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
    /// The configured endpoint can't be used.
    InvalidEndpoint {
        /// The endpoint, user information replaced by `***`.
        endpoint: String,
        /// What is wrong with it.
        reason: String,
    },
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
            Self::InvalidEndpoint { endpoint, reason } => {
                write!(f, "invalid endpoint `{endpoint}`: {reason}")
            }
        }
    }
}

impl std::error::Error for ConfigError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup(vars: &[(&'static str, &str)]) -> impl Fn(&'static str) -> Option<OsString> + use<> {
        let vars: Vec<(&'static str, OsString)> =
            vars.iter().map(|(n, v)| (*n, OsString::from(v))).collect();
        move |name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.clone())
        }
    }

    #[test]
    fn env_credentials_with_and_without_a_session_token() {
        let full = Credentials::from_lookup(lookup(&[
            (ACCESS_KEY_ID, "AKIDENV"),
            (SECRET_ACCESS_KEY, "env-secret"),
            (SESSION_TOKEN, "env-token"),
        ]))
        .unwrap();
        assert_eq!(full.access_key_id(), "AKIDENV");
        assert_eq!(full.as_sigv4().secret_access_key(), "env-secret");
        assert_eq!(full.as_sigv4().session_token(), Some("env-token"));

        let long_term = Credentials::from_lookup(lookup(&[
            (ACCESS_KEY_ID, "AKIDENV"),
            (SECRET_ACCESS_KEY, "env-secret"),
            (SESSION_TOKEN, ""),
        ]))
        .unwrap();
        assert!(!long_term.has_session_token());
    }

    #[test]
    fn a_missing_or_empty_variable_is_named() {
        let missing = Credentials::from_lookup(lookup(&[(SECRET_ACCESS_KEY, "s")])).unwrap_err();
        assert_eq!(
            missing,
            ConfigError::MissingEnv {
                name: ACCESS_KEY_ID
            }
        );
        assert!(
            missing.to_string().contains("AWS_ACCESS_KEY_ID"),
            "{missing}"
        );

        let empty = Credentials::from_lookup(lookup(&[
            (ACCESS_KEY_ID, "AKIDENV"),
            (SECRET_ACCESS_KEY, ""),
        ]))
        .unwrap_err();
        assert_eq!(
            empty,
            ConfigError::MissingEnv {
                name: SECRET_ACCESS_KEY
            }
        );
        assert!(
            empty.to_string().contains("AWS_SECRET_ACCESS_KEY"),
            "{empty}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_non_unicode_variable_is_named() {
        use std::os::unix::ffi::OsStringExt;
        let invalid = Credentials::from_lookup(|name| {
            Some(if name == SESSION_TOKEN {
                OsString::from_vec(vec![0xff, 0xfe])
            } else {
                OsString::from("x")
            })
        })
        .unwrap_err();
        assert_eq!(
            invalid,
            ConfigError::InvalidEnv {
                name: SESSION_TOKEN
            }
        );
        assert!(
            invalid.to_string().contains("AWS_SESSION_TOKEN"),
            "{invalid}"
        );
    }

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
            assert!(text.contains(REDACTED), "{text}");
        }
        // The rest of the configuration is visible.
        let text = format!("{config:?}");
        assert!(
            text.contains("eu-west-1") && text.contains("http://127.0.0.1:1"),
            "{text}"
        );
    }
}
