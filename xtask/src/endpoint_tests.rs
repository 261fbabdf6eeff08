//! `cargo xtask endpoint-tests`: every model's own endpoint tests (`smithy.rules#endpointTests`),
//! for every awsJson model in `../shared/models/aws/`, in one `cargo test`.
//!
//! Compiling 140 whole crates would take long on two cores, and only the endpoint rules are
//! under test: each model's resolver and tests are generated as two modules of one scratch
//! crate outside the repository (`$TMPDIR/endpoint-sweep` unless `--out` says otherwise),
//! which depends on `smithy-rt` only and builds in the workspace's target directory (its
//! dependencies are already built there). The last line is `endpoint-tests: N models, C
//! cases: P passed, F failed, S skipped; rules not generated: G`; the command fails unless
//! F, S and G are all 0.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use smithy_codegen::CrateConfig;
use smithy_codegen::naming::is_rust_keyword;

const USAGE: &str = "usage: cargo xtask endpoint-tests [--models DIR] [--out DIR]";

/// One model's part of the run.
struct ModelRun {
    /// Model file name (`acm-pca.json`).
    file: String,
    /// Rust module of its resolver in the scratch crate (`acm_pca`).
    module: String,
    /// Test cases generated; `None` when the rules were not generated.
    cases: Option<usize>,
    /// Why the rules were not generated, or generation failed.
    problem: Option<String>,
    /// (case index, reason) of the cases emitted as ignored.
    skipped: Vec<(usize, String)>,
}

#[derive(Default)]
struct Counts {
    passed: usize,
    failed: usize,
    ignored: usize,
}

pub fn run(root: &Path, args: &[String]) -> Result<(), String> {
    let mut models_dir = root.join("../shared/models/aws");
    let mut out = std::env::temp_dir().join("endpoint-sweep");
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = || {
            args.next()
                .map(PathBuf::from)
                .ok_or_else(|| format!("{arg} needs a value\n{USAGE}"))
        };
        match arg.as_str() {
            "--models" => models_dir = value()?,
            "--out" => out = value()?,
            other => return Err(format!("unknown argument {other}\n{USAGE}")),
        }
    }
    let out = absolute(&out)?;
    let repo = absolute(root)?;
    if out.starts_with(&repo) {
        return Err(format!(
            "--out {} is inside the repository; the sweep writes only to a scratch directory",
            out.display()
        ));
    }
    let files = aws_json_models(&models_dir)?;

    let started = Instant::now();
    let runs = generate_all(&models_dir, &files, &out)?;
    write_crate(root, &out, &runs)?;
    let generated = started.elapsed();
    println!(
        "generated the endpoint rules and tests of {} models into {} in {:.1} s",
        runs.len(),
        out.display(),
        generated.as_secs_f64()
    );

    let target = root.join("target");
    let build_started = Instant::now();
    let built = cargo(&out, &target, &["test", "--lib", "--no-run", "--quiet"])
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !built.success() {
        return Err(format!(
            "the scratch crate in {} does not build",
            out.display()
        ));
    }
    let build = build_started.elapsed();
    let run_started = Instant::now();
    let output = cargo(
        &out,
        &target,
        &["test", "--lib", "--quiet", "--", "--format", "pretty"],
    )
    .output()
    .map_err(|e| format!("cannot run cargo: {e}"))?;
    let ran = run_started.elapsed();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let per_module = parse_results(&stdout);

    report(&runs, &per_module, &stdout);
    let total = per_module.values().fold(Counts::default(), |mut t, c| {
        t.passed += c.passed;
        t.failed += c.failed;
        t.ignored += c.ignored;
        t
    });
    let cases: usize = runs.iter().filter_map(|r| r.cases).sum();
    let not_generated = runs.iter().filter(|r| r.problem.is_some()).count();
    println!(
        "timing: generate {:.1} s, build {:.1} s, run {:.1} s",
        generated.as_secs_f64(),
        build.as_secs_f64(),
        ran.as_secs_f64()
    );
    println!(
        "endpoint-tests: {} models, {cases} cases: {} passed, {} failed, {} skipped; rules not \
         generated: {not_generated}",
        runs.len(),
        total.passed,
        total.failed,
        total.ignored
    );
    let ran_all = total.passed + total.failed + total.ignored == cases;
    if total.failed == 0 && total.ignored == 0 && not_generated == 0 && ran_all {
        Ok(())
    } else if !ran_all {
        Err(format!(
            "{cases} cases were generated but libtest reported {}",
            total.passed + total.failed + total.ignored
        ))
    } else {
        Err(String::new())
    }
}

fn absolute(path: &Path) -> Result<PathBuf, String> {
    std::fs::create_dir_all(path).map_err(|e| format!("{}: {e}", path.display()))?;
    path.canonicalize()
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// The model files `MANIFEST.txt` lists with an awsJson protocol.
fn aws_json_models(dir: &Path) -> Result<Vec<String>, String> {
    let manifest = dir.join("MANIFEST.txt");
    let text = std::fs::read_to_string(&manifest).map_err(|e| {
        format!(
            "cannot read {} (the models belong in ../shared beside the repository): {e}",
            manifest.display()
        )
    })?;
    let mut files = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        match fields.as_slice() {
            [] => {}
            [_sha, file, _upstream, protocols] => {
                if protocols.split('+').any(|p| p.starts_with("awsJson")) {
                    files.push((*file).to_owned());
                }
            }
            _ => {
                return Err(format!(
                    "{}:{}: expected 4 fields",
                    manifest.display(),
                    n + 1
                ));
            }
        }
    }
    if files.is_empty() {
        return Err(format!("{} lists no awsJson model", manifest.display()));
    }
    Ok(files)
}

/// `acm-pca.json` -> `acm_pca`, a module name that is no keyword.
fn module_name(file: &str) -> String {
    let stem = file.strip_suffix(".json").unwrap_or(file);
    let name: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if is_rust_keyword(&name) || name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("m_{name}")
    } else {
        name
    }
}

/// Generates every model, on as many threads as there are cores (models are independent).
fn generate_all(models: &Path, files: &[String], out: &Path) -> Result<Vec<ModelRun>, String> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let next = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let work = || {
        let mut done = Vec::new();
        while let Some(file) = files.get(next.fetch_add(1, Ordering::Relaxed)) {
            done.push(generate(models, file, out));
        }
        done
    };
    let mut runs = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads)
            .filter_map(|_| {
                std::thread::Builder::new()
                    .stack_size(8 << 20)
                    .spawn_scoped(scope, work)
                    .ok()
            })
            .collect();
        let mut runs = work();
        for helper in helpers {
            runs.extend(helper.join().unwrap_or_default());
        }
        runs
    })
    .into_iter()
    .collect::<Result<Vec<_>, _>>()?;
    runs.sort_by(|a, b| a.file.cmp(&b.file));
    Ok(runs)
}

/// Generates one model's resolver and tests into `out/src/<module>.rs` and
/// `out/src/<module>_tests.rs`.
fn generate(models: &Path, file: &str, out: &Path) -> Result<ModelRun, String> {
    let module = module_name(file);
    let mut run = ModelRun {
        file: file.to_owned(),
        module: module.clone(),
        cases: None,
        problem: None,
        skipped: Vec::new(),
    };
    let model = match smithy_model::Model::load(&models.join(file)) {
        Ok(model) => model,
        Err(e) => {
            run.problem = Some(format!("model does not load: {e}"));
            return Ok(run);
        }
    };
    let config = CrateConfig {
        package: module.clone(),
        ..Default::default()
    };
    let ir = match smithy_codegen::ir::build(&model, &config) {
        Ok(ir) => ir,
        Err(e) => {
            run.problem = Some(format!("generation failed: {e}"));
            return Ok(run);
        }
    };
    let generated = smithy_codegen::emit::endpoint::standalone(&ir, &format!("crate::{module}"))
        .map_err(|e| format!("{file}: {e}"))?;
    let Some(generated) = generated else {
        run.problem = Some(
            ir.warnings
                .iter()
                .find(|w| w.contains("endpoint rules not generated"))
                .cloned()
                .unwrap_or_else(|| "the model has no smithy.rules#endpointRuleSet".to_owned()),
        );
        return Ok(run);
    };
    let src = out.join("src");
    write_if_changed(&src.join(format!("{module}.rs")), &generated.rules)?;
    write_if_changed(&src.join(format!("{module}_tests.rs")), &generated.tests)?;
    run.cases = Some(generated.cases);
    run.skipped = generated.skipped;
    Ok(run)
}

/// `Cargo.toml`, `Cargo.lock` (the workspace's, so the dependencies built there are reused)
/// and `src/lib.rs` of the scratch crate.
fn write_crate(root: &Path, out: &Path, runs: &[ModelRun]) -> Result<(), String> {
    let runtime = absolute(&root.join("runtime"))?;
    let manifest = format!(
        "# Written by cargo xtask endpoint-tests; scratch, not part of the repository.\n\
         [package]\nname = \"endpoint-sweep\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\
         publish = false\n\n[dependencies]\n\
         smithy-rt = {{ path = {:?}, default-features = false }}\n\n[workspace]\n",
        runtime.display().to_string()
    );
    write_if_changed(&out.join("Cargo.toml"), &manifest)?;
    let lock = std::fs::read_to_string(root.join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    write_if_changed(&out.join("Cargo.lock"), &lock)?;
    let mut lib = String::from(
        "// Written by cargo xtask endpoint-tests: each model's endpoint resolver, and its\n\
         // endpoint tests.\n#![deny(warnings)]\n#![allow(missing_docs)]\n",
    );
    for run in runs.iter().filter(|r| r.cases.is_some()) {
        let m = &run.module;
        lib.push_str(&format!(
            "\n#[rustfmt::skip]\npub mod {m};\n#[cfg(test)]\n#[rustfmt::skip]\nmod {m}_tests;\n"
        ));
    }
    write_if_changed(&out.join("src/lib.rs"), &lib)
}

/// Writes `contents` unless the file already has them (so cargo rebuilds only what changed).
fn write_if_changed(path: &Path, contents: &str) -> Result<(), String> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == contents) {
        return Ok(());
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(path, contents).map_err(|e| format!("{}: {e}", path.display()))
}

fn cargo(out: &Path, target: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command
        .args(args)
        .current_dir(out)
        .env("CARGO_TARGET_DIR", target);
    command
}

/// Counts per module from libtest's `test <module>_tests::<case> ... ok|FAILED|ignored` lines.
fn parse_results(stdout: &str) -> BTreeMap<String, Counts> {
    let mut counts: BTreeMap<String, Counts> = BTreeMap::new();
    for line in stdout.lines() {
        let Some(rest) = line.strip_prefix("test ") else {
            continue;
        };
        let Some((name, outcome)) = rest.split_once(" ... ") else {
            continue;
        };
        let Some((module, _case)) = name.split_once("_tests::") else {
            continue;
        };
        let entry = counts.entry(module.to_owned()).or_default();
        if outcome == "ok" {
            entry.passed += 1;
        } else if outcome.starts_with("ignored") {
            entry.ignored += 1;
        } else {
            entry.failed += 1;
        }
    }
    counts
}

fn report(runs: &[ModelRun], per_module: &BTreeMap<String, Counts>, stdout: &str) {
    println!(
        "{:<40} {:>6} {:>7} {:>7} {:>8}",
        "model", "cases", "passed", "failed", "skipped"
    );
    let none = Counts::default();
    for run in runs {
        match run.cases {
            Some(cases) => {
                let c = per_module.get(&run.module).unwrap_or(&none);
                println!(
                    "{:<40} {cases:>6} {:>7} {:>7} {:>8}",
                    run.file, c.passed, c.failed, c.ignored
                );
            }
            None => println!("{:<40} not generated", run.file),
        }
    }
    for run in runs {
        if let Some(problem) = &run.problem {
            println!("not generated: {}: {problem}", run.file);
        }
        for (i, reason) in &run.skipped {
            println!("skipped: {} case {i}: {reason}", run.file);
        }
    }
    // libtest prints each failure's panic message under `failures:`; show the first ones.
    if let Some(at) = stdout.find("\nfailures:\n") {
        let failures = stdout.get(at..).unwrap_or_default();
        let failures: Vec<&str> = failures.lines().take(80).collect();
        let failures = failures.join("\n");
        println!("{failures}");
    }
}
