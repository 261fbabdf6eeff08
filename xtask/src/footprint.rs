//! `cargo xtask footprint`: build time, binary size, source and dependency size of one
//! PutRecordBatch program on our crate (`bench/footprint/ours`) and on aws-sdk-firehose
//! (`bench/footprint/sdk`), plus the wall time of `cargo xtask codegen`.
//!
//! `cargo xtask footprint --sts`: the same for our program alone and with STS credentials
//! (`bench/footprint/ours-sts`, which adds `smithy-credentials-sts`): what opting in costs.
//!
//! Builds run one after the other ([`ROUNDS`] rounds of each program, debug then release),
//! each in its own empty target dir under
//! `bench/target/footprint/`, after `cargo fetch`, with `--offline --locked`, so no download
//! is timed and all programs use the versions pinned in `bench/Cargo.lock`.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// (label, package = binary name)
const PROGRAMS: [(&str, &str); 2] = [("ours", "footprint-ours"), ("sdk", "footprint-sdk")];
/// The programs `--sts` compares: Firehose alone, and with `smithy-credentials-sts`.
const STS_PROGRAMS: [(&str, &str); 2] = [
    ("ours", "footprint-ours"),
    ("ours-sts", "footprint-ours-sts"),
];

/// Each clean build runs this many times, alternating ours and the SDK, and the fastest
/// counts: other work on a shared machine only ever makes a build slower, and it shifts
/// between the two programs' builds.
const ROUNDS: usize = 2;

/// How many times `xtask codegen` is run; the median is reported.
const CODEGEN_RUNS: usize = 5;

#[derive(Default)]
struct Program {
    debug: Vec<Duration>,
    release: Vec<Duration>,
    compiled_debug: usize,
    binary: u64,
    stripped: u64,
    crates: usize,
    rust_lines: usize,
    source: String,
}

/// Fetches, then builds `programs` clean ([`ROUNDS`] rounds, debug then release, one after
/// the other) and measures each: build times, crates compiled, binary sizes, and the crates
/// of its dependency tree.
fn measure(bench: &Path, out: &Path, programs: &[(&str, &str)]) -> Result<Vec<Program>, String> {
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    println!("==> cargo fetch (bench/), so that no build downloads anything");
    cargo(bench, &["fetch", "--locked"], None)?;

    let mut measured: Vec<Program> = programs.iter().map(|_| Program::default()).collect();
    for release in (0..ROUNDS).flat_map(|_| [false, true]) {
        for ((label, package), program) in programs.iter().zip(measured.iter_mut()) {
            let profile = if release { "release" } else { "debug" };
            let dir = out.join(format!("{label}-{profile}"));
            if dir.exists() {
                std::fs::remove_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            }
            let dir_arg = dir.to_string_lossy().into_owned();
            // `--timings` leaves cargo-timing.html (time per crate) in the target dir.
            let mut args = vec!["build", "--offline", "--locked", "--timings", "-p", package];
            args.extend(["--target-dir", &dir_arg]);
            if release {
                args.push("--release");
            }
            println!(
                "==> clean {profile} build of {package}: cargo {}",
                args.join(" ")
            );
            let log = out.join(format!("{label}-{profile}.log"));
            let started = Instant::now();
            cargo(bench, &args, Some(&log))?;
            let took = started.elapsed();
            println!("    {:.1} s", took.as_secs_f64());
            if release {
                program.release.push(took);
                let binary = dir.join("release").join(package);
                let stripped = out.join(format!("{label}.stripped"));
                run_tool(Command::new("strip").arg("-o").arg(&stripped).arg(&binary))?;
                program.binary = file_len(&binary)?;
                program.stripped = file_len(&stripped)?;
            } else {
                program.debug.push(took);
                let text = std::fs::read_to_string(&log).map_err(|e| format!("{e}"))?;
                program.compiled_debug = text
                    .lines()
                    .filter(|l| l.trim_start().starts_with("Compiling "))
                    .count();
            }
        }
    }
    for ((_, package), program) in programs.iter().zip(measured.iter_mut()) {
        // The program itself is not a dependency.
        program.crates = tree(bench, package)?.len().saturating_sub(1);
    }
    Ok(measured)
}

/// The crates in `package`'s normal dependency tree (`name vX.Y.Z [(path)]`), deduplicated,
/// the package itself included.
fn tree(bench: &Path, package: &str) -> Result<BTreeSet<String>, String> {
    let tree = cargo_output(
        bench,
        &[
            "tree",
            "--offline",
            "--locked",
            "-p",
            package,
            "-e",
            "normal",
            "--prefix",
            "none",
        ],
    )?;
    Ok(tree
        .lines()
        .map(|l| l.trim_end_matches(" (*)").trim().to_owned())
        .filter(|l| !l.is_empty())
        .collect())
}

pub fn run(root: &Path, args: &[String]) -> Result<(), String> {
    match args {
        [] => run_sdk(root),
        [flag] if flag == "--sts" => run_sts(root),
        _ => Err(format!(
            "footprint takes no arguments but --sts, not {args:?}"
        )),
    }
}

/// Our program against the SDK's.
fn run_sdk(root: &Path) -> Result<(), String> {
    let bench = root.join("bench");
    let out = bench.join("target/footprint");
    let mut programs = measure(&bench, &out, &PROGRAMS)?;
    for ((_, package), program) in PROGRAMS.iter().zip(programs.iter_mut()) {
        if *package == "footprint-sdk" {
            let version = tree(&bench, package)?
                .iter()
                .find_map(|l| l.strip_prefix("aws-sdk-firehose v"))
                .and_then(|rest| rest.split_whitespace().next())
                .map(str::to_owned)
                .ok_or("aws-sdk-firehose is not in the SDK program's dependency tree")?;
            let src = sdk_source(&version)?;
            program.rust_lines = rust_lines(&src)?;
            program.source = format!("aws-sdk-firehose {version} src/");
        } else {
            program.rust_lines = rust_lines(&root.join("generated/firehose/src"))?;
            program.source = "generated/firehose/src/".into();
        }
    }

    // `cargo xtask` runs the debug build of xtask (the alias is `cargo run`); the release
    // build shows what the generator itself costs with optimized syn and prettyplease.
    println!("==> cargo build --release -p xtask (untimed)");
    cargo(root, &["build", "--release", "-p", "xtask"], None)?;
    let exe = std::env::current_exe().map_err(|e| format!("current exe: {e}"))?;
    let debug_exe = root.join("target/debug/xtask");
    let release_exe = root.join("target/release/xtask");
    let debug_exe = if cfg!(debug_assertions) {
        exe
    } else {
        debug_exe
    };
    let codegen = time_codegen(root, &debug_exe)?;
    let codegen_release = time_codegen(root, &release_exe)?;

    let [ours, sdk] = [&programs[0], &programs[1]];
    let mut table = String::new();
    let mut rows = compared(ours, sdk);
    rows.push((
        "lines of generated Rust",
        ours.rust_lines.to_string(),
        sdk.rust_lines.to_string(),
        ratio(ours.rust_lines as f64, sdk.rust_lines as f64),
    ));
    write_rows(
        &mut table,
        ["ours", "aws-sdk-firehose", "ours / SDK"],
        &rows,
    );
    let _ = writeln!(
        table,
        "\nlines counted in: ours {}, SDK {}",
        ours.source, sdk.source
    );
    let _ = writeln!(
        table,
        "cargo xtask codegen, all {} crates of codegen.json, xtask binary run directly, median of \
         {CODEGEN_RUNS} runs: debug build (what `cargo xtask codegen` runs) {} ms, release build {} ms",
        count_crates(root),
        codegen.as_millis(),
        codegen_release.as_millis()
    );
    let build_ratio = rows[0].3;
    let binary_ratio = rows[4].3;
    let summary = format!(
        "build-ratio: {build_ratio:.3}\nrelease-build-ratio: {:.3}\nbinary-ratio: {binary_ratio:.3}\n\
         codegen-ms: {}\ncodegen-release-ms: {}\n",
        rows[1].3,
        codegen.as_millis(),
        codegen_release.as_millis()
    );
    // For `cargo xtask bench-report` (the chart).
    let saved = out.join("summary.txt");
    std::fs::write(&saved, format!("{table}\n{summary}"))
        .map_err(|e| format!("{}: {e}", saved.display()))?;
    println!("\n{table}");
    println!("build-ratio: {build_ratio:.3}");
    println!("binary-ratio: {binary_ratio:.3}");
    println!("codegen-ms: {}", codegen.as_millis());
    Ok(())
}

/// Firehose alone against Firehose with `smithy-credentials-sts`: what STS credentials cost
/// a user who opts in.
fn run_sts(root: &Path) -> Result<(), String> {
    let bench = root.join("bench");
    let out = bench.join("target/footprint");
    let programs = measure(&bench, &out, &STS_PROGRAMS)?;
    let [alone, with_sts] = [&programs[0], &programs[1]];
    let mut table = String::new();
    let rows = compared(with_sts, alone);
    write_rows(
        &mut table,
        [
            "firehose + smithy-credentials-sts",
            "firehose alone",
            "with / without",
        ],
        &rows,
    );
    let saved = out.join("sts-summary.txt");
    std::fs::write(&saved, &table).map_err(|e| format!("{}: {e}", saved.display()))?;
    println!("\n{table}");
    Ok(())
}

/// A row: what, the two values, their ratio.
type Row = (&'static str, String, String, f64);

/// The rows both comparisons have: build times, crates compiled, binary sizes, tree size.
fn compared(a: &Program, b: &Program) -> Vec<Row> {
    let kib = |bytes: u64| format!("{} KiB", bytes / 1024);
    vec![
        (
            "clean debug build, wall (fastest of the runs)",
            secs(&a.debug),
            secs(&b.debug),
            ratio(
                fastest(&a.debug).as_secs_f64(),
                fastest(&b.debug).as_secs_f64(),
            ),
        ),
        (
            "clean release build, wall (fastest of the runs)",
            secs(&a.release),
            secs(&b.release),
            ratio(
                fastest(&a.release).as_secs_f64(),
                fastest(&b.release).as_secs_f64(),
            ),
        ),
        (
            "crates compiled (debug)",
            a.compiled_debug.to_string(),
            b.compiled_debug.to_string(),
            ratio(a.compiled_debug as f64, b.compiled_debug as f64),
        ),
        (
            "release binary",
            kib(a.binary),
            kib(b.binary),
            ratio(a.binary as f64, b.binary as f64),
        ),
        (
            "release binary, stripped",
            kib(a.stripped),
            kib(b.stripped),
            ratio(a.stripped as f64, b.stripped as f64),
        ),
        (
            "crates in the dependency tree (normal)",
            a.crates.to_string(),
            b.crates.to_string(),
            ratio(a.crates as f64, b.crates as f64),
        ),
    ]
}

fn write_rows(table: &mut String, columns: [&str; 3], rows: &[Row]) {
    let [a, b, r] = columns;
    let _ = writeln!(table, "| | {a} | {b} | {r} |");
    let _ = writeln!(table, "| --- | --- | --- | --- |");
    for (what, a, b, r) in rows {
        let _ = writeln!(table, "| {what} | {a} | {b} | {r:.3} |");
    }
}

fn fastest(runs: &[Duration]) -> Duration {
    runs.iter().min().copied().unwrap_or_default()
}

/// `fastest s (runs: a, b s)`.
fn secs(runs: &[Duration]) -> String {
    let all: Vec<String> = runs
        .iter()
        .map(|d| format!("{:.1}", d.as_secs_f64()))
        .collect();
    format!(
        "{:.1} s (runs: {} s)",
        fastest(runs).as_secs_f64(),
        all.join(", ")
    )
}

/// Median wall time of `exe codegen` (writes nothing when `generated/` is up to date).
fn time_codegen(root: &Path, exe: &Path) -> Result<Duration, String> {
    println!("==> {} codegen, {CODEGEN_RUNS} runs", exe.display());
    let mut runs = Vec::new();
    for _ in 0..CODEGEN_RUNS {
        let started = Instant::now();
        run_tool(
            Command::new(exe)
                .arg("codegen")
                .current_dir(root)
                .stdout(Stdio::null()),
        )?;
        runs.push(started.elapsed());
    }
    runs.sort();
    Ok(runs.get(CODEGEN_RUNS / 2).copied().unwrap_or_default())
}

fn ratio(ours: f64, sdk: f64) -> f64 {
    if sdk == 0.0 { f64::NAN } else { ours / sdk }
}

fn count_crates(root: &Path) -> usize {
    std::fs::read_to_string(root.join("codegen.json"))
        .map(|t| t.matches("\"package\"").count())
        .unwrap_or(0)
}

fn cargo_command(dir: &Path, args: &[&str]) -> Command {
    let mut command = crate::cargo(dir);
    command.args(args);
    command
}

/// Runs cargo; with `log`, its stderr goes to that file (and is shown if it fails).
fn cargo(dir: &Path, args: &[&str], log: Option<&Path>) -> Result<(), String> {
    let mut command = cargo_command(dir, args);
    if let Some(log) = log {
        let file = std::fs::File::create(log).map_err(|e| format!("{}: {e}", log.display()))?;
        command.stderr(file);
    }
    let status = command
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        return Ok(());
    }
    let tail = log
        .and_then(|l| std::fs::read_to_string(l).ok())
        .unwrap_or_default();
    Err(format!("cargo {} failed\n{tail}", args.join(" ")))
}

fn cargo_output(dir: &Path, args: &[&str]) -> Result<String, String> {
    let output = cargo_command(dir, args)
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "cargo {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    String::from_utf8(output.stdout).map_err(|e| format!("cargo output: {e}"))
}

fn run_tool(command: &mut Command) -> Result<(), String> {
    let status = command
        .status()
        .map_err(|e| format!("cannot run {:?}: {e}", command.get_program()))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{command:?} failed: {status}"))
    }
}

fn file_len(path: &Path) -> Result<u64, String> {
    std::fs::metadata(path)
        .map(|m| m.len())
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// `$CARGO_HOME/registry/src/<index>/aws-sdk-firehose-<version>/src`.
fn sdk_source(version: &str) -> Result<PathBuf, String> {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .ok_or("neither CARGO_HOME nor HOME is set")?;
    let registry = home.join("registry/src");
    let entries =
        std::fs::read_dir(&registry).map_err(|e| format!("{}: {e}", registry.display()))?;
    for entry in entries.flatten() {
        let src = entry.path().join(format!("aws-sdk-firehose-{version}/src"));
        if src.is_dir() {
            return Ok(src);
        }
    }
    Err(format!(
        "aws-sdk-firehose-{version} is not unpacked under {}",
        registry.display()
    ))
}

/// Lines of every `.rs` file under `dir`, recursively.
fn rust_lines(dir: &Path) -> Result<usize, String> {
    let mut total = 0;
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            total += rust_lines(&path)?;
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            total += text.lines().count();
        }
    }
    Ok(total)
}
