//! Hostile responses: every Firehose operation's `parse_response` gets thousands of mutated,
//! truncated and deeply nested bodies, as success and as error responses. Each must come back
//! as a value or a typed error; a panic fails the test.

use firehose::operation::{
    create_delivery_stream::CreateDeliveryStream, delete_delivery_stream::DeleteDeliveryStream,
    describe_delivery_stream::DescribeDeliveryStream, list_delivery_streams::ListDeliveryStreams,
    list_tags_for_delivery_stream::ListTagsForDeliveryStream, put_record::PutRecord,
    put_record_batch::PutRecordBatch,
    start_delivery_stream_encryption::StartDeliveryStreamEncryption,
    stop_delivery_stream_encryption::StopDeliveryStreamEncryption,
    tag_delivery_stream::TagDeliveryStream, untag_delivery_stream::UntagDeliveryStream,
    update_destination::UpdateDestination,
};
use firehose::{Operation, response_from_parts};

/// Small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const SEEDS: &[&str] = &[
    r#"{"DeliveryStreamDescription":{"DeliveryStreamName":"s","DeliveryStreamARN":"arn","DeliveryStreamStatus":"ACTIVE","DeliveryStreamType":"DirectPut","VersionId":"1","CreateTimestamp":1700000000.5,"Destinations":[{"DestinationId":"d","ExtendedS3DestinationDescription":{"RoleARN":"r","BucketARN":"b","BufferingHints":{"SizeInMBs":5,"IntervalInSeconds":300},"CompressionFormat":"GZIP","EncryptionConfiguration":{"NoEncryptionConfig":"NoEncryption"}}}],"HasMoreDestinations":false}}"#,
    r#"{"FailedPutCount":1,"Encrypted":true,"RequestResponses":[{"RecordId":"a"},{"ErrorCode":"ServiceUnavailableException","ErrorMessage":"m"}]}"#,
    r#"{"DeliveryStreamNames":["a","b"],"HasMoreDeliveryStreams":true,"Tags":[{"Key":"k","Value":"v"}],"HasMoreTags":false,"RecordId":"r"}"#,
    r#"{"__type":"InvalidKMSResourceException","code":"KMS.AccessDeniedException","message":"m"}"#,
];

const PIECES: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "null",
    "true",
    "1e999",
    "-0",
    "\"\\ud800\"",
    "\"\\u0000\"",
    "1.5",
    "\"x\"",
    "\u{ff}",
    "9223372036854775808",
    "\"NaN\"",
    "{\"a\":",
    "\\",
];

/// Truncation, deletion, insertion of one of `pieces`, random bytes (one to five of them).
fn mutate<P: AsRef<[u8]>>(rng: &mut Rng, seed: &str, pieces: &[P]) -> Vec<u8> {
    let mut bytes = seed.as_bytes().to_vec();
    for _ in 0..=rng.below(4) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(4) {
            0 => bytes.truncate(at),
            1 if at < bytes.len() => {
                bytes.remove(at);
            }
            2 => {
                let piece = pieces[rng.below(pieces.len())].as_ref();
                bytes.splice(at..at, piece.iter().copied());
            }
            _ if at < bytes.len() => bytes[at] = rng.next() as u8,
            _ => {}
        }
    }
    bytes
}

/// Parses `body` with every operation, as a success and as an error response.
fn parse_everywhere(body: &[u8]) {
    macro_rules! each {
        ($($op:ident),*) => {$(
            for status in [200u16, 400, 500] {
                let response = response_from_parts(status, [("x-amzn-requestid", "r")], body.to_vec())
                    .unwrap_or_else(|e| panic!("{e}"));
                if let Err(error) = $op::parse_response(&response) {
                    // Errors must render; a panic in Display would be a bug too.
                    let _ = error.to_string();
                }
            }
        )*};
    }
    each!(
        CreateDeliveryStream,
        DeleteDeliveryStream,
        DescribeDeliveryStream,
        ListDeliveryStreams,
        ListTagsForDeliveryStream,
        PutRecord,
        PutRecordBatch,
        StartDeliveryStreamEncryption,
        StopDeliveryStreamEncryption,
        TagDeliveryStream,
        UntagDeliveryStream,
        UpdateDestination
    );
}

#[test]
fn mutated_bodies_never_panic() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for round in 0..1500 {
        let seed = SEEDS[round % SEEDS.len()];
        parse_everywhere(&mutate(&mut rng, seed, PIECES));
    }
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
    use std::time::{Duration, Instant};

    use super::{Rng, mutate};
    use sts::operation::{
        assume_role::AssumeRole, assume_role_with_saml::AssumeRoleWithSaml,
        assume_role_with_web_identity::AssumeRoleWithWebIdentity, assume_root::AssumeRoot,
        decode_authorization_message::DecodeAuthorizationMessage,
        get_access_key_info::GetAccessKeyInfo, get_caller_identity::GetCallerIdentity,
        get_delegated_access_token::GetDelegatedAccessToken,
        get_federation_token::GetFederationToken, get_session_token::GetSessionToken,
        get_web_identity_token::GetWebIdentityToken,
    };
    use sts::{Operation, response_from_parts};

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

    const PIECES: &[&[u8]] = &[
        b"<",
        b">",
        b"</",
        b"/>",
        b"&",
        b"&lol;",
        b"&#0;",
        b"&#xD800;",
        b"<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>",
        b"<![CDATA[",
        b"]]>",
        b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>",
        b"\xff",
        b"\xe2\x82",
        b"<Credentials>",
        b"<Expiration>",
        b"<Code>",
        b"9999999999999999999999",
        b"\"",
        b" a=\"1\" a=\"2\"",
    ];

    /// Parses `body` with every STS operation, as a success and as an error response; the
    /// number of parses. A panic fails the test; errors must render.
    fn parse_everywhere(body: &[u8]) -> usize {
        let mut parsed = 0;
        macro_rules! each {
            ($($op:ident),*) => {$(
                for status in [200u16, 400, 403, 500] {
                    let response = response_from_parts(status, [("x-amzn-requestid", "r")], body.to_vec())
                        .unwrap_or_else(|e| panic!("{e}"));
                    if let Err(error) = $op::parse_response(&response) {
                        let _ = (error.to_string(), format!("{error:?}"));
                    }
                    parsed += 1;
                }
            )*};
        }
        each!(
            AssumeRole,
            AssumeRoleWithSaml,
            AssumeRoleWithWebIdentity,
            AssumeRoot,
            DecodeAuthorizationMessage,
            GetAccessKeyInfo,
            GetCallerIdentity,
            GetDelegatedAccessToken,
            GetFederationToken,
            GetSessionToken,
            GetWebIdentityToken
        );
        parsed
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
        let mut rng = Rng(0x2545_f491_4f6c_dd1d);
        let mut parsed = 0;
        for round in 0..1500 {
            parsed += parse_everywhere(&mutate(&mut rng, SEEDS[round % SEEDS.len()], PIECES));
        }
        assert_eq!(parsed, 1500 * 11 * 4);
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
