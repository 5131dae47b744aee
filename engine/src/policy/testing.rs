//! Running Rego unit tests: every `test_*` rule of every `*_test.rego` file, like `opa test`.
//!
//! regorus has no test runner. Tests are found by their rule heads (a `test_` name at the start of
//! a line), evaluated on the interpreter (the bytecode VM has no `with`), and judged as OPA does:
//! `true` passes, anything else (including undefined) fails, an evaluation error is an error.

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde_json::Value;

use super::bundle::{PolicyFile, builtin_files, load_policy_dir};
use super::metadata::package_of;
use super::rego::{FileCoverage, RegoEngine, RuleValue};
use crate::error::{Location, PolicyError, PolicyProblem, PolicyProblemKind};

/// How one test ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TestStatus {
    /// The rule was true.
    Pass,
    /// The rule was false or undefined.
    Fail,
    /// Evaluation failed; the message says why.
    Error(String),
}

impl TestStatus {
    /// The verdict, without the error's message.
    pub fn verdict(&self) -> crate::model::TestVerdict {
        match self {
            TestStatus::Pass => crate::model::TestVerdict::Pass,
            TestStatus::Fail => crate::model::TestVerdict::Fail,
            TestStatus::Error(_) => crate::model::TestVerdict::Error,
        }
    }
}

/// One test's outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestOutcome {
    /// `data.<package>.test_x`
    pub name: String,
    /// Where the test is defined.
    pub location: Location,
    /// How it ended.
    pub status: TestStatus,
}

/// The files a test run loads: the given folders, plus every built-in file whose package no
/// folder file redefines (so tests of organisation checks can use the built-in library, and a
/// checkout of `policies/` itself is tested from disk, not from the copy built into the binary).
/// With no folders, the built-in library.
pub fn test_files(dirs: &[PathBuf]) -> Result<Vec<PolicyFile>, PolicyError> {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for dir in dirs {
        match load_policy_dir(dir) {
            Ok(loaded) => files.extend(loaded),
            Err(problem) => problems.push(problem),
        }
    }
    if !problems.is_empty() {
        return Err(PolicyError { problems });
    }
    let packages: BTreeSet<String> = files
        .iter()
        .filter_map(|f| package_of(&f.text))
        .map(|(p, _)| p)
        .collect();
    let builtin = builtin_files()
        .into_iter()
        .filter(|f| package_of(&f.text).is_none_or(|(package, _)| !packages.contains(&package)));
    let mut all: Vec<PolicyFile> = builtin.chain(files).collect();
    if !dirs.is_empty() {
        // Only the folders' tests run; built-in files (test support too) are there as the
        // library they may use.
        let tested: BTreeSet<String> = dirs.iter().map(|d| d.display().to_string()).collect();
        all.retain(|f| {
            !f.is_test()
                || f.is_test_support()
                || tested.iter().any(|dir| f.path.starts_with(dir.as_str()))
        });
    }
    Ok(all)
}

/// Loads every file (checks and tests) and runs every test, in file then line order.
pub fn run_tests(files: &[PolicyFile], params: &Value) -> Result<Vec<TestOutcome>, PolicyError> {
    run_tests_with(files, params, false).map(|run| run.outcomes)
}

/// The outcomes of a test run, and line coverage of the files that are not tests when asked.
#[derive(Debug, Clone)]
pub struct TestRun {
    /// One per test.
    pub outcomes: Vec<TestOutcome>,
    /// Coverage of every non-test file, by path (empty unless asked).
    pub coverage: Vec<FileCoverage>,
}

/// Runs every test, measuring line coverage when `coverage` is set.
pub fn run_tests_with(
    files: &[PolicyFile],
    params: &Value,
    coverage: bool,
) -> Result<TestRun, PolicyError> {
    let mut engine = RegoEngine::new();
    let mut problems = Vec::new();
    for file in files {
        if let Err(error) = engine.add_module(&file.path, &file.text) {
            problems.push(PolicyProblem {
                location: error.location.unwrap_or_else(|| Location::file(&file.path)),
                kind: PolicyProblemKind::Compile,
                message: error.message,
            });
        }
    }
    if let Err(error) = engine.set_data(serde_json::json!({"dspt": {"params": params}})) {
        problems.push(PolicyProblem {
            location: Location::file("params"),
            kind: PolicyProblemKind::Params,
            message: error.message,
        });
    }
    if !problems.is_empty() {
        problems.sort();
        return Err(PolicyError { problems });
    }
    engine.set_coverage(coverage);
    let mut outcomes = Vec::new();
    for file in files.iter().filter(|f| f.is_test()) {
        let Some((package, _)) = package_of(&file.text) else {
            continue;
        };
        for (name, line) in test_rules(&file.text) {
            let rule = format!("data.{package}.{name}");
            // One engine for every test, so coverage accumulates; each evaluation starts clean.
            let status = match engine.eval_rule(&rule) {
                Ok(RuleValue::Defined(Value::Bool(true))) => TestStatus::Pass,
                Ok(_) => TestStatus::Fail,
                Err(error) => TestStatus::Error(error.message),
            };
            outcomes.push(TestOutcome {
                name: rule,
                location: Location::at(&file.path, line, None),
                status,
            });
        }
    }
    let tests: BTreeSet<&str> = files
        .iter()
        .filter(|f| f.is_test())
        .map(|f| f.path.as_str())
        .collect();
    let coverage = if coverage {
        engine
            .coverage()
            .into_iter()
            .filter(|c| !tests.contains(c.path.as_str()))
            .collect()
    } else {
        Vec::new()
    };
    Ok(TestRun { outcomes, coverage })
}

/// `test_*` rule names and the line of their first definition.
fn test_rules(text: &str) -> Vec<(String, usize)> {
    let mut rules: Vec<(String, usize)> = Vec::new();
    for (number, line) in text.lines().enumerate() {
        if !line.starts_with("test_") {
            continue;
        }
        let name: String = line
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !rules.iter().any(|(known, _)| *known == name) {
            rules.push((name, number + 1));
        }
    }
    rules
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> PolicyFile {
        PolicyFile::builtin(path, text)
    }

    /// `cargo test` fails when any built-in Rego unit test fails.
    #[test]
    fn builtin_policy_tests_pass() {
        let files = crate::policy::bundle::builtin_files();
        let params = crate::policy::params::default_params().unwrap();
        let outcomes = run_tests(&files, &params).unwrap_or_else(|error| panic!("{error}"));
        let failures: Vec<String> = outcomes
            .iter()
            .filter(|o| o.status != TestStatus::Pass)
            .map(|o| format!("{}: {} {:?}", o.location, o.name, o.status))
            .collect();
        assert!(
            failures.is_empty(),
            "failing Rego tests:\n{}",
            failures.join("\n")
        );
        // Every check file has tests beside it.
        for check in files
            .iter()
            .filter(|f| !f.is_test() && f.path.contains("/checks/"))
        {
            let test_path = check.path.replace(".rego", "_test.rego");
            let count = outcomes
                .iter()
                .filter(|o| o.location.path == test_path)
                .count();
            assert!(
                count >= 2,
                "{} has {count} tests; a check needs a passing and a failing case",
                check.path
            );
        }
    }

    #[test]
    fn coverage_names_the_lines_no_test_reached() {
        let files = [
            file(
                "c.rego",
                "package c\n\ndeny contains \"x\" if {\n\tinput.bad\n}\n\nwarn contains \"y\" if {\n\tinput.odd\n}\n",
            ),
            file(
                "c_test.rego",
                "package c_test\n\nimport data.c\n\ntest_bad if c.deny == {\"x\"} with input as {\"bad\": true}\n",
            ),
        ];
        let run = run_tests_with(&files, &serde_json::json!({}), true).unwrap();
        assert_eq!(run.coverage.len(), 1, "{:?}", run.coverage);
        let coverage = &run.coverage[0];
        assert_eq!(coverage.path, "c.rego");
        assert!(coverage.covered.contains(&4), "{coverage:?}");
        // regorus marks a rule's head covered only when the rule produced a value.
        assert!(coverage.not_covered.contains(&7), "{coverage:?}");
    }

    #[test]
    fn tests_pass_fail_and_error() {
        let files = [
            file("c.rego", "package c\n\ndeny contains \"x\" if input.bad\n"),
            file(
                "c_test.rego",
                "package c_test\n\nimport data.c\n\ntest_bad_denies if c.deny == {\"x\"} with input as {\"bad\": true}\n\ntest_wrong if c.deny == {\"y\"} with input as {\"bad\": true}\n\ntest_undefined if input.nothing\n\ntest_errors if 1 / 0\n",
            ),
        ];
        let outcomes = run_tests(&files, &serde_json::json!({})).unwrap();
        let statuses: Vec<(&str, &TestStatus)> = outcomes
            .iter()
            .map(|o| (o.name.as_str(), &o.status))
            .collect();
        assert_eq!(
            statuses[0],
            ("data.c_test.test_bad_denies", &TestStatus::Pass)
        );
        assert_eq!(statuses[1], ("data.c_test.test_wrong", &TestStatus::Fail));
        assert_eq!(
            statuses[2],
            ("data.c_test.test_undefined", &TestStatus::Fail)
        );
        assert!(matches!(statuses[3].1, TestStatus::Error(_)));
        assert_eq!(outcomes[1].location.line, Some(7));
    }
}
