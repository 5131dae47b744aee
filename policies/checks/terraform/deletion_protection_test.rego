package dspt.checks.terraform.deletion_protection_test

import rego.v1

import data.dspt.checks.terraform.deletion_protection
import data.dspt.testing.terraform as tf

params := {"terraform": {
	"allowed_regions": ["eu-west-2", "uksouth", "ukwest", "europe-west2"],
	"patient_data_tags": {"data_classification": ["patient", "personal"]},
}}

compliant_resources := [
	tf.resource("aws_db_instance.records", {"engine": "postgres", "deletion_protection": true, "tags": tf.patient}, {}),
	tf.resource("aws_rds_cluster.analytics", {"engine": "aurora-postgresql", "deletion_protection": true}, {}),
	tf.resource("aws_dynamodb_table.consent", {"name": "consent", "deletion_protection_enabled": true, "tags": tf.patient}, {}),
	tf.resource("aws_dynamodb_table.cache", {"name": "cache", "deletion_protection_enabled": false}, {}),
	tf.resource("google_sql_database_instance.records", {"name": "records", "settings": [{"user_labels": tf.patient}]}, {}),
	tf.resource("google_sql_database_instance.reporting", {"name": "reporting", "deletion_protection": true}, {}),
]

test_protected_databases_pass if {
	input_doc := tf.evidence_of(compliant_resources)
	count(deletion_protection.deny) == 0 with input as input_doc with data.dspt.params as params
	count(deletion_protection.warn) == 0 with input as input_doc with data.dspt.params as params
}

test_unprotected_patient_database_is_denied if {
	input_doc := tf.evidence_of([tf.resource("aws_db_instance.main", {"engine": "mysql", "deletion_protection": false, "tags": tf.patient}, {})])
	count(deletion_protection.warn) == 0 with input as input_doc with data.dspt.params as params
	deny := deletion_protection.deny with input as input_doc with data.dspt.params as params
	deny == {{
		"msg": "aws_db_instance.main holds patient data but can be deleted: deletion_protection is false",
		"resource": "aws_db_instance.main",
		"file": "plan.json",
		"source": "terraform",
	}}
}

test_unprotected_other_database_warns if {
	input_doc := tf.evidence_of([tf.resource("aws_rds_cluster.analytics", {"engine": "aurora-postgresql"}, {})])
	count(deletion_protection.deny) == 0 with input as input_doc with data.dspt.params as params
	warn := deletion_protection.warn with input as input_doc with data.dspt.params as params
	warn == {{
		"msg": "aws_rds_cluster.analytics can be deleted: deletion_protection is not set (off by default)",
		"resource": "aws_rds_cluster.analytics",
		"file": "plan.json",
		"source": "terraform",
	}}
}

test_unprotected_patient_dynamodb_table_is_denied if {
	input_doc := tf.evidence_of([tf.resource("aws_dynamodb_table.appointments", {"name": "appointments", "tags_all": tf.patient}, {})])
	deny := deletion_protection.deny with input as input_doc with data.dspt.params as params
	deny == {{
		"msg": "aws_dynamodb_table.appointments holds patient data but can be deleted: deletion_protection_enabled is not set (off by default)",
		"resource": "aws_dynamodb_table.appointments",
		"file": "plan.json",
		"source": "terraform",
	}}
}

test_cloud_sql_with_protection_turned_off_is_denied if {
	input_doc := tf.evidence_of([tf.resource("google_sql_database_instance.reporting", {"name": "reporting", "deletion_protection": false}, {})])
	deny := deletion_protection.deny with input as input_doc with data.dspt.params as params
	deny == {{
		"msg": "google_sql_database_instance.reporting can be deleted: deletion_protection is false",
		"resource": "google_sql_database_instance.reporting",
		"file": "plan.json",
		"source": "terraform",
	}}
}

test_unknown_protection_warns if {
	input_doc := tf.evidence_of([tf.resource("aws_db_instance.main", {"engine": "postgres", "tags": tf.patient}, {"deletion_protection": true})])
	count(deletion_protection.deny) == 0 with input as input_doc with data.dspt.params as params
	warn := deletion_protection.warn with input as input_doc with data.dspt.params as params
	warn == {{
		"msg": "whether aws_db_instance.main is protected from deletion is known only after apply (deletion_protection is unknown in the plan)",
		"resource": "aws_db_instance.main",
		"file": "plan.json",
		"source": "terraform",
	}}
}

test_patient_data_tags_parameter_is_honoured if {
	override := {"terraform": {"allowed_regions": params.terraform.allowed_regions, "patient_data_tags": {"sensitivity": ["high"]}}}
	input_doc := tf.evidence_of([
		tf.resource("aws_db_instance.main", {"deletion_protection": false, "tags": tf.patient}, {}),
		tf.resource("aws_db_instance.sensitive", {"deletion_protection": false, "tags": {"sensitivity": "high"}}, {}),
	])
	deny := deletion_protection.deny with input as input_doc with data.dspt.params as override
	{finding.resource | some finding in deny} == {"aws_db_instance.sensitive"}
	warn := deletion_protection.warn with input as input_doc with data.dspt.params as override
	{finding.resource | some finding in warn} == {"aws_db_instance.main"}
}

test_new_aws_and_gcp_types_are_judged if {
	input_doc := tf.evidence_of([
		tf.resource("aws_docdb_cluster.records", {"deletion_protection": false, "tags": tf.patient}, {}),
		tf.resource("aws_neptune_cluster.graph", {}, {}),
		tf.resource("google_spanner_database.records", {"name": "records", "deletion_protection": false}, {}),
		tf.resource("google_bigtable_instance.events", {"name": "events"}, {}),
	])
	deny := deletion_protection.deny with input as input_doc with data.dspt.params as params
	{f.resource | some f in deny} == {"aws_docdb_cluster.records", "google_spanner_database.records"}
	warn := deletion_protection.warn with input as input_doc with data.dspt.params as params
	{f.resource | some f in warn} == {"aws_neptune_cluster.graph"}
	count(deletion_protection.judged) == 4 with input as input_doc with data.dspt.params as params
}

test_key_vault_without_purge_protection_warns if {
	input_doc := tf.evidence_of([
		tf.resource("azurerm_key_vault.main", {"name": "main"}, {}),
		tf.resource("azurerm_key_vault.safe", {"name": "safe", "purge_protection_enabled": true}, {}),
	])
	count(deletion_protection.deny) == 0 with input as input_doc with data.dspt.params as params
	warn := deletion_protection.warn with input as input_doc with data.dspt.params as params
	warn == {{
		"msg": "azurerm_key_vault.main can be deleted: purge_protection_enabled is not set (off by default)",
		"resource": "azurerm_key_vault.main",
		"file": "plan.json",
		"source": "terraform",
	}}
}

test_unknown_flag_unset_in_configuration_is_the_default if {
	r := tf.configured_at(tf.resource("aws_db_instance.records", {"tags": tf.patient}, {"deletion_protection": true}), "aws_db_instance.records", {"engine": {"constant": "postgres"}})
	input_doc := tf.evidence([tf.plan_with_config([r])])
	deny := deletion_protection.deny with input as input_doc with data.dspt.params as params
	{f.resource | some f in deny} == {"aws_db_instance.records"}
	count(deletion_protection.warn) == 0 with input as input_doc with data.dspt.params as params
}

test_azure_patient_server_without_lock_is_denied if {
	input_doc := tf.evidence_of([
		tf.resource("azurerm_postgresql_flexible_server.records", {"name": "records", "resource_group_name": "rg", "tags": tf.patient}, {}),
		tf.resource("azurerm_mssql_server.reporting", {"name": "reporting", "resource_group_name": "rg"}, {}),
	])
	deny := deletion_protection.deny with input as input_doc with data.dspt.params as params
	deny == {{
		"msg": "azurerm_postgresql_flexible_server.records holds patient data but can be deleted: no azurerm_management_lock with lock_level CanNotDelete or ReadOnly applies to it or its resource group",
		"resource": "azurerm_postgresql_flexible_server.records",
		"file": "plan.json",
		"source": "terraform",
	}}
	warn := deletion_protection.warn with input as input_doc with data.dspt.params as params
	{f.resource | some f in warn} == {"azurerm_mssql_server.reporting"}
}

test_lock_tied_by_reference_protects_the_server if {
	server := tf.configured_at(tf.resource("azurerm_mysql_flexible_server.records", {"name": "records", "resource_group_name": "rg", "tags": tf.patient}, {"id": true}), "azurerm_mysql_flexible_server.records", {})
	lock := tf.configured_at(tf.resource("azurerm_management_lock.records", {"name": "lock", "lock_level": "CanNotDelete"}, {"scope": true}), "azurerm_management_lock.records", {"scope": tf.ref("azurerm_mysql_flexible_server.records", "azurerm_mysql_flexible_server")})
	input_doc := tf.evidence([tf.plan_with_config([server, lock])])
	count(deletion_protection.deny) == 0 with input as input_doc with data.dspt.params as params
	count(deletion_protection.warn) == 0 with input as input_doc with data.dspt.params as params
	deletion_protection.judged == {[0, "azurerm_mysql_flexible_server.records", "an azurerm_management_lock", true, true]} with input as input_doc with data.dspt.params as params
}

test_lock_on_the_resource_group_protects_the_cosmos_account if {
	account := tf.configured_at(tf.resource("azurerm_cosmosdb_account.records", {"name": "records", "resource_group_name": "records-rg", "tags": tf.patient}, {}), "azurerm_cosmosdb_account.records", {})
	group := tf.configured_at(tf.resource("azurerm_resource_group.records", {"name": "records-rg"}, {"id": true}), "azurerm_resource_group.records", {})
	lock := tf.configured_at(tf.resource("azurerm_management_lock.group", {"name": "lock", "lock_level": "ReadOnly"}, {"scope": true}), "azurerm_management_lock.group", {"scope": tf.ref("azurerm_resource_group.records", "azurerm_resource_group")})
	input_doc := tf.evidence([tf.plan_with_config([account, group, lock])])
	count(deletion_protection.deny) == 0 with input as input_doc with data.dspt.params as params
}

test_lock_with_a_known_scope_id_protects_the_server if {
	server := tf.resource("azurerm_mssql_server.records", {"name": "records", "id": "/subscriptions/1/resourceGroups/rg/providers/Microsoft.Sql/servers/records", "tags": tf.patient}, {})
	lock := tf.resource("azurerm_management_lock.records", {"name": "lock", "lock_level": "CanNotDelete", "scope": "/subscriptions/1/resourceGroups/rg/providers/Microsoft.Sql/servers/records"}, {})
	input_doc := tf.evidence_of([server, lock])
	count(deletion_protection.deny) == 0 with input as input_doc with data.dspt.params as params
}

test_lock_of_unknown_scope_warns if {
	server := tf.resource("azurerm_mssql_server.records", {"name": "records", "resource_group_name": "rg", "tags": tf.patient}, {})
	lock := tf.resource("azurerm_management_lock.other", {"name": "lock", "lock_level": "CanNotDelete"}, {"scope": true})
	input_doc := tf.evidence_of([server, lock])
	count(deletion_protection.deny) == 0 with input as input_doc with data.dspt.params as params
	warn := deletion_protection.warn with input as input_doc with data.dspt.params as params
	some w in warn
	w.resource == "azurerm_mssql_server.records"
	contains(w.msg, "known only after apply (the scope of an azurerm_management_lock is unknown in the plan)")
}

# Every resource type the check declares in its METADATA, one resource each, with its outcome.
declared_type_cases := [
	["aws_db_instance", {"deletion_protection": true}, {}, "pass"],
	["aws_docdb_cluster", {"deletion_protection": false, "tags": {"data_classification": "patient"}}, {}, "deny"],
	["aws_dynamodb_table", {"deletion_protection_enabled": false, "tags": {"data_classification": "patient"}}, {}, "deny"],
	["aws_neptune_cluster", {}, {}, "warn"],
	["aws_rds_cluster", {"deletion_protection": true}, {}, "pass"],
	["azurerm_cosmosdb_account", {"name": "c"}, {}, "warn"],
	["azurerm_key_vault", {"name": "k", "purge_protection_enabled": true}, {}, "pass"],
	["azurerm_mssql_server", {"name": "s", "tags": {"data_classification": "patient"}}, {}, "deny"],
	["azurerm_mysql_flexible_server", {"name": "m"}, {}, "warn"],
	["azurerm_postgresql_flexible_server", {"name": "p", "tags": {"data_classification": "patient"}}, {}, "deny"],
	["google_bigtable_instance", {"name": "b", "deletion_protection": false}, {}, "deny"],
	["google_spanner_database", {"name": "s"}, {}, "pass"],
	["google_sql_database_instance", {"name": "g", "deletion_protection": false}, {}, "deny"]
]

test_every_declared_type_is_judged_with_its_outcome if {
	resources := tf.declared_resources(declared_type_cases)
	input_doc := tf.evidence_of(resources)
	deny := deletion_protection.deny with input as input_doc with data.dspt.params as params
	warn := deletion_protection.warn with input as input_doc with data.dspt.params as params
	judged := deletion_protection.judged with input as input_doc with data.dspt.params as params
	tf.judged_as_declared(declared_type_cases, 3, deny, warn, judged)
}
