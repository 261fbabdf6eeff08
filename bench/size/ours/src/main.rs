//! Smallest useful program on our crate: build a PutRecordBatch request (optionally signed),
//! "send" it (a canned response stands in for the HTTP client) and parse the response.

use firehose::Operation;
use firehose::operation::PutRecordBatch;
use firehose::primitives::Blob;
use firehose::types::{PutRecordBatchInput, Record};

const RESPONSE: &str = r#"{"FailedPutCount":0,"RequestResponses":[{"RecordId":"49543463076548007577105092703039560359975228518395019266"}]}"#;

fn main() {
    let data = std::env::args().skip(1).collect::<Vec<_>>().join(" ");
    let input = PutRecordBatchInput::new("my-stream", vec![Record::new(Blob::new(data))]);
    #[allow(unused_mut)]
    let mut request =
        PutRecordBatch::build_request(&input, "https://firehose.us-east-1.amazonaws.com").unwrap();
    #[cfg(feature = "sign")]
    sign(&mut request);
    let response = firehose::response_from_parts(200, [], RESPONSE).unwrap();
    let output = PutRecordBatch::parse_response(&response).unwrap();
    println!(
        "sent {} headers, {} failed",
        request.headers().len(),
        output.failed_put_count.unwrap_or(0)
    );
}

#[cfg(feature = "sign")]
fn sign(request: &mut firehose::HttpRequest) {
    use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};

    let identity =
        aws_credential_types::Credentials::new("AKID", "SECRET", None, None, "size").into();
    let params = aws_sigv4::sign::v4::SigningParams::builder()
        .identity(&identity)
        .region("us-east-1")
        .name("firehose")
        .time(std::time::SystemTime::now())
        .settings(SigningSettings::default())
        .build()
        .unwrap()
        .into();
    let body = SignableBody::Bytes(request.body().bytes().unwrap());
    let signable = SignableRequest::new(
        request.method(),
        request.uri(),
        request.headers().iter(),
        body,
    )
    .unwrap();
    let (instructions, _) = sign(signable, &params).unwrap().into_parts();
    for header in instructions.into_parts().0 {
        request
            .headers_mut()
            .insert(header.name(), header.value().to_owned());
    }
}
