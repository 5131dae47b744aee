package dspt.checks.terraform.point_in_time_recovery_test

import rego.v1

import data.dspt.checks.terraform.point_in_time_recovery
import data.dspt.testing.terraform as tf

params := {"terraform": {
	"allowed_regions": ["eu-west-2", "uksouth", "ukwest", "europe-west2"],
	"patient_data_tags": {"data_classification": ["patient", "personal"]},
}}

table(address, pitr, tags) := tf.resource(address, {"name": "t", "hash_key": "id", "point_in_time_recovery": pitr, "tags": tags}, {"arn": true})

cloud_sql(address, version, backup_configuration, labels) := tf.resource(
	address,
	{"name": "records", "database_version": version, "settings": [{"user_labels": labels, "backup_configuration": backup_configuration}]},
	{},
)

compliant_resources := [
	table("aws_dynamodb_table.consent", [{"enabled": true}], tf.patient),
	table("aws_dynamodb_table.cache", [{"enabled": true}], {}),
	cloud_sql("google_sql_database_instance.records", "POSTGRES_16", [{"enabled": true, "point_in_time_recovery_enabled": true}], tf.patient),
	cloud_sql("google_sql_database_instance.appointments", "MYSQL_8_0", [{"enabled": true, "binary_log_enabled": true}], tf.patient),
	cloud_sql("google_sql_database_instance.reporting", "POSTGRES_16", [{"enabled": true}], {}),
]

test_recoverable_tables_and_databases_pass if {
	input_doc := tf.evidence_of(compliant_resources)
	count(point_in_time_recovery.deny) == 0 with input as input_doc with data.dspt.params as params
	count(point_in_time_recovery.warn) == 0 with input as input_doc with data.dspt.params as params
}

test_patient_table_without_pitr_is_denied if {
	input_doc := tf.evidence_of([table("aws_dynamodb_table.appointments", [{"enabled": false}], tf.patient)])
	count(point_in_time_recovery.warn) == 0 with input as input_doc with data.dspt.params as params
	deny := point_in_time_recovery.deny with input as input_doc with data.dspt.params as params
	deny == {{
		"msg": "aws_dynamodb_table.appointments holds patient data but cannot be restored to a point in time: point_in_time_recovery.enabled is not true",
		"resource": "aws_dynamodb_table.appointments",
		"file": "plan.json",
		"source": "terraform",
	}}
}

test_other_table_without_pitr_warns if {
	input_doc := tf.evidence_of([table("aws_dynamodb_table.cache", [], {})])
	count(point_in_time_recovery.deny) == 0 with input as input_doc with data.dspt.params as params
	warn := point_in_time_recovery.warn with input as input_doc with data.dspt.params as params
	warn == {{
		"msg": "aws_dynamodb_table.cache cannot be restored to a point in time: point_in_time_recovery.enabled is not true",
		"resource": "aws_dynamodb_table.cache",
		"file": "plan.json",
		"source": "terraform",
	}}
}

test_patient_cloud_sql_without_logs_is_denied if {
	input_doc := tf.evidence_of([
		cloud_sql("google_sql_database_instance.records", "POSTGRES_16", [{"enabled": true}], tf.patient),
		cloud_sql("google_sql_database_instance.appointments", "MYSQL_8_0", [{"enabled": true, "point_in_time_recovery_enabled": true}], tf.patient),
	])
	deny := point_in_time_recovery.deny with input as input_doc with data.dspt.params as params
	deny == {
		{
			"msg": "google_sql_database_instance.records holds patient data but cannot be restored to a point in time: settings.backup_configuration.point_in_time_recovery_enabled is not true",
			"resource": "google_sql_database_instance.records",
			"file": "plan.json",
			"source": "terraform",
		},
		{
			"msg": "google_sql_database_instance.appointments holds patient data but cannot be restored to a point in time: settings.backup_configuration.binary_log_enabled is not true",
			"resource": "google_sql_database_instance.appointments",
			"file": "plan.json",
			"source": "terraform",
		},
	}
}

test_other_cloud_sql_is_not_judged if {
	input_doc := tf.evidence_of([cloud_sql("google_sql_database_instance.reporting", "MYSQL_8_0", [], {})])
	count(point_in_time_recovery.deny) == 0 with input as input_doc with data.dspt.params as params
	count(point_in_time_recovery.warn) == 0 with input as input_doc with data.dspt.params as params
}

test_unknown_pitr_warns if {
	later := tf.resource("aws_dynamodb_table.appointments", {"name": "appointments", "tags": tf.patient}, {"point_in_time_recovery": true})
	input_doc := tf.evidence_of([later])
	count(point_in_time_recovery.deny) == 0 with input as input_doc with data.dspt.params as params
	warn := point_in_time_recovery.warn with input as input_doc with data.dspt.params as params
	warn == {{
		"msg": "whether aws_dynamodb_table.appointments can be restored to a point in time is known only after apply (point_in_time_recovery.enabled is unknown in the plan)",
		"resource": "aws_dynamodb_table.appointments",
		"file": "plan.json",
		"source": "terraform",
	}}
}

test_patient_data_tags_parameter_is_honoured if {
	override := {"terraform": {"allowed_regions": params.terraform.allowed_regions, "patient_data_tags": {"sensitivity": ["high"]}}}
	input_doc := tf.evidence_of([
		table("aws_dynamodb_table.appointments", [], tf.patient),
		table("aws_dynamodb_table.sensitive", [], {"sensitivity": "high"}),
	])
	deny := point_in_time_recovery.deny with input as input_doc with data.dspt.params as override
	{finding.resource | some finding in deny} == {"aws_dynamodb_table.sensitive"}
}

test_patient_cosmos_account_without_continuous_backup_is_denied if {
	input_doc := tf.evidence_of([
		tf.resource("azurerm_cosmosdb_account.records", {"name": "records", "tags": tf.patient, "backup": [{"type": "Periodic"}]}, {}),
		tf.resource("azurerm_cosmosdb_account.consent", {"name": "consent", "tags": tf.patient, "backup": [{"type": "Continuous"}]}, {}),
		tf.resource("azurerm_cosmosdb_account.cache", {"name": "cache", "backup": [{"type": "Periodic"}]}, {}),
	])
	deny := point_in_time_recovery.deny with input as input_doc with data.dspt.params as params
	deny == {{
		"msg": "azurerm_cosmosdb_account.records holds patient data but cannot be restored to a point in time: backup.type is not Continuous",
		"resource": "azurerm_cosmosdb_account.records",
		"file": "plan.json",
		"source": "terraform",
	}}
	count(point_in_time_recovery.warn) == 0 with input as input_doc with data.dspt.params as params
	judged := point_in_time_recovery.judged with input as input_doc with data.dspt.params as params
	{[i, a] | some [i, a, _, _] in judged} == {[0, "azurerm_cosmosdb_account.records"], [0, "azurerm_cosmosdb_account.consent"]}
}

test_cosmos_backup_type_known_only_after_apply_warns if {
	input_doc := tf.evidence_of([tf.resource("azurerm_cosmosdb_account.records", {"name": "records", "tags": tf.patient}, {"backup": true})])
	count(point_in_time_recovery.deny) == 0 with input as input_doc with data.dspt.params as params
	warn := point_in_time_recovery.warn with input as input_doc with data.dspt.params as params
	some w in warn
	w.resource == "azurerm_cosmosdb_account.records"
	contains(w.msg, "known only after apply (backup.type is unknown in the plan)")
}

# Every resource type the check declares in its METADATA, one resource each, with its outcome.
declared_type_cases := [
	["aws_dynamodb_table", {"name": "t", "point_in_time_recovery": [{"enabled": true}]}, {}, "pass"],
	["azurerm_cosmosdb_account", {"name": "c", "tags": {"data_classification": "patient"}, "backup": [{"type": "Periodic"}]}, {}, "deny"],
	["google_sql_database_instance", {"name": "g", "database_version": "POSTGRES_16", "settings": [{"user_labels": {"data_classification": "patient"}, "backup_configuration": [{"enabled": true, "point_in_time_recovery_enabled": false}]}]}, {}, "deny"]
]

test_every_declared_type_is_judged_with_its_outcome if {
	resources := tf.declared_resources(declared_type_cases)
	input_doc := tf.evidence_of(resources)
	deny := point_in_time_recovery.deny with input as input_doc with data.dspt.params as params
	warn := point_in_time_recovery.warn with input as input_doc with data.dspt.params as params
	judged := point_in_time_recovery.judged with input as input_doc with data.dspt.params as params
	tf.judged_as_declared(declared_type_cases, 3, deny, warn, judged)
}
