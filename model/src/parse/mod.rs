//! Reads the JSON AST document into shapes, checking structure and references.
//!
//! `ast` deserializes the text (serde derive); this module and its children check what
//! serde can't: shape ids, which properties each type allows, and that every reference
//! resolves. Mixins are recorded but not yet flattened and `apply` entries are collected
//! for `merge`. JSON pointers are built only for errors.

mod ast;
mod references;
mod shape;

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::error::{child, pointer};
use crate::prelude;
use crate::{ModelError, Shape, ShapeId, Traits};
use ast::{AstShape, ShapeType};
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
    let document = ast::read(text)?;
    check_version(document.smithy.as_deref())?;
    let shapes = document.shapes.ok_or_else(|| {
        ModelError::invalid(None, "/shapes", "the document has no `shapes` object")
    })?;

    // First pass: every shape's type, so references resolve in one pass.
    let mut types = BTreeMap::new();
    let mut entries = Vec::with_capacity(shapes.len());
    for (key, shape) in shapes {
        let id = ShapeId::parse(&key)
            .map_err(|e| ModelError::invalid(None, pointer(&["shapes", &key]), e.to_string()))?;
        let shape_type = shape.shape_type.ok_or_else(|| {
            ModelError::invalid(
                Some(&id),
                pointer(&["shapes", &key, "type"]),
                "the shape has no `type`",
            )
        })?;
        if shape_type != ShapeType::Apply {
            check_definable(&id)?;
            types.insert(id.clone(), shape_type.name());
        }
        entries.push((id, shape_type, shape));
    }

    let mut shapes = BTreeMap::new();
    let mut applies = Vec::new();
    for (id, shape_type, shape) in entries {
        check_properties(&id, shape_type, &shape)?;
        if shape_type == ShapeType::Apply {
            let traits = parse_traits(&id, shape.traits, |key| shape_path(&id, &["traits", key]))?;
            let path = shape_path(&id, &[]);
            applies.push(Apply {
                target: id,
                traits,
                path,
            });
        } else {
            let parser = ShapeParser {
                types: &types,
                id: &id,
                shape_type,
            };
            let parsed = parser.parse(shape)?;
            shapes.insert(id, parsed);
        }
    }
    Ok(Document {
        metadata: document.metadata,
        shapes,
        applies,
    })
}

/// Only Smithy IDL 2.x ASTs are supported.
fn check_version(version: Option<&str>) -> Result<(), ModelError> {
    match version {
        None => Err(ModelError::invalid(
            None,
            "/smithy",
            "the document has no `smithy` version; only Smithy 2.0 is supported",
        )),
        Some(v) if v == "2" || v.starts_with("2.") => Ok(()),
        Some(v) => Err(ModelError::invalid(
            None,
            "/smithy",
            format!("unsupported Smithy version \"{v}\"; only 2.0 is supported"),
        )),
    }
}

/// A shape definition (not `apply`) needs a shape id of its own, outside the prelude.
fn check_definable(id: &ShapeId) -> Result<(), ModelError> {
    let problem = if id.member().is_some() {
        "only `apply` entries may use a member id as key"
    } else if prelude::shape(id).is_some() {
        "the id is already defined by the Smithy prelude"
    } else {
        return Ok(());
    };
    Err(ModelError::invalid(Some(id), shape_path(id, &[]), problem))
}

/// Rejects properties of other shape types (serde already rejected unknown ones).
fn check_properties(
    id: &ShapeId,
    shape_type: ShapeType,
    shape: &AstShape,
) -> Result<(), ModelError> {
    let allowed = shape_type.properties();
    let Some(name) = shape.present().find(|name| !allowed.contains(name)) else {
        return Ok(());
    };
    let type_name = shape_type.name();
    let entry = match shape_type {
        ShapeType::Apply => "an `apply` entry".to_owned(),
        _ => format!("{} {type_name} shape", article(type_name)),
    };
    Err(ModelError::invalid(
        Some(id),
        shape_path(id, &[name]),
        format!(
            "property `{name}` is not allowed on {entry} (expected one of: type, traits{})",
            allowed.iter().map(|p| format!(", {p}")).collect::<String>(),
        ),
    ))
}

/// The JSON pointer `/shapes/<id>/<segments...>`.
pub(crate) fn shape_path(id: &ShapeId, segments: &[&str]) -> String {
    child(&pointer(&["shapes", &id.to_string()]), segments)
}

/// Checks a `traits` object: keys must be absolute trait ids, and the values of traits with
/// typed getters are checked. `at` gives the JSON pointer of one trait.
pub(crate) fn parse_traits(
    owner: &ShapeId,
    map: Map<String, Value>,
    at: impl Fn(&str) -> String,
) -> Result<Traits, ModelError> {
    let mut traits = Traits::default();
    for (key, value) in map {
        let id = ShapeId::parse(&key).map_err(|e| {
            ModelError::invalid(Some(owner), at(&key), format!("bad trait id: {e}"))
        })?;
        if id.member().is_some() {
            return Err(ModelError::invalid(
                Some(owner),
                at(&key),
                format!("trait id `{key}` must not name a member"),
            ));
        }
        traits.insert(&key, value).map_err(|e| {
            ModelError::invalid(Some(owner), at(&key), format!("trait `{key}` {e}"))
        })?;
    }
    Ok(traits)
}

/// "a" or "an" for a shape type name.
pub(crate) fn article(type_name: &str) -> &'static str {
    match type_name.chars().next() {
        Some('a' | 'e' | 'i' | 'o' | 'u') => "an",
        _ => "a",
    }
}
