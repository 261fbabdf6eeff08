//! Reading awsQuery responses: the `<OperationResponse><OperationResult>` wrapper, and the
//! `<ErrorResponse><Error>` body of errors.

use crate::error::{AWS_REQUEST_ID, UnhandledError, response_metadata};
use crate::json::de::DeError;
use crate::response::{request_id, response_body};
use crate::xml::{StartElement, XmlReader, quoted};
use crate::{ErrorMetadata, HttpResponse};

/// Key of the error's `<Type>` (`Sender` or `Receiver`: who is at fault) in [`ErrorMetadata`]
/// extras.
pub use crate::error::ERROR_TYPE;

/// What [`read_result`] found in a response body.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct QueryResponse<T> {
    /// The value read from `<{Operation}Result>`; `None` when the body has no such element
    /// (or is empty), so the output has no members set.
    pub result: Option<T>,
    /// The text of `<ResponseMetadata><RequestId>`, if the body has one.
    pub request_id: Option<String>,
}

/// Whether a body is empty: no bytes, or only XML whitespace.
fn is_blank(body: &[u8]) -> bool {
    body.iter()
        .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
}

/// Calls `read` with the reader positioned inside `element` (just opened), and afterwards
/// skips whatever `read` left of it, so the caller continues after its end tag.
fn read_inside<'a, T>(
    reader: &mut XmlReader<'a>,
    element: &StartElement<'a>,
    read: impl FnOnce(&mut XmlReader<'a>, &StartElement<'a>) -> Result<T, DeError>,
) -> Result<T, DeError> {
    let depth = reader.depth();
    let value = read(reader, element)?;
    while reader.depth() >= depth {
        reader.skip()?;
    }
    Ok(value)
}

/// Reads a successful response body of `operation`:
///
/// ```xml
/// <{operation}Response xmlns="...">
///     <{operation}Result> ...members... </{operation}Result>
///     <ResponseMetadata><RequestId>c6104cbe-...</RequestId></ResponseMetadata>
/// </{operation}Response>
/// ```
///
/// `read` is called with the reader inside `<{operation}Result>` (and its start tag): it reads
/// the members with [`XmlReader::next_child`] until `None`. Anything it leaves unread, and any
/// other element of the response, is skipped (and checked). The root element must be
/// `<{operation}Response>`; a second `<{operation}Result>` is an error. An empty body has no
/// result.
///
/// ```
/// use smithy_rt::protocol::aws_query::read_result;
/// # fn main() -> Result<(), smithy_rt::json::de::DeError> {
/// let body = br#"<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
///   <GetCallerIdentityResult><Account>123456789012</Account></GetCallerIdentityResult>
///   <ResponseMetadata><RequestId>01234567-89ab</RequestId></ResponseMetadata>
/// </GetCallerIdentityResponse>"#;
/// let response = read_result(body, "GetCallerIdentity", |reader, _start| {
///     let mut account = None;
///     while let Some(member) = reader.next_child()? {
///         match member.local() {
///             "Account" => account = Some(reader.string()?),
///             _ => reader.skip()?,
///         }
///     }
///     Ok(account)
/// })?;
/// assert_eq!(response.result, Some(Some("123456789012".to_owned())));
/// assert_eq!(response.request_id.as_deref(), Some("01234567-89ab"));
/// # Ok(())
/// # }
/// ```
pub fn read_result<'a, T>(
    body: &'a [u8],
    operation: &str,
    read: impl FnOnce(&mut XmlReader<'a>, &StartElement<'a>) -> Result<T, DeError>,
) -> Result<QueryResponse<T>, DeError> {
    let mut response = QueryResponse {
        result: None,
        request_id: None,
    };
    if is_blank(body) {
        return Ok(response);
    }
    let mut reader = XmlReader::new(body)?;
    let root = reader.root()?;
    if root.local().strip_suffix("Response") != Some(operation) {
        return Err(unexpected_root(&root, operation, "Response"));
    }
    let mut read = Some(read);
    while let Some(child) = reader.next_child()? {
        if child.local().strip_suffix("Result") == Some(operation) {
            let Some(read) = read.take() else {
                return Err(DeError::custom(
                    child.offset(),
                    format!("duplicate element <{operation}Result>"),
                ));
            };
            response.result = Some(read_inside(&mut reader, &child, read)?);
        } else if child.local() == "ResponseMetadata" {
            while let Some(field) = reader.next_child()? {
                match field.local() {
                    "RequestId" => response.request_id = text_field(&mut reader)?,
                    _ => reader.skip()?,
                }
            }
        } else {
            reader.skip()?;
        }
    }
    reader.finish()?;
    Ok(response)
}

/// Reads the `<Error>` element of an error response body:
///
/// ```xml
/// <ErrorResponse>
///     <Error><Type>Sender</Type><Code>InvalidGreeting</Code><Message>Hi</Message>...</Error>
///     <RequestId>foo-id</RequestId>
/// </ErrorResponse>
/// ```
///
/// `read` is called with the reader inside the first `<Error>` (and its start tag), where the
/// members of the modeled error structure are, next to `Type` and `Code` which it skips like
/// any unknown member. The root element must be `<ErrorResponse>` holding an `<Error>`.
pub fn read_error<'a, T>(
    body: &'a [u8],
    read: impl FnOnce(&mut XmlReader<'a>, &StartElement<'a>) -> Result<T, DeError>,
) -> Result<T, DeError> {
    let mut reader = XmlReader::new(body)?;
    let root = reader.root()?;
    if root.local() != "ErrorResponse" {
        return Err(unexpected_root(&root, "Error", "Response"));
    }
    let mut read = Some(read);
    let mut value = None;
    while let Some(child) = reader.next_child()? {
        match (child.local(), read.take()) {
            ("Error", Some(read)) => value = Some(read_inside(&mut reader, &child, read)?),
            (_, unused) => {
                read = unused;
                reader.skip()?;
            }
        }
    }
    reader.finish()?;
    value.ok_or_else(|| DeError::custom(root.offset(), "no <Error> element in <ErrorResponse>"))
}

fn unexpected_root(root: &StartElement<'_>, name: &str, suffix: &str) -> DeError {
    DeError::custom(
        root.offset(),
        format!(
            "expected root element <{name}{suffix}> but found <{}>",
            quoted(root.local()).trim_matches('"')
        ),
    )
}

/// The trimmed text of the current element; `None` when it is empty or holds elements
/// instead of text (which are skipped: metadata of an unexpected shape is ignored, not fatal).
fn text_field(reader: &mut XmlReader<'_>) -> Result<Option<String>, DeError> {
    Ok(match reader.text_or_skip()? {
        Ok(text) => Some(text.as_str().trim())
            .filter(|t| !t.is_empty())
            .map(str::to_owned),
        Err(_) => None,
    })
}

/// Extracts the [`ErrorMetadata`] of an awsQuery error response:
///
/// - code: `ErrorResponse/Error/Code` (generated code matches it against each error's shape
///   name or its `@awsQueryError` code);
/// - message: `ErrorResponse/Error/Message`;
/// - `ErrorResponse/Error/Type` under the extra key [`ERROR_TYPE`];
/// - request id: `ErrorResponse/RequestId`, else header `x-amzn-requestid` (or
///   `x-amz-request-id`), under [`AWS_REQUEST_ID`](crate::error::AWS_REQUEST_ID).
///
/// Each field is trimmed; an empty one counts as absent. An empty body gives metadata with
/// only the header's request id. A body that is not
/// well-formed XML, or whose root is not `<ErrorResponse>`, is an error. The first of each
/// field counts; one holding elements instead of text is ignored.
pub fn parse_error_metadata(response: &HttpResponse) -> Result<ErrorMetadata, DeError> {
    let body = response_body(response)?;
    let (mut code, mut message, mut error_type, mut body_request_id) = (None, None, None, None);
    if !is_blank(body) {
        let mut reader = XmlReader::new(body)?;
        let root = reader.root()?;
        if root.local() != "ErrorResponse" {
            return Err(unexpected_root(&root, "Error", "Response"));
        }
        while let Some(child) = reader.next_child()? {
            match child.local() {
                "Error" => {
                    while let Some(field) = reader.next_child()? {
                        let slot = match field.local() {
                            "Code" => &mut code,
                            "Message" => &mut message,
                            "Type" => &mut error_type,
                            _ => {
                                reader.skip()?;
                                continue;
                            }
                        };
                        let text = text_field(&mut reader)?;
                        if slot.is_none() {
                            *slot = text;
                        }
                    }
                }
                "RequestId" => {
                    let text = text_field(&mut reader)?;
                    body_request_id = body_request_id.or(text);
                }
                _ => reader.skip()?,
            }
        }
        reader.finish()?;
    }
    let mut builder = ErrorMetadata::builder();
    if let Some(code) = code {
        builder = builder.code(code);
    }
    if let Some(message) = message {
        builder = builder.message(message);
    }
    if let Some(error_type) = error_type {
        builder = builder.custom(ERROR_TYPE, error_type);
    }
    if let Some(id) = body_request_id.or_else(|| request_id(response).map(str::to_owned)) {
        builder = builder.custom(AWS_REQUEST_ID, id);
    }
    Ok(builder.build())
}

/// The body and [`ErrorMetadata`] of an awsQuery error response, which generated code then
/// maps onto a modeled error by code. A body that can't be read becomes an [`UnhandledError`]
/// that keeps the status and the header's request id.
pub fn error_parts(response: &HttpResponse) -> Result<(&[u8], ErrorMetadata), UnhandledError> {
    let malformed = |source| {
        UnhandledError::malformed(
            response.status().as_u16(),
            response_metadata(response),
            source,
        )
    };
    Ok((
        response_body(response).map_err(malformed)?,
        parse_error_metadata(response).map_err(malformed)?,
    ))
}
