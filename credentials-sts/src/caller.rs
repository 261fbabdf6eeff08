//! [`Sts`]: the two STS calls that give credentials, over the generated `sts::Client`, and
//! what plugs them into smithy-client's default chain ([`AssumeRoles`]).

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use smithy_client::{
    AssumeRoles, Config, Credentials, HttpRequest, HttpResponse, HyperTransport, RetryConfig,
    RoleFuture, RoleRequest, StsLocation, TimeoutConfig, Transport, TransportError,
    WebIdentityRequest,
};
use sts::operation::assume_role::{AssumeRoleError, AssumeRoleRequest};
use sts::operation::assume_role_with_web_identity::{
    AssumeRoleWithWebIdentityError, AssumeRoleWithWebIdentityRequest,
};

use crate::{Error, ErrorKind};

/// The region STS is called in when neither the settings nor [`Sts::with_region`] name one
/// (as the PHP and JavaScript SDKs do): its regional endpoint, `sts.us-east-1.amazonaws.com`.
pub const FALLBACK_REGION: &str = "us-east-1";
/// How long one STS call may take, all attempts included, by default: the SDKs' credentials
/// load timeout.
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
/// 3.1 s connect timeout); one `Sts` keeps one connection pool for all its calls. Calls run
/// through the client's retry loop: the standard mode by default (3 attempts, jittered
/// backoff, the retry quota STS shares in its region), as the AWS SDKs' STS credentials
/// providers retry, which includes `IDPCommunicationError` (a retryable server error in
/// aws-sdk-sts). A call, all its attempts included, gets [`DEFAULT_TIMEOUT`] unless
/// [`with_timeout`](Self::with_timeout) or [`with_timeout_config`](Self::with_timeout_config)
/// say otherwise.
///
/// `Debug` shows the settings, never credentials or tokens.
pub struct Sts<T = HyperTransport> {
    transport: Arc<T>,
    /// Where to call STS, whatever the chain's settings say (each part that is set).
    location: StsLocation,
    retry: RetryConfig,
    timeouts: TimeoutConfig,
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
            location: self.location.clone(),
            retry: self.retry.clone(),
            timeouts: self.timeouts,
        }
    }
}

impl<T: Transport> Sts<T> {
    /// STS over `transport` (for tests: an `InMemoryTransport`).
    pub fn with_transport(transport: T) -> Self {
        Self {
            transport: Arc::new(transport),
            location: StsLocation::default(),
            retry: RetryConfig::standard(),
            timeouts: TimeoutConfig::default().with_operation_timeout(DEFAULT_TIMEOUT),
        }
    }

    /// Calls STS in `region`, whatever the chain's settings say.
    pub fn with_region(mut self, region: impl Into<String>) -> Self {
        self.location = self.location.with_region(region);
        self
    }

    /// Calls STS at `url` (FIPS, a VPC endpoint, a local server), whatever the chain's
    /// settings say.
    pub fn with_endpoint(mut self, url: impl Into<String>) -> Self {
        self.location = self.location.with_endpoint(url);
        self
    }

    /// Gives up on a call, all its attempts included, after `timeout`
    /// ([`ErrorKind::TimedOut`]): the operation timeout of the
    /// [`TimeoutConfig`](Self::with_timeout_config).
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeouts = self.timeouts.with_operation_timeout(timeout);
        self
    }

    /// Attempt and operation timeouts of each call (default: the client's, with a 5 s
    /// operation timeout). The connect timeout is the transport's: to change it, give
    /// [`with_transport`](Self::with_transport) a
    /// [`HyperTransport::with_config`](smithy_client::HyperTransport::with_config).
    pub fn with_timeout_config(mut self, timeouts: TimeoutConfig) -> Self {
        self.timeouts = timeouts;
        self
    }

    /// How calls are retried (default [`RetryConfig::standard`]; [`RetryConfig::disabled`]
    /// makes one attempt).
    pub fn with_retry_config(mut self, retry: RetryConfig) -> Self {
        self.retry = retry;
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
            .location
            .region
            .as_deref()
            .or(location.region.as_deref())
            .unwrap_or(FALLBACK_REGION);
        let config = Config::new(region)
            .with_retry_config(self.retry.clone())
            .with_timeout_config(self.timeouts);
        match self
            .location
            .endpoint
            .as_ref()
            .or(location.endpoint.as_ref())
        {
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
            .field("location", &self.location)
            .field("retry", &self.retry)
            .field("timeouts", &self.timeouts)
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
