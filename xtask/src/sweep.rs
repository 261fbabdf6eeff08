//! `cargo xtask sweep`: generates every model of `../shared/models/aws/` that speaks a
//! protocol the generator supports (and Firehose) into a scratch workspace outside the
//! repository, runs every model's endpoint tests, then clippy (`--all-features --all-targets
//! -D warnings`) and the tests of each crate.
//!
//! The scratch workspace inherits the repository's `[workspace.package]`, dependencies and
//! profiles (path dependencies pointing back at `runtime/` and `client/`), a copy of its
//! `Cargo.lock` and its `clippy.toml`, and builds into the repository's target directory by
//! default, so the dependencies CI has already compiled are reused. Files are written only
//! when they change, so a second sweep recompiles only what the generator changed.
//!
//! Endpoint tests run once per model, in one crate ([`endpoints`]); each crate's own `cargo
//! test` runs the rest (its size-estimate test and doc tests), not its endpoint tests again.

mod endpoints;
mod paths;
mod sizes;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

use serde_json::Value;
use smithy_codegen::CrateConfig;
use smithy_model::Model;

use crate::codegen::{ensure_file_contents, leftover_files};

/// Models outside `aws/`, relative to `<shared>/models`, swept too: (crate name, file).
const EXTRA_MODELS: &[(&str, &str)] = &[("firehose", "firehose.json")];

const USAGE: &str = "usage: cargo xtask sweep [--sample] [--only A,B] [--generate-only] \
                     [--endpoints-only] [--no-test] [--paths] [--out DIR] [--target-dir DIR] \
                     [--shared DIR]";

/// Parsed command-line options.
pub struct Options {
    /// `../shared` (models and protocol tests).
    shared: PathBuf,
    /// The scratch workspace.
    out: PathBuf,
    /// Cargo's target directory for the scratch crates.
    target_dir: PathBuf,
    /// Lint and test only [`paths::SAMPLE`] (every model is still generated and its endpoint
    /// tests run).
    sample: bool,
    /// Restrict every step to these models.
    only: Vec<String>,
    generate_only: bool,
    /// Generate, then run the endpoint tests; no clippy.
    endpoints_only: bool,
    /// Clippy without the tests (endpoint tests included).
    no_test: bool,
    /// Print which models exercise which generator path.
    paths: bool,
}

/// `$TMPDIR/smithy-sweep-<hash of the checkout's path>`: one scratch workspace per checkout,
/// so that sweeps of two checkouts at once don't write over each other's crates.
fn default_scratch(root: &Path) -> PathBuf {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    root.canonicalize().unwrap_or_else(|_| root.to_path_buf()).hash(&mut hasher);
    std::env::temp_dir().join(format!("smithy-sweep-{:016x}", hasher.finish()))
}

pub fn parse_args(root: &Path, args: &[String]) -> Result<Options, String> {
    let target_dir = match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => root.join(dir),
        None => root.join("target"),
    };
    let mut opts = Options {
        shared: root.join("../shared"),
        out: default_scratch(root),
        target_dir,
        sample: false,
        only: Vec::new(),
        generate_only: false,
        endpoints_only: false,
        no_test: false,
        paths: false,
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |flag: &str| {
            it.next()
                .map(PathBuf::from)
                .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))
        };
        match arg.as_str() {
            "--shared" => opts.shared = value("--shared")?,
            "--out" => opts.out = value("--out")?,
            "--target-dir" => opts.target_dir = value("--target-dir")?,
            "--only" => {
                let list = value("--only")?;
                opts.only
                    .extend(list.to_string_lossy().split(',').map(str::to_owned));
            }
            "--sample" => opts.sample = true,
            "--generate-only" => opts.generate_only = true,
            "--endpoints-only" => opts.endpoints_only = true,
            "--no-test" => opts.no_test = true,
            "--paths" => opts.paths = true,
            other => return Err(format!("unknown sweep option `{other}`\n{USAGE}")),
        }
    }
    if opts.sample && !opts.only.is_empty() {
        return Err("--sample checks the fixed sample; --only picks other models: use one".into());
    }
    if opts.generate_only && (opts.endpoints_only || opts.no_test) {
        return Err("--generate-only runs nothing after generating".into());
    }
    if opts.out.is_relative() {
        opts.out = std::env::current_dir()
            .map_err(|e| format!("current directory: {e}"))?
            .join(&opts.out);
    }
    Ok(opts)
}

/// One model to sweep.
struct Target {
    /// Crate name: the model file's stem.
    name: String,
    path: PathBuf,
}

/// What happened to one model.
#[derive(Default)]
struct Row {
    name: String,
    operations: usize,
    lines: usize,
    generate: Duration,
    clippy: Option<Duration>,
    test: Option<Duration>,
    /// `None` while nothing failed.
    failure: Option<String>,
    tests_passed: usize,
    warnings: Vec<String>,
    paths: BTreeSet<&'static str>,
    /// The model's endpoint resolver and tests for [`endpoints`].
    endpoints: endpoints::Model,
}

pub fn run(root: &Path, opts: &Options) -> Result<(), String> {
    let started = Instant::now();
    let Models {
        swept: targets,
        unsupported,
    } = models(&opts.shared)?;
    let targets: Vec<Target> = if opts.only.is_empty() {
        targets
    } else {
        for name in &opts.only {
            if !targets.iter().any(|t| &t.name == name) {
                return Err(format!("--only names `{name}`, which is not a swept model"));
            }
        }
        targets
            .into_iter()
            .filter(|t| opts.only.contains(&t.name))
            .collect()
    };
    refuse_repository(root, &opts.out)?;
    println!(
        "sweep: generating {} model(s) into {} (target dir {})",
        targets.len(),
        opts.out.display(),
        opts.target_dir.display()
    );
    let mut rows = each_in_parallel(&targets, |target| generate(target, &opts.out))?;
    for row in &rows {
        println!(
            "  {:<40} {:>4} ops {:>7} lines {:>6} ms",
            row.name,
            row.operations,
            row.lines,
            row.generate.as_millis()
        );
    }
    let generated: Vec<String> = rows
        .iter()
        .filter(|r| r.failure.is_none())
        .map(|r| r.name.clone())
        .collect();
    let run_endpoints = !opts.generate_only;
    let mut members = generated.clone();
    if run_endpoints {
        members.push(endpoints::PACKAGE.to_owned());
    }
    write_workspace(root, &opts.out, &members)?;

    if opts.paths {
        for (path, names) in paths::coverage(&rows_paths(&rows)) {
            println!(
                "path {path:<40} {:>3} model(s): {}",
                names.len(),
                names.join(" ")
            );
        }
    }
    if opts.sample {
        paths::check_sample(paths::SAMPLE, &rows_paths(&rows))?;
    }
    let mut endpoint_summary = None;
    if run_endpoints {
        let run = endpoints::run(root, opts, &mut rows)?;
        endpoint_summary = Some(run);
    }
    if !opts.generate_only && !opts.endpoints_only {
        let checked: Vec<String> = if opts.sample {
            paths::SAMPLE.iter().map(|(n, _)| (*n).to_owned()).collect()
        } else {
            generated.clone()
        };
        let logs = opts.out.join("logs");
        std::fs::create_dir_all(&logs).map_err(|e| format!("{}: {e}", logs.display()))?;
        for row in rows.iter_mut().filter(|r| checked.contains(&r.name)) {
            if row.failure.is_none() {
                check(root, opts, &logs, row)?;
            }
        }
    }
    print_report(&rows, &unsupported);
    let failed = rows.iter().filter(|r| r.failure.is_some()).count();
    let clean = rows
        .iter()
        .filter(|r| r.clippy.is_some() && r.failure.is_none())
        .count();
    if let Some(summary) = &endpoint_summary {
        println!("{summary}");
    }
    if !opts.generate_only && !opts.endpoints_only {
        let tested: usize = rows.iter().map(|r| r.tests_passed).sum();
        println!(
            "sweep: clippy on {} of {} crate(s){}; {tested} test(s) passed; {:.0} s in all",
            rows.iter().filter(|r| r.clippy.is_some()).count(),
            rows.len(),
            if opts.sample { " (the sample)" } else { "" },
            started.elapsed().as_secs_f64()
        );
    }
    println!(
        "sweep: {} generated, {clean} lint-clean, {failed} failed",
        generated.len()
    );
    if failed > 0 {
        return Err(format!("{failed} model(s) failed the sweep"));
    }
    Ok(())
}

/// `work` over `items` on as many threads as there are cores (models are independent), the
/// results in `items`' order.
fn each_in_parallel<T: Sync, R: Send>(
    items: &[T],
    work: impl Fn(&T) -> Result<R, String> + Sync,
) -> Result<Vec<R>, String> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let next = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let worker = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else {
                return done;
            };
            done.push((i, work(item)));
        }
    };
    let mut results = std::thread::scope(|scope| {
        // Deep models (nested shapes) need more stack than a spawned thread's default.
        let helpers: Vec<_> = (1..threads)
            .filter_map(|_| {
                std::thread::Builder::new()
                    .stack_size(8 << 20)
                    .spawn_scoped(scope, worker)
                    .ok()
            })
            .collect();
        let mut results = worker();
        for helper in helpers {
            results.extend(helper.join().unwrap_or_default());
        }
        results
    });
    if results.len() != items.len() {
        return Err("a sweep worker thread panicked (see its message above)".into());
    }
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

/// The models of the manifest (and [`EXTRA_MODELS`]).
struct Models {
    /// Those with a supported protocol, sorted by name.
    swept: Vec<Target>,
    /// The others: (name, protocols).
    unsupported: Vec<(String, String)>,
}

/// Whether one of a manifest line's protocols (`awsJson1_1+rpcv2Cbor`) is one the generator
/// speaks.
fn supported(protocols: &str) -> bool {
    let ours = smithy_codegen::protocol::supported();
    protocols.split('+').any(|p| {
        ours.iter()
            .any(|id| id.strip_prefix("aws.protocols#") == Some(p))
    })
}

fn models(shared: &Path) -> Result<Models, String> {
    let models = shared.join("models");
    let manifest = models.join("aws/MANIFEST.txt");
    let text = std::fs::read_to_string(&manifest).map_err(|e| {
        format!(
            "cannot read {}: {e}.\nThe sweep reads the AWS models from ../shared beside the \
             repository; put them there or point elsewhere with `--shared DIR`.",
            manifest.display()
        )
    })?;
    let mut targets = Vec::new();
    let mut unsupported = Vec::new();
    for (file, path) in EXTRA_MODELS {
        targets.push(Target {
            name: (*file).to_owned(),
            path: models.join(path),
        });
    }
    for (n, line) in text.lines().enumerate() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let [_sha, file, _upstream, protocols] = fields[..] else {
            return Err(format!(
                "{}:{}: expected `sha256 file upstream-path protocols`",
                manifest.display(),
                n + 1
            ));
        };
        let name = file.strip_suffix(".json").unwrap_or(file).to_owned();
        if supported(protocols) {
            targets.push(Target {
                name,
                path: models.join("aws").join(file),
            });
        } else {
            unsupported.push((name, protocols.to_owned()));
        }
    }
    let missing: Vec<String> = targets
        .iter()
        .filter(|t| !t.path.is_file())
        .map(|t| t.path.display().to_string())
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "model file(s) named in {} not found:\n  {}",
            manifest.display(),
            missing.join("\n  ")
        ));
    }
    targets.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(Models {
        swept: targets,
        unsupported,
    })
}

/// The sweep writes only outside the repository.
fn refuse_repository(root: &Path, out: &Path) -> Result<(), String> {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut probe = out.to_path_buf();
    // `out` may not exist yet: compare its nearest existing ancestor.
    while !probe.exists() {
        match probe.parent() {
            Some(parent) => probe = parent.to_path_buf(),
            None => break,
        }
    }
    let probe = probe.canonicalize().unwrap_or(probe);
    if probe.starts_with(&root) {
        return Err(format!(
            "--out {} is inside the repository; the sweep writes to a scratch directory \
             outside it",
            out.display()
        ));
    }
    Ok(())
}

/// Generates one crate into `<out>/<name>`; a generator error is the row's failure.
fn generate(target: &Target, out: &Path) -> Result<Row, String> {
    let mut row = Row {
        name: target.name.clone(),
        ..Row::default()
    };
    let started = Instant::now();
    let config = CrateConfig {
        package: target.name.clone(),
        ..CrateConfig::default()
    };
    let result = Model::load(&target.path)
        .map_err(|e| e.to_string())
        .and_then(|model| {
            let generated = smithy_codegen::generate(&model, &config).map_err(|e| e.to_string())?;
            Ok((model, generated))
        });
    row.generate = started.elapsed();
    // The IR again, outside the timing: for the paths, the size test and the endpoint tests.
    let result = result.and_then(|(model, generated)| {
        let ir = smithy_codegen::ir::build(&model, &config).map_err(|e| e.to_string())?;
        Ok((generated, ir))
    });
    let (generated, ir) = match result {
        Ok(ok) => ok,
        Err(message) => {
            row.failure = Some(format!("generate: {message}"));
            return Ok(row);
        }
    };
    row.operations = generated.operations;
    row.warnings = generated.warnings;
    row.paths = paths::of(&ir);
    row.endpoints = endpoints::Model::of(&ir, &target.name, out)?;
    let dir = out.join(&target.name);
    let mut expected = Vec::new();
    for file in &generated.files {
        row.lines += file.contents.lines().count();
        let path = dir.join(&file.path);
        ensure_file_contents(&path, &file.contents, false)?;
        expected.push(path);
    }
    let layout = dir.join("tests/layout.rs");
    ensure_file_contents(&layout, &sizes::test_file(&ir), false)?;
    expected.push(layout);
    for extra in leftover_files(&dir, &expected)? {
        std::fs::remove_file(&extra).map_err(|e| format!("{}: {e}", extra.display()))?;
    }
    Ok(row)
}

/// The scratch workspace's manifest: the repository's, from `[workspace.package]` on, with
/// path dependencies made absolute, over `members`. Plus the repository's lock file, so the
/// same versions are used (and already built).
fn write_workspace(root: &Path, out: &Path, members: &[String]) -> Result<(), String> {
    let manifest = root.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest)
        .map_err(|e| format!("cannot read {}: {e}", manifest.display()))?;
    let start = text
        .find("[workspace.package]")
        .ok_or_else(|| format!("{} has no [workspace.package]", manifest.display()))?;
    let absolute = format!("path = \"{}/", root.display());
    let inherited = text
        .get(start..)
        .unwrap_or_default()
        .replace("path = \"", &absolute);
    let mut list = String::new();
    for m in members {
        let _ = writeln!(list, "    {m:?},");
    }
    let workspace = format!(
        "# Scratch workspace of `cargo xtask sweep`, rewritten on every run.\n[workspace]\n\
         resolver = \"3\"\nmembers = [\n{list}]\n\n{inherited}"
    );
    ensure_file_contents(&out.join("Cargo.toml"), &workspace, false)?;
    let lock = std::fs::read_to_string(root.join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    ensure_file_contents(&out.join("Cargo.lock"), &lock, false)?;
    Ok(())
}

/// Clippy, then (unless `--no-test`) the crate's size-estimate test and doc tests (its
/// endpoint tests ran in [`endpoints`]); the first failure is the row's.
fn check(root: &Path, opts: &Options, logs: &Path, row: &mut Row) -> Result<(), String> {
    let package = row.name.clone();
    let clippy_args = [
        "clippy",
        "--message-format=json",
        "-p",
        &package,
        "--all-features",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ];
    let (took, output) = run_cargo(root, opts, &clippy_args)?;
    row.clippy = Some(took);
    let log = logs.join(format!("{package}.clippy.log"));
    if let Err(lints) = clippy_result(&output, &log)? {
        row.failure = Some(format!("clippy: {lints} (see {})", log.display()));
        print_progress(row, "FAILED clippy");
        return Ok(());
    }
    if opts.no_test {
        print_progress(row, "clippy ok");
        return Ok(());
    }
    let mut took = Duration::ZERO;
    let mut text = String::new();
    let mut failed = None;
    for target in [&["--test", "layout"][..], &["--doc"][..]] {
        let mut args = vec!["test", "-p", &package, "--all-features"];
        args.extend(target);
        let (t, output) = run_cargo(root, opts, &args)?;
        took += t;
        let stdout = String::from_utf8_lossy(&output.stdout);
        let totals = crate::compliance::sum_results(&stdout);
        row.tests_passed += totals.passed;
        text.push_str(&stdout);
        text.push_str(&String::from_utf8_lossy(&output.stderr));
        if !output.status.success() && failed.is_none() {
            let build = if totals.binaries == 0 {
                ", build failed"
            } else {
                ""
            };
            failed = Some(format!("{} failed{build}", totals.failed));
        }
    }
    row.test = Some(took);
    let log = logs.join(format!("{package}.test.log"));
    std::fs::write(&log, text).map_err(|e| format!("{}: {e}", log.display()))?;
    match failed {
        Some(what) => {
            row.failure = Some(format!("test: {what} (see {})", log.display()));
            print_progress(row, "FAILED tests");
        }
        None => print_progress(row, "clippy and tests ok"),
    }
    Ok(())
}

/// Writes the rendered messages of a `--message-format=json` clippy run to `log`; `Err` with
/// the lints (or "build failed") when it failed.
fn clippy_result(output: &Output, log: &Path) -> Result<Result<(), String>, String> {
    let diagnostics = diagnostics(&String::from_utf8_lossy(&output.stdout));
    let mut text = diagnostics.rendered.clone();
    text.push_str(&String::from_utf8_lossy(&output.stderr));
    std::fs::write(log, text).map_err(|e| format!("{}: {e}", log.display()))?;
    if output.status.success() {
        return Ok(Ok(()));
    }
    Ok(Err(if diagnostics.codes.is_empty() {
        "build failed".to_owned()
    } else {
        diagnostics
            .codes
            .iter()
            .map(|(code, n)| format!("{code} x{n}"))
            .collect::<Vec<_>>()
            .join(", ")
    }))
}

/// A cargo command in the scratch workspace; returns how long it took and its output.
fn run_cargo(root: &Path, opts: &Options, args: &[&str]) -> Result<(Duration, Output), String> {
    let started = Instant::now();
    let output = crate::cargo(&opts.out)
        .args(args)
        .env("CARGO_TARGET_DIR", &opts.target_dir)
        // The repository's clippy.toml applies to the scratch crates too.
        .env("CLIPPY_CONF_DIR", root)
        // Each crate is built once: incremental caches would only fill the disk (30 GB for
        // a full sweep).
        .env("CARGO_INCREMENTAL", "0")
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    Ok((started.elapsed(), output))
}

fn print_progress(row: &Row, what: &str) {
    let took =
        |d: Option<Duration>| d.map_or("-".to_owned(), |d| format!("{:.1} s", d.as_secs_f64()));
    println!(
        "  {:<40} {what} (clippy {}, test {})",
        row.name,
        took(row.clippy),
        took(row.test)
    );
}

/// Compiler messages of a `--message-format=json` build.
#[derive(Default)]
struct Diagnostics {
    /// Lint or error code -> how often.
    codes: BTreeMap<String, usize>,
    /// The messages as rustc prints them.
    rendered: String,
    /// Files the errors point at.
    files: BTreeSet<String>,
}

fn diagnostics(stdout: &str) -> Diagnostics {
    let mut out = Diagnostics::default();
    for line in stdout.lines() {
        let Ok(json) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        if json.get("reason").and_then(Value::as_str) != Some("compiler-message") {
            continue;
        }
        let Some(message) = json.get("message") else {
            continue;
        };
        if let Some(text) = message.get("rendered").and_then(Value::as_str) {
            out.rendered.push_str(text);
        }
        let level = message.get("level").and_then(Value::as_str);
        let text = message.get("message").and_then(Value::as_str).unwrap_or("");
        if level != Some("error") || text.starts_with("aborting due to") {
            continue;
        }
        let code = message
            .pointer("/code/code")
            .and_then(Value::as_str)
            .unwrap_or(text);
        *out.codes.entry(code.to_owned()).or_default() += 1;
        let spans = message.get("spans").and_then(Value::as_array);
        for span in spans.into_iter().flatten() {
            if let Some(file) = span.get("file_name").and_then(Value::as_str) {
                out.files.insert(file.to_owned());
            }
        }
    }
    out
}

fn rows_paths(rows: &[Row]) -> paths::Swept<'_> {
    rows.iter()
        .filter(|r| r.failure.is_none())
        .map(|r| (r.name.as_str(), (&r.paths, r.lines)))
        .collect()
}

fn print_report(rows: &[Row], unsupported: &[(String, String)]) {
    println!();
    println!(
        "{:<40} {:>5} {:>8} {:>8} {:>11} {:>9} {:>7}  result",
        "model", "ops", "lines", "gen ms", "endpoint ok", "clippy s", "test s"
    );
    let secs =
        |d: Option<Duration>| d.map_or("-".to_owned(), |d| format!("{:.1}", d.as_secs_f64()));
    for row in rows {
        let result = match (&row.failure, row.clippy, row.test) {
            (Some(failure), _, _) => format!("FAILED {failure}"),
            (None, Some(_), Some(_)) => format!("ok ({} tests)", row.tests_passed),
            (None, Some(_), None) => "lint-clean".to_owned(),
            (None, None, _) => "generated".to_owned(),
        };
        let skipped = row
            .warnings
            .iter()
            .filter(|w| w.starts_with("skipped operation"))
            .count();
        let notes = if skipped > 0 {
            format!("; {skipped} op(s) skipped")
        } else {
            String::new()
        };
        println!(
            "{:<40} {:>5} {:>8} {:>8} {:>11} {:>9} {:>7}  {result}{notes}",
            row.name,
            row.operations,
            row.lines,
            row.generate.as_millis(),
            row.endpoints.column(),
            secs(row.clippy),
            secs(row.test),
        );
    }
    println!();
    for row in rows {
        for warning in &row.warnings {
            println!("warning: {}: {warning}", row.name);
        }
    }
    for (name, protocols) in unsupported {
        println!("not swept: {name} (protocol {protocols})");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_manifest_says_where_the_models_belong() {
        let err = models(Path::new("/nonexistent/shared"))
            .err()
            .unwrap_or_default();
        assert!(
            err.contains("/nonexistent/shared/models/aws/MANIFEST.txt"),
            "{err}"
        );
        assert!(err.contains("--shared DIR"), "{err}");
    }

    #[test]
    fn manifest_protocols_pick_the_models_and_missing_files_are_named() {
        let shared = std::env::temp_dir().join(format!("sweep-manifest-{}", std::process::id()));
        let aws = shared.join("models/aws");
        std::fs::create_dir_all(&aws).unwrap_or_else(|e| panic!("{e}"));
        let manifest = "00  a.json  models/a.json  awsJson1_0\n\
                        00  b.json  models/b.json  awsJson1_1+rpcv2Cbor\n\
                        00  c.json  models/c.json  restXml\n\
                        00  d.json  models/d.json  restJson1\n\
                        00  e.json  models/e.json  awsQuery\n";
        std::fs::write(aws.join("MANIFEST.txt"), manifest).unwrap_or_else(|e| panic!("{e}"));
        let err = models(&shared).err().unwrap_or_default();
        for named in ["a.json", "b.json", "d.json", "e.json", "firehose.json"] {
            assert!(err.contains(named), "{named}: {err}");
        }
        assert!(!err.contains("c.json"), "{err}");
        for file in ["aws/a.json", "aws/b.json", "aws/d.json", "aws/e.json", "firehose.json"] {
            std::fs::write(shared.join("models").join(file), "{}")
                .unwrap_or_else(|e| panic!("{e}"));
        }
        let found = models(&shared).unwrap_or_else(|e| panic!("{e}"));
        let names: Vec<&str> = found.swept.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["a", "b", "d", "e", "firehose"]);
        assert_eq!(found.unsupported, [("c".to_owned(), "restXml".to_owned())]);
        std::fs::write(aws.join("MANIFEST.txt"), "just two\n").unwrap_or_else(|e| panic!("{e}"));
        let err = models(&shared).err().unwrap_or_default();
        assert!(err.contains("MANIFEST.txt:1"), "{err}");
        let _ = std::fs::remove_dir_all(&shared);
    }

    #[test]
    fn scratch_directories_inside_the_repository_are_refused() {
        let root = crate::root();
        let err = refuse_repository(&root, &root.join("target/sweep-here"))
            .err()
            .unwrap_or_default();
        assert!(err.contains("inside the repository"), "{err}");
        assert!(refuse_repository(&root, &std::env::temp_dir().join("smithy-sweep")).is_ok());
        // Two checkouts get two scratch workspaces; each is outside its repository.
        let other = std::env::temp_dir().join("another-checkout");
        assert_ne!(default_scratch(&root), default_scratch(&other));
        assert_eq!(default_scratch(&root), default_scratch(&root));
        assert!(refuse_repository(&root, &default_scratch(&root)).is_ok());
    }

    #[test]
    fn work_in_parallel_keeps_the_order_and_the_first_error() {
        let items: Vec<usize> = (0..50).collect();
        let doubled = each_in_parallel(&items, |i| Ok(i * 2)).unwrap_or_default();
        assert_eq!(doubled, (0..50).map(|i| i * 2).collect::<Vec<_>>());
        let failed = each_in_parallel(&items, |i| {
            if *i % 7 == 3 {
                Err(format!("item {i}"))
            } else {
                Ok(*i)
            }
        });
        assert_eq!(failed, Err("item 3".to_owned()));
    }

    #[test]
    fn diagnostics_are_counted_by_lint() {
        let lint = |code: &str| {
            format!(
                r#"{{"reason":"compiler-message","message":{{"level":"error","message":"m","code":{{"code":"{code}"}},"rendered":"error: {code}\n"}}}}"#
            )
        };
        let stdout = [
            lint("clippy::large_enum_variant"),
            lint("clippy::large_enum_variant"),
            lint("clippy::match_single_binding"),
            r#"{"reason":"compiler-message","message":{"level":"error","message":"aborting due to 3 previous errors","code":null,"rendered":"x"}}"#.to_owned(),
            r#"{"reason":"compiler-message","message":{"level":"warning","message":"w","code":null,"rendered":"w"}}"#.to_owned(),
            r#"{"reason":"build-finished","success":false}"#.to_owned(),
            "not json".to_owned(),
        ]
        .join("\n");
        let found = diagnostics(&stdout);
        assert_eq!(
            found.codes.into_iter().collect::<Vec<_>>(),
            [
                ("clippy::large_enum_variant".to_owned(), 2),
                ("clippy::match_single_binding".to_owned(), 1)
            ]
        );
        assert!(
            found
                .rendered
                .contains("error: clippy::match_single_binding")
        );
    }
}
