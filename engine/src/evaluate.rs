//! Evaluating every check of the bundle against the evidence document.
//!
//! The document is converted to the interpreter's value type once and shared; each check runs on
//! its own clone of the compiled engine. A check whose sources are absent is `not_assessed`
//! without running; an evaluation error is a result with status `error`, never a pass.

use serde_json::Value;

use crate::evidence::EvidenceDocument;
use crate::model::{CheckStatus, FindingLevel};
use crate::policy::bundle::{Check, PolicyBundle, SharedFact};
use crate::policy::rego::{InputPart, RegoEngine, RegoError, RuleSize, RuleValue, SharedInput};
use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use crate::error::Location;
use crate::parallel::in_parallel;
use crate::results::{CheckResult, Diagnostic, Finding, fingerprint};

/// Nanoseconds in a day, for `time.now_ns()` at the assessment date.
const NANOS_PER_DAY: i64 = 86_400_000_000_000;

/// How to evaluate.
#[derive(Debug, Clone)]
pub struct EvaluationSettings {
    /// Days since 1970-01-01 of the assessment date (`time.now_ns()`).
    pub as_of_days: i64,
    /// Checks not run (reported `skipped`).
    pub disabled: BTreeSet<String>,
    /// Longest one check may run.
    pub time_limit: Duration,
    /// Threads evaluating checks at once (at least 1).
    pub jobs: usize,
    /// A join between sources matching a smaller share of its records than this is `error`.
    pub join_min_match_rate: f64,
}

/// One check's result and how long it took (for `--timings`; never part of a report).
#[derive(Debug, Clone)]
pub struct TimedResult {
    /// The result.
    pub result: CheckResult,
    /// Wall time of its evaluation.
    pub elapsed: Duration,
}

/// Evaluates every check, results in id order whatever the number of threads.
///
/// Checks in `disabled` are not run and are reported `skipped`, never dropped. The document is
/// converted to the interpreter's value once; each thread takes the next check from a shared
/// counter and evaluates it on its own clone of the compiled engine, so the results are the
/// same bytes as a sequential run's.
pub fn evaluate_checks(
    bundle: &PolicyBundle,
    evidence: &EvidenceDocument,
    input: &SharedInput,
    settings: &EvaluationSettings,
) -> Vec<TimedResult> {
    let (base, clock) = engine_for(
        bundle,
        input,
        settings.as_of_days,
        Some(settings.time_limit),
    );
    let checks = bundle.checks();
    let timed = in_parallel(checks, settings.jobs, |check| {
        let started = Instant::now();
        let result = evaluate_one(&base, check, evidence, settings, clock.as_ref().err());
        TimedResult {
            result,
            elapsed: started.elapsed(),
        }
    });
    timed
        .into_iter()
        .zip(checks)
        .map(|(timed, check)| {
            timed.unwrap_or_else(|| TimedResult {
                result: result(
                    check,
                    CheckStatus::Error,
                    Some("the evaluation thread stopped before this check".to_string()),
                    Vec::new(),
                ),
                elapsed: Duration::ZERO,
            })
        })
        .collect()
}

/// `input` with the library's shared facts (`bundle.shared_facts()`) under `shared_facts`, each
/// computed once here, on the evaluation threads, instead of once in every check that reads it.
/// A fact that fails to evaluate is left out: the checks reading it then compute it themselves
/// and report the failure as their own error.
pub fn with_shared_facts(
    bundle: &PolicyBundle,
    input: &SharedInput,
    settings: &EvaluationSettings,
) -> SharedInput {
    let names = bundle.shared_facts();
    if names.is_empty() {
        return input.clone();
    }
    let (base, clock) = engine_for(
        bundle,
        input,
        settings.as_of_days,
        Some(settings.time_limit),
    );
    if clock.is_err() {
        return input.clone();
    }
    let compute = |facts: Vec<&SharedFact>| -> Vec<(String, InputPart)> {
        let values = in_parallel(&facts, settings.jobs, |fact| {
            base.clone()
                .eval_rule_part(&format!("data.dspt.lib.{}", fact.name))
                .ok()
                .flatten()
        });
        facts
            .iter()
            .zip(values)
            .filter_map(|(fact, value)| value.flatten().map(|value| (fact.name.clone(), value)))
            .collect()
    };
    let mut computed = compute(names.iter().filter(|fact| fact.when.is_none()).collect());
    // Then those wanted only where another fact holds something.
    let holding: BTreeSet<&str> = computed
        .iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(name, _)| name.as_str())
        .collect();
    let wanted: Vec<&SharedFact> = names
        .iter()
        .filter(|fact| {
            fact.when
                .as_deref()
                .is_some_and(|when| holding.contains(when))
        })
        .collect();
    let more = compute(wanted);
    computed.extend(more);
    input.with_entry("shared_facts", InputPart::object(computed))
}

/// The evidence document as the interpreter's value, its sections converted on `jobs` threads
/// (converting 20 MB of evidence took ~0.5 s on one).
pub fn evidence_input(
    evidence: &EvidenceDocument,
    jobs: usize,
) -> Result<SharedInput, serde_json::Error> {
    let sections = evidence.sections();
    let converted = in_parallel(&sections, jobs, |(_, section)| {
        InputPart::from_serialize(section)
    });
    let mut parts = Vec::with_capacity(sections.len());
    for ((name, _), part) in sections.iter().zip(converted) {
        match part {
            Some(part) => parts.push(((*name).to_string(), part?)),
            None => {
                return Err(serde::ser::Error::custom(format!(
                    "the conversion thread stopped before the `{name}` section"
                )));
            }
        }
    }
    Ok(SharedInput::from_parts(parts))
}

/// A clone of the bundle's compiled engine given `input`, `time.now_ns()` at the assessment date
/// and, when given, a time limit per evaluation; with whether the date could be installed.
fn engine_for(
    bundle: &PolicyBundle,
    input: &SharedInput,
    as_of_days: i64,
    time_limit: Option<Duration>,
) -> (RegoEngine, Result<(), RegoError>) {
    let mut engine = bundle.engine.clone();
    if let Some(limit) = time_limit {
        engine.set_time_limit(limit);
    }
    engine.set_input(input);
    let clock = engine.set_now_ns(as_of_days.saturating_mul(NANOS_PER_DAY));
    (engine, clock)
}

fn evaluate_one(
    base: &RegoEngine,
    check: &Check,
    evidence: &EvidenceDocument,
    settings: &EvaluationSettings,
    clock_error: Option<&RegoError>,
) -> CheckResult {
    if settings.disabled.contains(check.meta.id.as_str()) {
        let reason = "disabled in the configuration (`disable:`)".to_string();
        return result(check, CheckStatus::Skipped, Some(reason), Vec::new());
    }
    let missing: Vec<&str> = check
        .meta
        .sources
        .iter()
        .filter(|s| !evidence.has(**s))
        .map(|s| s.section())
        .collect();
    if !missing.is_empty() {
        let reason = format!("no {} evidence was given", missing.join(" or "));
        return result(check, CheckStatus::NotAssessed, Some(reason), Vec::new());
    }
    if let Some(error) = clock_error {
        return result(
            check,
            CheckStatus::Error,
            Some(error.message.clone()),
            Vec::new(),
        );
    }
    evaluate_check(&mut base.clone(), check, settings.join_min_match_rate)
}

/// Evaluates every inventory's `resources` rule; an inventory that fails to evaluate becomes a
/// diagnostic naming its file, not a silently missing section.
pub fn evaluate_inventories(
    bundle: &PolicyBundle,
    input: &SharedInput,
    as_of_days: i64,
) -> (BTreeMap<String, Value>, Vec<Diagnostic>) {
    let (base, clock) = engine_for(bundle, input, as_of_days, None);
    let mut inventories = BTreeMap::new();
    let mut problems = Vec::new();
    if let Err(error) = clock {
        problems.push(Diagnostic {
            location: Location::file("policies"),
            message: error.message,
        });
        return (inventories, problems);
    }
    for inventory in bundle.inventories() {
        match base
            .clone()
            .eval_rule(&format!("{}.resources", inventory.package))
        {
            Ok(RuleValue::Undefined) => {}
            Ok(RuleValue::Defined(value)) => {
                inventories.insert(inventory.name.clone(), value);
            }
            Err(error) => problems.push(Diagnostic {
                location: error
                    .location
                    .clone()
                    .unwrap_or_else(|| Location::file(&inventory.file)),
                message: format!(
                    "inventory `{}` could not be evaluated: {error}",
                    inventory.name
                ),
            }),
        }
    }
    (inventories, problems)
}

fn result(
    check: &Check,
    status: CheckStatus,
    reason: Option<String>,
    findings: Vec<Finding>,
) -> CheckResult {
    CheckResult {
        id: check.meta.id.clone(),
        title: check.meta.title.clone(),
        severity: check.meta.severity,
        sources: check.meta.sources.clone(),
        policy: check.file.clone(),
        status,
        reason,
        judged: None,
        join: None,
        findings,
    }
}

fn evaluate_check(engine: &mut RegoEngine, check: &Check, join_min_match_rate: f64) -> CheckResult {
    let error = |message: String| result(check, CheckStatus::Error, Some(message), Vec::new());
    // A defined `skip` makes the check not applicable, whatever its other rules say.
    let skipped = |value: RuleValue| match value {
        RuleValue::Undefined => None,
        RuleValue::Defined(Value::String(reason)) => {
            let mut skipped = result(check, CheckStatus::NotApplicable, Some(reason), Vec::new());
            skipped.judged = Some(0);
            Some(skipped)
        }
        RuleValue::Defined(other) => Some(error(format!(
            "`skip` must be a string reason, not {other}"
        ))),
    };
    // `skip`, the finding rules (named as the levels they produce), `join` and `judged` in one
    // evaluation: they share the library's rules over the whole estate, which regorus would
    // otherwise compute again for each.
    let levels = [FindingLevel::Deny, FindingLevel::Warn, FindingLevel::Error];
    let rules: Vec<&str> = ["skip"]
        .into_iter()
        .chain(levels.iter().map(|level| level.as_str()))
        .chain(std::iter::once("join"))
        .filter(|rule| check.rules.contains(rule))
        .collect();
    let mut together = match engine.eval_rules_together(&check.package, &rules, Some("judged")) {
        Ok(together) => together,
        // The other rules may fail where `skip` applies (a column they need is not mapped):
        // then `skip` alone decides.
        Err(rego_error) if check.rules.contains(&"skip") => {
            match engine.eval_rule(&format!("{}.skip", check.package)) {
                Ok(value) => {
                    return skipped(value).unwrap_or_else(|| error(rego_error.to_string()));
                }
                Err(skip_error) => return error(skip_error.to_string()),
            }
        }
        Err(rego_error) => return error(rego_error.to_string()),
    };
    if let Some(outcome) = together.values.remove("skip").and_then(skipped) {
        return outcome;
    }
    let mut findings = Vec::new();
    for level in levels {
        let rule = level.as_str();
        let values = match together.values.remove(rule) {
            None | Some(RuleValue::Undefined) => continue,
            Some(RuleValue::Defined(Value::Array(values))) => values,
            Some(RuleValue::Defined(other)) => {
                return error(format!("`{rule}` must be a set of findings, not {other}"));
            }
        };
        for value in values {
            match finding(&check.meta.id, level, value) {
                Ok(finding) => findings.push(finding),
                Err(message) => return error(format!("`{rule}` produced {message}")),
            }
        }
    }
    findings.sort();
    findings.dedup();
    let judged = match together.size.map(judged_count) {
        Some(Ok(count)) => count,
        Some(Err(message)) => return error(message),
        None => return error("`judged` was not evaluated".to_string()),
    };
    let (join, hint) = if check.rules.contains(&"join") {
        match together.values.remove("join") {
            None | Some(RuleValue::Undefined) => (None, None),
            Some(RuleValue::Defined(value)) => match join_coverage(&value) {
                Ok(join) => (
                    Some(join),
                    value
                        .get("hint")
                        .and_then(Value::as_str)
                        .map(str::to_string),
                ),
                Err(message) => return error(message),
            },
        }
    } else {
        (None, None)
    };
    // A join that matched too few records proves nothing either way: most likely the wrong
    // column is mapped, and "no leaver has an enabled account" would be a pass on nobody.
    let failed_join = join.as_ref().and_then(|join| {
        let total = join.total();
        let rate = if total == 0 {
            1.0
        } else {
            join.matched as f64 / total as f64
        };
        (rate < join_min_match_rate).then(|| {
            format!(
                "the join of {} matched {} of {total} ({} with no match, {} with no key to join on), under the {:.0}% required: {}",
                join.between,
                join.matched,
                join.unmatched,
                join.unjoinable,
                join_min_match_rate * 100.0,
                hint.as_deref()
                    .unwrap_or("is the key column mapped to the right column in dspt.yaml?")
            )
        })
    });
    if let Some(reason) = failed_join {
        let mut outcome = result(check, CheckStatus::Error, Some(reason), findings);
        outcome.join = join;
        outcome.judged = Some(judged);
        return outcome;
    }
    let status = if findings.iter().any(|f| f.level == FindingLevel::Error) {
        CheckStatus::Error
    } else if findings.iter().any(|f| f.level == FindingLevel::Deny) {
        CheckStatus::Fail
    } else if !findings.is_empty() {
        CheckStatus::Warn
    } else if judged == 0 {
        CheckStatus::NotApplicable
    } else {
        CheckStatus::Pass
    };
    let reason = match status {
        CheckStatus::Error => Some("evidence the check needs could not be read".to_string()),
        CheckStatus::NotApplicable => Some(match &check.meta.judges {
            Some(judges) => format!("nothing to judge: no {judges} in the evidence"),
            None => "nothing to judge: the evidence holds nothing this check examines".to_string(),
        }),
        _ => None,
    };
    let mut outcome = result(check, status, reason, findings);
    outcome.judged = Some(judged);
    outcome.join = join;
    outcome
}

/// `join` is `{between, matched, unmatched, unjoinable}` (counts), and may carry a `hint`.
fn join_coverage(value: &Value) -> Result<crate::results::JoinCoverage, String> {
    let count = |key: &str| {
        value.get(key).and_then(Value::as_u64).ok_or_else(|| {
            format!(
                "`join` needs a whole number `{key}` (matched, unmatched, unjoinable), not {value}"
            )
        })
    };
    Ok(crate::results::JoinCoverage {
        between: value
            .get("between")
            .and_then(Value::as_str)
            .ok_or_else(|| format!("`join` needs a `between` naming the two sources, not {value}"))?
            .to_string(),
        matched: count("matched")?,
        unmatched: count("unmatched")?,
        unjoinable: count("unjoinable")?,
    })
}

/// `judged` is a set (or array) of subjects, one per subject examined, or a count.
fn judged_count(size: RuleSize) -> Result<u64, String> {
    match size {
        RuleSize::Undefined => Ok(0),
        RuleSize::Count(count) => Ok(count),
        RuleSize::Other(value) => Err(format!(
            "`judged` must be a set of subjects or a whole number, not {value}"
        )),
    }
}

fn finding(check_id: &str, level: FindingLevel, value: Value) -> Result<Finding, String> {
    let Value::Object(object) = value else {
        return Err(format!("a finding that is not an object: {value}"));
    };
    let text = |key: &str| -> Result<Option<String>, String> {
        match object.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(format!("a finding whose `{key}` is not a string: {other}")),
        }
    };
    let msg = text("msg")?.ok_or_else(|| {
        format!(
            "a finding without a `msg`: {}",
            Value::Object(object.clone())
        )
    })?;
    let line =
        match object.get("line") {
            None | Some(Value::Null) => None,
            Some(value) => Some(value.as_u64().filter(|line| *line >= 1).ok_or_else(|| {
                format!("a finding whose `line` is not a number from 1: {value}")
            })?),
        };
    let column = match object.get("column") {
        None | Some(Value::Null) => None,
        Some(value) => Some(
            value
                .as_u64()
                .filter(|column| *column >= 1)
                .ok_or_else(|| {
                    format!("a finding whose `column` is not a number from 1: {value}")
                })?,
        ),
    };
    let document =
        match object.get("document") {
            None | Some(Value::Null) => None,
            Some(value) => Some(value.as_u64().ok_or_else(|| {
                format!("a finding whose `document` is not a whole number: {value}")
            })?),
        };
    let (file, resource, record, pointer) = (
        text("file")?,
        text("resource")?,
        text("record")?,
        text("pointer")?,
    );
    let fingerprint = fingerprint(
        check_id,
        &level,
        file.as_deref(),
        resource.as_deref(),
        record.as_deref(),
        pointer.as_deref(),
        &msg,
    );
    Ok(Finding {
        level,
        file,
        line,
        column,
        document: document.filter(|d| *d > 0),
        resource,
        record,
        pointer,
        msg,
        fingerprint,
        exception: None,
        waiver: None,
        known: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn findings_must_be_objects_with_a_message() {
        assert!(finding("T-1", FindingLevel::Deny, json!("x")).is_err());
        assert!(finding("T-1", FindingLevel::Deny, json!({"file": "a"})).is_err());
        assert!(finding("T-1", FindingLevel::Deny, json!({"msg": "m", "line": 0})).is_err());
        let ok = finding(
            "T-1",
            FindingLevel::Warn,
            json!({"msg": "m", "line": 3, "resource": "a.b", "extra": 1}),
        )
        .unwrap();
        assert_eq!(ok.line, Some(3));
        assert_eq!(ok.resource.as_deref(), Some("a.b"));
    }

    #[test]
    fn sections_converted_apart_are_the_document_converted_whole() {
        let plan = serde_json::json!({
            "format_version": "1.2",
            "resource_changes": [{
                "address": "aws_db_instance.a", "mode": "managed", "type": "aws_db_instance",
                "name": "a", "provider_name": "registry.terraform.io/hashicorp/aws",
                "change": {"actions": ["create"], "before": null, "after_unknown": {"id": true},
                    "after": {"ratio": 0.1, "tiny": 5e-324, "huge": 1.7976931348623157e308,
                        "big": 18446744073709551615u64, "negative": -9007199254740993i64,
                        "text": "café ☃ \"quoted\" \\ tab\t", "nested": [{"a": null}, [], {}]}}
            }]
        });
        let facts = crate::model::AssessmentFacts {
            as_of: crate::model::Date::parse("2026-06-30").unwrap(),
            framework: "dspt-supplier".to_string(),
            organisation: Default::default(),
        };
        let mut evidence = EvidenceDocument::of(facts);
        evidence.terraform = Some(crate::sources::terraform::TerraformSection {
            plans: vec![
                crate::sources::terraform::parse_plan("plan.json", plan.to_string().as_bytes())
                    .unwrap(),
            ],
        });
        let whole = SharedInput::new(evidence.to_json().unwrap()).unwrap();
        for jobs in [1, 2, 4] {
            assert!(
                evidence_input(&evidence, jobs).unwrap() == whole,
                "{jobs} threads"
            );
        }
        // Absent sections stay absent.
        assert_eq!(evidence.sections().len(), 2);
    }

    #[test]
    fn a_shared_fact_with_a_condition_is_computed_only_when_its_condition_holds_something() {
        use crate::policy::bundle::PolicyFile;
        let files = [
            PolicyFile::builtin(
                "policies/lib/t.rego",
                "package dspt.lib.t\n\nimport rego.v1\n\na := input.a\n\nb := 7\n\nbroken := 1 / 0\n",
            ),
            PolicyFile::builtin(
                "policies/lib/facts.rego",
                "package dspt.lib.facts\n\nshared := [\"t.a\", \"t.broken\", {\"name\": \"t.b\", \"when\": \"t.a\"}]\n",
            ),
        ];
        let bundle = PolicyBundle::compile(&files, serde_json::json!({})).unwrap();
        let settings = EvaluationSettings {
            as_of_days: 0,
            disabled: BTreeSet::new(),
            time_limit: Duration::from_secs(10),
            jobs: 2,
            join_min_match_rate: 0.9,
        };
        let facts = |input: serde_json::Value| {
            with_shared_facts(&bundle, &SharedInput::new(input).unwrap(), &settings)
                .keys_of("shared_facts")
        };
        // A fact that fails is left out (its readers compute it and report the error).
        assert_eq!(facts(serde_json::json!({"a": []})), ["t.a"]);
        assert_eq!(facts(serde_json::json!({"a": [1]})), ["t.a", "t.b"]);
    }

    #[test]
    fn judged_counts_subjects_or_takes_a_number() {
        assert_eq!(judged_count(RuleSize::Undefined), Ok(0));
        assert_eq!(judged_count(RuleSize::Count(2)), Ok(2));
        assert!(judged_count(RuleSize::Other("\"all\"".into())).is_err());
    }
}
