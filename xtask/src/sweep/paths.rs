//! Generator paths: what a model makes the generator emit (its protocol, unions, recursion,
//! documents, intEnums, sparse collections, HTTP bindings, XML traits, ...), read from its IR. CI lints a fixed sample of models
//! instead of all of them; `check_sample` proves the sample still exercises every path that
//! any swept model does, so the sample can't silently go stale as models or the generator
//! change.

use std::collections::{BTreeMap, BTreeSet};

use smithy_codegen::ir::layout::{Layouts, error_enum_is_lopsided};
use smithy_codegen::ir::{
    DefaultValue, Fill, HttpBinding, HttpRoute, MemberIr, ServiceIr, ShapeIrKind, TypeHome,
    TypeRef, UriPart,
};
use smithy_codegen::naming::snake_case;
use smithy_model::{ErrorFault, ShapeId, TimestampFormat};

/// The models CI lints, and why each is in the sample. Together they cover every path of
/// [`of`] that the swept models exercise (checked by [`check_sample`]), and they include the
/// largest crates. Chosen from `cargo xtask sweep --generate-only --paths`.
pub const SAMPLE: &[(&str, &str)] = &[
    (
        "sagemaker",
        "the largest crate by far (396 operations, ~426k lines); intEnums, unions with one \
         member, recursion through lists, enums with a value called Unknown",
    ),
    (
        "firehose",
        "the showcase; blobs, server errors, structures with more than 7 required members",
    ),
    (
        "lambda",
        "restJson1 (the only swept model): HTTP labels, query, headers, payloads, status \
         codes, streaming operations skipped",
    ),
    (
        "sts",
        "awsQuery (the only swept model): form requests, XML responses, unsigned operations, \
         @awsQueryError codes",
    ),
    (
        "acm",
        "unions with members boxed for a cycle and for their size, unit input",
    ),
    (
        "application-discovery-service",
        "a union member boxed for its size next to smaller ones, sensitive shapes, boolean \
         defaults",
    ),
    (
        "freetier",
        "awsJson1_0, structures boxed for a cycle, date-time timestamps, float and number \
         defaults",
    ),
    (
        "identitystore",
        "documents, as members and inside lists and maps",
    ),
    ("support", "the only sparse list"),
    ("servicediscovery", "the only @endpoint host prefix"),
    (
        "verifiedpermissions",
        "the only unit union member; deprecated structures in types",
    ),
    ("codedeploy", "deprecated errors"),
    (
        "cloud9",
        "the only shape whose function names would clash with another's helpers \
         (EnvironmentMember beside Environment)",
    ),
    (
        "payment-cryptography",
        "string and enum defaults, errors without a message member",
    ),
    ("bedrock-data-automation-runtime", "empty-list defaults"),
    (
        "marketplace-commerce-analytics",
        "deprecated operations and shapes",
    ),
];

/// Paths of one service.
pub fn of(ir: &ServiceIr) -> BTreeSet<&'static str> {
    let mut paths = BTreeSet::new();
    let mut add = |p: &'static str| {
        paths.insert(p);
    };
    add(ir.protocol.trait_id());
    if ir.endpoint_rules.is_some() {
        add("endpoint rules compiled");
    } else {
        add("no endpoint rules (regional fallback)");
    }
    if ir
        .warnings
        .iter()
        .any(|w| w.starts_with("skipped operation"))
    {
        add("operation skipped (streaming)");
    }
    if ir.query_compatible {
        add("awsQueryCompatible service");
    }
    if ir.unhandled_variant != "Unhandled" {
        add("error called Unhandled");
    }
    for op in &ir.operations {
        let flags = [
            (op.input.is_none(), "unit input"),
            (op.output.is_none(), "unit output"),
            (op.errors.is_empty(), "operation without errors"),
            (op.host_prefix.is_some(), "@endpoint host prefix"),
            (op.request_compression, "@requestCompression"),
            (op.checksum_required, "@httpChecksumRequired"),
            (op.unsigned, "unsigned operation (@auth([]))"),
            (op.deprecated.is_some(), "deprecated operation"),
        ];
        flagged(&mut add, &flags);
        if ir.protocol.uses_http_bindings()
            && let Some(route) = &op.http
        {
            route_paths(&mut add, route);
        }
    }
    if error_enum_is_lopsided(&mut Layouts::for_service(ir), &ir.errors) {
        add("error enum over the variant size threshold");
    }
    let wire = Wire {
        http: ir.protocol.uses_http_bindings(),
        xml: ir.protocol.test_support().body_format == "XML",
    };
    for shape in ir.shapes.values() {
        if shape.fn_suffix != snake_case(&shape.rust_name) {
            add("function name kept clear of a helper's");
        }
        if shape.deprecated.is_some() {
            add(match shape.home {
                TypeHome::Types => "deprecated shape in types",
                TypeHome::Error => "deprecated error",
                TypeHome::Operation(_) => "deprecated shape beside its operation",
            });
        }
        if shape.sensitive {
            add("sensitive shape");
        }
        if !matches!(shape.home, TypeHome::Types) {
            add(match shape.home {
                TypeHome::Error => "type in error",
                _ => "type beside its operation",
            });
        }
        let members = match &shape.kind {
            ShapeIrKind::Structure { members, .. } | ShapeIrKind::Union { members, .. } => {
                members.as_slice()
            }
            _ => &[],
        };
        if members.iter().any(|m| reaches(ir, &m.ty, &shape.id)) {
            add("recursive shape");
        }
        match &shape.kind {
            ShapeIrKind::Structure { members, error } => {
                if members.is_empty() {
                    add("empty structure");
                }
                if members.iter().filter(|m| m.required).count() > 7 {
                    add("more than 7 required members");
                }
                if let Some(error) = error {
                    if error.message_field.is_none() {
                        add("error without a message member");
                    }
                    if error.fault == ErrorFault::Server {
                        add("server error");
                    }
                    // Only awsQuery and services migrated from it read the code.
                    if error.aws_query_error.is_some() && (wire.xml || ir.query_compatible) {
                        add("@awsQueryError code");
                    }
                }
                for m in members {
                    member_paths(&mut add, m, "structure", wire);
                }
            }
            ShapeIrKind::Union {
                members,
                unknown_variant,
            } => {
                add("union");
                if members.len() == 1 {
                    add("union with one member");
                }
                if unknown_variant != "Unknown" {
                    add("union with a member called Unknown");
                }
                for m in members {
                    member_paths(&mut add, m, "union", wire);
                    let cycle = reaches(ir, &m.ty, &shape.id);
                    match (m.boxed, cycle) {
                        (true, true) => add("union member boxed for a cycle"),
                        (true, false) => add("union member boxed for its size"),
                        (false, _) => {}
                    }
                }
            }
            ShapeIrKind::Enum {
                variants,
                unknown_variant,
            } => {
                add("enum");
                if unknown_variant != "Unknown" {
                    add("enum with a value called Unknown");
                }
                if variants.iter().any(|v| v.deprecated.is_some()) {
                    add("deprecated enum value");
                }
            }
            ShapeIrKind::IntEnum { .. } => add("intEnum"),
        }
    }
    paths
}

/// The URI pattern of an operation of a protocol with HTTP bindings.
fn route_paths(add: &mut impl FnMut(&'static str), route: &HttpRoute) {
    if !route.query.is_empty() {
        add("literal query in the URI pattern");
    }
    for part in &route.path {
        if let UriPart::Label { greedy: true, .. } = part {
            add("greedy label");
        }
    }
    add(match route.method.as_str() {
        "GET" => "HTTP GET",
        "POST" => "HTTP POST",
        "PUT" => "HTTP PUT",
        "DELETE" => "HTTP DELETE",
        "HEAD" => "HTTP HEAD",
        _ => "HTTP method other than GET, POST, PUT, DELETE, HEAD",
    });
}

/// Adds the path of every flag that is set.
fn flagged(add: &mut impl FnMut(&'static str), flags: &[(bool, &'static str)]) {
    for (set, path) in flags {
        if *set {
            add(path);
        }
    }
}

/// What of a member's traits the service's protocol reads: the HTTP binding traits (and
/// `@mediaType`, which only header values show), the XML traits.
#[derive(Clone, Copy)]
struct Wire {
    http: bool,
    xml: bool,
}

fn member_paths(add: &mut impl FnMut(&'static str), m: &MemberIr, container: &str, wire: Wire) {
    let flags = [
        (
            m.boxed && container == "structure",
            "structure member boxed for a cycle",
        ),
        (m.ty == TypeRef::Unit, "unit union member"),
        (m.rust_name.starts_with("r#"), "member named like a keyword"),
        (m.idempotency_token, "@idempotencyToken"),
        (m.host_label, "@hostLabel"),
        (m.sensitive, "sensitive member"),
        (m.deprecated.is_some(), "deprecated member"),
    ];
    flagged(add, &flags);
    if container == "structure" && !m.optional {
        add(match m.fill {
            Some(Fill::Zero) => "plain required member (zero when missing)",
            Some(Fill::Default(_)) => "plain member with a default",
            None => "plain member without a fill",
        });
    }
    if wire.xml {
        if m.xml.attribute {
            add("@xmlAttribute");
        }
        if m.xml.flattened {
            add("@xmlFlattened");
        }
        if m.xml.name.is_some() {
            add("@xmlName");
        }
    }
    if wire.http {
        if m.media_type.is_some() {
            add("@mediaType");
        }
        add(match &m.http {
            HttpBinding::Document => "body member",
            HttpBinding::Label => "@httpLabel",
            HttpBinding::Query(_) => "@httpQuery",
            HttpBinding::QueryParams => "@httpQueryParams",
            HttpBinding::Header(_) => "@httpHeader",
            HttpBinding::PrefixHeaders(_) => "@httpPrefixHeaders",
            HttpBinding::Payload => "@httpPayload",
            HttpBinding::ResponseCode => "@httpResponseCode",
        });
        if m.http == HttpBinding::Payload {
            add(match &m.ty {
                TypeRef::Blob => "blob payload",
                TypeRef::String => "string payload",
                TypeRef::Document => "document payload",
                _ => "structure or union payload",
            });
        }
        if let (HttpBinding::Header(_), TypeRef::List { .. }) = (&m.http, &m.ty) {
            add("list in a header");
        }
    }
    if let Some(default) = &m.default {
        add(match default {
            DefaultValue::Bool(_) => "@default boolean",
            DefaultValue::Int(_) => "@default number",
            DefaultValue::Float(_) => "@default float",
            DefaultValue::String(_) => "@default string or enum",
            DefaultValue::Blob(_) => "@default blob",
            DefaultValue::Document(_) => "@default document",
            DefaultValue::EmptyList => "@default []",
            DefaultValue::EmptyMap => "@default {}",
            DefaultValue::Timestamp { .. } => "@default timestamp",
        });
    }
    type_paths(add, &m.ty, 0);
}

fn type_paths(add: &mut impl FnMut(&'static str), ty: &TypeRef, depth: usize) {
    match ty {
        TypeRef::Byte | TypeRef::Short => add("byte or short"),
        TypeRef::Float => add("float"),
        TypeRef::BigInteger | TypeRef::BigDecimal => add("bigInteger or bigDecimal"),
        TypeRef::Blob => add("blob"),
        TypeRef::Document => add(if depth == 0 {
            "document member"
        } else {
            "document in a list or map"
        }),
        TypeRef::Timestamp(format) => add(match format {
            TimestampFormat::EpochSeconds => "timestamp epoch-seconds",
            TimestampFormat::DateTime => "timestamp date-time",
            TimestampFormat::HttpDate => "timestamp http-date",
        }),
        TypeRef::List {
            item: inner,
            sparse,
            ..
        }
        | TypeRef::Map {
            value: inner,
            sparse,
            ..
        } => {
            if *sparse {
                add(if matches!(ty, TypeRef::List { .. }) {
                    "sparse list"
                } else {
                    "sparse map"
                });
            }
            if depth > 0 {
                add("nested list or map");
            }
            type_paths(add, inner, depth + 1);
        }
        _ => {}
    }
}

/// Whether a value of `ty` can hold a `to`, at any depth.
fn reaches(ir: &ServiceIr, ty: &TypeRef, to: &ShapeId) -> bool {
    let mut ty = ty;
    while let TypeRef::List { item: inner, .. } | TypeRef::Map { value: inner, .. } = ty {
        ty = inner;
    }
    match ty {
        TypeRef::Named(id) => ir.reachable([id.clone()]).is_ok_and(|seen| seen.contains(to)),
        _ => false,
    }
}

/// Swept models by name: their paths and their generated lines.
pub type Swept<'a> = BTreeMap<&'a str, (&'a BTreeSet<&'static str>, usize)>;

/// Paths, with the models that exercise each, smallest crate first.
pub fn coverage<'a>(models: &Swept<'a>) -> BTreeMap<&'static str, Vec<&'a str>> {
    let mut by_path: BTreeMap<&'static str, Vec<&'a str>> = BTreeMap::new();
    for (name, (paths, _)) in models {
        for p in paths.iter() {
            by_path.entry(p).or_default().push(name);
        }
    }
    for names in by_path.values_mut() {
        names.sort_by_key(|n| models.get(n).map_or(0, |(_, lines)| *lines));
    }
    by_path
}

/// Errors unless `sample` covers every path some swept model exercises and holds the
/// largest crate; names the smallest model that would close each gap.
pub fn check_sample(sample: &[(&str, &str)], models: &Swept<'_>) -> Result<(), String> {
    let sample: BTreeSet<&str> = sample.iter().map(|(name, _)| *name).collect();
    let mut problems = Vec::new();
    for name in &sample {
        if !models.contains_key(name) {
            problems.push(format!("sample model `{name}` was not generated"));
        }
    }
    for (path, names) in coverage(models) {
        if !names.iter().any(|n| sample.contains(n)) {
            problems.push(format!(
                "no sample model exercises `{path}`; e.g. add `{}`",
                names.first().copied().unwrap_or_default()
            ));
        }
    }
    if let Some((largest, _)) = models.iter().max_by_key(|(_, (_, lines))| *lines)
        && !sample.contains(largest)
    {
        problems.push(format!(
            "the largest crate, `{largest}`, is not in the sample"
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "the sweep sample (xtask/src/sweep/paths.rs) no longer covers the generator:\n  {}",
            problems.join("\n  ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_must_cover_every_path_and_the_largest_crate() {
        let paths = |list: &[&'static str]| list.iter().copied().collect::<BTreeSet<_>>();
        let (sagemaker, support, small, big) = (
            paths(&["union", "intEnum"]),
            paths(&["sparse list"]),
            paths(&["sparse list", "union"]),
            paths(&["enum"]),
        );
        let sample = [("sagemaker", "largest"), ("support", "sparse list")];
        let mut models: Swept<'_> = BTreeMap::new();
        models.insert("sagemaker", (&sagemaker, 400_000));
        models.insert("support", (&support, 14_000));
        models.insert("tiny", (&small, 1_000));
        assert_eq!(check_sample(&sample, &models), Ok(()));

        models.insert("huge", (&big, 900_000));
        let err = check_sample(&sample, &models).err().unwrap_or_default();
        assert!(
            err.contains("no sample model exercises `enum`; e.g. add `huge`"),
            "{err}"
        );
        assert!(
            err.contains("the largest crate, `huge`, is not in the sample"),
            "{err}"
        );
        assert_eq!(
            coverage(&models).get("sparse list"),
            Some(&vec!["tiny", "support"])
        );
        let err = check_sample(&[("gone", "")], &models)
            .err()
            .unwrap_or_default();
        assert!(
            err.contains("sample model `gone` was not generated"),
            "{err}"
        );
    }
}
