# METADATA
# title: Network traffic is recorded by flow logs
# description: >-
#   Every AWS VPC (including the default VPC) has an aws_flow_log, every Azure virtual network a
#   Network Watcher flow log that is enabled, and every Google Cloud subnetwork a log_config
#   (auto-mode networks, whose subnets have no flow logs, fail). A flow log is tied to its network
#   by the reference in its configuration (vpc_id = aws_vpc.main.id), else by the known id. Without
#   configuration, a new VPC (id known only after apply) can only be referenced by a flow log
#   whose vpc_id is unknown too, so a plan with one new VPC and such a flow log passes, one with
#   none fails, one with more new VPCs than such flow logs fails, and one with several new VPCs
#   and enough such flow logs warns that they cannot be tied.
# custom:
#   id: TF-LOG-002
#   severity: medium
#   sources: [terraform]
#   family: audit-logging
#   judges: networks and their flow logs (AWS VPCs, Azure virtual networks and Network Watcher flow logs, Google Cloud networks and subnetworks)
#   resource_types: [aws_default_vpc, aws_vpc, azurerm_network_watcher_flow_log, azurerm_virtual_network, google_compute_network, google_compute_subnetwork]
package dspt.checks.terraform.vpc_flow_logs

import rego.v1

plans := input.terraform.plans

truthy(value) if value == true

truthy(value) if value == "true"

falsy(value) if value == false

falsy(value) if value == "false"

array_of(value) := value if is_array(value)

array_of(value) := [] if not is_array(value)

known_text(resource, attribute) := value if {
	not resource.unknown[attribute] == true
	value := resource.values[attribute]
	is_string(value)
	value != ""
}

finding(index, address, msg) := {"msg": msg, "resource": address, "file": plans[index].file, "source": "terraform"}

# AWS -------------------------------------------------------------------------------------

vpc_types := ["aws_vpc", "aws_default_vpc"]

# [plan index, VPC address] of every VPC.
aws_vpcs contains [index, address] if {
	some index, plan in plans
	some type in vpc_types
	some address in plan.by_type[type]
}

# [plan index, VPC id] named by a flow log.
aws_logged_vpc_ids contains [index, id] if {
	some index, plan in plans
	some address in plan.by_type.aws_flow_log
	id := known_text(plan.resources[address], "vpc_id")
}

# [plan index, VPC address] a flow log's vpc_id refers to in the configuration.
aws_tied_vpcs contains [index, vpc] if {
	some index, plan in plans
	some address in plan.by_type.aws_flow_log
	some vpc in data.dspt.lib.terraform.reference_ties[[index, address, "vpc_id"]]
}

# Flow logs whose VPC is known only after apply and not tied by the configuration: they reference
# a VPC created in the same apply, so they can only belong to a VPC whose id is unknown too.
aws_untied_count[index] := untied if {
	some index, plan in plans
	untied := count([address |
		some address in object.get(plan.by_type, "aws_flow_log", [])
		plan.resources[address].unknown.vpc_id == true
		not [index, address] in data.dspt.lib.terraform.referenced_settings
	])
}

# VPCs whose id is known only after apply and that no flow log is tied to, per plan.
aws_new_vpcs[index] := addresses if {
	some index, plan in plans
	addresses := [address |
		some type in vpc_types
		some address in object.get(plan.by_type, type, [])
		plan.resources[address].unknown.id == true
		not [index, address] in aws_tied_vpcs
	]
}

# A VPC with a known id must be named by a flow log with that id (or tied to one by reference).
deny contains finding(index, address, msg) if {
	some [index, address] in aws_vpcs
	id := known_text(plans[index].resources[address], "id")
	not [index, id] in aws_logged_vpc_ids
	not [index, address] in aws_tied_vpcs
	msg := sprintf("%s has no flow log: no aws_flow_log in the plan names %s", [address, id])
}

# New VPCs: with no flow log of unknown VPC, none has one; with one new VPC, the flow logs of
# unknown VPC are its own; with more new VPCs than such flow logs, some VPC certainly has none;
# otherwise the flow logs cannot be tied to the VPCs.
deny contains finding(index, address, msg) if {
	some index, addresses in aws_new_vpcs
	aws_untied_count[index] == 0
	some address in addresses
	msg := sprintf("%s has no flow log: no aws_flow_log in the plan can reference it", [address])
}

deny contains {"msg": msg, "file": plans[index].file, "source": "terraform"} if {
	some index, addresses in aws_new_vpcs
	untied := aws_untied_count[index]
	untied > 0
	count(addresses) > untied
	msg := sprintf(
		"at least %d of the new VPCs %s have no flow log: the plan has only %d aws_flow_log whose vpc_id is known only after apply",
		[count(addresses) - untied, concat(", ", sort(addresses)), untied],
	)
}

warn contains finding(index, address, msg) if {
	some index, addresses in aws_new_vpcs
	untied := aws_untied_count[index]
	count(addresses) > 1
	count(addresses) <= untied
	some address in addresses
	msg := sprintf(
		"whether %s has a flow log is known only after apply: the plan's %d aws_flow_log with unknown vpc_id cannot be tied to its %d new VPCs",
		[address, untied, count(addresses)],
	)
}

# Azure -----------------------------------------------------------------------------------

enabled_flow_logs contains [index, address] if {
	some index, plan in plans
	some address in plan.by_type.azurerm_network_watcher_flow_log
	not falsy(plan.resources[address].values.enabled)
}

azure_logged_ids contains [index, lower(id)] if {
	some [index, address] in enabled_flow_logs
	id := known_text(plans[index].resources[address], "target_resource_id")
}

# [plan index, virtual network address] an enabled flow log's target refers to in the configuration.
azure_tied_networks contains [index, network] if {
	some [index, address] in enabled_flow_logs
	some network in data.dspt.lib.terraform.reference_ties[[index, address, "target_resource_id"]]
}

# Plans with an enabled NSG flow log: it covers the subnets and interfaces its network security
# group is attached to, which the plan cannot tie to a virtual network.
azure_nsg_log_plans contains index if {
	some [index, address] in enabled_flow_logs
	resource := plans[index].resources[address]
	known_text(resource, "network_security_group_id")
}

azure_nsg_log_plans contains index if {
	some [index, address] in enabled_flow_logs
	plans[index].resources[address].unknown.network_security_group_id == true
}

azure_untied_count[index] := untied if {
	some index, plan in plans
	untied := count([address |
		some address in object.get(plan.by_type, "azurerm_network_watcher_flow_log", [])
		not falsy(plan.resources[address].values.enabled)
		plan.resources[address].unknown.target_resource_id == true
		not [index, address] in data.dspt.lib.terraform.referenced_settings
	])
}

azure_new_networks[index] := addresses if {
	some index, plan in plans
	addresses := [address |
		some address in object.get(plan.by_type, "azurerm_virtual_network", [])
		plan.resources[address].unknown.id == true
		not [index, address] in azure_tied_networks
	]
}

# [plan index, address, reason] of virtual networks with no flow log the plan can show.
azure_unlogged contains [index, address, "no enabled azurerm_network_watcher_flow_log in the plan targets it"] if {
	some index, plan in plans
	some address in plan.by_type.azurerm_virtual_network
	id := known_text(plan.resources[address], "id")
	not [index, lower(id)] in azure_logged_ids
	not [index, address] in azure_tied_networks
}

azure_unlogged contains [index, address, "no enabled azurerm_network_watcher_flow_log in the plan can target it"] if {
	some index, addresses in azure_new_networks
	azure_untied_count[index] == 0
	some address in addresses
}

deny contains finding(index, address, msg) if {
	some [index, address, reason] in azure_unlogged
	not index in azure_nsg_log_plans
	msg := sprintf("%s has no flow log: %s", [address, reason])
}

warn contains finding(index, address, msg) if {
	some [index, address, _] in azure_unlogged
	index in azure_nsg_log_plans
	msg := sprintf("whether %s has a flow log is known only after apply: the plan's NSG flow logs cannot be tied to a virtual network", [address])
}

warn contains finding(index, address, msg) if {
	some index, addresses in azure_new_networks
	count(addresses) > 1
	azure_untied_count[index] > 0
	some address in addresses
	msg := sprintf("whether %s has a flow log is known only after apply: the plan's flow logs with unknown target_resource_id cannot be tied to its %d new virtual networks", [address, count(addresses)])
}

deny contains finding(index, address, msg) if {
	some index, plan in plans
	some address in plan.by_type.azurerm_network_watcher_flow_log
	falsy(plan.resources[address].values.enabled)
	msg := sprintf("%s is disabled: enabled is false", [address])
}

# Google Cloud ----------------------------------------------------------------------------

# Subnet purposes that carry no VM traffic and cannot have flow logs (proxy-only, Private Service
# Connect and Private NAT subnets); an unset purpose is PRIVATE.
unlogged_purposes := {
	"REGIONAL_MANAGED_PROXY", "GLOBAL_MANAGED_PROXY", "INTERNAL_HTTPS_LOAD_BALANCER",
	"PRIVATE_SERVICE_CONNECT", "PRIVATE_NAT",
}

deny contains finding(index, address, msg) if {
	some index, plan in plans
	some address in plan.by_type.google_compute_subnetwork
	resource := plan.resources[address]
	not resource.values.purpose in unlogged_purposes
	not resource.unknown.log_config == true
	count(array_of(object.get(resource.values, "log_config", null))) == 0
	msg := sprintf("%s has no flow logs: log_config is not set", [address])
}

warn contains finding(index, address, msg) if {
	some index, plan in plans
	some address in plan.by_type.google_compute_subnetwork
	resource := plan.resources[address]
	not resource.values.purpose in unlogged_purposes
	resource.unknown.log_config == true
	msg := sprintf("whether %s has flow logs is known only after apply (log_config is unknown)", [address])
}

# auto_create_subnetworks defaults to true: Google then creates a subnet in every region, with
# flow logs off and outside the plan.
deny contains finding(index, address, msg) if {
	some index, plan in plans
	some address in plan.by_type.google_compute_network
	resource := plan.resources[address]
	not resource.unknown.auto_create_subnetworks == true
	not falsy(object.get(resource.values, "auto_create_subnetworks", true))
	msg := sprintf("%s is an auto-mode network: its subnets are created without flow logs (set auto_create_subnetworks = false and define subnetworks with log_config)", [address])
}

# Judged ------------------------------------------------------------------------------------

judged_types := ["aws_vpc", "aws_default_vpc", "azurerm_virtual_network", "azurerm_network_watcher_flow_log", "google_compute_network"]

# [plan index, address] of every network, subnetwork and Azure flow log examined.
judged contains [index, address] if {
	some index, plan in plans
	some type in judged_types
	some address in plan.by_type[type]
}

judged contains [index, address] if {
	some index, plan in plans
	some address in plan.by_type.google_compute_subnetwork
	not plan.resources[address].values.purpose in unlogged_purposes
}
