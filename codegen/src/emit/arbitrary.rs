//! `test_util.rs` (crate feature `test-util`): `Arbitrary`, `SameValue` and the protocol's
//! whole-value codec (`JsonValue`, `XmlValue`: `Protocol::test_value_impl`) for every
//! generated type, and the lists of types and operations property tests walk.
//!
//! Arbitrary values are the values the production code keeps through a round trip: required
//! and idempotency-token members are always set (the serializer or a reader would fill them
//! otherwise), union values are never the unknown variant, timestamps carry only the
//! precision of their wire format.

use proc_macro2::TokenStream;
use quote::quote;

use super::types::meta_field;
use super::{ident, module_attrs, named_type, operation_module, timestamp_format};
use crate::CodegenError;
use crate::ir::{MemberIr, ServiceIr, ShapeIr, ShapeIrKind, TypeRef};
use crate::runtime_type::{ARBITRARY, GEN, SAME_VALUE, TESTING};

/// The whole `test_util.rs` file.
pub fn file(ir: &ServiceIr) -> Result<TokenStream, CodegenError> {
    let attrs = module_attrs();
    let mut items = Vec::new();
    let mut visits = Vec::new();
    for shape in ir.shapes.values() {
        items.push(shape_impls(ir, shape)?);
        let ty = named_type(ir, &shape.id)?;
        let name = shape.id.name();
        visits.push(quote! { visitor.visit::<#ty>(#name); });
    }
    let operations = ir.operations.iter().map(|o| {
        let module = operation_module(o, &quote! { crate });
        let op = ident(&o.rust_name);
        quote! { visitor.visit::<#module::#op>(); }
    });
    let support = ir.protocol.test_support();
    let mut exports = vec!["Arbitrary", "Gen", "SameValue"];
    exports.extend(support.exports);
    exports.sort_unstable();
    let exports = exports.into_iter().map(ident);
    let (type_visitor, operation_visitor) = (support.type_visitor, support.operation_visitor);
    let (ser_doc, de_doc) = (support.ser_doc, support.de_doc);
    Ok(quote! {
        #attrs
        #[doc = #ser_doc]
        pub(crate) mod ser;
        #[doc = #de_doc]
        pub(crate) mod de;

        pub use #TESTING::{#(#exports),*};

        /// Calls `visitor` once for every structure, union and enum of the crate.
        pub fn for_each_type(visitor: &mut impl #type_visitor) {
            #(#visits)*
        }

        /// Calls `visitor` once for every operation of the crate.
        pub fn for_each_operation(visitor: &mut impl #operation_visitor) {
            #(#operations)*
        }

        #(#items)*
    })
}

fn shape_impls(ir: &ServiceIr, shape: &ShapeIr) -> Result<TokenStream, CodegenError> {
    let ty = named_type(ir, &shape.id)?;
    let (arbitrary, same) = match &shape.kind {
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
            } else if let Some(request_id) = super::types::request_id_field(ir, shape) {
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
            )
        }
        ShapeIrKind::Union {
            members,
            unknown_variant,
        } => {
            let mut arms = Vec::new();
            let mut values = Vec::new();
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
                    values.push(quote! { Self::#variant });
                    sames.push(quote! { (Self::#variant, Self::#variant) => true, });
                } else {
                    let mut value = value_expr(ir, &m.ty)?;
                    if m.boxed {
                        value = quote! { ::std::boxed::Box::new(#value) };
                    }
                    values.push(quote! { Self::#variant(#value) });
                    sames.push(
                        quote! { (Self::#variant(a), Self::#variant(b)) => a.same_value(b), },
                    );
                }
                let value = values.last();
                arms.push(quote! { #pattern => #value, });
            }
            let unknown = ident(unknown_variant);
            let count = members.len();
            // One member: nothing to choose (clippy would call the match a single binding).
            let arbitrary = match (values.as_slice(), members.as_slice()) {
                ([value], [m]) if m.ty == TypeRef::Unit => quote! { g.nested(|_| #value) },
                ([value], _) => quote! { g.nested(|g| #value) },
                _ => quote! { g.nested(|g| match g.below(#count) { #(#arms)* }) },
            };
            // Members without values compare by variant alone.
            let same = if members.iter().all(|m| m.ty == TypeRef::Unit) {
                quote! {
                    fn same_value(&self, other: &Self) -> bool {
                        ::std::mem::discriminant(self) == ::std::mem::discriminant(other)
                    }
                }
            } else {
                quote! {
                    fn same_value(&self, other: &Self) -> bool {
                        match (self, other) {
                            #(#sames)*
                            (Self::#unknown, Self::#unknown) => true,
                            _ => false,
                        }
                    }
                }
            };
            (arbitrary, same)
        }
        ShapeIrKind::Enum { .. } => (
            quote! { Self::from(g.enum_value(Self::values())) },
            eq_same(),
        ),
        ShapeIrKind::IntEnum { variants, .. } => {
            let values = variants.iter().map(|v| v.value);
            (
                quote! { Self::from(g.int_enum_value(&[#(#values),*])) },
                eq_same(),
            )
        }
    };
    // The protocol's whole-value codec (`JsonValue`, `XmlValue`).
    let value_trait = ir.protocol.test_support().value_trait;
    let value = ir.protocol.test_value_impl(ir, shape)?;
    Ok(quote! {
        impl #ARBITRARY for #ty {
            fn arbitrary(g: &mut #GEN) -> Self {
                #arbitrary
            }
        }

        impl #SAME_VALUE for #ty {
            #same
        }

        impl #value_trait for #ty {
            #value
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

/// The arbitrary value of a structure member, of its field's type.
fn member_value(ir: &ServiceIr, m: &MemberIr) -> Result<TokenStream, CodegenError> {
    let mut value = value_expr(ir, &m.ty)?;
    if m.boxed {
        value = quote! { ::std::boxed::Box::new(#value) };
    }
    if !m.optional {
        return Ok(value);
    }
    // An `@xmlFlattened` collection without elements leaves nothing on an XML wire, so it
    // reads back as absent: such an `Option` member is absent or has elements (a plain one
    // reads back as empty).
    if m.xml.flattened
        && let Some(make) = non_empty_fn(ir, &m.ty)?
    {
        return Ok(if m.required {
            quote! { ::std::option::Option::Some((#make)(g)) }
        } else {
            quote! { g.option(#make) }
        });
    }
    // Members the production code always fills: the serializer refuses a missing required
    // member and invents an idempotency token; a reader fills a required one.
    Ok(if m.required || m.idempotency_token {
        quote! { ::std::option::Option::Some(#value) }
    } else if m.boxed {
        quote! { g.option(|g| #value) }
    } else {
        let make = value_fn(ir, &m.ty)?;
        quote! { g.option(#make) }
    })
}

/// A function from `&mut Gen` to a list or map with at least one element; `None` for other
/// types.
fn non_empty_fn(ir: &ServiceIr, ty: &TypeRef) -> Result<Option<TokenStream>, CodegenError> {
    Ok(Some(match ty {
        TypeRef::List { item, sparse, .. } => {
            let item = value_fn(ir, item)?;
            if *sparse {
                quote! { |g: &mut #GEN| g.non_empty_vec(|g| g.option(#item)) }
            } else {
                quote! { |g: &mut #GEN| g.non_empty_vec(#item) }
            }
        }
        TypeRef::Map { value, sparse, .. } => {
            let value = value_fn(ir, value)?;
            if *sparse {
                quote! { |g: &mut #GEN| g.non_empty_map(|g| g.option(#value)) }
            } else {
                quote! { |g: &mut #GEN| g.non_empty_map(#value) }
            }
        }
        _ => return Ok(None),
    }))
}

/// A function from `&mut Gen` to a value of `ty`: a path where one exists, else a closure.
fn value_fn(ir: &ServiceIr, ty: &TypeRef) -> Result<TokenStream, CodegenError> {
    Ok(match ty {
        TypeRef::Named(id) => {
            let ty = named_type(ir, id)?;
            quote! { <#ty as #ARBITRARY>::arbitrary }
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
            let ty = named_type(ir, id)?;
            quote! { <#ty as #ARBITRARY>::arbitrary(g) }
        }
        TypeRef::List { item, sparse, .. } => {
            let item = value_fn(ir, item)?;
            if *sparse {
                quote! { g.vec(|g| g.option(#item)) }
            } else {
                quote! { g.vec(#item) }
            }
        }
        TypeRef::Map { value, sparse, .. } => {
            let value = value_fn(ir, value)?;
            if *sparse {
                quote! { g.map(|g| g.option(#value)) }
            } else {
                quote! { g.map(#value) }
            }
        }
    })
}
