//! Personal data stays out of every report unless `--show-personal-data` asks for it, and that is
//! refused in CI unless `--allow-personal-data-in-ci` is given too.

use std::fs;
use std::path::Path;

use super::{AS_OF, Run, copy_fixture};

/// A member of staff who appears in no other fixture: a marker that must not leak.
const MARKER_STAFF_NUMBER: &str = "ZQ9099";
const MARKER_NAME: &str = "Zebedee Quux";
const MARKER_EMAIL: &str = "zebedee.quux@marker.example";

/// The non-compliant fixture with the marker added to the HR export (untrained, so it is a
/// finding) and to the identity export (no MFA, so it is a finding too).
fn fixture_with_marker() -> tempfile::TempDir {
    let dir = copy_fixture("noncompliant-supplier");
    let append = |path: &str, row: &str| {
        let file = dir.path().join(path);
        let mut text = fs::read_to_string(&file).unwrap();
        if !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(row);
        fs::write(file, text).unwrap();
    };
    append(
        "hr/training.csv",
        &format!(
            "{MARKER_STAFF_NUMBER},{MARKER_NAME},Developer,01/02/2020,,,01/02/2020,Active,Yes,,\n"
        ),
    );
    append(
        "idp/users.csv",
        &format!("{MARKER_EMAIL},{MARKER_STAFF_NUMBER},true,false,false,2026-06-20T09:00:00Z,\n"),
    );
    dir
}

/// Runs `dspt` in `dir` with `CI` set to `ci` (or unset).
fn run(dir: &Path, args: &[&str], ci: Option<&str>) -> Run {
    crate::dspt_env(dir, args, &[("CI", ci.map(std::ffi::OsStr::new))])
}

const FORMATS: [&str; 7] = [
    "text", "json", "sarif", "junit", "github", "markdown", "html",
];

fn check(dir: &Path, format: &str, extra: &[&str], ci: Option<&str>) -> Run {
    let mut args = vec![
        "check",
        "--config",
        "dspt.yaml",
        "--as-of",
        AS_OF,
        "--format",
        format,
    ];
    args.extend_from_slice(extra);
    run(dir, &args, ci)
}

#[test]
fn no_report_format_names_the_marker_only_its_pseudonym() {
    let dir = fixture_with_marker();
    // The marker's pseudonym, read off a report that shows identities.
    let shown = check(dir.path(), "text", &["--show-personal-data"], None).stdout;
    let at = shown
        .find(&format!(" ({MARKER_STAFF_NUMBER})"))
        .expect("the marker has a finding");
    let pseudonym = &shown[at - 18..at];
    assert!(pseudonym.starts_with("p-"), "{pseudonym}");
    for format in FORMATS {
        let report = check(dir.path(), format, &[], None);
        assert_eq!(report.code, 1, "{format}: {}", report.transcript());
        for marker in [
            MARKER_STAFF_NUMBER,
            MARKER_NAME,
            MARKER_EMAIL,
            "Zebedee",
            "zebedee",
        ] {
            assert!(
                !report.stdout.contains(marker) && !report.stderr.contains(marker),
                "{format} leaks `{marker}`"
            );
        }
        assert!(
            report.stdout.contains(pseudonym),
            "{format} lacks {pseudonym}"
        );
    }
}

#[test]
fn show_personal_data_names_staff_numbers_and_accounts_beside_pseudonyms() {
    let dir = fixture_with_marker();
    let shown = check(dir.path(), "text", &["--show-personal-data"], None);
    assert_eq!(shown.code, 1, "{}", shown.transcript());
    assert!(
        shown.stdout.contains(&format!("({MARKER_STAFF_NUMBER})")),
        "{}",
        shown.stdout
    );
    assert!(
        shown.stdout.contains(&format!("({MARKER_EMAIL})")),
        "{}",
        shown.stdout
    );
    // Names are never read, so not even this flag shows one.
    assert!(!shown.stdout.contains(MARKER_NAME));
    assert!(
        shown.stderr.contains("warning: --show-personal-data"),
        "{}",
        shown.stderr
    );

    // Fingerprints come from the pseudonyms, so a report with identities still matches a baseline.
    let plain = check(dir.path(), "json", &[], None).json();
    let revealed = check(dir.path(), "json", &["--show-personal-data"], None).json();
    let fingerprints = |report: &serde_json::Value| -> Vec<String> {
        crate::report_checks(report)
            .iter()
            .flat_map(|c| c["findings"].as_array().unwrap().clone())
            .map(|f| f["fingerprint"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(fingerprints(&plain), fingerprints(&revealed));
}

#[test]
fn show_personal_data_is_refused_in_ci_unless_allowed() {
    let dir = fixture_with_marker();
    let refused = check(dir.path(), "text", &["--show-personal-data"], Some("true"));
    assert_eq!(refused.code, 2, "{}", refused.transcript());
    assert!(
        refused.stderr.contains("refused in CI"),
        "{}",
        refused.stderr
    );
    assert!(refused.stdout.is_empty());

    let allowed = check(
        dir.path(),
        "text",
        &["--show-personal-data", "--allow-personal-data-in-ci"],
        Some("true"),
    );
    assert_eq!(allowed.code, 1, "{}", allowed.transcript());
    assert!(allowed.stdout.contains(MARKER_STAFF_NUMBER));

    // CI=false is not CI; the allowing flag alone is a usage error.
    assert_eq!(
        check(dir.path(), "text", &["--show-personal-data"], Some("false")).code,
        1
    );
    let alone = check(dir.path(), "text", &["--allow-personal-data-in-ci"], None);
    assert_eq!(alone.code, 2, "{}", alone.transcript());
}

#[test]
fn the_same_key_gives_the_same_pseudonyms_and_another_key_others() {
    let dir = fixture_with_marker();
    let records = |report: &Run| -> Vec<String> {
        let mut records: Vec<String> = crate::report_checks(&report.json())
            .iter()
            .flat_map(|c| c["findings"].as_array().unwrap().clone())
            .filter_map(|f| f["record"].as_str().map(str::to_string))
            // Pseudonyms only: asset names, incident references and devices are not keyed.
            .filter(|record| record.starts_with("p-"))
            .collect();
        records.sort();
        records
    };
    let first = records(&check(dir.path(), "json", &[], None));
    let second = records(&check(dir.path(), "json", &[], None));
    assert!(!first.is_empty());
    assert_eq!(first, second);
    let config = dir.path().join("dspt.yaml");
    let text = fs::read_to_string(&config).unwrap();
    fs::write(
        &config,
        text.replace("fixture-key-not-secret", "another-key"),
    )
    .unwrap();
    let other = records(&check(dir.path(), "json", &[], None));
    assert_eq!(other.len(), first.len());
    assert!(other.iter().all(|r| !first.contains(r)), "{other:?}");
}

/// The cells of `column` in a CSV export (quoted cells with commas read whole).
fn csv_column(text: &str, column: &str) -> Vec<String> {
    let split = |line: &str| -> Vec<String> {
        let mut cells = vec![String::new()];
        let mut quoted = false;
        for c in line.chars() {
            match c {
                '"' => quoted = !quoted,
                ',' if !quoted => cells.push(String::new()),
                _ => cells.last_mut().unwrap().push(c),
            }
        }
        cells.into_iter().map(|c| c.trim().to_string()).collect()
    };
    let mut lines = text.trim_start_matches('\u{feff}').lines();
    let header = split(lines.next().unwrap_or_default());
    let Some(index) = header.iter().position(|h| h == column) else {
        return Vec::new();
    };
    lines
        .map(|line| split(line).get(index).cloned().unwrap_or_default())
        .filter(|cell| !cell.is_empty())
        .collect()
}

/// Every register cell of the fixture that names a person (the mapped person fields), with the
/// register it came from.
fn register_people(dir: &Path) -> Vec<(String, String)> {
    const PERSON_FIELDS: [(&str, &str); 4] = [
        ("assets", "owner_name"),
        ("suppliers", "contact"),
        ("incidents", "reported_by"),
        ("devices", "owner"),
    ];
    let config: serde_json::Value =
        yaml_serde::from_str(&fs::read_to_string(dir.join("dspt.yaml")).unwrap()).unwrap();
    let mut people = Vec::new();
    for (register, field) in PERSON_FIELDS {
        let source = &config["sources"][register];
        let column = &source["columns"][field];
        let column = column.as_str().or_else(|| column["column"].as_str());
        let Some(column) = column else { continue };
        for file in source["files"].as_array().into_iter().flatten() {
            let text = fs::read_to_string(dir.join(file.as_str().unwrap())).unwrap();
            for cell in csv_column(&text, column) {
                people.push((register.to_string(), cell));
            }
        }
    }
    people
}

#[test]
fn no_report_format_names_a_person_from_the_registers() {
    let dir = copy_fixture("noncompliant-supplier");
    let people = register_people(dir.path());
    for register in ["assets", "suppliers", "incidents", "devices"] {
        assert!(
            people.iter().any(|(r, _)| r == register),
            "the fixture's {register} register names nobody: the test would prove nothing"
        );
    }
    for format in FORMATS {
        let report = check(dir.path(), format, &[], None);
        assert_eq!(report.code, 1, "{format}: {}", report.transcript());
        for (register, person) in &people {
            assert!(
                !report.stdout.contains(person.as_str())
                    && !report.stderr.contains(person.as_str()),
                "{format} leaks `{person}` from the {register} register"
            );
        }
    }
}
