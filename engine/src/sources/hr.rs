//! The `hr` source: CSV training exports, read through a column mapping from the config file.
//!
//! Each row becomes a staff record with ISO dates and a keyed pseudonym in place of the staff id.
//! A mapped column that is missing or duplicated, an unparseable date or an empty staff id stops
//! the run: a training figure computed from a misread export would be worse than none.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::dates::Date;
use super::pseudonym::Pseudonymiser;
use super::text::{decode, line_of_offset};
use crate::error::{Location, SourceError};

/// Which columns of an HR export hold what (`sources.hr` in dspt.yaml).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct HrMapping {
    /// Column names for the staff fields.
    pub columns: HrColumns,
    /// Course key (used by checks, e.g. `data_security`) → column holding its completion date.
    #[serde(default)]
    pub courses: BTreeMap<String, String>,
}

/// Column names for the staff fields.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct HrColumns {
    /// Staff id (replaced by a pseudonym).
    pub staff_id: String,
    /// Role or job title.
    #[serde(default)]
    pub role: Option<String>,
    /// Start date.
    #[serde(default)]
    pub start_date: Option<String>,
    /// Leave date (empty while employed).
    #[serde(default)]
    pub leave_date: Option<String>,
}

/// `input.hr`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HrSection {
    /// The exports read.
    pub exports: Vec<HrExport>,
    /// Every staff record, in file then row order.
    pub staff: Vec<StaffRecord>,
}

/// One export file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HrExport {
    /// The file as given.
    pub file: String,
    /// Data rows read.
    pub rows: usize,
}

/// One row of an export.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StaffRecord {
    /// Pseudonym of the staff id.
    pub id: String,
    /// Role or job title.
    pub role: Option<String>,
    /// ISO start date.
    pub start_date: Option<String>,
    /// ISO leave date.
    pub leave_date: Option<String>,
    /// Course key → ISO completion date.
    pub courses: BTreeMap<String, Option<String>>,
    /// The export file.
    pub file: String,
    /// 1-based line of the row.
    pub line: usize,
}

/// Reads one export.
pub fn load_hr_export(
    path: &Path,
    mapping: &HrMapping,
    pseudonymiser: &Pseudonymiser,
    max_bytes: u64,
) -> Result<(HrExport, Vec<StaffRecord>), SourceError> {
    let bytes = super::read_input(path, max_bytes)?;
    parse_hr_export(&path.display().to_string(), &bytes, mapping, pseudonymiser)
}

/// Parses one export from bytes.
pub fn parse_hr_export(
    file: &str,
    bytes: &[u8],
    mapping: &HrMapping,
    pseudonymiser: &Pseudonymiser,
) -> Result<(HrExport, Vec<StaffRecord>), SourceError> {
    let text = decode(bytes).map_err(|error| SourceError::Encoding {
        location: Location {
            path: file.to_string(),
            line: error.line,
            column: None,
        },
        message: error.message,
    })?;
    // csv miscounts lines after CRLF (a record "starts" at the `\n` of the previous `\r\n`):
    // count newlines up to the record's first byte that is not a line terminator.
    let line_at = |position: Option<&csv::Position>| {
        position.map_or(1, |p| {
            let bytes = text.as_bytes();
            let start = p.byte() as usize;
            let skipped = bytes.get(start..).map_or(0, |rest| {
                rest.iter()
                    .take_while(|b| matches!(b, b'\r' | b'\n'))
                    .count()
            });
            line_of_offset(bytes, start + skipped)
        })
    };
    let csv_error = |error: csv::Error| {
        let line = line_at(error.position());
        SourceError::Csv {
            location: Location::at(file, line, None),
            message: csv_message(&error),
        }
    };
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(csv_error)?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let columns = ColumnIndexes::find(file, &headers, mapping)?;

    let mut records = Vec::new();
    for row in reader.records() {
        let row = row.map_err(csv_error)?;
        let line = line_at(row.position());
        let location = || Location::at(file, line, None);
        let cell = |index: usize| row.get(index).map(str::trim).unwrap_or_default();
        let date = |index: Option<usize>| -> Result<Option<String>, SourceError> {
            let Some(index) = index else { return Ok(None) };
            let value = cell(index);
            if value.is_empty() {
                return Ok(None);
            }
            Date::parse(value)
                .map(|date| Some(date.iso()))
                .ok_or_else(|| SourceError::InvalidDate {
                    location: location(),
                    column: headers.get(index).cloned().unwrap_or_default(),
                    value: value.to_string(),
                })
        };
        // Excel leaves rows of empty cells at the end of a sheet; they are not staff.
        if row.iter().all(|value| value.trim().is_empty()) {
            continue;
        }
        let staff_id = cell(columns.staff_id);
        if staff_id.is_empty() {
            return Err(SourceError::EmptyCell {
                location: location(),
                column: mapping.columns.staff_id.clone(),
            });
        }
        let mut courses = BTreeMap::new();
        for (key, index) in &columns.courses {
            courses.insert(key.clone(), date(Some(*index))?);
        }
        records.push(StaffRecord {
            id: pseudonymiser.pseudonym(staff_id),
            role: columns
                .role
                .map(cell)
                .filter(|r| !r.is_empty())
                .map(str::to_string),
            start_date: date(columns.start_date)?,
            leave_date: date(columns.leave_date)?,
            courses,
            file: file.to_string(),
            line,
        });
    }
    if records.is_empty() {
        return Err(SourceError::NoRows {
            location: Location::file(file),
        });
    }
    Ok((
        HrExport {
            file: file.to_string(),
            rows: records.len(),
        },
        records,
    ))
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

struct ColumnIndexes {
    staff_id: usize,
    role: Option<usize>,
    start_date: Option<usize>,
    leave_date: Option<usize>,
    courses: BTreeMap<String, usize>,
}

impl ColumnIndexes {
    fn find(
        file: &str,
        headers: &[String],
        mapping: &HrMapping,
    ) -> Result<ColumnIndexes, SourceError> {
        let find = |key: &str, column: &str| -> Result<usize, SourceError> {
            let mut matches = headers
                .iter()
                .enumerate()
                .filter(|(_, header)| header.eq_ignore_ascii_case(column.trim()));
            let Some((index, _)) = matches.next() else {
                return Err(SourceError::MissingColumn {
                    location: Location::at(file, 1, None),
                    column: column.to_string(),
                    key: key.to_string(),
                    available: headers
                        .iter()
                        .map(|h| format!("`{h}`"))
                        .collect::<Vec<_>>()
                        .join(", "),
                });
            };
            if matches.next().is_some() {
                return Err(SourceError::DuplicateColumn {
                    location: Location::at(file, 1, None),
                    column: column.to_string(),
                    key: key.to_string(),
                });
            }
            Ok(index)
        };
        let optional = |key: &str, column: &Option<String>| {
            column.as_deref().map(|c| find(key, c)).transpose()
        };
        let staff_id = find("columns.staff_id", &mapping.columns.staff_id)?;
        let role = optional("columns.role", &mapping.columns.role)?;
        let start_date = optional("columns.start_date", &mapping.columns.start_date)?;
        let leave_date = optional("columns.leave_date", &mapping.columns.leave_date)?;
        let mut courses = BTreeMap::new();
        for (key, column) in &mapping.courses {
            courses.insert(key.clone(), find(&format!("courses.{key}"), column)?);
        }
        Ok(ColumnIndexes {
            staff_id,
            role,
            start_date,
            leave_date,
            courses,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mapping() -> HrMapping {
        HrMapping {
            columns: HrColumns {
                staff_id: "Employee Number".into(),
                role: Some("Job Title".into()),
                start_date: Some("Start Date".into()),
                leave_date: Some("Leave Date".into()),
            },
            courses: BTreeMap::from([(
                "data_security".to_string(),
                "Data Security Awareness".to_string(),
            )]),
        }
    }

    fn parse(text: &str) -> Result<(HrExport, Vec<StaffRecord>), SourceError> {
        parse_hr_export(
            "hr.csv",
            text.as_bytes(),
            &mapping(),
            &Pseudonymiser::new(b"k"),
        )
    }

    const HEADER: &str =
        "Employee Number,Full Name,Job Title,Start Date,Leave Date,Data Security Awareness";

    #[test]
    fn rows_become_pseudonymous_records_with_iso_dates() {
        let (export, staff) = parse(&format!(
            "\u{feff}{HEADER}\r\nE1,Ann Example,Nurse,01/02/2024,,2026-03-04\r\n"
        ))
        .unwrap();
        assert_eq!(export.rows, 1);
        let record = &staff[0];
        assert_eq!(record.id, Pseudonymiser::new(b"k").pseudonym("E1"));
        assert_eq!(record.start_date.as_deref(), Some("2024-02-01"));
        assert_eq!(record.leave_date, None);
        assert_eq!(
            record.courses["data_security"].as_deref(),
            Some("2026-03-04")
        );
        assert_eq!(record.line, 2);
        assert!(!format!("{staff:?}").contains("Ann"));
    }

    #[test]
    fn quoted_newlines_keep_line_numbers_true() {
        let (_, staff) = parse(&format!(
            "{HEADER}\nE1,\"Ann\nExample\",Nurse,01/02/2024,,\nE2,Bo,Nurse,01/02/2024,,\n"
        ))
        .unwrap();
        assert_eq!(staff[1].line, 4);
    }

    #[test]
    fn a_missing_mapped_column_is_named() {
        let error = parse("Employee Number,Job Title\nE1,Nurse\n").unwrap_err();
        assert_eq!(error.code(), "missing-column");
        assert!(error.to_string().contains("`Start Date`"), "{error}");
    }

    #[test]
    fn a_duplicated_mapped_column_is_refused() {
        let error = parse(&format!("{HEADER},Job Title\nE1,A,N,01/02/2024,,,x\n")).unwrap_err();
        assert_eq!(error.code(), "duplicate-column");
    }

    #[test]
    fn an_impossible_date_names_row_and_column() {
        let error = parse(&format!("{HEADER}\nE1,A,N,31/02/2025,,\n")).unwrap_err();
        assert_eq!(
            error.to_string(),
            "hr.csv:2: column `Start Date`: `31/02/2025` is not a date (expected dd/mm/yyyy or yyyy-mm-dd)"
        );
    }

    #[test]
    fn ragged_rows_and_empty_exports_are_errors() {
        assert_eq!(
            parse(&format!("{HEADER}\nE1,A\n")).unwrap_err().code(),
            "invalid-csv"
        );
        assert_eq!(parse(&format!("{HEADER}\n")).unwrap_err().code(), "no-rows");
        assert_eq!(
            parse(&format!("{HEADER}\n,A,N,01/02/2024,,\n"))
                .unwrap_err()
                .code(),
            "empty-cell"
        );
    }
}
