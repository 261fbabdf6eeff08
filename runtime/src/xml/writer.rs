//! [`ElementWriter`]: XML written straight into a `String` (features `xml` and `test-util`).
//!
//! awsQuery clients only read XML, so production code has no use for a writer; property tests
//! do, to turn arbitrary outputs and errors into response bodies (generated `test_util`
//! serializers call it). A protocol that sends XML (restXml) would lift it out of `test-util`.

use crate::json::ser::SerError;
use crate::timestamp;
use crate::{Blob, DateTime, TimestampFormat};

/// Appends `text` escaped for element content or (with `attribute`) a double-quoted attribute
/// value. `&`, `<` and `>` become entities; `\r` becomes `&#13;` so that it survives the
/// reader's line-end normalization; in attributes `"`, `\n` and `\t` are escaped too, so that
/// they survive attribute-value normalization. Characters XML 1.0 can't carry at all (most
/// controls, U+FFFE, U+FFFF) are written as they are and make the document malformed.
pub fn push_escaped(out: &mut String, text: &str, attribute: bool) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            '"' if attribute => out.push_str("&quot;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\t' if attribute => out.push_str("&#9;"),
            c => out.push(c),
        }
    }
}

/// Writes one element: its start tag on creation, then [attributes](Self::attribute), then
/// [child elements](Self::child) or [text](Self::text); its end tag when dropped.
///
/// ```
/// use smithy_rt::xml::ElementWriter;
/// let mut out = String::new();
/// {
///     let mut stream = ElementWriter::new(&mut out, "Stream");
///     stream.attribute("id").string("s-1");
///     stream.child("Name").text().string("logs & metrics");
///     stream.child("Count").text().integer(3);
///     stream.child("Ratio").text().double(f64::NAN);
/// }
/// assert_eq!(
///     out,
///     r#"<Stream id="s-1"><Name>logs &amp; metrics</Name><Count>3</Count><Ratio>NaN</Ratio></Stream>"#
/// );
/// ```
#[derive(Debug)]
pub struct ElementWriter<'a> {
    out: &'a mut String,
    name: &'a str,
    /// The start tag is not closed yet: attributes may still be written.
    start_open: bool,
}

impl<'a> ElementWriter<'a> {
    /// Starts element `name` (a qualified name, written as it is) at the end of `out`.
    pub fn new(out: &'a mut String, name: &'a str) -> Self {
        out.push('<');
        out.push_str(name);
        Self {
            out,
            name,
            start_open: true,
        }
    }

    /// Writes attribute `name`; its value is what the returned writer is given. Attributes
    /// must come before children and text (later ones are written as text, malformed).
    pub fn attribute(&mut self, name: &str) -> XmlText<'_> {
        self.out.push(' ');
        self.out.push_str(name);
        self.out.push_str("=\"");
        XmlText {
            out: self.out,
            attribute: true,
        }
    }

    fn close_start(&mut self) {
        if self.start_open {
            self.out.push('>');
            self.start_open = false;
        }
    }

    /// Starts child element `name`.
    pub fn child<'b>(&'b mut self, name: &'b str) -> ElementWriter<'b> {
        self.close_start();
        ElementWriter::new(self.out, name)
    }

    /// The writer of the element's text.
    pub fn text(&mut self) -> XmlText<'_> {
        self.close_start();
        XmlText {
            out: self.out,
            attribute: false,
        }
    }
}

impl Drop for ElementWriter<'_> {
    fn drop(&mut self) {
        self.close_start();
        self.out.push_str("</");
        self.out.push_str(self.name);
        self.out.push('>');
    }
}

/// Writes one scalar as element text or an attribute value, in the text forms the
/// [`XmlReader`](super::XmlReader)'s typed readers accept.
#[derive(Debug)]
#[must_use = "an XmlText writes nothing until one of its methods is called"]
pub struct XmlText<'w> {
    out: &'w mut String,
    attribute: bool,
}

impl XmlText<'_> {
    fn push(self, text: &str) {
        push_escaped(self.out, text, self.attribute);
        if self.attribute {
            self.out.push('"');
        }
    }

    /// A `string` or `enum` value.
    pub fn string(self, v: &str) {
        self.push(v);
    }

    /// `true` or `false`.
    pub fn boolean(self, v: bool) {
        self.push(if v { "true" } else { "false" });
    }

    /// A `byte`, `short`, `integer`, `long` or `intEnum`.
    pub fn integer(self, v: i64) {
        self.push(itoa::Buffer::new().format(v));
    }

    /// A `double`: the shortest text that reads back as `v`, or `NaN`, `Infinity`,
    /// `-Infinity`.
    pub fn double(self, v: f64) {
        if v.is_nan() {
            self.push("NaN");
        } else if v.is_infinite() {
            self.push(if v > 0.0 { "Infinity" } else { "-Infinity" });
        } else {
            self.push(ryu::Buffer::new().format_finite(v));
        }
    }

    /// A `float`, like [`double`](Self::double).
    pub fn float(self, v: f32) {
        if v.is_finite() {
            self.push(ryu::Buffer::new().format_finite(v));
        } else {
            // NaN and the infinities are the same in either width.
            self.double(f64::from(v));
        }
    }

    /// The text of a `bigInteger` or `bigDecimal`.
    pub fn number_text(self, v: &str) {
        self.push(v);
    }

    /// A `blob`, base64 with padding.
    pub fn blob(self, v: &Blob) {
        self.push(&base64_simd::STANDARD.encode_to_string(v.as_ref()));
    }

    /// A timestamp in `format`. Fails, writing nothing, outside the years 0001 to 9999 for
    /// a string format.
    pub fn timestamp(self, v: &DateTime, format: TimestampFormat) -> Result<(), SerError> {
        let text = timestamp::format(v, format)?;
        self.push(&text);
        Ok(())
    }
}
