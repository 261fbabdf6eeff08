//! Integration, snapshot and wire tests live in tests/tests/.
