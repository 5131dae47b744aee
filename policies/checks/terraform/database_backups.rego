# METADATA
# title: Databases take automated backups and keep them long enough
# description: >-
#   RDS instances and clusters, Azure SQL databases and Cloud SQL instances keep automated
#   backups for at least backup_retention_days (7 by default), and at least
#   patient_backup_retention_days (35) when tagged as holding patient data; Cloud SQL instances
#   have automated backups enabled (off by default), counting retained daily backups as days.
#   Unset values take the platform default: 1 day for RDS (the RDS API default when
#   backup_retention_period is not given), 7 days for Azure SQL short-term retention, 7 retained
#   backups for Cloud SQL. Read replicas and Azure secondary databases are backed up through their
#   source and are not judged. Point-in-time recovery of DynamoDB tables and Cloud SQL is TF-BAK-004.
# custom:
#   id: TF-BAK-001
#   severity: high
#   sources: [terraform]
package dspt.checks.terraform.database_backups

import rego.v1


plans := data.dspt.lib.terraform.plans

params := data.dspt.params.terraform

# Type -> [the attribute as written in messages, its path in the planned values].
retention_attribute := {
	"aws_db_instance": ["backup_retention_period", ["backup_retention_period"]],
	"aws_rds_cluster": ["backup_retention_period", ["backup_retention_period"]],
	"azurerm_mssql_database": [
		"short_term_retention_policy.retention_days",
		["short_term_retention_policy", 0, "retention_days"],
	],
	"google_sql_database_instance": [
		"settings.backup_configuration.backup_retention_settings.retained_backups",
		["settings", 0, "backup_configuration", 0, "backup_retention_settings", 0, "retained_backups"],
	],
}

# Cloud SQL instances whose automated backups are not known to be on: their retention is moot.
cloud_sql_not_backed_up := {key | some key, status in data.dspt.lib.terraform.cloud_sql_backups_enabled; status != true}

# [plan index, address, retention, required] of every database judged on retention.
judged contains [index, address, days, required] if {
	some key, days in data.dspt.lib.terraform.backup_retention
	not key in cloud_sql_not_backed_up
	[index, address] := key
	required := data.dspt.lib.terraform.required_backup_retention[key]
}

setting_text(resource, path) := format_int(value, 10) if {
	value := data.dspt.lib.terraform.value_at(resource, path)
	is_number(value)
} else := "not set, so the platform default applies"

days_text(days) := "1 day" if {
	days == 1
} else := sprintf("%d days", [days])

requirement_text(key, required) := sprintf("the %d days required for patient data", [required]) if {
	key in data.dspt.lib.terraform.patient_resources
} else := sprintf("the required %d days", [required])

deny contains finding if {
	some [index, address, days, required] in judged
	is_number(days)
	days < required
	plan := plans[index]
	resource := plan.resources[address]
	[attribute, path] := retention_attribute[resource.type]
	finding := {
		"msg": sprintf(
			"%s keeps %s of automated backups (%s is %s), less than %s",
			[address, days_text(days), attribute, setting_text(resource, path), requirement_text([index, address], required)],
		),
		"resource": address,
		"file": plan.file,
		"source": "terraform",
	}
}

deny contains finding if {
	some [index, address], status in data.dspt.lib.terraform.cloud_sql_backups_enabled
	status == false
	plan := plans[index]
	finding := {
		"msg": sprintf("%s takes no automated backups (settings.backup_configuration.enabled is not true)", [address]),
		"resource": address,
		"file": plan.file,
		"source": "terraform",
	}
}

warn contains finding if {
	some [index, address, days, _] in judged
	days == "unknown"
	plan := plans[index]
	[attribute, _] := retention_attribute[plan.resources[address].type]
	finding := {
		"msg": sprintf("how long %s keeps automated backups is known only after apply (%s is unknown in the plan)", [address, attribute]),
		"resource": address,
		"file": plan.file,
		"source": "terraform",
	}
}

warn contains finding if {
	some [index, address], status in data.dspt.lib.terraform.cloud_sql_backups_enabled
	status == "unknown"
	plan := plans[index]
	finding := {
		"msg": sprintf(
			"whether %s takes automated backups is known only after apply (settings.backup_configuration.enabled is unknown in the plan)",
			[address],
		),
		"resource": address,
		"file": plan.file,
		"source": "terraform",
	}
}
