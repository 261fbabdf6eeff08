//! Tokens of the JSON grammar: strings (with unescaping) and numbers.
//!
//! Everything here works on `&[u8]` with checked access, so no input can make it panic.

use super::DeError;
use std::borrow::Cow;

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// Whether any byte of `v` is zero.
#[inline]
fn has_zero_byte(v: u64) -> bool {
    v.wrapping_sub(ONES) & !v & HIGHS != 0
}

/// Index of the first byte at or after `i` that ends a plain run of string content: `"`, `\`,
/// or a control character (U+0000 to U+001F, which must be escaped). `input.len()` if none.
#[inline]
fn find_special(input: &[u8], mut i: usize) -> usize {
    // Eight bytes at a time while none of them is special.
    while let Some(chunk) = input.get(i..i.wrapping_add(8)) {
        let Ok(bytes) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let v = u64::from_le_bytes(bytes);
        // Some byte is below 0x20: subtracting 0x20 from every byte sets the high bit of such a
        // byte, and `!v` discards bytes whose high bit was already set.
        let control = v.wrapping_sub(ONES * 0x20) & !v & HIGHS != 0;
        if control
            || has_zero_byte(v ^ (ONES * u64::from(b'"')))
            || has_zero_byte(v ^ (ONES * u64::from(b'\\')))
        {
            break;
        }
        i += 8;
    }
    while let Some(&b) = input.get(i) {
        if b == b'"' || b == b'\\' || b < 0x20 {
            return i;
        }
        i += 1;
    }
    input.len()
}

/// Reads the string whose opening quote is at `*pos`, leaving `*pos` after the closing quote.
///
/// Borrows from `input` when the string has no escapes. Rejects unescaped control characters,
/// unknown escapes, unpaired UTF-16 surrogates and invalid UTF-8.
pub(super) fn read_string<'a>(input: &'a [u8], pos: &mut usize) -> Result<Cow<'a, str>, DeError> {
    let open = *pos;
    let start = open + 1;
    let i = find_special(input, start);
    match input.get(i) {
        Some(b'"') => {
            let raw = input.get(start..i).unwrap_or_default();
            let text = std::str::from_utf8(raw)
                .map_err(|e| DeError::custom(start + e.valid_up_to(), "invalid UTF-8 in string"))?;
            *pos = i + 1;
            Ok(Cow::Borrowed(text))
        }
        Some(b'\\') => read_escaped(input, pos, i).map(Cow::Owned),
        Some(&b) => Err(DeError::syntax(i, "escaped control character", Some(b))),
        None => Err(DeError::syntax(i, "closing '\"'", None)),
    }
}

/// The slow path of [`read_string`]: the string at `*pos` has an escape at `first_escape`.
fn read_escaped(input: &[u8], pos: &mut usize, first_escape: usize) -> Result<String, DeError> {
    let start = *pos + 1;
    let mut buf: Vec<u8> = Vec::with_capacity(first_escape - start + 16);
    buf.extend_from_slice(input.get(start..first_escape).unwrap_or_default());
    let mut i = first_escape;
    loop {
        match input.get(i) {
            Some(b'"') => break,
            Some(b'\\') => i = unescape(input, i, &mut buf)?,
            Some(&b) if b < 0x20 => {
                return Err(DeError::syntax(i, "escaped control character", Some(b)));
            }
            Some(_) => {
                let end = find_special(input, i);
                buf.extend_from_slice(input.get(i..end).unwrap_or_default());
                i = end;
            }
            None => return Err(DeError::syntax(i, "closing '\"'", None)),
        }
    }
    // Escapes only ever produce valid UTF-8, so this checks the raw bytes copied in.
    let text =
        String::from_utf8(buf).map_err(|_| DeError::custom(start, "invalid UTF-8 in string"))?;
    *pos = i + 1;
    Ok(text)
}

/// Decodes the escape whose backslash is at `at` into `buf`; returns the index after it.
fn unescape(input: &[u8], at: usize, buf: &mut Vec<u8>) -> Result<usize, DeError> {
    let byte = match input.get(at + 1) {
        Some(b'"') => b'"',
        Some(b'\\') => b'\\',
        Some(b'/') => b'/',
        Some(b'b') => 0x08,
        Some(b'f') => 0x0C,
        Some(b'n') => b'\n',
        Some(b'r') => b'\r',
        Some(b't') => b'\t',
        Some(b'u') => {
            let (c, next) = unicode_escape(input, at)?;
            let mut utf8 = [0u8; 4];
            buf.extend_from_slice(c.encode_utf8(&mut utf8).as_bytes());
            return Ok(next);
        }
        found => {
            return Err(DeError::syntax(at + 1, "escape character", found.copied()));
        }
    };
    buf.push(byte);
    Ok(at + 2)
}

/// Four hex digits at `at`.
fn hex4(input: &[u8], at: usize) -> Result<u32, DeError> {
    let mut value = 0u32;
    for k in 0..4 {
        let i = at + k;
        let digit = match input.get(i) {
            Some(&b) => char::from(b).to_digit(16),
            None => None,
        };
        match digit {
            Some(d) => value = value * 16 + d,
            None => return Err(DeError::syntax(i, "hex digit", input.get(i).copied())),
        }
    }
    Ok(value)
}

/// Decodes `\uXXXX` (or a surrogate pair `\uXXXX\uXXXX`) whose backslash is at `at`.
fn unicode_escape(input: &[u8], at: usize) -> Result<(char, usize), DeError> {
    let unit = hex4(input, at + 2)?;
    let next = at + 6;
    let code = match unit {
        0xD800..=0xDBFF => {
            if input.get(next..next + 2) != Some(b"\\u".as_slice()) {
                return Err(DeError::custom(at, "unpaired UTF-16 surrogate in string"));
            }
            let low = hex4(input, next + 2)?;
            if !(0xDC00..=0xDFFF).contains(&low) {
                return Err(DeError::custom(
                    at,
                    "invalid UTF-16 surrogate pair in string",
                ));
            }
            let code = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
            return char::from_u32(code)
                .map(|c| (c, next + 6))
                .ok_or_else(|| DeError::custom(at, "invalid UTF-16 surrogate pair in string"));
        }
        0xDC00..=0xDFFF => {
            return Err(DeError::custom(at, "unpaired UTF-16 surrogate in string"));
        }
        code => code,
    };
    char::from_u32(code)
        .map(|c| (c, next))
        .ok_or_else(|| DeError::custom(at, "invalid unicode escape in string"))
}

/// A scanned JSON number.
pub(super) struct NumberText<'a> {
    /// The exact text, e.g. `-12.5e3`.
    pub text: &'a str,
    /// Offset of the first byte.
    pub offset: usize,
    /// No fraction and no exponent.
    pub integer: bool,
}

fn is_digit(b: Option<&u8>) -> bool {
    b.is_some_and(u8::is_ascii_digit)
}

/// Scans the number starting at `*pos` (`-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`),
/// leaving `*pos` after it. Leading zeros are rejected.
pub(super) fn scan_number<'a>(input: &'a [u8], pos: &mut usize) -> Result<NumberText<'a>, DeError> {
    let start = *pos;
    let mut i = start;
    if input.get(i) == Some(&b'-') {
        i += 1;
    }
    match input.get(i) {
        Some(b'0') => {
            i += 1;
            if is_digit(input.get(i)) {
                return Err(DeError::custom(
                    start,
                    "leading zeros are not allowed in numbers",
                ));
            }
        }
        Some(b'1'..=b'9') => {
            while is_digit(input.get(i)) {
                i += 1;
            }
        }
        found => return Err(DeError::syntax(i, "digit", found.copied())),
    }
    let mut integer = true;
    if input.get(i) == Some(&b'.') {
        integer = false;
        i += 1;
        if !is_digit(input.get(i)) {
            return Err(DeError::syntax(i, "digit after '.'", input.get(i).copied()));
        }
        while is_digit(input.get(i)) {
            i += 1;
        }
    }
    if matches!(input.get(i), Some(b'e' | b'E')) {
        integer = false;
        i += 1;
        if matches!(input.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !is_digit(input.get(i)) {
            return Err(DeError::syntax(
                i,
                "digit in exponent",
                input.get(i).copied(),
            ));
        }
        while is_digit(input.get(i)) {
            i += 1;
        }
    }
    let raw = input.get(start..i).unwrap_or_default();
    // The scanned bytes are ASCII.
    let text = std::str::from_utf8(raw).map_err(|_| DeError::custom(start, "invalid number"))?;
    *pos = i;
    Ok(NumberText {
        text,
        offset: start,
        integer,
    })
}

/// Parses the text of an integer (`-?digits`, already scanned) as an `i64`; `None` if it is out
/// of range.
pub(super) fn parse_i64(text: &str) -> Option<i64> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let mut magnitude: u64 = 0;
    for &d in digits.as_bytes() {
        magnitude = magnitude
            .checked_mul(10)?
            .checked_add(u64::from(d.wrapping_sub(b'0')))?;
    }
    if negative {
        0i64.checked_sub_unsigned(magnitude)
    } else {
        i64::try_from(magnitude).ok()
    }
}

/// Parses the text of a non-negative integer (already scanned) as a `u64`.
pub(super) fn parse_u64(text: &str) -> Option<u64> {
    let mut value: u64 = 0;
    for &d in text.as_bytes() {
        if !d.is_ascii_digit() {
            return None;
        }
        value = value.checked_mul(10)?.checked_add(u64::from(d - b'0'))?;
    }
    Some(value)
}

/// Shortens a possibly huge number text for an error message.
pub(super) fn excerpt(text: &str) -> Cow<'_, str> {
    const MAX: usize = 40;
    if text.len() <= MAX {
        Cow::Borrowed(text)
    } else {
        // Number text is ASCII, so any index is a char boundary.
        Cow::Owned(format!("{}...", text.get(..MAX).unwrap_or_default()))
    }
}
