//! The one place that turns Smithy identifiers into Rust identifiers.
//!
//! Word splitting follows the AWS SDK for Rust, so generated names match what users of
//! the official SDK already know (`SizeInMBs` -> `size_in_mbs`, `AWSKMSKeyARN` ->
//! `awskms_key_arn`). Rules, applied inside each chunk of ASCII letters and digits
//! (every other character, including non-ASCII, separates chunks and is dropped):
//!
//! 1. `aB`, `2B`: a capital after a lowercase letter or a digit starts a word, so digits
//!    stay attached to the word before them (`S3Backup` -> `s3`, `backup`).
//! 2. `ABc`: in a run of capitals, the last one starts a new word when a lowercase letter
//!    follows (`HECEndpoint` -> `hec`, `endpoint`) -- except when that lowercase letter
//!    is a lone `s`, which is read as the acronym's plural (`MBs`, `ARNs`). Like the SDK
//!    this also reads `MSKAsSource` as `mskas`, `source`.
//! 3. `2b`: when the whole name has no capitals, a lowercase letter after a digit starts
//!    a word (`s3key` -> `s3`, `key`).
//! 4. While the current word is the start of one of the mixed-case words `IPv4`, `IPv6`,
//!    `SigV4`, `MiB`, `GiB`, `KiB`, `TTL`, no rule splits it (`IPv6Address` ->
//!    `ipv6`, `address`).

/// Words the AWS SDK keeps whole even though their casing would split them.
const WHOLE_WORDS: &[&str] = &["ipv4", "ipv6", "sigv4", "mib", "gib", "kib", "ttl"];

/// Splits a Smithy identifier into lowercase words, acronym-aware.
pub fn split_words(name: &str) -> Vec<String> {
    let all_lower = !name.bytes().any(|b| b.is_ascii_uppercase());
    let mut words = Vec::new();
    for chunk in name.split(|c: char| !c.is_ascii_alphanumeric()) {
        split_chunk(chunk.as_bytes(), all_lower, &mut words);
    }
    words
}

/// Splits one run of ASCII letters and digits; see the module docs for the rules.
fn split_chunk(chunk: &[u8], all_lower: bool, words: &mut Vec<String>) {
    if chunk.is_empty() {
        return;
    }
    let mut start = 0;
    for i in 1..chunk.len() {
        let (prev, cur) = (chunk[i - 1], chunk[i]);
        let next = chunk.get(i + 1).copied();
        let after_next = chunk.get(i + 2).copied();
        if whole_word_in_progress(&chunk[start..i], &chunk[i..]) {
            continue;
        }
        let lower_then_upper =
            cur.is_ascii_uppercase() && (prev.is_ascii_lowercase() || prev.is_ascii_digit());
        let digit_then_lower = all_lower && prev.is_ascii_digit() && cur.is_ascii_lowercase();
        let plural_s = next == Some(b's') && !after_next.is_some_and(|b| b.is_ascii_lowercase());
        let acronym_end = prev.is_ascii_uppercase()
            && cur.is_ascii_uppercase()
            && next.is_some_and(|b| b.is_ascii_lowercase())
            && !plural_s;
        if lower_then_upper || digit_then_lower || acronym_end {
            words.push(lowercase(&chunk[start..i]));
            start = i;
        }
    }
    words.push(lowercase(&chunk[start..]));
}

/// True when `word` is a proper prefix of a whole word that `word + rest` spells out.
fn whole_word_in_progress(word: &[u8], rest: &[u8]) -> bool {
    WHOLE_WORDS.iter().any(|whole| {
        let whole = whole.as_bytes();
        word.len() < whole.len()
            && word.len() + rest.len() >= whole.len()
            && word
                .iter()
                .chain(rest)
                .zip(whole)
                .all(|(a, b)| a.eq_ignore_ascii_case(b))
    })
}

fn lowercase(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| char::from(b.to_ascii_lowercase()))
        .collect()
}

/// `snake_case` words; no keyword escaping, may be empty or start with a digit.
pub fn snake_case(name: &str) -> String {
    split_words(name).join("_")
}

/// `PascalCase` words; no keyword escaping, may be empty or start with a digit.
pub fn pascal_case(name: &str) -> String {
    split_words(name).iter().map(|w| capitalize(w)).collect()
}

fn capitalize(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut chars = word.chars();
    if let Some(first) = chars.next() {
        out.push(first.to_ascii_uppercase());
    }
    out.extend(chars);
    out
}

/// Field / function / module name: snake_case + keyword escaping.
///
/// Keywords become raw identifiers (`r#type`, `r#gen`); `self`, `super` and `crate`,
/// which cannot be raw, get a trailing underscore (`self_`). A leading digit gets a `_`
/// prefix (`_3d_model`). A name without any ASCII letter or digit becomes `empty`.
pub fn field_name(name: &str) -> String {
    let snake = snake_case(name);
    if snake.is_empty() {
        return "empty".to_owned();
    }
    if snake.starts_with(|c: char| c.is_ascii_digit()) {
        return format!("_{snake}");
    }
    match snake.as_str() {
        "self" | "super" | "crate" => format!("{snake}_"),
        s if is_rust_keyword(s) => format!("r#{snake}"),
        _ => snake,
    }
}

/// Type name: PascalCase + escaping.
///
/// `Self` is the only keyword a PascalCase word can spell; it becomes `SelfValue` (and a
/// real `SelfValue` becomes `SelfValue_` so the two cannot collide), as in the AWS SDK.
/// A leading digit gets a `T` prefix; a name without any ASCII letter or digit becomes
/// `Empty`. Prelude names such as `String` are kept: generated code uses full paths.
pub fn type_name(name: &str) -> String {
    escape_pascal(pascal_case(name), 'T')
}

/// Enum variant / union member name: like [`type_name`], but a leading digit gets a
/// `V` prefix (`v1.2` -> `V12`, `1x` -> `V1X`). `Unknown` is not renamed here: the IR
/// picks the name of the catch-all variant.
pub fn variant_name(name: &str) -> String {
    escape_pascal(pascal_case(name), 'V')
}

fn escape_pascal(pascal: String, digit_prefix: char) -> String {
    match pascal.as_str() {
        "" => "Empty".to_owned(),
        "Self" => "SelfValue".to_owned(),
        "SelfValue" => "SelfValue_".to_owned(),
        s if s.starts_with(|c: char| c.is_ascii_digit()) => format!("{digit_prefix}{s}"),
        _ => pascal,
    }
}

/// Strict and reserved keywords of every edition up to 2024 (`async`, `await`, `dyn`,
/// `try`, `gen`). Weak keywords (`union`, `macro_rules`, `raw`, `safe`) are usable as
/// identifiers and are not listed.
pub fn is_rust_keyword(s: &str) -> bool {
    KEYWORDS.contains(&s)
}

const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

#[cfg(test)]
mod tests {
    use super::*;

    /// A plain or raw identifier that rustc accepts without complaint.
    fn is_valid_ident(s: &str) -> bool {
        let (raw, body) = match s.strip_prefix("r#") {
            Some(body) => (true, body),
            None => (false, s),
        };
        let mut chars = body.chars();
        let Some(first) = chars.next() else {
            return false;
        };
        if !(first.is_ascii_alphabetic() || first == '_')
            || !chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
            || body == "_"
        {
            return false;
        }
        if raw {
            is_rust_keyword(body) && !matches!(body, "self" | "Self" | "super" | "crate")
        } else {
            !is_rust_keyword(body)
        }
    }

    /// Checks rows of `Input snake_case PascalCase`.
    fn check(table: &str) {
        for row in table.lines().filter(|l| !l.trim().is_empty()) {
            let cols: Vec<&str> = row.split_whitespace().collect();
            let [input, snake, pascal] = cols[..] else {
                panic!("bad row {row:?}")
            };
            assert_eq!(snake_case(input), snake, "snake_case({input:?})");
            assert_eq!(pascal_case(input), pascal, "pascal_case({input:?})");
            assert_eq!(
                split_words(input).join("_"),
                snake,
                "split_words({input:?})"
            );
            assert!(is_valid_ident(&field_name(input)), "field_name({input:?})");
            assert!(is_valid_ident(&type_name(input)), "type_name({input:?})");
            assert!(
                is_valid_ident(&variant_name(input)),
                "variant_name({input:?})"
            );
        }
    }

    /// Every Firehose shape and member name with an acronym, digit or underscore, with the
    /// names the AWS SDK for Rust gives them.
    const FIREHOSE_NAMES: &str = "
ACTIVE active Active
AWSKMSKeyARN awskms_key_arn AwskmsKeyArn
AWS_OWNED_CMK aws_owned_cmk AwsOwnedCmk
AmazonOpenSearchServerlessBufferingSizeInMBs amazon_open_search_serverless_buffering_size_in_mbs AmazonOpenSearchServerlessBufferingSizeInMbs
AmazonOpenSearchServerlessS3BackupMode amazon_open_search_serverless_s3_backup_mode AmazonOpenSearchServerlessS3BackupMode
AmazonopensearchserviceBufferingSizeInMBs amazonopensearchservice_buffering_size_in_mbs AmazonopensearchserviceBufferingSizeInMbs
AmazonopensearchserviceDomainARN amazonopensearchservice_domain_arn AmazonopensearchserviceDomainArn
AmazonopensearchserviceS3BackupMode amazonopensearchservice_s3_backup_mode AmazonopensearchserviceS3BackupMode
BUFFER_INTERVAL_IN_SECONDS buffer_interval_in_seconds BufferIntervalInSeconds
BUFFER_SIZE_IN_MB buffer_size_in_mb BufferSizeInMb
BucketARN bucket_arn BucketArn
COMPLETE complete Complete
COMPRESSION_FORMAT compression_format CompressionFormat
CREATE_ENI_FAILED create_eni_failed CreateEniFailed
CREATE_KMS_GRANT_FAILED create_kms_grant_failed CreateKmsGrantFailed
CREATING creating Creating
CREATING_FAILED creating_failed CreatingFailed
CUSTOMER_MANAGED_CMK customer_managed_cmk CustomerManagedCmk
CatalogARN catalog_arn CatalogArn
ClusterJDBCURL cluster_jdbcurl ClusterJdbcurl
DATA_MESSAGE_EXTRACTION data_message_extraction DataMessageExtraction
DELETE_ENI_FAILED delete_eni_failed DeleteEniFailed
DELETING deleting Deleting
DELETING_FAILED deleting_failed DeletingFailed
DISABLED disabled Disabled
DISABLED_KMS_KEY disabled_kms_key DisabledKmsKey
DISABLING disabling Disabling
DISABLING_FAILED disabling_failed DisablingFailed
DatabaseSourceVPCConfiguration database_source_vpc_configuration DatabaseSourceVpcConfiguration
DeliveryStreamARN delivery_stream_arn DeliveryStreamArn
DomainARN domain_arn DomainArn
ENABLED enabled Enabled
ENABLING enabling Enabling
ENABLING_FAILED enabling_failed EnablingFailed
ENI_ACCESS_DENIED eni_access_denied EniAccessDenied
ElasticsearchBufferingSizeInMBs elasticsearch_buffering_size_in_mbs ElasticsearchBufferingSizeInMbs
ElasticsearchDomainARN elasticsearch_domain_arn ElasticsearchDomainArn
ElasticsearchS3BackupMode elasticsearch_s3_backup_mode ElasticsearchS3BackupMode
ExtendedS3DestinationConfiguration extended_s3_destination_configuration ExtendedS3DestinationConfiguration
ExtendedS3DestinationDescription extended_s3_destination_description ExtendedS3DestinationDescription
ExtendedS3DestinationUpdate extended_s3_destination_update ExtendedS3DestinationUpdate
FIREHOSE firehose Firehose
FIREHOSE_DEFAULT firehose_default FirehoseDefault
Firehose_20150804 firehose_20150804 Firehose20150804
GZIP gzip Gzip
GlueDataCatalogARN glue_data_catalog_arn GlueDataCatalogArn
HADOOP_SNAPPY hadoop_snappy HadoopSnappy
HECAcknowledgmentTimeoutInSeconds hec_acknowledgment_timeout_in_seconds HecAcknowledgmentTimeoutInSeconds
HECEndpoint hec_endpoint HecEndpoint
HECEndpointType hec_endpoint_type HecEndpointType
HECToken hec_token HecToken
HttpEndpointBufferingSizeInMBs http_endpoint_buffering_size_in_mbs HttpEndpointBufferingSizeInMbs
HttpEndpointS3BackupMode http_endpoint_s3_backup_mode HttpEndpointS3BackupMode
INVALID_KMS_KEY invalid_kms_key InvalidKmsKey
IN_PROGRESS in_progress InProgress
IcebergS3BackupMode iceberg_s3_backup_mode IcebergS3BackupMode
InvalidKMSResourceException invalid_kms_resource_exception InvalidKmsResourceException
JSON_MAPPING json_mapping JsonMapping
JSON_PARSING_ENGINE json_parsing_engine JsonParsingEngine
KMSEncryptionConfig kms_encryption_config KmsEncryptionConfig
KMS_ACCESS_DENIED kms_access_denied KmsAccessDenied
KMS_KEY_NOT_FOUND kms_key_not_found KmsKeyNotFound
KMS_OPT_IN_REQUIRED kms_opt_in_required KmsOptInRequired
KeyARN key_arn KeyArn
KinesisStreamARN kinesis_stream_arn KinesisStreamArn
LAMBDA_ARN lambda_arn LambdaArn
LAMBDA_NUMBER_OF_RETRIES lambda_number_of_retries LambdaNumberOfRetries
METADATA_EXTRACTION_QUERY metadata_extraction_query MetadataExtractionQuery
MSKAsSource mskas_source MskasSource
MSKClusterARN msk_cluster_arn MskClusterArn
MSKSourceConfiguration msk_source_configuration MskSourceConfiguration
MSKSourceDescription msk_source_description MskSourceDescription
MySQL my_sql MySql
NONE none None
NO_DOCUMENT_ID no_document_id NoDocumentId
OpenXJsonSerDe open_x_json_ser_de OpenXJsonSerDe
PRIVATE private Private
PUBLIC public Public
PostgreSQL postgre_sql PostgreSql
RETIRE_KMS_GRANT_FAILED retire_kms_grant_failed RetireKmsGrantFailed
ROLE_ARN role_arn RoleArn
RedshiftS3BackupMode redshift_s3_backup_mode RedshiftS3BackupMode
RoleARN role_arn RoleArn
S3BackupConfiguration s3_backup_configuration S3BackupConfiguration
S3BackupDescription s3_backup_description S3BackupDescription
S3BackupMode s3_backup_mode S3BackupMode
S3BackupUpdate s3_backup_update S3BackupUpdate
S3Configuration s3_configuration S3Configuration
S3DestinationConfiguration s3_destination_configuration S3DestinationConfiguration
S3DestinationDescription s3_destination_description S3DestinationDescription
S3DestinationUpdate s3_destination_update S3DestinationUpdate
S3ErrorOutputPrefix s3_error_output_prefix S3ErrorOutputPrefix
S3Update s3_update S3Update
SECURITY_GROUP_ACCESS_DENIED security_group_access_denied SecurityGroupAccessDenied
SECURITY_GROUP_NOT_FOUND security_group_not_found SecurityGroupNotFound
SNAPPY snappy Snappy
SSLMode ssl_mode SslMode
SUBNET_ACCESS_DENIED subnet_access_denied SubnetAccessDenied
SUBNET_NOT_FOUND subnet_not_found SubnetNotFound
SUB_RECORD_TYPE sub_record_type SubRecordType
SUSPENDED suspended Suspended
SecretARN secret_arn SecretArn
SizeInMBs size_in_mbs SizeInMbs
SnowflakeBufferingSizeInMBs snowflake_buffering_size_in_mbs SnowflakeBufferingSizeInMbs
SnowflakeS3BackupMode snowflake_s3_backup_mode SnowflakeS3BackupMode
SplunkBufferingSizeInMBs splunk_buffering_size_in_mbs SplunkBufferingSizeInMbs
SplunkS3BackupMode splunk_s3_backup_mode SplunkS3BackupMode
ThroughputHintInMBs throughput_hint_in_mbs ThroughputHintInMbs
UNCOMPRESSED uncompressed Uncompressed
UNKNOWN_ERROR unknown_error UnknownError
USER user User
V0_11 v0_11 V011
V0_12 v0_12 V012
V1 v1 V1
V2 v2 V2
VARIANT_CONTENT_AND_METADATA_MAPPING variant_content_and_metadata_mapping VariantContentAndMetadataMapping
VARIANT_CONTENT_MAPPING variant_content_mapping VariantContentMapping
VPC_ENDPOINT_SERVICE_NAME_NOT_FOUND vpc_endpoint_service_name_not_found VpcEndpointServiceNameNotFound
VPC_INTERFACE_ENDPOINT_SERVICE_ACCESS_DENIED vpc_interface_endpoint_service_access_denied VpcInterfaceEndpointServiceAccessDenied
ZIP zip Zip
ZLIB zlib Zlib
IPv6Address ipv6_address Ipv6Address
TTLSeconds ttl_seconds TtlSeconds
DBInstance db_instance DbInstance
MLModelId ml_model_id MlModelId
Ec2InstanceId ec2_instance_id Ec2InstanceId
Http2Config http2_config Http2Config
Base64Encoded base64_encoded Base64Encoded
UTF8Bytes utf8_bytes Utf8Bytes
v2Value v2_value V2Value
s3key s3_key S3Key
__type type Type
foo_bar foo_bar FooBar
SigV4Auth sigv4_auth Sigv4Auth
IPv4 ipv4 Ipv4
ARNs arns Arns
RoleARNsList role_arns_list RoleArnsList
";

    /// Names from other AWS models and edge cases of the rules.
    const OTHER_NAMES: &str = "
IntervalInSeconds interval_in_seconds IntervalInSeconds
ListTagsForDeliveryStreamInput list_tags_for_delivery_stream_input ListTagsForDeliveryStreamInput
HasMoreDeliveryStreams has_more_delivery_streams HasMoreDeliveryStreams
ExclusiveStartDeliveryStreamName exclusive_start_delivery_stream_name ExclusiveStartDeliveryStreamName
VpcEndpointServiceName vpc_endpoint_service_name VpcEndpointServiceName
ParquetSerDe parquet_ser_de ParquetSerDe
BlockSizeBytes block_size_bytes BlockSizeBytes
EnableDictionaryCompression enable_dictionary_compression EnableDictionaryCompression
IcebergDestinationConfiguration iceberg_destination_configuration IcebergDestinationConfiguration
DocumentIdOptions document_id_options DocumentIdOptions
SnowflakeRoleConfiguration snowflake_role_configuration SnowflakeRoleConfiguration
HttpEndpointBufferingHints http_endpoint_buffering_hints HttpEndpointBufferingHints
AmazonopensearchserviceDestinationConfiguration amazonopensearchservice_destination_configuration AmazonopensearchserviceDestinationConfiguration
PredictEndpoint predict_endpoint PredictEndpoint
ARN arn Arn
ES es Es
S3 s3 S3
Id id Id
String string String
IPv6Address ipv6_address Ipv6Address
IPv4 ipv4 Ipv4
SigV4Auth sigv4_auth Sigv4Auth
SizeInMiB size_in_mib SizeInMib
TTLSeconds ttl_seconds TtlSeconds
MinTTL min_ttl MinTtl
DBInstance db_instance DbInstance
MLModelId ml_model_id MlModelId
Ec2InstanceId ec2_instance_id Ec2InstanceId
EC2InstanceId ec2_instance_id Ec2InstanceId
Http2Config http2_config Http2Config
Base64Encoded base64_encoded Base64Encoded
UTF8Bytes utf8_bytes Utf8Bytes
v2Value v2_value V2Value
s3key s3_key S3Key
S3key s3key S3key
ARNs arns Arns
RoleARNsList role_arns_list RoleArnsList
DeliveryStreamIDs delivery_stream_ids DeliveryStreamIds
IAMUser iam_user IamUser
fooBar foo_bar FooBar
foo_bar foo_bar FooBar
foo__bar_ foo_bar FooBar
__type type Type
aws-owned aws_owned AwsOwned
v1.2 v1_2 V12
ALLCAPS allcaps Allcaps
a a A
A a A
";

    #[test]
    fn firehose_names() {
        check(FIREHOSE_NAMES);
    }

    #[test]
    fn other_names() {
        check(OTHER_NAMES);
        assert_eq!(snake_case("with spaces here"), "with_spaces_here");
    }

    /// The word split behind every casing, joined the way SCREAMING_SNAKE_CASE would.
    fn screaming_snake_case(name: &str) -> String {
        split_words(name).join("_").to_ascii_uppercase()
    }

    #[test]
    fn screaming() {
        assert_eq!(screaming_snake_case("SizeInMBs"), "SIZE_IN_MBS");
        assert_eq!(screaming_snake_case("AWSKMSKeyARN"), "AWSKMS_KEY_ARN");
        assert_eq!(screaming_snake_case("AWS_OWNED_CMK"), "AWS_OWNED_CMK");
        assert_eq!(screaming_snake_case("S3BackupMode"), "S3_BACKUP_MODE");
        assert_eq!(screaming_snake_case(""), "");
    }

    #[test]
    fn keywords_are_escaped() {
        let fields = [
            ("Type", "r#type"),
            ("type", "r#type"),
            ("gen", "r#gen"),
            ("async", "r#async"),
            ("Await", "r#await"),
            ("dyn", "r#dyn"),
            ("try", "r#try"),
            ("match", "r#match"),
            ("Abstract", "r#abstract"),
            ("self", "self_"),
            ("Self", "self_"),
            ("super", "super_"),
            ("crate", "crate_"),
            ("union", "union"),
            ("String", "string"),
            ("Types", "types"),
        ];
        for (input, want) in fields {
            assert_eq!(field_name(input), want, "field_name({input:?})");
            assert!(is_valid_ident(want));
        }
        assert_eq!(type_name("self"), "SelfValue");
        assert_eq!(type_name("Self"), "SelfValue");
        assert_eq!(type_name("SelfValue"), "SelfValue_");
        assert_eq!(variant_name("SELF"), "SelfValue");
        assert_eq!(type_name("type"), "Type");
        assert_eq!(variant_name("Unknown"), "Unknown");
        assert_eq!(type_name("String"), "String");
    }

    #[test]
    fn variants() {
        let rows = [
            ("AWS_OWNED_CMK", "AwsOwnedCmk"),
            ("aws-owned", "AwsOwned"),
            ("v1.2", "V12"),
            ("MSKAsSource", "MskasSource"),
            ("Snappy", "Snappy"),
            ("1hour", "V1Hour"),
            ("2024-01-01", "V20240101"),
            ("", "Empty"),
            ("*", "Empty"),
            ("--", "Empty"),
        ];
        for (input, want) in rows {
            assert_eq!(variant_name(input), want, "variant_name({input:?})");
        }
    }

    #[test]
    fn edge_cases() {
        assert!(split_words("").is_empty());
        assert!(split_words("___").is_empty());
        assert_eq!(field_name(""), "empty");
        assert_eq!(field_name("___"), "empty");
        assert_eq!(type_name("___"), "Empty");
        // Non-ASCII characters separate words and are dropped.
        assert_eq!(snake_case("caféBar"), "caf_bar");
        assert_eq!(snake_case("naïveBayes"), "na_ve_bayes");
        assert_eq!(field_name("日本"), "empty");
        assert_eq!(field_name("3dModel"), "_3d_model");
        assert_eq!(field_name("1"), "_1");
        assert_eq!(type_name("3dModel"), "T3dModel");
        assert_eq!(variant_name("3dModel"), "V3dModel");
        assert_eq!(field_name("_private"), "private");
    }

    #[test]
    fn keyword_list() {
        for kw in [
            "as", "fn", "gen", "try", "async", "await", "dyn", "yield", "Self", "macro",
        ] {
            assert!(is_rust_keyword(kw), "{kw}");
        }
        for word in [
            "union",
            "raw",
            "safe",
            "macro_rules",
            "string",
            "Type",
            "r#type",
            "",
        ] {
            assert!(!is_rust_keyword(word), "{word}");
        }
    }

    /// Names built from odd characters never panic and always give identifiers.
    #[test]
    fn any_input_gives_identifiers() {
        let alphabet: Vec<char> = "aAzZ09_-. $sSé\u{0}日".chars().collect();
        let mut seed: u32 = 12345;
        for _ in 0..5000 {
            let mut input = String::new();
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
            for _ in 0..(seed >> 28) {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
                input.push(alphabet[(seed >> 16) as usize % alphabet.len()]);
            }
            assert!(is_valid_ident(&field_name(&input)), "field_name({input:?})");
            assert!(is_valid_ident(&type_name(&input)), "type_name({input:?})");
            assert!(
                is_valid_ident(&variant_name(&input)),
                "variant_name({input:?})"
            );
            let _ = screaming_snake_case(&input);
        }
        for kw in [
            "self",
            "Self",
            "super",
            "crate",
            "gen",
            "type",
            "_",
            "r#type",
            "SelfValue",
        ] {
            assert!(is_valid_ident(&field_name(kw)), "{kw}");
            assert!(is_valid_ident(&type_name(kw)), "{kw}");
        }
    }
}
