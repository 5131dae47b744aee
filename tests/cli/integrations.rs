//! The CI packaging runs as written: the GitHub Action's run step, the pre-commit hook's entry
//! and the GitLab job's script, each with the built `dspt` on PATH, in a copy of a fixture.

use std::path::Path;
use std::process::Command;

use crate::{AS_OF, copy_fixture, workspace_root};

/// PATH with the directory of the built binary first.
fn path_with_dspt() -> String {
    let binary = Path::new(env!("CARGO_BIN_EXE_dspt"));
    let dir = binary.parent().unwrap().display().to_string();
    format!("{dir}:{}", std::env::var("PATH").unwrap_or_default())
}

fn yaml(path: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(workspace_root().join(path)).unwrap();
    yaml_serde::from_str(&text).unwrap()
}

fn bash(dir: &Path, script: &str, env: &[(&str, &str)]) -> crate::Run {
    let mut command = Command::new("bash");
    command
        .arg("-euo")
        .arg("pipefail")
        .arg("-c")
        .arg(script)
        .current_dir(dir)
        .env("PATH", path_with_dspt())
        .env("SOURCE_DATE_EPOCH", "1782777600")
        .env_remove("GITHUB_STEP_SUMMARY");
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command.output().unwrap();
    crate::Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

#[test]
fn the_github_action_runs_dspt_and_writes_sarif() {
    let action = yaml("action.yml");
    let steps = action["runs"]["steps"].as_array().unwrap();
    let build = steps[0]["run"].as_str().unwrap();
    assert!(
        build.contains("cargo install --locked") && build.contains("${{ github.action_path }}/cli"),
        "{build}"
    );
    let run = steps[1]["run"].as_str().unwrap();
    let inputs = &action["inputs"];
    let default = |name: &str| inputs[name]["default"].as_str().unwrap().to_string();
    let fixture = copy_fixture("noncompliant-supplier");
    let script = run
        .replace(
            "${{ inputs.args }}",
            &format!("--config dspt.yaml --as-of {AS_OF}"),
        )
        .replace("${{ inputs.fail-on }}", &default("fail-on"));
    let sarif = default("sarif");
    let outcome = bash(
        fixture.path(),
        &script,
        &[("DSPT_SARIF", &sarif), ("DSPT_PSEUDONYM_KEY", "")],
    );
    assert_eq!(
        outcome.code,
        1,
        "a failing estate fails the job: {}",
        outcome.transcript()
    );
    assert!(
        outcome.stdout.lines().any(|l| l.starts_with("::error ")),
        "{}",
        outcome.transcript()
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture.path().join(sarif)).unwrap())
            .unwrap();
    assert_eq!(report["version"], "2.1.0");
}

#[test]
fn the_pre_commit_hook_entry_runs() {
    let hooks = yaml(".pre-commit-hooks.yaml");
    let hook = &hooks[0];
    assert_eq!(hook["language"], "system");
    let args: Vec<&str> = hook["args"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    let script = format!(
        "{} {} --as-of {AS_OF}",
        hook["entry"].as_str().unwrap(),
        args.join(" ")
    );
    // Run from the repository itself, as pre-commit does: only repository evidence is there.
    let fixture = copy_fixture("compliant-supplier");
    let outcome = bash(&fixture.path().join("repo"), &script, &[]);
    assert_eq!(outcome.code, 0, "{}", outcome.transcript());
    assert!(
        outcome.stdout.contains("REPO-SEC-001 pass (judged 1)")
            || outcome.stdout.contains("REPO-SEC-001 judged 1"),
        "{}",
        outcome.transcript()
    );
}

#[test]
fn the_gitlab_job_script_writes_its_artefacts() {
    let job = &yaml("docs/ci/gitlab-ci.yml")["dspt"];
    let fixture = copy_fixture("noncompliant-supplier");
    for line in job["script"].as_array().unwrap() {
        let outcome = bash(
            fixture.path(),
            &format!("{} --as-of {AS_OF}", line.as_str().unwrap()),
            &[],
        );
        assert_eq!(outcome.code, 1, "{}", outcome.transcript());
    }
    let junit = job["artifacts"]["reports"]["junit"].as_str().unwrap();
    let xml = std::fs::read_to_string(fixture.path().join(junit)).unwrap();
    assert!(
        xml.contains("<testsuites") && xml.contains("<failure"),
        "{xml}"
    );
    for artefact in job["artifacts"]["paths"].as_array().unwrap() {
        assert!(
            fixture.path().join(artefact.as_str().unwrap()).is_file(),
            "{artefact} not written"
        );
    }
}
