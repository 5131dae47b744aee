//! A plan's `configuration` section: what each resource's configuration says, with references made
//! absolute, so checks can tell an attribute left *unset* (the provider's default applies) from one
//! *computed* from another resource (a `kms_key_id` referring to an `aws_kms_key` of the plan).
//!
//! Terraform writes references relative to the module that holds them (`aws_kms_key.main.arn`);
//! here they gain their module prefix (`module.app.aws_kms_key.main.arn`), and a child module's
//! `var.x` is replaced by what its module call passes, so a reference made through a module input
//! still names the resource behind it.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

/// One resource's configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct ResourceConfiguration {
    /// `provider_config_key` (`aws`, `aws.london`, `module.app:aws`).
    pub provider_key: Option<String>,
    /// Attribute → expression (see [`convert_expression`]).
    pub expressions: Value,
}

/// Every managed resource's configuration, by configuration address (`module.app.aws_s3_bucket.b`).
/// Empty when the plan has no `configuration` section.
pub fn read_configuration(root: &Map<String, Value>) -> BTreeMap<String, ResourceConfiguration> {
    let mut out = BTreeMap::new();
    if let Some(module) = root.get("configuration").and_then(|c| c.get("root_module")) {
        walk_module(module, "", None, &mut out, 0);
    }
    out
}

/// Child modules deeper than this are not followed (a plan cannot nest modules without bound,
/// but a malformed one could).
const MAX_MODULE_DEPTH: usize = 64;

/// The references a module's `var.*` resolve to, made absolute in the caller.
type ModuleInputs = BTreeMap<String, Vec<String>>;

fn walk_module(
    module: &Value,
    prefix: &str,
    inputs: Option<&ModuleInputs>,
    out: &mut BTreeMap<String, ResourceConfiguration>,
    depth: usize,
) {
    if depth > MAX_MODULE_DEPTH {
        return;
    }
    let scope = Scope { prefix, inputs };
    for resource in module
        .get("resources")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        // Data sources are not resources; older plans may leave `mode` out of managed ones.
        if resource.get("mode").and_then(Value::as_str) == Some("data") {
            continue;
        }
        let Some(address) = resource.get("address").and_then(Value::as_str) else {
            continue;
        };
        let expressions = match resource.get("expressions") {
            Some(Value::Object(expressions)) => scope.convert_block(expressions),
            _ => Value::Object(Map::new()),
        };
        out.insert(
            format!("{prefix}{address}"),
            ResourceConfiguration {
                provider_key: resource
                    .get("provider_config_key")
                    .and_then(Value::as_str)
                    .map(str::to_string),
                expressions,
            },
        );
    }
    for (name, call) in module
        .get("module_calls")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let child_inputs: ModuleInputs = call
            .get("expressions")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(|(variable, expression)| (variable.clone(), scope.references_of(expression)))
            .collect();
        if let Some(child) = call.get("module") {
            walk_module(
                child,
                &format!("{prefix}module.{name}."),
                Some(&child_inputs),
                out,
                depth + 1,
            );
        }
    }
}

/// Where references are resolved: a module's address prefix and what its inputs refer to.
struct Scope<'a> {
    prefix: &'a str,
    inputs: Option<&'a ModuleInputs>,
}

impl Scope<'_> {
    /// A block of attribute expressions (a resource's `expressions`, or one nested block).
    fn convert_block(&self, block: &Map<String, Value>) -> Value {
        Value::Object(
            block
                .iter()
                .map(|(name, expression)| (name.clone(), self.convert_expression(expression)))
                .collect(),
        )
    }

    /// `{"constant": v}`, `{"references", "resources", "data"}`, `{}`, or for a nested block an
    /// array of converted blocks.
    fn convert_expression(&self, expression: &Value) -> Value {
        match expression {
            Value::Array(blocks) => Value::Array(
                blocks
                    .iter()
                    .map(|block| match block {
                        Value::Object(block) => self.convert_block(block),
                        _ => Value::Object(Map::new()),
                    })
                    .collect(),
            ),
            Value::Object(object) if object.contains_key("constant_value") => {
                json!({"constant": object["constant_value"]})
            }
            Value::Object(object) if object.contains_key("references") => {
                let references = self.references_of(expression);
                let mut resources = BTreeSet::new();
                let mut data = BTreeSet::new();
                for reference in &references {
                    match referenced_object(reference) {
                        Some(Referenced::Resource(address, kind)) => {
                            resources.insert((address, kind));
                        }
                        Some(Referenced::Data(address, kind)) => {
                            data.insert((address, kind));
                        }
                        None => {}
                    }
                }
                let entries = |set: BTreeSet<(String, String)>| -> Vec<Value> {
                    set.into_iter()
                        .map(|(address, kind)| json!({"address": address, "type": kind}))
                        .collect()
                };
                json!({"references": references, "resources": entries(resources), "data": entries(data)})
            }
            Value::Object(object) if object.is_empty() => Value::Object(Map::new()),
            // A single nested block written as an object of attribute expressions.
            Value::Object(object) => self.convert_block(object),
            _ => Value::Object(Map::new()),
        }
    }

    /// The absolute references of an expression, sorted and without repeats.
    fn references_of(&self, expression: &Value) -> Vec<String> {
        let mut resolved = BTreeSet::new();
        for reference in expression
            .get("references")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            self.resolve(reference, &mut resolved);
        }
        resolved.into_iter().collect()
    }

    fn resolve(&self, reference: &str, out: &mut BTreeSet<String>) {
        if let Some(variable) = reference.strip_prefix("var.") {
            let name = variable.split(['.', '[']).next().unwrap_or(variable);
            match self.inputs {
                // A module input: what the caller passed (possibly nothing, a constant).
                Some(inputs) => out.extend(inputs.get(name).into_iter().flatten().cloned()),
                None => {
                    out.insert(reference.to_string());
                }
            }
            return;
        }
        let relative_to_module = !["each.", "count.", "path.", "terraform.", "self."]
            .iter()
            .any(|scope| reference.starts_with(scope));
        out.insert(if relative_to_module {
            format!("{}{reference}", self.prefix)
        } else {
            reference.to_string()
        });
    }
}

enum Referenced {
    /// A managed resource: configuration address and type.
    Resource(String, String),
    /// A data source: configuration address and type.
    Data(String, String),
}

/// The resource or data source an absolute reference names, if it names one:
/// `module.app.aws_kms_key.main[0].arn` → the resource `module.app.aws_kms_key.main`.
fn referenced_object(reference: &str) -> Option<Referenced> {
    let plain = configuration_address(reference);
    let parts: Vec<&str> = plain.split('.').collect();
    let mut index = 0;
    while parts.get(index) == Some(&"module") {
        index += 2;
    }
    let module_prefix = parts.get(..index)?.join(".");
    let join = |rest: &[&str]| {
        if module_prefix.is_empty() {
            rest.join(".")
        } else {
            format!("{module_prefix}.{}", rest.join("."))
        }
    };
    match parts.get(index..)? {
        ["data", kind, name, ..] => Some(Referenced::Data(
            join(&["data", kind, name]),
            (*kind).to_string(),
        )),
        [first, ..]
            if ["var", "local", "each", "count", "path", "terraform", "self"].contains(first) =>
        {
            None
        }
        [kind, name, ..] if kind.contains('_') => Some(Referenced::Resource(
            join(&[kind, name]),
            (*kind).to_string(),
        )),
        _ => None,
    }
}

/// `module.a["x"].aws_s3_bucket.b[0]` → `module.a.aws_s3_bucket.b`.
pub fn configuration_address(address: &str) -> String {
    let mut out = String::with_capacity(address.len());
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for c in address.chars() {
        if depth > 0 {
            if in_string {
                match (escaped, c) {
                    (true, _) => escaped = false,
                    (false, '\\') => escaped = true,
                    (false, '"') => in_string = false,
                    _ => {}
                }
            } else if c == '"' {
                in_string = true;
            } else if c == '[' {
                depth += 1;
            } else if c == ']' {
                depth -= 1;
            }
        } else if c == '[' {
            depth = 1;
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn configuration(root_module: Value) -> BTreeMap<String, ResourceConfiguration> {
        let root = json!({"configuration": {"root_module": root_module}});
        read_configuration(root.as_object().expect("object"))
    }

    #[test]
    fn references_are_made_absolute_and_typed() {
        let config = configuration(json!({
            "module_calls": {"app": {
                "expressions": {"key": {"references": ["aws_kms_key.main.arn", "aws_kms_key.main"]}},
                "module": {"resources": [{
                    "address": "aws_db_instance.db", "mode": "managed", "type": "aws_db_instance",
                    "name": "db", "provider_config_key": "app:aws",
                    "expressions": {
                        "kms_key_id": {"references": ["var.key"]},
                        "engine": {"constant_value": "postgres"},
                        "parameter_group_name": {"references": ["data.aws_db_parameter_group.pg[0].name", "data.aws_db_parameter_group.pg"]},
                        "tags": {},
                        "restore_to_point_in_time": [{"source_db_instance_identifier": {"references": ["aws_db_instance.other.id"]}}]
                    }
                }]}
            }}
        }));
        let db = &config["module.app.aws_db_instance.db"];
        assert_eq!(db.provider_key.as_deref(), Some("app:aws"));
        assert_eq!(
            db.expressions["kms_key_id"],
            json!({
                "references": ["aws_kms_key.main", "aws_kms_key.main.arn"],
                "resources": [{"address": "aws_kms_key.main", "type": "aws_kms_key"}],
                "data": []
            })
        );
        assert_eq!(db.expressions["engine"], json!({"constant": "postgres"}));
        assert_eq!(
            db.expressions["parameter_group_name"]["data"],
            json!([{"address": "module.app.data.aws_db_parameter_group.pg", "type": "aws_db_parameter_group"}])
        );
        assert_eq!(db.expressions["tags"], json!({}));
        assert_eq!(
            db.expressions["restore_to_point_in_time"][0]["source_db_instance_identifier"]["resources"],
            json!([{"address": "module.app.aws_db_instance.other", "type": "aws_db_instance"}])
        );
    }

    #[test]
    fn root_variables_locals_and_module_outputs_stay_named() {
        let config = configuration(json!({"resources": [{
            "address": "aws_s3_bucket.b", "mode": "managed", "type": "aws_s3_bucket", "name": "b",
            "expressions": {"bucket": {"references": ["var.name", "local.prefix", "module.naming.id", "count.index"]}}
        }, {
            "address": "data.aws_region.current", "mode": "data", "type": "aws_region", "name": "current"
        }]}));
        assert_eq!(config.len(), 1, "data sources are not resources");
        let bucket = &config["aws_s3_bucket.b"].expressions["bucket"];
        assert_eq!(
            bucket["references"],
            json!([
                "count.index",
                "local.prefix",
                "module.naming.id",
                "var.name"
            ])
        );
        assert_eq!(bucket["resources"], json!([]));
    }

    #[test]
    fn a_plan_without_configuration_has_none() {
        assert!(read_configuration(json!({}).as_object().expect("object")).is_empty());
    }
}
