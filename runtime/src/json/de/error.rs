//! The error of JSON reading.

use std::borrow::Cow;
use std::fmt;

/// A response body that could not be read: malformed JSON, or a value of the wrong type or out
/// of range. Carries the byte offset in the body where the problem was found.
///
/// Displays like `invalid JSON at byte 17: expected ':' but found '}'` or
/// `in Stream.Count: invalid value at byte 5: integer 3000000000 is out of range for i32`: the
/// path names the member (list index, map key) the error was found in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeError {
    offset: Option<usize>,
    kind: Kind,
    /// Where in the value the error happened, innermost first (filled while the error
    /// travels up through generated deserializers).
    path: Vec<Segment>,
}

/// One step of a [`DeError`] path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Member(String),
    Index(usize),
    Key(String),
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
            path: Vec::new(),
        }
    }

    /// A value at `offset` that is valid JSON but not acceptable (wrong type, out of range,
    /// not a valid timestamp, ...), described by `message`.
    pub fn custom(offset: usize, message: impl Into<Cow<'static, str>>) -> Self {
        Self {
            offset: Some(offset),
            kind: Kind::Message(message.into()),
            path: Vec::new(),
        }
    }

    /// An error not tied to a position in the input, described by `message`.
    pub fn message(message: impl Into<Cow<'static, str>>) -> Self {
        Self {
            offset: None,
            kind: Kind::Message(message.into()),
            path: Vec::new(),
        }
    }

    /// A member name, list index or map key given twice in one object, at `offset`.
    pub fn duplicate(offset: usize, what: &'static str, name: &str) -> Self {
        Self::custom(offset, format!("duplicate {what} {}", short(name)))
    }

    /// The error happened inside member `name` of a structure or union (called by generated
    /// code as the error leaves that member).
    #[cold]
    pub fn in_member(mut self, name: &str) -> Self {
        let shown = match name.char_indices().nth(MAX_NAME) {
            Some((end, _)) => format!("{}...", name.get(..end).unwrap_or_default()),
            None => name.to_owned(),
        };
        self.path.push(Segment::Member(shown));
        self
    }

    /// The error happened inside element `index` of a list.
    #[cold]
    pub fn in_index(mut self, index: usize) -> Self {
        self.path.push(Segment::Index(index));
        self
    }

    /// The error happened inside the value of map key `key`.
    #[cold]
    pub fn in_key(mut self, key: &str) -> Self {
        self.path.push(Segment::Key(short(key)));
        self
    }

    /// Where in the value the error happened, like
    /// `DeliveryStreamDescription.Destinations[0].S3DestinationDescription.BucketARN` or
    /// `Tags["env"]`; empty at the top level.
    pub fn path(&self) -> String {
        let mut out = String::new();
        for segment in self.path.iter().rev() {
            match segment {
                Segment::Member(name) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(name);
                }
                Segment::Index(i) => out.push_str(&format!("[{i}]")),
                Segment::Key(key) => out.push_str(&format!("[{key}]")),
            }
        }
        out
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

/// Characters of a name from the input that messages show.
const MAX_NAME: usize = 40;

/// A name from the input for a message: quoted with escapes, cut after 40 characters so a
/// hostile key can't blow up the message.
fn short(name: &str) -> String {
    match name.char_indices().nth(MAX_NAME) {
        Some((end, _)) => format!("{:?}...", name.get(..end).unwrap_or_default()),
        None => format!("{name:?}"),
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
        if !self.path.is_empty() {
            write!(f, "in {}: ", self.path())?;
        }
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
