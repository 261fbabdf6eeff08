//! The HTTP binding traits, for every protocol that uses them (restJson1; restXml would too):
//! the statements that put an input's `@httpLabel`, `@httpQuery`, `@httpQueryParams`,
//! `@httpHeader` and `@httpPrefixHeaders` members on a `RequestBuilder`, and the expressions
//! that read an output's or error's header and status members back from a response. What goes
//! in the body is the protocol's.
//!
//! Value text follows the Smithy spec's binding rules (runtime `binding::text`); member order
//! is the model's, and an `@httpQuery` or `@httpHeader` member wins over a map entry of the
//! same name.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, named_type, timestamp_format};
use crate::CodegenError;
use crate::ir::{
    HttpBinding, HttpRoute, MemberIr, OperationIr, ServiceIr, ShapeIr, ShapeIrKind, TypeRef,
    UriPart,
};
use crate::runtime_type::{
    BINDING_HEADER, BINDING_TEXT, BUILD_ERROR, IDEMPOTENCY_TOKEN, METHOD, REQUEST_BUILDER,
};

/// `let mut request = RequestBuilder::new(..)?;` for the operation's method. In scope:
/// `endpoint`; `host_prefix` is an `Option<&str>` expression.
pub fn new_request(
    route: &HttpRoute,
    host_prefix: &TokenStream,
) -> Result<TokenStream, CodegenError> {
    let method = match route.method.as_str() {
        "GET" | "PUT" | "POST" | "DELETE" | "PATCH" | "HEAD" | "OPTIONS" => ident(&route.method),
        other => {
            return Err(CodegenError::new(format!(
                "@http method `{other}` is not one the generator knows"
            )));
        }
    };
    Ok(quote! {
        let mut request = #REQUEST_BUILDER::new(#METHOD::#method, endpoint, #host_prefix)?;
    })
}

/// Statements that put every label, query and header member of `input` on `request` (a
/// `RequestBuilder`), path first. In scope: `input: &Input` (unless the input is Unit).
pub fn request_members(
    ir: &ServiceIr,
    op: &OperationIr,
    route: &HttpRoute,
    input: Option<&ShapeIr>,
) -> Result<TokenStream, CodegenError> {
    let members: &[MemberIr] = match input.map(|s| &s.kind) {
        Some(ShapeIrKind::Structure { members, .. }) => members,
        _ => &[],
    };
    let shape_name = input.map_or("", |s| s.id.name());
    let ctx = Context { ir, op, shape_name };
    let mut out = Vec::new();
    for part in &route.path {
        match part {
            UriPart::Literal(text) => out.push(quote! { request.push_path(#text); }),
            UriPart::Label { name, greedy, .. } => {
                let member = members.iter().find(|m| &m.name == name).ok_or_else(|| {
                    CodegenError::new(format!(
                        "{}: URI label {{{name}}} is not an input member",
                        op.id
                    ))
                })?;
                out.push(ctx.label(member, *greedy)?);
            }
        }
    }
    for (name, value) in &route.query {
        out.push(match value {
            Some(value) => quote! { request.push_query(#name, #value); },
            None => quote! { request.push_query_name(#name); },
        });
    }
    let mut taken_query: Vec<&str> = route.query.iter().map(|(k, _)| k.as_str()).collect();
    let mut taken_headers = Vec::new();
    for m in members {
        match &m.http {
            HttpBinding::Query(name) => {
                taken_query.push(name);
                out.push(ctx.query(m, name)?);
            }
            HttpBinding::Header(name) => {
                taken_headers.push(name.to_ascii_lowercase());
                out.push(ctx.header(m, name)?);
            }
            _ => {}
        }
    }
    for m in members {
        match &m.http {
            HttpBinding::QueryParams => out.push(ctx.query_params(m, &taken_query)?),
            HttpBinding::PrefixHeaders(prefix) => {
                out.push(ctx.prefix_headers(m, prefix, &taken_headers)?)
            }
            _ => {}
        }
    }
    Ok(quote! { #(#out)* })
}

struct Context<'a> {
    ir: &'a ServiceIr,
    op: &'a OperationIr,
    shape_name: &'a str,
}

/// Text for a URI, query or header: an expression and whether it is an owned `String` (else
/// it is a `&str`, or a `&String`).
struct Text {
    expr: TokenStream,
    owned: bool,
}

impl Text {
    /// The text as a `&str` argument.
    fn arg(&self) -> TokenStream {
        let expr = &self.expr;
        if self.owned {
            quote! { &#expr }
        } else {
            expr.clone()
        }
    }
}

impl Context<'_> {
    fn error(&self, m: &MemberIr, what: &str) -> CodegenError {
        CodegenError::new(format!(
            "{}: member {}.{} ({:?}): {what}",
            self.op.id, self.shape_name, m.name, m.http
        ))
    }

    /// The member's value (`&T`) when set, else `Err(missing)`, or the configured default, or a
    /// fresh idempotency token. `None` when an unset member is simply left out.
    fn value(&self, m: &MemberIr, required: bool) -> Result<(TokenStream, bool), CodegenError> {
        let field = ident(&m.rust_name);
        let shape = self.shape_name;
        let member = &m.name;
        if let Some(fallback) = self.op.input_defaults.get(&m.name) {
            if m.ty != TypeRef::String {
                return Err(self.error(m, "`input_member_defaults` needs a string member"));
            }
            return Ok((
                quote! {
                    input.#field.as_deref().filter(|v| !v.is_empty()).unwrap_or(#fallback)
                },
                true,
            ));
        }
        if m.idempotency_token {
            return Ok((
                quote! {
                    &input.#field.clone().unwrap_or_else(#IDEMPOTENCY_TOKEN)
                },
                true,
            ));
        }
        if required || m.must_be_given() {
            return Ok((
                quote! {
                    input.#field.as_ref().ok_or(#BUILD_ERROR::MissingMember {
                        shape: #shape,
                        member: #member,
                    })?
                },
                true,
            ));
        }
        Ok((quote! { input.#field }, false))
    }

    /// Text of one scalar `value` (an expression of type `&T`).
    fn text(&self, m: &MemberIr, ty: &TypeRef, value: TokenStream) -> Result<Text, CodegenError> {
        let shape = self.shape_name;
        let member = &m.name;
        let owned = |expr| Text { expr, owned: true };
        let borrowed = |expr| Text { expr, owned: false };
        Ok(match ty {
            TypeRef::String if m.media_type.is_some() => {
                owned(quote! { #BINDING_TEXT::base64(#value) })
            }
            TypeRef::String | TypeRef::BigInteger | TypeRef::BigDecimal => borrowed(value),
            TypeRef::Boolean => borrowed(quote! { #BINDING_TEXT::boolean(*#value) }),
            TypeRef::Byte | TypeRef::Short | TypeRef::Integer | TypeRef::Long => {
                owned(quote! { #BINDING_TEXT::integer(*#value) })
            }
            TypeRef::Float => owned(quote! { #BINDING_TEXT::float(*#value) }),
            TypeRef::Double => owned(quote! { #BINDING_TEXT::double(*#value) }),
            TypeRef::Timestamp(format) => {
                let format = timestamp_format(*format);
                owned(quote! {
                    #BINDING_TEXT::timestamp(#value, #format)
                        .map_err(|e| #BUILD_ERROR::serialize(#shape, #member, e))?
                })
            }
            TypeRef::Named(id) => match &self.ir.shape(id)?.kind {
                ShapeIrKind::Enum { .. } => borrowed(quote! { #value.as_str() }),
                ShapeIrKind::IntEnum { .. } => {
                    owned(quote! { #BINDING_TEXT::integer(#value.as_i32()) })
                }
                _ => return Err(self.error(m, "a structure or union can't be bound here")),
            },
            TypeRef::Blob
            | TypeRef::Document
            | TypeRef::Unit
            | TypeRef::List { .. }
            | TypeRef::Map { .. } => {
                return Err(self.error(m, "only scalars (and lists of them) can be bound here"));
            }
        })
    }

    fn label(&self, m: &MemberIr, greedy: bool) -> Result<TokenStream, CodegenError> {
        if m.http != HttpBinding::Label {
            return Err(self.error(m, "a URI label must be an @httpLabel member"));
        }
        let (value, _) = self.value(m, true)?;
        let text = self.text(m, &m.ty, quote! { value })?;
        let arg = text.arg();
        let (shape, member) = (self.shape_name, &m.name);
        Ok(quote! {
            {
                let value = #value;
                request.push_label(#BINDING_TEXT::label(#shape, #member, #arg)?, #greedy);
            }
        })
    }

    /// Statements with `value: &T` of a set (or filled) member.
    fn with_value(&self, m: &MemberIr, body: TokenStream) -> Result<TokenStream, CodegenError> {
        let (value, always) = self.value(m, false)?;
        Ok(if always {
            quote! {
                {
                    let value = #value;
                    #body
                }
            }
        } else {
            quote! {
                if let ::std::option::Option::Some(value) = &#value {
                    #body
                }
            }
        })
    }

    fn query(&self, m: &MemberIr, name: &str) -> Result<TokenStream, CodegenError> {
        let body = match &m.ty {
            TypeRef::List { item, sparse, .. } => {
                let text = self.text(m, item, quote! { item })?.arg();
                let each = if *sparse {
                    quote! { value.iter().flatten() }
                } else {
                    quote! { value }
                };
                quote! {
                    for item in #each {
                        request.push_query(#name, #text);
                    }
                }
            }
            ty => {
                let text = self.text(m, ty, quote! { value })?.arg();
                quote! { request.push_query(#name, #text); }
            }
        };
        self.with_value(m, body)
    }

    fn query_params(&self, m: &MemberIr, taken: &[&str]) -> Result<TokenStream, CodegenError> {
        let TypeRef::Map { value, sparse, .. } = &m.ty else {
            return Err(self.error(m, "@httpQueryParams must be a map"));
        };
        if *sparse {
            return Err(self.error(m, "@httpQueryParams can't be a sparse map"));
        }
        let push = match value.as_ref() {
            TypeRef::List { item, .. } => {
                let text = self.text(m, item, quote! { item })?.arg();
                quote! {
                    for item in entry {
                        request.push_query(key, #text);
                    }
                }
            }
            ty => {
                let text = self.text(m, ty, quote! { entry })?.arg();
                quote! { request.push_query(key, #text); }
            }
        };
        let body = if taken.is_empty() {
            push
        } else {
            quote! {
                // A query member of the same name wins over the map.
                if !matches!(key.as_str(), #(#taken)|*) {
                    #push
                }
            }
        };
        let field = ident(&m.rust_name);
        Ok(quote! {
            if let ::std::option::Option::Some(map) = &input.#field {
                for (key, entry) in map {
                    #body
                }
            }
        })
    }

    fn header(&self, m: &MemberIr, name: &str) -> Result<TokenStream, CodegenError> {
        let body = match &m.ty {
            TypeRef::List { item, sparse, .. } => {
                let text = self.text(m, item, quote! { item })?;
                let expr = text.expr;
                // Strings and enums are quoted where they would split; numbers, booleans and
                // timestamps never need it.
                let quote_items = match item.as_ref() {
                    TypeRef::String => true,
                    TypeRef::Named(id) => {
                        matches!(self.ir.shape(id)?.kind, ShapeIrKind::Enum { .. })
                    }
                    _ => false,
                };
                let each = if *sparse {
                    quote! { value.iter().flatten() }
                } else {
                    quote! { value }
                };
                quote! {
                    let mut items = ::std::vec::Vec::with_capacity(value.len());
                    for item in #each {
                        items.push(#expr);
                    }
                    request.set_header(#name, &#BINDING_TEXT::header_list(&items, #quote_items))?;
                }
            }
            ty => {
                let text = self.text(m, ty, quote! { value })?.arg();
                quote! { request.set_header(#name, #text)?; }
            }
        };
        self.with_value(m, body)
    }

    fn prefix_headers(
        &self,
        m: &MemberIr,
        prefix: &str,
        taken: &[String],
    ) -> Result<TokenStream, CodegenError> {
        let TypeRef::Map { value, sparse, .. } = &m.ty else {
            return Err(self.error(m, "@httpPrefixHeaders must be a map"));
        };
        if **value != TypeRef::String || *sparse {
            return Err(self.error(m, "@httpPrefixHeaders must be a map of strings"));
        }
        let field = ident(&m.rust_name);
        // A header member of the same name wins over the map.
        let taken: Vec<&str> = taken
            .iter()
            .filter_map(|name| {
                name.get(..prefix.len())
                    .filter(|p| p.eq_ignore_ascii_case(prefix))
                    .map(|_| name.as_str())
            })
            .collect();
        let append = quote! { request.append_header(&name, entry)?; };
        let body = if taken.is_empty() {
            append
        } else {
            quote! {
                if !matches!(name.to_ascii_lowercase().as_str(), #(#taken)|*) {
                    #append
                }
            }
        };
        Ok(quote! {
            if let ::std::option::Option::Some(map) = &input.#field {
                for (key, entry) in map {
                    let name = ::std::format!("{}{}", #prefix, key);
                    #body
                }
            }
        })
    }
}

/// What a response holds for one of its header, prefix-header or status members: an expression
/// that may use `?` on a `DeError`, with `response: &HttpResponse` in scope.
pub enum ResponseValue {
    /// An `Option` of the member's value: a header may be absent.
    Maybe(TokenStream),
    /// The member's value itself: a status code is always there.
    Always(TokenStream),
}

/// Every header, prefix-header and status member of an output or error `shape`, with what the
/// response holds for it.
pub fn response_members<'s>(
    ir: &ServiceIr,
    shape: &'s ShapeIr,
) -> Result<Vec<(&'s MemberIr, ResponseValue)>, CodegenError> {
    let ShapeIrKind::Structure { members, .. } = &shape.kind else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for m in members {
        let bad = |what: &str| CodegenError::new(format!("{}.{}: {what}", shape.id, m.name));
        let expr = match &m.http {
            HttpBinding::Header(name) => match &m.ty {
                TypeRef::List { item, sparse, .. } => {
                    let read = match item.as_ref() {
                        TypeRef::Timestamp(smithy_model::TimestampFormat::HttpDate) => {
                            quote! { #BINDING_HEADER::http_date_list(response, #name)? }
                        }
                        item => {
                            let parse = parser(ir, m, item).map_err(|e| bad(&e))?;
                            quote! { #BINDING_HEADER::list(response, #name, #parse)? }
                        }
                    };
                    if *sparse {
                        quote! { #read.map(|items| items.into_iter().map(::std::option::Option::Some).collect()) }
                    } else {
                        read
                    }
                }
                ty => {
                    let parse = parser(ir, m, ty).map_err(|e| bad(&e))?;
                    quote! { #BINDING_HEADER::one(response, #name, #parse)? }
                }
            },
            HttpBinding::PrefixHeaders(prefix) => {
                if !matches!(&m.ty, TypeRef::Map { value, sparse: false, .. } if **value == TypeRef::String)
                {
                    return Err(bad("@httpPrefixHeaders must be a map of strings"));
                }
                quote! { #BINDING_HEADER::prefixed(response, #prefix)? }
            }
            HttpBinding::ResponseCode => {
                if m.ty != TypeRef::Integer {
                    return Err(bad("@httpResponseCode must be an integer"));
                }
                out.push((
                    m,
                    ResponseValue::Always(quote! { i32::from(response.status().as_u16()) }),
                ));
                continue;
            }
            _ => continue,
        };
        out.push((m, ResponseValue::Maybe(expr)));
    }
    Ok(out)
}

/// A `fn(&str) -> Result<T, ParseError>` for one header value of type `ty`.
fn parser(ir: &ServiceIr, m: &MemberIr, ty: &TypeRef) -> Result<TokenStream, String> {
    Ok(match ty {
        TypeRef::String if m.media_type.is_some() => quote! { #BINDING_HEADER::media_string },
        TypeRef::String | TypeRef::BigInteger | TypeRef::BigDecimal => {
            quote! { #BINDING_HEADER::string }
        }
        TypeRef::Boolean => quote! { #BINDING_HEADER::boolean },
        TypeRef::Byte => quote! { #BINDING_HEADER::i8 },
        TypeRef::Short => quote! { #BINDING_HEADER::i16 },
        TypeRef::Integer => quote! { #BINDING_HEADER::i32 },
        TypeRef::Long => quote! { #BINDING_HEADER::i64 },
        TypeRef::Float => quote! { #BINDING_HEADER::f32 },
        TypeRef::Double => quote! { #BINDING_HEADER::f64 },
        TypeRef::Timestamp(format) => {
            let format = timestamp_format(*format);
            quote! { #BINDING_HEADER::timestamp(#format) }
        }
        TypeRef::Named(id) => {
            let shape = ir.shape(id).map_err(|e| e.to_string())?;
            let ty = named_type(ir, id).map_err(|e| e.to_string())?;
            match &shape.kind {
                ShapeIrKind::Enum { .. } => {
                    quote! { |v: &str| ::std::result::Result::Ok(#ty::from(v)) }
                }
                ShapeIrKind::IntEnum { .. } => {
                    quote! { |v: &str| #BINDING_HEADER::i32(v).map(#ty::from) }
                }
                _ => return Err("a structure or union can't be a header".to_owned()),
            }
        }
        _ => return Err("only scalars (and lists of them) can be headers".to_owned()),
    })
}
