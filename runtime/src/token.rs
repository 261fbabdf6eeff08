//! Idempotency tokens for `@idempotencyToken` members left unset.

/// A fresh random UUID (version 4, RFC 9562 text form), as the AWS SDKs send for
/// `@idempotencyToken` members the caller did not set. Retrying the same built request
/// resends the same token.
pub fn idempotency_token() -> String {
    #[cfg(feature = "test-util")]
    if let Some(token) = crate::testing::pinned_idempotency_token() {
        return token;
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
}
