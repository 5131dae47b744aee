# METADATA
# title: Terraform helpers shared by the checks and the patient-data inventory
# description: >-
#   Reading planned values that may be known only after apply, telling which resources hold
#   patient data (by the configured tags or labels), and the protections of data stores that
#   several checks and the inventory judge alike: customer-managed keys, versioning, access
#   logging, public access and backup retention. S3 bucket settings held in separate resources
#   (AWS provider v4+) are joined to their bucket by name, Azure settings to their storage account
#   or server by the name in the resource id. Protections are true, false or "unknown" (a value,
#   or the name that ties a setting to its resource, is known only after apply). Keys follow the
#   rules for values known only after apply (key_judgement): a key is customer-managed when known
#   and not an AWS-managed alias, or when the configuration refers to a key created in the same
#   plan; left unset in the configuration it is the provider's key; anything else is unknown. EC2
#   volumes (instances, launch templates, launch configurations) and EBS default encryption per
#   provider configuration and region are judged here for TF-ENC-001 and TF-CMK-001.
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
	# Most attributes are known, and then nothing below their top-level key is unknown: one
	# lookup settles them without building each prefix of the path.
	object.get(resource, ["unknown", path[0]], false) != false
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

# [plan index, address] of every resource tagged as holding patient data. A shared fact (see
# lib/facts.rego): the engine computes it once a run, where each check would otherwise compute it
# again; computed here where the input does not carry it (tests).
patient_resources := fact if {
	fact := input.shared_facts["terraform.patient_resources"]
} else := patient_resources_computed

patient_resources_computed contains [index, address] if {
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

# The same, with each bucket: the rules below read it from here rather than through
# `plans[index].resources[address]`, which regorus resolves several times slower.
s3_bucket_resources contains [index, address, plan.resources[address]] if {
	some index, plan in input.terraform.plans
	some address in plan.by_type.aws_s3_bucket
}

# [plan index, address] -> the bucket's name, where it is known in the plan.
s3_bucket_name[[index, address]] := name if {
	some [index, address, resource] in s3_bucket_resources
	name := known_string(resource, ["bucket"])
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

# sse_configuration_cmk with the rules for keys known only after apply (key_judgement): true when a
# KMS rule names a customer-managed key, "unknown" when one may, else false (aws/s3, AES256).
sse_configuration_key_status(index, resource) := "unknown" if {
	unknown_at(resource, ["rule"])
} else := any_of({status |
	some i, rule in resource.values.rule
	some j, by_default in rule.apply_server_side_encryption_by_default
	by_default.sse_algorithm in kms_algorithms
	path := ["rule", i, "apply_server_side_encryption_by_default", j, "kms_master_key_id"]
	status := key_judgement(index, resource, path)[0]
})

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
	status := sse_configuration_key_status(index, plan.resources[address])
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
	some [index, address, resource] in s3_bucket_resources
	some block in resource.values.versioning
	block.enabled == true
}

s3_inline contains [index, address, "access_logging"] if {
	some [index, address, resource] in s3_bucket_resources
	some i, _ in resource.values.logging
	key_set(resource, ["logging", i, "target_bucket"])
}

s3_inline contains [index, address, "customer_managed_key"] if {
	some [index, address, true] in s3_inline_keys
}

# [plan index, bucket address, status] of the keys of legacy inline KMS rules (key_judgement).
s3_inline_keys contains [index, address, status] if {
	some [index, address, resource] in s3_bucket_resources
	some i, configuration in resource.values.server_side_encryption_configuration
	some j, rule in configuration.rule
	some k, by_default in rule.apply_server_side_encryption_by_default
	by_default.sse_algorithm in kms_algorithms
	status := key_judgement(index, resource, [
		"server_side_encryption_configuration", i, "rule", j,
		"apply_server_side_encryption_by_default", k, "kms_master_key_id",
	])[0]
}

# An inline KMS rule whose key is known only after apply may name a customer-managed key.
s3_maybe contains [index, address, "customer_managed_key"] if {
	some [index, address, "unknown"] in s3_inline_keys
}

s3_unsure contains [index, address, "customer_managed_key"] if {
	some [index, address, "unknown"] in s3_inline_keys
}

s3_protected contains key if {
	some key in s3_inline
}

s3_protected contains [index, address, protection] if {
	[protections, settings] := [s3_protections, s3_named_settings]
	some key, name in s3_bucket_name
	[index, address] := key
	some protection in protections
	[index, protection, name, true] in settings
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
	some [index, address, resource] in s3_bucket_resources
	"create" in resource.actions
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
	[protections, settings] := [s3_protections, s3_named_settings]
	some key, name in s3_bucket_name
	[index, address] := key
	some protection in protections
	[index, protection, name, "unknown"] in settings
}

s3_maybe contains [index, address, protection] if {
	[protections, untied] := [s3_protections, s3_untied_settings]
	count(untied) > 0
	some [index, address] in s3_buckets
	some protection in protections
	some status in {true, "unknown"}
	[index, protection, status] in untied
}

# [plan index, bucket address, protection] -> true, false or "unknown".
s3_protection[key] := true if {
	some key in s3_protected
}

s3_protection[key] := "unknown" if {
	protected := s3_protected
	some key in s3_maybe
	not key in protected
}

# The rules bound before the loops: regorus resolves a rule reference on every iteration.
s3_protection[key] := false if {
	[protections, protected, maybe] := [s3_protections, s3_protected, s3_maybe]
	some [index, address] in s3_buckets
	some protection in protections
	key := [index, address, protection]
	not key in protected
	not key in maybe
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
# Key Vault or managed HSM key (without one, the key is service-managed). tde_key_set counts a key
# known only after apply as set; the joins below read tde_key_status (key_judgement) instead.
tde_key_set(resource) if key_set(resource, ["key_vault_key_id"])

tde_key_set(resource) if key_set(resource, ["managed_hsm_key_id"])

azure_tde_servers contains [index, name] if {
	some index, plan in plans
	some address in plan.by_type.azurerm_mssql_server_transparent_data_encryption
	resource := plan.resources[address]
	tde_key_status(index, resource) == true
	id := known_string(resource, ["server_id"])
	name := azure_id_name(id, "servers")
}

azure_untied_tde_servers contains index if {
	some index, plan in plans
	some address in plan.by_type.azurerm_mssql_server_transparent_data_encryption
	resource := plan.resources[address]
	tde_key_status(index, resource) != false
	not [index, address] in azure_tde_referencing
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

# Stores whose customer-managed key is one attribute (kept for reference; cmk_key_paths below is
# what customer_managed_key reads).
cmk_key_attribute := {
	"aws_db_instance": "kms_key_id",
	"aws_rds_cluster": "kms_key_id",
	"aws_ebs_volume": "kms_key_id",
	"aws_efs_file_system": "kms_key_id",
	"google_sql_database_instance": "encryption_key_name",
}

# DynamoDB under the old rule (a key known only after apply counts as set); customer_managed_key
# now judges tables with cmk_path_judgement.
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

# Keys: customer-managed, provider-managed, or known only after apply ---------------------------

# Resource types that are customer-managed keys, or (an Azure disk encryption set) always encrypt
# with one: a configuration reference to one of them in the same plan is a customer-managed key
# even though its value is known only after apply.
cmk_key_types := {
	"aws_kms_key",
	"aws_kms_alias",
	"azurerm_key_vault_key",
	"azurerm_key_vault_managed_hardware_security_module_key",
	"google_kms_crypto_key",
	"azurerm_disk_encryption_set",
}

# A key id, ARN or alias naming an AWS-managed key (alias/aws/rds, arn:aws:kms:…:alias/aws/ebs).
aws_managed_key(value) if startswith(value, "alias/aws/")

aws_managed_key(value) if contains(value, ":alias/aws/")

aws_managed_alias(resource) if {
	resource.type == "aws_kms_alias"
	aws_managed_key(known_string(resource, ["name"]))
}

# [plan index, configuration address] of every customer-managed key of each plan.
cmk_keys contains [index, config_address] if {
	some index, plan in plans
	some type in cmk_key_types
	some address in plan.by_type[type]
	resource := plan.resources[address]
	not aws_managed_alias(resource)
	config_address := resource.config_address
	is_string(config_address)
}

# The attribute names of a path, for messages: ["root_block_device", 0, "kms_key_id"] ->
# "root_block_device.kms_key_id".
path_text(path) := concat(".", [part | some part in path; is_string(part)])

# The key that encrypts a store of this type when none is named.
provider_managed_key(type) := "the AWS-managed key" if {
	startswith(type, "aws_")
} else := "a Microsoft-managed key" if {
	startswith(type, "azurerm_")
} else := "a Google-managed key"

# The configuration expression at path (block indexes as in the values), where the plan has one.
config_expression(resource, path) := expression if {
	is_object(resource.config)
	expression := object.get(resource.config, path, null)
	is_object(expression)
}

# Blocks the providers compute when the configuration leaves them out (the plan then shows the
# whole block unknown): absent from the configuration, their attributes take the defaults. Other
# absent blocks may come from a `dynamic` block, which the configuration does not show.
computed_blocks := {"root_block_device", "server_side_encryption", "encrypt_at_rest"}

# The attribute at path takes the provider's default: config_unset, or a computed block left out.
left_unset(resource, path) if data.dspt.lib.terraform.config_unset(resource, path)

left_unset(resource, path) if {
	path[0] in computed_blocks
	is_object(resource.config)
	not path[0] in object.keys(resource.config)
}

# What an expression refers to, for "known only after apply (kms_key_id refers to …)".
expression_sources(expression) := concat(", ", sort(addresses)) if {
	addresses := {entry.address |
		some list in ["data", "resources"]
		some entry in object.get(expression, list, [])
	}
	count(addresses) > 0
} else := concat(", ", references) if {
	references := object.get(expression, "references", [])
	count(references) > 0
}

# Why the value at path is known only after apply.
why_unknown(resource, path) := sprintf("%s refers to %s", [path_text(path), sources]) if {
	sources := expression_sources(config_expression(resource, path))
} else := sprintf("%s is an expression computed at apply", [path_text(path)]) if {
	config_expression(resource, path)
} else := "the plan carries no configuration for it" if {
	not is_object(object.get(resource, "config", null))
} else := sprintf("%s is not described in the plan's configuration (a dynamic block?)", [path_text(path)])

unset_key_reason(resource, path) := sprintf("%s is not set, so %s encrypts it", [path_text(path), provider_managed_key(resource.type)])

# [status, reason] of the key named at path of a resource of plan index: true (a customer-managed
# key: a known key other than an AWS-managed one, or a reference to a key in the same plan), false
# (the provider's key: the value is empty, left unset in the configuration, or an AWS-managed
# alias), or "unknown" (anything else known only after apply: a data source, a variable, a module
# output, or no configuration in the plan).
key_judgement(index, resource, path) := [false, reason] if {
	value := known_string(resource, path)
	aws_managed_key(value)
	reason := sprintf("%s is %s, the AWS-managed key", [path_text(path), value])
} else := [true, reason] if {
	value := known_string(resource, path)
	reason := sprintf("%s is %s", [path_text(path), value])
} else := [true, reason] if {
	unknown_at(resource, path)
	keys := {entry.address |
		some entry in object.get(config_expression(resource, path), "resources", [])
		[index, entry.address] in cmk_keys
	}
	count(keys) > 0
	reason := sprintf("%s refers to %s, a customer-managed key in the plan", [path_text(path), concat(", ", sort(keys))])
} else := [false, unset_key_reason(resource, path)] if {
	not unknown_at(resource, path)
} else := [false, unset_key_reason(resource, path)] if {
	left_unset(resource, path)
} else := ["unknown", sprintf("known only after apply (%s)", [why_unknown(resource, path)])]

# EC2 volumes: instances, launch templates, launch configurations -------------------------------

ec2_root_types := {"aws_instance", "aws_launch_configuration"}

# Indexes of the blocks at path: those the plan shows, or, when the list is known only after
# apply, those the configuration holds.
block_indexes(resource, path) := {i | blocks := value_at(resource, path); is_array(blocks); some i, _ in blocks} | {i |
	unknown_at(resource, path)
	is_object(resource.config)
	blocks := object.get(resource.config, path, [])
	is_array(blocks)
	some i, _ in blocks
}

# [plan index, address, block path] of every EBS volume an instance, launch template or launch
# configuration defines. An instance or launch configuration always has a root volume, configured
# or not; a launch template's mappings without an ebs block (instance store, no_device) are not
# EBS volumes.
ec2_volume_blocks contains [index, address, ["root_block_device", 0]] if {
	some index, plan in plans
	some type in ec2_root_types
	some address in plan.by_type[type]
	not root_from_template(plan.resources[address])
}

# An instance launched from a launch template takes its root volume from the template (judged
# there) unless it says otherwise itself.
root_from_template(resource) if {
	resource.type == "aws_instance"
	count(object.get(resource.values, "launch_template", [])) > 0
	not is_boolean(bool_status(resource, ["root_block_device", 0, "encrypted"], null))
}

ec2_volume_blocks contains [index, address, ["ebs_block_device", i]] if {
	some index, plan in plans
	some type in ec2_root_types
	some address in plan.by_type[type]
	some i in block_indexes(plan.resources[address], ["ebs_block_device"])
}

ec2_volume_blocks contains [index, address, ["block_device_mappings", i, "ebs", j]] if {
	some index, plan in plans
	some address in plan.by_type.aws_launch_template
	resource := plan.resources[address]
	some i in block_indexes(resource, ["block_device_mappings"])
	some j in block_indexes(resource, ["block_device_mappings", i, "ebs"])
}

# A block for messages: "root_block_device", "ebs_block_device /dev/sdf",
# "block_device_mappings /dev/xvda".
ec2_block_text(resource, path) := "root_block_device" if {
	path[0] == "root_block_device"
} else := sprintf("%s %s", [path[0], name]) if {
	name := known_string(resource, [path[0], path[1], "device_name"])
} else := sprintf("%s[%d]", [path[0], path[1]])

# EBS encryption by default, and the default EBS key, are per account and region: they cover the
# resources of the same provider configuration (same account and region), or, where either has no
# provider configuration key, those of the same plan in the same region.
# [setting, plan index, provider key or null, region or null, status] of each
# aws_ebs_encryption_by_default not turned off (enabled defaults to true), setting "encryption",
# and of each aws_ebs_default_kms_key, setting "key", status whether its key is customer-managed.
ebs_default_settings contains ["encryption", index, key, region, status] if {
	some index, plan in plans
	some address in plan.by_type.aws_ebs_encryption_by_default
	resource := plan.resources[address]
	status := data.dspt.lib.terraform.bool_status_cfg(resource, ["enabled"], true)
	status != false
	key := object.get(resource, "provider_key", null)
	region := object.get(resource, "region", null)
}

ebs_default_settings contains ["key", index, key, region, status] if {
	some index, plan in plans
	some address in plan.by_type.aws_ebs_default_kms_key
	resource := plan.resources[address]
	status := key_judgement(index, resource, ["key_arn"])[0]
	status != false
	key := object.get(resource, "provider_key", null)
	region := object.get(resource, "region", null)
}

ebs_default_by_provider contains [setting, index, key, status] if {
	some [setting, index, key, _, status] in ebs_default_settings
	is_string(key)
}

# [setting, plan index, region, status, whether the setting has a provider key].
ebs_default_by_region contains [setting, index, region, status, keyed] if {
	some [setting, index, key, region, status] in ebs_default_settings
	is_string(region)
	keyed := is_string(key)
}

ebs_default_covers(setting, index, resource, status) if {
	key := object.get(resource, "provider_key", null)
	is_string(key)
	[setting, index, key, status] in ebs_default_by_provider
}

ebs_default_covers(setting, index, resource, status) if {
	not is_string(object.get(resource, "provider_key", null))
	region := object.get(resource, "region", null)
	is_string(region)
	some keyed in [true, false]
	[setting, index, region, status, keyed] in ebs_default_by_region
}

ebs_default_covers(setting, index, resource, status) if {
	region := object.get(resource, "region", null)
	is_string(region)
	[setting, index, region, status, false] in ebs_default_by_region
}

# true, false or "unknown": EBS default encryption covers the resource's account and region.
ebs_default_encryption(index, resource) := true if {
	ebs_default_covers("encryption", index, resource, true)
} else := "unknown" if {
	ebs_default_covers("encryption", index, resource, "unknown")
} else := false

# An EBS encrypted flag: true, false, null (not set) or "unknown".
ebs_flag(resource, path) := null if {
	bool_status(resource, path, null) == "unknown"
	left_unset(resource, path)
} else := data.dspt.lib.terraform.bool_status_cfg(resource, path, null)

flag_text(null) := "not set"

flag_text(value) := sprintf("%v", [value]) if value != null

# [status, detail] of an EBS volume's encryption given the path of its `encrypted` flag: the flag,
# or EBS default encryption for its account and region, which encrypts every new volume (even one
# whose flag is false).
ebs_judgement(index, resource, flag_path) := [true, ""] if {
	ebs_flag(resource, flag_path) == true
} else := [true, ""] if {
	ebs_default_encryption(index, resource) == true
} else := ["unknown", detail] if {
	ebs_flag(resource, flag_path) == "unknown"
	detail := sprintf("%s is unknown in the plan (%s)", [path_text(flag_path), why_unknown(resource, flag_path)])
} else := ["unknown", detail] if {
	ebs_default_encryption(index, resource) == "unknown"
	detail := sprintf(
		"%s is %s, and whether EBS default encryption (aws_ebs_encryption_by_default) is on for its account and region is known only after apply",
		[path_text(flag_path), flag_text(ebs_flag(resource, flag_path))],
	)
} else := [false, detail] if {
	detail := sprintf(
		"%s is %s, and no EBS default encryption (aws_ebs_encryption_by_default) covers its account and region",
		[path_text(flag_path), flag_text(ebs_flag(resource, flag_path))],
	)
}

# [plan index, address, block path] -> [status, detail] of every EC2 volume block.
ec2_volume_encryption[[index, address, path]] := judgement if {
	some [index, address, path] in ec2_volume_blocks
	resource := plans[index].resources[address]
	judgement := ebs_judgement(index, resource, array.concat(path, ["encrypted"]))
}

# Customer-managed keys of every store -----------------------------------------------------------

# Stores whose customer-managed key is one attribute, by the path of that attribute.
cmk_key_paths := {
	"aws_db_instance": ["kms_key_id"],
	"aws_rds_cluster": ["kms_key_id"],
	"aws_ebs_volume": ["kms_key_id"],
	"aws_efs_file_system": ["kms_key_id"],
	"aws_dynamodb_table": ["server_side_encryption", 0, "kms_key_arn"],
	"azurerm_managed_disk": ["disk_encryption_set_id"],
	"azurerm_linux_virtual_machine": ["os_disk", 0, "disk_encryption_set_id"],
	"azurerm_windows_virtual_machine": ["os_disk", 0, "disk_encryption_set_id"],
	"azurerm_postgresql_flexible_server": ["customer_managed_key", 0, "key_vault_key_id"],
	"azurerm_mysql_flexible_server": ["customer_managed_key", 0, "key_vault_key_id"],
	"azurerm_cosmosdb_account": ["key_vault_key_id"],
	"google_sql_database_instance": ["encryption_key_name"],
	"google_storage_bucket": ["encryption", 0, "default_kms_key_name"],
	"google_compute_disk": ["disk_encryption_key", 0, "kms_key_self_link"],
	"google_compute_instance": ["boot_disk", 0, "kms_key_self_link"],
	"google_bigquery_dataset": ["default_encryption_configuration", 0, "kms_key_name"],
}

# Customer-supplied keys (CSEK) of Compute Engine disks: the customer holds the key itself. The
# key is sensitive, so the configuration setting it counts as well as a value in the plan.
csek_paths := {
	"google_compute_disk": [["disk_encryption_key", 0, "raw_key"], ["disk_encryption_key", 0, "rsa_encrypted_key"]],
	"google_compute_instance": [["boot_disk", 0, "disk_encryption_key_raw"], ["boot_disk", 0, "disk_encryption_key_rsa"]],
}

csek_set(resource) if {
	some path in csek_paths[resource.type]
	known_string(resource, path)
}

csek_set(resource) if {
	some path in csek_paths[resource.type]
	config_expression(resource, path)
}

# [plan index, address, key path] of every key attribute judged. Only stores holding patient data
# are judged for their key (TF-CMK-001 and the patient data inventory read nothing else), so the
# judgement is not computed for the thousands of other stores of a large estate.
cmk_paths contains [index, address, path] if {
	some index, plan in plans
	some type, path in cmk_key_paths
	some address in plan.by_type[type]
	[index, address] in patient_resources
}

cmk_paths contains [index, address, array.concat(block, ["kms_key_id"])] if {
	some [index, address, block] in ec2_volume_blocks
	[index, address] in patient_resources
	plans[index].resources[address].type in {"aws_instance", "aws_launch_template"}
}

# [status, reason] of one key path of a store: turned-off encryption first, then the key.
cmk_path_status(index, resource, path) := [false, sprintf("it is not encrypted at rest at all (%s is false)", [flag])] if {
	flag := encryption_flag[resource.type]
	unencrypted(resource)
} else := [false, sprintf("%s is not encrypted at all (%s)", [ec2_block_text(resource, block), detail])] if {
	resource.type in {"aws_instance", "aws_launch_template"}
	block := array.slice(path, 0, count(path) - 1)
	[false, detail] := ec2_volume_encryption[[index, resource.address, block]]
} else := [false, "server_side_encryption is not enabled, so an AWS owned key encrypts it"] if {
	resource.type == "aws_dynamodb_table"
	bool_status_dynamodb_sse(resource) == false
} else := ["unknown", sprintf("known only after apply (%s)", [why_unknown(resource, ["server_side_encryption", 0, "enabled"])])] if {
	resource.type == "aws_dynamodb_table"
	bool_status_dynamodb_sse(resource) == "unknown"
} else := [true, default_ebs_key_reason(path)] if {
	resource.type in ebs_key_types
	not known_string(resource, path)
	key_judgement(index, resource, path)[0] == false
	ebs_default_covers("key", index, resource, true)
} else := ["unknown", sprintf("known only after apply (%s is not set, and the key of the account's aws_ebs_default_kms_key is unknown)", [path_text(path)])] if {
	resource.type in ebs_key_types
	not known_string(resource, path)
	key_judgement(index, resource, path)[0] == false
	ebs_default_covers("key", index, resource, "unknown")
} else := [true, "a customer-supplied key (CSEK) encrypts it"] if {
	csek_set(resource)
} else := key_judgement(index, resource, path)

# EBS volumes left without a kms_key_id are encrypted with the account's default EBS key of their
# region: aws/ebs, unless an aws_ebs_default_kms_key names a customer-managed key.
ebs_key_types := {"aws_ebs_volume", "aws_instance", "aws_launch_template"}

default_ebs_key_reason(path) := sprintf(
	"%s is not set, and the account's default EBS key (aws_ebs_default_kms_key) for its region is a customer-managed key",
	[path_text(path)],
)

# DynamoDB encrypts with an AWS owned key unless server_side_encryption is enabled.
bool_status_dynamodb_sse(resource) := null if {
	bool_status(resource, ["server_side_encryption", 0, "enabled"], false) == "unknown"
	left_unset(resource, ["server_side_encryption", 0, "enabled"])
} else := data.dspt.lib.terraform.bool_status_cfg(resource, ["server_side_encryption", 0, "enabled"], false)

# [plan index, address, key path] -> [status, reason].
cmk_path_judgement[[index, address, path]] := judgement if {
	some [index, address, path] in cmk_paths
	judgement := cmk_path_status(index, plans[index].resources[address], path)
}

cmk_path_false contains [index, address] if {
	some [index, address, _], judgement in cmk_path_judgement
	judgement[0] == false
}

cmk_path_unknown contains [index, address] if {
	some [index, address, _], judgement in cmk_path_judgement
	judgement[0] == "unknown"
}

customer_managed_key[[index, address]] := false if {
	some [index, address] in cmk_path_false
}

customer_managed_key[[index, address]] := "unknown" if {
	some [index, address] in cmk_path_unknown
	not [index, address] in cmk_path_false
}

customer_managed_key[[index, address]] := true if {
	some [index, address, _] in cmk_paths
	not [index, address] in cmk_path_false
	not [index, address] in cmk_path_unknown
}

# S3: a bucket-level SSE configuration (tied by reference, then by name) or inline rule.
customer_managed_key[[index, address]] := s3_status[[index, address, "customer_managed_key"]] if {
	some [index, address] in s3_buckets
}

# Azure storage accounts: an inline customer_managed_key block, or an
# azurerm_storage_account_customer_managed_key tied to the account (by reference, then by the
# name in its storage_account_id).
azure_storage_key_paths := [
	["customer_managed_key", 0, "key_vault_key_id"],
	["customer_managed_key", 0, "managed_hsm_key_id"],
]

azure_storage_inline_key(index, resource) := any_of({status |
	some path in azure_storage_key_paths
	some _ in object.get(resource.values, "customer_managed_key", [])
	status := key_judgement(index, resource, path)[0]
}) if {
	not unknown_at(resource, ["customer_managed_key"])
} else := "unknown"

# [plan index, storage account address] tied by reference to a customer-managed key resource.
azure_cmk_tied_accounts contains [index, account] if {
	some index, plan in plans
	some address in plan.by_type.azurerm_storage_account_customer_managed_key
	resource := plan.resources[address]
	some target in config_expression(resource, ["storage_account_id"]).resources
	target.type == "azurerm_storage_account"
	some account in data.dspt.lib.terraform.tied_instances(plan, resource, target.address)
}

azure_cmk_referencing contains [index, address] if {
	some index, plan in plans
	some address in plan.by_type.azurerm_storage_account_customer_managed_key
	some target in config_expression(plan.resources[address], ["storage_account_id"]).resources
	target.type == "azurerm_storage_account"
}

azure_storage_cmk(index, address, resource) := true if {
	azure_storage_inline_key(index, resource) == true
} else := true if {
	[index, address] in azure_cmk_tied_accounts
} else := status if {
	status := joined_status(index, resource, azure_cmk_accounts, azure_loose_cmk_accounts)
	status != false
} else := azure_storage_inline_key(index, resource)

# Plans holding a customer-managed key resource whose account is tied neither by reference nor
# by a known id.
azure_loose_cmk_accounts contains index if {
	some index, plan in plans
	some address in plan.by_type.azurerm_storage_account_customer_managed_key
	not [index, address] in azure_cmk_referencing
	not known_string(plan.resources[address], ["storage_account_id"])
}

customer_managed_key[[index, address]] := azure_storage_cmk(index, address, plan.resources[address]) if {
	some index, plan in plans
	some address in plan.by_type.azurerm_storage_account
}

# Azure SQL servers: a Key Vault TDE protector on the server, or an
# azurerm_mssql_server_transparent_data_encryption naming the server with a key.
tde_key_status(index, resource) := any_of({key_judgement(index, resource, [attribute])[0] |
	some attribute in ["key_vault_key_id", "managed_hsm_key_id"]
})

# [plan index, server name, status] of TDE resources whose key is known only after apply.
azure_unknown_tde_servers contains [index, name] if {
	some index, plan in plans
	some address in plan.by_type.azurerm_mssql_server_transparent_data_encryption
	resource := plan.resources[address]
	tde_key_status(index, resource) == "unknown"
	id := known_string(resource, ["server_id"])
	name := azure_id_name(id, "servers")
}

# [plan index, server address, status] of TDE resources tied to their server by reference.
azure_tde_tied_servers contains [index, server, status] if {
	some index, plan in plans
	some address in plan.by_type.azurerm_mssql_server_transparent_data_encryption
	resource := plan.resources[address]
	some target in config_expression(resource, ["server_id"]).resources
	target.type == "azurerm_mssql_server"
	some server in data.dspt.lib.terraform.tied_instances(plan, resource, target.address)
	status := tde_key_status(index, resource)
}

azure_tde_referencing contains [index, address] if {
	some index, plan in plans
	some address in plan.by_type.azurerm_mssql_server_transparent_data_encryption
	some target in config_expression(plan.resources[address], ["server_id"]).resources
	target.type == "azurerm_mssql_server"
}

azure_mssql_cmk(index, resource) := true if {
	key_judgement(index, resource, ["transparent_data_encryption_key_vault_key_id"])[0] == true
} else := true if {
	[index, resource.address, true] in azure_tde_tied_servers
} else := "unknown" if {
	[index, resource.address, "unknown"] in azure_tde_tied_servers
} else := true if {
	joined_status(index, resource, azure_tde_servers, azure_untied_tde_servers) == true
} else := "unknown" if {
	key_judgement(index, resource, ["transparent_data_encryption_key_vault_key_id"])[0] == "unknown"
} else := "unknown" if {
	name := known_string(resource, ["name"])
	[index, lower(name)] in azure_unknown_tde_servers
} else := joined_status(index, resource, azure_tde_servers, azure_untied_tde_servers)

customer_managed_key[[index, address]] := azure_mssql_cmk(index, plan.resources[address]) if {
	some index, plan in plans
	some address in plan.by_type.azurerm_mssql_server
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
# [plan index, address] -> days of automated backups kept, "unknown", or (Cloud SQL, by count)
# the number kept. A shared fact (see lib/facts.rego), computed here where the input does not
# carry it.
backup_retention := fact if {
	fact := input.shared_facts["terraform.backup_retention"]
} else := backup_retention_computed

backup_retention_computed[[index, address]] := status if {
	some index, plan in plans
	some address in plan.by_type.aws_db_instance
	resource := plan.resources[address]
	not aws_replica(resource)
	status := number_status(resource, ["backup_retention_period"], rds_default_backup_retention_days)
}

backup_retention_computed[[index, address]] := status if {
	some index, plan in plans
	some address in plan.by_type.aws_rds_cluster
	status := number_status(plan.resources[address], ["backup_retention_period"], rds_default_backup_retention_days)
}

backup_retention_computed[[index, address]] := status if {
	some index, plan in plans
	some address in plan.by_type.azurerm_mssql_database
	resource := plan.resources[address]
	not azure_secondary(resource)
	status := number_status(resource, ["short_term_retention_policy", 0, "retention_days"], azure_sql_default_retention_days)
}

backup_retention_computed[[index, address]] := status if {
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
required_backup_retention[key] := backup_requirement(key in patient_resources) if {
	some key, _ in backup_retention
}

# The days of backups a database must keep, by whether it holds patient data: the patient-data
# minimum as well when it does.
backup_requirement(true) := max([params.backup_retention_days, params.patient_backup_retention_days])

backup_requirement(false) := params.backup_retention_days

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
