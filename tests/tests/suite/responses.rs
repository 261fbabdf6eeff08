//! Response mapping: how StartDeliveryStreamEncryption responses map onto
//! the output or the typed error, with every way services spell an error code.

use firehose::operation::start_delivery_stream_encryption::{
    StartDeliveryStreamEncryption, StartDeliveryStreamEncryptionError as E,
};
use firehose::{Operation, ProvideErrorMetadata, RequestId, response_from_parts};

fn parse(
    status: u16,
    headers: &[(&str, &str)],
    body: &str,
) -> Result<
    firehose::operation::start_delivery_stream_encryption::StartDeliveryStreamEncryptionOutput,
    E,
> {
    let response = response_from_parts(status, headers.iter().copied(), body.to_owned())
        .unwrap_or_else(|e| panic!("{e}"));
    StartDeliveryStreamEncryption::parse_response(&response)
}

fn parse_err(status: u16, headers: &[(&str, &str)], body: &str) -> E {
    match parse(status, headers, body) {
        Ok(output) => panic!("expected an error, got {output:?}"),
        Err(error) => error,
    }
}

/// The name of the variant an error landed in.
fn variant(error: &E) -> &'static str {
    match error {
        E::InvalidArgumentException(_) => "InvalidArgumentException",
        E::InvalidKmsResourceException(_) => "InvalidKmsResourceException",
        E::LimitExceededException(_) => "LimitExceededException",
        E::ResourceInUseException(_) => "ResourceInUseException",
        E::ResourceNotFoundException(_) => "ResourceNotFoundException",
        E::Unhandled(_) => "Unhandled",
        _ => "a variant this test does not know",
    }
}

/// (wire code, Rust variant) for each of the five modeled errors.
const MODELED: [(&str, &str); 5] = [
    ("InvalidArgumentException", "InvalidArgumentException"),
    ("InvalidKMSResourceException", "InvalidKmsResourceException"),
    ("LimitExceededException", "LimitExceededException"),
    ("ResourceInUseException", "ResourceInUseException"),
    ("ResourceNotFoundException", "ResourceNotFoundException"),
];

#[test]
fn ok_with_empty_object_gives_the_output() {
    assert!(parse(200, &[], "{}").is_ok());
}

#[test]
fn ok_ignores_unknown_fields_and_accepts_an_empty_body() {
    assert!(parse(200, &[], r#"{"Future":{"a":[1,2,{"b":null}]},"x":1.5e3}"#).is_ok());
    assert!(parse(200, &[], "").is_ok());
}

#[test]
fn every_modeled_error_resolves_from_body_type() {
    for (code, expected) in MODELED {
        let body = format!(r#"{{"__type":"{code}","message":"boom"}}"#);
        let error = parse_err(400, &[("x-amzn-requestid", "req-1")], &body);
        assert_eq!(variant(&error), expected, "{code}");
        assert_eq!(error.code(), Some(code));
        assert_eq!(error.message(), Some("boom"));
        assert_eq!(error.request_id(), Some("req-1"));
        assert_eq!(error.to_string(), format!("{code}: boom"));
    }
}

#[test]
fn every_modeled_error_resolves_from_the_header() {
    for (code, expected) in MODELED {
        let error = parse_err(
            400,
            &[("X-Amzn-Errortype", code)],
            r#"{"message":"from header"}"#,
        );
        assert_eq!(variant(&error), expected, "{code}");
        assert_eq!(error.message(), Some("from header"));
    }
}

#[test]
fn every_modeled_error_resolves_from_decorated_codes() {
    for (code, expected) in MODELED {
        let forms = [
            format!("com.amazonaws.firehose#{code}"),
            format!("{code}:http://internal.amazon.com/coral/com.amazon.coral.validate/"),
            format!("com.amazonaws.firehose#{code}:http://internal.amazon.com/coral/"),
        ];
        for form in &forms {
            let error = parse_err(400, &[], &format!(r#"{{"__type":"{form}"}}"#));
            assert_eq!(variant(&error), expected, "__type {form}");
            assert_eq!(error.code(), Some(code), "__type {form}");
            let error = parse_err(400, &[("x-amzn-errortype", form)], "{}");
            assert_eq!(variant(&error), expected, "header {form}");
        }
    }
}

#[test]
fn header_wins_over_body_and_type_wins_over_code() {
    let error = parse_err(
        400,
        &[("x-amzn-errortype", "LimitExceededException")],
        r#"{"__type":"ResourceNotFoundException"}"#,
    );
    assert_eq!(variant(&error), "LimitExceededException");
    let error = parse_err(400, &[], r#"{"code":"ResourceInUseException"}"#);
    assert_eq!(variant(&error), "ResourceInUseException");
}

/// `InvalidKMSResourceException` models a `code` member of its own (the KMS error). Reading
/// it as the error type, as aws-sdk-firehose does, would lose the modeled error.
#[test]
fn modeled_code_member_does_not_hide_the_error_type() {
    let body = r#"{"__type":"InvalidKMSResourceException","code":"KMS.AccessDeniedException","message":"denied"}"#;
    let error = parse_err(400, &[], body);
    let E::InvalidKmsResourceException(inner) = &error else {
        panic!("got {error:?}")
    };
    assert_eq!(inner.code.as_deref(), Some("KMS.AccessDeniedException"));
    assert_eq!(inner.message.as_deref(), Some("denied"));
    assert_eq!(error.code(), Some("InvalidKMSResourceException"));
}

#[test]
fn message_spellings_in_order() {
    let m = |body: &str| {
        parse_err(400, &[("x-amzn-errortype", "LimitExceededException")], body)
            .message()
            .map(str::to_owned)
    };
    assert_eq!(m(r#"{"Message":"upper"}"#).as_deref(), Some("upper"));
    assert_eq!(m(r#"{"errorMessage":"error"}"#).as_deref(), Some("error"));
    assert_eq!(
        m(r#"{"errorMessage":"3","Message":"2","message":"1"}"#).as_deref(),
        Some("1")
    );
}

#[test]
fn unknown_code_is_unhandled_with_metadata_intact() {
    let error = parse_err(
        429,
        &[("x-amzn-requestid", "req-9")],
        r#"{"__type":"ThrottlingException","message":"slow down"}"#,
    );
    let E::Unhandled(inner) = &error else {
        panic!("got {error:?}")
    };
    assert_eq!(inner.status(), 429);
    assert_eq!(error.code(), Some("ThrottlingException"));
    assert_eq!(error.message(), Some("slow down"));
    assert_eq!(error.request_id(), Some("req-9"));
    let shown = error.to_string();
    assert!(
        shown.contains("ThrottlingException") && shown.contains("slow down"),
        "{shown}"
    );
    assert!(!shown.contains("service error"), "{shown}");
}

#[test]
fn malformed_error_body_is_a_typed_error() {
    for body in [
        "{\"__type\":",
        "<html>oops</html>",
        "[1,2]",
        "{\"__type\":\"ResourceNotFoundException\"} trailing",
    ] {
        let error = parse_err(500, &[("x-amzn-requestid", "req-2")], body);
        let E::Unhandled(inner) = &error else {
            panic!("{body}: got {error:?}")
        };
        assert!(inner.is_malformed(), "{body}");
        assert!(
            std::error::Error::source(&error).is_some(),
            "{body}: the parse error is the source"
        );
        assert_eq!(error.request_id(), Some("req-2"), "{body}");
    }
}

#[test]
fn malformed_modeled_error_members_are_a_typed_error() {
    // The code resolves, but a member has the wrong JSON type.
    let error = parse_err(
        400,
        &[],
        r#"{"__type":"ResourceNotFoundException","message":42}"#,
    );
    let E::Unhandled(inner) = &error else {
        panic!("got {error:?}")
    };
    assert!(inner.is_malformed());
    assert_eq!(error.code(), Some("ResourceNotFoundException"));
}

#[test]
fn malformed_success_body_is_a_typed_error() {
    for body in ["{", "nul", "{\"a\":}", "\"just a string\"", "{} {}"] {
        let error = parse_err(200, &[], body);
        let E::Unhandled(inner) = &error else {
            panic!("{body}: got {error:?}")
        };
        assert!(inner.is_malformed(), "{body}");
        assert_eq!(inner.status(), 200);
    }
}

#[test]
fn service_wide_error_keeps_the_variant() {
    let error: firehose::error::Error =
        parse_err(400, &[], r#"{"__type":"ResourceNotFoundException"}"#).into();
    assert!(matches!(
        error,
        firehose::error::Error::ResourceNotFoundException(_)
    ));
    assert_eq!(error.code(), Some("ResourceNotFoundException"));
}

/// Callers return these errors by value; clippy's `result_large_err` complains from 128 bytes
/// on, so every Firehose error enum must stay below that.
#[test]
fn error_enums_are_small_enough_to_return_by_value() {
    use firehose::error::Error;
    use firehose::operation::create_delivery_stream::CreateDeliveryStreamError;
    use firehose::operation::delete_delivery_stream::DeleteDeliveryStreamError;
    use firehose::operation::describe_delivery_stream::DescribeDeliveryStreamError;
    use firehose::operation::list_delivery_streams::ListDeliveryStreamsError;
    use firehose::operation::list_tags_for_delivery_stream::ListTagsForDeliveryStreamError;
    use firehose::operation::put_record::PutRecordError;
    use firehose::operation::put_record_batch::PutRecordBatchError;
    use firehose::operation::stop_delivery_stream_encryption::StopDeliveryStreamEncryptionError;
    use firehose::operation::tag_delivery_stream::TagDeliveryStreamError;
    use firehose::operation::untag_delivery_stream::UntagDeliveryStreamError;
    use firehose::operation::update_destination::UpdateDestinationError;
    let sizes = [
        (
            "CreateDeliveryStreamError",
            std::mem::size_of::<CreateDeliveryStreamError>(),
        ),
        (
            "DeleteDeliveryStreamError",
            std::mem::size_of::<DeleteDeliveryStreamError>(),
        ),
        (
            "DescribeDeliveryStreamError",
            std::mem::size_of::<DescribeDeliveryStreamError>(),
        ),
        (
            "ListDeliveryStreamsError",
            std::mem::size_of::<ListDeliveryStreamsError>(),
        ),
        (
            "ListTagsForDeliveryStreamError",
            std::mem::size_of::<ListTagsForDeliveryStreamError>(),
        ),
        ("PutRecordError", std::mem::size_of::<PutRecordError>()),
        (
            "PutRecordBatchError",
            std::mem::size_of::<PutRecordBatchError>(),
        ),
        (
            "StartDeliveryStreamEncryptionError",
            std::mem::size_of::<E>(),
        ),
        (
            "StopDeliveryStreamEncryptionError",
            std::mem::size_of::<StopDeliveryStreamEncryptionError>(),
        ),
        (
            "TagDeliveryStreamError",
            std::mem::size_of::<TagDeliveryStreamError>(),
        ),
        (
            "UntagDeliveryStreamError",
            std::mem::size_of::<UntagDeliveryStreamError>(),
        ),
        (
            "UpdateDestinationError",
            std::mem::size_of::<UpdateDestinationError>(),
        ),
        ("Error", std::mem::size_of::<Error>()),
    ];
    for (name, size) in sizes {
        assert!(size < 128, "{name} is {size} bytes");
    }
}
