//! Project automation, one subcommand per job (`cargo xtask help` prints `USAGE`):
//!
//! - `codegen [--check]`: write (or check) the generated crates of `codegen.json`;
//! - `test`: everything CI runs;
//! - `sweep` (and `endpoint-tests`, its endpoint step alone): generate every AWS model of
//!   `../shared` into a scratch workspace, run every endpoint test, lint and test the crates;
//! - `compliance`, `e2e`, `differential`: the Smithy protocol tests, the tests against moto,
//!   the tests against `aws-sdk-firehose`, each with its summary line;
//! - `footprint`, `bench-report`: build time and size measurements, benchmark tables.

mod bench_report;
mod codegen;
mod compliance;
mod config;
mod differential;
mod e2e;
mod footprint;
mod sweep;
mod test;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

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
      cargo test --workspace, the sweep's CI part (sweep --sample: every model generated,
      every endpoint test, the sample linted and tested), differential, e2e, then the
      compliance summary.
  e2e
      Start moto (installed into .venv on first use, python3 needed) on a free port of
      127.0.0.1, run the end-to-end tests of tests/tests/e2e/main.rs against it, stop it.
  differential
      Run the differential suite (tests/differential): the same random and hand-written
      inputs and responses through this crate and aws-sdk-firehose; last line
      `differential: N cases, M mismatches`. DIFFERENTIAL_CASES (default 200) sets the random
      cases per operation, DIFFERENTIAL_SEED the seed.
  compliance
      Run the generated Smithy protocol compliance tests, one line per protocol
      (`awsQuery: N passed, M failed, K skipped`), then `compliance: N passed, M failed,
      K skipped` as the last line.
  sweep [--sample] [--only A,B] [--generate-only] [--endpoints-only] [--no-test] [--paths]
        [--out DIR] [--target-dir DIR] [--shared DIR]
      Generate every model of ../shared/models/aws/ whose protocol the generator speaks
      (MANIFEST.txt says which: awsJson1_0, awsJson1_1, restJson1, awsQuery), plus Firehose,
      into a scratch workspace (default $TMPDIR/smithy-sweep-<hash of the checkout path>, one per checkout; never
      inside the repository).
      Then every model's endpoint tests, in one crate of that workspace (clippy -D warnings,
      then cargo test), and on each crate `cargo clippy --all-features --all-targets -D
      warnings` and its tests (size estimates, doc tests). Prints a table (model, operations,
      lines, generate ms, endpoint cases passed, clippy s, test s, result), then
      `endpoint-tests: N models, C cases: P passed, F failed, S skipped; rules not generated:
      G` and `sweep: N generated, M lint-clean, K failed`. --sample lints and tests only the
      fixed sample CI uses (and fails if it no longer covers every generator path);
      --endpoints-only stops after the endpoint tests; --only restricts every step to the
      named models; --paths lists which models exercise which generator path. Builds go to
      the repository's target directory unless --target-dir says otherwise.
  endpoint-tests [sweep options]
      `sweep --endpoints-only`: every model generated, its endpoint tests run.
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
        Some("endpoint-tests") => {
            let mut sweep_args = vec!["--endpoints-only".to_owned()];
            sweep_args.extend(args[1..].iter().cloned());
            sweep::parse_args(&root(), &sweep_args).and_then(|opts| sweep::run(&root(), &opts))
        }
        Some("test") => test::run(&root()),
        Some("sweep") => {
            sweep::parse_args(&root(), &args[1..]).and_then(|opts| sweep::run(&root(), &opts))
        }
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

/// A `cargo` command run in `dir`: the cargo that started xtask (`$CARGO`), else the one on
/// `PATH`.
fn cargo(dir: &Path) -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command.current_dir(dir);
    command
}

/// The workspace root (xtask lives one level below it).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}
