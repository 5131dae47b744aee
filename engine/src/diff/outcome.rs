//! Comparing two assessments: which items and checks changed outcome, and which findings are
//! new, fixed or still open (matched by check id and stable fingerprint, so moved lines and
//! reworded messages do not count as change).
//!
//! Assessments are read through a narrow view of the `dspt/assessment/v1` JSON, so last year's
//! saved report compares with this year's run.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::error::{Location, RevisionError};
use crate::results::{ASSESSMENT_SCHEMA, Assessment};
use crate::sources::files::json_message;

/// Schema id of the JSON form of an [`OutcomeComparison`].
pub const COMPARISON_SCHEMA: &str = "dspt/comparison/v1";

/// The parts of an assessment a comparison reads.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AssessmentView {
    schema: String,
    assessment: FactsView,
    summary: SummaryView,
    #[serde(default)]
    items: Vec<ItemView>,
    #[serde(default)]
    unmapped_checks: Vec<CheckView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
struct FactsView {
    as_of: String,
    framework: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
struct SummaryView {
    #[serde(default)]
    overall: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
struct ItemView {
    id: String,
    title: String,
    #[serde(default)]
    mandatory: bool,
    status: String,
    #[serde(default)]
    checks: Vec<CheckView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
struct CheckView {
    id: String,
    title: String,
    status: String,
    #[serde(default)]
    findings: Vec<FindingRef>,
}

impl AssessmentView {
    /// Reads a JSON report (`dspt check --format json`); `file` names it in errors.
    pub fn parse(file: &str, bytes: &[u8]) -> Result<AssessmentView, RevisionError> {
        let value: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|error| RevisionError::NotAnAssessment {
                location: Location::at(file, error.line(), Some(error.column())),
                message: format!("invalid JSON: {}", json_message(&error)),
            })?;
        let schema = value.get("schema").and_then(serde_json::Value::as_str);
        if schema != Some(ASSESSMENT_SCHEMA) {
            return Err(RevisionError::NotAnAssessment {
                location: Location::file(file),
                message: format!(
                    "`schema` is {}, not `{ASSESSMENT_SCHEMA}`",
                    schema.map_or_else(|| "missing".to_string(), |s| format!("`{s}`"))
                ),
            });
        }
        serde_json::from_value(value).map_err(|error| RevisionError::NotAnAssessment {
            location: Location::file(file),
            message: error.to_string(),
        })
    }

    /// The view of an assessment made in this process.
    pub fn of(assessment: &Assessment) -> Result<AssessmentView, RevisionError> {
        let bytes =
            serde_json::to_vec(assessment).map_err(|error| RevisionError::NotAnAssessment {
                location: Location::file("(this run)"),
                message: error.to_string(),
            })?;
        AssessmentView::parse("(this run)", &bytes)
    }

    /// Each check once (a check serving several items appears under each), by id.
    fn checks(&self) -> BTreeMap<&str, &CheckView> {
        self.items
            .iter()
            .flat_map(|item| item.checks.iter())
            .chain(self.unmapped_checks.iter())
            .map(|check| (check.id.as_str(), check))
            .collect()
    }
}

/// One side of a comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AssessmentLabel {
    /// The report file, or the revision it was run at.
    pub label: String,
    /// The day it speaks for.
    pub as_of: String,
    /// Its framework.
    pub framework: String,
    /// Its overall status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overall: Option<String>,
}

/// How an outcome moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeChangeKind {
    /// Now failing (or in error) where it was not.
    Regressed,
    /// Failing before, passing (or attested) now.
    Fixed,
    /// Assessed before, no longer (its evidence is missing, or it is new and cannot run).
    NewlyNotAssessed,
    /// Only in the newer assessment.
    Added,
    /// Only in the older one.
    Removed,
    /// Any other move (manual → attested, pass → waived).
    Changed,
}

/// An item or check whose status changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusChange {
    /// Item or check id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// For items: whether Standards Met needs it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mandatory: Option<bool>,
    /// Status before.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<String>,
    /// Status after.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    /// How it moved.
    pub change: OutcomeChangeKind,
}

/// A finding as a comparison shows it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
pub struct FindingRef {
    /// The check (filled in from the report's structure).
    #[serde(default)]
    pub check: String,
    /// `deny`, `warn` or `error`.
    pub level: String,
    /// File.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// Resource address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    /// Pseudonymous record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<String>,
    /// Message.
    pub msg: String,
    /// Stable identity.
    pub fingerprint: String,
}

impl FindingRef {
    /// Where it points: resource, record, else file and line.
    pub fn place(&self) -> String {
        if let Some(resource) = &self.resource {
            return resource.clone();
        }
        if let Some(record) = &self.record {
            return record.clone();
        }
        match (&self.file, self.line) {
            (Some(file), Some(line)) => format!("{file}:{line}"),
            (Some(file), None) => file.clone(),
            _ => String::new(),
        }
    }
}

/// Findings matched by check and fingerprint.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FindingChanges {
    /// Only in the newer assessment.
    pub new: Vec<FindingRef>,
    /// Only in the older one.
    pub fixed: Vec<FindingRef>,
    /// In both (as the newer one words it).
    pub still_open: Vec<FindingRef>,
}

/// How outcomes changed between two assessments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutcomeComparison {
    /// Always [`COMPARISON_SCHEMA`].
    pub schema: &'static str,
    /// The older assessment.
    pub base: AssessmentLabel,
    /// The newer one.
    pub head: AssessmentLabel,
    /// Items whose status changed, in the newer assessment's order, then removed ones.
    pub items: Vec<StatusChange>,
    /// Checks whose status changed, by id.
    pub checks: Vec<StatusChange>,
    /// Findings new, fixed and still open.
    pub findings: FindingChanges,
}

impl OutcomeComparison {
    /// Whether any item or check got worse, or a finding is new.
    pub fn has_regressions(&self) -> bool {
        !self.findings.new.is_empty()
            || self
                .items
                .iter()
                .chain(&self.checks)
                .any(|c| c.change == OutcomeChangeKind::Regressed)
    }
}

fn failing(status: &str) -> bool {
    matches!(status, "fail" | "error")
}

fn classify(before: Option<&str>, after: Option<&str>) -> Option<OutcomeChangeKind> {
    let kind = match (before, after) {
        (None, None) => return None,
        (Some(b), Some(a)) if a == b => return None,
        (None, Some(_)) => OutcomeChangeKind::Added,
        (Some(_), None) => OutcomeChangeKind::Removed,
        (Some(b), Some(a)) if failing(a) && !failing(b) => OutcomeChangeKind::Regressed,
        (Some(b), Some(a)) if failing(b) && matches!(a, "pass" | "attested") => {
            OutcomeChangeKind::Fixed
        }
        (Some(_), Some("not_assessed")) => OutcomeChangeKind::NewlyNotAssessed,
        _ => OutcomeChangeKind::Changed,
    };
    Some(kind)
}

fn label(view: &AssessmentView, label: &str) -> AssessmentLabel {
    AssessmentLabel {
        label: label.to_string(),
        as_of: view.assessment.as_of.clone(),
        framework: view.assessment.framework.clone(),
        overall: view.summary.overall.clone(),
    }
}

/// Compares `base` (older) with `head` (newer); the labels name them in reports.
pub fn compare_assessments(
    base: &AssessmentView,
    base_label: &str,
    head: &AssessmentView,
    head_label: &str,
) -> OutcomeComparison {
    let mut items = Vec::new();
    for item in &head.items {
        let before = base.items.iter().find(|i| i.id == item.id);
        if let Some(change) = classify(before.map(|i| i.status.as_str()), Some(&item.status)) {
            items.push(StatusChange {
                id: item.id.clone(),
                title: item.title.clone(),
                mandatory: Some(item.mandatory),
                before: before.map(|i| i.status.clone()),
                after: Some(item.status.clone()),
                change,
            });
        }
    }
    for item in base
        .items
        .iter()
        .filter(|i| !head.items.iter().any(|h| h.id == i.id))
    {
        items.push(StatusChange {
            id: item.id.clone(),
            title: item.title.clone(),
            mandatory: Some(item.mandatory),
            before: Some(item.status.clone()),
            after: None,
            change: OutcomeChangeKind::Removed,
        });
    }

    let (old_checks, new_checks) = (base.checks(), head.checks());
    let ids: BTreeSet<&str> = old_checks
        .keys()
        .chain(new_checks.keys())
        .copied()
        .collect();
    let mut checks = Vec::new();
    let mut old_findings = BTreeMap::new();
    let mut new_findings = BTreeMap::new();
    for id in ids {
        let (before, after) = (old_checks.get(id), new_checks.get(id));
        for (side, found) in [(before, &mut old_findings), (after, &mut new_findings)] {
            for finding in side.into_iter().flat_map(|c| &c.findings) {
                let mut finding = finding.clone();
                finding.check = id.to_string();
                found.insert((id.to_string(), finding.fingerprint.clone()), finding);
            }
        }
        let status = |c: Option<&&CheckView>| c.map(|c| c.status.clone());
        if let Some(change) = classify(
            before.map(|c| c.status.as_str()),
            after.map(|c| c.status.as_str()),
        ) {
            checks.push(StatusChange {
                id: id.to_string(),
                title: after
                    .or(before)
                    .map(|c| c.title.clone())
                    .unwrap_or_default(),
                mandatory: None,
                before: status(before),
                after: status(after),
                change,
            });
        }
    }
    let mut findings = FindingChanges::default();
    for (key, finding) in &new_findings {
        if old_findings.contains_key(key) {
            findings.still_open.push(finding.clone());
        } else {
            findings.new.push(finding.clone());
        }
    }
    for (key, finding) in &old_findings {
        if !new_findings.contains_key(key) {
            findings.fixed.push(finding.clone());
        }
    }
    for list in [
        &mut findings.new,
        &mut findings.fixed,
        &mut findings.still_open,
    ] {
        list.sort_by(|a, b| (&a.check, a.place(), &a.msg).cmp(&(&b.check, b.place(), &b.msg)));
    }
    OutcomeComparison {
        schema: COMPARISON_SCHEMA,
        base: label(base, base_label),
        head: label(head, head_label),
        items,
        checks,
        findings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(status: &str, fingerprints: &[&str]) -> AssessmentView {
        let findings: Vec<serde_json::Value> = fingerprints
            .iter()
            .map(|f| serde_json::json!({"level": "deny", "msg": format!("finding {f}"), "fingerprint": f, "file": "plan.json"}))
            .collect();
        let json = serde_json::json!({
            "schema": ASSESSMENT_SCHEMA,
            "assessment": {"as_of": "2026-06-30", "framework": "dspt-supplier"},
            "summary": {"overall": "standards-not-met"},
            "items": [{"id": "1.1.1", "title": "Item", "mandatory": true, "status": status,
                       "checks": [{"id": "TF-X", "title": "Check", "status": status, "findings": findings}]}],
            "unmapped_checks": []
        });
        AssessmentView::parse("r.json", json.to_string().as_bytes()).unwrap()
    }

    #[test]
    fn findings_are_matched_by_fingerprint() {
        let old = report("fail", &["a", "b"]);
        let new = report("fail", &["b", "c"]);
        let comparison = compare_assessments(&old, "old", &new, "new");
        let ids = |list: &[FindingRef]| {
            list.iter()
                .map(|f| f.fingerprint.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(&comparison.findings.new), ["c"]);
        assert_eq!(ids(&comparison.findings.fixed), ["a"]);
        assert_eq!(ids(&comparison.findings.still_open), ["b"]);
        assert!(comparison.items.is_empty());
        assert!(comparison.has_regressions());
    }

    #[test]
    fn statuses_are_classified() {
        let comparison =
            compare_assessments(&report("pass", &[]), "old", &report("fail", &["a"]), "new");
        assert_eq!(comparison.items[0].change, OutcomeChangeKind::Regressed);
        assert_eq!(comparison.checks[0].change, OutcomeChangeKind::Regressed);
        let back = compare_assessments(&report("fail", &["a"]), "old", &report("pass", &[]), "new");
        assert_eq!(back.items[0].change, OutcomeChangeKind::Fixed);
        let gone = compare_assessments(
            &report("pass", &[]),
            "old",
            &report("not_assessed", &[]),
            "new",
        );
        assert_eq!(gone.items[0].change, OutcomeChangeKind::NewlyNotAssessed);
    }

    #[test]
    fn another_json_file_is_refused() {
        let error = AssessmentView::parse("x.json", br#"{"schema": "dspt/diff/v1"}"#).unwrap_err();
        assert_eq!(error.code(), "not-an-assessment");
        assert!(error.to_string().contains("x.json"), "{error}");
        let error = AssessmentView::parse("x.json", b"{\n  \"schema\": ").unwrap_err();
        assert!(error.to_string().contains("x.json:2"), "{error}");
    }
}
