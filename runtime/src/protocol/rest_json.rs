//! restJson1 (`aws.protocols#restJson1`): the HTTP binding traits place members in the URI,
//! query, headers and status code (see [`binding`](crate::binding)); the rest travel as one
//! JSON object (`Content-Type: application/json`), or an `@httpPayload` member is the whole
//! body. Errors are JSON objects whose code is in `X-Amzn-Errortype`, or the body's `__type`
//! or `code` (see [`json::error`](crate::json::error)).
//!
//! Generated code assembles requests with [`RequestBuilder`](crate::request::RequestBuilder)
//! and reads responses with the functions here.

use crate::error::UnhandledError;
use crate::json::de::{DeError, JsonReader, is_empty_body};
use crate::response::response_body;
use crate::{Blob, Document, HttpResponse};

/// `Content-Type` of a JSON body: a structure's body members, or a structure, union or
/// document payload.
pub const JSON_CONTENT_TYPE: &str = "application/json";
/// `Content-Type` of a blob payload without `@mediaType`.
pub const BLOB_CONTENT_TYPE: &str = "application/octet-stream";
/// `Content-Type` of a string payload without `@mediaType`.
pub const STRING_CONTENT_TYPE: &str = "text/plain";

/// Reads a response: on 2xx `read_output` gets the response (for headers and status) and its
/// body, otherwise the error is read with `read_error` (see
/// [`operation::parse_response`](crate::operation::parse_response)).
pub fn parse_response<O, E: From<UnhandledError>>(
    response: &HttpResponse,
    read_output: impl FnOnce(&HttpResponse, &[u8]) -> Result<O, DeError>,
    read_error: impl FnOnce(&HttpResponse) -> E,
) -> Result<O, E> {
    crate::operation::parse_response(
        response,
        |response| response_body(response).and_then(|body| read_output(response, body)),
        read_error,
    )
}

/// The body and [`ErrorMetadata`](crate::ErrorMetadata) of an error response: code from
/// `X-Amzn-Errortype`, else the body's `__type`, else `code`, sanitized; message; request id
/// (the JSON error rules of [`json::error::error_parts`](crate::json::error::error_parts)).
pub use crate::json::error::error_parts;

/// A body of JSON members: `read` (a generated structure reader) over the whole body, which
/// must hold nothing else. An empty body, and `null`, read as `{}`, so the reader's defaults
/// and zero values fill the members.
pub fn read_body<T>(
    body: &[u8],
    read: impl Fn(&mut JsonReader<'_>) -> Result<Option<T>, DeError>,
) -> Result<T, DeError> {
    let body: &[u8] = if is_empty_body(body) { b"{}" } else { body };
    if let Some(value) = json_payload(body, &read)? {
        return Ok(value);
    }
    json_payload(b"{}", &read)?
        .ok_or_else(|| DeError::custom(0, "the structure reader read nothing from `{}`"))
}

/// A structure or union `@httpPayload`: `None` for an empty body (or JSON `null`).
pub fn json_payload<T>(
    body: &[u8],
    read: impl FnOnce(&mut JsonReader<'_>) -> Result<Option<T>, DeError>,
) -> Result<Option<T>, DeError> {
    if is_empty_body(body) {
        return Ok(None);
    }
    let mut reader = JsonReader::new(body);
    let value = read(&mut reader)?;
    reader.finish()?;
    Ok(value)
}

/// A document `@httpPayload`: any JSON value; `None` for an empty body.
pub fn document_payload(body: &[u8]) -> Result<Option<Document>, DeError> {
    json_payload(body, |reader| reader.document())
}

/// A blob `@httpPayload`: the body's bytes; `None` for an empty body.
pub fn blob_payload(body: &[u8]) -> Option<Blob> {
    (!body.is_empty()).then(|| Blob::new(body))
}

/// A string (or enum) `@httpPayload`: the body as UTF-8 text; `None` for an empty body.
pub fn string_payload(body: &[u8]) -> Result<Option<String>, DeError> {
    if body.is_empty() {
        return Ok(None);
    }
    match std::str::from_utf8(body) {
        Ok(text) => Ok(Some(text.to_owned())),
        Err(e) => Err(DeError::custom(
            e.valid_up_to(),
            "the body of a string payload is not valid UTF-8",
        )),
    }
}

#[cfg(test)]
#[path = "rest_json_tests.rs"]
mod tests;
