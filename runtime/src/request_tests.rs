use super::*;
use aws_smithy_runtime_api::http::StatusCode;
use aws_smithy_types::body::SdkBody;

const SPEC: OperationSpec = OperationSpec {
    protocol: Protocol::AwsJson1_1,
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
        protocol: Protocol::AwsJson1_0,
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
    assert_eq!(
        Protocol::AwsJson1_0.content_type(),
        "application/x-amz-json-1.0"
    );
    assert_eq!(
        Protocol::AwsJson1_1.content_type(),
        "application/x-amz-json-1.1"
    );
}

#[test]
fn uri_forms() {
    for (endpoint, uri) in [
        ("https://example.com", "https://example.com/"),
        ("https://example.com/", "https://example.com/"),
        ("https://example.com/custom", "https://example.com/custom/"),
        ("https://example.com/custom/", "https://example.com/custom/"),
        ("https://example.com/a/b", "https://example.com/a/b/"),
        ("http://localhost:8080", "http://localhost:8080/"),
        ("http://127.0.0.1:1234/x", "http://127.0.0.1:1234/x/"),
        ("https://example.com/p?x=1", "https://example.com/p/"),
        ("https://example.com/?x=1", "https://example.com/"),
        ("https://example.com?x=1", "https://example.com/"),
    ] {
        assert_eq!(build(endpoint, None).unwrap().uri(), uri, "{endpoint}");
    }
}

#[test]
fn host_prefix() {
    for (endpoint, prefix, uri) in [
        (
            "https://example.com",
            "foo.bar.",
            "https://foo.bar.example.com/",
        ),
        (
            "https://example.com:8443/custom",
            "data-",
            "https://data-example.com:8443/custom/",
        ),
        (
            "http://user@example.com",
            "foo.",
            "http://user@foo.example.com/",
        ),
        ("https://example.com", "", "https://example.com/"),
    ] {
        assert_eq!(
            build(endpoint, Some(prefix)).unwrap().uri(),
            uri,
            "{prefix}{endpoint}"
        );
    }
    let e = build("https://example.com", Some("bad host/")).unwrap_err();
    assert!(matches!(e, BuildError::InvalidEndpoint { .. }), "{e:?}");
    assert!(e.to_string().contains("bad host/"), "{e}");
}

#[test]
fn invalid_endpoints() {
    for endpoint in [
        "",
        "example.com",
        "example.com:443",
        "/path",
        "https://",
        "not a uri",
        "https://exa mple.com",
        "https://example.com/\n",
    ] {
        match build(endpoint, None) {
            Err(e @ BuildError::InvalidEndpoint { .. }) => {
                assert!(
                    e.to_string()
                        .starts_with(&format!("invalid endpoint `{endpoint}`: ")),
                    "{e}"
                );
            }
            other => panic!("{endpoint:?}: {other:?}"),
        }
    }
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

#[cfg(feature = "gzip")]
#[test]
fn gzip_round_trip() {
    use std::io::Read as _;
    let spec = OperationSpec {
        request_compression: true,
        ..SPEC
    };
    let big = format!("{{\"Data\":\"{}\"}}", "abcdefgh".repeat(2_000));
    assert!(big.len() >= MIN_COMPRESSION_SIZE);
    let request = build_request(&spec, "https://example.com", None, big.clone()).unwrap();
    let compressed = request.body().bytes().unwrap();
    assert!(compressed.len() < big.len() / 10);
    assert_eq!(
        headers(&request)[2..],
        [
            ("content-length".to_owned(), compressed.len().to_string()),
            ("content-encoding".to_owned(), "gzip".to_owned()),
        ]
    );
    let mut decoded = String::new();
    flate2::read::GzDecoder::new(compressed)
        .read_to_string(&mut decoded)
        .unwrap();
    assert_eq!(decoded, big);

    // Just below the threshold: sent as is.
    let small = "x".repeat(MIN_COMPRESSION_SIZE - 1);
    let request = build_request(&spec, "https://example.com", None, small.clone()).unwrap();
    assert_eq!(request.body().bytes(), Some(small.as_bytes()));
    assert_eq!(request.headers().get("content-encoding"), None);
    // At the threshold: compressed.
    let at = "x".repeat(MIN_COMPRESSION_SIZE);
    let request = build_request(&spec, "https://example.com", None, at).unwrap();
    assert_eq!(request.headers().get("content-encoding"), Some("gzip"));
    // Without @requestCompression: never compressed.
    let request = build_request(&SPEC, "https://example.com", None, big.clone()).unwrap();
    assert_eq!(request.body().bytes(), Some(big.as_bytes()));
    assert_eq!(request.headers().get("content-encoding"), None);
}

#[cfg(not(feature = "gzip"))]
#[test]
fn without_gzip_feature_bodies_are_sent_as_is() {
    let spec = OperationSpec {
        request_compression: true,
        ..SPEC
    };
    let big = "x".repeat(MIN_COMPRESSION_SIZE * 2);
    let request = build_request(&spec, "https://example.com", None, big.clone()).unwrap();
    assert_eq!(request.body().bytes(), Some(big.as_bytes()));
    assert_eq!(request.headers().get("content-encoding"), None);
}

#[test]
fn host_labels() {
    for ok in [
        "a",
        "foo",
        "foo-bar",
        "Foo1.bar2",
        "a.b.c",
        &"x".repeat(63),
        "-",
        "123",
    ] {
        validate_host_label("Input", "label", ok).unwrap();
    }
    for bad in [
        "",
        ".",
        "a.",
        ".a",
        "a..b",
        "foo_bar",
        "foo bar",
        "foo/bar",
        "é",
        &"x".repeat(64),
        "a:1",
    ] {
        match validate_host_label("Input", "label", bad) {
            Err(BuildError::InvalidMember {
                shape: "Input",
                member: "label",
                ..
            }) => {}
            other => panic!("{bad:?}: {other:?}"),
        }
    }
}

#[test]
fn response_parts() {
    let mut response = HttpResponse::new(StatusCode::try_from(200).unwrap(), SdkBody::from("{}"));
    assert_eq!(response_body(&response).unwrap(), b"{}");
    assert_eq!(request_id(&response), None);
    response.headers_mut().insert("X-Amzn-RequestId", "id-1");
    assert_eq!(request_id(&response), Some("id-1"));
    assert_eq!(crate::RequestId::request_id(&response), Some("id-1"));
    *response.body_mut() = SdkBody::taken();
    assert!(response_body(&response).is_err());
}
