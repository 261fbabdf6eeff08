//! The XML codec of protocols that read XML bodies (awsQuery responses): deserializers
//! ([`de`]) in production and `test_util` builds, and (feature `test-util` only) writers
//! ([`ser`]) and the `XmlValue` impls property tests use ([`value_impl`]).

pub mod de;
pub mod ser;

use proc_macro2::TokenStream;
use quote::quote;

use crate::CodegenError;
use crate::ir::{ServiceIr, ShapeIr, ShapeIrKind};
use crate::runtime_type::{
    BUILD_ERROR, JSON_DE_ERROR, XML_ELEMENT_WRITER, XML_READER, XML_START_ELEMENT,
};

/// The element (and form key step) of a list's items: the list member's `@xmlName`, else
/// `member`.
pub fn item_name(xml_item_name: &Option<String>) -> &str {
    xml_item_name.as_deref().unwrap_or("member")
}

/// The key and value elements (and form key steps) of a map entry: their `@xmlName`s, else
/// `key` and `value`.
pub fn entry_names<'a>(key: &'a Option<String>, value: &'a Option<String>) -> (&'a str, &'a str) {
    (
        key.as_deref().unwrap_or("key"),
        value.as_deref().unwrap_or("value"),
    )
}

/// The body of `impl XmlValue for T` of one shape: written by its `test_util` writer, read by
/// its deserializer (production or `test_util`).
pub fn value_impl(ir: &ServiceIr, shape: &ShapeIr) -> Result<TokenStream, CodegenError> {
    let (write, read) = match &shape.kind {
        ShapeIrKind::Structure { .. } | ShapeIrKind::Union { .. } => {
            let ser_fn = ser::fn_name(shape);
            let de_fn = de::fn_path(ir, shape);
            let read = if matches!(shape.kind, ShapeIrKind::Union { .. }) {
                quote! { #de_fn(reader, start) }
            } else {
                quote! { #de_fn(reader, start).map(::std::option::Option::Some) }
            };
            (
                quote! { crate::test_util::ser::#ser_fn(element, self) },
                read,
            )
        }
        ShapeIrKind::Enum { .. } => (
            quote! {
                element.text().string(self.as_str());
                ::std::result::Result::Ok(())
            },
            quote! {
                let _ = start;
                ::std::result::Result::Ok(::std::option::Option::Some(Self::from(reader.string()?)))
            },
        ),
        ShapeIrKind::IntEnum { .. } => (
            quote! {
                element.text().integer(i64::from(self.as_i32()));
                ::std::result::Result::Ok(())
            },
            quote! {
                let _ = start;
                ::std::result::Result::Ok(::std::option::Option::Some(Self::from(reader.i32()?)))
            },
        ),
    };
    Ok(quote! {
        fn write_xml(&self, element: &mut #XML_ELEMENT_WRITER<'_>) -> ::std::result::Result<(), #BUILD_ERROR> {
            #write
        }
        fn read_xml(
            reader: &mut #XML_READER<'_>,
            start: &#XML_START_ELEMENT<'_>,
        ) -> ::std::result::Result<::std::option::Option<Self>, #JSON_DE_ERROR> {
            #read
        }
    })
}
