//! Typed values of the traits the generator relies on, and their load-time checks.

use serde_json::{Map, Value};

use crate::error::json_type;

/// Value of `smithy.api#error`: who is at fault.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorFault {
    /// `"client"`: the caller sent a bad request.
    Client,
    /// `"server"`: the service failed.
    Server,
}

/// Value of `smithy.api#enumValue`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum EnumValue {
    /// Value of an `enum` member.
    String(String),
    /// Value of an `intEnum` member.
    Int(i64),
}

/// Value of `smithy.api#deprecated`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Deprecated {
    /// Why the shape is deprecated and what to use instead.
    pub message: Option<String>,
    /// Version or date since which the shape is deprecated.
    pub since: Option<String>,
}

/// Value of `smithy.api#timestampFormat`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TimestampFormat {
    /// `"date-time"`: RFC 3339 date-time.
    DateTime,
    /// `"http-date"`: IMF-fixdate (RFC 7231).
    HttpDate,
    /// `"epoch-seconds"`: seconds since the Unix epoch, with optional fraction.
    EpochSeconds,
}

impl TimestampFormat {
    /// The Smithy spelling, e.g. `"epoch-seconds"`.
    pub fn as_str(self) -> &'static str {
        match self {
            TimestampFormat::DateTime => "date-time",
            TimestampFormat::HttpDate => "http-date",
            TimestampFormat::EpochSeconds => "epoch-seconds",
        }
    }
}

/// Value of `aws.api#service`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct AwsService {
    /// `sdkId`: the name SDKs derive client names from.
    pub sdk_id: String,
    /// `arnNamespace`.
    pub arn_namespace: Option<String>,
    /// `endpointPrefix`.
    pub endpoint_prefix: Option<String>,
    /// `cloudFormationName`.
    pub cloud_formation_name: Option<String>,
    /// `cloudTrailEventSource`.
    pub cloud_trail_event_source: Option<String>,
    /// `docId`.
    pub doc_id: Option<String>,
}

/// Value of `aws.auth#sigv4`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SigV4 {
    /// The signing name, e.g. `firehose`.
    pub name: String,
}

/// Value of `smithy.api#endpoint`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct EndpointTrait {
    /// Host prefix template, e.g. `foo.{label}.`.
    pub host_prefix: String,
}

/// The typed value of one known trait, parsed from its raw JSON.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Typed {
    /// Annotation trait (value `{}`), or a trait whose value is only shape-checked.
    Checked,
    Documentation(String),
    Error(ErrorFault),
    HttpError(u16),
    EnumValue(EnumValue),
    Deprecated(Deprecated),
    TimestampFormat(TimestampFormat),
    JsonName(String),
    AwsService(AwsService),
    SigV4(SigV4),
    Endpoint(EndpointTrait),
    RequestCompression(Vec<String>),
}

/// Trait ids whose value must be an annotation object (`{}`).
const ANNOTATIONS: &[&str] = &[
    "smithy.api#required",
    "smithy.api#sensitive",
    "smithy.api#sparse",
    "smithy.api#clientOptional",
    "smithy.api#idempotencyToken",
    "smithy.api#input",
    "smithy.api#output",
    "smithy.api#hostLabel",
    "smithy.api#uniqueItems",
    "smithy.api#idempotent",
    "smithy.api#readonly",
];

/// Trait ids whose value must be an object but is otherwise free-form.
const OBJECTS: &[&str] = &["aws.protocols#awsJson1_0", "aws.protocols#awsJson1_1"];

/// Checks `value` for trait `id` and returns its typed form.
///
/// Returns `Ok(None)` for traits that are not checked (kept raw only). The error is a
/// message without location; the caller adds shape and path.
pub(crate) fn parse_trait(id: &str, value: &Value) -> Result<Option<Typed>, String> {
    if ANNOTATIONS.contains(&id) {
        return annotation(value).map(|()| Some(Typed::Checked));
    }
    if OBJECTS.contains(&id) {
        return object(value).map(|_| Some(Typed::Checked));
    }
    let typed = match id {
        "smithy.api#documentation" => Typed::Documentation(string(value)?),
        "smithy.api#jsonName" => Typed::JsonName(string(value)?),
        "smithy.api#error" => Typed::Error(match string_ref(value)? {
            "client" => ErrorFault::Client,
            "server" => ErrorFault::Server,
            other => {
                return Err(format!(
                    "must be \"client\" or \"server\", found \"{other}\""
                ));
            }
        }),
        "smithy.api#httpError" => Typed::HttpError(http_status(value)?),
        "smithy.api#enumValue" => Typed::EnumValue(match value {
            Value::String(s) => EnumValue::String(s.clone()),
            Value::Number(n) => match n.as_i64() {
                Some(i) => EnumValue::Int(i),
                None => return Err(format!("must be a string or an integer, found {n}")),
            },
            other => {
                return Err(format!(
                    "must be a string or an integer, found {}",
                    json_type(other)
                ));
            }
        }),
        "smithy.api#deprecated" => {
            let map = object(value)?;
            Typed::Deprecated(Deprecated {
                message: optional_string(map, "message")?,
                since: optional_string(map, "since")?,
            })
        }
        "smithy.api#timestampFormat" => Typed::TimestampFormat(match string_ref(value)? {
            "date-time" => TimestampFormat::DateTime,
            "http-date" => TimestampFormat::HttpDate,
            "epoch-seconds" => TimestampFormat::EpochSeconds,
            other => {
                return Err(format!(
                    "must be \"date-time\", \"http-date\" or \"epoch-seconds\", found \"{other}\""
                ));
            }
        }),
        "smithy.api#mixin" => {
            let map = object(value)?;
            if let Some(local) = map.get("localTraits") {
                string_list(local).map_err(|e| format!("`localTraits` {e}"))?;
            }
            Typed::Checked
        }
        "smithy.api#endpoint" => {
            let map = object(value)?;
            Typed::Endpoint(EndpointTrait {
                host_prefix: required_string(map, "hostPrefix")?,
            })
        }
        "smithy.api#requestCompression" => {
            let map = object(value)?;
            let encodings = map
                .get("encodings")
                .ok_or("is missing required property `encodings`")?;
            Typed::RequestCompression(
                string_list(encodings).map_err(|e| format!("`encodings` {e}"))?,
            )
        }
        "aws.api#service" => {
            let map = object(value)?;
            Typed::AwsService(AwsService {
                sdk_id: required_string(map, "sdkId")?,
                arn_namespace: optional_string(map, "arnNamespace")?,
                endpoint_prefix: optional_string(map, "endpointPrefix")?,
                cloud_formation_name: optional_string(map, "cloudFormationName")?,
                cloud_trail_event_source: optional_string(map, "cloudTrailEventSource")?,
                doc_id: optional_string(map, "docId")?,
            })
        }
        "aws.auth#sigv4" => {
            let map = object(value)?;
            Typed::SigV4(SigV4 {
                name: required_string(map, "name")?,
            })
        }
        _ => return Ok(None),
    };
    Ok(Some(typed))
}

/// Annotation traits are `{}` in the AST; `true` is an older spelling of the same.
fn annotation(value: &Value) -> Result<(), String> {
    match value {
        Value::Object(_) | Value::Bool(true) => Ok(()),
        other => Err(format!(
            "is an annotation trait and must be an object (`{{}}`), found {}",
            json_type(other)
        )),
    }
}

fn object(value: &Value) -> Result<&Map<String, Value>, String> {
    value
        .as_object()
        .ok_or_else(|| format!("must be an object, found {}", json_type(value)))
}

fn string_ref(value: &Value) -> Result<&str, String> {
    value
        .as_str()
        .ok_or_else(|| format!("must be a string, found {}", json_type(value)))
}

fn string(value: &Value) -> Result<String, String> {
    string_ref(value).map(str::to_owned)
}

fn string_list(value: &Value) -> Result<Vec<String>, String> {
    let items = value
        .as_array()
        .ok_or_else(|| format!("must be an array of strings, found {}", json_type(value)))?;
    items
        .iter()
        .map(|item| {
            item.as_str().map(str::to_owned).ok_or_else(|| {
                format!(
                    "must be an array of strings, found {} in it",
                    json_type(item)
                )
            })
        })
        .collect()
}

fn optional_string(map: &Map<String, Value>, key: &str) -> Result<Option<String>, String> {
    match map.get(key) {
        None => Ok(None),
        Some(value) => string(value).map(Some).map_err(|e| format!("`{key}` {e}")),
    }
}

fn required_string(map: &Map<String, Value>, key: &str) -> Result<String, String> {
    match map.get(key) {
        None => Err(format!("is missing required property `{key}`")),
        Some(value) => string(value).map_err(|e| format!("`{key}` {e}")),
    }
}

/// HTTP status codes Smithy allows on errors (`@range(min: 200, max: 599)`).
fn http_status(value: &Value) -> Result<u16, String> {
    let code = value
        .as_u64()
        .ok_or_else(|| format!("must be an integer status code, found {}", describe(value)))?;
    u16::try_from(code)
        .ok()
        .filter(|code| (200..=599).contains(code))
        .ok_or_else(|| format!("must be between 200 and 599, found {code}"))
}

/// A JSON type name, or the number itself (so `-1` or `1.5` shows up in messages).
fn describe(value: &Value) -> String {
    match value {
        Value::Number(n) => n.to_string(),
        other => json_type(other).to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_known_traits() {
        assert_eq!(
            parse_trait("smithy.api#error", &json!("server")),
            Ok(Some(Typed::Error(ErrorFault::Server)))
        );
        assert_eq!(
            parse_trait("smithy.api#httpError", &json!(503)),
            Ok(Some(Typed::HttpError(503)))
        );
        assert_eq!(
            parse_trait("smithy.api#enumValue", &json!(-3)),
            Ok(Some(Typed::EnumValue(EnumValue::Int(-3))))
        );
        assert_eq!(
            parse_trait("smithy.api#deprecated", &json!({"since": "2020"})),
            Ok(Some(Typed::Deprecated(Deprecated {
                message: None,
                since: Some("2020".into())
            })))
        );
        assert_eq!(
            parse_trait(
                "smithy.api#requestCompression",
                &json!({"encodings": ["gzip"]})
            ),
            Ok(Some(Typed::RequestCompression(vec!["gzip".into()])))
        );
        assert_eq!(
            parse_trait("smithy.api#required", &json!({})),
            Ok(Some(Typed::Checked))
        );
        assert_eq!(parse_trait("ns#custom", &json!(5)), Ok(None));
    }

    #[test]
    fn rejects_wrong_values() {
        let cases = [
            (
                "smithy.api#documentation",
                json!(5),
                "must be a string, found a number",
            ),
            (
                "smithy.api#httpError",
                json!("x"),
                "integer status code, found a string",
            ),
            ("smithy.api#httpError", json!(70000), "between 200 and 599"),
            ("smithy.api#httpError", json!(1.5), "found 1.5"),
            (
                "smithy.api#error",
                json!("both"),
                "\"client\" or \"server\"",
            ),
            (
                "smithy.api#timestampFormat",
                json!("unix"),
                "found \"unix\"",
            ),
            ("smithy.api#enumValue", json!(true), "found a boolean"),
            ("smithy.api#enumValue", json!(1.5), "found 1.5"),
            ("smithy.api#required", json!(false), "annotation trait"),
            (
                "smithy.api#deprecated",
                json!({"message": 1}),
                "`message` must be a string",
            ),
            (
                "smithy.api#endpoint",
                json!({}),
                "missing required property `hostPrefix`",
            ),
            (
                "smithy.api#requestCompression",
                json!({"encodings": [1]}),
                "`encodings`",
            ),
            ("aws.api#service", json!({"arnNamespace": "x"}), "`sdkId`"),
            ("aws.auth#sigv4", json!("x"), "must be an object"),
            (
                "smithy.api#mixin",
                json!({"localTraits": "x"}),
                "`localTraits`",
            ),
        ];
        for (id, value, expected) in cases {
            let err = parse_trait(id, &value).unwrap_err();
            assert!(err.contains(expected), "{id}: {err}");
        }
    }
}
