//! The traits attached to a shape or member: raw JSON plus typed getters.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde_json::Value;

use crate::trait_values::{
    AwsService, Deprecated, EndpointTrait, EnumValue, ErrorFault, SigV4, TimestampFormat, Typed,
    parse_trait,
};

/// Traits of one shape or member, keyed by absolute trait id (`smithy.api#documentation`).
///
/// Every trait is kept as raw JSON. Traits with a typed getter were checked when the model
/// was loaded, so the getters cannot fail; they return `None`/`false` when the trait is
/// absent. Ids passed to [`Traits::get`] and [`Traits::has`] without a namespace
/// (`"documentation"`) are taken to be in `smithy.api`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Traits {
    raw: BTreeMap<String, Value>,
    typed: BTreeMap<String, Typed>,
}

impl Traits {
    /// The raw JSON value of trait `id`.
    pub fn get(&self, id: &str) -> Option<&Value> {
        self.raw.get(absolute(id).as_ref())
    }

    /// Whether trait `id` is present.
    pub fn has(&self, id: &str) -> bool {
        self.get(id).is_some()
    }

    /// All traits in id order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.raw.iter().map(|(id, value)| (id.as_str(), value))
    }

    /// Number of traits.
    pub fn len(&self) -> usize {
        self.raw.len()
    }

    /// Whether there are no traits.
    pub fn is_empty(&self) -> bool {
        self.raw.is_empty()
    }

    /// `smithy.api#documentation` (CommonMark/HTML text).
    pub fn documentation(&self) -> Option<&str> {
        match self.typed("smithy.api#documentation")? {
            Typed::Documentation(text) => Some(text),
            _ => None,
        }
    }

    /// `smithy.api#required`.
    pub fn required(&self) -> bool {
        self.raw.contains_key("smithy.api#required")
    }

    /// `smithy.api#sensitive`.
    pub fn sensitive(&self) -> bool {
        self.raw.contains_key("smithy.api#sensitive")
    }

    /// `smithy.api#sparse`.
    pub fn sparse(&self) -> bool {
        self.raw.contains_key("smithy.api#sparse")
    }

    /// `smithy.api#clientOptional`.
    pub fn client_optional(&self) -> bool {
        self.raw.contains_key("smithy.api#clientOptional")
    }

    /// `smithy.api#idempotencyToken`.
    pub fn idempotency_token(&self) -> bool {
        self.raw.contains_key("smithy.api#idempotencyToken")
    }

    /// `smithy.api#input`.
    pub fn input(&self) -> bool {
        self.raw.contains_key("smithy.api#input")
    }

    /// `smithy.api#output`.
    pub fn output(&self) -> bool {
        self.raw.contains_key("smithy.api#output")
    }

    /// `smithy.api#hostLabel`.
    pub fn host_label(&self) -> bool {
        self.raw.contains_key("smithy.api#hostLabel")
    }

    /// `smithy.api#error`.
    pub fn error(&self) -> Option<ErrorFault> {
        match self.typed("smithy.api#error")? {
            Typed::Error(fault) => Some(*fault),
            _ => None,
        }
    }

    /// `smithy.api#httpError`.
    pub fn http_error(&self) -> Option<u16> {
        match self.typed("smithy.api#httpError")? {
            Typed::HttpError(code) => Some(*code),
            _ => None,
        }
    }

    /// `smithy.api#enumValue`. Every member of a loaded `enum` or `intEnum` has one
    /// (an `enum` member without it gets its own name as value).
    pub fn enum_value(&self) -> Option<&EnumValue> {
        match self.typed("smithy.api#enumValue")? {
            Typed::EnumValue(value) => Some(value),
            _ => None,
        }
    }

    /// `smithy.api#deprecated`.
    pub fn deprecated(&self) -> Option<&Deprecated> {
        match self.typed("smithy.api#deprecated")? {
            Typed::Deprecated(value) => Some(value),
            _ => None,
        }
    }

    /// `smithy.api#timestampFormat`.
    pub fn timestamp_format(&self) -> Option<TimestampFormat> {
        match self.typed("smithy.api#timestampFormat")? {
            Typed::TimestampFormat(format) => Some(*format),
            _ => None,
        }
    }

    /// `smithy.api#jsonName`.
    pub fn json_name(&self) -> Option<&str> {
        match self.typed("smithy.api#jsonName")? {
            Typed::JsonName(name) => Some(name),
            _ => None,
        }
    }

    /// `smithy.api#default`, any JSON value (`null` explicitly removes a default).
    pub fn default_value(&self) -> Option<&Value> {
        self.raw.get("smithy.api#default")
    }

    /// `aws.protocols#awsJson1_0`.
    pub fn aws_json_1_0(&self) -> bool {
        self.raw.contains_key("aws.protocols#awsJson1_0")
    }

    /// `aws.protocols#awsJson1_1`.
    pub fn aws_json_1_1(&self) -> bool {
        self.raw.contains_key("aws.protocols#awsJson1_1")
    }

    /// `aws.api#service`.
    pub fn aws_service(&self) -> Option<&AwsService> {
        match self.typed("aws.api#service")? {
            Typed::AwsService(value) => Some(value),
            _ => None,
        }
    }

    /// `aws.auth#sigv4`.
    pub fn sigv4(&self) -> Option<&SigV4> {
        match self.typed("aws.auth#sigv4")? {
            Typed::SigV4(value) => Some(value),
            _ => None,
        }
    }

    /// `smithy.api#endpoint`.
    pub fn endpoint(&self) -> Option<&EndpointTrait> {
        match self.typed("smithy.api#endpoint")? {
            Typed::Endpoint(value) => Some(value),
            _ => None,
        }
    }

    /// `smithy.api#requestCompression`: the supported encodings, in preference order.
    pub fn request_compression(&self) -> Option<&[String]> {
        match self.typed("smithy.api#requestCompression")? {
            Typed::RequestCompression(encodings) => Some(encodings),
            _ => None,
        }
    }

    /// Sets trait `id` (absolute) after checking its value. The error message has no
    /// location; the loader adds shape and path.
    pub(crate) fn insert(&mut self, id: &str, value: Value) -> Result<(), String> {
        match parse_trait(id, &value)? {
            Some(typed) => {
                self.typed.insert(id.to_owned(), typed);
            }
            None => {
                self.typed.remove(id);
            }
        }
        self.raw.insert(id.to_owned(), value);
        Ok(())
    }

    /// Sets a trait that has no typed form, without checking (prelude defaults).
    pub(crate) fn insert_unchecked(&mut self, id: &str, value: Value) {
        self.typed.remove(id);
        self.raw.insert(id.to_owned(), value);
    }

    /// Copies trait `id` (value already checked) from `other`, if it has it.
    pub(crate) fn copy_from(&mut self, other: &Traits, id: &str) {
        if let Some(value) = other.raw.get(id) {
            self.raw.insert(id.to_owned(), value.clone());
            match other.typed.get(id) {
                Some(typed) => self.typed.insert(id.to_owned(), typed.clone()),
                None => self.typed.remove(id),
            };
        }
    }

    fn typed(&self, id: &str) -> Option<&Typed> {
        self.typed.get(id)
    }
}

/// Qualifies a bare trait name with the prelude namespace.
fn absolute(id: &str) -> Cow<'_, str> {
    if id.contains('#') {
        Cow::Borrowed(id)
    } else {
        Cow::Owned(format!("smithy.api#{id}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn typed_getters_follow_inserts() {
        let mut traits = Traits::default();
        assert!(traits.is_empty());
        traits
            .insert("smithy.api#documentation", json!("Hi"))
            .unwrap();
        traits.insert("smithy.api#required", json!({})).unwrap();
        traits.insert("smithy.api#httpError", json!(404)).unwrap();
        traits.insert("ns#custom", json!([1, 2])).unwrap();
        assert_eq!(traits.documentation(), Some("Hi"));
        assert!(traits.required() && traits.has("required") && traits.has("ns#custom"));
        assert!(!traits.sensitive());
        assert_eq!(traits.http_error(), Some(404));
        assert_eq!(traits.get("ns#custom"), Some(&json!([1, 2])));
        assert_eq!(traits.len(), 4);
        let ids: Vec<&str> = traits.iter().map(|(id, _)| id).collect();
        assert_eq!(
            ids,
            [
                "ns#custom",
                "smithy.api#documentation",
                "smithy.api#httpError",
                "smithy.api#required"
            ]
        );
    }

    #[test]
    fn rejected_insert_leaves_traits_unchanged() {
        let mut traits = Traits::default();
        traits
            .insert("smithy.api#documentation", json!("Hi"))
            .unwrap();
        assert!(traits.insert("smithy.api#documentation", json!(5)).is_err());
        assert_eq!(traits.documentation(), Some("Hi"));
    }
}
