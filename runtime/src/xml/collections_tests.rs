//! Tests of the list and map readers and (with `test-util`) of the writer, read back.

use std::collections::HashMap;

use super::*;
use crate::json::de::DeError;

fn open(body: &str) -> XmlReader<'_> {
    let mut reader = XmlReader::new(body.as_bytes()).unwrap();
    reader.root().unwrap();
    reader
}

fn strings(reader: &mut XmlReader<'_>, item: &str) -> Result<Vec<String>, DeError> {
    read_list(reader, item, |reader, _| reader.string().map(Some))
}

#[test]
fn lists_read_named_items_and_skip_the_rest() {
    let mut reader =
        open("<L><member>a</member><other><x/></other><member/><member>c</member></L>");
    assert_eq!(strings(&mut reader, "member").unwrap(), ["a", "", "c"]);
    reader.finish().unwrap();
    let mut reader = open("<L><item>a</item><member>b</member></L>");
    assert_eq!(strings(&mut reader, "item").unwrap(), ["a"]);
    let mut reader = open("<L/>");
    assert!(strings(&mut reader, "member").unwrap().is_empty());
}

#[test]
fn list_errors_name_the_index_and_none_leaves_the_item_out() {
    let mut reader = open("<L><member>1</member><member>x</member></L>");
    let error = read_list(&mut reader, "member", |reader, _| reader.i32().map(Some)).unwrap_err();
    assert_eq!(error.path(), "[1]");
    let mut reader = open("<L><member>1</member><member/><member>3</member></L>");
    let kept = read_list(&mut reader, "member", |reader, _| {
        let text = reader.text()?;
        Ok((!text.as_str().is_empty()).then(|| text.into_string()))
    })
    .unwrap();
    assert_eq!(kept, ["1", "3"]);
}

#[test]
fn maps_read_entries_with_renamed_key_and_value() {
    let mut reader = open(
        "<M><entry><key>a</key><value>1</value></entry>\
         <entry><value>2</value><noise/><key>b</key></entry><junk/></M>",
    );
    let map = read_map(&mut reader, "entry", "key", "value", |r, _| {
        r.i32().map(Some)
    })
    .unwrap();
    assert_eq!(
        map,
        HashMap::from([("a".to_owned(), 1), ("b".to_owned(), 2)])
    );
    let mut reader = open("<M><entry><K>a</K><V>x</V></entry></M>");
    let map = read_map(&mut reader, "entry", "K", "V", |r, _| r.string().map(Some)).unwrap();
    assert_eq!(map.get("a").map(String::as_str), Some("x"));
}

#[test]
fn flattened_map_entries_add_to_one_map() {
    let body = "<S><M><key>a</key><value>1</value></M><M><key>b</key><value>2</value></M></S>";
    let mut reader = open(body);
    let mut map = HashMap::new();
    while let Some(entry) = reader.next_child().unwrap() {
        read_map_entry(&mut reader, &entry, "key", "value", &mut map, |r, _| {
            r.i32().map(Some)
        })
        .unwrap();
    }
    assert_eq!(map.len(), 2);
}

#[test]
fn broken_map_entries_are_errors() {
    let read = |body: &str| {
        let mut reader = open(body);
        read_map(&mut reader, "entry", "key", "value", |r, _| {
            r.i32().map(Some)
        })
    };
    let message = |body: &str| read(body).unwrap_err().to_string();
    assert!(message("<M><entry><value>1</value></entry></M>").contains("without a <key>"));
    let missing = read("<M><entry><key>k</key></entry></M>").unwrap_err();
    assert!(
        missing.to_string().contains("without a <value>"),
        "{missing}"
    );
    assert_eq!(missing.path(), "[\"k\"]");
    assert!(
        message("<M><entry><key>k</key><key>j</key><value>1</value></entry></M>")
            .contains("duplicate")
    );
    assert!(
        message("<M><entry><key>k</key><value>1</value><value>2</value></entry></M>")
            .contains("duplicate")
    );
    let twice = "<M><entry><key>k</key><value>1</value></entry>\
                 <entry><key>k</key><value>2</value></entry></M>";
    assert!(
        message(twice).contains("duplicate map key \"k\""),
        "{}",
        message(twice)
    );
    let wrong = read("<M><entry><key>k</key><value>x</value></entry></M>").unwrap_err();
    assert_eq!(wrong.path(), "[\"k\"]");
}

#[cfg(feature = "test-util")]
mod writer {
    use super::*;
    use crate::{Blob, DateTime, TimestampFormat};

    #[test]
    fn text_and_attributes_survive_a_round_trip() {
        let tricky = "a&b <c> \"q\" 'a' \r\n\r x\ty \u{7f} é 😀";
        let mut out = String::new();
        {
            let mut root = ElementWriter::new(&mut out, "R");
            root.attribute("at").string(tricky);
            root.child("T").text().string(tricky);
            root.child("Empty").text().string("");
            let mut nested = root.child("N");
            nested.child("Deep").text().boolean(true);
        }
        let mut reader = XmlReader::new(out.as_bytes()).unwrap();
        let root = reader.root().unwrap();
        assert_eq!(root.attribute("at").unwrap().as_str(), tricky);
        let mut seen = Vec::new();
        while let Some(child) = reader.next_child().unwrap() {
            match child.local() {
                "N" => {
                    reader.next_child().unwrap().unwrap();
                    seen.push(reader.boolean().unwrap().to_string());
                    assert!(reader.next_child().unwrap().is_none());
                }
                _ => seen.push(reader.string().unwrap()),
            }
        }
        reader.finish().unwrap();
        assert_eq!(seen, [tricky, "", "true"]);
    }

    #[test]
    fn numbers_blobs_and_timestamps_read_back_exactly() {
        let doubles = [
            0.0,
            -0.0,
            0.1,
            1e21,
            f64::MAX,
            5e-324,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ];
        let floats = [f32::MIN_POSITIVE, 1e-45, f32::MAX, 3.5];
        let times = [
            (
                DateTime::from_secs_and_nanos(1_398_796_238, 123_000),
                TimestampFormat::DateTime,
            ),
            (
                DateTime::from_secs(-62_135_596_800),
                TimestampFormat::HttpDate,
            ),
            (
                DateTime::from_secs_and_nanos(-5, 1),
                TimestampFormat::EpochSeconds,
            ),
        ];
        let mut out = String::new();
        {
            let mut root = ElementWriter::new(&mut out, "R");
            for d in doubles {
                root.child("D").text().double(d);
            }
            root.child("D").text().double(f64::NAN);
            for f in floats {
                root.child("F").text().float(f);
            }
            root.child("I").text().integer(i64::MIN);
            root.child("B").text().blob(&Blob::new([0u8, 0xfb, 0xff]));
            for (t, format) in &times {
                root.child("T").text().timestamp(t, *format).unwrap();
            }
            root.child("N").text().number_text("-1.5e+300");
        }
        let mut reader = XmlReader::new(out.as_bytes()).unwrap();
        reader.root().unwrap();
        let (mut d, mut f, mut t) = (Vec::new(), Vec::new(), 0);
        while let Some(child) = reader.next_child().unwrap() {
            match child.local() {
                "D" => d.push(reader.f64().unwrap()),
                "F" => f.push(reader.f32().unwrap()),
                "I" => assert_eq!(reader.i64().unwrap(), i64::MIN),
                "B" => assert_eq!(reader.blob().unwrap(), Blob::new([0u8, 0xfb, 0xff])),
                "T" => {
                    let (value, format) = times[t];
                    assert_eq!(reader.timestamp(format).unwrap(), value);
                    t += 1;
                }
                _ => assert_eq!(reader.number_text().unwrap(), "-1.5e+300"),
            }
        }
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&d[..doubles.len()]), bits(&doubles));
        assert!(d[doubles.len()].is_nan());
        assert_eq!(f, floats);
        assert_eq!(t, times.len());
    }

    #[test]
    fn out_of_range_timestamps_are_refused() {
        let mut out = String::new();
        let mut root = ElementWriter::new(&mut out, "R");
        let far = DateTime::from_secs(300_000_000_000);
        assert!(
            root.child("T")
                .text()
                .timestamp(&far, TimestampFormat::DateTime)
                .is_err()
        );
    }
}
