//! Reads the JSON AST document into shapes, checking structure and references.
//!
//! Mixins are recorded but not yet flattened and `apply` entries are collected for
//! `merge`; every reference is resolved here, where the exact JSON path is known.

mod references;
mod shape;

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::error::{child, json_type, pointer};
use crate::prelude;
use crate::{ModelError, Shape, ShapeId, Traits};
use shape::ShapeParser;

/// The parsed document, before mixins and `apply` entries are merged.
pub(crate) struct Document {
    pub(crate) metadata: Map<String, Value>,
    pub(crate) shapes: BTreeMap<ShapeId, Parsed>,
    pub(crate) applies: Vec<Apply>,
}

/// A shape as written, with its mixin references.
pub(crate) struct Parsed {
    pub(crate) shape: Shape,
    /// Mixin ids in declared order (checked to exist and to have the same type).
    pub(crate) mixins: Vec<ShapeId>,
    /// List/map members (`member`, `key`, `value`) left out because a mixin supplies
    /// them; until flattening they hold a placeholder.
    pub(crate) inherited: Vec<String>,
}

/// An `apply` entry: traits to merge into a shape or member defined elsewhere.
pub(crate) struct Apply {
    pub(crate) target: ShapeId,
    pub(crate) traits: Traits,
    /// JSON pointer of the entry, `/shapes/<target>`.
    pub(crate) path: String,
}

/// Parses and checks `text`, a Smithy 2.0 JSON AST document.
pub(crate) fn parse_document(text: &str) -> Result<Document, ModelError> {
    let root: Value = serde_json::from_str(text).map_err(|e| ModelError::Json {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    let root = root.as_object().ok_or_else(|| {
        ModelError::invalid(
            None,
            "",
            format!(
                "the document must be a JSON object, found {}",
                json_type(&root)
            ),
        )
    })?;
    check_version(root.get("smithy"))?;
    let metadata = match root.get("metadata") {
        None => Map::new(),
        Some(Value::Object(map)) => map.clone(),
        Some(other) => {
            return Err(ModelError::invalid(
                None,
                "/metadata",
                format!("`metadata` must be an object, found {}", json_type(other)),
            ));
        }
    };
    let shapes = match root.get("shapes") {
        Some(Value::Object(map)) => map,
        Some(other) => {
            return Err(ModelError::invalid(
                None,
                "/shapes",
                format!("`shapes` must be an object, found {}", json_type(other)),
            ));
        }
        None => {
            return Err(ModelError::invalid(
                None,
                "/shapes",
                "the document has no `shapes` object",
            ));
        }
    };

    let types = collect_types(shapes)?;
    let mut document = Document {
        metadata,
        shapes: BTreeMap::new(),
        applies: Vec::new(),
    };
    for (key, value) in shapes {
        let path = pointer(&["shapes", key]);
        let id = shape_key(key, &path)?;
        let Some(body) = value.as_object() else {
            // `collect_types` already rejected non-objects.
            continue;
        };
        if body.get("type").and_then(Value::as_str) == Some("apply") {
            document.applies.push(parse_apply(id, body, path)?);
        } else {
            let parser = ShapeParser {
                types: &types,
                id: &id,
                body,
                path: &path,
            };
            let parsed = parser.parse()?;
            document.shapes.insert(id, parsed);
        }
    }
    Ok(document)
}

/// Only Smithy IDL 2.x ASTs are supported.
fn check_version(version: Option<&Value>) -> Result<(), ModelError> {
    match version {
        None => Err(ModelError::invalid(
            None,
            "/smithy",
            "the document has no `smithy` version; only Smithy 2.0 is supported",
        )),
        Some(Value::String(v)) if v == "2" || v.starts_with("2.") => Ok(()),
        Some(Value::String(v)) => Err(ModelError::invalid(
            None,
            "/smithy",
            format!("unsupported Smithy version \"{v}\"; only 2.0 is supported"),
        )),
        Some(other) => Err(ModelError::invalid(
            None,
            "/smithy",
            format!(
                "`smithy` must be a version string, found {}",
                json_type(other)
            ),
        )),
    }
}

/// Parses a key of the `shapes` object (members are only allowed for `apply`).
fn shape_key(key: &str, path: &str) -> Result<ShapeId, ModelError> {
    ShapeId::parse(key).map_err(|e| ModelError::invalid(None, path, e.to_string()))
}

/// First pass: the type name of every shape, so references can be checked in one pass.
fn collect_types(shapes: &Map<String, Value>) -> Result<BTreeMap<ShapeId, String>, ModelError> {
    let mut types = BTreeMap::new();
    for (key, value) in shapes {
        let path = pointer(&["shapes", key]);
        let id = shape_key(key, &path)?;
        let body = value.as_object().ok_or_else(|| {
            ModelError::invalid(
                Some(&id),
                path.as_str(),
                format!("a shape must be a JSON object, found {}", json_type(value)),
            )
        })?;
        let type_path = child(&path, &["type"]);
        let type_name = match body.get("type") {
            Some(Value::String(name)) => name.as_str(),
            Some(other) => {
                return Err(ModelError::invalid(
                    Some(&id),
                    type_path,
                    format!("`type` must be a string, found {}", json_type(other)),
                ));
            }
            None => {
                return Err(ModelError::invalid(
                    Some(&id),
                    type_path,
                    "the shape has no `type`",
                ));
            }
        };
        if type_name == "apply" {
            continue;
        }
        if !KNOWN_TYPES.contains(&type_name) {
            return Err(ModelError::invalid(
                Some(&id),
                type_path,
                format!("unknown shape type \"{type_name}\""),
            ));
        }
        if id.member().is_some() {
            return Err(ModelError::invalid(
                Some(&id),
                path,
                "only `apply` entries may use a member id as key",
            ));
        }
        if prelude::shape(&id).is_some() {
            return Err(ModelError::invalid(
                Some(&id),
                path,
                "the id is already defined by the Smithy prelude",
            ));
        }
        // `set` is the Smithy 1.0 spelling of a list with unique items.
        let canonical = if type_name == "set" {
            "list"
        } else {
            type_name
        };
        types.insert(id, canonical.to_owned());
    }
    Ok(types)
}

const KNOWN_TYPES: &[&str] = &[
    "blob",
    "boolean",
    "string",
    "byte",
    "short",
    "integer",
    "long",
    "float",
    "double",
    "bigInteger",
    "bigDecimal",
    "timestamp",
    "document",
    "enum",
    "intEnum",
    "list",
    "set",
    "map",
    "structure",
    "union",
    "operation",
    "service",
    "resource",
];

fn parse_apply(
    target: ShapeId,
    body: &Map<String, Value>,
    path: String,
) -> Result<Apply, ModelError> {
    check_keys(&target, body, &path, &["type", "traits"])?;
    let traits = match body.get("traits") {
        Some(value) => parse_traits(&target, value, &child(&path, &["traits"]))?,
        None => Traits::default(),
    };
    Ok(Apply {
        target,
        traits,
        path,
    })
}

/// Rejects properties the shape type does not define (typos would otherwise be lost).
fn check_keys(
    id: &ShapeId,
    body: &Map<String, Value>,
    path: &str,
    allowed: &[&str],
) -> Result<(), ModelError> {
    match body.keys().find(|key| !allowed.contains(&key.as_str())) {
        Some(key) => Err(ModelError::invalid(
            Some(id),
            child(path, &[key]),
            format!(
                "unknown property `{key}` for this shape type (expected one of: {})",
                allowed.join(", ")
            ),
        )),
        None => Ok(()),
    }
}

/// Parses a `traits` object; each key must be an absolute trait id.
pub(crate) fn parse_traits(
    owner: &ShapeId,
    value: &Value,
    path: &str,
) -> Result<Traits, ModelError> {
    let map = value.as_object().ok_or_else(|| {
        ModelError::invalid(
            Some(owner),
            path,
            format!("`traits` must be an object, found {}", json_type(value)),
        )
    })?;
    let mut traits = Traits::default();
    for (key, value) in map {
        let trait_path = child(path, &[key]);
        let id = ShapeId::parse(key).map_err(|e| {
            ModelError::invalid(
                Some(owner),
                trait_path.as_str(),
                format!("bad trait id: {e}"),
            )
        })?;
        if id.member().is_some() {
            return Err(ModelError::invalid(
                Some(owner),
                trait_path,
                format!("trait id `{key}` must not name a member"),
            ));
        }
        traits.insert(key, value.clone()).map_err(|e| {
            ModelError::invalid(Some(owner), trait_path, format!("trait `{key}` {e}"))
        })?;
    }
    Ok(traits)
}
