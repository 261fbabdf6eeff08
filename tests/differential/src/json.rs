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

/// `ours` without the object members only it has whose value is `0` or `false` (at any depth
/// where both have the enclosing value), and the paths of those members: smithy-rs leaves a
/// member out when it holds its zero `@default`; we send it.
pub fn without_zero_defaults(path: &str, ours: &Value, sdk: &Value) -> (Value, Vec<String>) {
    let mut removed = Vec::new();
    let value = match (ours, sdk) {
        (Value::Object(x), Value::Object(y)) => {
            let mut out = serde_json::Map::new();
            for (key, value) in x {
                let sub = format!("{path}.{key}");
                match y.get(key) {
                    Some(other) => {
                        let (v, r) = without_zero_defaults(&sub, value, other);
                        removed.extend(r);
                        out.insert(key.clone(), v);
                    }
                    None if is_zero(value) => removed.push(format!("{sub} = {value}")),
                    None => {
                        out.insert(key.clone(), value.clone());
                    }
                }
            }
            Value::Object(out)
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => Value::Array(
            x.iter()
                .zip(y)
                .enumerate()
                .map(|(i, (v, w))| {
                    let (v, r) = without_zero_defaults(&format!("{path}[{i}]"), v, w);
                    removed.extend(r);
                    v
                })
                .collect(),
        ),
        _ => ours.clone(),
    };
    (value, removed)
}

fn is_zero(value: &Value) -> bool {
    match value {
        Value::Bool(b) => !b,
        Value::Number(n) => n.as_f64() == Some(0.0),
        _ => false,
    }
}

/// `body` (JSON) with each object key dropped with probability 1/3, at every depth: what a
/// careless service might send.
pub fn drop_keys(body: &str, g: &mut smithy_rt::testing::Gen) -> String {
    fn walk(v: &mut Value, g: &mut smithy_rt::testing::Gen) {
        match v {
            Value::Object(map) => {
                map.retain(|_, _| !g.one_in(3));
                map.values_mut().for_each(|v| walk(v, g));
            }
            Value::Array(items) => items.iter_mut().for_each(|v| walk(v, g)),
            _ => {}
        }
    }
    let mut value: Value =
        serde_json::from_str(body).unwrap_or_else(|e| panic!("our body is not JSON: {e}"));
    walk(&mut value, g);
    value.to_string()
}

/// A value shortened for a report line.
fn short(v: &Value) -> String {
    let text = v.to_string();
    match text.char_indices().nth(80) {
        Some((i, _)) => format!("{}...", &text[..i]),
        None => text,
    }
}
