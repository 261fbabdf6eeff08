//! The HTTP side of awsQuery requests and successful responses.

use super::CONTENT_TYPE;
use super::response::read_result;
use crate::endpoint::AsEndpoint;
use crate::error::{BuildError, UnhandledError};
use crate::json::de::DeError;
use crate::request::RequestBuilder;
use crate::response::response_body;
use crate::xml::{StartElement, XmlReader};
use crate::{HttpRequest, HttpResponse};
use http::header::{self, HeaderValue};

/// Builds the request of an operation: `POST` to `endpoint`'s URL (its path ending in `/`),
/// with `host_prefix` (already expanded, e.g. `"foo.bar."`) put in front of the host, the body
/// written by a [`QueryWriter`](super::QueryWriter), and the headers `Content-Type:
/// application/x-www-form-urlencoded` and `Content-Length`, in that order, then the endpoint's.
///
/// With `request_compression` (the operation has `@requestCompression` with `gzip`) and the
/// `gzip` feature, a body of at least
/// [`MIN_COMPRESSION_SIZE`](crate::request::MIN_COMPRESSION_SIZE) bytes is gzip-compressed and
/// `Content-Encoding: gzip` added. HTTP binding traits play no part: awsQuery ignores them, so a
/// member bound to `Content-Encoding` is a form field like any other.
///
/// ```
/// use smithy_rt::protocol::aws_query::{QueryWriter, build_request};
/// let mut body = String::new();
/// QueryWriter::new(&mut body, "GetCallerIdentity", "2011-06-15").finish();
/// let request = build_request("https://sts.us-east-1.amazonaws.com", None, body, false)?;
/// assert_eq!(request.method(), "POST");
/// assert_eq!(request.uri(), "https://sts.us-east-1.amazonaws.com/");
/// assert_eq!(request.headers().get("content-type"), Some("application/x-www-form-urlencoded"));
/// assert_eq!(request.headers().get("content-length"), Some("43"));
/// # Ok::<(), smithy_rt::BuildError>(())
/// ```
pub fn build_request(
    endpoint: &(impl AsEndpoint + ?Sized),
    host_prefix: Option<&str>,
    body: String,
    request_compression: bool,
) -> Result<HttpRequest, BuildError> {
    let mut request = RequestBuilder::new(http::Method::POST, endpoint, host_prefix)?;
    request.push_path("/");
    request.insert_header(header::CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE));
    request.body(body.into_bytes(), request_compression)
}

/// Reads a response of `operation`: on 2xx the `<{operation}Result>` element of the body with
/// `read_output` (see [`read_result`]), otherwise the error with `read_error` (see
/// [`operation::parse_response`](crate::operation::parse_response)). A body without a result
/// element, or an empty body, reads as an empty `<{operation}Result/>`, so the output's
/// defaults and zero values fill it as they fill members a result leaves out.
pub fn parse_response<O, E: From<UnhandledError>>(
    response: &HttpResponse,
    operation: &str,
    read_output: impl for<'a> Fn(&mut XmlReader<'a>, &StartElement<'a>) -> Result<O, DeError>,
    read_error: impl FnOnce(&HttpResponse) -> E,
) -> Result<O, E> {
    crate::operation::parse_response(
        response,
        |response| {
            let body = response_body(response)?;
            match read_result(body, operation, &read_output)?.result {
                Some(output) => Ok::<_, DeError>(output),
                None => {
                    let mut reader = XmlReader::new(EMPTY_RESULT)?;
                    let root = reader.root()?;
                    read_output(&mut reader, &root)
                }
            }
        },
        read_error,
    )
}

/// The element an output is read from when a response has no result.
const EMPTY_RESULT: &[u8] = b"<Result/>";
