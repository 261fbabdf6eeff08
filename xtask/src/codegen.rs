//! `cargo xtask codegen`: write or check the generated crates.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use smithy_model::Model;

use crate::config;

/// Parsed command-line options.
#[derive(Default)]
pub struct Options {
    pub check: bool,
    pub config: Option<PathBuf>,
    pub models: BTreeMap<String, PathBuf>,
    /// Generate only these crates (package names); all when empty.
    pub only: Vec<String>,
    /// Write under this directory (same layout as the repository) instead of the repository.
    pub out: Option<PathBuf>,
}

pub fn parse_args(args: &[String]) -> Result<Options, String> {
    let mut opts = Options::default();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--check" => opts.check = true,
            "--config" => {
                opts.config = Some(PathBuf::from(it.next().ok_or("--config needs a file")?))
            }
            "--model" => {
                let value = it.next().ok_or("--model needs PACKAGE=PATH")?;
                let (package, path) = value.split_once('=').ok_or("--model needs PACKAGE=PATH")?;
                opts.models.insert(package.to_owned(), PathBuf::from(path));
            }
            "--only" => opts
                .only
                .push(it.next().ok_or("--only needs a package name")?.clone()),
            "--out" => opts.out = Some(PathBuf::from(it.next().ok_or("--out needs a directory")?)),
            other => return Err(format!("unknown codegen option `{other}`")),
        }
    }
    Ok(opts)
}

/// What happened to one file.
pub(crate) enum Outcome {
    Unchanged,
    Written,
    Stale,
}

pub fn run(root: &Path, opts: &Options) -> Result<(), String> {
    let started = Instant::now();
    let config_path = opts
        .config
        .clone()
        .unwrap_or_else(|| root.join("codegen.json"));
    let mut entries = config::load(root, &config_path, &opts.models)?;
    let all = opts.only.is_empty();
    if let Some(unknown) = opts
        .only
        .iter()
        .find(|p| !entries.iter().any(|e| &e.config.package == *p))
    {
        return Err(format!(
            "--only names `{unknown}`, which is not a crate in {}",
            config_path.display()
        ));
    }
    entries.retain(|e| all || opts.only.contains(&e.config.package));
    // Generated files go here, in the repository's layout.
    let dest = opts.out.as_deref().unwrap_or(root);
    let mut models: BTreeMap<PathBuf, Model> = BTreeMap::new();
    let (mut files, mut lines, mut stale) = (0usize, 0usize, Vec::new());
    let mut protocol_cases = std::collections::BTreeSet::new();
    for entry in &entries {
        if !models.contains_key(&entry.model) {
            if !entry.model.exists() {
                return Err(format!(
                    "model file not found: {} (from {}).\n\
                     The models live in ../shared beside the repository; put it there, or point \
                     elsewhere with `cargo xtask codegen --model {}=PATH` or by editing codegen.json.",
                    entry.model.display(),
                    entry.model_origin,
                    entry.config.package
                ));
            }
            let model = Model::load(&entry.model).map_err(|e| e.to_string())?;
            models.insert(entry.model.clone(), model);
        }
        let Some(model) = models.get(&entry.model) else {
            continue;
        };
        let generated = smithy_codegen::generate(model, &entry.config)
            .map_err(|e| format!("generating `{}`: {e}", entry.config.package))?;
        protocol_cases.extend(generated.protocol_cases.iter().cloned());
        for warning in &generated.warnings {
            eprintln!("warning: {}: {warning}", entry.config.package);
        }
        let out = dest.join(&entry.out);
        for file in &generated.files {
            let path = out.join(&file.path);
            files += 1;
            lines += file.contents.lines().count();
            let shown = entry.out.join(&file.path);
            match ensure_file_contents(&path, &file.contents, opts.check)? {
                Outcome::Unchanged => {}
                Outcome::Written => println!(
                    "wrote {} ({} lines)",
                    shown.display(),
                    file.contents.lines().count()
                ),
                Outcome::Stale => stale.push(shown.display().to_string()),
            }
        }
        for file in &generated.external_files {
            files += 1;
            lines += file.contents.lines().count();
            match ensure_file_contents(&dest.join(&file.path), &file.contents, opts.check)? {
                Outcome::Unchanged => {}
                Outcome::Written => println!(
                    "wrote {} ({} lines)",
                    file.path,
                    file.contents.lines().count()
                ),
                Outcome::Stale => stale.push(file.path.clone()),
            }
        }
        let expected: Vec<PathBuf> = generated.files.iter().map(|f| out.join(&f.path)).collect();
        // Everything under `src/` is generated; a file the generator no longer writes goes.
        for extra in leftover_files(&out.join("src"), &expected)? {
            if opts.check {
                stale.push(format!("{} (no longer generated)", extra.display()));
            } else {
                std::fs::remove_file(&extra)
                    .map_err(|e| format!("cannot remove {}: {e}", extra.display()))?;
                println!("removed {}", extra.display());
            }
        }
    }
    // Only a run over every crate sees every case the skip list may name.
    let skips = entries.iter().flat_map(|e| e.config.skips.keys());
    let unknown: Vec<&String> = skips
        .filter(|k| all && !protocol_cases.contains(*k))
        .collect();
    if !unknown.is_empty() {
        return Err(format!(
            "the skip list names cases no generated crate has: {unknown:?}"
        ));
    }
    if !stale.is_empty() {
        return Err(format!(
            "generated code is stale; run `cargo xtask codegen`:\n  {}",
            stale.join("\n  ")
        ));
    }
    let verb = if opts.check { "checked" } else { "generated" };
    let under = match &opts.out {
        Some(dir) => format!(" under {}", dir.display()),
        None => String::new(),
    };
    println!(
        "codegen: {verb} {} crate(s), {files} files, {lines} lines{under} in {:.2?}",
        entries.len(),
        started.elapsed()
    );
    Ok(())
}

/// Writes `contents` to `path` unless it is already there; in check mode only reports.
pub(crate) fn ensure_file_contents(path: &Path, contents: &str, check: bool) -> Result<Outcome, String> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == contents) {
        return Ok(Outcome::Unchanged);
    }
    if check {
        return Ok(Outcome::Stale);
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    std::fs::write(path, contents).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(Outcome::Written)
}

/// Files under the generated directory (at any depth) that the generator did not produce this
/// time.
pub(crate) fn leftover_files(dir: &Path, expected: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut extra = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let Ok(read) = std::fs::read_dir(&dir) else {
            continue;
        };
        for item in read {
            let path = item
                .map_err(|e| format!("cannot list {}: {e}", dir.display()))?
                .path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.is_file() && !expected.contains(&path) {
                extra.push(path);
            }
        }
    }
    extra.sort();
    Ok(extra)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Plain `cargo test` fails when someone changed the generator or the model without
    /// regenerating.
    #[test]
    fn generated_code_is_fresh() {
        let root = crate::root();
        let opts = Options {
            check: true,
            ..Options::default()
        };
        if let Err(message) = run(&root, &opts) {
            panic!("{message}");
        }
    }

    #[test]
    fn check_mode_reports_stale_and_leftover_files_without_writing() {
        let dir = std::env::temp_dir().join(format!("xtask-stale-{}", std::process::id()));
        let generated = dir.join("src/generated");
        std::fs::create_dir_all(&generated).unwrap_or_else(|e| panic!("{e}"));
        let file = generated.join("types.rs");
        std::fs::write(&file, "old").unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(generated.join("gone.rs"), "x").unwrap_or_else(|e| panic!("{e}"));

        assert!(matches!(
            ensure_file_contents(&file, "new", true),
            Ok(Outcome::Stale)
        ));
        assert_eq!(
            std::fs::read_to_string(&file).ok().as_deref(),
            Some("old"),
            "check mode must not write"
        );
        assert!(matches!(
            ensure_file_contents(&file, "new", false),
            Ok(Outcome::Written)
        ));
        assert!(matches!(
            ensure_file_contents(&file, "new", true),
            Ok(Outcome::Unchanged)
        ));
        let leftovers = leftover_files(&generated, std::slice::from_ref(&file)).unwrap_or_default();
        assert_eq!(leftovers, vec![generated.join("gone.rs")]);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn missing_model_says_where_it_looked_and_how_to_point_elsewhere() {
        let root = crate::root();
        let mut opts = Options {
            check: true,
            ..Options::default()
        };
        opts.models.insert(
            "firehose".into(),
            PathBuf::from("/nonexistent/firehose.json"),
        );
        let err = run(&root, &opts).err().unwrap_or_default();
        assert!(err.contains("/nonexistent/firehose.json"), "{err}");
        assert!(err.contains("--model firehose=PATH"), "{err}");
    }

    #[test]
    fn model_override_must_name_a_configured_crate() {
        let root = crate::root();
        let mut opts = Options {
            check: true,
            ..Options::default()
        };
        opts.models
            .insert("nosuchcrate".into(), PathBuf::from("x.json"));
        let err = run(&root, &opts).err().unwrap_or_default();
        assert!(err.contains("nosuchcrate"), "{err}");
    }

    #[test]
    fn only_and_out_generate_one_crate_into_a_scratch_tree() {
        let root = crate::root();
        let dir = std::env::temp_dir().join(format!("xtask-out-{}", std::process::id()));
        let opts = parse_args(&[
            "--only".into(),
            "endpoint-fixture".into(),
            "--out".into(),
            dir.display().to_string(),
        ])
        .unwrap_or_else(|e| panic!("{e}"));
        run(&root, &opts).unwrap_or_else(|e| panic!("{e}"));
        let lib = "generated/endpoint_fixture/src/lib.rs";
        let written = std::fs::read_to_string(dir.join(lib)).unwrap_or_default();
        let checked_in = std::fs::read_to_string(root.join(lib)).unwrap_or_default();
        assert!(written.starts_with(smithy_codegen::HEADER), "{written:.80}");
        assert_eq!(written, checked_in);
        // Only the crate asked for.
        assert!(!dir.join("generated/firehose").exists());
        let _ = std::fs::remove_dir_all(&dir);

        let unknown = parse_args(&["--only".into(), "nosuchcrate".into()])
            .and_then(|opts| run(&root, &opts))
            .err()
            .unwrap_or_default();
        assert!(unknown.contains("--only names `nosuchcrate`"), "{unknown}");
    }
}
