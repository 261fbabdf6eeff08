//! The error metadata of a JSON error response (awsJson 1.0/1.1; restJson1 reads it the same
//! way): code from the `X-Amzn-Errortype` header or the body's `__type` or `code`, message from
//! `message`, `Message` or `errorMessage`.

use crate::error::{AWS_REQUEST_ID, UnhandledError, response_metadata, sanitize_error_code};
use crate::json::de::{DeError, JsonReader, is_empty_body};
use crate::response::{request_id, response_body};
use crate::{ErrorMetadata, HttpResponse};
use std::borrow::Cow;

/// The code and message members of an error body.
#[derive(Default)]
struct ErrorBody<'a> {
    type_: Option<Cow<'a, str>>,
    code: Option<Cow<'a, str>>,
    message: Option<Cow<'a, str>>,
    message_upper: Option<Cow<'a, str>>,
    error_message: Option<Cow<'a, str>>,
}

impl<'a> ErrorBody<'a> {
    fn parse(body: &'a [u8]) -> Result<Self, DeError> {
        let mut fields = Self::default();
        if is_empty_body(body) {
            return Ok(fields);
        }
        let mut reader = JsonReader::new(body);
        if !reader.begin_object()? {
            return Err(DeError::custom(
                0,
                "expected the error body to be a JSON object",
            ));
        }
        while let Some(key) = reader.next_key()? {
            let slot = match key.as_ref() {
                "__type" => &mut fields.type_,
                "code" => &mut fields.code,
                "message" => &mut fields.message,
                "Message" => &mut fields.message_upper,
                "errorMessage" => &mut fields.error_message,
                _ => {
                    reader.skip_value()?;
                    continue;
                }
            };
            // Only strings count; a member of another type is ignored rather than failing
            // the whole error.
            if reader.peek_byte() == Some(b'"') {
                *slot = reader.string_ref()?;
            } else {
                reader.skip_value()?;
            }
        }
        reader.finish()?;
        Ok(fields)
    }
}

/// Extracts the [`ErrorMetadata`] of an error response.
///
/// - code: header `X-Amzn-Errortype`, else body `__type`, else body `code`, each
///   [sanitized](crate::error::sanitize_error_code) (an empty result counts as absent);
/// - message: body `message`, else `Message`, else `errorMessage`;
/// - request id: header `x-amzn-requestid` (or `x-amz-request-id`), stored under
///   [`AWS_REQUEST_ID`].
///
/// An empty body counts as `{}`; only the top-level members are looked at. A body that is not
/// a JSON object, or not valid JSON, is an error.
pub fn parse_error_metadata(response: &HttpResponse) -> Result<ErrorMetadata, DeError> {
    let body = ErrorBody::parse(response_body(response)?)?;
    let non_empty = |code: &str| Some(code).filter(|c| !c.is_empty()).map(str::to_owned);
    let code = response
        .headers()
        .get("x-amzn-errortype")
        .and_then(|c| non_empty(sanitize_error_code(c)))
        .or_else(|| {
            body.type_
                .as_deref()
                .and_then(|c| non_empty(sanitize_error_code(c)))
        })
        .or_else(|| {
            body.code
                .as_deref()
                .and_then(|c| non_empty(sanitize_error_code(c)))
        });
    let message = body.message.or(body.message_upper).or(body.error_message);

    let mut builder = ErrorMetadata::builder();
    if let Some(code) = code {
        builder = builder.code(code);
    }
    if let Some(message) = message {
        builder = builder.message(message.into_owned());
    }
    if let Some(id) = request_id(response) {
        builder = builder.custom(AWS_REQUEST_ID, id);
    }
    Ok(builder.build())
}

/// The body and [`ErrorMetadata`] of an error response (see [`parse_error_metadata`]), which
/// generated code then maps onto a modeled error. A body that can't be read becomes an
/// [`UnhandledError`] that keeps the status and request id.
pub fn error_parts(response: &HttpResponse) -> Result<(&[u8], ErrorMetadata), UnhandledError> {
    let status = response.status().as_u16();
    let malformed =
        |source: DeError| UnhandledError::malformed(status, response_metadata(response), source);
    let body = response_body(response).map_err(malformed)?;
    let meta = parse_error_metadata(response).map_err(malformed)?;
    Ok((body, meta))
}

#[cfg(test)]
#[path = "error_tests.rs"]
mod tests;
