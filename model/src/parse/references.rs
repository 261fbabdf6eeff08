//! Shape references: operation, service and resource bindings, mixins, and the
//! resolution of every `{"target": ...}` against the model and the prelude.

use std::collections::BTreeMap;

use serde_json::Value;

use super::shape::ShapeParser;
use crate::error::{child, json_type};
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
    pub(super) fn operation(&self) -> Result<OperationShape, ModelError> {
        let io = |key: &str| -> Result<Option<ShapeId>, ModelError> {
            match self.optional_ref(key, Expect::Any)? {
                Some(id) if prelude::is_unit(&id) => Ok(None),
                Some(id) => {
                    let path = child(self.path, &[key, "target"]);
                    self.resolve(self.id, &id, &path, Expect::Structure)?;
                    Ok(Some(id))
                }
                None => Ok(None),
            }
        };
        Ok(OperationShape {
            input: io("input")?,
            output: io("output")?,
            errors: self.ref_list("errors", Expect::Structure)?,
        })
    }

    pub(super) fn service(&self) -> Result<ServiceShape, ModelError> {
        let version = match self.body.get("version") {
            None => None,
            Some(Value::String(v)) => Some(v.clone()),
            Some(other) => {
                return Err(ModelError::invalid(
                    Some(self.id),
                    child(self.path, &["version"]),
                    format!("`version` must be a string, found {}", json_type(other)),
                ));
            }
        };
        Ok(ServiceShape {
            version,
            operations: self.ref_list("operations", Expect::Operation)?,
            resources: self.ref_list("resources", Expect::Resource)?,
            errors: self.ref_list("errors", Expect::Structure)?,
            rename: self.rename()?,
        })
    }

    fn rename(&self) -> Result<BTreeMap<ShapeId, String>, ModelError> {
        let path = child(self.path, &["rename"]);
        let Some(value) = self.body.get("rename") else {
            return Ok(BTreeMap::new());
        };
        let map = value.as_object().ok_or_else(|| {
            ModelError::invalid(
                Some(self.id),
                path.as_str(),
                format!("`rename` must be an object, found {}", json_type(value)),
            )
        })?;
        let mut rename = BTreeMap::new();
        for (key, name) in map {
            let entry_path = child(&path, &[key]);
            let id = ShapeId::parse(key).map_err(|e| {
                ModelError::invalid(Some(self.id), entry_path.as_str(), e.to_string())
            })?;
            self.resolve(self.id, &id, &entry_path, Expect::Any)?;
            let name = name.as_str().ok_or_else(|| {
                ModelError::invalid(
                    Some(self.id),
                    entry_path.as_str(),
                    format!("a rename must be a string, found {}", json_type(name)),
                )
            })?;
            rename.insert(id, name.to_owned());
        }
        Ok(rename)
    }

    pub(super) fn resource(&self) -> Result<ResourceShape, ModelError> {
        let mut lifecycle = Vec::new();
        for key in ["create", "put", "read", "update", "delete", "list"] {
            if let Some(id) = self.optional_ref(key, Expect::Operation)? {
                lifecycle.push(id);
            }
        }
        Ok(ResourceShape {
            identifiers: self.named_refs("identifiers")?,
            properties: self.named_refs("properties")?,
            lifecycle,
            operations: self.ref_list("operations", Expect::Operation)?,
            collection_operations: self.ref_list("collectionOperations", Expect::Operation)?,
            resources: self.ref_list("resources", Expect::Resource)?,
        })
    }

    /// `identifiers` / `properties`: an object of name to `{"target": ...}`.
    fn named_refs(&self, key: &str) -> Result<Vec<(String, ShapeId)>, ModelError> {
        let path = child(self.path, &[key]);
        let Some(value) = self.body.get(key) else {
            return Ok(Vec::new());
        };
        let map = value.as_object().ok_or_else(|| {
            ModelError::invalid(
                Some(self.id),
                path.as_str(),
                format!("`{key}` must be an object, found {}", json_type(value)),
            )
        })?;
        map.iter()
            .map(|(name, reference)| {
                let entry_path = child(&path, &[name]);
                let id = self.reference(reference, &entry_path)?;
                self.resolve(
                    self.id,
                    &id,
                    &child(&entry_path, &["target"]),
                    Expect::MemberTarget,
                )?;
                Ok((name.clone(), id))
            })
            .collect()
    }

    /// `mixins`: a list of references to model shapes of the same type.
    pub(super) fn mixins(&self, type_name: &str) -> Result<Vec<ShapeId>, ModelError> {
        let ids = self.ref_list("mixins", Expect::Any)?;
        let canonical = if type_name == "set" {
            "list"
        } else {
            type_name
        };
        for (index, id) in ids.iter().enumerate() {
            let path = child(self.path, &["mixins", &index.to_string(), "target"]);
            match self.types.get(id) {
                None => {
                    return Err(ModelError::invalid(
                        Some(self.id),
                        path,
                        format!("mixin `{id}` is not a shape defined in the model"),
                    ));
                }
                Some(found) if found != canonical => {
                    return Err(ModelError::invalid(
                        Some(self.id),
                        path,
                        format!(
                            "mixin `{id}` is {} {found}, but {} {canonical} can only use {canonical} mixins",
                            article(found),
                            article(canonical),
                        ),
                    ));
                }
                Some(_) => {}
            }
        }
        Ok(ids)
    }

    /// A single optional `{"target": ...}` property.
    fn optional_ref(&self, key: &str, expect: Expect) -> Result<Option<ShapeId>, ModelError> {
        let Some(value) = self.body.get(key) else {
            return Ok(None);
        };
        let path = child(self.path, &[key]);
        let id = self.reference(value, &path)?;
        self.resolve(self.id, &id, &child(&path, &["target"]), expect)?;
        Ok(Some(id))
    }

    /// An optional list of `{"target": ...}` references, each resolved.
    fn ref_list(&self, key: &str, expect: Expect) -> Result<Vec<ShapeId>, ModelError> {
        let path = child(self.path, &[key]);
        let Some(value) = self.body.get(key) else {
            return Ok(Vec::new());
        };
        let items = value.as_array().ok_or_else(|| {
            ModelError::invalid(
                Some(self.id),
                path.as_str(),
                format!("`{key}` must be an array, found {}", json_type(value)),
            )
        })?;
        items
            .iter()
            .enumerate()
            .map(|(index, item)| {
                let item_path = child(&path, &[&index.to_string()]);
                let id = self.reference(item, &item_path)?;
                self.resolve(self.id, &id, &child(&item_path, &["target"]), expect)?;
                Ok(id)
            })
            .collect()
    }

    /// Reads `{"target": "ns#Name"}` at `path`.
    fn reference(&self, value: &Value, path: &str) -> Result<ShapeId, ModelError> {
        let map = value.as_object().ok_or_else(|| {
            ModelError::invalid(
                Some(self.id),
                path,
                format!(
                    "a shape reference must be an object with `target`, found {}",
                    json_type(value)
                ),
            )
        })?;
        let target = map.get("target").ok_or_else(|| {
            ModelError::invalid(Some(self.id), path, "the shape reference has no `target`")
        })?;
        self.id_value(self.id, target, &child(path, &["target"]))
    }

    /// A JSON string holding an absolute shape id without member.
    pub(super) fn id_value(
        &self,
        owner: &ShapeId,
        value: &Value,
        path: &str,
    ) -> Result<ShapeId, ModelError> {
        let text = value.as_str().ok_or_else(|| {
            ModelError::invalid(
                Some(owner),
                path,
                format!(
                    "a target must be a shape id string, found {}",
                    json_type(value)
                ),
            )
        })?;
        let id = ShapeId::parse(text)
            .map_err(|e| ModelError::invalid(Some(owner), path, e.to_string()))?;
        if id.member().is_some() {
            return Err(ModelError::invalid(
                Some(owner),
                path,
                format!("target `{text}` must name a shape, not a member"),
            ));
        }
        Ok(id)
    }

    /// Checks that `target` exists in the model or prelude and is of the expected type.
    pub(super) fn resolve(
        &self,
        owner: &ShapeId,
        target: &ShapeId,
        path: &str,
        expect: Expect,
    ) -> Result<(), ModelError> {
        let type_name = match self.types.get(target) {
            Some(name) => name.as_str(),
            None => match prelude::shape(target) {
                Some(shape) => shape.kind.type_name(),
                None => {
                    return Err(ModelError::invalid(
                        Some(owner),
                        path,
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
                path,
                format!(
                    "target `{target}` is {} {type_name}, expected {}",
                    article(type_name),
                    expect.describe()
                ),
            ))
        }
    }
}

/// "a" or "an" for a shape type name.
fn article(type_name: &str) -> &'static str {
    match type_name.chars().next() {
        Some('a' | 'e' | 'i' | 'o' | 'u') => "an",
        _ => "a",
    }
}
