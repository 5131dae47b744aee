//! Parsing one repository file into what checks see of it: its kind, its parsed documents or its
//! text, or the reason it could not be read.
//!
//! Sans-IO: `parse_file` takes a path and bytes, so tests feed strings. A file that does not parse
//! is evidence too (a Helm template, a deliberately broken test fixture): it is recorded with its
//! error and location instead of stopping the walk.

use serde::Serialize;
use serde_json::{Map, Value};

use super::text::{decode, line_column};
use crate::error::{Location, SourceError};

/// Base names of files that checks read as plain text.
pub const TEXT_FACT_NAMES: &[&str] = &[
    "CODEOWNERS",
    "SECURITY.md",
    "security.txt",
    ".gitignore",
    "Makefile",
    "GNUmakefile",
];

/// Extensions of files checks read as plain text: the scripts and makefiles a CI step calls, so a
/// check can follow `run: ./scripts/scan.sh` or `make scan` to the scanner it runs.
pub const TEXT_FACT_EXTENSIONS: &[&str] = &[".sh", ".bash", ".mk"];

/// Base names of JSON files without a `.json` extension.
const JSON_NAMES: &[&str] = &[".renovaterc"];

/// How a file was understood.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    /// `*.json`
    Json,
    /// `*.yaml`, `*.yml`
    Yaml,
    /// `*.toml`
    Toml,
    /// A text fact (see [`TEXT_FACT_NAMES`]).
    Text,
    /// Anything else: present, not read.
    Other,
}

impl FileKind {
    /// The kind a path implies.
    pub fn of_path(path: &str) -> FileKind {
        let name = path.rsplit('/').next().unwrap_or(path);
        let lower = name.to_ascii_lowercase();
        if TEXT_FACT_NAMES
            .iter()
            .any(|fact| fact.eq_ignore_ascii_case(name))
            || TEXT_FACT_EXTENSIONS
                .iter()
                .any(|extension| lower.ends_with(extension))
        {
            FileKind::Text
        } else if lower.ends_with(".json") || JSON_NAMES.contains(&name) {
            FileKind::Json
        } else if lower.ends_with(".yaml") || lower.ends_with(".yml") {
            FileKind::Yaml
        } else if lower.ends_with(".toml") {
            FileKind::Toml
        } else {
            FileKind::Other
        }
    }

    /// Whether the content is read at all.
    pub fn is_read(self) -> bool {
        self != FileKind::Other
    }
}

/// Why a file could not be used, and where.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileProblem {
    /// What is wrong.
    pub message: String,
    /// 1-based line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// 1-based column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
}

impl FileProblem {
    /// Where it is, in `path`.
    pub fn location(&self, path: &str) -> Location {
        Location {
            path: path.to_string(),
            line: self.line,
            column: self.column,
        }
    }

    /// A problem without a position.
    pub fn new(message: impl Into<String>) -> Self {
        FileProblem {
            message: message.into(),
            line: None,
            column: None,
        }
    }
}

/// One file as checks see it (`input.repository.files[path]`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RepositoryFile {
    /// How the file was understood.
    pub kind: FileKind,
    /// Parsed documents (JSON, YAML, TOML).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub documents: Option<Vec<Value>>,
    /// Content of text facts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Why the file could not be used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<FileProblem>,
}

impl RepositoryFile {
    /// A file that is present but not read.
    pub fn unread(kind: FileKind) -> Self {
        RepositoryFile {
            kind,
            documents: None,
            text: None,
            error: None,
        }
    }

    /// A file that could not be read or parsed.
    pub fn failed(kind: FileKind, problem: FileProblem) -> Self {
        RepositoryFile {
            kind,
            documents: None,
            text: None,
            error: Some(problem),
        }
    }
}

/// Parses a file's bytes according to the kind its path implies.
pub fn parse_file(path: &str, bytes: &[u8]) -> RepositoryFile {
    let kind = FileKind::of_path(path);
    if !kind.is_read() {
        return RepositoryFile::unread(kind);
    }
    let text = match decode(bytes) {
        Ok(text) => text,
        Err(error) => {
            let problem = FileProblem {
                message: error.message,
                line: error.line,
                column: None,
            };
            return RepositoryFile::failed(kind, problem);
        }
    };
    let parsed = match kind {
        FileKind::Json => parse_json(&text).map(|value| vec![value]),
        FileKind::Yaml => parse_yaml(&text),
        FileKind::Toml => parse_toml(&text).map(|value| vec![value]),
        FileKind::Text => {
            return RepositoryFile {
                kind,
                documents: None,
                text: Some(text.into_owned()),
                error: None,
            };
        }
        FileKind::Other => Ok(Vec::new()),
    };
    match parsed {
        Ok(documents) => RepositoryFile {
            kind,
            documents: Some(documents),
            text: None,
            error: None,
        },
        Err(problem) => RepositoryFile::failed(kind, problem),
    }
}

/// Parses JSON, reporting the line and column of a syntax error.
pub fn parse_json(text: &str) -> Result<Value, FileProblem> {
    serde_json::from_str(text).map_err(|error| FileProblem {
        message: json_message(&error),
        line: Some(error.line()),
        column: Some(error.column()),
    })
}

/// A named input that is not valid JSON, at the line and column the parser stopped.
pub fn json_error(file: &str, error: &serde_json::Error) -> SourceError {
    SourceError::Json {
        location: Location::at(file, error.line(), Some(error.column())),
        message: json_message(error),
    }
}

/// serde_json appends " at line L column C" to its message; we carry the position separately.
pub fn json_message(error: &serde_json::Error) -> String {
    let message = error.to_string();
    match message.rfind(" at line ") {
        Some(at) => message.get(..at).unwrap_or(&message).to_string(),
        None => message,
    }
}

/// Parses every document of a YAML stream.
pub fn parse_yaml(text: &str) -> Result<Vec<Value>, FileProblem> {
    use serde::Deserialize;
    let mut documents = Vec::new();
    for document in yaml_serde::Deserializer::from_str(text) {
        let value =
            yaml_serde::Value::deserialize(document).map_err(|error| yaml_problem(&error))?;
        documents.push(yaml_to_json(value).map_err(FileProblem::new)?);
    }
    Ok(documents)
}

/// A YAML error with its position.
pub fn yaml_problem(error: &yaml_serde::Error) -> FileProblem {
    let location = error.location();
    let message = error.to_string();
    // yaml_serde appends " at line L column C"; keep the message clean and the position separate.
    let message = match message.find(" at line ") {
        Some(at) if location.is_some() => message.get(..at).unwrap_or(&message).to_string(),
        _ => message,
    };
    FileProblem {
        message,
        line: location.as_ref().map(|l| l.line()),
        column: location.as_ref().map(|l| l.column()),
    }
}

/// Converts a YAML value to JSON. Tags (`!Ref`) are dropped, keeping the tagged value; scalar keys
/// become strings; non-finite floats become strings, since JSON has no such numbers.
pub fn yaml_to_json(value: yaml_serde::Value) -> Result<Value, String> {
    Ok(match value {
        yaml_serde::Value::Null => Value::Null,
        yaml_serde::Value::Bool(b) => Value::Bool(b),
        yaml_serde::Value::Number(number) => yaml_number(&number),
        yaml_serde::Value::String(s) => Value::String(s),
        yaml_serde::Value::Sequence(items) => Value::Array(
            items
                .into_iter()
                .map(yaml_to_json)
                .collect::<Result<_, _>>()?,
        ),
        yaml_serde::Value::Mapping(mapping) => {
            let mut object = Map::new();
            for (key, value) in mapping {
                object.insert(yaml_key(key)?, yaml_to_json(value)?);
            }
            Value::Object(object)
        }
        yaml_serde::Value::Tagged(tagged) => yaml_to_json(tagged.value)?,
    })
}

fn yaml_number(number: &yaml_serde::Number) -> Value {
    if let Some(i) = number.as_i64() {
        Value::from(i)
    } else if let Some(u) = number.as_u64() {
        Value::from(u)
    } else {
        number
            .as_f64()
            .and_then(serde_json::Number::from_f64)
            .map_or_else(|| Value::String(number.to_string()), Value::Number)
    }
}

fn yaml_key(key: yaml_serde::Value) -> Result<String, String> {
    match key {
        yaml_serde::Value::String(s) => Ok(s),
        yaml_serde::Value::Null => Ok("null".to_string()),
        yaml_serde::Value::Bool(b) => Ok(b.to_string()),
        yaml_serde::Value::Number(n) => Ok(n.to_string()),
        yaml_serde::Value::Tagged(tagged) => yaml_key(tagged.value),
        yaml_serde::Value::Sequence(_) | yaml_serde::Value::Mapping(_) => {
            Err("a mapping key is a sequence or mapping, which JSON cannot hold".to_string())
        }
    }
}

/// Parses TOML, reporting the line and column of a syntax error.
pub fn parse_toml(text: &str) -> Result<Value, FileProblem> {
    let value: toml::Value = toml::from_str(text).map_err(|error| {
        let position = error.span().map(|span| line_column(text, span.start));
        FileProblem {
            message: error.message().trim().to_string(),
            line: position.map(|p| p.0),
            column: position.map(|p| p.1),
        }
    })?;
    Ok(toml_to_json(value))
}

fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f)
            .map_or_else(|| Value::String(f.to_string()), Value::Number),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(datetime) => Value::String(datetime.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(table) => Value::Object(
            table
                .into_iter()
                .map(|(k, v)| (k, toml_to_json(v)))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check(path: &str, content: &str, expected: Value) {
        let file = parse_file(path, content.as_bytes());
        assert_eq!(serde_json::to_value(&file).unwrap(), expected);
    }

    #[test]
    fn yaml_streams_keep_every_document() {
        check(
            "a.yaml",
            "a: 1\n---\nb: [x]\n",
            json!({"kind": "yaml", "documents": [{"a": 1}, {"b": ["x"]}]}),
        );
    }

    #[test]
    fn templated_yaml_is_an_error_with_a_line() {
        check(
            "chart/templates/deployment.yaml",
            "kind: Deployment\nspec:\n{{- if .Values.replicas }}\n  replicas: {{ .Values.replicas }}\n{{- end }}\n",
            json!({"kind": "yaml", "error": {"message": "could not find expected ':'", "line": 4, "column": 3}}),
        );
    }

    #[test]
    fn duplicate_yaml_keys_are_an_error() {
        let file = parse_file("a.yml", b"a: 1\na: 2\n");
        let error = file.error.unwrap();
        assert!(error.message.contains("duplicate"), "{}", error.message);
        assert!(error.line.is_some());
    }

    #[test]
    fn mapping_keys_json_cannot_hold_are_an_error() {
        let file = parse_file("k.yaml", b"replicas: {{ .Values.replicas }}\n");
        assert!(file.error.unwrap().message.contains("mapping key"));
    }

    #[test]
    fn yaml_tags_are_dropped() {
        check(
            "t.yaml",
            "x: !Ref Bucket\n1: true\n",
            json!({"kind": "yaml", "documents": [{"x": "Bucket", "1": true}]}),
        );
    }

    #[test]
    fn yaml_alias_bombs_are_refused() {
        let mut bomb = String::from(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        for (i, name) in ["b", "c", "d", "e", "f", "g", "h", "i"].iter().enumerate() {
            let prev = ["a", "b", "c", "d", "e", "f", "g", "h"][i];
            bomb.push_str(&format!("{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
        }
        assert!(parse_file("bomb.yaml", bomb.as_bytes()).error.is_some());
    }

    #[test]
    fn json_errors_carry_line_and_column() {
        check(
            "p.json",
            "{\n  \"a\": 1,\n}",
            json!({"kind": "json", "error": {"message": "trailing comma", "line": 3, "column": 1}}),
        );
    }

    #[test]
    fn toml_is_parsed_with_datetimes_as_strings() {
        check(
            "c.toml",
            "[a]\nb = 1979-05-27\n",
            json!({"kind": "toml", "documents": [{"a": {"b": "1979-05-27"}}]}),
        );
    }

    #[test]
    fn toml_errors_carry_a_line() {
        let file = parse_file("c.toml", b"[a]\nb = \n");
        assert_eq!(file.error.unwrap().line, Some(2));
    }

    #[test]
    fn text_facts_keep_their_text() {
        check(
            ".github/CODEOWNERS",
            "* @org/team\n",
            json!({"kind": "text", "text": "* @org/team\n"}),
        );
        check(
            "SECURITY.md",
            "mail security@example.com",
            json!({"kind": "text", "text": "mail security@example.com"}),
        );
    }

    #[test]
    fn extensionless_json_configs_are_parsed() {
        check(
            ".renovaterc",
            "{\"extends\": []}",
            json!({"kind": "json", "documents": [{"extends": []}]}),
        );
    }

    #[test]
    fn other_files_are_present_but_unread() {
        check("src/main.rs", "fn main() {}", json!({"kind": "other"}));
    }

    #[test]
    fn invalid_utf8_is_an_error() {
        let file = parse_file("x.json", b"{\"a\": \"\xFF\"}");
        assert!(file.error.unwrap().message.contains("UTF-8"));
    }
}
