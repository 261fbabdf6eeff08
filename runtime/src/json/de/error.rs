//! The error of JSON reading.

use std::borrow::Cow;
use std::fmt;

/// A response body that could not be read: malformed JSON, or a value of the wrong type or out
/// of range. Carries the byte offset in the body where the problem was found.
///
/// Displays like `invalid JSON at byte 17: expected ':' but found '}'` or
/// `invalid value at byte 5: integer 3000000000 is out of range for i32`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeError {
    offset: Option<usize>,
    kind: Kind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Syntax {
        expected: &'static str,
        found: Option<u8>,
    },
    Message(Cow<'static, str>),
}

impl DeError {
    /// The input does not follow the JSON grammar: `expected` is a description of what would
    /// have been valid at `offset`, `found` the byte there (`None` at the end of the input).
    pub fn syntax(offset: usize, expected: &'static str, found: Option<u8>) -> Self {
        Self {
            offset: Some(offset),
            kind: Kind::Syntax { expected, found },
        }
    }

    /// A value at `offset` that is valid JSON but not acceptable (wrong type, out of range,
    /// not a valid timestamp, ...), described by `message`.
    pub fn custom(offset: usize, message: impl Into<Cow<'static, str>>) -> Self {
        Self {
            offset: Some(offset),
            kind: Kind::Message(message.into()),
        }
    }

    /// An error not tied to a position in the input, described by `message`.
    pub fn message(message: impl Into<Cow<'static, str>>) -> Self {
        Self {
            offset: None,
            kind: Kind::Message(message.into()),
        }
    }

    /// The byte offset in the input the error refers to, if any.
    pub fn offset(&self) -> Option<usize> {
        self.offset
    }

    /// Whether the input broke the JSON grammar (rather than holding an unacceptable value).
    pub fn is_syntax(&self) -> bool {
        matches!(self.kind, Kind::Syntax { .. })
    }
}

/// Writes a byte of the input for a message: a printable ASCII character quoted, anything else
/// in hex.
struct FoundByte(Option<u8>);

impl fmt::Display for FoundByte {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            None => f.write_str("end of input"),
            Some(b) if b.is_ascii_graphic() || b == b' ' => write!(f, "'{}'", char::from(b)),
            Some(b) => write!(f, "byte 0x{b:02X}"),
        }
    }
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.kind, self.offset) {
            (Kind::Syntax { expected, found }, Some(offset)) => write!(
                f,
                "invalid JSON at byte {offset}: expected {expected} but found {}",
                FoundByte(*found)
            ),
            (Kind::Syntax { expected, found }, None) => write!(
                f,
                "invalid JSON: expected {expected} but found {}",
                FoundByte(*found)
            ),
            (Kind::Message(message), Some(offset)) => {
                write!(f, "invalid value at byte {offset}: {message}")
            }
            (Kind::Message(message), None) => f.write_str(message),
        }
    }
}

impl std::error::Error for DeError {}
