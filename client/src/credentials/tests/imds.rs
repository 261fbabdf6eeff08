//! The instance-metadata source against a local fake of IMDSv2.

use super::super::imds::{DISABLED, ENDPOINT, ENDPOINT_MODE, ImdsSource};
use super::*;
use fake_http::{Fake, Reply, ok, serve};

const ROLE_PATH: &str = "/latest/meta-data/iam/security-credentials/";

async fn load_from(source: &ImdsSource, fake: &Fake, extra: &[(&str, &str)]) -> Outcome {
    let mut vars = vec![(ENDPOINT, fake.base.as_str())];
    vars.extend_from_slice(extra);
    let env = env(&vars, &[]);
    let files = ProfileFiles::load(&env).unwrap();
    source.load(&env, &files).await
}

fn token_reply(token: &str) -> Reply {
    ok(token)
}

#[tokio::test]
async fn token_then_role_then_credentials() {
    let fake = serve(vec![
        token_reply("imds-session-token"),
        ok("ec2-role\n"),
        ok(&endpoint_document("ASIAIMDS")),
    ])
    .await;
    let source = ImdsSource::for_tests();
    let c = found(load_from(&source, &fake, &[]).await);
    assert_eq!(c.access_key_id(), "ASIAIMDS");
    assert_eq!(c.as_sigv4().session_token(), Some("SESSIONTOKEN"));
    let requests = fake.requests();
    assert_eq!(
        fake.paths(),
        [
            "PUT /latest/api/token".to_owned(),
            format!("GET {ROLE_PATH}"),
            format!("GET {ROLE_PATH}ec2-role"),
        ]
    );
    assert_eq!(
        requests[0].header("x-aws-ec2-metadata-token-ttl-seconds"),
        Some("21600")
    );
    for get in &requests[1..] {
        assert_eq!(
            get.header("x-aws-ec2-metadata-token"),
            Some("imds-session-token")
        );
    }
}

#[tokio::test]
async fn the_token_is_kept_and_fetched_again_after_a_401() {
    let fake = serve(vec![
        token_reply("token-1"),
        ok("role"),
        ok(&endpoint_document("ASIAONE")),
        // Second load: the kept token is refused once, then a new one works.
        Reply::Status(401, String::new()),
        token_reply("token-2"),
        ok("role"),
        ok(&endpoint_document("ASIATWO")),
    ])
    .await;
    let source = ImdsSource::for_tests();
    assert_eq!(
        found(load_from(&source, &fake, &[]).await).access_key_id(),
        "ASIAONE"
    );
    assert_eq!(
        found(load_from(&source, &fake, &[]).await).access_key_id(),
        "ASIATWO"
    );
    let paths = fake.paths();
    assert_eq!(
        paths.iter().filter(|p| p.starts_with("PUT")).count(),
        2,
        "{paths:?}"
    );
    let requests = fake.requests();
    assert_eq!(
        requests[3].header("x-aws-ec2-metadata-token"),
        Some("token-1")
    );
    assert_eq!(
        requests[5].header("x-aws-ec2-metadata-token"),
        Some("token-2")
    );
}

#[tokio::test]
async fn no_role_passes_on() {
    let fake = serve(vec![token_reply("t"), Reply::Status(404, String::new())]).await;
    let why = not_configured(load_from(&ImdsSource::for_tests(), &fake, &[]).await);
    assert_eq!(
        why,
        format!("{} has no IAM role for this instance (404)", fake.base)
    );
}

#[tokio::test]
async fn server_errors_are_retried_four_times() {
    let mut replies = vec![token_reply("t")];
    replies.extend(vec![Reply::Status(500, String::new()); 4]);
    let fake = serve(replies).await;
    let why = failed(load_from(&ImdsSource::for_tests(), &fake, &[]).await);
    assert_eq!(
        why,
        format!(
            "{} answered 500 Internal Server Error for the role name",
            fake.base
        )
    );
    assert_eq!(fake.paths().len(), 5);
}

#[tokio::test]
async fn a_refused_token_fails_and_says_why() {
    let fake = serve(vec![Reply::Status(403, String::new())]).await;
    let why = failed(load_from(&ImdsSource::for_tests(), &fake, &[]).await);
    assert!(why.contains("refused the role name (403)"), "{why}");
    assert_eq!(fake.paths().len(), 1);
}

#[tokio::test]
async fn unreachable_or_silent_imds_is_not_retried() {
    let source = ImdsSource::for_tests();
    let env = env(&[(ENDPOINT, "http://127.0.0.1:1")], &[]);
    let files = ProfileFiles::load(&env).unwrap();
    let why = not_configured(source.load(&env, &files).await);
    assert!(
        why.starts_with("no instance metadata at http://127.0.0.1:1: cannot connect"),
        "{why}"
    );

    let fake = serve(vec![
        Reply::Slow(Duration::from_secs(5), "t".into()),
        token_reply("never used"),
    ])
    .await;
    let started = std::time::Instant::now();
    let why = not_configured(load_from(&source, &fake, &[]).await);
    assert_eq!(
        why,
        format!(
            "no instance metadata at {}: no response within 1s",
            fake.base
        )
    );
    assert!(started.elapsed() < Duration::from_secs(4));
    assert_eq!(fake.paths().len(), 1);
}

#[tokio::test]
async fn disabled_by_the_variable_or_the_profile() {
    let fake = serve(vec![]).await;
    let source = ImdsSource::for_tests();
    for value in ["true", "TRUE"] {
        let why = not_configured(load_from(&source, &fake, &[(DISABLED, value)]).await);
        assert_eq!(why, format!("{DISABLED} is true"));
    }
    let why = failed(load_from(&source, &fake, &[(DISABLED, "yes")]).await);
    assert_eq!(why, format!("{DISABLED} must be true or false"));

    let env = env(
        &[(ENDPOINT, fake.base.as_str())],
        &[(".aws/config", "[default]\ndisable_ec2_metadata = true\n")],
    );
    let files = ProfileFiles::load(&env).unwrap();
    let why = not_configured(source.load(&env, &files).await);
    assert_eq!(why, "disable_ec2_metadata of profile `default` is true");
    assert!(fake.paths().is_empty());
}

#[tokio::test]
async fn service_errors_and_bad_role_names() {
    let fake = serve(vec![
        token_reply("t"),
        ok("role"),
        ok(r#"{"Code":"AssumeRoleUnauthorizedAccess","Message":"EC2 cannot assume the role"}"#),
    ])
    .await;
    let why = failed(load_from(&ImdsSource::for_tests(), &fake, &[]).await);
    assert_eq!(
        why,
        format!(
            "credentials of role role from {}: the endpoint answered \
             AssumeRoleUnauthorizedAccess: EC2 cannot assume the role",
            fake.base
        )
    );
    let fake = serve(vec![token_reply("t"), ok("../../etc/passwd")]).await;
    let why = failed(load_from(&ImdsSource::for_tests(), &fake, &[]).await);
    assert_eq!(why, format!("{} answered an unusable role name", fake.base));
}

#[tokio::test]
async fn expired_credentials_are_used_a_while_longer() {
    let expired = r#"{"Code":"Success","AccessKeyId":"ASIAOLD","SecretAccessKey":"SECRETKEY","Token":"SESSIONTOKEN","Expiration":"2020-01-01T00:00:00Z"}"#;
    let fake = serve(vec![token_reply("t"), ok("role"), ok(expired)]).await;
    let before = SystemTime::now();
    let c = found(load_from(&ImdsSource::for_tests(), &fake, &[]).await);
    let expiry = c.expiry().unwrap();
    // 10 minutes plus up to 5 of jitter.
    assert!(expiry >= before + Duration::from_secs(600), "{expiry:?}");
    assert!(
        expiry <= SystemTime::now() + Duration::from_secs(900),
        "{expiry:?}"
    );
}

#[test]
fn endpoint_from_variables_and_profile() {
    for (vars, config, expected) in [
        (vec![], "", Ok("http://169.254.169.254".to_owned())),
        (
            vec![(ENDPOINT_MODE, "IPv6")],
            "",
            Ok("http://[fd00:ec2::254]".to_owned()),
        ),
        (
            vec![],
            "[default]\nec2_metadata_service_endpoint_mode = ipv6\n",
            Ok("http://[fd00:ec2::254]".to_owned()),
        ),
        (
            vec![(ENDPOINT_MODE, "IPv4")],
            "[default]\nec2_metadata_service_endpoint = http://127.0.0.1:1/\n",
            Ok("http://127.0.0.1:1".to_owned()),
        ),
        (
            vec![(ENDPOINT, "https://imds.test:8443")],
            "[default]\nec2_metadata_service_endpoint = http://127.0.0.1:1/\n",
            Ok("https://imds.test:8443".to_owned()),
        ),
        (
            vec![(ENDPOINT_MODE, "IPv5")],
            "",
            Err(format!("{ENDPOINT_MODE} must be IPv4 or IPv6")),
        ),
        (
            vec![],
            "[default]\nec2_metadata_service_endpoint_mode = v6\n",
            Err(
                "ec2_metadata_service_endpoint_mode of profile `default` must be IPv4 or IPv6"
                    .to_owned(),
            ),
        ),
        (
            vec![(ENDPOINT, "169.254.169.254")],
            "",
            Err(format!(
                "{ENDPOINT} is not an http(s) URL without user info"
            )),
        ),
        (
            vec![(ENDPOINT, "http://u:SECRETKEY@127.0.0.1")],
            "",
            Err(format!(
                "{ENDPOINT} is not an http(s) URL without user info"
            )),
        ),
    ] {
        let env = env(&vars, &[(".aws/config", config)]);
        let files = ProfileFiles::load(&env).unwrap();
        assert_eq!(
            super::super::imds::endpoint(&env, &files),
            expected,
            "{vars:?} {config}"
        );
    }
}
