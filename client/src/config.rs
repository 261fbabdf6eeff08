//! What a client needs to know: region, credentials, endpoint override, timeout.

use std::ffi::OsString;
use std::fmt;
use std::time::Duration;

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
/// region. Without [`with_timeout`](Self::with_timeout), a call waits as long as the transport
/// does (the HTTPS transport gives up connecting after 3.1 s, as the AWS SDKs do).
#[derive(Clone, Debug)]
pub struct Config {
    region: String,
    credentials: Option<Credentials>,
    endpoint: Option<String>,
    timeout: Option<Duration>,
}

impl Config {
    /// Settings for `region`, e.g. `"us-east-1"`.
    pub fn new(region: impl Into<String>) -> Self {
        Self {
            region: region.into(),
            credentials: None,
            endpoint: None,
            timeout: None,
        }
    }

    /// Signs with these credentials instead of reading them from the environment.
    pub fn with_credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// Sends to `url` (`scheme://host[:port][/path]`) instead of the standard endpoint: FIPS,
    /// VPC endpoints, or a local server (`http://` is accepted).
    pub fn with_endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(url.into());
        self
    }

    /// Gives up on a call that has no response after `timeout` ([`Error::Timeout`]); the
    /// timer needs a Tokio runtime.
    ///
    /// [`Error::Timeout`]: crate::Error::Timeout
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
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
        self.endpoint.as_deref()
    }

    /// The per-call timeout.
    pub fn timeout(&self) -> Option<Duration> {
        self.timeout
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
    /// The service's endpoint rules reject the configuration (the rule set's message, e.g.
    /// `Invalid Configuration: Missing Region`).
    Endpoint(smithy_rt::endpoint::EndpointError),
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
