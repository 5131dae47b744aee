package dspt.checks.terraform.databases_not_public_test

import rego.v1

import data.dspt.checks.terraform.databases_not_public
import data.dspt.testing.terraform as tf

params := {"terraform": {
	"internet_sources": ["0.0.0.0/0", "::/0", "*", "Internet", "Any"],
	"patient_data_tags": {"data_classification": ["patient", "personal"]},
	"gcp_public_members": ["allUsers", "allAuthenticatedUsers"],
}}

# The plan of resources, read from plans/platform.json (the file the findings name).
plan(resources) := tf.plan_in("plans/platform.json", resources)

# The evidence document of that one plan.
evidence(resources) := tf.evidence([plan(resources)])

deny_of(resources) := result if {
	result := databases_not_public.deny with input as evidence(resources) with data.dspt.params as params
}

warn_of(resources) := result if {
	result := databases_not_public.warn with input as evidence(resources) with data.dspt.params as params
}

denied(resources) := {finding.resource | some finding in deny_of(resources)}

warned(resources) := {finding.resource | some finding in warn_of(resources)}

sql(address, ip_configuration, unknown) := tf.resource(
	address,
	{"name": "records", "settings": [{"tier": "db-custom-2-7680", "ip_configuration": [ip_configuration]}]},
	unknown,
)

compliant_resources := [
	tf.resource("aws_db_instance.main", {"publicly_accessible": false}, {}),
	tf.resource("aws_rds_cluster_instance.reader", {}, {}),
	tf.resource("aws_redshift_cluster.warehouse", {"publicly_accessible": false}, {}),
	sql("google_sql_database_instance.private", {"ipv4_enabled": false, "private_network": "projects/p/global/networks/core", "authorized_networks": []}, {}),
	sql("google_sql_database_instance.office", {"ipv4_enabled": true, "authorized_networks": [{"name": "office", "value": "203.0.113.0/24"}]}, {}),
	tf.resource("azurerm_postgresql_flexible_server.records", {"tags": tf.patient, "public_network_access_enabled": false}, {}),
	tf.resource("azurerm_postgresql_flexible_server.vnet", {"tags": tf.patient, "delegated_subnet_id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/db"}, {"public_network_access_enabled": true}),
	tf.resource("azurerm_mysql_flexible_server.records", {"tags": tf.patient, "public_network_access": "Disabled"}, {"public_network_access_enabled": true}),
	tf.resource("azurerm_mssql_server.sql", {"tags": tf.patient, "public_network_access_enabled": false}, {}),
	tf.resource("azurerm_postgresql_flexible_server_firewall_rule.office", {"start_ip_address": "203.0.113.1", "end_ip_address": "203.0.113.254"}, {}),
]

test_private_databases_pass if {
	count(deny_of(compliant_resources)) == 0
	count(warn_of(compliant_resources)) == 0
}

test_publicly_accessible_rds_is_denied if {
	deny_of([tf.resource("aws_db_instance.main", {"publicly_accessible": true}, {})]) == {{
		"msg": "aws_db_instance.main is reachable from the internet: publicly_accessible is true",
		"resource": "aws_db_instance.main",
		"file": "plans/platform.json",
		"source": "terraform",
	}}
	denied([tf.resource("aws_rds_cluster_instance.reader", {"publicly_accessible": true}, {})]) == {"aws_rds_cluster_instance.reader"}
}

test_unknown_publicly_accessible_warns if {
	resources := [tf.resource("aws_db_instance.main", {}, {"publicly_accessible": true})]
	count(deny_of(resources)) == 0
	warned(resources) == {"aws_db_instance.main"}
}

test_cloud_sql_open_to_the_world_is_denied if {
	instance := sql("google_sql_database_instance.records", {"ipv4_enabled": true, "authorized_networks": [{"name": "anywhere", "value": "0.0.0.0/0", "expiration_time": ""}]}, {})
	deny_of([instance]) == {{
		"msg": "google_sql_database_instance.records is reachable from the internet: it has a public IP and authorised network anywhere allows 0.0.0.0/0",
		"resource": "google_sql_database_instance.records",
		"file": "plans/platform.json",
		"source": "terraform",
	}}
}

test_cloud_sql_without_public_ip_passes_even_with_open_network if {
	instance := sql("google_sql_database_instance.records", {"ipv4_enabled": false, "authorized_networks": [{"value": "0.0.0.0/0"}]}, {})
	count(deny_of([instance])) == 0
}

test_cloud_sql_unknown_values_warn if {
	resources := [
		sql("google_sql_database_instance.a", {"ipv4_enabled": true, "authorized_networks": [{"name": "x"}]}, {"settings": [{"ip_configuration": [{"authorized_networks": [{"value": true}]}]}]}),
		sql("google_sql_database_instance.b", {"authorized_networks": [{"value": "0.0.0.0/0"}]}, {"settings": [{"ip_configuration": [{"ipv4_enabled": true}]}]}),
	]
	count(deny_of(resources)) == 0
	warned(resources) == {"google_sql_database_instance.a", "google_sql_database_instance.b"}
}

test_azure_firewall_rules_opening_everything if {
	resources := [
		tf.resource("azurerm_mssql_firewall_rule.all", {"start_ip_address": "0.0.0.0", "end_ip_address": "255.255.255.255"}, {}),
		tf.resource("azurerm_postgresql_flexible_server_firewall_rule.azure", {"start_ip_address": "0.0.0.0", "end_ip_address": "0.0.0.0"}, {}),
	]
	denied(resources) == {"azurerm_mssql_firewall_rule.all"}
	warned(resources) == {"azurerm_postgresql_flexible_server_firewall_rule.azure"}
}

test_public_patient_servers_are_denied_and_others_warn if {
	resources := [
		tf.resource("azurerm_postgresql_flexible_server.records", {"tags": tf.patient, "public_network_access_enabled": true}, {}),
		tf.resource("azurerm_mssql_server.defaulted", {"tags": {"data_classification": "Personal"}}, {}),
		tf.resource("azurerm_mysql_flexible_server.enabled", {"tags": tf.patient, "public_network_access": "Enabled"}, {}),
		tf.resource("azurerm_postgresql_flexible_server.reporting", {"tags": {"data_classification": "internal"}, "public_network_access_enabled": true}, {}),
	]
	denied(resources) == {"azurerm_postgresql_flexible_server.records", "azurerm_mssql_server.defaulted", "azurerm_mysql_flexible_server.enabled"}
	warned(resources) == {"azurerm_postgresql_flexible_server.reporting"}
	some finding in deny_of(resources)
	finding.msg == "azurerm_postgresql_flexible_server.records is tagged as holding patient data and has public network access enabled"
}

test_azure_server_with_unknown_access_warns if {
	server := tf.resource("azurerm_mysql_flexible_server.records", {"tags": tf.patient}, {"public_network_access_enabled": true})
	count(deny_of([server])) == 0
	warned([server]) == {"azurerm_mysql_flexible_server.records"}
}

test_patient_data_tags_parameter_is_honoured if {
	override := {"terraform": {"internet_sources": params.terraform.internet_sources, "patient_data_tags": {"sensitivity": ["high"]}}}
	resources := [
		tf.resource("azurerm_mssql_server.a", {"tags": tf.patient, "public_network_access_enabled": true}, {}),
		tf.resource("azurerm_mssql_server.b", {"tags": {"sensitivity": "high"}, "public_network_access_enabled": true}, {}),
	]
	deny := databases_not_public.deny with input as evidence(resources) with data.dspt.params as override
	{finding.resource | some finding in deny} == {"azurerm_mssql_server.b"}
}

test_internet_sources_parameter_is_honoured if {
	override := {"terraform": object.union(params.terraform, {"internet_sources": ["0.0.0.0/1"]})}
	instance := sql("google_sql_database_instance.records", {"ipv4_enabled": true, "authorized_networks": [{"value": "0.0.0.0/1"}]}, {})
	count(deny_of([instance])) == 0
	deny := databases_not_public.deny with input as evidence([instance]) with data.dspt.params as override
	count(deny) == 1
}

judged_of(resources) := result if {
	result := databases_not_public.judged with input as evidence(resources) with data.dspt.params as params
}

test_judged_counts_every_database_rule_and_grant if {
	judged_of(compliant_resources) == {[0, r.address] | some r in compliant_resources}
}

test_new_aws_types_publicly_accessible_are_denied if {
	resources := [
		tf.resource("aws_rds_cluster.multi_az", {"publicly_accessible": true}, {}),
		tf.resource("aws_redshiftserverless_workgroup.analytics", {"publicly_accessible": true}, {}),
		tf.resource("aws_redshiftserverless_workgroup.private", {"publicly_accessible": false}, {}),
	]
	denied(resources) == {"aws_rds_cluster.multi_az", "aws_redshiftserverless_workgroup.analytics"}
}

test_unknown_publicly_accessible_unset_in_configuration_passes if {
	unset := object.union(tf.resource("aws_db_instance.main", {}, {"publicly_accessible": true}), {"config": {"engine": {"constant": "postgres"}}})
	set := object.union(tf.resource("aws_db_instance.other", {}, {"publicly_accessible": true}), {"config": {"publicly_accessible": {"references": ["var.public"], "resources": [], "data": []}}})
	warned([unset, set]) == {"aws_db_instance.other"}
	count(deny_of([unset, set])) == 0
}

test_cosmos_account_open_to_everyone_is_denied if {
	resources := [
		tf.resource("azurerm_cosmosdb_account.open", {"name": "open"}, {}),
		tf.resource("azurerm_cosmosdb_account.filtered", {"name": "filtered", "ip_range_filter": ["203.0.113.0/24"]}, {}),
		tf.resource("azurerm_cosmosdb_account.private", {"name": "private", "public_network_access_enabled": false}, {}),
		tf.resource("azurerm_cosmosdb_account.records", {"name": "records", "tags": tf.patient, "is_virtual_network_filter_enabled": true}, {}),
	]
	denied(resources) == {"azurerm_cosmosdb_account.open", "azurerm_cosmosdb_account.records"}
	warned(resources) == {"azurerm_cosmosdb_account.open", "azurerm_cosmosdb_account.filtered"}
	some finding in deny_of(resources)
	finding.msg == "azurerm_cosmosdb_account.open accepts connections from every IP address: public network access is enabled with no ip_range_filter and no virtual network filter"
}

test_firewall_rule_with_unknown_range_warns if {
	rule := tf.resource("azurerm_mssql_firewall_rule.office", {"start_ip_address": "0.0.0.0"}, {"end_ip_address": true})
	warned([rule]) == {"azurerm_mssql_firewall_rule.office"}
	count(deny_of([rule])) == 0
}

test_mysql_firewall_rule_opening_everything_is_denied if {
	rule := tf.resource("azurerm_mysql_flexible_server_firewall_rule.all", {"start_ip_address": "0.0.0.0", "end_ip_address": "255.255.255.255"}, {})
	denied([rule]) == {"azurerm_mysql_flexible_server_firewall_rule.all"}
}

test_bigquery_dataset_open_to_everyone_is_denied if {
	resources := [
		tf.resource("google_bigquery_dataset.open", {"dataset_id": "open", "access": [{"role": "READER", "special_group": "allAuthenticatedUsers"}, {"role": "OWNER", "user_by_email": "owner@example.org"}]}, {}),
		tf.resource("google_bigquery_dataset.private", {"dataset_id": "private", "access": [{"role": "OWNER", "special_group": "projectOwners"}]}, {}),
		tf.resource("google_bigquery_dataset.unknown", {"dataset_id": "unknown"}, {"access": true}),
	]
	denied(resources) == {"google_bigquery_dataset.open"}
	warned(resources) == {"google_bigquery_dataset.unknown"}
	some finding in deny_of(resources)
	finding.msg == "google_bigquery_dataset.open is open to the public: an access block grants READER to allAuthenticatedUsers"
}

test_bigquery_iam_grants_to_everyone_are_denied if {
	resources := [
		tf.resource("google_bigquery_dataset_iam_member.public", {"dataset_id": "d", "role": "roles/bigquery.dataViewer", "member": "allUsers"}, {}),
		tf.resource("google_bigquery_dataset_iam_binding.public", {"dataset_id": "d", "role": "roles/bigquery.dataViewer", "members": ["user:a@example.org", "allAuthenticatedUsers"]}, {}),
		tf.resource("google_bigquery_table_iam_member.public", {"table_id": "t", "role": "roles/bigquery.dataViewer", "member": "allUsers"}, {}),
		tf.resource("google_bigquery_table_iam_binding.staff", {"table_id": "t", "role": "roles/bigquery.dataViewer", "members": ["group:staff@example.org"]}, {}),
		tf.resource("google_bigquery_dataset_iam_member.later", {"dataset_id": "d", "role": "roles/bigquery.dataViewer"}, {"member": true}),
	]
	denied(resources) == {"google_bigquery_dataset_iam_member.public", "google_bigquery_dataset_iam_binding.public", "google_bigquery_table_iam_member.public"}
	warned(resources) == {"google_bigquery_dataset_iam_member.later"}
	count(judged_of(resources)) == 5
}

# Every resource type the check declares in its METADATA, one resource each, with its outcome.
declared_type_cases := [
	["aws_db_instance", {"publicly_accessible": true}, {}, "deny"],
	["aws_rds_cluster", {"publicly_accessible": false}, {}, "pass"],
	["aws_rds_cluster_instance", {}, {}, "pass"],
	["aws_redshift_cluster", {"publicly_accessible": true}, {}, "deny"],
	["aws_redshiftserverless_workgroup", {}, {"publicly_accessible": true}, "warn"],
	["azurerm_cosmosdb_account", {"public_network_access_enabled": false}, {}, "pass"],
	["azurerm_mssql_firewall_rule", {"start_ip_address": "0.0.0.0", "end_ip_address": "255.255.255.255"}, {}, "deny"],
	["azurerm_mssql_server", {"public_network_access_enabled": false}, {}, "pass"],
	["azurerm_mysql_flexible_server", {"public_network_access_enabled": true}, {}, "warn"],
	["azurerm_mysql_flexible_server_firewall_rule", {"start_ip_address": "10.0.0.1", "end_ip_address": "10.0.0.2"}, {}, "pass"],
	["azurerm_postgresql_flexible_server", {"tags": {"data_classification": "patient"}, "public_network_access_enabled": true}, {}, "deny"],
	["azurerm_postgresql_flexible_server_firewall_rule", {"start_ip_address": "0.0.0.0", "end_ip_address": "0.0.0.0"}, {}, "warn"],
	["google_bigquery_dataset", {"dataset_id": "d", "access": [{"role": "READER", "special_group": "allUsers"}]}, {}, "deny"],
	["google_bigquery_dataset_iam_binding", {"role": "roles/bigquery.dataViewer", "members": ["user:a@example.org"]}, {}, "pass"],
	["google_bigquery_dataset_iam_member", {"role": "roles/bigquery.dataViewer", "member": "allUsers"}, {}, "deny"],
	["google_bigquery_table_iam_binding", {"role": "roles/bigquery.dataViewer", "members": ["allAuthenticatedUsers"]}, {}, "deny"],
	["google_bigquery_table_iam_member", {"role": "roles/bigquery.dataViewer", "member": "user:a@example.org"}, {}, "pass"],
	["google_sql_database_instance", {"name": "g", "settings": [{"ip_configuration": [{"ipv4_enabled": true, "authorized_networks": [{"name": "any", "value": "0.0.0.0/0"}]}]}]}, {}, "deny"]
]

test_every_declared_type_is_judged_with_its_outcome if {
	resources := tf.declared_resources(declared_type_cases)
	input_doc := evidence(resources)
	deny := databases_not_public.deny with input as input_doc with data.dspt.params as params
	warn := databases_not_public.warn with input as input_doc with data.dspt.params as params
	judged := databases_not_public.judged with input as input_doc with data.dspt.params as params
	tf.judged_as_declared(declared_type_cases, 3, deny, warn, judged)
}

test_cosmos_ip_filter_as_a_string_counts if {
	resources := [
		tf.resource("azurerm_cosmosdb_account.v3", {"name": "v3", "ip_range_filter": "203.0.113.0/24,198.51.100.7"}, {}),
		tf.resource("azurerm_cosmosdb_account.empty", {"name": "empty", "ip_range_filter": ""}, {}),
		tf.resource("azurerm_cosmosdb_account.later", {"name": "later"}, {"ip_range_filter": true}),
	]
	denied(resources) == {"azurerm_cosmosdb_account.empty"}
}
