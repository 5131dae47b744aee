# METADATA
# title: Access to patient data storage and web load balancers is logged
# description: >-
#   Object storage tagged as holding patient data records who accessed it: S3 buckets have
#   server access logging (an aws_s3_bucket_logging naming the bucket, or a legacy inline logging
#   block), Cloud Storage buckets have usage logging or the project exports data access audit logs
#   for Cloud Storage, and Azure storage accounts export blob read and write logs through a
#   diagnostic setting. Every application load balancer writes access logs
#   (access_logs.enabled, which is off by default even when a bucket is named).
# custom:
#   id: TF-LOG-003
#   severity: medium
#   sources: [terraform]
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

# [plan index, address, status] of every patient-data store judged.
judged_storage contains [index, address, status] if {
	some key, status in data.dspt.lib.terraform.access_logging
	key in data.dspt.lib.terraform.patient_resources
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
			"application load balancer %s does not write access logs (access_logs.enabled is %v)",
			[address, object.get(plan.resources[address].values, ["access_logs", 0, "enabled"], "not set")],
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
			"whether load balancer %s writes access logs is known only after apply (access_logs or load_balancer_type is unknown in the plan)",
			[address],
		),
		"resource": address,
		"file": plan.file,
		"source": "terraform",
	}
}
