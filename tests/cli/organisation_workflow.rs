//! The reusable organisation workflow (`.github/workflows/dspt-organisation.yml`) runs as written:
//! its own scripts, over three generated repositories, each assessed as the matrix job does, the
//! reports gathered as `download-artifact` does, then aggregated and gated as the last job does.

use std::path::Path;

use serde_json::Value;

use crate::{AS_OF, Run, copy_fixture, workspace_root};

fn workflow() -> Value {
    let text =
        std::fs::read_to_string(workspace_root().join(".github/workflows/dspt-organisation.yml"))
            .unwrap();
    yaml_serde::from_str(&text).unwrap()
}

/// The `run:` script of the step of `job` named `name`.
fn script(workflow: &Value, job: &str, name: &str) -> String {
    workflow["jobs"][job]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|step| step["name"] == name)
        .and_then(|step| step["run"].as_str())
        .unwrap_or_else(|| panic!("no step `{name}` in job {job}"))
        .trim()
        .to_string()
}

/// Runs a step's script in `dir`, with dspt's own checkout (`.dspt`, as the workflow's second
/// checkout makes it) being this repository.
fn bash(dir: &Path, script: &str, env: &[(&str, &str)]) -> Run {
    let checkout = dir.join(".dspt");
    if !checkout.exists() {
        std::os::unix::fs::symlink(workspace_root(), &checkout).unwrap();
    }
    let binary = Path::new(env!("CARGO_BIN_EXE_dspt"));
    let path = format!(
        "{}:{}",
        binary.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut command = std::process::Command::new("bash");
    command
        .args(["-e", "-c", script])
        .current_dir(dir)
        .env("PATH", path)
        .env_remove("GITHUB_STEP_SUMMARY")
        .env_remove("DSPT_PSEUDONYM_KEY");
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command.output().unwrap();
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// A matrix job's workspace: the fixture checked out as `repository/`, renamed to one
/// organisation; `without_plan` keeps only the repository.
fn checkout(fixture: &str, without_plan: bool) -> tempfile::TempDir {
    let job = tempfile::tempdir().unwrap();
    let source = copy_fixture(fixture);
    std::fs::rename(source.path(), job.path().join("repository")).unwrap();
    let config = job.path().join("repository/dspt.yaml");
    let text = if without_plan {
        "organisation:\n  name: Acme Health Ltd\n  type: it-supplier\nframework: dspt-supplier\nsources:\n  repository: repo\n".to_string()
    } else {
        std::fs::read_to_string(&config)
            .unwrap()
            .replace("Noncompliant Supplier Ltd", "Acme Health Ltd")
            .replace("Compliant Supplier Ltd", "Acme Health Ltd")
    };
    std::fs::write(config, text).unwrap();
    job
}

/// Runs the assess step in a job for `repository`, and returns the report it would upload.
fn assess(workflow: &Value, job: &Path, repository: &str) -> std::path::PathBuf {
    let output = job.join("github_output");
    let run = bash(
        job,
        &script(workflow, "assess", "Assess the repository"),
        &[
            ("DSPT_REPOSITORY_NAME", repository),
            ("DSPT_CONFIG", "dspt.yaml"),
            ("DSPT_AS_OF", AS_OF),
            ("DSPT_PSEUDONYM_KEY", ""),
            ("GITHUB_OUTPUT", output.to_str().unwrap()),
        ],
    );
    assert_eq!(
        run.code,
        0,
        "a failing repository is a verdict, not a failed job: {}",
        run.transcript()
    );
    let name = repository.replace('/', "__");
    assert_eq!(
        std::fs::read_to_string(output).unwrap(),
        format!("name={name}\n")
    );
    job.join(format!("reports/{name}.json"))
}

#[test]
fn the_organisation_workflow_assesses_each_repository_then_aggregates_and_gates() {
    let workflow = workflow();
    let aggregate = tempfile::tempdir().unwrap();
    std::fs::create_dir(aggregate.path().join("reports")).unwrap();
    let mut jobs = Vec::new();
    for (repository, fixture, without_plan) in [
        ("acme/api", "noncompliant-supplier", false),
        ("acme/web", "compliant-supplier", false),
        ("acme/docs", "compliant-supplier", true),
    ] {
        let job = checkout(fixture, without_plan);
        let report = assess(&workflow, job.path(), repository);
        // download-artifact with merge-multiple: every report in one folder.
        std::fs::copy(
            &report,
            aggregate
                .path()
                .join("reports")
                .join(report.file_name().unwrap()),
        )
        .unwrap();
        jobs.push(job);
    }

    let summary = aggregate.path().join("summary.md");
    let env = |assessed: &'static str| {
        vec![
            ("DSPT_ASSESSED", assessed),
            ("DSPT_ORGANISATION_CONFIG", ""),
            ("DSPT_AS_OF", AS_OF),
            ("DSPT_PSEUDONYM_KEY", ""),
        ]
    };
    let mut with_summary = env("success");
    let summary_path = summary.to_str().unwrap().to_string();
    with_summary.push(("GITHUB_STEP_SUMMARY", &summary_path));
    let run = bash(
        aggregate.path(),
        &script(&workflow, "aggregate", "Aggregate"),
        &with_summary,
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    let view: Value = serde_json::from_str(
        &std::fs::read_to_string(aggregate.path().join("organisation.json")).unwrap(),
    )
    .unwrap();
    let secure = view["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "9.5")
        .unwrap();
    assert_eq!(secure["status"], "fail", "{secure:#}");
    assert_eq!(
        secure["parts"]["fail"],
        serde_json::json!(["acme__api"]),
        "{secure:#}"
    );
    // 9.5 is an assertion the compliant repository attests by hand: manual there, never pass.
    assert_eq!(
        secure["parts"]["manual"],
        serde_json::json!(["acme__web"]),
        "{secure:#}"
    );
    assert_eq!(
        secure["parts"]["not_assessed"],
        serde_json::json!(["acme__docs"]),
        "{secure:#}"
    );
    let page = std::fs::read_to_string(aggregate.path().join("organisation.html")).unwrap();
    assert!(page.contains("id=\"heat-map\""));
    assert!(std::fs::read_to_string(&summary).unwrap().contains("9.5"));

    // The gate: mandatory items are outstanding in acme/api, so the job fails, naming them.
    let gate = bash(
        aggregate.path(),
        &script(
            &workflow,
            "aggregate",
            "Fail while a mandatory item is outstanding",
        ),
        &[],
    );
    assert_eq!(gate.code, 1, "{}", gate.transcript());
    assert!(
        gate.stdout
            .contains("::error::mandatory items outstanding: "),
        "{}",
        gate.transcript()
    );
    assert!(gate.stdout.contains("9.5"), "{}", gate.transcript());

    // An assessment job that did not succeed leaves the view incomplete: the job fails.
    let run = bash(
        aggregate.path(),
        &script(&workflow, "aggregate", "Aggregate"),
        &env("failure"),
    );
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stdout.contains("the organisation view is incomplete"),
        "{}",
        run.transcript()
    );

    // A report of another organisation among the artifacts: refused, exit 2.
    let stranger = checkout("compliant-supplier", false);
    let config = stranger.path().join("repository/dspt.yaml");
    let text = std::fs::read_to_string(&config)
        .unwrap()
        .replace("Acme Health Ltd", "Other Trust");
    std::fs::write(&config, text).unwrap();
    let report = assess(&workflow, stranger.path(), "other/app");
    std::fs::copy(&report, aggregate.path().join("reports/other__app.json")).unwrap();
    let run = bash(
        aggregate.path(),
        &script(&workflow, "aggregate", "Aggregate"),
        &env("success"),
    );
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(run.stderr.contains("other__app"), "{}", run.transcript());
}

#[test]
fn the_organisation_workflow_writes_no_input_into_a_script() {
    let workflow = workflow();
    for (job, body) in workflow["jobs"].as_object().unwrap() {
        for step in body["steps"].as_array().unwrap() {
            if let Some(run) = step["run"].as_str() {
                assert!(
                    !run.contains("${{"),
                    "{job}: `{}` interpolates into its script",
                    step["name"]
                );
            }
        }
    }
    // Every third-party action is pinned to a commit.
    let text =
        std::fs::read_to_string(workspace_root().join(".github/workflows/dspt-organisation.yml"))
            .unwrap();
    for line in text
        .lines()
        .filter(|l| l.trim_start().starts_with("- uses:"))
    {
        let reference = line.split('@').nth(1).unwrap_or_default();
        assert!(
            reference.len() >= 40 && reference[..40].chars().all(|c| c.is_ascii_hexdigit()),
            "not pinned to a commit: {line}"
        );
    }
}

#[test]
fn the_gitlab_recipe_runs_the_same_scripts() {
    let text =
        std::fs::read_to_string(workspace_root().join("docs/ci/gitlab-organisation.yml")).unwrap();
    let recipe: Value = yaml_serde::from_str(&text).unwrap();
    let scripts = |job: &str| -> Vec<String> {
        recipe[job]["script"]
            .as_array()
            .unwrap()
            .iter()
            .map(|line| line.as_str().unwrap().to_string())
            .collect()
    };
    assert!(
        scripts("dspt-assess").contains(&"bash .dspt/scripts/organisation-assess.sh".to_string())
    );
    assert_eq!(
        scripts("dspt-aggregate"),
        [
            "bash .dspt/scripts/organisation-aggregate.sh",
            "bash .dspt/scripts/organisation-gate.sh"
        ]
    );
    let workflow = workflow();
    for (job, name, script) in [
        ("assess", "Assess the repository", "organisation-assess.sh"),
        ("aggregate", "Aggregate", "organisation-aggregate.sh"),
        (
            "aggregate",
            "Fail while a mandatory item is outstanding",
            "organisation-gate.sh",
        ),
    ] {
        assert_eq!(
            self::script(&workflow, job, name),
            format!("bash .dspt/scripts/{script}")
        );
        assert!(workspace_root().join("scripts").join(script).is_file());
    }
    let install = recipe[".dspt-install"]["before_script"].as_array().unwrap();
    assert!(
        install
            .iter()
            .any(|line| line == "bash .dspt/scripts/install-dspt.sh")
    );
}
