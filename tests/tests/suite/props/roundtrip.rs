//! Every type of every generated crate survives the production serializer then the production
//! deserializer: same value (NaN matches NaN, `-0.0` stays negative), same JSON.

use std::fmt::Debug;

use smithy_rt::testing::{Arbitrary, Gen, JsonValue, SameValue, TypeVisitor, from_json, to_json};

/// Cases per type (each value is a whole tree of nested members).
const CASES: u64 = 48;

struct RoundTrip {
    test: &'static str,
    types: usize,
}

/// One round trip: `value` to JSON, back, and to JSON again.
pub fn round_trip<T>(value: &T) -> String
where
    T: SameValue + JsonValue + Debug,
{
    let json = to_json(value);
    let back: T = match from_json(json.as_bytes()) {
        Ok(back) => back,
        Err(e) => panic!("{e}\nvalue: {value:?}\njson: {}", excerpt(&json)),
    };
    assert!(
        back.same_value(value),
        "read back a different value\nwrote: {value:?}\nread:  {back:?}\njson: {}",
        excerpt(&json)
    );
    // The text is valid JSON to an independent parser, and writing the value read back gives
    // the same JSON (map order aside).
    let ours: serde_json::Value = serde_json::from_str(&json)
        .unwrap_or_else(|e| panic!("serde_json rejects our JSON: {e}\njson: {}", excerpt(&json)));
    let again: serde_json::Value =
        serde_json::from_str(&to_json(&back)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ours, again, "JSON differs after the round trip");
    json
}

fn excerpt(json: &str) -> &str {
    json.get(..2000).unwrap_or(json)
}

impl TypeVisitor for RoundTrip {
    fn visit<T>(&mut self, name: &'static str)
    where
        T: Arbitrary + SameValue + JsonValue + Debug + Clone + PartialEq + 'static,
    {
        self.types += 1;
        super::run(self.test, name, super::cases(CASES), |g| {
            round_trip(&T::arbitrary(g));
        });
    }
}

fn all_types(test: &'static str, each: impl FnOnce(&mut RoundTrip)) -> usize {
    let mut visitor = RoundTrip { test, types: 0 };
    each(&mut visitor);
    visitor.types
}

#[test]
fn firehose_types_round_trip() {
    let n = all_types("firehose_types_round_trip", |v| {
        firehose::test_util::for_each_type(v)
    });
    assert!(n > 150, "only {n} Firehose types visited");
}

#[test]
fn json_protocol_types_round_trip() {
    let n = all_types("json_protocol_types_round_trip", |v| {
        json_protocol::test_util::for_each_type(v)
    });
    assert!(n > 20, "only {n} JsonProtocol types visited");
}

#[test]
fn machinelearning_types_round_trip() {
    let n = all_types("machinelearning_types_round_trip", |v| {
        machinelearning::test_util::for_each_type(v)
    });
    assert!(n >= 5, "only {n} MachineLearning types visited");
}

#[test]
fn rest_json_protocol_types_round_trip() {
    let n = all_types("rest_json_protocol_types_round_trip", |v| {
        rest_json_protocol::test_util::for_each_type(v)
    });
    assert!(n > 100, "only {n} RestJson types visited");
}

#[test]
fn edge_case_types_round_trip() {
    let n = all_types("edge_case_types_round_trip", |v| {
        edge_cases::test_util::for_each_type(v)
    });
    assert!(n >= 5, "only {n} edge-case types visited");
}

#[test]
fn endpoint_fixture_types_round_trip() {
    let n = all_types("endpoint_fixture_types_round_trip", |v| {
        endpoint_fixture::test_util::for_each_type(v)
    });
    assert!(n >= 2, "only {n} endpoint-fixture types visited");
}

#[test]
fn defaults_fixture_types_round_trip() {
    let n = all_types("defaults_fixture_types_round_trip", |v| {
        defaults_fixture::test_util::for_each_type(v)
    });
    assert!(n >= 15, "only {n} defaults-fixture types visited");
}

/// Blobs of every size class, byte-exact: 0 to 4 bytes (base64 padding), around the 8-byte
/// chunks of the string scanner, and up to exactly 1,000 KiB.
#[test]
fn blobs_round_trip_byte_exact_up_to_1000_kib() {
    use firehose::types::Record;
    let sizes = [
        0,
        1,
        2,
        3,
        4,
        5,
        7,
        8,
        9,
        63,
        64,
        65,
        1023,
        1024,
        65_536,
        smithy_rt::testing::MAX_BLOB - 1,
        smithy_rt::testing::MAX_BLOB,
    ];
    let mut g = Gen::new(super::base_seed());
    for len in sizes {
        let data = g.blob_of_len(len);
        let record = Record::new(data.clone());
        let json = round_trip(&record);
        let back: Record = from_json(json.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
        let bytes = back.data.as_ref();
        assert_eq!(bytes.len(), len);
        assert!(bytes == data.as_ref(), "blob of {len} bytes changed");
    }
}

/// Unknown enum values are kept verbatim and sent back unchanged.
#[test]
fn unknown_enum_values_round_trip() {
    use firehose::types::{CompressionFormat, S3DestinationDescription};
    for value in ["", "gzip", "BROTLI", "é\"\\\u{0}😀"] {
        let format = CompressionFormat::from(value);
        assert!(matches!(format, CompressionFormat::Unknown(_)), "{value:?}");
        let mut s3 = S3DestinationDescription::arbitrary(&mut Gen::new(super::base_seed()));
        s3.compression_format = format.clone();
        round_trip(&s3);
        let json = round_trip(&format);
        let text: String = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(text, value);
    }
}

/// NaN, the infinities, -0.0 and the extremes of doubles and floats.
#[test]
fn non_finite_and_extreme_numbers_round_trip() {
    use json_protocol::types::KitchenSink;
    for (d, f) in [
        (f64::NAN, f32::NAN),
        (f64::INFINITY, f32::INFINITY),
        (f64::NEG_INFINITY, f32::NEG_INFINITY),
        (-0.0, -0.0),
        (f64::MAX, f32::MAX),
        (f64::MIN_POSITIVE, f32::MIN_POSITIVE),
        (5e-324, 1e-45),
        (0.1, 0.1),
    ] {
        let mut sink = KitchenSink::default();
        sink.double = Some(d);
        sink.float = Some(f);
        sink.long = Some(i64::MIN);
        sink.integer = Some(i32::MAX);
        let json = round_trip(&sink);
        if d.is_nan() {
            assert!(json.contains(r#""Double":"NaN""#), "{json}");
        }
    }
}
