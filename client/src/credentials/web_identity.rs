//! The web identity source (EKS IRSA, CI systems with OIDC): `AWS_WEB_IDENTITY_TOKEN_FILE`,
//! `AWS_ROLE_ARN` and optionally `AWS_ROLE_SESSION_NAME`, exchanged for role credentials with
//! STS `AssumeRoleWithWebIdentity` through the plugged-in [`AssumeRoles`](super::AssumeRoles).
//!
//! As in aws-config (`web_identity_token.rs`): without the token file variable the source is
//! not set up; with it but without `AWS_ROLE_ARN` it fails. The token file is read at every
//! load (EKS rotates it). Ours: without STS plugged in, a set-up source stops the chain
//! ([`Unsupported::Sts`]) rather than passing to the container or instance role, which would
//! be other credentials than the ones configured.

use std::path::Path;

use super::chain::Context;
use super::profile::chain_text;
use super::roles::{WebIdentityRequest, default_session_name, sts_location};
use super::{Outcome, Unsupported};
use crate::env::Env;

pub(crate) const TOKEN_FILE: &str = "AWS_WEB_IDENTITY_TOKEN_FILE";
pub(crate) const ROLE_ARN: &str = "AWS_ROLE_ARN";
pub(crate) const SESSION_NAME: &str = "AWS_ROLE_SESSION_NAME";

/// The default session name (aws-config's).
const SESSION_BASE: &str = "web-identity-token";
/// The largest token file read: OIDC tokens are a few kilobytes.
const MAX_TOKEN_BYTES: usize = 64 * 1024;

/// The chain's third source.
pub(crate) async fn load(context: &Context<'_>) -> Outcome {
    let env = context.env;
    let Some(token_file) = env.path_var(TOKEN_FILE) else {
        return Outcome::NotConfigured(format!("{TOKEN_FILE} is not set"));
    };
    let role_arn = match env.var(ROLE_ARN) {
        Ok(Some(role_arn)) => role_arn,
        Ok(None) => return Outcome::Failed(format!("{TOKEN_FILE} is set but {ROLE_ARN} is not")),
        Err(e) => return Outcome::Failed(e.to_string()),
    };
    let Some(sts) = context.sts else {
        return Outcome::Unsupported(
            Unsupported::Sts,
            format!("{TOKEN_FILE} and {ROLE_ARN} ask for web identity credentials, which need STS"),
        );
    };
    let session_name = match env.var(SESSION_NAME) {
        Ok(name) => name.unwrap_or_else(|| default_session_name(SESSION_BASE)),
        Err(e) => return Outcome::Failed(e.to_string()),
    };
    let path = env.expand_home(&token_file);
    let token = match read_token(env, &path) {
        Ok(token) => token,
        Err(why) => return Outcome::Failed(why),
    };
    let mut request = WebIdentityRequest::new(role_arn, session_name, token).with_token_file(path);
    request.sts = match sts_location(env, context.files) {
        Ok(location) => location,
        Err(why) => return Outcome::Failed(why),
    };
    match sts.assume_role_with_web_identity(&request).await {
        Ok(credentials) => Outcome::Found(credentials),
        Err(e) => Outcome::Failed(chain_text(&*e)),
    }
}

/// The token in the file at `path`, without trailing whitespace. Messages name the file,
/// never its contents.
pub(crate) fn read_token(env: &Env, path: &Path) -> Result<String, String> {
    let shown = path.display();
    let bytes = env
        .read_file(path, MAX_TOKEN_BYTES)
        .map_err(|e| format!("cannot read the web identity token file {shown}: {e}"))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| format!("the web identity token file {shown} is not UTF-8"))?;
    let token = text.trim_end();
    if token.is_empty() {
        return Err(format!("the web identity token file {shown} is empty"));
    }
    Ok(token.to_owned())
}
