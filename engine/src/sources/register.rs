//! Registers an organisation already keeps (asset register, supplier register, incident log,
//! device-management export), read through a column mapping from the config file.
//!
//! The four are declared, not coded: each is a list of typed fields (`RegisterKind`), and one
//! reader maps, types and pseudonymises the cells of any of them, so a date, a yes/no or a
//! person's name is read the same way in every register, with the row and column in every error.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::pseudonym::Pseudonymiser;
use super::table::{RowPlace, Table};
use crate::error::SourceError;
use crate::model::SourceKind;

/// How a field's cells are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    /// Trimmed text.
    Text,
    /// An ISO date (a timestamp keeps its date).
    Date,
    /// yes/no.
    YesNo,
    /// A person's name, e-mail or account: replaced by a keyed pseudonym.
    Person,
}

/// One field of a register.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// Its key in the mapping and in the evidence document.
    pub key: &'static str,
    /// How its cells are read.
    pub kind: FieldType,
    /// Whether the mapping must name it and every row fill it.
    pub required: bool,
    /// What it holds, for `dspt init` and errors.
    pub about: &'static str,
}

const fn field(key: &'static str, kind: FieldType, about: &'static str) -> Field {
    Field {
        key,
        kind,
        required: false,
        about,
    }
}

const fn required(key: &'static str, kind: FieldType, about: &'static str) -> Field {
    Field {
        key,
        kind,
        required: true,
        about,
    }
}

/// A register: its section and its fields.
#[derive(Debug, Clone, Copy)]
pub struct RegisterKind {
    /// The evidence section it fills.
    pub source: SourceKind,
    /// What one row is, in summaries (`assets`).
    pub unit: &'static str,
    /// The phase of reading it, in `--timings`.
    pub reading: &'static str,
    /// Its fields.
    pub fields: &'static [Field],
    /// Whether a header with no rows is a register of nothing (an incident log of a quiet year)
    /// rather than an error.
    pub allows_no_rows: bool,
}

use FieldType::{Date, Person, Text, YesNo};

/// The information (digital) asset register.
pub const ASSETS: RegisterKind = RegisterKind {
    source: SourceKind::Assets,
    unit: "assets",
    reading: "read and parse the asset register",
    allows_no_rows: false,
    fields: &[
        required("asset", Text, "the asset's name"),
        field("type", Text, "e.g. database, application, laptop"),
        field("owner", Text, "the owning role"),
        field("owner_name", Person, "the named owner (pseudonymised)"),
        field("personal_data", YesNo, "holds personal data"),
        field("patient_data", YesNo, "holds patient data"),
        field(
            "location",
            Text,
            "where the data is held (country or cloud region)",
        ),
        field("criticality", Text, "e.g. high"),
        field("reviewed_on", Date, "when the entry was last reviewed"),
        field(
            "address",
            Text,
            "Terraform resource address(es), `;`-separated, or tag value",
        ),
    ],
};

/// The supplier register.
pub const SUPPLIERS: RegisterKind = RegisterKind {
    source: SourceKind::Suppliers,
    unit: "suppliers",
    reading: "read and parse the supplier register",
    allows_no_rows: false,
    fields: &[
        required("supplier", Text, "the supplier's name"),
        field("service", Text, "what it provides"),
        field("personal_data", YesNo, "processes personal data"),
        field("location", Text, "where it holds the data"),
        field(
            "dspt_status",
            Text,
            "its own DSPT status (Standards Met ...)",
        ),
        field("dspt_date", Date, "when that status was published"),
        field("certification", Text, "ISO 27001, Cyber Essentials (Plus)"),
        field("certificate_expires", Date, "when the certificate expires"),
        field(
            "agreement_signed",
            Date,
            "when the contract or DPA was signed",
        ),
        field(
            "contract_review",
            Date,
            "when the contract was last reviewed",
        ),
        field(
            "contact",
            Person,
            "the supplier's named contact (pseudonymised)",
        ),
    ],
};

/// The incident log.
pub const INCIDENTS: RegisterKind = RegisterKind {
    source: SourceKind::Incidents,
    unit: "incidents",
    reading: "read and parse the incident log",
    allows_no_rows: true,
    fields: &[
        required("reference", Text, "the incident's reference"),
        required("opened", Date, "when it was logged"),
        field(
            "discovered",
            Date,
            "when the organisation became aware of it",
        ),
        field("category", Text, "e.g. phishing, lost device"),
        field("personal_data_breach", YesNo, "a personal data breach"),
        field("reportable", YesNo, "reportable to the ICO"),
        field("high_risk", YesNo, "high risk to individuals"),
        field("severity", Text, "as the log grades it"),
        field("reported_to_ico", Date, "when it was reported to the ICO"),
        field(
            "individuals_informed",
            Date,
            "when affected individuals were told",
        ),
        field("reviewed", Date, "when its review was completed"),
        field("actions", Text, "the actions agreed"),
        field("closed", Date, "when it was closed"),
        field("reported_by", Person, "who reported it (pseudonymised)"),
    ],
};

/// The device-management export.
pub const DEVICES: RegisterKind = RegisterKind {
    source: SourceKind::Devices,
    unit: "devices",
    reading: "read and parse the device-management export",
    allows_no_rows: false,
    fields: &[
        required("device", Text, "the device name or serial"),
        field("owner", Person, "the primary user (pseudonymised)"),
        field("os", Text, "operating system"),
        field("os_version", Text, "its version"),
        field("encrypted", YesNo, "disk encryption on"),
        field(
            "antimalware_updated",
            Date,
            "anti-malware signatures last updated",
        ),
        field(
            "last_check_in",
            Date,
            "last contact with the management service",
        ),
        field(
            "compliant",
            YesNo,
            "the management service's compliance verdict",
        ),
        field("personal_data", YesNo, "reaches personal data"),
        field("active", YesNo, "in use"),
    ],
};

/// Every register.
pub const REGISTERS: [RegisterKind; 4] = [ASSETS, SUPPLIERS, INCIDENTS, DEVICES];

impl RegisterKind {
    /// Its name in the config and the evidence document (`assets`).
    pub fn name(&self) -> &'static str {
        self.source.as_str()
    }

    /// The problem with a column mapping, if any: a key that is not a field (with the key), or a
    /// required field left out.
    pub fn mapping_problem(
        &self,
        columns: &BTreeMap<String, ColumnSpec>,
    ) -> Option<(String, Option<String>)> {
        let name = self.name();
        if let Some(unknown) = columns
            .keys()
            .find(|key| !self.fields.iter().any(|f| f.key == key.as_str()))
        {
            let known: Vec<&str> = self.fields.iter().map(|f| f.key).collect();
            return Some((
                format!(
                    "`sources.{name}.columns.{unknown}` is not a field of the {name} register; the fields are: {}",
                    known.join(", ")
                ),
                Some(unknown.clone()),
            ));
        }
        if let Some(field) = self
            .fields
            .iter()
            .find(|f| f.kind != YesNo && matches!(columns.get(f.key), Some(ColumnSpec::Words(_))))
        {
            return Some((
                format!(
                    "`sources.{name}.columns.{}` lists yes/no words, but `{}` is not a yes/no field; name its column only",
                    field.key, field.key
                ),
                Some(field.key.to_string()),
            ));
        }
        self.fields
            .iter()
            .find(|f| f.required && !columns.contains_key(f.key))
            .map(|f| {
                let message = format!(
                    "`sources.{name}.columns` must name the column of `{}` ({})",
                    f.key, f.about
                );
                (message, None)
            })
    }
}

/// The column of one field: its header, or for a yes/no field, its header and the export's own
/// words for yes and no (`{column: Compliance, yes: [Compliant], no: [Noncompliant]}`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum ColumnSpec {
    /// The column header.
    Name(String),
    /// The header and the words.
    Words(ColumnWords),
}

/// A yes/no column with the export's own words.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnWords {
    /// The column header.
    pub column: String,
    /// Cells meaning yes, besides true/yes/y/1.
    #[serde(default)]
    pub yes: Vec<String>,
    /// Cells meaning no, besides false/no/n/0.
    #[serde(default)]
    pub no: Vec<String>,
}

impl ColumnSpec {
    /// The column header.
    pub fn column(&self) -> &str {
        match self {
            ColumnSpec::Name(name) => name,
            ColumnSpec::Words(words) => &words.column,
        }
    }

    fn words(&self) -> (&[String], &[String]) {
        match self {
            ColumnSpec::Name(_) => (&[], &[]),
            ColumnSpec::Words(words) => (&words.yes, &words.no),
        }
    }
}

impl From<&str> for ColumnSpec {
    fn from(name: &str) -> Self {
        ColumnSpec::Name(name.to_string())
    }
}

/// Which columns hold what, and the register's own dates (`sources.<name>` in dspt.yaml).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RegisterMapping {
    /// Field key → its column.
    pub columns: BTreeMap<String, ColumnSpec>,
    /// The day the export was taken (ISO).
    pub exported_on: Option<String>,
    /// The day the register as a whole was last reviewed (ISO).
    pub reviewed_on: Option<String>,
}

/// `input.assets`, `input.suppliers`, `input.incidents`, `input.devices`.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct RegisterSection {
    /// The exports read.
    pub exports: Vec<RegisterExport>,
    /// Every row, in file then row order.
    pub records: Vec<RegisterRecord>,
}

/// One export file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegisterExport {
    /// The file as given.
    pub file: String,
    /// Rows read.
    pub rows: usize,
    /// The day the export was taken, when the config says.
    pub exported_on: Option<String>,
    /// The day the register was last reviewed, when the config says.
    pub reviewed_on: Option<String>,
}

/// A typed cell.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Cell {
    /// Text, an ISO date or a pseudonym.
    Text(String),
    /// yes/no.
    YesNo(bool),
    /// Empty, or the field is not mapped.
    Empty,
}

/// One row: its fields by key, and where it came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegisterRecord {
    /// Field key → cell (every field of the register, `null` when unmapped or empty).
    #[serde(flatten)]
    pub fields: BTreeMap<&'static str, Cell>,
    /// The export file.
    pub file: String,
    /// 1-based line (CSV).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// JSON pointer of the record (JSON, YAML).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
}

/// Parses one export of `kind` from bytes.
pub fn parse_register(
    kind: &RegisterKind,
    file: &str,
    bytes: &[u8],
    mapping: &RegisterMapping,
    pseudonymiser: &Pseudonymiser,
) -> Result<(RegisterExport, Vec<RegisterRecord>), SourceError> {
    let table = if kind.allows_no_rows {
        Table::parse_allowing_no_rows(file, bytes)?
    } else {
        Table::parse(file, bytes)?
    };
    let mut columns = Vec::new();
    for field in kind.fields {
        let key = format!("columns.{}", field.key);
        let spec = mapping.columns.get(field.key);
        let index = table.optional_column(&key, spec.map(ColumnSpec::column))?;
        let (yes, no) = spec.map_or((&[][..], &[][..]), ColumnSpec::words);
        columns.push((field, index, yes, no));
    }
    let mut records = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        let cells = table.cells(row);
        let mut fields = BTreeMap::new();
        for (field, index, yes, no) in &columns {
            let cell = match field.kind {
                Text => cells.optional_text(*index).map(Cell::Text),
                Date => cells.date(*index)?.map(Cell::Text),
                YesNo => cells.boolean_with(*index, yes, no)?.map(Cell::YesNo),
                Person => cells
                    .optional_text(*index)
                    .map(|name| Cell::Text(pseudonymiser.pseudonym(&name))),
            };
            if field.required && cell.is_none() {
                return Err(SourceError::EmptyCell {
                    location: cells.location(),
                    column: mapping
                        .columns
                        .get(field.key)
                        .map(|spec| spec.column().to_string())
                        .unwrap_or_default(),
                });
            }
            fields.insert(field.key, cell.unwrap_or(Cell::Empty));
        }
        let (line, pointer) = match &row.place {
            RowPlace::Line(line) => (Some(*line), None),
            RowPlace::Pointer(pointer) => (None, Some(pointer.clone())),
        };
        records.push(RegisterRecord {
            fields,
            file: file.to_string(),
            line,
            pointer,
        });
    }
    let export = RegisterExport {
        file: file.to_string(),
        rows: records.len(),
        exported_on: mapping.exported_on.clone(),
        reviewed_on: mapping.reviewed_on.clone(),
    };
    Ok((export, records))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn suppliers_mapping() -> RegisterMapping {
        RegisterMapping {
            columns: BTreeMap::from([
                ("supplier".to_string(), ColumnSpec::from("Supplier")),
                (
                    "personal_data".to_string(),
                    ColumnSpec::from("Personal data"),
                ),
                (
                    "certificate_expires".to_string(),
                    ColumnSpec::from("Cert expiry"),
                ),
                ("contact".to_string(), ColumnSpec::from("Contact")),
            ]),
            exported_on: Some("2026-06-01".into()),
            reviewed_on: None,
        }
    }

    fn parse(
        kind: &RegisterKind,
        file: &str,
        text: &[u8],
    ) -> Result<Vec<RegisterRecord>, SourceError> {
        parse_register(
            kind,
            file,
            text,
            &suppliers_mapping(),
            &Pseudonymiser::new(b"k"),
        )
        .map(|(_, records)| records)
    }

    const HEADER: &str = "Supplier,Personal data,Cert expiry,Contact";

    #[test]
    fn cells_are_typed_and_people_pseudonymised() {
        let records = parse(
            &SUPPLIERS,
            "suppliers.csv",
            format!("{HEADER}\nHostCo,yes,31/12/2026,Jo Bloggs\n").as_bytes(),
        )
        .unwrap();
        let json = serde_json::to_value(&records[0]).unwrap();
        assert_eq!(json["supplier"], "HostCo");
        assert_eq!(json["personal_data"], true);
        assert_eq!(json["certificate_expires"], "2026-12-31");
        assert_eq!(json["dspt_status"], serde_json::Value::Null);
        assert_eq!(json["line"], 2);
        assert!(json["contact"].as_str().unwrap().starts_with("p-"));
        assert!(!json.to_string().contains("Bloggs"));
    }

    #[test]
    fn bad_cells_name_row_and_column() {
        let error = parse(
            &SUPPLIERS,
            "suppliers.csv",
            format!("{HEADER}\nHostCo,perhaps,31/12/2026,\n").as_bytes(),
        )
        .unwrap_err();
        assert_eq!(error.code(), "invalid-boolean");
        assert!(error.to_string().starts_with("suppliers.csv:2:"), "{error}");
        let error = parse(
            &SUPPLIERS,
            "suppliers.csv",
            format!("{HEADER}\nHostCo,yes,31/13/2026,\n").as_bytes(),
        )
        .unwrap_err();
        assert_eq!(error.code(), "invalid-date");
        assert!(error.to_string().contains("`Cert expiry`"), "{error}");
        let error = parse(
            &SUPPLIERS,
            "s.csv",
            format!("{HEADER}\n,yes,,\n").as_bytes(),
        )
        .unwrap_err();
        assert_eq!(error.code(), "empty-cell");
    }

    #[test]
    fn a_semicolon_export_is_named_as_such() {
        let error = parse(
            &SUPPLIERS,
            "s.csv",
            b"Supplier;Personal data;Cert expiry;Contact\nA;yes;;\n",
        )
        .unwrap_err();
        assert_eq!(error.code(), "missing-column");
        assert!(error.to_string().contains("delimited by ';'"), "{error}");
    }

    #[test]
    fn utf16_exports_from_excel_are_read() {
        let text = format!("{HEADER}\r\nHostCo,no,,\r\n");
        let mut bytes = vec![0xff, 0xfe];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let records = parse(&SUPPLIERS, "s.csv", &bytes).unwrap();
        assert_eq!(records[0].fields["personal_data"], Cell::YesNo(false));
    }

    #[test]
    fn json_and_yaml_records_carry_pointers() {
        let json = br#"{"value": [{"Supplier": "A", "Personal data": true, "Cert expiry": null, "Contact": "x@y"}]}"#;
        let records = parse(&SUPPLIERS, "s.json", json).unwrap();
        assert_eq!(records[0].pointer.as_deref(), Some("/value/0"));
        assert_eq!(records[0].fields["personal_data"], Cell::YesNo(true));
        let yaml =
            b"- Supplier: A\n  Personal data: no\n  Cert expiry: 2027-01-01\n  Contact: Jo\n";
        let records = parse(&SUPPLIERS, "s.yaml", yaml).unwrap();
        assert_eq!(records[0].pointer.as_deref(), Some("/0"));
        assert_eq!(
            records[0].fields["certificate_expires"],
            Cell::Text("2027-01-01".into())
        );
    }

    #[test]
    fn an_incident_log_may_be_empty_but_not_headerless() {
        let mapping = RegisterMapping {
            columns: BTreeMap::from([
                ("reference".to_string(), ColumnSpec::from("Ref")),
                ("opened".to_string(), ColumnSpec::from("Opened")),
            ]),
            ..RegisterMapping::default()
        };
        let pseudonymiser = Pseudonymiser::new(b"k");
        let (export, records) = parse_register(
            &INCIDENTS,
            "i.csv",
            b"Ref,Opened\n",
            &mapping,
            &pseudonymiser,
        )
        .unwrap();
        assert_eq!((export.rows, records.len()), (0, 0));
        let error = parse_register(&INCIDENTS, "i.csv", b"", &mapping, &pseudonymiser).unwrap_err();
        assert_eq!(error.code(), "no-rows");
        let error = parse_register(&ASSETS, "a.csv", b"Ref,Opened\n", &mapping, &pseudonymiser)
            .unwrap_err();
        assert_eq!(error.code(), "no-rows");
    }

    #[test]
    fn an_export_s_own_yes_no_words_are_read() {
        let mut mapping = suppliers_mapping();
        mapping.columns.insert(
            "personal_data".into(),
            ColumnSpec::Words(ColumnWords {
                column: "Personal data".into(),
                yes: vec!["Processes".into()],
                no: vec!["None".into()],
            }),
        );
        let read = |cell: &str| {
            parse_register(
                &SUPPLIERS,
                "s.csv",
                format!("{HEADER}\nA,{cell},,\n").as_bytes(),
                &mapping,
                &Pseudonymiser::new(b"k"),
            )
            .map(|(_, records)| records[0].fields["personal_data"].clone())
        };
        assert_eq!(read("processes").unwrap(), Cell::YesNo(true));
        assert_eq!(read("None").unwrap(), Cell::YesNo(false));
        assert_eq!(read("yes").unwrap(), Cell::YesNo(true));
        assert_eq!(read("Maybe").unwrap_err().code(), "invalid-boolean");
        let columns = BTreeMap::from([(
            "supplier".to_string(),
            ColumnSpec::Words(ColumnWords {
                column: "S".into(),
                yes: vec![],
                no: vec![],
            }),
        )]);
        let (problem, _) = SUPPLIERS.mapping_problem(&columns).unwrap();
        assert!(problem.contains("not a yes/no field"), "{problem}");
    }

    #[test]
    fn mappings_are_checked_against_the_fields() {
        let mut columns = BTreeMap::from([("asset".to_string(), ColumnSpec::from("Name"))]);
        assert_eq!(ASSETS.mapping_problem(&columns), None);
        columns.insert("ownr".into(), ColumnSpec::from("Owner"));
        let (problem, key) = ASSETS.mapping_problem(&columns).unwrap();
        assert!(problem.contains("columns.ownr"));
        assert_eq!(key.as_deref(), Some("ownr"));
        let (problem, _) = INCIDENTS.mapping_problem(&BTreeMap::new()).unwrap();
        assert!(problem.contains("`reference`"), "{problem}");
    }
}
