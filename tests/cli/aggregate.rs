//! `dspt aggregate`: one organisation view from the reports of several repositories.

use std::path::Path;

use serde_json::Value;

use crate::{AS_OF, copy_fixture, dspt_in};

/// A fixture copied and renamed to one organisation, assessed into `out/NAME.json`.
fn assess(fixture: &str, out: &Path, name: &str, extra: &[&str]) -> i32 {
    let dir = copy_fixture(fixture);
    let config = dir.path().join("dspt.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    let renamed = text
        .replace("Noncompliant Supplier Ltd", "Acme Health Ltd")
        .replace("Compliant Supplier Ltd", "Acme Health Ltd");
    std::fs::write(&config, renamed).unwrap();
    let report = out.join(format!("{name}.json"));
    let report = report.to_str().unwrap();
    let mut args = vec![
        "check", "--as-of", AS_OF, "--format", "json", "--output", report,
    ];
    args.extend(extra);
    let run = dspt_in(dir.path(), &args);
    assert!(run.code == 0 || run.code == 1, "{}", run.transcript());
    run.code
}

fn item<'a>(view: &'a Value, id: &str) -> &'a Value {
    view["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == id)
        .unwrap_or_else(|| panic!("no item {id}"))
}

#[test]
fn three_repositories_make_one_view_that_names_the_failing_one() {
    let out = tempfile::tempdir().unwrap();
    assert_eq!(assess("noncompliant-supplier", out.path(), "api", &[]), 1);
    assert_eq!(assess("compliant-supplier", out.path(), "web", &[]), 0);
    // A repository without a plan: only its repository is read.
    let docs = copy_fixture("compliant-supplier");
    std::fs::write(
        docs.path().join("minimal.yaml"),
        "organisation:\n  name: Acme Health Ltd\n  type: it-supplier\nframework: dspt-supplier\n",
    )
    .unwrap();
    let report = out.path().join("docs.json");
    let run = dspt_in(
        docs.path(),
        &[
            "check",
            "repo",
            "--config",
            "minimal.yaml",
            "--as-of",
            AS_OF,
            "--format",
            "json",
            "--output",
            report.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());

    let from = out.path().to_str().unwrap();
    let json = dspt_in(
        out.path(),
        &["aggregate", "--from", from, "--format", "json"],
    );
    assert_eq!(json.code, 1, "{}", json.transcript());
    let view = json.json();
    assert_eq!(view["schema"], "dspt/organisation-assessment/v1");
    assert_eq!(view["parts"].as_array().unwrap().len(), 3);
    assert!(
        view["parts"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["digest"].as_str().unwrap().starts_with("sha256:"))
    );
    let secure = item(&view, "9.5");
    assert_eq!(secure["status"], "fail", "{secure:#}");
    assert_eq!(
        secure["parts"]["fail"],
        serde_json::json!(["api"]),
        "{secure:#}"
    );
    assert_eq!(
        secure["parts"]["not_assessed"],
        serde_json::json!(["docs"]),
        "{secure:#}"
    );
    assert!(
        secure["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["part"] == "api"),
        "{secure:#}"
    );
    // No item passes on the strength of reports that judged nothing.
    for entry in view["items"].as_array().unwrap() {
        if entry["status"] == "pass" {
            assert!(entry["parts"]["pass"].is_array(), "{entry:#}");
        }
        if entry["parts"]
            .as_object()
            .unwrap()
            .keys()
            .all(|k| k == "manual" || k == "not_assessed")
        {
            assert_ne!(entry["status"], "pass", "{entry:#}");
        }
    }

    let text = dspt_in(
        out.path(),
        &["aggregate", "api.json", "web.json", "docs.json"],
    );
    assert_eq!(text.code, 1, "{}", text.transcript());
    assert!(
        text.stdout
            .contains("fail in api; pass in web; not assessed in docs"),
        "{}",
        text.stdout
    );

    // The page an assessor opens: the heat map first, as a browser renders it.
    let page = out.path().join("organisation.html");
    let html = dspt_in(
        out.path(),
        &[
            "aggregate",
            "api.json",
            "web.json",
            "docs.json",
            "--format",
            "html",
            "--output",
            page.to_str().unwrap(),
        ],
    );
    assert_eq!(html.code, 1, "{}", html.transcript());
    let Some(dom) =
        crate::reports::render_in_browser(&page, "the_organisation_page_renders_in_a_browser")
    else {
        return;
    };
    // The page as an assessor sees it: a screenshot, kept where a reviewer can look at it.
    let screenshot =
        crate::reports::screenshot_in_browser(&page, "the_organisation_page_renders_in_a_browser")
            .unwrap();
    assert!(
        screenshot.len() > 20_000,
        "a near-empty page: {} bytes",
        screenshot.len()
    );
    let kept = std::env::temp_dir().join("dspt-organisation-page.png");
    std::fs::write(&kept, &screenshot).unwrap();
    let heat_map = dom
        .split("id=\"heat-map\"")
        .nth(1)
        .unwrap_or_else(|| panic!("no heat map in the rendered page:\n{dom}"));
    let row = heat_map
        .split("id=\"item-9.5\"")
        .nth(1)
        .and_then(|rest| rest.split("</tr>").next())
        .unwrap_or_else(|| panic!("no row for 9.5 in the heat map"));
    // Across the organisation, then api, docs and web (reports sorted by name); web's checks
    // pass but 9.5 is partly automated and not attested there, so it is manual.
    let marks: Vec<&str> = row
        .split("class=\"cell")
        .skip(1)
        .map(|cell| {
            cell.split('>')
                .nth(1)
                .unwrap_or("")
                .split('<')
                .next()
                .unwrap_or("")
        })
        .collect();
    assert_eq!(marks, ["✗", "✗", "–", "M"], "{row}");
    assert!(
        dom.contains(">standards-not-met</strong>"),
        "no overall status in the rendered page"
    );
}

#[test]
fn reports_that_do_not_belong_together_are_refused() {
    let out = tempfile::tempdir().unwrap();
    assess("compliant-supplier", out.path(), "web", &[]);
    assess(
        "compliant-supplier",
        out.path(),
        "caf",
        &["--framework", "dspt-caf"],
    );
    let run = dspt_in(out.path(), &["aggregate", "web.json", "caf.json"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr.contains("caf.json: its framework is `dspt-caf`"),
        "{}",
        run.stderr
    );

    let other = tempfile::tempdir().unwrap();
    let original = copy_fixture("noncompliant-supplier");
    let report = other.path().join("other.json");
    dspt_in(
        original.path(),
        &[
            "check",
            "--as-of",
            AS_OF,
            "--format",
            "json",
            "--output",
            report.to_str().unwrap(),
        ],
    );
    let run = dspt_in(
        out.path(),
        &["aggregate", "web.json", report.to_str().unwrap()],
    );
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr
            .contains("its organisation is `Noncompliant Supplier Ltd`"),
        "{}",
        run.stderr
    );

    std::fs::write(
        out.path().join("plan.json"),
        "{\"format_version\": \"1.2\"}",
    )
    .unwrap();
    let run = dspt_in(out.path(), &["aggregate", "web.json", "plan.json"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr.contains("plan.json: not a dspt assessment"),
        "{}",
        run.stderr
    );

    let run = dspt_in(out.path(), &["aggregate"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr.contains("no reports to aggregate"),
        "{}",
        run.stderr
    );
}

/// The organisation view in every CI format: JSON valid against its schema, SARIF valid against
/// SARIF 2.1.0 with each finding located in its report, JUnit failing the item a report fails.
#[test]
fn the_organisation_view_is_valid_json_sarif_and_junit() {
    let out = tempfile::tempdir().unwrap();
    assert_eq!(assess("noncompliant-supplier", out.path(), "api", &[]), 1);
    assert_eq!(assess("compliant-supplier", out.path(), "web", &[]), 0);
    let from = out.path().to_str().unwrap();
    let view = |format: &str| {
        let run = dspt_in(
            out.path(),
            &["aggregate", "--from", from, "--format", format],
        );
        assert_eq!(run.code, 1, "{}", run.transcript());
        run.stdout
    };
    let validate = |schema: &str, document: &Value| {
        crate::reports::assert_valid(&crate::reports::validator(schema), document, schema);
    };
    let json: Value = serde_json::from_str(&view("json")).unwrap();
    validate("docs/organisation-assessment.schema.json", &json);

    let sarif: Value = serde_json::from_str(&view("sarif")).unwrap();
    validate("tests/schemas/sarif-schema-2.1.0.json", &sarif);
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(!results.is_empty());
    assert!(
        results.iter().all(|r| r["properties"]["report"] == "api"),
        "{sarif:#}"
    );
    assert!(results.iter().any(|r| {
        r["properties"]["item"] == "9.5"
            && r["locations"][0]["logicalLocations"][1]["name"] == "api"
    }));

    let junit = view("junit");
    assert!(junit.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites "));
    let case = junit
        .split("<testcase ")
        .find(|case| case.contains("name=\"9.5 "))
        .expect("a test case for 9.5");
    assert!(
        case.contains("<failure message=\"fail in api; manual in web\""),
        "{case}"
    );
}

/// Attestations in the organisation's config (no sources needed) make the organisation's own
/// part: an item no repository can evidence is attested once for the whole organisation.
#[test]
fn organisation_attestations_come_from_the_organisation_config() {
    let out = tempfile::tempdir().unwrap();
    assert_eq!(assess("noncompliant-supplier", out.path(), "api", &[]), 1);
    let config = out.path().join("organisation.yaml");
    std::fs::write(
        &config,
        "organisation:\n  name: Acme Health Ltd\n  type: it-supplier\nframework: dspt-supplier\nattestations:\n  - {item: \"1.1.1\", by: Data Protection Officer, date: 2026-04-02, evidence: \"https://intranet.acme.example/ico\"}\n",
    )
    .unwrap();
    let run = dspt_in(
        out.path(),
        &[
            "aggregate",
            "api.json",
            "--config",
            "organisation.yaml",
            "--as-of",
            AS_OF,
            "--format",
            "json",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.transcript());
    let view = run.json();
    let registration = item(&view, "1.1.1");
    assert_eq!(registration["status"], "attested", "{registration:#}");
    assert_eq!(
        registration["parts"]["attested"],
        serde_json::json!(["organisation"]),
        "{registration:#}"
    );
    // Without it, the item is manual: nobody evidenced it.
    let run = dspt_in(out.path(), &["aggregate", "api.json", "--format", "json"]);
    assert_eq!(item(&run.json(), "1.1.1")["status"], "manual");
}
