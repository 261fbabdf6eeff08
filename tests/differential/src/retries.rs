//! Retries, side by side: the same scripted fault sequences through our client and through
//! the SDK in standard mode (Firehose's `PutRecordBatch` against aws-sdk-firehose, Lambda's
//! `Invoke` against aws-sdk-lambda); per call, the number of attempts and the outcome must be
//! equal.
//!
//! Both sides get the faults from one queue each (an attempt takes the next fault; the last
//! one repeats), a 1 ms backoff base and a retry quota of their own. The SDK sleeps with
//! `InstantSleep` (time passes without waiting), ours on a paused Tokio clock; a `Hang` fault
//! is an attempt that never answers, ended by a 1 s attempt timeout on both sides.

use std::collections::VecDeque;
use std::fmt::Debug;
use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use aws_sdk_firehose::config::SharedAsyncSleep;
use aws_sdk_firehose::config::retry::{RetryConfig, RetryPartition, TokenBucket};
use aws_sdk_firehose::config::timeout::TimeoutConfig;
use aws_sdk_firehose::error::{ProvideErrorMetadata, SdkError};
use aws_smithy_async::time::SharedTimeSource;
use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpConnector,
};
use aws_smithy_runtime_api::client::result::ConnectorError;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::body::SdkBody;
use smithy_client::{Transport, TransportError, TransportErrorKind};

use crate::check::Report;
use crate::sdk::REGION;

/// Name of the deviation: a failed call's last retry tokens.
pub const RETRY_TOKENS_OF_FAILED_CALLS: &str = "the retry tokens of a call that failed for good stay spent (the SDK keeps the last retry's permit in the client and gives it back on the next success)";

/// One attempt's fate.
#[derive(Clone, Debug)]
pub enum Fault {
    /// An HTTP response: status, `__type` (empty: no body), extra headers.
    Respond(u16, &'static str, &'static [(&'static str, &'static str)]),
    /// The connection broke (an I/O error).
    Io,
    /// No answer: the attempt times out.
    Hang,
}

const OK: Fault = Fault::Respond(200, "", &[]);
const E503: Fault = Fault::Respond(503, "", &[]);

fn throttled() -> Fault {
    Fault::Respond(400, "ThrottlingException", &[])
}

/// A scenario: `calls` calls against one client, fed from `faults`.
struct Scenario {
    name: &'static str,
    max_attempts: u32,
    quota: u32,
    calls: usize,
    faults: Vec<Fault>,
    /// A named deviation explains a difference in this scenario.
    deviation: Option<&'static str>,
}

/// A scenario without a deviation.
fn scenario(
    name: &'static str,
    max_attempts: u32,
    quota: u32,
    calls: usize,
    faults: Vec<Fault>,
) -> Scenario {
    Scenario {
        name,
        max_attempts,
        quota,
        calls,
        faults,
        deviation: None,
    }
}

/// The general rules, on Firehose (awsJson1_1: the code in the body's `__type`).
fn firehose_scenarios() -> Vec<Scenario> {
    let s = scenario;
    vec![
        s("503, 503, 200", 3, 500, 1, vec![E503, E503, OK]),
        s("503 until attempts run out", 3, 500, 2, vec![E503]),
        s(
            "throttling, throttling, 200",
            3,
            500,
            1,
            vec![throttled(), throttled(), OK],
        ),
        s(
            "ResourceNotFoundException is final",
            3,
            500,
            2,
            vec![Fault::Respond(400, "ResourceNotFoundException", &[])],
        ),
        s(
            "LimitExceededException is throttling",
            3,
            500,
            1,
            vec![Fault::Respond(400, "LimitExceededException", &[])],
        ),
        s(
            "ServiceUnavailableException 503",
            3,
            500,
            1,
            vec![Fault::Respond(503, "ServiceUnavailableException", &[]), OK],
        ),
        s(
            "500, 502, 504 are transient",
            4,
            500,
            1,
            vec![
                Fault::Respond(500, "InternalFailure", &[]),
                Fault::Respond(502, "", &[]),
                Fault::Respond(504, "", &[]),
                OK,
            ],
        ),
        s(
            "501 is final",
            3,
            500,
            1,
            vec![Fault::Respond(501, "", &[])],
        ),
        s(
            "429 without a listed code is final",
            3,
            500,
            1,
            vec![Fault::Respond(429, "", &[])],
        ),
        s(
            "TooManyRequestsException",
            3,
            500,
            1,
            vec![Fault::Respond(429, "TooManyRequestsException", &[]), OK],
        ),
        s(
            "RequestTimeoutException is transient",
            3,
            500,
            1,
            vec![Fault::Respond(400, "RequestTimeoutException", &[]), OK],
        ),
        s(
            "AccessDeniedException is final",
            3,
            500,
            1,
            vec![Fault::Respond(400, "AccessDeniedException", &[])],
        ),
        s(
            "x-amz-retry-after",
            3,
            500,
            1,
            vec![Fault::Respond(503, "", &[("x-amz-retry-after", "5")]), OK],
        ),
        s(
            "broken connections",
            3,
            500,
            1,
            vec![Fault::Io, Fault::Io, OK],
        ),
        s(
            "broken connections until attempts run out",
            3,
            500,
            1,
            vec![Fault::Io],
        ),
        s("attempt timeouts", 3, 500, 1, vec![Fault::Hang, OK]),
        s(
            "attempt timeouts until attempts run out",
            3,
            500,
            1,
            vec![Fault::Hang],
        ),
        s("max attempts 1", 1, 500, 2, vec![E503, OK]),
        s(
            "max attempts 5",
            5,
            500,
            1,
            vec![E503, E503, E503, E503, OK],
        ),
        s(
            "mixed faults",
            6,
            500,
            3,
            vec![
                Fault::Io,
                throttled(),
                E503,
                OK,
                Fault::Hang,
                OK,
                throttled(),
            ],
        ),
        s("quota of 50: failures drain it", 3, 50, 5, vec![E503]),
        s(
            "quota of 20: throttling costs less",
            3,
            20,
            3,
            vec![throttled()],
        ),
        s(
            "quota refills by successes",
            3,
            25,
            8,
            vec![E503, E503, E503, OK, OK, OK, OK, OK, E503],
        ),
        Scenario {
            deviation: Some(RETRY_TOKENS_OF_FAILED_CALLS),
            ..s(
                "quota of 30: a success after a failed call",
                3,
                30,
                3,
                vec![E503, E503, E503, OK, E503],
            )
        },
    ]
}

/// Lambda's own errors (restJson1: the code in `X-Amzn-Errortype`) with the statuses its model
/// gives them: throttling (`TooManyRequestsException` 429, `EC2ThrottledException` 502), the
/// 5xx ones retried by status, and final ones; then two at another status than their model's
/// (both sides go by the response's).
fn lambda_scenarios() -> Vec<Scenario> {
    let s = scenario;
    let too_many = Fault::Respond(429, "TooManyRequestsException", &[]);
    vec![
        s(
            "TooManyRequestsException, TooManyRequestsException, 200",
            3,
            500,
            1,
            vec![too_many.clone(), too_many.clone(), OK],
        ),
        s(
            "TooManyRequestsException until attempts run out",
            3,
            500,
            2,
            vec![too_many.clone()],
        ),
        s(
            "TooManyRequestsException with x-amz-retry-after",
            3,
            500,
            1,
            vec![
                Fault::Respond(
                    429,
                    "TooManyRequestsException",
                    &[("x-amz-retry-after", "2000")],
                ),
                OK,
            ],
        ),
        s(
            "ServiceException 500 is transient",
            3,
            500,
            1,
            vec![Fault::Respond(500, "ServiceException", &[]), OK],
        ),
        s(
            "EC2ThrottledException 502 is throttling",
            3,
            500,
            1,
            vec![Fault::Respond(502, "EC2ThrottledException", &[]), OK],
        ),
        s(
            "ResourceNotReadyException 502 and EC2UnexpectedException 502 are transient",
            3,
            500,
            1,
            vec![
                Fault::Respond(502, "ResourceNotReadyException", &[]),
                Fault::Respond(502, "EC2UnexpectedException", &[]),
                OK,
            ],
        ),
        s(
            "ResourceNotFoundException 404 is final",
            3,
            500,
            2,
            vec![Fault::Respond(404, "ResourceNotFoundException", &[])],
        ),
        s(
            "ResourceConflictException 409 is final",
            3,
            500,
            1,
            vec![Fault::Respond(409, "ResourceConflictException", &[])],
        ),
        s(
            "InvalidRequestContentException 400 is final",
            3,
            500,
            1,
            vec![Fault::Respond(400, "InvalidRequestContentException", &[])],
        ),
        s(
            "InvalidParameterValueException answered with 503",
            3,
            500,
            1,
            vec![
                Fault::Respond(503, "InvalidParameterValueException", &[]),
                OK,
            ],
        ),
        s(
            "ServiceException answered with 400",
            3,
            500,
            1,
            vec![Fault::Respond(400, "ServiceException", &[]), OK],
        ),
        s(
            "quota of 10: two throttled retries, then none",
            3,
            10,
            2,
            vec![too_many],
        ),
    ]
}

/// How a call ended, in terms both sides share.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Outcome {
    Ok,
    /// A service error with this code (empty: none).
    Service(String),
    Transport,
    Timeout,
    Other(String),
}

/// Per call: attempts and outcome.
type Calls = Vec<(usize, Outcome)>;

/// The call a service's scenarios make, through our client and through the SDK's.
#[derive(Clone, Copy, Debug)]
enum Service {
    /// `PutRecordBatch` of one record.
    Firehose,
    /// `Invoke` of a function, without a payload.
    Lambda,
}

impl Service {
    fn operation(self) -> &'static str {
        match self {
            Service::Firehose => "PutRecordBatch",
            Service::Lambda => "Invoke",
        }
    }

    /// The body of a 200.
    fn ok_body(self) -> &'static str {
        match self {
            Service::Firehose => r#"{"FailedPutCount":0,"RequestResponses":[{"RecordId":"r-1"}]}"#,
            Service::Lambda => r#"{"answer":42}"#,
        }
    }

    /// An error response's headers and body: the code where the protocol puts it.
    fn error(self, code: &str) -> (Option<(&'static str, String)>, String) {
        if code.is_empty() {
            return (None, String::new());
        }
        match self {
            Service::Firehose => (
                None,
                format!(r#"{{"__type":"{code}","message":"scripted"}}"#),
            ),
            Service::Lambda => (
                Some((
                    "x-amzn-errortype",
                    format!("{code}:http://internal.amazon.com/"),
                )),
                r#"{"message":"scripted"}"#.to_owned(),
            ),
        }
    }
}

/// Runs Firehose's scenarios (into its report) and Lambda's (into its).
pub fn run(firehose: &mut Report, lambda: &mut Report) {
    for (service, report, scenarios) in [
        (Service::Firehose, firehose, firehose_scenarios()),
        (Service::Lambda, lambda, lambda_scenarios()),
    ] {
        for scenario in scenarios {
            run_scenario(service, &scenario, report);
        }
    }
}

fn run_scenario(service: Service, scenario: &Scenario, report: &mut Report) {
    let op = service.operation();
    report.retry_case(op);
    let ours = ours(service, scenario);
    let sdk = sdk(service, scenario);
    if ours == sdk {
        return;
    }
    let what = format!("retries `{}`: ours {ours:?}, SDK {sdk:?}", scenario.name);
    match scenario.deviation {
        Some(name) if explained(name, &ours, &sdk) => report.deviation(op, name, what),
        _ => report.mismatch(op, "retries", what),
    }
}

/// The one difference [`RETRY_TOKENS_OF_FAILED_CALLS`] allows: the SDK, having been given
/// back the failed call's last permit, retries once more in a later call.
fn explained(name: &str, ours: &Calls, sdk: &Calls) -> bool {
    name == RETRY_TOKENS_OF_FAILED_CALLS
        && ours.len() == sdk.len()
        && ours
            .iter()
            .zip(sdk)
            .all(|(o, s)| o.1 == s.1 && (o.0 == s.0 || o.0 + 1 == s.0))
        && ours.iter().zip(sdk).any(|(o, s)| o.0 + 1 == s.0)
}

/// `calls` calls made by `call` on `rt`: per call, the attempts `queue` saw and the outcome.
fn calls<F: Future<Output = Outcome>>(
    rt: &tokio::runtime::Runtime,
    queue: &Queue,
    calls: usize,
    call: impl Fn() -> F,
) -> Calls {
    (0..calls)
        .map(|_| {
            let before = queue.attempts();
            let outcome = rt.block_on(call());
            (queue.attempts() - before, outcome)
        })
        .collect()
}

/// The fault queue both sides draw from, and what a 200 answers.
#[derive(Clone, Debug)]
struct Queue {
    service: Service,
    faults: Arc<Mutex<VecDeque<Fault>>>,
    attempts: Arc<AtomicUsize>,
}

impl Queue {
    fn new(service: Service, faults: &[Fault]) -> Self {
        Self {
            service,
            faults: Arc::new(Mutex::new(faults.iter().cloned().collect())),
            attempts: Arc::default(),
        }
    }

    fn next(&self) -> Fault {
        self.attempts.fetch_add(1, Ordering::SeqCst);
        let mut faults = self.faults.lock().unwrap_or_else(|e| e.into_inner());
        if faults.len() > 1 {
            faults.pop_front().unwrap_or(Fault::Hang)
        } else {
            faults.front().cloned().unwrap_or(Fault::Hang)
        }
    }

    fn attempts(&self) -> usize {
        self.attempts.load(Ordering::SeqCst)
    }

    /// The response for a `Respond` fault: status, headers, body.
    fn response(
        &self,
        status: u16,
        code: &str,
        extra: &[(&'static str, &'static str)],
    ) -> (u16, Vec<(&'static str, String)>, String) {
        let mut headers = vec![("x-amzn-requestid", "rid".to_owned())];
        let body = if status == 200 {
            self.service.ok_body().to_owned()
        } else {
            let (header, body) = self.service.error(code);
            headers.extend(header);
            body
        };
        headers.extend(extra.iter().map(|&(k, v)| (k, v.to_owned())));
        (status, headers, body)
    }
}

// Our side.

impl Transport for Queue {
    fn send(
        &self,
        _request: smithy_rt::HttpRequest,
    ) -> impl Future<Output = Result<smithy_rt::HttpResponse, TransportError>> + Send {
        let fault = self.next();
        let queue = self.clone();
        async move {
            match fault {
                Fault::Respond(status, code, extra) => {
                    let (status, headers, body) = queue.response(status, code, extra);
                    let headers = headers.iter().map(|(k, v)| (*k, v.as_str()));
                    Ok(smithy_rt::response_from_parts(status, headers, body)
                        .unwrap_or_else(|e| panic!("{e}")))
                }
                Fault::Io => Err(TransportError::new(
                    TransportErrorKind::Io,
                    "scripted broken connection",
                )),
                Fault::Hang => std::future::pending().await,
            }
        }
    }
}

fn our_outcome<T, E: ProvideErrorMetadata + std::error::Error>(
    result: Result<T, smithy_client::Error<E>>,
) -> Outcome {
    match result {
        Ok(_) => Outcome::Ok,
        Err(smithy_client::Error::Service(e)) => {
            Outcome::Service(e.code().unwrap_or("").to_owned())
        }
        Err(smithy_client::Error::Transport(_)) => Outcome::Transport,
        Err(smithy_client::Error::Timeout { .. }) => Outcome::Timeout,
        Err(other) => Outcome::Other(other.to_string()),
    }
}

fn ours(service: Service, scenario: &Scenario) -> Calls {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .start_paused(true)
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let queue = Queue::new(service, &scenario.faults);
    let config = smithy_client::Config::new(REGION)
        .with_credentials(smithy_client::Credentials::new(
            "AKIDEXAMPLE",
            "secret",
            None,
        ))
        .with_retry_config(
            smithy_client::RetryConfig::standard()
                .with_max_attempts(scenario.max_attempts)
                .with_initial_backoff(Duration::from_millis(1))
                .with_quota(smithy_client::RetryQuota::new(scenario.quota)),
        )
        .with_timeout_config(
            smithy_client::TimeoutConfig::default().with_attempt_timeout(Duration::from_secs(1)),
        );
    match service {
        Service::Firehose => {
            let client = firehose::Client::with_transport(config, queue.clone());
            let input = firehose::operation::put_record_batch::PutRecordBatchInput::new(
                "stream-1",
                vec![firehose::types::Record::new(b"retry me".to_vec())],
            );
            let (client, input) = (&client, &input);
            calls(&rt, &queue, scenario.calls, || async move {
                our_outcome(client.put_record_batch(input).await)
            })
        }
        Service::Lambda => {
            let client = lambda::Client::with_transport(config, queue.clone());
            let input = lambda::operation::invoke::InvocationRequest::new("my-function");
            let (client, input) = (&client, &input);
            calls(&rt, &queue, scenario.calls, || async move {
                our_outcome(client.invoke(input).await)
            })
        }
    }
}

// The SDK's side.

impl HttpConnector for Queue {
    fn call(
        &self,
        _request: aws_smithy_runtime_api::client::orchestrator::HttpRequest,
    ) -> HttpConnectorFuture {
        match self.next() {
            Fault::Respond(status, code, extra) => {
                let (status, headers, body) = self.response(status, code, extra);
                let mut builder = http::Response::builder().status(status);
                for (name, value) in headers {
                    builder = builder.header(name, value);
                }
                let response = builder
                    .body(SdkBody::from(body))
                    .unwrap_or_else(|e| panic!("{e}"));
                HttpConnectorFuture::ready(Ok(response
                    .try_into()
                    .unwrap_or_else(|e| panic!("{e:?}"))))
            }
            Fault::Io => HttpConnectorFuture::ready(Err(ConnectorError::io(
                "scripted broken connection".into(),
            ))),
            Fault::Hang => HttpConnectorFuture::new(std::future::pending()),
        }
    }
}

impl HttpClient for Queue {
    fn http_connector(
        &self,
        _settings: &HttpConnectorSettings,
        _components: &RuntimeComponents,
    ) -> SharedHttpConnector {
        SharedHttpConnector::new(self.clone())
    }
}

fn sdk_outcome<T, E, R>(result: Result<T, SdkError<E, R>>) -> Outcome
where
    E: ProvideErrorMetadata + Debug,
    R: Debug,
{
    match result {
        Ok(_) => Outcome::Ok,
        Err(SdkError::ServiceError(e)) => Outcome::Service(e.err().code().unwrap_or("").to_owned()),
        // An error response without a code: the SDK's ResponseError, our Unhandled (a named
        // deviation of the response suite).
        Err(SdkError::ResponseError(_)) => Outcome::Service(String::new()),
        Err(SdkError::DispatchFailure(_)) => Outcome::Transport,
        Err(SdkError::TimeoutError(_)) => Outcome::Timeout,
        Err(other) => Outcome::Other(format!("{other:?}")),
    }
}

/// An SDK's config for `scenario`: the in-memory one with `queue` as its HTTP client, then
/// the scenario's retries, quota and attempt timeout, and an instant sleep.
macro_rules! scenario_config {
    ($builder:expr, $queue:expr, $scenario:expr) => {{
        let (time, sleep) = aws_smithy_async::test_util::instant_time_and_sleep(SystemTime::now());
        crate::sdk::in_memory_config!($builder, $queue)
            .retry_config(
                RetryConfig::standard()
                    .with_max_attempts($scenario.max_attempts)
                    .with_initial_backoff(Duration::from_millis(1)),
            )
            .retry_partition(
                RetryPartition::custom($scenario.name)
                    .token_bucket(TokenBucket::new($scenario.quota as usize))
                    .build(),
            )
            .timeout_config(
                TimeoutConfig::builder()
                    .operation_attempt_timeout(Duration::from_secs(1))
                    .build(),
            )
            .sleep_impl(SharedAsyncSleep::new(sleep))
            .time_source(SharedTimeSource::new(time))
            .build()
    }};
}

fn sdk(service: Service, scenario: &Scenario) -> Calls {
    let rt = crate::sdk::runtime();
    let queue = Queue::new(service, &scenario.faults);
    match service {
        Service::Firehose => {
            let config =
                scenario_config!(aws_sdk_firehose::Config::builder(), queue.clone(), scenario);
            let client = &aws_sdk_firehose::Client::from_conf(config);
            let record = aws_sdk_firehose::types::Record::builder()
                .data(aws_smithy_types::Blob::new(b"retry me".to_vec()))
                .build()
                .unwrap_or_else(|e| panic!("{e}"));
            let record = &record;
            calls(&rt, &queue, scenario.calls, || async move {
                let call = client
                    .put_record_batch()
                    .delivery_stream_name("stream-1")
                    .records(record.clone());
                sdk_outcome(call.send().await)
            })
        }
        Service::Lambda => {
            let config =
                scenario_config!(aws_sdk_lambda::Config::builder(), queue.clone(), scenario);
            let client = &aws_sdk_lambda::Client::from_conf(config);
            calls(&rt, &queue, scenario.calls, || async move {
                sdk_outcome(client.invoke().function_name("my-function").send().await)
            })
        }
    }
}
