//! Hostile responses on real bodies: every operation of Firehose (awsJson) and STS (awsQuery)
//! parses mutated, truncated and deeply nested versions of real responses, as success and as
//! error responses. Each must come back as a value or a typed error that renders; a panic
//! fails the test. The generator, mutations and pieces are the property tests' (`props`);
//! these tests add real bodies as seeds and exact assertions on the errors.

use std::fmt::Debug;

use firehose::operation::describe_delivery_stream::DescribeDeliveryStream;
use firehose::{Operation, response_from_parts};
use smithy_rt::testing::{Arbitrary, JsonValue, OperationVisitor, SameValue};

use crate::props::{self, mutate_bytes, parsers::PIECES};

const SEEDS: &[&str] = &[
    r#"{"DeliveryStreamDescription":{"DeliveryStreamName":"s","DeliveryStreamARN":"arn","DeliveryStreamStatus":"ACTIVE","DeliveryStreamType":"DirectPut","VersionId":"1","CreateTimestamp":1700000000.5,"Destinations":[{"DestinationId":"d","ExtendedS3DestinationDescription":{"RoleARN":"r","BucketARN":"b","BufferingHints":{"SizeInMBs":5,"IntervalInSeconds":300},"CompressionFormat":"GZIP","EncryptionConfiguration":{"NoEncryptionConfig":"NoEncryption"}}}],"HasMoreDestinations":false}}"#,
    r#"{"FailedPutCount":1,"Encrypted":true,"RequestResponses":[{"RecordId":"a"},{"ErrorCode":"ServiceUnavailableException","ErrorMessage":"m"}]}"#,
    r#"{"DeliveryStreamNames":["a","b"],"HasMoreDeliveryStreams":true,"Tags":[{"Key":"k","Value":"v"}],"HasMoreTags":false,"RecordId":"r"}"#,
    r#"{"__type":"InvalidKMSResourceException","code":"KMS.AccessDeniedException","message":"m"}"#,
];

/// Parses one body with every operation a visitor is given, at each of `statuses`.
pub(crate) struct EveryOperation<'a> {
    pub body: &'a [u8],
    pub statuses: &'a [u16],
    pub operations: usize,
}

impl EveryOperation<'_> {
    fn parse<O: Operation>(&mut self)
    where
        O::Error: Debug,
    {
        self.operations += 1;
        for &status in self.statuses {
            let response = response_from_parts(status, [("x-amzn-requestid", "r")], self.body)
                .unwrap_or_else(|e| panic!("{e}"));
            let _ = props::parse::<O>(&response);
        }
    }
}

impl OperationVisitor for EveryOperation<'_> {
    fn visit<O>(&mut self)
    where
        O: Operation + 'static,
        O::Input: Arbitrary + Debug,
        O::Output: Arbitrary + SameValue + JsonValue + Debug,
        O::Error: Debug,
    {
        self.parse::<O>();
    }
}

/// Parses `body` with every Firehose operation, as a success and as an error response.
fn parse_everywhere(body: &[u8]) {
    let mut every = EveryOperation {
        body,
        statuses: &[200, 400, 500],
        operations: 0,
    };
    firehose::test_util::for_each_operation(&mut every);
    assert_eq!(every.operations, 12);
}

#[test]
fn mutated_bodies_never_panic() {
    let mut round = 0;
    props::run(
        "hostile_responses::mutated_bodies_never_panic",
        "firehose",
        props::cases(1500),
        |g| {
            let seed = SEEDS[round % SEEDS.len()];
            round += 1;
            parse_everywhere(&mutate_bytes(g, seed.as_bytes().to_vec(), PIECES));
        },
    );
}

#[test]
fn every_prefix_of_a_real_body_is_handled() {
    let seed = SEEDS[0].as_bytes();
    for cut in 0..seed.len() {
        parse_everywhere(&seed[..cut]);
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    for open in ["[", "{\"a\":", "{\"DeliveryStreamDescription\":"] {
        let body = open.repeat(100_000);
        let response = response_from_parts(200, [], body).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            DescribeDeliveryStream::parse_response(&response).is_err(),
            "{open}"
        );
    }
}

#[test]
fn wrong_types_in_known_members_are_typed_errors() {
    for body in [
        r#"{"DeliveryStreamDescription":{"CreateTimestamp":"yesterday"}}"#,
        r#"{"DeliveryStreamDescription":{"HasMoreDestinations":"no"}}"#,
        r#"{"DeliveryStreamDescription":{"Destinations":{"a":1}}}"#,
        r#"{"DeliveryStreamDescription":[]}"#,
        r#"{"DeliveryStreamDescription":{"DeliveryStreamName":{"nested":true}}}"#,
    ] {
        let response = response_from_parts(200, [], body).unwrap_or_else(|e| panic!("{e}"));
        let error = DescribeDeliveryStream::parse_response(&response).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("malformed response body (HTTP 200"),
            "{body}: {error}"
        );
    }
}

/// Hostile XML against every STS operation (awsQuery): the generated response parsers on top
/// of the runtime's XML reader.
mod xml {
    use std::fmt::Debug;
    use std::time::{Duration, Instant};

    use smithy_rt::testing::{Arbitrary, SameValue, XmlOperationVisitor, XmlValue};
    use sts::operation::assume_role::AssumeRole;
    use sts::{Operation, response_from_parts};

    use super::EveryOperation;
    use crate::props::{self, mutate_bytes, xml::PIECES};

    impl XmlOperationVisitor for EveryOperation<'_> {
        fn visit<O>(&mut self)
        where
            O: Operation + 'static,
            O::Input: Arbitrary + Debug,
            O::Output: Arbitrary + SameValue + XmlValue + Debug,
            O::Error: Debug,
        {
            self.parse::<O>();
        }
    }

    const ASSUME_ROLE: &str = r#"<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <SourceIdentity>DevUser123</SourceIdentity>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::123456789012:assumed-role/demo/John</Arn>
      <AssumedRoleId>ARO123EXAMPLE123:John</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>ASIAIOSFODNN7EXAMPLE</AccessKeyId>
      <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>
      <SessionToken>AQoDYXdzEPT//////////wEXAMPLEtc764&amp;tail==</SessionToken>
      <Expiration>2019-11-09T13:34:41Z</Expiration>
    </Credentials>
    <PackedPolicySize>6</PackedPolicySize>
  </AssumeRoleResult>
  <ResponseMetadata>
    <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
  </ResponseMetadata>
</AssumeRoleResponse>"#;

    const SEEDS: &[&str] = &[
        ASSUME_ROLE,
        r#"<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/Alice</Arn><UserId>AIDACKCEVSQ6C2EXAMPLE</UserId><Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata></GetCallerIdentityResponse>"#,
        r#"<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>ExpiredTokenException</Code><Message>The security token included in the request is expired</Message></Error><RequestId>f2c3f3a4-0000</RequestId></ErrorResponse>"#,
        r#"<ErrorResponse><Error><Type>Sender</Type><Code>MalformedPolicyDocument</Code><Message>bad &lt;policy&gt;</Message></Error><RequestId>r</RequestId></ErrorResponse>"#,
    ];

    /// Parses `body` with every STS operation, as a success and as an error response; the
    /// number of parses.
    fn parse_everywhere(body: &[u8]) -> usize {
        let mut every = EveryOperation {
            body,
            statuses: &[200, 400, 403, 500],
            operations: 0,
        };
        sts::test_util::for_each_operation(&mut every);
        assert_eq!(every.operations, 11);
        every.operations * every.statuses.len()
    }

    /// The error of AssumeRole for `body` as a 200 response.
    fn assume_role_error(body: impl Into<Vec<u8>>) -> String {
        let response = response_from_parts(200, [], body.into()).unwrap_or_else(|e| panic!("{e}"));
        match AssumeRole::parse_response(&response) {
            Ok(output) => panic!("parsed: {output:?}"),
            Err(error) => format!("{error} / {:?}", std::error::Error::source(&error)),
        }
    }

    #[test]
    fn the_real_response_parses() {
        let response = response_from_parts(200, [], ASSUME_ROLE).unwrap_or_else(|e| panic!("{e}"));
        let output = AssumeRole::parse_response(&response).unwrap_or_else(|e| panic!("{e}"));
        let credentials = output.credentials.unwrap_or_else(|| panic!("credentials"));
        // Required members are plain values.
        assert_eq!(
            credentials.session_token,
            "AQoDYXdzEPT//////////wEXAMPLEtc764&tail=="
        );
        assert_eq!(credentials.expiration.secs(), 1_573_306_481);
        assert_eq!(output.packed_policy_size, Some(6));
        // Secrets stay out of Debug.
        let shown = format!("{credentials:?}");
        assert!(!shown.contains("wJalrXUtnFEMI"), "{shown}");
    }

    #[test]
    fn mutated_bodies_never_panic() {
        let (cases, mut round, mut parsed) = (props::cases(1500), 0, 0);
        props::run(
            "hostile_responses::xml::mutated_bodies_never_panic",
            "sts",
            cases,
            |g| {
                let seed = SEEDS[round % SEEDS.len()];
                round += 1;
                parsed += parse_everywhere(&mutate_bytes(g, seed.as_bytes().to_vec(), PIECES));
            },
        );
        assert_eq!(parsed as u64, cases * 11 * 4);
    }

    #[test]
    fn every_prefix_of_a_real_body_is_handled() {
        let seed = ASSUME_ROLE.as_bytes();
        for cut in 0..seed.len() {
            parse_everywhere(&seed[..cut]);
            if cut > 0 {
                let error = assume_role_error(&seed[..cut]);
                assert!(
                    error.contains("malformed response body (HTTP 200"),
                    "{cut}: {error}"
                );
            }
        }
    }

    #[test]
    fn invalid_utf8_anywhere_is_an_error_naming_the_byte() {
        let seed = ASSUME_ROLE.as_bytes();
        for at in (0..seed.len()).step_by(7) {
            let mut bytes = seed.to_vec();
            bytes[at] = 0xff;
            parse_everywhere(&bytes);
            let error = assume_role_error(bytes);
            assert!(error.contains(&format!("byte {at}")), "{at}: {error}");
            assert!(error.contains("UTF-8"), "{error}");
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow_and_takes_linear_time() {
        let started = Instant::now();
        for (open, close) in [
            ("<a>", "</a>"),
            ("<AssumeRoleResult>", "</AssumeRoleResult>"),
            ("<AssumedRoleUser>", "</AssumedRoleUser>"),
        ] {
            let depth = 100_000;
            let body = format!(
                "<AssumeRoleResponse><AssumeRoleResult>{}{}</AssumeRoleResult></AssumeRoleResponse>",
                open.repeat(depth),
                close.repeat(depth)
            );
            parse_everywhere(body.as_bytes());
            let error = assume_role_error(body);
            assert!(error.contains("nested more than 128 deep"), "{error}");
        }
        // A guard against super-linear behaviour, not a benchmark: these bodies are parsed by
        // 11 operations x 4 statuses each in well under a second when linear.
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "{:?}",
            started.elapsed()
        );
    }

    #[test]
    fn entity_expansion_and_external_entities_are_refused() {
        let laughs = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<AssumeRoleResponse><AssumeRoleResult><SourceIdentity>&lol3;</SourceIdentity></AssumeRoleResult></AssumeRoleResponse>"#;
        let external = r#"<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<AssumeRoleResponse><AssumeRoleResult><SourceIdentity>&x;</SourceIdentity></AssumeRoleResult></AssumeRoleResponse>"#;
        let undeclared = "<AssumeRoleResponse><AssumeRoleResult><SourceIdentity>&lol3;</SourceIdentity></AssumeRoleResult></AssumeRoleResponse>";
        for body in [laughs, external] {
            parse_everywhere(body.as_bytes());
            let error = assume_role_error(body);
            assert!(error.contains("document type declarations"), "{error}");
        }
        let error = assume_role_error(undeclared);
        assert!(error.contains("SourceIdentity"), "the member path: {error}");
        // The same in an error response: unreadable, so unhandled, never expanded.
        let error_body = format!(
            "{}<ErrorResponse><Error><Code>&lol3;</Code></Error></ErrorResponse>",
            &laughs[..laughs.find("]>").unwrap_or(0) + 2]
        );
        let response = response_from_parts(400, [], error_body).unwrap_or_else(|e| panic!("{e}"));
        let error = AssumeRole::parse_response(&response).unwrap_err();
        assert!(matches!(
            error,
            sts::operation::assume_role::AssumeRoleError::Unhandled(_)
        ));
    }

    #[test]
    fn wrong_types_in_known_members_are_typed_errors_with_the_member_path() {
        for (body, path) in [
            (
                "<AssumeRoleResponse><AssumeRoleResult><Credentials><Expiration>yesterday</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>",
                "Credentials.Expiration",
            ),
            (
                "<AssumeRoleResponse><AssumeRoleResult><PackedPolicySize>3000000000</PackedPolicySize></AssumeRoleResult></AssumeRoleResponse>",
                "PackedPolicySize",
            ),
            (
                "<AssumeRoleResponse><AssumeRoleResult><AssumedRoleUser><Arn><x/></Arn></AssumedRoleUser></AssumeRoleResult></AssumeRoleResponse>",
                "AssumedRoleUser.Arn",
            ),
            (
                "<AssumeRoleResponse><AssumeRoleResult><PackedPolicySize>1</PackedPolicySize><PackedPolicySize>2</PackedPolicySize></AssumeRoleResult></AssumeRoleResponse>",
                "duplicate member",
            ),
        ] {
            let error = assume_role_error(body);
            assert!(error.contains(path), "{body}: {error}");
        }
    }
}
