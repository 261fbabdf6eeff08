//! A fault-injecting HTTP/1.1 server on 127.0.0.1 for the client tests: each request gets the
//! next scripted behaviour (the last one repeats), and every request is recorded with the time
//! it arrived. Blocking sockets, a thread per connection; stopped when dropped.

#![allow(dead_code, reason = "each test binary uses part of it")]

use std::collections::VecDeque;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// What the server does with one request.
#[derive(Clone, Debug)]
pub enum Fault {
    /// Answers with this status, headers and body (keeps the connection open).
    Respond {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// Resets the connection (RST) instead of answering.
    Reset,
    /// Never answers; holds the connection until the server stops.
    Silent,
    /// Answers `response` (raw bytes) one byte at a time, `every` apart.
    Trickle { response: Vec<u8>, every: Duration },
    /// Answers 200 with a chunked body that never ends (64 KiB chunks, as fast as read).
    Endless,
}

impl Fault {
    /// `status` with an awsJson error body of code `code` (no body when `code` is empty).
    pub fn error(status: u16, code: &str) -> Self {
        let body = if code.is_empty() {
            Vec::new()
        } else {
            format!(r#"{{"__type":"{code}","message":"scripted {code}"}}"#).into_bytes()
        };
        Fault::Respond {
            status,
            headers: vec![("x-amzn-requestid".into(), format!("rid-{status}"))],
            body,
        }
    }

    /// 200 with `body`.
    pub fn ok(body: &str) -> Self {
        Fault::Respond {
            status: 200,
            headers: vec![("x-amzn-requestid".into(), "rid-ok".into())],
            body: body.as_bytes().to_vec(),
        }
    }
}

/// One request as it arrived.
#[derive(Clone, Debug)]
pub struct Received {
    pub at: Instant,
    pub head: String,
    pub body: Vec<u8>,
}

impl Received {
    /// The value of header `name` (lowercase).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.trim().eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

struct Shared {
    script: Mutex<VecDeque<Fault>>,
    received: Mutex<Vec<Received>>,
    stop: AtomicBool,
    accepted: AtomicUsize,
}

pub struct FaultServer {
    pub address: SocketAddr,
    shared: Arc<Shared>,
    acceptor: Option<thread::JoinHandle<()>>,
}

impl FaultServer {
    pub fn start(script: impl IntoIterator<Item = Fault>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let address = listener.local_addr().expect("address");
        let shared = Arc::new(Shared {
            script: Mutex::new(script.into_iter().collect()),
            received: Mutex::new(Vec::new()),
            stop: AtomicBool::new(false),
            accepted: AtomicUsize::new(0),
        });
        let s = Arc::clone(&shared);
        let acceptor = thread::spawn(move || {
            for stream in listener.incoming() {
                if s.stop.load(Ordering::SeqCst) {
                    return;
                }
                let Ok(stream) = stream else { continue };
                s.accepted.fetch_add(1, Ordering::SeqCst);
                let s = Arc::clone(&s);
                thread::spawn(move || serve(stream, &s));
            }
        });
        Self {
            address,
            shared,
            acceptor: Some(acceptor),
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    pub fn received(&self) -> Vec<Received> {
        self.shared.received.lock().unwrap().clone()
    }

    pub fn requests(&self) -> usize {
        self.shared.received.lock().unwrap().len()
    }

    pub fn connections(&self) -> usize {
        self.shared.accepted.load(Ordering::SeqCst)
    }

    /// Times between consecutive requests.
    pub fn gaps(&self) -> Vec<Duration> {
        let received = self.received();
        received.windows(2).map(|w| w[1].at - w[0].at).collect()
    }
}

impl Drop for FaultServer {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        // Wake the acceptor so it sees the flag.
        let _ = TcpStream::connect(self.address);
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
    }
}

fn next_fault(shared: &Shared) -> Fault {
    let mut script = shared.script.lock().unwrap();
    if script.len() > 1 {
        script.pop_front().expect("non-empty")
    } else {
        script.front().cloned().unwrap_or(Fault::Silent)
    }
}

/// Reads one request; `None` when the client closed or the server stops.
fn read_request(stream: &mut TcpStream, shared: &Shared) -> Option<Received> {
    stream
        .set_read_timeout(Some(Duration::from_millis(50)))
        .ok()?;
    let mut seen = Vec::new();
    let mut buf = [0u8; 64 * 1024];
    loop {
        if shared.stop.load(Ordering::SeqCst) {
            return None;
        }
        match stream.read(&mut buf) {
            Ok(0) => return None,
            Ok(n) => seen.extend_from_slice(&buf[..n]),
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                continue;
            }
            Err(_) => return None,
        }
        let Some(end) = seen.windows(4).position(|w| w == b"\r\n\r\n") else {
            continue;
        };
        let head = String::from_utf8_lossy(&seen[..end]).into_owned();
        let length: usize = head
            .lines()
            .find_map(|l| {
                let (n, v) = l.split_once(':')?;
                n.eq_ignore_ascii_case("content-length")
                    .then(|| v.trim().parse().ok())?
            })
            .unwrap_or(0);
        if seen.len() >= end + 4 + length {
            return Some(Received {
                at: Instant::now(),
                head,
                body: seen[end + 4..end + 4 + length].to_vec(),
            });
        }
    }
}

fn serve(mut stream: TcpStream, shared: &Shared) {
    while let Some(request) = read_request(&mut stream, shared) {
        shared.received.lock().unwrap().push(request);
        match next_fault(shared) {
            Fault::Respond {
                status,
                headers,
                body,
            } => {
                let mut response = format!("HTTP/1.1 {status} Scripted\r\n");
                for (name, value) in &headers {
                    response.push_str(&format!("{name}: {value}\r\n"));
                }
                response.push_str(&format!("content-length: {}\r\n\r\n", body.len()));
                let mut bytes = response.into_bytes();
                bytes.extend_from_slice(&body);
                if stream.write_all(&bytes).is_err() {
                    return;
                }
            }
            Fault::Reset => {
                let _ = socket2::SockRef::from(&stream).set_linger(Some(Duration::ZERO));
                return; // dropped with linger 0: RST
            }
            Fault::Silent => {
                while !shared.stop.load(Ordering::SeqCst) {
                    thread::sleep(Duration::from_millis(20));
                }
                return;
            }
            Fault::Trickle { response, every } => {
                for byte in response {
                    if shared.stop.load(Ordering::SeqCst) || stream.write_all(&[byte]).is_err() {
                        return;
                    }
                    thread::sleep(every);
                }
            }
            Fault::Endless => {
                let head = "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n";
                if stream.write_all(head.as_bytes()).is_err() {
                    return;
                }
                let chunk = vec![b'x'; 64 * 1024];
                let mut frame = format!("{:x}\r\n", chunk.len()).into_bytes();
                frame.extend_from_slice(&chunk);
                frame.extend_from_slice(b"\r\n");
                while !shared.stop.load(Ordering::SeqCst) {
                    if stream.write_all(&frame).is_err() {
                        return;
                    }
                }
                return;
            }
        }
    }
}
