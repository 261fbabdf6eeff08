//! The environment source: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`.

use super::{Credentials, Outcome};
use crate::ConfigError;
use crate::env::Env;

pub(crate) const ACCESS_KEY_ID: &str = "AWS_ACCESS_KEY_ID";
pub(crate) const SECRET_ACCESS_KEY: &str = "AWS_SECRET_ACCESS_KEY";
pub(crate) const SESSION_TOKEN: &str = "AWS_SESSION_TOKEN";

/// The credentials in the environment; `Ok(None)` when the access key id is unset or empty.
/// A key id without a secret is [`ConfigError::MissingEnv`] naming the secret's variable.
pub(crate) fn read(env: &Env) -> Result<Option<Credentials>, ConfigError> {
    let Some(access_key_id) = env.var(ACCESS_KEY_ID)? else {
        return Ok(None);
    };
    let secret_access_key = env.var(SECRET_ACCESS_KEY)?.ok_or(ConfigError::MissingEnv {
        name: SECRET_ACCESS_KEY,
    })?;
    let session_token = env.var(SESSION_TOKEN)?;
    Ok(Some(Credentials::new(
        access_key_id,
        secret_access_key,
        session_token,
    )))
}

/// The chain's first source.
pub(crate) fn load(env: &Env) -> Outcome {
    match read(env) {
        Ok(Some(credentials)) => Outcome::Found(credentials),
        Ok(None) => Outcome::NotConfigured(format!("{ACCESS_KEY_ID} is not set")),
        // Half a key pair is a mistake, not an absence: stop rather than use other keys.
        Err(ConfigError::MissingEnv { name }) => {
            Outcome::Failed(format!("{ACCESS_KEY_ID} is set but {name} is not"))
        }
        Err(e) => Outcome::Failed(e.to_string()),
    }
}
