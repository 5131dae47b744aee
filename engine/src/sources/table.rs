//! Tabular exports (HR, identity provider): CSV with a header, or JSON records, read into one
//! shape so the column mapping, dates and booleans are handled once.
//!
//! A row keeps where it came from (CSV line, or JSON pointer) so findings can point back to it.
//! Cells are read strictly: a date or boolean that cannot be read stops the run with the row and
//! column, since a misread export would make a training or access figure wrong.

use serde_json::Value;

use super::files::json_error;
use super::text::{decode_input, line_of_offset};
use crate::error::{Location, SourceError};
use crate::model::Date;

/// Where a row came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowPlace {
    /// 1-based CSV line.
    Line(usize),
    /// JSON pointer of the record.
    Pointer(String),
}

/// One row.
#[derive(Debug, Clone)]
pub struct Row {
    /// Where it came from.
    pub place: RowPlace,
    cells: Vec<String>,
}

/// A parsed export.
#[derive(Debug, Clone)]
pub struct Table {
    /// The file as given.
    pub file: String,
    /// Column names, trimmed.
    pub headers: Vec<String>,
    /// Data rows (rows with every cell empty are dropped).
    pub rows: Vec<Row>,
}

impl Table {
    /// Reads CSV (UTF-8 with or without BOM, or UTF-16 with BOM) or, for a `.json` file, JSON
    /// records, or for a `.yaml`/`.yml` file, YAML records. A table without data rows is an error.
    pub fn parse(file: &str, bytes: &[u8]) -> Result<Table, SourceError> {
        let table = Table::parse_allowing_no_rows(file, bytes)?;
        if table.rows.is_empty() {
            return Err(SourceError::NoRows {
                location: Location::file(file),
            });
        }
        Ok(table)
    }

    /// As `parse`, but a header with no rows is a table of no rows (an incident log of a quiet
    /// year); an empty file is still an error.
    pub fn parse_allowing_no_rows(file: &str, bytes: &[u8]) -> Result<Table, SourceError> {
        let text = decode_input(file, bytes)?;
        let lower = file.to_ascii_lowercase();
        let table = if lower.ends_with(".json") {
            let document: Value =
                serde_json::from_str(&text).map_err(|error| json_error(file, &error))?;
            records_table(file, &document)?
        } else if lower.ends_with(".yaml") || lower.ends_with(".yml") {
            let document: Value = yaml_serde::from_str(&text).map_err(|error| {
                let problem = super::files::yaml_problem(&error);
                SourceError::Yaml {
                    location: problem.location(file),
                    message: problem.message,
                }
            })?;
            records_table(file, &document)?
        } else {
            parse_csv(file, &text)?
        };
        if table.headers.is_empty() {
            return Err(SourceError::NoRows {
                location: Location::file(file),
            });
        }
        Ok(table)
    }

    /// Index of the column `name`, mapped under `key` in the config.
    pub fn column(&self, key: &str, name: &str) -> Result<usize, SourceError> {
        let header_location = || match self.rows.first().map(|r| &r.place) {
            Some(RowPlace::Line(_)) | None => Location::at(&self.file, 1, None),
            Some(RowPlace::Pointer(_)) => Location::file(&self.file),
        };
        let mut matches = self
            .headers
            .iter()
            .enumerate()
            .filter(|(_, header)| header.eq_ignore_ascii_case(name.trim()));
        let Some((index, _)) = matches.next() else {
            return Err(SourceError::MissingColumn {
                location: header_location(),
                column: name.to_string(),
                key: key.to_string(),
                available: self.available_columns(),
            });
        };
        if matches.next().is_some() {
            return Err(SourceError::DuplicateColumn {
                location: header_location(),
                column: name.to_string(),
                key: key.to_string(),
            });
        }
        Ok(index)
    }

    /// The header's columns for an error; a header read as one column that holds another
    /// delimiter is named as such, since that is what an export saved with `;` or tabs looks like.
    fn available_columns(&self) -> String {
        let listed = self
            .headers
            .iter()
            .map(|h| format!("`{h}`"))
            .collect::<Vec<_>>()
            .join(", ");
        match self.headers.as_slice() {
            [only] => match [';', '\t', '|'].into_iter().find(|d| only.contains(*d)) {
                Some(delimiter) => format!(
                    "{listed} (one column: the file looks delimited by {delimiter:?}; save it as comma-separated CSV)"
                ),
                None => listed,
            },
            _ => listed,
        }
    }

    /// An optional column.
    pub fn optional_column(
        &self,
        key: &str,
        name: Option<&str>,
    ) -> Result<Option<usize>, SourceError> {
        name.map(|name| self.column(key, name)).transpose()
    }

    /// The cells of a row, for typed reading.
    pub fn cells<'a>(&'a self, row: &'a Row) -> Cells<'a> {
        Cells { table: self, row }
    }
}

/// Typed access to one row.
pub struct Cells<'a> {
    table: &'a Table,
    row: &'a Row,
}

impl Cells<'_> {
    /// Where the row is, for errors.
    pub fn location(&self) -> Location {
        match &self.row.place {
            RowPlace::Line(line) => Location::at(&self.table.file, *line, None),
            RowPlace::Pointer(pointer) => Location::file(format!("{}#{pointer}", self.table.file)),
        }
    }

    /// The trimmed cell ("" when the row is short).
    pub fn text(&self, index: usize) -> &str {
        self.row.cells.get(index).map_or("", |cell| cell.trim())
    }

    /// A non-empty cell.
    pub fn optional_text(&self, index: Option<usize>) -> Option<String> {
        index
            .map(|i| self.text(i))
            .filter(|t| !t.is_empty())
            .map(str::to_string)
    }

    fn header(&self, index: usize) -> String {
        self.table.headers.get(index).cloned().unwrap_or_default()
    }

    /// An ISO date from `dd/mm/yyyy`, `yyyy-mm-dd` or a timestamp (`2026-06-25T08:14:00Z`,
    /// `25/06/2026 08:14`), whose date is kept; `None` when the cell is empty.
    pub fn date(&self, index: Option<usize>) -> Result<Option<String>, SourceError> {
        let Some(index) = index else { return Ok(None) };
        let value = self.text(index);
        if value.is_empty() {
            return Ok(None);
        }
        let date_part = value.split(['T', ' ']).next().unwrap_or(value);
        Date::parse(date_part)
            .map(|date| Some(date.iso()))
            .ok_or_else(|| SourceError::InvalidDate {
                location: self.location(),
                column: self.header(index),
                value: value.to_string(),
            })
    }

    /// A boolean from `true`/`false`, `yes`/`no`, `y`/`n`, `1`/`0`; `None` when empty.
    pub fn boolean(&self, index: Option<usize>) -> Result<Option<bool>, SourceError> {
        self.boolean_with(index, &[], &[])
    }

    /// A boolean as `boolean` reads it, or from the export's own words for yes and no (Intune's
    /// `Compliant`/`Noncompliant`), matched without regard to case.
    pub fn boolean_with(
        &self,
        index: Option<usize>,
        yes: &[String],
        no: &[String],
    ) -> Result<Option<bool>, SourceError> {
        let Some(index) = index else { return Ok(None) };
        let value = self.text(index);
        if yes
            .iter()
            .any(|word| word.trim().eq_ignore_ascii_case(value))
        {
            return Ok(Some(true));
        }
        if no
            .iter()
            .any(|word| word.trim().eq_ignore_ascii_case(value))
        {
            return Ok(Some(false));
        }
        match value.to_ascii_lowercase().as_str() {
            "" => Ok(None),
            "true" | "yes" | "y" | "1" => Ok(Some(true)),
            "false" | "no" | "n" | "0" => Ok(Some(false)),
            _ => Err(SourceError::InvalidBoolean {
                location: self.location(),
                column: self.header(index),
                value: value.to_string(),
                expected: yes
                    .iter()
                    .chain(no)
                    .map(|word| format!(", {word}"))
                    .collect(),
            }),
        }
    }
}

fn parse_csv(file: &str, text: &str) -> Result<Table, SourceError> {
    // csv miscounts lines after CRLF (a record "starts" at the `\n` of the previous `\r\n`):
    // count newlines up to the record's first byte that is not a line terminator. Records come
    // in order, so the count goes on from the previous record's (counting from the top each
    // time made a 20,000-row export take seconds).
    let bytes = text.as_bytes();
    let start_of = |position: &csv::Position| {
        let start = position.byte() as usize;
        let skipped = bytes.get(start..).map_or(0, |rest| {
            rest.iter()
                .take_while(|b| matches!(b, b'\r' | b'\n'))
                .count()
        });
        start + skipped
    };
    let line_at = |position: Option<&csv::Position>| {
        position.map_or(1, |p| line_of_offset(bytes, start_of(p)))
    };
    let mut counted = (0usize, 1usize);
    let mut next_line = |position: &csv::Position| {
        let offset = start_of(position);
        let (from, line) = counted;
        let line = if offset >= from {
            line + bytes
                .get(from..offset)
                .map_or(0, |part| part.iter().filter(|b| **b == b'\n').count())
        } else {
            line_of_offset(bytes, offset)
        };
        counted = (offset, line);
        line
    };
    let csv_error = |error: csv::Error| SourceError::Csv {
        location: Location::at(file, line_at(error.position()), None),
        message: csv_message(&error),
    };
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(csv_error)?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(csv_error)?;
        // Excel leaves rows of empty cells at the end of a sheet; they are not records.
        if record.iter().all(|value| value.trim().is_empty()) {
            continue;
        }
        rows.push(Row {
            place: RowPlace::Line(record.position().map_or(1, &mut next_line)),
            cells: record.iter().map(str::to_string).collect(),
        });
    }
    Ok(Table {
        file: file.to_string(),
        headers,
        rows,
    })
}

/// csv's messages repeat the position we already carry.
fn csv_message(error: &csv::Error) -> String {
    match error.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("the row has {len} fields where the header has {expected_len}")
        }
        csv::ErrorKind::Utf8 { err, .. } => format!("field {} is not valid UTF-8", err.field() + 1),
        _ => error.to_string(),
    }
}

/// An array of objects, or a Graph API page `{"value": [...]}`; nested objects become dotted
/// columns (`signInActivity.lastSuccessfulSignInDateTime`).
fn records_table(file: &str, document: &Value) -> Result<Table, SourceError> {
    let (records, prefix) = match document {
        Value::Array(records) => (records, ""),
        Value::Object(object) => match object.get("value") {
            Some(Value::Array(records)) => (records, "/value"),
            _ => return Err(not_records(file)),
        },
        _ => return Err(not_records(file)),
    };
    let mut flattened = Vec::new();
    for (index, record) in records.iter().enumerate() {
        let Value::Object(_) = record else {
            return Err(SourceError::Csv {
                location: Location::file(format!("{file}#{prefix}/{index}")),
                message: "a record is not an object".to_string(),
            });
        };
        let mut cells = std::collections::BTreeMap::new();
        flatten("", record, &mut cells);
        flattened.push((format!("{prefix}/{index}"), cells));
    }
    let headers: Vec<String> = flattened
        .iter()
        .flat_map(|(_, cells)| cells.keys().cloned())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let rows = flattened
        .into_iter()
        .map(|(pointer, cells)| Row {
            place: RowPlace::Pointer(pointer),
            cells: headers
                .iter()
                .map(|h| cells.get(h).cloned().unwrap_or_default())
                .collect(),
        })
        .collect();
    Ok(Table {
        file: file.to_string(),
        headers,
        rows,
    })
}

fn not_records(file: &str) -> SourceError {
    SourceError::Csv {
        location: Location::file(file),
        message: "expected an array of records, or an object with a `value` array".to_string(),
    }
}

fn flatten(prefix: &str, value: &Value, out: &mut std::collections::BTreeMap<String, String>) {
    match value {
        Value::Object(object) => {
            for (key, inner) in object {
                let name = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                flatten(&name, inner, out);
            }
        }
        Value::Null => {
            out.insert(prefix.to_string(), String::new());
        }
        Value::String(s) => {
            out.insert(prefix.to_string(), s.clone());
        }
        other => {
            out.insert(prefix.to_string(), other.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_records_flatten_to_dotted_columns() {
        let table = Table::parse("users.json", br#"{"value": [{"upn": "a@x", "enabled": true, "signIn": {"last": "2026-01-02T10:00:00Z"}}, {"upn": "b@x", "signIn": null}]}"#).unwrap();
        assert_eq!(table.headers, ["enabled", "signIn", "signIn.last", "upn"]);
        let last = table.column("last_sign_in", "signIn.last").unwrap();
        let enabled = table.column("enabled", "enabled").unwrap();
        let first = table.cells(&table.rows[0]);
        assert_eq!(
            first.date(Some(last)).unwrap().as_deref(),
            Some("2026-01-02")
        );
        assert_eq!(first.boolean(Some(enabled)).unwrap(), Some(true));
        let second = table.cells(&table.rows[1]);
        assert_eq!(second.boolean(Some(enabled)).unwrap(), None);
        assert_eq!(table.rows[1].place, RowPlace::Pointer("/value/1".into()));
    }

    #[test]
    fn malformed_json_and_yaml_are_named_as_such_at_their_line() {
        let error = Table::parse("r.json", b"[\n{\"a\": }]").unwrap_err();
        assert_eq!(error.code(), "invalid-json");
        assert!(error.to_string().starts_with("r.json:2:"), "{error}");
        let error = Table::parse("r.yaml", b"- a: 1\n  b: [2\n").unwrap_err();
        assert_eq!(error.code(), "invalid-yaml");
        assert!(error.to_string().contains("invalid YAML"), "{error}");
        assert!(error.to_string().starts_with("r.yaml:"), "{error}");
    }

    #[test]
    fn booleans_are_strict() {
        let table = Table::parse("u.csv", b"a,b\nYes,maybe\n").unwrap();
        let cells = table.cells(&table.rows[0]);
        assert_eq!(cells.boolean(Some(0)).unwrap(), Some(true));
        let error = cells.boolean(Some(1)).unwrap_err();
        assert_eq!(
            error.to_string(),
            "u.csv:2: column `b`: `maybe` is not a boolean (expected true/false, yes/no, y/n, 1/0)"
        );
    }

    #[test]
    fn timestamps_keep_their_date() {
        let table = Table::parse("u.csv", b"t\n25/06/2026 08:14\n").unwrap();
        assert_eq!(
            table
                .cells(&table.rows[0])
                .date(Some(0))
                .unwrap()
                .as_deref(),
            Some("2026-06-25")
        );
    }

    #[test]
    fn json_that_is_not_records_is_refused() {
        assert!(Table::parse("u.json", br#"{"users": []}"#).is_err());
        assert!(Table::parse("u.json", br#"[1, 2]"#).is_err());
        assert_eq!(Table::parse("u.json", b"[]").unwrap_err().code(), "no-rows");
    }
}
