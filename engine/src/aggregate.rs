//! One organisation's view from many assessments: one saved report per repository or Terraform
//! workspace (and, optionally, one of the organisation-level sources), combined item by item.
//!
//! An item fails where any part fails it and passes only where every part that judged it passed;
//! a part that did not judge it (not assessed, manual) is no evidence either way. Waivers,
//! exceptions and attestations stay with the report that declared them.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::error::{AggregateError, Location, SavedReportError};
use crate::model::{
    AssessmentFacts, CheckId, Date, FindingLevel, ItemId, ItemStatus, Organisation, OverallStatus,
};
use crate::results::Assessment;

/// Name and version of the JSON organisation assessment.
pub const ORGANISATION_SCHEMA: &str = "dspt/organisation-assessment/v1";

/// Widest spread of `as_of` dates the parts may have, by default: a month of CI runs.
pub const DEFAULT_MAX_AS_OF_SPREAD_DAYS: i64 = 31;

/// One assessment to combine.
#[derive(Debug, Clone)]
pub struct Part {
    /// What it assessed, as reports name it (the report file's name, `organisation`).
    pub name: String,
    /// Where it was read from, for errors.
    pub file: String,
    /// `sha256:<hex>` of the report's bytes, or of nothing for one made in this process.
    pub digest: String,
    /// The assessment.
    pub assessment: Assessment,
}

impl Part {
    /// A saved JSON report (`dspt check --format json`), named by its file's stem
    /// (`reports/api.json` → `api`), with the digest of its bytes.
    pub fn from_report(file: &str, bytes: &[u8]) -> Result<Part, SavedReportError> {
        let assessment = Assessment::from_json(file, bytes)?;
        let name = std::path::Path::new(file).file_stem().map_or_else(
            || file.to_string(),
            |stem| stem.to_string_lossy().into_owned(),
        );
        Ok(Part {
            name,
            file: file.to_string(),
            digest: crate::sources::digest(bytes),
            assessment,
        })
    }
}

/// A part as the organisation view records it, so an assessor can tie the view to its parts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartSummary {
    /// Its name.
    pub name: String,
    /// `sha256:<hex>` of the report it was read from.
    pub digest: String,
    /// The day it speaks for.
    pub as_of: Date,
    /// Its own overall status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overall: Option<OverallStatus>,
    /// The repository commit it assessed (`git:<commit>`), when it read a repository.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revision: Option<String>,
}

/// A finding, with the part it came from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct PartFinding {
    /// The part.
    pub part: String,
    /// The check.
    pub check: CheckId,
    /// Which rule produced it.
    pub level: FindingLevel,
    /// Resource, record, or file and line.
    pub place: String,
    /// What is wrong.
    pub msg: String,
}

/// One evidence item across the organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrganisationItem {
    /// Item id.
    pub id: ItemId,
    /// Paraphrased requirement.
    pub title: String,
    /// Whether Standards Met needs it (in any part).
    pub mandatory: bool,
    /// The combined status.
    pub status: ItemStatus,
    /// The parts behind each status.
    pub parts: BTreeMap<ItemStatus, Vec<String>>,
    /// Open (not waived, excepted or known) failing and warning findings, by part.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<PartFinding>,
}

/// Counts and the overall status of the organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrganisationSummary {
    /// Standards Met when every mandatory item passes or is attested.
    pub overall: OverallStatus,
    /// Items by combined status.
    pub items: BTreeMap<ItemStatus, usize>,
    /// Mandatory items that neither pass nor are attested across the organisation.
    pub mandatory_outstanding: Vec<ItemId>,
    /// Parts by how many items they fail, most first.
    pub most_failures: Vec<(String, usize)>,
}

/// The organisation's assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrganisationAssessment {
    /// Always [`ORGANISATION_SCHEMA`].
    pub schema: &'static str,
    /// The facts the parts share; `as_of` is the latest part's.
    pub assessment: AssessmentFacts,
    /// Counts and overall status.
    pub summary: OrganisationSummary,
    /// The parts, by name.
    pub parts: Vec<PartSummary>,
    /// Items in the catalogue order of the first part.
    pub items: Vec<OrganisationItem>,
}

impl OrganisationItem {
    /// Where each status of an item comes from: `failing in api, web; passing in docs`.
    /// What is wrong first.
    pub fn parts_line(&self) -> String {
        let rank = |status: &ItemStatus| match status {
            ItemStatus::Error => 0,
            ItemStatus::Fail => 1,
            ItemStatus::Waived => 2,
            ItemStatus::Pass => 3,
            ItemStatus::Attested => 4,
            ItemStatus::NotAssessed => 5,
            ItemStatus::Manual => 6,
        };
        let mut statuses: Vec<(&ItemStatus, &Vec<String>)> = self.parts.iter().collect();
        statuses.sort_by_key(|(status, _)| rank(status));
        statuses
            .iter()
            .map(|(status, parts)| {
                format!(
                    "{} in {}",
                    status.as_str().replace('_', " "),
                    parts.join(", ")
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
}

impl OrganisationAssessment {
    /// Items failing or in error across the organisation, in catalogue order.
    pub fn failing_items(&self) -> Vec<&OrganisationItem> {
        self.items
            .iter()
            .filter(|i| matches!(i.status, ItemStatus::Fail | ItemStatus::Error))
            .collect()
    }
}

/// Combines `parts` into one organisation assessment, refusing parts that do not belong together.
pub fn aggregate(
    parts: &[Part],
    max_as_of_spread_days: i64,
) -> Result<OrganisationAssessment, AggregateError> {
    let first = parts.first().ok_or(AggregateError::NoReports)?;
    check_parts_belong_together(first, parts, max_as_of_spread_days)?;

    let mut order: Vec<ItemId> = Vec::new();
    let mut by_item: BTreeMap<ItemId, Vec<(&Part, &crate::results::ItemResult)>> = BTreeMap::new();
    for part in parts {
        for item in &part.assessment.items {
            if !by_item.contains_key(&item.id) {
                order.push(item.id.clone());
            }
            by_item
                .entry(item.id.clone())
                .or_default()
                .push((part, item));
        }
    }
    let mut items = Vec::new();
    for id in order {
        let results = &by_item[&id];
        let mut statuses: BTreeMap<ItemStatus, Vec<String>> = BTreeMap::new();
        for (part, item) in results {
            statuses
                .entry(item.status)
                .or_default()
                .push(part.name.clone());
        }
        let mut findings: Vec<PartFinding> = results
            .iter()
            .flat_map(|(part, item)| {
                item.checks.iter().flat_map(move |check| {
                    check
                        .findings
                        .iter()
                        .filter(|f| f.waiver.is_none() && f.exception.is_none() && !f.known)
                        .map(move |f| PartFinding {
                            part: part.name.clone(),
                            check: check.id.clone(),
                            level: f.level,
                            place: place(f),
                            msg: f.msg.clone(),
                        })
                })
            })
            .collect();
        findings.sort();
        findings.dedup();
        let (_, sample) = results[0];
        items.push(OrganisationItem {
            id,
            title: sample.title.clone(),
            mandatory: results.iter().any(|(_, item)| item.mandatory),
            status: combined_status(statuses.keys().copied()),
            parts: statuses,
            findings,
        });
    }

    let mut counts: BTreeMap<ItemStatus, usize> = BTreeMap::new();
    for item in &items {
        *counts.entry(item.status).or_default() += 1;
    }
    let mandatory_outstanding: Vec<ItemId> = items
        .iter()
        .filter(|i| i.mandatory && !matches!(i.status, ItemStatus::Pass | ItemStatus::Attested))
        .map(|i| i.id.clone())
        .collect();
    let mut failures: BTreeMap<String, usize> = BTreeMap::new();
    for item in &items {
        for name in item.parts.get(&ItemStatus::Fail).into_iter().flatten() {
            *failures.entry(name.clone()).or_default() += 1;
        }
    }
    let mut most_failures: Vec<(String, usize)> = failures.into_iter().collect();
    most_failures.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));

    let mut summaries: Vec<PartSummary> = parts
        .iter()
        .map(|part| PartSummary {
            name: part.name.clone(),
            digest: part.digest.clone(),
            as_of: part.assessment.assessment.as_of,
            overall: part.assessment.summary.overall,
            revision: revision_of(&part.assessment),
        })
        .collect();
    summaries.sort_by(|a, b| a.name.cmp(&b.name));
    let as_of = parts
        .iter()
        .map(|p| p.assessment.assessment.as_of)
        .max()
        .unwrap_or(first.assessment.assessment.as_of);
    Ok(OrganisationAssessment {
        schema: ORGANISATION_SCHEMA,
        assessment: AssessmentFacts {
            as_of,
            framework: first.assessment.assessment.framework.clone(),
            organisation: first.assessment.assessment.organisation.clone(),
        },
        summary: OrganisationSummary {
            overall: if mandatory_outstanding.is_empty() {
                OverallStatus::StandardsMet
            } else {
                OverallStatus::StandardsNotMet
            },
            items: counts,
            mandatory_outstanding,
            most_failures,
        },
        parts: summaries,
        items,
    })
}

/// The status an item has across parts with `statuses`: errors and failures win; a pass needs
/// every part that judged the item to pass; parts that judged nothing do not count.
pub fn combined_status(statuses: impl IntoIterator<Item = ItemStatus>) -> ItemStatus {
    let seen: BTreeSet<ItemStatus> = statuses.into_iter().collect();
    let has = |status| seen.contains(&status);
    if has(ItemStatus::Error) {
        ItemStatus::Error
    } else if has(ItemStatus::Fail) {
        ItemStatus::Fail
    } else if has(ItemStatus::Waived) {
        ItemStatus::Waived
    } else if has(ItemStatus::Pass) {
        ItemStatus::Pass
    } else if has(ItemStatus::Attested) {
        ItemStatus::Attested
    } else if has(ItemStatus::NotAssessed) {
        ItemStatus::NotAssessed
    } else {
        ItemStatus::Manual
    }
}

fn check_parts_belong_together(
    first: &Part,
    parts: &[Part],
    max_spread: i64,
) -> Result<(), AggregateError> {
    let facts = &first.assessment.assessment;
    let mismatch = |part: &Part, what: &str, theirs: String, ours: String| {
        Err(AggregateError::Mismatch {
            location: Location::file(&part.file),
            message: format!(
                "its {what} is {theirs}, but `{}` has {ours}: an organisation view combines reports of one organisation and one framework",
                first.file
            ),
        })
    };
    let organisation = |o: &Organisation| {
        format!(
            "`{}` ({})",
            o.name.as_deref().unwrap_or("no name"),
            o.organisation_type.as_deref().unwrap_or("no type")
        )
    };
    let mut revisions: BTreeMap<String, &str> = BTreeMap::new();
    for part in parts {
        let theirs = &part.assessment.assessment;
        if theirs.framework != facts.framework {
            return mismatch(
                part,
                "framework",
                format!("`{}`", theirs.framework),
                format!("`{}`", facts.framework),
            );
        }
        if theirs.organisation != facts.organisation {
            return mismatch(
                part,
                "organisation",
                organisation(&theirs.organisation),
                organisation(&facts.organisation),
            );
        }
        if let Some(revision) = revision_of(&part.assessment)
            && let Some(other) = revisions.insert(revision.clone(), &part.file)
        {
            return Err(AggregateError::Mismatch {
                location: Location::file(&part.file),
                message: format!(
                    "it assessed the same repository revision ({revision}) as `{other}`: one report per repository and revision"
                ),
            });
        }
    }
    let dates: Vec<Date> = parts
        .iter()
        .map(|p| p.assessment.assessment.as_of)
        .collect();
    if let (Some(earliest), Some(latest)) = (dates.iter().min(), dates.iter().max()) {
        let spread = latest.days_since_epoch() - earliest.days_since_epoch();
        if spread > max_spread {
            return Err(AggregateError::AsOfSpread {
                earliest: *earliest,
                latest: *latest,
                days: spread,
                max: max_spread,
            });
        }
    }
    Ok(())
}

/// The repository commit a report assessed, when it read a versioned repository.
fn revision_of(assessment: &Assessment) -> Option<String> {
    assessment
        .sources
        .iter()
        .filter(|s| s.source == crate::model::SourceKind::Repository)
        .flat_map(|s| &s.digests)
        .find(|d| d.starts_with("git:"))
        .cloned()
}

fn place(finding: &crate::results::Finding) -> String {
    crate::results::finding_place(
        finding.resource.as_deref(),
        finding.record.as_deref(),
        finding.file.as_deref(),
        finding.line,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(name: &str, statuses: &[(&str, ItemStatus)]) -> Part {
        let mut assessment = crate::report::sample::assessment();
        assessment.sources.clear();
        let template = assessment.items[0].clone();
        assessment.items = statuses
            .iter()
            .map(|(id, status)| {
                let mut item = template.clone();
                item.id = (*id).into();
                item.status = *status;
                item.mandatory = true;
                item
            })
            .collect();
        Part {
            name: name.to_string(),
            file: format!("{name}.json"),
            digest: "sha256:0".to_string(),
            assessment,
        }
    }

    #[test]
    fn a_failure_anywhere_fails_and_a_pass_needs_every_judging_part() {
        use ItemStatus::*;
        assert_eq!(combined_status([Pass, Fail, NotAssessed]), Fail);
        assert_eq!(combined_status([Pass, NotAssessed, Manual]), Pass);
        assert_eq!(combined_status([NotAssessed, Manual]), NotAssessed);
        assert_eq!(combined_status([Manual]), Manual);
        assert_eq!(combined_status([Pass, Error]), Error);
        assert_eq!(combined_status([Pass, Waived]), Waived);
    }

    #[test]
    fn the_view_names_the_parts_behind_each_status() {
        let parts = [
            part(
                "api",
                &[("9.5", ItemStatus::Fail), ("1.1.1", ItemStatus::Manual)],
            ),
            part(
                "web",
                &[("9.5", ItemStatus::Pass), ("1.1.1", ItemStatus::Manual)],
            ),
            part(
                "docs",
                &[
                    ("9.5", ItemStatus::NotAssessed),
                    ("1.1.1", ItemStatus::Manual),
                ],
            ),
        ];
        let view = aggregate(&parts, DEFAULT_MAX_AS_OF_SPREAD_DAYS).unwrap();
        let item = &view.items[0];
        assert_eq!(item.id, "9.5");
        assert_eq!(item.status, ItemStatus::Fail);
        assert_eq!(item.parts[&ItemStatus::Fail], ["api"]);
        assert_eq!(item.parts[&ItemStatus::Pass], ["web"]);
        assert_eq!(view.summary.overall, OverallStatus::StandardsNotMet);
        assert_eq!(view.summary.most_failures, [("api".to_string(), 1)]);
    }

    #[test]
    fn parts_of_another_framework_or_organisation_are_refused() {
        let mut other = part("b", &[("9.5", ItemStatus::Pass)]);
        other.assessment.assessment.framework = "dspt-caf".to_string();
        let error = aggregate(&[part("a", &[]), other], 31).unwrap_err();
        assert!(error.to_string().contains("framework"), "{error}");
        let mut other = part("b", &[]);
        other.assessment.assessment.organisation.name = Some("Other Ltd".to_string());
        let error = aggregate(&[part("a", &[]), other], 31).unwrap_err();
        assert!(error.to_string().contains("organisation"), "{error}");
        let mut late = part("b", &[]);
        late.assessment.assessment.as_of = Date::parse("2026-09-30").unwrap();
        let error = aggregate(&[part("a", &[]), late], 31).unwrap_err();
        assert_eq!(error.code(), "as-of-spread");
    }
}
