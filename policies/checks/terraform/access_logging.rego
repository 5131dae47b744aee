# METADATA
# title: Access to patient data storage and web load balancers is logged
# description: >-
#   Object storage tagged as holding patient data records who accessed it: S3 buckets have
#   server access logging (an aws_s3_bucket_logging naming the bucket, or a legacy inline logging
#   block), Cloud Storage buckets have usage logging or the project exports data access audit logs
#   for Cloud Storage, and Azure storage accounts export blob read and write logs through a
#   diagnostic setting (tied to the account by its configuration reference, else by the id).
#   Every web load balancer writes access logs: AWS application load balancers
#   (access_logs.enabled, off by default even when a bucket is named), Google Cloud external
#   backend services (log_config.enable, off by default) and Azure application gateways (a
#   diagnostic setting exporting ApplicationGatewayAccessLog or allLogs, tied by reference or id).
# custom:
#   id: TF-LOG-003
#   severity: medium
#   sources: [terraform]
#   family: audit-logging
#   judges: patient-data object stores and web load balancers (S3, Cloud Storage, Azure storage accounts, ALBs, Google backend services, Azure application gateways)
#   resource_types: [aws_alb, aws_lb, aws_s3_bucket, azurerm_application_gateway, azurerm_storage_account, google_compute_backend_service, google_storage_bucket]
package dspt.checks.terraform.access_logging

import rego.v1

plans := data.dspt.lib.terraform.plans

# What each storage type lacks when access is not logged.
requirement := {
	"aws_s3_bucket": "no aws_s3_bucket_logging (or inline logging block) names this bucket",
	"google_storage_bucket": "it has no logging.log_bucket and no project, folder or organisation audit config exports DATA_READ or DATA_WRITE logs for storage.googleapis.com",
	"azurerm_storage_account": "no azurerm_monitor_diagnostic_setting on its blob service exports StorageRead, StorageWrite or StorageDelete logs",
}

unknown_reason := {
	"aws_s3_bucket": "a bucket name is unknown in the plan",
	"azurerm_storage_account": "the target_resource_id of a diagnostic setting is unknown in the plan",
}

# [plan index, address, status] of every patient-data store judged. The patient-data stores
# first: an estate without them never computes the logging status of every bucket.
judged_storage contains [index, address, status] if {
	some key in data.dspt.lib.terraform.patient_resources
	status := data.dspt.lib.terraform.storage_access_logging_status[key]
	[index, address] := key
}

# Load balancers: aws_alb is the older name of aws_lb. An unset load_balancer_type is "application".
load_balancer_types := {"aws_lb", "aws_alb"}

judged_load_balancers contains [index, address, status] if {
	some index, plan in plans
	some type in load_balancer_types
	some address in plan.by_type[type]
	resource := plan.resources[address]
	kind := data.dspt.lib.terraform.string_status(resource, ["load_balancer_type"], "application")
	logs := data.dspt.lib.terraform.bool_status(resource, ["access_logs", 0, "enabled"], false)
	status := data.dspt.lib.terraform.any_of({logs, kind_marker[kind]})
}

# A load balancer of unknown type is judged only as far as it may be an application one.
kind_marker := {"application": false, "unknown": "unknown"}

# Google Cloud backend services of external load balancers (load_balancing_scheme defaults to
# EXTERNAL; google provider docs): log_config.enable defaults to false.
external_schemes := {"EXTERNAL", "EXTERNAL_MANAGED"}

judged_load_balancers contains [index, address, status] if {
	some index, plan in plans
	some address in plan.by_type.google_compute_backend_service
	resource := plan.resources[address]
	scheme := data.dspt.lib.terraform.string_status_cfg(resource, ["load_balancing_scheme"], "EXTERNAL")
	scheme_marker := external_marker(scheme)
	logs := data.dspt.lib.terraform.bool_status_cfg(resource, ["log_config", 0, "enable"], false)
	status := data.dspt.lib.terraform.any_of({logs, scheme_marker})
}

external_marker(scheme) := false if {
	scheme in external_schemes
} else := "unknown" if {
	scheme == "unknown"
}

# Azure application gateways: a diagnostic setting exporting the access log.
gateway_log_categories := {"ApplicationGatewayAccessLog"}

gateway_log_groups := {"allLogs"}

exports_gateway_logs(resource) if {
	some block in resource.values.enabled_log
	block.category in gateway_log_categories
}

exports_gateway_logs(resource) if {
	some block in resource.values.enabled_log
	block.category_group in gateway_log_groups
}

exports_gateway_logs(resource) if {
	some block in resource.values.log
	not block.enabled == false
	block.category in gateway_log_categories
}

gateway_settings contains [index, address] if {
	some index, plan in plans
	some address in plan.by_type.azurerm_monitor_diagnostic_setting
	exports_gateway_logs(plan.resources[address])
}

gateways_logged_by_reference contains [index, target] if {
	some [index, address] in gateway_settings
	some target in data.dspt.lib.terraform.reference_ties[[index, address, "target_resource_id"]]
}

gateway_logged_ids contains [index, lower(id)] if {
	some [index, address] in gateway_settings
	id := data.dspt.lib.terraform.known_string(plans[index].resources[address], ["target_resource_id"])
}

loose_gateway_setting_plans contains index if {
	some [index, address] in gateway_settings
	not [index, address] in data.dspt.lib.terraform.referenced_settings
	not data.dspt.lib.terraform.known_string(plans[index].resources[address], ["target_resource_id"])
}

gateway_status(index, resource) := true if {
	[index, resource.address] in gateways_logged_by_reference
} else := true if {
	id := data.dspt.lib.terraform.known_string(resource, ["id"])
	[index, lower(id)] in gateway_logged_ids
} else := "unknown" if {
	index in loose_gateway_setting_plans
} else := false

judged_load_balancers contains [index, address, gateway_status(index, plan.resources[address])] if {
	some index, plan in plans
	some address in plan.by_type.azurerm_application_gateway
}

judged contains [index, address] if {
	some [index, address, _] in judged_storage
}

judged contains [index, address] if {
	some [index, address, _] in judged_load_balancers
}

lb_unknown_reason := {
	"aws_lb": "access_logs or load_balancer_type is unknown in the plan",
	"aws_alb": "access_logs or load_balancer_type is unknown in the plan",
	"google_compute_backend_service": "log_config or load_balancing_scheme is unknown in the plan",
	"azurerm_application_gateway": "the target_resource_id of a diagnostic setting is unknown in the plan",
}

lb_kind := {
	"aws_lb": "application load balancer",
	"aws_alb": "application load balancer",
	"google_compute_backend_service": "backend service",
	"azurerm_application_gateway": "application gateway",
}

# What a load balancer without access logs lacks.
lb_shortfall(resource) := sprintf("log_config.enable is %v", [object.get(resource.values, ["log_config", 0, "enable"], "not set")]) if {
	resource.type == "google_compute_backend_service"
} else := "no azurerm_monitor_diagnostic_setting exports its ApplicationGatewayAccessLog" if {
	resource.type == "azurerm_application_gateway"
} else := sprintf("access_logs.enabled is %v", [object.get(resource.values, ["access_logs", 0, "enabled"], "not set")])

deny contains finding if {
	some [index, address, status] in judged_storage
	status == false
	plan := plans[index]
	finding := {
		"msg": sprintf(
			"%s holds patient data but access to it is not logged: %s",
			[address, requirement[plan.resources[address].type]],
		),
		"resource": address,
		"file": plan.file,
		"source": "terraform",
	}
}

deny contains finding if {
	some [index, address, status] in judged_load_balancers
	status == false
	plan := plans[index]
	finding := {
		"msg": sprintf(
			"%s %s does not write access logs (%s)",
			[lb_kind[plan.resources[address].type], address, lb_shortfall(plan.resources[address])],
		),
		"resource": address,
		"file": plan.file,
		"source": "terraform",
	}
}

warn contains finding if {
	some [index, address, status] in judged_storage
	status == "unknown"
	plan := plans[index]
	type := plan.resources[address].type
	finding := {
		"msg": sprintf(
			"%s holds patient data; whether access to it is logged is known only after apply (%s)",
			[address, object.get(unknown_reason, type, "a value is unknown in the plan")],
		),
		"resource": address,
		"file": plan.file,
		"source": "terraform",
	}
}

warn contains finding if {
	some [index, address, status] in judged_load_balancers
	status == "unknown"
	plan := plans[index]
	finding := {
		"msg": sprintf(
			"whether load balancer %s writes access logs is known only after apply (%s)",
			[address, lb_unknown_reason[plan.resources[address].type]],
		),
		"resource": address,
		"file": plan.file,
		"source": "terraform",
	}
}
