//! Loading never panics: every value of a feature-rich model is mutated in turn.

mod common;

use serde_json::{Value, json};
use smithy_model::Model;

fn base() -> Value {
    json!({
        "smithy": "2.0",
        "metadata": {"m": 1},
        "shapes": {
            "ns#Service": {"type": "service", "version": "1",
                "operations": [{"target": "ns#Op"}], "resources": [{"target": "ns#R"}],
                "errors": [{"target": "ns#Err"}], "rename": {"ns#S": "T"},
                "traits": {"aws.api#service": {"sdkId": "X"}, "aws.auth#sigv4": {"name": "x"},
                           "aws.protocols#awsJson1_1": {}}},
            "ns#Op": {"type": "operation", "input": {"target": "ns#In"},
                "output": {"target": "smithy.api#Unit"}, "errors": [{"target": "ns#Err"}],
                "traits": {"smithy.api#endpoint": {"hostPrefix": "a."},
                           "smithy.api#requestCompression": {"encodings": ["gzip"]}}},
            "ns#R": {"type": "resource", "identifiers": {"id": {"target": "smithy.api#String"}},
                "read": {"target": "ns#Op"}, "operations": [{"target": "ns#Op"}]},
            "ns#In": {"type": "structure", "mixins": [{"target": "ns#Mix"}],
                "members": {"s": {"target": "ns#S", "traits": {"smithy.api#required": {},
                    "smithy.api#jsonName": "S", "smithy.api#default": ""}},
                    "t": {"target": "smithy.api#Timestamp",
                          "traits": {"smithy.api#timestampFormat": "date-time"}}}},
            "ns#Mix": {"type": "structure", "members": {"m": {"target": "ns#L"}},
                "traits": {"smithy.api#mixin": {"localTraits": ["smithy.api#private"]},
                           "smithy.api#private": {}}},
            "ns#Err": {"type": "structure", "traits": {"smithy.api#error": "client",
                "smithy.api#httpError": 400, "smithy.api#deprecated": {"message": "m"}}},
            "ns#S": {"type": "string", "traits": {"smithy.api#documentation": "d"}},
            "ns#L": {"type": "list", "member": {"target": "ns#E"}},
            "ns#M": {"type": "map", "key": {"target": "ns#S"}, "value": {"target": "ns#IE"}},
            "ns#E": {"type": "enum", "members": {"A": {"target": "smithy.api#Unit",
                "traits": {"smithy.api#enumValue": "a"}}}},
            "ns#IE": {"type": "intEnum", "members": {"A": {"target": "smithy.api#Unit",
                "traits": {"smithy.api#enumValue": 1}}}},
            "ns#U": {"type": "union", "members": {"a": {"target": "ns#S"}}},
            "ns#In$t": {"type": "apply", "traits": {"smithy.api#documentation": "t"}}
        }
    })
}

/// JSON pointers of every value in `value`.
fn pointers(value: &Value, prefix: String, out: &mut Vec<String>) {
    out.push(prefix.clone());
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let escaped = key.replace('~', "~0").replace('/', "~1");
                pointers(child, format!("{prefix}/{escaped}"), out);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                pointers(child, format!("{prefix}/{index}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn base_model_loads() {
    let model = Model::from_json_str(&base().to_string()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        model.shapes().count(),
        12,
        "13 entries, one of them `apply`"
    );
}

#[test]
fn every_mutation_loads_or_fails_cleanly() {
    let base = base();
    let mut paths = Vec::new();
    pointers(&base, String::new(), &mut paths);
    let replacements = [
        Value::Null,
        json!(true),
        json!(-1),
        json!(1.5),
        json!(70000),
        json!(""),
        json!("ns#S"),
        json!("ns#Missing"),
        json!("bad id"),
        json!([]),
        json!([{"target": "ns#Op"}]),
        json!({}),
        json!({"target": "ns#S"}),
    ];
    let mut failures = 0;
    for path in &paths {
        for replacement in &replacements {
            let mut doc = base.clone();
            if let Some(slot) = doc.pointer_mut(path) {
                *slot = replacement.clone();
            }
            if let Err(err) = Model::from_json_str(&doc.to_string()) {
                failures += 1;
                assert!(!err.to_string().is_empty());
            }
        }
        // Remove the value entirely, when it sits in an object or array.
        if let Some((parent, last)) = path.rsplit_once('/') {
            let mut doc = base.clone();
            match doc.pointer_mut(parent) {
                Some(Value::Object(map)) => {
                    map.shift_remove(&last.replace("~1", "/").replace("~0", "~"));
                }
                Some(Value::Array(items)) => {
                    if let Ok(index) = last.parse::<usize>() {
                        items.remove(index);
                    }
                }
                _ => {}
            }
            let _ = Model::from_json_str(&doc.to_string());
        }
    }
    assert!(failures > paths.len(), "most mutations should be rejected");
}

#[test]
fn truncated_real_model_fails_cleanly() {
    let path = common::shared_file("models/firehose.json");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{e}"));
    for cut in (0..text.len()).step_by(text.len() / 40 + 1) {
        let Some(prefix) = text.get(..cut) else {
            continue;
        };
        assert!(Model::from_json_str(prefix).is_err(), "cut at {cut}");
    }
}
