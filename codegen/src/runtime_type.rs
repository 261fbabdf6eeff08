//! Every path into the runtime crate that generated code names, in one place (as smithy-rs's
//! `RuntimeType`). Emitters bind the constant they need and interpolate it:
//!
//! ```
//! use quote::quote;
//! use smithy_codegen::runtime_type as rt;
//!
//! let build_error = rt::BUILD_ERROR;
//! let tokens = quote! { ::std::result::Result<(), #build_error> };
//! assert_eq!(tokens.to_string(), ":: std :: result :: Result < () , :: smithy_rt :: BuildError >");
//! ```
//!
//! When the runtime's module layout changes, this file and the runtime change together; no
//! emitter spells `::smithy_rt::` itself.

use proc_macro2::{Ident, Punct, Spacing, Span, TokenStream};
use quote::{ToTokens, TokenStreamExt};

/// The Rust name of the runtime crate, as generated code imports it.
pub const CRATE: &str = "smithy_rt";

/// The Cargo package name of the runtime crate, for generated manifests.
pub const PACKAGE: &str = "smithy-rt";

/// A path into the runtime crate, below its root (`json::ser::ObjectWriter`). Interpolated
/// into tokens it becomes the absolute path `::smithy_rt::json::ser::ObjectWriter`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuntimeType(&'static str);

impl RuntimeType {
    /// A path below the crate root, segments separated by `::`.
    pub const fn new(path: &'static str) -> Self {
        RuntimeType(path)
    }

    /// The absolute path as text (`::smithy_rt::BuildError`), for doc links.
    pub fn path(self) -> String {
        format!("::{CRATE}::{}", self.0)
    }
}

impl ToTokens for RuntimeType {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        for segment in std::iter::once(CRATE).chain(self.0.split("::")) {
            tokens.append(Punct::new(':', Spacing::Joint));
            tokens.append(Punct::new(':', Spacing::Alone));
            tokens.append(Ident::new(segment, Span::call_site()));
        }
    }
}

// Values (aws-smithy-types, re-exported).
/// `Blob`: bytes, base64 on a JSON wire.
pub const BLOB: RuntimeType = RuntimeType::new("Blob");
/// `DateTime`.
pub const DATE_TIME: RuntimeType = RuntimeType::new("DateTime");
/// `Document`: untyped JSON-like value.
pub const DOCUMENT: RuntimeType = RuntimeType::new("Document");
/// `Number`, inside documents.
pub const NUMBER: RuntimeType = RuntimeType::new("Number");
/// `TimestampFormat` (aws-smithy-types' `date_time::Format`).
pub const TIMESTAMP_FORMAT: RuntimeType = RuntimeType::new("TimestampFormat");
/// The value types a user builds (`Blob`, `DateTime`, `DateTimeFormat`, ...), which every
/// generated crate re-exports.
pub const PRIMITIVES: RuntimeType = RuntimeType::new("primitives");

// HTTP.
/// The request type `build_request` returns.
pub const HTTP_REQUEST: RuntimeType = RuntimeType::new("HttpRequest");
/// The response type `parse_response` takes.
pub const HTTP_RESPONSE: RuntimeType = RuntimeType::new("HttpResponse");
/// A status or header that can't be part of a response.
pub const INVALID_RESPONSE: RuntimeType = RuntimeType::new("InvalidResponse");
/// `response_from_parts(status, headers, body)`.
pub const RESPONSE_FROM_PARTS: RuntimeType = RuntimeType::new("response_from_parts");

// Operations and errors.
/// The trait every generated operation implements.
pub const OPERATION: RuntimeType = RuntimeType::new("Operation");
/// The text of a required enum member a response left out (client error correction).
pub const UNSET_ENUM_VALUE: RuntimeType = RuntimeType::new("UNSET_ENUM_VALUE");
/// Why a request can't be built.
pub const BUILD_ERROR: RuntimeType = RuntimeType::new("BuildError");
/// An error response the model does not describe, or one that can't be read.
pub const UNHANDLED_ERROR: RuntimeType = RuntimeType::new("UnhandledError");
/// Code, message and request id of an error response.
pub const ERROR_METADATA: RuntimeType = RuntimeType::new("ErrorMetadata");
/// The trait that gives [`ERROR_METADATA`].
pub const PROVIDE_ERROR_METADATA: RuntimeType = RuntimeType::new("ProvideErrorMetadata");
/// Key of the fault (`Sender`/`Receiver`) in an error's metadata extras.
pub const ERROR_TYPE: RuntimeType = RuntimeType::new("error::ERROR_TYPE");
/// The trait that gives a response's request id.
pub const REQUEST_ID: RuntimeType = RuntimeType::new("RequestId");
/// `dyn ServiceError`: what every error enum variant holds.
pub const SERVICE_ERROR: RuntimeType = RuntimeType::new("ServiceError");
/// `Display` of a modeled error: `Code: message`.
pub const DISPLAY_MODELED_ERROR: RuntimeType = RuntimeType::new("display_modeled_error");
/// The request id an output keeps from its response.
pub const RESPONSE_REQUEST_ID: RuntimeType = RuntimeType::new("ResponseRequestId");

// Retries.
/// The module of the SDKs' retry rules, for doc links.
pub const RETRY: RuntimeType = RuntimeType::new("retry");
/// The trait that says whether an error is worth retrying.
pub const PROVIDE_RETRY_KIND: RuntimeType = RuntimeType::new("ProvideRetryKind");
/// How an error is retried: throttling, transient, server, client.
pub const RETRY_ERROR_KIND: RuntimeType = RuntimeType::new("retry::ErrorKind");
/// `classify(status, code, modeled)`: the SDKs' classification of an error response.
pub const RETRY_CLASSIFY: RuntimeType = RuntimeType::new("retry::classify");

// Request building.
/// Assembles a request: method, endpoint, path and labels, query, headers, body.
pub const REQUEST_BUILDER: RuntimeType = RuntimeType::new("request::RequestBuilder");
/// The HTTP method of a request.
pub const METHOD: RuntimeType = RuntimeType::new("request::Method");
/// Sets a header of a built request unless it is set already.
pub const DEFAULT_HEADER: RuntimeType = RuntimeType::new("request::default_header");
/// `Content-MD5` of a built request's body (runtime feature `md5`).
pub const CONTENT_MD5: RuntimeType = RuntimeType::new("checksum::content_md5");
/// SHA-256 and SHA-256 tree-hash headers of a built request's body (runtime feature `sha256`).
pub const SHA256_TREE_HASH: RuntimeType = RuntimeType::new("checksum::sha256_tree_hash");
/// Member values as label, query and header text (`text::integer`, `text::header_list`, ...).
pub const BINDING_TEXT: RuntimeType = RuntimeType::new("binding::text");
/// Response headers as member values (`header::one`, `header::list`, `header::prefixed`, ...).
pub const BINDING_HEADER: RuntimeType = RuntimeType::new("binding::header");
/// A fresh UUID for an unset `@idempotencyToken`.
pub const IDEMPOTENCY_TOKEN: RuntimeType = RuntimeType::new("idempotency_token");
/// Checks a `@hostLabel` value.
pub const VALIDATE_HOST_LABEL: RuntimeType = RuntimeType::new("request::validate_host_label");

// JSON.
/// Writes the members of one JSON object.
pub const JSON_OBJECT_WRITER: RuntimeType = RuntimeType::new("json::ser::ObjectWriter");
/// Writes one JSON value.
pub const JSON_VALUE_WRITER: RuntimeType = RuntimeType::new("json::ser::ValueWriter");
/// A body that is one JSON object.
pub const JSON_OBJECT_BODY: RuntimeType = RuntimeType::new("json::ser::object_body");
/// Pull parser over a JSON body.
pub const JSON_READER: RuntimeType = RuntimeType::new("json::de::JsonReader");
/// Why a JSON body can't be read.
pub const JSON_DE_ERROR: RuntimeType = RuntimeType::new("json::de::DeError");
/// Whether a body counts as `{}`.
pub const JSON_IS_EMPTY_BODY: RuntimeType = RuntimeType::new("json::de::is_empty_body");
/// Marks a structure member as read (duplicates are errors).
pub const JSON_MARK_SEEN: RuntimeType = RuntimeType::new("json::de::mark_seen");
/// `is_seen(&seen, index)`: whether a structure reader met member `index`.
pub const JSON_IS_SEEN: RuntimeType = RuntimeType::new("json::de::is_seen");
/// Inserts a map entry (duplicate keys are errors).
pub const JSON_INSERT_UNIQUE: RuntimeType = RuntimeType::new("json::de::insert_unique");

// awsJson 1.0 / 1.1.
/// What the awsJson request builder needs to know about an operation.
pub const AWS_JSON_OPERATION_SPEC: RuntimeType =
    RuntimeType::new("protocol::aws_json::OperationSpec");
/// The awsJson version.
pub const AWS_JSON_VERSION: RuntimeType = RuntimeType::new("protocol::aws_json::Version");
/// Builds an awsJson request.
pub const AWS_JSON_BUILD_REQUEST: RuntimeType =
    RuntimeType::new("protocol::aws_json::build_request");
/// Reads an awsJson response: output on 2xx, the error otherwise.
pub const AWS_JSON_PARSE_RESPONSE: RuntimeType =
    RuntimeType::new("protocol::aws_json::parse_response");
/// Body and metadata of an awsJson error response.
pub const AWS_JSON_ERROR_PARTS: RuntimeType = RuntimeType::new("protocol::aws_json::error_parts");
/// Builds an awsJson request of a service migrated from awsQuery (`x-amzn-query-mode`).
pub const AWS_JSON_BUILD_QUERY_COMPATIBLE_REQUEST: RuntimeType =
    RuntimeType::new("protocol::aws_json::build_query_compatible_request");
/// Body and metadata of an error response of a service migrated from awsQuery (the code and
/// fault of `x-amzn-query-error`).
pub const AWS_JSON_QUERY_COMPATIBLE_ERROR_PARTS: RuntimeType =
    RuntimeType::new("protocol::aws_json::query_compatible_error_parts");

// restJson1.
/// Reads a restJson1 response: output (from headers, status and body) on 2xx, the error
/// otherwise.
pub const REST_JSON_PARSE_RESPONSE: RuntimeType =
    RuntimeType::new("protocol::rest_json::parse_response");
/// Body and metadata of a restJson1 error response.
pub const REST_JSON_ERROR_PARTS: RuntimeType = RuntimeType::new("protocol::rest_json::error_parts");
/// A body of JSON members (empty reads as `{}`).
pub const REST_JSON_READ_BODY: RuntimeType = RuntimeType::new("protocol::rest_json::read_body");
/// A structure or union payload.
pub const REST_JSON_JSON_PAYLOAD: RuntimeType =
    RuntimeType::new("protocol::rest_json::json_payload");
/// A document payload.
pub const REST_JSON_DOCUMENT_PAYLOAD: RuntimeType =
    RuntimeType::new("protocol::rest_json::document_payload");
/// A blob payload.
pub const REST_JSON_BLOB_PAYLOAD: RuntimeType =
    RuntimeType::new("protocol::rest_json::blob_payload");
/// A string or enum payload.
pub const REST_JSON_STRING_PAYLOAD: RuntimeType =
    RuntimeType::new("protocol::rest_json::string_payload");

// awsQuery (runtime feature `aws-query`).
/// Writes the form body of an awsQuery request.
pub const AWS_QUERY_WRITER: RuntimeType = RuntimeType::new("protocol::aws_query::QueryWriter");
/// Writes the members of one structure of a form body.
pub const AWS_QUERY_STRUCTURE: RuntimeType =
    RuntimeType::new("protocol::aws_query::QueryStructure");
/// Builds an awsQuery request.
pub const AWS_QUERY_BUILD_REQUEST: RuntimeType =
    RuntimeType::new("protocol::aws_query::build_request");
/// Reads an awsQuery response: the `<OperationResult>` on 2xx, the error otherwise.
pub const AWS_QUERY_PARSE_RESPONSE: RuntimeType =
    RuntimeType::new("protocol::aws_query::parse_response");
/// Body and metadata of an awsQuery error response.
pub const AWS_QUERY_ERROR_PARTS: RuntimeType = RuntimeType::new("protocol::aws_query::error_parts");
/// Runs a reader inside `<ErrorResponse><Error>`.
pub const AWS_QUERY_READ_ERROR: RuntimeType = RuntimeType::new("protocol::aws_query::read_error");

// XML (runtime feature `xml`).
/// Pull reader over an XML body.
pub const XML_READER: RuntimeType = RuntimeType::new("xml::XmlReader");
/// The start tag of an element.
pub const XML_START_ELEMENT: RuntimeType = RuntimeType::new("xml::StartElement");
/// Reads a wrapped list.
pub const XML_READ_LIST: RuntimeType = RuntimeType::new("xml::read_list");
/// Reads a wrapped map.
pub const XML_READ_MAP: RuntimeType = RuntimeType::new("xml::read_map");
/// Reads one entry of a map (an `@xmlFlattened` one's element).
pub const XML_READ_MAP_ENTRY: RuntimeType = RuntimeType::new("xml::read_map_entry");
/// Writes one element (runtime feature `test-util`).
pub const XML_ELEMENT_WRITER: RuntimeType = RuntimeType::new("xml::ElementWriter");

/// SigV4 signing (runtime feature `sigv4`).
pub const SIGV4: RuntimeType = RuntimeType::new("sigv4");

// Endpoints.
/// The endpoint rules' standard library (`endpoint::parse_url`, `endpoint::element`, ...).
pub const ENDPOINT: RuntimeType = RuntimeType::new("endpoint");
/// A rule set's error.
pub const ENDPOINT_ERROR: RuntimeType = RuntimeType::new("endpoint::EndpointError");
/// A resolved endpoint: URL, headers and properties.
pub const RESOLVED_ENDPOINT: RuntimeType = RuntimeType::new("endpoint::Endpoint");
/// What `build_request` takes: a URL or a resolved endpoint.
pub const AS_ENDPOINT: RuntimeType = RuntimeType::new("endpoint::AsEndpoint");
/// An endpoint sent to another URL (a per-resource endpoint from the input).
pub const URL_OVERRIDE: RuntimeType = RuntimeType::new("endpoint::UrlOverride");
/// The endpoint parameter value of a `@contextParam` input member.
pub const CONTEXT_VALUE: RuntimeType = RuntimeType::new("endpoint::ContextValue");
/// A document object from `(key, value)` pairs, for endpoint properties.
pub const ENDPOINT_OBJECT: RuntimeType = RuntimeType::new("endpoint::object");
/// `https://{prefix}.{region}.{dns suffix}`.
pub const REGIONAL_ENDPOINT: RuntimeType = RuntimeType::new("regional_endpoint");

// Property-test support (feature `test-util`).
/// The `testing` module.
pub const TESTING: RuntimeType = RuntimeType::new("testing");
/// Arbitrary values.
pub const ARBITRARY: RuntimeType = RuntimeType::new("testing::Arbitrary");
/// The seeded value generator.
pub const GEN: RuntimeType = RuntimeType::new("testing::Gen");
/// Equality where NaN matches NaN.
pub const SAME_VALUE: RuntimeType = RuntimeType::new("testing::SameValue");
/// JSON in both directions through the generated serializers.
pub const JSON_VALUE: RuntimeType = RuntimeType::new("testing::JsonValue");
/// Visits every type of a crate.
pub const TYPE_VISITOR: RuntimeType = RuntimeType::new("testing::TypeVisitor");
/// Visits every operation of a crate.
pub const OPERATION_VISITOR: RuntimeType = RuntimeType::new("testing::OperationVisitor");
/// XML in both directions, for crates of XML protocols.
pub const XML_VALUE: RuntimeType = RuntimeType::new("testing::XmlValue");
/// Visits every type of a crate of an XML protocol.
pub const XML_TYPE_VISITOR: RuntimeType = RuntimeType::new("testing::XmlTypeVisitor");
/// Visits every operation of a crate of an XML protocol.
pub const XML_OPERATION_VISITOR: RuntimeType = RuntimeType::new("testing::XmlOperationVisitor");
/// A value as JSON text.
pub const TO_JSON: RuntimeType = RuntimeType::new("testing::to_json");
/// Runs a closure with a fixed idempotency token.
pub const WITH_IDEMPOTENCY_TOKEN: RuntimeType = RuntimeType::new("testing::with_idempotency_token");

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn interpolates_as_an_absolute_path() {
        let writer = JSON_OBJECT_WRITER;
        assert_eq!(
            quote! { #writer<'_> }.to_string(),
            ":: smithy_rt :: json :: ser :: ObjectWriter < '_ >"
        );
        let format = TIMESTAMP_FORMAT;
        assert_eq!(
            quote! { #format::DateTime }.to_string(),
            ":: smithy_rt :: TimestampFormat :: DateTime"
        );
        assert_eq!(BUILD_ERROR.path(), "::smithy_rt::BuildError");
        // Constants interpolate by name, without a local binding.
        assert_eq!(
            quote! { #BUILD_ERROR }.to_string(),
            ":: smithy_rt :: BuildError"
        );
    }
}
