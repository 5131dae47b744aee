# METADATA
# title: Storage, databases, volumes and virtual machines are encrypted at rest
# description: >-
#   AWS: RDS instances and clusters and EFS file systems turn encryption at rest on; EBS volumes,
#   and every EBS volume of EC2 instances (root_block_device, ebs_block_device), launch templates
#   (block_device_mappings ebs) and launch configurations, are encrypted, themselves or by EBS
#   default encryption (aws_ebs_encryption_by_default) of the same provider configuration (same
#   account and region), or, where a provider configuration key is missing, of the same plan and
#   region; S3 buckets tagged as holding patient data use a KMS key (S3 encrypts every other object
#   with S3-managed keys by default). Azure: virtual machines turn on encryption at host (without
#   it their temporary disks and disk caches are not encrypted at rest) and SQL databases do not
#   turn transparent data encryption off. Azure storage and managed disks and every Google Cloud
#   store are always encrypted at rest and cannot be switched off, so they are not judged here
#   (TF-CMK-001 judges their keys for patient data). A value left unset in the configuration takes
#   the provider default; one known only after apply for another reason warns.
# custom:
#   id: TF-ENC-001
#   severity: high
#   sources: [terraform]
#   judges: databases, file systems, EBS volumes, EC2 instances and templates, patient-data S3 buckets and Azure VMs and SQL databases
#   family: encryption-at-rest
#   resource_types: [aws_db_instance, aws_ebs_volume, aws_efs_file_system, aws_instance, aws_launch_configuration, aws_launch_template, aws_rds_cluster, aws_s3_bucket, azurerm_linux_virtual_machine, azurerm_mssql_database, azurerm_windows_virtual_machine]
package dspt.checks.terraform.encryption_at_rest

import rego.v1

# The attribute that must be true for each resource type to be encrypted at rest (unset: false).
# EBS volumes are judged apart, because account-wide default encryption can cover them.
encryption_attribute := {
	"aws_db_instance": "storage_encrypted",
	"aws_rds_cluster": "storage_encrypted",
	"aws_efs_file_system": "encrypted",
}

# Server-side encryption algorithms that use a KMS key. S3 has encrypted new objects with
# S3-managed keys (AES256) by default since January 2023, so a bucket fails only when it is
# tagged as holding patient data and none of these applies to it.
kms_algorithms := {"aws:kms", "aws:kms:dsse"}

finding(index, address, msg) := {"msg": msg, "resource": address, "file": input.terraform.plans[index].file, "source": "terraform"}

# [plan index, address] of every resource judged.
judged contains [index, address] if {
	some [index, address, _, _] in flagged_stores
}

judged contains [index, address] if {
	some [index, address, _, _] in ebs_volumes
}

judged contains [index, address] if {
	some [index, address, _], _ in data.dspt.lib.terraform.ec2_volume_encryption
}

judged contains [index, address] if {
	some [index, address] in patient_buckets
}

judged contains [index, address] if {
	some [index, address, _, _, _] in azure_stores
}

# RDS and EFS ------------------------------------------------------------------------------

# [plan index, address, attribute, status] of every RDS instance and cluster and EFS file system.
# The status is judged once per store (deny and warn read it), the rule bound before the loop:
# regorus resolves a rule reference on every iteration.
flagged_stores contains [index, address, attribute, status] if {
	attributes := encryption_attribute
	some index, plan in input.terraform.plans
	some type, attribute in attributes
	some address in plan.by_type[type]
	status := data.dspt.lib.terraform.bool_status_cfg(plan.resources[address], [attribute], false)
}

deny contains finding(index, address, msg) if {
	some [index, address, attribute, false] in flagged_stores
	resource := input.terraform.plans[index].resources[address]
	msg := sprintf(
		"%s is not encrypted at rest: %s is %v, expected true",
		[address, attribute, object.get(resource.values, attribute, "not set")],
	)
}

warn contains finding(index, address, msg) if {
	some [index, address, attribute, "unknown"] in flagged_stores
	resource := input.terraform.plans[index].resources[address]
	msg := sprintf(
		"whether %s is encrypted at rest is known only after apply (%s is unknown in the plan: %s)",
		[address, attribute, data.dspt.lib.terraform.why_unknown(resource, [attribute])],
	)
}

# EBS volumes and the EBS volumes of EC2 instances, launch templates and launch configurations --

# [plan index, address, status, detail] of every EBS volume, judged once (deny and warn read it).
ebs_volumes contains [index, address, status, detail] if {
	some index, plan in input.terraform.plans
	some address in plan.by_type.aws_ebs_volume
	[status, detail] := data.dspt.lib.terraform.ebs_judgement(index, plan.resources[address], ["encrypted"])
}

deny contains finding(index, address, msg) if {
	some [index, address, false, detail] in ebs_volumes
	msg := sprintf("%s is not encrypted at rest: %s", [address, detail])
}

warn contains finding(index, address, msg) if {
	some [index, address, "unknown", detail] in ebs_volumes
	msg := sprintf("whether %s is encrypted at rest is known only after apply: %s", [address, detail])
}

deny contains finding(index, address, msg) if {
	some [index, address, path], [false, detail] in data.dspt.lib.terraform.ec2_volume_encryption
	resource := input.terraform.plans[index].resources[address]
	msg := sprintf("%s %s is not encrypted: %s", [address, data.dspt.lib.terraform.ec2_block_text(resource, path), detail])
}

warn contains finding(index, address, msg) if {
	some [index, address, path], ["unknown", detail] in data.dspt.lib.terraform.ec2_volume_encryption
	resource := input.terraform.plans[index].resources[address]
	msg := sprintf(
		"whether %s %s is encrypted is known only after apply: %s",
		[address, data.dspt.lib.terraform.ec2_block_text(resource, path), detail],
	)
}

# Azure -------------------------------------------------------------------------------------

# Type -> [flag, provider default, what is left unencrypted without it].
azure_flags := {
	"azurerm_linux_virtual_machine": ["encryption_at_host_enabled", false, "its temporary disk and disk caches are not encrypted at rest"],
	"azurerm_windows_virtual_machine": ["encryption_at_host_enabled", false, "its temporary disk and disk caches are not encrypted at rest"],
	"azurerm_mssql_database": ["transparent_data_encryption_enabled", true, "transparent data encryption is off"],
}

# [plan index, address, flag, consequence, status] of every Azure VM and SQL database, judged once.
azure_stores contains [index, address, flag, consequence, status] if {
	flags := azure_flags
	some index, plan in input.terraform.plans
	some type, [flag, fallback, consequence] in flags
	some address in plan.by_type[type]
	status := data.dspt.lib.terraform.bool_status_cfg(plan.resources[address], [flag], fallback)
}

deny contains finding(index, address, msg) if {
	some [index, address, flag, consequence, false] in azure_stores
	resource := input.terraform.plans[index].resources[address]
	msg := sprintf(
		"%s is not encrypted at rest: %s is %v, so %s",
		[address, flag, object.get(resource.values, flag, "not set"), consequence],
	)
}

warn contains finding(index, address, msg) if {
	some [index, address, flag, _, "unknown"] in azure_stores
	resource := input.terraform.plans[index].resources[address]
	msg := sprintf(
		"whether %s is encrypted at rest is known only after apply (%s is unknown in the plan: %s)",
		[address, flag, data.dspt.lib.terraform.why_unknown(resource, [flag])],
	)
}

# S3 ---------------------------------------------------------------------------------------

# Tag key -> accepted values, compared without regard to case.
patient_tag_values := {key: {lower(value) | some value in values} |
	some key, values in data.dspt.params.terraform.patient_data_tags
}

# [plan index, address] of buckets tagged as holding patient data. The tag values are bound
# before the loop: regorus resolves a rule reference on every iteration.
patient_buckets contains [index, address] if {
	tag_values := patient_tag_values
	some index, plan in input.terraform.plans
	some address in plan.by_type.aws_s3_bucket
	values := plan.resources[address].values
	some tag_attribute in ["tags", "tags_all"]
	tags := values[tag_attribute]
	is_object(tags)
	some key, accepted in tag_values
	value := tags[key]
	is_string(value)
	lower(value) in accepted
}

# [plan index, address] of SSE configurations that use a KMS key.
kms_configurations contains [index, address] if {
	algorithms := kms_algorithms
	some index, plan in input.terraform.plans
	some address in plan.by_type.aws_s3_bucket_server_side_encryption_configuration
	some rule in plan.resources[address].values.rule
	some by_default in rule.apply_server_side_encryption_by_default
	by_default.sse_algorithm in algorithms
}

# [plan index, bucket address] tied by reference to a KMS SSE configuration.
kms_referenced_buckets contains [index, bucket] if {
	some [index, address] in kms_configurations
	some bucket in data.dspt.lib.terraform.reference_ties[[index, address, "bucket"]]
}

# [plan index, bucket name] named by a KMS SSE configuration.
kms_bucket_names contains [index, name] if {
	some [index, address] in kms_configurations
	plan := input.terraform.plans[index]
	name := plan.resources[address].values.bucket
	is_string(name)
}

# Plans holding a KMS SSE configuration tied to its bucket neither by reference nor by name.
plans_with_untied_kms_configuration contains index if {
	some [index, address] in kms_configurations
	not data.dspt.lib.terraform.reference_ties[[index, address, "bucket"]]
	plan := input.terraform.plans[index]
	plan.resources[address].unknown.bucket == true
}

# Buckets with the legacy inline configuration (AWS provider v3). Rules are bound before the
# loops and each resource is read a step at a time: regorus resolves a rule reference, and a
# reference with two variables (`plans[index].resources[address]`), on every iteration.
inline_kms_buckets contains [index, address] if {
	algorithms := kms_algorithms
	some [index, address] in patient_buckets
	plan := input.terraform.plans[index]
	values := plan.resources[address].values
	some configuration in values.server_side_encryption_configuration
	some rule in configuration.rule
	some by_default in rule.apply_server_side_encryption_by_default
	by_default.sse_algorithm in algorithms
}

unmatched_patient_buckets := {[index, address] |
	[inline, referenced, names] := [inline_kms_buckets, kms_referenced_buckets, kms_bucket_names]
	some [index, address] in patient_buckets
	not [index, address] in inline
	not [index, address] in referenced
	plan := input.terraform.plans[index]
	not [index, plan.resources[address].values.bucket] in names
}

# Unmatched buckets that may still be matched once names are known.
untied_patient_buckets contains [index, address] if {
	some [index, address] in unmatched_patient_buckets
	plan := input.terraform.plans[index]
	plan.resources[address].unknown.bucket == true
}

untied_patient_buckets contains [index, address] if {
	untied_plans := plans_with_untied_kms_configuration
	some [index, address] in unmatched_patient_buckets
	index in untied_plans
}

deny contains finding(index, address, msg) if {
	untied := untied_patient_buckets
	some [index, address] in unmatched_patient_buckets
	not [index, address] in untied
	msg := sprintf(
		"%s is tagged as holding patient data but has no server-side encryption with a KMS key (%s)",
		[address, concat(" or ", sort(kms_algorithms))],
	)
}

warn contains finding(index, address, msg) if {
	some [index, address] in untied_patient_buckets
	msg := sprintf(
		"%s is tagged as holding patient data; whether a KMS encryption configuration applies to it is known only after apply (a bucket name is unknown in the plan)",
		[address],
	)
}
