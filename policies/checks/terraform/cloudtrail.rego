# METADATA
# title: Account activity is recorded by a multi-region audit trail with validated log files
# description: >-
#   When the plans hold AWS resources, they define at least one CloudTrail trail that records
#   every region (is_multi_region_trail), proves its log files unaltered
#   (enable_log_file_validation) and is logging; a trail whose log files are not encrypted with a
#   KMS key (kms_key_id) warns. An organisation whose account trail is managed outside the
#   assessed plans sets cloudtrail_required to false. When the plans hold Azure resources, a
#   diagnostic setting should export the subscription's activity log (warns if none; a setting
#   whose target refers to the azurerm_subscription data source counts). Google Cloud's Admin
#   Activity audit logs are always on; when the plans hold Google Cloud resources, a project,
#   folder or organisation audit config should turn on data access logs (DATA_READ and
#   DATA_WRITE) for allServices (warns if none).
# custom:
#   id: TF-LOG-001
#   severity: high
#   sources: [terraform]
#   family: audit-logging
#   judges: cloud accounts and their audit trails (the AWS account's CloudTrail trails, the Azure subscription activity log, Google Cloud data access audit logs)
#   resource_types: [aws_cloudtrail, azurerm_monitor_diagnostic_setting, google_folder_iam_audit_config, google_organization_iam_audit_config, google_project_iam_audit_config]
package dspt.checks.terraform.cloudtrail

import rego.v1

plans := data.dspt.lib.terraform.plans

required := data.dspt.params.terraform.cloudtrail_required

# What a qualifying trail sets, with the provider default of each.
trail_attributes := {
	"is_multi_region_trail": false,
	"enable_log_file_validation": false,
	"enable_logging": true,
}

has_type_prefix(prefix) if {
	some plan in plans
	some type, _ in plan.by_type
	startswith(type, prefix)
}

aws_present if has_type_prefix("aws_")

azure_present if has_type_prefix("azurerm_")

gcp_present if has_type_prefix("google_")

# [plan index, address] -> {attribute: true, false or "unknown"} for every trail.
trails := {[index, address]: statuses |
	some index, plan in plans
	some address in plan.by_type.aws_cloudtrail
	resource := plan.resources[address]
	statuses := {attribute: data.dspt.lib.terraform.bool_status_cfg(resource, [attribute], fallback) |
		some attribute, fallback in trail_attributes
	}
}

qualifying := {key | some key, statuses in trails; data.dspt.lib.terraform.all_of({s | some s in statuses}) == true}

# Trails that may qualify once values unknown in the plan are known.
possible := {key | some key, statuses in trails; data.dspt.lib.terraform.all_of({s | some s in statuses}) == "unknown"}

missing_trail if {
	required
	aws_present
	count(qualifying) == 0
	count(possible) == 0
}

# What each trail gets wrong, e.g. "is_multi_region_trail is false".
shortfall(statuses) := concat(", ", sort([sprintf("%s is %v", [attribute, status]) |
	some attribute, status in statuses
	status == false
]))

deny contains finding if {
	missing_trail
	count(trails) == 0
	finding := {
		"msg": "no multi-region CloudTrail trail with log file validation: the plans hold AWS resources but define no aws_cloudtrail (set cloudtrail_required to false if the account trail is managed elsewhere)",
		"source": "terraform",
	}
}

deny contains finding if {
	missing_trail
	some [index, address], statuses in trails
	finding := {
		"msg": sprintf(
			"no multi-region CloudTrail trail with log file validation: %s does not qualify (%s)",
			[address, shortfall(statuses)],
		),
		"resource": address,
		"file": plans[index].file,
		"source": "terraform",
	}
}

warn contains finding if {
	required
	count(qualifying) == 0
	some [index, address] in possible
	unknown := sort([attribute | some attribute, status in trails[[index, address]]; status == "unknown"])
	finding := {
		"msg": sprintf(
			"whether %s is a logging multi-region trail with log file validation is known only after apply (%s unknown in the plan)",
			[address, concat(", ", unknown)],
		),
		"resource": address,
		"file": plans[index].file,
		"source": "terraform",
	}
}

warn contains finding if {
	some [index, address], _ in trails
	not data.dspt.lib.terraform.key_set(plans[index].resources[address], ["kms_key_id"])
	finding := {
		"msg": sprintf("%s does not encrypt its log files with a KMS key (kms_key_id is not set)", [address]),
		"resource": address,
		"file": plans[index].file,
		"source": "terraform",
	}
}

# Azure: a diagnostic setting whose target is the subscription exports the activity log.
subscription_id_pattern := `^/subscriptions/[^/]+/?$`

activity_log_exported if {
	some plan in plans
	some address in plan.by_type.azurerm_monitor_diagnostic_setting
	id := data.dspt.lib.terraform.known_string(plan.resources[address], ["target_resource_id"])
	regex.match(subscription_id_pattern, id)
}

# The target refers to the subscription data source (data.azurerm_subscription.current.id).
activity_log_exported if {
	some plan in plans
	some address in plan.by_type.azurerm_monitor_diagnostic_setting
	config := plan.resources[address].config
	is_object(config)
	some source in object.get(config, ["target_resource_id", "data"], [])
	source.type == "azurerm_subscription"
}

# Diagnostic settings whose target is known only after apply (it may be the subscription), unless
# the configuration ties the target to a managed resource, which is not the subscription.
untied_settings contains [index, address] if {
	some index, plan in plans
	some address in plan.by_type.azurerm_monitor_diagnostic_setting
	data.dspt.lib.terraform.unknown_at(plan.resources[address], ["target_resource_id"])
	count(object.get(plan.resources[address], ["config", "target_resource_id", "resources"], [])) == 0
}

warn contains finding if {
	azure_present
	not activity_log_exported
	count(untied_settings) == 0
	finding := {
		"msg": "the plans hold Azure resources but no azurerm_monitor_diagnostic_setting exports the subscription activity log (target_resource_id /subscriptions/<id>)",
		"source": "terraform",
	}
}

warn contains finding if {
	azure_present
	not activity_log_exported
	some [index, address] in untied_settings
	finding := {
		"msg": sprintf(
			"whether %s exports the subscription activity log is known only after apply (target_resource_id is unknown in the plan)",
			[address],
		),
		"resource": address,
		"file": plans[index].file,
		"source": "terraform",
	}
}

# Google Cloud: data access audit logs for every service.
gcp_audit_config_types := ["google_project_iam_audit_config", "google_folder_iam_audit_config", "google_organization_iam_audit_config"]

gcp_data_access_logged if {
	some plan in plans
	some type in gcp_audit_config_types
	some address in plan.by_type[type]
	values := plan.resources[address].values
	values.service == "allServices"
	logged := {config.log_type | some config in values.audit_log_config}
	"DATA_READ" in logged
	"DATA_WRITE" in logged
}

gcp_audit_configs contains [index, address] if {
	some index, plan in plans
	some type in gcp_audit_config_types
	some address in plan.by_type[type]
}

warn contains finding if {
	gcp_present
	not gcp_data_access_logged
	finding := {
		"msg": "the plans hold Google Cloud resources but no google_project_iam_audit_config (or folder or organisation audit config) turns on DATA_READ and DATA_WRITE audit logs for allServices",
		"source": "terraform",
	}
}

# Judged: the AWS account (its trail requirement), each trail, the Azure subscription's activity
# log, Google Cloud data access logging, and each audit config.
judged contains "aws account audit trail" if {
	required
	aws_present
}

judged contains key if {
	some key, _ in trails
}

judged contains "azure subscription activity log" if azure_present

judged contains "google cloud data access audit logs" if gcp_present

judged contains key if {
	some key in gcp_audit_configs
}

judged contains key if {
	azure_present
	some key in untied_settings
}

skip := "cloudtrail_required is false (the account trail is managed outside these plans) and the plans hold no aws_cloudtrail, Azure or Google Cloud resources" if {
	not required
	count(trails) == 0
	not azure_present
	not gcp_present
}

skip := "the plans hold no AWS, Azure or Google Cloud resources" if {
	required
	not aws_present
	not azure_present
	not gcp_present
}
