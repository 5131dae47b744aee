package dspt.checks.terraform.cloudtrail_test

import rego.v1

import data.dspt.checks.terraform.cloudtrail
import data.dspt.testing.terraform as tf

params := {"terraform": {
	"allowed_regions": ["eu-west-2", "uksouth", "ukwest", "europe-west2"],
	"patient_data_tags": {"data_classification": ["patient", "personal"]},
	"cloudtrail_required": true,
}}

not_required := {"terraform": object.union(params.terraform, {"cloudtrail_required": false})}

database := tf.resource("aws_db_instance.records", {"engine": "postgres"}, {})

trail(address, multi_region, validation) := tf.resource(
	address,
	{
		"name": "account", "s3_bucket_name": "acme-cloudtrail", "is_multi_region_trail": multi_region,
		"enable_log_file_validation": validation, "enable_logging": true, "include_global_service_events": true,
	},
	{"arn": true, "id": true, "kms_key_id": true},
)

test_multi_region_trail_with_validation_and_key_passes if {
	input_doc := tf.evidence_of([database, trail("aws_cloudtrail.account", true, true)])
	count(cloudtrail.deny) == 0 with input as input_doc with data.dspt.params as params
	count(cloudtrail.warn) == 0 with input as input_doc with data.dspt.params as params
	not cloudtrail.skip with input as input_doc with data.dspt.params as params
}

test_a_trail_in_another_plan_counts if {
	input_doc := tf.evidence([tf.plan([database]), tf.plan_in("plans/audit.json", [trail("aws_cloudtrail.account", true, true)])])
	count(cloudtrail.deny) == 0 with input as input_doc with data.dspt.params as params
}

test_aws_resources_without_a_trail_are_denied if {
	deny := cloudtrail.deny with input as tf.evidence_of([database]) with data.dspt.params as params
	deny == {{
		"msg": "no multi-region CloudTrail trail with log file validation: the plans hold AWS resources but define no aws_cloudtrail (set cloudtrail_required to false if the account trail is managed elsewhere)",
		"source": "terraform",
	}}
}

test_a_single_region_trail_without_validation_is_denied if {
	input_doc := tf.evidence_of([database, trail("aws_cloudtrail.portal", false, false)])
	deny := cloudtrail.deny with input as input_doc with data.dspt.params as params
	deny == {{
		"msg": "no multi-region CloudTrail trail with log file validation: aws_cloudtrail.portal does not qualify (enable_log_file_validation is false, is_multi_region_trail is false)",
		"resource": "aws_cloudtrail.portal",
		"file": "plan.json",
		"source": "terraform",
	}}
}

test_defaults_are_single_region_without_validation if {
	bare := tf.resource("aws_cloudtrail.bare", {"name": "bare", "s3_bucket_name": "acme-cloudtrail"}, {"kms_key_id": true})
	deny := cloudtrail.deny with input as tf.evidence_of([bare]) with data.dspt.params as params
	some finding in deny
	finding.resource == "aws_cloudtrail.bare"
	contains(finding.msg, "enable_log_file_validation is false, is_multi_region_trail is false")
}

test_a_stopped_trail_does_not_count if {
	stopped := object.union(trail("aws_cloudtrail.account", true, true), {"values": {"enable_logging": false}})
	deny := cloudtrail.deny with input as tf.evidence_of([stopped]) with data.dspt.params as params
	some finding in deny
	contains(finding.msg, "(enable_logging is false)")
}

test_one_qualifying_trail_is_enough if {
	input_doc := tf.evidence_of([
		trail("aws_cloudtrail.account", true, true),
		trail("aws_cloudtrail.data_events", false, true),
	])
	count(cloudtrail.deny) == 0 with input as input_doc with data.dspt.params as params
}

test_a_trail_known_only_after_apply_warns if {
	later := tf.resource("aws_cloudtrail.account", {"name": "account", "enable_log_file_validation": true}, {"is_multi_region_trail": true, "kms_key_id": true})
	input_doc := tf.evidence_of([database, later])
	count(cloudtrail.deny) == 0 with input as input_doc with data.dspt.params as params
	warn := cloudtrail.warn with input as input_doc with data.dspt.params as params
	warn == {{
		"msg": "whether aws_cloudtrail.account is a logging multi-region trail with log file validation is known only after apply (is_multi_region_trail unknown in the plan)",
		"resource": "aws_cloudtrail.account",
		"file": "plan.json",
		"source": "terraform",
	}}
}

test_a_trail_without_a_kms_key_warns if {
	plain := tf.resource("aws_cloudtrail.account", {"name": "account", "is_multi_region_trail": true, "enable_log_file_validation": true, "kms_key_id": null}, {})
	input_doc := tf.evidence_of([plain])
	count(cloudtrail.deny) == 0 with input as input_doc with data.dspt.params as params
	warn := cloudtrail.warn with input as input_doc with data.dspt.params as params
	warn == {{
		"msg": "aws_cloudtrail.account does not encrypt its log files with a KMS key (kms_key_id is not set)",
		"resource": "aws_cloudtrail.account",
		"file": "plan.json",
		"source": "terraform",
	}}
}

test_cloudtrail_required_false_lets_the_trail_live_elsewhere if {
	input_doc := tf.evidence_of([database])
	count(cloudtrail.deny) == 0 with input as input_doc with data.dspt.params as not_required
	cloudtrail.skip == "cloudtrail_required is false (the account trail is managed outside these plans) and the plans hold no aws_cloudtrail, Azure or Google Cloud resources" with input as input_doc with data.dspt.params as not_required
}

test_cloudtrail_required_false_still_judges_trail_keys if {
	plain := tf.resource("aws_cloudtrail.portal", {"name": "portal", "is_multi_region_trail": false}, {})
	input_doc := tf.evidence_of([database, plain])
	count(cloudtrail.deny) == 0 with input as input_doc with data.dspt.params as not_required
	count(cloudtrail.warn) == 1 with input as input_doc with data.dspt.params as not_required
	not cloudtrail.skip with input as input_doc with data.dspt.params as not_required
}

test_no_cloud_resources_skips if {
	other := object.union(tf.resource("random_id.suffix", {"byte_length": 4}, {"hex": true}), {"provider": "registry.terraform.io/hashicorp/random"})
	input_doc := tf.evidence_of([other])
	count(cloudtrail.deny) == 0 with input as input_doc with data.dspt.params as params
	count(cloudtrail.judged) == 0 with input as input_doc with data.dspt.params as params
	cloudtrail.skip == "the plans hold no AWS, Azure or Google Cloud resources" with input as input_doc with data.dspt.params as params
}

gcs_bucket := object.union(tf.resource("google_storage_bucket.scans", {"name": "acme-scans"}, {}), {"provider": tf.google})

test_google_cloud_without_data_access_logs_warns if {
	input_doc := tf.evidence_of([gcs_bucket])
	count(cloudtrail.deny) == 0 with input as input_doc with data.dspt.params as params
	not cloudtrail.skip with input as input_doc with data.dspt.params as params
	warn := cloudtrail.warn with input as input_doc with data.dspt.params as params
	warn == {{
		"msg": "the plans hold Google Cloud resources but no google_project_iam_audit_config (or folder or organisation audit config) turns on DATA_READ and DATA_WRITE audit logs for allServices",
		"source": "terraform",
	}}
	cloudtrail.judged == {"google cloud data access audit logs"} with input as input_doc with data.dspt.params as params
}

audit_config(type, service, log_types) := tf.resource(
	sprintf("%s.all", [type]),
	{"service": service, "audit_log_config": [{"log_type": t, "exempted_members": []} | some t in log_types]},
	{},
)

test_google_cloud_data_access_logs_for_all_services_pass if {
	project := audit_config("google_project_iam_audit_config", "allServices", ["ADMIN_READ", "DATA_READ", "DATA_WRITE"])
	count(cloudtrail.warn) == 0 with input as tf.evidence_of([gcs_bucket, project]) with data.dspt.params as params
	folder := audit_config("google_folder_iam_audit_config", "allServices", ["DATA_READ", "DATA_WRITE"])
	count(cloudtrail.warn) == 0 with input as tf.evidence_of([gcs_bucket, folder]) with data.dspt.params as params
	organization := audit_config("google_organization_iam_audit_config", "allServices", ["DATA_WRITE", "DATA_READ"])
	count(cloudtrail.warn) == 0 with input as tf.evidence_of([gcs_bucket, organization]) with data.dspt.params as params
}

test_google_cloud_audit_config_without_data_write_warns if {
	config := audit_config("google_project_iam_audit_config", "allServices", ["DATA_READ"])
	storage_only := audit_config("google_folder_iam_audit_config", "storage.googleapis.com", ["DATA_READ", "DATA_WRITE"])
	input_doc := tf.evidence_of([gcs_bucket, config, storage_only])
	count(cloudtrail.warn) == 1 with input as input_doc with data.dspt.params as params
	count(cloudtrail.judged) == 3 with input as input_doc with data.dspt.params as params
}

azure_group := tf.resource("azurerm_resource_group.records", {"name": "records", "location": "uksouth"}, {"id": true})

activity_log(target) := tf.resource(
	"azurerm_monitor_diagnostic_setting.activity_log",
	{"name": "activity-log", "target_resource_id": target, "enabled_log": [{"category": "Administrative"}, {"category": "Security"}]},
	{"id": true},
)

test_azure_activity_log_export_passes if {
	input_doc := tf.evidence_of([azure_group, activity_log("/subscriptions/00000000-0000-0000-0000-000000000000")])
	count(cloudtrail.deny) == 0 with input as input_doc with data.dspt.params as params
	count(cloudtrail.warn) == 0 with input as input_doc with data.dspt.params as params
}

test_azure_without_activity_log_export_warns if {
	resource_setting := activity_log("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/records/providers/Microsoft.KeyVault/vaults/acme")
	input_doc := tf.evidence_of([azure_group, resource_setting])
	count(cloudtrail.deny) == 0 with input as input_doc with data.dspt.params as params
	warn := cloudtrail.warn with input as input_doc with data.dspt.params as params
	warn == {{
		"msg": "the plans hold Azure resources but no azurerm_monitor_diagnostic_setting exports the subscription activity log (target_resource_id /subscriptions/<id>)",
		"source": "terraform",
	}}
}

test_azure_setting_with_unknown_target_warns_as_unknown if {
	later := tf.resource("azurerm_monitor_diagnostic_setting.activity_log", {"name": "activity-log"}, {"target_resource_id": true})
	warn := cloudtrail.warn with input as tf.evidence_of([azure_group, later]) with data.dspt.params as params
	warn == {{
		"msg": "whether azurerm_monitor_diagnostic_setting.activity_log exports the subscription activity log is known only after apply (target_resource_id is unknown in the plan)",
		"resource": "azurerm_monitor_diagnostic_setting.activity_log",
		"file": "plan.json",
		"source": "terraform",
	}}
}

test_azure_setting_targeting_the_subscription_data_source_passes if {
	later := object.union(
		tf.resource("azurerm_monitor_diagnostic_setting.activity_log", {"name": "activity-log"}, {"target_resource_id": true}),
		{"config": {"target_resource_id": {"references": ["data.azurerm_subscription.current.id", "data.azurerm_subscription.current"], "resources": [], "data": [{"address": "data.azurerm_subscription.current", "type": "azurerm_subscription"}]}}},
	)
	input_doc := tf.evidence_of([azure_group, later])
	count(cloudtrail.warn) == 0 with input as input_doc with data.dspt.params as params
	cloudtrail.judged == {"azure subscription activity log", [0, "azurerm_monitor_diagnostic_setting.activity_log"]} with input as input_doc with data.dspt.params as params
}

test_azure_setting_tied_to_another_resource_is_not_the_subscription if {
	vault_logs := object.union(
		tf.resource("azurerm_monitor_diagnostic_setting.vault", {"name": "vault"}, {"target_resource_id": true}),
		{"config": {"target_resource_id": {"references": ["azurerm_key_vault.main.id"], "resources": [{"address": "azurerm_key_vault.main", "type": "azurerm_key_vault"}], "data": []}}},
	)
	warn := cloudtrail.warn with input as tf.evidence_of([azure_group, vault_logs]) with data.dspt.params as params
	warn == {{
		"msg": "the plans hold Azure resources but no azurerm_monitor_diagnostic_setting exports the subscription activity log (target_resource_id /subscriptions/<id>)",
		"source": "terraform",
	}}
}

test_aws_account_and_trails_are_judged if {
	trail := tf.resource("aws_cloudtrail.main", {"name": "main", "is_multi_region_trail": true, "enable_log_file_validation": true, "kms_key_id": "arn:aws:kms:eu-west-2:1:key/1"}, {})
	judged := cloudtrail.judged with input as tf.evidence_of([database, trail]) with data.dspt.params as params
	judged == {"aws account audit trail", [0, "aws_cloudtrail.main"]}
}

test_declared_types_aws_cloudtrail_and_azurerm_monitor_diagnostic_setting if {
	trail := tf.resource(concat(".", ["aws_cloudtrail", "main"]), {"name": "main", "is_multi_region_trail": true, "enable_log_file_validation": true, "kms_key_id": "arn:aws:kms:eu-west-2:1:key/1"}, {})
	setting := tf.resource(concat(".", ["azurerm_monitor_diagnostic_setting", "activity"]), {"name": "activity", "target_resource_id": "/subscriptions/1111"}, {})
	input_doc := tf.evidence_of([database, trail, azure_group, setting])
	count(cloudtrail.deny) == 0 with input as input_doc with data.dspt.params as params
	count(cloudtrail.warn) == 0 with input as input_doc with data.dspt.params as params
	judged := cloudtrail.judged with input as input_doc with data.dspt.params as params
	judged == {"aws account audit trail", [0, "aws_cloudtrail.main"], "azure subscription activity log"}
	weak := tf.resource(concat(".", ["aws_cloudtrail", "weak"]), {"name": "weak", "kms_key_id": "arn:aws:kms:eu-west-2:1:key/1"}, {})
	deny := cloudtrail.deny with input as tf.evidence_of([database, weak]) with data.dspt.params as params
	{f.resource | some f in deny} == {"aws_cloudtrail.weak"}
}
