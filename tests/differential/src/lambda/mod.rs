//! The generated `lambda` crate (restJson1) against `aws-sdk-lambda`.
//!
//! `convert` (generated, see `codegen.json`) converts values between the two crates and
//! implements [`Differential`] and [`WriteResponse`] for every operation. [`suite`] drives
//! both implementations with the same inputs and responses: requests must agree as whole HTTP
//! requests ([`request`]), responses must read alike (the comparison and the named deviations
//! of [`check`](crate::check)).

#[rustfmt::skip]
pub mod convert;
pub mod handmade;
pub mod request;
pub mod sdk;
pub mod suite;

pub use crate::Differential;
pub use crate::wire::WriteResponse;
pub use convert::ErrorValue;

/// Visitor over every operation (see `convert::for_each_operation`).
pub trait ForEachOperation {
    /// Called once per operation, with its wire name.
    fn operation<O: Differential<ErrorValue = ErrorValue> + WriteResponse>(
        &mut self,
        name: &'static str,
    );
}
