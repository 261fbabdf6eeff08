//! The Lambda suite: every operation's inputs through our `build_request` and the SDK's
//! request pipeline (whole HTTP requests compared), the same responses and error responses
//! through both readers. Fixed cases per operation, then random ones, then hand-written ones
//! ([`handmade`](super::handmade)).

use smithy_rt::testing::{Arbitrary, Gen};

use super::{Differential, ErrorValue, ForEachOperation, WriteResponse, convert};
use crate::check::{Report, case_seeds, maybe_strip};
use crate::json::drop_keys;
use crate::wire::Response;

/// The request id every response carries.
pub const REQUEST_ID: (&str, &str) = ("x-amzn-requestid", "c0ffee00-0000-4000-8000-00000000000a");
const JSON: (&str, &str) = ("content-type", "application/json");
/// How Lambda's `X-Amzn-Errortype` ends: the code, then a colon and the service's namespace.
const ERROR_TYPE_SUFFIX: &str = ":http://internal.amazon.com/coral/com.amazonaws.lambda/";

/// Where an error response carries its code (restJson1 allows all three).
#[derive(Clone, Copy, Debug)]
pub enum CodeIn {
    /// `X-Amzn-Errortype: Code:http://internal.amazon.com/coral/...`.
    Header,
    /// The body's `"__type": "com.amazonaws.lambda#Code"`.
    TypeKey,
    /// The body's `"code": "Code"`.
    CodeKey,
}

impl CodeIn {
    const ALL: [CodeIn; 3] = [CodeIn::Header, CodeIn::TypeKey, CodeIn::CodeKey];

    fn name(self) -> &'static str {
        match self {
            CodeIn::Header => "X-Amzn-Errortype",
            CodeIn::TypeKey => "__type",
            CodeIn::CodeKey => "code",
        }
    }
}

/// `response` (a modeled error's status, bound headers and JSON members) with the request id
/// and `code` in the place `place` says: the headers and the body text.
pub fn error_with_code(
    response: &Response,
    code: &str,
    place: CodeIn,
) -> (Vec<(String, String)>, String) {
    let mut headers = response.headers.clone();
    headers.push((REQUEST_ID.0.to_owned(), REQUEST_ID.1.to_owned()));
    let mut body: serde_json::Value = serde_json::from_slice(&response.body)
        .unwrap_or_else(|e| panic!("an error body that is not JSON ({e})"));
    let object = body
        .as_object_mut()
        .unwrap_or_else(|| panic!("an error body that is not an object"));
    match place {
        CodeIn::Header => headers.push((
            "x-amzn-errortype".to_owned(),
            format!("{code}{ERROR_TYPE_SUFFIX}"),
        )),
        CodeIn::TypeKey => {
            object.insert(
                "__type".to_owned(),
                format!("com.amazonaws.lambda#{code}").into(),
            );
        }
        CodeIn::CodeKey => {
            object.insert("code".to_owned(), code.into());
        }
    }
    (headers, body.to_string())
}

fn pairs(headers: &[(String, String)]) -> Vec<(&str, &str)> {
    headers
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

/// Per operation: the default input, empty responses, and every modeled error with its code
/// in each place, plus errors without a known code.
struct EveryOperation<'a> {
    rt: &'a tokio::runtime::Runtime,
    report: &'a mut Report,
}

impl ForEachOperation for EveryOperation<'_> {
    fn operation<O: Differential<ErrorValue = ErrorValue> + WriteResponse>(
        &mut self,
        name: &'static str,
    ) {
        let (rt, report) = (self.rt, &mut *self.report);
        report.http_request::<O>(rt, name, "default input", &O::Input::default());
        report.response::<O>(
            rt,
            name,
            "empty body",
            (O::STATUS, &[REQUEST_ID], b""),
            None,
        );
        report.response::<O>(
            rt,
            name,
            "{}",
            (O::STATUS, &[JSON, REQUEST_ID], b"{}"),
            None,
        );
        for code in O::ERROR_CODES {
            let mut g = Gen::new(0x1a3bda);
            let Some((response, expected)) = convert::arbitrary_error(code, &mut g) else {
                report.mismatch(
                    name,
                    code,
                    "no arbitrary value for a modeled error".to_owned(),
                );
                continue;
            };
            for place in CodeIn::ALL {
                report.op(name).errors += 1;
                let (headers, body) = error_with_code(&response, code, place);
                report.modeled_error::<O>(
                    rt,
                    (name, &format!("{code} via {}", place.name())),
                    (code, matches!(place, CodeIn::Header)),
                    (response.status, &pairs(&headers), &body),
                    &expected,
                );
            }
            let header = format!("{code}{ERROR_TYPE_SUFFIX}");
            report.response::<O>(
                rt,
                name,
                &format!("{code} via X-Amzn-Errortype, empty body"),
                (
                    400,
                    &[REQUEST_ID, ("x-amzn-errortype", header.as_str())],
                    b"",
                ),
                None,
            );
            let both = format!(
                r#"{{"__type":"{code}","code":"{code}","Message":"h\u00e9 \ud83d\ude00"}}"#
            );
            report.response::<O>(
                rt,
                name,
                &format!("{code} in __type and code"),
                (400, &[JSON], both.as_bytes()),
                None,
            );
        }
        report.unknown_errors::<O>(rt, name, JSON, REQUEST_ID);
        report.response::<O>(
            rt,
            name,
            "unknown code in X-Amzn-Errortype",
            (
                409,
                &[
                    JSON,
                    REQUEST_ID,
                    ("x-amzn-errortype", "BrandNewException:http://x/"),
                ],
                br#"{"Message":"new"}"#,
            ),
            None,
        );
        report.response::<O>(
            rt,
            name,
            "404 {} without a code",
            (404, &[JSON, REQUEST_ID], b"{}"),
            None,
        );
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
    fn operation<O: Differential<ErrorValue = ErrorValue> + WriteResponse>(
        &mut self,
        name: &'static str,
    ) {
        let (rt, report) = (self.rt, &mut *self.report);
        for seed in case_seeds(self.seed, name, self.cases) {
            let mut g = Gen::new(seed);
            let mut input = O::Input::arbitrary(&mut g);
            // Most inputs have header members a header can carry; the others show that both
            // sides refuse what it can't.
            if !g.one_in(4) {
                O::header_safe_input(&mut input);
            }
            maybe_strip::<O>(&mut g, seed, &mut input);
            report.http_request::<O>(rt, name, &format!("random input, seed {seed}"), &input);

            let mut output = O::Output::arbitrary(&mut g);
            O::normalize_output(&mut output);
            let response = O::output_response(&output);
            let mut headers = response.header_pairs();
            headers.push(REQUEST_ID);
            let json = response
                .headers
                .iter()
                .any(|(k, v)| k == JSON.0 && v == JSON.1);
            if json && g.one_in(5) {
                // A careless service: some members (required ones too) left out of the body.
                let mut drop = Gen::new(seed ^ 0xd20b);
                let body = drop_keys(&response.body_text(), &mut drop);
                report.response::<O>(
                    rt,
                    name,
                    &format!("random output with keys dropped, seed {seed}"),
                    (response.status, &headers, body.as_bytes()),
                    None,
                );
            } else {
                report.response::<O>(
                    rt,
                    name,
                    &format!("random output, seed {seed}"),
                    (response.status, &headers, &response.body),
                    Some(&output),
                );
            }

            if let Some(code) = g.pick(O::ERROR_CODES).copied()
                && let Some((response, expected)) = convert::arbitrary_error(code, &mut g)
            {
                let place = CodeIn::ALL[g.below(CodeIn::ALL.len())];
                report.op(name).errors += 1;
                let (headers, body) = error_with_code(&response, code, place);
                report.modeled_error::<O>(
                    rt,
                    (
                        name,
                        &format!("random {code} via {}, seed {seed}", place.name()),
                    ),
                    (code, matches!(place, CodeIn::Header)),
                    (response.status, &pairs(&headers), &body),
                    &expected,
                );
            }
        }
    }
}

/// Runs every Lambda case: `cases` random ones per operation and direction from `seed`.
pub fn run(rt: &tokio::runtime::Runtime, cases: u64, seed: u64) -> Report {
    let mut report = Report::default();
    convert::for_each_operation(&mut EveryOperation {
        rt,
        report: &mut report,
    });
    convert::for_each_operation(&mut RandomCases {
        rt,
        report: &mut report,
        cases,
        seed,
    });
    super::handmade::run(rt, &mut report);
    report
}
