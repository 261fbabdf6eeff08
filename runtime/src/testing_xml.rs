//! Whole values as XML for property tests of XML protocols (features `test-util` and `xml`):
//! [`XmlValue`], [`to_xml`], [`from_xml`], and the visitors generated `test_util` modules of
//! awsQuery crates take.

use std::fmt::Debug;

use super::{Arbitrary, SameValue};
use crate::json::de::DeError;
use crate::xml::{ElementWriter, StartElement, XmlReader};
use crate::{BuildError, Operation};

/// A type with an XML form: written by the generated `test_util` XML serializers, read by the
/// production deserializers (or the `test_util` ones, for shapes only requests carry).
/// Generated for every structure, union and enum of a crate whose protocol reads XML.
pub trait XmlValue: Sized {
    /// Writes `self` into `element`, which the caller named: attributes, then content.
    fn write_xml(&self, element: &mut ElementWriter<'_>) -> Result<(), BuildError>;
    /// Reads a value from the open element `start`, up to and including its end tag; `None`
    /// for a union element without a member.
    fn read_xml(
        reader: &mut XmlReader<'_>,
        start: &StartElement<'_>,
    ) -> Result<Option<Self>, DeError>;
}

/// A unit output: an empty element, whatever it holds.
impl XmlValue for () {
    fn write_xml(&self, _element: &mut ElementWriter<'_>) -> Result<(), BuildError> {
        Ok(())
    }

    fn read_xml(
        reader: &mut XmlReader<'_>,
        _start: &StartElement<'_>,
    ) -> Result<Option<Self>, DeError> {
        reader.skip().map(Some)
    }
}

/// `value` as an XML element named `root`, or the serializer's error (an unknown union
/// variant, a date outside the years 0001 to 9999).
pub fn try_to_xml<T: XmlValue>(value: &T, root: &str) -> Result<String, BuildError> {
    let mut out = String::new();
    value.write_xml(&mut ElementWriter::new(&mut out, root))?;
    Ok(out)
}

/// `value` as an XML element named `root`.
///
/// # Panics
///
/// If the serializer rejects `value` (see [`try_to_xml`]); [`Arbitrary`] values never are.
#[allow(
    clippy::panic,
    reason = "test support: a rejected value is a failed test"
)]
pub fn to_xml<T: XmlValue>(value: &T, root: &str) -> String {
    try_to_xml(value, root).unwrap_or_else(|e| panic!("the serializer rejected the value: {e}"))
}

/// Reads a whole XML document (its root element, whatever its name) as a `T`; a union root
/// without a member is an error.
pub fn from_xml<T: XmlValue>(body: &[u8]) -> Result<T, DeError> {
    let mut reader = XmlReader::new(body)?;
    let root = reader.root()?;
    let value = T::read_xml(&mut reader, &root)?;
    reader.finish()?;
    value.ok_or_else(|| DeError::custom(root.offset(), "expected a value but found none"))
}

/// Receives every type a generated crate of an XML protocol defines (its
/// `test_util::for_each_type`).
pub trait XmlTypeVisitor {
    /// Called once per structure, union and enum, with its Smithy shape name.
    fn visit<T>(&mut self, name: &'static str)
    where
        T: Arbitrary + SameValue + XmlValue + Debug + Clone + PartialEq + 'static;
}

/// Receives every operation of a generated crate of an XML protocol (its
/// `test_util::for_each_operation`).
pub trait XmlOperationVisitor {
    /// Called once per operation.
    fn visit<O>(&mut self)
    where
        O: Operation + 'static,
        O::Input: Arbitrary + Debug,
        O::Output: Arbitrary + SameValue + XmlValue + Debug,
        O::Error: Debug;
}
