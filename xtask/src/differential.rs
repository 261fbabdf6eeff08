//! `cargo xtask differential`: the differential suite of `tests/differential` (a
//! `harness = false` test kept out of `cargo test --workspace`), with its summary visible.

use std::path::Path;

pub fn run(root: &Path) -> Result<(), String> {
    let status = crate::cargo(root)
        .args(["test", "-p", "differential", "--test", "differential"])
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err("the differential suite failed (see the MISMATCH lines above)".into())
    }
}
