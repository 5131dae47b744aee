//! Policy authoring: `dspt init`, organisation policies, `dspt config`, coverage.

use std::fs;

use crate::{AS_OF, dspt_in};

/// The policy authoring guide's path: init in an empty git repository, test, check.
#[test]
fn init_then_test_then_check_works_as_the_guide_says() {
    let dir = tempfile::tempdir().unwrap();
    git2::Repository::init(dir.path()).unwrap();
    let init = dspt_in(dir.path(), &["init"]);
    assert_eq!(init.code, 0, "{}", init.transcript());
    assert!(
        init.stdout.contains("dspt test policies/org"),
        "{}",
        init.transcript()
    );

    let test = dspt_in(
        dir.path(),
        &["test", "policies/org", "--coverage", "--threshold", "100"],
    );
    assert_eq!(test.code, 0, "{}", test.transcript());
    assert!(
        test.stdout.contains("tests: 6 passed, 0 failed, 0 errors"),
        "{}",
        test.transcript()
    );

    // No asset register yet: the organisation check fails its item.
    let check = dspt_in(
        dir.path(),
        &["check", ".", "--as-of", AS_OF, "--format", "json"],
    );
    assert_eq!(check.code, 1, "{}", check.transcript());
    let assessment = check.json();
    let item = crate::report_item(&assessment, "7.1.1");
    assert_eq!(item["status"], "fail", "{item:#}");
    let organisation_check = |item: &serde_json::Value| {
        item["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == "ORG-AST-001")
            .cloned()
            .unwrap_or_else(|| panic!("{item:#}"))
    };
    assert_eq!(organisation_check(item)["status"], "fail", "{item:#}");

    fs::create_dir_all(dir.path().join("docs")).unwrap();
    fs::write(
        dir.path().join("docs/asset-register.yaml"),
        "reviewed_on: \"2026-03-01\"\nassets: []\n",
    )
    .unwrap();
    let check = dspt_in(
        dir.path(),
        &["check", ".", "--as-of", AS_OF, "--format", "json"],
    );
    let assessment = check.json();
    let item = crate::report_item(&assessment, "7.1.1");
    assert_eq!(organisation_check(item)["status"], "pass", "{item:#}");
    // The built-in register checks of 7.1.1 had no register to read: the item is not verified.
    assert_eq!(item["status"], "not_assessed", "{item:#}");

    let again = dspt_in(dir.path(), &["init"]);
    assert_eq!(
        again.code,
        2,
        "init must not overwrite: {}",
        again.transcript()
    );
    assert_eq!(dspt_in(dir.path(), &["init", "--force"]).code, 0);
}

/// The guide shows the example exactly as `dspt init` writes it.
#[test]
fn the_authoring_guide_shows_the_files_init_writes() {
    let root = crate::workspace_root();
    let guide = fs::read_to_string(root.join("docs/policy-authoring.md")).unwrap();
    for template in ["asset_register.rego", "asset_register_test.rego"] {
        let text = fs::read_to_string(root.join("cli/src/templates").join(template)).unwrap();
        assert!(
            guide.contains(&format!("```rego\n{text}```")),
            "docs/policy-authoring.md does not show {template} as written"
        );
    }
}

#[test]
fn a_check_claiming_an_unknown_item_is_named_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(dspt_in(dir.path(), &["init"]).code, 0);
    let check = dir.path().join("policies/org/asset_register.rego");
    let text = fs::read_to_string(&check)
        .unwrap()
        .replace("evidence: [\"7.1.1\"]", "evidence: [\"7.1.99\"]");
    fs::write(&check, text).unwrap();
    let run = dspt_in(dir.path(), &["check", "--as-of", AS_OF]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr.contains(
            "policies/org/asset_register.rego:11: check `ORG-AST-001` claims to evidence `7.1.99`"
        ),
        "{}",
        run.transcript()
    );
}

#[test]
fn coverage_names_the_uncovered_lines_of_a_half_tested_check() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(dspt_in(dir.path(), &["init"]).code, 0);
    // Keep only the test of the missing register: the review-date branches go untested.
    let tests =
        fs::read_to_string(dir.path().join("policies/org/asset_register_test.rego")).unwrap();
    let half: String = tests
        .split("\ntest_a_stale_review_fails")
        .next()
        .unwrap()
        .to_string();
    fs::write(
        dir.path().join("policies/org/asset_register_test.rego"),
        half,
    )
    .unwrap();
    let run = dspt_in(
        dir.path(),
        &["test", "policies/org", "--coverage", "--threshold", "95"],
    );
    assert_eq!(run.code, 1, "{}", run.transcript());
    let line = run
        .stdout
        .lines()
        .find(|l| l.contains("policies/org/asset_register.rego:"))
        .unwrap();
    assert!(line.contains("not covered: lines "), "{line}");
    assert!(
        run.stderr.contains("below the threshold"),
        "{}",
        run.transcript()
    );
    let json = dspt_in(
        dir.path(),
        &["test", "policies/org", "--coverage", "--format", "json"],
    )
    .json();
    assert!(
        json["coverage"]["files"][0]["not_covered"]
            .as_array()
            .is_some_and(|lines| !lines.is_empty())
    );
}

#[test]
fn an_organisation_catalogue_overlay_adds_items() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(dspt_in(dir.path(), &["init"]).code, 0);
    fs::write(
        dir.path().join("org-catalogue.yaml"),
        "framework: dspt-supplier\nitems:\n  - id: ORG-1\n    title: Our asset register is reviewed every quarter\n    mandatory: true\n    checks: [ORG-AST-001]\n    source: Information security policy v3, section 7\n",
    )
    .unwrap();
    let config = fs::read_to_string(dir.path().join("dspt.yaml")).unwrap();
    fs::write(
        dir.path().join("dspt.yaml"),
        format!("{config}\ncatalogues: [org-catalogue.yaml]\n"),
    )
    .unwrap();
    let run = dspt_in(dir.path(), &["check", "--as-of", AS_OF, "--format", "json"]);
    let assessment = run.json();
    let item = assessment["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "ORG-1")
        .unwrap_or_else(|| panic!("{}", run.transcript()));
    assert_eq!(item["checks"][0]["id"], "ORG-AST-001");
    assert!(
        assessment["summary"]["mandatory_outstanding"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i == "ORG-1")
    );

    fs::write(dir.path().join("org-catalogue.yaml"), "framework: dspt-supplier\nitems:\n  - {id: \"6.1.1\", title: Again, mandatory: true, source: s}\n").unwrap();
    let duplicate = dspt_in(dir.path(), &["config", "validate"]);
    assert_eq!(duplicate.code, 2, "{}", duplicate.transcript());
    assert!(
        duplicate.stderr.contains("already in catalogue"),
        "{}",
        duplicate.transcript()
    );
}

#[test]
fn test_results_can_be_junit_for_ci() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(dspt_in(dir.path(), &["init"]).code, 0);
    let run = dspt_in(dir.path(), &["test", "policies/org", "--format", "junit"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(run.stdout.starts_with("<?xml"), "{}", run.transcript());
    assert!(
        run.stdout
            .contains("<testcase name=\"test_a_missing_register_fails\""),
        "{}",
        run.transcript()
    );
}

#[test]
fn config_validate_and_show() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(dspt_in(dir.path(), &["init"]).code, 0);
    let valid = dspt_in(dir.path(), &["config", "validate"]);
    assert_eq!(valid.code, 0, "{}", valid.transcript());
    let shown = dspt_in(dir.path(), &["config", "show"]).json();
    assert_eq!(shown["params"]["hr"]["training_threshold"], 0.95);
    assert!(
        shown["checks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == "ORG-AST-001")
    );

    fs::write(
        dir.path().join("dspt.yaml"),
        "params:\n  hr:\n    training_threshold: \"95%\"\n",
    )
    .unwrap();
    let invalid = dspt_in(dir.path(), &["config", "validate"]);
    assert_eq!(invalid.code, 2, "{}", invalid.transcript());
    assert!(
        invalid.stderr.contains(
            "dspt.yaml:3: parameter `hr.training_threshold` must be a number, not a string"
        ),
        "{}",
        invalid.transcript()
    );
}

#[test]
fn a_parameter_override_changes_the_outcome() {
    let fixture = crate::copy_fixture("noncompliant-supplier");
    let check_status = |run: &crate::Run, id: &str| {
        crate::report_check(&run.json(), id)["status"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let before = dspt_in(
        fixture.path(),
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
    assert_eq!(check_status(&before, "TF-REG-001"), "fail");
    let config = fs::read_to_string(fixture.path().join("dspt.yaml")).unwrap();
    let widened = format!(
        "{config}\nparams:\n  terraform:\n    allowed_regions: [eu-west-2, uksouth, ukwest, europe-west2, us-east-1]\n"
    );
    fs::write(fixture.path().join("dspt.yaml"), widened).unwrap();
    let after = dspt_in(
        fixture.path(),
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
    assert_eq!(
        check_status(&after, "TF-REG-001"),
        "pass",
        "{}",
        after.transcript()
    );
}

#[test]
fn a_disabled_check_is_skipped_not_dropped_and_an_unknown_id_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("SECURITY.md"),
        "Report to security@example.com\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("dspt.yaml"),
        "sources:\n  repository: .\ndisable: [REPO-SEC-001, DOC-INC-001, INC-LOG-001, INC-ICO-001]\n",
    )
    .unwrap();
    let run = dspt_in(dir.path(), &["check", "--as-of", AS_OF, "--format", "json"]);
    let assessment = run.json();
    let check = crate::report_check(&assessment, "REPO-SEC-001");
    assert_eq!(check["status"], "skipped");
    assert!(check["reason"].as_str().unwrap().contains("disabled"));
    // With every check of 6.1.1 off, it is evidenced by hand again, so manual, and can be attested.
    let item = |assessment: &serde_json::Value| {
        assessment["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == "6.1.1")
            .cloned()
            .unwrap()
    };
    assert_eq!(item(&assessment)["status"], "manual");
    assert_eq!(item(&assessment)["automation"], "manual");
    fs::write(
        dir.path().join("dspt.yaml"),
        "sources:\n  repository: .\ndisable: [REPO-SEC-001, DOC-INC-001, INC-LOG-001, INC-ICO-001]\nattestations:\n  - {item: \"6.1.1\", by: Head of Security, date: 2026-05-06, evidence: \"https://intranet.example/incident-log\"}\n",
    )
    .unwrap();
    let run = dspt_in(dir.path(), &["check", "--as-of", AS_OF, "--format", "json"]);
    assert_eq!(
        item(&run.json())["status"],
        "attested",
        "{}",
        run.transcript()
    );

    fs::write(
        dir.path().join("dspt.yaml"),
        "sources:\n  repository: .\ndisable: [REPO-NOPE-001]\n",
    )
    .unwrap();
    let run = dspt_in(dir.path(), &["check", "--as-of", AS_OF]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(run.stderr.contains("REPO-NOPE-001"), "{}", run.transcript());
}

#[test]
fn an_organisation_check_with_a_builtin_id_replaces_it_and_explain_says_so() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("org")).unwrap();
    fs::write(
        dir.path().join("org/security_policy.rego"),
        "# METADATA\n# title: Our own incident route\n# custom:\n#   id: REPO-SEC-001\n#   severity: high\n#   sources: [repository]\npackage dspt.checks.org.security_policy\n\nimport rego.v1\n\ndeny contains {\"msg\": \"no INCIDENTS.md\"} if not input.repository.files[\"INCIDENTS.md\"]\n\njudged contains \"repository\" if input.repository\n",
    )
    .unwrap();
    fs::write(dir.path().join("SECURITY.md"), "security@example.com\n").unwrap();
    let run = dspt_in(
        dir.path(),
        &[
            "check",
            ".",
            "--policies",
            "org",
            "--as-of",
            AS_OF,
            "--format",
            "json",
        ],
    );
    assert_eq!(
        run.code,
        1,
        "the organisation's rule, not the built-in one, decides: {}",
        run.transcript()
    );
    let explain = dspt_in(
        dir.path(),
        &["explain", "REPO-SEC-001", "--policies", "org"],
    );
    assert!(
        explain.stdout.contains("replaces the built-in check"),
        "{}",
        explain.transcript()
    );
}
