# METADATA
# title: Container images are scanned for vulnerabilities when pushed
# description: >-
#   Every ECR repository scans images on push, itself or through a registry scanning configuration
#   whose rule (scan frequency SCAN_ON_PUSH or CONTINUOUS_SCAN) matches the repository; mutable
#   image tags warn, since a scanned tag can later point at an unscanned image. Google Artifact
#   Registry Docker repositories do not disable scanning, and warn unless the plan enables the
#   Container Scanning API; Azure container registries warn unless the plan turns on Defender for
#   Containers, which scans them.
# custom:
#   id: TF-VUL-001
#   severity: medium
#   sources: [terraform]
#   judges: container registries (ECR repositories, Artifact Registry Docker repositories, Azure container registries)
#   family: vulnerability-management
#   resource_types: [aws_ecr_repository, azurerm_container_registry, google_artifact_registry_repository]
package dspt.checks.terraform.container_scanning

import rego.v1

plans := input.terraform.plans

# Registry scanning rule frequencies that scan every pushed image (MANUAL does not).
scanning_frequencies := {"SCAN_ON_PUSH", "CONTINUOUS_SCAN"}

truthy(value) if value == true

truthy(value) if value == "true"

array_of(value) := value if is_array(value)

array_of(value) := [] if not is_array(value)

field(object, key) := object.get(object, key, null) if is_object(object)

field(object, _) := null if not is_object(object)

finding(index, address, msg) := {"msg": msg, "resource": address, "file": plans[index].file, "source": "terraform"}

# [plan index, address] of every registry judged.
judged contains [index, address] if {
	some index, plan in plans
	some address in plan.by_type.aws_ecr_repository
}

judged contains [index, address] if {
	some [index, address] in docker_repositories
}

judged contains [index, address] if {
	some index, plan in plans
	some address in plan.by_type.azurerm_container_registry
}

# ECR -------------------------------------------------------------------------------------

# [plan index, wildcard filter] of registry scanning rules that scan every pushed image.
registry_filters contains [index, filter] if {
	some index, plan in plans
	some address in plan.by_type.aws_ecr_registry_scanning_configuration
	some rule in array_of(field(plan.resources[address].values, "rule"))
	field(rule, "scan_frequency") in scanning_frequencies
	some repository_filter in array_of(field(rule, "repository_filter"))
	filter := field(repository_filter, "filter")
	is_string(filter)
}

# Plans whose registry scanning rules are known only after apply.
registry_unknown contains index if {
	some index, plan in plans
	some address in plan.by_type.aws_ecr_registry_scanning_configuration
	plan.resources[address].unknown.rule == true
}

registry_unknown contains index if {
	some index, plan in plans
	some address in plan.by_type.aws_ecr_registry_scanning_configuration
	some rule in array_of(plan.resources[address].unknown.rule)
	rule_unknown(rule)
}

rule_unknown(rule) if field(rule, "scan_frequency") == true

rule_unknown(rule) if field(rule, "repository_filter") == true

rule_unknown(rule) if {
	some repository_filter in array_of(field(rule, "repository_filter"))
	field(repository_filter, "filter") == true
}

# ECR wildcard filters allow only [a-z0-9._/-] and "*", which matches any characters.
wildcard_regex(filter) := concat("", ["^", replace(replace(filter, ".", "\\."), "*", ".*"), "$"])

repositories contains [index, address, name] if {
	some index, plan in plans
	some address in plan.by_type.aws_ecr_repository
	name := field(plan.resources[address].values, "name")
	is_string(name)
}

registry_scanned contains [index, address] if {
	some [index, address, name] in repositories
	some [i, filter] in registry_filters
	i == index
	regex.match(wildcard_regex(filter), name)
}

scans_on_push(resource) if {
	some configuration in array_of(field(resource.values, "image_scanning_configuration"))
	truthy(field(configuration, "scan_on_push"))
}

scan_on_push_unknown(resource) if resource.unknown.image_scanning_configuration == true

scan_on_push_unknown(resource) if {
	some configuration in array_of(resource.unknown.image_scanning_configuration)
	field(configuration, "scan_on_push") == true
}

deny contains finding(index, address, msg) if {
	some [index, address, name] in repositories
	resource := plans[index].resources[address]
	not scans_on_push(resource)
	not scan_on_push_unknown(resource)
	not [index, address] in registry_scanned
	not index in registry_unknown
	msg := sprintf(
		"%s (%s) does not scan images on push: image_scanning_configuration.scan_on_push is not true and no registry scanning rule with frequency %s matches it",
		[address, name, concat(" or ", sort(scanning_frequencies))],
	)
}

warn contains finding(index, address, msg) if {
	some [index, address, _] in repositories
	resource := plans[index].resources[address]
	not scans_on_push(resource)
	not [index, address] in registry_scanned
	scan_unknown(index, resource)
	msg := sprintf("whether %s scans images on push is known only after apply", [address])
}

scan_unknown(_, resource) if scan_on_push_unknown(resource)

scan_unknown(index, _) if index in registry_unknown

warn contains finding(index, address, msg) if {
	some index, plan in plans
	some address in plan.by_type.aws_ecr_repository
	mutability := field(plan.resources[address].values, "image_tag_mutability")
	is_string(mutability)
	startswith(upper(mutability), "MUTABLE")
	msg := sprintf("%s has mutable image tags (image_tag_mutability is %s): a scanned tag can be moved to an unscanned image", [address, mutability])
}

# Google Artifact Registry --------------------------------------------------------------------

docker_repositories contains [index, address] if {
	some index, plan in plans
	some address in plan.by_type.google_artifact_registry_repository
	format := field(plan.resources[address].values, "format")
	is_string(format)
	upper(format) == "DOCKER"
}

deny contains finding(index, address, msg) if {
	some [index, address] in docker_repositories
	some configuration in array_of(field(plans[index].resources[address].values, "vulnerability_scanning_config"))
	field(configuration, "enablement_config") == "DISABLED"
	msg := sprintf("%s turns vulnerability scanning off: vulnerability_scanning_config.enablement_config is DISABLED", [address])
}

container_scanning_api contains index if {
	some index, plan in plans
	some address in plan.by_type.google_project_service
	plan.resources[address].values.service == "containerscanning.googleapis.com"
}

warn contains finding(index, address, msg) if {
	some [index, address] in docker_repositories
	not index in container_scanning_api
	not scanning_disabled(plans[index].resources[address])
	msg := sprintf("%s is scanned only if the Container Scanning API is enabled for its project, which the plan does not show (google_project_service containerscanning.googleapis.com)", [address])
}

scanning_disabled(resource) if {
	some configuration in array_of(field(resource.values, "vulnerability_scanning_config"))
	field(configuration, "enablement_config") == "DISABLED"
}

# Azure Container Registry ----------------------------------------------------------------------

# Defender plans that scan container registries (Containers; ContainerRegistry is the retired plan).
defender_container_plans := {"Containers", "ContainerRegistry"}

defender_for_containers contains index if {
	some index, plan in plans
	some address in plan.by_type.azurerm_security_center_subscription_pricing
	values := plan.resources[address].values
	values.resource_type in defender_container_plans
	values.tier == "Standard"
}

warn contains finding(index, address, msg) if {
	some index, plan in plans
	some address in plan.by_type.azurerm_container_registry
	not index in defender_for_containers
	msg := sprintf("%s is scanned only if Defender for Containers is on for its subscription, which the plan does not show (azurerm_security_center_subscription_pricing Containers, Standard)", [address])
}
