//! `cargo xtask e2e`: runs `tests/tests/e2e/main.rs` against moto in server mode (Firehose, S3,
//! Lambda and IAM on one port), and the in-process fakes of the same binary.
//!
//! moto is installed on first use into `.venv` at the repository root (a Python virtual
//! environment, git-ignored) and reused afterwards. The server listens on a free port of
//! 127.0.0.1 only, and is killed by its process id when the tests end, pass or fail.

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::compliance::{Totals, sum_results};

/// The moto release the tests are written against (the newest on PyPI when they were
/// written). Its Firehose backend implements every operation the tests call, including
/// Start/StopDeliveryStreamEncryption. Only moto is pinned; pip resolves its dependencies.
pub const MOTO_VERSION: &str = "5.2.5";
/// Interpreter that creates `.venv` when it is missing.
const PYTHON: &str = "python3";
/// How long moto may take to answer after it was started.
const READY_TIMEOUT: Duration = Duration::from_secs(60);
/// Attempts to start moto when the port picked turns out to be taken already.
const START_ATTEMPTS: u32 = 3;
/// Lines of moto's log shown when something fails.
const LOG_TAIL: usize = 40;

pub fn run(root: &Path) -> Result<(), String> {
    let python = ensure_moto(&root.join(".venv"))?;
    let log = target_dir(root).join("e2e-moto.log");
    let server = Server::start(&python, &log)?;
    let endpoint = format!("http://{}", server.address);
    println!(
        "e2e: moto {MOTO_VERSION} answers on {endpoint} (pid {}, log {})",
        server.child.id(),
        log.display()
    );

    let tested = run_tests(root, &endpoint);
    let stopped = server.stop();
    let (totals, mut problems) = match tested {
        Ok((totals, problems)) => (totals, problems),
        Err(error) => (Totals::default(), vec![error]),
    };
    if let Err(error) = stopped {
        problems.push(error);
    }
    if totals.failed > 0 || !problems.is_empty() {
        eprintln!("{}", log_tail(&log));
        for problem in &problems {
            eprintln!("error: {problem}");
        }
    }
    // The last line, whatever happened once the server was up.
    println!("e2e: {} passed, {} failed", totals.passed, totals.failed);
    if totals.failed > 0 || !problems.is_empty() {
        // Already reported above; an empty message keeps the summary the last line.
        return Err(String::new());
    }
    Ok(())
}

/// The credentials the tests find in the environment (`Credentials::from_env`). moto takes
/// any key; one its IAM never issued means its default account.
const TEST_ENV: [(&str, &str); 3] = [
    ("AWS_ACCESS_KEY_ID", "AKIAE2EFROMTHEENVIRONMENT"),
    ("AWS_SECRET_ACCESS_KEY", "e2e-secret-from-the-environment"),
    (
        "AWS_SESSION_TOKEN",
        "e2e-session-token-from-the-environment",
    ),
];

/// Makes sure `.venv` holds moto `MOTO_VERSION` with its server extras; returns its python.
fn ensure_moto(venv: &Path) -> Result<PathBuf, String> {
    let python = venv.join("bin").join("python");
    if !python.exists() {
        println!("e2e: creating {} with {PYTHON} -m venv", venv.display());
        let mut create = Command::new(PYTHON);
        create.arg("-m").arg("venv").arg(venv);
        run_quietly(create, &format!("{PYTHON} -m venv {}", venv.display())).map_err(|e| {
            format!("{e}\n(on Debian and Ubuntu, `python3 -m venv` needs the python3-venv package)")
        })?;
    }
    match installed_moto(&python) {
        Some(version) if version == MOTO_VERSION => {
            println!("e2e: reusing {} (moto {version})", venv.display());
            return Ok(python);
        }
        Some(version) => println!(
            "e2e: {} has moto {version}; installing {MOTO_VERSION}",
            venv.display()
        ),
        None => println!(
            "e2e: installing moto[server]=={MOTO_VERSION} into {}",
            venv.display()
        ),
    }
    let started = Instant::now();
    let mut pip = Command::new(&python);
    pip.args([
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        &format!("moto[server]=={MOTO_VERSION}"),
    ]);
    run_quietly(pip, &format!("pip install moto[server]=={MOTO_VERSION}"))?;
    match installed_moto(&python) {
        Some(version) if version == MOTO_VERSION => {
            println!("e2e: installed moto {version} in {:.0?}", started.elapsed());
            Ok(python)
        }
        found => Err(format!(
            "after pip install, {} reports moto {found:?} with its server extras, not {MOTO_VERSION}; \
             delete {} and try again",
            python.display(),
            venv.display()
        )),
    }
}

/// moto's version, if it and its server dependencies import in `python`.
fn installed_moto(python: &Path) -> Option<String> {
    let output = Command::new(python)
        .args([
            "-c",
            "import importlib.metadata, flask, flask_cors, moto.server; \
             print(importlib.metadata.version('moto'))",
        ])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    Some(String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// Runs `cmd`, showing its output only if it fails.
fn run_quietly(mut cmd: Command, what: &str) -> Result<(), String> {
    let output = cmd
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run {what}: {e}"))?;
    if output.status.success() {
        return Ok(());
    }
    Err(format!(
        "{what} failed ({})\n{}{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    ))
}

fn target_dir(root: &Path) -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => root.join(dir),
        None => root.join("target"),
    }
}

/// A running moto server. Dropping it kills the process by its id.
struct Server {
    child: Child,
    address: SocketAddr,
}

impl Server {
    fn start(python: &Path, log: &Path) -> Result<Self, String> {
        if let Some(dir) = log.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        for attempt in 1..=START_ATTEMPTS {
            let address = free_address()?;
            let out =
                File::create(log).map_err(|e| format!("cannot create {}: {e}", log.display()))?;
            let err = out
                .try_clone()
                .map_err(|e| format!("cannot share {}: {e}", log.display()))?;
            let child = Command::new(python)
                .args(["-m", "moto.server", "-H"])
                .arg(address.ip().to_string())
                .arg("-p")
                .arg(address.port().to_string())
                .env("PYTHONUNBUFFERED", "1")
                .stdin(Stdio::null())
                .stdout(out)
                .stderr(err)
                .spawn()
                .map_err(|e| format!("cannot start {} -m moto.server: {e}", python.display()))?;
            let mut server = Server { child, address };
            match server.wait_until_ready() {
                Ok(()) => return Ok(server),
                Err(error) => {
                    drop(server);
                    let taken = std::fs::read_to_string(log)
                        .is_ok_and(|text| text.contains("Address already in use"));
                    if taken && attempt < START_ATTEMPTS {
                        println!(
                            "e2e: port {} was taken meanwhile; trying another",
                            address.port()
                        );
                        continue;
                    }
                    eprintln!("{}", log_tail(log));
                    return Err(error);
                }
            }
        }
        Err(format!("moto did not start in {START_ATTEMPTS} attempts"))
    }

    /// Polls until moto answers an HTTP request, it exits, or `READY_TIMEOUT` passes.
    fn wait_until_ready(&mut self) -> Result<(), String> {
        let started = Instant::now();
        let mut attempts = 0u32;
        loop {
            attempts += 1;
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!(
                    "moto exited ({status}) before it answered on {}",
                    self.address
                ));
            }
            let last_error = match probe(self.address) {
                Ok(()) => return Ok(()),
                Err(e) => e,
            };
            if started.elapsed() >= READY_TIMEOUT {
                return Err(format!(
                    "moto did not answer on {} within {READY_TIMEOUT:?} ({attempts} attempts; last: {last_error})",
                    self.address
                ));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Kills the server; an error if it had already exited on its own.
    fn stop(mut self) -> Result<(), String> {
        match self.child.try_wait() {
            Ok(Some(status)) => Err(format!(
                "moto (pid {}) exited during the tests: {status}",
                self.child.id()
            )),
            _ => Ok(()),
        }
        // `self` drops here and kills the process.
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let pid = self.child.id();
        if let Ok(Some(_)) = self.child.try_wait() {
            return; // exited on its own, and is reaped now
        }
        // Kill by pid (SIGKILL on Unix), then reap it.
        if let Err(e) = self.child.kill() {
            eprintln!("e2e: cannot kill moto (pid {pid}): {e}");
        }
        match self.child.wait() {
            Ok(_) => println!("e2e: stopped moto (pid {pid})"),
            Err(e) => eprintln!("e2e: cannot wait for moto (pid {pid}): {e}"),
        }
    }
}

/// A port on 127.0.0.1 that nothing listens on right now.
fn free_address() -> Result<SocketAddr, String> {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|listener| listener.local_addr())
        .map_err(|e| format!("cannot find a free port on 127.0.0.1: {e}"))
}

/// One HTTP request to moto's own API; Ok once any HTTP status line comes back.
fn probe(address: SocketAddr) -> Result<(), String> {
    let timeout = Duration::from_secs(2);
    let mut stream = TcpStream::connect_timeout(&address, timeout).map_err(|e| e.to_string())?;
    stream
        .set_read_timeout(Some(timeout))
        .and_then(|()| stream.set_write_timeout(Some(timeout)))
        .map_err(|e| e.to_string())?;
    let request =
        format!("GET /moto-api/ HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n");
    stream
        .write_all(request.as_bytes())
        .map_err(|e| e.to_string())?;
    let mut status_line = String::new();
    BufReader::new(stream.take(1024))
        .read_line(&mut status_line)
        .map_err(|e| e.to_string())?;
    if status_line.starts_with("HTTP/1.") {
        Ok(())
    } else {
        Err(format!("unexpected answer {:?}", status_line.trim_end()))
    }
}

/// Runs every test of `tests/tests/e2e/main.rs`, the ignored ones (which need moto) included,
/// echoing libtest's output, and adds up its results. Besides failed tests, problems are: cargo
/// failing without a failed test (a build error), and no test running at all.
fn run_tests(root: &Path, endpoint: &str) -> Result<(Totals, Vec<String>), String> {
    let args = [
        "test",
        "-p",
        "integration-tests",
        "--test",
        "e2e",
        "--",
        "--include-ignored",
    ];
    println!(
        "e2e: FIREHOSE_E2E_ENDPOINT={endpoint} cargo {}",
        args.join(" ")
    );
    let mut child = crate::cargo(root)
        .args(args)
        .env("FIREHOSE_E2E_ENDPOINT", endpoint)
        .envs(TEST_ENV)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run cargo test: {e}"))?;
    let mut stdout = String::new();
    if let Some(pipe) = child.stdout.take() {
        let mut reader = BufReader::new(pipe);
        let mut line = Vec::new();
        loop {
            line.clear();
            match reader.read_until(b'\n', &mut line) {
                Ok(0) => break,
                Ok(_) => {
                    let text = String::from_utf8_lossy(&line);
                    print!("{text}");
                    stdout.push_str(&text);
                }
                Err(e) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(format!("cannot read cargo test's output: {e}"));
                }
            }
        }
    }
    let status = child
        .wait()
        .map_err(|e| format!("cannot wait for cargo test: {e}"))?;
    let totals = sum_results(&stdout);
    let problems = totals_problems(&totals, status.success());
    Ok((totals, problems))
}

/// What is wrong with a run besides its failed tests.
fn totals_problems(totals: &Totals, cargo_succeeded: bool) -> Vec<String> {
    let mut problems = Vec::new();
    if totals.binaries == 0 {
        problems.push("the e2e tests did not run (see cargo's output above)".to_owned());
    } else if totals.passed + totals.failed == 0 {
        problems.push("no e2e test ran: tests/tests/e2e/main.rs has no tests".into());
    }
    if !cargo_succeeded && totals.failed == 0 {
        problems.push("cargo test failed without a failed test (see its output above)".into());
    }
    problems
}

/// The last `LOG_TAIL` lines of moto's log, with a header naming the file.
fn log_tail(log: &Path) -> String {
    match std::fs::read_to_string(log) {
        Ok(text) => {
            let lines: Vec<&str> = text.lines().collect();
            let tail = &lines[lines.len().saturating_sub(LOG_TAIL)..];
            format!(
                "--- last {} lines of {} ---\n{}",
                tail.len(),
                log.display(),
                tail.join("\n")
            )
        }
        Err(e) => format!("(cannot read {}: {e})", log.display()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn totals(binaries: usize, passed: usize, failed: usize) -> Totals {
        Totals {
            binaries,
            passed,
            failed,
            ignored: 0,
        }
    }

    #[test]
    fn a_clean_run_has_no_problem_and_failed_tests_are_counted_not_repeated() {
        assert!(totals_problems(&totals(1, 9, 0), true).is_empty());
        // Failed tests show in the summary line; they are not a separate problem.
        assert!(totals_problems(&totals(1, 7, 1), false).is_empty());
    }

    #[test]
    fn a_build_failure_or_an_empty_run_is_a_problem() {
        let build_failed = totals_problems(&totals(0, 0, 0), false);
        assert_eq!(build_failed.len(), 2, "{build_failed:?}");
        assert!(build_failed[0].contains("did not run"));
        assert!(build_failed[1].contains("without a failed test"));
        let none = totals_problems(&totals(1, 0, 0), true);
        assert_eq!(none.len(), 1);
        assert!(none[0].contains("no e2e test ran"), "{none:?}");
    }
}
