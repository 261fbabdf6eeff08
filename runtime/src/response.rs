//! Assembling an [`HttpResponse`] from what any HTTP client hands back: a status code, header
//! pairs and the body bytes.

use std::fmt;

use aws_smithy_types::body::SdkBody;

use crate::HttpResponse;

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
