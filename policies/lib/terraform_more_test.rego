package dspt.lib.terraform_more_test

import rego.v1

import data.dspt.testing.terraform as tf

params := {"terraform": {
	"allowed_regions": ["eu-west-2", "uksouth", "ukwest", "europe-west2"],
	"patient_data_tags": {"data_classification": ["patient", "personal"]},
	"backup_retention_days": 7,
	"patient_backup_retention_days": 35,
}}

# A planned resource with its configuration (tf.configured_at) in the module its address names, of
# the `aws` provider configuration; the type is the configuration address's second-to-last part.
resource(address, config_address, values, unknown, config) := object.union(
	tf.configured_at(tf.resource(address, values, unknown), config_address, config),
	{"module": module, "type": parts[count(parts) - 2], "provider_key": "aws"},
) if {
	parts := split(config_address, ".")
	module := module_of(address, parts)
}

module_of(address, parts) := "" if {
	count(parts) == 2
} else := substring(address, 0, indexof(address, sprintf(".%s.%s", [parts[count(parts) - 2], parts[count(parts) - 1]])))

# Configuration: unset attributes -------------------------------------------------------------

test_config_unset_needs_a_configuration_and_the_enclosing_block if {
	r := {"config": {"name": {"constant": "x"}, "backup": [{"type": {"constant": "Periodic"}}]}}
	data.dspt.lib.terraform.config_unset(r, ["retention"])
	not data.dspt.lib.terraform.config_unset(r, ["name"])
	data.dspt.lib.terraform.config_unset(r, ["backup", 0, "tier"])
	not data.dspt.lib.terraform.config_unset(r, ["backup", 0, "type"])
	not data.dspt.lib.terraform.config_unset(r, ["settings", 0, "tier"])
	not data.dspt.lib.terraform.config_unset({"config": null}, ["retention"])
	not data.dspt.lib.terraform.config_unset({}, ["retention"])
}

test_status_helpers_read_unknown_but_unset_as_the_default if {
	unset := {"values": {}, "unknown": {"flag": true, "days": true, "mode": true}, "config": {}}
	data.dspt.lib.terraform.bool_status_cfg(unset, ["flag"], false) == false
	data.dspt.lib.terraform.number_status_cfg(unset, ["days"], 7) == 7
	data.dspt.lib.terraform.string_status_cfg(unset, ["mode"], "DISABLED") == "DISABLED"
	not data.dspt.lib.terraform.unknown_cfg(unset, ["flag"])
	set := {"values": {}, "unknown": {"flag": true}, "config": {"flag": {"references": ["var.flag"], "resources": [], "data": []}}}
	data.dspt.lib.terraform.bool_status_cfg(set, ["flag"], false) == "unknown"
	data.dspt.lib.terraform.unknown_cfg(set, ["flag"])
	no_config := {"values": {}, "unknown": {"flag": true}, "config": null}
	data.dspt.lib.terraform.bool_status_cfg(no_config, ["flag"], false) == "unknown"
	known := {"values": {"flag": true}, "unknown": {}, "config": {}}
	data.dspt.lib.terraform.bool_status_cfg(known, ["flag"], false) == true
}

# Reference ties -----------------------------------------------------------------------------------

test_a_setting_ties_to_the_single_instance_it_refers_to if {
	bucket := resource("aws_s3_bucket.records", "aws_s3_bucket.records", {}, {"bucket": true}, {})
	versioning := resource("aws_s3_bucket_versioning.records", "aws_s3_bucket_versioning.records", {}, {"bucket": true}, {"bucket": tf.ref("aws_s3_bucket.records", "aws_s3_bucket")})
	ties := data.dspt.lib.terraform.reference_ties with input as tf.evidence([tf.plan_with_config([bucket, versioning])])
	ties == {[0, "aws_s3_bucket_versioning.records", "bucket"]: {"aws_s3_bucket.records"}}
}

test_instances_tie_by_module_path_and_key if {
	a := resource("module.app[\"x\"].aws_s3_bucket.b[\"a\"]", "module.app.aws_s3_bucket.b", {}, {}, {})
	b := resource("module.app[\"x\"].aws_s3_bucket.b[\"c\"]", "module.app.aws_s3_bucket.b", {}, {}, {})
	v := resource("module.app[\"x\"].aws_s3_bucket_versioning.v[\"c\"]", "module.app.aws_s3_bucket_versioning.v", {}, {}, {"bucket": tf.ref("module.app.aws_s3_bucket.b", "aws_s3_bucket")})
	ties := data.dspt.lib.terraform.reference_ties with input as tf.evidence([tf.plan_with_config([a, b, v])])
	ties[[0, "module.app[\"x\"].aws_s3_bucket_versioning.v[\"c\"]", "bucket"]] == {"module.app[\"x\"].aws_s3_bucket.b[\"c\"]"}
}

test_an_untieable_reference_gives_no_tie if {
	a := resource("aws_s3_bucket.b[0]", "aws_s3_bucket.b", {}, {}, {})
	b := resource("aws_s3_bucket.b[1]", "aws_s3_bucket.b", {}, {}, {})
	v := resource("aws_s3_bucket_versioning.v", "aws_s3_bucket_versioning.v", {}, {}, {"bucket": tf.ref("aws_s3_bucket.b", "aws_s3_bucket")})
	ties := data.dspt.lib.terraform.reference_ties with input as tf.evidence([tf.plan_with_config([a, b, v])])
	count(ties) == 0
	variable := resource("aws_s3_bucket_versioning.w", "aws_s3_bucket_versioning.w", {}, {}, {"bucket": {"references": ["var.bucket"], "resources": [], "data": []}})
	count(data.dspt.lib.terraform.reference_ties) == 0 with input as tf.evidence([tf.plan_with_config([a, variable])])
}

# S3 protections by reference ----------------------------------------------------------------------

test_s3_status_prefers_references_over_unknown_names if {
	records := resource("aws_s3_bucket.records", "aws_s3_bucket.records", {"tags": tf.patient}, {"bucket": true}, {})
	scans := resource("aws_s3_bucket.scans", "aws_s3_bucket.scans", {}, {"bucket": true}, {})
	versioning := resource(
		"aws_s3_bucket_versioning.records", "aws_s3_bucket_versioning.records",
		{"versioning_configuration": [{"status": "Enabled"}]}, {"bucket": true},
		{"bucket": tf.ref("aws_s3_bucket.records", "aws_s3_bucket")},
	)
	input_doc := tf.evidence([tf.plan_with_config([records, scans, versioning])])
	status := data.dspt.lib.terraform.s3_status with input as input_doc with data.dspt.params as params
	status[[0, "aws_s3_bucket.records", "versioning"]] == true
	status[[0, "aws_s3_bucket.scans", "versioning"]] == false
	status[[0, "aws_s3_bucket.scans", "public_access_blocked"]] == true
	# Without the configuration the same setting could be any bucket's.
	lib_status := data.dspt.lib.terraform.s3_protection with input as input_doc with data.dspt.params as params
	lib_status[[0, "aws_s3_bucket.scans", "versioning"]] == "unknown"
}

test_s3_status_unknown_for_a_loose_setting_and_false_for_a_weak_tied_one if {
	bucket := resource("aws_s3_bucket.records", "aws_s3_bucket.records", {}, {"bucket": true}, {})
	loose := resource("aws_s3_bucket_logging.other", "aws_s3_bucket_logging.other", {"target_bucket": "logs"}, {"bucket": true}, null)
	blocked := resource(
		"aws_s3_bucket_public_access_block.records", "aws_s3_bucket_public_access_block.records",
		{"block_public_acls": true, "block_public_policy": false, "ignore_public_acls": true, "restrict_public_buckets": true}, {"bucket": true},
		{"bucket": tf.ref("aws_s3_bucket.records", "aws_s3_bucket")},
	)
	status := data.dspt.lib.terraform.s3_status with input as tf.evidence([tf.plan_with_config([bucket, loose, blocked])]) with data.dspt.params as params
	status[[0, "aws_s3_bucket.records", "access_logging"]] == "unknown"
	status[[0, "aws_s3_bucket.records", "public_access_blocked"]] == false
	status[[0, "aws_s3_bucket.records", "versioning"]] == false
}

test_storage_statuses_cover_every_cloud if {
	bucket := resource("aws_s3_bucket.records", "aws_s3_bucket.records", {"bucket": "acme-records"}, {}, {})
	gcs := resource("google_storage_bucket.scans", "google_storage_bucket.scans", {"name": "acme-scans", "versioning": [{"enabled": true}], "logging": [{"log_bucket": "logs"}]}, {}, {})
	account := resource("azurerm_storage_account.files", "azurerm_storage_account.files", {"name": "acmefiles", "blob_properties": [{"versioning_enabled": false}]}, {"id": true}, {})
	setting := resource(
		"azurerm_monitor_diagnostic_setting.files", "azurerm_monitor_diagnostic_setting.files",
		{"name": "blob", "enabled_log": [{"category": "StorageWrite"}]}, {"target_resource_id": true},
		{"target_resource_id": tf.ref("azurerm_storage_account.files", "azurerm_storage_account")},
	)
	input_doc := tf.evidence([tf.plan_with_config([bucket, gcs, account, setting])])
	versioning := data.dspt.lib.terraform.storage_versioning_status with input as input_doc with data.dspt.params as params
	versioning == {[0, "aws_s3_bucket.records"]: false, [0, "google_storage_bucket.scans"]: true, [0, "azurerm_storage_account.files"]: false}
	logging := data.dspt.lib.terraform.storage_access_logging_status with input as input_doc with data.dspt.params as params
	logging == {[0, "aws_s3_bucket.records"]: false, [0, "google_storage_bucket.scans"]: true, [0, "azurerm_storage_account.files"]: true}
}

test_azure_access_logging_is_unknown_only_for_a_loose_setting if {
	account := resource("azurerm_storage_account.files", "azurerm_storage_account.files", {"name": "acmefiles"}, {"id": true}, {})
	vault_setting := resource(
		"azurerm_monitor_diagnostic_setting.vault", "azurerm_monitor_diagnostic_setting.vault",
		{"name": "vault", "enabled_log": [{"category_group": "allLogs"}]}, {"target_resource_id": true},
		{"target_resource_id": tf.ref("azurerm_key_vault.main", "azurerm_key_vault")},
	)
	tied := data.dspt.lib.terraform.azure_access_logging with input as tf.evidence([tf.plan_with_config([account, vault_setting])]) with data.dspt.params as params
	tied == {[0, "azurerm_storage_account.files"]: false}
	loose_setting := object.union(vault_setting, {"config": null})
	loose := data.dspt.lib.terraform.azure_access_logging with input as tf.evidence([tf.plan_with_config([account, loose_setting])]) with data.dspt.params as params
	loose == {[0, "azurerm_storage_account.files"]: "unknown"}
}

# Backups of Azure flexible servers and Cosmos DB --------------------------------------------

test_flexible_server_retention_defaults_and_replicas if {
	server := resource("azurerm_postgresql_flexible_server.a", "azurerm_postgresql_flexible_server.a", {"name": "a"}, {}, {})
	set := resource("azurerm_mysql_flexible_server.b", "azurerm_mysql_flexible_server.b", {"name": "b", "backup_retention_days": 14}, {}, {})
	replica := resource("azurerm_mysql_flexible_server.r", "azurerm_mysql_flexible_server.r", {"name": "r", "create_mode": "Replica"}, {}, {})
	later := resource("azurerm_mysql_flexible_server.l", "azurerm_mysql_flexible_server.l", {"name": "l"}, {"backup_retention_days": true}, null)
	retention := data.dspt.lib.terraform.backup_retention with input as tf.evidence([tf.plan_with_config([server, set, replica, later])]) with data.dspt.params as params
	retention == {
		[0, "azurerm_postgresql_flexible_server.a"]: 7,
		[0, "azurerm_mysql_flexible_server.b"]: 14,
		[0, "azurerm_mysql_flexible_server.l"]: "unknown",
	}
}

test_cosmos_backup_retention_and_point_in_time_recovery if {
	defaulted := resource("azurerm_cosmosdb_account.d", "azurerm_cosmosdb_account.d", {"name": "d"}, {}, {})
	periodic := resource("azurerm_cosmosdb_account.p", "azurerm_cosmosdb_account.p", {"name": "p", "backup": [{"type": "Periodic", "retention_in_hours": 48}]}, {}, {})
	continuous := resource("azurerm_cosmosdb_account.c", "azurerm_cosmosdb_account.c", {"name": "c", "backup": [{"type": "Continuous", "tier": "Continuous7Days"}]}, {}, {})
	later := resource("azurerm_cosmosdb_account.l", "azurerm_cosmosdb_account.l", {"name": "l"}, {"backup": true}, null)
	input_doc := tf.evidence([tf.plan_with_config([defaulted, periodic, continuous, later])])
	retention := data.dspt.lib.terraform.cosmos_backup_retention with input as input_doc with data.dspt.params as params
	retention == {
		[0, "azurerm_cosmosdb_account.d"]: 8 / 24,
		[0, "azurerm_cosmosdb_account.p"]: 2,
		[0, "azurerm_cosmosdb_account.c"]: 7,
		[0, "azurerm_cosmosdb_account.l"]: "unknown",
	}
	pitr := data.dspt.lib.terraform.cosmos_point_in_time_recovery with input as input_doc with data.dspt.params as params
	pitr == {
		[0, "azurerm_cosmosdb_account.d"]: false,
		[0, "azurerm_cosmosdb_account.p"]: false,
		[0, "azurerm_cosmosdb_account.c"]: true,
		[0, "azurerm_cosmosdb_account.l"]: "unknown",
	}
}

test_a_setting_referring_to_a_resource_outside_the_plan_is_settled if {
	outside := resource(
		"aws_s3_bucket_logging.other", "aws_s3_bucket_logging.other",
		{"target_bucket": "logs"}, {"bucket": true},
		{"bucket": tf.ref("aws_s3_bucket.elsewhere", "aws_s3_bucket")},
	)
	bucket := resource("aws_s3_bucket.records", "aws_s3_bucket.records", {}, {"bucket": true}, {})
	input_doc := tf.evidence([tf.plan_with_config([bucket, outside])])
	settled := data.dspt.lib.terraform.referenced_settings with input as input_doc
	settled == {[0, "aws_s3_bucket_logging.other"]}
	status := data.dspt.lib.terraform.s3_status with input as input_doc with data.dspt.params as params
	status[[0, "aws_s3_bucket.records", "access_logging"]] == false
}

test_a_setting_referring_to_untieable_instances_stays_unsettled if {
	a := resource("aws_s3_bucket.b[0]", "aws_s3_bucket.b", {}, {"bucket": true}, {})
	b := resource("aws_s3_bucket.b[1]", "aws_s3_bucket.b", {}, {"bucket": true}, {})
	logging := resource("aws_s3_bucket_logging.l", "aws_s3_bucket_logging.l", {"target_bucket": "logs"}, {"bucket": true}, {"bucket": tf.ref("aws_s3_bucket.b", "aws_s3_bucket")})
	input_doc := tf.evidence([tf.plan_with_config([a, b, logging])])
	count(data.dspt.lib.terraform.referenced_settings) == 0 with input as input_doc
	status := data.dspt.lib.terraform.s3_status with input as input_doc with data.dspt.params as params
	status[[0, "aws_s3_bucket.b[0]", "access_logging"]] == "unknown"
}

# The S3 statuses are a shared fact where the plans hold patient data: given, they are returned
# as given (here ones the empty plans would not give).
test_s3_status_is_read_from_the_shared_fact_when_given if {
	given := {"shared_facts": {"terraform.s3_status": {"k": true}}, "terraform": {"plans": []}}
	data.dspt.lib.terraform.s3_status == {"k": true} with input as given
}
