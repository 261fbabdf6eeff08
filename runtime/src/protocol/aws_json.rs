//! awsJson 1.0 and 1.1: every operation is a `POST` to the endpoint's path with the input as
//! one JSON object, the operation named by `X-Amz-Target`; errors are JSON objects whose code is
//! in `X-Amzn-Errortype` or the body's `__type` (see [`json::error`](crate::json::error)).
//! The two versions differ only in their `Content-Type`. A service migrated from awsQuery
//! (`@awsQueryCompatible`) also names its errors the awsQuery way in a header
//! ([`query_compatible_error_parts`]), and its requests say that the client reads them
//! ([`build_query_compatible_request`]).

use crate::endpoint::AsEndpoint;
use crate::error::{BuildError, ERROR_TYPE, UnhandledError};
use crate::json::de::DeError;
use crate::request::RequestBuilder;
use crate::response::response_body;
use crate::{ErrorMetadata, HttpRequest, HttpResponse};
use http::header::{CONTENT_TYPE, HeaderName, HeaderValue};

/// The awsJson version of a service.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Version {
    /// `aws.protocols#awsJson1_0`.
    V1_0,
    /// `aws.protocols#awsJson1_1`.
    V1_1,
}

impl Version {
    /// The request `Content-Type`: `application/x-amz-json-1.0` or `-1.1`.
    pub const fn content_type(self) -> &'static str {
        match self {
            Self::V1_0 => "application/x-amz-json-1.0",
            Self::V1_1 => "application/x-amz-json-1.1",
        }
    }

    const fn content_type_header(self) -> HeaderValue {
        match self {
            Self::V1_0 => HeaderValue::from_static("application/x-amz-json-1.0"),
            Self::V1_1 => HeaderValue::from_static("application/x-amz-json-1.1"),
        }
    }
}

/// What [`build_request`] needs to know about an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OperationSpec {
    /// The service's awsJson version.
    pub version: Version,
    /// The `X-Amz-Target` header: `<service name>.<operation name>`, e.g.
    /// `Firehose_20150804.StartDeliveryStreamEncryption`.
    pub target: &'static str,
    /// The operation has `@requestCompression` with `gzip`.
    pub request_compression: bool,
}

const X_AMZ_TARGET: HeaderName = HeaderName::from_static("x-amz-target");

/// Builds the request of an operation: `POST` to `endpoint`'s URL (its path ending in `/`),
/// with `host_prefix` (already expanded, e.g. `"foo.bar."`) put in front of the host, and the
/// headers `Content-Type`, `X-Amz-Target`, `Content-Length`, in that order, then the headers
/// of the endpoint (a resolved [`Endpoint`](crate::endpoint::Endpoint) may have some).
///
/// With `spec.request_compression` and the `gzip` feature, a body of at least
/// [`MIN_COMPRESSION_SIZE`](crate::request::MIN_COMPRESSION_SIZE) bytes is gzip-compressed and
/// `Content-Encoding: gzip` added; `Content-Length` is then that of the compressed body.
pub fn build_request(
    spec: &OperationSpec,
    endpoint: &(impl AsEndpoint + ?Sized),
    host_prefix: Option<&str>,
    body: String,
) -> Result<HttpRequest, BuildError> {
    build(spec, endpoint, host_prefix, body, false)
}

/// [`build_request`] for a service migrated from awsQuery (`@awsQueryCompatible`): the request
/// also carries [`QUERY_MODE_HEADER`]` : true` (after `X-Amz-Target`), which asks the service
/// for awsQuery-compatible error codes, as the AWS SDKs send it.
pub fn build_query_compatible_request(
    spec: &OperationSpec,
    endpoint: &(impl AsEndpoint + ?Sized),
    host_prefix: Option<&str>,
    body: String,
) -> Result<HttpRequest, BuildError> {
    build(spec, endpoint, host_prefix, body, true)
}

fn build(
    spec: &OperationSpec,
    endpoint: &(impl AsEndpoint + ?Sized),
    host_prefix: Option<&str>,
    body: String,
    query_mode: bool,
) -> Result<HttpRequest, BuildError> {
    let mut request = RequestBuilder::new(http::Method::POST, endpoint, host_prefix)?;
    request.push_path("/");
    let target = HeaderValue::from_str(spec.target).map_err(|_| BuildError::InvalidRequest {
        reason: format!(
            "operation target `{}` is not a valid header value",
            spec.target.escape_debug()
        ),
    })?;
    request.insert_header(CONTENT_TYPE, spec.version.content_type_header());
    request.insert_header(X_AMZ_TARGET, target);
    if query_mode {
        request.insert_header(QUERY_MODE_HEADER, HeaderValue::from_static("true"));
    }
    request.body(body.into_bytes(), spec.request_compression)
}

/// Reads a response: on 2xx the body with `read_output`, otherwise the error with `read_error`
/// (see [`operation::parse_response`](crate::operation::parse_response)).
pub fn parse_response<O, E: From<UnhandledError>>(
    response: &HttpResponse,
    read_output: impl FnOnce(&[u8]) -> Result<O, DeError>,
    read_error: impl FnOnce(&HttpResponse) -> E,
) -> Result<O, E> {
    crate::operation::parse_response(
        response,
        |response| response_body(response).and_then(read_output),
        read_error,
    )
}

/// The body and [`ErrorMetadata`] of an error response: the JSON error
/// rules every JSON protocol shares (see
/// [`json::error::error_parts`](crate::json::error::error_parts)).
pub use crate::json::error::error_parts;

/// The request header that tells a service migrated from awsQuery (`@awsQueryCompatible`)
/// that the client reads awsQuery error codes.
pub const QUERY_MODE_HEADER: HeaderName = HeaderName::from_static("x-amzn-query-mode");

/// The response header in which a service migrated from awsQuery names an error as awsQuery
/// did: `<code>;<fault>`, e.g. `AWS.SimpleQueueService.NonExistentQueue;Sender`.
pub const QUERY_ERROR_HEADER: &str = "x-amzn-query-error";

/// Splits a [`QUERY_ERROR_HEADER`] value into code and fault at the first `;`, trimmed. `None`
/// unless both are there and non-empty (the AWS SDKs ignore such a header too).
pub fn parse_query_error(value: &str) -> Option<(&str, &str)> {
    let (code, fault) = value.split_once(';')?;
    let (code, fault) = (code.trim(), fault.trim());
    (!code.is_empty() && !fault.is_empty()).then_some((code, fault))
}

/// [`error_parts`] for a service migrated from awsQuery (`@awsQueryCompatible`): a well-formed
/// [`QUERY_ERROR_HEADER`] replaces the code, and its fault is kept under [`ERROR_TYPE`].
/// Without the header (or with a malformed one) the metadata is [`error_parts`]'s.
pub fn query_compatible_error_parts(
    response: &HttpResponse,
) -> Result<(&[u8], ErrorMetadata), UnhandledError> {
    let (body, meta) = error_parts(response)?;
    let query_error = response
        .headers()
        .get(QUERY_ERROR_HEADER)
        .and_then(parse_query_error);
    let meta = match query_error {
        Some((code, fault)) => meta
            .into_builder()
            .code(code)
            .custom(ERROR_TYPE, fault)
            .build(),
        None => meta,
    };
    Ok((body, meta))
}

#[cfg(test)]
#[path = "aws_json_tests.rs"]
mod tests;
