//! The sweep's endpoint step: every swept model's own endpoint tests
//! (`smithy.rules#endpointTests`), run once, in one crate.
//!
//! Running them through each generated crate would compile every model's types as well, while
//! only the endpoint rules are under test: so each model's resolver and tests are generated
//! (`emit::endpoint::standalone`) as two modules of one scratch crate, [`PACKAGE`], a member of
//! the sweep's workspace that depends on `smithy-rt` alone. It is linted like the crates
//! (`clippy --all-targets -D warnings`), then tested. A model whose rules were not generated,
//! a case emitted as ignored, or a case that fails is a failure of that model's row.
//! `cargo xtask endpoint-tests` is `cargo xtask sweep --endpoints-only`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use smithy_codegen::ir::ServiceIr;
use smithy_codegen::naming::is_rust_keyword;

use super::{Options, Row, clippy_result, diagnostics, run_cargo};
use crate::codegen::{ensure_file_contents, leftover_files};

/// The scratch crate's package name (and directory in the sweep's workspace).
pub const PACKAGE: &str = "endpoint-tests";

/// One model's part of the endpoint crate.
#[derive(Default)]
pub struct Model {
    /// Rust module of its resolver in the crate (`acm_pca`).
    module: String,
    /// Test cases generated; `None` when there are no rules to test.
    cases: Option<usize>,
    /// Why the model's rule set was not generated.
    not_generated: Option<String>,
    /// (case index, reason) of the cases emitted as ignored.
    skipped: Vec<(usize, String)>,
    /// libtest's results for the module's tests, once they ran.
    counts: Option<Counts>,
}

#[derive(Default, Clone, Copy)]
struct Counts {
    passed: usize,
    failed: usize,
    ignored: usize,
}

impl Model {
    /// Generates the resolver and tests of the model `name` into the endpoint crate under
    /// `out` (`src/<module>.rs`, `src/<module>_tests.rs`).
    pub fn of(ir: &ServiceIr, name: &str, out: &Path) -> Result<Model, String> {
        let module = module_name(name);
        let mut model = Model {
            module: module.clone(),
            ..Model::default()
        };
        let path = format!("crate::{module}");
        let standalone = smithy_codegen::emit::endpoint::standalone(ir, &path)
            .map_err(|e| format!("{name}: endpoint rules: {e}"))?;
        let Some(standalone) = standalone else {
            model.not_generated = ir
                .warnings
                .iter()
                .find(|w| w.contains("endpoint rules not generated"))
                .cloned();
            return Ok(model);
        };
        let src = out.join(PACKAGE).join("src");
        ensure_file_contents(&src.join(format!("{module}.rs")), &standalone.rules, false)?;
        ensure_file_contents(
            &src.join(format!("{module}_tests.rs")),
            &standalone.tests,
            false,
        )?;
        model.cases = Some(standalone.cases);
        model.skipped = standalone.skipped;
        Ok(model)
    }

    /// The table's column: cases passed of cases.
    pub fn column(&self) -> String {
        match (self.cases, self.counts, &self.not_generated) {
            (_, _, Some(_)) => "not gen.".to_owned(),
            (Some(cases), Some(counts), None) => format!("{}/{cases}", counts.passed),
            _ => "-".to_owned(),
        }
    }

    /// What makes the model fail the endpoint step, if anything.
    fn problem(&self) -> Option<String> {
        if let Some(reason) = &self.not_generated {
            return Some(reason.clone());
        }
        let cases = self.cases?;
        let counts = self.counts.unwrap_or_default();
        let mut problems = Vec::new();
        if counts.failed > 0 {
            problems.push(format!("{} failed", counts.failed));
        }
        if !self.skipped.is_empty() {
            let reasons: Vec<String> = self
                .skipped
                .iter()
                .map(|(i, reason)| format!("case {i}: {reason}"))
                .collect();
            problems.push(format!("skipped {}", reasons.join("; ")));
        }
        let ran = counts.passed + counts.failed + counts.ignored;
        if ran != cases {
            problems.push(format!("{cases} cases generated, {ran} ran"));
        }
        (!problems.is_empty()).then(|| problems.join(", "))
    }
}

/// `acm-pca` -> `acm_pca`, a module name that is no keyword.
fn module_name(name: &str) -> String {
    let name: String = name
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

/// Lints and runs the endpoint crate over the models of `rows`, records each model's results
/// (and failure) in its row, and returns the summary line.
pub fn run(root: &Path, opts: &Options, rows: &mut [Row]) -> Result<String, String> {
    let dir = opts.out.join(PACKAGE);
    write_crate(&dir, rows)?;
    let logs = opts.out.join("logs");
    std::fs::create_dir_all(&logs).map_err(|e| format!("{}: {e}", logs.display()))?;

    let clippy_args = [
        "clippy",
        "--message-format=json",
        "-p",
        PACKAGE,
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ];
    let (clippy_took, output) = run_cargo(root, opts, &clippy_args)?;
    let log = logs.join(format!("{PACKAGE}.clippy.log"));
    if let Err(lints) = clippy_result(&output, &log)? {
        // Each module is one model's: the files the messages point at name the models.
        let files = diagnostics(&String::from_utf8_lossy(&output.stdout)).files;
        let mut blamed = 0;
        for row in rows.iter_mut().filter(|r| r.failure.is_none()) {
            let module = &row.endpoints.module;
            let ours = [format!("src/{module}.rs"), format!("src/{module}_tests.rs")];
            if files.iter().any(|f| ours.iter().any(|o| f.ends_with(o))) {
                row.failure = Some(format!(
                    "endpoint rules: clippy: {lints} (see {})",
                    log.display()
                ));
                blamed += 1;
            }
        }
        if blamed == 0 {
            return Err(format!(
                "clippy failed on the endpoint crate {}: {lints} (see {})",
                dir.display(),
                log.display()
            ));
        }
    }
    let (test_took, output) = run_cargo(
        root,
        opts,
        &["test", "-p", PACKAGE, "--lib", "--", "--format", "pretty"],
    )?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let log = logs.join(format!("{PACKAGE}.test.log"));
    let mut text = stdout.to_string();
    text.push_str(&String::from_utf8_lossy(&output.stderr));
    std::fs::write(&log, text).map_err(|e| format!("{}: {e}", log.display()))?;
    let mut per_module = parse_results(&stdout);

    let mut total = Counts::default();
    let (mut models, mut cases, mut not_generated) = (0, 0, 0);
    for row in rows.iter_mut() {
        let endpoints = &mut row.endpoints;
        if endpoints.cases.is_some() {
            let counts = per_module.remove(&endpoints.module).unwrap_or_default();
            endpoints.counts = Some(counts);
            total.passed += counts.passed;
            total.failed += counts.failed;
            total.ignored += counts.ignored;
        }
        models += usize::from(endpoints.cases.is_some() || endpoints.not_generated.is_some());
        cases += endpoints.cases.unwrap_or(0);
        not_generated += usize::from(endpoints.not_generated.is_some());
        if let Some(problem) = endpoints.problem()
            && row.failure.is_none()
        {
            row.failure = Some(format!("endpoint tests: {problem} (see {})", log.display()));
        }
    }
    println!(
        "endpoint tests: clippy {:.1} s, build and run {:.1} s",
        secs(clippy_took),
        secs(test_took)
    );
    Ok(format!(
        "endpoint-tests: {models} models, {cases} cases: {} passed, {} failed, {} skipped; \
         rules not generated: {not_generated}",
        total.passed, total.failed, total.ignored
    ))
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

/// `Cargo.toml` and `src/lib.rs` of the endpoint crate over the models of `rows` that have
/// rules; module files of models not in this run go.
fn write_crate(dir: &Path, rows: &[Row]) -> Result<(), String> {
    let manifest = format!(
        "# Written by cargo xtask sweep; scratch, not part of the repository.\n\
         [package]\nname = \"{PACKAGE}\"\nversion = \"0.0.0\"\nedition.workspace = true\n\
         publish = false\n\n[dependencies]\nsmithy-rt.workspace = true\n"
    );
    ensure_file_contents(&dir.join("Cargo.toml"), &manifest, false)?;
    let mut lib = String::from(
        "//! Written by cargo xtask sweep: each model's endpoint resolver, and its endpoint \
         tests.\n",
    );
    let src = dir.join("src");
    let mut expected: Vec<PathBuf> = vec![src.join("lib.rs")];
    for row in rows.iter().filter(|r| r.endpoints.cases.is_some()) {
        let m = &row.endpoints.module;
        lib.push_str(&format!(
            "\n/// `{}`\n#[rustfmt::skip]\npub mod {m};\n#[cfg(test)]\n#[rustfmt::skip]\nmod {m}_tests;\n",
            row.name
        ));
        expected.push(src.join(format!("{m}.rs")));
        expected.push(src.join(format!("{m}_tests.rs")));
    }
    ensure_file_contents(&src.join("lib.rs"), &lib, false)?;
    for extra in leftover_files(&src, &expected)? {
        std::fs::remove_file(&extra).map_err(|e| format!("{}: {e}", extra.display()))?;
    }
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_names_are_identifiers() {
        assert_eq!(module_name("acm-pca"), "acm_pca");
        assert_eq!(module_name("type"), "m_type");
        assert_eq!(module_name("2fa"), "m_2fa");
    }

    #[test]
    fn results_are_counted_per_module() {
        let stdout = "running 4 tests\n\
                      test acm_tests::case_0 ... ok\n\
                      test acm_tests::case_1 ... FAILED\n\
                      test acm_pca_tests::case_0 ... ignored, no reason\n\
                      test acm_pca_tests::case_1 ... ok\n\
                      test result: FAILED. 2 passed; 1 failed; 1 ignored\n";
        let counts = parse_results(stdout);
        let acm = counts.get("acm").copied().unwrap_or_default();
        assert_eq!((acm.passed, acm.failed, acm.ignored), (1, 1, 0));
        let pca = counts.get("acm_pca").copied().unwrap_or_default();
        assert_eq!((pca.passed, pca.failed, pca.ignored), (1, 0, 1));
    }

    #[test]
    fn a_model_fails_on_anything_but_every_case_passing() {
        let ran = |passed, failed, ignored| Model {
            module: "m".into(),
            cases: Some(3),
            counts: Some(Counts {
                passed,
                failed,
                ignored,
            }),
            ..Model::default()
        };
        assert_eq!(ran(3, 0, 0).problem(), None);
        assert_eq!(ran(3, 0, 0).column(), "3/3");
        assert_eq!(ran(2, 1, 0).problem().as_deref(), Some("1 failed"));
        assert_eq!(
            ran(1, 0, 0).problem().as_deref(),
            Some("3 cases generated, 1 ran")
        );
        let skipped = Model {
            skipped: vec![(2, "needs x".into())],
            ..ran(2, 0, 1)
        };
        assert_eq!(
            skipped.problem().as_deref(),
            Some("skipped case 2: needs x")
        );
        let missing = Model {
            not_generated: Some("endpoint rules not generated (aws.foo)".into()),
            ..Model::default()
        };
        assert_eq!(missing.column(), "not gen.");
        assert!(missing.problem().is_some_and(|p| p.contains("aws.foo")));
        // No rule set: nothing to test, nothing wrong.
        assert_eq!(Model::default().problem(), None);
    }
}
