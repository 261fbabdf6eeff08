//! Walkers over `smithy_rt::xml::XmlReader` for the `aws_query` target.
//!
//! - [`events`]: every event of a document, owned, to its end: the generic "read any
//!   document" walk.
//! - [`canonical`]: writes events back as XML with every special character escaped, so that
//!   `events(canonical(events(doc))) == events(doc)` for any accepted document.
//! - [`drive`]: the calls generated deserializers make (`next_child`, `text`, typed readers,
//!   `skip`), chosen by a seed, so every order of calls is tried.

use smithy_rt::TimestampFormat;
use smithy_rt::json::de::DeError;
use smithy_rt::xml::{XmlEvent, XmlReader};

/// An owned [`XmlEvent`], adjacent text pieces joined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Prefix, local name, attributes (prefix, local, value).
    Start(String, String, Vec<(String, String, String)>),
    Text(String),
    End,
}

/// Every event of `body` up to the end of the document; `finish` must agree.
pub fn events(body: &[u8]) -> Result<Vec<Event>, DeError> {
    let mut reader = XmlReader::new(body)?;
    let mut out: Vec<Event> = Vec::new();
    loop {
        match reader.next_event()? {
            XmlEvent::Start(start) => {
                let attributes = start
                    .attributes()
                    .iter()
                    .map(|a| {
                        (
                            a.prefix().to_owned(),
                            a.local().to_owned(),
                            a.value().as_str().to_owned(),
                        )
                    })
                    .collect();
                out.push(Event::Start(
                    start.prefix().to_owned(),
                    start.local().to_owned(),
                    attributes,
                ));
            }
            XmlEvent::Text(text) => match out.last_mut() {
                Some(Event::Text(previous)) => previous.push_str(text.as_str()),
                _ => out.push(Event::Text(text.as_str().to_owned())),
            },
            XmlEvent::End(_) => out.push(Event::End),
            XmlEvent::Eof => break,
        }
    }
    reader.finish()?;
    Ok(out)
}

fn qualified(prefix: &str, local: &str) -> String {
    if prefix.is_empty() {
        local.to_owned()
    } else {
        format!("{prefix}:{local}")
    }
}

/// `events` written as a document: text escapes `&`, `<`, `>` and `\r`; attribute values
/// also `"` and the whitespace that attribute normalization would turn into spaces.
pub fn canonical(events: &[Event]) -> String {
    let mut out = String::new();
    let mut open = Vec::new();
    for event in events {
        match event {
            Event::Start(prefix, local, attributes) => {
                let name = qualified(prefix, local);
                out.push('<');
                out.push_str(&name);
                for (prefix, local, value) in attributes {
                    out.push(' ');
                    out.push_str(&qualified(prefix, local));
                    out.push_str("=\"");
                    for c in value.chars() {
                        match c {
                            '&' => out.push_str("&amp;"),
                            '<' => out.push_str("&lt;"),
                            '"' => out.push_str("&quot;"),
                            '\t' => out.push_str("&#9;"),
                            '\n' => out.push_str("&#10;"),
                            '\r' => out.push_str("&#13;"),
                            c => out.push(c),
                        }
                    }
                    out.push('"');
                }
                out.push('>');
                open.push(name);
            }
            Event::Text(text) => {
                for c in text.chars() {
                    match c {
                        '&' => out.push_str("&amp;"),
                        '<' => out.push_str("&lt;"),
                        '>' => out.push_str("&gt;"),
                        '\r' => out.push_str("&#13;"),
                        c => out.push(c),
                    }
                }
            }
            Event::End => {
                out.push_str("</");
                out.push_str(&open.pop().unwrap_or_default());
                out.push('>');
            }
        }
    }
    out
}

/// A tiny seeded generator of choices (xorshift64*).
pub struct Choices(u64);

impl Choices {
    pub fn new(seed: u64) -> Self {
        Self(seed | 1)
    }

    pub fn next(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n
    }
}

/// Reads the open element the way generated code might: as a structure (children, each
/// read recursively), as one of the scalar types, or skipped. Errors are fine; panics are
/// not. Returns how many elements were visited.
pub fn drive(reader: &mut XmlReader<'_>, choices: &mut Choices) -> Result<usize, DeError> {
    let mut visited = 1;
    let depth = reader.depth();
    match choices.next(12) {
        0..=3 => {
            while let Some(child) = reader.next_child()? {
                std::hint::black_box((child.local(), child.prefix(), child.attribute("xmlns")));
                visited += drive(reader, choices)?;
            }
        }
        4 => {
            std::hint::black_box(reader.string()?);
        }
        5 => {
            std::hint::black_box(reader.i32()?);
        }
        6 => {
            std::hint::black_box(reader.f64()?);
        }
        7 => {
            std::hint::black_box(reader.boolean()?);
        }
        8 => {
            std::hint::black_box(reader.blob()?);
        }
        9 => {
            let format = [
                TimestampFormat::DateTime,
                TimestampFormat::EpochSeconds,
                TimestampFormat::HttpDate,
            ][choices.next(3) as usize];
            std::hint::black_box(reader.timestamp(format)?);
        }
        10 => {
            let text = reader.text()?;
            let _ = std::hint::black_box((text.i64(), text.f32(), text.number_text(), text.i8()));
        }
        _ => reader.skip()?,
    }
    assert!(
        reader.depth() < depth || depth == 0,
        "an element read is closed"
    );
    Ok(visited)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_form_reads_back_the_same() {
        let doc = "<?xml version=\"1.0\"?><a:r xmlns:a=\"u\" v=\"x&#10;&amp;&quot;y\">\r\n t&lt;\
                   <![CDATA[<&]]>]<b/>&#13;&gt;<!--c--></a:r>";
        let first = events(doc.as_bytes()).unwrap();
        let written = canonical(&first);
        assert_eq!(events(written.as_bytes()).unwrap(), first, "{written}");
    }

    #[test]
    fn drive_reads_any_order_of_calls() {
        let doc = b"<r><a>1</a><b><c>x</c></b><d/></r>";
        for seed in 0..200 {
            let mut reader = XmlReader::new(doc).unwrap();
            reader.root().unwrap();
            if drive(&mut reader, &mut Choices::new(seed)).is_ok() {
                reader.finish().unwrap();
            }
        }
    }
}
