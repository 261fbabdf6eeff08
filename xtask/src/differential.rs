//! `cargo xtask differential`: the differential suite of `tests/differential` (a
//! `harness = false` test kept out of `cargo test --workspace`), with its summary visible.

use std::path::Path;
use std::process::Command;

pub fn run(root: &Path) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(&cargo)
        .current_dir(root)
        .args(["test", "-p", "differential", "--test", "differential"])
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err("the differential suite failed (see the MISMATCH lines above)".into())
    }
}
