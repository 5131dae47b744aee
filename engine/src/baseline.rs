//! Baselines: a previous `dspt/assessment/v1` report whose findings are known. Findings found
//! again (same check, same fingerprint) are marked `known` and do not fail the gate, so a team can
//! adopt dspt on an existing estate and stop regressions; they stay in every report.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

use crate::error::{Location, SourceError};
use crate::results::{ASSESSMENT_SCHEMA, CheckResult};
use crate::sources::files::json_message;

/// (check id, fingerprint) of every finding in a baseline.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Baseline {
    known: BTreeSet<(String, String)>,
}

impl Baseline {
    /// Reads a previous JSON report.
    pub fn load(path: &Path, max_bytes: u64) -> Result<Baseline, SourceError> {
        let bytes = crate::sources::read_input(path, max_bytes)?;
        Baseline::parse(&path.display().to_string(), &bytes)
    }

    /// Parses a previous JSON report.
    pub fn parse(file: &str, bytes: &[u8]) -> Result<Baseline, SourceError> {
        let document: Value = serde_json::from_slice(bytes).map_err(|error| SourceError::Json {
            location: Location::at(file, error.line(), Some(error.column())),
            message: json_message(&error),
        })?;
        if document.get("schema").and_then(Value::as_str) != Some(ASSESSMENT_SCHEMA) {
            return Err(SourceError::NotABaseline {
                location: Location::file(file),
            });
        }
        let checks = document["items"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|item| item["checks"].as_array().into_iter().flatten())
            .chain(document["unmapped_checks"].as_array().into_iter().flatten());
        let mut known = BTreeSet::new();
        for check in checks {
            let Some(id) = check["id"].as_str() else {
                continue;
            };
            for finding in check["findings"].as_array().into_iter().flatten() {
                if let Some(fingerprint) = finding["fingerprint"].as_str() {
                    known.insert((id.to_string(), fingerprint.to_string()));
                }
            }
        }
        Ok(Baseline { known })
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
    fn a_file_that_is_not_an_assessment_is_refused() {
        assert_eq!(
            Baseline::parse("b.json", b"{\"schema\": \"other\"}")
                .unwrap_err()
                .code(),
            "not-a-baseline"
        );
        assert_eq!(
            Baseline::parse("b.json", b"{").unwrap_err().code(),
            "invalid-json"
        );
    }

    #[test]
    fn fingerprints_are_read_from_items_and_unmapped_checks() {
        let report = br#"{"schema": "dspt/assessment/v1", "items": [{"checks": [{"id": "A", "findings": [{"fingerprint": "f1"}]}]}], "unmapped_checks": [{"id": "B", "findings": [{"fingerprint": "f2"}]}]}"#;
        let baseline = Baseline::parse("b.json", report).unwrap();
        assert!(
            baseline
                .known
                .contains(&("A".to_string(), "f1".to_string()))
        );
        assert!(
            baseline
                .known
                .contains(&("B".to_string(), "f2".to_string()))
        );
    }
}
