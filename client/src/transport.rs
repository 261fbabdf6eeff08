//! How a signed request reaches the service: the [`Transport`] trait, and the in-memory one.

use std::fmt;
use std::future::Future;

use smithy_rt::{HttpRequest, HttpResponse};

use crate::TransportError;

/// Sends one signed request and returns the whole response.
///
/// [`HyperTransport`](crate::HyperTransport) is the HTTPS one (feature `hyper`);
/// [`InMemoryTransport`] answers from a function, for tests and benchmarks.
pub trait Transport: Send + Sync + 'static {
    /// Sends `request`; the response body must be complete (buffered) when this returns.
    fn send(
        &self,
        request: HttpRequest,
    ) -> impl Future<Output = Result<HttpResponse, TransportError>> + Send;
}

/// A transport that never touches the network: each request goes to a function that returns
/// the response. The client still serializes, signs and parses, so a benchmark of a call
/// through it measures everything but the network.
///
/// ```
/// use smithy_client::InMemoryTransport;
///
/// let transport = InMemoryTransport::new(|request: &smithy_rt::HttpRequest| {
///     assert!(request.headers().get("authorization").is_some());
///     smithy_rt::response_from_parts(200, [], "{}").unwrap_or_else(|e| panic!("{e}"))
/// });
/// # let _ = transport;
/// ```
pub struct InMemoryTransport<F> {
    respond: F,
}

impl<F> InMemoryTransport<F>
where
    F: Fn(&HttpRequest) -> HttpResponse + Send + Sync + 'static,
{
    /// A transport that answers every request with `respond(&request)`.
    pub fn new(respond: F) -> Self {
        Self { respond }
    }
}

impl<F> Transport for InMemoryTransport<F>
where
    F: Fn(&HttpRequest) -> HttpResponse + Send + Sync + 'static,
{
    fn send(
        &self,
        request: HttpRequest,
    ) -> impl Future<Output = Result<HttpResponse, TransportError>> + Send {
        std::future::ready(Ok((self.respond)(&request)))
    }
}

impl<F> fmt::Debug for InMemoryTransport<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("InMemoryTransport")
    }
}
