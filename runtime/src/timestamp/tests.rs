use super::*;

fn dt(secs: i64, nanos: u32) -> DateTime {
    DateTime::from_secs_and_nanos(secs, nanos)
}

fn fmt(value: DateTime, format: TimestampFormat) -> String {
    super::format(&value, format).unwrap()
}

/// A small deterministic generator, so the cross-checks below cover many values without a
/// dependency.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 11
    }
}

#[test]
fn civil_round_trip_and_known_days() {
    assert_eq!(days_from_civil(1970, 1, 1), 0);
    assert_eq!(days_from_civil(2000, 3, 1), 11_017);
    assert_eq!(days_from_civil(1, 1, 1), -719_162);
    assert_eq!(civil_from_days(-719_162), (1, 1, 1));
    assert_eq!(civil_from_days(19_675), (2023, 11, 14));
    for days in (-800_000..3_000_000).step_by(7) {
        let (y, m, d) = civil_from_days(days);
        assert_eq!(days_from_civil(y, m, d), days, "{y}-{m}-{d}");
        assert!(d >= 1 && d <= days_in_month(y, m));
    }
}

#[test]
fn epoch_seconds_format() {
    let f = |v| fmt(v, TimestampFormat::EpochSeconds);
    assert_eq!(f(dt(1_398_796_238, 0)), "1398796238");
    assert_eq!(f(dt(1_398_796_238, 123_000_000)), "1398796238.123");
    assert_eq!(f(dt(1_398_796_238, 1)), "1398796238.000000001");
    assert_eq!(f(dt(0, 500_000_000)), "0.5");
    assert_eq!(f(dt(-1, 500_000_000)), "-0.5");
    assert_eq!(f(dt(-2, 500_000_000)), "-1.5");
    assert_eq!(f(dt(-2, 0)), "-2");
    assert_eq!(f(dt(i64::MIN, 0)), "-9223372036854775808");
    assert_eq!(
        f(dt(i64::MAX, 999_999_999)),
        "9223372036854775807.999999999"
    );
    // Unvalidated nanos (>= 1 s) are carried into the seconds rather than panicking.
    let mut odd = dt(5, 0);
    odd.set_subsec_nanos(1_250_000_000);
    assert_eq!(f(odd), "6.25");
    let mut odd = dt(i64::MAX, 0);
    odd.set_subsec_nanos(u32::MAX);
    assert_eq!(f(odd), "9223372036854775811.294967295");
}

#[test]
fn rfc3339_and_http_date_format() {
    assert_eq!(
        fmt(dt(1_398_796_238, 0), TimestampFormat::DateTime),
        "2014-04-29T18:30:38Z"
    );
    assert_eq!(
        fmt(dt(1_576_540_098, 520_000_000), TimestampFormat::DateTime),
        "2019-12-16T23:48:18.52Z"
    );
    // Microsecond precision, like aws-smithy-types.
    assert_eq!(
        fmt(dt(1_576_540_098, 123_456_789), TimestampFormat::DateTime),
        "2019-12-16T23:48:18.123456Z"
    );
    assert_eq!(
        fmt(dt(1_576_540_098, 999), TimestampFormat::DateTime),
        "2019-12-16T23:48:18Z"
    );
    assert_eq!(
        fmt(dt(1_398_796_238, 0), TimestampFormat::HttpDate),
        "Tue, 29 Apr 2014 18:30:38 GMT"
    );
    assert_eq!(
        fmt(dt(-62_135_596_800, 0), TimestampFormat::HttpDate),
        "Mon, 01 Jan 0001 00:00:00 GMT"
    );
    assert_eq!(
        fmt(dt(253_402_300_799, 999_999_999), TimestampFormat::DateTime),
        "9999-12-31T23:59:59.999999Z"
    );
    for format in [TimestampFormat::DateTime, TimestampFormat::HttpDate] {
        assert!(super::format(&dt(-62_135_596_801, 0), format).is_err());
        assert!(super::format(&dt(253_402_300_800, 0), format).is_err());
        assert!(super::format(&dt(i64::MIN, 0), format).is_err());
        assert!(super::format(&dt(i64::MAX, 0), format).is_err());
    }
    let mut out = String::from("x");
    assert!(write(&mut out, &dt(i64::MAX, 0), TimestampFormat::HttpDate).is_err());
    assert_eq!(out, "x", "nothing is written on error");
}

#[test]
fn formatting_matches_aws_smithy_types() {
    let mut rng = Lcg(7);
    for _ in 0..20_000 {
        let secs = (rng.next() % 253_402_300_800) as i64 - 62_135_596_800 / 2;
        let nanos = match rng.next() % 4 {
            0 => 0,
            1 => (rng.next() % 1000) as u32 * 1_000_000,
            _ => (rng.next() % 1_000_000_000) as u32,
        };
        let value = dt(secs, nanos);
        for format in [
            TimestampFormat::EpochSeconds,
            TimestampFormat::DateTime,
            TimestampFormat::HttpDate,
        ] {
            assert_eq!(
                fmt(value, format),
                value.fmt(format).unwrap(),
                "{secs} {nanos}"
            );
        }
    }
}

#[test]
fn epoch_seconds_parse_is_exact() {
    let p = |s| parse_epoch_seconds(s).unwrap();
    let v = p("1700000000.123");
    assert_eq!((v.secs(), v.subsec_nanos()), (1_700_000_000, 123_000_000));
    // Through f64 the same text is 1700000000.1229999 s: the nanoseconds come out wrong.
    let lossy = DateTime::from_secs_f64(1_700_000_000.123_f64);
    assert_eq!(lossy.secs(), 1_700_000_000);
    assert_ne!(lossy.subsec_nanos(), 123_000_000);
    assert_eq!(lossy.subsec_nanos(), 122_999_906);

    assert_eq!(p("0"), dt(0, 0));
    assert_eq!(p("-0"), dt(0, 0));
    assert_eq!(p("-1.5"), dt(-2, 500_000_000));
    assert_eq!(p("-0.000000001"), dt(-1, 999_999_999));
    assert_eq!(p("1.5e9"), dt(1_500_000_000, 0));
    assert_eq!(p("15E+8"), dt(1_500_000_000, 0));
    assert_eq!(p("1.5e-1"), dt(0, 150_000_000));
    assert_eq!(p("12345e-4"), dt(1, 234_500_000));
    assert_eq!(p("1.0000000019"), dt(1, 1), "digits past 9 are truncated");
    assert_eq!(p("1e-999999999999"), dt(0, 0));
    assert_eq!(p("0e999999999999"), dt(0, 0));
    assert_eq!(p("9223372036854775807"), dt(i64::MAX, 0));
    assert_eq!(p("-9223372036854775808"), dt(i64::MIN, 0));
    assert_eq!(p("-9223372036854775807.5"), dt(i64::MIN, 500_000_000));
    for bad in [
        "9223372036854775808",
        "-9223372036854775808.5",
        "1e20",
        "1e999999999999",
        "99999999999999999999999",
    ] {
        assert!(parse_epoch_seconds(bad).is_err(), "{bad}");
    }
    for bad in [
        "", "-", "1.", ".5", "1e", "1e+", "abc", "1 ", "+1", "1.5.5", "0x10",
    ] {
        assert!(parse_epoch_seconds(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn epoch_seconds_round_trip() {
    let mut rng = Lcg(99);
    for _ in 0..20_000 {
        let secs = rng.next() as i64 - (1 << 52);
        let nanos = (rng.next() % 1_000_000_000) as u32;
        let value = dt(secs, nanos);
        let text = fmt(value, TimestampFormat::EpochSeconds);
        assert_eq!(parse_epoch_seconds(&text).unwrap(), value, "{text}");
    }
}

#[test]
fn rfc3339_parse() {
    let p = |s| parse_rfc3339(s).unwrap();
    assert_eq!(p("2014-04-29T18:30:38Z"), dt(1_398_796_238, 0));
    assert_eq!(p("2014-04-29t18:30:38z"), dt(1_398_796_238, 0));
    assert_eq!(p("2019-12-16T22:48:18-01:00"), dt(1_576_540_098, 0));
    assert_eq!(p("2019-12-17T00:48:18+01:00"), dt(1_576_540_098, 0));
    assert_eq!(p("2019-12-17T05:18:18+05:30"), dt(1_576_540_098, 0));
    assert_eq!(p("2019-12-16T23:48:18.52Z"), dt(1_576_540_098, 520_000_000));
    assert_eq!(
        p("2019-12-16T23:48:18.123456789123Z"),
        dt(1_576_540_098, 123_456_789)
    );
    assert_eq!(
        p("2019-12-16T22:48:18.5-01:00"),
        dt(1_576_540_098, 500_000_000)
    );
    assert_eq!(p("2016-12-31T23:59:60Z"), dt(1_483_228_799, 999_999_999));
    assert_eq!(p("2000-02-29T00:00:00Z"), dt(951_782_400, 0));
    assert_eq!(p("0001-01-01T00:00:00Z"), dt(-62_135_596_800, 0));
    for bad in [
        "",
        "2014-04-29",
        "2014-04-29T18:30:38",
        "2014-04-29 18:30:38Z",
        "2014-04-29T18:30:38ZZ",
        "2014-04-29T18:30:38.Z",
        "2014-04-29T18:30:38+0100",
        "2014-04-29T18:30:38+24:00",
        "2014-04-29T24:00:00Z",
        "2014-04-29T18:60:00Z",
        "2014-13-29T18:30:38Z",
        "2014-00-29T18:30:38Z",
        "2014-02-29T18:30:38Z",
        "2014-04-31T18:30:38Z",
        "2014-04-00T18:30:38Z",
        "20x4-04-29T18:30:38Z",
        "2014-04-29T18:30:38.1é",
        "1576540098",
    ] {
        assert!(parse_rfc3339(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn http_date_parse() {
    let p = |s| parse_http_date(s).unwrap();
    assert_eq!(p("Tue, 29 Apr 2014 18:30:38 GMT"), dt(1_398_796_238, 0));
    assert_eq!(p("  Tue, 29 Apr 2014 18:30:38 GMT "), dt(1_398_796_238, 0));
    assert_eq!(
        p("Mon, 16 Dec 2019 23:48:18.52 GMT"),
        dt(1_576_540_098, 520_000_000)
    );
    for bad in [
        "",
        "Tue, 29 Apr 2014 18:30:38",
        "Tue, 29 Apr 2014 18:30:38 UTC",
        "Tue, 29 Apr 2014 18:30:38 GMTx",
        "Xyz, 29 Apr 2014 18:30:38 GMT",
        "Tue, 29 Foo 2014 18:30:38 GMT",
        "Tue, 31 Apr 2014 18:30:38 GMT",
        "Tue, 29 Apr 2014 18:30:60 GMT",
        "Tue, 29 Apr 0000 18:30:38 GMT",
        "Tue 29 Apr 2014 18:30:38 GMT",
        "Tue, 29 Apr 2014 18:30:38. GMT",
        "2014-04-29T18:30:38Z",
    ] {
        assert!(parse_http_date(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn parsing_matches_aws_smithy_types() {
    let mut rng = Lcg(3);
    for _ in 0..5_000 {
        let secs = (rng.next() % 253_402_300_800) as i64 - 62_135_596_800 / 2;
        let millis = (rng.next() % 1000) as u32;
        let value = dt(secs, millis * 1_000_000);
        for format in [TimestampFormat::DateTime, TimestampFormat::HttpDate] {
            let text = value.fmt(format).unwrap();
            assert_eq!(
                parse(&text, format).unwrap(),
                DateTime::from_str(&text, format).unwrap(),
                "{text}"
            );
        }
    }
    let with_offset = "2019-12-16T22:48:18-01:00";
    assert_eq!(
        parse(with_offset, TimestampFormat::DateTime).unwrap(),
        DateTime::from_str(with_offset, TimestampFormat::DateTimeWithOffset).unwrap()
    );
}

#[test]
fn error_messages() {
    let e = parse_rfc3339("nope").unwrap_err();
    assert!(e.to_string().starts_with("invalid timestamp: "), "{e}");
    let e = super::format(&dt(i64::MAX, 0), TimestampFormat::DateTime).unwrap_err();
    assert_eq!(
        e.to_string(),
        "timestamp cannot be formatted: RFC 3339 date-times support the years 0001 to 9999"
    );
}
