//! Waivers: a reviewed decision, in dspt.yaml, that some findings of a check are accepted until
//! a date. A waived finding stays in every report, marked `waived`; an expired waiver waives
//! nothing and fails the gate; a waiver that matched nothing is reported as unused.

use crate::config::WaiverEntry;
use crate::model::{CheckStatus, Date, FindingLevel, WaiverState};
use crate::results::{AppliedWaiver, CheckResult, WaiverReport};

/// Days before expiry from which a waiver is reported as expiring.
const EXPIRY_WARNING_DAYS: i64 = 30;

/// Marks the findings each waiver covers and reports what every waiver did. A check whose
/// failing (or warning) findings are all waived becomes `waived`. Errors cannot be waived.
pub fn apply_waivers(
    results: &mut [CheckResult],
    waivers: &[WaiverEntry],
    as_of: Date,
) -> Vec<WaiverReport> {
    let mut reports = Vec::new();
    for waiver in waivers {
        let days_left = waiver.expires.days_since_epoch() - as_of.days_since_epoch();
        let expired = days_left < 0;
        let matcher = waiver
            .subject
            .as_deref()
            .and_then(|pattern| globset::Glob::new(pattern).ok())
            .map(|glob| glob.compile_matcher());
        let mut matched = 0;
        for result in results.iter_mut().filter(|r| r.id == waiver.check) {
            for finding in result.findings.iter_mut().filter(|f| {
                f.level != FindingLevel::Error && f.waiver.is_none() && f.exception.is_none()
            }) {
                let subjects = [&finding.resource, &finding.file, &finding.record];
                let covers = match (&waiver.subject, &matcher) {
                    (None, _) => true,
                    (Some(_), Some(matcher)) => subjects
                        .iter()
                        .filter_map(|s| s.as_deref())
                        .any(|s| matcher.is_match(s)),
                    (Some(pattern), None) => subjects
                        .iter()
                        .filter_map(|s| s.as_deref())
                        .any(|s| s == pattern),
                };
                if !covers {
                    continue;
                }
                matched += 1;
                if !expired {
                    finding.waiver = Some(AppliedWaiver {
                        reason: waiver.reason.clone(),
                        approver: waiver.approver.clone(),
                        expires: waiver.expires.iso(),
                    });
                }
            }
        }
        let state = if expired {
            WaiverState::Expired
        } else if matched == 0 {
            WaiverState::Unused
        } else if days_left <= EXPIRY_WARNING_DAYS {
            WaiverState::Expiring
        } else {
            WaiverState::Active
        };
        reports.push(WaiverReport {
            check: waiver.check.clone(),
            subject: waiver.subject.clone(),
            reason: waiver.reason.clone(),
            approver: waiver.approver.clone(),
            expires: waiver.expires.iso(),
            state,
            matched,
        });
    }
    for result in results.iter_mut() {
        let open = |level| {
            result
                .findings
                .iter()
                .any(|f| f.level == level && f.waiver.is_none())
        };
        let waived = result.findings.iter().any(|f| f.waiver.is_some());
        if waived
            && matches!(result.status, CheckStatus::Fail | CheckStatus::Warn)
            && !open(FindingLevel::Deny)
            && !open(FindingLevel::Warn)
        {
            result.status = CheckStatus::Waived;
        } else if waived && result.status == CheckStatus::Fail && !open(FindingLevel::Deny) {
            result.status = CheckStatus::Warn;
        }
    }
    reports.sort();
    reports
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Severity;

    use crate::results::{Finding, fingerprint};

    fn finding(level: FindingLevel, resource: &str) -> Finding {
        Finding {
            level,
            file: Some("plan.json".into()),
            line: None,
            column: None,
            resource: Some(resource.into()),
            record: None,
            pointer: None,
            document: None,
            msg: "m".into(),
            fingerprint: fingerprint(
                "TF-REG-001",
                &level,
                Some("plan.json"),
                Some(resource),
                None,
                None,
                "m",
            ),
            exception: None,
            waiver: None,
            known: false,
        }
    }

    fn result(findings: Vec<Finding>) -> CheckResult {
        CheckResult {
            id: "TF-REG-001".into(),
            title: String::new(),
            severity: Severity::High,
            sources: Vec::new(),
            policy: String::new(),
            status: CheckStatus::Fail,
            reason: None,
            judged: Some(1),
            join: None,
            findings,
        }
    }

    fn waiver(subject: Option<&str>, expires: &str) -> WaiverEntry {
        WaiverEntry {
            check: "TF-REG-001".into(),
            subject: subject.map(str::to_string),
            reason: "certificates for CloudFront live in us-east-1".into(),
            approver: "Head of Security".into(),
            expires: Date::parse(expires).unwrap(),
        }
    }

    fn as_of() -> Date {
        Date::parse("2026-06-30").unwrap()
    }

    #[test]
    fn a_waiver_covers_matching_findings_and_the_check_becomes_waived() {
        let mut results = [result(vec![finding(
            FindingLevel::Deny,
            "aws_acm_certificate.portal",
        )])];
        let reports = apply_waivers(
            &mut results,
            &[waiver(Some("aws_acm_certificate.*"), "2026-12-31")],
            as_of(),
        );
        assert_eq!(results[0].status, CheckStatus::Waived);
        assert!(results[0].findings[0].waiver.is_some());
        assert_eq!(
            (reports[0].state, reports[0].matched),
            (WaiverState::Active, 1)
        );
    }

    #[test]
    fn a_partial_waiver_leaves_the_check_failing() {
        let mut results = [result(vec![
            finding(FindingLevel::Deny, "aws_acm_certificate.portal"),
            finding(FindingLevel::Deny, "aws_s3_bucket.x"),
        ])];
        apply_waivers(
            &mut results,
            &[waiver(Some("aws_acm_certificate.*"), "2026-12-31")],
            as_of(),
        );
        assert_eq!(results[0].status, CheckStatus::Fail);
    }

    #[test]
    fn an_expired_waiver_waives_nothing_and_says_so() {
        let mut results = [result(vec![finding(
            FindingLevel::Deny,
            "aws_acm_certificate.portal",
        )])];
        let reports = apply_waivers(&mut results, &[waiver(None, "2026-06-29")], as_of());
        assert_eq!(results[0].status, CheckStatus::Fail);
        assert!(results[0].findings[0].waiver.is_none());
        assert_eq!(
            (reports[0].state, reports[0].matched),
            (WaiverState::Expired, 1)
        );
    }

    #[test]
    fn the_expiry_day_itself_still_counts_and_near_expiry_is_flagged() {
        let mut results = [result(vec![finding(FindingLevel::Deny, "a.b")])];
        let reports = apply_waivers(&mut results, &[waiver(None, "2026-06-30")], as_of());
        assert_eq!(reports[0].state, WaiverState::Expiring);
        assert_eq!(results[0].status, CheckStatus::Waived);
    }

    #[test]
    fn a_waiver_that_matches_nothing_is_unused() {
        let mut results = [result(vec![finding(FindingLevel::Deny, "aws_s3_bucket.x")])];
        let reports = apply_waivers(
            &mut results,
            &[waiver(Some("aws_acm_certificate.*"), "2026-12-31")],
            as_of(),
        );
        assert_eq!(reports[0].state, WaiverState::Unused);
    }

    #[test]
    fn errors_are_never_waived() {
        let mut results = [result(vec![finding(FindingLevel::Error, "a.b")])];
        results[0].status = CheckStatus::Error;
        apply_waivers(&mut results, &[waiver(None, "2026-12-31")], as_of());
        assert_eq!(results[0].status, CheckStatus::Error);
    }
}
