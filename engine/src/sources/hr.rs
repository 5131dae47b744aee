//! The `hr` source: CSV training exports, read through a column mapping from the config file.
//!
//! Each row becomes a staff record with ISO dates and a keyed pseudonym in place of the staff id.
//! A mapped column that is missing or duplicated, an unparseable date or an empty staff id stops
//! the run: a training figure computed from a misread export would be worse than none.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::pseudonym::Pseudonymiser;
use super::table::Table;
use crate::error::SourceError;

/// Which columns of an HR export hold what (`sources.hr` in dspt.yaml).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct HrMapping {
    /// Column names for the staff fields.
    pub columns: HrColumns,
    /// Course key (used by checks, e.g. `data_security`) → column holding its completion date.
    #[serde(default)]
    pub courses: BTreeMap<String, String>,
    /// The day the export was taken (ISO), when the config says.
    #[serde(default)]
    pub exported_on: Option<String>,
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
    /// Employment status (`Active`, `Leaver`).
    #[serde(default)]
    pub status: Option<String>,
    /// Whether the contract carries data security terms (yes/no).
    #[serde(default)]
    pub contract_clause: Option<String>,
}

/// `input.hr`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HrSection {
    /// The exports read.
    pub exports: Vec<HrExport>,
    /// Every staff record, in file then row order.
    pub staff: Vec<StaffRecord>,
    /// The training needs analysis, when the config names one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub training_needs: Option<super::training_needs::TrainingNeeds>,
}

/// One export file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HrExport {
    /// The file as given.
    pub file: String,
    /// Data rows read.
    pub rows: usize,
    /// The day the export was taken, when the config says.
    pub exported_on: Option<String>,
}

/// One row of an export.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StaffRecord {
    /// Pseudonym of the staff id.
    pub id: String,
    /// Role or job title.
    pub role: Option<String>,
    /// Employment status as written.
    pub status: Option<String>,
    /// ISO start date.
    pub start_date: Option<String>,
    /// ISO leave date.
    pub leave_date: Option<String>,
    /// Whether the contract carries data security terms.
    pub contract_clause: Option<bool>,
    /// Course key → ISO completion date.
    pub courses: BTreeMap<String, Option<String>>,
    /// The export file.
    pub file: String,
    /// 1-based line of the row.
    pub line: usize,
}

/// Parses one export from bytes.
pub fn parse_hr_export(
    file: &str,
    bytes: &[u8],
    mapping: &HrMapping,
    pseudonymiser: &Pseudonymiser,
) -> Result<(HrExport, Vec<StaffRecord>), SourceError> {
    let table = Table::parse(file, bytes)?;
    let columns = &mapping.columns;
    let staff_id = table.column("columns.staff_id", &columns.staff_id)?;
    let role = table.optional_column("columns.role", columns.role.as_deref())?;
    let status = table.optional_column("columns.status", columns.status.as_deref())?;
    let start_date = table.optional_column("columns.start_date", columns.start_date.as_deref())?;
    let leave_date = table.optional_column("columns.leave_date", columns.leave_date.as_deref())?;
    let contract_clause = table.optional_column(
        "columns.contract_clause",
        columns.contract_clause.as_deref(),
    )?;
    let mut courses = BTreeMap::new();
    for (key, column) in &mapping.courses {
        courses.insert(
            key.clone(),
            table.column(&format!("courses.{key}"), column)?,
        );
    }

    let mut records = Vec::new();
    for row in &table.rows {
        let cells = table.cells(row);
        let id = cells.text(staff_id);
        if id.is_empty() {
            return Err(SourceError::EmptyCell {
                location: cells.location(),
                column: columns.staff_id.clone(),
            });
        }
        let mut completions = BTreeMap::new();
        for (key, index) in &courses {
            completions.insert(key.clone(), cells.date(Some(*index))?);
        }
        records.push(StaffRecord {
            id: pseudonymiser.pseudonym(id),
            role: cells.optional_text(role),
            status: cells.optional_text(status),
            start_date: cells.date(start_date)?,
            leave_date: cells.date(leave_date)?,
            contract_clause: cells.boolean(contract_clause)?,
            courses: completions,
            file: file.to_string(),
            line: cells.location().line.unwrap_or(1),
        });
    }
    let export = HrExport {
        file: file.to_string(),
        rows: records.len(),
        exported_on: mapping.exported_on.clone(),
    };
    Ok((export, records))
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
                status: None,
                contract_clause: None,
            },
            courses: BTreeMap::from([(
                "data_security".to_string(),
                "Data Security Awareness".to_string(),
            )]),
            exported_on: None,
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
        // The same with CRLF line ends and many rows: each row's line counts on from the last.
        let mut text = format!("{HEADER}\r\nE0,\"Ann\r\nExample\",Nurse,01/02/2024,,\r\n");
        for i in 1..50 {
            text.push_str(&format!("E{i},Bo,Nurse,01/02/2024,,\r\n"));
        }
        let (_, staff) = parse(&text).unwrap();
        let lines: Vec<usize> = staff.iter().map(|s| s.line).collect();
        let expected: Vec<usize> = std::iter::once(2).chain(4..53).collect();
        assert_eq!(lines, expected);
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
