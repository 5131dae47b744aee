# METADATA
# title: Administrative and database ports are not open to the internet
# description: >-
#   No AWS security group rule, Azure network security rule or Google Cloud firewall rule allows
#   inbound traffic from anywhere on the internet (0.0.0.0/0, ::/0, Azure "*", "Internet" or
#   "Any") to an administrative or database port in the configured list, whether the port is
#   named alone, inside a range, or by allowing every port or protocol. The default security
#   group of a VPC (aws_default_security_group) is judged like any other.
# custom:
#   id: TF-PUB-002
#   severity: critical
#   sources: [terraform]
#   family: admin-ports
#   judges: inbound network rules (AWS security groups and rules, Azure network security groups and rules, Google Cloud firewall rules)
#   resource_types: [aws_default_security_group, aws_security_group, aws_security_group_rule, aws_vpc_security_group_ingress_rule, azurerm_network_security_group, azurerm_network_security_rule, google_compute_firewall]
package dspt.checks.terraform.admin_ports_closed

import rego.v1

params := data.dspt.params.terraform

admin_ports := sort({port | some port in params.admin_ports})

internet_sources := {lower(source) | some source in params.internet_sources}

# The whole port space, for rules that allow every port.
all_ports := [0, 65535]

# Protocols whose rules carry no ports (ICMP types, IPsec): never an admin port.
portless_protocols := {"icmp", "1", "icmpv6", "58", "esp", "50", "ah", "51", "ipip", "4"}

# Protocols that mean every protocol and port.
any_protocols := {"-1", "all", "*"}

array_of(value) := value if is_array(value)

array_of(value) := [] if not is_array(value)

# The object at position in a list, or {} (an after_unknown list may be shorter, or true).
element_of(list, position) := value if {
	is_array(list)
	value := list[position]
	is_object(value)
} else := {}

# An attribute's value, or null when it is absent (a missing key must not drop the rule).
field(object, key) := object.get(object, key, null) if is_object(object)

field(object, _) := null if not is_object(object)

truthy(value) if value == true

truthy(value) if value == "true"

# internet is internet_sources, passed in: bound once by the caller rather than resolved per source.
is_internet(source, internet) if {
	is_string(source)
	lower(source) in internet
}

protocol_name(protocol) := lower(sprintf("%v", [protocol]))

# The admin ports (admin_ports, passed in) inside an inclusive [from, to] range.
admin_hits(range, ports) := [port |
	some port in ports
	range[0] <= port
	port <= range[1]
]

# A port specification as Azure and Google write it: "*", "22" or "1000-2000".
spec_range(spec) := all_ports if spec == "*"

spec_range(spec) := [to_number(spec), to_number(spec)] if {
	is_string(spec)
	regex.match(`^[0-9]+$`, trim_space(spec))
}

spec_range(spec) := [to_number(trim_space(parts[0])), to_number(trim_space(parts[1]))] if {
	is_string(spec)
	regex.match(`^\s*[0-9]+\s*-\s*[0-9]+\s*$`, spec)
	parts := split(spec, "-")
}

spec_range(spec) := [spec, spec] if is_number(spec)

# The port range an AWS rule opens: every port for protocol -1, none for ICMP.
aws_range(rule) := all_ports if {
	protocol_name(object.get(rule, "protocol", object.get(rule, "ip_protocol", "-1"))) in any_protocols
}

aws_range(rule) := [rule.from_port, rule.to_port] if {
	protocol := protocol_name(object.get(rule, "protocol", object.get(rule, "ip_protocol", "-1")))
	not protocol in any_protocols
	not protocol in portless_protocols
	is_number(rule.from_port)
	is_number(rule.to_port)
}

port_text(ports) := concat(", ", [sprintf("%d", [port]) | some port in ports])

# Normalised ingress rules ------------------------------------------------------------------
# [plan index, address, label, sources, source unknown, port ranges]: sources are the known
# source addresses; source unknown is true when the plan leaves a source to apply.

security_group_types := {"aws_security_group", "aws_default_security_group"}

# Only rules that may give a finding are kept (may_open): the label and port ranges are worked out
# for those alone. Rules are bound before the loops (regorus resolves a rule reference on every
# iteration), and each function call costs, so the fields of a rule, an object here, are read
# with object.get, as field would.
rules contains [index, address, sprintf("inline ingress rule %d", [position + 1]), sources, source_unknown, [aws_range(rule)]] if {
	[types, internet, implicit] := [security_group_types, internet_sources, implicit_source]
	some index, plan in input.terraform.plans
	some type in types
	some address in plan.by_type[type]
	resource := plan.resources[address]
	unknown_rules := field(resource.unknown, "ingress")
	some position, rule in array_of(field(resource.values, "ingress"))
	is_object(rule)
	sources := array.concat(array_of(object.get(rule, "cidr_blocks", null)), array_of(object.get(rule, "ipv6_cidr_blocks", null)))
	unknown_rule := element_of(unknown_rules, position)
	source_unknown := any_unknown([object.get(unknown_rule, "cidr_blocks", null), object.get(unknown_rule, "ipv6_cidr_blocks", null)])
	may_open(sources, source_unknown, internet, implicit)
}

rules contains [index, address, "the rule", sources, source_unknown, [aws_range(resource.values)]] if {
	[internet, implicit] := [internet_sources, implicit_source]
	some index, plan in input.terraform.plans
	some address in plan.by_type.aws_security_group_rule
	resource := plan.resources[address]
	field(resource.values, "type") == "ingress"
	sources := array.concat(array_of(field(resource.values, "cidr_blocks")), array_of(field(resource.values, "ipv6_cidr_blocks")))
	source_unknown := any_unknown([field(resource.unknown, "cidr_blocks"), field(resource.unknown, "ipv6_cidr_blocks")])
	may_open(sources, source_unknown, internet, implicit)
}

rules contains [index, address, "the rule", sources, source_unknown, [aws_range(resource.values)]] if {
	[internet, implicit] := [internet_sources, implicit_source]
	some index, plan in input.terraform.plans
	some address in plan.by_type.aws_vpc_security_group_ingress_rule
	resource := plan.resources[address]
	sources := [source | some source in [field(resource.values, "cidr_ipv4"), field(resource.values, "cidr_ipv6")]; is_string(source)]
	source_unknown := any_unknown([field(resource.unknown, "cidr_ipv4"), field(resource.unknown, "cidr_ipv6")])
	may_open(sources, source_unknown, internet, implicit)
}

# Azure network security rules, standalone and inline.
azure_rules contains [index, address, sprintf("rule %v", [field(rule, "name")]), rule, resource.unknown] if {
	some index, plan in input.terraform.plans
	some address in plan.by_type.azurerm_network_security_rule
	resource := plan.resources[address]
	rule := resource.values
}

azure_rules contains [index, address, sprintf("security_rule %v", [field(rule, "name")]), rule, unknown_rule] if {
	some index, plan in input.terraform.plans
	some address in plan.by_type.azurerm_network_security_group
	resource := plan.resources[address]
	some position, rule in array_of(field(resource.values, "security_rule"))
	is_object(rule)
	unknown_rule := element_of(field(resource.unknown, "security_rule"), position)
}

azure_portless_protocols := {"icmp", "esp", "ah"}

rules contains [index, address, label, sources, source_unknown, ranges] if {
	[portless, internet, implicit] := [azure_portless_protocols, internet_sources, implicit_source]
	some [index, address, label, rule, unknown_rule] in azure_rules
	is_string(field(rule, "direction"))
	lower(rule.direction) == "inbound"
	is_string(field(rule, "access"))
	lower(rule.access) == "allow"
	not protocol_name(field(rule, "protocol")) in portless
	sources := array.concat([field(rule, "source_address_prefix")], array_of(field(rule, "source_address_prefixes")))
	source_unknown := any_unknown([field(unknown_rule, "source_address_prefix"), field(unknown_rule, "source_address_prefixes")])
	may_open(sources, source_unknown, internet, implicit)
	ranges := [range |
		some spec in array.concat([field(rule, "destination_port_range")], array_of(field(rule, "destination_port_ranges")))
		range := spec_range(spec)
	]
}

# Google Cloud firewall rules: ingress unless direction is EGRESS (the default is INGRESS).
gcp_ported_protocols := {"tcp", "udp", "sctp", "6", "17", "132"}

gcp_ranges(allow) := [all_ports] if protocol_name(field(allow, "protocol")) == "all"

gcp_ranges(allow) := [all_ports] if {
	protocol_name(field(allow, "protocol")) in gcp_ported_protocols
	count(array_of(field(allow, "ports"))) == 0
}

gcp_ranges(allow) := [range |
	some spec in allow.ports
	range := spec_range(spec)
] if {
	protocol_name(field(allow, "protocol")) in gcp_ported_protocols
	count(array_of(field(allow, "ports"))) > 0
}

# An ingress rule naming no source at all applies to 0.0.0.0/0.
implicit_source := "0.0.0.0/0 (no source given)"

gcp_sources(values) := values.source_ranges if count(array_of(field(values, "source_ranges"))) > 0

gcp_sources(values) := [implicit_source] if {
	count(array_of(field(values, "source_ranges"))) == 0
	count(array_of(field(values, "source_tags"))) == 0
	count(array_of(field(values, "source_service_accounts"))) == 0
}

gcp_sources(values) := [] if {
	count(array_of(field(values, "source_ranges"))) == 0
	count(array.concat(array_of(field(values, "source_tags")), array_of(field(values, "source_service_accounts")))) > 0
}

rules contains [index, address, sprintf("allow block %d", [position + 1]), sources, source_unknown, gcp_ranges(allow)] if {
	[internet, implicit] := [internet_sources, implicit_source]
	some index, plan in input.terraform.plans
	some address in plan.by_type.google_compute_firewall
	resource := plan.resources[address]
	values := resource.values
	not upper(sprintf("%v", [object.get(values, "direction", "INGRESS")])) == "EGRESS"
	not truthy(field(values, "disabled"))
	some position, allow in array_of(field(values, "allow"))
	source_unknown := any_unknown([field(resource.unknown, "source_ranges")])
	sources := gcp_known_sources(values, source_unknown)
	may_open(sources, source_unknown, internet, implicit)
}

gcp_known_sources(values, false) := gcp_sources(values)

gcp_known_sources(values, true) := array_of(field(values, "source_ranges"))

# Is any of these after_unknown entries true (a whole list) or a list holding true?
any_unknown(entries) := true if {
	some entry in entries
	entry == true
} else := true if {
	some entry in entries
	some item in array_of(entry)
	item == true
} else := false

# An implicit source reads as the internet too.
is_open_source(source, internet) if is_internet(source, internet)

is_open_source(source, _) if source == implicit_source

# A rule may give a finding: sources unknown in the plan (warn), or a source open to the internet
# (deny; as open_rule, written out: a call per source costs). internet and implicit are
# internet_sources and implicit_source.
may_open(_, true, _, _) := true

may_open(sources, false, internet, implicit) if {
	some source in sources
	is_string(source)
	lower(source) in internet
} else := true if {
	implicit in sources
}

# Judged ------------------------------------------------------------------------------------

judged_types := {
	"aws_security_group", "aws_default_security_group", "aws_security_group_rule",
	"aws_vpc_security_group_ingress_rule", "azurerm_network_security_rule",
	"azurerm_network_security_group", "google_compute_firewall",
}

# [plan index, address] of every security group, rule and firewall examined.
judged contains [index, address] if {
	types := judged_types
	some index, plan in input.terraform.plans
	some type in types
	some address in plan.by_type[type]
}

# Findings --------------------------------------------------------------------------------

deny contains finding if {
	[internet, admin] := [internet_sources, admin_ports]
	some [index, address, label, sources, _, ranges] in rules
	some source in sources
	is_open_source(source, internet)
	ports := sort({port | some range in ranges; some port in admin_hits(range, admin)})
	count(ports) > 0
	finding := {
		"msg": sprintf(
			"%s opens admin port(s) %s to the internet: %s allows inbound traffic from %s",
			[address, port_text(ports), label, source],
		),
		"resource": address,
		"file": input.terraform.plans[index].file,
		"source": "terraform",
	}
}

warn contains finding if {
	[internet, admin] := [internet_sources, admin_ports]
	some [index, address, label, sources, true, ranges] in rules
	not open_rule(sources, internet)
	ports := sort({port | some range in ranges; some port in admin_hits(range, admin)})
	count(ports) > 0
	finding := {
		"msg": sprintf(
			"whether %s opens admin port(s) %s to the internet is known only after apply (the sources of %s are unknown in the plan)",
			[address, port_text(ports), label],
		),
		"resource": address,
		"file": input.terraform.plans[index].file,
		"source": "terraform",
	}
}

open_rule(sources, internet) if {
	some source in sources
	is_open_source(source, internet)
}
