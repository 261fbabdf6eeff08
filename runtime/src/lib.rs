//! Shared runtime for the Rust crates that `smithy-codegen` generates from Smithy service
//! models.
//!
//! Generated code calls this crate by fully qualified path (`::smithy_rt::...`, all named in
//! the generator's `runtime_type.rs`). A protocol-neutral core:
//!
//! - [`Operation`]: the trait every generated operation implements;
//!   [`operation::parse_response`] the shape of reading a response.
//! - [`request`]: building an HTTP request ([`RequestBuilder`](request::RequestBuilder): host
//!   prefix, path and URI labels, query, headers, `Content-Length`, gzip).
//! - [`response_from_parts`], [`response::response_body`], [`response::request_id`].
//! - [`error`]: [`BuildError`], [`UnhandledError`], [`RequestId`], error codes.
//! - [`retry`]: which errors are worth retrying, by the AWS SDKs' rules ([`ProvideRetryKind`]).
//! - [`RequestBody`]: a request's bytes, shared across attempts, whose `Debug` shows the
//!   length only; [`ResponseRequestId`]: the request id an output was read from.
//! - [`json::ser`] / [`json::de`]: JSON writers straight into a `String`, and
//!   [`JsonReader`](json::de::JsonReader), a pull parser that borrows from the body;
//!   [`json::error`]: the metadata of JSON error responses.
//! - [`binding`]: the HTTP binding traits (`@httpLabel`, `@httpQuery`, `@httpHeader`, ...):
//!   member values as label, query and header text, and response headers as values.
//! - `checksum` (features `md5`, `sha256`): `Content-MD5` and SHA-256 tree-hash headers.
//! - [`timestamp`]: the three Smithy timestamp formats, written and parsed exactly.
//! - [`endpoint`]: the endpoint rules' standard library (partitions, `parseURL`, `parseArn`,
//!   ...) that generated `resolve_endpoint` functions call, and the resolved
//!   [`Endpoint`](endpoint::Endpoint) (URL, headers, properties) they return.
//! - `xml` (feature `xml`): a pull reader over XML bodies.
//! - `sigv4` (feature `sigv4`): SigV4 signing with aws-sigv4.
//! - `testing` (feature `test-util`): what generated property tests use.
//!
//! and one module per wire protocol under [`protocol`]: [`protocol::aws_json`] for awsJson 1.0
//! and 1.1, [`protocol::rest_json`] for restJson1, `protocol::aws_query` (feature `aws-query`)
//! for awsQuery.
//!
//! Nothing in this crate panics on the content of an HTTP response.

#![warn(missing_docs)]
// Bad input gets a typed error, never a panic (tests are exempt via clippy.toml).
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::unreachable,
    clippy::todo,
    clippy::indexing_slicing
)]

mod body;
pub mod binding;
#[cfg(any(feature = "md5", feature = "sha256"))]
pub mod checksum;
pub mod endpoint;
pub mod error;
pub mod json;
pub mod operation;
mod output;
pub mod protocol;
pub mod request;
pub mod response;
pub mod retry;
#[cfg(feature = "sigv4")]
pub mod sigv4;
#[cfg(feature = "test-util")]
pub mod testing;
pub mod timestamp;
mod token;
#[cfg(feature = "xml")]
pub mod xml;

pub use aws_smithy_types::date_time::Format as TimestampFormat;

/// The value types of generated crates, from `aws-smithy-types`, so that values move freely
/// to and from `aws-sdk-rust`. Every generated crate re-exports this module as `primitives`:
/// a user builds blobs, documents and timestamps (and names their errors) without depending
/// on `aws-smithy-types` directly.
pub mod primitives {
    pub use aws_smithy_types::body::SdkBody;
    pub use aws_smithy_types::date_time::{
        ConversionError, DateTimeFormatError, DateTimeParseError, Format as DateTimeFormat,
    };
    pub use aws_smithy_types::{Blob, DateTime, Document, Number};
}
pub use aws_smithy_types::error::metadata::{ErrorMetadata, ProvideErrorMetadata};
pub use aws_smithy_types::{Blob, DateTime, Document, Number};

pub use aws_smithy_types::body::SdkBody;
pub use body::{RequestBody, TryCloneRequest};
pub use endpoint::regional_endpoint;
pub use error::{BuildError, RequestId, ServiceError, UnhandledError, display_modeled_error};
pub use operation::{Operation, UNSET_ENUM_VALUE};
pub use output::ResponseRequestId;
pub use request::validate_host_label;
pub use response::{InvalidResponse, response_from_parts};
pub use retry::ProvideRetryKind;
pub use token::idempotency_token;

/// The HTTP request type handed to the transport: an `aws-smithy-runtime-api` request over an
/// in-memory [`RequestBody`], whose `Debug` shows the body's length, never its bytes (they hold
/// `@sensitive` members too). Header values that carry secrets (`authorization`,
/// `x-amz-security-token`) are redacted by the header map's own `Debug`.
pub type HttpRequest = aws_smithy_runtime_api::http::Request<RequestBody>;

/// The HTTP response type given to generated response parsers.
pub type HttpResponse = aws_smithy_runtime_api::http::Response<aws_smithy_types::body::SdkBody>;
