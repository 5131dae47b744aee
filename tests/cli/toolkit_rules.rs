//! The toolkit's own rules: approved exceptions, joins that report their coverage, provisional
//! items named in reports.

use std::fs;
use std::path::Path;

use serde_json::Value;

use crate::{AS_OF, copy_fixture, dspt_in, report_check, report_item as item};

const NO_MFA_ACCOUNT: &str =
    "breakglass@compliant-supplier.example.com,CS1001,true,false,false,2026-06-20T08:00:00Z,\n";

fn exception(item: &str, check: &str, review_by: &str) -> String {
    format!(
        "exceptions:\n  - item: \"{item}\"\n    check: {check}\n    subjects: [breakglass@compliant-supplier.example.com]\n    reason: Break-glass account; its hardware key is kept in the safe\n    approved_by: Board, minute 2026/14\n    approved_on: 2026-03-01\n    review_by: {review_by}\n"
    )
}

/// The compliant fixture with one enabled account without MFA, and `extra` appended to its config.
fn supplier_with_breakglass(extra: &str) -> tempfile::TempDir {
    let dir = copy_fixture("compliant-supplier");
    let users = dir.path().join("idp/users.csv");
    let mut text = fs::read_to_string(&users).unwrap();
    text.push_str(NO_MFA_ACCOUNT);
    fs::write(&users, text).unwrap();
    let config = dir.path().join("dspt.yaml");
    let mut text = fs::read_to_string(&config).unwrap();
    text.push_str(extra);
    fs::write(&config, text).unwrap();
    dir
}

fn check(dir: &Path, format: &str) -> crate::Run {
    dspt_in(
        dir,
        &[
            "check",
            "--config",
            "dspt.yaml",
            "--as-of",
            AS_OF,
            "--format",
            format,
        ],
    )
}

#[test]
fn without_an_exception_an_account_without_mfa_fails_4_5_3() {
    let dir = supplier_with_breakglass("");
    let run = check(dir.path(), "json");
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert_eq!(item(&run.json(), "4.5.3")["status"], "fail");
}

#[test]
fn an_approved_in_date_exception_lets_4_5_3_reach_standards_met() {
    let dir = supplier_with_breakglass(&exception("4.5.3", "IDN-MFA-001", "2027-03-01"));
    let run = check(dir.path(), "json");
    assert_eq!(run.code, 0, "{}", run.transcript());
    let assessment = run.json();
    assert_eq!(item(&assessment, "4.5.3")["status"], "pass");
    assert_eq!(assessment["summary"]["overall"], "standards-met");
    let mfa = report_check(&assessment, "IDN-MFA-001");
    let excepted: Vec<&Value> = mfa["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["exception"]["approved_by"] == "Board, minute 2026/14")
        .collect();
    assert_eq!(excepted.len(), 1, "the finding stays, excepted: {mfa:#}");
    assert_eq!(assessment["exceptions"][0]["state"], "active");
    // The text report names it too, and the personal data stays pseudonymous.
    let text = check(dir.path(), "text").stdout;
    assert!(text.contains("excepted for 4.5.3"), "{text}");
    assert!(!text.contains("breakglass@"), "{text}");
}

#[test]
fn an_exception_past_its_review_date_fails_and_says_so() {
    let dir = supplier_with_breakglass(&exception("4.5.3", "IDN-MFA-001", "2026-06-01"));
    let run = check(dir.path(), "text");
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stdout
            .contains("EXPIRED: it excepts nothing and fails the gate"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("review date 2026-06-01 has passed"));
}

#[test]
fn an_exception_on_an_item_that_allows_none_is_refused() {
    let dir = supplier_with_breakglass(&exception("7.1.1", "TF-ENC-001", "2027-03-01"));
    let run = check(dir.path(), "text");
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr.contains("allows no exception"),
        "{}",
        run.transcript()
    );
}

#[test]
fn an_exception_naming_an_account_the_export_lacks_fails_the_gate() {
    let dir = copy_fixture("compliant-supplier");
    let config = dir.path().join("dspt.yaml");
    let mut text = fs::read_to_string(&config).unwrap();
    text.push_str(&exception("4.5.3", "IDN-MFA-001", "2027-03-01"));
    fs::write(&config, text).unwrap();
    let run = check(dir.path(), "json");
    assert_eq!(run.code, 1, "{}", run.transcript());
    let assessment = run.json();
    assert_eq!(assessment["exceptions"][0]["state"], "unknown_subject");
}

#[test]
fn an_identity_export_whose_staff_id_column_is_empty_makes_the_leavers_check_error() {
    let dir = copy_fixture("compliant-supplier");
    let users = dir.path().join("idp/users.csv");
    let text = fs::read_to_string(&users).unwrap();
    // Blank every employeeId cell (the second column).
    let blanked: String = text
        .lines()
        .enumerate()
        .map(|(index, line)| {
            if index == 0 {
                format!("{line}\n")
            } else {
                let mut cells: Vec<&str> = line.split(',').collect();
                cells[1] = "";
                format!("{}\n", cells.join(","))
            }
        })
        .collect();
    fs::write(&users, blanked).unwrap();
    let run = check(dir.path(), "json");
    assert_eq!(run.code, 2, "{}", run.transcript());
    let leavers = report_check(&run.json(), "IDN-LEV-001");
    assert_eq!(leavers["status"], "error", "{leavers:#}");
    let reason = leavers["reason"].as_str().unwrap();
    assert!(reason.contains("matched 0 of"), "{reason}");
    assert!(reason.contains("staff_id"), "{reason}");
    assert_eq!(leavers["join"]["matched"], 0);
}

#[test]
fn list_shows_provisional_items_exceptions_and_approaching_standards() {
    let run = dspt_in(
        &crate::workspace_root(),
        &["list", "--framework", "dspt-supplier"],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(run.stdout.contains("provisional: "), "{}", run.stdout);
    assert!(run.stdout.contains("exceptions: allowed"), "{}", run.stdout);
    let json = dspt_in(
        &crate::workspace_root(),
        &["list", "--framework", "dspt-supplier", "--format", "json"],
    )
    .json();
    let catalogue = &json[0];
    for item in catalogue["items"].as_array().unwrap() {
        let source = item["source"].as_str().unwrap();
        assert!(source.starts_with("https://"), "{item:#}");
    }
    assert!(
        catalogue["framework"]["approaching_standards"]
            .as_object()
            .is_some_and(|notes| !notes.is_empty())
            || catalogue["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|i| !i["approaching"].is_null()),
        "Approaching Standards is either listed per item or said to be unavailable"
    );
}

#[test]
fn reports_name_the_provisional_mandatory_items_the_status_rests_on() {
    let run = dspt_in(
        &crate::workspace_root(),
        &[
            "check",
            "--config",
            "fixtures/compliant-supplier/dspt.yaml",
            "--as-of",
            AS_OF,
            "--format",
            "json",
        ],
    );
    let assessment = run.json();
    let provisional = assessment["summary"]["provisional_mandatory"]
        .as_array()
        .unwrap();
    assert!(!provisional.is_empty());
    assert!(assessment["summary"]["approaching_note"].is_string());
}
