//! Settings of the HTTPS transport: response size cap, connection pool, trusted roots.

use std::fmt;
use std::time::Duration;

/// The largest response body read by default: 2 MiB.
///
/// Sized for Firehose: its largest responses are ListDeliveryStreams at its maximum `Limit`
/// (10,000 names of up to 64 characters, about 0.7 MB) and a PutRecordBatch result for 500
/// records that all failed with a message (about 0.25 MB). 2 MiB leaves room above both while
/// 64 concurrent calls to a hostile endpoint hold at most 128 MiB of response bodies. Other
/// services may need more (Kinesis `GetRecords` returns up to 10 MiB): see
/// [`HttpConfig::with_max_response_body`].
pub const DEFAULT_MAX_RESPONSE_BODY: usize = 2 * 1024 * 1024;

/// Idle pooled connections are closed after this long: hyper's default, which the AWS SDK
/// for Rust keeps too.
pub const DEFAULT_POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(90);

/// Settings of [`HyperTransport`](crate::HyperTransport): the response size cap, the
/// connection pool, and which certificate authorities are trusted.
///
/// ```
/// use std::time::Duration;
/// use smithy_client::HttpConfig;
///
/// let http = HttpConfig::default()
///     .with_max_response_body(8 * 1024 * 1024)
///     .with_pool_idle_timeout(Duration::from_secs(20))
///     .with_max_idle_per_host(16);
/// # let _ = http;
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct HttpConfig {
    max_response_body: usize,
    pool_idle_timeout: Option<Duration>,
    max_idle_per_host: usize,
    webpki_roots: bool,
    platform_roots: bool,
    extra_roots_pem: Vec<Vec<u8>>,
}

impl HttpConfig {
    /// The defaults: 2 MiB response cap, idle connections kept 90 s with no limit on their
    /// number (as hyper and the AWS SDK for Rust do), the Mozilla (webpki) roots trusted.
    pub fn new() -> Self {
        Self {
            max_response_body: DEFAULT_MAX_RESPONSE_BODY,
            pool_idle_timeout: Some(DEFAULT_POOL_IDLE_TIMEOUT),
            max_idle_per_host: usize::MAX,
            webpki_roots: true,
            platform_roots: false,
            extra_roots_pem: Vec::new(),
        }
    }

    /// Reads at most `bytes` of a response body; a longer one (announced by
    /// `content-length` or not) is a transport error of kind
    /// [`ResponseTooLarge`](crate::TransportErrorKind::ResponseTooLarge), not retried.
    pub fn with_max_response_body(mut self, bytes: usize) -> Self {
        self.max_response_body = bytes;
        self
    }

    /// Closes pooled connections idle for longer than `timeout` (`None`: keep them).
    pub fn with_pool_idle_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.pool_idle_timeout = timeout.into();
        self
    }

    /// Keeps at most `connections` idle connections per host (0 disables reuse).
    pub fn with_max_idle_per_host(mut self, connections: usize) -> Self {
        self.max_idle_per_host = connections;
        self
    }

    /// Also trusts the certificate authorities in `pem` (one or more `CERTIFICATE` blocks),
    /// e.g. a private CA in front of a VPC endpoint. Can be called more than once. A PEM
    /// without a certificate, or one that doesn't parse, is an error of every call
    /// ([`TransportErrorKind::Setup`](crate::TransportErrorKind::Setup)) naming the problem.
    pub fn with_root_certificates_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.extra_roots_pem.push(pem.into());
        self
    }

    /// Whether to trust the Mozilla roots compiled into the program (webpki-roots; default
    /// yes). Turn off to trust only [`with_root_certificates_pem`](Self::with_root_certificates_pem)
    /// (and the platform's, if enabled).
    pub fn with_webpki_roots(mut self, trust: bool) -> Self {
        self.webpki_roots = trust;
        self
    }

    /// Also trusts the operating system's certificate store (crate feature `platform-roots`,
    /// via rustls-native-certs): corporate roots installed on the machine work without
    /// listing them. Roots the store can't provide are skipped; none at all is an error of
    /// every call.
    #[cfg(feature = "platform-roots")]
    pub fn with_platform_roots(mut self, trust: bool) -> Self {
        self.platform_roots = trust;
        self
    }

    /// The response body cap in bytes.
    pub fn max_response_body(&self) -> usize {
        self.max_response_body
    }

    /// How long idle pooled connections are kept.
    pub fn pool_idle_timeout(&self) -> Option<Duration> {
        self.pool_idle_timeout
    }

    /// The most idle connections kept per host.
    pub fn max_idle_per_host(&self) -> usize {
        self.max_idle_per_host
    }

    /// Whether the webpki (Mozilla) roots are trusted.
    pub fn webpki_roots(&self) -> bool {
        self.webpki_roots
    }

    /// Whether the platform's roots are trusted.
    pub fn platform_roots(&self) -> bool {
        self.platform_roots
    }

    /// The extra trusted roots, as given.
    pub fn root_certificates_pem(&self) -> &[Vec<u8>] {
        &self.extra_roots_pem
    }
}

impl Default for HttpConfig {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for HttpConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpConfig")
            .field("max_response_body", &self.max_response_body)
            .field("pool_idle_timeout", &self.pool_idle_timeout)
            .field("max_idle_per_host", &self.max_idle_per_host)
            .field("webpki_roots", &self.webpki_roots)
            .field("platform_roots", &self.platform_roots)
            .field("extra_roots_pem", &self.extra_roots_pem.len())
            .finish()
    }
}
