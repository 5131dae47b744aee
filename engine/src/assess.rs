//! Turning check results into item results, and those into the summary and overall status.

use std::collections::BTreeMap;

use crate::catalogue::Catalogue;
use crate::evidence::AssessmentFacts;
use crate::results::{
    ASSESSMENT_SCHEMA, Assessment, CheckResult, CheckStatus, Diagnostic, ItemResult, ItemStatus,
    OverallStatus, SourceSummary, Summary,
};

/// Builds the assessment from the catalogue and every check's result.
pub fn assemble(
    catalogue: &Catalogue,
    check_results: Vec<CheckResult>,
    facts: AssessmentFacts,
    sources: Vec<SourceSummary>,
    mut diagnostics: Vec<Diagnostic>,
) -> Assessment {
    let by_id: BTreeMap<&str, &CheckResult> =
        check_results.iter().map(|r| (r.id.as_str(), r)).collect();
    let items: Vec<ItemResult> = catalogue
        .items
        .iter()
        .map(|item| {
            let checks: Vec<CheckResult> = item
                .checks
                .iter()
                .filter_map(|id| by_id.get(id.as_str()).map(|r| (*r).clone()))
                .collect();
            ItemResult {
                id: item.id.clone(),
                title: item.title.clone(),
                mandatory: item.mandatory,
                status: item_status(&checks),
                guidance: item.guidance.clone(),
                checks,
            }
        })
        .collect();
    let mapped: std::collections::BTreeSet<&str> = catalogue
        .items
        .iter()
        .flat_map(|i| i.checks.iter().map(String::as_str))
        .collect();
    let unmapped_checks: Vec<CheckResult> = check_results
        .iter()
        .filter(|r| !mapped.contains(r.id.as_str()))
        .cloned()
        .collect();
    diagnostics.sort();
    let mut assessment = Assessment {
        schema: ASSESSMENT_SCHEMA,
        assessment: facts,
        summary: Summary::default(),
        sources,
        diagnostics,
        items,
        unmapped_checks,
    };
    assessment.summary = summarise(&assessment);
    assessment
}

/// An item is as good as its weakest check: a failure is a failure, an error makes it untrusted,
/// and missing evidence for any of its checks keeps it from passing.
pub fn item_status(checks: &[CheckResult]) -> ItemStatus {
    if checks.is_empty() {
        return ItemStatus::Manual;
    }
    let any = |status: CheckStatus| checks.iter().any(|c| c.status == status);
    if any(CheckStatus::Fail) {
        ItemStatus::Fail
    } else if any(CheckStatus::Error) {
        ItemStatus::Error
    } else if any(CheckStatus::NotAssessed)
        || checks.iter().all(|c| c.status == CheckStatus::Skipped)
    {
        ItemStatus::NotAssessed
    } else {
        ItemStatus::Pass
    }
}

pub(crate) fn summarise(assessment: &Assessment) -> Summary {
    let mut summary = Summary::default();
    for item in &assessment.items {
        *summary.items.entry(item.status).or_default() += 1;
        if item.mandatory && !matches!(item.status, ItemStatus::Pass | ItemStatus::Attested) {
            summary.mandatory_outstanding.push(item.id.clone());
        }
    }
    for check in assessment.check_results() {
        *summary.checks.entry(check.status).or_default() += 1;
    }
    summary.overall = Some(if summary.mandatory_outstanding.is_empty() {
        OverallStatus::StandardsMet
    } else {
        OverallStatus::StandardsNotMet
    });
    summary
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::metadata::Severity;

    fn check(status: CheckStatus) -> CheckResult {
        CheckResult {
            id: format!("{status:?}"),
            title: String::new(),
            severity: Severity::Low,
            sources: Vec::new(),
            policy: String::new(),
            status,
            reason: None,
            findings: Vec::new(),
        }
    }

    #[test]
    fn item_status_follows_the_weakest_check() {
        use CheckStatus::*;
        assert_eq!(item_status(&[]), ItemStatus::Manual);
        assert_eq!(item_status(&[check(Pass), check(Warn)]), ItemStatus::Pass);
        assert_eq!(
            item_status(&[check(Pass), check(Fail), check(Error)]),
            ItemStatus::Fail
        );
        assert_eq!(item_status(&[check(Pass), check(Error)]), ItemStatus::Error);
        assert_eq!(
            item_status(&[check(Pass), check(NotAssessed)]),
            ItemStatus::NotAssessed
        );
        assert_eq!(item_status(&[check(Skipped)]), ItemStatus::NotAssessed);
        assert_eq!(
            item_status(&[check(Skipped), check(Pass)]),
            ItemStatus::Pass
        );
    }
}
