//! [`JsonReader`], a pull parser over the bytes of a response body.
//!
//! Generated deserializers drive the reader in the shape of the expected value:
//!
//! ```
//! use smithy_rt::json::de::JsonReader;
//! # fn main() -> Result<(), smithy_rt::json::de::DeError> {
//! let mut reader = JsonReader::new(br#"{"Name":"stream","Count":3,"Extra":[1,{}]}"#);
//! let (mut name, mut count) = (None, None);
//! if reader.begin_object()? {
//!     while let Some(key) = reader.next_key()? {
//!         match key.as_ref() {
//!             "Name" => name = reader.string()?,
//!             "Count" => count = reader.i32()?,
//!             _ => reader.skip_value()?,
//!         }
//!     }
//! }
//! reader.finish()?;
//! assert_eq!((name.as_deref(), count), (Some("stream"), Some(3)));
//! # Ok(())
//! # }
//! ```
//!
//! Every value reader returns `Ok(None)` for `null`. Keys and strings borrow from the input
//! when they contain no escapes. Nesting deeper than [`MAX_DEPTH`] is an error, so hostile input
//! cannot exhaust the stack of a recursive deserializer. No input makes the reader panic.

mod document;
mod error;
mod lex;
#[cfg(test)]
mod tests;

pub use error::DeError;

use crate::timestamp;
use crate::{Blob, DateTime, TimestampFormat};
use lex::NumberText;
use std::borrow::Cow;

/// Deepest nesting of objects and arrays the reader accepts.
pub const MAX_DEPTH: usize = 128;

/// Whether a response body is empty: no bytes, or only JSON whitespace. Callers treat such a
/// body as `{}`.
pub fn is_empty_body(body: &[u8]) -> bool {
    body.iter()
        .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
}

/// Records that member `index` of a structure was read, or fails if it was read before:
/// generated deserializers keep one bit per member in `seen`, so a duplicate member name is an
/// error naming it instead of a silent overwrite.
#[inline]
pub fn mark_seen<const WORDS: usize>(
    seen: &mut [u64; WORDS],
    index: usize,
    name: &'static str,
    offset: usize,
) -> Result<(), DeError> {
    let bit = 1u64 << (index % 64);
    match seen.get_mut(index / 64) {
        Some(word) if *word & bit == 0 => {
            *word |= bit;
            Ok(())
        }
        _ => Err(DeError::duplicate(offset, "member", name)),
    }
}

/// Whether member `index` was marked by [`mark_seen`]: generated readers fill a member the
/// response left out after the loop over its keys.
#[inline]
pub fn is_seen<const WORDS: usize>(seen: &[u64; WORDS], index: usize) -> bool {
    seen.get(index / 64)
        .is_some_and(|word| word & (1u64 << (index % 64)) != 0)
}

/// Inserts a map entry read at `offset`, failing on a key that is already there (keeping
/// either value would silently drop the other).
#[inline]
pub fn insert_unique<V>(
    map: &mut std::collections::HashMap<String, V>,
    key: Cow<'_, str>,
    value: V,
    offset: usize,
) -> Result<(), DeError> {
    match map.entry(key.into_owned()) {
        std::collections::hash_map::Entry::Occupied(old) => {
            Err(DeError::duplicate(offset, "map key", old.key()))
        }
        std::collections::hash_map::Entry::Vacant(slot) => {
            slot.insert(value);
            Ok(())
        }
    }
}

/// A number whose text is beyond the range of `type_name` (`1e400` for `f64`).
fn out_of_range(offset: usize, text: &str, type_name: &str) -> DeError {
    DeError::custom(
        offset,
        format!(
            "number {} is out of range for {type_name}",
            lex::excerpt(text)
        ),
    )
}

/// A pull parser over JSON text. See the [module documentation](self).
#[derive(Debug, Clone)]
pub struct JsonReader<'a> {
    input: &'a [u8],
    pos: usize,
    /// Number of objects and arrays opened and not yet closed.
    depth: usize,
    /// The innermost container was just opened and has no member or element yet.
    first: bool,
}

impl<'a> JsonReader<'a> {
    /// A reader at the start of `input`.
    pub fn new(input: &'a [u8]) -> Self {
        Self {
            input,
            pos: 0,
            depth: 0,
            first: false,
        }
    }

    /// The current byte offset in the input.
    pub fn offset(&self) -> usize {
        self.pos
    }

    /// An error about the value at the current offset, for checks made by generated code.
    pub fn error(&self, message: impl Into<Cow<'static, str>>) -> DeError {
        DeError::custom(self.pos, message)
    }

    /// Skips whitespace and returns the next byte without consuming it.
    #[inline]
    fn peek(&mut self) -> Option<u8> {
        while let Some(&b) = self.input.get(self.pos) {
            if !matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
                return Some(b);
            }
            self.pos += 1;
        }
        None
    }

    /// The first byte of the next value (after whitespace), without consuming anything; `None`
    /// at the end of the input. Lets callers branch on the type of a value (`"`, `{`, `[`, ...).
    pub fn peek_byte(&mut self) -> Option<u8> {
        self.peek()
    }

    fn unexpected(&self, expected: &'static str) -> DeError {
        DeError::syntax(self.pos, expected, self.input.get(self.pos).copied())
    }

    /// Consumes the literal `word` (`null`, `true`, `false`) at the current position.
    fn literal(&mut self, word: &'static [u8]) -> Result<(), DeError> {
        let end = self.pos + word.len();
        if self.input.get(self.pos..end) == Some(word) {
            self.pos = end;
            Ok(())
        } else {
            Err(self.unexpected(match word {
                b"true" => "'true'",
                b"false" => "'false'",
                _ => "'null'",
            }))
        }
    }

    /// Enters a container whose opening bracket is at the current position.
    fn open(&mut self) -> Result<(), DeError> {
        if self.depth >= MAX_DEPTH {
            return Err(DeError::custom(
                self.pos,
                "objects and arrays are nested too deeply",
            ));
        }
        self.depth += 1;
        self.pos += 1;
        self.first = true;
        Ok(())
    }

    /// Leaves a container whose closing bracket is at the current position.
    fn close(&mut self) {
        self.depth = self.depth.saturating_sub(1);
        self.pos += 1;
        self.first = false;
    }

    /// Starts reading an object: `{` gives `true` (then call [`next_key`](Self::next_key) until
    /// it returns `None`), `null` gives `false`; anything else is an error.
    pub fn begin_object(&mut self) -> Result<bool, DeError> {
        match self.peek() {
            Some(b'{') => self.open().map(|()| true),
            Some(b'n') => self.literal(b"null").map(|()| false),
            _ => Err(self.unexpected("object")),
        }
    }

    /// The next member name of the current object, having consumed the `,` before it and the
    /// `:` after it; `None` once the closing `}` is consumed. The member's value must be read
    /// (or skipped) before the next call.
    pub fn next_key(&mut self) -> Result<Option<Cow<'a, str>>, DeError> {
        match self.peek() {
            Some(b'}') => {
                self.close();
                return Ok(None);
            }
            Some(b',') if !self.first => {
                self.pos += 1;
                if self.peek() != Some(b'"') {
                    return Err(self.unexpected("member name"));
                }
            }
            Some(b'"') if self.first => {}
            _ if self.first => return Err(self.unexpected("member name or '}'")),
            _ => return Err(self.unexpected("',' or '}'")),
        }
        self.first = false;
        let key = lex::read_string(self.input, &mut self.pos)?;
        if self.peek() != Some(b':') {
            return Err(self.unexpected("':'"));
        }
        self.pos += 1;
        Ok(Some(key))
    }

    /// Starts reading an array: `[` gives `true` (then call
    /// [`next_element`](Self::next_element) until it returns `false`), `null` gives `false`.
    pub fn begin_array(&mut self) -> Result<bool, DeError> {
        match self.peek() {
            Some(b'[') => self.open().map(|()| true),
            Some(b'n') => self.literal(b"null").map(|()| false),
            _ => Err(self.unexpected("array")),
        }
    }

    /// Whether another element of the current array follows (consuming the `,` before it);
    /// `false` once the closing `]` is consumed. The element must be read (or skipped) before
    /// the next call.
    pub fn next_element(&mut self) -> Result<bool, DeError> {
        match self.peek() {
            Some(b']') => {
                self.close();
                Ok(false)
            }
            Some(b',') if !self.first => {
                self.pos += 1;
                Ok(true)
            }
            Some(_) if self.first => {
                self.first = false;
                Ok(true)
            }
            _ if self.first => Err(self.unexpected("value or ']'")),
            _ => Err(self.unexpected("',' or ']'")),
        }
    }

    /// If the next value is `null`, consumes it and returns `true`; otherwise consumes nothing.
    pub fn is_null(&mut self) -> Result<bool, DeError> {
        if self.peek() == Some(b'n') {
            self.literal(b"null")?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    /// Reads a string, borrowed from the input when it has no escapes.
    pub fn string_ref(&mut self) -> Result<Option<Cow<'a, str>>, DeError> {
        match self.peek() {
            Some(b'"') => lex::read_string(self.input, &mut self.pos).map(Some),
            Some(b'n') => self.literal(b"null").map(|()| None),
            _ => Err(self.unexpected("string")),
        }
    }

    /// Reads a string.
    pub fn string(&mut self) -> Result<Option<String>, DeError> {
        Ok(self.string_ref()?.map(Cow::into_owned))
    }

    /// Reads `true` or `false`.
    pub fn boolean(&mut self) -> Result<Option<bool>, DeError> {
        match self.peek() {
            Some(b't') => self.literal(b"true").map(|()| Some(true)),
            Some(b'f') => self.literal(b"false").map(|()| Some(false)),
            Some(b'n') => self.literal(b"null").map(|()| None),
            _ => Err(self.unexpected("boolean")),
        }
    }

    /// Scans a number (or `null`).
    fn number(&mut self, expected: &'static str) -> Result<Option<NumberText<'a>>, DeError> {
        match self.peek() {
            Some(b'-' | b'0'..=b'9') => lex::scan_number(self.input, &mut self.pos).map(Some),
            Some(b'n') => self.literal(b"null").map(|()| None),
            _ => Err(self.unexpected(expected)),
        }
    }

    /// Reads an integer that fits `T`: integer text only (no fraction or exponent).
    fn integer<T: TryFrom<i64>>(&mut self, type_name: &'static str) -> Result<Option<T>, DeError> {
        let Some(n) = self.number("integer")? else {
            return Ok(None);
        };
        if !n.integer {
            return Err(DeError::custom(
                n.offset,
                format!("expected an integer but found {}", lex::excerpt(n.text)),
            ));
        }
        lex::parse_i64(n.text)
            .and_then(|v| T::try_from(v).ok())
            .map(Some)
            .ok_or_else(|| {
                DeError::custom(
                    n.offset,
                    format!(
                        "integer {} is out of range for {type_name}",
                        lex::excerpt(n.text)
                    ),
                )
            })
    }

    /// Reads a `byte`.
    pub fn i8(&mut self) -> Result<Option<i8>, DeError> {
        self.integer("i8")
    }

    /// Reads a `short`.
    pub fn i16(&mut self) -> Result<Option<i16>, DeError> {
        self.integer("i16")
    }

    /// Reads an `integer`.
    pub fn i32(&mut self) -> Result<Option<i32>, DeError> {
        self.integer("i32")
    }

    /// Reads a `long`.
    pub fn i64(&mut self) -> Result<Option<i64>, DeError> {
        self.integer("i64")
    }

    /// Reads a float: a number, or one of the strings `"NaN"`, `"Infinity"`, `"-Infinity"`.
    /// Returns the non-finite value, or the number's text.
    fn float_text(&mut self) -> Result<Option<Result<&'a str, f64>>, DeError> {
        if self.peek() == Some(b'"') {
            let offset = self.pos;
            let text = lex::read_string(self.input, &mut self.pos)?;
            return match text.as_ref() {
                "NaN" => Ok(Some(Err(f64::NAN))),
                "Infinity" => Ok(Some(Err(f64::INFINITY))),
                "-Infinity" => Ok(Some(Err(f64::NEG_INFINITY))),
                _ => Err(DeError::custom(
                    offset,
                    "expected a number or \"NaN\", \"Infinity\", \"-Infinity\"",
                )),
            };
        }
        Ok(self.number("number")?.map(|n| Ok(n.text)))
    }

    /// Reads a `double`: a number (correctly rounded from its text), or one of the strings
    /// `"NaN"`, `"Infinity"`, `"-Infinity"`.
    pub fn f64(&mut self) -> Result<Option<f64>, DeError> {
        let offset = self.value_start();
        match self.float_text()? {
            None => Ok(None),
            Some(Err(special)) => Ok(Some(special)),
            // Text too large for the type would read as an infinity: refuse it rather than
            // invent a value the service never sent.
            Some(Ok(text)) => match text.parse::<f64>() {
                Ok(v) if v.is_finite() => Ok(Some(v)),
                _ => Err(out_of_range(offset, text, "f64")),
            },
        }
    }

    /// Reads a `float` like [`f64`](Self::f64), rounded once, directly from the text to `f32`.
    pub fn f32(&mut self) -> Result<Option<f32>, DeError> {
        let offset = self.value_start();
        match self.float_text()? {
            None => Ok(None),
            Some(Err(special)) => Ok(Some(special as f32)),
            Some(Ok(text)) => match text.parse::<f32>() {
                Ok(v) if v.is_finite() => Ok(Some(v)),
                _ => Err(out_of_range(offset, text, "f32")),
            },
        }
    }

    /// Reads the exact text of a number (for `bigInteger` and `bigDecimal`).
    pub fn number_text(&mut self) -> Result<Option<String>, DeError> {
        Ok(self.number("number")?.map(|n| n.text.to_owned()))
    }

    /// Reads a base64 string (standard alphabet, with padding) as a blob.
    pub fn blob(&mut self) -> Result<Option<Blob>, DeError> {
        let offset = self.value_start();
        let Some(text) = self.string_ref()? else {
            return Ok(None);
        };
        base64_simd::STANDARD
            .decode_to_vec(text.as_bytes())
            .map(|bytes| Some(Blob::new(bytes)))
            .map_err(|_| DeError::custom(offset, "invalid base64 in blob"))
    }

    /// Reads a timestamp: `EpochSeconds` from a JSON number, exactly from its text;
    /// `DateTime` (RFC 3339, offsets allowed) and `HttpDate` from a JSON string.
    pub fn timestamp(&mut self, format: TimestampFormat) -> Result<Option<DateTime>, DeError> {
        let offset = self.value_start();
        let parsed = if format == TimestampFormat::EpochSeconds {
            match self.number("epoch seconds")? {
                None => return Ok(None),
                Some(n) => timestamp::parse_epoch_seconds(n.text),
            }
        } else {
            match self.string_ref()? {
                None => return Ok(None),
                Some(text) => timestamp::parse(&text, format),
            }
        };
        parsed
            .map(Some)
            .map_err(|e| DeError::custom(offset, e.to_string()))
    }

    /// Skips whitespace and returns the offset of the value that follows.
    fn value_start(&mut self) -> usize {
        self.peek();
        self.pos
    }

    /// Ends reading: only whitespace may follow the value read, and every object and array
    /// must have been closed.
    pub fn finish(mut self) -> Result<(), DeError> {
        if self.depth != 0 {
            return Err(self.unexpected("end of the open object or array"));
        }
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(self.unexpected("end of input")),
        }
    }
}
