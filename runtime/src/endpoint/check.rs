//! The checks every endpoint URL passes before a request goes to it, whatever its source (a
//! configured override, the environment, a profile, the endpoint rules), and the one way
//! endpoint URLs are printed.

use std::borrow::Cow;

use http::Uri;

/// `url` with any user information (`user:password@`) replaced by `***`, for messages.
///
/// ```
/// use smithy_rt::endpoint::redact_userinfo;
///
/// assert_eq!(redact_userinfo("http://u:pw@h:1/p?q@x"), "http://***@h:1/p?q@x");
/// assert_eq!(redact_userinfo("https://h/p@x"), "https://h/p@x");
/// ```
pub fn redact_userinfo(url: &str) -> Cow<'_, str> {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    let rest = url.get(after_scheme..).unwrap_or_default();
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest.get(..authority_end).and_then(|a| a.rfind('@')) {
        None => Cow::Borrowed(url),
        Some(at) => Cow::Owned(format!(
            "{}***{}",
            url.get(..after_scheme).unwrap_or_default(),
            rest.get(at..).unwrap_or_default()
        )),
    }
}

/// Checks an endpoint URL (`http[s]://host[:port][/path]`) and parses it.
///
/// Refused, with a reason that never repeats user information: user information (credentials
/// in a URL would end up in a stranger's logs, and SigV4 doesn't use them), an unparsable URL,
/// a scheme other than `http`/`https`, no host, and a port that is empty, zero or above 65535
/// (HTTP clients would otherwise fall back to the scheme's default port and send the signed
/// request somewhere else).
///
/// ```
/// use smithy_rt::endpoint::check_url;
///
/// assert!(check_url("http://127.0.0.1:4566").is_ok());
/// assert!(check_url("http://127.0.0.1:99999").unwrap_err().contains("not a TCP port"));
/// assert!(check_url("https://user:pw@example.com").unwrap_err().contains("user information"));
/// ```
pub fn check_url(url: &str) -> Result<Uri, String> {
    // Checked before parsing, so that no parser's message can repeat the password.
    if matches!(redact_userinfo(url), Cow::Owned(_)) {
        return Err(
            "user information (`user:password@`) is not allowed in an endpoint; \
                    requests are signed with the configured credentials"
                .to_owned(),
        );
    }
    let uri: Uri = url
        .parse()
        .map_err(|e: http::uri::InvalidUri| format!("not a valid URL ({e})"))?;
    match uri.scheme_str() {
        Some("http" | "https") => {}
        Some(other) => return Err(format!("the scheme must be http or https, not `{other}`")),
        None => return Err("missing scheme (like `https://`)".to_owned()),
    }
    let Some(authority) = uri.authority().filter(|a| !a.host().is_empty()) else {
        return Err("missing host".to_owned());
    };
    // `http::Uri` parses `:99999` but then reports no port at all, and clients fall back to
    // the scheme's default port: read the port from the text.
    let text = authority.as_str();
    let after_host = match text.strip_prefix('[') {
        Some(bracketed) => bracketed
            .find(']')
            .and_then(|end| bracketed.get(end + 1..))
            .unwrap_or_default(),
        None => text
            .rfind(':')
            .and_then(|colon| text.get(colon..))
            .unwrap_or_default(),
    };
    if let Some(port) = after_host.strip_prefix(':') {
        if port.is_empty() {
            return Err("the port after `:` is empty".to_owned());
        }
        if !matches!(port.parse::<u32>(), Ok(1..=65535)) {
            return Err(format!("port {port} is not a TCP port (1 to 65535)"));
        }
    }
    Ok(uri)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(url: &str) -> String {
        match check_url(url) {
            Ok(uri) => panic!("{url} accepted as {uri}"),
            Err(reason) => reason,
        }
    }

    #[test]
    fn good_endpoints_pass() {
        for url in [
            "https://firehose.us-east-1.amazonaws.com",
            "http://127.0.0.1:4566/",
            "http://[::1]:65535/base//",
            "https://vpce-1.firehose.eu-west-1.vpce.amazonaws.com:1",
            "https://example.com/p@x",
        ] {
            assert!(check_url(url).is_ok(), "{url}");
        }
    }

    #[test]
    fn bad_ports_are_refused_not_sent_to_port_80() {
        for (url, port) in [
            ("http://127.0.0.1:99999", "99999"),
            ("http://127.0.0.1:65536/x", "65536"),
            ("http://127.0.0.1:0", "0"),
            ("http://[::1]:70000", "70000"),
        ] {
            let text = reason(url);
            assert!(
                text.contains(&format!("port {port} is not a TCP port")),
                "{text}"
            );
        }
        assert!(reason("http://127.0.0.1:/").contains("port after `:` is empty"));
    }

    #[test]
    fn userinfo_is_refused_and_never_repeated() {
        for url in [
            "http://user:hunter2@127.0.0.1:8080",
            "https://hunter2@example.com/path",
            "http://user:hunter2@127.0.0.1:99999",
            "http://us%40er:hunter2@example.com",
            "http://user:hunter2@exa mple.com",
        ] {
            let text = reason(url);
            assert!(!text.contains("hunter2"), "{text}");
            assert!(text.contains("user information"), "{text}");
            assert!(!redact_userinfo(url).contains("hunter2"), "{url}");
        }
    }

    #[test]
    fn other_mistakes_are_named() {
        assert!(reason("ftp://example.com").contains("scheme must be http or https, not `ftp`"));
        assert!(reason("example.com").contains("missing scheme"));
        assert!(reason("https://").starts_with("not a valid URL ("));
        assert!(reason("http://exa mple.com").starts_with("not a valid URL ("));
    }

    #[test]
    fn redaction_keeps_everything_but_the_userinfo() {
        assert_eq!(
            redact_userinfo("http://a:b@h:1/p?q@x"),
            "http://***@h:1/p?q@x"
        );
        assert_eq!(redact_userinfo("http://h:1/p@x"), "http://h:1/p@x");
        assert_eq!(redact_userinfo("a:b@h"), "***@h");
        assert_eq!(redact_userinfo(""), "");
    }
}
