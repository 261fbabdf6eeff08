//! The property tests of the XML crates (awsQuery: STS and the compliance crate), through
//! their `test_util` (`XmlValue`, the `Xml*Visitor`s):
//!
//! - every type survives the `test_util` XML writer then the deserializer (the production one
//!   for response shapes), and the writer's text is XML to an independent parser (roxmltree);
//! - every operation's `parse_response` reads a real `<OpResponse><OpResult>` body back as the
//!   same output, reports the code and request id of error bodies, and survives hostile input:
//!   byte-level mutations with XML pieces (entities, DOCTYPE, CDATA, invalid UTF-8), random
//!   bytes, random statuses. The result is `Ok` or a typed error that renders; never a panic.
//! - every operation's `build_request` writes a well-formed form body for arbitrary inputs.

use std::fmt::Debug;

use smithy_rt::testing::{
    Arbitrary, Gen, SameValue, XmlOperationVisitor, XmlTypeVisitor, XmlValue, from_xml, to_xml,
};
use smithy_rt::{Operation, ProvideErrorMetadata, RequestId, response_from_parts};

use super::parse;

/// Cases per type for the round trip.
const ROUND_TRIPS: u64 = 32;
/// Cases per operation for the parsers; each parses several bodies.
const PARSES: u64 = 64;

/// An arbitrary value of a type the XML wire can carry (no characters XML forbids).
fn arbitrary<T: Arbitrary>(g: &mut Gen) -> T {
    g.set_xml_chars(true);
    T::arbitrary(g)
}

/// `xml` must be well-formed to roxmltree too (it refuses what XML 1.0 refuses). The prefix
/// the fixture's names use (`xsi:kind`) is declared around it, as a service would.
fn assert_well_formed(xml: &str) {
    let declared = format!("<W xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">{xml}</W>");
    if let Err(e) = roxmltree::Document::parse(&declared) {
        panic!("roxmltree rejects our XML: {e}\n{}", excerpt(xml));
    }
}

fn excerpt(text: &str) -> &str {
    let end = text.char_indices().nth(2000).map_or(text.len(), |(i, _)| i);
    &text[..end]
}

struct RoundTrip {
    test: &'static str,
    types: usize,
}

impl XmlTypeVisitor for RoundTrip {
    fn visit<T>(&mut self, name: &'static str)
    where
        T: Arbitrary + SameValue + XmlValue + Debug + Clone + PartialEq + 'static,
    {
        self.types += 1;
        super::run(self.test, name, super::cases(ROUND_TRIPS), |g| {
            let value: T = arbitrary(g);
            let xml = to_xml(&value, "Value");
            assert_well_formed(&xml);
            let back: T = match from_xml(xml.as_bytes()) {
                Ok(back) => back,
                Err(e) => panic!("{e}\nvalue: {value:?}\nxml: {}", excerpt(&xml)),
            };
            assert!(
                back.same_value(&value),
                "read back a different value\nwrote: {value:?}\nread:  {back:?}\nxml: {}",
                excerpt(&xml)
            );
        });
    }
}

/// Writes the XML of an arbitrary value of one type, as an `<Error>` element.
type MakeXml = fn(&mut Gen) -> String;

/// Collects every type's name and XML maker, for error bodies.
#[derive(Default)]
struct Types(Vec<(&'static str, MakeXml)>);

impl XmlTypeVisitor for Types {
    fn visit<T>(&mut self, name: &'static str)
    where
        T: Arbitrary + SameValue + XmlValue + Debug + Clone + PartialEq + 'static,
    {
        self.0.push((name, |g| to_xml(&arbitrary::<T>(g), "Error")));
    }
}

const STATUSES: &[u16] = &[200, 201, 204, 299, 300, 400, 403, 404, 429, 500, 503];

/// What mutations insert: markup, references (good, bad, unknown, expanding), a DOCTYPE with
/// entities, CDATA, namespace declarations, invalid UTF-8, deep openings.
pub(crate) const PIECES: &[&[u8]] = &[
    b"<",
    b">",
    b"</",
    b"/>",
    b"&",
    b"&amp;",
    b"&lt;",
    b"&#0;",
    b"&#x110000;",
    b"&#65;",
    b"&lol;",
    b"<!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;\">]>",
    b"<![CDATA[x]]>",
    b"]]>",
    b"<?xml version=\"1.0\" encoding=\"UTF-16\"?>",
    b" xmlns:p=\"urn:p\"",
    b"<p:Code>",
    b"\"",
    b"\xff",
    b"\xc3",
    b"\xed\xa0\x80",
    b"<a><a><a><a><a><a><a><a>",
    b"<member>",
    b"<entry><key>k</key>",
    b"NaN",
    b"-Infinity",
    b"99999999999999999999",
    b"1e400",
    b"&#xD800;",
    b"<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>",
    b"<![CDATA[",
    b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>",
    b"\xe2\x82",
    b"<Credentials>",
    b"<Expiration>",
    b"<Code>",
    b"9999999999999999999999",
    b" a=\"1\" a=\"2\"",
];

/// `error` (the XML of any type: `<Error ...>content</Error>`, as the writer makes it) as an
/// awsQuery error body with `code`.
fn error_body(code: &str, error: &str, request_id: &str) -> String {
    // The start tag ends at the first `>`: the writer escapes `>` in attribute values.
    let (start, rest) = error.split_at(error.find('>').map_or(0, |i| i + 1));
    let content = rest.strip_suffix("</Error>").unwrap_or(rest);
    format!(
        "<ErrorResponse>{start}<Type>Sender</Type><Code>{code}</Code>{content}</Error>\
         <RequestId>{request_id}</RequestId></ErrorResponse>"
    )
}

/// A form body: `Action=<operation>&Version=...`, then `key=value` pairs, each part
/// percent-encoded (only unreserved characters and `%XX` left).
fn check_form<O: Operation>(body: &[u8]) {
    let body = std::str::from_utf8(body).unwrap_or_else(|e| panic!("the form is not UTF-8: {e}"));
    assert!(
        body.starts_with(&format!("Action={}&Version=", O::NAME)),
        "{body}"
    );
    let plain = |c: char| c.is_ascii_alphanumeric() || "-._~%".contains(c);
    for pair in body.split('&') {
        let (key, value) = pair.split_once('=').unwrap_or_else(|| panic!("{pair}"));
        assert!(!key.is_empty(), "empty key in {body}");
        assert!(key.chars().all(plain) && value.chars().all(plain), "{pair}");
    }
}

struct Parsers {
    test: &'static str,
    types: Types,
    namespace: &'static str,
    operations: usize,
    parsed: u64,
}

impl XmlOperationVisitor for Parsers {
    fn visit<O>(&mut self)
    where
        O: Operation + 'static,
        O::Input: Arbitrary + Debug,
        O::Output: Arbitrary + SameValue + XmlValue + Debug,
        O::Error: Debug,
    {
        self.operations += 1;
        let (types, namespace) = (&self.types.0, self.namespace);
        let mut parsed = 0;
        super::run(self.test, O::NAME, super::cases(PARSES), |g| {
            // Requests: arbitrary inputs make well-formed forms starting with the action, or
            // a build error (a host label an arbitrary string can't be).
            let input: O::Input = arbitrary(g);
            match O::build_request(&input, "https://example.com") {
                Ok(request) => check_form::<O>(request.body().bytes().unwrap_or_default()),
                Err(e) => assert!(!e.to_string().is_empty()),
            }

            // A real body comes back as the same output.
            let output: O::Output = arbitrary(g);
            let result = to_xml(&output, &format!("{}Result", O::NAME));
            let body = format!(
                "<{op}Response xmlns=\"{namespace}\">{result}<ResponseMetadata>\
                 <RequestId>req-{n}</RequestId></ResponseMetadata></{op}Response>",
                op = O::NAME,
                n = g.below(1000),
            );
            assert_well_formed(&body);
            let ok = response_from_parts(200, [], body.clone()).unwrap_or_else(|e| panic!("{e}"));
            match parse::<O>(&ok) {
                Ok(back) => assert!(
                    back.same_value(&output),
                    "{output:?}\nread {back:?}\nbody: {}",
                    excerpt(&body)
                ),
                Err(e) => panic!("{e}\nbody: {}", excerpt(&body)),
            }

            // An error body is reported with its code and request id, whatever it holds.
            let (code, make) = g
                .pick(types)
                .copied()
                .unwrap_or(("X", |_| "<Error/>".to_owned()));
            let error = error_body(code, &make(g), "err-id");
            assert_well_formed(&error);
            let status = *g.pick(&STATUSES[5..]).unwrap_or(&400);
            let failed =
                response_from_parts(status, [("x-amzn-requestid", "header-id")], error.clone())
                    .unwrap_or_else(|e| panic!("{e}"));
            match parse::<O>(&failed) {
                Err(e) => {
                    assert_eq!(e.code(), Some(code), "{}", excerpt(&error));
                    assert_eq!(e.meta().request_id(), Some("err-id"), "{}", excerpt(&error));
                }
                Ok(_) => panic!("status {status} parsed as success"),
            }

            // Hostile bodies, as success and as error responses.
            let small = b"<ErrorResponse><Error><Code>C</Code></Error></ErrorResponse>".to_vec();
            let small = super::mutate_bytes(g, small, PIECES);
            let hostile = [
                super::mutate_bytes(g, body.into_bytes(), PIECES),
                super::mutate_bytes(g, error.into_bytes(), PIECES),
                super::mutate_bytes(g, small, PIECES),
                (0..g.below(64)).map(|_| (g.u64() & 0xff) as u8).collect(),
            ];
            for bytes in hostile {
                let status = *g.pick(STATUSES).unwrap_or(&200);
                let response =
                    response_from_parts(status, [], bytes).unwrap_or_else(|e| panic!("{e}"));
                let _ = parse::<O>(&response);
                parsed += 1;
            }
        });
        self.parsed += parsed;
    }
}

fn check(
    test: &'static str,
    namespace: &'static str,
    round_trips: fn(&mut RoundTrip),
    types: fn(&mut Types),
    operations: fn(&mut Parsers),
) -> (usize, usize) {
    let mut round_trip = RoundTrip { test, types: 0 };
    round_trips(&mut round_trip);
    let mut collected = Types::default();
    types(&mut collected);
    let mut parsers = Parsers {
        test,
        types: collected,
        namespace,
        operations: 0,
        parsed: 0,
    };
    operations(&mut parsers);
    assert!(parsers.parsed > 0, "no hostile body parsed");
    (round_trip.types, parsers.operations)
}

#[test]
fn sts_types_round_trip_and_parsers_survive_hostile_xml() {
    let (types, operations) = check(
        "sts_types_round_trip_and_parsers_survive_hostile_xml",
        "https://sts.amazonaws.com/doc/2011-06-15/",
        sts::test_util::for_each_type,
        sts::test_util::for_each_type,
        sts::test_util::for_each_operation,
    );
    assert!(types >= 40, "only {types} STS types visited");
    assert_eq!(operations, 11);
}

#[test]
fn query_protocol_types_round_trip_and_parsers_survive_hostile_xml() {
    let (types, operations) = check(
        "query_protocol_types_round_trip_and_parsers_survive_hostile_xml",
        "https://example.com/",
        query_protocol::test_util::for_each_type,
        query_protocol::test_util::for_each_type,
        query_protocol::test_util::for_each_operation,
    );
    assert!(types > 40, "only {types} types visited");
    assert!(operations > 30, "{operations}");
}

#[test]
fn query_fixture_types_round_trip_and_parsers_survive_hostile_xml() {
    let (types, operations) = check(
        "query_fixture_types_round_trip_and_parsers_survive_hostile_xml",
        "https://example.com/query-fixture/",
        query_fixture::test_util::for_each_type,
        query_fixture::test_util::for_each_type,
        query_fixture::test_util::for_each_operation,
    );
    assert!(types >= 9, "only {types} types visited");
    assert_eq!(operations, 2);
}
