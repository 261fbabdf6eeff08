//! Character data: reference decoding, line-end normalization, and the typed readers of
//! [`Text`].

use crate::json::de::DeError;
use crate::timestamp;
use crate::{Blob, DateTime, TimestampFormat};
use std::borrow::Cow;

/// The decoded text of an element or attribute, with the byte offset in the body where it
/// starts, so that a value of the wrong type is reported where it is.
///
/// Borrows from the body unless references had to be decoded or line ends normalized.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text<'a> {
    value: Cow<'a, str>,
    offset: usize,
}

/// Characters of an input value that messages show.
const MAX_SHOWN: usize = 40;

/// A value from the input for a message: quoted with escapes, cut after 40 characters so a
/// hostile value can't blow up the message.
pub(crate) fn quoted(text: &str) -> String {
    match text.char_indices().nth(MAX_SHOWN) {
        Some((end, _)) => format!("{:?}...", text.get(..end).unwrap_or_default()),
        None => format!("{text:?}"),
    }
}

/// XML whitespace (`S` in the grammar).
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

impl<'a> Text<'a> {
    /// Text `value` found at byte `offset` of the body.
    pub fn new(value: impl Into<Cow<'a, str>>, offset: usize) -> Self {
        Self {
            value: value.into(),
            offset,
        }
    }

    /// The byte offset in the body where the text starts (for an empty element, where its end
    /// is).
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.value
    }

    /// The text, borrowed from the body when possible.
    pub fn into_cow(self) -> Cow<'a, str> {
        self.value
    }

    /// The text as an owned `String` (for `string` and `enum` members).
    pub fn into_string(self) -> String {
        self.value.into_owned()
    }

    /// An error about this value: `message` at its offset.
    pub fn error(&self, message: impl Into<Cow<'static, str>>) -> DeError {
        DeError::custom(self.offset, message)
    }

    /// The text without surrounding XML whitespace, which the typed readers ignore: a service
    /// may pretty-print `<Count>\n  3\n</Count>`.
    fn trimmed(&self) -> &str {
        self.value.trim_matches(is_space)
    }

    /// Reads a `boolean`: `true` or `false`.
    pub fn boolean(&self) -> Result<bool, DeError> {
        match self.trimmed() {
            "true" => Ok(true),
            "false" => Ok(false),
            other => Err(self.error(format!(
                "expected true or false but found {}",
                quoted(other)
            ))),
        }
    }

    /// Reads an integer that fits `T`: optional sign, decimal digits.
    fn integer<T: std::str::FromStr<Err = std::num::ParseIntError>>(
        &self,
        type_name: &'static str,
    ) -> Result<T, DeError> {
        let text = self.trimmed();
        text.parse::<T>().map_err(|e| match e.kind() {
            std::num::IntErrorKind::PosOverflow | std::num::IntErrorKind::NegOverflow => self
                .error(format!(
                    "integer {} is out of range for {type_name}",
                    quoted(text)
                )),
            _ => self.error(format!("expected an integer but found {}", quoted(text))),
        })
    }

    /// Reads a `byte`.
    pub fn i8(&self) -> Result<i8, DeError> {
        self.integer("i8")
    }

    /// Reads a `short`.
    pub fn i16(&self) -> Result<i16, DeError> {
        self.integer("i16")
    }

    /// Reads an `integer` (also an `intEnum`).
    pub fn i32(&self) -> Result<i32, DeError> {
        self.integer("i32")
    }

    /// Reads a `long`.
    pub fn i64(&self) -> Result<i64, DeError> {
        self.integer("i64")
    }

    /// The decimal text of a floating-point value, or the non-finite value it names.
    fn float_text(&self) -> Result<Result<&str, f64>, DeError> {
        let text = self.trimmed();
        match text {
            "NaN" => Ok(Err(f64::NAN)),
            "Infinity" => Ok(Err(f64::INFINITY)),
            "-Infinity" => Ok(Err(f64::NEG_INFINITY)),
            // Rust's float parser also takes `inf`, `nan` and friends: only decimal text here.
            _ if is_decimal(text) => Ok(Ok(text)),
            _ => Err(self.error(format!(
                "expected a number, NaN, Infinity or -Infinity but found {}",
                quoted(text)
            ))),
        }
    }

    /// Reads a `double`: decimal text (correctly rounded), `NaN`, `Infinity` or `-Infinity`.
    /// Text too large for the type is an error, never an infinity the service did not send.
    pub fn f64(&self) -> Result<f64, DeError> {
        match self.float_text()? {
            Err(special) => Ok(special),
            Ok(text) => match text.parse::<f64>() {
                Ok(v) if v.is_finite() => Ok(v),
                _ => Err(self.out_of_range(text, "f64")),
            },
        }
    }

    /// Reads a `float` like [`f64`](Self::f64), rounded once, directly from the text to `f32`.
    pub fn f32(&self) -> Result<f32, DeError> {
        match self.float_text()? {
            Err(special) => Ok(special as f32),
            Ok(text) => match text.parse::<f32>() {
                Ok(v) if v.is_finite() => Ok(v),
                _ => Err(self.out_of_range(text, "f32")),
            },
        }
    }

    fn out_of_range(&self, text: &str, type_name: &str) -> DeError {
        self.error(format!(
            "number {} is out of range for {type_name}",
            quoted(text)
        ))
    }

    /// Reads the exact text of a `bigInteger` or `bigDecimal`, checked to be a decimal number.
    pub fn number_text(&self) -> Result<String, DeError> {
        let text = self.trimmed();
        if is_decimal(text) {
            Ok(text.to_owned())
        } else {
            Err(self.error(format!("expected a number but found {}", quoted(text))))
        }
    }

    /// Reads a `blob`: standard base64 with padding. Whitespace inside is ignored (XML
    /// writers may wrap long base64 lines); empty text is an empty blob.
    pub fn blob(&self) -> Result<Blob, DeError> {
        let text = self.value.as_ref();
        let compact: Cow<'_, str> = if text.contains(is_space) {
            Cow::Owned(text.chars().filter(|c| !is_space(*c)).collect())
        } else {
            Cow::Borrowed(text)
        };
        base64_simd::STANDARD
            .decode_to_vec(compact.as_bytes())
            .map(Blob::new)
            .map_err(|_| self.error("invalid base64 in blob"))
    }

    /// Reads a timestamp in `format`: `EpochSeconds` exactly from its decimal text
    /// (`1398796238.5`), `DateTime` as RFC 3339 (offsets allowed), `HttpDate` as IMF-fixdate.
    pub fn timestamp(&self, format: TimestampFormat) -> Result<DateTime, DeError> {
        timestamp::parse(self.trimmed(), format).map_err(|e| self.error(e.to_string()))
    }
}

/// Whether `text` is a decimal number: `[+-]? digits? (. digits?)? ([eE] [+-]? digits)?` with
/// at least one digit before the exponent.
fn is_decimal(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    let mut mantissa = digits(&mut i);
    if b.get(i) == Some(&b'.') {
        i += 1;
        mantissa += digits(&mut i);
    }
    if mantissa == 0 {
        return false;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// Whether `c` may appear in an XML 1.0 document (the `Char` production).
fn is_xml_char(c: u32) -> bool {
    matches!(c, 0x9 | 0xA | 0xD | 0x20..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF)
}

/// Where [`decode`] found the text: element content and attribute values normalize
/// whitespace differently, CDATA sections have no references.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Context {
    Content,
    Attribute,
    Cdata,
}

/// Decodes raw character data found at byte `offset`: the five predefined entities and
/// numeric character references are replaced; line ends (`\r\n`, `\r`) become `\n` (XML 1.0
/// section 2.11); in attribute values each whitespace character then becomes a space (section
/// 3.3.3). Any other entity reference is an error: documents may not declare entities here,
/// so nothing can expand into more text than the body holds.
pub(super) fn decode(raw: &str, offset: usize, context: Context) -> Result<Cow<'_, str>, DeError> {
    let special = |b: &u8| match context {
        Context::Content => matches!(b, b'&' | b'\r'),
        Context::Attribute => matches!(b, b'&' | b'\r' | b'\n' | b'\t'),
        Context::Cdata => *b == b'\r',
    };
    let bytes = raw.as_bytes();
    let Some(first) = bytes.iter().position(special) else {
        return Ok(Cow::Borrowed(raw));
    };
    let mut out = String::with_capacity(raw.len());
    out.push_str(raw.get(..first).unwrap_or_default());
    let mut rest = raw.get(first..).unwrap_or_default();
    while let Some(c) = rest.chars().next() {
        let at = raw.len() - rest.len();
        let mut len = c.len_utf8();
        match c {
            '&' if context != Context::Cdata => {
                let (decoded, used) = reference(rest, offset + at)?;
                out.push(decoded);
                len = used;
            }
            '\r' => {
                out.push(if context == Context::Attribute {
                    ' '
                } else {
                    '\n'
                });
                if rest.as_bytes().get(1) == Some(&b'\n') {
                    len = 2;
                }
            }
            '\n' | '\t' if context == Context::Attribute => out.push(' '),
            _ => {
                // Copy the plain run up to the next special byte in one go.
                let run = rest
                    .as_bytes()
                    .iter()
                    .position(special)
                    .unwrap_or(rest.len());
                out.push_str(rest.get(..run).unwrap_or_default());
                len = run;
            }
        }
        rest = rest.get(len..).unwrap_or_default();
    }
    Ok(Cow::Owned(out))
}

/// Decodes the reference at the start of `text` (which starts with `&`), found at byte
/// `offset`; returns the character and the length of the reference.
fn reference(text: &str, offset: usize) -> Result<(char, usize), DeError> {
    let Some(end) = text.find(';') else {
        return Err(DeError::custom(
            offset,
            "malformed XML: '&' starts no reference (escape it as &amp;)",
        ));
    };
    let name = text.get(1..end).unwrap_or_default();
    let decoded = match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "apos" => '\'',
        "quot" => '"',
        _ => match name.strip_prefix('#') {
            Some(number) => char_reference(number, offset)?,
            None => {
                return Err(DeError::custom(
                    offset,
                    format!(
                        "malformed XML: unknown entity &{}; (only &lt; &gt; &amp; &apos; &quot; \
                         and character references are accepted)",
                        quoted(name).trim_matches('"')
                    ),
                ));
            }
        },
    };
    Ok((decoded, end + 1))
}

/// The character of `&#number;` (`number` is decimal, or hex after `x`).
fn char_reference(number: &str, offset: usize) -> Result<char, DeError> {
    let (digits, radix) = match number.strip_prefix('x') {
        Some(hex) => (hex, 16),
        None => (number, 10),
    };
    let invalid = || {
        DeError::custom(
            offset,
            format!(
                "malformed XML: &#{}; is not a valid character reference",
                quoted(number).trim_matches('"')
            ),
        )
    };
    if digits.is_empty() {
        return Err(invalid());
    }
    let mut code: u32 = 0;
    for d in digits.chars() {
        let digit = d.to_digit(radix).ok_or_else(invalid)?;
        code = code
            .checked_mul(radix)
            .and_then(|c| c.checked_add(digit))
            .ok_or_else(invalid)?;
    }
    if !is_xml_char(code) {
        return Err(invalid());
    }
    char::from_u32(code).ok_or_else(invalid)
}
