//! The HTTPS transport (feature `hyper`): hyper 1 over rustls (ring), HTTP/1.1, with a
//! connection pool, a response size cap, and configurable trusted roots.

use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_rustls::{HttpsConnector, HttpsConnectorBuilder};
use hyper_util::client::legacy::Client as LegacyClient;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioTimer};
use rustls::RootCertStore;
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;
use smithy_rt::{HttpRequest, HttpResponse, SdkBody};

use crate::{Config, HttpConfig, Transport, TransportError, TransportErrorKind};

/// hyper's pooling client over rustls; the credentials sources use it too.
pub(crate) type Pool = LegacyClient<HttpsConnector<HttpConnector>, Full<Bytes>>;

/// Sends requests over HTTPS (or plain HTTP, for `http://` endpoints such as a local test
/// server) with hyper and rustls. Needs a Tokio runtime; without one a call is a
/// [`TransportErrorKind::Setup`] error, not a panic. Clones share one connection pool.
///
/// Trusted roots: the Mozilla roots (webpki-roots), plus whatever [`HttpConfig`] adds (PEM
/// certificates, the platform's store with feature `platform-roots`).
#[derive(Clone)]
pub struct HyperTransport {
    // Setting up TLS can fail (bad extra roots); the error is returned by every call instead
    // of a panic or a fallible constructor.
    pool: Result<Pool, Arc<str>>,
    max_response_body: usize,
}

impl HyperTransport {
    /// A transport with the default [`HttpConfig`] and connect timeout (3.1 s).
    pub fn new() -> Self {
        Self::with_config(&HttpConfig::default(), crate::DEFAULT_CONNECT_TIMEOUT)
    }

    /// The transport `config` asks for: its [`HttpConfig`] and its connect timeout. This is
    /// what a generated `Client::new(config)` uses.
    pub fn from_config(config: &Config) -> Self {
        Self::with_config(
            config.http_config(),
            config.timeout_config().connect_timeout(),
        )
    }

    /// A transport with `http` settings that gives up connecting after `connect_timeout`.
    pub fn with_config(http: &HttpConfig, connect_timeout: Duration) -> Self {
        Self {
            pool: pool(http, connect_timeout).map_err(Arc::from),
            max_response_body: http.max_response_body(),
        }
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
            .field("max_response_body", &self.max_response_body)
            .finish()
    }
}

/// A connection pool with `http`'s settings that gives up connecting after `connect_timeout`.
pub(crate) fn pool(http: &HttpConfig, connect_timeout: Duration) -> Result<Pool, String> {
    let mut connector = HttpConnector::new();
    connector.enforce_http(false);
    connector.set_connect_timeout(Some(connect_timeout));
    // The provider is named explicitly, so another rustls provider elsewhere in the program
    // (aws-lc-rs) can't make the choice ambiguous.
    let tls = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(|e| format!("cannot set up TLS: {e}"))?
    .with_root_certificates(roots(http)?)
    .with_no_client_auth();
    let https = HttpsConnectorBuilder::new()
        .with_tls_config(tls)
        .https_or_http()
        .enable_http1()
        .wrap_connector(connector);
    let mut builder = LegacyClient::builder(TokioExecutor::new());
    builder
        .pool_timer(TokioTimer::new())
        .pool_idle_timeout(http.pool_idle_timeout())
        .pool_max_idle_per_host(http.max_idle_per_host())
        // Each pooled connection keeps its read buffer, which hyper grows to about 400 KB by
        // default. 64 KiB reads a Firehose answer in a few system calls; at 64 concurrent
        // calls it took about 10 MB off the load run's peak RSS.
        .http1_max_buf_size(64 * 1024);
    Ok(builder.build(https))
}

/// The trusted roots `http` asks for.
fn roots(http: &HttpConfig) -> Result<RootCertStore, String> {
    let mut roots = RootCertStore::empty();
    if http.webpki_roots() {
        roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    }
    for (i, pem) in http.root_certificates_pem().iter().enumerate() {
        let which = i + 1;
        let mut added = 0;
        for cert in CertificateDer::pem_slice_iter(pem) {
            let cert = cert.map_err(|e| format!("root certificate PEM #{which}: {e}"))?;
            roots
                .add(cert)
                .map_err(|e| format!("root certificate PEM #{which}: {e}"))?;
            added += 1;
        }
        if added == 0 {
            return Err(format!(
                "root certificate PEM #{which} holds no `BEGIN CERTIFICATE` block"
            ));
        }
    }
    #[cfg(feature = "platform-roots")]
    if http.platform_roots() {
        let found = rustls_native_certs::load_native_certs();
        let (added, _unusable) = roots.add_parsable_certificates(found.certs);
        if added == 0 {
            let why: Vec<String> = found.errors.iter().map(ToString::to_string).collect();
            return Err(format!(
                "the platform's certificate store gave no usable root certificate ({})",
                why.join("; ")
            ));
        }
    }
    if roots.is_empty() {
        return Err(
            "no root certificate is trusted: keep the webpki roots, or add PEM or \
                    platform roots in HttpConfig"
                .to_owned(),
        );
    }
    Ok(roots)
}

impl Transport for HyperTransport {
    fn send(
        &self,
        request: HttpRequest,
    ) -> impl Future<Output = Result<HttpResponse, TransportError>> + Send {
        let pool = self.pool.clone();
        let cap = BodyCap {
            bytes: self.max_response_body,
            setting: "HttpConfig::with_max_response_body",
        };
        async move {
            let pool =
                pool.map_err(|e| TransportError::new(TransportErrorKind::Setup, e.to_string()))?;
            let request = request.try_into_http1x().map_err(|e| {
                TransportError::new(TransportErrorKind::InvalidRequest, "invalid request")
                    .with_source(e)
            })?;
            let (parts, body) = request.into_parts();
            let to = peer(&parts.uri);
            // The body's bytes are shared with the caller's copy, not copied.
            let request = http::Request::from_parts(parts, Full::new(body.into_bytes()));
            let response = exchange(&pool, request, cap).await?;
            HttpResponse::try_from(response).map_err(|e| {
                TransportError::new(
                    TransportErrorKind::InvalidResponse,
                    format!("unusable response from {to}"),
                )
                .with_source(e)
            })
        }
    }
}

/// How much of a response body an [`exchange`] reads, and the setting that says so (named in
/// the error).
#[derive(Clone, Copy, Debug)]
pub(crate) struct BodyCap {
    pub(crate) bytes: usize,
    pub(crate) setting: &'static str,
}

/// A [`TransportErrorKind::Setup`] error unless a Tokio runtime runs this thread: hyper-util
/// spawns connection tasks on it and would panic without one, and timers need it too.
pub(crate) fn require_runtime() -> Result<(), TransportError> {
    match tokio::runtime::Handle::try_current() {
        Ok(_) => Ok(()),
        Err(_) => Err(TransportError::new(
            TransportErrorKind::Setup,
            "sending needs a Tokio runtime: call from within one",
        )),
    }
}

/// The peer as error messages name it: `host:port` (never user information).
fn peer(uri: &http::Uri) -> String {
    match uri.authority() {
        Some(authority) => match authority.port() {
            Some(port) => format!("{}:{port}", authority.host()),
            None => authority.host().to_owned(),
        },
        None => "the endpoint".to_owned(),
    }
}

/// One request and its whole response over `pool`: what [`HyperTransport`] and the
/// credentials sources share. Reads at most `cap` bytes of body; every failure is a
/// [`TransportError`] whose top line names the peer and the cause (connect, TLS, not HTTP,
/// cut short, too large). No Tokio runtime is a [`TransportErrorKind::Setup`] error, not
/// hyper-util's panic. Time limits are the caller's (around this future), besides the
/// pool's connect timeout.
pub(crate) async fn exchange(
    pool: &Pool,
    request: http::Request<Full<Bytes>>,
    cap: BodyCap,
) -> Result<http::Response<SdkBody>, TransportError> {
    require_runtime()?;
    let to = peer(request.uri());
    let response = pool
        .request(request)
        .await
        .map_err(|e| request_error(e, &to))?;
    let (parts, body) = response.into_parts();
    let body = read_body(body, &parts.headers, cap, &to).await?;
    Ok(http::Response::from_parts(parts, body))
}

/// Reads the whole body, refusing more than `cap` bytes: at once if `content-length` says so,
/// else as soon as the bytes read pass it. A body in one frame is kept as it came (no copy).
async fn read_body(
    mut body: hyper::body::Incoming,
    headers: &http::HeaderMap,
    cap: BodyCap,
    to: &str,
) -> Result<SdkBody, TransportError> {
    let BodyCap {
        bytes: cap,
        setting,
    } = cap;
    let too_large = |what: String| {
        TransportError::new(
            TransportErrorKind::ResponseTooLarge,
            format!("the response from {to} {what} the limit of {cap} bytes ({setting})"),
        )
    };
    let announced = headers
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if let Some(length) = announced.filter(|&length| length > cap as u64) {
        return Err(too_large(format!("announces {length} bytes, more than")));
    }
    let mut first: Option<Bytes> = None;
    let mut joined: Vec<u8> = Vec::new();
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| {
            TransportError::new(
                TransportErrorKind::Io,
                format!(
                    "the response body from {to} was cut short: {}",
                    root_cause(&e)
                ),
            )
            .with_source(e)
        })?;
        let Ok(data) = frame.into_data() else {
            continue; // trailers
        };
        let read = first.as_ref().map_or(0, Bytes::len) + joined.len() + data.len();
        if read > cap {
            return Err(too_large("is longer than".to_owned()));
        }
        match first.take() {
            None if joined.is_empty() => first = Some(data),
            earlier => {
                if joined.capacity() < read {
                    // Grow by doubling, but never past the cap.
                    let target = (joined.capacity() * 2).max(read).min(cap);
                    joined.reserve_exact(target - joined.len());
                }
                if let Some(earlier) = earlier {
                    joined.extend_from_slice(&earlier);
                }
                joined.extend_from_slice(&data);
            }
        }
    }
    Ok(match first {
        Some(only) => SdkBody::from(only),
        None => SdkBody::from(joined),
    })
}

/// A transport error for a failed `request`, with the cause on the top line.
fn request_error(error: hyper_util::client::legacy::Error, to: &str) -> TransportError {
    let cause = root_cause(&error);
    let (kind, message) = if let Some(tls) = find::<rustls::Error>(&error) {
        (
            TransportErrorKind::Tls,
            format!("TLS handshake with {to} failed: {tls}"),
        )
    } else if error.is_connect() {
        (
            TransportErrorKind::Connect,
            format!("cannot connect to {to}: {cause}"),
        )
    } else if find::<hyper::Error>(&error).is_some_and(hyper::Error::is_parse) {
        (
            TransportErrorKind::InvalidResponse,
            format!("{to} did not answer with HTTP/1.1: {cause}"),
        )
    } else {
        (
            TransportErrorKind::Io,
            format!("no complete response from {to}: {cause}"),
        )
    };
    TransportError::new(kind, message).with_source(error)
}

/// The errors of `error`'s source chain, the error itself first. `io::Error` hides the
/// error it wraps from `source()` (it returns that error's source), so it is unwrapped here.
fn chain<'a>(
    error: &'a (dyn StdError + 'static),
) -> impl Iterator<Item = &'a (dyn StdError + 'static)> {
    std::iter::successors(Some(error), |&e: &&'a (dyn StdError + 'static)| match e
        .downcast_ref::<std::io::Error>()
    {
        Some(io) => io.get_ref().map(|inner| inner as &(dyn StdError + 'static)),
        None => e.source(),
    })
}

/// The first `T` in `error`'s source chain.
fn find<'a, T: StdError + 'static>(error: &'a (dyn StdError + 'static)) -> Option<&'a T> {
    chain(error).find_map(|e| e.downcast_ref::<T>())
}

/// The innermost error of the chain, which usually says what happened
/// (`Connection refused (os error 111)`, `invalid peer certificate: UnknownIssuer`).
fn root_cause(error: &(dyn StdError + 'static)) -> String {
    chain(error)
        .last()
        .map_or_else(String::new, ToString::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_errors_are_unwrapped_when_walking_the_chain() {
        #[derive(Debug)]
        struct Inner;
        impl fmt::Display for Inner {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("the real cause")
            }
        }
        impl StdError for Inner {}
        let io = std::io::Error::new(std::io::ErrorKind::InvalidData, Inner);
        assert_eq!(root_cause(&io), "the real cause");
        assert!(find::<Inner>(&io).is_some());
    }

    #[test]
    fn bad_extra_roots_are_named_setup_errors() {
        let no_block = HttpConfig::default().with_root_certificates_pem("hello");
        let error = roots(&no_block).unwrap_err();
        assert!(
            error.contains("PEM #1 holds no `BEGIN CERTIFICATE` block"),
            "{error}"
        );
        let garbage = HttpConfig::default().with_root_certificates_pem(
            "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n",
        );
        let error = roots(&garbage).unwrap_err();
        assert!(error.contains("PEM #1"), "{error}");
        let nothing = HttpConfig::default().with_webpki_roots(false);
        let error = roots(&nothing).unwrap_err();
        assert!(error.contains("no root certificate is trusted"), "{error}");
        assert!(roots(&HttpConfig::default()).is_ok_and(|r| r.len() > 100));
    }

    #[cfg(feature = "platform-roots")]
    #[test]
    fn platform_roots_come_from_the_system_store() {
        // The store as the platform configures it: `SSL_CERT_FILE` names the test CA (and no
        // `SSL_CERT_DIR`), so the test doesn't depend on the machine's certificates.
        let ca = concat!(env!("CARGO_MANIFEST_DIR"), "/src/tests/testdata/ca.pem");
        // SAFETY: no other thread of this test binary reads or writes these variables.
        unsafe {
            std::env::set_var("SSL_CERT_FILE", ca);
            std::env::remove_var("SSL_CERT_DIR");
        }
        let http = HttpConfig::default()
            .with_webpki_roots(false)
            .with_platform_roots(true);
        let roots = roots(&http).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(roots.len(), 1);
    }
}
