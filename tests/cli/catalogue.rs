//! `dspt list` and `dspt explain`.

use crate::dspt;

#[test]
fn list_shows_every_item_of_both_catalogues_with_its_source() {
    let run = dspt(&["list"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    for heading in ["dspt-supplier:", "dspt-caf:"] {
        assert!(run.stdout.contains(heading), "{}", run.transcript());
    }
    let json = dspt(&["list", "--format", "json"]).json();
    for catalogue in json.as_array().unwrap() {
        let items = catalogue["items"].as_array().unwrap();
        let listed = run
            .stdout
            .lines()
            .filter(|l| l.trim_start().starts_with("source: "))
            .count();
        assert!(listed >= items.len());
        for item in items {
            assert!(
                item["source"].as_str().is_some_and(|s| !s.is_empty()),
                "{item:#}"
            );
        }
    }
    let caf = dspt(&["list", "--framework", "dspt-caf"]);
    assert!(
        !caf.stdout.contains("dspt-supplier:"),
        "{}",
        caf.transcript()
    );
    assert_eq!(dspt(&["list", "--framework", "nope"]).code, 2);
}

#[test]
fn explain_an_item_names_its_checks_and_source() {
    let run = dspt(&["explain", "6.1.1"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(run.stdout.contains("REPO-SEC-001"), "{}", run.transcript());
    assert!(run.stdout.contains("source: "), "{}", run.transcript());
}

#[test]
fn explain_a_check_shows_its_parameters_with_effective_values_and_its_rego() {
    let run = dspt(&["explain", "TF-REG-001"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(
        run.stdout
            .contains("terraform.allowed_regions = [\"eu-west-2\""),
        "{}",
        run.transcript()
    );
    assert!(
        run.stdout
            .contains("package dspt.checks.terraform.allowed_regions"),
        "{}",
        run.transcript()
    );
    assert!(run.stdout.contains("evidences: "), "{}", run.transcript());

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("dspt.yaml"),
        "params:\n  terraform:\n    allowed_regions: [eu-west-1]\n",
    )
    .unwrap();
    let overridden = crate::dspt_in(dir.path(), &["explain", "TF-REG-001"]);
    assert!(
        overridden
            .stdout
            .contains("terraform.allowed_regions = [\"eu-west-1\"]"),
        "{}",
        overridden.transcript()
    );
}

/// `dspt explain` works for every item of both catalogues and every built-in check.
#[test]
fn explain_works_for_every_item_and_every_check() {
    let catalogues = dspt(&["list", "--format", "json"]).json();
    let mut ids: Vec<String> = Vec::new();
    for catalogue in catalogues.as_array().unwrap() {
        for item in catalogue["items"].as_array().unwrap() {
            ids.push(item["id"].as_str().unwrap().to_string());
            ids.extend(
                item["checks"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| c.as_str().unwrap().to_string()),
            );
        }
    }
    ids.sort();
    ids.dedup();
    assert!(ids.len() > 150, "{} ids", ids.len());
    // One process for every id: each must open its own explanation, an item's with its
    // catalogue (`dspt-supplier 6.1.1 (`), a check's with its id and title.
    let mut args = vec!["explain"];
    args.extend(ids.iter().map(String::as_str));
    let run = dspt(&args);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let headers: Vec<&str> = run
        .stdout
        .lines()
        .filter(|line| !line.starts_with(' ') && !line.is_empty())
        .collect();
    for id in &ids {
        let item = format!(" {id} (");
        let check = format!("{id}  ");
        assert!(
            headers
                .iter()
                .any(|h| h.contains(&item) || h.starts_with(&check)),
            "no explanation opens with {id}"
        );
    }
}

#[test]
fn explain_an_unknown_id_is_an_error() {
    let run = dspt(&["explain", "6.1.1", "NO-SUCH-001", "TF-ENC-001", "NOR-THIS"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr
            .contains("no evidence item or check has the id `NO-SUCH-001`, `NOR-THIS`"),
        "{}",
        run.transcript()
    );
    assert!(run.stdout.is_empty(), "{}", run.transcript());
}
