//! The JSON comparison the suite relies on: numbers by value, everything else exactly, and
//! which zeros `without_zero_defaults` takes out. (An integration test, so that `cargo test`
//! does not compile the library, generated conversions and all, a second time for unit tests.)

use differential::json::{diff_bodies, without_zero_defaults};
use serde_json::Value;

#[test]
fn numbers_compare_by_value_and_everything_else_exactly() {
    assert_eq!(
        diff_bodies(br#"{"a":1.0,"b":[1e2]}"#, br#"{"b":[100],"a":1}"#),
        None
    );
    assert!(diff_bodies(br#"{"a":1.5}"#, br#"{"a":1.25}"#).is_some());
    assert!(diff_bodies(br#"{"a":9007199254740993}"#, br#"{"a":9007199254740992}"#).is_some());
    assert!(diff_bodies(br#"{"a":"x"}"#, br#"{"a":"y"}"#).is_some());
    assert!(diff_bodies(br#"{"a":[]}"#, br#"{}"#).is_some());
    assert!(diff_bodies(br#"{}"#, br#"{"a":null}"#).is_some());
    assert_eq!(diff_bodies(b"", b"{}"), None);
}

#[test]
fn only_zeros_that_only_ours_has_are_taken_out() {
    let ours: Value =
        serde_json::from_str(r#"{"a":0,"b":[{"c":false,"d":1}],"e":{"f":0.0},"g":2}"#).unwrap();
    let sdk: Value = serde_json::from_str(r#"{"b":[{"d":1}],"e":{},"g":2}"#).unwrap();
    let (stripped, removed) = without_zero_defaults("$", &ours, &sdk);
    assert_eq!(stripped, sdk);
    assert_eq!(removed, ["$.a = 0", "$.b[0].c = false", "$.e.f = 0.0"]);
    // A zero the SDK also sends, or a non-zero only ours sends, stays.
    let ours: Value = serde_json::from_str(r#"{"a":0,"b":1}"#).unwrap();
    let sdk: Value = serde_json::from_str(r#"{"a":0}"#).unwrap();
    assert_eq!(
        without_zero_defaults("$", &ours, &sdk),
        (ours.clone(), Vec::new())
    );
}
