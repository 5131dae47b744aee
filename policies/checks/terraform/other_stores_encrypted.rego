# METADATA
# title: Search domains, warehouses, caches, document and graph databases and queues are encrypted at rest
# description: >-
#   OpenSearch and Elasticsearch domains, Redshift clusters, ElastiCache replication groups,
#   DocumentDB and Neptune clusters and SQS queues in the Terraform plan, and Azure Synapse
#   dedicated SQL pools (data_encrypted, transparent data encryption, off unless set), are
#   encrypted at rest. An attribute left unset fails only where the service's default is
#   unencrypted: SQS has encrypted new queues with SSE-SQS since 2022 and Valkey replication groups
#   encrypt by default, so those pass unless encryption is turned off. A value unknown in the plan
#   but left out of the configuration takes that default; one known only after apply for another
#   reason warns. SNS topics are not required to use a key. Google Cloud's equivalents (BigQuery,
#   Memorystore, Firestore, Pub/Sub) are always encrypted at rest and cannot be switched off, so
#   they are not judged (TF-CMK-001 judges their keys for patient data where a key can be chosen).
# custom:
#   id: TF-ENC-002
#   severity: high
#   sources: [terraform]
#   judges: search domains, warehouses, caches, document and graph databases and queues
#   family: encryption-at-rest
#   resource_types: [aws_docdb_cluster, aws_elasticache_replication_group, aws_elasticsearch_domain, aws_neptune_cluster, aws_opensearch_domain, aws_redshift_cluster, aws_sqs_queue, azurerm_synapse_sql_pool]
package dspt.checks.terraform.other_stores_encrypted

import rego.v1

plans := input.terraform.plans

# The top-level attribute that must be true for each type to be encrypted at rest. Unset, each
# defaults to unencrypted (Redshift's default became encrypted in AWS provider 6, which then puts
# the value in the plan).
encryption_attribute := {
	"aws_redshift_cluster": "encrypted",
	"aws_docdb_cluster": "storage_encrypted",
	"aws_neptune_cluster": "storage_encrypted",
	"azurerm_synapse_sql_pool": "data_encrypted",
}

# [plan index, address] of every store judged.
judged contains [index, address] if {
	some index, plan in plans
	some type in judged_types
	some address in plan.by_type[type]
}

judged_types := {type | some type, _ in encryption_attribute} | search_domain_types | {"aws_elasticache_replication_group", "aws_sqs_queue"}

# Domains whose `encrypt_at_rest` block must be enabled (off unless configured).
search_domain_types := {"aws_opensearch_domain", "aws_elasticsearch_domain"}

# ElastiCache engines that encrypt at rest when `at_rest_encryption_enabled` is unset
# (the provider documents false for redis, true for valkey; an unset engine is redis).
encrypted_by_default_engines := {"valkey"}

# Providers give some booleans as strings ("true"/"false": nullable booleans).
truthy(value) if value == true

truthy(value) if value == "true"

falsy(value) if value == false

falsy(value) if value == "false"

# Plans give an absent block as [] or null, and a computed one as true: iterate arrays only.
array_of(value) := value if is_array(value)

array_of(value) := [] if not is_array(value)

# [plan index, address, outcome ("deny" or "warn"), reason] for every store found wanting.
outcomes contains [index, address, "deny", reason] if {
	some index, plan in plans
	some type, attribute in encryption_attribute
	some address in plan.by_type[type]
	resource := plan.resources[address]
	data.dspt.lib.terraform.bool_status_cfg(resource, [attribute], false) == false
	reason := sprintf("%s is %v, expected true", [attribute, object.get(resource.values, attribute, "not set")])
}

outcomes contains [index, address, "warn", reason] if {
	some index, plan in plans
	some type, attribute in encryption_attribute
	some address in plan.by_type[type]
	resource := plan.resources[address]
	data.dspt.lib.terraform.bool_status_cfg(resource, [attribute], false) == "unknown"
	reason := sprintf("%s is unknown in the plan (%s)", [attribute, data.dspt.lib.terraform.why_unknown(resource, [attribute])])
}

# OpenSearch / Elasticsearch --------------------------------------------------------------

search_domains contains [index, address] if {
	some index, plan in plans
	some type in search_domain_types
	some address in plan.by_type[type]
}

encrypted_search_domains contains [index, address] if {
	some [index, address] in search_domains
	some block in array_of(plans[index].resources[address].values.encrypt_at_rest)
	truthy(block.enabled)
}

unknown_search_domains contains [index, address] if {
	some [index, address] in search_domains
	resource := plans[index].resources[address]
	resource.unknown.encrypt_at_rest == true
	not data.dspt.lib.terraform.left_unset(resource, ["encrypt_at_rest", 0, "enabled"])
}

unknown_search_domains contains [index, address] if {
	some [index, address] in search_domains
	resource := plans[index].resources[address]
	some block in array_of(resource.unknown.encrypt_at_rest)
	block.enabled == true
	not data.dspt.lib.terraform.left_unset(resource, ["encrypt_at_rest", 0, "enabled"])
}

outcomes contains [index, address, "deny", "encrypt_at_rest is not enabled (domains are unencrypted unless it is)"] if {
	some [index, address] in search_domains
	not [index, address] in encrypted_search_domains
	not [index, address] in unknown_search_domains
}

outcomes contains [index, address, "warn", "encrypt_at_rest is unknown in the plan; unset, the domain is unencrypted"] if {
	some [index, address] in unknown_search_domains
	not [index, address] in encrypted_search_domains
}

# ElastiCache -----------------------------------------------------------------------------

replication_engine(values) := lower(values.engine) if is_string(values.engine)

replication_engine(values) := "redis" if not is_string(values.engine)

# Members of a global datastore take their encryption from the primary group.
global_members contains [index, address] if {
	some index, plan in plans
	some address in plan.by_type.aws_elasticache_replication_group
	id := plan.resources[address].values.global_replication_group_id
	is_string(id)
	id != ""
}

outcomes contains [index, address, "deny", "at_rest_encryption_enabled is false"] if {
	some index, plan in plans
	some address in plan.by_type.aws_elasticache_replication_group
	falsy(plan.resources[address].values.at_rest_encryption_enabled)
}

outcomes contains [index, address, "deny", reason] if {
	some index, plan in plans
	some address in plan.by_type.aws_elasticache_replication_group
	not [index, address] in global_members
	resource := plan.resources[address]
	not elasticache_unknown(resource)
	object.get(resource.values, "at_rest_encryption_enabled", null) == null
	engine := replication_engine(resource.values)
	not engine in encrypted_by_default_engines
	reason := sprintf("at_rest_encryption_enabled is not set, and %s replication groups are unencrypted by default", [engine])
}

outcomes contains [index, address, "warn", reason] if {
	some index, plan in plans
	some address in plan.by_type.aws_elasticache_replication_group
	not [index, address] in global_members
	resource := plan.resources[address]
	elasticache_unknown(resource)
	engine := replication_engine(resource.values)
	not engine in encrypted_by_default_engines
	reason := sprintf("at_rest_encryption_enabled is unknown in the plan; unset, %s replication groups are unencrypted", [engine])
}

# The flag is known only after apply, and not because the configuration leaves it unset.
elasticache_unknown(resource) if {
	resource.unknown.at_rest_encryption_enabled == true
	not data.dspt.lib.terraform.left_unset(resource, ["at_rest_encryption_enabled"])
}

outcomes contains [index, address, "warn", reason] if {
	some [index, address] in global_members
	values := plans[index].resources[address].values
	not truthy(object.get(values, "at_rest_encryption_enabled", null))
	not falsy(object.get(values, "at_rest_encryption_enabled", null))
	reason := sprintf("it joins global datastore %s, whose encryption the plan does not show", [values.global_replication_group_id])
}

# SQS -------------------------------------------------------------------------------------

# A queue fails only when SSE-SQS is turned off and no KMS key is given: new queues are
# encrypted with SSE-SQS by default, and an unset sqs_managed_sse_enabled (shown as unknown,
# the attribute being computed) leaves that default in place.
outcomes contains [index, address, "deny", "sqs_managed_sse_enabled is false and no kms_master_key_id is set"] if {
	some index, plan in plans
	some address in plan.by_type.aws_sqs_queue
	resource := plan.resources[address]
	falsy(resource.values.sqs_managed_sse_enabled)
	not resource.unknown.kms_master_key_id == true
	not has_text(object.get(resource.values, "kms_master_key_id", null))
}

has_text(value) if {
	is_string(value)
	value != ""
}

# Findings --------------------------------------------------------------------------------

deny contains finding if {
	some [index, address, "deny", reason] in outcomes
	finding := {
		"msg": sprintf("%s is not encrypted at rest: %s", [address, reason]),
		"resource": address,
		"file": plans[index].file,
		"source": "terraform",
	}
}

warn contains finding if {
	some [index, address, "warn", reason] in outcomes
	finding := {
		"msg": sprintf("whether %s is encrypted at rest is known only after apply: %s", [address, reason]),
		"resource": address,
		"file": plans[index].file,
		"source": "terraform",
	}
}
