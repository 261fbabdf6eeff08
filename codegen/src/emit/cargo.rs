//! `Cargo.toml` of a generated crate.

use crate::HEADER;
use crate::ir::ServiceIr;
use crate::runtime_type::PACKAGE as RT;

/// The manifest text. Generated crates live in this workspace and inherit its settings.
pub fn manifest(ir: &ServiceIr, protocol_tests: bool) -> String {
    let title = ir.title.as_deref().unwrap_or(ir.id.name());
    let description = format!(
        "Rust bindings for {title}, generated from the Smithy model {}.",
        ir.id
    );
    let mut text = format!(
        "{header}\n[package]\nname = {name:?}\nversion = \"0.1.0\"\ndescription = {description:?}\n\
         edition.workspace = true\nrust-version.workspace = true\nlicense.workspace = true\npublish.workspace = true\n\n\
         [dependencies]\n{runtime}\n\
         smithy-client = {{ workspace = true, optional = true }}\n",
        header = HEADER.replacen("//", "#", 1),
        name = ir.package,
        runtime = runtime_dependency(ir),
    );
    // Signing is opt-in: callers that sign elsewhere (or not at all) keep the lean build.
    text.push_str(&format!("\n[features]\nsigv4 = [\"{RT}/sigv4\"]\n"));
    // The async client (smithy-client: hyper, rustls) is opt-in too.
    text.push_str("client = [\"dep:smithy-client\", \"sigv4\"]\n");
    // Property-test support: `Arbitrary` values and the ser/de directions production omits.
    text.push_str(&format!("test-util = [\"{RT}/test-util\"]\n"));
    // `http` is for the doc examples, which hand the request to an `http` 1.x client.
    text.push_str("\n[dev-dependencies]\nhttp.workspace = true\n");
    if protocol_tests {
        text.push_str("aws-smithy-protocol-test.workspace = true\nserde_json.workspace = true\n");
        // Tests pin the idempotency tokens the client fills in.
        text.push_str(&format!(
            "{RT} = {{ workspace = true, features = [\"test-util\"] }}\n"
        ));
    }
    text
}

/// The runtime dependency, with the features the crate's code needs: the protocol's (so a
/// crate of another protocol never builds them) and those its operations' checksums use.
fn runtime_dependency(ir: &ServiceIr) -> String {
    let mut features: Vec<&str> = ir.protocol.runtime_features().to_vec();
    if ir.operations.iter().any(|o| o.checksum_required) {
        features.push("md5");
    }
    if ir.operations.iter().any(|o| o.payload_checksums.is_some()) {
        features.push("sha256");
    }
    if features.is_empty() {
        format!("{RT}.workspace = true")
    } else {
        let list: Vec<String> = features.iter().map(|f| format!("{f:?}")).collect();
        format!(
            "{RT} = {{ workspace = true, features = [{}] }}",
            list.join(", ")
        )
    }
}
