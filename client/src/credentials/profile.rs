//! The profile source: the selected profile resolved into a chain ([`role_chain`]), then run:
//! its base (static keys, `credential_process`, a `credential_source`, a web identity token),
//! then each role assumed with the credentials before it, through the plugged-in
//! [`AssumeRoles`](super::AssumeRoles).
//!
//! Without STS plugged in, a profile that needs it stops the chain with
//! [`Unsupported::Sts`] before anything runs (no `credential_process` or IMDS call for
//! credentials that could not be used).

use std::path::Path;

use super::chain::Context;
use super::role_chain::{self, Base, NamedSource, Plan, Refused, Resolved};
use super::roles::{
    RoleRequest, StsLocation, WebIdentityRequest, default_session_name, sts_location,
};
use super::{Credentials, Outcome, Unsupported, environment, process, web_identity};

/// The default session name of a role a profile assumes (aws-config's).
const ROLE_SESSION_BASE: &str = "assume-role-from-profile";
/// The default session name of a profile's web identity role (aws-config's).
const WEB_IDENTITY_SESSION_BASE: &str = "web-identity-token-profile";

/// The chain's second source.
pub(crate) async fn load(context: &Context<'_>) -> Outcome {
    let files = context.files;
    if files.selected().is_none() {
        let why = files.why_missing();
        // A profile named in AWS_PROFILE must exist; the default one may be absent.
        return if files.is_explicit() {
            Outcome::Failed(format!("AWS_PROFILE names it, but {why}"))
        } else {
            Outcome::NotConfigured(why)
        };
    }
    match role_chain::resolve(files) {
        Ok(Resolved::Plan(plan)) => run(context, plan).await.unwrap_or_else(|end| end),
        Ok(Resolved::Nothing(why)) => Outcome::NotConfigured(why),
        Err(Refused::Invalid(why)) => Outcome::Failed(why),
        Err(Refused::Unsupported(needs, why)) => Outcome::Unsupported(needs, why),
    }
}

/// Runs `plan`; `Err` is the outcome that ends it early.
async fn run(context: &Context<'_>, plan: Plan) -> Result<Outcome, Outcome> {
    // Checked before anything runs: no credential_process or IMDS call for credentials
    // that could not be used.
    let sts = match (plan.needs_sts(), context.sts) {
        (true, None) => return Err(needs_sts(&plan)),
        (true, Some(sts)) => Some(sts),
        (false, _) => None,
    };
    let location = match sts {
        Some(_) => sts_location(context.env, context.files).map_err(Outcome::Failed)?,
        None => StsLocation::default(),
    };
    let no_sts = || needs_sts(&plan);
    let mut credentials = match &plan.base {
        Base::Static(credentials) => credentials.clone(),
        Base::Process { profile, command } => process::run(command, context.budget)
            .await
            .map_err(|why| Outcome::Failed(format!("profile `{profile}`: {why}")))?,
        Base::Named { profile, source } => named(context, profile, *source).await?,
        Base::WebIdentity {
            profile,
            role_arn,
            token_file,
            session_name,
        } => {
            let sts = sts.ok_or_else(no_sts)?;
            let path = context.env.expand_home(Path::new(token_file));
            let token = web_identity::read_token(context.env, &path)
                .map_err(|why| Outcome::Failed(format!("profile `{profile}`: {why}")))?;
            let session_name = session_name
                .clone()
                .unwrap_or_else(|| default_session_name(WEB_IDENTITY_SESSION_BASE));
            let mut request =
                WebIdentityRequest::new(role_arn, session_name, token).with_token_file(path);
            request.sts = location.clone();
            sts.assume_role_with_web_identity(&request)
                .await
                .map_err(|e| Outcome::Failed(format!("profile `{profile}`: {}", chain_text(&*e))))?
        }
    };
    for hop in &plan.hops {
        let sts = sts.ok_or_else(no_sts)?;
        let session_name = hop
            .session_name
            .clone()
            .unwrap_or_else(|| default_session_name(ROLE_SESSION_BASE));
        let mut request = RoleRequest::new(&hop.role_arn, session_name);
        request.external_id = hop.external_id.clone();
        request.duration = hop.duration;
        request.sts = location.clone();
        credentials = sts.assume_role(&request, credentials).await.map_err(|e| {
            Outcome::Failed(format!("profile `{}`: {}", hop.profile, chain_text(&*e)))
        })?;
    }
    Ok(Outcome::Found(credentials))
}

/// What a plan that needs STS says when none is plugged in.
fn needs_sts(plan: &Plan) -> Outcome {
    let why = match (&plan.base, plan.hops.last()) {
        (_, Some(role)) => format!(
            "profile `{}` assumes a role (`{}`), which needs STS",
            role.profile,
            role_chain::ROLE_ARN
        ),
        (Base::WebIdentity { profile, .. }, None) => format!(
            "profile `{profile}` uses web identity (`{}`), which needs STS",
            role_chain::WEB_IDENTITY_TOKEN_FILE
        ),
        (_, None) => "the profile needs STS".to_owned(),
    };
    Outcome::Unsupported(Unsupported::Sts, why)
}

/// The credentials of a `credential_source`. Not finding any is a failure here: the profile
/// says they are there.
async fn named(
    context: &Context<'_>,
    profile: &str,
    source: NamedSource,
) -> Result<Credentials, Outcome> {
    let outcome = match source {
        NamedSource::Environment => environment::load(context.env),
        #[cfg(feature = "hyper")]
        NamedSource::Ec2InstanceMetadata => context.imds.load(context.env, context.files).await,
        #[cfg(feature = "hyper")]
        NamedSource::EcsContainer => context.container.load(context.env).await,
        #[cfg(not(feature = "hyper"))]
        NamedSource::Ec2InstanceMetadata | NamedSource::EcsContainer => {
            Outcome::Failed("not built in (the crate feature `hyper` is off)".to_owned())
        }
    };
    match outcome {
        Outcome::Found(credentials) => Ok(credentials),
        Outcome::NotConfigured(why) | Outcome::Failed(why) | Outcome::Unsupported(_, why) => {
            Err(Outcome::Failed(format!(
                "profile `{profile}` has credential_source = {}, which gave none: {why}",
                source.name()
            )))
        }
    }
}

/// An error and its sources, as one line.
pub(crate) fn chain_text(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(inner) = source {
        let more = inner.to_string();
        // Many errors repeat their source's text in their own.
        if !text.contains(&more) {
            text.push_str(": ");
            text.push_str(&more);
        }
        source = inner.source();
    }
    text
}
