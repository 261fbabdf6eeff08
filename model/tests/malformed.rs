//! Malformed models: each must fail with an error naming the shape id and JSON path.

use smithy_model::{Model, ModelError};

/// Wraps `shapes` (the inside of the `shapes` object) in a valid 2.0 document.
fn doc(shapes: &str) -> String {
    format!(r#"{{"smithy": "2.0", "shapes": {{ {shapes} }} }}"#)
}

struct Case {
    name: &'static str,
    text: String,
    /// Expected shape id (`None`: a document-level problem).
    shape: Option<&'static str>,
    path: &'static str,
    /// A fragment the message must contain.
    says: &'static str,
}

fn case(
    name: &'static str,
    text: String,
    shape: Option<&'static str>,
    path: &'static str,
    says: &'static str,
) -> Case {
    Case {
        name,
        text,
        shape,
        path,
        says,
    }
}

fn cases() -> Vec<Case> {
    let op_ok = r#""ns#Op": {"type": "operation"}"#;
    vec![
        case(
            "missing shapes",
            r#"{"smithy": "2.0"}"#.into(),
            None,
            "/shapes",
            "no `shapes` object",
        ),
        case(
            "shapes is not an object",
            r#"{"smithy": "2.0", "shapes": []}"#.into(),
            None,
            "/shapes",
            "invalid type: sequence, expected a map",
        ),
        case(
            "wrong smithy version",
            r#"{"smithy": "1.0", "shapes": {}}"#.into(),
            None,
            "/smithy",
            "only 2.0 is supported",
        ),
        case(
            "missing smithy version",
            r#"{"shapes": {}}"#.into(),
            None,
            "/smithy",
            "no `smithy` version",
        ),
        case(
            "document is not an object",
            "[1, 2]".into(),
            None,
            "",
            "invalid type: sequence, expected a JSON object",
        ),
        case(
            "unknown shape type",
            doc(r#""ns#A": {"type": "widget"}"#),
            Some("ns#A"),
            "/shapes/ns#A/type",
            "unknown variant `widget`, expected one of `blob`",
        ),
        case(
            "shape without type",
            doc(r#""ns#A": {"members": {}}"#),
            Some("ns#A"),
            "/shapes/ns#A/type",
            "has no `type`",
        ),
        case(
            "non-object shape",
            doc(r#""ns#A": 5"#),
            Some("ns#A"),
            "/shapes/ns#A",
            "invalid type: integer `5`, expected a shape object",
        ),
        case(
            "bad shape id",
            doc(r#""ns#A-B": {"type": "string"}"#),
            None,
            "/shapes/ns#A-B",
            "`ns#A-B` is not a valid absolute shape id",
        ),
        case(
            "relative shape id",
            doc(r#""A": {"type": "string"}"#),
            None,
            "/shapes/A",
            "missing `#`",
        ),
        case(
            "dangling member target",
            doc(r#""ns#A": {"type": "structure", "members": {"b": {"target": "ns#Missing"}}}"#),
            Some("ns#A$b"),
            "/shapes/ns#A/members/b/target",
            "`ns#Missing` is not defined in the model or the prelude",
        ),
        case(
            "member without target",
            doc(r#""ns#A": {"type": "structure", "members": {"b": {}}}"#),
            Some("ns#A$b"),
            "/shapes/ns#A/members/b/target",
            "has no `target`",
        ),
        case(
            "member target is not a string",
            doc(r#""ns#A": {"type": "structure", "members": {"b": {"target": 3}}}"#),
            Some("ns#A$b"),
            "/shapes/ns#A/members/b/target",
            "invalid type: integer `3`, expected a string",
        ),
        case(
            "member targets a member",
            doc(r#""ns#A": {"type": "structure", "members": {"b": {"target": "ns#A$b"}}}"#),
            Some("ns#A$b"),
            "/shapes/ns#A/members/b/target",
            "not a member",
        ),
        case(
            "member targets an operation",
            doc(&format!(
                r#"{op_ok}, "ns#A": {{"type": "structure", "members": {{"b": {{"target": "ns#Op"}}}}}}"#
            )),
            Some("ns#A$b"),
            "/shapes/ns#A/members/b/target",
            "`ns#Op` is an operation",
        ),
        case(
            "bad member name",
            doc(
                r#""ns#A": {"type": "structure", "members": {"1b": {"target": "smithy.api#String"}}}"#,
            ),
            Some("ns#A"),
            "/shapes/ns#A/members/1b",
            "not a valid identifier",
        ),
        case(
            "misspelled property",
            doc(r#""ns#A": {"type": "structure", "memebers": {}}"#),
            Some("ns#A"),
            "/shapes/ns#A/memebers",
            "unknown field `memebers`, expected one of `type`, `traits`",
        ),
        case(
            "property of another shape type",
            doc(r#""ns#A": {"type": "structure", "member": {"target": "smithy.api#String"}}"#),
            Some("ns#A"),
            "/shapes/ns#A/member",
            "property `member` is not allowed on a structure shape",
        ),
        case(
            "property on an apply entry",
            doc(
                r#""ns#A": {"type": "string"}, "ns#A$m": {"type": "apply", "mixins": [{"target": "ns#A"}]}"#,
            ),
            Some("ns#A$m"),
            "/shapes/ns#A$m/mixins",
            "not allowed on an `apply` entry",
        ),
        case(
            "type is not a string",
            doc(r#""ns#A": {"type": 5}"#),
            Some("ns#A"),
            "/shapes/ns#A/type",
            "invalid type: integer `5`, expected a string",
        ),
        case(
            "member is an array",
            doc(r#""ns#A": {"type": "structure", "members": {"b": ["smithy.api#String"]}}"#),
            Some("ns#A$b"),
            "/shapes/ns#A/members/b",
            "invalid type: sequence, expected a member object",
        ),
        case(
            "duplicate property",
            doc(
                r#""ns#A": {"type": "structure", "members": {"b": {"target": "smithy.api#String", "target": "ns#A"}}}"#,
            ),
            Some("ns#A$b"),
            "/shapes/ns#A/members/b",
            "duplicate field `target`",
        ),
        case(
            "unknown property of a reference",
            doc(r#""ns#Op": {"type": "operation", "input": {"target": "ns#In", "shape": "x"}}"#),
            Some("ns#Op"),
            "/shapes/ns#Op/input/shape",
            "unknown field `shape`, expected `target`",
        ),
        case(
            "trait id names a member",
            doc(r#""ns#A": {"type": "string", "traits": {"ns#t$m": {}}}"#),
            Some("ns#A"),
            "/shapes/ns#A/traits/ns#t$m",
            "must not name a member",
        ),
        case(
            "metadata is not an object",
            r#"{"smithy": "2.0", "metadata": [], "shapes": {}}"#.into(),
            None,
            "/metadata",
            "invalid type: sequence, expected a map",
        ),
        case(
            "smithy version is not a string",
            r#"{"smithy": 2.0, "shapes": {}}"#.into(),
            None,
            "/smithy",
            "invalid type: floating point `2.0`, expected a string",
        ),
        case(
            "documentation is a number",
            doc(r#""ns#A": {"type": "string", "traits": {"smithy.api#documentation": 5}}"#),
            Some("ns#A"),
            "/shapes/ns#A/traits/smithy.api#documentation",
            "must be a string, found a number",
        ),
        case(
            "httpError is a string",
            doc(
                r#""ns#E": {"type": "structure", "traits": {"smithy.api#error": "client", "smithy.api#httpError": "x"}}"#,
            ),
            Some("ns#E"),
            "/shapes/ns#E/traits/smithy.api#httpError",
            "integer status code, found a string",
        ),
        case(
            "error fault unknown",
            doc(r#""ns#E": {"type": "structure", "traits": {"smithy.api#error": "user"}}"#),
            Some("ns#E"),
            "/shapes/ns#E/traits/smithy.api#error",
            "\"client\" or \"server\"",
        ),
        case(
            "unknown timestampFormat on a member",
            doc(
                r#""ns#A": {"type": "structure", "members": {"t": {"target": "smithy.api#Timestamp", "traits": {"smithy.api#timestampFormat": "unix"}}}}"#,
            ),
            Some("ns#A$t"),
            "/shapes/ns#A/members/t/traits/smithy.api#timestampFormat",
            "found \"unix\"",
        ),
        case(
            "required is not an annotation",
            doc(
                r#""ns#A": {"type": "structure", "members": {"b": {"target": "smithy.api#String", "traits": {"smithy.api#required": "yes"}}}}"#,
            ),
            Some("ns#A$b"),
            "/shapes/ns#A/members/b/traits/smithy.api#required",
            "annotation trait",
        ),
        case(
            "trait id is not absolute",
            doc(r#""ns#A": {"type": "string", "traits": {"documentation": "x"}}"#),
            Some("ns#A"),
            "/shapes/ns#A/traits/documentation",
            "bad trait id",
        ),
        case(
            "int enumValue on an enum",
            doc(
                r#""ns#E": {"type": "enum", "members": {"A": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": 1}}}}"#,
            ),
            Some("ns#E$A"),
            "/shapes/ns#E/members/A/traits/smithy.api#enumValue",
            "enum members must have a string",
        ),
        case(
            "string enumValue on an intEnum",
            doc(
                r#""ns#E": {"type": "intEnum", "members": {"A": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "a"}}}}"#,
            ),
            Some("ns#E$A"),
            "/shapes/ns#E/members/A/traits/smithy.api#enumValue",
            "must have an integer",
        ),
        case(
            "intEnum member without value",
            doc(r#""ns#E": {"type": "intEnum", "members": {"A": {"target": "smithy.api#Unit"}}}"#),
            Some("ns#E$A"),
            "/shapes/ns#E/members/A/traits/smithy.api#enumValue",
            "must have an integer",
        ),
        case(
            "enum member not targeting Unit",
            doc(r#""ns#E": {"type": "enum", "members": {"A": {"target": "smithy.api#String"}}}"#),
            Some("ns#E$A"),
            "/shapes/ns#E/members/A/target",
            "must target smithy.api#Unit",
        ),
        case(
            "list without member",
            doc(r#""ns#L": {"type": "list"}"#),
            Some("ns#L"),
            "/shapes/ns#L/member",
            "must define `member`",
        ),
        case(
            "map without value",
            doc(r#""ns#M": {"type": "map", "key": {"target": "smithy.api#String"}}"#),
            Some("ns#M"),
            "/shapes/ns#M/value",
            "must define `value`",
        ),
        case(
            "service lists a missing operation",
            doc(
                r#""ns#S": {"type": "service", "version": "1", "operations": [{"target": "ns#Gone"}]}"#,
            ),
            Some("ns#S"),
            "/shapes/ns#S/operations/0/target",
            "`ns#Gone` is not defined",
        ),
        case(
            "service lists a structure as operation",
            doc(
                r#""ns#S": {"type": "service", "operations": [{"target": "ns#A"}]}, "ns#A": {"type": "structure"}"#,
            ),
            Some("ns#S"),
            "/shapes/ns#S/operations/0/target",
            "`ns#A` is a structure, expected an operation",
        ),
        case(
            "service operations is not a list",
            doc(r#""ns#S": {"type": "service", "operations": {"target": "ns#Op"}}"#),
            Some("ns#S"),
            "/shapes/ns#S/operations",
            "invalid type: map, expected a sequence",
        ),
        case(
            "operation input is missing",
            doc(r#""ns#Op": {"type": "operation", "input": {"target": "ns#In"}}"#),
            Some("ns#Op"),
            "/shapes/ns#Op/input/target",
            "`ns#In` is not defined",
        ),
        case(
            "operation error without error trait",
            doc(
                r#""ns#Op": {"type": "operation", "errors": [{"target": "ns#A"}]}, "ns#A": {"type": "structure"}"#,
            ),
            Some("ns#Op"),
            "/shapes/ns#Op/errors/0/target",
            "lacks the smithy.api#error trait",
        ),
        case(
            "resource lifecycle is missing",
            doc(r#""ns#R": {"type": "resource", "read": {"target": "ns#Get"}}"#),
            Some("ns#R"),
            "/shapes/ns#R/read/target",
            "`ns#Get` is not defined",
        ),
        case(
            "mixin is not a mixin",
            doc(
                r#""ns#A": {"type": "structure", "mixins": [{"target": "ns#B"}]}, "ns#B": {"type": "structure"}"#,
            ),
            Some("ns#A"),
            "/shapes/ns#A/mixins/0/target",
            "lacks the smithy.api#mixin trait",
        ),
        case(
            "mixin of another type",
            doc(
                r#""ns#A": {"type": "structure", "mixins": [{"target": "ns#B"}]}, "ns#B": {"type": "string", "traits": {"smithy.api#mixin": {}}}"#,
            ),
            Some("ns#A"),
            "/shapes/ns#A/mixins/0/target",
            "can only use structure mixins",
        ),
        case(
            "mixin cycle",
            doc(
                r#""ns#A": {"type": "structure", "mixins": [{"target": "ns#B"}], "traits": {"smithy.api#mixin": {}}},
                   "ns#B": {"type": "structure", "mixins": [{"target": "ns#A"}], "traits": {"smithy.api#mixin": {}}}"#,
            ),
            Some("ns#A"),
            "/shapes/ns#A/mixins",
            "form a cycle",
        ),
        case(
            "apply to a missing shape",
            doc(r#""ns#Gone$m": {"type": "apply", "traits": {"smithy.api#documentation": "x"}}"#),
            Some("ns#Gone$m"),
            "/shapes/ns#Gone$m",
            "not a shape in the model",
        ),
        case(
            "apply to a missing member",
            doc(
                r#""ns#A": {"type": "structure"}, "ns#A$m": {"type": "apply", "traits": {"smithy.api#documentation": "x"}}"#,
            ),
            Some("ns#A$m"),
            "/shapes/ns#A$m",
            "does not exist",
        ),
        case(
            "member id used as a shape key",
            doc(r#""ns#A$b": {"type": "string"}"#),
            Some("ns#A$b"),
            "/shapes/ns#A$b",
            "only `apply` entries",
        ),
        case(
            "prelude shape redefined",
            doc(r#""smithy.api#String": {"type": "string"}"#),
            Some("smithy.api#String"),
            "/shapes/smithy.api#String",
            "already defined by the Smithy prelude",
        ),
    ]
}

#[test]
fn every_malformed_model_names_shape_and_path() {
    for case in cases() {
        let err = match Model::from_json_str(&case.text) {
            Ok(_) => panic!("{}: model loaded but should have failed", case.name),
            Err(err) => err,
        };
        let message = err.to_string();
        let ModelError::Invalid { shape, path, .. } = &err else {
            panic!("{}: expected an Invalid error, got {message}", case.name);
        };
        assert_eq!(
            shape.as_ref().map(|s| s.to_string()).as_deref(),
            case.shape,
            "{}: {message}",
            case.name
        );
        assert_eq!(path, case.path, "{}: {message}", case.name);
        if let Some(shape) = case.shape {
            assert!(
                message.contains(&format!("`{shape}`")),
                "{}: {message}",
                case.name
            );
        }
        if !case.path.is_empty() {
            assert!(
                message.contains(&format!("`{}`", case.path)),
                "{}: {message}",
                case.name
            );
        }
        assert!(message.contains(case.says), "{}: {message}", case.name);
    }
}

#[test]
fn apply_conflicts_name_the_apply_entry() {
    let text = r#"{"smithy": "2.0", "shapes": {
        "ns#A": {"type": "structure", "members": {"b": {"target": "smithy.api#String",
                 "traits": {"smithy.api#documentation": "a"}}}},
        "ns#A$b": {"type": "apply", "traits": {"smithy.api#documentation": "b"}}
    }}"#;
    let message = Model::from_json_str(text).unwrap_err().to_string();
    assert!(message.contains("`ns#A$b`"), "{message}");
    assert!(
        message.contains("`/shapes/ns#A$b/traits/smithy.api#documentation`"),
        "{message}"
    );
    assert!(message.contains("conflicts"), "{message}");
}

#[test]
fn bad_json_reports_line_and_column() {
    let text = "{\n  \"smithy\": \"2.0\",\n  \"shapes\": {,}\n}";
    let err = Model::from_json_str(text).unwrap_err();
    let ModelError::Json { line, column, .. } = &err else {
        panic!("expected a JSON error, got {err}");
    };
    assert_eq!((*line, *column), (3, 14));
    let message = err.to_string();
    assert!(message.contains("line 3, column 14"), "{message}");

    let err = Model::from_json_str("").unwrap_err();
    assert!(matches!(err, ModelError::Json { .. }), "{err}");

    let err = Model::from_json_str(r#"{"smithy": "2.0", "shapes": {}} x"#).unwrap_err();
    let ModelError::Json { line, column, .. } = &err else {
        panic!("expected a JSON error, got {err}");
    };
    assert_eq!((*line, *column), (1, 33));
    assert!(err.to_string().contains("trailing characters"), "{err}");
}

#[test]
fn missing_file_names_the_path() {
    let path = std::path::Path::new("/nonexistent/dir/model.json");
    let err = Model::load(path).unwrap_err();
    assert!(matches!(err, ModelError::Io { .. }));
    assert!(
        err.to_string().contains("/nonexistent/dir/model.json"),
        "{err}"
    );
    assert!(std::error::Error::source(&err).is_some());
}

#[test]
fn unknown_traits_are_kept_not_rejected() {
    let text = doc(
        r#""ns#A": {"type": "string", "traits": {"ns#custom": 5, "smithy.api#documentation": "x"}}"#,
    );
    let model = Model::from_json_str(&text).expect("unknown traits are fine");
    let shape = model.shapes().next().expect("one shape");
    assert_eq!(shape.traits.get("ns#custom"), Some(&serde_json::json!(5)));
}
