//! Parameters of the checks (`data.dspt.params`): shipped defaults plus the organisation's overrides.
//!
//! An override must name a key the defaults have and keep its type, so a typo cannot silently
//! leave a threshold at its default. Below the second level values are replaced whole: a map such
//! as the patient-data tags has keys of the organisation's choosing.

use serde_json::Value;

use super::bundle::builtin_data_files;
use crate::error::{Location, PolicyError, PolicyProblem, PolicyProblemKind};

/// Why an override was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamProblem {
    /// The key path, e.g. `["hr", "training_threshold"]`.
    pub keys: Vec<String>,
    /// What is wrong.
    pub message: String,
}

/// The key of a defaults file that declares how each parameter weakens (not a parameter).
const WEAKENING_KEY: &str = "weakening";

/// Which change to a parameter weakens the control it tunes, as its defaults file declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Weakening {
    /// A lower number (a training threshold, a retention period).
    Lower,
    /// A higher number (a window, a maximum age, a grace period).
    Higher,
    /// Entries added to a list or map (an allowed region, an accepted TLS policy).
    More,
    /// Entries removed from a list or map (an admin port no longer watched).
    Fewer,
    /// A flag turned off (`disabled`).
    Disabled,
    /// Any change (a course key): a reviewer decides.
    Any,
}

/// The shipped defaults: every `policies/params/*.yaml` merged into one tree.
pub fn default_params() -> Result<Value, PolicyError> {
    read_defaults().map(|(params, _)| params)
}

/// How each parameter (`hr.training_threshold`) weakens, from the `weakening:` map of its
/// defaults file. Every parameter has a declaration (a test keeps it so).
pub fn weakening_directions() -> Result<std::collections::BTreeMap<String, Weakening>, PolicyError>
{
    read_defaults().map(|(_, directions)| directions)
}

type Directions = std::collections::BTreeMap<String, Weakening>;

fn read_defaults() -> Result<(Value, Directions), PolicyError> {
    let mut merged = Value::Object(serde_json::Map::new());
    let mut directions = Directions::new();
    for (path, text) in builtin_data_files("params") {
        let problem = |line: Option<usize>, message: String| PolicyError {
            problems: vec![PolicyProblem {
                location: Location {
                    path: path.clone(),
                    line,
                    column: None,
                },
                kind: PolicyProblemKind::Params,
                message,
            }],
        };
        let mut part: Value = yaml_serde::from_str(text).map_err(|error| {
            let yaml = crate::sources::files::yaml_problem(&error);
            problem(yaml.line, yaml.message)
        })?;
        if let Some(declared) = part
            .as_object_mut()
            .and_then(|map| map.remove(WEAKENING_KEY))
        {
            let declared: Directions = serde_json::from_value(declared)
                .map_err(|error| problem(None, format!("`{WEAKENING_KEY}`: {error}")))?;
            directions.extend(declared);
        }
        merge_disjoint(&mut merged, part, &mut Vec::new()).map_err(|keys| {
            problem(
                None,
                format!("parameter `{}` is defined in two files", keys.join(".")),
            )
        })?;
    }
    Ok((merged, directions))
}

/// Deep merge that refuses to overwrite a value.
fn merge_disjoint(
    target: &mut Value,
    part: Value,
    keys: &mut Vec<String>,
) -> Result<(), Vec<String>> {
    let (Value::Object(target_map), Value::Object(part_map)) = (&mut *target, part) else {
        return Err(keys.clone());
    };
    for (key, value) in part_map {
        keys.push(key.clone());
        match target_map.get_mut(&key) {
            Some(existing) => merge_disjoint(existing, value, keys)?,
            None => {
                target_map.insert(key, value);
            }
        }
        keys.pop();
    }
    Ok(())
}

/// The parameters a policy's text reads, as key paths (`["hr", "training_threshold"]`):
/// `data.dspt.params.<area>.<key>` directly, or through an alias such as
/// `params := data.dspt.params.repository` followed by `params.<key>`.
pub fn referenced_params(text: &str) -> Vec<Vec<String>> {
    let ident = r"[A-Za-z_][A-Za-z0-9_]*";
    let mut found = std::collections::BTreeSet::new();
    let Ok(direct) = regex::Regex::new(&format!(r"data\.dspt\.params\.({ident})(?:\.({ident}))?"))
    else {
        return Vec::new();
    };
    let Ok(alias) = regex::Regex::new(&format!(
        r"(?m)^\s*({ident})\s*:?=\s*data\.dspt\.params\.({ident})\s*$"
    )) else {
        return Vec::new();
    };
    for captures in direct.captures_iter(text) {
        let area = captures.get(1).map_or("", |m| m.as_str()).to_string();
        match captures.get(2) {
            Some(key) => found.insert(vec![area, key.as_str().to_string()]),
            None => false,
        };
    }
    for captures in alias.captures_iter(text) {
        let (Some(name), Some(area)) = (captures.get(1), captures.get(2)) else {
            continue;
        };
        let Ok(uses) = regex::Regex::new(&format!(
            r"(?:^|[^.\w]){}\.({ident})",
            regex::escape(name.as_str())
        )) else {
            continue;
        };
        for used in uses.captures_iter(text) {
            if let Some(key) = used.get(1) {
                found.insert(vec![area.as_str().to_string(), key.as_str().to_string()]);
            }
        }
    }
    found.into_iter().collect()
}

/// Merges `overrides` into `defaults`.
pub fn apply_overrides(defaults: &Value, overrides: &Value) -> Result<Value, ParamProblem> {
    let mut merged = defaults.clone();
    merge(&mut merged, overrides, &mut Vec::new(), 0)?;
    Ok(merged)
}

/// Levels of keys checked against the defaults: area, then parameter.
const CHECKED_DEPTH: usize = 2;

fn merge(
    target: &mut Value,
    overrides: &Value,
    keys: &mut Vec<String>,
    depth: usize,
) -> Result<(), ParamProblem> {
    if depth >= CHECKED_DEPTH {
        return same_type(target, overrides, keys).map(|()| *target = overrides.clone());
    }
    let (Value::Object(target_map), Value::Object(override_map)) = (&mut *target, overrides) else {
        return same_type(target, overrides, keys).map(|()| *target = overrides.clone());
    };
    for (key, value) in override_map {
        keys.push(key.clone());
        let Some(slot) = target_map.get_mut(key) else {
            let known: Vec<&String> = target_map.keys().collect();
            return Err(ParamProblem {
                keys: keys.clone(),
                message: format!(
                    "unknown parameter `{}`; known here: {}",
                    keys.join("."),
                    known
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            });
        };
        merge(slot, value, keys, depth + 1)?;
        keys.pop();
    }
    Ok(())
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a map",
    }
}

fn same_type(default: &Value, value: &Value, keys: &[String]) -> Result<(), ParamProblem> {
    let mismatch = |expected: &Value, found: &Value| ParamProblem {
        keys: keys.to_vec(),
        message: format!(
            "parameter `{}` must be {}, not {}",
            keys.join("."),
            type_name(expected),
            type_name(found)
        ),
    };
    if std::mem::discriminant(default) != std::mem::discriminant(value) {
        return Err(mismatch(default, value));
    }
    let (Value::Array(defaults), Value::Array(values)) = (default, value) else {
        return Ok(());
    };
    let Some(first) = defaults.first() else {
        return Ok(());
    };
    match values
        .iter()
        .find(|v| std::mem::discriminant(*v) != std::mem::discriminant(first))
    {
        None => Ok(()),
        Some(bad) => Err(ParamProblem {
            keys: keys.to_vec(),
            message: format!(
                "parameter `{}` must be a list of {}; it holds {}",
                keys.join("."),
                plural(first),
                type_name(bad)
            ),
        }),
    }
}

fn plural(value: &Value) -> &'static str {
    match value {
        Value::String(_) => "strings",
        Value::Number(_) => "numbers",
        Value::Bool(_) => "booleans",
        Value::Array(_) => "lists",
        Value::Object(_) => "maps",
        Value::Null => "nulls",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_parameter_declares_how_it_weakens_and_every_declaration_names_one() {
        let params = default_params().unwrap();
        let directions = weakening_directions().unwrap();
        let mut keys = Vec::new();
        for (area, values) in params.as_object().unwrap() {
            for key in values.as_object().unwrap().keys() {
                keys.push(format!("{area}.{key}"));
            }
        }
        keys.sort();
        let declared: Vec<String> = directions.keys().cloned().collect();
        assert_eq!(keys, declared);
        assert!(params.get(WEAKENING_KEY).is_none());
        assert_eq!(directions["hr.training_threshold"], Weakening::Lower);
    }

    fn defaults() -> Value {
        json!({"hr": {"training_threshold": 0.95, "training_course": "data_security"},
               "terraform": {"allowed_regions": ["eu-west-2"], "patient_data_tags": {"data_classification": ["patient"]}}})
    }

    #[test]
    fn shipped_defaults_merge_without_collisions() {
        let defaults = default_params().unwrap();
        assert!(defaults["terraform"]["allowed_regions"].is_array());
        assert!(defaults["hr"]["training_threshold"].is_number());
        let mut tree = json!({"a": {"b": 1}});
        assert_eq!(
            merge_disjoint(&mut tree, json!({"a": {"b": 2}}), &mut Vec::new()),
            Err(vec!["a".to_string(), "b".to_string()])
        );
    }

    #[test]
    fn parameters_read_by_a_policy_are_found_directly_and_through_aliases() {
        let text = "params := data.dspt.params.repository\n\nx if params.dependabot_paths[_]\ny := data.dspt.params.hr.training_threshold\n";
        assert_eq!(
            referenced_params(text),
            [
                vec!["hr".to_string(), "training_threshold".to_string()],
                vec!["repository".to_string(), "dependabot_paths".to_string()]
            ]
        );
    }

    #[test]
    fn overrides_replace_defaults() {
        let merged = apply_overrides(&defaults(), &json!({"hr": {"training_threshold": 0.9}, "terraform": {"allowed_regions": ["eu-west-1", "eu-west-2"]}})).unwrap();
        assert_eq!(merged["hr"]["training_threshold"], json!(0.9));
        assert_eq!(merged["hr"]["training_course"], json!("data_security"));
        assert_eq!(
            merged["terraform"]["allowed_regions"],
            json!(["eu-west-1", "eu-west-2"])
        );
    }

    #[test]
    fn maps_below_the_parameter_level_are_replaced_whole() {
        let merged = apply_overrides(
            &defaults(),
            &json!({"terraform": {"patient_data_tags": {"classification": ["phi"]}}}),
        )
        .unwrap();
        assert_eq!(
            merged["terraform"]["patient_data_tags"],
            json!({"classification": ["phi"]})
        );
    }

    #[test]
    fn unknown_keys_are_refused() {
        let problem =
            apply_overrides(&defaults(), &json!({"hr": {"training_treshold": 0.9}})).unwrap_err();
        assert_eq!(problem.keys, ["hr", "training_treshold"]);
        assert!(
            problem.message.contains("`training_threshold`"),
            "{}",
            problem.message
        );
    }

    #[test]
    fn wrong_types_are_refused() {
        let problem = apply_overrides(&defaults(), &json!({"hr": {"training_threshold": "95%"}}))
            .unwrap_err();
        assert_eq!(
            problem.message,
            "parameter `hr.training_threshold` must be a number, not a string"
        );
        let problem = apply_overrides(
            &defaults(),
            &json!({"terraform": {"allowed_regions": ["eu-west-2", 3]}}),
        )
        .unwrap_err();
        assert!(
            problem.message.contains("list of strings"),
            "{}",
            problem.message
        );
    }
}
