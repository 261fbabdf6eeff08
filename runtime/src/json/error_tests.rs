use super::*;
use crate::{HttpResponse, RequestId};
use aws_smithy_runtime_api::http::StatusCode;
use aws_smithy_types::body::SdkBody;

fn response(
    status: u16,
    headers: &[(&'static str, &'static str)],
    body: &'static str,
) -> HttpResponse {
    let mut response =
        HttpResponse::new(StatusCode::try_from(status).unwrap(), SdkBody::from(body));
    for (name, value) in headers {
        response.headers_mut().insert(*name, *value);
    }
    response
}

fn code_and_message(
    headers: &[(&'static str, &'static str)],
    body: &'static str,
) -> (Option<String>, Option<String>) {
    let meta = parse_error_metadata(&response(400, headers, body)).unwrap();
    (
        meta.code().map(str::to_owned),
        meta.message().map(str::to_owned),
    )
}

#[test]
fn code_precedence() {
    let header = [(
        "X-Amzn-Errortype",
        "aws.protocoltests.restjson#FooError:http://internal.amazon.com/",
    )];
    // Header first.
    assert_eq!(
        code_and_message(&header, r#"{"__type":"TypeError","code":"CodeError"}"#)
            .0
            .as_deref(),
        Some("FooError")
    );
    // Header names are case-insensitive.
    assert_eq!(
        code_and_message(&[("x-amzn-errortype", "FooError")], "")
            .0
            .as_deref(),
        Some("FooError")
    );
    // Then __type, even when `code` is present (Firehose has a modeled `code` member).
    assert_eq!(
        code_and_message(&[], r#"{"code":"KMS.AccessDeniedException","__type":"aws.firehose#InvalidKMSResourceException"}"#)
            .0
            .as_deref(),
        Some("InvalidKMSResourceException")
    );
    assert_eq!(
        code_and_message(&[], r#"{"__type":"a#TypeError","code":"CodeError"}"#)
            .0
            .as_deref(),
        Some("TypeError")
    );
    // Then code.
    assert_eq!(
        code_and_message(&[], r#"{"code":"ns#CodeError:extra"}"#)
            .0
            .as_deref(),
        Some("CodeError")
    );
    // An empty (after sanitizing) or non-string code counts as absent.
    assert_eq!(
        code_and_message(&[("x-amzn-errortype", " : ")], r#"{"__type":"TypeError"}"#)
            .0
            .as_deref(),
        Some("TypeError")
    );
    assert_eq!(
        code_and_message(&[], r#"{"__type":12,"code":"CodeError"}"#)
            .0
            .as_deref(),
        Some("CodeError")
    );
    assert_eq!(code_and_message(&[], r#"{"message":"m"}"#).0, None);
    // Only top-level members count.
    assert_eq!(
        code_and_message(
            &[],
            r#"{"nested":{"__type":"Inner","message":"inner"},"code":"Outer"}"#
        ),
        (Some("Outer".into()), None)
    );
}

#[test]
fn message_precedence() {
    let message = |body| code_and_message(&[], body).1;
    assert_eq!(
        message(r#"{"errorMessage":"c","Message":"b","message":"a"}"#).as_deref(),
        Some("a")
    );
    assert_eq!(
        message(r#"{"errorMessage":"c","Message":"b"}"#).as_deref(),
        Some("b")
    );
    assert_eq!(message(r#"{"errorMessage":"c"}"#).as_deref(), Some("c"));
    assert_eq!(
        message(r#"{"message":null,"Message":"b"}"#).as_deref(),
        Some("b")
    );
    assert_eq!(
        message(r#"{"message":{"x":1},"Message":"b"}"#).as_deref(),
        Some("b")
    );
    assert_eq!(message(r#"{"MESSAGE":"x"}"#), None);
    assert_eq!(
        message(r#"{"message":"esc\"aped\n"}"#).as_deref(),
        Some("esc\"aped\n")
    );
}

#[test]
fn request_id_and_empty_bodies() {
    let meta = parse_error_metadata(&response(
        500,
        &[
            ("x-amzn-RequestId", "abc-123"),
            ("x-amzn-errortype", "ServiceUnavailableException"),
        ],
        "  ",
    ))
    .unwrap();
    assert_eq!(meta.request_id(), Some("abc-123"));
    assert_eq!(meta.code(), Some("ServiceUnavailableException"));
    assert_eq!(meta.message(), None);
    let meta = parse_error_metadata(&response(500, &[("x-amz-request-id", "def")], "")).unwrap();
    assert_eq!(meta.request_id(), Some("def"));
    assert_eq!(
        meta,
        ErrorMetadata::builder()
            .custom(AWS_REQUEST_ID, "def")
            .build()
    );
    let meta = parse_error_metadata(&response(500, &[], "{}")).unwrap();
    assert_eq!(meta, ErrorMetadata::default());
}

#[test]
fn malformed_error_bodies() {
    for body in [
        "[]",
        "null",
        "\"x\"",
        "{",
        "{\"__type\":}",
        "{} {}",
        "<html>",
    ] {
        assert!(
            parse_error_metadata(&response(500, &[], body)).is_err(),
            "{body}"
        );
    }
    let mut streaming = response(500, &[], "");
    *streaming.body_mut() = SdkBody::taken();
    let e = parse_error_metadata(&streaming).unwrap_err();
    assert!(e.to_string().contains("buffered"), "{e}");
}
