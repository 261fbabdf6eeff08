//! Project automation: `cargo xtask codegen [--check]`, `cargo xtask test`, `cargo xtask compliance`,
//! `cargo xtask e2e`, `cargo xtask differential`.

mod bench_report;
mod codegen;
mod compliance;
mod config;
mod differential;
mod e2e;
mod endpoint_tests;
mod footprint;
mod test;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Code generation is allocation-bound; see the note on `mimalloc` in xtask/Cargo.toml.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  codegen [--check] [--config FILE] [--model PACKAGE=PATH]... [--only PACKAGE]... [--out DIR]
      Regenerate every crate listed in codegen.json (default), or with --check only
      report files that differ from what the generator produces now (exit 1 if any).
      --model points one crate at another model file; --only generates just the crates
      named; --out writes under DIR (the repository's layout: DIR/generated/lambda/...)
      instead of the repository, e.g. to time one model:
      `cargo build --release -p xtask && target/release/xtask codegen --only lambda --out /tmp/x`
  test
      Everything CI runs: codegen --check, clippy -D warnings, rustdoc -D warnings,
      cargo test --workspace, differential, e2e, then the compliance summary.
  e2e
      Start moto (installed into .venv on first use, python3 needed) on a free port of
      127.0.0.1, run the end-to-end tests of tests/tests/e2e/main.rs against it, stop it.
  differential
      Run the differential suite (tests/differential): the same random and hand-written
      inputs and responses through this crate and aws-sdk-firehose; last line
      `differential: N cases, M mismatches`. DIFFERENTIAL_CASES (default 200) sets the random
      cases per operation, DIFFERENTIAL_SEED the seed.
  endpoint-tests [--models DIR] [--out DIR]
      Every awsJson model's own endpoint tests (smithy.rules#endpointTests) in one cargo test:
      each model's endpoint resolver and tests become two modules of a scratch crate outside
      the repository (default $TMPDIR/endpoint-sweep), built in the workspace's target
      directory. Last line `endpoint-tests: N models, C cases: P passed, F failed, S skipped;
      rules not generated: G`; fails unless F, S and G are 0.
  compliance
      Run the generated Smithy protocol compliance tests, one line per protocol
      (`awsQuery: N passed, M failed, K skipped`), then `compliance: N passed, M failed, K skipped` as the
      last line.
  footprint [--sts]
      Clean debug and release builds (wall time), stripped binary size, dependency and
      source size of one PutRecordBatch program on our crate vs aws-sdk-firehose
      (bench/footprint/), and the wall time of `cargo xtask codegen`. Ends with
      `build-ratio: X`, `binary-ratio: Y`, `codegen-ms: Z` (ratios: ours / SDK).
      With --sts: the same program alone vs with smithy-credentials-sts (what opting in
      to web identity and role credentials costs); table in
      bench/target/footprint/sts-summary.txt.
  bench-report
      Tables and ratios from the last `cargo bench` (bench/) and `cargo xtask footprint`;
      writes the chart docs/benchmarks.svg.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => {
            codegen::parse_args(&args[1..]).and_then(|opts| codegen::run(&root(), &opts))
        }
        Some("compliance") => compliance::run(&root()),
        Some("e2e") => e2e::run(&root()),
        Some("differential") => differential::run(&root()),
        Some("endpoint-tests") => endpoint_tests::run(&root(), &args[1..]),
        Some("test") => test::run(&root()),
        Some("footprint") => footprint::run(&root(), &args[1..]),
        Some("bench-report") => bench_report::run(&root()),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => Err(format!("unknown or missing command\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            // An empty message: the command has reported the failure itself.
            if !message.is_empty() {
                eprintln!("error: {message}");
            }
            ExitCode::FAILURE
        }
    }
}

/// The workspace root (xtask lives one level below it).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}
