# METADATA
# title: Storage and databases are encrypted at rest
# description: >-
#   RDS instances and clusters, EBS volumes and EFS file systems in the Terraform plan are
#   encrypted at rest, and S3 buckets tagged as holding patient data use a KMS key.
# custom:
#   id: TF-ENC-001
#   severity: high
#   sources: [terraform]
package dspt.checks.terraform.encryption_at_rest

import rego.v1

plans := input.terraform.plans

# The attribute that must be true for each resource type to be encrypted at rest.
# EBS volumes are listed apart, because account-wide default encryption can cover them.
encryption_attribute := {
	"aws_db_instance": "storage_encrypted",
	"aws_rds_cluster": "storage_encrypted",
	"aws_efs_file_system": "encrypted",
}

# Server-side encryption algorithms that use a KMS key. S3 has encrypted new objects with
# S3-managed keys (AES256) by default since January 2023, so a bucket fails only when it is
# tagged as holding patient data and none of these applies to it.
kms_algorithms := {"aws:kms", "aws:kms:dsse"}

# Plans (by index) that turn on EBS encryption by default for the account and region.
ebs_default_encryption contains index if {
	some index, plan in plans
	some address in plan.by_type.aws_ebs_encryption_by_default
	plan.resources[address].values.enabled == true
}

# [plan index, address, attribute] for every resource whose attribute must be true.
required contains [index, address, attribute] if {
	some index, plan in plans
	some type, attribute in encryption_attribute
	some address in plan.by_type[type]
}

required contains [index, address, "encrypted"] if {
	some index, plan in plans
	not index in ebs_default_encryption
	some address in plan.by_type.aws_ebs_volume
}

deny contains finding if {
	some [index, address, attribute] in required
	plan := plans[index]
	resource := plan.resources[address]
	not resource.unknown[attribute] == true
	not resource.values[attribute] == true
	finding := {
		"msg": sprintf(
			"%s is not encrypted at rest: %s is %v, expected true",
			[address, attribute, object.get(resource.values, attribute, "not set")],
		),
		"resource": address,
		"file": plan.file,
		"source": "terraform",
	}
}

warn contains finding if {
	some [index, address, attribute] in required
	plan := plans[index]
	resource := plan.resources[address]
	resource.unknown[attribute] == true
	finding := {
		"msg": sprintf("whether %s is encrypted at rest is known only after apply (%s is unknown in the plan)", [address, attribute]),
		"resource": address,
		"file": plan.file,
		"source": "terraform",
	}
}

# S3 ---------------------------------------------------------------------------------------

# Tag key -> accepted values, compared without regard to case.
patient_tag_values := {key: {lower(value) | some value in values} |
	some key, values in data.dspt.params.terraform.patient_data_tags
}

# [plan index, address] of buckets tagged as holding patient data.
patient_buckets contains [index, address] if {
	some index, plan in plans
	some address in plan.by_type.aws_s3_bucket
	some tag_attribute in ["tags", "tags_all"]
	tags := plan.resources[address].values[tag_attribute]
	is_object(tags)
	some key, accepted in patient_tag_values
	is_string(tags[key])
	lower(tags[key]) in accepted
}

# [plan index, bucket name] named by an SSE configuration that uses a KMS key.
kms_bucket_names contains [index, values.bucket] if {
	some index, plan in plans
	some address in plan.by_type.aws_s3_bucket_server_side_encryption_configuration
	values := plan.resources[address].values
	is_string(values.bucket)
	some rule in values.rule
	some by_default in rule.apply_server_side_encryption_by_default
	by_default.sse_algorithm in kms_algorithms
}

# Plans holding a KMS SSE configuration whose bucket is known only after apply.
plans_with_untied_kms_configuration contains index if {
	some index, plan in plans
	some address in plan.by_type.aws_s3_bucket_server_side_encryption_configuration
	resource := plan.resources[address]
	resource.unknown.bucket == true
	some rule in resource.values.rule
	some by_default in rule.apply_server_side_encryption_by_default
	by_default.sse_algorithm in kms_algorithms
}

# Buckets with the legacy inline configuration (AWS provider v3).
inline_kms_buckets contains [index, address] if {
	some [index, address] in patient_buckets
	values := plans[index].resources[address].values
	some configuration in values.server_side_encryption_configuration
	some rule in configuration.rule
	some by_default in rule.apply_server_side_encryption_by_default
	by_default.sse_algorithm in kms_algorithms
}

unmatched_patient_buckets := {[index, address] |
	some [index, address] in patient_buckets
	not [index, address] in inline_kms_buckets
	not [index, plans[index].resources[address].values.bucket] in kms_bucket_names
}

# Unmatched buckets that may still be matched once names are known.
untied_patient_buckets contains [index, address] if {
	some [index, address] in unmatched_patient_buckets
	plans[index].resources[address].unknown.bucket == true
}

untied_patient_buckets contains [index, address] if {
	some [index, address] in unmatched_patient_buckets
	index in plans_with_untied_kms_configuration
}

deny contains finding if {
	some [index, address] in unmatched_patient_buckets
	not [index, address] in untied_patient_buckets
	finding := {
		"msg": sprintf(
			"%s is tagged as holding patient data but has no server-side encryption with a KMS key (%s)",
			[address, concat(" or ", sort(kms_algorithms))],
		),
		"resource": address,
		"file": plans[index].file,
		"source": "terraform",
	}
}

warn contains finding if {
	some [index, address] in untied_patient_buckets
	finding := {
		"msg": sprintf(
			"%s is tagged as holding patient data; whether a KMS encryption configuration applies to it is known only after apply (a bucket name is unknown in the plan)",
			[address],
		),
		"resource": address,
		"file": plans[index].file,
		"source": "terraform",
	}
}
