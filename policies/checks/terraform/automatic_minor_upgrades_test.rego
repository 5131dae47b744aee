package dspt.checks.terraform.automatic_minor_upgrades_test

import rego.v1

import data.dspt.checks.terraform.automatic_minor_upgrades
import data.dspt.testing.terraform as tf

params := {"terraform": {
	"allowed_regions": ["eu-west-2", "uksouth", "ukwest", "europe-west2"],
	"patient_data_tags": {"data_classification": ["patient", "personal"]},
}}

compliant_resources := [
	tf.resource("aws_db_instance.records", {"engine": "postgres", "auto_minor_version_upgrade": true}, {}),
	tf.resource("aws_db_instance.unset", {"engine": "postgres"}, {}),
	tf.resource("aws_rds_cluster_instance.analytics", {"engine": "aurora-postgresql", "auto_minor_version_upgrade": true}, {}),
	tf.resource("aws_elasticache_replication_group.sessions", {"engine": "redis", "auto_minor_version_upgrade": "true"}, {}),
	tf.resource("aws_mq_broker.events", {"engine_type": "RabbitMQ", "auto_minor_version_upgrade": true}, {}),
	tf.resource("google_container_node_pool.default", {"management": [{"auto_repair": true, "auto_upgrade": true}]}, {}),
	tf.resource("azurerm_kubernetes_cluster.main", {"name": "aks", "automatic_upgrade_channel": "patch"}, {}),
	tf.resource("azurerm_kubernetes_cluster.legacy", {"name": "aks3", "automatic_channel_upgrade": "stable"}, {}),
	tf.resource("aws_eks_cluster.main", {"name": "eks", "upgrade_policy": [{"support_type": "STANDARD"}]}, {}),
	tf.resource("google_container_cluster.main", {"name": "gke", "release_channel": []}, {}),
]

test_automatically_upgraded_resources_pass if {
	input_doc := tf.evidence_of(compliant_resources)
	count(automatic_minor_upgrades.deny) == 0 with input as input_doc with data.dspt.params as params
	count(automatic_minor_upgrades.warn) == 0 with input as input_doc with data.dspt.params as params
}

test_upgrades_turned_off_are_denied if {
	input_doc := tf.evidence_of([
		tf.resource("aws_db_instance.main", {"engine": "mysql", "auto_minor_version_upgrade": false}, {}),
		tf.resource("aws_elasticache_replication_group.sessions", {"engine": "redis", "auto_minor_version_upgrade": "false"}, {}),
		tf.resource("google_container_node_pool.default", {"management": [{"auto_upgrade": false}]}, {}),
	])
	deny := automatic_minor_upgrades.deny with input as input_doc with data.dspt.params as params
	deny == {
		{
			"msg": "aws_db_instance.main does not take minor version upgrades automatically (auto_minor_version_upgrade is false)",
			"resource": "aws_db_instance.main",
			"file": "plan.json",
			"source": "terraform",
		},
		{
			"msg": "aws_elasticache_replication_group.sessions does not take minor version upgrades automatically (auto_minor_version_upgrade is false)",
			"resource": "aws_elasticache_replication_group.sessions",
			"file": "plan.json",
			"source": "terraform",
		},
		{
			"msg": "google_container_node_pool.default does not take minor version upgrades automatically (management.auto_upgrade is false)",
			"resource": "google_container_node_pool.default",
			"file": "plan.json",
			"source": "terraform",
		},
	}
}

test_mq_broker_defaults_to_no_upgrades if {
	input_doc := tf.evidence_of([tf.resource("aws_mq_broker.events", {"engine_type": "ActiveMQ"}, {})])
	deny := automatic_minor_upgrades.deny with input as input_doc with data.dspt.params as params
	deny == {{
		"msg": "aws_mq_broker.events does not take minor version upgrades automatically (auto_minor_version_upgrade is not set, and the provider default is false)",
		"resource": "aws_mq_broker.events",
		"file": "plan.json",
		"source": "terraform",
	}}
}

test_unknown_upgrade_setting_warns if {
	input_doc := tf.evidence_of([tf.resource("aws_elasticache_replication_group.sessions", {"engine": "redis"}, {"auto_minor_version_upgrade": true})])
	count(automatic_minor_upgrades.deny) == 0 with input as input_doc with data.dspt.params as params
	warn := automatic_minor_upgrades.warn with input as input_doc with data.dspt.params as params
	warn == {{
		"msg": "whether aws_elasticache_replication_group.sessions takes minor version upgrades automatically is known only after apply (auto_minor_version_upgrade is unknown in the plan)",
		"resource": "aws_elasticache_replication_group.sessions",
		"file": "plan.json",
		"source": "terraform",
	}}
}

test_clusters_without_automatic_upgrades_warn if {
	input_doc := tf.evidence_of([
		tf.resource("azurerm_kubernetes_cluster.main", {"name": "aks"}, {}),
		tf.resource("azurerm_kubernetes_cluster.images", {"name": "aks-images", "automatic_upgrade_channel": "node-image"}, {}),
		tf.resource("aws_eks_cluster.main", {"name": "eks", "upgrade_policy": []}, {}),
		tf.resource("google_container_cluster.pinned", {"name": "gke", "release_channel": [{"channel": "UNSPECIFIED"}]}, {}),
	])
	count(automatic_minor_upgrades.deny) == 0 with input as input_doc with data.dspt.params as params
	warn := automatic_minor_upgrades.warn with input as input_doc with data.dspt.params as params
	{finding.resource | some finding in warn} == {
		"azurerm_kubernetes_cluster.main", "azurerm_kubernetes_cluster.images",
		"aws_eks_cluster.main", "google_container_cluster.pinned",
	}
	some finding in warn
	finding == {
		"msg": "azurerm_kubernetes_cluster.main has no automatic Kubernetes upgrade channel (automatic_upgrade_channel is not set; patch, stable or rapid keep it upgraded)",
		"resource": "azurerm_kubernetes_cluster.main",
		"file": "plan.json",
		"source": "terraform",
	}
}

test_unknown_cluster_channels_warn_as_unknown if {
	input_doc := tf.evidence_of([
		tf.resource("azurerm_kubernetes_cluster.main", {"name": "aks"}, {"automatic_upgrade_channel": true}),
		tf.resource("aws_eks_cluster.main", {"name": "eks"}, {"upgrade_policy": true}),
	])
	warn := automatic_minor_upgrades.warn with input as input_doc with data.dspt.params as params
	every finding in warn {
		contains(finding.msg, "known only after apply")
	}
	count(warn) == 2
}

# Every resource type the check declares in its METADATA, one resource each, with its outcome.
declared_type_cases := [
	["aws_db_instance", {"auto_minor_version_upgrade": false}, {}, "deny"],
	["aws_eks_cluster", {"name": "declared", "upgrade_policy": [{"support_type": "STANDARD"}]}, {}, "pass"],
	["aws_elasticache_replication_group", {"engine": "redis"}, {"auto_minor_version_upgrade": true}, "warn"],
	["aws_mq_broker", {"engine_type": "RabbitMQ"}, {}, "deny"],
	["aws_rds_cluster_instance", {"auto_minor_version_upgrade": true}, {}, "pass"],
	["azurerm_kubernetes_cluster", {"name": "declared", "automatic_upgrade_channel": "patch"}, {}, "pass"],
	["google_container_cluster", {"name": "declared", "release_channel": [{"channel": "UNSPECIFIED"}]}, {}, "warn"],
	["google_container_node_pool", {"management": [{"auto_upgrade": false}]}, {}, "deny"],
]

test_a_setting_unknown_but_unset_in_the_configuration_takes_the_default if {
	cache := tf.resource("aws_elasticache_replication_group.sessions", {"engine": "redis"}, {"auto_minor_version_upgrade": true})
	broker := tf.resource("aws_mq_broker.events", {"engine_type": "RabbitMQ"}, {"auto_minor_version_upgrade": true})
	input_doc := tf.evidence_of([
		tf.configured(cache, {"engine": {"constant": "redis"}}),
		tf.configured(broker, {"engine_type": {"constant": "RabbitMQ"}}),
	])
	deny := automatic_minor_upgrades.deny with input as input_doc with data.dspt.params as params
	{finding.resource | some finding in deny} == {"aws_mq_broker.events"}
	count(automatic_minor_upgrades.warn) == 0 with input as input_doc with data.dspt.params as params
}

test_every_declared_type_is_judged_with_its_outcome if {
	resources := tf.declared_resources(declared_type_cases)
	input_doc := tf.evidence_of(resources)
	deny := automatic_minor_upgrades.deny with input as input_doc with data.dspt.params as params
	warn := automatic_minor_upgrades.warn with input as input_doc with data.dspt.params as params
	judged := automatic_minor_upgrades.judged with input as input_doc with data.dspt.params as params
	tf.judged_as_declared(declared_type_cases, 3, deny, warn, judged)
}
