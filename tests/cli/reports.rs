//! The report formats end to end: every `--format` on the fixtures, the JSON and SARIF reports
//! against their schemas, `--report FORMAT=PATH` writing several reports from one run, the GitHub
//! job summary, and the HTML report rendered by a real browser.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::{AS_OF, Run, copy_fixture, report_checks as checks, workspace_root};

const COMPLIANT: &str = "fixtures/compliant-supplier/dspt.yaml";
const NONCOMPLIANT: &str = "fixtures/noncompliant-supplier/dspt.yaml";
const FORMATS: [&str; 7] = [
    "text", "json", "sarif", "junit", "github", "markdown", "html",
];

/// Runs `dspt` in `dir` like `crate::dspt_in`, with `env` set.
fn run(dir: &Path, args: &[&str], env: &[(&str, &Path)]) -> Run {
    let env: Vec<(&str, Option<&std::ffi::OsStr>)> = env
        .iter()
        .map(|(key, value)| (*key, Some(value.as_os_str())))
        .collect();
    crate::dspt_env(dir, args, &env)
}

/// `dspt check --config CONFIG --as-of AS_OF --format FORMAT` from the repository root.
fn check(config: &str, format: &str) -> Run {
    run(
        &workspace_root(),
        &[
            "check", "--config", config, "--as-of", AS_OF, "--format", format,
        ],
        &[],
    )
}

pub(crate) fn validator(schema: &str) -> jsonschema::Validator {
    let text = std::fs::read_to_string(workspace_root().join(schema)).unwrap();
    jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).unwrap()
}

pub(crate) fn assert_valid(validator: &jsonschema::Validator, document: &Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(document)
        .take(20)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what}:\n{}", errors.join("\n"));
}

fn findings(assessment: &Value) -> Vec<Value> {
    checks(assessment)
        .iter()
        .flat_map(|check| check["findings"].as_array().unwrap().clone())
        .collect()
}

fn open_findings(assessment: &Value) -> Vec<Value> {
    findings(assessment)
        .into_iter()
        .filter(|f| f.get("waiver").is_none() && f.get("known").is_none())
        .collect()
}

#[test]
fn the_json_and_sarif_reports_of_both_fixtures_match_their_schemas() {
    let assessment_schema = validator("docs/assessment.schema.json");
    let sarif_schema = validator("tests/schemas/sarif-schema-2.1.0.json");
    for (config, code) in [(COMPLIANT, 0), (NONCOMPLIANT, 1)] {
        let json = check(config, "json");
        assert_eq!(json.code, code, "{}", json.transcript());
        let assessment = json.json();
        assert_valid(&assessment_schema, &assessment, config);

        let sarif = check(config, "sarif");
        assert_eq!(sarif.code, code, "{}", sarif.transcript());
        let log = sarif.json();
        assert_valid(&sarif_schema, &log, config);
        // One result per finding, one rule per check, and every result placed on a file.
        let results = log["runs"][0]["results"].as_array().unwrap();
        assert_eq!(results.len(), findings(&assessment).len(), "{config}");
        let rules = log["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .unwrap();
        assert_eq!(rules.len(), checks(&assessment).len(), "{config}");
        for result in results {
            let physical = &result["locations"][0]["physicalLocation"];
            let uri = physical["artifactLocation"]["uri"].as_str().unwrap();
            assert!(!uri.is_empty() && !uri.contains('\\'), "{result:#}");
            assert_ne!(physical["region"]["startLine"], 0, "{result:#}");
            assert!(result["partialFingerprints"]["dsptFingerprint/v1"].is_string());
        }
    }
}

#[test]
fn every_format_reports_the_noncompliant_supplier() {
    let assessment = check(NONCOMPLIANT, "json").json();
    let items = assessment["items"].as_array().unwrap().len();
    let open = open_findings(&assessment);
    let command = regex::Regex::new(
        r"^::(error|warning) (file=[^,:]+(,line=[1-9][0-9]*(,col=[1-9][0-9]*)?)?,)?title=[A-Z0-9-]+::\S",
    )
    .unwrap();
    for format in FORMATS {
        let run = check(NONCOMPLIANT, format);
        assert_eq!(run.code, 1, "{format}: {}", run.transcript());
        assert!(!run.stdout.is_empty(), "{format}");
        match format {
            "junit" => {
                assert!(
                    run.stdout
                        .starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites ")
                );
                assert_eq!(run.stdout.matches("<testcase ").count(), items);
                assert!(run.stdout.contains("<failure message=\""));
                assert!(run.stdout.contains("classname=\"dspt.dspt-supplier\""));
                assert!(run.stdout.trim_end().ends_with("</testsuites>"));
            }
            "github" => {
                let lines: Vec<&str> = run.stdout.lines().collect();
                assert_eq!(lines.len(), open.len(), "{}", run.stdout);
                for line in lines {
                    assert!(command.is_match(line), "{line}");
                }
            }
            "markdown" => {
                assert!(run.stdout.starts_with("## dspt: standards-not-met\n"));
                assert!(
                    run.stdout
                        .contains("| Item | Title | Status | Checks | Open findings |")
                );
                assert!(run.stdout.contains("<details>"));
            }
            "html" => {
                assert!(run.stdout.starts_with("<!DOCTYPE html>"));
                assert!(run.stdout.contains(
                    "<strong id=\"overall-status\" class=\"overall-not-met\">standards-not-met</strong>"
                ));
                assert!(!run.stdout.contains("<script"));
                assert!(run.stdout.contains("Patient data inventory"));
            }
            "text" | "json" | "sarif" => {}
            other => panic!("no assertion for {other}"),
        }
    }
}

#[test]
fn the_compliant_supplier_has_no_annotations_and_no_failures() {
    let github = check(COMPLIANT, "github");
    assert_eq!(github.code, 0, "{}", github.transcript());
    assert_eq!(github.stdout, "");
    let junit = check(COMPLIANT, "junit");
    assert_eq!(junit.code, 0, "{}", junit.transcript());
    assert!(
        junit.stdout.contains(" failures=\"0\" errors=\"0\""),
        "{}",
        junit.stdout
    );
    assert!(!junit.stdout.contains("<failure"));
    let markdown = check(COMPLIANT, "markdown");
    assert!(markdown.stdout.starts_with("## dspt: standards-met\n"));
    assert!(markdown.stdout.contains("No item fails or is in error."));
}

#[test]
fn report_writes_several_reports_from_one_run() {
    let fixture = copy_fixture("noncompliant-supplier");
    let dir = fixture.path();
    let mut args: Vec<String> = ["check", "--config", "dspt.yaml", "--as-of", AS_OF]
        .map(String::from)
        .to_vec();
    for format in FORMATS {
        args.push("--report".into());
        args.push(format!("{format}=report.{format}"));
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let together = run(dir, &args, &[]);
    assert_eq!(together.code, 1, "{}", together.transcript());
    // Standard output still carries the `--format` report (text by default).
    let text = run(
        dir,
        &["check", "--config", "dspt.yaml", "--as-of", AS_OF],
        &[],
    );
    assert_eq!(together.stdout, text.stdout);
    // Each file is byte-identical to the same format on standard output.
    for format in FORMATS {
        let alone = run(
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
            &[],
        );
        let written = std::fs::read_to_string(dir.join(format!("report.{format}"))).unwrap();
        assert_eq!(written, alone.stdout, "{format}");
    }
    // Written atomically: no temporary file is left beside them.
    let leftovers: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".dspt-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_bad_report_flag_is_a_usage_error() {
    for (flag, expected) in [
        ("pdf=report.pdf", "unknown report format `pdf`"),
        ("sarif", "expected FORMAT=PATH"),
        ("sarif=", "no path after `sarif=`"),
    ] {
        let run = check_with(&["--report", flag]);
        assert_eq!(run.code, 2, "{}", run.transcript());
        assert!(run.stderr.contains(expected), "{}", run.transcript());
        assert!(
            run.stderr.contains("--report <FORMAT=PATH>"),
            "{}",
            run.transcript()
        );
        assert_eq!(run.stdout, "");
    }
}

fn check_with(extra: &[&str]) -> Run {
    let mut args = vec!["check", "--config", NONCOMPLIANT, "--as-of", AS_OF];
    args.extend_from_slice(extra);
    run(&workspace_root(), &args, &[])
}

#[test]
fn a_report_that_cannot_be_written_stops_the_run() {
    let run = check_with(&["--report", "html=no/such/folder/report.html"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr
            .contains("cannot write the report to `no/such/folder/report.html`"),
        "{}",
        run.transcript()
    );
}

#[test]
fn the_github_format_appends_a_job_summary() {
    let dir = tempfile::tempdir().unwrap();
    let summary = dir.path().join("summary.md");
    std::fs::write(&summary, "from an earlier step\n").unwrap();
    let env = [("GITHUB_STEP_SUMMARY", summary.as_path())];
    let github = run(
        &workspace_root(),
        &[
            "check",
            "--config",
            NONCOMPLIANT,
            "--as-of",
            AS_OF,
            "--format",
            "github",
        ],
        &env,
    );
    assert_eq!(github.code, 1, "{}", github.transcript());
    let markdown = check(NONCOMPLIANT, "markdown").stdout;
    assert_eq!(
        std::fs::read_to_string(&summary).unwrap(),
        format!("from an earlier step\n{markdown}")
    );
    // Other formats leave the summary alone.
    let json = run(
        &workspace_root(),
        &[
            "check",
            "--config",
            NONCOMPLIANT,
            "--as-of",
            AS_OF,
            "--format",
            "json",
        ],
        &env,
    );
    assert_eq!(json.code, 1, "{}", json.transcript());
    assert_eq!(
        std::fs::read_to_string(&summary).unwrap(),
        format!("from an earlier step\n{markdown}")
    );
}

fn on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}

/// Headless Chromium loads an HTML page from disk and dumps the DOM it built, so the page is
/// checked as a browser parses it, not as a string. CI installs Chromium (`.ci/run`) and sets
/// `CI`, where a missing browser fails; elsewhere `None`, after saying on stderr that `test`
/// did not run.
pub fn render_in_browser(page: &Path, test: &str) -> Option<String> {
    let dir = tempfile::tempdir().unwrap();
    let dom_file = dir.path().join("dom.html");
    let log = run_chromium(page, test, &["--dump-dom"], Some(&dom_file))?;
    let dom = std::fs::read_to_string(&dom_file).unwrap();
    assert!(dom.contains("</html>"), "chromium wrote no page:\n{log}");
    assert!(!dom.contains("<script"));
    Some(dom)
}

/// Headless Chromium's screenshot of a page (1280 × 1600 px), as PNG bytes; `None` where
/// `render_in_browser` would skip.
pub fn screenshot_in_browser(page: &Path, test: &str) -> Option<Vec<u8>> {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("page.png");
    let log = run_chromium(
        page,
        test,
        &[
            &format!("--screenshot={}", png.display()),
            "--window-size=1280,1600",
            "--hide-scrollbars",
        ],
        None,
    )?;
    let bytes = std::fs::read(&png).unwrap_or_else(|_| panic!("no screenshot:\n{log}"));
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG:\n{log}");
    Some(bytes)
}

/// Runs headless Chromium on `page` with `args`, its standard output into `stdout` (or
/// discarded); its log, or `None` when Chromium is not installed (outside CI).
fn run_chromium(page: &Path, test: &str, args: &[&str], stdout: Option<&Path>) -> Option<String> {
    let Some(chromium) = on_path("chromium") else {
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium is not on PATH, and CI is set: .ci/run installs it with apt-get"
        );
        // Written to the process's stderr, not through `eprintln!`, which the test harness
        // captures and hides for a passing test: the skip must be seen.
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED {test}: chromium is not on PATH (apt-get install chromium)"
        );
        return None;
    };
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("profile");
    let log_file = dir.path().join("chromium.log");
    let output = match stdout {
        Some(path) => std::process::Stdio::from(std::fs::File::create(path).unwrap()),
        None => std::process::Stdio::null(),
    };
    let mut browser = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        // Files, not pipes: the DOM is larger than a pipe's buffer, and nothing reads it until
        // the browser exits.
        .stdout(output)
        .stderr(std::fs::File::create(&log_file).unwrap())
        .spawn()
        .unwrap();
    // A guard, not a timing assertion: a hung browser must not hang the test run.
    let deadline = Instant::now() + Duration::from_secs(120);
    while browser.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = browser.kill();
            panic!("chromium did not finish within 120 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let status = browser.wait().unwrap();
    let log = std::fs::read_to_string(&log_file).unwrap_or_default();
    assert!(status.success(), "chromium failed ({status}):\n{log}");
    Some(log)
}

#[test]
fn the_html_report_renders_in_a_browser() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.html");
    let html = check_with(&["--format", "html", "--output", report.to_str().unwrap()]);
    assert_eq!(html.code, 1, "{}", html.transcript());
    let assessment = check(NONCOMPLIANT, "json").json();
    // A finding a reader must see, chosen from the report itself; one without markup
    // characters, which the DOM dump would show escaped.
    let finding = open_findings(&assessment)
        .into_iter()
        .map(|f| f["msg"].as_str().unwrap().to_string())
        .find(|msg| !msg.contains(['&', '<', '>', '"']))
        .unwrap();
    let Some(dom) = render_in_browser(&report, "the_html_report_renders_in_a_browser") else {
        return;
    };
    let overall = dom
        .split("id=\"overall-status\"")
        .nth(1)
        .and_then(|rest| rest.split("</strong>").next())
        .unwrap_or_else(|| panic!("no overall status in the rendered page:\n{dom}"));
    assert!(overall.ends_with(">standards-not-met"), "{overall}");
    assert!(
        dom.contains(&finding),
        "`{finding}` is not in the rendered page"
    );
}
