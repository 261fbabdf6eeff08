//! [`Config::from_env`]: region, credentials and endpoints from the environment and the
//! shared profile files, as the AWS SDKs' config loaders read them.
//!
//! - Region: `AWS_REGION`, else `AWS_DEFAULT_REGION`, else the profile's `region`.
//! - Credentials: the [`DefaultCredentialsChain`] over the same environment.
//! - Endpoint ("service-specific endpoints" of the SDKs and Tools reference guide), first
//!   found wins: `AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`, the profile's `services`
//!   section entry for the service, the profile's `endpoint_url`. `<SERVICE>` is the model's
//!   sdkId upper-cased with spaces (and dashes) as `_` (`Firehose` -> `FIREHOSE`,
//!   `Application Auto Scaling` -> `APPLICATION_AUTO_SCALING`); the services-section key is
//!   the same in lower case. `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` (or the profile's
//!   `ignore_configured_endpoint_urls`) ignores all four; an endpoint set in code always wins.

use std::fmt;

use crate::config::check_endpoint;
use crate::env::Env;
use crate::profile::ProfileFiles;
use crate::{Config, ConfigError, DefaultCredentialsChain};

pub(crate) const REGION: &str = "AWS_REGION";
pub(crate) const DEFAULT_REGION: &str = "AWS_DEFAULT_REGION";
pub(crate) const ENDPOINT_URL: &str = "AWS_ENDPOINT_URL";
pub(crate) const IGNORE_ENDPOINT_URLS: &str = "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS";

impl Config {
    /// Settings from the process environment and the shared profile files, as the AWS SDKs
    /// load them:
    ///
    /// - region: `AWS_REGION`, else `AWS_DEFAULT_REGION`, else the profile's `region`;
    /// - credentials: the [`DefaultCredentialsChain`] over the same environment;
    /// - endpoint, first found: `AWS_ENDPOINT_URL_<SERVICE>` (the model's sdkId in capitals,
    ///   spaces as `_`: `AWS_ENDPOINT_URL_FIREHOSE`), `AWS_ENDPOINT_URL`, the entry for the
    ///   service in the profile's `services` section, the profile's `endpoint_url`; none of
    ///   them with `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` (or the profile's
    ///   `ignore_configured_endpoint_urls`). [`with_endpoint`](Self::with_endpoint) wins over
    ///   all of them.
    ///
    /// The profile is `AWS_PROFILE`'s, else `default`, from `~/.aws/config` and
    /// `~/.aws/credentials` (or `AWS_CONFIG_FILE`, `AWS_SHARED_CREDENTIALS_FILE`).
    ///
    /// Errors: no region anywhere ([`ConfigError::MissingRegion`]), a malformed profile
    /// file, an `AWS_PROFILE` that names no profile, an unusable endpoint URL or setting.
    /// Credentials are not loaded yet: the first call does that.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_env_with(&Env::process())
    }

    /// [`from_env`](Self::from_env) over `env`'s variables and files.
    pub fn from_env_with(env: &Env) -> Result<Self, ConfigError> {
        let files = ProfileFiles::load(env)?;
        if files.is_explicit() && files.selected().is_none() {
            return Err(ConfigError::MissingProfile {
                detail: format!("AWS_PROFILE names it, but {}", files.why_missing()),
            });
        }
        let region = match env.var(REGION)? {
            Some(region) => region,
            None => match env.var(DEFAULT_REGION)? {
                Some(region) => region,
                None => files.get("region").map(str::to_owned).ok_or_else(|| {
                    ConfigError::MissingRegion {
                        profile: files.selected_name().to_owned(),
                    }
                })?,
            },
        };
        let endpoints = ConfiguredEndpoints::load(env, files)?;
        Ok(Config::new(region)
            .with_credentials_provider(DefaultCredentialsChain::with_env(env.clone()))
            .with_configured_endpoints(endpoints))
    }
}

/// The endpoint settings of the environment and profile, resolved per service when a
/// client is made.
pub(crate) struct ConfiguredEndpoints {
    env: Env,
    files: ProfileFiles,
    ignored: bool,
}

impl ConfiguredEndpoints {
    /// Reads the settings that hold for every service, checking the URLs among them.
    pub(crate) fn load(env: &Env, files: ProfileFiles) -> Result<Self, ConfigError> {
        let ignored = match env.var(IGNORE_ENDPOINT_URLS)? {
            Some(value) => boolean(&value, IGNORE_ENDPOINT_URLS)?,
            None => match files.get("ignore_configured_endpoint_urls") {
                Some(value) => boolean(
                    value,
                    &profile_setting(&files, "ignore_configured_endpoint_urls"),
                )?,
                None => false,
            },
        };
        let configured = Self {
            env: env.clone(),
            files,
            ignored,
        };
        // Check the service-independent URLs now, so that `from_env` reports them.
        configured.for_service(None)?;
        Ok(configured)
    }

    /// The endpoint configured for the service with `sdk_id`, if any.
    pub(crate) fn for_service(&self, sdk_id: Option<&str>) -> Result<Option<String>, ConfigError> {
        if self.ignored {
            return Ok(None);
        }
        if let Some(sdk_id) = sdk_id {
            let name = format!("{ENDPOINT_URL}_{}", env_key(sdk_id));
            match self.env.var_named(&name) {
                Ok(Some(url)) => return checked(url, || name.clone()).map(Some),
                Ok(None) => {}
                Err(()) => {
                    return Err(ConfigError::InvalidEndpoint {
                        from: name,
                        reason: "not valid Unicode".to_owned(),
                    });
                }
            }
        }
        if let Some(url) = self.env.var(ENDPOINT_URL)? {
            return checked(url, || ENDPOINT_URL.to_owned()).map(Some);
        }
        if let Some(sdk_id) = sdk_id {
            let key = profile_key(sdk_id);
            // The Rust SDK writes the key with dashes; accept that spelling too.
            for key in [key.clone(), key.replace('_', "-")] {
                if let Some(url) = self.files.service_property(&key, "endpoint_url") {
                    return checked(url.to_owned(), || {
                        format!(
                            "the `{key}` entry of the services section of profile `{}`",
                            self.files.selected_name()
                        )
                    })
                    .map(Some);
                }
            }
        }
        match self.files.get("endpoint_url") {
            Some(url) => checked(url.to_owned(), || {
                profile_setting(&self.files, "endpoint_url")
            })
            .map(Some),
            None => Ok(None),
        }
    }
}

impl fmt::Debug for ConfiguredEndpoints {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConfiguredEndpoints")
            .field("env", &self.env)
            .field("profile", &self.files.selected_name())
            .field("ignored", &self.ignored)
            .finish()
    }
}

/// `AWS_ENDPOINT_URL_<this>` for a model's sdkId.
pub(crate) fn env_key(sdk_id: &str) -> String {
    sdk_id
        .chars()
        .map(|c| match c {
            ' ' | '-' => '_',
            c => c.to_ascii_uppercase(),
        })
        .collect()
}

/// The key of a `[services]` section entry for a model's sdkId.
pub(crate) fn profile_key(sdk_id: &str) -> String {
    env_key(sdk_id).to_ascii_lowercase()
}

fn profile_setting(files: &ProfileFiles, key: &str) -> String {
    format!("`{key}` of profile `{}`", files.selected_name())
}

fn boolean(value: &str, from: &str) -> Result<bool, ConfigError> {
    if value.eq_ignore_ascii_case("true") {
        Ok(true)
    } else if value.eq_ignore_ascii_case("false") {
        Ok(false)
    } else {
        Err(ConfigError::InvalidSetting {
            from: from.to_owned(),
            expected: "true or false",
        })
    }
}

/// `url` if it passes [`check_url`](smithy_rt::endpoint::check_url); errors name where it
/// came from, never the URL (it could hold a password).
fn checked(url: String, from: impl FnOnce() -> String) -> Result<String, ConfigError> {
    check_endpoint(&url, from).map(|()| url)
}

#[cfg(test)]
mod tests;
