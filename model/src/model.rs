//! The loaded model and the queries the generator runs on it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::{Map, Value};

use crate::error::pointer;
use crate::{Member, ModelError, Shape, ShapeId, ShapeKind, checks, merge, parse, prelude};

/// A validated Smithy 2.0 model: its shapes (mixins flattened, `apply` merged) and metadata.
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    shapes: BTreeMap<ShapeId, Shape>,
    metadata: Map<String, Value>,
}

impl Model {
    /// Reads and validates the JSON AST file at `path`.
    pub fn load(path: &Path) -> Result<Model, ModelError> {
        let text = std::fs::read_to_string(path).map_err(|source| ModelError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Model::from_json_str(&text)
    }

    /// Validates a JSON AST document held in memory.
    pub fn from_json_str(text: &str) -> Result<Model, ModelError> {
        let document = parse::parse_document(text)?;
        let mut shapes = merge::merge(document.shapes, document.applies)?;
        checks::finish(&mut shapes)?;
        Ok(Model {
            shapes,
            metadata: document.metadata,
        })
    }

    /// The model or prelude shape with this id (a member id finds nothing).
    pub fn shape(&self, id: &ShapeId) -> Option<&Shape> {
        self.shapes.get(id).or_else(|| prelude::shape(id))
    }

    /// The member with this id (`ns#Shape$member`), including list `member` and map
    /// `key`/`value`.
    pub fn member(&self, id: &ShapeId) -> Option<&Member> {
        self.shapes.get(&id.root())?.member(id.member()?)
    }

    /// The model's own shapes in id order (prelude shapes are not included).
    pub fn shapes(&self) -> impl Iterator<Item = &Shape> {
        self.shapes.values()
    }

    /// The service shapes in id order.
    pub fn services(&self) -> impl Iterator<Item = &Shape> {
        self.shapes
            .values()
            .filter(|shape| matches!(shape.kind, ShapeKind::Service(_)))
    }

    /// The document's `metadata` object (empty when absent).
    pub fn metadata(&self) -> &Map<String, Value> {
        &self.metadata
    }

    /// Every operation of `service`, bound directly or through (nested) resources,
    /// sorted and without duplicates.
    pub fn operation_closure(&self, service: &ShapeId) -> Result<Vec<ShapeId>, ModelError> {
        let Some(ShapeKind::Service(data)) = self.shapes.get(service).map(|s| &s.kind) else {
            return Err(ModelError::NotFound {
                id: service.clone(),
                expected: "service",
            });
        };
        let mut operations: BTreeSet<ShapeId> = data.operations.iter().cloned().collect();
        let mut seen: BTreeSet<&ShapeId> = BTreeSet::new();
        let mut pending: Vec<&ShapeId> = data.resources.iter().collect();
        // Iterative walk: resource nesting depth comes from input, so avoid recursion.
        while let Some(id) = pending.pop() {
            if !seen.insert(id) {
                continue;
            }
            let Some(ShapeKind::Resource(resource)) = self.shapes.get(id).map(|s| &s.kind) else {
                return Err(ModelError::invalid(
                    Some(id),
                    pointer(&["shapes", &id.to_string()]),
                    format!("`{id}` is bound to service `{service}` as a resource but is not one"),
                ));
            };
            operations.extend(
                resource
                    .lifecycle
                    .iter()
                    .chain(&resource.operations)
                    .chain(&resource.collection_operations)
                    .cloned(),
            );
            pending.extend(&resource.resources);
        }
        Ok(operations.into_iter().collect())
    }
}
