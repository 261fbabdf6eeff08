//! The container source against a local fake of the ECS agent / EKS Pod Identity agent.

use super::super::container::{ContainerSource, FULL_URI, RELATIVE_URI, TOKEN, TOKEN_FILE};
use super::*;
use fake_http::{Reply, ok, serve};

async fn load(vars: &[(&str, &str)], files: &[(&str, &str)]) -> Outcome {
    ContainerSource::for_tests().load(&env(vars, files)).await
}

#[tokio::test]
async fn relative_uri_goes_to_the_ecs_agent() {
    let fake = serve(vec![ok(&endpoint_document("ASIAECS"))]).await;
    let source = ContainerSource::for_tests().with_ecs_base(&fake.base);
    let c = found(
        source
            .load(&env(&[(RELATIVE_URI, "/v2/credentials/task-id")], &[]))
            .await,
    );
    assert_eq!(c.access_key_id(), "ASIAECS");
    assert_eq!(c.as_sigv4().session_token(), Some("SESSIONTOKEN"));
    assert!(c.expiry().is_some());
    let requests = fake.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].line(), "GET /v2/credentials/task-id");
    assert_eq!(requests[0].header("accept"), Some("application/json"));
    assert_eq!(requests[0].header("authorization"), None);
}

#[tokio::test]
async fn relative_uri_wins_and_its_base_is_the_ecs_address() {
    // Without the test base, the relative URI points at 169.254.170.2; a full URI is not
    // used when a relative one is set. Check the URL only: nothing is sent.
    let source = ContainerSource::for_tests();
    let uri = source
        .uri(&env(
            &[(RELATIVE_URI, "/creds"), (FULL_URI, "http://127.0.0.1:1/x")],
            &[],
        ))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(uri.to_string(), "http://169.254.170.2/creds");
}

#[tokio::test]
async fn full_uri_with_the_token_file_before_the_token() {
    let fake = serve(vec![ok(&endpoint_document("ASIAEKS"))]).await;
    let url = format!("{}/v1/credentials", fake.base);
    let c = found(
        load(
            &[
                (FULL_URI, &url),
                (TOKEN_FILE, "/home/test/eks-token"),
                (TOKEN, "NOT-THIS-ONE"),
            ],
            &[("eks-token", "AUTHTOKEN-from-file\n")],
        )
        .await,
    );
    assert_eq!(c.access_key_id(), "ASIAEKS");
    let requests = fake.requests();
    assert_eq!(requests[0].line(), "GET /v1/credentials");
    // The file's contents without the line end.
    assert_eq!(
        requests[0].header("authorization"),
        Some("AUTHTOKEN-from-file")
    );

    let fake = serve(vec![ok(&endpoint_document("ASIAEKS"))]).await;
    let url = format!("{}/v1/credentials", fake.base);
    found(load(&[(FULL_URI, &url), (TOKEN, "AUTHTOKEN-var")], &[]).await);
    assert_eq!(
        fake.requests()[0].header("authorization"),
        Some("AUTHTOKEN-var")
    );
}

#[tokio::test]
async fn a_hostname_that_resolves_to_loopback_is_allowed() {
    let fake = serve(vec![ok(&endpoint_document("ASIALOCAL"))]).await;
    let url = fake.base.replace("127.0.0.1", "localhost") + "/creds";
    let c = found(load(&[(FULL_URI, &url)], &[]).await);
    assert_eq!(c.access_key_id(), "ASIALOCAL");
}

#[tokio::test]
async fn full_uri_rules() {
    let source = ContainerSource::for_tests();
    for allowed in [
        "http://127.0.0.1/creds",
        "http://127.1.2.3:8080/creds",
        "http://[::1]/creds",
        "http://169.254.170.2/v2/credentials",
        "http://169.254.170.23/v1/credentials",
        "http://[fd00:ec2::23]/v1/credentials",
        "https://creds.example.com/anything",
    ] {
        let uri = source.uri(&env(&[(FULL_URI, allowed)], &[])).await;
        assert!(matches!(uri, Ok(Some(_))), "{allowed}: {uri:?}");
    }
    for (denied, why) in [
        (
            "http://169.254.170.3/creds",
            "is plain http to 169.254.170.3, which is not a loopback, ECS or EKS Pod Identity address",
        ),
        ("http://10.0.0.1/creds", "is plain http to 10.0.0.1"),
        (
            "http://user:SECRETKEY@127.0.0.1/creds",
            "must not contain user info",
        ),
        ("ftp://127.0.0.1/creds", "must be an http or https URL"),
        ("/creds", "must be an absolute http or https URL"),
        ("http://exa mple/", "is not a valid URL"),
    ] {
        let error = checked(
            source
                .uri(&env(&[(FULL_URI, denied)], &[]))
                .await
                .unwrap_err(),
        );
        assert!(
            error.starts_with(FULL_URI) && error.contains(why),
            "{denied}: {error}"
        );
        // The outcome is a failure: the chain stops rather than going on to IMDS.
        let why = failed(load(&[(FULL_URI, denied)], &[]).await);
        assert_eq!(why, error);
    }
    let error = source
        .uri(&env(&[(RELATIVE_URI, "creds")], &[]))
        .await
        .unwrap_err();
    assert_eq!(error, format!("{RELATIVE_URI} must start with `/`"));
}

#[tokio::test]
async fn not_configured_without_either_variable() {
    assert_eq!(
        not_configured(load(&[], &[]).await),
        format!("neither {RELATIVE_URI} nor {FULL_URI} is set")
    );
}

#[tokio::test]
async fn retries_server_errors_and_unreadable_answers_then_gives_up() {
    let fake = serve(vec![
        Reply::Status(500, "oops".into()),
        ok("{not json"),
        ok(&endpoint_document("ASIARETRY")),
    ])
    .await;
    let url = format!("{}/creds", fake.base);
    let c = found(load(&[(FULL_URI, &url)], &[]).await);
    assert_eq!(c.access_key_id(), "ASIARETRY");
    assert_eq!(fake.paths().len(), 3);

    let fake = serve(vec![Reply::Status(503, String::new()); 4]).await;
    let url = format!("{}/creds", fake.base);
    let why = failed(load(&[(FULL_URI, &url)], &[]).await);
    assert_eq!(
        why,
        format!(
            "{} answered 503 Service Unavailable (after 3 attempts)",
            fake.base
        )
    );
    assert_eq!(fake.paths().len(), 3);
}

#[tokio::test]
async fn client_errors_are_not_retried_and_carry_the_message() {
    let fake = serve(vec![Reply::Status(
        403,
        r#"{"Code":"AccessDenied","Message":"token rejected"}"#.into(),
    )])
    .await;
    let url = format!("{}/creds", fake.base);
    let why = failed(load(&[(FULL_URI, &url), (TOKEN, "AUTHTOKEN")], &[]).await);
    assert_eq!(
        why,
        format!(
            "{} answered 403 Forbidden (the endpoint answered AccessDenied: token rejected)",
            fake.base
        )
    );
    assert_eq!(fake.paths().len(), 1);
}

#[tokio::test]
async fn oversized_and_slow_answers_are_bounded() {
    let fake = serve(vec![
        Reply::Huge(super::super::http::MAX_RESPONSE_BYTES + 1);
        3
    ])
    .await;
    let url = format!("{}/creds", fake.base);
    let why = failed(load(&[(FULL_URI, &url)], &[]).await);
    assert!(
        why.contains("announces 65537 bytes, more than the limit of 65536 bytes"),
        "{why}"
    );

    // Refused connections are retried and then reported with the endpoint.
    let why = failed(load(&[(FULL_URI, "http://127.0.0.1:1/creds")], &[]).await);
    assert!(
        why.starts_with("http://127.0.0.1:1: cannot connect")
            && why.ends_with("(after 3 attempts)"),
        "{why}"
    );

    // A silent endpoint: each attempt ends at its time limit (1 s in the tests).
    let slow = Reply::Slow(Duration::from_secs(5), endpoint_document("ASIASLOW"));
    let fake = serve(vec![slow.clone(), slow.clone(), slow]).await;
    let url = format!("{}/creds", fake.base);
    let started = std::time::Instant::now();
    let why = failed(load(&[(FULL_URI, &url)], &[]).await);
    assert_eq!(
        why,
        format!("{}: no response within 1s (after 3 attempts)", fake.base)
    );
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn bad_tokens_fail_without_showing_them() {
    let why = failed(
        load(
            &[
                (FULL_URI, "http://127.0.0.1:1/creds"),
                (TOKEN, "AUTHTOKEN\r\nX-Injected: 1"),
            ],
            &[],
        )
        .await,
    );
    assert_eq!(
        why,
        format!("the token in {TOKEN} has characters an HTTP header can't carry")
    );
    let why = failed(
        load(
            &[
                (FULL_URI, "http://127.0.0.1:1/creds"),
                (TOKEN_FILE, "/home/test/none"),
            ],
            &[],
        )
        .await,
    );
    assert!(
        why.starts_with(&format!("cannot read {TOKEN_FILE} (/home/test/none)")),
        "{why}"
    );
}
