package dspt.checks.terraform.other_stores_encrypted_test

import rego.v1

import data.dspt.checks.terraform.other_stores_encrypted
import data.dspt.testing.terraform as tf

# The check reads no parameters; the shipped patient-data tags are given for completeness.
params := {"terraform": {"patient_data_tags": {"data_classification": ["patient", "personal"]}}}

# The plan of resources, read from plans/platform.json (the file the findings name).
plan(resources) := tf.plan_in("plans/platform.json", resources)

deny_of(resources) := result if {
	result := other_stores_encrypted.deny with input as tf.evidence([plan(resources)]) with data.dspt.params as params
}

warn_of(resources) := result if {
	result := other_stores_encrypted.warn with input as tf.evidence([plan(resources)]) with data.dspt.params as params
}

denied(resources) := {finding.resource | some finding in deny_of(resources)}

warned(resources) := {finding.resource | some finding in warn_of(resources)}

compliant_resources := [
	tf.resource("aws_opensearch_domain.search", {"domain_name": "records-search", "encrypt_at_rest": [{"enabled": true}]}, {"encrypt_at_rest": [{"kms_key_id": true}]}),
	tf.resource("aws_elasticsearch_domain.legacy", {"domain_name": "legacy", "encrypt_at_rest": [{"enabled": true, "kms_key_id": "arn:aws:kms:eu-west-2:111122223333:key/abc"}]}, {}),
	tf.resource("aws_redshift_cluster.warehouse", {"cluster_identifier": "warehouse", "encrypted": true}, {"kms_key_id": true}),
	tf.resource("aws_redshift_cluster.v6", {"cluster_identifier": "v6", "encrypted": "true"}, {}),
	tf.resource("aws_elasticache_replication_group.sessions", {"engine": "redis", "at_rest_encryption_enabled": "true"}, {}),
	tf.resource("aws_elasticache_replication_group.valkey", {"engine": "valkey"}, {"at_rest_encryption_enabled": true}),
	tf.resource("aws_docdb_cluster.documents", {"storage_encrypted": true}, {}),
	tf.resource("aws_neptune_cluster.graph", {"storage_encrypted": true}, {}),
	tf.resource("aws_sqs_queue.default_sse", {"name": "jobs", "kms_master_key_id": null}, {"sqs_managed_sse_enabled": true}),
	tf.resource("aws_sqs_queue.sse_on", {"name": "events", "sqs_managed_sse_enabled": true}, {}),
	tf.resource("aws_sqs_queue.kms", {"name": "exports", "sqs_managed_sse_enabled": false, "kms_master_key_id": "alias/exports"}, {}),
	tf.resource("aws_sqs_queue.kms_unknown", {"name": "audit", "sqs_managed_sse_enabled": false}, {"kms_master_key_id": true}),
	tf.resource("aws_sns_topic.alerts", {"name": "alerts", "kms_master_key_id": null}, {}),
]

test_encrypted_stores_pass if {
	count(deny_of(compliant_resources)) == 0
	count(warn_of(compliant_resources)) == 0
}

test_unencrypted_redshift_is_denied_with_its_value if {
	deny := deny_of([tf.resource("aws_redshift_cluster.warehouse", {"encrypted": false}, {})])
	deny == {{
		"msg": "aws_redshift_cluster.warehouse is not encrypted at rest: encrypted is false, expected true",
		"resource": "aws_redshift_cluster.warehouse",
		"file": "plans/platform.json",
		"source": "terraform",
	}}
}

test_unset_docdb_and_neptune_are_denied if {
	denied([
		tf.resource("aws_docdb_cluster.documents", {"engine": "docdb"}, {}),
		tf.resource("aws_neptune_cluster.graph", {"storage_encrypted": "false"}, {}),
	]) == {"aws_docdb_cluster.documents", "aws_neptune_cluster.graph"}
}

test_unknown_storage_encrypted_warns if {
	resources := [tf.resource("aws_docdb_cluster.documents", {}, {"storage_encrypted": true})]
	count(deny_of(resources)) == 0
	warned(resources) == {"aws_docdb_cluster.documents"}
}

test_search_domain_without_encryption_is_denied if {
	resources := [
		tf.resource("aws_opensearch_domain.off", {"encrypt_at_rest": [{"enabled": false}]}, {}),
		tf.resource("aws_elasticsearch_domain.none", {"encrypt_at_rest": []}, {}),
	]
	denied(resources) == {"aws_opensearch_domain.off", "aws_elasticsearch_domain.none"}
	some finding in deny_of(resources)
	finding.msg == "aws_opensearch_domain.off is not encrypted at rest: encrypt_at_rest is not enabled (domains are unencrypted unless it is)"
}

test_search_domain_with_computed_block_warns if {
	resources := [tf.resource("aws_opensearch_domain.search", {"encrypt_at_rest": []}, {"encrypt_at_rest": true})]
	count(deny_of(resources)) == 0
	warned(resources) == {"aws_opensearch_domain.search"}
}

test_elasticache_false_or_unset_redis_is_denied if {
	resources := [
		tf.resource("aws_elasticache_replication_group.off", {"engine": "redis", "at_rest_encryption_enabled": false}, {}),
		tf.resource("aws_elasticache_replication_group.unset", {"engine": "redis", "at_rest_encryption_enabled": null}, {}),
		tf.resource("aws_elasticache_replication_group.valkey_off", {"engine": "valkey", "at_rest_encryption_enabled": "false"}, {}),
	]
	denied(resources) == {
		"aws_elasticache_replication_group.off",
		"aws_elasticache_replication_group.unset",
		"aws_elasticache_replication_group.valkey_off",
	}
}

test_elasticache_unknown_warns_for_redis_only if {
	resources := [
		tf.resource("aws_elasticache_replication_group.redis", {"engine": "redis"}, {"at_rest_encryption_enabled": true}),
		tf.resource("aws_elasticache_replication_group.default_engine", {}, {"engine": true, "at_rest_encryption_enabled": true}),
		tf.resource("aws_elasticache_replication_group.valkey", {"engine": "valkey"}, {"at_rest_encryption_enabled": true}),
	]
	count(deny_of(resources)) == 0
	warned(resources) == {"aws_elasticache_replication_group.redis", "aws_elasticache_replication_group.default_engine"}
}

test_elasticache_global_member_warns if {
	resources := [tf.resource("aws_elasticache_replication_group.secondary", {"global_replication_group_id": "ldgnf-records"}, {"at_rest_encryption_enabled": true})]
	count(deny_of(resources)) == 0
	some finding in warn_of(resources)
	finding.resource == "aws_elasticache_replication_group.secondary"
	contains(finding.msg, "global datastore ldgnf-records")
}

test_sqs_with_sse_turned_off_is_denied if {
	resources := [tf.resource("aws_sqs_queue.jobs", {"name": "jobs", "sqs_managed_sse_enabled": false, "kms_master_key_id": null}, {})]
	deny_of(resources) == {{
		"msg": "aws_sqs_queue.jobs is not encrypted at rest: sqs_managed_sse_enabled is false and no kms_master_key_id is set",
		"resource": "aws_sqs_queue.jobs",
		"file": "plans/platform.json",
		"source": "terraform",
	}}
}

test_each_plan_is_judged_and_leaving_resources_are_not if {
	off := tf.resource("aws_redshift_cluster.warehouse", {"encrypted": false}, {})
	leaving_plan := object.union(plan([]), {"leaving": ["aws_redshift_cluster.old"]})
	deny := other_stores_encrypted.deny with input as tf.evidence([leaving_plan, plan([off])]) with data.dspt.params as params
	count(deny) == 1
}

test_module_and_count_addresses_are_judged if {
	address := "module.cache[\"eu\"].aws_elasticache_replication_group.this[0]"
	group := object.union(tf.resource("aws_elasticache_replication_group.this", {"at_rest_encryption_enabled": false}, {}), {"address": address})
	deny := other_stores_encrypted.deny with input as tf.evidence([plan([group])]) with data.dspt.params as params
	{finding.resource | some finding in deny} == {address}
}

judged_of(resources) := result if {
	result := other_stores_encrypted.judged with input as tf.evidence([plan(resources)]) with data.dspt.params as params
}

test_synapse_sql_pools_need_transparent_data_encryption if {
	on := tf.resource("azurerm_synapse_sql_pool.warehouse", {"name": "warehouse", "data_encrypted": true}, {})
	unset := tf.resource("azurerm_synapse_sql_pool.reporting", {"name": "reporting"}, {})
	count(deny_of([on])) == 0
	deny_of([on, unset]) == {{
		"msg": "azurerm_synapse_sql_pool.reporting is not encrypted at rest: data_encrypted is not set, expected true",
		"resource": "azurerm_synapse_sql_pool.reporting",
		"file": "plans/platform.json",
		"source": "terraform",
	}}
	judged_of([on, unset]) == {[0, "azurerm_synapse_sql_pool.warehouse"], [0, "azurerm_synapse_sql_pool.reporting"]}
}

test_values_unknown_but_unset_in_the_configuration_take_the_default if {
	docdb := tf.configured(tf.resource("aws_docdb_cluster.documents", {}, {"storage_encrypted": true}), {"engine": {"constant": "docdb"}})
	search := tf.configured(tf.resource("aws_opensearch_domain.search", {"domain_name": "search"}, {"encrypt_at_rest": true}), {"domain_name": {"constant": "search"}})
	redis := tf.configured(tf.resource("aws_elasticache_replication_group.sessions", {"engine": "redis"}, {"at_rest_encryption_enabled": true}), {"engine": {"constant": "redis"}})
	valkey := tf.configured(tf.resource("aws_elasticache_replication_group.valkey", {"engine": "valkey"}, {"at_rest_encryption_enabled": true}), {"engine": {"constant": "valkey"}})
	denied([docdb, search, redis, valkey]) == {"aws_docdb_cluster.documents", "aws_opensearch_domain.search", "aws_elasticache_replication_group.sessions"}
	count(warn_of([docdb, search, redis, valkey])) == 0
	# Set from a variable, the value is known only after apply: a warning names what it refers to.
	from_variable := tf.configured(tf.resource("aws_docdb_cluster.documents", {}, {"storage_encrypted": true}), {"storage_encrypted": {"references": ["var.encrypted"], "resources": [], "data": []}})
	warn_of([from_variable]) == {{
		"msg": "whether aws_docdb_cluster.documents is encrypted at rest is known only after apply: storage_encrypted is unknown in the plan (storage_encrypted refers to var.encrypted)",
		"resource": "aws_docdb_cluster.documents",
		"file": "plans/platform.json",
		"source": "terraform",
	}}
}

test_every_store_is_judged_once_and_sns_topics_are_not if {
	judged := judged_of(compliant_resources)
	count(judged) == 12
	not [0, "aws_sns_topic.alerts"] in judged
	[0, "aws_sqs_queue.kms"] in judged
}

# Every resource type the check declares in its METADATA, one resource each, with its outcome.
declared_type_cases := [
	["aws_docdb_cluster", {"storage_encrypted": true}, {}, "pass"],
	["aws_elasticache_replication_group", {"engine": "redis"}, {}, "deny"],
	["aws_elasticsearch_domain", {"domain_name": "declared", "encrypt_at_rest": [{"enabled": true}]}, {}, "pass"],
	["aws_neptune_cluster", {}, {"storage_encrypted": true}, "warn"],
	["aws_opensearch_domain", {"domain_name": "declared", "encrypt_at_rest": []}, {}, "deny"],
	["aws_redshift_cluster", {"encrypted": true}, {}, "pass"],
	["aws_sqs_queue", {"name": "declared", "sqs_managed_sse_enabled": false}, {}, "deny"],
	["azurerm_synapse_sql_pool", {"name": "declared", "data_encrypted": true}, {}, "pass"],
]

test_every_declared_type_is_judged_with_its_outcome if {
	resources := tf.declared_resources(declared_type_cases)
	input_doc := tf.evidence([plan(resources)])
	deny := other_stores_encrypted.deny with input as input_doc with data.dspt.params as params
	warn := other_stores_encrypted.warn with input as input_doc with data.dspt.params as params
	judged := other_stores_encrypted.judged with input as input_doc with data.dspt.params as params
	tf.judged_as_declared(declared_type_cases, 3, deny, warn, judged)
}
