//! The IR records the wire facts of the model whatever the protocol; the protocol decides
//! what it uses (here awsJson, which ignores the HTTP bindings and `@jsonName`).

use serde_json::json;
use smithy_model::{Model, TimestampFormat};

use super::*;
use crate::CrateConfig;

fn ir(extra_traits: serde_json::Value) -> Result<ServiceIr, CodegenError> {
    let mut op_traits = json!({ "smithy.api#http": { "method": "PUT", "uri": "/b/{Bucket}/{Key+}?x-id=Put&flag", "code": 201 } });
    if let (Some(traits), Some(extra)) = (op_traits.as_object_mut(), extra_traits.as_object()) {
        traits.extend(extra.clone());
    }
    let model = json!({
        "smithy": "2.0",
        "shapes": {
            "ex#Svc": {
                "type": "service",
                "version": "1",
                "operations": [{ "target": "ex#Put" }],
                "traits": {
                    "aws.protocols#awsJson1_1": {},
                    "smithy.api#xmlNamespace": { "uri": "https://example.com/doc" }
                }
            },
            "ex#Put": {
                "type": "operation",
                "input": { "target": "ex#PutInput" },
                "output": { "target": "ex#PutOutput" },
                "errors": [{ "target": "ex#Busy" }],
                "traits": op_traits
            },
            "ex#PutInput": {
                "type": "structure",
                "members": {
                    "Bucket": { "target": "smithy.api#String", "traits": { "smithy.api#httpLabel": {}, "smithy.api#required": {} } },
                    "Key": { "target": "smithy.api#String", "traits": { "smithy.api#httpLabel": {}, "smithy.api#required": {} } },
                    "Limit": { "target": "smithy.api#Integer", "traits": { "smithy.api#httpQuery": "limit" } },
                    "Rest": { "target": "ex#Params", "traits": { "smithy.api#httpQueryParams": {} } },
                    "Since": { "target": "smithy.api#Timestamp", "traits": { "smithy.api#httpHeader": "X-Since" } },
                    "Meta": { "target": "ex#Params", "traits": { "smithy.api#httpPrefixHeaders": "X-Meta-" } },
                    "Body": { "target": "ex#Json", "traits": { "smithy.api#httpPayload": {} } },
                    "Named": { "target": "ex#Items", "traits": { "smithy.api#jsonName": "named", "smithy.api#xmlName": "N", "smithy.api#xmlFlattened": {} } },
                    "Token": { "target": "smithy.api#String", "traits": { "smithy.api#idempotencyToken": {}, "smithy.api#httpHeader": "X-Token" } }
                }
            },
            "ex#PutOutput": {
                "type": "structure",
                "members": {
                    "Status": { "target": "smithy.api#Integer", "traits": { "smithy.api#httpResponseCode": {} } },
                    "At": { "target": "smithy.api#Timestamp", "traits": { "smithy.api#timestampFormat": "http-date", "smithy.api#xmlAttribute": {} } }
                },
                "traits": { "smithy.api#xmlName": "PutResult" }
            },
            "ex#Busy": {
                "type": "structure",
                "members": {},
                "traits": { "smithy.api#error": "server", "aws.protocols#awsQueryError": { "code": "Busy.Now", "httpResponseCode": 503 } }
            },
            "ex#Params": { "type": "map", "key": { "target": "smithy.api#String" }, "value": { "target": "smithy.api#String", "traits": { "smithy.api#xmlName": "V" } } },
            "ex#Items": { "type": "list", "member": { "target": "smithy.api#String", "traits": { "smithy.api#xmlName": "Item" } } },
            "ex#Json": { "type": "string", "traits": { "smithy.api#mediaType": "application/json" } }
        }
    });
    let model =
        Model::from_json_str(&model.to_string()).map_err(|e| CodegenError::new(e.to_string()))?;
    build(
        &model,
        &CrateConfig {
            package: "ex".into(),
            ..CrateConfig::default()
        },
    )
}

fn member<'a>(ir: &'a ServiceIr, shape: &str, name: &str) -> &'a MemberIr {
    let Some(ShapeIr {
        kind: ShapeIrKind::Structure { members, .. },
        ..
    }) = ir.shape_named(shape)
    else {
        panic!("{shape} is not a structure in the IR");
    };
    members
        .iter()
        .find(|m| m.name == name)
        .unwrap_or_else(|| panic!("{shape}${name}"))
}

#[test]
fn http_route_is_parsed() {
    let ir = ir(json!({})).unwrap();
    let op = ir.operation_named("Put").unwrap();
    let label = |name: &str, greedy| UriPart::Label {
        field: crate::naming::field_name(name),
        name: name.into(),
        greedy,
    };
    assert_eq!(
        op.http,
        Some(HttpRoute {
            method: "PUT".into(),
            path: vec![
                UriPart::Literal("/b/".into()),
                label("Bucket", false),
                UriPart::Literal("/".into()),
                label("Key", true),
            ],
            query: vec![("x-id".into(), Some("Put".into())), ("flag".into(), None)],
            code: 201,
        })
    );
}

#[test]
fn members_carry_their_bindings_and_names() {
    let ir = ir(json!({})).unwrap();
    let binding = |name| member(&ir, "PutInput", name).http.clone();
    assert_eq!(binding("Bucket"), HttpBinding::Label);
    assert_eq!(binding("Limit"), HttpBinding::Query("limit".into()));
    assert_eq!(binding("Rest"), HttpBinding::QueryParams);
    assert_eq!(binding("Since"), HttpBinding::Header("X-Since".into()));
    assert_eq!(
        binding("Meta"),
        HttpBinding::PrefixHeaders("X-Meta-".into())
    );
    assert_eq!(binding("Body"), HttpBinding::Payload);
    assert_eq!(binding("Named"), HttpBinding::Document);
    assert_eq!(
        member(&ir, "PutOutput", "Status").http,
        HttpBinding::ResponseCode
    );

    let named = member(&ir, "PutInput", "Named");
    assert_eq!(named.json_name.as_deref(), Some("named"));
    // awsJson ignores @jsonName: the body uses the member name.
    assert_eq!(
        (
            named.name.as_str(),
            named.wire_name.as_str(),
            named.rust_name.as_str()
        ),
        ("Named", "Named", "named")
    );
    assert_eq!(
        named.xml,
        XmlMemberIr {
            name: Some("N".into()),
            flattened: true,
            attribute: false,
            namespace: None
        }
    );
    assert!(matches!(&named.ty, TypeRef::List { xml_item_name: Some(n), .. } if n == "Item"));
    assert!(
        matches!(&member(&ir, "PutInput", "Rest").ty, TypeRef::Map { xml_value_name: Some(v), xml_key_name: None, .. } if v == "V")
    );
    assert_eq!(
        member(&ir, "PutInput", "Body").media_type.as_deref(),
        Some("application/json")
    );
    let token = member(&ir, "PutInput", "Token");
    assert!(token.idempotency_token && token.http == HttpBinding::Header("X-Token".into()));

    // Timestamps: the trait wins; otherwise awsJson's default, wherever the member is bound.
    assert_eq!(
        member(&ir, "PutInput", "Since").ty,
        TypeRef::Timestamp(TimestampFormat::EpochSeconds)
    );
    assert_eq!(
        member(&ir, "PutOutput", "At").ty,
        TypeRef::Timestamp(TimestampFormat::HttpDate)
    );
    assert!(member(&ir, "PutOutput", "At").xml.attribute);
}

#[test]
fn shapes_and_service_carry_xml_and_query_facts() {
    let ir = ir(json!({})).unwrap();
    assert_eq!(
        ir.xml_namespace.as_ref().map(|n| n.uri.as_str()),
        Some("https://example.com/doc")
    );
    assert_eq!(
        ir.shape_named("PutOutput").unwrap().xml_name.as_deref(),
        Some("PutResult")
    );
    let Some(ShapeIr {
        kind: ShapeIrKind::Structure {
            error: Some(error), ..
        },
        ..
    }) = ir.shape_named("Busy")
    else {
        panic!("Busy is an error");
    };
    assert_eq!(
        error.aws_query_error,
        Some(AwsQueryError {
            code: "Busy.Now".into(),
            http_response_code: 503
        })
    );
    assert_eq!(ir.protocol.trait_id(), "aws.protocols#awsJson1_1");
    let ids = |set: &std::collections::BTreeSet<ShapeId>| {
        set.iter()
            .map(|id| id.name().to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&ir.serialized), ["PutInput"]);
    assert_eq!(ids(&ir.deserialized), ["Busy", "PutOutput"]);
}

#[test]
fn malformed_binding_traits_are_errors_naming_the_operation() {
    let e = ir(json!({ "smithy.api#http": { "method": "GET", "uri": "no-slash" } })).unwrap_err();
    assert!(
        e.to_string()
            .contains("ex#Put: trait smithy.api#http: uri \"no-slash\" must start with `/`"),
        "{e}"
    );
    let e = ir(json!({ "smithy.api#http": { "method": "GET", "uri": "/{Open" } })).unwrap_err();
    assert!(e.to_string().contains("unclosed `{`"), "{e}");
}
