//! JSON writers that append straight to a `String`.
//!
//! The writers put values out in the order they are called, with no intermediate tree and no
//! per-value allocation:
//!
//! ```
//! use smithy_rt::json::ser::ObjectWriter;
//! let mut out = String::new();
//! let mut object = ObjectWriter::new(&mut out);
//! object.key("DeliveryStreamName").string("my-stream");
//! let mut tags = object.key("Tags").array();
//! tags.value().integer(1);
//! tags.finish();
//! object.finish();
//! assert_eq!(out, r#"{"DeliveryStreamName":"my-stream","Tags":[1]}"#);
//! ```
//!
//! Strings are escaped like `aws-smithy-json` and `serde_json` do: `"` and `\` and the control
//! characters U+0000 to U+001F (`\b`, `\f`, `\n`, `\r`, `\t` by name, the rest as `\u00xx`);
//! everything else, including non-ASCII text, is written as UTF-8.

use crate::timestamp::{self, TimestampError};
use crate::{Blob, DateTime, Document, Number, TimestampFormat};
use std::borrow::Cow;
use std::fmt;

/// A body that is one JSON object: `write` puts the members of `value` into it (generated
/// serializers have this shape); its errors pass through.
///
/// ```
/// use smithy_rt::json::ser::{ObjectWriter, object_body};
///
/// fn write_name(object: &mut ObjectWriter<'_>, name: &str) -> Result<(), smithy_rt::BuildError> {
///     object.key("DeliveryStreamName").string(name);
///     Ok(())
/// }
/// assert_eq!(object_body("my-stream", write_name)?, r#"{"DeliveryStreamName":"my-stream"}"#);
/// # Ok::<(), smithy_rt::BuildError>(())
/// ```
pub fn object_body<T: ?Sized, E>(
    value: &T,
    write: impl FnOnce(&mut ObjectWriter<'_>, &T) -> Result<(), E>,
) -> Result<String, E> {
    let mut body = String::new();
    let mut object = ObjectWriter::new(&mut body);
    write(&mut object, value)?;
    object.finish();
    Ok(body)
}

/// Writes the members of a JSON object. Created by [`ObjectWriter::new`] (which writes `{`) or
/// [`ValueWriter::object`]; [`finish`](Self::finish) writes the closing `}`.
#[derive(Debug)]
#[must_use = "call finish() to close the object"]
pub struct ObjectWriter<'a> {
    out: &'a mut String,
    first: bool,
}

impl<'a> ObjectWriter<'a> {
    /// Starts an object in `out` by writing `{`.
    pub fn new(out: &'a mut String) -> Self {
        out.push('{');
        Self { out, first: true }
    }

    /// Writes the member name `key` (escaped) and `:`, preceded by `,` if this is not the first
    /// member; the returned writer writes the member's value.
    pub fn key(&mut self, key: &str) -> ValueWriter<'_> {
        if self.first {
            self.first = false;
        } else {
            self.out.push(',');
        }
        push_string(self.out, key);
        self.out.push(':');
        ValueWriter { out: self.out }
    }

    /// Closes the object with `}`.
    pub fn finish(self) {
        self.out.push('}');
    }
}

/// Writes the elements of a JSON array. Created by [`ValueWriter::array`];
/// [`finish`](Self::finish) writes the closing `]`.
#[derive(Debug)]
#[must_use = "call finish() to close the array"]
pub struct ArrayWriter<'a> {
    out: &'a mut String,
    first: bool,
}

impl<'a> ArrayWriter<'a> {
    /// Starts an array in `out` by writing `[`.
    pub fn new(out: &'a mut String) -> Self {
        out.push('[');
        Self { out, first: true }
    }

    /// Writes `,` if this is not the first element; the returned writer writes the element.
    pub fn value(&mut self) -> ValueWriter<'_> {
        if self.first {
            self.first = false;
        } else {
            self.out.push(',');
        }
        ValueWriter { out: self.out }
    }

    /// Closes the array with `]`.
    pub fn finish(self) {
        self.out.push(']');
    }
}

/// Writes exactly one JSON value.
#[derive(Debug)]
#[must_use = "a ValueWriter writes nothing until one of its methods is called"]
pub struct ValueWriter<'a> {
    out: &'a mut String,
}

impl<'a> ValueWriter<'a> {
    /// A writer for one value appended to `out` (for a top-level value).
    pub fn new(out: &'a mut String) -> Self {
        Self { out }
    }

    /// Writes `null`.
    pub fn null(self) {
        self.out.push_str("null");
    }

    /// Writes `true` or `false`.
    pub fn boolean(self, v: bool) {
        self.out.push_str(if v { "true" } else { "false" });
    }

    /// Writes `v` as a JSON string, escaped.
    pub fn string(self, v: &str) {
        push_string(self.out, v);
    }

    /// Writes a `byte`, `short`, `integer` or `long`.
    pub fn integer(self, v: i64) {
        self.out.push_str(itoa::Buffer::new().format(v));
    }

    /// Writes a non-negative integer.
    pub fn unsigned(self, v: u64) {
        self.out.push_str(itoa::Buffer::new().format(v));
    }

    /// Writes a `double`: the shortest text that reads back as `v` (`1.5`, `1e21`; integral
    /// values get `.0`). NaN and the infinities are written as the strings `"NaN"`,
    /// `"Infinity"` and `"-Infinity"`.
    pub fn double(self, v: f64) {
        if v.is_finite() {
            self.out.push_str(ryu::Buffer::new().format_finite(v));
        } else {
            self.out.push_str(non_finite(v.is_nan(), v > 0.0));
        }
    }

    /// Writes a `float` like [`double`](Self::double), with the shortest text for the `f32`
    /// itself (`1.1`, not `1.100000023841858`).
    pub fn float(self, v: f32) {
        if v.is_finite() {
            self.out.push_str(ryu::Buffer::new().format_finite(v));
        } else {
            self.out.push_str(non_finite(v.is_nan(), v > 0.0));
        }
    }

    /// Writes the text of a `bigInteger` or `bigDecimal` as it is. The caller guarantees that
    /// `v` is a JSON number.
    pub fn number_text(self, v: &str) {
        self.out.push_str(v);
    }

    /// Writes a [`Number`] of a document.
    pub fn number(self, v: Number) {
        match v {
            Number::PosInt(v) => self.unsigned(v),
            Number::NegInt(v) => self.integer(v),
            Number::Float(v) => self.double(v),
        }
    }

    /// Writes `v` as a JSON string in standard base64 with padding.
    pub fn blob(self, v: &Blob) {
        let bytes = v.as_ref();
        self.out.reserve(bytes.len().div_ceil(3) * 4 + 2);
        self.out.push('"');
        base64_simd::STANDARD.encode_append(bytes, self.out);
        self.out.push('"');
    }

    /// Writes a timestamp: `EpochSeconds` as a JSON number (`1398796238`, `1398796238.123`,
    /// exact from the seconds and nanoseconds), `DateTime` and `HttpDate` as JSON strings
    /// (`"2014-04-29T18:30:38Z"`, `"Tue, 29 Apr 2014 18:30:38 GMT"`).
    ///
    /// Fails, writing nothing, if `v` is outside the years 0001 to 9999 for a string format.
    pub fn timestamp(self, v: &DateTime, format: TimestampFormat) -> Result<(), SerError> {
        if format == TimestampFormat::EpochSeconds {
            return timestamp::write(self.out, v, format).map_err(SerError::from);
        }
        let len = self.out.len();
        self.out.push('"');
        match timestamp::write(self.out, v, format) {
            Ok(()) => {
                self.out.push('"');
                Ok(())
            }
            Err(e) => {
                self.out.truncate(len);
                Err(e.into())
            }
        }
    }

    /// Writes a document as the JSON value it stands for. Object members are written in the
    /// (unspecified) iteration order of the map.
    pub fn document(self, v: &Document) {
        match v {
            Document::Object(members) => {
                let mut object = self.object();
                for (key, value) in members {
                    object.key(key).document(value);
                }
                object.finish();
            }
            Document::Array(items) => {
                let mut array = self.array();
                for item in items {
                    array.value().document(item);
                }
                array.finish();
            }
            Document::Number(n) => self.number(*n),
            Document::String(s) => self.string(s),
            Document::Bool(b) => self.boolean(*b),
            Document::Null => self.null(),
        }
    }

    /// Starts an object value.
    pub fn object(self) -> ObjectWriter<'a> {
        ObjectWriter::new(self.out)
    }

    /// Starts an array value.
    pub fn array(self) -> ArrayWriter<'a> {
        ArrayWriter::new(self.out)
    }
}

fn non_finite(nan: bool, positive: bool) -> &'static str {
    if nan {
        "\"NaN\""
    } else if positive {
        "\"Infinity\""
    } else {
        "\"-Infinity\""
    }
}

/// 0 if `b` is written as is, else the letter after the backslash of its escape (`u` for
/// `\u00xx`). A `match` rather than an indexed table, so there is no index to go wrong.
const fn escape_of(b: u8) -> u8 {
    match b {
        0x08 => b'b',
        0x0C => b'f',
        b'\n' => b'n',
        b'\r' => b'r',
        b'\t' => b't',
        b'"' => b'"',
        b'\\' => b'\\',
        0..0x20 => b'u',
        _ => 0,
    }
}

/// The lowercase hex digit of the low nibble of `n`.
pub(crate) const fn hex_digit(n: u8) -> char {
    let n = n & 0x0F;
    (if n < 10 { b'0' + n } else { b'a' + (n - 10) }) as char
}

/// Appends `s` to `out` as a quoted, escaped JSON string.
pub(crate) fn push_string(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    push_escaped(out, s);
    out.push('"');
}

/// Appends the escaped content of `s` (no quotes).
fn push_escaped(out: &mut String, s: &str) {
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape = escape_of(b);
        if escape == 0 {
            continue;
        }
        // Escaped bytes are ASCII, so `start` and `i` are always char boundaries.
        out.push_str(s.get(start..i).unwrap_or_default());
        out.push('\\');
        out.push(char::from(escape));
        if escape == b'u' {
            out.push_str("00");
            out.push(hex_digit(b >> 4));
            out.push(hex_digit(b));
        }
        start = i + 1;
    }
    out.push_str(s.get(start..).unwrap_or_default());
}

/// A value that could not be serialized (a timestamp outside what its format can express).
///
/// Converts into [`BuildError`](crate::BuildError); generated code that knows the member
/// attaches it with [`BuildError::serialize`](crate::BuildError::serialize).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SerError {
    reason: Cow<'static, str>,
}

impl SerError {
    /// A serialization error with the given reason.
    pub fn new(reason: impl Into<Cow<'static, str>>) -> Self {
        Self {
            reason: reason.into(),
        }
    }

    /// Why the value could not be serialized.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

impl From<TimestampError> for SerError {
    fn from(e: TimestampError) -> Self {
        Self::new(e.to_string())
    }
}

impl fmt::Display for SerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.reason)
    }
}

impl std::error::Error for SerError {}

#[cfg(test)]
#[path = "ser_tests.rs"]
mod tests;
