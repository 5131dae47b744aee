# METADATA
# title: Databases and key vaults are protected from deletion
# description: >-
#   RDS instances and clusters, DocumentDB and Neptune clusters have deletion_protection on (off by
#   default): a missing protection fails for databases tagged as holding patient data and warns
#   for the others. DynamoDB tables holding patient data have deletion_protection_enabled. Cloud
#   SQL instances, Spanner databases and Bigtable instances keep the provider's
#   deletion_protection, which is on unless turned off: turning it off fails. Azure has no such
#   flag on its databases: PostgreSQL/MySQL flexible servers, SQL servers and Cosmos DB accounts
#   are protected by an azurerm_management_lock (CanNotDelete or ReadOnly) on them or on their
#   resource group, tied by the lock's scope reference or known id; without one they fail when
#   tagged as holding patient data and warn otherwise. Key vaults have purge_protection_enabled
#   (off by default), so deleted keys and secrets cannot be purged: warns when off.
# custom:
#   id: TF-BAK-003
#   severity: high
#   sources: [terraform]
#   family: backups
#   judges: databases and key vaults (RDS, Aurora, DocumentDB, Neptune, DynamoDB tables holding patient data, Azure database servers, Cosmos DB, Key Vault, Cloud SQL, Spanner, Bigtable)
#   resource_types: [aws_db_instance, aws_docdb_cluster, aws_dynamodb_table, aws_neptune_cluster, aws_rds_cluster, azurerm_cosmosdb_account, azurerm_key_vault, azurerm_mssql_server, azurerm_mysql_flexible_server, azurerm_postgresql_flexible_server, google_bigtable_instance, google_spanner_database, google_sql_database_instance]
package dspt.checks.terraform.deletion_protection

import rego.v1

# Type -> [attribute, provider default, judged for patient data only, fails for every resource].
# Defaults: aws provider docs (deletion_protection "Defaults to false" on aws_db_instance,
# aws_rds_cluster, aws_docdb_cluster, aws_neptune_cluster; deletion_protection_enabled on
# aws_dynamodb_table), google provider docs (deletion_protection "Defaults to true" on
# google_sql_database_instance, google_spanner_database, google_bigtable_instance), azurerm docs
# (purge_protection_enabled "Defaults to false").
protection := {
	"aws_db_instance": ["deletion_protection", false, false, false],
	"aws_rds_cluster": ["deletion_protection", false, false, false],
	"aws_docdb_cluster": ["deletion_protection", false, false, false],
	"aws_neptune_cluster": ["deletion_protection", false, false, false],
	"aws_dynamodb_table": ["deletion_protection_enabled", false, true, false],
	"azurerm_key_vault": ["purge_protection_enabled", false, false, false],
	"google_sql_database_instance": ["deletion_protection", true, false, true],
	"google_spanner_database": ["deletion_protection", true, false, true],
	"google_bigtable_instance": ["deletion_protection", true, false, true],
}

# Azure databases, protected by a management lock.
lock_protected_types := {
	"azurerm_postgresql_flexible_server", "azurerm_mysql_flexible_server",
	"azurerm_mssql_server", "azurerm_cosmosdb_account",
}

lock_attribute := "an azurerm_management_lock"

# [plan index, address, attribute, status, patient] of every resource judged. Rules are bound
# before the loops: regorus resolves a rule reference on every iteration.
judged contains [index, address, attribute, status, patient] if {
	protections := protection
	some index, plan in input.terraform.plans
	some type, [attribute, fallback, patient_only, _] in protections
	some address in plan.by_type[type]
	resource := plan.resources[address]
	patient := is_patient(resource)
	patient_or_all(patient, patient_only)
	status := data.dspt.lib.terraform.bool_status_cfg(resource, [attribute], fallback)
}

judged contains [index, address, lock_attribute, status, patient] if {
	types := lock_protected_types
	some index, plan in input.terraform.plans
	some type in types
	some address in plan.by_type[type]
	resource := plan.resources[address]
	patient := is_patient(resource)
	status := lock_status(index, resource)
}

# Whether a resource is tagged as holding patient data, read from the resource itself: the
# library's patient_resources judges the tags of every resource of the estate.
is_patient(resource) := true if {
	data.dspt.lib.terraform.is_patient_data(resource)
} else := false

patient_or_all(patient, _) if patient

patient_or_all(_, patient_only) if not patient_only

# Management locks -------------------------------------------------------------------------------

lock_levels := {"CanNotDelete", "ReadOnly"}

deleting_locks contains [index, address] if {
	levels := lock_levels
	some index, plan in input.terraform.plans
	some address in plan.by_type.azurerm_management_lock
	plan.resources[address].values.lock_level in levels
}

# [plan index, address] of resources (servers, accounts, resource groups) a lock's scope refers to.
locked_by_reference contains [index, target] if {
	some [index, address] in deleting_locks
	some target in data.dspt.lib.terraform.reference_ties[[index, address, "scope"]]
}

# [plan index, lower-case id] of scopes known in the plan.
locked_ids contains [index, lower(scope)] if {
	some [index, address] in deleting_locks
	not [index, address] in data.dspt.lib.terraform.referenced_settings
	plan := input.terraform.plans[index]
	scope := data.dspt.lib.terraform.known_string(plan.resources[address], ["scope"])
}

# Plans with a lock whose scope is tied neither by reference nor by a known id.
loose_lock_plans contains index if {
	some [index, address] in deleting_locks
	not [index, address] in data.dspt.lib.terraform.referenced_settings
	plan := input.terraform.plans[index]
	not data.dspt.lib.terraform.known_string(plan.resources[address], ["scope"])
}

# [plan index, lower-case resource group name] of resource groups locked by reference.
locked_groups contains [index, lower(name)] if {
	some [index, target] in locked_by_reference
	plan := input.terraform.plans[index]
	group := plan.resources[target]
	group.type == "azurerm_resource_group"
	name := data.dspt.lib.terraform.known_string(group, ["name"])
}

# A resource group id known in the plan: /subscriptions/<id>/resourceGroups/<name>.
locked_groups contains [index, name] if {
	some [index, id] in locked_ids
	regex.match(`^/subscriptions/[^/]+/resourcegroups/[^/]+/?$`, id)
	name := data.dspt.lib.terraform.azure_id_name(id, "resourceGroups")
}

lock_status(index, resource) := true if {
	[index, resource.address] in locked_by_reference
} else := true if {
	id := data.dspt.lib.terraform.known_string(resource, ["id"])
	[index, lower(id)] in locked_ids
} else := true if {
	group := data.dspt.lib.terraform.known_string(resource, ["resource_group_name"])
	[index, lower(group)] in locked_groups
} else := "unknown" if {
	index in loose_lock_plans
} else := false

# Findings -------------------------------------------------------------------------------------

# An unprotected resource fails when it holds patient data, or when its type always fails.
fails(_, patient) if patient

fails(type, _) if protection[type][3]

unprotected(plan, address, attribute, held) := {
	"msg": sprintf("%s%s can be deleted: %s", [address, held, reason(plan.resources[address], attribute)]),
	"resource": address,
	"file": plan.file,
	"source": "terraform",
}

reason(resource, attribute) := "no azurerm_management_lock with lock_level CanNotDelete or ReadOnly applies to it or its resource group" if {
	attribute == lock_attribute
} else := sprintf("%s is %s", [attribute, setting_text(object.get(resource.values, attribute, null), protection[resource.type][1])])

setting_text(value, _) := "false" if {
	value == false
} else := "not set (off by default)" if {
	value == null
} else := "known only after apply"

held_text(patient) := " holds patient data but" if {
	patient
} else := ""

deny contains finding if {
	some [index, address, attribute, false, patient] in judged
	plan := input.terraform.plans[index]
	fails(plan.resources[address].type, patient)
	finding := unprotected(plan, address, attribute, held_text(patient))
}

warn contains finding if {
	some [index, address, attribute, false, patient] in judged
	plan := input.terraform.plans[index]
	not fails(plan.resources[address].type, patient)
	finding := unprotected(plan, address, attribute, held_text(patient))
}

warn contains finding if {
	some [index, address, attribute, status, _] in judged
	status == "unknown"
	attribute != lock_attribute
	finding := {
		"msg": sprintf("whether %s is protected from deletion is known only after apply (%s is unknown in the plan)", [address, attribute]),
		"resource": address,
		"file": input.terraform.plans[index].file,
		"source": "terraform",
	}
}

warn contains finding if {
	some [index, address, attribute, status, _] in judged
	status == "unknown"
	attribute == lock_attribute
	finding := {
		"msg": sprintf("whether %s is protected from deletion is known only after apply (the scope of an azurerm_management_lock is unknown in the plan)", [address]),
		"resource": address,
		"file": input.terraform.plans[index].file,
		"source": "terraform",
	}
}
