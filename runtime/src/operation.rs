//! The trait implemented by every generated operation, and the protocol-neutral shape of
//! reading a response.

use crate::endpoint::AsEndpoint;
use crate::error::{BuildError, UnhandledError, response_metadata};
use crate::{HttpRequest, HttpResponse, ProvideErrorMetadata};
use std::error::Error as StdError;

/// The value a generated reader gives a required enum member that a response leaves out
/// (Smithy's client error correction fills such a member with the enum's unknown variant).
/// The text is the one the AWS SDKs for Rust use, so both read such a response alike.
pub const UNSET_ENUM_VALUE: &str = "no value was set";

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
    /// The operation's error type (modeled errors plus an unhandled variant), which says
    /// whether a retry could succeed.
    type Error: std::error::Error
        + ProvideErrorMetadata
        + crate::ProvideRetryKind
        + Send
        + Sync
        + 'static;

    /// The operation's name as modeled, e.g. `"StartDeliveryStreamEncryption"`.
    const NAME: &'static str;

    /// Serializes `input` and builds the request to send to `endpoint`: a URL
    /// (`scheme://host[:port][/path]`, as `&str` or `String`) or a resolved
    /// [`Endpoint`](crate::endpoint::Endpoint), whose headers the request then carries too.
    fn build_request(
        input: &Self::Input,
        endpoint: &(impl AsEndpoint + ?Sized),
    ) -> Result<HttpRequest, BuildError>;

    /// Parses a complete (buffered) response into the output or the error.
    fn parse_response(response: &HttpResponse) -> Result<Self::Output, Self::Error>;
}

/// The shared shape of every generated `parse_response`: a 2xx response is read with
/// `read_output`, anything else with `read_error`. A response that can't be read becomes the
/// error type's unhandled variant, keeping the status and request id, with the reason as its
/// source.
pub fn parse_response<O, E, R>(
    response: &HttpResponse,
    read_output: impl FnOnce(&HttpResponse) -> Result<O, R>,
    read_error: impl FnOnce(&HttpResponse) -> E,
) -> Result<O, E>
where
    E: From<UnhandledError>,
    R: Into<Box<dyn StdError + Send + Sync + 'static>>,
{
    if !response.status().is_success() {
        return Err(read_error(response));
    }
    read_output(response).map_err(|source| {
        let status = response.status().as_u16();
        E::from(UnhandledError::malformed(
            status,
            response_metadata(response),
            source,
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Failed(UnhandledError);

    impl From<UnhandledError> for Failed {
        fn from(e: UnhandledError) -> Self {
            Failed(e)
        }
    }

    fn response(status: u16, body: &str) -> HttpResponse {
        crate::response_from_parts(status, [("x-amzn-requestid", "id-1")], body.to_owned())
            .unwrap_or_else(|e| panic!("{e}"))
    }

    fn read_ok(response: &HttpResponse) -> Result<usize, &'static str> {
        match response.body().bytes() {
            Some(b"bad") | None => Err("bad body"),
            Some(body) => Ok(body.len()),
        }
    }

    #[test]
    fn success_reads_output_and_other_statuses_read_the_error() {
        let ok = parse_response(&response(200, "{}"), read_ok, |_| {
            Failed(UnhandledError::new(Default::default(), 0))
        });
        assert_eq!(ok.ok(), Some(2));
        let err = parse_response(&response(404, "{}"), read_ok, |r| {
            Failed(UnhandledError::new(Default::default(), r.status().as_u16()))
        });
        assert_eq!(err.err().map(|Failed(e)| e.status()), Some(404));
    }

    #[test]
    fn unreadable_success_body_keeps_status_and_request_id() {
        let err = parse_response(&response(200, "bad"), read_ok, |_| {
            Failed(UnhandledError::new(Default::default(), 0))
        });
        let Some(Failed(e)) = err.err() else {
            panic!("expected an error")
        };
        assert!(e.is_malformed());
        assert_eq!(
            e.to_string(),
            "malformed response body (HTTP 200, request id id-1): bad body"
        );
        assert_eq!(e.status(), 200);
        assert_eq!(crate::RequestId::request_id(&e), Some("id-1"));
    }
}
