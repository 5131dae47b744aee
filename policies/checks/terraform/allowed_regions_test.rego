package dspt.checks.terraform.allowed_regions_test

import rego.v1

import data.dspt.checks.terraform.allowed_regions
import data.dspt.testing.terraform as tf

# The parameters the check reads, as shipped in policies/params.yaml.
params := {"terraform": {
	"allowed_regions": ["eu-west-2", "uksouth", "ukwest", "europe-west2"],
	"patient_data_tags": {"data_classification": ["patient", "personal"]},
}}

# A resource being created with no planned values, of provider, in region (null: unresolved),
# taken from region_source.
resource(address, provider, region, region_source) := tf.resource_in(address, {}, {}, provider, region, region_source)

test_uk_regions_pass if {
	input_doc := tf.evidence_of([
		resource("aws_s3_bucket.records", tf.aws, "eu-west-2", "provider"),
		resource("azurerm_storage_account.records", tf.azurerm, "uksouth", "attribute"),
		resource("google_storage_bucket.records", tf.google, "europe-west2", "attribute"),
		resource("google_sql_database_instance.main", "registry.terraform.io/hashicorp/google-beta", "europe-west2", "provider"),
	])
	count(allowed_regions.deny) == 0 with input as input_doc with data.dspt.params as params
	count(allowed_regions.warn) == 0 with input as input_doc with data.dspt.params as params
}

test_resource_outside_allowed_regions_is_denied if {
	input_doc := tf.evidence_of([resource("aws_cloudfront_distribution.portal", tf.aws, "us-east-1", "provider")])
	deny := allowed_regions.deny with input as input_doc with data.dspt.params as params
	deny == {{
		"msg": "aws_cloudfront_distribution.portal is in region us-east-1 (from its provider configuration), which is not an allowed region (allowed: eu-west-2, uksouth, ukwest, europe-west2)",
		"resource": "aws_cloudfront_distribution.portal",
		"file": "plan.json",
		"source": "terraform",
	}}
}

test_azure_and_google_resources_are_checked if {
	input_doc := tf.evidence_of([
		resource("azurerm_storage_account.backup", tf.azurerm, "westeurope", "attribute"),
		resource("google_storage_bucket.backup", "registry.terraform.io/hashicorp/google-beta", "us-central1", "attribute"),
	])
	deny := allowed_regions.deny with input as input_doc with data.dspt.params as params
	{finding.resource | some finding in deny} == {"azurerm_storage_account.backup", "google_storage_bucket.backup"}
}

test_unresolved_region_warns if {
	input_doc := tf.evidence_of([resource("module.app.aws_instance.web", tf.aws, null, "unresolved")])
	count(allowed_regions.deny) == 0 with input as input_doc with data.dspt.params as params
	warn := allowed_regions.warn with input as input_doc with data.dspt.params as params
	warn == {{
		"msg": "the region of module.app.aws_instance.web cannot be determined from the plan",
		"resource": "module.app.aws_instance.web",
		"file": "plan.json",
		"source": "terraform",
	}}
}

test_azure_and_google_resources_without_a_location_are_not_judged if {
	setting := resource("azurerm_monitor_diagnostic_setting.activity", tf.azurerm, null, "unresolved")
	unknown_location := object.union(
		resource("azurerm_storage_account.logs", tf.azurerm, null, "unresolved"),
		{"unknown": {"location": true}},
	)
	input_doc := tf.evidence_of([setting, unknown_location])
	warn := allowed_regions.warn with input as input_doc with data.dspt.params as params
	{finding.resource | some finding in warn} == {"azurerm_storage_account.logs"}
}

test_other_providers_are_not_checked if {
	input_doc := tf.evidence_of([
		resource("random_password.db", "registry.terraform.io/hashicorp/random", null, "unresolved"),
		resource("github_repository.app", "registry.terraform.io/integrations/github", "us-east-1", "attribute"),
	])
	count(allowed_regions.deny) == 0 with input as input_doc with data.dspt.params as params
	count(allowed_regions.warn) == 0 with input as input_doc with data.dspt.params as params
}

test_allowed_regions_parameter_is_honoured if {
	input_doc := tf.evidence_of([resource("aws_s3_bucket.replica", tf.aws, "eu-west-1", "attribute")])
	count(allowed_regions.deny) == 1 with input as input_doc with data.dspt.params as params
	override := {"terraform": object.union(params.terraform, {"allowed_regions": ["eu-west-2", "eu-west-1"]})}
	count(allowed_regions.deny) == 0 with input as input_doc with data.dspt.params as override
}

# Every resource type the check declares in its METADATA, one resource each, with its outcome.
declared_type_cases := [
	["aws_cloudfront_distribution", tf.aws, "us-east-1", "provider", "deny"],
	["aws_instance", tf.aws, null, "unresolved", "warn"],
	["aws_s3_bucket", tf.aws, "eu-west-2", "provider", "pass"],
	["azurerm_storage_account", tf.azurerm, "uksouth", "attribute", "pass"],
	["google_sql_database_instance", tf.google, "europe-west2", "provider", "pass"],
	["google_storage_bucket", "registry.terraform.io/hashicorp/google-beta", "us-central1", "attribute", "deny"],
]

test_resources_without_a_region_of_their_own_are_not_judged if {
	input_doc := tf.evidence_of([
		resource("azurerm_monitor_diagnostic_setting.activity", tf.azurerm, null, "unresolved"),
		resource("random_password.db", "registry.terraform.io/hashicorp/random", null, "unresolved"),
		resource("aws_s3_bucket.records", tf.aws, "eu-west-2", "provider"),
	])
	judged := allowed_regions.judged with input as input_doc with data.dspt.params as params
	judged == {[0, "aws_s3_bucket.records"]}
}

test_every_declared_type_is_judged_with_its_outcome if {
	resources := [resource(tf.declared_address(c), c[1], c[2], c[3]) | some c in declared_type_cases]
	input_doc := tf.evidence_of(resources)
	deny := allowed_regions.deny with input as input_doc with data.dspt.params as params
	warn := allowed_regions.warn with input as input_doc with data.dspt.params as params
	judged := allowed_regions.judged with input as input_doc with data.dspt.params as params
	tf.judged_as_declared(declared_type_cases, 4, deny, warn, judged)
}
