package dspt.checks.terraform.databases_not_public_test

import rego.v1

import data.dspt.checks.terraform.databases_not_public

params := {"terraform": {
	"internet_sources": ["0.0.0.0/0", "::/0", "*", "Internet", "Any"],
	"patient_data_tags": {"data_classification": ["patient", "personal"]},
}}

resource(address, values, unknown) := {
	"address": address,
	"module": "",
	"type": split(address, ".")[0],
	"name": split(address, ".")[1],
	"mode": "managed",
	"provider": "registry.terraform.io/hashicorp/aws",
	"actions": ["create"],
	"values": values,
	"unknown": unknown,
	"region": "eu-west-2",
	"region_source": "provider",
}

plan(resources) := {
	"file": "plans/platform.json",
	"format_version": "1.2",
	"terraform_version": "1.9.5",
	"resources": {r.address: r | some r in resources},
	"by_type": {type: sort([r.address | some r in resources; r.type == type]) | some item in resources; type := item.type},
	"leaving": [],
	"providers": {"aws": {"name": "registry.terraform.io/hashicorp/aws", "region": "eu-west-2"}},
}

evidence(resources) := {
	"assessment": {"as_of": "2026-06-30", "framework": "dspt-supplier", "organisation": {"name": "Acme Health Ltd", "type": "it-supplier"}},
	"terraform": {"plans": [plan(resources)]},
}

deny_of(resources) := result if {
	result := databases_not_public.deny with input as evidence(resources) with data.dspt.params as params
}

warn_of(resources) := result if {
	result := databases_not_public.warn with input as evidence(resources) with data.dspt.params as params
}

denied(resources) := {finding.resource | some finding in deny_of(resources)}

warned(resources) := {finding.resource | some finding in warn_of(resources)}

patient := {"data_classification": "patient"}

sql(address, ip_configuration, unknown) := resource(
	address,
	{"name": "records", "settings": [{"tier": "db-custom-2-7680", "ip_configuration": [ip_configuration]}]},
	unknown,
)

compliant_resources := [
	resource("aws_db_instance.main", {"publicly_accessible": false}, {}),
	resource("aws_rds_cluster_instance.reader", {}, {}),
	resource("aws_redshift_cluster.warehouse", {"publicly_accessible": false}, {}),
	sql("google_sql_database_instance.private", {"ipv4_enabled": false, "private_network": "projects/p/global/networks/core", "authorized_networks": []}, {}),
	sql("google_sql_database_instance.office", {"ipv4_enabled": true, "authorized_networks": [{"name": "office", "value": "203.0.113.0/24"}]}, {}),
	resource("azurerm_postgresql_flexible_server.records", {"tags": patient, "public_network_access_enabled": false}, {}),
	resource("azurerm_postgresql_flexible_server.vnet", {"tags": patient, "delegated_subnet_id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/db"}, {"public_network_access_enabled": true}),
	resource("azurerm_mysql_flexible_server.records", {"tags": patient, "public_network_access": "Disabled"}, {"public_network_access_enabled": true}),
	resource("azurerm_mssql_server.sql", {"tags": patient, "public_network_access_enabled": false}, {}),
	resource("azurerm_postgresql_flexible_server_firewall_rule.office", {"start_ip_address": "203.0.113.1", "end_ip_address": "203.0.113.254"}, {}),
]

test_private_databases_pass if {
	count(deny_of(compliant_resources)) == 0
	count(warn_of(compliant_resources)) == 0
}

test_publicly_accessible_rds_is_denied if {
	deny_of([resource("aws_db_instance.main", {"publicly_accessible": true}, {})]) == {{
		"msg": "aws_db_instance.main is reachable from the internet: publicly_accessible is true",
		"resource": "aws_db_instance.main",
		"file": "plans/platform.json",
		"source": "terraform",
	}}
	denied([resource("aws_rds_cluster_instance.reader", {"publicly_accessible": true}, {})]) == {"aws_rds_cluster_instance.reader"}
}

test_unknown_publicly_accessible_warns if {
	resources := [resource("aws_db_instance.main", {}, {"publicly_accessible": true})]
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
		resource("azurerm_mssql_firewall_rule.all", {"start_ip_address": "0.0.0.0", "end_ip_address": "255.255.255.255"}, {}),
		resource("azurerm_postgresql_flexible_server_firewall_rule.azure", {"start_ip_address": "0.0.0.0", "end_ip_address": "0.0.0.0"}, {}),
	]
	denied(resources) == {"azurerm_mssql_firewall_rule.all"}
	warned(resources) == {"azurerm_postgresql_flexible_server_firewall_rule.azure"}
}

test_public_patient_servers_are_denied_and_others_warn if {
	resources := [
		resource("azurerm_postgresql_flexible_server.records", {"tags": patient, "public_network_access_enabled": true}, {}),
		resource("azurerm_mssql_server.defaulted", {"tags": {"data_classification": "Personal"}}, {}),
		resource("azurerm_mysql_flexible_server.enabled", {"tags": patient, "public_network_access": "Enabled"}, {}),
		resource("azurerm_postgresql_flexible_server.reporting", {"tags": {"data_classification": "internal"}, "public_network_access_enabled": true}, {}),
	]
	denied(resources) == {"azurerm_postgresql_flexible_server.records", "azurerm_mssql_server.defaulted", "azurerm_mysql_flexible_server.enabled"}
	warned(resources) == {"azurerm_postgresql_flexible_server.reporting"}
	some finding in deny_of(resources)
	finding.msg == "azurerm_postgresql_flexible_server.records is tagged as holding patient data and has public network access enabled"
}

test_azure_server_with_unknown_access_warns if {
	server := resource("azurerm_mysql_flexible_server.records", {"tags": patient}, {"public_network_access_enabled": true})
	count(deny_of([server])) == 0
	warned([server]) == {"azurerm_mysql_flexible_server.records"}
}

test_patient_data_tags_parameter_is_honoured if {
	override := {"terraform": {"internet_sources": params.terraform.internet_sources, "patient_data_tags": {"sensitivity": ["high"]}}}
	resources := [
		resource("azurerm_mssql_server.a", {"tags": patient, "public_network_access_enabled": true}, {}),
		resource("azurerm_mssql_server.b", {"tags": {"sensitivity": "high"}, "public_network_access_enabled": true}, {}),
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
