//! Property tests over every generated crate, in the normal `cargo test` run (the XML crates
//! in `xml`).
//!
//! Deterministic: case `i` of a test uses seed `PROPS_SEED + i` (mixed with the test's name).
//! A failing case prints its seed and the command that replays it alone.
//!
//! - `PROPS_SEED` (default 0): first seed.
//! - `PROPS_CASES` (default per test): number of cases per type or operation.

mod limits;
pub(crate) mod parsers;
mod rest_json;
mod roundtrip;
mod sensitive;
mod sizes;
mod timestamps;
pub(crate) mod xml;

use std::fmt::Debug;
use std::panic::{AssertUnwindSafe, catch_unwind};

use smithy_rt::testing::Gen;
use smithy_rt::{HttpResponse, Operation, ProvideErrorMetadata};

/// `PROPS_SEED`, or 0.
pub fn base_seed() -> u64 {
    env_u64("PROPS_SEED").unwrap_or(0)
}

/// `PROPS_CASES`, or `default`.
pub fn cases(default: u64) -> u64 {
    env_u64("PROPS_CASES").unwrap_or(default)
}

fn env_u64(name: &str) -> Option<u64> {
    let text = std::env::var(name).ok()?;
    match text.trim().parse() {
        Ok(v) => Some(v),
        Err(e) => panic!("{name}={text:?} is not a number: {e}"),
    }
}

/// FNV-1a of `name`, so different tests see different values for the same seed.
fn mix(name: &str, seed: u64) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h ^ seed
}

/// Runs `case` for `cases` seeds. A panicking case is reported with its seed and the
/// command that replays only it, then the test fails.
pub fn run(test: &str, name: &str, cases: u64, mut case: impl FnMut(&mut Gen)) {
    let base = base_seed();
    for i in 0..cases {
        let seed = base.wrapping_add(i);
        let mut g = Gen::new(mix(name, seed));
        if let Err(panic) = catch_unwind(AssertUnwindSafe(|| case(&mut g))) {
            let message = panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("(no message)");
            panic!(
                "{test} failed for {name} at seed {seed}: {message}\n\
                 replay: PROPS_SEED={seed} PROPS_CASES=1 cargo test -p integration-tests --test suite {test}"
            );
        }
    }
}

/// Byte-level mutations of a body: truncation, deletion, insertion of one of `pieces`,
/// random bytes, duplicated spans (one to five of them).
pub fn mutate_bytes<P: AsRef<[u8]>>(g: &mut Gen, mut bytes: Vec<u8>, pieces: &[P]) -> Vec<u8> {
    for _ in 0..=g.below(4) {
        let at = g.below(bytes.len() + 1);
        match g.below(5) {
            0 => bytes.truncate(at),
            1 if at < bytes.len() => {
                bytes.remove(at);
            }
            2 => {
                if let Some(piece) = g.pick(pieces) {
                    bytes.splice(at..at, piece.as_ref().iter().copied());
                }
            }
            3 if at < bytes.len() => {
                if let Some(b) = bytes.get_mut(at) {
                    *b = (g.u64() & 0xff) as u8;
                }
            }
            _ => {
                let end = (at + g.below(32)).min(bytes.len());
                let span: Vec<u8> = bytes.get(at..end).unwrap_or_default().to_vec();
                bytes.splice(at..at, span);
            }
        }
    }
    bytes
}

/// Parses `response` with `O`, checking the contract of every parser: a non-2xx status is
/// never `Ok`, and an error renders (`Display` not empty, `Debug`, code and message).
pub fn parse<O: Operation>(response: &HttpResponse) -> Result<O::Output, O::Error>
where
    O::Error: Debug,
{
    let status = response.status().as_u16();
    let result = O::parse_response(response);
    match &result {
        Err(error) => {
            assert!(!error.to_string().is_empty(), "empty error message");
            let _ = format!("{error:?}");
            let _ = (error.code(), error.message());
        }
        Ok(_) => assert!(
            (200..300).contains(&status),
            "{} accepted status {status}",
            O::NAME
        ),
    }
    result
}
