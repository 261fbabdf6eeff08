//! `credential_process`: a profile's command that prints credentials as JSON (see
//! [`json::process_credentials`](super::json::process_credentials)).
//!
//! The command runs through the shell as the SDKs run it (`sh -c` on Unix, `cmd.exe /C` on
//! Windows), with the process's environment, no stdin, and a time limit (the chain's); a
//! command that takes longer is killed. Messages show only the program, not its arguments (they may hold
//! secrets), as the SDKs do.

use std::process::{ExitStatus, Stdio};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt};

use super::{Credentials, json};

/// The most output read: credentials are a few kilobytes.
pub(crate) const MAX_OUTPUT: usize = 64 * 1024;
/// The most of stderr shown in an error.
const MAX_STDERR_SHOWN: usize = 1024;

/// The command as messages show it: its first word only.
pub(crate) fn shown(command: &str) -> String {
    let program = command.split_whitespace().next().unwrap_or_default();
    if program.len() < command.trim().len() {
        format!("`{program} ...` (arguments not shown)")
    } else {
        format!("`{program}`")
    }
}

/// Runs `command` and reads credentials from what it prints.
pub(crate) async fn run(command: &str, timeout: Duration) -> Result<Credentials, String> {
    let what = shown(command);
    if tokio::runtime::Handle::try_current().is_err() {
        return Err(format!(
            "credential_process {what} needs a Tokio runtime to run in"
        ));
    }
    let mut shell = if cfg!(windows) {
        let mut shell = tokio::process::Command::new("cmd.exe");
        shell.args(["/C", command]);
        shell
    } else {
        let mut shell = tokio::process::Command::new("sh");
        shell.args(["-c", command]);
        shell
    };
    let mut child = shell
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| format!("cannot start credential_process {what}: {e}"))?;
    // The pipes are read while the command runs, so it never blocks on a full one.
    let stdout = tokio::spawn(read_capped(child.stdout.take()));
    let stderr = tokio::spawn(read_capped(child.stderr.take()));
    let finished = async {
        let status = child.wait().await;
        let stdout = stdout
            .await
            .unwrap_or_else(|e| Err(std::io::Error::other(e)));
        let stderr = stderr.await.ok().and_then(Result::ok);
        (stdout, stderr, status)
    };
    let (stdout, stderr, status) = tokio::time::timeout(timeout, finished)
        .await
        .map_err(|_| format!("credential_process {what} did not finish within {timeout:?}"))?;
    let status = status.map_err(|e| format!("credential_process {what}: {e}"))?;
    let stdout = stdout.map_err(|e| format!("cannot read the output of {what}: {e}"))?;
    // Checked first: a command that printed too much was cut off, and may have died of it.
    if stdout.len() > MAX_OUTPUT {
        return Err(format!(
            "credential_process {what} printed more than {MAX_OUTPUT} bytes"
        ));
    }
    if !status.success() {
        return Err(failed(&what, status, stderr.unwrap_or_default()));
    }
    json::process_credentials(&stdout)
        .map_err(|e| format!("the output of credential_process {what} is unusable: {e}"))
}

fn failed(what: &str, status: ExitStatus, stderr: Vec<u8>) -> String {
    let stderr = String::from_utf8_lossy(&stderr);
    let mut stderr = stderr.trim();
    if let Some((cut, _)) = stderr.char_indices().nth(MAX_STDERR_SHOWN) {
        stderr = stderr.get(..cut).unwrap_or(stderr);
    }
    if stderr.is_empty() {
        format!("credential_process {what} failed ({status})")
    } else {
        format!("credential_process {what} failed ({status}): {stderr}")
    }
}

/// Reads a pipe to its end or to [`MAX_OUTPUT`] + 1 bytes (so that "more" shows); then the
/// pipe is closed, and a command still writing gets a broken pipe instead of running on.
async fn read_capped(pipe: Option<impl AsyncRead + Unpin>) -> std::io::Result<Vec<u8>> {
    let Some(pipe) = pipe else {
        return Ok(Vec::new());
    };
    let mut kept = Vec::new();
    pipe.take(u64::try_from(MAX_OUTPUT).unwrap_or(u64::MAX) + 1)
        .read_to_end(&mut kept)
        .await?;
    Ok(kept)
}
