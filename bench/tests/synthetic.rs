//! The synthetic organisation's deliberate defects are exactly what the checks find, so the
//! benchmark measures a run whose results are known.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test")]

use dspt_engine::Date;
use dspt_engine::config::Config;
use dspt_engine::gather::EvidenceInputs;
use dspt_engine::model::SourceKind;
use dspt_engine::run::{CheckOptions, run_check};

/// The exports the synthetic config names for a register.
fn register(config: &Config, kind: SourceKind) -> Vec<std::path::PathBuf> {
    config
        .register(kind)
        .map(|source| source.files.clone())
        .unwrap_or_default()
}

#[test]
fn the_checks_find_exactly_the_defects_written() {
    let dir = tempfile::tempdir().unwrap();
    let expected = dspt_bench::write_organisation(dir.path(), 1).unwrap();
    assert_eq!(expected.repository_files, 100);
    assert_eq!(expected.structured_files, 20);
    assert_eq!(expected.resources, 50);

    let config = Config::load(&dir.path().join("dspt.yaml")).unwrap();
    let mut options = CheckOptions::new(
        Date::parse("2026-06-30").unwrap(),
        b"synthetic-key-not-secret".to_vec(),
    );
    options.inputs = EvidenceInputs {
        repository: config.repository.clone(),
        terraform: config.terraform.clone(),
        hr: config.hr_files.clone(),
        identity: config.identity_files.clone(),
        assets: register(&config, SourceKind::Assets),
        suppliers: register(&config, SourceKind::Suppliers),
        incidents: register(&config, SourceKind::Incidents),
        devices: register(&config, SourceKind::Devices),
        scans: config.scan_files.clone(),
        documents: config.document_folders.clone(),
    };
    options.config = config;
    let assessment = run_check(&options).unwrap();
    let findings = |id: &str| {
        assessment
            .check_results()
            .into_iter()
            .find(|c| c.id == id)
            .unwrap_or_else(|| panic!("{id} did not run"))
            .findings
            .len()
    };
    assert_eq!(findings("TF-ENC-001"), expected.unencrypted_databases);
    assert_eq!(findings("TF-PUB-002"), expected.open_admin_ports);
    assert_eq!(findings("REPO-SCR-001"), expected.committed_secrets);
    // One finding for the coverage, one per untrained member of staff.
    assert_eq!(findings("HR-TRN-001"), 1 + expected.untrained_staff);
    assert_eq!(findings("DEV-ENC-001"), expected.unencrypted_devices);
    assert_eq!(findings("VUL-FIX-001"), expected.overdue_vulnerabilities);
    assert_eq!(findings("INC-ICO-001"), expected.late_breach_reports);
    let counts: Vec<usize> = assessment.sources.iter().map(|s| s.count).collect();
    assert_eq!(
        counts,
        [
            expected.repository_files,
            expected.resources,
            expected.staff,
            expected.accounts,
            expected.assets,
            expected.suppliers,
            expected.incidents,
            expected.devices,
            expected.vulnerabilities,
            expected.documents,
        ]
    );
}

#[test]
fn the_same_scale_writes_the_same_bytes() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    dspt_bench::write_organisation(a.path(), 1).unwrap();
    dspt_bench::write_organisation(b.path(), 1).unwrap();
    for file in [
        "plan.json",
        "hr/training.csv",
        "idp/users.csv",
        "registers/devices.csv",
        "registers/incidents.csv",
        "scans/trivy.json",
        "repo/src/pkg_000/module_00007.py",
    ] {
        assert_eq!(
            std::fs::read(a.path().join(file)).unwrap(),
            std::fs::read(b.path().join(file)).unwrap(),
            "{file}"
        );
    }
}
