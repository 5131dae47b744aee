# METADATA
# title: Terraform helpers for the resilience, exposure, logging, TLS and IAM checks
# description: >-
#   More of package dspt.lib.terraform: ties between a settings resource and its target by the
#   reference in the plan's configuration (before falling back to names), values that are unknown
#   in the plan but unset in the configuration (so the provider default applies), S3 bucket and
#   Azure storage protections joined by reference, and backup retention of Azure flexible servers
#   and Cosmos DB accounts.
package dspt.lib.terraform

import rego.v1

# Configuration: unset attributes and references --------------------------------------------

# The attribute at path was not set in the configuration, so the provider default applies: the
# plan carries configuration for the resource (config is an object), every enclosing block of the
# path is in it, and the attribute itself is not. A block missing from the configuration may come
# from a `dynamic` block, which the configuration does not show: that is not "unset".
# Expressions in the configuration are objects or arrays, never null.
config_unset(resource, path) if {
	is_object(resource.config)
	count(path) == 1
	object.get(resource.config, path[0], null) == null
}

config_unset(resource, path) if {
	is_object(resource.config)
	count(path) > 1
	enclosing := array.slice(path, 0, count(path) - 1)
	block := object.get(resource.config, enclosing, null)
	is_object(block)
	object.get(block, path[count(path) - 1], null) == null
}

# bool_status, number_status and string_status, reading a value unknown in the plan but unset in
# the configuration as the provider default (fallback).
bool_status_cfg(resource, path, fallback) := settled(bool_status(resource, path, fallback), resource, path, fallback)

number_status_cfg(resource, path, fallback) := settled(number_status(resource, path, fallback), resource, path, fallback)

string_status_cfg(resource, path, fallback) := settled(string_status(resource, path, fallback), resource, path, fallback)

# A status "unknown" only because the attribute was left unset is the fallback. The status is
# worked out once and passed in: each costs tens of µs, and a store has several.
settled(status, resource, path, fallback) := fallback if {
	status == "unknown"
	config_unset(resource, path)
} else := status

# The attribute's value is known only after apply, and not because it was left unset.
unknown_cfg(resource, path) if {
	unknown_at(resource, path)
	not config_unset(resource, path)
}

# Settings resources, and the attributes that name their target (bucket, account, network...).
tie_attributes := {
	"aws_s3_bucket_versioning": ["bucket"],
	"aws_s3_bucket_logging": ["bucket"],
	"aws_s3_bucket_public_access_block": ["bucket"],
	"aws_s3_bucket_server_side_encryption_configuration": ["bucket"],
	"aws_s3_bucket_acl": ["bucket"],
	"aws_s3_bucket_policy": ["bucket"],
	"aws_flow_log": ["vpc_id", "subnet_id"],
	"azurerm_network_watcher_flow_log": ["target_resource_id", "network_security_group_id"],
	"azurerm_monitor_diagnostic_setting": ["target_resource_id"],
	"azurerm_postgresql_flexible_server_firewall_rule": ["server_id"],
	"azurerm_mysql_flexible_server_firewall_rule": ["server_id"],
	"azurerm_mssql_firewall_rule": ["server_id"],
	"azurerm_management_lock": ["scope"],
}

# [plan index, address, attribute] -> the instance addresses (in the same plan) of the managed
# resources the attribute's expression refers to. One instance of the referenced configuration
# is that instance; several (count or for_each) are tied by the setting's own module path and
# instance key (`aws_s3_bucket_versioning.v["a"]` -> `aws_s3_bucket.b["a"]`); a reference that
# cannot be tied to an instance gives no entry, and the caller falls back to names.
reference_ties[[index, address, attribute]] := targets if {
	some index, plan in plans
	some type, attributes in tie_attributes
	some address in plan.by_type[type]
	resource := plan.resources[address]
	is_object(resource.config)
	some attribute in attributes
	expression := resource.config[attribute]
	is_object(expression)
	referenced := {target.address | some target in object.get(expression, "resources", [])}
	targets := {instance |
		some config_address in referenced
		some instance in tied_instances(plan, resource, config_address)
	}
	count(targets) > 0
}

tied_instances(plan, resource, config_address) := {instance} if {
	instances := object.get(object.get(plan, "by_config_address", {}), config_address, [])
	count(instances) == 1
	instance := instances[0]
} else := {candidate} if {
	instances := object.get(object.get(plan, "by_config_address", {}), config_address, [])
	count(instances) > 1
	candidate := keyed_instance(resource, config_address)
	candidate in instances
} else := set()

# The instance of config_address with the same module path and instance key as resource.
keyed_instance(resource, config_address) := candidate if {
	own := sprintf("%s.%s", [resource.type, resource.name])
	module := object.get(resource, "module", "")
	prefix := module_prefix(module)
	key := trim_prefix(resource.address, concat("", [prefix, own]))
	parts := split(config_address, ".")
	n := count(parts)
	candidate := concat("", [prefix, parts[n - 2], ".", parts[n - 1], key])
}

module_prefix("") := ""

module_prefix(module) := concat("", [module, "."]) if module != ""

# [plan index, setting address] of every settings resource whose target the configuration settles:
# tied by reference, or referring only to managed resources that are not in the plan (so it is
# not one of the plan's resources). A setting referring to instances it cannot be tied to stays
# unsettled: it may be any of them.
referenced_settings contains [index, address] if {
	some [index, address, _], _ in reference_ties
}

referenced_settings contains [index, address] if {
	some index, plan in plans
	some type, attributes in tie_attributes
	some address in plan.by_type[type]
	some attribute in attributes
	targets := object.get(plan.resources[address], ["config", attribute, "resources"], [])
	count(targets) > 0
	in_plan := [target |
		some target in targets
		count(object.get(object.get(plan, "by_config_address", {}), target.address, [])) > 0
	]
	count(in_plan) == 0
}

# S3 bucket protections, joined by reference first -----------------------------------------------

# [plan index, bucket address, protection, status] of settings resources tied by reference.
s3_tied_settings contains [index, bucket, protection, status] if {
	some [index, address, protection, status] in s3_settings
	some bucket in reference_ties[[index, address, "bucket"]]
	plans[index].resources[bucket].type == "aws_s3_bucket"
}

# [plan index, protection, status] of settings tied neither by reference nor by a known name.
s3_loose_settings contains [index, protection, status] if {
	some [index, address, protection, status] in s3_settings
	not [index, address] in referenced_settings
	not known_string(plans[index].resources[address], ["bucket"])
}

# [plan index, bucket address, protection] named by any setting (by reference or by name).
s3_addressed contains [index, bucket, protection] if {
	some [index, bucket, protection, _] in s3_tied_settings
}

s3_addressed contains [index, address, protection] if {
	some key, name in s3_bucket_name
	[index, address] := key
	some protection in s3_protections
	[index, protection, name] in s3_named_protections
}

s3_yes contains [index, address, protection] if {
	some [index, address, protection] in s3_inline
}

s3_yes contains [index, bucket, protection] if {
	some [index, bucket, protection, true] in s3_tied_settings
}

s3_yes contains [index, address, protection] if {
	some key, name in s3_bucket_name
	[index, address] := key
	some protection in s3_protections
	[index, protection, name, true] in s3_named_settings
}

s3_yes contains [index, address, "public_access_blocked"] if {
	some [index, address] in s3_buckets
	index in account_public_access_blocked
}

# S3 blocks public access on new buckets by default (April 2023): a bucket being created that no
# block names, in a plan with no block whose bucket is unknown and not fully blocking.
s3_yes contains [index, address, "public_access_blocked"] if {
	some [index, address] in s3_buckets
	"create" in plans[index].resources[address].actions
	not [index, address, "public_access_blocked"] in s3_addressed
	not [index, "public_access_blocked", false] in s3_loose_settings
	not [index, "public_access_blocked", "unknown"] in s3_loose_settings
}

s3_unsure contains [index, bucket, protection] if {
	some [index, bucket, protection, "unknown"] in s3_tied_settings
}

s3_unsure contains [index, address, protection] if {
	some key, name in s3_bucket_name
	[index, address] := key
	some protection in s3_protections
	[index, protection, name, "unknown"] in s3_named_settings
}

s3_unsure contains [index, address, protection] if {
	some [index, address] in s3_buckets
	some protection in s3_protections
	some status in {true, "unknown"}
	[index, protection, status] in s3_loose_settings
}

# [plan index, bucket address, protection] -> true, false or "unknown". A shared fact when the
# plans hold patient data (see lib/facts.rego): three checks read it for patient-data buckets.
s3_status := fact if {
	fact := input.shared_facts["terraform.s3_status"]
} else := s3_status_computed

s3_status_computed[[index, address, protection]] := true if {
	some [index, address, protection] in s3_yes
}

s3_status_computed[[index, address, protection]] := "unknown" if {
	some [index, address, protection] in s3_unsure
	not [index, address, protection] in s3_yes
}

s3_status_computed[[index, address, protection]] := false if {
	some [index, address] in s3_buckets
	some protection in s3_protections
	not [index, address, protection] in s3_yes
	not [index, address, protection] in s3_unsure
}

# Azure storage access logs, joined by reference first ---------------------------------------------

# [plan index, storage account address] whose blob service a log-exporting diagnostic setting
# refers to.
azure_tied_logged_accounts contains [index, account] if {
	some index, plan in plans
	some address in plan.by_type.azurerm_monitor_diagnostic_setting
	exports_storage_logs(plan.resources[address])
	some account in reference_ties[[index, address, "target_resource_id"]]
	plan.resources[account].type == "azurerm_storage_account"
}

# Plans holding a log-exporting diagnostic setting whose target is tied neither by reference nor
# by a known id.
azure_loose_logged_accounts contains index if {
	some index, plan in plans
	some address in plan.by_type.azurerm_monitor_diagnostic_setting
	resource := plan.resources[address]
	exports_storage_logs(resource)
	not [index, address] in referenced_settings
	not known_string(resource, ["target_resource_id"])
}

azure_access_logging[[index, address]] := true if {
	some index, plan in plans
	some address in plan.by_type.azurerm_storage_account
	[index, address] in azure_tied_logged_accounts
}

azure_access_logging[[index, address]] := status if {
	some index, plan in plans
	some address in plan.by_type.azurerm_storage_account
	not [index, address] in azure_tied_logged_accounts
	status := joined_status(index, plan.resources[address], azure_logged_accounts, azure_loose_logged_accounts)
}

# Versioning and access logging of object storage, S3 and Azure joined by reference first.
storage_versioning_status[[index, address]] := s3_status[[index, address, "versioning"]] if {
	some [index, address] in s3_buckets
}

storage_versioning_status[[index, address]] := status if {
	some [index, address], status in versioning
	not [index, address] in s3_buckets
}

storage_access_logging_status[[index, address]] := s3_status[[index, address, "access_logging"]] if {
	some [index, address] in s3_buckets
}

storage_access_logging_status[[index, address]] := status if {
	some [index, address], status in access_logging
	plans[index].resources[address].type == "google_storage_bucket"
}

storage_access_logging_status[[index, address]] := status if {
	some [index, address], status in azure_access_logging
}

# Backups of DocumentDB, Neptune and Redshift -------------------------------------------------------

# The attribute holding the days of automated backups (snapshots) and its default, 1 day on each
# (aws provider docs: backup_retention_period "Default 1" on aws_docdb_cluster and
# aws_neptune_cluster; automated_snapshot_retention_period "Default is 1" on aws_redshift_cluster).
aws_cluster_retention_attribute := {
	"aws_docdb_cluster": "backup_retention_period",
	"aws_neptune_cluster": "backup_retention_period",
	"aws_redshift_cluster": "automated_snapshot_retention_period",
}

aws_cluster_default_retention_days := 1

backup_retention_computed[[index, address]] := status if {
	some index, plan in plans
	some type, attribute in aws_cluster_retention_attribute
	some address in plan.by_type[type]
	status := number_status_cfg(plan.resources[address], [attribute], aws_cluster_default_retention_days)
}

# Backups of Azure flexible servers and Cosmos DB -------------------------------------------------

# azurerm_postgresql_flexible_server and azurerm_mysql_flexible_server keep 7 days of backups when
# backup_retention_days is not set (azurerm docs: "Defaults to 7"; PostgreSQL accepts 7-35, MySQL 1-35).
azure_flexible_default_retention_days := 7

flexible_server_types := {"azurerm_postgresql_flexible_server", "azurerm_mysql_flexible_server"}

# A replica (create_mode Replica) is backed up through its source server.
azure_replica(resource) if value_at(resource, ["create_mode"]) == "Replica"

backup_retention_computed[[index, address]] := status if {
	some index, plan in plans
	some type in flexible_server_types
	some address in plan.by_type[type]
	resource := plan.resources[address]
	not azure_replica(resource)
	status := number_status_cfg(resource, ["backup_retention_days"], azure_flexible_default_retention_days)
}

# Cosmos DB: the backup block's type is Periodic unless set (retention_in_hours defaults to 8,
# interval_in_minutes to 240); Continuous keeps 30 days (tier Continuous30Days, the default) or
# 7 (Continuous7Days). Sources: azurerm docs for azurerm_cosmosdb_account, "backup" block; Azure
# Cosmos DB docs "Periodic backup" (default retention 8 hours) and "Continuous backup".
cosmos_default_retention_hours := 8

cosmos_continuous_days := {"Continuous30Days": 30, "Continuous7Days": 7}

# The longest retention Cosmos DB offers: 720 hours periodic, 30 days continuous.
cosmos_max_retention_days := 30

cosmos_backup_type(resource) := string_status_cfg(resource, ["backup", 0, "type"], "Periodic") if {
	not unknown_at(resource, ["backup"])
} else := "Periodic" if {
	config_unset(resource, ["backup"])
} else := "unknown"

# [plan index, address] -> days of backups a Cosmos DB account keeps (hours / 24), or "unknown".
cosmos_backup_retention[[index, address]] := days if {
	some index, plan in plans
	some address in plan.by_type.azurerm_cosmosdb_account
	resource := plan.resources[address]
	cosmos_backup_type(resource) == "Periodic"
	hours := number_status_cfg(resource, ["backup", 0, "retention_in_hours"], cosmos_default_retention_hours)
	days := hours_to_days(hours)
}

cosmos_backup_retention[[index, address]] := days if {
	some index, plan in plans
	some address in plan.by_type.azurerm_cosmosdb_account
	resource := plan.resources[address]
	cosmos_backup_type(resource) == "Continuous"
	tier := string_status_cfg(resource, ["backup", 0, "tier"], "Continuous30Days")
	days := object.get(cosmos_continuous_days, tier, "unknown")
}

cosmos_backup_retention[[index, address]] := "unknown" if {
	some index, plan in plans
	some address in plan.by_type.azurerm_cosmosdb_account
	not cosmos_backup_type(plan.resources[address]) in {"Periodic", "Continuous"}
}

hours_to_days("unknown") := "unknown"

hours_to_days(hours) := hours / 24 if is_number(hours)

# Point-in-time recovery: a Cosmos DB account with continuous backup restores to any second.
cosmos_point_in_time_recovery[[index, address]] := status if {
	some index, plan in plans
	some address in plan.by_type.azurerm_cosmosdb_account
	type := cosmos_backup_type(plan.resources[address])
	status := {"Continuous": true, "unknown": "unknown"}[type]
}

cosmos_point_in_time_recovery[[index, address]] := false if {
	some index, plan in plans
	some address in plan.by_type.azurerm_cosmosdb_account
	not cosmos_backup_type(plan.resources[address]) in {"Continuous", "unknown"}
}
