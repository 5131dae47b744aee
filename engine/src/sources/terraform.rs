//! The `terraform` source: `terraform show -json` plan files, normalised for checks.
//!
//! A plan is validated (it must be a plan, of a `format_version` we read), then each managed
//! resource is given once, keyed by its full address, with its planned values, which of them stay
//! unknown until apply, and its region resolved here so no check re-implements the lookup through
//! provider blocks, variables and child modules. Resources being destroyed are set apart: they are
//! leaving the estate and must not fail a check.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Map, Value};

use super::files::json_error;
use super::terraform_config::{ResourceConfiguration, configuration_address, read_configuration};
use super::text::decode_input;
use crate::error::{Location, SourceError};

/// `input.terraform`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TerraformSection {
    /// One per plan file, in the order given.
    pub plans: Vec<TerraformPlan>,
}

/// One plan, normalised.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TerraformPlan {
    /// The plan file as given.
    pub file: String,
    /// The plan's `format_version`.
    pub format_version: String,
    /// The Terraform version that wrote it.
    pub terraform_version: Option<String>,
    /// Managed resources that exist after apply, by full address.
    pub resources: BTreeMap<String, PlannedResource>,
    /// Resource type → sorted addresses.
    pub by_type: BTreeMap<String, Vec<String>>,
    /// Addresses being destroyed (not in `resources`).
    pub leaving: Vec<String>,
    /// Provider configurations by key, with their resolved region.
    pub providers: BTreeMap<String, ProviderConfig>,
    /// Configuration address (no instance keys) → sorted addresses in `resources`.
    pub by_config_address: BTreeMap<String, Vec<String>>,
}

/// A provider configuration.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProviderConfig {
    /// Provider name (`aws`, `azurerm`, `google`).
    pub name: String,
    /// The region it places resources in, when the plan says.
    pub region: Option<String>,
    /// Whether the configuration sets a region at all (a child module's implicit provider
    /// does not, and inherits its parent's).
    #[serde(skip)]
    pub declares_region: bool,
}

/// Where a resource's region came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RegionSource {
    /// The resource's own `region`, `location` or `availability_zone`.
    Attribute,
    /// Its provider configuration.
    Provider,
    /// Not known from the plan.
    Unresolved,
}

/// One managed resource.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlannedResource {
    /// Full address, with every `module.` prefix.
    pub address: String,
    /// Module address (`""` at the root).
    pub module: String,
    /// Resource type.
    #[serde(rename = "type")]
    pub resource_type: String,
    /// Resource name.
    pub name: String,
    /// `managed`.
    pub mode: String,
    /// Provider name as in the plan.
    pub provider: String,
    /// The plan's actions.
    pub actions: Vec<String>,
    /// Planned values (`after`).
    pub values: Value,
    /// `after_unknown`: `true` where a value is known only after apply.
    pub unknown: Value,
    /// Resolved region, normalised to lower case without spaces.
    pub region: Option<String>,
    /// Where `region` came from.
    pub region_source: RegionSource,
    /// The address without instance keys, as the configuration names it.
    pub config_address: String,
    /// The provider configuration key (`aws`, `aws.london`, `module.app:aws`).
    pub provider_key: Option<String>,
    /// The configuration's expressions for this resource (references made absolute), or null when
    /// the plan carries no configuration for it. An attribute absent here was not set.
    pub config: Value,
}

/// Parses a plan from bytes (UTF-8, or UTF-16 with a byte order mark).
pub fn parse_plan(file: &str, bytes: &[u8]) -> Result<TerraformPlan, SourceError> {
    let text = decode_input(file, bytes)?;
    if text.trim().is_empty() {
        return Err(SourceError::Json {
            location: Location::file(file),
            message: "the file is empty (write the plan with `terraform show -json PLANFILE > plan.json`)"
                .to_string(),
        });
    }
    let document: Value = serde_json::from_str(&text).map_err(|error| json_error(file, &error))?;
    PlanReader {
        file,
        document: &document,
    }
    .read()
}

struct PlanReader<'a> {
    file: &'a str,
    document: &'a Value,
}

impl PlanReader<'_> {
    fn not_a_plan(&self, reason: impl Into<String>) -> SourceError {
        SourceError::NotAPlan {
            location: Location::file(self.file),
            reason: reason.into(),
        }
    }

    fn read(&self) -> Result<TerraformPlan, SourceError> {
        let Some(root) = self.document.as_object() else {
            return Err(self.not_a_plan("the file holds JSON, but not an object"));
        };
        let Some(format_version) = root.get("format_version").and_then(Value::as_str) else {
            let reason = if root.contains_key("lineage") || root.contains_key("serial") {
                "this is a Terraform state file; give the plan: `terraform show -json PLANFILE > plan.json`"
            } else {
                "no `format_version`; give the output of `terraform show -json PLANFILE`"
            };
            return Err(self.not_a_plan(reason));
        };
        let major = format_version.split('.').next().unwrap_or_default();
        if major != "0" && major != "1" {
            return Err(SourceError::UnsupportedPlanFormat {
                location: Location::file(self.file),
                version: format_version.to_string(),
            });
        }
        if !root.contains_key("resource_changes") && !root.contains_key("planned_values") {
            let reason = if root.contains_key("values") {
                "this is `terraform show -json` of a state, not of a plan; run `terraform plan -out=PLANFILE` and give `terraform show -json PLANFILE`"
            } else {
                "neither `resource_changes` nor `planned_values` is present"
            };
            return Err(self.not_a_plan(reason));
        }

        let providers = self.read_providers(root);
        let configuration = read_configuration(root);
        let mut plan = TerraformPlan {
            file: self.file.to_string(),
            format_version: format_version.to_string(),
            terraform_version: root
                .get("terraform_version")
                .and_then(Value::as_str)
                .map(str::to_string),
            resources: BTreeMap::new(),
            by_type: BTreeMap::new(),
            leaving: Vec::new(),
            providers,
            by_config_address: BTreeMap::new(),
        };

        let changes = match root.get("resource_changes") {
            None | Some(Value::Null) => &[][..],
            Some(Value::Array(changes)) => changes.as_slice(),
            Some(_) => return Err(self.not_a_plan("`resource_changes` is not an array")),
        };
        for (index, change) in changes.iter().enumerate() {
            let resource = self.read_change(index, change)?;
            let Some(mut resource) = resource else {
                continue;
            };
            if resource
                .actions
                .iter()
                .all(|action| action == "delete" || action == "forget")
            {
                plan.leaving.push(resource.address);
                continue;
            }
            attach_configuration(&mut resource, &configuration);
            resolve_region(&mut resource, &plan.providers);
            plan.resources.insert(resource.address.clone(), resource);
        }

        // Older plans leave unchanged resources out of `resource_changes`; they are still the estate.
        if let Some(module) = root
            .get("planned_values")
            .and_then(|p| p.get("root_module"))
        {
            let mut planned = Vec::new();
            collect_planned(module, &mut planned);
            for mut resource in planned {
                if plan.resources.contains_key(&resource.address)
                    || plan.leaving.contains(&resource.address)
                {
                    continue;
                }
                attach_configuration(&mut resource, &configuration);
                resolve_region(&mut resource, &plan.providers);
                plan.resources.insert(resource.address.clone(), resource);
            }
        }

        for (address, resource) in &plan.resources {
            plan.by_type
                .entry(resource.resource_type.clone())
                .or_default()
                .push(address.clone());
            plan.by_config_address
                .entry(resource.config_address.clone())
                .or_default()
                .push(address.clone());
        }
        plan.leaving.sort();
        plan.leaving.dedup();
        Ok(plan)
    }

    fn read_change(
        &self,
        index: usize,
        change: &Value,
    ) -> Result<Option<PlannedResource>, SourceError> {
        let field = |name: &str| -> Result<String, SourceError> {
            change
                .get(name)
                .and_then(Value::as_str)
                .map(str::to_string)
                .ok_or_else(|| {
                    self.not_a_plan(format!(
                        "`resource_changes[{index}]` has no string `{name}`"
                    ))
                })
        };
        let mode = change
            .get("mode")
            .and_then(Value::as_str)
            .unwrap_or("managed");
        if mode != "managed" {
            return Ok(None);
        }
        let address = field("address")?;
        let Some(body) = change.get("change") else {
            return Err(self.not_a_plan(format!(
                "`resource_changes[{index}]` (`{address}`) has no `change`"
            )));
        };
        let actions: Vec<String> = body
            .get("actions")
            .and_then(Value::as_array)
            .map(|actions| {
                actions
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .ok_or_else(|| {
                self.not_a_plan(format!(
                    "`resource_changes[{index}]` (`{address}`) has no `change.actions`"
                ))
            })?;
        Ok(Some(PlannedResource {
            module: change
                .get("module_address")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
            resource_type: field("type")?,
            name: field("name")?,
            mode: mode.to_string(),
            provider: change
                .get("provider_name")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
            actions,
            values: object_or_empty(body.get("after")),
            unknown: object_or_empty(body.get("after_unknown")),
            region: None,
            region_source: RegionSource::Unresolved,
            config_address: String::new(),
            provider_key: None,
            config: Value::Null,
            address,
        }))
    }

    fn read_providers(&self, root: &Map<String, Value>) -> BTreeMap<String, ProviderConfig> {
        let variables = root.get("variables");
        let mut providers = BTreeMap::new();
        let Some(configs) = root
            .get("configuration")
            .and_then(|c| c.get("provider_config"))
            .and_then(Value::as_object)
        else {
            return providers;
        };
        for (key, config) in configs {
            let name = config
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or(key)
                .to_string();
            let in_root_module = config
                .get("module_address")
                .and_then(Value::as_str)
                .is_none_or(str::is_empty);
            let expression = config.get("expressions").and_then(|e| e.get("region"));
            let region = expression
                .and_then(|expression| expression_value(expression, variables, in_root_module))
                .map(|region| normalise_region(&region));
            providers.insert(
                key.clone(),
                ProviderConfig {
                    name,
                    region,
                    declares_region: expression.is_some(),
                },
            );
        }
        providers
    }
}

/// A constant, or a root-module variable's value; anything computed stays unknown.
fn expression_value(
    expression: &Value,
    variables: Option<&Value>,
    in_root_module: bool,
) -> Option<String> {
    if let Some(constant) = expression.get("constant_value").and_then(Value::as_str) {
        return Some(constant.to_string());
    }
    if !in_root_module {
        return None;
    }
    let references = expression.get("references")?.as_array()?;
    references
        .iter()
        .filter_map(Value::as_str)
        .find_map(|reference| {
            let name = reference.strip_prefix("var.")?;
            variables?
                .get(name)?
                .get("value")?
                .as_str()
                .map(str::to_string)
        })
}

fn object_or_empty(value: Option<&Value>) -> Value {
    match value {
        Some(Value::Object(object)) => Value::Object(object.clone()),
        _ => Value::Object(Map::new()),
    }
}

fn collect_planned(module: &Value, out: &mut Vec<PlannedResource>) {
    for resource in module
        .get("resources")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let text = |name: &str| {
            resource
                .get(name)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        if text("mode") != "managed" || text("address").is_empty() {
            continue;
        }
        let address = text("address");
        out.push(PlannedResource {
            module: module
                .get("address")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
            resource_type: text("type"),
            name: text("name"),
            mode: text("mode"),
            provider: text("provider_name"),
            actions: vec!["no-op".to_string()],
            values: object_or_empty(resource.get("values")),
            unknown: Value::Object(Map::new()),
            region: None,
            region_source: RegionSource::Unresolved,
            config_address: String::new(),
            provider_key: None,
            config: Value::Null,
            address,
        });
    }
    for child in module
        .get("child_modules")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        collect_planned(child, out);
    }
}

/// Gives a resource its configuration address, provider key and configuration expressions.
fn attach_configuration(
    resource: &mut PlannedResource,
    configuration: &BTreeMap<String, ResourceConfiguration>,
) {
    resource.config_address = configuration_address(&resource.address);
    if let Some(found) = configuration.get(&resource.config_address) {
        resource.provider_key = found.provider_key.clone();
        resource.config = found.expressions.clone();
    }
}

fn resolve_region(resource: &mut PlannedResource, providers: &BTreeMap<String, ProviderConfig>) {
    if let Some(region) = attribute_region(resource) {
        resource.region = Some(region);
        resource.region_source = RegionSource::Attribute;
        return;
    }
    let short_name = resource.provider.rsplit('/').next().unwrap_or_default();
    let key = resource.provider_key.as_ref();
    // A child module's provider without its own `region` inherits the root's configuration of
    // the same name; one that sets a region we cannot evaluate stays unresolved.
    let inherited = |key: &String| {
        key.rsplit(':')
            .next()
            .and_then(|root_key| providers.get(root_key))
    };
    let config = match key.and_then(|key| providers.get(key).map(|config| (key, config))) {
        Some((key, config)) if !config.declares_region && key.contains(':') => inherited(key),
        Some((_, config)) => Some(config),
        None => key
            .and_then(inherited)
            .or_else(|| providers.get(short_name)),
    };
    if let Some(region) = config.and_then(|config| config.region.clone()) {
        resource.region = Some(region);
        resource.region_source = RegionSource::Provider;
    }
}

fn attribute_region(resource: &PlannedResource) -> Option<String> {
    let known_string = |name: &str| -> Option<&str> {
        if resource.unknown.get(name).and_then(Value::as_bool) == Some(true) {
            return None;
        }
        resource
            .values
            .get(name)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    };
    if let Some(region) = known_string("region").or_else(|| known_string("location")) {
        return Some(normalise_region(region));
    }
    let zone = known_string("availability_zone")?;
    // AWS zones are the region plus a letter: eu-west-2a.
    let region = zone.trim_end_matches(|c: char| c.is_ascii_lowercase());
    (region.len() < zone.len() && region.ends_with(|c: char| c.is_ascii_digit()))
        .then(|| normalise_region(region))
}

/// Azure accepts display names ("UK South"); GCP locations may be upper case.
fn normalise_region(region: &str) -> String {
    region
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn plan(document: Value) -> Result<TerraformPlan, SourceError> {
        parse_plan("plan.json", document.to_string().as_bytes())
    }

    fn change(address: &str, resource_type: &str, actions: &[&str], after: Value) -> Value {
        json!({
            "address": address, "mode": "managed", "type": resource_type,
            "name": address.rsplit('.').next().unwrap(),
            "provider_name": "registry.terraform.io/hashicorp/aws",
            "change": {"actions": actions, "before": null, "after": after, "after_unknown": {"id": true}}
        })
    }

    #[test]
    fn region_comes_from_a_provider_variable() {
        let parsed = plan(json!({
            "format_version": "1.2",
            "variables": {"region": {"value": "eu-west-2"}},
            "resource_changes": [change("aws_s3_bucket.a", "aws_s3_bucket", &["create"], json!({"bucket": "a"}))],
            "configuration": {
                "provider_config": {"aws": {"name": "aws", "expressions": {"region": {"references": ["var.region"]}}}},
                "root_module": {"resources": [{"address": "aws_s3_bucket.a", "provider_config_key": "aws"}]}
            }
        }))
        .unwrap();
        let bucket = &parsed.resources["aws_s3_bucket.a"];
        assert_eq!(bucket.region.as_deref(), Some("eu-west-2"));
        assert_eq!(bucket.region_source, RegionSource::Provider);
        assert_eq!(bucket.unknown, json!({"id": true}));
        assert_eq!(parsed.by_type["aws_s3_bucket"], ["aws_s3_bucket.a"]);
    }

    #[test]
    fn aliased_providers_and_child_modules_resolve_their_own_region() {
        let parsed = plan(json!({
            "format_version": "1.0",
            "resource_changes": [
                change("aws_s3_bucket.us", "aws_s3_bucket", &["create"], json!({})),
                change("module.store[\"a.b\"].aws_s3_bucket.x[0]", "aws_s3_bucket", &["no-op"], json!({})),
            ],
            "configuration": {
                "provider_config": {
                    "aws": {"name": "aws", "expressions": {"region": {"constant_value": "eu-west-2"}}},
                    "aws.virginia": {"name": "aws", "alias": "virginia", "expressions": {"region": {"constant_value": "us-east-1"}}}
                },
                "root_module": {
                    "resources": [{"address": "aws_s3_bucket.us", "provider_config_key": "aws.virginia"}],
                    "module_calls": {"store": {"module": {"resources": [{"address": "aws_s3_bucket.x", "provider_config_key": "store:aws"}]}}}
                }
            }
        }))
        .unwrap();
        assert_eq!(
            parsed.resources["aws_s3_bucket.us"].region.as_deref(),
            Some("us-east-1")
        );
        assert_eq!(
            parsed.resources["module.store[\"a.b\"].aws_s3_bucket.x[0]"]
                .region
                .as_deref(),
            Some("eu-west-2")
        );
    }

    #[test]
    fn a_module_provider_inherits_the_root_region_unless_it_sets_its_own() {
        let parsed = plan(json!({
            "format_version": "1.2",
            "variables": {"region": {"value": "eu-west-2"}},
            "resource_changes": [
                change("module.a.aws_s3_bucket.x", "aws_s3_bucket", &["create"], json!({})),
                change("module.b.aws_s3_bucket.y", "aws_s3_bucket", &["create"], json!({})),
            ],
            "configuration": {
                "provider_config": {
                    "aws": {"name": "aws", "expressions": {"region": {"references": ["var.region"]}}},
                    "module.a:aws": {"name": "aws", "module_address": "module.a"},
                    "module.b:aws": {"name": "aws", "module_address": "module.b", "expressions": {"region": {"references": ["var.region"]}}}
                },
                "root_module": {"module_calls": {
                    "a": {"module": {"resources": [{"address": "aws_s3_bucket.x", "provider_config_key": "module.a:aws"}]}},
                    "b": {"module": {"resources": [{"address": "aws_s3_bucket.y", "provider_config_key": "module.b:aws"}]}}
                }}
            }
        }))
        .unwrap();
        assert_eq!(
            parsed.resources["module.a.aws_s3_bucket.x"]
                .region
                .as_deref(),
            Some("eu-west-2")
        );
        // module.b's `var.region` is the module's own variable, which the plan does not evaluate.
        assert_eq!(
            parsed.resources["module.b.aws_s3_bucket.y"].region_source,
            RegionSource::Unresolved
        );
    }

    #[test]
    fn attributes_win_and_are_normalised() {
        let parsed = plan(json!({
            "format_version": "1.2",
            "resource_changes": [
                change("azurerm_storage_account.a", "azurerm_storage_account", &["create"], json!({"location": "UK South"})),
                change("aws_ebs_volume.v", "aws_ebs_volume", &["create"], json!({"availability_zone": "eu-west-2a"})),
                change("aws_instance.i", "aws_instance", &["create"], json!({})),
            ]
        }))
        .unwrap();
        assert_eq!(
            parsed.resources["azurerm_storage_account.a"]
                .region
                .as_deref(),
            Some("uksouth")
        );
        assert_eq!(
            parsed.resources["aws_ebs_volume.v"].region.as_deref(),
            Some("eu-west-2")
        );
        assert_eq!(
            parsed.resources["aws_instance.i"].region_source,
            RegionSource::Unresolved
        );
    }

    #[test]
    fn deletions_leave_the_estate_and_data_sources_are_not_resources() {
        let mut data = change(
            "data.aws_region.current",
            "aws_region",
            &["read"],
            json!({}),
        );
        data["mode"] = json!("data");
        let parsed = plan(json!({
            "format_version": "1.2",
            "resource_changes": [change("aws_db_instance.old", "aws_db_instance", &["delete"], Value::Null), data]
        }))
        .unwrap();
        assert!(parsed.resources.is_empty());
        assert_eq!(parsed.leaving, ["aws_db_instance.old"]);
    }

    #[test]
    fn unchanged_resources_only_in_planned_values_are_kept() {
        let parsed = plan(json!({
            "format_version": "0.1",
            "planned_values": {"root_module": {"child_modules": [{"address": "module.m", "resources": [
                {"address": "module.m.aws_ebs_volume.v", "mode": "managed", "type": "aws_ebs_volume", "name": "v", "values": {"encrypted": true}}
            ]}]}}
        }))
        .unwrap();
        assert_eq!(
            parsed.resources["module.m.aws_ebs_volume.v"].module,
            "module.m"
        );
    }

    #[test]
    fn a_state_file_is_not_a_plan() {
        let error =
            plan(json!({"version": 4, "serial": 3, "lineage": "x", "resources": []})).unwrap_err();
        assert!(error.to_string().contains("state file"), "{error}");
        let error = plan(json!({"format_version": "1.0", "values": {}})).unwrap_err();
        assert!(error.to_string().contains("state"), "{error}");
    }

    #[test]
    fn unsupported_format_versions_are_refused() {
        let error = plan(json!({"format_version": "2.0", "resource_changes": []})).unwrap_err();
        assert_eq!(error.code(), "unsupported-plan-format");
    }

    #[test]
    fn malformed_json_names_line_and_column() {
        let error = parse_plan(
            "plan.json",
            b"{\n  \"format_version\": \"1.2\",\n  \"resource_changes\": [\n}",
        )
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            "plan.json:4:1: invalid JSON: expected value"
        );
    }

    #[test]
    fn utf16_plans_from_powershell_are_read() {
        let text = json!({"format_version": "1.2", "resource_changes": []}).to_string();
        let bytes: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert!(parse_plan("plan.json", &bytes).is_ok());
    }

    #[test]
    fn instance_keys_are_stripped_from_configuration_addresses() {
        assert_eq!(
            configuration_address("module.a[\"x]y\"].b.c[0]"),
            "module.a.b.c"
        );
    }
}
