//! Parsing timestamps from text.

use super::{NANOS_PER_SEC, SECS_PER_DAY, TimestampError, days_from_civil, days_in_month};
use crate::{DateTime, TimestampFormat};

/// Parses `text` in `format`.
///
/// `DateTime` and `DateTimeWithOffset` both accept a UTC offset (`-01:00`), since services
/// send them in `date-time` members.
pub fn parse(text: &str, format: TimestampFormat) -> Result<DateTime, TimestampError> {
    match format {
        TimestampFormat::EpochSeconds => parse_epoch_seconds(text),
        TimestampFormat::HttpDate => parse_http_date(text),
        _ => parse_rfc3339(text),
    }
}

fn err(reason: &'static str) -> TimestampError {
    TimestampError::parse(reason)
}

fn is_digit(b: Option<&u8>) -> bool {
    b.is_some_and(u8::is_ascii_digit)
}

/// Reads exactly `n` ASCII digits of `b` starting at `at`.
fn fixed_digits(b: &[u8], at: usize, n: usize) -> Option<u32> {
    let digits = b.get(at..at.checked_add(n)?)?;
    let mut value = 0u32;
    for &d in digits {
        if !d.is_ascii_digit() {
            return None;
        }
        value = value * 10 + u32::from(d - b'0');
    }
    Some(value)
}

fn expect_byte(b: &[u8], at: usize, want: u8) -> Result<(), TimestampError> {
    if b.get(at) == Some(&want) {
        Ok(())
    } else {
        Err(err("malformed date-time text"))
    }
}

/// Reads a `.digits` fraction at `*at` if there is one, advancing past it. Digits after the
/// ninth are accepted and truncated.
fn fraction(b: &[u8], at: &mut usize) -> Result<u32, TimestampError> {
    if b.get(*at) != Some(&b'.') {
        return Ok(0);
    }
    *at += 1;
    let start = *at;
    let mut nanos = 0u32;
    while is_digit(b.get(*at)) {
        if *at - start < 9 {
            nanos = nanos * 10 + u32::from(b.get(*at).copied().unwrap_or(b'0') - b'0');
        }
        *at += 1;
    }
    let count = *at - start;
    if count == 0 {
        return Err(err("expected digits after '.'"));
    }
    for _ in count..9 {
        nanos *= 10;
    }
    Ok(nanos)
}

/// Seconds since the epoch of a validated broken-down time.
fn to_secs(year: u32, month: u32, day: u32, hour: u32, minute: u32, second: u32) -> i64 {
    days_from_civil(i64::from(year), month, day) * SECS_PER_DAY
        + i64::from(hour) * 3600
        + i64::from(minute) * 60
        + i64::from(second)
}

fn check_date(year: u32, month: u32, day: u32) -> Result<(), TimestampError> {
    if !(1..=12).contains(&month) {
        return Err(err("month out of range"));
    }
    if day == 0 || day > days_in_month(i64::from(year), month) {
        return Err(err("day out of range"));
    }
    Ok(())
}

fn check_time(hour: u32, minute: u32, second: u32) -> Result<(), TimestampError> {
    if hour > 23 || minute > 59 || second > 60 {
        return Err(err("time of day out of range"));
    }
    Ok(())
}

/// Parses an RFC 3339 date-time: `YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)`.
///
/// `T` and `Z` may be lower case. More than nine fraction digits are truncated. A leap second
/// (`:60`) is read as the last nanosecond of the 59th second.
pub fn parse_rfc3339(text: &str) -> Result<DateTime, TimestampError> {
    let b = text.as_bytes();
    let shape = || err("expected an RFC 3339 date-time like 2019-12-16T23:48:18Z");
    let year = fixed_digits(b, 0, 4).ok_or_else(shape)?;
    expect_byte(b, 4, b'-')?;
    let month = fixed_digits(b, 5, 2).ok_or_else(shape)?;
    expect_byte(b, 7, b'-')?;
    let day = fixed_digits(b, 8, 2).ok_or_else(shape)?;
    if !matches!(b.get(10), Some(b'T' | b't')) {
        return Err(err("RFC 3339 date-times separate date and time with 'T'"));
    }
    let hour = fixed_digits(b, 11, 2).ok_or_else(shape)?;
    expect_byte(b, 13, b':')?;
    let minute = fixed_digits(b, 14, 2).ok_or_else(shape)?;
    expect_byte(b, 16, b':')?;
    let mut second = fixed_digits(b, 17, 2).ok_or_else(shape)?;
    let mut at = 19;
    let mut nanos = fraction(b, &mut at)?;
    let offset_secs: i64 = match b.get(at) {
        Some(b'Z' | b'z') => {
            at += 1;
            0
        }
        Some(&sign @ (b'+' | b'-')) => {
            let oh = fixed_digits(b, at + 1, 2).ok_or_else(shape)?;
            expect_byte(b, at + 3, b':')?;
            let om = fixed_digits(b, at + 4, 2).ok_or_else(shape)?;
            if oh > 23 || om > 59 {
                return Err(err("UTC offset out of range"));
            }
            at += 6;
            let magnitude = i64::from(oh * 3600 + om * 60);
            if sign == b'-' { -magnitude } else { magnitude }
        }
        _ => return Err(err("expected 'Z' or a UTC offset after the time")),
    };
    if at != b.len() {
        return Err(err("unexpected text after the date-time"));
    }
    check_date(year, month, day)?;
    check_time(hour, minute, second)?;
    if second == 60 {
        second = 59;
        nanos = NANOS_PER_SEC - 1;
    }
    let secs = to_secs(year, month, day, hour, minute, second) - offset_secs;
    Ok(DateTime::from_secs_and_nanos(secs, nanos))
}

const WEEKDAYS: [&[u8]; 7] = [b"Mon", b"Tue", b"Wed", b"Thu", b"Fri", b"Sat", b"Sun"];
const MONTHS: [&[u8]; 12] = [
    b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov", b"Dec",
];

/// Parses an IMF-fixdate HTTP date: `Sun, 06 Nov 1994 08:49:37 GMT`, optionally with a
/// fraction of a second after the seconds (up to nine digits; more are truncated).
///
/// Surrounding whitespace is ignored. The day name must be one of the seven but is not checked
/// against the date.
pub fn parse_http_date(text: &str) -> Result<DateTime, TimestampError> {
    let b = text.trim().as_bytes();
    let shape = || err("expected an HTTP date like Tue, 29 Apr 2014 18:30:38 GMT");
    let weekday = b.get(0..3).ok_or_else(shape)?;
    if !WEEKDAYS.contains(&weekday) {
        return Err(err("invalid day name"));
    }
    expect_byte(b, 3, b',')?;
    expect_byte(b, 4, b' ')?;
    let day = fixed_digits(b, 5, 2).ok_or_else(shape)?;
    expect_byte(b, 7, b' ')?;
    let month_name = b.get(8..11).ok_or_else(shape)?;
    let month = MONTHS
        .iter()
        .position(|m| *m == month_name)
        .ok_or(err("invalid month name"))? as u32
        + 1;
    expect_byte(b, 11, b' ')?;
    let year = fixed_digits(b, 12, 4).ok_or_else(shape)?;
    expect_byte(b, 16, b' ')?;
    let hour = fixed_digits(b, 17, 2).ok_or_else(shape)?;
    expect_byte(b, 19, b':')?;
    let minute = fixed_digits(b, 20, 2).ok_or_else(shape)?;
    expect_byte(b, 22, b':')?;
    let second = fixed_digits(b, 23, 2).ok_or_else(shape)?;
    let mut at = 25;
    let nanos = fraction(b, &mut at)?;
    if b.get(at..) != Some(b" GMT".as_slice()) {
        return Err(err("HTTP dates end with \" GMT\""));
    }
    check_date(year, month, day)?;
    if second == 60 {
        return Err(err("time of day out of range"));
    }
    check_time(hour, minute, second)?;
    if year == 0 {
        return Err(err("HTTP dates start at the year 0001"));
    }
    Ok(DateTime::from_secs_and_nanos(
        to_secs(year, month, day, hour, minute, second),
        nanos,
    ))
}

/// Parses epoch seconds from the text of a JSON number, exactly: `-?int(.frac)?([eE][+-]?exp)?`.
///
/// `1700000000.123` is 1700000000 s + 123,000,000 ns; `-1.5` is -2 s + 500,000,000 ns; `1.5e9`
/// is 1500000000 s. Digits beyond nanosecond precision are dropped (truncation toward zero).
/// Values whose whole seconds do not fit an `i64` are an error.
pub fn parse_epoch_seconds(text: &str) -> Result<DateTime, TimestampError> {
    let b = text.as_bytes();
    let mut at = 0;
    let negative = b.first() == Some(&b'-');
    if negative {
        at += 1;
    }
    let int_start = at;
    while is_digit(b.get(at)) {
        at += 1;
    }
    let int_digits = b.get(int_start..at).unwrap_or_default();
    if int_digits.is_empty() {
        return Err(err("expected a number of seconds"));
    }
    let mut frac_digits: &[u8] = &[];
    if b.get(at) == Some(&b'.') {
        at += 1;
        let start = at;
        while is_digit(b.get(at)) {
            at += 1;
        }
        frac_digits = b.get(start..at).unwrap_or_default();
        if frac_digits.is_empty() {
            return Err(err("expected digits after '.'"));
        }
    }
    let mut exponent: i64 = 0;
    if matches!(b.get(at), Some(b'e' | b'E')) {
        at += 1;
        let exp_negative = match b.get(at) {
            Some(b'-') => {
                at += 1;
                true
            }
            Some(b'+') => {
                at += 1;
                false
            }
            _ => false,
        };
        let start = at;
        while let Some(d) = b.get(at).filter(|d| d.is_ascii_digit()) {
            // Saturate: any exponent this large means "out of range" or "zero" anyway.
            exponent = (exponent * 10 + i64::from(d - b'0')).min(1_000_000_000);
            at += 1;
        }
        if at == start {
            return Err(err("expected digits in the exponent"));
        }
        if exp_negative {
            exponent = -exponent;
        }
    }
    if at != b.len() {
        return Err(err("malformed number"));
    }

    // The digits int_digits ++ frac_digits with the decimal point after `point` of them.
    let n = int_digits.len() + frac_digits.len();
    let digit = |i: usize| -> u32 {
        let d = if i < int_digits.len() {
            int_digits.get(i)
        } else {
            frac_digits.get(i - int_digits.len())
        };
        d.map_or(0, |d| u32::from(d.wrapping_sub(b'0')))
    };
    let n_i64 = i64::try_from(n).map_err(|_| err("number too long"))?;
    let point = i64::try_from(int_digits.len())
        .map_err(|_| err("number too long"))?
        .saturating_add(exponent);

    let out_of_range = || err("epoch seconds out of range");
    let mut whole: u64 = 0;
    let mut i: i64 = 0;
    while i < point.min(n_i64) {
        let d = u64::from(digit(i as usize));
        whole = whole
            .checked_mul(10)
            .and_then(|w| w.checked_add(d))
            .ok_or_else(out_of_range)?;
        i += 1;
    }
    if whole != 0 && point > n_i64 {
        let zeros = point - n_i64;
        if zeros > 20 {
            return Err(out_of_range());
        }
        for _ in 0..zeros {
            whole = whole.checked_mul(10).ok_or_else(out_of_range)?;
        }
    }
    let mut nanos = 0u32;
    for k in 0..9 {
        let idx = point.saturating_add(k);
        let d = if (0..n_i64).contains(&idx) {
            digit(idx as usize)
        } else {
            0
        };
        nanos = nanos * 10 + d;
    }

    let mut secs = i128::from(whole);
    if negative {
        secs = -secs;
        if nanos != 0 {
            secs -= 1;
            nanos = NANOS_PER_SEC - nanos;
        }
    }
    let secs = i64::try_from(secs).map_err(|_| out_of_range())?;
    Ok(DateTime::from_secs_and_nanos(secs, nanos))
}
