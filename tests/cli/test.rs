//! `dspt test`: the Rego unit test runner.

use std::fs;

use crate::dspt_in;

const CHECK: &str = "# METADATA\n# title: Owners are named\n# custom:\n#   id: ORG-OWN-001\n#   severity: low\n#   sources: [repository]\npackage dspt.checks.org.owners\n\nimport rego.v1\n\ndeny contains {\"msg\": \"no CODEOWNERS\"} if not input.repository.files.CODEOWNERS\n";

fn org_folder(tests: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("org")).unwrap();
    fs::write(dir.path().join("org/owners.rego"), CHECK).unwrap();
    fs::write(dir.path().join("org/owners_test.rego"), format!("package dspt.checks.org.owners_test\n\nimport rego.v1\n\nimport data.dspt.checks.org.owners\n\n{tests}")).unwrap();
    dir
}

#[test]
fn the_builtin_library_passes_its_own_tests() {
    let run = crate::dspt(&["test"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(
        run.stdout.contains(" passed, 0 failed, 0 errors"),
        "{}",
        run.transcript()
    );
}

#[test]
fn a_failing_test_is_named_with_its_location_and_exits_1() {
    let dir = org_folder(
        "test_missing_owners_denies if count(owners.deny) == 1 with input as {\"repository\": {\"files\": {}}}\n\ntest_wrong_expectation if count(owners.deny) == 2 with input as {\"repository\": {\"files\": {}}}\n",
    );
    let run = dspt_in(dir.path(), &["test", "org"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stdout.contains(
            "org/owners_test.rego:9: FAIL data.dspt.checks.org.owners_test.test_wrong_expectation"
        ),
        "{}",
        run.transcript()
    );
    assert!(
        run.stdout.contains("tests: 1 passed, 1 failed, 0 errors"),
        "{}",
        run.transcript()
    );
    // Only the folder's tests ran, not the built-in library's.
    let filtered = dspt_in(dir.path(), &["test", "org", "--run", "missing"]);
    assert_eq!(filtered.code, 0, "{}", filtered.transcript());
    assert!(
        filtered.stdout.contains("tests: 1 passed, 0 failed"),
        "{}",
        filtered.transcript()
    );
}

#[test]
fn a_test_that_errors_is_an_error_not_a_pass() {
    let dir = org_folder("test_divides_by_zero if 1 / 0\n");
    let run = dspt_in(dir.path(), &["test", "org"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stdout.contains("org/owners_test.rego:7: ERROR"),
        "{}",
        run.transcript()
    );
}

#[test]
fn a_filter_that_matches_nothing_is_refused() {
    let run = crate::dspt(&["test", "--run", "no_such_test_anywhere"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
}

#[test]
fn shapes_regorus_makes_slow_are_linted_at_their_line() {
    let dir = org_folder(
        "test_passes if count(owners.deny) == 1 with input as {\"repository\": {\"files\": {}}}\n",
    );
    fs::write(
        dir.path().join("org/slow.rego"),
        "package dspt.org.slow\n\nimport rego.v1\n\nlibrary := data.dspt.lib.hr\n\ncompleted contains c if {\n\tsome index, key in input.pairs\n\tc := input.hr.staff[index].courses[key]\n}\n",
    )
    .unwrap();
    let run = dspt_in(dir.path(), &["test", "org"]);
    // The tests pass; a package used as a value fails the run at its line.
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stderr
            .contains("error[whole-package]: org/slow.rego:5:12: `data.dspt.lib.hr` is a package"),
        "{}",
        run.transcript()
    );
    assert!(
        run.stderr.contains("lint: 1 error(s), 1 warning(s)"),
        "{}",
        run.transcript()
    );
    // Warnings are listed with --verbose.
    let verbose = dspt_in(dir.path(), &["test", "org", "--verbose"]);
    assert!(
        verbose.stderr.contains(
            "warning[two-variable-reference]: org/slow.rego:9:7: `input.hr.staff[index].courses[key]`"
        ),
        "{}",
        verbose.transcript()
    );
    // The built-in library is not linted when a folder is tested.
    assert!(
        !verbose.stderr.contains("policies/"),
        "{}",
        verbose.transcript()
    );
}
