//! End-to-end tests: the real `dspt` binary on the shipped fixtures and on bad input.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test harness panics on a broken fixture"
)]

mod aggregate;
mod authoring;
mod bad_input;
mod catalogue;
mod check;
mod diff;
mod gating;
mod integrations;
mod organisation_workflow;
mod performance;
mod privacy;
mod registers;
mod reports;
mod test;
mod toolkit_rules;
mod verdicts;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// The assessment date every test uses, so results do not depend on the day the tests run.
pub const AS_OF: &str = "2026-06-30";

/// What a run printed and how it ended.
pub struct Run {
    /// Exit code (-1 when killed by a signal).
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Run {
    /// Exit code, stdout and stderr in one string, for snapshots and assertion messages.
    pub fn transcript(&self) -> String {
        format!(
            "exit code: {}\n----- stdout -----\n{}----- stderr -----\n{}",
            self.code, self.stdout, self.stderr
        )
    }

    /// Standard output parsed as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|error| panic!("stdout is not JSON ({error}):\n{}", self.transcript()))
    }
}

/// Runs `dspt` with `args` in `dir`, with no pseudonym key or date from the environment.
pub fn dspt_in(dir: &Path, args: &[&str]) -> Run {
    dspt_env(dir, args, &[])
}

/// [`dspt_in`] with `env` applied after: `Some` sets a variable, `None` removes it. The runner's
/// own `GITHUB_STEP_SUMMARY` is always removed (a test under GitHub Actions must not write to
/// the real job summary).
pub fn dspt_env(dir: &Path, args: &[&str], env: &[(&str, Option<&std::ffi::OsStr>)]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_dspt"));
    command
        .args(args)
        .current_dir(dir)
        .env_remove("DSPT_PSEUDONYM_KEY")
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("GITHUB_STEP_SUMMARY")
        .env("NO_COLOR", "1");
    for (key, value) in env {
        match value {
            Some(value) => command.env(key, value),
            None => command.env_remove(key),
        };
    }
    let output = command.output().expect("the dspt binary runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Runs `dspt` from the repository root, so fixture paths read as in the README.
pub fn dspt(args: &[&str]) -> Run {
    dspt_in(&workspace_root(), args)
}

/// The repository's top folder.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("cli/ has a parent")
        .to_path_buf()
}

/// A copy of a fixture in a fresh temporary folder (outside any git repository).
pub fn copy_fixture(name: &str) -> tempfile::TempDir {
    let temporary = tempfile::tempdir().expect("a temporary folder");
    copy_tree(
        &workspace_root().join("fixtures").join(name),
        temporary.path(),
    );
    temporary
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for entry in std::fs::read_dir(from).expect("read fixture") {
        let entry = entry.expect("fixture entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy fixture file");
        }
    }
}

/// Every distinct check of a JSON report, by id: those of the items and the unmapped ones
/// (a check serving several items once).
pub fn report_checks(assessment: &Value) -> Vec<Value> {
    let mut checks: Vec<Value> = assessment["items"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|item| item["checks"].as_array().unwrap().iter().cloned())
        .chain(
            assessment["unmapped_checks"]
                .as_array()
                .unwrap()
                .iter()
                .cloned(),
        )
        .collect();
    checks.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
    checks.dedup_by(|a, b| a["id"] == b["id"]);
    checks
}

/// One evidence item of a JSON report, by id; panics naming the id when the report lacks it.
pub fn report_item<'a>(assessment: &'a Value, id: &str) -> &'a Value {
    assessment["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == id)
        .unwrap_or_else(|| panic!("item {id} not in the report"))
}

/// One check of a JSON report, by id; panics naming the id when the report lacks it.
pub fn report_check(assessment: &Value, id: &str) -> Value {
    report_checks(assessment)
        .into_iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("check {id} not in the report"))
}
