//! Shapes, members, and the per-type data of each Smithy 2.0 shape kind.

use std::collections::BTreeMap;

use crate::{ShapeId, Traits};

/// One shape of the model (or of the prelude).
#[derive(Clone, Debug, PartialEq)]
pub struct Shape {
    /// The shape's absolute id (never has a member part).
    pub id: ShapeId,
    /// The shape type and its type-specific data.
    pub kind: ShapeKind,
    /// Traits on the shape, including those inherited from mixins and added by `apply`.
    pub traits: Traits,
}

impl Shape {
    /// The members of an `enum`, `intEnum`, `structure` or `union`, in model order
    /// (mixin members first); empty for every other kind.
    pub fn members(&self) -> &[Member] {
        self.kind.members()
    }

    /// The member called `name`, looking at every member-bearing kind
    /// (`member` of a list, `key`/`value` of a map).
    pub fn member(&self, name: &str) -> Option<&Member> {
        match &self.kind {
            ShapeKind::List { member } => (member.name == name).then_some(member),
            ShapeKind::Map { key, value } => [key, value].into_iter().find(|m| m.name == name),
            kind => kind.members().iter().find(|m| m.name == name),
        }
    }
}

/// The type of a shape, one variant per Smithy 2.0 shape type.
#[derive(Clone, Debug, PartialEq)]
#[expect(
    clippy::large_enum_variant,
    reason = "members are inline so codegen can match on them directly; a model has few shapes"
)]
pub enum ShapeKind {
    /// `blob`.
    Blob,
    /// `boolean`.
    Boolean,
    /// `string`.
    String,
    /// `byte`.
    Byte,
    /// `short`.
    Short,
    /// `integer`.
    Integer,
    /// `long`.
    Long,
    /// `float`.
    Float,
    /// `double`.
    Double,
    /// `bigInteger`.
    BigInteger,
    /// `bigDecimal`.
    BigDecimal,
    /// `timestamp`.
    Timestamp,
    /// `document`.
    Document,
    /// `enum`: members target `smithy.api#Unit` and carry a string `enumValue`.
    Enum {
        /// The enum's members in model order.
        members: Vec<Member>,
    },
    /// `intEnum`: members target `smithy.api#Unit` and carry an integer `enumValue`.
    IntEnum {
        /// The enum's members in model order.
        members: Vec<Member>,
    },
    /// `list` (a Smithy 1.0 `set` loads as a list with `uniqueItems`).
    List {
        /// The `member` member.
        member: Member,
    },
    /// `map`.
    Map {
        /// The `key` member.
        key: Member,
        /// The `value` member.
        value: Member,
    },
    /// `structure`.
    Structure {
        /// The structure's members in model order (mixin members first).
        members: Vec<Member>,
    },
    /// `union`.
    Union {
        /// The union's members in model order (mixin members first).
        members: Vec<Member>,
    },
    /// `operation`.
    Operation(OperationShape),
    /// `service`.
    Service(ServiceShape),
    /// `resource`.
    Resource(ResourceShape),
}

impl ShapeKind {
    /// The Smithy type name as written in the AST, e.g. `"structure"`, `"intEnum"`.
    pub fn type_name(&self) -> &'static str {
        match self {
            ShapeKind::Blob => "blob",
            ShapeKind::Boolean => "boolean",
            ShapeKind::String => "string",
            ShapeKind::Byte => "byte",
            ShapeKind::Short => "short",
            ShapeKind::Integer => "integer",
            ShapeKind::Long => "long",
            ShapeKind::Float => "float",
            ShapeKind::Double => "double",
            ShapeKind::BigInteger => "bigInteger",
            ShapeKind::BigDecimal => "bigDecimal",
            ShapeKind::Timestamp => "timestamp",
            ShapeKind::Document => "document",
            ShapeKind::Enum { .. } => "enum",
            ShapeKind::IntEnum { .. } => "intEnum",
            ShapeKind::List { .. } => "list",
            ShapeKind::Map { .. } => "map",
            ShapeKind::Structure { .. } => "structure",
            ShapeKind::Union { .. } => "union",
            ShapeKind::Operation(_) => "operation",
            ShapeKind::Service(_) => "service",
            ShapeKind::Resource(_) => "resource",
        }
    }

    /// The members of an `enum`, `intEnum`, `structure` or `union`; empty otherwise.
    pub fn members(&self) -> &[Member] {
        match self {
            ShapeKind::Enum { members }
            | ShapeKind::IntEnum { members }
            | ShapeKind::Structure { members }
            | ShapeKind::Union { members } => members,
            _ => &[],
        }
    }

    /// Mutable access to the named members (same kinds as [`ShapeKind::members`]).
    pub(crate) fn members_mut(&mut self) -> Option<&mut Vec<Member>> {
        match self {
            ShapeKind::Enum { members }
            | ShapeKind::IntEnum { members }
            | ShapeKind::Structure { members }
            | ShapeKind::Union { members } => Some(members),
            _ => None,
        }
    }

    /// Every member of the shape, including list `member` and map `key`/`value`.
    pub(crate) fn all_members_mut(&mut self) -> Vec<&mut Member> {
        match self {
            ShapeKind::List { member } => vec![member],
            ShapeKind::Map { key, value } => vec![key, value],
            kind => kind
                .members_mut()
                .map(|members| members.iter_mut().collect())
                .unwrap_or_default(),
        }
    }
}

/// A member of an aggregate shape (or an enum case).
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    /// `container$name`.
    pub id: ShapeId,
    /// The member name as written in the model.
    pub name: String,
    /// The shape the member targets (`smithy.api#Unit` for enum members).
    pub target: ShapeId,
    /// Traits on the member.
    pub traits: Traits,
}

/// Data of an `operation` shape.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OperationShape {
    /// Input structure; `None` when absent or `smithy.api#Unit`.
    pub input: Option<ShapeId>,
    /// Output structure; `None` when absent or `smithy.api#Unit`.
    pub output: Option<ShapeId>,
    /// Error structures the operation can return, in model order.
    pub errors: Vec<ShapeId>,
}

/// Data of a `service` shape.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ServiceShape {
    /// The service version, e.g. `2015-08-04`.
    pub version: Option<String>,
    /// Operations bound directly to the service, in model order.
    pub operations: Vec<ShapeId>,
    /// Resources bound directly to the service, in model order.
    pub resources: Vec<ShapeId>,
    /// Errors every operation of the service can return.
    pub errors: Vec<ShapeId>,
    /// Names to use instead of shape names that conflict within the service.
    pub rename: BTreeMap<ShapeId, String>,
}

/// Data of a `resource` shape.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ResourceShape {
    /// Identifier names and their target shapes, in model order.
    pub identifiers: Vec<(String, ShapeId)>,
    /// Property names and their target shapes, in model order.
    pub properties: Vec<(String, ShapeId)>,
    /// Lifecycle operations present, in the order create, put, read, update, delete, list.
    pub lifecycle: Vec<ShapeId>,
    /// Instance operations.
    pub operations: Vec<ShapeId>,
    /// Collection operations.
    pub collection_operations: Vec<ShapeId>,
    /// Child resources.
    pub resources: Vec<ShapeId>,
}
