//! `cargo run --release -p load -- [seconds] [tasks] [rounds]` (from bench/): starts
//! `load-server`, then runs `load-ours` and `load-sdk` against it one after the other (the
//! order alternates between rounds), each in its own process, and prints one table row per
//! run plus the ratios. Defaults: 60 s, 64 tasks, 1 round.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |i: usize, default: u64| args.get(i).map_or(default, |a| a.parse().expect("a number"));
    let (seconds, tasks, rounds) = (arg(1, 60), arg(2, 64), arg(3, 1));
    let dir = std::env::current_exe()
        .expect("current exe")
        .parent()
        .expect("exe dir")
        .to_path_buf();

    let mut server = Command::new(dir.join("load-server"))
        .stdout(Stdio::piped())
        .spawn()
        .expect("start load-server (build it: cargo build --release -p load)");
    let mut first = String::new();
    BufReader::new(server.stdout.take().expect("stdout"))
        .read_line(&mut first)
        .expect("server port");
    let port = first.trim().strip_prefix("PORT ").expect("PORT line").to_owned();
    let endpoint = format!("http://127.0.0.1:{port}");
    println!("server pid {} on {endpoint}; {seconds} s, {tasks} tasks, {rounds} round(s)", server.id());

    let mut rows: Vec<(&str, Result)> = Vec::new();
    for round in 0..rounds {
        let order = if round % 2 == 0 { ["ours", "sdk"] } else { ["sdk", "ours"] };
        for which in order {
            let output = Command::new(dir.join(format!("load-{which}")))
                .args([endpoint.as_str(), &seconds.to_string(), &tasks.to_string()])
                .stderr(Stdio::inherit())
                .output()
                .expect("run a client");
            let text = String::from_utf8_lossy(&output.stdout);
            let line = text.lines().find(|l| l.starts_with("RESULT")).unwrap_or_else(|| panic!("{which}: no RESULT line in {text:?}"));
            let result = Result::parse(line);
            println!("{which}: {line}");
            rows.push((which, result));
        }
    }
    // Stop the server we started, by its PID.
    let _ = server.kill();
    let _ = server.wait();

    println!();
    println!("| client | calls | errors | calls/s | p50 | p99 | peak RSS | CPU (user+sys) |");
    println!("| --- | --- | --- | --- | --- | --- | --- | --- |");
    for (which, r) in &rows {
        println!(
            "| {which} | {} | {} | {:.0} | {:.1} ms | {:.1} ms | {:.1} MiB | {:.0} s |",
            r.calls,
            r.errors,
            r.rate(),
            r.p50_us as f64 / 1e3,
            r.p99_us as f64 / 1e3,
            r.rss_kib as f64 / 1024.0,
            r.cpu_s
        );
    }
    let mean = |which: &str, f: &dyn Fn(&Result) -> f64| {
        let v: Vec<f64> = rows.iter().filter(|(w, _)| *w == which).map(|(_, r)| f(r)).collect();
        v.iter().sum::<f64>() / v.len() as f64
    };
    println!();
    println!(
        "ours / sdk: calls/s {:.2}, p50 {:.2}, p99 {:.2}, peak RSS {:.2}, CPU per call {:.2}",
        mean("ours", &Result::rate) / mean("sdk", &Result::rate),
        mean("ours", &|r| r.p50_us as f64) / mean("sdk", &|r| r.p50_us as f64),
        mean("ours", &|r| r.p99_us as f64) / mean("sdk", &|r| r.p99_us as f64),
        mean("ours", &|r| r.rss_kib as f64) / mean("sdk", &|r| r.rss_kib as f64),
        mean("ours", &|r| r.cpu_s / r.calls as f64) / mean("sdk", &|r| r.cpu_s / r.calls as f64),
    );
}

struct Result {
    calls: u64,
    errors: u64,
    seconds: f64,
    p50_us: u64,
    p99_us: u64,
    rss_kib: u64,
    cpu_s: f64,
}

impl Result {
    fn parse(line: &str) -> Self {
        let field = |name: &str| -> &str {
            line.split_whitespace()
                .find_map(|kv| kv.strip_prefix(name)?.strip_prefix('='))
                .unwrap_or_else(|| panic!("no {name} in {line}"))
        };
        Self {
            calls: field("calls").parse().expect("calls"),
            errors: field("errors").parse().expect("errors"),
            seconds: field("seconds").parse().expect("seconds"),
            p50_us: field("p50_us").parse().expect("p50"),
            p99_us: field("p99_us").parse().expect("p99"),
            rss_kib: field("max_rss_kib").parse().expect("rss"),
            cpu_s: field("cpu_s").parse().expect("cpu"),
        }
    }

    fn rate(&self) -> f64 {
        self.calls as f64 / self.seconds
    }
}
