//! The awsJson 1.0 fixture service (tests/fixtures/edge_cases.json): keywords as names,
//! recursion, unions, collisions with generated names, and the 1.0 wire differences.

use edge_cases::operation::do_thing::{DoThing, DoThingError, DoThingInput};
use edge_cases::operation::ping::Ping;
use edge_cases::primitives::{Blob, DateTime, Document};
use edge_cases::types::{Choice, Color, Level, Node};
use edge_cases::{Operation, response_from_parts};

const ENDPOINT: &str = "https://edge.example.com";

/// The request body without `ClientToken`, which is random unless set.
fn body(input: &DoThingInput) -> serde_json::Value {
    let mut value = raw_body(input);
    if let Some(object) = value.as_object_mut() {
        object.remove("ClientToken");
    }
    value
}

fn raw_body(input: &DoThingInput) -> serde_json::Value {
    let request = DoThing::build_request(input, ENDPOINT).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        request.headers().get("content-type"),
        Some("application/x-amz-json-1.0")
    );
    assert_eq!(
        request.headers().get("x-amz-target"),
        Some("EdgeService.DoThing")
    );
    serde_json::from_slice(request.body().bytes().expect("in-memory body"))
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn keyword_members_keep_their_wire_names() {
    let mut input = DoThingInput::new("t");
    input.self_ = Some(1);
    input.r#gen = Some(2);
    input.r#async = Some(true);
    input.size_in_mbs = Some(3);
    assert_eq!(
        body(&input),
        serde_json::json!({"type": "t", "self": 1, "gen": 2, "async": true, "SizeInMBs": 3})
    );
}

#[test]
fn recursive_structures_and_unions_round_trip_the_wire() {
    let leaf = Node::new().with_value(2);
    let tree = Node::new()
        .with_value(1)
        .with_left(leaf.clone())
        .with_children(vec![leaf]);
    let choice = Choice::Nested(Box::new(Choice::Text("deep".into())));
    let input = DoThingInput::new("t")
        .with_tree(tree)
        .with_choice(choice)
        .with_choice(Choice::None);
    assert_eq!(
        body(&input),
        serde_json::json!({"type": "t", "Tree": {"value": 1, "left": {"value": 2}, "children": [{"value": 2}]}, "Choice": {"none": {}}})
    );
}

#[test]
fn scalars_timestamps_documents_and_collections() {
    let mut input = DoThingInput::new("t")
        .with_color(Color::DarkBlue)
        .with_level(Level::High)
        .with_when(DateTime::from_secs(1_398_796_238))
        .with_doc(Document::from("d"))
        .with_raw(Blob::new(b"hi".to_vec()))
        .with_big("123456789012345678901234567890")
        .with_tiny(-1i8)
        .with_ratio(1.1f32)
        .with_matrix(vec![vec![1.5, f64::NAN]]);
    input.sparse = Some([("k".to_owned(), None)].into_iter().collect());
    assert_eq!(
        body(&input),
        serde_json::json!({
            "type": "t", "Color": "dark-blue", "Level": 10, "When": "Tue, 29 Apr 2014 18:30:38 GMT",
            "Doc": "d", "Raw": "aGk=", "Big": 123456789012345678901234567890u128 as f64, "Tiny": -1, "Ratio": 1.1,
            "Sparse": {"k": null}, "Matrix": [[1.5, "NaN"]]
        })
    );
}

#[test]
fn unknown_union_variant_cannot_be_sent() {
    let input = DoThingInput::new("t").with_choice(Choice::UnknownValue);
    let error = DoThing::build_request(&input, ENDPOINT).unwrap_err();
    assert!(error.to_string().contains("Choice"), "{error}");
}

#[test]
fn responses_with_unknown_union_members_and_enum_named_unknown() {
    let response = response_from_parts(
        200,
        [],
        r#"{"Choice":{"somethingNew":{"a":1}},"Color":"unknown","When":"2014-04-29T18:30:38.5Z","Sparse":{"a":null,"b":"x"}}"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let out = DoThing::parse_response(&response).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.choice, Some(Choice::UnknownValue));
    assert_eq!(
        out.color,
        Some(Color::Unknown),
        "`unknown` is a modeled value here"
    );
    assert_eq!(
        out.when,
        Some(DateTime::from_secs_and_nanos(1_398_796_238, 500_000_000))
    );
    let sparse = out.sparse.expect("map");
    assert_eq!(sparse.get("a"), Some(&None));
    assert_eq!(sparse.get("b"), Some(&Some("x".to_owned())));
}

#[test]
fn union_with_two_members_set_is_an_error() {
    let response = response_from_parts(200, [], r#"{"Choice":{"text":"a","none":{}}}"#)
        .unwrap_or_else(|e| panic!("{e}"));
    let error = DoThing::parse_response(&response).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("more than one member of union Choice"),
        "{error}"
    );
}

#[test]
fn error_named_unhandled_gets_its_own_variant() {
    let response = response_from_parts(400, [], r#"{"__type":"Unhandled","message":"m"}"#)
        .unwrap_or_else(|e| panic!("{e}"));
    let error = DoThing::parse_response(&response).unwrap_err();
    assert!(matches!(error, DoThingError::Unhandled(_)), "{error:?}");
    let response = response_from_parts(503, [], r#"{"__type":"ServiceFault","Message":"down"}"#)
        .unwrap_or_else(|e| panic!("{e}"));
    let error = DoThing::parse_response(&response).unwrap_err();
    assert!(
        matches!(error, DoThingError::ServiceFault(_)),
        "service errors apply to every operation"
    );
    assert_eq!(error.to_string(), "ServiceFault: down");
    let response = response_from_parts(500, [], "{}").unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(
        DoThing::parse_response(&response).unwrap_err(),
        DoThingError::UnhandledError(_)
    ));
}

#[test]
fn unit_input_sends_an_empty_object_to_the_host_prefix() {
    let request = Ping::build_request(&(), ENDPOINT).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(request.uri(), "https://ping.edge.example.com/");
    assert_eq!(request.body().bytes(), Some(&b"{}"[..]));
}

#[test]
fn sensitive_and_keyword_debug() {
    let input = DoThingInput::new("t").with_key_arn("arn:secret");
    let shown = format!("{input:?}");
    assert!(!shown.contains("arn:secret"), "{shown}");
    assert!(shown.contains("type"), "{shown}");
}

#[test]
fn unset_idempotency_token_is_filled_with_a_fresh_uuid() {
    let first = raw_body(&DoThingInput::new("t"));
    let second = raw_body(&DoThingInput::new("t"));
    let token = first["ClientToken"]
        .as_str()
        .expect("a token is sent")
        .to_owned();
    assert_eq!(token.len(), 36, "{token}");
    assert_ne!(
        Some(token.as_str()),
        second["ClientToken"].as_str(),
        "each request gets its own"
    );
    let given = raw_body(&DoThingInput::new("t").with_client_token("mine"));
    assert_eq!(given["ClientToken"], "mine");
}

/// `Node` is recursive, so its deserializer calls itself; the reader's depth cap must stop a
/// hostile body before the stack does.
#[test]
fn deeply_recursive_response_is_an_error_not_a_stack_overflow() {
    let body = format!("{{\"Items\":[{}", "{\"left\":".repeat(200_000));
    let response = response_from_parts(200, [], body).unwrap_or_else(|e| panic!("{e}"));
    let error = DoThing::parse_response(&response).unwrap_err();
    assert!(
        error.to_string().contains("malformed response body"),
        "{error}"
    );
}

#[test]
fn defaults_fill_members_the_response_leaves_out() {
    let response = response_from_parts(200, [], "{}").unwrap_or_else(|e| panic!("{e}"));
    let out = DoThing::parse_response(&response).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.count, 7);
    assert!(!out.enabled, "PrimitiveBoolean defaults to false");
    assert_eq!(out.mode, Color::DarkBlue);
    assert_eq!(out.names, Vec::<String>::new());
    assert_eq!(out.since, DateTime::from_secs(0));
    assert_eq!(out.nothing, None, "a null default is no default");

    let response = response_from_parts(
        200,
        [],
        r#"{"Count":1,"Enabled":true,"Mode":"red","Names":["a"],"Nothing":"x"}"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let out = DoThing::parse_response(&response).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((out.count, out.enabled, out.mode), (1, true, Color::Red));
    assert_eq!(out.names, vec!["a".to_owned()]);
    assert_eq!(out.nothing.as_deref(), Some("x"));
}
