//! What a call can fail with: one variant per stage, so callers can tell a service's answer
//! from a network problem.

use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

use smithy_rt::sigv4::SignError;
use smithy_rt::{BuildError, ProvideErrorMetadata};

use crate::ConfigError;

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
    /// No response within the configured timeout.
    Timeout {
        /// The configured timeout.
        after: Duration,
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

impl<E: fmt::Display> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Config(e) => e.fmt(f),
            Self::Build(e) => e.fmt(f),
            Self::Sign(e) => e.fmt(f),
            Self::Transport(e) => e.fmt(f),
            Self::Timeout { after } => write!(f, "no response within {after:?}"),
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

/// What went wrong between handing the request to the transport and having the whole
/// response: connecting, TLS, I/O, an unreadable response.
#[derive(Debug)]
pub struct TransportError {
    kind: TransportErrorKind,
    message: String,
    source: Option<Box<dyn StdError + Send + Sync + 'static>>,
}

/// The broad kind of a [`TransportError`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// No connection: DNS, refused, TLS handshake, connect timeout.
    Connect,
    /// The request or response could not be carried: I/O errors, a broken response, a
    /// response over the size limit.
    Io,
    /// The request could not be turned into what the transport sends.
    InvalidRequest,
    /// The transport could not be set up.
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
        self.kind == TransportErrorKind::Connect
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
