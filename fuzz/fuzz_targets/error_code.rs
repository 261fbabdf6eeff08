//! The error-code resolver: `parse_error_metadata`, `error_parts` and `sanitize_error_code` on
//! arbitrary status, headers and body (layout in `src/lib.rs`; the operation byte is unused).
//! Besides not panicking, the resolved code must be what the rules say.
#![no_main]

use smithy_rt::RequestId;
use smithy_rt::json::error::parse_error_metadata;
use smithy_rt::protocol::aws_json::error_parts;
use libfuzzer_sys::fuzz_target;

/// What `sanitize_error_code` promises about its result.
fn check_sanitized(raw: &str) -> Option<&str> {
    let code = smithy_rt::error::sanitize_error_code(raw);
    assert!(!code.contains(':'), "{raw:?} -> {code:?} keeps a ':'");
    assert!(!code.contains('#'), "{raw:?} -> {code:?} keeps a '#'");
    assert_eq!(code, code.trim(), "{raw:?} -> {code:?} is not trimmed");
    assert!(raw.contains(code), "{raw:?} -> {code:?} is not part of the input");
    Some(code).filter(|c| !c.is_empty())
}

fuzz_target!(|data: &[u8]| {
    let parts = fuzz::decode(data);
    if let Ok(text) = std::str::from_utf8(parts.body) {
        check_sanitized(text);
    }
    let Some(response) = fuzz::response(&parts) else {
        return;
    };
    let header_code = response
        .headers()
        .get("x-amzn-errortype")
        .and_then(check_sanitized);
    let parsed = parse_error_metadata(&response);
    match &parsed {
        Ok(meta) => {
            if let Some(code) = header_code {
                assert_eq!(meta.code(), Some(code), "the header's code wins");
            }
            if let Some(code) = meta.code() {
                assert!(!code.is_empty() && !code.contains(['#', ':']), "{code:?}");
            }
            assert_eq!(meta.request_id(), response.request_id());
            std::hint::black_box(format!("{meta:?} {:?}", meta.message()));
        }
        Err(error) => {
            std::hint::black_box(error.to_string());
        }
    }
    fuzz::check_error_parts(&parts, &response, &parsed, error_parts(&response));
});
