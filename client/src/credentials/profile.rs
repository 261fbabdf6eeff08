//! The profile source: the selected profile's static keys or `credential_process`.
//!
//! Profiles that get credentials from STS or SSO (`role_arn`, `source_profile`,
//! `credential_source`, `web_identity_token_file`, `sso_*`) are recognised and reported, in
//! the SDKs' order of precedence, instead of being skipped: the chain stops with a message
//! that says what is needed.

use std::time::Duration;

use super::{Credentials, Outcome, process};
use crate::profile::ProfileFiles;

const ACCESS_KEY_ID: &str = "aws_access_key_id";
const SECRET_ACCESS_KEY: &str = "aws_secret_access_key";
const SESSION_TOKEN: &str = "aws_session_token";
const CREDENTIAL_PROCESS: &str = "credential_process";

/// Keys that need STS or SSO, in the order the SDKs look at them, with what they need.
const NEEDS_MORE: [(&str, &str); 8] = [
    ("role_arn", "assumes a role (`role_arn`), which needs STS"),
    (
        "web_identity_token_file",
        "uses web identity (`web_identity_token_file`), which needs STS",
    ),
    (
        "credential_source",
        "names a `credential_source` for a role, which needs STS",
    ),
    ("sso_session", "uses IAM Identity Center (`sso_session`)"),
    (
        "sso_start_url",
        "uses IAM Identity Center (`sso_start_url`)",
    ),
    (
        "sso_account_id",
        "uses IAM Identity Center (`sso_account_id`)",
    ),
    (
        "sso_role_name",
        "uses IAM Identity Center (`sso_role_name`)",
    ),
    ("sso_region", "uses IAM Identity Center (`sso_region`)"),
];

/// The chain's second source.
pub(crate) async fn load(files: &ProfileFiles, process_timeout: Duration) -> Outcome {
    let name = files.selected_name();
    let Some(profile) = files.selected() else {
        let why = files.why_missing();
        // A profile named in AWS_PROFILE must exist; the default one may be absent.
        return if files.is_explicit() {
            Outcome::Failed(format!("AWS_PROFILE names it, but {why}"))
        } else {
            Outcome::NotConfigured(why)
        };
    };
    if let Some((_, what)) = NEEDS_MORE
        .iter()
        .find(|(key, _)| profile.get(key).is_some())
    {
        return Outcome::Failed(format!(
            "profile `{name}` {what}, which the lean chain does not call; use aws-config's \
             provider with Config::with_credentials_provider"
        ));
    }
    if let Some(command) = profile.get(CREDENTIAL_PROCESS) {
        return match process::run(command, process_timeout).await {
            Ok(credentials) => Outcome::Found(credentials),
            Err(why) => Outcome::Failed(format!("profile `{name}`: {why}")),
        };
    }
    match (profile.get(ACCESS_KEY_ID), profile.get(SECRET_ACCESS_KEY)) {
        (Some(key_id), Some(secret)) => Outcome::Found(Credentials::new(
            key_id,
            secret,
            profile.get(SESSION_TOKEN).map(str::to_owned),
        )),
        (Some(_), None) => Outcome::Failed(format!(
            "profile `{name}` has {ACCESS_KEY_ID} but no {SECRET_ACCESS_KEY}"
        )),
        (None, Some(_)) => Outcome::Failed(format!(
            "profile `{name}` has {SECRET_ACCESS_KEY} but no {ACCESS_KEY_ID}"
        )),
        (None, None) => Outcome::NotConfigured(format!(
            "profile `{name}` has no credentials ({ACCESS_KEY_ID}, {CREDENTIAL_PROCESS})"
        )),
    }
}
