//! Hand-written Lambda inputs, realistic responses and errors, and the deviations the README
//! names, each with both behaviours checked exactly.

use std::collections::HashMap;

use lambda::operation as op;
use lambda::primitives::Blob;
use lambda::types as t;

use super::ErrorValue;
use super::request::RequestView;
use super::suite::REQUEST_ID;
use crate::Differential;
use crate::check::{
    EMPTY_BODY_LENGTH, EMPTY_REQUIRED_QUERY, HEADER_UNICODE_WHITESPACE, Report,
    UNSET_PAYLOAD_CONTENT_TYPE, ZERO_DEFAULT_SENT, ours_parse,
};
use crate::lambda::sdk::{ENDPOINT, TOKEN};
use crate::sdk::{self, Parsed};
use smithy_rt::testing::with_idempotency_token;

const ARN: &str = "arn:aws:lambda:us-east-1:123456789012:function:my-function";
const JSON: (&str, &str) = ("content-type", "application/json");

/// Runs every hand-written case.
pub fn run(rt: &tokio::runtime::Runtime, report: &mut Report) {
    requests(rt, report);
    responses(rt, report);
    errors(rt, report);
    deviations(rt, report);
}

fn requests(rt: &tokio::runtime::Runtime, report: &mut Report) {
    // Zip bytes: a local file header, then bytes that are not UTF-8.
    let zip = [
        b"PK\x03\x04".as_slice(),
        &[0, 0xff, 0xfe, 0x80, b'"', b'\\'],
    ]
    .concat();
    let create = op::create_function::CreateFunctionRequest::new(
        "my-function",
        "arn:aws:iam::123456789012:role/lambda-role",
        t::FunctionCode::new().with_zip_file(Blob::new(zip.clone())),
    )
    .with_runtime(t::Runtime::Python312)
    .with_handler("app.handler")
    .with_timeout(30)
    .with_memory_size(256)
    .with_publish(true)
    .with_architectures(vec![t::Architecture::Arm64])
    .with_environment(t::Environment::new().with_variables(HashMap::from([(
        "GREETING".to_owned(),
        "hé \"there\"".to_owned(),
    )])))
    .with_tags(HashMap::from([("team".to_owned(), "中".to_owned())]));
    report.http_request::<op::create_function::CreateFunction>(
        rt,
        "CreateFunction",
        "zip, python3.12, arm64, environment, tags",
        &create,
    );

    let update = op::update_function_code::UpdateFunctionCodeRequest::new("my-function")
        .with_zip_file(Blob::new(zip))
        .with_publish(true)
        .with_dry_run(false);
    report.http_request::<op::update_function_code::UpdateFunctionCode>(
        rt,
        "UpdateFunctionCode",
        "zip, publish",
        &update,
    );

    // An ARN with a qualifier as the label (`:` stays), a JSON payload, every header.
    let invoke = op::invoke::InvocationRequest::new(format!("{ARN}:v1"))
        .with_invocation_type(t::InvocationType::RequestResponse)
        .with_log_type(t::LogType::Tail)
        .with_client_context("eyJjdXN0b20iOnsiYSI6MX19")
        .with_qualifier("$LATEST")
        .with_payload(Blob::new(br#"{"key":"value","n":[1,2]}"#.to_vec()));
    report.http_request::<op::invoke::Invoke>(rt, "Invoke", "ARN label, payload, headers", &invoke);
    let event = op::invoke::InvocationRequest::new("my-function")
        .with_invocation_type(t::InvocationType::Event)
        .with_payload(Blob::new(Vec::new()));
    report.http_request::<op::invoke::Invoke>(rt, "Invoke", "Event, empty payload", &event);

    let list = op::list_functions::ListFunctionsRequest::new()
        .with_marker("abc/def+ghi==")
        .with_max_items(50)
        .with_master_region("ALL");
    report.http_request::<op::list_functions::ListFunctions>(
        rt,
        "ListFunctions",
        "marker with /, + and =",
        &list,
    );

    let untag = op::untag_resource::UntagResourceRequest::new(
        ARN,
        vec!["a b".to_owned(), "c&d=e".to_owned(), "é".to_owned()],
    );
    report.http_request::<op::untag_resource::UntagResource>(
        rt,
        "UntagResource",
        "three keys to encode",
        &untag,
    );

    let get = op::get_function::GetFunctionRequest::new("my function/é?#").with_qualifier("v 1");
    report.http_request::<op::get_function::GetFunction>(
        rt,
        "GetFunction",
        "label and query to encode",
        &get,
    );

    let permission = op::add_permission::AddPermissionRequest::new(
        "my-function",
        "s3-invoke",
        "lambda:InvokeFunction",
        "s3.amazonaws.com",
    )
    .with_source_arn("arn:aws:s3:::my-bucket")
    .with_source_account("123456789012")
    .with_qualifier("prod");
    report.http_request::<op::add_permission::AddPermission>(
        rt,
        "AddPermission",
        "S3 source, qualifier",
        &permission,
    );

    // `ClientToken` (@idempotencyToken) left unset: both fill in a token (the same fixed one
    // here), and it must be in the body.
    type Checkpoint = op::checkpoint_durable_execution::CheckpointDurableExecution;
    let checkpoint = op::checkpoint_durable_execution::CheckpointDurableExecutionRequest::new(
        "arn:aws:lambda:us-east-1:123456789012:function:f:1/durable-execution/e/1",
        "checkpoint-1",
    );
    let label = "ClientToken left unset";
    report.http_request::<Checkpoint>(rt, "CheckpointDurableExecution", label, &checkpoint);
    if let Some((ours, _)) = both::<Checkpoint>(
        rt,
        report,
        ("CheckpointDurableExecution", label),
        &checkpoint,
    ) {
        let token = serde_json::from_slice::<serde_json::Value>(&ours.body)
            .ok()
            .and_then(|v| {
                v.get("ClientToken")
                    .and_then(|t| t.as_str())
                    .map(str::to_owned)
            });
        if token.as_deref() != Some(TOKEN) {
            report.mismatch(
                "CheckpointDurableExecution",
                label,
                format!("expected the filled-in token {TOKEN} in our body, got {token:?}"),
            );
        }
    }
}

fn responses(rt: &tokio::runtime::Runtime, report: &mut Report) {
    let get_function = br#"{"Configuration":{"FunctionName":"my-function","FunctionArn":"arn:aws:lambda:us-east-1:123456789012:function:my-function","Runtime":"python3.12","Role":"arn:aws:iam::123456789012:role/lambda-role","Handler":"app.handler","CodeSize":312,"Description":"","Timeout":30,"MemorySize":256,"LastModified":"2026-11-30T12:00:00.000+0000","CodeSha256":"q0Qb+Y3tT2b0W7vA5X8hXv1uQZ0=","Version":"$LATEST","Environment":{"Variables":{"GREETING":"hi"}},"TracingConfig":{"Mode":"PassThrough"},"RevisionId":"1c9e5f7a-0000-4000-8000-000000000001","State":"Active","LastUpdateStatus":"Successful","PackageType":"Zip","Architectures":["arm64"],"EphemeralStorage":{"Size":512},"SnapStart":{"ApplyOn":"None","OptimizationStatus":"Off"},"LoggingConfig":{"LogFormat":"Text","LogGroup":"/aws/lambda/my-function"},"RuntimeVersionConfig":{"RuntimeVersionArn":"arn:aws:lambda:us-east-1::runtime:abc"}},"Code":{"RepositoryType":"S3","Location":"https://awslambda-us-east-1-tasks.s3.us-east-1.amazonaws.com/snapshots/123456789012/my-function?X-Amz-Signature=abc"},"Tags":{"team":"core"},"Concurrency":{"ReservedConcurrentExecutions":5}}"#;
    report.response::<op::get_function::GetFunction>(
        rt,
        "GetFunction",
        "a realistic function",
        (200, &[JSON, REQUEST_ID], get_function),
        None,
    );

    let page = br#"{"NextMarker":"page-2","Functions":[{"FunctionName":"a","Runtime":"nodejs22.x","CodeSize":1,"Architectures":["x86_64"]},{"FunctionName":"b","Runtime":"ruby4.0","CodeSize":0,"PackageType":"Image","Architectures":["arm64"]}]}"#;
    report.response::<op::list_functions::ListFunctions>(
        rt,
        "ListFunctions",
        "a page with a marker",
        (200, &[JSON, REQUEST_ID], page),
        None,
    );

    // A function that failed: the error is in the payload and the headers, status 200.
    let failed = [
        JSON,
        REQUEST_ID,
        ("x-amz-function-error", "Unhandled"),
        ("x-amz-log-result", "U1RBUlQgUmVxdWVzdElkOiBhYmMK"),
        ("x-amz-executed-version", "$LATEST"),
    ];
    report.response::<op::invoke::Invoke>(
        rt,
        "Invoke",
        "function error with a log tail",
        (
            200,
            &failed,
            br#"{"errorMessage":"boom","errorType":"Exception","stackTrace":[]}"#,
        ),
        None,
    );
    report.response::<op::invoke::Invoke>(
        rt,
        "Invoke",
        "Event: 202 without a body",
        (202, &[REQUEST_ID], b""),
        None,
    );
}

fn errors(rt: &tokio::runtime::Runtime, report: &mut Report) {
    let header =
        |code: &str| format!("{code}:http://internal.amazon.com/coral/com.amazonaws.lambda/");
    let not_found = header("ResourceNotFoundException");
    let message = format!("Function not found: {ARN}");
    report.modeled_error::<op::get_function::GetFunction>(
        rt,
        ("GetFunction", "a missing function, as Lambda sends it"),
        ("ResourceNotFoundException", true),
        (
            404,
            &[JSON, REQUEST_ID, ("x-amzn-errortype", &not_found)],
            &format!(r#"{{"Type":"User","Message":"{message}"}}"#),
        ),
        &ErrorValue::ResourceNotFoundException(
            lambda::error::ResourceNotFoundException::new()
                .with_type("User")
                .with_message(message.clone()),
        ),
    );

    let conflict = header("ResourceConflictException");
    report.modeled_error::<op::create_function::CreateFunction>(
        rt,
        (
            "CreateFunction",
            "a function that exists, as Lambda sends it",
        ),
        ("ResourceConflictException", true),
        (
            409,
            &[JSON, REQUEST_ID, ("x-amzn-errortype", &conflict)],
            r#"{"Type":"User","message":"Function already exist: my-function"}"#,
        ),
        &ErrorValue::ResourceConflictException(
            lambda::error::ResourceConflictException::new()
                .with_type("User")
                .with_message("Function already exist: my-function"),
        ),
    );

    let throttled = header("TooManyRequestsException");
    report.modeled_error::<op::invoke::Invoke>(
        rt,
        ("Invoke", "throttled with Retry-After"),
        ("TooManyRequestsException", true),
        (
            429,
            &[
                JSON,
                REQUEST_ID,
                ("x-amzn-errortype", &throttled),
                ("retry-after", "3"),
            ],
            r#"{"Reason":"ReservedFunctionConcurrentInvocationLimitExceeded","Type":"User","message":"Rate Exceeded."}"#,
        ),
        &ErrorValue::TooManyRequestsException(
            lambda::error::TooManyRequestsException::new()
                .with_retry_after_seconds("3")
                .with_type("User")
                .with_message("Rate Exceeded.")
                .with_reason(t::ThrottleReason::ReservedFunctionConcurrentInvocationLimitExceeded),
        ),
    );
}

/// Our request and the SDK's for `input`; `None` (with a mismatch recorded) when either side
/// refuses it.
fn both<O: Differential>(
    rt: &tokio::runtime::Runtime,
    report: &mut Report,
    (op, label): (&'static str, &str),
    input: &O::Input,
) -> Option<(RequestView, RequestView)> {
    let ours = with_idempotency_token(TOKEN, || O::build_request(input, ENDPOINT))
        .map_err(|e| e.to_string())
        .and_then(|r| RequestView::of(&r));
    let theirs = sdk::sent_request::<O>(rt, input).and_then(|r| RequestView::of(&r));
    match (ours, theirs) {
        (Ok(a), Ok(b)) => Some((a, b)),
        other => {
            report.mismatch(op, label, format!("expected both to send: {other:?}"));
            None
        }
    }
}

fn deviations(rt: &tokio::runtime::Runtime, report: &mut Report) {
    // A member holding its zero default: we send `"TimeoutSeconds":0`, the SDK leaves it out.
    type Checkpoint = op::checkpoint_durable_execution::CheckpointDurableExecution;
    let update = t::OperationUpdate::new(
        "op-1",
        t::OperationType::Callback,
        t::OperationAction::Start,
    )
    .with_callback_options(t::CallbackOptions::new().with_heartbeat_timeout_seconds(60));
    let checkpoint = op::checkpoint_durable_execution::CheckpointDurableExecutionRequest::new(
        "arn:aws:lambda:us-east-1:123456789012:function:f:1/durable-execution/e/1",
        "checkpoint-2",
    )
    .with_client_token("client-token-2")
    .with_updates(vec![update]);
    let label = "callback options with TimeoutSeconds 0";
    report.http_request::<Checkpoint>(rt, "CheckpointDurableExecution", label, &checkpoint);
    if let Some((ours, theirs)) = both::<Checkpoint>(
        rt,
        report,
        ("CheckpointDurableExecution", label),
        &checkpoint,
    ) {
        let options = |body: &[u8]| -> Option<serde_json::Value> {
            let v: serde_json::Value = serde_json::from_slice(body).ok()?;
            v.pointer("/Updates/0/CallbackOptions").cloned()
        };
        let expected_ours = serde_json::json!({"TimeoutSeconds": 0, "HeartbeatTimeoutSeconds": 60});
        let expected_sdk = serde_json::json!({"HeartbeatTimeoutSeconds": 60});
        let (a, b) = (options(&ours.body), options(&theirs.body));
        if a.as_ref() != Some(&expected_ours) || b.as_ref() != Some(&expected_sdk) {
            report.mismatch(
                "CheckpointDurableExecution",
                ZERO_DEFAULT_SENT,
                format!("CallbackOptions: expected ours {expected_ours}, SDK {expected_sdk}; got {a:?}, {b:?}"),
            );
        }
    }

    // A POST without a body: we say `Content-Length: 0`, the SDK says nothing.
    type Heartbeat =
        op::send_durable_execution_callback_heartbeat::SendDurableExecutionCallbackHeartbeat;
    let heartbeat =
        op::send_durable_execution_callback_heartbeat::SendDurableExecutionCallbackHeartbeatRequest::new("cb-1");
    let label = "heartbeat";
    report.http_request::<Heartbeat>(
        rt,
        "SendDurableExecutionCallbackHeartbeat",
        label,
        &heartbeat,
    );
    if let Some((ours, theirs)) = both::<Heartbeat>(
        rt,
        report,
        ("SendDurableExecutionCallbackHeartbeat", label),
        &heartbeat,
    ) {
        let (a, b) = (
            ours.headers.get("content-length"),
            theirs.headers.get("content-length"),
        );
        if a != Some(&vec!["0".to_owned()])
            || b.is_some()
            || !ours.body.is_empty()
            || !theirs.body.is_empty()
        {
            report.mismatch(
                "SendDurableExecutionCallbackHeartbeat",
                EMPTY_BODY_LENGTH,
                format!("expected ours Content-Length 0 and the SDK none, both without a body; got {a:?}, {b:?}"),
            );
        }
    }

    // Invoke without a payload: no body and no Content-Type here; the SDK sends
    // `application/octet-stream` with its empty body.
    let bare = op::invoke::InvocationRequest::new("my-function");
    let label = "no payload";
    report.http_request::<op::invoke::Invoke>(rt, "Invoke", label, &bare);
    if let Some((ours, theirs)) = both::<op::invoke::Invoke>(rt, report, ("Invoke", label), &bare) {
        let (a, b) = (
            ours.headers.get("content-type"),
            theirs.headers.get("content-type"),
        );
        if a.is_some()
            || b != Some(&vec!["application/octet-stream".to_owned()])
            || !ours.body.is_empty()
            || !theirs.body.is_empty()
        {
            report.mismatch(
                "Invoke",
                UNSET_PAYLOAD_CONTENT_TYPE,
                format!("expected no Content-Type here and application/octet-stream from the SDK; got {a:?}, {b:?}"),
            );
        }
    }

    // A required query parameter given empty: we send `?Qualifier=`, the SDK refuses.
    type GetProvisioned = op::get_provisioned_concurrency_config::GetProvisionedConcurrencyConfig;
    let empty = op::get_provisioned_concurrency_config::GetProvisionedConcurrencyConfigRequest::new(
        "my-function",
        "",
    );
    let label = "empty qualifier";
    report.http_request::<GetProvisioned>(rt, "GetProvisionedConcurrencyConfig", label, &empty);
    let ours = <GetProvisioned as smithy_rt::Operation>::build_request(&empty, ENDPOINT)
        .map(|r| r.uri().to_owned());
    let theirs = sdk::sent_request::<GetProvisioned>(rt, &empty);
    match (&ours, &theirs) {
        (Ok(uri), Err(why))
            if uri.ends_with("/provisioned-concurrency?Qualifier=")
                && why.contains("qualifier") => {}
        _ => report.mismatch(
            "GetProvisionedConcurrencyConfig",
            EMPTY_REQUIRED_QUERY,
            format!(
                "expected us to send `?Qualifier=` and the SDK to refuse; got {ours:?}, {:?}",
                theirs.map(|r| r.uri().to_owned())
            ),
        ),
    }

    // Unicode whitespace at the end of a header value: we keep it, the SDK trims it.
    report.op("Invoke").responses += 1;
    let headers = [REQUEST_ID, ("x-amz-executed-version", "7\u{2028}")];
    let ours = ours_parse::<op::invoke::Invoke>(200, &headers, b"");
    let theirs = sdk::response::<op::invoke::Invoke>(rt, 200, &headers, b"");
    let version = |parsed: &Parsed<op::invoke::InvocationResponse, ErrorValue>| match parsed {
        Parsed::Output(o) => o.executed_version.clone(),
        _ => None,
    };
    let (a, b) = (version(&ours), version(&theirs));
    if a.as_deref() == Some("7\u{2028}") && b.as_deref() == Some("7") {
        report.deviation(
            "Invoke",
            HEADER_UNICODE_WHITESPACE,
            "X-Amz-Executed-Version `7\\u{2028}`: ours \"7\\u{2028}\", the SDK \"7\"".to_owned(),
        );
    } else {
        report.mismatch(
            "Invoke",
            HEADER_UNICODE_WHITESPACE,
            format!("X-Amz-Executed-Version `7\\u{{2028}}`: expected ours to keep it and the SDK to trim it; got {a:?}, {b:?}"),
        );
    }
}
