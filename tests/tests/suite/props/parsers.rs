//! Every operation's `parse_response`, fed real bodies (through the production parser: they
//! must come back equal), modeled errors, and hostile input: random bytes, random JSON trees,
//! mutated real bodies (byte-level and tree-level), random statuses and headers. The result is
//! `Ok` or a typed error whose `Display` and `Debug` work; never a panic.

use std::fmt::Debug;

use serde_json::Value;
use smithy_rt::testing::{
    Arbitrary, Gen, JsonValue, OperationVisitor, SameValue, TypeVisitor, to_json,
};
use smithy_rt::{HttpResponse, Operation, ProvideErrorMetadata, response_from_parts};

use super::parse;

/// Hostile cases per operation; each parses several bodies.
const CASES: u64 = 96;

/// Writes the JSON of an arbitrary value of one type.
type MakeJson = fn(&mut Gen) -> String;

/// Collects every type's name and JSON maker, for error bodies.
#[derive(Default)]
struct Types(Vec<(&'static str, MakeJson)>);

impl TypeVisitor for Types {
    fn visit<T>(&mut self, name: &'static str)
    where
        T: Arbitrary + SameValue + JsonValue + Debug + Clone + PartialEq + 'static,
    {
        let make: MakeJson = |g| to_json(&T::arbitrary(g));
        self.0.push((name, make));
    }
}

struct Parsers {
    test: &'static str,
    types: Types,
    operations: usize,
    parsed: u64,
}

pub(crate) const STATUSES: &[u16] = &[
    100, 200, 201, 204, 299, 300, 304, 400, 403, 404, 413, 429, 500, 503, 599,
];

pub(crate) const PIECES: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "null",
    "true",
    "1e400",
    "1e999",
    "-0",
    "2e-400",
    "\"\\ud800\"",
    "\"\\u0000\"",
    "\"\\x\"",
    "1.5",
    "\"x\"",
    "\"NaN\"",
    "\u{ff}",
    "\u{c3}",
    "9223372036854775808",
    "-9223372036854775809",
    "1180591620717411303424",
    "{\"a\":",
    "\\",
    "\"__type\":\"x\",",
    " ",
    "\"\"",
];

fn response(g: &mut Gen, status: u16, body: Vec<u8>, error_type: Option<&str>) -> HttpResponse {
    let mut headers: Vec<(String, String)> = Vec::new();
    if let Some(code) = error_type {
        headers.push(("x-amzn-errortype".into(), code.to_owned()));
    }
    for _ in 0..g.below(3) {
        let name = match g.below(5) {
            0 => "x-amzn-errortype".to_owned(),
            1 => "x-amzn-requestid".to_owned(),
            2 => "content-type".to_owned(),
            3 => "content-length".to_owned(),
            _ => format!("x-random-{}", g.below(100)),
        };
        let value = match g.below(4) {
            0 => "ResourceNotFoundException:http://internal.amazon.com/".to_owned(),
            1 => "aws.protocoltests#Foo".to_owned(),
            _ => g.string(),
        };
        headers.push((name, value));
    }
    let pairs = headers.iter().map(|(n, v)| (n.as_str(), v.as_str()));
    match response_from_parts(status, pairs, body.clone()) {
        Ok(r) => r,
        // A header value the HTTP types refuse (control characters, ...) never reaches a parser.
        Err(_) => response_from_parts(status, [], body).unwrap_or_else(|e| panic!("{e}")),
    }
}

/// Random JSON: a document of any shape, or a hostile scalar.
fn random_json(g: &mut Gen) -> Value {
    let mut text = String::new();
    smithy_rt::json::ser::ValueWriter::new(&mut text).document(&g.document_value());
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

/// Tree-level mutation of a real body: some node replaced by random JSON (so known members get
/// values of the wrong type), removed, or wrapped in an array.
fn mutate_tree(g: &mut Gen, value: &mut Value) {
    let children = match value {
        Value::Object(map) => map.len(),
        Value::Array(items) => items.len(),
        _ => 0,
    };
    if children == 0 || g.one_in(4) {
        *value = match g.below(4) {
            0 => Value::Array(vec![value.take()]),
            1 => serde_json::json!(1e300),
            _ => random_json(g),
        };
        return;
    }
    let pick = g.below(children);
    match value {
        Value::Object(map) => {
            if let Some((_, child)) = map.iter_mut().nth(pick) {
                mutate_tree(g, child);
            }
        }
        Value::Array(items) => {
            if let Some(child) = items.get_mut(pick) {
                mutate_tree(g, child);
            }
        }
        _ => {}
    }
}

impl OperationVisitor for Parsers {
    fn visit<O>(&mut self)
    where
        O: Operation + 'static,
        O::Input: Arbitrary + Debug,
        O::Output: Arbitrary + SameValue + JsonValue + Debug,
        O::Error: Debug,
    {
        self.operations += 1;
        let types = &self.types.0;
        let mut parsed = 0;
        super::run(self.test, O::NAME, super::cases(CASES), |g| {
            // A real body comes back as the same output.
            let output = O::Output::arbitrary(g);
            let body = to_json(&output);
            let ok = response(g, 200, body.clone().into_bytes(), None);
            match parse::<O>(&ok) {
                Ok(back) => assert!(back.same_value(&output), "{output:?}\nread {back:?}"),
                Err(e) => panic!("{e}\nbody: {body}"),
            }

            // A modeled (or unknown) error code is reported as the error's code.
            let (code, make) = g.pick(types).copied().unwrap_or(("X", |_| "{}".into()));
            let mut error: Value = serde_json::from_str(&make(g)).unwrap_or(Value::Null);
            if !error.is_object() {
                // Enums and numbers have no room for a code: wrap them as a member.
                error = serde_json::json!({ "value": error });
            }
            if let Value::Object(map) = &mut error {
                map.insert("__type".into(), Value::String(format!("aws.test#{code}")));
            }
            let error_body = error.to_string();
            let status = *g.pick(&STATUSES[6..]).unwrap_or(&400);
            let failed = response_from_parts(status, [], error_body.clone())
                .unwrap_or_else(|e| panic!("{e}"));
            match parse::<O>(&failed) {
                Err(e) => assert_eq!(e.code(), Some(code), "{error_body}"),
                Ok(_) => panic!("status {status} parsed as success"),
            }

            // Hostile bodies with random statuses and headers.
            let mut tree: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
            mutate_tree(g, &mut tree);
            let hostile = [
                super::mutate_bytes(g, body.into_bytes(), PIECES),
                super::mutate_bytes(g, error_body.into_bytes(), PIECES),
                tree.to_string().into_bytes(),
                random_json(g).to_string().into_bytes(),
                (0..g.below(64)).map(|_| (g.u64() & 0xff) as u8).collect(),
            ];
            for bytes in hostile {
                let status = *g.pick(STATUSES).unwrap_or(&200);
                let code = g.pick(types).map(|(name, _)| *name);
                let code = if g.one_in(2) { code } else { None };
                let r = response(g, status, bytes, code);
                let _ = parse::<O>(&r);
                parsed += 1;
            }
        });
        self.parsed += parsed;
    }
}

fn check(
    test: &'static str,
    types: impl FnOnce(&mut Types),
    operations: impl FnOnce(&mut Parsers),
) -> Parsers {
    let mut collected = Types::default();
    types(&mut collected);
    let mut parsers = Parsers {
        test,
        types: collected,
        operations: 0,
        parsed: 0,
    };
    operations(&mut parsers);
    assert!(parsers.parsed > 0, "no hostile body parsed");
    parsers
}

#[test]
fn firehose_parsers_survive_hostile_responses() {
    let p = check(
        "firehose_parsers_survive_hostile_responses",
        firehose::test_util::for_each_type,
        firehose::test_util::for_each_operation,
    );
    assert_eq!(p.operations, 12);
}

#[test]
fn json_protocol_parsers_survive_hostile_responses() {
    let p = check(
        "json_protocol_parsers_survive_hostile_responses",
        json_protocol::test_util::for_each_type,
        json_protocol::test_util::for_each_operation,
    );
    assert!(p.operations > 10, "{}", p.operations);
}

#[test]
fn machinelearning_parsers_survive_hostile_responses() {
    let p = check(
        "machinelearning_parsers_survive_hostile_responses",
        machinelearning::test_util::for_each_type,
        machinelearning::test_util::for_each_operation,
    );
    assert!(p.operations >= 1);
}

#[test]
fn edge_case_parsers_survive_hostile_responses() {
    let p = check(
        "edge_case_parsers_survive_hostile_responses",
        edge_cases::test_util::for_each_type,
        edge_cases::test_util::for_each_operation,
    );
    assert!(p.operations >= 1);
}

#[test]
fn endpoint_fixture_parsers_survive_hostile_responses() {
    let p = check(
        "endpoint_fixture_parsers_survive_hostile_responses",
        endpoint_fixture::test_util::for_each_type,
        endpoint_fixture::test_util::for_each_operation,
    );
    assert!(p.operations >= 2);
}

#[test]
fn defaults_fixture_parsers_survive_hostile_responses() {
    let p = check(
        "defaults_fixture_parsers_survive_hostile_responses",
        defaults_fixture::test_util::for_each_type,
        defaults_fixture::test_util::for_each_operation,
    );
    assert_eq!(p.operations, 4);
}
