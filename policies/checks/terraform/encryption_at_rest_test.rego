package dspt.checks.terraform.encryption_at_rest_test

import rego.v1

import data.dspt.checks.terraform.encryption_at_rest
import data.dspt.testing.terraform as tf

# The parameters the check reads, as shipped in policies/params.yaml.
params := {"terraform": {
	"allowed_regions": ["eu-west-2", "uksouth", "ukwest", "europe-west2"],
	"patient_data_tags": {"data_classification": ["patient", "personal"]},
}}

patient_tags := {"data_classification": "patient", "owner": "records-team"}

records_bucket := tf.resource("aws_s3_bucket.records", {"bucket": "acme-patient-records", "tags": patient_tags, "tags_all": patient_tags}, {"id": true, "arn": true})

kms_configuration(bucket, algorithm) := tf.resource(
	"aws_s3_bucket_server_side_encryption_configuration.records",
	{
		"bucket": bucket,
		"expected_bucket_owner": null,
		"rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": algorithm}], "bucket_key_enabled": true}],
	},
	{"id": true, "rule": [{"apply_server_side_encryption_by_default": [{"kms_master_key_id": true}]}]},
)

compliant_resources := [
	tf.resource("aws_db_instance.main", {"engine": "postgres", "storage_encrypted": true}, {"id": true, "arn": true}),
	tf.resource("aws_rds_cluster.reporting", {"engine": "aurora-postgresql", "storage_encrypted": true}, {"id": true}),
	tf.resource("aws_ebs_volume.data", {"size": 100, "encrypted": true}, {"id": true, "kms_key_id": true}),
	tf.resource("aws_efs_file_system.shared", {"encrypted": true}, {"id": true}),
	records_bucket,
	kms_configuration("acme-patient-records", "aws:kms"),
	tf.resource("aws_s3_bucket.assets", {"bucket": "acme-public-assets", "tags": {"data_classification": "public"}}, {"id": true}),
]

test_encrypted_estate_passes if {
	input_doc := tf.evidence_of(compliant_resources)
	count(encryption_at_rest.deny) == 0 with input as input_doc with data.dspt.params as params
	count(encryption_at_rest.warn) == 0 with input as input_doc with data.dspt.params as params
}

test_unencrypted_db_instance_is_denied if {
	input_doc := tf.evidence_of([tf.resource("aws_db_instance.main", {"engine": "postgres", "storage_encrypted": false}, {"id": true})])
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
	input_doc := tf.evidence_of([
		tf.resource("aws_rds_cluster.reporting", {"storage_encrypted": false}, {}),
		tf.resource("aws_efs_file_system.shared", {"encrypted": false}, {}),
	])
	deny := encryption_at_rest.deny with input as input_doc with data.dspt.params as params
	{finding.resource | some finding in deny} == {"aws_rds_cluster.reporting", "aws_efs_file_system.shared"}
}

test_ebs_volume_without_encrypted_is_denied if {
	input_doc := tf.evidence_of([tf.resource("aws_ebs_volume.data", {"size": 100, "type": "gp3"}, {"id": true})])
	deny := encryption_at_rest.deny with input as input_doc with data.dspt.params as params
	count(deny) == 1
	some finding in deny
	finding.resource == "aws_ebs_volume.data"
	contains(finding.msg, "encrypted is not set")
}

test_ebs_default_encryption_covers_volumes if {
	volume := tf.resource("aws_ebs_volume.data", {"size": 100}, {"id": true})
	on := tf.resource("aws_ebs_encryption_by_default.this", {"enabled": true}, {"id": true})
	off := tf.resource("aws_ebs_encryption_by_default.this", {"enabled": false}, {"id": true})
	count(encryption_at_rest.deny) == 0 with input as tf.evidence_of([volume, on]) with data.dspt.params as params
	count(encryption_at_rest.deny) == 1 with input as tf.evidence_of([volume, off]) with data.dspt.params as params
}

test_ebs_default_encryption_in_another_plan_does_not_count if {
	volume := tf.resource("aws_ebs_volume.data", {"size": 100}, {"id": true})
	on := tf.resource("aws_ebs_encryption_by_default.this", {"enabled": true}, {"id": true})
	deny := encryption_at_rest.deny with input as tf.evidence([tf.plan([on]), tf.plan([volume])]) with data.dspt.params as params
	count(deny) == 1
}

test_unknown_encryption_warns_and_does_not_fail if {
	input_doc := tf.evidence_of([tf.resource("aws_rds_cluster.reporting", {"engine": "aurora-postgresql"}, {"id": true, "storage_encrypted": true})])
	count(encryption_at_rest.deny) == 0 with input as input_doc with data.dspt.params as params
	warn := encryption_at_rest.warn with input as input_doc with data.dspt.params as params
	warn == {{
		"msg": "whether aws_rds_cluster.reporting is encrypted at rest is known only after apply (storage_encrypted is unknown in the plan: the plan carries no configuration for it)",
		"resource": "aws_rds_cluster.reporting",
		"file": "plan.json",
		"source": "terraform",
	}}
}

test_untagged_bucket_needs_no_sse_resource if {
	input_doc := tf.evidence_of([tf.resource("aws_s3_bucket.assets", {"bucket": "acme-public-assets", "tags": {}}, {"id": true})])
	count(encryption_at_rest.deny) == 0 with input as input_doc with data.dspt.params as params
}

test_patient_bucket_without_kms_is_denied if {
	deny := encryption_at_rest.deny with input as tf.evidence_of([records_bucket]) with data.dspt.params as params
	deny == {{
		"msg": "aws_s3_bucket.records is tagged as holding patient data but has no server-side encryption with a KMS key (aws:kms or aws:kms:dsse)",
		"resource": "aws_s3_bucket.records",
		"file": "plan.json",
		"source": "terraform",
	}}
}

test_patient_bucket_with_aes256_is_denied if {
	input_doc := tf.evidence_of([records_bucket, kms_configuration("acme-patient-records", "AES256")])
	deny := encryption_at_rest.deny with input as input_doc with data.dspt.params as params
	some finding in deny
	finding.resource == "aws_s3_bucket.records"
}

test_kms_configuration_of_another_bucket_does_not_count if {
	input_doc := tf.evidence_of([records_bucket, kms_configuration("acme-other-bucket", "aws:kms")])
	count(encryption_at_rest.deny) == 1 with input as input_doc with data.dspt.params as params
}

test_patient_bucket_with_dsse_passes if {
	input_doc := tf.evidence_of([records_bucket, kms_configuration("acme-patient-records", "aws:kms:dsse")])
	count(encryption_at_rest.deny) == 0 with input as input_doc with data.dspt.params as params
}

test_patient_tag_in_tags_all_and_any_case_counts if {
	bucket := tf.resource("aws_s3_bucket.records", {"bucket": "acme-patient-records", "tags": {}, "tags_all": {"data_classification": "Personal"}}, {})
	count(encryption_at_rest.deny) == 1 with input as tf.evidence_of([bucket]) with data.dspt.params as params
}

legacy_bucket(algorithm) := tf.resource(
	"aws_s3_bucket.records",
	{
		"bucket": "acme-patient-records",
		"tags": patient_tags,
		"server_side_encryption_configuration": [{"rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": algorithm, "kms_master_key_id": ""}]}]}],
	},
	{},
)

test_legacy_inline_kms_configuration_passes if {
	count(encryption_at_rest.deny) == 0 with input as tf.evidence_of([legacy_bucket("aws:kms")]) with data.dspt.params as params
	count(encryption_at_rest.deny) == 1 with input as tf.evidence_of([legacy_bucket("AES256")]) with data.dspt.params as params
}

test_patient_bucket_with_unknown_name_warns if {
	bucket := tf.resource("aws_s3_bucket.records", {"bucket_prefix": "acme-records-", "tags": patient_tags}, {"bucket": true, "id": true})
	input_doc := tf.evidence_of([bucket, kms_configuration("acme-patient-records", "aws:kms")])
	count(encryption_at_rest.deny) == 0 with input as input_doc with data.dspt.params as params
	warn := encryption_at_rest.warn with input as input_doc with data.dspt.params as params
	some finding in warn
	finding.resource == "aws_s3_bucket.records"
	contains(finding.msg, "known only after apply")
}

test_kms_configuration_with_unknown_bucket_warns if {
	configuration := tf.resource(
		"aws_s3_bucket_server_side_encryption_configuration.records",
		{"rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": "aws:kms"}]}]},
		{"bucket": true, "id": true},
	)
	input_doc := tf.evidence_of([records_bucket, configuration])
	count(encryption_at_rest.deny) == 0 with input as input_doc with data.dspt.params as params
	count(encryption_at_rest.warn) == 1 with input as input_doc with data.dspt.params as params
}

test_aes256_configuration_with_unknown_bucket_does_not_excuse if {
	configuration := tf.resource(
		"aws_s3_bucket_server_side_encryption_configuration.records",
		{"rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": "AES256"}]}]},
		{"bucket": true, "id": true},
	)
	input_doc := tf.evidence_of([records_bucket, configuration])
	count(encryption_at_rest.deny) == 1 with input as input_doc with data.dspt.params as params
	count(encryption_at_rest.warn) == 0 with input as input_doc with data.dspt.params as params
}

test_patient_data_tags_parameter_is_honoured if {
	override := {"terraform": {"allowed_regions": params.terraform.allowed_regions, "patient_data_tags": {"sensitivity": ["high"]}}}
	sensitive := tf.resource("aws_s3_bucket.sensitive", {"bucket": "acme-sensitive", "tags": {"sensitivity": "high"}}, {})
	input_doc := tf.evidence_of([records_bucket, sensitive])
	deny := encryption_at_rest.deny with input as input_doc with data.dspt.params as override
	{finding.resource | some finding in deny} == {"aws_s3_bucket.sensitive"}
}

test_leaving_resources_are_not_checked if {
	leaving_plan := object.union(tf.plan([]), {"leaving": ["aws_db_instance.legacy"]})
	count(encryption_at_rest.deny) == 0 with input as tf.evidence([leaving_plan]) with data.dspt.params as params
}

# Configuration, EC2 volumes, default encryption, Azure -----------------------------------------

deny_of(resources) := result if {
	result := encryption_at_rest.deny with input as tf.evidence_of(resources) with data.dspt.params as params
}

warn_of(resources) := result if {
	result := encryption_at_rest.warn with input as tf.evidence_of(resources) with data.dspt.params as params
}

judged_of(resources) := result if {
	result := encryption_at_rest.judged with input as tf.evidence_of(resources) with data.dspt.params as params
}

test_a_flag_unknown_in_the_plan_but_unset_in_the_configuration_is_the_default if {
	unset := tf.configured(tf.resource("aws_rds_cluster.reporting", {"engine": "aurora-postgresql"}, {"storage_encrypted": true}), {"engine": {"constant": "aurora-postgresql"}})
	deny_of([unset]) == {{
		"msg": "aws_rds_cluster.reporting is not encrypted at rest: storage_encrypted is not set, expected true",
		"resource": "aws_rds_cluster.reporting",
		"file": "plan.json",
		"source": "terraform",
	}}
	from_variable := tf.configured(unset, {"storage_encrypted": {"references": ["var.encrypted"], "resources": [], "data": []}})
	count(deny_of([from_variable])) == 0
	some finding in warn_of([from_variable])
	finding.msg == "whether aws_rds_cluster.reporting is encrypted at rest is known only after apply (storage_encrypted is unknown in the plan: storage_encrypted refers to var.encrypted)"
}

instance_without_root_block := tf.configured(
	tf.resource("aws_instance.web", {"ami": "ami-0abc", "ebs_block_device": [{"device_name": "/dev/sdf", "encrypted": true}]}, {"root_block_device": true}),
	{"ami": {"constant": "ami-0abc"}, "ebs_block_device": [{"device_name": {"constant": "/dev/sdf"}, "encrypted": {"constant": true}}]},
)

test_an_instance_root_volume_left_unencrypted_is_denied if {
	deny_of([instance_without_root_block]) == {{
		"msg": "aws_instance.web root_block_device is not encrypted: root_block_device.encrypted is not set, and no EBS default encryption (aws_ebs_encryption_by_default) covers its account and region",
		"resource": "aws_instance.web",
		"file": "plan.json",
		"source": "terraform",
	}}
	judged_of([instance_without_root_block]) == {[0, "aws_instance.web"]}
}

test_instance_ebs_blocks_are_judged_one_by_one if {
	instance := tf.resource("aws_instance.web", {
		"root_block_device": [{"encrypted": true}],
		"ebs_block_device": [{"device_name": "/dev/sdf", "encrypted": true}, {"device_name": "/dev/sdg", "encrypted": false}],
	}, {})
	deny_of([instance]) == {{
		"msg": "aws_instance.web ebs_block_device /dev/sdg is not encrypted: ebs_block_device.encrypted is false, and no EBS default encryption (aws_ebs_encryption_by_default) covers its account and region",
		"resource": "aws_instance.web",
		"file": "plan.json",
		"source": "terraform",
	}}
	encrypted := tf.resource("aws_instance.web", {"root_block_device": [{"encrypted": true}], "ebs_block_device": []}, {})
	count(deny_of([encrypted])) == 0
	count(warn_of([encrypted])) == 0
}

test_launch_templates_and_launch_configurations_are_judged if {
	template := tf.resource("aws_launch_template.app", {"block_device_mappings": [
		{"device_name": "/dev/xvda", "ebs": [{"encrypted": "false", "volume_size": 20}]},
		{"device_name": "/dev/sdb", "virtual_name": "ephemeral0", "ebs": []},
	]}, {})
	configuration := tf.resource("aws_launch_configuration.app", {"root_block_device": [{"encrypted": true}], "ebs_block_device": [{"device_name": "/dev/sdf"}]}, {})
	{finding.msg | some finding in deny_of([template, configuration])} == {
		"aws_launch_template.app block_device_mappings /dev/xvda is not encrypted: block_device_mappings.ebs.encrypted is false, and no EBS default encryption (aws_ebs_encryption_by_default) covers its account and region",
		"aws_launch_configuration.app ebs_block_device /dev/sdf is not encrypted: ebs_block_device.encrypted is not set, and no EBS default encryption (aws_ebs_encryption_by_default) covers its account and region",
	}
	good_template := tf.resource("aws_launch_template.app", {"block_device_mappings": [{"device_name": "/dev/xvda", "ebs": [{"encrypted": "true"}]}]}, {})
	count(deny_of([good_template])) == 0
	judged_of([good_template]) == {[0, "aws_launch_template.app"]}
	# A template without EBS mappings defines no volume: nothing to judge.
	judged_of([tf.resource("aws_launch_template.bare", {"block_device_mappings": []}, {})]) == set()
}

test_ebs_default_encryption_covers_its_own_provider_configuration_only if {
	default_on := tf.with_provider(tf.resource("aws_ebs_encryption_by_default.this", {"enabled": true}, {}), "aws", "eu-west-2")
	same := tf.with_provider(instance_without_root_block, "aws", "eu-west-2")
	count(deny_of([default_on, same])) == 0
	aliased := tf.with_provider(instance_without_root_block, "aws.ireland", "eu-west-1")
	some finding in deny_of([default_on, aliased])
	finding.resource == "aws_instance.web"
	volume := tf.with_provider(tf.resource("aws_ebs_volume.data", {"size": 100}, {}), "aws.ireland", "eu-west-1")
	count(deny_of([default_on, volume])) == 1
}

test_ebs_default_encryption_without_provider_keys_covers_its_region_only if {
	default_on := tf.with_provider(tf.resource("aws_ebs_encryption_by_default.this", {"enabled": true}, {}), null, "eu-west-2")
	london := tf.with_provider(tf.resource("aws_ebs_volume.data", {"size": 100}, {}), null, "eu-west-2")
	ireland := tf.with_provider(tf.resource("aws_ebs_volume.data", {"size": 100}, {}), null, "eu-west-1")
	count(deny_of([default_on, london])) == 0
	deny_of([default_on, ireland]) == {{
		"msg": "aws_ebs_volume.data is not encrypted at rest: encrypted is not set, and no EBS default encryption (aws_ebs_encryption_by_default) covers its account and region",
		"resource": "aws_ebs_volume.data",
		"file": "plan.json",
		"source": "terraform",
	}}
}

test_unknown_default_encryption_warns if {
	default_later := tf.with_provider(tf.resource("aws_ebs_encryption_by_default.this", {}, {"enabled": true}), "aws", "eu-west-2")
	volume := tf.with_provider(tf.resource("aws_ebs_volume.data", {"size": 100}, {}), "aws", "eu-west-2")
	count(deny_of([default_later, volume])) == 0
	some finding in warn_of([default_later, volume])
	finding.resource == "aws_ebs_volume.data"
	contains(finding.msg, "whether EBS default encryption (aws_ebs_encryption_by_default) is on for its account and region is known only after apply")
}

test_azure_virtual_machines_need_encryption_at_host if {
	linux := tf.resource("azurerm_linux_virtual_machine.app", {"name": "app", "encryption_at_host_enabled": true}, {})
	windows := tf.resource("azurerm_windows_virtual_machine.app", {"name": "app"}, {})
	deny_of([linux, windows]) == {{
		"msg": "azurerm_windows_virtual_machine.app is not encrypted at rest: encryption_at_host_enabled is not set, so its temporary disk and disk caches are not encrypted at rest",
		"resource": "azurerm_windows_virtual_machine.app",
		"file": "plan.json",
		"source": "terraform",
	}}
	judged_of([linux, windows]) == {[0, "azurerm_linux_virtual_machine.app"], [0, "azurerm_windows_virtual_machine.app"]}
	off := tf.resource("azurerm_linux_virtual_machine.app", {"name": "app", "encryption_at_host_enabled": false}, {})
	some finding in deny_of([off])
	finding.resource == "azurerm_linux_virtual_machine.app"
}

test_azure_sql_databases_fail_only_with_tde_turned_off if {
	plain := tf.resource("azurerm_mssql_database.records", {"name": "records"}, {})
	count(deny_of([plain])) == 0
	judged_of([plain]) == {[0, "azurerm_mssql_database.records"]}
	off := tf.resource("azurerm_mssql_database.records", {"name": "records", "transparent_data_encryption_enabled": false}, {})
	deny_of([off]) == {{
		"msg": "azurerm_mssql_database.records is not encrypted at rest: transparent_data_encryption_enabled is false, so transparent data encryption is off",
		"resource": "azurerm_mssql_database.records",
		"file": "plan.json",
		"source": "terraform",
	}}
	later := tf.configured(
		tf.resource("azurerm_mssql_database.records", {"name": "records"}, {"transparent_data_encryption_enabled": true}),
		{"transparent_data_encryption_enabled": {"references": ["var.tde"], "resources": [], "data": []}},
	)
	count(deny_of([later])) == 0
	count(warn_of([later])) == 1
}

test_a_kms_configuration_tied_by_reference_covers_its_bucket if {
	bucket := tf.configured(tf.resource("aws_s3_bucket.records", {"bucket_prefix": "acme-", "tags": patient_tags}, {"bucket": true, "id": true}), {})
	configuration := tf.configured(
		tf.resource(
			"aws_s3_bucket_server_side_encryption_configuration.records",
			{"rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": "aws:kms"}]}]},
			{"bucket": true, "id": true},
		),
		{"bucket": {"references": ["aws_s3_bucket.records.id", "aws_s3_bucket.records"], "resources": [{"address": "aws_s3_bucket.records", "type": "aws_s3_bucket"}], "data": []}},
	)
	resources := [bucket, configuration]
	indexed := object.union(tf.plan(resources), {"by_config_address": {r.address: [r.address] | some r in resources}})
	count(encryption_at_rest.deny) == 0 with input as tf.evidence([indexed]) with data.dspt.params as params
	count(encryption_at_rest.warn) == 0 with input as tf.evidence([indexed]) with data.dspt.params as params
	judged := encryption_at_rest.judged with input as tf.evidence([indexed]) with data.dspt.params as params
	judged == {[0, "aws_s3_bucket.records"]}
}

test_every_judged_resource_is_counted_once if {
	judged_of(compliant_resources) == {
		[0, "aws_db_instance.main"], [0, "aws_rds_cluster.reporting"], [0, "aws_ebs_volume.data"],
		[0, "aws_efs_file_system.shared"], [0, "aws_s3_bucket.records"],
	}
}

# Every resource type the check declares in its METADATA, one resource each, with its outcome.
declared_type_cases := [
	["aws_db_instance", {"storage_encrypted": true}, {}, "pass"],
	["aws_ebs_volume", {"size": 10}, {}, "deny"],
	["aws_efs_file_system", {"encrypted": false}, {}, "deny"],
	["aws_instance", {"root_block_device": [{"encrypted": true}]}, {}, "pass"],
	["aws_launch_configuration", {"root_block_device": [{"encrypted": false}]}, {}, "deny"],
	["aws_launch_template", {"block_device_mappings": [{"device_name": "/dev/xvda", "ebs": [{"encrypted": "true"}]}]}, {}, "pass"],
	["aws_rds_cluster", {}, {"storage_encrypted": true}, "warn"],
	["aws_s3_bucket", {"bucket": "acme-declared", "tags": patient_tags}, {}, "deny"],
	["azurerm_linux_virtual_machine", {"name": "declared", "encryption_at_host_enabled": true}, {}, "pass"],
	["azurerm_mssql_database", {"name": "declared", "transparent_data_encryption_enabled": false}, {}, "deny"],
	["azurerm_windows_virtual_machine", {"name": "declared"}, {}, "deny"],
]

test_every_declared_type_is_judged_with_its_outcome if {
	resources := tf.declared_resources(declared_type_cases)
	input_doc := tf.evidence_of(resources)
	deny := encryption_at_rest.deny with input as input_doc with data.dspt.params as params
	warn := encryption_at_rest.warn with input as input_doc with data.dspt.params as params
	judged := encryption_at_rest.judged with input as input_doc with data.dspt.params as params
	tf.judged_as_declared(declared_type_cases, 3, deny, warn, judged)
}

test_an_instance_launched_from_a_template_takes_its_root_volume_from_the_template if {
	from_template := tf.configured(
		tf.resource("aws_instance.web", {"launch_template": [{"name": "app", "version": "$Latest"}]}, {"root_block_device": true}),
		{"launch_template": [{"name": {"constant": "app"}}]},
	)
	count(deny_of([from_template])) == 0
	judged_of([from_template]) == set()
	# Unless the instance sets the root volume itself.
	own_root := tf.resource("aws_instance.web", {"launch_template": [{"name": "app"}], "root_block_device": [{"encrypted": false}]}, {})
	some finding in deny_of([own_root])
	startswith(finding.msg, "aws_instance.web root_block_device is not encrypted")
}
