# METADATA
# title: Logs are kept for the required retention period
# description: >-
#   CloudWatch log groups, Log Analytics workspaces and Cloud Logging buckets (of a project,
#   folder, organisation or billing account) keep logs for at least log_retention_days (365 by
#   default). A CloudWatch log group with retention 0 or unset never expires and passes; a Log
#   Analytics workspace or Cloud Logging bucket left unset keeps 30 days, the platform default,
#   and fails. A value known only after apply but not set in the configuration is the default. A
#   CloudWatch log group not encrypted with a KMS key (kms_key_id) warns.
# custom:
#   id: TF-LOG-004
#   severity: medium
#   sources: [terraform]
#   family: audit-logging
#   judges: log stores (CloudWatch log groups, Log Analytics workspaces, Cloud Logging buckets)
#   resource_types: [aws_cloudwatch_log_group, azurerm_log_analytics_workspace, google_logging_billing_account_bucket_config, google_logging_folder_bucket_config, google_logging_organization_bucket_config, google_logging_project_bucket_config]
package dspt.checks.terraform.log_retention

import rego.v1

minimum := data.dspt.params.terraform.log_retention_days

# CloudWatch keeps events forever when retention_in_days is 0 or unset.
never_expire := 0

# Log Analytics workspaces and Cloud Logging buckets keep 30 days unless told otherwise.
platform_default_days := 30

# Type -> [retention attribute, what an unset value means in days].
retention_attribute := {
	"aws_cloudwatch_log_group": ["retention_in_days", never_expire],
	"azurerm_log_analytics_workspace": ["retention_in_days", platform_default_days],
	"google_logging_project_bucket_config": ["retention_days", platform_default_days],
	"google_logging_folder_bucket_config": ["retention_days", platform_default_days],
	"google_logging_organization_bucket_config": ["retention_days", platform_default_days],
	"google_logging_billing_account_bucket_config": ["retention_days", platform_default_days],
}

# [plan index, address, type, attribute, days or "unknown"] of every log store. Rules are bound
# before the loops (regorus resolves a rule reference on every iteration), and the type is carried
# so that no rule reads the resource again.
retention contains [index, address, type, attribute, days] if {
	attributes := retention_attribute
	some index, plan in input.terraform.plans
	some type, [attribute, fallback] in attributes
	some address in plan.by_type[type]
	days := data.dspt.lib.terraform.number_status_cfg(plan.resources[address], [attribute], fallback)
}

# [plan index, address] of every log store judged.
judged contains [index, address] if {
	some [index, address, _, _, _] in retention
}

# CloudWatch log groups that never expire.
never_expires contains [index, address] if {
	forever := never_expire
	some [index, address, type, _, days] in retention
	days == forever
	type == "aws_cloudwatch_log_group"
}

deny contains finding if {
	required := minimum
	some [index, address, _, attribute, days] in retention
	is_number(days)
	days < required
	not [index, address] in never_expires
	plan := input.terraform.plans[index]
	set := object.get(plan.resources[address].values, attribute, null)
	finding := {
		"msg": sprintf(
			"%s keeps logs for %d days (%s is %s), less than the required %d days",
			[address, days, attribute, setting_text(set), required],
		),
		"resource": address,
		"file": plan.file,
		"source": "terraform",
	}
}

setting_text(value) := format_int(value, 10) if is_number(value)

setting_text(value) := "not set" if not is_number(value)

warn contains finding if {
	some [index, address, _, attribute, "unknown"] in retention
	finding := {
		"msg": sprintf("how long %s keeps logs is known only after apply (%s is unknown in the plan)", [address, attribute]),
		"resource": address,
		"file": input.terraform.plans[index].file,
		"source": "terraform",
	}
}

warn contains finding if {
	some index, plan in input.terraform.plans
	some address in plan.by_type.aws_cloudwatch_log_group
	not data.dspt.lib.terraform.key_set(plan.resources[address], ["kms_key_id"])
	finding := {
		"msg": sprintf("%s is not encrypted with a KMS key (kms_key_id is not set)", [address]),
		"resource": address,
		"file": plan.file,
		"source": "terraform",
	}
}
