//! Response headers as member values (`@httpHeader`, `@httpPrefixHeaders`).
//!
//! A header given on several lines counts as one comma-separated value, as HTTP says. A list
//! splits on commas outside double quotes; a quoted item is unquoted (`\"` and `\\` escapes).
//! `http-date` timestamps carry a comma of their own, so a list of them splits at every second
//! comma. A value that doesn't parse is an error naming the header; a header value that is not
//! UTF-8 is an error too, never skipped.

use std::collections::HashMap;

use crate::json::de::DeError;
use crate::{DateTime, HttpResponse, TimestampFormat, timestamp};

/// Why a header value does not parse as its member's type.
pub type ParseError = String;

/// The value of the header `name`, parsed by `parse`; `None` when the response has no such
/// header. Several lines of the header are joined with `, ` first (so a string keeps them all;
/// a number given twice is an error).
pub fn one<T>(
    response: &HttpResponse,
    name: &str,
    parse: impl Fn(&str) -> Result<T, ParseError>,
) -> Result<Option<T>, DeError> {
    let Some(text) = joined(response, name)? else {
        return Ok(None);
    };
    parse(&text)
        .map(Some)
        .map_err(|reason| invalid(name, &reason))
}

/// The list in header `name`, each item parsed by `parse`; `None` without the header, empty
/// for a header with an empty value.
pub fn list<T>(
    response: &HttpResponse,
    name: &str,
    parse: impl Fn(&str) -> Result<T, ParseError>,
) -> Result<Option<Vec<T>>, DeError> {
    let Some(text) = joined(response, name)? else {
        return Ok(None);
    };
    let items = split(&text).map_err(|reason| invalid(name, &reason))?;
    items
        .iter()
        .map(|item| parse(item).map_err(|reason| invalid(name, &reason)))
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

/// A list of `http-date` timestamps in header `name` (`Mon, 16 Dec 2019 23:48:18 GMT, Tue, 17
/// Dec 2019 00:00:00 GMT`).
pub fn http_date_list(
    response: &HttpResponse,
    name: &str,
) -> Result<Option<Vec<DateTime>>, DeError> {
    let Some(text) = joined(response, name)? else {
        return Ok(None);
    };
    if text.trim().is_empty() {
        return Ok(Some(Vec::new()));
    }
    let pieces: Vec<&str> = text.split(',').collect();
    if !pieces.len().is_multiple_of(2) {
        return Err(invalid(name, "expected a list of HTTP dates"));
    }
    let mut dates = Vec::with_capacity(pieces.len() / 2);
    for pair in pieces.chunks(2) {
        let date = pair.join(",");
        let parsed = timestamp::parse(date.trim(), TimestampFormat::HttpDate)
            .map_err(|e| invalid(name, &e.to_string()))?;
        dates.push(parsed);
    }
    Ok(Some(dates))
}

/// The headers whose names start with `prefix` (compared without case; every header for an
/// empty prefix), keyed by the rest of their lower-cased name. `None` when there are none.
pub fn prefixed(
    response: &HttpResponse,
    prefix: &str,
) -> Result<Option<HashMap<String, String>>, DeError> {
    let mut map: HashMap<String, String> = HashMap::new();
    for (name, value) in response.headers().iter_bytes() {
        let Some(key) = strip_prefix_ignore_case(name, prefix) else {
            continue;
        };
        let value = utf8(name, value)?;
        map.entry(key.to_ascii_lowercase())
            .and_modify(|joined| {
                joined.push_str(", ");
                joined.push_str(value);
            })
            .or_insert_with(|| value.to_owned());
    }
    Ok((!map.is_empty()).then_some(map))
}

fn strip_prefix_ignore_case<'a>(name: &'a str, prefix: &str) -> Option<&'a str> {
    let head = name.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| name.get(prefix.len()..))
        .flatten()
}

/// Every line of header `name`, joined with `, `.
fn joined(response: &HttpResponse, name: &str) -> Result<Option<String>, DeError> {
    let mut out: Option<String> = None;
    for value in response.headers().get_all_bytes(name) {
        let value = utf8(name, value)?;
        match &mut out {
            None => out = Some(value.to_owned()),
            Some(joined) => {
                joined.push_str(", ");
                joined.push_str(value);
            }
        }
    }
    Ok(out)
}

fn utf8<'a>(name: &str, value: &'a [u8]) -> Result<&'a str, DeError> {
    std::str::from_utf8(value).map_err(|_| invalid(name, "the value is not valid UTF-8"))
}

fn invalid(name: &str, reason: &str) -> DeError {
    DeError::message(format!("invalid header `{name}`: {reason}"))
}

/// Splits a header list on commas outside double quotes, trimming each item and unquoting
/// quoted ones. An empty (or blank) value is an empty list.
fn split(text: &str) -> Result<Vec<String>, ParseError> {
    let mut items = Vec::new();
    if text.trim().is_empty() {
        return Ok(items);
    }
    let mut chars = text.chars().peekable();
    loop {
        while chars.next_if(|c| *c == ' ' || *c == '\t').is_some() {}
        let mut item = String::new();
        if chars.next_if_eq(&'"').is_some() {
            loop {
                match chars.next() {
                    None => return Err("a quoted list item is not closed".to_owned()),
                    Some('"') => break,
                    Some('\\') => match chars.next() {
                        Some(c) => item.push(c),
                        None => return Err("a quoted list item is not closed".to_owned()),
                    },
                    Some(c) => item.push(c),
                }
            }
            while chars.next_if(|c| *c == ' ' || *c == '\t').is_some() {}
            match chars.next() {
                None | Some(',') => {}
                Some(c) => {
                    return Err(format!(
                        "unexpected `{c}` after a quoted list item (expected `,`)"
                    ));
                }
            }
        } else {
            for c in chars.by_ref() {
                if c == ',' {
                    break;
                }
                item.push(c);
            }
            let trimmed = item.trim_end_matches([' ', '\t']).len();
            item.truncate(trimmed);
        }
        items.push(item);
        if chars.peek().is_none() {
            // A trailing comma leaves nothing after it; `a,` is the list `a`.
            return Ok(items);
        }
    }
}

/// A string as it is.
pub fn string(v: &str) -> Result<String, ParseError> {
    Ok(v.to_owned())
}

/// A `@mediaType` string, which travels base64-encoded.
pub fn media_string(v: &str) -> Result<String, ParseError> {
    let bytes = base64_simd::STANDARD
        .decode_to_vec(v.trim())
        .map_err(|_| "expected base64 (a @mediaType string)".to_owned())?;
    String::from_utf8(bytes).map_err(|_| "the base64 value is not UTF-8 text".to_owned())
}

/// `true` or `false`.
pub fn boolean(v: &str) -> Result<bool, ParseError> {
    match v.trim() {
        "true" => Ok(true),
        "false" => Ok(false),
        other => Err(format!("expected `true` or `false`, found `{other}`")),
    }
}

macro_rules! integers {
    ($($name:ident: $ty:ty),*) => {$(
        #[doc = concat!("An integer that fits `", stringify!($ty), "`.")]
        pub fn $name(v: &str) -> Result<$ty, ParseError> {
            let v = v.trim();
            v.parse::<$ty>()
                .map_err(|_| format!(concat!("expected an integer that fits ", stringify!($ty), ", found `{}`"), v))
        }
    )*};
}

integers!(i8: i8, i16: i16, i32: i32, i64: i64);

/// A `double`: a decimal number, `NaN`, `Infinity` or `-Infinity`.
pub fn f64(v: &str) -> Result<f64, ParseError> {
    float(
        v,
        [f64::NAN, f64::INFINITY, f64::NEG_INFINITY],
        f64::is_finite,
        "a number",
    )
}

/// A `float`, like [`f64()`]; a finite value too large for `f32` is an error.
pub fn f32(v: &str) -> Result<f32, ParseError> {
    float(
        v,
        [f32::NAN, f32::INFINITY, f32::NEG_INFINITY],
        f32::is_finite,
        "a number that fits f32",
    )
}

/// A float: the three non-finite values by name, else finite decimal text (Rust's own `inf`
/// and `nan` spellings are not Smithy's).
fn float<T: std::str::FromStr + Copy>(
    v: &str,
    [nan, infinity, negative_infinity]: [T; 3],
    finite: fn(T) -> bool,
    expected: &str,
) -> Result<T, ParseError> {
    let v = v.trim();
    match v {
        "NaN" => Ok(nan),
        "Infinity" => Ok(infinity),
        "-Infinity" => Ok(negative_infinity),
        _ => v
            .parse::<T>()
            .ok()
            .filter(|n| finite(*n) && !v.contains(['i', 'I', 'n', 'N']))
            .ok_or_else(|| format!("expected {expected}, found `{v}`")),
    }
}

/// A timestamp in `format` (`http-date` for a header unless the model says otherwise).
pub fn timestamp(format: TimestampFormat) -> impl Fn(&str) -> Result<DateTime, ParseError> {
    move |v| timestamp::parse(v.trim(), format).map_err(|e| e.to_string())
}

#[cfg(test)]
#[path = "header_tests.rs"]
mod tests;
