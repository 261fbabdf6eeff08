//! [`HyperTransport`] against servers on 127.0.0.1: the request on the wire, connection and
//! TLS failures (with their cause on the top line), the response size cap, the pool.
//!
//! `testdata/` holds a test CA and a server certificate it signed for `localhost` and
//! `127.0.0.1` (ECDSA P-256, valid to 2126; made with `openssl req`/`openssl x509`; the CA's
//! key was thrown away).

use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpListener;

use super::*;

const CA_PEM: &str = include_str!("testdata/ca.pem");
const SERVER_PEM: &str = include_str!("testdata/server.pem");
const SERVER_KEY: &str = include_str!("testdata/server.key");

/// Reads one request (head and `content-length` body); `None` when the peer closed first.
async fn read_request<S: AsyncRead + Unpin>(stream: &mut S) -> Option<String> {
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let n = stream.read(&mut buf).await.ok()?;
        if n == 0 {
            return None;
        }
        seen.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&seen).into_owned();
        if let Some(end) = text.find("\r\n\r\n") {
            let length: usize = text
                .lines()
                .find_map(|l| l.strip_prefix("content-length: "))
                .map_or(0, |v| v.trim().parse().unwrap());
            if seen.len() >= end + 4 + length {
                return Some(text);
            }
        }
    }
}

/// A keep-alive server: for the `n`th request (from 0) it writes `answer(n)`, then closes the
/// connection if the answer says `Connection: close`, else waits for the next request.
struct Loopback {
    address: std::net::SocketAddr,
    accepted: Arc<AtomicUsize>,
    requests: Arc<Mutex<Vec<String>>>,
}

impl Loopback {
    async fn start(answer: impl Fn(usize) -> String + Send + Sync + 'static) -> Self {
        Self::start_with(answer, None).await
    }

    async fn start_with(
        answer: impl Fn(usize) -> String + Send + Sync + 'static,
        tls: Option<tokio_rustls::TlsAcceptor>,
    ) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let accepted = Arc::new(AtomicUsize::new(0));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let answer = Arc::new(answer);
        let (a, r) = (Arc::clone(&accepted), Arc::clone(&requests));
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                a.fetch_add(1, Ordering::SeqCst);
                let (answer, r, tls) = (Arc::clone(&answer), Arc::clone(&r), tls.clone());
                tokio::spawn(async move {
                    match tls {
                        None => serve(stream, &*answer, &r).await,
                        Some(tls) => {
                            if let Ok(stream) = tls.accept(stream).await {
                                serve(stream, &*answer, &r).await;
                            }
                        }
                    }
                });
            }
        });
        Self {
            address,
            accepted,
            requests,
        }
    }

    fn accepted(&self) -> usize {
        self.accepted.load(Ordering::SeqCst)
    }
}

async fn serve<S: AsyncRead + AsyncWrite + Unpin>(
    mut stream: S,
    answer: &(dyn Fn(usize) -> String + Send + Sync),
    requests: &Mutex<Vec<String>>,
) {
    while let Some(request) = read_request(&mut stream).await {
        let n = {
            let mut requests = requests.lock().unwrap();
            requests.push(request);
            requests.len() - 1
        };
        let response = answer(n);
        if stream.write_all(response.as_bytes()).await.is_err() {
            return;
        }
        if response.contains("Connection: close") {
            let _ = stream.shutdown().await;
            return;
        }
    }
}

fn ok(body: &str) -> String {
    format!(
        "HTTP/1.1 200 OK\r\nx-amzn-requestid: r-9\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    )
}

/// Settings for loopback tests: quick retries.
fn fast(config: Config) -> Config {
    config.with_retry_config(
        RetryConfig::standard()
            .with_quota(RetryQuota::default())
            .with_initial_backoff(Duration::from_millis(5)),
    )
}

fn client_for(address: &str, http: HttpConfig) -> ServiceClient<HyperTransport> {
    let config = fast(config().with_endpoint(address).with_http_config(http));
    let transport = HyperTransport::from_config(&config);
    ServiceClient::new(config, transport, SERVICE)
}

fn tls_acceptor() -> tokio_rustls::TlsAcceptor {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(SERVER_PEM.as_bytes())
        .collect::<Result<_, _>>()
        .unwrap();
    let key = PrivateKeyDer::from_pem_slice(SERVER_KEY.as_bytes()).unwrap();
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(chain, key)
    .unwrap();
    tokio_rustls::TlsAcceptor::from(Arc::new(config))
}

#[tokio::test]
async fn hyper_sends_a_signed_request_and_reads_the_response() {
    let server = Loopback::start(|_| ok("{\"a\":\"b\"}\r\n")).await;
    let client = client_for(&format!("http://{}", server.address), HttpConfig::default());
    let output = client.call::<Echo>(&"hi".to_owned()).await.unwrap();
    assert_eq!(output, "{\"a\":\"b\"}\r\n");
    let request = server.requests.lock().unwrap().remove(0);
    assert!(request.starts_with("POST / HTTP/1.1\r\n"), "{request}");
    assert!(
        request.contains(&format!("host: {}\r\n", server.address)),
        "{request}"
    );
    assert!(
        request.contains("x-amz-target: Svc_2020.Echo\r\n"),
        "{request}"
    );
    assert!(request.contains("/eu-west-1/svc/aws4_request"), "{request}");
    assert!(request.ends_with("\r\n\r\n{\"Name\":\"hi\"}"), "{request}");
}

#[tokio::test]
async fn a_refused_connection_is_a_retried_connect_error_with_its_cause_on_top() {
    // Bind, then drop: the port is closed for the moment of the test.
    let address = TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap()
        .local_addr()
        .unwrap();
    let client = client_for(&format!("http://{address}"), HttpConfig::default());
    let error = client.call::<Echo>(&"x".to_owned()).await.unwrap_err();
    let Error::Transport(transport) = &error else {
        panic!("expected a transport error, got {error:?}")
    };
    assert!(transport.is_connect(), "{transport:?}");
    assert_eq!(transport.kind(), TransportErrorKind::Connect);
    let top = error.to_string();
    assert!(
        top.starts_with(&format!("cannot connect to {address}: ")),
        "{top}"
    );
    assert!(top.to_lowercase().contains("refused"), "{top}");
    assert!(error.is_retryable());
    // Retried: three attempts used two transient retries of the quota.
    assert_eq!(client.retry_quota().available(), 480);
    assert_no_secret(&all_text(&error));
}

#[tokio::test]
async fn a_truncated_response_is_a_retried_io_error() {
    let server = Loopback::start(|_| {
        "HTTP/1.1 200 OK\r\ncontent-length: 100\r\nConnection: close\r\n\r\n{\"short\"".to_owned()
    })
    .await;
    let client = client_for(&format!("http://{}", server.address), HttpConfig::default());
    let error = client.call::<Echo>(&"x".to_owned()).await.unwrap_err();
    let Error::Transport(transport) = &error else {
        panic!("expected a transport error, got {error:?}")
    };
    assert_eq!(transport.kind(), TransportErrorKind::Io, "{transport:?}");
    assert!(error.source().is_some(), "{error:?}");
    assert_eq!(server.requests.lock().unwrap().len(), 3);
    assert_no_secret(&all_text(&error));
}

#[tokio::test]
async fn a_response_that_is_not_http_is_not_retried() {
    let server =
        Loopback::start(|_| "SSH-2.0-OpenSSH_9.6\r\nConnection: close\r\n".to_owned()).await;
    let client = client_for(&format!("http://{}", server.address), HttpConfig::default());
    let error = client.call::<Echo>(&"x".to_owned()).await.unwrap_err();
    let Error::Transport(transport) = &error else {
        panic!("expected a transport error, got {error:?}")
    };
    assert_eq!(
        transport.kind(),
        TransportErrorKind::InvalidResponse,
        "{error}"
    );
    assert!(
        error.to_string().contains("did not answer with HTTP/1.1"),
        "{error}"
    );
    assert_eq!(server.requests.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn https_endpoints_go_through_a_tls_handshake() {
    // A server that reads the first bytes and hangs up: the client must have started a
    // TLS handshake (a record of type 22), and failing it is a connect error.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let server = tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.unwrap();
        let mut first = [0u8; 3];
        stream.read_exact(&mut first).await.unwrap();
        first
    });
    let config = config()
        .with_endpoint(format!("https://{address}"))
        .with_retry_config(RetryConfig::disabled());
    let client = ServiceClient::new(config, HyperTransport::new(), SERVICE);
    let error = client.call::<Echo>(&"x".to_owned()).await.unwrap_err();
    // Handshake record, TLS major version 3.
    assert_eq!(server.await.unwrap(), [0x16, 0x03, 0x01]);
    let Error::Transport(transport) = &error else {
        panic!("expected a transport error, got {error:?}")
    };
    assert!(transport.is_connect(), "{transport:?}");
    assert_no_secret(&all_text(&error));
}

#[tokio::test]
async fn an_untrusted_certificate_names_its_cause_on_top_and_is_not_retried() {
    let server = Loopback::start_with(|_| ok("{}"), Some(tls_acceptor())).await;
    let endpoint = format!("https://localhost:{}", server.address.port());
    let client = client_for(&endpoint, HttpConfig::default());
    let error = client.call::<Echo>(&"x".to_owned()).await.unwrap_err();
    let Error::Transport(transport) = &error else {
        panic!("expected a transport error, got {error:?}")
    };
    assert_eq!(transport.kind(), TransportErrorKind::Tls, "{error}");
    let top = error.to_string();
    assert!(top.starts_with("TLS handshake with localhost:"), "{top}");
    assert!(top.contains("UnknownIssuer"), "{top}");
    assert!(!error.is_retryable());
    assert_eq!(server.accepted(), 1);
}

#[tokio::test]
async fn an_extra_root_certificate_makes_a_private_ca_trusted() {
    let server = Loopback::start_with(|_| ok("{\"tls\":1}"), Some(tls_acceptor())).await;
    let endpoint = format!("https://localhost:{}", server.address.port());
    let http = HttpConfig::default().with_root_certificates_pem(CA_PEM);
    let client = client_for(&endpoint, http.clone());
    assert_eq!(
        client.call::<Echo>(&"x".to_owned()).await.unwrap(),
        "{\"tls\":1}"
    );
    // Only that CA, without the Mozilla roots, works too; and by IP address.
    let only = http.with_webpki_roots(false);
    let by_ip = format!("https://127.0.0.1:{}", server.address.port());
    let client = client_for(&by_ip, only);
    assert_eq!(
        client.call::<Echo>(&"x".to_owned()).await.unwrap(),
        "{\"tls\":1}"
    );
}

#[tokio::test]
async fn unusable_root_certificates_are_setup_errors_of_every_call() {
    let http = HttpConfig::default().with_root_certificates_pem("not a certificate");
    let client = client_for("https://localhost:1", http);
    let error = client.call::<Echo>(&"x".to_owned()).await.unwrap_err();
    let Error::Transport(transport) = &error else {
        panic!("expected a transport error, got {error:?}")
    };
    assert_eq!(transport.kind(), TransportErrorKind::Setup);
    assert!(
        error.to_string().contains("root certificate PEM #1"),
        "{error}"
    );
    assert!(!error.is_retryable());
}

#[tokio::test]
async fn responses_over_the_cap_are_refused_whether_announced_or_not() {
    let cap = 64 * 1024;
    let http = HttpConfig::default().with_max_response_body(cap);
    // Announced: refused before reading the body.
    let server = Loopback::start(|_| {
        "HTTP/1.1 200 OK\r\ncontent-length: 10485760\r\nConnection: close\r\n\r\n".to_owned()
    })
    .await;
    let client = client_for(&format!("http://{}", server.address), http.clone());
    let error = client.call::<Echo>(&"x".to_owned()).await.unwrap_err();
    let Error::Transport(transport) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(transport.kind(), TransportErrorKind::ResponseTooLarge);
    assert!(
        error
            .to_string()
            .contains("announces 10485760 bytes, more than the limit of 65536 bytes"),
        "{error}"
    );
    assert!(!error.is_retryable());
    assert_eq!(server.requests.lock().unwrap().len(), 1);
    // Chunked, without a length: refused once the bytes read pass the cap.
    let chunk = "x".repeat(16 * 1024);
    let body: String = (0..8).map(|_| format!("4000\r\n{chunk}\r\n")).collect();
    let response = format!(
        "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\nConnection: close\r\n\r\n{body}0\r\n\r\n"
    );
    let server = Loopback::start(move |_| response.clone()).await;
    let client = client_for(&format!("http://{}", server.address), http.clone());
    let error = client.call::<Echo>(&"x".to_owned()).await.unwrap_err();
    assert!(
        error
            .to_string()
            .contains("is longer than the limit of 65536 bytes"),
        "{error}"
    );
    // Exactly the cap, in several chunks, is fine.
    let body: String = (0..4).map(|_| format!("4000\r\n{chunk}\r\n")).collect();
    let response = format!("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n{body}0\r\n\r\n");
    let server = Loopback::start(move |_| response.clone()).await;
    let client = client_for(&format!("http://{}", server.address), http);
    assert_eq!(
        client.call::<Echo>(&"x".to_owned()).await.unwrap().len(),
        cap
    );
}

#[tokio::test]
async fn the_pool_reuses_connections_unless_told_not_to() {
    let server = Loopback::start(|_| ok("{}")).await;
    let client = client_for(&format!("http://{}", server.address), HttpConfig::default());
    for _ in 0..3 {
        client.call::<Echo>(&"x".to_owned()).await.unwrap();
    }
    assert_eq!(server.accepted(), 1);
    let server = Loopback::start(|_| ok("{}")).await;
    let http = HttpConfig::default().with_max_idle_per_host(0);
    let client = client_for(&format!("http://{}", server.address), http);
    for _ in 0..3 {
        client.call::<Echo>(&"x".to_owned()).await.unwrap();
    }
    assert_eq!(server.accepted(), 3);
}

#[test]
fn the_transport_outside_tokio_is_an_error_not_a_panic() {
    // Timeouts and retries off, so the client itself doesn't need the runtime either.
    let config = config()
        .with_endpoint("http://127.0.0.1:9")
        .with_retry_config(RetryConfig::disabled())
        .with_timeout_config(TimeoutConfig::default().with_attempt_timeout(None));
    let client = ServiceClient::new(config, HyperTransport::new(), SERVICE);
    let error = block_on(client.call::<Echo>(&"x".to_owned())).unwrap_err();
    let Error::Transport(transport) = &error else {
        panic!("expected a transport error, got {error:?}")
    };
    assert_eq!(transport.kind(), TransportErrorKind::Setup);
    assert!(error.to_string().contains("Tokio runtime"), "{error}");
}
