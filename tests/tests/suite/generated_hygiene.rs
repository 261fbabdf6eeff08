//! Generated crates must not panic on what a server sends: their non-test code contains no
//! `.unwrap()`, `.expect(`, `panic!`, `unreachable!`, `todo!` or `unimplemented!`. Clippy
//! denies these at crate level too; this scan also names the file and line, and covers every
//! crate under `generated/`, including ones added later.

use std::path::{Path, PathBuf};

const FORBIDDEN: &[&str] = &[
    ".unwrap()",
    ".unwrap_err()",
    ".expect(",
    ".expect_err(",
    "panic!",
    "unreachable!",
    "todo!",
    "unimplemented!",
];

/// `file:line: text` for each forbidden call in the non-test code of `source`. Comment lines
/// (docs quote the model, which may say anything) are skipped, and so is everything from a
/// `#[cfg(test)]` on.
fn violations(file: &str, source: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (n, line) in source.lines().enumerate() {
        let code = line.trim_start();
        if code.starts_with("#[cfg(test)]") {
            break;
        }
        if code.starts_with("//") {
            continue;
        }
        for pattern in FORBIDDEN {
            if code.contains(pattern) {
                found.push(format!("{file}:{}: `{pattern}` in: {}", n + 1, code));
            }
        }
    }
    found
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn generated_non_test_code_has_no_panicking_calls() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    let mut crates = 0;
    for entry in std::fs::read_dir(root.join("generated")).expect("generated/ exists") {
        let src = entry.expect("readable dir entry").path().join("src");
        if src.is_dir() {
            crates += 1;
            rust_files(&src, &mut files);
        }
    }
    assert!(crates >= 4, "expected the generated crates, found {crates}");
    assert!(
        files.iter().any(|f| f.ends_with("firehose/src/de.rs")),
        "firehose's deserializers were not scanned: {files:?}"
    );
    let mut found = Vec::new();
    for file in &files {
        let source = std::fs::read_to_string(file).expect("readable source");
        let name = file
            .strip_prefix(&root)
            .unwrap_or(file)
            .display()
            .to_string();
        found.extend(violations(&name, &source));
    }
    assert!(found.is_empty(), "panicking calls:\n{}", found.join("\n"));
}

#[test]
fn scan_names_file_and_line_and_skips_comments_and_tests() {
    let source = "fn a() {\n    // x.unwrap() in a comment\n    let v = x\n        .expect(\"boom\");\n    \
                  unreachable!()\n}\n#[cfg(test)]\nmod tests { fn t() { y.unwrap(); } }\n";
    assert_eq!(
        violations("g.rs", source),
        [
            "g.rs:4: `.expect(` in: .expect(\"boom\");",
            "g.rs:5: `unreachable!` in: unreachable!()",
        ]
    );
}
