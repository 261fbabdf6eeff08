//! Signing a built request with AWS Signature Version 4 (feature `sigv4`).
//!
//! Generated crates don't send requests, but every AWS service wants them signed. This is the
//! few lines every caller would otherwise write around `aws-sigv4`.

use std::fmt;
use std::time::SystemTime;

use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign as sigv4_sign};
use aws_sigv4::sign::v4;

pub use aws_credential_types::Credentials;

use crate::HttpRequest;

/// Signs `request` in place for `service` (the model's `aws.auth#sigv4` name, which generated
/// crates export as `SIGNING_NAME`) in `region`, at `time` (normally `SystemTime::now()`).
///
/// Adds `authorization`, `x-amz-date`, and `x-amz-security-token` for temporary credentials.
/// The body must be in memory, as it is for every request a generated crate builds.
///
/// Nothing of the signing reaches a `tracing` subscriber: aws-sigv4 traces the request it
/// signs (body included), its parameters (the access key id) and the canonical request (the
/// session token among the signed headers) at TRACE level, so it runs with no subscriber.
pub fn sign(
    request: &mut HttpRequest,
    credentials: &Credentials,
    region: &str,
    service: &str,
    time: SystemTime,
) -> Result<(), SignError> {
    // `Dispatch::none()` is a constant: no callsite registration, no allocation. Scoped to
    // this thread and this call, which is synchronous, so no event of aws-sigv4's escapes
    // (nor its `log` records: with a scoped dispatcher set, `tracing` emits none, unless a
    // crate turns on tracing's `log-always` feature).
    tracing::dispatcher::with_default(&tracing::Dispatch::none(), || {
        sign_untraced(request, credentials, region, service, time)
    })
}

fn sign_untraced(
    request: &mut HttpRequest,
    credentials: &Credentials,
    region: &str,
    service: &str,
    time: SystemTime,
) -> Result<(), SignError> {
    let identity = credentials.clone().into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(region)
        .name(service)
        .time(time)
        .settings(SigningSettings::default())
        .build()
        .map_err(|e| SignError(format!("bad signing parameters: {e}")))?
        .into();
    let body = request.body().bytes().ok_or_else(|| {
        SignError("the body is a stream; only in-memory bodies can be signed".into())
    })?;
    let signable = SignableRequest::new(
        request.method(),
        request.uri(),
        request.headers().iter(),
        SignableBody::Bytes(body),
    )
    .map_err(|e| SignError(e.to_string()))?;
    let (instructions, _signature) = sigv4_sign(signable, &params)
        .map_err(|e| SignError(e.to_string()))?
        .into_parts();
    let (headers, _query) = instructions.into_parts();
    for header in headers {
        let (name, value) = (header.name().to_owned(), header.value().to_owned());
        request
            .headers_mut()
            .try_insert(name, value)
            .map_err(|e| SignError(format!("signature header: {e}")))?;
    }
    Ok(())
}

/// Why a request could not be signed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignError(String);

impl fmt::Display for SignError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot sign the request: {}", self.0)
    }
}

impl std::error::Error for SignError {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::aws_json::{OperationSpec, Version, build_request};

    fn request() -> HttpRequest {
        let spec = OperationSpec {
            version: Version::V1_1,
            target: "Firehose_20150804.ListDeliveryStreams",
            request_compression: false,
        };
        build_request(
            &spec,
            "https://firehose.us-east-1.amazonaws.com",
            None,
            "{}".into(),
        )
        .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn adds_a_v4_authorization_for_the_service_and_region() {
        let mut req = request();
        let creds = Credentials::new("AKIDEXAMPLE", "secret", Some("token".into()), None, "test");
        let at = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000);
        sign(&mut req, &creds, "eu-west-1", "firehose", at).unwrap_or_else(|e| panic!("{e}"));
        let auth = req
            .headers()
            .get("authorization")
            .expect("authorization header");
        assert!(
            auth.starts_with(
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20231114/eu-west-1/firehose/aws4_request"
            ),
            "{auth}"
        );
        assert!(
            auth.contains("SignedHeaders=") && auth.contains("x-amz-target"),
            "{auth}"
        );
        assert_eq!(req.headers().get("x-amz-date"), Some("20231114T221320Z"));
        assert_eq!(req.headers().get("x-amz-security-token"), Some("token"));
    }

    #[test]
    fn debug_of_a_signed_request_shows_neither_body_nor_secrets() {
        let mut req = request();
        *req.body_mut() = crate::RequestBody::from(r#"{"Password":"pw-hunter2"}"#);
        let creds = Credentials::new(
            "AKIDEXAMPLE",
            "secret-key",
            Some("tok-xyz".into()),
            None,
            "t",
        );
        sign(
            &mut req,
            &creds,
            "eu-west-1",
            "firehose",
            SystemTime::UNIX_EPOCH,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        for text in [format!("{req:?}"), format!("{req:#?}")] {
            for secret in ["pw-hunter2", "tok-xyz", "secret-key", "Signature="] {
                assert!(!text.contains(secret), "{secret} in {text}");
            }
            assert!(text.contains("RequestBody(25 bytes)"), "{text}");
            assert!(text.contains("x-amz-target"), "{text}");
        }
    }

    #[test]
    fn same_inputs_same_signature_and_the_body_is_covered() {
        let creds = Credentials::new("AKIDEXAMPLE", "secret", None, None, "test");
        let at = SystemTime::UNIX_EPOCH;
        let signed = |body: &str| {
            let mut req = request();
            *req.body_mut() = crate::RequestBody::from(body.to_owned());
            sign(&mut req, &creds, "us-east-1", "firehose", at).unwrap_or_else(|e| panic!("{e}"));
            req.headers().get("authorization").map(str::to_owned)
        };
        assert_eq!(signed("{}"), signed("{}"));
        assert_ne!(signed("{}"), signed("{\"a\":1}"));
    }
}
