# METADATA
# title: Managed databases, brokers, caches and clusters take minor version upgrades automatically
# description: >-
#   RDS instances, Aurora cluster instances, ElastiCache replication groups and Amazon MQ brokers
#   do not turn off auto_minor_version_upgrade (on by default, except for MQ brokers, whose
#   provider default is off), and GKE node pools do not turn off auto_upgrade. Kubernetes control
#   planes warn when nothing upgrades them: AKS clusters without an automatic upgrade channel
#   (automatic_upgrade_channel in azurerm 4.x, automatic_channel_upgrade in 3.x), EKS clusters not
#   on the STANDARD upgrade policy (the default, EXTENDED, keeps an old version running into
#   extended support), and GKE clusters taken out of release channels.
#   A value unknown in the plan but left out of the configuration takes the provider default.
# custom:
#   id: TF-VUL-002
#   severity: low
#   sources: [terraform]
#   judges: managed databases, caches, brokers, Kubernetes clusters and node pools
#   family: vulnerability-management
#   resource_types: [aws_db_instance, aws_eks_cluster, aws_elasticache_replication_group, aws_mq_broker, aws_rds_cluster_instance, azurerm_kubernetes_cluster, google_container_cluster, google_container_node_pool]
package dspt.checks.terraform.automatic_minor_upgrades

import rego.v1

# Type -> [attribute path, provider default].
upgrade_attribute := {
	"aws_db_instance": [["auto_minor_version_upgrade"], true],
	"aws_rds_cluster_instance": [["auto_minor_version_upgrade"], true],
	"aws_elasticache_replication_group": [["auto_minor_version_upgrade"], true],
	"aws_mq_broker": [["auto_minor_version_upgrade"], false],
	"google_container_node_pool": [["management", 0, "auto_upgrade"], true],
}

# [plan index, address] of every resource judged.
judged contains [index, address] if {
	types := judged_types
	some index, plan in input.terraform.plans
	some type in types
	some address in plan.by_type[type]
}

judged_types := {type | some type, _ in upgrade_attribute} | {"azurerm_kubernetes_cluster", "aws_eks_cluster", "google_container_cluster"}

attribute_name(path) := concat(".", [part | some part in path; is_string(part)])

# [plan index, address, outcome, message] for every resource found wanting.
# [plan index, address, attribute path, status] of every resource with an upgrade flag, judged
# once (the deny and warn outcomes read it); rules are bound before the loops: regorus resolves a
# rule reference on every iteration.
upgrade_statuses contains [index, address, path, status] if {
	attributes := upgrade_attribute
	some index, plan in input.terraform.plans
	some type, [path, fallback] in attributes
	some address in plan.by_type[type]
	status := data.dspt.lib.terraform.bool_status_cfg(plan.resources[address], path, fallback)
}

outcomes contains [index, address, "deny", msg] if {
	some [index, address, path, false] in upgrade_statuses
	plan := input.terraform.plans[index]
	resource := plan.resources[address]
	setting := setting_text(data.dspt.lib.terraform.value_at(resource, path))
	msg := sprintf(
		"%s does not take minor version upgrades automatically (%s is %s)",
		[address, attribute_name(path), setting],
	)
}

setting_text(value) := "not set, and the provider default is false" if {
	value == null
} else := sprintf("%v", [value])

outcomes contains [index, address, "warn", msg] if {
	some [index, address, path, "unknown"] in upgrade_statuses
	msg := sprintf(
		"whether %s takes minor version upgrades automatically is known only after apply (%s is unknown in the plan)",
		[address, attribute_name(path)],
	)
}

# AKS: channels that upgrade the Kubernetes version (node-image upgrades only node images).
aks_version_channels := {"patch", "stable", "rapid"}

aks_channel_attributes := ["automatic_upgrade_channel", "automatic_channel_upgrade"]

aks_channel(resource) := "unknown" if {
	some attribute in aks_channel_attributes
	data.dspt.lib.terraform.unknown_at(resource, [attribute])
} else := channel if {
	some attribute in aks_channel_attributes
	channel := data.dspt.lib.terraform.known_string(resource, [attribute])
} else := "not set"

outcomes contains [index, address, "warn", msg] if {
	some index, plan in input.terraform.plans
	some address in plan.by_type.azurerm_kubernetes_cluster
	channel := aks_channel(plan.resources[address])
	channel != "unknown"
	not channel in aks_version_channels
	msg := sprintf(
		"%s has no automatic Kubernetes upgrade channel (automatic_upgrade_channel is %s; patch, stable or rapid keep it upgraded)",
		[address, channel],
	)
}

outcomes contains [index, address, "warn", msg] if {
	some index, plan in input.terraform.plans
	some address in plan.by_type.azurerm_kubernetes_cluster
	aks_channel(plan.resources[address]) == "unknown"
	msg := sprintf("whether %s is upgraded automatically is known only after apply (its upgrade channel is unknown in the plan)", [address])
}

# EKS upgrades a cluster automatically only at the end of standard support, and only when its
# upgrade policy is STANDARD; the EKS default, EXTENDED, keeps the old version running.
outcomes contains [index, address, "warn", msg] if {
	some index, plan in input.terraform.plans
	some address in plan.by_type.aws_eks_cluster
	support := data.dspt.lib.terraform.string_status(plan.resources[address], ["upgrade_policy", 0, "support_type"], "EXTENDED")
	not support in {"STANDARD", "unknown"}
	msg := sprintf(
		"%s is not upgraded automatically: upgrade_policy.support_type is %s, so it stays on its Kubernetes version into extended support (STANDARD upgrades it when standard support ends)",
		[address, support],
	)
}

outcomes contains [index, address, "warn", msg] if {
	some index, plan in input.terraform.plans
	some address in plan.by_type.aws_eks_cluster
	data.dspt.lib.terraform.string_status(plan.resources[address], ["upgrade_policy", 0, "support_type"], "EXTENDED") == "unknown"
	msg := sprintf("whether %s is upgraded automatically is known only after apply (upgrade_policy.support_type is unknown in the plan)", [address])
}

# GKE enrols clusters in the REGULAR release channel unless told otherwise; UNSPECIFIED opts out.
outcomes contains [index, address, "warn", msg] if {
	some index, plan in input.terraform.plans
	some address in plan.by_type.google_container_cluster
	data.dspt.lib.terraform.string_status(plan.resources[address], ["release_channel", 0, "channel"], "REGULAR") == "UNSPECIFIED"
	msg := sprintf("%s is not in a release channel (release_channel.channel is UNSPECIFIED), so GKE does not keep its version current", [address])
}

deny contains finding if {
	some [index, address, "deny", msg] in outcomes
	finding := {"msg": msg, "resource": address, "file": input.terraform.plans[index].file, "source": "terraform"}
}

warn contains finding if {
	some [index, address, "warn", msg] in outcomes
	finding := {"msg": msg, "resource": address, "file": input.terraform.plans[index].file, "source": "terraform"}
}
