//! Absolute Smithy shape ids (`namespace#Name` and `namespace#Name$member`).

use std::fmt;
use std::str::FromStr;

/// An absolute shape id, optionally pointing at a member of the shape.
///
/// Ordering compares namespace, then name, then member, so ids can key a `BTreeMap`
/// and a shape sorts just before its own members.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ShapeId {
    namespace: String,
    name: String,
    member: Option<String>,
}

/// Why a text is not a valid absolute shape id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShapeIdError {
    text: String,
    reason: &'static str,
}

impl ShapeIdError {
    /// The text that failed to parse.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// A short description of what is wrong with the text.
    pub fn reason(&self) -> &str {
        self.reason
    }
}

impl fmt::Display for ShapeIdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a valid absolute shape id: {}",
            self.text, self.reason
        )
    }
}

impl std::error::Error for ShapeIdError {}

impl ShapeId {
    /// Parses `namespace#Name` or `namespace#Name$member`.
    ///
    /// The namespace is one or more dot-separated identifiers; name and member are
    /// identifiers (`[A-Za-z][A-Za-z0-9_]*`, or leading underscores followed by a
    /// letter or digit).
    pub fn parse(text: &str) -> Result<ShapeId, ShapeIdError> {
        let fail = |reason| ShapeIdError {
            text: text.to_owned(),
            reason,
        };
        let (namespace, rest) = text
            .split_once('#')
            .ok_or_else(|| fail("missing `#` between namespace and name"))?;
        if namespace.is_empty() {
            return Err(fail("empty namespace"));
        }
        if !namespace.split('.').all(is_identifier) {
            return Err(fail("namespace is not dot-separated identifiers"));
        }
        let (name, member) = match rest.split_once('$') {
            Some((name, member)) => (name, Some(member)),
            None => (rest, None),
        };
        if !is_identifier(name) {
            return Err(fail("shape name is not an identifier"));
        }
        if let Some(member) = member
            && !is_identifier(member)
        {
            return Err(fail("member name is not an identifier"));
        }
        Ok(ShapeId {
            namespace: namespace.to_owned(),
            name: name.to_owned(),
            member: member.map(str::to_owned),
        })
    }

    /// Builds an id from parts already known to be identifiers (prelude, tests).
    pub(crate) fn from_parts(namespace: &str, name: &str) -> ShapeId {
        ShapeId {
            namespace: namespace.to_owned(),
            name: name.to_owned(),
            member: None,
        }
    }

    /// The namespace, e.g. `com.amazonaws.firehose`.
    pub fn namespace(&self) -> &str {
        &self.namespace
    }

    /// The shape name, e.g. `PutRecordInput`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The member name, if this id points at a member.
    pub fn member(&self) -> Option<&str> {
        self.member.as_deref()
    }

    /// The id of member `member` of this id's root shape.
    ///
    /// The name is taken as given (callers pass names from a validated model).
    pub fn with_member(&self, member: &str) -> ShapeId {
        ShapeId {
            namespace: self.namespace.clone(),
            name: self.name.clone(),
            member: Some(member.to_owned()),
        }
    }

    /// This id without its member part.
    pub fn root(&self) -> ShapeId {
        ShapeId {
            namespace: self.namespace.clone(),
            name: self.name.clone(),
            member: None,
        }
    }
}

impl fmt::Display for ShapeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}#{}", self.namespace, self.name)?;
        if let Some(member) = &self.member {
            write!(f, "${member}")?;
        }
        Ok(())
    }
}

impl FromStr for ShapeId {
    type Err = ShapeIdError;

    fn from_str(text: &str) -> Result<ShapeId, ShapeIdError> {
        ShapeId::parse(text)
    }
}

/// Whether `text` matches Smithy's `identifier` production.
pub(crate) fn is_identifier(text: &str) -> bool {
    let rest = text.trim_start_matches('_');
    let leading_underscores = rest.len() != text.len();
    let mut chars = rest.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    // After underscores a digit may start the identifier; otherwise a letter must.
    let first_ok = first.is_ascii_alphabetic() || (leading_underscores && first.is_ascii_digit());
    first_ok && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_root_and_member_ids() {
        let id = ShapeId::parse("com.example#Foo").unwrap();
        assert_eq!(id.namespace(), "com.example");
        assert_eq!(id.name(), "Foo");
        assert_eq!(id.member(), None);
        assert_eq!(id.to_string(), "com.example#Foo");

        let member = ShapeId::parse("com.example#Foo$bar_1").unwrap();
        assert_eq!(member.member(), Some("bar_1"));
        assert_eq!(member.root(), id);
        assert_eq!(id.with_member("bar_1"), member);
        assert_eq!(member.to_string(), "com.example#Foo$bar_1");
        assert_eq!("com.example#Foo$bar_1".parse::<ShapeId>().unwrap(), member);
    }

    #[test]
    fn rejects_bad_ids() {
        for bad in [
            "",
            "Foo",
            "#Foo",
            "ns#",
            "ns#Foo$",
            "ns..a#Foo",
            "ns.#Foo",
            "ns#1Foo",
            "ns#Foo-Bar",
            "ns#_",
            "ns#Foo$a$b",
            "ns#Foo#Bar",
            "ns#Fóo",
            " ns#Foo",
        ] {
            let err = ShapeId::parse(bad).unwrap_err();
            assert_eq!(err.text(), bad);
            assert!(
                err.to_string().contains("not a valid absolute shape id"),
                "{err}"
            );
        }
    }

    #[test]
    fn identifier_rules() {
        assert!(is_identifier("a"));
        assert!(is_identifier("_a"));
        assert!(is_identifier("__1"));
        assert!(is_identifier("A_b9"));
        assert!(!is_identifier("_"));
        assert!(!is_identifier("9a"));
        assert!(!is_identifier(""));
        assert!(!is_identifier("a.b"));
    }

    #[test]
    fn orders_members_after_their_shape() {
        let a = ShapeId::parse("ns#A").unwrap();
        let a_m = ShapeId::parse("ns#A$m").unwrap();
        let b = ShapeId::parse("ns#B").unwrap();
        assert!(a < a_m && a_m < b);
    }
}
