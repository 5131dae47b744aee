package dspt.checks.terraform.access_logging_test

import rego.v1

import data.dspt.checks.terraform.access_logging
import data.dspt.testing.terraform as tf

params := {"terraform": {
	"allowed_regions": ["eu-west-2", "uksouth", "ukwest", "europe-west2"],
	"patient_data_tags": {"data_classification": ["patient", "personal"]},
}}

records_bucket := tf.resource("aws_s3_bucket.records", {"bucket": "acme-patient-records", "tags": tf.patient}, {"id": true, "logging": true})

bucket_logging(bucket) := tf.resource(
	"aws_s3_bucket_logging.records",
	{"bucket": bucket, "target_bucket": "acme-access-logs", "target_prefix": "records/"},
	{"id": true},
)

load_balancer(address, access_logs) := tf.resource(
	address,
	{"name": "portal", "internal": false, "load_balancer_type": "application", "access_logs": access_logs},
	{"arn": true, "dns_name": true},
)

compliant_resources := [
	records_bucket,
	bucket_logging("acme-patient-records"),
	tf.resource("aws_s3_bucket.assets", {"bucket": "acme-public-assets", "tags": {}}, {"id": true}),
	load_balancer("aws_lb.portal", [{"bucket": "acme-alb-logs", "prefix": "portal", "enabled": true}]),
	tf.resource("aws_lb.internal_nlb", {"name": "nlb", "load_balancer_type": "network", "access_logs": []}, {}),
	tf.resource("google_storage_bucket.scans", {"name": "acme-scans", "logging": [{"log_bucket": "acme-usage-logs"}], "labels": tf.patient}, {}),
]

test_logged_patient_storage_and_load_balancers_pass if {
	input_doc := tf.evidence_of(compliant_resources)
	count(access_logging.deny) == 0 with input as input_doc with data.dspt.params as params
	count(access_logging.warn) == 0 with input as input_doc with data.dspt.params as params
}

test_patient_bucket_without_logging_is_denied if {
	input_doc := tf.evidence_of([records_bucket, bucket_logging("acme-other-bucket")])
	deny := access_logging.deny with input as input_doc with data.dspt.params as params
	deny == {{
		"msg": "aws_s3_bucket.records holds patient data but access to it is not logged: no aws_s3_bucket_logging (or inline logging block) names this bucket",
		"resource": "aws_s3_bucket.records",
		"file": "plan.json",
		"source": "terraform",
	}}
}

test_legacy_inline_logging_passes if {
	legacy := tf.resource(
		"aws_s3_bucket.records",
		{"bucket": "acme-patient-records", "tags": tf.patient, "logging": [{"target_bucket": "acme-access-logs", "target_prefix": "records/"}]},
		{},
	)
	count(access_logging.deny) == 0 with input as tf.evidence_of([legacy]) with data.dspt.params as params
}

test_untagged_buckets_are_not_judged if {
	bucket := tf.resource("aws_s3_bucket.assets", {"bucket": "acme-public-assets", "tags": {"data_classification": "public"}}, {})
	count(access_logging.deny) == 0 with input as tf.evidence_of([bucket]) with data.dspt.params as params
}

test_load_balancer_without_access_logs_is_denied if {
	input_doc := tf.evidence_of([
		load_balancer("aws_lb.portal", []),
		load_balancer("aws_alb.legacy", [{"bucket": "acme-alb-logs", "enabled": false}]),
	])
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
	bare := tf.resource("aws_lb.portal", {"name": "portal"}, {})
	deny := access_logging.deny with input as tf.evidence_of([bare]) with data.dspt.params as params
	{finding.resource | some finding in deny} == {"aws_lb.portal"}
}

test_unknown_logging_warns if {
	untied := tf.resource("aws_s3_bucket_logging.records", {"target_bucket": "acme-access-logs"}, {"bucket": true, "id": true})
	later_lb := tf.resource("aws_lb.portal", {"name": "portal", "load_balancer_type": "application"}, {"access_logs": true})
	unknown_kind := tf.resource("aws_lb.edge", {"name": "edge", "access_logs": []}, {"load_balancer_type": true})
	input_doc := tf.evidence_of([records_bucket, untied, later_lb, unknown_kind])
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
	input_doc := tf.evidence_of([
		tf.resource("google_storage_bucket.scans", {"name": "acme-scans", "logging": [], "labels": tf.patient}, {}),
		tf.resource("azurerm_storage_account.records", {"name": "acmerecords", "tags": tf.patient}, {}),
	])
	deny := access_logging.deny with input as input_doc with data.dspt.params as params
	{finding.resource | some finding in deny} == {"google_storage_bucket.scans", "azurerm_storage_account.records"}
}

test_azure_blob_diagnostic_setting_passes if {
	input_doc := tf.evidence_of([
		tf.resource("azurerm_storage_account.records", {"name": "acmerecords", "tags": tf.patient}, {}),
		tf.resource(
			"azurerm_monitor_diagnostic_setting.records_blob",
			{
				"target_resource_id": "/subscriptions/0000/resourceGroups/records/providers/Microsoft.Storage/storageAccounts/acmerecords/blobServices/default",
				"enabled_log": [{"category_group": "audit"}],
			},
			{},
		),
	])
	count(access_logging.deny) == 0 with input as input_doc with data.dspt.params as params
}

test_patient_data_tags_parameter_is_honoured if {
	override := {"terraform": {"allowed_regions": params.terraform.allowed_regions, "patient_data_tags": {"sensitivity": ["high"]}}}
	sensitive := tf.resource("aws_s3_bucket.sensitive", {"bucket": "acme-sensitive", "tags": {"sensitivity": "high"}}, {})
	deny := access_logging.deny with input as tf.evidence_of([records_bucket, sensitive]) with data.dspt.params as override
	{finding.resource | some finding in deny} == {"aws_s3_bucket.sensitive"}
}

test_bucket_logging_tied_by_reference_passes if {
	bucket := tf.configured_at(tf.resource("aws_s3_bucket.records", {"tags": tf.patient}, {"bucket": true}), "aws_s3_bucket.records", {})
	other := tf.configured_at(tf.resource("aws_s3_bucket.scans", {"tags": tf.patient}, {"bucket": true}), "aws_s3_bucket.scans", {})
	logging := tf.configured_at(tf.resource("aws_s3_bucket_logging.records", {"target_bucket": "acme-logs"}, {"bucket": true}), "aws_s3_bucket_logging.records", {"bucket": tf.ref("aws_s3_bucket.records", "aws_s3_bucket")})
	input_doc := tf.evidence([tf.plan_with_config([bucket, other, logging])])
	deny := access_logging.deny with input as input_doc with data.dspt.params as params
	{f.resource | some f in deny} == {"aws_s3_bucket.scans"}
	count(access_logging.warn) == 0 with input as input_doc with data.dspt.params as params
	access_logging.judged == {[0, "aws_s3_bucket.records"], [0, "aws_s3_bucket.scans"]} with input as input_doc with data.dspt.params as params
}

test_azure_diagnostic_setting_tied_by_reference_passes if {
	account := tf.configured_at(tf.resource("azurerm_storage_account.records", {"name": "acmerecords", "tags": tf.patient}, {"id": true}), "azurerm_storage_account.records", {})
	other := tf.configured_at(tf.resource("azurerm_storage_account.scans", {"name": "acmescans", "tags": tf.patient}, {"id": true}), "azurerm_storage_account.scans", {})
	setting := tf.configured_at(
		tf.resource("azurerm_monitor_diagnostic_setting.records", {"name": "blob-logs", "enabled_log": [{"category": "StorageRead"}]}, {"target_resource_id": true}),
		"azurerm_monitor_diagnostic_setting.records",
		{"target_resource_id": tf.ref("azurerm_storage_account.records", "azurerm_storage_account")},
	)
	input_doc := tf.evidence([tf.plan_with_config([account, other, setting])])
	deny := access_logging.deny with input as input_doc with data.dspt.params as params
	{f.resource | some f in deny} == {"azurerm_storage_account.scans"}
	count(access_logging.warn) == 0 with input as input_doc with data.dspt.params as params
}

test_google_backend_service_without_logs_is_denied if {
	input_doc := tf.evidence_of([
		tf.resource("google_compute_backend_service.web", {"name": "web"}, {}),
		tf.resource("google_compute_backend_service.api", {"name": "api", "load_balancing_scheme": "EXTERNAL_MANAGED", "log_config": [{"enable": true, "sample_rate": 1}]}, {}),
		tf.resource("google_compute_backend_service.internal", {"name": "internal", "load_balancing_scheme": "INTERNAL_SELF_MANAGED"}, {}),
	])
	deny := access_logging.deny with input as input_doc with data.dspt.params as params
	deny == {{
		"msg": "backend service google_compute_backend_service.web does not write access logs (log_config.enable is not set)",
		"resource": "google_compute_backend_service.web",
		"file": "plan.json",
		"source": "terraform",
	}}
}

test_azure_application_gateway_needs_an_access_log_export if {
	gateway := tf.configured_at(tf.resource("azurerm_application_gateway.web", {"name": "web"}, {"id": true}), "azurerm_application_gateway.web", {})
	logged := tf.configured_at(tf.resource("azurerm_application_gateway.api", {"name": "api"}, {"id": true}), "azurerm_application_gateway.api", {})
	setting := tf.configured_at(
		tf.resource("azurerm_monitor_diagnostic_setting.api", {"name": "gw-logs", "enabled_log": [{"category": "ApplicationGatewayAccessLog"}]}, {"target_resource_id": true}),
		"azurerm_monitor_diagnostic_setting.api",
		{"target_resource_id": tf.ref("azurerm_application_gateway.api", "azurerm_application_gateway")},
	)
	input_doc := tf.evidence([tf.plan_with_config([gateway, logged, setting])])
	deny := access_logging.deny with input as input_doc with data.dspt.params as params
	deny == {{
		"msg": "application gateway azurerm_application_gateway.web does not write access logs (no azurerm_monitor_diagnostic_setting exports its ApplicationGatewayAccessLog)",
		"resource": "azurerm_application_gateway.web",
		"file": "plan.json",
		"source": "terraform",
	}}
}

test_azure_gateway_setting_of_unknown_target_warns if {
	input_doc := tf.evidence_of([
		tf.resource("azurerm_application_gateway.web", {"name": "web"}, {"id": true}),
		tf.resource("azurerm_monitor_diagnostic_setting.gw", {"name": "gw-logs", "enabled_log": [{"category_group": "allLogs"}]}, {"target_resource_id": true}),
	])
	count(access_logging.deny) == 0 with input as input_doc with data.dspt.params as params
	warn := access_logging.warn with input as input_doc with data.dspt.params as params
	some w in warn
	w.resource == "azurerm_application_gateway.web"
	contains(w.msg, "known only after apply")
}

# Every resource type the check declares in its METADATA, one resource each, with its outcome.
declared_type_cases := [
	["aws_alb", {"load_balancer_type": "application", "access_logs": [{"bucket": "logs", "enabled": true}]}, {}, "pass"],
	["aws_lb", {"access_logs": []}, {}, "deny"],
	["aws_s3_bucket", {"bucket": "acme-declared", "tags": {"data_classification": "patient"}, "logging": [{"target_bucket": "acme-logs"}]}, {}, "pass"],
	["azurerm_application_gateway", {"name": "gw"}, {"id": true}, "deny"],
	["azurerm_storage_account", {"name": "acmedeclared", "tags": {"data_classification": "patient"}}, {}, "deny"],
	["google_compute_backend_service", {"name": "web", "log_config": [{"enable": true}]}, {}, "pass"],
	["google_storage_bucket", {"name": "acme-declared", "labels": {"data_classification": "patient"}, "logging": [{"log_bucket": "acme-logs"}]}, {}, "pass"]
]

test_every_declared_type_is_judged_with_its_outcome if {
	resources := tf.declared_resources(declared_type_cases)
	input_doc := tf.evidence_of(resources)
	deny := access_logging.deny with input as input_doc with data.dspt.params as params
	warn := access_logging.warn with input as input_doc with data.dspt.params as params
	judged := access_logging.judged with input as input_doc with data.dspt.params as params
	tf.judged_as_declared(declared_type_cases, 3, deny, warn, judged)
}

test_external_managed_backend_service_without_logs_is_denied if {
	input_doc := tf.evidence_of([
		tf.resource("google_compute_backend_service.api", {"name": "api", "load_balancing_scheme": "EXTERNAL_MANAGED", "log_config": [{"enable": false}]}, {}),
		tf.resource("google_compute_backend_service.later", {"name": "later"}, {"load_balancing_scheme": true}),
	])
	deny := access_logging.deny with input as input_doc with data.dspt.params as params
	{f.resource | some f in deny} == {"google_compute_backend_service.api"}
	warn := access_logging.warn with input as input_doc with data.dspt.params as params
	{f.resource | some f in warn} == {"google_compute_backend_service.later"}
}
