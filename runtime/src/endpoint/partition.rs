//! The `aws.partition` function of the endpoint rules: which AWS partition a region is in.
//!
//! The table is written from the public AWS partition facts (the `partitions.json` that every
//! AWS SDK ships, version 1.1): each partition's outputs, its region pattern and its listed
//! regions. Lookup is the SDKs': a listed region first, then the first pattern that matches,
//! then `aws`.

/// An AWS partition, as the endpoint rules see it (`getAttr(PartitionResult, "dnsSuffix")`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Partition {
    name: &'static str,
    dns_suffix: &'static str,
    dual_stack_dns_suffix: &'static str,
    supports_fips: bool,
    supports_dual_stack: bool,
    implicit_global_region: &'static str,
    /// The alternatives before `-\w+-\d+` in the partition's `regionRegex`, each with its
    /// trailing `-` (`^(us|eu)\-\w+\-\d+$` is `["us-", "eu-"]`).
    prefixes: &'static [&'static str],
    /// The regions the partition lists, the global pseudo-regions among them.
    regions: &'static [&'static str],
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

    /// The regions the partition lists by name (its pattern may match more).
    pub fn regions(&self) -> &'static [&'static str] {
        self.regions
    }

    /// Whether `region` has the shape of the partition's region pattern.
    pub fn matches_pattern(&self, region: &str) -> bool {
        self.prefixes.iter().any(|prefix| fits(region, prefix))
    }
}

/// Every partition has FIPS and dual-stack endpoints today; only the names and suffixes differ.
const fn p(
    name: &'static str,
    dns_suffix: &'static str,
    dual_stack_dns_suffix: &'static str,
    implicit_global_region: &'static str,
    prefixes: &'static [&'static str],
    regions: &'static [&'static str],
) -> Partition {
    Partition {
        name,
        dns_suffix,
        dual_stack_dns_suffix,
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region,
        prefixes,
        regions,
    }
}

/// The commercial partition, also the answer for regions no pattern knows.
const AWS: Partition = p(
    "aws",
    "amazonaws.com",
    "api.aws",
    "us-east-1",
    &[
        "us-", "eu-", "ap-", "sa-", "ca-", "me-", "af-", "il-", "mx-",
    ],
    &[
        "af-south-1",
        "ap-east-1",
        "ap-east-2",
        "ap-northeast-1",
        "ap-northeast-2",
        "ap-northeast-3",
        "ap-south-1",
        "ap-south-2",
        "ap-southeast-1",
        "ap-southeast-2",
        "ap-southeast-3",
        "ap-southeast-4",
        "ap-southeast-5",
        "ap-southeast-6",
        "ap-southeast-7",
        "aws-global",
        "ca-central-1",
        "ca-west-1",
        "eu-central-1",
        "eu-central-2",
        "eu-north-1",
        "eu-south-1",
        "eu-south-2",
        "eu-west-1",
        "eu-west-2",
        "eu-west-3",
        "il-central-1",
        "me-central-1",
        "me-south-1",
        "mx-central-1",
        "sa-east-1",
        "us-east-1",
        "us-east-2",
        "us-west-1",
        "us-west-2",
    ],
);

/// In the order of `partitions.json`, which is the order patterns are tried in (no region
/// fits two of them).
static PARTITIONS: [Partition; 8] = [
    AWS,
    p(
        "aws-cn",
        "amazonaws.com.cn",
        "api.amazonwebservices.com.cn",
        "cn-northwest-1",
        &["cn-"],
        &["aws-cn-global", "cn-north-1", "cn-northwest-1"],
    ),
    p(
        "aws-eusc",
        "amazonaws.eu",
        "api.amazonwebservices.eu",
        "eusc-de-east-1",
        &["eusc-de-"],
        &["eusc-de-east-1"],
    ),
    p(
        "aws-iso",
        "c2s.ic.gov",
        "api.aws.ic.gov",
        "us-iso-east-1",
        &["us-iso-"],
        &["aws-iso-global", "us-iso-east-1", "us-iso-west-1"],
    ),
    p(
        "aws-iso-b",
        "sc2s.sgov.gov",
        "api.aws.scloud",
        "us-isob-east-1",
        &["us-isob-"],
        &["aws-iso-b-global", "us-isob-east-1", "us-isob-west-1"],
    ),
    p(
        "aws-iso-e",
        "cloud.adc-e.uk",
        "api.cloud-aws.adc-e.uk",
        "eu-isoe-west-1",
        &["eu-isoe-"],
        &["aws-iso-e-global", "eu-isoe-west-1"],
    ),
    p(
        "aws-iso-f",
        "csp.hci.ic.gov",
        "api.aws.hci.ic.gov",
        "us-isof-south-1",
        &["us-isof-"],
        &["aws-iso-f-global", "us-isof-east-1", "us-isof-south-1"],
    ),
    p(
        "aws-us-gov",
        "amazonaws.com",
        "api.aws",
        "us-gov-west-1",
        &["us-gov-"],
        &["aws-us-gov-global", "us-gov-east-1", "us-gov-west-1"],
    ),
];

/// Every partition the table knows, `aws` first.
pub fn partitions() -> &'static [Partition] {
    &PARTITIONS
}

/// `aws.partition(region)`: the partition that lists `region`, else the first whose region
/// pattern matches it, else `aws` (as in every AWS SDK). Always `Some`; the rules language
/// types the function as optional.
pub fn partition(region: &str) -> Option<&'static Partition> {
    let found = PARTITIONS
        .iter()
        .find(|p| p.regions.contains(&region))
        .or_else(|| PARTITIONS.iter().find(|p| p.matches_pattern(region)));
    Some(found.unwrap_or(&AWS))
}

/// Whether `region` is `prefix` `\w+` `-` `\d+` (the shape of every partition's pattern;
/// `\w` is ASCII letters, digits and `_`).
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
            ("ap-southeast-7", "aws"),
            ("aws-global", "aws"),
            ("cn-north-1", "aws-cn"),
            ("aws-cn-global", "aws-cn"),
            ("us-gov-west-1", "aws-us-gov"),
            ("aws-us-gov-global", "aws-us-gov"),
            ("us-iso-east-1", "aws-iso"),
            ("aws-iso-global", "aws-iso"),
            ("us-isob-east-1", "aws-iso-b"),
            ("us-isob-west-1", "aws-iso-b"),
            ("eu-isoe-west-1", "aws-iso-e"),
            ("aws-iso-e-global", "aws-iso-e"),
            ("us-isof-south-1", "aws-iso-f"),
            ("aws-iso-f-global", "aws-iso-f"),
            ("eusc-de-east-1", "aws-eusc"),
            // Patterns only: no partition lists these yet.
            ("us-iso-west-9", "aws-iso"),
            ("cn-south-7", "aws-cn"),
            ("eusc-de-west-2", "aws-eusc"),
            ("us-gov-north_x-3", "aws-us-gov"),
            // `eusc-` other than `eusc-de-` fits no pattern.
            ("eusc-fr-east-1", "aws"),
            // Unknown shapes fall back to aws.
            ("mars-east-1", "aws"),
            ("", "aws"),
            ("us-east-", "aws"),
            ("us-gov-west-x", "aws"),
            ("us-gov-west-1a", "aws"),
        ] {
            assert_eq!(name(region), expected, "{region}");
        }
    }

    #[test]
    fn every_listed_region_is_found_in_its_own_partition() {
        for p in partitions() {
            for region in p.regions() {
                assert_eq!(name(region), p.name(), "{region}");
            }
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
        assert_eq!(
            (iso.dns_suffix(), iso.dual_stack_dns_suffix()),
            ("c2s.ic.gov", "api.aws.ic.gov")
        );
        let eusc = partition("eusc-de-east-1").unwrap_or(&AWS);
        assert_eq!(eusc.dual_stack_dns_suffix(), "api.amazonwebservices.eu");
        let aws = partition("us-west-2").unwrap_or(&PARTITIONS[1]);
        assert_eq!(aws.dual_stack_dns_suffix(), "api.aws");
        assert_eq!(aws.implicit_global_region(), "us-east-1");
    }
}
