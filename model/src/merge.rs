//! Merges `apply` entries and flattens mixins into the shapes that use them.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use serde_json::Value;

use crate::error::{child, pointer};
use crate::parse::{Apply, Parsed};
use crate::{Member, ModelError, Shape, ShapeId, ShapeKind, Traits};

/// Applies `applies` and flattens mixins, returning the final shapes.
///
/// `apply` entries aimed at a shape or at one of its own members are merged first, so
/// they reach shapes that use it as a mixin; entries aimed at inherited members are
/// merged after flattening.
pub(crate) fn merge(
    mut shapes: BTreeMap<ShapeId, Parsed>,
    applies: Vec<Apply>,
) -> Result<BTreeMap<ShapeId, Shape>, ModelError> {
    let mut deferred = Vec::new();
    for apply in applies {
        let Some(parsed) = shapes.get_mut(&apply.target.root()) else {
            return Err(ModelError::invalid(
                Some(&apply.target),
                apply.path,
                format!(
                    "`apply` targets `{}`, which is not a shape in the model",
                    apply.target.root()
                ),
            ));
        };
        match apply.target.member() {
            None => merge_traits(&mut parsed.shape.traits, &apply)?,
            Some(name) => match find_member(&mut parsed.shape.kind, name) {
                Some(member) => merge_traits(&mut member.traits, &apply)?,
                None => deferred.push(apply),
            },
        }
    }

    for id in mixin_order(&shapes)? {
        flatten(&mut shapes, &id)?;
    }
    let mut shapes: BTreeMap<ShapeId, Shape> = shapes
        .into_iter()
        .map(|(id, parsed)| (id, parsed.shape))
        .collect();

    for apply in deferred {
        let member = shapes.get_mut(&apply.target.root()).and_then(|shape| {
            find_member(&mut shape.kind, apply.target.member().unwrap_or_default())
        });
        match member {
            Some(member) => merge_traits(&mut member.traits, &apply)?,
            None => {
                return Err(ModelError::invalid(
                    Some(&apply.target),
                    apply.path,
                    format!(
                        "`apply` targets member `{}`, which does not exist",
                        apply.target
                    ),
                ));
            }
        }
    }
    Ok(shapes)
}

/// Merges applied traits: equal values are fine, lists concatenate, anything else conflicts.
fn merge_traits(traits: &mut Traits, apply: &Apply) -> Result<(), ModelError> {
    for (id, value) in apply.traits.iter() {
        let path = child(&apply.path, &["traits", id]);
        let merged = match (traits.get(id), value) {
            (None, _) => value.clone(),
            (Some(old), _) if old == value => continue,
            (Some(Value::Array(old)), Value::Array(new)) => {
                Value::Array(old.iter().chain(new).cloned().collect())
            }
            (Some(_), _) => {
                return Err(ModelError::invalid(
                    Some(&apply.target),
                    path,
                    format!("applied trait `{id}` conflicts with the value already on the shape"),
                ));
            }
        };
        traits.insert(id, merged).map_err(|e| {
            ModelError::invalid(Some(&apply.target), path, format!("trait `{id}` {e}"))
        })?;
    }
    Ok(())
}

fn find_member<'a>(kind: &'a mut ShapeKind, name: &str) -> Option<&'a mut Member> {
    kind.all_members_mut()
        .into_iter()
        .find(|member| member.name == name)
}

/// Shapes with mixins, ordered so every mixin is flattened before its users.
fn mixin_order(shapes: &BTreeMap<ShapeId, Parsed>) -> Result<Vec<ShapeId>, ModelError> {
    let mut waiting: BTreeMap<&ShapeId, usize> = BTreeMap::new();
    let mut users: BTreeMap<&ShapeId, Vec<&ShapeId>> = BTreeMap::new();
    for (id, parsed) in shapes {
        let distinct: BTreeSet<&ShapeId> = parsed.mixins.iter().collect();
        waiting.insert(id, distinct.len());
        for mixin in distinct {
            users.entry(mixin).or_default().push(id);
        }
    }
    let mut ready: VecDeque<&ShapeId> = waiting
        .iter()
        .filter(|(_, count)| **count == 0)
        .map(|(id, _)| *id)
        .collect();
    let mut order = Vec::new();
    while let Some(id) = ready.pop_front() {
        if shapes
            .get(id)
            .is_some_and(|parsed| !parsed.mixins.is_empty())
        {
            order.push(id.clone());
        }
        for user in users.get(id).into_iter().flatten() {
            if let Some(count) = waiting.get_mut(user) {
                *count = count.saturating_sub(1);
                if *count == 0 {
                    ready.push_back(user);
                }
            }
        }
        waiting.remove(id);
    }
    match waiting.keys().next() {
        Some(id) => Err(ModelError::invalid(
            Some(id),
            pointer(&["shapes", &id.to_string(), "mixins"]),
            "the shape's mixins form a cycle",
        )),
        None => Ok(order),
    }
}

/// Flattens the mixins of `id`, whose mixins are already flat.
fn flatten(shapes: &mut BTreeMap<ShapeId, Parsed>, id: &ShapeId) -> Result<(), ModelError> {
    let Some(mut parsed) = shapes.remove(id) else {
        return Ok(());
    };
    let path = pointer(&["shapes", &id.to_string()]);
    let mut mixins = Vec::new();
    for (index, mixin_id) in parsed.mixins.iter().enumerate() {
        let mixin_path = child(&path, &["mixins", &index.to_string(), "target"]);
        let mixin = shapes.get(mixin_id).map(|p| &p.shape).ok_or_else(|| {
            ModelError::invalid(
                Some(id),
                mixin_path.as_str(),
                format!("mixin `{mixin_id}` is not defined"),
            )
        })?;
        if !mixin.traits.has("smithy.api#mixin") {
            return Err(ModelError::invalid(
                Some(id),
                mixin_path,
                format!("`{mixin_id}` is used as a mixin but lacks the smithy.api#mixin trait"),
            ));
        }
        mixins.push(mixin);
    }
    let shape = &mut parsed.shape;
    shape.kind = inherit_kind(id, &path, &shape.kind, &mixins, &parsed.inherited)?;
    shape.traits = inherit_traits(&shape.traits, &mixins);
    shapes.insert(id.clone(), parsed);
    Ok(())
}

/// Mixin traits, minus `mixin` itself and its `localTraits`, under the shape's own traits.
fn inherit_traits(own: &Traits, mixins: &[&Shape]) -> Traits {
    // Later mixins win over earlier ones; the shape's own traits win over all.
    let mut sources: BTreeMap<&str, &Traits> = BTreeMap::new();
    for mixin in mixins {
        let local: Vec<&str> = mixin
            .traits
            .get("smithy.api#mixin")
            .and_then(|value| value.get("localTraits"))
            .and_then(Value::as_array)
            .map(|ids| ids.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        for (trait_id, _) in mixin.traits.iter() {
            if trait_id != "smithy.api#mixin" && !local.contains(&trait_id) {
                sources.insert(trait_id, &mixin.traits);
            }
        }
    }
    let mut traits = own.clone();
    for (trait_id, source) in sources {
        if !traits.has(trait_id) {
            traits.copy_from(source, trait_id);
        }
    }
    traits
}

/// The shape's kind with mixin members (and bindings) placed before its own.
fn inherit_kind(
    id: &ShapeId,
    path: &str,
    own: &ShapeKind,
    mixins: &[&Shape],
    left_out: &[String],
) -> Result<ShapeKind, ModelError> {
    // A list/map member the shape left out is taken as is; one it wrote redefines.
    let take = |slot: &mut Member, from: &Member, member_path: &str| {
        let mut merged = rebase(id, from);
        if !left_out.contains(&slot.name) {
            redefine(&mut merged, slot, member_path)?;
        }
        *slot = merged;
        Ok::<(), ModelError>(())
    };
    let mut kind = own.clone();
    match &mut kind {
        ShapeKind::Enum { members }
        | ShapeKind::IntEnum { members }
        | ShapeKind::Structure { members }
        | ShapeKind::Union { members } => {
            let mut merged: Vec<Member> = Vec::new();
            for mixin in mixins {
                for member in mixin.kind.members() {
                    if merged.iter().any(|m| m.name == member.name) {
                        return Err(ModelError::invalid(
                            Some(&id.with_member(&member.name)),
                            child(path, &["mixins"]),
                            format!(
                                "member `{}` is inherited from more than one mixin",
                                member.name
                            ),
                        ));
                    }
                    merged.push(rebase(id, member));
                }
            }
            for member in members.iter() {
                let member_path = child(path, &["members", &member.name]);
                match merged.iter_mut().find(|m| m.name == member.name) {
                    Some(inherited) => redefine(inherited, member, &member_path)?,
                    None => merged.push(member.clone()),
                }
            }
            *members = merged;
        }
        ShapeKind::List { member } => {
            for mixin in mixins {
                if let ShapeKind::List { member: from } = &mixin.kind {
                    take(member, from, &child(path, &["member"]))?;
                }
            }
        }
        ShapeKind::Map { key, value } => {
            for mixin in mixins {
                if let ShapeKind::Map {
                    key: mixin_key,
                    value: mixin_value,
                } = &mixin.kind
                {
                    take(key, mixin_key, &child(path, &["key"]))?;
                    take(value, mixin_value, &child(path, &["value"]))?;
                }
            }
        }
        ShapeKind::Operation(operation) => {
            for mixin in mixins {
                if let ShapeKind::Operation(from) = &mixin.kind {
                    operation.input = operation.input.take().or_else(|| from.input.clone());
                    operation.output = operation.output.take().or_else(|| from.output.clone());
                    operation.errors = union(&from.errors, &operation.errors);
                }
            }
        }
        ShapeKind::Service(service) => {
            for mixin in mixins {
                if let ShapeKind::Service(from) = &mixin.kind {
                    service.version = service.version.take().or_else(|| from.version.clone());
                    service.operations = union(&from.operations, &service.operations);
                    service.resources = union(&from.resources, &service.resources);
                    service.errors = union(&from.errors, &service.errors);
                    for (key, name) in &from.rename {
                        service
                            .rename
                            .entry(key.clone())
                            .or_insert_with(|| name.clone());
                    }
                }
            }
        }
        ShapeKind::Resource(resource) => {
            for mixin in mixins {
                if let ShapeKind::Resource(from) = &mixin.kind {
                    for (name, target) in &from.identifiers {
                        if !resource.identifiers.iter().any(|(n, _)| n == name) {
                            resource.identifiers.push((name.clone(), target.clone()));
                        }
                    }
                    for (name, target) in &from.properties {
                        if !resource.properties.iter().any(|(n, _)| n == name) {
                            resource.properties.push((name.clone(), target.clone()));
                        }
                    }
                    if resource.lifecycle.is_empty() {
                        resource.lifecycle = from.lifecycle.clone();
                    }
                    resource.operations = union(&from.operations, &resource.operations);
                    resource.collection_operations =
                        union(&from.collection_operations, &resource.collection_operations);
                    resource.resources = union(&from.resources, &resource.resources);
                }
            }
        }
        _ => {}
    }
    Ok(kind)
}

/// A mixin member re-homed under the shape that inherits it.
fn rebase(id: &ShapeId, member: &Member) -> Member {
    Member {
        id: id.with_member(&member.name),
        ..member.clone()
    }
}

/// A local member that redefines an inherited one: same target, local traits win.
fn redefine(inherited: &mut Member, local: &Member, path: &str) -> Result<(), ModelError> {
    if inherited.target != local.target {
        return Err(ModelError::invalid(
            Some(&local.id),
            child(path, &["target"]),
            format!(
                "member redefines an inherited member with target `{}` as `{}`",
                inherited.target, local.target
            ),
        ));
    }
    for (trait_id, _) in local.traits.iter() {
        inherited.traits.copy_from(&local.traits, trait_id);
    }
    Ok(())
}

/// `first` then the ids of `second` not already in it.
fn union(first: &[ShapeId], second: &[ShapeId]) -> Vec<ShapeId> {
    let mut out = first.to_vec();
    for id in second {
        if !out.contains(id) {
            out.push(id.clone());
        }
    }
    out
}
