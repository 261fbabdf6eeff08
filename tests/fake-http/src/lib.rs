//! A scripted HTTP/1.1 server on 127.0.0.1 for tests: each connection gets the next reply
//! (the connection closes after it), and every request is recorded (method, path, headers,
//! body). It runs on the test's Tokio runtime and stops with it.
//!
//! The credentials tests of smithy-client (container, instance metadata) and of
//! smithy-credentials-sts (a fake STS) share it. The client's retry and hostile-server tests
//! use `tests/tests/common/fault_server.rs` instead, which resets and trickles.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the server does with one connection.
#[derive(Clone, Debug)]
pub enum Reply {
    /// A status and a body.
    Status(u16, String),
    /// Waits this long, then answers 200 with the body.
    Slow(Duration, String),
    /// A 200 whose body is this many bytes of `x`.
    Huge(usize),
    /// Answers nothing for this long, then closes the connection.
    Hang(Duration),
}

/// 200 with `body`.
pub fn ok(body: &str) -> Reply {
    Reply::Status(200, body.to_owned())
}

/// One request as it arrived.
#[derive(Clone, Debug)]
pub struct Request {
    pub method: String,
    pub path: String,
    /// Names lowercased, values as sent.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Request {
    /// The value of header `name` (lowercase).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// `METHOD path`.
    pub fn line(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

/// A running server.
pub struct Fake {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    requests: Arc<Mutex<Vec<Request>>>,
}

impl Fake {
    /// The requests so far, in the order they arrived.
    pub fn requests(&self) -> Vec<Request> {
        self.requests
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// `METHOD path` of each request so far.
    pub fn paths(&self) -> Vec<String> {
        self.requests().iter().map(Request::line).collect()
    }
}

/// Serves `replies` in order, one per connection; when they run out it answers 599, which
/// nothing retries.
pub async fn serve(replies: Vec<Reply>) -> Fake {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|e| panic!("bind 127.0.0.1: {e}"));
    let base = match listener.local_addr() {
        Ok(address) => format!("http://{address}"),
        Err(e) => panic!("address: {e}"),
    };
    let requests = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&requests);
    tokio::spawn(async move {
        let mut replies = replies.into_iter();
        while let Ok((stream, _)) = listener.accept().await {
            let reply = replies
                .next()
                .unwrap_or_else(|| Reply::Status(599, "no more replies".into()));
            tokio::spawn(answer(stream, reply, Arc::clone(&log)));
        }
    });
    Fake { base, requests }
}

/// Reads one request from `stream`, records it, and answers with `reply`.
async fn answer(mut stream: TcpStream, reply: Reply, log: Arc<Mutex<Vec<Request>>>) {
    let Some(request) = read_request(&mut stream).await else {
        return;
    };
    log.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .push(request);
    let (status, body) = match reply {
        Reply::Status(status, body) => (status, body.into_bytes()),
        Reply::Slow(delay, body) => {
            tokio::time::sleep(delay).await;
            (200, body.into_bytes())
        }
        Reply::Huge(size) => (200, vec![b'x'; size]),
        Reply::Hang(delay) => {
            tokio::time::sleep(delay).await;
            return;
        }
    };
    let head = format!(
        "HTTP/1.1 {status} X\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes()).await;
    let _ = stream.write_all(&body).await;
    let _ = stream.shutdown().await;
}

/// The head and the `content-length` bytes of body of one request; `None` if the connection
/// ends before the head does.
async fn read_request(stream: &mut TcpStream) -> Option<Request> {
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    let head_end = loop {
        if let Some(at) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break at;
        }
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => data.extend_from_slice(buf.get(..n)?),
        }
    };
    let head = String::from_utf8_lossy(data.get(..head_end)?).into_owned();
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
    let mut body = data.get(head_end + 4..).unwrap_or_default().to_vec();
    while body.len() < length {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => body.extend_from_slice(buf.get(..n)?),
        }
    }
    Some(Request {
        method,
        path,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}
