//! Helpers shared by the integration tests.

#![allow(dead_code, reason = "hostile_servers uses only fault_server")]

pub mod fault_server;

use std::path::PathBuf;

use smithy_codegen::CrateConfig;
use smithy_codegen::ir::ServiceIr;
use smithy_model::Model;

/// The one place these tests name the Firehose model: `../shared/models/firehose.json`, seen
/// from the repository root.
pub fn firehose_model_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/models/firehose.json")
}

/// The Firehose model; fails the test (not skips it) with the missing file's path when
/// `../shared` is not beside the repository.
pub fn firehose_model() -> Model {
    let path = firehose_model_path();
    assert!(
        path.is_file(),
        "the Firehose model {} is missing: these tests read it from ../shared beside the \
         repository (README, \"The two commands\")",
        path.display()
    );
    Model::load(&path).unwrap_or_else(|e| panic!("loading {}: {e}", path.display()))
}

/// The IR the generator builds for the Firehose crate.
pub fn firehose_ir() -> ServiceIr {
    let config = CrateConfig {
        package: "firehose".into(),
        service: Some("com.amazonaws.firehose#Firehose_20150804".into()),
        ..CrateConfig::default()
    };
    smithy_codegen::ir::build(&firehose_model(), &config).unwrap_or_else(|e| panic!("{e}"))
}
