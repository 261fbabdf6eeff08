//! restJson1 parsers (every operation of the RestJson compliance service): the JSON of an
//! arbitrary output is a readable body, and hostile responses (random statuses, mutated and
//! random bodies, hostile values in the headers the model binds: unclosed quotes, bad numbers,
//! half dates, bad base64) give `Ok` or a typed error, never a panic.

use std::fmt::Debug;

use smithy_rt::testing::{Arbitrary, Gen, JsonValue, OperationVisitor, SameValue, to_json};
use smithy_rt::{HttpResponse, Operation, response_from_parts};

use super::mutate_bytes;
use super::parse;
use super::parsers::{PIECES, STATUSES};

const CASES: u64 = 48;

/// Headers the RestJson model binds (names as HTTP keeps them, lower-cased), and the error
/// type header.
const HEADERS: &[&str] = &[
    "x-foo",
    "x-string",
    "x-stringlist",
    "x-byte",
    "x-short",
    "x-integer",
    "x-long",
    "x-float",
    "x-double",
    "x-integerlist",
    "x-boolean1",
    "x-booleanlist",
    "x-timestamplist",
    "x-enum",
    "x-enumlist",
    "x-integerenum",
    "x-integerenumlist",
    "x-json",
    "x-foo-abc",
    "hello",
    "x-memberepochseconds",
    "x-memberhttpdate",
    "x-memberdatetime",
    "x-defaultformat",
    "x-greeting",
    "x-header",
    "x-amzn-errortype",
    "content-type",
];

const VALUES: &[&str] = &[
    "",
    ",",
    "\"",
    "\"a",
    "a, \"b\\\"c\", d",
    "\"a\" b",
    "1, 2, x",
    "NaN",
    "-Infinity",
    "1e400",
    "300",
    "-129",
    "9223372036854775808",
    "true, false, maybe",
    "Mon, 16 Dec 2019 23:48:18 GMT",
    "Mon, 16 Dec 2019 23:48:18 GMT, Mon",
    "2019-12-16T23:48:18Z",
    "1576540098.123",
    "dHJ1ZQ==",
    "!!!",
    "FooError:http://internal.amazon.com/",
];

fn hostile_response(g: &mut Gen, status: u16, body: Vec<u8>) -> HttpResponse {
    let mut headers = Vec::new();
    for _ in 0..g.below(6) {
        let name = g.pick(HEADERS).copied().unwrap_or("x-foo");
        let value = match g.below(4) {
            0 => g.string(),
            _ => (*g.pick(VALUES).unwrap_or(&"")).to_owned(),
        };
        headers.push((name, value));
    }
    let pairs = headers.iter().map(|(n, v)| (*n, v.as_str()));
    match response_from_parts(status, pairs, body.clone()) {
        Ok(r) => r,
        // A value the HTTP types refuse never reaches a parser.
        Err(_) => response_from_parts(status, [], body).unwrap_or_else(|e| panic!("{e}")),
    }
}

struct RestJsonParsers {
    operations: usize,
    parsed: u64,
}

impl OperationVisitor for RestJsonParsers {
    fn visit<O>(&mut self)
    where
        O: Operation + 'static,
        O::Input: Arbitrary + Debug,
        O::Output: Arbitrary + SameValue + JsonValue + Debug,
        O::Error: Debug,
    {
        self.operations += 1;
        let test = "rest_json_parsers_survive_hostile_responses";
        let mut parsed = 0;
        super::run(test, O::NAME, super::cases(CASES), |g| {
            // Bound members in a JSON body are unknown keys there, so any output's JSON reads.
            let body = to_json(&O::Output::arbitrary(g));
            let ok = response_from_parts(200, [], body.clone()).unwrap_or_else(|e| panic!("{e}"));
            if let Err(e) = parse::<O>(&ok) {
                panic!("{e}\nbody: {body}");
            }
            let bodies = [
                body.clone().into_bytes(),
                mutate_bytes(g, body.into_bytes(), PIECES),
                (0..g.below(64)).map(|_| (g.u64() & 0xff) as u8).collect(),
            ];
            for bytes in bodies {
                let status = *g.pick(STATUSES).unwrap_or(&200);
                let _ = parse::<O>(&hostile_response(g, status, bytes));
                parsed += 1;
            }
        });
        self.parsed += parsed;
    }
}

#[test]
fn rest_json_parsers_survive_hostile_responses() {
    let mut parsers = RestJsonParsers {
        operations: 0,
        parsed: 0,
    };
    rest_json_protocol::test_util::for_each_operation(&mut parsers);
    assert!(parsers.operations > 90, "{}", parsers.operations);
    assert!(parsers.parsed > 0);
}
