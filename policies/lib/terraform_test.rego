package dspt.lib.terraform_test

import rego.v1

import data.dspt.lib.terraform
import data.dspt.testing.terraform as tf

params := {"terraform": {
	"allowed_regions": ["eu-west-2", "uksouth", "ukwest", "europe-west2"],
	"patient_data_tags": {"data_classification": ["patient", "personal"]},
	"backup_retention_days": 7,
	"patient_backup_retention_days": 35,
}}

# Reading values --------------------------------------------------------------------------------

test_unknown_at_sees_the_value_or_an_enclosing_block if {
	terraform.unknown_at({"unknown": {"rule": [{"key": true}]}}, ["rule", 0, "key"])
	terraform.unknown_at({"unknown": {"rule": true}}, ["rule", 0, "key"])
	not terraform.unknown_at({"unknown": {"rule": [{"key": false}]}}, ["rule", 0, "key"])
	not terraform.unknown_at({"unknown": {}}, ["rule", 0, "key"])
}

test_key_set_is_a_non_empty_string_or_unknown if {
	terraform.key_set({"values": {"kms_key_id": "arn:aws:kms:eu-west-2:111122223333:key/1"}, "unknown": {}}, ["kms_key_id"])
	terraform.key_set({"values": {}, "unknown": {"kms_key_id": true}}, ["kms_key_id"])
	not terraform.key_set({"values": {"kms_key_id": ""}, "unknown": {}}, ["kms_key_id"])
	not terraform.key_set({"values": {"kms_key_id": null}, "unknown": {}}, ["kms_key_id"])
	not terraform.key_set({"values": {}, "unknown": {}}, ["kms_key_id"])
}

test_bool_status_reads_booleans_strings_unknowns_and_defaults if {
	terraform.bool_status({"values": {"a": true}, "unknown": {}}, ["a"], false) == true
	terraform.bool_status({"values": {"a": "false"}, "unknown": {}}, ["a"], true) == false
	terraform.bool_status({"values": {"a": "true"}, "unknown": {}}, ["a"], false) == true
	terraform.bool_status({"values": {}, "unknown": {"a": true}}, ["a"], false) == "unknown"
	terraform.bool_status({"values": {"a": null}, "unknown": {}}, ["a"], true) == true
	terraform.bool_status({"values": {"b": []}, "unknown": {}}, ["b", 0, "enabled"], false) == false
}

test_number_status if {
	terraform.number_status({"values": {"n": 14}, "unknown": {}}, ["n"], 1) == 14
	terraform.number_status({"values": {"n": null}, "unknown": {}}, ["n"], 1) == 1
	terraform.number_status({"values": {}, "unknown": {"n": true}}, ["n"], 1) == "unknown"
}

test_combinations if {
	terraform.all_of({true, "unknown"}) == "unknown"
	terraform.all_of({true, false, "unknown"}) == false
	terraform.all_of({true}) == true
	terraform.any_of({false, "unknown"}) == "unknown"
	terraform.any_of({false, true}) == true
	terraform.any_of(set()) == false
	terraform.negated("unknown") == "unknown"
	terraform.negated(true) == false
	terraform.negated(false) == true
}

# Patient data ----------------------------------------------------------------------------------

test_patient_data_is_found_in_tags_labels_and_user_labels_in_any_case if {
	terraform.is_patient_data({"values": {"tags": {"data_classification": "Patient"}}}) with data.dspt.params as params
	terraform.is_patient_data({"values": {"tags": {}, "tags_all": {"data_classification": "personal"}}}) with data.dspt.params as params
	terraform.is_patient_data({"values": {"labels": {"data_classification": "patient"}}}) with data.dspt.params as params
	terraform.is_patient_data({"values": {"effective_labels": {"data_classification": "patient"}}}) with data.dspt.params as params
	terraform.is_patient_data({"values": {"settings": [{"user_labels": {"data_classification": "patient"}}]}}) with data.dspt.params as params
	not terraform.is_patient_data({"values": {"tags": {"data_classification": "public"}}}) with data.dspt.params as params
	not terraform.is_patient_data({"values": {"tags": null, "settings": "x"}}) with data.dspt.params as params
	not terraform.is_patient_data({"values": {"tags": {"Data_Classification": "patient"}}}) with data.dspt.params as params
}

test_patient_resources_span_plans_and_follow_the_tag_parameter if {
	records := tf.resource("aws_s3_bucket.records", {"bucket": "acme-records", "tags": tf.patient}, {})
	sensitive := tf.resource("aws_dynamodb_table.sessions", {"name": "sessions", "tags": {"sensitivity": "high"}}, {})
	input_doc := tf.evidence([tf.plan([sensitive]), tf.plan([records])])
	terraform.patient_resources == {[1, "aws_s3_bucket.records"]} with input as input_doc with data.dspt.params as params
	override := {"terraform": {"patient_data_tags": {"sensitivity": ["high"]}}}
	terraform.patient_resources == {[0, "aws_dynamodb_table.sessions"]} with input as input_doc with data.dspt.params as override
}

# S3 joins ----------------------------------------------------------------------------------------

bucket(name) := tf.resource("aws_s3_bucket.records", {"bucket": name, "tags": tf.patient}, {"id": true, "versioning": true, "logging": true})

versioning(bucket_name, status) := tf.resource(
	"aws_s3_bucket_versioning.records",
	{"bucket": bucket_name, "versioning_configuration": [{"status": status}]},
	{"id": true},
)

logging(bucket_name) := tf.resource(
	"aws_s3_bucket_logging.records",
	{"bucket": bucket_name, "target_bucket": "acme-access-logs", "target_prefix": "records/"},
	{"id": true},
)

kms(bucket_name, key_unknown) := tf.resource(
	"aws_s3_bucket_server_side_encryption_configuration.records",
	{"bucket": bucket_name, "rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": "aws:kms"}]}]},
	{"id": true, "rule": [{"apply_server_side_encryption_by_default": [{"kms_master_key_id": key_unknown}]}]},
)

records_key := tf.configured(tf.resource("aws_kms_key.records", {"enable_key_rotation": true}, {"arn": true, "id": true}), {"enable_key_rotation": {"constant": true}})

# An SSE configuration whose key is the plan's own aws_kms_key, known only after apply.
kms_with_plan_key(bucket_name) := tf.configured(kms(bucket_name, true), {
	"bucket": {"constant": bucket_name},
	"rule": [{"apply_server_side_encryption_by_default": [{
		"sse_algorithm": {"constant": "aws:kms"},
		"kms_master_key_id": tf.ref_attribute("aws_kms_key.records", "aws_kms_key", "arn"),
	}]}],
})

public_access_block(bucket_name, restrict) := tf.resource(
	"aws_s3_bucket_public_access_block.records",
	{
		"bucket": bucket_name, "block_public_acls": true, "block_public_policy": true,
		"ignore_public_acls": true, "restrict_public_buckets": restrict,
	},
	{"id": true},
)

s3_status(resources, protection) := status if {
	status := terraform.s3_protection[[0, "aws_s3_bucket.records", protection]] with input as tf.evidence_of(resources)
		with data.dspt.params as params
}

test_settings_are_joined_by_bucket_name if {
	resources := [
		bucket("acme-records"), versioning("acme-records", "Enabled"), logging("acme-records"),
		kms_with_plan_key("acme-records"), records_key, public_access_block("acme-records", true),
	]
	every protection in terraform.s3_protections {
		s3_status(resources, protection) == true
	}
}

test_a_bucket_without_settings_is_unprotected if {
	resources := [object.union(bucket("acme-records"), {"actions": ["no-op"]})]
	every protection in terraform.s3_protections {
		s3_status(resources, protection) == false
	}
}

test_a_new_bucket_blocks_public_access_by_default if {
	s3_status([bucket("acme-records")], "public_access_blocked") == true
	s3_status([bucket("acme-records"), public_access_block("acme-records", false)], "public_access_blocked") == false
	weakening := tf.resource("aws_s3_bucket_public_access_block.any", {"block_public_acls": false}, {"bucket": true})
	s3_status([bucket("acme-records"), weakening], "public_access_blocked") == false
	existing := object.union(bucket("acme-records"), {"actions": ["update"]})
	s3_status([existing], "public_access_blocked") == false
}

test_settings_of_another_bucket_do_not_count if {
	resources := [bucket("acme-records"), versioning("acme-other", "Enabled"), logging("acme-other")]
	s3_status(resources, "versioning") == false
	s3_status(resources, "access_logging") == false
}

test_suspended_versioning_and_partial_public_access_block_are_false if {
	s3_status([bucket("acme-records"), versioning("acme-records", "Suspended")], "versioning") == false
	s3_status([bucket("acme-records"), public_access_block("acme-records", false)], "public_access_blocked") == false
}

test_kms_without_a_customer_key_is_not_a_customer_managed_key if {
	s3_status([bucket("acme-records"), kms("acme-records", false)], "customer_managed_key") == false
	aws_s3 := tf.resource(
		"aws_s3_bucket_server_side_encryption_configuration.records",
		{"bucket": "acme-records", "rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": "aws:kms", "kms_master_key_id": "alias/aws/s3"}]}]},
		{},
	)
	s3_status([bucket("acme-records"), aws_s3], "customer_managed_key") == false
	with_key := tf.resource(
		"aws_s3_bucket_server_side_encryption_configuration.records",
		{"bucket": "acme-records", "rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": "aws:kms", "kms_master_key_id": "alias/records"}]}]},
		{},
	)
	s3_status([bucket("acme-records"), with_key], "customer_managed_key") == true
}

test_an_s3_key_known_only_after_apply_is_customer_managed_only_by_reference if {
	s3_status([bucket("acme-records"), kms_with_plan_key("acme-records"), records_key], "customer_managed_key") == true
	# The same key with no configuration in the plan, or from a data source, is unknown.
	s3_status([bucket("acme-records"), kms("acme-records", true)], "customer_managed_key") == "unknown"
	from_data := tf.configured(kms("acme-records", true), {
		"bucket": {"constant": "acme-records"},
		"rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": {"constant": "aws:kms"}, "kms_master_key_id": tf.data_ref("data.aws_kms_key.shared")}]}],
	})
	s3_status([bucket("acme-records"), from_data], "customer_managed_key") == "unknown"
}

test_a_setting_with_an_unknown_bucket_makes_the_status_unknown if {
	untied := tf.resource("aws_s3_bucket_versioning.records", {"versioning_configuration": [{"status": "Enabled"}]}, {"bucket": true})
	s3_status([bucket("acme-records"), untied], "versioning") == "unknown"
	untied_suspended := tf.resource("aws_s3_bucket_versioning.records", {"versioning_configuration": [{"status": "Suspended"}]}, {"bucket": true})
	s3_status([bucket("acme-records"), untied_suspended], "versioning") == false
}

test_a_bucket_with_an_unknown_name_is_unknown_only_when_a_setting_may_apply if {
	prefixed := tf.resource("aws_s3_bucket.records", {"bucket_prefix": "acme-", "tags": tf.patient}, {"bucket": true})
	s3_status([prefixed], "versioning") == false
	untied := tf.resource("aws_s3_bucket_versioning.records", {"versioning_configuration": [{"status": "Enabled"}]}, {"bucket": true})
	s3_status([prefixed, untied], "versioning") == "unknown"
}

test_a_setting_unknown_in_itself_is_unknown if {
	unknown_status := tf.resource("aws_s3_bucket_versioning.records", {"bucket": "acme-records", "versioning_configuration": [{}]}, {"versioning_configuration": [{"status": true}]})
	s3_status([bucket("acme-records"), unknown_status], "versioning") == "unknown"
}

test_legacy_inline_blocks_count if {
	legacy := tf.resource(
		"aws_s3_bucket.records",
		{
			"bucket": "acme-records",
			"versioning": [{"enabled": true, "mfa_delete": false}],
			"logging": [{"target_bucket": "acme-access-logs", "target_prefix": "records/"}],
			"server_side_encryption_configuration": [{"rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": "aws:kms", "kms_master_key_id": "arn:aws:kms:eu-west-2:111122223333:key/1"}]}]}],
		},
		{},
	)
	s3_status([legacy], "versioning") == true
	s3_status([legacy], "access_logging") == true
	s3_status([legacy], "customer_managed_key") == true
	s3_status([legacy], "public_access_blocked") == true
}

test_account_public_access_block_covers_buckets_of_its_plan if {
	account := tf.resource(
		"aws_s3_account_public_access_block.this",
		{"block_public_acls": true, "block_public_policy": true, "ignore_public_acls": true, "restrict_public_buckets": true},
		{"id": true},
	)
	s3_status([bucket("acme-records"), account], "public_access_blocked") == true
	existing := object.union(bucket("acme-records"), {"actions": ["no-op"]})
	status := terraform.s3_protection[[1, "aws_s3_bucket.records", "public_access_blocked"]] with input as tf.evidence([tf.plan([account]), tf.plan([existing])])
		with data.dspt.params as params
	status == false
}

# Customer-managed keys of every store type -------------------------------------------------------

# Keys are judged only for stores holding patient data: every store given here is tagged as one.
test_keys_are_judged_only_for_patient_data if {
	untagged := tf.resource("aws_db_instance.plain", {"kms_key_id": ""}, {})
	judgement := terraform.customer_managed_key with input as tf.evidence_of([untagged]) with data.dspt.params as params
	judgement == {}
}

cmk(resources) := statuses if {
	tagged := [object.union(r, {"values": object.union(r.values, {"tags": tf.patient, "labels": tf.patient})}) | some r in resources]
	statuses := terraform.customer_managed_key with input as tf.evidence_of(tagged) with data.dspt.params as params
}

test_customer_managed_key_of_attribute_stores if {
	statuses := cmk([
		tf.resource("aws_db_instance.known", {"kms_key_id": "arn:aws:kms:eu-west-2:111122223333:key/1"}, {}),
		tf.resource("aws_rds_cluster.unknown", {}, {"kms_key_id": true}),
		tf.resource("aws_ebs_volume.none", {"kms_key_id": ""}, {}),
		tf.resource("aws_efs_file_system.unencrypted", {"encrypted": false}, {"kms_key_id": true}),
		tf.resource("google_sql_database_instance.main", {"encryption_key_name": "projects/p/locations/europe-west2/keyRings/r/cryptoKeys/k"}, {}),
	])
	statuses == {
		[0, "aws_db_instance.known"]: true,
		[0, "aws_rds_cluster.unknown"]: "unknown",
		[0, "aws_ebs_volume.none"]: false,
		[0, "aws_efs_file_system.unencrypted"]: false,
		[0, "google_sql_database_instance.main"]: true,
	}
}

key_of(r, path) := judgement if {
	judgement := terraform.key_judgement(0, r, path) with input as tf.evidence_of([r, records_key]) with data.dspt.params as params
}

test_key_judgement_applies_the_rules_for_values_known_only_after_apply if {
	# Known: a customer key, or an AWS-managed key by alias or alias ARN.
	key_of(tf.resource("aws_db_instance.a", {"kms_key_id": "arn:aws:kms:eu-west-2:111122223333:key/1"}, {}), ["kms_key_id"])[0] == true
	key_of(tf.resource("aws_db_instance.a", {"kms_key_id": "alias/aws/rds"}, {}), ["kms_key_id"]) == [false, "kms_key_id is alias/aws/rds, the AWS-managed key"]
	arn := "arn:aws:kms:eu-west-2:111122223333:alias/aws/ebs"
	key_of(tf.resource("aws_ebs_volume.a", {"kms_key_id": arn}, {}), ["kms_key_id"]) == [false, sprintf("kms_key_id is %s, the AWS-managed key", [arn])]
	# Unknown and left out of the configuration: the provider default, an AWS-managed key.
	unset := tf.configured(tf.resource("aws_db_instance.a", {}, {"kms_key_id": true}), {"engine": {"constant": "postgres"}})
	key_of(unset, ["kms_key_id"]) == [false, "kms_key_id is not set, so the AWS-managed key encrypts it"]
	# Unknown and referring to the plan's own key: customer-managed.
	referred := tf.configured(tf.resource("aws_db_instance.a", {}, {"kms_key_id": true}), {"kms_key_id": tf.ref_attribute("aws_kms_key.records", "aws_kms_key", "arn")})
	key_of(referred, ["kms_key_id"])[0] == true
	# A reference to a key of the same type that is not in the plan proves nothing.
	elsewhere := tf.configured(tf.resource("aws_db_instance.a", {}, {"kms_key_id": true}), {"kms_key_id": tf.ref_attribute("aws_kms_key.other", "aws_kms_key", "arn")})
	key_of(elsewhere, ["kms_key_id"]) == ["unknown", "known only after apply (kms_key_id refers to aws_kms_key.other)"]
	# Unknown from a data source, a variable, or with no configuration: unknown.
	from_data := tf.configured(tf.resource("aws_db_instance.a", {}, {"kms_key_id": true}), {"kms_key_id": tf.data_ref("data.aws_kms_key.x")})
	key_of(from_data, ["kms_key_id"]) == ["unknown", "known only after apply (kms_key_id refers to data.aws_kms_key.x)"]
	from_variable := tf.configured(tf.resource("aws_db_instance.a", {}, {"kms_key_id": true}), {"kms_key_id": {"references": ["var.key_arn"], "resources": [], "data": []}})
	key_of(from_variable, ["kms_key_id"]) == ["unknown", "known only after apply (kms_key_id refers to var.key_arn)"]
	key_of(tf.resource("aws_db_instance.a", {}, {"kms_key_id": true}), ["kms_key_id"]) == ["unknown", "known only after apply (the plan carries no configuration for it)"]
	# Not unknown and empty: not set.
	key_of(tf.resource("aws_db_instance.a", {"kms_key_id": null}, {}), ["kms_key_id"])[0] == false
}

test_an_alias_counts_as_a_customer_key_unless_it_names_an_aws_managed_key if {
	alias := tf.configured(tf.resource("aws_kms_alias.records", {"name": "alias/records"}, {"target_key_id": true}), {})
	referred := tf.configured(tf.resource("aws_db_instance.a", {}, {"kms_key_id": true}), {"kms_key_id": tf.ref_attribute("aws_kms_alias.records", "aws_kms_alias", "arn")})
	customer := terraform.key_judgement(0, referred, ["kms_key_id"]) with input as tf.evidence_of([referred, alias]) with data.dspt.params as params
	customer[0] == true
	managed := tf.configured(tf.resource("aws_kms_alias.records", {"name": "alias/aws/rds"}, {}), {})
	aws := terraform.key_judgement(0, referred, ["kms_key_id"]) with input as tf.evidence_of([referred, managed]) with data.dspt.params as params
	aws[0] == "unknown"
}

test_customer_managed_key_of_dynamodb if {
	statuses := cmk([
		tf.configured(
			tf.resource("aws_dynamodb_table.cmk", {"server_side_encryption": [{"enabled": true}]}, {"server_side_encryption": [{"kms_key_arn": true}]}),
			{"server_side_encryption": [{"enabled": {"constant": true}, "kms_key_arn": tf.ref_attribute("aws_kms_key.records", "aws_kms_key", "arn")}]},
		),
		records_key,
		tf.resource("aws_dynamodb_table.later", {"server_side_encryption": [{"enabled": true}]}, {"server_side_encryption": [{"kms_key_arn": true}]}),
		tf.configured(
			tf.resource("aws_dynamodb_table.aws_managed", {"server_side_encryption": [{"enabled": true}]}, {"server_side_encryption": [{"kms_key_arn": true}]}),
			{"server_side_encryption": [{"enabled": {"constant": true}}]},
		),
		tf.resource("aws_dynamodb_table.owned", {"server_side_encryption": [{"enabled": false, "kms_key_arn": ""}]}, {}),
		tf.resource("aws_dynamodb_table.off_with_key", {"server_side_encryption": [{"enabled": false}]}, {"server_side_encryption": [{"kms_key_arn": true}]}),
		tf.resource("aws_dynamodb_table.absent", {"server_side_encryption": []}, {}),
		tf.configured(tf.resource("aws_dynamodb_table.computed", {}, {"server_side_encryption": true}), {"name": {"constant": "computed"}}),
	])
	statuses == {
		[0, "aws_dynamodb_table.cmk"]: true,
		[0, "aws_dynamodb_table.later"]: "unknown",
		[0, "aws_dynamodb_table.aws_managed"]: false,
		[0, "aws_dynamodb_table.owned"]: false,
		[0, "aws_dynamodb_table.off_with_key"]: false,
		[0, "aws_dynamodb_table.absent"]: false,
		[0, "aws_dynamodb_table.computed"]: false,
	}
}

test_customer_managed_key_of_google_buckets if {
	statuses := cmk([
		tf.resource("google_storage_bucket.cmk", {"encryption": [{"default_kms_key_name": "projects/p/locations/europe-west2/keyRings/r/cryptoKeys/k"}]}, {}),
		tf.resource("google_storage_bucket.google", {"encryption": []}, {}),
	])
	statuses == {[0, "google_storage_bucket.cmk"]: true, [0, "google_storage_bucket.google"]: false}
}

account_id(name) := sprintf("/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/%s", [name])

test_customer_managed_key_of_azure_storage_accounts if {
	statuses := cmk([
		tf.resource("azurerm_storage_account.inline", {"name": "acmeinline", "customer_managed_key": [{"key_vault_key_id": "https://kv.vault.azure.net/keys/k"}]}, {}),
		tf.resource("azurerm_storage_account.joined", {"name": "AcmeJoined", "customer_managed_key": []}, {}),
		tf.resource("azurerm_storage_account.plain", {"name": "acmeplain", "customer_managed_key": []}, {}),
		tf.resource("azurerm_storage_account_customer_managed_key.joined", {"storage_account_id": account_id("acmejoined"), "key_name": "k"}, {}),
	])
	statuses == {
		[0, "azurerm_storage_account.inline"]: true,
		[0, "azurerm_storage_account.joined"]: true,
		[0, "azurerm_storage_account.plain"]: false,
	}
}

test_an_azure_key_resource_with_an_unknown_account_makes_accounts_unknown if {
	statuses := cmk([
		tf.resource("azurerm_storage_account.plain", {"name": "acmeplain"}, {}),
		tf.resource("azurerm_storage_account_customer_managed_key.any", {"key_name": "k"}, {"storage_account_id": true}),
	])
	statuses == {[0, "azurerm_storage_account.plain"]: "unknown"}
}

test_customer_managed_key_of_azure_sql_servers if {
	server_id := "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Sql/servers/acme-sql"
	statuses := cmk([
		tf.resource("azurerm_mssql_server.inline", {"name": "acme-inline", "transparent_data_encryption_key_vault_key_id": "https://kv.vault.azure.net/keys/k"}, {}),
		tf.resource("azurerm_mssql_server.joined", {"name": "acme-sql"}, {}),
		tf.resource("azurerm_mssql_server.service", {"name": "acme-service"}, {}),
		tf.resource("azurerm_mssql_server_transparent_data_encryption.joined", {"server_id": server_id}, {"key_vault_key_id": true}),
		tf.resource("azurerm_mssql_server_transparent_data_encryption.service", {"server_id": "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Sql/servers/acme-service"}, {}),
	])
	statuses == {
		[0, "azurerm_mssql_server.inline"]: true,
		[0, "azurerm_mssql_server.joined"]: "unknown",
		[0, "azurerm_mssql_server.service"]: false,
	}
	vault_key := tf.configured(tf.resource("azurerm_key_vault_key.tde", {"name": "tde"}, {"id": true}), {})
	referred := tf.configured(
		tf.resource("azurerm_mssql_server_transparent_data_encryption.joined", {"server_id": server_id}, {"key_vault_key_id": true}),
		{"key_vault_key_id": tf.ref_attribute("azurerm_key_vault_key.tde", "azurerm_key_vault_key", "arn")},
	)
	joined := cmk([tf.resource("azurerm_mssql_server.joined", {"name": "acme-sql"}, {}), referred, vault_key])
	joined == {[0, "azurerm_mssql_server.joined"]: true}
}

# Versioning, access logging and public access --------------------------------------------------

test_versioning_of_google_and_azure_storage if {
	statuses := terraform.versioning with input as tf.evidence_of([
		tf.resource("google_storage_bucket.on", {"versioning": [{"enabled": true}]}, {}),
		tf.resource("google_storage_bucket.off", {"versioning": []}, {}),
		tf.resource("azurerm_storage_account.on", {"name": "on", "blob_properties": [{"versioning_enabled": true}]}, {}),
		tf.resource("azurerm_storage_account.unknown", {"name": "unknown"}, {"blob_properties": true}),
	]) with data.dspt.params as params
	statuses == {
		[0, "google_storage_bucket.on"]: true,
		[0, "google_storage_bucket.off"]: false,
		[0, "azurerm_storage_account.on"]: true,
		[0, "azurerm_storage_account.unknown"]: "unknown",
	}
}

test_google_access_logging_by_bucket_logging_or_data_access_audit_logs if {
	buckets := [
		tf.resource("google_storage_bucket.logged", {"logging": [{"log_bucket": "acme-logs"}]}, {}),
		tf.resource("google_storage_bucket.silent", {"logging": []}, {}),
	]
	statuses := terraform.access_logging with input as tf.evidence_of(buckets) with data.dspt.params as params
	statuses == {[0, "google_storage_bucket.logged"]: true, [0, "google_storage_bucket.silent"]: false}
	audit := tf.resource(
		"google_project_iam_audit_config.storage",
		{"project": "acme", "service": "storage.googleapis.com", "audit_log_config": [{"log_type": "DATA_READ"}, {"log_type": "DATA_WRITE"}]},
		{},
	)
	audited := terraform.access_logging with input as tf.evidence_of(array.concat(buckets, [audit])) with data.dspt.params as params
	audited == {[0, "google_storage_bucket.logged"]: true, [0, "google_storage_bucket.silent"]: true}
}

test_azure_access_logging_by_blob_diagnostic_setting if {
	logged_id := concat("", [account_id("acmelogged"), "/blobServices/default"])
	statuses := terraform.access_logging with input as tf.evidence_of([
		tf.resource("azurerm_storage_account.logged", {"name": "acmelogged"}, {}),
		tf.resource("azurerm_storage_account.silent", {"name": "acmesilent"}, {}),
		tf.resource("azurerm_storage_account.metrics", {"name": "acmemetrics"}, {}),
		tf.resource("azurerm_monitor_diagnostic_setting.blob", {"target_resource_id": logged_id, "enabled_log": [{"category": "StorageRead"}, {"category": "StorageWrite"}]}, {}),
		tf.resource("azurerm_monitor_diagnostic_setting.metrics", {"target_resource_id": account_id("acmemetrics"), "enabled_log": [], "metric": [{"category": "Transaction"}]}, {}),
	]) with data.dspt.params as params
	statuses == {
		[0, "azurerm_storage_account.logged"]: true,
		[0, "azurerm_storage_account.silent"]: false,
		[0, "azurerm_storage_account.metrics"]: false,
	}
}

test_public_access_blocked_beyond_s3 if {
	statuses := terraform.public_access_blocked with input as tf.evidence_of([
		tf.resource("google_storage_bucket.enforced", {"public_access_prevention": "enforced"}, {}),
		tf.resource("google_storage_bucket.inherited", {"public_access_prevention": "inherited"}, {}),
		tf.resource("azurerm_storage_account.default", {"name": "acme"}, {}),
		tf.resource("azurerm_storage_account.private", {"name": "acmeprivate", "allow_nested_items_to_be_public": false}, {}),
		tf.resource("aws_db_instance.private", {"publicly_accessible": false}, {}),
		tf.resource("aws_db_instance.public", {"publicly_accessible": true}, {}),
		tf.resource("azurerm_mssql_server.default", {"name": "acme-sql"}, {}),
		tf.resource("google_sql_database_instance.private", {"settings": [{"ip_configuration": [{"ipv4_enabled": false}]}]}, {}),
		tf.resource("google_sql_database_instance.open", {"settings": [{"ip_configuration": [{"ipv4_enabled": true, "authorized_networks": [{"value": "0.0.0.0/0"}]}]}]}, {}),
		tf.resource("google_sql_database_instance.allowed", {"settings": [{"ip_configuration": [{"ipv4_enabled": true, "authorized_networks": [{"value": "203.0.113.0/24"}]}]}]}, {}),
	]) with data.dspt.params as params
	statuses == {
		[0, "google_storage_bucket.enforced"]: true,
		[0, "google_storage_bucket.inherited"]: false,
		[0, "azurerm_storage_account.default"]: false,
		[0, "azurerm_storage_account.private"]: true,
		[0, "aws_db_instance.private"]: true,
		[0, "aws_db_instance.public"]: false,
		[0, "azurerm_mssql_server.default"]: false,
		[0, "google_sql_database_instance.private"]: true,
		[0, "google_sql_database_instance.open"]: false,
		[0, "google_sql_database_instance.allowed"]: true,
	}
}

# Backups -----------------------------------------------------------------------------------------

test_backup_retention_defaults_and_replicas if {
	input_doc := tf.evidence_of([
		tf.resource("aws_db_instance.main", {"backup_retention_period": 14}, {}),
		tf.resource("aws_db_instance.unset", {"backup_retention_period": null}, {}),
		tf.resource("aws_db_instance.later", {}, {"backup_retention_period": true}),
		tf.resource("aws_db_instance.replica", {"replicate_source_db": "records-db", "backup_retention_period": 0}, {}),
		tf.resource("aws_rds_cluster.reporting", {"backup_retention_period": 35, "tags": tf.patient}, {}),
		tf.resource("azurerm_mssql_database.records", {"short_term_retention_policy": []}, {}),
		tf.resource("azurerm_mssql_database.secondary", {"create_mode": "Secondary"}, {}),
		tf.resource("google_sql_database_instance.main", {"settings": [{"backup_configuration": [{"enabled": true, "backup_retention_settings": [{"retained_backups": 30}]}]}]}, {}),
		tf.resource("google_sql_database_instance.replica", {"master_instance_name": "main"}, {}),
	])
	retention := terraform.backup_retention with input as input_doc with data.dspt.params as params
	retention == {
		[0, "aws_db_instance.main"]: 14,
		[0, "aws_db_instance.unset"]: 1,
		[0, "aws_db_instance.later"]: "unknown",
		[0, "aws_rds_cluster.reporting"]: 35,
		[0, "azurerm_mssql_database.records"]: 7,
		[0, "google_sql_database_instance.main"]: 30,
	}
	required := terraform.required_backup_retention with input as input_doc with data.dspt.params as params
	required[[0, "aws_db_instance.main"]] == 7
	required[[0, "aws_rds_cluster.reporting"]] == 35
	enabled := terraform.cloud_sql_backups_enabled with input as input_doc with data.dspt.params as params
	enabled == {[0, "google_sql_database_instance.main"]: true}
}

test_point_in_time_recovery_by_engine if {
	statuses := terraform.point_in_time_recovery with input as tf.evidence_of([
		tf.resource("aws_dynamodb_table.on", {"point_in_time_recovery": [{"enabled": true}]}, {}),
		tf.resource("aws_dynamodb_table.off", {"point_in_time_recovery": []}, {}),
		tf.resource("google_sql_database_instance.pg", {"database_version": "POSTGRES_16", "settings": [{"backup_configuration": [{"point_in_time_recovery_enabled": true}]}]}, {}),
		tf.resource("google_sql_database_instance.mysql", {"database_version": "MYSQL_8_0", "settings": [{"backup_configuration": [{"point_in_time_recovery_enabled": true, "binary_log_enabled": false}]}]}, {}),
	]) with data.dspt.params as params
	statuses == {
		[0, "aws_dynamodb_table.on"]: true,
		[0, "aws_dynamodb_table.off"]: false,
		[0, "google_sql_database_instance.pg"]: true,
		[0, "google_sql_database_instance.mysql"]: false,
	}
}

test_nothing_is_derived_without_terraform_evidence if {
	count(terraform.patient_resources) == 0 with input as {} with data.dspt.params as params
	count(terraform.customer_managed_key) == 0 with input as {} with data.dspt.params as params
}

# EC2 volumes and EBS default encryption ----------------------------------------------------------

volumes(resources) := statuses if {
	encryption := terraform.ec2_volume_encryption with input as tf.evidence_of(resources) with data.dspt.params as params
	statuses := {key: judgement[0] | some key, judgement in encryption}
}

test_ec2_volume_blocks_of_instances_templates_and_launch_configurations if {
	statuses := volumes([
		tf.configured(
			tf.resource("aws_instance.web", {"root_block_device": [{"encrypted": true}], "ebs_block_device": [{"device_name": "/dev/sdf", "encrypted": false}]}, {}),
			{"root_block_device": [{"encrypted": {"constant": true}}], "ebs_block_device": [{"device_name": {"constant": "/dev/sdf"}, "encrypted": {"constant": false}}]},
		),
		tf.configured(tf.resource("aws_instance.bare", {}, {"root_block_device": true, "ebs_block_device": true}), {"ami": {"constant": "ami-1"}}),
		tf.resource("aws_launch_template.app", {"block_device_mappings": [{"device_name": "/dev/xvda", "ebs": [{"encrypted": "true"}]}, {"device_name": "/dev/sdb", "virtual_name": "ephemeral0", "ebs": []}]}, {}),
		tf.resource("aws_launch_configuration.old", {"root_block_device": [{"encrypted": false}]}, {}),
		tf.resource("aws_instance.later", {"root_block_device": [{}]}, {"root_block_device": [{"encrypted": true}]}),
	])
	statuses == {
		[0, "aws_instance.web", ["root_block_device", 0]]: true,
		[0, "aws_instance.web", ["ebs_block_device", 0]]: false,
		[0, "aws_instance.bare", ["root_block_device", 0]]: false,
		[0, "aws_launch_template.app", ["block_device_mappings", 0, "ebs", 0]]: true,
		[0, "aws_launch_configuration.old", ["root_block_device", 0]]: false,
		[0, "aws_instance.later", ["root_block_device", 0]]: "unknown",
	}
}

test_ebs_default_encryption_covers_its_provider_configuration_or_region if {
	default_on := tf.with_provider(tf.resource("aws_ebs_encryption_by_default.on", {"enabled": true}, {}), "aws", "eu-west-2")
	same := tf.with_provider(tf.resource("aws_launch_configuration.same", {"root_block_device": [{}]}, {}), "aws", "eu-west-2")
	other_provider := tf.with_provider(tf.resource("aws_launch_configuration.other", {"root_block_device": [{}]}, {}), "aws.london", "eu-west-2")
	unkeyed_same_region := tf.with_provider(tf.resource("aws_launch_configuration.unkeyed", {"root_block_device": [{}]}, {}), null, "eu-west-2")
	unkeyed_other_region := tf.with_provider(tf.resource("aws_launch_configuration.ireland", {"root_block_device": [{}]}, {}), null, "eu-west-1")
	statuses := volumes([default_on, same, other_provider, unkeyed_same_region, unkeyed_other_region])
	statuses == {
		[0, "aws_launch_configuration.same", ["root_block_device", 0]]: true,
		[0, "aws_launch_configuration.other", ["root_block_device", 0]]: false,
		[0, "aws_launch_configuration.unkeyed", ["root_block_device", 0]]: true,
		[0, "aws_launch_configuration.ireland", ["root_block_device", 0]]: false,
	}
	# A default-encryption resource without a provider key covers its plan's resources in its region.
	unkeyed_default := tf.with_provider(tf.resource("aws_ebs_encryption_by_default.on", {}, {}), null, "eu-west-2")
	by_region := volumes([unkeyed_default, other_provider, unkeyed_other_region])
	by_region == {
		[0, "aws_launch_configuration.other", ["root_block_device", 0]]: true,
		[0, "aws_launch_configuration.ireland", ["root_block_device", 0]]: false,
	}
	# Turned off, it covers nothing; unknown, it leaves the volumes unknown.
	default_off := tf.with_provider(tf.resource("aws_ebs_encryption_by_default.on", {"enabled": false}, {}), "aws", "eu-west-2")
	volumes([default_off, same]) == {[0, "aws_launch_configuration.same", ["root_block_device", 0]]: false}
	default_later := tf.with_provider(tf.resource("aws_ebs_encryption_by_default.on", {}, {"enabled": true}), "aws", "eu-west-2")
	volumes([default_later, same]) == {[0, "aws_launch_configuration.same", ["root_block_device", 0]]: "unknown"}
}

test_customer_managed_key_of_ec2_volumes if {
	statuses := cmk([
		tf.configured(
			tf.resource("aws_instance.keyed", {"root_block_device": [{"encrypted": true}]}, {"root_block_device": [{"kms_key_id": true}]}),
			{"root_block_device": [{"encrypted": {"constant": true}, "kms_key_id": tf.ref_attribute("aws_kms_key.records", "aws_kms_key", "arn")}]},
		),
		records_key,
		tf.configured(tf.resource("aws_instance.default_key", {"root_block_device": [{"encrypted": true}]}, {"root_block_device": [{"kms_key_id": true}]}), {"root_block_device": [{"encrypted": {"constant": true}}]}),
		tf.resource("aws_instance.unencrypted", {"root_block_device": [{"encrypted": false, "kms_key_id": ""}]}, {}),
		tf.resource("aws_launch_template.app", {"block_device_mappings": [{"device_name": "/dev/xvda", "ebs": [{"encrypted": "true", "kms_key_id": "alias/aws/ebs"}]}]}, {}),
	])
	statuses == {
		[0, "aws_instance.keyed"]: true,
		[0, "aws_instance.default_key"]: false,
		[0, "aws_instance.unencrypted"]: false,
		[0, "aws_launch_template.app"]: false,
	}
}

test_customer_managed_key_of_azure_and_google_stores if {
	statuses := cmk([
		tf.resource("azurerm_managed_disk.des", {"disk_encryption_set_id": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Compute/diskEncryptionSets/des"}, {}),
		tf.resource("azurerm_managed_disk.platform", {"disk_encryption_set_id": null}, {}),
		tf.configured(tf.resource("azurerm_linux_virtual_machine.vm", {"os_disk": [{"caching": "ReadWrite"}]}, {"os_disk": [{"disk_encryption_set_id": true}]}), {"os_disk": [{"disk_encryption_set_id": tf.ref_attribute("azurerm_disk_encryption_set.des", "azurerm_disk_encryption_set", "arn")}]}),
		tf.configured(tf.resource("azurerm_disk_encryption_set.des", {"name": "des"}, {"id": true}), {}),
		tf.resource("azurerm_windows_virtual_machine.vm", {"os_disk": [{"caching": "ReadWrite"}]}, {}),
		tf.resource("azurerm_postgresql_flexible_server.pg", {"customer_managed_key": [{"key_vault_key_id": "https://kv.vault.azure.net/keys/pg/1"}]}, {}),
		tf.resource("azurerm_mysql_flexible_server.my", {"customer_managed_key": []}, {}),
		tf.resource("azurerm_cosmosdb_account.docs", {}, {"key_vault_key_id": true}),
		tf.resource("google_compute_disk.cmek", {"disk_encryption_key": [{"kms_key_self_link": "projects/p/locations/europe-west2/keyRings/r/cryptoKeys/k"}]}, {}),
		tf.resource("google_compute_disk.csek", {"disk_encryption_key": [{"raw_key": "c2VjcmV0"}]}, {}),
		tf.resource("google_compute_disk.google", {"disk_encryption_key": []}, {}),
		tf.configured(tf.resource("google_compute_instance.vm", {"boot_disk": [{"auto_delete": true}]}, {"boot_disk": [{"kms_key_self_link": true}]}), {"boot_disk": [{"auto_delete": {"constant": true}}]}),
		tf.resource("google_bigquery_dataset.cmek", {"default_encryption_configuration": [{"kms_key_name": "projects/p/locations/europe-west2/keyRings/r/cryptoKeys/bq"}]}, {}),
		tf.resource("google_bigquery_dataset.google", {"default_encryption_configuration": []}, {}),
	])
	statuses == {
		[0, "azurerm_managed_disk.des"]: true,
		[0, "azurerm_managed_disk.platform"]: false,
		[0, "azurerm_linux_virtual_machine.vm"]: true,
		[0, "azurerm_windows_virtual_machine.vm"]: false,
		[0, "azurerm_postgresql_flexible_server.pg"]: true,
		[0, "azurerm_mysql_flexible_server.my"]: false,
		[0, "azurerm_cosmosdb_account.docs"]: "unknown",
		[0, "google_compute_disk.cmek"]: true,
		[0, "google_compute_disk.csek"]: true,
		[0, "google_compute_disk.google"]: false,
		[0, "google_compute_instance.vm"]: false,
		[0, "google_bigquery_dataset.cmek"]: true,
		[0, "google_bigquery_dataset.google"]: false,
	}
}

test_an_azure_storage_key_resource_is_tied_to_its_account_by_reference if {
	account := tf.configured(tf.resource("azurerm_storage_account.records", {"name": "acmerecords"}, {}), {})
	other := tf.configured(tf.resource("azurerm_storage_account.other", {"name": "acmeother"}, {}), {})
	key := tf.configured(
		tf.resource("azurerm_storage_account_customer_managed_key.records", {"key_name": "k"}, {"storage_account_id": true}),
		{"storage_account_id": tf.ref_attribute("azurerm_storage_account.records", "azurerm_storage_account", "arn")},
	)
	resources := [account, other, key]
	indexed := object.union(tf.plan(resources), {"by_config_address": {r.address: [r.address] | some r in resources}})
	statuses := terraform.customer_managed_key with input as tf.evidence([indexed]) with data.dspt.params as params
	statuses == {[0, "azurerm_storage_account.records"]: true, [0, "azurerm_storage_account.other"]: false}
}

test_a_legacy_inline_key_known_only_after_apply_is_unknown if {
	legacy := tf.resource(
		"aws_s3_bucket.records",
		{"bucket": "acme-records", "server_side_encryption_configuration": [{"rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": "aws:kms"}]}]}]},
		{"server_side_encryption_configuration": [{"rule": [{"apply_server_side_encryption_by_default": [{"kms_master_key_id": true}]}]}]},
	)
	s3_status([legacy], "customer_managed_key") == "unknown"
	statuses := cmk([legacy])
	statuses == {[0, "aws_s3_bucket.records"]: "unknown"}
}

test_dynamodb_encryption_set_from_a_variable_is_unknown if {
	table := tf.configured(
		tf.resource("aws_dynamodb_table.later", {"tags": tf.patient}, {"server_side_encryption": [{"enabled": true, "kms_key_arn": true}]}),
		{"server_side_encryption": [{"enabled": {"references": ["var.sse"], "resources": [], "data": []}}]},
	)
	judgement := terraform.cmk_path_judgement with input as tf.evidence_of([table]) with data.dspt.params as params
	judgement == {[0, "aws_dynamodb_table.later", ["server_side_encryption", 0, "kms_key_arn"]]: ["unknown", "known only after apply (server_side_encryption.enabled refers to var.sse)"]}
}

test_the_default_ebs_key_of_the_account_and_region_counts_when_customer_managed if {
	default_key := tf.with_provider(
		tf.configured(tf.resource("aws_ebs_default_kms_key.this", {}, {"key_arn": true}), {"key_arn": tf.ref_attribute("aws_kms_key.records", "aws_kms_key", "arn")}),
		"aws", "eu-west-2",
	)
	volume := tf.with_provider(tf.configured(tf.resource("aws_ebs_volume.data", {"encrypted": true}, {"kms_key_id": true}), {"encrypted": {"constant": true}}), "aws", "eu-west-2")
	ireland := tf.with_provider(tf.configured(tf.resource("aws_ebs_volume.ireland", {"encrypted": true}, {"kms_key_id": true}), {"encrypted": {"constant": true}}), "aws.ireland", "eu-west-1")
	aws_alias := tf.with_provider(tf.resource("aws_ebs_volume.aws_alias", {"encrypted": true, "kms_key_id": "alias/aws/ebs"}, {}), "aws", "eu-west-2")
	statuses := cmk([default_key, records_key, volume, ireland, aws_alias])
	statuses == {
		[0, "aws_ebs_volume.data"]: true,
		[0, "aws_ebs_volume.ireland"]: false,
		[0, "aws_ebs_volume.aws_alias"]: false,
	}
	# A default key from a data source is unknown, and so are the volumes it covers.
	unknown_key := tf.with_provider(
		tf.configured(tf.resource("aws_ebs_default_kms_key.this", {}, {"key_arn": true}), {"key_arn": tf.data_ref("data.aws_kms_key.ebs")}),
		"aws", "eu-west-2",
	)
	cmk([unknown_key, volume]) == {[0, "aws_ebs_volume.data"]: "unknown"}
}

test_a_customer_supplied_key_set_in_the_configuration_counts if {
	instance := tf.configured(
		tf.resource("google_compute_instance.vm", {"boot_disk": [{"disk_encryption_key_raw": null}]}, {"boot_disk": [{"kms_key_self_link": true}]}),
		{"boot_disk": [{"disk_encryption_key_raw": {"references": ["var.csek"], "resources": [], "data": []}}]},
	)
	cmk([instance]) == {[0, "google_compute_instance.vm"]: true}
}

test_a_tde_resource_is_tied_to_its_server_by_reference if {
	server := tf.configured(tf.resource("azurerm_mssql_server.records", {"name": "acme-records"}, {}), {})
	vault_key := tf.configured(tf.resource("azurerm_key_vault_key.tde", {"name": "tde"}, {"id": true}), {})
	tde := tf.configured(
		tf.resource("azurerm_mssql_server_transparent_data_encryption.records", {}, {"server_id": true, "key_vault_key_id": true}),
		{
			"server_id": tf.ref_attribute("azurerm_mssql_server.records", "azurerm_mssql_server", "arn"),
			"key_vault_key_id": tf.ref_attribute("azurerm_key_vault_key.tde", "azurerm_key_vault_key", "arn"),
		},
	)
	other := tf.configured(tf.resource("azurerm_mssql_server.other", {"name": "acme-other"}, {}), {})
	resources := [server, vault_key, tde, other]
	indexed := object.union(tf.plan(resources), {"by_config_address": {r.address: [r.address] | some r in resources}})
	statuses := terraform.customer_managed_key with input as tf.evidence([indexed]) with data.dspt.params as params
	statuses == {[0, "azurerm_mssql_server.records"]: true, [0, "azurerm_mssql_server.other"]: false}
}

# The engine computes the shared facts once a run and hands them in: each rule returns its fact as
# given (here ones the empty plans would not give, to show they are not recomputed).
test_shared_facts_are_read_when_given if {
	given := {
		"shared_facts": {
			"terraform.patient_resources": {[0, "aws_s3_bucket.x"]},
			"terraform.backup_retention": {"k": 9},
		},
		"terraform": {"plans": []},
	}
	terraform.patient_resources == {[0, "aws_s3_bucket.x"]} with input as given
	terraform.backup_retention == {"k": 9} with input as given
}
