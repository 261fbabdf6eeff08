//! Limits: hostile structure (deep nesting, huge numbers, invalid UTF-8, duplicate keys, wrong
//! types, truncation) gives a typed error that names the member path and byte offset.

use std::fmt::Debug;

use firehose::operation::describe_delivery_stream::DescribeDeliveryStream;
use smithy_rt::json::de::DeError;
use smithy_rt::testing::{
    Arbitrary, Gen, JsonValue, OperationVisitor, SameValue, from_json, to_json,
};
use smithy_rt::{Operation, response_from_parts};

/// The [`DeError`] behind an operation error (the source of a malformed-response error).
fn de_error<'a>(error: &'a (dyn std::error::Error + 'static)) -> Option<&'a DeError> {
    let mut current = Some(error);
    while let Some(e) = current {
        if let Some(de) = e.downcast_ref::<DeError>() {
            return Some(de);
        }
        current = e.source();
    }
    None
}

/// Parses a 200 response with `O` and returns the reading error, failing if there is none.
fn parse_error<O: Operation>(body: &[u8]) -> DeError
where
    O::Output: Debug,
{
    let response = response_from_parts(200, [], body.to_vec()).unwrap_or_else(|e| panic!("{e}"));
    match O::parse_response(&response) {
        Ok(output) => panic!(
            "{} accepted {:?}: {output:?}",
            O::NAME,
            String::from_utf8_lossy(&body[..body.len().min(200)])
        ),
        Err(e) => match de_error(&e) {
            Some(de) => de.clone(),
            None => panic!("{} error without a DeError source: {e}", O::NAME),
        },
    }
}

/// Checks one bad body against `DescribeDeliveryStream`: the error's path, and a part of its
/// message.
fn describe_fails(body: &str, path: &str, message: &str) {
    let e = parse_error::<DescribeDeliveryStream>(body.as_bytes());
    assert_eq!(e.path(), path, "{body}: {e}");
    let text = e.to_string();
    assert!(text.contains(message), "{body}: {text}");
    assert!(text.starts_with(&format!("in {path}: ")), "{text}");
    assert!(e.offset().is_some(), "{text}");
}

/// Deep nesting in every position, for every operation of every crate, as success and error:
/// an error, never a stack overflow.
struct Deep {
    operations: usize,
}

impl OperationVisitor for Deep {
    fn visit<O>(&mut self)
    where
        O: Operation + 'static,
        O::Input: Arbitrary + Debug,
        O::Output: Arbitrary + SameValue + JsonValue + Debug,
        O::Error: Debug,
    {
        self.operations += 1;
        // A real body whose first member value gets replaced by the deep value, so the nesting
        // starts inside a known member too.
        let real = to_json(&O::Output::arbitrary(&mut Gen::new(1)));
        let key = real
            .strip_prefix("{\"")
            .and_then(|rest| rest.split('"').next())
            .unwrap_or("x");
        for open in ["[", "{\"a\":", "{\"__type\":[", "[{\"x\":"] {
            let deep = open.repeat(100_000);
            for body in [deep.clone(), format!("{{\"{key}\":{deep}")] {
                for status in [400, 500] {
                    let response = response_from_parts(status, [], body.clone())
                        .unwrap_or_else(|e| panic!("{e}"));
                    let result = O::parse_response(&response);
                    assert!(result.is_err(), "{} accepted {open} x 100000", O::NAME);
                }
                if std::any::type_name::<O::Output>() == "()" {
                    // A unit output never reads the body.
                    continue;
                }
                // Refused at the depth limit, or earlier where the member's type doesn't fit.
                let e = parse_error::<O>(body.as_bytes());
                assert!(e.offset().is_some_and(|o| o < 1000), "{}: {e}", O::NAME);
            }
        }
    }
}

#[test]
fn nesting_100_000_deep_is_an_error_for_every_operation() {
    let mut deep = Deep { operations: 0 };
    firehose::test_util::for_each_operation(&mut deep);
    json_protocol::test_util::for_each_operation(&mut deep);
    machinelearning::test_util::for_each_operation(&mut deep);
    edge_cases::test_util::for_each_operation(&mut deep);
    defaults_fixture::test_util::for_each_operation(&mut deep);
    assert!(deep.operations > 25, "{}", deep.operations);
}

#[test]
fn deep_recursive_shapes_and_documents_are_errors() {
    use edge_cases::operation::do_thing::DoThing;
    // A recursive structure (Node.left.left...), a list of recursive structures, a document.
    for (open, path_start) in [
        (r#"{"left":"#, "Items[0]"),
        (r#"{"children":["#, "Items[0]"),
    ] {
        let body = format!(r#"{{"Items":[{}"#, open.repeat(100_000));
        let e = parse_error::<DoThing>(body.as_bytes());
        assert!(e.to_string().contains("nested too deeply"), "{e}");
        assert!(e.path().starts_with(path_start), "{}", e.path());
    }
    let body = format!(r#"{{"Doc":{}"#, "[".repeat(100_000));
    let e =
        from_json::<edge_cases::operation::do_thing::DoThingInput>(body.as_bytes()).unwrap_err();
    assert!(e.to_string().contains("nested too deeply"), "{e}");
    assert_eq!(e.path(), "Doc");
    // The outer object is level 1, so the 128th '[' (at byte 7 + 127) is one too many.
    assert_eq!(e.offset(), Some(134));
}

#[test]
fn errors_name_the_member_path() {
    describe_fails(
        r#"{"DeliveryStreamDescription":{"Destinations":[{"DestinationId":"d"},{"S3DestinationDescription":{"BucketARN":7}}]}}"#,
        "DeliveryStreamDescription.Destinations[1].S3DestinationDescription.BucketARN",
        "expected string but found '7'",
    );
    let body = r#"{"DeliveryStreamDescription":{"Destinations":[{"DestinationId":"d"},{"S3DestinationDescription":{"BucketARN":7}}]}}"#;
    assert_eq!(
        parse_error::<DescribeDeliveryStream>(body.as_bytes()).to_string(),
        "in DeliveryStreamDescription.Destinations[1].S3DestinationDescription.BucketARN: \
         invalid JSON at byte 109: expected string but found '7'"
    );
}

#[test]
fn huge_numbers_are_typed_errors() {
    describe_fails(
        r#"{"DeliveryStreamDescription":{"Destinations":[{"ExtendedS3DestinationDescription":{"BufferingHints":{"SizeInMBs":1180591620717411303424}}}]}}"#,
        "DeliveryStreamDescription.Destinations[0].ExtendedS3DestinationDescription.BufferingHints.SizeInMBs",
        "integer 1180591620717411303424 is out of range for i32",
    );
    describe_fails(
        r#"{"DeliveryStreamDescription":{"CreateTimestamp":1e400}}"#,
        "DeliveryStreamDescription.CreateTimestamp",
        "invalid value at byte 48",
    );
    use json_protocol::types::KitchenSink;
    for (body, path, message) in [
        (
            r#"{"Double":1e400}"#,
            "Double",
            "number 1e400 is out of range for f64",
        ),
        (
            r#"{"Float":-1e39}"#,
            "Float",
            "number -1e39 is out of range for f32",
        ),
        (
            r#"{"Long":9223372036854775808}"#,
            "Long",
            "out of range for i64",
        ),
        (
            r#"{"Integer":2147483648}"#,
            "Integer",
            "out of range for i32",
        ),
        (
            r#"{"Integer":1.5}"#,
            "Integer",
            "expected an integer but found 1.5",
        ),
        (
            r#"{"Integer":1e2}"#,
            "Integer",
            "expected an integer but found 1e2",
        ),
    ] {
        let e = from_json::<KitchenSink>(body.as_bytes()).unwrap_err();
        assert_eq!(e.path(), path, "{body}");
        assert!(e.to_string().contains(message), "{body}: {e}");
    }
    // bigInteger and bigDecimal keep any size exactly.
    let big = "1".repeat(500);
    let body = format!(r#"{{"Big":{big},"Dec":-{big}.{big}e-999}}"#);
    let input: edge_cases::operation::do_thing::DoThingInput =
        from_json(body.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(input.big.as_deref(), Some(big.as_str()));
}

#[test]
fn invalid_utf8_is_a_typed_error_with_position() {
    let body = b"{\"DeliveryStreamDescription\":{\"DeliveryStreamName\":\"ab\xff\"}}";
    let e = parse_error::<DescribeDeliveryStream>(body);
    assert_eq!(e.path(), "DeliveryStreamDescription.DeliveryStreamName");
    assert_eq!(e.offset(), Some(54));
    assert!(e.to_string().contains("invalid UTF-8"), "{e}");
    // In a key, and in a member nobody reads.
    for body in [&b"{\"\xc3\":1}"[..], b"{\"Unknown\":[\"\xed\xa0\x80\"]}"] {
        let e = parse_error::<DescribeDeliveryStream>(body);
        assert!(e.to_string().contains("invalid UTF-8"), "{e}");
    }
}

#[test]
fn duplicate_keys_are_errors_naming_the_key() {
    describe_fails(
        r#"{"DeliveryStreamDescription":{"DeliveryStreamName":"a","VersionId":"1","DeliveryStreamName":"b"}}"#,
        "DeliveryStreamDescription.DeliveryStreamName",
        "duplicate member \"DeliveryStreamName\"",
    );
    describe_fails(
        r#"{"DeliveryStreamDescription":{},"DeliveryStreamDescription":{}}"#,
        "DeliveryStreamDescription",
        "duplicate member \"DeliveryStreamDescription\"",
    );
    // Map keys (after unescaping: "k" and "\u006b" are the same key), sparse maps, documents.
    use edge_cases::operation::do_thing::{DoThingInput, DoThingOutput};
    let e = from_json::<DoThingOutput>(br#"{"Sparse":{"k":"1","\u006b":null}}"#).unwrap_err();
    assert_eq!(e.path(), "Sparse");
    assert!(e.to_string().ends_with("duplicate map key \"k\""), "{e}");
    let e = from_json::<DoThingInput>(br#"{"Doc":{"a":{"b":1,"b":2}}}"#).unwrap_err();
    assert_eq!(e.path(), "Doc");
    assert!(
        e.to_string().ends_with("duplicate member name \"b\""),
        "{e}"
    );
    // Two members of a union.
    let e = from_json::<DoThingInput>(br#"{"Choice":{"a":"x","a":"y"}}"#);
    assert!(e.is_err(), "{e:?}");
    // Unknown members may repeat: nothing is kept, so nothing is lost.
    let ok: DoThingOutput = from_json(br#"{"Zzz":1,"Zzz":2}"#).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ok.count, 7);
}

#[test]
fn wrong_json_types_name_member_and_expectation() {
    for (body, path, expected) in [
        (
            r#"{"DeliveryStreamDescription":[]}"#,
            "DeliveryStreamDescription",
            "expected object but found '['",
        ),
        (
            r#"{"DeliveryStreamDescription":{"DeliveryStreamName":{}}}"#,
            "DeliveryStreamDescription.DeliveryStreamName",
            "expected string but found '{'",
        ),
        (
            r#"{"DeliveryStreamDescription":{"HasMoreDestinations":"no"}}"#,
            "DeliveryStreamDescription.HasMoreDestinations",
            "expected boolean",
        ),
        (
            r#"{"DeliveryStreamDescription":{"Destinations":{}}}"#,
            "DeliveryStreamDescription.Destinations",
            "expected array",
        ),
        (
            r#"{"DeliveryStreamDescription":{"Destinations":[1]}}"#,
            "DeliveryStreamDescription.Destinations[0]",
            "expected object",
        ),
        (
            r#"{"DeliveryStreamDescription":{"CreateTimestamp":"2020-01-01T00:00:00Z"}}"#,
            "DeliveryStreamDescription.CreateTimestamp",
            "expected epoch seconds",
        ),
        (
            r#"{"DeliveryStreamDescription":{"DeliveryStreamStatus":5}}"#,
            "DeliveryStreamDescription.DeliveryStreamStatus",
            "expected string",
        ),
    ] {
        describe_fails(body, path, expected);
    }
    use edge_cases::operation::do_thing::DoThingInput;
    for (body, path, expected) in [
        (r#"{"Raw":"not base64!"}"#, "Raw", "invalid base64"),
        (r#"{"Matrix":[[1],["x"]]}"#, "Matrix", "expected a number"),
        (r#"{"Sparse":{"k":5}}"#, "Sparse[\"k\"]", "expected string"),
        (r#"{"When":true}"#, "When", "expected string but found 't'"),
        (r#"{"Tiny":128}"#, "Tiny", "out of range for i8"),
    ] {
        let e = from_json::<DoThingInput>(body.as_bytes()).unwrap_err();
        assert_eq!(e.path(), path, "{body}: {e}");
        assert!(e.to_string().contains(expected), "{body}: {e}");
    }
}

/// Every proper prefix of real bodies (arbitrary outputs of every Firehose operation) is an
/// error at or before the cut, never a value with silently missing members.
#[test]
fn truncated_bodies_are_errors_with_position() {
    struct Truncate(usize);
    impl OperationVisitor for Truncate {
        fn visit<O>(&mut self)
        where
            O: Operation + 'static,
            O::Input: Arbitrary + Debug,
            O::Output: Arbitrary + SameValue + JsonValue + Debug,
            O::Error: Debug,
        {
            let mut g = Gen::new(super::base_seed());
            g.set_big_blob_one_in(0);
            let body = to_json(&O::Output::arbitrary(&mut g));
            let bytes = body.as_bytes();
            for cut in 1..bytes.len() {
                let prefix = &bytes[..cut];
                // A prefix that ends in whitespace-only is not possible here (no whitespace
                // written), so every prefix is incomplete JSON.
                let e = parse_error::<O>(prefix);
                assert!(e.offset().is_some_and(|o| o <= cut), "{}: {e}", O::NAME);
                self.0 += 1;
            }
        }
    }
    let mut t = Truncate(0);
    firehose::test_util::for_each_operation(&mut t);
    assert!(t.0 > 100, "{}", t.0);
}
