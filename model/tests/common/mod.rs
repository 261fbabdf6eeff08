//! Helpers shared by the integration tests.
#![allow(dead_code, reason = "each test binary uses a different subset")]

use std::path::PathBuf;

use smithy_model::{Model, Shape, ShapeId};

/// Path of a file under `/work/shared`, failing loudly when it is missing.
pub fn shared_file(relative: &str) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared")
        .join(relative);
    assert!(
        path.is_file(),
        "test model `{}` is missing; these tests need the shared models checked out next to the project",
        path.display()
    );
    path
}

/// Loads a shared model, failing with the model error's message.
pub fn load_shared(relative: &str) -> Model {
    let path = shared_file(relative);
    Model::load(&path).unwrap_or_else(|e| panic!("loading {}: {e}", path.display()))
}

/// Parses a shape id known to be valid.
pub fn id(text: &str) -> ShapeId {
    ShapeId::parse(text).unwrap_or_else(|e| panic!("{e}"))
}

/// The shape with id `text`, which must exist.
pub fn shape<'m>(model: &'m Model, text: &str) -> &'m Shape {
    model
        .shape(&id(text))
        .unwrap_or_else(|| panic!("no shape {text}"))
}

/// Member names of a shape, in model order.
pub fn member_names(shape: &Shape) -> Vec<&str> {
    shape.members().iter().map(|m| m.name.as_str()).collect()
}

/// Reads a shared model file as raw JSON, to compare against the loaded model.
pub fn raw_json(relative: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(shared_file(relative)).unwrap_or_else(|e| panic!("{e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"))
}
