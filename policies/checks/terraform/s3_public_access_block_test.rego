package dspt.checks.terraform.s3_public_access_block_test

import rego.v1

import data.dspt.checks.terraform.s3_public_access_block
import data.dspt.testing.terraform as tf

params := {"terraform": {"patient_data_tags": {"data_classification": ["patient", "personal"]}}}

# The plan of resources, read from plans/platform.json (the file the findings name).
plan(resources) := tf.plan_in("plans/platform.json", resources)

# The evidence document of that one plan.
evidence(resources) := tf.evidence([plan(resources)])

deny_of(resources) := result if {
	result := s3_public_access_block.deny with input as evidence(resources) with data.dspt.params as params
}

warn_of(resources) := result if {
	result := s3_public_access_block.warn with input as evidence(resources) with data.dspt.params as params
}

all_true := {"block_public_acls": true, "block_public_policy": true, "ignore_public_acls": true, "restrict_public_buckets": true}

patient_bucket := tf.resource("aws_s3_bucket.records", {"bucket": "acme-patient-records", "tags": {"data_classification": "patient"}}, {"id": true})

bucket_block(address, bucket, flags) := tf.resource(address, object.union({"bucket": bucket}, flags), {"id": true})

account_block(flags) := tf.resource("aws_s3_account_public_access_block.this", flags, {"id": true, "account_id": true})

test_patient_bucket_with_full_block_passes if {
	resources := [patient_bucket, bucket_block("aws_s3_bucket_public_access_block.records", "acme-patient-records", all_true)]
	count(deny_of(resources)) == 0
	count(warn_of(resources)) == 0
}

test_account_block_covers_patient_buckets if {
	resources := [patient_bucket, account_block(all_true)]
	count(deny_of(resources)) == 0
	count(warn_of(resources)) == 0
}

test_untagged_bucket_without_block_passes if {
	bucket := tf.resource("aws_s3_bucket.assets", {"bucket": "acme-assets", "tags": {"data_classification": "public"}}, {})
	count(deny_of([bucket])) == 0
	count(warn_of([bucket])) == 0
}

test_bucket_block_with_a_false_flag_is_denied if {
	flags := object.union(all_true, {"block_public_policy": false})
	deny_of([bucket_block("aws_s3_bucket_public_access_block.site", "acme-site", flags)]) == {{
		"msg": "aws_s3_bucket_public_access_block.site does not block public access for bucket acme-site: block_public_policy false or unset (all four flags must be true)",
		"resource": "aws_s3_bucket_public_access_block.site",
		"file": "plans/platform.json",
		"source": "terraform",
	}}
}

test_account_block_with_unset_flags_is_denied if {
	flags := {"block_public_acls": true, "ignore_public_acls": true, "block_public_policy": null}
	deny := deny_of([account_block(flags)])
	count(deny) == 1
	some finding in deny
	finding.resource == "aws_s3_account_public_access_block.this"
	finding.msg == "aws_s3_account_public_access_block.this does not block public access for the whole account: block_public_policy, restrict_public_buckets false or unset (all four flags must be true)"
}

test_weak_account_block_does_not_cover_patient_buckets if {
	resources := [patient_bucket, account_block(object.union(all_true, {"restrict_public_buckets": false}))]
	{finding.resource | some finding in deny_of(resources)} == {"aws_s3_account_public_access_block.this"}
	{finding.resource | some finding in warn_of(resources)} == {"aws_s3_bucket.records"}
}

test_patient_bucket_without_block_warns if {
	warn_of([patient_bucket]) == {{
		"msg": "aws_s3_bucket.records is tagged as holding patient data; the plan declares no public access block for it or the account, so it relies on S3's default for new buckets; declare an aws_s3_bucket_public_access_block with all four flags true",
		"resource": "aws_s3_bucket.records",
		"file": "plans/platform.json",
		"source": "terraform",
	}}
	count(deny_of([patient_bucket])) == 0
}

test_block_of_another_bucket_does_not_count if {
	resources := [patient_bucket, bucket_block("aws_s3_bucket_public_access_block.other", "acme-other", all_true)]
	{finding.resource | some finding in warn_of(resources)} == {"aws_s3_bucket.records"}
}

test_unknown_names_and_flags_warn if {
	untied_block := tf.resource("aws_s3_bucket_public_access_block.records", all_true, {"bucket": true})
	resources := [patient_bucket, untied_block]
	count(deny_of(resources)) == 0
	some finding in warn_of(resources)
	finding.resource == "aws_s3_bucket.records"
	contains(finding.msg, "a block's bucket is unknown in the plan")

	unknown_flag := tf.resource("aws_s3_bucket_public_access_block.x", {"bucket": "acme-x", "block_public_acls": true, "ignore_public_acls": true, "restrict_public_buckets": true}, {"block_public_policy": true})
	count(deny_of([unknown_flag])) == 0
	{f.resource | some f in warn_of([unknown_flag])} == {"aws_s3_bucket_public_access_block.x"}
}

test_bucket_with_unknown_name_warns if {
	bucket := tf.resource("aws_s3_bucket.records", {"bucket_prefix": "acme-", "tags": {"data_classification": "Personal"}}, {"bucket": true})
	some finding in warn_of([bucket, bucket_block("aws_s3_bucket_public_access_block.records", "acme-patient-records", all_true)])
	contains(finding.msg, "a bucket name is unknown in the plan")
}

test_patient_data_tags_parameter_is_honoured if {
	override := {"terraform": {"patient_data_tags": {"sensitivity": ["high"]}}}
	sensitive := tf.resource("aws_s3_bucket.sensitive", {"bucket": "acme-sensitive", "tags_all": {"sensitivity": "HIGH"}}, {})
	warn := s3_public_access_block.warn with input as evidence([patient_bucket, sensitive]) with data.dspt.params as override
	{finding.resource | some finding in warn} == {"aws_s3_bucket.sensitive"}
}

# The evidence of the plan with `by_config_address`, for resources tied by configuration references.
evidence_with_config(resources) := tf.evidence([object.union(plan(resources), {"by_config_address": tf.by_config_address(resources)})])

test_block_tied_by_reference_covers_a_new_patient_bucket if {
	bucket := tf.configured(tf.resource("aws_s3_bucket.records", {"tags": {"data_classification": "patient"}}, {"bucket": true, "id": true}), {})
	block := tf.configured(
		tf.resource("aws_s3_bucket_public_access_block.records", all_true, {"bucket": true, "id": true}),
		{"bucket": tf.ref("aws_s3_bucket.records", "aws_s3_bucket")},
	)
	other := tf.configured(tf.resource("aws_s3_bucket.scans", {"tags": {"data_classification": "patient"}}, {"bucket": true, "id": true}), {})
	input_doc := evidence_with_config([bucket, block, other])
	deny := s3_public_access_block.deny with input as input_doc with data.dspt.params as params
	count(deny) == 0
	warn := s3_public_access_block.warn with input as input_doc with data.dspt.params as params
	{w.resource | some w in warn} == {"aws_s3_bucket.scans"}
	judged := s3_public_access_block.judged with input as input_doc with data.dspt.params as params
	judged == {[0, "aws_s3_bucket.records"], [0, "aws_s3_bucket_public_access_block.records"], [0, "aws_s3_bucket.scans"]}
}

test_weak_block_tied_by_reference_names_its_bucket if {
	bucket := tf.configured(tf.resource("aws_s3_bucket.records", {}, {"bucket": true, "id": true}), {})
	block := tf.configured(
		tf.resource("aws_s3_bucket_public_access_block.records", object.union(all_true, {"block_public_policy": false}), {"bucket": true, "id": true}),
		{"bucket": {"references": ["aws_s3_bucket.records.id"], "resources": [{"address": "aws_s3_bucket.records", "type": "aws_s3_bucket"}], "data": []}},
	)
	deny := s3_public_access_block.deny with input as evidence_with_config([bucket, block]) with data.dspt.params as params
	some finding in deny
	finding.msg == "aws_s3_bucket_public_access_block.records does not block public access for bucket aws_s3_bucket.records: block_public_policy false or unset (all four flags must be true)"
}

# Every resource type the check declares in its METADATA, one resource each, with its outcome.
declared_type_cases := [
	["aws_s3_account_public_access_block", {"block_public_acls": true, "block_public_policy": true, "ignore_public_acls": true, "restrict_public_buckets": true}, {}, "pass"],
	["aws_s3_bucket_public_access_block", {"bucket": "b", "block_public_acls": false}, {}, "deny"],
	["aws_s3_bucket", {"bucket": "acme-declared", "tags": {"data_classification": "patient"}}, {}, "pass"]
]

test_every_declared_type_is_judged_with_its_outcome if {
	resources := tf.declared_resources(declared_type_cases)
	input_doc := evidence(resources)
	deny := s3_public_access_block.deny with input as input_doc with data.dspt.params as params
	warn := s3_public_access_block.warn with input as input_doc with data.dspt.params as params
	judged := s3_public_access_block.judged with input as input_doc with data.dspt.params as params
	tf.judged_as_declared(declared_type_cases, 3, deny, warn, judged)
}

test_a_block_tied_to_another_bucket_does_not_make_a_patient_bucket_unknown if {
	bucket := tf.configured(tf.resource("aws_s3_bucket.records", {"bucket": "acme-patient-records", "tags": {"data_classification": "patient"}}, {"id": true}), {})
	other := tf.configured(tf.resource("aws_s3_bucket.assets", {}, {"bucket": true, "id": true}), {})
	block := tf.configured(
		tf.resource("aws_s3_bucket_public_access_block.assets", all_true, {"bucket": true, "id": true}),
		{"bucket": {"references": ["aws_s3_bucket.assets.id"], "resources": [{"address": "aws_s3_bucket.assets", "type": "aws_s3_bucket"}], "data": []}},
	)
	warn := s3_public_access_block.warn with input as evidence_with_config([bucket, other, block]) with data.dspt.params as params
	some finding in warn
	finding.resource == "aws_s3_bucket.records"
	contains(finding.msg, "the plan declares no public access block for it or the account")
}
