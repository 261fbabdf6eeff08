//! Checks that need the final (merged, flattened) shapes, and enum value defaults.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::error::{child, pointer};
use crate::{EnumValue, ModelError, Shape, ShapeId, ShapeKind};

const ENUM_VALUE: &str = "smithy.api#enumValue";

/// Runs the final checks and gives `enum` members without a value their name as value.
pub(crate) fn finish(shapes: &mut BTreeMap<ShapeId, Shape>) -> Result<(), ModelError> {
    for shape in shapes.values_mut() {
        enum_values(shape)?;
    }
    for shape in shapes.values() {
        let errors = match &shape.kind {
            ShapeKind::Operation(operation) => &operation.errors,
            ShapeKind::Service(service) => &service.errors,
            _ => continue,
        };
        for (index, error) in errors.iter().enumerate() {
            let is_error = shapes
                .get(error)
                .is_some_and(|target| target.traits.error().is_some());
            if !is_error {
                return Err(ModelError::invalid(
                    Some(&shape.id),
                    pointer(&[
                        "shapes",
                        &shape.id.to_string(),
                        "errors",
                        &index.to_string(),
                        "target",
                    ]),
                    format!("`{error}` is listed as an error but lacks the smithy.api#error trait"),
                ));
            }
        }
    }
    Ok(())
}

/// `enum` members need string values (default: the member name), `intEnum` members ints.
fn enum_values(shape: &mut Shape) -> Result<(), ModelError> {
    let (members, is_int) = match &mut shape.kind {
        ShapeKind::Enum { members } => (members, false),
        ShapeKind::IntEnum { members } => (members, true),
        _ => return Ok(()),
    };
    let shape_path = pointer(&["shapes", &shape.id.to_string(), "members"]);
    for member in members {
        let path = child(&shape_path, &[&member.name, "traits", ENUM_VALUE]);
        match (member.traits.enum_value(), is_int) {
            (Some(EnumValue::String(_)), false) | (Some(EnumValue::Int(_)), true) => {}
            (None, false) => {
                member
                    .traits
                    .insert(ENUM_VALUE, Value::String(member.name.clone()))
                    .map_err(|e| ModelError::invalid(Some(&member.id), path, e))?;
            }
            (None, true) => {
                return Err(ModelError::invalid(
                    Some(&member.id),
                    path,
                    "intEnum members must have an integer smithy.api#enumValue",
                ));
            }
            (Some(EnumValue::Int(value)), false) => {
                return Err(ModelError::invalid(
                    Some(&member.id),
                    path,
                    format!("enum members must have a string smithy.api#enumValue, found {value}"),
                ));
            }
            (Some(EnumValue::String(value)), true) => {
                return Err(ModelError::invalid(
                    Some(&member.id),
                    path,
                    format!(
                        "intEnum members must have an integer smithy.api#enumValue, found \"{value}\""
                    ),
                ));
            }
        }
    }
    Ok(())
}
