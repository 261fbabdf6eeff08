//! The generator's size estimates (`smithy_codegen::ir::layout`), which decide which union
//! members are boxed, against `size_of` of every generated type of every crate.

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::path::PathBuf;

use serde_json::Value;
use smithy_codegen::CrateConfig;
use smithy_codegen::ir::layout::{Layouts, RESPONSE_REQUEST_ID, UNHANDLED_ERROR_SIZE};
use smithy_rt::testing::{
    Arbitrary, JsonValue, SameValue, TypeVisitor, XmlTypeVisitor, XmlValue,
};

/// Rust type name -> `size_of` of the type. Not the visitor's Smithy name: two shapes of
/// different namespaces can share it (restJson1's `GreetingStruct`s).
#[derive(Default)]
struct Sizes(BTreeMap<&'static str, usize>);

impl Sizes {
    fn insert<T>(&mut self) {
        let path = std::any::type_name::<T>();
        let name = path.rsplit("::").next().unwrap_or(path);
        self.0.insert(name, std::mem::size_of::<T>());
    }
}

impl TypeVisitor for Sizes {
    fn visit<T>(&mut self, _name: &'static str)
    where
        T: Arbitrary + SameValue + JsonValue + Debug + Clone + PartialEq + 'static,
    {
        self.insert::<T>();
    }
}

impl XmlTypeVisitor for Sizes {
    fn visit<T>(&mut self, _name: &'static str)
    where
        T: Arbitrary + SameValue + XmlValue + Debug + Clone + PartialEq + 'static,
    {
        self.insert::<T>();
    }
}

/// Compares every visited type's size with the estimate of the crate `package` of
/// `codegen.json`; returns how many types were compared.
fn check(package: &str, each: impl FnOnce(&mut Sizes)) -> usize {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let config: Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("codegen.json")).expect("codegen.json should read"),
    )
    .expect("codegen.json should parse");
    let entry = config["crates"]
        .as_array()
        .and_then(|crates| crates.iter().find(|c| c["package"] == package))
        .unwrap_or_else(|| panic!("{package} is not in codegen.json"));
    let model_path = root.join(entry["model"].as_str().expect("model path"));
    let model = smithy_model::Model::load(&model_path).unwrap_or_else(|e| panic!("{e}"));
    let crate_config = CrateConfig {
        package: package.to_owned(),
        service: entry["service"].as_str().map(str::to_owned),
        ..CrateConfig::default()
    };
    let ir = smithy_codegen::ir::build(&model, &crate_config).unwrap_or_else(|e| panic!("{e}"));

    let mut sizes = Sizes::default();
    each(&mut sizes);
    let mut layouts = Layouts::for_service(&ir);
    let mut wrong = Vec::new();
    for (name, actual) in &sizes.0 {
        let shape = ir
            .shapes
            .values()
            .find(|s| s.rust_name == *name)
            .unwrap_or_else(|| panic!("{package}: no type {name} in the IR"));
        let estimate = layouts.named(&shape.id).size;
        if estimate != *actual {
            wrong.push(format!("{name}: estimated {estimate}, size_of {actual}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "{package}: {} of {} size estimates are off:\n  {}",
        wrong.len(),
        sizes.0.len(),
        wrong.join("\n  ")
    );
    sizes.0.len()
}

#[test]
fn size_estimates_match_every_generated_type() {
    let compared = [
        check("firehose", firehose::test_util::for_each_type),
        check("json-protocol", json_protocol::test_util::for_each_type),
        check("machinelearning", machinelearning::test_util::for_each_type),
        check("edge-cases", edge_cases::test_util::for_each_type),
        check("endpoint-fixture", endpoint_fixture::test_util::for_each_type),
        check("defaults-fixture", defaults_fixture::test_util::for_each_type),
        check(
            "rest-json-protocol",
            rest_json_protocol::test_util::for_each_type,
        ),
        check("sts", sts::test_util::for_each_type),
        check("query-protocol", query_protocol::test_util::for_each_type),
        check("query-fixture", query_fixture::test_util::for_each_type),
    ];
    let compared: usize = compared.iter().sum();
    assert!(compared > 400, "only {compared} types compared");
}

/// The sizes the estimates take from other crates.
#[test]
fn foreign_type_sizes_are_the_estimates() {
    use smithy_codegen::ir::TypeRef;
    let shapes = BTreeMap::new();
    let mut layouts = Layouts::new(&shapes, Default::default());
    assert_eq!(
        layouts.of(&TypeRef::Blob).size,
        std::mem::size_of::<smithy_rt::Blob>()
    );
    assert_eq!(
        layouts.of(&TypeRef::Document).size,
        std::mem::size_of::<smithy_rt::Document>()
    );
    let timestamp = TypeRef::Timestamp(smithy_model::TimestampFormat::EpochSeconds);
    assert_eq!(
        layouts.of(&timestamp).size,
        std::mem::size_of::<smithy_rt::DateTime>()
    );
    let map = TypeRef::Map {
        value: Box::new(TypeRef::String),
        sparse: false,
        xml_key_name: None,
        xml_value_name: None,
        enum_key: None,
    };
    assert_eq!(
        layouts.of(&map).size,
        std::mem::size_of::<std::collections::HashMap<String, String>>()
    );
    assert_eq!(
        UNHANDLED_ERROR_SIZE,
        std::mem::size_of::<smithy_rt::UnhandledError>()
    );
    assert_eq!(
        RESPONSE_REQUEST_ID.size,
        std::mem::size_of::<smithy_rt::ResponseRequestId>()
    );
    // No spare bit pattern left: an `Option` of it is larger.
    assert_eq!(
        RESPONSE_REQUEST_ID.optional().size,
        std::mem::size_of::<Option<smithy_rt::ResponseRequestId>>()
    );
}
