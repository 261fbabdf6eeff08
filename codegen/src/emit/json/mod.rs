//! The JSON codec: serializers ([`ser`]) and deserializers ([`de`]) of structures and unions,
//! emitted for the JSON protocols (awsJson today; restJson1 reuses them for its bodies).

pub mod de;
pub mod ser;
