//! JSON bodies compared as parsed values. Numbers are compared by value (`1.0` equals `1`,
//! `1e2` equals `100`), not by text: both writers are free to format a number differently.

use serde_json::Value;

/// The first difference between two JSON texts, with its path; `None` when equal.
pub fn diff_bodies(ours: &[u8], sdk: &[u8]) -> Option<String> {
    let parse = |who: &str, body: &[u8]| -> Result<Value, String> {
        // An empty body reads as `{}` on both sides' services.
        if body.is_empty() {
            return Ok(Value::Object(serde_json::Map::new()));
        }
        serde_json::from_slice(body).map_err(|e| format!("{who} body is not JSON: {e}"))
    };
    let (a, b) = match (parse("our", ours), parse("SDK", sdk)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => return Some(e),
    };
    diff_values("$", &a, &b)
}

/// The first difference between two JSON values (ours, SDK's).
pub fn diff_values(path: &str, a: &Value, b: &Value) -> Option<String> {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            if numbers_equal(x, y) {
                None
            } else {
                Some(format!("{path}: ours {x}, SDK {y}"))
            }
        }
        (Value::Object(x), Value::Object(y)) => {
            for (key, value) in x {
                let sub = format!("{path}.{key}");
                match y.get(key) {
                    Some(other) => {
                        if let Some(d) = diff_values(&sub, value, other) {
                            return Some(d);
                        }
                    }
                    None => return Some(format!("{sub}: only ours has it ({})", short(value))),
                }
            }
            y.keys()
                .find(|key| !x.contains_key(*key))
                .map(|key| format!("{path}.{key}: only the SDK has it ({})", short(&y[key])))
        }
        (Value::Array(x), Value::Array(y)) => {
            if x.len() != y.len() {
                return Some(format!(
                    "{path}: ours has {} elements, SDK {}",
                    x.len(),
                    y.len()
                ));
            }
            x.iter()
                .zip(y)
                .enumerate()
                .find_map(|(i, (v, w))| diff_values(&format!("{path}[{i}]"), v, w))
        }
        _ if a == b => None,
        _ => Some(format!("{path}: ours {}, SDK {}", short(a), short(b))),
    }
}

fn numbers_equal(x: &serde_json::Number, y: &serde_json::Number) -> bool {
    if let (Some(a), Some(b)) = (x.as_i64(), y.as_i64()) {
        return a == b;
    }
    if let (Some(a), Some(b)) = (x.as_u64(), y.as_u64()) {
        return a == b;
    }
    // `float_roundtrip` parses both texts to the nearest f64.
    match (x.as_f64(), y.as_f64()) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

/// A value shortened for a report line.
fn short(v: &Value) -> String {
    let text = v.to_string();
    match text.char_indices().nth(80) {
        Some((i, _)) => format!("{}...", &text[..i]),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
