package dspt.checks.terraform.azure_tls_test

import rego.v1

import data.dspt.checks.terraform.azure_tls
import data.dspt.testing.terraform as tf

params := {"terraform": {"min_tls_versions": ["1.2", "1.3"]}}

# The plan of resources, read from plans/platform.json (the file the findings name), with
# these provider configurations.
plan(resources) := tf.plan_with_providers("plans/platform.json", resources, {"azurerm": {"name": tf.azurerm, "region": null}})

# The evidence document of that one plan.
evidence(resources) := tf.evidence([plan(resources)])

deny_of(resources) := result if {
	result := azure_tls.deny with input as evidence(resources) with data.dspt.params as params
}

warn_of(resources) := result if {
	result := azure_tls.warn with input as evidence(resources) with data.dspt.params as params
}

denied(resources) := {finding.resource | some finding in deny_of(resources)}

warned(resources) := {finding.resource | some finding in warn_of(resources)}

web_app(address, https_only, site_config) := tf.azure_resource(
	address,
	{"name": "records-portal", "location": "uksouth", "https_only": https_only, "site_config": [site_config]},
	{"id": true, "site_config": [{"detailed_error_logging_enabled": true}]},
)

compliant_resources := [
	tf.azure_resource("azurerm_storage_account.records", {"location": "uksouth", "min_tls_version": "TLS1_2", "https_traffic_only_enabled": true}, {"id": true}),
	tf.azure_resource("azurerm_storage_account.v3", {"location": "uksouth", "min_tls_version": "TLS1_2", "enable_https_traffic_only": true}, {}),
	tf.azure_resource("azurerm_storage_account.defaults", {"location": "uksouth"}, {}),
	tf.azure_resource("azurerm_mssql_server.sql", {"minimum_tls_version": "1.2"}, {}),
	tf.azure_resource("azurerm_redis_cache.cache", {"minimum_tls_version": "1.2", "non_ssl_port_enabled": false}, {}),
	web_app("azurerm_linux_web_app.portal", true, {"minimum_tls_version": "1.2", "scm_minimum_tls_version": "1.2"}),
	web_app("azurerm_windows_function_app.jobs", true, {"minimum_tls_version": "1.3"}),
	web_app("azurerm_app_service.legacy", true, {"min_tls_version": "1.2"}),
	tf.azure_resource("azurerm_postgresql_flexible_server_configuration.secure", {"name": "require_secure_transport", "value": "on"}, {"server_id": true}),
	tf.azure_resource("azurerm_postgresql_flexible_server_configuration.tls", {"name": "ssl_min_protocol_version", "value": "TLSv1.2"}, {"server_id": true}),
	tf.azure_resource("azurerm_mysql_flexible_server_configuration.tls", {"name": "tls_version", "value": "TLSv1.2,TLSv1.3"}, {"server_id": true}),
	tf.azure_resource("azurerm_mysql_flexible_server_configuration.timezone", {"name": "time_zone", "value": "+00:00"}, {"server_id": true}),
]

test_tls12_estate_passes if {
	count(deny_of(compliant_resources)) == 0
	count(warn_of(compliant_resources)) == 0
}

test_storage_account_with_old_tls_is_denied if {
	account := tf.azure_resource("azurerm_storage_account.records", {"min_tls_version": "TLS1_0", "https_traffic_only_enabled": true}, {})
	deny_of([account]) == {{
		"msg": "azurerm_storage_account.records has min_tls_version TLS1_0; allowed: 1.2, 1.3",
		"resource": "azurerm_storage_account.records",
		"file": "plans/platform.json",
		"source": "terraform",
	}}
}

test_storage_account_allowing_http_is_denied_under_either_name if {
	resources := [
		tf.azure_resource("azurerm_storage_account.v4", {"min_tls_version": "TLS1_2", "https_traffic_only_enabled": false}, {}),
		tf.azure_resource("azurerm_storage_account.v3", {"min_tls_version": "TLS1_2", "enable_https_traffic_only": false}, {}),
	]
	denied(resources) == {"azurerm_storage_account.v4", "azurerm_storage_account.v3"}
}

test_storage_account_unknown_values_warn if {
	account := tf.azure_resource("azurerm_storage_account.records", {}, {"min_tls_version": true, "https_traffic_only_enabled": true})
	count(deny_of([account])) == 0
	count(warn_of([account])) == 2
}

test_sql_server_and_redis_weak_settings_are_denied if {
	resources := [
		tf.azure_resource("azurerm_mssql_server.sql", {"minimum_tls_version": "Disabled"}, {}),
		tf.azure_resource("azurerm_redis_cache.cache", {"minimum_tls_version": "1.2", "enable_non_ssl_port": true}, {}),
		tf.azure_resource("azurerm_redis_cache.old", {"minimum_tls_version": "1.0"}, {}),
	]
	denied(resources) == {"azurerm_mssql_server.sql", "azurerm_redis_cache.cache", "azurerm_redis_cache.old"}
}

test_web_app_without_https_only_is_denied if {
	app := tf.azure_resource("azurerm_linux_web_app.portal", {"site_config": [{"minimum_tls_version": "1.2"}]}, {})
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
	app := tf.azure_resource("azurerm_linux_web_app.portal", {"site_config": []}, {"https_only": true})
	count(deny_of([app])) == 0
	warned([app]) == {"azurerm_linux_web_app.portal"}
}

test_flexible_server_parameters_that_weaken_tls_are_denied if {
	resources := [
		tf.azure_resource("azurerm_postgresql_flexible_server_configuration.off", {"name": "require_secure_transport", "value": "off"}, {}),
		tf.azure_resource("azurerm_mysql_flexible_server_configuration.off", {"name": "require_secure_transport", "value": "OFF"}, {}),
		tf.azure_resource("azurerm_postgresql_flexible_server_configuration.tls", {"name": "ssl_min_protocol_version", "value": "TLSv1.1"}, {}),
		tf.azure_resource("azurerm_mysql_flexible_server_configuration.tls", {"name": "tls_version", "value": "TLSv1.1, TLSv1.2"}, {}),
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
	configuration := tf.azure_resource("azurerm_postgresql_flexible_server_configuration.secure", {"name": "require_secure_transport"}, {"value": true})
	count(deny_of([configuration])) == 0
	warned([configuration]) == {"azurerm_postgresql_flexible_server_configuration.secure"}
}

test_min_tls_versions_parameter_is_honoured if {
	override := {"terraform": {"min_tls_versions": ["1.3"]}}
	account := tf.azure_resource("azurerm_storage_account.records", {"min_tls_version": "TLS1_2"}, {})
	deny := azure_tls.deny with input as evidence([account]) with data.dspt.params as override
	{finding.resource | some finding in deny} == {"azurerm_storage_account.records"}
}

judged_of(resources) := result if {
	result := azure_tls.judged with input as evidence(resources) with data.dspt.params as params
}

test_judged_counts_endpoints_and_tls_parameters_only if {
	judged_of(compliant_resources) == {[0, r.address] | some r in compliant_resources; r.address != "azurerm_mysql_flexible_server_configuration.timezone"}
}

test_cosmos_account_with_old_tls_is_denied if {
	resources := [
		tf.azure_resource("azurerm_cosmosdb_account.old", {"name": "old", "minimal_tls_version": "Tls11"}, {}),
		tf.azure_resource("azurerm_cosmosdb_account.tls10", {"name": "tls10", "minimal_tls_version": "Tls"}, {}),
		tf.azure_resource("azurerm_cosmosdb_account.good", {"name": "good", "minimal_tls_version": "Tls12"}, {}),
		tf.azure_resource("azurerm_cosmosdb_account.default", {"name": "default"}, {}),
	]
	denied(resources) == {"azurerm_cosmosdb_account.old", "azurerm_cosmosdb_account.tls10"}
	some finding in deny_of(resources)
	finding.msg == "azurerm_cosmosdb_account.old has minimal_tls_version Tls11; allowed: 1.2, 1.3"
	count(judged_of(resources)) == 4
}

test_sql_managed_instance_with_old_tls_is_denied if {
	resources := [
		tf.azure_resource("azurerm_mssql_managed_instance.old", {"name": "old", "minimum_tls_version": "1.0"}, {}),
		tf.azure_resource("azurerm_mssql_managed_instance.good", {"name": "good", "minimum_tls_version": "1.2"}, {}),
	]
	denied(resources) == {"azurerm_mssql_managed_instance.old"}
}

test_unknown_tls_version_unset_in_configuration_is_the_safe_default if {
	unset := object.union(tf.azure_resource("azurerm_storage_account.records", {"name": "records"}, {"min_tls_version": true}), {"config": {"name": {"constant": "records"}}})
	set := object.union(tf.azure_resource("azurerm_redis_cache.cache", {"name": "cache"}, {"minimum_tls_version": true}), {"config": {"minimum_tls_version": {"references": ["var.tls"], "resources": [], "data": []}}})
	warned([unset, set]) == {"azurerm_redis_cache.cache"}
	count(deny_of([unset, set])) == 0
}

test_function_and_web_app_types_are_judged if {
	resources := [
		web_app("azurerm_windows_web_app.site", false, {"minimum_tls_version": "1.2"}),
		web_app("azurerm_linux_function_app.jobs", true, {"minimum_tls_version": "1.0"}),
		web_app("azurerm_function_app.legacy", true, {"min_tls_version": "1.2"}),
	]
	denied(resources) == {"azurerm_windows_web_app.site", "azurerm_linux_function_app.jobs"}
	count(judged_of(resources)) == 3
}

# Every resource type the check declares in its METADATA, one resource each, with its outcome.
declared_type_cases := [
	["azurerm_app_service", {"https_only": false}, {}, "deny"],
	["azurerm_cosmosdb_account", {"minimal_tls_version": "Tls12"}, {}, "pass"],
	["azurerm_function_app", {"https_only": true, "site_config": [{"min_tls_version": "1.0"}]}, {}, "deny"],
	["azurerm_linux_function_app", {"https_only": true}, {}, "pass"],
	["azurerm_linux_web_app", {"https_only": true, "site_config": [{"minimum_tls_version": "1.1"}]}, {}, "deny"],
	["azurerm_mssql_managed_instance", {"minimum_tls_version": "1.2"}, {}, "pass"],
	["azurerm_mssql_server", {"minimum_tls_version": "1.1"}, {}, "deny"],
	["azurerm_mysql_flexible_server_configuration", {"name": "require_secure_transport", "value": "OFF"}, {}, "deny"],
	["azurerm_postgresql_flexible_server_configuration", {"name": "ssl_min_protocol_version", "value": "TLSv1.3"}, {}, "pass"],
	["azurerm_redis_cache", {"non_ssl_port_enabled": true}, {}, "deny"],
	["azurerm_storage_account", {"min_tls_version": "TLS1_0"}, {}, "deny"],
	["azurerm_windows_function_app", {"https_only": true}, {}, "pass"],
	["azurerm_windows_web_app", {}, {}, "deny"]
]

test_every_declared_type_is_judged_with_its_outcome if {
	resources := [tf.azure_resource(tf.declared_address(c), c[1], c[2]) | some c in declared_type_cases]
	input_doc := evidence(resources)
	deny := azure_tls.deny with input as input_doc with data.dspt.params as params
	warn := azure_tls.warn with input as input_doc with data.dspt.params as params
	judged := azure_tls.judged with input as input_doc with data.dspt.params as params
	tf.judged_as_declared(declared_type_cases, 3, deny, warn, judged)
}

test_cosmos_tls_names_read_as_version_numbers if {
	lenient := {"terraform": {"min_tls_versions": ["1.1", "1.2", "1.3"]}}
	resources := [
		tf.azure_resource("azurerm_cosmosdb_account.old", {"name": "old", "minimal_tls_version": "Tls11"}, {}),
		tf.azure_resource("azurerm_cosmosdb_account.oldest", {"name": "oldest", "minimal_tls_version": "Tls"}, {}),
	]
	deny := azure_tls.deny with input as evidence(resources) with data.dspt.params as lenient
	{f.resource | some f in deny} == {"azurerm_cosmosdb_account.oldest"}
}
