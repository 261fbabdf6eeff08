//! The selected profile as a chain: where the first credentials come from (the base), then
//! the roles assumed one after the other with them. The AWS SDKs' rules (aws-config
//! `profile/credentials/repr.rs`, the SDKs and Tools reference guide "Assume role
//! credential provider"):
//!
//! - A profile with `role_arn` (and no `web_identity_token_file`) assumes that role with the
//!   credentials of its `source_profile`, or of its `credential_source` (`Environment`,
//!   `Ec2InstanceMetadata`, `EcsContainer`, case-insensitive); exactly one of the two.
//!   In the selected profile `role_arn` wins over static keys in the same profile.
//! - In a source profile static keys win: a source profile with keys is the base, whatever
//!   else it says. Otherwise a source profile may assume a role in turn (multi-hop).
//! - `source_profile` naming the profile itself means: its own keys are the base, and its
//!   role is assumed with them.
//! - A base is, in this order: `credential_source`, `web_identity_token_file` (with
//!   `role_arn`), `sso_*` (not supported here), `credential_process`, static keys.
//! - Visiting a profile twice is a cycle, named in the error (`a -> b -> a`).
//! - Ours: `duration_seconds` (900 to 43,200) and `external_id` are passed on, as botocore
//!   does; `mfa_serial` on a role is [`Unsupported::Mfa`] (botocore prompts, aws-config
//!   ignores it and lets STS refuse).

use std::time::Duration;

use super::{Credentials, Unsupported};
use crate::profile::{Profile, ProfileFiles};

pub(crate) const ROLE_ARN: &str = "role_arn";
const SOURCE_PROFILE: &str = "source_profile";
const CREDENTIAL_SOURCE: &str = "credential_source";
const SESSION_NAME: &str = "role_session_name";
const EXTERNAL_ID: &str = "external_id";
const DURATION_SECONDS: &str = "duration_seconds";
const MFA_SERIAL: &str = "mfa_serial";
pub(crate) const WEB_IDENTITY_TOKEN_FILE: &str = "web_identity_token_file";
pub(crate) const ACCESS_KEY_ID: &str = "aws_access_key_id";
pub(crate) const SECRET_ACCESS_KEY: &str = "aws_secret_access_key";
const SESSION_TOKEN: &str = "aws_session_token";
pub(crate) const CREDENTIAL_PROCESS: &str = "credential_process";
const SSO_KEYS: [&str; 5] = [
    "sso_session",
    "sso_start_url",
    "sso_account_id",
    "sso_role_name",
    "sso_region",
];
/// STS's limits on `DurationSeconds`.
const DURATION_RANGE: std::ops::RangeInclusive<u64> = 900..=43_200;

/// The chain of one profile: a base, then roles in the order they are assumed.
#[derive(Debug)]
pub(crate) struct Plan {
    pub(crate) base: Base,
    pub(crate) hops: Vec<Hop>,
}

impl Plan {
    /// Whether running the plan calls STS.
    pub(crate) fn needs_sts(&self) -> bool {
        !self.hops.is_empty() || matches!(self.base, Base::WebIdentity { .. })
    }
}

/// Where a chain's first credentials come from, and the profile that says so.
#[derive(Debug)]
pub(crate) enum Base {
    Static(Credentials),
    Process {
        profile: String,
        command: String,
    },
    Named {
        profile: String,
        source: NamedSource,
    },
    WebIdentity {
        profile: String,
        role_arn: String,
        token_file: String,
        session_name: Option<String>,
    },
}

/// The values of `credential_source`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NamedSource {
    Environment,
    Ec2InstanceMetadata,
    EcsContainer,
}

impl NamedSource {
    const ALL: [Self; 3] = [
        Self::Environment,
        Self::Ec2InstanceMetadata,
        Self::EcsContainer,
    ];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Environment => "Environment",
            Self::Ec2InstanceMetadata => "Ec2InstanceMetadata",
            Self::EcsContainer => "EcsContainer",
        }
    }
}

/// One role to assume, and the profile that names it.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Hop {
    pub(crate) profile: String,
    pub(crate) role_arn: String,
    pub(crate) session_name: Option<String>,
    pub(crate) external_id: Option<String>,
    pub(crate) duration: Option<Duration>,
}

/// What the selected profile says about credentials.
#[derive(Debug)]
pub(crate) enum Resolved {
    Plan(Plan),
    /// The selected profile has no credentials settings; the chain goes on. The text says so.
    Nothing(String),
}

/// Why the selected profile gives no chain.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Refused {
    Invalid(String),
    Unsupported(Unsupported, String),
}

/// Resolves the selected profile (which must exist) into its chain.
pub(crate) fn resolve(files: &ProfileFiles) -> Result<Resolved, Refused> {
    let mut name = files.selected_name();
    let mut visited: Vec<&str> = Vec::new();
    let mut hops = Vec::new();
    let base = loop {
        let Some(profile) = files.profile(name) else {
            let from = visited.last().copied().unwrap_or_default();
            return Err(Refused::Invalid(format!(
                "profile `{from}` names source_profile `{name}`, which neither file defines"
            )));
        };
        if visited.contains(&name) {
            let mut path = visited.join(" -> ");
            path.push_str(" -> ");
            path.push_str(name);
            return Err(Refused::Invalid(format!(
                "the source_profile settings form a cycle: {path}"
            )));
        }
        visited.push(name);
        let first = visited.len() == 1;
        if !first && let Some(credentials) = static_keys(profile) {
            break Base::Static(credentials);
        }
        if profile.get(ROLE_ARN).is_none() || profile.get(WEB_IDENTITY_TOKEN_FILE).is_some() {
            match base(name, profile) {
                Ok(Some(base)) => break base,
                Ok(None) if first => {
                    return Ok(Resolved::Nothing(format!(
                        "profile `{name}` has no credentials ({ACCESS_KEY_ID}, \
                         {CREDENTIAL_PROCESS}, {ROLE_ARN}, {WEB_IDENTITY_TOKEN_FILE})"
                    )));
                }
                Ok(None) => {
                    return Err(Refused::Invalid(format!(
                        "source profile `{name}` has no credentials ({ACCESS_KEY_ID}, \
                         {CREDENTIAL_PROCESS}, {ROLE_ARN}, {CREDENTIAL_SOURCE})"
                    )));
                }
                Err(refused) => return Err(refused),
            }
        }
        hops.push(hop(name, profile)?);
        match (profile.get(SOURCE_PROFILE), profile.get(CREDENTIAL_SOURCE)) {
            (Some(_), Some(_)) => {
                return Err(Refused::Invalid(format!(
                    "profile `{name}` has both {SOURCE_PROFILE} and {CREDENTIAL_SOURCE}; a role \
                     takes its credentials from one of them"
                )));
            }
            (None, None) => {
                return Err(Refused::Invalid(format!(
                    "profile `{name}` has {ROLE_ARN} but neither {SOURCE_PROFILE} nor \
                     {CREDENTIAL_SOURCE} to assume it with"
                )));
            }
            (Some(next), None) if next == name => match base(name, profile)? {
                Some(base) => break base,
                None => {
                    return Err(Refused::Invalid(format!(
                        "profile `{name}` is its own {SOURCE_PROFILE} but has no \
                         {ACCESS_KEY_ID} or {CREDENTIAL_PROCESS}"
                    )));
                }
            },
            (Some(next), None) => name = next,
            (None, Some(source)) => {
                break Base::Named {
                    profile: name.to_owned(),
                    source: named_source(name, source)?,
                };
            }
        }
    };
    hops.reverse();
    Ok(Resolved::Plan(Plan { base, hops }))
}

/// The role a profile with `role_arn` assumes.
fn hop(name: &str, profile: &Profile) -> Result<Hop, Refused> {
    if profile.get(MFA_SERIAL).is_some() {
        return Err(Refused::Unsupported(
            Unsupported::Mfa,
            format!("profile `{name}` assumes a role that needs an MFA code ({MFA_SERIAL})"),
        ));
    }
    let duration = match profile.get(DURATION_SECONDS) {
        None => None,
        Some(text) => match text.parse::<u64>() {
            Ok(seconds) if DURATION_RANGE.contains(&seconds) => Some(Duration::from_secs(seconds)),
            _ => {
                return Err(Refused::Invalid(format!(
                    "{DURATION_SECONDS} of profile `{name}` must be a whole number of seconds \
                     from {} to {}",
                    DURATION_RANGE.start(),
                    DURATION_RANGE.end()
                )));
            }
        },
    };
    Ok(Hop {
        profile: name.to_owned(),
        role_arn: profile.get(ROLE_ARN).unwrap_or_default().to_owned(),
        session_name: profile.get(SESSION_NAME).map(str::to_owned),
        external_id: profile.get(EXTERNAL_ID).map(str::to_owned),
        duration,
    })
}

/// The base a profile gives by itself, in the SDKs' order; `None` when it has none.
fn base(name: &str, profile: &Profile) -> Result<Option<Base>, Refused> {
    let owned = || name.to_owned();
    if let Some(source) = profile.get(CREDENTIAL_SOURCE) {
        return Ok(Some(Base::Named {
            profile: owned(),
            source: named_source(name, source)?,
        }));
    }
    if let Some(token_file) = profile.get(WEB_IDENTITY_TOKEN_FILE) {
        let Some(role_arn) = profile.get(ROLE_ARN) else {
            return Err(Refused::Invalid(format!(
                "profile `{name}` has {WEB_IDENTITY_TOKEN_FILE} but no {ROLE_ARN}"
            )));
        };
        return Ok(Some(Base::WebIdentity {
            profile: owned(),
            role_arn: role_arn.to_owned(),
            token_file: token_file.to_owned(),
            session_name: profile.get(SESSION_NAME).map(str::to_owned),
        }));
    }
    if let Some(key) = SSO_KEYS.iter().find(|key| profile.get(key).is_some()) {
        return Err(Refused::Unsupported(
            Unsupported::Sso,
            format!("profile `{name}` uses IAM Identity Center (`{key}`)"),
        ));
    }
    if let Some(command) = profile.get(CREDENTIAL_PROCESS) {
        return Ok(Some(Base::Process {
            profile: owned(),
            command: command.to_owned(),
        }));
    }
    match (profile.get(ACCESS_KEY_ID), profile.get(SECRET_ACCESS_KEY)) {
        (Some(_), Some(_)) => Ok(static_keys(profile).map(Base::Static)),
        (Some(_), None) => Err(Refused::Invalid(format!(
            "profile `{name}` has {ACCESS_KEY_ID} but no {SECRET_ACCESS_KEY}"
        ))),
        (None, Some(_)) => Err(Refused::Invalid(format!(
            "profile `{name}` has {SECRET_ACCESS_KEY} but no {ACCESS_KEY_ID}"
        ))),
        (None, None) => Ok(None),
    }
}

/// The profile's key pair (and session token), if it has both keys.
fn static_keys(profile: &Profile) -> Option<Credentials> {
    let key_id = profile.get(ACCESS_KEY_ID)?;
    let secret = profile.get(SECRET_ACCESS_KEY)?;
    Some(Credentials::new(
        key_id,
        secret,
        profile.get(SESSION_TOKEN).map(str::to_owned),
    ))
}

fn named_source(profile: &str, value: &str) -> Result<NamedSource, Refused> {
    NamedSource::ALL
        .into_iter()
        .find(|source| source.name().eq_ignore_ascii_case(value))
        .ok_or_else(|| {
            let known: Vec<&str> = NamedSource::ALL.iter().map(|s| s.name()).collect();
            Refused::Invalid(format!(
                "{CREDENTIAL_SOURCE} `{value}` of profile `{profile}` is none of {}",
                known.join(", ")
            ))
        })
}
