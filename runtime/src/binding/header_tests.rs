use super::*;
use crate::response_from_parts;

fn response(headers: &[(&str, &str)]) -> HttpResponse {
    response_from_parts(200, headers.iter().copied(), "").unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn one_value_of_each_type() {
    let r = response(&[
        ("X-String", "Hello"),
        ("X-Int", " 123 "),
        ("X-Bool", "false"),
        ("X-Float", "1.1"),
        ("X-NaN", "NaN"),
        ("X-Date", "Mon, 16 Dec 2019 23:48:18 GMT"),
        ("X-Json", "dHJ1ZQ=="),
    ]);
    assert_eq!(
        one(&r, "x-string", string).ok().flatten().as_deref(),
        Some("Hello")
    );
    assert_eq!(one(&r, "X-Int", i32).ok().flatten(), Some(123));
    assert_eq!(one(&r, "X-Bool", boolean).ok().flatten(), Some(false));
    assert_eq!(one(&r, "X-Float", f32).ok().flatten(), Some(1.1));
    assert!(
        one(&r, "X-NaN", f64)
            .ok()
            .flatten()
            .is_some_and(f64::is_nan)
    );
    assert_eq!(
        one(&r, "X-Date", timestamp(TimestampFormat::HttpDate))
            .ok()
            .flatten(),
        Some(DateTime::from_secs(1_576_540_098))
    );
    assert_eq!(
        one(&r, "X-Json", media_string).ok().flatten().as_deref(),
        Some("true")
    );
    assert_eq!(one(&r, "X-Absent", string), Ok(None));
}

#[test]
fn bad_values_name_the_header() {
    let r = response(&[("X-Int", "12x"), ("X-Byte", "300"), ("X-Float", "1e39")]);
    let message = |e: Result<Option<i32>, DeError>| e.err().map(|e| e.to_string());
    assert_eq!(
        message(one(&r, "X-Int", i32)).as_deref(),
        Some("invalid header `X-Int`: expected an integer that fits i32, found `12x`")
    );
    assert!(one(&r, "X-Byte", i8).is_err());
    assert!(one(&r, "X-Float", f32).is_err());
    assert!(one(&r, "X-Float", f64).is_ok());
}

#[test]
fn lists_split_on_commas_outside_quotes() {
    let r = response(&[
        ("X-List", "a, b, c"),
        ("X-Quoted", r#""b,c", "\"def\"", a"#),
        ("X-Ints", "1, 2, 3"),
        ("X-Empty", ""),
        ("X-Lines", "a"),
        ("X-Lines", "b, c"),
        ("X-Open", r#""a, b"#),
        ("X-After", r#""a" b, c"#),
    ]);
    let strings = |name| list(&r, name, string);
    assert_eq!(
        strings("X-List"),
        Ok(Some(vec!["a".into(), "b".into(), "c".into()]))
    );
    assert_eq!(
        strings("X-Quoted"),
        Ok(Some(vec!["b,c".into(), "\"def\"".into(), "a".into()]))
    );
    assert_eq!(list(&r, "X-Ints", i32), Ok(Some(vec![1, 2, 3])));
    assert_eq!(strings("X-Empty"), Ok(Some(Vec::new())));
    assert_eq!(
        strings("X-Lines"),
        Ok(Some(vec!["a".into(), "b".into(), "c".into()]))
    );
    assert!(strings("X-Open").is_err());
    assert!(strings("X-After").is_err());
    assert_eq!(strings("X-None"), Ok(None));
}

#[test]
fn http_dates_split_at_every_second_comma() {
    let r = response(&[
        (
            "X-Dates",
            "Mon, 16 Dec 2019 23:48:18 GMT, Mon, 16 Dec 2019 23:48:19 GMT",
        ),
        ("X-Odd", "Mon, 16 Dec 2019 23:48:18 GMT, Mon"),
    ]);
    assert_eq!(
        http_date_list(&r, "X-Dates"),
        Ok(Some(vec![
            DateTime::from_secs(1_576_540_098),
            DateTime::from_secs(1_576_540_099)
        ]))
    );
    assert!(http_date_list(&r, "X-Odd").is_err());
    assert_eq!(http_date_list(&r, "X-None"), Ok(None));
}

#[test]
fn prefixed_headers_by_the_rest_of_their_name() {
    let r = response(&[
        ("X-Foo", "Foo"),
        ("x-foo-abc", "Abc value"),
        ("X-Foo-Def", "Def value"),
        ("hello", "There"),
    ]);
    let map = prefixed(&r, "x-foo-").ok().flatten().unwrap_or_default();
    assert_eq!(map.len(), 2);
    assert_eq!(map.get("abc").map(String::as_str), Some("Abc value"));
    assert_eq!(map.get("def").map(String::as_str), Some("Def value"));
    let all = prefixed(&r, "").ok().flatten().unwrap_or_default();
    assert_eq!(all.len(), 4);
    assert_eq!(all.get("hello").map(String::as_str), Some("There"));
    assert_eq!(prefixed(&r, "x-none-"), Ok(None));
}

#[test]
fn non_utf8_values_are_errors_not_skipped() {
    let value = http::HeaderValue::from_bytes(b"caf\xe9").unwrap_or_else(|e| panic!("{e}"));
    let mut raw = http::Response::new(crate::SdkBody::from(""));
    raw.headers_mut().insert("x-bin", value);
    let r = HttpResponse::try_from(raw).unwrap_or_else(|e| panic!("{e}"));
    let e = one(&r, "x-bin", string).err().map(|e| e.to_string());
    assert_eq!(
        e.as_deref(),
        Some("invalid header `x-bin`: the value is not valid UTF-8")
    );
    assert!(prefixed(&r, "x-").is_err());
}
