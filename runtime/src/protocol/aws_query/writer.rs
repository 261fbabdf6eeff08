//! [`QueryWriter`]: an awsQuery request body, `application/x-www-form-urlencoded`.

use crate::json::ser::SerError;
use crate::timestamp;
use crate::{Blob, DateTime, TimestampFormat};

/// Appends `value` to `out`, percent-encoding every byte except the RFC 3986 unreserved
/// characters `A-Z a-z 0-9 - . _ ~` (so a space is `%20`, never `+`), with upper-case hex.
pub fn push_encoded(out: &mut String, value: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut plain_from = 0;
    for (i, &b) in value.as_bytes().iter().enumerate() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            continue;
        }
        // A run of unreserved (ASCII) bytes starts on a character boundary; an empty run may
        // not, and `get` then gives nothing, which is right.
        out.push_str(value.get(plain_from..i).unwrap_or_default());
        out.push('%');
        for nibble in [b >> 4, b & 0xF] {
            out.push(char::from(
                HEX.get(usize::from(nibble)).copied().unwrap_or(b'0'),
            ));
        }
        plain_from = i + 1;
    }
    out.push_str(value.get(plain_from..).unwrap_or_default());
}

/// Writes the body of an awsQuery request: `Action=<operation>&Version=<version>`, then one
/// `&key=value` pair per scalar, its key made of the dot-separated names that lead to it.
///
/// ```
/// use smithy_rt::protocol::aws_query::QueryWriter;
/// let mut body = String::new();
/// let mut writer = QueryWriter::new(&mut body, "AssumeRole", "2011-06-15");
/// writer.member("RoleSessionName").string("ci run");
/// let mut tags = writer.member("Tags").list("member");
/// let mut tag = tags.element().structure();
/// tag.member("Key").string("team");
/// tag.member("Value").string("a&b");
/// tags.finish();
/// writer.finish();
/// assert_eq!(
///     body,
///     "Action=AssumeRole&Version=2011-06-15&RoleSessionName=ci%20run\
///      &Tags.member.1.Key=team&Tags.member.1.Value=a%26b"
/// );
/// ```
///
/// Rules (the Smithy awsQuery protocol): structure members append `.Name` (the member name or
/// its `@xmlName`); list elements `.member.N` (or `.<xmlName>.N`), or `.N` when flattened,
/// counting from 1; map entries `.entry.N.key` and `.entry.N.value` (key and value names
/// renamable), or `.N.key`/`.N.value` when flattened; an empty list writes `Name=`, an empty
/// map nothing. Keys and values are percent-encoded with [`push_encoded`].
#[derive(Debug)]
pub struct QueryWriter<'a> {
    out: &'a mut String,
    /// The key of the value being written; containers truncate it back to their own key.
    key: String,
}

impl<'a> QueryWriter<'a> {
    /// Starts a body in `out` with the `Action` and `Version` pairs.
    pub fn new(out: &'a mut String, action: &str, version: &str) -> Self {
        out.push_str("Action=");
        push_encoded(out, action);
        out.push_str("&Version=");
        push_encoded(out, version);
        Self {
            out,
            key: String::with_capacity(64),
        }
    }

    /// The writer of the input member serialized as `name`.
    pub fn member(&mut self, name: &str) -> QueryValue<'_> {
        self.key.clear();
        push_encoded(&mut self.key, name);
        QueryValue {
            out: self.out,
            key: &mut self.key,
        }
    }

    /// The writer of the input structure's members (the same keys as [`member`](Self::member)):
    /// generated serializers write the input and nested structures with one function over a
    /// [`QueryStructure`].
    pub fn input(&mut self) -> QueryStructure<'_> {
        self.key.clear();
        QueryStructure {
            out: self.out,
            key: &mut self.key,
            base: 0,
        }
    }

    /// Ends the body (everything is already written; this reads better at call sites).
    pub fn finish(self) {}
}

/// Writes one value under the key it was created with. Scalars write a pair; containers
/// return writers that extend the key.
#[derive(Debug)]
#[must_use = "a QueryValue writes nothing until one of its methods is called"]
pub struct QueryValue<'w> {
    out: &'w mut String,
    key: &'w mut String,
}

impl<'w> QueryValue<'w> {
    /// Writes `&key=` and returns the output for the value.
    fn pair(self) -> &'w mut String {
        self.out.push('&');
        self.out.push_str(self.key);
        self.out.push('=');
        self.out
    }

    /// Writes a `string` or `enum` value; an empty string writes `key=`.
    pub fn string(self, v: &str) {
        push_encoded(self.pair(), v);
    }

    /// Writes `true` or `false`.
    pub fn boolean(self, v: bool) {
        self.pair().push_str(if v { "true" } else { "false" });
    }

    /// Writes a `byte`, `short`, `integer`, `long` or `intEnum`.
    pub fn integer(self, v: i64) {
        self.pair().push_str(itoa::Buffer::new().format(v));
    }

    /// Writes a `double`: the shortest text that reads back as `v` (`10.8`, `1e21`; integral
    /// values get `.0`), or `NaN`, `Infinity`, `-Infinity`.
    pub fn double(self, v: f64) {
        let out = self.pair();
        if v.is_finite() {
            push_encoded(out, ryu::Buffer::new().format_finite(v));
        } else {
            out.push_str(non_finite(v.is_nan(), v > 0.0));
        }
    }

    /// Writes a `float` like [`double`](Self::double), with the shortest text for the `f32`.
    pub fn float(self, v: f32) {
        let out = self.pair();
        if v.is_finite() {
            push_encoded(out, ryu::Buffer::new().format_finite(v));
        } else {
            out.push_str(non_finite(v.is_nan(), v > 0.0));
        }
    }

    /// Writes the text of a `bigInteger` or `bigDecimal` as it is (percent-encoded).
    pub fn number_text(self, v: &str) {
        push_encoded(self.pair(), v);
    }

    /// Writes a `blob` as standard base64 with padding (percent-encoded: `=` is `%3D`).
    pub fn blob(self, v: &Blob) {
        let encoded = base64_simd::STANDARD.encode_to_string(v.as_ref());
        push_encoded(self.pair(), &encoded);
    }

    /// Writes a timestamp in `format`: `DateTime` is the awsQuery default
    /// (`2015-01-25T08%3A00%3A00Z`), `EpochSeconds` gives `1422172800`, `HttpDate` gives
    /// `Sun%2C%2025%20Jan%202015%2008%3A00%3A00%20GMT`.
    ///
    /// Fails, writing nothing, if `v` is outside the years 0001 to 9999 for a string format.
    pub fn timestamp(self, v: &DateTime, format: TimestampFormat) -> Result<(), SerError> {
        let text = timestamp::format(v, format)?;
        push_encoded(self.pair(), &text);
        Ok(())
    }

    /// Starts a structure (or union): its members extend this key with `.Name`.
    pub fn structure(self) -> QueryStructure<'w> {
        let base = self.key.len();
        QueryStructure {
            out: self.out,
            key: self.key,
            base,
        }
    }

    /// Starts a list whose elements are keyed `.<member_name>.N` (`member_name` is `"member"`
    /// unless the list's member has `@xmlName`).
    pub fn list(self, member_name: &str) -> QueryList<'w> {
        self.start_list(Some(member_name))
    }

    /// Starts an `@xmlFlattened` list: elements are keyed `.N`.
    pub fn flat_list(self) -> QueryList<'w> {
        self.start_list(None)
    }

    fn start_list(self, member_name: Option<&str>) -> QueryList<'w> {
        let base = self.key.len();
        let mut member = String::new();
        if let Some(name) = member_name {
            member.push('.');
            push_encoded(&mut member, name);
        }
        QueryList {
            out: self.out,
            key: self.key,
            base,
            member,
            count: 0,
        }
    }

    /// Starts a map whose entries are keyed `.entry.N.<key_name>` and
    /// `.entry.N.<value_name>` (`"key"` and `"value"` unless renamed with `@xmlName`).
    pub fn map(self, key_name: &str, value_name: &str) -> QueryMap<'w> {
        self.start_map(".entry", key_name, value_name)
    }

    /// Starts an `@xmlFlattened` map: entries are keyed `.N.<key_name>` and
    /// `.N.<value_name>`.
    pub fn flat_map(self, key_name: &str, value_name: &str) -> QueryMap<'w> {
        self.start_map("", key_name, value_name)
    }

    fn start_map(self, entry: &'static str, key_name: &str, value_name: &str) -> QueryMap<'w> {
        let base = self.key.len();
        let mut names = String::new();
        push_encoded(&mut names, key_name);
        let key_len = names.len();
        push_encoded(&mut names, value_name);
        QueryMap {
            out: self.out,
            key: self.key,
            base,
            entry,
            names,
            key_len,
            count: 0,
        }
    }
}

fn non_finite(nan: bool, positive: bool) -> &'static str {
    if nan {
        "NaN"
    } else if positive {
        "Infinity"
    } else {
        "-Infinity"
    }
}

/// Writes the members of a structure. Created by [`QueryValue::structure`], or by
/// [`QueryWriter::input`] for the input's own members.
#[derive(Debug)]
pub struct QueryStructure<'w> {
    out: &'w mut String,
    key: &'w mut String,
    base: usize,
}

impl QueryStructure<'_> {
    /// The writer of the member serialized as `name` (member name or `@xmlName`). Members
    /// left unset are simply not written.
    pub fn member(&mut self, name: &str) -> QueryValue<'_> {
        self.key.truncate(self.base);
        // The input's own members have no key in front (member names are never empty, so
        // only the input starts at 0).
        if self.base > 0 {
            self.key.push('.');
        }
        push_encoded(self.key, name);
        QueryValue {
            out: self.out,
            key: self.key,
        }
    }

    /// Ends the structure.
    pub fn finish(self) {}
}

/// Writes the elements of a list. Created by [`QueryValue::list`] or
/// [`QueryValue::flat_list`]. A list that ends (is finished or dropped) without elements
/// writes `key=`, as the SDKs do, so the service sees an empty list rather than none.
#[derive(Debug)]
pub struct QueryList<'w> {
    out: &'w mut String,
    key: &'w mut String,
    base: usize,
    /// `.member` (encoded), or empty when flattened.
    member: String,
    count: usize,
}

impl QueryList<'_> {
    /// The writer of the next element.
    pub fn element(&mut self) -> QueryValue<'_> {
        self.count += 1;
        self.key.truncate(self.base);
        self.key.push_str(&self.member);
        self.key.push('.');
        self.key.push_str(itoa::Buffer::new().format(self.count));
        QueryValue {
            out: self.out,
            key: self.key,
        }
    }

    /// Ends the list (writing `key=` if it had no elements).
    pub fn finish(self) {}
}

impl Drop for QueryList<'_> {
    fn drop(&mut self) {
        if self.count == 0 {
            self.key.truncate(self.base);
            self.out.push('&');
            self.out.push_str(self.key);
            self.out.push('=');
        }
    }
}

/// Writes the entries of a map. Created by [`QueryValue::map`] or [`QueryValue::flat_map`].
#[derive(Debug)]
pub struct QueryMap<'w> {
    out: &'w mut String,
    key: &'w mut String,
    base: usize,
    /// `.entry`, or empty when flattened.
    entry: &'static str,
    /// The encoded key name followed by the encoded value name.
    names: String,
    key_len: usize,
    count: usize,
}

impl QueryMap<'_> {
    /// Writes the key of the next entry and returns the writer of its value.
    pub fn entry(&mut self, key: &str) -> QueryValue<'_> {
        self.count += 1;
        let (key_name, value_name) = self.names.split_at(self.key_len);
        self.key.truncate(self.base);
        self.key.push_str(self.entry);
        self.key.push('.');
        self.key.push_str(itoa::Buffer::new().format(self.count));
        self.key.push('.');
        let entry_len = self.key.len();
        self.key.push_str(key_name);
        QueryValue {
            out: self.out,
            key: self.key,
        }
        .string(key);
        self.key.truncate(entry_len);
        self.key.push_str(value_name);
        QueryValue {
            out: self.out,
            key: self.key,
        }
    }

    /// Ends the map.
    pub fn finish(self) {}
}
