//! Turning check results into item results, and those into the summary and overall status.
//!
//! Items that do not apply to the organisation's type are left out. A manual item is `attested`
//! only when its attestation is recent enough and links to evidence; otherwise it stays `manual`
//! and the attestation is shown with the reason it was not accepted. An item whose checks cover
//! only part of it (`automation: partly`) passes when its checks pass and the rest is attested;
//! with passing checks and no attestation it stays `manual`.

use std::collections::{BTreeMap, BTreeSet};

use crate::catalogue::{Catalogue, CatalogueItem};
use crate::config::AttestationEntry;
use crate::error::{ConfigError, Location};
use crate::model::{
    AchievementLevel, AssessmentFacts, Automation, CheckStatus, Date, ItemStatus, OverallStatus,
};

use crate::results::{
    Assessment, AssessmentSchema, AttestationResult, CheckResult, Diagnostic, ItemResult,
    SourceSummary, Summary,
};

/// What item statuses depend on besides check results.
pub struct AssessmentContext<'a> {
    /// The framework's catalogue.
    pub catalogue: &'a Catalogue,
    /// Attestations from the config.
    pub attestations: &'a [AttestationEntry],
    /// Where the attestations were written, for errors.
    pub config_path: &'a str,
    /// The assessment date.
    pub as_of: Date,
    /// How old an attestation may be, in days.
    pub attestation_max_age_days: i64,
}

/// Evidence and results to assemble.
pub struct AssessmentParts {
    /// Facts about the assessment.
    pub facts: AssessmentFacts,
    /// Every check's result.
    pub check_results: Vec<CheckResult>,
    /// Per-source summaries.
    pub sources: Vec<SourceSummary>,
    /// Evidence problems.
    pub diagnostics: Vec<Diagnostic>,
    /// Inventories by name.
    pub inventories: BTreeMap<String, serde_json::Value>,
    /// What each waiver did.
    pub waivers: Vec<crate::results::WaiverReport>,
    /// What each exception did.
    pub exceptions: Vec<crate::results::ExceptionReport>,
    /// Whether a baseline was applied.
    pub baseline: bool,
}

/// Builds the assessment. An attestation naming an item the catalogue does not have is a
/// config error: a typo must not leave a mandatory item silently unattested.
pub fn assemble(
    context: &AssessmentContext<'_>,
    parts: AssessmentParts,
) -> Result<Assessment, ConfigError> {
    let catalogue = context.catalogue;
    // Attestations of another framework's items are kept for that framework's runs.
    let known: BTreeSet<&str> = catalogue
        .items
        .iter()
        .map(|i| i.id.as_str())
        .chain(catalogue.known_items.iter().map(|id| id.as_str()))
        .collect();
    if let Some(unknown) = context
        .attestations
        .iter()
        .find(|a| !known.contains(a.item.as_str()))
    {
        return Err(ConfigError::Invalid {
            location: Location::file(context.config_path),
            message: format!(
                "attestation for item `{}`, which no catalogue has",
                unknown.item
            ),
        });
    }
    let organisation_type_owned = parts.facts.organisation.organisation_type.clone();
    let organisation_type = organisation_type_owned.as_deref();
    let by_id: BTreeMap<&str, &CheckResult> = parts
        .check_results
        .iter()
        .map(|r| (r.id.as_str(), r))
        .collect();
    let outcome_based = !catalogue.framework.levels.is_empty();
    let items: Vec<ItemResult> = catalogue
        .items
        .iter()
        .filter(|item| item.applies_to(organisation_type))
        .map(|item| {
            let checks: Vec<CheckResult> = item
                .checks
                .iter()
                .filter_map(|id| by_id.get(id.as_str()).map(|r| (*r).clone()))
                .collect();
            // Every check of the item turned off (`disable:`) or judging nothing (no subject of
            // its kind in the evidence): the item is evidenced by hand again, so it is manual
            // (and can be attested), neither "not assessed" nor a pass on nothing.
            let no_automated_evidence =
                !checks.is_empty() && checks.iter().all(|c| !c.status.is_evidence());
            let automation = if no_automated_evidence {
                Automation::Manual
            } else {
                item.automation()
            };
            let attestation = context
                .attestations
                .iter()
                .rev()
                .find(|a| a.item == item.id)
                .map(|a| judge_attestation(context, item, automation, a));
            let attested = attestation.as_ref().is_some_and(|a| a.accepted);
            let status = match (automation, item_status(&checks)) {
                (Automation::Manual, _) if attested => ItemStatus::Attested,
                (Automation::Manual, _) => ItemStatus::Manual,
                // Checks cover only part of the item: passing them is not enough for Standards
                // Met until the rest is attested.
                (Automation::Partly, ItemStatus::Pass) if !attested => ItemStatus::Manual,
                (_, status) => status,
            };
            ItemResult {
                id: item.id.clone(),
                title: item.title.clone(),
                mandatory: item.mandatory_for(organisation_type),
                provisional: item.provisional.clone(),
                approaching: item.approaching_for(organisation_type),
                status,
                automation,
                guidance: item.guidance.clone(),
                attestation,
                level: outcome_based
                    .then(|| achievement_level(catalogue, item, status, &checks))
                    .flatten(),
                expected_level: outcome_based.then(|| expected_level(item)),
                checks,
            }
        })
        .collect();
    // Checks that evidence no item applying to this organisation are listed apart, not dropped.
    let mapped: BTreeSet<&str> = items
        .iter()
        .flat_map(|i| i.checks.iter().map(|c| c.id.as_str()))
        .collect();
    let unmapped_checks: Vec<CheckResult> = parts
        .check_results
        .iter()
        .filter(|r| !mapped.contains(r.id.as_str()))
        .cloned()
        .collect();
    let mut diagnostics = parts.diagnostics;
    diagnostics.sort();
    let mut assessment = Assessment {
        schema: AssessmentSchema,
        assessment: parts.facts,
        summary: Summary::default(),
        sources: parts.sources,
        diagnostics,
        items,
        unmapped_checks,
        inventories: parts.inventories,
        waivers: parts.waivers,
        exceptions: parts.exceptions,
        baseline: parts.baseline,
    };
    assessment.summary = summarise(&assessment);
    if !assessment.items.iter().any(|i| i.approaching) {
        assessment.summary.approaching_note = Some(
            organisation_type
                .and_then(|kind| catalogue.framework.approaching_standards.get(kind))
                .cloned()
                .unwrap_or_else(|| {
                    "Approaching Standards is not computed: no public source lists its items for this organisation type".to_string()
                }),
        );
    }
    Ok(assessment)
}

fn judge_attestation(
    context: &AssessmentContext<'_>,
    item: &CatalogueItem,
    automation: Automation,
    entry: &AttestationEntry,
) -> AttestationResult {
    let date = entry.date;
    let age = context.as_of.days_since_epoch() - date.days_since_epoch();
    let reason = if automation == Automation::Automated {
        Some(format!(
            "item `{}` is evidenced by checks ({}); an attestation cannot replace them",
            item.id,
            item.checks.join(", ")
        ))
    } else if entry
        .evidence
        .as_deref()
        .is_none_or(|link| link.trim().is_empty())
    {
        Some("no `evidence` link: an attestation must say where the evidence is".to_string())
    } else if age < 0 {
        Some(format!(
            "dated {}, after the assessment date {}",
            date.iso(),
            context.as_of.iso()
        ))
    } else if age > context.attestation_max_age_days {
        Some(format!(
            "dated {}, {age} days before the assessment date: older than the {}-day assessment window",
            date.iso(),
            context.attestation_max_age_days
        ))
    } else {
        None
    };
    AttestationResult {
        by: entry.by.clone(),
        date: date.iso(),
        evidence: entry.evidence.clone(),
        note: entry.note.clone(),
        accepted: reason.is_none(),
        reason,
    }
}

/// An item is as good as its weakest check: a failure is a failure, an error makes it untrusted,
/// and missing evidence for any of its checks keeps it from passing. Only checks that judged
/// something count: a check that judged nothing is no evidence either way.
pub fn item_status(checks: &[CheckResult]) -> ItemStatus {
    if checks.is_empty() {
        return ItemStatus::Manual;
    }
    let any = |status: CheckStatus| checks.iter().any(|c| c.status == status);
    let judging = checks.iter().any(|c| c.status.is_evidence());
    if any(CheckStatus::Fail) {
        ItemStatus::Fail
    } else if any(CheckStatus::Error) {
        ItemStatus::Error
    } else if any(CheckStatus::NotAssessed) || !judging {
        ItemStatus::NotAssessed
    } else if any(CheckStatus::Waived) {
        ItemStatus::Waived
    } else {
        ItemStatus::Pass
    }
}

/// The levels an outcome can take: its own list, else the framework's.
fn allowed_levels<'a>(catalogue: &'a Catalogue, item: &'a CatalogueItem) -> &'a [AchievementLevel] {
    if item.levels.is_empty() {
        &catalogue.framework.levels
    } else {
        &item.levels
    }
}

/// Achieved when everything passes (or it is attested); partially achieved when the checks of its
/// partially-achieved indicators pass though others fail, where the outcome has that level;
/// otherwise not achieved. No level when the
/// evidence cannot decide (manual, not assessed, error).
fn achievement_level(
    catalogue: &Catalogue,
    item: &CatalogueItem,
    status: ItemStatus,
    checks: &[CheckResult],
) -> Option<AchievementLevel> {
    match status {
        ItemStatus::Pass | ItemStatus::Attested | ItemStatus::Waived => {
            Some(AchievementLevel::Achieved)
        }
        ItemStatus::Fail => {
            // Partially achieved only through the outcome's own partial indicators: every check
            // evidencing them judged something and passed. Another check passing (an S3 control
            // beside an open Azure RDP port) lifts nothing.
            let partial_checks = item
                .indicators
                .as_ref()
                .map(|i| i.partially_achieved.as_slice())
                .unwrap_or_default();
            let partial_indicators_pass = !partial_checks.is_empty()
                && partial_checks.iter().all(|id| {
                    checks
                        .iter()
                        .find(|c| &c.id == id)
                        .is_some_and(|c| matches!(c.status, CheckStatus::Pass | CheckStatus::Warn))
                });
            let partial =
                allowed_levels(catalogue, item).contains(&AchievementLevel::PartiallyAchieved);
            Some(if partial_indicators_pass && partial {
                AchievementLevel::PartiallyAchieved
            } else {
                AchievementLevel::NotAchieved
            })
        }
        ItemStatus::Manual | ItemStatus::NotAssessed | ItemStatus::Error => None,
    }
}

/// Without a stated profile level, an outcome is expected to be achieved.
fn expected_level(item: &CatalogueItem) -> AchievementLevel {
    item.expected_level.unwrap_or(AchievementLevel::Achieved)
}

pub(crate) fn summarise(assessment: &Assessment) -> Summary {
    let mut summary = Summary::default();
    for item in &assessment.items {
        *summary.items.entry(item.status).or_default() += 1;
        let done = matches!(item.status, ItemStatus::Pass | ItemStatus::Attested);
        if item.mandatory && !done {
            summary.mandatory_outstanding.push(item.id.clone());
        }
        if item.approaching && !done {
            summary.approaching_outstanding.push(item.id.clone());
        }
        if item.mandatory && item.provisional.is_some() {
            summary.provisional_mandatory.push(item.id.clone());
        }
        if item
            .expected_level
            .is_some_and(|expected| item.level.is_none_or(|level| level < expected))
        {
            summary.below_profile.push(item.id.clone());
        }
    }
    for check in assessment.check_results() {
        *summary.checks.entry(check.status).or_default() += 1;
    }
    let outcome_based = assessment.items.iter().any(|i| i.expected_level.is_some());
    let met = if outcome_based {
        summary.below_profile.is_empty()
    } else {
        summary.mandatory_outstanding.is_empty()
    };
    let approaching_defined = assessment.items.iter().any(|i| i.approaching);
    summary.overall = Some(if met {
        OverallStatus::StandardsMet
    } else if !outcome_based && approaching_defined && summary.approaching_outstanding.is_empty() {
        OverallStatus::ApproachingStandards
    } else {
        OverallStatus::StandardsNotMet
    });
    summary
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Severity;

    fn check(status: CheckStatus) -> CheckResult {
        CheckResult {
            id: format!("{status:?}").into(),
            title: String::new(),
            severity: Severity::Low,
            sources: Vec::new(),
            policy: String::new(),
            status,
            reason: None,
            judged: Some(1),
            join: None,
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
        assert_eq!(
            item_status(&[check(NotApplicable), check(Pass)]),
            ItemStatus::Pass,
            "a check that judged nothing neither lifts nor sinks the others"
        );
        assert_eq!(
            item_status(&[check(NotApplicable), check(Fail)]),
            ItemStatus::Fail
        );
        assert_eq!(
            item_status(&[check(NotApplicable), check(NotApplicable)]),
            ItemStatus::NotAssessed,
            "judging nothing is never a pass"
        );
    }

    fn catalogue(levels: &str) -> Catalogue {
        Catalogue::parse(
            "c.yaml",
            &format!(
                "framework: {{id: f, title: F, version: '1', source: s, levels: [{levels}]}}\nitems:\n  - {{id: M, title: Manual, mandatory: true, source: s, guidance: show the register}}\n  - {{id: A, title: Automated, mandatory: true, source: s, checks: [Pass, Fail], indicators: {{achieved: [Pass, Fail], partially_achieved: [Pass]}}}}\n  - {{id: U, title: Unrelated pass, mandatory: false, source: s, checks: [Pass, Fail], indicators: {{achieved: [Pass, Fail], partially_achieved: [Fail]}}}}\n  - {{id: B, title: Binary, mandatory: false, source: s, checks: [Pass, Fail], levels: [not-achieved, achieved]}}\n  - {{id: S, title: Suppliers only, mandatory: true, source: s, applies_to: [it-supplier]}}\n  - {{id: P, title: Partly, mandatory: true, source: s, checks: [Pass], automation: partly}}\n  - {{id: N, title: Nothing to judge, mandatory: true, source: s, checks: [NotApplicable]}}\n"
            ),
        )
        .unwrap()
    }

    fn attestation(item: &str, date: &str, evidence: Option<&str>) -> AttestationEntry {
        AttestationEntry {
            item: item.into(),
            by: "Head of IT".into(),
            date: Date::parse(date).unwrap(),
            evidence: evidence.map(str::to_string),
            note: None,
        }
    }

    fn assess(
        catalogue: &Catalogue,
        attestations: &[AttestationEntry],
        organisation_type: Option<&str>,
    ) -> Result<Assessment, ConfigError> {
        let context = AssessmentContext {
            catalogue,
            attestations,
            config_path: "dspt.yaml",
            as_of: Date::parse("2026-06-30").unwrap(),
            attestation_max_age_days: 365,
        };
        let facts = AssessmentFacts {
            as_of: Date::parse("2026-06-30").unwrap(),
            framework: "f".into(),
            organisation: crate::model::Organisation {
                name: None,
                organisation_type: organisation_type.map(Into::into),
            },
        };
        let parts = AssessmentParts {
            facts,
            check_results: vec![
                check(CheckStatus::Pass),
                check(CheckStatus::Fail),
                check(CheckStatus::NotApplicable),
            ],
            sources: Vec::new(),
            diagnostics: Vec::new(),
            inventories: BTreeMap::new(),
            waivers: Vec::new(),
            exceptions: Vec::new(),
            baseline: false,
        };
        assemble(&context, parts)
    }

    fn item<'a>(assessment: &'a Assessment, id: &str) -> &'a ItemResult {
        assessment.items.iter().find(|i| i.id == id).unwrap()
    }

    #[test]
    fn a_recent_attestation_with_evidence_attests_a_manual_item() {
        let assessment = assess(
            &catalogue(""),
            &[attestation(
                "M",
                "2026-05-01",
                Some("https://intranet/register"),
            )],
            None,
        )
        .unwrap();
        assert_eq!(item(&assessment, "M").status, ItemStatus::Attested);
    }

    #[test]
    fn stale_unlinked_future_and_automated_attestations_are_refused_with_a_reason() {
        for (entry, reason) in [
            (
                attestation("M", "2025-05-01", Some("https://x")),
                "older than the 365-day assessment window",
            ),
            (attestation("M", "2026-05-01", None), "no `evidence` link"),
            (
                attestation("M", "2026-07-01", Some("https://x")),
                "after the assessment date",
            ),
            (
                attestation("A", "2026-05-01", Some("https://x")),
                "cannot replace them",
            ),
        ] {
            let id = entry.item.clone();
            let assessment = assess(&catalogue(""), &[entry], None).unwrap();
            let result = item(&assessment, &id);
            assert_ne!(result.status, ItemStatus::Attested);
            let judged = result.attestation.as_ref().unwrap();
            assert!(!judged.accepted);
            assert!(
                judged.reason.as_ref().unwrap().contains(reason),
                "{judged:?}"
            );
        }
    }

    #[test]
    fn an_item_whose_checks_judged_nothing_is_manual_and_attestable() {
        let assessment = assess(&catalogue(""), &[], None).unwrap();
        let nothing = item(&assessment, "N");
        assert_eq!(nothing.status, ItemStatus::Manual);
        assert_eq!(nothing.automation, Automation::Manual);
        assert!(
            assessment
                .summary
                .mandatory_outstanding
                .contains(&"N".into())
        );
        let attested = assess(
            &catalogue(""),
            &[attestation(
                "N",
                "2026-05-01",
                Some("https://intranet/backups"),
            )],
            None,
        )
        .unwrap();
        assert_eq!(item(&attested, "N").status, ItemStatus::Attested);
    }

    #[test]
    fn a_partly_automated_item_passes_only_with_its_rest_attested() {
        let assessment = assess(&catalogue(""), &[], None).unwrap();
        assert_eq!(item(&assessment, "P").status, ItemStatus::Manual);
        let attested = assess(
            &catalogue(""),
            &[attestation("P", "2026-05-01", Some("https://x"))],
            None,
        )
        .unwrap();
        assert_eq!(item(&attested, "P").status, ItemStatus::Pass);
    }

    #[test]
    fn an_attestation_of_an_unknown_item_is_a_config_error() {
        assert!(
            assess(
                &catalogue(""),
                &[attestation("9.9.9", "2026-05-01", Some("x"))],
                None
            )
            .is_err()
        );
    }

    #[test]
    fn items_for_other_organisation_types_are_left_out() {
        let assessment = assess(&catalogue(""), &[], Some("company")).unwrap();
        assert!(assessment.items.iter().all(|i| i.id != "S"));
        let assessment = assess(&catalogue(""), &[], Some("it-supplier")).unwrap();
        assert!(assessment.items.iter().any(|i| i.id == "S"));
    }

    #[test]
    fn outcomes_get_achievement_levels_against_the_profile() {
        let assessment = assess(
            &catalogue("not-achieved, partially-achieved, achieved"),
            &[],
            None,
        )
        .unwrap();
        assert_eq!(
            item(&assessment, "A").level,
            Some(AchievementLevel::PartiallyAchieved)
        );
        assert_eq!(
            item(&assessment, "B").level,
            Some(AchievementLevel::NotAchieved)
        );
        assert_eq!(
            item(&assessment, "U").level,
            Some(AchievementLevel::NotAchieved),
            "a passing check outside the partial indicators lifts nothing"
        );
        assert_eq!(item(&assessment, "M").level, None);
        assert_eq!(
            assessment.summary.below_profile,
            ["M", "A", "U", "B", "S", "P", "N"]
        );
        assert_eq!(
            assessment.summary.overall,
            Some(OverallStatus::StandardsNotMet)
        );
    }
}
