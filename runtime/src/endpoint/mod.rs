//! Endpoints: the standard regional endpoint, and the runtime half of the Smithy endpoint
//! rules engine.
//!
//! A service model's `smithy.rules#endpointRuleSet` is compiled by the generator into a
//! `resolve_endpoint` function of the generated crate (plain `if`s, no interpreter). That code
//! calls the rules' standard library here: [`partition`] (`aws.partition`), [`parse_arn`]
//! (`aws.parseArn`), [`is_virtual_hostable_s3_bucket`], [`parse_url`], [`substring`],
//! [`split`], [`is_valid_host_label`], [`uri_encode`] and [`element`] (`getAttr` of an array
//! index), and returns an [`Endpoint`] (URL, headers, properties) or, when the rules end in an
//! error, an [`EndpointError`].
//!
//! Every endpoint URL passes [`check_url`] before a request goes to it (user information and
//! ports outside 1 to 65535 are refused), and is printed through [`redact_userinfo`].

mod arn;
mod check;
mod functions;
mod partition;
mod resolved;

use std::fmt;

pub use arn::{Arn, is_virtual_hostable_s3_bucket, parse_arn};
pub use check::{check_url, redact_userinfo};
pub use functions::{Url, element, is_valid_host_label, parse_url, split, substring, uri_encode};
pub use partition::{Partition, partition, partitions};
pub use resolved::{AsEndpoint, AuthScheme, ContextValue, Endpoint, UrlOverride, object};

/// The endpoint rules rejected the parameters; the message is the rule set's own
/// (`Invalid Configuration: Missing Region`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointError {
    message: String,
}

impl EndpointError {
    /// An error with the rule set's message.
    pub fn new(message: impl Into<String>) -> Self {
        EndpointError {
            message: message.into(),
        }
    }

    /// The rule set's message.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for EndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "endpoint resolution failed: {}", self.message)
    }
}

impl std::error::Error for EndpointError {}

/// The standard endpoint of a service in `region`: `https://{prefix}.{region}.{suffix}`, with
/// the DNS suffix of the region's AWS partition. Crates generated from a model with endpoint
/// rules use their `resolve_endpoint` instead; this is the fallback for models without rules.
///
/// ```
/// assert_eq!(
///     smithy_rt::regional_endpoint("firehose", "cn-north-1"),
///     "https://firehose.cn-north-1.amazonaws.com.cn"
/// );
/// ```
pub fn regional_endpoint(prefix: &str, region: &str) -> String {
    let suffix = partition(region).map_or("amazonaws.com", |p| p.dns_suffix());
    format!("https://{prefix}.{region}.{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partitions() {
        for (region, url) in [
            ("us-east-1", "https://svc.us-east-1.amazonaws.com"),
            ("us-gov-west-1", "https://svc.us-gov-west-1.amazonaws.com"),
            (
                "cn-northwest-1",
                "https://svc.cn-northwest-1.amazonaws.com.cn",
            ),
            ("us-iso-east-1", "https://svc.us-iso-east-1.c2s.ic.gov"),
            ("us-isob-east-1", "https://svc.us-isob-east-1.sc2s.sgov.gov"),
            (
                "us-isof-south-1",
                "https://svc.us-isof-south-1.csp.hci.ic.gov",
            ),
            (
                "eu-isoe-west-1",
                "https://svc.eu-isoe-west-1.cloud.adc-e.uk",
            ),
        ] {
            assert_eq!(regional_endpoint("svc", region), url);
        }
    }
}
