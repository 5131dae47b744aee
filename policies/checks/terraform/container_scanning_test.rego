package dspt.checks.terraform.container_scanning_test

import rego.v1

import data.dspt.checks.terraform.container_scanning
import data.dspt.testing.terraform as tf

# The check reads no parameters.
params := {"terraform": {}}

# The plan of resources, read from plans/platform.json (the file the findings name).
plan(resources) := tf.plan_in("plans/platform.json", resources)

deny_of(resources) := result if {
	result := container_scanning.deny with input as tf.evidence([plan(resources)]) with data.dspt.params as params
}

warn_of(resources) := result if {
	result := container_scanning.warn with input as tf.evidence([plan(resources)]) with data.dspt.params as params
}

denied(resources) := {finding.resource | some finding in deny_of(resources)}

warned(resources) := {finding.resource | some finding in warn_of(resources)}

repository(address, name, scan_on_push, mutability) := tf.resource(
	address,
	{"name": name, "image_tag_mutability": mutability, "image_scanning_configuration": [{"scan_on_push": scan_on_push}], "force_delete": null},
	{"arn": true, "id": true, "registry_id": true, "repository_url": true, "image_scanning_configuration": [{}]},
)

registry_scanning(scan_type, frequency, filter) := tf.resource(
	"aws_ecr_registry_scanning_configuration.this",
	{"scan_type": scan_type, "rule": [{"scan_frequency": frequency, "repository_filter": [{"filter": filter, "filter_type": "WILDCARD"}]}]},
	{"id": true, "registry_id": true},
)

test_scanned_immutable_repositories_pass if {
	resources := [
		repository("aws_ecr_repository.api", "records/api", true, "IMMUTABLE"),
		tf.resource("google_artifact_registry_repository.images", {"format": "DOCKER", "vulnerability_scanning_config": [{"enablement_config": "INHERITED"}]}, {}),
		tf.resource("google_project_service.scanning", {"service": "containerscanning.googleapis.com"}, {}),
		tf.resource("azurerm_container_registry.images", {"name": "acmeimages"}, {}),
		tf.resource("azurerm_security_center_subscription_pricing.containers", {"resource_type": "Containers", "tier": "Standard"}, {}),
	]
	count(deny_of(resources)) == 0
	count(warn_of(resources)) == 0
}

test_repository_without_scan_on_push_is_denied if {
	deny_of([repository("aws_ecr_repository.api", "records/api", false, "IMMUTABLE")]) == {{
		"msg": "aws_ecr_repository.api (records/api) does not scan images on push: image_scanning_configuration.scan_on_push is not true and no registry scanning rule with frequency CONTINUOUS_SCAN or SCAN_ON_PUSH matches it",
		"resource": "aws_ecr_repository.api",
		"file": "plans/platform.json",
		"source": "terraform",
	}}
	denied([tf.resource("aws_ecr_repository.bare", {"name": "bare", "image_tag_mutability": "IMMUTABLE", "image_scanning_configuration": []}, {})]) == {"aws_ecr_repository.bare"}
}

test_registry_scanning_rule_covers_matching_repositories if {
	resources := [
		repository("aws_ecr_repository.api", "records.api/web", false, "IMMUTABLE"),
		repository("aws_ecr_repository.tools", "tools/ci", false, "IMMUTABLE"),
		registry_scanning("ENHANCED", "CONTINUOUS_SCAN", "records.*"),
	]
	denied(resources) == {"aws_ecr_repository.tools"}
	count(deny_of([repository("aws_ecr_repository.api", "records/api", false, "IMMUTABLE"), registry_scanning("BASIC", "SCAN_ON_PUSH", "*")])) == 0
}

test_manual_registry_rule_does_not_cover if {
	resources := [repository("aws_ecr_repository.api", "records/api", false, "IMMUTABLE"), registry_scanning("BASIC", "MANUAL", "*")]
	denied(resources) == {"aws_ecr_repository.api"}
}

test_registry_rule_in_another_plan_does_not_cover if {
	deny := container_scanning.deny with input as tf.evidence([
		plan([registry_scanning("ENHANCED", "CONTINUOUS_SCAN", "*")]),
		plan([repository("aws_ecr_repository.api", "records/api", false, "IMMUTABLE")]),
	])
		with data.dspt.params as params
	count(deny) == 1
}

test_unknown_scanning_warns if {
	repo := tf.resource("aws_ecr_repository.api", {"name": "records/api", "image_tag_mutability": "IMMUTABLE"}, {"image_scanning_configuration": [{"scan_on_push": true}]})
	count(deny_of([repo])) == 0
	warned([repo]) == {"aws_ecr_repository.api"}

	unknown_rule := tf.resource("aws_ecr_registry_scanning_configuration.this", {"scan_type": "ENHANCED", "rule": [{"scan_frequency": "CONTINUOUS_SCAN", "repository_filter": [{"filter_type": "WILDCARD"}]}]}, {"rule": [{"repository_filter": [{"filter": true}]}]})
	resources := [repository("aws_ecr_repository.tools", "tools", false, "IMMUTABLE"), unknown_rule]
	count(deny_of(resources)) == 0
	warned(resources) == {"aws_ecr_repository.tools"}
}

test_mutable_tags_warn if {
	resources := [repository("aws_ecr_repository.api", "records/api", true, "MUTABLE")]
	count(deny_of(resources)) == 0
	warn_of(resources) == {{
		"msg": "aws_ecr_repository.api has mutable image tags (image_tag_mutability is MUTABLE): a scanned tag can be moved to an unscanned image",
		"resource": "aws_ecr_repository.api",
		"file": "plans/platform.json",
		"source": "terraform",
	}}
}

test_artifact_registry_with_scanning_disabled_is_denied if {
	resources := [
		tf.resource("google_artifact_registry_repository.images", {"format": "DOCKER", "vulnerability_scanning_config": [{"enablement_config": "DISABLED"}]}, {}),
		tf.resource("google_project_service.scanning", {"service": "containerscanning.googleapis.com"}, {}),
	]
	denied(resources) == {"google_artifact_registry_repository.images"}
	count(warn_of(resources)) == 0
}

test_artifact_registry_without_scanning_api_warns if {
	resources := [
		tf.resource("google_artifact_registry_repository.images", {"format": "DOCKER"}, {}),
		tf.resource("google_artifact_registry_repository.packages", {"format": "PYTHON"}, {}),
	]
	count(deny_of(resources)) == 0
	warned(resources) == {"google_artifact_registry_repository.images"}
}

test_azure_registry_without_defender_warns if {
	resources := [
		tf.resource("azurerm_container_registry.images", {"name": "acmeimages"}, {}),
		tf.resource("azurerm_security_center_subscription_pricing.vms", {"resource_type": "VirtualMachines", "tier": "Standard"}, {}),
	]
	count(deny_of(resources)) == 0
	warned(resources) == {"azurerm_container_registry.images"}
}

# Every resource type the check declares in its METADATA, one resource each, with its outcome.
declared_type_cases := [
	["aws_ecr_repository", {"name": "declared", "image_tag_mutability": "IMMUTABLE", "image_scanning_configuration": [{"scan_on_push": true}]}, {}, "pass"],
	["azurerm_container_registry", {"name": "declared", "sku": "Premium"}, {}, "warn"],
	["google_artifact_registry_repository", {"format": "DOCKER", "vulnerability_scanning_config": [{"enablement_config": "DISABLED"}]}, {}, "deny"],
]

test_only_registries_are_judged if {
	input_doc := tf.evidence([plan([
		tf.resource("aws_ecr_repository.app", {"name": "app", "image_tag_mutability": "IMMUTABLE", "image_scanning_configuration": [{"scan_on_push": true}]}, {}),
		tf.resource("google_artifact_registry_repository.packages", {"format": "NPM"}, {}),
		tf.resource("google_project_service.scanning", {"service": "containerscanning.googleapis.com"}, {}),
	])])
	judged := container_scanning.judged with input as input_doc with data.dspt.params as params
	judged == {[0, "aws_ecr_repository.app"]}
}

test_every_declared_type_is_judged_with_its_outcome if {
	resources := tf.declared_resources(declared_type_cases)
	input_doc := tf.evidence([plan(resources)])
	deny := container_scanning.deny with input as input_doc with data.dspt.params as params
	warn := container_scanning.warn with input as input_doc with data.dspt.params as params
	judged := container_scanning.judged with input as input_doc with data.dspt.params as params
	tf.judged_as_declared(declared_type_cases, 3, deny, warn, judged)
}
