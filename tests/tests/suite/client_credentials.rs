//! Credentials, region and endpoint settings through the generated `firehose::Client`, with
//! the in-memory transport: the provider plug point, the cache shared by clones, and
//! `Config::from_env_with` (the model's sdkId names `AWS_ENDPOINT_URL_FIREHOSE`). No test
//! reads the process environment or the real home directory.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use aws_credential_types::provider::future;
use firehose::client::{
    Config, ConfigError, CredentialsError, DefaultCredentialsChain, Env, Error, InMemoryTransport,
    ProvideCredentials,
};
use firehose::operation::list_delivery_streams::ListDeliveryStreamsInput;
use smithy_rt::HttpRequest;

/// Each request's URI and `authorization` header.
type Seen = Arc<Mutex<Vec<(String, String)>>>;

/// Records each request, answers an empty list.
fn recording() -> (
    Seen,
    InMemoryTransport<impl Fn(&HttpRequest) -> smithy_rt::HttpResponse + Send + Sync + 'static>,
) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    let transport = InMemoryTransport::new(move |request: &HttpRequest| {
        log.lock().unwrap().push((
            request.uri().to_owned(),
            request
                .headers()
                .get("authorization")
                .unwrap_or_default()
                .to_owned(),
        ));
        smithy_rt::response_from_parts(
            200,
            [],
            r#"{"DeliveryStreamNames":[],"HasMoreDeliveryStreams":false}"#,
        )
        .unwrap()
    });
    (seen, transport)
}

#[derive(Debug, Default)]
struct Counting {
    calls: AtomicUsize,
}

impl ProvideCredentials for Counting {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        self.calls.fetch_add(1, Ordering::SeqCst);
        future::ProvideCredentials::ready(Ok(aws_credential_types::Credentials::new(
            "AKIDPROVIDER",
            "provider-secret",
            Some("provider-token".into()),
            None,
            "test",
        )))
    }
}

/// Shares a `Counting` so the test can read its count after handing it over.
#[derive(Debug)]
struct Shared(Arc<Counting>);

impl ProvideCredentials for Shared {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        self.0.provide_credentials()
    }
}

#[tokio::test]
async fn a_provider_is_asked_once_for_many_calls_clients_and_clones() {
    let counting = Arc::new(Counting::default());
    let config = Config::new("eu-west-1").with_credentials_provider(Shared(Arc::clone(&counting)));
    let (seen, transport) = recording();
    let client = firehose::Client::with_transport(config.clone(), transport);
    let (_, other_transport) = recording();
    let other = firehose::Client::with_transport(config, other_transport);
    let input = ListDeliveryStreamsInput::default();
    for client in [&client, &client.clone(), &other] {
        client.list_delivery_streams(&input).await.unwrap();
    }
    // Long-term credentials are kept 15 minutes: one load for all three calls.
    assert_eq!(counting.calls.load(Ordering::SeqCst), 1);
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 2);
    for (_, authorization) in seen.iter() {
        assert!(
            authorization.starts_with("AWS4-HMAC-SHA256 Credential=AKIDPROVIDER/"),
            "{authorization}"
        );
    }
}

#[tokio::test]
async fn a_closure_provider_plugs_in() {
    let config = Config::new("us-east-1").with_credentials_provider(
        aws_credential_types::credential_fn::provide_credentials_fn(|| async {
            Ok(aws_credential_types::Credentials::new(
                "AKIDCLOSURE",
                "closure-secret",
                None,
                None,
                "closure",
            ))
        }),
    );
    let (seen, transport) = recording();
    let client = firehose::Client::with_transport(config, transport);
    client
        .list_delivery_streams(&ListDeliveryStreamsInput::default())
        .await
        .unwrap();
    assert!(
        seen.lock().unwrap()[0]
            .1
            .contains("Credential=AKIDCLOSURE/")
    );
}

#[tokio::test]
async fn from_env_takes_region_endpoint_and_keys_from_the_profile() {
    let env = Env::from_vars([("HOME", "/home/u"), ("AWS_PROFILE", "dev")]).with_files([
        (
            "/home/u/.aws/config",
            "[profile dev]\nregion = ap-southeast-2\nservices = local\n\
             [services local]\nfirehose =\n  endpoint_url = http://firehose.local:4573\n",
        ),
        (
            "/home/u/.aws/credentials",
            "[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = dev-secret\n",
        ),
    ]);
    let config = Config::from_env_with(&env).unwrap();
    assert_eq!(config.region(), "ap-southeast-2");
    let (seen, transport) = recording();
    let client = firehose::Client::with_transport(config, transport);
    assert_eq!(
        client.service_client().endpoint(),
        Some("http://firehose.local:4573")
    );
    client
        .list_delivery_streams(&ListDeliveryStreamsInput::default())
        .await
        .unwrap();
    let seen = seen.lock().unwrap();
    assert_eq!(seen[0].0, "http://firehose.local:4573/");
    assert!(
        seen[0].1.contains("Credential=AKIDDEV/")
            && seen[0].1.contains("/ap-southeast-2/firehose/aws4_request"),
        "{}",
        seen[0].1
    );
}

#[test]
fn the_firehose_variable_beats_the_global_one() {
    let env = Env::from_vars([
        ("HOME", "/home/u"),
        ("AWS_REGION", "eu-central-1"),
        ("AWS_ENDPOINT_URL", "http://global:1"),
        ("AWS_ENDPOINT_URL_FIREHOSE", "http://firehose-only:2/"),
    ])
    .with_files::<_, String, String>([]);
    let (_, transport) = recording();
    let client = firehose::Client::with_transport(Config::from_env_with(&env).unwrap(), transport);
    // The endpoint rules take it as they take `with_endpoint`'s: unchanged.
    assert_eq!(
        client.service_client().endpoint(),
        Some("http://firehose-only:2/")
    );
    assert_eq!(client.config().endpoint(), Some("http://firehose-only:2/"));
    // An explicit endpoint still wins.
    let (_, transport) = recording();
    let config = Config::from_env_with(&env)
        .unwrap()
        .with_endpoint("http://explicit:3");
    let client = firehose::Client::with_transport(config, transport);
    assert_eq!(
        client.service_client().endpoint(),
        Some("http://explicit:3")
    );
}

#[tokio::test]
async fn no_credentials_anywhere_names_every_source_and_sends_nothing() {
    let env = Env::from_vars([
        ("HOME", "/home/nobody"),
        // Nothing listens on port 1: the instance-metadata source fails at once.
        ("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:1"),
    ])
    .with_files::<_, String, String>([]);
    let config =
        Config::new("us-east-1").with_credentials_provider(DefaultCredentialsChain::with_env(env));
    let (seen, transport) = recording();
    let client = firehose::Client::with_transport(config, transport);
    let error = client
        .list_delivery_streams(&ListDeliveryStreamsInput::default())
        .await
        .unwrap_err();
    assert!(seen.lock().unwrap().is_empty());
    let Error::Config(ConfigError::Credentials(CredentialsError::NotFound { tried })) = &error
    else {
        panic!("{error:?}");
    };
    assert_eq!(tried.len(), 5);
    let text = error.to_string();
    for part in [
        "no AWS credentials found; tried environment (AWS_ACCESS_KEY_ID is not set)",
        "profile (profile `default` is in neither /home/nobody/.aws/config nor /home/nobody/.aws/credentials)",
        "web identity (AWS_WEB_IDENTITY_TOKEN_FILE is not set)",
        "container (neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor AWS_CONTAINER_CREDENTIALS_FULL_URI is set)",
        "instance metadata (no instance metadata at http://127.0.0.1:1: cannot connect",
    ] {
        assert!(text.contains(part), "{part} not in {text}");
    }
}
