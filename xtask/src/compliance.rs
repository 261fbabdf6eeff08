//! `cargo xtask compliance`: runs the generated protocol tests and sums up the results, one
//! line per protocol, then the total.
//!
//! Every crate of `codegen.json` with `protocol_tests` belongs to the protocol its service
//! speaks (as the generator picks it). The tests of all of them are built in one `cargo test
//! --no-run`; then each crate's test binary runs, and its `test result:` line counts towards
//! its protocol.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use smithy_model::{Model, ShapeId};

use crate::config::{self, Entry};

/// The protocols whose compliance suites run, in the order their lines are printed. A crate
/// whose protocol is missing here is an error, so a new protocol adds its line here.
const PROTOCOLS: &[&str] = &[
    "aws.protocols#awsJson1_0",
    "aws.protocols#awsJson1_1",
    "aws.protocols#restJson1",
    "aws.protocols#awsQuery",
];

pub fn run(root: &Path) -> Result<(), String> {
    let entries = config::load(root, &root.join("codegen.json"), &BTreeMap::new())?;
    let entries: Vec<&Entry> = entries.iter().filter(|e| e.config.protocol_tests).collect();
    if entries.is_empty() {
        return Err("no crate in codegen.json has `protocol_tests` set".into());
    }
    let protocols = protocols_of(&entries)?;
    let binaries = build(root, &entries)?;
    let mut by_protocol: BTreeMap<&str, Totals> = BTreeMap::new();
    let mut failed_to_run = Vec::new();
    for entry in &entries {
        let package = entry.config.package.as_str();
        let binary = binaries
            .get(package)
            .ok_or_else(|| format!("cargo built no protocol_tests binary for `{package}`"))?;
        let output = Command::new(binary)
            .current_dir(root.join(&entry.out))
            .output()
            .map_err(|e| format!("cannot run {}: {e}", binary.display()))?;
        let stdout = String::from_utf8_lossy(&output.stdout);
        print!("{stdout}");
        let totals = sum_results(&stdout);
        if totals.binaries == 0 {
            eprint!("{}", String::from_utf8_lossy(&output.stderr));
            failed_to_run.push(package);
        }
        let protocol = protocols.get(package).copied().unwrap_or_default();
        by_protocol.entry(protocol).or_default().add(&totals);
    }
    let mut total = Totals::default();
    for protocol in PROTOCOLS {
        let Some(totals) = by_protocol.get(protocol) else {
            continue;
        };
        let label = protocol.trim_start_matches("aws.protocols#");
        println!("{label}: {}", totals.summary());
        total.add(totals);
    }
    println!("compliance: {}", total.summary());
    if !failed_to_run.is_empty() {
        return Err(format!(
            "the protocol tests of {} did not run (see the output above)",
            failed_to_run.join(", ")
        ));
    }
    if total.failed > 0 {
        return Err(format!("{} compliance case(s) failed", total.failed));
    }
    Ok(())
}

/// The protocol of each crate's service, checked against [`PROTOCOLS`].
fn protocols_of<'e>(entries: &[&'e Entry]) -> Result<BTreeMap<&'e str, &'static str>, String> {
    let mut models: BTreeMap<&Path, Model> = BTreeMap::new();
    let mut out = BTreeMap::new();
    for entry in entries {
        if !models.contains_key(entry.model.as_path()) {
            let model = Model::load(&entry.model)
                .map_err(|e| format!("{} ({}): {e}", entry.model.display(), entry.model_origin))?;
            models.insert(&entry.model, model);
        }
        let model = &models[entry.model.as_path()];
        let service = match &entry.config.service {
            Some(id) => {
                let id = ShapeId::parse(id).map_err(|e| format!("bad service id {id:?}: {e}"))?;
                model
                    .shape(&id)
                    .ok_or_else(|| format!("service {id} is not in its model"))?
            }
            None => model
                .services()
                .next()
                .ok_or_else(|| format!("{} has no service", entry.model.display()))?,
        };
        let protocol = smithy_codegen::protocol::for_service(service)
            .map(|p| p.trait_id())
            .ok_or_else(|| {
                format!(
                    "service {} speaks no protocol the generator knows",
                    service.id
                )
            })?;
        let listed = PROTOCOLS
            .iter()
            .copied()
            .find(|p| *p == protocol)
            .ok_or_else(|| {
                format!(
                    "`{}` runs {protocol} compliance tests; add {protocol} to PROTOCOLS in \
                 xtask/src/compliance.rs",
                    entry.config.package
                )
            })?;
        out.insert(entry.config.package.as_str(), listed);
    }
    Ok(out)
}

/// Builds every crate's `protocol_tests` in one cargo run; returns each package's test binary.
fn build(root: &Path, entries: &[&Entry]) -> Result<BTreeMap<String, PathBuf>, String> {
    let mut cmd = crate::cargo(root);
    cmd.args([
        "test",
        "--no-run",
        "--message-format=json-render-diagnostics",
        "--test",
        "protocol_tests",
    ]);
    for entry in entries {
        cmd.args(["-p", &entry.config.package]);
    }
    let output = cmd
        .output()
        .map_err(|e| format!("cannot run cargo test: {e}"))?;
    eprint!("{}", String::from_utf8_lossy(&output.stderr));
    if !output.status.success() {
        return Err("the protocol tests did not build (see cargo's output above)".into());
    }
    // Cargo reports canonical paths.
    let manifests: BTreeMap<PathBuf, &str> = entries
        .iter()
        .map(|e| {
            let manifest = root.join(&e.out).join("Cargo.toml");
            let manifest = std::fs::canonicalize(&manifest).unwrap_or(manifest);
            (manifest, e.config.package.as_str())
        })
        .collect();
    Ok(test_binaries(
        &String::from_utf8_lossy(&output.stdout),
        &manifests,
    ))
}

/// The `protocol_tests` executables in cargo's JSON messages, by the package whose manifest
/// built them.
fn test_binaries(messages: &str, manifests: &BTreeMap<PathBuf, &str>) -> BTreeMap<String, PathBuf> {
    let mut out = BTreeMap::new();
    for line in messages.lines() {
        let Ok(message) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        let str_at = |pointer: &str| message.pointer(pointer).and_then(Value::as_str);
        if str_at("/reason") != Some("compiler-artifact")
            || str_at("/target/name") != Some("protocol_tests")
        {
            continue;
        }
        let (Some(executable), Some(manifest)) = (str_at("/executable"), str_at("/manifest_path"))
        else {
            continue;
        };
        if let Some(package) = manifests.get(Path::new(manifest)) {
            out.insert((*package).to_owned(), PathBuf::from(executable));
        }
    }
    out
}

#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Totals {
    pub(crate) binaries: usize,
    pub(crate) passed: usize,
    pub(crate) failed: usize,
    pub(crate) ignored: usize,
}

impl Totals {
    fn add(&mut self, other: &Totals) {
        self.binaries += other.binaries;
        self.passed += other.passed;
        self.failed += other.failed;
        self.ignored += other.ignored;
    }

    fn summary(&self) -> String {
        format!(
            "{} passed, {} failed, {} skipped",
            self.passed, self.failed, self.ignored
        )
    }
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

    #[test]
    fn finds_each_packages_test_binary_in_cargos_messages() {
        let manifests = BTreeMap::from([
            (PathBuf::from("/r/generated/a/Cargo.toml"), "a"),
            (PathBuf::from("/r/generated/b/Cargo.toml"), "b"),
        ]);
        let messages = [
            r#"{"reason":"compiler-artifact","manifest_path":"/r/generated/a/Cargo.toml","target":{"name":"protocol_tests"},"executable":"/t/protocol_tests-1"}"#,
            r#"{"reason":"compiler-artifact","manifest_path":"/r/generated/a/Cargo.toml","target":{"name":"a"},"executable":null}"#,
            r#"{"reason":"compiler-artifact","manifest_path":"/r/generated/b/Cargo.toml","target":{"name":"protocol_tests"},"executable":"/t/protocol_tests-2"}"#,
            r#"{"reason":"build-finished","success":true}"#,
            "not json",
        ]
        .join("\n");
        let found = test_binaries(&messages, &manifests);
        assert_eq!(found.get("a"), Some(&PathBuf::from("/t/protocol_tests-1")));
        assert_eq!(found.get("b"), Some(&PathBuf::from("/t/protocol_tests-2")));
        assert_eq!(found.len(), 2);
    }

    #[test]
    fn every_protocol_line_and_the_total_add_up() {
        let mut total = Totals::default();
        total.add(&Totals {
            binaries: 1,
            passed: 118,
            failed: 0,
            ignored: 0,
        });
        total.add(&Totals {
            binaries: 4,
            passed: 244,
            failed: 1,
            ignored: 3,
        });
        assert_eq!(total.summary(), "362 passed, 1 failed, 3 skipped");
    }
}
