# METADATA
# title: Databases take automated backups and keep them long enough
# description: >-
#   RDS instances and clusters, DocumentDB and Neptune clusters, Redshift clusters (automated
#   snapshots), Azure SQL databases, Azure PostgreSQL and MySQL flexible servers,
#   Cosmos DB accounts and Cloud SQL instances keep automated backups for at least
#   backup_retention_days (7 by default), and at least patient_backup_retention_days (35) when
#   tagged as holding patient data (for Cosmos DB at most its 30-day maximum); Cloud SQL instances
#   have automated backups enabled (off by default), counting retained daily backups as days.
#   Unset values take the platform default: 1 day for RDS (the RDS API default when
#   backup_retention_period is not given), DocumentDB, Neptune and Redshift, 7 days for Azure SQL short-term retention and flexible
#   servers, 8 hours for Cosmos DB periodic backups, 7 retained backups for Cloud SQL. Read
#   replicas and Azure secondary databases are backed up through their source and are not judged.
#   Azure PostgreSQL and MySQL flexible servers holding patient data without geo-redundant backups
#   (geo_redundant_backup_enabled, false by default) warn: a regional outage takes the backups
#   with the server. Point-in-time recovery of DynamoDB tables, Cosmos DB and Cloud SQL is
#   TF-BAK-004.
# custom:
#   id: TF-BAK-001
#   severity: high
#   sources: [terraform]
#   family: backups
#   judges: databases (RDS instances and clusters, DocumentDB, Neptune and Redshift clusters, Azure SQL databases, Azure PostgreSQL/MySQL flexible servers, Cosmos DB accounts, Cloud SQL instances)
#   resource_types: [aws_db_instance, aws_docdb_cluster, aws_neptune_cluster, aws_rds_cluster, aws_redshift_cluster, azurerm_cosmosdb_account, azurerm_mssql_database, azurerm_mysql_flexible_server, azurerm_postgresql_flexible_server, google_sql_database_instance]
package dspt.checks.terraform.database_backups

import rego.v1

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
	"azurerm_postgresql_flexible_server": ["backup_retention_days", ["backup_retention_days"]],
	"aws_docdb_cluster": ["backup_retention_period", ["backup_retention_period"]],
	"aws_neptune_cluster": ["backup_retention_period", ["backup_retention_period"]],
	"aws_redshift_cluster": ["automated_snapshot_retention_period", ["automated_snapshot_retention_period"]],
	"azurerm_mysql_flexible_server": ["backup_retention_days", ["backup_retention_days"]],
}

# Cosmos DB: periodic backups are kept retention_in_hours, continuous backups by tier.
cosmos_attribute(resource) := ["backup.tier", ["backup", 0, "tier"]] if {
	data.dspt.lib.terraform.cosmos_backup_type(resource) == "Continuous"
} else := ["backup.retention_in_hours", ["backup", 0, "retention_in_hours"]]

attribute_of(resource) := retention_attribute[resource.type]

attribute_of(resource) := cosmos_attribute(resource) if resource.type == "azurerm_cosmosdb_account"

# Cloud SQL instances whose automated backups are not known to be on: their retention is moot.
cloud_sql_not_backed_up := {key | some key, status in data.dspt.lib.terraform.cloud_sql_backups_enabled; status != true}

# Whether a database is tagged as holding patient data, read from the database itself: the
# library's patient_resources (and required_backup_retention, which reads it) judges the tags of
# every resource of the estate, several times what the databases cost.
holds_patient_data(resource) := true if {
	data.dspt.lib.terraform.is_patient_data(resource)
} else := false

# [plan index, address, retention, required, patient data] of every database judged on retention.
# The rule is bound before the loop: regorus resolves a rule reference on every iteration.
retention_judged contains [index, address, days, data.dspt.lib.terraform.backup_requirement(patient), patient] if {
	not_backed_up := cloud_sql_not_backed_up
	some [index, address], days in data.dspt.lib.terraform.backup_retention
	not [index, address] in not_backed_up
	plan := input.terraform.plans[index]
	patient := holds_patient_data(plan.resources[address])
}

# Cosmos DB keeps at most 30 days: the requirement is capped there, or no account could pass.
retention_judged contains [index, address, days, required, patient] if {
	some [index, address], days in data.dspt.lib.terraform.cosmos_backup_retention
	plan := input.terraform.plans[index]
	patient := holds_patient_data(plan.resources[address])
	required := min([data.dspt.lib.terraform.backup_requirement(patient), data.dspt.lib.terraform.cosmos_max_retention_days])
}

# [plan index, address] of every database judged: on retention, or (Cloud SQL) on backups being on.
judged contains [index, address] if {
	some [index, address, _, _, _] in retention_judged
}

judged contains key if {
	some key, _ in data.dspt.lib.terraform.cloud_sql_backups_enabled
}

setting_text(resource, path) := format_int(value, 10) if {
	value := data.dspt.lib.terraform.value_at(resource, path)
	is_number(value)
} else := value if {
	value := data.dspt.lib.terraform.known_string(resource, path)
} else := "not set, so the platform default applies"

days_text(days) := "1 day" if {
	days == 1
} else := sprintf("%d days", [days]) if {
	days == floor(days)
} else := sprintf("%d hours", [round(days * 24)])

requirement_text(true, required) := sprintf("the %d days required for patient data", [required])

requirement_text(false, required) := sprintf("the required %d days", [required])

deny contains finding if {
	some [index, address, days, required, patient] in retention_judged
	is_number(days)
	days < required
	plan := input.terraform.plans[index]
	resource := plan.resources[address]
	[attribute, path] := attribute_of(resource)
	finding := {
		"msg": sprintf(
			"%s keeps %s of automated backups (%s is %s), less than %s",
			[address, days_text(days), attribute, setting_text(resource, path), requirement_text(patient, required)],
		),
		"resource": address,
		"file": plan.file,
		"source": "terraform",
	}
}

deny contains finding if {
	some [index, address], status in data.dspt.lib.terraform.cloud_sql_backups_enabled
	status == false
	plan := input.terraform.plans[index]
	finding := {
		"msg": sprintf("%s takes no automated backups (settings.backup_configuration.enabled is not true)", [address]),
		"resource": address,
		"file": plan.file,
		"source": "terraform",
	}
}

warn contains finding if {
	some [index, address, days, _, _] in retention_judged
	days == "unknown"
	plan := input.terraform.plans[index]
	[attribute, _] := attribute_of(plan.resources[address])
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
	plan := input.terraform.plans[index]
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

# Flexible servers holding patient data keep their backups in one region unless geo-redundant
# (azurerm docs: geo_redundant_backup_enabled "Defaults to false").
flexible_server_types := {"azurerm_postgresql_flexible_server", "azurerm_mysql_flexible_server"}

warn contains finding if {
	types := flexible_server_types
	some [index, address, _, _, true] in retention_judged
	plan := input.terraform.plans[index]
	resource := plan.resources[address]
	resource.type in types
	# geo_text has no entry for true: a geo-redundant server gives no finding.
	geo := data.dspt.lib.terraform.bool_status_cfg(resource, ["geo_redundant_backup_enabled"], false)
	finding := {
		"msg": sprintf("%s holds patient data but %s", [address, geo_text[geo]]),
		"resource": address,
		"file": plan.file,
		"source": "terraform",
	}
}

geo_text := {
	false: "keeps its backups in one region only (geo_redundant_backup_enabled is not true)",
	"unknown": "whether its backups are geo-redundant is known only after apply (geo_redundant_backup_enabled is unknown in the plan)",
}
