//! `dspt test`: run the Rego unit tests of the built-in library or of policy folders.

use std::io::Write;

use anyhow::Context;
use dspt_engine::policy::testing::{TestStatus, run_tests, test_files};
use dspt_engine::run::effective_params;

use crate::args::TestArgs;

/// Runs the tests; exit 0 when all pass, 1 when one fails, 2 when one errors.
pub fn run(args: TestArgs) -> anyhow::Result<u8> {
    let filter = args
        .run
        .as_deref()
        .map(regex::Regex::new)
        .transpose()
        .context("`--run` is not a valid regular expression")?;
    let files = test_files(&args.dirs)?;
    let params = effective_params(&dspt_engine::config::Config::default())?;
    let outcomes = run_tests(&files, &params)?;
    let selected: Vec<_> = outcomes
        .iter()
        .filter(|o| filter.as_ref().is_none_or(|f| f.is_match(&o.name)))
        .collect();

    let mut out = String::new();
    let (mut passed, mut failed, mut errors) = (0, 0, 0);
    for outcome in &selected {
        match &outcome.status {
            TestStatus::Pass => {
                passed += 1;
                if args.verbose {
                    out.push_str(&format!("{}: PASS {}\n", outcome.location, outcome.name));
                }
            }
            TestStatus::Fail => {
                failed += 1;
                out.push_str(&format!("{}: FAIL {}\n", outcome.location, outcome.name));
            }
            TestStatus::Error(message) => {
                errors += 1;
                out.push_str(&format!(
                    "{}: ERROR {}: {message}\n",
                    outcome.location, outcome.name
                ));
            }
        }
    }
    out.push_str(&format!(
        "tests: {passed} passed, {failed} failed, {errors} errors\n"
    ));
    std::io::stdout()
        .lock()
        .write_all(out.as_bytes())
        .context("cannot write to standard output")?;
    if selected.is_empty() {
        anyhow::bail!("no test matched: a test run that runs nothing proves nothing");
    }
    Ok(if errors > 0 {
        2
    } else if failed > 0 {
        1
    } else {
        0
    })
}
