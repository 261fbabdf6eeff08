//! Smithy documentation (HTML fragments in AWS models) to rustdoc Markdown.
//!
//! A small tolerant tag scanner builds a tree; a renderer walks it and writes Markdown
//! lines. Nothing here panics, whatever the input.
//!
//! Choices worth knowing:
//! - Whitespace collapses like a browser (`&nbsp;` too); `<br>` is a `\` hard break and
//!   two in a row end the paragraph.
//! - `<note>` / `<important>` open a paragraph with `**Note:**` / `**Important:**`;
//!   `<fullname>` is kept as its own paragraph; `<dl>` becomes a list of bold terms with
//!   the definitions indented under them; `<pre>` becomes a ```` ```text ```` block.
//! - Tags are dropped and their text kept. A tag name that is not HTML and is never
//!   closed (`<region>` in `com.amazonaws.vpce.<region>`) is kept as literal text.
//! - Text is escaped so rustdoc sees no links, HTML or emphasis that the model did not
//!   mean: `\[`, `\<`, `\*`, ... Bare `http(s)://` URLs become `<autolinks>`. Only
//!   absolute `http(s)` / `mailto` links are kept; others keep their text only.
//! - Input without any tag is plain text: blank lines separate paragraphs.

mod parse;
mod render;

use parse::{Node, first_block_text, parse, sanitize};
use render::Renderer;

/// Converts Smithy HTML documentation into Markdown suitable for `///` lines. Never
/// panics; unknown tags are dropped, their text kept. Lines are joined with `\n`, with no
/// trailing whitespace and no leading or trailing blank line; the caller adds `///`.
pub fn html_to_markdown(html: &str) -> String {
    let mut renderer = Renderer::default();
    renderer.nodes(&parse(html));
    renderer.finish()
}

/// One-sentence plain-text summary: the first sentence of the first paragraph (or list
/// item), tags removed, entities decoded, no Markdown. Pass it through
/// [`escape_markdown`] before putting it in a doc comment.
pub fn summary(html: &str) -> String {
    let mut text = String::new();
    first_block_text(&parse(html), &mut text);
    first_sentence(&text.split_whitespace().collect::<Vec<_>>().join(" ")).to_owned()
}

/// Escapes plain text as one Markdown paragraph (whitespace collapsed), e.g. a
/// [`summary`] or a message that goes into a doc comment.
pub fn escape_markdown(text: &str) -> String {
    let mut renderer = Renderer::default();
    renderer.nodes(&[Node::Text(sanitize(text))]);
    renderer.finish()
}

/// Text up to the first `.`, `!` or `?` that is followed by a space and then by something
/// other than a lowercase letter, skipping `e.g.`, `i.e.` and `vs.`.
fn first_sentence(text: &str) -> &str {
    for (i, c) in text.char_indices() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let after = &text[i + 1..];
        let Some(next) = after.strip_prefix(' ').and_then(|a| a.chars().next()) else {
            continue;
        };
        let word = text[..i].rsplit(' ').next().map(str::to_ascii_lowercase);
        if !next.is_lowercase() && !matches!(word.as_deref(), Some("e.g" | "i.e" | "vs")) {
            return &text[..=i];
        }
    }
    text
}

#[cfg(test)]
mod tests;
