use super::*;
use crate::{RequestId, response_from_parts};

#[derive(Debug)]
struct Failed(UnhandledError);

impl From<UnhandledError> for Failed {
    fn from(e: UnhandledError) -> Self {
        Failed(e)
    }
}

fn response(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
    response_from_parts(status, headers.iter().copied(), body.to_owned())
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn output_reader_sees_headers_status_and_body() {
    let r = response(201, &[("x-foo", "bar")], "{}");
    let out = parse_response(
        &r,
        |response, body| {
            Ok((
                response.status().as_u16(),
                response.headers().get("x-foo").map(str::to_owned),
                body.len(),
            ))
        },
        |_| Failed(UnhandledError::new(Default::default(), 0)),
    );
    assert_eq!(out.ok(), Some((201, Some("bar".to_owned()), 2)));
}

#[test]
fn an_unreadable_output_is_unhandled_with_status_and_request_id() {
    let r = response(200, &[("x-amzn-requestid", "id-7")], "{");
    let result: Result<(), Failed> = parse_response(
        &r,
        |_, body| read_body(body, |reader| reader.begin_object().map(|_| None::<()>)),
        |_| Failed(UnhandledError::new(Default::default(), 0)),
    );
    let Err(Failed(e)) = result else {
        panic!("expected an error")
    };
    assert!(e.is_malformed());
    assert_eq!(e.request_id(), Some("id-7"));
}

#[test]
fn error_code_from_header_then_type_then_code() {
    let header = response(
        400,
        &[(
            "X-Amzn-Errortype",
            "aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/",
        )],
        "",
    );
    let (_, meta) = error_parts(&header).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(meta.code(), Some("FooError"));
    let code = response(500, &[], r#"{"code":"ns#Bar","message":"m"}"#);
    let (body, meta) = error_parts(&code).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(meta.code(), Some("Bar"));
    assert_eq!(meta.message(), Some("m"));
    assert_eq!(body.len(), 31);
    let bad = response(500, &[("x-amzn-requestid", "r")], "[");
    let e = error_parts(&bad).err().map(|e| e.status());
    assert_eq!(e, Some(500));
}

#[test]
fn payloads_are_absent_for_an_empty_body() {
    assert_eq!(blob_payload(b""), None);
    assert_eq!(blob_payload(b"ab"), Some(Blob::new("ab")));
    assert_eq!(string_payload(b""), Ok(None));
    assert_eq!(string_payload(b"hi"), Ok(Some("hi".to_owned())));
    let e = string_payload(b"a\xff").err().map(|e| e.to_string());
    assert_eq!(
        e.as_deref(),
        Some("invalid value at byte 1: the body of a string payload is not valid UTF-8")
    );
    assert_eq!(document_payload(b" "), Ok(None));
    assert_eq!(
        document_payload(br#""hello""#),
        Ok(Some(Document::String("hello".to_owned())))
    );
    assert!(document_payload(br#""a" 1"#).is_err());
    let read = |reader: &mut JsonReader<'_>| reader.string();
    assert_eq!(json_payload(b"", read), Ok(None));
    assert_eq!(json_payload(b"null", read), Ok(None));
    assert_eq!(read_body(br#""x""#, read), Ok("x".to_owned()));
}

#[test]
fn an_empty_or_null_body_reads_as_an_empty_object() {
    // Counts the members of an object, as a generated reader fills them.
    let members = |reader: &mut JsonReader<'_>| -> Result<Option<usize>, DeError> {
        if !reader.begin_object()? {
            return Ok(None);
        }
        let mut n = 0;
        while reader.next_key()?.is_some() {
            reader.skip_value()?;
            n += 1;
        }
        Ok(Some(n))
    };
    assert_eq!(read_body(b"", members), Ok(0));
    assert_eq!(read_body(b" \n", members), Ok(0));
    assert_eq!(read_body(b"null", members), Ok(0));
    assert_eq!(read_body(br#"{"a":1,"b":[]}"#, members), Ok(2));
    assert!(read_body(b"{} {}", members).is_err());
    // A reader that never yields a value is an error, not a loop.
    assert!(read_body(b"{}", |_: &mut JsonReader<'_>| Ok(None::<()>)).is_err());
}
