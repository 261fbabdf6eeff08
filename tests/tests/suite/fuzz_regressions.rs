//! Inputs that crashed a fuzz target (`fuzz/`), kept so the normal test run stays fixed.
//! Each test builds its input here; nothing is read from the fuzz corpus.

use serde_json::{Value, json};
use smithy_codegen::{CrateConfig, generate, ir::MAX_NESTING};
use smithy_model::Model;

/// A one-operation awsJson1_1 service whose input is `ex#In`, plus `shapes`.
fn model(shapes: Vec<(String, Value)>) -> Model {
    let mut all = serde_json::Map::new();
    all.insert(
        "ex#Svc".into(),
        json!({"type": "service", "version": "1", "operations": [{"target": "ex#Op"}],
               "traits": {"aws.protocols#awsJson1_1": {}}}),
    );
    all.insert(
        "ex#Op".into(),
        json!({"type": "operation", "input": {"target": "ex#In"},
               "output": {"target": "smithy.api#Unit"}}),
    );
    all.extend(shapes);
    let text = json!({"smithy": "2.0", "shapes": all}).to_string();
    Model::from_json_str(&text).unwrap_or_else(|e| panic!("the test model loads: {e}"))
}

/// `ex#In` -> `ex#N0` -> ... -> `ex#N{links-1}` -> `smithy.api#String`, each link a structure
/// member or a list member.
fn chain(links: usize, list: bool) -> Model {
    let name = |i: usize| {
        if i < links {
            format!("ex#N{i}")
        } else {
            "smithy.api#String".to_owned()
        }
    };
    let mut shapes = vec![(
        "ex#In".to_owned(),
        json!({"type": "structure", "members": {"a": {"target": name(0)}}}),
    )];
    for i in 0..links {
        let shape = if list {
            json!({"type": "list", "member": {"target": name(i + 1)}})
        } else {
            json!({"type": "structure", "members": {"m": {"target": name(i + 1)}}})
        };
        shapes.push((format!("ex#N{i}"), shape));
    }
    model(shapes)
}

fn config() -> CrateConfig {
    CrateConfig {
        package: "deep".into(),
        ..CrateConfig::default()
    }
}

/// Found by feeding hand-built chains to the `codegen` fuzz target's binary (the mutation runs
/// did not reach it): 2,000 nested structures or lists overflowed the stack in the IR builder.
#[test]
fn deeply_nested_structures_are_an_error_not_a_stack_overflow() {
    for list in [false, true] {
        let error = generate(&chain(2_000, list), &config())
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            error.contains("nest more than 64 levels deep") && error.contains("ex#N"),
            "list: {list}: {error}"
        );
    }
}

/// The limit is exact: the deepest chain allowed still generates. Run on an 8 MiB stack, the
/// main thread's size where `cargo xtask codegen` runs: in a debug build the emitters, syn and
/// prettyplease need more than a test thread's 2 MiB for 63 nested lists.
#[test]
fn nesting_up_to_the_limit_generates() {
    let run = || {
        // `ex#In`'s member is one level, each link one more, the final string one more.
        let deepest = MAX_NESTING - 1;
        for list in [false, true] {
            let generated = generate(&chain(deepest, list), &config());
            assert!(generated.is_ok(), "list: {list}: {:?}", generated.err());
            let error = generate(&chain(deepest + 1, list), &config()).err();
            assert!(error.is_some(), "list: {list}: one level more must fail");
        }
    };
    let thread = std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(run)
        .unwrap_or_else(|e| panic!("spawn: {e}"));
    if let Err(panic) = thread.join() {
        std::panic::resume_unwind(panic);
    }
}
