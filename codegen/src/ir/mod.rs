//! The intermediate representation: the service closure with every Rust name, type and
//! boxing decision resolved once. Emitters read only this, never the model.

mod build;
mod defaults;
pub mod endpoint;
pub mod layout;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;
use smithy_model::{ErrorFault, ShapeId, TimestampFormat};

use crate::CodegenError;
use crate::protocol::Protocol;

pub use build::{MAX_NESTING, build};
pub use defaults::epoch_seconds;
pub use smithy_model::{AwsQueryError, XmlNamespace};

/// A whole generated crate's worth of service.
#[derive(Debug)]
pub struct ServiceIr {
    /// Cargo package name of the generated crate.
    pub package: String,
    /// Shape id of the service.
    pub id: ShapeId,
    /// The service shape's name (awsJson's `X-Amz-Target` prefix).
    pub name: String,
    /// `smithy.api#title`, if any.
    pub title: Option<String>,
    /// Service documentation as Markdown.
    pub docs: Option<String>,
    /// API version.
    pub version: Option<String>,
    /// Wire protocol: decides request and response shape from the facts below.
    pub protocol: &'static dyn Protocol,
    /// `aws.protocols#awsQueryCompatible`: a service migrated from awsQuery, which names errors
    /// the awsQuery way in the `x-amzn-query-error` header (awsJson honours it).
    pub query_compatible: bool,
    /// `@xmlNamespace` of the service, for XML protocols.
    pub xml_namespace: Option<XmlNamespace>,
    /// SigV4 signing name, if the service declares one.
    pub signing_name: Option<String>,
    /// `aws.api#service` endpoint prefix, for the standard regional endpoint.
    pub endpoint_prefix: Option<String>,
    /// `aws.api#service` sdkId, which names the service's endpoint settings
    /// (`AWS_ENDPOINT_URL_<SDK ID>`).
    pub sdk_id: Option<String>,
    /// The compiled `smithy.rules#endpointRuleSet`; `None` without one, or when it uses
    /// something the generator doesn't support (then `warnings` says what).
    pub endpoint_rules: Option<endpoint::EndpointRules>,
    /// Operations we generate, sorted by name.
    pub operations: Vec<OperationIr>,
    /// Every named type reachable from the generated operations.
    pub shapes: BTreeMap<ShapeId, ShapeIr>,
    /// Every error shape reachable from the generated operations, sorted by Rust name.
    pub errors: Vec<ShapeId>,
    /// Named shapes that requests carry (reachable from an operation input): production code
    /// serializes them; only tests read them.
    pub serialized: BTreeSet<ShapeId>,
    /// Named shapes that responses carry (reachable from an operation output or error):
    /// production code deserializes them; only tests write them.
    pub deserialized: BTreeSet<ShapeId>,
    /// Name of the catch-all variant of the error enums.
    pub unhandled_variant: String,
    /// Headers every request carries unless an input member sets them (name, value): the
    /// `request_headers` and `api_version_header` customizations of `codegen.json`.
    pub request_headers: Vec<(String, String)>,
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
    /// Name of the operation's module (`operation::<module>`), keyword-escaped.
    pub module: String,
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
    /// `@http`: method, URI pattern and success code. Protocols without HTTP bindings ignore
    /// it.
    pub http: Option<HttpRoute>,
    /// `@endpoint` host prefix, split into literal text and input labels.
    pub host_prefix: Option<Vec<HostPrefixPart>>,
    /// Input member (Rust field, wire name) that overrides the endpoint when set.
    pub endpoint_member: Option<(String, String)>,
    /// Whether `@requestCompression` asks for gzip.
    pub request_compression: bool,
    /// `@httpChecksumRequired`: the request carries a `Content-MD5` of its body.
    pub checksum_required: bool,
    /// Headers for a SHA-256 and a SHA-256 tree hash of the body (`payload_checksums` in
    /// `codegen.json`).
    pub payload_checksums: Option<PayloadChecksumHeaders>,
    /// Input members (Smithy name) sent with a fixed value when unset or empty
    /// (`input_member_defaults` in `codegen.json`).
    pub input_defaults: BTreeMap<String, String>,
    /// The operation's `@auth` names no scheme the generator signs with (`@auth([])`, as on
    /// STS's `AssumeRoleWithWebIdentity`): clients send it unsigned, needing no credentials.
    pub unsigned: bool,
    /// Deprecation note, if deprecated.
    pub deprecated: Option<Deprecation>,
    /// Raw `smithy.test#httpRequestTests` cases.
    pub request_tests: Vec<Value>,
    /// Raw `smithy.test#httpResponseTests` cases.
    pub response_tests: Vec<Value>,
}

/// Where a request carries the hashes of its body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayloadChecksumHeaders {
    /// Header of the hex SHA-256.
    pub sha256: String,
    /// Header of the hex SHA-256 tree hash.
    pub tree_hash: String,
}

/// An operation's `@http` trait, its URI pattern parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRoute {
    /// HTTP method, e.g. `PUT`.
    pub method: String,
    /// The path of the URI pattern, in order.
    pub path: Vec<UriPart>,
    /// Literal query parameters of the pattern (`?x-id=PutObject&flag`), in order: name and
    /// value (`None` for a name without `=`).
    pub query: Vec<(String, Option<String>)>,
    /// Status code of a successful response.
    pub code: u16,
}

/// A piece of a URI path pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UriPart {
    /// Literal text, slashes included (`/buckets/`).
    Literal(String),
    /// A `{Label}` or greedy `{Label+}`: an `@httpLabel` input member.
    Label {
        /// Rust field name of the member.
        field: String,
        /// Smithy member name.
        name: String,
        /// `{Label+}`: may span segments (`/` is not encoded).
        greedy: bool,
    },
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
    /// snake_case suffix for this shape's ser/de functions; unique, also with the emitters'
    /// helper endings added (`build::HELPER_ENDINGS`).
    pub fn_suffix: String,
    /// The module that declares the type.
    pub home: TypeHome,
    /// Documentation as Markdown.
    pub docs: Option<String>,
    /// First sentence of the documentation, as Markdown, where a one-liner reads better
    /// (error enum variants, which link to the full docs).
    pub summary: Option<String>,
    /// `@sensitive` on the shape itself.
    pub sensitive: bool,
    /// Deprecation note.
    pub deprecated: Option<Deprecation>,
    /// `@xmlName` of the shape, for XML protocols.
    pub xml_name: Option<String>,
    /// `@xmlNamespace` of the shape, for XML protocols.
    pub xml_namespace: Option<XmlNamespace>,
    /// What kind of type.
    pub kind: ShapeIrKind,
}

/// Where a named type lives in the generated crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeHome {
    /// `types`: shapes that operations share or nest.
    Types,
    /// `error`: modeled error structures, beside the service-wide `Error`.
    Error,
    /// `operation::<module>`: the input or output of that one operation, beside its marker and
    /// error enum.
    Operation(String),
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
    /// `@awsQueryError`: the code and status awsQuery uses instead of the shape name and
    /// `@httpError`.
    pub aws_query_error: Option<AwsQueryError>,
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
    /// The Smithy member name, as the model spells it (error messages name it).
    pub name: String,
    /// Name inside a body document, as the protocol chooses it from `name`, `json_name` and
    /// `xml.name` ([`Protocol::document_name`]).
    pub wire_name: String,
    /// Rust field name (already keyword-escaped).
    pub rust_name: String,
    /// Rust variant name, used when the container is a union.
    pub variant_name: String,
    /// Type of the value.
    pub ty: TypeRef,
    /// `@required` and not `@clientOptional`. Without a default, `new` takes the member and a
    /// request whose `Option` member is unset is refused (`BuildError::MissingMember`).
    pub required: bool,
    /// The Rust field is `Option<T>`; otherwise it is a plain `T`. See [`MemberIr::fill`] and
    /// `ir/defaults.rs` for the rule.
    pub optional: bool,
    /// What stands for the member when no value was given or read: a plain member starts from
    /// it in `new` and `Default`, and a reader puts it in when a response leaves the member
    /// out or sends `null`. `None` for members that stay as the wire has them (members of
    /// input structures, `@clientOptional` members, optional members).
    pub fill: Option<Fill>,
    /// Boxed: it closes a cycle with no list or map on it, or it is the large member of a
    /// lopsided union ([`layout::box_large_union_members`]).
    pub boxed: bool,
    /// Documentation as Markdown.
    pub docs: Option<String>,
    /// Redact in `Debug`.
    pub sensitive: bool,
    /// Deprecation note.
    pub deprecated: Option<Deprecation>,
    /// `@hostLabel`.
    pub host_label: bool,
    /// Where the HTTP binding traits put the member (for protocols that use them).
    pub http: HttpBinding,
    /// `@jsonName`.
    pub json_name: Option<String>,
    /// The XML traits of the member.
    pub xml: XmlMemberIr,
    /// `@mediaType` of the member's target (a string or blob).
    pub media_type: Option<String>,
    /// `@idempotencyToken` on a string member: filled with a fresh UUID when left unset.
    pub idempotency_token: bool,
    /// `@streaming` on the member's target (a blob `@httpPayload`, held in memory here; the
    /// official SDKs give it a stream type).
    pub streaming: bool,
    /// `@default` value (none for a `null` default or a `@clientOptional` member, which a
    /// client treats as having no default).
    pub default: Option<DefaultValue>,
}

impl MemberIr {
    /// Whether callers must give the member: `new` takes it, and when its field is an `Option`
    /// a request without it is refused. Required members with a default are filled instead.
    pub fn must_be_given(&self) -> bool {
        self.required && self.default.is_none()
    }
}

/// What fills a member that has no value (see [`MemberIr::fill`]).
#[derive(Debug, Clone, PartialEq)]
pub enum Fill {
    /// The member's `@default`.
    Default(DefaultValue),
    /// The zero value of the member's type, for a required member without a default ("client
    /// error correction"): `false`, `0`, `""`, empty bytes, the Unix epoch, a `null` document,
    /// `[]`, `{}`, an enum's, intEnum's or union's unknown variant (an enum keeps the text
    /// `no value was set`, as the AWS SDKs do; an intEnum `0`), an empty structure (itself
    /// corrected).
    Zero,
}

/// Where an HTTP binding trait puts a member. Only the members of an operation's input,
/// output and errors are bound; protocols without HTTP bindings treat every member as
/// [`HttpBinding::Document`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HttpBinding {
    /// No binding trait: part of the body document.
    Document,
    /// `@httpLabel`: a `{label}` of the URI.
    Label,
    /// `@httpQuery("name")`.
    Query(String),
    /// `@httpQueryParams`: a map of query parameters.
    QueryParams,
    /// `@httpHeader("name")`.
    Header(String),
    /// `@httpPrefixHeaders("prefix")`: a map of headers.
    PrefixHeaders(String),
    /// `@httpPayload`: the whole body.
    Payload,
    /// `@httpResponseCode`: the response's status code.
    ResponseCode,
}

impl HttpBinding {
    /// The binding in a request: `@httpResponseCode` means nothing there, so the member is
    /// part of the body.
    pub fn in_request(&self) -> &HttpBinding {
        match self {
            HttpBinding::ResponseCode => &HttpBinding::Document,
            other => other,
        }
    }

    /// The binding in a response: labels and query parameters exist only in requests, so
    /// such members of an output or error are part of the body.
    pub fn in_response(&self) -> &HttpBinding {
        match self {
            HttpBinding::Label | HttpBinding::Query(_) | HttpBinding::QueryParams => {
                &HttpBinding::Document
            }
            other => other,
        }
    }
}

/// Whether a top-level structure with `members` is its body as a whole: it has members and
/// `binding` (a request's or a response's) puts each of them in the body. Such a structure is
/// written and read with its own codec; otherwise the protocol writes its body members alone.
pub fn body_is_whole(members: &[MemberIr], binding: fn(&HttpBinding) -> &HttpBinding) -> bool {
    !members.is_empty()
        && members
            .iter()
            .all(|m| binding(&m.http) == &HttpBinding::Document)
}

/// The XML traits of a member.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct XmlMemberIr {
    /// `@xmlName`.
    pub name: Option<String>,
    /// `@xmlFlattened`.
    pub flattened: bool,
    /// `@xmlAttribute`.
    pub attribute: bool,
    /// `@xmlNamespace`.
    pub namespace: Option<XmlNamespace>,
}

/// A member's `@default`, checked against the member's type (see `ir/defaults.rs`).
#[derive(Debug, Clone, PartialEq)]
pub enum DefaultValue {
    /// `true` / `false`.
    Bool(bool),
    /// Integer (in range of the member's type), or intEnum value.
    Int(i64),
    /// Float or double (`NaN`, `Infinity` and `-Infinity` included).
    Float(f64),
    /// String, enum value, or big number text.
    String(String),
    /// A blob's bytes (the model gives them in base64).
    Blob(Vec<u8>),
    /// A document: `true`, `false`, a string, a number, `[]` or `{}`.
    Document(Value),
    /// `[]`.
    EmptyList,
    /// `{}`.
    EmptyMap,
    /// A timestamp: seconds and nanoseconds since the Unix epoch.
    Timestamp {
        /// Whole seconds.
        secs: i64,
        /// Nanoseconds within the second.
        nanos: u32,
    },
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
        /// `@xmlName` of the list's member, for XML protocols.
        xml_item_name: Option<String>,
    },
    /// A map with string keys.
    Map {
        /// When the key shape is an enum: the Rust name its type would have. Keys stay strings
        /// here (on the wire and in our types); the official SDK types them, which its
        /// conversions (`emit::sdk_convert`) need to know.
        enum_key: Option<String>,
        /// Value type.
        value: Box<TypeRef>,
        /// `@sparse`: values may be null.
        sparse: bool,
        /// `@xmlName` of the map's key member, for XML protocols.
        xml_key_name: Option<String>,
        /// `@xmlName` of the map's value member, for XML protocols.
        xml_value_name: Option<String>,
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

    /// Named shapes reachable from the given roots (through members, lists and maps).
    pub fn reachable(
        &self,
        roots: impl IntoIterator<Item = ShapeId>,
    ) -> Result<BTreeSet<ShapeId>, CodegenError> {
        reachable(&self.shapes, roots)
    }
}

/// Named shapes of `shapes` reachable from `roots`.
fn reachable(
    shapes: &BTreeMap<ShapeId, ShapeIr>,
    roots: impl IntoIterator<Item = ShapeId>,
) -> Result<BTreeSet<ShapeId>, CodegenError> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<ShapeId> = roots.into_iter().collect();
    while let Some(id) = stack.pop() {
        if !seen.insert(id.clone()) {
            continue;
        }
        let shape = shapes
            .get(&id)
            .ok_or_else(|| CodegenError::new(format!("internal: {id} is not in the IR")))?;
        if let ShapeIrKind::Structure { members, .. } | ShapeIrKind::Union { members, .. } =
            &shape.kind
        {
            for m in members {
                m.ty.named_shapes(&mut stack);
            }
        }
    }
    Ok(seen)
}

impl TypeRef {
    /// Pushes the named shape this type is or holds (through lists and maps) onto `out`.
    pub fn named_shapes(&self, out: &mut Vec<ShapeId>) {
        match self {
            TypeRef::Named(id) => out.push(id.clone()),
            TypeRef::List { item: inner, .. } | TypeRef::Map { value: inner, .. } => {
                inner.named_shapes(out)
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests;
