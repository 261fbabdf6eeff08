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

fn error_response(headers: &[(&'static str, &'static str)], body: &'static str) -> HttpResponse {
    crate::response_from_parts(400, headers.iter().copied(), body).unwrap()
}

#[test]
fn query_error_header_splits_at_the_first_semicolon() {
    assert_eq!(
        parse_query_error("AWS.SimpleQueueService.NonExistentQueue;Sender"),
        Some(("AWS.SimpleQueueService.NonExistentQueue", "Sender"))
    );
    assert_eq!(
        parse_query_error(" Customized ; Receiver "),
        Some(("Customized", "Receiver"))
    );
    assert_eq!(parse_query_error("A;B;C"), Some(("A", "B;C")));
    for malformed in ["Customized", "", ";", "Customized;", ";Sender", " ; "] {
        assert_eq!(parse_query_error(malformed), None, "{malformed:?}");
    }
}

#[test]
fn query_compatible_error_parts_take_code_and_fault_from_the_header() {
    let body = r#"{"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"gone"}"#;
    let response = error_response(
        &[
            (
                QUERY_ERROR_HEADER,
                "AWS.SimpleQueueService.NonExistentQueue;Sender",
            ),
            ("x-amzn-requestid", "req-1"),
        ],
        body,
    );
    let (read, meta) = query_compatible_error_parts(&response).unwrap();
    assert_eq!(read, body.as_bytes());
    assert_eq!(meta.code(), Some("AWS.SimpleQueueService.NonExistentQueue"));
    assert_eq!(meta.extra(crate::error::ERROR_TYPE), Some("Sender"));
    assert_eq!(meta.message(), Some("gone"));
    assert_eq!(crate::RequestId::request_id(&meta), Some("req-1"));

    // The header wins over X-Amzn-Errortype too.
    let both = error_response(
        &[
            (QUERY_ERROR_HEADER, "Throttling;Receiver"),
            ("x-amzn-errortype", "ThrottlingException"),
        ],
        "{}",
    );
    let (_, meta) = query_compatible_error_parts(&both).unwrap();
    assert_eq!(meta.code(), Some("Throttling"));
    assert_eq!(meta.extra(crate::error::ERROR_TYPE), Some("Receiver"));

    // Without the header, or with a malformed one, the code is the body's and there is no type.
    for headers in [&[][..], &[(QUERY_ERROR_HEADER, "NoSemicolon")][..]] {
        let (_, meta) = query_compatible_error_parts(&error_response(headers, body)).unwrap();
        assert_eq!(meta.code(), Some("QueueDoesNotExist"));
        assert_eq!(meta.extra(crate::error::ERROR_TYPE), None);
    }
}

#[test]
fn services_not_migrated_from_query_ignore_the_query_error_header() {
    let response = error_response(&[(QUERY_ERROR_HEADER, "Customized;Sender")], r#"{"__type":"FooError"}"#);
    let (_, meta) = error_parts(&response).unwrap();
    assert_eq!(meta.code(), Some("FooError"));
    assert_eq!(meta.extra(crate::error::ERROR_TYPE), None);
    let (_, meta) = query_compatible_error_parts(&response).unwrap();
    assert_eq!(meta.code(), Some("Customized"));
}

#[test]
fn query_compatible_parts_of_a_malformed_body_keep_the_request_id() {
    let response = error_response(
        &[
            (QUERY_ERROR_HEADER, "Customized;Sender"),
            ("x-amzn-requestid", "req-2"),
        ],
        "not json",
    );
    let error = query_compatible_error_parts(&response).unwrap_err();
    assert!(error.is_malformed(), "{error}");
    assert_eq!(crate::RequestId::request_id(&error), Some("req-2"));
}

#[test]
fn query_compatible_requests_carry_the_query_mode_header_after_the_target() {
    let plain = build("https://sqs.us-east-1.amazonaws.com", None).unwrap();
    assert_eq!(plain.headers().get("x-amzn-query-mode"), None);
    let endpoint = crate::endpoint::Endpoint::new("https://sqs.us-east-1.amazonaws.com")
        .with_header("x-amz-e", "1");
    let request =
        build_query_compatible_request(&SPEC, &endpoint, None, "{}".to_owned()).unwrap();
    let names: Vec<String> = headers(&request).into_iter().map(|(k, _)| k).collect();
    assert_eq!(
        names,
        [
            "content-type",
            "x-amz-target",
            "x-amzn-query-mode",
            "content-length",
            "x-amz-e"
        ]
    );
    assert_eq!(request.headers().get("x-amzn-query-mode"), Some("true"));
    assert_eq!(request.body().bytes(), Some(&b"{}"[..]));
}
