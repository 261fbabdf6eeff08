//! Timestamp precision per wire format, as a property over arbitrary instants (nanoseconds,
//! before and after 1970):
//!
//! - `epoch-seconds`: exact to the nanosecond both ways (`1700000000.123456789`).
//! - `date-time`: written to the microsecond (finer digits are cut, flooring the instant);
//!   read to the nanosecond.
//! - `http-date`: written to the second (the fraction is cut, flooring the instant); read to
//!   the nanosecond (`Tue, 14 Nov 2023 22:13:20.5 GMT`).

use smithy_rt::json::de::JsonReader;
use smithy_rt::json::ser::ValueWriter;
use smithy_rt::testing::Gen;
use smithy_rt::{DateTime, TimestampFormat};

/// Through the production writer and reader.
fn write_read(t: &DateTime, format: TimestampFormat) -> (String, DateTime) {
    let mut out = String::new();
    ValueWriter::new(&mut out)
        .timestamp(t, format)
        .unwrap_or_else(|e| panic!("{t:?}: {e}"));
    let mut reader = JsonReader::new(out.as_bytes());
    let back = reader
        .timestamp(format)
        .unwrap_or_else(|e| panic!("{out}: {e}"))
        .unwrap_or_else(|| panic!("{out}: null"));
    reader.finish().unwrap_or_else(|e| panic!("{e}"));
    (out, back)
}

/// `t` floored to a multiple of `unit` nanoseconds.
fn floor(t: &DateTime, unit: i128) -> i128 {
    t.as_nanos().div_euclid(unit) * unit
}

#[test]
fn precision_per_format() {
    super::run(
        "precision_per_format",
        "timestamps",
        super::cases(2000),
        |g: &mut Gen| {
            // Any instant in the years 0001 to 9999, at nanosecond resolution.
            let t = DateTime::from_secs_and_nanos(
                g.timestamp(TimestampFormat::HttpDate).secs(),
                (g.u64() % 1_000_000_000) as u32,
            );
            let (text, back) = write_read(&t, TimestampFormat::EpochSeconds);
            assert_eq!(back.as_nanos(), t.as_nanos(), "epoch seconds {text}");
            let (text, back) = write_read(&t, TimestampFormat::DateTime);
            assert_eq!(back.as_nanos(), floor(&t, 1_000), "date-time {text}");
            let (text, back) = write_read(&t, TimestampFormat::HttpDate);
            assert_eq!(
                back.as_nanos(),
                floor(&t, 1_000_000_000),
                "http-date {text}"
            );
        },
    );
}

#[test]
fn sub_microsecond_and_sub_second_examples() {
    let t = DateTime::from_secs_and_nanos(1_700_000_000, 123_456_789);
    assert_eq!(
        write_read(&t, TimestampFormat::EpochSeconds).0,
        "1700000000.123456789"
    );
    assert_eq!(
        write_read(&t, TimestampFormat::DateTime).0,
        "\"2023-11-14T22:13:20.123456Z\""
    );
    assert_eq!(
        write_read(&t, TimestampFormat::HttpDate).0,
        "\"Tue, 14 Nov 2023 22:13:20 GMT\""
    );
    // Before 1970 the cut still floors: -0.5 s is 1969-12-31T23:59:59.5.
    let t = DateTime::from_secs_and_nanos(-1, 500_000_001);
    assert_eq!(
        write_read(&t, TimestampFormat::EpochSeconds).0,
        "-0.499999999"
    );
    assert_eq!(
        write_read(&t, TimestampFormat::DateTime).0,
        "\"1969-12-31T23:59:59.5Z\""
    );
    assert_eq!(
        write_read(&t, TimestampFormat::HttpDate).0,
        "\"Wed, 31 Dec 1969 23:59:59 GMT\""
    );
    // Reading keeps nanoseconds in every format.
    for (text, format) in [
        (
            "\"2023-11-14T22:13:20.123456789Z\"",
            TimestampFormat::DateTime,
        ),
        (
            "\"Tue, 14 Nov 2023 22:13:20.123456789 GMT\"",
            TimestampFormat::HttpDate,
        ),
        ("1700000000.123456789", TimestampFormat::EpochSeconds),
    ] {
        let read = JsonReader::new(text.as_bytes())
            .timestamp(format)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(read.map(|t| t.subsec_nanos()), Some(123_456_789), "{text}");
    }
}

#[test]
fn dates_outside_years_1_to_9999_are_build_errors_for_string_formats() {
    use edge_cases::operation::do_thing::DoThingInput;
    let mut input = DoThingInput::new("t");
    input.when = Some(DateTime::from_secs(253_402_300_800)); // 10000-01-01
    let e = smithy_rt::testing::try_to_json(&input)
        .unwrap_err()
        .to_string();
    assert!(e.contains("When") && e.contains("9999"), "{e}");
}
