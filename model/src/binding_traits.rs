//! Typed getters for the traits that say where a value goes on the wire: the HTTP binding
//! traits, `@mediaType`, the XML traits and `@awsQueryError`; `@retryable`, how an error
//! response is retried; and `@auth`, which says whether a request is signed.
//!
//! Unlike the getters in `traits.rs`, these read the raw JSON when asked and return a
//! [`TraitValueError`] for a malformed value instead of being checked at load time; the
//! generator turns one into an error that names the shape or member carrying the trait. (They
//! live apart so that the loader's own checks are untouched by them.)

use std::fmt;

use serde_json::Value;

use crate::traits::Traits;

/// A trait value of the wrong shape, e.g. `@httpHeader` that is not a string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TraitValueError {
    /// Absolute trait id, e.g. `smithy.api#http`.
    pub trait_id: &'static str,
    /// What is wrong with the value.
    pub reason: String,
}

impl fmt::Display for TraitValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "trait {}: {}", self.trait_id, self.reason)
    }
}

impl std::error::Error for TraitValueError {}

/// Value of `smithy.api#http`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpTrait {
    /// The HTTP method, e.g. `PUT`.
    pub method: String,
    /// The URI pattern, e.g. `/{Bucket}/{Key+}?x-id=PutObject`.
    pub uri: String,
    /// Status code of a successful response (200 when the model leaves it out).
    pub code: u16,
}

/// Value of `smithy.api#xmlNamespace`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct XmlNamespace {
    /// The namespace URI.
    pub uri: String,
    /// The prefix, if the model gives one.
    pub prefix: Option<String>,
}

/// Value of `aws.protocols#awsQueryError`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AwsQueryError {
    /// The error code on the wire (may differ from the shape name).
    pub code: String,
    /// The HTTP status of the error response.
    pub http_response_code: u16,
}

const HTTP: &str = "smithy.api#http";
const HTTP_QUERY: &str = "smithy.api#httpQuery";
const HTTP_HEADER: &str = "smithy.api#httpHeader";
const HTTP_PREFIX_HEADERS: &str = "smithy.api#httpPrefixHeaders";
const MEDIA_TYPE: &str = "smithy.api#mediaType";
const XML_NAME: &str = "smithy.api#xmlName";
const XML_NAMESPACE: &str = "smithy.api#xmlNamespace";
const AWS_QUERY_ERROR: &str = "aws.protocols#awsQueryError";
const RETRYABLE: &str = "smithy.api#retryable";
const AUTH: &str = "smithy.api#auth";

impl Traits {
    /// `smithy.api#http`: method, URI pattern and success code.
    pub fn http(&self) -> Result<Option<HttpTrait>, TraitValueError> {
        let Some(value) = self.get(HTTP) else {
            return Ok(None);
        };
        let method = required_string(HTTP, value, "method")?;
        let uri = required_string(HTTP, value, "uri")?;
        if !uri.starts_with('/') {
            return Err(invalid(HTTP, format!("uri {uri:?} must start with `/`")));
        }
        let code = match value.get("code") {
            None => 200,
            Some(code) => status(HTTP, code)?,
        };
        Ok(Some(HttpTrait { method, uri, code }))
    }

    /// `smithy.api#httpLabel`.
    pub fn http_label(&self) -> bool {
        self.has("smithy.api#httpLabel")
    }

    /// `smithy.api#httpQuery`: the query parameter name.
    pub fn http_query(&self) -> Result<Option<&str>, TraitValueError> {
        self.string_value(HTTP_QUERY)
    }

    /// `smithy.api#httpQueryParams`.
    pub fn http_query_params(&self) -> bool {
        self.has("smithy.api#httpQueryParams")
    }

    /// `smithy.api#httpHeader`: the header name.
    pub fn http_header(&self) -> Result<Option<&str>, TraitValueError> {
        self.string_value(HTTP_HEADER)
    }

    /// `smithy.api#httpPrefixHeaders`: the header name prefix (may be empty).
    pub fn http_prefix_headers(&self) -> Result<Option<&str>, TraitValueError> {
        self.string_value(HTTP_PREFIX_HEADERS)
    }

    /// `smithy.api#httpPayload`.
    pub fn http_payload(&self) -> bool {
        self.has("smithy.api#httpPayload")
    }

    /// `smithy.api#httpResponseCode`.
    pub fn http_response_code(&self) -> bool {
        self.has("smithy.api#httpResponseCode")
    }

    /// `smithy.api#httpChecksumRequired`: the request carries a `Content-MD5` of its body.
    pub fn http_checksum_required(&self) -> bool {
        self.has("smithy.api#httpChecksumRequired")
    }

    /// `smithy.api#mediaType`, e.g. `application/json`.
    pub fn media_type(&self) -> Result<Option<&str>, TraitValueError> {
        self.string_value(MEDIA_TYPE)
    }

    /// `smithy.api#xmlName`.
    pub fn xml_name(&self) -> Result<Option<&str>, TraitValueError> {
        self.string_value(XML_NAME)
    }

    /// `smithy.api#xmlFlattened`.
    pub fn xml_flattened(&self) -> bool {
        self.has("smithy.api#xmlFlattened")
    }

    /// `smithy.api#xmlAttribute`.
    pub fn xml_attribute(&self) -> bool {
        self.has("smithy.api#xmlAttribute")
    }

    /// `smithy.api#xmlNamespace`.
    pub fn xml_namespace(&self) -> Result<Option<XmlNamespace>, TraitValueError> {
        let Some(value) = self.get(XML_NAMESPACE) else {
            return Ok(None);
        };
        let uri = required_string(XML_NAMESPACE, value, "uri")?;
        let prefix = match value.get("prefix") {
            None => None,
            Some(Value::String(p)) => Some(p.clone()),
            Some(other) => {
                return Err(invalid(
                    XML_NAMESPACE,
                    format!("prefix must be a string, found {other}"),
                ));
            }
        };
        Ok(Some(XmlNamespace { uri, prefix }))
    }

    /// `aws.protocols#awsQueryError`.
    pub fn aws_query_error(&self) -> Result<Option<AwsQueryError>, TraitValueError> {
        let Some(value) = self.get(AWS_QUERY_ERROR) else {
            return Ok(None);
        };
        let code = required_string(AWS_QUERY_ERROR, value, "code")?;
        let http_response_code = match value.get("httpResponseCode") {
            Some(code) => status(AWS_QUERY_ERROR, code)?,
            None => return Err(invalid(AWS_QUERY_ERROR, "needs `httpResponseCode`".into())),
        };
        Ok(Some(AwsQueryError {
            code,
            http_response_code,
        }))
    }

    /// `smithy.api#retryable`: `Some(throttling)` if the error is modeled as retryable
    /// (`throttling` is `false` when the trait leaves it out).
    pub fn retryable(&self) -> Result<Option<bool>, TraitValueError> {
        let Some(value) = self.get(RETRYABLE) else {
            return Ok(None);
        };
        if !value.is_object() {
            return Err(invalid(
                RETRYABLE,
                format!("must be an object, found {value}"),
            ));
        }
        match value.get("throttling") {
            None => Ok(Some(false)),
            Some(Value::Bool(throttling)) => Ok(Some(*throttling)),
            Some(other) => Err(invalid(
                RETRYABLE,
                format!("`throttling` must be a boolean, found {other}"),
            )),
        }
    }

    /// `smithy.api#auth`: the auth scheme trait ids that apply, in order of preference (`[]`:
    /// the operation is called without authentication).
    pub fn auth(&self) -> Result<Option<Vec<&str>>, TraitValueError> {
        let Some(value) = self.get(AUTH) else {
            return Ok(None);
        };
        let bad = || invalid(AUTH, format!("must be a list of shape ids, found {value}"));
        value
            .as_array()
            .ok_or_else(bad)?
            .iter()
            .map(|scheme| scheme.as_str().ok_or_else(bad))
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }

    fn string_value(&self, id: &'static str) -> Result<Option<&str>, TraitValueError> {
        match self.get(id) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(other) => Err(invalid(id, format!("must be a string, found {other}"))),
        }
    }
}

fn invalid(trait_id: &'static str, reason: String) -> TraitValueError {
    TraitValueError { trait_id, reason }
}

fn required_string(
    trait_id: &'static str,
    value: &Value,
    key: &str,
) -> Result<String, TraitValueError> {
    match value.get(key) {
        Some(Value::String(s)) => Ok(s.clone()),
        Some(other) => Err(invalid(
            trait_id,
            format!("`{key}` must be a string, found {other}"),
        )),
        None => Err(invalid(trait_id, format!("needs `{key}`"))),
    }
}

fn status(trait_id: &'static str, value: &Value) -> Result<u16, TraitValueError> {
    value
        .as_u64()
        .and_then(|n| u16::try_from(n).ok())
        .filter(|n| (100..=999).contains(n))
        .ok_or_else(|| {
            invalid(
                trait_id,
                format!("status code must be 100 to 999, found {value}"),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn traits(pairs: &[(&str, Value)]) -> Traits {
        let mut traits = Traits::default();
        for (id, value) in pairs {
            traits
                .insert(id, value.clone())
                .unwrap_or_else(|e| panic!("{e}"));
        }
        traits
    }

    #[test]
    fn http_binding_traits() {
        let t = traits(&[
            (
                HTTP,
                json!({"method": "PUT", "uri": "/{Bucket}/{Key+}?x-id=Put", "code": 201}),
            ),
            ("smithy.api#httpLabel", json!({})),
            (HTTP_HEADER, json!("X-Amz-Meta")),
            (MEDIA_TYPE, json!("application/json")),
        ]);
        assert_eq!(
            t.http(),
            Ok(Some(HttpTrait {
                method: "PUT".into(),
                uri: "/{Bucket}/{Key+}?x-id=Put".into(),
                code: 201
            }))
        );
        assert!(t.http_label() && !t.http_payload() && !t.http_query_params());
        assert_eq!(t.http_header(), Ok(Some("X-Amz-Meta")));
        assert_eq!(t.http_query(), Ok(None));
        assert_eq!(t.media_type(), Ok(Some("application/json")));
        let default_code = traits(&[(HTTP, json!({"method": "GET", "uri": "/"}))]);
        assert_eq!(
            default_code.http().map(|h| h.map(|h| h.code)),
            Ok(Some(200))
        );
    }

    #[test]
    fn xml_and_query_traits() {
        let t = traits(&[
            (XML_NAME, json!("item")),
            ("smithy.api#xmlFlattened", json!({})),
            (
                XML_NAMESPACE,
                json!({"uri": "https://example.com/", "prefix": "ex"}),
            ),
            (
                AWS_QUERY_ERROR,
                json!({"code": "Busy", "httpResponseCode": 503}),
            ),
        ]);
        assert_eq!(t.xml_name(), Ok(Some("item")));
        assert!(t.xml_flattened() && !t.xml_attribute());
        assert_eq!(
            t.xml_namespace(),
            Ok(Some(XmlNamespace {
                uri: "https://example.com/".into(),
                prefix: Some("ex".into())
            }))
        );
        assert_eq!(
            t.aws_query_error(),
            Ok(Some(AwsQueryError {
                code: "Busy".into(),
                http_response_code: 503
            }))
        );
    }

    #[test]
    fn retryable_says_whether_it_is_throttling() {
        assert_eq!(traits(&[]).retryable(), Ok(None));
        assert_eq!(
            traits(&[(RETRYABLE, json!({}))]).retryable(),
            Ok(Some(false))
        );
        assert_eq!(
            traits(&[(RETRYABLE, json!({"throttling": true}))]).retryable(),
            Ok(Some(true))
        );
        assert_eq!(
            traits(&[(RETRYABLE, json!({"throttling": false}))]).retryable(),
            Ok(Some(false))
        );
    }

    #[test]
    fn auth_lists_schemes() {
        assert_eq!(traits(&[]).auth(), Ok(None));
        assert_eq!(traits(&[(AUTH, json!([]))]).auth(), Ok(Some(vec![])));
        assert_eq!(
            traits(&[(AUTH, json!(["aws.auth#sigv4", "aws.auth#sigv4a"]))]).auth(),
            Ok(Some(vec!["aws.auth#sigv4", "aws.auth#sigv4a"]))
        );
        let error = traits(&[(AUTH, json!(["a", 1]))]).auth().unwrap_err();
        assert_eq!(error.trait_id, AUTH);
    }

    #[test]
    fn malformed_values_name_the_trait() {
        for (id, value, reason) in [
            (HTTP, json!({"uri": "/"}), "needs `method`"),
            (
                HTTP,
                json!({"method": "GET", "uri": "x"}),
                "must start with `/`",
            ),
            (
                HTTP,
                json!({"method": "GET", "uri": "/", "code": 7}),
                "100 to 999",
            ),
            (HTTP_HEADER, json!(5), "must be a string"),
            (XML_NAMESPACE, json!({}), "needs `uri`"),
            (AWS_QUERY_ERROR, json!({"code": "X"}), "httpResponseCode"),
            (RETRYABLE, json!({"throttling": "yes"}), "must be a boolean"),
            (RETRYABLE, json!(true), "must be an object"),
        ] {
            let t = traits(&[(id, value)]);
            let error = match id {
                HTTP => t.http().err(),
                HTTP_HEADER => t.http_header().err(),
                XML_NAMESPACE => t.xml_namespace().err(),
                RETRYABLE => t.retryable().err(),
                _ => t.aws_query_error().err(),
            }
            .unwrap_or_else(|| panic!("{id} accepted"));
            assert_eq!(error.trait_id, id);
            assert!(error.to_string().contains(reason), "{error}");
        }
    }
}
