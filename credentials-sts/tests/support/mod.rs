//! The fake STS: `fake_http`'s scripted server, the form fields of what it received, and the
//! XML documents STS answers with.

// Each test binary uses a part.
#![allow(dead_code)]

use std::time::{Duration, SystemTime};

use aws_smithy_types::DateTime;
use aws_smithy_types::date_time::Format;
pub use fake_http::{Reply, Request, serve};

/// Strings the tests use as secrets: none may show in any message or `Debug`.
pub const SECRETS: [&str; 4] = [
    "SOURCESECRET",
    "SOURCETOKEN",
    "ROLESECRET",
    "WEBIDENTITYTOKEN",
];

/// The form fields of a request's body.
pub trait Form {
    /// The decoded value of form field `name`.
    fn form(&self, name: &str) -> Option<String>;
}

impl Form for Request {
    fn form(&self, name: &str) -> Option<String> {
        self.body.split('&').find_map(|pair| {
            let (key, value) = pair.split_once('=')?;
            (key == name).then(|| decode(value))
        })
    }
}

fn decode(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
                out.push(u8::from_str_radix(hex, 16).unwrap());
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap()
}

/// STS over the fake at `base`, retrying as the standard mode does but with waits of a
/// millisecond or two.
pub fn sts_at(base: &str) -> smithy_credentials_sts::Sts {
    smithy_credentials_sts::Sts::new()
        .with_endpoint(base)
        .with_retry_config(
            smithy_client::RetryConfig::standard().with_initial_backoff(Duration::from_millis(1)),
        )
}

/// RFC 3339 for `now + seconds`.
pub fn expires_in(seconds: u64) -> String {
    DateTime::from(SystemTime::now() + Duration::from_secs(seconds))
        .fmt(Format::DateTime)
        .unwrap()
}

/// A successful answer of `operation` (`AssumeRole`, `AssumeRoleWithWebIdentity`) with
/// key id `key_id` expiring at `expiration`, for the role `arn` (`arn:aws:iam::ACCOUNT:role/NAME`).
pub fn credentials_answer(operation: &str, key_id: &str, expiration: &str, arn: &str) -> String {
    let assumed = arn
        .replace(":iam::", ":sts::")
        .replace(":role/", ":assumed-role/");
    format!(
        r#"<{operation}Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <{operation}Result>
    <Credentials>
      <AccessKeyId>{key_id}</AccessKeyId>
      <SecretAccessKey>ROLESECRET-{key_id}</SecretAccessKey>
      <SessionToken>ROLESECRET-token-{key_id}</SessionToken>
      <Expiration>{expiration}</Expiration>
    </Credentials>
    <AssumedRoleUser>
      <AssumedRoleId>AROA1:s</AssumedRoleId>
      <Arn>{assumed}/s</Arn>
    </AssumedRoleUser>
  </{operation}Result>
  <ResponseMetadata><RequestId>ok-1</RequestId></ResponseMetadata>
</{operation}Response>"#
    )
}

/// A 200 with [`credentials_answer`], expiring `seconds` from now.
pub fn granted(operation: &str, key_id: &str, seconds: u64, arn: &str) -> Reply {
    Reply::Status(
        200,
        credentials_answer(operation, key_id, &expires_in(seconds), arn),
    )
}

/// An STS error answer.
pub fn error_answer(code: &str, message: &str) -> String {
    format!(
        "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error>\
         <Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error>\
         <RequestId>err-1</RequestId></ErrorResponse>"
    )
}

/// `text`, after checking that it shows none of [`SECRETS`].
#[track_caller]
pub fn checked(text: String) -> String {
    for secret in SECRETS {
        assert!(!text.contains(secret), "{secret} shows in {text}");
    }
    text
}
