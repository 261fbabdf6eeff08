//! Error metadata that does not depend on the protocol: error codes as services send them,
//! and the request id every response carries.

use super::AWS_REQUEST_ID;
use crate::response::request_id;
use crate::{ErrorMetadata, HttpResponse};

/// Reduces an error code as services send it to the shape name:
/// drops everything from the first `:` on, then everything up to and including the last `#`,
/// then surrounding whitespace.
///
/// `aws.protocoltests.restjson#FooError:http://internal.amazon.com/...` becomes `FooError`.
pub fn sanitize_error_code(raw: &str) -> &str {
    let code = raw.split_once(':').map_or(raw, |(before, _)| before);
    let code = code.rsplit_once('#').map_or(code, |(_, after)| after);
    code.trim()
}

/// Metadata that every response carries, whatever its body: the request id.
/// Used when a body can't be read, so the request id still reaches the caller.
pub fn response_metadata(response: &HttpResponse) -> ErrorMetadata {
    let mut builder = ErrorMetadata::builder();
    if let Some(id) = request_id(response) {
        builder = builder.custom(AWS_REQUEST_ID, id);
    }
    builder.build()
}
