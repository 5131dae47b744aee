# METADATA
# title: Inventory of patient data in the Terraform plans
# description: >-
#   One entry per resource tagged as holding patient data, across every plan: where it is (plan,
#   address, type, region) and how it is protected (customer-managed key, versioning, access
#   logging, backups, public access blocked), each true, false, "unknown" (known only after
#   apply) or "n/a" (the protection does not apply to the type, or is not judged for it). This
#   is the map an assessor asks for when they ask how patient data flows through the
#   infrastructure; it is not a check and never fails.
package dspt.inventory.patient_data

import rego.v1


not_applicable := "n/a"

# The status a protection has for a resource, or "n/a" where the type has no such protection.
status_of(statuses, key) := object.get(statuses, [key], not_applicable)

# Backups: automated backups kept at least as long as required for patient data, Cloud SQL
# backups on, DynamoDB point-in-time recovery on.
retention_status[key] := status if {
	some key, days in data.dspt.lib.terraform.backup_retention
	days == "unknown"
	status := "unknown"
}

retention_status[key] := status if {
	some key, days in data.dspt.lib.terraform.backup_retention
	is_number(days)
	status := at_least(days, data.dspt.lib.terraform.required_backup_retention[key])
}

at_least(days, required) := true if {
	days >= required
} else := false

backups[key] := data.dspt.lib.terraform.all_of(statuses) if {
	some key in object.keys(retention_status) | object.keys(data.dspt.lib.terraform.cloud_sql_backups_enabled)
	statuses := {status |
		some statuses_by_key in [retention_status, data.dspt.lib.terraform.cloud_sql_backups_enabled]
		status := statuses_by_key[key]
	}
}

backups[key] := status if {
	some key, status in data.dspt.lib.terraform.point_in_time_recovery
	data.dspt.lib.terraform.plans[key[0]].resources[key[1]].type == "aws_dynamodb_table"
}

resources contains entry if {
	some key in data.dspt.lib.terraform.patient_resources
	plan := data.dspt.lib.terraform.plans[key[0]]
	resource := plan.resources[key[1]]
	entry := {
		"plan": plan.file,
		"address": key[1],
		"type": resource.type,
		"region": object.get(resource, "region", null),
		"protections": {
			"customer_managed_key": status_of(data.dspt.lib.terraform.customer_managed_key, key),
			"versioning": status_of(data.dspt.lib.terraform.versioning, key),
			"access_logging": status_of(data.dspt.lib.terraform.access_logging, key),
			"backups": status_of(backups, key),
			"public_access_blocked": status_of(data.dspt.lib.terraform.public_access_blocked, key),
		},
	}
}
