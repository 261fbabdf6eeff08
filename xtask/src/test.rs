//! `cargo xtask test`: everything CI checks, in the order that fails fastest.

use std::path::Path;
use std::process::Command;

/// One step: what it checks, the cargo arguments, extra environment.
type Step = (
    &'static str,
    &'static [&'static str],
    &'static [(&'static str, &'static str)],
);

const STEPS: &[Step] = &[
    (
        "generated code is fresh",
        &["xtask", "codegen", "--check"],
        &[],
    ),
    (
        "clippy, warnings denied",
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
        &[],
    ),
    (
        "rustdoc of every library crate, warnings denied",
        &["doc", "--no-deps", "--workspace", "--lib"],
        &[("RUSTDOCFLAGS", "-D warnings")],
    ),
    ("all tests", &["test", "--workspace"], &[]),
    (
        "differential wire tests against aws-sdk-firehose",
        &["xtask", "differential"],
        &[],
    ),
    ("end-to-end tests against moto", &["xtask", "e2e"], &[]),
    ("protocol compliance summary", &["xtask", "compliance"], &[]),
];

pub fn run(root: &Path) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    for (what, args, env) in STEPS {
        println!("==> {what}: cargo {}", args.join(" "));
        let status = Command::new(&cargo)
            .current_dir(root)
            .args(*args)
            .envs(env.iter().copied())
            .status()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        if !status.success() {
            return Err(format!("step failed: {what} (cargo {})", args.join(" ")));
        }
    }
    Ok(())
}
