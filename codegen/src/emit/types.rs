//! `types.rs`: structures, unions, enums and intEnums.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{deprecated_attr, doc_attrs, docs_or, ident, module_attrs, rust_type};
use crate::CodegenError;
use crate::ir::{
    DefaultValue, EnumVariantIr, ErrorIr, IntVariantIr, MemberIr, ServiceIr, ShapeIr, ShapeIrKind,
    TypeRef,
};

/// Text that `Debug` prints in place of sensitive values (the same words the AWS SDKs use).
pub const REDACTED: &str = "*** Sensitive Data Redacted ***";

/// The whole `types.rs` file.
pub fn file(ir: &ServiceIr) -> Result<TokenStream, CodegenError> {
    let attrs = module_attrs();
    let mut items = Vec::new();
    for shape in ir.shapes.values() {
        items.push(shape_tokens(ir, shape)?);
    }
    Ok(quote! { #attrs #(#items)* })
}

/// The definition and impls of one named shape.
pub fn shape_tokens(ir: &ServiceIr, shape: &ShapeIr) -> Result<TokenStream, CodegenError> {
    match &shape.kind {
        ShapeIrKind::Structure { members, error } => structure(ir, shape, members, error.as_ref()),
        ShapeIrKind::Union {
            members,
            unknown_variant,
        } => union(ir, shape, members, unknown_variant),
        ShapeIrKind::Enum {
            variants,
            unknown_variant,
        } => Ok(string_enum(shape, variants, unknown_variant)),
        ShapeIrKind::IntEnum {
            variants,
            unknown_variant,
        } => Ok(int_enum(shape, variants, unknown_variant)),
    }
}

fn shape_docs(shape: &ShapeIr) -> TokenStream {
    docs_or(shape.docs.as_deref(), || {
        format!("The `{}` shape of the service model.", shape.id.name())
    })
}

/// Rust type of a member field (without the outer `Option`).
pub fn member_type(ir: &ServiceIr, m: &MemberIr) -> Result<TokenStream, CodegenError> {
    let ty = rust_type(ir, &m.ty)?;
    Ok(if m.boxed {
        quote! { ::std::boxed::Box<#ty> }
    } else {
        ty
    })
}

/// Whether `shape` is the output of an operation: it then carries the response's request id.
pub fn is_output(ir: &ServiceIr, shape: &ShapeIr) -> bool {
    ir.operations
        .iter()
        .any(|op| op.output.as_ref() == Some(&shape.id))
}

/// Name of the field of an output that carries the request id, clear of member names.
pub fn request_id_field(members: &[MemberIr]) -> proc_macro2::Ident {
    let name = ["_request_id", "_request_id_"]
        .into_iter()
        .find(|n| members.iter().all(|m| m.rust_name != *n))
        .unwrap_or("_request_id__");
    ident(name)
}

/// Name of the field that carries error metadata, clear of member names.
pub fn meta_field(members: &[MemberIr]) -> proc_macro2::Ident {
    let name = ["meta", "error_meta", "meta_"]
        .into_iter()
        .find(|n| members.iter().all(|m| m.rust_name != *n))
        .unwrap_or("meta__");
    ident(name)
}

fn structure(
    ir: &ServiceIr,
    shape: &ShapeIr,
    members: &[MemberIr],
    error: Option<&ErrorIr>,
) -> Result<TokenStream, CodegenError> {
    let name = ident(&shape.rust_name);
    let docs = shape_docs(shape);
    let deprecated = deprecated_attr(shape.deprecated.as_ref());
    let mut fields = Vec::new();
    let mut setters = Vec::new();
    let mut required_params = Vec::new();
    let mut required_inits = Vec::new();
    for m in members {
        let field = ident(&m.rust_name);
        let ty = member_type(ir, m)?;
        let field_docs = docs_or(m.docs.as_deref(), || {
            format!("The `{}` member.", m.wire_name)
        });
        let required_note = if m.required {
            doc_attrs("\nRequired.")
        } else {
            TokenStream::new()
        };
        let default_note = match &m.default {
            Some(value) => doc_attrs(&format!(
                "\nDefault when the service leaves it out: `{}`.",
                default_text(value)
            )),
            None => TokenStream::new(),
        };
        let dep = deprecated_attr(m.deprecated.as_ref());
        fields.push(quote! {
            #field_docs
            #required_note
            #default_note
            #dep
            pub #field: ::std::option::Option<#ty>,
        });
        let plain = m.rust_name.trim_start_matches("r#");
        let setter = format_ident!("with_{}", plain);
        let inner = rust_type(ir, &m.ty)?;
        let wrap = if m.boxed {
            quote! { ::std::boxed::Box::new(value.into()) }
        } else {
            quote! { value.into() }
        };
        let setter_doc = format!(" Sets `{}` (`{}` on the wire).", m.rust_name, m.wire_name);
        setters.push(quote! {
            #[doc = #setter_doc]
            #dep
            pub fn #setter(mut self, value: impl ::std::convert::Into<#inner>) -> Self {
                self.#field = ::std::option::Option::Some(#wrap);
                self
            }
        });
        if m.required {
            required_params.push(quote! { #field: impl ::std::convert::Into<#inner> });
            let wrap = if m.boxed {
                quote! { ::std::boxed::Box::new(#field.into()) }
            } else {
                quote! { #field.into() }
            };
            required_inits.push(quote! { #field: ::std::option::Option::Some(#wrap), });
        }
    }
    let meta = meta_field(members);
    let meta_decl = if error.is_some() {
        quote! {
            /// Code, message and request id of the response this error came from (boxed to
            /// keep error enums small).
            pub #meta: ::std::boxed::Box<::smithy_rt::ErrorMetadata>,
        }
    } else {
        TokenStream::new()
    };
    let output = error.is_none() && is_output(ir, shape);
    let request_id = request_id_field(members);
    let (request_id_decl, request_id_impl) = if output {
        (
            quote! {
                /// The request id of the response this output was read from.
                pub(crate) #request_id: ::smithy_rt::ResponseRequestId,
            },
            quote! {
                impl ::smithy_rt::RequestId for #name {
                    fn request_id(&self) -> ::std::option::Option<&str> {
                        self.#request_id.get()
                    }
                }
            },
        )
    } else {
        (TokenStream::new(), TokenStream::new())
    };
    let new_doc = if required_params.is_empty() {
        format!(" Creates an empty `{}`.", shape.rust_name)
    } else {
        format!(
            " Creates a `{}` from its required members; set the others with the `with_*` methods.",
            shape.rust_name
        )
    };
    let many = (required_params.len() > 7).then(|| quote! { #[allow(clippy::too_many_arguments)] });
    let fill = if required_inits.len() == members.len() && error.is_none() && !output {
        TokenStream::new()
    } else {
        quote! { ..::std::default::Default::default() }
    };
    let debug = struct_debug(shape, members, &meta, error.is_some(), output.then_some(&request_id));
    let derive_debug = if debug.is_empty() {
        quote! { Debug, }
    } else {
        TokenStream::new()
    };
    let error_impls = match error {
        Some(e) => error_impls(shape, e, &meta),
        None => TokenStream::new(),
    };
    Ok(quote! {
        #docs
        #deprecated
        #[non_exhaustive]
        #[derive(Clone, PartialEq, Default, #derive_debug)]
        pub struct #name {
            #(#fields)*
            #meta_decl
            #request_id_decl
        }

        impl #name {
            #[doc = #new_doc]
            #many
            pub fn new(#(#required_params),*) -> Self {
                Self { #(#required_inits)* #fill }
            }

            #(#setters)*
        }

        #debug
        #error_impls
        #request_id_impl
    })
}

/// A hand-written `Debug` when something must be redacted; empty when `derive` will do.
fn struct_debug(
    shape: &ShapeIr,
    members: &[MemberIr],
    meta: &proc_macro2::Ident,
    is_error: bool,
    request_id: Option<&proc_macro2::Ident>,
) -> TokenStream {
    let name = ident(&shape.rust_name);
    if shape.sensitive {
        return quote! {
            impl ::std::fmt::Debug for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str(#REDACTED)
                }
            }
        };
    }
    if !members.iter().any(|m| m.sensitive) {
        return TokenStream::new();
    }
    let label = &shape.rust_name;
    let fields = members.iter().map(|m| {
        let field = ident(&m.rust_name);
        let shown = m.rust_name.trim_start_matches("r#");
        if m.sensitive {
            quote! { s.field(#shown, &#REDACTED); }
        } else {
            quote! { s.field(#shown, &self.#field); }
        }
    });
    let meta_line = if is_error {
        let shown = meta.to_string();
        quote! { s.field(#shown, &self.#meta); }
    } else {
        TokenStream::new()
    };
    let request_id_line = request_id.map(|field| {
        let shown = field.to_string();
        quote! { s.field(#shown, &self.#field); }
    });
    quote! {
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                let mut s = f.debug_struct(#label);
                #(#fields)*
                #meta_line
                #request_id_line
                s.finish()
            }
        }
    }
}

fn error_impls(shape: &ShapeIr, error: &ErrorIr, meta: &proc_macro2::Ident) -> TokenStream {
    let name = ident(&shape.rust_name);
    let code = &error.code;
    let message = match &error.message_field {
        Some(field) => {
            let field = ident(field);
            quote! { self.#field.as_deref().or_else(|| self.#meta.message()) }
        }
        None => quote! { self.#meta.message() },
    };
    quote! {
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::smithy_rt::display_modeled_error(f, #code, #message)
            }
        }

        impl ::std::error::Error for #name {}

        impl ::smithy_rt::ProvideErrorMetadata for #name {
            fn meta(&self) -> &::smithy_rt::ErrorMetadata {
                &self.#meta
            }
        }

        impl ::smithy_rt::RequestId for #name {
            fn request_id(&self) -> ::std::option::Option<&str> {
                ::smithy_rt::RequestId::request_id(&*self.#meta)
            }
        }
    }
}

fn union(
    ir: &ServiceIr,
    shape: &ShapeIr,
    members: &[MemberIr],
    unknown: &str,
) -> Result<TokenStream, CodegenError> {
    let name = ident(&shape.rust_name);
    let docs = shape_docs(shape);
    let deprecated = deprecated_attr(shape.deprecated.as_ref());
    let unknown = ident(unknown);
    let mut variants = Vec::new();
    let mut debug_arms = Vec::new();
    for m in members {
        let variant = ident(&m.variant_name);
        let vdocs = docs_or(m.docs.as_deref(), || {
            format!("The `{}` member.", m.wire_name)
        });
        let dep = deprecated_attr(m.deprecated.as_ref());
        let shown = &m.variant_name;
        if m.ty == TypeRef::Unit {
            variants.push(quote! { #vdocs #dep #variant, });
            debug_arms.push(quote! { Self::#variant => f.write_str(#shown), });
        } else {
            let ty = member_type(ir, m)?;
            variants.push(quote! { #vdocs #dep #variant(#ty), });
            debug_arms.push(if m.sensitive || shape.sensitive {
                quote! { Self::#variant(_) => f.debug_tuple(#shown).field(&#REDACTED).finish(), }
            } else {
                quote! { Self::#variant(v) => f.debug_tuple(#shown).field(v).finish(), }
            });
        }
    }
    let unknown_shown = unknown.to_string();
    let redact = shape.sensitive || members.iter().any(|m| m.sensitive);
    let (derive_debug, debug) = if redact {
        (
            TokenStream::new(),
            quote! {
                impl ::std::fmt::Debug for #name {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        match self {
                            #(#debug_arms)*
                            Self::#unknown => f.write_str(#unknown_shown),
                        }
                    }
                }
            },
        )
    } else {
        (quote! { Debug, }, TokenStream::new())
    };
    Ok(quote! {
        #docs
        #deprecated
        #[non_exhaustive]
        #[derive(Clone, PartialEq, #derive_debug)]
        pub enum #name {
            #(#variants)*
            /// A member this version of the crate does not know. It can be received, not sent.
            #unknown,
        }

        #debug
    })
}

fn string_enum(shape: &ShapeIr, variants: &[EnumVariantIr], unknown: &str) -> TokenStream {
    let name = ident(&shape.rust_name);
    let docs = shape_docs(shape);
    let deprecated = deprecated_attr(shape.deprecated.as_ref());
    let unknown = ident(unknown);
    let decls = variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let vdocs = docs_or(v.docs.as_deref(), || format!("`{}`", v.value));
        let dep = deprecated_attr(v.deprecated.as_ref());
        quote! { #vdocs #dep #variant, }
    });
    let to_str = variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let value = &v.value;
        quote! { Self::#variant => #value, }
    });
    let from_str: Vec<TokenStream> = variants
        .iter()
        .map(|v| {
            let variant = ident(&v.rust_name);
            let value = &v.value;
            quote! { #value => Self::#variant, }
        })
        .collect();
    let values = variants.iter().map(|v| &v.value);
    quote! {
        #docs
        #deprecated
        #[non_exhaustive]
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#decls)*
            /// A value this version of the crate does not know, kept verbatim so it is sent back unchanged.
            #unknown(::std::string::String),
        }

        impl #name {
            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    Self::#unknown(value) => value.as_str(),
                }
            }

            /// Every value this version of the crate knows.
            pub const fn values() -> &'static [&'static str] {
                &[#(#values),*]
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_str)*
                    other => Self::#unknown(other.to_owned()),
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for #name {
            fn from(value: ::std::string::String) -> Self {
                match value.as_str() {
                    #(#from_str)*
                    _ => Self::#unknown(value),
                }
            }
        }

        impl ::std::convert::AsRef<str> for #name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}

fn int_enum(shape: &ShapeIr, variants: &[IntVariantIr], unknown: &str) -> TokenStream {
    let name = ident(&shape.rust_name);
    let docs = shape_docs(shape);
    let deprecated = deprecated_attr(shape.deprecated.as_ref());
    let unknown = ident(unknown);
    let decls = variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let vdocs = docs_or(v.docs.as_deref(), || format!("`{}`", v.value));
        quote! { #vdocs #variant, }
    });
    let to_int = variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let value = v.value;
        quote! { Self::#variant => #value, }
    });
    let from_int = variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let value = v.value;
        quote! { #value => Self::#variant, }
    });
    quote! {
        #docs
        #deprecated
        #[non_exhaustive]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#decls)*
            /// A value this version of the crate does not know, kept so it is sent back unchanged.
            #unknown(i32),
        }

        impl #name {
            /// The value as it appears on the wire.
            pub fn as_i32(&self) -> i32 {
                match self {
                    #(#to_int)*
                    Self::#unknown(value) => *value,
                }
            }
        }

        impl ::std::convert::From<i32> for #name {
            fn from(value: i32) -> Self {
                match value {
                    #(#from_int)*
                    other => Self::#unknown(other),
                }
            }
        }
    }
}

/// The `@default` value as the model writes it, for docs.
fn default_text(value: &DefaultValue) -> String {
    match value {
        DefaultValue::Bool(b) => b.to_string(),
        DefaultValue::Int(n) | DefaultValue::EpochSeconds(n) => n.to_string(),
        DefaultValue::Float(f) => f.to_string(),
        DefaultValue::String(s) => format!("{s:?}"),
        DefaultValue::EmptyList => "[]".to_owned(),
        DefaultValue::EmptyMap => "{}".to_owned(),
    }
}
