//! The default credentials chain: the AWS SDKs' sources, in their order (aws-config's
//! `DefaultCredentialsChain`), minus SSO. Sources that need STS call it through the
//! [`AssumeRoles`] plugged in with [`DefaultCredentialsChain::with_sts`].

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use aws_credential_types::provider::{self, ProvideCredentials, future};

use super::cache::LOAD_TIMEOUT;
use super::{
    AssumeRoles, CredentialSource, Credentials, CredentialsError, Outcome, SourceAttempt,
    environment, profile, web_identity,
};
use crate::env::Env;
use crate::profile::ProfileFiles;

/// The default credentials chain: the first source that has credentials gives them.
///
/// 1. **Environment**: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`.
/// 2. **Profile**: the profile `AWS_PROFILE` names (else `default`) in the shared `config`
///    and `credentials` files: static keys (`aws_access_key_id`, `aws_secret_access_key`,
///    `aws_session_token`), `credential_process`, and with STS plugged in
///    ([`with_sts`](Self::with_sts)) `role_arn` with `source_profile` (any number of hops) or
///    `credential_source`, and `web_identity_token_file`. SSO (`sso_*`) is an error that
///    says so ([`CredentialsError::Unsupported`]), as are STS profiles without STS.
/// 3. **Web identity**: `AWS_WEB_IDENTITY_TOKEN_FILE`, `AWS_ROLE_ARN`,
///    `AWS_ROLE_SESSION_NAME` (needs STS plugged in, like the role profiles).
/// 4. **Container**: `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` (ECS) or
///    `AWS_CONTAINER_CREDENTIALS_FULL_URI` (EKS Pod Identity and others), with
///    `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` or `AWS_CONTAINER_AUTHORIZATION_TOKEN`.
/// 5. **Instance metadata**: EC2 IMDSv2, unless `AWS_EC2_METADATA_DISABLED=true`.
///
/// A source that is not set up (no variable, no profile) passes to the next; one that is set
/// up but fails stops the chain, so a broken setting is never silently replaced by other
/// credentials. The whole chain gets 5 s ([`with_load_timeout`](Self::with_load_timeout)).
/// The error lists every source tried and why each had nothing ([`CredentialsError`]).
///
/// The container and instance-metadata sources need the crate feature `hyper` (on by
/// default) and a Tokio runtime.
pub struct DefaultCredentialsChain {
    env: Env,
    budget: Duration,
    sts: Option<Arc<dyn AssumeRoles>>,
    #[cfg(feature = "hyper")]
    container: super::container::ContainerSource,
    #[cfg(feature = "hyper")]
    imds: super::imds::ImdsSource,
}

impl DefaultCredentialsChain {
    /// The chain over the process environment and the real files.
    pub fn new() -> Self {
        Self::with_env(Env::process())
    }

    /// The chain over `env`'s variables and files.
    pub fn with_env(env: Env) -> Self {
        Self {
            env,
            budget: LOAD_TIMEOUT,
            sts: None,
            #[cfg(feature = "hyper")]
            container: super::container::ContainerSource::new(),
            #[cfg(feature = "hyper")]
            imds: super::imds::ImdsSource::new(),
        }
    }

    /// How long the whole chain may take: 5 s by default, the SDKs' load timeout. Raise it
    /// for a `credential_process` that needs longer (it is killed when the time is up).
    pub fn with_load_timeout(mut self, timeout: Duration) -> Self {
        self.budget = timeout;
        self
    }

    /// The same chain with STS: web identity and `role_arn` profiles call it through `sts`
    /// (`smithy-credentials-sts` provides one). Its calls count against the load timeout.
    pub fn with_sts(mut self, sts: impl AssumeRoles) -> Self {
        self.sts = Some(Arc::new(sts));
        self
    }

    /// Short retry waits and timeouts, so that tests of failures run fast.
    #[cfg(test)]
    pub(crate) fn for_tests(env: Env, budget: Duration) -> Self {
        Self {
            budget,
            #[cfg(feature = "hyper")]
            container: super::container::ContainerSource::for_tests(),
            #[cfg(feature = "hyper")]
            imds: super::imds::ImdsSource::for_tests(),
            ..Self::with_env(env)
        }
    }

    /// Runs one source after the environment alone (`Profile` or `WebIdentity`), with no time
    /// limit.
    #[cfg(test)]
    pub(crate) async fn load_source(&self, source: CredentialSource) -> Outcome {
        let files = match ProfileFiles::load(&self.env) {
            Ok(files) => files,
            Err(e) => return Outcome::Failed(e.to_string()),
        };
        let context = self.context(&files);
        match source {
            CredentialSource::Profile => profile::load(&context).await,
            CredentialSource::WebIdentity => web_identity::load(&context).await,
            other => Outcome::Failed(format!("load_source does not run the {other} source")),
        }
    }

    fn context<'a>(&'a self, files: &'a ProfileFiles) -> Context<'a> {
        Context {
            env: &self.env,
            files,
            // A credential_process is bounded by the chain's deadline; dropped, it is killed.
            budget: self.budget,
            sts: self.sts.as_deref(),
            #[cfg(feature = "hyper")]
            container: &self.container,
            #[cfg(feature = "hyper")]
            imds: &self.imds,
        }
    }

    /// Runs the chain.
    pub async fn load(&self) -> Result<Credentials, CredentialsError> {
        let mut run = Run {
            tried: Vec::new(),
            deadline: tokio::runtime::Handle::try_current()
                .is_ok()
                .then(|| tokio::time::Instant::now() + self.budget),
            budget: self.budget,
        };
        let env = &self.env;
        let environment = async { environment::load(env) };
        if let Some(found) = run.step(CredentialSource::Environment, environment).await? {
            return Ok(found);
        }
        let files = ProfileFiles::load(env).map_err(|e| CredentialsError::SourceFailed {
            tried: run.tried.clone(),
            failed: SourceAttempt::new(CredentialSource::Profile, e.to_string()),
        })?;
        let context = self.context(&files);
        if let Some(found) = run
            .step(CredentialSource::Profile, profile::load(&context))
            .await?
        {
            return Ok(found);
        }
        let web = web_identity::load(&context);
        if let Some(found) = run.step(CredentialSource::WebIdentity, web).await? {
            return Ok(found);
        }
        #[cfg(feature = "hyper")]
        {
            let container = self.container.load(env);
            if let Some(found) = run.step(CredentialSource::Container, container).await? {
                return Ok(found);
            }
            let imds = self.imds.load(env, &files);
            if let Some(found) = run.step(CredentialSource::InstanceMetadata, imds).await? {
                return Ok(found);
            }
        }
        #[cfg(not(feature = "hyper"))]
        for source in [
            CredentialSource::Container,
            CredentialSource::InstanceMetadata,
        ] {
            run.tried.push(SourceAttempt::new(
                source,
                "not built in (the crate feature `hyper` is off)",
            ));
        }
        Err(CredentialsError::NotFound { tried: run.tried })
    }
}

/// What the sources after the environment read: the variables and files, the time limit
/// for `credential_process`, STS, and the HTTP sources a `credential_source` names.
pub(crate) struct Context<'a> {
    pub(crate) env: &'a Env,
    pub(crate) files: &'a ProfileFiles,
    pub(crate) budget: Duration,
    pub(crate) sts: Option<&'a dyn AssumeRoles>,
    #[cfg(feature = "hyper")]
    pub(crate) container: &'a super::container::ContainerSource,
    #[cfg(feature = "hyper")]
    pub(crate) imds: &'a super::imds::ImdsSource,
}

/// One run of the chain: what the sources said so far, and the time left.
struct Run {
    tried: Vec<SourceAttempt>,
    deadline: Option<tokio::time::Instant>,
    budget: Duration,
}

impl Run {
    /// Runs one source: `Some` credentials, `None` to go on, or the error that ends the chain.
    async fn step(
        &mut self,
        source: CredentialSource,
        loading: impl Future<Output = Outcome> + Send,
    ) -> Result<Option<Credentials>, CredentialsError> {
        // Boxed: one copy of the timeout code for all sources, not one per source.
        let loading: Pin<Box<dyn Future<Output = Outcome> + Send + '_>> = Box::pin(loading);
        let outcome = match self.deadline {
            Some(deadline) => match tokio::time::timeout_at(deadline, loading).await {
                // A source whose own limit ends just after the deadline (credential_process)
                // can fail first when a late wake-up finds both timers expired: the chain's
                // time being up is still the cause.
                Ok(Outcome::Failed(_)) if tokio::time::Instant::now() >= deadline => {
                    return Err(self.timed_out(source));
                }
                Ok(outcome) => outcome,
                Err(_) => return Err(self.timed_out(source)),
            },
            None => loading.await,
        };
        match outcome {
            Outcome::Found(credentials) => Ok(Some(credentials)),
            Outcome::NotConfigured(reason) => {
                self.tried.push(SourceAttempt::new(source, reason));
                Ok(None)
            }
            Outcome::Failed(reason) => Err(CredentialsError::SourceFailed {
                tried: self.tried.clone(),
                failed: SourceAttempt::new(source, reason),
            }),
            Outcome::Unsupported(needs, reason) => Err(CredentialsError::Unsupported {
                tried: self.tried.clone(),
                failed: SourceAttempt::new(source, reason),
                needs,
            }),
        }
    }

    fn timed_out(&self, during: CredentialSource) -> CredentialsError {
        CredentialsError::TimedOut {
            after: self.budget,
            tried: self.tried.clone(),
            during: Some(during),
        }
    }
}

impl Default for DefaultCredentialsChain {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for DefaultCredentialsChain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DefaultCredentialsChain")
            .field("env", &self.env)
            .field("sts", &self.sts.is_some())
            .finish_non_exhaustive()
    }
}

impl ProvideCredentials for DefaultCredentialsChain {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        future::ProvideCredentials::new(async move {
            let loaded: provider::Result = self
                .load()
                .await
                .map(Into::into)
                .map_err(CredentialsError::into_provider_error);
            loaded
        })
    }
}
