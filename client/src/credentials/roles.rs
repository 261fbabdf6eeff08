//! The STS plug point of the default chain: [`AssumeRoles`] and the two requests it serves.
//!
//! The chain decides everything but the call: which role, which session name, which source
//! credentials, which region and configured endpoint STS is reached at. The implementation
//! (`smithy-credentials-sts`, on the generated `sts` crate) only calls STS. So this crate
//! stays free of XML and STS, and the profile rules live next to the profile parser.

use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::{Credentials, REDACTED};
use crate::env::Env;
use crate::env_config::{ConfiguredEndpoints, DEFAULT_REGION, REGION};
use crate::profile::ProfileFiles;

/// What [`AssumeRoles`] returns: credentials (with their expiry), or why there are none.
pub type RoleFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Credentials, Box<dyn StdError + Send + Sync>>> + Send + 'a>>;

/// Calls STS for the default chain: `AssumeRole` with source credentials, and
/// `AssumeRoleWithWebIdentity` with a token. `smithy-credentials-sts` implements it; plug it
/// in with [`DefaultCredentialsChain::with_sts`](crate::DefaultCredentialsChain::with_sts).
///
/// Errors must not contain the source credentials or the token; the chain puts their text
/// into [`CredentialsError::SourceFailed`](crate::CredentialsError::SourceFailed).
pub trait AssumeRoles: Send + Sync + 'static {
    /// Credentials for `role`, asked for with `source` (STS `AssumeRole`).
    fn assume_role<'a>(&'a self, role: &'a RoleRequest, source: Credentials) -> RoleFuture<'a>;

    /// Credentials for `role`, asked for with its web identity token (STS
    /// `AssumeRoleWithWebIdentity`, unsigned).
    fn assume_role_with_web_identity<'a>(&'a self, role: &'a WebIdentityRequest) -> RoleFuture<'a>;
}

/// Where STS is reached: the region (STS's endpoint rules make it the regional endpoint) and
/// an endpoint override.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct StsLocation {
    /// `AWS_REGION`, `AWS_DEFAULT_REGION` or the selected profile's `region`; `None` when
    /// none is set (the implementation picks one).
    pub region: Option<String>,
    /// The endpoint configured for STS (`AWS_ENDPOINT_URL_STS`, `AWS_ENDPOINT_URL`, the
    /// profile's `services` entry `sts` or its `endpoint_url`), if any.
    pub endpoint: Option<String>,
}

impl StsLocation {
    /// STS in `region`.
    pub fn with_region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// STS at `endpoint` (a URL).
    pub fn with_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }
}

/// An `AssumeRole` call: which role, under which session name, and where STS is.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RoleRequest {
    /// The role's ARN.
    pub role_arn: String,
    /// The session name (the last part of the assumed-role ARN).
    pub session_name: String,
    /// The external id the role's trust policy asks for, if any.
    pub external_id: Option<String>,
    /// How long the credentials should last; `None` for STS's default (one hour).
    pub duration: Option<Duration>,
    /// Where STS is.
    pub sts: StsLocation,
}

impl RoleRequest {
    /// A request for `role_arn` under `session_name`, with STS's defaults for the rest.
    pub fn new(role_arn: impl Into<String>, session_name: impl Into<String>) -> Self {
        Self {
            role_arn: role_arn.into(),
            session_name: session_name.into(),
            external_id: None,
            duration: None,
            sts: StsLocation::default(),
        }
    }

    /// The same request with an external id.
    pub fn with_external_id(mut self, external_id: impl Into<String>) -> Self {
        self.external_id = Some(external_id.into());
        self
    }

    /// The same request asking for credentials that last `duration`.
    pub fn with_duration(mut self, duration: Duration) -> Self {
        self.duration = Some(duration);
        self
    }

    /// The same request to STS at `sts`.
    pub fn with_sts(mut self, sts: StsLocation) -> Self {
        self.sts = sts;
        self
    }
}

/// An `AssumeRoleWithWebIdentity` call. `Debug` doesn't show the token.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct WebIdentityRequest {
    /// The role's ARN.
    pub role_arn: String,
    /// The session name (the last part of the assumed-role ARN).
    pub session_name: String,
    /// The file the token was read from, for messages (`None` for a token given directly).
    pub token_file: Option<PathBuf>,
    /// Where STS is.
    pub sts: StsLocation,
    token: String,
}

impl WebIdentityRequest {
    /// A request for `role_arn` under `session_name` with the OIDC `token`.
    pub fn new(
        role_arn: impl Into<String>,
        session_name: impl Into<String>,
        token: impl Into<String>,
    ) -> Self {
        Self {
            role_arn: role_arn.into(),
            session_name: session_name.into(),
            token_file: None,
            sts: StsLocation::default(),
            token: token.into(),
        }
    }

    /// A request with the token read now from the file at `path` (trailing whitespace
    /// trimmed; at most 64 KiB). Read it again for each request: providers such as EKS
    /// rotate the file. The error names the file, never its contents.
    pub fn from_token_file(
        role_arn: impl Into<String>,
        session_name: impl Into<String>,
        path: impl Into<PathBuf>,
    ) -> Result<Self, TokenFileError> {
        let path = path.into();
        let token = super::web_identity::read_token(&Env::process(), &path)
            .map_err(|message| TokenFileError { message })?;
        Ok(Self::new(role_arn, session_name, token).with_token_file(path))
    }

    /// The same request, noting the file the token came from.
    pub fn with_token_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.token_file = Some(path.into());
        self
    }

    /// The same request to STS at `sts`.
    pub fn with_sts(mut self, sts: StsLocation) -> Self {
        self.sts = sts;
        self
    }

    /// The web identity token (a secret).
    pub fn token(&self) -> &str {
        &self.token
    }
}

impl fmt::Debug for WebIdentityRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebIdentityRequest")
            .field("role_arn", &self.role_arn)
            .field("session_name", &self.session_name)
            .field("token_file", &self.token_file)
            .field("sts", &self.sts)
            .field("token", &REDACTED)
            .finish()
    }
}

/// A web identity token file that can't be used: unreadable, not UTF-8, empty, too large.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenFileError {
    message: String,
}

impl fmt::Display for TokenFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl StdError for TokenFileError {}

/// Where the chain's STS calls go, from `env` and the selected profile.
pub(crate) fn sts_location(env: &Env, files: &ProfileFiles) -> Result<StsLocation, String> {
    let region = match env.var(REGION).map_err(|e| e.to_string())? {
        Some(region) => Some(region),
        None => match env.var(DEFAULT_REGION).map_err(|e| e.to_string())? {
            Some(region) => Some(region),
            None => files.get("region").map(str::to_owned),
        },
    };
    let endpoint = ConfiguredEndpoints::load(env, files.clone())
        .and_then(|configured| configured.for_service(Some(STS_SDK_ID)))
        .map_err(|e| format!("the endpoint for STS: {e}"))?;
    Ok(StsLocation { region, endpoint })
}

/// STS's sdkId, which names its endpoint settings (`AWS_ENDPOINT_URL_STS`).
const STS_SDK_ID: &str = "STS";

/// A session name the SDKs would choose: `base` and the time in milliseconds.
pub(crate) fn default_session_name(base: &str) -> String {
    let millis = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or_default();
    format!("{base}-{millis}")
}
