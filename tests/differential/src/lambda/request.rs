//! Whole HTTP requests compared: method, host, path (as sent, percent-encoding included),
//! query (decoded pairs in the order sent, then the text as sent), headers (every one, apart
//! from [`SDK_ONLY_HEADERS`]), and body (JSON compared parsed, anything else byte for byte).
//! Differences a named deviation explains are counted as that deviation.

use std::collections::BTreeMap;

use percent_encoding::percent_decode_str;
use smithy_rt::testing::with_idempotency_token;

use crate::Differential;
use crate::check::{
    Comparison, EMPTY_BODY_LENGTH, EMPTY_REQUIRED_QUERY, Report, UNSET_PAYLOAD_CONTENT_TYPE,
    ZERO_DEFAULT_SENT,
};
use crate::json::{diff_bodies, diff_values, without_zero_defaults};
use crate::lambda::sdk::{ENDPOINT, TOKEN};
use crate::sdk;

/// Headers the SDK adds that `build_request` leaves out, each with why that is fine. Any
/// other header only one side sends is a mismatch.
pub const SDK_ONLY_HEADERS: &[(&str, &str)] = &[
    (
        "authorization",
        "SigV4: `build_request` returns the unsigned request; our client signs it (aws-sigv4)",
    ),
    (
        "x-amz-date",
        "SigV4's timestamp, added by signing (ours: the client)",
    ),
    (
        "user-agent",
        "the SDK names itself; our client sets its own user agent",
    ),
    (
        "x-amz-user-agent",
        "the SDK's second user agent (SDK and feature metadata); not part of the protocol",
    ),
    (
        "amz-sdk-invocation-id",
        "the SDK's retry bookkeeping: one id per call, for the service's logs",
    ),
    (
        "amz-sdk-request",
        "the SDK's retry bookkeeping: `attempt=1; max=1`",
    ),
];

/// One request as the suite compares it.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestView {
    /// Method.
    pub method: String,
    /// Host (and port).
    pub host: String,
    /// Path as sent.
    pub path: String,
    /// The query as sent (percent-encoding included).
    pub raw_query: String,
    /// Query parameters, decoded, in the order sent; `None` for a name without `=`.
    pub query: Vec<(String, Option<String>)>,
    /// Header name (lower case) -> values in order.
    pub headers: BTreeMap<String, Vec<String>>,
    /// Body bytes.
    pub body: Vec<u8>,
}

impl RequestView {
    /// The view of `request`; an error for a query that doesn't decode to UTF-8.
    pub fn of(request: &smithy_rt::HttpRequest) -> Result<Self, String> {
        let uri: http::Uri = request
            .uri()
            .parse()
            .map_err(|e| format!("the URI {} does not parse: {e}", request.uri()))?;
        let decode = |text: &str| {
            percent_decode_str(text)
                .decode_utf8()
                .map(|t| t.into_owned())
                .map_err(|e| format!("query text {text:?} is not UTF-8 when decoded: {e}"))
        };
        let mut query = Vec::new();
        for pair in uri.query().unwrap_or_default().split('&') {
            if pair.is_empty() {
                continue;
            }
            query.push(match pair.split_once('=') {
                Some((name, value)) => (decode(name)?, Some(decode(value)?)),
                None => (decode(pair)?, None),
            });
        }
        let mut headers: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (name, value) in request.headers() {
            headers
                .entry(name.to_ascii_lowercase())
                .or_default()
                .push(value.to_owned());
        }
        Ok(RequestView {
            method: request.method().to_string(),
            host: uri.authority().map(|a| a.to_string()).unwrap_or_default(),
            path: uri.path().to_owned(),
            raw_query: uri.query().unwrap_or_default().to_owned(),
            query,
            headers,
            body: request.body().bytes().unwrap_or_default().to_vec(),
        })
    }

    fn content_type(&self) -> Option<&str> {
        self.headers
            .get("content-type")
            .and_then(|v| v.first())
            .map(String::as_str)
    }
}

/// Every difference between our request and the SDK's.
pub fn differences(ours: &RequestView, sdk: &RequestView) -> Comparison {
    let mut out = Comparison::default();
    for (what, a, b) in [
        ("method", &ours.method, &sdk.method),
        ("host", &ours.host, &sdk.host),
        ("path", &ours.path, &sdk.path),
    ] {
        if a != b {
            out.problems.push(format!("{what}: ours {a:?}, SDK {b:?}"));
        }
    }
    // Decoded first, for a readable report; then as sent, which must be equal too.
    if ours.query != sdk.query {
        out.problems
            .push(format!("query: ours {:?}, SDK {:?}", ours.query, sdk.query));
    } else if ours.raw_query != sdk.raw_query {
        out.problems.push(format!(
            "query encoding: ours {:?}, SDK {:?}",
            ours.raw_query, sdk.raw_query
        ));
    }
    // The body first: when a deviation explains a body difference, `Content-Length` differs
    // with it.
    let mut length_explained = false;
    let json = ours.content_type() == Some("application/json");
    if ours.body.is_empty() != sdk.body.is_empty() || !json {
        if ours.body != sdk.body {
            out.problems.push(format!(
                "body: ours {:?}, SDK {:?}",
                short(&ours.body),
                short(&sdk.body)
            ));
        }
    } else if let Some(d) = diff_bodies(&ours.body, &sdk.body) {
        match zero_defaults(&ours.body, &sdk.body) {
            Some(removed) => {
                length_explained = true;
                out.deviations.push((ZERO_DEFAULT_SENT, removed.join(", ")));
            }
            None => out.problems.push(format!("body: {d}")),
        }
    }
    let empty = ours.body.is_empty() && sdk.body.is_empty();
    let names: std::collections::BTreeSet<&String> =
        ours.headers.keys().chain(sdk.headers.keys()).collect();
    for name in names {
        let (a, b) = (ours.headers.get(name), sdk.headers.get(name));
        if a == b || SDK_ONLY_HEADERS.iter().any(|(n, _)| n == name) && a.is_none() {
            continue;
        }
        let zero = a.is_some_and(|v| v.len() == 1 && v[0] == "0");
        match name.as_str() {
            "content-length" if length_explained && a.is_some() && b.is_some() => {}
            "content-length"
                if empty
                    && zero
                    && b.is_none()
                    && matches!(ours.method.as_str(), "POST" | "PUT" | "PATCH") =>
            {
                out.deviations.push((
                    EMPTY_BODY_LENGTH,
                    format!("{} with an empty body", ours.method),
                ));
            }
            "content-type" if empty && a.is_none() => {
                out.deviations
                    .push((UNSET_PAYLOAD_CONTENT_TYPE, format!("SDK sends {b:?}")));
            }
            _ => out
                .problems
                .push(format!("header {name}: ours {a:?}, SDK {b:?}")),
        }
    }
    out
}

/// The members [`without_zero_defaults`] takes out of our body, when that makes the two bodies
/// equal.
fn zero_defaults(ours: &[u8], sdk: &[u8]) -> Option<Vec<String>> {
    let ours: serde_json::Value = serde_json::from_slice(ours).ok()?;
    let sdk: serde_json::Value = serde_json::from_slice(sdk).ok()?;
    let (stripped, removed) = without_zero_defaults("$", &ours, &sdk);
    (!removed.is_empty() && diff_values("$", &stripped, &sdk).is_none()).then_some(removed)
}

/// The query parameter we sent empty that the SDK's refusal (`MissingField { field: "..." }`,
/// "cannot be empty or unset") names, if that is why it refused.
fn empty_query<'a>(ours: &'a RequestView, sdk: &str) -> Option<&'a str> {
    let field = sdk
        .split_once("MissingField { field: \"")?
        .1
        .split_once('"')?
        .0;
    let plain = |name: &str| -> String {
        name.chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    if !sdk.contains("cannot be empty or unset") {
        return None;
    }
    ours.query
        .iter()
        .find(|(name, value)| value.as_deref() == Some("") && plain(name) == plain(field))
        .map(|(name, _)| name.as_str())
}

/// The start of a body, for a report line.
fn short(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    match text.char_indices().nth(120) {
        Some((i, _)) => format!("{}... ({} bytes)", &text[..i], body.len()),
        None => text.into_owned(),
    }
}

impl Report {
    /// `input` through our `build_request` and through the SDK: the same request (see
    /// [`differences`]), or both refuse it (an empty required query parameter that only the
    /// SDK refuses is a named deviation).
    pub fn http_request<O: Differential>(
        &mut self,
        rt: &tokio::runtime::Runtime,
        op: &'static str,
        label: &str,
        input: &O::Input,
    ) {
        let ours = with_idempotency_token(TOKEN, || O::build_request(input, ENDPOINT));
        let theirs = sdk::sent_request::<O>(rt, input);
        let compare = |ours: &smithy_rt::HttpRequest, theirs: &smithy_rt::HttpRequest| match (
            RequestView::of(ours),
            RequestView::of(theirs),
        ) {
            (Ok(a), Ok(b)) => differences(&a, &b),
            (Err(e), _) => Comparison::failed(format!("our request: {e}")),
            (_, Err(e)) => Comparison::failed(format!("the SDK's request: {e}")),
        };
        let sdk_refusal = |ours: &smithy_rt::HttpRequest, sdk: &str| {
            let view = RequestView::of(ours).ok()?;
            let name = empty_query(&view, sdk)?;
            Some((
                EMPTY_REQUIRED_QUERY,
                format!("we sent `{name}=`; the SDK said {sdk}"),
            ))
        };
        self.requests((op, label), ours, theirs, compare, sdk_refusal);
    }
}
