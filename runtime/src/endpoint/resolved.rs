//! What endpoint resolution gives: [`Endpoint`] (URL, headers, properties), and
//! [`AsEndpoint`], what `build_request` accepts as the place to send a request to.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use aws_smithy_types::Document;

/// A resolved endpoint: the URL to send to, headers every request to it carries, and the
/// rule set's properties (such as `authSchemes`, which can name another signing name or
/// region).
///
/// Generated `resolve_endpoint` functions return one; `build_request` takes it (or a plain
/// URL) and adds its headers to the request.
///
/// ```
/// use smithy_rt::Document;
/// use smithy_rt::endpoint::{Endpoint, object};
///
/// let endpoint = Endpoint::new("https://budgets.amazonaws.com").with_property(
///     "authSchemes",
///     Document::Array(vec![object([
///         ("name", Document::from("sigv4")),
///         ("signingRegion", Document::from("us-east-1")),
///     ])]),
/// );
/// assert_eq!(endpoint.url(), "https://budgets.amazonaws.com");
/// assert_eq!(endpoint.signing_region(), Some("us-east-1"));
/// assert_eq!(endpoint.signing_name(), None); // the service's own
/// ```
#[derive(Clone, PartialEq)]
pub struct Endpoint {
    url: String,
    /// Sorted by name; values in the order given.
    headers: Vec<(String, Vec<String>)>,
    properties: BTreeMap<String, Document>,
}

impl Endpoint {
    /// An endpoint with this URL and no headers or properties.
    pub fn new(url: impl Into<String>) -> Self {
        Endpoint {
            url: url.into(),
            headers: Vec::new(),
            properties: BTreeMap::new(),
        }
    }

    /// Adds `value` to header `name` (a header may have several values).
    #[must_use]
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let name = name.into();
        match self
            .headers
            .binary_search_by(|(n, _)| n.as_str().cmp(&name))
        {
            Ok(at) => {
                if let Some((_, values)) = self.headers.get_mut(at) {
                    values.push(value.into());
                }
            }
            Err(at) => self.headers.insert(at, (name, vec![value.into()])),
        }
        self
    }

    /// Sets property `key`, replacing an earlier value.
    #[must_use]
    pub fn with_property(mut self, key: impl Into<String>, value: impl Into<Document>) -> Self {
        self.properties.insert(key.into(), value.into());
        self
    }

    /// The URL (`scheme://host[:port][/path]`).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The headers, by name, each with its values.
    pub fn headers(&self) -> impl Iterator<Item = (&str, &[String])> {
        self.headers.iter().map(|(n, v)| (n.as_str(), v.as_slice()))
    }

    /// The values of header `name` (compared exactly), if the endpoint sets it.
    pub fn header(&self, name: &str) -> Option<&[String]> {
        self.headers
            .binary_search_by(|(n, _)| n.as_str().cmp(name))
            .ok()
            .and_then(|at| self.headers.get(at))
            .map(|(_, v)| v.as_slice())
    }

    /// Every property, by key.
    pub fn properties(&self) -> &BTreeMap<String, Document> {
        &self.properties
    }

    /// Property `key`, if set.
    pub fn property(&self, key: &str) -> Option<&Document> {
        self.properties.get(key)
    }

    /// The entries of the `authSchemes` property, in order (none without one).
    pub fn auth_schemes(&self) -> impl Iterator<Item = AuthScheme<'_>> {
        let list = match self.properties.get("authSchemes") {
            Some(Document::Array(list)) => list.as_slice(),
            _ => &[],
        };
        list.iter().filter_map(|scheme| match scheme {
            Document::Object(fields) => Some(AuthScheme { fields }),
            _ => None,
        })
    }

    /// The `signingName` the endpoint's `sigv4` auth scheme asks for, if it names one; sign
    /// with the service's own name otherwise.
    pub fn signing_name(&self) -> Option<&str> {
        self.sigv4().and_then(|s| s.signing_name())
    }

    /// The `signingRegion` the endpoint's `sigv4` auth scheme asks for, if it names one; sign
    /// for the configured region otherwise.
    pub fn signing_region(&self) -> Option<&str> {
        self.sigv4().and_then(|s| s.signing_region())
    }

    /// The first `sigv4` entry of `authSchemes`: the one that adjusts SigV4 signing (other
    /// schemes, such as `sigv4a`, are for signers this crate doesn't have).
    fn sigv4(&self) -> Option<AuthScheme<'_>> {
        self.auth_schemes().find(|s| s.name() == "sigv4")
    }
}

impl fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Endpoint")
            .field("url", &super::redact_userinfo(&self.url))
            .field("headers", &self.headers)
            .field("properties", &self.properties)
            .finish()
    }
}

/// The URL, with any user info (`user:password@`) redacted.
impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&super::redact_userinfo(&self.url))
    }
}

/// One entry of an endpoint's `authSchemes` property.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AuthScheme<'a> {
    fields: &'a HashMap<String, Document>,
}

impl<'a> AuthScheme<'a> {
    /// The scheme (`sigv4`, `sigv4a`, ...); empty if the entry has no string `name`.
    pub fn name(&self) -> &'a str {
        self.string("name").unwrap_or("")
    }

    /// `signingName`: the service name to sign with.
    pub fn signing_name(&self) -> Option<&'a str> {
        self.string("signingName")
    }

    /// `signingRegion`: the region to sign for.
    pub fn signing_region(&self) -> Option<&'a str> {
        self.string("signingRegion")
    }

    /// `signingRegionSet` (SigV4a): the regions a signature is good for.
    pub fn signing_region_set(&self) -> Vec<&'a str> {
        match self.fields.get("signingRegionSet") {
            Some(Document::Array(regions)) => regions
                .iter()
                .filter_map(|r| match r {
                    Document::String(s) => Some(s.as_str()),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    /// `disableDoubleEncoding`, if given.
    pub fn disable_double_encoding(&self) -> Option<bool> {
        match self.fields.get("disableDoubleEncoding") {
            Some(Document::Bool(b)) => Some(*b),
            _ => None,
        }
    }

    /// Any field of the entry.
    pub fn get(&self, key: &str) -> Option<&'a Document> {
        self.fields.get(key)
    }

    fn string(&self, key: &str) -> Option<&'a str> {
        match self.fields.get(key) {
            Some(Document::String(s)) => Some(s),
            _ => None,
        }
    }
}

/// An object property value from its entries (what generated resolvers build `authSchemes`
/// entries with).
pub fn object<const N: usize>(entries: [(&str, Document); N]) -> Document {
    Document::Object(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
    )
}

/// Where `build_request` sends a request: a URL (`&str`, `String`) or a resolved
/// [`Endpoint`], whose headers are then added to the request.
pub trait AsEndpoint {
    /// The URL (`scheme://host[:port][/path]`).
    fn url(&self) -> &str;

    /// Headers every request to the endpoint carries, sorted by name.
    fn headers(&self) -> &[(String, Vec<String>)] {
        &[]
    }
}

impl AsEndpoint for str {
    fn url(&self) -> &str {
        self
    }
}

impl AsEndpoint for String {
    fn url(&self) -> &str {
        self
    }
}

impl AsEndpoint for Endpoint {
    fn url(&self) -> &str {
        &self.url
    }

    fn headers(&self) -> &[(String, Vec<String>)] {
        &self.headers
    }
}

impl<T: AsEndpoint + ?Sized> AsEndpoint for &T {
    fn url(&self) -> &str {
        (**self).url()
    }

    fn headers(&self) -> &[(String, Vec<String>)] {
        (**self).headers()
    }
}

/// An endpoint with another URL, when one is given (a per-resource endpoint from the input);
/// the headers stay those of `endpoint`.
#[derive(Debug)]
pub struct UrlOverride<'a, E: ?Sized> {
    endpoint: &'a E,
    url: Option<&'a str>,
}

impl<'a, E: AsEndpoint + ?Sized> UrlOverride<'a, E> {
    /// `endpoint`, sent to `url` instead when that is `Some`.
    pub fn new(endpoint: &'a E, url: Option<&'a str>) -> Self {
        UrlOverride { endpoint, url }
    }
}

impl<E: AsEndpoint + ?Sized> AsEndpoint for UrlOverride<'_, E> {
    fn url(&self) -> &str {
        self.url.unwrap_or_else(|| self.endpoint.url())
    }

    fn headers(&self) -> &[(String, Vec<String>)] {
        self.endpoint.headers()
    }
}

/// The value of an input member bound to an endpoint parameter (`smithy.rules#contextParam`),
/// as the parameter's `with_*` setter takes it; `None` when the member is not set.
pub trait ContextValue {
    /// `String`, `bool` or `Vec<String>`.
    type Value;

    /// The member's value, if set.
    fn context_value(&self) -> Option<Self::Value>;
}

impl ContextValue for String {
    type Value = String;
    fn context_value(&self) -> Option<String> {
        Some(self.clone())
    }
}

impl ContextValue for bool {
    type Value = bool;
    fn context_value(&self) -> Option<bool> {
        Some(*self)
    }
}

impl ContextValue for Vec<String> {
    type Value = Vec<String>;
    fn context_value(&self) -> Option<Vec<String>> {
        Some(self.clone())
    }
}

impl<T: ContextValue> ContextValue for Option<T> {
    type Value = T::Value;
    fn context_value(&self) -> Option<T::Value> {
        self.as_ref().and_then(T::context_value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schemes(value: Document) -> Endpoint {
        Endpoint::new("https://x.example.com").with_property("authSchemes", value)
    }

    #[test]
    fn headers_are_sorted_and_keep_every_value() {
        let e = Endpoint::new("https://a")
            .with_header("x-b", "1")
            .with_header("x-a", "2")
            .with_header("x-b", "3");
        let all: Vec<_> = e.headers().collect();
        assert_eq!(
            all,
            vec![
                ("x-a", &["2".to_owned()][..]),
                ("x-b", &["1".to_owned(), "3".to_owned()][..])
            ]
        );
        assert_eq!(e.header("x-b").map(<[String]>::len), Some(2));
        assert_eq!(e.header("x-c"), None);
        // Equal whatever order the headers were added in.
        let same = Endpoint::new("https://a")
            .with_header("x-a", "2")
            .with_header("x-b", "1")
            .with_header("x-b", "3");
        assert_eq!(e, same);
    }

    #[test]
    fn signing_overrides_come_from_the_sigv4_scheme() {
        let e = schemes(Document::Array(vec![
            object([
                ("name", "sigv4a".into()),
                ("signingRegionSet", Document::Array(vec!["*".into()])),
            ]),
            object([
                ("name", "sigv4".into()),
                ("signingName", "svc".into()),
                ("signingRegion", "us-gov-west-1".into()),
                ("disableDoubleEncoding", true.into()),
            ]),
        ]));
        assert_eq!(e.signing_name(), Some("svc"));
        assert_eq!(e.signing_region(), Some("us-gov-west-1"));
        let names: Vec<_> = e.auth_schemes().map(|s| s.name()).collect();
        assert_eq!(names, ["sigv4a", "sigv4"]);
        let first = e.auth_schemes().next();
        assert_eq!(first.map(|s| s.signing_region_set()), Some(vec!["*"]));
        assert_eq!(
            e.auth_schemes()
                .nth(1)
                .and_then(|s| s.disable_double_encoding()),
            Some(true)
        );
    }

    #[test]
    fn no_sigv4_scheme_changes_nothing() {
        for value in [
            Document::Array(vec![object([("name", "sigv4a".into())])]),
            Document::Array(vec![]),
            Document::from("sigv4"),
            Document::Array(vec![Document::from("sigv4")]),
        ] {
            let e = schemes(value);
            assert_eq!((e.signing_name(), e.signing_region()), (None, None));
        }
        assert_eq!(Endpoint::new("https://a").signing_region(), None);
    }

    #[test]
    fn user_info_never_prints() {
        let e = Endpoint::new("https://user:secret@host.example.com:8443/p@th");
        assert_eq!(e.to_string(), "https://***@host.example.com:8443/p@th");
        let debug = format!("{e:?}");
        assert!(
            !debug.contains("secret") && !debug.contains("user"),
            "{debug}"
        );
        assert_eq!(
            Endpoint::new("https://host/a@b").to_string(),
            "https://host/a@b"
        );
    }

    #[test]
    fn url_override_keeps_the_headers() {
        let e = Endpoint::new("https://a").with_header("x", "1");
        let custom = UrlOverride::new(&e, Some("https://b"));
        assert_eq!((custom.url(), custom.headers().len()), ("https://b", 1));
        let same = UrlOverride::new(&e, None);
        assert_eq!(same.url(), "https://a");
        let plain = UrlOverride::new("https://c", None);
        assert_eq!((plain.url(), plain.headers().len()), ("https://c", 0));
    }
}
