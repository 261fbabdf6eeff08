//! End-to-end tests: requests built by the generated `firehose` crate, signed with SigV4 the
//! way a user of the crate would sign them, sent over a small HTTP/1.1 client to a local
//! Firehose (moto in server mode), and the responses parsed by the same crate.
//!
//! The tests that need the server are `#[ignore]`d, so `cargo test` lists them as ignored with
//! the reason. `cargo xtask e2e` installs and starts moto, then runs them with `--ignored` and
//! `FIREHOSE_E2E_ENDPOINT=http://127.0.0.1:PORT`. Run with `--ignored` but without that
//! variable they fail: a missing server is an error, not a skip.
//!
//! Every test uses its own stream and bucket names, so they run in parallel against one server.
//!
//! The HTTP client (`client.rs`) is written on `std::net::TcpStream` to keep the CI build
//! small; its own tests need no server.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{
    PayloadChecksumKind, PercentEncodingMode, SignableBody, SignableRequest, SigningSettings,
    UriPathNormalizationMode, sign,
};
use aws_sigv4::sign::v4;
use firehose::error::{
    CreateDeliveryStreamError, DeleteDeliveryStreamError, DescribeDeliveryStreamError,
    PutRecordError, StartDeliveryStreamEncryptionError, UpdateDestinationError,
};
use firehose::operation::{
    CreateDeliveryStream, DeleteDeliveryStream, DescribeDeliveryStream, ListDeliveryStreams,
    ListTagsForDeliveryStream, PutRecord, PutRecordBatch, StartDeliveryStreamEncryption,
    StopDeliveryStreamEncryption, TagDeliveryStream, UntagDeliveryStream, UpdateDestination,
};
use firehose::primitives::DateTime;
use firehose::types::{
    BufferingHints, CompressionFormat, CreateDeliveryStreamInput, DeleteDeliveryStreamInput,
    DeliveryStreamDescription, DeliveryStreamEncryptionConfigurationInput,
    DeliveryStreamEncryptionStatus, DeliveryStreamStatus, DeliveryStreamType,
    DescribeDeliveryStreamInput, EncryptionConfiguration, ExtendedS3DestinationConfiguration,
    ExtendedS3DestinationUpdate, KeyType, ListDeliveryStreamsInput, ListTagsForDeliveryStreamInput,
    NoEncryptionConfig, PutRecordBatchInput, PutRecordInput, Record,
    StartDeliveryStreamEncryptionInput, StopDeliveryStreamEncryptionInput, Tag,
    TagDeliveryStreamInput, UntagDeliveryStreamInput, UpdateDestinationInput,
};
use firehose::{Operation, ProvideErrorMetadata, RequestId};

mod client;

use client::{RawResponse, exchange};

/// Where the server is, `http://host:port`. Set by `cargo xtask e2e`.
const ENDPOINT_VAR: &str = "FIREHOSE_E2E_ENDPOINT";
const REGION: &str = "us-east-1";
/// moto accepts any key pair and does not check signatures. An access key of 12 digits would
/// select that account; any other key means moto's default account.
const ACCESS_KEY: &str = "AKIDFIREHOSEE2E";
const SECRET_KEY: &str = "firehose-e2e-secret-not-checked-by-moto";
const ACCOUNT: &str = "123456789012";
const ROLE_ARN: &str = "arn:aws:iam::123456789012:role/firehose-e2e";

// ---------------------------------------------------------------------------------------------
// Tests against the server
// ---------------------------------------------------------------------------------------------

#[test]
#[ignore = "needs a local Firehose (moto): run `cargo xtask e2e`"]
fn create_describe_list_and_delete_a_stream() {
    let fh = Firehose::from_env();
    let name = unique("life");
    let bucket = unique("life-bucket");

    let arn = fh.create_stream(&name, &bucket);
    assert_eq!(
        arn,
        format!("arn:aws:firehose:{REGION}:{ACCOUNT}:deliverystream/{name}")
    );

    // A second create with the same name is the typed ResourceInUseException.
    let again = CreateDeliveryStreamInput::new(&name)
        .with_extended_s3_destination_configuration(destination(&bucket));
    match fh.err::<CreateDeliveryStream>(&again) {
        CreateDeliveryStreamError::ResourceInUseException(e) => {
            assert_eq!(e.code(), Some("ResourceInUseException"));
            assert!(
                e.message.as_deref().is_some_and(|m| m.contains(&name)),
                "{e:?}"
            );
        }
        other => panic!("expected ResourceInUseException, got {other:?}"),
    }

    let d = fh.describe(&name);
    assert_eq!(d.delivery_stream_name.as_deref(), Some(name.as_str()));
    assert_eq!(d.delivery_stream_arn.as_deref(), Some(arn.as_str()));
    assert_eq!(d.delivery_stream_status, Some(DeliveryStreamStatus::Active));
    assert_eq!(d.delivery_stream_type, Some(DeliveryStreamType::DirectPut));
    assert_eq!(d.version_id.as_deref(), Some("1"));
    assert_eq!(d.has_more_destinations, Some(false));
    let created = d.create_timestamp.expect("CreateTimestamp");
    let updated = d.last_update_timestamp.expect("LastUpdateTimestamp");
    assert_recent(created);
    assert_recent(updated);
    assert!(
        created <= updated,
        "created {created} after updated {updated}"
    );

    // The destination comes back as it was sent.
    let destinations = d.destinations.as_deref().unwrap_or_default();
    assert_eq!(destinations.len(), 1, "{destinations:?}");
    let dest = &destinations[0];
    assert!(
        dest.destination_id
            .as_deref()
            .is_some_and(|id| !id.is_empty()),
        "{dest:?}"
    );
    let s3 = dest
        .extended_s3_destination_description
        .as_ref()
        .expect("ExtendedS3DestinationDescription");
    let sent = destination(&bucket);
    assert_eq!(s3.role_arn, sent.role_arn);
    assert_eq!(s3.bucket_arn, sent.bucket_arn);
    assert_eq!(s3.prefix, sent.prefix);
    assert_eq!(s3.error_output_prefix, sent.error_output_prefix);
    assert_eq!(s3.buffering_hints, sent.buffering_hints);
    assert_eq!(s3.compression_format, sent.compression_format);
    assert_eq!(s3.encryption_configuration, sent.encryption_configuration);
    assert_eq!(s3.custom_time_zone, sent.custom_time_zone);
    assert_eq!(s3.file_extension, sent.file_extension);

    assert!(fh.list_names(None).contains(&name));
    assert!(
        fh.list_names(Some(DeliveryStreamType::DirectPut))
            .contains(&name)
    );
    assert!(
        !fh.list_names(Some(DeliveryStreamType::KinesisStreamAsSource))
            .contains(&name)
    );

    fh.ok::<DeleteDeliveryStream>(&DeleteDeliveryStreamInput::new(&name));
    assert!(!fh.list_names(None).contains(&name));
    let gone = DescribeDeliveryStreamInput::new(&name);
    assert!(matches!(
        fh.err::<DescribeDeliveryStream>(&gone),
        DescribeDeliveryStreamError::ResourceNotFoundException(_)
    ));
    let gone = DeleteDeliveryStreamInput::new(&name);
    assert!(matches!(
        fh.err::<DeleteDeliveryStream>(&gone),
        DeleteDeliveryStreamError::ResourceNotFoundException(_)
    ));
}

#[test]
#[ignore = "needs a local Firehose (moto): run `cargo xtask e2e`"]
fn list_delivery_streams_pages_with_limit_and_start_name() {
    let fh = Firehose::from_env();
    // Other tests add streams at the same time; a shared prefix keeps ours together.
    let prefix = unique("page");
    let names: Vec<String> = (0..3).map(|i| format!("{prefix}-{i}")).collect();
    let bucket = unique("page-bucket");
    for name in &names {
        fh.create_stream(name, &bucket);
    }

    let first = fh.ok::<ListDeliveryStreams>(
        &ListDeliveryStreamsInput::new()
            .with_limit(1)
            .with_exclusive_start_delivery_stream_name(&names[0]),
    );
    assert_eq!(first.delivery_stream_names, Some(vec![names[1].clone()]));
    assert_eq!(first.has_more_delivery_streams, Some(true));

    let rest = fh.ok::<ListDeliveryStreams>(
        &ListDeliveryStreamsInput::new()
            .with_limit(10_000)
            .with_exclusive_start_delivery_stream_name(&names[1]),
    );
    let rest = rest.delivery_stream_names.unwrap_or_default();
    assert_eq!(rest.first(), Some(&names[2]), "{rest:?}");

    for name in &names {
        fh.ok::<DeleteDeliveryStream>(&DeleteDeliveryStreamInput::new(name));
    }
}

#[test]
#[ignore = "needs a local Firehose (moto): run `cargo xtask e2e`"]
fn put_record_and_put_record_batch_deliver_the_exact_bytes() {
    let fh = Firehose::from_env();
    let name = unique("put");
    let bucket = unique("put-bucket");
    // moto writes records straight into its S3, so the bucket has to exist.
    fh.create_bucket(&bucket);
    fh.create_stream(&name, &bucket);

    // Bytes that are not UTF-8 and whose base64 needs padding and uses `+` and `/`.
    let single: Vec<u8> = vec![0x00, 0xff, 0xfe, 0x3e, 0x3f, b'\n'];
    let out = fh.ok::<PutRecord>(&PutRecordInput::new(&name, Record::new(single.clone())));
    assert!(
        out.record_id.as_deref().is_some_and(|id| !id.is_empty()),
        "{out:?}"
    );
    assert_eq!(out.encrypted, Some(false));

    let batch: Vec<Vec<u8>> = vec![
        b"{\"n\":1}\n".to_vec(),
        "caf\u{e9} \u{1f525}\n".as_bytes().to_vec(),
        (0..=255u8).collect(),
    ];
    let records: Vec<Record> = batch.iter().cloned().map(Record::new).collect();
    let out = fh.ok::<PutRecordBatch>(&PutRecordBatchInput::new(&name, records));
    assert_eq!(out.failed_put_count, Some(0));
    assert_eq!(out.encrypted, Some(false));
    let entries = out.request_responses.unwrap_or_default();
    assert_eq!(entries.len(), batch.len(), "{entries:?}");
    let mut ids: Vec<&str> = entries
        .iter()
        .map(|e| {
            assert_eq!(e.error_code, None, "{e:?}");
            e.record_id.as_deref().unwrap_or_default()
        })
        .collect();
    assert!(ids.iter().all(|id| !id.is_empty()), "{ids:?}");
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), batch.len(), "record ids are not distinct");

    // moto stores each call as one object under the prefix; the bytes must be exactly ours.
    let mut objects = fh.objects(&bucket, "raw/");
    objects.sort();
    let mut expected = vec![single, batch.concat()];
    expected.sort();
    assert_eq!(objects, expected);

    // A record for a stream that does not exist is a typed error, not a transport failure.
    let missing = PutRecordInput::new(unique("put-missing"), Record::new(b"x".to_vec()));
    assert!(matches!(
        fh.err::<PutRecord>(&missing),
        PutRecordError::ResourceNotFoundException(_)
    ));

    fh.ok::<DeleteDeliveryStream>(&DeleteDeliveryStreamInput::new(&name));
}

#[test]
#[ignore = "needs a local Firehose (moto): run `cargo xtask e2e`"]
fn tags_are_added_listed_and_removed() {
    let fh = Firehose::from_env();
    let name = unique("tags");
    let bucket = unique("tags-bucket");
    let input = CreateDeliveryStreamInput::new(&name)
        .with_delivery_stream_type(DeliveryStreamType::DirectPut)
        .with_extended_s3_destination_configuration(destination(&bucket))
        .with_tags(vec![Tag::new("team").with_value("data")]);
    fh.ok::<CreateDeliveryStream>(&input);
    assert_eq!(fh.tags(&name), ["team=data"]);

    let tags = vec![
        Tag::new("env").with_value("e2e"),
        Tag::new("empty").with_value(""),
        Tag::new("team").with_value("platform"),
    ];
    fh.ok::<TagDeliveryStream>(&TagDeliveryStreamInput::new(&name, tags));
    assert_eq!(fh.tags(&name), ["empty=", "env=e2e", "team=platform"]);

    // Removing a key that is not there is not an error.
    let keys = vec!["team".to_owned(), "empty".to_owned(), "absent".to_owned()];
    fh.ok::<UntagDeliveryStream>(&UntagDeliveryStreamInput::new(&name, keys));
    assert_eq!(fh.tags(&name), ["env=e2e"]);

    fh.ok::<DeleteDeliveryStream>(&DeleteDeliveryStreamInput::new(&name));
}

#[test]
#[ignore = "needs a local Firehose (moto): run `cargo xtask e2e`"]
fn server_side_encryption_starts_and_stops() {
    let fh = Firehose::from_env();
    let name = unique("sse");
    fh.create_stream(&name, &unique("sse-bucket"));
    assert_eq!(
        fh.describe(&name).delivery_stream_encryption_configuration,
        None
    );

    let key_arn =
        format!("arn:aws:kms:{REGION}:{ACCOUNT}:key/0f3b2c1d-e2e0-4000-8000-000000000001");
    let start = StartDeliveryStreamEncryptionInput::new(&name)
        .with_delivery_stream_encryption_configuration_input(
            DeliveryStreamEncryptionConfigurationInput::new(KeyType::CustomerManagedCmk)
                .with_key_arn(&key_arn),
        );
    fh.ok::<StartDeliveryStreamEncryption>(&start);
    let sse = fh
        .describe(&name)
        .delivery_stream_encryption_configuration
        .expect("DeliveryStreamEncryptionConfiguration after StartDeliveryStreamEncryption");
    assert_eq!(sse.key_type, Some(KeyType::CustomerManagedCmk));
    assert_eq!(sse.key_arn.as_deref(), Some(key_arn.as_str()));
    assert_eq!(sse.status, Some(DeliveryStreamEncryptionStatus::Enabled));

    fh.ok::<StopDeliveryStreamEncryption>(&StopDeliveryStreamEncryptionInput::new(&name));
    let sse = fh
        .describe(&name)
        .delivery_stream_encryption_configuration
        .expect("DeliveryStreamEncryptionConfiguration after StopDeliveryStreamEncryption");
    assert_eq!(sse.status, Some(DeliveryStreamEncryptionStatus::Disabled));

    // Same call for a stream that does not exist.
    let missing = StartDeliveryStreamEncryptionInput::new(unique("sse-missing"))
        .with_delivery_stream_encryption_configuration_input(
            DeliveryStreamEncryptionConfigurationInput::new(KeyType::AwsOwnedCmk),
        );
    match fh.err::<StartDeliveryStreamEncryption>(&missing) {
        StartDeliveryStreamEncryptionError::ResourceNotFoundException(e) => {
            assert_eq!(e.code(), Some("ResourceNotFoundException"));
        }
        other => panic!("expected ResourceNotFoundException, got {other:?}"),
    }

    fh.ok::<DeleteDeliveryStream>(&DeleteDeliveryStreamInput::new(&name));
}

#[test]
#[ignore = "needs a local Firehose (moto): run `cargo xtask e2e`"]
fn update_destination_changes_the_destination_and_its_version() {
    let fh = Firehose::from_env();
    let name = unique("upd");
    let bucket = unique("upd-bucket");
    fh.create_stream(&name, &bucket);
    let before = fh.describe(&name);
    let version = before.version_id.clone().expect("VersionId");
    let destination_id = before
        .destinations
        .as_deref()
        .and_then(|d| d.first())
        .and_then(|d| d.destination_id.clone())
        .expect("DestinationId");

    let new_bucket = unique("upd-bucket-2");
    let update = ExtendedS3DestinationUpdate::new()
        .with_bucket_arn(bucket_arn(&new_bucket))
        .with_prefix("v2/")
        .with_buffering_hints(
            BufferingHints::new()
                .with_size_in_mbs(64)
                .with_interval_in_seconds(900),
        )
        .with_compression_format(CompressionFormat::Gzip);
    let input = UpdateDestinationInput::new(&name, &version, &destination_id)
        .with_extended_s3_destination_update(update.clone());
    fh.ok::<UpdateDestination>(&input);

    let after = fh.describe(&name);
    assert_ne!(after.version_id, before.version_id);
    assert_eq!(after.version_id.as_deref(), Some("2"));
    let updated = after.last_update_timestamp.expect("LastUpdateTimestamp");
    assert!(
        Some(updated) >= before.last_update_timestamp,
        "{updated} is before {:?}",
        before.last_update_timestamp
    );
    let s3 = after
        .destinations
        .as_deref()
        .and_then(|d| d.first())
        .and_then(|d| d.extended_s3_destination_description.clone())
        .expect("ExtendedS3DestinationDescription");
    assert_eq!(s3.bucket_arn, update.bucket_arn);
    assert_eq!(s3.prefix, update.prefix);
    assert_eq!(s3.buffering_hints, update.buffering_hints);
    assert_eq!(s3.compression_format, update.compression_format);
    // Members the update did not name keep their values.
    assert_eq!(s3.role_arn.as_deref(), Some(ROLE_ARN));
    assert_eq!(s3.error_output_prefix.as_deref(), Some("errors/"));

    // The old version id is now stale.
    match fh.err::<UpdateDestination>(&input) {
        UpdateDestinationError::ConcurrentModificationException(e) => {
            assert_eq!(e.code(), Some("ConcurrentModificationException"));
            assert!(e.request_id().is_some_and(|id| !id.is_empty()), "{e:?}");
        }
        other => panic!("expected ConcurrentModificationException, got {other:?}"),
    }

    fh.ok::<DeleteDeliveryStream>(&DeleteDeliveryStreamInput::new(&name));
}

#[test]
#[ignore = "needs a local Firehose (moto): run `cargo xtask e2e`"]
fn describe_of_a_missing_stream_is_a_typed_resource_not_found() {
    let fh = Firehose::from_env();
    let name = unique("missing");
    let error = fh.err::<DescribeDeliveryStream>(&DescribeDeliveryStreamInput::new(&name));
    let expected_message = format!("Firehose {name} under account {ACCOUNT} not found.");

    assert_eq!(error.code(), Some("ResourceNotFoundException"));
    assert_eq!(error.message(), Some(expected_message.as_str()));
    let request_id = error.request_id().expect("x-amzn-requestid");
    assert!(!request_id.is_empty());
    assert_eq!(
        error.to_string(),
        format!("ResourceNotFoundException: {expected_message}")
    );
    match &error {
        DescribeDeliveryStreamError::ResourceNotFoundException(e) => {
            assert_eq!(e.message.as_deref(), Some(expected_message.as_str()));
            assert_eq!(e.request_id(), Some(request_id));
        }
        other => panic!("expected ResourceNotFoundException, got {other:?}"),
    }
    // The service-wide error keeps the variant.
    assert!(matches!(
        firehose::error::Error::from(error),
        firehose::error::Error::ResourceNotFoundException(_)
    ));
}

// ---------------------------------------------------------------------------------------------
// Firehose helpers
// ---------------------------------------------------------------------------------------------

fn bucket_arn(bucket: &str) -> String {
    format!("arn:aws:s3:::{bucket}")
}

/// The destination every stream here starts with.
fn destination(bucket: &str) -> ExtendedS3DestinationConfiguration {
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
fn unique(what: &str) -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos() % 1_000_000_000_000)
        .unwrap_or_default();
    format!("e2e-{what}-{}-{n}-{nanos:x}", std::process::id())
}

/// Within an hour of this machine's clock (moto runs on the same machine).
fn assert_recent(t: DateTime) {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default();
    assert!((t.secs() - now).abs() < 3600, "{t} is not close to now");
}

struct Firehose {
    /// `http://host:port`, what `build_request` gets.
    endpoint: String,
    /// `host:port`, where the client connects.
    authority: String,
}

impl Firehose {
    fn from_env() -> Self {
        let endpoint = std::env::var(ENDPOINT_VAR).unwrap_or_else(|_| {
            panic!(
                "{ENDPOINT_VAR} is not set. These tests need a running Firehose: `cargo xtask e2e` \
                 starts moto and sets it (or set it to http://HOST:PORT of a server you started)"
            )
        });
        let endpoint = endpoint.trim_end_matches('/').to_owned();
        let authority = match endpoint.strip_prefix("http://") {
            Some(rest) if !rest.is_empty() && !rest.contains('/') => rest.to_owned(),
            _ => panic!("{ENDPOINT_VAR}={endpoint:?}: expected http://HOST:PORT (no TLS, no path)"),
        };
        Self {
            endpoint,
            authority,
        }
    }

    /// Builds, signs and sends `input`, and parses the response with the generated code.
    /// Failures before there is a response (building, signing, I/O) fail the test.
    fn call<O: Operation>(&self, input: &O::Input) -> Result<O::Output, O::Error> {
        let mut request = O::build_request(input, &self.endpoint)
            .unwrap_or_else(|e| panic!("{}: cannot build the request: {e}", O::NAME));
        // The crate's own signing (feature `sigv4`), as a user would call it.
        let credentials = Credentials::new(ACCESS_KEY, SECRET_KEY, None, None, "firehose-e2e");
        firehose::sigv4::sign(
            &mut request,
            &credentials,
            REGION,
            firehose::SIGNING_NAME,
            SystemTime::now(),
        )
        .unwrap_or_else(|e| panic!("{}: {e}", O::NAME));
        let request = request
            .try_into_http1x()
            .unwrap_or_else(|e| panic!("{}: not an http 1.x request: {e}", O::NAME));
        let (parts, body) = request.into_parts();
        let body = body
            .bytes()
            .unwrap_or_else(|| panic!("{}: the request body is a stream", O::NAME))
            .to_vec();
        let request = http::Request::from_parts(parts, body);
        let raw =
            exchange(&self.authority, &request).unwrap_or_else(|e| panic!("{}: {e}", O::NAME));
        let response = firehose::response_from_parts(
            raw.status,
            raw.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())),
            raw.body,
        )
        .unwrap_or_else(|e| panic!("{}: {e}", O::NAME));
        O::parse_response(&response)
    }

    fn ok<O: Operation>(&self, input: &O::Input) -> O::Output {
        self.call::<O>(input)
            .unwrap_or_else(|e| panic!("{} failed: {e}\n{e:?}", O::NAME))
    }

    fn err<O: Operation>(&self, input: &O::Input) -> O::Error
    where
        O::Output: std::fmt::Debug,
    {
        match self.call::<O>(input) {
            Ok(output) => panic!("{} succeeded with {output:?}; expected an error", O::NAME),
            Err(error) => error,
        }
    }

    /// Creates a DirectPut stream with [`destination`]`(bucket)` and returns its ARN.
    fn create_stream(&self, name: &str, bucket: &str) -> String {
        let input = CreateDeliveryStreamInput::new(name)
            .with_delivery_stream_type(DeliveryStreamType::DirectPut)
            .with_extended_s3_destination_configuration(destination(bucket));
        self.ok::<CreateDeliveryStream>(&input)
            .delivery_stream_arn
            .expect("CreateDeliveryStream returns the stream's ARN")
    }

    fn describe(&self, name: &str) -> DeliveryStreamDescription {
        self.ok::<DescribeDeliveryStream>(&DescribeDeliveryStreamInput::new(name))
            .delivery_stream_description
            .expect("DeliveryStreamDescription")
    }

    fn list_names(&self, of_type: Option<DeliveryStreamType>) -> Vec<String> {
        let mut input = ListDeliveryStreamsInput::new().with_limit(10_000);
        input.delivery_stream_type = of_type;
        let out = self.ok::<ListDeliveryStreams>(&input);
        assert_eq!(out.has_more_delivery_streams, Some(false));
        out.delivery_stream_names.unwrap_or_default()
    }

    /// The stream's tags as `key=value`, sorted.
    fn tags(&self, name: &str) -> Vec<String> {
        let out = self.ok::<ListTagsForDeliveryStream>(&ListTagsForDeliveryStreamInput::new(name));
        assert_eq!(out.has_more_tags, Some(false));
        let mut tags: Vec<String> = out
            .tags
            .unwrap_or_default()
            .into_iter()
            .map(|t| {
                format!(
                    "{}={}",
                    t.key.unwrap_or_default(),
                    t.value.unwrap_or_default()
                )
            })
            .collect();
        tags.sort();
        tags
    }

    /// Sends a signed S3 request (path style) with an empty body to the same server.
    fn s3(&self, method: &str, path_and_query: &str) -> RawResponse {
        let mut request = http::Request::builder()
            .method(method)
            .uri(format!("{}{path_and_query}", self.endpoint))
            .header("content-length", "0")
            .body(Vec::new())
            .unwrap_or_else(|e| panic!("S3 {method} {path_and_query}: {e}"));
        let mut settings = SigningSettings::default();
        settings.payload_checksum_kind = PayloadChecksumKind::XAmzSha256;
        settings.percent_encoding_mode = PercentEncodingMode::Single;
        settings.uri_path_normalization_mode = UriPathNormalizationMode::Disabled;
        sign_request(&mut request, "s3", settings)
            .unwrap_or_else(|e| panic!("S3 {method} {path_and_query}: {e}"));
        let response = exchange(&self.authority, &request)
            .unwrap_or_else(|e| panic!("S3 {method} {path_and_query}: {e}"));
        assert_eq!(
            response.status,
            200,
            "S3 {method} {path_and_query}: {}",
            String::from_utf8_lossy(&response.body)
        );
        response
    }

    fn create_bucket(&self, bucket: &str) {
        self.s3("PUT", &format!("/{bucket}"));
    }

    /// The contents of every object under `prefix` in `bucket`.
    fn objects(&self, bucket: &str, prefix: &str) -> Vec<Vec<u8>> {
        // Prefixes here are letters and `/`, so `/` is the only byte to escape.
        let query = format!("list-type=2&prefix={}", prefix.replace('/', "%2F"));
        let listing = self.s3("GET", &format!("/{bucket}?{query}"));
        let listing = String::from_utf8_lossy(&listing.body);
        xml_values(&listing, "Key")
            .into_iter()
            .map(|key| self.s3("GET", &format!("/{bucket}/{key}")).body)
            .collect()
    }
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

/// Signs `request` in place (SigV4, header signature) for `service` in [`REGION`].
fn sign_request(
    request: &mut http::Request<Vec<u8>>,
    service: &str,
    settings: SigningSettings,
) -> Result<(), String> {
    let identity = Credentials::new(ACCESS_KEY, SECRET_KEY, None, None, "firehose-e2e").into();
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
