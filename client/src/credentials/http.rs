//! The small HTTP client of the container and instance-metadata sources: one request at a
//! time over `HyperTransport`'s pool and exchange (HTTP/1.1; TLS with rustls for an `https`
//! container URI), with a connect timeout, a whole-request timeout and a response size limit.

use std::fmt;
use std::sync::OnceLock;
use std::time::Duration;

use bytes::Bytes;
use http::{Method, StatusCode, Uri};
use http_body_util::Full;
use smithy_rt::SdkBody;

use crate::hyper_transport::{BodyCap, Pool, exchange, pool, require_runtime};
use crate::{TransportError, TransportErrorKind};

/// The largest response read from a credentials endpoint: credentials documents are a few
/// kilobytes, so anything near this is not one.
pub(crate) const MAX_RESPONSE_BYTES: usize = 64 * 1024;

const CAP: BodyCap = BodyCap {
    bytes: MAX_RESPONSE_BYTES,
    setting: "a credentials document is a few kilobytes",
};

/// Why a request got no response.
#[derive(Debug)]
pub(crate) enum HttpError {
    /// No complete response within the time limit.
    Timeout(Duration),
    /// What the exchange failed with: no connection, TLS, a broken or oversized response, or
    /// nothing sent at all (no Tokio runtime, no TLS setup).
    Transport(TransportError),
}

impl HttpError {
    /// Nothing was sent, and trying again won't change that.
    pub(crate) fn is_setup(&self) -> bool {
        matches!(self, Self::Transport(e) if e.kind() == TransportErrorKind::Setup)
    }

    /// No answer came: no connection could be made, or none in time.
    pub(crate) fn is_unreachable(&self) -> bool {
        match self {
            Self::Timeout(_) => true,
            Self::Transport(e) => e.kind() == TransportErrorKind::Connect,
        }
    }
}

impl fmt::Display for HttpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Timeout(after) => write!(f, "no response within {after:?}"),
            Self::Transport(e) => e.fmt(f),
        }
    }
}

/// A status and a whole body.
pub(crate) struct Response {
    pub(crate) status: StatusCode,
    body: SdkBody,
}

impl Response {
    pub(crate) fn body(&self) -> &[u8] {
        self.body.bytes().unwrap_or_default()
    }
}

/// A connection pool, made on first use.
pub(crate) struct HttpClient {
    connect_timeout: Duration,
    pool: OnceLock<Result<Pool, String>>,
}

impl HttpClient {
    pub(crate) fn new(connect_timeout: Duration) -> Self {
        Self {
            connect_timeout,
            pool: OnceLock::new(),
        }
    }

    fn pool(&self) -> Result<&Pool, HttpError> {
        self.pool
            .get_or_init(|| pool(&crate::HttpConfig::default(), self.connect_timeout))
            .as_ref()
            .map_err(|e| {
                HttpError::Transport(TransportError::new(TransportErrorKind::Setup, e.clone()))
            })
    }

    /// Sends `method uri` with `headers` and an empty body; gives up after `timeout` for the
    /// whole exchange.
    pub(crate) async fn send(
        &self,
        method: Method,
        uri: &Uri,
        headers: &[(&'static str, &str)],
        timeout: Duration,
    ) -> Result<Response, HttpError> {
        let pool = self.pool()?;
        let mut request = http::Request::builder().method(method).uri(uri.clone());
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        // Header values were checked by the callers; a failure here names no value.
        let request = request.body(Full::new(Bytes::new())).map_err(|_| {
            HttpError::Transport(TransportError::new(
                TransportErrorKind::InvalidRequest,
                "invalid request header",
            ))
        })?;
        // The timer needs the runtime as much as hyper does.
        require_runtime().map_err(HttpError::Transport)?;
        let response = tokio::time::timeout(timeout, exchange(pool, request, CAP))
            .await
            .map_err(|_| HttpError::Timeout(timeout))?
            .map_err(HttpError::Transport)?;
        let (parts, body) = response.into_parts();
        Ok(Response {
            status: parts.status,
            body,
        })
    }
}

/// An [`HttpClient`] with a time limit per exchange and a wait between attempts: what the
/// container and instance-metadata sources share.
pub(crate) struct Requester {
    client: HttpClient,
    timeout: Duration,
    backoff: Duration,
}

impl Requester {
    /// `connect` and `read` are the SDKs' two limits; an exchange gets their sum. The wait
    /// before retry `n` is uniform in [0, `backoff` * 2^(n-1)) (full jitter).
    pub(crate) fn new(connect: Duration, read: Duration, backoff: Duration) -> Self {
        Self {
            client: HttpClient::new(connect),
            timeout: connect + read,
            backoff,
        }
    }

    /// 1 s per exchange and 1 ms waits, so that tests of failures run fast.
    #[cfg(test)]
    pub(crate) fn for_tests(self) -> Self {
        Self {
            timeout: Duration::from_secs(1),
            backoff: Duration::from_millis(1),
            ..self
        }
    }

    pub(crate) async fn send(
        &self,
        method: Method,
        uri: &Uri,
        headers: &[(&'static str, &str)],
    ) -> Result<Response, HttpError> {
        self.client.send(method, uri, headers, self.timeout).await
    }

    /// Waits before attempt `attempt` (0-based; nothing before the first).
    pub(crate) async fn pause_before(&self, attempt: u32) {
        if attempt > 0 {
            let ceiling = self
                .backoff
                .saturating_mul(1 << attempt.saturating_sub(1).min(16));
            tokio::time::sleep(ceiling.mul_f64(fastrand::f64())).await;
        }
    }
}
