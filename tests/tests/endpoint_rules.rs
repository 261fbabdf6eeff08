//! Every `smithy.rules#endpointTests` case of the Firehose model, read from the model at test
//! time, against the generated `firehose::resolve_endpoint`: the expected URL for success
//! cases, the rule set's exact message for error cases.

use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{Map, Value};

/// Standard cases (region only) on which `firehose::endpoint(region)` was checked.
static STANDARD_CHECKED: AtomicUsize = AtomicUsize::new(0);

/// The test cases of the service's `smithy.rules#endpointTests` trait.
fn endpoint_tests(model: &str, service: &str) -> Vec<Value> {
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(model);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let json: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
    json.pointer(&format!(
        "/shapes/{}/traits/smithy.rules#endpointTests/testCases",
        service.replace('~', "~0").replace('/', "~1")
    ))
    .and_then(Value::as_array)
    .cloned()
    .unwrap_or_else(|| panic!("{service} in {model} has no endpoint tests"))
}

/// Runs every case; `resolve` maps the case's `params` to the resolver's result (the error
/// side is the rule set's message). Returns the number of cases, panics listing every failure.
fn run_cases(
    cases: &[Value],
    resolve: impl Fn(&Map<String, Value>) -> Result<String, String>,
) -> usize {
    let empty = Map::new();
    let mut failures = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let doc = case
            .get("documentation")
            .and_then(Value::as_str)
            .unwrap_or("");
        assert!(
            case.get("operationInputs").is_none(),
            "case {i} ({doc}): operationInputs are not run by this test"
        );
        let params = case
            .get("params")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let expected = match (
            case.pointer("/expect/endpoint"),
            case.pointer("/expect/error").and_then(Value::as_str),
        ) {
            (Some(endpoint), None) => {
                for key in ["properties", "headers"] {
                    assert!(
                        endpoint
                            .get(key)
                            .and_then(Value::as_object)
                            .is_none_or(Map::is_empty),
                        "case {i} ({doc}): expected endpoint {key} are not checked by this test"
                    );
                }
                let url = endpoint.get("url").and_then(Value::as_str);
                Ok(url.unwrap_or_else(|| panic!("case {i}: no url")).to_owned())
            }
            (None, Some(error)) => Err(error.to_owned()),
            _ => panic!("case {i} ({doc}): expects neither an endpoint nor an error"),
        };
        let actual = resolve(params);
        if actual != expected {
            failures.push(format!(
                "case {i} ({doc}): params {params:?}\n  expected {expected:?}\n  got      {actual:?}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} endpoint tests failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    cases.len()
}

fn string(params: &Map<String, Value>, name: &str) -> Option<String> {
    params.get(name).map(|v| {
        v.as_str()
            .unwrap_or_else(|| panic!("{name} is not a string: {v}"))
            .to_owned()
    })
}

fn boolean(params: &Map<String, Value>, name: &str) -> Option<bool> {
    params.get(name).map(|v| {
        v.as_bool()
            .unwrap_or_else(|| panic!("{name} is not a boolean: {v}"))
    })
}

fn firehose_resolve(params: &Map<String, Value>) -> Result<String, String> {
    for name in params.keys() {
        assert!(
            ["Region", "UseFIPS", "UseDualStack", "Endpoint"].contains(&name.as_str()),
            "unknown Firehose endpoint parameter {name}"
        );
    }
    let mut p = firehose::EndpointParams::default();
    if let Some(region) = string(params, "Region") {
        p = p.with_region(region);
    }
    if let Some(endpoint) = string(params, "Endpoint") {
        p = p.with_endpoint(endpoint);
    }
    if let Some(fips) = boolean(params, "UseFIPS") {
        p = p.with_use_fips(fips);
    }
    if let Some(dual_stack) = boolean(params, "UseDualStack") {
        p = p.with_use_dual_stack(dual_stack);
    }
    let result = firehose::resolve_endpoint(&p).map_err(|e| e.message().to_owned());
    // `endpoint(region)` is the resolver with only the region set.
    if let (Some(region), false, false, None, Ok(url)) = (
        string(params, "Region"),
        p.use_fips,
        p.use_dual_stack,
        &p.endpoint,
        &result,
    ) {
        assert_eq!(&firehose::endpoint(&region), url, "endpoint({region})");
        STANDARD_CHECKED.fetch_add(1, Ordering::Relaxed);
    }
    result
}

#[test]
fn firehose_endpoint_rule_tests() {
    let cases = endpoint_tests(
        "../../shared/models/firehose.json",
        "com.amazonaws.firehose#Firehose_20150804",
    );
    let ran = run_cases(&cases, firehose_resolve);
    println!("firehose endpoint rule tests: {ran} passed");
    assert_eq!(ran, 48, "the Firehose model has 48 endpoint tests");
    let standard = STANDARD_CHECKED.load(Ordering::Relaxed);
    assert!(standard >= 25, "endpoint(region) checked on only {standard} standard cases");
}

#[test]
fn endpoint_error_names_the_rules_message() {
    let error = firehose::resolve_endpoint(&firehose::EndpointParams::default())
        .expect_err("no region is an error");
    assert_eq!(error.message(), "Invalid Configuration: Missing Region");
    assert_eq!(
        error.to_string(),
        "endpoint resolution failed: Invalid Configuration: Missing Region"
    );
    let dual_stack_iso = firehose::EndpointParams::default()
        .with_region("us-iso-east-1")
        .with_use_dual_stack(true);
    assert_eq!(
        firehose::resolve_endpoint(&dual_stack_iso).map_err(|e| e.message().to_owned()),
        Err("DualStack is enabled but this partition does not support DualStack".to_owned())
    );
}

/// The fixture's rule set uses every supported function (`parseURL`, `substring` both ways,
/// `isValidHostLabel`, `uriEncode`, `not`, `stringEquals`, `getAttr` on URLs and partitions),
/// template escapes, and parameters that are required without a default, default to `true`,
/// or default to a string. Its expected values were worked out by hand from the rules spec.
fn edge_resolve(params: &Map<String, Value>) -> Result<String, String> {
    let mut p = edge_cases::EndpointParams::default();
    assert!(p.strict, "Strict defaults to true");
    assert_eq!(p.stage, "prod");
    for (name, _) in params {
        p = match name.as_str() {
            "Region" => p.with_region(string(params, name).unwrap_or_default()),
            "Endpoint" => p.with_endpoint(string(params, name).unwrap_or_default()),
            "Tenant" => p.with_tenant(string(params, name).unwrap_or_default()),
            "Stage" => p.with_stage(string(params, name).unwrap_or_default()),
            "Bucket" => p.with_bucket(string(params, name).unwrap_or_default()),
            "Key" => p.with_key(string(params, name).unwrap_or_default()),
            "UseFIPS" => p.with_use_fips(boolean(params, name).unwrap_or_default()),
            "Strict" => p.with_strict(boolean(params, name).unwrap_or_default()),
            other => panic!("unknown edge-cases endpoint parameter {other}"),
        };
    }
    edge_cases::resolve_endpoint(&p).map_err(|e| e.message().to_owned())
}

#[test]
fn edge_cases_endpoint_rule_tests() {
    let cases = endpoint_tests("fixtures/edge_cases.json", "example.edge#EdgeService");
    let ran = run_cases(&cases, edge_resolve);
    println!("edge-cases endpoint rule tests: {ran} passed");
    assert_eq!(ran, 16);
}

/// A rule set the generator can't compile never yields code that doesn't build: the crate
/// keeps `endpoint(region)` on the regional endpoint and the warning names the service and
/// what was unsupported.
#[test]
fn unsupported_rule_sets_fall_back_with_a_warning() {
    let param = r#""Region":{"builtIn":"AWS::Region","required":false,"type":"String"},
                   "Flag":{"required":false,"type":"Boolean"}"#;
    let ok_url = r#"{"conditions":[],"endpoint":{"url":"https://x.example.com"},"type":"endpoint"}"#;
    let cases = [
        (
            r#"[{"conditions":[{"fn":"aws.parseArn","argv":[{"ref":"Region"}],"assign":"Arn"}],
                 "endpoint":{"url":"https://x.example.com"},"type":"endpoint"}]"#.to_owned(),
            "function aws.parseArn is not supported",
        ),
        (
            r#"[{"conditions":[],"endpoint":{"url":"https://x.example.com",
                 "properties":{"authSchemes":[{"name":"sigv4"}]}},"type":"endpoint"}]"#.to_owned(),
            "endpoint properties are not supported",
        ),
        (
            r#"[{"conditions":[],"endpoint":{"url":"https://{Region}.example.com"},"type":"endpoint"}]"#.to_owned(),
            "is not a set string",
        ),
        (
            format!(r#"[{{"conditions":[{{"fn":"booleanEquals","argv":[{{"ref":"Flag"}},true]}}],
                 "endpoint":{{"url":"https://x.example.com"}},"type":"endpoint"}},{ok_url}]"#),
            "booleanEquals called with argument types",
        ),
        (
            format!(r#"[{{"conditions":[{{"fn":"isSet","argv":[{{"ref":"Region"}}]}},
                   {{"fn":"aws.partition","argv":[{{"ref":"Region"}}],"assign":"P"}}],
                 "endpoint":{{"url":"https://{{P#a.b}}"}},"type":"endpoint"}},{ok_url}]"#),
            "getAttr path \"a.b\" on Partition is not supported",
        ),
        (
            r#"[{"conditions":[],"error":"bad {Region","type":"error"}]"#.to_owned(),
            "template \"bad {Region\" is not closed",
        ),
        (
            r#"[{"conditions":[],"endpoint":{"url":"https://x.example.com"},"type":"weird"}]"#.to_owned(),
            "rule type Some(\"weird\") is not supported",
        ),
    ];
    for (rules, reason) in cases {
        let text = format!(
            r#"{{"smithy":"2.0","shapes":{{
                "ns#Svc":{{"type":"service","version":"1","traits":{{
                    "aws.protocols#awsJson1_1":{{}},
                    "aws.api#service":{{"sdkId":"Svc","endpointPrefix":"svc"}},
                    "smithy.rules#endpointRuleSet":{{"version":"1.0","parameters":{{{param}}},"rules":{rules}}}
                }}}}
            }}}}"#
        );
        let model = smithy_model::Model::from_json_str(&text).unwrap_or_else(|e| panic!("{e}"));
        let config = smithy_codegen::CrateConfig {
            package: "x".into(),
            ..Default::default()
        };
        let generated =
            smithy_codegen::generate(&model, &config).unwrap_or_else(|e| panic!("{reason}: {e}"));
        let warning = generated
            .warnings
            .iter()
            .find(|w| w.contains("endpoint rules not generated"))
            .unwrap_or_else(|| panic!("no warning for {reason}: {:?}", generated.warnings));
        assert!(warning.contains("service ns#Svc"), "{warning}");
        assert!(warning.contains(reason), "expected {reason:?} in {warning}");
        assert!(
            !generated.files.iter().any(|f| f.path.ends_with("endpoint_rules.rs")),
            "{reason}: no resolver is generated"
        );
        let root = generated
            .files
            .iter()
            .find(|f| f.path == "src/lib.rs")
            .unwrap_or_else(|| panic!("no root module"));
        assert!(
            root.contents
                .contains("::smithy_rt::regional_endpoint(ENDPOINT_PREFIX, region)"),
            "{reason}: endpoint(region) falls back to the regional endpoint"
        );
        assert!(!root.contents.contains("resolve_endpoint"), "{reason}");
    }
}
