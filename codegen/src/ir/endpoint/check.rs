//! The type checker: rules, conditions, expressions and templates of a rule set, each
//! expression typed and resolved to parameters or bound variables.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::{
    Condition, EndpointIr, EndpointParam, Expr, ExprKind, Function, Property, Rule, RuleBody, Ty,
    entries,
};
use crate::naming::field_name;

/// The rules of a rule set whose parameters are `params`.
pub(super) fn rules(params: &[EndpointParam], rules: &[Value]) -> Result<Vec<Rule>, String> {
    let mut checker = Checker::default();
    let mut scope = Scope::new();
    for param in params {
        checker.claim(&param.field, &param.name)?;
        // A required parameter without a default is checked once and then read as a
        // variable of the same name.
        let kind = if param.required && param.default.is_none() {
            ExprKind::Var {
                name: param.field.clone(),
                holds_owned: false,
            }
        } else {
            ExprKind::Param {
                field: param.field.clone(),
                kind: param.kind,
                optional: param.optional(),
            }
        };
        scope.insert(
            param.name.clone(),
            Expr {
                kind,
                ty: param.ty(),
                owned: false,
            },
        );
    }
    checker.rules(rules, &scope)
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
            if let Some(condition) = self.condition(c, &mut scope)? {
                conditions.push(condition);
            }
        }
        let body = match obj.get("type").and_then(Value::as_str) {
            Some("endpoint") => {
                let endpoint = obj
                    .get("endpoint")
                    .filter(|e| e.is_object())
                    .ok_or("an endpoint rule has no `endpoint`")?;
                RuleBody::Endpoint(self.endpoint(endpoint, &scope)?)
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

    fn endpoint(&mut self, endpoint: &Value, scope: &Scope) -> Result<EndpointIr, String> {
        let url = endpoint.get("url").ok_or("an endpoint has no `url`")?;
        let url = self.string(url, scope, "endpoint url")?;
        let mut headers = Vec::new();
        for (name, values) in entries(endpoint, "headers") {
            let values = values
                .as_array()
                .ok_or(format!("endpoint header {name} is not an array"))?
                .iter()
                .map(|v| self.string(v, scope, "header value"))
                .collect::<Result<Vec<_>, _>>()?;
            headers.push((name.clone(), values));
        }
        let mut properties = Vec::new();
        for (key, value) in entries(endpoint, "properties") {
            properties.push((key.clone(), self.property(value, scope, key)?));
        }
        Ok(EndpointIr {
            url,
            headers,
            properties,
        })
    }

    /// A property value: strings are templates; references and functions are not allowed.
    fn property(&mut self, v: &Value, scope: &Scope, key: &str) -> Result<Property, String> {
        Ok(match v {
            Value::String(s) => Property::Str(self.template(s, scope)?),
            Value::Bool(b) => Property::Bool(*b),
            Value::Number(n) => Property::Int(n.as_i64().ok_or(format!(
                "endpoint property {key}: number {n} is not supported"
            ))?),
            Value::Array(items) => Property::Array(
                items
                    .iter()
                    .map(|i| self.property(i, scope, key))
                    .collect::<Result<_, _>>()?,
            ),
            Value::Object(fields) => {
                if fields.contains_key("ref") || fields.contains_key("fn") {
                    return Err(format!(
                        "endpoint property {key} holds a reference or function, which \
                         properties may not"
                    ));
                }
                Property::Object(
                    fields
                        .iter()
                        .map(|(k, v)| Ok((k.clone(), self.property(v, scope, key)?)))
                        .collect::<Result<_, String>>()?,
                )
            }
            Value::Null => return Err(format!("endpoint property {key} is null")),
        })
    }

    /// A condition, or `None` for one that always holds and binds nothing.
    fn condition(&mut self, c: &Value, scope: &mut Scope) -> Result<Option<Condition>, String> {
        let obj = c.as_object().ok_or("a condition is not an object")?;
        let assign = obj.get("assign").and_then(Value::as_str);
        // `isSet(Param)` narrows the parameter for the rest of the rule.
        if obj.get("fn").and_then(Value::as_str) == Some("isSet")
            && assign.is_none()
            && let Some(name) = single_ref(obj)
        {
            let expr = lookup(scope, name)?;
            let Ty::Optional(inner) = &expr.ty else {
                // Always set (a parameter with a default): the condition always holds.
                return Ok(None);
            };
            let var = field_name(name);
            self.claim(&var, name)?;
            let narrowed = Expr {
                kind: ExprKind::Var {
                    name: var.clone(),
                    holds_owned: expr.owned,
                },
                ty: (**inner).clone(),
                owned: false,
            };
            scope.insert(name.to_owned(), narrowed);
            return Ok(Some(Condition::Bind { expr, var }));
        }
        let expr = self.expr(c, scope)?;
        let Some(name) = assign else {
            return Ok(match expr.ty {
                Ty::Bool => Some(Condition::True(expr)),
                Ty::Optional(_) => Some(Condition::IsSome(expr)),
                // Any other value is there: the condition holds.
                _ => None,
            });
        };
        if scope.contains_key(name) {
            return Err(format!("assign to {name}, which is already in scope"));
        }
        let var = field_name(name);
        self.claim(&var, name)?;
        let (condition, bound) = match expr.ty.clone() {
            Ty::Bool => (
                Condition::BindTrue {
                    expr,
                    var: var.clone(),
                },
                Ty::Bool,
            ),
            Ty::Optional(inner) => (
                Condition::Bind {
                    expr: expr.clone(),
                    var: var.clone(),
                },
                *inner,
            ),
            Ty::Int => return Err(format!("condition assigning {name} has type Int")),
            other => (
                Condition::Let {
                    expr: expr.clone(),
                    var: var.clone(),
                },
                other,
            ),
        };
        let holds_owned = match &condition {
            Condition::Bind { expr, .. } | Condition::Let { expr, .. } => expr.owned,
            _ => false,
        };
        scope.insert(
            name.to_owned(),
            Expr {
                kind: ExprKind::Var {
                    name: var,
                    holds_owned,
                },
                ty: bound,
                owned: false,
            },
        );
        Ok(Some(condition))
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
            Value::Bool(b) => Ok(plain(ExprKind::Bool(*b), Ty::Bool)),
            Value::Number(n) => {
                let n = n.as_i64().ok_or(format!("number {n} is not supported"))?;
                Ok(plain(ExprKind::Int(n), Ty::Int))
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

    /// A string template: `{Name}` and `{Name#path}` placeholders, `{{`/`}}` escapes.
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
                    let end = rest
                        .find('}')
                        .ok_or(format!("template {s:?} is not closed"))?;
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
                owned: true,
            },
        })
    }
}

fn plain(kind: ExprKind, ty: Ty) -> Expr {
    Expr {
        kind,
        ty,
        owned: false,
    }
}

fn str_lit(s: String) -> Expr {
    plain(ExprKind::Str(s), Ty::Str)
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

/// Every function of the standard library and the AWS extensions, typed.
fn typed_call(name: &str, args: Vec<Expr>) -> Result<Expr, String> {
    let types: Vec<Ty> = args.iter().map(|a| a.ty.clone()).collect();
    let bad = || format!("{name} called with argument types {types:?}");
    let some = |ty: Ty| Ty::Optional(Box::new(ty));
    let function = match (name, types.as_slice()) {
        ("isSet", [Ty::Optional(_)]) => {
            return Ok(plain(ExprKind::IsSet(Box::new(one(args)?)), Ty::Bool));
        }
        // Always set: true.
        ("isSet", [_]) => return Ok(plain(ExprKind::Bool(true), Ty::Bool)),
        ("not", [Ty::Bool]) => {
            return Ok(plain(ExprKind::Not(Box::new(one(args)?)), Ty::Bool));
        }
        ("booleanEquals", [Ty::Bool, Ty::Bool]) | ("stringEquals", [Ty::Str, Ty::Str]) => {
            let [a, b] = <[Expr; 2]>::try_from(args).map_err(|_| bad())?;
            return Ok(plain(ExprKind::Equals(Box::new(a), Box::new(b)), Ty::Bool));
        }
        ("getAttr", [_, Ty::Str]) => {
            let [of, path] = <[Expr; 2]>::try_from(args).map_err(|_| bad())?;
            let ExprKind::Str(path) = path.kind else {
                return Err("getAttr with a computed path".to_owned());
            };
            return attr(of, &path);
        }
        ("coalesce", _) => return coalesce(args),
        ("ite", [Ty::Bool, _, _]) => return ite(args),
        ("aws.partition", [Ty::Str]) => (Function::Partition, some(Ty::Partition), false),
        ("aws.parseArn", [Ty::Str]) => (Function::ParseArn, some(Ty::Arn), false),
        ("aws.isVirtualHostableS3Bucket", [Ty::Str, Ty::Bool]) => {
            (Function::IsVirtualHostableS3Bucket, Ty::Bool, false)
        }
        ("parseURL", [Ty::Str]) => (Function::ParseUrl, some(Ty::Url), false),
        ("substring", [Ty::Str, Ty::Int, Ty::Int, Ty::Bool]) => {
            (Function::Substring, some(Ty::Str), false)
        }
        ("isValidHostLabel", [Ty::Str, Ty::Bool]) => (Function::IsValidHostLabel, Ty::Bool, false),
        ("uriEncode", [Ty::Str]) => (Function::UriEncode, Ty::Str, true),
        ("split", [Ty::Str, Ty::Str, Ty::Int]) => (Function::Split, Ty::StrArray, true),
        (
            "isSet"
            | "not"
            | "booleanEquals"
            | "stringEquals"
            | "getAttr"
            | "ite"
            | "aws.partition"
            | "aws.parseArn"
            | "aws.isVirtualHostableS3Bucket"
            | "parseURL"
            | "substring"
            | "isValidHostLabel"
            | "uriEncode"
            | "split",
            _,
        ) => return Err(bad()),
        _ => return Err(format!("function {name} is not supported")),
    };
    let (function, ty, owned) = function;
    // Integer arguments are indices and limits: never negative.
    if args
        .iter()
        .any(|a| matches!(a.kind, ExprKind::Int(n) if n < 0))
    {
        return Err(format!("{name} called with a negative integer"));
    }
    Ok(Expr {
        kind: ExprKind::Call(function, args),
        ty,
        owned,
    })
}

fn one(args: Vec<Expr>) -> Result<Expr, String> {
    let [a] = <[Expr; 1]>::try_from(args).map_err(|_| "expected one argument".to_owned())?;
    Ok(a)
}

/// Types `coalesce` and `ite` can return: values that copy (`bool`, partitions) or that can
/// be owned (strings, arrays).
fn mergeable(ty: &Ty) -> bool {
    matches!(ty, Ty::Bool | Ty::Str | Ty::StrArray | Ty::Partition)
}

/// `coalesce(a, b, ...)`: optional only when every argument is.
fn coalesce(args: Vec<Expr>) -> Result<Expr, String> {
    let Some(first) = args.first() else {
        return Err("coalesce called with no arguments".to_owned());
    };
    let base = first.ty.inner().clone();
    if args.len() < 2 || !mergeable(&base) || args.iter().any(|a| *a.ty.inner() != base) {
        let types: Vec<&Ty> = args.iter().map(|a| &a.ty).collect();
        return Err(format!("coalesce called with argument types {types:?}"));
    }
    let all_optional = args.iter().all(|a| a.ty.is_optional());
    let owned = args.iter().any(|a| a.owned);
    Ok(Expr {
        ty: if all_optional {
            Ty::Optional(Box::new(base))
        } else {
            base
        },
        owned,
        kind: ExprKind::Coalesce(args),
    })
}

/// `ite(condition, then, else)`: optional when either branch is.
fn ite(args: Vec<Expr>) -> Result<Expr, String> {
    let [condition, then, otherwise] =
        <[Expr; 3]>::try_from(args).map_err(|_| "ite takes three arguments".to_owned())?;
    let base = then.ty.inner().clone();
    if !mergeable(&base) || *otherwise.ty.inner() != base {
        return Err(format!(
            "ite called with branch types {:?} and {:?}",
            then.ty, otherwise.ty
        ));
    }
    let ty = if then.ty.is_optional() || otherwise.ty.is_optional() {
        Ty::Optional(Box::new(base))
    } else {
        base
    };
    Ok(Expr {
        ty,
        owned: then.owned || otherwise.owned,
        kind: ExprKind::Ite(Box::new(condition), Box::new(then), Box::new(otherwise)),
    })
}

/// `getAttr(of, path)`: `.`-separated keys, the last of which may end in `[index]` (or the
/// path is just `[index]`), on partitions, URLs, ARNs and arrays.
fn attr(of: Expr, path: &str) -> Result<Expr, String> {
    let unsupported = |ty: &Ty| format!("getAttr path {path:?} on {ty:?} is not supported");
    let mut expr = of;
    let parts: Vec<&str> = path.split('.').collect();
    for (i, part) in parts.iter().enumerate() {
        let (key, index) = match part.split_once('[') {
            Some((key, rest)) => {
                let digits = rest
                    .strip_suffix(']')
                    .ok_or_else(|| unsupported(&expr.ty))?;
                let index: i64 = digits.parse().map_err(|_| unsupported(&expr.ty))?;
                if i + 1 != parts.len() {
                    return Err(format!("getAttr path {path:?}: an index must end the path"));
                }
                (key, Some(index))
            }
            None => (*part, None),
        };
        if !key.is_empty() {
            let (method, ty) = match (&expr.ty, key) {
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
                (Ty::Arn, "partition") => ("partition", Ty::Str),
                (Ty::Arn, "service") => ("service", Ty::Str),
                (Ty::Arn, "region") => ("region", Ty::Str),
                (Ty::Arn, "accountId") => ("account_id", Ty::Str),
                (Ty::Arn, "resourceId") => ("resource_id", Ty::StrArray),
                (ty, _) => return Err(unsupported(ty)),
            };
            expr = plain(ExprKind::Attr(Box::new(expr), method), ty);
        }
        if let Some(index) = index {
            if expr.ty != Ty::StrArray {
                return Err(unsupported(&expr.ty));
            }
            expr = plain(
                ExprKind::Index(Box::new(expr), index),
                Ty::Optional(Box::new(Ty::Str)),
            );
        }
    }
    Ok(expr)
}

/// A binding no later condition or the body reads becomes a plain test (or, for a value that
/// is always there, nothing), so the generated code has no unused variables.
fn drop_unused_bindings(rule: &mut Rule) {
    let mut i = 0;
    while i < rule.conditions.len() {
        let (head, tail) = rule.conditions.split_at(i + 1);
        let Some(condition) = head.last() else {
            break;
        };
        let var = match condition {
            Condition::Bind { var, .. }
            | Condition::BindTrue { var, .. }
            | Condition::Let { var, .. } => var.clone(),
            _ => {
                i += 1;
                continue;
            }
        };
        let used = tail.iter().any(|c| condition_uses(c, &var)) || body_uses(&rule.body, &var);
        if used {
            i += 1;
            continue;
        }
        match rule.conditions.remove(i) {
            Condition::Bind { expr, .. } => rule.conditions.insert(i, Condition::IsSome(expr)),
            Condition::BindTrue { expr, .. } => rule.conditions.insert(i, Condition::True(expr)),
            // Pure and always there: nothing to test.
            _ => continue,
        }
        i += 1;
    }
}

fn condition_uses(c: &Condition, var: &str) -> bool {
    match c {
        Condition::True(e) | Condition::IsSome(e) => expr_uses(e, var),
        Condition::Bind { expr, .. }
        | Condition::BindTrue { expr, .. }
        | Condition::Let { expr, .. } => expr_uses(expr, var),
    }
}

fn body_uses(body: &RuleBody, var: &str) -> bool {
    match body {
        RuleBody::Endpoint(e) => {
            expr_uses(&e.url, var)
                || e.headers
                    .iter()
                    .any(|(_, values)| values.iter().any(|v| expr_uses(v, var)))
                || e.properties.iter().any(|(_, p)| property_uses(p, var))
        }
        RuleBody::Error(e) => expr_uses(e, var),
        RuleBody::Tree(rules) => rules.iter().any(|r| {
            r.conditions.iter().any(|c| condition_uses(c, var)) || body_uses(&r.body, var)
        }),
    }
}

fn property_uses(p: &Property, var: &str) -> bool {
    match p {
        Property::Str(e) => expr_uses(e, var),
        Property::Bool(_) | Property::Int(_) => false,
        Property::Array(items) => items.iter().any(|i| property_uses(i, var)),
        Property::Object(fields) => fields.iter().any(|(_, v)| property_uses(v, var)),
    }
}

fn expr_uses(e: &Expr, var: &str) -> bool {
    match &e.kind {
        ExprKind::Var { name, .. } => name == var,
        ExprKind::Bool(_) | ExprKind::Int(_) | ExprKind::Str(_) | ExprKind::Param { .. } => false,
        ExprKind::Concat(parts) | ExprKind::Call(_, parts) | ExprKind::Coalesce(parts) => {
            parts.iter().any(|p| expr_uses(p, var))
        }
        ExprKind::IsSet(x) | ExprKind::Not(x) | ExprKind::Attr(x, _) | ExprKind::Index(x, _) => {
            expr_uses(x, var)
        }
        ExprKind::Equals(a, b) => expr_uses(a, var) || expr_uses(b, var),
        ExprKind::Ite(c, a, b) => expr_uses(c, var) || expr_uses(a, var) || expr_uses(b, var),
    }
}
