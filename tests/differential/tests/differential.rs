//! The differential suite: every operation's inputs through our serializer and the SDK's,
//! the same responses and error responses through both readers. Prints per-operation case
//! counts, every named deviation it saw, and `differential: N cases, M mismatches`; exits 1
//! when M > 0.
//!
//! `DIFFERENTIAL_CASES` (default 200) sets the random cases per operation and direction,
//! `DIFFERENTIAL_SEED` the first seed.

use std::process::ExitCode;

use differential::check::{Report, case_seeds, maybe_strip};
use differential::json::drop_keys;
use differential::{Differential, ErrorValue, ForEachOperation, convert};
use smithy_rt::testing::{Arbitrary, Gen, to_json};

mod handmade;

const REQUEST_ID: (&str, &str) = ("x-amzn-requestid", "b3b1c5b2-0000-4000-8000-000000000001");
const JSON: (&str, &str) = ("content-type", "application/x-amz-json-1.1");

/// Per operation: the default input, and every modeled error (by `__type`, by header, as an
/// unknown code).
struct EveryOperation<'a> {
    rt: &'a tokio::runtime::Runtime,
    report: &'a mut Report,
}

impl ForEachOperation for EveryOperation<'_> {
    fn operation<O: Differential<ErrorValue = ErrorValue>>(&mut self, name: &'static str) {
        let (rt, report) = (self.rt, &mut *self.report);
        report.request::<O>(rt, name, "default input", &O::Input::default());
        report.response::<O>(
            rt,
            name,
            "empty body",
            (200, &[JSON, REQUEST_ID], b""),
            None,
        );
        report.response::<O>(rt, name, "{}", (200, &[JSON, REQUEST_ID], b"{}"), None);
        for code in O::ERROR_CODES {
            let body = format!(
                r#"{{"__type":"com.amazonaws.firehose#{code}","message":"{code} h\u00e9 \ud83d\ude00"}}"#
            );
            report.response::<O>(
                rt,
                name,
                &format!("{code} via __type"),
                (400, &[JSON, REQUEST_ID], body.as_bytes()),
                None,
            );
            let header = format!("{code}:http://internal.amazon.com/coral/com.amazonaws.firehose/");
            let with_header = [JSON, REQUEST_ID, ("x-amzn-errortype", header.as_str())];
            report.response::<O>(
                rt,
                name,
                &format!("{code} via X-Amzn-Errortype"),
                (400, &with_header, br#"{"Message":"capital M"}"#),
                None,
            );
            let lowercase_both = format!(r#"{{"__type":"{code}","message":"m","code":"{code}"}}"#);
            report.response::<O>(
                rt,
                name,
                &format!("{code} with a matching code member"),
                (400, &[JSON], lowercase_both.as_bytes()),
                None,
            );
        }
        report.unknown_errors::<O>(rt, name, JSON, REQUEST_ID);
    }
}

/// Random inputs, outputs and modeled errors of every operation.
struct RandomCases<'a> {
    rt: &'a tokio::runtime::Runtime,
    report: &'a mut Report,
    cases: u64,
    seed: u64,
}

impl ForEachOperation for RandomCases<'_> {
    fn operation<O: Differential<ErrorValue = ErrorValue>>(&mut self, name: &'static str) {
        let (rt, report) = (self.rt, &mut *self.report);
        for seed in case_seeds(self.seed, name, self.cases) {
            let mut g = Gen::new(seed);
            let mut input = O::Input::arbitrary(&mut g);
            maybe_strip::<O>(&mut g, seed, &mut input);
            report.request::<O>(rt, name, &format!("random input, seed {seed}"), &input);

            let output = O::Output::arbitrary(&mut g);
            let body = to_json(&output);
            if g.one_in(5) {
                // A careless service: some members (required ones too) left out of the body.
                let mut drop = Gen::new(seed ^ 0xd20b);
                let body = drop_keys(&body, &mut drop);
                report.response::<O>(
                    rt,
                    name,
                    &format!("random output with keys dropped, seed {seed}"),
                    (200, &[JSON, REQUEST_ID], body.as_bytes()),
                    None,
                );
            } else {
                report.response::<O>(
                    rt,
                    name,
                    &format!("random output, seed {seed}"),
                    (200, &[JSON, REQUEST_ID], body.as_bytes()),
                    Some(&output),
                );
            }

            if let Some(code) = g.pick(O::ERROR_CODES).copied() {
                if let Some((response, expected)) = convert::arbitrary_error(code, &mut g) {
                    let header = g.one_in(2);
                    let how = if header { "X-Amzn-Errortype" } else { "__type" };
                    report.error_response::<O>(
                        rt,
                        name,
                        &format!("random {code} via {how}, seed {seed}"),
                        (code, header, &response.body_text()),
                        &expected,
                    );
                }
            }
        }
    }
}

fn env_u64(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(text) => text
            .parse()
            .unwrap_or_else(|_| panic!("{name} must be a number, not {text:?}")),
        Err(_) => default,
    }
}

fn main() -> ExitCode {
    let rt = differential::sdk::runtime();
    let cases = env_u64("DIFFERENTIAL_CASES", 200);
    let seed = env_u64("DIFFERENTIAL_SEED", 0x5eed_d1ff);

    let started = std::time::Instant::now();
    let mut firehose = Report::default();
    convert::for_each_operation(&mut EveryOperation {
        rt: &rt,
        report: &mut firehose,
    });
    convert::for_each_operation(&mut RandomCases {
        rt: &rt,
        report: &mut firehose,
        cases,
        seed,
    });
    handmade::run(&rt, &mut firehose);
    let firehose_time = started.elapsed();

    let started = std::time::Instant::now();
    let mut lambda = differential::lambda::suite::run(&rt, cases, seed);
    let lambda_time = started.elapsed();
    differential::retries::run(&mut firehose, &mut lambda);

    let services = [
        ("firehose", "aws-sdk-firehose", &firehose, firehose_time),
        ("lambda", "aws-sdk-lambda", &lambda, lambda_time),
    ];
    for (service, sdk, report, _) in services {
        println!("== {service} against {sdk}");
        print_report(report);
    }
    println!("({cases} random cases per operation and direction, seed {seed:#x})");
    let (mut total, mut mismatches) = (0, 0);
    for (service, sdk, report, time) in services {
        println!(
            "differential {service} (vs {sdk}): {} operations, {} cases, {} deviations, {} mismatches ({time:.1?})",
            report.ops.len(),
            report.cases(),
            report.deviations.values().map(Vec::len).sum::<usize>(),
            report.mismatches.len()
        );
        total += report.cases();
        mismatches += report.mismatches.len();
    }
    println!("differential: {total} cases, {mismatches} mismatches");
    if mismatches == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Per-operation counts, refusals, deviations with examples, and every mismatch.
fn print_report(report: &Report) {
    println!(
        "per operation (requests sent+compared / refused by both / by us only / by the SDK only; responses; error responses; retry scenarios; deviations):"
    );
    for (name, c) in &report.ops {
        println!(
            "  {name:<40} requests {:>4} ({} compared, {} both refused, {} we refused, {} SDK refused), responses {:>4}, errors {:>4}, retry scenarios {:>2}, deviations {}",
            c.requests,
            c.requests_sent,
            c.both_refused,
            c.ours_refused,
            c.sdk_refused,
            c.responses,
            c.errors,
            c.retries,
            c.deviations
        );
    }
    if !report.refusals.is_empty() {
        println!("refused inputs (counted, not compared):");
        for (reason, n) in &report.refusals {
            println!("  {n:>5} x {reason}");
        }
    }
    for (name, cases) in &report.deviations {
        println!("deviation `{name}`: {} case(s)", cases.len());
        // Every hand-written case, then the first random ones.
        let (random, handmade): (Vec<&String>, Vec<&String>) =
            cases.iter().partition(|c| c.contains("random"));
        for case in handmade.iter().chain(random.iter().take(3)) {
            let shown: String = case.chars().take(400).collect();
            println!("  {shown}");
        }
    }
    for m in &report.mismatches {
        println!("MISMATCH {m}");
    }
}
