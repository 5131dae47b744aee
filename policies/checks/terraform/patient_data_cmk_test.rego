package dspt.checks.terraform.patient_data_cmk_test

import rego.v1

import data.dspt.checks.terraform.patient_data_cmk
import data.dspt.testing.terraform as tf

params := {"terraform": {
	"allowed_regions": ["eu-west-2", "uksouth", "ukwest", "europe-west2"],
	"patient_data_tags": {"data_classification": ["patient", "personal"]},
}}

key_arn := "arn:aws:kms:eu-west-2:111122223333:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"

records_bucket := tf.resource("module.storage.aws_s3_bucket.records", {"bucket": "acme-patient-records", "tags": tf.patient}, {"id": true})

kms_configuration(bucket) := tf.resource(
	"module.storage.aws_s3_bucket_server_side_encryption_configuration.records",
	{"bucket": bucket, "rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": "aws:kms"}], "bucket_key_enabled": true}]},
	{"id": true, "rule": [{"apply_server_side_encryption_by_default": [{"kms_master_key_id": true}]}]},
)

records_key := tf.configured(tf.resource("aws_kms_key.records", {"enable_key_rotation": true}, {"arn": true, "id": true}), {})

# kms_key_id known only after apply because it refers to the plan's own aws_kms_key.
keyed_by_plan(r) := tf.configured(r, {"kms_key_id": tf.ref_attribute("aws_kms_key.records", "aws_kms_key", "arn")})

compliant_resources := [
	tf.resource("aws_db_instance.records", {"engine": "postgres", "kms_key_id": key_arn, "tags": tf.patient}, {}),
	keyed_by_plan(tf.resource("aws_rds_cluster.records", {"engine": "aurora-postgresql", "tags": tf.patient}, {"kms_key_id": true})),
	keyed_by_plan(tf.resource("aws_ebs_volume.records", {"size": 100, "tags": tf.patient}, {"kms_key_id": true})),
	records_key,
	tf.resource("aws_efs_file_system.records", {"kms_key_id": key_arn, "tags": tf.patient}, {}),
	tf.resource("aws_dynamodb_table.consent", {"name": "consent", "server_side_encryption": [{"enabled": true, "kms_key_arn": key_arn}], "tags": tf.patient}, {}),
	records_bucket,
	tf.configured(kms_configuration("acme-patient-records"), {
		"bucket": {"constant": "acme-patient-records"},
		"rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": {"constant": "aws:kms"}, "kms_master_key_id": tf.ref_attribute("aws_kms_key.records", "aws_kms_key", "arn")}]}],
	}),
	tf.resource("google_storage_bucket.scans", {"name": "acme-scans", "encryption": [{"default_kms_key_name": "projects/acme/locations/europe-west2/keyRings/r/cryptoKeys/scans"}], "labels": tf.patient}, {}),
	tf.resource("google_sql_database_instance.records", {"name": "records", "encryption_key_name": "projects/acme/locations/europe-west2/keyRings/r/cryptoKeys/sql", "settings": [{"user_labels": tf.patient}]}, {}),
	tf.resource("azurerm_storage_account.records", {"name": "acmerecords", "customer_managed_key": [{"key_vault_key_id": "https://acme.vault.azure.net/keys/records"}], "tags": tf.patient}, {}),
	tf.resource("azurerm_mssql_server.records", {"name": "acme-records", "transparent_data_encryption_key_vault_key_id": "https://acme.vault.azure.net/keys/tde", "tags": tf.patient}, {}),
	# Not patient data: provider keys suffice.
	tf.resource("aws_db_instance.reporting", {"engine": "postgres", "tags": {"data_classification": "internal"}}, {}),
	tf.resource("aws_s3_bucket.assets", {"bucket": "acme-public-assets", "tags": {}}, {"id": true}),
]

test_patient_stores_with_customer_managed_keys_pass if {
	input_doc := tf.evidence_of(compliant_resources)
	count(patient_data_cmk.deny) == 0 with input as input_doc with data.dspt.params as params
	count(patient_data_cmk.warn) == 0 with input as input_doc with data.dspt.params as params
}

test_patient_db_instance_without_key_is_denied if {
	input_doc := tf.evidence_of([tf.resource("aws_db_instance.records", {"engine": "postgres", "kms_key_id": "", "tags": tf.patient}, {})])
	deny := patient_data_cmk.deny with input as input_doc with data.dspt.params as params
	deny == {{
		"msg": "aws_db_instance.records holds patient data but is not encrypted with a customer-managed key: kms_key_id is not set, so the AWS-managed key encrypts it",
		"resource": "aws_db_instance.records",
		"file": "plan.json",
		"source": "terraform",
	}}
}

test_patient_bucket_without_customer_key_is_denied if {
	aws_managed := tf.resource(
		"module.storage.aws_s3_bucket_server_side_encryption_configuration.records",
		{"bucket": "acme-patient-records", "rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": "aws:kms", "kms_master_key_id": ""}]}]},
		{"id": true},
	)
	input_doc := tf.evidence_of([records_bucket, aws_managed])
	deny := patient_data_cmk.deny with input as input_doc with data.dspt.params as params
	deny == {{
		"msg": "module.storage.aws_s3_bucket.records holds patient data but is not encrypted with a customer-managed key: no aws_s3_bucket_server_side_encryption_configuration (or inline rule) for this bucket names a customer-managed kms_master_key_id",
		"resource": "module.storage.aws_s3_bucket.records",
		"file": "plan.json",
		"source": "terraform",
	}}
}

test_every_store_type_without_a_key_is_denied if {
	input_doc := tf.evidence_of([
		tf.resource("aws_rds_cluster.records", {"kms_key_id": null, "tags": tf.patient}, {}),
		tf.resource("aws_ebs_volume.records", {"tags_all": tf.patient}, {}),
		tf.resource("aws_efs_file_system.records", {"tags": tf.patient}, {}),
		tf.resource("aws_dynamodb_table.consent", {"name": "consent", "server_side_encryption": [{"enabled": false}], "tags": tf.patient}, {"server_side_encryption": [{"kms_key_arn": true}]}),
		tf.resource("google_storage_bucket.scans", {"name": "acme-scans", "encryption": [], "labels": tf.patient}, {}),
		tf.resource("google_sql_database_instance.records", {"name": "records", "settings": [{"user_labels": tf.patient}]}, {}),
		tf.resource("azurerm_storage_account.records", {"name": "acmerecords", "customer_managed_key": [], "tags": tf.patient}, {}),
		tf.resource("azurerm_mssql_server.records", {"name": "acme-records", "tags": tf.patient}, {}),
	])
	deny := patient_data_cmk.deny with input as input_doc with data.dspt.params as params
	{finding.resource | some finding in deny} == {
		"aws_rds_cluster.records", "aws_ebs_volume.records", "aws_efs_file_system.records",
		"aws_dynamodb_table.consent", "google_storage_bucket.scans", "google_sql_database_instance.records",
		"azurerm_storage_account.records", "azurerm_mssql_server.records",
	}
	some finding in deny
	finding.resource == "aws_dynamodb_table.consent"
	contains(finding.msg, "server_side_encryption is not enabled, so an AWS owned key encrypts it")
}

test_an_unencrypted_store_has_no_customer_managed_key_whatever_the_key_attribute_shows if {
	input_doc := tf.evidence_of([tf.resource("aws_db_instance.records", {"engine": "mysql", "storage_encrypted": false, "tags": tf.patient}, {"kms_key_id": true})])
	deny := patient_data_cmk.deny with input as input_doc with data.dspt.params as params
	deny == {{
		"msg": "aws_db_instance.records holds patient data but is not encrypted with a customer-managed key: it is not encrypted at rest at all (storage_encrypted is false)",
		"resource": "aws_db_instance.records",
		"file": "plan.json",
		"source": "terraform",
	}}
}

test_untagged_stores_are_not_judged if {
	input_doc := tf.evidence_of([
		tf.resource("aws_db_instance.reporting", {"engine": "postgres"}, {}),
		tf.resource("aws_dynamodb_table.cache", {"name": "cache", "server_side_encryption": []}, {}),
	])
	count(patient_data_cmk.deny) == 0 with input as input_doc with data.dspt.params as params
}

test_a_key_known_only_after_apply_counts_only_when_it_refers_to_a_key_in_the_plan if {
	unknown_key := tf.resource("aws_db_instance.records", {"engine": "postgres", "tags": tf.patient}, {"kms_key_id": true})
	referred := tf.evidence_of([keyed_by_plan(unknown_key), records_key])
	count(patient_data_cmk.deny) == 0 with input as referred with data.dspt.params as params
	count(patient_data_cmk.warn) == 0 with input as referred with data.dspt.params as params
	# The same reference without the key in the plan is unknown.
	missing_key := tf.evidence_of([keyed_by_plan(unknown_key)])
	count(patient_data_cmk.deny) == 0 with input as missing_key with data.dspt.params as params
	count(patient_data_cmk.warn) == 1 with input as missing_key with data.dspt.params as params
}

test_a_key_from_a_data_source_or_without_configuration_warns if {
	unknown_key := tf.resource("aws_db_instance.records", {"engine": "postgres", "tags": tf.patient}, {"kms_key_id": true})
	from_data := tf.evidence_of([tf.configured(unknown_key, {"kms_key_id": tf.data_ref("data.aws_kms_key.x")})])
	count(patient_data_cmk.deny) == 0 with input as from_data with data.dspt.params as params
	warn := patient_data_cmk.warn with input as from_data with data.dspt.params as params
	warn == {{
		"msg": "aws_db_instance.records holds patient data; whether a customer-managed key encrypts it is known only after apply (kms_key_id refers to data.aws_kms_key.x)",
		"resource": "aws_db_instance.records",
		"file": "plan.json",
		"source": "terraform",
	}}
	no_configuration := tf.evidence_of([unknown_key])
	some finding in patient_data_cmk.warn with input as no_configuration with data.dspt.params as params
	contains(finding.msg, "known only after apply (the plan carries no configuration for it)")
	judged := patient_data_cmk.judged with input as no_configuration with data.dspt.params as params
	judged == {[0, "aws_db_instance.records", "unknown"]}
}

test_a_key_left_unset_in_the_configuration_is_the_aws_managed_key if {
	unset := tf.configured(tf.resource("aws_rds_cluster.records", {"engine": "aurora-postgresql", "tags": tf.patient}, {"kms_key_id": true}), {"engine": {"constant": "aurora-postgresql"}})
	deny := patient_data_cmk.deny with input as tf.evidence_of([unset]) with data.dspt.params as params
	deny == {{
		"msg": "aws_rds_cluster.records holds patient data but is not encrypted with a customer-managed key: kms_key_id is not set, so the AWS-managed key encrypts it",
		"resource": "aws_rds_cluster.records",
		"file": "plan.json",
		"source": "terraform",
	}}
}

test_aws_managed_keys_are_not_customer_managed if {
	input_doc := tf.evidence_of([
		tf.resource("aws_db_instance.records", {"kms_key_id": "alias/aws/rds", "tags": tf.patient}, {}),
		tf.resource("aws_ebs_volume.records", {"kms_key_id": "arn:aws:kms:eu-west-2:111122223333:alias/aws/ebs", "tags": tf.patient}, {}),
	])
	deny := patient_data_cmk.deny with input as input_doc with data.dspt.params as params
	{finding.msg | some finding in deny} == {
		"aws_db_instance.records holds patient data but is not encrypted with a customer-managed key: kms_key_id is alias/aws/rds, the AWS-managed key",
		"aws_ebs_volume.records holds patient data but is not encrypted with a customer-managed key: kms_key_id is arn:aws:kms:eu-west-2:111122223333:alias/aws/ebs, the AWS-managed key",
	}
}

test_ec2_instances_and_launch_templates_need_a_key_on_every_ebs_block if {
	instance := tf.configured(
		tf.resource("aws_instance.records", {"root_block_device": [{"encrypted": true}], "ebs_block_device": [{"device_name": "/dev/sdf", "encrypted": true}], "tags": tf.patient}, {"root_block_device": [{"kms_key_id": true}], "ebs_block_device": [{"kms_key_id": true}]}),
		{
			"root_block_device": [{"encrypted": {"constant": true}, "kms_key_id": tf.ref_attribute("aws_kms_key.records", "aws_kms_key", "arn")}],
			"ebs_block_device": [{"device_name": {"constant": "/dev/sdf"}, "encrypted": {"constant": true}}],
		},
	)
	template := tf.resource(
		"aws_launch_template.records",
		{"block_device_mappings": [{"device_name": "/dev/xvda", "ebs": [{"encrypted": "true", "kms_key_id": key_arn}]}], "tags": tf.patient},
		{},
	)
	deny := patient_data_cmk.deny with input as tf.evidence_of([instance, template, records_key]) with data.dspt.params as params
	deny == {{
		"msg": "aws_instance.records holds patient data but is not encrypted with a customer-managed key: ebs_block_device.kms_key_id is not set, so the AWS-managed key encrypts it",
		"resource": "aws_instance.records",
		"file": "plan.json",
		"source": "terraform",
	}}
	unencrypted := tf.resource("aws_launch_template.records", {"block_device_mappings": [{"device_name": "/dev/xvda", "ebs": [{"encrypted": "false"}]}], "tags": tf.patient}, {})
	some finding in patient_data_cmk.deny with input as tf.evidence_of([unencrypted]) with data.dspt.params as params
	finding.resource == "aws_launch_template.records"
	contains(finding.msg, "block_device_mappings /dev/xvda is not encrypted at all")
}

test_azure_stores_need_a_key_vault_key_or_disk_encryption_set if {
	des_id := "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Compute/diskEncryptionSets/records"
	good := tf.evidence_of([
		tf.resource("azurerm_managed_disk.records", {"disk_encryption_set_id": des_id, "tags": tf.patient}, {}),
		tf.resource("azurerm_linux_virtual_machine.records", {"os_disk": [{"disk_encryption_set_id": des_id}], "tags": tf.patient}, {}),
		tf.resource("azurerm_windows_virtual_machine.records", {"os_disk": [{"disk_encryption_set_id": des_id}], "tags": tf.patient}, {}),
		tf.resource("azurerm_postgresql_flexible_server.records", {"customer_managed_key": [{"key_vault_key_id": "https://acme.vault.azure.net/keys/pg/1"}], "tags": tf.patient}, {}),
		tf.resource("azurerm_mysql_flexible_server.records", {"customer_managed_key": [{"key_vault_key_id": "https://acme.vault.azure.net/keys/my/1"}], "tags": tf.patient}, {}),
		tf.resource("azurerm_cosmosdb_account.records", {"key_vault_key_id": "https://acme.vault.azure.net/keys/cosmos", "tags": tf.patient}, {}),
	])
	count(patient_data_cmk.deny) == 0 with input as good with data.dspt.params as params
	count(patient_data_cmk.judged) == 6 with input as good with data.dspt.params as params
	bad := tf.evidence_of([
		tf.resource("azurerm_managed_disk.records", {"disk_encryption_set_id": null, "tags": tf.patient}, {}),
		tf.resource("azurerm_linux_virtual_machine.records", {"os_disk": [{"caching": "ReadWrite"}], "tags": tf.patient}, {}),
		tf.resource("azurerm_windows_virtual_machine.records", {"os_disk": [{"caching": "ReadWrite"}], "tags": tf.patient}, {}),
		tf.resource("azurerm_postgresql_flexible_server.records", {"customer_managed_key": [], "tags": tf.patient}, {}),
		tf.resource("azurerm_mysql_flexible_server.records", {"customer_managed_key": [], "tags": tf.patient}, {}),
		tf.resource("azurerm_cosmosdb_account.records", {"tags": tf.patient}, {}),
	])
	deny := patient_data_cmk.deny with input as bad with data.dspt.params as params
	{finding.resource | some finding in deny} == {
		"azurerm_managed_disk.records", "azurerm_linux_virtual_machine.records", "azurerm_windows_virtual_machine.records",
		"azurerm_postgresql_flexible_server.records", "azurerm_mysql_flexible_server.records", "azurerm_cosmosdb_account.records",
	}
	some finding in deny
	finding.resource == "azurerm_linux_virtual_machine.records"
	finding.msg == "azurerm_linux_virtual_machine.records holds patient data but is not encrypted with a customer-managed key: os_disk.disk_encryption_set_id is not set, so a Microsoft-managed key encrypts it"
}

test_google_disks_instances_and_datasets_need_a_cloud_kms_key if {
	key := "projects/acme/locations/europe-west2/keyRings/r/cryptoKeys/records"
	good := tf.evidence_of([
		tf.resource("google_compute_disk.records", {"disk_encryption_key": [{"kms_key_self_link": key}], "labels": tf.patient}, {}),
		tf.resource("google_compute_instance.records", {"boot_disk": [{"kms_key_self_link": key}], "labels": tf.patient}, {}),
		tf.resource("google_bigquery_dataset.records", {"default_encryption_configuration": [{"kms_key_name": key}], "labels": tf.patient}, {}),
	])
	count(patient_data_cmk.deny) == 0 with input as good with data.dspt.params as params
	count(patient_data_cmk.judged) == 3 with input as good with data.dspt.params as params
	bad := tf.evidence_of([
		tf.resource("google_compute_disk.records", {"disk_encryption_key": [], "labels": tf.patient}, {}),
		tf.configured(
			tf.resource("google_compute_instance.records", {"boot_disk": [{"auto_delete": true}], "labels": tf.patient}, {"boot_disk": [{"kms_key_self_link": true}]}),
			{"boot_disk": [{"auto_delete": {"constant": true}}]},
		),
		tf.resource("google_bigquery_dataset.records", {"default_encryption_configuration": [], "labels": tf.patient}, {}),
	])
	deny := patient_data_cmk.deny with input as bad with data.dspt.params as params
	{finding.msg | some finding in deny} == {
		"google_compute_disk.records holds patient data but is not encrypted with a customer-managed key: disk_encryption_key.kms_key_self_link is not set, so a Google-managed key encrypts it",
		"google_compute_instance.records holds patient data but is not encrypted with a customer-managed key: boot_disk.kms_key_self_link is not set, so a Google-managed key encrypts it",
		"google_bigquery_dataset.records holds patient data but is not encrypted with a customer-managed key: default_encryption_configuration.kms_key_name is not set, so a Google-managed key encrypts it",
	}
}

test_every_judged_store_is_counted_once if {
	judged := patient_data_cmk.judged with input as tf.evidence_of(compliant_resources) with data.dspt.params as params
	{[index, address] | some [index, address, _] in judged} == {
		[0, "aws_db_instance.records"], [0, "aws_rds_cluster.records"], [0, "aws_ebs_volume.records"],
		[0, "aws_efs_file_system.records"], [0, "aws_dynamodb_table.consent"], [0, "module.storage.aws_s3_bucket.records"],
		[0, "google_storage_bucket.scans"], [0, "google_sql_database_instance.records"],
		[0, "azurerm_storage_account.records"], [0, "azurerm_mssql_server.records"],
	}
	count(judged) == 10
}

test_a_key_configuration_with_an_unknown_bucket_warns if {
	untied := tf.resource(
		"module.storage.aws_s3_bucket_server_side_encryption_configuration.records",
		{"rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": "aws:kms", "kms_master_key_id": key_arn}]}]},
		{"bucket": true, "id": true},
	)
	input_doc := tf.evidence_of([records_bucket, untied])
	count(patient_data_cmk.deny) == 0 with input as input_doc with data.dspt.params as params
	warn := patient_data_cmk.warn with input as input_doc with data.dspt.params as params
	warn == {{
		"msg": "module.storage.aws_s3_bucket.records holds patient data; whether a customer-managed key encrypts it is known only after apply (an SSE configuration's bucket or key is unknown in the plan)",
		"resource": "module.storage.aws_s3_bucket.records",
		"file": "plan.json",
		"source": "terraform",
	}}
}

test_findings_name_the_plan_of_the_resource if {
	second := object.union(tf.plan([tf.resource("aws_ebs_volume.records", {"tags": tf.patient}, {})]), {"file": "plans/data.json"})
	deny := patient_data_cmk.deny with input as tf.evidence([tf.plan(compliant_resources), second]) with data.dspt.params as params
	{[finding.resource, finding.file] | some finding in deny} == {["aws_ebs_volume.records", "plans/data.json"]}
}

test_patient_data_tags_parameter_is_honoured if {
	override := {"terraform": {"allowed_regions": params.terraform.allowed_regions, "patient_data_tags": {"sensitivity": ["high"]}}}
	input_doc := tf.evidence_of([
		tf.resource("aws_ebs_volume.records", {"tags": tf.patient}, {}),
		tf.resource("aws_ebs_volume.sensitive", {"tags": {"sensitivity": "HIGH"}}, {}),
	])
	deny := patient_data_cmk.deny with input as input_doc with data.dspt.params as override
	{finding.resource | some finding in deny} == {"aws_ebs_volume.sensitive"}
}

test_leaving_resources_are_not_checked if {
	leaving_plan := object.union(tf.plan([]), {"leaving": ["aws_db_instance.legacy"]})
	count(patient_data_cmk.deny) == 0 with input as tf.evidence([leaving_plan]) with data.dspt.params as params
}

test_count_and_for_each_instances_are_judged_one_by_one if {
	input_doc := tf.evidence_of([
		tf.resource("module.data[\"eu\"].aws_ebs_volume.records[0]", {"tags": tf.patient}, {}),
		tf.resource("module.data[\"eu\"].aws_ebs_volume.records[1]", {"kms_key_id": key_arn, "tags": tf.patient}, {}),
	])
	deny := patient_data_cmk.deny with input as input_doc with data.dspt.params as params
	{finding.resource | some finding in deny} == {"module.data[\"eu\"].aws_ebs_volume.records[0]"}
}

# Every resource type the check declares in its METADATA, one patient-data resource each, with
# its outcome (keys known only after apply with no configuration in the plan warn).
declared_type_cases := [
	["aws_db_instance", {"kms_key_id": key_arn, "tags": tf.patient}, {}, "pass"],
	["aws_dynamodb_table", {"server_side_encryption": [{"enabled": true, "kms_key_arn": key_arn}], "tags": tf.patient}, {}, "pass"],
	["aws_ebs_volume", {"kms_key_id": "alias/aws/ebs", "tags": tf.patient}, {}, "deny"],
	["aws_efs_file_system", {"encrypted": true, "tags": tf.patient}, {"kms_key_id": true}, "warn"],
	["aws_instance", {"root_block_device": [{"encrypted": true, "kms_key_id": key_arn}], "tags": tf.patient}, {}, "pass"],
	["aws_launch_template", {"block_device_mappings": [{"device_name": "/dev/xvda", "ebs": [{"encrypted": "true"}]}], "tags": tf.patient}, {}, "deny"],
	["aws_rds_cluster", {"kms_key_id": "", "tags": tf.patient}, {}, "deny"],
	["aws_s3_bucket", {"bucket": "acme-declared", "tags": tf.patient}, {}, "deny"],
	["azurerm_cosmosdb_account", {"name": "declared", "key_vault_key_id": "https://acme.vault.azure.net/keys/cosmos", "tags": tf.patient}, {}, "pass"],
	["azurerm_linux_virtual_machine", {"name": "declared", "os_disk": [{"caching": "ReadWrite"}], "tags": tf.patient}, {}, "deny"],
	["azurerm_managed_disk", {"name": "declared", "disk_encryption_set_id": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Compute/diskEncryptionSets/des", "tags": tf.patient}, {}, "pass"],
	["azurerm_mssql_server", {"name": "declared", "tags": tf.patient}, {}, "deny"],
	["azurerm_mysql_flexible_server", {"name": "declared", "customer_managed_key": [{"key_vault_key_id": "https://acme.vault.azure.net/keys/my"}], "tags": tf.patient}, {}, "pass"],
	["azurerm_postgresql_flexible_server", {"name": "declared", "customer_managed_key": [], "tags": tf.patient}, {}, "deny"],
	["azurerm_storage_account", {"name": "declared", "customer_managed_key": [{"key_vault_key_id": "https://acme.vault.azure.net/keys/st"}], "tags": tf.patient}, {}, "pass"],
	["azurerm_windows_virtual_machine", {"name": "declared", "os_disk": [{"disk_encryption_set_id": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Compute/diskEncryptionSets/des"}], "tags": tf.patient}, {}, "pass"],
	["google_bigquery_dataset", {"dataset_id": "declared", "default_encryption_configuration": [], "labels": tf.patient}, {}, "deny"],
	["google_compute_disk", {"name": "declared", "disk_encryption_key": [{"kms_key_self_link": "projects/acme/locations/europe-west2/keyRings/r/cryptoKeys/disk"}], "labels": tf.patient}, {}, "pass"],
	["google_compute_instance", {"name": "declared", "boot_disk": [{"auto_delete": true}], "labels": tf.patient}, {"boot_disk": [{"kms_key_self_link": true}]}, "warn"],
	["google_sql_database_instance", {"name": "declared", "encryption_key_name": "projects/acme/locations/europe-west2/keyRings/r/cryptoKeys/sql", "settings": [{"user_labels": tf.patient}]}, {}, "pass"],
	["google_storage_bucket", {"name": "declared", "encryption": [], "labels": tf.patient}, {}, "deny"],
]

test_every_declared_type_is_judged_with_its_outcome if {
	resources := tf.declared_resources(declared_type_cases)
	input_doc := tf.evidence_of(resources)
	deny := patient_data_cmk.deny with input as input_doc with data.dspt.params as params
	warn := patient_data_cmk.warn with input as input_doc with data.dspt.params as params
	judged := patient_data_cmk.judged with input as input_doc with data.dspt.params as params
	tf.judged_as_declared(declared_type_cases, 3, deny, warn, judged)
}
