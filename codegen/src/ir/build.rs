//! Walks the service closure and builds the [`ServiceIr`](super::ServiceIr).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;
use smithy_model::{EnumValue, Model, Shape, ShapeId, ShapeKind, TraitValueError};

use super::*;
use crate::docs::{escape_markdown, html_to_markdown, summary};
use crate::naming::{field_name, snake_case, type_name, variant_name};
use crate::protocol::{self, Protocol};
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
    let protocol = protocol::for_service(service).ok_or_else(|| {
        CodegenError::new(format!(
            "service {} uses no supported protocol ({})",
            service.id,
            protocol::supported().join(", ")
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
        operations.push(builder.operation(op, &svc.errors, config)?);
    }
    check_customizations(&service.id, config, &operations)?;
    make_retryable(&mut builder.shapes, &service.id, &config.retryable_errors)?;
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
    let input_like: BTreeSet<ShapeId> = builder
        .shapes
        .keys()
        .filter(|id| {
            model.shape(id).is_some_and(|s| s.traits.input())
                || operations.iter().any(|o| o.input.as_ref() == Some(*id))
        })
        .cloned()
        .collect();
    super::defaults::resolve_presence(&mut builder.shapes, &input_like)?;
    // After presence: whether a member is an `Option` changes the sizes.
    let outputs = operations.iter().filter_map(|o| o.output.clone()).collect();
    super::layout::box_large_union_members(&mut builder.shapes, &outputs);
    keep_helper_names_free(&mut builder.shapes);
    assign_homes(&mut builder.shapes, &operations);
    document_inputs_and_outputs(&mut builder.shapes, &operations);
    // With HTTP bindings a top-level structure never travels as a whole: its body members do.
    let http = protocol.uses_http_bindings();
    let serialized = super::reachable(
        &builder.shapes,
        body_roots(
            &builder.shapes,
            operations.iter().filter_map(|o| o.input.as_ref()),
            http,
            HttpBinding::in_request,
        ),
    )?;
    let deserialized = super::reachable(
        &builder.shapes,
        body_roots(
            &builder.shapes,
            operations
                .iter()
                .filter_map(|o| o.output.as_ref())
                .chain(errors.iter()),
            http,
            HttpBinding::in_response,
        ),
    )?;
    let endpoint_rules = service
        .traits
        .get("smithy.rules#endpointRuleSet")
        .and_then(|rule_set| {
            let tests = service.traits.get("smithy.rules#endpointTests");
            let operations =
                endpoint_operations(model, &operations, &builder.shapes, &mut warnings);
            match endpoint::parse(rule_set, tests, &operations) {
                Ok(rules) => Some(rules),
                Err(reason) => {
                    warnings.push(format!(
                        "service {}: endpoint rules not generated ({reason}); `endpoint(region)` \
                     gives the standard regional endpoint",
                        service.id
                    ));
                    None
                }
            }
        });
    let mut request_headers: Vec<(String, String)> = config
        .request_headers
        .iter()
        .map(|(name, value)| (name.clone(), value.clone()))
        .collect();
    if let Some(header) = &config.api_version_header {
        let version = svc.version.clone().ok_or_else(|| {
            CodegenError::new(format!(
                "`api_version_header` asks for the API version of {}, which has none",
                service.id
            ))
        })?;
        request_headers.push((header.clone(), version));
    }
    Ok(ServiceIr {
        request_headers,
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
        query_compatible: service.traits.has(QUERY_COMPATIBLE),
        xml_namespace: trait_value(&service.id, service.traits.xml_namespace())?,
        signing_name: service.traits.sigv4().map(|s| s.name.clone()),
        endpoint_prefix: service
            .traits
            .aws_service()
            .and_then(|s| s.endpoint_prefix.clone()),
        sdk_id: service.traits.aws_service().map(|s| s.sdk_id.clone()),
        endpoint_rules,
        operations,
        shapes: builder.shapes,
        errors,
        serialized,
        deserialized,
        unhandled_variant,
        warnings,
    })
}

/// The shapes whose codec a request or response uses for `tops` (operation inputs, or outputs
/// and errors): the shapes themselves, or with HTTP bindings the shapes their body and payload
/// members hold, unless the whole shape is the body (`binding` picks a member's binding in a
/// request or a response; see [`body_is_whole`]).
fn body_roots<'a>(
    shapes: &BTreeMap<ShapeId, ShapeIr>,
    tops: impl Iterator<Item = &'a ShapeId>,
    http: bool,
    binding: fn(&HttpBinding) -> &HttpBinding,
) -> Vec<ShapeId> {
    let mut roots = Vec::new();
    for id in tops {
        let members = match shapes.get(id).map(|s| &s.kind) {
            Some(ShapeIrKind::Structure { members, .. }) => members,
            _ => continue,
        };
        if !http || body_is_whole(members, binding) {
            roots.push(id.clone());
            continue;
        }
        for m in members {
            if matches!(
                binding(&m.http),
                HttpBinding::Document | HttpBinding::Payload
            ) {
                m.ty.named_shapes(&mut roots);
            }
        }
    }
    roots
}

/// The `codegen.json` customizations must name operations and members the service has.
fn check_customizations(
    service: &ShapeId,
    config: &CrateConfig,
    operations: &[OperationIr],
) -> Result<(), CodegenError> {
    let generated = |name: &String| operations.iter().any(|o| &o.name == name);
    if let Some(missing) = config.endpoint_members.keys().find(|name| !generated(name)) {
        return Err(CodegenError::new(format!(
            "`endpoint_members` names operation {missing}, which {service} does not generate"
        )));
    }
    if let Some(checksums) = &config.payload_checksums
        && let Some(missing) = checksums.operations.iter().find(|name| !generated(name))
    {
        return Err(CodegenError::new(format!(
            "`payload_checksums` names operation {missing}, which {service} does not generate"
        )));
    }
    if let Some(unused) = config.input_member_defaults.keys().find(|name| {
        !operations
            .iter()
            .any(|o| o.input_defaults.contains_key(*name))
    }) {
        return Err(CodegenError::new(format!(
            "`input_member_defaults` names member {unused}, which no operation input of \
             {service} has as a string"
        )));
    }
    Ok(())
}

/// `retryable_errors` of `codegen.json`: each named error of the service becomes a retryable
/// server error (smithy-rs's STS customization does the same to `IDPCommunicationErrorException`).
/// A name that is no error the service generates is an error.
fn make_retryable(
    shapes: &mut BTreeMap<ShapeId, ShapeIr>,
    service: &ShapeId,
    names: &[String],
) -> Result<(), CodegenError> {
    for name in names {
        let error = shapes.values_mut().find_map(|shape| match &mut shape.kind {
            ShapeIrKind::Structure {
                error: Some(error), ..
            } if shape.id.name() == name => Some(error),
            _ => None,
        });
        let Some(error) = error else {
            return Err(CodegenError::new(format!(
                "`retryable_errors` names {name}, which is no error {service} generates"
            )));
        };
        error.fault = smithy_model::ErrorFault::Server;
        error.retryable.get_or_insert(false);
    }
    Ok(())
}

/// What the endpoint rules need to know about each generated operation: its static context
/// parameters and the input members bound to parameters. A bound member of a type the
/// client can't pass on (not a string, boolean or list of strings) is a warning.
fn endpoint_operations<'m>(
    model: &'m Model,
    operations: &'m [OperationIr],
    shapes: &BTreeMap<ShapeId, ShapeIr>,
    warnings: &mut Vec<String>,
) -> Vec<endpoint::OperationInfo<'m>> {
    let mut infos = Vec::new();
    for op in operations {
        let Some(shape) = model.shape(&op.id) else {
            continue;
        };
        let mut context_params = Vec::new();
        if let Some(input) = op.input.as_ref().and_then(|id| model.shape(id))
            && let ShapeKind::Structure { members } = &input.kind
        {
            for m in members {
                let Some(param) = m
                    .traits
                    .get("smithy.rules#contextParam")
                    .and_then(|t| t.get("name"))
                    .and_then(Value::as_str)
                else {
                    continue;
                };
                let field = shapes
                    .get(&input.id)
                    .and_then(|s| match &s.kind {
                        ShapeIrKind::Structure { members, .. } => {
                            members.iter().find(|f| f.name == m.name)
                        }
                        _ => None,
                    })
                    .filter(|f| match &f.ty {
                        TypeRef::String | TypeRef::Boolean => true,
                        TypeRef::List { item, .. } => **item == TypeRef::String,
                        _ => false,
                    })
                    .map(|f| f.rust_name.clone());
                if field.is_none() {
                    warnings.push(format!(
                        "operation {}: input member {} is bound to endpoint parameter {param}, \
                         but the client only passes on strings, booleans and lists of strings",
                        op.id, m.name
                    ));
                }
                context_params.push(endpoint::ContextParam {
                    member: &m.name,
                    field,
                    param,
                });
            }
        }
        if shape
            .traits
            .get("smithy.rules#operationContextParams")
            .is_some()
        {
            warnings.push(format!(
                "operation {}: endpoint parameters bound with operationContextParams (JMESPath) \
                 are not set by the client",
                op.id
            ));
        }
        infos.push(endpoint::OperationInfo {
            name: &op.name,
            static_context_params: shape.traits.get("smithy.rules#staticContextParams"),
            operation_context_params: shape
                .traits
                .get("smithy.rules#operationContextParams")
                .is_some(),
            context_params,
        });
    }
    infos
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

/// A binding or XML trait's value, or an error naming the shape or member that carries it.
fn trait_value<T>(on: &ShapeId, value: Result<T, TraitValueError>) -> Result<T, CodegenError> {
    value.map_err(|e| CodegenError::new(format!("{on}: {e}")))
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

/// The service trait of services migrated from awsQuery.
const QUERY_COMPATIBLE: &str = "aws.protocols#awsQueryCompatible";

struct Builder<'m> {
    model: &'m Model,
    protocol: &'static dyn Protocol,
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
    /// Why an operation can't be generated, if it can't. Event streams are not supported; a
    /// streaming blob is, as an `@httpPayload` of the input or output of a protocol with HTTP
    /// bindings (held in memory like any blob).
    fn unsupported(&self, op: &Shape) -> Result<Option<String>, CodegenError> {
        let ShapeKind::Operation(o) = &op.kind else {
            return Err(CodegenError::new(format!("{} is not an operation", op.id)));
        };
        let tops: Vec<&ShapeId> = o.input.iter().chain(o.output.iter()).collect();
        let mut seen = BTreeSet::new();
        // (shape, reached as the @httpPayload member of the input or output)
        let mut stack: Vec<(ShapeId, bool)> =
            tops.iter().map(|id| ((*id).clone(), false)).collect();
        while let Some((id, payload)) = stack.pop() {
            if !seen.insert((id.clone(), payload)) {
                continue;
            }
            let shape = lookup(self.model, &id)?;
            if shape.traits.has("smithy.api#streaming") {
                if matches!(shape.kind, ShapeKind::Union { .. }) {
                    return Ok(Some(format!("event streams are not supported ({id})")));
                }
                if !(payload && self.protocol.uses_http_bindings()) {
                    return Ok(Some(format!(
                        "streaming blobs are supported only as the @httpPayload of a protocol \
                         with HTTP bindings ({id})"
                    )));
                }
            }
            let top = tops.contains(&&id);
            for m in members_of(shape) {
                stack.push((m.target.clone(), top && m.traits.http_payload()));
            }
        }
        Ok(None)
    }

    fn operation(
        &mut self,
        op: &Shape,
        service_errors: &[ShapeId],
        config: &CrateConfig,
    ) -> Result<OperationIr, CodegenError> {
        let ShapeKind::Operation(o) = &op.kind else {
            return Err(CodegenError::new(format!("{} is not an operation", op.id)));
        };
        for id in o.input.iter().chain(o.output.iter()) {
            self.named(id)?;
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
        let endpoint_member = match config.endpoint_members.get(&name) {
            Some(member) => Some(self.endpoint_member(&op.id, member, o.input.as_ref())?),
            None => None,
        };
        // Only an operation's own `@auth` can take SigV4 away; without one it signs whenever
        // the service does.
        let unsigned = trait_value(&op.id, op.traits.auth())?
            .is_some_and(|schemes| !schemes.contains(&"aws.auth#sigv4"));
        let http = match trait_value(&op.id, op.traits.http())? {
            Some(http) => Some(self.http_route(&op.id, &http, o.input.as_ref())?),
            None => None,
        };
        let payload_checksums = config
            .payload_checksums
            .as_ref()
            .filter(|c| c.operations.contains(&name))
            .map(|c| PayloadChecksumHeaders {
                sha256: c.sha256_header.clone(),
                tree_hash: c.tree_hash_header.clone(),
            });
        let input_defaults = config
            .input_member_defaults
            .iter()
            .filter(|(member, _)| {
                self.input_member(o.input.as_ref(), member)
                    .is_some_and(|m| {
                        self.model
                            .shape(&m.target)
                            .is_some_and(|t| matches!(t.kind, ShapeKind::String))
                    })
            })
            .map(|(member, value)| (member.clone(), value.clone()))
            .collect();
        Ok(OperationIr {
            id: op.id.clone(),
            fn_name: snake_case(&rust_name),
            module: field_name(&rust_name),
            error_enum: format!("{rust_name}Error"),
            rust_name,
            http,
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
            checksum_required: op.traits.http_checksum_required(),
            payload_checksums,
            input_defaults,
            unsigned,
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
        let pieces = template_pieces(prefix).ok_or_else(|| {
            CodegenError::new(format!("{op}: unclosed `{{` in host prefix {prefix:?}"))
        })?;
        let mut parts = Vec::new();
        for piece in pieces {
            parts.push(match piece {
                TemplatePiece::Literal(text) => HostPrefixPart::Literal(text.to_owned()),
                TemplatePiece::Label(label) => {
                    let member = self.input_member(input, label).ok_or_else(|| {
                        CodegenError::new(format!(
                            "{op}: host prefix label {{{label}}} is not an input member"
                        ))
                    })?;
                    HostPrefixPart::Label(field_name(&member.name), member.name.clone())
                }
            });
        }
        Ok(parts)
    }

    /// Parses the URI pattern of `@http`: literal text and `{Label}`/`{Label+}` in the path,
    /// literal `name[=value]` pairs after `?`. Labels name input members; with a protocol that
    /// uses HTTP bindings each must be an `@httpLabel` member.
    fn http_route(
        &self,
        op: &ShapeId,
        http: &smithy_model::HttpTrait,
        input: Option<&ShapeId>,
    ) -> Result<HttpRoute, CodegenError> {
        let bad =
            |what: String| CodegenError::new(format!("{op}: @http uri {:?}: {what}", http.uri));
        let (path_text, query_text) = match http.uri.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (http.uri.as_str(), None),
        };
        let pieces = template_pieces(path_text).ok_or_else(|| bad("unclosed `{`".to_owned()))?;
        let mut path = Vec::new();
        for piece in pieces {
            let label = match piece {
                TemplatePiece::Literal(text) => {
                    path.push(UriPart::Literal(text.to_owned()));
                    continue;
                }
                TemplatePiece::Label(label) => label,
            };
            let (name, greedy) = match label.strip_suffix('+') {
                Some(name) => (name, true),
                None => (label, false),
            };
            let member = self.input_member(input, name);
            let bound = member.is_some_and(|m| m.traits.http_label());
            if self.protocol.uses_http_bindings() && !bound {
                return Err(bad(format!(
                    "label {{{label}}} is not an @httpLabel member of the input"
                )));
            }
            path.push(UriPart::Label {
                field: field_name(name),
                name: name.to_owned(),
                greedy,
            });
        }
        let query = query_text
            .into_iter()
            .flat_map(|q| q.split('&'))
            .filter(|pair| !pair.is_empty())
            .map(|pair| match pair.split_once('=') {
                Some((k, v)) => (k.to_owned(), Some(v.to_owned())),
                None => (pair.to_owned(), None),
            })
            .collect();
        Ok(HttpRoute {
            method: http.method.clone(),
            path,
            query,
            code: http.code,
        })
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
                home: TypeHome::Types,
                rust_name,
                docs: docs_of(shape),
                summary: shape
                    .traits
                    .documentation()
                    .map(|html| escape_markdown(&summary(html)))
                    .filter(|s| !s.is_empty()),
                sensitive: shape.traits.sensitive(),
                deprecated: deprecation(&shape.traits),
                xml_name: trait_value(id, shape.traits.xml_name())?.map(str::to_owned),
                xml_namespace: trait_value(id, shape.traits.xml_namespace())?,
                kind: ShapeIrKind::Structure {
                    members: Vec::new(),
                    error: None,
                },
            },
        );
        let kind = match &shape.kind {
            ShapeKind::Structure { members } => {
                let members = self.members(shape, members)?;
                let aws_query_error = trait_value(id, shape.traits.aws_query_error())?;
                let retryable = trait_value(id, shape.traits.retryable())?;
                let error = shape.traits.error().map(|fault| ErrorIr {
                    fault,
                    http_status: shape.traits.http_error(),
                    code: id.name().to_owned(),
                    message_field: members
                        .iter()
                        .find(|m| m.name.eq_ignore_ascii_case("message") && m.ty == TypeRef::String)
                        .map(|m| m.rust_name.clone()),
                    aws_query_error,
                    retryable,
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
            let http = http_binding(m)?;
            let ty = self.type_ref(&m.target, &m.traits, &http)?;
            let boxed = match &ty {
                TypeRef::Named(target) => self.direct_cycle(target, &container.id)?,
                _ => false,
            };
            let target = lookup(self.model, &m.target)?;
            let mut member = MemberIr {
                name: m.name.clone(),
                wire_name: String::new(),
                rust_name: field_name(&m.name),
                variant_name: type_name(&m.name),
                required: m.traits.required() && !m.traits.client_optional(),
                // Set for every structure member by `defaults::resolve_presence`.
                optional: true,
                fill: None,
                boxed,
                docs: m
                    .traits
                    .documentation()
                    .map(html_to_markdown)
                    .filter(|d| !d.trim().is_empty()),
                sensitive: m.traits.sensitive() || self.is_sensitive(&m.target)?,
                deprecated: deprecation(&m.traits),
                host_label: m.traits.host_label(),
                http,
                json_name: m.traits.json_name().map(str::to_owned),
                xml: XmlMemberIr {
                    name: trait_value(&m.id, m.traits.xml_name())?.map(str::to_owned),
                    flattened: m.traits.xml_flattened(),
                    attribute: m.traits.xml_attribute(),
                    namespace: trait_value(&m.id, m.traits.xml_namespace())?,
                },
                media_type: trait_value(&m.target, target.traits.media_type())?.map(str::to_owned),
                idempotency_token: m.traits.idempotency_token() && ty == TypeRef::String,
                streaming: target.traits.has("smithy.api#streaming"),
                default: super::defaults::default_value(self.model, m, &ty)?,
                ty,
            };
            member.wire_name = self.protocol.document_name(&member);
            out.push(member);
        }
        dedupe(out.iter_mut().map(|m| &mut m.rust_name));
        dedupe(out.iter_mut().map(|m| &mut m.variant_name));
        Ok(out)
    }

    /// The type of a member value. `binding` is where the member goes, for the protocol's
    /// default timestamp format; list elements and map values inherit it.
    fn type_ref(
        &mut self,
        target: &ShapeId,
        member_traits: &smithy_model::Traits,
        binding: &HttpBinding,
    ) -> Result<TypeRef, CodegenError> {
        if self.depth >= MAX_NESTING {
            return Err(CodegenError::new(format!(
                "{target}: shapes nest more than {MAX_NESTING} levels deep (members, list \
                 members and map values); the generator does not follow them further"
            )));
        }
        self.depth += 1;
        let result = self.type_ref_unchecked(target, member_traits, binding);
        self.depth -= 1;
        result
    }

    fn type_ref_unchecked(
        &mut self,
        target: &ShapeId,
        member_traits: &smithy_model::Traits,
        binding: &HttpBinding,
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
                    .unwrap_or_else(|| self.protocol.default_timestamp_format(binding)),
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
                item: Box::new(self.type_ref(&member.target, &member.traits, binding)?),
                sparse: shape.traits.sparse(),
                xml_item_name: trait_value(&member.id, member.traits.xml_name())?
                    .map(str::to_owned),
            },
            ShapeKind::Map { key, value } => TypeRef::Map {
                enum_key: match lookup(self.model, &key.target)?.kind {
                    ShapeKind::Enum { .. } => Some(type_name(self.renamed(&key.target))),
                    _ => None,
                },
                value: Box::new(self.type_ref(&value.target, &value.traits, binding)?),
                sparse: shape.traits.sparse(),
                xml_key_name: trait_value(&key.id, key.traits.xml_name())?.map(str::to_owned),
                xml_value_name: trait_value(&value.id, value.traits.xml_name())?.map(str::to_owned),
            },
            ShapeKind::Operation(_) | ShapeKind::Service(_) | ShapeKind::Resource(_) => {
                return Err(CodegenError::new(format!(
                    "a member targets {target}, which is a {}",
                    shape.kind.type_name()
                )));
            }
        })
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

/// A piece of a `{label}` template (a host prefix or a URI path).
enum TemplatePiece<'a> {
    Literal(&'a str),
    Label(&'a str),
}

/// Splits `text` into literal text and `{label}`s; `None` when a `{` is not closed.
fn template_pieces(text: &str) -> Option<Vec<TemplatePiece<'_>>> {
    let mut pieces = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        if start > 0 {
            pieces.push(TemplatePiece::Literal(&rest[..start]));
        }
        let after = &rest[start + 1..];
        let end = after.find('}')?;
        pieces.push(TemplatePiece::Label(&after[..end]));
        rest = &after[end + 1..];
    }
    if !rest.is_empty() {
        pieces.push(TemplatePiece::Literal(rest));
    }
    Some(pieces)
}

/// Puts each error structure in `error`, and each structure that is the input or output of
/// exactly one operation, and nested in nothing, in that operation's module; the rest stay in
/// `types`. A name that would clash in its module (an error called `Error`, an input named like
/// its operation) stays in `types` too.
fn assign_homes(shapes: &mut BTreeMap<ShapeId, ShapeIr>, operations: &[OperationIr]) {
    let mut nested = BTreeSet::new();
    for shape in shapes.values() {
        if let ShapeIrKind::Structure { members, .. } | ShapeIrKind::Union { members, .. } =
            &shape.kind
        {
            let mut found = Vec::new();
            for m in members {
                m.ty.named_shapes(&mut found);
            }
            nested.extend(found);
        }
    }
    let mut users: BTreeMap<&ShapeId, Vec<&OperationIr>> = BTreeMap::new();
    for op in operations {
        for id in op.input.iter().chain(op.output.iter()) {
            users.entry(id).or_default().push(op);
        }
    }
    let mut homes = Vec::new();
    for (id, shape) in shapes.iter() {
        let home = match (&shape.kind, users.get(id).map(Vec::as_slice)) {
            (ShapeIrKind::Structure { error: Some(_), .. }, _) if shape.rust_name != "Error" => {
                TypeHome::Error
            }
            (ShapeIrKind::Structure { error: None, .. }, Some([op]))
                if !nested.contains(id)
                    && shape.rust_name != op.rust_name
                    && shape.rust_name != op.error_enum =>
            {
                TypeHome::Operation(op.module.clone())
            }
            _ => TypeHome::Types,
        };
        homes.push((id.clone(), home));
    }
    for (id, home) in homes {
        if let Some(shape) = shapes.get_mut(&id) {
            shape.home = home;
        }
    }
}

/// Inputs and outputs the model leaves undocumented say whose they are; the link is bare when
/// they live beside the operation.
fn document_inputs_and_outputs(
    shapes: &mut BTreeMap<ShapeId, ShapeIr>,
    operations: &[OperationIr],
) {
    for op in operations {
        let roles = [(&op.input, "Input"), (&op.output, "Output")];
        for (id, role) in roles {
            let Some(shape) = id.as_ref().and_then(|id| shapes.get_mut(id)) else {
                continue;
            };
            if shape.docs.is_some() {
                continue;
            }
            let name = &op.rust_name;
            let link = if shape.home == TypeHome::Operation(op.module.clone()) {
                format!("[`{name}`]")
            } else {
                let module = op.module.trim_start_matches("r#");
                format!("[`{name}`](crate::operation::{module}::{name})")
            };
            shape.docs = Some(format!("{role} of the {link} operation."));
        }
    }
}

/// Where the member's HTTP binding trait puts it.
fn http_binding(m: &smithy_model::Member) -> Result<HttpBinding, CodegenError> {
    let t = &m.traits;
    Ok(if t.http_label() {
        HttpBinding::Label
    } else if let Some(name) = trait_value(&m.id, t.http_query())? {
        HttpBinding::Query(name.to_owned())
    } else if t.http_query_params() {
        HttpBinding::QueryParams
    } else if let Some(name) = trait_value(&m.id, t.http_header())? {
        HttpBinding::Header(name.to_owned())
    } else if let Some(prefix) = trait_value(&m.id, t.http_prefix_headers())? {
        HttpBinding::PrefixHeaders(prefix.to_owned())
    } else if t.http_payload() {
        HttpBinding::Payload
    } else if t.http_response_code() {
        HttpBinding::ResponseCode
    } else {
        HttpBinding::Document
    })
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

/// Endings the emitters add to a shape's [`ShapeIr::fn_suffix`] for its helper functions
/// (`de_<suffix>_member`, `de_<suffix>_document`).
pub const HELPER_ENDINGS: &[&str] = &["_member", "_document"];

/// Makes every function name the emitters derive from `fn_suffix` unique: a shape whose
/// suffix is another shape's plus a [`HELPER_ENDINGS`] entry (`EnvironmentMember` beside
/// `Environment`) gets `_shape` (then a number) appended.
fn keep_helper_names_free(shapes: &mut BTreeMap<ShapeId, ShapeIr>) {
    let clashes = |suffix: &str, taken: &BTreeSet<String>| {
        HELPER_ENDINGS.iter().any(|ending| {
            suffix
                .strip_suffix(ending)
                .is_some_and(|base| taken.contains(base))
        })
    };
    let mut taken: BTreeSet<String> = shapes.values().map(|s| s.fn_suffix.clone()).collect();
    // A new name can make an earlier one clash, so repeat until a pass renames nothing.
    let mut renamed = true;
    while renamed {
        renamed = false;
        for shape in shapes.values_mut() {
            if !clashes(&shape.fn_suffix, &taken) {
                continue;
            }
            let base = format!("{}_shape", shape.fn_suffix);
            let mut candidate = base.clone();
            let mut n = 2;
            while taken.contains(&candidate) || clashes(&candidate, &taken) {
                candidate = format!("{base}{n}");
                n += 1;
            }
            taken.insert(candidate.clone());
            shape.fn_suffix = candidate;
            renamed = true;
        }
    }
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
