//! The fixed-reply server: HTTP/1.1 keep-alive on 127.0.0.1, every request (read whole, then
//! dropped) gets the same 200 PutRecordBatch answer. Prints `PORT <n>` when ready. One thread,
//! so that it takes at most one core from the clients.

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let body = load::response_body();
    let response: &'static [u8] = Box::leak(
        format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/x-amz-json-1.1\r\nx-amzn-requestid: 00000000-0000-4000-8000-000000000000\r\ncontent-length: {}\r\n\r\n{body}",
            body.len()
        )
        .into_bytes()
        .into_boxed_slice(),
    );
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    println!("PORT {}", listener.local_addr().expect("address").port());
    loop {
        let Ok((stream, _)) = listener.accept().await else { continue };
        let _ = stream.set_nodelay(true);
        tokio::spawn(async move {
            let mut stream = BufReader::with_capacity(256 * 1024, stream);
            let mut line = String::new();
            let mut sink = vec![0u8; 256 * 1024];
            loop {
                let mut length = 0usize;
                loop {
                    line.clear();
                    match stream.read_line(&mut line).await {
                        Ok(0) | Err(_) => return,
                        Ok(_) => {}
                    }
                    if line == "\r\n" {
                        break;
                    }
                    if let Some((name, value)) = line.split_once(':') {
                        if name.eq_ignore_ascii_case("content-length") {
                            length = value.trim().parse().unwrap_or(0);
                        }
                    }
                }
                while length > 0 {
                    let n = length.min(sink.len());
                    if stream.read_exact(&mut sink[..n]).await.is_err() {
                        return;
                    }
                    length -= n;
                }
                if stream.get_mut().write_all(response).await.is_err() {
                    return;
                }
            }
        });
    }
}
