# METADATA
# title: Tables and databases holding patient data can be restored to a point in time
# description: >-
#   DynamoDB tables have point-in-time recovery on (off by default): a table without it fails
#   when tagged as holding patient data and warns otherwise. Cloud SQL instances holding patient
#   data keep the logs point-in-time recovery needs: point_in_time_recovery_enabled for PostgreSQL
#   and SQL Server, binary_log_enabled for MySQL. RDS and Azure SQL restore to a point in time
#   whenever automated backups are on (TF-BAK-001), as do Azure PostgreSQL and MySQL flexible
#   servers. Cosmos DB accounts holding patient data use continuous backup (backup.type
#   Continuous; the default, Periodic, restores only to the last periodic backup).
# custom:
#   id: TF-BAK-004
#   severity: medium
#   sources: [terraform]
#   family: backups
#   judges: DynamoDB tables, and Cloud SQL instances and Cosmos DB accounts holding patient data
#   resource_types: [aws_dynamodb_table, azurerm_cosmosdb_account, google_sql_database_instance]
package dspt.checks.terraform.point_in_time_recovery

import rego.v1

plans := data.dspt.lib.terraform.plans

# [plan index, address, status, patient] of every resource judged: DynamoDB tables, and Cloud SQL
# instances holding patient data.
judged contains [index, address, status, patient] if {
	some [index, address], status in data.dspt.lib.terraform.point_in_time_recovery
	plans[index].resources[address].type == "aws_dynamodb_table"
	patient := is_patient(index, address)
}

judged contains [index, address, status, true] if {
	some [index, address] in data.dspt.lib.terraform.patient_resources
	plans[index].resources[address].type == "google_sql_database_instance"
	status := data.dspt.lib.terraform.point_in_time_recovery[[index, address]]
}

judged contains [index, address, status, true] if {
	some key in data.dspt.lib.terraform.patient_resources
	status := data.dspt.lib.terraform.cosmos_point_in_time_recovery[key]
	[index, address] := key
}

is_patient(index, address) := true if {
	[index, address] in data.dspt.lib.terraform.patient_resources
} else := false

setting(resource) := "point_in_time_recovery.enabled" if {
	resource.type == "aws_dynamodb_table"
} else := "backup.type" if {
	resource.type == "azurerm_cosmosdb_account"
} else := sprintf("settings.backup_configuration.%s", [data.dspt.lib.terraform.cloud_sql_pitr_attribute_of(resource)])

unrecoverable(index, address, patient) := {
	"msg": sprintf(
		"%s%s cannot be restored to a point in time: %s is not %s",
		[address, held_text(patient), setting(plans[index].resources[address]), expected(plans[index].resources[address])],
	),
	"resource": address,
	"file": plans[index].file,
	"source": "terraform",
}

expected(resource) := "Continuous" if {
	resource.type == "azurerm_cosmosdb_account"
} else := "true"

held_text(patient) := " holds patient data but" if {
	patient
} else := ""

deny contains finding if {
	some [index, address, status, patient] in judged
	status == false
	patient
	finding := unrecoverable(index, address, patient)
}

warn contains finding if {
	some [index, address, status, patient] in judged
	status == false
	not patient
	finding := unrecoverable(index, address, patient)
}

warn contains finding if {
	some [index, address, status, _] in judged
	status == "unknown"
	finding := {
		"msg": sprintf(
			"whether %s can be restored to a point in time is known only after apply (%s is unknown in the plan)",
			[address, setting(plans[index].resources[address])],
		),
		"resource": address,
		"file": plans[index].file,
		"source": "terraform",
	}
}
