//! The body of `impl JsonValue for T` (`test_util`, feature `test-util`): a whole value as
//! JSON through the production (or `test_util`) serializer and deserializer.

use proc_macro2::TokenStream;
use quote::quote;

use super::{de, ser};
use crate::ir::{ServiceIr, ShapeIr, ShapeIrKind};
use crate::protocol::TestSupport;
use crate::runtime_type::{
    BUILD_ERROR, JSON_DE_ERROR, JSON_OBJECT_WRITER, JSON_READER, JSON_VALUE, JSON_VALUE_WRITER,
    OPERATION_VISITOR, TYPE_VISITOR,
};

/// What `test_util` offers property tests in crates of the JSON protocols.
pub const TEST_SUPPORT: TestSupport = TestSupport {
    value_trait: JSON_VALUE,
    type_visitor: TYPE_VISITOR,
    body_format: "JSON",
    value_doc: "JSON\n in both directions through the production serializers and deserializers.",
    operation_visitor: OPERATION_VISITOR,
    exports: &[
        "JsonValue",
        "OperationVisitor",
        "TypeVisitor",
        "from_json",
        "to_json",
        "try_to_json",
    ],
    ser_doc: " Serializers of the shapes only responses carry (production code only reads them).",
    de_doc: " Deserializers of the shapes only requests carry (production code only writes them).",
};

/// The items of `impl JsonValue for <shape>`.
pub fn value_impl(ir: &ServiceIr, shape: &ShapeIr) -> TokenStream {
    match &shape.kind {
        ShapeIrKind::Structure { .. } | ShapeIrKind::Union { .. } => {
            let ser_fn = ser::fn_path(ir, shape);
            let de_fn = de::fn_path(ir, shape);
            quote! {
                fn write_json(&self, out: &mut ::std::string::String) -> ::std::result::Result<(), #BUILD_ERROR> {
                    let mut object = #JSON_OBJECT_WRITER::new(out);
                    #ser_fn(&mut object, self)?;
                    object.finish();
                    ::std::result::Result::Ok(())
                }
                fn read_json(reader: &mut #JSON_READER<'_>) -> ::std::result::Result<::std::option::Option<Self>, #JSON_DE_ERROR> {
                    #de_fn(reader)
                }
            }
        }
        ShapeIrKind::Enum { .. } => quote! {
            fn write_json(&self, out: &mut ::std::string::String) -> ::std::result::Result<(), #BUILD_ERROR> {
                #JSON_VALUE_WRITER::new(out).string(self.as_str());
                ::std::result::Result::Ok(())
            }
            fn read_json(reader: &mut #JSON_READER<'_>) -> ::std::result::Result<::std::option::Option<Self>, #JSON_DE_ERROR> {
                ::std::result::Result::Ok(reader.string()?.map(Self::from))
            }
        },
        ShapeIrKind::IntEnum { .. } => quote! {
            fn write_json(&self, out: &mut ::std::string::String) -> ::std::result::Result<(), #BUILD_ERROR> {
                #JSON_VALUE_WRITER::new(out).integer(i64::from(self.as_i32()));
                ::std::result::Result::Ok(())
            }
            fn read_json(reader: &mut #JSON_READER<'_>) -> ::std::result::Result<::std::option::Option<Self>, #JSON_DE_ERROR> {
                ::std::result::Result::Ok(reader.i32()?.map(Self::from))
            }
        },
    }
}
