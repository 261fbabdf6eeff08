//! The default chain: order, stopping rules, the error that lists the sources, the time limit.

use super::*;

const STATIC_PROFILE: (&str, &str) = (
    ".aws/credentials",
    "[default]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = SECRETKEY\n",
);
const ENV_KEYS: [(&str, &str); 2] = [
    ("AWS_ACCESS_KEY_ID", "AKIDENV"),
    ("AWS_SECRET_ACCESS_KEY", "SECRETKEY"),
];
/// Keeps a test off the real IMDS address: nothing listens on port 1.
const NO_IMDS: (&str, &str) = ("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:1");

fn chain(vars: &[(&str, &str)], files: &[(&str, &str)]) -> DefaultCredentialsChain {
    DefaultCredentialsChain::for_tests(env(vars, files), Duration::from_secs(10))
}

fn error_text(error: &CredentialsError) -> String {
    checked(format!("{error} {error:?}"))
}

#[tokio::test]
async fn the_environment_comes_before_the_profile() {
    let mut vars = ENV_KEYS.to_vec();
    vars.push(NO_IMDS);
    let c = chain(&vars, &[STATIC_PROFILE]).load().await.unwrap();
    assert_eq!(c.access_key_id(), "AKIDENV");
    let c = chain(&[NO_IMDS], &[STATIC_PROFILE]).load().await.unwrap();
    assert_eq!(c.access_key_id(), "AKIDPROFILE");
}

#[test]
fn the_environment_and_profile_need_no_runtime() {
    let chain = chain(&ENV_KEYS, &[]);
    let mut future = std::pin::pin!(chain.load());
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    match future.as_mut().poll(&mut cx) {
        std::task::Poll::Ready(Ok(c)) => assert_eq!(c.access_key_id(), "AKIDENV"),
        _ => panic!("expected credentials at once"),
    }
}

#[cfg(feature = "hyper")]
mod with_http {
    use super::*;
    use fake_http::{Reply, ok, serve};

    #[tokio::test]
    async fn the_profile_comes_before_the_container_and_the_container_before_imds() {
        let container = serve(vec![ok(&endpoint_document("ASIACONTAINER"))]).await;
        let imds = serve(vec![]).await;
        let full_uri = format!("{}/creds", container.base);
        let vars = [
            ("AWS_CONTAINER_CREDENTIALS_FULL_URI", full_uri.as_str()),
            ("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.base.as_str()),
        ];
        let c = chain(&vars, &[STATIC_PROFILE]).load().await.unwrap();
        assert_eq!(c.access_key_id(), "AKIDPROFILE");
        assert!(container.paths().is_empty());

        let c = chain(&vars, &[]).load().await.unwrap();
        assert_eq!(c.access_key_id(), "ASIACONTAINER");
        assert_eq!(container.paths().len(), 1);
        assert!(imds.paths().is_empty());
    }

    #[tokio::test]
    async fn imds_is_last() {
        let imds = serve(vec![
            ok("t"),
            ok("role"),
            ok(&endpoint_document("ASIAIMDS")),
        ])
        .await;
        let c = chain(
            &[("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.base.as_str())],
            &[],
        )
        .load()
        .await
        .unwrap();
        assert_eq!(c.access_key_id(), "ASIAIMDS");
    }

    #[tokio::test]
    async fn nothing_anywhere_lists_every_source() {
        let error = chain(&[NO_IMDS], &[]).load().await.unwrap_err();
        let CredentialsError::NotFound { tried } = &error else {
            panic!("{error:?}");
        };
        let sources: Vec<_> = tried.iter().map(|t| t.source).collect();
        assert_eq!(
            sources,
            [
                CredentialSource::Environment,
                CredentialSource::Profile,
                CredentialSource::WebIdentity,
                CredentialSource::Container,
                CredentialSource::InstanceMetadata
            ]
        );
        let text = error.to_string();
        assert!(
            text.starts_with(
                "no AWS credentials found; tried environment (AWS_ACCESS_KEY_ID is not set), \
                 profile (profile `default` is in neither /home/test/.aws/config nor \
                 /home/test/.aws/credentials), web identity (AWS_WEB_IDENTITY_TOKEN_FILE is not \
                 set), container (neither \
                 AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor AWS_CONTAINER_CREDENTIALS_FULL_URI \
                 is set), instance metadata (no instance metadata at http://127.0.0.1:1: \
                 cannot connect"
            ),
            "{text}"
        );
        error_text(&error);
    }

    #[tokio::test]
    async fn a_failing_source_stops_the_chain() {
        let container = serve(vec![ok(&endpoint_document("ASIACONTAINER"))]).await;
        let full_uri = format!("{}/creds", container.base);
        let error = chain(
            &[("AWS_CONTAINER_CREDENTIALS_FULL_URI", full_uri.as_str())],
            &[(
                ".aws/config",
                "[default]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = x\n",
            )],
        )
        .load()
        .await
        .unwrap_err();
        // The container would have answered, but the role profile came first and failed.
        assert!(container.paths().is_empty());
        let CredentialsError::SourceFailed { tried, failed } = &error else {
            panic!("{error:?}");
        };
        assert_eq!(tried.len(), 1);
        assert_eq!(tried[0].source, CredentialSource::Environment);
        assert_eq!(failed.source, CredentialSource::Profile);
        assert!(error.to_string().starts_with(
            "cannot load AWS credentials from the profile: profile `default` names \
             source_profile `x`, which neither file defines"
        ));
        error_text(&error);
    }

    #[tokio::test]
    async fn the_chain_has_a_time_limit_and_says_where_it_ran_out() {
        let container = serve(vec![Reply::Slow(
            Duration::from_secs(10),
            endpoint_document("X"),
        )])
        .await;
        let full_uri = format!("{}/creds", container.base);
        let chain = DefaultCredentialsChain::for_tests(
            env(
                &[("AWS_CONTAINER_CREDENTIALS_FULL_URI", full_uri.as_str())],
                &[],
            ),
            Duration::from_millis(300),
        );
        let started = std::time::Instant::now();
        let error = chain.load().await.unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(3));
        let CredentialsError::TimedOut {
            after,
            tried,
            during,
        } = &error
        else {
            panic!("{error:?}");
        };
        assert_eq!(*after, Duration::from_millis(300));
        assert_eq!(*during, Some(CredentialSource::Container));
        assert_eq!(tried.len(), 3);
        assert!(
            error
                .to_string()
                .starts_with("loading AWS credentials took longer than 300ms in the container source (tried before: environment"),
            "{error}"
        );
    }
}

#[tokio::test]
async fn a_broken_profile_file_stops_the_chain_with_its_line() {
    let error = chain(
        &[NO_IMDS],
        &[(
            ".aws/config",
            "[default]\naws_secret_access_key SECRETKEY\n",
        )],
    )
    .load()
    .await
    .unwrap_err();
    assert_eq!(
        error_text(&error).split(" SourceFailed").next().unwrap(),
        "cannot load AWS credentials from the profile: /home/test/.aws/config line 2: \
         expected `key = value` (no `=` found) (tried before: environment (AWS_ACCESS_KEY_ID \
         is not set))"
    );
}

#[cfg(unix)]
#[tokio::test]
async fn a_slow_credential_process_ends_at_the_chain_time_limit() {
    let chain = chain(
        &[NO_IMDS],
        &[(".aws/config", "[default]\ncredential_process = sleep 30\n")],
    )
    .with_load_timeout(Duration::from_millis(300));
    let started = std::time::Instant::now();
    let error = chain.load().await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(3));
    assert_eq!(
        error,
        CredentialsError::TimedOut {
            after: Duration::from_millis(300),
            tried: vec![SourceAttempt::new(
                CredentialSource::Environment,
                "AWS_ACCESS_KEY_ID is not set"
            )],
            during: Some(CredentialSource::Profile),
        }
    );
}
