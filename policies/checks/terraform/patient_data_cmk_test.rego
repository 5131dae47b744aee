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

compliant_resources := [
	resource("aws_db_instance.records", {"engine": "postgres", "kms_key_id": key_arn, "tags": patient}, {}),
	resource("aws_rds_cluster.records", {"engine": "aurora-postgresql", "tags": patient}, {"kms_key_id": true}),
	resource("aws_ebs_volume.records", {"size": 100, "tags": patient}, {"kms_key_id": true}),
	resource("aws_efs_file_system.records", {"kms_key_id": key_arn, "tags": patient}, {}),
	resource("aws_dynamodb_table.consent", {"name": "consent", "server_side_encryption": [{"enabled": true, "kms_key_arn": key_arn}], "tags": patient}, {}),
	records_bucket,
	kms_configuration("acme-patient-records"),
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
		"msg": "aws_db_instance.records holds patient data but is not encrypted with a customer-managed key: kms_key_id is not set",
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
		"msg": "module.storage.aws_s3_bucket.records holds patient data but is not encrypted with a customer-managed key: no aws_s3_bucket_server_side_encryption_configuration (or inline rule) names this bucket with a kms_master_key_id",
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
	contains(finding.msg, "server_side_encryption is not enabled with a kms_key_arn")
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

test_a_key_known_only_after_apply_counts_as_set if {
	input_doc := evidence([plan([resource("aws_db_instance.records", {"engine": "postgres", "tags": patient}, {"kms_key_id": true})])])
	count(patient_data_cmk.deny) == 0 with input as input_doc with data.dspt.params as params
	count(patient_data_cmk.warn) == 0 with input as input_doc with data.dspt.params as params
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
		"msg": "module.storage.aws_s3_bucket.records holds patient data; whether a customer-managed key encrypts it is known only after apply (a bucket name is unknown in the plan)",
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
