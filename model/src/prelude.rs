//! The `smithy.api` prelude shapes every model can target without defining them.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde_json::Value;

use crate::{Shape, ShapeId, ShapeKind, Traits};

/// The prelude namespace.
pub(crate) const NAMESPACE: &str = "smithy.api";

static PRELUDE: LazyLock<BTreeMap<ShapeId, Shape>> = LazyLock::new(build);

/// The prelude shape with this id, if there is one.
pub(crate) fn shape(id: &ShapeId) -> Option<&'static Shape> {
    PRELUDE.get(id)
}

/// Whether `id` is `smithy.api#Unit`.
pub(crate) fn is_unit(id: &ShapeId) -> bool {
    id.namespace() == NAMESPACE && id.name() == "Unit" && id.member().is_none()
}

fn build() -> BTreeMap<ShapeId, Shape> {
    let simple = [
        ("String", ShapeKind::String),
        ("Blob", ShapeKind::Blob),
        ("BigInteger", ShapeKind::BigInteger),
        ("BigDecimal", ShapeKind::BigDecimal),
        ("Timestamp", ShapeKind::Timestamp),
        ("Document", ShapeKind::Document),
        ("Boolean", ShapeKind::Boolean),
        ("Byte", ShapeKind::Byte),
        ("Short", ShapeKind::Short),
        ("Integer", ShapeKind::Integer),
        ("Long", ShapeKind::Long),
        ("Float", ShapeKind::Float),
        ("Double", ShapeKind::Double),
        (
            "Unit",
            ShapeKind::Structure {
                members: Vec::new(),
            },
        ),
    ];
    // Primitive* shapes differ from their boxed twins only by a zero default.
    let primitive = [
        ("PrimitiveBoolean", ShapeKind::Boolean, Value::Bool(false)),
        ("PrimitiveByte", ShapeKind::Byte, Value::from(0)),
        ("PrimitiveShort", ShapeKind::Short, Value::from(0)),
        ("PrimitiveInteger", ShapeKind::Integer, Value::from(0)),
        ("PrimitiveLong", ShapeKind::Long, Value::from(0)),
        ("PrimitiveFloat", ShapeKind::Float, Value::from(0)),
        ("PrimitiveDouble", ShapeKind::Double, Value::from(0)),
    ];
    let mut shapes = BTreeMap::new();
    for (name, kind) in simple {
        let id = ShapeId::from_parts(NAMESPACE, name);
        let mut traits = Traits::default();
        if name == "Unit" {
            traits.insert_unchecked("smithy.api#unitType", Value::Object(Default::default()));
        }
        shapes.insert(id.clone(), Shape { id, kind, traits });
    }
    for (name, kind, default) in primitive {
        let id = ShapeId::from_parts(NAMESPACE, name);
        let mut traits = Traits::default();
        traits.insert_unchecked("smithy.api#default", default);
        shapes.insert(id.clone(), Shape { id, kind, traits });
    }
    shapes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn has_all_prelude_shapes() {
        assert_eq!(PRELUDE.len(), 21);
        let int = shape(&ShapeId::parse("smithy.api#PrimitiveInteger").unwrap()).unwrap();
        assert_eq!(int.kind, ShapeKind::Integer);
        assert_eq!(int.traits.default_value(), Some(&Value::from(0)));
        let boolean = shape(&ShapeId::parse("smithy.api#PrimitiveBoolean").unwrap()).unwrap();
        assert_eq!(boolean.traits.default_value(), Some(&Value::Bool(false)));
        let unit = ShapeId::parse("smithy.api#Unit").unwrap();
        assert!(is_unit(&unit));
        assert_eq!(shape(&unit).unwrap().kind.type_name(), "structure");
        assert!(shape(&ShapeId::parse("smithy.api#Nope").unwrap()).is_none());
    }
}
