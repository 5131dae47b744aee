//! The organisation's own registers, scans and policy documents (issue 14): every reader refuses
//! a broken export with its file, row and column and exit 2, and what the fixtures show.

use std::fs;
use std::path::Path;

use super::{AS_OF, Run, dspt_in};

/// A folder with a config mapping every register as `yaml` says, and `file` written under it.
fn run_with(config: &str, file: &str, bytes: &[u8], extra: &[&str]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("dspt.yaml"), config).unwrap();
    let path = dir.path().join(file);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, bytes).unwrap();
    let mut args = vec!["check", "--config", "dspt.yaml", "--as-of", AS_OF];
    args.extend_from_slice(extra);
    dspt_in(dir.path(), &args)
}

use super::bad_input::untrusted as refused;

const SUPPLIERS_CONFIG: &str = "organisation: {name: X, type: it-supplier}\nsources:\n  suppliers:\n    files: [registers/suppliers.csv]\n    columns:\n      supplier: Supplier\n      personal_data: Processes Personal Data\n      certificate_expires: Certificate Expiry\n      contact: Supplier Contact\n";

const SUPPLIERS_HEADER: &str =
    "Supplier,Processes Personal Data,Certificate Expiry,Supplier Contact";

fn suppliers(bytes: &[u8]) -> Run {
    run_with(SUPPLIERS_CONFIG, "registers/suppliers.csv", bytes, &[])
}

#[test]
fn a_register_missing_a_mapped_column_names_it_and_the_header() {
    refused(
        &suppliers(b"Supplier,Processes Personal Data\nHostCo,yes\n"),
        &[
            "registers/suppliers.csv:1",
            "`Certificate Expiry`",
            "columns.certificate_expires",
        ],
    );
}

#[test]
fn a_bad_date_or_yes_no_names_row_and_column() {
    let bad_date = format!("{SUPPLIERS_HEADER}\nHostCo,yes,01/01/2027,\nCloudCo,no,31/02/2027,\n");
    refused(
        &suppliers(bad_date.as_bytes()),
        &[
            "registers/suppliers.csv:3",
            "`Certificate Expiry`",
            "31/02/2027",
        ],
    );
    let bad_yes_no = format!("{SUPPLIERS_HEADER}\nHostCo,sometimes,01/01/2027,\n");
    refused(
        &suppliers(bad_yes_no.as_bytes()),
        &[
            "registers/suppliers.csv:2",
            "`Processes Personal Data`",
            "sometimes",
        ],
    );
}

#[test]
fn a_semicolon_delimited_export_is_named_as_such() {
    let text = SUPPLIERS_HEADER.replace(',', ";") + "\nHostCo;yes;01/01/2027;\n";
    refused(
        &suppliers(text.as_bytes()),
        &["registers/suppliers.csv:1", "delimited by ';'"],
    );
}

#[test]
fn an_empty_register_is_refused() {
    refused(&suppliers(b""), &["registers/suppliers.csv", "no rows"]);
    refused(
        &suppliers(format!("{SUPPLIERS_HEADER}\n").as_bytes()),
        &["registers/suppliers.csv", "no rows"],
    );
}

#[test]
fn a_utf16_export_from_excel_is_read_and_its_errors_keep_their_row() {
    let utf16 = |text: &str| {
        let mut bytes = vec![0xff, 0xfe];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        bytes
    };
    let good = utf16(&format!(
        "{SUPPLIERS_HEADER}\r\nHostCo,yes,01/01/2027,Jo Bloggs\r\n"
    ));
    let run = suppliers(&good);
    assert_ne!(run.code, 2, "{}", run.transcript());
    let bad = utf16(&format!(
        "{SUPPLIERS_HEADER}\r\nHostCo,yes,01/01/2027,\r\nB,yes,2027-13-01,\r\n"
    ));
    refused(
        &suppliers(&bad),
        &["registers/suppliers.csv:3", "2027-13-01"],
    );
}

#[test]
fn a_mapping_key_that_is_not_a_field_is_refused_at_its_line() {
    let config = SUPPLIERS_CONFIG.replace("      contact:", "      contacts:");
    let run = run_with(&config, "registers/suppliers.csv", b"x\n", &[]);
    refused(&run, &["dspt.yaml:9", "sources.suppliers.columns.contacts"]);
    let config =
        "sources:\n  incidents:\n    files: [i.csv]\n    columns:\n      reference: Number\n";
    let run = run_with(config, "i.csv", b"Number\n", &[]);
    refused(&run, &["dspt.yaml:4", "`opened`"]);
}

#[test]
fn an_incident_log_of_a_quiet_year_is_read_but_an_empty_file_is_not() {
    let config = "organisation: {name: X, type: it-supplier}\nsources:\n  incidents:\n    files: [incidents.csv]\n    exported_on: 2026-06-29\n    columns:\n      reference: Number\n      opened: Opened\n";
    let run = run_with(
        config,
        "incidents.csv",
        b"Number,Opened\n",
        &["--format", "json"],
    );
    assert_ne!(run.code, 2, "{}", run.transcript());
    let sources = run.json()["sources"].clone();
    let incidents = sources
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["source"] == "incidents")
        .cloned()
        .unwrap_or_else(|| panic!("{sources:#}"));
    assert_eq!(incidents["count"], 0);
    refused(
        &run_with(config, "incidents.csv", b"", &[]),
        &["incidents.csv", "no rows"],
    );
}

#[test]
fn a_register_given_by_flag_without_a_mapping_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("devices.csv"), "Device name\nLAP-1\n").unwrap();
    let run = dspt_in(
        dir.path(),
        &["check", "--devices", "devices.csv", "--as-of", AS_OF],
    );
    refused(&run, &["sources.devices.columns"]);
}

#[test]
fn a_scan_report_that_is_not_one_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| fs::write(dir.path().join(name), text).unwrap();
    write("other.json", r#"{"resources": []}"#);
    write("broken.sarif", "{\"runs\": [\n  {\"tool\": ");
    write(
        "nameless.json",
        r#"{"SchemaVersion": 2, "Results": [{"Vulnerabilities": [{"Severity": "HIGH"}]}]}"#,
    );
    let scan = |name: &str| dspt_in(dir.path(), &["check", "--scans", name, "--as-of", AS_OF]);
    refused(&scan("other.json"), &["other.json", "not a SARIF log"]);
    refused(&scan("broken.sarif"), &["broken.sarif:2"]);
    refused(
        &scan("nameless.json"),
        &[
            "nameless.json#/Results/0/Vulnerabilities/0",
            "VulnerabilityID",
        ],
    );
}

#[test]
fn a_policy_document_with_bad_front_matter_is_refused_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("policies");
    fs::create_dir(&folder).unwrap();
    fs::write(
        folder.join("retention.md"),
        "---\ntitle: Retention\nkind: retention-schedule\nreviewed_on: 2026-02-30\n---\n# Retention\n",
    )
    .unwrap();
    let run = dspt_in(
        dir.path(),
        &["check", "--documents", "policies", "--as-of", AS_OF],
    );
    refused(&run, &["retention.md:4", "reviewed_on: 2026-02-30"]);
    assert!(!Path::new(&dir.path().join("report.json")).exists());
}

/// A device export as Microsoft Graph returns `deviceManagement/managedDevices` (the field names
/// and values of the `managedDevice` resource), mapped with Intune's own compliance words.
#[test]
fn a_graph_managed_devices_export_is_read_with_its_own_words_and_pseudonymous_users() {
    let config = "organisation: {name: X, type: it-supplier}\nsources:\n  devices:\n    files: [devices.json]\n    exported_on: 2026-06-29\n    columns:\n      device: deviceName\n      owner: userPrincipalName\n      os: operatingSystem\n      os_version: osVersion\n      encrypted: isEncrypted\n      last_check_in: lastSyncDateTime\n      compliant:\n        column: complianceState\n        yes: [compliant]\n        no: [noncompliant, inGracePeriod, conflict, error]\n";
    let export = r#"{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#deviceManagement/managedDevices",
      "value": [
        {"id": "1", "deviceName": "LAP-0001", "userPrincipalName": "ann.example@contoso.example", "operatingSystem": "Windows",
         "osVersion": "10.0.26100.4349", "isEncrypted": true, "lastSyncDateTime": "2026-06-28T07:12:44Z", "complianceState": "compliant"},
        {"id": "2", "deviceName": "LAP-0002", "userPrincipalName": "bo.example@contoso.example", "operatingSystem": "Windows",
         "osVersion": "10.0.19045.5487", "isEncrypted": false, "lastSyncDateTime": "2026-06-20T16:40:02Z", "complianceState": "noncompliant"}
      ]}"#;
    let run = run_with(
        config,
        "devices.json",
        export.as_bytes(),
        &["--format", "json"],
    );
    assert_ne!(run.code, 2, "{}", run.transcript());
    assert!(!run.stdout.contains("contoso"), "{}", run.stdout);
    let devices = run.json()["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["source"] == "devices")
        .cloned()
        .unwrap();
    assert_eq!(devices["count"], 2);
    let run = run_with(
        config,
        "devices.json",
        export.replace("\"noncompliant\"", "\"unknown\"").as_bytes(),
        &[],
    );
    refused(&run, &["devices.json", "complianceState", "unknown"]);
}

const NEW_SOURCES: [&str; 6] = [
    "assets",
    "suppliers",
    "incidents",
    "devices",
    "scans",
    "documents",
];

/// The checks of a fixture's JSON report that read `source`.
fn checks_reading(report: &serde_json::Value, source: &str) -> Vec<serde_json::Value> {
    super::report_checks(report)
        .into_iter()
        .filter(|check| {
            check["sources"]
                .as_array()
                .is_some_and(|sources| sources.iter().any(|s| s == source))
        })
        .collect()
}

fn fixture_report(name: &str) -> serde_json::Value {
    let run = super::dspt(&[
        "check",
        "--config",
        &format!("fixtures/{name}/dspt.yaml"),
        "--as-of",
        AS_OF,
        "--format",
        "json",
    ]);
    assert_ne!(run.code, 2, "{}", run.transcript());
    run.json()
}

#[test]
fn the_noncompliant_fixture_fails_a_check_of_every_new_source_at_a_file_and_row() {
    let report = fixture_report("noncompliant-supplier");
    for source in NEW_SOURCES {
        let checks = checks_reading(&report, source);
        assert!(!checks.is_empty(), "no check reads {source}");
        let placed_failure =
            checks.iter().filter(|c| c["status"] == "fail").find(|c| {
                c["findings"].as_array().unwrap().iter().any(|f| {
                    f["file"].is_string() && (f["line"].is_u64() || f["pointer"].is_string())
                })
            });
        assert!(
            placed_failure.is_some(),
            "no check reading {source} fails with a finding at a file and row: {:#}",
            serde_json::Value::Array(checks)
        );
    }
}

#[test]
fn the_compliant_fixture_passes_every_check_of_the_new_sources() {
    let report = fixture_report("compliant-supplier");
    for source in NEW_SOURCES {
        let checks = checks_reading(&report, source);
        assert!(!checks.is_empty(), "no check reads {source}");
        for check in checks {
            assert_eq!(
                check["status"], "pass",
                "{} ({source}) in the compliant fixture: {check:#}",
                check["id"]
            );
            assert!(check["judged"].as_u64().unwrap_or(0) > 0, "{check:#}");
        }
    }
}

/// Each register, through the one reader: a missing mapped column and an impossible date in its
/// own required or dated field stop the run at the header or the row.
#[test]
fn every_register_refuses_a_missing_column_and_a_bad_date() {
    // register, its mapping (a required field and a date field), a good header.
    let registers = [
        (
            "assets",
            "asset: Asset\n      reviewed_on: Reviewed",
            "Asset,Reviewed",
        ),
        (
            "suppliers",
            "supplier: Supplier\n      dspt_date: Published",
            "Supplier,Published",
        ),
        (
            "incidents",
            "reference: Number\n      opened: Opened",
            "Number,Opened",
        ),
        (
            "devices",
            "device: Device\n      last_check_in: Seen",
            "Device,Seen",
        ),
    ];
    for (register, columns, header) in registers {
        let config = format!(
            "organisation: {{name: X, type: it-supplier}}\nsources:\n  {register}:\n    files: [r.csv]\n    columns:\n      {columns}\n"
        );
        let (first, date_column) = header.split_once(',').unwrap();
        refused(
            &run_with(&config, "r.csv", format!("{first}\nA\n").as_bytes(), &[]),
            &["r.csv:1", &format!("`{date_column}`")],
        );
        refused(
            &run_with(
                &config,
                "r.csv",
                format!("{header}\nA,30/02/2026\n").as_bytes(),
                &[],
            ),
            &["r.csv:2", &format!("`{date_column}`"), "30/02/2026"],
        );
    }
}

/// A SARIF log named `.sarif` is read as JSON, and a finding in it is given its line there.
#[test]
fn a_sarif_finding_is_located_at_its_line_in_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let log = "{\n  \"version\": \"2.1.0\",\n  \"runs\": [{\n    \"tool\": {\"driver\": {\"name\": \"CodeQL\"}},\n    \"invocations\": [{\"endTimeUtc\": \"2026-06-29T10:00:00Z\"}],\n    \"results\": [\n      {\"ruleId\": \"py/sql-injection\", \"level\": \"error\", \"message\": {\"text\": \"SQL built from user input\"}}\n    ]\n  }]\n}\n";
    fs::write(dir.path().join("codeql.sarif"), log).unwrap();
    let run = dspt_in(
        dir.path(),
        &[
            "check",
            "--scans",
            "codeql.sarif",
            "--as-of",
            AS_OF,
            "--format",
            "json",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.transcript());
    let check = super::report_check(&run.json(), "VUL-FIX-001");
    let finding = check["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["record"] == "py/sql-injection")
        .cloned()
        .unwrap_or_else(|| panic!("{check:#}"));
    assert_eq!(finding["file"], "codeql.sarif", "{finding:#}");
    assert_eq!(finding["line"], 7, "{finding:#}");
}
