//! AWS Lambda end to end: the generated `lambda::Client` (restJson1) against moto.
//!
//! moto 5.2.5 serves 48 of Lambda's operations; all but `Invoke` and `InvokeAsync` work without
//! Docker (those two run the function in a container, and without Docker moto answers 200
//! with `X-Amz-Function-Error: Handled` and "error running docker" as the payload). Served
//! without Docker: Create/Get/Delete/ListFunctions, GetFunctionConfiguration,
//! UpdateFunctionConfiguration, UpdateFunctionCode, PublishVersion, ListVersionsByFunction,
//! Create/Get/Update/Delete/ListAliases, TagResource, UntagResource, ListTags,
//! Add/RemovePermission, GetPolicy, Create/Get/Update/DeleteFunctionUrlConfig,
//! Create/Get/Update/Delete/ListEventSourceMappings, GetFunctionCodeSigningConfig,
//! Get/Put/DeleteFunctionConcurrency, ListLayers, PublishLayerVersion, GetLayerVersion,
//! ListLayerVersions, DeleteLayerVersion, Add/RemoveLayerVersionPermission,
//! GetLayerVersionPolicy, and Put/Get/Update/Delete/ListFunctionEventInvokeConfig(s). Paging:
//! moto ignores `Marker` and `MaxItems` and returns every item in one page, so the paging loop
//! runs here against moto and is checked page by page against the fake in `lambda_fake.rs`,
//! which also serves `Invoke`.
//!
//! The execution role comes from moto's IAM (`iam.rs`): moto refuses a function whose role
//! it does not know.

use std::collections::HashMap;

use lambda::client::{Config, Credentials};
use lambda::operation::create_alias::CreateAliasRequest;
use lambda::operation::create_function::{CreateFunctionError, CreateFunctionRequest};
use lambda::operation::delete_alias::DeleteAliasRequest;
use lambda::operation::delete_function::{DeleteFunctionError, DeleteFunctionRequest};
use lambda::operation::get_alias::GetAliasRequest;
use lambda::operation::get_function::{GetFunctionError, GetFunctionRequest};
use lambda::operation::get_function_configuration::GetFunctionConfigurationRequest;
use lambda::operation::list_aliases::ListAliasesRequest;
use lambda::operation::list_functions::ListFunctionsRequest;
use lambda::operation::list_tags::ListTagsRequest;
use lambda::operation::list_versions_by_function::ListVersionsByFunctionRequest;
use lambda::operation::publish_version::PublishVersionRequest;
use lambda::operation::tag_resource::TagResourceRequest;
use lambda::operation::untag_resource::UntagResourceRequest;
use lambda::operation::update_alias::UpdateAliasRequest;
use lambda::operation::update_function_code::UpdateFunctionCodeRequest;
use lambda::operation::update_function_configuration::UpdateFunctionConfigurationRequest;
use lambda::types::{
    Architecture, Environment, FunctionCode, FunctionConfiguration, PackageType, Runtime, State,
};
use lambda::{ProvideErrorMetadata, RequestId};

use crate::iam;
use crate::support::{
    ACCESS_KEY, ACCOUNT, REGION, SECRET_KEY, SESSION_TOKEN, TIMEOUT, endpoint, ok, service_error,
    unique,
};

const HANDLER: &str = "index.handler";
const SOURCE_V1: &[u8] =
    b"def handler(event, context):\n    return {\"version\": 1, \"event\": event}\n";
const SOURCE_V2: &[u8] =
    b"def handler(event, context):\n    return {\"version\": 2, \"event\": event}\n";

/// The generated Lambda client pointed at moto, and an execution role from moto's IAM.
pub struct Lambda {
    pub client: lambda::Client,
    pub role: String,
}

impl Lambda {
    /// A client for moto's Lambda and a new role for its functions (named after `what`).
    pub async fn with_role(what: &str) -> Self {
        let config = Config::new(REGION)
            .with_credentials(Credentials::new(
                ACCESS_KEY,
                SECRET_KEY,
                Some(SESSION_TOKEN.into()),
            ))
            .with_endpoint(endpoint())
            .with_timeout(TIMEOUT);
        let role_name = unique(&format!("{what}-role"));
        let role = iam::create_lambda_role(&iam::client(config.clone()), &role_name)
            .await
            .unwrap_or_else(|e| panic!("IAM CreateRole {role_name}: {e}\n{e:?}"));
        assert_eq!(role, format!("arn:aws:iam::{ACCOUNT}:role/{role_name}"));
        Self {
            client: lambda::Client::new(config),
            role,
        }
    }

    /// Creates a Python function from a zip of `source` (as `index.py`).
    pub async fn create(&self, name: &str, source: &[u8]) -> FunctionConfiguration {
        let input = CreateFunctionRequest::new(name, &self.role, code(source))
            .with_runtime(Runtime::Python312)
            .with_handler(HANDLER);
        ok(self.client.create_function(&input).await)
    }

    pub async fn delete(&self, name: &str) {
        let out = ok(self
            .client
            .delete_function(&DeleteFunctionRequest::new(name))
            .await);
        assert_eq!(out.status_code, 204);
    }

    /// Every function name, `page_size` at a time, following `NextMarker`.
    pub async fn all_function_names(&self, page_size: i32) -> Vec<String> {
        all_function_names(&self.client, page_size).await
    }
}

/// Every function name `client` lists, `page_size` at a time, following `NextMarker` until a
/// page has none.
pub async fn all_function_names<T: lambda::client::Transport>(
    client: &lambda::Client<T>,
    page_size: i32,
) -> Vec<String> {
    let mut names = Vec::new();
    let mut marker = None;
    for _page in 0..1000 {
        let mut input = ListFunctionsRequest::new().with_max_items(page_size);
        input.marker = marker.take();
        let page = ok(client.list_functions(&input).await);
        names.extend(
            page.functions
                .unwrap_or_default()
                .into_iter()
                .map(|f| f.function_name.expect("FunctionName")),
        );
        match page.next_marker {
            Some(next) => marker = Some(next),
            None => return names,
        }
    }
    panic!("ListFunctions still had a NextMarker after 1000 pages");
}

/// A zip archive holding `source` as `index.py`.
pub fn code(source: &[u8]) -> FunctionCode {
    FunctionCode::new().with_zip_file(zip("index.py", source))
}

/// A zip archive with one stored (uncompressed) file: local header, data, central directory,
/// end record (PKWARE APPNOTE 4.3).
pub fn zip(name: &str, data: &[u8]) -> Vec<u8> {
    let mut crc = flate2::Crc::new();
    crc.update(data);
    let (crc, size, name_len) = (crc.sum(), data.len() as u32, name.len() as u16);
    // Version needed, flags, method (stored), time, date, CRC, sizes, name length, extra length.
    let fields = |out: &mut Vec<u8>| {
        for v in [20u16, 0, 0, 0, 0x21] {
            out.extend(v.to_le_bytes());
        }
        for v in [crc, size, size] {
            out.extend(v.to_le_bytes());
        }
        out.extend(name_len.to_le_bytes());
        out.extend(0u16.to_le_bytes());
    };
    let mut out = Vec::new();
    out.extend(0x0403_4b50u32.to_le_bytes());
    fields(&mut out);
    out.extend(name.as_bytes());
    out.extend(data);
    let directory = out.len() as u32;
    out.extend(0x0201_4b50u32.to_le_bytes());
    out.extend(20u16.to_le_bytes()); // version made by
    fields(&mut out);
    // Comment length, disk, internal and external attributes, offset of the local header.
    for v in [0u16, 0, 0] {
        out.extend(v.to_le_bytes());
    }
    for v in [0u32, 0] {
        out.extend(v.to_le_bytes());
    }
    out.extend(name.as_bytes());
    let directory_len = out.len() as u32 - directory;
    out.extend(0x0605_4b50u32.to_le_bytes());
    for v in [0u16, 0, 1, 1] {
        out.extend(v.to_le_bytes());
    }
    out.extend(directory_len.to_le_bytes());
    out.extend(directory.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

/// Lambda's `CodeSha256`: the base64 of the SHA-256 of the zip.
fn code_sha256(source: &[u8]) -> String {
    let (sha256, _tree) = smithy_rt::checksum::sha256_and_tree_hash(&zip("index.py", source));
    aws_smithy_types::base64::encode(sha256)
}

fn function_arn(name: &str) -> String {
    format!("arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}")
}

#[test]
fn the_zip_is_one_stored_file_with_its_crc() {
    let archive = zip("index.py", b"hello");
    assert_eq!(&archive[..4], b"PK\x03\x04");
    // CRC-32 of "hello", at offset 14 of the local header and 16 of the central one.
    assert_eq!(&archive[14..18], &0x3610_a686u32.to_le_bytes());
    assert_eq!(&archive[30..38], b"index.py");
    assert_eq!(&archive[38..43], b"hello");
    let central = 43;
    assert_eq!(&archive[central..central + 4], b"PK\x01\x02");
    assert_eq!(
        &archive[central + 16..central + 20],
        &0x3610_a686u32.to_le_bytes()
    );
    let end = archive.len() - 22;
    assert_eq!(&archive[end..end + 4], b"PK\x05\x06");
    // The end record points at the central directory and gives its length.
    assert_eq!(
        &archive[end + 16..end + 20],
        &(central as u32).to_le_bytes()
    );
    assert_eq!(
        &archive[end + 12..end + 16],
        &((end - central) as u32).to_le_bytes()
    );
}

#[tokio::test]
#[ignore = "needs a local Lambda and IAM (moto): run `cargo xtask e2e`"]
async fn a_function_is_created_from_a_zip_read_updated_and_deleted() {
    let lambda = Lambda::with_role("life").await;
    let name = unique("life");
    let input = CreateFunctionRequest::new(&name, &lambda.role, code(SOURCE_V1))
        .with_runtime(Runtime::Python312)
        .with_handler(HANDLER)
        .with_description("first")
        .with_timeout(10)
        .with_memory_size(256)
        .with_architectures(vec![Architecture::Arm64])
        .with_environment(
            Environment::new().with_variables(HashMap::from([("STAGE".into(), "e2e".into())])),
        );
    let created = ok(lambda.client.create_function(&input).await);
    assert_eq!(created.function_name.as_deref(), Some(name.as_str()));
    assert_eq!(created.function_arn, Some(function_arn(&name)));
    assert_eq!(created.role.as_ref(), Some(&lambda.role));
    assert_eq!(created.runtime, Some(Runtime::Python312));
    assert_eq!(created.handler.as_deref(), Some(HANDLER));
    assert_eq!(created.description.as_deref(), Some("first"));
    assert_eq!(
        (created.timeout, created.memory_size),
        (Some(10), Some(256))
    );
    assert_eq!(created.architectures, Some(vec![Architecture::Arm64]));
    assert_eq!(created.package_type, Some(PackageType::Zip));
    assert_eq!(created.version.as_deref(), Some("$LATEST"));
    assert_eq!(created.state, Some(State::Active));
    // moto hashes the bytes it received: the blob went over the wire as base64, unchanged.
    assert_eq!(created.code_size, zip("index.py", SOURCE_V1).len() as i64);
    assert_eq!(created.code_sha256, Some(code_sha256(SOURCE_V1)));
    let variables = created.environment.and_then(|e| e.variables);
    assert_eq!(
        variables,
        Some(HashMap::from([("STAGE".into(), "e2e".into())]))
    );

    let got = ok(lambda
        .client
        .get_function(&GetFunctionRequest::new(&name))
        .await);
    let configuration = got.configuration.expect("Configuration");
    assert_eq!(configuration.function_arn, Some(function_arn(&name)));
    assert_eq!(configuration.code_sha256, Some(code_sha256(SOURCE_V1)));
    let location = got.code.expect("Code");
    assert_eq!(location.repository_type.as_deref(), Some("S3"));
    assert!(
        location
            .location
            .as_ref()
            .is_some_and(|l| l.starts_with("https://")),
        "{location:?}"
    );

    let update = UpdateFunctionConfigurationRequest::new(&name)
        .with_description("second")
        .with_timeout(30)
        .with_memory_size(512)
        .with_environment(
            Environment::new().with_variables(HashMap::from([("STAGE".into(), "two".into())])),
        );
    let updated = ok(lambda.client.update_function_configuration(&update).await);
    assert_eq!(updated.description.as_deref(), Some("second"));
    assert_eq!(
        (updated.timeout, updated.memory_size),
        (Some(30), Some(512))
    );
    let read = ok(lambda
        .client
        .get_function_configuration(&GetFunctionConfigurationRequest::new(&name))
        .await);
    assert_eq!(read.description.as_deref(), Some("second"));
    assert_eq!(
        read.environment.and_then(|e| e.variables),
        Some(HashMap::from([("STAGE".into(), "two".into())]))
    );

    let new_code = UpdateFunctionCodeRequest::new(&name).with_zip_file(zip("index.py", SOURCE_V2));
    let recoded = ok(lambda.client.update_function_code(&new_code).await);
    assert_eq!(recoded.code_sha256, Some(code_sha256(SOURCE_V2)));
    assert_eq!(recoded.code_size, zip("index.py", SOURCE_V2).len() as i64);
    assert_ne!(code_sha256(SOURCE_V1), code_sha256(SOURCE_V2));

    lambda.delete(&name).await;
    match service_error(
        lambda
            .client
            .get_function(&GetFunctionRequest::new(&name))
            .await,
    ) {
        GetFunctionError::ResourceNotFoundException(e) => {
            assert_eq!(e.code(), Some("ResourceNotFoundException"));
            assert_eq!(
                e.message.as_deref(),
                Some(format!("Function not found: {}", function_arn(&name)).as_str())
            );
            assert!(e.request_id().is_some_and(|id| !id.is_empty()), "{e:?}");
        }
        other => panic!("expected ResourceNotFoundException, got {other:?}"),
    }
}

#[tokio::test]
#[ignore = "needs a local Lambda and IAM (moto): run `cargo xtask e2e`"]
async fn list_functions_pages_through_every_function() {
    let lambda = Lambda::with_role("page").await;
    let names: Vec<String> = (0..3).map(|i| unique(&format!("page{i}"))).collect();
    for name in &names {
        lambda.create(name, SOURCE_V1).await;
    }
    let listed = lambda.all_function_names(2).await;
    for name in &names {
        assert_eq!(
            listed.iter().filter(|n| *n == name).count(),
            1,
            "{name} in {listed:?}"
        );
    }
    for name in &names {
        lambda.delete(name).await;
    }
    let listed = lambda.all_function_names(50).await;
    assert!(!names.iter().any(|n| listed.contains(n)), "{listed:?}");
}

#[tokio::test]
#[ignore = "needs a local Lambda and IAM (moto): run `cargo xtask e2e`"]
async fn versions_are_published_and_aliases_point_at_them() {
    let lambda = Lambda::with_role("alias").await;
    let name = unique("alias");
    lambda.create(&name, SOURCE_V1).await;

    let v1 = ok(lambda
        .client
        .publish_version(&PublishVersionRequest::new(&name).with_description("one"))
        .await);
    assert_eq!(v1.version.as_deref(), Some("1"));
    assert_eq!(v1.code_sha256, Some(code_sha256(SOURCE_V1)));
    let new_code = UpdateFunctionCodeRequest::new(&name).with_zip_file(zip("index.py", SOURCE_V2));
    ok(lambda.client.update_function_code(&new_code).await);
    let v2 = ok(lambda
        .client
        .publish_version(&PublishVersionRequest::new(&name))
        .await);
    assert_eq!(v2.version.as_deref(), Some("2"));
    assert_eq!(v2.code_sha256, Some(code_sha256(SOURCE_V2)));

    let versions = ok(lambda
        .client
        .list_versions_by_function(&ListVersionsByFunctionRequest::new(&name))
        .await);
    let versions: Vec<String> = versions
        .versions
        .unwrap_or_default()
        .into_iter()
        .filter_map(|v| v.version)
        .collect();
    assert_eq!(versions, ["$LATEST", "1", "2"]);

    let alias = ok(lambda
        .client
        .create_alias(&CreateAliasRequest::new(&name, "live", "1").with_description("stable"))
        .await);
    assert_eq!(
        alias.alias_arn,
        Some(format!("{}:live", function_arn(&name)))
    );
    assert_eq!(alias.function_version.as_deref(), Some("1"));
    assert_eq!(alias.description.as_deref(), Some("stable"));

    let moved = ok(lambda
        .client
        .update_alias(&UpdateAliasRequest::new(&name, "live").with_function_version("2"))
        .await);
    assert_eq!(moved.function_version.as_deref(), Some("2"));
    let read = ok(lambda
        .client
        .get_alias(&GetAliasRequest::new(&name, "live"))
        .await);
    assert_eq!(read.function_version.as_deref(), Some("2"));
    assert_eq!(read.revision_id, moved.revision_id);

    let aliases = ok(lambda
        .client
        .list_aliases(&ListAliasesRequest::new(&name))
        .await);
    let aliases: Vec<_> = aliases
        .aliases
        .unwrap_or_default()
        .into_iter()
        .map(|a| {
            (
                a.name.unwrap_or_default(),
                a.function_version.unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(aliases, [("live".to_owned(), "2".to_owned())]);

    ok(lambda
        .client
        .delete_alias(&DeleteAliasRequest::new(&name, "live"))
        .await);
    let aliases = ok(lambda
        .client
        .list_aliases(&ListAliasesRequest::new(&name))
        .await);
    assert_eq!(aliases.aliases.unwrap_or_default(), []);
    lambda.delete(&name).await;
}

#[tokio::test]
#[ignore = "needs a local Lambda and IAM (moto): run `cargo xtask e2e`"]
async fn tags_are_added_listed_and_removed() {
    let lambda = Lambda::with_role("tags").await;
    let name = unique("tags");
    let arn = lambda
        .create(&name, SOURCE_V1)
        .await
        .function_arn
        .expect("FunctionArn");
    let tags = |pairs: &[(&str, &str)]| -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    };
    let listed = || async {
        ok(lambda.client.list_tags(&ListTagsRequest::new(&arn)).await)
            .tags
            .unwrap_or_default()
    };
    assert_eq!(listed().await, tags(&[]));

    let added = tags(&[("team", "rust"), ("cost center", "a/b=c&d")]);
    ok(lambda
        .client
        .tag_resource(&TagResourceRequest::new(&arn, added.clone()))
        .await);
    assert_eq!(listed().await, added);

    // Keys go in the query string (`tagKeys`, repeated), percent-encoded.
    let remove = vec!["cost center".to_owned()];
    ok(lambda
        .client
        .untag_resource(&UntagResourceRequest::new(&arn, remove))
        .await);
    assert_eq!(listed().await, tags(&[("team", "rust")]));
    lambda.delete(&name).await;
}

#[tokio::test]
#[ignore = "needs a local Lambda and IAM (moto): run `cargo xtask e2e`"]
async fn missing_functions_and_conflicts_are_typed_errors() {
    let lambda = Lambda::with_role("errors").await;
    let missing = unique("missing");
    match service_error(
        lambda
            .client
            .delete_function(&DeleteFunctionRequest::new(&missing))
            .await,
    ) {
        DeleteFunctionError::ResourceNotFoundException(e) => {
            assert_eq!(
                e.message.as_deref(),
                Some(format!("Function not found: {}", function_arn(&missing)).as_str())
            );
        }
        other => panic!("expected ResourceNotFoundException, got {other:?}"),
    }

    let name = unique("conflict");
    lambda.create(&name, SOURCE_V1).await;
    let again = CreateFunctionRequest::new(&name, &lambda.role, code(SOURCE_V2))
        .with_runtime(Runtime::Python312)
        .with_handler(HANDLER);
    match service_error(lambda.client.create_function(&again).await) {
        CreateFunctionError::ResourceConflictException(e) => {
            assert_eq!(e.code(), Some("ResourceConflictException"));
            assert_eq!(
                e.message.as_deref(),
                Some(format!("Function already exist: {name}").as_str())
            );
            assert!(e.request_id().is_some_and(|id| !id.is_empty()), "{e:?}");
        }
        other => panic!("expected ResourceConflictException, got {other:?}"),
    }
    // The first function is untouched.
    let kept = ok(lambda
        .client
        .get_function_configuration(&GetFunctionConfigurationRequest::new(&name))
        .await);
    assert_eq!(kept.code_sha256, Some(code_sha256(SOURCE_V1)));

    // A role that moto's IAM never created is refused.
    let stranger = format!("arn:aws:iam::{ACCOUNT}:role/{}", unique("no-such-role"));
    let orphan = CreateFunctionRequest::new(unique("orphan"), stranger, code(SOURCE_V1))
        .with_runtime(Runtime::Python312)
        .with_handler(HANDLER);
    match service_error(lambda.client.create_function(&orphan).await) {
        CreateFunctionError::InvalidParameterValueException(e) => assert_eq!(
            e.message.as_deref(),
            Some("The role defined for the function cannot be assumed by Lambda.")
        ),
        other => panic!("expected InvalidParameterValueException, got {other:?}"),
    }
    lambda.delete(&name).await;
}
