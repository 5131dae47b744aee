# METADATA
# title: S3 public access blocks are never weakened, and patient-data buckets declare one
# description: >-
#   Every aws_s3_bucket_public_access_block and aws_s3_account_public_access_block in the plan sets
#   all four flags (block_public_acls, block_public_policy, ignore_public_acls,
#   restrict_public_buckets) to true: a flag set false or left unset (the provider default is
#   false) fails. Since April 2023 S3 blocks public access on new buckets by default, so a bucket
#   with no block resource passes; a bucket tagged as holding patient data warns unless the plan
#   proves the block, by a bucket-level block with all four flags tied to it (by its
#   configuration reference, else by the bucket name) or an account-level block with all four
#   flags.
# custom:
#   id: TF-PUB-001
#   severity: high
#   sources: [terraform]
#   family: public-exposure
#   judges: S3 public access blocks and S3 buckets holding patient data
#   resource_types: [aws_s3_account_public_access_block, aws_s3_bucket, aws_s3_bucket_public_access_block]
package dspt.checks.terraform.s3_public_access_block

import rego.v1

plans := input.terraform.plans

flags := ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"]

block_types := ["aws_s3_bucket_public_access_block", "aws_s3_account_public_access_block"]

truthy(value) if value == true

truthy(value) if value == "true"

known_text(resource, attribute) := value if {
	not resource.unknown[attribute] == true
	value := resource.values[attribute]
	is_string(value)
	value != ""
}

# [plan index, address, type] of every block resource.
blocks contains [index, address, type] if {
	some index, plan in plans
	some type in block_types
	some address in plan.by_type[type]
}

# Flags of a block that are set false or left unset (false by default), and that are unknown.
weak_flags(resource) := [flag |
	some flag in flags
	not resource.unknown[flag] == true
	not truthy(object.get(resource.values, flag, null))
]

unknown_flags(resource) := [flag |
	some flag in flags
	resource.unknown[flag] == true
]

# [plan index, address] of blocks with every flag true.
full_blocks contains [index, address] if {
	some [index, address, _] in blocks
	resource := plans[index].resources[address]
	count(weak_flags(resource)) == 0
	count(unknown_flags(resource)) == 0
}

block_target(index, address, "aws_s3_account_public_access_block") := "the whole account" if {
	plans[index].resources[address]
}

block_target(index, address, "aws_s3_bucket_public_access_block") := sprintf("bucket %s", [name]) if {
	name := known_text(plans[index].resources[address], "bucket")
}

block_target(index, address, "aws_s3_bucket_public_access_block") := sprintf("bucket %s", [concat(", ", sort(buckets))]) if {
	not known_text(plans[index].resources[address], "bucket")
	buckets := data.dspt.lib.terraform.reference_ties[[index, address, "bucket"]]
}

block_target(index, address, "aws_s3_bucket_public_access_block") := "a bucket named only after apply" if {
	not known_text(plans[index].resources[address], "bucket")
	not data.dspt.lib.terraform.reference_ties[[index, address, "bucket"]]
}

deny contains finding if {
	some [index, address, type] in blocks
	resource := plans[index].resources[address]
	weak := weak_flags(resource)
	count(weak) > 0
	finding := {
		"msg": sprintf(
			"%s does not block public access for %s: %s false or unset (all four flags must be true)",
			[address, block_target(index, address, type), concat(", ", weak)],
		),
		"resource": address,
		"file": plans[index].file,
		"source": "terraform",
	}
}

warn contains finding if {
	some [index, address, type] in blocks
	resource := plans[index].resources[address]
	count(weak_flags(resource)) == 0
	unknown := unknown_flags(resource)
	count(unknown) > 0
	finding := {
		"msg": sprintf(
			"whether %s blocks public access for %s is known only after apply (%s unknown)",
			[address, block_target(index, address, type), concat(", ", unknown)],
		),
		"resource": address,
		"file": plans[index].file,
		"source": "terraform",
	}
}

# Patient-data buckets ----------------------------------------------------------------------

patient_tag_values := {key: {lower(value) | some value in values} |
	some key, values in data.dspt.params.terraform.patient_data_tags
}

patient_buckets contains [index, address] if {
	some index, plan in plans
	some address in plan.by_type.aws_s3_bucket
	some attribute in ["tags", "tags_all"]
	tags := plan.resources[address].values[attribute]
	is_object(tags)
	some key, accepted in patient_tag_values
	is_string(tags[key])
	lower(tags[key]) in accepted
}

# Plans that block public access for the whole account with all four flags.
account_blocked contains index if {
	some [index, address, "aws_s3_account_public_access_block"] in blocks
	[index, address] in full_blocks
}

# [plan index, bucket name] named by any bucket-level block (a weak one is denied above), and
# plans holding a bucket-level block whose bucket is known only after apply.
named_block_buckets contains [index, name] if {
	some [index, address, "aws_s3_bucket_public_access_block"] in blocks
	name := known_text(plans[index].resources[address], "bucket")
}

# [plan index, bucket address] of buckets a bucket-level block refers to in its configuration.
tied_block_buckets contains [index, bucket] if {
	some [index, address, "aws_s3_bucket_public_access_block"] in blocks
	some bucket in data.dspt.lib.terraform.reference_ties[[index, address, "bucket"]]
}

plans_with_untied_blocks contains index if {
	some [index, address, "aws_s3_bucket_public_access_block"] in blocks
	not known_text(plans[index].resources[address], "bucket")
	not [index, address] in data.dspt.lib.terraform.referenced_settings
}

unproven_patient_buckets contains [index, address] if {
	some [index, address] in patient_buckets
	not index in account_blocked
	not [index, address] in tied_block_buckets
	not [index, known_text(plans[index].resources[address], "bucket")] in named_block_buckets
}

# [plan index, address] of every block and every patient-data bucket judged.
judged contains [index, address] if {
	some [index, address, _] in blocks
}

judged contains [index, address] if {
	some [index, address] in patient_buckets
}

warn contains finding if {
	some [index, address] in unproven_patient_buckets
	resource := plans[index].resources[address]
	reason := untied_reason(index, resource)
	finding := {
		"msg": sprintf("%s is tagged as holding patient data; %s", [address, reason]),
		"resource": address,
		"file": plans[index].file,
		"source": "terraform",
	}
}

untied_reason(index, resource) := "whether a public access block applies to it is known only after apply (a bucket name is unknown in the plan)" if {
	not known_text(resource, "bucket")
} else := "whether a public access block applies to it is known only after apply (a block's bucket is unknown in the plan)" if {
	index in plans_with_untied_blocks
} else := "the plan declares no public access block for it or the account, so it relies on S3's default for new buckets; declare an aws_s3_bucket_public_access_block with all four flags true"
