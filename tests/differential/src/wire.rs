//! Responses as plain parts (status, headers, body), the way a service sends them; the
//! conversions files (generated) write outputs and errors into them.

use smithy_rt::Operation;

/// A response: status, headers in order, body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// HTTP status.
    pub status: u16,
    /// Header lines, in order (a name may repeat).
    pub headers: Vec<(String, String)>,
    /// Body bytes.
    pub body: Vec<u8>,
}

impl Response {
    /// A response with `status`, no headers and no body.
    pub fn new(status: u16) -> Self {
        Response {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// Adds a header line.
    pub fn header(&mut self, name: &str, value: String) {
        self.headers.push((name.to_owned(), value));
    }

    /// The body `json` (a JSON object) without the keys `bound` (members the bindings put
    /// elsewhere), as `application/json`.
    pub fn json_body(&mut self, json: &str, bound: &[&str]) {
        let body = if bound.is_empty() {
            json.to_owned()
        } else {
            let mut value: serde_json::Value = serde_json::from_str(json)
                .unwrap_or_else(|e| panic!("the test-util writer wrote no JSON ({e}): {json}"));
            if let Some(object) = value.as_object_mut() {
                object.retain(|key, _| !bound.contains(&key.as_str()));
            }
            value.to_string()
        };
        self.payload("application/json", body.as_bytes());
    }

    /// The body `bytes`, of media type `content_type`.
    pub fn payload(&mut self, content_type: &str, bytes: &[u8]) {
        self.header("content-type", content_type.to_owned());
        self.body = bytes.to_vec();
    }

    /// The body as text (a JSON body always is).
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// Header pairs as `&str`s.
    pub fn header_pairs(&self) -> Vec<(&str, &str)> {
        self.headers
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect()
    }
}

/// How the service sends an operation's output (generated per operation of a protocol with
/// HTTP bindings).
pub trait WriteResponse: Operation {
    /// The status of a successful response (the operation's `@http` code).
    const STATUS: u16;

    /// Makes `output` one a response can carry: a status-code member holds a `2xx` status.
    fn normalize_output(output: &mut Self::Output);

    /// Makes the header members of `input` hold only what a header value can (see
    /// [`header_safe`]), so that both sides send it.
    fn header_safe_input(input: &mut Self::Input);

    /// `output` as a response: the operation's status (or the status-code member), its header
    /// members as headers, and as the body its payload member or the JSON of its other members.
    fn output_response(output: &Self::Output) -> Response;
}

/// A status-code member's value as a status. [`WriteResponse::normalize_output`] has made it
/// a success status.
pub fn status(member: i32) -> u16 {
    u16::try_from(member).unwrap_or_else(|_| panic!("status member {member} is not a status"))
}

/// A success status (`200` to `299`) for an arbitrary status-code member.
pub fn success_status(member: i32) -> i32 {
    200 + member.rem_euclid(100)
}

/// `value` as a header can carry it: control characters other than tab replaced by `?` (HTTP
/// types refuse them), and without whitespace at either end. HTTP parsers strip spaces and
/// tabs there, so a service can't send them; other Unicode whitespace it can, but the SDK
/// trims that too (a named deviation, checked by a hand-written case).
pub fn header_safe(value: &mut String) {
    let safe: String = value
        .chars()
        .map(|c| if c.is_control() && c != '\t' { '?' } else { c })
        .collect();
    *value = safe.trim().to_owned();
}

/// A prefix-header map whose keys are header-name text (lower-case ASCII letters, digits and
/// `-`, as HTTP types give names back) and whose values are header-safe.
pub fn prefix_headers_safe(map: &mut std::collections::HashMap<String, String>) {
    *map = std::mem::take(map)
        .into_iter()
        .map(|(key, mut value)| {
            let key: String = key
                .chars()
                .map(|c| c.to_ascii_lowercase())
                .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect();
            header_safe(&mut value);
            (if key.is_empty() { "k".to_owned() } else { key }, value)
        })
        .collect();
}
