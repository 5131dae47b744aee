package dspt.checks.terraform.vpc_flow_logs_test

import rego.v1

import data.dspt.checks.terraform.vpc_flow_logs

# The check reads no parameters.
params := {"terraform": {}}

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

evidence(plans) := {
	"assessment": {"as_of": "2026-06-30", "framework": "dspt-supplier", "organisation": {"name": "Acme Health Ltd", "type": "it-supplier"}},
	"terraform": {"plans": plans},
}

deny_of(resources) := result if {
	result := vpc_flow_logs.deny with input as evidence([plan(resources)]) with data.dspt.params as params
}

warn_of(resources) := result if {
	result := vpc_flow_logs.warn with input as evidence([plan(resources)]) with data.dspt.params as params
}

denied(resources) := {finding.resource | some finding in deny_of(resources)}

warned(resources) := {finding.resource | some finding in warn_of(resources)}

new_vpc(address) := resource(address, {"cidr_block": "10.20.0.0/16"}, {"id": true, "arn": true})

existing_vpc(address, id) := object.union(resource(address, {"id": id, "cidr_block": "10.30.0.0/16"}, {}), {"actions": ["no-op"]})

new_flow_log(address) := resource(address, {"traffic_type": "ALL", "log_destination_type": "cloud-watch-logs"}, {"id": true, "vpc_id": true})

known_flow_log(address, vpc_id) := resource(address, {"traffic_type": "ALL", "vpc_id": vpc_id}, {"id": true})

subnet(address, log_config) := resource(address, {"name": "app", "region": "europe-west2", "ip_cidr_range": "10.40.0.0/24", "log_config": log_config}, {"id": true})

compliant_resources := [
	new_vpc("aws_vpc.main"),
	new_flow_log("aws_flow_log.main"),
	existing_vpc("aws_vpc.shared", "vpc-0abc"),
	known_flow_log("aws_flow_log.shared", "vpc-0abc"),
	resource("azurerm_virtual_network.core", {"name": "core", "location": "uksouth"}, {"id": true}),
	resource("azurerm_network_watcher_flow_log.core", {"enabled": true}, {"id": true, "target_resource_id": true}),
	subnet("google_compute_subnetwork.app", [{"aggregation_interval": "INTERVAL_5_SEC", "flow_sampling": 0.5, "metadata": "INCLUDE_ALL_METADATA"}]),
	resource("google_compute_subnetwork.proxy", {"name": "proxy", "purpose": "REGIONAL_MANAGED_PROXY", "role": "ACTIVE", "log_config": []}, {"id": true}),
	resource("google_compute_network.core", {"name": "core", "auto_create_subnetworks": false}, {"id": true}),
]

test_logged_networks_pass if {
	count(deny_of(compliant_resources)) == 0
	count(warn_of(compliant_resources)) == 0
}

test_vpc_without_flow_log_is_denied if {
	deny_of([new_vpc("aws_vpc.main")]) == {{
		"msg": "aws_vpc.main has no flow log: no aws_flow_log in the plan can reference it",
		"resource": "aws_vpc.main",
		"file": "plans/platform.json",
		"source": "terraform",
	}}
}

test_flow_log_of_another_vpc_does_not_count if {
	denied([existing_vpc("aws_vpc.shared", "vpc-0abc"), known_flow_log("aws_flow_log.other", "vpc-0def")]) == {"aws_vpc.shared"}
	some finding in deny_of([existing_vpc("aws_vpc.shared", "vpc-0abc")])
	finding.msg == "aws_vpc.shared has no flow log: no aws_flow_log in the plan names vpc-0abc"
}

test_untied_flow_log_cannot_cover_a_vpc_with_known_id if {
	denied([existing_vpc("aws_vpc.shared", "vpc-0abc"), new_vpc("aws_vpc.main"), new_flow_log("aws_flow_log.main")]) == {"aws_vpc.shared"}
}

test_more_vpcs_than_untied_flow_logs_is_denied_for_the_plan if {
	resources := [new_vpc("aws_vpc.a"), new_vpc("aws_vpc.b"), new_flow_log("aws_flow_log.a")]
	deny_of(resources) == {{
		"msg": "at least 1 of the new VPCs aws_vpc.a, aws_vpc.b have no flow log: the plan has only 1 aws_flow_log whose vpc_id is known only after apply",
		"file": "plans/platform.json",
		"source": "terraform",
	}}
	count(warn_of(resources)) == 0
}

test_untied_flow_logs_warn if {
	resources := [new_vpc("aws_vpc.a"), new_vpc("aws_vpc.b"), new_flow_log("aws_flow_log.a"), new_flow_log("aws_flow_log.b")]
	count(deny_of(resources)) == 0
	warned(resources) == {"aws_vpc.a", "aws_vpc.b"}
}

test_flow_logs_in_another_plan_do_not_count if {
	deny := vpc_flow_logs.deny with input as evidence([plan([new_flow_log("aws_flow_log.a")]), plan([new_vpc("aws_vpc.a")])]) with data.dspt.params as params
	{finding.resource | some finding in deny} == {"aws_vpc.a"}
}

test_azure_network_without_flow_log_is_denied if {
	resources := [
		resource("azurerm_virtual_network.core", {"name": "core"}, {"id": true}),
		resource("azurerm_network_watcher_flow_log.off", {"enabled": false}, {"target_resource_id": true}),
	]
	denied(resources) == {"azurerm_virtual_network.core", "azurerm_network_watcher_flow_log.off"}
}

test_azure_flow_log_matched_by_id if {
	id := "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/core"
	vnet := object.union(resource("azurerm_virtual_network.core", {"id": id}, {}), {"actions": ["no-op"]})
	count(deny_of([vnet, resource("azurerm_network_watcher_flow_log.core", {"enabled": true, "target_resource_id": lower(id)}, {})])) == 0
	denied([vnet, resource("azurerm_network_watcher_flow_log.other", {"enabled": true, "target_resource_id": concat("", [id, "-dr"])}, {})]) == {"azurerm_virtual_network.core"}
}

test_several_new_azure_networks_warn if {
	resources := [
		resource("azurerm_virtual_network.a", {"name": "a"}, {"id": true}),
		resource("azurerm_virtual_network.b", {"name": "b"}, {"id": true}),
		resource("azurerm_network_watcher_flow_log.a", {"enabled": true}, {"target_resource_id": true}),
	]
	count(deny_of(resources)) == 0
	warned(resources) == {"azurerm_virtual_network.a", "azurerm_virtual_network.b"}
}

test_azure_nsg_flow_log_warns if {
	resources := [
		resource("azurerm_virtual_network.core", {"name": "core"}, {"id": true}),
		resource("azurerm_network_watcher_flow_log.nsg", {"enabled": true, "network_security_group_id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/web"}, {}),
	]
	count(deny_of(resources)) == 0
	warned(resources) == {"azurerm_virtual_network.core"}
}

test_gcp_subnet_without_log_config_is_denied if {
	deny_of([subnet("google_compute_subnetwork.app", [])]) == {{
		"msg": "google_compute_subnetwork.app has no flow logs: log_config is not set",
		"resource": "google_compute_subnetwork.app",
		"file": "plans/platform.json",
		"source": "terraform",
	}}
	denied([resource("google_compute_subnetwork.bare", {"name": "bare"}, {})]) == {"google_compute_subnetwork.bare"}
}

test_gcp_proxy_subnet_needs_no_log_config if {
	proxy := resource("google_compute_subnetwork.proxy", {"purpose": "REGIONAL_MANAGED_PROXY", "log_config": []}, {})
	count(deny_of([proxy])) == 0
}

test_gcp_unknown_log_config_warns if {
	resources := [resource("google_compute_subnetwork.app", {"name": "app"}, {"log_config": true})]
	count(deny_of(resources)) == 0
	warned(resources) == {"google_compute_subnetwork.app"}
}

test_gcp_auto_mode_network_is_denied if {
	denied([
		resource("google_compute_network.auto", {"name": "auto", "auto_create_subnetworks": true}, {}),
		resource("google_compute_network.default", {"name": "default"}, {}),
	]) == {"google_compute_network.auto", "google_compute_network.default"}
}

configured(r, config) := object.union(r, {"config": config, "config_address": r.address})

plan_with_config(resources) := object.union(plan(resources), {"by_config_address": {r.address: [r.address] | some r in resources}})

ref(config_address, type) := {"references": [sprintf("%s.id", [config_address]), config_address], "resources": [{"address": config_address, "type": type}], "data": []}

test_judged_counts_every_network if {
	judged := vpc_flow_logs.judged with input as evidence([plan(compliant_resources)]) with data.dspt.params as params
	judged == {
		[0, "aws_vpc.main"], [0, "aws_vpc.shared"], [0, "azurerm_virtual_network.core"],
		[0, "azurerm_network_watcher_flow_log.core"], [0, "google_compute_subnetwork.app"],
		[0, "google_compute_network.core"],
	}
}

test_flow_logs_tied_by_reference_pass_and_leave_the_unlogged_vpc if {
	resources := [
		configured(new_vpc("aws_vpc.a"), {}),
		configured(new_vpc("aws_vpc.b"), {}),
		configured(new_flow_log("aws_flow_log.a"), {"vpc_id": ref("aws_vpc.a", "aws_vpc")}),
	]
	deny := vpc_flow_logs.deny with input as evidence([plan_with_config(resources)]) with data.dspt.params as params
	{f.resource | some f in deny} == {"aws_vpc.b"}
	count(vpc_flow_logs.warn) == 0 with input as evidence([plan_with_config(resources)]) with data.dspt.params as params
}

test_several_vpcs_with_flow_logs_tied_by_reference_pass if {
	resources := [
		configured(new_vpc("aws_vpc.a"), {}),
		configured(new_vpc("aws_vpc.b"), {}),
		configured(new_flow_log("aws_flow_log.a"), {"vpc_id": ref("aws_vpc.a", "aws_vpc")}),
		configured(new_flow_log("aws_flow_log.b"), {"vpc_id": ref("aws_vpc.b", "aws_vpc")}),
	]
	input_doc := evidence([plan_with_config(resources)])
	count(vpc_flow_logs.deny) == 0 with input as input_doc with data.dspt.params as params
	count(vpc_flow_logs.warn) == 0 with input as input_doc with data.dspt.params as params
}

test_default_vpc_without_flow_log_is_denied if {
	denied([existing_vpc("aws_default_vpc.default", "vpc-0def")]) == {"aws_default_vpc.default"}
	count(deny_of([existing_vpc("aws_default_vpc.default", "vpc-0def"), known_flow_log("aws_flow_log.default", "vpc-0def")])) == 0
}

test_azure_flow_logs_tied_by_reference if {
	resources := [
		configured(resource("azurerm_virtual_network.a", {"name": "a"}, {"id": true}), {}),
		configured(resource("azurerm_virtual_network.b", {"name": "b"}, {"id": true}), {}),
		configured(resource("azurerm_network_watcher_flow_log.a", {"enabled": true}, {"id": true, "target_resource_id": true}), {"target_resource_id": ref("azurerm_virtual_network.a", "azurerm_virtual_network")}),
	]
	deny := vpc_flow_logs.deny with input as evidence([plan_with_config(resources)]) with data.dspt.params as params
	{f.resource | some f in deny} == {"azurerm_virtual_network.b"}
	count(vpc_flow_logs.warn) == 0 with input as evidence([plan_with_config(resources)]) with data.dspt.params as params
}

# Every resource type the check declares in its METADATA, one resource each, with its outcome.
declared_type_cases := [
	["aws_default_vpc", {"id": "vpc-0def"}, {}, "deny"],
	["aws_vpc", {"id": "vpc-0abc"}, {}, "deny"],
	["azurerm_network_watcher_flow_log", {"enabled": false}, {}, "deny"],
	["azurerm_virtual_network", {"name": "v", "id": "/subscriptions/1/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v"}, {}, "deny"],
	["google_compute_network", {"name": "n", "auto_create_subnetworks": true}, {}, "deny"],
	["google_compute_subnetwork", {"name": "s", "log_config": [{"aggregation_interval": "INTERVAL_5_SEC"}]}, {}, "pass"]
]

declared_address(case) := concat(".", [case[0], "declared"])

declared_outcome(address, denied, warned) := "deny" if {
	address in denied
} else := "warn" if {
	address in warned
} else := "pass"

test_every_declared_type_is_judged_with_its_outcome if {
	resources := [resource(declared_address(c), c[1], c[2]) | some c in declared_type_cases]
	input_doc := evidence([plan(resources)])
	deny := vpc_flow_logs.deny with input as input_doc with data.dspt.params as params
	warn := vpc_flow_logs.warn with input as input_doc with data.dspt.params as params
	judged := vpc_flow_logs.judged with input as input_doc with data.dspt.params as params
	denied := {f.resource | some f in deny}
	warned := {f.resource | some f in warn}
	judged_addresses := {j[1] | some j in judged; is_array(j)}
	outcomes := {[c[0], declared_outcome(declared_address(c), denied, warned)] | some c in declared_type_cases}
	outcomes == {[c[0], c[3]] | some c in declared_type_cases}
	every c in declared_type_cases {
		declared_address(c) in judged_addresses
	}
}

test_azure_network_with_known_id_is_tied_by_reference if {
	resources := [
		configured(object.union(resource("azurerm_virtual_network.core", {"name": "core", "id": "/subscriptions/1/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/core"}, {}), {"actions": ["no-op"]}), {}),
		configured(resource("azurerm_network_watcher_flow_log.core", {"enabled": true}, {"id": true, "target_resource_id": true}), {"target_resource_id": ref("azurerm_virtual_network.core", "azurerm_virtual_network")}),
	]
	input_doc := evidence([plan_with_config(resources)])
	count(vpc_flow_logs.deny) == 0 with input as input_doc with data.dspt.params as params
	count(vpc_flow_logs.warn) == 0 with input as input_doc with data.dspt.params as params
}

test_existing_vpc_is_tied_by_reference_to_a_new_flow_log if {
	resources := [
		configured(existing_vpc("aws_vpc.shared", "vpc-0abc"), {}),
		configured(new_flow_log("aws_flow_log.shared"), {"vpc_id": ref("aws_vpc.shared", "aws_vpc")}),
	]
	input_doc := evidence([plan_with_config(resources)])
	count(vpc_flow_logs.deny) == 0 with input as input_doc with data.dspt.params as params
	count(vpc_flow_logs.warn) == 0 with input as input_doc with data.dspt.params as params
}
