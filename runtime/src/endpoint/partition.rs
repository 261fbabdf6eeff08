//! The `aws.partition` function of the endpoint rules: which AWS partition a region is in.
//!
//! The table is written from the public AWS partition facts (the SDKs' `partitions.json`).

/// An AWS partition, as the endpoint rules see it (`getAttr(PartitionResult, "dnsSuffix")`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Partition {
    name: &'static str,
    dns_suffix: &'static str,
    dual_stack_dns_suffix: &'static str,
    supports_fips: bool,
    supports_dual_stack: bool,
    implicit_global_region: &'static str,
    /// Region-name prefixes of the partition's region pattern (`prefix` `\w+` `-` `\d+`).
    prefixes: &'static [&'static str],
    /// Regions that don't follow the pattern (the global pseudo-regions).
    extra_regions: &'static [&'static str],
}

impl Partition {
    /// Partition id (`name`): `aws`, `aws-cn`, ...
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// DNS suffix of the partition's standard endpoints (`dnsSuffix`).
    pub fn dns_suffix(&self) -> &'static str {
        self.dns_suffix
    }

    /// DNS suffix of the dual-stack endpoints (`dualStackDnsSuffix`).
    pub fn dual_stack_dns_suffix(&self) -> &'static str {
        self.dual_stack_dns_suffix
    }

    /// Whether the partition has FIPS endpoints (`supportsFIPS`).
    pub fn supports_fips(&self) -> bool {
        self.supports_fips
    }

    /// Whether the partition has dual-stack endpoints (`supportsDualStack`).
    pub fn supports_dual_stack(&self) -> bool {
        self.supports_dual_stack
    }

    /// Region that global services of the partition sign for (`implicitGlobalRegion`).
    pub fn implicit_global_region(&self) -> &'static str {
        self.implicit_global_region
    }
}

const fn p(
    name: &'static str,
    dns_suffix: &'static str,
    dual_stack_dns_suffix: &'static str,
    supports_dual_stack: bool,
    implicit_global_region: &'static str,
    prefixes: &'static [&'static str],
    extra_regions: &'static [&'static str],
) -> Partition {
    Partition {
        name,
        dns_suffix,
        dual_stack_dns_suffix,
        supports_fips: true,
        supports_dual_stack,
        implicit_global_region,
        prefixes,
        extra_regions,
    }
}

/// The commercial partition, also the answer for regions no pattern knows.
const AWS: Partition = p(
    "aws",
    "amazonaws.com",
    "api.aws",
    true,
    "us-east-1",
    &["us-", "eu-", "ap-", "sa-", "ca-", "me-", "af-", "il-", "mx-"],
    &["aws-global"],
);

const PARTITIONS: [Partition; 8] = [
    AWS,
    p(
        "aws-cn",
        "amazonaws.com.cn",
        "api.amazonwebservices.com.cn",
        true,
        "cn-northwest-1",
        &["cn-"],
        &["aws-cn-global"],
    ),
    p(
        "aws-us-gov",
        "amazonaws.com",
        "api.aws",
        true,
        "us-gov-west-1",
        &["us-gov-"],
        &["aws-us-gov-global"],
    ),
    p(
        "aws-iso",
        "c2s.ic.gov",
        "c2s.ic.gov",
        false,
        "us-iso-east-1",
        &["us-iso-"],
        &["aws-iso-global"],
    ),
    p(
        "aws-iso-b",
        "sc2s.sgov.gov",
        "sc2s.sgov.gov",
        false,
        "us-isob-east-1",
        &["us-isob-"],
        &["aws-iso-b-global"],
    ),
    p(
        "aws-iso-e",
        "cloud.adc-e.uk",
        "cloud.adc-e.uk",
        false,
        "eu-isoe-west-1",
        &["eu-isoe-"],
        &["aws-iso-e-global"],
    ),
    p(
        "aws-iso-f",
        "csp.hci.ic.gov",
        "csp.hci.ic.gov",
        false,
        "us-isof-south-1",
        &["us-isof-"],
        &["aws-iso-f-global"],
    ),
    p(
        "aws-eusc",
        "amazonaws.eu",
        "amazonaws.eu",
        false,
        "eusc-de-east-1",
        &["eusc-de-"],
        &[],
    ),
];

/// `aws.partition(region)`: the partition whose region list or region pattern has `region`;
/// a region no partition knows is in `aws`, as in every AWS SDK. Always `Some`; the rules
/// language types the function as optional.
pub fn partition(region: &str) -> Option<&'static Partition> {
    let found = PARTITIONS
        .iter()
        .find(|p| p.extra_regions.contains(&region))
        .or_else(|| {
            PARTITIONS
                .iter()
                .find(|p| p.prefixes.iter().any(|prefix| fits(region, prefix)))
        });
    Some(found.unwrap_or(&AWS))
}

/// Whether `region` is `prefix` `\w+` `-` `\d+` (the shape of every partition's pattern).
fn fits(region: &str, prefix: &str) -> bool {
    let Some((word, number)) = region
        .strip_prefix(prefix)
        .and_then(|rest| rest.rsplit_once('-'))
    else {
        return false;
    };
    !word.is_empty()
        && word.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && !number.is_empty()
        && number.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(region: &str) -> &'static str {
        partition(region).map_or("none", Partition::name)
    }

    #[test]
    fn regions_map_to_their_partition() {
        for (region, expected) in [
            ("us-east-1", "aws"),
            ("mx-central-1", "aws"),
            ("aws-global", "aws"),
            ("cn-north-1", "aws-cn"),
            ("aws-cn-global", "aws-cn"),
            ("us-gov-west-1", "aws-us-gov"),
            ("us-iso-east-1", "aws-iso"),
            ("us-isob-east-1", "aws-iso-b"),
            ("eu-isoe-west-1", "aws-iso-e"),
            ("us-isof-south-1", "aws-iso-f"),
            ("eusc-de-east-1", "aws-eusc"),
            // Patterns only: no partition lists these yet.
            ("us-iso-west-9", "aws-iso"),
            ("cn-south-7", "aws-cn"),
            // Unknown shapes fall back to aws.
            ("mars-east-1", "aws"),
            ("", "aws"),
            ("us-east-", "aws"),
            ("us-gov-west-x", "aws"),
        ] {
            assert_eq!(name(region), expected, "{region}");
        }
    }

    #[test]
    fn partition_attributes() {
        let cn = partition("cn-north-1").unwrap_or(&AWS);
        assert_eq!(cn.dns_suffix(), "amazonaws.com.cn");
        assert_eq!(cn.dual_stack_dns_suffix(), "api.amazonwebservices.com.cn");
        assert!(cn.supports_fips() && cn.supports_dual_stack());
        assert_eq!(cn.implicit_global_region(), "cn-northwest-1");
        let iso = partition("us-iso-east-1").unwrap_or(&AWS);
        assert!(iso.supports_fips() && !iso.supports_dual_stack());
        assert_eq!(iso.dns_suffix(), "c2s.ic.gov");
        let aws = partition("us-west-2").unwrap_or(&PARTITIONS[1]);
        assert_eq!(aws.dual_stack_dns_suffix(), "api.aws");
        assert_eq!(aws.implicit_global_region(), "us-east-1");
    }
}
