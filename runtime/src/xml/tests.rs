use super::*;
use crate::json::de::DeError;
use crate::{Blob, DateTime, TimestampFormat};

fn reader(body: &str) -> XmlReader<'_> {
    XmlReader::new(body.as_bytes()).unwrap()
}

/// The text of the root element of `body`.
fn root_text(body: &str) -> Result<String, DeError> {
    let mut r = reader(body);
    r.root()?;
    let text = r.string()?;
    r.finish()?;
    Ok(text)
}

/// The error of reading `body` to its end (text of leaf elements included), which must fail.
fn walk_error(body: &[u8]) -> DeError {
    match walk(body) {
        Ok(tree) => panic!(
            "{:?} was accepted as {tree:?}",
            String::from_utf8_lossy(body)
        ),
        Err(e) => e,
    }
}

/// Every event of `body`, as text, to the end of the document.
pub(super) fn walk(body: &[u8]) -> Result<Vec<String>, DeError> {
    let mut r = XmlReader::new(body)?;
    let mut events = Vec::new();
    loop {
        match r.next_event()? {
            XmlEvent::Start(start) => {
                let mut event = format!("<{}:{}", start.prefix(), start.local());
                for a in start.attributes() {
                    event.push_str(&format!(
                        " {}:{}={:?}",
                        a.prefix(),
                        a.local(),
                        a.value().as_str()
                    ));
                }
                events.push(event + ">");
            }
            XmlEvent::Text(text) => events.push(format!("{:?}", text.as_str())),
            XmlEvent::End(_) => events.push("</>".to_owned()),
            XmlEvent::Eof => break,
        }
    }
    r.finish()?;
    Ok(events)
}

fn message(e: &DeError) -> String {
    e.to_string()
}

#[test]
fn reads_a_structure_by_member_name() {
    let body = r#"<?xml version="1.0" encoding="UTF-8"?>
<!-- a comment before the root -->
<Outer xmlns="https://example.com/" a="1">
    <Name>first</Name>
    <?pi ignored?>
    <Nested><Inner>deep</Inner><Skipped><x/><y>z</y></Skipped></Nested>
    stray text is ignored between members
    <Empty/>
    <Count>42</Count>
</Outer>
<!-- and one after -->
"#;
    let mut r = reader(body);
    let root = r.root().unwrap();
    assert_eq!((root.prefix(), root.local()), ("", "Outer"));
    assert_eq!(root.offset(), body.find("<Outer").unwrap());
    assert_eq!(root.attribute("a").unwrap().as_str(), "1");
    assert_eq!(
        root.attribute("xmlns").unwrap().as_str(),
        "https://example.com/"
    );
    assert_eq!(r.depth(), 1);
    let mut seen = Vec::new();
    while let Some(child) = r.next_child().unwrap() {
        match child.local() {
            "Name" => seen.push(format!("Name={}", r.string().unwrap())),
            "Nested" => {
                while let Some(inner) = r.next_child().unwrap() {
                    match inner.local() {
                        "Inner" => seen.push(format!("Inner={}", r.string().unwrap())),
                        _ => r.skip().unwrap(),
                    }
                }
            }
            "Empty" => seen.push(format!("Empty={:?}", r.string().unwrap())),
            "Count" => seen.push(format!("Count={}", r.i32().unwrap())),
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!(r.depth(), 0);
    r.finish().unwrap();
    assert_eq!(seen, ["Name=first", "Inner=deep", "Empty=\"\"", "Count=42"]);
}

#[test]
fn events_cover_text_cdata_and_self_closing_elements() {
    let events = walk(b"<a>x<![CDATA[<b>&amp;]]>y<c/><!--n-->z</a>").unwrap();
    assert_eq!(
        events,
        [
            "<:a>",
            "\"x\"",
            "\"<b>&amp;\"",
            "\"y\"",
            "<:c>",
            "</>",
            "\"z\"",
            "</>"
        ]
    );
}

#[test]
fn text_joins_pieces_and_decodes_references() {
    assert_eq!(
        root_text("<a>x &lt;&gt;&amp;&apos;&quot; y</a>").unwrap(),
        "x <>&'\" y"
    );
    assert_eq!(
        root_text("<a>&#65;&#x42;&#x00043;&#0000068;</a>").unwrap(),
        "ABCD"
    );
    assert_eq!(
        root_text("<a>&#x1F600;&#233;</a>").unwrap(),
        "\u{1F600}\u{e9}"
    );
    assert_eq!(
        root_text("<a>one<!-- c -->two<![CDATA[ &lt; ]]>three</a>").unwrap(),
        "onetwo &lt; three"
    );
    assert_eq!(root_text("<a></a>").unwrap(), "");
    assert_eq!(root_text("<a/>").unwrap(), "");
    assert_eq!(root_text("<a>  spaced  </a>").unwrap(), "  spaced  ");
    assert_eq!(
        root_text("<a>caf\u{e9} \u{65e5}\u{672c}</a>").unwrap(),
        "caf\u{e9} \u{65e5}\u{672c}"
    );
    // `>` needs no escape in text.
    assert_eq!(root_text("<a>a > b</a>").unwrap(), "a > b");
}

#[test]
fn text_borrows_from_the_body_when_nothing_is_decoded() {
    let mut r = reader("<a>plain</a>");
    r.root().unwrap();
    assert!(matches!(
        r.text().unwrap().into_cow(),
        std::borrow::Cow::Borrowed("plain")
    ));
}

#[test]
fn line_ends_are_normalized() {
    assert_eq!(root_text("<a>1\r\n2\r3\n4</a>").unwrap(), "1\n2\n3\n4");
    assert_eq!(root_text("<a><![CDATA[1\r\n2]]></a>").unwrap(), "1\n2");
    // A character reference keeps the character it names.
    assert_eq!(root_text("<a>1&#13;&#10;2</a>").unwrap(), "1\r\n2");
    let mut r = reader("<a v=\"1\r\n2\t3\n4&#10;5&#9;6\"/>");
    let root = r.root().unwrap();
    assert_eq!(root.attribute("v").unwrap().as_str(), "1 2 3 4\n5\t6");
}

#[test]
fn attributes_keep_prefixes_and_decode_values() {
    let mut r = reader(
        r#"<r xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="T" v='a &amp; "b"' e=""/>"#,
    );
    let root = r.root().unwrap();
    let names: Vec<_> = root
        .attributes()
        .iter()
        .map(|a| (a.prefix(), a.local()))
        .collect();
    assert_eq!(
        names,
        [("xmlns", "xsi"), ("xsi", "type"), ("", "v"), ("", "e")]
    );
    assert_eq!(root.attribute("xsi:type").unwrap().as_str(), "T");
    assert_eq!(
        root.attribute("type"),
        None,
        "the prefix is part of the name"
    );
    assert_eq!(root.attribute("v").unwrap().as_str(), "a & \"b\"");
    assert_eq!(root.attribute("e").unwrap().as_str(), "");
    let v = root.attribute("v").unwrap();
    assert_eq!(
        v.offset(),
        r#"<r xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="T" v='"#.len()
    );
    r.skip().unwrap();
    r.finish().unwrap();
}

#[test]
fn prefixed_elements_match_by_local_name_and_close_by_full_name() {
    let mut r = reader(r#"<aws:Root xmlns:aws="urn:x"><aws:Code>c</aws:Code></aws:Root>"#);
    let root = r.root().unwrap();
    assert_eq!((root.prefix(), root.local()), ("aws", "Root"));
    let child = r.next_child().unwrap().unwrap();
    assert_eq!(child.local(), "Code");
    assert_eq!(r.string().unwrap(), "c");
    assert_eq!(r.next_child().unwrap(), None);
    r.finish().unwrap();

    let e = walk_error(b"<aws:Root></Root>");
    assert_eq!(e.offset(), Some(10));
    assert!(
        message(&e).contains("</Root> does not close <aws:Root>"),
        "{e}"
    );
}

#[test]
fn skip_and_finish_consume_whole_subtrees() {
    let body = "<r><a><b><c>1</c></b><d/></a><e>2</e></r>";
    let mut r = reader(body);
    r.root().unwrap();
    assert_eq!(r.next_child().unwrap().unwrap().local(), "a");
    r.skip().unwrap();
    assert_eq!(r.next_child().unwrap().unwrap().local(), "e");
    assert_eq!(r.depth(), 2);
    // finish closes what is still open.
    r.finish().unwrap();
    // Skipping with nothing open does nothing.
    let mut r = reader("<r/>");
    r.root().unwrap();
    r.skip().unwrap();
    r.skip().unwrap();
    r.finish().unwrap();
}

#[test]
fn text_of_an_element_with_children_is_an_error() {
    let body = "<r>text<child>x</child></r>";
    let mut r = reader(body);
    r.root().unwrap();
    let e = r.text().unwrap_err();
    assert_eq!(e.offset(), body.find("<child").map(Some).unwrap());
    assert!(
        message(&e).contains("expected text but found element <child>"),
        "{e}"
    );
}

#[test]
fn errors_are_sticky() {
    let mut r = reader("<a><b></c></a>");
    r.root().unwrap();
    r.next_child().unwrap();
    let first = r.next_event().unwrap_err();
    assert_eq!(r.next_event().unwrap_err(), first);
    assert_eq!(r.next_child().unwrap_err(), first);
    assert_eq!(r.finish().unwrap_err(), first);
}

#[test]
fn malformed_documents_are_errors_with_offsets() {
    let cases: &[(&str, usize, &str)] = &[
        ("", 0, "ends before the root element"),
        ("   \n", 4, "ends before the root element"),
        ("<a>", 3, "ends before </a>"),
        ("<a><b></b>", 10, "ends before </a>"),
        ("<a x='1'", 8, "ends before the end of the start tag"),
        ("<a></b>", 3, "</b> does not close <a>"),
        ("<a><b></a></b>", 6, "</a> does not close <b>"),
        ("</a>", 0, "malformed XML"),
        ("<a/><b/>", 4, "malformed XML"),
        ("<a/>text", 4, "malformed XML"),
        ("text<a/>", 0, "malformed XML"),
        ("<a>&bogus;</a>", 3, "unknown entity &bogus;"),
        ("<a>AT&T</a>", 5, "'&' starts no reference"),
        ("<a>&#0;</a>", 3, "&#0; is not a valid character reference"),
        (
            "<a>&#xD800;</a>",
            3,
            "&#xD800; is not a valid character reference",
        ),
        (
            "<a>&#x110000;</a>",
            3,
            "&#x110000; is not a valid character reference",
        ),
        (
            "<a>&#99999999999999999999;</a>",
            3,
            "is not a valid character reference",
        ),
        ("<a>&#x;</a>", 3, "&#x; is not a valid character reference"),
        (
            "<a>&#12a;</a>",
            3,
            "&#12a; is not a valid character reference",
        ),
        (
            "<a>&#x1;</a>",
            3,
            "&#x1; is not a valid character reference",
        ),
        ("<a v='&nope;'/>", 6, "unknown entity &nope;"),
        ("<a x='1' x='2'/>", 12, "duplicate attribute x"),
        ("<a p:x='1' p:x='2'/>", 16, "duplicate attribute p:x"),
        ("<a>]]></a>", 3, "']]>' in text"),
        ("<a><!-- -- --></a>", 3, "'--' inside a comment"),
        ("<a>\u{1}</a>", 3, "is not allowed"),
        ("<a b></a>", 4, "expected '=' but found '>'"),
        (
            "<?xml version='1.0' encoding='ISO-8859-1'?><a/>",
            0,
            "encoding \"ISO-8859-1\" is not supported",
        ),
        ("<a></a >x", 8, "unexpected content"),
    ];
    for (body, offset, expected) in cases {
        let e = walk_error(body.as_bytes());
        assert!(message(&e).contains(expected), "{body:?}: {e}");
        assert_eq!(e.offset(), Some(*offset), "{body:?}: {e}");
    }
}

#[test]
fn tokenizer_positions_become_byte_offsets() {
    // Multi-byte characters and earlier lines before the error: the offset counts bytes.
    let body = "<a>\n  <b>\u{e9}\u{65e5}</b>\n  <c \u{e9}=1/>\n</a>";
    let e = walk_error(body.as_bytes());
    assert!(message(&e).starts_with("invalid value at byte "), "{e}");
    let at = e.offset().unwrap();
    assert!(
        body.get(..at).is_some(),
        "offset {at} is on a character boundary"
    );
    assert!(
        at >= body.find("<c").unwrap() && at <= body.find("/>").unwrap(),
        "{at}: {e}"
    );
}

#[test]
fn declaration_and_byte_order_mark_are_accepted() {
    assert_eq!(
        root_text("\u{feff}<?xml version=\"1.0\"?><a>x</a>").unwrap(),
        "x"
    );
    assert_eq!(
        root_text("<?xml version='1.0' encoding='utf-8' standalone='yes'?><a>x</a>").unwrap(),
        "x"
    );
}

#[test]
fn invalid_utf8_is_an_error_at_the_bad_byte() {
    let mut body = b"<a>ok".to_vec();
    body.extend_from_slice(&[0xC3, 0x28]);
    body.extend_from_slice(b"</a>");
    let e = XmlReader::new(&body).unwrap_err();
    assert_eq!(e.offset(), Some(5));
    assert!(message(&e).contains("not valid UTF-8"), "{e}");
}

#[test]
fn root_is_read_once() {
    let mut r = reader("<a/>");
    r.root().unwrap();
    assert!(r.root().is_err());
}

#[test]
fn booleans() {
    let t = |s: &'static str| Text::new(s, 7);
    assert!(t("true").boolean().unwrap());
    assert!(!t("false").boolean().unwrap());
    assert!(
        t("\n  true\n").boolean().unwrap(),
        "surrounding whitespace is ignored"
    );
    for bad in ["", "True", "1", "yes", "truee"] {
        let e = t(bad).boolean().unwrap_err();
        assert_eq!(e.offset(), Some(7));
        assert!(message(&e).contains("expected true or false"), "{e}");
    }
}

#[test]
fn integers_are_range_checked() {
    let t = |s: &'static str| Text::new(s, 3);
    assert_eq!(t("-128").i8().unwrap(), -128);
    assert_eq!(t("32767").i16().unwrap(), 32767);
    assert_eq!(t(" 3 ").i32().unwrap(), 3);
    assert_eq!(t("+4").i32().unwrap(), 4);
    assert_eq!(t("-9223372036854775808").i64().unwrap(), i64::MIN);
    for (text, type_name, result) in [
        ("128", "i8", t("128").i8().map(i64::from)),
        ("-32769", "i16", t("-32769").i16().map(i64::from)),
        ("3000000000", "i32", t("3000000000").i32().map(i64::from)),
        ("9223372036854775808", "i64", t("9223372036854775808").i64()),
    ] {
        let e = result.unwrap_err();
        assert_eq!(
            message(&e),
            format!("invalid value at byte 3: integer \"{text}\" is out of range for {type_name}")
        );
    }
    for bad in ["", "1.0", "1e3", "0x10", "- 1", "one"] {
        assert!(
            message(&t(bad).i32().unwrap_err()).contains("expected an integer"),
            "{bad}"
        );
    }
}

#[test]
fn floats_take_decimal_text_and_the_three_special_values() {
    let t = |s: &'static str| Text::new(s, 0);
    assert_eq!(t("5.5").f32().unwrap(), 5.5);
    assert_eq!(t("6.5").f64().unwrap(), 6.5);
    assert_eq!(t("1.1").f32().unwrap(), 1.1f32);
    assert_eq!(t("-0").f64().unwrap().to_bits(), (-0.0f64).to_bits());
    assert_eq!(t("1e3").f64().unwrap(), 1000.0);
    assert_eq!(t(".5").f64().unwrap(), 0.5);
    assert_eq!(t("5.").f64().unwrap(), 5.0);
    assert!(t("NaN").f64().unwrap().is_nan());
    assert!(t("NaN").f32().unwrap().is_nan());
    assert_eq!(t("Infinity").f64().unwrap(), f64::INFINITY);
    assert_eq!(t("-Infinity").f32().unwrap(), f32::NEG_INFINITY);
    assert_eq!(t("\n-Infinity ").f64().unwrap(), f64::NEG_INFINITY);
    for bad in [
        "",
        "inf",
        "nan",
        "infinity",
        "+Infinity",
        "NAN",
        "1e",
        ".",
        "e5",
        "1.2.3",
        "0x1p3",
    ] {
        assert!(
            message(&t(bad).f64().unwrap_err()).contains("expected a number, NaN"),
            "{bad}"
        );
    }
    assert!(message(&t("1e400").f64().unwrap_err()).contains("\"1e400\" is out of range for f64"));
    assert!(message(&t("1e39").f32().unwrap_err()).contains("\"1e39\" is out of range for f32"));
}

#[test]
fn number_text_is_kept_exactly() {
    let t = |s: &'static str| Text::new(s, 0);
    assert_eq!(
        t("123456789012345678901234567890").number_text().unwrap(),
        "123456789012345678901234567890"
    );
    assert_eq!(t(" -1.50e+300 ").number_text().unwrap(), "-1.50e+300");
    assert!(t("12x").number_text().is_err());
}

#[test]
fn blobs_are_base64() {
    let t = |s: &'static str| Text::new(s, 9);
    assert_eq!(t("dmFsdWU=").blob().unwrap(), Blob::new("value"));
    assert_eq!(t("").blob().unwrap(), Blob::new(""));
    assert_eq!(
        t("dmFs\n  dWU=\n").blob().unwrap(),
        Blob::new("value"),
        "line breaks are ignored"
    );
    let e = t("dmFsdWU").blob().unwrap_err();
    assert_eq!(
        message(&e),
        "invalid value at byte 9: invalid base64 in blob"
    );
    assert!(t("!!!!").blob().is_err());
}

#[test]
fn timestamps_in_each_format() {
    let t = |s: &'static str| Text::new(s, 0);
    let expected = DateTime::from_secs(1398796238);
    assert_eq!(
        t("2014-04-29T18:30:38Z")
            .timestamp(TimestampFormat::DateTime)
            .unwrap(),
        expected
    );
    assert_eq!(
        t("1398796238")
            .timestamp(TimestampFormat::EpochSeconds)
            .unwrap(),
        expected
    );
    assert_eq!(
        t("Tue, 29 Apr 2014 18:30:38 GMT")
            .timestamp(TimestampFormat::HttpDate)
            .unwrap(),
        expected
    );
    assert_eq!(
        t("2019-12-16T22:48:18-01:00")
            .timestamp(TimestampFormat::DateTime)
            .unwrap(),
        DateTime::from_secs(1576540098)
    );
    assert_eq!(
        t("2000-01-02T20:34:56.123Z")
            .timestamp(TimestampFormat::DateTime)
            .unwrap(),
        DateTime::from_fractional_secs(946845296, 0.123)
    );
    assert_eq!(
        t("1398796238.5")
            .timestamp(TimestampFormat::EpochSeconds)
            .unwrap(),
        DateTime::from_secs_and_nanos(1398796238, 500_000_000)
    );
    let e = t("yesterday")
        .timestamp(TimestampFormat::DateTime)
        .unwrap_err();
    assert!(message(&e).contains("invalid timestamp"), "{e}");
}

#[test]
fn typed_readers_report_the_offset_of_the_text() {
    let body = "<r><n>\n  12x</n></r>";
    let mut r = reader(body);
    r.root().unwrap();
    r.next_child().unwrap();
    let e = r.i32().unwrap_err();
    assert_eq!(e.offset(), Some(6));
    assert_eq!(
        e.in_member("n").to_string(),
        "in n: invalid value at byte 6: expected an integer but found \"12x\""
    );
    // An empty element reports where it ends.
    let mut r = reader("<r><n></n></r>");
    r.root().unwrap();
    r.next_child().unwrap();
    assert_eq!(r.i64().unwrap_err().offset(), Some(6));
    let mut r = reader("<r><n/></r>");
    r.root().unwrap();
    r.next_child().unwrap();
    assert_eq!(r.i64().unwrap_err().offset(), Some(5));
}

#[test]
fn every_typed_reader_reads_the_element_text() {
    let body = "<r><a>true</a><b>1</b><c>2</c><d>3</d><e>4</e><f>5.5</f><g>6.5</g>\
                <h>7</h><i>dmFsdWU=</i><j>1398796238</j></r>";
    let mut r = reader(body);
    r.root().unwrap();
    let next = |r: &mut XmlReader<'_>| r.next_child().unwrap().unwrap().local().to_owned();
    assert_eq!(next(&mut r), "a");
    assert!(r.boolean().unwrap());
    next(&mut r);
    assert_eq!(r.i8().unwrap(), 1);
    next(&mut r);
    assert_eq!(r.i16().unwrap(), 2);
    next(&mut r);
    assert_eq!(r.i32().unwrap(), 3);
    next(&mut r);
    assert_eq!(r.i64().unwrap(), 4);
    next(&mut r);
    assert_eq!(r.f32().unwrap(), 5.5);
    next(&mut r);
    assert_eq!(r.f64().unwrap(), 6.5);
    next(&mut r);
    assert_eq!(r.number_text().unwrap(), "7");
    next(&mut r);
    assert_eq!(r.blob().unwrap(), Blob::new("value"));
    next(&mut r);
    assert_eq!(
        r.timestamp(TimestampFormat::EpochSeconds).unwrap(),
        DateTime::from_secs(1398796238)
    );
    assert_eq!(r.next_child().unwrap(), None);
    r.finish().unwrap();
}
