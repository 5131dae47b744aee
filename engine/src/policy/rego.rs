//! The one module that talks to regorus.
//!
//! regorus breaks its API in minor releases (it is pinned exactly); keeping every call here makes
//! an upgrade one reviewed file. Its errors are `anyhow` values with rustc-style text
//! (`--> file:line:col`); they are turned into [`RegoError`] here, keeping that text and the
//! location parsed out of it.

use serde_json::Value as JsonValue;

use crate::error::Location;

/// An error from the interpreter, with the location it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegoError {
    /// `file:line:col` parsed from the message, when it has one.
    pub location: Option<Location>,
    /// The interpreter's message, without the location line.
    pub message: String,
}

impl std::fmt::Display for RegoError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl RegoError {
    fn from_anyhow(error: &anyhow::Error) -> RegoError {
        if let Some(limit) = error.downcast_ref::<regorus::LimitError>() {
            return RegoError {
                location: None,
                message: limit.to_string(),
            };
        }
        let text = format!("{error:#}");
        let mut location = None;
        let mut kept = Vec::new();
        for line in text.lines() {
            let trimmed = line.trim_start();
            if let Some(place) = trimmed.strip_prefix("--> ") {
                location = location.or_else(|| parse_location(place));
            }
            kept.push(line);
        }
        // The message proper is the `error: ...` line; keep the snippet too, it shows the code.
        let headline = kept
            .iter()
            .rev()
            .find_map(|l| l.trim_start().strip_prefix("error: "))
            .map(str::to_string);
        let message = headline.unwrap_or_else(|| kept.join("\n").trim().to_string());
        RegoError { location, message }
    }
}

/// `file.rego:12:5` → location (the file name may itself hold colons).
fn parse_location(place: &str) -> Option<Location> {
    let mut parts = place.trim().rsplitn(3, ':');
    let column = parts.next()?.parse().ok()?;
    let line = parts.next()?.parse().ok()?;
    let path = parts.next()?.to_string();
    Some(Location {
        path,
        line: Some(line),
        column: Some(column),
    })
}

/// A value produced by a rule.
#[derive(Debug, Clone, PartialEq)]
pub enum RuleValue {
    /// The rule has no value for this input.
    Undefined,
    /// The rule's value, as JSON (sets become sorted arrays).
    Defined(JsonValue),
}

/// How many elements a rule's value holds, read without converting the value to JSON.
#[derive(Debug, Clone, PartialEq)]
pub enum RuleSize {
    /// The rule has no value for this input.
    Undefined,
    /// A set or array of this many elements, or a whole number.
    Count(u64),
    /// Any other value, as text for an error message.
    Other(String),
}

/// How long one evaluation may run unless the caller says otherwise.
pub const DEFAULT_EVALUATION_LIMIT: std::time::Duration = std::time::Duration::from_secs(30);

/// An interpreter with policies loaded: cheap to clone, one clone per evaluation.
#[derive(Clone)]
pub struct RegoEngine {
    engine: regorus::Engine,
}

impl Default for RegoEngine {
    fn default() -> Self {
        RegoEngine::new()
    }
}

impl RegoEngine {
    /// An empty Rego v1 interpreter that never prints and treats builtin errors as errors.
    pub fn new() -> RegoEngine {
        let mut engine = regorus::Engine::new();
        engine.set_rego_v0(false);
        engine.set_gather_prints(true);
        engine.set_strict_builtin_errors(true);
        let mut rego = RegoEngine { engine };
        // Even loading verifies policies by running them: never without a bound.
        rego.set_time_limit(DEFAULT_EVALUATION_LIMIT);
        rego
    }

    /// Adds one module; returns its package path (`data.dspt.checks.x`). Syntax errors surface here.
    pub fn add_module(&mut self, path: &str, text: &str) -> Result<String, RegoError> {
        self.engine
            .add_policy(path.to_string(), text.to_string())
            .map_err(|e| RegoError::from_anyhow(&e))
    }

    /// Sets `data` (replacing what was there).
    pub fn set_data(&mut self, data: JsonValue) -> Result<(), RegoError> {
        self.engine.clear_data();
        self.engine
            .add_data(regorus::Value::from(data))
            .map_err(|e| RegoError::from_anyhow(&e))
    }

    /// Makes `time.now_ns()` return the assessment date, so output depends on `--as-of` only.
    pub fn set_now_ns(&mut self, now_ns: i64) -> Result<(), RegoError> {
        let extension = move |_arguments: Vec<regorus::Value>| -> anyhow::Result<regorus::Value> {
            Ok(regorus::Value::from(now_ns))
        };
        self.engine
            .add_extension("time.now_ns".to_string(), 0, Box::new(extension))
            .map_err(|e| RegoError::from_anyhow(&e))
    }

    /// Stops any one evaluation after `limit`.
    pub fn set_time_limit(&mut self, limit: std::time::Duration) {
        let check_interval = std::num::NonZeroU32::new(1000).unwrap_or(std::num::NonZeroU32::MIN);
        self.engine
            .set_execution_timer_config(regorus::utils::limits::ExecutionTimerConfig {
                limit,
                check_interval,
            });
    }

    /// Sets `input`.
    pub fn set_input(&mut self, input: &SharedInput) {
        self.engine.set_input(input.0.clone());
    }

    /// Whether the module loaded from `path` declares rule `rule`.
    ///
    /// regorus cannot classify some rule heads (`trails[[i, a]] := …`) and then answers with an
    /// error for the whole module; the module's text is read instead in that case.
    pub fn declares_rule(&self, path: &str, rule: &str, text: &str) -> bool {
        match self.engine.has_declared_rule_rooted_at(path, rule) {
            Ok(declared) => declared,
            Err(_) => text.lines().any(|line| {
                let line = line.strip_prefix("default ").unwrap_or(line);
                line.strip_prefix(rule)
                    .is_some_and(|rest| rest.starts_with([' ', '\t', '[', ':', '=', '{']))
            }),
        }
    }

    /// Evaluates a rule by full path (`data.pkg.deny`).
    pub fn eval_rule(&mut self, rule: &str) -> Result<RuleValue, RegoError> {
        let value = self
            .engine
            .eval_rule(rule.to_string())
            .map_err(|e| RegoError::from_anyhow(&e))?;
        to_rule_value(&value)
    }

    /// Evaluates a rule by full path and keeps its value in the interpreter's type, to give to
    /// other evaluations as input (`None` when undefined).
    pub fn eval_rule_part(&mut self, rule: &str) -> Result<Option<InputPart>, RegoError> {
        let value = self
            .engine
            .eval_rule(rule.to_string())
            .map_err(|e| RegoError::from_anyhow(&e))?;
        Ok((!matches!(value, regorus::Value::Undefined)).then_some(InputPart(value)))
    }

    /// Evaluates several rules of one package in one query, so the rules they share (the
    /// library's sets over the whole estate) are computed once rather than once for each:
    /// regorus forgets every rule value between two evaluations. Each of `rules` comes back as
    /// its value (or undefined); `sized`, when given, comes back as a size only: the count of a
    /// set or array, or a whole number taken as it is, without the JSON conversion of the
    /// others (a check's `judged` set holds one element per resource, file or record of the
    /// estate, and only its size is wanted).
    pub fn eval_rules_together(
        &mut self,
        package: &str,
        rules: &[&str],
        sized: Option<&str>,
    ) -> Result<RulesTogether, RegoError> {
        // `[v | v := rule]` is `[]` for an undefined rule and `[value]` otherwise, so one
        // undefined rule cannot make the whole query undefined.
        let query: Vec<String> = rules
            .iter()
            .chain(sized.as_slice())
            .map(|rule| format!("dspt_{rule} := [v | v := {package}.{rule}]"))
            .collect();
        let results = self
            .engine
            .eval_query(query.join("\n"), false)
            .map_err(|e| RegoError::from_anyhow(&e))?;
        let bindings = results
            .result
            .first()
            .map(|result| &result.bindings)
            .ok_or_else(|| RegoError {
                location: None,
                message: format!("the rules of {package} gave no result"),
            })?;
        let value_of = |rule: &str| -> Option<regorus::Value> {
            let binding = &bindings[&regorus::Value::from(format!("dspt_{rule}"))];
            match binding {
                regorus::Value::Array(values) => values.first().cloned(),
                _ => None,
            }
        };
        let mut together = RulesTogether::default();
        for rule in rules {
            let value = match value_of(rule) {
                Some(value) => to_rule_value(&value)?,
                None => RuleValue::Undefined,
            };
            together.values.insert((*rule).to_string(), value);
        }
        if let Some(rule) = sized {
            together.size = Some(match value_of(rule) {
                None => RuleSize::Undefined,
                Some(value) => size_of(&value),
            });
        }
        Ok(together)
    }

    /// Evaluates every rule of a package (`data.pkg`), to force out errors that regorus reports
    /// only when a rule runs (unsafe variables, unknown functions, conflicts).
    pub fn eval_package(&mut self, package: &str) -> Result<(), RegoError> {
        self.engine
            .eval_query(package.to_string(), false)
            .map(|_| ())
            .map_err(|e| RegoError::from_anyhow(&e))
    }

    /// Analyses and schedules every loaded module now (regorus does it before the first
    /// evaluation), so clones made afterwards start prepared instead of each preparing itself.
    pub fn prepare(&mut self) -> Result<(), RegoError> {
        self.engine
            .eval_query("true".to_string(), false)
            .map(|_| ())
            .map_err(|e| RegoError::from_anyhow(&e))
    }

    /// Compiles entry points to the bytecode VM, which checks statically for unknown functions and
    /// undefined variables in every branch, including branches no input reaches.
    pub fn static_check(&mut self, entry_points: &[String]) -> Result<(), RegoError> {
        let Some(first) = entry_points.first() else {
            return Ok(());
        };
        let entry: regorus::Rc<str> = first.as_str().into();
        let policy = self
            .engine
            .compile_with_entrypoint(&entry)
            .map_err(|e| RegoError::from_anyhow(&e))?;
        let names: Vec<&str> = entry_points.iter().map(String::as_str).collect();
        regorus::languages::rego::compiler::Compiler::compile_from_policy(&policy, &names)
            .map(|_| ())
            .map_err(|e| RegoError::from_anyhow(&anyhow::Error::msg(e.to_string())))
    }

    /// Lines each loaded file executed since coverage was enabled.
    pub fn set_coverage(&mut self, enabled: bool) {
        self.engine.set_enable_coverage(enabled);
    }

    /// Lines executed and not executed per loaded file since coverage was enabled.
    pub fn coverage(&self) -> Vec<FileCoverage> {
        let Ok(report) = self.engine.get_coverage_report() else {
            return Vec::new();
        };
        let mut files: Vec<FileCoverage> = report
            .files
            .into_iter()
            .map(|file| FileCoverage {
                path: file.path,
                covered: file.covered,
                not_covered: file.not_covered,
            })
            .collect();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }

    /// Output of `print` calls so far (each `file:line: text`).
    pub fn take_prints(&mut self) -> Vec<String> {
        self.engine.take_prints().unwrap_or_default()
    }
}

/// Line coverage of one policy file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileCoverage {
    /// The file.
    pub path: String,
    /// Lines evaluated.
    pub covered: std::collections::BTreeSet<u32>,
    /// Lines that could have been evaluated and were not.
    pub not_covered: std::collections::BTreeSet<u32>,
}

/// The evidence document converted once to the interpreter's value type, shared by every clone.
#[derive(Clone, PartialEq)]
pub struct SharedInput(regorus::Value);

impl SharedInput {
    /// Converts a JSON document, for tests (runs convert section by section, `from_parts`).
    /// regorus's own conversion turns a failure into `undefined`, an input every check would
    /// judge as empty; this one reports it.
    #[cfg(test)]
    pub(crate) fn new(document: JsonValue) -> Result<SharedInput, serde_json::Error> {
        serde_json::from_value(document).map(SharedInput)
    }

    /// An object of the parts converted separately (so on separate threads), each under its key.
    pub fn from_parts(parts: Vec<(String, InputPart)>) -> SharedInput {
        SharedInput(InputPart::object(parts).0)
    }

    /// The keys of one top-level object entry, for tests.
    #[cfg(test)]
    pub(crate) fn keys_of(&self, entry: &str) -> Vec<String> {
        match &self.0[&regorus::Value::from(entry)] {
            regorus::Value::Object(object) => object
                .keys()
                .filter_map(|key| key.as_string().ok().map(|key| key.to_string()))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// This input with one more top-level entry; the rest is shared, not copied.
    pub fn with_entry(&self, key: &str, part: InputPart) -> SharedInput {
        let mut object = self.0.clone();
        if let Ok(map) = object.as_object_mut() {
            map.insert(regorus::Value::from(key), part.0);
        }
        SharedInput(object)
    }
}

/// One part of the input, converted from anything serialisable.
pub struct InputPart(regorus::Value);

impl InputPart {
    /// Whether the value holds nothing: an empty set, array or object, or null.
    pub fn is_empty(&self) -> bool {
        match &self.0 {
            regorus::Value::Set(set) => set.is_empty(),
            regorus::Value::Array(array) => array.is_empty(),
            regorus::Value::Object(object) => object.is_empty(),
            regorus::Value::Null | regorus::Value::Undefined => true,
            _ => false,
        }
    }

    /// An object of parts, each under its key.
    pub fn object(parts: Vec<(String, InputPart)>) -> InputPart {
        let mut object = regorus::Value::new_object();
        if let Ok(map) = object.as_object_mut() {
            for (key, InputPart(value)) in parts {
                map.insert(regorus::Value::from(key), value);
            }
        }
        InputPart(object)
    }

    /// Serialises `value` to JSON text and reads the interpreter's value from it: a third faster
    /// than through a `serde_json::Value` tree, which builds every map twice.
    pub fn from_serialize<T: serde::Serialize + ?Sized>(
        value: &T,
    ) -> Result<InputPart, serde_json::Error> {
        let text = serde_json::to_vec(value)?;
        serde_json::from_slice(&text).map(InputPart)
    }
}

/// Several rules' values from one evaluation ([`RegoEngine::eval_rules_together`]).
#[derive(Debug, Default)]
pub struct RulesTogether {
    /// Rule name → value.
    pub values: std::collections::BTreeMap<String, RuleValue>,
    /// The size of the rule asked for by size.
    pub size: Option<RuleSize>,
}

fn size_of(value: &regorus::Value) -> RuleSize {
    match value {
        regorus::Value::Undefined => RuleSize::Undefined,
        regorus::Value::Set(set) => RuleSize::Count(set.len() as u64),
        regorus::Value::Array(array) => RuleSize::Count(array.len() as u64),
        regorus::Value::Number(_) => match value.as_u64() {
            Ok(number) => RuleSize::Count(number),
            Err(_) => RuleSize::Other(value.to_json_str().unwrap_or_default()),
        },
        other => RuleSize::Other(other.to_json_str().unwrap_or_default()),
    }
}

fn to_rule_value(value: &regorus::Value) -> Result<RuleValue, RegoError> {
    if matches!(value, regorus::Value::Undefined) {
        return Ok(RuleValue::Undefined);
    }
    serde_json::to_value(value)
        .map(RuleValue::Defined)
        .map_err(|error| RegoError {
            location: None,
            message: format!("rule value cannot be read: {error}"),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn syntax_errors_carry_their_location() {
        let error = RegoEngine::new()
            .add_module("bad.rego", "package x\n\np := {\n")
            .unwrap_err();
        let location = error.location.unwrap();
        assert_eq!(location.path, "bad.rego");
        assert!(location.line.is_some());
    }

    #[test]
    fn unsafe_variables_are_found_statically() {
        let mut engine = RegoEngine::new();
        engine
            .add_module(
                "u.rego",
                "package u\n\nr := x if {\n\tinput.a\n\tx := y\n}\n",
            )
            .unwrap();
        // Evaluation alone misses it: no input reaches the second statement.
        engine.set_input(&SharedInput::new(json!({})).unwrap());
        assert!(engine.eval_package("data.u").is_ok());
        let error = engine.static_check(&["data.u.r".to_string()]).unwrap_err();
        assert!(error.message.contains("'y'"), "{}", error.message);
    }

    #[test]
    fn unknown_functions_are_found_without_evaluating_the_branch() {
        let mut engine = RegoEngine::new();
        engine
            .add_module(
                "f.rego",
                "package f\n\ndeny contains 1 if {\n\tinput.never\n\tnosuchfn(1)\n}\n",
            )
            .unwrap();
        let error = engine
            .static_check(&["data.f.deny".to_string()])
            .unwrap_err();
        assert!(error.message.contains("nosuchfn"), "{}", error.message);
    }

    #[test]
    fn sets_come_back_as_sorted_arrays_and_undefined_is_distinct() {
        let mut engine = RegoEngine::new();
        engine
            .add_module(
                "s.rego",
                "package s\n\ndeny contains x if some x in input.xs\n\nv := 1 if input.nope\n",
            )
            .unwrap();
        engine.set_input(&SharedInput::new(json!({"xs": ["b", "a"]})).unwrap());
        assert_eq!(
            engine.eval_rule("data.s.deny").unwrap(),
            RuleValue::Defined(json!(["a", "b"]))
        );
        assert_eq!(engine.eval_rule("data.s.v").unwrap(), RuleValue::Undefined);
        let text = "package s\n\ndeny contains x if some x in input.xs\n\nv := 1 if input.nope\n";
        assert!(engine.declares_rule("s.rego", "deny", text));
        assert!(!engine.declares_rule("s.rego", "warn", text));
    }

    #[test]
    fn sizes_are_counted_without_conversion() {
        let mut engine = RegoEngine::new();
        engine
            .add_module(
                "z.rego",
                "package z\n\nset contains x if some x in input.xs\n\narr := [1, 2, 3]\n\nn := 7\n\nneg := -1\n\ntext := \"all\"\n\nnone := 1 if input.nope\n",
            )
            .unwrap();
        engine.set_input(&SharedInput::new(json!({"xs": ["a", ["b", 1]]})).unwrap());
        let mut size = |rule: &str| {
            engine
                .eval_rules_together("data.z", &[], Some(rule))
                .unwrap()
                .size
                .unwrap()
        };
        assert_eq!(size("set"), RuleSize::Count(2));
        assert_eq!(size("arr"), RuleSize::Count(3));
        assert_eq!(size("n"), RuleSize::Count(7));
        assert!(matches!(size("neg"), RuleSize::Other(_)));
        assert!(matches!(size("text"), RuleSize::Other(_)));
        assert_eq!(size("none"), RuleSize::Undefined);
    }

    #[test]
    fn rules_evaluated_together_keep_each_value_and_undefined() {
        let mut engine = RegoEngine::new();
        engine
            .add_module(
                "w.rego",
                "package w\n\nimport rego.v1\n\ndeny contains x if some x in input.xs\n\nwarn contains \"w\" if input.nope\n\nskip := \"r\" if input.nope\n\njudged := 4\n",
            )
            .unwrap();
        engine.set_input(&SharedInput::new(json!({"xs": ["b", "a"]})).unwrap());
        let together = engine
            .eval_rules_together("data.w", &["deny", "warn", "skip"], Some("judged"))
            .unwrap();
        assert_eq!(
            together.values["deny"],
            RuleValue::Defined(json!(["a", "b"]))
        );
        assert_eq!(together.values["warn"], RuleValue::Defined(json!([])));
        assert_eq!(together.values["skip"], RuleValue::Undefined);
        assert_eq!(together.size, Some(RuleSize::Count(4)));
    }

    #[test]
    fn rules_are_found_beside_heads_regorus_cannot_classify() {
        let text = "package h\n\nimport rego.v1\n\ntrails[[i, a]] := 1 if {\n\tsome i, a in input.t\n}\n\ndeny contains \"x\" if input.bad\n";
        let mut engine = RegoEngine::new();
        engine.add_module("h.rego", text).unwrap();
        assert!(engine.declares_rule("h.rego", "deny", text));
        assert!(!engine.declares_rule("h.rego", "warn", text));
    }

    #[test]
    fn now_is_the_assessment_date() {
        let mut engine = RegoEngine::new();
        engine
            .add_module("t.rego", "package t\n\nnow := time.now_ns()\n")
            .unwrap();
        engine.set_now_ns(42).unwrap();
        assert_eq!(
            engine.eval_rule("data.t.now").unwrap(),
            RuleValue::Defined(json!(42))
        );
    }

    #[test]
    fn policies_cannot_reach_the_network_or_the_environment() {
        let mut engine = RegoEngine::new();
        engine.add_module("n.rego", "package n\n\nr := http.send({\"method\": \"get\", \"url\": \"http://127.0.0.1\"})\n\ne := opa.runtime().env\n").unwrap();
        assert!(engine.eval_rule("data.n.r").is_err());
        assert!(engine.eval_rule("data.n.e").is_err());
    }
}
