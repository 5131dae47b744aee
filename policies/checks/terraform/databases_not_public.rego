# METADATA
# title: Databases are not reachable from the internet
# description: >-
#   RDS instances, Aurora cluster instances and Redshift clusters are not publicly accessible;
#   Cloud SQL instances with a public IP do not authorise 0.0.0.0/0; Azure database firewall rules
#   do not open the whole IPv4 range; Azure PostgreSQL, MySQL and SQL servers and Cosmos DB
#   accounts tagged as holding patient data have public network access disabled (others with it
#   enabled warn, since their firewall rules still restrict who connects), and a Cosmos DB account
#   with public access and neither an IP filter nor a virtual network filter fails; and no BigQuery
#   dataset or table grants access to allUsers or allAuthenticatedUsers. Redshift Serverless
#   workgroups and RDS Multi-AZ clusters are not publicly accessible either.
# custom:
#   id: TF-PUB-003
#   severity: critical
#   sources: [terraform]
#   family: public-exposure
#   judges: databases and their firewall rules (RDS, Aurora, Redshift, Azure SQL/PostgreSQL/MySQL servers and firewall rules, Cosmos DB, Cloud SQL, BigQuery datasets and tables)
#   resource_types: [aws_db_instance, aws_rds_cluster, aws_rds_cluster_instance, aws_redshift_cluster, aws_redshiftserverless_workgroup, azurerm_cosmosdb_account, azurerm_mssql_firewall_rule, azurerm_mssql_server, azurerm_mysql_flexible_server, azurerm_mysql_flexible_server_firewall_rule, azurerm_postgresql_flexible_server, azurerm_postgresql_flexible_server_firewall_rule, google_bigquery_dataset, google_bigquery_dataset_iam_binding, google_bigquery_dataset_iam_member, google_bigquery_table_iam_binding, google_bigquery_table_iam_member, google_sql_database_instance]
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

# publicly_accessible defaults to false on each (aws provider docs; aws_rds_cluster has it for
# Multi-AZ DB clusters).
publicly_accessible_types := {
	"aws_db_instance", "aws_rds_cluster", "aws_rds_cluster_instance",
	"aws_redshift_cluster", "aws_redshiftserverless_workgroup",
}

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
	data.dspt.lib.terraform.unknown_cfg(plan.resources[address], ["publicly_accessible"])
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

# public_network_access_enabled defaults to true on each (azurerm docs).
azure_server_types := {
	"azurerm_postgresql_flexible_server", "azurerm_mysql_flexible_server",
	"azurerm_mssql_server", "azurerm_cosmosdb_account",
}

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
	data.dspt.lib.terraform.unknown_cfg(resource, ["public_network_access_enabled"])
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

# Firewall rules whose range is known only after apply.
outcomes contains [index, address, "warn", msg] if {
	some index, plan in plans
	some type in firewall_rule_types
	some address in plan.by_type[type]
	some attribute in ["start_ip_address", "end_ip_address"]
	plan.resources[address].unknown[attribute] == true
	msg := sprintf("whether %s opens the database server to the internet is known only after apply (%s is unknown)", [address, attribute])
}

# Cosmos DB: public access with no IP filter and no virtual network filter admits every address.
# ip_range_filter is a set of strings in azurerm 4.x, a comma-separated string in 3.x.
ip_filter_set(resource) if {
	some value in array_of(resource.values.ip_range_filter)
	is_string(value)
	value != ""
}

ip_filter_set(resource) if {
	value := resource.values.ip_range_filter
	is_string(value)
	value != ""
}

ip_filter_set(resource) if resource.unknown.ip_range_filter == true

outcomes contains [index, address, "deny", msg] if {
	some index, plan in plans
	some address in plan.by_type.azurerm_cosmosdb_account
	resource := plan.resources[address]
	public_access(resource)
	not ip_filter_set(resource)
	not truthy(resource.values.is_virtual_network_filter_enabled)
	not resource.unknown.is_virtual_network_filter_enabled == true
	msg := sprintf("%s accepts connections from every IP address: public network access is enabled with no ip_range_filter and no virtual network filter", [address])
}

# BigQuery: datasets and tables granted to everyone -------------------------------------------

public_members := {member | some member in data.dspt.params.terraform.gcp_public_members}

outcomes contains [index, address, "deny", msg] if {
	some index, plan in plans
	some address in plan.by_type.google_bigquery_dataset
	some block in array_of(plan.resources[address].values.access)
	some attribute in ["special_group", "iam_member"]
	member := field(block, attribute)
	member in public_members
	msg := sprintf("%s is open to the public: an access block grants %v to %s", [address, object.get(block, "role", "a role"), member])
}

bigquery_iam_types := {
	"google_bigquery_dataset_iam_member", "google_bigquery_dataset_iam_binding",
	"google_bigquery_table_iam_member", "google_bigquery_table_iam_binding",
}

outcomes contains [index, address, "deny", msg] if {
	some index, plan in plans
	some type in bigquery_iam_types
	some address in plan.by_type[type]
	values := plan.resources[address].values
	some member in array.concat([field(values, "member")], array_of(field(values, "members")))
	member in public_members
	msg := sprintf("%s grants %v to %s", [address, field(values, "role"), member])
}

outcomes contains [index, address, "warn", msg] if {
	some index, plan in plans
	some type in bigquery_iam_types
	some address in plan.by_type[type]
	some attribute in ["member", "members"]
	plan.resources[address].unknown[attribute] == true
	msg := sprintf("who %s grants access to is known only after apply", [address])
}

outcomes contains [index, address, "warn", msg] if {
	some index, plan in plans
	some address in plan.by_type.google_bigquery_dataset
	plan.resources[address].unknown.access == true
	msg := sprintf("who can read %s is known only after apply (its access blocks are unknown)", [address])
}

# Judged ------------------------------------------------------------------------------------

judged_types := ((((publicly_accessible_types | firewall_rule_types) | azure_server_types) | bigquery_iam_types) | {"google_sql_database_instance", "google_bigquery_dataset"})

# [plan index, address] of every database, firewall rule and grant examined.
judged contains [index, address] if {
	some index, plan in plans
	some type in judged_types
	some address in plan.by_type[type]
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
