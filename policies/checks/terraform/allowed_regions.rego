# METADATA
# title: Cloud resources are placed only in allowed regions
# description: >-
#   Every AWS, Azure and Google Cloud resource in the Terraform plan is placed in one of the
#   allowed regions, so data stays where the organisation has agreed it may be held.
#   Every resource with a region is judged; resource_types lists the stores its tests exercise.
# custom:
#   id: TF-REG-001
#   severity: high
#   sources: [terraform]
#   judges: AWS, Azure and Google Cloud resources with a region or location
#   family: data-location
#   resource_types: [aws_cloudfront_distribution, aws_instance, aws_s3_bucket, azurerm_storage_account, google_sql_database_instance, google_storage_bucket]
package dspt.checks.terraform.allowed_regions

import rego.v1

plans := input.terraform.plans

allowed_regions := {region | some region in data.dspt.params.terraform.allowed_regions}

# Providers whose resources have a region; matched on the end of the provider name so that
# `registry.terraform.io/hashicorp/aws` and a mirror's `example.com/hashicorp/aws` both count.
regional_provider_suffixes := ["/hashicorp/aws", "/hashicorp/azurerm", "/hashicorp/google", "/hashicorp/google-beta"]

# How the engine found each region, for the message.
region_source_phrase := {
	"attribute": "set on the resource",
	"provider": "from its provider configuration",
}

# The distinct provider names in the plans that belong to a regional provider.
regional_providers contains name if {
	some name in {resource.provider | some plan in plans; some resource in plan.resources}
	some suffix in regional_provider_suffixes
	endswith(concat("", ["/", name]), suffix)
}

# Every resource of a regional provider, as [plan index, address, resource]. Rules are bound
# before the loops and each resource is read once: regorus resolves a rule reference, and a
# reference with two variables (`plans[index].resources[address]`), on every iteration.
regional_resources contains [index, address, resource] if {
	providers := regional_providers
	some index, plan in input.terraform.plans
	some address, resource in plan.resources
	resource.provider in providers
}

# [plan index, address] of every resource judged: placed in a known region, or one that has a
# region the plan does not show.
judged contains [index, address] if {
	some [index, address, resource] in regional_resources
	is_string(resource.region)
}

judged contains [index, address] if {
	some [index, address, resource] in regional_resources
	not is_string(resource.region)
	located(resource)
}

deny contains finding if {
	[allowed, phrases] := [allowed_regions, region_source_phrase]
	some [index, address, resource] in regional_resources
	is_string(resource.region)
	not resource.region in allowed
	finding := {
		"msg": sprintf(
			"%s is in region %s (%s), which is not an allowed region (allowed: %s)",
			[
				address, resource.region,
				object.get(phrases, object.get(resource, "region_source", ""), "source not recorded"),
				concat(", ", data.dspt.params.terraform.allowed_regions),
			],
		),
		"resource": address,
		"file": input.terraform.plans[index].file,
		"source": "terraform",
	}
}

# Every AWS resource has a region (its provider's); an Azure or Google resource has one only when
# it has a `location` or `region` attribute (a diagnostic setting or an IAM binding has none).
located(resource) if endswith(resource.provider, "/hashicorp/aws")

located(resource) if {
	some attribute in ["location", "region"]
	some values in [resource.values, resource.unknown]
	object.get(values, attribute, null) != null
}

warn contains finding if {
	some [index, address, resource] in regional_resources
	plan := input.terraform.plans[index]
	not is_string(resource.region)
	located(resource)
	finding := {
		"msg": sprintf("the region of %s cannot be determined from the plan", [address]),
		"resource": address,
		"file": plan.file,
		"source": "terraform",
	}
}
