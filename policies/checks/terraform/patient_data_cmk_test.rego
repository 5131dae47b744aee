package dspt.checks.terraform.patient_data_cmk_test

import rego.v1

import data.dspt.checks.terraform.patient_data_cmk

params := {"terraform": {
	"allowed_regions": ["eu-west-2", "uksouth", "ukwest", "europe-west2"],
	"patient_data_tags": {"data_classification": ["patient", "personal"]},
}}

resource(address, values, unknown) := {
	"address": address,
	"module": "",
	"type": parts[count(parts) - 2],
	"name": parts[count(parts) - 1],
	"mode": "managed",
	"provider": "registry.terraform.io/hashicorp/aws",
	"actions": ["create"],
	"values": values,
	"unknown": unknown,
	"region": "eu-west-2",
	"region_source": "provider",
} if {
	parts := split(address, ".")
}

plan(resources) := {
	"file": "plan.json",
	"format_version": "1.2",
	"terraform_version": "1.9.5",
	"resources": {r.address: r | some r in resources},
	"by_type": {type: sort([r.address | some r in resources; r.type == type]) | some item in resources; type := item.type},
	"leaving": [],
	"providers": {"aws": {"name": "registry.terraform.io/hashicorp/aws", "region": "eu-west-2"}},
}

evidence(plans) := {
	"assessment": {"as_of": "2026-06-30", "framework": "dspt-supplier", "organisation": {"name": "Acme Health Ltd", "type": "it-supplier"}},
	"terraform": {"plans": plans},
}

patient := {"data_classification": "patient"}

key_arn := "arn:aws:kms:eu-west-2:111122223333:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"

records_bucket := resource("module.storage.aws_s3_bucket.records", {"bucket": "acme-patient-records", "tags": patient}, {"id": true})

kms_configuration(bucket) := resource(
	"module.storage.aws_s3_bucket_server_side_encryption_configuration.records",
	{"bucket": bucket, "rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": "aws:kms"}], "bucket_key_enabled": true}]},
	{"id": true, "rule": [{"apply_server_side_encryption_by_default": [{"kms_master_key_id": true}]}]},
)

# A resource with the configuration the plan carries for it.
configured(r, config) := object.union(r, {"config": config, "config_address": r.address})

reference_to(address, type) := {
	"references": [sprintf("%s.arn", [address]), address],
	"resources": [{"address": address, "type": type}],
	"data": [],
}

data_reference(address) := {
	"references": [sprintf("%s.arn", [address]), address],
	"resources": [],
	"data": [{"address": address, "type": split(address, ".")[1]}],
}

records_key := configured(resource("aws_kms_key.records", {"enable_key_rotation": true}, {"arn": true, "id": true}), {})

# kms_key_id known only after apply because it refers to the plan's own aws_kms_key.
keyed_by_plan(r) := configured(r, {"kms_key_id": reference_to("aws_kms_key.records", "aws_kms_key")})

compliant_resources := [
	resource("aws_db_instance.records", {"engine": "postgres", "kms_key_id": key_arn, "tags": patient}, {}),
	keyed_by_plan(resource("aws_rds_cluster.records", {"engine": "aurora-postgresql", "tags": patient}, {"kms_key_id": true})),
	keyed_by_plan(resource("aws_ebs_volume.records", {"size": 100, "tags": patient}, {"kms_key_id": true})),
	records_key,
	resource("aws_efs_file_system.records", {"kms_key_id": key_arn, "tags": patient}, {}),
	resource("aws_dynamodb_table.consent", {"name": "consent", "server_side_encryption": [{"enabled": true, "kms_key_arn": key_arn}], "tags": patient}, {}),
	records_bucket,
	configured(kms_configuration("acme-patient-records"), {
		"bucket": {"constant": "acme-patient-records"},
		"rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": {"constant": "aws:kms"}, "kms_master_key_id": reference_to("aws_kms_key.records", "aws_kms_key")}]}],
	}),
	resource("google_storage_bucket.scans", {"name": "acme-scans", "encryption": [{"default_kms_key_name": "projects/acme/locations/europe-west2/keyRings/r/cryptoKeys/scans"}], "labels": patient}, {}),
	resource("google_sql_database_instance.records", {"name": "records", "encryption_key_name": "projects/acme/locations/europe-west2/keyRings/r/cryptoKeys/sql", "settings": [{"user_labels": patient}]}, {}),
	resource("azurerm_storage_account.records", {"name": "acmerecords", "customer_managed_key": [{"key_vault_key_id": "https://acme.vault.azure.net/keys/records"}], "tags": patient}, {}),
	resource("azurerm_mssql_server.records", {"name": "acme-records", "transparent_data_encryption_key_vault_key_id": "https://acme.vault.azure.net/keys/tde", "tags": patient}, {}),
	# Not patient data: provider keys suffice.
	resource("aws_db_instance.reporting", {"engine": "postgres", "tags": {"data_classification": "internal"}}, {}),
	resource("aws_s3_bucket.assets", {"bucket": "acme-public-assets", "tags": {}}, {"id": true}),
]

test_patient_stores_with_customer_managed_keys_pass if {
	input_doc := evidence([plan(compliant_resources)])
	count(patient_data_cmk.deny) == 0 with input as input_doc with data.dspt.params as params
	count(patient_data_cmk.warn) == 0 with input as input_doc with data.dspt.params as params
}

test_patient_db_instance_without_key_is_denied if {
	input_doc := evidence([plan([resource("aws_db_instance.records", {"engine": "postgres", "kms_key_id": "", "tags": patient}, {})])])
	deny := patient_data_cmk.deny with input as input_doc with data.dspt.params as params
	deny == {{
		"msg": "aws_db_instance.records holds patient data but is not encrypted with a customer-managed key: kms_key_id is not set, so the AWS-managed key encrypts it",
		"resource": "aws_db_instance.records",
		"file": "plan.json",
		"source": "terraform",
	}}
}

test_patient_bucket_without_customer_key_is_denied if {
	aws_managed := resource(
		"module.storage.aws_s3_bucket_server_side_encryption_configuration.records",
		{"bucket": "acme-patient-records", "rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": "aws:kms", "kms_master_key_id": ""}]}]},
		{"id": true},
	)
	input_doc := evidence([plan([records_bucket, aws_managed])])
	deny := patient_data_cmk.deny with input as input_doc with data.dspt.params as params
	deny == {{
		"msg": "module.storage.aws_s3_bucket.records holds patient data but is not encrypted with a customer-managed key: no aws_s3_bucket_server_side_encryption_configuration (or inline rule) for this bucket names a customer-managed kms_master_key_id",
		"resource": "module.storage.aws_s3_bucket.records",
		"file": "plan.json",
		"source": "terraform",
	}}
}

test_every_store_type_without_a_key_is_denied if {
	input_doc := evidence([plan([
		resource("aws_rds_cluster.records", {"kms_key_id": null, "tags": patient}, {}),
		resource("aws_ebs_volume.records", {"tags_all": patient}, {}),
		resource("aws_efs_file_system.records", {"tags": patient}, {}),
		resource("aws_dynamodb_table.consent", {"name": "consent", "server_side_encryption": [{"enabled": false}], "tags": patient}, {"server_side_encryption": [{"kms_key_arn": true}]}),
		resource("google_storage_bucket.scans", {"name": "acme-scans", "encryption": [], "labels": patient}, {}),
		resource("google_sql_database_instance.records", {"name": "records", "settings": [{"user_labels": patient}]}, {}),
		resource("azurerm_storage_account.records", {"name": "acmerecords", "customer_managed_key": [], "tags": patient}, {}),
		resource("azurerm_mssql_server.records", {"name": "acme-records", "tags": patient}, {}),
	])])
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
	input_doc := evidence([plan([resource("aws_db_instance.records", {"engine": "mysql", "storage_encrypted": false, "tags": patient}, {"kms_key_id": true})])])
	deny := patient_data_cmk.deny with input as input_doc with data.dspt.params as params
	deny == {{
		"msg": "aws_db_instance.records holds patient data but is not encrypted with a customer-managed key: it is not encrypted at rest at all (storage_encrypted is false)",
		"resource": "aws_db_instance.records",
		"file": "plan.json",
		"source": "terraform",
	}}
}

test_untagged_stores_are_not_judged if {
	input_doc := evidence([plan([
		resource("aws_db_instance.reporting", {"engine": "postgres"}, {}),
		resource("aws_dynamodb_table.cache", {"name": "cache", "server_side_encryption": []}, {}),
	])])
	count(patient_data_cmk.deny) == 0 with input as input_doc with data.dspt.params as params
}

test_a_key_known_only_after_apply_counts_only_when_it_refers_to_a_key_in_the_plan if {
	unknown_key := resource("aws_db_instance.records", {"engine": "postgres", "tags": patient}, {"kms_key_id": true})
	referred := evidence([plan([keyed_by_plan(unknown_key), records_key])])
	count(patient_data_cmk.deny) == 0 with input as referred with data.dspt.params as params
	count(patient_data_cmk.warn) == 0 with input as referred with data.dspt.params as params
	# The same reference without the key in the plan is unknown.
	missing_key := evidence([plan([keyed_by_plan(unknown_key)])])
	count(patient_data_cmk.deny) == 0 with input as missing_key with data.dspt.params as params
	count(patient_data_cmk.warn) == 1 with input as missing_key with data.dspt.params as params
}

test_a_key_from_a_data_source_or_without_configuration_warns if {
	unknown_key := resource("aws_db_instance.records", {"engine": "postgres", "tags": patient}, {"kms_key_id": true})
	from_data := evidence([plan([configured(unknown_key, {"kms_key_id": data_reference("data.aws_kms_key.x")})])])
	count(patient_data_cmk.deny) == 0 with input as from_data with data.dspt.params as params
	warn := patient_data_cmk.warn with input as from_data with data.dspt.params as params
	warn == {{
		"msg": "aws_db_instance.records holds patient data; whether a customer-managed key encrypts it is known only after apply (kms_key_id refers to data.aws_kms_key.x)",
		"resource": "aws_db_instance.records",
		"file": "plan.json",
		"source": "terraform",
	}}
	no_configuration := evidence([plan([unknown_key])])
	some finding in patient_data_cmk.warn with input as no_configuration with data.dspt.params as params
	contains(finding.msg, "known only after apply (the plan carries no configuration for it)")
	judged := patient_data_cmk.judged with input as no_configuration with data.dspt.params as params
	judged == {[0, "aws_db_instance.records", "unknown"]}
}

test_a_key_left_unset_in_the_configuration_is_the_aws_managed_key if {
	unset := configured(resource("aws_rds_cluster.records", {"engine": "aurora-postgresql", "tags": patient}, {"kms_key_id": true}), {"engine": {"constant": "aurora-postgresql"}})
	deny := patient_data_cmk.deny with input as evidence([plan([unset])]) with data.dspt.params as params
	deny == {{
		"msg": "aws_rds_cluster.records holds patient data but is not encrypted with a customer-managed key: kms_key_id is not set, so the AWS-managed key encrypts it",
		"resource": "aws_rds_cluster.records",
		"file": "plan.json",
		"source": "terraform",
	}}
}

test_aws_managed_keys_are_not_customer_managed if {
	input_doc := evidence([plan([
		resource("aws_db_instance.records", {"kms_key_id": "alias/aws/rds", "tags": patient}, {}),
		resource("aws_ebs_volume.records", {"kms_key_id": "arn:aws:kms:eu-west-2:111122223333:alias/aws/ebs", "tags": patient}, {}),
	])])
	deny := patient_data_cmk.deny with input as input_doc with data.dspt.params as params
	{finding.msg | some finding in deny} == {
		"aws_db_instance.records holds patient data but is not encrypted with a customer-managed key: kms_key_id is alias/aws/rds, the AWS-managed key",
		"aws_ebs_volume.records holds patient data but is not encrypted with a customer-managed key: kms_key_id is arn:aws:kms:eu-west-2:111122223333:alias/aws/ebs, the AWS-managed key",
	}
}

test_ec2_instances_and_launch_templates_need_a_key_on_every_ebs_block if {
	instance := configured(
		resource("aws_instance.records", {"root_block_device": [{"encrypted": true}], "ebs_block_device": [{"device_name": "/dev/sdf", "encrypted": true}], "tags": patient}, {"root_block_device": [{"kms_key_id": true}], "ebs_block_device": [{"kms_key_id": true}]}),
		{
			"root_block_device": [{"encrypted": {"constant": true}, "kms_key_id": reference_to("aws_kms_key.records", "aws_kms_key")}],
			"ebs_block_device": [{"device_name": {"constant": "/dev/sdf"}, "encrypted": {"constant": true}}],
		},
	)
	template := resource(
		"aws_launch_template.records",
		{"block_device_mappings": [{"device_name": "/dev/xvda", "ebs": [{"encrypted": "true", "kms_key_id": key_arn}]}], "tags": patient},
		{},
	)
	deny := patient_data_cmk.deny with input as evidence([plan([instance, template, records_key])]) with data.dspt.params as params
	deny == {{
		"msg": "aws_instance.records holds patient data but is not encrypted with a customer-managed key: ebs_block_device.kms_key_id is not set, so the AWS-managed key encrypts it",
		"resource": "aws_instance.records",
		"file": "plan.json",
		"source": "terraform",
	}}
	unencrypted := resource("aws_launch_template.records", {"block_device_mappings": [{"device_name": "/dev/xvda", "ebs": [{"encrypted": "false"}]}], "tags": patient}, {})
	some finding in patient_data_cmk.deny with input as evidence([plan([unencrypted])]) with data.dspt.params as params
	finding.resource == "aws_launch_template.records"
	contains(finding.msg, "block_device_mappings /dev/xvda is not encrypted at all")
}

test_azure_stores_need_a_key_vault_key_or_disk_encryption_set if {
	des_id := "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Compute/diskEncryptionSets/records"
	good := evidence([plan([
		resource("azurerm_managed_disk.records", {"disk_encryption_set_id": des_id, "tags": patient}, {}),
		resource("azurerm_linux_virtual_machine.records", {"os_disk": [{"disk_encryption_set_id": des_id}], "tags": patient}, {}),
		resource("azurerm_windows_virtual_machine.records", {"os_disk": [{"disk_encryption_set_id": des_id}], "tags": patient}, {}),
		resource("azurerm_postgresql_flexible_server.records", {"customer_managed_key": [{"key_vault_key_id": "https://acme.vault.azure.net/keys/pg/1"}], "tags": patient}, {}),
		resource("azurerm_mysql_flexible_server.records", {"customer_managed_key": [{"key_vault_key_id": "https://acme.vault.azure.net/keys/my/1"}], "tags": patient}, {}),
		resource("azurerm_cosmosdb_account.records", {"key_vault_key_id": "https://acme.vault.azure.net/keys/cosmos", "tags": patient}, {}),
	])])
	count(patient_data_cmk.deny) == 0 with input as good with data.dspt.params as params
	count(patient_data_cmk.judged) == 6 with input as good with data.dspt.params as params
	bad := evidence([plan([
		resource("azurerm_managed_disk.records", {"disk_encryption_set_id": null, "tags": patient}, {}),
		resource("azurerm_linux_virtual_machine.records", {"os_disk": [{"caching": "ReadWrite"}], "tags": patient}, {}),
		resource("azurerm_windows_virtual_machine.records", {"os_disk": [{"caching": "ReadWrite"}], "tags": patient}, {}),
		resource("azurerm_postgresql_flexible_server.records", {"customer_managed_key": [], "tags": patient}, {}),
		resource("azurerm_mysql_flexible_server.records", {"customer_managed_key": [], "tags": patient}, {}),
		resource("azurerm_cosmosdb_account.records", {"tags": patient}, {}),
	])])
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
	good := evidence([plan([
		resource("google_compute_disk.records", {"disk_encryption_key": [{"kms_key_self_link": key}], "labels": patient}, {}),
		resource("google_compute_instance.records", {"boot_disk": [{"kms_key_self_link": key}], "labels": patient}, {}),
		resource("google_bigquery_dataset.records", {"default_encryption_configuration": [{"kms_key_name": key}], "labels": patient}, {}),
	])])
	count(patient_data_cmk.deny) == 0 with input as good with data.dspt.params as params
	count(patient_data_cmk.judged) == 3 with input as good with data.dspt.params as params
	bad := evidence([plan([
		resource("google_compute_disk.records", {"disk_encryption_key": [], "labels": patient}, {}),
		configured(
			resource("google_compute_instance.records", {"boot_disk": [{"auto_delete": true}], "labels": patient}, {"boot_disk": [{"kms_key_self_link": true}]}),
			{"boot_disk": [{"auto_delete": {"constant": true}}]},
		),
		resource("google_bigquery_dataset.records", {"default_encryption_configuration": [], "labels": patient}, {}),
	])])
	deny := patient_data_cmk.deny with input as bad with data.dspt.params as params
	{finding.msg | some finding in deny} == {
		"google_compute_disk.records holds patient data but is not encrypted with a customer-managed key: disk_encryption_key.kms_key_self_link is not set, so a Google-managed key encrypts it",
		"google_compute_instance.records holds patient data but is not encrypted with a customer-managed key: boot_disk.kms_key_self_link is not set, so a Google-managed key encrypts it",
		"google_bigquery_dataset.records holds patient data but is not encrypted with a customer-managed key: default_encryption_configuration.kms_key_name is not set, so a Google-managed key encrypts it",
	}
}

test_every_judged_store_is_counted_once if {
	judged := patient_data_cmk.judged with input as evidence([plan(compliant_resources)]) with data.dspt.params as params
	{[index, address] | some [index, address, _] in judged} == {
		[0, "aws_db_instance.records"], [0, "aws_rds_cluster.records"], [0, "aws_ebs_volume.records"],
		[0, "aws_efs_file_system.records"], [0, "aws_dynamodb_table.consent"], [0, "module.storage.aws_s3_bucket.records"],
		[0, "google_storage_bucket.scans"], [0, "google_sql_database_instance.records"],
		[0, "azurerm_storage_account.records"], [0, "azurerm_mssql_server.records"],
	}
	count(judged) == 10
}

test_a_key_configuration_with_an_unknown_bucket_warns if {
	untied := resource(
		"module.storage.aws_s3_bucket_server_side_encryption_configuration.records",
		{"rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": "aws:kms", "kms_master_key_id": key_arn}]}]},
		{"bucket": true, "id": true},
	)
	input_doc := evidence([plan([records_bucket, untied])])
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
	second := object.union(plan([resource("aws_ebs_volume.records", {"tags": patient}, {})]), {"file": "plans/data.json"})
	deny := patient_data_cmk.deny with input as evidence([plan(compliant_resources), second]) with data.dspt.params as params
	{[finding.resource, finding.file] | some finding in deny} == {["aws_ebs_volume.records", "plans/data.json"]}
}

test_patient_data_tags_parameter_is_honoured if {
	override := {"terraform": {"allowed_regions": params.terraform.allowed_regions, "patient_data_tags": {"sensitivity": ["high"]}}}
	input_doc := evidence([plan([
		resource("aws_ebs_volume.records", {"tags": patient}, {}),
		resource("aws_ebs_volume.sensitive", {"tags": {"sensitivity": "HIGH"}}, {}),
	])])
	deny := patient_data_cmk.deny with input as input_doc with data.dspt.params as override
	{finding.resource | some finding in deny} == {"aws_ebs_volume.sensitive"}
}

test_leaving_resources_are_not_checked if {
	leaving_plan := object.union(plan([]), {"leaving": ["aws_db_instance.legacy"]})
	count(patient_data_cmk.deny) == 0 with input as evidence([leaving_plan]) with data.dspt.params as params
}

test_count_and_for_each_instances_are_judged_one_by_one if {
	input_doc := evidence([plan([
		resource("module.data[\"eu\"].aws_ebs_volume.records[0]", {"tags": patient}, {}),
		resource("module.data[\"eu\"].aws_ebs_volume.records[1]", {"kms_key_id": key_arn, "tags": patient}, {}),
	])])
	deny := patient_data_cmk.deny with input as input_doc with data.dspt.params as params
	{finding.resource | some finding in deny} == {"module.data[\"eu\"].aws_ebs_volume.records[0]"}
}

# Every resource type the check declares in its METADATA, one patient-data resource each, with
# its outcome (keys known only after apply with no configuration in the plan warn).
declared_type_cases := [
	["aws_db_instance", {"kms_key_id": key_arn, "tags": patient}, {}, "pass"],
	["aws_dynamodb_table", {"server_side_encryption": [{"enabled": true, "kms_key_arn": key_arn}], "tags": patient}, {}, "pass"],
	["aws_ebs_volume", {"kms_key_id": "alias/aws/ebs", "tags": patient}, {}, "deny"],
	["aws_efs_file_system", {"encrypted": true, "tags": patient}, {"kms_key_id": true}, "warn"],
	["aws_instance", {"root_block_device": [{"encrypted": true, "kms_key_id": key_arn}], "tags": patient}, {}, "pass"],
	["aws_launch_template", {"block_device_mappings": [{"device_name": "/dev/xvda", "ebs": [{"encrypted": "true"}]}], "tags": patient}, {}, "deny"],
	["aws_rds_cluster", {"kms_key_id": "", "tags": patient}, {}, "deny"],
	["aws_s3_bucket", {"bucket": "acme-declared", "tags": patient}, {}, "deny"],
	["azurerm_cosmosdb_account", {"name": "declared", "key_vault_key_id": "https://acme.vault.azure.net/keys/cosmos", "tags": patient}, {}, "pass"],
	["azurerm_linux_virtual_machine", {"name": "declared", "os_disk": [{"caching": "ReadWrite"}], "tags": patient}, {}, "deny"],
	["azurerm_managed_disk", {"name": "declared", "disk_encryption_set_id": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Compute/diskEncryptionSets/des", "tags": patient}, {}, "pass"],
	["azurerm_mssql_server", {"name": "declared", "tags": patient}, {}, "deny"],
	["azurerm_mysql_flexible_server", {"name": "declared", "customer_managed_key": [{"key_vault_key_id": "https://acme.vault.azure.net/keys/my"}], "tags": patient}, {}, "pass"],
	["azurerm_postgresql_flexible_server", {"name": "declared", "customer_managed_key": [], "tags": patient}, {}, "deny"],
	["azurerm_storage_account", {"name": "declared", "customer_managed_key": [{"key_vault_key_id": "https://acme.vault.azure.net/keys/st"}], "tags": patient}, {}, "pass"],
	["azurerm_windows_virtual_machine", {"name": "declared", "os_disk": [{"disk_encryption_set_id": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Compute/diskEncryptionSets/des"}], "tags": patient}, {}, "pass"],
	["google_bigquery_dataset", {"dataset_id": "declared", "default_encryption_configuration": [], "labels": patient}, {}, "deny"],
	["google_compute_disk", {"name": "declared", "disk_encryption_key": [{"kms_key_self_link": "projects/acme/locations/europe-west2/keyRings/r/cryptoKeys/disk"}], "labels": patient}, {}, "pass"],
	["google_compute_instance", {"name": "declared", "boot_disk": [{"auto_delete": true}], "labels": patient}, {"boot_disk": [{"kms_key_self_link": true}]}, "warn"],
	["google_sql_database_instance", {"name": "declared", "encryption_key_name": "projects/acme/locations/europe-west2/keyRings/r/cryptoKeys/sql", "settings": [{"user_labels": patient}]}, {}, "pass"],
	["google_storage_bucket", {"name": "declared", "encryption": [], "labels": patient}, {}, "deny"],
]

declared_address(case) := concat(".", [case[0], "declared"])

declared_outcome(address, denied, warned) := "deny" if {
	address in denied
} else := "warn" if {
	address in warned
} else := "pass"

test_every_declared_type_is_judged_with_its_outcome if {
	resources := [resource(declared_address(c), c[1], c[2]) | some c in declared_type_cases]
	input_doc := evidence([plan(resources)])
	deny := patient_data_cmk.deny with input as input_doc with data.dspt.params as params
	warn := patient_data_cmk.warn with input as input_doc with data.dspt.params as params
	judged := patient_data_cmk.judged with input as input_doc with data.dspt.params as params
	denied := {f.resource | some f in deny}
	warned := {f.resource | some f in warn}
	judged_addresses := {j[1] | some j in judged}
	outcomes := {[c[0], declared_outcome(declared_address(c), denied, warned)] | some c in declared_type_cases}
	outcomes == {[c[0], c[3]] | some c in declared_type_cases}
	every c in declared_type_cases {
		declared_address(c) in judged_addresses
	}
}
