//! The gate: waivers (with expiry), baselines and `--fail-on`.

use std::fs;

use serde_json::Value;

use crate::{AS_OF, copy_fixture, dspt_in, report_check as check, report_checks as checks};

/// The compliant organisation with one failing check: a resource outside the UK.
fn one_failure() -> tempfile::TempDir {
    let fixture = copy_fixture("compliant-supplier");
    let config = fixture.path().join("dspt.yaml");
    let text = fs::read_to_string(&config).unwrap();
    fs::write(
        &config,
        format!(
            "{text}\nparams:\n  terraform:\n    allowed_regions: [eu-west-2, uksouth, ukwest]\n"
        ),
    )
    .unwrap();
    fixture
}

fn with_waiver(dir: &std::path::Path, expires: &str) {
    let config = dir.join("dspt.yaml");
    let text = fs::read_to_string(&config).unwrap();
    fs::write(
        &config,
        format!("{text}\nwaivers:\n  - check: TF-REG-001\n    subject: \"google_*\"\n    reason: Cloud SQL replica region agreed with the customer\n    approver: Head of Security\n    expires: {expires}\n"),
    )
    .unwrap();
}

fn run(dir: &std::path::Path, extra: &[&str]) -> crate::Run {
    let mut args = vec![
        "check",
        "--config",
        "dspt.yaml",
        "--as-of",
        AS_OF,
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    dspt_in(dir, &args)
}

#[test]
fn a_waiver_turns_a_failure_into_waived_and_the_gate_passes() {
    let fixture = one_failure();
    let failing = run(fixture.path(), &[]);
    assert_eq!(failing.code, 1, "{}", failing.transcript());
    assert_eq!(check(&failing.json(), "TF-REG-001")["status"], "fail");

    with_waiver(fixture.path(), "2026-12-31");
    let waived = run(fixture.path(), &[]);
    assert_eq!(waived.code, 0, "{}", waived.transcript());
    let assessment = waived.json();
    let region = check(&assessment, "TF-REG-001");
    assert_eq!(region["status"], "waived");
    let finding = &region["findings"].as_array().unwrap()[0];
    assert_eq!(
        finding["waiver"]["approver"], "Head of Security",
        "waived findings stay in the report"
    );
    assert_eq!(assessment["waivers"][0]["state"], "active");

    // Auditors see everything.
    let audit = run(fixture.path(), &["--no-waivers"]);
    assert_eq!(audit.code, 1, "{}", audit.transcript());
}

#[test]
fn an_expired_waiver_stops_waiving_and_fails_the_gate() {
    let fixture = one_failure();
    with_waiver(fixture.path(), "2026-06-29");
    let run = run(fixture.path(), &[]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let assessment = run.json();
    assert_eq!(check(&assessment, "TF-REG-001")["status"], "fail");
    assert_eq!(assessment["waivers"][0]["state"], "expired");
    let text = dspt_in(
        fixture.path(),
        &["check", "--config", "dspt.yaml", "--as-of", AS_OF],
    );
    assert!(text.stdout.contains("EXPIRED"), "{}", text.transcript());
}

#[test]
fn a_waiver_without_an_expiry_or_for_an_unknown_check_is_refused() {
    let fixture = one_failure();
    let config = fixture.path().join("dspt.yaml");
    let text = fs::read_to_string(&config).unwrap();
    fs::write(
        &config,
        format!("{text}\nwaivers:\n  - {{check: TF-REG-001, reason: forever, approver: me}}\n"),
    )
    .unwrap();
    let run = run(fixture.path(), &[]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr.contains("missing field `expires`"),
        "{}",
        run.transcript()
    );

    fs::write(&config, format!("{text}\nwaivers:\n  - {{check: TF-NOPE-001, reason: r, approver: a, expires: 2026-12-31}}\n")).unwrap();
    let unknown = dspt_in(
        fixture.path(),
        &["check", "--config", "dspt.yaml", "--as-of", AS_OF],
    );
    assert_eq!(unknown.code, 2, "{}", unknown.transcript());
    assert!(
        unknown
            .stderr
            .contains("`waivers` names check `TF-NOPE-001`"),
        "{}",
        unknown.transcript()
    );
}

#[test]
fn a_baseline_fails_only_on_new_findings() {
    let fixture = copy_fixture("noncompliant-supplier");
    let first = run(fixture.path(), &[]);
    assert_eq!(first.code, 1);
    fs::write(fixture.path().join("baseline.json"), &first.stdout).unwrap();

    // The same estate against its own baseline: everything is known, the gate passes.
    let known = run(fixture.path(), &["--baseline", "baseline.json"]);
    assert_eq!(known.code, 0, "{}", known.transcript());
    let assessment = known.json();
    assert!(
        checks(&assessment)
            .iter()
            .flat_map(|c| c["findings"].as_array().unwrap().clone())
            .all(|f| f["known"] == true || f["level"] == "warn")
    );

    // A new failure (the platform stack moves to Ireland) is not in the baseline.
    let plan = fixture.path().join("plans/platform.json");
    let text = fs::read_to_string(&plan)
        .unwrap()
        .replace("\"eu-west-2\"", "\"eu-west-1\"");
    fs::write(&plan, text).unwrap();
    let regressed = run(fixture.path(), &["--baseline", "baseline.json"]);
    assert_eq!(regressed.code, 1, "{}", regressed.transcript());
    let new: Vec<Value> = checks(&regressed.json())
        .iter()
        .flat_map(|c| c["findings"].as_array().unwrap().clone())
        .filter(|f| f["known"] != true && f["level"] == "deny")
        .collect();
    assert!(
        !new.is_empty()
            && new
                .iter()
                .all(|f| f["msg"].as_str().unwrap().contains("eu-west-1")),
        "{new:#?}"
    );
}

#[test]
fn a_baseline_that_is_not_a_report_is_refused() {
    let fixture = copy_fixture("compliant-supplier");
    fs::write(fixture.path().join("baseline.json"), "{\"items\": []}").unwrap();
    let run = run(fixture.path(), &["--baseline", "baseline.json"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr.contains("not a dspt JSON report"),
        "{}",
        run.transcript()
    );
}

#[test]
fn fail_on_warn_makes_warnings_fail_the_gate() {
    let dir = tempfile::tempdir().unwrap();
    // A database whose encryption is known only after apply: a warning, not a failure.
    let plan = serde_json::json!({
        "format_version": "1.2",
        "resource_changes": [{
            "address": "aws_db_instance.main", "mode": "managed", "type": "aws_db_instance", "name": "main",
            "provider_name": "registry.terraform.io/hashicorp/aws",
            "change": {"actions": ["create"], "before": null,
                       "after": {"engine": "postgres", "deletion_protection": true, "backup_retention_period": 7, "auto_minor_version_upgrade": true},
                       "after_unknown": {"storage_encrypted": true, "id": true}}
        }],
        "configuration": {"provider_config": {"aws": {"name": "aws", "expressions": {"region": {"constant_value": "eu-west-2"}}}},
                          "root_module": {"resources": [{"address": "aws_db_instance.main", "provider_config_key": "aws",
                                                         "expressions": {"storage_encrypted": {"references": ["var.encrypt_databases"]}}}]}}
    });
    fs::write(dir.path().join("plan.json"), plan.to_string()).unwrap();
    // This stack is not where the account's audit trail lives.
    fs::write(
        dir.path().join("dspt.yaml"),
        "params:\n  terraform:\n    cloudtrail_required: false\n",
    )
    .unwrap();
    let args = [
        "check",
        "--terraform",
        "plan.json",
        "--as-of",
        AS_OF,
        "--format",
        "json",
    ];
    let lenient = dspt_in(dir.path(), &args);
    assert_eq!(lenient.code, 0, "{}", lenient.transcript());
    assert_eq!(check(&lenient.json(), "TF-ENC-001")["status"], "warn");
    let strict = dspt_in(dir.path(), &[&args[..], &["--fail-on", "warn"]].concat());
    assert_eq!(strict.code, 1, "{}", strict.transcript());
    assert_eq!(
        dspt_in(
            dir.path(),
            &["check", "--terraform", "plan.json", "--fail-on", "never"]
        )
        .code,
        2
    );
}
