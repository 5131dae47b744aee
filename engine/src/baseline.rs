//! Baselines: a previous `dspt/assessment/v1` report whose findings are known. Findings found
//! again (same check, same fingerprint) are marked `known` and do not fail the gate, so a team can
//! adopt dspt on an existing estate and stop regressions; they stay in every report.

use std::collections::BTreeSet;
use std::path::Path;

use crate::error::SourceError;
use crate::model::CheckId;
use crate::results::{Assessment, CheckResult};

/// (check id, fingerprint) of every finding in a baseline.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Baseline {
    known: BTreeSet<(CheckId, String)>,
}

impl Baseline {
    /// Reads a previous JSON report.
    pub fn load(path: &Path, max_bytes: u64) -> Result<Baseline, SourceError> {
        let bytes = crate::sources::read_input(path, max_bytes)?;
        Baseline::parse(&path.display().to_string(), &bytes)
    }

    /// Parses a previous JSON report.
    pub fn parse(file: &str, bytes: &[u8]) -> Result<Baseline, SourceError> {
        let assessment =
            Assessment::from_json(file, bytes).map_err(|error| SourceError::NotABaseline {
                location: error.location,
                message: error.message,
            })?;
        Ok(Baseline::of(&assessment))
    }

    /// The findings of an assessment.
    pub fn of(assessment: &Assessment) -> Baseline {
        let known = assessment
            .check_results()
            .into_iter()
            .flat_map(|check| {
                check
                    .findings
                    .iter()
                    .map(|finding| (check.id.clone(), finding.fingerprint.clone()))
            })
            .collect();
        Baseline { known }
    }

    /// Marks the findings the baseline knows.
    pub fn apply(&self, results: &mut [CheckResult]) {
        for result in results {
            for finding in &mut result.findings {
                finding.known = self
                    .known
                    .contains(&(result.id.clone(), finding.fingerprint.clone()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_is_not_an_assessment_is_refused_where_it_is_wrong() {
        let error = Baseline::parse("b.json", b"{\"schema\": \"other\"}").unwrap_err();
        assert_eq!(error.code(), "not-a-baseline");
        assert!(error.to_string().contains("b.json: "), "{error}");
        assert!(error.to_string().contains("`other`"), "{error}");
        let error = Baseline::parse("b.json", b"{").unwrap_err();
        assert_eq!(error.code(), "not-a-baseline");
    }

    #[test]
    fn fingerprints_are_read_from_items_and_unmapped_checks() {
        let assessment = crate::report::sample::assessment();
        let bytes = serde_json::to_vec(&assessment).unwrap();
        let baseline = Baseline::parse("b.json", &bytes).unwrap();
        let expected: BTreeSet<(CheckId, String)> = assessment
            .items
            .iter()
            .flat_map(|item| &item.checks)
            .chain(&assessment.unmapped_checks)
            .flat_map(|c| {
                c.findings
                    .iter()
                    .map(|f| (c.id.clone(), f.fingerprint.clone()))
            })
            .collect();
        assert!(!expected.is_empty());
        assert_eq!(baseline.known, expected);
    }
}
