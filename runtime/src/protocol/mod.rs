//! One module per wire protocol: what its requests look like beyond the protocol-neutral
//! pieces ([`request`](crate::request), [`response`](crate::response_from_parts),
//! [`error`](crate::error), [`json`](crate::json)), and how its responses and errors are read.
//! Generated code calls the module of its service's protocol.
//!
//! A new protocol adds a module here, built on the same pieces (and, for protocols with HTTP
//! binding traits, [`binding`](crate::binding)).

pub mod aws_json;
#[cfg(feature = "aws-query")]
pub mod aws_query;
pub mod rest_json;
