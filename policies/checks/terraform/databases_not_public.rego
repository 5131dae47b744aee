# METADATA
# title: Databases are not reachable from the internet
# description: >-
#   RDS instances, Aurora cluster instances and Redshift clusters are not publicly accessible;
#   Cloud SQL instances with a public IP do not authorise 0.0.0.0/0; Azure database firewall rules
#   do not open the whole IPv4 range; and Azure PostgreSQL, MySQL and SQL servers tagged as holding
#   patient data have public network access disabled (other servers with it enabled warn, since
#   their firewall rules still restrict who connects).
# custom:
#   id: TF-PUB-003
#   severity: critical
#   sources: [terraform]
package dspt.checks.terraform.databases_not_public

import rego.v1

plans := input.terraform.plans

internet_sources := {lower(source) | some source in data.dspt.params.terraform.internet_sources}

truthy(value) if value == true

truthy(value) if value == "true"

array_of(value) := value if is_array(value)

array_of(value) := [] if not is_array(value)

field(object, key) := object.get(object, key, null) if is_object(object)

field(object, _) := null if not is_object(object)

# AWS: publicly_accessible defaults to false ----------------------------------------------------

publicly_accessible_types := {"aws_db_instance", "aws_rds_cluster_instance", "aws_redshift_cluster"}

outcomes contains [index, address, "deny", msg] if {
	some index, plan in plans
	some type in publicly_accessible_types
	some address in plan.by_type[type]
	truthy(plan.resources[address].values.publicly_accessible)
	msg := sprintf("%s is reachable from the internet: publicly_accessible is true", [address])
}

outcomes contains [index, address, "warn", msg] if {
	some index, plan in plans
	some type in publicly_accessible_types
	some address in plan.by_type[type]
	plan.resources[address].unknown.publicly_accessible == true
	msg := sprintf("whether %s is reachable from the internet is known only after apply (publicly_accessible is unknown)", [address])
}

# Google Cloud SQL ------------------------------------------------------------------------------

# [plan index, address, ip_configuration, unknown ip_configuration] of each Cloud SQL instance.
sql_ip_configurations contains [index, address, ip_configuration, unknown] if {
	some index, plan in plans
	some address in plan.by_type.google_sql_database_instance
	resource := plan.resources[address]
	some s, settings in array_of(resource.values.settings)
	some i, ip_configuration in array_of(field(settings, "ip_configuration"))
	is_object(ip_configuration)
	unknown := object.get(resource.unknown, ["settings", s, "ip_configuration", i], {})
}

# ipv4_enabled defaults to true.
public_ip(ip_configuration) if truthy(object.get(ip_configuration, "ipv4_enabled", true))

public_ip(ip_configuration) if ip_configuration.ipv4_enabled == null

outcomes contains [index, address, "deny", msg] if {
	some [index, address, ip_configuration, unknown] in sql_ip_configurations
	not field(unknown, "ipv4_enabled") == true
	public_ip(ip_configuration)
	some network in array_of(field(ip_configuration, "authorized_networks"))
	is_string(field(network, "value"))
	lower(network.value) in internet_sources
	msg := sprintf(
		"%s is reachable from the internet: it has a public IP and authorised network %v allows %s",
		[address, object.get(network, "name", ""), network.value],
	)
}

outcomes contains [index, address, "warn", msg] if {
	some [index, address, ip_configuration, unknown] in sql_ip_configurations
	public_ip(ip_configuration)
	unknown_networks(unknown)
	msg := sprintf("whether %s is reachable from the internet is known only after apply (its authorised networks are unknown)", [address])
}

outcomes contains [index, address, "warn", msg] if {
	some [index, address, ip_configuration, unknown] in sql_ip_configurations
	field(unknown, "ipv4_enabled") == true
	some network in array_of(field(ip_configuration, "authorized_networks"))
	is_string(field(network, "value"))
	lower(network.value) in internet_sources
	msg := sprintf("whether %s is reachable from the internet is known only after apply (ipv4_enabled is unknown and %s is authorised)", [address, network.value])
}

unknown_networks(unknown) if field(unknown, "authorized_networks") == true

unknown_networks(unknown) if {
	some network in array_of(field(unknown, "authorized_networks"))
	field(network, "value") == true
}

# Azure firewall rules ------------------------------------------------------------------------

firewall_rule_types := {
	"azurerm_postgresql_flexible_server_firewall_rule",
	"azurerm_mysql_flexible_server_firewall_rule",
	"azurerm_mssql_firewall_rule",
}

outcomes contains [index, address, "deny", msg] if {
	some index, plan in plans
	some type in firewall_rule_types
	some address in plan.by_type[type]
	values := plan.resources[address].values
	values.start_ip_address == "0.0.0.0"
	values.end_ip_address == "255.255.255.255"
	msg := sprintf("%s opens the database server to every IPv4 address (0.0.0.0 to 255.255.255.255)", [address])
}

# 0.0.0.0 to 0.0.0.0 is Azure's "allow Azure services": any Azure tenant's resources, not only the organisation's.
outcomes contains [index, address, "warn", msg] if {
	some index, plan in plans
	some type in firewall_rule_types
	some address in plan.by_type[type]
	values := plan.resources[address].values
	values.start_ip_address == "0.0.0.0"
	values.end_ip_address == "0.0.0.0"
	msg := sprintf("%s lets every Azure service connect, including other customers' resources (0.0.0.0 to 0.0.0.0)", [address])
}

# Azure servers: public network access, for patient data ----------------------------------------

azure_server_types := {"azurerm_postgresql_flexible_server", "azurerm_mysql_flexible_server", "azurerm_mssql_server"}

azure_servers contains [index, address] if {
	some index, plan in plans
	some type in azure_server_types
	some address in plan.by_type[type]
}

# Injected into a delegated subnet (VNet integration), a flexible server has no public endpoint.
vnet_integrated(resource) if is_string(field(resource.values, "delegated_subnet_id"))

vnet_integrated(resource) if resource.unknown.delegated_subnet_id == true

# Public access is on: the azurerm 4.x flag, the MySQL "Enabled" string, or neither set (the
# default is enabled) on a server outside a delegated subnet.
public_access(resource) if truthy(resource.values.public_network_access_enabled)

public_access(resource) if resource.values.public_network_access == "Enabled"

public_access(resource) if {
	not vnet_integrated(resource)
	not access_unknown(resource)
	field(resource.values, "public_network_access_enabled") == null
	field(resource.values, "public_network_access") == null
}

access_unknown(resource) if {
	not access_disabled(resource)
	resource.unknown.public_network_access_enabled == true
}

access_unknown(resource) if {
	not access_disabled(resource)
	resource.unknown.public_network_access == true
}

access_disabled(resource) if resource.values.public_network_access_enabled == false

access_disabled(resource) if resource.values.public_network_access == "Disabled"

patient_tag_values := {key: {lower(value) | some value in values} |
	some key, values in data.dspt.params.terraform.patient_data_tags
}

patient_resources contains [index, address] if {
	some [index, address] in azure_servers
	tags := plans[index].resources[address].values.tags
	is_object(tags)
	some key, accepted in patient_tag_values
	is_string(tags[key])
	lower(tags[key]) in accepted
}

outcomes contains [index, address, "deny", msg] if {
	some [index, address] in patient_resources
	public_access(plans[index].resources[address])
	msg := sprintf("%s is tagged as holding patient data and has public network access enabled", [address])
}

outcomes contains [index, address, "warn", msg] if {
	some [index, address] in azure_servers
	not [index, address] in patient_resources
	public_access(plans[index].resources[address])
	msg := sprintf("%s has public network access enabled; only its firewall rules restrict who can connect", [address])
}

outcomes contains [index, address, "warn", msg] if {
	some [index, address] in azure_servers
	resource := plans[index].resources[address]
	not public_access(resource)
	not vnet_integrated(resource)
	access_unknown(resource)
	msg := sprintf("whether %s has public network access is known only after apply", [address])
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
