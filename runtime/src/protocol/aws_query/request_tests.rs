use super::*;
use crate::endpoint::Endpoint;
use crate::error::RequestId;
use crate::json::de::DeError;
use crate::request::MIN_COMPRESSION_SIZE;
use crate::xml::{StartElement, XmlReader};
use crate::{HttpRequest, HttpResponse, ProvideErrorMetadata, UnhandledError};
use std::io::Read;

fn headers(request: &HttpRequest) -> Vec<(String, String)> {
    request
        .headers()
        .iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

fn pair(name: &str, value: &str) -> (String, String) {
    (name.to_owned(), value.to_owned())
}

#[test]
fn post_to_the_endpoint_with_form_headers_then_the_endpoints() {
    let mut body = String::new();
    let mut writer = QueryWriter::new(&mut body, "AssumeRole", "2011-06-15");
    writer
        .input()
        .member("RoleArn")
        .string("arn:aws:iam::1:role/r");
    writer.finish();
    let endpoint = Endpoint::new("https://sts.eu-west-1.amazonaws.com").with_header("x-extra", "1");
    let request = build_request(&endpoint, None, body.clone(), false).unwrap();
    assert_eq!(request.method(), "POST");
    assert_eq!(request.uri(), "https://sts.eu-west-1.amazonaws.com/");
    assert_eq!(
        headers(&request),
        [
            pair("content-type", "application/x-www-form-urlencoded"),
            pair("content-length", &body.len().to_string()),
            pair("x-extra", "1"),
        ]
    );
    assert_eq!(
        request.body().bytes(),
        Some(
            &b"Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fr"[..]
        )
    );
}

#[test]
fn host_prefix_and_endpoint_path() {
    let request = build_request(
        "https://example.com",
        Some("foo.bar."),
        String::new(),
        false,
    )
    .unwrap();
    assert_eq!(request.uri(), "https://foo.bar.example.com/");
    let request = build_request("https://example.com/custom", None, String::new(), false).unwrap();
    assert_eq!(request.uri(), "https://example.com/custom/");
    let error =
        build_request("https://example.com", Some("a b."), String::new(), false).unwrap_err();
    assert!(
        matches!(error, crate::BuildError::InvalidEndpoint { .. }),
        "{error:?}"
    );
}

#[test]
fn large_bodies_of_compressed_operations_are_gzipped() {
    let big = "x".repeat(MIN_COMPRESSION_SIZE);
    let request = build_request("https://example.com", None, big.clone(), true).unwrap();
    assert_eq!(request.headers().get("content-encoding"), Some("gzip"));
    let compressed = request.body().bytes().unwrap();
    assert_eq!(
        request.headers().get("content-length"),
        Some(compressed.len().to_string().as_str())
    );
    let mut unzipped = String::new();
    flate2::read::GzDecoder::new(compressed)
        .read_to_string(&mut unzipped)
        .unwrap();
    assert_eq!(unzipped, big);
    // Small bodies, and operations without @requestCompression, are sent as they are.
    let small = build_request("https://example.com", None, "a=b".to_owned(), true).unwrap();
    assert_eq!(small.headers().get("content-encoding"), None);
    let plain = build_request("https://example.com", None, big, false).unwrap();
    assert_eq!(plain.headers().get("content-encoding"), None);
}

#[test]
fn input_members_have_no_leading_dot_and_nest_like_structures() {
    let mut body = String::new();
    let mut writer = QueryWriter::new(&mut body, "Op", "1");
    let mut input = writer.input();
    input.member("Top").string("a");
    let mut nested = input.member("Nested").structure();
    nested.member("Inner").integer(1);
    let mut deeper = nested.member("Deeper").structure();
    deeper.member("Leaf").boolean(true);
    input.member("After").string("b");
    writer.finish();
    assert_eq!(
        body,
        "Action=Op&Version=1&Top=a&Nested.Inner=1&Nested.Deeper.Leaf=true&After=b"
    );
}

#[derive(Debug, Default, PartialEq)]
struct Output {
    name: Option<String>,
}

fn read_output(reader: &mut XmlReader<'_>, _start: &StartElement<'_>) -> Result<Output, DeError> {
    let mut output = Output::default();
    while let Some(child) = reader.next_child()? {
        match child.local() {
            "Name" => output.name = Some(reader.string()?),
            _ => reader.skip()?,
        }
    }
    Ok(output)
}

#[derive(Debug)]
struct Failed(UnhandledError);

impl From<UnhandledError> for Failed {
    fn from(e: UnhandledError) -> Self {
        Failed(e)
    }
}

fn read_error(response: &HttpResponse) -> Failed {
    match error_parts(response) {
        Ok((_, meta)) => Failed(UnhandledError::new(meta, response.status().as_u16())),
        Err(e) => Failed(e),
    }
}

fn response(status: u16, body: &str) -> HttpResponse {
    crate::response_from_parts(status, [("x-amzn-requestid", "header-id")], body.to_owned())
        .unwrap()
}

#[test]
fn parse_response_reads_the_result_or_the_error() {
    let ok = response(
        200,
        "<OpResponse><OpResult><Name>n</Name></OpResult></OpResponse>",
    );
    let output = parse_response(&ok, "Op", read_output, read_error).unwrap();
    assert_eq!(output.name.as_deref(), Some("n"));

    // No body, or no result element: the output with no members set.
    for body in ["", "<OpResponse/>"] {
        let output = parse_response(&response(200, body), "Op", read_output, read_error);
        assert_eq!(output.unwrap(), Output::default(), "{body:?}");
    }

    let failed = response(
        400,
        "<ErrorResponse><Error><Code>Nope</Code><Message>m</Message></Error>\
         <RequestId>body-id</RequestId></ErrorResponse>",
    );
    let Failed(error) = parse_response(&failed, "Op", read_output, read_error).unwrap_err();
    assert_eq!(error.code(), Some("Nope"));
    assert_eq!(error.request_id(), Some("body-id"));

    // A success body that can't be read is unhandled, keeping status and request id.
    let bad = response(200, "<OtherResponse/>");
    let Failed(error) = parse_response(&bad, "Op", read_output, read_error).unwrap_err();
    assert_eq!(error.request_id(), Some("header-id"));
    assert!(error.to_string().contains("HTTP 200"), "{error}");
    assert!(
        std::error::Error::source(&error)
            .unwrap()
            .to_string()
            .contains("<OpResponse>"),
        "{error:?}"
    );
}
