//! Code snapshot: what the generator writes for StartDeliveryStreamEncryption.
//! The `.snap` files under `snapshots/` were read and reviewed line by line; a change to the
//! generator that alters them fails here until the new output is reviewed (`cargo insta review`).

use smithy_codegen::emit::json::ser;
use smithy_codegen::emit::{self, errors, operations, types};

fn render(tokens: proc_macro2::TokenStream) -> String {
    emit::format_tokens(tokens, "snapshot").unwrap_or_else(|e| panic!("{e}"))
}

fn shape(name: &str) -> String {
    let ir = crate::common::firehose_ir();
    let shape = ir
        .shape_named(name)
        .unwrap_or_else(|| panic!("{name} is not in the IR"));
    render(types::shape_tokens(&ir, shape).unwrap_or_else(|e| panic!("{e}")))
}

#[test]
fn input_structure() {
    insta::assert_snapshot!(shape("StartDeliveryStreamEncryptionInput"));
}

#[test]
fn output_structure() {
    insta::assert_snapshot!(shape("StartDeliveryStreamEncryptionOutput"));
}

#[test]
fn encryption_configuration_input() {
    insta::assert_snapshot!(shape("DeliveryStreamEncryptionConfigurationInput"));
}

#[test]
fn key_type_enum() {
    insta::assert_snapshot!(shape("KeyType"));
}

#[test]
fn serializers() {
    let ir = crate::common::firehose_ir();
    let mut out = String::new();
    for name in [
        "StartDeliveryStreamEncryptionInput",
        "DeliveryStreamEncryptionConfigurationInput",
    ] {
        let shape = ir
            .shape_named(name)
            .unwrap_or_else(|| panic!("{name} is not in the IR"));
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&render(
            ser::shape_fn(&ir, shape).unwrap_or_else(|e| panic!("{e}")),
        ));
    }
    insta::assert_snapshot!(out);
}

#[test]
fn error_enum_and_mapping() {
    let ir = crate::common::firehose_ir();
    let op = ir
        .operation_named("StartDeliveryStreamEncryption")
        .expect("operation in the IR");
    insta::assert_snapshot!(render(
        errors::operation_enum(&ir, op).unwrap_or_else(|e| panic!("{e}"))
    ));
}

#[test]
fn operation_wiring() {
    let ir = crate::common::firehose_ir();
    let op = ir
        .operation_named("StartDeliveryStreamEncryption")
        .expect("operation in the IR");
    insta::assert_snapshot!(render(
        operations::operation(&ir, op).unwrap_or_else(|e| panic!("{e}"))
    ));
}
