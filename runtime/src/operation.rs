//! The trait implemented by every generated operation.

use crate::error::{BuildError, UnhandledError, response_metadata};
use crate::json::de::DeError;
use crate::json::ser::ObjectWriter;
use crate::request::response_body;
use crate::{HttpRequest, HttpResponse, ProvideErrorMetadata};

/// One operation of a service: how to turn its input into an HTTP request and an HTTP
/// response into its output or error.
///
/// Generated code implements this on a zero-sized marker type per operation, so a transport
/// can drive any operation generically.
pub trait Operation {
    /// The operation's input structure.
    type Input;
    /// The operation's output structure.
    type Output;
    /// The operation's error type (modeled errors plus an unhandled variant), which says
    /// whether a retry could succeed.
    type Error: std::error::Error
        + ProvideErrorMetadata
        + crate::ProvideRetryKind
        + Send
        + Sync
        + 'static;

    /// The operation's name as modeled, e.g. `"StartDeliveryStreamEncryption"`.
    const NAME: &'static str;

    /// Serializes `input` and builds the request to send to `endpoint`
    /// (`scheme://host[:port][/path]`).
    fn build_request(input: &Self::Input, endpoint: &str) -> Result<HttpRequest, BuildError>;

    /// Parses a complete (buffered) response into the output or the error.
    fn parse_response(response: &HttpResponse) -> Result<Self::Output, Self::Error>;
}

/// The request body of an operation: `write` fills one JSON object.
pub fn write_body(
    write: impl FnOnce(&mut ObjectWriter<'_>) -> Result<(), BuildError>,
) -> Result<String, BuildError> {
    let mut body = String::new();
    let mut object = ObjectWriter::new(&mut body);
    write(&mut object)?;
    object.finish();
    Ok(body)
}

/// The shared shape of every generated `parse_response`: a 2xx response is read with
/// `read_output`, anything else with `read_error`. A body that can't be read becomes the
/// error type's unhandled variant, keeping the status and request id.
pub fn parse_response<O, E: From<UnhandledError>>(
    response: &HttpResponse,
    read_output: impl FnOnce(&[u8]) -> Result<O, DeError>,
    read_error: impl FnOnce(&HttpResponse) -> E,
) -> Result<O, E> {
    if !response.status().is_success() {
        return Err(read_error(response));
    }
    response_body(response)
        .and_then(read_output)
        .map_err(|source| {
            let status = response.status().as_u16();
            E::from(UnhandledError::malformed(
                status,
                response_metadata(response),
                source,
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Failed(UnhandledError);

    impl From<UnhandledError> for Failed {
        fn from(e: UnhandledError) -> Self {
            Failed(e)
        }
    }

    fn response(status: u16, body: &str) -> HttpResponse {
        crate::response_from_parts(status, [("x-amzn-requestid", "id-1")], body.to_owned())
            .unwrap_or_else(|e| panic!("{e}"))
    }

    fn read_ok(body: &[u8]) -> Result<usize, DeError> {
        if body == b"bad" {
            Err(DeError::message("bad body"))
        } else {
            Ok(body.len())
        }
    }

    #[test]
    fn success_reads_output_and_other_statuses_read_the_error() {
        let ok = parse_response(&response(200, "{}"), read_ok, |_| {
            Failed(UnhandledError::new(Default::default(), 0))
        });
        assert_eq!(ok.ok(), Some(2));
        let err = parse_response(&response(404, "{}"), read_ok, |r| {
            Failed(UnhandledError::new(Default::default(), r.status().as_u16()))
        });
        assert_eq!(err.err().map(|Failed(e)| e.status()), Some(404));
    }

    #[test]
    fn unreadable_success_body_keeps_status_and_request_id() {
        let err = parse_response(&response(200, "bad"), read_ok, |_| {
            Failed(UnhandledError::new(Default::default(), 0))
        });
        let Some(Failed(e)) = err.err() else {
            panic!("expected an error")
        };
        assert!(e.is_malformed());
        assert_eq!(e.status(), 200);
        assert_eq!(crate::RequestId::request_id(&e), Some("id-1"));
    }

    #[test]
    fn write_body_wraps_one_object_and_passes_errors_through() {
        let body = write_body(|o| {
            o.key("a").integer(1);
            Ok(())
        });
        assert_eq!(body.ok().as_deref(), Some(r#"{"a":1}"#));
        let failed = write_body(|_| Err(BuildError::missing("S", "m")));
        assert!(matches!(
            failed,
            Err(BuildError::MissingMember {
                shape: "S",
                member: "m"
            })
        ));
    }
}
