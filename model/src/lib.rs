//! Loads and validates Smithy 2.0 JSON AST models.
//!
//! [`Model::load`] reads a JSON AST file (as written by `smithy ast` or published in
//! `aws/api-models-aws`) and checks it once: JSON syntax, the `smithy` version (2.x),
//! every shape's `type` and properties, that every reference (member targets, operation
//! input/output/errors, service and resource bindings, mixins) resolves to a model or
//! prelude shape of the right kind, and that the traits with typed getters on [`Traits`]
//! have well-formed values. Mixins are flattened (mixin members first, then the shape's
//! own) and `apply` entries are merged, so consumers see final shapes only.
//!
//! Every problem is reported as a [`ModelError`] naming the shape id and the JSON
//! pointer of the offending value; nothing in this crate panics on bad input.
//!
//! ```no_run
//! use smithy_model::{Model, ShapeId};
//!
//! let model = Model::load("firehose.json".as_ref())?;
//! let service = ShapeId::parse("com.amazonaws.firehose#Firehose_20150804")?;
//! for operation in model.operation_closure(&service)? {
//!     println!("{operation}");
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
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

mod binding_traits;
mod checks;
mod error;
mod merge;
mod model;
mod parse;
mod prelude;
mod shape;
mod shape_id;
mod trait_values;
mod traits;

pub use binding_traits::{AwsQueryError, HttpTrait, TraitValueError, XmlNamespace};
pub use error::ModelError;
pub use model::Model;
pub use shape::{Member, OperationShape, ResourceShape, ServiceShape, Shape, ShapeKind};
pub use shape_id::{ShapeId, ShapeIdError};
pub use trait_values::{
    AwsService, Deprecated, EndpointTrait, EnumValue, ErrorFault, SigV4, TimestampFormat,
};
pub use traits::Traits;
