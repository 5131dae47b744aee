package dspt.checks.terraform.container_scanning_test

import rego.v1

import data.dspt.checks.terraform.container_scanning

# The check reads no parameters.
params := {"terraform": {}}

resource(address, values, unknown) := {
	"address": address,
	"module": "",
	"type": split(address, ".")[0],
	"name": split(address, ".")[1],
	"mode": "managed",
	"provider": "registry.terraform.io/hashicorp/aws",
	"actions": ["create"],
	"values": values,
	"unknown": unknown,
	"region": "eu-west-2",
	"region_source": "provider",
}

plan(resources) := {
	"file": "plans/platform.json",
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

deny_of(resources) := result if {
	result := container_scanning.deny with input as evidence([plan(resources)]) with data.dspt.params as params
}

warn_of(resources) := result if {
	result := container_scanning.warn with input as evidence([plan(resources)]) with data.dspt.params as params
}

denied(resources) := {finding.resource | some finding in deny_of(resources)}

warned(resources) := {finding.resource | some finding in warn_of(resources)}

repository(address, name, scan_on_push, mutability) := resource(
	address,
	{"name": name, "image_tag_mutability": mutability, "image_scanning_configuration": [{"scan_on_push": scan_on_push}], "force_delete": null},
	{"arn": true, "id": true, "registry_id": true, "repository_url": true, "image_scanning_configuration": [{}]},
)

registry_scanning(scan_type, frequency, filter) := resource(
	"aws_ecr_registry_scanning_configuration.this",
	{"scan_type": scan_type, "rule": [{"scan_frequency": frequency, "repository_filter": [{"filter": filter, "filter_type": "WILDCARD"}]}]},
	{"id": true, "registry_id": true},
)

test_scanned_immutable_repositories_pass if {
	resources := [
		repository("aws_ecr_repository.api", "records/api", true, "IMMUTABLE"),
		resource("google_artifact_registry_repository.images", {"format": "DOCKER", "vulnerability_scanning_config": [{"enablement_config": "INHERITED"}]}, {}),
		resource("google_project_service.scanning", {"service": "containerscanning.googleapis.com"}, {}),
		resource("azurerm_container_registry.images", {"name": "acmeimages"}, {}),
		resource("azurerm_security_center_subscription_pricing.containers", {"resource_type": "Containers", "tier": "Standard"}, {}),
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
	denied([resource("aws_ecr_repository.bare", {"name": "bare", "image_tag_mutability": "IMMUTABLE", "image_scanning_configuration": []}, {})]) == {"aws_ecr_repository.bare"}
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
	deny := container_scanning.deny with input as evidence([
		plan([registry_scanning("ENHANCED", "CONTINUOUS_SCAN", "*")]),
		plan([repository("aws_ecr_repository.api", "records/api", false, "IMMUTABLE")]),
	])
		with data.dspt.params as params
	count(deny) == 1
}

test_unknown_scanning_warns if {
	repo := resource("aws_ecr_repository.api", {"name": "records/api", "image_tag_mutability": "IMMUTABLE"}, {"image_scanning_configuration": [{"scan_on_push": true}]})
	count(deny_of([repo])) == 0
	warned([repo]) == {"aws_ecr_repository.api"}

	unknown_rule := resource("aws_ecr_registry_scanning_configuration.this", {"scan_type": "ENHANCED", "rule": [{"scan_frequency": "CONTINUOUS_SCAN", "repository_filter": [{"filter_type": "WILDCARD"}]}]}, {"rule": [{"repository_filter": [{"filter": true}]}]})
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
		resource("google_artifact_registry_repository.images", {"format": "DOCKER", "vulnerability_scanning_config": [{"enablement_config": "DISABLED"}]}, {}),
		resource("google_project_service.scanning", {"service": "containerscanning.googleapis.com"}, {}),
	]
	denied(resources) == {"google_artifact_registry_repository.images"}
	count(warn_of(resources)) == 0
}

test_artifact_registry_without_scanning_api_warns if {
	resources := [
		resource("google_artifact_registry_repository.images", {"format": "DOCKER"}, {}),
		resource("google_artifact_registry_repository.packages", {"format": "PYTHON"}, {}),
	]
	count(deny_of(resources)) == 0
	warned(resources) == {"google_artifact_registry_repository.images"}
}

test_azure_registry_without_defender_warns if {
	resources := [
		resource("azurerm_container_registry.images", {"name": "acmeimages"}, {}),
		resource("azurerm_security_center_subscription_pricing.vms", {"resource_type": "VirtualMachines", "tier": "Standard"}, {}),
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
	input_doc := evidence([plan([
		resource("aws_ecr_repository.app", {"name": "app", "image_tag_mutability": "IMMUTABLE", "image_scanning_configuration": [{"scan_on_push": true}]}, {}),
		resource("google_artifact_registry_repository.packages", {"format": "NPM"}, {}),
		resource("google_project_service.scanning", {"service": "containerscanning.googleapis.com"}, {}),
	])])
	judged := container_scanning.judged with input as input_doc with data.dspt.params as params
	judged == {[0, "aws_ecr_repository.app"]}
}

declared_address(case) := concat(".", [case[0], "declared"])

declared_outcome(address, denied, warned) := "deny" if {
	address in denied
} else := "warn" if {
	address in warned
} else := "pass"

test_every_declared_type_is_judged_with_its_outcome if {
	resources := [resource(declared_address(c), c[1], c[2]) | some c in declared_type_cases]
	input_doc := evidence([plan(resources)])
	deny := container_scanning.deny with input as input_doc with data.dspt.params as params
	warn := container_scanning.warn with input as input_doc with data.dspt.params as params
	judged := container_scanning.judged with input as input_doc with data.dspt.params as params
	denied := {f.resource | some f in deny}
	warned := {f.resource | some f in warn}
	judged_addresses := {j[1] | some j in judged}
	outcomes := {[c[0], declared_outcome(declared_address(c), denied, warned)] | some c in declared_type_cases}
	outcomes == {[c[0], c[3]] | some c in declared_type_cases}
	every c in declared_type_cases {
		declared_address(c) in judged_addresses
	}
}
