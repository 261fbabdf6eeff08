//! The generic client: build, sign, send, parse, for any [`Operation`], with retries and
//! timeouts.

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use smithy_rt::endpoint::{Endpoint, EndpointError};
use smithy_rt::retry::ErrorKind;
use smithy_rt::{HttpRequest, HttpResponse, Operation, TryCloneRequest};

use crate::config::check_endpoint;
use crate::credentials::cache::CredentialsCache;
use crate::rate_limit::Reason;
use crate::retry::{NO_RETRY_INCREMENT, Partition};
use crate::trace;
use crate::{
    Config, ConfigError, Error, RetryConfig, RetryMode, TimeoutKind, Transport, TransportError,
    TransportErrorKind,
};

/// What a client needs to know about the service, from its model. Generated crates fill it
/// in from their `SERVICE_ID`, `SIGNING_NAME` and endpoint rules.
#[derive(Clone, Copy, Debug)]
pub struct Service {
    /// The service's shape id, for messages.
    pub id: &'static str,
    /// The SigV4 signing name (`aws.auth#sigv4`); `None` sends requests unsigned.
    pub signing_name: Option<&'static str>,
    /// The `aws.api#service` sdkId, which names the service's endpoint settings
    /// (`AWS_ENDPOINT_URL_<SDK ID>`, see [`Config::from_env`]).
    pub sdk_id: Option<&'static str>,
    /// Operations (by [`Operation::NAME`]) sent unsigned even though the service signs: the
    /// model's `@auth([])`, as on STS's `AssumeRoleWithWebIdentity`. They need no credentials.
    pub unsigned_operations: &'static [&'static str],
    /// The endpoint for a configuration (its region and endpoint override), from the
    /// model's endpoint rules; `None` when the model names none, and then
    /// [`Config::with_endpoint`] is required.
    pub resolve_endpoint: Option<ResolveEndpoint>,
}

/// A service's endpoint resolver: the endpoint for a configuration.
pub type ResolveEndpoint = fn(&Config) -> Result<Endpoint, EndpointError>;

/// A client for one service over transport `T`; generated `Client`s wrap it.
///
/// Clones are cheap and share the transport (and so its connection pool).
pub struct ServiceClient<T> {
    inner: Arc<Inner<T>>,
}

struct Inner<T> {
    config: Config,
    service: Service,
    /// Where calls take credentials from; `None` for an unsigned service.
    credentials: Option<CredentialsCache>,
    endpoint: Result<Endpoint, ConfigError>,
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

/// A failed attempt: the error, the status of the response it came from, and the wait the
/// service asked for (`x-amz-retry-after`).
struct Failure<E> {
    error: Error<E>,
    status: Option<u16>,
    retry_after: Option<Duration>,
}

impl<E> From<Error<E>> for Failure<E> {
    fn from(error: Error<E>) -> Self {
        Self {
            error,
            status: None,
            retry_after: None,
        }
    }
}

impl<T: Transport> ServiceClient<T> {
    /// A client for `service` with `config`, sending through `transport`.
    ///
    /// Credentials are loaded at the first call (and refreshed by the config's cache); the
    /// endpoint is resolved now, by the service's endpoint rules from the region and the
    /// configured endpoint, and checked (no user information, a port from 1 to 65535). A
    /// problem with either is returned by each call as [`Error::Config`].
    pub fn new(config: Config, transport: T, service: Service) -> Self {
        let credentials = service
            .signing_name
            .map(|_| config.credentials_cache().clone());
        // An endpoint the environment configures for this service (a config from
        // `from_env`) is the override, for the rules and for generated code that reads
        // `config().endpoint()`.
        let configured = config.endpoint_for(service.sdk_id);
        let config = match &configured {
            Ok(Some(url)) if config.endpoint().is_none() => config.with_endpoint(url.clone()),
            _ => config,
        };
        let endpoint = configured
            .and_then(|_| match (service.resolve_endpoint, config.endpoint()) {
                (Some(resolve), _) => resolve(&config).map_err(ConfigError::Endpoint),
                (None, Some(url)) => Ok(Endpoint::new(url.trim_end_matches('/'))),
                (None, None) => Err(ConfigError::MissingEndpoint {
                    service: service.id,
                }),
            })
            .and_then(|endpoint| {
                check_endpoint(endpoint.url(), || {
                    format!("the endpoint rules of {}", service.id)
                })
                .map(|()| endpoint)
            });
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

    /// The configuration the client was made with; an endpoint the environment configures
    /// for the service ([`Config::from_env`]) is its endpoint override.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The URL requests go to, if there is one.
    pub fn endpoint(&self) -> Option<&str> {
        self.resolved_endpoint().map(Endpoint::url)
    }

    /// The endpoint requests go to (URL, headers, properties), if there is one.
    pub fn resolved_endpoint(&self) -> Option<&Endpoint> {
        self.inner.endpoint.as_ref().ok()
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
    /// generated code keeps its value); only the signature is made anew, with credentials
    /// from the cache.
    pub async fn call<O: Operation>(&self, input: &O::Input) -> Result<O::Output, Error<O::Error>> {
        self.call_with_retry_config::<O>(input, self.inner.config.retry_config())
            .await
    }

    /// [`call`](Self::call), retrying as `retry` says instead of the config: for a caller
    /// that retries in its own way, e.g. with one attempt each
    /// (`retry_config().clone().with_max_attempts(1)`; adaptive mode still paces the call).
    /// Retries still draw from this client's retry quota, not from a quota `retry` names.
    pub async fn call_with_retry_config<O: Operation>(
        &self,
        input: &O::Input,
        retry: &RetryConfig,
    ) -> Result<O::Output, Error<O::Error>> {
        self.traced(O::NAME, async {
            let endpoint = self
                .inner
                .endpoint
                .as_ref()
                .map_err(|e| Error::Config(e.clone()))?;
            self.call_untraced::<O>(input, endpoint, retry).await
        })
        .await
    }

    /// [`call`](Self::call) at `endpoint` rather than the client's own (generated clients do
    /// for operations whose endpoint rules take parameters of their own). Requests carry the
    /// endpoint's headers and are signed with the signing name and region its `authSchemes`
    /// ask for, if any. The endpoint's URL passes the same checks as the client's
    /// ([`check_url`](smithy_rt::endpoint::check_url)), or the call is an [`Error::Build`].
    pub async fn call_with_endpoint<O: Operation>(
        &self,
        input: &O::Input,
        endpoint: &Endpoint,
    ) -> Result<O::Output, Error<O::Error>> {
        let retry = self.inner.config.retry_config();
        self.traced(O::NAME, self.call_untraced::<O>(input, endpoint, retry))
            .await
    }

    /// `call` inside the span of a call of `operation` (feature `tracing`).
    fn traced<F: Future>(
        &self,
        operation: &'static str,
        call: F,
    ) -> impl Future<Output = F::Output> {
        #[cfg(feature = "tracing")]
        let call = tracing::Instrument::instrument(
            call,
            trace::call_span(self.inner.service.id, operation),
        );
        #[cfg(not(feature = "tracing"))]
        let _ = operation;
        call
    }

    async fn call_untraced<O: Operation>(
        &self,
        input: &O::Input,
        endpoint: &Endpoint,
        retry: &RetryConfig,
    ) -> Result<O::Output, Error<O::Error>> {
        let inner = &*self.inner;
        let request = O::build_request(input, endpoint).map_err(Error::Build)?;
        let timeouts = inner.config.timeout_config();
        // Adaptive mode may wait for the rate limiter even before a first attempt.
        let needs_timer = timeouts.attempt_timeout().is_some()
            || timeouts.operation_timeout().is_some()
            || retry.max_attempts() > 1
            || retry.mode() == RetryMode::Adaptive;
        if needs_timer && tokio::runtime::Handle::try_current().is_err() {
            return Err(Error::Transport(TransportError::new(
                TransportErrorKind::Setup,
                "no Tokio runtime: the call's timeouts and retry backoff need one \
                 (call from within a Tokio runtime, or disable timeouts and retries)",
            )));
        }
        let attempts = self.attempts::<O>(&request, endpoint, retry);
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
        endpoint: &Endpoint,
        retry: &RetryConfig,
    ) -> Result<O::Output, Error<O::Error>> {
        let inner = &*self.inner;
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
            let outcome = self.attempt::<O>(request, endpoint, attempt).await;
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
            let kind = failure.error.attempt_retry_kind(failure.status);
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

    /// One attempt under the attempt timeout: take credentials from the cache, sign a copy of
    /// the request, send it, parse the response.
    async fn attempt<O: Operation>(
        &self,
        request: &HttpRequest,
        endpoint: &Endpoint,
        attempt: u32,
    ) -> Result<O::Output, Failure<O::Error>> {
        let started = Instant::now();
        let exchange = self.exchange::<O>(request, endpoint);
        let response = match self.inner.config.timeout_config().attempt_timeout() {
            None => exchange.await,
            Some(after) => match tokio::time::timeout(after, exchange).await {
                Ok(response) => response,
                Err(_elapsed) => Err(Error::Timeout {
                    after,
                    kind: TimeoutKind::Attempt,
                }),
            },
        };
        let response = response.inspect_err(|error| {
            trace::attempt_failed(attempt, None, None, started.elapsed(), error);
        })?;
        let latency = started.elapsed();
        let status = response.status().as_u16();
        let request_id = smithy_rt::response::request_id(&response);
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
                    status: Some(status),
                    retry_after: retry_after(&response),
                })
            }
        }
    }

    /// Signs a copy of `request` and sends it.
    async fn exchange<O: Operation>(
        &self,
        request: &HttpRequest,
        endpoint: &Endpoint,
    ) -> Result<HttpResponse, Error<O::Error>> {
        let mut request = request.try_clone().ok_or_else(|| {
            Error::Transport(TransportError::new(
                TransportErrorKind::InvalidRequest,
                "the request can't be copied for sending",
            ))
        })?;
        self.sign::<O>(&mut request, endpoint).await?;
        self.inner
            .transport
            .send(request)
            .await
            .map_err(Error::Transport)
    }

    /// Signs `request` for this attempt, if the service signs and `O` is not one of its
    /// unsigned operations: with the signing name and region the endpoint's `authSchemes` ask
    /// for, else the service's and the config's.
    async fn sign<O: Operation>(
        &self,
        request: &mut HttpRequest,
        endpoint: &Endpoint,
    ) -> Result<(), Error<O::Error>> {
        let inner = &*self.inner;
        let signed = !inner.service.unsigned_operations.contains(&O::NAME);
        if let (true, Some(signing_name), Some(credentials)) =
            (signed, inner.service.signing_name, &inner.credentials)
        {
            let credentials = credentials
                .resolve()
                .await
                .map_err(|e| Error::Config(e.into()))?;
            smithy_rt::sigv4::sign(
                request,
                credentials.as_sigv4(),
                endpoint.signing_region().unwrap_or(inner.config.region()),
                endpoint.signing_name().unwrap_or(signing_name),
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
