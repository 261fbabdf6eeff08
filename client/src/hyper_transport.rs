//! The HTTPS transport (feature `hyper`): hyper 1 over rustls (ring, webpki roots), HTTP/1.1,
//! with a connection pool.

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use smithy_rt::{HttpRequest, HttpResponse, SdkBody};
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper_rustls::{HttpsConnector, HttpsConnectorBuilder};
use hyper_util::client::legacy::Client as LegacyClient;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

use crate::{Transport, TransportError, TransportErrorKind};

/// How long connecting may take, as in the AWS SDKs.
pub const CONNECT_TIMEOUT: Duration = Duration::from_millis(3100);
/// The largest response body read; a larger one is a [`TransportErrorKind::Io`] error.
pub const MAX_RESPONSE_BODY: usize = 64 * 1024 * 1024;

type Pool = LegacyClient<HttpsConnector<HttpConnector>, Full<Bytes>>;

/// Sends requests over HTTPS (or plain HTTP, for `http://` endpoints such as a local test
/// server) with hyper, rustls and the Mozilla root certificates. Needs a Tokio runtime.
/// Clones share one connection pool.
#[derive(Clone)]
pub struct HyperTransport {
    // Setting up TLS can fail (in theory); the error is returned by every call instead of a
    // panic or a fallible constructor.
    pool: Result<Pool, Arc<str>>,
}

impl HyperTransport {
    /// A transport with its own connection pool.
    pub fn new() -> Self {
        Self { pool: pool() }
    }
}

impl Default for HyperTransport {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for HyperTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HyperTransport")
            .field("ready", &self.pool.is_ok())
            .finish()
    }
}

fn pool() -> Result<Pool, Arc<str>> {
    let mut http = HttpConnector::new();
    http.enforce_http(false);
    http.set_connect_timeout(Some(CONNECT_TIMEOUT));
    // The provider is named explicitly, so another rustls provider elsewhere in the program
    // (aws-lc-rs) can't make the choice ambiguous.
    let https = HttpsConnectorBuilder::new()
        .with_provider_and_webpki_roots(rustls::crypto::ring::default_provider())
        .map_err(|e| Arc::from(format!("cannot set up TLS: {e}")))?
        .https_or_http()
        .enable_http1()
        .wrap_connector(http);
    Ok(LegacyClient::builder(TokioExecutor::new()).build(https))
}

impl Transport for HyperTransport {
    fn send(
        &self,
        request: HttpRequest,
    ) -> impl Future<Output = Result<HttpResponse, TransportError>> + Send {
        let pool = self.pool.clone();
        async move {
            let pool =
                pool.map_err(|e| TransportError::new(TransportErrorKind::Setup, e.to_string()))?;
            let request = request.try_into_http1x().map_err(|e| {
                TransportError::new(TransportErrorKind::InvalidRequest, "invalid request")
                    .with_source(e)
            })?;
            let (parts, body) = request.into_parts();
            let body = body.bytes().map(Bytes::copy_from_slice).ok_or_else(|| {
                TransportError::new(
                    TransportErrorKind::InvalidRequest,
                    "the request body is a stream; only in-memory bodies are sent",
                )
            })?;
            let host = parts.uri.authority().map(ToString::to_string);
            let to = host.as_deref().unwrap_or("the endpoint");
            let request = http::Request::from_parts(parts, Full::new(body));

            let response = pool.request(request).await.map_err(|e| {
                let (kind, what) = if e.is_connect() {
                    (TransportErrorKind::Connect, "cannot connect to")
                } else {
                    (TransportErrorKind::Io, "no complete response from")
                };
                TransportError::new(kind, format!("{what} {to}")).with_source(e)
            })?;
            let (parts, body) = response.into_parts();
            let body = Limited::new(body, MAX_RESPONSE_BODY)
                .collect()
                .await
                .map_err(|e| {
                    TransportError::new(
                        TransportErrorKind::Io,
                        format!("cannot read the response body from {to}"),
                    )
                    .with_source(e)
                })?
                .to_bytes();
            HttpResponse::try_from(http::Response::from_parts(parts, SdkBody::from(body))).map_err(
                |e| {
                    TransportError::new(
                        TransportErrorKind::Io,
                        format!("unusable response from {to}"),
                    )
                    .with_source(e)
                },
            )
        }
    }
}
