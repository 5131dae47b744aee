package dspt.checks.assets.patient_stores_registered_test

import rego.v1

import data.dspt.checks.assets.patient_stores_registered
import data.dspt.testing.assets
import data.dspt.testing.terraform as tf

# The parameters the check reads (and the patient-data tags the Terraform library reads), as
# shipped in policies/params/registers.yaml and terraform.yaml.
params := {
	"assets": {"review_days": 365, "register_tag": "asset"},
	"terraform": {
		"allowed_regions": ["eu-west-2", "uksouth", "ukwest", "europe-west2"],
		"patient_data_tags": {"data_classification": ["patient", "personal"]},
	},
}

records_db := tf.resource("aws_db_instance.records", {"engine": "postgres", "tags": tf.patient}, {})

records_bucket := tf.resource("module.storage.aws_s3_bucket.records", {"bucket": "acme-patient-records", "tags": tf.patient}, {})

# Registered by its `asset` tag (from the provider's default tags, in tags_all) naming the entry.
consent_table := tf.resource("aws_dynamodb_table.consent", {"name": "consent", "tags": tf.patient, "tags_all": {"data_classification": "patient", "asset": "Consent Store"}}, {})

# Registered by its label naming one of the entry's addresses.
scans_bucket := tf.google_resource("google_storage_bucket.scans", {"name": "acme-scans", "labels": {"data_classification": "patient", "asset": "GOOGLE_STORAGE_BUCKET.SCANS"}}, {})

# Registered by Cloud SQL's user label naming the entry.
records_sql := tf.google_resource("google_sql_database_instance.records", {"name": "records", "settings": [{"user_labels": {"data_classification": "patient", "asset": "  patient-records-sql "}}]}, {})

# Not patient data: not judged, registered or not.
reporting_db := tf.resource("aws_db_instance.reporting", {"engine": "postgres", "tags": {"data_classification": "internal"}}, {})

register := [
	assets.record(1, {"asset": "Patient records database", "address": "aws_db_instance.records"}),
	assets.record(2, {"asset": "Patient records bucket", "address": "aws_s3_bucket.exports; module.storage.aws_s3_bucket.records ;"}),
	assets.record(3, {"asset": "Consent Store", "owner": null}),
	assets.record(4, {"asset": "Imaging scans", "address": "google_storage_bucket.scans", "owner_name": null}),
	assets.record(5, {"asset": "Patient-Records-SQL"}),
]

test_registered_patient_stores_with_owners_pass if {
	input_doc := assets.evidence_with_plans(register, [tf.plan([records_db, records_bucket, consent_table, scans_bucket, records_sql, reporting_db])])
	count(patient_stores_registered.deny) == 0 with input as input_doc with data.dspt.params as params
	judged := patient_stores_registered.judged with input as input_doc with data.dspt.params as params
	judged == {
		[0, "aws_db_instance.records"],
		[0, "module.storage.aws_s3_bucket.records"],
		[0, "aws_dynamodb_table.consent"],
		[0, "google_storage_bucket.scans"],
		[0, "google_sql_database_instance.records"],
	}
}

test_unregistered_patient_store_is_denied if {
	input_doc := assets.evidence_with_plans([assets.record(1, {"address": "aws_db_instance.records"})], [tf.plan([records_db, records_bucket, reporting_db])])
	deny := patient_stores_registered.deny with input as input_doc with data.dspt.params as params
	deny == {{
		"msg": "module.storage.aws_s3_bucket.records holds patient data but is not in the asset register: no entry lists its address, and no entry is named by its `asset` tag",
		"resource": "module.storage.aws_s3_bucket.records",
		"file": "plan.json",
		"source": "terraform",
	}}
}

test_an_address_matches_whole_not_in_part if {
	entries := [assets.record(1, {"asset": "Replica", "address": "aws_db_instance.records_replica;module.app.aws_db_instance.records"})]
	input_doc := assets.evidence_with_plans(entries, [tf.plan([records_db])])
	deny := patient_stores_registered.deny with input as input_doc with data.dspt.params as params
	{finding.resource | some finding in deny} == {"aws_db_instance.records"}
}

test_a_tag_naming_no_entry_does_not_register if {
	tagged := tf.resource("aws_db_instance.records", {"tags": {"data_classification": "patient", "asset": "Old records database"}}, {})
	input_doc := assets.evidence_with_plans([assets.record(1, {"asset": "Patient records database"})], [tf.plan([tagged])])
	count(patient_stores_registered.deny) == 1 with input as input_doc with data.dspt.params as params
}

test_registered_store_whose_entry_has_no_owner_is_denied if {
	entries := [assets.record(1, {"asset": "Patient records database", "address": "aws_db_instance.records", "owner": null, "owner_name": " "})]
	input_doc := assets.evidence_with_plans(entries, [tf.plan([records_db])])
	deny := patient_stores_registered.deny with input as input_doc with data.dspt.params as params
	deny == {{
		"msg": "aws_db_instance.records holds patient data and is registered as asset Patient records database, but that entry names no owner (neither an owning role nor a named owner)",
		"record": "Patient records database",
		"resource": "aws_db_instance.records",
		"file": "registers/assets.csv",
		"line": 2,
		"source": "assets",
	}}
}

test_an_unowned_entry_found_by_tag_is_denied if {
	entries := [assets.record(1, {}), assets.record(2, {"asset": "Consent Store", "owner": null, "owner_name": null})]
	input_doc := assets.evidence_with_plans(entries, [tf.plan([consent_table])])
	deny := patient_stores_registered.deny with input as input_doc with data.dspt.params as params
	{[finding.record, finding.resource, finding.line] | some finding in deny} == {["Consent Store", "aws_dynamodb_table.consent", 3]}
}

test_register_tag_parameter_is_honoured if {
	tagged := tf.azure_resource("azurerm_storage_account.records", {"name": "acmerecords", "tags": {"data_classification": "patient", "iar_ref": "IAR-014"}}, {})
	input_doc := assets.evidence_with_plans([assets.record(1, {"asset": "iar-014"})], [tf.plan([tagged])])
	count(patient_stores_registered.deny) == 1 with input as input_doc with data.dspt.params as params
	override := object.union(params, {"assets": {"register_tag": "iar_ref"}})
	count(patient_stores_registered.deny) == 0 with input as input_doc with data.dspt.params as override
}

test_each_plan_is_judged_with_its_file if {
	plans := [tf.plan([records_db]), tf.plan_in("plans/platform.json", [records_db])]
	input_doc := assets.evidence_with_plans([assets.record(1, {})], plans)
	deny := patient_stores_registered.deny with input as input_doc with data.dspt.params as params
	{finding.file | some finding in deny} == {"plan.json", "plans/platform.json"}
	judged := patient_stores_registered.judged with input as input_doc with data.dspt.params as params
	judged == {[0, "aws_db_instance.records"], [1, "aws_db_instance.records"]}
}

test_plans_without_patient_data_judge_nothing if {
	input_doc := assets.evidence_with_plans([assets.record(1, {})], [tf.plan([reporting_db])])
	count(patient_stores_registered.judged) == 0 with input as input_doc with data.dspt.params as params
	count(patient_stores_registered.deny) == 0 with input as input_doc with data.dspt.params as params
}
