//! Parallel evaluation and `--timings` never change a report.

use super::{AS_OF, dspt};

const NONCOMPLIANT: &str = "fixtures/noncompliant-supplier/dspt.yaml";

fn check(extra: &[&str]) -> crate::Run {
    let mut args = vec!["check", "--config", NONCOMPLIANT, "--as-of", AS_OF];
    args.extend_from_slice(extra);
    dspt(&args)
}

#[test]
fn parallel_and_sequential_evaluation_give_identical_reports() {
    for format in ["json", "sarif", "text"] {
        let sequential = check(&["--format", format, "--jobs", "1"]);
        let parallel = check(&["--format", format, "--jobs", "4"]);
        assert_eq!(sequential.code, 1, "{}", sequential.transcript());
        assert_eq!(parallel.code, sequential.code);
        assert!(
            parallel.stdout == sequential.stdout,
            "{format} differs between --jobs 1 and --jobs 4"
        );
    }
}

#[test]
fn timings_go_to_standard_error_and_leave_the_report_unchanged() {
    let plain = check(&["--format", "json"]);
    let timed = check(&["--format", "json", "--timings"]);
    assert_eq!(timed.code, plain.code);
    assert!(timed.stdout == plain.stdout, "--timings changed the report");
    let stderr = &timed.stderr;
    assert!(
        stderr.starts_with("timings (wall clock, ms):\n"),
        "{stderr}"
    );
    for phase in [
        "compile and verify the policies",
        "read and parse the repository",
        "read and parse the Terraform plans",
        "read and parse the HR exports",
        "read and parse the identity exports",
        "convert the evidence document",
        "evaluate ",
        "total",
        "slowest checks (of ",
    ] {
        assert!(stderr.contains(phase), "`{phase}` missing:\n{stderr}");
    }
    // One line per check, each a number of milliseconds then the id.
    let check_lines: Vec<&str> = stderr
        .lines()
        .skip_while(|line| !line.starts_with("slowest checks"))
        .skip(1)
        .collect();
    let evaluated: usize = stderr
        .lines()
        .find_map(|line| {
            line.split("evaluate ")
                .nth(1)?
                .split(' ')
                .next()?
                .parse()
                .ok()
        })
        .expect("an evaluate line");
    assert!(evaluated >= 44, "{stderr}");
    // The slowest 60 are listed (`TIMED_CHECKS_SHOWN`), the rest are counted in the heading.
    assert_eq!(check_lines.len(), evaluated.min(60), "{stderr}");
    for line in check_lines {
        let (millis, id) = line.trim().split_once("  ").unwrap();
        assert!(millis.parse::<f64>().is_ok(), "{line}");
        assert!(id.contains('-'), "{line}");
    }
}

#[test]
fn jobs_must_be_at_least_one() {
    let run = check(&["--jobs", "0"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(run.stderr.contains("--jobs"), "{}", run.stderr);
}
