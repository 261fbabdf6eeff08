//! Driving an SDK in memory: a client with fixed region and credentials whose HTTP client is
//! `aws-smithy-http-client`'s `capture_request` (no network, no retries). `aws-sdk-firehose`'s
//! is here, `aws-sdk-lambda`'s in `lambda::sdk`.

use aws_sdk_firehose::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_firehose::operation::RequestId;
use aws_smithy_http_client::test_util::{CaptureRequestHandler, capture_request};

use crate::{Differential, ErrorValue};

/// Region every case uses, on both sides.
pub const REGION: &str = "us-east-1";
/// Endpoint our requests are built for (the SDK resolves the same one for `REGION`).
pub const ENDPOINT: &str = "https://firehose.us-east-1.amazonaws.com";

/// A current-thread runtime to drive the SDK's futures (they never wait on I/O here).
pub fn runtime() -> tokio::runtime::Runtime {
    match tokio::runtime::Builder::new_current_thread().build() {
        Ok(rt) => rt,
        Err(e) => panic!("cannot build a tokio runtime: {e}"),
    }
}

/// An SDK's client, made for one in-memory exchange.
pub trait SdkClient {
    /// A client whose HTTP client is `http`.
    fn capturing(http: CaptureRequestHandler) -> Self;
}

/// An SDK's `Config::builder()` with what every case uses: `REGION`, fixed credentials, no
/// retries, timeouts, stalled-stream protection or identity cache, and `http` as the HTTP
/// client. (The SDKs share these config types; each has its own builder.)
macro_rules! in_memory_config {
    ($builder:expr, $http:expr) => {
        $builder
            .behavior_version(::aws_sdk_firehose::config::BehaviorVersion::latest())
            .region(::aws_sdk_firehose::config::Region::new($crate::sdk::REGION))
            .credentials_provider(::aws_sdk_firehose::config::Credentials::new(
                "AKIDEXAMPLE",
                "secret",
                None,
                None,
                "fixed",
            ))
            .retry_config(::aws_sdk_firehose::config::retry::RetryConfig::disabled())
            // No sleep implementation (no `rt-tokio`): nothing here ever waits.
            .timeout_config(::aws_sdk_firehose::config::timeout::TimeoutConfig::disabled())
            .stalled_stream_protection(
                ::aws_sdk_firehose::config::StalledStreamProtectionConfig::disabled(),
            )
            .identity_cache(::aws_sdk_firehose::config::IdentityCache::no_cache())
            .http_client($http)
    };
}
pub(crate) use in_memory_config;

impl SdkClient for aws_sdk_firehose::Client {
    fn capturing(http: CaptureRequestHandler) -> Self {
        let config = in_memory_config!(aws_sdk_firehose::Config::builder(), http).build();
        aws_sdk_firehose::Client::from_conf(config)
    }
}

/// The whole request the SDK sends for `input`, or why it refused to send it.
pub fn sent_request<O: Differential>(
    rt: &tokio::runtime::Runtime,
    input: &O::Input,
) -> Result<smithy_rt::HttpRequest, String> {
    let (http, receiver) = capture_request(None);
    let client = O::Client::capturing(http);
    let future = O::sdk_send(&client, input).map_err(|e| format!("builder: {e}"))?;
    if let Err(SdkError::ConstructionFailure(e)) = rt.block_on(future) {
        return Err(format!("construction: {e:?}"));
    }
    let request = receiver.expect_request();
    // Every body the SDKs send here is in memory; a streaming one would be a harness bug.
    let body = request
        .body()
        .bytes()
        .map(<[u8]>::to_vec)
        .unwrap_or_else(|| panic!("the SDK sent a streaming body"));
    Ok(request.map(|_| smithy_rt::RequestBody::from(body.clone())))
}

/// An error as either side reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorView<E = ErrorValue> {
    /// The modeled error with its members (metadata left out), or `Unhandled`.
    pub value: E,
    /// Error code from the metadata.
    pub code: Option<String>,
    /// Message from the metadata.
    pub message: Option<String>,
    /// Request id.
    pub request_id: Option<String>,
}

/// What a response parsed into, on either side, as our types.
#[derive(Debug, Clone, PartialEq)]
pub enum Parsed<T, E = ErrorValue> {
    /// The output.
    Output(T),
    /// A service error.
    Error(ErrorView<E>),
    /// SDK only: a `ResponseError` whose source is the operation's error (what it returns for
    /// an error response that carries no error code).
    ResponseError(ErrorView<E>),
    /// The response could not be read (SDK: any `SdkError` that is not a service error).
    Failed(String),
}

/// The SDK's reading of a response (status, headers, body), converted to our types.
pub fn response<O: Differential>(
    rt: &tokio::runtime::Runtime,
    status: u16,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Parsed<O::Output, O::ErrorValue> {
    let mut builder = http::Response::builder().status(status);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    let response = match builder.body(aws_smithy_types::body::SdkBody::from(body.to_vec())) {
        Ok(r) => r,
        Err(e) => return Parsed::Failed(format!("cannot build the response: {e}")),
    };
    let (http, _receiver) = capture_request(Some(response));
    let client = O::Client::capturing(http);
    let input = O::response_input();
    let future = match O::sdk_send(&client, &input) {
        Ok(future) => future,
        Err(e) => return Parsed::Failed(format!("SDK refused the input: {e}")),
    };
    let view = |error: &O::SdkError| ErrorView {
        value: O::sdk_error_value(error),
        code: error.code().map(str::to_owned),
        message: error.message().map(str::to_owned),
        request_id: error.request_id().map(str::to_owned),
    };
    match rt.block_on(future) {
        Ok(output) => Parsed::Output(O::from_sdk_output(&output)),
        // The request id as a caller gets it from the `SdkError` (read from the raw response):
        // an unhandled restJson1 error has none in its own metadata.
        Err(e @ SdkError::ServiceError(_)) => Parsed::Error(ErrorView {
            request_id: e.request_id().map(str::to_owned),
            ..view(e.as_service_error().unwrap_or_else(|| unreachable!()))
        }),
        Err(e) => {
            // An error response without a code comes back as a `ResponseError` whose source
            // is the operation's `Unhandled` error: still a service error, read as one. The
            // request id is on the `ResponseError` (read from the raw response), not on the
            // error inside it.
            if let SdkError::ResponseError(_) = &e {
                let source = std::error::Error::source(&e);
                if let Some(error) = source.and_then(|s| s.downcast_ref::<O::SdkError>()) {
                    return Parsed::ResponseError(ErrorView {
                        request_id: e.request_id().map(str::to_owned),
                        ..view(error)
                    });
                }
            }
            Parsed::Failed(format!(
                "{}",
                aws_sdk_firehose::error::DisplayErrorContext(&e)
            ))
        }
    }
}
