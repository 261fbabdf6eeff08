//! The client over a hand-written operation: in memory, and over HTTP on loopback.

use std::error::Error as _;
use std::future::Future;
use std::time::Duration;

use smithy_rt::endpoint::{AsEndpoint, Endpoint, EndpointError, object};
use smithy_rt::protocol::aws_json::{self, OperationSpec, Version};
use smithy_rt::{BuildError, Document, HttpRequest, HttpResponse, RequestId, UnhandledError};

use super::*;

const KEY_ID: &str = "AKIDSECRETKEYID";
const SECRET: &str = "very-secret-access-key";
const TOKEN: &str = "very-secret-session-token";

/// `Echo`: input is a name (required: empty is missing), output is the response body.
struct Echo;

impl Operation for Echo {
    type Input = String;
    type Output = String;
    type Error = UnhandledError;
    const NAME: &'static str = "Echo";

    fn build_request(
        input: &String,
        endpoint: &(impl AsEndpoint + ?Sized),
    ) -> Result<HttpRequest, BuildError> {
        const SPEC: OperationSpec = OperationSpec {
            version: Version::V1_1,
            target: "Svc_2020.Echo",
            request_compression: false,
        };
        if input.is_empty() {
            return Err(BuildError::missing("EchoInput", "Name"));
        }
        aws_json::build_request(&SPEC, endpoint, None, format!("{{\"Name\":{input:?}}}"))
    }

    fn parse_response(response: &HttpResponse) -> Result<String, UnhandledError> {
        aws_json::parse_response(
            response,
            |body| Ok(String::from_utf8_lossy(body).into_owned()),
            |r| {
                let meta = smithy_rt::json::error::parse_error_metadata(r).unwrap_or_default();
                UnhandledError::new(meta, r.status().as_u16())
            },
        )
    }
}

const SERVICE: Service = Service {
    id: "example#Svc",
    signing_name: Some("svc"),
    sdk_id: Some("Svc"),
    unsigned_operations: &[],
    resolve_endpoint: Some(standard_endpoint),
};

/// The endpoint rules of `Svc`: the override as given, else a regional URL; region
/// `global` is an endpoint that signs for `us-east-1` as `svc-global` and carries a header.
fn standard_endpoint(config: &Config) -> Result<Endpoint, EndpointError> {
    match (config.endpoint(), config.region()) {
        (Some(url), _) => Ok(Endpoint::new(url)),
        (None, "") => Err(EndpointError::new("Invalid Configuration: Missing Region")),
        (None, "global") => Ok(Endpoint::new("https://svc.example.com")
            .with_header("x-svc-global", "1")
            .with_property(
                "authSchemes",
                Document::Array(vec![object([
                    ("name", "sigv4".into()),
                    ("signingName", "svc-global".into()),
                    ("signingRegion", "us-east-1".into()),
                ])]),
            )),
        (None, region) => Ok(Endpoint::new(format!("https://svc.{region}.example.com"))),
    }
}

fn credentials() -> Credentials {
    Credentials::new(KEY_ID, SECRET, Some(TOKEN.to_owned()))
}

fn config() -> Config {
    Config::new("eu-west-1").with_credentials(credentials())
}

fn respond(status: u16, body: &'static str) -> HttpResponse {
    smithy_rt::response_from_parts(status, [("x-amzn-requestid", "req-1")], body)
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Drives a future that needs no runtime (the in-memory transport is always ready).
fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    loop {
        if let std::task::Poll::Ready(out) = future.as_mut().poll(&mut cx) {
            return out;
        }
        std::thread::yield_now();
    }
}

/// Every way a value could show text: Display, Debug, and each error source's Display.
fn all_text(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = format!("{error} {error:?} {error:#?}");
    let mut source = error.source();
    while let Some(e) = source {
        text.push_str(&format!(" {e} {e:?}"));
        source = e.source();
    }
    text
}

fn assert_no_secret(text: &str) {
    for secret in [KEY_ID, SECRET, TOKEN] {
        assert!(!text.contains(secret), "{secret} shows in {text}");
    }
}

#[test]
fn in_memory_call_builds_signs_sends_and_parses() {
    let transport = InMemoryTransport::new(|request: &HttpRequest| {
        assert_eq!(request.uri(), "https://svc.eu-west-1.example.com/");
        assert_eq!(request.headers().get("x-amz-target"), Some("Svc_2020.Echo"));
        assert_eq!(request.body().bytes(), Some(&b"{\"Name\":\"hi\"}"[..]));
        let auth = request.headers().get("authorization").unwrap_or_default();
        assert!(
            auth.starts_with(&format!("AWS4-HMAC-SHA256 Credential={KEY_ID}/")),
            "{auth}"
        );
        assert!(auth.contains("/eu-west-1/svc/aws4_request"), "{auth}");
        assert_eq!(request.headers().get("x-amz-security-token"), Some(TOKEN));
        respond(200, "{\"ok\":true}")
    });
    let client = ServiceClient::new(config(), transport, SERVICE);
    assert_eq!(client.endpoint(), Some("https://svc.eu-west-1.example.com"));
    let output = block_on(client.call::<Echo>(&"hi".to_owned())).unwrap();
    assert_eq!(output, "{\"ok\":true}");
}

#[test]
fn endpoint_override_wins_and_unsigned_services_send_no_signature() {
    let transport = InMemoryTransport::new(|request: &HttpRequest| {
        assert_eq!(request.uri(), "http://127.0.0.1:9/base/");
        assert_eq!(request.headers().get("authorization"), None);
        respond(200, "{}")
    });
    let unsigned = Service {
        signing_name: None,
        resolve_endpoint: None,
        ..SERVICE
    };
    // No credentials anywhere: an unsigned service doesn't need them.
    let config = Config::new("us-east-1").with_endpoint("http://127.0.0.1:9/base/");
    let client = ServiceClient::new(config, transport, unsigned);
    assert_eq!(
        block_on(client.call::<Echo>(&"x".to_owned())).unwrap(),
        "{}"
    );
}

#[test]
fn unsigned_operations_of_a_signed_service_need_no_credentials() {
    let transport = InMemoryTransport::new(|request: &HttpRequest| {
        assert_eq!(request.headers().get("authorization"), None);
        assert_eq!(request.headers().get("x-amz-security-token"), None);
        respond(200, "{}")
    });
    let service = Service {
        unsigned_operations: &["Other", "Echo"],
        ..SERVICE
    };
    // Whatever the environment holds: an unsigned operation neither reads nor needs it.
    let client = ServiceClient::new(Config::new("eu-west-1"), transport, service);
    assert_eq!(
        block_on(client.call::<Echo>(&"x".to_owned())).unwrap(),
        "{}"
    );
    // With credentials configured, the operation is still sent unsigned.
    let transport = InMemoryTransport::new(|request: &HttpRequest| {
        assert_eq!(request.headers().get("authorization"), None);
        respond(200, "{}")
    });
    let client = ServiceClient::new(config(), transport, service);
    assert_eq!(
        block_on(client.call::<Echo>(&"x".to_owned())).unwrap(),
        "{}"
    );
}

#[test]
fn service_errors_are_the_operations_error_and_show_no_secret() {
    let transport = InMemoryTransport::new(|_: &HttpRequest| {
        respond(
            400,
            r#"{"__type":"ResourceNotFoundException","message":"Stream s not found"}"#,
        )
    });
    let client = ServiceClient::new(config(), transport, SERVICE);
    let error = block_on(client.call::<Echo>(&"s".to_owned())).unwrap_err();
    assert_eq!(error.code(), Some("ResourceNotFoundException"));
    let Error::Service(service) = &error else {
        panic!("expected a service error, got {error:?}")
    };
    assert_eq!(service.status(), 400);
    assert_eq!(service.request_id(), Some("req-1"));
    assert!(error.to_string().contains("Stream s not found"), "{error}");
    assert_no_secret(&all_text(&error));
    assert_no_secret(&format!("{client:?} {client:#?}"));
    assert!(format!("{client:?}").contains("eu-west-1"), "{client:?}");
}

#[test]
fn build_errors_stop_before_sending() {
    let transport = InMemoryTransport::new(|_: &HttpRequest| panic!("nothing may be sent"));
    let client = ServiceClient::new(config(), transport, SERVICE);
    let error = block_on(client.call::<Echo>(&String::new())).unwrap_err();
    assert!(
        matches!(
            &error,
            Error::Build(BuildError::MissingMember { member: "Name", .. })
        ),
        "{error:?}"
    );
    assert!(error.to_string().contains("Name"), "{error}");
    assert_no_secret(&all_text(&error));
}

#[test]
fn a_missing_endpoint_is_a_config_error() {
    let no_endpoint = Service {
        resolve_endpoint: None,
        ..SERVICE
    };
    let transport = InMemoryTransport::new(|_: &HttpRequest| panic!("nothing may be sent"));
    let client = ServiceClient::new(config(), transport, no_endpoint);
    let error = block_on(client.call::<Echo>(&"x".to_owned())).unwrap_err();
    assert!(
        matches!(
            &error,
            Error::Config(ConfigError::MissingEndpoint {
                service: "example#Svc"
            })
        ),
        "{error:?}"
    );
    assert!(error.to_string().contains("with_endpoint"), "{error}");
}

/// A transport whose response never comes.
struct Silent;

impl Transport for Silent {
    fn send(
        &self,
        _: HttpRequest,
    ) -> impl Future<Output = Result<HttpResponse, TransportError>> + Send {
        std::future::pending()
    }
}

#[tokio::test]
async fn a_silent_transport_times_out() {
    let after = Duration::from_millis(50);
    let client = ServiceClient::new(config().with_timeout(after), Silent, SERVICE);
    let error = client.call::<Echo>(&"x".to_owned()).await.unwrap_err();
    assert!(
        matches!(error, Error::Timeout { after: a } if a == after),
        "{error:?}"
    );
    assert_eq!(error.to_string(), "no response within 50ms");
    assert!(error.source().is_none());
}

#[test]
fn a_timeout_outside_tokio_is_an_error_not_a_panic() {
    let client = ServiceClient::new(
        config().with_timeout(Duration::from_secs(1)),
        Silent,
        SERVICE,
    );
    let error = block_on(client.call::<Echo>(&"x".to_owned())).unwrap_err();
    let Error::Transport(transport) = &error else {
        panic!("expected a transport error, got {error:?}")
    };
    assert_eq!(transport.kind(), TransportErrorKind::Setup);
    assert!(error.to_string().contains("Tokio runtime"), "{error}");
}

#[cfg(feature = "hyper")]
mod over_http {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpListener;

    /// Serves one connection: reads one request (head and `content-length` body), answers
    /// `response`, and returns the request's text.
    async fn serve_once(listener: TcpListener, response: &'static str) -> String {
        let (mut stream, _) = listener.accept().await.unwrap();
        let mut seen = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            let n = stream.read(&mut buf).await.unwrap();
            assert!(n > 0, "connection closed early");
            seen.extend_from_slice(&buf[..n]);
            let text = String::from_utf8_lossy(&seen).into_owned();
            if let Some(end) = text.find("\r\n\r\n") {
                let length: usize = text
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length: "))
                    .map_or(0, |v| v.trim().parse().unwrap());
                if seen.len() >= end + 4 + length {
                    break;
                }
            }
        }
        stream.write_all(response.as_bytes()).await.unwrap();
        stream.shutdown().await.unwrap();
        String::from_utf8(seen).unwrap()
    }

    #[tokio::test]
    async fn hyper_sends_a_signed_request_and_reads_the_response() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let server = tokio::spawn(serve_once(
            listener,
            "HTTP/1.1 200 OK\r\nx-amzn-requestid: r-9\r\ncontent-length: 11\r\n\r\n{\"a\":\"b\"}\r\n",
        ));
        let config = config()
            .with_endpoint(format!("http://{address}"))
            .with_timeout(Duration::from_secs(10));
        let client = ServiceClient::new(config, HyperTransport::new(), SERVICE);
        let output = client.call::<Echo>(&"hi".to_owned()).await.unwrap();
        assert_eq!(output, "{\"a\":\"b\"}\r\n");
        let request = server.await.unwrap();
        assert!(request.starts_with("POST / HTTP/1.1\r\n"), "{request}");
        assert!(
            request.contains(&format!("host: {address}\r\n")),
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
    async fn a_refused_connection_is_a_connect_error_with_its_cause() {
        // Bind, then drop: the port is closed for the moment of the test.
        let address = TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap()
            .local_addr()
            .unwrap();
        let config = config().with_endpoint(format!("http://{address}"));
        let client = ServiceClient::new(config, HyperTransport::new(), SERVICE);
        let error = client.call::<Echo>(&"x".to_owned()).await.unwrap_err();
        let Error::Transport(transport) = &error else {
            panic!("expected a transport error, got {error:?}")
        };
        assert!(transport.is_connect(), "{transport:?}");
        assert_eq!(error.to_string(), format!("cannot connect to {address}"));
        let text = all_text(&error);
        assert!(text.to_lowercase().contains("refused"), "{text}");
        assert_no_secret(&text);
    }

    #[tokio::test]
    async fn a_truncated_response_is_an_io_error() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let server = tokio::spawn(serve_once(
            listener,
            "HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{\"short\"",
        ));
        let config = config().with_endpoint(format!("http://{address}"));
        let client = ServiceClient::new(config, HyperTransport::new(), SERVICE);
        let error = client.call::<Echo>(&"x".to_owned()).await.unwrap_err();
        server.await.unwrap();
        let Error::Transport(transport) = &error else {
            panic!("expected a transport error, got {error:?}")
        };
        assert_eq!(transport.kind(), TransportErrorKind::Io, "{transport:?}");
        assert!(error.source().is_some(), "{error:?}");
        assert_no_secret(&all_text(&error));
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
        let config = config().with_endpoint(format!("https://{address}"));
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
}

#[test]
fn endpoint_headers_and_signing_overrides_are_applied() {
    let transport = InMemoryTransport::new(|request: &HttpRequest| {
        assert_eq!(request.uri(), "https://svc.example.com/");
        assert_eq!(request.headers().get("x-svc-global"), Some("1"));
        let auth = request.headers().get("authorization").unwrap_or_default();
        assert!(
            auth.contains("/us-east-1/svc-global/aws4_request"),
            "{auth}"
        );
        let signed = auth.split("SignedHeaders=").nth(1).unwrap_or_default();
        assert!(signed.contains("x-svc-global"), "{auth}");
        respond(200, "{}")
    });
    let config = Config::new("global").with_credentials(credentials());
    let client = ServiceClient::new(config, transport, SERVICE);
    let endpoint = client.resolved_endpoint().unwrap();
    assert_eq!(endpoint.signing_region(), Some("us-east-1"));
    assert_eq!(
        block_on(client.call::<Echo>(&"x".to_owned())).unwrap(),
        "{}"
    );
}

#[test]
fn call_with_endpoint_sends_there() {
    let transport = InMemoryTransport::new(|request: &HttpRequest| {
        assert_eq!(request.uri(), "https://control.example.com/");
        let auth = request.headers().get("authorization").unwrap_or_default();
        assert!(auth.contains("/eu-west-1/svc/aws4_request"), "{auth}");
        respond(200, "{}")
    });
    let client = ServiceClient::new(config(), transport, SERVICE);
    let control = Endpoint::new("https://control.example.com");
    let out = block_on(client.call_with_endpoint::<Echo>(&"x".to_owned(), &control));
    assert_eq!(out.unwrap(), "{}");
}

#[test]
fn endpoint_rule_errors_are_config_errors() {
    let transport = InMemoryTransport::new(|_: &HttpRequest| panic!("nothing may be sent"));
    let client = ServiceClient::new(
        Config::new("").with_credentials(credentials()),
        transport,
        SERVICE,
    );
    assert_eq!(client.endpoint(), None);
    let error = block_on(client.call::<Echo>(&"x".to_owned())).unwrap_err();
    assert!(
        matches!(&error, Error::Config(ConfigError::Endpoint(e)) if e.message() == "Invalid Configuration: Missing Region"),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "endpoint resolution failed: Invalid Configuration: Missing Region"
    );
}
