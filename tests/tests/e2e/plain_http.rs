//! A minimal blocking HTTP/1.1 client on `std::net::TcpStream` for the S3 side of the tests
//! (creating buckets, reading delivered objects), and its tests against canned responses,
//! which need no server. Firehose calls go through the generated client instead.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

/// Longest body the transcript on stderr shows (libtest prints it only for failed tests).
const TRANSCRIPT_LIMIT: usize = 2048;
const IO_TIMEOUT: Duration = Duration::from_secs(30);
/// Upper bound on what the client reads, so a broken server can't exhaust memory.
const MAX_HEAD: usize = 64 * 1024;
const MAX_BODY: usize = 16 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// A minimal blocking HTTP/1.1 client: one request per connection.
// ---------------------------------------------------------------------------------------------

/// Status, headers in order, and the body of a response.
#[derive(Debug)]
pub struct RawResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl RawResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

/// The value of the first header named `name` (any case) in `headers`.
pub fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Sends `request` to `authority` (`host:port`) and reads the whole response. Writes both to
/// stderr, which libtest shows for a failed test.
pub fn exchange(authority: &str, request: &http::Request<Vec<u8>>) -> Result<RawResponse, String> {
    let mut head = format!(
        "{} {} HTTP/1.1\r\n",
        request.method(),
        request.uri().path_and_query().map_or("/", |p| p.as_str())
    );
    if !request.headers().contains_key(http::header::HOST) {
        head.push_str(&format!("host: {authority}\r\n"));
    }
    for (name, value) in request.headers() {
        let value = value
            .to_str()
            .map_err(|_| format!("header {name} is not visible ASCII"))?;
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("connection: close\r\n\r\n");
    eprintln!(
        "> {head}{}",
        shorten(&String::from_utf8_lossy(request.body()))
    );

    let address = authority
        .to_socket_addrs()
        .map_err(|e| format!("cannot resolve {authority}: {e}"))?
        .next()
        .ok_or_else(|| format!("{authority} resolves to no address"))?;
    let io = |what: &'static str| move |e: std::io::Error| format!("{what} {authority}: {e}");
    let mut stream =
        TcpStream::connect_timeout(&address, IO_TIMEOUT).map_err(io("cannot connect to"))?;
    stream
        .set_read_timeout(Some(IO_TIMEOUT))
        .and_then(|()| stream.set_write_timeout(Some(IO_TIMEOUT)))
        .map_err(io("cannot set timeouts for"))?;
    stream
        .write_all(head.as_bytes())
        .and_then(|()| stream.write_all(request.body()))
        .and_then(|()| stream.flush())
        .map_err(io("cannot send to"))?;

    let response = read_response(
        &mut BufReader::new(stream),
        request.method() == http::Method::HEAD,
    )?;
    eprintln!(
        "< {}\r\n{}\n",
        response
            .headers
            .iter()
            .fold(format!("HTTP {}\r\n", response.status), |mut s, (n, v)| {
                s.push_str(&format!("{n}: {v}\r\n"));
                s
            }),
        shorten(&String::from_utf8_lossy(&response.body))
    );
    Ok(response)
}

fn shorten(text: &str) -> String {
    match text.char_indices().nth(TRANSCRIPT_LIMIT) {
        Some((cut, _)) => format!("{}... ({} bytes in all)", &text[..cut], text.len()),
        None => text.to_owned(),
    }
}

/// Reads one response: status line, headers, then a body framed by `Transfer-Encoding:
/// chunked`, `Content-Length`, or the end of the connection. Interim 1xx responses are skipped.
fn read_response(reader: &mut impl BufRead, head_only: bool) -> Result<RawResponse, String> {
    loop {
        let status_line = read_line(reader, MAX_HEAD)?;
        let status = parse_status_line(&status_line)?;
        let mut headers = Vec::new();
        let mut head_bytes = status_line.len();
        loop {
            let line = read_line(reader, MAX_HEAD)?;
            head_bytes += line.len();
            if head_bytes > MAX_HEAD {
                return Err(format!("response head is longer than {MAX_HEAD} bytes"));
            }
            if line.is_empty() {
                break;
            }
            let (name, value) = line
                .split_once(':')
                .ok_or_else(|| format!("malformed header line {line:?}"))?;
            headers.push((name.trim().to_owned(), value.trim().to_owned()));
        }
        if (100..200).contains(&status) {
            continue;
        }
        let mut response = RawResponse {
            status,
            headers,
            body: Vec::new(),
        };
        if head_only || status == 204 || status == 304 {
            return Ok(response);
        }
        let chunked = response.header("transfer-encoding").is_some_and(|te| {
            te.rsplit(',')
                .next()
                .is_some_and(|last| last.trim().eq_ignore_ascii_case("chunked"))
        });
        response.body = if chunked {
            read_chunked(reader)?
        } else if let Some(length) = response.header("content-length") {
            let length: usize = length
                .parse()
                .map_err(|_| format!("invalid Content-Length {length:?}"))?;
            if length > MAX_BODY {
                return Err(format!("Content-Length {length} is over {MAX_BODY} bytes"));
            }
            let mut body = vec![0; length];
            reader
                .read_exact(&mut body)
                .map_err(|e| format!("body shorter than its Content-Length {length}: {e}"))?;
            body
        } else {
            let mut body = Vec::new();
            reader
                .take(MAX_BODY as u64 + 1)
                .read_to_end(&mut body)
                .map_err(|e| format!("cannot read the body: {e}"))?;
            if body.len() > MAX_BODY {
                return Err(format!("body is over {MAX_BODY} bytes"));
            }
            body
        };
        return Ok(response);
    }
}

/// `HTTP/1.x NNN reason` to `NNN`.
fn parse_status_line(line: &str) -> Result<u16, String> {
    let mut parts = line.splitn(3, ' ');
    match (parts.next(), parts.next()) {
        (Some(version), Some(code))
            if version.starts_with("HTTP/1.")
                && code.len() == 3
                && code.bytes().all(|b| b.is_ascii_digit()) =>
        {
            code.parse()
                .map_err(|_| format!("malformed status line {line:?}"))
        }
        _ => Err(format!("malformed status line {line:?}")),
    }
}

fn read_chunked(reader: &mut impl BufRead) -> Result<Vec<u8>, String> {
    let mut body = Vec::new();
    loop {
        let line = read_line(reader, 1024)?;
        let size = line.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size, 16)
            .map_err(|_| format!("malformed chunk size line {line:?}"))?;
        if size == 0 {
            // Trailer fields, up to the empty line.
            while !read_line(reader, MAX_HEAD)?.is_empty() {}
            return Ok(body);
        }
        if size > MAX_BODY - body.len() {
            return Err(format!("chunked body is over {MAX_BODY} bytes"));
        }
        let start = body.len();
        body.resize(start + size, 0);
        reader
            .read_exact(&mut body[start..])
            .map_err(|e| format!("chunk shorter than its size {size}: {e}"))?;
        if !read_line(reader, 2)?.is_empty() {
            return Err("chunk data is not followed by CRLF".to_owned());
        }
    }
}

/// One line without its CRLF (a bare LF is accepted too). Errors at end of input.
fn read_line(reader: &mut impl BufRead, limit: usize) -> Result<String, String> {
    let mut line = Vec::new();
    let read = reader
        .take(limit as u64 + 2)
        .read_until(b'\n', &mut line)
        .map_err(|e| format!("cannot read the response: {e}"))?;
    if read == 0 {
        return Err("connection closed before the response was complete".to_owned());
    }
    if line.pop() != Some(b'\n') {
        return Err(format!("line longer than {limit} bytes or cut short"));
    }
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    String::from_utf8(line).map_err(|_| "response head is not UTF-8".to_owned())
}

// ---------------------------------------------------------------------------------------------
// The client against canned responses (no moto needed; these run in every `cargo test`).
// ---------------------------------------------------------------------------------------------

fn parse(bytes: &[u8]) -> Result<RawResponse, String> {
    read_response(&mut &bytes[..], false)
}

#[test]
fn client_reads_a_content_length_body_and_keeps_repeated_headers() {
    let r = parse(b"HTTP/1.1 200 OK\r\nA: 1\r\na: 2\r\nContent-Length: 5\r\n\r\nhelloEXTRA")
        .expect("valid response");
    assert_eq!(r.status, 200);
    assert_eq!(r.body, b"hello");
    assert_eq!(
        r.headers,
        [("A", "1"), ("a", "2"), ("Content-Length", "5")]
            .map(|(n, v)| (n.to_owned(), v.to_owned()))
    );
}

#[test]
fn client_decodes_a_chunked_body_with_extensions_and_trailers() {
    let raw = b"HTTP/1.1 400 Bad Request\r\nTransfer-Encoding: chunked\r\n\r\n\
                4;ext=1\r\n{\"a\"\r\nA\r\n:[1,2,3]}\n\r\n0\r\nx-trailer: t\r\n\r\n";
    let r = parse(raw).expect("valid chunked response");
    assert_eq!(r.status, 400);
    assert_eq!(r.body, b"{\"a\":[1,2,3]}\n");
}

#[test]
fn client_reads_to_the_end_without_framing_and_skips_interim_responses() {
    let raw = b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.0 200 OK\r\n\r\n{}";
    let r = parse(raw).expect("valid response");
    assert_eq!((r.status, r.body.as_slice()), (200, &b"{}"[..]));
}

#[test]
fn client_reports_malformed_responses_without_panicking() {
    for (raw, expected) in [
        (&b""[..], "connection closed"),
        (b"SSH-2.0-OpenSSH\r\n\r\n", "malformed status line"),
        (b"HTTP/1.1 2000 OK\r\n\r\n", "malformed status line"),
        (
            b"HTTP/1.1 200 OK\r\nno colon\r\n\r\n",
            "malformed header line",
        ),
        (
            b"HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n",
            "invalid Content-Length",
        ),
        (
            b"HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nshort",
            "shorter than",
        ),
        (
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            "chunk size",
        ),
        (
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab",
            "chunk shorter",
        ),
        (
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabcd\r\n0\r\n\r\n",
            "not followed by CRLF",
        ),
        (
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffff\r\n",
            "over",
        ),
        (
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffff\r\n",
            "over",
        ),
    ] {
        match parse(raw) {
            Ok(r) => panic!("{:?} parsed as {r:?}", String::from_utf8_lossy(raw)),
            Err(e) => assert!(
                e.contains(expected),
                "{:?}: {e}",
                String::from_utf8_lossy(raw)
            ),
        }
    }
}

#[test]
fn client_talks_to_a_server_on_loopback() {
    use std::net::TcpListener;
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    let authority = listener.local_addr().expect("local address").to_string();
    let server = std::thread::spawn(move || -> Result<String, std::io::Error> {
        let (mut stream, _) = listener.accept()?;
        let mut reader = BufReader::new(stream.try_clone()?);
        let mut head = String::new();
        while reader.read_line(&mut head)? > 2 {}
        let mut body = [0; 2];
        reader.read_exact(&mut body)?;
        stream.write_all(
            b"HTTP/1.1 200 OK\r\nx-amzn-requestid: r-1\r\nTransfer-Encoding: chunked\r\n\r\n\
              2\r\n{}\r\n0\r\n\r\n",
        )?;
        Ok(head)
    });
    let request = http::Request::builder()
        .method("POST")
        .uri(format!("http://{authority}/"))
        .header("content-length", "2")
        .body(b"{}".to_vec())
        .expect("valid request");
    let response = exchange(&authority, &request).expect("exchange");
    let head = server.join().expect("server thread").expect("server I/O");
    assert_eq!(response.status, 200);
    assert_eq!(response.header("X-Amzn-RequestId"), Some("r-1"));
    assert_eq!(response.body, b"{}");
    assert!(head.starts_with("POST / HTTP/1.1\r\n"), "{head}");
    assert!(head.contains(&format!("host: {authority}\r\n")), "{head}");
    assert!(head.contains("content-length: 2\r\n"), "{head}");
}
