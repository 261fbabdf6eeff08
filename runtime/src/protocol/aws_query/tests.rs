use super::*;
use crate::error::RequestId;
use crate::json::de::DeError;
use crate::xml::XmlReader;
use crate::{Blob, DateTime, TimestampFormat};
use std::collections::BTreeMap;

fn body(action: &str, write: impl FnOnce(&mut QueryWriter<'_>)) -> String {
    let mut out = String::new();
    let mut writer = QueryWriter::new(&mut out, action, "2020-01-08");
    write(&mut writer);
    writer.finish();
    out
}

const PREFIX: &str = "Action=Op&Version=2020-01-08";

#[test]
fn action_and_version_come_first_and_are_encoded() {
    assert_eq!(
        body("NoInputAndNoOutput", |_| {}),
        "Action=NoInputAndNoOutput&Version=2020-01-08"
    );
    let mut out = String::new();
    QueryWriter::new(&mut out, "Some Action", "1 2").finish();
    assert_eq!(out, "Action=Some%20Action&Version=1%202");
}

#[test]
fn scalars() {
    let out = body("Op", |w| {
        w.member("Foo").string("val1");
        w.member("Empty").string("");
        w.member("Baz").boolean(true);
        w.member("Off").boolean(false);
        w.member("Bam").integer(10);
        w.member("Neg").integer(-5);
        w.member("Boo").double(10.8);
        w.member("Whole").double(3.0);
        w.member("Big").double(1e21);
        w.member("FloatValue").float(1.1);
        w.member("Qux").blob(&Blob::new("value"));
        w.member("Bin").blob(&Blob::new([0xFB, 0xFF]));
        w.member("Exact").number_text("1.5e+300");
        w.member("FooEnum").string("Foo");
    });
    assert_eq!(
        out,
        format!(
            "{PREFIX}&Foo=val1&Empty=&Baz=true&Off=false&Bam=10&Neg=-5&Boo=10.8&Whole=3.0\
             &Big=1e21&FloatValue=1.1&Qux=dmFsdWU%3D&Bin=%2B%2F8%3D&Exact=1.5e%2B300&FooEnum=Foo"
        )
    );
}

#[test]
fn non_finite_floats_are_named() {
    let out = body("Op", |w| {
        w.member("FloatValue").float(f32::NAN);
        w.member("Boo").double(f64::NAN);
        w.member("A").float(f32::INFINITY);
        w.member("B").double(f64::INFINITY);
        w.member("C").float(f32::NEG_INFINITY);
        w.member("D").double(f64::NEG_INFINITY);
    });
    assert_eq!(
        out,
        format!("{PREFIX}&FloatValue=NaN&Boo=NaN&A=Infinity&B=Infinity&C=-Infinity&D=-Infinity")
    );
}

#[test]
fn timestamps_default_to_date_time_and_are_encoded() {
    let t = DateTime::from_secs(1422172800);
    let out = body("Op", |w| {
        w.member("normalFormat")
            .timestamp(&t, TimestampFormat::DateTime)
            .unwrap();
        w.member("epochMember")
            .timestamp(&t, TimestampFormat::EpochSeconds)
            .unwrap();
        w.member("frac")
            .timestamp(
                &DateTime::from_secs_and_nanos(1, 500_000_000),
                TimestampFormat::EpochSeconds,
            )
            .unwrap();
        w.member("httpDate")
            .timestamp(&t, TimestampFormat::HttpDate)
            .unwrap();
    });
    assert_eq!(
        out,
        format!(
            "{PREFIX}&normalFormat=2015-01-25T08%3A00%3A00Z&epochMember=1422172800&frac=1.5\
             &httpDate=Sun%2C%2025%20Jan%202015%2008%3A00%3A00%20GMT"
        )
    );
    // Out of range for the format: an error, and nothing written.
    let mut out = String::new();
    let mut w = QueryWriter::new(&mut out, "Op", "2020-01-08");
    let far = DateTime::from_secs(400_000_000_000);
    assert!(
        w.member("T")
            .timestamp(&far, TimestampFormat::DateTime)
            .is_err()
    );
    assert_eq!(out, PREFIX);
}

#[test]
fn percent_encoding_keeps_only_unreserved_characters() {
    let mut out = String::new();
    push_encoded(
        &mut out,
        "AZaz09-._~ !\"#$%&'()*+,/:;<=>?@[\\]^`{|}\u{e9}\u{65e5}\u{1F600}\n",
    );
    assert_eq!(
        out,
        "AZaz09-._~%20%21%22%23%24%25%26%27%28%29%2A%2B%2C%2F%3A%3B%3C%3D%3E%3F%40%5B%5C%5D%5E%60\
         %7B%7C%7D%C3%A9%E6%97%A5%F0%9F%98%80%0A"
    );
    let mut out = String::new();
    push_encoded(&mut out, "");
    assert_eq!(out, "");
    // Keys are encoded too (an `@xmlName` may hold any text).
    assert_eq!(
        body("Op", |w| w.member("a b").string("c")),
        format!("{PREFIX}&a%20b=c")
    );
}

#[test]
fn nested_structures_use_dotted_keys() {
    let out = body("NestedStructures", |w| {
        let mut nested = w.member("Nested").structure();
        nested.member("StringArg").string("foo");
        nested.member("OtherArg").boolean(true);
        let mut recursive = nested.member("RecursiveArg").structure();
        recursive.member("StringArg").string("baz");
        recursive.finish();
        nested.member("After").integer(1);
        nested.finish();
        w.member("Top").string("t");
    });
    assert_eq!(
        out,
        "Action=NestedStructures&Version=2020-01-08&Nested.StringArg=foo&Nested.OtherArg=true\
         &Nested.RecursiveArg.StringArg=baz&Nested.After=1&Top=t"
    );
}

#[test]
fn lists_wrapped_renamed_flattened_and_nested() {
    let out = body("QueryLists", |w| {
        let mut list = w.member("ListArg").list("member");
        for s in ["foo", "bar", "baz"] {
            list.element().string(s);
        }
        list.finish();
        let mut complex = w.member("ComplexListArg").list("member");
        for s in ["hello", "hola"] {
            complex.element().structure().member("hi").string(s);
        }
        complex.finish();
        let mut flat = w.member("FlattenedListArg").flat_list();
        flat.element().string("A");
        flat.element().string("B");
        flat.finish();
        let mut renamed = w.member("ListArgWithXmlNameMember").list("item");
        renamed.element().string("A");
        renamed.finish();
        let mut outer = w.member("Nested").list("member");
        let mut inner = outer.element().list("member");
        inner.element().string("x");
        inner.element().string("y");
        inner.finish();
        let mut inner = outer.element().flat_list();
        inner.element().string("z");
        inner.finish();
        outer.finish();
    });
    assert_eq!(
        out,
        "Action=QueryLists&Version=2020-01-08&ListArg.member.1=foo&ListArg.member.2=bar\
         &ListArg.member.3=baz&ComplexListArg.member.1.hi=hello&ComplexListArg.member.2.hi=hola\
         &FlattenedListArg.1=A&FlattenedListArg.2=B&ListArgWithXmlNameMember.item.1=A\
         &Nested.member.1.member.1=x&Nested.member.1.member.2=y&Nested.member.2.1=z"
    );
}

#[test]
fn empty_lists_write_their_key_and_empty_maps_nothing() {
    let out = body("Op", |w| {
        w.member("ListArg").list("member").finish();
        let flat = w.member("Flat").flat_list();
        drop(flat);
        w.member("MapArg").map("key", "value").finish();
        let mut nested = w.member("S").structure();
        nested.member("Inner").list("member").finish();
    });
    assert_eq!(out, format!("{PREFIX}&ListArg=&Flat=&S.Inner="));
}

#[test]
fn maps_wrapped_renamed_flattened_and_nested() {
    let out = body("QueryMaps", |w| {
        let mut map = w.member("MapArg").map("key", "value");
        map.entry("bar").string("Bar");
        map.entry("foo").string("Foo");
        map.finish();
        let mut renamed = w.member("MapWithXmlMemberName").map("K", "V");
        renamed.entry("bar").string("Bar");
        renamed.finish();
        let mut complex = w.member("ComplexMapArg").map("key", "value");
        complex.entry("bar").structure().member("hi").string("Bar");
        complex.finish();
        let mut flat = w.member("Hi").flat_map("K", "V");
        flat.entry("bar").string("Bar");
        flat.entry("foo").string("Foo");
        flat.finish();
        let mut of_lists = w.member("MapOfLists").map("key", "value");
        let mut list = of_lists.entry("bar").list("member");
        list.element().string("C");
        list.element().string("D");
        list.finish();
        of_lists.finish();
        let mut encoded = w.member("Enc").map("key", "value");
        encoded.entry("a&b c").string("=");
        encoded.finish();
    });
    assert_eq!(
        out,
        "Action=QueryMaps&Version=2020-01-08&MapArg.entry.1.key=bar&MapArg.entry.1.value=Bar\
         &MapArg.entry.2.key=foo&MapArg.entry.2.value=Foo&MapWithXmlMemberName.entry.1.K=bar\
         &MapWithXmlMemberName.entry.1.V=Bar&ComplexMapArg.entry.1.key=bar\
         &ComplexMapArg.entry.1.value.hi=Bar&Hi.1.K=bar&Hi.1.V=Bar&Hi.2.K=foo&Hi.2.V=Foo\
         &MapOfLists.entry.1.key=bar&MapOfLists.entry.1.value.member.1=C\
         &MapOfLists.entry.1.value.member.2=D&Enc.entry.1.key=a%26b%20c&Enc.entry.1.value=%3D"
    );
}

/// What a generated deserializer of a response structure would do with lists and maps in
/// every layout, for the tests below.
#[derive(Debug, Default, PartialEq)]
struct Shapes {
    wrapped: Vec<String>,
    renamed: Vec<String>,
    flattened: Vec<String>,
    nested: Vec<Vec<String>>,
    map: BTreeMap<String, String>,
    flat_map: BTreeMap<String, String>,
    kvp: BTreeMap<String, String>,
    numbers: Vec<i32>,
    attribute: Option<String>,
}

fn de_list(reader: &mut XmlReader<'_>, member: &str) -> Result<Vec<String>, DeError> {
    let mut out = Vec::new();
    while let Some(element) = reader.next_child()? {
        if element.local() == member {
            out.push(reader.string()?);
        } else {
            reader.skip()?;
        }
    }
    Ok(out)
}

/// One `<entry>` (or flattened entry) with its key and value element names.
fn de_entry(reader: &mut XmlReader<'_>, k: &str, v: &str) -> Result<(String, String), DeError> {
    let (mut key, mut value) = (None, None);
    while let Some(field) = reader.next_child()? {
        match field.local() {
            f if f == k => key = Some(reader.string()?),
            f if f == v => value = Some(reader.string()?),
            _ => reader.skip()?,
        }
    }
    match (key, value) {
        (Some(key), Some(value)) => Ok((key, value)),
        _ => Err(reader.error(0, "map entry without key or value")),
    }
}

fn de_shapes(
    reader: &mut XmlReader<'_>,
    start: &crate::xml::StartElement<'_>,
) -> Result<Shapes, DeError> {
    let mut out = Shapes {
        attribute: start.attribute("flag").map(|v| v.as_str().to_owned()),
        ..Shapes::default()
    };
    while let Some(member) = reader.next_child()? {
        match member.local() {
            "wrapped" => {
                out.wrapped = de_list(reader, "member").map_err(|e| e.in_member("wrapped"))?
            }
            "renamed" => out.renamed = de_list(reader, "item")?,
            "flattened" => out.flattened.push(reader.string()?),
            "nested" => {
                while let Some(inner) = reader.next_child()? {
                    match inner.local() {
                        "member" => out.nested.push(de_list(reader, "member")?),
                        _ => reader.skip()?,
                    }
                }
            }
            "map" => {
                while let Some(entry) = reader.next_child()? {
                    match entry.local() {
                        "entry" => {
                            let (k, v) = de_entry(reader, "key", "value")?;
                            out.map.insert(k, v);
                        }
                        _ => reader.skip()?,
                    }
                }
            }
            "flatMap" => {
                let (k, v) = de_entry(reader, "key", "value")?;
                out.flat_map.insert(k, v);
            }
            "KVP" => {
                let (k, v) = de_entry(reader, "K", "V")?;
                out.kvp.insert(k, v);
            }
            "numbers" => {
                while let Some(n) = reader.next_child()? {
                    match n.local() {
                        "member" => out.numbers.push(reader.i32()?),
                        _ => reader.skip()?,
                    }
                }
            }
            _ => reader.skip()?,
        }
    }
    Ok(out)
}

const SHAPES_RESPONSE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<ShapesResponse xmlns="https://example.com/">
    <ShapesResult flag="on">
        <wrapped><member>a</member><member>b</member></wrapped>
        <renamed><item>c</item></renamed>
        <flattened>d</flattened>
        <unknown><deep><deeper/></deep></unknown>
        <flattened xmlns="https://other.example.com">e</flattened>
        <nested>
            <member><member>f</member><member>g</member></member>
            <member></member>
        </nested>
        <map>
            <entry><key>k1</key><value>v1</value></entry>
            <entry><value>v2</value><key>k2</key></entry>
        </map>
        <flatMap><key>fk</key><value>fv</value></flatMap>
        <KVP xmlns="https://the-member.example.com"><K xmlns="https://k.example.com">a</K><V>A</V></KVP>
        <numbers><member>1</member><member>
            2
        </member></numbers>
        <emptyList/>
    </ShapesResult>
    <ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata>
</ShapesResponse>
"#;

#[test]
fn read_result_unwraps_every_list_and_map_layout() {
    let response = read_result(SHAPES_RESPONSE.as_bytes(), "Shapes", de_shapes).unwrap();
    let shapes = response.result.unwrap();
    assert_eq!(shapes.wrapped, ["a", "b"]);
    assert_eq!(shapes.renamed, ["c"]);
    assert_eq!(shapes.flattened, ["d", "e"]);
    assert_eq!(
        shapes.nested,
        [vec!["f".to_owned(), "g".to_owned()], vec![]]
    );
    assert_eq!(
        shapes.map,
        BTreeMap::from([("k1".into(), "v1".into()), ("k2".into(), "v2".into())])
    );
    assert_eq!(
        shapes.flat_map,
        BTreeMap::from([("fk".into(), "fv".into())])
    );
    assert_eq!(shapes.kvp, BTreeMap::from([("a".into(), "A".into())]));
    assert_eq!(shapes.numbers, [1, 2]);
    assert_eq!(shapes.attribute.as_deref(), Some("on"));
    assert_eq!(response.request_id.as_deref(), Some("req-1"));
}

#[test]
fn read_result_without_a_result_or_body() {
    let no_result = "<NoInputAndNoOutputResponse>\n  <ResponseMetadata>\n    \
                     <RequestId>abc-123</RequestId>\n  </ResponseMetadata>\n</NoInputAndNoOutputResponse>\n";
    let response = read_result(no_result.as_bytes(), "NoInputAndNoOutput", de_shapes).unwrap();
    assert_eq!(response.result, None);
    assert_eq!(response.request_id.as_deref(), Some("abc-123"));
    for empty in ["", " \n\t\r "] {
        let response = read_result(empty.as_bytes(), "Op", de_shapes).unwrap();
        assert_eq!((response.result, response.request_id), (None, None));
    }
    // An empty Result is an output with nothing set.
    let response = read_result(b"<OpResponse><OpResult/></OpResponse>", "Op", de_shapes).unwrap();
    assert_eq!(response.result, Some(Shapes::default()));
}

#[test]
fn read_result_skips_what_the_reader_leaves_open() {
    let body = b"<OpResponse><OpResult><a>1</a><b><c/></b></OpResult><Other>x</Other></OpResponse>";
    let response = read_result(body, "Op", |reader, _| {
        let first = reader.next_child()?.map(|c| c.local().to_owned());
        Ok(first)
    })
    .unwrap();
    assert_eq!(response.result, Some(Some("a".to_owned())));
    // What is left must still be well-formed.
    let body = b"<OpResponse><OpResult><a>1</a><b></c></OpResult></OpResponse>";
    let e = read_result(body, "Op", |_, _| Ok(())).unwrap_err();
    assert_eq!(e.offset(), Some(33), "{e}");
}

#[test]
fn read_result_errors() {
    let wrong_root = read_result(b"<OtherResponse/>", "Op", |_, _| Ok(())).unwrap_err();
    assert_eq!(
        wrong_root.to_string(),
        "invalid value at byte 0: expected root element <OpResponse> but found <OtherResponse>"
    );
    let twice = b"<OpResponse><OpResult/><OpResult/></OpResponse>";
    let e = read_result(twice, "Op", |_, _| Ok(())).unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid value at byte 23: duplicate element <OpResult>"
    );
    let bad_member =
        b"<OpResponse><OpResult><numbers><member>x</member></numbers></OpResult></OpResponse>";
    let e = read_result(bad_member, "Op", de_shapes).unwrap_err();
    assert_eq!(e.offset(), Some(39));
    let e = read_result(b"<OpResponse><OpResult>", "Op", de_shapes).unwrap_err();
    assert!(e.to_string().contains("ends before </OpResult>"), "{e}");
    let e = read_result(b"not xml", "Op", de_shapes).unwrap_err();
    assert_eq!(e.offset(), Some(0));
    // The error path travels out through generated code.
    let body =
        b"<OpResponse><OpResult><wrapped><member><x/></member></wrapped></OpResult></OpResponse>";
    let e = read_result(body, "Op", de_shapes).unwrap_err();
    assert_eq!(
        e.to_string(),
        "in wrapped: invalid value at byte 39: expected text but found element <x>"
    );
}

fn response(status: u16, headers: &[(&str, &str)], body: &str) -> crate::HttpResponse {
    crate::response_from_parts(status, headers.iter().copied(), body.as_bytes().to_vec()).unwrap()
}

const INVALID_GREETING: &str = "<ErrorResponse>\n   <Error>\n      <Type>Sender</Type>\n      \
    <Code>InvalidGreeting</Code>\n      <Message>Hi</Message>\n   </Error>\n   \
    <RequestId>foo-id</RequestId>\n</ErrorResponse>\n";

#[test]
fn error_metadata_comes_from_the_error_element() {
    let meta = parse_error_metadata(&response(400, &[], INVALID_GREETING)).unwrap();
    assert_eq!(meta.code(), Some("InvalidGreeting"));
    assert_eq!(meta.message(), Some("Hi"));
    assert_eq!(meta.extra(ERROR_TYPE), Some("Sender"));
    assert_eq!(meta.request_id(), Some("foo-id"));

    // The body's RequestId wins over the header, which stands in when the body has none.
    let with_header = response(400, &[("x-amzn-requestid", "header-id")], INVALID_GREETING);
    assert_eq!(
        parse_error_metadata(&with_header).unwrap().request_id(),
        Some("foo-id")
    );
    let body = "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error>\
                <Code> Throttling </Code><Message>Rate &amp; limit</Message></Error></ErrorResponse>";
    let meta =
        parse_error_metadata(&response(400, &[("x-amzn-requestid", "header-id")], body)).unwrap();
    assert_eq!(meta.code(), Some("Throttling"));
    assert_eq!(meta.message(), Some("Rate & limit"));
    assert_eq!(meta.extra(ERROR_TYPE), None);
    assert_eq!(meta.request_id(), Some("header-id"));
}

#[test]
fn error_metadata_of_odd_but_well_formed_bodies() {
    // Empty body: only the header's request id.
    let meta = parse_error_metadata(&response(503, &[("x-amz-request-id", "r")], "")).unwrap();
    assert_eq!(
        (meta.code(), meta.message(), meta.request_id()),
        (None, None, Some("r"))
    );
    // A field holding elements is ignored; the first of a repeated field counts; unknown
    // elements (modeled members) are skipped; an empty code is no code.
    let body = "<ErrorResponse><Error><Code><x>y</x></Code><Message>one</Message>\
                <Message>two</Message><Nested><Foo>bar</Foo></Nested></Error>\
                <Error><Code>Second</Code></Error></ErrorResponse>";
    let meta = parse_error_metadata(&response(400, &[], body)).unwrap();
    assert_eq!(meta.code(), Some("Second"));
    assert_eq!(meta.message(), Some("one"));
    let meta = parse_error_metadata(&response(
        400,
        &[],
        "<ErrorResponse><Error><Code>  </Code></Error></ErrorResponse>",
    ))
    .unwrap();
    assert_eq!(meta.code(), None);
}

#[test]
fn unreadable_error_bodies_are_unhandled_errors() {
    for (body, offset) in [
        ("<html><body>Service Unavailable</body></html>", 0),
        ("<ErrorResponse><Error><Code>X</Code></Error>", 44),
        ("{\"__type\":\"X\"}", 0),
    ] {
        let resp = response(503, &[("x-amzn-requestid", "hdr")], body);
        let e = parse_error_metadata(&resp).unwrap_err();
        assert_eq!(e.offset(), Some(offset), "{body}: {e}");
        let unhandled = error_parts(&resp).unwrap_err();
        assert!(unhandled.is_malformed());
        assert_eq!(unhandled.status(), 503);
        assert_eq!(unhandled.request_id(), Some("hdr"));
        assert!(
            unhandled
                .to_string()
                .starts_with("malformed response body (HTTP 503, request id hdr): "),
            "{unhandled}"
        );
    }
    let resp = response(400, &[], INVALID_GREETING);
    let (body, meta) = error_parts(&resp).unwrap();
    assert_eq!(body, INVALID_GREETING.as_bytes());
    assert_eq!(meta, parse_error_metadata(&resp).unwrap());
}

#[test]
fn read_error_reads_the_members_inside_error() {
    let body = "<ErrorResponse>\n   <Error>\n      <Type>Sender</Type>\n      <Code>ComplexError</Code>\n      \
                <TopLevel>Top level</TopLevel>\n      <Nested>\n          <Foo>bar</Foo>\n      </Nested>\n   \
                </Error>\n   <RequestId>foo-id</RequestId>\n</ErrorResponse>\n";
    let (top, foo) = read_error(body.as_bytes(), |reader, _| {
        let (mut top, mut foo) = (None, None);
        while let Some(member) = reader.next_child()? {
            match member.local() {
                "TopLevel" => top = Some(reader.string()?),
                "Nested" => {
                    while let Some(inner) = reader.next_child()? {
                        match inner.local() {
                            "Foo" => foo = Some(reader.string()?),
                            _ => reader.skip()?,
                        }
                    }
                }
                _ => reader.skip()?,
            }
        }
        Ok((top, foo))
    })
    .unwrap();
    assert_eq!(
        (top.as_deref(), foo.as_deref()),
        (Some("Top level"), Some("bar"))
    );

    let e = read_error(
        b"<ErrorResponse><RequestId>x</RequestId></ErrorResponse>",
        |_, _| Ok(()),
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid value at byte 0: no <Error> element in <ErrorResponse>"
    );
    let e = read_error(b"<Response><Errors/></Response>", |_, _| Ok(())).unwrap_err();
    assert!(
        e.to_string()
            .contains("expected root element <ErrorResponse> but found <Response>"),
        "{e}"
    );
}

#[test]
fn truncated_error_responses_are_errors() {
    let full = INVALID_GREETING.as_bytes();
    let root_end = INVALID_GREETING.trim_end().len();
    for cut in 1..root_end {
        let body = std::str::from_utf8(&full[..cut]).unwrap();
        if body.trim().is_empty() {
            continue;
        }
        let e = parse_error_metadata(&response(400, &[], body)).unwrap_err();
        assert!(e.offset().is_some_and(|o| o <= cut), "{cut}: {e}");
    }
}

#[test]
fn a_real_response_reads_through_read_result() {
    let body = crate::xml::hostile_tests::ASSUME_ROLE_RESPONSE;
    let response = read_result(body.as_bytes(), "AssumeRole", |reader, _| {
        let mut fields = Vec::new();
        while let Some(member) = reader.next_child()? {
            match member.local() {
                "Credentials" => {
                    while let Some(field) = reader.next_child()? {
                        match field.local() {
                            "Expiration" => fields.push(
                                reader
                                    .timestamp(TimestampFormat::DateTime)?
                                    .secs()
                                    .to_string(),
                            ),
                            _ => fields.push(reader.string()?),
                        }
                    }
                }
                "PackedPolicySize" => fields.push(reader.i32()?.to_string()),
                _ => reader.skip()?,
            }
        }
        Ok(fields)
    })
    .unwrap();
    assert_eq!(
        response.result.unwrap(),
        [
            "ASIAEXAMPLEKEY",
            "wJalrXUtnEXAMPLE/K7MDENG+bPxRfiCYzEXAMPLEKEY",
            "FwoGZXIvYXdzEXAMPLE&token==<tail>",
            "1893553445",
            "6"
        ]
    );
    assert_eq!(
        response.request_id.as_deref(),
        Some("c6104cbe-af31-11e0-8154-cbc7ccf896c7")
    );
}
