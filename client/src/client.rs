//! The generic client: build, sign, send, parse, for any [`Operation`], with retries and
//! timeouts.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use smithy_rt::retry::ErrorKind;
use smithy_rt::{HttpRequest, HttpResponse, Operation, TryCloneRequest};

use crate::rate_limit::Reason;
use crate::retry::{NO_RETRY_INCREMENT, Partition};
use crate::trace;
use crate::{
    Config, ConfigError, Credentials, Error, RetryMode, TimeoutKind, Transport, TransportError,
    TransportErrorKind,
};

/// What a client needs to know about the service, from its model. Generated crates fill it
/// in from their `SERVICE_ID`, `SIGNING_NAME` and `endpoint`.
#[derive(Clone, Copy, Debug)]
pub struct Service {
    /// The service's shape id, for messages.
    pub id: &'static str,
    /// The SigV4 signing name (`aws.auth#sigv4`); `None` sends requests unsigned.
    pub signing_name: Option<&'static str>,
    /// The standard endpoint in a region; `None` when the model names none, and then
    /// [`Config::with_endpoint`] is required.
    pub default_endpoint: Option<fn(&str) -> String>,
}

/// A client for one service over transport `T`; generated `Client`s wrap it.
///
/// Clones are cheap and share the transport (and so its connection pool).
pub struct ServiceClient<T> {
    inner: Arc<Inner<T>>,
}

struct Inner<T> {
    config: Config,
    service: Service,
    /// Resolved once, when the client is made; an error is returned by every call. `None`
    /// for an unsigned service.
    credentials: Option<Result<Credentials, ConfigError>>,
    endpoint: Result<String, ConfigError>,
    /// The retry quota and rate limiter this client draws from.
    partition: Partition,
    transport: T,
}

impl<T> Clone for ServiceClient<T> {
    fn clone(&self) -> Self {
        Self {
            inner: Arc::clone(&self.inner),
        }
    }
}

/// A failed attempt: the error, and the wait the service asked for (`x-amz-retry-after`).
struct Failure<E> {
    error: Error<E>,
    retry_after: Option<Duration>,
}

impl<E> From<Error<E>> for Failure<E> {
    fn from(error: Error<E>) -> Self {
        Self {
            error,
            retry_after: None,
        }
    }
}

impl<T: Transport> ServiceClient<T> {
    /// A client for `service` with `config`, sending through `transport`.
    ///
    /// Credentials not set in `config` are read from the environment now; endpoints not set
    /// come from the service's standard endpoint for the region. A problem with either is
    /// returned by each call as [`Error::Config`].
    pub fn new(config: Config, transport: T, service: Service) -> Self {
        let credentials = service.signing_name.map(|_| match config.credentials() {
            Some(credentials) => Ok(credentials.clone()),
            None => Credentials::from_env(),
        });
        let endpoint = match (config.endpoint(), service.default_endpoint) {
            (Some(url), _) => crate::endpoint::validate(url),
            (None, Some(standard)) => Ok(standard(config.region())),
            (None, None) => Err(ConfigError::MissingEndpoint {
                service: service.id,
            }),
        };
        let partition = match config.retry_config().quota() {
            Some(quota) => Partition::own(quota.clone()),
            None => Partition::shared(service.id, config.region()),
        };
        Self {
            inner: Arc::new(Inner {
                config,
                service,
                credentials,
                endpoint,
                partition,
                transport,
            }),
        }
    }

    /// The configuration the client was made with.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The endpoint requests go to, if there is one.
    pub fn endpoint(&self) -> Option<&str> {
        self.inner.endpoint.as_deref().ok()
    }

    /// The transport.
    pub fn transport(&self) -> &T {
        &self.inner.transport
    }

    /// The retry quota this client's retries draw from.
    pub fn retry_quota(&self) -> &crate::RetryQuota {
        &self.inner.partition.quota
    }

    #[cfg(test)]
    pub(crate) fn rate_limiter(&self) -> &crate::rate_limit::RateLimiter {
        &self.inner.partition.limiter
    }

    /// Calls operation `O`: builds the request from `input` once, then signs and sends it and
    /// parses the response, retrying as the [`RetryConfig`](crate::RetryConfig) says, each
    /// attempt under the attempt timeout and all of them under the operation timeout.
    ///
    /// Every attempt sends the same body bytes (an `@idempotencyToken` filled in by the
    /// generated code keeps its value); only the signature is made anew.
    pub async fn call<O: Operation>(&self, input: &O::Input) -> Result<O::Output, Error<O::Error>> {
        let call = self.call_untraced::<O>(input);
        #[cfg(feature = "tracing")]
        let call =
            tracing::Instrument::instrument(call, trace::call_span(self.inner.service.id, O::NAME));
        call.await
    }

    async fn call_untraced<O: Operation>(
        &self,
        input: &O::Input,
    ) -> Result<O::Output, Error<O::Error>> {
        let inner = &*self.inner;
        let endpoint = inner
            .endpoint
            .as_deref()
            .map_err(|e| Error::Config(e.clone()))?;
        let request = O::build_request(input, endpoint).map_err(Error::Build)?;
        let timeouts = inner.config.timeout_config();
        let needs_timer = timeouts.attempt_timeout().is_some()
            || timeouts.operation_timeout().is_some()
            || inner.config.retry_config().max_attempts() > 1;
        if needs_timer && tokio::runtime::Handle::try_current().is_err() {
            return Err(Error::Transport(TransportError::new(
                TransportErrorKind::Setup,
                "no Tokio runtime: the call's timeouts and retry backoff need one \
                 (call from within a Tokio runtime, or disable timeouts and retries)",
            )));
        }
        let attempts = self.attempts::<O>(&request);
        match timeouts.operation_timeout() {
            None => attempts.await,
            Some(after) => tokio::time::timeout(after, attempts)
                .await
                .unwrap_or_else(|_elapsed| {
                    trace::operation_timeout(after);
                    Err(Error::Timeout {
                        after,
                        kind: TimeoutKind::Operation,
                    })
                }),
        }
    }

    /// The retry loop of the standard (and adaptive) mode.
    async fn attempts<O: Operation>(
        &self,
        request: &HttpRequest,
    ) -> Result<O::Output, Error<O::Error>> {
        let inner = &*self.inner;
        let retry = inner.config.retry_config();
        let quota = &inner.partition.quota;
        let limiter = (retry.mode() == RetryMode::Adaptive).then_some(&inner.partition.limiter);
        if let Some(limiter) = limiter {
            while let Err(wait) = limiter.acquire(limiter.now(), Reason::Initial) {
                trace::rate_limited(wait);
                tokio::time::sleep(wait).await;
            }
        }
        let mut attempt = 1;
        // Tokens the latest retry took from the quota; given back if the call succeeds.
        let mut retry_tokens = None;
        loop {
            let outcome = self.attempt::<O>(request, attempt).await;
            let failure = match outcome {
                Ok(output) => {
                    if let Some(limiter) = limiter {
                        limiter.update(limiter.now(), false);
                    }
                    quota.release(retry_tokens.unwrap_or(NO_RETRY_INCREMENT));
                    return Ok(output);
                }
                Err(failure) => failure,
            };
            let kind = failure.error.retry_kind();
            if let Some(limiter) = limiter {
                limiter.update(limiter.now(), kind == Some(ErrorKind::ThrottlingError));
            }
            let Some(kind) = kind else {
                trace::not_retrying(attempt, "not retryable");
                return Err(failure.error);
            };
            if attempt >= retry.max_attempts() {
                trace::not_retrying(attempt, "no attempts left");
                return Err(failure.error);
            }
            let Some(tokens) = quota.acquire(kind) else {
                trace::not_retrying(attempt, "retry quota exhausted");
                return Err(failure.error);
            };
            retry_tokens = Some(tokens);
            let rate_limited = limiter.and_then(|limiter| {
                let reason = if kind == ErrorKind::ThrottlingError {
                    Reason::RetryThrottled
                } else {
                    Reason::Retry
                };
                limiter.acquire(limiter.now(), reason).err()
            });
            let delay = match rate_limited {
                Some(wait) => wait.min(retry.max_backoff()),
                None => retry.delay(attempt, failure.retry_after),
            };
            trace::retrying(attempt, kind, delay, quota.available());
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }

    /// One attempt: sign a copy of the request, send it under the attempt timeout, parse.
    async fn attempt<O: Operation>(
        &self,
        request: &HttpRequest,
        attempt: u32,
    ) -> Result<O::Output, Failure<O::Error>> {
        let inner = &*self.inner;
        let mut request = request.try_clone().ok_or_else(|| {
            Error::Transport(TransportError::new(
                TransportErrorKind::InvalidRequest,
                "the request can't be copied for sending",
            ))
        })?;
        self.sign(&mut request)?;
        let started = Instant::now();
        let sent = inner.transport.send(request);
        let response = match inner.config.timeout_config().attempt_timeout() {
            None => sent.await,
            Some(after) => match tokio::time::timeout(after, sent).await {
                Ok(response) => response,
                Err(_elapsed) => {
                    let error = Error::Timeout {
                        after,
                        kind: TimeoutKind::Attempt,
                    };
                    trace::attempt_failed(attempt, None, None, started.elapsed(), &error);
                    return Err(error.into());
                }
            },
        };
        let response = response.map_err(|e| {
            let error = Error::Transport(e);
            trace::attempt_failed(attempt, None, None, started.elapsed(), &error);
            error
        })?;
        let latency = started.elapsed();
        let status = response.status().as_u16();
        let request_id = smithy_rt::request_id(&response);
        match O::parse_response(&response) {
            Ok(output) => {
                trace::attempt_succeeded(attempt, status, request_id, latency);
                Ok(output)
            }
            Err(e) => {
                let error = Error::Service(e);
                trace::attempt_failed(attempt, Some(status), request_id, latency, &error);
                Err(Failure {
                    error,
                    retry_after: retry_after(&response),
                })
            }
        }
    }

    /// Signs `request` for this attempt, if the service signs.
    fn sign<E>(&self, request: &mut HttpRequest) -> Result<(), Error<E>> {
        let inner = &*self.inner;
        if let (Some(signing_name), Some(credentials)) =
            (inner.service.signing_name, &inner.credentials)
        {
            let credentials = credentials.as_ref().map_err(|e| Error::Config(e.clone()))?;
            smithy_rt::sigv4::sign(
                request,
                credentials.as_sigv4(),
                inner.config.region(),
                signing_name,
                SystemTime::now(),
            )
            .map_err(Error::Sign)?;
        }
        Ok(())
    }
}

/// The wait a service asks for before the next attempt: `x-amz-retry-after`, in milliseconds
/// (as the SDKs read it; anything else is ignored).
fn retry_after(response: &HttpResponse) -> Option<Duration> {
    response
        .headers()
        .get("x-amz-retry-after")
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_millis)
}

impl<T> fmt::Debug for ServiceClient<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &*self.inner;
        f.debug_struct("ServiceClient")
            .field("service", &inner.service.id)
            .field("config", &inner.config)
            .field("endpoint", &inner.endpoint)
            .field("retry_quota", &inner.partition.quota)
            .field("transport", &std::any::type_name::<T>())
            .finish_non_exhaustive()
    }
}
