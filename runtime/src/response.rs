//! Responses, protocol-neutral: assembling an [`HttpResponse`] from what any HTTP client hands
//! back (a status code, header pairs and the body bytes), and reading the parts every protocol
//! needs (the buffered body, the request id).

use std::fmt;

use aws_smithy_types::body::SdkBody;

use crate::HttpResponse;
use crate::json::de::DeError;

/// Builds the response that generated `parse_response` functions take.
///
/// ```
/// let response = smithy_rt::response_from_parts(
///     400,
///     [("x-amzn-requestid", "abc-123")],
///     br#"{"__type":"ResourceNotFoundException","message":"no such stream"}"#.to_vec(),
/// )?;
/// assert_eq!(response.status().as_u16(), 400);
/// # Ok::<(), smithy_rt::InvalidResponse>(())
/// ```
pub fn response_from_parts<'a>(
    status: u16,
    headers: impl IntoIterator<Item = (&'a str, &'a str)>,
    body: impl Into<SdkBody>,
) -> Result<HttpResponse, InvalidResponse> {
    let code = aws_smithy_runtime_api::http::StatusCode::try_from(status)
        .map_err(|_| InvalidResponse(format!("{status} is not an HTTP status code")))?;
    let mut response = HttpResponse::new(code, body.into());
    for (name, value) in headers {
        response
            .headers_mut()
            .try_append(name.to_owned(), value.to_owned())
            .map_err(|e| InvalidResponse(format!("header `{name}` is not valid: {e}")))?;
    }
    Ok(response)
}

/// A status code or header that can't be part of an HTTP response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidResponse(String);

impl fmt::Display for InvalidResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid HTTP response: {}", self.0)
    }
}

impl std::error::Error for InvalidResponse {}

/// The bytes of a response body held in memory. A streaming body must be read into memory
/// (buffered) by the transport first; it is an error here.
pub fn response_body(response: &HttpResponse) -> Result<&[u8], DeError> {
    response.body().bytes().ok_or_else(|| {
        DeError::message(
            "the response body is streaming; it must be buffered in memory before it is parsed",
        )
    })
}

/// The request id of a response: header `x-amzn-requestid`, else `x-amz-request-id`.
pub fn request_id(response: &HttpResponse) -> Option<&str> {
    let headers = response.headers();
    headers
        .get("x-amzn-requestid")
        .or_else(|| headers.get("x-amz-request-id"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_status_headers_and_body() {
        let r = response_from_parts(
            503,
            [("X-Amzn-RequestId", "r1"), ("a", "1"), ("a", "2")],
            "{}",
        )
        .expect("valid parts");
        assert_eq!(r.status().as_u16(), 503);
        assert_eq!(r.headers().get("x-amzn-requestid"), Some("r1"));
        assert_eq!(r.headers().get_all("a").collect::<Vec<_>>(), ["1", "2"]);
        assert_eq!(r.body().bytes(), Some(&b"{}"[..]));
    }

    #[test]
    fn body_and_request_id() {
        let mut response = response_from_parts(200, [], "{}").expect("valid parts");
        assert_eq!(response_body(&response).ok(), Some(&b"{}"[..]));
        assert_eq!(request_id(&response), None);
        response.headers_mut().insert("X-Amzn-RequestId", "id-1");
        assert_eq!(request_id(&response), Some("id-1"));
        assert_eq!(crate::RequestId::request_id(&response), Some("id-1"));
        let legacy = response_from_parts(200, [("x-amz-request-id", "id-2")], "").expect("valid");
        assert_eq!(request_id(&legacy), Some("id-2"));
        *response.body_mut() = SdkBody::taken();
        assert!(response_body(&response).is_err());
    }

    #[test]
    fn rejects_bad_status_and_headers_with_a_reason() {
        let e = response_from_parts(42, [], "").err().map(|e| e.to_string());
        assert_eq!(
            e.as_deref(),
            Some("invalid HTTP response: 42 is not an HTTP status code")
        );
        let e = response_from_parts(200, [("bad name", "v")], "")
            .err()
            .map(|e| e.to_string());
        assert!(e.is_some_and(|m| m.contains("header `bad name`")));
        let e = response_from_parts(200, [("ok", "line\nbreak")], "")
            .err()
            .map(|e| e.to_string());
        assert!(e.is_some_and(|m| m.contains("header `ok`")));
    }
}
