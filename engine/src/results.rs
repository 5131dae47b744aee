//! The plain-data result model: findings, check and item results, the assessment, and the gate.
//! Reporters read it; nothing here knows how it is printed.

use serde::{Deserialize, Serialize};

use crate::error::{Location, SavedReportError};
use crate::model::{
    AchievementLevel, AssessmentFacts, Automation, CheckId, CheckStatus, ExceptionState,
    ExitStatus, FailOn, FindingLevel, ItemId, ItemStatus, OverallStatus, Severity, SourceKind,
    WaiverState,
};

/// Name and version of the JSON assessment schema.
pub const ASSESSMENT_SCHEMA: &str = "dspt/assessment/v1";

/// One finding of a check.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Finding {
    /// Which rule produced it.
    pub level: FindingLevel,
    /// Repository path, plan or export file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// 1-based line in `file`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// 1-based column in `file`, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<u64>,
    /// Terraform resource address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    /// Pseudonymous staff or account id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<String>,
    /// JSON pointer into the file's document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
    /// Which document of a multi-document YAML file `pointer` is in (0-based; absent for the first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<u64>,
    /// What is wrong.
    pub msg: String,
    /// Stable identity across runs (check id, subject and file; not the line or the wording
    /// when the finding has a subject), for baselines and SARIF.
    pub fingerprint: String,
    /// The approved exception that covers it, when one does: it stays in every report and does
    /// not fail the check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exception: Option<AppliedException>,
    /// The waiver that covers it, when one does: it no longer fails the gate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waiver: Option<AppliedWaiver>,
    /// Present in the baseline given with `--baseline`: known, so it does not fail the gate.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub known: bool,
}

/// Where a finding points, in one line: its resource, else its record, else its file and line.
pub fn finding_place(
    resource: Option<&str>,
    record: Option<&str>,
    file: Option<&str>,
    line: Option<u64>,
) -> String {
    match (resource.or(record), file, line) {
        (Some(subject), _, _) => subject.to_string(),
        (None, Some(file), Some(line)) => format!("{file}:{line}"),
        (None, Some(file), None) => file.to_string(),
        (None, None, _) => String::new(),
    }
}

/// A finding's stable identity: a hash of the check id, the rule, the file and the subject
/// (resource, record or pointer). Lines move and wording changes, so neither is part of it when
/// the finding has a subject; a finding with no subject is identified by its message.
pub fn fingerprint(
    check_id: &str,
    level: &FindingLevel,
    file: Option<&str>,
    resource: Option<&str>,
    record: Option<&str>,
    pointer: Option<&str>,
    msg: &str,
) -> String {
    use sha2::Digest;
    let has_subject = resource.is_some() || record.is_some() || pointer.is_some();
    let parts = [
        check_id,
        level.as_str(),
        file.unwrap_or_default(),
        resource.unwrap_or_default(),
        record.unwrap_or_default(),
        pointer.unwrap_or_default(),
        if has_subject { "" } else { msg },
    ];
    let digest = sha2::Sha256::digest(parts.join("\u{1f}").as_bytes());
    digest
        .iter()
        .take(8)
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// A waiver as applied to a finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct AppliedWaiver {
    /// Why the finding is accepted.
    pub reason: String,
    /// Who accepted it.
    pub approver: String,
    /// Last day it applies (ISO, inclusive).
    pub expires: String,
}

/// An approved exception as applied to a finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct AppliedException {
    /// The item whose exception it is.
    pub item: ItemId,
    /// Why.
    pub reason: String,
    /// Who approved it.
    pub approved_by: String,
    /// When it is to be reviewed (ISO).
    pub review_by: String,
}

/// An exception from the config and what became of it in this run.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ExceptionReport {
    /// The item.
    pub item: ItemId,
    /// The check it is limited to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check: Option<CheckId>,
    /// How many subjects it names.
    pub subjects: usize,
    /// Why.
    pub reason: String,
    /// Who approved it.
    pub approved_by: String,
    /// When (ISO).
    pub approved_on: String,
    /// Review date (ISO).
    pub review_by: String,
    /// What became of it.
    pub state: ExceptionState,
    /// Findings it covered.
    pub matched: usize,
    /// Why it fails the gate, when it does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
}

/// A waiver from the config and what became of it in this run.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct WaiverReport {
    /// The check it waives.
    pub check: CheckId,
    /// The resource, file or record pattern it is limited to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// Why.
    pub reason: String,
    /// Who approved it.
    pub approver: String,
    /// Last day it applies (ISO, inclusive).
    pub expires: String,
    /// `active`, `expiring` (within 30 days), `expired` (a failure) or `unused` (matched nothing).
    pub state: WaiverState,
    /// Findings it waived (or, expired, would have).
    pub matched: usize,
}

/// How far a join between two sources matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinCoverage {
    /// What was joined (`identity accounts to HR records`).
    pub between: String,
    /// Records that found their partner.
    pub matched: u64,
    /// Records with a key that matched nothing.
    pub unmatched: u64,
    /// Records with no key to join on.
    pub unjoinable: u64,
}

impl JoinCoverage {
    /// Every record the join considered.
    pub fn total(&self) -> u64 {
        self.matched + self.unmatched + self.unjoinable
    }
}

/// The result of one check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckResult {
    /// Check id.
    pub id: CheckId,
    /// The control, stated positively.
    pub title: String,
    /// Severity.
    pub severity: Severity,
    /// Sections it needs.
    pub sources: Vec<SourceKind>,
    /// The policy file.
    pub policy: String,
    /// Outcome.
    pub status: CheckStatus,
    /// Why it was not assessed, not applicable, skipped or in error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// For a check that joins two sources: how many records matched, did not, and could not
    /// be joined (no key).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub join: Option<JoinCoverage>,
    /// How many subjects (resources, files, workflows, staff records, accounts) it examined;
    /// absent when it did not run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub judged: Option<u64>,
    /// Findings, sorted.
    pub findings: Vec<Finding>,
}

/// The result of one evidence item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemResult {
    /// Item id (`6.1.1`).
    pub id: ItemId,
    /// Paraphrased requirement.
    pub title: String,
    /// Whether Standards Met needs it.
    pub mandatory: bool,
    /// Why its id, wording or mandatory flag is not confirmed by a public source, when not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provisional: Option<String>,
    /// Whether it counts towards Approaching Standards.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub approaching: bool,
    /// Outcome.
    pub status: ItemStatus,
    /// How far its evidence is automated.
    pub automation: Automation,
    /// What an assessor expects, for manual items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guidance: Option<String>,
    /// The attestation in the config, and whether it was accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attestation: Option<AttestationResult>,
    /// Achievement level reached (outcome-based frameworks), when the evidence decides it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<AchievementLevel>,
    /// The profile's expected level (outcome-based frameworks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_level: Option<AchievementLevel>,
    /// Results of the checks that evidence it.
    pub checks: Vec<CheckResult>,
}

/// An attestation of a manual item, as judged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttestationResult {
    /// Who attested.
    pub by: String,
    /// When (ISO).
    pub date: String,
    /// Link to the evidence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    /// Note for the assessor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Whether it counts.
    pub accepted: bool,
    /// Why not, when it does not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// How much of each source was evaluated: "0 resources" is a red flag, not a pass.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceSummary {
    /// Which source.
    pub source: SourceKind,
    /// Files read.
    pub files: Vec<String>,
    /// For each of `files`, in order: `sha256:<hex>` of the bytes assessed; for a repository,
    /// `git:<commit>` (the working tree of that commit's tracked files) or `unversioned`.
    pub digests: Vec<String>,
    /// Things evaluated.
    pub count: usize,
    /// What `count` counts (`files`, `resources`, `staff records`).
    pub unit: String,
}

/// A problem in the evidence that did not stop the run (a repository file that did not parse).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Where.
    pub location: Location,
    /// What.
    pub message: String,
}

/// Counts by status.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// Overall status.
    pub overall: Option<OverallStatus>,
    /// Items by status.
    pub items: std::collections::BTreeMap<ItemStatus, usize>,
    /// Checks by status (each check counted once).
    pub checks: std::collections::BTreeMap<CheckStatus, usize>,
    /// Mandatory items that neither pass nor are attested.
    pub mandatory_outstanding: Vec<ItemId>,
    /// Outcomes below the profile's expected level (outcome-based frameworks).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub below_profile: Vec<ItemId>,
    /// Items Approaching Standards needs that neither pass nor are attested, where the toolkit
    /// defines Approaching Standards for the organisation's type.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub approaching_outstanding: Vec<ItemId>,
    /// Why Approaching Standards is not computed, when it is not (not defined for this type).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approaching_note: Option<String>,
    /// Mandatory items whose id or flag is inferred rather than published: the overall status
    /// rests on them too.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub provisional_mandatory: Vec<ItemId>,
}

/// The schema marker of a JSON assessment: written as [`ASSESSMENT_SCHEMA`], and read only when
/// it is that.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AssessmentSchema;

impl Serialize for AssessmentSchema {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(ASSESSMENT_SCHEMA)
    }
}

impl<'de> Deserialize<'de> for AssessmentSchema {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let schema = String::deserialize(deserializer)?;
        if schema == ASSESSMENT_SCHEMA {
            Ok(AssessmentSchema)
        } else {
            Err(serde::de::Error::custom(format!(
                "`schema` is `{schema}`, not `{ASSESSMENT_SCHEMA}`"
            )))
        }
    }
}

/// Everything one run found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    /// Always [`ASSESSMENT_SCHEMA`]; a report of another schema is not read.
    pub schema: AssessmentSchema,
    /// The assessment facts.
    pub assessment: AssessmentFacts,
    /// Counts and overall status.
    pub summary: Summary,
    /// What each source contributed.
    pub sources: Vec<SourceSummary>,
    /// Evidence problems that did not stop the run.
    pub diagnostics: Vec<Diagnostic>,
    /// Items in catalogue order.
    pub items: Vec<ItemResult>,
    /// Checks that evidence no item applying to the organisation (organisation checks not yet
    /// mapped, or checks of items for another organisation type).
    pub unmapped_checks: Vec<CheckResult>,
    /// Every waiver in the config, and what it did.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub waivers: Vec<WaiverReport>,
    /// Every exception in the config, and what it did.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exceptions: Vec<ExceptionReport>,
    /// Whether a baseline was applied (findings it holds are marked `known`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub baseline: bool,
    /// Inventories the policies compiled from the evidence (e.g. `patient_data`: every resource
    /// holding patient data, with its region and protections), by name.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub inventories: std::collections::BTreeMap<String, serde_json::Value>,
}

impl Assessment {
    /// Reads a saved JSON report (`dspt check --format json`) back into the result model; `file`
    /// names it in errors, with the line and column where the JSON is wrong or not a report.
    pub fn from_json(file: &str, bytes: &[u8]) -> Result<Assessment, SavedReportError> {
        /// Only the schema: another JSON file is refused for what it is, not for the first
        /// field it lacks.
        #[derive(Deserialize)]
        struct SchemaProbe {
            schema: Option<serde_json::Value>,
        }
        let invalid = |error: serde_json::Error| SavedReportError {
            location: Location::at(file, error.line(), Some(error.column())),
            message: crate::sources::files::json_message(&error),
        };
        let probe: SchemaProbe = serde_json::from_slice(bytes).map_err(invalid)?;
        match probe.schema {
            Some(serde_json::Value::String(schema)) if schema == ASSESSMENT_SCHEMA => {}
            other => {
                let found = match other {
                    Some(serde_json::Value::String(schema)) => format!("`{schema}`"),
                    Some(value) => format!("`{value}`"),
                    None => "missing".to_string(),
                };
                return Err(SavedReportError {
                    location: Location::file(file),
                    message: format!("`schema` is {found}, not `{ASSESSMENT_SCHEMA}`"),
                });
            }
        }
        serde_json::from_slice(bytes).map_err(invalid)
    }

    /// Every distinct check result (a check serving several items is counted once), by id.
    pub fn check_results(&self) -> Vec<&CheckResult> {
        let mut checks: Vec<&CheckResult> = self
            .items
            .iter()
            .flat_map(|i| &i.checks)
            .chain(&self.unmapped_checks)
            .collect();
        checks.sort_by(|a, b| a.id.cmp(&b.id));
        checks.dedup_by(|a, b| a.id == b.id);
        checks
    }

    /// The gate: 2 when a check errored; 1 when a finding fails it (a `deny` finding, or with
    /// `FailOn::Warn` a `warn` finding, that is neither waived nor known from the baseline) or a
    /// waiver has expired; else 0.
    pub fn exit_status(&self, fail_on: FailOn) -> ExitStatus {
        let checks = self.check_results();
        if checks.iter().any(|c| c.status == CheckStatus::Error) {
            return ExitStatus::Error;
        }
        let gating = |finding: &Finding| {
            finding.waiver.is_none()
                && finding.exception.is_none()
                && !finding.known
                && (finding.level == FindingLevel::Deny
                    || (fail_on == FailOn::Warn && finding.level == FindingLevel::Warn))
        };
        let failing = checks.iter().any(|c| c.findings.iter().any(gating));
        let expired = self.waivers.iter().any(|w| w.state == WaiverState::Expired)
            || self.exceptions.iter().any(|e| {
                matches!(
                    e.state,
                    ExceptionState::Expired | ExceptionState::UnknownSubject
                )
            });
        if failing || expired {
            ExitStatus::Fail
        } else {
            ExitStatus::Pass
        }
    }
}
