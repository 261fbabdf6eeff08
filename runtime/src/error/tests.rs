use super::*;
use crate::json::de::DeError;

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
