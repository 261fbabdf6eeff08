//! Walks the service closure and builds the [`ServiceIr`](super::ServiceIr).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;
use smithy_model::{EnumValue, Model, Shape, ShapeId, ShapeKind};

use super::*;
use crate::docs::{escape_markdown, html_to_markdown, summary};
use crate::naming::{field_name, snake_case, type_name, variant_name};
use crate::protocol::Protocol;
use crate::{CodegenError, CrateConfig};

/// Builds the IR for the service the config names.
pub fn build(model: &Model, config: &CrateConfig) -> Result<ServiceIr, CodegenError> {
    let service = find_service(model, config)?;
    let ShapeKind::Service(svc) = &service.kind else {
        return Err(CodegenError::new(format!(
            "{} is not a service",
            service.id
        )));
    };
    let protocol = Protocol::of_service(service).ok_or_else(|| {
        CodegenError::new(format!(
            "service {} uses no supported protocol (awsJson1_0 or awsJson1_1)",
            service.id
        ))
    })?;
    let mut builder = Builder {
        model,
        protocol,
        rename: &svc.rename,
        shapes: BTreeMap::new(),
        rust_names: BTreeMap::new(),
        depth: 0,
    };
    let mut warnings = Vec::new();
    let mut operations = Vec::new();
    let op_ids = model
        .operation_closure(&service.id)
        .map_err(|e| CodegenError::new(e.to_string()))?;
    for op_id in op_ids {
        let op = lookup(model, &op_id)?;
        if let Some(reason) = builder.unsupported(op)? {
            warnings.push(format!("skipped operation {op_id}: {reason}"));
            continue;
        }
        operations.push(builder.operation(service, op, &svc.errors, &config.endpoint_members)?);
    }
    if let Some(missing) = config
        .endpoint_members
        .keys()
        .find(|name| !operations.iter().any(|o| &o.name == *name))
    {
        return Err(CodegenError::new(format!(
            "`endpoint_members` names operation {missing}, which {} does not generate",
            service.id
        )));
    }
    operations.sort_by(|a, b| a.name.cmp(&b.name));
    let mut errors: Vec<ShapeId> = operations
        .iter()
        .flat_map(|o| o.errors.iter().cloned())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    errors.sort_by(|a, b| rust_name_of(&builder.shapes, a).cmp(rust_name_of(&builder.shapes, b)));
    let unhandled_variant = if errors
        .iter()
        .any(|e| rust_name_of(&builder.shapes, e) == "Unhandled")
    {
        "UnhandledError".to_owned()
    } else {
        "Unhandled".to_owned()
    };
    let endpoint_rules = service
        .traits
        .get("smithy.rules#endpointRuleSet")
        .and_then(|rule_set| match endpoint::parse(rule_set) {
            Ok(rules) => Some(rules),
            Err(reason) => {
                warnings.push(format!(
                    "service {}: endpoint rules not generated ({reason}); `endpoint(region)` \
                     gives the standard regional endpoint",
                    service.id
                ));
                None
            }
        });
    Ok(ServiceIr {
        package: config.package.clone(),
        id: service.id.clone(),
        name: service.id.name().to_owned(),
        title: service
            .traits
            .get("smithy.api#title")
            .and_then(Value::as_str)
            .map(str::to_owned),
        docs: docs_of(service),
        version: svc.version.clone(),
        protocol,
        signing_name: service.traits.sigv4().map(|s| s.name.clone()),
        endpoint_prefix: service
            .traits
            .aws_service()
            .and_then(|s| s.endpoint_prefix.clone()),
        endpoint_rules,
        operations,
        shapes: builder.shapes,
        errors,
        unhandled_variant,
        warnings,
    })
}

fn rust_name_of<'a>(shapes: &'a BTreeMap<ShapeId, ShapeIr>, id: &ShapeId) -> &'a str {
    shapes.get(id).map_or("", |s| s.rust_name.as_str())
}

fn find_service<'m>(model: &'m Model, config: &CrateConfig) -> Result<&'m Shape, CodegenError> {
    match &config.service {
        Some(id) => {
            let parsed = ShapeId::parse(id)
                .map_err(|e| CodegenError::new(format!("bad service id {id:?}: {e}")))?;
            model
                .shape(&parsed)
                .ok_or_else(|| CodegenError::new(format!("service {id} is not in the model")))
        }
        None => {
            let services: Vec<&Shape> = model.services().collect();
            match services.as_slice() {
                [one] => Ok(one),
                [] => Err(CodegenError::new("the model has no service shape")),
                many => Err(CodegenError::new(format!(
                    "the model has {} services ({}); name one with `service`",
                    many.len(),
                    many.iter()
                        .map(|s| s.id.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                ))),
            }
        }
    }
}

fn lookup<'m>(model: &'m Model, id: &ShapeId) -> Result<&'m Shape, CodegenError> {
    model
        .shape(id)
        .ok_or_else(|| CodegenError::new(format!("shape {id} is not in the model")))
}

fn docs_of(shape: &Shape) -> Option<String> {
    shape
        .traits
        .documentation()
        .map(html_to_markdown)
        .filter(|d| !d.trim().is_empty())
}

fn deprecation(traits: &smithy_model::Traits) -> Option<Deprecation> {
    traits.deprecated().map(|d| {
        let mut note = d
            .message
            .clone()
            .unwrap_or_else(|| "deprecated in the service model".to_owned());
        if let Some(since) = &d.since {
            note.push_str(&format!(" (since {since})"));
        }
        Deprecation { note }
    })
}

struct Builder<'m> {
    model: &'m Model,
    protocol: Protocol,
    rename: &'m BTreeMap<ShapeId, String>,
    shapes: BTreeMap<ShapeId, ShapeIr>,
    /// Rust type name -> shape that took it, to catch collisions.
    rust_names: BTreeMap<String, ShapeId>,
    /// How many `type_ref` calls are active: the walk recurses once per nesting level.
    depth: usize,
}

/// Deepest nesting of member targets (structures, unions, lists, maps) the walk follows.
/// The models this repository generates stay below it; a deeper (hostile) model gets an error
/// instead of a stack overflow here or in the emitters, which recurse the same way.
pub const MAX_NESTING: usize = 64;

impl<'m> Builder<'m> {
    /// Why an operation can't be generated, if it can't.
    fn unsupported(&self, op: &Shape) -> Result<Option<String>, CodegenError> {
        let ShapeKind::Operation(o) = &op.kind else {
            return Err(CodegenError::new(format!("{} is not an operation", op.id)));
        };
        let mut seen = BTreeSet::new();
        let mut stack: Vec<ShapeId> = o.input.iter().chain(o.output.iter()).cloned().collect();
        while let Some(id) = stack.pop() {
            if !seen.insert(id.clone()) {
                continue;
            }
            let shape = lookup(self.model, &id)?;
            if shape.traits.has("smithy.api#streaming") {
                let what = if matches!(shape.kind, ShapeKind::Union { .. }) {
                    "event streams"
                } else {
                    "streaming blobs"
                };
                return Ok(Some(format!("{what} are not supported ({id})")));
            }
            for m in members_of(shape) {
                stack.push(m.target.clone());
            }
        }
        Ok(None)
    }

    fn operation(
        &mut self,
        service: &Shape,
        op: &Shape,
        service_errors: &[ShapeId],
        endpoint_members: &BTreeMap<String, String>,
    ) -> Result<OperationIr, CodegenError> {
        let ShapeKind::Operation(o) = &op.kind else {
            return Err(CodegenError::new(format!("{} is not an operation", op.id)));
        };
        let op_name = type_name(self.renamed(&op.id));
        for (id, role) in o
            .input
            .iter()
            .map(|i| (i, "Input"))
            .chain(o.output.iter().map(|o| (o, "Output")))
        {
            self.named(id)?;
            if let Some(shape) = self.shapes.get_mut(id).filter(|s| s.docs.is_none()) {
                shape.docs = Some(format!(
                    "{role} of the [`{op_name}`](crate::operation::{op_name}) operation."
                ));
            }
        }
        let mut errors = Vec::new();
        for id in o.errors.iter().chain(service_errors) {
            if !errors.contains(id) {
                self.named(id)?;
                errors.push(id.clone());
            }
        }
        let name = op.id.name().to_owned();
        let rust_name = type_name(self.renamed(&op.id));
        let host_prefix = match op.traits.endpoint() {
            Some(e) => Some(self.host_prefix(&op.id, &e.host_prefix, o.input.as_ref())?),
            None => None,
        };
        let endpoint_member = match endpoint_members.get(&name) {
            Some(member) => Some(self.endpoint_member(&op.id, member, o.input.as_ref())?),
            None => None,
        };
        Ok(OperationIr {
            id: op.id.clone(),
            fn_name: snake_case(&rust_name),
            error_enum: format!("{rust_name}Error"),
            rust_name,
            target: self.protocol.target(service.id.name(), &name),
            name,
            docs: docs_of(op),
            summary: op
                .traits
                .documentation()
                .map(|html| escape_markdown(&summary(html)))
                .filter(|s| !s.is_empty()),
            input: o.input.clone(),
            output: o.output.clone(),
            errors,
            host_prefix,
            endpoint_member,
            request_compression: op
                .traits
                .request_compression()
                .is_some_and(|enc| enc.iter().any(|e| e == "gzip")),
            deprecated: deprecation(&op.traits),
            request_tests: test_cases(op, "smithy.test#httpRequestTests"),
            response_tests: test_cases(op, "smithy.test#httpResponseTests"),
        })
    }

    /// The member called `name` of the operation input, if there is both.
    fn input_member(
        &self,
        input: Option<&ShapeId>,
        name: &str,
    ) -> Option<&'m smithy_model::Member> {
        let shape = self.model.shape(input?)?;
        members_of(shape).iter().find(|m| m.name == name)
    }

    /// The input member that replaces the endpoint; it must be a string.
    fn endpoint_member(
        &self,
        op: &ShapeId,
        member: &str,
        input: Option<&ShapeId>,
    ) -> Result<(String, String), CodegenError> {
        let found = self.input_member(input, member).ok_or_else(|| {
            CodegenError::new(format!(
                "{op}: endpoint member `{member}` is not an input member"
            ))
        })?;
        let is_string = self
            .model
            .shape(&found.target)
            .is_some_and(|t| matches!(t.kind, ShapeKind::String));
        if !is_string {
            return Err(CodegenError::new(format!(
                "{op}: endpoint member `{member}` must target a string"
            )));
        }
        Ok((field_name(&found.name), found.name.clone()))
    }

    fn host_prefix(
        &self,
        op: &ShapeId,
        prefix: &str,
        input: Option<&ShapeId>,
    ) -> Result<Vec<HostPrefixPart>, CodegenError> {
        let mut parts = Vec::new();
        let mut rest = prefix;
        while let Some(start) = rest.find('{') {
            if start > 0 {
                parts.push(HostPrefixPart::Literal(rest[..start].to_owned()));
            }
            let after = &rest[start + 1..];
            let end = after.find('}').ok_or_else(|| {
                CodegenError::new(format!("{op}: unclosed `{{` in host prefix {prefix:?}"))
            })?;
            let label = &after[..end];
            let member = self.input_member(input, label).ok_or_else(|| {
                CodegenError::new(format!(
                    "{op}: host prefix label {{{label}}} is not an input member"
                ))
            })?;
            parts.push(HostPrefixPart::Label(
                field_name(&member.name),
                member.name.clone(),
            ));
            rest = &after[end + 1..];
        }
        if !rest.is_empty() {
            parts.push(HostPrefixPart::Literal(rest.to_owned()));
        }
        Ok(parts)
    }

    fn renamed<'a>(&'a self, id: &'a ShapeId) -> &'a str {
        self.rename.get(id).map_or(id.name(), String::as_str)
    }

    /// Registers a named shape (structure, union, enum, intEnum) and everything it reaches.
    fn named(&mut self, id: &ShapeId) -> Result<(), CodegenError> {
        if self.shapes.contains_key(id) {
            return Ok(());
        }
        let shape = lookup(self.model, id)?;
        let rust_name = type_name(self.renamed(id));
        if let Some(other) = self.rust_names.insert(rust_name.clone(), id.clone()) {
            return Err(CodegenError::new(format!(
                "shapes {other} and {id} both become the Rust type {rust_name}; add a service `rename`"
            )));
        }
        // Insert a placeholder first so cycles terminate.
        self.shapes.insert(
            id.clone(),
            ShapeIr {
                id: id.clone(),
                fn_suffix: snake_case(&rust_name),
                rust_name,
                docs: docs_of(shape),
                summary: shape
                    .traits
                    .documentation()
                    .map(|html| escape_markdown(&summary(html)))
                    .filter(|s| !s.is_empty()),
                sensitive: shape.traits.sensitive(),
                deprecated: deprecation(&shape.traits),
                kind: ShapeIrKind::Structure {
                    members: Vec::new(),
                    error: None,
                },
            },
        );
        let kind = match &shape.kind {
            ShapeKind::Structure { members } => {
                let members = self.members(shape, members)?;
                let error = shape.traits.error().map(|fault| ErrorIr {
                    fault,
                    http_status: shape.traits.http_error(),
                    code: id.name().to_owned(),
                    message_field: members
                        .iter()
                        .find(|m| {
                            m.wire_name.eq_ignore_ascii_case("message") && m.ty == TypeRef::String
                        })
                        .map(|m| m.rust_name.clone()),
                    retryable: shape.traits.get("smithy.api#retryable").map(|retryable| {
                        retryable
                            .get("throttling")
                            .and_then(Value::as_bool)
                            .unwrap_or(false)
                    }),
                    response_tests: test_cases(shape, "smithy.test#httpResponseTests"),
                });
                ShapeIrKind::Structure { members, error }
            }
            ShapeKind::Union { members } => {
                let members = self.members(shape, members)?;
                let unknown_variant = unknown_name(members.iter().map(|m| m.variant_name.as_str()));
                ShapeIrKind::Union {
                    members,
                    unknown_variant,
                }
            }
            ShapeKind::Enum { members } => {
                let mut variants = Vec::new();
                for m in members {
                    let value = match m.traits.enum_value() {
                        Some(EnumValue::String(s)) => s.clone(),
                        _ => m.name.clone(),
                    };
                    variants.push(EnumVariantIr {
                        rust_name: variant_name(&m.name),
                        value,
                        docs: m.traits.documentation().map(html_to_markdown),
                        deprecated: deprecation(&m.traits),
                    });
                }
                dedupe(variants.iter_mut().map(|v| &mut v.rust_name));
                let unknown_variant = unknown_name(variants.iter().map(|v| v.rust_name.as_str()));
                ShapeIrKind::Enum {
                    variants,
                    unknown_variant,
                }
            }
            ShapeKind::String => {
                // Smithy 1.0 `@enum` strings that survived into a 2.0 model.
                let variants = legacy_enum(shape)?;
                let unknown_variant = unknown_name(variants.iter().map(|v| v.rust_name.as_str()));
                ShapeIrKind::Enum {
                    variants,
                    unknown_variant,
                }
            }
            ShapeKind::IntEnum { members } => {
                let mut variants = Vec::new();
                for m in members {
                    let Some(EnumValue::Int(v)) = m.traits.enum_value() else {
                        return Err(CodegenError::new(format!(
                            "{}: intEnum member without an integer value",
                            m.id
                        )));
                    };
                    let value = i32::try_from(*v).map_err(|_| {
                        CodegenError::new(format!(
                            "{}: intEnum value {v} does not fit in i32",
                            m.id
                        ))
                    })?;
                    variants.push(IntVariantIr {
                        rust_name: variant_name(&m.name),
                        value,
                        docs: m.traits.documentation().map(html_to_markdown),
                    });
                }
                dedupe(variants.iter_mut().map(|v| &mut v.rust_name));
                let unknown_variant = unknown_name(variants.iter().map(|v| v.rust_name.as_str()));
                ShapeIrKind::IntEnum {
                    variants,
                    unknown_variant,
                }
            }
            other => {
                return Err(CodegenError::new(format!(
                    "{id}: a {} cannot be an operation input, output or error",
                    other.type_name()
                )));
            }
        };
        if let Some(entry) = self.shapes.get_mut(id) {
            entry.kind = kind;
        }
        Ok(())
    }

    fn members(
        &mut self,
        container: &Shape,
        members: &[smithy_model::Member],
    ) -> Result<Vec<MemberIr>, CodegenError> {
        let mut out = Vec::with_capacity(members.len());
        for m in members {
            let ty = self.type_ref(&m.target, &m.traits)?;
            let boxed = match &ty {
                TypeRef::Named(target) => self.direct_cycle(target, &container.id)?,
                _ => false,
            };
            out.push(MemberIr {
                wire_name: m.name.clone(),
                rust_name: field_name(&m.name),
                variant_name: type_name(&m.name),
                required: m.traits.required() && !m.traits.client_optional(),
                boxed,
                docs: m
                    .traits
                    .documentation()
                    .map(html_to_markdown)
                    .filter(|d| !d.trim().is_empty()),
                sensitive: m.traits.sensitive() || self.is_sensitive(&m.target)?,
                deprecated: deprecation(&m.traits),
                host_label: m.traits.host_label(),
                idempotency_token: m.traits.idempotency_token() && ty == TypeRef::String,
                default: self.default_value(m, &ty),
                ty,
            });
        }
        dedupe(out.iter_mut().map(|m| &mut m.rust_name));
        dedupe(out.iter_mut().map(|m| &mut m.variant_name));
        Ok(out)
    }

    fn type_ref(
        &mut self,
        target: &ShapeId,
        member_traits: &smithy_model::Traits,
    ) -> Result<TypeRef, CodegenError> {
        if self.depth >= MAX_NESTING {
            return Err(CodegenError::new(format!(
                "{target}: shapes nest more than {MAX_NESTING} levels deep (members, list \
                 members and map values); the generator does not follow them further"
            )));
        }
        self.depth += 1;
        let result = self.type_ref_unchecked(target, member_traits);
        self.depth -= 1;
        result
    }

    fn type_ref_unchecked(
        &mut self,
        target: &ShapeId,
        member_traits: &smithy_model::Traits,
    ) -> Result<TypeRef, CodegenError> {
        let shape = lookup(self.model, target)?;
        Ok(match &shape.kind {
            ShapeKind::String if shape.traits.has("smithy.api#enum") => {
                self.named(target)?;
                TypeRef::Named(target.clone())
            }
            ShapeKind::String => TypeRef::String,
            ShapeKind::Boolean => TypeRef::Boolean,
            ShapeKind::Byte => TypeRef::Byte,
            ShapeKind::Short => TypeRef::Short,
            ShapeKind::Integer => TypeRef::Integer,
            ShapeKind::Long => TypeRef::Long,
            ShapeKind::Float => TypeRef::Float,
            ShapeKind::Double => TypeRef::Double,
            ShapeKind::BigInteger => TypeRef::BigInteger,
            ShapeKind::BigDecimal => TypeRef::BigDecimal,
            ShapeKind::Blob => TypeRef::Blob,
            ShapeKind::Document => TypeRef::Document,
            ShapeKind::Timestamp => TypeRef::Timestamp(
                member_traits
                    .timestamp_format()
                    .or_else(|| shape.traits.timestamp_format())
                    .unwrap_or_else(|| self.protocol.default_timestamp_format()),
            ),
            ShapeKind::Structure { members }
                if members.is_empty() && target.to_string() == "smithy.api#Unit" =>
            {
                TypeRef::Unit
            }
            ShapeKind::Structure { .. }
            | ShapeKind::Union { .. }
            | ShapeKind::Enum { .. }
            | ShapeKind::IntEnum { .. } => {
                self.named(target)?;
                TypeRef::Named(target.clone())
            }
            ShapeKind::List { member } => TypeRef::List {
                item: Box::new(self.type_ref(&member.target, &member.traits)?),
                sparse: shape.traits.sparse(),
            },
            ShapeKind::Map { value, .. } => TypeRef::Map {
                value: Box::new(self.type_ref(&value.target, &value.traits)?),
                sparse: shape.traits.sparse(),
            },
            ShapeKind::Operation(_) | ShapeKind::Service(_) | ShapeKind::Resource(_) => {
                return Err(CodegenError::new(format!(
                    "a member targets {target}, which is a {}",
                    shape.kind.type_name()
                )));
            }
        })
    }

    /// The member's `@default` (or its prelude target's, e.g. `PrimitiveInteger`), when it has
    /// a Rust literal form. `null` and values of the wrong JSON type count as no default.
    fn default_value(&self, m: &smithy_model::Member, ty: &TypeRef) -> Option<DefaultValue> {
        let value = m.traits.default_value().or_else(|| {
            self.model
                .shape(&m.target)
                .and_then(|t| t.traits.default_value())
        })?;
        let named = |id: &ShapeId| self.model.shape(id).map(|s| &s.kind);
        match (ty, value) {
            (TypeRef::Boolean, Value::Bool(b)) => Some(DefaultValue::Bool(*b)),
            (
                TypeRef::Byte | TypeRef::Short | TypeRef::Integer | TypeRef::Long,
                Value::Number(n),
            ) => n.as_i64().map(DefaultValue::Int),
            (TypeRef::Float | TypeRef::Double, Value::Number(n)) => {
                n.as_f64().map(DefaultValue::Float)
            }
            (TypeRef::String, Value::String(s)) => Some(DefaultValue::String(s.clone())),
            (TypeRef::BigInteger | TypeRef::BigDecimal, Value::Number(n)) => {
                Some(DefaultValue::String(n.to_string()))
            }
            (TypeRef::Named(id), Value::String(s))
                if matches!(named(id), Some(ShapeKind::Enum { .. } | ShapeKind::String)) =>
            {
                Some(DefaultValue::String(s.clone()))
            }
            (TypeRef::Named(id), Value::Number(n))
                if matches!(named(id), Some(ShapeKind::IntEnum { .. })) =>
            {
                n.as_i64().map(DefaultValue::Int)
            }
            (TypeRef::List { .. }, Value::Array(a)) if a.is_empty() => {
                Some(DefaultValue::EmptyList)
            }
            (TypeRef::Map { .. }, Value::Object(o)) if o.is_empty() => Some(DefaultValue::EmptyMap),
            (TypeRef::Timestamp(_), Value::Number(n)) => n.as_i64().map(DefaultValue::EpochSeconds),
            _ => None,
        }
    }

    /// True when `from` reaches `to` through structure/union members alone.
    fn direct_cycle(&self, from: &ShapeId, to: &ShapeId) -> Result<bool, CodegenError> {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.clone()];
        while let Some(id) = stack.pop() {
            if &id == to {
                return Ok(true);
            }
            if !seen.insert(id.clone()) {
                continue;
            }
            let shape = lookup(self.model, &id)?;
            if let ShapeKind::Structure { members } | ShapeKind::Union { members } = &shape.kind {
                for m in members {
                    let target = lookup(self.model, &m.target)?;
                    if matches!(
                        target.kind,
                        ShapeKind::Structure { .. } | ShapeKind::Union { .. }
                    ) {
                        stack.push(m.target.clone());
                    }
                }
            }
        }
        Ok(false)
    }

    /// A member is redacted when its target, or any element it holds, is `@sensitive`.
    fn is_sensitive(&self, target: &ShapeId) -> Result<bool, CodegenError> {
        let shape = lookup(self.model, target)?;
        if shape.traits.sensitive() {
            return Ok(true);
        }
        match &shape.kind {
            ShapeKind::List { member } => self.is_sensitive(&member.target),
            ShapeKind::Map { key, value } => {
                Ok(self.is_sensitive(&key.target)? || self.is_sensitive(&value.target)?)
            }
            _ => Ok(false),
        }
    }
}

fn members_of(shape: &Shape) -> &[smithy_model::Member] {
    match &shape.kind {
        ShapeKind::Structure { members } | ShapeKind::Union { members } => members,
        ShapeKind::List { member } => std::slice::from_ref(member),
        _ => &[],
    }
}

fn test_cases(shape: &Shape, trait_id: &str) -> Vec<Value> {
    shape
        .traits
        .get(trait_id)
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

fn legacy_enum(shape: &Shape) -> Result<Vec<EnumVariantIr>, CodegenError> {
    let bad = || CodegenError::new(format!("{}: malformed smithy.api#enum trait", shape.id));
    let list = shape
        .traits
        .get("smithy.api#enum")
        .and_then(Value::as_array)
        .ok_or_else(bad)?;
    let mut variants = Vec::new();
    for entry in list {
        let value = entry.get("value").and_then(Value::as_str).ok_or_else(bad)?;
        let name = entry.get("name").and_then(Value::as_str).unwrap_or(value);
        variants.push(EnumVariantIr {
            rust_name: variant_name(name),
            value: value.to_owned(),
            docs: entry
                .get("documentation")
                .and_then(Value::as_str)
                .map(html_to_markdown),
            deprecated: None,
        });
    }
    dedupe(variants.iter_mut().map(|v| &mut v.rust_name));
    Ok(variants)
}

/// `Unknown`, unless a known variant already took that name.
fn unknown_name<'a>(mut names: impl Iterator<Item = &'a str>) -> String {
    if names.any(|n| n == "Unknown") {
        "UnknownValue".to_owned()
    } else {
        "Unknown".to_owned()
    }
}

/// Makes names unique by appending a counter to later duplicates.
fn dedupe<'a>(names: impl Iterator<Item = &'a mut String>) {
    let mut seen = BTreeSet::new();
    for name in names {
        if !seen.insert(name.clone()) {
            let base = name.trim_end_matches('_').to_owned();
            let mut n = 2;
            while !seen.insert(format!("{base}{n}")) {
                n += 1;
            }
            *name = format!("{base}{n}");
        }
    }
}
