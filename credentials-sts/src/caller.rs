//! [`Sts`]: the two STS calls that give credentials, over the generated `sts::Client`, and
//! what plugs them into smithy-client's default chain ([`AssumeRoles`]).

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use smithy_client::{
    AssumeRoles, Config, Credentials, HttpRequest, HttpResponse, HyperTransport, RoleFuture,
    RoleRequest, StsLocation, Transport, TransportError, WebIdentityRequest,
};
use sts::operation::assume_role::{AssumeRoleError, AssumeRoleRequest};
use sts::operation::assume_role_with_web_identity::{
    AssumeRoleWithWebIdentityError, AssumeRoleWithWebIdentityRequest,
};

use crate::{Error, ErrorKind};

/// The region STS is called in when neither the settings nor [`Sts::with_region`] name one
/// (as the PHP and JavaScript SDKs do): its regional endpoint, `sts.us-east-1.amazonaws.com`.
pub const FALLBACK_REGION: &str = "us-east-1";
/// How long one STS call may take, by default: the SDKs' credentials load timeout.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);

const ASSUME_ROLE: &str = "AssumeRole";
const ASSUME_ROLE_WITH_WEB_IDENTITY: &str = "AssumeRoleWithWebIdentity";

/// Calls STS for credentials: `AssumeRole` (signed with the source credentials) and
/// `AssumeRoleWithWebIdentity` (unsigned), through the generated `sts` crate.
///
/// The endpoint is the region's regional STS endpoint, from the STS model's endpoint rules,
/// unless one is configured (`AWS_ENDPOINT_URL_STS` and the other settings
/// [`Config::from_env`] reads, or [`with_endpoint`](Self::with_endpoint)). The region is
/// [`with_region`](Self::with_region)'s, else the chain's (`AWS_REGION`,
/// `AWS_DEFAULT_REGION`, the profile's `region`), else [`FALLBACK_REGION`].
///
/// Requests go over the client's HTTPS transport ([`HyperTransport`]: hyper, rustls, a
/// 3.1 s connect timeout); one `Sts` keeps one connection pool for all its calls. Each call
/// gets [`DEFAULT_TIMEOUT`] unless [`with_timeout`](Self::with_timeout) says otherwise.
///
/// `Debug` shows the settings, never credentials or tokens.
pub struct Sts<T = HyperTransport> {
    transport: Arc<T>,
    region: Option<String>,
    endpoint: Option<String>,
    timeout: Duration,
}

impl Sts {
    /// STS over HTTPS.
    pub fn new() -> Self {
        Self::with_transport(HyperTransport::new())
    }
}

impl Default for Sts {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> Clone for Sts<T> {
    fn clone(&self) -> Self {
        Self {
            transport: Arc::clone(&self.transport),
            region: self.region.clone(),
            endpoint: self.endpoint.clone(),
            timeout: self.timeout,
        }
    }
}

impl<T: Transport> Sts<T> {
    /// STS over `transport` (for tests: an `InMemoryTransport`).
    pub fn with_transport(transport: T) -> Self {
        Self {
            transport: Arc::new(transport),
            region: None,
            endpoint: None,
            timeout: DEFAULT_TIMEOUT,
        }
    }

    /// Calls STS in `region`, whatever the chain's settings say.
    pub fn with_region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Calls STS at `url` (FIPS, a VPC endpoint, a local server), whatever the chain's
    /// settings say.
    pub fn with_endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(url.into());
        self
    }

    /// Gives up on a call after `timeout` ([`ErrorKind::TimedOut`]).
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Credentials for `role`, asked for with `source` (STS `AssumeRole`, signed with
    /// `source`).
    pub async fn assume_role(
        &self,
        role: &RoleRequest,
        source: Credentials,
    ) -> Result<Credentials, Error> {
        let arn = role.role_arn.as_str();
        let mut input = AssumeRoleRequest::new(arn, &role.session_name);
        input.external_id = role.external_id.clone();
        input.duration_seconds = role
            .duration
            .map(|d| seconds(d, ASSUME_ROLE, arn))
            .transpose()?;
        let client = sts::Client::with_transport(
            self.config(&role.sts).with_credentials(source),
            Shared(Arc::clone(&self.transport)),
        );
        let output = client
            .assume_role(&input)
            .await
            .map_err(|e| Error::from_call(ASSUME_ROLE, arn, e, AssumeRoleError::is_malformed))?;
        credentials(output.credentials, ASSUME_ROLE, arn)
    }

    /// Credentials for `role` with its web identity token (STS `AssumeRoleWithWebIdentity`,
    /// unsigned: no credentials are looked for).
    pub async fn assume_role_with_web_identity(
        &self,
        role: &WebIdentityRequest,
    ) -> Result<Credentials, Error> {
        let arn = role.role_arn.as_str();
        let input = AssumeRoleWithWebIdentityRequest::new(arn, &role.session_name, role.token());
        let client = sts::Client::with_transport(
            self.config(&role.sts),
            Shared(Arc::clone(&self.transport)),
        );
        let output = client
            .assume_role_with_web_identity(&input)
            .await
            .map_err(|e| {
                Error::from_call(
                    ASSUME_ROLE_WITH_WEB_IDENTITY,
                    arn,
                    e,
                    AssumeRoleWithWebIdentityError::is_malformed,
                )
            })?;
        credentials(output.credentials, ASSUME_ROLE_WITH_WEB_IDENTITY, arn)
    }

    /// The client settings for one call: our region and endpoint, else the chain's.
    fn config(&self, location: &StsLocation) -> Config {
        let region = self
            .region
            .as_deref()
            .or(location.region.as_deref())
            .unwrap_or(FALLBACK_REGION);
        let config = Config::new(region).with_timeout(self.timeout);
        match self.endpoint.as_ref().or(location.endpoint.as_ref()) {
            Some(url) => config.with_endpoint(url.clone()),
            None => config,
        }
    }
}

impl<T: Transport> AssumeRoles for Sts<T> {
    fn assume_role<'a>(&'a self, role: &'a RoleRequest, source: Credentials) -> RoleFuture<'a> {
        Box::pin(async move {
            Sts::assume_role(self, role, source)
                .await
                .map_err(Into::into)
        })
    }

    fn assume_role_with_web_identity<'a>(&'a self, role: &'a WebIdentityRequest) -> RoleFuture<'a> {
        Box::pin(async move {
            Sts::assume_role_with_web_identity(self, role)
                .await
                .map_err(Into::into)
        })
    }
}

impl<T> fmt::Debug for Sts<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sts")
            .field("region", &self.region)
            .field("endpoint", &self.endpoint)
            .field("timeout", &self.timeout)
            .field("transport", &std::any::type_name::<T>())
            .finish()
    }
}

/// `DurationSeconds` for `duration`.
fn seconds(duration: Duration, operation: &'static str, arn: &str) -> Result<i32, Error> {
    i32::try_from(duration.as_secs()).map_err(|_| {
        Error::new(
            ErrorKind::Config,
            operation,
            arn,
            format!("a session of {duration:?} is longer than STS allows"),
        )
    })
}

/// The credentials of an STS answer, checked: all three values and an expiry.
fn credentials(
    answer: Option<sts::types::Credentials>,
    operation: &'static str,
    arn: &str,
) -> Result<Credentials, Error> {
    let unusable = |why: &str| {
        Error::new(
            ErrorKind::InvalidResponse,
            operation,
            arn,
            format!("the answer is unusable: {why}"),
        )
    };
    let c = answer.ok_or_else(|| unusable("it has no Credentials"))?;
    for (name, value) in [
        ("AccessKeyId", &c.access_key_id),
        ("SecretAccessKey", &c.secret_access_key),
        ("SessionToken", &c.session_token),
    ] {
        if value.is_empty() {
            return Err(unusable(&format!("its Credentials have no {name}")));
        }
    }
    // A missing Expiration reads as the epoch (client error correction).
    if c.expiration.secs() <= 0 {
        return Err(unusable("its Credentials have no Expiration"));
    }
    let expiry = SystemTime::try_from(c.expiration)
        .map_err(|_| unusable("its Expiration is out of range"))?;
    Ok(
        Credentials::new(c.access_key_id, c.secret_access_key, Some(c.session_token))
            .with_expiry(expiry),
    )
}

/// `Sts`'s transport, shared by the clients it makes per call.
struct Shared<T>(Arc<T>);

impl<T: Transport> Transport for Shared<T> {
    fn send(
        &self,
        request: HttpRequest,
    ) -> impl Future<Output = Result<HttpResponse, TransportError>> + Send {
        self.0.send(request)
    }
}

/// Whether an operation's error is an answer that could not be read.
trait Malformed {
    fn is_malformed(&self) -> bool;
}

impl Malformed for AssumeRoleError {
    fn is_malformed(&self) -> bool {
        matches!(self, Self::Unhandled(e) if e.is_malformed())
    }
}

impl Malformed for AssumeRoleWithWebIdentityError {
    fn is_malformed(&self) -> bool {
        matches!(self, Self::Unhandled(e) if e.is_malformed())
    }
}
