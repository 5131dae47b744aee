package dspt.checks.terraform.admin_ports_closed_test

import rego.v1

import data.dspt.checks.terraform.admin_ports_closed
import data.dspt.testing.terraform as tf

params := {"terraform": {
	"admin_ports": [22, 3389, 3306, 5432, 1433, 1521, 27017, 6379, 9200],
	"internet_sources": ["0.0.0.0/0", "::/0", "*", "Internet", "Any"],
}}

# The plan of resources, read from plans/platform.json (the file the findings name).
plan(resources) := tf.plan_in("plans/platform.json", resources)

# The evidence document of that one plan.
evidence(resources) := tf.evidence([plan(resources)])

deny_of(resources) := result if {
	result := admin_ports_closed.deny with input as evidence(resources) with data.dspt.params as params
}

warn_of(resources) := result if {
	result := admin_ports_closed.warn with input as evidence(resources) with data.dspt.params as params
}

denied(resources) := {finding.resource | some finding in deny_of(resources)}

warned(resources) := {finding.resource | some finding in warn_of(resources)}

ingress(from, to, protocol, cidrs) := {
	"from_port": from, "to_port": to, "protocol": protocol, "cidr_blocks": cidrs,
	"ipv6_cidr_blocks": [], "prefix_list_ids": [], "security_groups": [], "self": false, "description": "",
}

security_group(address, rules) := tf.resource(address, {"name": "web", "ingress": rules}, {"id": true, "ingress": [{} | some _ in rules]})

nsg_rule(name, port, prefix) := {
	"name": name, "priority": 100, "direction": "Inbound", "access": "Allow", "protocol": "Tcp",
	"source_port_range": "*", "destination_port_range": port, "destination_port_ranges": [],
	"source_address_prefix": prefix, "source_address_prefixes": [],
	"destination_address_prefix": "*", "destination_address_prefixes": [],
}

firewall(address, ranges, allow) := tf.resource(
	address,
	{"name": "fw", "direction": "INGRESS", "disabled": false, "source_ranges": ranges, "source_tags": null, "allow": allow, "deny": []},
	{"id": true},
)

compliant_resources := [
	security_group("aws_security_group.alb", [ingress(443, 443, "tcp", ["0.0.0.0/0"]), ingress(80, 80, "tcp", ["0.0.0.0/0"])]),
	security_group("aws_security_group.db", [ingress(5432, 5432, "tcp", ["10.20.0.0/16"])]),
	tf.resource("aws_security_group.empty", {"name": "empty"}, {"ingress": true, "egress": true}),
	tf.resource("aws_security_group_rule.egress", {"type": "egress", "from_port": 0, "to_port": 0, "protocol": "-1", "cidr_blocks": ["0.0.0.0/0"]}, {}),
	tf.resource("aws_security_group_rule.ping", {"type": "ingress", "from_port": -1, "to_port": -1, "protocol": "icmp", "cidr_blocks": ["0.0.0.0/0"]}, {}),
	tf.resource("aws_vpc_security_group_ingress_rule.https", {"cidr_ipv4": "0.0.0.0/0", "from_port": 443, "to_port": 443, "ip_protocol": "tcp"}, {}),
	tf.resource("aws_vpc_security_group_ingress_rule.ssh_vpn", {"cidr_ipv4": "10.8.0.0/16", "from_port": 22, "to_port": 22, "ip_protocol": "tcp"}, {}),
	tf.resource("azurerm_network_security_group.web", {"security_rule": [nsg_rule("https", "443", "Internet"), nsg_rule("ssh", "22", "10.8.0.0/16")]}, {}),
	tf.resource("azurerm_network_security_rule.deny_ssh", object.union(nsg_rule("deny-ssh", "22", "*"), {"access": "Deny"}), {}),
	tf.resource("azurerm_network_security_rule.outbound", object.union(nsg_rule("out", "*", "*"), {"direction": "Outbound"}), {}),
	firewall("google_compute_firewall.https", ["0.0.0.0/0"], [{"protocol": "tcp", "ports": ["443"]}]),
	firewall("google_compute_firewall.iap_ssh", ["35.235.240.0/20"], [{"protocol": "tcp", "ports": ["22"]}]),
	tf.resource("google_compute_firewall.tagged", {"direction": "INGRESS", "source_ranges": [], "source_tags": ["bastion"], "allow": [{"protocol": "tcp", "ports": ["22"]}]}, {}),
	tf.resource("google_compute_firewall.egress", {"direction": "EGRESS", "destination_ranges": ["0.0.0.0/0"], "allow": [{"protocol": "all", "ports": []}]}, {}),
]

test_closed_admin_ports_pass if {
	count(deny_of(compliant_resources)) == 0
	count(warn_of(compliant_resources)) == 0
}

test_ssh_open_inline_is_denied if {
	group := security_group("aws_security_group.bastion", [ingress(443, 443, "tcp", ["0.0.0.0/0"]), ingress(22, 22, "tcp", ["0.0.0.0/0"])])
	deny_of([group]) == {{
		"msg": "aws_security_group.bastion opens admin port(s) 22 to the internet: inline ingress rule 2 allows inbound traffic from 0.0.0.0/0",
		"resource": "aws_security_group.bastion",
		"file": "plans/platform.json",
		"source": "terraform",
	}}
}

test_port_ranges_and_all_protocols_are_denied if {
	resources := [
		security_group("aws_security_group.range", [ingress(1000, 6000, "tcp", ["0.0.0.0/0"])]),
		security_group("aws_security_group.all", [object.union(ingress(0, 0, "-1", []), {"ipv6_cidr_blocks": ["::/0"]})]),
	]
	denied(resources) == {"aws_security_group.range", "aws_security_group.all"}
	some finding in deny_of(resources)
	finding.msg == "aws_security_group.range opens admin port(s) 1433, 1521, 3306, 3389, 5432 to the internet: inline ingress rule 1 allows inbound traffic from 0.0.0.0/0"
}

test_standalone_aws_rules_are_denied if {
	resources := [
		tf.resource("aws_security_group_rule.rdp", {"type": "ingress", "from_port": 3389, "to_port": 3389, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]}, {}),
		tf.resource("aws_vpc_security_group_ingress_rule.pg", {"cidr_ipv6": "::/0", "from_port": 5432, "to_port": 5432, "ip_protocol": "tcp"}, {}),
		tf.resource("aws_vpc_security_group_ingress_rule.everything", {"cidr_ipv4": "0.0.0.0/0", "ip_protocol": "-1"}, {}),
	]
	denied(resources) == {"aws_security_group_rule.rdp", "aws_vpc_security_group_ingress_rule.pg", "aws_vpc_security_group_ingress_rule.everything"}
}

test_azure_rules_open_to_internet_are_denied if {
	resources := [
		tf.resource("azurerm_network_security_rule.ssh", nsg_rule("ssh", "22", "*"), {}),
		tf.resource("azurerm_network_security_rule.range", object.union(nsg_rule("range", null, null), {"destination_port_ranges": ["3300-3400"], "source_address_prefixes": ["0.0.0.0/0"]}), {}),
		tf.resource("azurerm_network_security_group.db", {"security_rule": [nsg_rule("https", "443", "Internet"), nsg_rule("sql", "1433", "Internet")]}, {}),
		tf.resource("azurerm_network_security_rule.any", object.union(nsg_rule("any", "*", "Any"), {"protocol": "*"}), {}),
	]
	denied(resources) == {"azurerm_network_security_rule.ssh", "azurerm_network_security_rule.range", "azurerm_network_security_group.db", "azurerm_network_security_rule.any"}
	some finding in deny_of(resources)
	finding.msg == "azurerm_network_security_group.db opens admin port(s) 1433 to the internet: security_rule sql allows inbound traffic from Internet"
}

test_gcp_firewalls_open_to_internet_are_denied if {
	resources := [
		firewall("google_compute_firewall.ssh", ["0.0.0.0/0"], [{"protocol": "tcp", "ports": ["22", "443"]}]),
		firewall("google_compute_firewall.all_tcp", ["0.0.0.0/0"], [{"protocol": "tcp", "ports": []}]),
		firewall("google_compute_firewall.all", ["::/0"], [{"protocol": "all"}]),
		tf.resource("google_compute_firewall.no_source", {"allow": [{"protocol": "tcp", "ports": ["6379"]}]}, {"direction": true}),
		firewall("google_compute_firewall.range", ["0.0.0.0/0"], [{"protocol": "tcp", "ports": ["9000-9300"]}]),
	]
	denied(resources) == {
		"google_compute_firewall.ssh", "google_compute_firewall.all_tcp", "google_compute_firewall.all",
		"google_compute_firewall.no_source", "google_compute_firewall.range",
	}
	some finding in deny_of(resources)
	finding.msg == "google_compute_firewall.no_source opens admin port(s) 6379 to the internet: allow block 1 allows inbound traffic from 0.0.0.0/0 (no source given)"
}

test_disabled_gcp_rule_passes if {
	rule := tf.resource("google_compute_firewall.ssh", {"disabled": true, "source_ranges": ["0.0.0.0/0"], "allow": [{"protocol": "tcp", "ports": ["22"]}]}, {})
	count(deny_of([rule])) == 0
}

test_unknown_sources_warn if {
	resources := [
		tf.resource("aws_security_group_rule.ssh", {"type": "ingress", "from_port": 22, "to_port": 22, "protocol": "tcp"}, {"cidr_blocks": true}),
		tf.resource("aws_security_group.web", {"ingress": [ingress(22, 22, "tcp", [])]}, {"ingress": [{"cidr_blocks": true}]}),
		tf.resource("google_compute_firewall.ssh", {"allow": [{"protocol": "tcp", "ports": ["22"]}]}, {"source_ranges": true}),
		tf.resource("azurerm_network_security_rule.ssh", object.union(nsg_rule("ssh", "22", null), {"source_address_prefix": null}), {"source_address_prefix": true}),
	]
	count(deny_of(resources)) == 0
	warned(resources) == {"aws_security_group_rule.ssh", "aws_security_group.web", "google_compute_firewall.ssh", "azurerm_network_security_rule.ssh"}
	some finding in warn_of(resources)
	finding.msg == "whether aws_security_group_rule.ssh opens admin port(s) 22 to the internet is known only after apply (the sources of the rule are unknown in the plan)"
}

test_admin_ports_parameter_is_honoured if {
	override := {"terraform": object.union(params.terraform, {"admin_ports": [8443]})}
	resources := [
		security_group("aws_security_group.ssh", [ingress(22, 22, "tcp", ["0.0.0.0/0"])]),
		security_group("aws_security_group.console", [ingress(8443, 8443, "tcp", ["0.0.0.0/0"])]),
	]
	deny := admin_ports_closed.deny with input as evidence(resources) with data.dspt.params as override
	{finding.resource | some finding in deny} == {"aws_security_group.console"}
}

test_internet_sources_parameter_is_honoured if {
	override := {"terraform": object.union(params.terraform, {"internet_sources": ["0.0.0.0/0", "::/0", "0.0.0.0/1"]})}
	resources := [security_group("aws_security_group.half", [ingress(22, 22, "tcp", ["0.0.0.0/1"])])]
	count(deny_of(resources)) == 0
	deny := admin_ports_closed.deny with input as evidence(resources) with data.dspt.params as override
	count(deny) == 1
}

judged_of(resources) := result if {
	result := admin_ports_closed.judged with input as evidence(resources) with data.dspt.params as params
}

test_judged_counts_every_group_rule_and_firewall if {
	judged_of(compliant_resources) == {[0, r.address] | some r in compliant_resources}
}

test_default_security_group_open_to_internet_is_denied if {
	resources := [
		security_group("aws_default_security_group.default", [ingress(3389, 3389, "tcp", ["0.0.0.0/0"])]),
		security_group("aws_default_security_group.closed", [ingress(3389, 3389, "tcp", ["10.0.0.0/8"])]),
	]
	denied(resources) == {"aws_default_security_group.default"}
	some finding in deny_of(resources)
	finding.msg == "aws_default_security_group.default opens admin port(s) 3389 to the internet: inline ingress rule 1 allows inbound traffic from 0.0.0.0/0"
	count(judged_of(resources)) == 2
}

test_gcp_firewall_with_no_source_is_open if {
	rule := tf.resource("google_compute_firewall.rdp", {"direction": "INGRESS", "allow": [{"protocol": "tcp", "ports": ["3389"]}]}, {})
	denied([rule]) == {"google_compute_firewall.rdp"}
}

# Every resource type the check declares in its METADATA, one resource each, with its outcome.
declared_type_cases := [
	["aws_default_security_group", {"ingress": [ingress(22, 22, "tcp", ["0.0.0.0/0"])]}, {}, "deny"],
	["aws_security_group", {"ingress": [ingress(443, 443, "tcp", ["0.0.0.0/0"])]}, {}, "pass"],
	["aws_security_group_rule", {"type": "ingress", "from_port": 3389, "to_port": 3389, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]}, {}, "deny"],
	["aws_vpc_security_group_ingress_rule", {"cidr_ipv4": "10.0.0.0/8", "from_port": 22, "to_port": 22, "ip_protocol": "tcp"}, {}, "pass"],
	["azurerm_network_security_group", {"security_rule": [nsg_rule("ssh", "22", "Internet")]}, {}, "deny"],
	["azurerm_network_security_rule", nsg_rule("rdp", "3389", "*"), {}, "deny"],
	["google_compute_firewall", {"direction": "INGRESS", "source_ranges": ["0.0.0.0/0"], "allow": [{"protocol": "tcp", "ports": ["22"]}]}, {}, "deny"]
]

test_every_declared_type_is_judged_with_its_outcome if {
	resources := tf.declared_resources(declared_type_cases)
	input_doc := evidence(resources)
	deny := admin_ports_closed.deny with input as input_doc with data.dspt.params as params
	warn := admin_ports_closed.warn with input as input_doc with data.dspt.params as params
	judged := admin_ports_closed.judged with input as input_doc with data.dspt.params as params
	tf.judged_as_declared(declared_type_cases, 3, deny, warn, judged)
}
