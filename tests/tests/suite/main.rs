//! The integration tests, one binary: each module was a test binary of its own, and each of
//! those linked every generated crate again. Two suites stay apart, for reasons DESIGN gives
//! ("Tests"): `hostile_servers` (its global allocator counts the whole process's heap) and `e2e`
//! (it needs moto and runs with `--ignored` from `cargo xtask e2e`).

#[path = "../common/mod.rs"]
mod common;

mod client_credentials;
mod client_retries;
mod codegen_errors;
mod defaults;
mod edge_cases;
mod endpoints;
mod firehose_values;
mod fuzz_regressions;
mod generated_client;
mod generated_hygiene;
mod hostile_responses;
mod producer_tracing;
mod props;
mod query_fixture;
mod readme_first_use;
mod responses;
mod retry_classification;
mod signing_traces;
mod snapshot_code;
mod wire_requests;
