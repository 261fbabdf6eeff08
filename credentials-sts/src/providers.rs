//! The two STS sources as providers of their own, for use outside the default chain:
//! [`WebIdentityTokenProvider`] and [`AssumeRoleProvider`]. Put either into
//! `Config::with_credentials_provider`, whose cache refreshes the credentials before they
//! expire.

use std::fmt;
use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_credential_types::provider::{self, ProvideCredentials, SharedCredentialsProvider, future};
use smithy_client::{Credentials, HyperTransport, RoleRequest, Transport, WebIdentityRequest};

use crate::{Error, ErrorKind, Sts};

/// Role credentials for a web identity token read from a file (STS
/// `AssumeRoleWithWebIdentity`), such as the token EKS mounts for a service account. The
/// file is read at every load, since it is rotated.
///
/// The default chain already does this for `AWS_WEB_IDENTITY_TOKEN_FILE` and
/// `AWS_ROLE_ARN`; this is for a token and role of your own.
///
/// ```no_run
/// use smithy_credentials_sts::WebIdentityTokenProvider;
///
/// let provider = WebIdentityTokenProvider::new(
///     "arn:aws:iam::111122223333:role/reader",
///     "/var/run/secrets/tokens/token",
/// )
/// .with_session_name("reader-1");
/// let config = smithy_client::Config::new("eu-west-1").with_credentials_provider(provider);
/// # let _ = config;
/// ```
pub struct WebIdentityTokenProvider<T = HyperTransport> {
    sts: Sts<T>,
    role_arn: String,
    token_file: PathBuf,
    session_name: Option<String>,
}

impl WebIdentityTokenProvider {
    /// Credentials for `role_arn` with the token in `token_file`, from STS in
    /// [`FALLBACK_REGION`](crate::FALLBACK_REGION) unless [`with_sts`](Self::with_sts) says
    /// otherwise.
    pub fn new(role_arn: impl Into<String>, token_file: impl Into<PathBuf>) -> Self {
        Self {
            sts: Sts::new(),
            role_arn: role_arn.into(),
            token_file: token_file.into(),
            session_name: None,
        }
    }
}

impl<T: Transport> WebIdentityTokenProvider<T> {
    /// The session name (the last part of the assumed-role ARN); by default
    /// `web-identity-token-<milliseconds>`, as the AWS SDKs name it.
    pub fn with_session_name(mut self, name: impl Into<String>) -> Self {
        self.session_name = Some(name.into());
        self
    }

    /// Calls STS through `sts` (its region, endpoint, retries, timeouts and transport).
    pub fn with_sts<U: Transport>(self, sts: Sts<U>) -> WebIdentityTokenProvider<U> {
        WebIdentityTokenProvider {
            sts,
            role_arn: self.role_arn,
            token_file: self.token_file,
            session_name: self.session_name,
        }
    }

    /// Reads the token and asks STS for credentials.
    pub async fn load(&self) -> Result<Credentials, Error> {
        let session = self
            .session_name
            .clone()
            .unwrap_or_else(|| session_name("web-identity-token"));
        let request =
            WebIdentityRequest::from_token_file(&self.role_arn, session, &self.token_file)
                .map_err(|e| {
                    Error::new(
                        ErrorKind::Config,
                        "AssumeRoleWithWebIdentity",
                        &self.role_arn,
                        e.to_string(),
                    )
                })?;
        self.sts.assume_role_with_web_identity(&request).await
    }
}

impl<T: Transport> ProvideCredentials for WebIdentityTokenProvider<T> {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        future::ProvideCredentials::new(async move { provided(self.load().await) })
    }
}

impl<T> fmt::Debug for WebIdentityTokenProvider<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebIdentityTokenProvider")
            .field("role_arn", &self.role_arn)
            .field("token_file", &self.token_file)
            .field("session_name", &self.session_name)
            .field("sts", &self.sts)
            .finish()
    }
}

/// Role credentials asked for with the credentials of another provider (STS `AssumeRole`):
/// a role in another account, assumed with your own keys, the instance role, or anything
/// else that implements `ProvideCredentials`.
///
/// The default chain already does this for `role_arn` profiles; this is for a role of your
/// own.
///
/// ```no_run
/// use smithy_client::Credentials;
/// use smithy_credentials_sts::{AssumeRoleProvider, Sts};
///
/// let keys = Credentials::new("AKID...", "secret", None);
/// let provider = AssumeRoleProvider::new("arn:aws:iam::111122223333:role/deploy", keys)
///     .with_session_name("deploy")
///     .with_external_id("a-shared-id")
///     .with_sts(Sts::new().with_region("eu-west-1"));
/// let config = smithy_client::Config::new("eu-west-1").with_credentials_provider(provider);
/// # let _ = config;
/// ```
pub struct AssumeRoleProvider<T = HyperTransport> {
    sts: Sts<T>,
    role: RoleRequest,
    session_named: bool,
    source: SharedCredentialsProvider,
}

impl AssumeRoleProvider {
    /// Credentials for `role_arn`, asked for with `source`'s credentials, from STS in
    /// [`FALLBACK_REGION`](crate::FALLBACK_REGION) unless [`with_sts`](Self::with_sts) says
    /// otherwise.
    pub fn new(role_arn: impl Into<String>, source: impl ProvideCredentials + 'static) -> Self {
        Self {
            sts: Sts::new(),
            role: RoleRequest::new(role_arn, ""),
            session_named: false,
            source: SharedCredentialsProvider::new(source),
        }
    }
}

impl<T: Transport> AssumeRoleProvider<T> {
    /// The session name (the last part of the assumed-role ARN); by default
    /// `assume-role-provider-<milliseconds>`, as the AWS SDKs name it.
    pub fn with_session_name(mut self, name: impl Into<String>) -> Self {
        self.role.session_name = name.into();
        self.session_named = true;
        self
    }

    /// The external id the role's trust policy asks for.
    pub fn with_external_id(mut self, id: impl Into<String>) -> Self {
        self.role.external_id = Some(id.into());
        self
    }

    /// How long the credentials should last (15 minutes to the role's maximum; STS's default
    /// is an hour).
    pub fn with_duration(mut self, duration: Duration) -> Self {
        self.role.duration = Some(duration);
        self
    }

    /// Calls STS through `sts` (its region, endpoint, retries, timeouts and transport).
    pub fn with_sts<U: Transport>(self, sts: Sts<U>) -> AssumeRoleProvider<U> {
        AssumeRoleProvider {
            sts,
            role: self.role,
            session_named: self.session_named,
            source: self.source,
        }
    }

    /// Asks the source provider for credentials, then STS for the role's.
    pub async fn load(&self) -> Result<Credentials, Error> {
        let arn = self.role.role_arn.as_str();
        let source = self.source.provide_credentials().await.map_err(|e| {
            let mut why = format!("the source credentials: {e}");
            let mut cause = std::error::Error::source(&e);
            while let Some(inner) = cause {
                why.push_str(": ");
                why.push_str(&inner.to_string());
                cause = inner.source();
            }
            Error::new(ErrorKind::Config, "AssumeRole", arn, why)
        })?;
        if self.session_named {
            return self.sts.assume_role(&self.role, source.into()).await;
        }
        let mut role = self.role.clone();
        role.session_name = session_name("assume-role-provider");
        self.sts.assume_role(&role, source.into()).await
    }
}

impl<T: Transport> ProvideCredentials for AssumeRoleProvider<T> {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        future::ProvideCredentials::new(async move { provided(self.load().await) })
    }
}

impl<T> fmt::Debug for AssumeRoleProvider<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The source provider's own Debug may show a key id; it is left out.
        f.debug_struct("AssumeRoleProvider")
            .field("role", &self.role)
            .field("sts", &self.sts)
            .finish_non_exhaustive()
    }
}

/// A load's result as `ProvideCredentials` returns it; the [`Error`] stays its source.
fn provided(result: Result<Credentials, Error>) -> provider::Result {
    result.map(Into::into).map_err(|e| match e.kind() {
        ErrorKind::Config | ErrorKind::RegionDisabled => {
            provider::error::CredentialsError::invalid_configuration(e)
        }
        _ => provider::error::CredentialsError::provider_error(e),
    })
}

/// `base-<milliseconds>`, the SDKs' default session name.
fn session_name(base: &str) -> String {
    let millis = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or_default();
    format!("{base}-{millis}")
}
