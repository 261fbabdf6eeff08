//! Endpoint resolution beyond the models' own endpoint tests (which each generated crate runs
//! as `tests/endpoint_tests`): the API around `resolve_endpoint`, endpoints applied by
//! `build_request` and the client (URL, headers, signing name and region), and what the
//! generator does with rule sets and bindings it can't compile.

use std::sync::{Arc, Mutex};

use endpoint_fixture::operation::get_thing::GetThingInput;
use endpoint_fixture::operation::ping::Ping;
use endpoint_fixture::{EndpointParams, Operation, resolve_endpoint};
use smithy_client::{Config, Credentials, InMemoryTransport};
use smithy_rt::{HttpRequest, HttpResponse, TryCloneRequest};

#[test]
fn endpoint_errors_carry_the_rule_sets_message() {
    let error = firehose::resolve_endpoint(&firehose::EndpointParams::default())
        .expect_err("no region is an error");
    assert_eq!(error.message(), "Invalid Configuration: Missing Region");
    assert_eq!(
        error.to_string(),
        "endpoint resolution failed: Invalid Configuration: Missing Region"
    );
    let fips_custom = firehose::EndpointParams::default()
        .with_region("us-east-1")
        .with_use_fips(true)
        .with_endpoint("https://example.com");
    assert_eq!(
        firehose::resolve_endpoint(&fips_custom).map_err(|e| e.message().to_owned()),
        Err("Invalid Configuration: FIPS and custom endpoint are not supported".to_owned())
    );
}

#[test]
fn endpoint_of_a_region_is_the_rules_with_only_the_region() {
    for (region, url) in [
        ("us-east-1", "https://firehose.us-east-1.amazonaws.com"),
        (
            "cn-northwest-1",
            "https://firehose.cn-northwest-1.amazonaws.com.cn",
        ),
        (
            "us-gov-west-1",
            "https://firehose.us-gov-west-1.amazonaws.com",
        ),
        (
            "us-isob-east-1",
            "https://firehose.us-isob-east-1.sc2s.sgov.gov",
        ),
        (
            "eusc-de-east-1",
            "https://firehose.eusc-de-east-1.amazonaws.eu",
        ),
        // Unknown regions are in `aws`.
        ("mars-west-1", "https://firehose.mars-west-1.amazonaws.com"),
    ] {
        let endpoint = firehose::endpoint(region);
        assert_eq!(endpoint.url(), url, "{region}");
        let rules = resolve_params(&firehose::EndpointParams::default().with_region(region));
        assert_eq!(Some(&endpoint), rules.as_ref(), "{region}");
    }
}

fn resolve_params(params: &firehose::EndpointParams) -> Option<firehose::Endpoint> {
    firehose::resolve_endpoint(params).ok()
}

#[test]
fn parameter_defaults_come_from_the_rule_set() {
    let edge = edge_cases::EndpointParams::default();
    assert!(edge.strict, "Strict defaults to true");
    assert_eq!(edge.stage, "prod");
    assert_eq!(
        edge.tenant, None,
        "required without a default: unset until given"
    );
    let fixture = EndpointParams::default();
    assert_eq!(fixture.tags, ["blue", "green"]);
    assert_eq!(fixture.account_id_endpoint_mode, "preferred");
    assert!(!fixture.use_fips && !fixture.use_dual_stack);
    let set = fixture.with_tags(["x"]).with_control_plane(true);
    assert_eq!((set.tags.len(), set.control_plane), (1, Some(true)));
}

#[test]
fn build_request_adds_the_endpoints_headers() {
    let endpoint =
        resolve_endpoint(&EndpointParams::default().with_region("us-west-2")).expect("resolves");
    assert_eq!(
        endpoint.header("x-first-tag"),
        Some(&["blue".to_owned()][..])
    );
    let request = Ping::build_request(&(), &endpoint).expect("builds");
    assert_eq!(request.uri(), "https://fixture.us-west-2.amazonaws.com/");
    assert_eq!(request.headers().get("x-first-tag"), Some("blue"));
    // A plain URL still works, and adds nothing.
    let plain = Ping::build_request(&(), endpoint.url()).expect("builds");
    assert_eq!(plain.headers().get("x-first-tag"), None);
}

#[test]
fn auth_schemes_name_the_signing_name_and_region() {
    let bucket = resolve_endpoint(
        &EndpointParams::default()
            .with_resource_arn("arn:aws:s3:us-west-2:123456789012:bucket/my-bucket"),
    )
    .expect("resolves");
    assert_eq!(bucket.signing_name(), Some("s3"));
    assert_eq!(bucket.signing_region(), Some("us-west-2"));
    let control = resolve_endpoint(
        &EndpointParams::default()
            .with_region("cn-north-1")
            .with_control_plane(true),
    )
    .expect("resolves");
    // The sigv4a entry comes first; the sigv4 one is what SigV4 signing uses.
    let names: Vec<&str> = control.auth_schemes().map(|s| s.name()).collect();
    assert_eq!(names, ["sigv4a", "sigv4"]);
    assert_eq!(control.signing_region(), Some("cn-northwest-1"));
    assert_eq!(control.signing_name(), None);
}

type Seen = Arc<Mutex<Vec<HttpRequest>>>;

fn recording() -> (
    Seen,
    InMemoryTransport<impl Fn(&HttpRequest) -> HttpResponse + Send + Sync + 'static>,
) {
    let seen: Seen = Arc::default();
    let log = Arc::clone(&seen);
    let transport = InMemoryTransport::new(move |request: &HttpRequest| {
        log.lock()
            .expect("lock")
            .push(request.try_clone().expect("in-memory body"));
        smithy_rt::response_from_parts(200, [], "{}").expect("response")
    });
    (seen, transport)
}

fn client(
    region: &str,
) -> (
    Seen,
    endpoint_fixture::Client<
        InMemoryTransport<impl Fn(&HttpRequest) -> HttpResponse + Send + Sync + 'static>,
    >,
) {
    let (seen, transport) = recording();
    let config = Config::new(region).with_credentials(Credentials::new("AKID", "secret", None));
    (
        seen,
        endpoint_fixture::Client::with_transport(config, transport),
    )
}

/// The `Credential=` scope of a signed request: `<date>/<region>/<service>/aws4_request`.
fn scope(request: &HttpRequest) -> String {
    let auth = request.headers().get("authorization").unwrap_or_default();
    let credential = auth.split("Credential=").nth(1).unwrap_or_default();
    let scope = credential.split(',').next().unwrap_or_default();
    scope.split('/').skip(2).collect::<Vec<_>>().join("/")
}

#[tokio::test]
async fn the_client_sends_to_the_resolved_endpoint_with_its_headers() {
    let (seen, client) = client("us-west-2");
    client.ping(&()).await.expect("sends");
    let sent = seen.lock().expect("lock");
    let [ping] = sent.as_slice() else {
        panic!("one request: {sent:?}")
    };
    assert_eq!(ping.uri(), "https://fixture.us-west-2.amazonaws.com/");
    assert_eq!(ping.headers().get("x-first-tag"), Some("blue"));
    assert_eq!(scope(ping), "us-west-2/fixture/aws4_request");
}

#[tokio::test]
async fn operations_resolve_with_their_static_and_input_bound_parameters() {
    let (seen, client) = client("us-west-2");
    // GetThing sets ControlPlane (staticContextParams): the control-plane endpoint, signed
    // for the partition's global region as its authSchemes say.
    client
        .get_thing(&GetThingInput::default())
        .await
        .expect("sends");
    // Its Arn member is bound to ResourceArn (contextParam): the ARN's own endpoint, signed
    // with the ARN's service and region.
    let mut with_arn = GetThingInput::default();
    with_arn.arn = Some("arn:aws:s3:eu-west-1:123456789012:bucket/b-1".to_owned());
    client.get_thing(&with_arn).await.expect("sends");
    let sent = seen.lock().expect("lock");
    let [control, bucket] = sent.as_slice() else {
        panic!("two requests: {sent:?}")
    };
    assert_eq!(control.uri(), "https://control.us-east-1.amazonaws.com/");
    assert_eq!(scope(control), "us-east-1/fixture/aws4_request");
    assert_eq!(bucket.uri(), "https://b-1.s3.eu-west-1.amazonaws.com/");
    assert_eq!(bucket.headers().get("x-amz-account"), Some("123456789012"));
    assert_eq!(scope(bucket), "eu-west-1/s3/aws4_request");
}

#[tokio::test]
async fn an_operation_whose_rules_reject_its_parameters_sends_nothing() {
    let (seen, client) = client("us-west-2");
    let mut input = GetThingInput::default();
    input.arn = Some("not-an-arn".to_owned());
    let error = client.get_thing(&input).await.unwrap_err();
    assert_eq!(
        error.to_string(),
        "endpoint resolution failed: ResourceArn is not an ARN: not-an-arn"
    );
    assert!(seen.lock().expect("lock").is_empty());
}

/// Generates a one-operation service whose rule set is `rules` (parameters: `Region`, a
/// string, and `Flag`, a boolean), with `extra` traits on its operation and input member.
fn generate(rules: &str, op_traits: &str, member_traits: &str) -> smithy_codegen::Generated {
    let text = format!(
        r#"{{"smithy":"2.0","shapes":{{
            "ns#Svc":{{"type":"service","version":"1","operations":[{{"target":"ns#Op"}}],"traits":{{
                "aws.protocols#awsJson1_1":{{}},
                "aws.api#service":{{"sdkId":"Svc","endpointPrefix":"svc"}},
                "smithy.rules#endpointRuleSet":{{"version":"1.0","parameters":{{
                    "Region":{{"builtIn":"AWS::Region","required":false,"type":"String"}},
                    "Flag":{{"required":false,"type":"Boolean"}}
                }},"rules":{rules}}},
                "smithy.rules#endpointTests":{{"version":"1.0","testCases":[
                    {{"params":{{"Region":"us-east-1","Nope":"x"}},"expect":{{"endpoint":{{"url":"https://x.example.com"}}}}}},
                    {{"params":{{"Region":"us-east-1"}},"expect":{{"endpoint":{{"url":"https://x.example.com"}}}},
                      "operationInputs":[{{"operationName":"Op"}}]}}
                ]}}
            }}}},
            "ns#Op":{{"type":"operation","input":{{"target":"ns#OpInput"}},"traits":{{{op_traits}}}}},
            "ns#OpInput":{{"type":"structure","members":{{
                "Count":{{"target":"smithy.api#Integer","traits":{{{member_traits}}}}}
            }}}}
        }}}}"#
    );
    let model = smithy_model::Model::from_json_str(&text).unwrap_or_else(|e| panic!("{e}"));
    let config = smithy_codegen::CrateConfig {
        package: "x".into(),
        ..Default::default()
    };
    smithy_codegen::generate(&model, &config).unwrap_or_else(|e| panic!("{e}"))
}

const OK_URL: &str =
    r#"{"conditions":[],"endpoint":{"url":"https://x.example.com"},"type":"endpoint"}"#;

/// A rule set the generator can't compile never yields code that doesn't build: the crate
/// keeps `endpoint(region)` on the regional endpoint and the warning names the service and
/// what was unsupported.
#[test]
fn unsupported_rule_sets_fall_back_with_a_warning() {
    let cases = [
        (
            r#"[{"conditions":[{"fn":"aws.unknown","argv":[{"ref":"Region"}],"assign":"Arn"}],
                 "endpoint":{"url":"https://x.example.com"},"type":"endpoint"}]"#
                .to_owned(),
            "function aws.unknown is not supported",
        ),
        (
            r#"[{"conditions":[],"endpoint":{"url":"https://x.example.com",
                 "properties":{"p":{"ref":"Region"}}},"type":"endpoint"}]"#
                .to_owned(),
            "endpoint property p holds a reference or function",
        ),
        (
            r#"[{"conditions":[],"endpoint":{"url":"https://{Region}.example.com"},"type":"endpoint"}]"#
                .to_owned(),
            "is not a set string",
        ),
        (
            format!(
                r#"[{{"conditions":[{{"fn":"booleanEquals","argv":[{{"ref":"Flag"}},true]}}],
                 "endpoint":{{"url":"https://x.example.com"}},"type":"endpoint"}},{OK_URL}]"#
            ),
            "booleanEquals called with argument types",
        ),
        (
            format!(
                r#"[{{"conditions":[{{"fn":"isSet","argv":[{{"ref":"Region"}}]}},
                   {{"fn":"aws.partition","argv":[{{"ref":"Region"}}],"assign":"P"}}],
                 "endpoint":{{"url":"https://{{P#a.b}}"}},"type":"endpoint"}},{OK_URL}]"#
            ),
            "getAttr path \"a.b\" on Partition is not supported",
        ),
        (
            format!(
                r#"[{{"conditions":[{{"fn":"isSet","argv":[{{"ref":"Region"}}]}},
                   {{"fn":"aws.parseArn","argv":[{{"ref":"Region"}}],"assign":"A"}}],
                 "endpoint":{{"url":"https://{{A#resourceId[0].x}}"}},"type":"endpoint"}},{OK_URL}]"#
            ),
            "an index must end the path",
        ),
        (
            format!(
                r#"[{{"conditions":[{{"fn":"coalesce","argv":[{{"ref":"Flag"}},"x"]}}],
                 "endpoint":{{"url":"https://x.example.com"}},"type":"endpoint"}},{OK_URL}]"#
            ),
            "coalesce called with argument types",
        ),
        (
            r#"[{"conditions":[],"error":"bad {Region","type":"error"}]"#.to_owned(),
            "template \"bad {Region\" is not closed",
        ),
        (
            r#"[{"conditions":[],"endpoint":{"url":"https://x.example.com"},"type":"weird"}]"#
                .to_owned(),
            "rule type Some(\"weird\") is not supported",
        ),
    ];
    for (rules, reason) in cases {
        let generated = generate(&rules, "", "");
        let warning = generated
            .warnings
            .iter()
            .find(|w| w.contains("endpoint rules not generated"))
            .unwrap_or_else(|| panic!("no warning for {reason}: {:?}", generated.warnings));
        assert!(warning.contains("service ns#Svc"), "{warning}");
        assert!(warning.contains(reason), "expected {reason:?} in {warning}");
        assert!(
            !generated
                .files
                .iter()
                .any(|f| f.path.contains("endpoint_rules") || f.path.contains("endpoint_tests")),
            "{reason}: no resolver and no endpoint tests are generated"
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

/// Bindings the client can't apply are warnings naming the operation; test cases that can't
/// be run are ignored tests with the reason.
#[test]
fn unusable_bindings_and_cases_are_named() {
    let generated = generate(
        &format!("[{OK_URL}]"),
        r#""smithy.rules#operationContextParams":{"Region":{"path":"Things[0]"}}"#,
        r#""smithy.rules#contextParam":{"name":"Region"}"#,
    );
    let warnings = generated.warnings.join("\n");
    assert!(
        warnings.contains("operation ns#Op: input member Count is bound to endpoint parameter Region, but the client only passes on strings"),
        "{warnings}"
    );
    assert!(
        warnings.contains("operation ns#Op: endpoint parameters bound with operationContextParams (JMESPath) are not set by the client"),
        "{warnings}"
    );
    let cases = generated
        .files
        .iter()
        .find(|f| f.path == "tests/endpoint_tests/cases.rs")
        .unwrap_or_else(|| panic!("no endpoint tests"));
    assert!(
        cases.contents.contains(
            r#"#[ignore = "the case sets Nope, which the rule set has no parameter for"]"#
        ),
        "{}",
        cases.contents
    );
    assert!(
        cases
            .contents
            .contains("operationContextParams (JMESPath), which the generator does not evaluate"),
        "{}",
        cases.contents
    );
}
