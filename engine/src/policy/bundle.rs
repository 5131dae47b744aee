//! The policy bundle: the built-in checks embedded in the binary plus organisation folders,
//! each check's METADATA, the parameters, all compiled once into one interpreter.
//!
//! Loading verifies every check and reports every problem in one pass, sorted by location:
//! regorus finds most mistakes only when a rule runs, so each check's entry points are compiled
//! to the bytecode VM (a static pass) and each package is evaluated once on an empty input.
//! A broken check must stop the run at load time, not ship because no input ever reached it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use serde::Deserialize;
use serde_json::Value;

use super::metadata::{CheckMeta, package_of, parse_check_meta};
use super::rego::{RegoEngine, RuleValue};
use crate::error::{Location, PolicyError, PolicyProblem, PolicyProblemKind};

static BUILTIN: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../policies");

/// Rules a check may define, in evaluation order.
pub const CHECK_RULES: [&str; 6] = ["skip", "deny", "warn", "error", "judged", "join"];

/// The rules whose values are findings; a check defines at least one.
const FINDING_RULES: [&str; 3] = ["deny", "warn", "error"];

/// Package prefix that makes a module a check.
const CHECK_PACKAGE_PREFIX: &str = "dspt.checks.";

/// Messages of the bytecode compiler that name a real mistake in a policy.
const STATIC_CHECK_FINDINGS: [&str; 3] = ["Undefined variable", "Unknown function", "is unsafe"];

/// Package prefix of inventories.
const INVENTORY_PACKAGE_PREFIX: &str = "dspt.inventory.";

/// Where a policy file came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Embedded in the binary.
    Builtin,
    /// A folder given with `--policies` or in the config.
    Directory(PathBuf),
}

/// One Rego file.
#[derive(Debug, Clone)]
pub struct PolicyFile {
    /// Path shown to users: `policies/...` for built-ins, the path on disk otherwise.
    pub path: String,
    /// Its text.
    pub text: String,
    /// Where it came from.
    pub origin: Origin,
}

#[cfg(test)]
impl PolicyFile {
    /// A built-in file with this path and text, for tests.
    pub(crate) fn builtin(path: &str, text: &str) -> PolicyFile {
        PolicyFile {
            path: path.to_string(),
            text: text.to_string(),
            origin: Origin::Builtin,
        }
    }
}

/// Package of test support: builders of evidence documents that every test may use
/// (`policies/testing/`). It is loaded by `dspt test` only, never by `dspt check`.
pub const TEST_SUPPORT_PACKAGE: &str = "dspt.testing";

impl PolicyFile {
    /// Whether it is for tests only: Rego unit tests, or [test support](TEST_SUPPORT_PACKAGE).
    pub fn is_test(&self) -> bool {
        self.path.ends_with("_test.rego") || self.is_test_support()
    }

    /// Whether it is in [`TEST_SUPPORT_PACKAGE`] (or below it).
    pub fn is_test_support(&self) -> bool {
        package_of(&self.text).is_some_and(|(package, _)| {
            package
                .strip_prefix(TEST_SUPPORT_PACKAGE)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
        })
    }
}

/// A check ready to evaluate.
#[derive(Debug, Clone)]
pub struct Check {
    /// What it says about itself.
    pub meta: CheckMeta,
    /// `data.dspt.checks...`
    pub package: String,
    /// The file defining it.
    pub file: String,
    /// Which of [`CHECK_RULES`] it declares.
    pub rules: Vec<&'static str>,
    /// Where it came from.
    pub origin: Origin,
    /// The Rego source.
    pub source: String,
}

/// The compiled bundle.
#[derive(Clone)]
pub struct PolicyBundle {
    pub(crate) engine: RegoEngine,
    checks: Vec<Check>,
    inventories: Vec<Inventory>,
    params: Value,
    shared_facts: Vec<SharedFact>,
}

/// A library rule computed once a run (`policies/lib/facts.rego`): its name, or
/// `{"name": …, "when": …}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(from = "SharedFactEntry")]
pub struct SharedFact {
    /// The rule below `data.dspt.lib` (`terraform.patient_resources`), also its key in
    /// `input.shared_facts`.
    pub name: String,
    /// Computed only when this other fact is not empty (the S3 statuses are read only for
    /// patient-data stores).
    pub when: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum SharedFactEntry {
    Named(String),
    Conditional(ConditionalFact),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConditionalFact {
    name: String,
    when: Option<String>,
}

impl From<SharedFactEntry> for SharedFact {
    fn from(entry: SharedFactEntry) -> SharedFact {
        match entry {
            SharedFactEntry::Named(name) => SharedFact { name, when: None },
            SharedFactEntry::Conditional(ConditionalFact { name, when }) => {
                SharedFact { name, when }
            }
        }
    }
}

/// Where the library names the rules computed once a run (`policies/lib/facts.rego`).
const SHARED_FACTS_RULE: &str = "data.dspt.lib.facts.shared";

/// A package under `dspt.inventory.` whose `resources` rule lists facts for the report
/// (e.g. every resource holding patient data), not a verdict.
#[derive(Debug, Clone)]
pub struct Inventory {
    /// Last package component (`patient_data`).
    pub name: String,
    /// `data.dspt.inventory.patient_data`
    pub package: String,
    /// The file defining it.
    pub file: String,
}

impl PolicyBundle {
    /// Checks sorted by id.
    pub fn checks(&self) -> &[Check] {
        &self.checks
    }

    /// A check by id.
    pub fn check(&self, id: &str) -> Option<&Check> {
        self.checks.iter().find(|check| check.meta.id == id)
    }

    /// Inventory packages, by name.
    pub fn inventories(&self) -> &[Inventory] {
        &self.inventories
    }

    /// The effective parameters (`data.dspt.params`).
    pub fn params(&self) -> &Value {
        &self.params
    }

    /// The library rules computed once a run and given to every check as
    /// `input.shared_facts[<name>]`, by name below `data.dspt.lib` (`terraform.patient_resources`).
    pub fn shared_facts(&self) -> &[SharedFact] {
        &self.shared_facts
    }

    /// Compiles `files` (tests are skipped) with `params` as `data.dspt.params`.
    pub fn compile(files: &[PolicyFile], params: Value) -> Result<PolicyBundle, PolicyError> {
        PolicyBundle::compile_with(files, params, StaticCheck::Organisation)
    }

    /// Compiles, running the bytecode compiler's static check on the checks `scope` names.
    pub(crate) fn compile_with(
        files: &[PolicyFile],
        params: Value,
        scope: StaticCheck,
    ) -> Result<PolicyBundle, PolicyError> {
        let mut problems = Vec::new();
        let files = without_replaced_builtins(files, &mut problems);
        let mut engine = RegoEngine::new();
        let mut checks = Vec::new();
        let mut inventories = Vec::new();
        let mut packages = Vec::new();
        for file in &files {
            if let Err(error) = engine.add_module(&file.path, &file.text) {
                problems.push(compile_problem(&file.path, error));
                continue;
            }
            let Some((package, _)) = package_of(&file.text) else {
                continue;
            };
            packages.push(Package {
                file: file.path.clone(),
                path: format!("data.{package}"),
                builtin: file.origin == Origin::Builtin,
            });
            if let Some(name) = package.strip_prefix(INVENTORY_PACKAGE_PREFIX) {
                inventories.push(Inventory {
                    name: name.to_string(),
                    package: format!("data.{package}"),
                    file: file.path.clone(),
                });
            }
            if !package.starts_with(CHECK_PACKAGE_PREFIX) {
                continue;
            }
            match parse_check_meta(&file.path, &file.text) {
                Ok(meta) => checks.push(Check {
                    meta,
                    package: format!("data.{package}"),
                    file: file.path.clone(),
                    rules: Vec::new(),
                    origin: file.origin.clone(),
                    source: file.text.clone(),
                }),
                Err(problem) => problems.push(problem),
            }
        }
        if let Err(error) = engine.set_data(serde_json::json!({"dspt": {"params": params}})) {
            problems.push(PolicyProblem {
                location: Location::file("policies/params"),
                kind: PolicyProblemKind::Params,
                message: error.message,
            });
        }
        let scope = match scope {
            StaticCheck::Organisation if organisation_extends_builtin(&files) => StaticCheck::All,
            scope => scope,
        };
        verify(&mut engine, &mut checks, &packages, scope, &mut problems);
        let shared_facts = shared_facts(&mut engine, &mut problems);
        if !problems.is_empty() {
            problems.sort();
            problems.dedup();
            return Err(PolicyError { problems });
        }
        checks.sort_by(|a, b| a.meta.id.cmp(&b.meta.id));
        inventories.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(PolicyBundle {
            engine,
            checks,
            inventories,
            params,
            shared_facts,
        })
    }
}

/// An organisation check with the id of a built-in one replaces it; two checks with one id
/// anywhere else is an error.
fn without_replaced_builtins(
    files: &[PolicyFile],
    problems: &mut Vec<PolicyProblem>,
) -> Vec<PolicyFile> {
    let mut ids: BTreeMap<String, Vec<&PolicyFile>> = BTreeMap::new();
    for file in files.iter().filter(|f| !f.is_test()) {
        if let Ok(meta) = parse_check_meta(&file.path, &file.text) {
            ids.entry(meta.id.to_string()).or_default().push(file);
        }
    }
    let mut replaced = Vec::new();
    for (id, defining) in &ids {
        let (builtin, organisation): (Vec<&&PolicyFile>, Vec<&&PolicyFile>) =
            defining.iter().partition(|f| f.origin == Origin::Builtin);
        if organisation.len() > 1 || (organisation.is_empty() && builtin.len() > 1) {
            for file in defining.iter().skip(1) {
                // Point at the `id:` line of the METADATA block, where the clash is written.
                let line = file
                    .text
                    .lines()
                    .position(|l| {
                        l.trim_start().starts_with('#') && l.contains(&format!("id: {id}"))
                    })
                    .map(|i| i + 1);
                problems.push(PolicyProblem {
                    location: Location {
                        path: file.path.clone(),
                        line,
                        column: None,
                    },
                    kind: PolicyProblemKind::DuplicateId,
                    message: format!(
                        "check id `{id}` is also defined in `{}`",
                        defining.first().map_or("", |f| f.path.as_str())
                    ),
                });
            }
        } else if !organisation.is_empty() {
            replaced.extend(builtin.iter().map(|f| f.path.clone()));
        }
    }
    files
        .iter()
        .filter(|f| !f.is_test() && !replaced.contains(&f.path))
        .cloned()
        .collect()
}

/// A package of the bundle, probed on an empty input when the bundle is verified.
struct Package {
    /// A file defining it.
    file: String,
    /// `data.<package>`.
    path: String,
    /// Whether that file is built in.
    builtin: bool,
}

/// Which checks the bytecode compiler's static check (and which packages the empty-input probe)
/// runs on when a bundle is compiled.
///
/// The static check costs ~13 ms a check (most of start-up with the 46 built-in ones) and the
/// probe ~30 ms for the built-in packages; the verdict of both depends only on the Rego, not on
/// the evidence. The built-in checks and packages are verified by this crate's tests
/// (`every_builtin_check_passes_the_static_check`), so a run verifies only what it cannot know:
/// organisation checks and packages, and everything when an organisation file adds rules to a
/// built-in package. A parameter override that breaks a rule at evaluation still makes that
/// check `error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StaticCheck {
    /// Every check.
    All,
    /// Checks from organisation folders.
    Organisation,
}

/// Whether an organisation file is in a package a built-in file defines too.
fn organisation_extends_builtin(files: &[PolicyFile]) -> bool {
    let packages = |builtin: bool| -> std::collections::BTreeSet<String> {
        files
            .iter()
            .filter(|f| (f.origin == Origin::Builtin) == builtin)
            .filter_map(|f| package_of(&f.text).map(|(package, _)| package))
            .collect()
    };
    !packages(true).is_disjoint(&packages(false))
}

fn verify(
    engine: &mut RegoEngine,
    checks: &mut [Check],
    packages: &[Package],
    scope: StaticCheck,
    problems: &mut Vec<PolicyProblem>,
) {
    for check in checks.iter_mut() {
        check.rules = CHECK_RULES
            .into_iter()
            .filter(|rule| engine.declares_rule(&check.file, rule, &check.source))
            .collect();
        let missing = if !check.rules.contains(&"judged") {
            Some(format!(
                "check `{}` has no `judged` rule: a check must say what it examined (a set with one element per resource, file or record), so that judging nothing reads `not_applicable`, never `pass` (see docs/policy-authoring.md)",
                check.meta.id
            ))
        } else if !FINDING_RULES.iter().any(|rule| check.rules.contains(rule)) {
            Some(format!(
                "check `{}` defines none of the rules `deny`, `warn` or `error`",
                check.meta.id
            ))
        } else {
            None
        };
        if let Some(message) = missing {
            problems.push(PolicyProblem {
                location: Location::file(&check.file),
                kind: PolicyProblemKind::Metadata,
                message,
            });
            continue;
        }
        if scope == StaticCheck::Organisation && check.origin == Origin::Builtin {
            continue;
        }
        let entry_points: Vec<String> = check
            .rules
            .iter()
            .map(|rule| format!("{}.{rule}", check.package))
            .collect();
        if let Err(error) = engine.static_check(&entry_points) {
            // The bytecode compiler does not support every construct the interpreter runs
            // (`with`, `walk`, some builtins) and says so in varying words; only the mistakes it
            // positively finds are problems. The interpreter stays the reference.
            if STATIC_CHECK_FINDINGS
                .iter()
                .any(|finding| error.message.contains(finding))
            {
                problems.push(compile_problem(&check.file, error));
            }
        }
    }
    // Preparing the bundle's own engine (not a clone) once means every clone made to evaluate
    // checks starts prepared. The evaluation sets its own input.
    engine.set_input(&super::rego::SharedInput::from_parts(Vec::new()));
    if let Err(error) = engine.prepare() {
        problems.push(compile_problem("policies", error));
    }
    for package in packages {
        if scope == StaticCheck::Organisation && package.builtin {
            continue;
        }
        if let Err(error) = engine.eval_package(&package.path) {
            problems.push(compile_problem(&package.file, error));
        }
    }
}

/// The names `data.dspt.lib.facts.shared` lists (none when no file defines it); anything but a
/// list of rule names is a problem.
fn shared_facts(engine: &mut RegoEngine, problems: &mut Vec<PolicyProblem>) -> Vec<SharedFact> {
    let problem = |message: String| PolicyProblem {
        location: Location::file("policies/lib/facts.rego"),
        kind: PolicyProblemKind::Compile,
        message,
    };
    // As a query, so a bundle without the rule (an organisation's own test bundle) reads undefined
    // where evaluating the rule by path would be an error.
    let (package, rule) = SHARED_FACTS_RULE
        .rsplit_once('.')
        .unwrap_or((SHARED_FACTS_RULE, ""));
    let value = match engine.eval_rules_together(package, &[rule], None) {
        Ok(mut together) => match together.values.remove(rule) {
            Some(RuleValue::Defined(value)) => value,
            _ => return Vec::new(),
        },
        Err(error) => {
            problems.push(compile_problem("policies/lib/facts.rego", error));
            return Vec::new();
        }
    };
    match Vec::<SharedFact>::deserialize(&value) {
        Ok(facts) => facts,
        Err(_) => {
            problems.push(problem(format!(
                "`{SHARED_FACTS_RULE}` must be a list of library rule names (or {{\"name\": …, \"when\": …}}), not {value}"
            )));
            Vec::new()
        }
    }
}

fn compile_problem(file: &str, error: super::rego::RegoError) -> PolicyProblem {
    PolicyProblem {
        location: error.location.unwrap_or_else(|| Location::file(file)),
        kind: PolicyProblemKind::Compile,
        message: error.message,
    }
}

/// Every `.rego` file of the built-in library, sorted by path.
pub fn builtin_files() -> Vec<PolicyFile> {
    let mut files = Vec::new();
    collect_builtin(&BUILTIN, &mut files);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

fn collect_builtin(dir: &Dir<'_>, out: &mut Vec<PolicyFile>) {
    for file in dir.files() {
        let path = file.path().to_string_lossy().replace('\\', "/");
        if let Some(text) = file.contents_utf8().filter(|_| path.ends_with(".rego")) {
            out.push(PolicyFile {
                path: format!("policies/{path}"),
                text: text.to_string(),
                origin: Origin::Builtin,
            });
        }
    }
    for child in dir.dirs() {
        collect_builtin(child, out);
    }
}

/// A built-in data file by path below `policies/`.
pub fn builtin_data(path: &str) -> Option<&'static str> {
    BUILTIN.get_file(path).and_then(|file| file.contents_utf8())
}

/// Built-in data files below a folder of `policies/`, sorted by path.
pub fn builtin_data_files(folder: &str) -> Vec<(String, &'static str)> {
    let mut files: Vec<(String, &'static str)> = BUILTIN
        .get_dir(folder)
        .map(|dir| {
            dir.files()
                .filter_map(|file| {
                    Some((
                        format!("policies/{}", file.path().to_string_lossy()),
                        file.contents_utf8()?,
                    ))
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// Every `.rego` file below `dir`, sorted by path. A folder that cannot be read, or that holds no
/// Rego at all, is a problem: a gate configured with policies it did not load must not pass.
pub fn load_policy_dir(dir: &Path) -> Result<Vec<PolicyFile>, PolicyProblem> {
    let problem = |message: String, kind| PolicyProblem {
        location: Location::file(dir.display().to_string()),
        kind,
        message,
    };
    let metadata = std::fs::metadata(dir).map_err(|error| {
        problem(
            format!("cannot read policy folder: {error}"),
            PolicyProblemKind::Unreadable,
        )
    })?;
    if !metadata.is_dir() {
        return Err(problem(
            "not a folder".to_string(),
            PolicyProblemKind::Unreadable,
        ));
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
    {
        let entry = entry.map_err(|error| {
            problem(
                format!("cannot read policy folder: {error}"),
                PolicyProblemKind::Unreadable,
            )
        })?;
        if !entry.file_type().is_file() || entry.path().extension().is_none_or(|ext| ext != "rego")
        {
            continue;
        }
        let path = entry.path().display().to_string();
        let text = std::fs::read_to_string(entry.path()).map_err(|error| PolicyProblem {
            location: Location::file(&path),
            kind: PolicyProblemKind::Unreadable,
            message: format!("cannot read: {error}"),
        })?;
        files.push(PolicyFile {
            path,
            text,
            origin: Origin::Directory(dir.to_path_buf()),
        });
    }
    if !files.iter().any(|file| !file.is_test()) {
        return Err(problem(
            "the policy folder holds no `.rego` checks".to_string(),
            PolicyProblemKind::NoChecks,
        ));
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_check_passes_the_static_check() {
        let params = crate::policy::params::default_params().unwrap();
        let bundle = PolicyBundle::compile_with(&builtin_files(), params, StaticCheck::All);
        assert!(bundle.is_ok(), "{:?}", bundle.err());
    }

    #[test]
    fn an_organisation_file_in_a_builtin_package_brings_back_the_static_check_of_all() {
        let mut files = builtin_files();
        assert!(!organisation_extends_builtin(&files));
        files.push(PolicyFile {
            path: "org/terraform.rego".to_string(),
            text: "package dspt.lib.terraform\n\nimport rego.v1\n\nextra := true\n".to_string(),
            origin: Origin::Directory(PathBuf::from("org")),
        });
        assert!(organisation_extends_builtin(&files));
    }

    #[test]
    fn test_support_is_for_tests_only() {
        let file = |path: &str, text: &str| PolicyFile {
            path: path.to_string(),
            text: text.to_string(),
            origin: Origin::Builtin,
        };
        assert!(
            file(
                "policies/testing/terraform.rego",
                "package dspt.testing.terraform"
            )
            .is_test()
        );
        assert!(file("t.rego", "# builders\npackage dspt.testing\n").is_test_support());
        assert!(!file("t.rego", "package dspt.testingkit").is_test());
        assert!(!file("policies/lib/hr.rego", "package dspt.lib.hr").is_test());
        let shipped: Vec<PolicyFile> = builtin_files();
        assert!(shipped.iter().any(PolicyFile::is_test_support));
    }

    fn file(path: &str, text: &str, origin: Origin) -> PolicyFile {
        PolicyFile {
            path: path.to_string(),
            text: text.to_string(),
            origin,
        }
    }

    fn check_text(id: &str, body: &str) -> String {
        format!(
            "# METADATA\n# title: T\n# custom:\n#   id: {id}\n#   severity: low\n#   sources: [repository]\npackage dspt.checks.t.{}\n\n{body}\n\njudged contains \"repository\" if true\n",
            id.to_lowercase().replace('-', "_")
        )
    }

    #[test]
    fn builtin_checks_compile() {
        let params = crate::policy::params::default_params().unwrap();
        let bundle = PolicyBundle::compile(&builtin_files(), params).unwrap();
        assert!(bundle.checks().len() >= 6);
        // A check fails through `deny`; one only flags (INC-REP-001, repeated incidents) warns.
        assert!(
            bundle
                .checks()
                .iter()
                .all(|c| c.rules.contains(&"deny") || c.rules.contains(&"warn"))
        );
    }

    #[test]
    fn a_broken_builtin_file_fails_the_full_verification_the_tests_run() {
        let files = [file(
            "a.rego",
            &check_text("A-1", "deny contains x if { x := y }"),
            Origin::Builtin,
        )];
        let scoped = PolicyBundle::compile_with(&files, serde_json::json!({}), StaticCheck::All);
        assert!(scoped.is_err());
    }

    #[test]
    fn every_problem_is_reported_in_one_pass() {
        let files = [
            file(
                "a.rego",
                &check_text("A-1", "deny contains x if { x := y }"),
                Origin::Directory(PathBuf::from("org")),
            ),
            file(
                "b.rego",
                "package dspt.checks.b\n\ndeny contains 1 if true\n",
                Origin::Directory(PathBuf::from("org")),
            ),
            file(
                "c.rego",
                "package c\n\np := {\n",
                Origin::Directory(PathBuf::from("org")),
            ),
        ];
        let error = PolicyBundle::compile(&files, serde_json::json!({}))
            .err()
            .unwrap();
        let mut paths: Vec<&str> = error
            .problems
            .iter()
            .map(|p| p.location.path.as_str())
            .collect();
        paths.dedup();
        assert_eq!(paths, ["a.rego", "b.rego", "c.rego"], "{error}");
    }

    #[test]
    fn every_shared_fact_is_a_library_rule_that_reads_its_fact() {
        let params = crate::policy::params::default_params().unwrap();
        let files = builtin_files();
        let bundle = PolicyBundle::compile(&files, params).unwrap();
        assert!(!bundle.shared_facts().is_empty());
        for fact in bundle.shared_facts() {
            // A condition names a fact computed before it: one without a condition.
            if let Some(when) = &fact.when {
                assert!(
                    bundle
                        .shared_facts()
                        .iter()
                        .any(|other| &other.name == when && other.when.is_none()),
                    "{fact:?}"
                );
            }
        }
        for name in bundle.shared_facts().iter().map(|fact| &fact.name) {
            // Computed once a run: pointless unless the rule then reads it, wrong if another
            // rule reads it under this name.
            let reading = format!("input.shared_facts[\"{name}\"]");
            let readers: Vec<&PolicyFile> = files
                .iter()
                .filter(|f| !f.is_test() && f.text.contains(&reading))
                .collect();
            let (package, rule) = name.rsplit_once('.').unwrap();
            assert_eq!(readers.len(), 1, "{name}");
            assert_eq!(
                package_of(&readers[0].text).map(|(p, _)| p),
                Some(format!("dspt.lib.{package}")),
                "{name}"
            );
            assert!(
                files.iter().any(|f| f
                    .text
                    .contains(&format!("\n{rule} := fact if {{\n\tfact := {reading}"))),
                "{name}"
            );
        }
    }

    #[test]
    fn shared_facts_must_be_a_list_of_names() {
        let facts = |shared: &str| {
            let files = [file(
                "facts.rego",
                &format!("package dspt.lib.facts\n\nshared := {shared}\n"),
                Origin::Directory(PathBuf::from("org")),
            )];
            PolicyBundle::compile(&files, serde_json::json!({}))
                .map(|bundle| bundle.shared_facts().to_vec())
                .map_err(|error| error.to_string())
        };
        assert_eq!(
            facts(r#"["a.b", {"name": "a.c", "when": "a.b"}]"#).unwrap(),
            [
                SharedFact {
                    name: "a.b".into(),
                    when: None
                },
                SharedFact {
                    name: "a.c".into(),
                    when: Some("a.b".into())
                }
            ]
        );
        for refused in [
            r#""terraform.patient_resources""#,
            r#"[{"name": "a.c", "unless": "a.b"}]"#,
            r#"[{"when": "a.b"}]"#,
            "[1]",
        ] {
            let error = facts(refused).unwrap_err();
            assert!(
                error.contains("must be a list of library rule names"),
                "{refused}: {error}"
            );
        }
    }

    #[test]
    fn unsafe_variables_fail_the_load() {
        let files = [file(
            "a.rego",
            &check_text("A-1", "deny contains x if { x := y }"),
            Origin::Directory(PathBuf::from("org")),
        )];
        let error = PolicyBundle::compile(&files, serde_json::json!({}))
            .err()
            .unwrap();
        assert_eq!(
            error.problems[0].kind,
            PolicyProblemKind::Compile,
            "{error}"
        );
        assert_eq!(error.problems[0].location.line, Some(9), "{error}");
    }

    #[test]
    fn an_organisation_check_replaces_the_builtin_with_its_id() {
        let files = [
            file(
                "policies/a.rego",
                &check_text("A-1", "deny contains {\"msg\": \"builtin\"} if true"),
                Origin::Builtin,
            ),
            file(
                "org/a.rego",
                &check_text("A-1", "deny contains {\"msg\": \"org\"} if false")
                    .replace("t.a_1", "org.a_1"),
                Origin::Directory("org".into()),
            ),
        ];
        let bundle = PolicyBundle::compile(&files, serde_json::json!({})).unwrap();
        assert_eq!(bundle.checks().len(), 1);
        assert_eq!(bundle.checks()[0].file, "org/a.rego");
    }

    #[test]
    fn duplicate_ids_in_organisation_folders_are_refused() {
        let org = Origin::Directory("org".into());
        let files = [
            file(
                "org/a.rego",
                &check_text("A-1", "deny contains 1 if false"),
                org.clone(),
            ),
            file(
                "org/b.rego",
                &check_text("A-1", "deny contains 1 if false").replace("t.a_1", "t.b"),
                org,
            ),
        ];
        let error = PolicyBundle::compile(&files, serde_json::json!({}))
            .err()
            .unwrap();
        assert_eq!(error.problems[0].kind, PolicyProblemKind::DuplicateId);
        assert_eq!(error.problems[0].location.line, Some(4), "{error}");
    }

    #[test]
    fn a_check_that_does_not_say_what_it_judged_is_refused() {
        let text = check_text("A-1", "deny contains {\"msg\": \"x\"} if false")
            .replace("judged contains \"repository\" if true", "");
        let error = PolicyBundle::compile(
            &[file("a.rego", &text, Origin::Builtin)],
            serde_json::json!({}),
        )
        .err()
        .unwrap();
        assert!(
            error.problems[0].message.contains("has no `judged` rule"),
            "{error}"
        );
    }

    #[test]
    fn a_check_without_rules_is_refused() {
        let files = [file(
            "a.rego",
            &check_text("A-1", "x := 1"),
            Origin::Builtin,
        )];
        assert!(PolicyBundle::compile(&files, serde_json::json!({})).is_err());
    }
}
