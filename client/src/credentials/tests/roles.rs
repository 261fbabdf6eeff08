//! Roles: the profile chain rules (pure resolution), and the chain running them through a
//! fake [`AssumeRoles`] that records every call.

use std::sync::Mutex;
use std::time::SystemTime;

use super::*;
use crate::credentials::role_chain::{self, Base, Refused, Resolved};

/// Secret-looking values the files and tokens here hold; none may show in any message.
const TOKEN: &str = "AUTHTOKEN-web-identity";

fn resolve(config: &str, credentials: &str, selected: &str) -> Result<Resolved, Refused> {
    let files = ProfileFiles::load(&env(
        &[("AWS_PROFILE", selected)],
        &[(".aws/config", config), (".aws/credentials", credentials)],
    ))
    .unwrap();
    role_chain::resolve(&files)
}

/// The plan for `selected` as lines: the base, then each role.
fn steps(config: &str, selected: &str) -> Vec<String> {
    let plan = match resolve(config, "", selected) {
        Ok(Resolved::Plan(plan)) => plan,
        other => panic!("expected a plan: {other:?}"),
    };
    let mut lines = vec![match &plan.base {
        Base::Static(c) => format!("keys {}", c.access_key_id()),
        Base::Process { profile, .. } => format!("process of {profile}"),
        Base::Named { profile, source } => format!("{} of {profile}", source.name()),
        Base::WebIdentity {
            profile,
            role_arn,
            token_file,
            session_name,
        } => format!("web identity {role_arn} {token_file} {session_name:?} of {profile}"),
    }];
    for hop in &plan.hops {
        lines.push(format!("assume {} of {}", hop.role_arn, hop.profile));
    }
    lines
}

fn invalid(config: &str, selected: &str) -> String {
    match resolve(config, "", selected) {
        Err(Refused::Invalid(why)) => checked(why),
        other => panic!("expected an invalid chain: {other:?}"),
    }
}

const KEYS_B: &str = "aws_access_key_id = AKIDB\naws_secret_access_key = SECRETKEY\n";

#[test]
fn a_role_with_a_source_profile_of_static_keys() {
    let config = format!("[profile a]\nrole_arn = RA\nsource_profile = b\n[profile b]\n{KEYS_B}");
    assert_eq!(steps(&config, "a"), ["keys AKIDB", "assume RA of a"]);
    // The source profile may be in the credentials file, written [b].
    let plan = resolve(
        "[profile a]\nrole_arn = RA\nsource_profile = b\n",
        &format!("[b]\n{KEYS_B}"),
        "a",
    );
    assert!(
        matches!(&plan, Ok(Resolved::Plan(p)) if p.hops.len() == 1),
        "{plan:?}"
    );
}

#[test]
fn roles_chain_over_several_profiles_and_run_from_the_base_up() {
    let config = "[profile a]\nrole_arn = RA\nsource_profile = b\n\
         [profile b]\nrole_arn = RB\nsource_profile = c\n\
         [profile c]\nrole_arn = RC\ncredential_source = Ec2InstanceMetadata\n";
    assert_eq!(
        steps(config, "a"),
        [
            "Ec2InstanceMetadata of c",
            "assume RC of c",
            "assume RB of b",
            "assume RA of a"
        ]
    );
    let config = format!(
        "[profile a]\nrole_arn = RA\nsource_profile = b\n\
         [profile b]\nrole_arn = RB\nsource_profile = c\n[profile c]\n{KEYS_B}"
    );
    assert_eq!(
        steps(&config, "a"),
        ["keys AKIDB", "assume RB of b", "assume RA of a"]
    );
}

#[test]
fn role_arn_wins_in_the_selected_profile_static_keys_win_in_a_source_profile() {
    let config = format!(
        "[profile a]\nrole_arn = RA\nsource_profile = b\naws_access_key_id = AKIDA\n\
         aws_secret_access_key = SECRETKEY\n\
         [profile b]\nrole_arn = RB\nsource_profile = c\n{KEYS_B}\
         [profile c]\ncredential_source = Environment\n"
    );
    assert_eq!(steps(&config, "a"), ["keys AKIDB", "assume RA of a"]);
}

#[test]
fn a_profile_that_is_its_own_source_uses_its_keys_for_its_role() {
    let config = format!("[profile a]\nrole_arn = RA\nsource_profile = a\n{KEYS_B}");
    assert_eq!(steps(&config, "a"), ["keys AKIDB", "assume RA of a"]);
    let config = "[profile a]\nrole_arn = RA\nsource_profile = a\ncredential_process = cmd\n";
    assert_eq!(steps(config, "a"), ["process of a", "assume RA of a"]);
    assert_eq!(
        invalid("[profile a]\nrole_arn = RA\nsource_profile = a\n", "a"),
        "profile `a` is its own source_profile but has no aws_access_key_id or credential_process"
    );
}

#[test]
fn credential_sources_are_case_insensitive_and_checked() {
    for (value, name) in [
        ("Environment", "Environment"),
        ("ecscontainer", "EcsContainer"),
        ("EC2INSTANCEMETADATA", "Ec2InstanceMetadata"),
    ] {
        let config = format!("[profile a]\nrole_arn = RA\ncredential_source = {value}\n");
        assert_eq!(
            steps(&config, "a"),
            [format!("{name} of a"), "assume RA of a".to_owned()]
        );
    }
    assert_eq!(
        invalid("[profile a]\nrole_arn = RA\ncredential_source = Ec2\n", "a"),
        "credential_source `Ec2` of profile `a` is none of Environment, Ec2InstanceMetadata, \
         EcsContainer"
    );
}

#[test]
fn web_identity_and_credential_process_are_bases() {
    let config = "[profile a]\nrole_arn = RA\nsource_profile = b\n\
         [profile b]\nrole_arn = RB\nweb_identity_token_file = /t\nrole_session_name = s\n";
    assert_eq!(
        steps(config, "a"),
        ["web identity RB /t Some(\"s\") of b", "assume RA of a"]
    );
    // A web identity profile is a base even when it is the selected one.
    let config = "[profile a]\nrole_arn = RA\nweb_identity_token_file = /t\n";
    assert_eq!(steps(config, "a"), ["web identity RA /t None of a"]);
    let config = "[profile a]\nrole_arn = RA\nsource_profile = b\n\
         [profile b]\ncredential_process = cmd\n";
    assert_eq!(steps(config, "a"), ["process of b", "assume RA of a"]);
    assert_eq!(
        invalid("[profile a]\nweb_identity_token_file = /t\n", "a"),
        "profile `a` has web_identity_token_file but no role_arn"
    );
}

#[test]
fn cycles_are_named() {
    let config = "[profile a]\nrole_arn = RA\nsource_profile = b\n\
         [profile b]\nrole_arn = RB\nsource_profile = a\n";
    assert_eq!(
        invalid(config, "a"),
        "the source_profile settings form a cycle: a -> b -> a"
    );
    let config = "[profile a]\nrole_arn = RA\nsource_profile = b\n\
         [profile b]\nrole_arn = RB\nsource_profile = c\n\
         [profile c]\nrole_arn = RC\nsource_profile = b\n";
    assert_eq!(
        invalid(config, "a"),
        "the source_profile settings form a cycle: a -> b -> c -> b"
    );
}

#[test]
fn broken_role_profiles_say_what_is_wrong() {
    let cases = [
        (
            "[profile a]\nrole_arn = RA\nsource_profile = nope\n",
            "profile `a` names source_profile `nope`, which neither file defines",
        ),
        (
            "[profile a]\nrole_arn = RA\nsource_profile = b\ncredential_source = Environment\n",
            "profile `a` has both source_profile and credential_source; a role takes its \
             credentials from one of them",
        ),
        (
            "[profile a]\nrole_arn = RA\n",
            "profile `a` has role_arn but neither source_profile nor credential_source to \
             assume it with",
        ),
        (
            "[profile a]\nrole_arn = RA\nsource_profile = b\n[profile b]\nregion = x\n",
            "source profile `b` has no credentials (aws_access_key_id, credential_process, \
             role_arn, credential_source)",
        ),
        (
            "[profile a]\nrole_arn = RA\nsource_profile = b\n\
             [profile b]\naws_access_key_id = AKIDB\n",
            "profile `b` has aws_access_key_id but no aws_secret_access_key",
        ),
    ];
    for (config, why) in cases {
        assert_eq!(invalid(config, "a"), why, "{config}");
    }
}

#[test]
fn role_settings_are_passed_on_and_checked() {
    let config = format!(
        "[profile a]\nrole_arn = RA\nsource_profile = b\nrole_session_name = me\n\
         external_id = ext-1\nduration_seconds = 3600\n[profile b]\n{KEYS_B}"
    );
    let Ok(Resolved::Plan(plan)) = resolve(&config, "", "a") else {
        panic!("no plan");
    };
    assert_eq!(
        plan.hops,
        [role_chain::Hop {
            profile: "a".into(),
            role_arn: "RA".into(),
            session_name: Some("me".into()),
            external_id: Some("ext-1".into()),
            duration: Some(Duration::from_secs(3600)),
        }]
    );
    for value in ["899", "43201", "1h", "-900"] {
        let config = format!(
            "[profile a]\nrole_arn = RA\nsource_profile = a\nduration_seconds = {value}\n{KEYS_B}"
        );
        assert_eq!(
            invalid(&config, "a"),
            "duration_seconds of profile `a` must be a whole number of seconds from 900 to 43200"
        );
    }
}

#[test]
fn mfa_and_sso_are_unsupported_anywhere_in_the_chain() {
    let config = format!(
        "[profile a]\nrole_arn = RA\nsource_profile = b\n\
         [profile b]\nrole_arn = RB\nsource_profile = c\nmfa_serial = arn:aws:iam::1:mfa/me\n\
         [profile c]\n{KEYS_B}"
    );
    assert_eq!(
        resolve(&config, "", "a").unwrap_err(),
        Refused::Unsupported(
            Unsupported::Mfa,
            "profile `b` assumes a role that needs an MFA code (mfa_serial)".into()
        )
    );
    let config = "[profile a]\nrole_arn = RA\nsource_profile = b\n\
         [profile b]\nsso_session = corp\nsso_account_id = 1\nsso_role_name = r\n";
    assert_eq!(
        resolve(config, "", "a").unwrap_err(),
        Refused::Unsupported(
            Unsupported::Sso,
            "profile `b` uses IAM Identity Center (`sso_session`)".into()
        )
    );
}

/// One call the fake STS saw.
#[derive(Debug, PartialEq, Eq)]
enum Call {
    Role {
        request: RoleRequest,
        source_key: String,
    },
    WebIdentity {
        role_arn: String,
        session_name: String,
        token: String,
        token_file: Option<std::path::PathBuf>,
        sts: StsLocation,
    },
}

/// Answers every call with `ASIA<n>` (n counting from 1), valid for an hour, or fails with
/// `fail` when set; records the calls.
#[derive(Default)]
struct FakeSts {
    calls: Mutex<Vec<Call>>,
    fail: Option<&'static str>,
}

impl FakeSts {
    fn answer(&self, call: Call) -> RoleFuture<'_> {
        let mut calls = self.calls.lock().unwrap();
        calls.push(call);
        let n = calls.len();
        let result = match self.fail {
            Some(why) => Err(why.into()),
            None => {
                Ok(
                    Credentials::new(format!("ASIA{n}"), "SECRETKEY", Some("SESSIONTOKEN".into()))
                        .with_expiry(SystemTime::now() + Duration::from_secs(3600)),
                )
            }
        };
        Box::pin(std::future::ready(result))
    }
}

/// A shared [`FakeSts`], so the test keeps a handle after the chain takes it.
#[derive(Clone, Default)]
struct Shared(std::sync::Arc<FakeSts>);

impl AssumeRoles for Shared {
    fn assume_role<'a>(&'a self, role: &'a RoleRequest, source: Credentials) -> RoleFuture<'a> {
        self.0.answer(Call::Role {
            request: role.clone(),
            source_key: source.access_key_id().to_owned(),
        })
    }

    fn assume_role_with_web_identity<'a>(&'a self, role: &'a WebIdentityRequest) -> RoleFuture<'a> {
        self.0.answer(Call::WebIdentity {
            role_arn: role.role_arn.clone(),
            session_name: role.session_name.clone(),
            token: role.token().to_owned(),
            token_file: role.token_file.clone(),
            sts: role.sts.clone(),
        })
    }
}

const NO_IMDS: (&str, &str) = ("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:1");

fn chain_with(
    sts: &Shared,
    vars: &[(&str, &str)],
    files: &[(&str, &str)],
) -> DefaultCredentialsChain {
    let mut vars = vars.to_vec();
    vars.push(NO_IMDS);
    DefaultCredentialsChain::for_tests(env(&vars, files), Duration::from_secs(10))
        .with_sts(sts.clone())
}

fn take_calls(sts: &Shared) -> Vec<Call> {
    std::mem::take(&mut *sts.0.calls.lock().unwrap())
}

#[tokio::test]
async fn the_chain_assumes_each_role_with_the_credentials_before_it() {
    let sts = Shared::default();
    let config = format!(
        "[profile a]\nrole_arn = RA\nsource_profile = b\nexternal_id = ext\n\
         duration_seconds = 900\n\
         [profile b]\nrole_arn = RB\nsource_profile = c\nrole_session_name = sb\n\
         region = ap-south-1\n\
         [profile c]\n{KEYS_B}"
    );
    let c = chain_with(
        &sts,
        &[("AWS_PROFILE", "a"), ("AWS_REGION", "eu-west-1")],
        &[(".aws/config", &config)],
    )
    .load()
    .await
    .unwrap();
    assert_eq!(c.access_key_id(), "ASIA2");
    assert!(c.expiry().is_some());
    let calls = take_calls(&sts);
    let [
        Call::Role {
            request: first,
            source_key: first_key,
        },
        Call::Role {
            request: second,
            source_key: second_key,
        },
    ] = &calls[..]
    else {
        panic!("{calls:?}");
    };
    assert_eq!(
        (
            first.role_arn.as_str(),
            first.session_name.as_str(),
            first_key.as_str()
        ),
        ("RB", "sb", "AKIDB")
    );
    assert_eq!((first.external_id.as_deref(), first.duration), (None, None));
    assert_eq!(
        (second.role_arn.as_str(), second_key.as_str()),
        ("RA", "ASIA1")
    );
    assert!(
        second.session_name.starts_with("assume-role-from-profile-"),
        "{second:?}"
    );
    assert_eq!(second.external_id.as_deref(), Some("ext"));
    assert_eq!(second.duration, Some(Duration::from_secs(900)));
    // AWS_REGION wins over the profile's region; no endpoint is configured.
    let expected = StsLocation {
        region: Some("eu-west-1".into()),
        endpoint: None,
    };
    assert_eq!((&first.sts, &second.sts), (&expected, &expected));
}

/// Where the one `AssumeRole` of a chain over `vars` and `files` reaches STS.
async fn role_location(sts: &Shared, vars: &[(&str, &str)], files: &[(&str, &str)]) -> StsLocation {
    chain_with(sts, vars, files).load().await.unwrap();
    let calls = take_calls(sts);
    let [Call::Role { request, .. }] = &calls[..] else {
        panic!("{calls:?}");
    };
    request.sts.clone()
}

#[tokio::test]
async fn sts_is_reached_where_the_environment_and_profile_say() {
    let sts = Shared::default();
    let config = format!(
        "[profile a]\nrole_arn = RA\nsource_profile = a\nregion = ap-south-1\n\
         services = local\n{KEYS_B}\
         [services local]\nsts =\n  endpoint_url = http://127.0.0.1:9\n"
    );
    assert_eq!(
        role_location(&sts, &[("AWS_PROFILE", "a")], &[(".aws/config", &config)]).await,
        StsLocation::default()
            .with_region("ap-south-1")
            .with_endpoint("http://127.0.0.1:9")
    );
    // AWS_ENDPOINT_URL_STS wins; no region anywhere is None (the implementation picks).
    let config = format!("[profile a]\nrole_arn = RA\nsource_profile = a\n{KEYS_B}");
    let vars = [
        ("AWS_PROFILE", "a"),
        ("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:10"),
        ("AWS_ENDPOINT_URL", "http://127.0.0.1:11"),
    ];
    assert_eq!(
        role_location(&sts, &vars, &[(".aws/config", &config)]).await,
        StsLocation::default().with_endpoint("http://127.0.0.1:10")
    );
}

#[tokio::test]
async fn web_identity_from_the_environment() {
    let sts = Shared::default();
    let vars = [
        ("AWS_WEB_IDENTITY_TOKEN_FILE", "~/token"),
        ("AWS_ROLE_ARN", "arn:aws:iam::1:role/web"),
        ("AWS_ROLE_SESSION_NAME", "pod-1"),
        ("AWS_DEFAULT_REGION", "eu-central-1"),
    ];
    let token_line = format!("{TOKEN}\n");
    let c = chain_with(&sts, &vars, &[("token", &token_line)])
        .load()
        .await
        .unwrap();
    assert_eq!(c.access_key_id(), "ASIA1");
    assert_eq!(
        take_calls(&sts),
        [Call::WebIdentity {
            role_arn: "arn:aws:iam::1:role/web".into(),
            session_name: "pod-1".into(),
            token: TOKEN.into(),
            token_file: Some("/home/test/token".into()),
            sts: StsLocation {
                region: Some("eu-central-1".into()),
                endpoint: None
            },
        }]
    );
    // Without a session name the SDKs' default; the token is read again at each load.
    let chain = chain_with(&sts, &vars[..2], &[("token", "AUTHTOKEN-2")]);
    chain.load().await.unwrap();
    let calls = take_calls(&sts);
    let [
        Call::WebIdentity {
            session_name,
            token,
            ..
        },
    ] = &calls[..]
    else {
        panic!("{calls:?}");
    };
    assert!(
        session_name.starts_with("web-identity-token-"),
        "{session_name}"
    );
    assert_eq!(token, "AUTHTOKEN-2");
}

#[tokio::test]
async fn web_identity_comes_after_the_profile_and_before_the_container() {
    let sts = Shared::default();
    let web = [
        ("AWS_WEB_IDENTITY_TOKEN_FILE", "/home/test/token"),
        ("AWS_ROLE_ARN", "arn:aws:iam::1:role/web"),
        (
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            "http://127.0.0.1:1/never",
        ),
    ];
    let profile = (
        ".aws/credentials",
        "[default]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = SECRETKEY\n",
    );
    let c = chain_with(&sts, &web, &[("token", TOKEN), profile])
        .load()
        .await
        .unwrap();
    assert_eq!(c.access_key_id(), "AKIDPROFILE");
    assert!(take_calls(&sts).is_empty());
    // Without the profile, web identity answers and the container is never asked.
    let c = chain_with(&sts, &web, &[("token", TOKEN)])
        .load()
        .await
        .unwrap();
    assert_eq!(c.access_key_id(), "ASIA1");
}

#[tokio::test]
async fn web_identity_settings_that_fail() {
    let sts = Shared::default();
    type Pairs<'a> = &'a [(&'a str, &'a str)];
    let cases: [(Pairs, Pairs, &str); 4] = [
        (
            &[("AWS_WEB_IDENTITY_TOKEN_FILE", "/home/test/token")],
            &[("token", TOKEN)],
            "AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not",
        ),
        (
            &[
                ("AWS_WEB_IDENTITY_TOKEN_FILE", "/home/test/missing"),
                ("AWS_ROLE_ARN", "R"),
            ],
            &[],
            "cannot read the web identity token file /home/test/missing: entity not found",
        ),
        (
            &[
                ("AWS_WEB_IDENTITY_TOKEN_FILE", "/home/test/token"),
                ("AWS_ROLE_ARN", "R"),
            ],
            &[("token", " \n")],
            "the web identity token file /home/test/token is empty",
        ),
        (
            &[
                ("AWS_WEB_IDENTITY_TOKEN_FILE", "/home/test/token"),
                ("AWS_ROLE_ARN", "R"),
                ("AWS_ENDPOINT_URL_STS", "ftp://x"),
            ],
            &[("token", TOKEN)],
            "the endpoint for STS: the endpoint URL from AWS_ENDPOINT_URL_STS is unusable: the \
             scheme must be http or https, not `ftp`",
        ),
    ];
    for (vars, files, why) in cases {
        let chain = chain_with(&sts, vars, files);
        assert_eq!(
            failed(chain.load_source(CredentialSource::WebIdentity).await),
            why
        );
    }
    assert!(take_calls(&sts).is_empty());
}

#[tokio::test]
async fn an_sts_failure_stops_the_chain_and_names_the_profile() {
    let sts = Shared(std::sync::Arc::new(FakeSts {
        calls: Mutex::default(),
        fail: Some("STS AssumeRole of RA was refused: AccessDenied: no"),
    }));
    let config = format!("[profile a]\nrole_arn = RA\nsource_profile = b\n[profile b]\n{KEYS_B}");
    let error = chain_with(&sts, &[("AWS_PROFILE", "a")], &[(".aws/config", &config)])
        .load()
        .await
        .unwrap_err();
    let CredentialsError::SourceFailed { failed, .. } = &error else {
        panic!("{error:?}");
    };
    assert_eq!(failed.source, CredentialSource::Profile);
    assert_eq!(
        failed.reason,
        "profile `a`: STS AssumeRole of RA was refused: AccessDenied: no"
    );
}

#[tokio::test]
async fn without_sts_the_chain_stops_with_a_typed_error_that_says_how_to_add_it() {
    let token_file = [
        ("AWS_WEB_IDENTITY_TOKEN_FILE", "/home/test/token"),
        ("AWS_ROLE_ARN", "R"),
        NO_IMDS,
    ];
    let chain = DefaultCredentialsChain::for_tests(
        env(&token_file, &[("token", TOKEN)]),
        Duration::from_secs(10),
    );
    let error = chain.load().await.unwrap_err();
    let CredentialsError::Unsupported {
        tried,
        failed,
        needs,
    } = &error
    else {
        panic!("{error:?}");
    };
    assert_eq!(*needs, Unsupported::Sts);
    assert_eq!(failed.source, CredentialSource::WebIdentity);
    assert_eq!(tried.len(), 2);
    let text = checked(format!("{error} {error:?}"));
    assert!(
        text.starts_with(
            "cannot load AWS credentials from the web identity: AWS_WEB_IDENTITY_TOKEN_FILE and \
             AWS_ROLE_ARN ask for web identity credentials, which need STS; STS is not plugged \
             into this chain: add the smithy-credentials-sts crate and use its chain"
        ),
        "{text}"
    );
    // The error reaches callers through ProvideCredentials and the cache unchanged.
    let through = CredentialsError::from_provider(&error.clone().into_provider_error());
    assert_eq!(through, error);
}

#[test]
fn debug_shows_no_token() {
    let request = WebIdentityRequest::new("R", "s", TOKEN).with_token_file("/t");
    let text = format!("{request:?}");
    assert!(!text.contains(TOKEN), "{text}");
    assert!(text.contains(REDACTED) && text.contains("/t"), "{text}");
    let chain = DefaultCredentialsChain::new().with_sts(Shared::default());
    assert!(format!("{chain:?}").contains("sts: true"));
}

#[cfg(feature = "hyper")]
#[tokio::test]
async fn a_container_credential_source_signs_the_first_role() {
    use fake_http::{ok, serve};
    let container = serve(vec![ok(&endpoint_document("ASIACONTAINER"))]).await;
    let full_uri = format!("{}/creds", container.base);
    let sts = Shared::default();
    let c = chain_with(
        &sts,
        &[
            ("AWS_PROFILE", "a"),
            ("AWS_CONTAINER_CREDENTIALS_FULL_URI", full_uri.as_str()),
        ],
        &[(
            ".aws/config",
            "[profile a]\nrole_arn = RA\ncredential_source = EcsContainer\n",
        )],
    )
    .load()
    .await
    .unwrap();
    assert_eq!(c.access_key_id(), "ASIA1");
    let seen = take_calls(&sts);
    let [Call::Role { source_key, .. }] = &seen[..] else {
        panic!("{seen:?}");
    };
    assert_eq!(source_key, "ASIACONTAINER");
}
