//! The differential suite: every operation's inputs through our serializer and the SDK's,
//! the same responses and error responses through both readers. Prints per-operation case
//! counts, every named deviation it saw, and `differential: N cases, M mismatches`; exits 1
//! when M > 0.
//!
//! `DIFFERENTIAL_CASES` (default 24) sets the random cases per operation and direction,
//! `DIFFERENTIAL_SEED` the first seed.

use std::process::ExitCode;

use differential::check::Report;
use differential::{Differential, ForEachOperation, convert};

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
    fn operation<O: Differential>(&mut self, name: &'static str) {
        let (rt, report) = (self.rt, &mut *self.report);
        report.request::<O>(rt, name, "default input", &O::Input::default());
        report.response::<O>(rt, name, "empty body", (200, &[JSON, REQUEST_ID], b""), None);
        report.response::<O>(rt, name, "{}", (200, &[JSON, REQUEST_ID], b"{}"), None);
        for code in O::ERROR_CODES {
            let body = format!(
                r#"{{"__type":"com.amazonaws.firehose#{code}","message":"{code} h\u00e9 \ud83d\ude00"}}"#
            );
            report.response::<O>(rt, name, &format!("{code} via __type"), (400, &[JSON, REQUEST_ID], body.as_bytes()), None);
            let header = format!("{code}:http://internal.amazon.com/coral/com.amazonaws.firehose/");
            let with_header = [JSON, REQUEST_ID, ("x-amzn-errortype", header.as_str())];
            report.response::<O>(rt, name, &format!("{code} via X-Amzn-Errortype"), (400, &with_header, br#"{"Message":"capital M"}"#), None);
            let lowercase_both = format!(r#"{{"__type":"{code}","message":"m","code":"{code}"}}"#);
            report.response::<O>(rt, name, &format!("{code} with a matching code member"), (400, &[JSON], lowercase_both.as_bytes()), None);
        }
        report.response::<O>(rt, name, "unknown code", (400, &[JSON, REQUEST_ID], br#"{"__type":"aws.future#BrandNewException","message":"new"}"#), None);
        report.response::<O>(rt, name, "500 without a body", (500, &[REQUEST_ID], b""), None);
    }
}

fn main() -> ExitCode {
    let rt = differential::sdk::runtime();
    let mut report = Report::default();
    convert::for_each_operation(&mut EveryOperation { rt: &rt, report: &mut report });
    handmade::run(&rt, &mut report);

    println!("per operation (requests sent+compared / refused by both / by us only / by the SDK only; responses; error responses; deviations):");
    for (name, c) in &report.ops {
        println!(
            "  {name:<36} requests {:>4} ({} compared, {} both refused, {} we refused, {} SDK refused), responses {:>4}, errors {:>4}, deviations {}",
            c.requests, c.requests_sent, c.both_refused, c.ours_refused, c.sdk_refused, c.responses, c.errors, c.deviations
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
        for case in cases.iter().take(5) {
            println!("  {case}");
        }
    }
    for m in &report.mismatches {
        println!("MISMATCH {m}");
    }
    println!("differential: {} cases, {} mismatches", report.cases(), report.mismatches.len());
    if report.mismatches.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
