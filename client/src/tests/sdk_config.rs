//! A call through a config made from an `SdkConfig` signs with its credentials provider.

use super::*;

#[tokio::test]
async fn calls_sign_with_the_sdk_configs_credentials_and_go_to_its_endpoint() {
    let transport = InMemoryTransport::new(|request: &HttpRequest| {
        assert_eq!(request.uri(), "http://127.0.0.1:4566/");
        let auth = request.headers().get("authorization").unwrap_or_default();
        assert!(
            auth.starts_with("AWS4-HMAC-SHA256 Credential=AKIDFROMSDKCONFIG/"),
            "{auth}"
        );
        assert!(auth.contains("/eu-central-1/svc/aws4_request"), "{auth}");
        respond(200, "{}")
    });
    let sdk = crate::sdk_config::tests::sdk()
        .endpoint_url("http://127.0.0.1:4566")
        .build();
    let config = Config::from_sdk_config(&sdk).unwrap();
    let client = ServiceClient::new(config, transport, SERVICE);
    assert_eq!(client.call::<Echo>(&"hi".to_owned()).await.unwrap(), "{}");
}
