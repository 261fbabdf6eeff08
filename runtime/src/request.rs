//! Building the HTTP request of an awsJson operation, and reading the parts of a response.

use crate::error::BuildError;
use crate::json::de::DeError;
use crate::{HttpRequest, HttpResponse};
use http::header::{CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE, HeaderName, HeaderValue};
use http::uri::{Authority, PathAndQuery, Uri};

/// The awsJson protocol version of a service.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Protocol {
    /// `aws.protocols#awsJson1_0`.
    AwsJson1_0,
    /// `aws.protocols#awsJson1_1`.
    AwsJson1_1,
}

impl Protocol {
    /// The request `Content-Type`: `application/x-amz-json-1.0` or `-1.1`.
    pub const fn content_type(self) -> &'static str {
        match self {
            Self::AwsJson1_0 => "application/x-amz-json-1.0",
            Self::AwsJson1_1 => "application/x-amz-json-1.1",
        }
    }

    const fn content_type_header(self) -> HeaderValue {
        match self {
            Self::AwsJson1_0 => HeaderValue::from_static("application/x-amz-json-1.0"),
            Self::AwsJson1_1 => HeaderValue::from_static("application/x-amz-json-1.1"),
        }
    }
}

/// What [`build_request`] needs to know about an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OperationSpec {
    /// The service's protocol.
    pub protocol: Protocol,
    /// The `X-Amz-Target` header: `<service name>.<operation name>`, e.g.
    /// `Firehose_20150804.StartDeliveryStreamEncryption`.
    pub target: &'static str,
    /// The operation has `@requestCompression` with `gzip`.
    pub request_compression: bool,
}

/// Bodies at least this long are compressed for operations with `@requestCompression`
/// (the Smithy default `requestMinCompressionSizeBytes`).
pub const MIN_COMPRESSION_SIZE: usize = 10_240;

const X_AMZ_TARGET: HeaderName = HeaderName::from_static("x-amz-target");
const GZIP: HeaderValue = HeaderValue::from_static("gzip");

/// Builds the request of an operation: `POST` to `endpoint` (its path ending in `/`), with
/// `host_prefix` (already expanded, e.g. `"foo.bar."`) put in front of the host, and the headers
/// `Content-Type`, `X-Amz-Target`, `Content-Length`, in that order.
///
/// With `spec.request_compression` and the `gzip` feature, a body of at least
/// [`MIN_COMPRESSION_SIZE`] bytes is gzip-compressed and `Content-Encoding: gzip` added;
/// `Content-Length` is then that of the compressed body.
pub fn build_request(
    spec: &OperationSpec,
    endpoint: &str,
    host_prefix: Option<&str>,
    body: String,
) -> Result<HttpRequest, BuildError> {
    let uri = operation_uri(endpoint, host_prefix)?;
    let target = HeaderValue::from_str(spec.target).map_err(|_| BuildError::InvalidRequest {
        reason: format!(
            "operation target `{}` is not a valid header value",
            spec.target.escape_debug()
        ),
    })?;
    let (body, gzipped) = compress(spec, body)?;

    let mut request = http::Request::new(());
    *request.method_mut() = http::Method::POST;
    *request.uri_mut() = uri;
    let headers = request.headers_mut();
    headers.reserve(4);
    headers.insert(CONTENT_TYPE, spec.protocol.content_type_header());
    headers.insert(X_AMZ_TARGET, target);
    headers.insert(CONTENT_LENGTH, HeaderValue::from(body.len()));
    if gzipped {
        headers.insert(CONTENT_ENCODING, GZIP);
    }
    let request = request.map(|()| crate::RequestBody::from(body));
    HttpRequest::try_from(request).map_err(|e| BuildError::InvalidRequest {
        reason: e.to_string(),
    })
}

/// The body to send, and whether it was compressed.
fn compress(spec: &OperationSpec, body: String) -> Result<(Vec<u8>, bool), BuildError> {
    #[cfg(feature = "gzip")]
    if spec.request_compression && body.len() >= MIN_COMPRESSION_SIZE {
        return gzip(body.as_bytes()).map(|compressed| (compressed, true));
    }
    #[cfg(not(feature = "gzip"))]
    let _ = spec;
    Ok((body.into_bytes(), false))
}

#[cfg(feature = "gzip")]
fn gzip(body: &[u8]) -> Result<Vec<u8>, BuildError> {
    use std::io::Write as _;
    let failed = |e: std::io::Error| BuildError::InvalidRequest {
        reason: format!("gzip compression failed: {e}"),
    };
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(body.len() / 4 + 64),
        flate2::Compression::default(),
    );
    encoder.write_all(body).map_err(failed)?;
    encoder.finish().map_err(failed)
}

/// The request URI for `endpoint` and `host_prefix`.
fn operation_uri(endpoint: &str, host_prefix: Option<&str>) -> Result<Uri, BuildError> {
    let invalid = |reason: String| BuildError::InvalidEndpoint {
        endpoint: endpoint.to_owned(),
        reason,
    };
    let uri: Uri = endpoint
        .parse()
        .map_err(|e: http::uri::InvalidUri| invalid(e.to_string()))?;
    let mut parts = uri.into_parts();
    if parts.scheme.is_none() {
        return Err(invalid("missing scheme (like `https://`)".to_owned()));
    }
    let authority = match parts.authority.take() {
        Some(authority) if !authority.host().is_empty() => authority,
        _ => return Err(invalid("missing host".to_owned())),
    };
    let authority = match host_prefix.filter(|p| !p.is_empty()) {
        None => authority,
        Some(prefix) => {
            let text = authority.as_str();
            let (userinfo, host_port) = match text.rfind('@') {
                Some(at) => text.split_at(at + 1),
                None => ("", text),
            };
            Authority::try_from(format!("{userinfo}{prefix}{host_port}")).map_err(|e| {
                BuildError::InvalidEndpoint {
                    endpoint: format!("{prefix}{host_port}"),
                    reason: format!("host prefix `{prefix}` makes an invalid host: {e}"),
                }
            })?
        }
    };
    // Any query of the endpoint is dropped: awsJson requests go to the path itself.
    let path = parts.path_and_query.as_ref().map_or("", PathAndQuery::path);
    let has_query = parts
        .path_and_query
        .as_ref()
        .is_some_and(|pq| pq.query().is_some());
    if path.is_empty() {
        parts.path_and_query = Some(PathAndQuery::from_static("/"));
    } else if !path.ends_with('/') {
        let with_slash =
            PathAndQuery::try_from(format!("{path}/")).map_err(|e| invalid(e.to_string()))?;
        parts.path_and_query = Some(with_slash);
    } else if has_query {
        let path_only = PathAndQuery::try_from(path).map_err(|e| invalid(e.to_string()))?;
        parts.path_and_query = Some(path_only);
    }
    parts.authority = Some(authority);
    Uri::from_parts(parts).map_err(|e| invalid(e.to_string()))
}

/// Checks the value of a `@hostLabel` member: one or more `.`-separated labels of 1 to 63
/// characters `A-Z a-z 0-9 -`.
pub fn validate_host_label(
    shape: &'static str,
    member: &'static str,
    value: &str,
) -> Result<(), BuildError> {
    if value.is_empty() {
        return Err(BuildError::invalid(
            shape,
            member,
            "must not be empty: it becomes part of the host name",
        ));
    }
    let valid = value.split('.').all(|label| {
        (1..=63).contains(&label.len())
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
    });
    if valid {
        Ok(())
    } else {
        Err(BuildError::invalid(
            shape,
            member,
            format!(
                "`{}` is not a valid host label (dot-separated labels of 1 to 63 characters \
                 A-Z, a-z, 0-9 and -)",
                value.escape_debug()
            ),
        ))
    }
}

/// The bytes of a response body held in memory. A streaming body must be read into memory
/// (buffered) by the transport first; it is an error here.
pub fn response_body(response: &HttpResponse) -> Result<&[u8], DeError> {
    response.body().bytes().ok_or_else(|| {
        DeError::message(
            "the response body is streaming; it must be buffered in memory before it is parsed",
        )
    })
}

/// The request id of a response: header `x-amzn-requestid`, else `x-amz-request-id`.
pub fn request_id(response: &HttpResponse) -> Option<&str> {
    let headers = response.headers();
    headers
        .get("x-amzn-requestid")
        .or_else(|| headers.get("x-amz-request-id"))
}

#[cfg(test)]
#[path = "request_tests.rs"]
mod tests;
