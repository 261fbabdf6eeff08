//! Defaults and presence. A member's `@default` becomes a typed [`DefaultValue`]; once every
//! operation is known, [`resolve_presence`] decides for each structure member whether its Rust
//! field is a plain `T` or an `Option<T>`, and what [`Fill`]s it when no value was given or
//! read.
//!
//! The rule is Smithy 2.0's "structure member optionality" for a non-authoritative consumer
//! (a client), with the AWS SDKs' caution for structures and unions (smithy-rs's
//! `CLIENT_CAREFUL`):
//!
//! - members of input structures (`@input`, or any operation's input) are `Option` and keep
//!   what the caller gave: the spec lets a service relax their `@required` and `@default`;
//! - `@clientOptional` members are `Option`, and a client ignores their `@default`;
//! - other members with a `@default` are plain, filled with the default;
//! - other `@required` members are plain and filled with their type's zero value when a
//!   response leaves them out (client error correction), except members targeting structures
//!   and unions: those can never gain a `@default`, so if a service relaxed them a plain field
//!   would have to become an `Option`; they stay `Option` and a reader fills them with an
//!   empty structure or the unknown variant instead;
//! - everything else is `Option`.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;
use smithy_model::{Model, ShapeId, ShapeKind};

use super::{DefaultValue, Fill, ShapeIr, ShapeIrKind, TypeRef};
use crate::CodegenError;

/// The member's `@default` (or, for models that don't repeat it, its target's, e.g. the
/// prelude's `PrimitiveInteger`), checked against the member's type. `None` for a `null`
/// default and for `@clientOptional` members; a value that doesn't fit the type is an error
/// naming the member.
pub(super) fn default_value(
    model: &Model,
    member: &smithy_model::Member,
    ty: &TypeRef,
) -> Result<Option<DefaultValue>, CodegenError> {
    if member.traits.client_optional() {
        return Ok(None);
    }
    let Some(value) = member.traits.default_value().or_else(|| {
        model
            .shape(&member.target)
            .and_then(|t| t.traits.default_value())
    }) else {
        return Ok(None);
    };
    if value.is_null() {
        return Ok(None);
    }
    let target = model.shape(&member.target).map(|s| &s.kind);
    typed(ty, value, target)
        .map(Some)
        .map_err(|what| CodegenError::new(format!("{}: @default {value} {what}", member.id)))
}

fn typed(ty: &TypeRef, value: &Value, target: Option<&ShapeKind>) -> Result<DefaultValue, String> {
    let int = |min: i64, max: i64| -> Result<DefaultValue, String> {
        value
            .as_i64()
            .filter(|n| (min..=max).contains(n))
            .map(DefaultValue::Int)
            .ok_or_else(|| format!("is not an integer from {min} to {max}"))
    };
    match ty {
        TypeRef::Boolean => value
            .as_bool()
            .map(DefaultValue::Bool)
            .ok_or_else(|| "is not a boolean".to_owned()),
        TypeRef::Byte => int(i8::MIN.into(), i8::MAX.into()),
        TypeRef::Short => int(i16::MIN.into(), i16::MAX.into()),
        TypeRef::Integer => int(i32::MIN.into(), i32::MAX.into()),
        TypeRef::Long => int(i64::MIN, i64::MAX),
        TypeRef::Float | TypeRef::Double => {
            let f = match value {
                Value::Number(n) => n.as_f64(),
                Value::String(s) => match s.as_str() {
                    "NaN" => Some(f64::NAN),
                    "Infinity" => Some(f64::INFINITY),
                    "-Infinity" => Some(f64::NEG_INFINITY),
                    _ => None,
                },
                _ => None,
            };
            let f = f.ok_or("is not a number")?;
            if *ty == TypeRef::Float && f.is_finite() && !(f as f32).is_finite() {
                return Err("is out of range of a float".to_owned());
            }
            Ok(DefaultValue::Float(f))
        }
        TypeRef::String => value
            .as_str()
            .map(|s| DefaultValue::String(s.to_owned()))
            .ok_or_else(|| "is not a string".to_owned()),
        TypeRef::BigInteger | TypeRef::BigDecimal => match value {
            Value::Number(n) => Ok(DefaultValue::String(n.to_string())),
            _ => Err("is not a number".to_owned()),
        },
        TypeRef::Blob => {
            let text = value.as_str().ok_or("is not a base64 string")?;
            base64_decode(text)
                .map(DefaultValue::Blob)
                .ok_or_else(|| "is not valid base64".to_owned())
        }
        TypeRef::Document => match value {
            Value::Array(a) if !a.is_empty() => Err("is not an empty list".to_owned()),
            Value::Object(o) if !o.is_empty() => Err("is not an empty map".to_owned()),
            other => Ok(DefaultValue::Document(other.clone())),
        },
        TypeRef::Timestamp(_) => match value {
            Value::Number(n) => epoch_seconds(&n.to_string()),
            Value::String(s) => date_time(s),
            _ => None,
        }
        .map(|(secs, nanos)| DefaultValue::Timestamp { secs, nanos })
        .ok_or_else(|| "is not epoch seconds or an RFC 3339 date-time".to_owned()),
        TypeRef::List { .. } => match value {
            Value::Array(a) if a.is_empty() => Ok(DefaultValue::EmptyList),
            _ => Err("is not an empty list".to_owned()),
        },
        TypeRef::Map { .. } => match value {
            Value::Object(o) if o.is_empty() => Ok(DefaultValue::EmptyMap),
            _ => Err("is not an empty map".to_owned()),
        },
        TypeRef::Named(_) => match (target, value) {
            (Some(ShapeKind::Enum { .. } | ShapeKind::String), Value::String(s)) => {
                Ok(DefaultValue::String(s.clone()))
            }
            (Some(ShapeKind::IntEnum { .. }), _) => int(i32::MIN.into(), i32::MAX.into()),
            (Some(ShapeKind::Enum { .. } | ShapeKind::String), _) => {
                Err("is not an enum value".to_owned())
            }
            _ => Err("is on a structure or union member, which can't have one".to_owned()),
        },
        TypeRef::Unit => Err("is on a unit member".to_owned()),
    }
}

/// Sets `optional` and `fill` on every structure member (the rule is in the module docs).
/// `input_like` holds the structures that are `@input` or some operation's input. Fails when
/// required structure members form a cycle: such a structure has no finite empty value (and
/// Smithy forbids the model).
pub(super) fn resolve_presence(
    shapes: &mut BTreeMap<ShapeId, ShapeIr>,
    input_like: &BTreeSet<ShapeId>,
) -> Result<(), CodegenError> {
    let aggregate: BTreeSet<ShapeId> = shapes
        .values()
        .filter(|s| {
            matches!(
                s.kind,
                ShapeIrKind::Structure { .. } | ShapeIrKind::Union { .. }
            )
        })
        .map(|s| s.id.clone())
        .collect();
    for shape in shapes.values_mut() {
        let ShapeIrKind::Structure { members, .. } = &mut shape.kind else {
            continue;
        };
        let input = input_like.contains(&shape.id);
        for m in members {
            let aggregate_target = matches!(&m.ty, TypeRef::Named(id) if aggregate.contains(id));
            (m.optional, m.fill) = if input {
                (true, None)
            } else if let Some(default) = &m.default {
                (false, Some(Fill::Default(default.clone())))
            } else if m.required {
                (aggregate_target, Some(Fill::Zero))
            } else {
                (true, None)
            };
        }
    }
    check_required_cycles(shapes)
}

/// Fails on a structure that reaches itself through members filled with an empty structure.
fn check_required_cycles(shapes: &BTreeMap<ShapeId, ShapeIr>) -> Result<(), CodegenError> {
    let zero_targets = |id: &ShapeId| -> Vec<ShapeId> {
        match shapes.get(id).map(|s| &s.kind) {
            Some(ShapeIrKind::Structure { members, .. }) => members
                .iter()
                .filter(|m| m.fill == Some(Fill::Zero))
                .filter_map(|m| match &m.ty {
                    TypeRef::Named(t)
                        if matches!(
                            shapes.get(t).map(|s| &s.kind),
                            Some(ShapeIrKind::Structure { .. })
                        ) =>
                    {
                        Some(t.clone())
                    }
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        }
    };
    // Depth-first, keeping the path; `done` holds shapes already known to end.
    let mut done = BTreeSet::new();
    for start in shapes.keys() {
        let mut path: Vec<(ShapeId, Vec<ShapeId>)> = vec![(start.clone(), zero_targets(start))];
        while let Some((_, next)) = path.last_mut() {
            let Some(target) = next.pop() else {
                if let Some((id, _)) = path.pop() {
                    done.insert(id);
                }
                continue;
            };
            if done.contains(&target) {
                continue;
            }
            if let Some(at) = path.iter().position(|(id, _)| *id == target) {
                let cycle: Vec<String> = path[at..]
                    .iter()
                    .map(|(id, _)| id.to_string())
                    .chain(std::iter::once(target.to_string()))
                    .collect();
                return Err(CodegenError::new(format!(
                    "required structure members form a cycle ({}): no value of these \
                     structures is finite, and Smithy forbids such a model",
                    cycle.join(" -> ")
                )));
            }
            let targets = zero_targets(&target);
            path.push((target, targets));
        }
    }
    Ok(())
}

/// Standard base64 with padding (as Smithy writes blob defaults); `None` if malformed.
fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    if !bytes.len().is_multiple_of(4) {
        return None;
    }
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3);
    let chunks = bytes.chunks(4).count();
    for (i, chunk) in bytes.chunks(4).enumerate() {
        let pad = chunk.iter().rev().take_while(|&&c| c == b'=').count();
        if pad > 2 || (pad > 0 && i + 1 != chunks) {
            return None;
        }
        let mut n = 0u32;
        for &c in &chunk[..4 - pad] {
            n = (n << 6) | value(c)?;
        }
        n <<= 6 * pad as u32;
        let [_, a, b, c] = n.to_be_bytes();
        out.extend_from_slice(&[a, b, c][..3 - pad]);
    }
    Some(out)
}

/// Decimal epoch-seconds text (`0`, `-1.5`, `1e3`) as whole seconds and nanoseconds, exactly;
/// `None` if it is not a number or has digits below a nanosecond.
pub fn epoch_seconds(text: &str) -> Option<(i64, u32)> {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.strip_prefix('+').unwrap_or(e).parse::<i32>().ok()?),
        None => (unsigned, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = format!("{whole}{fraction}");
    if whole.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // value = digits * 10^(exponent - fraction digits) seconds, as nanoseconds
    let scale = exponent.checked_add(9)? - i32::try_from(fraction.len()).ok()?;
    let mut nanos: i128 = digits.trim_start_matches('0').parse().unwrap_or(0);
    if scale >= 0 {
        for _ in 0..scale {
            nanos = nanos.checked_mul(10)?;
        }
    } else {
        let divisor = 10i128.checked_pow(u32::try_from(-scale).ok()?)?;
        if nanos % divisor != 0 {
            return None;
        }
        nanos /= divisor;
    }
    if negative {
        nanos = -nanos;
    }
    let secs = i64::try_from(nanos.div_euclid(1_000_000_000)).ok()?;
    let sub = u32::try_from(nanos.rem_euclid(1_000_000_000)).ok()?;
    Some((secs, sub))
}

/// An RFC 3339 date-time (`1985-04-12T23:20:50.52Z`, `...+01:00`) as epoch seconds and
/// nanoseconds.
fn date_time(text: &str) -> Option<(i64, u32)> {
    let number = |s: &str| -> Option<i64> {
        s.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| s.parse().ok())
            .flatten()
    };
    let (date, time) = text.split_once(['T', 't'])?;
    let mut ymd = date.splitn(3, '-');
    let (year, month, day) = (
        number(ymd.next()?)?,
        number(ymd.next()?)?,
        number(ymd.next()?)?,
    );
    let (clock, offset) = if let Some(clock) = time.strip_suffix(['Z', 'z']) {
        (clock, 0)
    } else {
        let at = time.rfind(['+', '-'])?;
        let (clock, zone) = time.split_at(at);
        let (hours, minutes) = zone.get(1..)?.split_once(':')?;
        let minutes = number(hours)? * 60 + number(minutes)?;
        (
            clock,
            if zone.starts_with('-') {
                -minutes
            } else {
                minutes
            },
        )
    };
    let (hms, fraction) = clock.split_once('.').unwrap_or((clock, ""));
    let mut parts = hms.splitn(3, ':');
    let (hour, minute, second) = (
        number(parts.next()?)?,
        number(parts.next()?)?,
        number(parts.next()?)?,
    );
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
        || fraction.len() > 9
        || (!fraction.is_empty() && number(fraction).is_none())
    {
        return None;
    }
    let nanos = format!("{fraction:0<9}").parse::<u32>().ok()?;
    // Days from 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's algorithm).
    let (y, m) = if month <= 2 {
        (year - 1, month + 9)
    } else {
        (year, month - 3)
    };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * m + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let secs = days * 86_400 + hour * 3_600 + minute * 60 + second - offset * 60;
    Some((secs, nanos))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_defaults_decode() {
        assert_eq!(base64_decode("").as_deref(), Some(&b""[..]));
        assert_eq!(base64_decode("YWJj").as_deref(), Some(&b"abc"[..]));
        assert_eq!(base64_decode("YWI=").as_deref(), Some(&b"ab"[..]));
        assert_eq!(base64_decode("YQ==").as_deref(), Some(&b"a"[..]));
        assert_eq!(base64_decode("/+8="), Some(vec![0xff, 0xef]));
        assert_eq!(base64_decode("YQ"), None);
        assert_eq!(base64_decode("Y===").as_deref(), None);
        assert_eq!(base64_decode("YQ==YWJj"), None);
        assert_eq!(base64_decode("YW!j"), None);
    }

    #[test]
    fn timestamp_defaults_are_exact() {
        assert_eq!(epoch_seconds("0"), Some((0, 0)));
        assert_eq!(epoch_seconds("1"), Some((1, 0)));
        assert_eq!(epoch_seconds("-1.5"), Some((-2, 500_000_000)));
        assert_eq!(epoch_seconds("1.5e3"), Some((1500, 0)));
        assert_eq!(epoch_seconds("1.0000000001"), None);
        assert_eq!(epoch_seconds("1.2300000000"), Some((1, 230_000_000)));
        assert_eq!(
            epoch_seconds("1398796238.123"),
            Some((1_398_796_238, 123_000_000))
        );
        assert_eq!(epoch_seconds("x"), None);
        assert_eq!(epoch_seconds("1e400"), None);
        assert_eq!(date_time("1970-01-01T00:00:00Z"), Some((0, 0)));
        assert_eq!(
            date_time("1985-04-12T23:20:50.52Z"),
            Some((482_196_050, 520_000_000))
        );
        assert_eq!(date_time("1970-01-01T01:00:00+01:00"), Some((0, 0)));
        assert_eq!(date_time("1969-12-31T23:59:59Z"), Some((-1, 0)));
        assert_eq!(date_time("2024-02-29T00:00:00Z"), Some((1_709_164_800, 0)));
        assert_eq!(date_time("2024-13-01T00:00:00Z"), None);
        assert_eq!(date_time("2024-01-01"), None);
    }
}
