//! The seam between the protocol-neutral generator and a wire protocol.
//!
//! The IR records what the model says about the wire, whatever the protocol: HTTP binding
//! traits, `@jsonName`, the XML traits, `@timestampFormat`, `@mediaType`, host labels. A
//! [`Protocol`] decides from those facts what a request and a response look like, and emits the
//! code that differs between protocols: the body of `build_request` and `parse_response`, how an
//! error response is read, and the serializers and deserializers (`ser.rs`, `de.rs`). Every
//! other emitter (types, error enums, operation markers, the client, test support) is shared.
//!
//! Adding a protocol is adding an implementation here (and its runtime module under
//! `smithy_rt::protocol`), then listing it in [`for_service`]; see "Where a change goes" in
//! `docs/DESIGN.md`.

mod aws_json;
mod aws_query;
mod rest_json;

use std::fmt;

use proc_macro2::TokenStream;
use smithy_model::{ErrorFault, Shape, TimestampFormat};

use crate::CodegenError;
use crate::ir::{
    AwsQueryError, ErrorIr, HttpBinding, MemberIr, OperationIr, ServiceIr, ShapeIr, ShapeIrKind,
};
use crate::runtime_type::RuntimeType;

pub use aws_json::AwsJson;
pub use aws_query::AwsQuery;
pub use rest_json::RestJson1;

/// Which serializers or deserializers to emit: the ones production code calls, or the other
/// direction that only tests use (feature `test-util`: writing outputs and errors, reading
/// inputs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Build {
    /// Shapes requests carry (serializers) or responses carry (deserializers).
    Production,
    /// The remaining shapes, for `test_util`.
    TestUtil,
}

/// A response for the crate documentation's example.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExampleResponse {
    /// HTTP status.
    pub status: u16,
    /// Header pairs.
    pub headers: Vec<(String, String)>,
    /// Body text.
    pub body: String,
}

/// What a generated `test_util` module offers property tests, which depends on the body format
/// of the protocol: the trait that writes and reads whole values, and the visitors that list
/// types and operations with that trait as a bound.
#[derive(Clone, Copy, Debug)]
pub struct TestSupport {
    /// The whole-value codec trait (`testing::JsonValue`), implemented for every type.
    pub value_trait: RuntimeType,
    /// The bound of `test_util::for_each_type` (`testing::TypeVisitor`).
    pub type_visitor: RuntimeType,
    /// The format the codec trait writes and reads (`JSON`), for documentation.
    pub body_format: &'static str,
    /// How `test_util` gets there, for the crate's docs: one or more lines, the first
    /// continuing "`Arbitrary` values of every type, ".
    pub value_doc: &'static str,
    /// The bound of `test_util::for_each_operation` (`testing::OperationVisitor`).
    pub operation_visitor: RuntimeType,
    /// What `test_util` re-exports from `smithy_rt::testing` besides `Arbitrary`, `Gen` and
    /// `SameValue`: the codec trait, the visitors, the whole-value helpers.
    pub exports: &'static [&'static str],
    /// Documentation of `test_util::ser` and `test_util::de`.
    pub ser_doc: &'static str,
    /// See `ser_doc`.
    pub de_doc: &'static str,
}

/// A wire protocol: how a service's operations travel over HTTP.
///
/// Token-emitting methods return code that is spliced into generated functions; each says
/// which names are in scope and what type the code has.
pub trait Protocol: fmt::Debug + Sync {
    /// The Smithy trait id of the protocol (`aws.protocols#awsJson1_1`); also the generated
    /// crate's `PROTOCOL` constant and what protocol tests are filtered by.
    fn trait_id(&self) -> &'static str;

    /// Whether the HTTP binding traits place members in the URI, query, headers and payload
    /// (restJson1, restXml). Without them (awsJson, awsQuery) every input member is in the body
    /// and `@http` is ignored.
    fn uses_http_bindings(&self) -> bool;

    /// The name of `member` inside a body: its Smithy name (awsJson), its `@jsonName`
    /// (restJson1), its `@xmlName` (XML and query protocols).
    fn document_name(&self, member: &MemberIr) -> String;

    /// Format of a timestamp at `binding` when neither the member nor its target names one.
    fn default_timestamp_format(&self, binding: &HttpBinding) -> TimestampFormat;

    /// Body of `Operation::build_request`. In scope: `input: &Input` (named `_input` for a Unit
    /// input, which [`OperationIr::input`] says), `endpoint: &(impl AsEndpoint + ?Sized)` (a URL
    /// or a resolved endpoint, whose headers the request must carry: the runtime's
    /// `RequestBuilder` adds them), and `host_prefix`, an expression of type `Option<&str>` (the
    /// expanded `@endpoint` prefix). Type: `Result<HttpRequest, BuildError>`.
    fn build_request(
        &self,
        ir: &ServiceIr,
        op: &OperationIr,
        host_prefix: &TokenStream,
    ) -> Result<TokenStream, CodegenError>;

    /// Body of `Operation::parse_response`. In scope: `response: &HttpResponse`; `read_error`
    /// is a path to `fn(&HttpResponse) -> OperationError`. Type: `Result<Output, OperationError>`.
    fn parse_response(
        &self,
        ir: &ServiceIr,
        op: &OperationIr,
        read_error: &TokenStream,
    ) -> Result<TokenStream, CodegenError>;

    /// `fn(&HttpResponse) -> Result<(&[u8], ErrorMetadata), UnhandledError>`: the body and
    /// metadata (code, message, request id) of an error response of the service.
    fn error_parts(&self, ir: &ServiceIr) -> RuntimeType;

    /// The codes that select a modeled error in the metadata [`Protocol::error_parts`] gives,
    /// the one an error response usually carries first: the shape name, unless the protocol
    /// has its own (awsQuery's `@awsQueryError`), or the service names errors two ways (an
    /// awsJson service migrated from awsQuery).
    fn error_codes(&self, _ir: &ServiceIr, error: &ShapeIr) -> Vec<String> {
        vec![error.id.name().to_owned()]
    }

    /// The HTTP status a modeled error comes with, for its retry classification: `@httpError`,
    /// else 500 for a server fault and 400 for a client fault, unless the protocol has its
    /// own (awsQuery's `@awsQueryError`).
    fn error_status(&self, error: &ShapeIr) -> u16 {
        default_error_status(error)
    }

    /// Reads a modeled error structure. In scope: `response: &HttpResponse` and `body: &[u8]`.
    /// Type: `Result<Error, E>` with `E` an error that says why the body can't be read.
    fn read_error(&self, ir: &ServiceIr, error: &ShapeIr) -> Result<TokenStream, CodegenError>;

    /// The serializers of the shapes requests carry (`ser.rs`), or with [`Build::TestUtil`]
    /// those of the other shapes.
    fn serializers(&self, ir: &ServiceIr, build: Build) -> Result<TokenStream, CodegenError>;

    /// The deserializers of the shapes responses carry (`de.rs`), or with [`Build::TestUtil`]
    /// those of the other shapes.
    fn deserializers(&self, ir: &ServiceIr, build: Build) -> Result<TokenStream, CodegenError>;

    /// Features of the runtime crate that the generated code needs (`aws-query`), which the
    /// generated `Cargo.toml` turns on.
    fn runtime_features(&self) -> &'static [&'static str] {
        &[]
    }

    /// What the crate's `test_util` offers property tests (see [`TestSupport`]).
    fn test_support(&self) -> TestSupport;

    /// The items of `impl <TestSupport::value_trait> for <shape>`, in `test_util/mod.rs`.
    fn test_value_impl(&self, ir: &ServiceIr, shape: &ShapeIr)
    -> Result<TokenStream, CodegenError>;

    /// A successful response of `op` whose output has no members set, for documentation
    /// examples.
    fn example_empty_output(&self, ir: &ServiceIr, op: &OperationIr) -> ExampleResponse;

    /// An error response with `code` and `message`, for documentation examples.
    fn example_error(&self, code: &str, message: &str) -> ExampleResponse;
}

/// The `@awsQueryError` of an error structure, if it has one: awsQuery selects the error by
/// its code and sends it with its status, and an awsJson service migrated from awsQuery names
/// the error by its code in a header.
fn aws_query_error(error: &ShapeIr) -> Option<&AwsQueryError> {
    match &error.kind {
        ShapeIrKind::Structure {
            error:
                Some(ErrorIr {
                    aws_query_error: Some(custom),
                    ..
                }),
            ..
        } => Some(custom),
        _ => None,
    }
}

/// The protocols the generator speaks, in the order it prefers them when a service declares
/// several.
const PROTOCOLS: &[&dyn Protocol] = &[&AwsJson::V1_1, &AwsJson::V1_0, &RestJson1, &AwsQuery];

/// The protocol a service speaks: the first protocol the generator speaks, in order of
/// preference (awsJson 1.1, then 1.0, then restJson1, then awsQuery), whose trait the service
/// carries.
pub fn for_service(service: &Shape) -> Option<&'static dyn Protocol> {
    PROTOCOLS
        .iter()
        .copied()
        .find(|p| service.traits.has(p.trait_id()))
}

/// The trait ids of every protocol the generator speaks, for error messages.
pub fn supported() -> Vec<&'static str> {
    PROTOCOLS.iter().map(|p| p.trait_id()).collect()
}

/// `@httpError`, else 500 for a server fault and 400 for a client fault.
fn default_error_status(error: &ShapeIr) -> u16 {
    match &error.kind {
        ShapeIrKind::Structure { error: Some(e), .. } => e.http_status.unwrap_or(match e.fault {
            ErrorFault::Server => 500,
            ErrorFault::Client => 400,
        }),
        _ => 400,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use smithy_model::Model;

    fn service(traits: serde_json::Value) -> Shape {
        let model = serde_json::json!({
            "smithy": "2.0",
            "shapes": { "ex#Svc": { "type": "service", "version": "1", "traits": traits } }
        });
        let model = Model::from_json_str(&model.to_string()).unwrap_or_else(|e| panic!("{e}"));
        model
            .services()
            .next()
            .cloned()
            .unwrap_or_else(|| panic!("no service"))
    }

    #[test]
    fn a_service_gets_the_first_protocol_it_declares() {
        let both = service(serde_json::json!({
            "aws.protocols#awsJson1_0": {}, "aws.protocols#awsJson1_1": {}
        }));
        assert_eq!(
            for_service(&both).map(|p| p.trait_id()),
            Some("aws.protocols#awsJson1_1")
        );
        let v10 = service(serde_json::json!({ "aws.protocols#awsJson1_0": {} }));
        assert_eq!(
            for_service(&v10).map(|p| p.trait_id()),
            Some("aws.protocols#awsJson1_0")
        );
        let query = service(serde_json::json!({
            "aws.protocols#awsQuery": {}, "aws.protocols#awsJson1_0": {}
        }));
        assert_eq!(
            for_service(&query).map(|p| p.trait_id()),
            Some("aws.protocols#awsJson1_0")
        );
        let query = service(serde_json::json!({ "aws.protocols#awsQuery": {} }));
        assert_eq!(
            for_service(&query).map(|p| p.trait_id()),
            Some("aws.protocols#awsQuery")
        );
        let rest = service(serde_json::json!({ "aws.protocols#restJson1": {} }));
        assert_eq!(
            for_service(&rest).map(|p| p.trait_id()),
            Some("aws.protocols#restJson1")
        );
        let xml = service(serde_json::json!({ "aws.protocols#restXml": {} }));
        assert!(for_service(&xml).is_none());
        assert_eq!(
            supported(),
            [
                "aws.protocols#awsJson1_1",
                "aws.protocols#awsJson1_0",
                "aws.protocols#restJson1",
                "aws.protocols#awsQuery"
            ]
        );
    }

    #[test]
    fn aws_json_example_error_is_a_json_body() {
        let example = AwsJson::V1_1.example_error("NotFound", "say \"no\"");
        assert_eq!(
            example.body,
            r#"{"__type":"NotFound","message":"say \"no\""}"#
        );
        assert_eq!(example.status, 400);
    }

    #[test]
    fn aws_query_example_error_is_an_error_response() {
        let example = AwsQuery.example_error("NotFound", "a < b & \"c\"");
        assert_eq!(
            example.body,
            "<ErrorResponse><Error><Type>Sender</Type><Code>NotFound</Code>\
             <Message>a &lt; b &amp; \"c\"</Message></Error>\
             <RequestId>5b2a7d1e</RequestId></ErrorResponse>"
        );
        assert_eq!(example.status, 400);
        assert_eq!(AwsQuery.runtime_features(), ["aws-query"]);
    }
}
