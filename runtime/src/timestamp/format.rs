//! Writing timestamps.

use super::{NANOS_PER_SEC, SECS_PER_DAY, TimestampError, civil_from_days};
use crate::{DateTime, TimestampFormat};

/// Writes `value` in `format` to `out`, as bare text (no JSON quotes).
///
/// `EpochSeconds` never fails. `DateTime` (and `DateTimeWithOffset`, which is written the same
/// way, in UTC) and `HttpDate` fail for dates outside the years 0001 to 9999; nothing is written
/// then.
pub fn write(
    out: &mut String,
    value: &DateTime,
    format: TimestampFormat,
) -> Result<(), TimestampError> {
    match format {
        TimestampFormat::EpochSeconds => {
            write_epoch_seconds(out, value);
            Ok(())
        }
        TimestampFormat::HttpDate => write_http_date(out, value),
        // `DateTime`, `DateTimeWithOffset` and any format added later.
        _ => write_rfc3339(out, value),
    }
}

/// Seconds (floor) and nanoseconds (0..1e9) of `value`.
///
/// `DateTime::set_subsec_nanos` does not validate, so the nanoseconds may be a second or more;
/// going through the total nanosecond count normalizes them without overflow.
fn normalize(value: &DateTime) -> (i128, u32) {
    let total = value.as_nanos();
    let nanos_per_sec = i128::from(NANOS_PER_SEC);
    let secs = total.div_euclid(nanos_per_sec);
    // rem_euclid of a positive divisor is in 0..1e9, which fits a u32.
    let nanos = u32::try_from(total.rem_euclid(nanos_per_sec)).unwrap_or(0);
    (secs, nanos)
}

fn write_epoch_seconds(out: &mut String, value: &DateTime) {
    let (secs, nanos) = normalize(value);
    let mut buf = itoa::Buffer::new();
    if nanos == 0 {
        out.push_str(buf.format(secs));
        return;
    }
    // A negative time with a fraction: `secs` is the floor, so the magnitude written is
    // |secs| - 1 and the fraction is what remains to the next whole second.
    let (whole, fraction) = if secs < 0 {
        out.push('-');
        (-secs - 1, NANOS_PER_SEC - nanos)
    } else {
        (secs, nanos)
    };
    out.push_str(buf.format(whole));
    out.push('.');
    push_fraction(out, fraction, 9);
}

/// Pushes the `digits` most significant decimal digits of `fraction` (which is below
/// 10^digits), without trailing zeros. Pushes nothing for zero.
fn push_fraction(out: &mut String, mut fraction: u32, mut digits: u32) {
    while digits > 0 && fraction.is_multiple_of(10) {
        fraction /= 10;
        digits -= 1;
    }
    let mut text = [b'0'; 9];
    let mut i = digits as usize;
    while i > 0 {
        i -= 1;
        if let Some(slot) = text.get_mut(i) {
            *slot = b'0' + (fraction % 10) as u8;
        }
        fraction /= 10;
    }
    for &b in text.iter().take(digits as usize) {
        out.push(char::from(b));
    }
}

/// Broken-down UTC time of a date in years 0001..=9999.
struct Civil {
    year: u32,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    nanos: u32,
    /// 0 = Sunday.
    weekday: u32,
}

fn civil(value: &DateTime) -> Option<Civil> {
    const MIN_SECS: i64 = -62_135_596_800; // 0001-01-01T00:00:00Z
    const MAX_SECS: i64 = 253_402_300_799; // 9999-12-31T23:59:59Z
    let (secs, nanos) = normalize(value);
    let secs = i64::try_from(secs).ok()?;
    if !(MIN_SECS..=MAX_SECS).contains(&secs) {
        return None;
    }
    let days = secs.div_euclid(SECS_PER_DAY);
    let second_of_day = secs.rem_euclid(SECS_PER_DAY) as u32;
    let (year, month, day) = civil_from_days(days);
    Some(Civil {
        year: u32::try_from(year).ok()?,
        month,
        day,
        hour: second_of_day / 3600,
        minute: second_of_day / 60 % 60,
        second: second_of_day % 60,
        nanos,
        weekday: (days + 4).rem_euclid(7) as u32,
    })
}

fn push_2(out: &mut String, v: u32) {
    out.push(char::from(b'0' + (v / 10 % 10) as u8));
    out.push(char::from(b'0' + (v % 10) as u8));
}

fn push_4(out: &mut String, v: u32) {
    push_2(out, v / 100);
    push_2(out, v % 100);
}

fn write_rfc3339(out: &mut String, value: &DateTime) -> Result<(), TimestampError> {
    let c = civil(value).ok_or(TimestampError::format(
        "RFC 3339 date-times support the years 0001 to 9999",
    ))?;
    push_4(out, c.year);
    out.push('-');
    push_2(out, c.month);
    out.push('-');
    push_2(out, c.day);
    out.push('T');
    push_2(out, c.hour);
    out.push(':');
    push_2(out, c.minute);
    out.push(':');
    push_2(out, c.second);
    // Microsecond precision, as aws-smithy-types writes it.
    let micros = c.nanos / 1000;
    if micros != 0 {
        out.push('.');
        push_fraction(out, micros, 6);
    }
    out.push('Z');
    Ok(())
}

const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn write_http_date(out: &mut String, value: &DateTime) -> Result<(), TimestampError> {
    let c = civil(value).ok_or(TimestampError::format(
        "HTTP dates support the years 0001 to 9999",
    ))?;
    let weekday = WEEKDAYS.get(c.weekday as usize).copied().unwrap_or("Sun");
    let month = MONTHS
        .get(c.month.wrapping_sub(1) as usize)
        .copied()
        .unwrap_or("Jan");
    out.push_str(weekday);
    out.push_str(", ");
    push_2(out, c.day);
    out.push(' ');
    out.push_str(month);
    out.push(' ');
    push_4(out, c.year);
    out.push(' ');
    push_2(out, c.hour);
    out.push(':');
    push_2(out, c.minute);
    out.push(':');
    push_2(out, c.second);
    out.push_str(" GMT");
    Ok(())
}
