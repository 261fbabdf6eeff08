//! Credentials: the value, where it comes from (the default chain and its sources), the cache
//! that keeps it fresh, and the error that says why there is none.
//!
//! The plug point is [`ProvideCredentials`] (aws-credential-types): [`Credentials`], the
//! [`DefaultCredentialsChain`] and any other provider, aws-config's included, go into
//! [`Config::with_credentials_provider`](crate::Config::with_credentials_provider).
//!
//! Sources that need STS (web identity, `role_arn` profiles) are resolved here and call STS
//! through [`AssumeRoles`], which `smithy-credentials-sts` implements and
//! [`DefaultCredentialsChain::with_sts`] plugs in; without it they are
//! [`CredentialsError::Unsupported`].

use std::error::Error as StdError;
use std::fmt;
use std::time::{Duration, SystemTime};

use aws_credential_types::provider::{self, ProvideCredentials, future};

use crate::ConfigError;
use crate::env::Env;

pub(crate) mod cache;
mod chain;
#[cfg(feature = "hyper")]
mod container;
mod environment;
#[cfg(feature = "hyper")]
mod http;
#[cfg(feature = "hyper")]
mod imds;
mod json;
mod process;
mod profile;
mod role_chain;
mod roles;
#[cfg(test)]
mod tests;
mod web_identity;

pub use chain::DefaultCredentialsChain;
pub use roles::{
    AssumeRoles, RoleFuture, RoleRequest, StsLocation, TokenFileError, WebIdentityRequest,
};

/// Text that `Debug` shows in place of a secret.
pub(crate) const REDACTED: &str = "*** redacted ***";

/// AWS credentials: an access key pair, a session token for temporary credentials, and when
/// they expire.
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

    /// The same credentials, valid until `expiry` (the cache refreshes them before then).
    pub fn with_expiry(self, expiry: SystemTime) -> Self {
        let mut inner = self.inner;
        *inner.expiry_mut() = Some(expiry);
        Self { inner }
    }

    /// Reads `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and, if set, `AWS_SESSION_TOKEN`.
    ///
    /// An unset or empty key variable is [`ConfigError::MissingEnv`] naming it; a value that
    /// is not Unicode is [`ConfigError::InvalidEnv`]. (The default chain reads the same
    /// variables first, then the other sources.)
    pub fn from_env() -> Result<Self, ConfigError> {
        environment::read(&Env::process())?.ok_or(ConfigError::MissingEnv {
            name: environment::ACCESS_KEY_ID,
        })
    }

    /// The access key id (not secret, but not shown by `Debug` either).
    pub fn access_key_id(&self) -> &str {
        self.inner.access_key_id()
    }

    /// Whether these are temporary credentials with a session token.
    pub fn has_session_token(&self) -> bool {
        self.inner.session_token().is_some()
    }

    /// When these credentials expire; `None` for long-term keys.
    pub fn expiry(&self) -> Option<SystemTime> {
        self.inner.expiry()
    }

    /// The form `aws-sigv4` signs with.
    pub(crate) fn as_sigv4(&self) -> &aws_credential_types::Credentials {
        &self.inner
    }
}

impl From<aws_credential_types::Credentials> for Credentials {
    fn from(inner: aws_credential_types::Credentials) -> Self {
        Self { inner }
    }
}

impl From<Credentials> for aws_credential_types::Credentials {
    fn from(credentials: Credentials) -> Self {
        credentials.inner
    }
}

impl ProvideCredentials for Credentials {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        future::ProvideCredentials::ready(Ok(self.inner.clone()))
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
            .field("expiry", &self.expiry())
            .finish()
    }
}

/// A source of the default credentials chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CredentialSource {
    /// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`.
    Environment,
    /// The shared `credentials` and `config` files.
    Profile,
    /// `AWS_WEB_IDENTITY_TOKEN_FILE` and `AWS_ROLE_ARN`: a web identity token exchanged for
    /// role credentials at STS.
    WebIdentity,
    /// The ECS or EKS Pod Identity container endpoint.
    Container,
    /// The EC2 instance metadata service (IMDSv2).
    InstanceMetadata,
}

impl fmt::Display for CredentialSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Environment => "environment",
            Self::Profile => "profile",
            Self::WebIdentity => "web identity",
            Self::Container => "container",
            Self::InstanceMetadata => "instance metadata",
        })
    }
}

/// What one source of the chain said: why it had no credentials, or why it failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceAttempt {
    /// The source.
    pub source: CredentialSource,
    /// Why it gave none (never a secret).
    pub reason: String,
}

impl SourceAttempt {
    pub(crate) fn new(source: CredentialSource, reason: impl Into<String>) -> Self {
        Self {
            source,
            reason: reason.into(),
        }
    }
}

impl fmt::Display for SourceAttempt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.source, self.reason)
    }
}

/// Why a call had no credentials to sign with. Never holds a secret.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CredentialsError {
    /// No source of the default chain had credentials; what each said, in chain order.
    NotFound {
        /// Every source, with its reason.
        tried: Vec<SourceAttempt>,
    },
    /// A source is configured but failed. The chain stops there, so that a broken setting is
    /// not silently replaced by the next source's credentials.
    SourceFailed {
        /// The sources tried before, which had none.
        tried: Vec<SourceAttempt>,
        /// The source that failed, and why.
        failed: SourceAttempt,
    },
    /// A source is configured for something this chain can't do: STS without
    /// `smithy-credentials-sts` plugged in, IAM Identity Center (SSO), or an MFA prompt. The
    /// chain stops there, as for [`SourceFailed`](Self::SourceFailed).
    Unsupported {
        /// The sources tried before, which had none.
        tried: Vec<SourceAttempt>,
        /// The source, and what its configuration asks for.
        failed: SourceAttempt,
        /// What is missing.
        needs: Unsupported,
    },
    /// Loading took longer than allowed.
    TimedOut {
        /// The limit.
        after: Duration,
        /// The sources that had answered before the limit (default chain only).
        tried: Vec<SourceAttempt>,
        /// The source that was still loading (default chain only).
        during: Option<CredentialSource>,
    },
    /// The provider set with
    /// [`Config::with_credentials_provider`](crate::Config::with_credentials_provider)
    /// failed: its error and the errors under it, as text.
    Provider {
        /// The provider's error text.
        message: String,
    },
}

impl CredentialsError {
    /// The error a provider returned, as this type: the chain's own error comes back as it
    /// was; any other provider's error becomes [`Provider`](Self::Provider).
    pub(crate) fn from_provider(error: &provider::error::CredentialsError) -> Self {
        if let Some(ours) = error
            .source()
            .and_then(|source| source.downcast_ref::<CredentialsError>())
        {
            return ours.clone();
        }
        let mut message = error.to_string();
        let mut source = error.source();
        while let Some(inner) = source {
            message.push_str(": ");
            message.push_str(&inner.to_string());
            source = inner.source();
        }
        Self::Provider { message }
    }

    /// As the error type of [`ProvideCredentials`], keeping this one as the source.
    pub(crate) fn into_provider_error(self) -> provider::error::CredentialsError {
        match self {
            Self::NotFound { .. } => provider::error::CredentialsError::not_loaded(self),
            Self::SourceFailed { .. } | Self::Unsupported { .. } => {
                provider::error::CredentialsError::invalid_configuration(self)
            }
            Self::TimedOut { .. } | Self::Provider { .. } => {
                provider::error::CredentialsError::provider_error(self)
            }
        }
    }
}

fn write_attempts(f: &mut fmt::Formatter<'_>, attempts: &[SourceAttempt]) -> fmt::Result {
    for (index, attempt) in attempts.iter().enumerate() {
        if index > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{attempt}")?;
    }
    Ok(())
}

/// ` (tried before: a, b)`, or nothing.
fn write_tried_before(f: &mut fmt::Formatter<'_>, tried: &[SourceAttempt]) -> fmt::Result {
    if tried.is_empty() {
        return Ok(());
    }
    f.write_str(" (tried before: ")?;
    write_attempts(f, tried)?;
    f.write_str(")")
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotFound { tried } => {
                f.write_str("no AWS credentials found; tried ")?;
                write_attempts(f, tried)
            }
            Self::SourceFailed { tried, failed } => {
                write!(
                    f,
                    "cannot load AWS credentials from the {}: {}",
                    failed.source, failed.reason
                )?;
                write_tried_before(f, tried)
            }
            Self::Unsupported {
                tried,
                failed,
                needs,
            } => {
                write!(
                    f,
                    "cannot load AWS credentials from the {}: {}; {needs}",
                    failed.source, failed.reason
                )?;
                write_tried_before(f, tried)
            }
            Self::TimedOut {
                after,
                tried,
                during,
            } => {
                write!(f, "loading AWS credentials took longer than {after:?}")?;
                if let Some(source) = during {
                    write!(f, " in the {source} source")?;
                }
                write_tried_before(f, tried)
            }
            Self::Provider { message } => {
                write!(f, "the credentials provider failed: {message}")
            }
        }
    }
}

impl StdError for CredentialsError {}

/// What a configured source needs that the chain doesn't have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Unsupported {
    /// STS calls (web identity, `role_arn` profiles): add the `smithy-credentials-sts` crate
    /// and use its chain.
    Sts,
    /// IAM Identity Center (`sso_*` settings): use aws-config's provider.
    Sso,
    /// A role that needs an MFA code (`mfa_serial`): the chain can't ask for one.
    Mfa,
}

impl fmt::Display for Unsupported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Sts => {
                "STS is not plugged into this chain: add the smithy-credentials-sts crate and \
                 use its chain (smithy_credentials_sts::default_chain() or config_from_env())"
            }
            Self::Sso => {
                "the lean chain does not call IAM Identity Center; use aws-config's provider \
                 with Config::with_credentials_provider"
            }
            Self::Mfa => {
                "the chain can't prompt for an MFA code; use a profile without mfa_serial, or \
                 get session credentials yourself and pass them with Config::with_credentials"
            }
        })
    }
}

/// What one source of the chain found.
pub(crate) enum Outcome {
    /// Credentials.
    Found(Credentials),
    /// The source is not set up here; the chain goes on. The text says why.
    NotConfigured(String),
    /// The source is set up but failed; the chain stops. The text says why.
    Failed(String),
    /// The source is set up for something the chain can't do; the chain stops. The text
    /// says what the configuration asks for.
    Unsupported(Unsupported, String),
}
