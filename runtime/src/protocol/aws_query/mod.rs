//! The runtime side of the `aws.protocols#awsQuery` protocol (feature `aws-query`).
//!
//! - Requests: `POST /` with a [`CONTENT_TYPE`] body written by [`QueryWriter`]:
//!   `Action=<operation>&Version=<service version>&<key>=<value>...`, built by
//!   [`build_request`].
//! - Successful responses: XML wrapped as `<{Operation}Response><{Operation}Result>`, read
//!   with [`read_result`] and the [`XmlReader`](crate::xml::XmlReader); [`parse_response`]
//!   dispatches on the status.
//! - Errors: `<ErrorResponse><Error>`: [`parse_error_metadata`] / [`error_parts`] give the
//!   code, message, type and request id; [`read_error`] reads the modeled error's members.

mod request;
#[cfg(test)]
mod request_tests;
mod response;
#[cfg(test)]
mod tests;
mod writer;

pub use request::{build_request, parse_response};
pub use response::{
    ERROR_TYPE, QueryResponse, error_parts, parse_error_metadata, read_error, read_result,
};
pub use writer::{QueryList, QueryMap, QueryStructure, QueryValue, QueryWriter, push_encoded};

/// The `Content-Type` of awsQuery requests.
pub const CONTENT_TYPE: &str = "application/x-www-form-urlencoded";
