package dspt.checks.terraform.database_backups_test

import rego.v1

import data.dspt.checks.terraform.database_backups
import data.dspt.testing.terraform as tf

params := {"terraform": {
	"allowed_regions": ["eu-west-2", "uksouth", "ukwest", "europe-west2"],
	"patient_data_tags": {"data_classification": ["patient", "personal"]},
	"backup_retention_days": 7,
	"patient_backup_retention_days": 35,
}}

cloud_sql(address, backup_configuration, labels) := tf.resource(
	address,
	{"name": "records", "database_version": "POSTGRES_16", "settings": [{"tier": "db-custom-2-7680", "user_labels": labels, "backup_configuration": backup_configuration}]},
	{},
)

compliant_resources := [
	tf.resource("aws_db_instance.records", {"engine": "postgres", "backup_retention_period": 35, "tags": tf.patient}, {}),
	tf.resource("aws_db_instance.reporting", {"engine": "postgres", "backup_retention_period": 7}, {}),
	tf.resource("aws_db_instance.records_replica", {"engine": "postgres", "replicate_source_db": "records-db", "backup_retention_period": 0, "tags": tf.patient}, {}),
	tf.resource("aws_rds_cluster.analytics", {"engine": "aurora-postgresql", "backup_retention_period": 14}, {}),
	tf.resource("azurerm_mssql_database.records", {"name": "records", "short_term_retention_policy": [{"retention_days": 35}], "tags": tf.patient}, {}),
	tf.resource("azurerm_mssql_database.reporting", {"name": "reporting", "short_term_retention_policy": []}, {}),
	cloud_sql("google_sql_database_instance.records", [{"enabled": true, "backup_retention_settings": [{"retained_backups": 35, "retention_unit": "COUNT"}]}], tf.patient),
	cloud_sql("google_sql_database_instance.reporting", [{"enabled": true}], {}),
]

test_databases_with_enough_backups_pass if {
	input_doc := tf.evidence_of(compliant_resources)
	count(database_backups.deny) == 0 with input as input_doc with data.dspt.params as params
	count(database_backups.warn) == 0 with input as input_doc with data.dspt.params as params
}

test_patient_database_below_the_patient_minimum_is_denied if {
	input_doc := tf.evidence_of([tf.resource("aws_db_instance.main", {"engine": "mysql", "backup_retention_period": 7, "tags": tf.patient}, {})])
	deny := database_backups.deny with input as input_doc with data.dspt.params as params
	deny == {{
		"msg": "aws_db_instance.main keeps 7 days of automated backups (backup_retention_period is 7), less than the 35 days required for patient data",
		"resource": "aws_db_instance.main",
		"file": "plan.json",
		"source": "terraform",
	}}
}

test_database_below_the_minimum_is_denied if {
	input_doc := tf.evidence_of([
		tf.resource("aws_rds_cluster.analytics", {"engine": "aurora-postgresql", "backup_retention_period": 3}, {}),
		tf.resource("aws_db_instance.off", {"engine": "postgres", "backup_retention_period": 0}, {}),
	])
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
	input_doc := tf.evidence_of([tf.resource("aws_db_instance.main", {"engine": "postgres", "backup_retention_period": null}, {})])
	deny := database_backups.deny with input as input_doc with data.dspt.params as params
	deny == {{
		"msg": "aws_db_instance.main keeps 1 day of automated backups (backup_retention_period is not set, so the platform default applies), less than the required 7 days",
		"resource": "aws_db_instance.main",
		"file": "plan.json",
		"source": "terraform",
	}}
}

test_azure_default_retention_is_short_for_patient_data if {
	input_doc := tf.evidence_of([tf.resource("azurerm_mssql_database.records", {"name": "records", "tags": tf.patient}, {})])
	deny := database_backups.deny with input as input_doc with data.dspt.params as params
	some finding in deny
	finding.resource == "azurerm_mssql_database.records"
	contains(finding.msg, "keeps 7 days of automated backups (short_term_retention_policy.retention_days is not set, so the platform default applies)")
}

test_cloud_sql_without_backups_is_denied if {
	input_doc := tf.evidence_of([
		cloud_sql("google_sql_database_instance.records", [{"enabled": false}], tf.patient),
		cloud_sql("google_sql_database_instance.unset", [], {}),
	])
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
	input_doc := tf.evidence_of([cloud_sql("google_sql_database_instance.records", [{"enabled": true}], tf.patient)])
	deny := database_backups.deny with input as input_doc with data.dspt.params as params
	{finding.resource | some finding in deny} == {"google_sql_database_instance.records"}
}

test_unknown_retention_warns if {
	input_doc := tf.evidence_of([
		tf.resource("aws_db_instance.main", {"engine": "postgres", "tags": tf.patient}, {"backup_retention_period": true}),
		tf.resource("google_sql_database_instance.records", {"name": "records", "settings": [{}]}, {"settings": [{"backup_configuration": true}]}),
	])
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
	input_doc := tf.evidence_of([
		tf.resource("aws_db_instance.records", {"backup_retention_period": 30, "tags": tf.patient}, {}),
		tf.resource("aws_db_instance.reporting", {"backup_retention_period": 7}, {}),
	])
	deny := database_backups.deny with input as input_doc with data.dspt.params as override
	{finding.resource | some finding in deny} == {"aws_db_instance.reporting"}
}

test_a_patient_minimum_below_the_general_one_does_not_lower_it if {
	override := {"terraform": object.union(params.terraform, {"backup_retention_days": 14, "patient_backup_retention_days": 5})}
	input_doc := tf.evidence_of([tf.resource("aws_db_instance.records", {"backup_retention_period": 7, "tags": tf.patient}, {})])
	deny := database_backups.deny with input as input_doc with data.dspt.params as override
	{finding.resource | some finding in deny} == {"aws_db_instance.records"}
}

test_judged_counts_every_database_including_cloud_sql_without_backups if {
	input_doc := tf.evidence_of([
		tf.resource("aws_db_instance.reporting", {"backup_retention_period": 7}, {}),
		cloud_sql("google_sql_database_instance.off", [{"enabled": false}], {}),
		tf.resource("aws_db_instance.replica", {"replicate_source_db": "main"}, {}),
	])
	judged := database_backups.judged with input as input_doc with data.dspt.params as params
	judged == {[0, "aws_db_instance.reporting"], [0, "google_sql_database_instance.off"]}
}

test_flexible_servers_default_to_seven_days if {
	input_doc := tf.evidence_of([
		tf.resource("azurerm_postgresql_flexible_server.reporting", {"name": "reporting"}, {}),
		tf.resource("azurerm_mysql_flexible_server.records", {"name": "records", "tags": tf.patient}, {}),
		tf.resource("azurerm_mysql_flexible_server.replica", {"name": "replica", "create_mode": "Replica", "tags": tf.patient}, {}),
	])
	deny := database_backups.deny with input as input_doc with data.dspt.params as params
	deny == {{
		"msg": "azurerm_mysql_flexible_server.records keeps 7 days of automated backups (backup_retention_days is not set, so the platform default applies), less than the 35 days required for patient data",
		"resource": "azurerm_mysql_flexible_server.records",
		"file": "plan.json",
		"source": "terraform",
	}}
	judged := database_backups.judged with input as input_doc with data.dspt.params as params
	judged == {[0, "azurerm_postgresql_flexible_server.reporting"], [0, "azurerm_mysql_flexible_server.records"]}
}

test_flexible_server_with_short_retention_is_denied if {
	input_doc := tf.evidence_of([tf.resource("azurerm_postgresql_flexible_server.main", {"name": "main", "backup_retention_days": 5}, {})])
	deny := database_backups.deny with input as input_doc with data.dspt.params as params
	some finding in deny
	finding.resource == "azurerm_postgresql_flexible_server.main"
	contains(finding.msg, "keeps 5 days of automated backups (backup_retention_days is 5)")
}

test_unknown_retention_unset_in_configuration_takes_the_default if {
	unset := tf.configured(tf.resource("azurerm_postgresql_flexible_server.main", {"name": "main", "tags": tf.patient}, {"backup_retention_days": true}), {"name": {"constant": "main"}})
	referenced := tf.configured(tf.resource("azurerm_postgresql_flexible_server.other", {"name": "other"}, {"backup_retention_days": true}), {"backup_retention_days": {"references": ["var.days"], "resources": [], "data": []}})
	input_doc := tf.evidence_of([unset, referenced])
	deny := database_backups.deny with input as input_doc with data.dspt.params as params
	{f.resource | some f in deny} == {"azurerm_postgresql_flexible_server.main"}
	warn := database_backups.warn with input as input_doc with data.dspt.params as params
	some w in warn
	w.resource == "azurerm_postgresql_flexible_server.other"
	contains(w.msg, "known only after apply (backup_retention_days is unknown in the plan)")
}

test_cosmos_default_periodic_backups_keep_eight_hours if {
	input_doc := tf.evidence_of([tf.resource("azurerm_cosmosdb_account.main", {"name": "main", "backup": [{"type": "Periodic"}]}, {})])
	deny := database_backups.deny with input as input_doc with data.dspt.params as params
	deny == {{
		"msg": "azurerm_cosmosdb_account.main keeps 8 hours of automated backups (backup.retention_in_hours is not set, so the platform default applies), less than the required 7 days",
		"resource": "azurerm_cosmosdb_account.main",
		"file": "plan.json",
		"source": "terraform",
	}}
}

test_cosmos_periodic_backups_of_a_week_pass if {
	input_doc := tf.evidence_of([tf.resource("azurerm_cosmosdb_account.main", {"name": "main", "backup": [{"type": "Periodic", "retention_in_hours": 168}]}, {})])
	count(database_backups.deny) == 0 with input as input_doc with data.dspt.params as params
	database_backups.judged == {[0, "azurerm_cosmosdb_account.main"]} with input as input_doc with data.dspt.params as params
}

test_cosmos_continuous_backups_meet_the_patient_requirement_up_to_their_maximum if {
	input_doc := tf.evidence_of([
		tf.resource("azurerm_cosmosdb_account.records", {"name": "records", "tags": tf.patient, "backup": [{"type": "Continuous"}]}, {}),
		tf.resource("azurerm_cosmosdb_account.short", {"name": "short", "tags": tf.patient, "backup": [{"type": "Continuous", "tier": "Continuous7Days"}]}, {}),
	])
	deny := database_backups.deny with input as input_doc with data.dspt.params as params
	deny == {{
		"msg": "azurerm_cosmosdb_account.short keeps 7 days of automated backups (backup.tier is Continuous7Days), less than the 30 days required for patient data",
		"resource": "azurerm_cosmosdb_account.short",
		"file": "plan.json",
		"source": "terraform",
	}}
}

test_cosmos_backup_known_only_after_apply_warns if {
	r := tf.configured(tf.resource("azurerm_cosmosdb_account.main", {"name": "main"}, {"backup": true}), {"backup": [{"type": {"references": ["var.backup_type"], "resources": [], "data": []}}]})
	input_doc := tf.evidence_of([r])
	count(database_backups.deny) == 0 with input as input_doc with data.dspt.params as params
	warn := database_backups.warn with input as input_doc with data.dspt.params as params
	some w in warn
	w.resource == "azurerm_cosmosdb_account.main"
	contains(w.msg, "known only after apply")
}

# Every resource type the check declares in its METADATA, one resource each, with its outcome.
declared_type_cases := [
	["aws_db_instance", {"backup_retention_period": 7}, {}, "pass"],
	["aws_rds_cluster", {"backup_retention_period": 3}, {}, "deny"],
	["aws_docdb_cluster", {"backup_retention_period": 7}, {}, "pass"],
	["aws_neptune_cluster", {}, {}, "deny"],
	["aws_redshift_cluster", {"automated_snapshot_retention_period": 35, "tags": {"data_classification": "patient"}}, {}, "pass"],
	["azurerm_cosmosdb_account", {"name": "c", "backup": [{"type": "Periodic", "retention_in_hours": 168}]}, {}, "pass"],
	["azurerm_mssql_database", {"name": "d", "short_term_retention_policy": [{"retention_days": 7}]}, {}, "pass"],
	["azurerm_mysql_flexible_server", {"name": "m", "backup_retention_days": 1}, {}, "deny"],
	["azurerm_postgresql_flexible_server", {"name": "p"}, {"backup_retention_days": true}, "warn"],
	["google_sql_database_instance", {"name": "g", "settings": [{"backup_configuration": [{"enabled": false}]}]}, {}, "deny"]
]

test_every_declared_type_is_judged_with_its_outcome if {
	resources := tf.declared_resources(declared_type_cases)
	input_doc := tf.evidence_of(resources)
	deny := database_backups.deny with input as input_doc with data.dspt.params as params
	warn := database_backups.warn with input as input_doc with data.dspt.params as params
	judged := database_backups.judged with input as input_doc with data.dspt.params as params
	tf.judged_as_declared(declared_type_cases, 3, deny, warn, judged)
}

test_redshift_snapshot_retention_default_is_one_day if {
	input_doc := tf.evidence_of([tf.resource("aws_redshift_cluster.warehouse", {"cluster_identifier": "warehouse"}, {})])
	deny := database_backups.deny with input as input_doc with data.dspt.params as params
	deny == {{
		"msg": "aws_redshift_cluster.warehouse keeps 1 day of automated backups (automated_snapshot_retention_period is not set, so the platform default applies), less than the required 7 days",
		"resource": "aws_redshift_cluster.warehouse",
		"file": "plan.json",
		"source": "terraform",
	}}
}

test_patient_flexible_server_without_geo_redundant_backups_warns if {
	input_doc := tf.evidence_of([
		tf.resource("azurerm_postgresql_flexible_server.records", {"name": "records", "backup_retention_days": 35, "tags": tf.patient}, {}),
		tf.resource("azurerm_mysql_flexible_server.consent", {"name": "consent", "backup_retention_days": 35, "geo_redundant_backup_enabled": true, "tags": tf.patient}, {}),
		tf.resource("azurerm_mysql_flexible_server.later", {"name": "later", "backup_retention_days": 35, "tags": tf.patient}, {"geo_redundant_backup_enabled": true}),
		tf.resource("azurerm_postgresql_flexible_server.reporting", {"name": "reporting", "backup_retention_days": 7}, {}),
	])
	count(database_backups.deny) == 0 with input as input_doc with data.dspt.params as params
	warn := database_backups.warn with input as input_doc with data.dspt.params as params
	{f.resource | some f in warn} == {"azurerm_postgresql_flexible_server.records", "azurerm_mysql_flexible_server.later"}
	some finding in warn
	finding.msg == "azurerm_postgresql_flexible_server.records holds patient data but keeps its backups in one region only (geo_redundant_backup_enabled is not true)"
}
