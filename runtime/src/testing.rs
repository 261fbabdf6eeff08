//! Test support (feature `test-util`): a seeded generator of edge-biased values ([`Gen`]),
//! [`Arbitrary`] values of every generated type, NaN-aware equality ([`SameValue`]), and
//! whole-value JSON in both directions ([`to_json`], [`from_json`]) through the production
//! serializers and deserializers.
//!
//! Generated crates implement these traits for their types under their own `test-util` feature
//! and list their types and operations through [`TypeVisitor`] and [`OperationVisitor`].

use std::collections::HashMap;
use std::fmt::Debug;

use crate::json::de::{DeError, JsonReader};

pub use crate::token::with_idempotency_token;
use crate::{BuildError, DateTime, Document, Number, Operation, TimestampFormat};

#[cfg(feature = "xml")]
#[path = "testing_xml.rs"]
mod xml;
#[cfg(feature = "xml")]
pub use xml::{XmlOperationVisitor, XmlTypeVisitor, XmlValue, from_xml, to_xml, try_to_xml};

/// Largest blob [`Gen::blob`] produces: 1,000 KiB.
pub const MAX_BLOB: usize = 1000 * 1024;

/// Earliest second the string timestamp formats can write (0001-01-01T00:00:00Z).
const MIN_CIVIL_SECS: i64 = -62_135_596_800;
/// Last second the string timestamp formats can write (9999-12-31T23:59:59Z).
const MAX_CIVIL_SECS: i64 = 253_402_300_799;

/// A deterministic source of edge-biased test values: the same seed gives the same values.
///
/// Collections hold at most [`max_len`](Self::set_max_len) elements and named types nest at most
/// [`max_depth`](Self::set_max_depth) levels (deeper optional members are `None`, deeper
/// collections empty), so every value is finite even for recursive shapes.
#[derive(Debug, Clone)]
pub struct Gen {
    rng: fastrand::Rng,
    depth: u32,
    max_depth: u32,
    max_len: usize,
    /// One blob in this many is large (64 KiB to 1,000 KiB); 0 disables large blobs.
    big_blob_one_in: u32,
    /// Strings hold only characters XML 1.0 can carry.
    xml_chars: bool,
}

/// Pieces that strings are made of: escapes, controls, multi-byte and astral characters.
const STRING_PIECES: &[&str] = &[
    "a",
    "Z",
    "0",
    " ",
    "\"",
    "\\",
    "/",
    "\n",
    "\r",
    "\t",
    "\u{0}",
    "\u{1}",
    "\u{1f}",
    "\u{7f}",
    "é",
    "中",
    "\u{2028}",
    "\u{feff}",
    "\u{fffd}",
    "\u{ffff}",
    "😀",
    "\u{10ffff}",
    "\\u0000",
    "NaN",
    "null",
    "{\"a\":1}",
    "__type",
];

impl Gen {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Self {
        Self {
            rng: fastrand::Rng::with_seed(seed),
            depth: 0,
            max_depth: 4,
            max_len: 4,
            big_blob_one_in: 64,
            xml_chars: false,
        }
    }

    /// Makes strings (and so map keys and unknown enum values) hold only the characters
    /// XML 1.0 documents can carry: no controls but tab, line feed and carriage return, no
    /// U+FFFE or U+FFFF. Property tests of XML protocols set it, since no XML body can hold
    /// the others (not even as character references).
    pub fn set_xml_chars(&mut self, xml: bool) -> &mut Self {
        self.xml_chars = xml;
        self
    }

    /// Limits nesting of named types (default 4).
    pub fn set_max_depth(&mut self, depth: u32) -> &mut Self {
        self.max_depth = depth;
        self
    }

    /// Limits the length of lists, maps and strings pieces (default 4).
    pub fn set_max_len(&mut self, len: usize) -> &mut Self {
        self.max_len = len;
        self
    }

    /// Makes one blob in `n` large (64 KiB to 1,000 KiB); 0 never (default 64).
    pub fn set_big_blob_one_in(&mut self, n: u32) -> &mut Self {
        self.big_blob_one_in = n;
        self
    }

    /// A uniformly random `u64`.
    pub fn u64(&mut self) -> u64 {
        self.rng.u64(..)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { self.rng.usize(..n) }
    }

    /// `true` with probability 1/`n`.
    pub fn one_in(&mut self, n: u32) -> bool {
        n != 0 && self.rng.u32(..n) == 0
    }

    /// One of `items`, or `None` when it is empty.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len()))
    }

    /// Current nesting depth of named types.
    pub fn depth(&self) -> u32 {
        self.depth
    }

    /// Whether named types have reached the nesting limit.
    pub fn at_limit(&self) -> bool {
        self.depth >= self.max_depth
    }

    /// Runs `f` one nesting level deeper (for the value of a structure or union).
    pub fn nested<T>(&mut self, f: impl FnOnce(&mut Self) -> T) -> T {
        self.depth += 1;
        let value = f(self);
        self.depth -= 1;
        value
    }

    /// `Some` from `f` or `None`, with `None` more likely deeper down and certain at the limit.
    pub fn option<T>(&mut self, f: impl FnOnce(&mut Self) -> T) -> Option<T> {
        if self.at_limit() || self.one_in(3 + self.max_depth.saturating_sub(self.depth)) {
            // Deeper levels leave more members out, so values stay small.
            None
        } else if self.depth > 1 && self.one_in(2) {
            None
        } else {
            Some(f(self))
        }
    }

    /// A collection length: 0 at the nesting limit, otherwise up to the length limit.
    fn len(&mut self) -> usize {
        if self.at_limit() {
            0
        } else {
            self.below(self.max_len + 1)
        }
    }

    /// A list of values from `f`.
    pub fn vec<T>(&mut self, mut f: impl FnMut(&mut Self) -> T) -> Vec<T> {
        let n = self.len();
        (0..n).map(|_| f(self)).collect()
    }

    /// A list of one or more values from `f` (one even at the nesting limit), for collections
    /// that can't be empty on the wire (`@xmlFlattened` ones: no element reads as absent).
    pub fn non_empty_vec<T>(&mut self, mut f: impl FnMut(&mut Self) -> T) -> Vec<T> {
        let n = self.len().max(1);
        (0..n).map(|_| f(self)).collect()
    }

    /// A map with one or more entries, like [`non_empty_vec`](Self::non_empty_vec).
    pub fn non_empty_map<T>(&mut self, mut f: impl FnMut(&mut Self) -> T) -> HashMap<String, T> {
        let n = self.len().max(1);
        (0..n).map(|_| (self.string(), f(self))).collect()
    }

    /// A map with [`string`](Self::string) keys and values from `f`.
    pub fn map<T>(&mut self, mut f: impl FnMut(&mut Self) -> T) -> HashMap<String, T> {
        let n = self.len();
        (0..n).map(|_| (self.string(), f(self))).collect()
    }

    /// A string: empty, plain ASCII, or a mix of escapes, controls, multi-byte and astral
    /// characters.
    pub fn string(&mut self) -> String {
        let mut s = self.any_string();
        if self.xml_chars {
            s.retain(|c| {
                matches!(c, '\t' | '\n' | '\r')
                    || (c >= ' ' && !matches!(c, '\u{fffe}' | '\u{ffff}'))
            });
        }
        s
    }

    fn any_string(&mut self) -> String {
        match self.below(6) {
            0 => String::new(),
            1 => {
                let n = self.below(12);
                (0..n)
                    .map(|_| char::from(b'a' + self.rng.u8(..26)))
                    .collect()
            }
            2 => {
                // Any Unicode scalar value.
                let n = 1 + self.below(6);
                (0..n).map(|_| self.rng.char(..)).collect()
            }
            _ => {
                let n = 1 + self.below(3 * self.max_len.max(1));
                let mut s = String::new();
                for _ in 0..n {
                    s.push_str(self.pick(STRING_PIECES).copied().unwrap_or("a"));
                }
                s
            }
        }
    }

    /// A boolean.
    pub fn boolean(&mut self) -> bool {
        self.rng.bool()
    }

    /// An `i64` biased to 0, ±1, the extremes of `min..=max` and their neighbours.
    fn int_in(&mut self, min: i64, max: i64) -> i64 {
        match self.below(8) {
            0 => 0,
            1 => 1,
            2 => -1,
            3 => min,
            4 => max,
            5 => max.saturating_sub(1),
            _ => self.rng.i64(min..=max),
        }
        .clamp(min, max)
    }

    /// A `byte`.
    pub fn i8(&mut self) -> i8 {
        i8::try_from(self.int_in(i8::MIN.into(), i8::MAX.into())).unwrap_or_default()
    }

    /// A `short`.
    pub fn i16(&mut self) -> i16 {
        i16::try_from(self.int_in(i16::MIN.into(), i16::MAX.into())).unwrap_or_default()
    }

    /// An `integer`.
    pub fn i32(&mut self) -> i32 {
        i32::try_from(self.int_in(i32::MIN.into(), i32::MAX.into())).unwrap_or_default()
    }

    /// A `long`.
    pub fn i64(&mut self) -> i64 {
        self.int_in(i64::MIN, i64::MAX)
    }

    /// A `double`: 0, -0, ±1, extremes, subnormals, NaN, ±Infinity, or any bit pattern.
    pub fn f64(&mut self) -> f64 {
        const EDGES: [f64; 12] = [
            0.0,
            -0.0,
            1.0,
            -1.0,
            f64::MIN,
            f64::MAX,
            f64::MIN_POSITIVE,
            5e-324,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            0.1,
        ];
        match self.below(3) {
            0 => EDGES.get(self.below(EDGES.len())).copied().unwrap_or(0.0),
            1 => f64::from_bits(self.u64()),
            _ => (self.rng.f64() - 0.5) * 10f64.powi(self.rng.i32(-30..30)),
        }
    }

    /// A `float`, like [`f64`](Self::f64).
    pub fn f32(&mut self) -> f32 {
        const EDGES: [f32; 11] = [
            0.0,
            -0.0,
            1.0,
            -1.0,
            f32::MIN,
            f32::MAX,
            f32::MIN_POSITIVE,
            1e-45,
            f32::NAN,
            f32::INFINITY,
            f32::NEG_INFINITY,
        ];
        match self.below(3) {
            0 => EDGES.get(self.below(EDGES.len())).copied().unwrap_or(0.0),
            1 => f32::from_bits(self.rng.u32(..)),
            _ => self.rng.f32() * 1000.0 - 500.0,
        }
    }

    /// The text of a `bigInteger`: a JSON integer of up to 60 digits.
    pub fn big_integer(&mut self) -> String {
        let mut s = String::new();
        if self.rng.bool() {
            s.push('-');
        }
        let n = 1 + self.below(60);
        self.push_digits(&mut s, n);
        s
    }

    /// The text of a `bigDecimal`: a JSON number with fraction and exponent.
    pub fn big_decimal(&mut self) -> String {
        let mut s = self.big_integer();
        if self.rng.bool() {
            s.push('.');
            let n = 1 + self.below(40);
            self.push_digits(&mut s, n);
        }
        if self.rng.bool() {
            s.push_str(if self.rng.bool() { "e-" } else { "E+" });
            let n = 1 + self.below(2);
            self.push_digits(&mut s, n);
        }
        s
    }

    /// Digits without a leading zero (a lone `0` is fine).
    fn push_digits(&mut self, s: &mut String, n: usize) {
        for i in 0..n {
            let low = if i == 0 && n > 1 { b'1' } else { b'0' };
            s.push(char::from(self.rng.u8(low..=b'9')));
        }
    }

    /// Blob bytes: usually up to 4 KiB, rarely large (up to [`MAX_BLOB`], edges included).
    pub fn blob(&mut self) -> crate::Blob {
        let len = if self.one_in(self.big_blob_one_in) {
            match self.below(3) {
                0 => MAX_BLOB,
                _ => self.rng.usize(64 * 1024..=MAX_BLOB),
            }
        } else {
            match self.below(4) {
                0 => self.below(4),
                1 => self.below(65),
                _ => self.below(4097),
            }
        };
        self.blob_of_len(len)
    }

    /// A blob of exactly `len` random bytes.
    pub fn blob_of_len(&mut self, len: usize) -> crate::Blob {
        let mut bytes = vec![0u8; len];
        self.rng.fill(&mut bytes);
        crate::Blob::new(bytes)
    }

    /// A timestamp at the precision `format` keeps on the wire: nanoseconds for epoch seconds
    /// (any `i64` second count up to ±2^53), microseconds for date-times and whole seconds for
    /// HTTP dates (both within the years 0001 to 9999).
    pub fn timestamp(&mut self, format: TimestampFormat) -> DateTime {
        let (min, max) = match format {
            TimestampFormat::EpochSeconds => (-(1i64 << 53), 1i64 << 53),
            _ => (MIN_CIVIL_SECS, MAX_CIVIL_SECS),
        };
        let secs = match self.below(4) {
            0 => self
                .pick(&[0, 1, -1, min, max, 1_700_000_000])
                .copied()
                .unwrap_or(0),
            1 => self.rng.i64(0..=4_102_444_800),
            _ => self.rng.i64(min..=max),
        };
        let nanos = match self.below(3) {
            0 => 0,
            1 => self.rng.u32(0..1000) * 1_000_000,
            _ => self.rng.u32(0..1_000_000_000),
        };
        let nanos = match format {
            TimestampFormat::EpochSeconds => nanos,
            TimestampFormat::HttpDate => 0,
            _ => nanos - nanos % 1000,
        };
        DateTime::from_secs_and_nanos(secs.clamp(min, max), nanos)
    }

    /// An open-content document: any JSON value but `null` (which stands for an absent member
    /// or a dropped list element), nesting bounded like named types.
    pub fn document(&mut self) -> Document {
        loop {
            let doc = self.document_value();
            if doc != Document::Null {
                return doc;
            }
        }
    }

    /// Any JSON value as a document, `null` included.
    pub fn document_value(&mut self) -> Document {
        let leaf = self.at_limit() || self.depth >= 2;
        match self.below(if leaf { 5 } else { 7 }) {
            0 => Document::Null,
            1 => Document::Bool(self.rng.bool()),
            2 => Document::String(self.string()),
            3 => Document::Number(match self.below(3) {
                0 => Number::PosInt(self.u64()),
                1 => Number::NegInt(self.rng.i64(i64::MIN..0)),
                // Non-finite numbers have no JSON text inside a document.
                _ => Number::Float(Some(self.f64()).filter(|f| f.is_finite()).unwrap_or(0.5)),
            }),
            4 => Document::Number(Number::PosInt(self.below(10) as u64)),
            5 => Document::Array(self.nested(|g| g.vec(Self::document_value))),
            _ => Document::Object(self.nested(|g| g.map(Self::document_value))),
        }
    }

    /// An enum value: usually one of `known`, sometimes a value this crate doesn't know.
    pub fn enum_value(&mut self, known: &[&str]) -> String {
        match self.pick(known) {
            Some(v) if !self.one_in(4) => (*v).to_owned(),
            _ => match self.below(3) {
                0 => String::new(),
                1 => "NOT_A_KNOWN_VALUE".to_owned(),
                _ => self.string(),
            },
        }
    }

    /// An intEnum value: usually one of `known`, sometimes any `i32`.
    pub fn int_enum_value(&mut self, known: &[i32]) -> i32 {
        match self.pick(known) {
            Some(v) if !self.one_in(4) => *v,
            _ => self.i32(),
        }
    }
}

/// A type whose values a [`Gen`] can make.
pub trait Arbitrary: Sized {
    /// A value from `g`.
    fn arbitrary(g: &mut Gen) -> Self;
}

impl Arbitrary for () {
    fn arbitrary(_: &mut Gen) -> Self {}
}

/// Equality where NaN equals NaN (and `0.0` differs from `-0.0`): what a serializer followed by
/// a deserializer must preserve.
pub trait SameValue {
    /// Whether `self` and `other` are the same value.
    fn same_value(&self, other: &Self) -> bool;
}

macro_rules! same_by_eq {
    ($($t:ty),*) => {
        $(impl SameValue for $t {
            fn same_value(&self, other: &Self) -> bool {
                self == other
            }
        })*
    };
}

same_by_eq!(
    (),
    bool,
    i8,
    i16,
    i32,
    i64,
    String,
    crate::Blob,
    DateTime,
    Document,
    crate::ErrorMetadata
);

impl SameValue for f64 {
    fn same_value(&self, other: &Self) -> bool {
        self.to_bits() == other.to_bits() || (self.is_nan() && other.is_nan())
    }
}

impl SameValue for f32 {
    fn same_value(&self, other: &Self) -> bool {
        self.to_bits() == other.to_bits() || (self.is_nan() && other.is_nan())
    }
}

impl<T: SameValue + ?Sized> SameValue for Box<T> {
    fn same_value(&self, other: &Self) -> bool {
        (**self).same_value(other)
    }
}

impl<T: SameValue> SameValue for Option<T> {
    fn same_value(&self, other: &Self) -> bool {
        match (self, other) {
            (Some(a), Some(b)) => a.same_value(b),
            (None, None) => true,
            _ => false,
        }
    }
}

impl<T: SameValue> SameValue for Vec<T> {
    fn same_value(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().zip(other).all(|(a, b)| a.same_value(b))
    }
}

impl<T: SameValue> SameValue for HashMap<String, T> {
    fn same_value(&self, other: &Self) -> bool {
        self.len() == other.len()
            && self
                .iter()
                .all(|(k, a)| other.get(k).is_some_and(|b| a.same_value(b)))
    }
}

/// A type with a JSON form, written and read by the production serializers and deserializers.
/// Generated for every structure, union and enum under a generated crate's `test-util` feature.
pub trait JsonValue: Sized {
    /// Writes `self` as one JSON value.
    fn write_json(&self, out: &mut String) -> Result<(), BuildError>;
    /// Reads one JSON value; `None` for `null`.
    fn read_json(reader: &mut JsonReader<'_>) -> Result<Option<Self>, DeError>;
}

/// A unit input or output: the body `{}`, whatever members it holds.
impl JsonValue for () {
    fn write_json(&self, out: &mut String) -> Result<(), BuildError> {
        out.push_str("{}");
        Ok(())
    }

    fn read_json(reader: &mut JsonReader<'_>) -> Result<Option<Self>, DeError> {
        if reader.is_null()? {
            return Ok(None);
        }
        reader.skip_value().map(Some)
    }
}

/// `value` as JSON text, or the serializer's error (a missing required member, an unknown
/// union variant, a date outside the years 0001 to 9999).
pub fn try_to_json<T: JsonValue>(value: &T) -> Result<String, BuildError> {
    let mut out = String::new();
    value.write_json(&mut out)?;
    Ok(out)
}

/// `value` as JSON text.
///
/// # Panics
///
/// If the serializer rejects `value` (see [`try_to_json`]); [`Arbitrary`] values never are.
#[allow(
    clippy::panic,
    reason = "test support: a rejected value is a failed test"
)]
pub fn to_json<T: JsonValue>(value: &T) -> String {
    try_to_json(value).unwrap_or_else(|e| panic!("the serializer rejected the value: {e}"))
}

/// Reads a whole JSON text as a `T`; `null` is an error.
pub fn from_json<T: JsonValue>(body: &[u8]) -> Result<T, DeError> {
    let mut reader = JsonReader::new(body);
    let value = T::read_json(&mut reader)?;
    reader.finish()?;
    value.ok_or_else(|| DeError::custom(0, "expected a value but found null"))
}

/// Receives every type a generated crate defines (see the crate's `test_util::for_each_type`).
pub trait TypeVisitor {
    /// Called once per structure, union and enum, with its Smithy shape name.
    fn visit<T>(&mut self, name: &'static str)
    where
        T: Arbitrary + SameValue + JsonValue + Debug + Clone + PartialEq + 'static;
}

/// Receives every operation of a generated crate (see `test_util::for_each_operation`).
pub trait OperationVisitor {
    /// Called once per operation.
    fn visit<O>(&mut self)
    where
        O: Operation + 'static,
        O::Input: Arbitrary + Debug,
        O::Output: Arbitrary + SameValue + JsonValue + Debug,
        O::Error: Debug;
}
