//! Comparing two assessments: which items and checks changed outcome, and which findings are
//! new, fixed or still open (matched by check id and stable fingerprint, so moved lines and
//! reworded messages do not count as change).
//!
//! Both sides are [`Assessment`]s: one made in this process, or a saved report read back with
//! [`Assessment::from_json`], so last year's saved report compares with this year's run.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::model::{Date, FindingLevel, Outcome, OverallStatus, Status};
use crate::results::{Assessment, CheckResult, Finding};

/// Schema id of the JSON form of an [`OutcomeComparison`].
pub const COMPARISON_SCHEMA: &str = "dspt/comparison/v1";

/// Each check of an assessment once (a check serving several items appears under each), by id.
fn checks_by_id(assessment: &Assessment) -> BTreeMap<&str, &CheckResult> {
    assessment
        .check_results()
        .into_iter()
        .map(|check| (check.id.as_str(), check))
        .collect()
}

/// One side of a comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AssessmentLabel {
    /// The report file, or the revision it was run at.
    pub label: String,
    /// The day it speaks for.
    pub as_of: Date,
    /// Its framework.
    pub framework: String,
    /// Its overall status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overall: Option<OverallStatus>,
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
    pub before: Option<Status>,
    /// Status after.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<Status>,
    /// How it moved.
    pub change: OutcomeChangeKind,
}

/// A finding as a comparison shows it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct FindingRef {
    /// The check.
    pub check: String,
    /// Which rule produced it.
    pub level: FindingLevel,
    /// File.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// Resource address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    /// Pseudonymous record.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<String>,
    /// Message.
    pub msg: String,
    /// Stable identity.
    pub fingerprint: String,
}

impl FindingRef {
    /// A finding of `check` as a comparison shows it.
    pub fn of(check: &str, finding: &Finding) -> FindingRef {
        FindingRef {
            check: check.to_string(),
            level: finding.level,
            file: finding.file.clone(),
            line: finding.line,
            resource: finding.resource.clone(),
            record: finding.record.clone(),
            msg: finding.msg.clone(),
            fingerprint: finding.fingerprint.clone(),
        }
    }

    /// Where it points: resource, record, else file and line.
    pub fn place(&self) -> String {
        crate::results::finding_place(
            self.resource.as_deref(),
            self.record.as_deref(),
            self.file.as_deref(),
            self.line,
        )
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

fn classify(before: Option<Status>, after: Option<Status>) -> Option<OutcomeChangeKind> {
    let kind = match (before, after) {
        (None, None) => return None,
        (Some(b), Some(a)) if a == b => return None,
        (None, Some(_)) => OutcomeChangeKind::Added,
        (Some(_), None) => OutcomeChangeKind::Removed,
        (Some(b), Some(a)) if a.is_failing() && !b.is_failing() => OutcomeChangeKind::Regressed,
        (Some(b), Some(a)) if b.is_failing() && a.is_good() => OutcomeChangeKind::Fixed,
        (Some(_), Some(a)) if a.is_not_assessed() => OutcomeChangeKind::NewlyNotAssessed,
        _ => OutcomeChangeKind::Changed,
    };
    Some(kind)
}

fn label(assessment: &Assessment, label: &str) -> AssessmentLabel {
    AssessmentLabel {
        label: label.to_string(),
        as_of: assessment.assessment.as_of,
        framework: assessment.assessment.framework.clone(),
        overall: assessment.summary.overall,
    }
}

/// Compares `base` (older) with `head` (newer); the labels name them in reports.
pub fn compare_assessments(
    base: &Assessment,
    base_label: &str,
    head: &Assessment,
    head_label: &str,
) -> OutcomeComparison {
    let mut items = Vec::new();
    for item in &head.items {
        let before = base.items.iter().find(|i| i.id == item.id);
        let status = |i: &crate::results::ItemResult| Status::Item(i.status);
        if let Some(change) = classify(before.map(status), Some(status(item))) {
            items.push(StatusChange {
                id: item.id.to_string(),
                title: item.title.clone(),
                mandatory: Some(item.mandatory),
                before: before.map(status),
                after: Some(status(item)),
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
            id: item.id.to_string(),
            title: item.title.clone(),
            mandatory: Some(item.mandatory),
            before: Some(Status::Item(item.status)),
            after: None,
            change: OutcomeChangeKind::Removed,
        });
    }

    let (old_checks, new_checks) = (checks_by_id(base), checks_by_id(head));
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
                let finding = FindingRef::of(id, finding);
                found.insert((id.to_string(), finding.fingerprint.clone()), finding);
            }
        }
        let status = |c: Option<&&CheckResult>| c.map(|c| Status::Check(c.status));
        if let Some(change) = classify(status(before), status(after)) {
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
    use crate::model::{CheckStatus, ItemStatus};

    fn report(status: ItemStatus, check: CheckStatus, fingerprints: &[&str]) -> Assessment {
        let mut assessment = crate::report::sample::assessment();
        assessment.items.truncate(1);
        assessment.unmapped_checks.clear();
        let item = &mut assessment.items[0];
        item.status = status;
        item.checks.truncate(1);
        let template = crate::report::sample::assessment()
            .check_results()
            .iter()
            .flat_map(|c| c.findings.clone())
            .next()
            .unwrap();
        item.checks[0].status = check;
        item.checks[0].findings = fingerprints
            .iter()
            .map(|f| Finding {
                level: FindingLevel::Deny,
                msg: format!("finding {f}"),
                fingerprint: f.to_string(),
                ..template.clone()
            })
            .collect();
        assessment
    }

    #[test]
    fn findings_are_matched_by_fingerprint() {
        let old = report(ItemStatus::Fail, CheckStatus::Fail, &["a", "b"]);
        let new = report(ItemStatus::Fail, CheckStatus::Fail, &["b", "c"]);
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
        let pass = || report(ItemStatus::Pass, CheckStatus::Pass, &[]);
        let fail = || report(ItemStatus::Fail, CheckStatus::Fail, &["a"]);
        let comparison = compare_assessments(&pass(), "old", &fail(), "new");
        assert_eq!(comparison.items[0].change, OutcomeChangeKind::Regressed);
        assert_eq!(comparison.checks[0].change, OutcomeChangeKind::Regressed);
        let back = compare_assessments(&fail(), "old", &pass(), "new");
        assert_eq!(back.items[0].change, OutcomeChangeKind::Fixed);
        let missing = report(ItemStatus::NotAssessed, CheckStatus::NotAssessed, &[]);
        let gone = compare_assessments(&pass(), "old", &missing, "new");
        assert_eq!(gone.items[0].change, OutcomeChangeKind::NewlyNotAssessed);
    }

    #[test]
    fn a_saved_report_compares_with_a_run_without_change() {
        let run = crate::report::sample::assessment();
        let saved = Assessment::from_json("r.json", &serde_json::to_vec(&run).unwrap()).unwrap();
        assert_eq!(saved, run);
        let comparison = compare_assessments(&saved, "saved", &run, "run");
        assert!(comparison.items.is_empty() && comparison.checks.is_empty());
        assert!(comparison.findings.new.is_empty() && comparison.findings.fixed.is_empty());
    }

    #[test]
    fn another_json_file_is_refused_where_it_is_wrong() {
        let error = Assessment::from_json("x.json", br#"{"schema": "dspt/diff/v1"}"#).unwrap_err();
        assert!(error.to_string().starts_with("x.json: "), "{error}");
        assert!(error.to_string().contains("dspt/diff/v1"), "{error}");
        let error = Assessment::from_json("x.json", b"{\n  \"schema\": ").unwrap_err();
        assert!(error.to_string().contains("x.json:2"), "{error}");
    }
}
