//! Hostile documents: every one is a typed error with a byte offset, found in time linear in
//! the input, never a panic, a stack overflow or an expansion.

use super::tests::walk;
use super::*;

/// A response shaped like STS AssumeRole's (our own text), used as the "real response" that
/// the truncation and corruption tests cut up.
pub(crate) const ASSUME_ROLE_RESPONSE: &str = r#"<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <SourceIdentity>dev-alice</SourceIdentity>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::111122223333:assumed-role/ci-deploy/run-42</Arn>
      <AssumedRoleId>AROAEXAMPLEID:run-42</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>ASIAEXAMPLEKEY</AccessKeyId>
      <SecretAccessKey>wJalrXUtnEXAMPLE/K7MDENG+bPxRfiCYzEXAMPLEKEY</SecretAccessKey>
      <SessionToken>FwoGZXIvYXdzEXAMPLE&amp;token==<![CDATA[<tail>]]></SessionToken>
      <Expiration>2030-01-02T03:04:05Z</Expiration>
    </Credentials>
    <PackedPolicySize>6</PackedPolicySize>
  </AssumeRoleResult>
  <ResponseMetadata>
    <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
  </ResponseMetadata>
</AssumeRoleResponse>
"#;

fn error_of(body: &[u8]) -> crate::json::de::DeError {
    walk(body).expect_err("hostile input was accepted")
}

#[test]
fn the_fixture_is_well_formed() {
    let events = walk(ASSUME_ROLE_RESPONSE.as_bytes()).unwrap();
    assert!(
        events.contains(&"\"FwoGZXIvYXdzEXAMPLE&token==\"".to_owned()),
        "{events:?}"
    );
    assert!(events.contains(&"\"<tail>\"".to_owned()), "{events:?}");
}

#[test]
fn deep_nesting_stops_at_the_depth_limit() {
    let open = "<a>".repeat(100_000);
    let e = error_of(open.as_bytes());
    assert_eq!(e.offset(), Some(MAX_DEPTH * 3), "{e}");
    assert!(e.to_string().contains("nested more than 128 deep"), "{e}");

    // Balanced, self-closing innermost, and through `skip`: the same limit.
    let balanced = format!("{}<b/>{}", "<a>".repeat(100_000), "</a>".repeat(100_000));
    assert_eq!(error_of(balanced.as_bytes()).offset(), Some(MAX_DEPTH * 3));
    let mut reader = XmlReader::new(balanced.as_bytes()).unwrap();
    reader.root().unwrap();
    assert_eq!(reader.skip().unwrap_err().offset(), Some(MAX_DEPTH * 3));

    // Exactly at the limit is fine.
    let at_limit = format!("{}{}", "<a>".repeat(MAX_DEPTH), "</a>".repeat(MAX_DEPTH));
    assert_eq!(walk(at_limit.as_bytes()).unwrap().len(), 2 * MAX_DEPTH);
    let one_more = format!(
        "{}{}",
        "<a>".repeat(MAX_DEPTH + 1),
        "</a>".repeat(MAX_DEPTH + 1)
    );
    assert!(walk(one_more.as_bytes()).is_err());
}

#[test]
fn billion_laughs_is_refused_at_the_doctype() {
    let mut dtd =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
    for i in 1..10 {
        let previous = if i == 1 {
            "lol".to_owned()
        } else {
            format!("lol{}", i - 1)
        };
        dtd.push_str(&format!(
            "<!ENTITY lol{i} \"{}\">\n",
            format!("&{previous};").repeat(10)
        ));
    }
    let body = format!("{dtd}]>\n<lolz>&lol9;</lolz>");
    let e = error_of(body.as_bytes());
    assert_eq!(e.offset(), body.find("<!DOCTYPE"), "{e}");
    assert!(e.to_string().contains("document type declarations"), "{e}");

    // Without the DTD, the reference is simply unknown.
    let e = error_of(b"<lolz>&lol9;</lolz>");
    assert_eq!(e.offset(), Some(6));
    assert!(e.to_string().contains("unknown entity &lol9;"), "{e}");
}

#[test]
fn external_entities_and_dtds_are_refused() {
    for body in [
        r#"<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><r>&xxe;</r>"#,
        r#"<!DOCTYPE r [<!ENTITY % p SYSTEM "http://127.0.0.1:1/x.dtd"> %p;]><r/>"#,
        r#"<!DOCTYPE r SYSTEM "http://127.0.0.1:1/x.dtd"><r/>"#,
        r#"<!DOCTYPE r PUBLIC "-//X//Y//EN" "x.dtd"><r/>"#,
        r#"<!DOCTYPE r><r/>"#,
        "<!-- first --><!DOCTYPE r [<!ELEMENT r ANY>]><r/>",
    ] {
        let e = error_of(body.as_bytes());
        assert_eq!(e.offset(), body.find("<!DOCTYPE"), "{body}: {e}");
        assert!(e.to_string().contains("are not accepted"), "{body}: {e}");
    }
    // Inside the root, `<!DOCTYPE` and `<!ENTITY` are not markup at all.
    let e = error_of(b"<r><!ENTITY x \"y\"></r>");
    assert_eq!(e.offset(), Some(3), "{e}");
}

#[test]
fn truncation_at_every_byte_is_an_error() {
    let body = ASSUME_ROLE_RESPONSE.as_bytes();
    let root_end = ASSUME_ROLE_RESPONSE.trim_end().len();
    for cut in 0..body.len() {
        let prefix = body.get(..cut).unwrap();
        match walk(prefix) {
            Ok(_) => assert!(cut >= root_end, "accepted a document cut at byte {cut}"),
            Err(e) => {
                assert!(cut < root_end, "rejected a complete document at {cut}: {e}");
                let offset = e.offset().expect("an offset");
                assert!(offset <= cut, "offset {offset} past the cut at {cut}: {e}");
            }
        }
    }
}

#[test]
fn invalid_utf8_at_every_byte_is_an_error_there() {
    for at in 0..ASSUME_ROLE_RESPONSE.len() {
        let mut body = ASSUME_ROLE_RESPONSE.as_bytes().to_vec();
        body[at] = 0xFF;
        let e = error_of(&body);
        assert_eq!(e.offset(), Some(at), "{e}");
        assert!(e.to_string().contains("not valid UTF-8"), "{e}");
    }
    // A truncated multi-byte character at the end, and an overlong encoding.
    assert_eq!(error_of(b"<a>\xE6\x97</a>").offset(), Some(3));
    assert_eq!(error_of(b"<a>\xC0\xAF</a>").offset(), Some(3));
}

#[test]
fn attribute_counts_are_bounded() {
    let tag = |n: usize, extra: &str| {
        let attrs: String = (0..n).map(|i| format!(" a{i}=\"{i}\"")).collect();
        format!("<r{attrs}{extra}/>")
    };
    let ok = tag(MAX_ATTRIBUTES, "");
    let mut reader = XmlReader::new(ok.as_bytes()).unwrap();
    assert_eq!(reader.root().unwrap().attributes().len(), MAX_ATTRIBUTES);

    let too_many = tag(100_000, "");
    let e = error_of(too_many.as_bytes());
    assert_eq!(
        e.offset(),
        too_many
            .find(&format!(" a{MAX_ATTRIBUTES}="))
            .map(|i| i + 1),
        "{e}"
    );
    assert!(e.to_string().contains("more than 256 attributes"), "{e}");

    // Duplicates are found with few attributes (pairwise) and many (hashed).
    for n in [1, 7, 8, 9, 200] {
        let body = tag(n, " a0=\"again\"");
        let e = error_of(body.as_bytes());
        assert!(e.to_string().contains("duplicate attribute a0"), "{n}: {e}");
        assert_eq!(e.offset(), body.find("again"), "{n}");
    }
}

#[test]
fn unmatched_tags_are_errors() {
    for (body, offset) in [
        ("<a><b></a>", 6),
        ("<a></a></a>", 7),
        ("<a><b/></c>", 7),
        ("<a><a:b></b></a>", 8),
        ("<a>", 3),
        ("<a><b>", 6),
    ] {
        let e = error_of(body.as_bytes());
        assert_eq!(e.offset(), Some(offset), "{body}: {e}");
    }
}

#[test]
fn large_inputs_are_read_in_linear_time() {
    // A million references decode to a million characters.
    let body = format!("<a>{}</a>", "&amp;".repeat(1_000_000));
    let mut reader = XmlReader::new(body.as_bytes()).unwrap();
    reader.root().unwrap();
    assert_eq!(reader.text().unwrap().as_str().len(), 1_000_000);

    // A million bare ampersands: the first one fails, after one scan for `;`.
    let body = format!("<a>{}</a>", "&".repeat(1_000_000));
    assert_eq!(error_of(body.as_bytes()).offset(), Some(3));
    let body = format!("<a>{};</a>", "&a".repeat(500_000));
    assert_eq!(error_of(body.as_bytes()).offset(), Some(3));

    // Many siblings, a long comment, a long attribute value, a long CDATA section.
    let siblings = format!("<a>{}</a>", "<b>x</b>".repeat(200_000));
    assert_eq!(walk(siblings.as_bytes()).unwrap().len(), 2 + 3 * 200_000);
    let comment = format!("<a><!--{}--></a>", "x".repeat(1_000_000));
    assert_eq!(walk(comment.as_bytes()).unwrap().len(), 2);
    let attribute = format!("<a v=\"{}\"/>", "&lt;".repeat(250_000));
    let mut reader = XmlReader::new(attribute.as_bytes()).unwrap();
    assert_eq!(
        reader
            .root()
            .unwrap()
            .attribute("v")
            .unwrap()
            .as_str()
            .len(),
        250_000
    );
    let cdata = format!("<a><![CDATA[{}]]></a>", "]]".repeat(500_000));
    assert_eq!(walk(cdata.as_bytes()).unwrap().len(), 3);
}

#[test]
fn mutated_responses_never_panic() {
    // A seeded smoke test; the fuzz target (fuzz/fuzz_targets/aws_query.rs) goes much further.
    let mut rng = fastrand::Rng::with_seed(0x0078_6d6c);
    let base = ASSUME_ROLE_RESPONSE.as_bytes();
    let alphabet = b"<>/&;#x=\"' \n!?[]-:aZ0\xFF\xC3";
    for _ in 0..20_000 {
        let mut body = base.to_vec();
        for _ in 0..rng.usize(1..6) {
            let at = rng.usize(..body.len());
            match rng.u8(..4) {
                0 => body[at] = alphabet[rng.usize(..alphabet.len())],
                1 => {
                    body.remove(at);
                }
                2 => body.insert(at, alphabet[rng.usize(..alphabet.len())]),
                _ => {
                    let end = rng.usize(at..body.len());
                    let piece = body[at..end].to_vec();
                    body.splice(at..at, piece);
                }
            }
        }
        if let Err(e) = walk(&body) {
            assert!(e.offset().is_some_and(|o| o <= body.len()), "{e}");
        }
    }
}
