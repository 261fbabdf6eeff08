//! Standard regional endpoints.

/// The standard endpoint of a service in `region`: `https://{prefix}.{region}.{suffix}`, with
/// the DNS suffix of the region's AWS partition. FIPS and dual-stack endpoints, and custom
/// ones, are URLs the caller passes to `build_request` directly.
///
/// ```
/// assert_eq!(
///     awsjson_rt::regional_endpoint("firehose", "cn-north-1"),
///     "https://firehose.cn-north-1.amazonaws.com.cn"
/// );
/// ```
pub fn regional_endpoint(prefix: &str, region: &str) -> String {
    format!("https://{prefix}.{region}.{}", dns_suffix(region))
}

/// Partition DNS suffixes by region-name prefix; everything else is the `aws` partition.
fn dns_suffix(region: &str) -> &'static str {
    const PARTITIONS: [(&str, &str); 5] = [
        ("cn-", "amazonaws.com.cn"),
        ("us-iso-", "c2s.ic.gov"),
        ("us-isob-", "sc2s.sgov.gov"),
        ("us-isof-", "csp.hci.ic.gov"),
        ("eu-isoe-", "cloud.adc-e.uk"),
    ];
    PARTITIONS
        .iter()
        .find(|(prefix, _)| region.starts_with(prefix))
        .map_or("amazonaws.com", |(_, suffix)| suffix)
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
