use super::*;

/// Cases of `input => expected`, one a line; `⏎` stands for a newline.
fn check(table: &str, convert: fn(&str) -> String) {
    for case in table.lines().filter(|l| !l.is_empty()) {
        let (input, want) = case.split_once(" => ").expect("case has ` => `");
        let (input, want) = (input.replace('⏎', "\n"), want.replace('⏎', "\n"));
        assert_eq!(convert(&input), want, "input: {input:?}");
    }
}

#[test]
fn constructs() {
    check(
        r#"
<p>One.</p><p>Two.</p> => One.⏎⏎Two.
<p>a</p>⏎⏎  <p>b</p> => a⏎⏎b
<p>  Spaced ⏎	 out  </p> => Spaced out
<p>    indented</p> => indented
<p>Use <code>Foo</code>.</p> => Use `Foo`.
<code>a`b</code> => ``a`b``
<code>`x</code> => `` `x ``
<code>a``b</code> => a\`\`b
a<code> b </code>c<code> </code> => a `b` c
<code>x.<region>.y</code> => `x.<region>.y`
<b>bold</b> <strong> strong </strong>x => **bold** **strong** x
<i>it</i><em>em</em> => *item*
Text in <i>italics </i>here => Text in *italics* here
<b>a <b>b</b></b><b></b> => **a b**
<b><p>a</p><p>b</p></b> => **a**⏎⏎**b**
<a href="https://e.com/x">text</a> => [text](https://e.com/x)
<a>text</a> <a href="API_Foo.html">Foo</a> => text Foo
<a href='https://e.com/a b(c)'>t</a> => [t](https://e.com/a%20b%28c%29)
<a href="https://e.com"><code>Op</code></a> => [`Op`](https://e.com)
<A HREF=https://e.com>see https://e.com</A> => [see https://e.com](https://e.com)
<ul><li>a</li><li>b</li></ul> => - a⏎- b
<ol><li>a</li><li>b</li></ol> => 1. a⏎2. b
<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul> => - a⏎  - b⏎- c
<ol><li>a<ol><li>b</li></ol></li></ol> => 1. a⏎   1. b
<ul><li><p>a</p><p>b</p></li></ul> => - a⏎⏎  b
<p>Before:</p><ul><li>a</li></ul><p>After.</p> => Before:⏎⏎- a⏎⏎After.
<ul><li>a<li>b</ul> => - a⏎- b
<ul><li><ul><li>x</li></ul></li><li></li></ul> => - - x
<ol><dt>a<li>b</li></dt></ol> => 1. **a**⏎⏎   2. **b**
<dl><dt>Term</dt><dd>Meaning.</dd></dl> => - **Term**⏎⏎  Meaning.
<dl><dd><dd><dd><dd>deep</dd></dd></dd></dd></dl> => deep
<note><p>Careful.</p></note> => **Note:** Careful.
<important>Do <b>not</b>.</important> => **Important:** Do **not**.
<p>a<br>b<br/>c</p> => a\⏎b\⏎c
<p>a<br><br>b<br></p> => a⏎⏎b
<fullname>Amazon Foo</fullname><p>Text.</p> => Amazon Foo⏎⏎Text.
<pre>  x⏎    y⏎</pre> => ```text⏎  x⏎    y⏎```
<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table> => a b⏎⏎c
<p>&lt;t&gt; &amp; &quot;q&quot; &apos;a&apos; &#39;b&#x27;</p> => \<t\> & "q" 'a' 'b'
<p>x&nbsp;y &bogus; &#65; AT&amp;T &amp;copy;</p> => x y \&bogus; A AT&T \&copy;
Plain text⏎with lines.⏎  ⏎Second [x]. => Plain text with lines.⏎⏎Second \[x\].
<p>Pattern: [a-z]+</p> => Pattern: \[a-z\]+
<p>a < b > c</p><p>broken <b => a \< b \> c⏎⏎broken \<b
<p>See https://e.com/x.</p> => See <https://e.com/x>.
<p>(https://e.com/a_(b))</p> => (<https://e.com/a_(b)>)
<p><https://e.com> https://</p> => <https://e.com> https://
<p>- a</p><p>1. b</p><p># c</p><p>+ d</p> => \- a⏎⏎1\. b⏎⏎\# c⏎⏎\+ d
<p>a*b _c_ snake_case ~x~ `t`</p> => a\*b \_c\_ snake_case \~x\~ \`t\`
<foo>kept</foo> text<!-- hidden --> => kept text
 => 
  ⏎  => 
<p> </p><b></b> => 
"#,
        html_to_markdown,
    );
}

#[test]
fn summaries() {
    check(
        r#"
<p>First sentence. Second one.</p><p>Other.</p> => First sentence.
<p>Use e.g. this one. Then</p> => Use e.g. this one.
<p>Version 1.2 is out</p> => Version 1.2 is out
<p>See <code>a.b</code> for [x].</p> => See a.b for [x].
<note><p>Careful. Really.</p></note> => Careful.
<ul><li>Item one</li><li>Item two</li></ul> => Item one
<p>a<br>b</p> => a b
Plain. Text => Plain.
 => 
"#,
        summary,
    );
    let escaped = escape_markdown("a [b] <c>\n\n*d* http://e.io");
    assert_eq!(escaped, r"a \[b\] \<c\> \*d\* <http://e.io>");
}

fn assert_clean(md: &str) {
    assert!(!md.starts_with('\n') && !md.ends_with('\n'), "{md:?}");
    assert!(!md.contains("\n\n\n") || md.contains("```text"), "{md:?}");
    for line in md.lines() {
        assert_eq!(line, line.trim_end(), "trailing whitespace in {md:?}");
        assert!(!line.chars().any(|c| c.is_control() && c != '\t'), "{md:?}");
    }
}

#[test]
fn any_input_is_fine() {
    let pieces: Vec<&str> = "<p>|</p>|<ul>|<li>|</li>|</ul>|<ol>|<b>|</b>|<i>|<code>|</code>|\
        <a href=\"https://x.io/\">|</a>|<br>|<note>|</note>|<pre>|</pre>|<dl>|<dt>|<dd>|text| |\n|\
        &amp;|&#x1F600;|&#0;|&|<|>|[|]|`|``|*|_|-|1.|#|https://e.com/a|é|\r|<!--|-->|\"|'|<x|</|\
        <a href='|    |\u{0}|(|)|<region>"
        .split('|')
        .collect();
    let mut seed: u64 = 7;
    let mut next = |n: usize| {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        (seed >> 33) as usize % n
    };
    for _ in 0..4000 {
        let input: String = (0..next(40)).map(|_| pieces[next(pieces.len())]).collect();
        assert_clean(&html_to_markdown(&input));
        assert!(!summary(&input).contains('\n'));
    }
    let deep = "<b><ul><li><a href='https://x.io'>".repeat(20_000) + "x";
    assert_eq!(html_to_markdown(&deep).lines().count(), 1);
    let _ = html_to_markdown(&"https://a.io/<".repeat(20_000));
}

/// Every documentation string of the Firehose model converts without leftover HTML.
#[test]
fn firehose_docs() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/models/firehose.json"
    );
    let text = std::fs::read_to_string(path).expect("read firehose.json");
    let model: serde_json::Value = serde_json::from_str(&text).expect("parse firehose.json");
    let mut docs = Vec::new();
    let mut todo = vec![&model];
    while let Some(value) = todo.pop() {
        match value {
            serde_json::Value::Object(map) => {
                docs.extend(map.get("smithy.api#documentation").and_then(|d| d.as_str()));
                todo.extend(map.values());
            }
            serde_json::Value::Array(items) => todo.extend(items),
            _ => {}
        }
    }
    assert!(docs.len() > 500, "found {} docs", docs.len());
    let tags = [
        "<p", "</p", "<code", "</code", "<a ", "</a", "<li", "<ul", "<note", "<b>",
    ];
    for doc in docs {
        let md = html_to_markdown(doc);
        assert_clean(&md);
        assert!(!tags.iter().any(|t| md.contains(t)), "tag left in {md:?}");
        // A URL is a link destination, an autolink or link text, never bare.
        for (at, _) in md.match_indices("://") {
            let head = md[..at].to_ascii_lowercase();
            if let Some(scheme) = ["https", "http"].iter().find(|s| head.ends_with(*s)) {
                let before = head[..head.len() - scheme.len()].chars().last();
                assert!(
                    matches!(before, Some('(' | '<' | '[')),
                    "bare URL in {md:?}"
                );
            }
        }
        assert!(md.lines().all(|l| !l.starts_with("    ")), "{md:?}");
        assert!(md.is_empty() || !summary(doc).is_empty());
    }
}
