//! Sensitive members, found by walking the model (not the generated code): for every type of
//! the crate, arbitrary values get a unique marker in every sensitive position (members that
//! target a `@sensitive` shape or carry `@sensitive`, inside lists, maps and nested
//! structures); the value read back holds the markers, and its `Debug` never shows one.

use std::collections::BTreeSet;
use std::fmt::Debug;
use std::path::PathBuf;

use serde_json::Value;
use smithy_model::{Model, ShapeId, ShapeKind};
use smithy_rt::testing::{Arbitrary, Gen, JsonValue, SameValue, TypeVisitor, from_json, to_json};

/// Values per type: optional members are set often enough that every sensitive member of
/// every type gets a marker.
const CASES: u64 = 24;

struct Redaction<'m> {
    model: &'m Model,
    namespace: &'static str,
    /// Sensitive shapes (or `container$member` ids) a marker reached and `Debug` hid.
    covered: BTreeSet<String>,
    /// Types whose values held at least one marker.
    containers: BTreeSet<&'static str>,
    next: u64,
}

impl Redaction<'_> {
    /// Replaces every string in a sensitive position of `value` (a JSON value of `shape`)
    /// with a fresh marker, recording what it stands for.
    fn inject(
        &mut self,
        shape: &ShapeId,
        value: &mut Value,
        sensitive: bool,
        markers: &mut Vec<String>,
    ) {
        let Some(s) = self.model.shape(shape) else {
            return;
        };
        let sensitive = sensitive || s.traits.sensitive();
        match (&s.kind, value) {
            (_, Value::String(text)) if sensitive => {
                self.next += 1;
                let marker = format!("SeCrEt{}xYz", self.next);
                *text = marker.clone();
                markers.push(marker);
                self.covered.insert(s.id.to_string());
            }
            (ShapeKind::List { member }, Value::Array(items)) => {
                for item in items {
                    self.inject(&member.target, item, sensitive, markers);
                }
            }
            (ShapeKind::Map { value: member, .. }, Value::Object(entries)) => {
                for entry in entries.values_mut() {
                    self.inject(&member.target, entry, sensitive, markers);
                }
            }
            (ShapeKind::Structure { .. } | ShapeKind::Union { .. }, Value::Object(entries)) => {
                for (key, entry) in entries.iter_mut() {
                    if let Some(m) = s.members().iter().find(|m| m.name == *key) {
                        let member_sensitive = m.traits.sensitive();
                        if member_sensitive && entry.is_string() {
                            self.covered.insert(m.id.to_string());
                        }
                        self.inject(&m.target, entry, sensitive || member_sensitive, markers);
                    }
                }
            }
            _ => {}
        }
    }
}

impl TypeVisitor for Redaction<'_> {
    fn visit<T>(&mut self, name: &'static str)
    where
        T: Arbitrary + SameValue + JsonValue + Debug + Clone + PartialEq + 'static,
    {
        let id =
            ShapeId::parse(&format!("{}#{name}", self.namespace)).unwrap_or_else(|e| panic!("{e}"));
        let mut this = std::mem::replace(
            self,
            Redaction {
                model: self.model,
                namespace: self.namespace,
                covered: BTreeSet::new(),
                containers: BTreeSet::new(),
                next: 0,
            },
        );
        super::run("sensitive", name, super::cases(CASES), |g: &mut Gen| {
            // Deep enough to reach the sensitive members of outputs (Output > Description >
            // Destinations > HttpEndpointDestinationDescription > EndpointConfiguration).
            g.set_big_blob_one_in(0).set_max_depth(7);
            let mut json: Value =
                serde_json::from_str(&to_json(&T::arbitrary(g))).unwrap_or_else(|e| panic!("{e}"));
            let mut markers = Vec::new();
            this.inject(&id, &mut json, false, &mut markers);
            if markers.is_empty() {
                return;
            }
            let value: T = from_json(json.to_string().as_bytes()).unwrap_or_else(|e| panic!("{e}"));
            // The markers are in the value (so hiding them is the work of Debug) ...
            let written = to_json(&value);
            for marker in &markers {
                assert!(
                    written.contains(marker.as_str()),
                    "{marker} lost: {written}"
                );
            }
            // ... and Debug, compact or pretty, shows none of them.
            for shown in [format!("{value:?}"), format!("{value:#?}")] {
                for marker in &markers {
                    if let Some(at) = shown.find(marker.as_str()) {
                        let from = shown.floor_char_boundary(at.saturating_sub(120));
                        panic!(
                            "{name} shows {marker}: ...{}",
                            &shown[from..at + marker.len()]
                        );
                    }
                }
                assert!(shown.contains("*** Sensitive Data Redacted ***"), "{shown}");
            }
            this.containers.insert(name);
        });
        *self = this;
    }
}

/// A model of this package's own fixtures.
fn fixture(path: &str) -> Model {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path);
    Model::load(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Sensitive shapes of the model, by id.
fn sensitive_shapes(model: &Model, namespace: &str) -> BTreeSet<String> {
    model
        .shapes()
        .filter(|s| s.id.namespace() == namespace && s.traits.sensitive())
        .map(|s| s.id.to_string())
        .collect()
}

#[test]
fn firehose_debug_never_shows_sensitive_values() {
    let model = crate::common::firehose_model();
    let namespace = "com.amazonaws.firehose";
    let expected = sensitive_shapes(&model, namespace);
    assert_eq!(expected.len(), 17, "{expected:?}");
    let mut r = Redaction {
        model: &model,
        namespace,
        covered: BTreeSet::new(),
        containers: BTreeSet::new(),
        next: 0,
    };
    firehose::test_util::for_each_type(&mut r);
    let missing: Vec<_> = expected.difference(&r.covered).collect();
    assert!(
        missing.is_empty(),
        "sensitive shapes never exercised: {missing:?}"
    );
    // Direct containers and the inputs, outputs and configurations that nest them.
    assert!(r.containers.len() >= 20, "{:?}", r.containers);
    for outer in [
        "CreateDeliveryStreamInput",
        "DescribeDeliveryStreamOutput",
        "UpdateDestinationInput",
    ] {
        assert!(r.containers.contains(outer), "{outer} not checked");
    }
}

#[test]
fn edge_case_debug_never_shows_sensitive_values() {
    let model = fixture("fixtures/edge_cases.json");
    let namespace = "example.edge";
    let expected = sensitive_shapes(&model, namespace);
    assert!(!expected.is_empty());
    let mut r = Redaction {
        model: &model,
        namespace,
        covered: BTreeSet::new(),
        containers: BTreeSet::new(),
        next: 0,
    };
    edge_cases::test_util::for_each_type(&mut r);
    let missing: Vec<_> = expected.difference(&r.covered).collect();
    assert!(
        missing.is_empty(),
        "sensitive shapes never exercised: {missing:?}"
    );
}
