//! One canonical assessment shared by every reporter's snapshot test.

use crate::config::Organisation;
use crate::error::Location;
use crate::evidence::AssessmentFacts;
use crate::policy::metadata::{Severity, SourceKind};
use crate::results::*;

fn check(id: &str, status: CheckStatus, findings: Vec<Finding>) -> CheckResult {
    CheckResult {
        id: id.to_string(),
        title: format!("{id} control holds"),
        severity: Severity::High,
        sources: vec![SourceKind::Terraform],
        policy: format!("policies/checks/{id}.rego"),
        status,
        reason: (status == CheckStatus::NotAssessed)
            .then(|| "no hr evidence was given".to_string()),
        findings,
    }
}

pub(crate) fn assessment() -> Assessment {
    let facts = AssessmentFacts {
        as_of: "2026-06-30".to_string(),
        framework: "dspt-supplier".to_string(),
        organisation: Organisation {
            name: Some("Example Ltd".to_string()),
            organisation_type: Some("it-supplier".to_string()),
        },
    };
    let failing = check(
        "TF-ENC-001",
        CheckStatus::Fail,
        vec![
            Finding {
                level: FindingLevel::Deny,
                file: Some("plan.json".into()),
                line: None,
                resource: Some("aws_db_instance.main".into()),
                record: None,
                pointer: None,
                msg: "database is not encrypted at rest".into(),
            },
            Finding {
                level: FindingLevel::Warn,
                file: Some("plan.json".into()),
                line: None,
                resource: Some("aws_rds_cluster.c".into()),
                record: None,
                pointer: None,
                msg: "encryption is known only after apply".into(),
            },
        ],
    );
    let dependabot = check(
        "REPO-DEP-001",
        CheckStatus::Error,
        vec![Finding {
            level: FindingLevel::Error,
            file: Some(".github/dependabot.yml".into()),
            line: Some(4),
            resource: None,
            record: None,
            pointer: None,
            msg: "dependabot.yml cannot be parsed".into(),
        }],
    );
    let items = vec![
        ItemResult {
            id: "6.1.1".into(),
            title: "Breaches can be reported".into(),
            mandatory: true,
            status: ItemStatus::Pass,
            guidance: None,
            checks: vec![check("REPO-SEC-001", CheckStatus::Pass, Vec::new())],
        },
        ItemResult {
            id: "8.3.1".into(),
            title: "Updates are installed promptly".into(),
            mandatory: true,
            status: ItemStatus::Error,
            guidance: None,
            checks: vec![dependabot],
        },
        ItemResult {
            id: "9.5".into(),
            title: "Systems are securely configured".into(),
            mandatory: false,
            status: ItemStatus::Fail,
            guidance: None,
            checks: vec![failing],
        },
        ItemResult {
            id: "3.2.1".into(),
            title: "Staff are trained".into(),
            mandatory: true,
            status: ItemStatus::NotAssessed,
            guidance: None,
            checks: vec![check("HR-TRN-001", CheckStatus::NotAssessed, Vec::new())],
        },
        ItemResult {
            id: "7.1.1".into(),
            title: "An asset register is kept".into(),
            mandatory: true,
            status: ItemStatus::Manual,
            guidance: Some("A register reviewed in the last 12 months".into()),
            checks: Vec::new(),
        },
    ];
    let mut assessment = Assessment {
        schema: ASSESSMENT_SCHEMA,
        assessment: facts,
        summary: Summary::default(),
        sources: vec![
            SourceSummary {
                source: SourceKind::Repository,
                files: vec!["repo".into()],
                count: 12,
                unit: "files".into(),
            },
            SourceSummary {
                source: SourceKind::Terraform,
                files: vec!["plan.json".into()],
                count: 0,
                unit: "resources".into(),
            },
        ],
        diagnostics: vec![Diagnostic {
            location: Location::at(".github/dependabot.yml", 4, Some(3)),
            message: "did not find expected key".into(),
        }],
        items,
        unmapped_checks: Vec::new(),
    };
    assessment.summary = crate::assess::summarise(&assessment);
    assessment
}
