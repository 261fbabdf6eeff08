//! The client over a hand-written operation: in memory (a scripted transport), and over HTTP
//! on loopback (`http.rs`). Retry rules are in `retry.rs`.

use std::collections::VecDeque;
use std::error::Error as _;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use smithy_rt::endpoint::{AsEndpoint, Endpoint, EndpointError, object};
use smithy_rt::protocol::aws_json::{self, OperationSpec, Version};
use smithy_rt::{BuildError, Document, HttpRequest, HttpResponse, RequestId, UnhandledError};

use super::*;

#[cfg(feature = "hyper")]
mod http;
mod retry;
#[cfg(feature = "sdk-config")]
mod sdk_config;
#[cfg(feature = "tracing")]
mod tracing_events;

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
        (None, "global") => Ok(global_endpoint("https://svc.example.com")),
        (None, region) => Ok(Endpoint::new(format!("https://svc.{region}.example.com"))),
    }
}

/// An endpoint at `url` that signs for `us-east-1` as `svc-global` and carries a header.
fn global_endpoint(url: &str) -> Endpoint {
    Endpoint::new(url)
        .with_header("x-svc-global", "1")
        .with_property(
            "authSchemes",
            Document::Array(vec![object([
                ("name", "sigv4".into()),
                ("signingName", "svc-global".into()),
                ("signingRegion", "us-east-1".into()),
            ])]),
        )
}

fn credentials() -> Credentials {
    Credentials::new(KEY_ID, SECRET, Some(TOKEN.to_owned()))
}

/// Settings for tests: explicit credentials, and a retry quota of the test's own (the shared
/// one would couple tests that run at the same time).
fn config() -> Config {
    Config::new("eu-west-1")
        .with_credentials(credentials())
        .with_retry_config(RetryConfig::standard().with_quota(RetryQuota::default()))
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

/// One scripted answer of [`Scripted`].
#[derive(Clone)]
enum Step {
    /// A response with this status, headers and body.
    Respond(u16, Vec<(&'static str, &'static str)>, &'static str),
    /// A transport error of this kind.
    Fail(TransportErrorKind),
    /// No answer, ever.
    Hang,
}

/// A request as the scripted transport saw it.
struct Seen {
    at: tokio::time::Instant,
    request: HttpRequest,
}

/// A transport that answers from a script (the last step repeats) and records every request.
#[derive(Clone)]
struct Scripted {
    steps: Arc<Mutex<VecDeque<Step>>>,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Scripted {
    fn new(steps: impl IntoIterator<Item = Step>) -> Self {
        Self {
            steps: Arc::new(Mutex::new(steps.into_iter().collect())),
            seen: Arc::default(),
        }
    }

    fn attempts(&self) -> usize {
        self.seen.lock().unwrap().len()
    }

    /// Times between consecutive requests.
    fn gaps(&self) -> Vec<Duration> {
        let seen = self.seen.lock().unwrap();
        seen.windows(2).map(|w| w[1].at - w[0].at).collect()
    }
}

impl Transport for Scripted {
    fn send(
        &self,
        request: HttpRequest,
    ) -> impl Future<Output = Result<HttpResponse, TransportError>> + Send {
        let step = {
            let mut steps = self.steps.lock().unwrap();
            if steps.len() > 1 {
                steps.pop_front()
            } else {
                steps.front().cloned()
            }
        }
        .expect("a script with at least one step");
        self.seen.lock().unwrap().push(Seen {
            at: tokio::time::Instant::now(),
            request,
        });
        async move {
            match step {
                Step::Respond(status, headers, body) => {
                    Ok(smithy_rt::response_from_parts(status, headers, body).unwrap())
                }
                Step::Fail(kind) => Err(TransportError::new(kind, "scripted failure")),
                Step::Hang => std::future::pending().await,
            }
        }
    }
}

#[tokio::test]
async fn in_memory_call_builds_signs_sends_and_parses() {
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
    let output = client.call::<Echo>(&"hi".to_owned()).await.unwrap();
    assert_eq!(output, "{\"ok\":true}");
}

#[tokio::test]
async fn endpoint_override_wins_and_unsigned_services_send_no_signature() {
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
    assert_eq!(client.call::<Echo>(&"x".to_owned()).await.unwrap(), "{}");
}

#[tokio::test]
async fn unsigned_operations_of_a_signed_service_need_no_credentials() {
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
    assert_eq!(client.call::<Echo>(&"x".to_owned()).await.unwrap(), "{}");
    // With credentials configured, the operation is still sent unsigned.
    let transport = InMemoryTransport::new(|request: &HttpRequest| {
        assert_eq!(request.headers().get("authorization"), None);
        respond(200, "{}")
    });
    let client = ServiceClient::new(config(), transport, service);
    assert_eq!(client.call::<Echo>(&"x".to_owned()).await.unwrap(), "{}");
}

#[tokio::test]
async fn service_errors_are_the_operations_error_and_show_no_secret() {
    let transport = InMemoryTransport::new(|_: &HttpRequest| {
        respond(
            400,
            r#"{"__type":"ResourceNotFoundException","message":"Stream s not found"}"#,
        )
    });
    let client = ServiceClient::new(config(), transport, SERVICE);
    let error = client.call::<Echo>(&"s".to_owned()).await.unwrap_err();
    assert_eq!(error.code(), Some("ResourceNotFoundException"));
    assert_eq!(error.request_id(), Some("req-1"));
    assert!(!error.is_retryable(), "{error:?}");
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
    // No runtime needed: nothing is sent, no timer runs.
    let error = block_on(client.call::<Echo>(&String::new())).unwrap_err();
    assert!(
        matches!(
            &error,
            Error::Build(BuildError::MissingMember { member: "Name", .. })
        ),
        "{error:?}"
    );
    assert!(error.to_string().contains("Name"), "{error}");
    assert!(!error.is_retryable());
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

#[test]
fn unusable_endpoints_are_config_errors_and_userinfo_never_shows() {
    for (endpoint, expected) in [
        ("http://127.0.0.1:99999", "port 99999 is not a TCP port"),
        ("http://user:pw-hunter2@127.0.0.1:8080", "user information"),
        ("http://user:pw-hunter2@127.0.0.1:99999", "user information"),
        ("ftp://127.0.0.1", "scheme must be http or https"),
    ] {
        let transport = InMemoryTransport::new(|_: &HttpRequest| panic!("nothing may be sent"));
        let config = config().with_endpoint(endpoint);
        let client = ServiceClient::new(config.clone(), transport, SERVICE);
        let error = block_on(client.call::<Echo>(&"x".to_owned())).unwrap_err();
        assert!(
            matches!(&error, Error::Config(ConfigError::InvalidEndpoint { .. })),
            "{endpoint}: {error:?}"
        );
        assert!(error.to_string().contains(expected), "{endpoint}: {error}");
        for text in [
            all_text(&error),
            format!("{config:?} {config:#?}"),
            format!("{client:?} {client:#?}"),
        ] {
            assert!(!text.contains("hunter2"), "{text}");
        }
        assert_eq!(client.endpoint(), None);
    }
}

#[tokio::test(start_paused = true)]
async fn a_silent_transport_times_out_each_attempt_and_retries() {
    let after = Duration::from_millis(50);
    let script = Scripted::new([Step::Hang]);
    let config = config().with_timeout_config(TimeoutConfig::default().with_attempt_timeout(after));
    let client = ServiceClient::new(config, script.clone(), SERVICE);
    let started = tokio::time::Instant::now();
    let error = client.call::<Echo>(&"x".to_owned()).await.unwrap_err();
    assert!(
        matches!(error, Error::Timeout { after: a, kind: TimeoutKind::Attempt } if a == after),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "no complete response within 50ms (attempt timeout)"
    );
    assert!(error.source().is_none());
    assert!(error.is_retryable());
    // Three attempts of 50 ms, and two backoffs of at most 1 s and 2 s.
    assert_eq!(script.attempts(), 3);
    let took = started.elapsed();
    assert!(
        took >= 3 * after && took <= 3 * after + Duration::from_secs(3),
        "{took:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn the_operation_timeout_bounds_all_attempts_and_backoffs() {
    let script = Scripted::new([Step::Hang]);
    let timeouts = TimeoutConfig::default()
        .with_attempt_timeout(Duration::from_secs(2))
        .with_operation_timeout(Duration::from_secs(3));
    let client = ServiceClient::new(
        config().with_timeout_config(timeouts),
        script.clone(),
        SERVICE,
    );
    let started = tokio::time::Instant::now();
    let error = client.call::<Echo>(&"x".to_owned()).await.unwrap_err();
    assert!(
        matches!(
            error,
            Error::Timeout {
                kind: TimeoutKind::Operation,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(started.elapsed(), Duration::from_secs(3));
    assert_eq!(
        error.to_string(),
        "the call did not finish within 3s (operation timeout)"
    );
    assert!(!error.is_retryable());
    // `with_timeout` is the same limit.
    assert_eq!(
        config()
            .with_timeout(Duration::from_secs(3))
            .timeout_config()
            .operation_timeout(),
        Some(Duration::from_secs(3))
    );
}

#[test]
fn a_call_outside_tokio_is_an_error_not_a_panic() {
    let client = ServiceClient::new(config(), Scripted::new([Step::Hang]), SERVICE);
    let error = block_on(client.call::<Echo>(&"x".to_owned())).unwrap_err();
    let Error::Transport(transport) = &error else {
        panic!("expected a transport error, got {error:?}")
    };
    assert_eq!(transport.kind(), TransportErrorKind::Setup);
    assert!(error.to_string().contains("Tokio runtime"), "{error}");
    assert!(!error.is_retryable());
    // With timeouts and retries off, any executor can drive an in-memory call.
    let config = config()
        .with_retry_config(RetryConfig::disabled())
        .with_timeout_config(TimeoutConfig::default().with_attempt_timeout(None));
    let transport = InMemoryTransport::new(|_: &HttpRequest| respond(200, "{}"));
    let client = ServiceClient::new(config, transport, SERVICE);
    assert_eq!(
        block_on(client.call::<Echo>(&"x".to_owned())).unwrap(),
        "{}"
    );
}

#[tokio::test]
async fn endpoint_headers_and_signing_overrides_are_applied() {
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
    assert_eq!(client.call::<Echo>(&"x".to_owned()).await.unwrap(), "{}");
}

#[tokio::test]
async fn call_with_endpoint_sends_there() {
    let transport = InMemoryTransport::new(|request: &HttpRequest| {
        assert_eq!(request.uri(), "https://control.example.com/");
        let auth = request.headers().get("authorization").unwrap_or_default();
        assert!(auth.contains("/eu-west-1/svc/aws4_request"), "{auth}");
        respond(200, "{}")
    });
    let client = ServiceClient::new(config(), transport, SERVICE);
    let control = Endpoint::new("https://control.example.com");
    let out = client
        .call_with_endpoint::<Echo>(&"x".to_owned(), &control)
        .await;
    assert_eq!(out.unwrap(), "{}");
}

/// Retries wrap `call_with_endpoint` too: each attempt signs a fresh copy with the endpoint's
/// `authSchemes` overrides and carries its headers.
#[tokio::test(start_paused = true)]
async fn call_with_endpoint_retries_and_signs_each_attempt_with_the_overrides() {
    let script = Scripted::new([
        Step::Respond(503, vec![], "{}"),
        Step::Fail(TransportErrorKind::Io),
        Step::Respond(200, vec![], "done"),
    ]);
    let client = ServiceClient::new(config(), script.clone(), SERVICE);
    let global = global_endpoint("https://global.example.com");
    let out = client
        .call_with_endpoint::<Echo>(&"x".to_owned(), &global)
        .await;
    assert_eq!(out.unwrap(), "done");
    let seen = script.seen.lock().unwrap();
    assert_eq!(seen.len(), 3);
    let mut dates = Vec::new();
    for Seen { request, .. } in seen.iter() {
        assert_eq!(request.uri(), "https://global.example.com/");
        assert_eq!(request.headers().get("x-svc-global"), Some("1"));
        let auth = request.headers().get("authorization").unwrap_or_default();
        assert!(
            auth.contains("/us-east-1/svc-global/aws4_request"),
            "{auth}"
        );
        // One authorization per attempt, not one added per retry.
        assert_eq!(request.headers().get_all("authorization").count(), 1);
        dates.push(request.headers().get("x-amz-date").map(str::to_owned));
        assert_eq!(request.body().bytes(), Some(&b"{\"Name\":\"x\"}"[..]));
    }
    // The body bytes are shared by every attempt, not copied.
    let first = seen[0].request.body().as_bytes().as_ptr();
    assert!(
        seen.iter()
            .all(|s| s.request.body().as_bytes().as_ptr() == first)
    );
    assert!(dates.iter().all(Option::is_some), "{dates:?}");
}

/// An endpoint passed to `call_with_endpoint`, or resolved by the rules, passes the same
/// checks as a configured one; user information is never printed.
#[tokio::test]
async fn every_endpoint_source_is_checked() {
    let transport = InMemoryTransport::new(|_: &HttpRequest| panic!("nothing may be sent"));
    let client = ServiceClient::new(config(), transport, SERVICE);
    for (url, expected) in [
        (
            "https://user:pw-hunter2@control.example.com",
            "user information",
        ),
        (
            "https://control.example.com:70000",
            "port 70000 is not a TCP port",
        ),
    ] {
        let error = client
            .call_with_endpoint::<Echo>(&"x".to_owned(), &Endpoint::new(url))
            .await
            .unwrap_err();
        assert!(
            matches!(&error, Error::Build(BuildError::InvalidEndpoint { .. })),
            "{error:?}"
        );
        assert!(error.to_string().contains(expected), "{error}");
        assert!(!all_text(&error).contains("hunter2"), "{error:?}");
        assert!(!error.is_retryable());
    }
    // Rules that put user information in the URL (from a parameter, say).
    fn leaky_rules(_: &Config) -> Result<Endpoint, EndpointError> {
        Ok(Endpoint::new("https://user:pw-hunter2@svc.example.com"))
    }
    let leaky = Service {
        resolve_endpoint: Some(leaky_rules),
        ..SERVICE
    };
    let transport = InMemoryTransport::new(|_: &HttpRequest| panic!("nothing may be sent"));
    let client = ServiceClient::new(config(), transport, leaky);
    assert_eq!(client.endpoint(), None);
    let error = client.call::<Echo>(&"x".to_owned()).await.unwrap_err();
    let Error::Config(ConfigError::InvalidEndpoint { from, reason }) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(from, "the endpoint rules of example#Svc");
    assert!(reason.contains("user information"), "{reason}");
    for text in [all_text(&error), format!("{client:?} {client:#?}")] {
        assert!(!text.contains("hunter2"), "{text}");
    }
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
