//! `tests/layout.rs` of a scratch crate: the generator's size estimates (which decide which
//! union members are boxed) against `size_of` of every generated type, so that the sweep's
//! `cargo test` checks the estimates on every model.

use std::fmt::Write as _;

use smithy_codegen::ir::layout::Layouts;
use smithy_codegen::ir::{ServiceIr, TypeHome};

/// The test file's text.
pub fn test_file(ir: &ServiceIr) -> String {
    let krate = ir.package.replace('-', "_");
    let mut layouts = Layouts::for_service(ir);
    let mut rows = String::new();
    for shape in ir.shapes.values() {
        let estimate = layouts.named(&shape.id).size;
        let name = &shape.rust_name;
        let path = match &shape.home {
            TypeHome::Types => format!("::{krate}::types::{name}"),
            TypeHome::Error => format!("::{krate}::error::{name}"),
            TypeHome::Operation(module) => format!("::{krate}::operation::{module}::{name}"),
        };
        let _ = writeln!(
            rows,
            "    ({name:?}, ::std::mem::size_of::<{path}>(), {estimate}),"
        );
    }
    format!(
        "//! Written by `cargo xtask sweep`: the generator's size estimates against `size_of`.\n\n\
         #![allow(deprecated)]\n\n\
         /// (type, `size_of`, estimate)\n\
         const SIZES: &[(&str, usize, usize)] = &[\n{rows}];\n\n\
         #[test]\n\
         fn size_estimates_are_exact() {{\n    \
             let wrong: Vec<String> = SIZES\n        \
                 .iter()\n        \
                 .filter(|(_, actual, estimate)| actual != estimate)\n        \
                 .map(|(name, actual, estimate)| format!(\"{{name}}: estimated {{estimate}}, size_of {{actual}}\"))\n        \
                 .collect();\n    \
             assert!(wrong.is_empty(), \"{{}} of {{}} estimates are off:\\n  {{}}\", wrong.len(), SIZES.len(), wrong.join(\"\\n  \"));\n\
         }}\n"
    )
}
