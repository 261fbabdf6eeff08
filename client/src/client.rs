//! The generic client: build, sign, send, parse, for any [`Operation`].

use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

use smithy_rt::Operation;

use crate::credentials::cache::CredentialsCache;
use crate::{Config, ConfigError, Error, Transport, TransportError, TransportErrorKind};

/// What a client needs to know about the service, from its model. Generated crates fill it
/// in from their `SERVICE_ID`, `SIGNING_NAME` and `endpoint`.
#[derive(Clone, Copy, Debug)]
pub struct Service {
    /// The service's shape id, for messages.
    pub id: &'static str,
    /// The SigV4 signing name (`aws.auth#sigv4`); `None` sends requests unsigned.
    pub signing_name: Option<&'static str>,
    /// The `aws.api#service` sdkId, which names the service's endpoint settings
    /// (`AWS_ENDPOINT_URL_<SDK ID>`, see [`Config::from_env`]).
    pub sdk_id: Option<&'static str>,
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
    /// Where calls take credentials from; `None` for an unsigned service.
    credentials: Option<CredentialsCache>,
    endpoint: Result<String, ConfigError>,
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
    /// Credentials are loaded at the first call (and refreshed by the config's cache);
    /// endpoints not configured come from the service's standard endpoint for the region. A
    /// problem with either is returned by each call as [`Error::Config`].
    pub fn new(config: Config, transport: T, service: Service) -> Self {
        let credentials = service
            .signing_name
            .map(|_| config.credentials_cache().clone());
        let endpoint = match (
            config.endpoint_for(service.sdk_id),
            service.default_endpoint,
        ) {
            (Err(e), _) => Err(e),
            (Ok(Some(url)), _) => Ok(url.trim_end_matches('/').to_owned()),
            (Ok(None), Some(standard)) => Ok(standard(config.region())),
            (Ok(None), None) => Err(ConfigError::MissingEndpoint {
                service: service.id,
            }),
        };
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

    /// Calls operation `O`: builds the request from `input`, signs it, sends it, and parses
    /// the response into `O`'s output or error.
    pub async fn call<O: Operation>(&self, input: &O::Input) -> Result<O::Output, Error<O::Error>> {
        let inner = &*self.inner;
        let endpoint = inner
            .endpoint
            .as_deref()
            .map_err(|e| Error::Config(e.clone()))?;
        let mut request = O::build_request(input, endpoint).map_err(Error::Build)?;
        if let (Some(signing_name), Some(credentials)) =
            (inner.service.signing_name, &inner.credentials)
        {
            let credentials = credentials
                .resolve()
                .await
                .map_err(|e| Error::Config(e.into()))?;
            smithy_rt::sigv4::sign(
                &mut request,
                credentials.as_sigv4(),
                inner.config.region(),
                signing_name,
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
