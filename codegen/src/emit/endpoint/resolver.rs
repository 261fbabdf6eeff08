//! The body of `resolve_endpoint`: the rules as nested `if`s (conditions joined with `&&`,
//! bindings as `let` chains, always-there values as `let` statements that open a block),
//! calling the rules' standard library in the runtime's `endpoint` module.

use std::cell::Cell;

use proc_macro2::{Literal as TokenLiteral, TokenStream};
use quote::{format_ident, quote};

use crate::emit::ident;
use crate::ir::endpoint::{
    Condition, EndpointIr, EndpointRules, Expr, ExprKind, ParamKind, Property, Rule, RuleBody, Ty,
};
use crate::runtime_type::{DOCUMENT, ENDPOINT, ENDPOINT_ERROR, ENDPOINT_OBJECT, RESOLVED_ENDPOINT};

/// The statements of `resolve_endpoint`, and whether they read `params`.
pub(super) fn body(rules: &EndpointRules) -> (TokenStream, bool) {
    let emitter = Emitter {
        reads_params: Cell::new(false),
    };
    let mut body = TokenStream::new();
    for p in rules
        .params
        .iter()
        .filter(|p| p.required && p.default.is_none())
    {
        let field = ident(&p.field);
        let message = format!("endpoint parameter {} is required", p.name);
        let read = match p.kind {
            ParamKind::Bool => quote! { params.#field },
            ParamKind::String | ParamKind::StringArray => quote! { params.#field.as_deref() },
        };
        emitter.reads_params.set(true);
        body.extend(quote! {
            let ::std::option::Option::Some(#field) = #read else {
                return ::std::result::Result::Err(#ENDPOINT_ERROR::new(#message));
            };
        });
    }
    body.extend(emitter.rules(&rules.rules, true));
    (body, emitter.reads_params.get())
}

struct Emitter {
    /// Whether the code reads `params` (else the argument is `_params`).
    reads_params: Cell<bool>,
}

impl Emitter {
    /// Rules tried in order. In `tail` position (the function's last statement) the final
    /// outcome is the value of the block, not a `return`.
    fn rules(&self, rules: &[Rule], tail: bool) -> TokenStream {
        let mut out = TokenStream::new();
        for rule in rules {
            if rule
                .conditions
                .iter()
                .all(|c| matches!(c, Condition::Let { .. }))
            {
                // Always taken: later rules are unreachable.
                let lets = rule.conditions.iter().map(|c| self.let_statement(c));
                let body = self.body(&rule.body, tail);
                out.extend(if rule.conditions.is_empty() {
                    body
                } else {
                    quote! { { #(#lets)* #body } }
                });
                return out;
            }
            let body = self.body(&rule.body, false);
            out.extend(self.guarded(&rule.conditions, body));
        }
        out.extend(outcome(
            quote! {
                ::std::result::Result::Err(#ENDPOINT_ERROR::new(
                    "no endpoint rule matched the parameters",
                ))
            },
            tail,
        ));
        out
    }

    /// `body` under `conditions`: the tests before the first `Let` in one `if`, the `Let`
    /// as a statement inside it, then the rest the same way.
    fn guarded(&self, conditions: &[Condition], body: TokenStream) -> TokenStream {
        let split = conditions
            .iter()
            .position(|c| matches!(c, Condition::Let { .. }));
        let (tests, rest) = match split {
            Some(at) => conditions.split_at(at),
            None => (conditions, &[][..]),
        };
        let inner = match rest.split_first() {
            Some((binding, rest)) => {
                let statement = self.let_statement(binding);
                let rest = self.guarded(rest, body);
                quote! { #statement #rest }
            }
            None => body,
        };
        if tests.is_empty() {
            return quote! { { #inner } };
        }
        let tests = tests.iter().map(|c| self.condition(c));
        quote! {
            if #(#tests)&&* {
                #inner
            }
        }
    }

    fn let_statement(&self, c: &Condition) -> TokenStream {
        match c {
            Condition::Let { expr, var } => {
                let var = ident(var);
                let expr = self.expr(expr);
                quote! { let #var = #expr; }
            }
            other => self.condition(other),
        }
    }

    fn body(&self, body: &RuleBody, tail: bool) -> TokenStream {
        match body {
            RuleBody::Endpoint(endpoint) => {
                let endpoint = self.endpoint(endpoint);
                outcome(quote! { ::std::result::Result::Ok(#endpoint) }, tail)
            }
            RuleBody::Error(message) => {
                let message = self.expr(message);
                outcome(
                    quote! {
                        ::std::result::Result::Err(#ENDPOINT_ERROR::new(#message))
                    },
                    tail,
                )
            }
            RuleBody::Tree(rules) => self.rules(rules, tail),
        }
    }

    /// `Endpoint::new(url).with_header(..).with_property(..)`.
    fn endpoint(&self, endpoint: &EndpointIr) -> TokenStream {
        let url = self.expr(&endpoint.url);
        let mut out = quote! { #RESOLVED_ENDPOINT::new(#url) };
        for (name, values) in &endpoint.headers {
            for value in values {
                let value = self.expr(value);
                out = quote! { #out.with_header(#name, #value) };
            }
        }
        for (key, value) in &endpoint.properties {
            let value = self.property(value);
            out = quote! { #out.with_property(#key, #value) };
        }
        out
    }

    fn property(&self, p: &Property) -> TokenStream {
        match p {
            Property::Str(e) => {
                let e = self.expr(e);
                quote! { #DOCUMENT::from(#e) }
            }
            Property::Bool(b) => quote! { #DOCUMENT::Bool(#b) },
            Property::Int(n) => quote! { #DOCUMENT::from(#n) },
            Property::Array(items) => {
                let items = items.iter().map(|i| self.property(i));
                quote! { #DOCUMENT::Array(::std::vec![#(#items),*]) }
            }
            Property::Object(fields) => {
                let fields = fields.iter().map(|(k, v)| {
                    let v = self.property(v);
                    quote! { (#k, #v) }
                });
                quote! { #ENDPOINT_OBJECT([#(#fields),*]) }
            }
        }
    }

    fn condition(&self, c: &Condition) -> TokenStream {
        match c {
            Condition::True(e) => self.expr(e),
            Condition::IsSome(e) => self.is_some(e),
            Condition::Bind { expr, var } => {
                let var = ident(var);
                let expr = self.expr(expr);
                quote! { let ::std::option::Option::Some(#var) = #expr }
            }
            Condition::BindTrue { expr, var } => {
                let var = ident(var);
                let expr = self.expr(expr);
                quote! { let #var @ true = #expr }
            }
            // Emitted as a statement (see `guarded`); as a test it always holds.
            Condition::Let { .. } => quote! { true },
        }
    }

    fn is_some(&self, e: &Expr) -> TokenStream {
        self.is_set(e, true)
    }

    /// `x.is_some()`, or `x.is_none()` for `not(isSet(x))` (clippy's `nonminimal_bool`).
    fn is_set(&self, e: &Expr, set: bool) -> TokenStream {
        let method = if set {
            format_ident!("is_some")
        } else {
            format_ident!("is_none")
        };
        if let ExprKind::Param { field, .. } = &e.kind {
            self.reads_params.set(true);
            let field = ident(field);
            return quote! { params.#field.#method() };
        }
        let e = self.expr(e);
        quote! { #e.#method() }
    }

    /// A string expression as a `&str`.
    fn str_ref(&self, e: &Expr) -> TokenStream {
        let tokens = self.expr(e);
        if e.owned {
            quote! { #tokens.as_str() }
        } else {
            tokens
        }
    }

    /// An array expression as a `&[String]`.
    fn slice_ref(&self, e: &Expr) -> TokenStream {
        let tokens = self.expr(e);
        if e.owned {
            quote! { #tokens.as_slice() }
        } else {
            tokens
        }
    }

    /// An operand of `==`: comparisons get parentheses.
    fn operand(&self, e: &Expr) -> TokenStream {
        let tokens = match e.ty {
            Ty::Str => self.str_ref(e),
            _ => self.expr(e),
        };
        match e.kind {
            ExprKind::Equals(..) => quote! { (#tokens) },
            _ => tokens,
        }
    }

    fn expr(&self, e: &Expr) -> TokenStream {
        match &e.kind {
            ExprKind::Bool(b) => quote! { #b },
            ExprKind::Int(n) => {
                let n = TokenLiteral::i64_unsuffixed(*n);
                quote! { #n }
            }
            ExprKind::Str(s) => quote! { #s },
            ExprKind::Concat(parts) => {
                let parts = parts.iter().map(|p| self.str_ref(p));
                quote! { [#(#parts),*].concat() }
            }
            ExprKind::Param {
                field,
                kind,
                optional,
            } => {
                self.reads_params.set(true);
                let field = ident(field);
                match (kind, optional) {
                    (ParamKind::Bool, _) => quote! { params.#field },
                    (_, true) => quote! { params.#field.as_deref() },
                    (ParamKind::String, false) => quote! { params.#field.as_str() },
                    (ParamKind::StringArray, false) => quote! { params.#field.as_slice() },
                }
            }
            ExprKind::Var { name, holds_owned } => {
                let v = ident(name);
                match (holds_owned, &e.ty) {
                    (true, Ty::Str) => quote! { #v.as_str() },
                    (true, Ty::StrArray) => quote! { #v.as_slice() },
                    _ => quote! { #v },
                }
            }
            ExprKind::IsSet(x) => self.is_some(x),
            ExprKind::Not(x) => match &x.kind {
                ExprKind::Not(inner) => self.expr(inner),
                ExprKind::IsSet(inner) => self.is_set(inner, false),
                ExprKind::Equals(a, b) => self.compare(a, b, false),
                _ => {
                    let x = self.expr(x);
                    quote! { !#x }
                }
            },
            ExprKind::Equals(a, b) => self.compare(a, b, true),
            ExprKind::Call(function, args) => {
                let name = format_ident!("{}", function.rust_name());
                let args = args.iter().map(|a| match a.ty {
                    Ty::Str => self.str_ref(a),
                    _ => self.expr(a),
                });
                quote! { #ENDPOINT::#name(#(#args),*) }
            }
            ExprKind::Attr(of, method) => {
                let of = self.expr(of);
                let method = format_ident!("{}", method);
                quote! { #of.#method() }
            }
            ExprKind::Index(of, i) => {
                let of = self.slice_ref(of);
                let i = TokenLiteral::i64_unsuffixed(*i);
                quote! { #ENDPOINT::element(#of, #i) }
            }
            ExprKind::Coalesce(args) => self.coalesce(e, args),
            ExprKind::Ite(condition, then, otherwise) => {
                let condition = self.expr(condition);
                let optional = e.ty.is_optional();
                let then = self.converted(then, e.owned, optional);
                let otherwise = self.converted(otherwise, e.owned, optional);
                quote! { if #condition { #then } else { #otherwise } }
            }
        }
    }

    /// `a.or(b)...unwrap_or(first always-set argument)`; the arguments after that one are
    /// never reached.
    fn coalesce(&self, e: &Expr, args: &[Expr]) -> TokenStream {
        let last = args
            .iter()
            .position(|a| !a.ty.is_optional())
            .unwrap_or(args.len().saturating_sub(1));
        let mut parts = args
            .iter()
            .take(last + 1)
            .map(|a| self.converted(a, e.owned, false));
        let Some(mut out) = parts.next() else {
            return TokenStream::new();
        };
        for (i, part) in parts.enumerate() {
            out = if i + 1 == last && !e.ty.is_optional() {
                quote! { #out.unwrap_or(#part) }
            } else {
                quote! { #out.or(#part) }
            };
        }
        out
    }

    /// `a` as the result of a `coalesce`/`ite` that is owned (`owned`) and optional
    /// (`optional`): borrowed strings and arrays become owned, set values become `Some`.
    fn converted(&self, a: &Expr, owned: bool, optional: bool) -> TokenStream {
        let tokens = self.expr(a);
        let to_owned = match a.ty.inner() {
            Ty::Str if owned && !a.owned => Some(quote! { ::std::string::String::from }),
            Ty::StrArray if owned && !a.owned => Some(quote! { <[::std::string::String]>::to_vec }),
            _ => None,
        };
        let tokens = match (to_owned, a.ty.is_optional()) {
            (Some(f), true) => quote! { #tokens.map(#f) },
            (Some(f), false) => quote! { #f(#tokens) },
            (None, _) => tokens,
        };
        if optional && !a.ty.is_optional() {
            quote! { ::std::option::Option::Some(#tokens) }
        } else {
            tokens
        }
    }

    /// `a == b` (or `!=`), with comparisons against a boolean literal folded away.
    fn compare(&self, a: &Expr, b: &Expr, equal: bool) -> TokenStream {
        match (&a.kind, &b.kind) {
            (ExprKind::Bool(x), ExprKind::Bool(y)) => {
                let v = (x == y) == equal;
                quote! { #v }
            }
            (ExprKind::Bool(lit), _) | (_, ExprKind::Bool(lit)) => {
                let other = if matches!(a.kind, ExprKind::Bool(_)) {
                    b
                } else {
                    a
                };
                if *lit == equal {
                    self.expr(other)
                } else {
                    self.expr(&Expr {
                        kind: ExprKind::Not(Box::new(other.clone())),
                        ty: other.ty.clone(),
                        owned: false,
                    })
                }
            }
            _ => {
                let (a, b) = (self.operand(a), self.operand(b));
                if equal {
                    quote! { #a == #b }
                } else {
                    quote! { #a != #b }
                }
            }
        }
    }
}

/// A final `Result`: returned, or the block's value in tail position.
fn outcome(value: TokenStream, tail: bool) -> TokenStream {
    if tail {
        value
    } else {
        quote! { return #value; }
    }
}
