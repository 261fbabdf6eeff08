//! Size estimates of the generated types on 64-bit targets, and the boxing they call for.
//!
//! Clippy's `large_enum_variant` fires when an enum's largest variant is more than 200 bytes
//! (its default `enum-variant-size-threshold`) bigger than the second largest. A union whose
//! biggest member is a large structure, next to the `Unknown` variant that holds nothing, is
//! such an enum. [`box_large_union_members`] boxes exactly the members that make a union
//! lopsided, judged by [`Layouts`], which lays types out the way rustc does for the shapes
//! generated code uses: fields sorted by alignment (so a structure is the sum of its fields,
//! rounded up to its alignment; a field is `Option<T>` or plain `T` as [`MemberIr::optional`](super::MemberIr::optional) says), `Option` free where the value has a spare bit pattern (a
//! niche), enums tagged or niche-filled, whichever is smaller.

use std::collections::{BTreeMap, BTreeSet};

use smithy_model::ShapeId;

use super::{ServiceIr, ShapeIr, ShapeIrKind, TypeRef};

/// Clippy's default `enum-variant-size-threshold`: a larger gap between the largest and the
/// second-largest variant is linted.
pub const LARGE_VARIANT_THRESHOLD: usize = 200;

/// How far an estimate may be off: a union is boxed when its gap is within this many bytes of
/// the threshold, so an estimate slightly too small never lets the lint through.
pub const MARGIN: usize = 16;

/// Spare bit patterns of a type, which let `Option` (and enums) store their tag for free.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Niche {
    /// Every bit pattern is a value (integers, floats, `DateTime`).
    None,
    /// One spare pattern (`Box`'s null); `Option` uses it up.
    One,
    /// Many spare patterns (`bool`, `String`'s capacity, an enum's tag).
    Many,
}

/// Size, alignment and spare patterns of a type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layout {
    /// Bytes.
    pub size: usize,
    /// Bytes.
    pub align: usize,
    /// Spare patterns.
    pub niche: Niche,
}

impl Layout {
    const fn new(size: usize, align: usize, niche: Niche) -> Self {
        Layout { size, align, niche }
    }

    /// `Option<Self>`.
    pub fn optional(self) -> Layout {
        match self.niche {
            Niche::Many => self,
            Niche::One => Layout {
                niche: Niche::None,
                ..self
            },
            // A tag in front, padded to the value's alignment.
            Niche::None => Layout::new(self.size + self.align, self.align, Niche::Many),
        }
    }
}

const BOX: Layout = Layout::new(8, 8, Niche::One);
/// `smithy_rt::ResponseRequestId` (an `Option<Box<str>>`), the request id field of an
/// operation's output.
pub const RESPONSE_REQUEST_ID: Layout = Layout::new(16, 8, Niche::None);
const UNIT: Layout = Layout::new(0, 1, Niche::None);

fn round_up(size: usize, align: usize) -> usize {
    size.div_ceil(align.max(1)) * align.max(1)
}

/// A structure: fields sorted by alignment leave no gaps, only tail padding.
fn structure(fields: impl IntoIterator<Item = Layout>) -> Layout {
    let mut total = UNIT;
    let mut size = 0usize;
    for f in fields {
        size = size.saturating_add(f.size);
        total.align = total.align.max(f.align);
        total.niche = total.niche.max(f.niche);
    }
    total.size = round_up(size, total.align);
    total
}

/// An enum whose variants hold `payloads` (a unit variant holds [`UNIT`]).
fn enumeration(payloads: &[Layout]) -> Layout {
    let align = payloads.iter().map(|p| p.align).max().unwrap_or(1);
    // Tagged: a one-byte tag, then the payload at its alignment.
    let tagged = payloads
        .iter()
        .map(|p| {
            if p.size == 0 {
                1
            } else {
                p.align.max(1) + p.size
            }
        })
        .max()
        .unwrap_or(0);
    let tagged = Layout::new(round_up(tagged, align), align, Niche::Many);
    // Niche-filled: the other variants' tags live in spare patterns of the largest payload,
    // and their data beside the field (at most 8 bytes) that holds those patterns.
    let Some(largest_at) = (0..payloads.len()).max_by_key(|&i| payloads.get(i).map(|p| p.size))
    else {
        return tagged;
    };
    let largest = payloads.get(largest_at).copied().unwrap_or(UNIT);
    let others: Vec<Layout> = (0..payloads.len())
        .filter(|&i| i != largest_at)
        .filter_map(|i| payloads.get(i).copied())
        .collect();
    let enough_patterns = match largest.niche {
        Niche::Many => true,
        Niche::One => others.len() <= 1,
        Niche::None => false,
    };
    let beside = others
        .iter()
        .all(|p| p.size == 0 || p.size + 8 <= largest.size);
    if enough_patterns && beside && largest.size < tagged.size {
        // Spare patterns stay spare if there were many; `Box`'s only one is used up.
        let niche = if largest.niche == Niche::Many {
            Niche::Many
        } else {
            Niche::None
        };
        return Layout::new(largest.size, align, niche);
    }
    tagged
}

/// Layouts of the named shapes, computed on demand and remembered.
pub struct Layouts<'a> {
    shapes: &'a BTreeMap<ShapeId, ShapeIr>,
    /// Operation outputs, which carry the response's request id besides their members.
    outputs: BTreeSet<ShapeId>,
    known: BTreeMap<ShapeId, Layout>,
}

impl<'a> Layouts<'a> {
    /// Layouts of `shapes` as their members are boxed now; `outputs` are the operations'
    /// output structures.
    pub fn new(shapes: &'a BTreeMap<ShapeId, ShapeIr>, outputs: BTreeSet<ShapeId>) -> Self {
        Layouts {
            shapes,
            outputs,
            known: BTreeMap::new(),
        }
    }

    /// Layouts of the types of `ir`.
    pub fn for_service(ir: &'a ServiceIr) -> Self {
        let outputs = ir.operations.iter().filter_map(|o| o.output.clone());
        Layouts::new(&ir.shapes, outputs.collect())
    }

    /// The layout of a value of `ty` (not wrapped in `Option`).
    pub fn of(&mut self, ty: &TypeRef) -> Layout {
        match ty {
            TypeRef::Unit => UNIT,
            TypeRef::Boolean => Layout::new(1, 1, Niche::Many),
            TypeRef::Byte => Layout::new(1, 1, Niche::None),
            TypeRef::Short => Layout::new(2, 2, Niche::None),
            TypeRef::Integer | TypeRef::Float => Layout::new(4, 4, Niche::None),
            TypeRef::Long | TypeRef::Double => Layout::new(8, 8, Niche::None),
            // `String` and `Vec`: pointer, capacity (at most `isize::MAX`), length.
            TypeRef::String | TypeRef::BigInteger | TypeRef::BigDecimal | TypeRef::List { .. } => {
                Layout::new(24, 8, Niche::Many)
            }
            // aws-smithy-types 1.x, measured (tests/tests/props/sizes.rs checks them). A
            // `Blob` is a `bytes::Bytes`, whose vtable reference is its one non-null field.
            TypeRef::Blob => Layout::new(32, 8, Niche::One),
            TypeRef::Timestamp(_) => Layout::new(16, 8, Niche::None),
            TypeRef::Document => Layout::new(56, 8, Niche::Many),
            // `HashMap`: its table pointer is the one non-null field.
            TypeRef::Map { .. } => Layout::new(48, 8, Niche::One),
            TypeRef::Named(id) => self.named(id),
        }
    }

    /// The layout of the Rust type of a named shape.
    pub fn named(&mut self, id: &ShapeId) -> Layout {
        if let Some(known) = self.known.get(id) {
            return *known;
        }
        // Placeholder while the shape is laid out: a cycle can only pass through a box, a
        // list or a map, none of which looks inside, so this is never read on valid IR.
        self.known.insert(id.clone(), BOX);
        let layout = match self.shapes.get(id).map(|s| &s.kind) {
            Some(ShapeIrKind::Structure { members, error }) => {
                // Errors box their metadata; outputs hold the request id.
                let meta = match error {
                    Some(_) => Some(BOX),
                    None => self.outputs.contains(id).then_some(RESPONSE_REQUEST_ID),
                };
                let fields: Vec<Layout> = members
                    .iter()
                    .map(|m| {
                        let value = self.member(m);
                        if m.optional { value.optional() } else { value }
                    })
                    .chain(meta)
                    .collect();
                structure(fields)
            }
            Some(ShapeIrKind::Union { members, .. }) => {
                let mut payloads: Vec<Layout> = members.iter().map(|m| self.member(m)).collect();
                payloads.push(UNIT);
                enumeration(&payloads)
            }
            // Unit variants and `Unknown(String)`.
            Some(ShapeIrKind::Enum { .. }) => Layout::new(24, 8, Niche::Many),
            // Unit variants and `Unknown(i32)`.
            Some(ShapeIrKind::IntEnum { .. }) => Layout::new(8, 4, Niche::Many),
            None => UNIT,
        };
        self.known.insert(id.clone(), layout);
        layout
    }

    /// The layout of a member's value as its container holds it (boxed or not).
    pub fn member(&mut self, m: &super::MemberIr) -> Layout {
        if m.boxed { BOX } else { self.of(&m.ty) }
    }
}

/// The index of the largest of an enum's variant `sizes` if clippy's `large_enum_variant`
/// may fire on it (within [`MARGIN`]).
pub fn lopsided(sizes: impl IntoIterator<Item = usize>) -> Option<usize> {
    let mut sizes: Vec<(usize, usize)> =
        sizes.into_iter().enumerate().map(|(i, s)| (s, i)).collect();
    sizes.sort_unstable_by(|a, b| b.cmp(a));
    match sizes[..] {
        [(largest, index), (second, _), ..]
            if largest - second + MARGIN > LARGE_VARIANT_THRESHOLD =>
        {
            Some(index)
        }
        _ => None,
    }
}

/// Size of `smithy_rt::UnhandledError` on 64-bit targets: the variant every error enum has
/// (checked by `tests/tests/props/sizes.rs`).
pub const UNHANDLED_ERROR_SIZE: usize = 32;

/// Whether clippy's `large_enum_variant` may fire on an error enum over `errors`. Error enums
/// hold modeled errors unboxed, so callers can match on them; where this is true, the enum
/// allows the lint instead.
pub fn error_enum_is_lopsided(layouts: &mut Layouts<'_>, errors: &[ShapeId]) -> bool {
    let sizes: Vec<usize> = errors.iter().map(|id| layouts.named(id).size).collect();
    lopsided(sizes.into_iter().chain([UNHANDLED_ERROR_SIZE])).is_some()
}

/// Boxes union members until no union has a variant more than the lint threshold (less the
/// [`MARGIN`]) bigger than its second-largest one. Each pass boxes the largest member of every
/// lopsided union; boxing shrinks unions, which can shrink their containers, so passes repeat
/// until nothing changes. `outputs` are the operations' output structures. Returns how many
/// members were boxed.
pub fn box_large_union_members(
    shapes: &mut BTreeMap<ShapeId, ShapeIr>,
    outputs: &BTreeSet<ShapeId>,
) -> usize {
    let mut boxed = 0;
    loop {
        let mut to_box: Vec<(ShapeId, usize)> = Vec::new();
        {
            let mut layouts = Layouts::new(shapes, outputs.clone());
            for (id, shape) in shapes.iter() {
                let ShapeIrKind::Union { members, .. } = &shape.kind else {
                    continue;
                };
                let sizes = members.iter().map(|m| layouts.member(m).size);
                // The `Unknown` variant holds nothing.
                if let Some(index) = lopsided(sizes.chain([0])) {
                    to_box.push((id.clone(), index));
                }
            }
        }
        if to_box.is_empty() {
            return boxed;
        }
        for (id, index) in to_box {
            if let Some(ShapeIrKind::Union { members, .. }) =
                shapes.get_mut(&id).map(|s| &mut s.kind)
                && let Some(m) = members.get_mut(index)
            {
                m.boxed = true;
                boxed += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn option_is_free_only_with_a_niche() {
        assert_eq!(Layout::new(4, 4, Niche::None).optional().size, 8);
        assert_eq!(Layout::new(16, 8, Niche::None).optional().size, 24);
        assert_eq!(Layout::new(24, 8, Niche::Many).optional().size, 24);
        assert_eq!(BOX.optional(), Layout::new(8, 8, Niche::None));
    }

    #[test]
    fn structures_are_fields_plus_tail_padding() {
        let fields = [
            Layout::new(8, 4, Niche::Many),
            Layout::new(1, 1, Niche::Many),
            Layout::new(24, 8, Niche::Many),
        ];
        assert_eq!(structure(fields).size, 40);
        assert_eq!(structure([]), UNIT);
    }

    #[test]
    fn enums_take_the_smaller_of_tagged_and_niche_filled() {
        let string = Layout::new(24, 8, Niche::Many);
        let int = Layout::new(4, 4, Niche::None);
        // `enum { A(String), B(i32), Unknown }` is 24 bytes, `enum { A(bool), B(i64), Unknown }` 16.
        assert_eq!(enumeration(&[string, int, UNIT]).size, 24);
        let boolean = Layout::new(1, 1, Niche::Many);
        let long = Layout::new(8, 8, Niche::None);
        assert_eq!(enumeration(&[boolean, long, UNIT]).size, 16);
        // `enum { A(Box<T>), Unknown }` is a pointer; a `DateTime` has no spare patterns.
        assert_eq!(enumeration(&[BOX, UNIT]).size, 8);
        assert_eq!(
            enumeration(&[Layout::new(16, 8, Niche::None), UNIT]).size,
            24
        );
    }
}
