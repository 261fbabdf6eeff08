//! Retries, side by side: the same scripted fault sequences through our client and through
//! aws-sdk-firehose in standard mode; per call, the number of attempts and the outcome must
//! be equal.
//!
//! Both sides get the faults from one queue each (an attempt takes the next fault; the last
//! one repeats), a 1 ms backoff base and a retry quota of their own. The SDK sleeps with
//! `InstantSleep` (time passes without waiting), ours on a paused Tokio clock; a `Hang` fault
//! is an attempt that never answers, ended by a 1 s attempt timeout on both sides.

use std::collections::VecDeque;
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
use firehose::client::{Transport, TransportError, TransportErrorKind};

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

fn scenarios() -> Vec<Scenario> {
    let s = |name, max_attempts, quota, calls, faults: Vec<Fault>| Scenario {
        name,
        max_attempts,
        quota,
        calls,
        faults,
        deviation: None,
    };
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

pub fn run(report: &mut Report) {
    for scenario in scenarios() {
        report.retry_case("PutRecordBatch");
        let ours = ours(&scenario);
        let sdk = sdk(&scenario);
        if ours == sdk {
            continue;
        }
        let what = format!("retries `{}`: ours {ours:?}, SDK {sdk:?}", scenario.name);
        match scenario.deviation {
            Some(name) if explained(name, &ours, &sdk) => {
                report.deviation("PutRecordBatch", name, what);
            }
            _ => report.mismatch("PutRecordBatch", "retries", what),
        }
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

fn input() -> firehose::operation::put_record_batch::PutRecordBatchInput {
    firehose::operation::put_record_batch::PutRecordBatchInput::new(
        "stream-1",
        vec![firehose::types::Record::new(b"retry me".to_vec())],
    )
}

/// The fault queue both sides draw from.
#[derive(Clone, Debug, Default)]
struct Queue {
    faults: Arc<Mutex<VecDeque<Fault>>>,
    attempts: Arc<AtomicUsize>,
}

impl Queue {
    fn new(faults: &[Fault]) -> Self {
        Self {
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
}

fn body(code: &str) -> String {
    if code.is_empty() {
        String::new()
    } else {
        format!(r#"{{"__type":"{code}","message":"scripted"}}"#)
    }
}

const OK_BODY: &str = r#"{"FailedPutCount":0,"RequestResponses":[{"RecordId":"r-1"}]}"#;

// Our side.

impl Transport for Queue {
    fn send(
        &self,
        _request: firehose::HttpRequest,
    ) -> impl Future<Output = Result<firehose::HttpResponse, TransportError>> + Send {
        let fault = self.next();
        async move {
            match fault {
                Fault::Respond(status, code, extra) => {
                    let text = if status == 200 {
                        OK_BODY.to_owned()
                    } else {
                        body(code)
                    };
                    let mut headers = vec![("x-amzn-requestid", "rid")];
                    headers.extend_from_slice(extra);
                    Ok(firehose::response_from_parts(status, headers, text)
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

fn ours(scenario: &Scenario) -> Calls {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .start_paused(true)
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let queue = Queue::new(&scenario.faults);
    let config = firehose::client::Config::new(REGION)
        .with_credentials(firehose::client::Credentials::new(
            "AKIDEXAMPLE",
            "secret",
            None,
        ))
        .with_retry_config(
            firehose::client::RetryConfig::standard()
                .with_max_attempts(scenario.max_attempts)
                .with_initial_backoff(Duration::from_millis(1))
                .with_quota(firehose::client::RetryQuota::new(scenario.quota)),
        )
        .with_timeout_config(
            firehose::client::TimeoutConfig::default().with_attempt_timeout(Duration::from_secs(1)),
        );
    let client = firehose::Client::with_transport(config, queue.clone());
    let mut calls = Vec::new();
    for _ in 0..scenario.calls {
        let before = queue.attempts();
        let outcome = match rt.block_on(client.put_record_batch(&input())) {
            Ok(_) => Outcome::Ok,
            Err(firehose::client::Error::Service(e)) => Outcome::Service(
                firehose::ProvideErrorMetadata::code(&e)
                    .unwrap_or("")
                    .to_owned(),
            ),
            Err(firehose::client::Error::Transport(_)) => Outcome::Transport,
            Err(firehose::client::Error::Timeout { .. }) => Outcome::Timeout,
            Err(other) => Outcome::Other(other.to_string()),
        };
        calls.push((queue.attempts() - before, outcome));
    }
    calls
}

// The SDK's side.

impl HttpConnector for Queue {
    fn call(
        &self,
        _request: aws_smithy_runtime_api::client::orchestrator::HttpRequest,
    ) -> HttpConnectorFuture {
        match self.next() {
            Fault::Respond(status, code, extra) => {
                let text = if status == 200 {
                    OK_BODY.to_owned()
                } else {
                    body(code)
                };
                let mut builder = http::Response::builder()
                    .status(status)
                    .header("x-amzn-requestid", "rid");
                for (name, value) in extra {
                    builder = builder.header(*name, *value);
                }
                let response = builder
                    .body(SdkBody::from(text))
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

fn sdk(scenario: &Scenario) -> Calls {
    let rt = crate::sdk::runtime();
    let queue = Queue::new(&scenario.faults);
    let (time, sleep) = aws_smithy_async::test_util::instant_time_and_sleep(SystemTime::now());
    // The in-memory config's retries and timeouts off, then the scenario's.
    let config = crate::sdk::in_memory_config!(aws_sdk_firehose::Config::builder(), queue.clone())
        .retry_config(
            RetryConfig::standard()
                .with_max_attempts(scenario.max_attempts)
                .with_initial_backoff(Duration::from_millis(1)),
        )
        .retry_partition(
            RetryPartition::custom(scenario.name)
                .token_bucket(TokenBucket::new(scenario.quota as usize))
                .build(),
        )
        .timeout_config(
            TimeoutConfig::builder()
                .operation_attempt_timeout(Duration::from_secs(1))
                .build(),
        )
        .sleep_impl(SharedAsyncSleep::new(sleep))
        .time_source(SharedTimeSource::new(time))
        .build();
    let client = aws_sdk_firehose::Client::from_conf(config);
    let mut calls = Vec::new();
    for _ in 0..scenario.calls {
        let before = queue.attempts();
        let call = client
            .put_record_batch()
            .delivery_stream_name("stream-1")
            .records(
                aws_sdk_firehose::types::Record::builder()
                    .data(aws_smithy_types::Blob::new(b"retry me".to_vec()))
                    .build()
                    .unwrap_or_else(|e| panic!("{e}")),
            )
            .send();
        let outcome = match rt.block_on(call) {
            Ok(_) => Outcome::Ok,
            Err(SdkError::ServiceError(e)) => {
                Outcome::Service(e.err().code().unwrap_or("").to_owned())
            }
            // An error response without a code: the SDK's ResponseError, our Unhandled (a
            // named deviation of the response suite).
            Err(SdkError::ResponseError(_)) => Outcome::Service(String::new()),
            Err(SdkError::DispatchFailure(_)) => Outcome::Transport,
            Err(SdkError::TimeoutError(_)) => Outcome::Timeout,
            Err(other) => Outcome::Other(format!("{other:?}")),
        };
        calls.push((queue.attempts() - before, outcome));
    }
    calls
}
