package dspt.checks.terraform.log_retention_test

import rego.v1

import data.dspt.checks.terraform.log_retention
import data.dspt.testing.terraform as tf

params := {"terraform": {
	"allowed_regions": ["eu-west-2", "uksouth", "ukwest", "europe-west2"],
	"patient_data_tags": {"data_classification": ["patient", "personal"]},
	"log_retention_days": 365,
}}

log_group(address, retention) := tf.resource(
	address,
	{"name": "/acme/records-api", "retention_in_days": retention, "skip_destroy": false},
	{"arn": true, "id": true, "kms_key_id": true},
)

compliant_resources := [
	log_group("aws_cloudwatch_log_group.records_api", 365),
	log_group("aws_cloudwatch_log_group.audit", 3653),
	log_group("aws_cloudwatch_log_group.forever", 0),
	tf.resource("aws_cloudwatch_log_group.unset", {"name": "/acme/unset", "kms_key_id": "arn:aws:kms:eu-west-2:111122223333:key/1"}, {}),
	tf.resource("azurerm_log_analytics_workspace.main", {"name": "acme-logs", "retention_in_days": 730}, {}),
	tf.resource("google_logging_project_bucket_config.default", {"bucket_id": "_Default", "retention_days": 400}, {}),
]

test_long_enough_retention_passes if {
	input_doc := tf.evidence_of(compliant_resources)
	count(log_retention.deny) == 0 with input as input_doc with data.dspt.params as params
	count(log_retention.warn) == 0 with input as input_doc with data.dspt.params as params
}

test_short_log_group_retention_is_denied if {
	input_doc := tf.evidence_of([log_group("module.app.aws_cloudwatch_log_group.portal", 30)])
	deny := log_retention.deny with input as input_doc with data.dspt.params as params
	deny == {{
		"msg": "module.app.aws_cloudwatch_log_group.portal keeps logs for 30 days (retention_in_days is 30), less than the required 365 days",
		"resource": "module.app.aws_cloudwatch_log_group.portal",
		"file": "plan.json",
		"source": "terraform",
	}}
}

test_unset_workspace_and_bucket_retention_is_the_30_day_default if {
	input_doc := tf.evidence_of([
		tf.resource("azurerm_log_analytics_workspace.main", {"name": "acme-logs", "retention_in_days": null}, {}),
		tf.resource("google_logging_project_bucket_config.default", {"bucket_id": "_Default"}, {}),
	])
	deny := log_retention.deny with input as input_doc with data.dspt.params as params
	deny == {
		{
			"msg": "azurerm_log_analytics_workspace.main keeps logs for 30 days (retention_in_days is not set), less than the required 365 days",
			"resource": "azurerm_log_analytics_workspace.main",
			"file": "plan.json",
			"source": "terraform",
		},
		{
			"msg": "google_logging_project_bucket_config.default keeps logs for 30 days (retention_days is not set), less than the required 365 days",
			"resource": "google_logging_project_bucket_config.default",
			"file": "plan.json",
			"source": "terraform",
		},
	}
}

test_short_workspace_retention_is_denied if {
	input_doc := tf.evidence_of([tf.resource("azurerm_log_analytics_workspace.main", {"name": "acme-logs", "retention_in_days": 90}, {})])
	deny := log_retention.deny with input as input_doc with data.dspt.params as params
	{finding.resource | some finding in deny} == {"azurerm_log_analytics_workspace.main"}
}

test_unknown_retention_warns if {
	input_doc := tf.evidence_of([tf.resource("azurerm_log_analytics_workspace.main", {"name": "acme-logs"}, {"retention_in_days": true})])
	count(log_retention.deny) == 0 with input as input_doc with data.dspt.params as params
	warn := log_retention.warn with input as input_doc with data.dspt.params as params
	warn == {{
		"msg": "how long azurerm_log_analytics_workspace.main keeps logs is known only after apply (retention_in_days is unknown in the plan)",
		"resource": "azurerm_log_analytics_workspace.main",
		"file": "plan.json",
		"source": "terraform",
	}}
}

test_log_group_without_kms_key_warns if {
	plain := tf.resource("aws_cloudwatch_log_group.portal", {"name": "/acme/portal", "retention_in_days": 365, "kms_key_id": null}, {"arn": true})
	input_doc := tf.evidence_of([plain])
	count(log_retention.deny) == 0 with input as input_doc with data.dspt.params as params
	warn := log_retention.warn with input as input_doc with data.dspt.params as params
	warn == {{
		"msg": "aws_cloudwatch_log_group.portal is not encrypted with a KMS key (kms_key_id is not set)",
		"resource": "aws_cloudwatch_log_group.portal",
		"file": "plan.json",
		"source": "terraform",
	}}
}

test_log_retention_days_parameter_is_honoured if {
	override := {"terraform": object.union(params.terraform, {"log_retention_days": 30})}
	input_doc := tf.evidence_of([
		log_group("aws_cloudwatch_log_group.month", 30),
		log_group("aws_cloudwatch_log_group.week", 7),
	])
	deny := log_retention.deny with input as input_doc with data.dspt.params as override
	{finding.resource | some finding in deny} == {"aws_cloudwatch_log_group.week"}
}

test_judged_counts_every_log_store if {
	input_doc := tf.evidence_of(compliant_resources)
	judged := log_retention.judged with input as input_doc with data.dspt.params as params
	judged == {[0, r.address] | some r in compliant_resources}
}

test_folder_organisation_and_billing_log_buckets_are_judged if {
	input_doc := tf.evidence_of([
		tf.resource("google_logging_folder_bucket_config.audit", {"bucket_id": "audit", "retention_days": 400}, {}),
		tf.resource("google_logging_organization_bucket_config.audit", {"bucket_id": "audit"}, {}),
		tf.resource("google_logging_billing_account_bucket_config.audit", {"bucket_id": "audit", "retention_days": 90}, {}),
	])
	deny := log_retention.deny with input as input_doc with data.dspt.params as params
	{f.resource | some f in deny} == {"google_logging_organization_bucket_config.audit", "google_logging_billing_account_bucket_config.audit"}
	some finding in deny
	finding.msg == "google_logging_organization_bucket_config.audit keeps logs for 30 days (retention_days is not set), less than the required 365 days"
}

test_unknown_retention_unset_in_configuration_is_the_default if {
	workspace := object.union(
		tf.resource("azurerm_log_analytics_workspace.main", {"name": "acme-logs"}, {"retention_in_days": true}),
		{"config": {"name": {"constant": "acme-logs"}}},
	)
	input_doc := tf.evidence_of([workspace])
	count(log_retention.warn) == 0 with input as input_doc with data.dspt.params as params
	deny := log_retention.deny with input as input_doc with data.dspt.params as params
	{f.resource | some f in deny} == {"azurerm_log_analytics_workspace.main"}
}

# Every resource type the check declares in its METADATA, one resource each, with its outcome.
declared_type_cases := [
	["aws_cloudwatch_log_group", {"name": "g", "retention_in_days": 7, "kms_key_id": "arn:aws:kms:eu-west-2:1:key/1"}, {}, "deny"],
	["azurerm_log_analytics_workspace", {"name": "w", "retention_in_days": 400}, {}, "pass"],
	["google_logging_billing_account_bucket_config", {"bucket_id": "b", "retention_days": 365}, {}, "pass"],
	["google_logging_folder_bucket_config", {"bucket_id": "b"}, {}, "deny"],
	["google_logging_organization_bucket_config", {"bucket_id": "b"}, {"retention_days": true}, "warn"],
	["google_logging_project_bucket_config", {"bucket_id": "b", "retention_days": 30}, {}, "deny"]
]

test_every_declared_type_is_judged_with_its_outcome if {
	resources := tf.declared_resources(declared_type_cases)
	input_doc := tf.evidence_of(resources)
	deny := log_retention.deny with input as input_doc with data.dspt.params as params
	warn := log_retention.warn with input as input_doc with data.dspt.params as params
	judged := log_retention.judged with input as input_doc with data.dspt.params as params
	tf.judged_as_declared(declared_type_cases, 3, deny, warn, judged)
}
