//! Member values as the text of a URI label, a query parameter or a header value.
//!
//! Numbers and booleans are written as in JSON (`true`, `1.5`), with `NaN`, `Infinity` and
//! `-Infinity` for the non-finite floats; timestamps in the member's format (the default is
//! `date-time` in labels and queries, `http-date` in headers); header lists are joined with
//! `, `, strings quoted where a comma, quote, parenthesis or edge whitespace would make the
//! list ambiguous.

use std::borrow::Cow;

use crate::error::BuildError;
use crate::json::ser::SerError;
use crate::{DateTime, TimestampFormat, timestamp};

/// `true` or `false`.
pub fn boolean(v: bool) -> &'static str {
    if v { "true" } else { "false" }
}

/// An integer in decimal.
pub fn integer(v: impl Into<i64>) -> String {
    itoa::Buffer::new().format(v.into()).to_owned()
}

/// A `double`: the shortest text that reads back as `v` (`1.1`, `5.0`), or `NaN`, `Infinity`,
/// `-Infinity`.
pub fn double(v: f64) -> String {
    if v.is_finite() {
        ryu::Buffer::new().format_finite(v).to_owned()
    } else {
        non_finite(v.is_nan(), v > 0.0).to_owned()
    }
}

/// A `float`, with the shortest text for the `f32` itself (`1.1`, not `1.100000023841858`).
pub fn float(v: f32) -> String {
    if v.is_finite() {
        ryu::Buffer::new().format_finite(v).to_owned()
    } else {
        non_finite(v.is_nan(), v > 0.0).to_owned()
    }
}

fn non_finite(nan: bool, positive: bool) -> &'static str {
    match (nan, positive) {
        (true, _) => "NaN",
        (false, true) => "Infinity",
        (false, false) => "-Infinity",
    }
}

/// A timestamp in `format`: `1576540098` (epoch seconds, with the exact fraction if any),
/// `2019-12-16T23:48:18Z`, or `Mon, 16 Dec 2019 23:48:18 GMT`. A date outside the years 0001
/// to 9999 can't be written in the string formats.
pub fn timestamp(v: &DateTime, format: TimestampFormat) -> Result<String, SerError> {
    timestamp::format(v, format).map_err(SerError::from)
}

/// A string in standard base64 with padding: how a `@mediaType` string travels in a header.
pub fn base64(v: &str) -> String {
    base64_simd::STANDARD.encode_to_string(v.as_bytes())
}

/// The value of a URI label, which must not be empty (the path would lose a segment).
pub fn label<'a>(
    shape: &'static str,
    member: &'static str,
    value: &'a str,
) -> Result<&'a str, BuildError> {
    if value.is_empty() {
        return Err(BuildError::invalid(
            shape,
            member,
            "must not be empty: it is a segment of the request path",
        ));
    }
    Ok(value)
}

/// A list as one header value: the items joined with `, `. With `quote` (lists of strings),
/// an item that contains `,`, `"`, `(` or `)`, or starts or ends with whitespace, is written as
/// a quoted string with `"` and `\` escaped, so the list splits back into the same items.
/// Timestamps in `http-date` form contain a comma of their own and are not quoted.
///
/// ```
/// use smithy_rt::binding::text::header_list;
/// assert_eq!(header_list(["a", "b,c", "\"d\""], true), r#"a, "b,c", "\"d\"""#);
/// assert_eq!(header_list(["1", "2"], false), "1, 2");
/// ```
pub fn header_list<I>(items: I, quote: bool) -> String
where
    I: IntoIterator,
    I::Item: AsRef<str>,
{
    let mut out = String::new();
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let item = item.as_ref();
        if quote {
            out.push_str(&quoted(item));
        } else {
            out.push_str(item);
        }
    }
    out
}

/// `value`, quoted if a header list needs it to stay one item.
fn quoted(value: &str) -> Cow<'_, str> {
    let needs_quotes = value.trim().len() != value.len() || value.contains(['"', ',', '(', ')']);
    if !needs_quotes {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        if matches!(c, '"' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars() {
        assert_eq!(boolean(true), "true");
        assert_eq!(integer(-12i32), "-12");
        assert_eq!(double(1.1), "1.1");
        assert_eq!(float(1.1), "1.1");
        assert_eq!(double(5.0), "5.0");
        assert_eq!(double(f64::NAN), "NaN");
        assert_eq!(float(f32::INFINITY), "Infinity");
        assert_eq!(double(f64::NEG_INFINITY), "-Infinity");
        assert_eq!(base64("true"), "dHJ1ZQ==");
    }

    #[test]
    fn timestamps_in_each_format() {
        let t = DateTime::from_secs(1_576_540_098);
        assert_eq!(
            timestamp(&t, TimestampFormat::EpochSeconds).ok().as_deref(),
            Some("1576540098")
        );
        assert_eq!(
            timestamp(&t, TimestampFormat::DateTime).ok().as_deref(),
            Some("2019-12-16T23:48:18Z")
        );
        assert_eq!(
            timestamp(&t, TimestampFormat::HttpDate).ok().as_deref(),
            Some("Mon, 16 Dec 2019 23:48:18 GMT")
        );
        let far = DateTime::from_secs(300_000_000_000);
        assert!(timestamp(&far, TimestampFormat::HttpDate).is_err());
    }

    #[test]
    fn labels_must_not_be_empty() {
        assert_eq!(label("In", "Name", "x").ok(), Some("x"));
        let e = label("In", "Name", "").err().map(|e| e.to_string());
        assert_eq!(
            e.as_deref(),
            Some(
                "invalid value for member `Name` of In: must not be empty: it is a segment of \
                 the request path"
            )
        );
    }

    #[test]
    fn lists_quote_what_would_split() {
        assert_eq!(
            header_list(["b,c", "\"def\"", "a"], true),
            r#""b,c", "\"def\"", a"#
        );
        assert_eq!(header_list([" x", "(y)", "z"], true), r#"" x", "(y)", z"#);
        assert_eq!(header_list(Vec::<String>::new(), true), "");
        assert_eq!(
            header_list(
                [
                    "Mon, 16 Dec 2019 23:48:18 GMT",
                    "Mon, 16 Dec 2019 23:48:18 GMT"
                ],
                false
            ),
            "Mon, 16 Dec 2019 23:48:18 GMT, Mon, 16 Dec 2019 23:48:18 GMT"
        );
    }
}
