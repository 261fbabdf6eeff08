//! The JSON AST as serde types. Serde checks the structure and every JSON type in one pass
//! over the text; `serde_path_to_error` keeps the path of whatever it rejects. Ids,
//! references and trait values are checked afterwards, by the parent module.
//!
//! A shape is one struct holding the properties of every shape type, not an enum with
//! `#[serde(tag = "type")]`: serde buffers an internally tagged object before it knows the
//! variant, and an error inside the buffer loses its path (dtolnay/path-to-error#1), so a
//! bad member target would only be reported at `/shapes/<id>`. Which properties each type
//! allows is [`ShapeType::properties`].
//!
//! An optional property set to `null` counts as absent.

use std::fmt;
use std::marker::PhantomData;

use indexmap::IndexMap;
use serde::de::value::MapAccessDeserializer;
use serde::de::{IntoDeserializer, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};
use serde_path_to_error::Segment;

use crate::error::pointer;
use crate::shape_id::is_identifier;
use crate::{ModelError, ShapeId};

/// A whole document. Unknown top-level properties are ignored, as Smithy only warns on them.
#[derive(Deserialize)]
#[serde(remote = "Self")]
pub(super) struct AstDocument {
    pub(super) smithy: Option<String>,
    #[serde(default)]
    pub(super) metadata: Map<String, Value>,
    pub(super) shapes: Option<IndexMap<String, AstShape>>,
}

/// The `type` of a shape, or `apply`.
#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub(super) enum ShapeType {
    Blob,
    Boolean,
    String,
    Byte,
    Short,
    Integer,
    Long,
    Float,
    Double,
    BigInteger,
    BigDecimal,
    Timestamp,
    Document,
    Enum,
    IntEnum,
    List,
    /// Smithy 1.0 spelling of a list with unique items.
    Set,
    Map,
    Structure,
    Union,
    Operation,
    Service,
    Resource,
    Apply,
}

impl ShapeType {
    /// The type name a loaded shape has ([`crate::ShapeKind::type_name`]); a set is a list.
    pub(super) fn name(self) -> &'static str {
        match self {
            ShapeType::Blob => "blob",
            ShapeType::Boolean => "boolean",
            ShapeType::String => "string",
            ShapeType::Byte => "byte",
            ShapeType::Short => "short",
            ShapeType::Integer => "integer",
            ShapeType::Long => "long",
            ShapeType::Float => "float",
            ShapeType::Double => "double",
            ShapeType::BigInteger => "bigInteger",
            ShapeType::BigDecimal => "bigDecimal",
            ShapeType::Timestamp => "timestamp",
            ShapeType::Document => "document",
            ShapeType::Enum => "enum",
            ShapeType::IntEnum => "intEnum",
            ShapeType::List | ShapeType::Set => "list",
            ShapeType::Map => "map",
            ShapeType::Structure => "structure",
            ShapeType::Union => "union",
            ShapeType::Operation => "operation",
            ShapeType::Service => "service",
            ShapeType::Resource => "resource",
            ShapeType::Apply => "apply",
        }
    }

    /// The properties the type allows besides `type` and `traits` (Smithy JSON AST spec).
    pub(super) fn properties(self) -> &'static [&'static str] {
        match self {
            ShapeType::Enum | ShapeType::IntEnum | ShapeType::Structure | ShapeType::Union => {
                &["mixins", "members"]
            }
            ShapeType::List | ShapeType::Set => &["mixins", "member"],
            ShapeType::Map => &["mixins", "key", "value"],
            ShapeType::Operation => &["mixins", "input", "output", "errors"],
            ShapeType::Service => &[
                "mixins",
                "version",
                "operations",
                "resources",
                "errors",
                "rename",
            ],
            ShapeType::Resource => &[
                "mixins",
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
            ShapeType::Apply => &[],
            _ => &["mixins"],
        }
    }
}

/// One entry of `shapes`: a shape of any type, or an `apply` entry.
#[derive(Deserialize)]
#[serde(remote = "Self", deny_unknown_fields, rename_all = "camelCase")]
pub(super) struct AstShape {
    #[serde(rename = "type", default, deserialize_with = "shape_type")]
    pub(super) shape_type: Option<ShapeType>,
    #[serde(default)]
    pub(super) traits: Map<String, Value>,
    pub(super) mixins: Option<Vec<AstRef>>,
    pub(super) members: Option<IndexMap<String, AstMember>>,
    pub(super) member: Option<AstMember>,
    pub(super) key: Option<AstMember>,
    pub(super) value: Option<AstMember>,
    pub(super) input: Option<AstRef>,
    pub(super) output: Option<AstRef>,
    pub(super) errors: Option<Vec<AstRef>>,
    pub(super) version: Option<String>,
    pub(super) operations: Option<Vec<AstRef>>,
    pub(super) resources: Option<Vec<AstRef>>,
    pub(super) rename: Option<IndexMap<String, String>>,
    pub(super) identifiers: Option<IndexMap<String, AstRef>>,
    pub(super) properties: Option<IndexMap<String, AstRef>>,
    pub(super) create: Option<AstRef>,
    pub(super) put: Option<AstRef>,
    pub(super) read: Option<AstRef>,
    pub(super) update: Option<AstRef>,
    pub(super) delete: Option<AstRef>,
    pub(super) list: Option<AstRef>,
    pub(super) collection_operations: Option<Vec<AstRef>>,
}

/// Reads `type` as a string first: serde_json reports a non-string where an enum should be
/// as a syntax error, which would call valid JSON invalid.
fn shape_type<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<ShapeType>, D::Error> {
    let name = String::deserialize(deserializer)?;
    ShapeType::deserialize(name.as_str().into_deserializer()).map(Some)
}

impl AstShape {
    /// The properties present besides `type` and `traits`, by their JSON names.
    pub(super) fn present(&self) -> impl Iterator<Item = &'static str> {
        [
            ("mixins", self.mixins.is_some()),
            ("members", self.members.is_some()),
            ("member", self.member.is_some()),
            ("key", self.key.is_some()),
            ("value", self.value.is_some()),
            ("input", self.input.is_some()),
            ("output", self.output.is_some()),
            ("errors", self.errors.is_some()),
            ("version", self.version.is_some()),
            ("operations", self.operations.is_some()),
            ("resources", self.resources.is_some()),
            ("rename", self.rename.is_some()),
            ("identifiers", self.identifiers.is_some()),
            ("properties", self.properties.is_some()),
            ("create", self.create.is_some()),
            ("put", self.put.is_some()),
            ("read", self.read.is_some()),
            ("update", self.update.is_some()),
            ("delete", self.delete.is_some()),
            ("list", self.list.is_some()),
            ("collectionOperations", self.collection_operations.is_some()),
        ]
        .into_iter()
        .filter_map(|(name, present)| present.then_some(name))
    }
}

/// A member: `{"target": ..., "traits": {...}}` (enum members may leave out `target`).
#[derive(Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
pub(super) struct AstMember {
    pub(super) target: Option<String>,
    #[serde(default)]
    pub(super) traits: Map<String, Value>,
}

/// A shape reference: `{"target": "ns#Name"}`.
#[derive(Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
pub(super) struct AstRef {
    pub(super) target: String,
}

/// Derived struct deserializers also take a JSON array, by position; the AST's objects
/// must be objects, so each type is derived with `remote = "Self"` and read through
/// `deserialize_map`.
macro_rules! object {
    ($($type:ident: $expecting:literal,)*) => {$(
        impl<'de> Deserialize<'de> for $type {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_map(ObjectVisitor($expecting, PhantomData))
            }
        }

        impl Derived for $type {
            fn derived<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $type::deserialize(deserializer)
            }
        }
    )*};
}

object! {
    AstDocument: "a JSON object (a Smithy JSON AST document)",
    AstShape: "a shape object",
    AstMember: "a member object",
    AstRef: "a shape reference object with `target`",
}

/// The deserializer serde derived for a type declared with `remote = "Self"`.
trait Derived: Sized {
    fn derived<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

struct ObjectVisitor<T>(&'static str, PhantomData<T>);

impl<'de, T: Derived> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::derived(MapAccessDeserializer::new(map))
    }
}

/// Deserializes `text`; a rejected value is reported with its JSON pointer and shape.
pub(super) fn read(text: &str) -> Result<AstDocument, ModelError> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let document = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let segments: Vec<String> = error.path().iter().map(segment).collect();
        let error = error.into_inner();
        if !error.is_data() {
            return syntax(&error);
        }
        let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
        ModelError::Invalid {
            shape: owner(&segments),
            path: pointer(&segments),
            message: error.to_string(),
        }
    })?;
    deserializer.end().map_err(|error| syntax(&error))?;
    Ok(document)
}

fn syntax(error: &serde_json::Error) -> ModelError {
    ModelError::Json {
        line: error.line(),
        column: error.column(),
        message: error.to_string(),
    }
}

fn segment(segment: &Segment) -> String {
    match segment {
        Segment::Seq { index } => index.to_string(),
        Segment::Map { key } => key.clone(),
        Segment::Enum { variant } => variant.clone(),
        Segment::Unknown => "?".to_owned(),
    }
}

/// The shape or member a path inside `shapes` belongs to, if its id is valid.
fn owner(segments: &[&str]) -> Option<ShapeId> {
    let ["shapes", key, rest @ ..] = segments else {
        return None;
    };
    let id = ShapeId::parse(key).ok()?;
    Some(match rest {
        ["members", name, ..] if is_identifier(name) => id.with_member(name),
        [name @ ("member" | "key" | "value"), ..] => id.with_member(name),
        _ => id,
    })
}
