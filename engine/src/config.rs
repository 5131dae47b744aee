//! The configuration file (`dspt.yaml`): organisation, sources and their column mappings, extra
//! policy folders and parameter overrides.
//!
//! Unknown keys and wrong types are errors naming the key and the line: a misspelt threshold that
//! silently kept its default would make the gate say something the organisation did not ask.
//! Paths in the file are relative to the file's folder.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{ConfigError, Location};
use crate::model::{CheckId, Date, ItemId, Organisation, SourceKind};

use crate::sources::hr::{HrColumns, HrMapping};
use crate::sources::identity::IdentityColumns;
use crate::sources::register::{REGISTERS, RegisterMapping};

/// A loaded configuration file.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The file it was read from, when there was one.
    pub path: Option<PathBuf>,
    /// Organisation facts.
    pub organisation: Organisation,
    /// Catalogue to assess against.
    pub framework: Option<String>,
    /// Key for staff-id pseudonyms.
    pub pseudonym_key: Option<String>,
    /// Repository folder (resolved against the config's folder).
    pub repository: Option<PathBuf>,
    /// Plan files (resolved).
    pub terraform: Vec<PathBuf>,
    /// HR export files (resolved).
    pub hr_files: Vec<PathBuf>,
    /// HR column mapping.
    pub hr_mapping: Option<HrMapping>,
    /// The training needs analysis (resolved), when the config names one.
    pub hr_training_needs: Option<PathBuf>,
    /// Identity-provider exports (resolved).
    pub identity_files: Vec<PathBuf>,
    /// Identity column mapping.
    pub identity_columns: Option<IdentityColumns>,
    /// When the identity exports were taken.
    pub identity_exported_on: Option<Date>,
    /// The registers named (asset, supplier, incident, device), in `REGISTERS` order.
    pub registers: Vec<RegisterSource>,
    /// Vulnerability scan reports (resolved).
    pub scan_files: Vec<PathBuf>,
    /// Policy document folders (resolved).
    pub document_folders: Vec<PathBuf>,
    /// Attestations of manual items.
    pub attestations: Vec<AttestationEntry>,
    /// Exceptions approved as the toolkit allows.
    pub exceptions: Vec<ExceptionEntry>,
    /// Check ids turned off (reported as skipped).
    pub disable: Vec<String>,
    /// Organisation catalogue overlays (resolved).
    pub catalogues: Vec<PathBuf>,
    /// Waivers of findings.
    pub waivers: Vec<WaiverEntry>,
    /// Bounds on reading and evaluation.
    pub limits: Limits,
    /// Extra policy folders (resolved).
    pub policies: Vec<PathBuf>,
    /// Parameter overrides, as written.
    pub params: Option<serde_json::Value>,
    text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    organisation: Organisation,
    #[serde(default)]
    framework: Option<String>,
    #[serde(default)]
    pseudonym_key: Option<String>,
    #[serde(default)]
    sources: SourcesFile,
    #[serde(default)]
    policies: Vec<PathBuf>,
    #[serde(default)]
    params: Option<serde_json::Value>,
    #[serde(default)]
    attestations: Vec<AttestationEntry>,
    #[serde(default)]
    exceptions: Vec<ExceptionEntry>,
    #[serde(default)]
    disable: Vec<String>,
    #[serde(default)]
    catalogues: Vec<PathBuf>,
    #[serde(default)]
    waivers: Vec<WaiverEntry>,
    #[serde(default)]
    limits: Limits,
}

/// Bounds on what one run reads and how long a check may run (`limits:` in dspt.yaml).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// Seconds one check may evaluate before it is stopped and reported as `error`.
    pub check_seconds: u64,
    /// Largest repository file parsed, in bytes (larger ones are diagnostics).
    pub max_file_bytes: u64,
    /// Largest plan or export read, in bytes (a larger one stops the run).
    pub max_input_bytes: u64,
    /// Most files read from a repository (more stop the run).
    pub max_files: usize,
    /// Deepest JSON, YAML or TOML nesting given to the checks (deeper files are diagnostics).
    pub max_nesting: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            check_seconds: crate::policy::rego::DEFAULT_EVALUATION_LIMIT.as_secs(),
            max_file_bytes: crate::sources::repo::RepositoryLimits::default().max_file_bytes,
            max_input_bytes: crate::sources::DEFAULT_MAX_INPUT_BYTES,
            max_files: crate::sources::repo::RepositoryLimits::default().max_files,
            max_nesting: crate::sources::repo::RepositoryLimits::default().max_nesting,
        }
    }
}

/// One register named under `sources:`: its files and column mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterSource {
    /// Which register.
    pub kind: SourceKind,
    /// Its exports (resolved).
    pub files: Vec<PathBuf>,
    /// Its column mapping and dates.
    pub mapping: RegisterMapping,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RegisterFile {
    #[serde(default)]
    files: Vec<PathBuf>,
    #[serde(default)]
    exported_on: Option<Date>,
    #[serde(default)]
    reviewed_on: Option<Date>,
    columns: std::collections::BTreeMap<String, crate::sources::register::ColumnSpec>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScansFile {
    #[serde(default)]
    files: Vec<PathBuf>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct DocumentsFile {
    #[serde(default)]
    folders: Vec<PathBuf>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SourcesFile {
    #[serde(default)]
    repository: Option<PathBuf>,
    #[serde(default)]
    terraform: Vec<PathBuf>,
    #[serde(default)]
    hr: Option<HrFile>,
    #[serde(default)]
    identity: Option<IdentityFile>,
    #[serde(default)]
    assets: Option<RegisterFile>,
    #[serde(default)]
    suppliers: Option<RegisterFile>,
    #[serde(default)]
    incidents: Option<RegisterFile>,
    #[serde(default)]
    devices: Option<RegisterFile>,
    #[serde(default)]
    scans: Option<ScansFile>,
    #[serde(default)]
    documents: Option<DocumentsFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HrFile {
    #[serde(default)]
    files: Vec<PathBuf>,
    #[serde(default)]
    exported_on: Option<Date>,
    columns: HrColumns,
    #[serde(default)]
    courses: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    training_needs: Option<PathBuf>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct IdentityFile {
    #[serde(default)]
    files: Vec<PathBuf>,
    #[serde(default)]
    exported_on: Option<Date>,
    columns: IdentityColumns,
}

/// One waiver as written in the config.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WaiverEntry {
    /// The check whose findings it waives.
    pub check: CheckId,
    /// A glob over the finding's resource address, file or record (`aws_acm_certificate.*`);
    /// without one, every finding of the check.
    #[serde(default)]
    pub subject: Option<String>,
    /// Why the risk is accepted.
    pub reason: String,
    /// Who accepted it.
    pub approver: String,
    /// Last day it applies (inclusive). Required: a waiver without an end is a silent exception.
    pub expires: Date,
}

/// A manual item attested in the config: who, when, and where the evidence is.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttestationEntry {
    /// The evidence item attested (`7.1.1`).
    pub item: ItemId,
    /// Who attests (a name or role).
    pub by: String,
    /// When.
    pub date: Date,
    /// Link to the evidence.
    #[serde(default)]
    pub evidence: Option<String>,
    /// A note for the assessor.
    #[serde(default)]
    pub note: Option<String>,
}

/// An exception the toolkit itself allows (approved by the board or senior management, with a
/// date to review it), for items whose requirement provides for one. Unlike a waiver, an
/// in-date exception lets the item pass.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExceptionEntry {
    /// The evidence item (`4.5.3`); its catalogue entry must allow exceptions.
    pub item: ItemId,
    /// Only this check's findings, when given; else those of every check of the item.
    #[serde(default)]
    pub check: Option<CheckId>,
    /// The accounts, staff ids (as in the exports; pseudonymised like them) or resource
    /// addresses excepted.
    pub subjects: Vec<String>,
    /// Why.
    pub reason: String,
    /// Who approved it (the board, a named senior manager, a minute reference).
    pub approved_by: String,
    /// When it was approved.
    pub approved_on: Date,
    /// When it must be reviewed; past that day it excepts nothing and fails the gate.
    pub review_by: Date,
}

impl Config {
    /// Reads and validates a configuration file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let bytes = std::fs::read(path).map_err(|source| ConfigError::Unreadable {
            path: path.to_path_buf(),
            source,
        })?;
        let display = path.display().to_string();
        let text = String::from_utf8(bytes).map_err(|error| ConfigError::Invalid {
            location: Location::at(
                &display,
                crate::sources::text::invalid_utf8_line(&error),
                None,
            ),
            message: "not valid UTF-8".to_string(),
        })?;
        let base = path.parent().unwrap_or(Path::new(""));
        Config::parse(&display, &text, base).map(|config| Config {
            path: Some(path.to_path_buf()),
            ..config
        })
    }

    /// Parses configuration text; relative paths are resolved against `base`.
    pub fn parse(display: &str, text: &str, base: &Path) -> Result<Config, ConfigError> {
        let file: ConfigFile = if text.trim().is_empty() {
            ConfigFile {
                organisation: Organisation::default(),
                framework: None,
                pseudonym_key: None,
                sources: SourcesFile::default(),
                policies: Vec::new(),
                params: None,
                attestations: Vec::new(),
                exceptions: Vec::new(),
                disable: Vec::new(),
                catalogues: Vec::new(),
                waivers: Vec::new(),
                limits: Limits::default(),
            }
        } else {
            yaml_serde::from_str(text).map_err(|error| {
                let problem = crate::sources::files::yaml_problem(&error);
                ConfigError::Invalid {
                    location: problem.location(display),
                    message: problem.message,
                }
            })?
        };
        let resolve = |p: PathBuf| if p.is_absolute() { p } else { base.join(p) };
        let (hr_files, hr_mapping, hr_training_needs) = match file.sources.hr {
            Some(hr) => (
                hr.files.into_iter().map(resolve).collect(),
                Some(HrMapping {
                    columns: hr.columns,
                    courses: hr.courses,
                    exported_on: hr.exported_on.map(|d| d.iso()),
                }),
                hr.training_needs.map(resolve),
            ),
            None => (Vec::new(), None, None),
        };
        let (identity_files, identity_columns, identity_exported_on) = match file.sources.identity {
            Some(identity) => (
                identity.files.into_iter().map(resolve).collect(),
                Some(identity.columns),
                identity.exported_on,
            ),
            None => (Vec::new(), None, None),
        };
        let named_registers = [
            file.sources.assets,
            file.sources.suppliers,
            file.sources.incidents,
            file.sources.devices,
        ];
        let mut registers = Vec::new();
        for (kind, named) in REGISTERS.iter().zip(named_registers) {
            let Some(register) = named else {
                continue;
            };
            if let Some((message, key)) = kind.mapping_problem(&register.columns) {
                let mut keys = vec!["sources", kind.name(), "columns"];
                keys.extend(key.as_deref());
                return Err(ConfigError::Invalid {
                    location: locate_keys(display, text, &keys),
                    message,
                });
            }
            registers.push(RegisterSource {
                kind: kind.source,
                files: register.files.into_iter().map(resolve).collect(),
                mapping: RegisterMapping {
                    columns: register.columns,
                    exported_on: register.exported_on.map(|d| d.iso()),
                    reviewed_on: register.reviewed_on.map(|d| d.iso()),
                },
            });
        }
        Ok(Config {
            path: None,
            registers,
            scan_files: file
                .sources
                .scans
                .map(|scans| scans.files.into_iter().map(resolve).collect())
                .unwrap_or_default(),
            document_folders: file
                .sources
                .documents
                .map(|documents| documents.folders.into_iter().map(resolve).collect())
                .unwrap_or_default(),
            organisation: file.organisation,
            framework: file.framework,
            pseudonym_key: file.pseudonym_key,
            repository: file.sources.repository.map(resolve),
            terraform: file.sources.terraform.into_iter().map(resolve).collect(),
            hr_files,
            hr_training_needs,
            hr_mapping,
            identity_files,
            identity_columns,
            identity_exported_on,
            attestations: file.attestations,
            exceptions: file.exceptions,
            disable: file.disable,
            catalogues: file.catalogues.into_iter().map(resolve).collect(),
            waivers: file.waivers,
            limits: file.limits,
            policies: file.policies.into_iter().map(resolve).collect(),
            params: file.params,
            text: text.to_string(),
        })
    }

    /// Where a parameter key (`["hr", "training_threshold"]`) is written under `params:`, for errors.
    pub fn locate_param(&self, keys: &[String]) -> Location {
        let path = self
            .path
            .as_ref()
            .map_or_else(|| "dspt.yaml".to_string(), |p| p.display().to_string());
        let keys: Vec<&str> = std::iter::once("params")
            .chain(keys.iter().map(String::as_str))
            .collect();
        locate_keys(&path, &self.text, &keys)
    }

    /// The register named `kind` under `sources:`, when the config names it.
    pub fn register(&self, kind: SourceKind) -> Option<&RegisterSource> {
        self.registers.iter().find(|r| r.kind == kind)
    }
}

/// The line of the deepest of `keys` (each found after the one before) in YAML `text`.
fn locate_keys(path: &str, text: &str, keys: &[&str]) -> Location {
    let mut wanted = keys.iter().peekable();
    let mut line_found = None;
    for (number, line) in text.lines().enumerate() {
        let Some(key) = wanted.peek() else { break };
        let trimmed = line.trim_start();
        if trimmed
            .strip_prefix(**key)
            .is_some_and(|rest| rest.trim_start().starts_with(':'))
        {
            line_found = Some(number + 1);
            wanted.next();
        }
    }
    Location {
        path: path.to_string(),
        line: line_found,
        column: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse("dspt.yaml", text, Path::new("/org"))
    }

    #[test]
    fn paths_are_relative_to_the_config() {
        let config =
            parse("sources:\n  repository: repo\n  terraform: [plan.json, /abs/p.json]\n").unwrap();
        assert_eq!(config.repository, Some(PathBuf::from("/org/repo")));
        assert_eq!(
            config.terraform,
            [
                PathBuf::from("/org/plan.json"),
                PathBuf::from("/abs/p.json")
            ]
        );
    }

    #[test]
    fn unknown_keys_are_named_with_their_line() {
        let error = parse("organisation:\n  name: X\nsourcs:\n  terraform: []\n").unwrap_err();
        let message = error.to_string();
        assert!(
            message.starts_with("dspt.yaml:3:1: unknown field `sourcs`"),
            "{message}"
        );
    }

    #[test]
    fn wrong_types_are_named_with_their_line() {
        let error = parse("sources:\n  terraform: plan.json\n").unwrap_err();
        assert!(error.to_string().starts_with("dspt.yaml:2:"), "{error}");
    }

    #[test]
    fn hr_mapping_requires_a_staff_id_column() {
        let error = parse("sources:\n  hr:\n    files: [a.csv]\n    columns:\n      role: Job\n")
            .unwrap_err();
        assert!(error.to_string().contains("staff_id"), "{error}");
    }

    #[test]
    fn identity_sources_and_attestations_are_read() {
        let config = parse(
            "sources:\n  identity:\n    files: [idp/users.csv]\n    exported_on: 2026-06-29\n    columns:\n      account_id: upn\nattestations:\n  - item: '7.1.1'\n    by: Head of IT\n    date: 2026-05-01\n    evidence: https://intranet.example/register\n",
        )
        .unwrap();
        assert_eq!(config.identity_files, [PathBuf::from("/org/idp/users.csv")]);
        assert_eq!(
            config.identity_exported_on.map(|d| d.iso()).as_deref(),
            Some("2026-06-29")
        );
        assert_eq!(config.attestations[0].item, "7.1.1");
    }

    #[test]
    fn a_bad_date_is_named_with_its_line() {
        let error =
            parse("sources:\n  hr:\n    exported_on: 31/06/2026\n    columns: {staff_id: Id}\n")
                .unwrap_err();
        assert!(error.to_string().starts_with("dspt.yaml:3:"), "{error}");
        assert!(error.to_string().contains("not a date"), "{error}");
    }

    #[test]
    fn a_waiver_without_an_expiry_is_refused() {
        let error =
            parse("waivers:\n  - check: TF-REG-001\n    reason: r\n    approver: a\n").unwrap_err();
        assert!(
            error.to_string().contains("missing field `expires`"),
            "{error}"
        );
        assert!(
            parse(
                "waivers:\n  - {check: TF-REG-001, reason: r, approver: a, expires: 2026-12-31}\n"
            )
            .is_ok()
        );
    }

    #[test]
    fn checks_can_be_disabled() {
        assert_eq!(
            parse("disable: [TF-REG-001]\n").unwrap().disable,
            ["TF-REG-001"]
        );
    }

    #[test]
    fn an_empty_file_is_the_default() {
        assert!(parse("").unwrap().terraform.is_empty());
    }

    #[test]
    fn parameter_keys_are_located() {
        let config = parse("params:\n  hr:\n    training_threshold: 0.9\n").unwrap();
        let location = config.locate_param(&["hr".into(), "training_threshold".into()]);
        assert_eq!(location.line, Some(3));
    }
}
