package dspt.checks.terraform.database_backups_test

import rego.v1

import data.dspt.checks.terraform.database_backups

params := {"terraform": {
	"allowed_regions": ["eu-west-2", "uksouth", "ukwest", "europe-west2"],
	"patient_data_tags": {"data_classification": ["patient", "personal"]},
	"backup_retention_days": 7,
	"patient_backup_retention_days": 35,
}}

resource(address, values, unknown) := {
	"address": address,
	"module": "",
	"type": parts[count(parts) - 2],
	"name": parts[count(parts) - 1],
	"mode": "managed",
	"provider": "registry.terraform.io/hashicorp/aws",
	"actions": ["create"],
	"values": values,
	"unknown": unknown,
	"region": "eu-west-2",
	"region_source": "provider",
} if {
	parts := split(address, ".")
}

plan(resources) := {
	"file": "plan.json",
	"format_version": "1.2",
	"terraform_version": "1.9.5",
	"resources": {r.address: r | some r in resources},
	"by_type": {type: sort([r.address | some r in resources; r.type == type]) | some item in resources; type := item.type},
	"leaving": [],
	"providers": {"aws": {"name": "registry.terraform.io/hashicorp/aws", "region": "eu-west-2"}},
}

evidence(plans) := {
	"assessment": {"as_of": "2026-06-30", "framework": "dspt-supplier", "organisation": {"name": "Acme Health Ltd", "type": "it-supplier"}},
	"terraform": {"plans": plans},
}

patient := {"data_classification": "patient"}

cloud_sql(address, backup_configuration, labels) := resource(
	address,
	{"name": "records", "database_version": "POSTGRES_16", "settings": [{"tier": "db-custom-2-7680", "user_labels": labels, "backup_configuration": backup_configuration}]},
	{},
)

compliant_resources := [
	resource("aws_db_instance.records", {"engine": "postgres", "backup_retention_period": 35, "tags": patient}, {}),
	resource("aws_db_instance.reporting", {"engine": "postgres", "backup_retention_period": 7}, {}),
	resource("aws_db_instance.records_replica", {"engine": "postgres", "replicate_source_db": "records-db", "backup_retention_period": 0, "tags": patient}, {}),
	resource("aws_rds_cluster.analytics", {"engine": "aurora-postgresql", "backup_retention_period": 14}, {}),
	resource("azurerm_mssql_database.records", {"name": "records", "short_term_retention_policy": [{"retention_days": 35}], "tags": patient}, {}),
	resource("azurerm_mssql_database.reporting", {"name": "reporting", "short_term_retention_policy": []}, {}),
	cloud_sql("google_sql_database_instance.records", [{"enabled": true, "backup_retention_settings": [{"retained_backups": 35, "retention_unit": "COUNT"}]}], patient),
	cloud_sql("google_sql_database_instance.reporting", [{"enabled": true}], {}),
]

test_databases_with_enough_backups_pass if {
	input_doc := evidence([plan(compliant_resources)])
	count(database_backups.deny) == 0 with input as input_doc with data.dspt.params as params
	count(database_backups.warn) == 0 with input as input_doc with data.dspt.params as params
}

test_patient_database_below_the_patient_minimum_is_denied if {
	input_doc := evidence([plan([resource("aws_db_instance.main", {"engine": "mysql", "backup_retention_period": 7, "tags": patient}, {})])])
	deny := database_backups.deny with input as input_doc with data.dspt.params as params
	deny == {{
		"msg": "aws_db_instance.main keeps 7 days of automated backups (backup_retention_period is 7), less than the 35 days required for patient data",
		"resource": "aws_db_instance.main",
		"file": "plan.json",
		"source": "terraform",
	}}
}

test_database_below_the_minimum_is_denied if {
	input_doc := evidence([plan([
		resource("aws_rds_cluster.analytics", {"engine": "aurora-postgresql", "backup_retention_period": 3}, {}),
		resource("aws_db_instance.off", {"engine": "postgres", "backup_retention_period": 0}, {}),
	])])
	deny := database_backups.deny with input as input_doc with data.dspt.params as params
	deny == {
		{
			"msg": "aws_rds_cluster.analytics keeps 3 days of automated backups (backup_retention_period is 3), less than the required 7 days",
			"resource": "aws_rds_cluster.analytics",
			"file": "plan.json",
			"source": "terraform",
		},
		{
			"msg": "aws_db_instance.off keeps 0 days of automated backups (backup_retention_period is 0), less than the required 7 days",
			"resource": "aws_db_instance.off",
			"file": "plan.json",
			"source": "terraform",
		},
	}
}

test_unset_rds_retention_is_one_day if {
	input_doc := evidence([plan([resource("aws_db_instance.main", {"engine": "postgres", "backup_retention_period": null}, {})])])
	deny := database_backups.deny with input as input_doc with data.dspt.params as params
	deny == {{
		"msg": "aws_db_instance.main keeps 1 day of automated backups (backup_retention_period is not set, so the platform default applies), less than the required 7 days",
		"resource": "aws_db_instance.main",
		"file": "plan.json",
		"source": "terraform",
	}}
}

test_azure_default_retention_is_short_for_patient_data if {
	input_doc := evidence([plan([resource("azurerm_mssql_database.records", {"name": "records", "tags": patient}, {})])])
	deny := database_backups.deny with input as input_doc with data.dspt.params as params
	some finding in deny
	finding.resource == "azurerm_mssql_database.records"
	contains(finding.msg, "keeps 7 days of automated backups (short_term_retention_policy.retention_days is not set, so the platform default applies)")
}

test_cloud_sql_without_backups_is_denied if {
	input_doc := evidence([plan([
		cloud_sql("google_sql_database_instance.records", [{"enabled": false}], patient),
		cloud_sql("google_sql_database_instance.unset", [], {}),
	])])
	deny := database_backups.deny with input as input_doc with data.dspt.params as params
	deny == {
		{
			"msg": "google_sql_database_instance.records takes no automated backups (settings.backup_configuration.enabled is not true)",
			"resource": "google_sql_database_instance.records",
			"file": "plan.json",
			"source": "terraform",
		},
		{
			"msg": "google_sql_database_instance.unset takes no automated backups (settings.backup_configuration.enabled is not true)",
			"resource": "google_sql_database_instance.unset",
			"file": "plan.json",
			"source": "terraform",
		},
	}
}

test_cloud_sql_patient_data_needs_35_retained_backups if {
	input_doc := evidence([plan([cloud_sql("google_sql_database_instance.records", [{"enabled": true}], patient)])])
	deny := database_backups.deny with input as input_doc with data.dspt.params as params
	{finding.resource | some finding in deny} == {"google_sql_database_instance.records"}
}

test_unknown_retention_warns if {
	input_doc := evidence([plan([
		resource("aws_db_instance.main", {"engine": "postgres", "tags": patient}, {"backup_retention_period": true}),
		resource("google_sql_database_instance.records", {"name": "records", "settings": [{}]}, {"settings": [{"backup_configuration": true}]}),
	])])
	count(database_backups.deny) == 0 with input as input_doc with data.dspt.params as params
	warn := database_backups.warn with input as input_doc with data.dspt.params as params
	warn == {
		{
			"msg": "how long aws_db_instance.main keeps automated backups is known only after apply (backup_retention_period is unknown in the plan)",
			"resource": "aws_db_instance.main",
			"file": "plan.json",
			"source": "terraform",
		},
		{
			"msg": "whether google_sql_database_instance.records takes automated backups is known only after apply (settings.backup_configuration.enabled is unknown in the plan)",
			"resource": "google_sql_database_instance.records",
			"file": "plan.json",
			"source": "terraform",
		},
	}
}

test_backup_parameters_are_honoured if {
	override := {"terraform": object.union(params.terraform, {"backup_retention_days": 14, "patient_backup_retention_days": 30})}
	input_doc := evidence([plan([
		resource("aws_db_instance.records", {"backup_retention_period": 30, "tags": patient}, {}),
		resource("aws_db_instance.reporting", {"backup_retention_period": 7}, {}),
	])])
	deny := database_backups.deny with input as input_doc with data.dspt.params as override
	{finding.resource | some finding in deny} == {"aws_db_instance.reporting"}
}

test_a_patient_minimum_below_the_general_one_does_not_lower_it if {
	override := {"terraform": object.union(params.terraform, {"backup_retention_days": 14, "patient_backup_retention_days": 5})}
	input_doc := evidence([plan([resource("aws_db_instance.records", {"backup_retention_period": 7, "tags": patient}, {})])])
	deny := database_backups.deny with input as input_doc with data.dspt.params as override
	{finding.resource | some finding in deny} == {"aws_db_instance.records"}
}
