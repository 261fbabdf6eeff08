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
                    "Token": { "target": "smithy.api#String", "traits": { "smithy.api#idempotencyToken": {}, "smithy.api#httpHeader": "X-Token" } },
                    "ByKind": { "target": "ex#ByKind" }
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
            "ex#ByKind": { "type": "map", "key": { "target": "ex#EndPointType" }, "value": { "target": "smithy.api#String" } },
            "ex#EndPointType": { "type": "enum", "members": { "A": { "target": "smithy.api#Unit", "traits": { "smithy.api#enumValue": "A" } } } },
            "ex#Items": { "type": "list", "member": { "target": "smithy.api#String", "traits": { "smithy.api#xmlName": "Item" } } },
            "ex#Json": { "type": "string", "traits": { "smithy.api#mediaType": "application/json" } }
        }
    });
    build_json(&model)
}

/// The IR of a model given as JSON, for the crate `ex`.
fn build_json(model: &serde_json::Value) -> Result<ServiceIr, CodegenError> {
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

/// A service with one operation whose input and output are given as member maps, plus extra
/// shapes.
fn presence_ir(
    input: serde_json::Value,
    output: serde_json::Value,
    extra: serde_json::Value,
) -> Result<ServiceIr, CodegenError> {
    let mut shapes = json!({
        "ex#Svc": { "type": "service", "version": "1", "operations": [{ "target": "ex#Op" }],
                    "traits": { "aws.protocols#awsJson1_0": {} } },
        "ex#Op": { "type": "operation", "input": { "target": "ex#OpInput" }, "output": { "target": "ex#OpOutput" } },
        "ex#OpInput": { "type": "structure", "members": input },
        "ex#OpOutput": { "type": "structure", "members": output },
        "ex#S": { "type": "structure", "members": { "x": { "target": "smithy.api#String" } } },
        "ex#U": { "type": "union", "members": { "x": { "target": "smithy.api#String" } } }
    });
    if let (Some(all), Some(extra)) = (shapes.as_object_mut(), extra.as_object()) {
        all.extend(extra.clone());
    }
    let model = json!({ "smithy": "2.0", "shapes": shapes });
    build_json(&model)
}

#[test]
fn member_presence_follows_client_optionality() {
    let required = json!({ "smithy.api#required": {} });
    let members = json!({
        "Req": { "target": "smithy.api#String", "traits": required },
        "Def": { "target": "smithy.api#Integer", "traits": { "smithy.api#default": 3 } },
        "ReqDef": { "target": "smithy.api#Integer", "traits": { "smithy.api#required": {}, "smithy.api#default": 4 } },
        "Opt": { "target": "smithy.api#String", "traits": { "smithy.api#required": {}, "smithy.api#clientOptional": {}, "smithy.api#default": "x" } },
        "NullDef": { "target": "smithy.api#PrimitiveInteger", "traits": { "smithy.api#default": null } },
        "ReqS": { "target": "ex#S", "traits": required },
        "ReqU": { "target": "ex#U", "traits": required },
        "Plain": { "target": "smithy.api#String" }
    });
    let ir = presence_ir(members.clone(), members, json!({})).unwrap_or_else(|e| panic!("{e}"));
    let zero = Some(Fill::Zero);
    let int = |n| Some(Fill::Default(DefaultValue::Int(n)));
    // (member, optional, fill, must be given) in the output, then in the input.
    for (name, optional, fill, given) in [
        ("Req", false, zero.clone(), true),
        ("Def", false, int(3), false),
        ("ReqDef", false, int(4), false),
        ("Opt", true, None, false),
        ("NullDef", true, None, false),
        ("ReqS", true, zero.clone(), true),
        ("ReqU", true, zero.clone(), true),
        ("Plain", true, None, false),
    ] {
        let m = member(&ir, "OpOutput", name);
        assert_eq!(
            (m.optional, &m.fill, m.must_be_given()),
            (optional, &fill, given),
            "output {name}"
        );
        let m = member(&ir, "OpInput", name);
        assert!(m.optional && m.fill.is_none(), "input {name}: {m:?}");
        assert_eq!(m.must_be_given(), given, "input {name}");
    }
    assert_eq!(
        member(&ir, "OpInput", "Opt").default,
        None,
        "@clientOptional drops the default"
    );
}

#[test]
fn defaults_of_every_kind_are_typed() {
    let d = |target: &str, value: serde_json::Value| json!({ "target": target, "traits": { "smithy.api#default": value } });
    let output = json!({
        "Blob": d("smithy.api#Blob", json!("YWJj")),
        "Doc": d("smithy.api#Document", json!({})),
        "DocText": d("smithy.api#Document", json!("t")),
        "At": d("smithy.api#Timestamp", json!("1970-01-02T00:00:00Z")),
        "AtNum": d("smithy.api#Timestamp", json!(1.5)),
        "NaN": d("smithy.api#Double", json!("NaN")),
        "Big": d("smithy.api#BigDecimal", json!(1.25))
    });
    let ir = presence_ir(json!({}), output, json!({})).unwrap_or_else(|e| panic!("{e}"));
    let default = |name| member(&ir, "OpOutput", name).default.clone();
    assert_eq!(default("Blob"), Some(DefaultValue::Blob(b"abc".to_vec())));
    assert_eq!(default("Doc"), Some(DefaultValue::Document(json!({}))));
    assert_eq!(default("DocText"), Some(DefaultValue::Document(json!("t"))));
    assert_eq!(
        default("At"),
        Some(DefaultValue::Timestamp {
            secs: 86_400,
            nanos: 0
        })
    );
    assert_eq!(
        default("AtNum"),
        Some(DefaultValue::Timestamp {
            secs: 1,
            nanos: 500_000_000
        })
    );
    assert!(matches!(default("NaN"), Some(DefaultValue::Float(f)) if f.is_nan()));
    assert_eq!(
        default("Big"),
        Some(DefaultValue::String("1.25".to_owned()))
    );

    for (target, bad) in [
        ("smithy.api#Blob", json!("not base64!")),
        ("smithy.api#Document", json!([1])),
        ("smithy.api#Timestamp", json!("yesterday")),
        ("ex#Names", json!(["a"])),
        ("smithy.api#Short", json!(40_000)),
        ("smithy.api#Float", json!(1e300)),
    ] {
        let output = json!({ "M": d(target, bad.clone()) });
        let extra =
            json!({ "ex#Names": { "type": "list", "member": { "target": "smithy.api#String" } } });
        let error = presence_ir(json!({}), output, extra)
            .unwrap_err()
            .to_string();
        assert!(
            error.starts_with("ex#OpOutput$M: @default"),
            "{target} {bad}: {error}"
        );
    }
}

#[test]
fn a_cycle_of_required_structure_members_is_an_error() {
    let required =
        |target: &str| json!({ "target": target, "traits": { "smithy.api#required": {} } });
    let extra = json!({
        "ex#A": { "type": "structure", "members": { "b": required("ex#B") } },
        "ex#B": { "type": "structure", "members": { "a": required("ex#A") } }
    });
    let error = presence_ir(json!({}), json!({ "A": { "target": "ex#A" } }), extra)
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("cycle") && error.contains("ex#A -> ex#B -> ex#A"),
        "{error}"
    );
    // Through a union the cycle ends: a union's empty value is its unknown variant.
    let extra = json!({
        "ex#A": { "type": "structure", "members": { "u": required("ex#AU") } },
        "ex#AU": { "type": "union", "members": { "a": { "target": "ex#A" } } }
    });
    presence_ir(json!({}), json!({ "A": { "target": "ex#A" } }), extra)
        .unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn maps_record_an_enum_key_by_its_rust_name() {
    let ir = ir(json!({})).unwrap();
    let key = |name| match &member(&ir, "PutInput", name).ty {
        TypeRef::Map { enum_key, .. } => enum_key.clone(),
        other => panic!("{name} is a {other:?}"),
    };
    // The keys stay strings in our types; the name is what the official SDK's key type is.
    assert_eq!(key("ByKind").as_deref(), Some("EndPointType"));
    assert_eq!(key("Rest"), None);
}
