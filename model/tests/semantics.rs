//! Loading semantics on small inline models: apply, mixins, enums, closures, prelude.

mod common;

use common::{id, member_names, shape};
use serde_json::json;
use smithy_model::{EnumValue, Model, ShapeKind, TimestampFormat};

fn load(shapes: serde_json::Value) -> Model {
    let text = json!({"smithy": "2.0", "shapes": shapes}).to_string();
    Model::from_json_str(&text).unwrap_or_else(|e| panic!("{e}"))
}

fn load_err(shapes: serde_json::Value) -> String {
    let text = json!({"smithy": "2.0", "shapes": shapes}).to_string();
    match Model::from_json_str(&text) {
        Ok(_) => panic!("model should not load"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn apply_merges_typed_traits_into_members() {
    // In one document a shape and an apply entry for it cannot share a JSON key, so
    // apply entries here target members.
    let model = load(json!({
        "ns#A": {"type": "structure",
                 "members": {"b": {"target": "smithy.api#String"},
                             "t": {"target": "smithy.api#Timestamp"}}},
        "ns#A$b": {"type": "apply", "traits": {"smithy.api#required": {}}},
        "ns#A$t": {"type": "apply", "traits": {"smithy.api#timestampFormat": "epoch-seconds"}},
    }));
    let a = shape(&model, "ns#A");
    assert!(a.member("b").is_some_and(|b| b.traits.required()));
    assert_eq!(
        a.member("t").and_then(|t| t.traits.timestamp_format()),
        Some(TimestampFormat::EpochSeconds)
    );

    let model = load(json!({
        "ns#A": {"type": "structure", "members": {"b": {"target": "smithy.api#String"}}},
        "ns#A$b": {"type": "apply"},
    }));
    assert!(a.member("b").is_some() && model.shapes().count() == 1);

    let err = load_err(json!({"ns#Elsewhere": {"type": "apply", "traits": {}}}));
    assert!(
        err.contains("`ns#Elsewhere`") && err.contains("not a shape in the model"),
        "{err}"
    );
}

#[test]
fn apply_list_traits_concatenate() {
    let model = load(json!({
        "ns#S": {"type": "structure", "members": {"m": {"target": "smithy.api#String",
                 "traits": {"smithy.api#tags": ["a"], "smithy.api#documentation": "d"}}}},
        "ns#S$m": {"type": "apply", "traits": {"smithy.api#tags": ["b"], "smithy.api#documentation": "d"}},
    }));
    let m = shape(&model, "ns#S").member("m").expect("m");
    assert_eq!(m.traits.get("smithy.api#tags"), Some(&json!(["a", "b"])));
    assert_eq!(m.traits.documentation(), Some("d"));

    let err = load_err(json!({
        "ns#S": {"type": "structure", "members": {"m": {"target": "smithy.api#String"}}},
        "ns#S$m": {"type": "apply", "traits": {"smithy.api#httpError": "x"}},
    }));
    assert!(
        err.contains("/shapes/ns#S$m/traits/smithy.api#httpError"),
        "{err}"
    );
}

#[test]
fn mixins_flatten_members_and_traits() {
    let model = load(json!({
        "ns#Base": {"type": "structure", "members": {
                        "a": {"target": "smithy.api#String", "traits": {"smithy.api#documentation": "base a"}},
                        "b": {"target": "smithy.api#Integer"}},
                    "traits": {"smithy.api#mixin": {"localTraits": ["smithy.api#tags"]},
                               "smithy.api#documentation": "base", "smithy.api#tags": ["t"],
                               "smithy.api#sensitive": {}}},
        "ns#Middle": {"type": "structure", "mixins": [{"target": "ns#Base"}],
                      "members": {"c": {"target": "smithy.api#String"}},
                      "traits": {"smithy.api#mixin": {}, "smithy.api#documentation": "middle"}},
        "ns#Other": {"type": "structure", "members": {"d": {"target": "smithy.api#String"}},
                     "traits": {"smithy.api#mixin": {}}},
        "ns#Leaf": {"type": "structure", "mixins": [{"target": "ns#Middle"}, {"target": "ns#Other"}],
                    "members": {
                        "e": {"target": "smithy.api#String"},
                        "a": {"target": "smithy.api#String", "traits": {"smithy.api#required": {}}}}},
        "ns#Leaf$d": {"type": "apply", "traits": {"smithy.api#documentation": "leaf d"}},
        "ns#Base$b": {"type": "apply", "traits": {"smithy.api#documentation": "applied b"}},
    }));
    let leaf = shape(&model, "ns#Leaf");
    assert_eq!(member_names(leaf), ["a", "b", "c", "d", "e"]);
    let a = leaf.member("a").expect("a");
    assert_eq!(a.id, id("ns#Leaf$a"));
    assert!(a.traits.required());
    assert_eq!(a.traits.documentation(), Some("base a"));
    // Applied to the mixin's member before flattening, so every user sees it.
    assert_eq!(
        leaf.member("b").and_then(|b| b.traits.documentation()),
        Some("applied b")
    );
    let middle = shape(&model, "ns#Middle");
    assert_eq!(
        middle.member("b").and_then(|b| b.traits.documentation()),
        Some("applied b")
    );
    // Applied to an inherited member: only the leaf changes.
    assert_eq!(
        leaf.member("d").and_then(|d| d.traits.documentation()),
        Some("leaf d")
    );
    let other = shape(&model, "ns#Other");
    assert_eq!(
        other.member("d").and_then(|d| d.traits.documentation()),
        None
    );

    // Traits: the nearest definition wins; `mixin` and local traits are not inherited.
    assert_eq!(leaf.traits.documentation(), Some("middle"));
    assert!(leaf.traits.sensitive());
    assert!(!leaf.traits.has("smithy.api#mixin"));
    assert!(!leaf.traits.has("smithy.api#tags"));
    assert!(!middle.traits.has("smithy.api#tags"));
    assert!(middle.traits.has("smithy.api#mixin"));
    assert!(shape(&model, "ns#Base").traits.has("smithy.api#tags"));
}

#[test]
fn mixin_member_cannot_change_target() {
    let err = load_err(json!({
        "ns#Base": {"type": "structure", "members": {"a": {"target": "smithy.api#String"}},
                    "traits": {"smithy.api#mixin": {}}},
        "ns#Leaf": {"type": "structure", "mixins": [{"target": "ns#Base"}],
                    "members": {"a": {"target": "smithy.api#Integer"}}},
    }));
    assert!(
        err.contains("`ns#Leaf$a`") && err.contains("/shapes/ns#Leaf/members/a/target"),
        "{err}"
    );
}

#[test]
fn list_and_map_mixins_supply_left_out_members() {
    let model = load(json!({
        "ns#BaseList": {"type": "list", "member": {"target": "smithy.api#String"},
                        "traits": {"smithy.api#mixin": {}, "smithy.api#sparse": {}}},
        "ns#List": {"type": "list", "mixins": [{"target": "ns#BaseList"}]},
        "ns#BaseMap": {"type": "map", "key": {"target": "smithy.api#String"},
                       "value": {"target": "smithy.api#Integer"}, "traits": {"smithy.api#mixin": {}}},
        "ns#Map": {"type": "map", "mixins": [{"target": "ns#BaseMap"}],
                   "value": {"target": "smithy.api#Integer", "traits": {"smithy.api#documentation": "v"}}},
    }));
    let ShapeKind::List { member } = &shape(&model, "ns#List").kind else {
        panic!("not a list");
    };
    assert_eq!(member.target, id("smithy.api#String"));
    assert_eq!(member.id, id("ns#List$member"));
    assert!(shape(&model, "ns#List").traits.sparse());
    let ShapeKind::Map { key, value } = &shape(&model, "ns#Map").kind else {
        panic!("not a map");
    };
    assert_eq!(key.target, id("smithy.api#String"));
    assert_eq!(value.traits.documentation(), Some("v"));
    assert_eq!(value.id, id("ns#Map$value"));
}

#[test]
fn enum_members_default_to_their_name() {
    let model = load(json!({
        "ns#E": {"type": "enum", "members": {
            "A": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "a"}},
            "B": {"target": "smithy.api#Unit"},
            "C": {}}},
    }));
    let values: Vec<_> = shape(&model, "ns#E")
        .members()
        .iter()
        .map(|m| m.traits.enum_value().cloned())
        .collect();
    assert_eq!(
        values,
        [
            Some(EnumValue::String("a".into())),
            Some(EnumValue::String("B".into())),
            Some(EnumValue::String("C".into())),
        ]
    );
    assert_eq!(
        shape(&model, "ns#E").members()[2].target,
        id("smithy.api#Unit")
    );
}

#[test]
fn operation_closure_walks_nested_resources() {
    let op = |name: &str| (format!("ns#{name}"), json!({"type": "operation"}));
    let mut shapes = serde_json::Map::new();
    for name in [
        "Direct",
        "Create",
        "Read",
        "List",
        "Instance",
        "Collection",
        "Nested",
        "Unused",
    ] {
        let (key, value) = op(name);
        shapes.insert(key, value);
    }
    shapes.insert(
        "ns#Service".into(),
        json!({"type": "service", "version": "1",
        "operations": [{"target": "ns#Direct"}, {"target": "ns#Read"}],
        "resources": [{"target": "ns#Parent"}],
        "rename": {"ns#Thing": "RenamedThing"}}),
    );
    shapes.insert("ns#Thing".into(), json!({"type": "string"}));
    shapes.insert("ns#Parent".into(), json!({"type": "resource",
        "identifiers": {"id": {"target": "smithy.api#String"}},
        "properties": {"thing": {"target": "ns#Thing"}},
        "list": {"target": "ns#List"}, "read": {"target": "ns#Read"}, "create": {"target": "ns#Create"},
        "operations": [{"target": "ns#Instance"}],
        "collectionOperations": [{"target": "ns#Collection"}],
        "resources": [{"target": "ns#Child"}]}));
    shapes.insert(
        "ns#Child".into(),
        json!({"type": "resource",
        "operations": [{"target": "ns#Nested"}],
        "resources": [{"target": "ns#Parent"}]}),
    );
    let model = load(serde_json::Value::Object(shapes));

    let closure = model.operation_closure(&id("ns#Service")).expect("closure");
    let names: Vec<&str> = closure.iter().map(|i| i.name()).collect();
    assert_eq!(
        names,
        [
            "Collection",
            "Create",
            "Direct",
            "Instance",
            "List",
            "Nested",
            "Read"
        ]
    );

    let ShapeKind::Resource(parent) = &shape(&model, "ns#Parent").kind else {
        panic!("not a resource");
    };
    // Lifecycle order is fixed, whatever the JSON order.
    assert_eq!(
        parent.lifecycle,
        [id("ns#Create"), id("ns#Read"), id("ns#List")]
    );
    assert_eq!(
        parent.identifiers,
        [("id".to_owned(), id("smithy.api#String"))]
    );
    let ShapeKind::Service(service) = &shape(&model, "ns#Service").kind else {
        panic!("not a service");
    };
    assert_eq!(
        service.rename.get(&id("ns#Thing")).map(String::as_str),
        Some("RenamedThing")
    );

    let err = model
        .operation_closure(&id("ns#Missing"))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("ns#Missing") && err.contains("service"),
        "{err}"
    );
}

#[test]
fn set_loads_as_a_list_with_unique_items() {
    let model = load(json!({"ns#S": {"type": "set", "member": {"target": "smithy.api#String"}}}));
    let set = shape(&model, "ns#S");
    assert_eq!(set.kind.type_name(), "list");
    assert!(set.traits.has("smithy.api#uniqueItems"));
}

#[test]
fn version_metadata_and_prelude() {
    let text = r#"{"smithy": "2", "metadata": {"k": [1]}, "shapes": {}}"#;
    let model = Model::from_json_str(text).expect("2 is a 2.x version");
    assert_eq!(model.metadata().get("k"), Some(&json!([1])));
    assert_eq!(model.shapes().count(), 0);
    let primitive = model
        .shape(&id("smithy.api#PrimitiveBoolean"))
        .expect("prelude");
    assert_eq!(primitive.traits.default_value(), Some(&json!(false)));
    assert!(model.shape(&id("smithy.api#String$member")).is_none());

    let model = load(
        json!({"ns#M": {"type": "map", "key": {"target": "smithy.api#String"},
                                     "value": {"target": "smithy.api#Integer"}}}),
    );
    let value = model.member(&id("ns#M$value")).expect("map value");
    assert_eq!(value.target, id("smithy.api#Integer"));
    assert!(model.member(&id("ns#M")).is_none());
    assert!(model.member(&id("ns#M$nope")).is_none());

    let text = r#"{"smithy": "2.1", "shapes": {}}"#;
    assert!(Model::from_json_str(text).is_ok_and(|m| m.metadata().is_empty()));
}

#[test]
fn annotation_traits_accept_true() {
    let model = load(json!({"ns#A": {"type": "structure", "members": {
        "b": {"target": "smithy.api#String", "traits": {"smithy.api#required": true}}}}}));
    assert!(
        shape(&model, "ns#A")
            .member("b")
            .is_some_and(|b| b.traits.required())
    );
}

#[test]
fn operation_mixins_add_errors() {
    let model = load(json!({
        "ns#Err": {"type": "structure", "traits": {"smithy.api#error": "client"}},
        "ns#Other": {"type": "structure", "traits": {"smithy.api#error": "server"}},
        "ns#In": {"type": "structure", "traits": {"smithy.api#input": {}}},
        "ns#Base": {"type": "operation", "errors": [{"target": "ns#Err"}],
                    "traits": {"smithy.api#mixin": {}}},
        "ns#Op": {"type": "operation", "mixins": [{"target": "ns#Base"}],
                  "input": {"target": "ns#In"}, "output": {"target": "smithy.api#Unit"},
                  "errors": [{"target": "ns#Other"}]},
    }));
    let ShapeKind::Operation(op) = &shape(&model, "ns#Op").kind else {
        panic!("not an operation");
    };
    assert_eq!(op.errors, [id("ns#Err"), id("ns#Other")]);
    assert_eq!(op.input, Some(id("ns#In")));
    assert_eq!(op.output, None);
}
