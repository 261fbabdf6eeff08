//! `tests/protocol_tests.rs`: the model's `smithy.test` cases as `#[test]` functions.

use crate::ir::ServiceIr;
use crate::{CodegenError, GeneratedFile};

/// The protocol test file of a crate.
pub fn file(ir: &ServiceIr) -> Result<GeneratedFile, CodegenError> {
    let _ = ir;
    Err(CodegenError::new("protocol tests are not implemented yet"))
}
