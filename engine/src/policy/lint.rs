//! Policy shapes regorus makes slow, found in the text of a policy file (`dspt test` reports them).
//!
//! regorus reads no rule value it has not computed in the same evaluation, indexes nothing and
//! memoises no function, so a few shapes cost far more than they look (docs/policy-authoring.md
//! has the measurements). Two are found here, by their text: the linter sees what the author
//! wrote, line by line, and a shape split over lines escapes it.
//!
//! - `whole-package` (an error): `data.dspt.lib.hr` (a package, or a prefix of one) used as a
//!   value evaluates every rule of the package, whichever one is wanted;
//! - `two-variable-reference` (a warning): `staff[index].courses[key]` resolves the path once per
//!   variable on every iteration; binding the element first (`person := staff[index]`) made one
//!   check 3x faster.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;

use super::bundle::PolicyFile;
use super::metadata::package_of;
use crate::error::Location;

/// How bad a shape is: an error fails `dspt test`, a warning is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum LintLevel {
    /// Costs every rule of a package: never wanted.
    Error,
    /// Costs several times what it needs in a loop; harmless outside one.
    Warning,
}

/// One shape found.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct LintFinding {
    /// File, line and column.
    pub location: Location,
    /// How bad.
    pub level: LintLevel,
    /// The lint's name (`whole-package`, `two-variable-reference`).
    pub name: &'static str,
    /// What was found and what to write instead.
    pub message: String,
}

static DATA_PATH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\bdata((?:\.[A-Za-z_][A-Za-z0-9_]*)+)").unwrap_or_else(|_| unreachable!())
});

// `a[i]…[k]`: two variables (identifiers other than `_`) indexing one path.
static TWO_VARIABLES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*\[([A-Za-z_][A-Za-z0-9_]*)\](?:\.[A-Za-z_][A-Za-z0-9_]*|\[[^\]]*\])*\[([A-Za-z_][A-Za-z0-9_]*)\]",
    )
    .unwrap_or_else(|_| unreachable!())
});

/// The shapes found in every policy file of `files` that is not a test, in file and line order.
/// `packages` are the packages a `data.…` path may name (those of every file loaded with them).
pub fn lint<'a>(
    files: impl IntoIterator<Item = &'a PolicyFile>,
    packages: &BTreeSet<String>,
) -> Vec<LintFinding> {
    let mut findings = Vec::new();
    for file in files.into_iter().filter(|file| !file.is_test()) {
        for (number, line) in file.text.lines().enumerate() {
            let code = code_of(line);
            let code = code.as_str();
            let at = |column: usize| Location {
                path: file.path.clone(),
                line: Some(number + 1),
                column: Some(column + 1),
            };
            for found in DATA_PATH.captures_iter(code) {
                let (Some(whole), Some(path)) = (found.get(0), found.get(1)) else {
                    continue;
                };
                let path = &path.as_str()[1..];
                // Followed by `[`, the path goes on into the package (`data.pkg[rule]`).
                if code[whole.end()..].starts_with('[') {
                    continue;
                }
                let prefix = format!("{path}.");
                if packages.contains(path) || packages.iter().any(|p| p.starts_with(&prefix)) {
                    findings.push(LintFinding {
                        location: at(whole.start()),
                        level: LintLevel::Error,
                        name: "whole-package",
                        message: format!(
                            "`{}` is a package: used as a value it evaluates every rule in it; name the rule wanted (`{}.<rule>`)",
                            whole.as_str(),
                            whole.as_str()
                        ),
                    });
                }
            }
            for found in TWO_VARIABLES.captures_iter(code) {
                let (Some(whole), Some(first), Some(second)) =
                    (found.get(0), found.get(1), found.get(2))
                else {
                    continue;
                };
                if [first.as_str(), second.as_str()]
                    .iter()
                    .any(|name| *name == "_" || is_literal(name))
                {
                    continue;
                }
                findings.push(LintFinding {
                    location: at(whole.start()),
                    level: LintLevel::Warning,
                    name: "two-variable-reference",
                    message: format!(
                        "`{}` indexes with two variables, which regorus resolves several times slower than two steps: bind the element first (`x := …[{}]`, then `x…[{}]`), or carry it from the rule that found it",
                        whole.as_str(),
                        first.as_str(),
                        second.as_str()
                    ),
                });
            }
        }
    }
    findings.sort();
    findings
}

/// The packages of `files`.
pub fn packages_of(files: &[PolicyFile]) -> BTreeSet<String> {
    files
        .iter()
        .filter_map(|file| package_of(&file.text))
        .map(|(package, _)| package)
        .collect()
}

fn is_literal(name: &str) -> bool {
    matches!(name, "true" | "false" | "null")
}

/// The line as code: its comment (a `#` outside a string) cut, and the inside of every string and
/// raw string blanked, so neither is read as a reference; columns are kept.
fn code_of(line: &str) -> String {
    let mut code = String::with_capacity(line.len());
    let mut quote = None;
    let mut escaped = false;
    for character in line.chars() {
        match quote {
            Some('"') if escaped => escaped = false,
            Some('"') if character == '\\' => escaped = true,
            Some(open) if character == open => quote = None,
            Some(_) => {}
            None if character == '"' || character == '`' => quote = Some(character),
            None if character == '#' => break,
            None => {}
        }
        let inside = quote.is_some() && !(character == '"' || character == '`');
        if inside {
            // One space per byte, so byte columns stay where they were.
            code.extend(std::iter::repeat_n(' ', character.len_utf8()));
        } else {
            code.push(character);
        }
    }
    code
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> PolicyFile {
        PolicyFile::builtin(path, text)
    }

    fn names(findings: &[LintFinding]) -> Vec<(usize, &'static str)> {
        findings
            .iter()
            .map(|f| (f.location.line.unwrap_or(0), f.name))
            .collect()
    }

    #[test]
    fn a_package_used_as_a_value_is_an_error_and_its_rules_are_not() {
        let library = file("lib.rego", "package dspt.lib.hr\n\nactive := 1\n");
        let check = file(
            "c.rego",
            "package dspt.checks.c\n\nlib := data.dspt.lib.hr\nall := data.dspt.lib\nok := data.dspt.lib.hr.active\nparams := data.dspt.params.hr\nby := data.dspt.lib.hr[\"active\"]\n# data.dspt.lib.hr in a comment\ntext := \"data.dspt.lib.hr # quoted\"\n",
        );
        let files = [library, check];
        let findings = lint(&files, &packages_of(&files));
        assert_eq!(
            names(&findings),
            [(3, "whole-package"), (4, "whole-package")]
        );
        assert_eq!(findings[0].level, LintLevel::Error);
        assert_eq!(findings[0].location.column, Some(8));
    }

    #[test]
    fn two_variables_indexing_one_path_are_a_warning() {
        let check = file(
            "c.rego",
            "package c\n\nx if {\n\tcompleted := staff[index].courses[key]\n\tresource := plans[index].resources[address]\n\tperson := staff[index]\n\tvalue := person.courses[key]\n\tsome y in staff[_].courses[_]\n\tz := a[\"k\"][key]\n\tw := a[i][\"k\"] # a[i][j]\n}\n",
        );
        let findings = lint(&[check], &BTreeSet::new());
        assert_eq!(
            names(&findings),
            [(4, "two-variable-reference"), (5, "two-variable-reference")]
        );
        assert_eq!(findings[0].level, LintLevel::Warning);
        assert!(findings[0].message.contains("staff[index].courses[key]"));
    }

    #[test]
    fn the_builtin_library_uses_no_package_as_a_value() {
        let files = crate::policy::bundle::builtin_files();
        let errors: Vec<LintFinding> = lint(&files, &packages_of(&files))
            .into_iter()
            .filter(|f| f.level == LintLevel::Error)
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
    }

    #[test]
    fn tests_are_not_linted() {
        let test = file(
            "c_test.rego",
            "package c_test\n\ntest_x if data.c with input as {}\n",
        );
        let check = file("c.rego", "package c\n\nx := 1\n");
        let files = [check, test];
        assert!(lint(&files, &packages_of(&files)).is_empty());
    }
}
