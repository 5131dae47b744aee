//! Exceptions: the toolkit's own route for a finding an organisation accepts. Some requirements
//! (MFA on every remotely reachable account, no unsupported systems) allow exceptions approved by
//! the board or senior management. An approved, in-date exception makes its subjects' findings
//! `excepted`: they stay in every report, do not fail the check, and the item can pass. A waiver,
//! by contrast, accepts a finding for a while and leaves the item outstanding.
//!
//! Fail closed: an exception on an item whose requirement allows none is refused (a config
//! error); one past its review date excepts nothing and fails the gate, and so does one naming a
//! subject the evidence does not hold (a typo must not look like an approval).

use std::collections::BTreeSet;

use crate::catalogue::Catalogue;
use crate::config::ExceptionEntry;
use crate::error::{ConfigError, Location};
use crate::evidence::EvidenceDocument;
use crate::model::{CheckId, CheckStatus, Date, ExceptionState, FindingLevel};
use crate::results::{AppliedException, CheckResult, ExceptionReport};

use crate::sources::pseudonym::Pseudonymiser;

/// Days before the review date from which an exception is reported as expiring.
const REVIEW_WARNING_DAYS: i64 = 30;

/// Refuses exceptions the catalogue does not allow: an unknown item, an item whose requirement
/// provides for no exception, a check that does not serve the item, no subject, or an approval
/// dated after the assessment.
pub fn verify_exceptions(
    exceptions: &[ExceptionEntry],
    catalogue: &Catalogue,
    config_path: &str,
    as_of: Date,
) -> Result<(), ConfigError> {
    let invalid = |message: String| ConfigError::Invalid {
        location: Location::file(config_path),
        message,
    };
    for exception in exceptions {
        let Some(item) = catalogue.items.iter().find(|i| i.id == exception.item) else {
            if catalogue.known_items.contains(&exception.item) {
                continue; // another framework's item: kept for that framework's runs
            }
            return Err(invalid(format!(
                "exception for item `{}`, which no catalogue has",
                exception.item
            )));
        };
        if item.exceptions_allowed.is_none() {
            let allowing: Vec<&str> = catalogue
                .items
                .iter()
                .filter(|i| i.exceptions_allowed.is_some())
                .map(|i| i.id.as_str())
                .collect();
            return Err(invalid(format!(
                "exception for item `{}`: its requirement allows no exception (only items whose requirement provides for exceptions approved by the board or senior management accept one: {}); use a waiver to accept a finding for a while",
                exception.item,
                if allowing.is_empty() {
                    "none in this catalogue".to_string()
                } else {
                    allowing.join(", ")
                }
            )));
        }
        if let Some(check) = &exception.check
            && !item.checks.contains(check)
        {
            return Err(invalid(format!(
                "exception for item `{}` names check `{check}`, which does not evidence that item (its checks: {})",
                exception.item,
                item.checks.join(", ")
            )));
        }
        if exception.subjects.is_empty() {
            return Err(invalid(format!(
                "exception for item `{}` names no subject: list the accounts, staff ids or resource addresses it covers",
                exception.item
            )));
        }
        if exception.approved_on.days_since_epoch() > as_of.days_since_epoch() {
            return Err(invalid(format!(
                "exception for item `{}` is approved on {}, after the assessment date {}",
                exception.item,
                exception.approved_on.iso(),
                as_of.iso()
            )));
        }
    }
    Ok(())
}

/// Everything a subject can be named by in the evidence: resource addresses, repository files,
/// staff and account pseudonyms.
fn known_subjects(evidence: &EvidenceDocument) -> BTreeSet<&str> {
    let mut known = BTreeSet::new();
    if let Some(terraform) = &evidence.terraform {
        for plan in &terraform.plans {
            known.extend(plan.resources.keys().map(String::as_str));
        }
    }
    if let Some(repository) = &evidence.repository {
        known.extend(repository.files.keys().map(String::as_str));
    }
    if let Some(hr) = &evidence.hr {
        known.extend(hr.staff.iter().map(|s| s.id.as_str()));
    }
    if let Some(identity) = &evidence.identity {
        known.extend(identity.accounts.iter().map(|a| a.id.as_str()));
        known.extend(
            identity
                .accounts
                .iter()
                .filter_map(|a| a.staff_id.as_deref()),
        );
    }
    known
}

/// Marks the findings each in-date exception covers and reports what every exception did. A
/// check whose failing findings are all excepted passes (the toolkit allows it); its findings
/// stay, marked `exception`. Errors cannot be excepted.
pub fn apply_exceptions(
    results: &mut [CheckResult],
    exceptions: &[ExceptionEntry],
    catalogue: &Catalogue,
    evidence: &EvidenceDocument,
    pseudonymiser: &Pseudonymiser,
    as_of: Date,
) -> Vec<ExceptionReport> {
    // Every run passes here: the index of subjects is built only when there is one to look up.
    if exceptions.is_empty() {
        return Vec::new();
    }
    let known = known_subjects(evidence);
    let mut reports = Vec::new();
    for exception in exceptions {
        let Some(item) = catalogue.items.iter().find(|i| i.id == exception.item) else {
            continue;
        };
        let checks: Vec<&CheckId> = match &exception.check {
            Some(check) => vec![check],
            None => item.checks.iter().collect(),
        };
        // A subject is written as the export has it (staff number, account name) or as the
        // evidence has it (a resource address, a pseudonym).
        let names: Vec<(String, String)> = exception
            .subjects
            .iter()
            .map(|s| (s.clone(), pseudonymiser.pseudonym(s)))
            .collect();
        let unknown: Vec<&str> = names
            .iter()
            .filter(|(plain, pseudonym)| {
                !known.contains(plain.as_str()) && !known.contains(pseudonym.as_str())
            })
            .map(|(plain, _)| plain.as_str())
            .collect();
        let days_left = exception.review_by.days_since_epoch() - as_of.days_since_epoch();
        let expired = days_left < 0;
        let mut matched = 0;
        for result in results.iter_mut().filter(|r| checks.contains(&&r.id)) {
            for finding in result
                .findings
                .iter_mut()
                .filter(|f| f.level != FindingLevel::Error && f.exception.is_none())
            {
                let covers = names.iter().any(|(plain, pseudonym)| {
                    [&finding.resource, &finding.file, &finding.record]
                        .into_iter()
                        .flatten()
                        .any(|subject| subject == plain || subject == pseudonym)
                });
                if !covers {
                    continue;
                }
                matched += 1;
                if !expired {
                    finding.exception = Some(AppliedException {
                        item: exception.item.clone(),
                        reason: exception.reason.clone(),
                        approved_by: exception.approved_by.clone(),
                        review_by: exception.review_by.iso(),
                    });
                }
            }
        }
        let (state, problem) = if expired {
            (
                ExceptionState::Expired,
                Some(format!(
                    "its review date {} has passed: review it and record the new decision",
                    exception.review_by.iso()
                )),
            )
        } else if !unknown.is_empty() {
            (
                ExceptionState::UnknownSubject,
                Some(format!(
                    "it names {} that the evidence does not hold: {}",
                    if unknown.len() == 1 {
                        "a subject"
                    } else {
                        "subjects"
                    },
                    unknown.join(", ")
                )),
            )
        } else if days_left <= REVIEW_WARNING_DAYS {
            (ExceptionState::Expiring, None)
        } else {
            (ExceptionState::Active, None)
        };
        reports.push(ExceptionReport {
            item: exception.item.clone(),
            check: exception.check.clone(),
            subjects: exception.subjects.len(),
            reason: exception.reason.clone(),
            approved_by: exception.approved_by.clone(),
            approved_on: exception.approved_on.iso(),
            review_by: exception.review_by.iso(),
            state,
            matched,
            problem,
        });
    }
    for result in results.iter_mut() {
        let excepted = result.findings.iter().any(|f| f.exception.is_some());
        if !excepted || !matches!(result.status, CheckStatus::Fail | CheckStatus::Warn) {
            continue;
        }
        let open = |level| {
            result
                .findings
                .iter()
                .any(|f| f.level == level && f.exception.is_none())
        };
        result.status = if open(FindingLevel::Deny) {
            CheckStatus::Fail
        } else if open(FindingLevel::Warn) {
            CheckStatus::Warn
        } else {
            CheckStatus::Pass
        };
    }
    reports.sort();
    reports
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::results::Finding;

    fn catalogue() -> Catalogue {
        Catalogue::parse(
            "c.yaml",
            "framework: {id: f, title: F, version: '1', source: s}\nitems:\n  - {id: '4.5.3', title: MFA, mandatory: true, source: s, checks: [IDN-MFA-001], exceptions_allowed: 'save exceptions approved by the board'}\n  - {id: '6.1.1', title: Incidents, mandatory: true, source: s, checks: [X-1]}\n",
        )
        .unwrap()
    }

    fn exception(item: &str, subjects: &[&str], review_by: &str) -> ExceptionEntry {
        ExceptionEntry {
            item: item.into(),
            check: None,
            subjects: subjects.iter().map(|s| s.to_string()).collect(),
            reason: "break-glass account, hardware key kept in the safe".into(),
            approved_by: "Board, minute 2026/14".into(),
            approved_on: Date::parse("2026-03-01").unwrap(),
            review_by: Date::parse(review_by).unwrap(),
        }
    }

    fn as_of() -> Date {
        Date::parse("2026-06-30").unwrap()
    }

    #[test]
    fn only_items_that_allow_exceptions_accept_one() {
        let catalogue = catalogue();
        assert!(
            verify_exceptions(
                &[exception("4.5.3", &["a"], "2027-01-01")],
                &catalogue,
                "dspt.yaml",
                as_of()
            )
            .is_ok()
        );
        let refused = verify_exceptions(
            &[exception("6.1.1", &["a"], "2027-01-01")],
            &catalogue,
            "dspt.yaml",
            as_of(),
        )
        .unwrap_err();
        assert!(
            refused.to_string().contains("allows no exception"),
            "{refused}"
        );
        assert!(
            verify_exceptions(
                &[exception("4.5.3", &[], "2027-01-01")],
                &catalogue,
                "dspt.yaml",
                as_of()
            )
            .is_err()
        );
    }

    fn mfa_result(record: &str) -> CheckResult {
        CheckResult {
            id: "IDN-MFA-001".into(),
            title: String::new(),
            severity: crate::model::Severity::High,
            sources: Vec::new(),
            policy: String::new(),
            status: CheckStatus::Fail,
            reason: None,
            judged: Some(3),
            join: None,
            findings: vec![Finding {
                level: FindingLevel::Deny,
                file: None,
                line: None,
                column: None,
                resource: None,
                record: Some(record.into()),
                pointer: None,
                document: None,
                msg: "no MFA".into(),
                fingerprint: "0".repeat(16),
                exception: None,
                waiver: None,
                known: false,
            }],
        }
    }

    fn evidence_with_account(id: &str) -> EvidenceDocument {
        let facts = crate::model::AssessmentFacts {
            as_of: Date::parse("2026-06-30").unwrap(),
            framework: "f".into(),
            organisation: crate::model::Organisation::default(),
        };
        EvidenceDocument {
            identity: Some(crate::sources::identity::IdentitySection {
                exports: Vec::new(),
                accounts: vec![crate::sources::identity::Account {
                    id: id.into(),
                    staff_id: None,
                    enabled: Some(true),
                    mfa: Some(false),
                    admin: None,
                    last_sign_in: None,
                    agreement_signed: None,
                    file: "idp.csv".into(),
                    line: Some(2),
                    pointer: None,
                }],
            }),
            ..EvidenceDocument::of(facts)
        }
    }

    /// The MFA check failing for the account `breakglass@example.org`, with one exception for
    /// `subject` reviewed by `review_by` applied.
    fn apply_to_breakglass(
        subject: &str,
        review_by: &str,
    ) -> (Vec<CheckResult>, Vec<ExceptionReport>) {
        let pseudonymiser = Pseudonymiser::new(b"key");
        let pseudonym = pseudonymiser.pseudonym("breakglass@example.org");
        let mut results = vec![mfa_result(&pseudonym)];
        let reports = apply_exceptions(
            &mut results,
            &[exception("4.5.3", &[subject], review_by)],
            &catalogue(),
            &evidence_with_account(&pseudonym),
            &pseudonymiser,
            as_of(),
        );
        (results, reports)
    }

    #[test]
    fn an_in_date_exception_passes_the_check_and_keeps_the_finding() {
        let (results, reports) = apply_to_breakglass("breakglass@example.org", "2027-03-01");
        assert_eq!(results[0].status, CheckStatus::Pass);
        assert!(results[0].findings[0].exception.is_some());
        assert_eq!(reports[0].state, ExceptionState::Active);
        assert_eq!(reports[0].matched, 1);
    }

    #[test]
    fn an_expired_or_mistyped_exception_excepts_nothing_and_says_why() {
        let (results, reports) = apply_to_breakglass("breakglass@example.org", "2026-06-29");
        assert_eq!(results[0].status, CheckStatus::Fail);
        assert_eq!(reports[0].state, ExceptionState::Expired);
        assert!(
            reports[0]
                .problem
                .as_deref()
                .unwrap()
                .contains("2026-06-29")
        );

        let (results, reports) = apply_to_breakglass("breakglas@example.org", "2027-03-01");
        assert_eq!(results[0].status, CheckStatus::Fail);
        assert_eq!(reports[0].state, ExceptionState::UnknownSubject);
        assert!(
            reports[0]
                .problem
                .as_deref()
                .unwrap()
                .contains("breakglas@example.org")
        );
    }
}
