//! Failures, typed: what STS refuses with, answers that can't be read, the network and time
//! limits, bad settings; through the standalone providers and through the default chain. And
//! that no secret (source keys, the token, the credentials STS returns) shows in any error,
//! `Debug` or tracing event.

mod support;

use std::time::Duration;

use aws_credential_types::provider::ProvideCredentials;
use smithy_client::{Credentials, CredentialsError, Env, RetryConfig, TimeoutConfig};
use smithy_credentials_sts::{
    AssumeRoleProvider, Error, ErrorKind, Sts, WebIdentityTokenProvider, default_chain_with_env,
};
use support::{
    Reply, checked, credentials_answer, error_answer, expires_in, granted, serve, sts_at,
};

const ROLE: &str = "arn:aws:iam::111122223333:role/deploy";

fn source() -> Credentials {
    Credentials::new("AKIDSOURCE", "SOURCESECRET", Some("SOURCETOKEN".into()))
}

/// The error of an `AssumeRole` whose every attempt is answered with `reply`, after
/// `attempts` attempts.
async fn assume_role_error(reply: Reply, attempts: usize) -> Error {
    let fake = serve(vec![reply; 3]).await;
    let provider = AssumeRoleProvider::new(ROLE, source())
        .with_session_name("s")
        .with_sts(sts_at(&fake.base));
    let error = provider.load().await.unwrap_err();
    checked(format!("{error} {error:?}"));
    assert_eq!(fake.requests().len(), attempts, "{error}");
    error
}

/// A token file with a secret token, in a directory of its own that is removed on drop.
struct TokenFile(std::path::PathBuf);

impl TokenFile {
    fn path(&self) -> std::path::PathBuf {
        self.0.join("token")
    }
}

impl Drop for TokenFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn token_file() -> TokenFile {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("sts-errors-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = TokenFile(dir);
    std::fs::write(file.path(), "WEBIDENTITYTOKEN\n").unwrap();
    file
}

/// The error of an `AssumeRoleWithWebIdentity` whose every attempt is answered with
/// `reply`, after `attempts` attempts.
async fn web_identity_error(reply: Reply, attempts: usize) -> Error {
    let fake = serve(vec![reply; 3]).await;
    let token = token_file();
    let provider = WebIdentityTokenProvider::new(ROLE, token.path()).with_sts(sts_at(&fake.base));
    let error = provider.load().await.unwrap_err();
    checked(format!("{error} {error:?}"));
    assert_eq!(fake.requests().len(), attempts, "{error}");
    error
}

#[tokio::test]
async fn access_denied_keeps_code_message_and_request_id() {
    let error = assume_role_error(
        Reply::Status(
            403,
            error_answer(
                "AccessDenied",
                "User AKIDSOURCE is not authorized to assume",
            ),
        ),
        1,
    )
    .await;
    assert_eq!(error.kind(), ErrorKind::AccessDenied);
    assert_eq!(error.code(), Some("AccessDenied"));
    assert_eq!(error.request_id(), Some("err-1"));
    assert_eq!((error.operation(), error.role_arn()), ("AssumeRole", ROLE));
    assert!(!error.is_retryable());
    assert_eq!(
        error.to_string(),
        format!(
            "STS AssumeRole of {ROLE}: AccessDenied: User AKIDSOURCE is not authorized to \
             assume (HTTP 403, request id err-1)"
        )
    );
}

#[tokio::test]
async fn sts_error_codes_are_kinds() {
    // Throttling is retried (3 attempts in the standard mode); the rest are not.
    for (status, code, kind, attempts) in [
        (400, "ExpiredTokenException", ErrorKind::ExpiredToken, 1),
        (400, "RegionDisabledException", ErrorKind::RegionDisabled, 1),
        (400, "MalformedPolicyDocument", ErrorKind::Refused, 1),
        (400, "Throttling", ErrorKind::Throttled, 3),
        (400, "ValidationError", ErrorKind::Refused, 1),
    ] {
        let reply = Reply::Status(status, error_answer(code, "no"));
        let error = assume_role_error(reply, attempts).await;
        assert_eq!((error.kind(), error.code()), (kind, Some(code)), "{error}");
    }
    for (code, kind, retryable) in [
        ("ExpiredTokenException", ErrorKind::ExpiredToken, false),
        (
            "InvalidIdentityToken",
            ErrorKind::InvalidIdentityToken,
            false,
        ),
        ("IDPRejectedClaim", ErrorKind::IdpRejectedClaim, false),
        ("IDPCommunicationError", ErrorKind::IdpCommunication, true),
    ] {
        // IDPCommunicationError is retried (aws-sdk-sts's retryable server error).
        let attempts = if retryable { 3 } else { 1 };
        let reply = Reply::Status(400, error_answer(code, "no"));
        let error = web_identity_error(reply, attempts).await;
        assert_eq!((error.kind(), error.code()), (kind, Some(code)), "{error}");
        assert_eq!(error.is_retryable(), retryable);
        assert_eq!(error.operation(), "AssumeRoleWithWebIdentity");
    }
}

#[tokio::test]
async fn retried_failures_end_in_credentials() {
    // The identity provider unreachable once, then reached.
    let fake = serve(vec![
        Reply::Status(400, error_answer("IDPCommunicationError", "try later")),
        granted("AssumeRoleWithWebIdentity", "ASIAOK", 3600, ROLE),
    ])
    .await;
    let token = token_file();
    let web = WebIdentityTokenProvider::new(ROLE, token.path()).with_sts(sts_at(&fake.base));
    assert_eq!(web.load().await.unwrap().access_key_id(), "ASIAOK");
    assert_eq!(fake.requests().len(), 2);
    // A 503 and throttling, then an answer; each attempt signed anew.
    let fake = serve(vec![
        Reply::Status(503, "busy".into()),
        Reply::Status(400, error_answer("Throttling", "Rate exceeded")),
        granted("AssumeRole", "ASIAOK", 3600, ROLE),
    ])
    .await;
    let role = AssumeRoleProvider::new(ROLE, source()).with_sts(sts_at(&fake.base));
    assert_eq!(role.load().await.unwrap().access_key_id(), "ASIAOK");
    let seen = fake.requests();
    assert_eq!(seen.len(), 3);
    assert!(seen.iter().all(|r| r.header("authorization").is_some()));
    // Without retries, one attempt and its error.
    let fake = serve(vec![
        Reply::Status(400, error_answer("IDPCommunicationError", "try later")),
        granted("AssumeRoleWithWebIdentity", "ASIAOK", 3600, ROLE),
    ])
    .await;
    let once = sts_at(&fake.base).with_retry_config(RetryConfig::disabled());
    let error = WebIdentityTokenProvider::new(ROLE, token.path())
        .with_sts(once)
        .load()
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::IdpCommunication);
    assert!(error.is_retryable());
    assert_eq!(fake.requests().len(), 1);
}

#[tokio::test]
async fn unreadable_answers_are_invalid_responses_that_quote_no_secret() {
    let truncated = credentials_answer("AssumeRole", "ASIAX", &expires_in(3600), ROLE);
    let truncated = &truncated[..truncated.find("</SessionToken>").unwrap()];
    // Unreadable 200s are not retried; a 503 is (3 attempts).
    let cases = [
        (
            200,
            truncated.to_owned(),
            "malformed response body (HTTP 200",
        ),
        (
            200,
            "<AssumeRoleResponse><AssumeRoleResult></AssumeRoleResult></AssumeRoleResponse>"
                .to_owned(),
            "the answer is unusable: it has no Credentials",
        ),
        (
            200,
            credentials_answer("AssumeRole", "ASIAX", &expires_in(3600), ROLE)
                .replace("<Expiration>", "<Other>")
                .replace("</Expiration>", "</Other>"),
            "the answer is unusable: its Credentials have no Expiration",
        ),
        (
            200,
            credentials_answer("AssumeRole", "ASIAX", &expires_in(3600), ROLE)
                .replace("<SessionToken>ROLESECRET-token-ASIAX</SessionToken>", ""),
            "the answer is unusable: its Credentials have no SessionToken",
        ),
        (
            503,
            "<html><body>ROLESECRET Service Unavailable".to_owned(),
            "(HTTP 503",
        ),
    ];
    for (status, body, why) in cases {
        let attempts = if status == 503 { 3 } else { 1 };
        let error = assume_role_error(Reply::Status(status, body), attempts).await;
        assert_eq!(error.kind(), ErrorKind::InvalidResponse, "{error}");
        assert!(error.to_string().contains(why), "{error}");
    }
}

#[tokio::test]
async fn no_answer_in_time_and_no_connection() {
    // The whole call's limit (Sts::with_timeout) covers every attempt.
    let fake = serve(vec![Reply::Hang(Duration::from_secs(10))]).await;
    let provider = AssumeRoleProvider::new(ROLE, source())
        .with_sts(sts_at(&fake.base).with_timeout(Duration::from_millis(300)));
    let error = provider.load().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::TimedOut, "{error}");
    assert!(error.is_retryable());
    assert_eq!(
        error.to_string(),
        format!(
            "STS AssumeRole of {ROLE}: the call did not finish within 300ms (operation timeout)"
        )
    );
    assert_eq!(fake.requests().len(), 1);

    // An attempt that takes too long is retried.
    let fake = serve(vec![
        Reply::Hang(Duration::from_secs(10)),
        granted("AssumeRole", "ASIARETRIED", 3600, ROLE),
    ])
    .await;
    let timeouts = TimeoutConfig::default()
        .with_attempt_timeout(Duration::from_millis(200))
        .with_operation_timeout(Duration::from_secs(5));
    let provider = AssumeRoleProvider::new(ROLE, source())
        .with_sts(sts_at(&fake.base).with_timeout_config(timeouts));
    let credentials = provider.load().await.unwrap();
    assert_eq!(credentials.access_key_id(), "ASIARETRIED");
    assert_eq!(fake.requests().len(), 2);

    // No connection: retried, then the transport's error.
    let provider = AssumeRoleProvider::new(ROLE, source()).with_sts(sts_at("http://127.0.0.1:1"));
    let error = provider.load().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Transport, "{error}");
    assert!(error.is_retryable());
    assert!(
        error.to_string().contains("cannot connect to 127.0.0.1:1"),
        "{error}"
    );
}

#[tokio::test]
async fn bad_settings_fail_before_anything_is_sent() {
    let fake = serve(vec![]).await;
    let sts = Sts::new().with_endpoint(&fake.base);
    let missing = WebIdentityTokenProvider::new(ROLE, "/nonexistent/token").with_sts(sts.clone());
    let error = missing.load().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Config);
    assert!(
        error
            .to_string()
            .starts_with("STS AssumeRoleWithWebIdentity of arn:aws:iam::111122223333:role/deploy: cannot read the web identity token file /nonexistent/token: "),
        "{error}"
    );
    // A source provider that fails: its error, with what is under it.
    let chain = smithy_client::DefaultCredentialsChain::with_env(Env::from_vars([(
        "AWS_EC2_METADATA_DISABLED",
        "true",
    )]));
    let error = AssumeRoleProvider::new(ROLE, chain)
        .with_sts(sts.clone())
        .load()
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Config);
    assert!(
        error
            .to_string()
            .contains("the source credentials: the credential provider was not enabled: "),
        "{error}"
    );
    assert!(
        error.to_string().contains("no AWS credentials found"),
        "{error}"
    );
    // No region anywhere in the endpoint rules' eyes: a region they reject.
    let error = AssumeRoleProvider::new(ROLE, source())
        .with_sts(Sts::new().with_region("not a region!"))
        .load()
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Config, "{error}");
    assert!(fake.requests().is_empty());
}

#[tokio::test]
async fn the_error_travels_inside_provide_credentials() {
    let fake = serve(vec![Reply::Status(
        400,
        error_answer("ExpiredTokenException", "token expired"),
    )])
    .await;
    let token = token_file();
    let provider = WebIdentityTokenProvider::new(ROLE, token.path())
        .with_sts(Sts::new().with_endpoint(&fake.base));
    let error = provider.provide_credentials().await.unwrap_err();
    let ours = std::error::Error::source(&error)
        .and_then(|e| e.downcast_ref::<Error>())
        .expect("the STS error is the source");
    assert_eq!(ours.kind(), ErrorKind::ExpiredToken);
}

#[tokio::test]
async fn a_refusal_in_the_chain_names_the_profile_and_shows_no_secret() {
    let fake = serve(vec![Reply::Status(
        403,
        error_answer("AccessDenied", "not allowed"),
    )])
    .await;
    let env = Env::from_vars([
        ("HOME", "/home/t"),
        ("AWS_PROFILE", "deploy"),
        ("AWS_ENDPOINT_URL_STS", fake.base.as_str()),
        ("AWS_EC2_METADATA_DISABLED", "true"),
    ])
    .with_files([(
        "/home/t/.aws/config",
        format!(
            "[profile deploy]\nrole_arn = {ROLE}\nsource_profile = keys\n\
             [profile keys]\naws_access_key_id = AKIDSOURCE\n\
             aws_secret_access_key = SOURCESECRET\naws_session_token = SOURCETOKEN\n"
        ),
    )]);
    let error = default_chain_with_env(env).load().await.unwrap_err();
    let CredentialsError::SourceFailed { failed, .. } = &error else {
        panic!("{error:?}");
    };
    assert_eq!(
        failed.reason,
        format!(
            "profile `deploy`: STS AssumeRole of {ROLE}: AccessDenied: not allowed (HTTP 403, \
             request id err-1)"
        )
    );
    checked(format!("{error} {error:?}"));
}

#[tokio::test]
async fn debug_shows_no_secret() {
    let fake = serve(vec![granted(
        "AssumeRoleWithWebIdentity",
        "ASIAOK",
        3600,
        ROLE,
    )])
    .await;
    let sts = Sts::new().with_endpoint(&fake.base);
    let token = token_file();
    let web = WebIdentityTokenProvider::new(ROLE, token.path()).with_sts(sts.clone());
    let credentials = web.load().await.unwrap();
    let role = AssumeRoleProvider::new(ROLE, source())
        .with_external_id("ext")
        .with_sts(sts.clone());
    for text in [
        format!("{credentials:?}"),
        format!("{web:?}"),
        format!("{role:?}"),
        format!("{sts:?}"),
        format!("{:?}", smithy_credentials_sts::default_chain()),
    ] {
        checked(text);
    }
    assert!(format!("{role:?}").contains(ROLE));
}

/// Every tracing event and span field, as text.
#[derive(Clone, Default)]
struct Collect(std::sync::Arc<std::sync::Mutex<Vec<String>>>);

struct Fields<'a>(&'a mut String);

impl tracing::field::Visit for Fields<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.push_str(&format!(" {}={value:?}", field.name()));
    }
}

impl tracing::Subscriber for Collect {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut text = span.metadata().name().to_owned();
        span.record(&mut Fields(&mut text));
        self.0.lock().unwrap().push(text);
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        let mut text = String::new();
        values.record(&mut Fields(&mut text));
        self.0.lock().unwrap().push(text);
    }
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        let mut text = event.metadata().target().to_owned();
        event.record(&mut Fields(&mut text));
        self.0.lock().unwrap().push(text);
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

#[test]
fn tracing_shows_no_secret() {
    let collect = Collect::default();
    let seen = collect.0.clone();
    let _guard = tracing::subscriber::set_default(collect);
    // One thread: the subscriber is this thread's, and the fake server runs on it too.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let fake = serve(vec![
            Reply::Status(400, error_answer("IDPCommunicationError", "try later")),
            granted("AssumeRoleWithWebIdentity", "ASIA1", 3600, ROLE),
            granted("AssumeRole", "ASIA2", 3600, ROLE),
            Reply::Status(403, error_answer("AccessDenied", "no")),
        ])
        .await;
        let sts = sts_at(&fake.base);
        let token = token_file();
        let web = WebIdentityTokenProvider::new(ROLE, token.path()).with_sts(sts.clone());
        let first = web.load().await.unwrap();
        let role = AssumeRoleProvider::new(ROLE, first).with_sts(sts.clone());
        role.load().await.unwrap();
        role.load().await.unwrap_err();
        assert_eq!(fake.requests().len(), 4);
    });
    let seen = seen.lock().unwrap();
    // What the client records (feature `tracing`, on for this test): a span per call, an
    // event per attempt and per retry decision; hyper-util's events too. In none of it a
    // secret.
    let count = |what: &str| seen.iter().filter(|line| line.contains(what)).count();
    for (operation, calls) in [("AssumeRoleWithWebIdentity", 1), ("AssumeRole", 2)] {
        let span = format!(
            "smithy_client::call service=\"{}\" operation=\"{operation}\"",
            sts::SERVICE_ID
        );
        assert_eq!(
            seen.iter().filter(|l| **l == span).count(),
            calls,
            "{seen:#?}"
        );
    }
    assert_eq!(count("message=attempt succeeded"), 2, "{seen:#?}");
    assert_eq!(count("error=service IDPCommunicationError"), 1, "{seen:#?}");
    assert_eq!(count("message=retrying"), 1, "{seen:#?}");
    assert_eq!(count("error=service AccessDenied"), 1, "{seen:#?}");
    for line in seen.iter() {
        checked(line.clone());
    }
}
