//! The bad-input corpus: every kind of broken evidence, config or policy gets a clear message
//! (file, and line where there is one) and exit 2 when the user named it; a broken file met while
//! walking a repository is a diagnostic and an `error` on the checks that read it. Never a pass.
//!
//! Cases covered elsewhere: a plan with a syntax error (check.rs), a state file passed as a plan
//! (check.rs), a missing mapped HR column and an impossible date (check.rs), an unknown config key
//! (check.rs), Rego that does not compile or has an unsafe variable (check.rs), Rego that runs too
//! long (check.rs), a broken dependabot.yml (check.rs).

use std::fs;
use std::path::Path;

use serde_json::Value;

use super::{AS_OF, Run, copy_fixture, dspt_in, report_check};

/// The run was refused as untrusted input (exit 2), its message holding every fragment.
pub(crate) fn untrusted(run: &Run, fragments: &[&str]) {
    assert_eq!(run.code, 2, "{}", run.transcript());
    for fragment in fragments {
        assert!(
            run.stderr.contains(fragment),
            "stderr lacks `{fragment}`:\n{}",
            run.transcript()
        );
    }
}

fn plan(dir: &Path, name: &str, bytes: &[u8]) -> Run {
    fs::write(dir.join(name), bytes).unwrap();
    dspt_in(dir, &["check", "--terraform", name, "--as-of", AS_OF])
}

#[test]
fn broken_plans_are_refused_with_their_place() {
    let dir = copy_fixture("compliant-supplier");
    let whole = fs::read(dir.path().join("plan.json")).unwrap();
    untrusted(
        &plan(dir.path(), "truncated.json", &whole[..whole.len() / 2]),
        &["error: truncated.json:", "invalid JSON"],
    );
    untrusted(
        &plan(dir.path(), "empty.json", b""),
        &["error: empty.json: invalid JSON: the file is empty"],
    );
    untrusted(
        &plan(
            dir.path(),
            "latin1.json",
            b"{\"format_version\": \"1.2\",\n\"x\": \"caf\xe9\"}",
        ),
        &["error: latin1.json:2", "UTF-8"],
    );
    untrusted(
        &plan(
            dir.path(),
            "future.json",
            br#"{"format_version": "2.0", "resource_changes": []}"#,
        ),
        &["unsupported plan format_version `2.0`"],
    );
    untrusted(
        &plan(dir.path(), "array.json", b"[1, 2, 3]"),
        &["error: array.json: not a Terraform plan"],
    );
}

/// A 200 MB plan, written sparse at test time, is refused by its size before it is read.
#[test]
fn an_oversized_plan_is_refused_without_being_read() {
    let dir = copy_fixture("compliant-supplier");
    let huge = fs::File::create(dir.path().join("huge.json")).unwrap();
    huge.set_len(200 * 1024 * 1024).unwrap();
    let started = std::time::Instant::now();
    let run = dspt_in(
        dir.path(),
        &["check", "--terraform", "huge.json", "--as-of", AS_OF],
    );
    untrusted(&run, &["`huge.json` is 209715200 bytes, over the limit of"]);
    // A guard, not a benchmark: reading 200 MB and parsing it would take seconds.
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
}

/// A repository file and what the walk makes of it: (diagnostic on that file, the run's exit).
fn with_repo_file(path: &str, bytes: &[u8]) -> (Value, i32) {
    let dir = copy_fixture("compliant-supplier");
    let target = dir.path().join("repo").join(path);
    fs::create_dir_all(target.parent().unwrap()).unwrap();
    fs::write(&target, bytes).unwrap();
    let run = dspt_in(
        dir.path(),
        &["check", "repo", "--as-of", AS_OF, "--format", "json"],
    );
    let assessment = run.json();
    let diagnostic = assessment["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["location"]["path"] == path)
        .cloned()
        .unwrap_or_else(|| panic!("no diagnostic for {path}:\n{}", run.transcript()));
    (
        serde_json::json!({"diagnostic": diagnostic, "assessment": assessment}),
        run.code,
    )
}

fn assert_dependabot_unreadable(bytes: &[u8], message: &str, line: Option<u64>) {
    let (found, code) = with_repo_file(".github/dependabot.yml", bytes);
    assert_eq!(code, 2, "a check in error makes the run untrusted");
    let diagnostic = &found["diagnostic"];
    assert!(
        diagnostic["message"].as_str().unwrap().contains(message),
        "{diagnostic}"
    );
    assert_eq!(
        diagnostic["location"]["line"].as_u64(),
        line,
        "{diagnostic}"
    );
    let check = report_check(&found["assessment"], "REPO-DEP-001");
    assert_eq!(check["status"], "error", "{check}");
}

#[test]
fn yaml_with_duplicate_keys_is_not_read_as_either_value() {
    assert_dependabot_unreadable(
        b"version: 2\nupdates:\n  - package-ecosystem: pip\n    directory: /\n    directory: /other\n",
        "duplicate entry with key \"directory\"",
        Some(3),
    );
}

#[test]
fn yaml_indented_with_tabs_is_refused_at_the_tab() {
    assert_dependabot_unreadable(
        b"version: 2\nupdates:\n\t- package-ecosystem: pip\n",
        "cannot start any token",
        Some(3),
    );
}

#[test]
fn a_yaml_alias_bomb_is_refused_not_expanded() {
    let mut text = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for level in 1..10u8 {
        let (name, previous) = (char::from(b'a' + level), char::from(b'a' + level - 1));
        let refs = vec![format!("*{previous}"); 9].join(",");
        text.push_str(&format!("{name}: &{name} [{refs}]\n"));
    }
    assert_dependabot_unreadable(text.as_bytes(), "repetition limit exceeded", None);
}

#[test]
fn ten_thousand_levels_of_nesting_are_refused() {
    let deep = format!("a: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
    assert_dependabot_unreadable(deep.as_bytes(), "recursion limit exceeded", Some(1));
    let (found, code) = with_repo_file(
        "package.json",
        format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)).as_bytes(),
    );
    assert_eq!(code, 2);
    assert!(
        found["diagnostic"]["message"]
            .as_str()
            .unwrap()
            .contains("recursion limit exceeded")
    );
}

#[test]
fn nesting_past_the_configured_limit_is_a_diagnostic() {
    let dir = copy_fixture("compliant-supplier");
    fs::write(
        dir.path().join("dspt.yaml"),
        "sources:\n  repository: repo\nlimits:\n  max_nesting: 2\n",
    )
    .unwrap();
    let run = dspt_in(dir.path(), &["check", "--as-of", AS_OF, "--format", "json"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    let assessment = run.json();
    assert!(
        assessment["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["location"]["path"] == ".github/dependabot.yml"
                && d["message"]
                    .as_str()
                    .unwrap()
                    .contains("over the limit of 2 (`limits.max_nesting`)")),
        "{}",
        run.transcript()
    );
    assert_eq!(report_check(&assessment, "REPO-DEP-001")["status"], "error");
}

#[test]
fn invalid_utf8_and_empty_repository_files_are_diagnostics() {
    let (found, code) = with_repo_file("package.json", b"{\"name\": \"caf\xe9\"}");
    assert_eq!(code, 2);
    assert!(
        found["diagnostic"]["message"]
            .as_str()
            .unwrap()
            .contains("not valid UTF-8"),
        "{found:#}"
    );
    let (found, code) = with_repo_file(
        "package.json",
        b"{\n  \"name\": \"x\",\n  \"dependencies\": {",
    );
    assert_eq!(code, 2);
    assert_eq!(
        found["diagnostic"]["location"]["line"], 3,
        "truncated: {found:#}"
    );
    let (found, code) = with_repo_file("package.json", b"");
    assert_eq!(code, 2);
    assert_eq!(found["diagnostic"]["location"]["line"], 1, "{found:#}");
}

#[test]
fn an_oversized_repository_file_is_a_diagnostic_not_a_read() {
    let dir = copy_fixture("compliant-supplier");
    let big = fs::File::create(dir.path().join("repo/big.json")).unwrap();
    big.set_len(200 * 1024 * 1024).unwrap();
    let run = dspt_in(
        dir.path(),
        &["check", "repo", "--as-of", AS_OF, "--format", "json"],
    );
    let diagnostics = run.json()["diagnostics"].clone();
    assert!(
        diagnostics
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["location"]["path"] == "big.json"
                && d["message"]
                    .as_str()
                    .unwrap()
                    .contains("larger than the limit")),
        "{diagnostics:#}"
    );
}

#[test]
fn a_directory_symlink_loop_is_recorded_not_followed() {
    let dir = copy_fixture("compliant-supplier");
    fs::create_dir_all(dir.path().join("repo/loop")).unwrap();
    std::os::unix::fs::symlink("..", dir.path().join("repo/loop/up")).unwrap();
    let run = dspt_in(
        dir.path(),
        &["check", "repo", "--as-of", AS_OF, "--format", "json"],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    let source = &run.json()["sources"][0];
    // The fixture's repository files and the link itself, once: nothing below it was walked.
    let fixture_files = walk_count(&dir.path().join("repo")) - 1;
    assert_eq!(source["count"], fixture_files + 1, "{source}");
}

fn walk_count(dir: &Path) -> usize {
    fs::read_dir(dir)
        .unwrap()
        .map(|entry| {
            let entry = entry.unwrap();
            let kind = entry.file_type().unwrap();
            if kind.is_dir() {
                walk_count(&entry.path())
            } else {
                1
            }
        })
        .sum()
}

#[test]
fn an_unreadable_repository_file_is_a_diagnostic() {
    use std::os::unix::fs::PermissionsExt;
    let dir = copy_fixture("compliant-supplier");
    let target = dir.path().join("repo/.github/dependabot.yml");
    fs::set_permissions(&target, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read(&target).is_ok() {
        // Root reads any file whatever its mode, so there is nothing unreadable to test.
        let _ = std::io::Write::write_all(
            &mut std::io::stderr(),
            b"SKIPPED an_unreadable_repository_file_is_a_diagnostic: running as root, mode 000 does not stop a read\n",
        );
        return;
    }
    let run = dspt_in(
        dir.path(),
        &["check", "repo", "--as-of", AS_OF, "--format", "json"],
    );
    assert_eq!(run.code, 2, "{}", run.transcript());
    let assessment = run.json();
    assert_eq!(report_check(&assessment, "REPO-DEP-001")["status"], "error");
    assert!(
        assessment["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["location"]["path"] == ".github/dependabot.yml"
                && d["message"].as_str().unwrap().contains("cannot read")),
        "{}",
        run.transcript()
    );
}

#[test]
fn more_files_than_the_limit_stop_the_run() {
    let dir = copy_fixture("compliant-supplier");
    fs::write(
        dir.path().join("dspt.yaml"),
        "sources:\n  repository: repo\nlimits:\n  max_files: 3\n",
    )
    .unwrap();
    let run = dspt_in(dir.path(), &["check", "--as-of", AS_OF]);
    untrusted(&run, &["holds more than 3 files (`limits.max_files`)"]);
}

/// The compliant fixture with the HR export replaced by `csv`, assessed as a `company`, whose
/// training the toolkit judges by the 95% coverage rule (HR-TRN-001) record by record.
fn hr_run(csv: &[u8], extra: &[&str]) -> Run {
    let dir = copy_fixture("compliant-supplier");
    fs::write(dir.path().join("hr/training.csv"), csv).unwrap();
    let config = dir.path().join("dspt.yaml");
    let text = fs::read_to_string(&config)
        .unwrap()
        .replace("type: it-supplier", "type: company");
    fs::write(&config, text).unwrap();
    let mut args = vec!["check", "--config", "dspt.yaml", "--as-of", AS_OF];
    args.extend_from_slice(extra);
    dspt_in(dir.path(), &args)
}

const HR_HEADER: &str = "Employee Number,Full Name,Job Title,Start Date,Leave Date,Data Security Awareness,Induction Completed,Status,Contract Clause,Role Training,Admin Agreement";

#[test]
fn an_excel_csv_with_bom_crlf_and_quoted_newlines_is_read_with_true_lines() {
    let csv = format!(
        "\u{feff}{HR_HEADER}\r\nCS1,\"Ann\r\nExample\",Developer,01/02/2020,,01/06/2026,01/02/2020,Active,Yes,,\r\nCS2,Bo,Developer,01/02/2020,,,01/02/2020,Active,Yes,,\r\n"
    );
    let run = hr_run(csv.as_bytes(), &["--format", "json"]);
    let check = report_check(&run.json(), "HR-TRN-001");
    let lines: Vec<u64> = check["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["line"].as_u64())
        .collect();
    // CS2 is on line 4: the quoted name of CS1 spans lines 2 and 3.
    assert_eq!(lines, [4], "{check:#}");
}

#[test]
fn hr_exports_with_duplicate_or_missing_columns_are_refused() {
    let duplicated = format!(
        "{HR_HEADER},Employee Number\nCS1,Ann,Developer,01/02/2020,,01/06/2026,01/02/2020,Active,Yes,,,CS1\n"
    );
    untrusted(
        &hr_run(duplicated.as_bytes(), &[]),
        &["hr/training.csv", "`Employee Number`"],
    );
    let missing = "Employee Number,Job Title\nCS1,Developer\n";
    untrusted(
        &hr_run(missing.as_bytes(), &[]),
        &["hr/training.csv:1", "is not in the header"],
    );
    untrusted(&hr_run(b"", &[]), &["hr/training.csv", "no rows"]);
}

#[test]
fn an_impossible_date_names_its_row_and_column() {
    let csv = format!("{HR_HEADER}\nCS1,Ann,Developer,31/02/2025,,01/06/2026,,Active,Yes,,\n");
    untrusted(
        &hr_run(csv.as_bytes(), &[]),
        &["hr/training.csv:2", "Start Date", "31/02/2025"],
    );
}

#[test]
fn a_training_date_after_the_assessment_date_does_not_count() {
    let csv =
        format!("{HR_HEADER}\nCS1,Ann,Developer,01/02/2020,,01/01/2027,01/02/2020,Active,Yes,,\n");
    let run = hr_run(csv.as_bytes(), &["--format", "json"]);
    let check = report_check(&run.json(), "HR-TRN-001");
    assert_eq!(check["status"], "fail", "{check:#}");
    assert!(
        check["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["msg"]
                .as_str()
                .unwrap()
                .contains("after the assessment date")),
        "{check:#}"
    );
}

#[test]
fn a_config_value_of_the_wrong_type_names_its_line() {
    let dir = copy_fixture("compliant-supplier");
    fs::write(
        dir.path().join("bad.yaml"),
        "organisation:\n  name: X\nlimits:\n  check_seconds: soon\n",
    )
    .unwrap();
    let run = dspt_in(
        dir.path(),
        &["check", "repo", "--config", "bad.yaml", "--as-of", AS_OF],
    );
    untrusted(&run, &["bad.yaml:4", "check_seconds"]);
    fs::write(
        dir.path().join("deep.yaml"),
        format!(
            "params:\n  deep: {}{}\n",
            "[".repeat(10_000),
            "]".repeat(10_000)
        ),
    )
    .unwrap();
    let run = dspt_in(
        dir.path(),
        &["check", "repo", "--config", "deep.yaml", "--as-of", AS_OF],
    );
    untrusted(&run, &["deep.yaml:2", "recursion limit exceeded"]);
}

#[test]
fn policies_cannot_reach_the_network_the_environment_or_files() {
    let dir = copy_fixture("compliant-supplier");
    for (name, call) in [
        (
            "network",
            r#"http.send({"method": "get", "url": "https://example.org"})"#,
        ),
        ("environment", "opa.runtime().env"),
        ("file", r#"json.unmarshal(io.read_file("/etc/passwd"))"#),
    ] {
        let policies = dir.path().join(format!("org-{name}"));
        fs::create_dir_all(&policies).unwrap();
        fs::write(
            policies.join("leak.rego"),
            format!("# METADATA\n# title: Leak\n# custom:\n#   id: ORG-LEAK-001\n#   severity: low\n#   sources: [repository]\npackage dspt.checks.org.leak\n\nimport rego.v1\n\ndeny contains {{\"msg\": sprintf(\"%v\", [x])}} if {{\n\tx := {call}\n}}\n\njudged contains 1 if true\n"),
        )
        .unwrap();
        let run = dspt_in(
            dir.path(),
            &[
                "check",
                "repo",
                "--policies",
                &format!("org-{name}"),
                "--as-of",
                AS_OF,
            ],
        );
        untrusted(
            &run,
            &[&format!("org-{name}/leak.rego:12:"), "Unknown function"],
        );
    }
}

/// Every file under `dir` with its length and modification time.
fn snapshot(dir: &Path) -> Vec<(String, u64, std::time::SystemTime)> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in fs::read_dir(&folder).unwrap() {
            let entry = entry.unwrap();
            let metadata = entry.metadata().unwrap();
            if metadata.is_dir() {
                pending.push(entry.path());
            } else {
                files.push((
                    entry
                        .path()
                        .strip_prefix(dir)
                        .unwrap()
                        .display()
                        .to_string(),
                    metadata.len(),
                    metadata.modified().unwrap(),
                ));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn a_run_writes_only_its_output_paths() {
    let dir = copy_fixture("noncompliant-supplier");
    let before = snapshot(dir.path());
    let args = [
        "check",
        "--config",
        "dspt.yaml",
        "--as-of",
        AS_OF,
        "--output",
        "out/report.txt",
        "--report",
        "sarif=out/report.sarif",
        "--report",
        "html=out/report.html",
    ];
    let run = dspt_in(dir.path(), &args);
    // `out/` must exist: dspt does not create folders either.
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert_eq!(snapshot(dir.path()), before, "a failed run wrote something");
    fs::create_dir(dir.path().join("out")).unwrap();
    let run = dspt_in(dir.path(), &args);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let after: Vec<_> = snapshot(dir.path())
        .into_iter()
        .filter(|(path, _, _)| !path.starts_with("out/"))
        .collect();
    assert_eq!(after, before, "dspt wrote outside its output paths");
    let written: Vec<String> = fs::read_dir(dir.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(written, ["report.html", "report.sarif", "report.txt"]);
}

/// `--output` to a device or a FIFO writes into it; it must never replace it with a file (as
/// root, renaming over `/dev/null` replaces the machine's /dev/null).
#[test]
fn output_to_a_fifo_is_written_into_not_replaced() {
    use std::os::unix::fs::FileTypeExt;
    let dir = copy_fixture("compliant-supplier");
    let fifo = dir.path().join("report.fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|status| status.success());
    if !made {
        let _ = std::io::Write::write_all(
            &mut std::io::stderr(),
            b"SKIPPED output_to_a_fifo_is_written_into_not_replaced: mkfifo is not available\n",
        );
        return;
    }
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || fs::read_to_string(fifo).unwrap())
    };
    let run = dspt_in(
        dir.path(),
        &[
            "check",
            "repo",
            "--as-of",
            AS_OF,
            "--format",
            "json",
            "--output",
            "report.fifo",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    // Checked before joining: a reader of a replaced FIFO would wait for ever.
    assert!(
        fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo(),
        "the FIFO was replaced by a file"
    );
    let report = reader.join().unwrap();
    assert!(
        report.contains("\"schema\": \"dspt/assessment/v1\""),
        "{report}"
    );
}

#[test]
fn with_two_bad_inputs_the_first_named_is_the_one_reported() {
    // The repository is read beside the other sources; its error still comes first, as it did
    // when the sources were read one after another, so a rerun reports the same problem.
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("plan.json"), b"{").unwrap();
    fs::write(dir.path().join("not-a-folder"), b"x").unwrap();
    for _ in 0..3 {
        let run = dspt_in(
            dir.path(),
            &[
                "check",
                "not-a-folder",
                "--terraform",
                "plan.json",
                "--as-of",
                AS_OF,
            ],
        );
        untrusted(&run, &["not-a-folder"]);
        assert!(!run.stderr.contains("plan.json"), "{}", run.transcript());
    }
}
