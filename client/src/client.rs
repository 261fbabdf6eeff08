//! The generic client: build, sign, send, parse, for any [`Operation`].

use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

use smithy_rt::Operation;
use smithy_rt::endpoint::{Endpoint, EndpointError};

use crate::credentials::cache::CredentialsCache;
use crate::{Config, ConfigError, Error, Transport, TransportError, TransportErrorKind};

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
    transport: T,
}

impl<T> Clone for ServiceClient<T> {
    fn clone(&self) -> Self {
        Self {
            inner: Arc::clone(&self.inner),
        }
    }
}

impl<T: Transport> ServiceClient<T> {
    /// A client for `service` with `config`, sending through `transport`.
    ///
    /// Credentials are loaded at the first call (and refreshed by the config's cache); the
    /// endpoint is resolved now, by the service's endpoint rules from the region and the
    /// configured endpoint. A problem with either is returned by each call as
    /// [`Error::Config`].
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
        let endpoint =
            configured.and_then(|_| match (service.resolve_endpoint, config.endpoint()) {
                (Some(resolve), _) => resolve(&config).map_err(ConfigError::Endpoint),
                (None, Some(url)) => Ok(Endpoint::new(url.trim_end_matches('/'))),
                (None, None) => Err(ConfigError::MissingEndpoint {
                    service: service.id,
                }),
            });
        Self {
            inner: Arc::new(Inner {
                config,
                service,
                credentials,
                endpoint,
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

    /// Calls operation `O`: builds the request from `input`, signs it, sends it, and parses
    /// the response into `O`'s output or error.
    pub async fn call<O: Operation>(&self, input: &O::Input) -> Result<O::Output, Error<O::Error>> {
        let endpoint = self
            .inner
            .endpoint
            .as_ref()
            .map_err(|e| Error::Config(e.clone()))?;
        self.call_with_endpoint::<O>(input, endpoint).await
    }

    /// Calls operation `O` at `endpoint` rather than the client's own (generated clients do
    /// for operations whose endpoint rules take parameters of their own). Requests carry the
    /// endpoint's headers and are signed with the signing name and region its `authSchemes`
    /// ask for, if any.
    pub async fn call_with_endpoint<O: Operation>(
        &self,
        input: &O::Input,
        endpoint: &Endpoint,
    ) -> Result<O::Output, Error<O::Error>> {
        let inner = &*self.inner;
        let mut request = O::build_request(input, endpoint).map_err(Error::Build)?;
        let signed = !inner.service.unsigned_operations.contains(&O::NAME);
        if let (true, Some(signing_name), Some(credentials)) =
            (signed, inner.service.signing_name, &inner.credentials)
        {
            let credentials = credentials
                .resolve()
                .await
                .map_err(|e| Error::Config(e.into()))?;
            smithy_rt::sigv4::sign(
                &mut request,
                credentials.as_sigv4(),
                endpoint.signing_region().unwrap_or(inner.config.region()),
                endpoint.signing_name().unwrap_or(signing_name),
                SystemTime::now(),
            )
            .map_err(Error::Sign)?;
        }
        let sent = inner.transport.send(request);
        let response = match inner.config.timeout() {
            None => sent.await,
            Some(after) => {
                if tokio::runtime::Handle::try_current().is_err() {
                    return Err(Error::Transport(TransportError::new(
                        TransportErrorKind::Setup,
                        "Config::with_timeout needs a Tokio runtime to run the call in",
                    )));
                }
                match tokio::time::timeout(after, sent).await {
                    Ok(response) => response,
                    Err(_elapsed) => return Err(Error::Timeout { after }),
                }
            }
        }
        .map_err(Error::Transport)?;
        O::parse_response(&response).map_err(Error::Service)
    }
}

impl<T> fmt::Debug for ServiceClient<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &*self.inner;
        f.debug_struct("ServiceClient")
            .field("service", &inner.service.id)
            .field("config", &inner.config)
            .field("endpoint", &inner.endpoint)
            .field("transport", &std::any::type_name::<T>())
            .finish_non_exhaustive()
    }
}
