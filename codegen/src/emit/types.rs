//! Structures, unions, enums and intEnums: one file per type in `types/` (and `error/` for
//! modeled errors); operation inputs and outputs go into their operation's module.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::defaults::{field_type, fill_expr, fill_text};
use super::{deprecated_attr, doc_attrs, docs_or, ident, module_attrs, rust_type, type_index};
use crate::CodegenError;
use crate::ir::{
    EnumVariantIr, ErrorIr, Fill, IntVariantIr, MemberIr, ServiceIr, ShapeIr, ShapeIrKind,
    TypeHome, TypeRef,
};
use crate::runtime_type::{
    DISPLAY_MODELED_ERROR, ERROR_METADATA, PROVIDE_ERROR_METADATA, REQUEST_ID, RESPONSE_REQUEST_ID,
};

/// Text that `Debug` prints in place of sensitive values (the same words the AWS SDKs use).
pub const REDACTED: &str = "*** Sensitive Data Redacted ***";

/// `types/mod.rs`: the shared types, each from its own file.
pub fn index(ir: &ServiceIr) -> Result<TokenStream, CodegenError> {
    Ok(type_index(ir, &TypeHome::Types))
}

/// The file of one shared type (in `types/` or, for a modeled error, `error/`).
pub fn shape_file(ir: &ServiceIr, shape: &ShapeIr) -> Result<TokenStream, CodegenError> {
    let attrs = module_attrs();
    let tokens = shape_tokens(ir, shape)?;
    Ok(quote! { #attrs #tokens })
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

/// Rust type of a member value (boxed where the member is; without the outer `Option`).
pub fn member_type(ir: &ServiceIr, m: &MemberIr) -> Result<TokenStream, CodegenError> {
    let ty = rust_type(ir, &m.ty)?;
    Ok(if m.boxed {
        quote! { ::std::boxed::Box<#ty> }
    } else {
        ty
    })
}

/// The field that carries the request id of the response, if `shape` is an operation's output
/// structure (named clear of its members).
pub fn request_id_field(ir: &ServiceIr, shape: &ShapeIr) -> Option<proc_macro2::Ident> {
    let ShapeIrKind::Structure {
        members,
        error: None,
    } = &shape.kind
    else {
        return None;
    };
    if !ir
        .operations
        .iter()
        .any(|op| op.output.as_ref() == Some(&shape.id))
    {
        return None;
    }
    let name = ["_request_id", "_request_id_"]
        .into_iter()
        .find(|n| members.iter().all(|m| m.rust_name != *n))
        .unwrap_or("_request_id__");
    Some(ident(name))
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
    let root = quote! { crate };
    let mut fields = Vec::new();
    let mut setters = Vec::new();
    let mut params = Vec::new();
    // Field initializers of `new` (members it takes, then fills) and of `Default`.
    let mut new_inits = Vec::new();
    let mut default_inits = Vec::new();
    let mut has_default = true;
    for m in members {
        let field = ident(&m.rust_name);
        let ty = field_type(ir, m)?;
        let field_docs = docs_or(m.docs.as_deref(), || format!("The `{}` member.", m.name));
        let presence = doc_attrs(&presence_note(ir, m));
        let dep = deprecated_attr(m.deprecated.as_ref());
        fields.push(quote! {
            #field_docs
            #presence
            #dep
            pub #field: #ty,
        });
        let plain = m.rust_name.trim_start_matches("r#");
        let setter = format_ident!("with_{}", plain);
        let inner = rust_type(ir, &m.ty)?;
        let wrap = |value: TokenStream| {
            let value = if m.boxed {
                quote! { ::std::boxed::Box::new(#value.into()) }
            } else {
                quote! { #value.into() }
            };
            if m.optional {
                quote! { ::std::option::Option::Some(#value) }
            } else {
                value
            }
        };
        let set = wrap(quote! { value });
        let setter_doc = format!(" Sets `{}` (`{}` on the wire).", m.rust_name, m.wire_name);
        setters.push(quote! {
            #[doc = #setter_doc]
            #dep
            pub fn #setter(mut self, value: impl ::std::convert::Into<#inner>) -> Self {
                self.#field = #set;
                self
            }
        });
        let fill = fill_expr(ir, m, &root)?;
        let unset = match (m.optional, &fill) {
            (true, _) => quote! { ::std::option::Option::None },
            (false, Some(fill)) => fill.clone(),
            (false, None) => {
                return Err(CodegenError::new(format!(
                    "internal: plain member {} of {} has no fill",
                    m.name, shape.id
                )));
            }
        };
        if m.must_be_given() {
            params.push(quote! { #field: impl ::std::convert::Into<#inner> });
            let given = wrap(quote! { #field });
            new_inits.push(quote! { #field: #given, });
            // Without `Default` a plain member can't be left out by accident.
            has_default &= m.optional;
        } else {
            new_inits.push(quote! { #field: #unset, });
        }
        default_inits.push(quote! { #field: #unset, });
    }
    let meta = meta_field(members);
    let meta_decl = if error.is_some() {
        let init = quote! { #meta: ::std::default::Default::default(), };
        new_inits.push(init.clone());
        default_inits.push(init);
        quote! {
            /// Code, message and request id of the response this error came from (boxed to
            /// keep error enums small).
            pub #meta: ::std::boxed::Box<#ERROR_METADATA>,
        }
    } else {
        TokenStream::new()
    };
    let request_id = request_id_field(ir, shape);
    let (request_id_decl, request_id_impl) = match &request_id {
        Some(field) => {
            let init = quote! { #field: ::std::default::Default::default(), };
            new_inits.push(init.clone());
            default_inits.push(init);
            (
                quote! {
                    /// The request id of the response this output was read from.
                    pub(crate) #field: #RESPONSE_REQUEST_ID,
                },
                quote! {
                    impl #REQUEST_ID for #name {
                        fn request_id(&self) -> ::std::option::Option<&str> {
                            self.#field.get()
                        }
                    }
                },
            )
        }
        None => (TokenStream::new(), TokenStream::new()),
    };
    let new_doc = if params.is_empty() && members.iter().all(|m| m.optional) {
        format!(" Creates an empty `{}`.", shape.rust_name)
    } else if params.is_empty() {
        format!(
            " Creates a `{}` with its members at their defaults; set them with the `with_*` methods.",
            shape.rust_name
        )
    } else {
        format!(
            " Creates a `{}` from its required members; set the others with the `with_*` methods.",
            shape.rust_name
        )
    };
    let many = (params.len() > 7).then(|| quote! { #[allow(clippy::too_many_arguments)] });
    // Parameters are named after members; clippy frowns on placeholder names like `foo`.
    let placeholder = members
        .iter()
        .any(|m| m.must_be_given() && CLIPPY_PLACEHOLDER_NAMES.contains(&m.rust_name.as_str()))
        .then(|| quote! { #[allow(clippy::disallowed_names)] });
    // `Default` is derived when every member is an `Option`, written out when plain members
    // have defaults, and left out when a plain member must be given.
    let all_optional = members.iter().all(|m| m.optional);
    let (derive_default, default_impl) = if all_optional {
        (quote! { Default, }, TokenStream::new())
    } else if has_default {
        let doc = format!(
            " A `{}` with every member at its default or unset.",
            shape.rust_name
        );
        (
            TokenStream::new(),
            quote! {
                impl ::std::default::Default for #name {
                    #[doc = #doc]
                    fn default() -> Self {
                        Self { #(#default_inits)* }
                    }
                }
            },
        )
    } else {
        (TokenStream::new(), TokenStream::new())
    };
    let debug = struct_debug(shape, members, &meta, error.is_some(), request_id.as_ref());
    let derive_debug = if debug.is_empty() {
        quote! { Debug, }
    } else {
        TokenStream::new()
    };
    let error_impls = match error {
        Some(e) => {
            let retry = super::errors::retry_kind_impl(ir, shape, e);
            let impls = error_impls(shape, members, e, &meta);
            quote! { #impls #retry }
        }
        None => TokenStream::new(),
    };
    Ok(quote! {
        #docs
        #deprecated
        #[non_exhaustive]
        #[derive(Clone, PartialEq, #derive_default #derive_debug)]
        pub struct #name {
            #(#fields)*
            #meta_decl
            #request_id_decl
        }

        impl #name {
            #[doc = #new_doc]
            #many
            #placeholder
            pub fn new(#(#params),*) -> Self {
                Self { #(#new_inits)* }
            }

            #(#setters)*
        }

        #default_impl
        #debug
        #error_impls
        #request_id_impl
    })
}

/// What the member's docs say about its presence: required, its default, what a response
/// that leaves it out reads as.
fn presence_note(ir: &ServiceIr, m: &MemberIr) -> String {
    match (&m.fill, &m.default) {
        (Some(fill @ Fill::Default(_)), _) => format!(
            "\nDefault: {}; a response without it reads as the default.",
            fill_text(ir, &m.ty, fill)
        ),
        (Some(Fill::Zero), _) => format!(
            "\nRequired. A response without it reads as {} (client error correction).",
            fill_text(ir, &m.ty, &Fill::Zero)
        ),
        (None, Some(default)) => format!(
            "\nThe service's default when left unset: {}.",
            fill_text(ir, &m.ty, &Fill::Default(default.clone()))
        ),
        (None, None) if m.must_be_given() => "\nRequired.".to_owned(),
        (None, None) => String::new(),
    }
}

/// Clippy's default `disallowed-names`.
const CLIPPY_PLACEHOLDER_NAMES: [&str; 3] = ["foo", "baz", "quux"];

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

fn error_impls(
    shape: &ShapeIr,
    members: &[MemberIr],
    error: &ErrorIr,
    meta: &proc_macro2::Ident,
) -> TokenStream {
    let name = ident(&shape.rust_name);
    let code = &error.code;
    let message_member = error
        .message_field
        .as_ref()
        .and_then(|field| members.iter().find(|m| &m.rust_name == field));
    let message = match message_member {
        Some(m) if m.optional => {
            let field = ident(&m.rust_name);
            quote! { self.#field.as_deref().or_else(|| self.#meta.message()) }
        }
        Some(m) => {
            let field = ident(&m.rust_name);
            quote! {
                ::std::option::Option::Some(self.#field.as_str())
                    .filter(|message| !message.is_empty())
                    .or_else(|| self.#meta.message())
            }
        }
        None => quote! { self.#meta.message() },
    };
    quote! {
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                #DISPLAY_MODELED_ERROR(f, #code, #message)
            }
        }

        impl ::std::error::Error for #name {}

        impl #PROVIDE_ERROR_METADATA for #name {
            fn meta(&self) -> &#ERROR_METADATA {
                &self.#meta
            }
        }

        impl #REQUEST_ID for #name {
            fn request_id(&self) -> ::std::option::Option<&str> {
                #REQUEST_ID::request_id(&*self.#meta)
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
        let vdocs = docs_or(m.docs.as_deref(), || format!("The `{}` member.", m.name));
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
