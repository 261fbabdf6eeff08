//! Rendering: walks the tree and writes Markdown lines, escaping text so that rustdoc sees
//! only what the model meant.

use super::parse::{Elem, Node, collect_text, is_block};

/// An open inline style or link. Its opener is written lazily before the first content,
/// so empty styles vanish and leading spaces stay outside the delimiters.
struct Frame {
    open: String,
    close: String,
    link: bool,
    /// False for a style nested in the same style (`<b><b>`), or a link in a link.
    active: bool,
    shown: bool,
}

#[derive(Default)]
pub(super) struct Renderer {
    lines: Vec<String>,
    /// Whether the previous block was inside a list; `None` before the first block.
    prev_in_list: Option<bool>,
    para: String,
    pending_space: bool,
    pending_break: bool,
    frames: Vec<Frame>,
    /// Paragraph length right after a style closed, and its delimiter.
    last_close: Option<(usize, String)>,
    indent: usize,
    /// Column and text of the list marker that the next paragraph starts with.
    marker: Option<(usize, String)>,
    /// Column and content column of the last list marker written.
    marker_col: Option<usize>,
    item_col: usize,
    /// Open lists: ordered?, next number.
    lists: Vec<(bool, usize)>,
    label: Option<&'static str>,
}

impl Renderer {
    pub(super) fn finish(mut self) -> String {
        self.flush();
        self.lines.join("\n")
    }

    pub(super) fn nodes(&mut self, nodes: &[Node]) {
        for node in nodes {
            match node {
                Node::Text(text) => self.text(text),
                Node::Elem(elem) => self.elem(elem),
            }
        }
    }

    fn elem(&mut self, e: &Elem) {
        let name = e.name.as_str();
        match name {
            "br" => return self.line_break(),
            "li" | "dt" => return self.item(e, name == "dt"),
            "code" | "tt" | "kbd" | "samp" => return self.code(e),
            "pre" => return self.pre(e),
            "b" | "strong" => return self.styled(e, "**"),
            "i" | "em" | "var" | "cite" => return self.styled(e, "*"),
            "a" => return self.link(e),
            "script" | "style" | "head" | "title" | "img" => return,
            _ => {}
        }
        if !is_block(name) {
            // Inline or unknown: text only; table cells are separated by a space.
            self.pending_space |= matches!(name, "td" | "th");
            self.nodes(&e.children);
            self.pending_space |= matches!(name, "td" | "th");
            return;
        }
        self.flush();
        let saved_indent = self.indent;
        match name {
            "ul" | "ol" | "dl" => self.lists.push((name == "ol", 1)),
            "dd" if !self.lists.is_empty() => self.indent += 2,
            "note" => self.label = Some("Note:"),
            "important" => self.label = Some("Important:"),
            _ => {}
        }
        self.nodes(&e.children);
        self.flush();
        self.indent = saved_indent;
        match name {
            "ul" | "ol" | "dl" => drop(self.lists.pop()),
            "note" | "important" => self.label = None,
            _ => {}
        }
    }

    fn item(&mut self, e: &Elem, term: bool) {
        self.flush();
        let marker = match self.lists.last_mut() {
            Some((true, next)) => {
                *next += 1;
                format!("{}. ", *next - 1)
            }
            _ => "- ".to_owned(),
        };
        let saved_indent = self.indent;
        // An item that starts with a nested item shares its line: `- - text`.
        let (col, outer) = self.marker.take().unwrap_or((self.indent, String::new()));
        let outer_len = outer.len();
        self.indent = col + outer_len + marker.len();
        self.marker = Some((col, outer + &marker));
        if term {
            self.styled(e, "**");
        } else {
            self.nodes(&e.children);
        }
        self.flush();
        // An empty item leaves its marker unused: drop it, keep any outer one.
        if let Some((col, mut text)) = self.marker.take() {
            text.truncate(outer_len);
            self.marker = Some((col, text)).filter(|(_, t)| !t.is_empty());
        }
        self.indent = saved_indent;
    }

    fn styled(&mut self, e: &Elem, delim: &str) {
        let active = !self.frames.iter().any(|f| f.active && f.open == delim);
        self.push_frame(delim, delim.to_owned(), false, active);
        self.nodes(&e.children);
        self.pop_frame();
    }

    fn link(&mut self, e: &Elem) {
        let in_link = self.frames.iter().any(|f| f.active && f.link);
        let url = e.href.as_deref().map(str::trim).filter(|u| has_scheme(u));
        let Some(url) = url.filter(|_| !in_link).map(encode_url) else {
            return self.nodes(&e.children);
        };
        self.push_frame("[", format!("]({url})"), true, true);
        self.nodes(&e.children);
        self.pop_frame();
    }

    fn push_frame(&mut self, open: &str, close: String, link: bool, active: bool) {
        let open = open.to_owned();
        let frame = Frame {
            open,
            close,
            link,
            active,
            shown: false,
        };
        self.frames.push(frame);
    }

    fn pop_frame(&mut self) {
        if let Some(frame) = self.frames.pop().filter(|f| f.shown) {
            self.para.push_str(&frame.close);
            self.last_close = Some((self.para.len(), frame.close));
        }
    }

    fn code(&mut self, e: &Elem) {
        let mut raw = String::new();
        collect_text(&e.children, &mut raw, " ");
        let content = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        self.pending_space |= raw.starts_with(char::is_whitespace);
        let longest = longest_run(&content, '`');
        if longest >= 2 {
            self.text(&content); // a fence of 3+ backticks could open a code block
        } else if !content.is_empty() {
            let fence = "`".repeat(longest + 1);
            let pad = " ".repeat(usize::from(
                content.starts_with('`') || content.ends_with('`'),
            ));
            self.emit(&format!("{fence}{pad}{content}{pad}{fence}"));
        }
        self.pending_space |= raw.ends_with(char::is_whitespace);
    }

    fn pre(&mut self, e: &Elem) {
        self.flush();
        let mut raw = String::new();
        collect_text(&e.children, &mut raw, "");
        let lines: Vec<&str> = raw.lines().map(str::trim_end).collect();
        let Some(first) = lines.iter().position(|l| !l.is_empty()) else {
            return;
        };
        let last = lines.iter().rposition(|l| !l.is_empty()).unwrap_or(first);
        self.start_block();
        let prefix = self.take_marker_prefix();
        let longest = lines.iter().map(|l| longest_run(l, '`')).max().unwrap_or(0);
        let fence = "`".repeat(longest.max(2) + 1);
        self.lines.push(format!("{prefix}{fence}text"));
        for line in &lines[first..=last] {
            let pad = if line.is_empty() {
                String::new()
            } else {
                self.pad()
            };
            self.lines.push(format!("{pad}{line}"));
        }
        self.lines.push(format!("{}{fence}", self.pad()));
    }

    fn line_break(&mut self) {
        if self.pending_break {
            self.flush(); // two breaks in a row end the paragraph
        } else if !self.para.is_empty() {
            self.pending_break = true;
        }
    }

    fn text(&mut self, text: &str) {
        for (i, word) in text.split(char::is_whitespace).enumerate() {
            self.pending_space |= i > 0;
            if !word.is_empty() {
                self.emit(&self.escape_word(word));
            }
        }
    }

    /// Appends inline content, writing pending separators, label and style openers first.
    fn emit(&mut self, content: &str) {
        if self.pending_break && !self.para.is_empty() {
            self.para.push('\n');
        } else if self.pending_space && !self.para.is_empty() {
            self.para.push(' ');
        }
        (self.pending_space, self.pending_break) = (false, false);
        if let Some(label) = self.label.take() {
            self.para.push_str(&format!("**{label}** "));
        }
        for frame in self.frames.iter_mut().filter(|f| f.active && !f.shown) {
            match &self.last_close {
                // `<b>a</b><b>b</b>`: continue the style instead of `**a****b**`.
                Some((len, close)) if *len == self.para.len() && *close == frame.open => {
                    self.para.truncate(len - close.len());
                }
                _ => self.para.push_str(&frame.open),
            }
            frame.shown = true;
        }
        self.last_close = None;
        self.para.push_str(content);
    }

    /// Ends the current paragraph and writes its lines.
    fn flush(&mut self) {
        // Styles never span paragraphs: close them here, they reopen on the next content.
        for frame in self.frames.iter_mut().rev().filter(|f| f.shown) {
            self.para.push_str(&frame.close);
            frame.shown = false;
        }
        (self.pending_space, self.pending_break, self.last_close) = (false, false, None);
        let para = std::mem::take(&mut self.para);
        if para.trim().is_empty() {
            return;
        }
        self.start_block();
        let first_prefix = self.take_marker_prefix();
        let parts: Vec<&str> = para.split('\n').map(str::trim).collect();
        for (i, part) in parts.iter().enumerate() {
            let prefix = if i == 0 {
                first_prefix.clone()
            } else {
                self.pad()
            };
            let hard_break = if i + 1 < parts.len() { "\\" } else { "" };
            self.lines
                .push(format!("{prefix}{}{hard_break}", guard_line_start(part)));
        }
    }

    /// Indentation of a line that is not a list marker line. Never deeper than the last
    /// marker's content, so Markdown cannot read it as an indented code block.
    fn pad(&self) -> String {
        " ".repeat(self.indent.min(self.item_col))
    }

    /// Separates blocks with a blank line, except between the lines of a tight list.
    fn start_block(&mut self) {
        let in_list = self.marker.is_some() || !self.lists.is_empty() || self.indent > 0;
        // A sibling item, a bullet or `1.` may follow a line directly; `2.` would be read
        // as the continuation of that line.
        let tight = self.marker.as_ref().is_some_and(|(col, text)| {
            self.marker_col == Some(*col.min(&self.item_col))
                || text.starts_with("- ")
                || text.starts_with("1. ")
        });
        if self.prev_in_list.is_some_and(|prev| !(tight && prev)) {
            self.lines.push(String::new());
        }
        self.prev_in_list = Some(in_list);
    }

    fn take_marker_prefix(&mut self) -> String {
        match self.marker.take() {
            Some((col, text)) => {
                let col = col.min(self.item_col);
                (self.item_col, self.marker_col) = (col + text.len(), Some(col));
                format!("{}{text}", " ".repeat(col))
            }
            None => self.pad(),
        }
    }

    /// Escapes one whitespace-free word of text, turning bare URLs into autolinks.
    fn escape_word(&self, word: &str) -> String {
        let in_link = self.frames.iter().any(|f| f.active && f.link);
        let mut out = String::new();
        let mut rest = word;
        while let Some((start, end)) = find_url(rest).filter(|_| !in_link) {
            let (mut before, url, mut after) = (&rest[..start], &rest[start..end], &rest[end..]);
            // `<https://x>` in the source text: the brackets become the autolink's own.
            if before.ends_with('<') && after.starts_with('>') {
                (before, after) = (&before[..before.len() - 1], &after[1..]);
            }
            out.push_str(&format!("{}<{url}>", escape_text(before)));
            rest = after;
        }
        out + &escape_text(rest)
    }
}

fn longest_run(s: &str, c: char) -> usize {
    s.split(|x| x != c).map(str::len).max().unwrap_or(0)
}

/// Only absolute web and mail links are kept; relative links and anchors are dropped.
fn has_scheme(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|p| lower.starts_with(p) && lower.len() > p.len())
}

/// Percent-encodes what would end a link destination or an autolink.
fn encode_url(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            ' ' | '(' | ')' | '<' | '>' | '`' => out.push_str(&format!("%{:02X}", u32::from(c))),
            c if c.is_whitespace() || c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Byte range of the first `http://` or `https://` URL in a word, without trailing
/// punctuation or an unbalanced closing bracket.
fn find_url(word: &str) -> Option<(usize, usize)> {
    let (start, host) = word.match_indices("://").find_map(|(p, _)| {
        let scheme = ["https", "http"].iter().find_map(|scheme| {
            let s = p.checked_sub(scheme.len())?;
            word.get(s..p)?.eq_ignore_ascii_case(scheme).then_some(s)
        });
        scheme.map(|s| (s, p + 3))
    })?;
    let tail = &word[start..];
    let stop = tail.find(['<', '>', '"', '`', '\\', '|', '{', '}', '^']);
    let mut url = &tail[..stop.unwrap_or(tail.len())];
    let depth = |o, c| url.matches(o).count() as isize - url.matches(c).count() as isize;
    let (mut parens, mut brackets) = (depth('(', ')'), depth('[', ']'));
    while let Some(last) = url.chars().last() {
        match last {
            ')' if parens < 0 => parens += 1,
            ']' if brackets < 0 => brackets += 1,
            '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '*' | '_' | '~' => {}
            _ => break,
        }
        url = &url[..url.len() - last.len_utf8()];
    }
    (start + url.len() > host).then_some((start, start + url.len()))
}

/// Escapes Markdown syntax in plain text (line starts are handled by `guard_line_start`).
fn escape_text(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).and_then(|p| chars.get(p));
        let next = chars.get(i + 1);
        let alnum = |c: Option<&char>| c.is_some_and(|c| c.is_alphanumeric());
        let escape = match c {
            '\\' | '`' | '*' | '[' | ']' | '<' | '>' | '~' => true,
            // `snake_case` cannot start emphasis; `_word_` can.
            '_' => !(alnum(prev) && alnum(next)),
            // `&copy;` would be read as an entity.
            '&' => {
                let name = chars[i + 1..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphanumeric() || **c == '#');
                chars.get(i + 1 + name.count()) == Some(&';')
            }
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escapes a line start that Markdown would read as a heading, quote, list item,
/// thematic break, setext underline or table row.
fn guard_line_start(line: &str) -> String {
    if line.starts_with(['#', '>', '+', '-', '=', '|']) {
        return format!("\\{line}");
    }
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let rest = &line[digits..];
    if (1..=9).contains(&digits)
        && rest.starts_with(['.', ')'])
        && (rest.len() == 1 || rest[1..].starts_with(' '))
    {
        return format!("{}\\{rest}", &line[..digits]);
    }
    line.to_owned()
}
