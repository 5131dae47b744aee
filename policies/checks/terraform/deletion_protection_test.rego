package dspt.checks.terraform.deletion_protection_test

import rego.v1

import data.dspt.checks.terraform.deletion_protection

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

compliant_resources := [
	resource("aws_db_instance.records", {"engine": "postgres", "deletion_protection": true, "tags": patient}, {}),
	resource("aws_rds_cluster.analytics", {"engine": "aurora-postgresql", "deletion_protection": true}, {}),
	resource("aws_dynamodb_table.consent", {"name": "consent", "deletion_protection_enabled": true, "tags": patient}, {}),
	resource("aws_dynamodb_table.cache", {"name": "cache", "deletion_protection_enabled": false}, {}),
	resource("google_sql_database_instance.records", {"name": "records", "settings": [{"user_labels": patient}]}, {}),
	resource("google_sql_database_instance.reporting", {"name": "reporting", "deletion_protection": true}, {}),
]

test_protected_databases_pass if {
	input_doc := evidence([plan(compliant_resources)])
	count(deletion_protection.deny) == 0 with input as input_doc with data.dspt.params as params
	count(deletion_protection.warn) == 0 with input as input_doc with data.dspt.params as params
}

test_unprotected_patient_database_is_denied if {
	input_doc := evidence([plan([resource("aws_db_instance.main", {"engine": "mysql", "deletion_protection": false, "tags": patient}, {})])])
	count(deletion_protection.warn) == 0 with input as input_doc with data.dspt.params as params
	deny := deletion_protection.deny with input as input_doc with data.dspt.params as params
	deny == {{
		"msg": "aws_db_instance.main holds patient data but can be deleted: deletion_protection is false",
		"resource": "aws_db_instance.main",
		"file": "plan.json",
		"source": "terraform",
	}}
}

test_unprotected_other_database_warns if {
	input_doc := evidence([plan([resource("aws_rds_cluster.analytics", {"engine": "aurora-postgresql"}, {})])])
	count(deletion_protection.deny) == 0 with input as input_doc with data.dspt.params as params
	warn := deletion_protection.warn with input as input_doc with data.dspt.params as params
	warn == {{
		"msg": "aws_rds_cluster.analytics can be deleted: deletion_protection is not set (off by default)",
		"resource": "aws_rds_cluster.analytics",
		"file": "plan.json",
		"source": "terraform",
	}}
}

test_unprotected_patient_dynamodb_table_is_denied if {
	input_doc := evidence([plan([resource("aws_dynamodb_table.appointments", {"name": "appointments", "tags_all": patient}, {})])])
	deny := deletion_protection.deny with input as input_doc with data.dspt.params as params
	deny == {{
		"msg": "aws_dynamodb_table.appointments holds patient data but can be deleted: deletion_protection_enabled is not set (off by default)",
		"resource": "aws_dynamodb_table.appointments",
		"file": "plan.json",
		"source": "terraform",
	}}
}

test_cloud_sql_with_protection_turned_off_is_denied if {
	input_doc := evidence([plan([resource("google_sql_database_instance.reporting", {"name": "reporting", "deletion_protection": false}, {})])])
	deny := deletion_protection.deny with input as input_doc with data.dspt.params as params
	deny == {{
		"msg": "google_sql_database_instance.reporting can be deleted: deletion_protection is false",
		"resource": "google_sql_database_instance.reporting",
		"file": "plan.json",
		"source": "terraform",
	}}
}

test_unknown_protection_warns if {
	input_doc := evidence([plan([resource("aws_db_instance.main", {"engine": "postgres", "tags": patient}, {"deletion_protection": true})])])
	count(deletion_protection.deny) == 0 with input as input_doc with data.dspt.params as params
	warn := deletion_protection.warn with input as input_doc with data.dspt.params as params
	warn == {{
		"msg": "whether aws_db_instance.main is protected from deletion is known only after apply (deletion_protection is unknown in the plan)",
		"resource": "aws_db_instance.main",
		"file": "plan.json",
		"source": "terraform",
	}}
}

test_patient_data_tags_parameter_is_honoured if {
	override := {"terraform": {"allowed_regions": params.terraform.allowed_regions, "patient_data_tags": {"sensitivity": ["high"]}}}
	input_doc := evidence([plan([
		resource("aws_db_instance.main", {"deletion_protection": false, "tags": patient}, {}),
		resource("aws_db_instance.sensitive", {"deletion_protection": false, "tags": {"sensitivity": "high"}}, {}),
	])])
	deny := deletion_protection.deny with input as input_doc with data.dspt.params as override
	{finding.resource | some finding in deny} == {"aws_db_instance.sensitive"}
	warn := deletion_protection.warn with input as input_doc with data.dspt.params as override
	{finding.resource | some finding in warn} == {"aws_db_instance.main"}
}
