//! Error metadata of an awsJson error response.

use super::AWS_REQUEST_ID;
use super::UnhandledError;
use crate::json::de::{DeError, JsonReader, is_empty_body};
use crate::request::{request_id, response_body};
use crate::{ErrorMetadata, HttpResponse};
use std::borrow::Cow;

/// Reduces an error code as services send it to the shape name:
/// drops everything from the first `:` on, then everything up to and including the last `#`,
/// then surrounding whitespace.
///
/// `aws.protocoltests.restjson#FooError:http://internal.amazon.com/...` becomes `FooError`.
pub fn sanitize_error_code(raw: &str) -> &str {
    let code = raw.split_once(':').map_or(raw, |(before, _)| before);
    let code = code.rsplit_once('#').map_or(code, |(_, after)| after);
    code.trim()
}

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
///   [sanitized](sanitize_error_code) (an empty result counts as absent);
/// - message: body `message`, else `Message`, else `errorMessage`;
/// - request id: header `x-amzn-requestid` (or `x-amz-request-id`), stored under
///   [`AWS_REQUEST_ID`](super::AWS_REQUEST_ID).
///
/// An empty body counts as `{}`; only the top-level members are looked at. A body that is not
/// a JSON object, or not valid JSON, is an error.
pub fn parse_error_metadata(response: &HttpResponse) -> Result<ErrorMetadata, DeError> {
    metadata(response, false)
}

/// The header in which a service migrated from awsQuery (`@awsQueryCompatible`) names an
/// error the way awsQuery did: `<code>;<fault>`, e.g. `AWS.SimpleQueueService.NonExistentQueue;Sender`.
pub const QUERY_ERROR_HEADER: &str = "x-amzn-query-error";

/// Key of the fault type (`Sender` or `Receiver`) of [`QUERY_ERROR_HEADER`] in
/// [`ErrorMetadata`] extras, as the AWS SDKs keep it: `meta.extra("type")`.
pub const QUERY_ERROR_TYPE: &str = "type";

/// Splits a [`QUERY_ERROR_HEADER`] value into code and fault at the first `;`. `None` unless
/// both are there and non-empty (such a header is ignored, as the AWS SDKs do).
pub fn parse_query_error(value: &str) -> Option<(&str, &str)> {
    let (code, fault) = value.split_once(';')?;
    let (code, fault) = (code.trim(), fault.trim());
    (!code.is_empty() && !fault.is_empty()).then_some((code, fault))
}

/// [`parse_error_metadata`] for a service migrated from awsQuery (`@awsQueryCompatible`):
/// a well-formed [`QUERY_ERROR_HEADER`] replaces the code, and its fault type is kept under
/// [`QUERY_ERROR_TYPE`].
pub fn parse_query_compatible_error_metadata(
    response: &HttpResponse,
) -> Result<ErrorMetadata, DeError> {
    metadata(response, true)
}

fn metadata(response: &HttpResponse, query_compatible: bool) -> Result<ErrorMetadata, DeError> {
    let body = ErrorBody::parse(response_body(response)?)?;
    let query_error = response
        .headers()
        .get(QUERY_ERROR_HEADER)
        .filter(|_| query_compatible)
        .and_then(parse_query_error);
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
    if let Some((code, fault)) = query_error {
        builder = builder.code(code).custom(QUERY_ERROR_TYPE, fault);
    } else if let Some(code) = code {
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

/// Metadata that every response carries, whatever its body: the request id.
/// Used when a body can't be read, so the request id still reaches the caller.
pub fn response_metadata(response: &HttpResponse) -> ErrorMetadata {
    let mut builder = ErrorMetadata::builder();
    if let Some(id) = request_id(response) {
        builder = builder.custom(AWS_REQUEST_ID, id);
    }
    builder.build()
}

/// The body and [`ErrorMetadata`] of an error response, which generated code then maps onto
/// a modeled error. A body that can't be read becomes an [`UnhandledError`] that keeps the
/// status and request id.
pub fn error_parts(response: &HttpResponse) -> Result<(&[u8], ErrorMetadata), UnhandledError> {
    parts(response, false)
}

/// [`error_parts`] for a service migrated from awsQuery: the metadata of
/// [`parse_query_compatible_error_metadata`].
pub fn query_compatible_error_parts(
    response: &HttpResponse,
) -> Result<(&[u8], ErrorMetadata), UnhandledError> {
    parts(response, true)
}

fn parts(
    response: &HttpResponse,
    query_compatible: bool,
) -> Result<(&[u8], ErrorMetadata), UnhandledError> {
    let status = response.status().as_u16();
    let malformed = |source| UnhandledError::malformed(status, response_metadata(response), source);
    let body = response_body(response).map_err(malformed)?;
    let meta = metadata(response, query_compatible).map_err(malformed)?;
    Ok((body, meta))
}
