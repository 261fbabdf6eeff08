//! Credentials from moto's STS through smithy-client's default chain with
//! `smithy-credentials-sts` plugged in, then used for Firehose (and STS `GetCallerIdentity`)
//! on the same server: web identity from the environment, and a profile with `role_arn` and
//! `source_profile` over two hops. Settings come from an `Env` of the test's own (variables
//! and files in a temporary directory), never from the process environment, whose
//! `AWS_ACCESS_KEY_ID` would otherwise come first, or the user's home.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use firehose::client::Env;

use crate::sts::{ROLE_ACCOUNT, config_acts_as};
use crate::support::{ACCESS_KEY, REGION, SECRET_KEY, endpoint, unique};

/// The account of the middle role of the two-hop profile chain.
const MIDDLE_ACCOUNT: &str = "444455556666";

/// A directory of the test's own under the system's temporary directory, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(what: &str) -> Self {
        let dir = std::env::temp_dir().join(unique(what));
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        Self(dir)
    }

    /// Writes `name` in the directory and returns its path as text.
    fn write(&self, name: &str, contents: &str) -> String {
        let path = self.0.join(name);
        std::fs::write(&path, contents).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        path_text(&path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn path_text(path: &Path) -> String {
    path.to_str().expect("temporary paths are UTF-8").to_owned()
}

/// Through the default chain with STS over `env`: temporary credentials of the role
/// `assumed_arn`, and a `Config` whose region and configured endpoint (moto) come from `env`
/// and whose calls act as that role.
async fn env_acts_as(env: &Env, assumed_arn: &str) {
    let credentials = smithy_credentials_sts::default_chain_with_env(env.clone())
        .load()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_temporary(&credentials);

    let config = smithy_credentials_sts::config_from_env_with(env).unwrap();
    assert_eq!(config.region(), REGION);
    let client = firehose::Client::new(config.clone());
    assert_eq!(
        client.service_client().endpoint(),
        Some(endpoint().as_str())
    );
    config_acts_as(config, assumed_arn).await;
}

/// Temporary credentials that expire about an hour from now (moto's default duration).
fn assert_temporary(credentials: &firehose::client::Credentials) {
    assert!(
        credentials.access_key_id().starts_with("ASIA"),
        "temporary keys start with ASIA"
    );
    assert!(credentials.has_session_token());
    let expiry = credentials.expiry().expect("STS credentials expire");
    let left = expiry.duration_since(SystemTime::now()).unwrap_or_default();
    assert!(
        left > Duration::from_secs(3000) && left <= Duration::from_secs(3700),
        "expire in {left:?}"
    );
}

#[tokio::test]
#[ignore = "needs a local STS and Firehose (moto): run `cargo xtask e2e`"]
async fn web_identity_from_the_environment_through_the_default_chain() {
    let dir = TempDir::new("irsa");
    let token_file = dir.write("token", "e2e.header.payload.signature\n");
    let role = format!("arn:aws:iam::{ROLE_ACCOUNT}:role/e2e-irsa");
    let session = unique("irsa");
    let home = path_text(&dir.0);
    let env = Env::from_vars([
        ("HOME", home.as_str()),
        ("AWS_WEB_IDENTITY_TOKEN_FILE", token_file.as_str()),
        ("AWS_ROLE_ARN", role.as_str()),
        ("AWS_ROLE_SESSION_NAME", session.as_str()),
        ("AWS_REGION", REGION),
        ("AWS_ENDPOINT_URL", endpoint().as_str()),
        ("AWS_EC2_METADATA_DISABLED", "true"),
    ]);
    let assumed = format!("arn:aws:sts::{ROLE_ACCOUNT}:assumed-role/e2e-irsa/{session}");
    env_acts_as(&env, &assumed).await;
}

#[tokio::test]
#[ignore = "needs a local STS and Firehose (moto): run `cargo xtask e2e`"]
async fn a_role_profile_with_a_source_profile_through_the_default_chain() {
    let dir = TempDir::new("profile");
    let session = unique("deploy");
    // e2e-deploy assumes its role with the credentials of e2e-middle, which assumes its own
    // (in another account) with the static keys of e2e-keys.
    let config_file = dir.write(
        "config",
        &format!(
            "[profile e2e-deploy]\n\
             role_arn = arn:aws:iam::{ROLE_ACCOUNT}:role/e2e-deploy\n\
             source_profile = e2e-middle\n\
             role_session_name = {session}\n\
             region = {REGION}\n\
             \n\
             [profile e2e-middle]\n\
             role_arn = arn:aws:iam::{MIDDLE_ACCOUNT}:role/e2e-middle\n\
             source_profile = e2e-keys\n"
        ),
    );
    let credentials_file = dir.write(
        "credentials",
        &format!(
            "[e2e-keys]\naws_access_key_id = {ACCESS_KEY}\naws_secret_access_key = {SECRET_KEY}\n"
        ),
    );
    let home = path_text(&dir.0);
    let env = Env::from_vars([
        ("HOME", home.as_str()),
        ("AWS_CONFIG_FILE", config_file.as_str()),
        ("AWS_SHARED_CREDENTIALS_FILE", credentials_file.as_str()),
        ("AWS_PROFILE", "e2e-deploy"),
        ("AWS_ENDPOINT_URL", endpoint().as_str()),
        ("AWS_EC2_METADATA_DISABLED", "true"),
    ]);
    // The region comes from the profile.
    let assumed = format!("arn:aws:sts::{ROLE_ACCOUNT}:assumed-role/e2e-deploy/{session}");
    env_acts_as(&env, &assumed).await;
}
