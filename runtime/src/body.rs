//! The body of an [`HttpRequest`](crate::HttpRequest): bytes in memory whose `Debug` shows
//! only their length.
//!
//! A request body holds every member of the input, `@sensitive` ones included (a Redshift
//! password, an HTTP endpoint access key). The generic request type derives `Debug` and would
//! print the body, so the body type is ours and prints `RequestBody(<n> bytes)`.

use std::fmt;

use bytes::Bytes;

use crate::HttpRequest;

/// The bytes of a request body. Cloning shares them (no copy), so a retried request sends the
/// very bytes the first attempt sent.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct RequestBody(Bytes);

impl RequestBody {
    /// The body's bytes. Always `Some`: request bodies are in memory. (The `Option` keeps the
    /// signature of `SdkBody::bytes`, which code written against the SDK types calls.)
    pub fn bytes(&self) -> Option<&[u8]> {
        Some(&self.0)
    }

    /// The body's bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The body's length in bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the body is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The shared bytes, for a transport to send without copying them.
    pub fn into_bytes(self) -> Bytes {
        self.0
    }
}

impl fmt::Debug for RequestBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RequestBody({} bytes)", self.0.len())
    }
}

impl From<Bytes> for RequestBody {
    fn from(bytes: Bytes) -> Self {
        Self(bytes)
    }
}

impl From<Vec<u8>> for RequestBody {
    fn from(bytes: Vec<u8>) -> Self {
        Self(Bytes::from(without_spare(bytes)))
    }
}

/// `bytes` without most of its spare capacity. A serializer's buffer grows by doubling, so up
/// to half of it can be spare, and a body lives until its call ends (all attempts); shrinking
/// a large allocation is done in place by the allocator.
fn without_spare(mut bytes: Vec<u8>) -> Vec<u8> {
    if bytes.capacity() - bytes.len() > bytes.len() / 16 {
        bytes.shrink_to_fit();
    }
    bytes
}

impl From<String> for RequestBody {
    fn from(text: String) -> Self {
        Self::from(text.into_bytes())
    }
}

impl From<&'static str> for RequestBody {
    fn from(text: &'static str) -> Self {
        Self(Bytes::from_static(text.as_bytes()))
    }
}

/// `try_clone` for [`HttpRequest`], as `aws-smithy-runtime-api` has it for requests over an
/// `SdkBody`. The copy shares the body's bytes.
pub trait TryCloneRequest {
    /// A copy of the method, URI, headers and body (extensions are not copied); `None` only if
    /// the method or URI no longer parse, which a request built by this crate never does.
    fn try_clone(&self) -> Option<HttpRequest>;
}

impl TryCloneRequest for HttpRequest {
    fn try_clone(&self) -> Option<HttpRequest> {
        let mut copy = HttpRequest::new(self.body().clone());
        copy.set_method(self.method()).ok()?;
        copy.set_uri(self.uri()).ok()?;
        *copy.headers_mut() = self.headers().clone();
        Some(copy)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_shows_the_length_only() {
        let body = RequestBody::from(r#"{"Password":"hunter2"}"#.to_owned());
        assert_eq!(format!("{body:?}"), "RequestBody(22 bytes)");
        assert_eq!(body.bytes(), Some(&br#"{"Password":"hunter2"}"#[..]));
    }

    #[test]
    fn spare_capacity_is_given_back() {
        let mut text = String::with_capacity(1 << 20);
        text.push_str(&"x".repeat(600_000));
        let trimmed = without_spare(text.into_bytes());
        assert_eq!(trimmed.len(), 600_000);
        assert!(
            trimmed.capacity() < 600_000 + 600_000 / 16,
            "{}",
            trimmed.capacity()
        );
        // Little spare: left alone.
        let mut small = Vec::with_capacity(1000);
        small.extend_from_slice(&[1u8; 990]);
        assert_eq!(without_spare(small).capacity(), 1000);
    }

    #[test]
    fn clones_share_the_bytes() {
        let body = RequestBody::from(vec![1u8; 1024]);
        let copy = body.clone();
        assert_eq!(body.as_bytes().as_ptr(), copy.as_bytes().as_ptr());
        assert_eq!(copy.into_bytes().len(), 1024);
    }

    #[test]
    fn requests_clone_with_their_headers_and_shared_body() {
        let mut request = HttpRequest::new(RequestBody::from("{}"));
        request.set_method("POST").unwrap();
        request.set_uri("https://example.com:8443/a/").unwrap();
        request.headers_mut().insert("x-amz-target", "T.Op");
        let copy = request.try_clone().unwrap();
        assert_eq!(copy.method(), "POST");
        assert_eq!(copy.uri(), "https://example.com:8443/a/");
        assert_eq!(copy.headers().get("x-amz-target"), Some("T.Op"));
        assert_eq!(
            copy.body().as_bytes().as_ptr(),
            request.body().as_bytes().as_ptr()
        );
    }
}
