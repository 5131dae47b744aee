package dspt.checks.terraform.storage_versioning_test

import rego.v1

import data.dspt.checks.terraform.storage_versioning
import data.dspt.testing.terraform as tf

params := {"terraform": {
	"allowed_regions": ["eu-west-2", "uksouth", "ukwest", "europe-west2"],
	"patient_data_tags": {"data_classification": ["patient", "personal"]},
}}

records_bucket := tf.resource("module.storage.aws_s3_bucket.records", {"bucket": "acme-patient-records", "tags": tf.patient}, {"id": true, "versioning": true})

bucket_versioning(bucket, status) := tf.resource(
	"module.storage.aws_s3_bucket_versioning.records",
	{"bucket": bucket, "versioning_configuration": [{"status": status}]},
	{"id": true, "versioning_configuration": [{"mfa_delete": true}]},
)

compliant_resources := [
	records_bucket,
	bucket_versioning("acme-patient-records", "Enabled"),
	tf.resource("aws_s3_bucket.assets", {"bucket": "acme-public-assets", "tags": {}}, {}),
	tf.resource("google_storage_bucket.scans", {"name": "acme-scans", "versioning": [{"enabled": true}], "labels": tf.patient}, {}),
	tf.resource("azurerm_storage_account.records", {"name": "acmerecords", "blob_properties": [{"versioning_enabled": true}], "tags": tf.patient}, {}),
	tf.resource("azurerm_storage_account.web", {"name": "acmeweb", "blob_properties": []}, {}),
]

test_versioned_patient_storage_passes if {
	input_doc := tf.evidence_of(compliant_resources)
	count(storage_versioning.deny) == 0 with input as input_doc with data.dspt.params as params
	count(storage_versioning.warn) == 0 with input as input_doc with data.dspt.params as params
}

test_patient_bucket_without_versioning_is_denied if {
	deny := storage_versioning.deny with input as tf.evidence_of([records_bucket]) with data.dspt.params as params
	deny == {{
		"msg": "module.storage.aws_s3_bucket.records holds patient data but does not keep previous versions: no aws_s3_bucket_versioning with status Enabled (or inline versioning block) names this bucket",
		"resource": "module.storage.aws_s3_bucket.records",
		"file": "plan.json",
		"source": "terraform",
	}}
}

test_suspended_versioning_is_denied if {
	input_doc := tf.evidence_of([records_bucket, bucket_versioning("acme-patient-records", "Suspended")])
	deny := storage_versioning.deny with input as input_doc with data.dspt.params as params
	{finding.resource | some finding in deny} == {"module.storage.aws_s3_bucket.records"}
}

test_legacy_inline_versioning_passes if {
	legacy := tf.resource("aws_s3_bucket.records", {"bucket": "acme-patient-records", "tags": tf.patient, "versioning": [{"enabled": true, "mfa_delete": false}]}, {})
	disabled := tf.resource("aws_s3_bucket.records", {"bucket": "acme-patient-records", "tags": tf.patient, "versioning": [{"enabled": false, "mfa_delete": false}]}, {})
	count(storage_versioning.deny) == 0 with input as tf.evidence_of([legacy]) with data.dspt.params as params
	count(storage_versioning.deny) == 1 with input as tf.evidence_of([disabled]) with data.dspt.params as params
}

test_google_and_azure_patient_storage_without_versioning_is_denied if {
	input_doc := tf.evidence_of([
		tf.resource("google_storage_bucket.scans", {"name": "acme-scans", "versioning": [], "labels": tf.patient}, {}),
		tf.resource("azurerm_storage_account.records", {"name": "acmerecords", "blob_properties": [{"versioning_enabled": false}], "tags": tf.patient}, {}),
	])
	deny := storage_versioning.deny with input as input_doc with data.dspt.params as params
	deny == {
		{
			"msg": "google_storage_bucket.scans holds patient data but does not keep previous versions: versioning.enabled is not true",
			"resource": "google_storage_bucket.scans",
			"file": "plan.json",
			"source": "terraform",
		},
		{
			"msg": "azurerm_storage_account.records holds patient data but does not keep previous versions: blob_properties.versioning_enabled is not true",
			"resource": "azurerm_storage_account.records",
			"file": "plan.json",
			"source": "terraform",
		},
	}
}

test_untagged_storage_is_not_judged if {
	input_doc := tf.evidence_of([
		tf.resource("aws_s3_bucket.assets", {"bucket": "acme-public-assets"}, {}),
		tf.resource("google_storage_bucket.tmp", {"name": "acme-tmp", "versioning": []}, {}),
	])
	count(storage_versioning.deny) == 0 with input as input_doc with data.dspt.params as params
}

test_versioning_with_an_unknown_bucket_warns if {
	untied := tf.resource("module.storage.aws_s3_bucket_versioning.records", {"versioning_configuration": [{"status": "Enabled"}]}, {"bucket": true})
	input_doc := tf.evidence_of([records_bucket, untied])
	count(storage_versioning.deny) == 0 with input as input_doc with data.dspt.params as params
	warn := storage_versioning.warn with input as input_doc with data.dspt.params as params
	warn == {{
		"msg": "module.storage.aws_s3_bucket.records holds patient data; whether it keeps previous versions is known only after apply (a bucket name or versioning status is unknown in the plan)",
		"resource": "module.storage.aws_s3_bucket.records",
		"file": "plan.json",
		"source": "terraform",
	}}
}

test_patient_data_tags_parameter_is_honoured if {
	override := {"terraform": {"allowed_regions": params.terraform.allowed_regions, "patient_data_tags": {"sensitivity": ["high"]}}}
	sensitive := tf.resource("aws_s3_bucket.sensitive", {"bucket": "acme-sensitive", "tags": {"sensitivity": "high"}}, {})
	deny := storage_versioning.deny with input as tf.evidence_of([records_bucket, sensitive]) with data.dspt.params as override
	{finding.resource | some finding in deny} == {"aws_s3_bucket.sensitive"}
}

new_bucket(address, config_address) := tf.configured_at(tf.resource(address, {"tags": tf.patient}, {"bucket": true, "id": true}), config_address, {"bucket_prefix": {"constant": "records"}})

new_versioning(address, config_address, bucket_config_address, status) := tf.configured_at(
	tf.resource(address, {"versioning_configuration": [{"status": status}]}, {"bucket": true}),
	config_address,
	{"bucket": tf.ref(bucket_config_address, "aws_s3_bucket"), "versioning_configuration": [{"status": {"constant": status}}]},
)

test_versioning_tied_by_reference_passes_where_names_are_unknown if {
	input_doc := tf.evidence([tf.plan_with_config([
		new_bucket("aws_s3_bucket.records", "aws_s3_bucket.records"),
		new_versioning("aws_s3_bucket_versioning.records", "aws_s3_bucket_versioning.records", "aws_s3_bucket.records", "Enabled"),
		new_bucket("aws_s3_bucket.scans", "aws_s3_bucket.scans"),
		new_versioning("aws_s3_bucket_versioning.scans", "aws_s3_bucket_versioning.scans", "aws_s3_bucket.scans", "Suspended"),
	])])
	deny := storage_versioning.deny with input as input_doc with data.dspt.params as params
	{f.resource | some f in deny} == {"aws_s3_bucket.scans"}
	count(storage_versioning.warn) == 0 with input as input_doc with data.dspt.params as params
}

test_versioning_tied_by_instance_key_across_for_each if {
	input_doc := tf.evidence([tf.plan_with_config([
		new_bucket("aws_s3_bucket.b[\"a\"]", "aws_s3_bucket.b"),
		new_bucket("aws_s3_bucket.b[\"c\"]", "aws_s3_bucket.b"),
		new_versioning("aws_s3_bucket_versioning.v[\"a\"]", "aws_s3_bucket_versioning.v", "aws_s3_bucket.b", "Enabled"),
	])])
	deny := storage_versioning.deny with input as input_doc with data.dspt.params as params
	{f.resource | some f in deny} == {"aws_s3_bucket.b[\"c\"]"}
	count(storage_versioning.warn) == 0 with input as input_doc with data.dspt.params as params
}

test_versioning_without_configuration_still_warns_when_names_are_unknown if {
	input_doc := tf.evidence_of([
		tf.resource("aws_s3_bucket.records", {"tags": tf.patient}, {"bucket": true}),
		tf.resource("aws_s3_bucket_versioning.records", {"versioning_configuration": [{"status": "Enabled"}]}, {"bucket": true}),
	])
	count(storage_versioning.deny) == 0 with input as input_doc with data.dspt.params as params
	warn := storage_versioning.warn with input as input_doc with data.dspt.params as params
	some w in warn
	w.resource == "aws_s3_bucket.records"
	contains(w.msg, "known only after apply")
}

# Every resource type the check declares in its METADATA, one resource each, with its outcome.
declared_type_cases := [
	["aws_s3_bucket", {"bucket": "acme-declared", "tags": {"data_classification": "patient"}}, {}, "deny"],
	["azurerm_storage_account", {"name": "acmedeclared", "tags": {"data_classification": "patient"}, "blob_properties": [{"versioning_enabled": true}]}, {}, "pass"],
	["google_storage_bucket", {"name": "acme-declared", "labels": {"data_classification": "patient"}, "versioning": [{"enabled": false}]}, {}, "deny"]
]

test_every_declared_type_is_judged_with_its_outcome if {
	resources := tf.declared_resources(declared_type_cases)
	input_doc := tf.evidence_of(resources)
	deny := storage_versioning.deny with input as input_doc with data.dspt.params as params
	warn := storage_versioning.warn with input as input_doc with data.dspt.params as params
	judged := storage_versioning.judged with input as input_doc with data.dspt.params as params
	tf.judged_as_declared(declared_type_cases, 3, deny, warn, judged)
}
