//! Errors produced while loading or querying a model.

use std::fmt;
use std::path::PathBuf;

use crate::ShapeId;

/// Why a model could not be loaded, or a query on it failed.
#[derive(Debug)]
pub enum ModelError {
    /// The model file could not be read.
    Io {
        /// The file that was being read.
        path: PathBuf,
        /// The underlying I/O error.
        source: std::io::Error,
    },
    /// The text is not valid JSON.
    Json {
        /// 1-based line of the syntax error.
        line: usize,
        /// 1-based column of the syntax error.
        column: usize,
        /// What the JSON parser reported.
        message: String,
    },
    /// The JSON is well formed but is not a valid Smithy 2.0 model.
    Invalid {
        /// The shape (or member) the problem belongs to, when there is one.
        shape: Option<ShapeId>,
        /// JSON pointer to the offending value, e.g. `/shapes/ns#A/members/b/target`.
        path: String,
        /// What is wrong, without the shape id or path.
        message: String,
    },
    /// A query named a shape that is missing or of the wrong kind.
    NotFound {
        /// The id that was asked for.
        id: ShapeId,
        /// The kind of shape that was expected, e.g. `service`.
        expected: &'static str,
    },
}

impl ModelError {
    /// Shorthand for [`ModelError::Invalid`].
    pub(crate) fn invalid(
        shape: Option<&ShapeId>,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> ModelError {
        ModelError::Invalid {
            shape: shape.cloned(),
            path: path.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ModelError::Io { path, source } => {
                write!(f, "cannot read model file `{}`: {source}", path.display())
            }
            ModelError::Json {
                line,
                column,
                message,
            } => write!(f, "invalid JSON at line {line}, column {column}: {message}"),
            ModelError::Invalid {
                shape: Some(shape),
                path,
                message,
            } => write!(f, "invalid model: shape `{shape}` at `{path}`: {message}"),
            ModelError::Invalid {
                shape: None,
                path,
                message,
            } if path.is_empty() => write!(f, "invalid model: {message}"),
            ModelError::Invalid {
                shape: None,
                path,
                message,
            } => write!(f, "invalid model at `{path}`: {message}"),
            ModelError::NotFound { id, expected } => {
                write!(f, "no {expected} shape `{id}` in the model")
            }
        }
    }
}

impl std::error::Error for ModelError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ModelError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// Builds JSON pointers (RFC 6901) to values inside the AST document.
pub(crate) fn pointer(segments: &[&str]) -> String {
    let mut out = String::new();
    for segment in segments {
        push_segment(&mut out, segment);
    }
    out
}

/// Appends one escaped segment to a JSON pointer.
pub(crate) fn push_segment(out: &mut String, segment: &str) {
    out.push('/');
    for c in segment.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

/// A JSON pointer extended by `segments`.
pub(crate) fn child(base: &str, segments: &[&str]) -> String {
    let mut out = base.to_owned();
    for segment in segments {
        push_segment(&mut out, segment);
    }
    out
}

/// Names the JSON type of a value for error messages.
pub(crate) fn json_type(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_pointer_segments() {
        assert_eq!(
            pointer(&["shapes", "ns#A", "members"]),
            "/shapes/ns#A/members"
        );
        assert_eq!(pointer(&["a/b", "c~d"]), "/a~1b/c~0d");
        assert_eq!(child("/shapes", &["x", "0"]), "/shapes/x/0");
        assert_eq!(pointer(&[]), "");
    }

    #[test]
    fn display_names_shape_and_path() {
        let shape = ShapeId::parse("ns#A$b").unwrap();
        let err = ModelError::invalid(Some(&shape), "/shapes/ns#A/members/b/target", "bad");
        assert_eq!(
            err.to_string(),
            "invalid model: shape `ns#A$b` at `/shapes/ns#A/members/b/target`: bad"
        );
    }
}
