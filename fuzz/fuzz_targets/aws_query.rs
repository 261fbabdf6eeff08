//! The XML reader and the awsQuery response readers on arbitrary status, headers and body
//! (layout in `src/lib.rs`; the operation byte seeds the order of reader calls).
//!
//! Besides never panicking, the readers must agree with each other:
//! - an accepted document written back canonically reads as the same events;
//! - `read_result` and `parse_error_metadata` fail exactly when the document is not
//!   well-formed (or not of their shape), and `error_parts` agrees with `parse_error_metadata`;
//! - every error has a byte offset within the body.
#![no_main]

use fuzz::xml::{Choices, canonical, drive, events};
use libfuzzer_sys::fuzz_target;
use smithy_rt::RequestId;
use smithy_rt::protocol::aws_query::{ERROR_TYPE, error_parts, parse_error_metadata, read_result};
use smithy_rt::xml::XmlReader;

fn is_blank(body: &[u8]) -> bool {
    body.iter()
        .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
}

fn check_offset(error: &smithy_rt::json::de::DeError, body: &[u8]) {
    let offset = error.offset().expect("every XML error has an offset");
    assert!(
        offset <= body.len(),
        "offset {offset} past the body ({}): {error}",
        body.len()
    );
    std::hint::black_box(error.to_string());
}

fuzz_target!(|data: &[u8]| {
    let parts = fuzz::decode(data);
    let body = parts.body;

    // The generic walk, and the canonical round trip of what it accepts.
    let walked = events(body);
    match &walked {
        Ok(first) => {
            let written = canonical(first);
            let again = events(written.as_bytes())
                .unwrap_or_else(|e| panic!("canonical form rejected: {e}\n{written}"));
            assert_eq!(
                &again, first,
                "canonical form reads differently:\n{written}"
            );
        }
        Err(error) => check_offset(error, body),
    }

    // Generated-code-like calls in an order the input picks.
    if let Ok(mut reader) = XmlReader::new(body) {
        let mut choices = Choices::new(u64::from(parts.op) << 32 | body.len() as u64);
        let outcome = reader.root().and_then(|_| drive(&mut reader, &mut choices));
        match outcome.and_then(|_| reader.finish()) {
            Ok(()) => assert!(
                walked.is_ok(),
                "a driven read accepted what the walk rejected"
            ),
            Err(error) => check_offset(&error, body),
        }
    }

    // The success wrapper, for the operation the root element names.
    let root = walked.as_ref().ok().and_then(|e| match e.first() {
        Some(fuzz::xml::Event::Start(_, local, _)) => {
            local.strip_suffix("Response").map(str::to_owned)
        }
        _ => None,
    });
    let operation = root.as_deref().unwrap_or("Op");
    match read_result(body, operation, |reader, start| {
        std::hint::black_box(start.attributes().len());
        drive(reader, &mut Choices::new(u64::from(parts.op)))
    }) {
        Ok(response) => {
            assert!(
                walked.is_ok() || is_blank(body),
                "read_result accepted a malformed body"
            );
            std::hint::black_box(response);
        }
        Err(error) => check_offset(&error, body),
    }
    match read_result(body, operation, |_, _| Ok(())) {
        Ok(_) => assert!(walked.is_ok() || is_blank(body)),
        Err(error) => {
            let message = error.to_string();
            assert!(
                walked.is_err() || root.is_none() || message.contains("duplicate element"),
                "a well-formed response was rejected: {message}"
            );
        }
    }

    // Error metadata.
    let Some(response) = fuzz::response(&parts) else {
        return;
    };
    let is_error_response = matches!(
        walked.as_ref().ok().and_then(|e| e.first()),
        Some(fuzz::xml::Event::Start(_, local, _)) if local == "ErrorResponse"
    );
    let parsed = parse_error_metadata(&response);
    match &parsed {
        Ok(meta) => {
            assert!(
                is_error_response || is_blank(body),
                "metadata from a body that is not an error"
            );
            for value in [meta.code(), meta.message(), meta.extra(ERROR_TYPE)]
                .into_iter()
                .flatten()
            {
                assert!(
                    !value.is_empty() && value.trim() == value,
                    "{value:?} is not trimmed"
                );
            }
            if is_blank(body) {
                assert_eq!(meta.request_id(), response.request_id());
            }
            std::hint::black_box(format!("{meta:?}"));
        }
        Err(error) => {
            assert!(
                !is_error_response,
                "a well-formed ErrorResponse was rejected: {error}"
            );
            check_offset(error, body);
        }
    }
    fuzz::check_error_parts(&parts, &response, &parsed, error_parts(&response));
});
