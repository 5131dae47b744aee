//! `dspt test`: run the Rego unit tests of the built-in library or of policy folders, like
//! `opa test`, with line coverage and JSON or JUnit output for CI.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use anyhow::Context;
use dspt_engine::policy::rego::FileCoverage;
use dspt_engine::policy::testing::{TestOutcome, TestRun, TestStatus, run_tests_with, test_files};
use dspt_engine::run::effective_params;
use serde_json::json;

use crate::args::{TestArgs, TestFormat};

/// Runs the tests: exit 0 when all pass (and coverage meets `--threshold`), 1 when a test fails
/// or coverage is short, 2 when a test errors or nothing ran.
pub fn run(args: TestArgs) -> anyhow::Result<u8> {
    let filter = args
        .run
        .as_deref()
        .map(regex::Regex::new)
        .transpose()
        .context("`--run` is not a valid regular expression")?;
    let files = test_files(&args.dirs)?;
    let params = effective_params(&dspt_engine::config::Config::default())?;
    let coverage_wanted = args.coverage || args.threshold.is_some();
    let TestRun { outcomes, coverage } = run_tests_with(&files, &params, coverage_wanted)?;
    let selected: Vec<&TestOutcome> = outcomes
        .iter()
        .filter(|o| filter.as_ref().is_none_or(|f| f.is_match(&o.name)))
        .collect();
    if selected.is_empty() {
        anyhow::bail!("no test matched: a test run that runs nothing proves nothing");
    }
    // Coverage of the files under test: the folders' own files, or the whole built-in library.
    let tested_dirs: Vec<String> = args.dirs.iter().map(|d| d.display().to_string()).collect();
    let coverage: Vec<&FileCoverage> = coverage
        .iter()
        .filter(|c| {
            tested_dirs.is_empty() || tested_dirs.iter().any(|d| c.path.starts_with(d.as_str()))
        })
        .collect();
    let total = total_percent(&coverage);

    let output = match args.format {
        TestFormat::Text => render_text(&selected, &coverage, coverage_wanted, args.verbose),
        TestFormat::Json => render_json(&selected, &coverage, coverage_wanted)?,
        TestFormat::Junit => render_junit(&selected),
    };
    crate::output::write_stdout(&output)?;

    let errors = selected
        .iter()
        .any(|o| matches!(o.status, TestStatus::Error(_)));
    let failures = selected.iter().any(|o| o.status == TestStatus::Fail);
    let short = args.threshold.is_some_and(|threshold| total < threshold);
    if short {
        eprintln!(
            "error: coverage {total:.1}% is below the threshold of {:.1}%",
            args.threshold.unwrap_or_default()
        );
    }
    Ok(if errors {
        2
    } else if failures || short {
        1
    } else {
        0
    })
}

fn percent(file: &FileCoverage) -> f64 {
    let all = file.covered.len() + file.not_covered.len();
    if all == 0 {
        100.0
    } else {
        100.0 * file.covered.len() as f64 / all as f64
    }
}

fn total_percent(files: &[&FileCoverage]) -> f64 {
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

fn render_text(
    selected: &[&TestOutcome],
    coverage: &[&FileCoverage],
    coverage_wanted: bool,
    verbose: bool,
) -> String {
    let mut out = String::new();
    for outcome in selected {
        match &outcome.status {
            TestStatus::Pass if verbose => {
                let _ = writeln!(out, "{}: PASS {}", outcome.location, outcome.name);
            }
            TestStatus::Pass => {}
            TestStatus::Fail => {
                let _ = writeln!(out, "{}: FAIL {}", outcome.location, outcome.name);
            }
            TestStatus::Error(message) => {
                let _ = writeln!(
                    out,
                    "{}: ERROR {}: {message}",
                    outcome.location, outcome.name
                );
            }
        }
    }
    if coverage_wanted {
        let _ = writeln!(out, "coverage:");
        for file in coverage {
            let uncovered = if file.not_covered.is_empty() {
                String::new()
            } else {
                format!("; not covered: lines {}", line_ranges(&file.not_covered))
            };
            let _ = writeln!(out, "  {}: {:.1}%{uncovered}", file.path, percent(file));
        }
        let _ = writeln!(out, "  total: {:.1}%", total_percent(coverage));
    }
    let (passed, failed, errors) = counts(selected);
    let _ = writeln!(
        out,
        "tests: {passed} passed, {failed} failed, {errors} errors"
    );
    out
}

fn render_json(
    selected: &[&TestOutcome],
    coverage: &[&FileCoverage],
    coverage_wanted: bool,
) -> anyhow::Result<String> {
    let tests: Vec<_> = selected
        .iter()
        .map(|o| {
            let (status, message) = match &o.status {
                TestStatus::Pass => ("pass", None),
                TestStatus::Fail => ("fail", None),
                TestStatus::Error(message) => ("error", Some(message.clone())),
            };
            json!({"name": o.name, "file": o.location.path, "line": o.location.line, "status": status, "message": message})
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

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// One `<testsuite>` per test file, one `<testcase>` per test, as GitLab and Jenkins read it.
fn render_junit(selected: &[&TestOutcome]) -> String {
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
    let _ = writeln!(
        out,
        "<testsuites name=\"dspt test\" tests=\"{}\" failures=\"{failed}\" errors=\"{errors}\">",
        selected.len()
    );
    for (file, outcomes) in suites {
        let (_, suite_failed, suite_errors) = counts(&outcomes);
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{suite_failed}\" errors=\"{suite_errors}\">",
            escape(file),
            outcomes.len()
        );
        for outcome in outcomes {
            let name = outcome.name.rsplit('.').next().unwrap_or(&outcome.name);
            let classname = outcome
                .name
                .rsplit_once('.')
                .map_or("", |(package, _)| package);
            let line = outcome.location.line.unwrap_or(1);
            let head = format!(
                "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" line=\"{line}\"",
                escape(name),
                escape(classname),
                escape(file)
            );
            match &outcome.status {
                TestStatus::Pass => {
                    let _ = writeln!(out, "{head}/>");
                }
                TestStatus::Fail => {
                    let _ = writeln!(
                        out,
                        "{head}>\n      <failure message=\"the test rule was false or undefined\">{}:{line}</failure>\n    </testcase>",
                        escape(file)
                    );
                }
                TestStatus::Error(message) => {
                    let _ = writeln!(
                        out,
                        "{head}>\n      <error message=\"{}\">{}:{line}</error>\n    </testcase>",
                        escape(message),
                        escape(file)
                    );
                }
            }
        }
        let _ = writeln!(out, "  </testsuite>");
    }
    out.push_str("</testsuites>\n");
    out
}
