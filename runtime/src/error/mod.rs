//! Errors, protocol-neutral: errors the model does not describe ([`UnhandledError`]), requests
//! that cannot be built ([`BuildError`]), the request id ([`RequestId`]) and error codes
//! ([`sanitize_error_code`]). Each protocol reads its own error bodies (JSON:
//! [`json::error`](crate::json::error)).

mod metadata;
#[cfg(test)]
mod tests;

pub use metadata::{response_metadata, sanitize_error_code};

use crate::json::ser::SerError;
use crate::{ErrorMetadata, ProvideErrorMetadata};
use std::error::Error as StdError;
use std::fmt;

/// Key of the request id in [`ErrorMetadata`] extras, as `aws-types` stores it.
pub const AWS_REQUEST_ID: &str = "aws_request_id";

/// Key in [`ErrorMetadata`] extras of the fault an error response names (`Sender` or
/// `Receiver`: who is at fault), as the AWS SDKs keep it (`meta.extra("type")`): awsQuery's
/// `<Type>`, and the fault of `x-amzn-query-error` for awsJson services migrated from awsQuery.
pub const ERROR_TYPE: &str = "type";

/// Access to the request id (`x-amzn-requestid`) a service returned with a response.
pub trait RequestId {
    /// The request id, if the response carried one.
    fn request_id(&self) -> Option<&str>;
}

impl RequestId for ErrorMetadata {
    fn request_id(&self) -> Option<&str> {
        self.extra(AWS_REQUEST_ID)
    }
}

impl RequestId for crate::HttpResponse {
    fn request_id(&self) -> Option<&str> {
        crate::response::request_id(self)
    }
}

/// Writes the `Display` text of a modeled error: `ResourceNotFoundException: <message>`, or
/// just the code when there is no message.
pub fn display_modeled_error(
    f: &mut fmt::Formatter<'_>,
    code: &str,
    message: Option<&str>,
) -> fmt::Result {
    f.write_str(code)?;
    if let Some(message) = message {
        f.write_str(": ")?;
        f.write_str(message)?;
    }
    Ok(())
}

/// Every error a generated crate returns: a standard error that carries AWS error metadata
/// and knows whether a retry could help. Generated error enums hand out the error their
/// variant holds as `&dyn ServiceError`, so `Display`, `source`, `meta` and `retry_kind` are
/// written once per enum instead of once per variant.
pub trait ServiceError: StdError + ProvideErrorMetadata + crate::ProvideRetryKind {}

impl<T: StdError + ProvideErrorMetadata + crate::ProvideRetryKind> ServiceError for T {}

/// An error response the model does not describe, or a response that could not be parsed.
///
/// Keeps the error metadata (code, message, request id), the HTTP status, and for a malformed
/// response the parse error as [`source`](StdError::source).
#[derive(Debug)]
pub struct UnhandledError {
    // Boxed so that error enums stay small enough to return by value (clippy's
    // `result_large_err` draws the line at 128 bytes); errors are the cold path.
    meta: Box<ErrorMetadata>,
    status: u16,
    malformed: bool,
    source: Option<Box<dyn StdError + Send + Sync + 'static>>,
}

impl UnhandledError {
    /// An error response with an unknown (or no) error code.
    pub fn new(meta: ErrorMetadata, status: u16) -> Self {
        Self {
            meta: Box::new(meta),
            status,
            malformed: false,
            source: None,
        }
    }

    /// A response whose body could not be parsed; `source` says why.
    pub fn malformed(
        status: u16,
        meta: ErrorMetadata,
        source: impl Into<Box<dyn StdError + Send + Sync + 'static>>,
    ) -> Self {
        Self {
            meta: Box::new(meta),
            status,
            malformed: true,
            source: Some(source.into()),
        }
    }

    /// Attaches an underlying cause.
    pub fn with_source(
        mut self,
        source: impl Into<Box<dyn StdError + Send + Sync + 'static>>,
    ) -> Self {
        self.source = Some(source.into());
        self
    }

    /// The HTTP status code of the response.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The error metadata of the response.
    pub fn meta(&self) -> &ErrorMetadata {
        &self.meta
    }

    /// Whether the response body could not be parsed.
    pub fn is_malformed(&self) -> bool {
        self.malformed
    }
}

impl fmt::Display for UnhandledError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let context = Context {
            status: self.status,
            request_id: self.meta.request_id(),
        };
        if self.malformed {
            write!(f, "malformed response body {context}")?;
            if let Some(source) = &self.source {
                write!(f, ": {source}")?;
            }
            return Ok(());
        }
        match self.meta.code() {
            Some(code) => {
                display_modeled_error(f, code, self.meta.message())?;
                write!(f, " {context}")
            }
            None => {
                write!(f, "unmodeled error response {context}")?;
                if let Some(message) = self.meta.message() {
                    write!(f, ": {message}")?;
                }
                Ok(())
            }
        }
    }
}

/// `(HTTP 400, request id abc)`.
struct Context<'a> {
    status: u16,
    request_id: Option<&'a str>,
}

impl fmt::Display for Context<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "(HTTP {}", self.status)?;
        if let Some(id) = self.request_id {
            write!(f, ", request id {id}")?;
        }
        f.write_str(")")
    }
}

impl StdError for UnhandledError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match &self.source {
            Some(source) => Some(source.as_ref()),
            None => None,
        }
    }
}

impl ProvideErrorMetadata for UnhandledError {
    fn meta(&self) -> &ErrorMetadata {
        &self.meta
    }
}

impl RequestId for UnhandledError {
    fn request_id(&self) -> Option<&str> {
        self.meta.request_id()
    }
}

/// An operation input that cannot be turned into a request.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum BuildError {
    /// A required member was not set.
    MissingMember {
        /// The structure, e.g. `StartDeliveryStreamEncryptionInput`.
        shape: &'static str,
        /// The member as modeled, e.g. `DeliveryStreamName`.
        member: &'static str,
    },
    /// A member's value is not acceptable (e.g. not a valid host label).
    InvalidMember {
        /// The structure.
        shape: &'static str,
        /// The member as modeled.
        member: &'static str,
        /// What is wrong with the value.
        reason: String,
    },
    /// The endpoint is not a `scheme://host[:port][/path]` URI.
    InvalidEndpoint {
        /// The endpoint as given (with the host prefix, if any).
        endpoint: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A member's value could not be serialized (e.g. a timestamp out of range).
    /// `shape` and `member` are empty when not known.
    Serialize {
        /// The structure.
        shape: &'static str,
        /// The member as modeled.
        member: &'static str,
        /// Why serialization failed.
        reason: String,
    },
    /// The request could not be assembled for another reason (e.g. an operation target that
    /// is not a valid header value).
    InvalidRequest {
        /// What went wrong.
        reason: String,
    },
}

impl BuildError {
    /// [`BuildError::MissingMember`].
    pub fn missing(shape: &'static str, member: &'static str) -> Self {
        Self::MissingMember { shape, member }
    }

    /// [`BuildError::InvalidMember`].
    pub fn invalid(shape: &'static str, member: &'static str, reason: impl Into<String>) -> Self {
        Self::InvalidMember {
            shape,
            member,
            reason: reason.into(),
        }
    }

    /// [`BuildError::Serialize`] for `member` of `shape`, with the reason from `error`.
    pub fn serialize(shape: &'static str, member: &'static str, error: impl fmt::Display) -> Self {
        Self::Serialize {
            shape,
            member,
            reason: error.to_string(),
        }
    }
}

impl From<SerError> for BuildError {
    fn from(e: SerError) -> Self {
        Self::Serialize {
            shape: "",
            member: "",
            reason: e.reason().to_owned(),
        }
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingMember { shape, member } => {
                write!(f, "missing required member `{member}` of {shape}")
            }
            Self::InvalidMember {
                shape,
                member,
                reason,
            } => write!(
                f,
                "invalid value for member `{member}` of {shape}: {reason}"
            ),
            Self::InvalidEndpoint { endpoint, reason } => {
                write!(f, "invalid endpoint `{endpoint}`: {reason}")
            }
            Self::Serialize {
                shape,
                member,
                reason,
            } => {
                if shape.is_empty() && member.is_empty() {
                    write!(f, "failed to serialize the request: {reason}")
                } else if member.is_empty() {
                    write!(f, "failed to serialize {shape}: {reason}")
                } else {
                    write!(
                        f,
                        "failed to serialize member `{member}` of {shape}: {reason}"
                    )
                }
            }
            Self::InvalidRequest { reason } => write!(f, "invalid request: {reason}"),
        }
    }
}

impl StdError for BuildError {}
