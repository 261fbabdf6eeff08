//! `codegen.json`: which crates to generate from which models.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;
use smithy_codegen::CrateConfig;

/// One generated crate.
pub struct Entry {
    pub config: CrateConfig,
    /// Model file, resolved against the repository root.
    pub model: PathBuf,
    /// Where the text of `model` came from, for error messages.
    pub model_origin: String,
    /// Output directory, relative to the repository root.
    pub out: PathBuf,
}

/// Reads the config at `path`; `overrides` maps package names to model paths given on the
/// command line.
pub fn load(
    root: &Path,
    path: &Path,
    overrides: &BTreeMap<String, PathBuf>,
) -> Result<Vec<Entry>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let json: Value = serde_json::from_str(&text)
        .map_err(|e| format!("{} is not valid JSON: {e}", path.display()))?;
    let bad = |what: &str| format!("{}: {what}", path.display());
    let skips = match json.get("protocol_test_skips").and_then(Value::as_str) {
        Some(file) => read_skips(&root.join(file))?,
        None => BTreeMap::new(),
    };
    let crates = json
        .get("crates")
        .and_then(Value::as_array)
        .ok_or_else(|| bad("`crates` must be an array"))?;
    let mut entries = Vec::new();
    for (i, c) in crates.iter().enumerate() {
        let field = |name: &str| {
            c.get(name)
                .and_then(Value::as_str)
                .ok_or_else(|| bad(&format!("crates[{i}].{name} must be a string")))
        };
        let package = field("package")?.to_owned();
        let (model, model_origin) = match overrides.get(&package) {
            Some(p) => (p.clone(), format!("--model {package}=...")),
            None => (
                root.join(field("model")?),
                format!("`model` of `{package}` in {}", path.display()),
            ),
        };
        let protocol_tests = c
            .get("protocol_tests")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let mut endpoint_members = BTreeMap::new();
        if let Some(map) = c.get("endpoint_members") {
            let map = map
                .as_object()
                .ok_or_else(|| bad(&format!("crates[{i}].endpoint_members must be an object")))?;
            for (op, member) in map {
                let member = member.as_str().ok_or_else(|| {
                    bad(&format!(
                        "crates[{i}].endpoint_members.{op} must be a string"
                    ))
                })?;
                endpoint_members.insert(op.clone(), member.to_owned());
            }
        }
        let string_map = |key: &str| -> Result<BTreeMap<String, String>, String> {
            let mut out = BTreeMap::new();
            let Some(map) = c.get(key) else {
                return Ok(out);
            };
            let map = map
                .as_object()
                .ok_or_else(|| bad(&format!("crates[{i}].{key} must be an object")))?;
            for (name, value) in map {
                let value = value
                    .as_str()
                    .ok_or_else(|| bad(&format!("crates[{i}].{key}.{name} must be a string")))?;
                out.insert(name.clone(), value.to_owned());
            }
            Ok(out)
        };
        let request_headers = string_map("request_headers")?;
        let input_member_defaults = string_map("input_member_defaults")?;
        let api_version_header = match c.get("api_version_header") {
            None => None,
            Some(v) => Some(
                v.as_str()
                    .ok_or_else(|| {
                        bad(&format!("crates[{i}].api_version_header must be a string"))
                    })?
                    .to_owned(),
            ),
        };
        let payload_checksums = match c.get("payload_checksums") {
            None => None,
            Some(v) => {
                let get =
                    |key: &str| nested_string(v, key, &format!("crates[{i}].payload_checksums"));
                let operations = v
                    .get("operations")
                    .and_then(Value::as_array)
                    .and_then(|ops| {
                        ops.iter()
                            .map(|op| op.as_str().map(str::to_owned))
                            .collect::<Option<Vec<_>>>()
                    })
                    .ok_or_else(|| {
                        bad(&format!(
                            "crates[{i}].payload_checksums.operations must be a list of operation names"
                        ))
                    })?;
                Some(smithy_codegen::PayloadChecksums {
                    operations,
                    sha256_header: get("sha256_header").map_err(|e| bad(&e))?,
                    tree_hash_header: get("tree_hash_header").map_err(|e| bad(&e))?,
                })
            }
        };
        let retryable_errors = match c.get("retryable_errors") {
            None => Vec::new(),
            Some(v) => v
                .as_array()
                .and_then(|names| {
                    names
                        .iter()
                        .map(|n| n.as_str().map(str::to_owned))
                        .collect::<Option<Vec<_>>>()
                })
                .ok_or_else(|| {
                    bad(&format!(
                        "crates[{i}].retryable_errors must be a list of error shape names"
                    ))
                })?,
        };
        let sdk_convert = match c.get("sdk_convert") {
            None => None,
            Some(v) => {
                let get = |key: &str| {
                    nested_string(v, key, &format!("crates[{i}].sdk_convert")).map_err(|e| bad(&e))
                };
                Some(smithy_codegen::SdkConvert {
                    out: get("out")?,
                    sdk_crate: get("sdk_crate")?,
                })
            }
        };
        entries.push(Entry {
            config: CrateConfig {
                service: c.get("service").and_then(Value::as_str).map(str::to_owned),
                skips: if protocol_tests {
                    skips.clone()
                } else {
                    BTreeMap::new()
                },
                protocol_tests,
                package,
                endpoint_members,
                request_headers,
                api_version_header,
                input_member_defaults,
                payload_checksums,
                sdk_convert,
                retryable_errors,
            },
            model,
            model_origin,
            out: PathBuf::from(field("out")?),
        });
    }
    for name in overrides.keys() {
        if !entries.iter().any(|e| &e.config.package == name) {
            return Err(format!(
                "--model names `{name}`, which is not a crate in {}",
                path.display()
            ));
        }
    }
    Ok(entries)
}

/// The string at `key` of the object `v` (`what` names `v` in the error).
fn nested_string(v: &Value, key: &str, what: &str) -> Result<String, String> {
    v.get(key)
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| format!("{what}.{key} must be a string"))
}

/// Skip list: `request <id> <reason>` or `response <id> <reason>` per line, `#` comments.
pub fn read_skips(path: &Path) -> Result<BTreeMap<String, String>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read skip list {}: {e}", path.display()))?;
    let mut skips = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut parts = line.splitn(3, char::is_whitespace);
        let (Some(kind @ ("request" | "response")), Some(id), Some(reason)) =
            (parts.next(), parts.next(), parts.next())
        else {
            return Err(format!(
                "{}:{}: expected `request|response <test id> <reason>`",
                path.display(),
                n + 1
            ));
        };
        skips.insert(format!("{kind}:{id}"), reason.trim().to_owned());
    }
    Ok(skips)
}
