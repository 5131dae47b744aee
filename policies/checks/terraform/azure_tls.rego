# METADATA
# title: Azure storage, databases, caches and web apps accept only TLS 1.2 or above
# description: >-
#   Azure storage accounts take HTTPS only with a minimum of TLS 1.2, SQL servers and Redis caches
#   require TLS 1.2 or above, web and function apps are HTTPS-only with a minimum of TLS 1.2, and
#   PostgreSQL and MySQL flexible server parameters do not turn secure transport off or allow an
#   older TLS version. Cosmos DB accounts and SQL managed instances require TLS 1.2 or above.
#   Unset values pass where the azurerm provider's default is safe (storage TLS1_2 and
#   HTTPS-only, SQL and SQL managed instance 1.2, Redis 1.2, Cosmos DB Tls12, app minimum TLS
#   1.2), as do values known only after apply that the configuration does not set; web apps are
#   HTTP-reachable unless https_only is true.
# custom:
#   id: TF-TLS-002
#   severity: high
#   sources: [terraform]
#   family: tls
#   judges: Azure TLS endpoints (storage accounts, SQL servers and managed instances, Redis caches, Cosmos DB accounts, web and function apps, PostgreSQL/MySQL flexible server TLS parameters)
#   resource_types: [azurerm_app_service, azurerm_cosmosdb_account, azurerm_function_app, azurerm_linux_function_app, azurerm_linux_web_app, azurerm_mssql_managed_instance, azurerm_mssql_server, azurerm_mysql_flexible_server_configuration, azurerm_postgresql_flexible_server_configuration, azurerm_redis_cache, azurerm_storage_account, azurerm_windows_function_app, azurerm_windows_web_app]
package dspt.checks.terraform.azure_tls

import rego.v1

plans := input.terraform.plans

# "TLS1_2", "TLS_1_2", "TLSv1.2" and "1.2" all read as "1.2"; Cosmos DB's "Tls12", "Tls11" and
# "Tls" (TLS 1.0) read as "1.2", "1.1" and "1.0".
tls_number(value) := cosmos_tls_numbers[lower(value)] if {
	is_string(value)
	cosmos_tls_numbers[lower(value)]
} else := trim_left(strings.replace_n({"_": "."}, trim_prefix(trim_prefix(lower(value), "tlsv"), "tls")), ".") if {
	is_string(value)
}

cosmos_tls_numbers := {"tls": "1.0", "tls10": "1.0", "tls11": "1.1", "tls12": "1.2", "tls13": "1.3"}

allowed_versions := {tls_number(version) | some version in data.dspt.params.terraform.min_tls_versions}

allowed_text := concat(", ", data.dspt.params.terraform.min_tls_versions)

truthy(value) if value == true

truthy(value) if value == "true"

falsy(value) if value == false

falsy(value) if value == "false"

array_of(value) := value if is_array(value)

array_of(value) := [] if not is_array(value)

# A TLS version attribute set to a version below the minimum.
weak_version(values, attribute) := version if {
	version := values[attribute]
	is_string(version)
	not tls_number(version) in allowed_versions
}

web_app_types := {
	"azurerm_linux_web_app", "azurerm_windows_web_app", "azurerm_app_service",
	"azurerm_linux_function_app", "azurerm_windows_function_app", "azurerm_function_app",
}

# Minimum TLS version attributes at the top level of a resource (unset means a safe default).
# Defaults (azurerm docs): storage "TLS1_2", SQL server "1.2", SQL managed instance "1.2", Redis
# "1.2", Cosmos DB "Tls12".
top_level_tls_attributes := {
	"azurerm_storage_account": "min_tls_version",
	"azurerm_mssql_server": "minimum_tls_version",
	"azurerm_mssql_managed_instance": "minimum_tls_version",
	"azurerm_redis_cache": "minimum_tls_version",
	"azurerm_cosmosdb_account": "minimal_tls_version",
}

# Attributes (azurerm 4.x name first) that must not be false; unset means true.
https_only_attributes := {
	"azurerm_storage_account": ["https_traffic_only_enabled", "enable_https_traffic_only"],
}

# Attributes that open a plaintext port when true; unset means false.
plaintext_port_attributes := {"azurerm_redis_cache": ["non_ssl_port_enabled", "enable_non_ssl_port"]}

# Minimum TLS attributes inside an app's site_config (azurerm_app_service used min_tls_version).
site_tls_attributes := ["minimum_tls_version", "scm_minimum_tls_version", "min_tls_version"]

outcomes contains [index, address, "deny", msg] if {
	some index, plan in plans
	some type, attribute in top_level_tls_attributes
	some address in plan.by_type[type]
	version := weak_version(plan.resources[address].values, attribute)
	msg := sprintf("%s has %s %s; allowed: %s", [address, attribute, version, allowed_text])
}

outcomes contains [index, address, "warn", msg] if {
	some index, plan in plans
	some type, attribute in top_level_tls_attributes
	some address in plan.by_type[type]
	data.dspt.lib.terraform.unknown_cfg(plan.resources[address], [attribute])
	msg := sprintf("the %s of %s is known only after apply", [attribute, address])
}

outcomes contains [index, address, "deny", msg] if {
	some index, plan in plans
	some type, attributes in https_only_attributes
	some address in plan.by_type[type]
	some attribute in attributes
	falsy(plan.resources[address].values[attribute])
	msg := sprintf("%s accepts plain HTTP: %s is false", [address, attribute])
}

outcomes contains [index, address, "warn", msg] if {
	some index, plan in plans
	some type, attributes in https_only_attributes
	some address in plan.by_type[type]
	some attribute in attributes
	data.dspt.lib.terraform.unknown_cfg(plan.resources[address], [attribute])
	msg := sprintf("whether %s accepts plain HTTP is known only after apply (%s is unknown)", [address, attribute])
}

outcomes contains [index, address, "deny", msg] if {
	some index, plan in plans
	some type, attributes in plaintext_port_attributes
	some address in plan.by_type[type]
	some attribute in attributes
	truthy(plan.resources[address].values[attribute])
	msg := sprintf("%s opens its non-TLS port: %s is true", [address, attribute])
}

# Web and function apps -------------------------------------------------------------------

web_apps contains [index, address] if {
	some index, plan in plans
	some type in web_app_types
	some address in plan.by_type[type]
}

outcomes contains [index, address, "deny", msg] if {
	some [index, address] in web_apps
	resource := plans[index].resources[address]
	not resource.unknown.https_only == true
	not truthy(object.get(resource.values, "https_only", null))
	msg := sprintf("%s accepts plain HTTP: https_only is %v (the provider default is false)", [address, object.get(resource.values, "https_only", "not set")])
}

outcomes contains [index, address, "warn", msg] if {
	some [index, address] in web_apps
	plans[index].resources[address].unknown.https_only == true
	msg := sprintf("whether %s accepts plain HTTP is known only after apply (https_only is unknown)", [address])
}

outcomes contains [index, address, "deny", msg] if {
	some [index, address] in web_apps
	some site_config in array_of(plans[index].resources[address].values.site_config)
	some attribute in site_tls_attributes
	version := weak_version(site_config, attribute)
	msg := sprintf("%s has site_config %s %s; allowed: %s", [address, attribute, version, allowed_text])
}

outcomes contains [index, address, "warn", msg] if {
	some [index, address] in web_apps
	some site_config in array_of(plans[index].resources[address].unknown.site_config)
	some attribute in site_tls_attributes
	site_config[attribute] == true
	msg := sprintf("the site_config %s of %s is known only after apply", [attribute, address])
}

# PostgreSQL and MySQL flexible server parameters ------------------------------------------

# Server parameter names (lower case) that turn secure transport on, per configuration type.
secure_transport_parameters := {
	"azurerm_postgresql_flexible_server_configuration": "require_secure_transport",
	"azurerm_mysql_flexible_server_configuration": "require_secure_transport",
}

# Server parameter names that set the accepted TLS versions (MySQL: a comma-separated list).
tls_version_parameters := {
	"azurerm_postgresql_flexible_server_configuration": "ssl_min_protocol_version",
	"azurerm_mysql_flexible_server_configuration": "tls_version",
}

server_parameter(resource) := lower(resource.values.name) if is_string(resource.values.name)

outcomes contains [index, address, "deny", msg] if {
	some index, plan in plans
	some type, parameter in secure_transport_parameters
	some address in plan.by_type[type]
	resource := plan.resources[address]
	server_parameter(resource) == parameter
	is_string(resource.values.value)
	lower(resource.values.value) in {"off", "false", "0"}
	msg := sprintf("%s turns %s off, so the server accepts unencrypted connections", [address, parameter])
}

outcomes contains [index, address, "deny", msg] if {
	some index, plan in plans
	some type, parameter in tls_version_parameters
	some address in plan.by_type[type]
	resource := plan.resources[address]
	server_parameter(resource) == parameter
	is_string(resource.values.value)
	weak := [version |
		some part in split(resource.values.value, ",")
		version := trim_space(part)
		version != ""
		not tls_number(version) in allowed_versions
	]
	count(weak) > 0
	msg := sprintf("%s sets %s to %s, which allows %s; allowed: %s", [address, parameter, resource.values.value, concat(", ", weak), allowed_text])
}

outcomes contains [index, address, "warn", msg] if {
	some index, plan in plans
	some type in object.keys(secure_transport_parameters) | object.keys(tls_version_parameters)
	some address in plan.by_type[type]
	resource := plan.resources[address]
	server_parameter(resource) in {secure_transport_parameters[type], tls_version_parameters[type]}
	resource.unknown.value == true
	msg := sprintf("the value of server parameter %s set by %s is known only after apply", [resource.values.name, address])
}

# Judged ------------------------------------------------------------------------------------

judged_types := (object.keys(top_level_tls_attributes) | object.keys(https_only_attributes)) | (object.keys(plaintext_port_attributes) | web_app_types)

# [plan index, address] of every endpoint and TLS server parameter judged.
judged contains [index, address] if {
	some index, plan in plans
	some type in judged_types
	some address in plan.by_type[type]
}

judged contains [index, address] if {
	some index, plan in plans
	some type in object.keys(secure_transport_parameters) | object.keys(tls_version_parameters)
	some address in plan.by_type[type]
	resource := plan.resources[address]
	server_parameter(resource) in {secure_transport_parameters[type], tls_version_parameters[type]}
}

# Findings --------------------------------------------------------------------------------

deny contains finding if {
	some [index, address, "deny", msg] in outcomes
	finding := {"msg": msg, "resource": address, "file": plans[index].file, "source": "terraform"}
}

warn contains finding if {
	some [index, address, "warn", msg] in outcomes
	finding := {"msg": msg, "resource": address, "file": plans[index].file, "source": "terraform"}
}
