use super::*;
use crate::HttpResponse;
use crate::json::de::DeError;
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
fn sanitizes_error_codes() {
    for (raw, code) in [
        ("FooError", "FooError"),
        (
            "FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/",
            "FooError",
        ),
        ("aws.protocoltests.restjson#FooError", "FooError"),
        (
            "aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/",
            "FooError",
        ),
        ("  FooError  ", "FooError"),
        ("  aws.protocoltests.restjson#FooError  :x", "FooError"),
        ("", ""),
        ("#", ""),
        (":", ""),
        ("a#b#FooError", "FooError"),
        ("FooError:a#b", "FooError"),
    ] {
        assert_eq!(sanitize_error_code(raw), code, "{raw:?}");
    }
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

#[test]
fn unhandled_error_display() {
    let meta = ErrorMetadata::builder()
        .code("ThrottlingException")
        .message("Rate exceeded")
        .custom(AWS_REQUEST_ID, "abc")
        .build();
    let e = UnhandledError::new(meta.clone(), 400);
    assert_eq!(
        e.to_string(),
        "ThrottlingException: Rate exceeded (HTTP 400, request id abc)"
    );
    assert_eq!(e.status(), 400);
    assert_eq!(e.code(), Some("ThrottlingException"));
    assert_eq!(ProvideErrorMetadata::message(&e), Some("Rate exceeded"));
    assert_eq!(e.request_id(), Some("abc"));
    assert!(!e.is_malformed());
    assert!(std::error::Error::source(&e).is_none());

    let e = UnhandledError::new(ErrorMetadata::builder().code("Boom").build(), 400);
    assert_eq!(e.to_string(), "Boom (HTTP 400)");
    let e = UnhandledError::new(ErrorMetadata::default(), 500);
    assert_eq!(e.to_string(), "unmodeled error response (HTTP 500)");
    let e = UnhandledError::new(
        ErrorMetadata::builder()
            .message("oops")
            .custom(AWS_REQUEST_ID, "r1")
            .build(),
        503,
    );
    assert_eq!(
        e.to_string(),
        "unmodeled error response (HTTP 503, request id r1): oops"
    );

    let source = DeError::syntax(17, "':'", Some(b'}'));
    let e = UnhandledError::malformed(200, ErrorMetadata::default(), source.clone());
    assert_eq!(
        e.to_string(),
        "malformed response body (HTTP 200): invalid JSON at byte 17: expected ':' but found '}'"
    );
    assert!(e.is_malformed());
    let inner = std::error::Error::source(&e).unwrap();
    assert_eq!(inner.downcast_ref::<DeError>(), Some(&source));

    let e = UnhandledError::new(ErrorMetadata::default(), 500).with_source("io failure");
    assert_eq!(
        std::error::Error::source(&e).unwrap().to_string(),
        "io failure"
    );

    fn assert_traits<T: std::error::Error + Send + Sync + 'static>() {}
    assert_traits::<UnhandledError>();
    assert_traits::<BuildError>();
    assert_traits::<DeError>();
}

#[test]
fn build_error_display() {
    assert_eq!(
        BuildError::missing("StartDeliveryStreamEncryptionInput", "DeliveryStreamName").to_string(),
        "missing required member `DeliveryStreamName` of StartDeliveryStreamEncryptionInput"
    );
    assert_eq!(
        BuildError::invalid("HostInput", "label", "must not be empty").to_string(),
        "invalid value for member `label` of HostInput: must not be empty"
    );
    assert_eq!(
        BuildError::InvalidEndpoint {
            endpoint: "nope".into(),
            reason: "missing host".into()
        }
        .to_string(),
        "invalid endpoint `nope`: missing host"
    );
    let ser = crate::json::ser::SerError::new("timestamp out of range");
    assert_eq!(
        BuildError::serialize("Input", "When", &ser).to_string(),
        "failed to serialize member `When` of Input: timestamp out of range"
    );
    assert_eq!(
        BuildError::from(ser).to_string(),
        "failed to serialize the request: timestamp out of range"
    );
    let whole = BuildError::Serialize {
        shape: "Choice",
        member: "",
        reason: "the Unknown variant of a union cannot be sent".into(),
    };
    assert_eq!(
        whole.to_string(),
        "failed to serialize Choice: the Unknown variant of a union cannot be sent"
    );
}

#[test]
fn modeled_error_display() {
    struct Modeled(Option<&'static str>);
    impl std::fmt::Display for Modeled {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            display_modeled_error(f, "ResourceNotFoundException", self.0)
        }
    }
    assert_eq!(
        Modeled(Some("Stream x not found")).to_string(),
        "ResourceNotFoundException: Stream x not found"
    );
    assert_eq!(Modeled(None).to_string(), "ResourceNotFoundException");
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
fn query_compatible_metadata_takes_code_and_fault_from_the_header() {
    let body = r#"{"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"gone"}"#;
    let headers = [
        (
            QUERY_ERROR_HEADER,
            "AWS.SimpleQueueService.NonExistentQueue;Sender",
        ),
        ("x-amzn-requestid", "req-1"),
    ];
    let meta = parse_query_compatible_error_metadata(&response(400, &headers, body)).unwrap();
    assert_eq!(meta.code(), Some("AWS.SimpleQueueService.NonExistentQueue"));
    assert_eq!(meta.extra(QUERY_ERROR_TYPE), Some("Sender"));
    assert_eq!(meta.message(), Some("gone"));
    assert_eq!(meta.request_id(), Some("req-1"));

    // The header wins over X-Amzn-Errortype too.
    let both = [
        (QUERY_ERROR_HEADER, "Throttling;Receiver"),
        ("x-amzn-errortype", "ThrottlingException"),
    ];
    let meta = parse_query_compatible_error_metadata(&response(400, &both, "{}")).unwrap();
    assert_eq!(meta.code(), Some("Throttling"));
    assert_eq!(meta.extra(QUERY_ERROR_TYPE), Some("Receiver"));

    // Without the header, or with a malformed one, the code is the body's and there is no type.
    for headers in [&[][..], &[(QUERY_ERROR_HEADER, "NoSemicolon")][..]] {
        let meta = parse_query_compatible_error_metadata(&response(400, headers, body)).unwrap();
        assert_eq!(meta.code(), Some("QueueDoesNotExist"));
        assert_eq!(meta.extra(QUERY_ERROR_TYPE), None);
    }
}

#[test]
fn services_not_migrated_from_query_ignore_the_query_error_header() {
    let headers = [(QUERY_ERROR_HEADER, "Customized;Sender")];
    let body = r#"{"__type":"FooError"}"#;
    let meta = parse_error_metadata(&response(400, &headers, body)).unwrap();
    assert_eq!(meta.code(), Some("FooError"));
    assert_eq!(meta.extra(QUERY_ERROR_TYPE), None);
    let (_, meta) = error_parts(&response(400, &headers, body)).unwrap();
    assert_eq!(meta.code(), Some("FooError"));
    let (_, meta) = query_compatible_error_parts(&response(400, &headers, body)).unwrap();
    assert_eq!(meta.code(), Some("Customized"));
}

#[test]
fn query_compatible_parts_of_a_malformed_body_keep_the_request_id() {
    let headers = [
        (QUERY_ERROR_HEADER, "Customized;Sender"),
        ("x-amzn-requestid", "req-2"),
    ];
    let error = query_compatible_error_parts(&response(400, &headers, "not json")).unwrap_err();
    assert_eq!(error.request_id(), Some("req-2"));
}
