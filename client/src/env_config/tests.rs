use super::*;

fn env(vars: &[(&str, &str)], config: &str) -> Env {
    let mut all = vec![("HOME", "/home/test")];
    all.extend_from_slice(vars);
    Env::from_vars(all).with_files([("/home/test/.aws/config", config)])
}

fn region(vars: &[(&str, &str)], config: &str) -> Result<String, ConfigError> {
    Config::from_env_with(&env(vars, config)).map(|c| c.region().to_owned())
}

fn endpoint(
    vars: &[(&str, &str)],
    config: &str,
    sdk_id: &str,
) -> Result<Option<String>, ConfigError> {
    Config::from_env_with(&env(vars, config))?.endpoint_for(Some(sdk_id))
}

#[test]
fn region_from_variables_then_profile() {
    let config = "[default]\nregion = from-profile\n[profile dev]\nregion = from-dev\n";
    assert_eq!(
        region(&[(REGION, "r1"), (DEFAULT_REGION, "r2")], config).unwrap(),
        "r1"
    );
    assert_eq!(region(&[(DEFAULT_REGION, "r2")], config).unwrap(), "r2");
    assert_eq!(region(&[], config).unwrap(), "from-profile");
    assert_eq!(
        region(&[("AWS_PROFILE", "dev")], config).unwrap(),
        "from-dev"
    );
    let missing = region(&[], "").unwrap_err();
    assert_eq!(
        missing,
        ConfigError::MissingRegion {
            profile: "default".into()
        }
    );
    assert_eq!(
        missing.to_string(),
        "no region: set AWS_REGION (or AWS_DEFAULT_REGION), or `region` in profile `default`, \
         or use Config::new(region)"
    );
}

#[test]
fn a_named_profile_must_exist_and_files_must_parse() {
    let error = region(&[("AWS_PROFILE", "nope")], "[default]\nregion = x\n").unwrap_err();
    assert!(
        matches!(error, ConfigError::MissingProfile { .. }),
        "{error:?}"
    );
    assert!(
        error
            .to_string()
            .starts_with("AWS_PROFILE names it, but profile `nope` is in neither"),
        "{error}"
    );
    let error = region(&[], "[default\n").unwrap_err();
    assert_eq!(
        error.to_string(),
        "/home/test/.aws/config line 1: a section header must end with `]`"
    );
}

#[test]
fn endpoint_precedence() {
    let config = "[default]\nregion = r\nendpoint_url = http://profile-global\nservices = local\n\
                  [services local]\nfirehose =\n  endpoint_url = http://profile-firehose\n";
    let all = [
        ("AWS_ENDPOINT_URL_FIREHOSE", "http://env-firehose"),
        ("AWS_ENDPOINT_URL", "http://env-global"),
    ];
    let expect = |vars: &[(&str, &str)], config: &str, expected: Option<&str>| {
        assert_eq!(
            endpoint(vars, config, "Firehose").unwrap().as_deref(),
            expected,
            "{vars:?} {config}"
        );
    };
    expect(&all, config, Some("http://env-firehose"));
    expect(&all[1..], config, Some("http://env-global"));
    expect(&[], config, Some("http://profile-firehose"));
    expect(
        &[],
        "[default]\nregion = r\nendpoint_url = http://profile-global\n",
        Some("http://profile-global"),
    );
    // Another service's variable or section entry doesn't apply.
    expect(
        &[("AWS_ENDPOINT_URL_KINESIS", "http://env-kinesis")],
        "[default]\nregion = r\nservices = s\n[services s]\nkinesis =\n  endpoint_url = http://k\n",
        None,
    );
    expect(&[], "[default]\nregion = r\n", None);
    // Ignoring configured endpoints: the variable, or the profile unless the variable says false.
    expect(
        &[all[0], all[1], (IGNORE_ENDPOINT_URLS, "true")],
        config,
        None,
    );
    let ignoring = config.replace(
        "[services local]",
        "ignore_configured_endpoint_urls = true\n[services local]",
    );
    expect(&all, &ignoring, None);
    expect(
        &[all[1], (IGNORE_ENDPOINT_URLS, "FALSE")],
        &ignoring,
        Some("http://env-global"),
    );
    let error = endpoint(&[(IGNORE_ENDPOINT_URLS, "1")], config, "Firehose").unwrap_err();
    assert_eq!(
        error.to_string(),
        "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS must be true or false"
    );
}

#[test]
fn service_keys_come_from_the_sdk_id() {
    assert_eq!(env_key("Firehose"), "FIREHOSE");
    assert_eq!(
        env_key("Application Auto Scaling"),
        "APPLICATION_AUTO_SCALING"
    );
    assert_eq!(env_key("IoT Data Plane"), "IOT_DATA_PLANE");
    assert_eq!(
        profile_key("Application Auto Scaling"),
        "application_auto_scaling"
    );
    let expect = |vars: &[(&str, &str)], config: &str| {
        endpoint(vars, config, "Application Auto Scaling").unwrap()
    };
    assert_eq!(
        expect(
            &[("AWS_ENDPOINT_URL_APPLICATION_AUTO_SCALING", "http://a")],
            "[default]\nregion = r\n"
        )
        .as_deref(),
        Some("http://a")
    );
    for key in ["application_auto_scaling", "application-auto-scaling"] {
        let config = format!(
            "[default]\nregion = r\nservices = s\n[services s]\n{key} =\n  endpoint_url = http://b\n"
        );
        assert_eq!(expect(&[], &config).as_deref(), Some("http://b"), "{key}");
    }
}

#[test]
fn unusable_urls_name_their_source_not_their_value() {
    // Service-independent settings fail `from_env`.
    let error = Config::from_env_with(&env(
        &[
            (REGION, "r"),
            (ENDPOINT_URL, "http://user:SECRETPASS@localhost"),
        ],
        "",
    ))
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "the endpoint URL from AWS_ENDPOINT_URL is unusable: user information \
         (`user:password@`) is not allowed in an endpoint; requests are signed with the \
         configured credentials"
    );
    assert!(!format!("{error:?}").contains("SECRETPASS"), "{error:?}");
    let error = Config::from_env_with(&env(
        &[(REGION, "r"), (ENDPOINT_URL, "http://localhost:99999")],
        "",
    ))
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "the endpoint URL from AWS_ENDPOINT_URL is unusable: port 99999 is not a TCP port \
         (1 to 65535)"
    );
    let error = Config::from_env_with(&env(
        &[(REGION, "r")],
        "[default]\nendpoint_url = localhost:4566\n",
    ))
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "the endpoint URL from `endpoint_url` of profile `default` is unusable: missing \
         scheme (like `https://`)"
    );
    // A service's own setting fails when a client for that service is made.
    let config = Config::from_env_with(&env(
        &[(REGION, "r"), ("AWS_ENDPOINT_URL_FIREHOSE", "ftp://x")],
        "",
    ))
    .unwrap();
    assert_eq!(
        config
            .endpoint_for(Some("Firehose"))
            .unwrap_err()
            .to_string(),
        "the endpoint URL from AWS_ENDPOINT_URL_FIREHOSE is unusable: the scheme must be \
         http or https, not `ftp`"
    );
    assert_eq!(config.endpoint_for(Some("Kinesis")), Ok(None));
    let config = Config::from_env_with(&env(
        &[(REGION, "r")],
        "[default]\nservices = s\n[services s]\nfirehose =\n  endpoint_url = http://\n",
    ))
    .unwrap();
    assert_eq!(
        config
            .endpoint_for(Some("Firehose"))
            .unwrap_err()
            .to_string(),
        "the endpoint URL from the `firehose` entry of the services section of profile \
         `default` is unusable: not a valid URL (empty string)"
    );
}

#[tokio::test]
async fn credentials_come_from_the_same_environment() {
    let env = Env::from_vars([("HOME", "/home/test"), ("AWS_PROFILE", "dev")]).with_files([
        (
            "/home/test/.aws/config",
            "[profile dev]\nregion = eu-north-1\n",
        ),
        (
            "/home/test/.aws/credentials",
            "[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = SECRETKEY\n",
        ),
    ]);
    let config = Config::from_env_with(&env).unwrap();
    assert_eq!(config.region(), "eu-north-1");
    let credentials = config.credentials_cache().resolve().await.unwrap();
    assert_eq!(credentials.access_key_id(), "AKIDDEV");
    let text = format!("{config:?}");
    assert!(
        !text.contains("SECRETKEY") && !text.contains("AKIDDEV"),
        "{text}"
    );
}
