//! The byte layout the response fuzz targets share, so a seed is easy to write by hand (see
//! `scripts/seeds.py`, which writes the same layout):
//!
//! | bytes | meaning |
//! |-------|---------|
//! | 0 | operation selector (`% count`) |
//! | 1-2 | status, big-endian: `100 + value % 500` (so `100` is 200 and `300` is 400) |
//! | 3 | header count (`% 4`) |
//! | per header | name selector (`% HEADER_NAMES.len()`), value length (`% 64`), value bytes |
//! | rest | body |
//!
//! Missing bytes read as zero; a header value that is not UTF-8 is dropped.
//!
//! [`xml`] holds the walkers of the `aws_query` target.

pub mod xml;

/// Header names a header selector picks from: the ones the runtime reads, and one it ignores.
pub const HEADER_NAMES: [&str; 5] = [
    "x-amzn-errortype",
    "x-amzn-requestid",
    "x-amz-request-id",
    "content-type",
    "x-fuzz",
];

/// A decoded fuzz input.
#[derive(Debug)]
pub struct ResponseParts<'a> {
    /// Operation selector, before `% count`.
    pub op: u8,
    /// HTTP status, 100..=599.
    pub status: u16,
    /// Header pairs, in order.
    pub headers: Vec<(&'static str, &'a str)>,
    /// Body bytes.
    pub body: &'a [u8],
}

/// Splits `data` per the layout above.
pub fn decode(data: &[u8]) -> ResponseParts<'_> {
    let mut rest = data;
    let op = take_byte(&mut rest);
    let status = 100 + u16::from_be_bytes([take_byte(&mut rest), take_byte(&mut rest)]) % 500;
    let count = take_byte(&mut rest) % 4;
    let mut headers = Vec::new();
    for _ in 0..count {
        let name = HEADER_NAMES.get(usize::from(take_byte(&mut rest)) % HEADER_NAMES.len());
        let len = usize::from(take_byte(&mut rest) % 64).min(rest.len());
        let (value, tail) = rest.split_at(len);
        rest = tail;
        if let (Some(name), Ok(value)) = (name, std::str::from_utf8(value)) {
            headers.push((*name, value));
        }
    }
    ResponseParts {
        op,
        status,
        headers,
        body: rest,
    }
}

fn take_byte(rest: &mut &[u8]) -> u8 {
    match rest.split_first() {
        Some((b, tail)) => {
            *rest = tail;
            *b
        }
        None => 0,
    }
}

/// The response `parts` describe, or `None` when the HTTP types reject a header value
/// (control characters); that is the HTTP client's concern, not the parser's.
pub fn response(parts: &ResponseParts<'_>) -> Option<smithy_rt::HttpResponse> {
    smithy_rt::response_from_parts(parts.status, parts.headers.iter().copied(), parts.body.to_vec())
        .ok()
}

/// What a protocol's `error_parts` must do, given what its `parse_error_metadata` returned
/// for the same response: hand back the body and that metadata, or, exactly when parsing
/// failed, a malformed `UnhandledError` that keeps the status and the header's request id.
pub fn check_error_parts(
    parts: &ResponseParts<'_>,
    response: &smithy_rt::HttpResponse,
    parsed: &Result<smithy_rt::ErrorMetadata, smithy_rt::json::de::DeError>,
    error_parts: Result<(&[u8], smithy_rt::ErrorMetadata), smithy_rt::UnhandledError>,
) {
    use smithy_rt::RequestId;
    match error_parts {
        Ok((body, meta)) => {
            assert_eq!(body, parts.body);
            assert_eq!(Some(&meta), parsed.as_ref().ok());
        }
        Err(unhandled) => {
            assert!(parsed.is_err(), "error_parts failed where parse_error_metadata did not");
            assert!(unhandled.is_malformed());
            assert_eq!(unhandled.status(), parts.status);
            assert_eq!(unhandled.request_id(), response.request_id());
            std::hint::black_box(format!("{unhandled} {unhandled:?}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_the_documented_layout() {
        let mut data = vec![3, 0x01, 0x2c, 2, 0, 3, b'F', b'o', b'o', 1, 2, b'i', b'd'];
        data.extend_from_slice(b"{}");
        let parts = decode(&data);
        assert_eq!(parts.op, 3);
        assert_eq!(parts.status, 400);
        assert_eq!(parts.headers, [("x-amzn-errortype", "Foo"), ("x-amzn-requestid", "id")]);
        assert_eq!(parts.body, b"{}");
        assert_eq!(decode(&[]).status, 100);
    }
}
