//! The container source: ECS task roles and EKS Pod Identity.
//!
//! - `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` is a path on the ECS agent, `169.254.170.2`.
//! - Otherwise `AWS_CONTAINER_CREDENTIALS_FULL_URI` is the whole URL. Over `https` any host
//!   is allowed; over `http` the host must be (or resolve only to) a loopback address, the
//!   ECS address or an EKS Pod Identity address (`169.254.170.23`, `fd00:ec2::23`), as in
//!   the SDKs.
//! - The `Authorization` header is the contents of `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`
//!   (re-read at each load: EKS rotates it), else `AWS_CONTAINER_AUTHORIZATION_TOKEN`.
//! - 2 s to connect, 5 s for the response, 3 attempts (the SDKs' values); connection
//!   failures, timeouts, 5xx and unreadable 200s are retried, other statuses are not.
//!
//! Messages show the endpoint's scheme, host and port, never its path (it identifies the
//! task's credentials) or the token.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::path::Path;
use std::time::Duration;

use http::{HeaderValue, Method, Uri};

use super::http::Requester;
use super::{Outcome, json};
use crate::env::Env;

pub(crate) const RELATIVE_URI: &str = "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI";
pub(crate) const FULL_URI: &str = "AWS_CONTAINER_CREDENTIALS_FULL_URI";
pub(crate) const TOKEN: &str = "AWS_CONTAINER_AUTHORIZATION_TOKEN";
pub(crate) const TOKEN_FILE: &str = "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE";

/// The ECS agent, where a relative URI points.
const ECS_BASE: &str = "http://169.254.170.2";
const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);
const READ_TIMEOUT: Duration = Duration::from_secs(5);
const MAX_ATTEMPTS: u32 = 3;
/// The first retry waits up to this long, the next up to twice as long (full jitter).
const BACKOFF: Duration = Duration::from_secs(1);
/// The largest token file read.
const MAX_TOKEN_BYTES: usize = 16 * 1024;

const ALLOWED_V4: [Ipv4Addr; 2] = [
    Ipv4Addr::new(169, 254, 170, 2),
    Ipv4Addr::new(169, 254, 170, 23),
];
const ALLOWED_V6: Ipv6Addr = Ipv6Addr::new(0xfd00, 0x0ec2, 0, 0, 0, 0, 0, 0x23);

pub(crate) struct ContainerSource {
    http: Requester,
    ecs_base: String,
}

impl ContainerSource {
    pub(crate) fn new() -> Self {
        Self {
            http: Requester::new(CONNECT_TIMEOUT, READ_TIMEOUT, BACKOFF),
            ecs_base: ECS_BASE.to_owned(),
        }
    }

    #[cfg(test)]
    pub(crate) fn for_tests() -> Self {
        let source = Self::new();
        Self {
            http: source.http.for_tests(),
            ..source
        }
    }

    /// The same source with the ECS agent at `base` (a local fake).
    #[cfg(test)]
    pub(crate) fn with_ecs_base(self, base: &str) -> Self {
        Self {
            ecs_base: base.to_owned(),
            ..self
        }
    }

    pub(crate) async fn load(&self, env: &Env) -> Outcome {
        let uri = match self.uri(env).await {
            Ok(Some(uri)) => uri,
            Ok(None) => {
                return Outcome::NotConfigured(format!(
                    "neither {RELATIVE_URI} nor {FULL_URI} is set"
                ));
            }
            Err(why) => return Outcome::Failed(why),
        };
        let token = match token(env) {
            Ok(token) => token,
            Err(why) => return Outcome::Failed(why),
        };
        let endpoint = shown(&uri);
        let mut headers = vec![("accept", "application/json")];
        if let Some(token) = &token {
            headers.push(("authorization", token.as_str()));
        }
        let mut last = String::new();
        for attempt in 0..MAX_ATTEMPTS {
            self.http.pause_before(attempt).await;
            let response = self.http.send(Method::GET, &uri, &headers).await;
            last = match response {
                Ok(response) if response.status.is_success() => {
                    match json::endpoint_credentials(response.body()) {
                        Ok(credentials) => return Outcome::Found(credentials),
                        Err(why) => format!("{endpoint}: {why}"),
                    }
                }
                Ok(response) if response.status.is_server_error() => {
                    format!("{endpoint} answered {}", response.status)
                }
                Ok(response) => {
                    let why = json::endpoint_credentials(response.body())
                        .err()
                        .filter(|why| why.starts_with("the endpoint answered"))
                        .map(|why| format!(" ({why})"))
                        .unwrap_or_default();
                    return Outcome::Failed(format!(
                        "{endpoint} answered {}{why}",
                        response.status
                    ));
                }
                Err(e) if e.is_setup() => return Outcome::Failed(e.to_string()),
                Err(e) => format!("{endpoint}: {e}"),
            };
        }
        Outcome::Failed(format!("{last} (after {MAX_ATTEMPTS} attempts)"))
    }

    /// The URL from the environment, checked; `None` when neither variable is set.
    pub(crate) async fn uri(&self, env: &Env) -> Result<Option<Uri>, String> {
        let invalid = |name: &str| format!("{name} is not a valid URL");
        if let Some(relative) = env.var(RELATIVE_URI).map_err(|e| e.to_string())? {
            if !relative.starts_with('/') {
                return Err(format!("{RELATIVE_URI} must start with `/`"));
            }
            let uri: Uri = format!("{}{relative}", self.ecs_base)
                .parse()
                .map_err(|_| invalid(RELATIVE_URI))?;
            return Ok(Some(uri));
        }
        let Some(full) = env.var(FULL_URI).map_err(|e| e.to_string())? else {
            return Ok(None);
        };
        let uri: Uri = full.parse().map_err(|_| invalid(FULL_URI))?;
        let (Some(scheme), Some(authority)) = (uri.scheme_str(), uri.authority()) else {
            return Err(format!("{FULL_URI} must be an absolute http or https URL"));
        };
        if authority.as_str().contains('@') {
            return Err(format!("{FULL_URI} must not contain user info"));
        }
        match scheme {
            "https" => Ok(Some(uri)),
            "http" => {
                let host = authority.host();
                let port = authority.port_u16().unwrap_or(80);
                if allowed_host(host, port).await {
                    Ok(Some(uri))
                } else {
                    Err(format!(
                        "{FULL_URI} is plain http to {host}, which is not a loopback, ECS or \
                         EKS Pod Identity address; use https or one of those"
                    ))
                }
            }
            _ => Err(format!("{FULL_URI} must be an http or https URL")),
        }
    }
}

/// Whether `host` is, or resolves only to, addresses plain http may go to.
async fn allowed_host(host: &str, port: u16) -> bool {
    let literal = host.trim_start_matches('[').trim_end_matches(']');
    if let Ok(ip) = literal.parse::<IpAddr>() {
        return allowed_ip(ip);
    }
    match tokio::net::lookup_host((host, port)).await {
        Ok(addresses) => {
            let addresses: Vec<_> = addresses.collect();
            !addresses.is_empty() && addresses.iter().all(|a| allowed_ip(a.ip()))
        }
        Err(_) => false,
    }
}

fn allowed_ip(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4.is_loopback() || ALLOWED_V4.contains(&v4),
        IpAddr::V6(v6) => {
            v6.is_loopback()
                || v6 == ALLOWED_V6
                || v6
                    .to_ipv4_mapped()
                    .is_some_and(|v4| allowed_ip(IpAddr::V4(v4)))
        }
    }
}

/// The `Authorization` header value: the token file's contents, else the token variable.
fn token(env: &Env) -> Result<Option<String>, String> {
    let (token, from) = if let Some(path) = env.path_var(TOKEN_FILE) {
        let bytes = env
            .read_file(&path, MAX_TOKEN_BYTES)
            .map_err(|e| format!("cannot read {TOKEN_FILE} ({}): {e}", path_shown(&path)))?;
        let text = String::from_utf8(bytes)
            .map_err(|_| format!("the token in {TOKEN_FILE} is not UTF-8"))?;
        (text.trim_end().to_owned(), TOKEN_FILE)
    } else if let Some(token) = env.var(TOKEN).map_err(|e| e.to_string())? {
        (token, TOKEN)
    } else {
        return Ok(None);
    };
    if HeaderValue::from_str(&token).is_err() {
        return Err(format!(
            "the token in {from} has characters an HTTP header can't carry"
        ));
    }
    Ok(Some(token))
}

fn path_shown(path: &Path) -> String {
    path.display().to_string()
}

/// `scheme://host[:port]` of `uri`.
fn shown(uri: &Uri) -> String {
    match (uri.scheme_str(), uri.authority()) {
        (Some(scheme), Some(authority)) => format!("{scheme}://{authority}"),
        _ => "the container endpoint".to_owned(),
    }
}
