//! The AWS rules functions other than `aws.partition`: `aws.parseArn` and
//! `aws.isVirtualHostableS3Bucket`.

use super::is_valid_host_label;

/// `aws.parseArn` result: `arn:partition:service:region:account-id:resource`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arn {
    partition: String,
    service: String,
    region: String,
    account_id: String,
    resource_id: Vec<String>,
}

impl Arn {
    /// The partition (`aws`, `aws-cn`, ...).
    pub fn partition(&self) -> &str {
        &self.partition
    }

    /// The service namespace (`s3`, `sns`, ...).
    pub fn service(&self) -> &str {
        &self.service
    }

    /// The region; empty for resources that are not regional.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// The account id (`accountId`); empty for resources not owned by an account.
    pub fn account_id(&self) -> &str {
        &self.account_id
    }

    /// The resource part split at every `:` and `/` (`resourceId`):
    /// `vpc/vpc-0e9801d1` is `["vpc", "vpc-0e9801d1"]`.
    pub fn resource_id(&self) -> &[String] {
        &self.resource_id
    }
}

/// `aws.parseArn(value)`: `None` unless `value` is `arn:` followed by partition, service,
/// region, account and resource separated by `:`, with partition, service and resource not
/// empty. The resource may itself contain `:`.
pub fn parse_arn(value: &str) -> Option<Arn> {
    let mut parts = value.splitn(6, ':');
    let (
        Some("arn"),
        Some(partition),
        Some(service),
        Some(region),
        Some(account_id),
        Some(resource),
    ) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    )
    else {
        return None;
    };
    if partition.is_empty() || service.is_empty() || resource.is_empty() {
        return None;
    }
    Some(Arn {
        partition: partition.to_owned(),
        service: service.to_owned(),
        region: region.to_owned(),
        account_id: account_id.to_owned(),
        resource_id: resource.split([':', '/']).map(str::to_owned).collect(),
    })
}

/// `aws.isVirtualHostableS3Bucket(value, allowSubDomains)`: a valid host label (labels, with
/// `allow_sub_domains`) of which every label is a bucket name S3 can put in a host name: 3 to
/// 63 characters `a-z 0-9 -`, starting and ending with a letter or digit.
pub fn is_virtual_hostable_s3_bucket(value: &str, allow_sub_domains: bool) -> bool {
    let bucket_label = |label: &str| {
        (3..=63).contains(&label.len())
            && label
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !label.ends_with('-')
    };
    // A valid host label starts with a letter or digit and has no empty labels, so the checks
    // left are per label; IPv4-like names have one-to-three-digit labels and fail on length.
    is_valid_host_label(value, allow_sub_domains) && value.split('.').all(bucket_label)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(arn: &Arn) -> (&str, &str, &str, &str, Vec<&str>) {
        (
            arn.partition(),
            arn.service(),
            arn.region(),
            arn.account_id(),
            arn.resource_id().iter().map(String::as_str).collect(),
        )
    }

    #[test]
    fn arns_of_the_spec() {
        let sns = parse_arn("arn:aws:sns:us-west-2:012345678910:example-sns-topic-name");
        assert_eq!(
            sns.as_ref().map(parts),
            Some((
                "aws",
                "sns",
                "us-west-2",
                "012345678910",
                vec!["example-sns-topic-name"]
            ))
        );
        let vpc = parse_arn("arn:aws:ec2:us-east-1:012345678910:vpc/vpc-0e9801d129EXAMPLE");
        assert_eq!(
            vpc.as_ref().map(parts),
            Some((
                "aws",
                "ec2",
                "us-east-1",
                "012345678910",
                vec!["vpc", "vpc-0e9801d129EXAMPLE"]
            ))
        );
        let iam = parse_arn("arn:aws:iam::012345678910:user/johndoe");
        assert_eq!(
            iam.as_ref().map(parts),
            Some(("aws", "iam", "", "012345678910", vec!["user", "johndoe"]))
        );
        let s3 = parse_arn("arn:aws:s3:::bucket_name");
        assert_eq!(
            s3.as_ref().map(parts),
            Some(("aws", "s3", "", "", vec!["bucket_name"]))
        );
        assert_eq!(parse_arn("11111111-2222-3333-4444-555555555555"), None);
    }

    #[test]
    fn resource_splits_at_colons_and_slashes() {
        let arn = parse_arn("arn:aws:s3:us-east-2:012345678:outpost:op-1234/bucket/x");
        assert_eq!(
            arn.map(|a| a.resource_id().to_vec()),
            Some(vec![
                "outpost".into(),
                "op-1234".into(),
                "bucket".into(),
                "x".into()
            ])
        );
        let trailing = parse_arn("arn:aws:s3:::a/");
        assert_eq!(
            trailing.map(|a| a.resource_id().to_vec()),
            Some(vec!["a".into(), String::new()])
        );
    }

    #[test]
    fn malformed_arns() {
        for bad in [
            "",
            "arn",
            "arn:aws:s3:us-east-1:012345678910",
            "arn:aws:s3:us-east-1:012345678910:",
            "arn::s3:us-east-1:1:r",
            "arn:aws::us-east-1:1:r",
            "ARN:aws:s3:us-east-1:1:r",
            "urn:aws:s3:us-east-1:1:r",
        ] {
            assert_eq!(parse_arn(bad), None, "{bad}");
        }
    }

    #[test]
    fn virtual_hostable_buckets() {
        for (bucket, sub_domains, expected) in [
            ("bucket-name", false, true),
            ("a--b--x-s3", false, true),
            ("abc", false, true),
            ("ab", false, false),
            (&"a".repeat(63), false, true),
            (&"a".repeat(64), false, false),
            ("Bucket", false, false),
            ("bucket-", false, false),
            ("-bucket", false, false),
            ("bucket_name", false, false),
            ("bucket.name", false, false),
            ("bucket.name", true, true),
            ("a-.b-.c", true, false),
            ("abc.d", true, false),
            ("192.168.1.1", true, false),
            ("bucket..name", true, false),
            ("", false, false),
        ] {
            assert_eq!(
                is_virtual_hostable_s3_bucket(bucket, sub_domains),
                expected,
                "{bucket} {sub_domains}"
            );
        }
    }
}
