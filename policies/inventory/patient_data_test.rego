package dspt.inventory.patient_data_test

import rego.v1

import data.dspt.inventory.patient_data
import data.dspt.testing.terraform as tf

params := {"terraform": {
	"allowed_regions": ["eu-west-2", "uksouth", "ukwest", "europe-west2"],
	"patient_data_tags": {"data_classification": ["patient", "personal"]},
	"backup_retention_days": 7,
	"patient_backup_retention_days": 35,
}}

app_plan := tf.plan([
	tf.resource("module.storage.aws_s3_bucket.records", {"bucket": "acme-records", "tags": tf.patient}, {"id": true}),
	tf.resource(
		"module.storage.aws_s3_bucket_server_side_encryption_configuration.records",
		{"bucket": "acme-records", "rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": "aws:kms"}]}]},
		{"rule": [{"apply_server_side_encryption_by_default": [{"kms_master_key_id": true}]}]},
	),
	tf.resource("module.storage.aws_s3_bucket_versioning.records", {"bucket": "acme-records", "versioning_configuration": [{"status": "Enabled"}]}, {}),
	tf.resource(
		"module.storage.aws_s3_bucket_public_access_block.records",
		{"block_public_acls": true, "block_public_policy": true, "ignore_public_acls": true, "restrict_public_buckets": true},
		{"bucket": true},
	),
	tf.resource("aws_db_instance.records", {"engine": "postgres", "backup_retention_period": 7, "publicly_accessible": false, "tags": tf.patient}, {"kms_key_id": true}),
	tf.resource("aws_db_instance.reporting", {"engine": "postgres", "backup_retention_period": 7}, {}),
])

data_plan := tf.plan_in("plans/data.json", [
	tf.resource("aws_dynamodb_table.consent", {"name": "consent", "point_in_time_recovery": [{"enabled": true}], "server_side_encryption": [], "tags": tf.patient}, {}),
	object.union(tf.resource("aws_sqs_queue.referrals", {"name": "referrals", "tags": tf.patient}, {}), {"region": null, "region_source": "unresolved"}),
])

test_every_patient_data_resource_is_listed_with_its_protections if {
	inventory := patient_data.resources with input as tf.evidence([app_plan, data_plan]) with data.dspt.params as params
	inventory == {
		{
			"plan": "plan.json",
			"address": "module.storage.aws_s3_bucket.records",
			"type": "aws_s3_bucket",
			"region": "eu-west-2",
			"protections": {
				# The SSE configuration's key is known only after apply, and the plan carries no
				# configuration showing it refers to a key of the plan.
				"customer_managed_key": "unknown",
				"versioning": true,
				"access_logging": false,
				"backups": "n/a",
				"public_access_blocked": true,
			},
		},
		{
			"plan": "plan.json",
			"address": "aws_db_instance.records",
			"type": "aws_db_instance",
			"region": "eu-west-2",
			"protections": {
				"customer_managed_key": "unknown",
				"versioning": "n/a",
				"access_logging": "n/a",
				"backups": false,
				"public_access_blocked": true,
			},
		},
		{
			"plan": "plans/data.json",
			"address": "aws_dynamodb_table.consent",
			"type": "aws_dynamodb_table",
			"region": "eu-west-2",
			"protections": {
				"customer_managed_key": false,
				"versioning": "n/a",
				"access_logging": "n/a",
				"backups": true,
				"public_access_blocked": "n/a",
			},
		},
		{
			"plan": "plans/data.json",
			"address": "aws_sqs_queue.referrals",
			"type": "aws_sqs_queue",
			"region": null,
			"protections": {
				"customer_managed_key": "n/a",
				"versioning": "n/a",
				"access_logging": "n/a",
				"backups": "n/a",
				"public_access_blocked": "n/a",
			},
		},
	}
}

test_backups_follow_the_patient_retention_parameter if {
	override := {"terraform": object.union(params.terraform, {"patient_backup_retention_days": 7})}
	inventory := patient_data.resources with input as tf.evidence([app_plan]) with data.dspt.params as override
	some entry in inventory
	entry.address == "aws_db_instance.records"
	entry.protections.backups == true
}

sql(address, configuration) := tf.resource(
	address,
	{"name": "records", "database_version": "POSTGRES_16", "settings": [{"user_labels": tf.patient, "backup_configuration": configuration}]},
	{},
)

test_cloud_sql_backups_need_backups_on_and_enough_kept if {
	inventory := patient_data.resources with input as tf.evidence([tf.plan([
		sql("google_sql_database_instance.off", [{"enabled": false, "backup_retention_settings": [{"retained_backups": 35}]}]),
		sql("google_sql_database_instance.short", [{"enabled": true}]),
		sql("google_sql_database_instance.good", [{"enabled": true, "backup_retention_settings": [{"retained_backups": 35}]}]),
	])]) with data.dspt.params as params
	{[entry.address, entry.protections.backups] | some entry in inventory} == {
		["google_sql_database_instance.off", false],
		["google_sql_database_instance.short", false],
		["google_sql_database_instance.good", true],
	}
}

test_no_patient_data_gives_an_empty_inventory if {
	inventory := patient_data.resources with input as tf.evidence([tf.plan([tf.resource("aws_db_instance.reporting", {}, {})])])
		with data.dspt.params as params
	inventory == set()
}

test_the_patient_data_tags_parameter_decides_what_is_listed if {
	override := {"terraform": object.union(object.remove(params.terraform, ["patient_data_tags"]), {"patient_data_tags": {"sensitivity": ["high"]}})}
	sensitive := tf.resource("aws_ebs_volume.scratch", {"tags": {"sensitivity": "high"}}, {"kms_key_id": true})
	inventory := patient_data.resources with input as tf.evidence([app_plan, tf.plan_in("plans/data.json", [sensitive])]) with data.dspt.params as override
	{entry.address | some entry in inventory} == {"aws_ebs_volume.scratch"}
}

test_protections_known_only_after_apply_are_unknown if {
	prefixed := tf.resource("aws_s3_bucket.uploads", {"bucket_prefix": "acme-uploads-", "tags": tf.patient}, {"bucket": true, "id": true})
	untied := tf.resource("aws_s3_bucket_versioning.uploads", {"versioning_configuration": [{"status": "Enabled"}]}, {"bucket": true, "id": true})
	inventory := patient_data.resources with input as tf.evidence([tf.plan([prefixed, untied])]) with data.dspt.params as params
	some entry in inventory
	entry.address == "aws_s3_bucket.uploads"
	entry.protections.versioning == "unknown"
	entry.protections.customer_managed_key == false
}
