//! `cargo xtask test`: everything CI checks, in the order that fails fastest.

use std::path::Path;

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
        // The workspace build has feature `tracing` on (the tests crate turns it on).
        "clippy of firehose-producer without feature tracing, warnings denied",
        &["clippy", "-p", "firehose-producer", "--", "-D", "warnings"],
        &[],
    ),
    (
        // As its users build it: the generated sts crate with `client` and without the
        // `test-util` the tests crate turns on.
        "clippy of smithy-credentials-sts with its own features, warnings denied",
        &[
            "clippy",
            "-p",
            "smithy-credentials-sts",
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
        "every AWS model generates and passes its endpoint tests; the sample lints and tests clean",
        &["xtask", "sweep", "--sample"],
        &[],
    ),
    (
        "differential wire tests against aws-sdk-firehose and aws-sdk-lambda",
        &["xtask", "differential"],
        &[],
    ),
    ("end-to-end tests against moto", &["xtask", "e2e"], &[]),
    ("protocol compliance summary", &["xtask", "compliance"], &[]),
];

pub fn run(root: &Path) -> Result<(), String> {
    // The tests crate turns on `client` and `test-util` everywhere (and the client's
    // `tracing`); users get the generated crates and the client without them, so those builds
    // are linted on their own too.
    let entries = crate::config::load(root, &root.join("codegen.json"), &Default::default())?;
    let mut lint_generated = vec!["clippy".to_owned(), "-p".to_owned(), "smithy-client".to_owned()];
    for entry in &entries {
        lint_generated.extend(["-p".to_owned(), entry.config.package.clone()]);
    }
    lint_generated.extend(["--".to_owned(), "-D".to_owned(), "warnings".to_owned()]);
    let lint_generated: Vec<&str> = lint_generated.iter().map(String::as_str).collect();
    let (first, rest) = STEPS.split_at(2);
    let lint_step =
        "clippy of the generated crates and smithy-client with default features, warnings denied";
    let steps = first
        .iter()
        .map(|&(what, args, env)| (what, args, env))
        .chain([(lint_step, &lint_generated[..], &[][..])])
        .chain(rest.iter().map(|&(what, args, env)| (what, args, env)));
    for (what, args, env) in steps {
        println!("==> {what}: cargo {}", args.join(" "));
        let status = crate::cargo(root)
            .args(args)
            .envs(env.iter().copied())
            .status()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        if !status.success() {
            return Err(format!("step failed: {what} (cargo {})", args.join(" ")));
        }
    }
    Ok(())
}
