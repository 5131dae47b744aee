//! `dspt diff` on a git repository built here with two commits of policies and config, and
//! `dspt compare` on two assessments of a fixture.

use std::path::Path;

use serde_json::Value;

use super::{AS_OF, copy_fixture, dspt_in};

/// An organisation check that passes on the compliant fixture (its repository has a README).
const README_CHECK: &str = r#"# METADATA
# title: The repository has a README
# custom:
#   id: ORG-DOC-001
#   severity: low
#   sources: [repository]
#   evidence: ["7.1.1"]
package dspt.checks.org.readme

import rego.v1

judged contains "repository" if input.repository

deny contains {"msg": "no README.md", "source": "repository"} if {
	not input.repository.files["README.md"]
}
"#;

/// The same check, edited: it now also wants the README to be tracked at the top level.
const README_CHECK_EDITED: &str = r#"# METADATA
# title: The repository has a README at its top level
# custom:
#   id: ORG-DOC-001
#   severity: medium
#   sources: [repository]
#   evidence: ["7.1.1"]
package dspt.checks.org.readme

import rego.v1

readme_paths := {"README.md", "README"}

judged contains "repository" if input.repository

deny contains {"msg": "no README.md or README at the top level", "source": "repository"} if {
	count({p | some p in readme_paths; input.repository.files[p]}) == 0
}
"#;

/// A new check that fails on the compliant fixture (it has no CONTRIBUTING.md), mapped to 2.2.1.
const CONTRIBUTING_CHECK: &str = r#"# METADATA
# title: The repository says how to contribute
# custom:
#   id: ORG-DOC-002
#   severity: low
#   sources: [repository]
#   evidence: ["2.2.1"]
package dspt.checks.org.contributing

import rego.v1

judged contains "repository" if input.repository

deny contains {"msg": "no CONTRIBUTING.md", "file": "CONTRIBUTING.md", "source": "repository"} if {
	not input.repository.files["CONTRIBUTING.md"]
}
"#;

fn commit_all(repository: &git2::Repository, message: &str) {
    let mut index = repository.index().unwrap();
    index
        .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
        .unwrap();
    index.update_all(["*"], None).unwrap();
    index.write().unwrap();
    let tree = repository.find_tree(index.write_tree().unwrap()).unwrap();
    let signature = git2::Signature::now("Reviewer", "reviewer@example.org").unwrap();
    let parent = repository
        .head()
        .ok()
        .and_then(|head| head.peel_to_commit().ok());
    let parents: Vec<&git2::Commit> = parent.iter().collect();
    repository
        .commit(
            Some("HEAD"),
            &signature,
            &signature,
            message,
            &tree,
            &parents,
        )
        .unwrap();
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// The compliant fixture in a git repository, with two commits: the base adds an organisation
/// check; the head edits it, adds another, lowers the training threshold and disables every
/// check of 6.1.1.
fn policy_repository() -> (tempfile::TempDir, git2::Repository) {
    let dir = copy_fixture("compliant-supplier");
    let repository = git2::Repository::init(dir.path()).unwrap();
    let config_path = dir.path().join("dspt.yaml");
    let config = std::fs::read_to_string(&config_path).unwrap();
    write(
        &config_path,
        &format!("{config}\npolicies: [policies/org]\n"),
    );
    write(&dir.path().join("policies/org/readme.rego"), README_CHECK);
    commit_all(&repository, "Add an organisation check");

    write(
        &dir.path().join("policies/org/readme.rego"),
        README_CHECK_EDITED,
    );
    write(
        &dir.path().join("policies/org/contributing.rego"),
        CONTRIBUTING_CHECK,
    );
    write(
        &config_path,
        &format!(
            "{config}\npolicies: [policies/org]\nparams:\n  hr:\n    training_threshold: 0.9\ndisable: [REPO-SEC-001, DOC-INC-001, INC-LOG-001, INC-ICO-001]\n"
        ),
    );
    commit_all(&repository, "Edit the policies");
    (dir, repository)
}

fn change<'a>(list: &'a Value, key: &str, id: &str) -> &'a Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|c| c[key] == id)
        .unwrap_or_else(|| panic!("no change with {key} = {id} in {list:#}"))
}

#[test]
fn diff_between_two_commits_names_each_change_by_item() {
    let (dir, _repository) = policy_repository();
    // The working tree no longer has the policies: both revisions come from the object database.
    std::fs::remove_dir_all(dir.path().join("policies")).unwrap();
    let run = dspt_in(dir.path(), &["diff", "HEAD~1", "HEAD", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let diff = run.json();
    assert_eq!(diff["schema"], "dspt/diff/v1");

    let added = change(&diff["checks"], "id", "ORG-DOC-002");
    assert_eq!(added["kind"], "added");
    assert_eq!(added["head_path"], "policies/org/contributing.rego");
    assert_eq!(added["items"], serde_json::json!(["2.2.1"]));

    let changed = change(&diff["checks"], "id", "ORG-DOC-001");
    assert_eq!(changed["kind"], "changed");
    let rego = changed["rego_diff"].as_str().unwrap();
    assert!(rego.contains("--- a/policies/org/readme.rego"), "{rego}");
    assert!(
        rego.contains("+readme_paths := {\"README.md\", \"README\"}"),
        "{rego}"
    );
    assert!(
        rego.contains("-\tnot input.repository.files[\"README.md\"]"),
        "{rego}"
    );
    let metadata = changed["metadata_diff"].as_str().unwrap();
    assert!(
        metadata.contains("-severity: low") && metadata.contains("+severity: medium"),
        "{metadata}"
    );

    let threshold = change(&diff["params"], "key", "hr.training_threshold");
    assert_eq!(threshold["base"], 0.95);
    assert_eq!(threshold["head"], 0.9);
    assert_eq!(threshold["weakening"], "lower");
    assert_eq!(threshold["verdict"], "weaker");
    assert!(
        threshold["checks"]
            .as_array()
            .unwrap()
            .contains(&"HR-TRN-001".into())
    );

    let manual = change(&diff["automation"], "item", "6.1.1");
    assert_eq!(manual["after"], "manual");
    assert_eq!(manual["weakens"], true);
    assert_eq!(
        change(&diff["disabled"], "check", "REPO-SEC-001")["change"],
        "added"
    );

    let weakened: Vec<&str> = diff["weakened_mandatory"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    // The training threshold now serves 3.2.1, a company item: not in this supplier's scope.
    assert_eq!(weakened, ["6.1.1"]);
    assert!(diff.get("impact").is_none(), "no evidence, no impact");
}

#[test]
fn diff_with_evidence_shows_how_outcomes_change() {
    let (dir, _repository) = policy_repository();
    let run = dspt_in(
        dir.path(),
        &[
            "diff",
            "HEAD~1",
            "HEAD",
            "--format",
            "json",
            "--as-of",
            AS_OF,
            "--repository",
            "repo",
            "--terraform",
            "plan.json",
            "--hr",
            "hr/training.csv",
            "--identity",
            "idp/users.csv",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    let impact = &run.json()["impact"];
    let item = change(&impact["items"], "id", "2.2.1");
    assert_eq!(
        (item["before"].as_str(), item["after"].as_str()),
        (Some("pass"), Some("fail"))
    );
    assert_eq!(item["change"], "regressed");
    let disabled = change(&impact["checks"], "id", "REPO-SEC-001");
    assert_eq!(
        (disabled["before"].as_str(), disabled["after"].as_str()),
        (Some("pass"), Some("skipped"))
    );
    let new: Vec<&str> = impact["findings"]["new"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["check"].as_str())
        .collect();
    assert_eq!(new, ["ORG-DOC-002"]);
    assert_eq!(impact["findings"]["fixed"], serde_json::json!([]));
}

#[test]
fn diff_gates_on_weakening_and_renders_for_people() {
    let (dir, _repository) = policy_repository();
    let gate = dspt_in(dir.path(), &["diff", "HEAD~1", "--fail-on-weakening"]);
    assert_eq!(gate.code, 1, "{}", gate.transcript());
    assert!(
        gate.stdout.contains("Weakens mandatory controls: 6.1.1"),
        "{}",
        gate.stdout
    );
    assert!(
        !gate.stdout.contains("3.2.1"),
        "3.2.1 is for companies: {}",
        gate.stdout
    );
    assert!(
        gate.stdout
            .contains("parameter hr.training_threshold: 0.95 → 0.9, weaker (lower weakens)"),
        "{}",
        gate.stdout
    );
    assert!(
        gate.stdout
            .contains("evidence became manual (was partly automated)"),
        "{}",
        gate.stdout
    );
    assert!(gate.stdout.contains("+readme_paths"), "{}", gate.stdout);

    // A change that weakens nothing mandatory passes the gate.
    let same = dspt_in(dir.path(), &["diff", "HEAD", "--fail-on-weakening"]);
    assert_eq!(same.code, 0, "{}", same.transcript());
    assert!(
        same.stdout.contains("No change to checks"),
        "{}",
        same.stdout
    );

    let markdown = dspt_in(
        dir.path(),
        &["diff", "HEAD~1", "HEAD", "--format", "markdown"],
    );
    assert_eq!(markdown.code, 0, "{}", markdown.transcript());
    assert!(
        markdown
            .stdout
            .contains("```diff\n--- a/policies/org/readme.rego"),
        "{}",
        markdown.stdout
    );
    assert!(
        markdown.stdout.contains("— **weakened**"),
        "{}",
        markdown.stdout
    );

    let page = dir.path().join("diff.html");
    let html = dspt_in(
        dir.path(),
        &[
            "diff",
            "HEAD~1",
            "HEAD",
            "--format",
            "html",
            "--output",
            page.to_str().unwrap(),
        ],
    );
    assert_eq!(html.stdout, "", "the page goes to --output");
    let html = crate::Run {
        stdout: std::fs::read_to_string(&page).unwrap(),
        ..html
    };
    assert_eq!(html.code, 0, "{}", html.transcript());
    assert!(
        html.stdout.contains("<table class=\"sbs\">"),
        "side by side: {}",
        html.stdout
    );
    assert!(
        html.stdout.contains(
            "<td class=\"ins\">readme_paths := {&quot;README.md&quot;, &quot;README&quot;}</td>"
        ),
        "{}",
        html.stdout
    );
    // As a browser builds it: the headline and both sides of the edited line.
    if let Some(dom) = crate::reports::render_in_browser(&page, "the_diff_page_renders") {
        assert!(dom.contains("Weakens mandatory controls: 6.1.1"), "{dom}");
        assert!(
            dom.contains("readme_paths := {\"README.md\", \"README\"}"),
            "{dom}"
        );
    }
}

#[test]
fn diff_refuses_what_it_cannot_read() {
    let (dir, _repository) = policy_repository();
    let unknown = dspt_in(dir.path(), &["diff", "no-such-branch"]);
    assert_eq!(unknown.code, 2, "{}", unknown.transcript());
    assert!(
        unknown
            .stderr
            .contains("`no-such-branch` does not name a commit"),
        "{}",
        unknown.stderr
    );

    let outside = tempfile::tempdir().unwrap();
    let not_git = dspt_in(outside.path(), &["diff", "HEAD"]);
    assert_eq!(not_git.code, 2, "{}", not_git.transcript());
    assert!(
        not_git.stderr.contains("is not in a git repository"),
        "{}",
        not_git.stderr
    );

    // A broken policy at one revision names the revision and the file.
    write(
        &dir.path().join("policies/org/readme.rego"),
        "package dspt.checks.org.readme\n\ndeny contains x if {\n",
    );
    let broken = dspt_in(dir.path(), &["diff", "HEAD"]);
    assert_eq!(broken.code, 2, "{}", broken.transcript());
    assert!(
        broken.stderr.contains("at working tree: "),
        "{}",
        broken.stderr
    );
    assert!(
        broken.stderr.contains("policies/org/readme.rego"),
        "{}",
        broken.stderr
    );
}

fn assessment_json(dir: &Path) -> String {
    let run = dspt_in(
        dir,
        &[
            "check",
            "--config",
            "dspt.yaml",
            "--as-of",
            AS_OF,
            "--format",
            "json",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.transcript());
    run.stdout
}

#[test]
fn compare_lists_new_fixed_and_still_open_findings() {
    let dir = copy_fixture("noncompliant-supplier");
    std::fs::write(
        dir.path().join("last-year.json"),
        assessment_json(dir.path()),
    )
    .unwrap();
    // This year: a security policy was added (fixing REPO-SEC-001) and an .env file committed.
    write(
        &dir.path().join("repo/SECURITY.md"),
        "Report vulnerabilities to security@example.org.\n",
    );
    write(&dir.path().join("repo/config/.env"), "DEBUG=1\n");
    std::fs::write(
        dir.path().join("this-year.json"),
        assessment_json(dir.path()),
    )
    .unwrap();

    let run = dspt_in(
        dir.path(),
        &[
            "compare",
            "last-year.json",
            "this-year.json",
            "--format",
            "json",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    let comparison = run.json();
    assert_eq!(comparison["schema"], "dspt/comparison/v1");
    let checks_of = |kind: &str| -> Vec<String> {
        comparison["findings"][kind]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["check"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(
        checks_of("fixed").contains(&"REPO-SEC-001".to_string()),
        "{comparison:#}"
    );
    let new = checks_of("new");
    assert!(
        !new.is_empty() && new.iter().all(|c| c.starts_with("REPO-")),
        "{new:?}"
    );
    assert!(checks_of("still_open").len() > 20, "{comparison:#}");
    let fixed = change(&comparison["checks"], "id", "REPO-SEC-001");
    assert_eq!(fixed["change"], "fixed");

    let text = dspt_in(dir.path(), &["compare", "last-year.json", "this-year.json"]);
    assert_eq!(text.code, 0, "{}", text.transcript());
    for heading in ["New findings (", "Fixed findings (", "Still open ("] {
        assert!(text.stdout.contains(heading), "{heading}: {}", text.stdout);
    }
    assert!(
        text.stdout.contains("REPO-SEC-001 fail → pass  fixed"),
        "{}",
        text.stdout
    );
}

#[test]
fn compare_refuses_a_file_that_is_not_an_assessment() {
    let dir = copy_fixture("noncompliant-supplier");
    let run = dspt_in(dir.path(), &["compare", "plan.json", "plan.json"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr.contains("plan.json: not a dspt assessment"),
        "{}",
        run.stderr
    );
}

#[test]
fn diff_names_waiver_attestation_and_catalogue_changes() {
    let dir = tempfile::tempdir().unwrap();
    let repository = git2::Repository::init(dir.path()).unwrap();
    let base = "organisation: {type: it-supplier}\n\
        waivers:\n  - {check: TF-ENC-001, subject: aws_s3_bucket.legacy, reason: migrating, approver: CISO, expires: 2026-09-30}\n\
        attestations:\n  - {item: \"7.1.2\", by: COO, date: 2025-03-30, evidence: \"https://intranet.example/bcp\"}\n";
    write(&dir.path().join("dspt.yaml"), base);
    commit_all(&repository, "base");
    let head = "organisation: {type: it-supplier}\n\
        catalogues: [catalogue/org.yaml]\n\
        waivers:\n  - {check: TF-ENC-001, subject: aws_s3_bucket.legacy, reason: migrating, approver: CISO, expires: 2027-03-31}\n\
        attestations:\n  - {item: \"7.1.2\", by: COO, date: 2026-03-30, evidence: \"https://intranet.example/bcp\"}\n";
    write(&dir.path().join("dspt.yaml"), head);
    write(
        &dir.path().join("catalogue/org.yaml"),
        "framework: dspt-supplier\nitems:\n  - {id: ORG-1, title: Our own control, mandatory: false, checks: [REPO-SEC-001], source: internal}\n",
    );
    // The head is the working tree, with the overlay not yet committed.
    let run = dspt_in(dir.path(), &["diff", "HEAD", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let diff = run.json();
    let waiver = change(&diff["waivers"], "check", "TF-ENC-001");
    assert_eq!(waiver["kind"], "extended");
    assert_eq!(
        (
            waiver["base_expires"].as_str(),
            waiver["head_expires"].as_str()
        ),
        (Some("2026-09-30"), Some("2027-03-31"))
    );
    assert_eq!(waiver["weakens"], true);
    let attestation = change(&diff["attestations"], "item", "7.1.2");
    assert_eq!(attestation["kind"], "renewed");
    let added = change(&diff["automation"], "item", "ORG-1");
    assert!(
        added.get("before").is_none() || added["before"].is_null(),
        "{added}"
    );
    assert_eq!(added["after"], "automated");

    let text = dspt_in(dir.path(), &["diff", "HEAD"]);
    assert!(text.stdout.contains("waiver of TF-ENC-001 on aws_s3_bucket.legacy extended: expires 2027-03-31 (was 2026-09-30)"), "{}", text.stdout);
    assert!(
        text.stdout
            .contains("attestation renewed: 2026-03-30 (was 2025-03-30) by COO"),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout
            .contains("item added to the catalogue (automated)"),
        "{}",
        text.stdout
    );
}
