//! Rust bindings for Amazon Data Firehose (`Firehose_20150804`, API version 2015-08-04),
//! generated from the service's Smithy model by `cargo xtask codegen`.
//!
//! The crate turns typed inputs into HTTP requests and HTTP responses into typed outputs or
//! errors. By default it does not send anything: send the request with the HTTP client you
//! already use. Sign it first, with `sigv4::sign` (feature `sigv4`, which brings in
//! `aws-sigv4`) or with your own signer (service name [`SIGNING_NAME`], `firehose`).
//!
//! With feature `client`, `firehose::Client` sends them too: one async method per operation
//! (`client.put_record_batch(&input).await`), signed with SigV4 and sent over hyper and rustls
//! (the `smithy-client` crate); see the `client` module.
//!
//! - [`operation`]: one module per operation: its marker type (implementing [`Operation`]),
//!   input, output and error enum.
//! - [`types`]: the structures, unions and enums that operations share or nest.
//! - [`error`]: the modeled errors, and [`error::Error`] for any error of any operation.
//!
//! Required members are checked when the request is built: `build_request` returns
//! [`BuildError::MissingMember`] naming the member before any request exists. Each input's
//! `new` takes its required members, so code that uses it can't forget one.
//!
//! ```
//! use firehose::operation::start_delivery_stream_encryption::{
//!     StartDeliveryStreamEncryption, StartDeliveryStreamEncryptionInput,
//! };
//! use firehose::types::{DeliveryStreamEncryptionConfigurationInput, KeyType};
//! use firehose::{Operation, ProvideErrorMetadata, RequestId};
//!
//! let input = StartDeliveryStreamEncryptionInput::new("my-stream")
//!     .with_delivery_stream_encryption_configuration_input(
//!         DeliveryStreamEncryptionConfigurationInput::new(KeyType::CustomerManagedCmk)
//!             .with_key_arn("arn:aws:kms:us-east-1:123456789012:key/1234abcd"),
//!     );
//! // firehose::endpoint(region) is the standard endpoint; any URL works (FIPS, VPC, local).
//! let request = StartDeliveryStreamEncryption::build_request(&input, &firehose::endpoint("us-east-1"))?;
//! assert_eq!(
//!     request.headers().get("x-amz-target"),
//!     Some("Firehose_20150804.StartDeliveryStreamEncryption")
//! );
//! // With feature `sigv4`:
//! // firehose::sigv4::sign(&mut request, &credentials, "us-east-1", firehose::SIGNING_NAME, SystemTime::now())?;
//! // An `http` 1.x request for hyper, reqwest and friends.
//! let request: http::Request<_> = request.try_into_http1x()?;
//! assert_eq!(request.uri(), "https://firehose.us-east-1.amazonaws.com/");
//!
//! // ...send it, then hand back status, headers and body:
//! let ok = firehose::response_from_parts(200, [], "{}")?;
//! StartDeliveryStreamEncryption::parse_response(&ok)?;
//!
//! let failed = firehose::response_from_parts(
//!     400,
//!     [("x-amzn-requestid", "5b2a7d1e")],
//!     r#"{"__type":"ResourceNotFoundException","message":"Stream my-stream not found"}"#,
//! )?;
//! let error = StartDeliveryStreamEncryption::parse_response(&failed).unwrap_err();
//! assert_eq!(error.to_string(), "ResourceNotFoundException: Stream my-stream not found");
//! assert_eq!(error.code(), Some("ResourceNotFoundException"));
//! assert_eq!(error.request_id(), Some("5b2a7d1e"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Endpoints
//!
//! [`endpoint`]`(region)` is the standard endpoint of a region. [`resolve_endpoint`] is the
//! model's endpoint rule set compiled to Rust: FIPS, dual-stack and custom endpoints, with the
//! rule set's own errors ([`EndpointError`]).
//!
//! ```
//! use firehose::{EndpointParams, resolve_endpoint};
//!
//! let fips = EndpointParams::default()
//!     .with_region("us-gov-west-1")
//!     .with_use_fips(true);
//! assert_eq!(resolve_endpoint(&fips)?, "https://firehose-fips.us-gov-west-1.amazonaws.com");
//! let dual_stack = EndpointParams::default()
//!     .with_region("cn-north-1")
//!     .with_use_dual_stack(true);
//! assert_eq!(
//!     resolve_endpoint(&dual_stack)?,
//!     "https://firehose.cn-north-1.api.amazonwebservices.com.cn"
//! );
//! let custom = EndpointParams::default()
//!     .with_endpoint("https://localhost:4566")
//!     .with_use_fips(true);
//! assert_eq!(
//!     resolve_endpoint(&custom).unwrap_err().message(),
//!     "Invalid Configuration: FIPS and custom endpoint are not supported"
//! );
//! # Ok::<(), firehose::EndpointError>(())
//! ```

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

#[rustfmt::skip]
mod generated;

pub use generated::*;

/// Value types from `aws-smithy-types`, so values move freely to and from `aws-sdk-rust`.
pub mod primitives {
    pub use smithy_rt::{Blob, DateTime, Document, Number, SdkBody};
}

pub use smithy_rt::{
    BuildError, ErrorMetadata, HttpRequest, HttpResponse, InvalidResponse, Operation,
    ProvideErrorMetadata, RequestId, UnhandledError, response_from_parts,
};

/// SigV4 signing of built requests (feature `sigv4`): `sigv4::sign(&mut request, &credentials,
/// region, SIGNING_NAME, SystemTime::now())`.
#[cfg(feature = "sigv4")]
pub use smithy_rt::sigv4;
