//! [`XmlReader`]: well-formedness, nesting and references on top of `xmlparser`'s tokens.

use super::text::{Context, Text, decode, quoted};
use super::{MAX_ATTRIBUTES, MAX_DEPTH};
use crate::json::de::DeError;
use crate::{Blob, DateTime, TimestampFormat};
use std::borrow::Cow;
use xmlparser::{ElementEnd, Token, Tokenizer};

/// A qualified element or attribute name: `prefix:local`, or just `local`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct QName<'a> {
    prefix: &'a str,
    local: &'a str,
}

impl QName<'_> {
    fn shown(&self) -> String {
        if self.prefix.is_empty() {
            quoted(self.local).trim_matches('"').to_owned()
        } else {
            format!(
                "{}:{}",
                quoted(self.prefix).trim_matches('"'),
                quoted(self.local).trim_matches('"')
            )
        }
    }
}

/// The start tag of an element: its name and attributes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartElement<'a> {
    name: QName<'a>,
    offset: usize,
    attributes: Vec<Attribute<'a>>,
}

impl<'a> StartElement<'a> {
    /// The local name (`Code` in `<Code>` and in `<aws:Code>`). Generated code matches
    /// members on it; namespaces are not resolved.
    pub fn local(&self) -> &'a str {
        self.name.local
    }

    /// The namespace prefix (`aws` in `<aws:Code>`); empty when there is none.
    pub fn prefix(&self) -> &'a str {
        self.name.prefix
    }

    /// The byte offset of the `<` that starts the tag.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// The attributes in document order, `xmlns` declarations included.
    pub fn attributes(&self) -> &[Attribute<'a>] {
        &self.attributes
    }

    /// The value of the attribute with qualified name `name` (`"id"`, `"xsi:type"`); the
    /// prefix must match too.
    pub fn attribute(&self, name: &str) -> Option<&Text<'a>> {
        let (prefix, local) = name.split_once(':').unwrap_or(("", name));
        self.attributes
            .iter()
            .find(|a| a.name.prefix == prefix && a.name.local == local)
            .map(|a| &a.value)
    }
}

/// An attribute of a [`StartElement`], its value decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute<'a> {
    name: QName<'a>,
    value: Text<'a>,
}

impl<'a> Attribute<'a> {
    /// The local name (`type` in `xsi:type`).
    pub fn local(&self) -> &'a str {
        self.name.local
    }

    /// The namespace prefix; empty when there is none.
    pub fn prefix(&self) -> &'a str {
        self.name.prefix
    }

    /// The decoded value.
    pub fn value(&self) -> &Text<'a> {
        &self.value
    }
}

/// What the reader found next, from [`XmlReader::next_event`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum XmlEvent<'a> {
    /// A start tag; the element is now open (also when written `<a/>`: its `End` follows).
    Start(StartElement<'a>),
    /// Text or a CDATA section inside the open element, decoded. Consecutive pieces (split by
    /// comments or CDATA) come as separate events.
    Text(Text<'a>),
    /// The end tag of the innermost open element, at this byte offset.
    End(usize),
    /// The end of the document, after the root element.
    Eof,
}

/// A pull reader over an XML document. See the [module documentation](super).
#[derive(Debug, Clone)]
pub struct XmlReader<'a> {
    input: &'a str,
    tokens: Tokenizer<'a>,
    /// Open elements, innermost last.
    open: Vec<QName<'a>>,
    /// The innermost open element was written `<a/>` (with `/>` at this offset): its end
    /// comes next without a token.
    self_closed: Option<usize>,
    seen_root: bool,
    /// The first error returned: every later call returns it again, so a caller that ignores
    /// an error can't read on past it.
    failed: Option<DeError>,
}

impl<'a> XmlReader<'a> {
    /// A reader at the start of `body`. Fails if `body` is not UTF-8 (the only encoding
    /// accepted), naming the offset of the first bad byte.
    pub fn new(body: &'a [u8]) -> Result<Self, DeError> {
        let input = std::str::from_utf8(body).map_err(|e| {
            DeError::custom(
                e.valid_up_to(),
                "malformed XML: the body is not valid UTF-8",
            )
        })?;
        Ok(Self {
            input,
            tokens: Tokenizer::from(input),
            open: Vec::new(),
            self_closed: None,
            seen_root: false,
            failed: None,
        })
    }

    /// How many elements are open.
    pub fn depth(&self) -> usize {
        self.open.len()
    }

    /// An error at `offset`, for checks made by generated code.
    pub fn error(&self, offset: usize, message: impl Into<Cow<'static, str>>) -> DeError {
        DeError::custom(offset, message)
    }

    /// Reads up to the start tag of the root element and returns it. Call once, first.
    /// An empty document is an error.
    pub fn root(&mut self) -> Result<StartElement<'a>, DeError> {
        if self.seen_root {
            return Err(DeError::custom(0, "the root element was already read"));
        }
        match self.next_child()? {
            Some(root) => Ok(root),
            None => Err(DeError::custom(
                self.input.len(),
                "malformed XML: the document has no root element",
            )),
        }
    }

    /// The start tag of the next child element of the innermost open element, or `None` once
    /// that element's end tag has been read. Text between children is ignored; comments and
    /// processing instructions are skipped everywhere. Before [`root`](Self::root), the root
    /// element counts as the document's child.
    ///
    /// The child is then open: read it with `next_child`, [`text`](Self::text) or
    /// [`skip`](Self::skip) before asking for its next sibling.
    pub fn next_child(&mut self) -> Result<Option<StartElement<'a>>, DeError> {
        loop {
            match self.next_event()? {
                XmlEvent::Start(start) => return Ok(Some(start)),
                XmlEvent::Text(_) => {}
                XmlEvent::End(_) | XmlEvent::Eof => return Ok(None),
            }
        }
    }

    /// Reads the text content of the innermost open element, up to and including its end tag:
    /// text and CDATA sections joined, references decoded. An empty element gives empty text.
    /// A child element is an error.
    pub fn text(&mut self) -> Result<Text<'a>, DeError> {
        match self.text_or_skip()? {
            Ok(text) => Ok(text),
            Err(child) => Err(DeError::custom(
                child.offset,
                format!("expected text but found element <{}>", child.name.shown()),
            )),
        }
    }

    /// Like [`text`](Self::text), but a child element is skipped (with the rest of the
    /// element) and returned as `Err` instead of failing.
    pub(crate) fn text_or_skip(&mut self) -> Result<Result<Text<'a>, StartElement<'a>>, DeError> {
        let mut text: Option<Text<'a>> = None;
        loop {
            match self.next_event()? {
                XmlEvent::Text(piece) => {
                    text = Some(match text {
                        None => piece,
                        Some(so_far) => {
                            let offset = so_far.offset();
                            let mut joined = so_far.into_string();
                            joined.push_str(piece.as_str());
                            Text::new(joined, offset)
                        }
                    });
                }
                XmlEvent::Start(child) => {
                    self.skip()?;
                    self.skip()?;
                    return Ok(Err(child));
                }
                XmlEvent::End(offset) => {
                    return Ok(Ok(text.unwrap_or_else(|| Text::new("", offset))));
                }
                XmlEvent::Eof => {
                    return Err(DeError::custom(
                        self.input.len(),
                        "expected text but no element is open",
                    ));
                }
            }
        }
    }

    /// Skips the rest of the innermost open element, including its end tag. Skipped content
    /// is checked like any other: it must be well-formed and within the depth limit.
    pub fn skip(&mut self) -> Result<(), DeError> {
        let Some(target) = self.open.len().checked_sub(1) else {
            return Ok(());
        };
        while self.open.len() > target {
            if let XmlEvent::Eof = self.next_event()? {
                break;
            }
        }
        Ok(())
    }

    /// Ends reading: skips whatever is still open, then checks that only comments, processing
    /// instructions and whitespace follow the root element.
    pub fn finish(mut self) -> Result<(), DeError> {
        while !self.open.is_empty() {
            self.skip()?;
        }
        if !self.seen_root {
            return Err(DeError::custom(
                self.input.len(),
                "malformed XML: the document has no root element",
            ));
        }
        match self.next_event()? {
            XmlEvent::Eof => Ok(()),
            XmlEvent::Start(start) => Err(DeError::custom(
                start.offset,
                "malformed XML: a second root element",
            )),
            XmlEvent::Text(text) => Err(DeError::custom(
                text.offset(),
                "malformed XML: text after the root element",
            )),
            XmlEvent::End(offset) => Err(DeError::custom(
                offset,
                "malformed XML: an end tag after the root element",
            )),
        }
    }

    /// Reads the element's text as a `string`.
    pub fn string(&mut self) -> Result<String, DeError> {
        self.text().map(Text::into_string)
    }

    /// Reads the element's text as a `boolean`.
    pub fn boolean(&mut self) -> Result<bool, DeError> {
        self.text()?.boolean()
    }

    /// Reads the element's text as a `byte`.
    pub fn i8(&mut self) -> Result<i8, DeError> {
        self.text()?.i8()
    }

    /// Reads the element's text as a `short`.
    pub fn i16(&mut self) -> Result<i16, DeError> {
        self.text()?.i16()
    }

    /// Reads the element's text as an `integer` or `intEnum`.
    pub fn i32(&mut self) -> Result<i32, DeError> {
        self.text()?.i32()
    }

    /// Reads the element's text as a `long`.
    pub fn i64(&mut self) -> Result<i64, DeError> {
        self.text()?.i64()
    }

    /// Reads the element's text as a `float` (`NaN`, `Infinity`, `-Infinity` included).
    pub fn f32(&mut self) -> Result<f32, DeError> {
        self.text()?.f32()
    }

    /// Reads the element's text as a `double` (`NaN`, `Infinity`, `-Infinity` included).
    pub fn f64(&mut self) -> Result<f64, DeError> {
        self.text()?.f64()
    }

    /// Reads the element's text as a `bigInteger` or `bigDecimal`, exactly.
    pub fn number_text(&mut self) -> Result<String, DeError> {
        self.text()?.number_text()
    }

    /// Reads the element's text as a base64 `blob`.
    pub fn blob(&mut self) -> Result<Blob, DeError> {
        self.text()?.blob()
    }

    /// Reads the element's text as a timestamp in `format`.
    pub fn timestamp(&mut self, format: TimestampFormat) -> Result<DateTime, DeError> {
        self.text()?.timestamp(format)
    }

    /// The next event of the document, for readers that walk any document (the typed readers
    /// above are built on it). Comments, processing instructions and the XML declaration are
    /// skipped; whitespace between elements comes as text. After `Eof`, every call gives
    /// `Eof` again.
    pub fn next_event(&mut self) -> Result<XmlEvent<'a>, DeError> {
        if let Some(error) = &self.failed {
            return Err(error.clone());
        }
        let event = self.event();
        if let Err(error) = &event {
            self.failed = Some(error.clone());
        }
        event
    }

    fn event(&mut self) -> Result<XmlEvent<'a>, DeError> {
        if let Some(offset) = self.self_closed.take() {
            self.open.pop();
            return Ok(XmlEvent::End(offset));
        }
        loop {
            let Some(token) = self.token()? else {
                return match self.open.last() {
                    None if self.seen_root => Ok(XmlEvent::Eof),
                    None => Err(self.truncated("the root element")),
                    Some(name) => Err(self.truncated(&format!("</{}>", name.shown()))),
                };
            };
            match token {
                Token::Declaration { encoding, span, .. } => {
                    if let Some(encoding) = encoding
                        && !encoding.as_str().eq_ignore_ascii_case("UTF-8")
                    {
                        return Err(DeError::custom(
                            span.start(),
                            format!(
                                "malformed XML: encoding {} is not supported (only UTF-8)",
                                quoted(encoding.as_str())
                            ),
                        ));
                    }
                }
                Token::ProcessingInstruction { .. } | Token::Comment { .. } => {}
                Token::DtdStart { span, .. }
                | Token::EmptyDtd { span, .. }
                | Token::EntityDeclaration { span, .. }
                | Token::DtdEnd { span } => {
                    return Err(DeError::custom(
                        span.start(),
                        "malformed XML: document type declarations (<!DOCTYPE>) are not accepted",
                    ));
                }
                Token::ElementStart {
                    prefix,
                    local,
                    span,
                } => {
                    let name = QName {
                        prefix: prefix.as_str(),
                        local: local.as_str(),
                    };
                    return self.start(name, span.start()).map(XmlEvent::Start);
                }
                Token::Text { text } => {
                    let decoded = decode(text.as_str(), text.start(), Context::Content)?;
                    return Ok(XmlEvent::Text(Text::new(decoded, text.start())));
                }
                Token::Cdata { text, .. } => {
                    let decoded = decode(text.as_str(), text.start(), Context::Cdata)?;
                    return Ok(XmlEvent::Text(Text::new(decoded, text.start())));
                }
                Token::ElementEnd {
                    end: ElementEnd::Close(prefix, local),
                    span,
                } => {
                    let name = QName {
                        prefix: prefix.as_str(),
                        local: local.as_str(),
                    };
                    return match self.open.pop() {
                        Some(open) if open == name => Ok(XmlEvent::End(span.start())),
                        Some(open) => Err(DeError::custom(
                            span.start(),
                            format!(
                                "malformed XML: </{}> does not close <{}>",
                                name.shown(),
                                open.shown()
                            ),
                        )),
                        None => Err(DeError::custom(
                            span.start(),
                            format!("malformed XML: </{}> closes nothing", name.shown()),
                        )),
                    };
                }
                Token::ElementEnd { span, .. } | Token::Attribute { span, .. } => {
                    // The tokenizer yields these only inside a start tag, which `start` reads.
                    return Err(DeError::custom(
                        span.start(),
                        "malformed XML: unexpected token",
                    ));
                }
            }
        }
    }

    /// Reads the attributes and the end of a start tag whose name was just read.
    fn start(&mut self, name: QName<'a>, offset: usize) -> Result<StartElement<'a>, DeError> {
        if self.open.len() >= MAX_DEPTH {
            return Err(DeError::custom(
                offset,
                format!("malformed XML: elements are nested more than {MAX_DEPTH} deep"),
            ));
        }
        let mut attributes: Vec<Attribute<'a>> = Vec::new();
        loop {
            let Some(token) = self.token()? else {
                return Err(self.truncated("the end of the start tag"));
            };
            match token {
                Token::Attribute {
                    prefix,
                    local,
                    value,
                    span,
                } => {
                    let attribute = Attribute {
                        name: QName {
                            prefix: prefix.as_str(),
                            local: local.as_str(),
                        },
                        value: Text::new(
                            decode(value.as_str(), value.start(), Context::Attribute)?,
                            value.start(),
                        ),
                    };
                    if attributes.len() >= MAX_ATTRIBUTES {
                        return Err(DeError::custom(
                            span.start(),
                            format!(
                                "malformed XML: more than {MAX_ATTRIBUTES} attributes on one element"
                            ),
                        ));
                    }
                    attributes.push(attribute);
                }
                Token::ElementEnd { end, span } => {
                    if matches!(end, ElementEnd::Close(..)) {
                        return Err(DeError::custom(
                            span.start(),
                            "malformed XML: unexpected end tag",
                        ));
                    }
                    check_unique(&attributes)?;
                    self.open.push(name);
                    self.seen_root = true;
                    self.self_closed = (end == ElementEnd::Empty).then_some(span.start());
                    return Ok(StartElement {
                        name,
                        offset,
                        attributes,
                    });
                }
                other => {
                    return Err(DeError::custom(
                        other.span().start(),
                        "malformed XML: unexpected token in a start tag",
                    ));
                }
            }
        }
    }

    /// The next token of the tokenizer, its error turned into a [`DeError`] with the byte
    /// offset.
    fn token(&mut self) -> Result<Option<Token<'a>>, DeError> {
        match self.tokens.next() {
            None => Ok(None),
            Some(Ok(token)) => Ok(Some(token)),
            Some(Err(e)) => Err(syntax_error(self.input, &e)),
        }
    }

    /// The document ends before `what`.
    fn truncated(&self, what: &str) -> DeError {
        DeError::custom(
            self.input.len(),
            format!("malformed XML: the document ends before {what}"),
        )
    }
}

/// Fails on an attribute name given twice in one start tag.
fn check_unique(attributes: &[Attribute<'_>]) -> Result<(), DeError> {
    let duplicate = |a: &Attribute<'_>| {
        DeError::custom(
            a.value.offset(),
            format!("malformed XML: duplicate attribute {}", a.name.shown()),
        )
    };
    // Few attributes is the norm: compare pairs. Many (up to MAX_ATTRIBUTES) go through a set
    // so that hostile tags cost linear time.
    if attributes.len() <= 8 {
        for (i, a) in attributes.iter().enumerate() {
            if attributes
                .get(..i)
                .unwrap_or_default()
                .iter()
                .any(|b| b.name == a.name)
            {
                return Err(duplicate(a));
            }
        }
    } else {
        let mut seen = std::collections::HashSet::with_capacity(attributes.len());
        for a in attributes {
            if !seen.insert((a.name.prefix, a.name.local)) {
                return Err(duplicate(a));
            }
        }
    }
    Ok(())
}

/// A tokenizer error as a [`DeError`] at the byte offset its row and column point to.
fn syntax_error(input: &str, error: &xmlparser::Error) -> DeError {
    use xmlparser::{Error as E, StreamError as S};
    let (what, cause) = match error {
        E::InvalidDeclaration(c, _) => ("invalid XML declaration", Some(c)),
        E::InvalidComment(c, _) => ("invalid comment", Some(c)),
        E::InvalidPI(c, _) => ("invalid processing instruction", Some(c)),
        E::InvalidDoctype(c, _) => ("invalid document type declaration", Some(c)),
        E::InvalidEntity(c, _) => ("invalid entity declaration", Some(c)),
        E::InvalidElement(c, _) => ("invalid tag", Some(c)),
        E::InvalidAttribute(c, _) => ("invalid attribute", Some(c)),
        E::InvalidCdata(c, _) => ("invalid CDATA section", Some(c)),
        E::InvalidCharData(c, _) => ("invalid text", Some(c)),
        E::UnknownToken(_) => ("unexpected content", None),
    };
    // The cause's own position is the more precise one when it has one.
    let (detail, pos) = match cause {
        None => (String::new(), error.pos()),
        Some(cause) => match *cause {
            S::UnexpectedEndOfStream => (": the document ends early".to_owned(), error.pos()),
            S::InvalidName => (": invalid name".to_owned(), error.pos()),
            S::NonXmlChar(c, pos) => (format!(": character {c:?} is not allowed"), pos),
            S::InvalidChar(found, expected, pos) => (
                format!(
                    ": expected {:?} but found {:?}",
                    char::from(expected),
                    char::from(found)
                ),
                pos,
            ),
            S::InvalidCharMultiple(found, _, pos) => {
                (format!(": unexpected {:?}", char::from(found)), pos)
            }
            S::InvalidQuote(found, pos) => (
                format!(": expected a quote but found {:?}", char::from(found)),
                pos,
            ),
            S::InvalidSpace(found, pos) => (
                format!(": expected a space but found {:?}", char::from(found)),
                pos,
            ),
            S::InvalidString(expected, pos) => (format!(": expected '{expected}'"), pos),
            S::InvalidReference => (": invalid reference".to_owned(), error.pos()),
            S::InvalidExternalID => (": invalid external id".to_owned(), error.pos()),
            S::InvalidCommentData => (": '--' inside a comment".to_owned(), error.pos()),
            S::InvalidCommentEnd => (": a comment ends with '-'".to_owned(), error.pos()),
            S::InvalidCharacterData => (": ']]>' in text".to_owned(), error.pos()),
        },
    };
    DeError::custom(
        byte_offset(input, pos.row, pos.col),
        format!("malformed XML: {what}{detail}"),
    )
}

/// The byte offset of 1-based `row` and `col` (counted in characters), as the tokenizer
/// reports positions; clamped to the input.
fn byte_offset(input: &str, row: u32, col: u32) -> usize {
    let line_start = if row <= 1 {
        0
    } else {
        input
            .match_indices('\n')
            .nth(row as usize - 2)
            .map_or(input.len(), |(i, _)| i + 1)
    };
    let line = input.get(line_start..).unwrap_or_default();
    let in_line = line
        .char_indices()
        .nth(col.saturating_sub(1) as usize)
        .map_or(line.len(), |(i, _)| i);
    line_start + in_line
}
