//! `dspt test`: run the Rego unit tests of the built-in library or of policy folders, like
//! `opa test`, with line coverage and JSON or JUnit output for CI.

use anyhow::Context;
use dspt_engine::model::ExitStatus;
use dspt_engine::policy::lint::{LintLevel, lint, packages_of};
use dspt_engine::policy::rego::FileCoverage;
use dspt_engine::policy::testing::{TestOutcome, TestRun, TestStatus, run_tests_with, test_files};
use dspt_engine::run::effective_params;

use crate::args::{TestArgs, TestFormat};
use crate::render::test as render;

/// Runs the tests: exit 0 when all pass (and coverage meets `--threshold`), 1 when a test fails
/// or coverage is short, 2 when a test errors or nothing ran.
pub fn run(args: TestArgs) -> anyhow::Result<ExitStatus> {
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
    // The files under test: the folders' own files, or the whole built-in library.
    let tested_dirs: Vec<String> = args.dirs.iter().map(|d| d.display().to_string()).collect();
    let under_test = |path: &str| {
        tested_dirs.is_empty() || tested_dirs.iter().any(|d| path.starts_with(d.as_str()))
    };
    let coverage: Vec<&FileCoverage> = coverage.iter().filter(|c| under_test(&c.path)).collect();
    let total = render::total_percent(&coverage);
    // Shapes regorus makes slow, in the files under test (standard error: the formats on
    // standard output stay as they are).
    let lints = lint(
        files.iter().filter(|f| under_test(&f.path)),
        &packages_of(&files),
    );
    let warnings = lints
        .iter()
        .filter(|f| f.level == LintLevel::Warning)
        .count();
    // Errors always, warnings with --verbose (a library being reshaped may have many).
    for finding in &lints {
        let level = match finding.level {
            LintLevel::Error => "error",
            LintLevel::Warning if args.verbose => "warning",
            LintLevel::Warning => continue,
        };
        eprintln!(
            "{level}[{}]: {}: {}",
            finding.name, finding.location, finding.message
        );
    }
    let lint_errors = lints.len() - warnings;
    if !lints.is_empty() {
        let listed = if args.verbose || warnings == 0 {
            ""
        } else {
            " (`--verbose` lists the warnings)"
        };
        eprintln!(
            "lint: {lint_errors} error(s), {warnings} warning(s) of shapes regorus makes slow{listed}; docs/policy-authoring.md says why"
        );
    }

    let output = match args.format {
        TestFormat::Text => render::text(&selected, &coverage, coverage_wanted, args.verbose)?,
        TestFormat::Json => render::json(&selected, &coverage, coverage_wanted)?,
        TestFormat::Junit => render::junit(&selected)?,
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
        ExitStatus::Error
    } else if failures || short || lint_errors > 0 {
        ExitStatus::Fail
    } else {
        ExitStatus::Pass
    })
}
