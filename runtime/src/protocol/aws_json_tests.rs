use super::*;
use crate::ErrorMetadata;

const SPEC: OperationSpec = OperationSpec {
    version: Version::V1_1,
    target: "Firehose_20150804.StartDeliveryStreamEncryption",
    request_compression: false,
};

fn build(endpoint: &str, prefix: Option<&str>) -> Result<HttpRequest, BuildError> {
    build_request(&SPEC, endpoint, prefix, "{}".to_owned())
}

fn headers(request: &HttpRequest) -> Vec<(String, String)> {
    request
        .headers()
        .iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

#[test]
fn method_headers_and_body() {
    let request = build("https://firehose.us-east-1.amazonaws.com", None).unwrap();
    assert_eq!(request.method(), "POST");
    assert_eq!(request.uri(), "https://firehose.us-east-1.amazonaws.com/");
    assert_eq!(
        headers(&request),
        [
            (
                "content-type".to_owned(),
                "application/x-amz-json-1.1".to_owned()
            ),
            (
                "x-amz-target".to_owned(),
                "Firehose_20150804.StartDeliveryStreamEncryption".to_owned()
            ),
            ("content-length".to_owned(), "2".to_owned()),
        ]
    );
    assert_eq!(request.body().bytes(), Some(&b"{}"[..]));

    let spec = OperationSpec {
        version: Version::V1_0,
        ..SPEC
    };
    let body = "{\"DeliveryStreamName\":\"é\"}".to_owned();
    let request = build_request(&spec, "http://localhost:8080", None, body.clone()).unwrap();
    assert_eq!(
        request.headers().get("Content-Type"),
        Some("application/x-amz-json-1.0")
    );
    assert_eq!(
        request.headers().get("content-length"),
        Some(body.len().to_string().as_str())
    );
    assert_eq!(request.body().bytes(), Some(body.as_bytes()));
    assert_eq!(Version::V1_0.content_type(), "application/x-amz-json-1.0");
    assert_eq!(Version::V1_1.content_type(), "application/x-amz-json-1.1");
}

#[test]
fn invalid_target_is_an_error() {
    let spec = OperationSpec {
        target: "Bad\nTarget",
        ..SPEC
    };
    let e = build_request(&spec, "https://example.com", None, String::new()).unwrap_err();
    assert!(matches!(e, BuildError::InvalidRequest { .. }), "{e:?}");
}
#[test]
fn uri_keeps_the_endpoint_path_and_adds_a_slash() {
    for (endpoint, uri) in [
        ("https://example.com", "https://example.com/"),
        ("https://example.com/custom", "https://example.com/custom/"),
        ("https://example.com/p/?x=1", "https://example.com/p/"),
    ] {
        assert_eq!(build(endpoint, None).unwrap().uri(), uri, "{endpoint}");
    }
    assert_eq!(
        build("https://example.com", Some("data-")).unwrap().uri(),
        "https://data-example.com/"
    );
}

#[test]
fn error_parts_read_the_json_error_body() {
    let response = crate::response_from_parts(
        400,
        [("x-amzn-requestid", "r-1")],
        r#"{"__type":"ns#NotFound","message":"gone"}"#,
    )
    .unwrap();
    let (body, meta) = error_parts(&response).unwrap();
    assert!(body.starts_with(b"{"));
    assert_eq!(meta.code(), Some("NotFound"));
    assert_eq!(meta.message(), Some("gone"));
    let broken = crate::response_from_parts(500, [("x-amzn-requestid", "r-2")], "{").unwrap();
    let e = error_parts(&broken).unwrap_err();
    assert!(e.is_malformed() && e.status() == 500, "{e}");
    assert_eq!(crate::RequestId::request_id(&e), Some("r-2"));
}

#[test]
fn parse_response_hands_the_body_to_the_reader() {
    let ok = crate::response_from_parts(200, [], "{}").unwrap();
    let read = parse_response(
        &ok,
        |body| Ok(body.len()),
        |_| UnhandledError::new(ErrorMetadata::default(), 0),
    );
    assert_eq!(read.ok(), Some(2));
}

#[test]
fn endpoint_headers_are_added_after_the_protocol_headers() {
    use crate::endpoint::{Endpoint, UrlOverride};
    let endpoint = Endpoint::new("https://svc.example.com/base")
        .with_header("x-amz-b", "2")
        .with_header("x-amz-a", "1")
        .with_header("x-amz-b", "3");
    let request = build_request(&SPEC, &endpoint, Some("p."), "{}".to_owned()).unwrap();
    assert_eq!(request.uri(), "https://p.svc.example.com/base/");
    let all = headers(&request);
    assert_eq!(
        all.get(3..).unwrap(),
        [
            ("x-amz-a".to_owned(), "1".to_owned()),
            ("x-amz-b".to_owned(), "2".to_owned()),
            ("x-amz-b".to_owned(), "3".to_owned()),
        ]
    );
    // A per-resource URL replaces the endpoint's URL, not its headers.
    let custom = UrlOverride::new(&endpoint, Some("https://other.example.com"));
    let request = build_request(&SPEC, &custom, None, "{}".to_owned()).unwrap();
    assert_eq!(request.uri(), "https://other.example.com/");
    assert_eq!(request.headers().get_all("x-amz-b").count(), 2);
}

#[test]
fn invalid_endpoint_headers_are_build_errors() {
    use crate::endpoint::Endpoint;
    let bad_name = Endpoint::new("https://a.example.com").with_header("bad name", "v");
    let err = build_request(&SPEC, &bad_name, None, "{}".to_owned()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid endpoint `https://a.example.com`: header name `bad name` is not valid"
    );
    let bad_value = Endpoint::new("https://a.example.com").with_header("x-a", "line\nbreak");
    let err = build_request(&SPEC, &bad_value, None, "{}".to_owned()).unwrap_err();
    assert!(err.to_string().contains("value of header `x-a`"), "{err}");
}
