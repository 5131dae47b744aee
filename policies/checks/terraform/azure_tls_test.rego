package dspt.checks.terraform.azure_tls_test

import rego.v1

import data.dspt.checks.terraform.azure_tls

params := {"terraform": {"min_tls_versions": ["1.2", "1.3"]}}

resource(address, values, unknown) := {
	"address": address,
	"module": "",
	"type": split(address, ".")[0],
	"name": split(address, ".")[1],
	"mode": "managed",
	"provider": "registry.terraform.io/hashicorp/azurerm",
	"actions": ["create"],
	"values": values,
	"unknown": unknown,
	"region": "uksouth",
	"region_source": "attribute",
}

plan(resources) := {
	"file": "plans/platform.json",
	"format_version": "1.2",
	"terraform_version": "1.9.5",
	"resources": {r.address: r | some r in resources},
	"by_type": {type: sort([r.address | some r in resources; r.type == type]) | some item in resources; type := item.type},
	"leaving": [],
	"providers": {"azurerm": {"name": "registry.terraform.io/hashicorp/azurerm", "region": null}},
}

evidence(resources) := {
	"assessment": {"as_of": "2026-06-30", "framework": "dspt-supplier", "organisation": {"name": "Acme Health Ltd", "type": "it-supplier"}},
	"terraform": {"plans": [plan(resources)]},
}

deny_of(resources) := result if {
	result := azure_tls.deny with input as evidence(resources) with data.dspt.params as params
}

warn_of(resources) := result if {
	result := azure_tls.warn with input as evidence(resources) with data.dspt.params as params
}

denied(resources) := {finding.resource | some finding in deny_of(resources)}

warned(resources) := {finding.resource | some finding in warn_of(resources)}

web_app(address, https_only, site_config) := resource(
	address,
	{"name": "records-portal", "location": "uksouth", "https_only": https_only, "site_config": [site_config]},
	{"id": true, "site_config": [{"detailed_error_logging_enabled": true}]},
)

compliant_resources := [
	resource("azurerm_storage_account.records", {"location": "uksouth", "min_tls_version": "TLS1_2", "https_traffic_only_enabled": true}, {"id": true}),
	resource("azurerm_storage_account.v3", {"location": "uksouth", "min_tls_version": "TLS1_2", "enable_https_traffic_only": true}, {}),
	resource("azurerm_storage_account.defaults", {"location": "uksouth"}, {}),
	resource("azurerm_mssql_server.sql", {"minimum_tls_version": "1.2"}, {}),
	resource("azurerm_redis_cache.cache", {"minimum_tls_version": "1.2", "non_ssl_port_enabled": false}, {}),
	web_app("azurerm_linux_web_app.portal", true, {"minimum_tls_version": "1.2", "scm_minimum_tls_version": "1.2"}),
	web_app("azurerm_windows_function_app.jobs", true, {"minimum_tls_version": "1.3"}),
	web_app("azurerm_app_service.legacy", true, {"min_tls_version": "1.2"}),
	resource("azurerm_postgresql_flexible_server_configuration.secure", {"name": "require_secure_transport", "value": "on"}, {"server_id": true}),
	resource("azurerm_postgresql_flexible_server_configuration.tls", {"name": "ssl_min_protocol_version", "value": "TLSv1.2"}, {"server_id": true}),
	resource("azurerm_mysql_flexible_server_configuration.tls", {"name": "tls_version", "value": "TLSv1.2,TLSv1.3"}, {"server_id": true}),
	resource("azurerm_mysql_flexible_server_configuration.timezone", {"name": "time_zone", "value": "+00:00"}, {"server_id": true}),
]

test_tls12_estate_passes if {
	count(deny_of(compliant_resources)) == 0
	count(warn_of(compliant_resources)) == 0
}

test_storage_account_with_old_tls_is_denied if {
	account := resource("azurerm_storage_account.records", {"min_tls_version": "TLS1_0", "https_traffic_only_enabled": true}, {})
	deny_of([account]) == {{
		"msg": "azurerm_storage_account.records has min_tls_version TLS1_0; allowed: 1.2, 1.3",
		"resource": "azurerm_storage_account.records",
		"file": "plans/platform.json",
		"source": "terraform",
	}}
}

test_storage_account_allowing_http_is_denied_under_either_name if {
	resources := [
		resource("azurerm_storage_account.v4", {"min_tls_version": "TLS1_2", "https_traffic_only_enabled": false}, {}),
		resource("azurerm_storage_account.v3", {"min_tls_version": "TLS1_2", "enable_https_traffic_only": false}, {}),
	]
	denied(resources) == {"azurerm_storage_account.v4", "azurerm_storage_account.v3"}
}

test_storage_account_unknown_values_warn if {
	account := resource("azurerm_storage_account.records", {}, {"min_tls_version": true, "https_traffic_only_enabled": true})
	count(deny_of([account])) == 0
	count(warn_of([account])) == 2
}

test_sql_server_and_redis_weak_settings_are_denied if {
	resources := [
		resource("azurerm_mssql_server.sql", {"minimum_tls_version": "Disabled"}, {}),
		resource("azurerm_redis_cache.cache", {"minimum_tls_version": "1.2", "enable_non_ssl_port": true}, {}),
		resource("azurerm_redis_cache.old", {"minimum_tls_version": "1.0"}, {}),
	]
	denied(resources) == {"azurerm_mssql_server.sql", "azurerm_redis_cache.cache", "azurerm_redis_cache.old"}
}

test_web_app_without_https_only_is_denied if {
	app := resource("azurerm_linux_web_app.portal", {"site_config": [{"minimum_tls_version": "1.2"}]}, {})
	deny_of([app]) == {{
		"msg": "azurerm_linux_web_app.portal accepts plain HTTP: https_only is not set (the provider default is false)",
		"resource": "azurerm_linux_web_app.portal",
		"file": "plans/platform.json",
		"source": "terraform",
	}}
	denied([web_app("azurerm_windows_web_app.portal", false, {})]) == {"azurerm_windows_web_app.portal"}
}

test_web_app_with_old_minimum_tls_is_denied if {
	app := web_app("azurerm_linux_web_app.portal", true, {"minimum_tls_version": "1.2", "scm_minimum_tls_version": "1.0"})
	some finding in deny_of([app])
	finding.msg == "azurerm_linux_web_app.portal has site_config scm_minimum_tls_version 1.0; allowed: 1.2, 1.3"
}

test_web_app_unknown_https_only_warns if {
	app := resource("azurerm_linux_web_app.portal", {"site_config": []}, {"https_only": true})
	count(deny_of([app])) == 0
	warned([app]) == {"azurerm_linux_web_app.portal"}
}

test_flexible_server_parameters_that_weaken_tls_are_denied if {
	resources := [
		resource("azurerm_postgresql_flexible_server_configuration.off", {"name": "require_secure_transport", "value": "off"}, {}),
		resource("azurerm_mysql_flexible_server_configuration.off", {"name": "require_secure_transport", "value": "OFF"}, {}),
		resource("azurerm_postgresql_flexible_server_configuration.tls", {"name": "ssl_min_protocol_version", "value": "TLSv1.1"}, {}),
		resource("azurerm_mysql_flexible_server_configuration.tls", {"name": "tls_version", "value": "TLSv1.1, TLSv1.2"}, {}),
	]
	denied(resources) == {
		"azurerm_postgresql_flexible_server_configuration.off",
		"azurerm_mysql_flexible_server_configuration.off",
		"azurerm_postgresql_flexible_server_configuration.tls",
		"azurerm_mysql_flexible_server_configuration.tls",
	}
	some finding in deny_of(resources)
	finding.msg == "azurerm_mysql_flexible_server_configuration.tls sets tls_version to TLSv1.1, TLSv1.2, which allows TLSv1.1; allowed: 1.2, 1.3"
}

test_flexible_server_parameter_unknown_value_warns if {
	configuration := resource("azurerm_postgresql_flexible_server_configuration.secure", {"name": "require_secure_transport"}, {"value": true})
	count(deny_of([configuration])) == 0
	warned([configuration]) == {"azurerm_postgresql_flexible_server_configuration.secure"}
}

test_min_tls_versions_parameter_is_honoured if {
	override := {"terraform": {"min_tls_versions": ["1.3"]}}
	account := resource("azurerm_storage_account.records", {"min_tls_version": "TLS1_2"}, {})
	deny := azure_tls.deny with input as evidence([account]) with data.dspt.params as override
	{finding.resource | some finding in deny} == {"azurerm_storage_account.records"}
}
