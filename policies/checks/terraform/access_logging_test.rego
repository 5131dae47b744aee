package dspt.checks.terraform.access_logging_test

import rego.v1

import data.dspt.checks.terraform.access_logging

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

records_bucket := resource("aws_s3_bucket.records", {"bucket": "acme-patient-records", "tags": patient}, {"id": true, "logging": true})

bucket_logging(bucket) := resource(
	"aws_s3_bucket_logging.records",
	{"bucket": bucket, "target_bucket": "acme-access-logs", "target_prefix": "records/"},
	{"id": true},
)

load_balancer(address, access_logs) := resource(
	address,
	{"name": "portal", "internal": false, "load_balancer_type": "application", "access_logs": access_logs},
	{"arn": true, "dns_name": true},
)

compliant_resources := [
	records_bucket,
	bucket_logging("acme-patient-records"),
	resource("aws_s3_bucket.assets", {"bucket": "acme-public-assets", "tags": {}}, {"id": true}),
	load_balancer("aws_lb.portal", [{"bucket": "acme-alb-logs", "prefix": "portal", "enabled": true}]),
	resource("aws_lb.internal_nlb", {"name": "nlb", "load_balancer_type": "network", "access_logs": []}, {}),
	resource("google_storage_bucket.scans", {"name": "acme-scans", "logging": [{"log_bucket": "acme-usage-logs"}], "labels": patient}, {}),
]

test_logged_patient_storage_and_load_balancers_pass if {
	input_doc := evidence([plan(compliant_resources)])
	count(access_logging.deny) == 0 with input as input_doc with data.dspt.params as params
	count(access_logging.warn) == 0 with input as input_doc with data.dspt.params as params
}

test_patient_bucket_without_logging_is_denied if {
	input_doc := evidence([plan([records_bucket, bucket_logging("acme-other-bucket")])])
	deny := access_logging.deny with input as input_doc with data.dspt.params as params
	deny == {{
		"msg": "aws_s3_bucket.records holds patient data but access to it is not logged: no aws_s3_bucket_logging (or inline logging block) names this bucket",
		"resource": "aws_s3_bucket.records",
		"file": "plan.json",
		"source": "terraform",
	}}
}

test_legacy_inline_logging_passes if {
	legacy := resource(
		"aws_s3_bucket.records",
		{"bucket": "acme-patient-records", "tags": patient, "logging": [{"target_bucket": "acme-access-logs", "target_prefix": "records/"}]},
		{},
	)
	count(access_logging.deny) == 0 with input as evidence([plan([legacy])]) with data.dspt.params as params
}

test_untagged_buckets_are_not_judged if {
	bucket := resource("aws_s3_bucket.assets", {"bucket": "acme-public-assets", "tags": {"data_classification": "public"}}, {})
	count(access_logging.deny) == 0 with input as evidence([plan([bucket])]) with data.dspt.params as params
}

test_load_balancer_without_access_logs_is_denied if {
	input_doc := evidence([plan([
		load_balancer("aws_lb.portal", []),
		load_balancer("aws_alb.legacy", [{"bucket": "acme-alb-logs", "enabled": false}]),
	])])
	deny := access_logging.deny with input as input_doc with data.dspt.params as params
	deny == {
		{
			"msg": "application load balancer aws_lb.portal does not write access logs (access_logs.enabled is not set)",
			"resource": "aws_lb.portal",
			"file": "plan.json",
			"source": "terraform",
		},
		{
			"msg": "application load balancer aws_alb.legacy does not write access logs (access_logs.enabled is false)",
			"resource": "aws_alb.legacy",
			"file": "plan.json",
			"source": "terraform",
		},
	}
}

test_load_balancer_type_defaults_to_application if {
	bare := resource("aws_lb.portal", {"name": "portal"}, {})
	deny := access_logging.deny with input as evidence([plan([bare])]) with data.dspt.params as params
	{finding.resource | some finding in deny} == {"aws_lb.portal"}
}

test_unknown_logging_warns if {
	untied := resource("aws_s3_bucket_logging.records", {"target_bucket": "acme-access-logs"}, {"bucket": true, "id": true})
	later_lb := resource("aws_lb.portal", {"name": "portal", "load_balancer_type": "application"}, {"access_logs": true})
	unknown_kind := resource("aws_lb.edge", {"name": "edge", "access_logs": []}, {"load_balancer_type": true})
	input_doc := evidence([plan([records_bucket, untied, later_lb, unknown_kind])])
	count(access_logging.deny) == 0 with input as input_doc with data.dspt.params as params
	warn := access_logging.warn with input as input_doc with data.dspt.params as params
	{finding.resource | some finding in warn} == {"aws_s3_bucket.records", "aws_lb.portal", "aws_lb.edge"}
	some finding in warn
	finding == {
		"msg": "aws_s3_bucket.records holds patient data; whether access to it is logged is known only after apply (a bucket name is unknown in the plan)",
		"resource": "aws_s3_bucket.records",
		"file": "plan.json",
		"source": "terraform",
	}
}

test_google_and_azure_patient_storage_without_logs_is_denied if {
	input_doc := evidence([plan([
		resource("google_storage_bucket.scans", {"name": "acme-scans", "logging": [], "labels": patient}, {}),
		resource("azurerm_storage_account.records", {"name": "acmerecords", "tags": patient}, {}),
	])])
	deny := access_logging.deny with input as input_doc with data.dspt.params as params
	{finding.resource | some finding in deny} == {"google_storage_bucket.scans", "azurerm_storage_account.records"}
}

test_azure_blob_diagnostic_setting_passes if {
	input_doc := evidence([plan([
		resource("azurerm_storage_account.records", {"name": "acmerecords", "tags": patient}, {}),
		resource(
			"azurerm_monitor_diagnostic_setting.records_blob",
			{
				"target_resource_id": "/subscriptions/0000/resourceGroups/records/providers/Microsoft.Storage/storageAccounts/acmerecords/blobServices/default",
				"enabled_log": [{"category_group": "audit"}],
			},
			{},
		),
	])])
	count(access_logging.deny) == 0 with input as input_doc with data.dspt.params as params
}

test_patient_data_tags_parameter_is_honoured if {
	override := {"terraform": {"allowed_regions": params.terraform.allowed_regions, "patient_data_tags": {"sensitivity": ["high"]}}}
	sensitive := resource("aws_s3_bucket.sensitive", {"bucket": "acme-sensitive", "tags": {"sensitivity": "high"}}, {})
	deny := access_logging.deny with input as evidence([plan([records_bucket, sensitive])]) with data.dspt.params as override
	{finding.resource | some finding in deny} == {"aws_s3_bucket.sensitive"}
}
