//! `smithy.rules#endpointTests` cases, with their parameter values resolved against the rule
//! set, and the parameters operations set (`smithy.rules#staticContextParams`,
//! `smithy.rules#contextParam`).

use serde_json::Value;

use super::{EndpointRules, Literal, OperationInfo, OperationParams, entries};

/// One endpoint test case.
#[derive(Debug, Clone)]
pub struct EndpointTestCase {
    /// `documentation`, or empty.
    pub documentation: String,
    /// The parameter values of `params`: (rule-set parameter name, value).
    pub params: Vec<(String, Literal)>,
    /// One more resolution per `operationInputs` entry, which must give the same result.
    pub operation_runs: Vec<OperationRun>,
    /// What resolution must give.
    pub expect: Expectation,
    /// Why the case can't be run, if it can't (it is then emitted as an ignored test).
    pub skip: Option<String>,
}

/// The parameters of one `operationInputs` entry: built-ins, client parameters, the
/// operation's static context parameters and the context parameters its input binds.
#[derive(Debug, Clone)]
pub struct OperationRun {
    /// The operation.
    pub operation: String,
    /// (rule-set parameter name, value), later entries overriding earlier ones.
    pub params: Vec<(String, Literal)>,
}

/// What a case expects.
#[derive(Debug, Clone)]
pub enum Expectation {
    /// An endpoint: URL, headers (name -> values) and properties (raw JSON).
    Endpoint {
        /// The URL.
        url: String,
        /// Headers, in model order.
        headers: Vec<(String, Vec<String>)>,
        /// Properties, in model order.
        properties: Vec<(String, Value)>,
    },
    /// An error with this message.
    Error(String),
}

/// The `staticContextParams` and `contextParam` members of one operation; `Err` if they name
/// an unknown parameter or give a value of the wrong type (a broken model).
pub(super) fn static_params(
    rules: &EndpointRules,
    op: &OperationInfo<'_>,
) -> Result<OperationParams, String> {
    let mut values = Vec::new();
    for (name, entry) in op
        .static_context_params
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let param = rules.param(name).ok_or(format!(
            "operation {} sets static context parameter {name}, which the rule set doesn't have",
            op.name
        ))?;
        let value = entry
            .get("value")
            .and_then(|v| Literal::from_json(param.kind, v))
            .ok_or(format!(
                "operation {}: static context parameter {name} is not a {}",
                op.name,
                param.kind.name()
            ))?;
        values.push((name.clone(), value));
    }
    let mut context = Vec::new();
    for bound in &op.context_params {
        let param = rules.param(bound.param).ok_or(format!(
            "input member {} of operation {} is bound to endpoint parameter {}, which the rule \
             set doesn't have",
            bound.member, op.name, bound.param
        ))?;
        if let Some(field) = &bound.field {
            context.push((param.name.clone(), field.clone()));
        }
    }
    Ok(OperationParams {
        operation: op.name.to_owned(),
        values,
        context,
    })
}

/// Every test case of `tests` (the trait's value).
pub(super) fn parse(
    rules: &EndpointRules,
    tests: &Value,
    operations: &[OperationInfo<'_>],
) -> Result<Vec<EndpointTestCase>, String> {
    let cases = tests
        .get("testCases")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    Ok(cases.iter().map(|c| case(rules, c, operations)).collect())
}

fn case(rules: &EndpointRules, case: &Value, operations: &[OperationInfo<'_>]) -> EndpointTestCase {
    let documentation = case
        .get("documentation")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let mut skip = None;
    let mut params = Vec::new();
    for (name, value) in entries(case, "params") {
        match param_value(rules, name, value) {
            Ok(Some(v)) => params.push((name.clone(), v)),
            Ok(None) => {}
            Err(reason) => skip = skip.or(Some(reason)),
        }
    }
    let mut operation_runs = Vec::new();
    for input in case
        .get("operationInputs")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        match operation_run(rules, input, operations) {
            Ok(run) => operation_runs.push(run),
            Err(reason) => skip = skip.or(Some(reason)),
        }
    }
    let expect = match (
        case.pointer("/expect/endpoint"),
        case.pointer("/expect/error").and_then(Value::as_str),
    ) {
        (Some(endpoint), None) => {
            let url = endpoint.get("url").and_then(Value::as_str);
            if url.is_none() {
                skip = skip.or(Some("the expected endpoint has no url".to_owned()));
            }
            let mut headers = Vec::new();
            for (name, values) in entries(endpoint, "headers") {
                match values.as_array().and_then(|v| {
                    v.iter()
                        .map(|s| s.as_str().map(str::to_owned))
                        .collect::<Option<Vec<_>>>()
                }) {
                    Some(values) => headers.push((name.clone(), values)),
                    None => {
                        skip = skip.or(Some(format!(
                            "expected header {name} is not an array of strings"
                        )));
                    }
                }
            }
            let properties = entries(endpoint, "properties")
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            Expectation::Endpoint {
                url: url.unwrap_or_default().to_owned(),
                headers,
                properties,
            }
        }
        (None, Some(error)) => Expectation::Error(error.to_owned()),
        _ => {
            skip = skip.or(Some(
                "the case expects neither exactly one endpoint nor an error".to_owned(),
            ));
            Expectation::Error(String::new())
        }
    };
    EndpointTestCase {
        documentation,
        params,
        operation_runs,
        expect,
        skip,
    }
}

/// A case's value for parameter `name`; `Ok(None)` for an explicit `null` (unset).
fn param_value(
    rules: &EndpointRules,
    name: &str,
    value: &Value,
) -> Result<Option<Literal>, String> {
    if value.is_null() {
        return Ok(None);
    }
    let param = rules.param(name).ok_or(format!(
        "the case sets {name}, which the rule set has no parameter for"
    ))?;
    Literal::from_json(param.kind, value)
        .map(Some)
        .ok_or(format!(
            "the case's {name} ({value}) is not a {}",
            param.kind.name()
        ))
}

/// The parameters one `operationInputs` entry resolves with.
fn operation_run(
    rules: &EndpointRules,
    input: &Value,
    operations: &[OperationInfo<'_>],
) -> Result<OperationRun, String> {
    let name = input
        .get("operationName")
        .and_then(Value::as_str)
        .ok_or("an operationInputs entry has no operationName")?;
    let op = operations.iter().find(|o| o.name == name).ok_or(format!(
        "operationInputs names operation {name}, which is not generated"
    ))?;
    let mut params: Vec<(String, Literal)> = Vec::new();
    for (built_in, value) in entries(input, "builtInParams") {
        let param = rules.built_in(built_in).ok_or(format!(
            "operationInputs sets built-in {built_in}, which no parameter is bound to"
        ))?;
        set(
            &mut params,
            &param.name,
            param_value(rules, &param.name, value)?,
        );
    }
    for (name, value) in entries(input, "clientParams") {
        set(&mut params, name, param_value(rules, name, value)?);
    }
    for (name, value) in static_params(rules, op)?.values {
        set(&mut params, &name, Some(value));
    }
    if op.operation_context_params {
        return Err(format!(
            "operation {name} binds parameters with operationContextParams (JMESPath), which \
             the generator does not evaluate"
        ));
    }
    let operation_params = input.get("operationParams");
    for bound in &op.context_params {
        if let Some(value) = operation_params.and_then(|p| p.get(bound.member)) {
            set(
                &mut params,
                bound.param,
                param_value(rules, bound.param, value)?,
            );
        }
    }
    Ok(OperationRun {
        operation: name.to_owned(),
        params,
    })
}

/// Sets (or, with `None`, unsets) parameter `name`, replacing an earlier value.
fn set(params: &mut Vec<(String, Literal)>, name: &str, value: Option<Literal>) {
    params.retain(|(n, _)| n != name);
    if let Some(value) = value {
        params.push((name.to_owned(), value));
    }
}
