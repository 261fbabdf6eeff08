//! The service's `smithy.rules#endpointRuleSet`, parsed and type-checked into a form the
//! emitter turns straight into Rust `if`s, and its `smithy.rules#endpointTests`.
//!
//! Every expression carries its type and whether its Rust value is owned; `isSet` on a
//! parameter becomes a binding that narrows it, and references are resolved to parameters or
//! bound variables. What the generator can't compile (a function outside the standard
//! library, a type mismatch) is an `Err(reason)`: the caller then warns and keeps the regional
//! endpoint.

mod cases;
mod check;

use serde_json::Value;

use crate::docs::escape_markdown;
use crate::naming::field_name;

pub use cases::{EndpointTestCase, Expectation, OperationRun};

/// A rule set the generator can compile, with its test cases.
#[derive(Debug, Clone)]
pub struct EndpointRules {
    /// Parameters, in model order.
    pub params: Vec<EndpointParam>,
    /// Top-level rules, tried in order.
    pub rules: Vec<Rule>,
    /// Rust field of the `AWS::Region` string parameter, which `endpoint(region)` sets.
    pub region_field: Option<String>,
    /// Parameters each operation sets (`smithy.rules#staticContextParams`), for operations
    /// that set any.
    pub operation_params: Vec<OperationParams>,
    /// The `smithy.rules#endpointTests` cases, in model order.
    pub tests: Vec<EndpointTestCase>,
}

impl EndpointRules {
    /// The parameter with this rule-set name.
    pub fn param(&self, name: &str) -> Option<&EndpointParam> {
        self.params.iter().find(|p| p.name == name)
    }

    /// The parameter bound to this built-in (`AWS::Region`, `SDK::Endpoint`, ...).
    pub fn built_in(&self, built_in: &str) -> Option<&EndpointParam> {
        self.params
            .iter()
            .find(|p| p.built_in.as_deref() == Some(built_in))
    }
}

/// Parameter values one operation sets before resolving.
#[derive(Debug, Clone)]
pub struct OperationParams {
    /// Operation name as modeled.
    pub operation: String,
    /// (parameter name, value), from `staticContextParams`.
    pub values: Vec<(String, Literal)>,
    /// (parameter name, Rust field of the input member), from `contextParam`.
    pub context: Vec<(String, String)>,
}

/// One rule-set parameter, a field of the generated `EndpointParams`.
#[derive(Debug, Clone)]
pub struct EndpointParam {
    /// Name in the rule set (`UseFIPS`).
    pub name: String,
    /// Rust field name (`use_fips`).
    pub field: String,
    /// Its type.
    pub kind: ParamKind,
    /// The `default`; a parameter without one is an `Option` field.
    pub default: Option<Literal>,
    /// `required` without a default: resolution fails when it is unset.
    pub required: bool,
    /// `builtIn` (`AWS::Region`, `AWS::UseFIPS`, `SDK::Endpoint`, ...).
    pub built_in: Option<String>,
    /// `documentation`, as Markdown.
    pub docs: Option<String>,
    /// `deprecated`: its message and date, as Markdown.
    pub deprecated: Option<String>,
}

impl EndpointParam {
    /// Whether the field is an `Option` (no default).
    pub fn optional(&self) -> bool {
        self.default.is_none()
    }

    /// The type an expression reading the parameter has, before any `isSet` narrows it.
    fn ty(&self) -> Ty {
        let ty = self.kind.ty();
        if self.default.is_none() && !self.required {
            Ty::Optional(Box::new(ty))
        } else {
            ty
        }
    }
}

/// Parameter types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamKind {
    /// `boolean`: `bool`.
    Bool,
    /// `string`: `String`.
    String,
    /// `stringArray`: `Vec<String>`.
    StringArray,
}

impl ParamKind {
    fn ty(self) -> Ty {
        match self {
            ParamKind::Bool => Ty::Bool,
            ParamKind::String => Ty::Str,
            ParamKind::StringArray => Ty::StrArray,
        }
    }

    /// The rule-set spelling.
    pub fn name(self) -> &'static str {
        match self {
            ParamKind::Bool => "boolean",
            ParamKind::String => "string",
            ParamKind::StringArray => "stringArray",
        }
    }
}

/// A parameter value: a default, a test case's value, a static context value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Literal {
    /// A boolean.
    Bool(bool),
    /// A string.
    String(String),
    /// An array of strings.
    StringArray(Vec<String>),
}

impl Literal {
    /// The value of a parameter of `kind` from JSON; `None` if the JSON has another type.
    pub fn from_json(kind: ParamKind, value: &Value) -> Option<Literal> {
        match (kind, value) {
            (ParamKind::Bool, Value::Bool(b)) => Some(Literal::Bool(*b)),
            (ParamKind::String, Value::String(s)) => Some(Literal::String(s.clone())),
            (ParamKind::StringArray, Value::Array(items)) => items
                .iter()
                .map(|v| v.as_str().map(str::to_owned))
                .collect::<Option<Vec<_>>>()
                .map(Literal::StringArray),
            _ => None,
        }
    }
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
    /// An endpoint.
    Endpoint(EndpointIr),
    /// An error with this message (a string expression).
    Error(Expr),
    /// Nested rules, tried in order.
    Tree(Vec<Rule>),
}

/// The endpoint an endpoint rule gives.
#[derive(Debug, Clone)]
pub struct EndpointIr {
    /// The URL (a string expression).
    pub url: Expr,
    /// Headers: name, then the values (string expressions), in model order.
    pub headers: Vec<(String, Vec<Expr>)>,
    /// Properties, in model order.
    pub properties: Vec<(String, Property)>,
}

/// An endpoint property value.
#[derive(Debug, Clone)]
pub enum Property {
    /// A string (template).
    Str(Expr),
    /// A boolean.
    Bool(bool),
    /// A whole number.
    Int(i64),
    /// An array.
    Array(Vec<Property>),
    /// An object, entries in model order.
    Object(Vec<(String, Property)>),
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
    /// A value that is always there (a string, an array), bound to a Rust variable: the
    /// condition always holds.
    Let {
        /// The expression.
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
    /// A string: `&str`, or `String` where the expression is owned.
    Str,
    /// An integer literal (`substring` indices, `split` limits).
    Int,
    /// `&'static ::smithy_rt::endpoint::Partition`.
    Partition,
    /// `::smithy_rt::endpoint::Url`.
    Url,
    /// `::smithy_rt::endpoint::Arn`.
    Arn,
    /// An array of strings: `&[String]`, or `Vec<String>` where the expression is owned.
    StrArray,
    /// `Option` of a non-optional type.
    Optional(Box<Ty>),
}

impl Ty {
    /// The type inside an `Option`, or the type itself.
    pub fn inner(&self) -> &Ty {
        match self {
            Ty::Optional(inner) => inner,
            other => other,
        }
    }

    /// Whether this is an `Option`.
    pub fn is_optional(&self) -> bool {
        matches!(self, Ty::Optional(_))
    }
}

/// A typed expression.
#[derive(Debug, Clone)]
pub struct Expr {
    /// What it is.
    pub kind: ExprKind,
    /// Its type.
    pub ty: Ty,
    /// Whether a string or array value (or the value inside the `Option`) is owned
    /// (`String`, `Vec<String>`) rather than borrowed (`&str`, `&[String]`).
    pub owned: bool,
}

/// Expression kinds.
#[derive(Debug, Clone)]
pub enum ExprKind {
    /// `true` / `false`.
    Bool(bool),
    /// An integer literal.
    Int(i64),
    /// A string literal (a template without placeholders).
    Str(String),
    /// A template with placeholders: string parts joined into an owned `String`.
    Concat(Vec<Expr>),
    /// A parameter of `EndpointParams`, read through `params`.
    Param {
        /// Rust field name.
        field: String,
        /// Its type.
        kind: ParamKind,
        /// Whether the field is an `Option`.
        optional: bool,
    },
    /// A Rust variable bound by a condition (or a required parameter, checked up front).
    Var {
        /// Rust variable name.
        name: String,
        /// Whether the variable holds an owned `String` / `Vec<String>` (read through
        /// `as_str()` / `as_slice()`).
        holds_owned: bool,
    },
    /// `isSet(x)` outside a condition.
    IsSet(Box<Expr>),
    /// `not(x)`.
    Not(Box<Expr>),
    /// `booleanEquals` / `stringEquals`.
    Equals(Box<Expr>, Box<Expr>),
    /// A runtime function.
    Call(Function, Vec<Expr>),
    /// `getAttr(x, "name")`: the Rust accessor method on a partition, URL or ARN.
    Attr(Box<Expr>, &'static str),
    /// `getAttr(x, "[i]")`: element `i` of an array (from the end when negative).
    Index(Box<Expr>, i64),
    /// `coalesce(a, b, ...)`: the first set value.
    Coalesce(Vec<Expr>),
    /// `ite(condition, then, else)`.
    Ite(Box<Expr>, Box<Expr>, Box<Expr>),
}

/// Runtime functions (`::smithy_rt::endpoint::*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Function {
    /// `aws.partition`.
    Partition,
    /// `aws.parseArn`.
    ParseArn,
    /// `aws.isVirtualHostableS3Bucket`.
    IsVirtualHostableS3Bucket,
    /// `parseURL`.
    ParseUrl,
    /// `substring`.
    Substring,
    /// `isValidHostLabel`.
    IsValidHostLabel,
    /// `uriEncode`.
    UriEncode,
    /// `split`.
    Split,
}

impl Function {
    /// Name of the runtime function.
    pub fn rust_name(self) -> &'static str {
        match self {
            Function::Partition => "partition",
            Function::ParseArn => "parse_arn",
            Function::IsVirtualHostableS3Bucket => "is_virtual_hostable_s3_bucket",
            Function::ParseUrl => "parse_url",
            Function::Substring => "substring",
            Function::IsValidHostLabel => "is_valid_host_label",
            Function::UriEncode => "uri_encode",
            Function::Split => "split",
        }
    }
}

/// What the rule set and its tests need to know about one operation.
#[derive(Debug, Clone)]
pub struct OperationInfo<'a> {
    /// Operation name as modeled.
    pub name: &'a str,
    /// The `smithy.rules#staticContextParams` trait value, if any.
    pub static_context_params: Option<&'a Value>,
    /// Whether the operation has `smithy.rules#operationContextParams`.
    pub operation_context_params: bool,
    /// Each `smithy.rules#contextParam` input member.
    pub context_params: Vec<ContextParam<'a>>,
}

/// An input member bound to an endpoint parameter (`smithy.rules#contextParam`).
#[derive(Debug, Clone)]
pub struct ContextParam<'a> {
    /// The member's name in the model.
    pub member: &'a str,
    /// Its Rust field, when its type is one the client can pass on (string, boolean, list of
    /// strings).
    pub field: Option<String>,
    /// The rule-set parameter.
    pub param: &'a str,
}

/// Parses and checks a rule set and its tests. `Err` names the first thing in the rule set
/// the generator can't compile; test cases it can't run are kept with a reason.
pub fn parse(
    rule_set: &Value,
    tests: Option<&Value>,
    operations: &[OperationInfo<'_>],
) -> Result<EndpointRules, String> {
    let obj = rule_set
        .as_object()
        .ok_or("the rule set is not an object")?;
    match obj.get("version").and_then(Value::as_str) {
        Some("1.0" | "1.1") => {}
        other => return Err(format!("rules engine version {other:?} is not supported")),
    }
    let params_json = obj
        .get("parameters")
        .and_then(Value::as_object)
        .ok_or("the rule set has no `parameters` object")?;
    let params = params_json
        .iter()
        .map(|(name, p)| parse_param(name, p))
        .collect::<Result<Vec<_>, _>>()?;
    let rules_json = obj
        .get("rules")
        .and_then(Value::as_array)
        .ok_or("the rule set has no `rules` array")?;
    let rules = check::rules(&params, rules_json)?;
    let region_field = params
        .iter()
        .find(|p| p.built_in.as_deref() == Some("AWS::Region") && p.kind == ParamKind::String)
        .map(|p| p.field.clone());
    let mut rules = EndpointRules {
        params,
        rules,
        region_field,
        operation_params: Vec::new(),
        tests: Vec::new(),
    };
    rules.operation_params = operations
        .iter()
        .map(|op| cases::static_params(&rules, op))
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .filter(|p| !p.values.is_empty() || !p.context.is_empty())
        .collect();
    if let Some(tests) = tests {
        rules.tests = cases::parse(&rules, tests, operations)?;
    }
    Ok(rules)
}

/// The entries of object member `key` of `value`; none when it is missing or not an object.
fn entries<'v>(value: &'v Value, key: &str) -> impl Iterator<Item = (&'v String, &'v Value)> {
    value
        .get(key)
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
}

fn parse_param(name: &str, p: &Value) -> Result<EndpointParam, String> {
    let kind = match p.get("type").and_then(Value::as_str) {
        Some(t) if t.eq_ignore_ascii_case("boolean") => ParamKind::Bool,
        Some(t) if t.eq_ignore_ascii_case("string") => ParamKind::String,
        Some(t) if t.eq_ignore_ascii_case("stringArray") => ParamKind::StringArray,
        other => return Err(format!("parameter {name} has unsupported type {other:?}")),
    };
    let default = match p.get("default") {
        None | Some(Value::Null) => None,
        Some(value) => Some(
            Literal::from_json(kind, value)
                .ok_or_else(|| format!("parameter {name} ({}) has default {value}", kind.name()))?,
        ),
    };
    let deprecated = p.get("deprecated").map(|d| {
        let mut note = String::from("Deprecated");
        if let Some(since) = d.get("since").and_then(Value::as_str) {
            note.push_str(&format!(" since {since}"));
        }
        if let Some(message) = d.get("message").and_then(Value::as_str) {
            note.push_str(&format!(": {message}"));
        }
        escape_markdown(&note)
    });
    Ok(EndpointParam {
        name: name.to_owned(),
        field: field_name(name),
        kind,
        default,
        required: p.get("required").and_then(Value::as_bool).unwrap_or(false),
        built_in: p.get("builtIn").and_then(Value::as_str).map(str::to_owned),
        docs: p
            .get("documentation")
            .and_then(Value::as_str)
            .map(escape_markdown),
        deprecated,
    })
}
