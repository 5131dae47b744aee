package dspt.checks.terraform.vpc_flow_logs_test

import rego.v1

import data.dspt.checks.terraform.vpc_flow_logs
import data.dspt.testing.terraform as tf

# The check reads no parameters.
params := {"terraform": {}}

# The plan of resources, read from plans/platform.json (the file the findings name).
plan(resources) := tf.plan_in("plans/platform.json", resources)

deny_of(resources) := result if {
	result := vpc_flow_logs.deny with input as tf.evidence([plan(resources)]) with data.dspt.params as params
}

warn_of(resources) := result if {
	result := vpc_flow_logs.warn with input as tf.evidence([plan(resources)]) with data.dspt.params as params
}

denied(resources) := {finding.resource | some finding in deny_of(resources)}

warned(resources) := {finding.resource | some finding in warn_of(resources)}

new_vpc(address) := tf.resource(address, {"cidr_block": "10.20.0.0/16"}, {"id": true, "arn": true})

existing_vpc(address, id) := object.union(tf.resource(address, {"id": id, "cidr_block": "10.30.0.0/16"}, {}), {"actions": ["no-op"]})

new_flow_log(address) := tf.resource(address, {"traffic_type": "ALL", "log_destination_type": "cloud-watch-logs"}, {"id": true, "vpc_id": true})

known_flow_log(address, vpc_id) := tf.resource(address, {"traffic_type": "ALL", "vpc_id": vpc_id}, {"id": true})

subnet(address, log_config) := tf.resource(address, {"name": "app", "region": "europe-west2", "ip_cidr_range": "10.40.0.0/24", "log_config": log_config}, {"id": true})

compliant_resources := [
	new_vpc("aws_vpc.main"),
	new_flow_log("aws_flow_log.main"),
	existing_vpc("aws_vpc.shared", "vpc-0abc"),
	known_flow_log("aws_flow_log.shared", "vpc-0abc"),
	tf.resource("azurerm_virtual_network.core", {"name": "core", "location": "uksouth"}, {"id": true}),
	tf.resource("azurerm_network_watcher_flow_log.core", {"enabled": true}, {"id": true, "target_resource_id": true}),
	subnet("google_compute_subnetwork.app", [{"aggregation_interval": "INTERVAL_5_SEC", "flow_sampling": 0.5, "metadata": "INCLUDE_ALL_METADATA"}]),
	tf.resource("google_compute_subnetwork.proxy", {"name": "proxy", "purpose": "REGIONAL_MANAGED_PROXY", "role": "ACTIVE", "log_config": []}, {"id": true}),
	tf.resource("google_compute_network.core", {"name": "core", "auto_create_subnetworks": false}, {"id": true}),
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
	deny := vpc_flow_logs.deny with input as tf.evidence([plan([new_flow_log("aws_flow_log.a")]), plan([new_vpc("aws_vpc.a")])]) with data.dspt.params as params
	{finding.resource | some finding in deny} == {"aws_vpc.a"}
}

test_azure_network_without_flow_log_is_denied if {
	resources := [
		tf.resource("azurerm_virtual_network.core", {"name": "core"}, {"id": true}),
		tf.resource("azurerm_network_watcher_flow_log.off", {"enabled": false}, {"target_resource_id": true}),
	]
	denied(resources) == {"azurerm_virtual_network.core", "azurerm_network_watcher_flow_log.off"}
}

test_azure_flow_log_matched_by_id if {
	id := "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/core"
	vnet := object.union(tf.resource("azurerm_virtual_network.core", {"id": id}, {}), {"actions": ["no-op"]})
	count(deny_of([vnet, tf.resource("azurerm_network_watcher_flow_log.core", {"enabled": true, "target_resource_id": lower(id)}, {})])) == 0
	denied([vnet, tf.resource("azurerm_network_watcher_flow_log.other", {"enabled": true, "target_resource_id": concat("", [id, "-dr"])}, {})]) == {"azurerm_virtual_network.core"}
}

test_several_new_azure_networks_warn if {
	resources := [
		tf.resource("azurerm_virtual_network.a", {"name": "a"}, {"id": true}),
		tf.resource("azurerm_virtual_network.b", {"name": "b"}, {"id": true}),
		tf.resource("azurerm_network_watcher_flow_log.a", {"enabled": true}, {"target_resource_id": true}),
	]
	count(deny_of(resources)) == 0
	warned(resources) == {"azurerm_virtual_network.a", "azurerm_virtual_network.b"}
}

test_azure_nsg_flow_log_warns if {
	resources := [
		tf.resource("azurerm_virtual_network.core", {"name": "core"}, {"id": true}),
		tf.resource("azurerm_network_watcher_flow_log.nsg", {"enabled": true, "network_security_group_id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/web"}, {}),
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
	denied([tf.resource("google_compute_subnetwork.bare", {"name": "bare"}, {})]) == {"google_compute_subnetwork.bare"}
}

test_gcp_proxy_subnet_needs_no_log_config if {
	proxy := tf.resource("google_compute_subnetwork.proxy", {"purpose": "REGIONAL_MANAGED_PROXY", "log_config": []}, {})
	count(deny_of([proxy])) == 0
}

test_gcp_unknown_log_config_warns if {
	resources := [tf.resource("google_compute_subnetwork.app", {"name": "app"}, {"log_config": true})]
	count(deny_of(resources)) == 0
	warned(resources) == {"google_compute_subnetwork.app"}
}

test_gcp_auto_mode_network_is_denied if {
	denied([
		tf.resource("google_compute_network.auto", {"name": "auto", "auto_create_subnetworks": true}, {}),
		tf.resource("google_compute_network.default", {"name": "default"}, {}),
	]) == {"google_compute_network.auto", "google_compute_network.default"}
}

# The plan with `by_config_address`, for resources tied by configuration references.
plan_with_config(resources) := object.union(plan(resources), {"by_config_address": tf.by_config_address(resources)})

test_judged_counts_every_network if {
	judged := vpc_flow_logs.judged with input as tf.evidence([plan(compliant_resources)]) with data.dspt.params as params
	judged == {
		[0, "aws_vpc.main"], [0, "aws_vpc.shared"], [0, "azurerm_virtual_network.core"],
		[0, "azurerm_network_watcher_flow_log.core"], [0, "google_compute_subnetwork.app"],
		[0, "google_compute_network.core"],
	}
}

test_flow_logs_tied_by_reference_pass_and_leave_the_unlogged_vpc if {
	resources := [
		tf.configured(new_vpc("aws_vpc.a"), {}),
		tf.configured(new_vpc("aws_vpc.b"), {}),
		tf.configured(new_flow_log("aws_flow_log.a"), {"vpc_id": tf.ref("aws_vpc.a", "aws_vpc")}),
	]
	deny := vpc_flow_logs.deny with input as tf.evidence([plan_with_config(resources)]) with data.dspt.params as params
	{f.resource | some f in deny} == {"aws_vpc.b"}
	count(vpc_flow_logs.warn) == 0 with input as tf.evidence([plan_with_config(resources)]) with data.dspt.params as params
}

test_several_vpcs_with_flow_logs_tied_by_reference_pass if {
	resources := [
		tf.configured(new_vpc("aws_vpc.a"), {}),
		tf.configured(new_vpc("aws_vpc.b"), {}),
		tf.configured(new_flow_log("aws_flow_log.a"), {"vpc_id": tf.ref("aws_vpc.a", "aws_vpc")}),
		tf.configured(new_flow_log("aws_flow_log.b"), {"vpc_id": tf.ref("aws_vpc.b", "aws_vpc")}),
	]
	input_doc := tf.evidence([plan_with_config(resources)])
	count(vpc_flow_logs.deny) == 0 with input as input_doc with data.dspt.params as params
	count(vpc_flow_logs.warn) == 0 with input as input_doc with data.dspt.params as params
}

test_default_vpc_without_flow_log_is_denied if {
	denied([existing_vpc("aws_default_vpc.default", "vpc-0def")]) == {"aws_default_vpc.default"}
	count(deny_of([existing_vpc("aws_default_vpc.default", "vpc-0def"), known_flow_log("aws_flow_log.default", "vpc-0def")])) == 0
}

test_azure_flow_logs_tied_by_reference if {
	resources := [
		tf.configured(tf.resource("azurerm_virtual_network.a", {"name": "a"}, {"id": true}), {}),
		tf.configured(tf.resource("azurerm_virtual_network.b", {"name": "b"}, {"id": true}), {}),
		tf.configured(tf.resource("azurerm_network_watcher_flow_log.a", {"enabled": true}, {"id": true, "target_resource_id": true}), {"target_resource_id": tf.ref("azurerm_virtual_network.a", "azurerm_virtual_network")}),
	]
	deny := vpc_flow_logs.deny with input as tf.evidence([plan_with_config(resources)]) with data.dspt.params as params
	{f.resource | some f in deny} == {"azurerm_virtual_network.b"}
	count(vpc_flow_logs.warn) == 0 with input as tf.evidence([plan_with_config(resources)]) with data.dspt.params as params
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

test_every_declared_type_is_judged_with_its_outcome if {
	resources := tf.declared_resources(declared_type_cases)
	input_doc := tf.evidence([plan(resources)])
	deny := vpc_flow_logs.deny with input as input_doc with data.dspt.params as params
	warn := vpc_flow_logs.warn with input as input_doc with data.dspt.params as params
	judged := vpc_flow_logs.judged with input as input_doc with data.dspt.params as params
	tf.judged_as_declared(declared_type_cases, 3, deny, warn, judged)
}

test_azure_network_with_known_id_is_tied_by_reference if {
	resources := [
		tf.configured(object.union(tf.resource("azurerm_virtual_network.core", {"name": "core", "id": "/subscriptions/1/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/core"}, {}), {"actions": ["no-op"]}), {}),
		tf.configured(tf.resource("azurerm_network_watcher_flow_log.core", {"enabled": true}, {"id": true, "target_resource_id": true}), {"target_resource_id": tf.ref("azurerm_virtual_network.core", "azurerm_virtual_network")}),
	]
	input_doc := tf.evidence([plan_with_config(resources)])
	count(vpc_flow_logs.deny) == 0 with input as input_doc with data.dspt.params as params
	count(vpc_flow_logs.warn) == 0 with input as input_doc with data.dspt.params as params
}

test_existing_vpc_is_tied_by_reference_to_a_new_flow_log if {
	resources := [
		tf.configured(existing_vpc("aws_vpc.shared", "vpc-0abc"), {}),
		tf.configured(new_flow_log("aws_flow_log.shared"), {"vpc_id": tf.ref("aws_vpc.shared", "aws_vpc")}),
	]
	input_doc := tf.evidence([plan_with_config(resources)])
	count(vpc_flow_logs.deny) == 0 with input as input_doc with data.dspt.params as params
	count(vpc_flow_logs.warn) == 0 with input as input_doc with data.dspt.params as params
}
