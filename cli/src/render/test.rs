//! `dspt test`'s output: text for people, JSON for tools, JUnit XML for CI test reports.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use dspt_engine::policy::rego::FileCoverage;
use dspt_engine::policy::testing::{TestOutcome, TestStatus};
use dspt_engine::report::escape_markup;
use serde_json::json;

fn percent(file: &FileCoverage) -> f64 {
    let all = file.covered.len() + file.not_covered.len();
    if all == 0 {
        100.0
    } else {
        100.0 * file.covered.len() as f64 / all as f64
    }
}

pub fn total_percent(files: &[&FileCoverage]) -> f64 {
    let covered: usize = files.iter().map(|f| f.covered.len()).sum();
    let all: usize = files
        .iter()
        .map(|f| f.covered.len() + f.not_covered.len())
        .sum();
    if all == 0 {
        100.0
    } else {
        100.0 * covered as f64 / all as f64
    }
}

/// `3, 7-9, 12`.
fn line_ranges(lines: &BTreeSet<u32>) -> String {
    let mut ranges: Vec<(u32, u32)> = Vec::new();
    for &line in lines {
        match ranges.last_mut() {
            Some((_, end)) if *end + 1 == line => *end = line,
            _ => ranges.push((line, line)),
        }
    }
    ranges
        .iter()
        .map(|(a, b)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a}-{b}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn counts(selected: &[&TestOutcome]) -> (usize, usize, usize) {
    let passed = selected
        .iter()
        .filter(|o| o.status == TestStatus::Pass)
        .count();
    let failed = selected
        .iter()
        .filter(|o| o.status == TestStatus::Fail)
        .count();
    (passed, failed, selected.len() - passed - failed)
}

pub fn text(
    selected: &[&TestOutcome],
    coverage: &[&FileCoverage],
    coverage_wanted: bool,
    verbose: bool,
) -> Result<String, std::fmt::Error> {
    let mut out = String::new();
    for outcome in selected {
        match &outcome.status {
            TestStatus::Pass if verbose => {
                writeln!(out, "{}: PASS {}", outcome.location, outcome.name)?;
            }
            TestStatus::Pass => {}
            TestStatus::Fail => {
                writeln!(out, "{}: FAIL {}", outcome.location, outcome.name)?;
            }
            TestStatus::Error(message) => {
                writeln!(
                    out,
                    "{}: ERROR {}: {message}",
                    outcome.location, outcome.name
                )?;
            }
        }
    }
    if coverage_wanted {
        writeln!(out, "coverage:")?;
        for file in coverage {
            let uncovered = if file.not_covered.is_empty() {
                String::new()
            } else {
                format!("; not covered: lines {}", line_ranges(&file.not_covered))
            };
            writeln!(out, "  {}: {:.1}%{uncovered}", file.path, percent(file))?;
        }
        writeln!(out, "  total: {:.1}%", total_percent(coverage))?;
    }
    let (passed, failed, errors) = counts(selected);
    writeln!(
        out,
        "tests: {passed} passed, {failed} failed, {errors} errors"
    )?;
    Ok(out)
}

pub fn json(
    selected: &[&TestOutcome],
    coverage: &[&FileCoverage],
    coverage_wanted: bool,
) -> anyhow::Result<String> {
    let tests: Vec<_> = selected
        .iter()
        .map(|o| {
            let message = match &o.status {
                TestStatus::Error(message) => Some(message.clone()),
                TestStatus::Pass | TestStatus::Fail => None,
            };
            json!({"name": o.name, "file": o.location.path, "line": o.location.line, "status": o.status.verdict(), "message": message})
        })
        .collect();
    let (passed, failed, errors) = counts(selected);
    let mut document =
        json!({"tests": tests, "summary": {"passed": passed, "failed": failed, "errors": errors}});
    if coverage_wanted {
        document["coverage"] = json!({
            "total_percent": (total_percent(coverage) * 10.0).round() / 10.0,
            "files": coverage.iter().map(|f| json!({"file": f.path, "percent": (percent(f) * 10.0).round() / 10.0, "covered": f.covered, "not_covered": f.not_covered})).collect::<Vec<_>>(),
        });
    }
    let mut text = serde_json::to_string_pretty(&document)?;
    text.push('\n');
    Ok(text)
}

/// JUnit XML: one `<testsuite>` per test file, one `<testcase>` per test, as GitLab and Jenkins read it.
pub fn junit(selected: &[&TestOutcome]) -> Result<String, std::fmt::Error> {
    let mut suites: std::collections::BTreeMap<&str, Vec<&TestOutcome>> =
        std::collections::BTreeMap::new();
    for outcome in selected {
        suites
            .entry(outcome.location.path.as_str())
            .or_default()
            .push(outcome);
    }
    let (_, failed, errors) = counts(selected);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    writeln!(
        out,
        "<testsuites name=\"dspt test\" tests=\"{}\" failures=\"{failed}\" errors=\"{errors}\">",
        selected.len()
    )?;
    for (file, outcomes) in suites {
        let (_, suite_failed, suite_errors) = counts(&outcomes);
        writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{suite_failed}\" errors=\"{suite_errors}\">",
            escape_markup(file),
            outcomes.len()
        )?;
        for outcome in outcomes {
            let name = outcome.name.rsplit('.').next().unwrap_or(&outcome.name);
            let classname = outcome
                .name
                .rsplit_once('.')
                .map_or("", |(package, _)| package);
            let line = outcome.location.line.unwrap_or(1);
            let head = format!(
                "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" line=\"{line}\"",
                escape_markup(name),
                escape_markup(classname),
                escape_markup(file)
            );
            match &outcome.status {
                TestStatus::Pass => {
                    writeln!(out, "{head}/>")?;
                }
                TestStatus::Fail => {
                    writeln!(
                        out,
                        "{head}>\n      <failure message=\"the test rule was false or undefined\">{}:{line}</failure>\n    </testcase>",
                        escape_markup(file)
                    )?;
                }
                TestStatus::Error(message) => {
                    writeln!(
                        out,
                        "{head}>\n      <error message=\"{}\">{}:{line}</error>\n    </testcase>",
                        escape_markup(message),
                        escape_markup(file)
                    )?;
                }
            }
        }
        writeln!(out, "  </testsuite>")?;
    }
    out.push_str("</testsuites>\n");
    Ok(out)
}
