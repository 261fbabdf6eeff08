//! JSON writing ([`ser`]) and reading ([`de`]), and the error metadata of JSON error responses
//! ([`error`]): shared by every JSON protocol.

pub mod de;
pub mod error;
pub mod ser;
