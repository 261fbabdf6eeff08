//! Tests of the credential sources (each against a local fake), the chain and the cache.
//! Nothing here reads the process environment or the real home directory: every test passes
//! its own [`Env`].

use std::time::Duration;

use super::*;
use crate::profile::ProfileFiles;

mod cache;
mod chain;
#[cfg(feature = "hyper")]
mod container;
#[cfg(feature = "hyper")]
mod imds;
mod roles;
mod sources;

/// Strings the tests use as secrets: none may show in any message.
const SECRETS: [&str; 3] = ["SECRETKEY", "SESSIONTOKEN", "AUTHTOKEN"];

/// An environment of `vars` with a home directory and the given files under it.
fn env(vars: &[(&str, &str)], files: &[(&str, &str)]) -> Env {
    let mut all = vec![("HOME".to_owned(), "/home/test".to_owned())];
    all.extend(vars.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())));
    Env::from_vars(all).with_files(
        files
            .iter()
            .map(|(p, c)| (format!("/home/test/{p}"), (*c).to_owned()))
            .collect::<Vec<_>>(),
    )
}

impl std::fmt::Debug for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Found(credentials) => write!(f, "Found({credentials:?})"),
            Self::NotConfigured(why) => write!(f, "NotConfigured({why})"),
            Self::Failed(why) => write!(f, "Failed({why})"),
            Self::Unsupported(needs, why) => write!(f, "Unsupported({needs:?}, {why})"),
        }
    }
}

fn found(outcome: Outcome) -> Credentials {
    match outcome {
        Outcome::Found(credentials) => credentials,
        other => panic!("expected credentials: {other:?}"),
    }
}

fn not_configured(outcome: Outcome) -> String {
    match outcome {
        Outcome::NotConfigured(why) => checked(why),
        other => panic!("expected not configured: {other:?}"),
    }
}

fn failed(outcome: Outcome) -> String {
    match outcome {
        Outcome::Failed(why) => checked(why),
        other => panic!("expected a failure: {other:?}"),
    }
}

fn unsupported(outcome: Outcome) -> (Unsupported, String) {
    match outcome {
        Outcome::Unsupported(needs, why) => (needs, checked(why)),
        other => panic!("expected unsupported: {other:?}"),
    }
}

/// `text`, after checking it shows no secret.
fn checked(text: String) -> String {
    for secret in SECRETS {
        assert!(!text.contains(secret), "{secret} shows in {text}");
    }
    text
}

/// A JSON document of the container/IMDS endpoints, expiring in an hour.
#[cfg(feature = "hyper")]
fn endpoint_document(key_id: &str) -> String {
    let expiry = smithy_rt::DateTime::from(SystemTime::now() + Duration::from_secs(3600))
        .fmt(smithy_rt::TimestampFormat::DateTime)
        .unwrap();
    format!(
        r#"{{"Code":"Success","AccessKeyId":"{key_id}","SecretAccessKey":"SECRETKEY","Token":"SESSIONTOKEN","Expiration":"{expiry}"}}"#
    )
}

#[test]
fn errors_list_the_sources_and_show_no_secret() {
    let tried = vec![
        SourceAttempt::new(
            CredentialSource::Environment,
            "AWS_ACCESS_KEY_ID is not set",
        ),
        SourceAttempt::new(
            CredentialSource::Profile,
            "profile `default` has no credentials",
        ),
    ];
    let not_found = CredentialsError::NotFound {
        tried: tried.clone(),
    };
    assert_eq!(
        not_found.to_string(),
        "no AWS credentials found; tried environment (AWS_ACCESS_KEY_ID is not set), \
         profile (profile `default` has no credentials)"
    );
    let failed = CredentialsError::SourceFailed {
        tried: tried.clone(),
        failed: SourceAttempt::new(
            CredentialSource::Container,
            "http://127.0.0.1:9 answered 403",
        ),
    };
    assert_eq!(
        failed.to_string(),
        "cannot load AWS credentials from the container: http://127.0.0.1:9 answered 403 \
         (tried before: environment (AWS_ACCESS_KEY_ID is not set), profile (profile \
         `default` has no credentials))"
    );
    let timed_out = CredentialsError::TimedOut {
        after: Duration::from_secs(5),
        tried,
        during: Some(CredentialSource::InstanceMetadata),
    };
    assert!(
        timed_out
            .to_string()
            .starts_with("loading AWS credentials took longer than 5s in the instance metadata source (tried before: environment"),
        "{timed_out}"
    );
    // Through ConfigError and the provider error type and back, the error stays the same.
    let config: ConfigError = not_found.clone().into();
    assert_eq!(config.to_string(), not_found.to_string());
    let provider_error = not_found.clone().into_provider_error();
    assert_eq!(CredentialsError::from_provider(&provider_error), not_found);
}

#[test]
fn credentials_debug_shows_no_secret() {
    let credentials = Credentials::new("AKIDSHOWN", "SECRETKEY", Some("SESSIONTOKEN".into()))
        .with_expiry(SystemTime::UNIX_EPOCH);
    let text = checked(format!("{credentials:?} {credentials:#?}"));
    assert!(!text.contains("AKIDSHOWN"), "{text}");
    assert!(text.contains(REDACTED), "{text}");
    assert_eq!(credentials.expiry(), Some(SystemTime::UNIX_EPOCH));
}
