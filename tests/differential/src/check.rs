//! One case at a time through both implementations; the tally of what happened.

use std::collections::BTreeMap;

use smithy_rt::testing::SameValue;
use smithy_rt::{ProvideErrorMetadata, RequestId};

use crate::Differential;
use crate::json::diff_bodies;
use crate::sdk::{self, ENDPOINT, ErrorView, Parsed};

/// Deviation names, as the README lists them.
pub const TYPE_OVER_CODE: &str = "__type wins over a body `code` member";
/// Deviation name for required structures a response leaves out below the top of an output.
pub const NESTED_STRUCTURE: &str = "a required structure a response leaves out is an empty one at every depth (the SDK leaves it unset below the top of the output)";
/// Deviation name for required enums a response leaves out below the top of an output.
pub const NESTED_ENUM: &str = "a required enum a response leaves out is `no value was set` at every depth (below the top of the output the SDK fails the call)";
/// Deviation name for error responses without a code.
pub const NO_ERROR_CODE: &str = "an error response without an error code is the operation error's Unhandled variant (the SDK: an SdkError::ResponseError around its unhandled error); both keep the request id";
/// Deviation name for an error body with more than one message key.
pub const MESSAGE_PRECEDENCE: &str = "an error body with more than one of `message`, `Message`, `errorMessage` gives them in that order of precedence (the SDK takes the last one in the body)";
/// Deviation name for a key given twice in one JSON object.
pub const DUPLICATE_KEY: &str =
    "a member given twice in one JSON object is an error naming it (the SDK keeps the last value)";
/// Deviation name for a member holding its zero `@default`.
pub const ZERO_DEFAULT_SENT: &str = "a member that holds its zero `@default` (0, false) is sent (smithy-rs leaves it out of the body)";
/// Deviation name for the length of an empty request body.
pub const EMPTY_BODY_LENGTH: &str = "a POST, PUT or PATCH without a body says `Content-Length: 0` (the SDK leaves that to its HTTP client; hyper adds it too)";
/// Deviation name for the media type of an unset blob payload.
pub const UNSET_PAYLOAD_CONTENT_TYPE: &str = "a request whose blob `@httpPayload` is unset has no body and no `Content-Type` (the SDK sends `Content-Type: application/octet-stream` with the empty body)";
/// Deviation name for a required query parameter given as an empty string.
pub const EMPTY_REQUIRED_QUERY: &str = "a required query parameter given as an empty string is sent (`?Qualifier=`); the SDK refuses to build the request";
/// Deviation name for Unicode whitespace at the ends of a header value.
pub const HEADER_UNICODE_WHITESPACE: &str = "a header value keeps Unicode whitespace at its ends other than spaces and tabs (the SDK trims all Unicode whitespace)";
/// Deviation name for exact epoch-seconds timestamps.
pub const EXACT_EPOCH_SECONDS: &str = "epoch-seconds timestamps are exact (SDK rounds through f64)";

/// Counts for one operation.
#[derive(Debug, Default, Clone)]
pub struct OpCounts {
    /// Request cases run (inputs through both serializers).
    pub requests: usize,
    /// Of those, both sent and the wire matched.
    pub requests_sent: usize,
    /// Both refused the input (missing required member of a nested structure).
    pub both_refused: usize,
    /// We refused, the SDK sent.
    pub ours_refused: usize,
    /// The SDK refused, we sent.
    pub sdk_refused: usize,
    /// Response cases (2xx bodies).
    pub responses: usize,
    /// Error response cases.
    pub errors: usize,
    /// Cases where a named deviation explained the difference.
    pub deviations: usize,
    /// Retry scenarios (scripted fault sequences through both clients).
    pub retries: usize,
}

/// Everything the suite saw.
#[derive(Debug, Default)]
pub struct Report {
    /// Per operation.
    pub ops: BTreeMap<&'static str, OpCounts>,
    /// Each mismatch, described.
    pub mismatches: Vec<String>,
    /// Deviation name -> the cases it explained.
    pub deviations: BTreeMap<&'static str, Vec<String>>,
    /// Refusal reasons (side: reason) -> count.
    pub refusals: BTreeMap<String, usize>,
}

impl Report {
    /// Total cases.
    pub fn cases(&self) -> usize {
        self.ops
            .values()
            .map(|c| c.requests + c.responses + c.errors + c.retries)
            .sum()
    }

    pub(crate) fn op(&mut self, op: &'static str) -> &mut OpCounts {
        self.ops.entry(op).or_default()
    }

    /// Counts a retry scenario of `op`.
    pub fn retry_case(&mut self, op: &'static str) {
        self.op(op).retries += 1;
    }

    /// Records a mismatch.
    pub fn mismatch(&mut self, op: &str, label: &str, what: String) {
        self.mismatches.push(format!("{op} {label}: {what}"));
    }

    /// Records a case a named deviation explains.
    pub fn deviation(&mut self, op: &'static str, name: &'static str, what: String) {
        self.op(op).deviations += 1;
        self.deviations
            .entry(name)
            .or_default()
            .push(format!("{op}: {what}"));
    }

    pub(crate) fn refusal(&mut self, side: &str, reason: &str) {
        // Keep the kind of reason and the member, not the value, so the list stays short: up
        // to the SDK's `details` or our second quoted name.
        let mut end = reason.find("details: ").unwrap_or(reason.len());
        if let Some((third, _)) = reason.match_indices('`').nth(2) {
            end = end.min(third);
        }
        let kind: String = reason[..end].chars().take(160).collect();
        *self.refusals.entry(format!("{side}: {kind}")).or_default() += 1;
    }

    /// `input` through our serializer and the SDK's (awsJson): same `Content-Type`,
    /// `X-Amz-Target`, and body (as JSON).
    pub fn request<O: Differential>(
        &mut self,
        rt: &tokio::runtime::Runtime,
        op: &'static str,
        label: &str,
        input: &O::Input,
    ) {
        let ours = O::build_request(input, ENDPOINT);
        let theirs = sdk::sent_request::<O>(rt, input);
        self.requests((op, label), ours, theirs, aws_json_differences, |_, _| None);
    }

    /// One input's requests, ours (or why we refused) and the SDK's (or why it refused): when
    /// both sent, `compare` says how they differ; when only the SDK refused, `sdk_refusal`
    /// names the deviation that explains it, if one does. Refusals are counted by reason.
    pub fn requests(
        &mut self,
        (op, label): (&'static str, &str),
        ours: Result<smithy_rt::HttpRequest, smithy_rt::BuildError>,
        theirs: Result<smithy_rt::HttpRequest, String>,
        compare: impl FnOnce(&smithy_rt::HttpRequest, &smithy_rt::HttpRequest) -> Comparison,
        sdk_refusal: impl FnOnce(&smithy_rt::HttpRequest, &str) -> Option<(&'static str, String)>,
    ) {
        self.op(op).requests += 1;
        match (ours, theirs) {
            (Ok(ours), Ok(theirs)) => {
                let compared = compare(&ours, &theirs);
                if !compared.problems.is_empty() {
                    return self.mismatch(op, label, compared.problems.join("; "));
                }
                self.op(op).requests_sent += 1;
                for (name, what) in compared.deviations {
                    self.deviation(op, name, format!("{label}: {what}"));
                }
            }
            (Err(ours), Err(sdk)) => {
                self.op(op).both_refused += 1;
                self.refusal("both refused, SDK said", &sdk);
                self.refusal("both refused, we said", &ours.to_string());
            }
            (Err(ours), Ok(_)) => {
                self.op(op).ours_refused += 1;
                self.refusal("we refused, the SDK sent", &ours.to_string());
            }
            (Ok(ours), Err(sdk)) => {
                self.op(op).sdk_refused += 1;
                match sdk_refusal(&ours, &sdk) {
                    Some((name, what)) => self.deviation(op, name, format!("{label}: {what}")),
                    None => self.refusal("the SDK refused, we sent", &sdk),
                }
            }
        }
    }

    /// The error responses every operation gets: a code no model knows (in `__type`), and a 500
    /// without a body (no code at all). `json` is the protocol's `Content-Type` header.
    pub fn unknown_errors<O: Differential>(
        &mut self,
        rt: &tokio::runtime::Runtime,
        op: &'static str,
        json: (&str, &str),
        request_id: (&str, &str),
    ) {
        let unknown = br#"{"__type":"aws.future#BrandNewException","message":"new"}"#;
        self.response::<O>(
            rt,
            op,
            "unknown code",
            (400, &[json, request_id], unknown),
            None,
        );
        self.response::<O>(
            rt,
            op,
            "500 without a body",
            (500, &[request_id], b""),
            None,
        );
    }

    /// One response through both readers. `expected` is the output the body was written
    /// from, when known: our reading must give it back exactly.
    pub fn response<O: Differential>(
        &mut self,
        rt: &tokio::runtime::Runtime,
        op: &'static str,
        label: &str,
        (status, headers, body): (u16, &[(&str, &str)], &[u8]),
        expected: Option<&O::Output>,
    ) {
        if (200..300).contains(&status) {
            self.op(op).responses += 1;
        } else {
            self.op(op).errors += 1;
        }
        let ours = ours_parse::<O>(status, headers, body);
        let theirs = sdk::response::<O>(rt, status, headers, body);
        if let (Some(expected), Parsed::Output(ours)) = (expected, &ours)
            && !ours.same_value(expected)
        {
            return self.mismatch(
                op,
                label,
                format!("our reading {ours:?} differs from the value written {expected:?}"),
            );
        }
        let same = match (&ours, &theirs) {
            (Parsed::Output(a), Parsed::Output(b)) => a.same_value(b),
            (a, b) => a == b,
        };
        if same {
            return;
        }
        // Apart from how it is wrapped, the error must be the same, request id included.
        let sent_id = headers
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case("x-amzn-requestid"));
        if let (Parsed::Error(a), Parsed::ResponseError(b)) = (&ours, &theirs)
            && a.value == O::UNHANDLED
            && a == b
            && a.code.is_none()
            && a.request_id.is_some() == sent_id
        {
            let id = a.request_id.as_deref().unwrap_or("none");
            return self.deviation(
                op,
                NO_ERROR_CODE,
                format!("{label}: request id {id} on both sides"),
            );
        }
        if let (Parsed::Output(ours), Parsed::Output(theirs)) = (&ours, &theirs) {
            // Both fill required members a response leaves out ("client error correction"),
            // but below the top of an output the SDK leaves required structures unset. Fill
            // those in the SDK's value as our readers do, and the two must then agree exactly.
            let mut corrected = theirs.clone();
            O::correct_output(&mut corrected);
            if ours.same_value(&corrected) {
                return self.deviation(
                    op,
                    NESTED_STRUCTURE,
                    format!("{label}: SDK read {theirs:?}"),
                );
            }
            // The SDK reads epoch seconds with a fraction through f64; do that to our exact
            // value and the two must then agree exactly.
            let mut rounded = ours.clone();
            let mut changed = Vec::new();
            O::output_epoch_timestamps(&mut rounded, &mut |t| {
                let sdk = sdk_epoch_seconds(t);
                if sdk != *t {
                    changed.push(format!(
                        "{} read by the SDK as {}",
                        text_of(t),
                        text_of(&sdk)
                    ));
                    *t = sdk;
                }
            });
            if !changed.is_empty() && rounded.same_value(theirs) {
                return self.deviation(
                    op,
                    EXACT_EPOCH_SECONDS,
                    format!("{label}: {}", changed.join(", ")),
                );
            }
            // Both at once: a body missing nested structures and with fractional seconds.
            if !changed.is_empty() && rounded.same_value(&corrected) {
                self.deviation(
                    op,
                    NESTED_STRUCTURE,
                    format!("{label} (with fractional seconds)"),
                );
                return self.deviation(
                    op,
                    EXACT_EPOCH_SECONDS,
                    format!(
                        "{label} (with required members missing): {}",
                        changed.join(", ")
                    ),
                );
            }
            return self.mismatch(
                op,
                label,
                format!(
                    "ours {ours:?}\n    ours SDK-rounded {rounded:?}\n    SDK  {theirs:?}\n    SDK corrected {corrected:?}"
                ),
            );
        }
        if let (Parsed::Output(ours), Parsed::Failed(why)) = (&ours, &theirs) {
            // A nested structure without its required enum: we read the enum's unknown
            // variant with `no value was set`; the SDK's builder refuses the structure.
            if why.contains("was not specified but it is required")
                && format!("{ours:?}").contains(&format!("{:?}", smithy_rt::UNSET_ENUM_VALUE))
            {
                return self.deviation(op, NESTED_ENUM, format!("{label}: the SDK failed: {why}"));
            }
        }
        self.mismatch(op, label, format!("ours {ours:?}\n    SDK  {theirs:?}"));
    }

    /// An error response whose body is `members` (a modeled error's members as JSON) with the
    /// code sent as `__type` or, when `header` is set, as `X-Amzn-Errortype`. Our reading
    /// must be exactly `expected` with code `code`; then it is compared with the SDK's.
    pub fn error_response<O: Differential>(
        &mut self,
        rt: &tokio::runtime::Runtime,
        op: &'static str,
        label: &str,
        (code, header, members): (&str, bool, &str),
        expected: &O::ErrorValue,
    ) {
        self.op(op).errors += 1;
        let type_key = format!("{{\"__type\":\"com.amazonaws.firehose#{code}\"");
        let body = match (header, members.strip_prefix('{')) {
            (true, _) => members.to_owned(),
            (false, Some("}")) => format!("{type_key}}}"),
            (false, Some(rest)) => format!("{type_key},{rest}"),
            (false, None) => {
                return self.mismatch(op, label, format!("members are not an object: {members}"));
            }
        };
        let error_type = format!("{code}:http://internal.amazon.com/coral/com.amazonaws.firehose/");
        let mut headers = vec![
            ("content-type", "application/x-amz-json-1.1"),
            ("x-amzn-requestid", "req-1"),
        ];
        if header {
            headers.push(("x-amzn-errortype", error_type.as_str()));
        }
        self.modeled_error::<O>(
            rt,
            (op, label),
            (code, header),
            (400, &headers, &body),
            expected,
        );
    }

    /// An error response written from a modeled error, `expected`, with code `code` (sent in
    /// `X-Amzn-Errortype` when `in_header`, else in the body). Our reading must be exactly
    /// `expected` with code `code`; then it is compared with the SDK's.
    pub fn modeled_error<O: Differential>(
        &mut self,
        rt: &tokio::runtime::Runtime,
        (op, label): (&'static str, &str),
        (code, in_header): (&str, bool),
        (status, headers, body): (u16, &[(&str, &str)], &str),
        expected: &O::ErrorValue,
    ) {
        let ours = ours_parse::<O>(status, headers, body.as_bytes());
        let Parsed::Error(view) = &ours else {
            return self.mismatch(op, label, format!("we did not read an error: {ours:?}"));
        };
        if view.value != *expected || view.code.as_deref() != Some(code) {
            return self.mismatch(
                op,
                label,
                format!(
                    "we read {view:?}, the body was written from {expected:?} with code {code}"
                ),
            );
        }
        let theirs = sdk::response::<O>(rt, status, headers, body.as_bytes());
        if ours == theirs {
            return;
        }
        // A modeled `code` member in the body: the SDK takes it as the error code.
        let member_code = serde_json::from_str::<serde_json::Value>(body)
            .ok()
            .and_then(|v| v.get("code").and_then(|c| c.as_str()).map(sanitize_code));
        if let (false, Some(member), Parsed::Error(sdk)) = (in_header, &member_code, &theirs)
            && sdk.code.as_deref() == Some(member.as_str())
            && member != code
        {
            return self.deviation(
                op,
                TYPE_OVER_CODE,
                format!(
                    "{label}: ours {code} ({:?}), SDK code {member:?} ({:?})",
                    variant(&view.value),
                    variant(&sdk.value)
                ),
            );
        }
        self.mismatch(op, label, format!("ours {ours:?}\n    SDK  {theirs:?}"));
    }
}

/// How two requests compare: the differences no deviation explains, and the named deviations
/// that explain the others (name, what was seen).
#[derive(Debug, Default)]
pub struct Comparison {
    /// Unexplained differences, described; the requests agree when this is empty.
    pub problems: Vec<String>,
    /// Named deviations seen.
    pub deviations: Vec<(&'static str, String)>,
}

impl Comparison {
    /// A comparison that failed before it began: `problem`.
    pub fn failed(problem: String) -> Self {
        Comparison {
            problems: vec![problem],
            deviations: Vec::new(),
        }
    }
}

/// awsJson requests: the same `Content-Type`, `X-Amz-Target` and JSON body.
fn aws_json_differences(ours: &smithy_rt::HttpRequest, sdk: &smithy_rt::HttpRequest) -> Comparison {
    let mut out = Comparison::default();
    for name in ["content-type", "x-amz-target"] {
        let (a, b) = (ours.headers().get(name), sdk.headers().get(name));
        if a != b {
            out.problems.push(format!("{name}: ours {a:?}, SDK {b:?}"));
        }
    }
    let body = |r: &smithy_rt::HttpRequest| r.body().bytes().unwrap_or_default().to_vec();
    if let Some(d) = diff_bodies(&body(ours), &body(sdk)) {
        out.problems.push(format!("body: {d}"));
    }
    out
}

/// The seeds of an operation's random cases, from the run's `seed` and the operation's name:
/// each case has its own, printed with it, so that any case can be replayed alone.
pub fn case_seeds(seed: u64, op: &str, cases: u64) -> impl Iterator<Item = u64> {
    let base = seed
        ^ op.bytes()
            .fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
    (0..cases).map(move |i| base.wrapping_add(i))
}

/// One input in five (drawn from `g`) loses some required members, nested ones too, to see
/// who refuses what; the others keep them all (arbitrary values always set required members),
/// so that both sides send them.
pub fn maybe_strip<O: Differential>(
    g: &mut smithy_rt::testing::Gen,
    seed: u64,
    input: &mut O::Input,
) {
    if g.one_in(5) {
        let mut drop = smithy_rt::testing::Gen::new(seed ^ 0xd20b);
        O::strip_input(input, &mut || drop.one_in(3));
    }
}

/// The variant name of an error value.
fn variant(value: &impl std::fmt::Debug) -> String {
    let text = format!("{value:?}");
    text.split('(').next().unwrap_or_default().to_owned()
}

/// An error code as both implementations clean it: up to the first `:`, after the last `#`.
pub fn sanitize_code(code: &str) -> String {
    let code = code.split(':').next().unwrap_or_default();
    code.rsplit('#').next().unwrap_or_default().to_owned()
}

/// Our reading of a response, as the suite compares it.
pub fn ours_parse<O: Differential>(
    status: u16,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Parsed<O::Output, O::ErrorValue> {
    let response =
        match smithy_rt::response_from_parts(status, headers.iter().copied(), body.to_vec()) {
            Ok(r) => r,
            Err(e) => return Parsed::Failed(e.to_string()),
        };
    match O::parse_response(&response) {
        Ok(output) => Parsed::Output(output),
        Err(error) => Parsed::Error(ErrorView {
            value: O::our_error_value(&error),
            code: error.code().map(str::to_owned),
            message: error.message().map(str::to_owned),
            request_id: error.request_id().map(str::to_owned),
        }),
    }
}

/// How our writer puts a timestamp on the wire (epoch seconds).
pub fn text_of(t: &smithy_rt::DateTime) -> String {
    smithy_rt::timestamp::format(t, smithy_rt::TimestampFormat::EpochSeconds).unwrap_or_default()
}

/// What the SDK makes of that text: a fraction goes through `f64`
/// (`aws-smithy-json`'s `read_timestamp`), whole seconds are exact.
pub fn sdk_epoch_seconds(t: &smithy_rt::DateTime) -> smithy_rt::DateTime {
    let text = text_of(t);
    if text.contains(['.', 'e', 'E']) {
        match text.parse::<f64>() {
            Ok(f) => smithy_rt::DateTime::from_secs_f64(f),
            Err(_) => *t,
        }
    } else {
        *t
    }
}
