//! `src/endpoint_rules.rs`: the endpoint rule set compiled to Rust. `EndpointParams`
//! has one field per rule-set parameter; `resolve_endpoint` is the rules as nested `if`s
//! (conditions joined with `&&`, bindings as `let` chains), calling the rules' standard
//! library in the runtime's `endpoint` module.

use std::cell::Cell;

use proc_macro2::{Literal as TokenLiteral, TokenStream};
use quote::{format_ident, quote};

use super::{doc_attrs, ident};
use crate::ir::endpoint::{
    Condition, EndpointParam, EndpointRules, Expr, ExprKind, Literal, Rule, RuleBody,
};
use crate::runtime_type::{ENDPOINT, ENDPOINT_ERROR};

/// The whole file.
pub fn file(rules: &EndpointRules) -> TokenStream {
    let params = params_struct(&rules.params);
    let emitter = Emitter {
        reads_params: Cell::new(false),
    };
    let mut body = TokenStream::new();
    for p in rules.params.iter().filter(|p| p.required && p.default.is_none()) {
        let field = ident(&p.field);
        let name = &p.name;
        let message = format!("endpoint parameter {name} is required");
        let read = if p.boolean {
            quote! { params.#field }
        } else {
            quote! { params.#field.as_deref() }
        };
        emitter.reads_params.set(true);
        body.extend(quote! {
            let ::std::option::Option::Some(#field) = #read else {
                return ::std::result::Result::Err(#ENDPOINT_ERROR::new(#message));
            };
        });
    }
    body.extend(emitter.rules(&rules.rules, true));
    let arg = if emitter.reads_params.get() {
        quote! { params }
    } else {
        quote! { _params }
    };
    let error_doc = format!(
        " [`EndpointError`]({}) with the rule set's own",
        ENDPOINT_ERROR.path()
    );
    quote! {
        #params

        /// Resolves the endpoint URL from the service's endpoint rules
        /// (`smithy.rules#endpointRuleSet`), compiled into this function by the generator.
        ///
        /// # Errors
        ///
        #[doc = #error_doc]
        /// message when the rules reject the parameters (for example FIPS together with a
        /// custom endpoint, or no region).
        pub fn resolve_endpoint(
            #arg: &EndpointParams,
        ) -> ::std::result::Result<::std::string::String, #ENDPOINT_ERROR> {
            #body
        }
    }
}

fn params_struct(params: &[EndpointParam]) -> TokenStream {
    let mut fields = Vec::new();
    let mut inits = Vec::new();
    let mut setters = Vec::new();
    let mut derivable = true;
    for p in params {
        let field = ident(&p.field);
        let mut doc = p.docs.clone().unwrap_or_else(|| format!("`{}`.", p.name));
        doc.push_str(&format!("\n\nRule-set parameter `{}`", p.name));
        if let Some(built_in) = &p.built_in {
            doc.push_str(&format!(", built-in `{built_in}`"));
        }
        let (ty, init, value_ty, set) = match (&p.default, p.boolean) {
            (Some(Literal::Bool(b)), _) => {
                derivable &= !*b;
                doc.push_str(&format!("; default `{b}`"));
                (quote! { bool }, quote! { #b }, quote! { bool }, quote! { value })
            }
            (Some(Literal::String(s)), _) => {
                derivable &= s.is_empty();
                doc.push_str(&format!("; default `{s:?}`"));
                (
                    quote! { ::std::string::String },
                    quote! { ::std::string::String::from(#s) },
                    quote! { impl ::std::convert::Into<::std::string::String> },
                    quote! { value.into() },
                )
            }
            (None, true) => (
                quote! { ::std::option::Option<bool> },
                quote! { ::std::option::Option::None },
                quote! { bool },
                quote! { ::std::option::Option::Some(value) },
            ),
            (None, false) => (
                quote! { ::std::option::Option<::std::string::String> },
                quote! { ::std::option::Option::None },
                quote! { impl ::std::convert::Into<::std::string::String> },
                quote! { ::std::option::Option::Some(value.into()) },
            ),
        };
        if p.required && p.default.is_none() {
            doc.push_str("; required");
        }
        doc.push('.');
        let docs = doc_attrs(&doc);
        fields.push(quote! { #docs pub #field: #ty, });
        inits.push(quote! { #field: #init, });
        let setter = format_ident!("with_{}", p.field.trim_start_matches("r#"));
        let setter_doc = doc_attrs(&format!("Sets [`{0}`](Self::{0}).", p.field));
        setters.push(quote! {
            #setter_doc
            #[must_use]
            pub fn #setter(mut self, value: #value_ty) -> Self {
                self.#field = #set;
                self
            }
        });
    }
    let (derive, default_impl) = if derivable {
        (quote! { , Default }, TokenStream::new())
    } else {
        (
            TokenStream::new(),
            quote! {
                impl ::std::default::Default for EndpointParams {
                    fn default() -> Self {
                        EndpointParams { #(#inits)* }
                    }
                }
            },
        )
    };
    quote! {
        /// Parameters of the service's endpoint rules. Start from `default()` (the rule set's
        /// defaults) and set what you need with the `with_*` methods.
        #[derive(Debug, Clone, PartialEq, Eq #derive)]
        #[non_exhaustive]
        pub struct EndpointParams {
            #(#fields)*
        }

        #default_impl

        impl EndpointParams {
            #(#setters)*
        }
    }
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
            if rule.conditions.is_empty() {
                // Always taken: later rules are unreachable.
                out.extend(self.body(&rule.body, tail));
                return out;
            }
            let conditions = rule.conditions.iter().map(|c| self.condition(c));
            let body = self.body(&rule.body, false);
            out.extend(quote! {
                if #(#conditions)&&* {
                    #body
                }
            });
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

    fn body(&self, body: &RuleBody, tail: bool) -> TokenStream {
        match body {
            RuleBody::Endpoint(url) => {
                let url = self.owned_string(url);
                outcome(quote! { ::std::result::Result::Ok(#url) }, tail)
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
        }
    }

    fn is_some(&self, e: &Expr) -> TokenStream {
        if let ExprKind::Param { field, .. } = &e.kind {
            self.reads_params.set(true);
            let field = ident(field);
            return quote! { params.#field.is_some() };
        }
        let e = self.expr(e);
        quote! { #e.is_some() }
    }

    /// A string expression as an owned `String`.
    fn owned_string(&self, e: &Expr) -> TokenStream {
        let tokens = self.expr(e);
        if e.owned() {
            tokens
        } else {
            quote! { ::std::string::String::from(#tokens) }
        }
    }

    /// A string expression as a `&str`.
    fn str_ref(&self, e: &Expr) -> TokenStream {
        let tokens = self.expr(e);
        if e.owned() {
            quote! { #tokens.as_str() }
        } else {
            tokens
        }
    }

    /// An operand of `==`: comparisons and negations get parentheses.
    fn operand(&self, e: &Expr) -> TokenStream {
        let tokens = self.expr(e);
        match e.kind {
            ExprKind::Equals(..) => quote! { (#tokens) },
            _ => tokens,
        }
    }

    fn expr(&self, e: &Expr) -> TokenStream {
        match &e.kind {
            ExprKind::Bool(b) => quote! { #b },
            ExprKind::Int(n) => {
                let n = TokenLiteral::u64_unsuffixed(*n);
                quote! { #n }
            }
            ExprKind::Str(s) => quote! { #s },
            ExprKind::Concat(parts) => {
                let parts = parts.iter().map(|p| self.str_ref(p));
                quote! { [#(#parts),*].concat() }
            }
            ExprKind::Param {
                field,
                string,
                optional,
            } => {
                self.reads_params.set(true);
                let field = ident(field);
                match (string, optional) {
                    (true, true) => quote! { params.#field.as_deref() },
                    (true, false) => quote! { params.#field.as_str() },
                    (false, _) => quote! { params.#field },
                }
            }
            ExprKind::Var(v) => {
                let v = ident(v);
                quote! { #v }
            }
            ExprKind::IsSet(x) => self.is_some(x),
            ExprKind::Not(x) => match &x.kind {
                ExprKind::Not(inner) => self.expr(inner),
                ExprKind::Equals(a, b) => self.compare(a, b, false),
                _ => {
                    let x = self.expr(x);
                    quote! { !#x }
                }
            },
            ExprKind::Equals(a, b) => self.compare(a, b, true),
            ExprKind::Call(function, args) => {
                let name = format_ident!("{}", function.rust_name());
                let args = args.iter().map(|a| {
                    if a.ty == crate::ir::endpoint::Ty::Str {
                        self.str_ref(a)
                    } else {
                        self.expr(a)
                    }
                });
                quote! { #ENDPOINT::#name(#(#args),*) }
            }
            ExprKind::Attr(of, method) => {
                let of = self.expr(of);
                let method = format_ident!("{}", method);
                quote! { #of.#method() }
            }
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
