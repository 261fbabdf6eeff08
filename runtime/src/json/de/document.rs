//! Reading open content: documents, and skipping values nobody asked for.

use super::lex::{self, NumberText};
use super::{DeError, JsonReader, MAX_DEPTH};
use crate::{Document, Number};
use std::collections::HashMap;
use std::collections::hash_map::Entry;

impl<'a> JsonReader<'a> {
    /// Reads a document member: `null` is `None` (an absent member), anything else the
    /// [`Document`] it stands for. Use [`document_value`](Self::document_value) where `null`
    /// is a value of its own (list elements, nested documents).
    pub fn document(&mut self) -> Result<Option<Document>, DeError> {
        if self.is_null()? {
            return Ok(None);
        }
        self.document_value().map(Some)
    }

    /// Reads any JSON value as a [`Document`]; `null` is [`Document::Null`].
    ///
    /// Integers become [`Number::PosInt`] or [`Number::NegInt`] when they fit 64 bits, every
    /// other number [`Number::Float`]. A member name given twice in one object is an error
    /// (keeping either value would silently drop the other).
    pub fn document_value(&mut self) -> Result<Document, DeError> {
        match self.peek() {
            Some(b'{') => {
                let mut members = HashMap::new();
                self.begin_object()?;
                while let Some(key) = self.next_key()? {
                    let at = self.pos;
                    let value = self.document_value()?;
                    match members.entry(key.into_owned()) {
                        Entry::Occupied(old) => {
                            return Err(DeError::duplicate(at, "member name", old.key()));
                        }
                        Entry::Vacant(slot) => {
                            slot.insert(value);
                        }
                    }
                }
                Ok(Document::Object(members))
            }
            Some(b'[') => {
                let mut items = Vec::new();
                self.begin_array()?;
                while self.next_element()? {
                    items.push(self.document_value()?);
                }
                Ok(Document::Array(items))
            }
            Some(b'"') => Ok(Document::String(
                lex::read_string(self.input, &mut self.pos)?.into_owned(),
            )),
            Some(b't') => self.literal(b"true").map(|()| Document::Bool(true)),
            Some(b'f') => self.literal(b"false").map(|()| Document::Bool(false)),
            Some(b'n') => self.literal(b"null").map(|()| Document::Null),
            Some(b'-' | b'0'..=b'9') => {
                let n = lex::scan_number(self.input, &mut self.pos)?;
                number(&n).map(Document::Number)
            }
            _ => Err(self.unexpected("value")),
        }
    }

    /// Skips one value of any type, including nested objects and arrays, checking that it is
    /// well-formed JSON. Works without recursion; nesting is limited to [`MAX_DEPTH`] in all.
    pub fn skip_value(&mut self) -> Result<(), DeError> {
        // Bit `i` of `objects` is set when the container at local depth `i + 1` is an object.
        let mut objects: u128 = 0;
        let mut depth: usize = 0;
        loop {
            // A value starts here.
            match self.peek() {
                Some(open @ (b'{' | b'[')) => {
                    if self.depth + depth >= MAX_DEPTH || depth >= 128 {
                        return Err(DeError::custom(
                            self.pos,
                            "objects and arrays are nested too deeply",
                        ));
                    }
                    self.pos += 1;
                    let is_object = open == b'{';
                    if is_object {
                        objects |= 1 << depth;
                    } else {
                        objects &= !(1 << depth);
                    }
                    depth += 1;
                    let close = if is_object { b'}' } else { b']' };
                    if self.peek() == Some(close) {
                        self.pos += 1;
                        depth -= 1;
                    } else {
                        if is_object {
                            self.skip_member_name()?;
                        }
                        continue;
                    }
                }
                Some(b'"') => {
                    lex::read_string(self.input, &mut self.pos)?;
                }
                Some(b't') => self.literal(b"true")?,
                Some(b'f') => self.literal(b"false")?,
                Some(b'n') => self.literal(b"null")?,
                Some(b'-' | b'0'..=b'9') => {
                    lex::scan_number(self.input, &mut self.pos)?;
                }
                _ => return Err(self.unexpected("value")),
            }
            // A value ended: close containers until another value follows.
            loop {
                let Some(level) = depth.checked_sub(1) else {
                    return Ok(());
                };
                let in_object = objects & (1 << level) != 0;
                match self.peek() {
                    Some(b',') => {
                        self.pos += 1;
                        if in_object {
                            self.skip_member_name()?;
                        }
                        break;
                    }
                    Some(b'}') if in_object => {
                        self.pos += 1;
                        depth = level;
                    }
                    Some(b']') if !in_object => {
                        self.pos += 1;
                        depth = level;
                    }
                    _ if in_object => return Err(self.unexpected("',' or '}'")),
                    _ => return Err(self.unexpected("',' or ']'")),
                }
            }
        }
    }

    /// Skips `"name":` inside an object being skipped.
    fn skip_member_name(&mut self) -> Result<(), DeError> {
        if self.peek() != Some(b'"') {
            return Err(self.unexpected("member name"));
        }
        lex::read_string(self.input, &mut self.pos)?;
        if self.peek() != Some(b':') {
            return Err(self.unexpected("':'"));
        }
        self.pos += 1;
        Ok(())
    }
}

/// The [`Number`] of a document for scanned number text.
fn number(n: &NumberText<'_>) -> Result<Number, DeError> {
    if n.integer {
        if n.text.starts_with('-') {
            if let Some(v) = lex::parse_i64(n.text).filter(|v| *v < 0) {
                return Ok(Number::NegInt(v));
            }
        } else if let Some(v) = lex::parse_u64(n.text) {
            return Ok(Number::PosInt(v));
        }
    }
    // Fractions, exponents, `-0` and integers beyond 64 bits.
    match n.text.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(Number::Float(v)),
        _ => Err(super::out_of_range(n.offset, n.text, "f64")),
    }
}
