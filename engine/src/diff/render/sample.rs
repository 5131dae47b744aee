//! The one diff and comparison every format's snapshot renders: one change of each kind, and an
//! impact with each kind of outcome move.

use serde_json::json;

use super::super::outcome::{
    AssessmentLabel, COMPARISON_SCHEMA, FindingChanges, FindingRef, OutcomeChangeKind,
    OutcomeComparison, StatusChange,
};
use super::super::{
    AttestationChange, AttestationChangeKind, AutomationChange, CheckChange, CheckChangeKind,
    DIFF_SCHEMA, DisabledChange, ExceptionChange, ItemRef, MappingChange, ParamChange,
    ParamVerdict, PolicyDiff, Presence, RevisionLabel, WaiverChange, WaiverChangeKind,
};
use crate::model::{CheckStatus, Date, FindingLevel, ItemStatus, OverallStatus, Status};

use crate::model::Automation;
use crate::policy::params::Weakening;

const OLD_REGO: &str = "package dspt.checks.org.readme\n\nimport rego.v1\n\ndeny contains {\"msg\": \"no README.md\"} if {\n\tnot input.repository.files[\"README.md\"]\n}\n";
const NEW_REGO: &str = "package dspt.checks.org.readme\n\nimport rego.v1\n\nreadme_paths := {\"README.md\", \"README\"}\n\ndeny contains {\"msg\": \"no README <at> the top\"} if {\n\tcount({p | some p in readme_paths; input.repository.files[p]}) == 0\n}\n";

fn item(id: &str, title: &str, mandatory: bool, weakened: bool) -> ItemRef {
    ItemRef {
        id: id.to_string(),
        title: title.to_string(),
        mandatory,
        weakened,
    }
}

fn finding(check: &str, resource: Option<&str>, msg: &str, fingerprint: &str) -> FindingRef {
    FindingRef {
        check: check.to_string(),
        level: FindingLevel::Deny,
        file: Some("plan.json".to_string()),
        line: None,
        resource: resource.map(str::to_string),
        record: None,
        msg: msg.to_string(),
        fingerprint: fingerprint.to_string(),
    }
}

fn status(
    id: &str,
    before: Option<Status>,
    after: Option<Status>,
    change: OutcomeChangeKind,
) -> StatusChange {
    StatusChange {
        id: id.to_string(),
        title: format!("Title of {id}"),
        mandatory: id.contains('.').then_some(true),
        before,
        after,
        change,
    }
}

pub(crate) fn comparison() -> OutcomeComparison {
    OutcomeComparison {
        schema: COMPARISON_SCHEMA,
        base: AssessmentLabel {
            label: "2025.json".to_string(),
            as_of: Date::parse("2025-06-30").unwrap(),
            framework: "dspt-supplier".to_string(),
            overall: Some(OverallStatus::StandardsMet),
        },
        head: AssessmentLabel {
            label: "2026.json".to_string(),
            as_of: Date::parse("2026-06-30").unwrap(),
            framework: "dspt-supplier".to_string(),
            overall: Some(OverallStatus::StandardsNotMet),
        },
        items: vec![
            status(
                "2.2.1",
                Some(Status::Item(ItemStatus::Pass)),
                Some(Status::Item(ItemStatus::Fail)),
                OutcomeChangeKind::Regressed,
            ),
            status(
                "6.1.1",
                Some(Status::Item(ItemStatus::Pass)),
                Some(Status::Item(ItemStatus::NotAssessed)),
                OutcomeChangeKind::NewlyNotAssessed,
            ),
            status(
                "9.5",
                Some(Status::Item(ItemStatus::Fail)),
                Some(Status::Item(ItemStatus::Pass)),
                OutcomeChangeKind::Fixed,
            ),
        ],
        checks: vec![
            status(
                "ORG-DOC-002",
                None,
                Some(Status::Check(CheckStatus::Fail)),
                OutcomeChangeKind::Added,
            ),
            status(
                "TF-ENC-001",
                Some(Status::Check(CheckStatus::Fail)),
                Some(Status::Check(CheckStatus::Pass)),
                OutcomeChangeKind::Fixed,
            ),
        ],
        findings: FindingChanges {
            new: vec![finding(
                "ORG-DOC-002",
                None,
                "no CONTRIBUTING.md | *here*",
                "aa11",
            )],
            fixed: vec![finding(
                "TF-ENC-001",
                Some("aws_s3_bucket.logs"),
                "bucket is not encrypted",
                "bb22",
            )],
            still_open: vec![finding(
                "TF-REG-001",
                Some("aws_db_instance.main"),
                "region us-east-1 is not allowed",
                "cc33",
            )],
        },
    }
}

pub(crate) fn diff() -> PolicyDiff {
    let strings = |ids: &[&str]| ids.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    PolicyDiff {
        schema: DIFF_SCHEMA,
        base: RevisionLabel {
            label: "main (3f2a1b9c)".to_string(),
            commit: Some("3f2a1b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a".to_string()),
        },
        head: RevisionLabel {
            label: "working tree".to_string(),
            commit: None,
        },
        framework: "dspt-supplier".to_string(),
        items: vec![
            item("2.2.1", "Contracts include data security requirements", true, false),
            item("3.1.2", "Training is delivered as the needs analysis requires", true, true),
            item("6.1.1", "A system to report incidents exists", true, true),
            item("7.1.1", "An asset register is kept & reviewed", true, false),
            item("9.5", "Cloud systems are securely configured", false, true),
        ],
        checks: vec![
            CheckChange {
                id: "ORG-DOC-001".into(),
                kind: CheckChangeKind::Changed,
                title: "The repository has a README".to_string(),
                base_path: Some("policies/org/readme.rego".to_string()),
                head_path: Some("policies/org/readme.rego".to_string()),
                items: strings(&["7.1.1"]),
                rego_diff: super::super::policy::unified(OLD_REGO, NEW_REGO, "policies/org/readme.rego", "policies/org/readme.rego"),
                metadata_diff: Some("--- a/policies/org/readme.rego\n+++ b/policies/org/readme.rego\n@@ -1,2 +1,2 @@\n id: ORG-DOC-001\n-severity: low\n+severity: medium\n".to_string()),
                base_source: Some(OLD_REGO.to_string()),
                head_source: Some(NEW_REGO.to_string()),
                weakens: false,
            },
            CheckChange {
                id: "ORG-DOC-002".into(),
                kind: CheckChangeKind::Added,
                title: "The repository says how to contribute".to_string(),
                base_path: None,
                head_path: Some("policies/org/contributing.rego".to_string()),
                items: strings(&["2.2.1"]),
                rego_diff: None,
                metadata_diff: None,
                base_source: None,
                head_source: None,
                weakens: false,
            },
            CheckChange {
                id: "ORG-OLD-001".into(),
                kind: CheckChangeKind::Removed,
                title: "An unmapped check".to_string(),
                base_path: Some("policies/org/old.rego".to_string()),
                head_path: None,
                items: Vec::new(),
                rego_diff: None,
                metadata_diff: None,
                base_source: None,
                head_source: None,
                weakens: true,
            },
        ],
        mapping: vec![MappingChange {
            item: "9.5".into(),
            check: "TF-PUB-002".to_string(),
            change: Presence::Removed,
            weakens: true,
        }],
        automation: vec![AutomationChange {
            item: "6.1.1".into(),
            before: Some(Automation::Partly),
            after: Some(Automation::Manual),
            weakens: true,
        }],
        disabled: vec![DisabledChange {
            check: "REPO-SEC-001".to_string(),
            change: Presence::Added,
            items: strings(&["6.1.1"]),
            weakens: true,
        }],
        params: vec![
            ParamChange {
                key: "hr.training_threshold".to_string(),
                base: json!(0.95),
                head: json!(0.9),
                added: Vec::new(),
                removed: Vec::new(),
                weakening: Some(Weakening::Lower),
                verdict: ParamVerdict::Weaker,
                checks: strings(&["HR-TRN-001"]),
                items: strings(&["3.1.2"]),
                weakens: true,
            },
            ParamChange {
                key: "terraform.allowed_regions".to_string(),
                base: json!(["eu-west-2"]),
                head: json!(["eu-west-2", "us-east-1"]),
                added: strings(&["us-east-1"]),
                removed: Vec::new(),
                weakening: Some(Weakening::More),
                verdict: ParamVerdict::Weaker,
                checks: strings(&["TF-REG-001"]),
                items: strings(&["9.5"]),
                weakens: true,
            },
        ],
        waivers: vec![WaiverChange {
            check: "TF-ENC-001".to_string(),
            subject: Some("aws_s3_bucket.legacy".to_string()),
            kind: WaiverChangeKind::Extended,
            base_expires: Some("2026-09-30".to_string()),
            head_expires: Some("2027-03-31".to_string()),
            reason: "Migrating to the new bucket in Q1".to_string(),
            approver: "CISO".to_string(),
            items: strings(&["9.5"]),
            weakens: true,
        }],
        exceptions: vec![ExceptionChange {
            item: "4.5.3".into(),
            check: Some("IDN-MFA-001".into()),
            kind: WaiverChangeKind::Changed,
            base_review_by: Some("2027-03-01".to_string()),
            head_review_by: Some("2027-03-01".to_string()),
            subjects_added: strings(&["svc-backup@example.org"]),
            subjects_removed: Vec::new(),
            reason: "Service accounts with hardware keys kept in the safe".to_string(),
            approved_by: "Board, minute 2026/14".to_string(),
            weakens: true,
        }],
        attestations: vec![AttestationChange {
            item: "7.1.1".into(),
            kind: AttestationChangeKind::Renewed,
            base_date: Some("2025-03-30".to_string()),
            head_date: Some("2026-03-30".to_string()),
            by: "Head of IT".to_string(),
            evidence: Some("https://intranet.example/assets".to_string()),
        }],
        weakened_mandatory: strings(&["3.1.2", "6.1.1"]),
        weakened_unscoped: 1,
        impact: Some(comparison()),
    }
}
