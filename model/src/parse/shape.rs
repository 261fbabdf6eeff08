//! Parses one shape definition: its type, traits and members.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::references::Expect;
use super::{Parsed, check_keys, parse_traits};
use crate::error::{child, json_type};
use crate::prelude;
use crate::shape_id::is_identifier;
use crate::{Member, ModelError, Shape, ShapeId, ShapeKind, Traits};

/// Parses one non-`apply` shape.
pub(super) struct ShapeParser<'a> {
    pub(super) types: &'a BTreeMap<ShapeId, String>,
    pub(super) id: &'a ShapeId,
    pub(super) body: &'a Map<String, Value>,
    pub(super) path: &'a str,
}

impl ShapeParser<'_> {
    pub(super) fn parse(&self) -> Result<Parsed, ModelError> {
        let type_name = self
            .body
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let common = ["type", "traits", "mixins"];
        let extra: &[&str] = match type_name {
            "enum" | "intEnum" | "structure" | "union" => &["members"],
            "list" | "set" => &["member"],
            "map" => &["key", "value"],
            "operation" => &["input", "output", "errors"],
            "service" => &["version", "operations", "resources", "errors", "rename"],
            "resource" => &[
                "identifiers",
                "properties",
                "create",
                "put",
                "read",
                "update",
                "delete",
                "list",
                "operations",
                "collectionOperations",
                "resources",
            ],
            _ => &[],
        };
        let allowed: Vec<&str> = common.iter().chain(extra).copied().collect();
        check_keys(self.id, self.body, self.path, &allowed)?;
        let has_mixins = self
            .body
            .get("mixins")
            .and_then(Value::as_array)
            .is_some_and(|mixins| !mixins.is_empty());
        let mut inherited = Vec::new();

        let mut traits = match self.body.get("traits") {
            Some(value) => parse_traits(self.id, value, &child(self.path, &["traits"]))?,
            None => Traits::default(),
        };
        let kind = match type_name {
            "blob" => ShapeKind::Blob,
            "boolean" => ShapeKind::Boolean,
            "string" => ShapeKind::String,
            "byte" => ShapeKind::Byte,
            "short" => ShapeKind::Short,
            "integer" => ShapeKind::Integer,
            "long" => ShapeKind::Long,
            "float" => ShapeKind::Float,
            "double" => ShapeKind::Double,
            "bigInteger" => ShapeKind::BigInteger,
            "bigDecimal" => ShapeKind::BigDecimal,
            "timestamp" => ShapeKind::Timestamp,
            "document" => ShapeKind::Document,
            "enum" => ShapeKind::Enum {
                members: self.members(true)?,
            },
            "intEnum" => ShapeKind::IntEnum {
                members: self.members(true)?,
            },
            "structure" => ShapeKind::Structure {
                members: self.members(false)?,
            },
            "union" => ShapeKind::Union {
                members: self.members(false)?,
            },
            "list" | "set" => {
                if type_name == "set" && !traits.has("smithy.api#uniqueItems") {
                    traits
                        .insert("smithy.api#uniqueItems", Value::Object(Map::new()))
                        .map_err(|e| ModelError::invalid(Some(self.id), self.path, e))?;
                }
                ShapeKind::List {
                    member: self.required_member("member", has_mixins, &mut inherited)?,
                }
            }
            "map" => ShapeKind::Map {
                key: self.required_member("key", has_mixins, &mut inherited)?,
                value: self.required_member("value", has_mixins, &mut inherited)?,
            },
            "operation" => ShapeKind::Operation(self.operation()?),
            "service" => ShapeKind::Service(self.service()?),
            "resource" => ShapeKind::Resource(self.resource()?),
            other => {
                return Err(ModelError::invalid(
                    Some(self.id),
                    child(self.path, &["type"]),
                    format!("unknown shape type \"{other}\""),
                ));
            }
        };
        Ok(Parsed {
            shape: Shape {
                id: self.id.clone(),
                kind,
                traits,
            },
            mixins: self.mixins(type_name)?,
            inherited,
        })
    }

    /// The `members` object of an aggregate or enum, in document order.
    fn members(&self, is_enum: bool) -> Result<Vec<Member>, ModelError> {
        let path = child(self.path, &["members"]);
        let Some(value) = self.body.get("members") else {
            return Ok(Vec::new());
        };
        let map = value.as_object().ok_or_else(|| {
            ModelError::invalid(
                Some(self.id),
                path.as_str(),
                format!("`members` must be an object, found {}", json_type(value)),
            )
        })?;
        map.iter()
            .map(|(name, body)| self.member(name, body, &child(&path, &[name]), is_enum))
            .collect()
    }

    /// `member` of a list, `key`/`value` of a map; a shape with mixins may leave it out.
    fn required_member(
        &self,
        name: &str,
        may_inherit: bool,
        inherited: &mut Vec<String>,
    ) -> Result<Member, ModelError> {
        let path = child(self.path, &[name]);
        match self.body.get(name) {
            Some(body) => self.member(name, body, &path, false),
            None if may_inherit => {
                inherited.push(name.to_owned());
                Ok(Member {
                    id: self.id.with_member(name),
                    name: name.to_owned(),
                    target: ShapeId::from_parts(prelude::NAMESPACE, "Unit"),
                    traits: Traits::default(),
                })
            }
            None => Err(ModelError::invalid(
                Some(self.id),
                path,
                format!("a {} shape must define `{name}`", self.type_name()),
            )),
        }
    }

    fn member(
        &self,
        name: &str,
        body: &Value,
        path: &str,
        is_enum: bool,
    ) -> Result<Member, ModelError> {
        let id = self.id.with_member(name);
        if !is_identifier(name) {
            return Err(ModelError::invalid(
                Some(self.id),
                path,
                format!("member name \"{name}\" is not a valid identifier"),
            ));
        }
        let map = body.as_object().ok_or_else(|| {
            ModelError::invalid(
                Some(&id),
                path,
                format!("a member must be a JSON object, found {}", json_type(body)),
            )
        })?;
        check_keys(&id, map, path, &["target", "traits"])?;
        let target = match (map.get("target"), is_enum) {
            // Enum members always target Unit; tolerate the target being left out.
            (None, true) => ShapeId::from_parts(prelude::NAMESPACE, "Unit"),
            (None, false) => {
                return Err(ModelError::invalid(
                    Some(&id),
                    child(path, &["target"]),
                    "the member has no `target`",
                ));
            }
            (Some(target), _) => {
                let target_path = child(path, &["target"]);
                let target = self.id_value(&id, target, &target_path)?;
                self.resolve(&id, &target, &target_path, Expect::MemberTarget)?;
                if is_enum && !prelude::is_unit(&target) {
                    return Err(ModelError::invalid(
                        Some(&id),
                        target_path,
                        format!("enum members must target smithy.api#Unit, found `{target}`"),
                    ));
                }
                target
            }
        };
        let traits = match map.get("traits") {
            Some(value) => parse_traits(&id, value, &child(path, &["traits"]))?,
            None => Traits::default(),
        };
        Ok(Member {
            id,
            name: name.to_owned(),
            target,
            traits,
        })
    }

    fn type_name(&self) -> &str {
        self.body
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or_default()
    }
}
