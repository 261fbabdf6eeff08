//! [`Error`]: why STS gave no credentials, with a [`ErrorKind`] to match on. Never holds the
//! source credentials, the token, or what STS sent back as credentials.

use std::error::Error as StdError;
use std::fmt;

use smithy_client::ProvideRetryKind;
use sts::{ProvideErrorMetadata, RequestId};

/// Why an STS call for credentials failed.
///
/// `Display` names the operation and the role, then what happened:
/// `STS AssumeRole of arn:aws:iam::111122223333:role/deploy: AccessDenied: User ... is not
/// authorized (HTTP 403, request id 7f1c...)`.
#[derive(Debug)]
pub struct Error {
    // Boxed: results carrying it stay small (errors are the cold path).
    inner: Box<Inner>,
}

#[derive(Debug)]
struct Inner {
    kind: ErrorKind,
    operation: &'static str,
    role_arn: String,
    detail: String,
    code: Option<String>,
    request_id: Option<String>,
    retryable: bool,
    source: Option<Box<dyn StdError + Send + Sync + 'static>>,
}

/// The kind of an [`Error`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// STS refused: the caller may not assume the role (`AccessDenied`).
    AccessDenied,
    /// The source credentials or the web identity token have expired
    /// (`ExpiredTokenException`).
    ExpiredToken,
    /// STS could not validate the web identity token (`InvalidIdentityToken`).
    InvalidIdentityToken,
    /// The identity provider refused the token (`IDPRejectedClaim`).
    IdpRejectedClaim,
    /// STS could not reach the identity provider (`IDPCommunicationError`); retried, and
    /// worth retrying later.
    IdpCommunication,
    /// STS is not activated in the region for the account (`RegionDisabledException`).
    RegionDisabled,
    /// Too many requests (`Throttling` and the AWS SDKs' other throttling codes); retried,
    /// and worth retrying later.
    Throttled,
    /// Any other error STS answered with; [`Error::code`] has its code.
    Refused,
    /// An answer that is not a readable STS response (malformed XML, no credentials in it).
    InvalidResponse,
    /// The request did not reach STS, or its answer did not come back whole.
    Transport,
    /// No answer within the time limit (an attempt's or the whole call's).
    TimedOut,
    /// Nothing was sent: the settings can't make a request (no endpoint for the region, an
    /// unreadable token file, a source provider that failed).
    Config,
}

impl Error {
    pub(crate) fn new(
        kind: ErrorKind,
        operation: &'static str,
        role_arn: &str,
        detail: impl Into<String>,
    ) -> Self {
        Self {
            inner: Box::new(Inner {
                kind,
                operation,
                role_arn: role_arn.to_owned(),
                detail: detail.into(),
                code: None,
                request_id: None,
                retryable: false,
                source: None,
            }),
        }
    }

    fn with_source(mut self, source: impl StdError + Send + Sync + 'static) -> Self {
        self.inner.source = Some(Box::new(source));
        self
    }

    /// The error of a generated client call (after its retries), classified. `malformed`
    /// says whether a service error is an answer that could not be read.
    pub(crate) fn from_call<E>(
        operation: &'static str,
        role_arn: &str,
        error: smithy_client::Error<E>,
        malformed: impl FnOnce(&E) -> bool,
    ) -> Self
    where
        E: StdError + ProvideErrorMetadata + ProvideRetryKind + RequestId + Send + Sync + 'static,
    {
        // The client's classification, which its retry loop used; a timeout, even the whole
        // call's, may pass at a later load.
        let retryable =
            error.is_retryable() || matches!(error, smithy_client::Error::Timeout { .. });
        let new = |kind, detail: String| {
            let mut error = Self::new(kind, operation, role_arn, detail);
            error.inner.retryable = retryable;
            error
        };
        match error {
            smithy_client::Error::Service(e) => {
                let kind = if malformed(&e) {
                    ErrorKind::InvalidResponse
                } else if e.is_throttling() {
                    ErrorKind::Throttled
                } else {
                    e.code().map_or(ErrorKind::InvalidResponse, kind_of_code)
                };
                let mut error = new(kind, e.to_string());
                error.inner.code = e.code().map(str::to_owned);
                error.inner.request_id = e.request_id().map(str::to_owned);
                error.with_source(e)
            }
            smithy_client::Error::Transport(e) => {
                new(ErrorKind::Transport, e.to_string()).with_source(e)
            }
            timeout @ smithy_client::Error::Timeout { .. } => {
                new(ErrorKind::TimedOut, timeout.to_string())
            }
            smithy_client::Error::Config(e) => new(ErrorKind::Config, e.to_string()).with_source(e),
            smithy_client::Error::Build(e) => {
                new(ErrorKind::Config, format!("cannot build the request: {e}")).with_source(e)
            }
            smithy_client::Error::Sign(e) => {
                new(ErrorKind::Config, format!("cannot sign the request: {e}")).with_source(e)
            }
            other => new(ErrorKind::Config, other.to_string()),
        }
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> ErrorKind {
        self.inner.kind
    }

    /// The STS operation: `AssumeRole` or `AssumeRoleWithWebIdentity`.
    pub fn operation(&self) -> &'static str {
        self.inner.operation
    }

    /// The role asked for.
    pub fn role_arn(&self) -> &str {
        &self.inner.role_arn
    }

    /// The error code STS answered with (`AccessDenied`, `ExpiredTokenException`, ...).
    pub fn code(&self) -> Option<&str> {
        self.inner.code.as_deref()
    }

    /// The request id of STS's answer, for AWS support.
    pub fn request_id(&self) -> Option<&str> {
        self.inner.request_id.as_deref()
    }

    /// Whether trying again later may succeed: what the client's retry classification
    /// retries (throttling, `IDPCommunicationError`, HTTP 500/502/503/504, a connection that
    /// failed or broke), and time limits. The call has already made the attempts its
    /// [`RetryConfig`](smithy_client::RetryConfig) allows.
    pub fn is_retryable(&self) -> bool {
        self.inner.retryable
    }
}

/// The kind an STS error code stands for.
fn kind_of_code(code: &str) -> ErrorKind {
    match code {
        "AccessDenied" | "AccessDeniedException" => ErrorKind::AccessDenied,
        "ExpiredTokenException" | "ExpiredToken" => ErrorKind::ExpiredToken,
        "InvalidIdentityToken" => ErrorKind::InvalidIdentityToken,
        "IDPRejectedClaim" => ErrorKind::IdpRejectedClaim,
        "IDPCommunicationError" => ErrorKind::IdpCommunication,
        "RegionDisabledException" => ErrorKind::RegionDisabled,
        _ => ErrorKind::Refused,
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &*self.inner;
        write!(
            f,
            "STS {} of {}: {}",
            inner.operation, inner.role_arn, inner.detail
        )
    }
}

impl StdError for Error {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.inner
            .source
            .as_deref()
            .map(|e| e as &(dyn StdError + 'static))
    }
}
