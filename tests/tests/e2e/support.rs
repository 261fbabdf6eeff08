//! What the end-to-end tests share: the generated Firehose client pointed at moto, the S3 side
//! (buckets, delivered objects) over `plain_http`, unique names, and the destination every
//! stream starts with.

use std::fmt::Debug;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_credential_types::Credentials as SigningCredentials;
use aws_sigv4::http_request::{
    PayloadChecksumKind, PercentEncodingMode, SignableBody, SignableRequest, SigningSettings,
    UriPathNormalizationMode, sign,
};
use aws_sigv4::sign::v4;
use firehose::client::{Config, Credentials, Error};
use firehose::operation::create_delivery_stream::CreateDeliveryStreamInput;
use firehose::operation::describe_delivery_stream::DescribeDeliveryStreamInput;
use firehose::operation::list_delivery_streams::ListDeliveryStreamsInput;
use firehose::operation::list_tags_for_delivery_stream::ListTagsForDeliveryStreamInput;
use firehose::primitives::DateTime;
use firehose::types::{
    BufferingHints, CompressionFormat, DeliveryStreamDescription, DeliveryStreamType,
    EncryptionConfiguration, ExtendedS3DestinationConfiguration, NoEncryptionConfig,
};

use crate::plain_http::{RawResponse, exchange};

/// Where the server is, `http://host:port`. Set by `cargo xtask e2e`.
pub const ENDPOINT_VAR: &str = "FIREHOSE_E2E_ENDPOINT";
pub const REGION: &str = "us-east-1";
/// moto accepts any key pair and does not check signatures, but it reads the signature: the
/// credential scope's service picks the backend, and an access key that moto's IAM issued
/// picks that key's account; any other key means moto's default account, [`ACCOUNT`].
pub const ACCESS_KEY: &str = "AKIDFIREHOSEE2E";
pub const SECRET_KEY: &str = "firehose-e2e-secret-not-checked-by-moto";
pub const SESSION_TOKEN: &str = "firehose-e2e-session-token";
pub const ACCOUNT: &str = "123456789012";
pub const ROLE_ARN: &str = "arn:aws:iam::123456789012:role/firehose-e2e";
/// Per call; moto answers in milliseconds, so this only stops a hung test.
pub const TIMEOUT: Duration = Duration::from_secs(60);

/// The endpoint from [`ENDPOINT_VAR`]; panics with how to set it (a missing server is a
/// failure, not a skip).
pub fn endpoint() -> String {
    let endpoint = std::env::var(ENDPOINT_VAR).unwrap_or_else(|_| {
        panic!(
            "{ENDPOINT_VAR} is not set. These tests need a running Firehose: `cargo xtask e2e` \
             starts moto and sets it (or set it to http://HOST:PORT of a server you started)"
        )
    });
    endpoint.trim_end_matches('/').to_owned()
}

/// The generated client for moto, and the S3 side of the same server.
pub struct Firehose {
    pub client: firehose::Client,
    /// `http://host:port`.
    endpoint: String,
    /// `host:port`, where the S3 requests connect.
    authority: String,
}

impl Firehose {
    /// A client with explicit (temporary) credentials of moto's default account.
    pub fn from_env() -> Self {
        let credentials = Credentials::new(ACCESS_KEY, SECRET_KEY, Some(SESSION_TOKEN.into()));
        Self::with_config(Config::new(REGION).with_credentials(credentials))
    }

    /// A client made from `config` plus the endpoint and timeout.
    pub fn with_config(config: Config) -> Self {
        let config = config.with_endpoint(endpoint()).with_timeout(TIMEOUT);
        Self::with_client(firehose::Client::new(config))
    }

    /// `client` as it is (its config must send to the server), with the S3 side.
    pub fn with_client(client: firehose::Client) -> Self {
        let endpoint = endpoint();
        let authority = match endpoint.strip_prefix("http://") {
            Some(rest) if !rest.is_empty() && !rest.contains('/') => rest.to_owned(),
            _ => panic!("{ENDPOINT_VAR}={endpoint:?}: expected http://HOST:PORT (no TLS, no path)"),
        };
        Self {
            client,
            endpoint,
            authority,
        }
    }

    /// Creates a DirectPut stream with [`destination`]`(bucket)` and returns its ARN.
    pub async fn create_stream(&self, name: &str, bucket: &str) -> String {
        let input = CreateDeliveryStreamInput::new(name)
            .with_delivery_stream_type(DeliveryStreamType::DirectPut)
            .with_extended_s3_destination_configuration(destination(bucket));
        ok(self.client.create_delivery_stream(&input).await)
            .delivery_stream_arn
            .expect("CreateDeliveryStream returns the stream's ARN")
    }

    pub async fn describe(&self, name: &str) -> DeliveryStreamDescription {
        let input = DescribeDeliveryStreamInput::new(name);
        ok(self.client.describe_delivery_stream(&input).await)
            .delivery_stream_description
            .expect("DeliveryStreamDescription")
    }

    /// Every stream name (of one type), in one page.
    pub async fn list_names(&self, of_type: Option<DeliveryStreamType>) -> Vec<String> {
        let mut input = ListDeliveryStreamsInput::new().with_limit(10_000);
        input.delivery_stream_type = of_type;
        let out = ok(self.client.list_delivery_streams(&input).await);
        assert!(!out.has_more_delivery_streams);
        out.delivery_stream_names
    }

    /// The stream's tags as `key=value`, sorted.
    pub async fn tags(&self, name: &str) -> Vec<String> {
        let input = ListTagsForDeliveryStreamInput::new(name);
        let out = ok(self.client.list_tags_for_delivery_stream(&input).await);
        assert!(!out.has_more_tags);
        let mut tags: Vec<String> = out
            .tags
            .into_iter()
            .map(|t| format!("{}={}", t.key, t.value.unwrap_or_default()))
            .collect();
        tags.sort();
        tags
    }

    /// Sends a signed S3 request (path style) with an empty body to the same server.
    fn s3(&self, method: &str, path_and_query: &str) -> RawResponse {
        let mut settings = SigningSettings::default();
        settings.payload_checksum_kind = PayloadChecksumKind::XAmzSha256;
        settings.percent_encoding_mode = PercentEncodingMode::Single;
        settings.uri_path_normalization_mode = UriPathNormalizationMode::Disabled;
        self.signed("s3", method, path_and_query, &[], Vec::new(), settings)
    }

    /// Sends a request signed for `service` to the same server; anything but 200 fails the
    /// test.
    fn signed(
        &self,
        service: &str,
        method: &str,
        path_and_query: &str,
        headers: &[(&str, &str)],
        body: Vec<u8>,
        settings: SigningSettings,
    ) -> RawResponse {
        let what = format!("{service} {method} {path_and_query}");
        let mut request = http::Request::builder()
            .method(method)
            .uri(format!("{}{path_and_query}", self.endpoint))
            .header("content-length", body.len().to_string());
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let mut request = request.body(body).unwrap_or_else(|e| panic!("{what}: {e}"));
        sign_request(&mut request, service, settings).unwrap_or_else(|e| panic!("{what}: {e}"));
        let response =
            exchange(&self.authority, &request).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(
            response.status,
            200,
            "{what}: {}",
            String::from_utf8_lossy(&response.body)
        );
        response
    }

    /// Creates an IAM user with an access key in `account` (moto's `x-moto-account-id`
    /// header picks the account), and returns the key id and secret.
    pub fn create_access_key(&self, account: &str, user: &str) -> (String, String) {
        let iam = |action: &str| {
            let body = format!("Action={action}&UserName={user}&Version=2010-05-08");
            self.signed(
                "iam",
                "POST",
                "/",
                &[
                    ("content-type", "application/x-www-form-urlencoded"),
                    ("x-moto-account-id", account),
                ],
                body.into_bytes(),
                SigningSettings::default(),
            )
        };
        iam("CreateUser");
        let created = iam("CreateAccessKey");
        let xml = String::from_utf8_lossy(&created.body);
        let value = |tag: &str| -> String {
            xml_values(&xml, tag)
                .first()
                .unwrap_or_else(|| panic!("no <{tag}> in {xml}"))
                .to_string()
        };
        (value("AccessKeyId"), value("SecretAccessKey"))
    }

    pub fn create_bucket(&self, bucket: &str) {
        self.s3("PUT", &format!("/{bucket}"));
    }

    /// The contents of every object under `prefix` in `bucket`.
    pub fn objects(&self, bucket: &str, prefix: &str) -> Vec<Vec<u8>> {
        // Prefixes here are letters and `/`, so `/` is the only byte to escape.
        let query = format!("list-type=2&prefix={}", prefix.replace('/', "%2F"));
        let listing = self.s3("GET", &format!("/{bucket}?{query}"));
        let listing = String::from_utf8_lossy(&listing.body);
        // One page (up to 1,000 keys) is all the tests need; more would be silently missing.
        assert_eq!(
            xml_values(&listing, "IsTruncated"),
            ["false"],
            "listing of {bucket}/{prefix} has more than one page"
        );
        xml_values(&listing, "Key")
            .into_iter()
            .map(|key| self.s3("GET", &format!("/{bucket}/{key}")).body)
            .collect()
    }
}

/// The output of a call that must succeed.
#[track_caller]
pub fn ok<O, E: std::error::Error>(result: Result<O, Error<E>>) -> O {
    result.unwrap_or_else(|e| panic!("call failed: {e}\n{e:?}"))
}

/// The service error of a call that must fail with one; any other outcome fails the test.
#[track_caller]
pub fn service_error<O: Debug, E: Debug>(result: Result<O, Error<E>>) -> E {
    match result {
        Ok(output) => panic!("succeeded with {output:?}; expected a service error"),
        Err(Error::Service(e)) => e,
        Err(other) => panic!("expected a service error, got {other:?}"),
    }
}

pub fn bucket_arn(bucket: &str) -> String {
    format!("arn:aws:s3:::{bucket}")
}

/// The destination every stream here starts with.
pub fn destination(bucket: &str) -> ExtendedS3DestinationConfiguration {
    ExtendedS3DestinationConfiguration::new(ROLE_ARN, bucket_arn(bucket))
        .with_prefix("raw/")
        .with_error_output_prefix("errors/")
        .with_buffering_hints(
            BufferingHints::new()
                .with_size_in_mbs(1)
                .with_interval_in_seconds(60),
        )
        .with_compression_format(CompressionFormat::Uncompressed)
        .with_encryption_configuration(
            EncryptionConfiguration::new()
                .with_no_encryption_config(NoEncryptionConfig::NoEncryption),
        )
        .with_custom_time_zone("UTC")
        .with_file_extension(".jsonl")
}

/// A name no other test (or earlier run against the same server) uses: lowercase, so it also
/// works as a bucket name.
pub fn unique(what: &str) -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos() % 1_000_000_000_000)
        .unwrap_or_default();
    format!("e2e-{what}-{}-{n}-{nanos:x}", std::process::id())
}

/// Within an hour of this machine's clock (moto runs on the same machine).
pub fn assert_recent(t: DateTime) {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default();
    assert!((t.secs() - now).abs() < 3600, "{t} is not close to now");
}

/// The text of every `<tag>...</tag>` in `xml` (enough for S3's ListObjectsV2; keys here
/// contain only characters that XML does not escape).
fn xml_values<'a>(xml: &'a str, tag: &str) -> Vec<&'a str> {
    let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
    let mut values = Vec::new();
    let mut rest = xml;
    while let Some(start) = rest.find(&open) {
        rest = &rest[start + open.len()..];
        let Some(end) = rest.find(&close) else { break };
        values.push(&rest[..end]);
        rest = &rest[end + close.len()..];
    }
    values
}

/// Signs a request in place for `service` (SigV4, header signature) in [`REGION`].
fn sign_request(
    request: &mut http::Request<Vec<u8>>,
    service: &str,
    settings: SigningSettings,
) -> Result<(), String> {
    let identity =
        SigningCredentials::new(ACCESS_KEY, SECRET_KEY, None, None, "firehose-e2e").into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(REGION)
        .name(service)
        .time(SystemTime::now())
        .settings(settings)
        .build()
        .map_err(|e| format!("signing parameters: {e}"))?
        .into();
    let instructions = {
        let mut headers = Vec::with_capacity(request.headers().len());
        for (name, value) in request.headers() {
            let value = value
                .to_str()
                .map_err(|_| format!("header {name} is not visible ASCII"))?;
            headers.push((name.as_str(), value));
        }
        let signable = SignableRequest::new(
            request.method().as_str(),
            request.uri().to_string(),
            headers.into_iter(),
            SignableBody::Bytes(request.body()),
        )
        .map_err(|e| format!("cannot sign: {e}"))?;
        let (instructions, _signature) = sign(signable, &params)
            .map_err(|e| format!("cannot sign: {e}"))?
            .into_parts();
        instructions
    };
    instructions.apply_to_request_http1x(request);
    Ok(())
}
