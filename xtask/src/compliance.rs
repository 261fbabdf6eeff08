//! `cargo xtask compliance`: runs the generated protocol tests and sums up the results.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use crate::config;

/// The compliance suites: a Smithy protocol and the crates of `codegen.json` whose
/// `protocol_tests` run its cases. Every such crate belongs to exactly one suite.
const SUITES: &[(&str, &[&str])] = &[
    ("awsJson1_1", &["json-protocol", "machinelearning"]),
    ("awsQuery", &["query-protocol"]),
];

pub fn run(root: &Path) -> Result<(), String> {
    let entries = config::load(root, &root.join("codegen.json"), &BTreeMap::new())?;
    let packages: Vec<&str> = entries
        .iter()
        .filter(|e| e.config.protocol_tests)
        .map(|e| e.config.package.as_str())
        .collect();
    if packages.is_empty() {
        return Err("no crate in codegen.json has `protocol_tests` set".into());
    }
    for package in &packages {
        if !SUITES.iter().any(|(_, members)| members.contains(package)) {
            return Err(format!(
                "crate `{package}` has `protocol_tests` but is in no suite of xtask/src/compliance.rs"
            ));
        }
    }
    let mut lines = Vec::new();
    let mut all = Totals::default();
    let mut failed_runs = Vec::new();
    for (suite, members) in SUITES {
        let (totals, success) = run_suite(root, members)?;
        lines.push(format!(
            "compliance {suite}: {} passed, {} failed, {} skipped",
            totals.passed, totals.failed, totals.ignored
        ));
        if !success {
            failed_runs.push(*suite);
        }
        all.passed += totals.passed;
        all.failed += totals.failed;
        all.ignored += totals.ignored;
    }
    for line in lines {
        println!("{line}");
    }
    println!(
        "compliance: {} passed, {} failed, {} skipped",
        all.passed, all.failed, all.ignored
    );
    if all.failed > 0 || !failed_runs.is_empty() {
        return Err(format!(
            "{} compliance case(s) failed (suites: {})",
            all.failed,
            failed_runs.join(", ")
        ));
    }
    Ok(())
}

/// Runs the protocol tests of `packages`; the totals, and whether cargo succeeded.
fn run_suite(root: &Path, packages: &[&str]) -> Result<(Totals, bool), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(root)
        .args(["test", "--no-fail-fast", "--test", "protocol_tests"]);
    for p in packages {
        cmd.args(["-p", p]);
    }
    let output = cmd
        .output()
        .map_err(|e| format!("cannot run cargo test: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    print!("{stdout}");
    let totals = sum_results(&stdout);
    if totals.binaries == 0 {
        eprint!("{}", String::from_utf8_lossy(&output.stderr));
        return Err(format!(
            "the protocol tests of {} did not run (see cargo's output above)",
            packages.join(", ")
        ));
    }
    Ok((totals, output.status.success()))
}

#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Totals {
    pub(crate) binaries: usize,
    pub(crate) passed: usize,
    pub(crate) failed: usize,
    pub(crate) ignored: usize,
}

/// Adds up libtest's `test result:` lines.
pub(crate) fn sum_results(stdout: &str) -> Totals {
    let mut totals = Totals::default();
    for line in stdout.lines() {
        let Some(rest) = line.strip_prefix("test result: ") else {
            continue;
        };
        totals.binaries += 1;
        for part in rest.split(';') {
            let mut words = part.split_whitespace().rev();
            let (Some(label), Some(count)) = (words.next(), words.next()) else {
                continue;
            };
            let Ok(count) = count.parse::<usize>() else {
                continue;
            };
            match label {
                "passed" => totals.passed += count,
                "failed" => totals.failed += count,
                "ignored" => totals.ignored += count,
                _ => {}
            }
        }
    }
    totals
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_every_test_binary() {
        let out = "running 3 tests\n\
                   test result: ok. 3 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.01s\n\
                   test result: FAILED. 5 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s\n";
        assert_eq!(
            sum_results(out),
            Totals {
                binaries: 2,
                passed: 8,
                failed: 2,
                ignored: 1
            }
        );
    }

    #[test]
    fn no_result_lines_means_nothing_ran() {
        assert_eq!(sum_results("error: could not compile").binaries, 0);
    }
}
