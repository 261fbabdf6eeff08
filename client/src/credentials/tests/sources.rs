//! The environment and profile sources, and `credential_process`.

use super::*;

fn profile_outcome(env: &Env) -> Outcome {
    let chain = DefaultCredentialsChain::for_tests(env.clone(), Duration::from_secs(10));
    block(chain.load_source(CredentialSource::Profile))
}

/// Runs `future` on a current-thread runtime (the process source needs one).
fn block<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(future)
}

#[test]
fn environment_keys_with_and_without_a_session_token() {
    let full = found(environment::load(&env(
        &[
            ("AWS_ACCESS_KEY_ID", "AKIDENV"),
            ("AWS_SECRET_ACCESS_KEY", "SECRETKEY"),
            ("AWS_SESSION_TOKEN", "SESSIONTOKEN"),
        ],
        &[],
    )));
    assert_eq!(full.access_key_id(), "AKIDENV");
    assert_eq!(full.as_sigv4().secret_access_key(), "SECRETKEY");
    assert_eq!(full.as_sigv4().session_token(), Some("SESSIONTOKEN"));
    assert_eq!(full.expiry(), None);
    let long_term = found(environment::load(&env(
        &[
            ("AWS_ACCESS_KEY_ID", "AKIDENV"),
            ("AWS_SECRET_ACCESS_KEY", "SECRETKEY"),
            ("AWS_SESSION_TOKEN", ""),
        ],
        &[],
    )));
    assert!(!long_term.has_session_token());
}

#[test]
fn environment_absent_half_set_and_invalid() {
    assert_eq!(
        not_configured(environment::load(&env(
            &[("AWS_SECRET_ACCESS_KEY", "SECRETKEY")],
            &[]
        ))),
        "AWS_ACCESS_KEY_ID is not set"
    );
    assert_eq!(
        failed(environment::load(&env(
            &[("AWS_ACCESS_KEY_ID", "AKID")],
            &[]
        ))),
        "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not"
    );
    // `Credentials::from_env`'s error names the variable.
    assert_eq!(
        environment::read(&env(&[("AWS_ACCESS_KEY_ID", "AKID")], &[])).err(),
        Some(ConfigError::MissingEnv {
            name: "AWS_SECRET_ACCESS_KEY"
        })
    );
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        let invalid = Env::from_vars([
            ("AWS_ACCESS_KEY_ID", std::ffi::OsString::from("AKID")),
            (
                "AWS_SECRET_ACCESS_KEY",
                std::ffi::OsString::from("SECRETKEY"),
            ),
            (
                "AWS_SESSION_TOKEN",
                std::ffi::OsString::from_vec(vec![0xff]),
            ),
        ]);
        assert_eq!(
            failed(environment::load(&invalid)),
            "the environment variable AWS_SESSION_TOKEN is not valid Unicode"
        );
    }
}

#[test]
fn profile_static_keys_from_either_file() {
    let c = found(profile_outcome(&env(
        &[],
        &[(
            ".aws/credentials",
            "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = SECRETKEY\n",
        )],
    )));
    assert_eq!(c.access_key_id(), "AKIDFILE");
    assert!(!c.has_session_token());
    // Keys in the config file work too; AWS_PROFILE picks the profile.
    let c = found(profile_outcome(&env(
        &[("AWS_PROFILE", "dev")],
        &[(
            ".aws/config",
            "[default]\naws_access_key_id = WRONG\naws_secret_access_key = WRONG\n\
             [profile dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = SECRETKEY\n\
             aws_session_token = SESSIONTOKEN\n",
        )],
    )));
    assert_eq!(c.access_key_id(), "AKIDDEV");
    assert_eq!(c.as_sigv4().session_token(), Some("SESSIONTOKEN"));
}

#[test]
fn profile_absent_or_without_credentials_passes_a_named_one_fails() {
    let why = not_configured(profile_outcome(&env(&[], &[])));
    assert_eq!(
        why,
        "profile `default` is in neither /home/test/.aws/config nor /home/test/.aws/credentials"
    );
    let why = not_configured(profile_outcome(&env(
        &[],
        &[(".aws/config", "[default]\nregion = eu-west-1\n")],
    )));
    assert_eq!(
        why,
        "profile `default` has no credentials (aws_access_key_id, credential_process, role_arn, \
         web_identity_token_file)"
    );
    let why = failed(profile_outcome(&env(
        &[("AWS_PROFILE", "missing")],
        &[(".aws/config", "[missing]\n")],
    )));
    assert!(
        why.starts_with("AWS_PROFILE names it, but profile `missing` is in neither")
            && why.contains("config-file profiles are written [profile missing]"),
        "{why}"
    );
}

#[test]
fn profile_half_keys_fail() {
    let why = failed(profile_outcome(&env(
        &[],
        &[(".aws/credentials", "[default]\naws_access_key_id = AKID\n")],
    )));
    assert_eq!(
        why,
        "profile `default` has aws_access_key_id but no aws_secret_access_key"
    );
    let why = failed(profile_outcome(&env(
        &[],
        &[(
            ".aws/credentials",
            "[default]\naws_secret_access_key = SECRETKEY\n",
        )],
    )));
    assert_eq!(
        why,
        "profile `default` has aws_secret_access_key but no aws_access_key_id"
    );
}

#[test]
fn profiles_that_need_sts_or_sso_are_unsupported_without_it() {
    const BASE: &str =
        "[profile base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = SECRETKEY\n";
    for (properties, needs, what) in [
        (
            "role_arn = arn:aws:iam::1:role/r\nsource_profile = base\n",
            Unsupported::Sts,
            "profile `p` assumes a role (`role_arn`), which needs STS",
        ),
        (
            "role_arn = arn:aws:iam::1:role/r\ncredential_source = Environment\n",
            Unsupported::Sts,
            "profile `p` assumes a role (`role_arn`), which needs STS",
        ),
        (
            "role_arn = arn:aws:iam::1:role/r\nweb_identity_token_file = /t\n",
            Unsupported::Sts,
            "profile `p` uses web identity (`web_identity_token_file`), which needs STS",
        ),
        (
            "sso_session = corp\nsso_account_id = 1\nsso_role_name = r\n",
            Unsupported::Sso,
            "profile `p` uses IAM Identity Center (`sso_session`)",
        ),
        (
            "sso_start_url = https://x\nsso_region = us-east-1\n",
            Unsupported::Sso,
            "profile `p` uses IAM Identity Center (`sso_start_url`)",
        ),
        (
            "role_arn = arn:aws:iam::1:role/r\nsource_profile = base\nmfa_serial = arn:aws:iam::1:mfa/me\n",
            Unsupported::Mfa,
            "profile `p` assumes a role that needs an MFA code (mfa_serial)",
        ),
    ] {
        // Static keys in the same profile don't hide the role: the SDKs assume it.
        let config = format!(
            "[profile p]\n{properties}aws_access_key_id = AKID\naws_secret_access_key = SECRETKEY\n{BASE}"
        );
        let (found_needs, why) = unsupported(profile_outcome(&env(
            &[("AWS_PROFILE", "p")],
            &[(".aws/config", &config)],
        )));
        assert_eq!((found_needs, why.as_str()), (needs, what));
    }
}

#[test]
fn a_credential_source_without_a_role_gives_that_sources_credentials() {
    let c = found(profile_outcome(&env(
        &[
            ("AWS_PROFILE", "p"),
            ("AWS_ACCESS_KEY_ID", "AKIDENV"),
            ("AWS_SECRET_ACCESS_KEY", "SECRETKEY"),
        ],
        &[(
            ".aws/config",
            "[profile p]\ncredential_source = environment\n",
        )],
    )));
    assert_eq!(c.access_key_id(), "AKIDENV");
    let why = failed(profile_outcome(&env(
        &[("AWS_PROFILE", "p")],
        &[(
            ".aws/config",
            "[profile p]\ncredential_source = Environment\n",
        )],
    )));
    assert_eq!(
        why,
        "profile `p` has credential_source = Environment, which gave none: AWS_ACCESS_KEY_ID \
         is not set"
    );
}

#[cfg(unix)]
mod credential_process {
    use super::*;

    fn run(command: &str, timeout: Duration) -> Result<Credentials, String> {
        block(process::run(command, timeout)).map_err(checked)
    }

    #[test]
    fn output_with_version_1_and_expiration() {
        let c = run(
            r#"printf '{"Version": 1, "AccessKeyId": "AKIDPROC", "SecretAccessKey": "SECRETKEY", "SessionToken": "SESSIONTOKEN", "Expiration": "2030-01-02T03:04:05Z"}'"#,
            Duration::from_secs(10),
        )
        .unwrap();
        assert_eq!(c.access_key_id(), "AKIDPROC");
        assert_eq!(c.as_sigv4().session_token(), Some("SESSIONTOKEN"));
        assert_eq!(
            c.expiry(),
            Some(SystemTime::UNIX_EPOCH + Duration::from_secs(1_893_553_445))
        );
    }

    #[test]
    fn through_a_profile() {
        let c = found(profile_outcome(&env(
            &[],
            &[(
                ".aws/config",
                "[default]\ncredential_process = printf '{\"Version\":1,\"AccessKeyId\":\"AKIDPROC\",\"SecretAccessKey\":\"SECRETKEY\"}'\n",
            )],
        )));
        assert_eq!(c.access_key_id(), "AKIDPROC");
        assert_eq!(c.expiry(), None);
        // credential_process is used before static keys of the same profile.
        let c = found(profile_outcome(&env(
            &[],
            &[(
                ".aws/config",
                "[default]\naws_access_key_id = AKIDSTATIC\naws_secret_access_key = SECRETKEY\n\
                 credential_process = printf '{\"Version\":1,\"AccessKeyId\":\"AKIDPROC\",\"SecretAccessKey\":\"SECRETKEY\"}'\n",
            )],
        )));
        assert_eq!(c.access_key_id(), "AKIDPROC");
    }

    #[test]
    fn failures_say_why_without_the_arguments() {
        let why = run(
            "echo AUTHTOKEN-argument >/dev/null; echo 'no session' >&2; exit 3",
            Duration::from_secs(10),
        )
        .unwrap_err();
        assert_eq!(
            why,
            "credential_process `echo ...` (arguments not shown) failed (exit status: 3): no session"
        );
        let why = run("printf '{\"Version\": 2}'", Duration::from_secs(10)).unwrap_err();
        assert!(
            why.ends_with("is unusable: `Version` is 2; only 1 is supported"),
            "{why}"
        );
        let why = run("printf 'SECRETKEY not json'", Duration::from_secs(10)).unwrap_err();
        assert!(why.contains("not a valid JSON object"), "{why}");
        let why = run("/nonexistent/helper", Duration::from_secs(10)).unwrap_err();
        assert!(
            why.starts_with("credential_process `/nonexistent/helper` failed (exit status: 127)"),
            "{why}"
        );
    }

    #[test]
    fn a_slow_command_is_killed_at_the_timeout() {
        let started = std::time::Instant::now();
        let why = run("sleep 30", Duration::from_millis(300)).unwrap_err();
        assert_eq!(
            why,
            "credential_process `sleep ...` (arguments not shown) did not finish within 300ms"
        );
        assert!(started.elapsed() < Duration::from_secs(5));
    }

    #[test]
    fn endless_output_is_cut_and_the_command_stops() {
        // `yes` never ends by itself: it stops when the closed pipe breaks, long before the
        // time limit.
        let started = std::time::Instant::now();
        let why = run("yes SECRETKEY", Duration::from_secs(30)).unwrap_err();
        assert_eq!(
            why,
            format!(
                "credential_process `yes ...` (arguments not shown) printed more than {} bytes",
                process::MAX_OUTPUT
            )
        );
        assert!(started.elapsed() < Duration::from_secs(10));
    }

    #[test]
    fn no_runtime_is_an_error_not_a_panic() {
        let mut future = std::pin::pin!(process::run("true", Duration::from_secs(1)));
        let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
        match future.as_mut().poll(&mut cx) {
            std::task::Poll::Ready(Err(why)) => {
                assert_eq!(
                    why,
                    "credential_process `true` needs a Tokio runtime to run in"
                )
            }
            _ => panic!("expected an error"),
        }
    }
}
