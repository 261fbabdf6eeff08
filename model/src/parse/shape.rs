//! Turns one deserialized shape into a [`Shape`]: its kind, traits and members.

use std::collections::BTreeMap;

use indexmap::IndexMap;
use serde_json::{Map, Value};

use super::ast::{AstMember, AstShape, ShapeType};
use super::references::Expect;
use super::{Parsed, parse_traits, shape_path};
use crate::prelude;
use crate::shape_id::is_identifier;
use crate::{Member, ModelError, Shape, ShapeId, ShapeKind};

/// Parses one non-`apply` shape.
pub(super) struct ShapeParser<'a> {
    /// The type name of every shape in the model, for resolving references.
    pub(super) types: &'a BTreeMap<ShapeId, &'static str>,
    pub(super) id: &'a ShapeId,
    pub(super) shape_type: ShapeType,
}

impl ShapeParser<'_> {
    pub(super) fn parse(&self, mut shape: AstShape) -> Result<Parsed, ModelError> {
        let mixins = shape.mixins.take();
        let has_mixins = mixins.as_ref().is_some_and(|mixins| !mixins.is_empty());
        let mut inherited = Vec::new();
        let mut traits = parse_traits(self.id, std::mem::take(&mut shape.traits), |key| {
            self.at(&["traits", key])
        })?;
        let kind = match self.shape_type {
            ShapeType::Blob => ShapeKind::Blob,
            ShapeType::Boolean => ShapeKind::Boolean,
            ShapeType::String => ShapeKind::String,
            ShapeType::Byte => ShapeKind::Byte,
            ShapeType::Short => ShapeKind::Short,
            ShapeType::Integer => ShapeKind::Integer,
            ShapeType::Long => ShapeKind::Long,
            ShapeType::Float => ShapeKind::Float,
            ShapeType::Double => ShapeKind::Double,
            ShapeType::BigInteger => ShapeKind::BigInteger,
            ShapeType::BigDecimal => ShapeKind::BigDecimal,
            ShapeType::Timestamp => ShapeKind::Timestamp,
            ShapeType::Document => ShapeKind::Document,
            ShapeType::Enum => ShapeKind::Enum {
                members: self.members(shape.members, true)?,
            },
            ShapeType::IntEnum => ShapeKind::IntEnum {
                members: self.members(shape.members, true)?,
            },
            ShapeType::Structure => ShapeKind::Structure {
                members: self.members(shape.members, false)?,
            },
            ShapeType::Union => ShapeKind::Union {
                members: self.members(shape.members, false)?,
            },
            ShapeType::List | ShapeType::Set => {
                if self.shape_type == ShapeType::Set && !traits.has("smithy.api#uniqueItems") {
                    traits
                        .insert("smithy.api#uniqueItems", Value::Object(Map::new()))
                        .map_err(|e| ModelError::invalid(Some(self.id), self.at(&[]), e))?;
                }
                ShapeKind::List {
                    member: self.required_member(
                        "member",
                        shape.member,
                        has_mixins,
                        &mut inherited,
                    )?,
                }
            }
            ShapeType::Map => ShapeKind::Map {
                key: self.required_member("key", shape.key, has_mixins, &mut inherited)?,
                value: self.required_member("value", shape.value, has_mixins, &mut inherited)?,
            },
            ShapeType::Operation => ShapeKind::Operation(self.operation(shape)?),
            ShapeType::Service => ShapeKind::Service(self.service(shape)?),
            ShapeType::Resource => ShapeKind::Resource(self.resource(shape)?),
            ShapeType::Apply => {
                return Err(ModelError::invalid(
                    Some(self.id),
                    self.at(&["type"]),
                    "an `apply` entry does not define a shape",
                ));
            }
        };
        Ok(Parsed {
            shape: Shape {
                id: self.id.clone(),
                kind,
                traits,
            },
            mixins: self.mixins(mixins)?,
            inherited,
        })
    }

    /// The JSON pointer `/shapes/<id>/<segments...>` (built only for errors).
    pub(super) fn at(&self, segments: &[&str]) -> String {
        shape_path(self.id, segments)
    }

    /// The `members` of an aggregate or enum, in document order.
    fn members(
        &self,
        members: Option<IndexMap<String, AstMember>>,
        is_enum: bool,
    ) -> Result<Vec<Member>, ModelError> {
        members
            .unwrap_or_default()
            .into_iter()
            .map(|(name, member)| self.member(&name, member, &["members", &name], is_enum))
            .collect()
    }

    /// `member` of a list, `key`/`value` of a map; a shape with mixins may leave it out.
    fn required_member(
        &self,
        name: &str,
        member: Option<AstMember>,
        may_inherit: bool,
        inherited: &mut Vec<String>,
    ) -> Result<Member, ModelError> {
        match member {
            Some(member) => self.member(name, member, &[name], false),
            None if may_inherit => {
                inherited.push(name.to_owned());
                Ok(Member {
                    id: self.id.with_member(name),
                    name: name.to_owned(),
                    target: ShapeId::from_parts(prelude::NAMESPACE, "Unit"),
                    traits: Default::default(),
                })
            }
            None => Err(ModelError::invalid(
                Some(self.id),
                self.at(&[name]),
                format!("a {} shape must define `{name}`", self.shape_type.name()),
            )),
        }
    }

    /// The member `name` written at `/shapes/<id>/<base...>`.
    fn member(
        &self,
        name: &str,
        member: AstMember,
        base: &[&str],
        is_enum: bool,
    ) -> Result<Member, ModelError> {
        let id = self.id.with_member(name);
        let at = |rest: &[&str]| self.at(&[base, rest].concat());
        if !is_identifier(name) {
            return Err(ModelError::invalid(
                Some(self.id),
                at(&[]),
                format!("member name \"{name}\" is not a valid identifier"),
            ));
        }
        let target = match (member.target, is_enum) {
            // Enum members always target Unit; tolerate the target being left out.
            (None, true) => ShapeId::from_parts(prelude::NAMESPACE, "Unit"),
            (None, false) => {
                return Err(ModelError::invalid(
                    Some(&id),
                    at(&["target"]),
                    "the member has no `target`",
                ));
            }
            (Some(text), _) => {
                let target_at = || at(&["target"]);
                let target = self.target(&id, &text, Expect::MemberTarget, target_at)?;
                if is_enum && !prelude::is_unit(&target) {
                    return Err(ModelError::invalid(
                        Some(&id),
                        target_at(),
                        format!("enum members must target smithy.api#Unit, found `{target}`"),
                    ));
                }
                target
            }
        };
        let traits = parse_traits(&id, member.traits, |key| at(&["traits", key]))?;
        Ok(Member {
            id,
            name: name.to_owned(),
            target,
            traits,
        })
    }
}
