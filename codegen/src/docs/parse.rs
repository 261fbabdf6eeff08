//! Parsing: a tolerant tag scanner that turns an HTML fragment into a tree of [`Node`]s, and
//! the queries the summary needs (`first_block_text`). Deeper elements than `MAX_DEPTH` are
//! flattened into their parent.

use std::collections::HashSet;

/// Deeper elements are flattened into their parent, which bounds recursion.
const MAX_DEPTH: usize = 100;

pub(super) enum Node {
    Text(String),
    Elem(Elem),
}

#[derive(Default)]
pub(super) struct Elem {
    pub(super) name: String,
    pub(super) href: Option<String>,
    pub(super) children: Vec<Node>,
}

/// Tags that mean something in HTML or Smithy docs; other names are only tags if closed.
const KNOWN_TAGS: &str = "a abbr b blockquote body br caption cite code dd del div dl dt em
    fullname h1 h2 h3 h4 h5 h6 head hr html i img important ins kbd li note ol p pre q s samp
    script section small span strong style sub sup table tbody td tfoot th thead title tr tt u
    ul var wbr";

const VOID_TAGS: &[&str] = &["br", "hr", "img", "wbr", "input", "meta", "link", "col"];

/// Drops control characters (a bare CR is an error in a doc comment).
pub(super) fn sanitize(s: &str) -> String {
    let s = s.replace("\r\n", "\n").replace('\r', "\n");
    s.chars()
        .filter(|&c| !c.is_control() || c == '\n' || c == '\t')
        .collect()
}

pub(super) fn parse(html: &str) -> Vec<Node> {
    let s = sanitize(html);
    let lower = s.to_ascii_lowercase();
    let closed: HashSet<&str> = lower.split("</").skip(1).map(tag_name).collect();
    let mut stack = vec![Elem::default()];
    let (mut i, mut text_start, mut saw_tag) = (0, 0, false);
    while let Some(offset) = s[i..].find('<') {
        let at = i + offset;
        i = at + 1;
        let Some((end, close, name)) = scan_tag(&s, at) else {
            continue;
        };
        let known = KNOWN_TAGS.split_whitespace().any(|t| t == name);
        if !close && !known && !name.is_empty() && !closed.contains(name.as_str()) {
            continue; // `<region>` placeholder text, not a tag
        }
        push_text(&mut stack, &decode_entities(&s[text_start..at]));
        (i, text_start, saw_tag) = (end, end, true);
        if name.is_empty() {
            continue; // comment or declaration
        }
        if close {
            if let Some(pos) = stack.iter().rposition(|e| e.name == name) {
                close_to(&mut stack, pos); // never the root: its name is empty
            }
            continue;
        }
        let href = attribute(&s[at..end], "href");
        let elem = Elem {
            name,
            href,
            children: Vec::new(),
        };
        if s[..end].ends_with("/>") || VOID_TAGS.contains(&elem.name.as_str()) {
            push_node(&mut stack, Node::Elem(elem));
        } else {
            close_implied(&mut stack, &elem.name);
            if stack.len() < MAX_DEPTH {
                stack.push(elem);
            }
        }
    }
    if !saw_tag {
        return plain_paragraphs(&decode_entities(&s));
    }
    push_text(&mut stack, &decode_entities(&s[text_start..]));
    close_to(&mut stack, 1);
    stack.pop().map(|root| root.children).unwrap_or_default()
}

/// Reads the markup at `s[at] == '<'`: index after it, whether it is an end tag, and the
/// lowercase tag name (empty for comments and declarations). `None` when `<` is text.
fn scan_tag(s: &str, at: usize) -> Option<(usize, bool, String)> {
    let rest = &s[at..];
    if let Some(body) = rest.strip_prefix("<!--") {
        return Some((at + 4 + body.find("-->")? + 3, false, String::new()));
    }
    if rest.starts_with("<!") || rest.starts_with("<?") {
        return Some((at + rest.find('>')? + 1, false, String::new()));
    }
    let (close, body) = match rest[1..].strip_prefix('/') {
        Some(body) => (true, body),
        None => (false, &rest[1..]),
    };
    let name_len = tag_name(body).len();
    // `<https://x>`, `<a@b>` and `< b` are text.
    if !body.starts_with(|c: char| c.is_ascii_alphabetic())
        || !body[name_len..].starts_with(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
    {
        return None;
    }
    // The first `>` outside quoted attribute values ends the tag.
    let mut quote = None;
    let gt = body[name_len..].find(|c: char| {
        quote = match (quote, c) {
            (Some(q), c) if c == q => None,
            (None, '"' | '\'') => Some(c),
            (q, _) => q,
        };
        quote.is_none() && c == '>'
    })?;
    let end = s.len() - body.len() + name_len + gt + 1;
    Some((end, close, body[..name_len].to_ascii_lowercase()))
}

fn tag_name(s: &str) -> &str {
    let end = s.find(|c: char| !c.is_ascii_alphanumeric() && c != '-');
    &s[..end.unwrap_or(s.len())]
}

/// The decoded value of attribute `name` in the text of a start tag.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let starts = lower.match_indices(name).map(|(p, _)| p);
    for p in starts.filter(|&p| tag[..p].ends_with(char::is_whitespace)) {
        let Some(rest) = tag[p + name.len()..].trim_start().strip_prefix('=') else {
            continue;
        };
        let rest = rest.trim_start();
        let value = match rest.chars().next() {
            Some(q @ ('"' | '\'')) => rest[1..].split(q).next(),
            _ => rest.split([' ', '\t', '\n', '>']).next(),
        };
        return value.map(decode_entities);
    }
    None
}

/// A new `<li>` closes the open one of the same list; `<dt>` / `<dd>` likewise.
fn close_implied(stack: &mut Vec<Elem>, name: &str) {
    let siblings: &[&str] = match name {
        "li" => &["li"],
        "dt" | "dd" => &["dt", "dd"],
        _ => return,
    };
    let is = |e: &Elem, names: &[&str]| names.contains(&e.name.as_str());
    let found = stack
        .iter()
        .rposition(|e| is(e, siblings) || is(e, &["ul", "ol", "dl"]));
    if let Some(pos) = found.filter(|&p| p > 0 && is(&stack[p], siblings)) {
        close_to(stack, pos);
    }
}

/// Pops elements until the stack has `len` of them, attaching each to its parent.
fn close_to(stack: &mut Vec<Elem>, len: usize) {
    while stack.len() > len.max(1) {
        if let Some(elem) = stack.pop() {
            push_node(stack, Node::Elem(elem));
        }
    }
}

fn push_node(stack: &mut [Elem], node: Node) {
    if let Some(top) = stack.last_mut() {
        top.children.push(node);
    }
}

fn push_text(stack: &mut [Elem], text: &str) {
    if let Some(top) = stack.last_mut().filter(|_| !text.is_empty()) {
        match top.children.last_mut() {
            Some(Node::Text(prev)) => prev.push_str(text),
            _ => top.children.push(Node::Text(text.to_owned())),
        }
    }
}

/// Input with no tags: blank lines separate paragraphs.
fn plain_paragraphs(text: &str) -> Vec<Node> {
    let text = text.lines().map(str::trim).collect::<Vec<_>>().join("\n");
    let para = |t: &str| vec![Node::Text(t.to_owned())];
    let elem = |t| {
        Node::Elem(Elem {
            name: "p".into(),
            href: None,
            children: para(t),
        })
    };
    text.split("\n\n").map(elem).collect()
}

fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p + 1..];
        let semi = rest.find(';').filter(|&n| n <= 32);
        match semi.and_then(|n| Some((entity(&rest[..n])?, n))) {
            Some((c, n)) => {
                out.push(c);
                rest = &rest[n + 1..];
            }
            None => out.push('&'),
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    let number = |digits: &str, radix| {
        let c = char::from_u32(u32::from_str_radix(digits, radix).ok()?).unwrap_or('\u{fffd}');
        Some(if c.is_control() { ' ' } else { c })
    };
    match name {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        _ => match name.strip_prefix('#')? {
            hex if hex.starts_with(['x', 'X']) => number(&hex[1..], 16),
            dec => number(dec, 10),
        },
    }
}

const BLOCK_TAGS: &str = "p div section blockquote fullname table tr hr caption h1 h2 h3 h4 h5
    h6 ul ol dl dd dt li pre note important";

pub(super) fn is_block(name: &str) -> bool {
    BLOCK_TAGS.split_whitespace().any(|b| b == name)
}

/// Appends the text of `nodes` up to the end of the first block with any text; true
/// once that block has ended.
pub(super) fn first_block_text(nodes: &[Node], out: &mut String) -> bool {
    for node in nodes {
        match node {
            Node::Text(t) => out.push_str(t),
            Node::Elem(e) => {
                let block = is_block(&e.name);
                if block && !out.trim().is_empty() || first_block_text(&e.children, out) {
                    return true;
                }
                if block && !out.trim().is_empty() {
                    return true;
                }
                if e.name == "br" {
                    out.push(' ');
                }
            }
        }
    }
    false
}

/// Text under `nodes`; `sep` goes around every element (a space, except in `<pre>`),
/// and `<br>` is a newline.
pub(super) fn collect_text(nodes: &[Node], out: &mut String, sep: &str) {
    for node in nodes {
        match node {
            Node::Text(t) => out.push_str(t),
            Node::Elem(e) if e.name == "br" => out.push('\n'),
            Node::Elem(e) => {
                out.push_str(sep);
                collect_text(&e.children, out, sep);
                out.push_str(sep);
            }
        }
    }
}
