package dspt.checks.terraform.encryption_at_rest_test

import rego.v1

import data.dspt.checks.terraform.encryption_at_rest

# The parameters the check reads, as shipped in policies/params.yaml.
params := {"terraform": {
	"allowed_regions": ["eu-west-2", "uksouth", "ukwest", "europe-west2"],
	"patient_data_tags": {"data_classification": ["patient", "personal"]},
}}

resource(address, values, unknown) := {
	"address": address,
	"module": "",
	"type": split(address, ".")[0],
	"name": split(address, ".")[1],
	"mode": "managed",
	"provider": "registry.terraform.io/hashicorp/aws",
	"actions": ["create"],
	"values": values,
	"unknown": unknown,
	"region": "eu-west-2",
	"region_source": "provider",
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

patient_tags := {"data_classification": "patient", "owner": "records-team"}

records_bucket := resource("aws_s3_bucket.records", {"bucket": "acme-patient-records", "tags": patient_tags, "tags_all": patient_tags}, {"id": true, "arn": true})

kms_configuration(bucket, algorithm) := resource(
	"aws_s3_bucket_server_side_encryption_configuration.records",
	{
		"bucket": bucket,
		"expected_bucket_owner": null,
		"rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": algorithm}], "bucket_key_enabled": true}],
	},
	{"id": true, "rule": [{"apply_server_side_encryption_by_default": [{"kms_master_key_id": true}]}]},
)

compliant_resources := [
	resource("aws_db_instance.main", {"engine": "postgres", "storage_encrypted": true}, {"id": true, "arn": true}),
	resource("aws_rds_cluster.reporting", {"engine": "aurora-postgresql", "storage_encrypted": true}, {"id": true}),
	resource("aws_ebs_volume.data", {"size": 100, "encrypted": true}, {"id": true, "kms_key_id": true}),
	resource("aws_efs_file_system.shared", {"encrypted": true}, {"id": true}),
	records_bucket,
	kms_configuration("acme-patient-records", "aws:kms"),
	resource("aws_s3_bucket.assets", {"bucket": "acme-public-assets", "tags": {"data_classification": "public"}}, {"id": true}),
]

test_encrypted_estate_passes if {
	input_doc := evidence([plan(compliant_resources)])
	count(encryption_at_rest.deny) == 0 with input as input_doc with data.dspt.params as params
	count(encryption_at_rest.warn) == 0 with input as input_doc with data.dspt.params as params
}

test_unencrypted_db_instance_is_denied if {
	input_doc := evidence([plan([resource("aws_db_instance.main", {"engine": "postgres", "storage_encrypted": false}, {"id": true})])])
	count(encryption_at_rest.warn) == 0 with input as input_doc with data.dspt.params as params
	deny := encryption_at_rest.deny with input as input_doc with data.dspt.params as params
	deny == {{
		"msg": "aws_db_instance.main is not encrypted at rest: storage_encrypted is false, expected true",
		"resource": "aws_db_instance.main",
		"file": "plan.json",
		"source": "terraform",
	}}
}

test_unencrypted_rds_cluster_and_efs_are_denied if {
	input_doc := evidence([plan([
		resource("aws_rds_cluster.reporting", {"storage_encrypted": false}, {}),
		resource("aws_efs_file_system.shared", {"encrypted": false}, {}),
	])])
	deny := encryption_at_rest.deny with input as input_doc with data.dspt.params as params
	{finding.resource | some finding in deny} == {"aws_rds_cluster.reporting", "aws_efs_file_system.shared"}
}

test_ebs_volume_without_encrypted_is_denied if {
	input_doc := evidence([plan([resource("aws_ebs_volume.data", {"size": 100, "type": "gp3"}, {"id": true})])])
	deny := encryption_at_rest.deny with input as input_doc with data.dspt.params as params
	count(deny) == 1
	some finding in deny
	finding.resource == "aws_ebs_volume.data"
	contains(finding.msg, "encrypted is not set")
}

test_ebs_default_encryption_covers_volumes if {
	volume := resource("aws_ebs_volume.data", {"size": 100}, {"id": true})
	on := resource("aws_ebs_encryption_by_default.this", {"enabled": true}, {"id": true})
	off := resource("aws_ebs_encryption_by_default.this", {"enabled": false}, {"id": true})
	count(encryption_at_rest.deny) == 0 with input as evidence([plan([volume, on])]) with data.dspt.params as params
	count(encryption_at_rest.deny) == 1 with input as evidence([plan([volume, off])]) with data.dspt.params as params
}

test_ebs_default_encryption_in_another_plan_does_not_count if {
	volume := resource("aws_ebs_volume.data", {"size": 100}, {"id": true})
	on := resource("aws_ebs_encryption_by_default.this", {"enabled": true}, {"id": true})
	deny := encryption_at_rest.deny with input as evidence([plan([on]), plan([volume])]) with data.dspt.params as params
	count(deny) == 1
}

test_unknown_encryption_warns_and_does_not_fail if {
	input_doc := evidence([plan([resource("aws_rds_cluster.reporting", {"engine": "aurora-postgresql"}, {"id": true, "storage_encrypted": true})])])
	count(encryption_at_rest.deny) == 0 with input as input_doc with data.dspt.params as params
	warn := encryption_at_rest.warn with input as input_doc with data.dspt.params as params
	warn == {{
		"msg": "whether aws_rds_cluster.reporting is encrypted at rest is known only after apply (storage_encrypted is unknown in the plan)",
		"resource": "aws_rds_cluster.reporting",
		"file": "plan.json",
		"source": "terraform",
	}}
}

test_untagged_bucket_needs_no_sse_resource if {
	input_doc := evidence([plan([resource("aws_s3_bucket.assets", {"bucket": "acme-public-assets", "tags": {}}, {"id": true})])])
	count(encryption_at_rest.deny) == 0 with input as input_doc with data.dspt.params as params
}

test_patient_bucket_without_kms_is_denied if {
	deny := encryption_at_rest.deny with input as evidence([plan([records_bucket])]) with data.dspt.params as params
	deny == {{
		"msg": "aws_s3_bucket.records is tagged as holding patient data but has no server-side encryption with a KMS key (aws:kms or aws:kms:dsse)",
		"resource": "aws_s3_bucket.records",
		"file": "plan.json",
		"source": "terraform",
	}}
}

test_patient_bucket_with_aes256_is_denied if {
	input_doc := evidence([plan([records_bucket, kms_configuration("acme-patient-records", "AES256")])])
	deny := encryption_at_rest.deny with input as input_doc with data.dspt.params as params
	some finding in deny
	finding.resource == "aws_s3_bucket.records"
}

test_kms_configuration_of_another_bucket_does_not_count if {
	input_doc := evidence([plan([records_bucket, kms_configuration("acme-other-bucket", "aws:kms")])])
	count(encryption_at_rest.deny) == 1 with input as input_doc with data.dspt.params as params
}

test_patient_bucket_with_dsse_passes if {
	input_doc := evidence([plan([records_bucket, kms_configuration("acme-patient-records", "aws:kms:dsse")])])
	count(encryption_at_rest.deny) == 0 with input as input_doc with data.dspt.params as params
}

test_patient_tag_in_tags_all_and_any_case_counts if {
	bucket := resource("aws_s3_bucket.records", {"bucket": "acme-patient-records", "tags": {}, "tags_all": {"data_classification": "Personal"}}, {})
	count(encryption_at_rest.deny) == 1 with input as evidence([plan([bucket])]) with data.dspt.params as params
}

legacy_bucket(algorithm) := resource(
	"aws_s3_bucket.records",
	{
		"bucket": "acme-patient-records",
		"tags": patient_tags,
		"server_side_encryption_configuration": [{"rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": algorithm, "kms_master_key_id": ""}]}]}],
	},
	{},
)

test_legacy_inline_kms_configuration_passes if {
	count(encryption_at_rest.deny) == 0 with input as evidence([plan([legacy_bucket("aws:kms")])]) with data.dspt.params as params
	count(encryption_at_rest.deny) == 1 with input as evidence([plan([legacy_bucket("AES256")])]) with data.dspt.params as params
}

test_patient_bucket_with_unknown_name_warns if {
	bucket := resource("aws_s3_bucket.records", {"bucket_prefix": "acme-records-", "tags": patient_tags}, {"bucket": true, "id": true})
	input_doc := evidence([plan([bucket, kms_configuration("acme-patient-records", "aws:kms")])])
	count(encryption_at_rest.deny) == 0 with input as input_doc with data.dspt.params as params
	warn := encryption_at_rest.warn with input as input_doc with data.dspt.params as params
	some finding in warn
	finding.resource == "aws_s3_bucket.records"
	contains(finding.msg, "known only after apply")
}

test_kms_configuration_with_unknown_bucket_warns if {
	configuration := resource(
		"aws_s3_bucket_server_side_encryption_configuration.records",
		{"rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": "aws:kms"}]}]},
		{"bucket": true, "id": true},
	)
	input_doc := evidence([plan([records_bucket, configuration])])
	count(encryption_at_rest.deny) == 0 with input as input_doc with data.dspt.params as params
	count(encryption_at_rest.warn) == 1 with input as input_doc with data.dspt.params as params
}

test_aes256_configuration_with_unknown_bucket_does_not_excuse if {
	configuration := resource(
		"aws_s3_bucket_server_side_encryption_configuration.records",
		{"rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": "AES256"}]}]},
		{"bucket": true, "id": true},
	)
	input_doc := evidence([plan([records_bucket, configuration])])
	count(encryption_at_rest.deny) == 1 with input as input_doc with data.dspt.params as params
	count(encryption_at_rest.warn) == 0 with input as input_doc with data.dspt.params as params
}

test_patient_data_tags_parameter_is_honoured if {
	override := {"terraform": {"allowed_regions": params.terraform.allowed_regions, "patient_data_tags": {"sensitivity": ["high"]}}}
	sensitive := resource("aws_s3_bucket.sensitive", {"bucket": "acme-sensitive", "tags": {"sensitivity": "high"}}, {})
	input_doc := evidence([plan([records_bucket, sensitive])])
	deny := encryption_at_rest.deny with input as input_doc with data.dspt.params as override
	{finding.resource | some finding in deny} == {"aws_s3_bucket.sensitive"}
}

test_leaving_resources_are_not_checked if {
	leaving_plan := object.union(plan([]), {"leaving": ["aws_db_instance.legacy"]})
	count(encryption_at_rest.deny) == 0 with input as evidence([leaving_plan]) with data.dspt.params as params
}
