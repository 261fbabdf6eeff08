use super::*;
use crate::{Document, Number};
use std::collections::HashMap;

fn reader(input: &str) -> JsonReader<'_> {
    JsonReader::new(input.as_bytes())
}

/// The `Display` text of the error reading `input` as a document.
fn doc_err(input: &[u8]) -> String {
    let mut r = JsonReader::new(input);
    match r.document_value().and_then(|_| r.finish()) {
        Ok(()) => panic!("expected an error for {:?}", String::from_utf8_lossy(input)),
        Err(e) => e.to_string(),
    }
}

#[test]
fn walks_objects_and_arrays() {
    let input = r#" { "a" : 1 , "b":[ true,false ,null, "x" ], "c" : {"d":{}} , "e":[] } "#;
    let mut r = reader(input);
    assert!(r.begin_object().unwrap());
    assert_eq!(r.next_key().unwrap().as_deref(), Some("a"));
    assert_eq!(r.i32().unwrap(), Some(1));
    assert_eq!(r.next_key().unwrap().as_deref(), Some("b"));
    assert!(r.begin_array().unwrap());
    let mut items = Vec::new();
    while r.next_element().unwrap() {
        if r.is_null().unwrap() {
            items.push(None);
        } else if r.peek_byte() == Some(b'"') {
            assert_eq!(r.string().unwrap().as_deref(), Some("x"));
        } else {
            items.push(r.boolean().unwrap());
        }
    }
    assert_eq!(items, [Some(true), Some(false), None]);
    assert_eq!(r.next_key().unwrap().as_deref(), Some("c"));
    assert!(r.begin_object().unwrap());
    assert_eq!(r.next_key().unwrap().as_deref(), Some("d"));
    assert!(r.begin_object().unwrap());
    assert_eq!(r.next_key().unwrap(), None);
    assert_eq!(r.next_key().unwrap(), None);
    assert_eq!(r.next_key().unwrap().as_deref(), Some("e"));
    assert!(r.begin_array().unwrap());
    assert!(!r.next_element().unwrap());
    assert_eq!(r.next_key().unwrap(), None);
    r.finish().unwrap();
}

#[test]
fn null_for_every_reader() {
    macro_rules! null_is_none {
        ($($method:ident $(($arg:expr))?),*) => {$(
            let mut r = reader(" null ");
            assert!(r.$method($($arg)?).unwrap().is_none(), stringify!($method));
            r.finish().unwrap();
        )*};
    }
    null_is_none!(
        string,
        string_ref,
        boolean,
        i8,
        i16,
        i32,
        i64,
        f32,
        f64,
        number_text,
        blob,
        document,
        timestamp(TimestampFormat::EpochSeconds),
        timestamp(TimestampFormat::DateTime),
        timestamp(TimestampFormat::HttpDate)
    );
    assert!(!reader("null").begin_object().unwrap());
    assert!(!reader("null").begin_array().unwrap());
    assert_eq!(reader("null").document_value().unwrap(), Document::Null);
    let mut r = reader("nul");
    assert!(r.is_null().is_err());
    let mut r = reader("1");
    assert!(!r.is_null().unwrap());
    assert_eq!(r.i64().unwrap(), Some(1));
}

#[test]
fn keys_and_strings_borrow_without_escapes() {
    let mut r = reader(r#"{"plain":"text","esc\naped":"a\"b"}"#);
    assert!(r.begin_object().unwrap());
    assert!(matches!(
        r.next_key().unwrap(),
        Some(Cow::Borrowed("plain"))
    ));
    assert!(matches!(
        r.string_ref().unwrap(),
        Some(Cow::Borrowed("text"))
    ));
    let key = r.next_key().unwrap().unwrap();
    assert!(matches!(&key, Cow::Owned(k) if k == "esc\naped"));
    assert_eq!(r.string_ref().unwrap().as_deref(), Some("a\"b"));
    assert_eq!(r.next_key().unwrap(), None);
}

#[test]
fn string_escapes() {
    let read = |s: &str| reader(s).string();
    assert_eq!(
        read(r#""\"\\\/\b\f\n\r\t""#).unwrap().unwrap(),
        "\"\\/\u{8}\u{c}\n\r\t"
    );
    assert_eq!(read(r#""\u0041\u00e9\u20AC""#).unwrap().unwrap(), "Aé€");
    assert_eq!(read(r#""\ud83d\ude00!""#).unwrap().unwrap(), "😀!");
    assert_eq!(read("\"héllo 😀\"").unwrap().unwrap(), "héllo 😀");
    assert_eq!(read(r#""a\u0000b""#).unwrap().unwrap(), "a\u{0}b");
    // A long string takes the eight-bytes-at-a-time path; specials at every position.
    for len in 0..40 {
        for special in ["\\n", "\\\"", "é"] {
            let text = format!("{}{special}{}", "x".repeat(len), "y".repeat(len % 9));
            let got = read(&format!("\"{text}\"")).unwrap().unwrap();
            let want = text.replace("\\n", "\n").replace("\\\"", "\"");
            assert_eq!(got, want);
        }
    }
}

#[test]
fn bad_strings() {
    for (input, message) in [
        (
            &b"\"abc"[..],
            "invalid JSON at byte 4: expected closing '\"' but found end of input",
        ),
        (
            b"\"a\\x\"",
            "invalid JSON at byte 3: expected escape character but found 'x'",
        ),
        (
            b"\"a\\",
            "invalid JSON at byte 3: expected escape character but found end of input",
        ),
        (
            b"\"\\u12\"",
            "invalid JSON at byte 5: expected hex digit but found '\"'",
        ),
        (
            b"\"\\u12G4\"",
            "invalid JSON at byte 5: expected hex digit but found 'G'",
        ),
        (
            b"\"\\ud800\"",
            "invalid value at byte 1: unpaired UTF-16 surrogate in string",
        ),
        (
            b"\"\\ud800x\"",
            "invalid value at byte 1: unpaired UTF-16 surrogate in string",
        ),
        (
            b"\"\\udc00\"",
            "invalid value at byte 1: unpaired UTF-16 surrogate in string",
        ),
        (
            b"\"\\ud800\\u0041\"",
            "invalid value at byte 1: invalid UTF-16 surrogate pair in string",
        ),
        (
            b"\"\\ud800\\u",
            "invalid JSON at byte 9: expected hex digit but found end of input",
        ),
        (
            b"\"a\nb\"",
            "invalid JSON at byte 2: expected escaped control character but found byte 0x0A",
        ),
        (
            b"\"\x01\"",
            "invalid JSON at byte 1: expected escaped control character but found byte 0x01",
        ),
        (
            b"\"\xff\"",
            "invalid value at byte 1: invalid UTF-8 in string",
        ),
        (
            b"\"ok\xc3\"",
            "invalid value at byte 3: invalid UTF-8 in string",
        ),
        (
            b"\"\\n\xed\xa0\x80\"",
            "invalid value at byte 1: invalid UTF-8 in string",
        ),
    ] {
        let mut r = JsonReader::new(input);
        assert_eq!(r.string().unwrap_err().to_string(), message, "{input:?}");
        // Skipping validates the same way.
        let mut r = JsonReader::new(input);
        assert!(r.skip_value().is_err(), "{input:?}");
    }
    // Invalid UTF-8 in a key.
    let mut r = JsonReader::new(b"{\"\xfe\":1}");
    assert!(r.begin_object().unwrap());
    assert!(r.next_key().is_err());
}

#[test]
fn syntax_errors_name_offset_and_bytes() {
    let cases: &[(&[u8], &str)] = &[
        (
            br#"{"a" 1}"#,
            "invalid JSON at byte 5: expected ':' but found '1'",
        ),
        (
            br#"{"a":"#,
            "invalid JSON at byte 5: expected value but found end of input",
        ),
        (
            br#"{"a":1"#,
            "invalid JSON at byte 6: expected ',' or '}' but found end of input",
        ),
        (
            br#"{"a":1,}"#,
            "invalid JSON at byte 7: expected member name but found '}'",
        ),
        (
            br#"{,}"#,
            "invalid JSON at byte 1: expected member name or '}' but found ','",
        ),
        (
            br#"{"a":1 "b":2}"#,
            "invalid JSON at byte 7: expected ',' or '}' but found '\"'",
        ),
        (
            br#"[1,]"#,
            "invalid JSON at byte 3: expected value but found ']'",
        ),
        (
            br#"[1 2]"#,
            "invalid JSON at byte 3: expected ',' or ']' but found '2'",
        ),
        (
            br#"[,1]"#,
            "invalid JSON at byte 1: expected value but found ','",
        ),
        (
            br#"{"a":1]"#,
            "invalid JSON at byte 6: expected ',' or '}' but found ']'",
        ),
        (
            br#"[1}"#,
            "invalid JSON at byte 2: expected ',' or ']' but found '}'",
        ),
        (
            br#"tru"#,
            "invalid JSON at byte 0: expected 'true' but found 't'",
        ),
        (
            br#"nulL"#,
            "invalid JSON at byte 0: expected 'null' but found 'n'",
        ),
        (
            br#"{} x"#,
            "invalid JSON at byte 3: expected end of input but found 'x'",
        ),
        (
            br#"{}{}"#,
            "invalid JSON at byte 2: expected end of input but found '{'",
        ),
        (
            b"\x00",
            "invalid JSON at byte 0: expected value but found byte 0x00",
        ),
        (
            b"",
            "invalid JSON at byte 0: expected value but found end of input",
        ),
    ];
    for (input, message) in cases {
        assert_eq!(
            doc_err(input),
            *message,
            "{:?}",
            String::from_utf8_lossy(input)
        );
        let mut r = JsonReader::new(input);
        assert!(
            r.skip_value().and_then(|()| r.finish()).is_err(),
            "{input:?}"
        );
    }
}

#[test]
fn type_mismatches() {
    assert_eq!(
        reader(" 1").string().unwrap_err().to_string(),
        "invalid JSON at byte 1: expected string but found '1'"
    );
    assert_eq!(
        reader(r#""1""#).i32().unwrap_err().to_string(),
        "invalid JSON at byte 0: expected integer but found '\"'"
    );
    assert!(reader("[]").begin_object().is_err());
    assert!(reader("{}").begin_array().is_err());
    assert!(reader("1").boolean().is_err());
    assert!(reader("true").f64().is_err());
    assert!(reader("\"1\"").number_text().is_err());
    assert!(reader("1").blob().is_err());
}

#[test]
fn integers() {
    assert_eq!(reader("127").i8().unwrap(), Some(127));
    assert_eq!(reader("-128").i8().unwrap(), Some(-128));
    assert_eq!(reader("-32768").i16().unwrap(), Some(i16::MIN));
    assert_eq!(reader("2147483647").i32().unwrap(), Some(i32::MAX));
    assert_eq!(reader("-2147483648").i32().unwrap(), Some(i32::MIN));
    assert_eq!(reader("-0").i32().unwrap(), Some(0));
    assert_eq!(reader("9223372036854775807").i64().unwrap(), Some(i64::MAX));
    assert_eq!(
        reader("-9223372036854775808").i64().unwrap(),
        Some(i64::MIN)
    );
    assert_eq!(
        reader("2147483648").i32().unwrap_err().to_string(),
        "invalid value at byte 0: integer 2147483648 is out of range for i32"
    );
    assert!(reader("128").i8().is_err());
    assert!(reader("-129").i8().is_err());
    assert!(reader("32768").i16().is_err());
    assert!(reader("-2147483649").i32().is_err());
    assert!(reader("9223372036854775808").i64().is_err());
    assert!(reader("-9223372036854775809").i64().is_err());
    assert!(reader("99999999999999999999999999").i64().is_err());
    let huge = "9".repeat(10_000);
    let message = reader(&huge).i64().unwrap_err().to_string();
    assert!(message.len() < 120, "excerpted: {message}");
    assert_eq!(
        reader("1.0").i32().unwrap_err().to_string(),
        "invalid value at byte 0: expected an integer but found 1.0"
    );
    assert!(reader("1e2").i32().is_err());
    assert_eq!(
        reader("01").i32().unwrap_err().to_string(),
        "invalid value at byte 0: leading zeros are not allowed in numbers"
    );
    for bad in [
        "-01", "00", "-", "+1", ".5", "1.", "1.e5", "1e", "1e+", "--1", "-a", "0x1",
    ] {
        let mut r = reader(bad);
        assert!(
            r.i64().and_then(|_| r.finish()).is_err(),
            "{bad} must not read as an integer"
        );
        let mut r = reader(bad);
        assert!(
            r.f64().and_then(|_| r.finish()).is_err(),
            "{bad} must not read as a number"
        );
    }
}

#[test]
fn floats() {
    assert_eq!(reader("1.5").f64().unwrap(), Some(1.5));
    assert_eq!(
        reader("-0.0").f64().unwrap().map(f64::to_bits),
        Some((-0.0f64).to_bits())
    );
    assert_eq!(reader("1e3").f64().unwrap(), Some(1000.0));
    assert_eq!(reader("1E-3").f64().unwrap(), Some(0.001));
    assert_eq!(reader("12").f64().unwrap(), Some(12.0));
    assert_eq!(reader("0.1").f64().unwrap(), Some(0.1));
    // Beyond the range of the type: an error, not an infinity nobody sent.
    for text in ["1e400", "-1e309", "1e39"] {
        assert_eq!(
            reader(text).f32().unwrap_err().to_string(),
            format!("invalid value at byte 0: number {text} is out of range for f32")
        );
    }
    assert!(reader("1e39").f64().is_ok());
    assert!(reader("-1e309").f64().is_err());
    assert_eq!(reader("2e-400").f32().unwrap(), Some(0.0));
    assert_eq!(reader("2e-400").f64().unwrap(), Some(0.0));
    assert_eq!(
        reader("1e400").f64().unwrap_err().to_string(),
        "invalid value at byte 0: number 1e400 is out of range for f64"
    );
    assert_eq!(reader("1.1").f32().unwrap(), Some(1.1f32));
    // Rounded once, from the text: this value rounds differently through f64.
    assert_eq!(
        reader("1.00000005960464477539062499").f32().unwrap(),
        Some(1.0f32)
    );
    assert!(reader(r#""NaN""#).f64().unwrap().unwrap().is_nan());
    assert!(reader(r#""NaN""#).f32().unwrap().unwrap().is_nan());
    assert_eq!(reader(r#""Infinity""#).f64().unwrap(), Some(f64::INFINITY));
    assert_eq!(
        reader(r#""-Infinity""#).f32().unwrap(),
        Some(f32::NEG_INFINITY)
    );
    assert_eq!(
        reader(r#""\u004eaN""#).f64().unwrap().map(f64::is_nan),
        Some(true)
    );
    assert!(reader(r#""nan""#).f64().is_err());
    assert!(reader(r#""1.5""#).f64().is_err());
    assert_eq!(
        reader("-12.50e+3").number_text().unwrap().as_deref(),
        Some("-12.50e+3")
    );
    assert_eq!(
        reader("123456789012345678901234567890")
            .number_text()
            .unwrap()
            .as_deref(),
        Some("123456789012345678901234567890")
    );
}

#[test]
fn blobs() {
    assert_eq!(
        reader(r#""Zm9vYmFy""#)
            .blob()
            .unwrap()
            .unwrap()
            .into_inner(),
        b"foobar"
    );
    assert_eq!(
        reader(r#""Zg==""#).blob().unwrap().unwrap().into_inner(),
        b"f"
    );
    assert_eq!(reader(r#""""#).blob().unwrap().unwrap().into_inner(), b"");
    assert_eq!(
        reader(r#""+\/8=""#).blob().unwrap().unwrap().into_inner(),
        [0xfb, 0xff]
    );
    for bad in [r#""Zg""#, r#""Z===""#, r#""Zm9v!""#, r#""Zm 9v""#] {
        assert_eq!(
            reader(bad).blob().unwrap_err().to_string(),
            "invalid value at byte 0: invalid base64 in blob",
            "{bad}"
        );
    }
}

#[test]
fn timestamps() {
    let epoch = |s: &str| reader(s).timestamp(TimestampFormat::EpochSeconds);
    let t = epoch("1700000000.123").unwrap().unwrap();
    assert_eq!((t.secs(), t.subsec_nanos()), (1_700_000_000, 123_000_000));
    assert_eq!(
        epoch("-1.5").unwrap(),
        Some(DateTime::from_secs_and_nanos(-2, 500_000_000))
    );
    assert_eq!(
        epoch("1.5e9").unwrap(),
        Some(DateTime::from_secs(1_500_000_000))
    );
    assert_eq!(
        epoch(" \"1\"").unwrap_err().to_string(),
        "invalid JSON at byte 1: expected epoch seconds but found '\"'"
    );
    assert_eq!(
        epoch(" 1e30").unwrap_err().to_string(),
        "invalid value at byte 1: invalid timestamp: epoch seconds out of range"
    );

    let date_time = |s: &str| reader(s).timestamp(TimestampFormat::DateTime);
    assert_eq!(
        date_time(r#""2019-12-16T22:48:18-01:00""#).unwrap(),
        Some(DateTime::from_secs(1_576_540_098))
    );
    assert_eq!(
        date_time(r#""2019-12-16T23:48:18.52Z""#).unwrap(),
        Some(DateTime::from_secs_and_nanos(1_576_540_098, 520_000_000))
    );
    assert!(date_time("1576540098").is_err());
    assert!(
        date_time(r#""2019-12-16""#)
            .unwrap_err()
            .to_string()
            .starts_with("invalid value at byte 0: invalid timestamp")
    );
    let http = |s: &str| reader(s).timestamp(TimestampFormat::HttpDate);
    assert_eq!(
        http(r#""Tue, 29 Apr 2014 18:30:38 GMT""#).unwrap(),
        Some(DateTime::from_secs(1_398_796_238))
    );
    assert!(http(r#""2014-04-29T18:30:38Z""#).is_err());
}

#[test]
fn documents() {
    let mut r = reader(
        r#"{"a":[1,-2,2.5,-0,18446744073709551615,18446744073709551616,-9223372036854775809,1e2],
            "b":{"c":null,"d":"e\u00e9"},"t":true,"f":false}"#,
    );
    let doc = r.document().unwrap().unwrap();
    r.finish().unwrap();
    let Document::Object(members) = doc else {
        panic!("object expected")
    };
    // A duplicate member name is an error naming it, at any depth.
    for (input, offset) in [
        (r#"{"a":1,"a":"dup"}"#, 11),
        (r#"[{"x":{"é":1,"é":1}}]"#, 19),
    ] {
        let mut r = reader(input);
        let e = r.document_value().unwrap_err();
        assert_eq!(e.offset(), Some(offset), "{input}");
        let name = if input.contains('é') { "é" } else { "a" };
        assert!(
            e.to_string()
                .ends_with(&format!("duplicate member name \"{name}\"")),
            "{e}"
        );
    }
    assert_eq!(
        members["b"],
        Document::Object(HashMap::from([
            ("c".to_string(), Document::Null),
            ("d".to_string(), Document::String("eé".into())),
        ]))
    );
    assert_eq!(members["t"], Document::Bool(true));
    assert_eq!(members["f"], Document::Bool(false));

    let mut r =
        reader("[1,-2,2.5,-0,18446744073709551615,18446744073709551616,-9223372036854775809,1e2]");
    let Document::Array(items) = r.document_value().unwrap() else {
        panic!("array expected")
    };
    let numbers: Vec<Number> = items
        .into_iter()
        .map(|d| match d {
            Document::Number(n) => n,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        numbers,
        [
            Number::PosInt(1),
            Number::NegInt(-2),
            Number::Float(2.5),
            Number::Float(-0.0),
            Number::PosInt(u64::MAX),
            Number::Float(18_446_744_073_709_551_616.0),
            Number::Float(-9_223_372_036_854_775_809.0),
            Number::Float(100.0),
        ]
    );
    assert_eq!(reader(" null").document().unwrap(), None);
}

#[test]
fn skip_value_skips_anything_well_formed() {
    let input =
        r#"{"skip":{"a":[1,{"b":[[],{}]},"s\"\u00e9",-1.5e3,true,false,null],"c":{}},"keep":7}"#;
    let mut r = reader(input);
    assert!(r.begin_object().unwrap());
    assert_eq!(r.next_key().unwrap().as_deref(), Some("skip"));
    r.skip_value().unwrap();
    assert_eq!(r.next_key().unwrap().as_deref(), Some("keep"));
    assert_eq!(r.i32().unwrap(), Some(7));
    assert_eq!(r.next_key().unwrap(), None);
    r.finish().unwrap();

    for scalar in ["1", "\"x\"", "true", "false", "null", "[]", "{}", "-0.5e-7"] {
        let mut r = reader(scalar);
        r.skip_value().unwrap();
        r.finish().unwrap();
    }
    for bad in [
        r#"{"a":[1,]}"#,
        r#"{"a":{"b" 1}}"#,
        r#"{"a":{1:2}}"#,
        r#"[1 2]"#,
        r#"[1,2}"#,
        r#"{"a":1]"#,
        r#"{"a":tru}"#,
        r#"[01]"#,
        r#"["#,
        r#"{"#,
        r#"{"a""#,
        r#"]"#,
    ] {
        let mut r = reader(bad);
        assert!(r.skip_value().and_then(|()| r.finish()).is_err(), "{bad}");
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    for open in ["[", "{\"a\":"] {
        let input = open.repeat(10_000);
        assert!(
            doc_err(input.as_bytes()).contains("nested too deeply"),
            "document_value, {open}"
        );
        let mut r = reader(&input);
        let e = r.skip_value().unwrap_err();
        assert!(e.to_string().contains("nested too deeply"), "{e}");
    }
    // Arrays opened one by one, as a recursive deserializer would.
    let input = "[".repeat(10_000);
    let mut r = reader(&input);
    let mut opened = 0;
    let error = loop {
        match r.begin_array() {
            Ok(true) => {
                opened += 1;
                r.next_element().unwrap();
            }
            Ok(false) => panic!("not null"),
            Err(e) => break e,
        }
    };
    assert_eq!(opened, MAX_DEPTH);
    assert!(error.to_string().contains("nested too deeply"));

    // Exactly MAX_DEPTH levels are fine, also when skipping below an open container.
    let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
    let mut r = reader(&ok);
    r.document_value().unwrap();
    r.finish().unwrap();
    let mut r = reader(&ok);
    r.skip_value().unwrap();
    r.finish().unwrap();
    let too_deep = format!("[{ok}]");
    let mut r = reader(&too_deep);
    assert!(r.begin_array().unwrap());
    assert!(r.next_element().unwrap());
    assert!(r.skip_value().is_err());
}

#[test]
fn finish_and_empty_bodies() {
    assert!(is_empty_body(b""));
    assert!(is_empty_body(b" \r\n\t "));
    assert!(!is_empty_body(b" {}"));
    assert!(!is_empty_body(b"\x0c"));
    let mut r = reader(" {} \n");
    r.skip_value().unwrap();
    r.finish().unwrap();
    // Containers left open.
    let mut r = reader("{");
    assert!(r.begin_object().unwrap());
    assert!(r.finish().is_err());
}

#[test]
fn custom_errors() {
    let e = DeError::custom(3, "union has no member set");
    assert_eq!(
        e.to_string(),
        "invalid value at byte 3: union has no member set"
    );
    assert_eq!(e.offset(), Some(3));
    assert!(!e.is_syntax());
    let e = DeError::message(String::from("plain"));
    assert_eq!(e.to_string(), "plain");
    assert_eq!(e.offset(), None);
    let mut r = reader("  7");
    r.peek_byte();
    assert_eq!(r.error("bad").to_string(), "invalid value at byte 2: bad");
}

/// Differential test: on random mutations of valid JSON, `document_value` + `finish` accept
/// exactly what serde_json accepts (and never panic), and `skip_value` agrees.
#[test]
fn agrees_with_serde_json_on_mutated_input() {
    const SEEDS: &[&str] = &[
        r#"{"a":[1,2.5,-3e2,true,false,null],"b":{"c":"d\n\u00e9\ud83d\ude00"},"e":[]}"#,
        r#"[{"x":{}},[[]],"s",0,-0.0,1E+2]"#,
        r#""just a string""#,
        r#"  [ 1 , { "k" : [ null ] } ]  "#,
    ];
    const ALPHABET: &[u8] = b"{}[],:\"\\ 0123-+.eEtrufalsn\x00\x1f\xc3\xa9\xff/ubd";
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut accepted = 0;
    for round in 0..40_000 {
        let seed = SEEDS[round % SEEDS.len()].as_bytes();
        let mut input = seed.to_vec();
        for _ in 0..(1 + next() % 3) {
            let at = (next() as usize) % (input.len() + 1);
            let byte = ALPHABET[(next() as usize) % ALPHABET.len()];
            match next() % 3 {
                0 => input.insert(at, byte),
                1 if at < input.len() => {
                    input.remove(at);
                }
                _ if at < input.len() => input[at] = byte,
                _ => input.push(byte),
            }
        }
        let ours = {
            let mut r = JsonReader::new(&input);
            r.document_value().and_then(|_| r.finish())
        };
        let skipped = {
            let mut r = JsonReader::new(&input);
            r.skip_value().and_then(|()| r.finish())
        };
        let theirs = serde_json::from_slice::<serde_json::Value>(&input);
        if ours
            .as_ref()
            .is_err_and(|e| e.to_string().contains("duplicate member name"))
        {
            // We refuse duplicate names where serde_json keeps the last; skipping (which keeps
            // nothing) accepts them, and agrees with serde_json on the rest of the input.
            assert_eq!(theirs.is_ok(), skipped.is_ok(), "{input:?}");
            continue;
        }
        assert_eq!(
            ours.is_ok(),
            theirs.is_ok(),
            "{:?}: ours {ours:?}, serde_json {theirs:?}",
            String::from_utf8_lossy(&input)
        );
        assert_eq!(
            skipped.is_ok(),
            ours.is_ok(),
            "{:?}: skip {skipped:?}",
            String::from_utf8_lossy(&input)
        );
        accepted += usize::from(ours.is_ok());
    }
    // Both outcomes are well represented.
    assert!((4_000..36_000).contains(&accepted), "{accepted} accepted");
}

#[test]
fn paths_render_innermost_last_and_cut_long_names() {
    let e = DeError::custom(9, "bad")
        .in_member("BucketARN")
        .in_member("S3")
        .in_index(2)
        .in_key("k\"1")
        .in_member("Tags");
    assert_eq!(e.path(), r#"Tags["k\"1"][2].S3.BucketARN"#);
    assert_eq!(
        e.to_string(),
        r#"in Tags["k\"1"][2].S3.BucketARN: invalid value at byte 9: bad"#
    );
    let long = "é".repeat(100);
    let e = DeError::message("m").in_member(&long).in_key(&long);
    assert_eq!(e.path().chars().filter(|c| *c == 'é').count(), 80);
    assert_eq!(DeError::message("m").path(), "");
}

#[test]
fn mark_seen_refuses_the_second_time() {
    let mut seen = [0u64; 2];
    for index in [0, 63, 64, 127] {
        assert!(mark_seen(&mut seen, index, "M", 0).is_ok());
        let e = mark_seen(&mut seen, index, "M", 5).unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid value at byte 5: duplicate member \"M\""
        );
    }
    // Out of range of the bitset: refused rather than ignored.
    assert!(mark_seen(&mut seen, 128, "M", 0).is_err());
    let mut map = HashMap::new();
    assert!(insert_unique(&mut map, "a".into(), 1, 0).is_ok());
    let e = insert_unique(&mut map, "a".into(), 2, 3).unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid value at byte 3: duplicate map key \"a\""
    );
    assert_eq!(map["a"], 1);
}
