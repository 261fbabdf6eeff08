//! The trait implemented by every generated operation.

use crate::error::BuildError;
use crate::{HttpRequest, HttpResponse, ProvideErrorMetadata};

/// One operation of a service: how to turn its input into an HTTP request and an HTTP
/// response into its output or error.
///
/// Generated code implements this on a zero-sized marker type per operation, so a transport
/// can drive any operation generically.
pub trait Operation {
    /// The operation's input structure.
    type Input;
    /// The operation's output structure.
    type Output;
    /// The operation's error type (modeled errors plus an unhandled variant).
    type Error: std::error::Error + ProvideErrorMetadata + Send + Sync + 'static;

    /// The operation's name as modeled, e.g. `"StartDeliveryStreamEncryption"`.
    const NAME: &'static str;

    /// Serializes `input` and builds the request to send to `endpoint`
    /// (`scheme://host[:port][/path]`).
    fn build_request(input: &Self::Input, endpoint: &str) -> Result<HttpRequest, BuildError>;

    /// Parses a complete (buffered) response into the output or the error.
    fn parse_response(response: &HttpResponse) -> Result<Self::Output, Self::Error>;
}
