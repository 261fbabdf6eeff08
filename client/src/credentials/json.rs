//! The JSON documents credentials come in: the container and instance-metadata endpoints'
//! (`AccessKeyId`, `SecretAccessKey`, `Token`, `Expiration`, and `Code`/`Message` on errors)
//! and `credential_process` output (`Version: 1`, `SessionToken`, optional `Expiration`).
//! Keys are case-insensitive, as the SDKs read them; unknown keys are skipped.
//!
//! Error texts name fields, never values.

use std::time::SystemTime;

use smithy_rt::json::de::JsonReader;
use smithy_rt::{DateTime, TimestampFormat};

use super::Credentials;

/// The fields of a credentials document that any of the formats use.
#[derive(Default)]
struct Fields {
    version: Option<i64>,
    code: Option<String>,
    message: Option<String>,
    access_key_id: Option<String>,
    secret_access_key: Option<String>,
    token: Option<String>,
    session_token: Option<String>,
    expiration: Option<String>,
}

fn fields(body: &[u8]) -> Result<Fields, String> {
    let invalid = |e: smithy_rt::json::de::DeError| match e.offset() {
        Some(offset) => format!("the response is not a valid JSON object (at byte {offset})"),
        None => "the response is not a valid JSON object".to_owned(),
    };
    let mut reader = JsonReader::new(body);
    if !reader.begin_object().map_err(invalid)? {
        return Err("the response is `null`, not a JSON object".to_owned());
    }
    let mut fields = Fields::default();
    while let Some(key) = reader.next_key().map_err(invalid)? {
        let slot = match key.to_ascii_lowercase().as_str() {
            "version" => {
                fields.version = reader
                    .i64()
                    .map_err(|_| "`Version` is not an integer".to_owned())?;
                continue;
            }
            "code" => &mut fields.code,
            "message" => &mut fields.message,
            "accesskeyid" => &mut fields.access_key_id,
            "secretaccesskey" => &mut fields.secret_access_key,
            "token" => &mut fields.token,
            "sessiontoken" => &mut fields.session_token,
            "expiration" => &mut fields.expiration,
            _ => {
                reader.skip_value().map_err(invalid)?;
                continue;
            }
        };
        *slot = reader
            .string()
            .map_err(|_| format!("`{key}` is not a string"))?
            .filter(|value| !value.is_empty());
    }
    reader.finish().map_err(invalid)?;
    Ok(fields)
}

fn required(value: Option<String>, name: &str) -> Result<String, String> {
    value.ok_or_else(|| format!("`{name}` is missing"))
}

/// An RFC 3339 date-time, with `Z` or an offset.
fn expiration(text: &str) -> Result<SystemTime, String> {
    DateTime::from_str(text, TimestampFormat::DateTimeWithOffset)
        .ok()
        .and_then(|t| SystemTime::try_from(t).ok())
        .ok_or_else(|| "`Expiration` is not an RFC 3339 date-time".to_owned())
}

/// The container and instance-metadata format: temporary credentials with an expiry; a
/// `Code` other than `Success` is the service's error.
#[cfg_attr(not(feature = "hyper"), allow(dead_code))]
pub(crate) fn endpoint_credentials(body: &[u8]) -> Result<Credentials, String> {
    let fields = fields(body)?;
    if let Some(code) = fields.code.as_deref().filter(|c| *c != "Success") {
        return Err(format!(
            "the endpoint answered {code}: {}",
            fields.message.as_deref().unwrap_or("(no message)")
        ));
    }
    let expiry = expiration(&required(fields.expiration, "Expiration")?)?;
    Ok(Credentials::new(
        required(fields.access_key_id, "AccessKeyId")?,
        required(fields.secret_access_key, "SecretAccessKey")?,
        Some(required(fields.token, "Token")?),
    )
    .with_expiry(expiry))
}

/// The `credential_process` format: `Version` 1, a key pair, optionally `SessionToken` and
/// `Expiration` (without one the credentials are long-term).
pub(crate) fn process_credentials(body: &[u8]) -> Result<Credentials, String> {
    let fields = fields(body)?;
    match fields.version {
        Some(1) => {}
        Some(other) => return Err(format!("`Version` is {other}; only 1 is supported")),
        None => return Err("the output has no `Version` (must be 1)".to_owned()),
    }
    let credentials = Credentials::new(
        required(fields.access_key_id, "AccessKeyId")?,
        required(fields.secret_access_key, "SecretAccessKey")?,
        fields.session_token,
    );
    match fields.expiration {
        Some(text) => Ok(credentials.with_expiry(expiration(&text)?)),
        None => Ok(credentials),
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use super::*;

    #[test]
    fn endpoint_documents() {
        let body = br#"{
            "Code" : "Success",
            "LastUpdated" : "2021-09-17T20:57:08Z",
            "Type" : "AWS-HMAC",
            "accesskeyid" : "ASIAEXAMPLE",
            "SecretAccessKey" : "secret",
            "Token" : "token",
            "Expiration" : "2021-09-18T03:31:56Z",
            "Nested": {"a": [1, 2, {"b": null}]}
        }"#;
        let c = endpoint_credentials(body).unwrap();
        assert_eq!(c.access_key_id(), "ASIAEXAMPLE");
        assert_eq!(c.as_sigv4().secret_access_key(), "secret");
        assert_eq!(c.as_sigv4().session_token(), Some("token"));
        assert_eq!(
            c.expiry(),
            Some(UNIX_EPOCH + Duration::from_secs(1_631_935_916))
        );
        // No `Code` is fine (ECS sends none).
        let ecs = br#"{"AccessKeyId":"A","SecretAccessKey":"S","Token":"T","Expiration":"2009-02-13T23:31:30Z","RoleArn":"arn"}"#;
        assert_eq!(
            endpoint_credentials(ecs).unwrap().expiry(),
            Some(UNIX_EPOCH + Duration::from_secs(1_234_567_890))
        );
    }

    #[test]
    fn endpoint_errors_name_fields_not_values() {
        for (body, expected) in [
            (
                &br#"{"Code":"AssumeRoleUnauthorizedAccess","Message":"EC2 cannot assume the role"}"#[..],
                "the endpoint answered AssumeRoleUnauthorizedAccess: EC2 cannot assume the role",
            ),
            (br#"{"AccessKeyId":"A","Token":"SECRET","Expiration":"2021-09-18T03:31:56Z"}"#, "`SecretAccessKey` is missing"),
            (br#"{"AccessKeyId":"A","SecretAccessKey":"SECRET","Expiration":"2021-09-18T03:31:56Z"}"#, "`Token` is missing"),
            (br#"{"AccessKeyId":"A","SecretAccessKey":"SECRET","Token":"T"}"#, "`Expiration` is missing"),
            (br#"{"AccessKeyId":"A","SecretAccessKey":"SECRET","Token":"T","Expiration":"SECRET"}"#, "`Expiration` is not an RFC 3339 date-time"),
            (br#"{"AccessKeyId":7,"SecretAccessKey":"SECRET"}"#, "`AccessKeyId` is not a string"),
            (b"404 - SECRET not found", "the response is not a valid JSON object (at byte 0)"),
            (br#"{"SecretAccessKey":"SECRET""#, "the response is not a valid JSON object"),
            (br#"{"SecretAccessKey":"SECRET"} trailing"#, "the response is not a valid JSON object"),
            (b"null", "the response is `null`, not a JSON object"),
            (b"[1]", "the response is not a valid JSON object (at byte 0)"),
        ] {
            let error = endpoint_credentials(body).err().unwrap_or_else(|| {
                panic!("{} parsed", String::from_utf8_lossy(body))
            });
            assert!(error.starts_with(expected), "{error}");
            assert!(!error.contains("SECRET"), "{error}");
        }
    }

    #[test]
    fn process_documents() {
        let full = br#"{"Version": 1, "AccessKeyId": "AKID", "SecretAccessKey": "S",
            "SessionToken": "T", "Expiration": "2022-05-02T18:36:00+02:00"}"#;
        let c = process_credentials(full).unwrap();
        assert_eq!(c.as_sigv4().session_token(), Some("T"));
        // The offset is applied: 16:36 UTC.
        assert_eq!(
            c.expiry(),
            Some(UNIX_EPOCH + Duration::from_secs(1_651_509_360))
        );
        let long_term =
            process_credentials(br#"{"Version":1,"AccessKeyId":"A","SecretAccessKey":"S"}"#)
                .unwrap();
        assert!(!long_term.has_session_token());
        assert_eq!(long_term.expiry(), None);
        for (body, expected) in [
            (
                &br#"{"AccessKeyId":"A","SecretAccessKey":"S"}"#[..],
                "the output has no `Version` (must be 1)",
            ),
            (
                br#"{"Version":2,"AccessKeyId":"A","SecretAccessKey":"S"}"#,
                "`Version` is 2; only 1 is supported",
            ),
            (
                br#"{"Version":"1","AccessKeyId":"A","SecretAccessKey":"S"}"#,
                "`Version` is not an integer",
            ),
            (
                br#"{"Version":1,"SecretAccessKey":"S"}"#,
                "`AccessKeyId` is missing",
            ),
        ] {
            assert_eq!(process_credentials(body).err().as_deref(), Some(expected));
        }
    }
}
