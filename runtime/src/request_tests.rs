use super::*;

fn build(endpoint: &str, prefix: Option<&str>) -> Result<HttpRequest, BuildError> {
    let mut request = RequestBuilder::new(Method::POST, endpoint, prefix)?;
    request.push_path("/");
    request.body(b"{}".to_vec(), false)
}

fn headers(request: &HttpRequest) -> Vec<(String, String)> {
    request
        .headers()
        .iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

fn with_body(body: &str, compress: bool) -> HttpRequest {
    let request = RequestBuilder::new(Method::POST, "https://example.com", None).unwrap();
    request.body(body.as_bytes().to_vec(), compress).unwrap()
}

#[test]
fn labels_query_and_headers() {
    let mut request = RequestBuilder::new(Method::GET, "https://example.com/base/", None).unwrap();
    request.push_path("/a/");
    request.push_label("x y/z%é", false);
    request.push_path("/");
    request.push_label("keys/with space/", true);
    request.push_query("k&=", "v w");
    request.push_query_name("flag");
    request.push_query("empty", "");
    request.append_header("x-list", "a").unwrap();
    request.append_header("X-List", "b").unwrap();
    let request = request.body(Vec::new(), false).unwrap();
    assert_eq!(request.method(), "GET");
    assert_eq!(
        request.uri(),
        "https://example.com/base/a/x%20y%2Fz%25%C3%A9/keys/with%20space/?k%26%3D=v%20w&flag&empty="
    );
    assert_eq!(
        headers(&request),
        [
            ("x-list".to_owned(), "a".to_owned()),
            ("x-list".to_owned(), "b".to_owned()),
        ],
        "a GET without a body has no Content-Length"
    );
    let mut bad = RequestBuilder::new(Method::GET, "https://example.com", None).unwrap();
    let e = bad.append_header("x-a", "line\nbreak").unwrap_err();
    assert!(e.to_string().contains("header `x-a`"), "{e}");
    let e = bad.append_header("bad name", "v").unwrap_err();
    assert!(
        e.to_string()
            .contains("`bad name` is not a valid header name"),
        "{e}"
    );
}

#[test]
fn content_length_of_empty_bodies_only_where_the_method_carries_one() {
    for (method, expected) in [
        (Method::GET, None),
        (Method::DELETE, None),
        (Method::POST, Some("0")),
        (Method::PUT, Some("0")),
    ] {
        let request = RequestBuilder::new(method.clone(), "https://example.com", None)
            .unwrap()
            .body(Vec::new(), false)
            .unwrap();
        assert_eq!(
            request.headers().get("content-length"),
            expected,
            "{method}"
        );
    }
    let request = RequestBuilder::new(Method::GET, "https://example.com", None)
        .unwrap()
        .body(b"x".to_vec(), false)
        .unwrap();
    assert_eq!(request.headers().get("content-length"), Some("1"));
}

#[test]
fn set_and_default_headers() {
    let mut request = RequestBuilder::new(Method::POST, "https://example.com", None).unwrap();
    request.set_header("Content-Type", "image/jpg").unwrap();
    request
        .default_header("Content-Type", "application/octet-stream")
        .unwrap();
    request
        .default_header("Accept", "application/json")
        .unwrap();
    request.set_header("x-one", "a").unwrap();
    request.set_header("x-one", "b").unwrap();
    let mut request = request.body(b"1234".to_vec(), false).unwrap();
    assert_eq!(request.headers().get("content-type"), Some("image/jpg"));
    assert_eq!(request.headers().get("accept"), Some("application/json"));
    assert_eq!(
        request.headers().get_all("x-one").collect::<Vec<_>>(),
        ["b"]
    );
    crate::request::default_header(&mut request, "Accept", "text/plain").unwrap();
    crate::request::default_header(&mut request, "X-Version", "2012-06-01").unwrap();
    assert_eq!(request.headers().get("accept"), Some("application/json"));
    assert_eq!(request.headers().get("x-version"), Some("2012-06-01"));
    let e = crate::request::default_header(&mut request, "bad name", "v").unwrap_err();
    assert!(e.to_string().contains("bad name"), "{e}");
}

#[test]
fn unreserved_bytes_are_kept() {
    let mut out = String::new();
    percent_encode(&mut out, "AZaz09-._~/:!", false);
    assert_eq!(out, "AZaz09-._~%2F%3A%21");
    out.clear();
    percent_encode(&mut out, "a/b", true);
    assert_eq!(out, "a/b");
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
        ("https://example.com", "", "https://example.com/"),
    ] {
        assert_eq!(
            build(endpoint, Some(prefix)).unwrap().uri(),
            uri,
            "{prefix}{endpoint}"
        );
    }
    // User info is refused, with or without a prefix, and never repeated.
    for prefix in [None, Some("foo.")] {
        let e = build("http://user:pw-secret@example.com", prefix).unwrap_err();
        assert!(matches!(e, BuildError::InvalidEndpoint { .. }), "{e:?}");
        let text = format!("{e} {e:?}");
        assert!(text.contains("user information") && text.contains("http://***@example.com"));
        assert!(!text.contains("pw-secret"), "{text}");
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
        "ftp://example.com",
        "http://example.com:99999",
        "http://example.com:0/",
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

#[cfg(feature = "gzip")]
#[test]
fn gzip_round_trip() {
    use std::io::Read as _;
    let big = format!("{{\"Data\":\"{}\"}}", "abcdefgh".repeat(2_000));
    assert!(big.len() >= MIN_COMPRESSION_SIZE);
    let request = with_body(&big, true);
    let compressed = request.body().bytes().unwrap();
    assert!(compressed.len() < big.len() / 10);
    assert_eq!(
        headers(&request),
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
    let request = with_body(&small, true);
    assert_eq!(request.body().bytes(), Some(small.as_bytes()));
    assert_eq!(request.headers().get("content-encoding"), None);
    // At the threshold: compressed.
    let at = "x".repeat(MIN_COMPRESSION_SIZE);
    let request = with_body(&at, true);
    assert_eq!(request.headers().get("content-encoding"), Some("gzip"));
    // Without @requestCompression: never compressed.
    let request = with_body(&big, false);
    assert_eq!(request.body().bytes(), Some(big.as_bytes()));
    assert_eq!(request.headers().get("content-encoding"), None);
    // An encoding an input member set stays first.
    let mut builder = RequestBuilder::new(Method::POST, "https://example.com", None).unwrap();
    builder.set_header("Content-Encoding", "custom").unwrap();
    let request = builder.body(big.clone().into_bytes(), true).unwrap();
    assert_eq!(
        request.headers().get("content-encoding"),
        Some("custom, gzip")
    );
}

#[test]
fn endpoint_headers_come_last() {
    use crate::endpoint::Endpoint;
    let endpoint = Endpoint::new("https://example.com")
        .with_header("x-list", "from-endpoint")
        .with_header("x-amz-a", "1");
    let mut request = RequestBuilder::new(Method::PUT, &endpoint, None).unwrap();
    request.push_path("/k");
    request.append_header("x-list", "from-input").unwrap();
    let request = request.body(b"hi".to_vec(), false).unwrap();
    assert_eq!(request.uri(), "https://example.com/k");
    assert_eq!(
        headers(&request),
        [
            ("x-list".to_owned(), "from-input".to_owned()),
            ("x-list".to_owned(), "from-endpoint".to_owned()),
            ("content-length".to_owned(), "2".to_owned()),
            ("x-amz-a".to_owned(), "1".to_owned()),
        ]
    );
}

#[cfg(not(feature = "gzip"))]
#[test]
fn without_gzip_feature_bodies_are_sent_as_is() {
    let big = "x".repeat(MIN_COMPRESSION_SIZE * 2);
    let request = with_body(&big, true);
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
