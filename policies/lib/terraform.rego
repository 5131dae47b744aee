# METADATA
# title: Terraform helpers shared by the checks and the patient-data inventory
# description: >-
#   Reading planned values that may be known only after apply, telling which resources hold
#   patient data (by the configured tags or labels), and the protections of data stores that
#   several checks and the inventory judge alike: customer-managed keys, versioning, access
#   logging, public access and backup retention. S3 bucket settings held in separate resources
#   (AWS provider v4+) are joined to their bucket by name, Azure settings to their storage account
#   or server by the name in the resource id. Protections are true, false or "unknown" (a value,
#   or the name that ties a setting to its resource, is known only after apply).
package dspt.lib.terraform

import rego.v1

plans := input.terraform.plans

params := data.dspt.params.terraform

# Values, and values known only after apply --------------------------------------------------

# The value at path (keys and list indexes) in the resource's planned values, or null.
value_at(resource, path) := object.get(resource.values, path, null)

# The value at path is known only after apply: after_unknown is true there or at an enclosing
# block (a whole block can be unknown).
unknown_at(resource, path) if {
	some n in numbers.range(1, count(path))
	object.get(resource, array.concat(["unknown"], array.slice(path, 0, n)), null) == true
}

# A non-empty string known in the plan.
known_string(resource, path) := value if {
	not unknown_at(resource, path)
	value := value_at(resource, path)
	is_string(value)
	value != ""
}

# A reference (key ARN or id, bucket name) is set: a non-empty string, or a value known only
# after apply, which a plan shows for a reference to a resource created in the same apply.
key_set(resource, path) if known_string(resource, path)

key_set(resource, path) if unknown_at(resource, path)

# key_set as true or false.
key_status(resource, path) := true if {
	key_set(resource, path)
} else := false

# true, false or "unknown" for a boolean attribute; fallback (the provider default) when it is
# absent or null.
# Some providers give booleans as strings ("true"/"false": nullable booleans).
bool_status(resource, path, fallback) := "unknown" if {
	unknown_at(resource, path)
} else := value if {
	value := value_at(resource, path)
	is_boolean(value)
} else := true if {
	value_at(resource, path) == "true"
} else := false if {
	value_at(resource, path) == "false"
} else := fallback

# A number, or "unknown"; fallback when absent or null.
number_status(resource, path, fallback) := "unknown" if {
	unknown_at(resource, path)
} else := value if {
	value := value_at(resource, path)
	is_number(value)
} else := fallback

# A string, or "unknown"; fallback when absent, null or empty.
string_status(resource, path, fallback) := "unknown" if {
	unknown_at(resource, path)
} else := value if {
	value := known_string(resource, path)
} else := fallback

# The combined status of several: false if any is false, else "unknown" if any is unknown.
all_of(statuses) := false if {
	false in statuses
} else := "unknown" if {
	"unknown" in statuses
} else := true

# The combined status of alternatives: true if any is true, else "unknown" if any is unknown.
any_of(statuses) := true if {
	true in statuses
} else := "unknown" if {
	"unknown" in statuses
} else := false

# The opposite of a status ("unknown" stays unknown).
negated(status) := "unknown" if {
	status == "unknown"
} else := false if {
	status == true
} else := true

# Patient data ------------------------------------------------------------------------------------

# Tag key -> accepted values, compared without regard to case.
patient_tag_values := {key: {lower(value) | some value in values} |
	some key, values in params.patient_data_tags
}

# AWS tags (tags_all adds the provider's default_tags), Azure tags, Google labels (the effective
# and terraform labels add the provider's default labels).
tag_attributes := ["tags", "tags_all", "labels", "terraform_labels", "effective_labels"]

# Every tag or label map of a resource, with Cloud SQL's settings.user_labels.
tag_maps(resource) := {tags |
	some attribute in tag_attributes
	tags := resource.values[attribute]
	is_object(tags)
} | {labels |
	settings := resource.values.settings
	is_array(settings)
	some block in settings
	labels := block.user_labels
	is_object(labels)
}

is_patient_data(resource) if {
	some tags in tag_maps(resource)
	some key, accepted in patient_tag_values
	value := tags[key]
	is_string(value)
	lower(value) in accepted
}

# [plan index, address] of every resource tagged as holding patient data.
patient_resources contains [index, address] if {
	some index, plan in plans
	some address, resource in plan.resources
	is_patient_data(resource)
}

# S3 buckets and their separate setting resources -----------------------------------------------

# Server-side encryption algorithms that use a KMS key.
kms_algorithms := {"aws:kms", "aws:kms:dsse"}

s3_protections := {"customer_managed_key", "versioning", "access_logging", "public_access_blocked"}

public_access_block_flags := ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"]

# [plan index, address] of every bucket.
s3_buckets contains [index, address] if {
	some index, plan in plans
	some address in plan.by_type.aws_s3_bucket
}

# [plan index, address] -> the bucket's name, where it is known in the plan.
s3_bucket_name[[index, address]] := name if {
	some [index, address] in s3_buckets
	name := known_string(plans[index].resources[address], ["bucket"])
}

# A separate SSE configuration uses a customer-managed key: a KMS algorithm with a key id. A KMS
# algorithm without kms_master_key_id uses the AWS managed key aws/s3, which is not the customer's.
sse_configuration_cmk(resource) := true if {
	some i, rule in resource.values.rule
	some j, by_default in rule.apply_server_side_encryption_by_default
	by_default.sse_algorithm in kms_algorithms
	key_set(resource, ["rule", i, "apply_server_side_encryption_by_default", j, "kms_master_key_id"])
} else := "unknown" if {
	unknown_at(resource, ["rule"])
} else := false

versioning_configuration_status(resource) := "unknown" if {
	unknown_at(resource, ["versioning_configuration", 0, "status"])
} else := true if {
	value_at(resource, ["versioning_configuration", 0, "status"]) == "Enabled"
} else := false

public_access_block_status(resource) := all_of({bool_status(resource, [flag], false) |
	some flag in public_access_block_flags
})

# [plan index, address, protection, status] of every separate bucket-setting resource.
s3_settings contains [index, address, "customer_managed_key", status] if {
	some index, plan in plans
	some address in plan.by_type.aws_s3_bucket_server_side_encryption_configuration
	status := sse_configuration_cmk(plan.resources[address])
}

s3_settings contains [index, address, "versioning", status] if {
	some index, plan in plans
	some address in plan.by_type.aws_s3_bucket_versioning
	status := versioning_configuration_status(plan.resources[address])
}

s3_settings contains [index, address, "access_logging", status] if {
	some index, plan in plans
	some address in plan.by_type.aws_s3_bucket_logging
	resource := plan.resources[address]
	status := key_status(resource, ["target_bucket"])
}

s3_settings contains [index, address, "public_access_blocked", status] if {
	some index, plan in plans
	some address in plan.by_type.aws_s3_bucket_public_access_block
	status := public_access_block_status(plan.resources[address])
}

# [plan index, protection, bucket name, status] of settings whose bucket name is known.
s3_named_settings contains [index, protection, name, status] if {
	some [index, address, protection, status] in s3_settings
	name := known_string(plans[index].resources[address], ["bucket"])
}

# [plan index, protection, status] of settings whose bucket is known only after apply.
s3_untied_settings contains [index, protection, status] if {
	some [index, address, protection, status] in s3_settings
	not known_string(plans[index].resources[address], ["bucket"])
}

# Plans that block public access for the whole account.
account_public_access_blocked contains index if {
	some index, plan in plans
	some address in plan.by_type.aws_s3_account_public_access_block
	public_access_block_status(plan.resources[address]) == true
}

# [plan index, address, protection] given by legacy inline blocks (AWS provider v3). Provider v4+
# marks these attributes unknown when the separate resources manage them: that is not a setting.
s3_inline contains [index, address, "versioning"] if {
	some [index, address] in s3_buckets
	some block in plans[index].resources[address].values.versioning
	block.enabled == true
}

s3_inline contains [index, address, "access_logging"] if {
	some [index, address] in s3_buckets
	resource := plans[index].resources[address]
	some i, _ in resource.values.logging
	key_set(resource, ["logging", i, "target_bucket"])
}

s3_inline contains [index, address, "customer_managed_key"] if {
	some [index, address] in s3_buckets
	resource := plans[index].resources[address]
	some i, configuration in resource.values.server_side_encryption_configuration
	some j, rule in configuration.rule
	some k, by_default in rule.apply_server_side_encryption_by_default
	by_default.sse_algorithm in kms_algorithms
	key_set(resource, [
		"server_side_encryption_configuration", i, "rule", j,
		"apply_server_side_encryption_by_default", k, "kms_master_key_id",
	])
}

s3_protected contains key if {
	some key in s3_inline
}

s3_protected contains [index, address, protection] if {
	some key, name in s3_bucket_name
	[index, address] := key
	some protection in s3_protections
	[index, protection, name, true] in s3_named_settings
}

s3_protected contains [index, address, "public_access_blocked"] if {
	some [index, address] in s3_buckets
	index in account_public_access_blocked
}

# S3 has blocked public access on new buckets by default since April 2023: a bucket being created
# is blocked unless a public access block names it, or one whose bucket is unknown may weaken it.
s3_named_protections contains [index, protection, name] if {
	some [index, protection, name, _] in s3_named_settings
}

s3_protected contains [index, address, "public_access_blocked"] if {
	some [index, address] in s3_buckets
	"create" in plans[index].resources[address].actions
	not s3_public_access_block_names(index, address)
	not [index, "public_access_blocked", false] in s3_untied_settings
	not [index, "public_access_blocked", "unknown"] in s3_untied_settings
}

s3_public_access_block_names(index, address) if {
	[index, "public_access_blocked", s3_bucket_name[[index, address]]] in s3_named_protections
}

# Not protected as far as the plan shows, but a setting may still apply once names are known:
# a setting naming the bucket is itself unknown, or a setting whose bucket is unknown exists.
s3_maybe contains [index, address, protection] if {
	some key, name in s3_bucket_name
	[index, address] := key
	some protection in s3_protections
	[index, protection, name, "unknown"] in s3_named_settings
}

s3_maybe contains [index, address, protection] if {
	some [index, address] in s3_buckets
	some protection in s3_protections
	some status in {true, "unknown"}
	[index, protection, status] in s3_untied_settings
}

# [plan index, bucket address, protection] -> true, false or "unknown".
s3_protection[key] := true if {
	some key in s3_protected
}

s3_protection[key] := "unknown" if {
	some key in s3_maybe
	not key in s3_protected
}

s3_protection[key] := false if {
	some [index, address] in s3_buckets
	some protection in s3_protections
	key := [index, address, protection]
	not key in s3_protected
	not key in s3_maybe
}

# Azure: settings tied to storage accounts and SQL servers by name ----------------------------

# The name after `collection` in an Azure resource id (lower case), e.g. the account name in
# /subscriptions/…/providers/Microsoft.Storage/storageAccounts/<name>/blobServices/default.
azure_id_name(id, collection) := name if {
	parts := split(lower(id), "/")
	some i, part in parts
	part == lower(collection)
	name := parts[i + 1]
	name != ""
}

# [plan index, account name] named by a customer-managed key resource; plans holding one whose
# account is known only after apply.
azure_cmk_accounts contains [index, name] if {
	some index, plan in plans
	some address in plan.by_type.azurerm_storage_account_customer_managed_key
	id := known_string(plan.resources[address], ["storage_account_id"])
	name := azure_id_name(id, "storageAccounts")
}

azure_untied_cmk_accounts contains index if {
	some index, plan in plans
	some address in plan.by_type.azurerm_storage_account_customer_managed_key
	not known_string(plan.resources[address], ["storage_account_id"])
}

# A transparent data encryption resource protects its server with a customer key when it names a
# Key Vault or managed HSM key (without one, the key is service-managed).
tde_key_set(resource) if key_set(resource, ["key_vault_key_id"])

tde_key_set(resource) if key_set(resource, ["managed_hsm_key_id"])

azure_tde_servers contains [index, name] if {
	some index, plan in plans
	some address in plan.by_type.azurerm_mssql_server_transparent_data_encryption
	resource := plan.resources[address]
	tde_key_set(resource)
	id := known_string(resource, ["server_id"])
	name := azure_id_name(id, "servers")
}

azure_untied_tde_servers contains index if {
	some index, plan in plans
	some address in plan.by_type.azurerm_mssql_server_transparent_data_encryption
	resource := plan.resources[address]
	tde_key_set(resource)
	not known_string(resource, ["server_id"])
}

# Storage log categories that record reads and writes of data.
storage_log_categories := {"StorageRead", "StorageWrite", "StorageDelete"}

storage_log_groups := {"audit", "allLogs"}

# A diagnostic setting exports data access logs: an enabled_log (azurerm 3.x: a `log` block not
# disabled) of a storage category or category group.
exports_storage_logs(resource) if {
	some block in resource.values.enabled_log
	block.category in storage_log_categories
}

exports_storage_logs(resource) if {
	some block in resource.values.enabled_log
	block.category_group in storage_log_groups
}

exports_storage_logs(resource) if {
	some block in resource.values.log
	not block.enabled == false
	block.category in storage_log_categories
}

exports_storage_logs(resource) if {
	some block in resource.values.log
	not block.enabled == false
	block.category_group in storage_log_groups
}

# [plan index, account name] whose blob service exports access logs; plans holding a storage
# log export whose target is known only after apply.
azure_logged_accounts contains [index, name] if {
	some index, plan in plans
	some address in plan.by_type.azurerm_monitor_diagnostic_setting
	resource := plan.resources[address]
	exports_storage_logs(resource)
	id := known_string(resource, ["target_resource_id"])
	contains(lower(id), "/blobservices/")
	name := azure_id_name(id, "storageAccounts")
}

azure_untied_logged_accounts contains index if {
	some index, plan in plans
	some address in plan.by_type.azurerm_monitor_diagnostic_setting
	resource := plan.resources[address]
	exports_storage_logs(resource)
	not known_string(resource, ["target_resource_id"])
}

# Status of a store joined by name: true when a setting names it, "unknown" when a setting's
# target is known only after apply (it may be this store), else false.
joined_status(index, resource, tied, untied) := true if {
	name := known_string(resource, ["name"])
	[index, lower(name)] in tied
} else := "unknown" if {
	index in untied
} else := false

# Google Cloud Storage data access audit logs (Cloud Audit Logs DATA_READ/DATA_WRITE for storage)
# count as access logging for every bucket of the plan.
gcs_audit_services := {"storage.googleapis.com", "allServices"}

gcs_audit_log_types := {"DATA_READ", "DATA_WRITE"}

gcs_audit_logged_plans contains index if {
	some index, plan in plans
	some type in ["google_project_iam_audit_config", "google_folder_iam_audit_config", "google_organization_iam_audit_config"]
	some address in plan.by_type[type]
	values := plan.resources[address].values
	values.service in gcs_audit_services
	some config in values.audit_log_config
	config.log_type in gcs_audit_log_types
}

# Protections of data stores: [plan index, address] -> true, false or "unknown" -----------------

# Stores whose customer-managed key is one attribute. These attributes are computed by the
# provider, so a plan also shows them unknown when no key is configured (AWS then uses its
# managed key); as agreed for TF-CMK-001, unknown counts as set.
cmk_key_attribute := {
	"aws_db_instance": "kms_key_id",
	"aws_rds_cluster": "kms_key_id",
	"aws_ebs_volume": "kms_key_id",
	"aws_efs_file_system": "kms_key_id",
	"google_sql_database_instance": "encryption_key_name",
}

dynamodb_cmk(resource) := true if {
	some i, _ in resource.values.server_side_encryption
	not bool_status(resource, ["server_side_encryption", i, "enabled"], false) == false
	key_set(resource, ["server_side_encryption", i, "kms_key_arn"])
} else := true if {
	unknown_at(resource, ["server_side_encryption"])
} else := false

# A key attribute of any block of a list (or the whole list unknown).
block_key_set(resource, block, attribute) if {
	some i, _ in resource.values[block]
	key_set(resource, [block, i, attribute])
}

block_key_set(resource, block, _) if unknown_at(resource, [block])

block_key_status(resource, block, attribute) := true if {
	block_key_set(resource, block, attribute)
} else := false

azure_storage_inline_cmk(resource) if block_key_set(resource, "customer_managed_key", "key_vault_key_id")

azure_storage_inline_cmk(resource) if block_key_set(resource, "customer_managed_key", "managed_hsm_key_id")

# The flag that turns encryption at rest on, where a store can be left unencrypted: with it false no
# key encrypts the store, whatever the (computed) key attribute shows.
encryption_flag := {
	"aws_db_instance": "storage_encrypted",
	"aws_rds_cluster": "storage_encrypted",
	"aws_ebs_volume": "encrypted",
	"aws_efs_file_system": "encrypted",
}

unencrypted(resource) if {
	flag := encryption_flag[resource.type]
	bool_status(resource, [flag], null) == false
}

customer_managed_key[[index, address]] := status if {
	some index, plan in plans
	some type, attribute in cmk_key_attribute
	some address in plan.by_type[type]
	resource := plan.resources[address]
	not unencrypted(resource)
	status := key_status(resource, [attribute])
}

customer_managed_key[[index, address]] := false if {
	some index, plan in plans
	some type, _ in cmk_key_attribute
	some address in plan.by_type[type]
	unencrypted(plan.resources[address])
}

customer_managed_key[[index, address]] := s3_protection[[index, address, "customer_managed_key"]] if {
	some [index, address] in s3_buckets
}

customer_managed_key[[index, address]] := dynamodb_cmk(plans[index].resources[address]) if {
	some index, plan in plans
	some address in plan.by_type.aws_dynamodb_table
}

customer_managed_key[[index, address]] := status if {
	some index, plan in plans
	some address in plan.by_type.google_storage_bucket
	status := block_key_status(plan.resources[address], "encryption", "default_kms_key_name")
}

customer_managed_key[[index, address]] := status if {
	some index, plan in plans
	some address in plan.by_type.azurerm_storage_account
	resource := plan.resources[address]
	azure_storage_inline_cmk(resource)
	status := true
}

customer_managed_key[[index, address]] := status if {
	some index, plan in plans
	some address in plan.by_type.azurerm_storage_account
	resource := plan.resources[address]
	not azure_storage_inline_cmk(resource)
	status := joined_status(index, resource, azure_cmk_accounts, azure_untied_cmk_accounts)
}

customer_managed_key[[index, address]] := status if {
	some index, plan in plans
	some address in plan.by_type.azurerm_mssql_server
	resource := plan.resources[address]
	key_set(resource, ["transparent_data_encryption_key_vault_key_id"])
	status := true
}

customer_managed_key[[index, address]] := status if {
	some index, plan in plans
	some address in plan.by_type.azurerm_mssql_server
	resource := plan.resources[address]
	not key_set(resource, ["transparent_data_encryption_key_vault_key_id"])
	status := joined_status(index, resource, azure_tde_servers, azure_untied_tde_servers)
}

# Versioning of object storage.
versioning[[index, address]] := s3_protection[[index, address, "versioning"]] if {
	some [index, address] in s3_buckets
}

versioning[[index, address]] := status if {
	some index, plan in plans
	some address in plan.by_type.google_storage_bucket
	status := bool_status(plan.resources[address], ["versioning", 0, "enabled"], false)
}

versioning[[index, address]] := status if {
	some index, plan in plans
	some address in plan.by_type.azurerm_storage_account
	status := bool_status(plan.resources[address], ["blob_properties", 0, "versioning_enabled"], false)
}

# Access logging of object storage.
access_logging[[index, address]] := s3_protection[[index, address, "access_logging"]] if {
	some [index, address] in s3_buckets
}

access_logging[[index, address]] := true if {
	some index, plan in plans
	some address in plan.by_type.google_storage_bucket
	index in gcs_audit_logged_plans
}

access_logging[[index, address]] := status if {
	some index, plan in plans
	not index in gcs_audit_logged_plans
	some address in plan.by_type.google_storage_bucket
	status := block_key_status(plan.resources[address], "logging", "log_bucket")
}

access_logging[[index, address]] := status if {
	some index, plan in plans
	some address in plan.by_type.azurerm_storage_account
	status := joined_status(index, plan.resources[address], azure_logged_accounts, azure_untied_logged_accounts)
}

# Public access blocked (the inventory's view; the exposure checks judge it in detail).
public_access_blocked[[index, address]] := s3_protection[[index, address, "public_access_blocked"]] if {
	some [index, address] in s3_buckets
}

public_access_blocked[[index, address]] := status if {
	some index, plan in plans
	some address in plan.by_type.google_storage_bucket
	prevention := string_status(plan.resources[address], ["public_access_prevention"], "inherited")
	status := {"unknown": "unknown", "enforced": true}[prevention]
}

public_access_blocked[[index, address]] := false if {
	some index, plan in plans
	some address in plan.by_type.google_storage_bucket
	prevention := string_status(plan.resources[address], ["public_access_prevention"], "inherited")
	not prevention in {"unknown", "enforced"}
}

# Azure: blobs cannot be made public (the provider default allows it).
public_access_blocked[[index, address]] := status if {
	some index, plan in plans
	some address in plan.by_type.azurerm_storage_account
	status := negated(bool_status(plan.resources[address], ["allow_nested_items_to_be_public"], true))
}

public_access_blocked[[index, address]] := status if {
	some index, plan in plans
	some address in plan.by_type.aws_db_instance
	status := negated(bool_status(plan.resources[address], ["publicly_accessible"], false))
}

public_access_blocked[[index, address]] := status if {
	some index, plan in plans
	some address in plan.by_type.azurerm_mssql_server
	status := negated(bool_status(plan.resources[address], ["public_network_access_enabled"], true))
}

# Networks that mean "anyone".
open_networks := {"0.0.0.0/0", "::/0"}

authorized_networks_path := ["settings", 0, "ip_configuration", 0, "authorized_networks"]

cloud_sql_network_open(resource, i) := "unknown" if {
	unknown_at(resource, array.concat(authorized_networks_path, [i, "value"]))
} else := true if {
	value_at(resource, array.concat(authorized_networks_path, [i, "value"])) in open_networks
} else := false

# Cloud SQL: no public IP, or a public IP that admits no network open to everyone.
public_access_blocked[[index, address]] := status if {
	some index, plan in plans
	some address in plan.by_type.google_sql_database_instance
	resource := plan.resources[address]
	networks := value_at(resource, authorized_networks_path)
	open := any_of({cloud_sql_network_open(resource, i) | is_array(networks); some i, _ in networks} | {unknown |
		unknown_at(resource, authorized_networks_path)
		unknown := "unknown"
	})
	ipv4 := bool_status(resource, ["settings", 0, "ip_configuration", 0, "ipv4_enabled"], true)
	status := negated(all_of({ipv4, open}))
}

# Backups -----------------------------------------------------------------------------------------

# AWS gives RDS instances 1 day of automated backups when backup_retention_period is not set
# (the API default for CreateDBInstance); clusters default to 1 day in the provider.
rds_default_backup_retention_days := 1

# Azure SQL keeps 7 days of point-in-time backups unless short_term_retention_policy says otherwise.
azure_sql_default_retention_days := 7

# Cloud SQL keeps 7 automated backups unless retained_backups says otherwise (one a day).
cloud_sql_default_retained_backups := 7

# Read replicas take no backups of their own: their data is backed up on the source.
aws_replica(resource) if key_set(resource, ["replicate_source_db"])

gcp_replica(resource) if key_set(resource, ["master_instance_name"])

azure_secondary(resource) if value_at(resource, ["create_mode"]) in {"Secondary", "OnlineSecondary"}

# [plan index, address] -> the days (or daily backups) kept, or "unknown".
backup_retention[[index, address]] := status if {
	some index, plan in plans
	some address in plan.by_type.aws_db_instance
	resource := plan.resources[address]
	not aws_replica(resource)
	status := number_status(resource, ["backup_retention_period"], rds_default_backup_retention_days)
}

backup_retention[[index, address]] := status if {
	some index, plan in plans
	some address in plan.by_type.aws_rds_cluster
	status := number_status(plan.resources[address], ["backup_retention_period"], rds_default_backup_retention_days)
}

backup_retention[[index, address]] := status if {
	some index, plan in plans
	some address in plan.by_type.azurerm_mssql_database
	resource := plan.resources[address]
	not azure_secondary(resource)
	status := number_status(resource, ["short_term_retention_policy", 0, "retention_days"], azure_sql_default_retention_days)
}

backup_retention[[index, address]] := status if {
	some index, plan in plans
	some address in plan.by_type.google_sql_database_instance
	resource := plan.resources[address]
	not gcp_replica(resource)
	status := number_status(
		resource,
		["settings", 0, "backup_configuration", 0, "backup_retention_settings", 0, "retained_backups"],
		cloud_sql_default_retained_backups,
	)
}

# [plan index, address] -> the retention required: the patient-data minimum as well for patient data.
required_backup_retention[key] := days if {
	some key, _ in backup_retention
	not key in patient_resources
	days := params.backup_retention_days
}

required_backup_retention[key] := days if {
	some key, _ in backup_retention
	key in patient_resources
	days := max([params.backup_retention_days, params.patient_backup_retention_days])
}

# Cloud SQL automated backups (off unless enabled), for primaries.
cloud_sql_backups_enabled[[index, address]] := status if {
	some index, plan in plans
	some address in plan.by_type.google_sql_database_instance
	resource := plan.resources[address]
	not gcp_replica(resource)
	status := bool_status(resource, ["settings", 0, "backup_configuration", 0, "enabled"], false)
}

# The Cloud SQL attribute that turns on point-in-time recovery, by database_version prefix:
# PostgreSQL and SQL Server keep write-ahead / transaction logs, MySQL needs binary logging.
cloud_sql_pitr_attribute := {
	"POSTGRES": "point_in_time_recovery_enabled",
	"SQLSERVER": "point_in_time_recovery_enabled",
	"MYSQL": "binary_log_enabled",
}

cloud_sql_pitr_attribute_of(resource) := attribute if {
	version := known_string(resource, ["database_version"])
	some prefix, attribute in cloud_sql_pitr_attribute
	startswith(version, prefix)
}

# [plan index, address] -> point-in-time recovery on, off or "unknown".
point_in_time_recovery[[index, address]] := status if {
	some index, plan in plans
	some address in plan.by_type.aws_dynamodb_table
	status := bool_status(plan.resources[address], ["point_in_time_recovery", 0, "enabled"], false)
}

point_in_time_recovery[[index, address]] := status if {
	some index, plan in plans
	some address in plan.by_type.google_sql_database_instance
	resource := plan.resources[address]
	not gcp_replica(resource)
	attribute := cloud_sql_pitr_attribute_of(resource)
	status := bool_status(resource, ["settings", 0, "backup_configuration", 0, attribute], false)
}
