//! The endpoint rules' standard library functions that are more than an operator
//! (`isSet`, `not`, `booleanEquals` and `stringEquals` compile to Rust operators).

use std::fmt::Write as _;
use std::net::{Ipv4Addr, Ipv6Addr};

/// `parseURL` result: an `http`/`https` URL without query or fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Url {
    scheme: String,
    authority: String,
    path: String,
    normalized_path: String,
    is_ip: bool,
}

impl Url {
    /// `http` or `https`.
    pub fn scheme(&self) -> &str {
        &self.scheme
    }

    /// Host and optional port, as written (`example.com:8443`, `[fe80::1]`).
    pub fn authority(&self) -> &str {
        &self.authority
    }

    /// The path as written: empty or starting with `/`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The path starting and ending with `/` (`/` for an empty path).
    pub fn normalized_path(&self) -> &str {
        &self.normalized_path
    }

    /// Whether the host is an IPv4 or IPv6 address.
    pub fn is_ip(&self) -> bool {
        self.is_ip
    }
}

/// `parseURL(value)`: `None` unless `value` is an absolute `http`/`https` URL (the scheme in
/// any case, given back in lower case) with a host and no query or fragment.
pub fn parse_url(value: &str) -> Option<Url> {
    let (scheme, rest) = value.split_once("://")?;
    let scheme = if scheme.eq_ignore_ascii_case("http") {
        "http"
    } else if scheme.eq_ignore_ascii_case("https") {
        "https"
    } else {
        return None;
    };
    if rest.contains(['?', '#']) {
        return None;
    }
    let (authority, path) = match rest.find('/') {
        Some(at) => rest.split_at(at),
        None => (rest, ""),
    };
    let host = host_of(authority)?;
    let is_ip = host.parse::<Ipv4Addr>().is_ok()
        || host
            .strip_prefix('[')
            .and_then(|h| h.strip_suffix(']'))
            .is_some_and(|h| h.parse::<Ipv6Addr>().is_ok());
    let mut normalized_path = String::with_capacity(path.len() + 2);
    if !path.starts_with('/') {
        normalized_path.push('/');
    }
    normalized_path.push_str(path);
    if !normalized_path.ends_with('/') {
        normalized_path.push('/');
    }
    Some(Url {
        scheme: scheme.to_owned(),
        authority: authority.to_owned(),
        path: path.to_owned(),
        normalized_path,
        is_ip,
    })
}

/// The host of an authority (`[v6]` keeps its brackets); `None` for an empty host, a bad port,
/// user info, or characters that can't be in a host.
fn host_of(authority: &str) -> Option<&str> {
    if authority.is_empty() || authority.contains('@') {
        return None;
    }
    let (host, port) = if authority.starts_with('[') {
        let end = authority.find(']')?;
        let (host, rest) = authority.split_at_checked(end + 1)?;
        match rest {
            "" => (host, None),
            _ => (host, Some(rest.strip_prefix(':')?)),
        }
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    let port_ok = port.is_none_or(|p| !p.is_empty() && p.parse::<u16>().is_ok());
    let host_ok = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~%[]:".contains(&b));
    (port_ok && host_ok).then_some(host)
}

/// `substring(input, start, stop, reverse)`: the characters `start..stop` (counted from the
/// end when `reverse`); `None` if `input` is not ASCII or the range doesn't fit.
pub fn substring(input: &str, start: usize, stop: usize, reverse: bool) -> Option<&str> {
    if !input.is_ascii() || start >= stop || stop > input.len() {
        return None;
    }
    let (from, to) = if reverse {
        (input.len() - stop, input.len() - start)
    } else {
        (start, stop)
    };
    input.get(from..to)
}

/// `isValidHostLabel(value, allowSubDomains)`: 1 to 63 characters `A-Z a-z 0-9 -`, starting
/// with a letter or digit; with `allow_sub_domains`, one or more such labels joined by `.`.
pub fn is_valid_host_label(value: &str, allow_sub_domains: bool) -> bool {
    let label = |l: &str| {
        (1..=63).contains(&l.len())
            && l.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    if allow_sub_domains {
        value.split('.').all(label)
    } else {
        label(value)
    }
}

/// `split(value, delimiter, limit)`: the parts of `value` between occurrences of
/// `delimiter`; `limit` 0 splits at every occurrence, `limit` n > 0 gives at most n parts (the
/// last one keeps the rest). An empty `value` is one empty part. The rules language forbids an
/// empty delimiter; given one, `value` is not split.
pub fn split(value: &str, delimiter: &str, limit: usize) -> Vec<String> {
    if delimiter.is_empty() {
        return vec![value.to_owned()];
    }
    match limit {
        0 => value.split(delimiter).map(str::to_owned).collect(),
        n => value.splitn(n, delimiter).map(str::to_owned).collect(),
    }
}

/// `getAttr(array, "[i]")`: element `i` of `array`, counted from the end when negative (`-1`
/// is the last); `None` when out of range.
pub fn element(array: &[String], i: i64) -> Option<&str> {
    let at = if i >= 0 {
        usize::try_from(i).ok()?
    } else {
        array
            .len()
            .checked_sub(usize::try_from(i.unsigned_abs()).ok()?)?
    };
    array.get(at).map(String::as_str)
}

/// `uriEncode(value)`: percent-encodes every byte except `A-Z a-z 0-9 - _ . ~`.
pub fn uri_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            // Writing to a String can't fail.
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_url_parts() {
        let url = parse_url("https://example.com:8443/custom-path").unwrap_or_else(|| panic!());
        assert_eq!(url.scheme(), "https");
        assert_eq!(url.authority(), "example.com:8443");
        assert_eq!(url.path(), "/custom-path");
        assert_eq!(url.normalized_path(), "/custom-path/");
        assert!(!url.is_ip());

        let bare = parse_url("http://example.com").unwrap_or_else(|| panic!());
        assert_eq!((bare.path(), bare.normalized_path()), ("", "/"));
        let slash = parse_url("http://example.com/a/").unwrap_or_else(|| panic!());
        assert_eq!(slash.normalized_path(), "/a/");

        for ip in [
            "http://172.19.0.1",
            "http://[fe80::1]",
            "https://[::1]:443/x",
        ] {
            assert!(parse_url(ip).is_some_and(|u| u.is_ip()), "{ip}");
        }
        assert_eq!(
            parse_url("http://[fe80::1]").map(|u| u.authority().to_owned()),
            Some("[fe80::1]".to_owned())
        );
    }

    #[test]
    fn parse_url_rejects() {
        for bad in [
            "example.com",
            "ftp://example.com",
            "https://",
            "https://example.com/?foo=bar",
            "https://example.com#frag",
            "https://user@example.com",
            "https://example.com:notaport",
            "https://exa mple.com",
            "https://[fe80::1",
        ] {
            assert_eq!(parse_url(bad), None, "{bad}");
        }
    }

    #[test]
    fn substring_ranges() {
        assert_eq!(substring("abcdefg", 0, 4, false), Some("abcd"));
        assert_eq!(substring("abcdefg", 0, 4, true), Some("defg"));
        assert_eq!(substring("abcdefg", 1, 7, false), Some("bcdefg"));
        assert_eq!(substring("abcdefg", 0, 8, false), None);
        assert_eq!(substring("abcdefg", 4, 4, false), None);
        assert_eq!(substring("abcdefg", 5, 4, false), None);
        assert_eq!(substring("\u{1F600}abcd", 0, 2, false), None);
    }

    #[test]
    fn host_labels() {
        assert!(is_valid_host_label("bucket-1", false));
        assert!(is_valid_host_label(&"a".repeat(63), false));
        assert!(!is_valid_host_label(&"a".repeat(64), false));
        assert!(!is_valid_host_label("-a", false));
        assert!(!is_valid_host_label("", false));
        assert!(!is_valid_host_label("a.b", false));
        assert!(is_valid_host_label("a.b", true));
        assert!(!is_valid_host_label("a..b", true));
        assert!(!is_valid_host_label("a_b", true));
    }

    #[test]
    fn parse_url_scheme_case() {
        let url = parse_url("HTTPS://Example.com").unwrap_or_else(|| panic!());
        assert_eq!((url.scheme(), url.authority()), ("https", "Example.com"));
        assert!(parse_url("Http://a.b").is_some_and(|u| u.scheme() == "http"));
    }

    #[test]
    fn split_examples_of_the_spec() {
        for (value, delimiter, limit, expected) in [
            ("a--b--c", "--", 0, &["a", "b", "c"][..]),
            ("a--b--c", "--", 2, &["a", "b--c"]),
            ("a--b--c", "--", 1, &["a--b--c"]),
            ("", "--", 0, &[""]),
            ("--", "--", 0, &["", ""]),
            ("----", "--", 0, &["", "", ""]),
            ("--b--", "--", 0, &["", "b", ""]),
            (
                "--x-s3--azid--suffix",
                "--",
                0,
                &["", "x-s3", "azid", "suffix"],
            ),
            ("--x-s3--azid--suffix", "--", 2, &["", "x-s3--azid--suffix"]),
            ("abc", "x", 0, &["abc"]),
            ("mybucket", "--", 1, &["mybucket"]),
            ("abc", "", 0, &["abc"]),
        ] {
            assert_eq!(
                split(value, delimiter, limit),
                expected,
                "{value:?} {limit}"
            );
        }
    }

    #[test]
    fn elements_from_either_end() {
        let parts = split("a:b:c", ":", 0);
        assert_eq!(element(&parts, 0), Some("a"));
        assert_eq!(element(&parts, 2), Some("c"));
        assert_eq!(element(&parts, 3), None);
        assert_eq!(element(&parts, -1), Some("c"));
        assert_eq!(element(&parts, -3), Some("a"));
        assert_eq!(element(&parts, -4), None);
        assert_eq!(element(&parts, i64::MIN), None);
        assert_eq!(element(&[], 0), None);
    }

    #[test]
    fn uri_encoding() {
        assert_eq!(uri_encode("a-b_c.d~e"), "a-b_c.d~e");
        assert_eq!(uri_encode("a b/c?d=é"), "a%20b%2Fc%3Fd%3D%C3%A9");
    }
}
