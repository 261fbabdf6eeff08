//! The instance-metadata source: EC2 IMDSv2 (IMDSv1 is not used, as in the Rust SDK: it
//! can't be told apart from an SSRF-reachable endpoint).
//!
//! 1. `PUT /latest/api/token` with `x-aws-ec2-metadata-token-ttl-seconds: 21600` gives a
//!    session token, kept until 120 s before its TTL ends.
//! 2. `GET /latest/meta-data/iam/security-credentials/` (token in `x-aws-ec2-metadata-token`)
//!    gives the role name; 404 means no role is attached.
//! 3. `GET /latest/meta-data/iam/security-credentials/<role>` gives the credentials.
//!
//! Endpoint: `AWS_EC2_METADATA_SERVICE_ENDPOINT`, the profile's
//! `ec2_metadata_service_endpoint`, else by `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE` /
//! `ec2_metadata_service_endpoint_mode` `IPv4` (`http://169.254.169.254`, the default) or
//! `IPv6` (`http://[fd00:ec2::254]`). `AWS_EC2_METADATA_DISABLED=true` (or the profile's
//! `disable_ec2_metadata`) turns the source off.
//!
//! The SDKs' limits: 1 s to connect, 1 s for the response, 4 attempts; 5xx and 401 (a stale
//! token, fetched again) are retried, connection failures and timeouts are not (off EC2 the
//! chain would otherwise wait for nothing). Expired credentials from IMDS are used for 10 to
//! 15 more minutes, as the SDKs do during an IMDS outage.

use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime};

use http::{Method, StatusCode, Uri};

use super::http::{HttpError, Requester, Response};
use super::{Outcome, json};
use crate::env::Env;
use crate::profile::ProfileFiles;

pub(crate) const DISABLED: &str = "AWS_EC2_METADATA_DISABLED";
pub(crate) const ENDPOINT: &str = "AWS_EC2_METADATA_SERVICE_ENDPOINT";
pub(crate) const ENDPOINT_MODE: &str = "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE";

const IPV4_ENDPOINT: &str = "http://169.254.169.254";
const IPV6_ENDPOINT: &str = "http://[fd00:ec2::254]";
const TOKEN_PATH: &str = "/latest/api/token";
const ROLE_PATH: &str = "/latest/meta-data/iam/security-credentials/";
const TOKEN_TTL_HEADER: &str = "x-aws-ec2-metadata-token-ttl-seconds";
const TOKEN_HEADER: &str = "x-aws-ec2-metadata-token";

const TOKEN_TTL: Duration = Duration::from_secs(21_600);
const TOKEN_REFRESH_BUFFER: Duration = Duration::from_secs(120);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(1);
const READ_TIMEOUT: Duration = Duration::from_secs(1);
const MAX_ATTEMPTS: u32 = 4;
const BACKOFF: Duration = Duration::from_secs(1);
/// Expired credentials are used this long, plus up to [`EXTENSION_JITTER_SECS`].
const EXPIRED_EXTENSION: Duration = Duration::from_secs(10 * 60);
const EXTENSION_JITTER_SECS: u64 = 300;

/// Why a request to IMDS failed.
enum Failure {
    /// Nothing answered: IMDS is not here.
    Unreachable(String),
    /// IMDS answered with this status.
    Status(StatusCode),
    /// Anything else.
    Other(String),
}

struct Token {
    value: String,
    base: String,
    valid_until: Instant,
}

pub(crate) struct ImdsSource {
    http: Requester,
    token: Mutex<Option<Token>>,
}

impl ImdsSource {
    pub(crate) fn new() -> Self {
        Self {
            http: Requester::new(CONNECT_TIMEOUT, READ_TIMEOUT, BACKOFF),
            token: Mutex::new(None),
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

    pub(crate) async fn load(&self, env: &Env, files: &ProfileFiles) -> Outcome {
        match disabled(env, files) {
            Ok(Some(by)) => return Outcome::NotConfigured(format!("{by} is true")),
            Ok(None) => {}
            Err(why) => return Outcome::Failed(why),
        }
        let base = match endpoint(env, files) {
            Ok(base) => base,
            Err(why) => return Outcome::Failed(why),
        };
        let role = match self.get(&base, ROLE_PATH).await {
            Ok(body) => body,
            Err(Failure::Unreachable(why)) => {
                return Outcome::NotConfigured(format!("no instance metadata at {base}: {why}"));
            }
            Err(Failure::Status(StatusCode::NOT_FOUND)) => {
                return Outcome::NotConfigured(format!(
                    "{base} has no IAM role for this instance (404)"
                ));
            }
            Err(failure) => return Outcome::Failed(failed(&base, "the role name", failure)),
        };
        let role = String::from_utf8_lossy(&role);
        let role = role.lines().next().unwrap_or_default().trim();
        if role.is_empty()
            || !role
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c))
        {
            return Outcome::Failed(format!("{base} answered an unusable role name"));
        }
        let body = match self.get(&base, &format!("{ROLE_PATH}{role}")).await {
            Ok(body) => body,
            Err(failure) => {
                return Outcome::Failed(failed(
                    &base,
                    &format!("credentials of role {role}"),
                    failure,
                ));
            }
        };
        match json::endpoint_credentials(&body) {
            Ok(credentials) => {
                let now = SystemTime::now();
                match credentials.expiry() {
                    Some(expiry) if expiry <= now => {
                        let extra = Duration::from_secs(fastrand::u64(0..=EXTENSION_JITTER_SECS));
                        Outcome::Found(credentials.with_expiry(now + EXPIRED_EXTENSION + extra))
                    }
                    _ => Outcome::Found(credentials),
                }
            }
            Err(why) => Outcome::Failed(format!("credentials of role {role} from {base}: {why}")),
        }
    }

    /// GET `path` with a session token, retrying as the SDKs do.
    async fn get(&self, base: &str, path: &str) -> Result<Vec<u8>, Failure> {
        let uri = uri(base, path)?;
        let mut last = Failure::Other(String::new());
        for attempt in 0..MAX_ATTEMPTS {
            self.http.pause_before(attempt).await;
            let token = match self.token(base).await {
                Ok(token) => token,
                Err(Failure::Status(status)) if status.is_server_error() => {
                    last = Failure::Status(status);
                    continue;
                }
                Err(failure) => return Err(failure),
            };
            let response = self
                .http
                .send(Method::GET, &uri, &[(TOKEN_HEADER, &token)])
                .await;
            match classify(response) {
                Ok(body) => return Ok(body),
                Err(Failure::Status(StatusCode::UNAUTHORIZED)) => {
                    self.forget_token();
                    last = Failure::Status(StatusCode::UNAUTHORIZED);
                }
                Err(Failure::Status(status)) if status.is_server_error() => {
                    last = Failure::Status(status);
                }
                Err(failure) => return Err(failure),
            }
        }
        Err(last)
    }

    /// The session token: the kept one, or a new one.
    async fn token(&self, base: &str) -> Result<String, Failure> {
        if let Some(token) = self
            .lock()
            .as_ref()
            .filter(|t| t.base == base && Instant::now() < t.valid_until)
        {
            return Ok(token.value.clone());
        }
        let uri = uri(base, TOKEN_PATH)?;
        let ttl = TOKEN_TTL.as_secs().to_string();
        let response = self
            .http
            .send(Method::PUT, &uri, &[(TOKEN_TTL_HEADER, &ttl)])
            .await;
        let body = classify(response)?;
        let value = String::from_utf8(body)
            .ok()
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty() && http::HeaderValue::from_str(t).is_ok())
            .ok_or_else(|| Failure::Other("the session token is unusable".to_owned()))?;
        *self.lock() = Some(Token {
            value: value.clone(),
            base: base.to_owned(),
            valid_until: Instant::now() + TOKEN_TTL.saturating_sub(TOKEN_REFRESH_BUFFER),
        });
        Ok(value)
    }

    fn forget_token(&self) {
        *self.lock() = None;
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Token>> {
        // A token or none: nothing is left half-written.
        self.token
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

fn uri(base: &str, path: &str) -> Result<Uri, Failure> {
    format!("{base}{path}")
        .parse()
        .map_err(|_| Failure::Other(format!("{base}{path} is not a valid URL")))
}

fn classify(response: Result<Response, HttpError>) -> Result<Vec<u8>, Failure> {
    match response {
        Ok(response) if response.status == StatusCode::OK => Ok(response.body().to_vec()),
        Ok(response) => Err(Failure::Status(response.status)),
        Err(e) if e.is_unreachable() => Err(Failure::Unreachable(e.to_string())),
        Err(e) => Err(Failure::Other(e.to_string())),
    }
}

fn failed(base: &str, what: &str, failure: Failure) -> String {
    match failure {
        Failure::Status(StatusCode::FORBIDDEN) => format!(
            "{base} refused {what} (403): IMDS is off on this instance, or the token hop \
             limit is too low for a container"
        ),
        Failure::Status(status) => format!("{base} answered {status} for {what}"),
        Failure::Unreachable(why) | Failure::Other(why) => format!("{what} from {base}: {why}"),
    }
}

/// What turned the source off, if anything.
fn disabled(env: &Env, files: &ProfileFiles) -> Result<Option<String>, String> {
    let (value, from) = match env.var(DISABLED).map_err(|e| e.to_string())? {
        Some(value) => (value, DISABLED.to_owned()),
        None => match files.get("disable_ec2_metadata") {
            Some(value) => (
                value.to_owned(),
                format!(
                    "disable_ec2_metadata of profile `{}`",
                    files.selected_name()
                ),
            ),
            None => return Ok(None),
        },
    };
    if value.eq_ignore_ascii_case("true") {
        Ok(Some(from))
    } else if value.eq_ignore_ascii_case("false") {
        Ok(None)
    } else {
        Err(format!("{from} must be true or false"))
    }
}

/// The IMDS base URL, without a trailing `/`.
pub(crate) fn endpoint(env: &Env, files: &ProfileFiles) -> Result<String, String> {
    let explicit = match env.var(ENDPOINT).map_err(|e| e.to_string())? {
        Some(url) => Some((url, ENDPOINT.to_owned())),
        None => files.get("ec2_metadata_service_endpoint").map(|url| {
            (
                url.to_owned(),
                format!(
                    "ec2_metadata_service_endpoint of profile `{}`",
                    files.selected_name()
                ),
            )
        }),
    };
    if let Some((url, from)) = explicit {
        let parsed: Option<Uri> = url.parse().ok();
        return match parsed {
            Some(uri)
                if matches!(uri.scheme_str(), Some("http" | "https"))
                    && uri.authority().is_some_and(|a| !a.as_str().contains('@')) =>
            {
                Ok(url.trim_end_matches('/').to_owned())
            }
            _ => Err(format!("{from} is not an http(s) URL without user info")),
        };
    }
    let mode = match env.var(ENDPOINT_MODE).map_err(|e| e.to_string())? {
        Some(mode) => Some((mode, ENDPOINT_MODE.to_owned())),
        None => files.get("ec2_metadata_service_endpoint_mode").map(|m| {
            (
                m.to_owned(),
                format!(
                    "ec2_metadata_service_endpoint_mode of profile `{}`",
                    files.selected_name()
                ),
            )
        }),
    };
    match mode {
        None => Ok(IPV4_ENDPOINT.to_owned()),
        Some((mode, _)) if mode.eq_ignore_ascii_case("ipv4") => Ok(IPV4_ENDPOINT.to_owned()),
        Some((mode, _)) if mode.eq_ignore_ascii_case("ipv6") => Ok(IPV6_ENDPOINT.to_owned()),
        Some((_, from)) => Err(format!("{from} must be IPv4 or IPv6")),
    }
}
