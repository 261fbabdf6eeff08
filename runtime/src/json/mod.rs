//! JSON writing ([`ser`]) and reading ([`de`]) for the awsJson protocols.

pub mod de;
pub mod ser;
