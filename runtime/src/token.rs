//! Idempotency tokens for `@idempotencyToken` members left unset.

/// A fresh random UUID (version 4, RFC 9562 text form), as the AWS SDKs send for
/// `@idempotencyToken` members the caller did not set. Retrying the same built request
/// resends the same token.
pub fn idempotency_token() -> String {
    #[cfg(feature = "test-util")]
    if let Some(fixed) = FIXED_TOKEN.with(|t| t.borrow().clone()) {
        return fixed;
    }
    let mut bytes = fastrand::u128(..).to_be_bytes();
    bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC variant
    let mut out = String::with_capacity(36);
    for (i, b) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        out.push(crate::json::ser::hex_digit(b >> 4));
        out.push(crate::json::ser::hex_digit(*b));
    }
    out
}

#[cfg(feature = "test-util")]
thread_local! {
    static FIXED_TOKEN: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Runs `f` with [`idempotency_token`] answering `token` on this thread (feature `test-util`):
/// protocol tests compare requests whose token the client filled in, as the SDKs' protocol
/// tests pin their token provider. The previous setting comes back afterwards, also if `f`
/// panics.
///
/// ```
/// use smithy_rt::testing::with_idempotency_token;
/// let token = with_idempotency_token("00000000-0000-4000-8000-000000000000", smithy_rt::idempotency_token);
/// assert_eq!(token, "00000000-0000-4000-8000-000000000000");
/// assert_ne!(smithy_rt::idempotency_token(), token);
/// ```
#[cfg(feature = "test-util")]
pub fn with_idempotency_token<R>(token: &str, f: impl FnOnce() -> R) -> R {
    struct Reset(Option<String>);
    impl Drop for Reset {
        fn drop(&mut self) {
            let previous = self.0.take();
            FIXED_TOKEN.with(|t| *t.borrow_mut() = previous);
        }
    }
    let previous = FIXED_TOKEN.with(|t| t.borrow_mut().replace(token.to_owned()));
    let _reset = Reset(previous);
    f()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_v4_uuids_and_differ() {
        let a = idempotency_token();
        let b = idempotency_token();
        assert_ne!(a, b);
        for t in [&a, &b] {
            assert_eq!(t.len(), 36, "{t}");
            let groups: Vec<&str> = t.split('-').collect();
            assert_eq!(
                groups.iter().map(|g| g.len()).collect::<Vec<_>>(),
                [8, 4, 4, 4, 12],
                "{t}"
            );
            assert!(groups[2].starts_with('4'), "version nibble: {t}");
            assert!(
                matches!(groups[3].as_bytes()[0], b'8' | b'9' | b'a' | b'b'),
                "variant: {t}"
            );
            assert!(
                t.chars()
                    .all(|c| c == '-' || c.is_ascii_hexdigit() && !c.is_ascii_uppercase()),
                "{t}"
            );
        }
    }

    #[test]
    fn a_fixed_token_holds_inside_the_closure_only() {
        let fixed = "00000000-0000-4000-8000-000000000000";
        assert_eq!(with_idempotency_token(fixed, idempotency_token), fixed);
        assert_ne!(idempotency_token(), fixed);
    }
}
