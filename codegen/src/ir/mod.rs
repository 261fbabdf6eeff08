//! The intermediate representation: the service closure with every Rust name, type and
//! boxing decision resolved once. Emitters read only this, never the model.

mod build;
pub mod endpoint;

use std::collections::BTreeMap;

use serde_json::Value;
use smithy_model::{ErrorFault, ShapeId, TimestampFormat};

use crate::CodegenError;
use crate::protocol::Protocol;

pub use build::{MAX_NESTING, build};

/// A whole generated crate's worth of service.
#[derive(Debug)]
pub struct ServiceIr {
    /// Cargo package name of the generated crate.
    pub package: String,
    /// Shape id of the service.
    pub id: ShapeId,
    /// The service shape's name, the `X-Amz-Target` prefix.
    pub name: String,
    /// `smithy.api#title`, if any.
    pub title: Option<String>,
    /// Service documentation as Markdown.
    pub docs: Option<String>,
    /// API version.
    pub version: Option<String>,
    /// Wire protocol.
    pub protocol: Protocol,
    /// SigV4 signing name, if the service declares one.
    pub signing_name: Option<String>,
    /// `aws.api#service` endpoint prefix, for the standard regional endpoint.
    pub endpoint_prefix: Option<String>,
    /// The compiled `smithy.rules#endpointRuleSet`; `None` without one, or when it uses
    /// something the generator doesn't support (then `warnings` says what).
    pub endpoint_rules: Option<endpoint::EndpointRules>,
    /// Operations we generate, sorted by name.
    pub operations: Vec<OperationIr>,
    /// Every named type reachable from the generated operations.
    pub shapes: BTreeMap<ShapeId, ShapeIr>,
    /// Every error shape reachable from the generated operations, sorted by Rust name.
    pub errors: Vec<ShapeId>,
    /// Name of the catch-all variant of the error enums.
    pub unhandled_variant: String,
    /// Things the generator left out, each naming what and why.
    pub warnings: Vec<String>,
}

/// One operation.
#[derive(Debug)]
pub struct OperationIr {
    /// Shape id.
    pub id: ShapeId,
    /// Operation name as on the wire.
    pub name: String,
    /// Rust type name of the operation marker struct.
    pub rust_name: String,
    /// snake_case name used for generated functions.
    pub fn_name: String,
    /// Documentation as Markdown.
    pub docs: Option<String>,
    /// First sentence of the documentation as Markdown, for one-line docs.
    pub summary: Option<String>,
    /// Input structure, `None` for `smithy.api#Unit`.
    pub input: Option<ShapeId>,
    /// Output structure, `None` for `smithy.api#Unit`.
    pub output: Option<ShapeId>,
    /// Operation errors then service errors, deduplicated.
    pub errors: Vec<ShapeId>,
    /// Rust name of the operation's error enum.
    pub error_enum: String,
    /// `X-Amz-Target` header value.
    pub target: String,
    /// `@endpoint` host prefix, split into literal text and input labels.
    pub host_prefix: Option<Vec<HostPrefixPart>>,
    /// Input member (Rust field, wire name) that overrides the endpoint when set.
    pub endpoint_member: Option<(String, String)>,
    /// Whether `@requestCompression` asks for gzip.
    pub request_compression: bool,
    /// Deprecation note, if deprecated.
    pub deprecated: Option<Deprecation>,
    /// Raw `smithy.test#httpRequestTests` cases.
    pub request_tests: Vec<Value>,
    /// Raw `smithy.test#httpResponseTests` cases.
    pub response_tests: Vec<Value>,
}

/// A piece of an `@endpoint` host prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostPrefixPart {
    /// Literal text.
    Literal(String),
    /// A `@hostLabel` input member: (Rust field name, wire name).
    Label(String, String),
}

/// Deprecation details.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deprecation {
    /// Text for `#[deprecated(note = ...)]`.
    pub note: String,
}

/// A named Rust type.
#[derive(Debug)]
pub struct ShapeIr {
    /// Shape id.
    pub id: ShapeId,
    /// Rust type name.
    pub rust_name: String,
    /// snake_case suffix for this shape's ser/de functions.
    pub fn_suffix: String,
    /// Documentation as Markdown.
    pub docs: Option<String>,
    /// First sentence of the documentation, as Markdown, where a one-liner reads better
    /// (error enum variants, which link to the full docs).
    pub summary: Option<String>,
    /// `@sensitive` on the shape itself.
    pub sensitive: bool,
    /// Deprecation note.
    pub deprecated: Option<Deprecation>,
    /// What kind of type.
    pub kind: ShapeIrKind,
}

/// Kinds of named types.
#[derive(Debug)]
pub enum ShapeIrKind {
    /// A structure; `error` is set for `@error` shapes.
    Structure {
        /// Members in model order.
        members: Vec<MemberIr>,
        /// Error details for `@error` structures.
        error: Option<ErrorIr>,
    },
    /// A tagged union.
    Union {
        /// Members in model order.
        members: Vec<MemberIr>,
        /// Name of the variant for members this crate does not know.
        unknown_variant: String,
    },
    /// A string enum.
    Enum {
        /// Known values.
        variants: Vec<EnumVariantIr>,
        /// Name of the variant that keeps unknown values.
        unknown_variant: String,
    },
    /// An integer enum.
    IntEnum {
        /// Known values.
        variants: Vec<IntVariantIr>,
        /// Name of the variant that keeps unknown values.
        unknown_variant: String,
    },
}

/// Error structure details.
#[derive(Debug)]
pub struct ErrorIr {
    /// Client or server fault.
    pub fault: ErrorFault,
    /// `@httpError` status.
    pub http_status: Option<u16>,
    /// The code that selects this error on the wire (the shape name).
    pub code: String,
    /// Rust field of the member that holds the message, if the shape models one.
    pub message_field: Option<String>,
    /// `@retryable`: `Some(throttling)` when the error is modeled as retryable.
    pub retryable: Option<bool>,
    /// Raw `smithy.test#httpResponseTests` cases on the error shape.
    pub response_tests: Vec<Value>,
}

/// A string enum value.
#[derive(Debug)]
pub struct EnumVariantIr {
    /// Rust variant name.
    pub rust_name: String,
    /// Wire value.
    pub value: String,
    /// Documentation as Markdown.
    pub docs: Option<String>,
    /// Deprecation note.
    pub deprecated: Option<Deprecation>,
}

/// An intEnum value.
#[derive(Debug)]
pub struct IntVariantIr {
    /// Rust variant name.
    pub rust_name: String,
    /// Wire value.
    pub value: i32,
    /// Documentation as Markdown.
    pub docs: Option<String>,
}

/// A structure or union member.
#[derive(Debug)]
pub struct MemberIr {
    /// Name on the wire (the Smithy member name; awsJson ignores `@jsonName`).
    pub wire_name: String,
    /// Rust field name (already keyword-escaped).
    pub rust_name: String,
    /// Rust variant name, used when the container is a union.
    pub variant_name: String,
    /// Type of the value.
    pub ty: TypeRef,
    /// `@required` and not `@clientOptional`.
    pub required: bool,
    /// Boxed because it closes a cycle with no list or map on it.
    pub boxed: bool,
    /// Documentation as Markdown.
    pub docs: Option<String>,
    /// Redact in `Debug`.
    pub sensitive: bool,
    /// Deprecation note.
    pub deprecated: Option<Deprecation>,
    /// `@hostLabel`.
    pub host_label: bool,
    /// `@idempotencyToken` on a string member: filled with a fresh UUID when left unset.
    pub idempotency_token: bool,
    /// `@default` value, applied when a response leaves the member out.
    pub default: Option<DefaultValue>,
}

/// A member's `@default`, in the shapes the generator can write as Rust literals.
#[derive(Debug, Clone, PartialEq)]
pub enum DefaultValue {
    /// `true` / `false`.
    Bool(bool),
    /// Integer, or intEnum value.
    Int(i64),
    /// Float or double.
    Float(f64),
    /// String, enum value, or big number text.
    String(String),
    /// `[]`.
    EmptyList,
    /// `{}`.
    EmptyMap,
    /// Epoch seconds of a timestamp.
    EpochSeconds(i64),
}

/// The type of a member value.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeRef {
    /// UTF-8 string.
    String,
    /// bool
    Boolean,
    /// i8
    Byte,
    /// i16
    Short,
    /// i32
    Integer,
    /// i64
    Long,
    /// f32
    Float,
    /// f64
    Double,
    /// Arbitrary-precision integer, kept as its decimal text.
    BigInteger,
    /// Arbitrary-precision decimal, kept as its decimal text.
    BigDecimal,
    /// Bytes, base64 on the wire.
    Blob,
    /// Timestamp in the resolved wire format.
    Timestamp(TimestampFormat),
    /// Untyped JSON document.
    Document,
    /// `smithy.api#Unit` (union members only).
    Unit,
    /// A structure, union, enum or intEnum in [`ServiceIr::shapes`].
    Named(ShapeId),
    /// A list.
    List {
        /// Element type.
        item: Box<TypeRef>,
        /// `@sparse`: elements may be null.
        sparse: bool,
    },
    /// A map with string keys.
    Map {
        /// Value type.
        value: Box<TypeRef>,
        /// `@sparse`: values may be null.
        sparse: bool,
    },
}

impl ServiceIr {
    /// The named shape behind an id.
    pub fn shape(&self, id: &ShapeId) -> Result<&ShapeIr, CodegenError> {
        self.shapes
            .get(id)
            .ok_or_else(|| CodegenError::new(format!("internal: {id} is not in the IR")))
    }

    /// The named shape with the given Smithy name (for tests and snapshots).
    pub fn shape_named(&self, name: &str) -> Option<&ShapeIr> {
        self.shapes.values().find(|s| s.id.name() == name)
    }

    /// The operation with the given Smithy name.
    pub fn operation_named(&self, name: &str) -> Option<&OperationIr> {
        self.operations.iter().find(|o| o.name == name)
    }
}
