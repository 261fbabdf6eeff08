//! The awsQuery code of `generated/query_fixture` (`tests/fixtures/query_fixture.json`) on
//! exact bytes: what the compliance suite leaves out. Forms with flattened and renamed maps
//! and lists, nested collections, unions and unit members; XML responses with attributes
//! (prefixed too), recursion, flattened lists of structures, unions in maps, defaults and
//! client error correction (required members a response leaves out); an error with a custom
//! code and an attribute; and malformed bodies that must be typed errors.

use std::collections::HashMap;

use query_fixture::operation::get_thing::{GetThing, GetThingError, GetThingInput};
use query_fixture::operation::put_things::{PutThings, PutThingsInput};
use query_fixture::primitives::{Blob, DateTime};
use query_fixture::types::{Choice, Filter, Kind, Level, Summary, Thing};
use query_fixture::{Operation, ProvideErrorMetadata, RequestId, response_from_parts};
use smithy_rt::testing::with_idempotency_token;

const ENDPOINT: &str = "https://query.example.com";

fn form<O: Operation>(input: &O::Input) -> String {
    let request = O::build_request(input, ENDPOINT).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        request.headers().get("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(request.uri(), "https://query.example.com/");
    String::from_utf8(request.body().bytes().unwrap_or_default().to_vec())
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn flattened_renamed_maps_and_lists_http_dates_and_tokens_in_a_form() {
    let input = GetThingInput::new("thing 1")
        .with_tags(HashMap::from([(
            "env".to_owned(),
            "prod & test".to_owned(),
        )]))
        .with_filters(vec![
            Filter::new("size").with_values(vec!["1".to_owned(), "2".to_owned()]),
            Filter::new("empty"),
        ])
        .with_since(DateTime::from_secs(1_398_796_238));
    let body = with_idempotency_token("00000000-0000-4000-8000-000000000042", || {
        form::<GetThing>(&input)
    });
    assert_eq!(
        body,
        "Action=GetThing&Version=2024-01-01&Id=thing%201\
         &Tag.1.Key=env&Tag.1.Value=prod%20%26%20test\
         &Filters.member.1.Name=size&Filters.member.1.Value.1=1&Filters.member.1.Value.2=2\
         &Filters.member.2.Name=empty\
         &Since=Tue%2C%2029%20Apr%202014%2018%3A30%3A38%20GMT\
         &Token=00000000-0000-4000-8000-000000000042"
    );
    // A missing required member is refused before any request exists.
    let missing = GetThingInput::default();
    let error = GetThing::build_request(&missing, ENDPOINT).unwrap_err();
    assert!(error.to_string().contains("Id"), "{error}");
}

#[test]
fn unions_nested_collections_attributes_and_non_finite_floats_in_a_form() {
    let thing = Thing::new()
        .with_id("t-1")
        .with_version(7)
        .with_kind(Kind::Large)
        .with_parts(vec![Thing::new().with_name("wheel")]);
    let input = PutThingsInput::new(vec![thing])
        .with_choice(Choice::Nothing)
        .with_matrix(vec![HashMap::from([("k".to_owned(), vec![1, -2])])])
        .with_ratio(f32::NEG_INFINITY)
        .with_payload(Blob::new(&b"\xfb\xff"[..]));
    // `Enabled` has a default, so it is a plain value and always sent, as in JSON bodies.
    assert_eq!(
        form::<PutThings>(&input),
        "Action=PutThings&Version=2024-01-01\
         &Things.Item.1.id=t-1&Things.Item.1.version=7&Things.Item.1.xsi%3Akind=large\
         &Things.Item.1.Part.1.Name=wheel&Things.Item.1.Part.1.Enabled=true\
         &Things.Item.1.Enabled=true\
         &Choice.Nothing=\
         &Matrix.member.1.entry.1.key=k&Matrix.member.1.entry.1.value.member.1=1\
         &Matrix.member.1.entry.1.value.member.2=-2\
         &Ratio=-Infinity&Payload=%2B%2F8%3D"
    );
    // An empty required list is sent as its key alone; an unknown union member is refused.
    assert_eq!(
        form::<PutThings>(&PutThingsInput::new(Vec::new())),
        "Action=PutThings&Version=2024-01-01&Things="
    );
    let unknown = PutThingsInput::new(Vec::new()).with_choice(Choice::Unknown);
    assert!(PutThings::build_request(&unknown, ENDPOINT).is_err());
}

const GET_THING: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<GetThingResponse xmlns="https://example.com/query-fixture/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <GetThingResult>
    <Thing id="t-&amp;1" version="9007199254740993" created="1398796238.5" xsi:kind="large">
      <Name>top</Name>
      <Part id="p1"><Name>first</Name><Enabled>false</Enabled></Part>
      <Part id="p2"/>
      <Parent version="1"><Name><![CDATA[<parent>]]></Name></Parent>
    </Thing>
    <Choice><Nothing/></Choice>
    <Matrix>
      <member>
        <entry><key>a</key><value><member>1</member><member>2</member></value></entry>
      </member>
      <member/>
    </Matrix>
    <Labels><key>x</key><value><Number>3</Number></value></Labels>
    <Labels><key>y</key><value><Thing id="in-union"/></value></Labels>
    <Big>-1.50000000000000000000000001e-300</Big>
    <Level>2</Level>
    <Unknown><Deep><Er/></Deep></Unknown>
  </GetThingResult>
  <ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata>
</GetThingResponse>"#;

fn get_thing(
    status: u16,
    body: &str,
) -> Result<query_fixture::operation::get_thing::GetThingOutput, GetThingError> {
    let response =
        response_from_parts(status, [("x-amzn-requestid", "header-id")], body.to_owned())
            .unwrap_or_else(|e| panic!("{e}"));
    GetThing::parse_response(&response)
}

#[test]
fn attributes_recursion_flattened_structures_unions_and_defaults_read_from_xml() {
    let out = get_thing(200, GET_THING).unwrap_or_else(|e| panic!("{e}"));
    let thing = out.thing.unwrap_or_else(|| panic!("Thing"));
    assert_eq!(thing.id.as_deref(), Some("t-&1"));
    assert_eq!(thing.version, Some(9_007_199_254_740_993));
    assert_eq!(
        thing.created,
        Some(DateTime::from_secs_and_nanos(1_398_796_238, 500_000_000))
    );
    assert_eq!(thing.kind, Some(Kind::Large));
    assert_eq!(thing.name.as_deref(), Some("top"));
    // `Enabled` has a default (true), so it is a plain value that fills it wherever it is
    // absent.
    assert!(thing.enabled);
    let parts = thing.parts.unwrap_or_default();
    assert_eq!(
        parts
            .iter()
            .map(|p| (p.id.as_deref(), p.name.as_deref(), p.enabled))
            .collect::<Vec<_>>(),
        [(Some("p1"), Some("first"), false), (Some("p2"), None, true)]
    );
    let parent = thing.parent.unwrap_or_else(|| panic!("Parent"));
    assert_eq!(parent.name.as_deref(), Some("<parent>"));
    assert_eq!(parent.version, Some(1));
    assert_eq!(out.choice, Some(Choice::Nothing));
    let matrix = out.matrix.unwrap_or_default();
    assert_eq!(matrix.len(), 2);
    assert_eq!(matrix[0].get("a"), Some(&vec![1, 2]));
    assert!(matrix[1].is_empty());
    let labels = out.labels.unwrap_or_default();
    assert_eq!(labels.get("x"), Some(&Choice::Number(3)));
    assert!(
        matches!(labels.get("y"), Some(Choice::Thing(t)) if t.id.as_deref() == Some("in-union")),
        "{labels:?}"
    );
    assert_eq!(
        out.big.as_deref(),
        Some("-1.50000000000000000000000001e-300")
    );
    assert_eq!(out.level, Some(Level::High));
}

/// The `Summary` of a GetThing response whose result holds `inner`.
fn summary(inner: &str) -> Summary {
    let body =
        format!("<GetThingResponse><GetThingResult>{inner}</GetThingResult></GetThingResponse>");
    let out = get_thing(200, &body).unwrap_or_else(|e| panic!("{inner}: {e}"));
    out.summary
        .unwrap_or_else(|| panic!("{inner}: a required structure is filled"))
}

#[test]
fn required_and_defaulted_members_read_as_given_or_as_zero_values_and_defaults() {
    let given = summary(
        r#"<Summary label="l" tier="gold"><Total>5</Total><Ratio>0.5</Ratio><Kind>small</Kind>
           <Note>n</Note><Since>2014-04-29T18:30:38Z</Since><Item>a</Item><Item>b</Item>
           <Top id="t"/></Summary>"#,
    );
    assert_eq!(
        (
            given.label.as_str(),
            given.tier.as_str(),
            given.total,
            given.ratio
        ),
        ("l", "gold", 5, 0.5)
    );
    assert_eq!((given.kind, given.note.as_str()), (Kind::Small, "n"));
    assert_eq!(given.since, DateTime::from_secs(1_398_796_238));
    assert_eq!(given.items, ["a", "b"]);
    assert_eq!(given.top.and_then(|t| t.id).as_deref(), Some("t"));

    // Client error correction: required members left out are zero values (an enum's unknown
    // value holding UNSET_ENUM_VALUE, a structure an empty one); defaults fill the others.
    // Attributes, elements, a flattened list and a structure alike, as the JSON readers do.
    let empty = summary("<Summary/>");
    assert_eq!(
        (
            empty.label.as_str(),
            empty.tier.as_str(),
            empty.total,
            empty.ratio
        ),
        ("", "basic", 0, 1.5)
    );
    assert_eq!(empty.kind, Kind::from(smithy_rt::UNSET_ENUM_VALUE));
    assert_eq!(empty.note, "none");
    assert_eq!(empty.since, DateTime::from_secs(0));
    assert!(empty.items.is_empty());
    let top = empty
        .top
        .as_ref()
        .unwrap_or_else(|| panic!("Top is filled"));
    assert_eq!(top, &Thing::new());
    assert!(top.enabled, "the empty structure has its defaults");

    // That is the zero value `Summary::new` makes; a required structure left out is it too,
    // also in the output of a response without a result element, or without a body.
    let zero = Summary::new(
        "",
        0,
        Kind::from(smithy_rt::UNSET_ENUM_VALUE),
        DateTime::from_secs(0),
        Vec::<String>::new(),
        Thing::new(),
    );
    assert_eq!(empty, zero);
    assert_eq!(summary(""), zero);
    for body in [
        "<GetThingResponse><GetThingResult/></GetThingResponse>",
        "<GetThingResponse/>",
        "",
    ] {
        let out = get_thing(200, body).unwrap_or_else(|e| panic!("{body:?}: {e}"));
        assert_eq!(out.summary.as_ref(), Some(&zero), "{body:?}");
        assert_eq!(out.thing, None, "{body:?}");
    }
}

#[test]
fn an_error_with_a_custom_code_and_an_attribute() {
    let body = r#"<ErrorResponse xmlns="https://example.com/query-fixture/">
  <Error Resource="thing-1"><Type>Sender</Type><Code>Thing.NotFound</Code><Message>no such thing</Message></Error>
  <RequestId>err-1</RequestId>
</ErrorResponse>"#;
    match get_thing(404, body).unwrap_err() {
        GetThingError::NotFound(e) => {
            assert_eq!(e.resource.as_deref(), Some("thing-1"));
            // A required member the error left out reads as its zero value.
            assert!(!e.retryable);
            assert_eq!(e.message.as_deref(), Some("no such thing"));
            assert_eq!(e.code(), Some("Thing.NotFound"));
            assert_eq!(e.request_id(), Some("err-1"));
            // Display names the shape, as for every modeled error; `code()` is the wire's.
            assert_eq!(e.to_string(), "NotFound: no such thing");
        }
        other => panic!("expected NotFound, got {other:?}"),
    }
    // The shape name is not the code on the wire: `NotFound` is some other, unmodeled error.
    let body = "<ErrorResponse><Error><Code>NotFound</Code></Error></ErrorResponse>";
    let error = get_thing(404, body).unwrap_err();
    assert!(matches!(error, GetThingError::Unhandled(_)), "{error:?}");
    assert_eq!(error.code(), Some("NotFound"));
    assert_eq!(error.request_id(), Some("header-id"));
}

#[test]
fn malformed_values_are_typed_errors_that_name_the_member() {
    let wrap = |inner: &str| {
        format!("<GetThingResponse><GetThingResult>{inner}</GetThingResult></GetThingResponse>")
    };
    for (inner, expected) in [
        (r#"<Thing version="x"/>"#, "in Thing.version: invalid value"),
        (
            r#"<Thing xsi:kind="a" xsi:kind="b"/>"#,
            "duplicate attribute xsi:kind",
        ),
        (
            "<Thing><Name>a</Name><Name>b</Name></Thing>",
            "in Thing.Name: invalid value at byte 55: duplicate member \"Name\"",
        ),
        (
            "<Choice><Text>a</Text><Number>1</Number></Choice>",
            "more than one member of union Choice",
        ),
        ("<Labels><key>x</key></Labels>", "without a <value> element"),
        (
            "<Labels><key>x</key><value><Text>a</Text></value></Labels><Labels><key>x</key><value><Text>b</Text></value></Labels>",
            "duplicate map key \"x\"",
        ),
        (
            "<Matrix><member><entry><key>k</key><value><member>one</member></value></entry></member></Matrix>",
            "in Matrix[0][\"k\"][0]",
        ),
        ("<Level>high</Level>", "in Level"),
        (
            "<Thing><Parent><Parent><Name><x/></Name></Parent></Parent></Thing>",
            "in Thing.Parent.Parent.Name",
        ),
    ] {
        let error = get_thing(200, &wrap(inner)).unwrap_err();
        let source = std::error::Error::source(&error)
            .map(ToString::to_string)
            .unwrap_or_default();
        assert!(source.contains(expected), "{inner}: {source}");
        assert!(
            error
                .to_string()
                .starts_with("malformed response body (HTTP 200"),
            "{error}"
        );
    }
}
