//! The generated `lambda::Client` against an in-process fake Lambda on 127.0.0.1, for what moto
//! can't do here: `Invoke` (moto runs functions in Docker) and `ListFunctions` paging (moto
//! returns everything in one page). The fake answers each request from a function and records
//! what the client sent; the client's whole path runs (serialize, SigV4, hyper, parse, and
//! the retry loop: throttling and 5xx answers are retried as the SDKs do).

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use lambda::client::{Config, Credentials, RetryConfig, RetryQuota};
use lambda::operation::invoke::{InvocationRequest, InvokeError};
use lambda::primitives::Blob;
use lambda::types::{InvocationType, LogType, ThrottleReason};
use lambda::{ProvideErrorMetadata, RequestId};
use smithy_client::ProvideRetryKind;
use smithy_client::retry::QUOTA_CAPACITY;

use crate::lambda::all_function_names;
use crate::plain_http::find_header;
use crate::support::{ACCESS_KEY, REGION, SECRET_KEY, TIMEOUT, ok, service_error};

/// A request as the fake received it.
#[derive(Debug)]
pub struct Received {
    pub method: String,
    /// Path and query, as sent.
    pub target: String,
    /// Names lowercased, in order.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

/// What the fake answers: status, headers, body.
pub type Answer = (u16, Vec<(&'static str, String)>, Vec<u8>);

/// A fake Lambda that answers `requests` requests (one per connection, `Connection: close`)
/// with `respond`, then stops; [`FakeLambda::received`] gives what it got. Its client retries
/// as the default does (standard mode, 3 attempts) but waits at most 1 ms between attempts
/// and has a retry quota of its own, so the tests neither wait nor share tokens.
pub struct FakeLambda {
    pub client: lambda::Client,
    server: JoinHandle<std::io::Result<Vec<Received>>>,
}

impl FakeLambda {
    pub fn start(requests: usize, respond: impl Fn(&Received) -> Answer + Send + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let address = listener.local_addr().expect("local address");
        let server = std::thread::spawn(move || {
            let mut received = Vec::new();
            for _ in 0..requests {
                let stream = accept(&listener, received.len(), requests)?;
                let request = read_request(&mut BufReader::new(stream.try_clone()?))?;
                write_answer(stream, respond(&request))?;
                received.push(request);
            }
            Ok(received)
        });
        let credentials = Credentials::new(ACCESS_KEY, SECRET_KEY, None);
        let config = Config::new(REGION)
            .with_credentials(credentials)
            .with_endpoint(format!("http://{address}"))
            .with_timeout(TIMEOUT)
            .with_retry_config(
                RetryConfig::standard()
                    .with_initial_backoff(Duration::from_millis(1))
                    .with_quota(RetryQuota::new(QUOTA_CAPACITY)),
            );
        Self {
            client: lambda::Client::new(config),
            server,
        }
    }

    /// Waits for the fake to have answered all its requests; what it received, in order.
    pub fn received(self) -> Vec<Received> {
        drop(self.client);
        self.server
            .join()
            .expect("fake Lambda thread")
            .expect("fake Lambda I/O")
    }
}

/// The next connection, or an error once [`TIMEOUT`] passes without one (a test that sends
/// fewer requests than it announced fails instead of hanging).
fn accept(listener: &TcpListener, got: usize, expected: usize) -> std::io::Result<TcpStream> {
    listener.set_nonblocking(true)?;
    let deadline = Instant::now() + TIMEOUT;
    loop {
        match listener.accept() {
            Ok((stream, _)) => {
                stream.set_nonblocking(false)?;
                stream.set_read_timeout(Some(TIMEOUT))?;
                return Ok(stream);
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock && Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(5));
            }
            Err(e) => {
                return Err(std::io::Error::new(
                    e.kind(),
                    format!("fake Lambda got {got} of {expected} requests: {e}"),
                ));
            }
        }
    }
}

fn read_request(reader: &mut impl BufRead) -> std::io::Result<Received> {
    let bad = |what: String| std::io::Error::new(std::io::ErrorKind::InvalidData, what);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
        return Err(bad(format!("request line {line:?}")));
    };
    let (method, target) = (method.to_owned(), target.to_owned());
    let mut headers = Vec::new();
    loop {
        line.clear();
        reader.read_line(&mut line)?;
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        let (name, value) = header
            .split_once(':')
            .ok_or_else(|| bad(format!("header line {header:?}")))?;
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
    }
    let length = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .map_or(Ok(0), |(_, v)| v.parse::<usize>())
        .map_err(|e| bad(format!("content-length: {e}")))?;
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    Ok(Received {
        method,
        target,
        headers,
        body,
    })
}

fn write_answer(mut stream: TcpStream, (status, headers, body): Answer) -> std::io::Result<()> {
    let mut head = format!("HTTP/1.1 {status} Fake\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!(
        "content-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    ));
    stream.write_all(head.as_bytes())?;
    stream.write_all(&body)?;
    stream.flush()
}

/// The SigV4 credential scope of `request`'s signature: `date/region/service/aws4_request`.
fn signed_for(request: &Received) -> Option<String> {
    let authorization = request.header("authorization")?;
    let credential = authorization.split("Credential=").nth(1)?;
    let scope = credential.split(',').next()?;
    Some(scope.split_once('/')?.1.to_owned())
}

#[tokio::test]
async fn invoke_sends_payload_bytes_and_reads_payload_error_and_log_headers() {
    // Not UTF-8 and not JSON: the payload is bytes both ways, untouched.
    let sent: Vec<u8> = (0..=255).rev().collect();
    let answered = b"\xff{\"errorMessage\":\"boom\"}\x00".to_vec();
    let log = aws_smithy_types::base64::encode("START RequestId: 1\nboom\nEND RequestId: 1\n");
    let (answer, log_header) = (answered.clone(), log.clone());
    let fake = FakeLambda::start(1, move |_| {
        (
            200,
            vec![
                ("content-type", "application/octet-stream".into()),
                ("x-amzn-requestid", "invoke-1".into()),
                ("x-amz-function-error", "Unhandled".into()),
                ("x-amz-log-result", log_header.clone()),
                ("x-amz-executed-version", "7".into()),
            ],
            answer.clone(),
        )
    });
    let input = InvocationRequest::new("my-function")
        .with_invocation_type(InvocationType::RequestResponse)
        .with_log_type(LogType::Tail)
        .with_client_context("eyJjdXN0b20iOnt9fQ==")
        .with_qualifier("live")
        .with_payload(Blob::new(sent.clone()));
    let out = ok(fake.client.invoke(&input).await);
    assert_eq!(out.status_code, 200);
    assert_eq!(out.function_error.as_deref(), Some("Unhandled"));
    assert_eq!(out.log_result.as_deref(), Some(log.as_str()));
    assert_eq!(out.executed_version.as_deref(), Some("7"));
    assert_eq!(
        out.payload.as_ref().map(|p| p.as_ref()),
        Some(&answered[..])
    );

    let received = fake.received();
    let request = &received[0];
    assert_eq!(request.method, "POST");
    assert_eq!(
        request.target,
        "/2015-03-31/functions/my-function/invocations?Qualifier=live"
    );
    assert_eq!(
        request.header("x-amz-invocation-type"),
        Some("RequestResponse")
    );
    assert_eq!(request.header("x-amz-log-type"), Some("Tail"));
    assert_eq!(
        request.header("x-amz-client-context"),
        Some("eyJjdXN0b20iOnt9fQ==")
    );
    assert_eq!(
        request.header("content-type"),
        Some("application/octet-stream")
    );
    assert_eq!(request.body, sent);
    let scope = signed_for(request).unwrap_or_default();
    assert!(scope.ends_with("/us-east-1/lambda/aws4_request"), "{scope}");
}

#[tokio::test]
async fn invoke_event_and_dry_run_answer_with_status_only() {
    let fake = FakeLambda::start(2, |request| {
        let status = match request.header("x-amz-invocation-type") {
            Some("Event") => 202,
            Some("DryRun") => 204,
            other => panic!("unexpected invocation type {other:?}"),
        };
        (status, vec![("x-amzn-requestid", "r".into())], Vec::new())
    });
    let event = InvocationRequest::new("f")
        .with_invocation_type(InvocationType::Event)
        .with_payload(Blob::new(&b"{}"[..]));
    let out = ok(fake.client.invoke(&event).await);
    assert_eq!((out.status_code, out.payload), (202, None));
    let dry = InvocationRequest::new("f").with_invocation_type(InvocationType::DryRun);
    let out = ok(fake.client.invoke(&dry).await);
    assert_eq!((out.status_code, out.payload), (204, None));
    assert_eq!(out.function_error, None);

    let received = fake.received();
    assert_eq!(received[0].body, b"{}");
    // No payload: no body, and no content type claiming one.
    assert!(received[1].body.is_empty());
    assert_eq!(received[1].header("content-type"), None);
}

/// Lambda's throttling answer: 429 `TooManyRequestsException`, with `Retry-After` (which the
/// SDKs don't wait for; they read `x-amz-retry-after`).
fn too_many_requests(request_id: &str) -> Answer {
    (
        429,
        vec![
            ("x-amzn-requestid", request_id.into()),
            ("retry-after", "3".into()),
            ("content-type", "application/json".into()),
        ],
        br#"{"__type":"TooManyRequestsException","message":"Rate exceeded","retryAfterSeconds":"9","Reason":"ConcurrentInvocationLimitExceeded"}"#
            .to_vec(),
    )
}

#[tokio::test]
async fn invoke_errors_are_typed_and_throttling_is_retried() {
    // A missing function (404) is answered once; throttling (429) is retried until the three
    // attempts are spent, and the call's error is the last answer's.
    let attempt = AtomicUsize::new(0);
    let fake = FakeLambda::start(4, move |request| {
        if request.target.contains("/missing/") {
            (
                404,
                vec![
                    ("x-amzn-errortype", "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.awsgirapi/".into()),
                    ("x-amzn-requestid", "not-found-1".into()),
                    ("content-type", "application/json".into()),
                ],
                br#"{"Type":"User","Message":"Function not found: arn:aws:lambda:us-east-1:123456789012:function:missing"}"#.to_vec(),
            )
        } else {
            too_many_requests(&format!(
                "busy-{}",
                attempt.fetch_add(1, Ordering::Relaxed) + 1
            ))
        }
    });
    match service_error(fake.client.invoke(&InvocationRequest::new("missing")).await) {
        InvokeError::ResourceNotFoundException(e) => {
            assert_eq!(e.code(), Some("ResourceNotFoundException"));
            assert_eq!(e.r#type.as_deref(), Some("User"));
            assert_eq!(
                e.message.as_deref(),
                Some("Function not found: arn:aws:lambda:us-east-1:123456789012:function:missing")
            );
            assert_eq!(e.request_id(), Some("not-found-1"));
            assert!(!e.is_retryable());
        }
        other => panic!("expected ResourceNotFoundException, got {other:?}"),
    }
    match service_error(fake.client.invoke(&InvocationRequest::new("busy")).await) {
        InvokeError::TooManyRequestsException(e) => {
            // `retryAfterSeconds` is bound to the Retry-After header; the body's is ignored.
            assert_eq!(e.retry_after_seconds.as_deref(), Some("3"));
            assert_eq!(
                e.reason,
                Some(ThrottleReason::ConcurrentInvocationLimitExceeded)
            );
            assert_eq!(e.message.as_deref(), Some("Rate exceeded"));
            assert_eq!(e.request_id(), Some("busy-3"));
            assert!(e.is_throttling());
        }
        other => panic!("expected TooManyRequestsException, got {other:?}"),
    }
    let targets: Vec<String> = fake.received().into_iter().map(|r| r.target).collect();
    let busy = "/2015-03-31/functions/busy/invocations";
    assert_eq!(
        targets,
        [
            "/2015-03-31/functions/missing/invocations",
            busy,
            busy,
            busy
        ]
    );
}

#[tokio::test]
async fn invoke_retries_throttling_and_service_errors_with_the_same_payload() {
    // Throttled, then Lambda's own 500, then the answer: one call, three attempts, each
    // sending the same bytes.
    let attempt = AtomicUsize::new(0);
    let fake = FakeLambda::start(3, move |_| match attempt.fetch_add(1, Ordering::Relaxed) {
        0 => too_many_requests("throttled"),
        1 => (
            500,
            vec![
                ("x-amzn-errortype", "ServiceException".into()),
                ("content-type", "application/json".into()),
            ],
            br#"{"Type":"Service","Message":"internal"}"#.to_vec(),
        ),
        _ => (
            200,
            vec![("x-amzn-requestid", "ok-1".into())],
            b"\"done\"".to_vec(),
        ),
    });
    let sent = br#"{"n":1}"#;
    let input = InvocationRequest::new("flaky").with_payload(Blob::new(&sent[..]));
    let out = ok(fake.client.invoke(&input).await);
    assert_eq!(out.status_code, 200);
    assert_eq!(out.request_id(), Some("ok-1"));
    assert_eq!(
        out.payload.as_ref().map(|p| p.as_ref()),
        Some(&b"\"done\""[..])
    );
    let received = fake.received();
    assert_eq!(received.len(), 3);
    for request in &received {
        assert_eq!(request.target, "/2015-03-31/functions/flaky/invocations");
        assert_eq!(request.body, sent);
    }
}

#[tokio::test]
async fn list_functions_follows_next_marker_page_by_page() {
    // Five functions, served `MaxItems` at a time; the marker is the index of the next one.
    let names: Vec<String> = (0..5).map(|i| format!("fn-{i}")).collect();
    let served = names.clone();
    let fake = FakeLambda::start(3, move |request| {
        let query = request.target.split_once('?').map_or("", |(_, q)| q);
        let param = |key: &str| {
            query
                .split('&')
                .find_map(|pair| pair.strip_prefix(key)?.strip_prefix('='))
        };
        let max: usize = param("MaxItems").and_then(|m| m.parse().ok()).unwrap_or(50);
        let start: usize = param("Marker")
            .and_then(|m| m.strip_prefix("next%3D")?.parse().ok())
            .unwrap_or(0);
        let end = (start + max).min(served.len());
        let functions: Vec<String> = served[start..end]
            .iter()
            .map(|n| format!(r#"{{"FunctionName":"{n}","CodeSize":1}}"#))
            .collect();
        let marker = if end < served.len() {
            format!(r#","NextMarker":"next={end}""#)
        } else {
            String::new()
        };
        let body = format!(r#"{{"Functions":[{}]{marker}}}"#, functions.join(","));
        (
            200,
            vec![("content-type", "application/json".into())],
            body.into_bytes(),
        )
    });
    assert_eq!(all_function_names(&fake.client, 2).await, names);
    let targets: Vec<String> = fake.received().into_iter().map(|r| r.target).collect();
    assert_eq!(
        targets,
        [
            "/2015-03-31/functions?MaxItems=2",
            "/2015-03-31/functions?Marker=next%3D2&MaxItems=2",
            "/2015-03-31/functions?Marker=next%3D4&MaxItems=2",
        ]
    );
}
