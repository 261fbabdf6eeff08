//! What a call can fail with: one variant per stage, so callers can tell a service's answer
//! from a network problem.

use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

use smithy_rt::retry::ErrorKind;
use smithy_rt::sigv4::SignError;
use smithy_rt::{BuildError, ProvideErrorMetadata, ProvideRetryKind, RequestId};

use crate::{ConfigError, TimeoutKind};

/// The error of a call of an operation whose own error enum is `E`.
///
/// `Display` and [`source`](StdError::source) are those of the error inside, so the text of a
/// service error is the service's (`ResourceNotFoundException: <message>`).
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// The client is missing a setting (credentials, endpoint); nothing was sent.
    Config(ConfigError),
    /// The input could not become a request (e.g. a required member is missing); nothing
    /// was sent.
    Build(BuildError),
    /// The request could not be signed; nothing was sent.
    Sign(SignError),
    /// The request did not reach the service, or its response did not come back whole.
    Transport(TransportError),
    /// An attempt, or the whole call, took longer than its timeout
    /// ([`TimeoutConfig`](crate::TimeoutConfig)).
    Timeout {
        /// The timeout that expired.
        after: Duration,
        /// Which one: an attempt's (retried while attempts are left) or the operation's.
        kind: TimeoutKind,
    },
    /// The service answered with an error: the operation's error enum.
    Service(E),
}

impl<E> Error<E> {
    /// The service's error, if that is what this is.
    pub fn as_service_error(&self) -> Option<&E> {
        match self {
            Self::Service(e) => Some(e),
            _ => None,
        }
    }

    /// The service's error, or `Err(self)`.
    pub fn into_service_error(self) -> Result<E, Self> {
        match self {
            Self::Service(e) => Ok(e),
            other => Err(other),
        }
    }
}

impl<E: ProvideErrorMetadata> Error<E> {
    /// The service's error code (`ResourceNotFoundException`), for service errors.
    pub fn code(&self) -> Option<&str> {
        self.as_service_error().and_then(ProvideErrorMetadata::code)
    }
}

impl<E: RequestId> Error<E> {
    /// The request id the service gave the response, for service errors.
    pub fn request_id(&self) -> Option<&str> {
        self.as_service_error().and_then(RequestId::request_id)
    }
}

impl<E: ProvideRetryKind> Error<E> {
    /// How a retry of the call would be treated, or `None` if retrying can't help (see
    /// [`smithy_rt::retry`]). The client has already retried what its
    /// [`RetryConfig`](crate::RetryConfig) allows; this says whether trying again later could
    /// still succeed.
    pub fn retry_kind(&self) -> Option<ErrorKind> {
        ProvideRetryKind::retry_kind(self)
    }

    /// Whether a retry could succeed: a transient network failure, an attempt timeout, a
    /// 500/502/503/504, a throttling or transient error code, or a `@retryable` error.
    pub fn is_retryable(&self) -> bool {
        ProvideRetryKind::is_retryable(self)
    }

    /// Whether the service asked the caller to slow down.
    pub fn is_throttling(&self) -> bool {
        ProvideRetryKind::is_throttling(self)
    }
}

impl<E: ProvideRetryKind> Error<E> {
    /// How the client retries this error of an attempt whose response had `status` (`None`:
    /// no response): a service error by that status, as the SDKs classify, which can differ
    /// from the one its model gives it.
    pub(crate) fn attempt_retry_kind(&self, status: Option<u16>) -> Option<ErrorKind> {
        match (self, status) {
            (Self::Service(e), Some(status)) => e.retry_kind_at(status),
            _ => self.retry_kind(),
        }
    }
}

impl<E: ProvideRetryKind> ProvideRetryKind for Error<E> {
    fn retry_kind(&self) -> Option<ErrorKind> {
        match self {
            Self::Config(_) | Self::Build(_) | Self::Sign(_) => None,
            Self::Transport(e) => e.retry_kind(),
            Self::Timeout { kind, .. } => match kind {
                TimeoutKind::Attempt => Some(ErrorKind::TransientError),
                TimeoutKind::Operation => None,
            },
            Self::Service(e) => e.retry_kind(),
        }
    }
}

impl<E: fmt::Display> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Config(e) => e.fmt(f),
            Self::Build(e) => e.fmt(f),
            Self::Sign(e) => e.fmt(f),
            Self::Transport(e) => e.fmt(f),
            Self::Timeout { after, kind } => match kind {
                TimeoutKind::Attempt => {
                    write!(f, "no complete response within {after:?} (attempt timeout)")
                }
                TimeoutKind::Operation => {
                    write!(
                        f,
                        "the call did not finish within {after:?} (operation timeout)"
                    )
                }
            },
            Self::Service(e) => e.fmt(f),
        }
    }
}

impl<E: StdError + 'static> StdError for Error<E> {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            Self::Config(e) => e.source(),
            Self::Build(e) => e.source(),
            Self::Sign(e) => e.source(),
            Self::Transport(e) => e.source(),
            Self::Timeout { .. } => None,
            Self::Service(e) => e.source(),
        }
    }
}

impl<E> From<TransportError> for Error<E> {
    fn from(e: TransportError) -> Self {
        Self::Transport(e)
    }
}

/// What went wrong between handing the request to the transport and having the whole
/// response: connecting, TLS, I/O, an unreadable response.
#[derive(Debug)]
pub struct TransportError {
    kind: TransportErrorKind,
    message: String,
    source: Option<Box<dyn StdError + Send + Sync + 'static>>,
}

/// The broad kind of a [`TransportError`], which decides whether it is retried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// No connection: DNS, refused, reset during the handshake, connect timeout. Retried.
    Connect,
    /// TLS refused the server: an untrusted or invalid certificate, a failed handshake. Not
    /// retried: it won't pass a second time.
    Tls,
    /// The request or response could not be carried: the connection closed or was reset, the
    /// response was cut short. Retried.
    Io,
    /// The response is not HTTP (the server sent something else). Not retried, as the SDKs
    /// don't.
    InvalidResponse,
    /// The response body is larger than [`HttpConfig::max_response_body`]. Not retried.
    ///
    /// [`HttpConfig::max_response_body`]: crate::HttpConfig::max_response_body
    ResponseTooLarge,
    /// The request could not be turned into what the transport sends. Not retried.
    InvalidRequest,
    /// The transport could not be set up (no Tokio runtime, unusable root certificates).
    /// Not retried.
    Setup,
}

impl TransportError {
    /// A transport error of `kind` described by `message`.
    pub fn new(kind: TransportErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            source: None,
        }
    }

    /// Adds the underlying error, which [`source`](StdError::source) returns.
    pub fn with_source(mut self, source: impl Into<Box<dyn StdError + Send + Sync>>) -> Self {
        self.source = Some(source.into());
        self
    }

    /// What kind of failure this was.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// Whether no connection could be made (so the service never saw the request).
    pub fn is_connect(&self) -> bool {
        matches!(
            self.kind,
            TransportErrorKind::Connect | TransportErrorKind::Tls
        )
    }

    /// Transient for connection failures and broken connections (as the SDKs classify I/O
    /// errors), `None` for the rest.
    pub fn retry_kind(&self) -> Option<ErrorKind> {
        match self.kind {
            TransportErrorKind::Connect | TransportErrorKind::Io => Some(ErrorKind::TransientError),
            _ => None,
        }
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl StdError for TransportError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn StdError + 'static))
    }
}
