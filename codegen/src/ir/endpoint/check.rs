//! The service's `smithy.rules#endpointRuleSet`, parsed and type-checked into a form the
//! emitter turns straight into Rust `if`s.
//!
//! Every expression carries its type, `isSet` on a parameter becomes a binding that narrows
//! it, and references are resolved to parameters or bound variables. Anything the generator
//! doesn't support (a function, a `getAttr` path, endpoint properties or headers, a type
//! mismatch) is an `Err(reason)`: the caller then warns and keeps the regional endpoint.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::docs::escape_markdown;
use crate::naming::field_name;

/// A rule set the generator can compile.
#[derive(Debug, Clone)]
pub struct EndpointRules {
    /// Parameters, in model order.
    pub params: Vec<EndpointParam>,
    /// Top-level rules, tried in order.
    pub rules: Vec<Rule>,
    /// Rust field of the `AWS::Region` string parameter, which `endpoint(region)` sets.
    pub region_field: Option<String>,
}

/// One rule-set parameter, a field of the generated `EndpointParams`.
#[derive(Debug, Clone)]
pub struct EndpointParam {
    /// Name in the rule set (`UseFIPS`).
    pub name: String,
    /// Rust field name (`use_fips`).
    pub field: String,
    /// `true` for `boolean`, `false` for `string`.
    pub boolean: bool,
    /// The `default`; a parameter without one is an `Option` field.
    pub default: Option<Literal>,
    /// `required` without a default: resolution fails when it is unset.
    pub required: bool,
    /// `builtIn` (`AWS::Region`, `AWS::UseFIPS`, `SDK::Endpoint`, ...).
    pub built_in: Option<String>,
    /// `documentation`, as Markdown.
    pub docs: Option<String>,
}

/// A parameter default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Literal {
    /// A boolean default.
    Bool(bool),
    /// A string default.
    String(String),
}

/// One rule: conditions, all of which must hold, then what it gives.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Conditions in order; later ones see the variables earlier ones bind.
    pub conditions: Vec<Condition>,
    /// What the rule gives when its conditions hold.
    pub body: RuleBody,
}

/// What a rule gives.
#[derive(Debug, Clone)]
pub enum RuleBody {
    /// An endpoint with this URL (a string expression).
    Endpoint(Expr),
    /// An error with this message (a string expression).
    Error(Expr),
    /// Nested rules, tried in order.
    Tree(Vec<Rule>),
}

/// A compiled condition.
#[derive(Debug, Clone)]
pub enum Condition {
    /// A boolean expression that must be true.
    True(Expr),
    /// An optional expression that must be set; its value is not used.
    IsSome(Expr),
    /// An optional expression that must be set; its value is bound to a Rust variable.
    Bind {
        /// The optional expression.
        expr: Expr,
        /// Rust variable name.
        var: String,
    },
    /// A boolean expression that must be true, also bound to a Rust variable.
    BindTrue {
        /// The boolean expression.
        expr: Expr,
        /// Rust variable name.
        var: String,
    },
}

/// Type of an expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ty {
    /// `bool`.
    Bool,
    /// `&str`, or `String` where [`Expr::owned`] says so.
    Str,
    /// An integer literal (`substring` indices).
    Int,
    /// `&'static ::smithy_rt::endpoint::Partition`.
    Partition,
    /// `::smithy_rt::endpoint::Url`.
    Url,
    /// `Option` of a non-optional type.
    Optional(Box<Ty>),
}

/// A typed expression.
#[derive(Debug, Clone)]
pub struct Expr {
    /// What it is.
    pub kind: ExprKind,
    /// Its type.
    pub ty: Ty,
}

/// Expression kinds.
#[derive(Debug, Clone)]
pub enum ExprKind {
    /// `true` / `false`.
    Bool(bool),
    /// A non-negative integer literal.
    Int(u64),
    /// A string literal (a template without placeholders).
    Str(String),
    /// A template with placeholders: string parts joined into an owned `String`.
    Concat(Vec<Expr>),
    /// A parameter of `EndpointParams`, read through `params`.
    Param {
        /// Rust field name.
        field: String,
        /// Whether the field is a `string` (read with `as_deref` / `as_str`).
        string: bool,
        /// Whether the field is an `Option`.
        optional: bool,
    },
    /// A Rust variable bound by a condition.
    Var(String),
    /// `isSet(x)` outside a condition.
    IsSet(Box<Expr>),
    /// `not(x)`.
    Not(Box<Expr>),
    /// `booleanEquals` / `stringEquals`.
    Equals(Box<Expr>, Box<Expr>),
    /// A runtime function.
    Call(Function, Vec<Expr>),
    /// `getAttr(x, "name")`: the Rust accessor method on a partition or URL.
    Attr(Box<Expr>, &'static str),
}

impl Expr {
    /// Whether a string expression is an owned `String` rather than a `&str`.
    pub fn owned(&self) -> bool {
        matches!(
            self.kind,
            ExprKind::Concat(_) | ExprKind::Call(Function::UriEncode, _)
        )
    }
}

/// Runtime functions (`::smithy_rt::endpoint::*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Function {
    /// `aws.partition`.
    Partition,
    /// `parseURL`.
    ParseUrl,
    /// `substring`.
    Substring,
    /// `isValidHostLabel`.
    IsValidHostLabel,
    /// `uriEncode`.
    UriEncode,
}

impl Function {
    /// Name of the runtime function.
    pub fn rust_name(self) -> &'static str {
        match self {
            Function::Partition => "partition",
            Function::ParseUrl => "parse_url",
            Function::Substring => "substring",
            Function::IsValidHostLabel => "is_valid_host_label",
            Function::UriEncode => "uri_encode",
        }
    }
}

/// Parses and checks a rule set. `Err` names the first thing the generator can't compile.
pub fn parse(rule_set: &Value) -> Result<EndpointRules, String> {
    let obj = rule_set.as_object().ok_or("the rule set is not an object")?;
    let params_json = obj
        .get("parameters")
        .and_then(Value::as_object)
        .ok_or("the rule set has no `parameters` object")?;
    let mut checker = Checker::default();
    let mut params = Vec::new();
    let mut scope = Scope::new();
    for (name, p) in params_json {
        let param = parse_param(name, p)?;
        checker.claim(&param.field, name)?;
        let optional = param.default.is_none() && !param.required;
        let ty = if param.boolean { Ty::Bool } else { Ty::Str };
        let expr = Expr {
            kind: ExprKind::Param {
                field: param.field.clone(),
                string: !param.boolean,
                optional: param.default.is_none(),
            },
            ty: if optional {
                Ty::Optional(Box::new(ty.clone()))
            } else {
                ty
            },
        };
        // A required parameter without a default is checked once and then read as a
        // variable of the same name.
        let expr = if param.required && param.default.is_none() {
            Expr {
                kind: ExprKind::Var(param.field.clone()),
                ty: expr.ty,
            }
        } else {
            expr
        };
        scope.insert(name.clone(), expr);
        params.push(param);
    }
    let rules_json = obj
        .get("rules")
        .and_then(Value::as_array)
        .ok_or("the rule set has no `rules` array")?;
    let rules = checker.rules(rules_json, &scope)?;
    let region_field = params
        .iter()
        .find(|p| p.built_in.as_deref() == Some("AWS::Region") && !p.boolean)
        .map(|p| p.field.clone());
    Ok(EndpointRules {
        params,
        rules,
        region_field,
    })
}

fn parse_param(name: &str, p: &Value) -> Result<EndpointParam, String> {
    let boolean = match p.get("type").and_then(Value::as_str) {
        Some(t) if t.eq_ignore_ascii_case("boolean") => true,
        Some(t) if t.eq_ignore_ascii_case("string") => false,
        other => return Err(format!("parameter {name} has unsupported type {other:?}")),
    };
    let default = match (p.get("default"), boolean) {
        (None, _) => None,
        (Some(Value::Bool(b)), true) => Some(Literal::Bool(*b)),
        (Some(Value::String(s)), false) => Some(Literal::String(s.clone())),
        (Some(other), _) => return Err(format!("parameter {name} has default {other}")),
    };
    Ok(EndpointParam {
        name: name.to_owned(),
        field: field_name(name),
        boolean,
        default,
        required: p.get("required").and_then(Value::as_bool).unwrap_or(false),
        built_in: p.get("builtIn").and_then(Value::as_str).map(str::to_owned),
        docs: p
            .get("documentation")
            .and_then(Value::as_str)
            .map(escape_markdown),
    })
}

/// Names in scope: rule-set name -> the expression that reads it.
type Scope = BTreeMap<String, Expr>;

#[derive(Default)]
struct Checker {
    /// Rust name -> rule-set name, so two names never become one variable.
    idents: BTreeMap<String, String>,
}

impl Checker {
    fn claim(&mut self, ident: &str, name: &str) -> Result<(), String> {
        if ident == "params" || ident.starts_with("r#") {
            return Err(format!("name {name} can't be a Rust variable"));
        }
        match self.idents.insert(ident.to_owned(), name.to_owned()) {
            Some(prev) if prev != name => Err(format!(
                "names {prev} and {name} both become the Rust variable {ident}"
            )),
            _ => Ok(()),
        }
    }

    fn rules(&mut self, rules: &[Value], scope: &Scope) -> Result<Vec<Rule>, String> {
        rules.iter().map(|r| self.rule(r, scope)).collect()
    }

    fn rule(&mut self, rule: &Value, scope: &Scope) -> Result<Rule, String> {
        let obj = rule.as_object().ok_or("a rule is not an object")?;
        let mut scope = scope.clone();
        let mut conditions = Vec::new();
        for c in obj
            .get("conditions")
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice)
        {
            conditions.push(self.condition(c, &mut scope)?);
        }
        let body = match obj.get("type").and_then(Value::as_str) {
            Some("endpoint") => {
                let endpoint = obj
                    .get("endpoint")
                    .and_then(Value::as_object)
                    .ok_or("an endpoint rule has no `endpoint`")?;
                for key in ["properties", "headers"] {
                    if endpoint
                        .get(key)
                        .and_then(Value::as_object)
                        .is_some_and(|m| !m.is_empty())
                    {
                        return Err(format!("endpoint {key} are not supported"));
                    }
                }
                let url = endpoint.get("url").ok_or("an endpoint has no `url`")?;
                RuleBody::Endpoint(self.string(url, &scope, "endpoint url")?)
            }
            Some("error") => {
                let message = obj.get("error").ok_or("an error rule has no `error`")?;
                RuleBody::Error(self.string(message, &scope, "error message")?)
            }
            Some("tree") => {
                let rules = obj
                    .get("rules")
                    .and_then(Value::as_array)
                    .ok_or("a tree rule has no `rules`")?;
                RuleBody::Tree(self.rules(rules, &scope)?)
            }
            other => return Err(format!("rule type {other:?} is not supported")),
        };
        let mut rule = Rule { conditions, body };
        drop_unused_bindings(&mut rule);
        Ok(rule)
    }

    fn condition(&mut self, c: &Value, scope: &mut Scope) -> Result<Condition, String> {
        let obj = c.as_object().ok_or("a condition is not an object")?;
        let assign = obj.get("assign").and_then(Value::as_str);
        // `isSet(Param)` narrows the parameter for the rest of the rule.
        if obj.get("fn").and_then(Value::as_str) == Some("isSet")
            && assign.is_none()
            && let Some(name) = single_ref(obj)
        {
            let expr = lookup(scope, name)?;
            if let Ty::Optional(inner) = &expr.ty {
                let var = field_name(name);
                self.claim(&var, name)?;
                let inner = (**inner).clone();
                scope.insert(
                    name.to_owned(),
                    Expr {
                        kind: ExprKind::Var(var.clone()),
                        ty: inner,
                    },
                );
                return Ok(Condition::Bind { expr, var });
            }
            return Err(format!("isSet({name}) on a value that is always set"));
        }
        let expr = self.expr(c, scope)?;
        match (assign, expr.ty.clone()) {
            (None, Ty::Bool) => Ok(Condition::True(expr)),
            (None, Ty::Optional(_)) => Ok(Condition::IsSome(expr)),
            (Some(name), ty) => {
                let var = field_name(name);
                self.claim(&var, name)?;
                let (condition, bound) = match ty {
                    Ty::Bool => (
                        Condition::BindTrue {
                            expr,
                            var: var.clone(),
                        },
                        Ty::Bool,
                    ),
                    Ty::Optional(inner) => (
                        Condition::Bind {
                            expr,
                            var: var.clone(),
                        },
                        *inner,
                    ),
                    other => return Err(format!("condition assigning {name} has type {other:?}")),
                };
                scope.insert(
                    name.to_owned(),
                    Expr {
                        kind: ExprKind::Var(var),
                        ty: bound,
                    },
                );
                Ok(condition)
            }
            (None, other) => Err(format!("a condition has type {other:?}")),
        }
    }

    /// A string expression (template, reference or call).
    fn string(&mut self, v: &Value, scope: &Scope, what: &str) -> Result<Expr, String> {
        let expr = self.expr(v, scope)?;
        if expr.ty != Ty::Str {
            return Err(format!("{what} has type {:?}, not string", expr.ty));
        }
        Ok(expr)
    }

    fn expr(&mut self, v: &Value, scope: &Scope) -> Result<Expr, String> {
        match v {
            Value::Bool(b) => Ok(Expr {
                kind: ExprKind::Bool(*b),
                ty: Ty::Bool,
            }),
            Value::Number(n) => {
                let n = n.as_u64().ok_or(format!("number {n} is not supported"))?;
                Ok(Expr {
                    kind: ExprKind::Int(n),
                    ty: Ty::Int,
                })
            }
            Value::String(s) => self.template(s, scope),
            Value::Object(obj) => {
                if let Some(name) = obj.get("ref").and_then(Value::as_str) {
                    return lookup(scope, name);
                }
                let name = obj
                    .get("fn")
                    .and_then(Value::as_str)
                    .ok_or("an expression is neither a literal, a `ref` nor a `fn`")?;
                let argv = obj
                    .get("argv")
                    .and_then(Value::as_array)
                    .ok_or(format!("call of {name} has no `argv`"))?;
                let args = argv
                    .iter()
                    .map(|a| self.expr(a, scope))
                    .collect::<Result<Vec<_>, _>>()?;
                typed_call(name, args)
            }
            other => Err(format!("expression {other} is not supported")),
        }
    }

    /// A string template: `{Name}` and `{Name#attr}` placeholders, `{{`/`}}` escapes.
    fn template(&mut self, s: &str, scope: &Scope) -> Result<Expr, String> {
        let mut parts = Vec::new();
        let mut text = String::new();
        let mut rest = s;
        while let Some(c) = rest.chars().next() {
            match c {
                '{' if rest.starts_with("{{") => {
                    text.push('{');
                    rest = rest.get(2..).unwrap_or("");
                }
                '}' if rest.starts_with("}}") => {
                    text.push('}');
                    rest = rest.get(2..).unwrap_or("");
                }
                '{' => {
                    let end = rest.find('}').ok_or(format!("template {s:?} is not closed"))?;
                    let inner = rest.get(1..end).unwrap_or("");
                    let expr = match inner.split_once('#') {
                        Some((name, path)) => attr(lookup(scope, name)?, path)?,
                        None => lookup(scope, inner)?,
                    };
                    if expr.ty != Ty::Str {
                        return Err(format!("template {s:?}: {{{inner}}} is not a set string"));
                    }
                    if !text.is_empty() {
                        parts.push(str_lit(std::mem::take(&mut text)));
                    }
                    parts.push(expr);
                    rest = rest.get(end + 1..).unwrap_or("");
                }
                '}' => return Err(format!("template {s:?} has an unmatched `}}`")),
                c => {
                    text.push(c);
                    rest = rest.get(c.len_utf8()..).unwrap_or("");
                }
            }
        }
        if !text.is_empty() || parts.is_empty() {
            parts.push(str_lit(text));
        }
        Ok(match <[Expr; 1]>::try_from(parts) {
            Ok([one]) => one,
            Err(parts) => Expr {
                kind: ExprKind::Concat(parts),
                ty: Ty::Str,
            },
        })
    }
}

fn str_lit(s: String) -> Expr {
    Expr {
        kind: ExprKind::Str(s),
        ty: Ty::Str,
    }
}

/// The name of a condition's only argument when it is a `ref`.
fn single_ref(obj: &Map<String, Value>) -> Option<&str> {
    match obj.get("argv")?.as_array()?.as_slice() {
        [arg] => arg.get("ref")?.as_str(),
        _ => None,
    }
}

fn lookup(scope: &Scope, name: &str) -> Result<Expr, String> {
    scope
        .get(name)
        .cloned()
        .ok_or(format!("reference to unknown name {name}"))
}

fn typed_call(name: &str, args: Vec<Expr>) -> Result<Expr, String> {
    let types: Vec<Ty> = args.iter().map(|a| a.ty.clone()).collect();
    let bad = || format!("{name} called with argument types {types:?}");
    let ty = match (name, types.as_slice()) {
        ("isSet", [Ty::Optional(_)]) => Ty::Bool,
        ("not", [Ty::Bool]) => Ty::Bool,
        ("booleanEquals", [Ty::Bool, Ty::Bool]) | ("stringEquals", [Ty::Str, Ty::Str]) => Ty::Bool,
        ("getAttr", [_, Ty::Str]) => {
            let mut args = args.into_iter();
            let (Some(of), Some(path)) = (args.next(), args.next()) else {
                return Err(bad());
            };
            let ExprKind::Str(path) = path.kind else {
                return Err("getAttr with a computed path".to_owned());
            };
            return attr(of, &path);
        }
        ("aws.partition", [Ty::Str]) => Ty::Optional(Box::new(Ty::Partition)),
        ("parseURL", [Ty::Str]) => Ty::Optional(Box::new(Ty::Url)),
        ("substring", [Ty::Str, Ty::Int, Ty::Int, Ty::Bool]) => Ty::Optional(Box::new(Ty::Str)),
        ("isValidHostLabel", [Ty::Str, Ty::Bool]) => Ty::Bool,
        ("uriEncode", [Ty::Str]) => Ty::Str,
        (
            "isSet" | "not" | "booleanEquals" | "stringEquals" | "getAttr" | "aws.partition"
            | "parseURL" | "substring" | "isValidHostLabel" | "uriEncode",
            _,
        ) => return Err(bad()),
        _ => return Err(format!("function {name} is not supported")),
    };
    let mut args = args.into_iter();
    let mut next = || args.next().map(Box::new).ok_or_else(bad);
    let kind = match name {
        "isSet" => ExprKind::IsSet(next()?),
        "not" => ExprKind::Not(next()?),
        "booleanEquals" | "stringEquals" => ExprKind::Equals(next()?, next()?),
        _ => {
            let function = match name {
                "aws.partition" => Function::Partition,
                "parseURL" => Function::ParseUrl,
                "substring" => Function::Substring,
                "isValidHostLabel" => Function::IsValidHostLabel,
                _ => Function::UriEncode,
            };
            ExprKind::Call(function, args.collect())
        }
    };
    Ok(Expr { kind, ty })
}

/// `getAttr(of, path)` for the one-name paths of partitions and URLs.
fn attr(of: Expr, path: &str) -> Result<Expr, String> {
    let (method, ty) = match (&of.ty, path) {
        (Ty::Partition, "name") => ("name", Ty::Str),
        (Ty::Partition, "dnsSuffix") => ("dns_suffix", Ty::Str),
        (Ty::Partition, "dualStackDnsSuffix") => ("dual_stack_dns_suffix", Ty::Str),
        (Ty::Partition, "supportsFIPS") => ("supports_fips", Ty::Bool),
        (Ty::Partition, "supportsDualStack") => ("supports_dual_stack", Ty::Bool),
        (Ty::Partition, "implicitGlobalRegion") => ("implicit_global_region", Ty::Str),
        (Ty::Url, "scheme") => ("scheme", Ty::Str),
        (Ty::Url, "authority") => ("authority", Ty::Str),
        (Ty::Url, "path") => ("path", Ty::Str),
        (Ty::Url, "normalizedPath") => ("normalized_path", Ty::Str),
        (Ty::Url, "isIp") => ("is_ip", Ty::Bool),
        (ty, _) => return Err(format!("getAttr path {path:?} on {ty:?} is not supported")),
    };
    Ok(Expr {
        kind: ExprKind::Attr(Box::new(of), method),
        ty,
    })
}

/// A binding no later condition or the body reads becomes a plain test, so the generated
/// code has no unused variables.
fn drop_unused_bindings(rule: &mut Rule) {
    for i in 0..rule.conditions.len() {
        let (head, tail) = rule.conditions.split_at_mut(i + 1);
        let Some(condition) = head.last_mut() else {
            continue;
        };
        let var = match condition {
            Condition::Bind { var, .. } | Condition::BindTrue { var, .. } => var.clone(),
            _ => continue,
        };
        let used = tail.iter().any(|c| condition_uses(c, &var)) || body_uses(&rule.body, &var);
        if !used {
            *condition = match condition.clone() {
                Condition::Bind { expr, .. } => Condition::IsSome(expr),
                Condition::BindTrue { expr, .. } => Condition::True(expr),
                other => other,
            };
        }
    }
}

fn condition_uses(c: &Condition, var: &str) -> bool {
    match c {
        Condition::True(e) | Condition::IsSome(e) => expr_uses(e, var),
        Condition::Bind { expr, .. } | Condition::BindTrue { expr, .. } => expr_uses(expr, var),
    }
}

fn body_uses(body: &RuleBody, var: &str) -> bool {
    match body {
        RuleBody::Endpoint(e) | RuleBody::Error(e) => expr_uses(e, var),
        RuleBody::Tree(rules) => rules.iter().any(|r| {
            r.conditions.iter().any(|c| condition_uses(c, var)) || body_uses(&r.body, var)
        }),
    }
}

fn expr_uses(e: &Expr, var: &str) -> bool {
    match &e.kind {
        ExprKind::Var(v) => v == var,
        ExprKind::Bool(_) | ExprKind::Int(_) | ExprKind::Str(_) | ExprKind::Param { .. } => false,
        ExprKind::Concat(parts) | ExprKind::Call(_, parts) => parts.iter().any(|p| expr_uses(p, var)),
        ExprKind::IsSet(x) | ExprKind::Not(x) | ExprKind::Attr(x, _) => expr_uses(x, var),
        ExprKind::Equals(a, b) => expr_uses(a, var) || expr_uses(b, var),
    }
}
