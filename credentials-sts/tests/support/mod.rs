//! A fake STS on 127.0.0.1: it answers scripted replies in order and records each request
//! (method, path, headers, form body); and the XML documents STS answers with.

// Each test binary uses a part.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use aws_smithy_types::DateTime;
use aws_smithy_types::date_time::Format;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// Strings the tests use as secrets: none may show in any message or `Debug`.
pub const SECRETS: [&str; 4] = [
    "SOURCESECRET",
    "SOURCETOKEN",
    "ROLESECRET",
    "WEBIDENTITYTOKEN",
];

/// One request the fake saw.
#[derive(Clone, Debug)]
pub struct Seen {
    pub method: String,
    pub path: String,
    /// Names lowercased.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The decoded value of form field `name`.
    pub fn form(&self, name: &str) -> Option<String> {
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

/// What the fake answers one request with.
#[derive(Clone)]
pub enum Reply {
    /// A status and a body.
    Answer(u16, String),
    /// No answer for this long, then close.
    Hang(Duration),
}

pub struct FakeSts {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl FakeSts {
    /// The requests so far.
    pub fn requests(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
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

/// Serves `replies` in order, one per connection; when they run out it answers 599 (which
/// no one retries).
pub async fn serve(replies: Vec<Reply>) -> FakeSts {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    tokio::spawn(async move {
        let mut replies = replies.into_iter();
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            let reply = replies
                .next()
                .unwrap_or_else(|| Reply::Answer(599, "no more replies".into()));
            let log = Arc::clone(&log);
            tokio::spawn(async move {
                let mut data = Vec::new();
                let mut buf = [0u8; 4096];
                let head_end = loop {
                    if let Some(at) = data.windows(4).position(|w| w == b"\r\n\r\n") {
                        break at;
                    }
                    match stream.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => data.extend_from_slice(&buf[..n]),
                    }
                };
                let head = String::from_utf8_lossy(&data[..head_end]).into_owned();
                let mut lines = head.lines();
                let mut first = lines.next().unwrap_or_default().split(' ');
                let method = first.next().unwrap_or_default().to_owned();
                let path = first.next().unwrap_or_default().to_owned();
                let headers: Vec<(String, String)> = lines
                    .filter_map(|l| l.split_once(':'))
                    .map(|(n, v)| (n.trim().to_lowercase(), v.trim().to_owned()))
                    .collect();
                let length: usize = headers
                    .iter()
                    .find(|(n, _)| n == "content-length")
                    .and_then(|(_, v)| v.parse().ok())
                    .unwrap_or(0);
                let mut body = data[head_end + 4..].to_vec();
                while body.len() < length {
                    match stream.read(&mut buf).await {
                        Ok(0) | Err(_) => break,
                        Ok(n) => body.extend_from_slice(&buf[..n]),
                    }
                }
                log.lock().unwrap().push(Seen {
                    method,
                    path,
                    headers,
                    body: String::from_utf8_lossy(&body).into_owned(),
                });
                let (status, body) = match reply {
                    Reply::Answer(status, body) => (status, body),
                    Reply::Hang(delay) => {
                        tokio::time::sleep(delay).await;
                        return;
                    }
                };
                let head = format!(
                    "HTTP/1.1 {status} X\r\ncontent-type: text/xml\r\ncontent-length: {}\r\n\
                     x-amzn-requestid: req-{status}\r\nconnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(head.as_bytes()).await;
                let _ = stream.write_all(body.as_bytes()).await;
                let _ = stream.shutdown().await;
            });
        }
    });
    FakeSts { base, seen }
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
