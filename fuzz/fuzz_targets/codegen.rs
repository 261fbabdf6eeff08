//! The model loader and the generator: the input is a Smithy JSON AST (seeded with Firehose
//! split into one small model per operation, see `scripts/seeds.py`). Loading may fail with a
//! `ModelError`, generation with a `CodegenError`; neither may panic. An `internal:` error
//! means the generator built Rust that does not parse from a model it accepted: a bug, so it
//! fails the run like a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use smithy_codegen::CrateConfig;
use smithy_model::Model;

/// `FUZZ_VERBOSE=1` prints each input's outcome, to check the seeds get past the loader.
fn verbose() -> bool {
    static VERBOSE: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *VERBOSE.get_or_init(|| std::env::var_os("FUZZ_VERBOSE").is_some())
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let model = match Model::from_json_str(text) {
        Ok(model) => model,
        Err(error) => {
            let message = error.to_string();
            if verbose() {
                eprintln!("model error: {message}");
            }
            return;
        }
    };
    let config = CrateConfig {
        package: "fuzzed".into(),
        protocol_tests: true,
        ..CrateConfig::default()
    };
    match smithy_codegen::generate(&model, &config) {
        Ok(generated) => {
            if verbose() {
                eprintln!("generated {} files", generated.files.len());
            }
        }
        Err(error) => {
            let message = error.to_string();
            if verbose() {
                eprintln!("codegen error: {message}");
            }
            assert!(!message.starts_with("internal:"), "{message}");
        }
    }
});
