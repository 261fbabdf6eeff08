//! Checksums of a built request's body, added as headers: `Content-MD5` for operations with
//! `@httpChecksumRequired` (feature `md5`), and a SHA-256 with a SHA-256 tree hash for services
//! that want both (feature `sha256`, set per operation in `codegen.json`). Each is computed over
//! the body as sent (after any compression) and leaves a header the caller already set alone.

use crate::HttpRequest;
use crate::error::BuildError;

/// Adds `Content-MD5`: the base64 MD5 digest of the body.
#[cfg(feature = "md5")]
pub fn content_md5(request: &mut HttpRequest) -> Result<(), BuildError> {
    use md5::Digest as _;
    let digest = md5::Md5::digest(request.body().as_bytes());
    let value = base64_simd::STANDARD.encode_to_string(digest.as_slice());
    crate::request::default_header(request, "Content-MD5", &value)
}

/// Size of the chunks a SHA-256 tree hash is built from: 1 MiB.
#[cfg(feature = "sha256")]
pub const TREE_HASH_CHUNK: usize = 1024 * 1024;

/// Adds the hex SHA-256 of the body under `sha256_header` and its SHA-256 tree hash (the
/// digests of 1 MiB chunks, combined pairwise up to one) under `tree_hash_header`.
#[cfg(feature = "sha256")]
pub fn sha256_tree_hash(
    request: &mut HttpRequest,
    sha256_header: &str,
    tree_hash_header: &str,
) -> Result<(), BuildError> {
    let (linear, tree) = sha256_and_tree_hash(request.body().as_bytes());
    crate::request::default_header(request, sha256_header, &hex(&linear))?;
    crate::request::default_header(request, tree_hash_header, &hex(&tree))
}

/// The SHA-256 of `body` and its tree hash.
#[cfg(feature = "sha256")]
pub fn sha256_and_tree_hash(body: &[u8]) -> ([u8; 32], [u8; 32]) {
    use sha2::{Digest as _, Sha256};
    let linear: [u8; 32] = Sha256::digest(body).into();
    let mut level: Vec<[u8; 32]> = if body.len() <= TREE_HASH_CHUNK {
        vec![linear]
    } else {
        body.chunks(TREE_HASH_CHUNK)
            .map(|chunk| Sha256::digest(chunk).into())
            .collect()
    };
    while level.len() > 1 {
        level = level
            .chunks(2)
            .map(|pair| match pair {
                [a, b] => {
                    let mut hasher = Sha256::new();
                    hasher.update(a);
                    hasher.update(b);
                    hasher.finalize().into()
                }
                // An odd digest out moves up a level as it is.
                [a] => *a,
                _ => [0; 32],
            })
            .collect();
    }
    (linear, level.first().copied().unwrap_or(linear))
}

#[cfg(feature = "sha256")]
fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(crate::json::ser::hex_digit(b >> 4));
        out.push(crate::json::ser::hex_digit(*b));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(body: &str) -> HttpRequest {
        let raw = http::Request::builder()
            .uri("https://example.com/")
            .body(crate::RequestBody::from(body.to_owned()))
            .unwrap_or_else(|e| panic!("{e}"));
        HttpRequest::try_from(raw).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn content_md5_is_base64_of_the_digest() {
        let mut r = request(r#"{"foo":"base64 encoded md5 checksum"}"#);
        content_md5(&mut r).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            r.headers().get("content-md5"),
            Some("iB0/3YSo7maijL0IGOgA9g==")
        );
    }

    #[test]
    fn tree_hash_of_one_chunk_is_the_sha256() {
        let mut r = request("hello world");
        sha256_tree_hash(&mut r, "X-Amz-Content-Sha256", "X-Amz-Sha256-Tree-Hash")
            .unwrap_or_else(|e| panic!("{e}"));
        let expected = "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9";
        assert_eq!(r.headers().get("x-amz-content-sha256"), Some(expected));
        assert_eq!(r.headers().get("x-amz-sha256-tree-hash"), Some(expected));
    }

    #[test]
    fn tree_hash_combines_chunk_digests_pairwise() {
        use sha2::{Digest as _, Sha256};
        // Three chunks: ((h0 h1) h2).
        let body: Vec<u8> = (0..TREE_HASH_CHUNK * 2 + 5)
            .map(|i| (i % 251) as u8)
            .collect();
        let digest = |parts: &[&[u8]]| -> [u8; 32] {
            let mut h = Sha256::new();
            for p in parts {
                h.update(p);
            }
            h.finalize().into()
        };
        let (h0, h1, h2) = (
            digest(&[&body[..TREE_HASH_CHUNK]]),
            digest(&[&body[TREE_HASH_CHUNK..TREE_HASH_CHUNK * 2]]),
            digest(&[&body[TREE_HASH_CHUNK * 2..]]),
        );
        let expected = digest(&[&digest(&[&h0, &h1]), &h2]);
        let (linear, tree) = sha256_and_tree_hash(&body);
        assert_eq!(tree, expected);
        assert_eq!(linear, digest(&[&body]));
    }

    #[test]
    fn a_header_the_caller_set_is_kept() {
        let mut r = request("hello world");
        r.headers_mut().insert("x-amz-sha256-tree-hash", "given");
        sha256_tree_hash(&mut r, "X-Amz-Content-Sha256", "X-Amz-Sha256-Tree-Hash")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(r.headers().get("x-amz-sha256-tree-hash"), Some("given"));
    }
}
