//! [`XmlReader`], a pull reader over an XML response body (feature `xml`).
//!
//! Generated deserializers drive the reader in the shape of the expected value: a structure
//! asks for [`next_child`](XmlReader::next_child) until it returns `None` and matches each
//! child's [`local`](StartElement::local) name; a scalar member reads the child's text with a
//! typed reader; anything unknown is [skipped](XmlReader::skip).
//!
//! ```
//! use smithy_rt::xml::XmlReader;
//! # fn main() -> Result<(), smithy_rt::json::de::DeError> {
//! let body = br#"<Stream xmlns="https://example.com/" id="s-1">
//!     <Name>logs &amp; metrics</Name>
//!     <Count>3</Count>
//!     <Extra><Deep/></Extra>
//! </Stream>"#;
//! let mut reader = XmlReader::new(body)?;
//! let root = reader.root()?;
//! let id = root.attribute("id").map(|v| v.as_str().to_owned());
//! let (mut name, mut count) = (None, None);
//! while let Some(child) = reader.next_child()? {
//!     match child.local() {
//!         "Name" => name = Some(reader.string()?),
//!         "Count" => count = Some(reader.i32()?),
//!         _ => reader.skip()?,
//!     }
//! }
//! reader.finish()?;
//! assert_eq!(id.as_deref(), Some("s-1"));
//! assert_eq!((name.as_deref(), count), (Some("logs & metrics"), Some(3)));
//! # Ok(())
//! # }
//! ```
//!
//! What the reader guarantees, for any input:
//!
//! - **Well-formed XML 1.0 only**, in UTF-8: tags are tokenized by `xmlparser`; this module
//!   adds matching end tags, one root element, unique attribute names, and a declared encoding
//!   of UTF-8 if one is declared. Invalid UTF-8 anywhere is an error.
//! - **No entity expansion.** Text and attribute values decode the five predefined entities
//!   (`&lt;` `&gt;` `&amp;` `&apos;` `&quot;`) and character references (`&#65;`, `&#x41;`,
//!   which must name an XML character); any other reference is an error. A document type
//!   declaration (`<!DOCTYPE ...>`, with or without entity declarations or an external
//!   subset) is refused where it starts, so no input expands beyond its own size and nothing
//!   outside the body is ever read.
//! - **Bounded nesting and tags.** At most [`MAX_DEPTH`] elements are open at once (also in
//!   skipped content) and a start tag has at most [`MAX_ATTRIBUTES`] attributes, so neither a
//!   recursive deserializer nor a hostile tag can exhaust the stack or memory.
//! - **Errors name where**: every error carries the byte offset in the body; a document cut
//!   off anywhere is an error at its end.
//! - **No panic**: the crate denies `unwrap`, `expect`, `panic!` and indexing.
//!
//! Text follows XML 1.0: line ends (`\r\n`, `\r`) read as `\n`; in attribute values
//! whitespace characters read as spaces (character references such as `&#10;` keep theirs).
//! Text between child elements, comments and processing instructions is ignored. Names are
//! matched by their local part; namespace prefixes are kept but not resolved.

mod collections;
#[cfg(test)]
mod collections_tests;
#[cfg(test)]
pub(crate) mod hostile_tests;
mod reader;
#[cfg(test)]
mod tests;
mod text;
#[cfg(feature = "test-util")]
mod writer;

pub use collections::{read_list, read_map, read_map_entry};
pub use reader::{Attribute, StartElement, XmlEvent, XmlReader};
pub use text::Text;
pub(crate) use text::quoted;
#[cfg(feature = "test-util")]
pub use writer::{ElementWriter, XmlText, push_escaped};

/// Deepest nesting of elements the reader accepts: the root element is at depth 1. The same
/// limit as the JSON reader's.
pub const MAX_DEPTH: usize = crate::json::de::MAX_DEPTH;

/// Most attributes one start tag may have (`xmlns` declarations count).
pub const MAX_ATTRIBUTES: usize = 256;
