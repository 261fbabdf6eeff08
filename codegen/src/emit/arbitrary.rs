//! `test_util.rs` (crate feature `test-util`): `Arbitrary`, `SameValue` and `JsonValue` for
//! every generated type, and the lists of types and operations property tests walk.
//!
//! Arbitrary values are the values the production code keeps through a round trip: required,
//! idempotency-token and defaulted members are always set (the serializer or deserializer would
//! fill them otherwise), union values are never the unknown variant, timestamps carry only the
//! precision of their wire format.

use proc_macro2::TokenStream;
use quote::quote;

use super::types::meta_field;
use super::{de, default_expr, ident, module_attrs, ser, timestamp_format};
use crate::CodegenError;
use crate::ir::{MemberIr, ServiceIr, ShapeIr, ShapeIrKind, TypeRef};

/// The whole `test_util.rs` file.
pub fn file(ir: &ServiceIr) -> Result<TokenStream, CodegenError> {
    let attrs = module_attrs();
    let mut items = Vec::new();
    let mut visits = Vec::new();
    for shape in ir.shapes.values() {
        items.push(shape_impls(ir, shape)?);
        let ty = ident(&shape.rust_name);
        let name = shape.id.name();
        visits.push(quote! { visitor.visit::<crate::types::#ty>(#name); });
    }
    let operations = ir.operations.iter().map(|o| {
        let op = ident(&o.rust_name);
        quote! { visitor.visit::<crate::operation::#op>(); }
    });
    Ok(quote! {
        #attrs
        pub use ::smithy_rt::testing::{
            Arbitrary, Gen, JsonValue, OperationVisitor, SameValue, TypeVisitor, from_json,
            to_json, try_to_json,
        };

        /// Calls `visitor` once for every structure, union and enum of the crate.
        pub fn for_each_type(visitor: &mut impl ::smithy_rt::testing::TypeVisitor) {
            #(#visits)*
        }

        /// Calls `visitor` once for every operation of the crate.
        pub fn for_each_operation(visitor: &mut impl ::smithy_rt::testing::OperationVisitor) {
            #(#operations)*
        }

        #(#items)*
    })
}

fn shape_impls(ir: &ServiceIr, shape: &ShapeIr) -> Result<TokenStream, CodegenError> {
    let ty = ident(&shape.rust_name);
    let (arbitrary, same, json) = match &shape.kind {
        ShapeIrKind::Structure { members, error } => {
            let mut fields = Vec::new();
            let mut sames = Vec::new();
            for m in members {
                let field = ident(&m.rust_name);
                let value = member_value(ir, m)?;
                fields.push(quote! { #field: #value, });
                sames.push(quote! { self.#field.same_value(&other.#field) });
            }
            if error.is_some() {
                let meta = meta_field(members);
                fields.push(quote! { #meta: ::std::default::Default::default(), });
            } else if super::types::is_output(ir, shape) {
                let request_id = super::types::request_id_field(members);
                fields.push(quote! { #request_id: ::std::default::Default::default(), });
            }
            let all_same = sames
                .into_iter()
                .reduce(|a, b| quote! { #a && #b })
                .unwrap_or_else(|| quote! { true });
            let other = if members.is_empty() {
                quote! { _other }
            } else {
                quote! { other }
            };
            let g = if members.is_empty() {
                quote! { _g }
            } else {
                quote! { g }
            };
            (
                quote! { g.nested(|#g| Self { #(#fields)* }) },
                quote! {
                    fn same_value(&self, #other: &Self) -> bool {
                        #all_same
                    }
                },
                object_json(shape),
            )
        }
        ShapeIrKind::Union {
            members,
            unknown_variant,
        } => {
            let mut arms = Vec::new();
            let mut sames = Vec::new();
            let last = members.len().saturating_sub(1);
            for (i, m) in members.iter().enumerate() {
                let variant = ident(&m.variant_name);
                let pattern = if i == last {
                    quote! { _ }
                } else {
                    quote! { #i }
                };
                if m.ty == TypeRef::Unit {
                    arms.push(quote! { #pattern => Self::#variant, });
                    sames.push(quote! { (Self::#variant, Self::#variant) => true, });
                } else {
                    let mut value = value_expr(ir, &m.ty)?;
                    if m.boxed {
                        value = quote! { ::std::boxed::Box::new(#value) };
                    }
                    arms.push(quote! { #pattern => Self::#variant(#value), });
                    sames.push(
                        quote! { (Self::#variant(a), Self::#variant(b)) => a.same_value(b), },
                    );
                }
            }
            let unknown = ident(unknown_variant);
            let count = members.len();
            (
                quote! { g.nested(|g| match g.below(#count) { #(#arms)* }) },
                quote! {
                    fn same_value(&self, other: &Self) -> bool {
                        match (self, other) {
                            #(#sames)*
                            (Self::#unknown, Self::#unknown) => true,
                            _ => false,
                        }
                    }
                },
                object_json(shape),
            )
        }
        ShapeIrKind::Enum { .. } => (
            quote! { Self::from(g.enum_value(Self::values())) },
            eq_same(),
            quote! {
                fn write_json(&self, out: &mut ::std::string::String) -> ::std::result::Result<(), ::smithy_rt::BuildError> {
                    ::smithy_rt::json::ser::ValueWriter::new(out).string(self.as_str());
                    ::std::result::Result::Ok(())
                }
                fn read_json(reader: &mut ::smithy_rt::json::de::JsonReader<'_>) -> ::std::result::Result<::std::option::Option<Self>, ::smithy_rt::json::de::DeError> {
                    ::std::result::Result::Ok(reader.string()?.map(Self::from))
                }
            },
        ),
        ShapeIrKind::IntEnum { variants, .. } => {
            let values = variants.iter().map(|v| v.value);
            (
                quote! { Self::from(g.int_enum_value(&[#(#values),*])) },
                eq_same(),
                quote! {
                    fn write_json(&self, out: &mut ::std::string::String) -> ::std::result::Result<(), ::smithy_rt::BuildError> {
                        ::smithy_rt::json::ser::ValueWriter::new(out).integer(i64::from(self.as_i32()));
                        ::std::result::Result::Ok(())
                    }
                    fn read_json(reader: &mut ::smithy_rt::json::de::JsonReader<'_>) -> ::std::result::Result<::std::option::Option<Self>, ::smithy_rt::json::de::DeError> {
                        ::std::result::Result::Ok(reader.i32()?.map(Self::from))
                    }
                },
            )
        }
    };
    Ok(quote! {
        impl ::smithy_rt::testing::Arbitrary for crate::types::#ty {
            fn arbitrary(g: &mut ::smithy_rt::testing::Gen) -> Self {
                #arbitrary
            }
        }

        impl ::smithy_rt::testing::SameValue for crate::types::#ty {
            #same
        }

        impl ::smithy_rt::testing::JsonValue for crate::types::#ty {
            #json
        }
    })
}

fn eq_same() -> TokenStream {
    quote! {
        fn same_value(&self, other: &Self) -> bool {
            self == other
        }
    }
}

/// `JsonValue` of a structure or union, through its production (or test-util) ser/de functions.
fn object_json(shape: &ShapeIr) -> TokenStream {
    let ser_fn = ser::fn_name(shape);
    let de_fn = de::fn_name(shape);
    quote! {
        fn write_json(&self, out: &mut ::std::string::String) -> ::std::result::Result<(), ::smithy_rt::BuildError> {
            let mut object = ::smithy_rt::json::ser::ObjectWriter::new(out);
            crate::ser::#ser_fn(&mut object, self)?;
            object.finish();
            ::std::result::Result::Ok(())
        }
        fn read_json(reader: &mut ::smithy_rt::json::de::JsonReader<'_>) -> ::std::result::Result<::std::option::Option<Self>, ::smithy_rt::json::de::DeError> {
            crate::de::#de_fn(reader)
        }
    }
}

/// The arbitrary value of a structure member (an `Option`).
fn member_value(ir: &ServiceIr, m: &MemberIr) -> Result<TokenStream, CodegenError> {
    let mut value = value_expr(ir, &m.ty)?;
    if m.boxed {
        value = quote! { ::std::boxed::Box::new(#value) };
    }
    // Members the production code always fills: the serializer refuses a missing required
    // member and invents an idempotency token; the deserializer applies defaults.
    let has_default = match &m.default {
        Some(d) => default_expr(ir, &m.ty, d)?.is_some(),
        None => false,
    };
    Ok(if m.required || m.idempotency_token || has_default {
        quote! { ::std::option::Option::Some(#value) }
    } else if m.boxed {
        quote! { g.option(|g| #value) }
    } else {
        let make = value_fn(ir, &m.ty)?;
        quote! { g.option(#make) }
    })
}

/// A function from `&mut Gen` to a value of `ty`: a path where one exists, else a closure.
fn value_fn(ir: &ServiceIr, ty: &TypeRef) -> Result<TokenStream, CodegenError> {
    Ok(match ty {
        TypeRef::Named(id) => {
            let ty = ident(&ir.shape(id)?.rust_name);
            quote! { <crate::types::#ty as ::smithy_rt::testing::Arbitrary>::arbitrary }
        }
        _ => {
            let value = value_expr(ir, ty)?;
            quote! { |g| #value }
        }
    })
}

/// An expression of the member's value type, made from `g`.
fn value_expr(ir: &ServiceIr, ty: &TypeRef) -> Result<TokenStream, CodegenError> {
    Ok(match ty {
        TypeRef::String => quote! { g.string() },
        TypeRef::BigInteger => quote! { g.big_integer() },
        TypeRef::BigDecimal => quote! { g.big_decimal() },
        TypeRef::Boolean => quote! { g.boolean() },
        TypeRef::Byte => quote! { g.i8() },
        TypeRef::Short => quote! { g.i16() },
        TypeRef::Integer => quote! { g.i32() },
        TypeRef::Long => quote! { g.i64() },
        TypeRef::Float => quote! { g.f32() },
        TypeRef::Double => quote! { g.f64() },
        TypeRef::Blob => quote! { g.blob() },
        TypeRef::Document => quote! { g.document() },
        TypeRef::Unit => quote! { () },
        TypeRef::Timestamp(format) => {
            let format = timestamp_format(*format);
            quote! { g.timestamp(#format) }
        }
        TypeRef::Named(id) => {
            let ty = ident(&ir.shape(id)?.rust_name);
            quote! { <crate::types::#ty as ::smithy_rt::testing::Arbitrary>::arbitrary(g) }
        }
        TypeRef::List { item, sparse } => {
            let item = value_fn(ir, item)?;
            if *sparse {
                quote! { g.vec(|g| g.option(#item)) }
            } else {
                quote! { g.vec(#item) }
            }
        }
        TypeRef::Map { value, sparse } => {
            let value = value_fn(ir, value)?;
            if *sparse {
                quote! { g.map(|g| g.option(#value)) }
            } else {
                quote! { g.map(#value) }
            }
        }
    })
}
