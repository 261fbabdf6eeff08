//! Smallest useful program on aws-sdk-firehose: one PutRecordBatch call, with an HTTP client
//! that returns a canned response (the SDK is built without its HTTPS client, like ours).

use aws_sdk_firehose::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_firehose::primitives::Blob;
use aws_sdk_firehose::types::Record;
use aws_sdk_firehose::{Client, Config};
use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse};
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_runtime_api::shared::IntoShared;
use aws_smithy_types::body::SdkBody;

const RESPONSE: &str = r#"{"FailedPutCount":0,"RequestResponses":[{"RecordId":"49543463076548007577105092703039560359975228518395019266"}]}"#;

#[derive(Clone, Debug)]
struct Canned;

impl HttpConnector for Canned {
    fn call(&self, _request: HttpRequest) -> HttpConnectorFuture {
        HttpConnectorFuture::ready(Ok(HttpResponse::new(
            200.try_into().unwrap(),
            SdkBody::from(RESPONSE),
        )))
    }
}

impl HttpClient for Canned {
    fn http_connector(
        &self,
        _: &HttpConnectorSettings,
        _: &RuntimeComponents,
    ) -> SharedHttpConnector {
        self.clone().into_shared()
    }
}

fn main() {
    let data = std::env::args().skip(1).collect::<Vec<_>>().join(" ");
    let config = Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "size"))
        .http_client(Canned)
        .build();
    let client = Client::from_conf(config);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap();
    let record = Record::builder().data(Blob::new(data)).build().unwrap();
    let call = client
        .put_record_batch()
        .delivery_stream_name("my-stream")
        .records(record);
    let output = rt.block_on(call.send()).unwrap();
    println!("{} failed", output.failed_put_count());
}
