//! The three Smithy timestamp formats, written into a buffer and parsed from text.
//!
//! Formatting matches `aws-smithy-types` byte for byte:
//!
//! - [`EpochSeconds`](TimestampFormat::EpochSeconds): `1398796238`, or with the sub-second part
//!   written exactly from the nanoseconds, trailing zeros dropped (`1398796238.123`).
//! - [`DateTime`](TimestampFormat::DateTime): RFC 3339 in UTC, `2014-04-29T18:30:38Z`, with up
//!   to microsecond precision (`2014-04-29T18:30:38.52Z`). Years 0001 to 9999.
//! - [`HttpDate`](TimestampFormat::HttpDate): IMF-fixdate, `Tue, 29 Apr 2014 18:30:38 GMT`,
//!   without sub-second part. Years 0001 to 9999.
//!
//! Parsing never goes through `f64`: an epoch-seconds value is read from its decimal text, so
//! `1700000000.123` is exactly 1700000000 seconds and 123,000,000 nanoseconds. RFC 3339 text may
//! carry an offset (`2019-12-16T22:48:18-01:00`) under both `DateTime` formats.

mod format;
mod parse;
#[cfg(test)]
mod tests;

use crate::{DateTime, TimestampFormat};
use std::fmt;

pub use format::write;
pub use parse::{parse, parse_epoch_seconds, parse_http_date, parse_rfc3339};

/// Formats `value` in `format` into a new `String` (see [`write()`]).
pub fn format(value: &DateTime, format: TimestampFormat) -> Result<String, TimestampError> {
    let mut out = String::with_capacity(32);
    write(&mut out, value, format)?;
    Ok(out)
}

/// A timestamp that could not be formatted (out of range for the format) or parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimestampError {
    kind: ErrorKind,
    reason: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ErrorKind {
    Format,
    Parse,
}

impl TimestampError {
    pub(crate) const fn format(reason: &'static str) -> Self {
        Self {
            kind: ErrorKind::Format,
            reason,
        }
    }

    pub(crate) const fn parse(reason: &'static str) -> Self {
        Self {
            kind: ErrorKind::Parse,
            reason,
        }
    }

    /// What was wrong, without the leading "invalid timestamp" context.
    pub fn reason(&self) -> &'static str {
        self.reason
    }
}

impl fmt::Display for TimestampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            ErrorKind::Format => write!(f, "timestamp cannot be formatted: {}", self.reason),
            ErrorKind::Parse => write!(f, "invalid timestamp: {}", self.reason),
        }
    }
}

impl std::error::Error for TimestampError {}

const SECS_PER_DAY: i64 = 86_400;
const NANOS_PER_SEC: u32 = 1_000_000_000;

/// Days since 1970-01-01 of the proleptic Gregorian date `year-month-day`.
///
/// `month` is 1..=12 and `day` 1..=31; the caller validates them. Works for any year whose
/// day count fits an `i64` with room to spare (the callers pass at most 4-digit years).
pub(crate) fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    // Count years from March so that the leap day is the last day of the counted year.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y.rem_euclid(400); // 0..=399
    let m = i64::from(month);
    let month_from_march = if m > 2 { m - 3 } else { m + 9 }; // 0..=11
    let day_of_year = (153 * month_from_march + 2) / 5 + i64::from(day) - 1; // 0..=365
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The proleptic Gregorian `(year, month, day)` of `days` since 1970-01-01.
pub(crate) fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097); // 0..=146096
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153; // month counted from March, 0..=11
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    // `day` is 1..=31 and `month` 1..=12 by construction.
    (year, month as u32, day as u32)
}

/// Whether `year` is a leap year in the proleptic Gregorian calendar.
pub(crate) fn is_leap_year(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// Number of days in `month` (1..=12) of `year`; 0 for an invalid month.
pub(crate) fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}
