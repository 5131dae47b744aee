//! One canonical assessment shared by every reporter's snapshot test.

use crate::error::Location;
use crate::model::*;

use crate::results::*;

fn check(id: &str, status: CheckStatus, findings: Vec<Finding>) -> CheckResult {
    CheckResult {
        id: id.into(),
        title: format!("{id} control holds"),
        severity: Severity::High,
        sources: vec![SourceKind::Terraform],
        policy: format!("policies/checks/{id}.rego"),
        status,
        reason: (status == CheckStatus::NotAssessed)
            .then(|| "no hr evidence was given".to_string()),
        judged: (status != CheckStatus::NotAssessed).then_some(3),
        join: None,
        findings,
    }
}

fn item(
    id: &str,
    title: &str,
    mandatory: bool,
    status: ItemStatus,
    checks: Vec<CheckResult>,
) -> ItemResult {
    ItemResult {
        id: id.into(),
        title: title.to_string(),
        mandatory,
        provisional: None,
        approaching: false,
        status,
        automation: if checks.is_empty() {
            Automation::Manual
        } else {
            Automation::Automated
        },
        guidance: None,
        attestation: None,
        level: None,
        expected_level: None,
        checks,
    }
}

pub(crate) fn assessment() -> Assessment {
    let facts = AssessmentFacts {
        as_of: Date::parse("2026-06-30").unwrap(),
        framework: "dspt-supplier".to_string(),
        organisation: Organisation {
            name: Some("Example Ltd".to_string()),
            organisation_type: Some("it-supplier".into()),
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
                column: None,
                resource: Some("aws_db_instance.main".into()),
                record: None,
                pointer: None,
                document: None,
                msg: "database is not encrypted at rest".into(),
                fingerprint: crate::results::fingerprint(
                    "X",
                    &FindingLevel::Deny,
                    None,
                    None,
                    None,
                    None,
                    "database is not encrypted at rest",
                ),
                exception: None,
                waiver: None,
                known: false,
            },
            Finding {
                level: FindingLevel::Warn,
                file: Some("plan.json".into()),
                line: None,
                column: None,
                resource: Some("aws_rds_cluster.c".into()),
                record: None,
                pointer: None,
                document: None,
                msg: "encryption is known only after apply".into(),
                fingerprint: crate::results::fingerprint(
                    "X",
                    &FindingLevel::Deny,
                    None,
                    None,
                    None,
                    None,
                    "encryption is known only after apply",
                ),
                exception: None,
                waiver: None,
                known: false,
            },
            Finding {
                level: FindingLevel::Deny,
                file: Some("plan.json".into()),
                line: None,
                column: None,
                resource: Some("aws_ebs_volume.scratch".into()),
                record: None,
                pointer: None,
                document: None,
                msg: "volume is not encrypted at rest".into(),
                fingerprint: crate::results::fingerprint(
                    "TF-ENC-001",
                    &FindingLevel::Deny,
                    Some("plan.json"),
                    Some("aws_ebs_volume.scratch"),
                    None,
                    None,
                    "",
                ),
                exception: None,
                waiver: Some(AppliedWaiver {
                    reason: "scratch volume holds no data; removed in Q3".into(),
                    approver: "Head of Security".into(),
                    expires: "2026-07-15".into(),
                }),
                known: false,
            },
            Finding {
                level: FindingLevel::Deny,
                file: Some("plan.json".into()),
                line: None,
                column: None,
                resource: Some("aws_efs_file_system.shared".into()),
                record: None,
                pointer: None,
                document: None,
                msg: "file system is not encrypted at rest".into(),
                fingerprint: crate::results::fingerprint(
                    "TF-ENC-001",
                    &FindingLevel::Deny,
                    Some("plan.json"),
                    Some("aws_efs_file_system.shared"),
                    None,
                    None,
                    "",
                ),
                exception: None,
                waiver: None,
                known: true,
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
            column: None,
            resource: None,
            record: None,
            pointer: None,
            document: None,
            msg: "dependabot.yml cannot be parsed".into(),
            fingerprint: crate::results::fingerprint(
                "X",
                &FindingLevel::Deny,
                None,
                None,
                None,
                None,
                "dependabot.yml cannot be parsed",
            ),
            exception: None,
            waiver: None,
            known: false,
        }],
    );
    let items = vec![
        item("6.1.1", "Breaches can be reported", true, ItemStatus::Pass, vec![check("REPO-SEC-001", CheckStatus::Pass, Vec::new())]),
        item("8.3.1", "Updates are installed promptly", true, ItemStatus::Error, vec![dependabot]),
        item("9.5", "Systems are securely configured", false, ItemStatus::Fail, vec![failing]),
        item("3.2.1", "Staff are trained", true, ItemStatus::NotAssessed, vec![check("HR-TRN-001", CheckStatus::NotAssessed, Vec::new())]),
        ItemResult {
            guidance: Some("A register reviewed in the last 12 months".into()),
            attestation: Some(AttestationResult {
                by: "Head of IT".into(),
                date: "2025-01-10".into(),
                evidence: Some("https://intranet.example/assets".into()),
                note: None,
                accepted: false,
                reason: Some("dated 2025-01-10, 536 days before the assessment date: older than the 365-day assessment window".into()),
            }),
            ..item("7.1.1", "An asset register is kept", true, ItemStatus::Manual, Vec::new())
        },
        ItemResult {
            attestation: Some(AttestationResult {
                by: "SIRO".into(),
                date: "2026-04-01".into(),
                evidence: Some("https://intranet.example/policies".into()),
                note: None,
                accepted: true,
                reason: None,
            }),
            ..item("1.3.1", "Policies are up to date", true, ItemStatus::Attested, Vec::new())
        },
    ];
    let mut assessment = Assessment {
        schema: AssessmentSchema,
        assessment: facts,
        summary: Summary::default(),
        sources: vec![
            SourceSummary {
                source: SourceKind::Repository,
                files: vec!["repo".into()],
                digests: vec!["git:9f0c2d7e1b4a3c5d6e7f8091a2b3c4d5e6f70819".into()],
                count: 12,
                unit: "files".into(),
            },
            SourceSummary {
                source: SourceKind::Terraform,
                files: vec!["plan.json".into()],
                digests: vec![
                    "sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"
                        .into(),
                ],
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
        waivers: vec![
            WaiverReport {
                check: "TF-ENC-001".into(),
                subject: Some("aws_ebs_volume.scratch".into()),
                reason: "scratch volume holds no data; removed in Q3".into(),
                approver: "Head of Security".into(),
                expires: "2026-07-15".into(),
                state: WaiverState::Expiring,
                matched: 1,
            },
            WaiverReport {
                check: "REPO-SEC-001".into(),
                subject: None,
                reason: "policy moved to the intranet".into(),
                approver: "CTO".into(),
                expires: "2026-01-31".into(),
                state: WaiverState::Expired,
                matched: 0,
            },
        ],
        exceptions: vec![ExceptionReport {
            item: "4.5.3".into(),
            check: Some("IDN-MFA-001".into()),
            subjects: 1,
            reason: "break-glass account; hardware key kept in the safe".into(),
            approved_by: "Board, minute 2026/14".into(),
            approved_on: "2026-03-01".into(),
            review_by: "2027-03-01".into(),
            state: ExceptionState::Active,
            matched: 1,
            problem: None,
        }],
        baseline: true,
        inventories: std::collections::BTreeMap::from([(
            "patient_data".to_string(),
            serde_json::json!([{"plan": "plan.json", "address": "aws_s3_bucket.records", "type": "aws_s3_bucket", "region": "eu-west-2", "protections": {"customer_managed_key": true, "versioning": false}}]),
        )]),
    };
    assessment.summary = crate::assess::summarise(&assessment);
    assessment
}
