use super::*;
use std::collections::HashMap;

fn value(f: impl FnOnce(ValueWriter<'_>)) -> String {
    let mut out = String::new();
    f(ValueWriter::new(&mut out));
    out
}

#[test]
fn objects_and_arrays() {
    let mut out = String::new();
    let mut object = ObjectWriter::new(&mut out);
    object.key("a").integer(-1);
    object.key("b").boolean(true);
    object.key("c").null();
    let mut array = object.key("d").array();
    array.value().string("x");
    array.value().object().finish();
    array.value().array().finish();
    let mut inner = array.value().object();
    inner.key("e").boolean(false);
    inner.finish();
    array.finish();
    object.key("f").array().finish();
    object.finish();
    assert_eq!(
        out,
        r#"{"a":-1,"b":true,"c":null,"d":["x",{},[],{"e":false}],"f":[]}"#
    );

    let mut out = String::from("prefix:");
    ObjectWriter::new(&mut out).finish();
    assert_eq!(out, "prefix:{}");
}

#[test]
fn string_escaping() {
    assert_eq!(value(|w| w.string("")), r#""""#);
    assert_eq!(value(|w| w.string("plain")), r#""plain""#);
    assert_eq!(value(|w| w.string("a\"b\\c/d")), r#""a\"b\\c/d""#);
    assert_eq!(value(|w| w.string("\u{8}\u{c}\n\r\t")), r#""\b\f\n\r\t""#);
    assert_eq!(
        value(|w| w.string("\u{0}\u{1}\u{1f}\u{7f}")),
        "\"\\u0000\\u0001\\u001f\u{7f}\""
    );
    // Non-ASCII text stays UTF-8.
    assert_eq!(value(|w| w.string("héllo → 😀")), "\"héllo → 😀\"");
    assert_eq!(value(|w| w.string("é\u{0}é")), "\"é\\u0000é\"");
    // Every control character, against the escape serde_json would write.
    for c in 0u8..0x20 {
        let s = char::from(c).to_string();
        let expected = match c {
            0x08 => "\"\\b\"".to_string(),
            0x0C => "\"\\f\"".to_string(),
            b'\n' => "\"\\n\"".to_string(),
            b'\r' => "\"\\r\"".to_string(),
            b'\t' => "\"\\t\"".to_string(),
            _ => format!("\"\\u{c:04x}\""),
        };
        assert_eq!(value(|w| w.string(&s)), expected);
    }
    // Keys are escaped too.
    let mut out = String::new();
    let mut object = ObjectWriter::new(&mut out);
    object.key("k\"ey\n").integer(1);
    object.finish();
    assert_eq!(out, r#"{"k\"ey\n":1}"#);
}

#[test]
fn numbers() {
    assert_eq!(value(|w| w.integer(0)), "0");
    assert_eq!(value(|w| w.integer(i64::MIN)), "-9223372036854775808");
    assert_eq!(value(|w| w.unsigned(u64::MAX)), "18446744073709551615");
    assert_eq!(value(|w| w.double(1.5)), "1.5");
    assert_eq!(value(|w| w.double(-0.1)), "-0.1");
    assert_eq!(value(|w| w.double(1.0)), "1.0");
    assert_eq!(value(|w| w.double(1e21)), "1e21");
    assert_eq!(
        value(|w| w.double(f64::MIN_POSITIVE)),
        "2.2250738585072014e-308"
    );
    assert_eq!(value(|w| w.double(f64::NAN)), r#""NaN""#);
    assert_eq!(value(|w| w.double(f64::INFINITY)), r#""Infinity""#);
    assert_eq!(value(|w| w.double(f64::NEG_INFINITY)), r#""-Infinity""#);
    assert_eq!(value(|w| w.float(1.1)), "1.1");
    assert_eq!(value(|w| w.float(16_777_216.0)), "16777216.0");
    assert_eq!(value(|w| w.float(f32::NAN)), r#""NaN""#);
    assert_eq!(value(|w| w.float(f32::INFINITY)), r#""Infinity""#);
    assert_eq!(value(|w| w.float(f32::NEG_INFINITY)), r#""-Infinity""#);
    // Through f64, the same f32 would need 16 digits.
    assert_eq!(value(|w| w.double(f64::from(1.1f32))), "1.100000023841858");
    assert_eq!(
        value(|w| w.number_text("123456789012345678901234567890.5")),
        "123456789012345678901234567890.5"
    );
    // Every written double reads back as the same value.
    let mut x = 0x1234_5678_9abc_def0_u64;
    for _ in 0..10_000 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let f = f64::from_bits(x);
        if f.is_finite() {
            assert_eq!(value(|w| w.double(f)).parse::<f64>().unwrap(), f);
        }
        let g = f32::from_bits(x as u32);
        if g.is_finite() {
            assert_eq!(value(|w| w.float(g)).parse::<f32>().unwrap(), g);
        }
    }
}

#[test]
fn blobs() {
    assert_eq!(value(|w| w.blob(&Blob::new(Vec::new()))), r#""""#);
    assert_eq!(value(|w| w.blob(&Blob::new(b"f".to_vec()))), r#""Zg==""#);
    assert_eq!(value(|w| w.blob(&Blob::new(b"fo".to_vec()))), r#""Zm8=""#);
    assert_eq!(value(|w| w.blob(&Blob::new(b"foo".to_vec()))), r#""Zm9v""#);
    assert_eq!(
        value(|w| w.blob(&Blob::new(vec![0xfb, 0xff, 0xbf]))),
        r#""+/+/""#
    );
    let big: Vec<u8> = (0..=255u8).cycle().take(100_003).collect();
    let written = value(|w| w.blob(&Blob::new(big.clone())));
    assert_eq!(
        written,
        format!("\"{}\"", aws_smithy_types::base64::encode(&big))
    );
}

#[test]
fn timestamps() {
    let t = DateTime::from_secs_and_nanos(1_398_796_238, 123_000_000);
    assert_eq!(
        value(|w| w.timestamp(&t, TimestampFormat::EpochSeconds).unwrap()),
        "1398796238.123"
    );
    assert_eq!(
        value(|w| w
            .timestamp(
                &DateTime::from_secs(1_398_796_238),
                TimestampFormat::EpochSeconds
            )
            .unwrap()),
        "1398796238"
    );
    assert_eq!(
        value(|w| w.timestamp(&t, TimestampFormat::DateTime).unwrap()),
        r#""2014-04-29T18:30:38.123Z""#
    );
    assert_eq!(
        value(|w| w.timestamp(&t, TimestampFormat::HttpDate).unwrap()),
        r#""Tue, 29 Apr 2014 18:30:38 GMT""#
    );
    let mut out = String::new();
    let mut object = ObjectWriter::new(&mut out);
    let err = object
        .key("t")
        .timestamp(&DateTime::from_secs(i64::MAX), TimestampFormat::DateTime)
        .unwrap_err();
    assert!(err.to_string().contains("0001 to 9999"), "{err}");
    assert_eq!(out, r#"{"t":"#, "no half-written string is left behind");
}

#[test]
fn documents() {
    let doc = Document::Object(HashMap::from([(
        "k\n".to_string(),
        Document::Array(vec![
            Document::Null,
            Document::Bool(true),
            Document::Number(Number::PosInt(u64::MAX)),
            Document::Number(Number::NegInt(-5)),
            Document::Number(Number::Float(2.5)),
            Document::Number(Number::Float(f64::NAN)),
            Document::String("s\"".into()),
            Document::Object(HashMap::new()),
        ]),
    )]));
    assert_eq!(
        value(|w| w.document(&doc)),
        r#"{"k\n":[null,true,18446744073709551615,-5,2.5,"NaN","s\"",{}]}"#
    );
}

#[test]
fn object_body_wraps_one_object_and_passes_errors_through() {
    let body = object_body(&1, |o, n| {
        o.key("a").integer(*n);
        Ok::<(), crate::BuildError>(())
    });
    assert_eq!(body.ok().as_deref(), Some(r#"{"a":1}"#));
    let failed = object_body(&(), |_, ()| Err(crate::BuildError::missing("S", "m")));
    assert!(matches!(
        failed,
        Err(crate::BuildError::MissingMember {
            shape: "S",
            member: "m"
        })
    ));
}
