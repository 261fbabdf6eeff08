//! Checking a configured endpoint URL before anything is sent to it.

use std::borrow::Cow;

use crate::ConfigError;

/// `url` with any user information (`user:password@`) replaced by `***`, for messages.
pub(crate) fn redact_userinfo(url: &str) -> Cow<'_, str> {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    let rest = url.get(after_scheme..).unwrap_or_default();
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = rest.get(..authority_end).unwrap_or_default();
    match authority.rfind('@') {
        None => Cow::Borrowed(url),
        Some(at) => {
            let scheme = url.get(..after_scheme).unwrap_or_default();
            let host_and_after = rest.get(at + 1..).unwrap_or_default();
            Cow::Owned(format!("{scheme}***@{host_and_after}"))
        }
    }
}

/// Checks an endpoint URL (`http[s]://host[:port][/path]`) and returns it without trailing
/// slashes.
///
/// Refused: an unparsable URL, a scheme other than `http`/`https`, no host, user information
/// (credentials in a URL would be sent to a stranger's log, and SigV4 doesn't use them), and a
/// port that is empty, zero or above 65535 (HTTP clients would otherwise fall back to the
/// scheme's default port and send the signed request somewhere else).
pub(crate) fn validate(url: &str) -> Result<String, ConfigError> {
    let invalid = |reason: &str| ConfigError::InvalidEndpoint {
        endpoint: redact_userinfo(url).into_owned(),
        reason: reason.to_owned(),
    };
    let trimmed = url.trim_end_matches('/');
    // Checked before parsing, so that no parser's message can repeat the password.
    if redact_userinfo(trimmed) != trimmed {
        return Err(invalid(
            "user information (`user:password@`) is not allowed in an endpoint; \
             requests are signed with the configured credentials",
        ));
    }
    let uri: http::Uri = trimmed
        .parse()
        .map_err(|e: http::uri::InvalidUri| invalid(&e.to_string()))?;
    match uri.scheme_str() {
        Some("http" | "https") => {}
        Some(other) => {
            return Err(invalid(&format!(
                "the scheme must be http or https, not `{other}`"
            )));
        }
        None => return Err(invalid("missing scheme (like `https://`)")),
    }
    let Some(authority) = uri.authority() else {
        return Err(invalid("missing host"));
    };
    if authority.host().is_empty() {
        return Err(invalid("missing host"));
    }
    // `http::Uri` parses `:99999` but then reports no port at all, and clients fall back to
    // the scheme's default port: read the port from the text.
    let text = authority.as_str();
    let after_host = match text.strip_prefix('[') {
        Some(bracketed) => bracketed.find(']').map_or("", |end| &bracketed[end + 1..]),
        None => text.rfind(':').map_or("", |colon| &text[colon..]),
    };
    if let Some(port) = after_host.strip_prefix(':') {
        if port.is_empty() {
            return Err(invalid("the port after `:` is empty"));
        }
        if !matches!(port.parse::<u32>(), Ok(1..=65535)) {
            return Err(invalid(&format!(
                "port {port} is not a TCP port (1 to 65535)"
            )));
        }
    }
    Ok(trimmed.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(url: &str) -> String {
        match validate(url) {
            Ok(ok) => panic!("{url} accepted as {ok}"),
            Err(ConfigError::InvalidEndpoint { reason, endpoint }) => {
                format!("{endpoint} | {reason}")
            }
            Err(other) => panic!("{other:?}"),
        }
    }

    #[test]
    fn good_endpoints_pass_without_trailing_slashes() {
        for (url, expected) in [
            (
                "https://firehose.us-east-1.amazonaws.com",
                "https://firehose.us-east-1.amazonaws.com",
            ),
            ("http://127.0.0.1:4566/", "http://127.0.0.1:4566"),
            ("http://[::1]:65535/base//", "http://[::1]:65535/base"),
            (
                "https://vpce-1.firehose.eu-west-1.vpce.amazonaws.com:1",
                "https://vpce-1.firehose.eu-west-1.vpce.amazonaws.com:1",
            ),
        ] {
            assert_eq!(validate(url).as_deref(), Ok(expected), "{url}");
        }
    }

    #[test]
    fn bad_ports_are_refused_not_sent_to_port_80() {
        for (url, port) in [
            ("http://127.0.0.1:99999", "99999"),
            ("http://127.0.0.1:65536/x", "65536"),
            ("http://127.0.0.1:0", "0"),
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
    fn userinfo_is_refused_and_never_printed() {
        for url in [
            "http://user:hunter2@127.0.0.1:8080",
            "https://hunter2@example.com/path",
            "http://user:hunter2@127.0.0.1:99999",
            "http://us%40er:hunter2@example.com",
        ] {
            let error = validate(url).unwrap_err();
            let text = format!("{error} {error:?}");
            assert!(!text.contains("hunter2"), "{text}");
            assert!(text.contains("user information"), "{text}");
            assert!(text.contains("***@"), "{text}");
        }
    }

    #[test]
    fn other_mistakes_are_named() {
        assert!(reason("ftp://example.com").contains("scheme must be http or https, not `ftp`"));
        assert!(reason("example.com").contains("missing scheme"));
        assert!(reason("https://").contains("https://"));
        assert!(reason("http://exa mple.com").contains("exa mple.com"));
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
