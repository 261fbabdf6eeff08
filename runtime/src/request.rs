//! Building an HTTP request, protocol-neutral: the endpoint with a host prefix, path and URI
//! labels, query parameters, headers, and a body with `Content-Length` (gzip-compressed on
//! request). Each protocol module (and the generated code of protocols with HTTP binding
//! traits) assembles its requests from these pieces.

use crate::HttpRequest;
use crate::endpoint::AsEndpoint;
use crate::error::BuildError;
use http::header::{CONTENT_ENCODING, CONTENT_LENGTH, HeaderMap, HeaderName, HeaderValue};
use http::uri::{Authority, PathAndQuery, Scheme, Uri};
use std::fmt::Write as _;

/// The HTTP method of a request (re-exported from `http`, for generated code).
pub use http::Method;

/// Bodies at least this long are compressed for operations with `@requestCompression`
/// (the Smithy default `requestMinCompressionSizeBytes`).
pub const MIN_COMPRESSION_SIZE: usize = 10_240;

const GZIP: HeaderValue = HeaderValue::from_static("gzip");

/// An HTTP request under construction.
///
/// ```
/// use smithy_rt::request::RequestBuilder;
///
/// let mut request = RequestBuilder::new(http::Method::PUT, "https://example.com/base", None)?;
/// request.push_path("/buckets/");
/// request.push_label("my bucket/logs", true);
/// request.push_query("max-keys", "10");
/// request.insert_header(http::header::CONTENT_TYPE, http::HeaderValue::from_static("text/plain"));
/// let request = request.body(b"hi".to_vec(), false)?;
/// assert_eq!(
///     request.uri(),
///     "https://example.com/base/buckets/my%20bucket/logs?max-keys=10"
/// );
/// assert_eq!(request.headers().get("content-length"), Some("2"));
/// # Ok::<(), smithy_rt::BuildError>(())
/// ```
#[derive(Debug)]
pub struct RequestBuilder {
    method: Method,
    scheme: Scheme,
    authority: Authority,
    path: String,
    query: String,
    headers: HeaderMap,
    /// The endpoint's own headers, added last.
    endpoint_headers: Vec<(HeaderName, HeaderValue)>,
}

impl RequestBuilder {
    /// Starts a request to `endpoint`: a URL (`scheme://host[:port][/path]`) or a resolved
    /// [`Endpoint`](crate::endpoint::Endpoint), whose headers the request carries after all
    /// others. `host_prefix` (already expanded, e.g. `"foo.bar."`) is put in front of the host.
    /// The endpoint's path is the base that [`push_path`](Self::push_path) extends (without its
    /// trailing `/`); a query in the endpoint is dropped. The URL must pass
    /// [`check_url`](crate::endpoint::check_url): `http`/`https`, a host, a port from 1 to
    /// 65535, no user information (the error shows the URL with it redacted).
    pub fn new(
        method: Method,
        endpoint: &(impl AsEndpoint + ?Sized),
        host_prefix: Option<&str>,
    ) -> Result<Self, BuildError> {
        let url = endpoint.url();
        let invalid = |reason: String| BuildError::InvalidEndpoint {
            endpoint: crate::endpoint::redact_userinfo(url).into_owned(),
            reason,
        };
        let parts = crate::endpoint::check_url(url)
            .map_err(invalid)?
            .into_parts();
        let (Some(scheme), Some(authority)) = (parts.scheme, parts.authority) else {
            // check_url has made sure of both.
            return Err(invalid("missing scheme or host".to_owned()));
        };
        let authority = match host_prefix.filter(|p| !p.is_empty()) {
            None => authority,
            Some(prefix) => with_host_prefix(&authority, prefix)?,
        };
        let mut endpoint_headers = Vec::new();
        for (name, values) in endpoint.headers() {
            let name = HeaderName::try_from(name.as_str()).map_err(|_| {
                invalid(format!(
                    "header name `{}` is not valid",
                    name.escape_debug()
                ))
            })?;
            for value in values {
                let value = HeaderValue::try_from(value.as_str()).map_err(|_| {
                    invalid(format!(
                        "value of header `{name}` is not a valid header value"
                    ))
                })?;
                endpoint_headers.push((name.clone(), value));
            }
        }
        let path = parts.path_and_query.as_ref().map_or("", PathAndQuery::path);
        Ok(Self {
            method,
            scheme,
            authority,
            path: path.strip_suffix('/').unwrap_or(path).to_owned(),
            query: String::new(),
            headers: HeaderMap::with_capacity(4),
            endpoint_headers,
        })
    }

    /// Appends literal path text (from the operation's URI pattern) as it is.
    pub fn push_path(&mut self, literal: &str) {
        self.path.push_str(literal);
    }

    /// Appends the value of a URI label, percent-encoded: every byte but `A-Z a-z 0-9 - . _ ~`,
    /// and for a greedy label (`{Key+}`) also `/`, becomes `%XX`.
    pub fn push_label(&mut self, value: &str, greedy: bool) {
        percent_encode(&mut self.path, value, greedy);
    }

    /// Appends the query parameter `name=value`, both percent-encoded.
    pub fn push_query(&mut self, name: &str, value: &str) {
        self.push_query_name(name);
        self.query.push('=');
        percent_encode(&mut self.query, value, false);
    }

    /// Appends a query parameter without `=value` (a literal `?flag` of a URI pattern).
    pub fn push_query_name(&mut self, name: &str) {
        if !self.query.is_empty() {
            self.query.push('&');
        }
        percent_encode(&mut self.query, name, false);
    }

    /// Sets a header, replacing any earlier value.
    pub fn insert_header(&mut self, name: HeaderName, value: HeaderValue) {
        self.headers.insert(name, value);
    }

    /// Adds a header value from text, keeping earlier values of the same header; a name or value
    /// that can't be in a header is an error naming it.
    pub fn append_header(&mut self, name: &str, value: &str) -> Result<(), BuildError> {
        let (name, value) = header(name, value)?;
        self.headers.append(name, value);
        Ok(())
    }

    /// Sets a header from text, replacing any earlier value.
    pub fn set_header(&mut self, name: &str, value: &str) -> Result<(), BuildError> {
        let (name, value) = header(name, value)?;
        self.headers.insert(name, value);
        Ok(())
    }

    /// Sets a header from text unless it is set already (a `Content-Type` that an input member
    /// bound to the header gave wins over the protocol's).
    pub fn default_header(&mut self, name: &str, value: &str) -> Result<(), BuildError> {
        let (name, value) = header(name, value)?;
        if !self.headers.contains_key(&name) {
            self.headers.insert(name, value);
        }
        Ok(())
    }

    /// Finishes the request with `body`. `Content-Length` is set for a body that is not empty,
    /// and for an empty one when the method carries a body (`POST`, `PUT`, `PATCH`); a `GET`
    /// without a body has none. With `compress` (the operation has `@requestCompression` with
    /// gzip) and the `gzip` feature, a body of at least [`MIN_COMPRESSION_SIZE`] bytes is
    /// gzip-compressed and `gzip` added to `Content-Encoding` (after an encoding an input member
    /// set: `custom, gzip`). The endpoint's headers come last.
    pub fn body(mut self, body: Vec<u8>, compress: bool) -> Result<HttpRequest, BuildError> {
        let (body, gzipped) = compressed(body, compress)?;
        let carries_body = self.method == Method::POST
            || self.method == Method::PUT
            || self.method == Method::PATCH;
        if !body.is_empty() || carries_body {
            self.headers
                .insert(CONTENT_LENGTH, HeaderValue::from(body.len()));
        }
        if gzipped {
            let encoding = match self.headers.get(CONTENT_ENCODING) {
                Some(given) => {
                    let mut joined = given.as_bytes().to_vec();
                    joined.extend_from_slice(b", gzip");
                    HeaderValue::from_bytes(&joined).unwrap_or(GZIP)
                }
                None => GZIP,
            };
            self.headers.insert(CONTENT_ENCODING, encoding);
        }
        for (name, value) in std::mem::take(&mut self.endpoint_headers) {
            self.headers.append(name, value);
        }
        let uri = self.uri()?;
        let mut request = http::Request::new(crate::RequestBody::from(body));
        *request.method_mut() = self.method;
        *request.uri_mut() = uri;
        *request.headers_mut() = self.headers;
        HttpRequest::try_from(request).map_err(|e| BuildError::InvalidRequest {
            reason: e.to_string(),
        })
    }

    fn uri(&mut self) -> Result<Uri, BuildError> {
        let path_and_query = if self.query.is_empty() && matches!(self.path.as_str(), "" | "/") {
            PathAndQuery::from_static("/")
        } else {
            let mut text = std::mem::take(&mut self.path);
            if !text.starts_with('/') {
                text.insert(0, '/');
            }
            if !self.query.is_empty() {
                text.push('?');
                text.push_str(&self.query);
            }
            PathAndQuery::try_from(text).map_err(|e| BuildError::InvalidRequest {
                reason: format!("the request path is not valid: {e}"),
            })?
        };
        Uri::builder()
            .scheme(self.scheme.clone())
            .authority(self.authority.clone())
            .path_and_query(path_and_query)
            .build()
            .map_err(|e| BuildError::InvalidRequest {
                reason: format!("the request URI is not valid: {e}"),
            })
    }
}

/// A header name and value from text, or an error naming what is not valid.
fn header(name: &str, value: &str) -> Result<(HeaderName, HeaderValue), BuildError> {
    let header = HeaderName::try_from(name).map_err(|_| BuildError::InvalidRequest {
        reason: format!("`{}` is not a valid header name", name.escape_debug()),
    })?;
    let value = HeaderValue::try_from(value).map_err(|_| BuildError::InvalidRequest {
        reason: format!(
            "the value of header `{name}` is not valid in a header: `{}`",
            value.escape_debug()
        ),
    })?;
    Ok((header, value))
}

/// Sets a header of a built request from text unless it is set already: headers that a
/// service customization adds to every request (`codegen.json`'s `request_headers`).
pub fn default_header(
    request: &mut HttpRequest,
    name: &str,
    value: &str,
) -> Result<(), BuildError> {
    let (name, value) = header(name, value)?;
    if request.headers().contains_key(name.as_str()) {
        return Ok(());
    }
    let value = value.to_str().map_err(|_| BuildError::InvalidRequest {
        reason: format!("the value of header `{name}` is not text"),
    })?;
    request
        .headers_mut()
        .try_insert(name.as_str().to_owned(), value.to_owned())
        .map_err(|e| BuildError::InvalidRequest {
            reason: format!("header `{name}`: {e}"),
        })?;
    Ok(())
}

/// `authority` (which has no user info: `check_url` refuses it) with `prefix` in front of its
/// host.
fn with_host_prefix(authority: &Authority, prefix: &str) -> Result<Authority, BuildError> {
    let host_port = authority.as_str();
    Authority::try_from(format!("{prefix}{host_port}")).map_err(|e| BuildError::InvalidEndpoint {
        endpoint: format!("{prefix}{host_port}"),
        reason: format!("host prefix `{prefix}` makes an invalid host: {e}"),
    })
}

/// Appends `value` to `out`, percent-encoding every byte outside the RFC 3986 unreserved set
/// (`A-Z a-z 0-9 - . _ ~`), and `/` unless `keep_slash`.
pub fn percent_encode(out: &mut String, value: &str, keep_slash: bool) {
    for b in value.bytes() {
        if b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'.' | b'_' | b'~')
            || (keep_slash && b == b'/')
        {
            out.push(char::from(b));
        } else {
            // Writing to a String can't fail.
            let _ = write!(out, "%{b:02X}");
        }
    }
}

/// The body to send, and whether it was compressed.
fn compressed(body: Vec<u8>, compress: bool) -> Result<(Vec<u8>, bool), BuildError> {
    #[cfg(feature = "gzip")]
    if compress && body.len() >= MIN_COMPRESSION_SIZE {
        return gzip(&body).map(|compressed| (compressed, true));
    }
    #[cfg(not(feature = "gzip"))]
    let _ = compress;
    Ok((body, false))
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

#[cfg(test)]
#[path = "request_tests.rs"]
mod tests;
