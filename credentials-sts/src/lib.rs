//! Web identity and assume-role credentials for smithy-client's default chain, through the
//! STS crate our generator makes (`generated/sts`, awsQuery).
//!
//! smithy-client's [`DefaultCredentialsChain`] knows the AWS SDKs' rules for these sources
//! (which profile assumes which role with which credentials) but has no STS, so that users
//! who don't need it build no XML and no STS. This crate plugs STS in:
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! // Region, endpoint and credentials as the AWS SDKs find them, web identity and role
//! // profiles included:
//! let config = smithy_credentials_sts::config_from_env()?;
//! // Or with a region of your own:
//! let config = smithy_client::Config::new("eu-west-1")
//!     .with_credentials_provider(smithy_credentials_sts::default_chain());
//! # let _ = config;
//! # Ok(()) }
//! ```
//!
//! With it, the chain also takes credentials from:
//!
//! - **Web identity** (EKS IRSA, CI systems with OIDC): `AWS_WEB_IDENTITY_TOKEN_FILE`,
//!   `AWS_ROLE_ARN`, optionally `AWS_ROLE_SESSION_NAME`; and profiles with
//!   `web_identity_token_file` and `role_arn`. STS `AssumeRoleWithWebIdentity`, unsigned.
//! - **Role profiles**: `role_arn` with `source_profile` (static keys, `credential_process`,
//!   web identity, or another role profile: any number of hops) or `credential_source`
//!   (`Environment`, `Ec2InstanceMetadata`, `EcsContainer`); `role_session_name`,
//!   `external_id` and `duration_seconds` are honoured. STS `AssumeRole`, signed with the
//!   credentials before it.
//!
//! STS is called at its regional endpoint (the STS model's endpoint rules) in the region the
//! chain finds (`AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's `region`, else
//! [`FALLBACK_REGION`]), or where `AWS_ENDPOINT_URL_STS` (and the other endpoint settings)
//! say. Calls go through smithy-client's retry loop and timeouts: the standard retry mode,
//! as the AWS SDKs' STS providers use it (throttling, `IDPCommunicationError`, 5xx and
//! broken connections are retried), and 5 s per call, all attempts included. The
//! credentials carry STS's expiry, so the client's cache asks again shortly before they
//! expire.
//!
//! [`WebIdentityTokenProvider`] and [`AssumeRoleProvider`] are the same two calls as
//! providers of their own; [`Sts`] is the caller, with its region, endpoint, retries,
//! timeouts and transport. Failures are [`Error`]s with an [`ErrorKind`] (`AccessDenied`, `ExpiredToken`,
//! `InvalidResponse`, ...); inside the chain their text becomes the chain's
//! `CredentialsError`. Nothing here shows a secret: `Debug` and errors never contain the
//! source credentials, the web identity token, or the credentials STS returns.

#![warn(missing_docs)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

mod caller;
mod error;
mod providers;

pub use caller::{DEFAULT_TIMEOUT, FALLBACK_REGION, Sts};
pub use error::{Error, ErrorKind};
pub use providers::{AssumeRoleProvider, WebIdentityTokenProvider};

use smithy_client::{Config, ConfigError, DefaultCredentialsChain, Env};

/// smithy-client's default chain over the process environment, with STS plugged in.
pub fn default_chain() -> DefaultCredentialsChain {
    default_chain_with_env(Env::process())
}

/// [`default_chain`] over `env`'s variables and files.
pub fn default_chain_with_env(env: Env) -> DefaultCredentialsChain {
    DefaultCredentialsChain::with_env(env).with_sts(Sts::new())
}

/// `Config::from_env()` with STS in its credentials chain: region, endpoint and credentials
/// from the process environment and the shared profile files.
pub fn config_from_env() -> Result<Config, ConfigError> {
    config_from_env_with(&Env::process())
}

/// [`config_from_env`] over `env`'s variables and files.
pub fn config_from_env_with(env: &Env) -> Result<Config, ConfigError> {
    Ok(Config::from_env_with(env)?.with_credentials_provider(default_chain_with_env(env.clone())))
}
