//! End-to-end tests: the generated `firehose::Client`, `sts::Client` and `lambda::Client` (feature
//! `client`: the generated serializers and parsers, SigV4 from `aws-sigv4`, hyper) against moto in
//! server mode, plus an in-process fake Lambda for what moto can't serve without Docker.
//!
//! The tests that need the server are `#[ignore]`d, so `cargo test` lists them as ignored with
//! the reason. `cargo xtask e2e` installs and starts moto, then runs every test of this binary
//! with `--include-ignored`, `FIREHOSE_E2E_ENDPOINT=http://127.0.0.1:PORT` (moto serves every
//! service on that port) and a set of `AWS_*` credential variables. Run with `--ignored` but
//! without the endpoint they fail: a missing server is an error, not a skip.
//!
//! Every test uses its own names, so they run in parallel against one server. Between them
//! they call all 12 Firehose operations. `producer.rs` sends 100,000 records through
//! `firehose-producer` and reads them back from moto's S3. `sts.rs` calls moto's STS with the
//! generated `sts::Client`; `sts_credentials.rs` gets web identity and role-profile credentials
//! from it through the default chain (`smithy-credentials-sts`) and uses them for Firehose.
//! `lambda.rs` creates, reads, pages, versions, aliases, tags and deletes Lambda functions with
//! roles from moto's IAM (`iam.rs`); `lambda_fake.rs` covers `Invoke` and paging against the
//! fake.

mod iam;
mod lambda;
mod lambda_fake;
mod plain_http;
mod producer;
mod sts;
mod sts_credentials;
mod support;

use firehose::client::{Config, Credentials, Env};
use firehose::operation::create_delivery_stream::{
    CreateDeliveryStreamError, CreateDeliveryStreamInput,
};
use firehose::operation::delete_delivery_stream::{
    DeleteDeliveryStreamError, DeleteDeliveryStreamInput,
};
use firehose::operation::describe_delivery_stream::{
    DescribeDeliveryStreamError, DescribeDeliveryStreamInput,
};
use firehose::operation::list_delivery_streams::ListDeliveryStreamsInput;
use firehose::operation::put_record::{PutRecordError, PutRecordInput};
use firehose::operation::put_record_batch::{PutRecordBatchError, PutRecordBatchInput};
use firehose::operation::start_delivery_stream_encryption::{
    StartDeliveryStreamEncryptionError, StartDeliveryStreamEncryptionInput,
};
use firehose::operation::stop_delivery_stream_encryption::{
    StopDeliveryStreamEncryptionError, StopDeliveryStreamEncryptionInput,
};
use firehose::operation::tag_delivery_stream::{TagDeliveryStreamError, TagDeliveryStreamInput};
use firehose::operation::untag_delivery_stream::UntagDeliveryStreamInput;
use firehose::operation::update_destination::{UpdateDestinationError, UpdateDestinationInput};
use firehose::types::{
    BufferingHints, CompressionFormat, DeliveryStreamEncryptionConfigurationInput,
    DeliveryStreamEncryptionStatus, DeliveryStreamStatus, DeliveryStreamType,
    ExtendedS3DestinationUpdate, KeyType, Record, Tag,
};
use firehose::{ProvideErrorMetadata, RequestId};

use support::{
    ACCOUNT, Firehose, REGION, ROLE_ARN, assert_recent, bucket_arn, destination, ok, service_error,
    unique,
};

#[tokio::test]
#[ignore = "needs a local Firehose (moto): run `cargo xtask e2e`"]
async fn create_describe_list_and_delete_a_stream() {
    let fh = Firehose::from_env();
    let name = unique("life");
    let bucket = unique("life-bucket");

    let arn = fh.create_stream(&name, &bucket).await;
    assert_eq!(
        arn,
        format!("arn:aws:firehose:{REGION}:{ACCOUNT}:deliverystream/{name}")
    );

    // A second create with the same name is the typed ResourceInUseException.
    let again = CreateDeliveryStreamInput::new(&name)
        .with_extended_s3_destination_configuration(destination(&bucket));
    match service_error(fh.client.create_delivery_stream(&again).await) {
        CreateDeliveryStreamError::ResourceInUseException(e) => {
            assert_eq!(e.code(), Some("ResourceInUseException"));
            assert_eq!(
                e.message.as_deref(),
                Some(format!("Firehose {name} under accountId {ACCOUNT} already exists").as_str())
            );
            assert!(e.request_id().is_some_and(|id| !id.is_empty()), "{e:?}");
        }
        other => panic!("expected ResourceInUseException, got {other:?}"),
    }

    let d = fh.describe(&name).await;
    assert_eq!(d.delivery_stream_name, name);
    assert_eq!(d.delivery_stream_arn, arn);
    assert_eq!(d.delivery_stream_status, DeliveryStreamStatus::Active);
    assert_eq!(d.delivery_stream_type, DeliveryStreamType::DirectPut);
    assert_eq!(d.version_id, "1");
    assert!(!d.has_more_destinations);
    let created = d.create_timestamp.expect("CreateTimestamp");
    let updated = d.last_update_timestamp.expect("LastUpdateTimestamp");
    assert_recent(created);
    assert_recent(updated);
    assert!(
        created <= updated,
        "created {created} after updated {updated}"
    );

    // The destination comes back as it was sent.
    let destinations = &d.destinations;
    assert_eq!(destinations.len(), 1, "{destinations:?}");
    let dest = &destinations[0];
    assert!(!dest.destination_id.is_empty(), "{dest:?}");
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
    assert_eq!(
        Some(&s3.compression_format),
        sent.compression_format.as_ref()
    );
    assert_eq!(s3.encryption_configuration, sent.encryption_configuration);
    assert_eq!(s3.custom_time_zone, sent.custom_time_zone);
    assert_eq!(s3.file_extension, sent.file_extension);

    assert!(fh.list_names(None).await.contains(&name));
    let direct = fh.list_names(Some(DeliveryStreamType::DirectPut)).await;
    assert!(direct.contains(&name));
    let kinesis = fh
        .list_names(Some(DeliveryStreamType::KinesisStreamAsSource))
        .await;
    assert!(!kinesis.contains(&name));

    ok(fh
        .client
        .delete_delivery_stream(&DeleteDeliveryStreamInput::new(&name))
        .await);
    assert!(!fh.list_names(None).await.contains(&name));
    let gone = DescribeDeliveryStreamInput::new(&name);
    assert!(matches!(
        service_error(fh.client.describe_delivery_stream(&gone).await),
        DescribeDeliveryStreamError::ResourceNotFoundException(_)
    ));
    let gone = DeleteDeliveryStreamInput::new(&name);
    assert!(matches!(
        service_error(fh.client.delete_delivery_stream(&gone).await),
        DeleteDeliveryStreamError::ResourceNotFoundException(_)
    ));
}

#[tokio::test]
#[ignore = "needs a local Firehose (moto): run `cargo xtask e2e`"]
async fn list_delivery_streams_pages_with_limit_and_start_name() {
    let fh = Firehose::from_env();
    // Other tests add streams at the same time; a shared prefix keeps ours together.
    let prefix = unique("page");
    let names: Vec<String> = (0..3).map(|i| format!("{prefix}-{i}")).collect();
    let bucket = unique("page-bucket");
    for name in &names {
        fh.create_stream(name, &bucket).await;
    }

    let first = ListDeliveryStreamsInput::new()
        .with_limit(1)
        .with_exclusive_start_delivery_stream_name(&names[0]);
    let first = ok(fh.client.list_delivery_streams(&first).await);
    assert_eq!(first.delivery_stream_names, vec![names[1].clone()]);
    assert!(first.has_more_delivery_streams);

    let rest = ListDeliveryStreamsInput::new()
        .with_limit(10_000)
        .with_exclusive_start_delivery_stream_name(&names[1]);
    let rest = ok(fh.client.list_delivery_streams(&rest).await);
    let rest = rest.delivery_stream_names;
    assert_eq!(rest.first(), Some(&names[2]), "{rest:?}");

    for name in &names {
        let input = DeleteDeliveryStreamInput::new(name);
        ok(fh.client.delete_delivery_stream(&input).await);
    }
}

/// Record `i` of the batch: a JSON line, then bytes that are not UTF-8 and whose base64
/// needs padding, of a length that varies with `i` (0 to 1,020 extra bytes).
fn batch_record(i: usize) -> Vec<u8> {
    let mut data = format!("{{\"i\":{i}}}\n").into_bytes();
    data.extend((0..(i * 37) % 1021).map(|j| (j * 7 + i) as u8));
    data
}

#[tokio::test]
#[ignore = "needs a local Firehose (moto): run `cargo xtask e2e`"]
async fn put_record_and_a_batch_of_500_records_deliver_every_byte() {
    let fh = Firehose::from_env();
    let name = unique("put");
    let bucket = unique("put-bucket");
    // moto writes records straight into its S3, so the bucket has to exist.
    fh.create_bucket(&bucket);
    fh.create_stream(&name, &bucket).await;

    // Bytes that are not UTF-8 and whose base64 needs padding and uses `+` and `/`.
    let single: Vec<u8> = vec![0x00, 0xff, 0xfe, 0x3e, 0x3f, b'\n'];
    let input = PutRecordInput::new(&name, Record::new(single.clone()));
    let out = ok(fh.client.put_record(&input).await);
    assert!(!out.record_id.is_empty(), "{out:?}");
    assert_eq!(out.encrypted, Some(false));

    // 500 records: PutRecordBatch's limit.
    let batch: Vec<Vec<u8>> = (0..500).map(batch_record).collect();
    let records: Vec<Record> = batch.iter().cloned().map(Record::new).collect();
    let out = ok(fh
        .client
        .put_record_batch(&PutRecordBatchInput::new(&name, records))
        .await);
    assert_eq!(out.failed_put_count, 0);
    assert_eq!(out.encrypted, Some(false));
    let entries = out.request_responses;
    assert_eq!(entries.len(), batch.len());
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
    assert_eq!(
        objects.iter().map(Vec::len).collect::<Vec<_>>(),
        expected.iter().map(Vec::len).collect::<Vec<_>>(),
        "object sizes"
    );
    assert!(
        objects == expected,
        "delivered bytes differ from the records sent"
    );

    // Records for a stream that does not exist are typed errors, not transport failures.
    let missing = unique("put-missing");
    let input = PutRecordInput::new(&missing, Record::new(b"x".to_vec()));
    assert!(matches!(
        service_error(fh.client.put_record(&input).await),
        PutRecordError::ResourceNotFoundException(_)
    ));
    let input = PutRecordBatchInput::new(&missing, vec![Record::new(b"x".to_vec())]);
    assert!(matches!(
        service_error(fh.client.put_record_batch(&input).await),
        PutRecordBatchError::ResourceNotFoundException(_)
    ));

    ok(fh
        .client
        .delete_delivery_stream(&DeleteDeliveryStreamInput::new(&name))
        .await);
}

#[tokio::test]
#[ignore = "needs a local Firehose (moto): run `cargo xtask e2e`"]
async fn tags_are_added_listed_and_removed() {
    let fh = Firehose::from_env();
    let name = unique("tags");
    let bucket = unique("tags-bucket");
    let input = CreateDeliveryStreamInput::new(&name)
        .with_delivery_stream_type(DeliveryStreamType::DirectPut)
        .with_extended_s3_destination_configuration(destination(&bucket))
        .with_tags(vec![Tag::new("team").with_value("data")]);
    ok(fh.client.create_delivery_stream(&input).await);
    assert_eq!(fh.tags(&name).await, ["team=data"]);

    let tags = vec![
        Tag::new("env").with_value("e2e"),
        Tag::new("empty").with_value(""),
        Tag::new("team").with_value("platform"),
    ];
    let input = TagDeliveryStreamInput::new(&name, tags.clone());
    ok(fh.client.tag_delivery_stream(&input).await);
    assert_eq!(fh.tags(&name).await, ["empty=", "env=e2e", "team=platform"]);

    // Removing a key that is not there is not an error.
    let keys = vec!["team".to_owned(), "empty".to_owned(), "absent".to_owned()];
    let input = UntagDeliveryStreamInput::new(&name, keys);
    ok(fh.client.untag_delivery_stream(&input).await);
    assert_eq!(fh.tags(&name).await, ["env=e2e"]);

    let missing = TagDeliveryStreamInput::new(unique("tags-missing"), tags);
    assert!(matches!(
        service_error(fh.client.tag_delivery_stream(&missing).await),
        TagDeliveryStreamError::ResourceNotFoundException(_)
    ));

    ok(fh
        .client
        .delete_delivery_stream(&DeleteDeliveryStreamInput::new(&name))
        .await);
}

#[tokio::test]
#[ignore = "needs a local Firehose (moto): run `cargo xtask e2e`"]
async fn server_side_encryption_starts_and_stops() {
    let fh = Firehose::from_env();
    let name = unique("sse");
    fh.create_stream(&name, &unique("sse-bucket")).await;
    assert_eq!(
        fh.describe(&name)
            .await
            .delivery_stream_encryption_configuration,
        None
    );

    let key_arn =
        format!("arn:aws:kms:{REGION}:{ACCOUNT}:key/0f3b2c1d-e2e0-4000-8000-000000000001");
    let start = StartDeliveryStreamEncryptionInput::new(&name)
        .with_delivery_stream_encryption_configuration_input(
            DeliveryStreamEncryptionConfigurationInput::new(KeyType::CustomerManagedCmk)
                .with_key_arn(&key_arn),
        );
    ok(fh.client.start_delivery_stream_encryption(&start).await);
    let sse = fh
        .describe(&name)
        .await
        .delivery_stream_encryption_configuration
        .expect("DeliveryStreamEncryptionConfiguration after StartDeliveryStreamEncryption");
    assert_eq!(sse.key_type, Some(KeyType::CustomerManagedCmk));
    assert_eq!(sse.key_arn.as_deref(), Some(key_arn.as_str()));
    assert_eq!(sse.status, Some(DeliveryStreamEncryptionStatus::Enabled));

    let stop = StopDeliveryStreamEncryptionInput::new(&name);
    ok(fh.client.stop_delivery_stream_encryption(&stop).await);
    let sse = fh
        .describe(&name)
        .await
        .delivery_stream_encryption_configuration
        .expect("DeliveryStreamEncryptionConfiguration after StopDeliveryStreamEncryption");
    assert_eq!(sse.status, Some(DeliveryStreamEncryptionStatus::Disabled));

    // Both calls for a stream that does not exist.
    let missing = unique("sse-missing");
    let start = StartDeliveryStreamEncryptionInput::new(&missing)
        .with_delivery_stream_encryption_configuration_input(
            DeliveryStreamEncryptionConfigurationInput::new(KeyType::AwsOwnedCmk),
        );
    match service_error(fh.client.start_delivery_stream_encryption(&start).await) {
        StartDeliveryStreamEncryptionError::ResourceNotFoundException(e) => {
            assert_eq!(e.code(), Some("ResourceNotFoundException"));
        }
        other => panic!("expected ResourceNotFoundException, got {other:?}"),
    }
    let stop = StopDeliveryStreamEncryptionInput::new(&missing);
    assert!(matches!(
        service_error(fh.client.stop_delivery_stream_encryption(&stop).await),
        StopDeliveryStreamEncryptionError::ResourceNotFoundException(_)
    ));

    ok(fh
        .client
        .delete_delivery_stream(&DeleteDeliveryStreamInput::new(&name))
        .await);
}

#[tokio::test]
#[ignore = "needs a local Firehose (moto): run `cargo xtask e2e`"]
async fn update_destination_with_the_current_and_a_stale_version() {
    let fh = Firehose::from_env();
    let name = unique("upd");
    let bucket = unique("upd-bucket");
    fh.create_stream(&name, &bucket).await;
    let before = fh.describe(&name).await;
    let version = before.version_id.clone();
    let destination_id = before
        .destinations
        .first()
        .map(|d| d.destination_id.clone())
        .expect("a destination");

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
    ok(fh.client.update_destination(&input).await);

    let after = fh.describe(&name).await;
    assert_ne!(after.version_id, before.version_id);
    assert_eq!(after.version_id, "2");
    let updated = after.last_update_timestamp.expect("LastUpdateTimestamp");
    assert!(
        Some(updated) >= before.last_update_timestamp,
        "{updated} is before {:?}",
        before.last_update_timestamp
    );
    let s3 = after
        .destinations
        .first()
        .and_then(|d| d.extended_s3_destination_description.clone())
        .expect("ExtendedS3DestinationDescription");
    assert_eq!(Some(&s3.bucket_arn), update.bucket_arn.as_ref());
    assert_eq!(s3.prefix, update.prefix);
    assert_eq!(s3.buffering_hints, update.buffering_hints);
    assert_eq!(
        Some(&s3.compression_format),
        update.compression_format.as_ref()
    );
    // Members the update did not name keep their values.
    assert_eq!(s3.role_arn, ROLE_ARN);
    assert_eq!(s3.error_output_prefix.as_deref(), Some("errors/"));

    // The old version id is now stale.
    match service_error(fh.client.update_destination(&input).await) {
        UpdateDestinationError::ConcurrentModificationException(e) => {
            assert_eq!(e.code(), Some("ConcurrentModificationException"));
            assert_eq!(
                e.message.as_deref(),
                Some(
                    format!(
                        "Cannot update firehose: {name} since the current version id: 2 and \
                         specified version id: {version} do not match"
                    )
                    .as_str()
                )
            );
            assert!(e.request_id().is_some_and(|id| !id.is_empty()), "{e:?}");
        }
        other => panic!("expected ConcurrentModificationException, got {other:?}"),
    }

    ok(fh
        .client
        .delete_delivery_stream(&DeleteDeliveryStreamInput::new(&name))
        .await);
}

#[tokio::test]
#[ignore = "needs a local Firehose (moto): run `cargo xtask e2e`"]
async fn describe_of_a_missing_stream_is_a_typed_resource_not_found() {
    let fh = Firehose::from_env();
    let name = unique("missing");
    let result = fh
        .client
        .describe_delivery_stream(&DescribeDeliveryStreamInput::new(&name))
        .await;
    let expected_message = format!("Firehose {name} under account {ACCOUNT} not found.");
    let Err(error) = result else {
        panic!("describing {name} succeeded")
    };
    // The client error shows the service's text, and nothing of the credentials.
    assert_eq!(
        error.to_string(),
        format!("ResourceNotFoundException: {expected_message}")
    );
    assert_eq!(error.code(), Some("ResourceNotFoundException"));
    let text = format!("{error} {error:?} {:?}", fh.client);
    for secret in [
        support::ACCESS_KEY,
        support::SECRET_KEY,
        support::SESSION_TOKEN,
    ] {
        assert!(!text.contains(secret), "{secret} shows in {text}");
    }

    let error = service_error::<(), _>(Err(error));
    assert_eq!(error.code(), Some("ResourceNotFoundException"));
    assert_eq!(error.message(), Some(expected_message.as_str()));
    let request_id = error.request_id().expect("x-amzn-requestid").to_owned();
    assert!(!request_id.is_empty());
    match &error {
        DescribeDeliveryStreamError::ResourceNotFoundException(e) => {
            assert_eq!(e.message.as_deref(), Some(expected_message.as_str()));
            assert_eq!(e.request_id(), Some(request_id.as_str()));
        }
        other => panic!("expected ResourceNotFoundException, got {other:?}"),
    }
    // The service-wide error keeps the variant.
    assert!(matches!(
        firehose::error::Error::from(error),
        firehose::error::Error::ResourceNotFoundException(_)
    ));
}

#[tokio::test]
#[ignore = "needs a local Firehose (moto): run `cargo xtask e2e`"]
async fn credentials_from_the_environment_are_used() {
    // `cargo xtask e2e` sets the three variables for the tests.
    let expected = [
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
    ]
    .map(|name| std::env::var(name).unwrap_or_else(|_| panic!("{name} (set by xtask e2e)")));
    let credentials = Credentials::from_env().expect("credentials from the environment");
    assert_eq!(credentials.access_key_id(), expected[0]);
    assert!(credentials.has_session_token());
    // Debug shows none of them.
    let debug = format!("{credentials:?}");
    for value in &expected {
        assert!(!debug.contains(value.as_str()), "{debug}");
    }

    // A client without explicit credentials reads the same variables and signs with them.
    let from_env = Firehose::with_config(Config::new(REGION));
    let name = unique("env");
    let arn = from_env.create_stream(&name, &unique("env-bucket")).await;
    assert_eq!(
        arn,
        format!("arn:aws:firehose:{REGION}:{ACCOUNT}:deliverystream/{name}")
    );
    assert_eq!(from_env.describe(&name).await.delivery_stream_arn, arn);
    ok(from_env
        .client
        .delete_delivery_stream(&DeleteDeliveryStreamInput::new(&name))
        .await);
}

#[tokio::test]
#[ignore = "needs a local Firehose (moto): run `cargo xtask e2e`"]
async fn a_profile_file_gives_the_keys_region_and_endpoint() {
    // Keys moto's IAM issued in another account, so the stream's ARN shows they signed.
    const PROFILE_ACCOUNT: &str = "444455556666";
    let default_account = Firehose::from_env();
    let (key_id, secret) =
        default_account.create_access_key(PROFILE_ACCOUNT, &unique("profile-user"));
    let dir = std::env::temp_dir().join(unique("firehose-e2e-profile"));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let config_file = dir.join("config");
    let credentials_file = dir.join("credentials");
    std::fs::write(
        &config_file,
        format!(
            "[default]\nregion = eu-west-3\n\n[profile e2e]\nregion = {REGION}\nservices = moto\n\n\
             [services moto]\nfirehose =\n  endpoint_url = {}\n",
            support::endpoint()
        ),
    )
    .expect("write the config file");
    std::fs::write(
        &credentials_file,
        format!(
            "# static keys\n[e2e]\naws_access_key_id = {key_id}\naws_secret_access_key = {secret}\n"
        ),
    )
    .expect("write the credentials file");
    // Only these variables: the AWS_* keys `cargo xtask e2e` puts in the process environment
    // are not seen, so the keys can only come from the file.
    let env = Env::from_vars([
        ("AWS_PROFILE", std::ffi::OsString::from("e2e")),
        ("AWS_CONFIG_FILE", config_file.into_os_string()),
        (
            "AWS_SHARED_CREDENTIALS_FILE",
            credentials_file.into_os_string(),
        ),
    ]);
    let config = Config::from_env_with(&env)
        .expect("a config from the profile")
        .with_timeout(support::TIMEOUT);
    assert_eq!(config.region(), REGION);
    let from_profile = Firehose::with_client(firehose::Client::new(config));
    assert_eq!(
        from_profile.client.service_client().endpoint(),
        Some(support::endpoint().as_str())
    );

    let name = unique("profile");
    let arn = from_profile
        .create_stream(&name, &unique("profile-bucket"))
        .await;
    assert_eq!(
        arn,
        format!("arn:aws:firehose:{REGION}:{PROFILE_ACCOUNT}:deliverystream/{name}")
    );
    assert!(from_profile.list_names(None).await.contains(&name));
    ok(from_profile
        .client
        .delete_delivery_stream(&DeleteDeliveryStreamInput::new(&name))
        .await);
    std::fs::remove_dir_all(&dir).expect("remove the temporary directory");
}

#[tokio::test]
#[ignore = "needs a local Firehose (moto): run `cargo xtask e2e`"]
async fn moto_reads_the_account_from_the_signature() {
    // An access key that moto's IAM issued in another account: requests signed with it act
    // in that account, so the signature really carries these credentials.
    const OTHER_ACCOUNT: &str = "111122223333";
    let default_account = Firehose::from_env();
    let (key_id, secret) = default_account.create_access_key(OTHER_ACCOUNT, &unique("user"));
    let credentials = Credentials::new(key_id, secret, None);
    let other = Firehose::with_config(Config::new(REGION).with_credentials(credentials));

    let name = unique("acct");
    let arn = other.create_stream(&name, &unique("acct-bucket")).await;
    assert_eq!(
        arn,
        format!("arn:aws:firehose:{REGION}:{OTHER_ACCOUNT}:deliverystream/{name}")
    );
    assert!(other.list_names(None).await.contains(&name));
    assert!(!default_account.list_names(None).await.contains(&name));
    let input = DescribeDeliveryStreamInput::new(&name);
    match service_error(
        default_account
            .client
            .describe_delivery_stream(&input)
            .await,
    ) {
        DescribeDeliveryStreamError::ResourceNotFoundException(e) => assert_eq!(
            e.message.as_deref(),
            Some(format!("Firehose {name} under account {ACCOUNT} not found.").as_str())
        ),
        other => panic!("expected ResourceNotFoundException, got {other:?}"),
    }
    ok(other
        .client
        .delete_delivery_stream(&DeleteDeliveryStreamInput::new(&name))
        .await);
}
