//! The HTTP binding traits, protocol-neutral: how member values become URI labels, query
//! parameters and header values ([`text`]), and how response headers become values again
//! ([`header`]). restJson1 uses them, and so would restXml: the rules are the Smithy spec's
//! "HTTP binding traits", not a protocol's.

pub mod header;
pub mod text;
