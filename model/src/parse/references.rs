//! Shape references: operation, service and resource bindings, mixins, and the
//! resolution of every target against the model and the prelude.

use std::collections::BTreeMap;

use indexmap::IndexMap;

use super::article;
use super::ast::{AstRef, AstShape};
use super::shape::ShapeParser;
use crate::prelude;
use crate::{ModelError, OperationShape, ResourceShape, ServiceShape, ShapeId};

/// What a reference must point at.
#[derive(Clone, Copy)]
pub(super) enum Expect {
    MemberTarget,
    Structure,
    Operation,
    Resource,
    Any,
}

impl Expect {
    fn accepts(self, type_name: &str) -> bool {
        match self {
            Expect::MemberTarget => !matches!(type_name, "operation" | "service" | "resource"),
            Expect::Structure => type_name == "structure",
            Expect::Operation => type_name == "operation",
            Expect::Resource => type_name == "resource",
            Expect::Any => true,
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Expect::MemberTarget => {
                "a shape a member can target (not an operation, service or resource)"
            }
            Expect::Structure => "a structure",
            Expect::Operation => "an operation",
            Expect::Resource => "a resource",
            Expect::Any => "a shape",
        }
    }
}

impl ShapeParser<'_> {
    pub(super) fn operation(&self, shape: AstShape) -> Result<OperationShape, ModelError> {
        // `smithy.api#Unit` input or output is the same as none.
        let io = |key: &str, reference: Option<AstRef>| match reference {
            None => Ok(None),
            Some(reference) => {
                let at = || self.at(&[key, "target"]);
                let id = self.id_value(self.id, &reference.target, at)?;
                if prelude::is_unit(&id) {
                    return Ok(None);
                }
                self.resolve(self.id, &id, Expect::Structure, at)?;
                Ok(Some(id))
            }
        };
        Ok(OperationShape {
            input: io("input", shape.input)?,
            output: io("output", shape.output)?,
            errors: self.ref_list("errors", shape.errors, Expect::Structure)?,
        })
    }

    pub(super) fn service(&self, shape: AstShape) -> Result<ServiceShape, ModelError> {
        Ok(ServiceShape {
            version: shape.version,
            operations: self.ref_list("operations", shape.operations, Expect::Operation)?,
            resources: self.ref_list("resources", shape.resources, Expect::Resource)?,
            errors: self.ref_list("errors", shape.errors, Expect::Structure)?,
            rename: self.rename(shape.rename)?,
        })
    }

    fn rename(
        &self,
        rename: Option<IndexMap<String, String>>,
    ) -> Result<BTreeMap<ShapeId, String>, ModelError> {
        rename
            .unwrap_or_default()
            .into_iter()
            .map(|(key, name)| {
                let at = || self.at(&["rename", &key]);
                let id = ShapeId::parse(&key)
                    .map_err(|e| ModelError::invalid(Some(self.id), at(), e.to_string()))?;
                self.resolve(self.id, &id, Expect::Any, at)?;
                Ok((id, name))
            })
            .collect()
    }

    pub(super) fn resource(&self, shape: AstShape) -> Result<ResourceShape, ModelError> {
        let mut lifecycle = Vec::new();
        let operations = [
            ("create", shape.create),
            ("put", shape.put),
            ("read", shape.read),
            ("update", shape.update),
            ("delete", shape.delete),
            ("list", shape.list),
        ];
        for (key, reference) in operations {
            if let Some(reference) = reference {
                let at = || self.at(&[key, "target"]);
                lifecycle.push(self.reference(&reference.target, Expect::Operation, at)?);
            }
        }
        Ok(ResourceShape {
            identifiers: self.named_refs("identifiers", shape.identifiers)?,
            properties: self.named_refs("properties", shape.properties)?,
            lifecycle,
            operations: self.ref_list("operations", shape.operations, Expect::Operation)?,
            collection_operations: self.ref_list(
                "collectionOperations",
                shape.collection_operations,
                Expect::Operation,
            )?,
            resources: self.ref_list("resources", shape.resources, Expect::Resource)?,
        })
    }

    /// `identifiers` / `properties`: an object of name to `{"target": ...}`.
    fn named_refs(
        &self,
        key: &str,
        refs: Option<IndexMap<String, AstRef>>,
    ) -> Result<Vec<(String, ShapeId)>, ModelError> {
        refs.unwrap_or_default()
            .into_iter()
            .map(|(name, reference)| {
                let at = || self.at(&[key, &name, "target"]);
                let id = self.reference(&reference.target, Expect::MemberTarget, at)?;
                Ok((name, id))
            })
            .collect()
    }

    /// `mixins`: references to model shapes of the same type.
    pub(super) fn mixins(&self, refs: Option<Vec<AstRef>>) -> Result<Vec<ShapeId>, ModelError> {
        let ids = self.ref_list("mixins", refs, Expect::Any)?;
        let own = self.shape_type.name();
        for (index, id) in ids.iter().enumerate() {
            let at = || self.at(&["mixins", &index.to_string(), "target"]);
            match self.types.get(id) {
                None => {
                    return Err(ModelError::invalid(
                        Some(self.id),
                        at(),
                        format!("mixin `{id}` is not a shape defined in the model"),
                    ));
                }
                Some(&found) if found != own => {
                    return Err(ModelError::invalid(
                        Some(self.id),
                        at(),
                        format!(
                            "mixin `{id}` is {} {found}, but {} {own} can only use {own} mixins",
                            article(found),
                            article(own),
                        ),
                    ));
                }
                Some(_) => {}
            }
        }
        Ok(ids)
    }

    /// An optional list of references at `key`, each resolved.
    fn ref_list(
        &self,
        key: &str,
        refs: Option<Vec<AstRef>>,
        expect: Expect,
    ) -> Result<Vec<ShapeId>, ModelError> {
        refs.unwrap_or_default()
            .iter()
            .enumerate()
            .map(|(index, reference)| {
                let at = || self.at(&[key, &index.to_string(), "target"]);
                self.reference(&reference.target, expect, at)
            })
            .collect()
    }

    /// A reference of the shape being parsed, resolved; `at` gives its JSON pointer.
    fn reference(
        &self,
        text: &str,
        expect: Expect,
        at: impl Fn() -> String,
    ) -> Result<ShapeId, ModelError> {
        self.target(self.id, text, expect, at)
    }

    /// A target of `owner` (the shape or one of its members), parsed and resolved.
    pub(super) fn target(
        &self,
        owner: &ShapeId,
        text: &str,
        expect: Expect,
        at: impl Fn() -> String,
    ) -> Result<ShapeId, ModelError> {
        let id = self.id_value(owner, text, &at)?;
        self.resolve(owner, &id, expect, at)?;
        Ok(id)
    }

    /// An absolute shape id without member.
    fn id_value(
        &self,
        owner: &ShapeId,
        text: &str,
        at: impl Fn() -> String,
    ) -> Result<ShapeId, ModelError> {
        let id = ShapeId::parse(text)
            .map_err(|e| ModelError::invalid(Some(owner), at(), e.to_string()))?;
        if id.member().is_some() {
            return Err(ModelError::invalid(
                Some(owner),
                at(),
                format!("target `{text}` must name a shape, not a member"),
            ));
        }
        Ok(id)
    }

    /// Checks that `target` exists in the model or prelude and is of the expected type.
    fn resolve(
        &self,
        owner: &ShapeId,
        target: &ShapeId,
        expect: Expect,
        at: impl Fn() -> String,
    ) -> Result<(), ModelError> {
        let type_name = match self.types.get(target) {
            Some(&name) => name,
            None => match prelude::shape(target) {
                Some(shape) => shape.kind.type_name(),
                None => {
                    return Err(ModelError::invalid(
                        Some(owner),
                        at(),
                        format!("target `{target}` is not defined in the model or the prelude"),
                    ));
                }
            },
        };
        if expect.accepts(type_name) {
            Ok(())
        } else {
            Err(ModelError::invalid(
                Some(owner),
                at(),
                format!(
                    "target `{target}` is {} {type_name}, expected {}",
                    article(type_name),
                    expect.describe()
                ),
            ))
        }
    }
}
