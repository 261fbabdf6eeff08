//! The default chain with STS plugged in, against a fake STS on 127.0.0.1: web identity from
//! the environment, role profiles over several hops and from a `credential_source`, where
//! STS is reached, and the client's cache refreshing STS credentials before they expire.
//! Every test passes its own `Env`: none reads the process environment or the home
//! directory.

mod support;

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use smithy_client::{
    Config, Credentials, CredentialsError, DefaultCredentialsChain, Env, HttpRequest,
    InMemoryTransport,
};
use smithy_credentials_sts::{Sts, default_chain_with_env};
use support::{Form, Reply, checked, credentials_answer, expires_in, granted, serve};

const ROLE: &str = "arn:aws:iam::111122223333:role/web";
const TOKEN: &str = "WEBIDENTITYTOKEN.payload.sig";

/// An environment of `vars` (plus a home directory, no IMDS) over the given files.
fn env(vars: &[(&str, &str)], files: &[(&str, &str)]) -> Env {
    let mut all = vec![
        ("HOME".to_owned(), "/home/t".to_owned()),
        ("AWS_EC2_METADATA_DISABLED".to_owned(), "true".to_owned()),
    ];
    all.extend(vars.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())));
    Env::from_vars(all).with_files(
        files
            .iter()
            .map(|(p, c)| (format!("/home/t/{p}"), (*c).to_owned()))
            .collect::<Vec<_>>(),
    )
}

/// The default chain with STS, over `vars` and `files`, loaded once.
async fn load_chain(
    vars: &[(&str, &str)],
    files: &[(&str, &str)],
) -> Result<Credentials, CredentialsError> {
    default_chain_with_env(env(vars, files)).load().await
}

fn within(expiry: Option<SystemTime>, seconds: u64) -> bool {
    let Some(expiry) = expiry else { return false };
    let target = SystemTime::now() + Duration::from_secs(seconds);
    let gap = match expiry.duration_since(target) {
        Ok(d) => d,
        Err(e) => e.duration(),
    };
    gap < Duration::from_secs(5)
}

#[tokio::test]
async fn web_identity_from_the_environment_is_sent_unsigned_with_the_token() {
    let fake = serve(vec![granted(
        "AssumeRoleWithWebIdentity",
        "ASIAWEB",
        3600,
        ROLE,
    )])
    .await;
    let vars = [
        ("AWS_WEB_IDENTITY_TOKEN_FILE", "/home/t/token"),
        ("AWS_ROLE_ARN", ROLE),
        ("AWS_ROLE_SESSION_NAME", "pod-7"),
        ("AWS_REGION", "eu-west-1"),
        ("AWS_ENDPOINT_URL_STS", fake.base.as_str()),
        // Where a configured endpoint for Firehose would go; STS has its own.
        ("AWS_ENDPOINT_URL", "http://127.0.0.1:1"),
    ];
    let token_file = format!("{TOKEN}\n");
    let c = load_chain(&vars, &[("token", &token_file)]).await.unwrap();
    assert_eq!(c.access_key_id(), "ASIAWEB");
    assert!(c.has_session_token());
    assert!(within(c.expiry(), 3600), "{:?}", c.expiry());

    let seen = fake.requests();
    assert_eq!(seen.len(), 1);
    let request = &seen[0];
    assert_eq!(
        (request.method.as_str(), request.path.as_str()),
        ("POST", "/")
    );
    assert_eq!(
        request.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    for signed in ["authorization", "x-amz-date", "x-amz-security-token"] {
        assert_eq!(request.header(signed), None, "{signed} on an unsigned call");
    }
    let form = |name| request.form(name);
    assert_eq!(form("Action").as_deref(), Some("AssumeRoleWithWebIdentity"));
    assert_eq!(form("Version").as_deref(), Some("2011-06-15"));
    assert_eq!(form("RoleArn").as_deref(), Some(ROLE));
    assert_eq!(form("RoleSessionName").as_deref(), Some("pod-7"));
    assert_eq!(form("WebIdentityToken").as_deref(), Some(TOKEN));
}

/// A profile chain: `a` assumes RA with the credentials of `b`, which assumes RB with `c`'s
/// keys.
const PROFILES: &str = "\
[profile a]
role_arn = arn:aws:iam::111122223333:role/RA
source_profile = b
role_session_name = session-a
external_id = ext-a
duration_seconds = 1800
region = eu-west-1

[profile b]
role_arn = arn:aws:iam::444455556666:role/RB
source_profile = c

[profile c]
region = ap-south-1
";

const KEYS_C: &str = "[c]
aws_access_key_id = AKIDSOURCE
aws_secret_access_key = SOURCESECRET
aws_session_token = SOURCETOKEN
";

#[tokio::test]
async fn a_role_profile_chain_signs_each_hop_with_the_credentials_before_it() {
    let fake = serve(vec![
        granted(
            "AssumeRole",
            "ASIAHOP1",
            3600,
            "arn:aws:iam::444455556666:role/RB",
        ),
        granted(
            "AssumeRole",
            "ASIAHOP2",
            1800,
            "arn:aws:iam::111122223333:role/RA",
        ),
    ])
    .await;
    let vars = [
        ("AWS_PROFILE", "a"),
        ("AWS_CONFIG_FILE", "/home/t/cfg"),
        ("AWS_SHARED_CREDENTIALS_FILE", "/home/t/creds"),
        ("AWS_ENDPOINT_URL_STS", fake.base.as_str()),
    ];
    let c = load_chain(&vars, &[("cfg", PROFILES), ("creds", KEYS_C)])
        .await
        .unwrap();
    assert_eq!(c.access_key_id(), "ASIAHOP2");
    assert!(within(c.expiry(), 1800), "{:?}", c.expiry());

    let seen = fake.requests();
    assert_eq!(seen.len(), 2, "{seen:?}");
    let (first, second) = (&seen[0], &seen[1]);
    // The first hop is signed with c's keys, in the selected profile's region.
    let auth = first.header("authorization").unwrap();
    assert!(
        auth.contains("Credential=AKIDSOURCE/") && auth.contains("/eu-west-1/sts/aws4_request"),
        "{auth}"
    );
    assert_eq!(first.header("x-amz-security-token"), Some("SOURCETOKEN"));
    assert_eq!(first.form("Action").as_deref(), Some("AssumeRole"));
    assert_eq!(
        first.form("RoleArn").as_deref(),
        Some("arn:aws:iam::444455556666:role/RB")
    );
    let session = first.form("RoleSessionName").unwrap();
    assert!(
        session.starts_with("assume-role-from-profile-"),
        "{session}"
    );
    assert_eq!(first.form("ExternalId"), None);
    // The second with the first hop's credentials, and a's settings.
    let auth = second.header("authorization").unwrap();
    assert!(auth.contains("Credential=ASIAHOP1/"), "{auth}");
    assert_eq!(
        second.header("x-amz-security-token"),
        Some("ROLESECRET-token-ASIAHOP1")
    );
    assert_eq!(
        second.form("RoleArn").as_deref(),
        Some("arn:aws:iam::111122223333:role/RA")
    );
    assert_eq!(second.form("RoleSessionName").as_deref(), Some("session-a"));
    assert_eq!(second.form("ExternalId").as_deref(), Some("ext-a"));
    assert_eq!(second.form("DurationSeconds").as_deref(), Some("1800"));
}

#[tokio::test]
async fn a_container_credential_source_signs_the_role() {
    let container = serve(vec![Reply::Status(
        200,
        format!(
            r#"{{"AccessKeyId":"ASIACONTAINER","SecretAccessKey":"SOURCESECRET","Token":"SOURCETOKEN","Expiration":"{}"}}"#,
            expires_in(3600)
        ),
    )])
    .await;
    let fake = serve(vec![granted("AssumeRole", "ASIATASKROLE", 3600, ROLE)]).await;
    let full_uri = format!("{}/creds", container.base);
    let vars = [
        ("AWS_CONTAINER_CREDENTIALS_FULL_URI", full_uri.as_str()),
        ("AWS_ENDPOINT_URL_STS", fake.base.as_str()),
        ("AWS_REGION", "us-west-2"),
    ];
    let config = format!("[default]\nrole_arn = {ROLE}\ncredential_source = EcsContainer\n");
    let c = load_chain(&vars, &[(".aws/config", &config)])
        .await
        .unwrap();
    assert_eq!(c.access_key_id(), "ASIATASKROLE");
    assert_eq!(container.requests().len(), 1);
    let seen = fake.requests();
    let auth = seen[0].header("authorization").unwrap();
    assert!(
        auth.contains("Credential=ASIACONTAINER/") && auth.contains("/us-west-2/sts/"),
        "{auth}"
    );
}

#[tokio::test]
async fn a_credential_source_that_has_nothing_fails_before_sts_is_called() {
    let fake = serve(vec![]).await;
    let vars = [("AWS_ENDPOINT_URL_STS", fake.base.as_str())];
    let config = format!("[default]\nrole_arn = {ROLE}\ncredential_source = Environment\n");
    let error = load_chain(&vars, &[(".aws/config", &config)])
        .await
        .unwrap_err();
    assert_eq!(
        checked(error.to_string()),
        "cannot load AWS credentials from the profile: profile `default` has \
         credential_source = Environment, which gave none: AWS_ACCESS_KEY_ID is not set \
         (tried before: environment (AWS_ACCESS_KEY_ID is not set))"
    );
    assert!(fake.requests().is_empty());
}

#[tokio::test]
async fn sts_is_the_regional_endpoint_of_the_chains_region() {
    let uris = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&uris);
    let transport = InMemoryTransport::new(move |request: &HttpRequest| {
        log.lock().unwrap().push(request.uri().to_owned());
        let body = credentials_answer(
            "AssumeRoleWithWebIdentity",
            "ASIAMEM",
            &expires_in(3600),
            ROLE,
        );
        sts::response_from_parts(200, [], body).unwrap()
    });
    let sts = Sts::with_transport(transport);
    let web = [
        ("AWS_WEB_IDENTITY_TOKEN_FILE", "/home/t/token"),
        ("AWS_ROLE_ARN", ROLE),
    ];
    let files = [("token", TOKEN)];
    let load = |vars: Vec<(&str, &str)>, sts: Sts<_>| {
        DefaultCredentialsChain::with_env(env(&vars, &files)).with_sts(sts)
    };
    let mut vars = web.to_vec();
    vars.push(("AWS_REGION", "eu-central-1"));
    load(vars, sts.clone()).load().await.unwrap();
    // The profile's region when the environment has none; the fallback without either.
    load(web.to_vec(), sts.clone()).load().await.unwrap();
    let mut vars = web.to_vec();
    vars.push(("AWS_PROFILE", "p"));
    let chain = DefaultCredentialsChain::with_env(env(
        &vars,
        &[
            ("token", TOKEN),
            (".aws/config", "[profile p]\nregion = sa-east-1\n"),
        ],
    ))
    .with_sts(sts.clone());
    chain.load().await.unwrap();
    // An explicit region on the caller wins over the chain's.
    let mut vars = web.to_vec();
    vars.push(("AWS_REGION", "eu-central-1"));
    load(vars, sts.clone().with_region("ca-central-1"))
        .load()
        .await
        .unwrap();
    assert_eq!(
        *uris.lock().unwrap(),
        [
            "https://sts.eu-central-1.amazonaws.com/",
            "https://sts.us-east-1.amazonaws.com/",
            "https://sts.sa-east-1.amazonaws.com/",
            "https://sts.ca-central-1.amazonaws.com/",
        ]
    );
}

#[tokio::test]
async fn the_clients_cache_asks_sts_again_before_the_credentials_expire() {
    // The first credentials expire in 2 s: STS's Expiration reaches the cache, which asks
    // again once their refresh time (0 to 10 s before expiry) has come, instead of keeping
    // them 15 minutes as it would credentials without an expiry. The second ones last an
    // hour, so they are used from the cache. (When within the window the refresh happens
    // is the cache's rule, tested with a fake clock in smithy-client.)
    let fake = serve(vec![
        granted("AssumeRoleWithWebIdentity", "ASIAFIRST", 2, ROLE),
        granted("AssumeRoleWithWebIdentity", "ASIASECOND", 3600, ROLE),
    ])
    .await;
    let vars = [
        ("AWS_WEB_IDENTITY_TOKEN_FILE", "/home/t/token"),
        ("AWS_ROLE_ARN", ROLE),
        ("AWS_ENDPOINT_URL_STS", fake.base.as_str()),
    ];
    let config = Config::new("eu-west-1")
        .with_credentials_provider(default_chain_with_env(env(&vars, &[("token", TOKEN)])));
    // A service call signed with the chain's credentials, answered in memory.
    let signed_with = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&signed_with);
    let transport = InMemoryTransport::new(move |request: &HttpRequest| {
        let auth = request.headers().get("authorization").unwrap_or_default();
        let key = auth
            .split("Credential=")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_default()
            .to_owned();
        log.lock().unwrap().push(key);
        sts::response_from_parts(
            200,
            [],
            "<GetCallerIdentityResponse><GetCallerIdentityResult><Account>111122223333</Account>\
             </GetCallerIdentityResult></GetCallerIdentityResponse>",
        )
        .unwrap()
    });
    let client = sts::Client::with_transport(config, transport);
    let identity = sts::operation::get_caller_identity::GetCallerIdentityRequest::new();
    client.get_caller_identity(&identity).await.unwrap();
    assert_eq!(fake.requests().len(), 1);
    tokio::time::sleep(Duration::from_millis(2100)).await;
    for _ in 0..3 {
        client.get_caller_identity(&identity).await.unwrap();
    }
    assert_eq!(fake.requests().len(), 2, "refreshed once, then cached");
    assert_eq!(
        *signed_with.lock().unwrap(),
        ["ASIAFIRST", "ASIASECOND", "ASIASECOND", "ASIASECOND"]
    );
}
