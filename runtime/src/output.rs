//! The request id of a successful response, kept in the output read from it.

use std::fmt;

use crate::HttpResponse;

/// The request id (`x-amzn-requestid`) of the response an operation output was read from.
///
/// Generated outputs hold one and implement [`RequestId`](crate::RequestId) with it. It takes
/// no part in comparisons: two outputs with equal members are equal whatever their request
/// ids, so a value built by hand equals the same value read from a response.
#[derive(Clone, Default)]
pub struct ResponseRequestId(Option<Box<str>>);

impl ResponseRequestId {
    /// The request id of `response`, if it has one.
    pub fn from_response(response: &HttpResponse) -> Self {
        Self(crate::response::request_id(response).map(Box::from))
    }

    /// The request id.
    pub fn get(&self) -> Option<&str> {
        self.0.as_deref()
    }
}

impl PartialEq for ResponseRequestId {
    fn eq(&self, _other: &Self) -> bool {
        true
    }
}

impl fmt::Debug for ResponseRequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_from_the_response_and_ignored_by_eq() {
        let response = crate::response_from_parts(200, [("x-amzn-requestid", "r-1")], "{}")
            .unwrap_or_else(|e| panic!("{e}"));
        let id = ResponseRequestId::from_response(&response);
        assert_eq!(id.get(), Some("r-1"));
        assert_eq!(format!("{id:?}"), "Some(\"r-1\")");
        assert_eq!(id, ResponseRequestId::default());
        let none = crate::response_from_parts(200, [], "{}").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(ResponseRequestId::from_response(&none).get(), None);
    }
}
