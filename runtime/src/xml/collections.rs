//! Lists and maps in XML, for generated deserializers: the element layouts Smithy's XML
//! bindings use (wrapped in a member element, or `@xmlFlattened` into the structure).

use std::collections::HashMap;

use super::{StartElement, XmlReader};
use crate::json::de::{DeError, insert_unique};

/// Reads a wrapped list: the open element's children named `item` (`member` unless the list's
/// member has `@xmlName`), each read with `read`, which must read the whole element (the
/// generated readers do). Other children are skipped; `read` returning `None` (a union element
/// with no member) leaves the item out. Errors inside an item name its index.
///
/// ```
/// use smithy_rt::xml::{XmlReader, read_list};
/// # fn main() -> Result<(), smithy_rt::json::de::DeError> {
/// let mut reader = XmlReader::new(b"<Ids><member>1</member><member>2</member></Ids>")?;
/// reader.root()?;
/// let ids = read_list(&mut reader, "member", |reader, _| reader.i32().map(Some))?;
/// assert_eq!(ids, [1, 2]);
/// # Ok(())
/// # }
/// ```
pub fn read_list<'a, T>(
    reader: &mut XmlReader<'a>,
    item: &str,
    mut read: impl FnMut(&mut XmlReader<'a>, &StartElement<'a>) -> Result<Option<T>, DeError>,
) -> Result<Vec<T>, DeError> {
    let mut items = Vec::new();
    let mut index = 0;
    while let Some(child) = reader.next_child()? {
        if child.local() != item {
            reader.skip()?;
            continue;
        }
        if let Some(value) = read(reader, &child).map_err(|e| e.in_index(index))? {
            items.push(value);
        }
        index += 1;
    }
    Ok(items)
}

/// Reads a wrapped map: the open element's children named `entry`, each holding a
/// `key_name` and a `value_name` element (see [`read_map_entry`]). Other children are skipped.
///
/// ```
/// use smithy_rt::xml::{XmlReader, read_map};
/// # fn main() -> Result<(), smithy_rt::json::de::DeError> {
/// let body = b"<Tags><entry><key>env</key><value>prod</value></entry></Tags>";
/// let mut reader = XmlReader::new(body)?;
/// reader.root()?;
/// let tags = read_map(&mut reader, "entry", "key", "value", |reader, _| reader.string().map(Some))?;
/// assert_eq!(tags.get("env").map(String::as_str), Some("prod"));
/// # Ok(())
/// # }
/// ```
pub fn read_map<'a, V>(
    reader: &mut XmlReader<'a>,
    entry: &str,
    key_name: &str,
    value_name: &str,
    mut read: impl FnMut(&mut XmlReader<'a>, &StartElement<'a>) -> Result<Option<V>, DeError>,
) -> Result<HashMap<String, V>, DeError> {
    let mut map = HashMap::new();
    while let Some(child) = reader.next_child()? {
        if child.local() == entry {
            read_map_entry(reader, &child, key_name, value_name, &mut map, &mut read)?;
        } else {
            reader.skip()?;
        }
    }
    Ok(map)
}

/// Reads one map entry, the open element `entry` (an `<entry>` of a wrapped map, or an element
/// of an `@xmlFlattened` one), into `map`: its `key_name` child is the key, its `value_name`
/// child is read with `read`; other children are skipped.
///
/// An entry without a key or without a value, a key or value given twice in one entry, and a
/// key already in `map` are errors (keeping either value would silently drop the other);
/// `read` returning `None` (a union with no member) leaves the entry out. Errors inside the
/// value name its key.
pub fn read_map_entry<'a, V>(
    reader: &mut XmlReader<'a>,
    entry: &StartElement<'a>,
    key_name: &str,
    value_name: &str,
    map: &mut HashMap<String, V>,
    mut read: impl FnMut(&mut XmlReader<'a>, &StartElement<'a>) -> Result<Option<V>, DeError>,
) -> Result<(), DeError> {
    let mut key = None;
    let mut value = None;
    while let Some(field) = reader.next_child()? {
        let name = field.local();
        if name == key_name {
            if key.is_some() {
                return Err(DeError::duplicate(
                    field.offset(),
                    "map entry element",
                    name,
                ));
            }
            key = Some(reader.text()?);
        } else if name == value_name {
            if value.is_some() {
                return Err(DeError::duplicate(
                    field.offset(),
                    "map entry element",
                    name,
                ));
            }
            value = Some(read(reader, &field).map_err(|e| match &key {
                Some(key) => e.in_key(key.as_str()),
                None => e,
            })?);
        } else {
            reader.skip()?;
        }
    }
    let Some(key) = key else {
        return Err(DeError::custom(
            entry.offset(),
            format!("map entry without a <{key_name}> element"),
        ));
    };
    match value {
        None => Err(DeError::custom(
            entry.offset(),
            format!("map entry without a <{value_name}> element"),
        )
        .in_key(key.as_str())),
        Some(None) => Ok(()),
        Some(Some(value)) => {
            let offset = key.offset();
            insert_unique(map, key.into_cow(), value, offset)
        }
    }
}
