# Test support: the `terraform` section of the evidence document (docs/evidence-document.md,
# `terraform.plans[]`), as the engine writes it from plan files. Loaded by `dspt test` only.
package dspt.testing.terraform

import rego.v1

import data.dspt.testing

# Provider names as a plan records them.
aws := "registry.terraform.io/hashicorp/aws"

azurerm := "registry.terraform.io/hashicorp/azurerm"

google := "registry.terraform.io/hashicorp/google"

# Tags (labels) marking a store as holding patient data under the shipped `patient_data_tags`.
patient := {"data_classification": "patient"}

# Resources ------------------------------------------------------------------------------------

# A managed AWS resource being created in eu-west-2 (its region from the provider configuration),
# with its planned `values` and `unknown` (after_unknown). The type and name are the address's
# last two parts, so a `module.` prefix may be given; `module` stays "" (set it with
# object.union where a check reads it).
resource(address, values, unknown) := resource_in(address, values, unknown, aws, "eu-west-2", "provider")

# The same for an Azure resource in uksouth, its region from its own `location`.
azure_resource(address, values, unknown) := resource_in(address, values, unknown, azurerm, "uksouth", "attribute")

# The same for a Google Cloud resource in europe-west2, its region from its own attributes.
google_resource(address, values, unknown) := resource_in(address, values, unknown, google, "europe-west2", "attribute")

# A managed resource being created with any provider, resolved region (null when unresolved) and
# region_source (`attribute`, `provider` or `unresolved`).
resource_in(address, values, unknown, provider, region, region_source) := {
	"address": address,
	"module": "",
	"type": parts[count(parts) - 2],
	"name": parts[count(parts) - 1],
	"mode": "managed",
	"provider": provider,
	"actions": ["create"],
	"values": values,
	"unknown": unknown,
	"region": region,
	"region_source": region_source,
} if {
	parts := split(address, ".")
}

# A resource with the configuration the plan carries for it (`config`, by attribute name), its
# configuration address being its address (no module, no instance key).
configured(r, config) := object.union(r, {"config": config, "config_address": r.address})

# A resource with its configuration at another configuration address (an instance such as
# `aws_s3_bucket.b["a"]` of `aws_s3_bucket.b`): the name is the configuration address's, as in
# a plan.
configured_at(r, config_address, config) := object.union(r, {"config": config, "config_address": config_address, "name": parts[count(parts) - 1]}) if {
	parts := split(config_address, ".")
}

# A resource of the provider configuration `key` (`aws`, `aws.london`, `module.app:aws`) in
# `region`.
with_provider(r, key, region) := object.union(r, {"provider_key": key, "region": region})

# A `config` expression computed from the managed resource at config_address (of the given type),
# through its `id`, as the engine writes a reference.
ref(config_address, type) := ref_attribute(config_address, type, "id")

# The same through another attribute (`arn`, `name`, ...).
ref_attribute(config_address, type, attribute) := {
	"references": [sprintf("%s.%s", [config_address, attribute]), config_address],
	"resources": [{"address": config_address, "type": type}],
	"data": [],
}

# A `config` expression computed from a data source (`data.aws_kms_key.shared`) through its `arn`.
data_ref(address) := {
	"references": [sprintf("%s.arn", [address]), address],
	"resources": [],
	"data": [{"address": address, "type": split(address, ".")[1]}],
}

# Plans and evidence ---------------------------------------------------------------------------

# The plan of `resources` read from plan.json, with an AWS provider configured for eu-west-2.
plan(resources) := plan_in("plan.json", resources)

# The same plan read from another file.
plan_in(file, resources) := plan_with_providers(file, resources, {"aws": {"name": aws, "region": "eu-west-2"}})

# The same with other provider configurations (`{"azurerm": {"name": azurerm, "region": null}}`).
plan_with_providers(file, resources, providers) := {
	"file": file,
	"format_version": "1.2",
	"terraform_version": "1.9.5",
	"resources": {r.address: r | some r in resources},
	"by_type": {type: sort([r.address | some r in resources; r.type == type]) | some item in resources; type := item.type},
	"leaving": [],
	"providers": providers,
}

# `by_config_address` of resources that carry a `config_address` (see configured).
by_config_address(resources) := {ca: sort([r.address | some r in resources; r.config_address == ca]) |
	some item in resources
	ca := item.config_address
}

# plan(resources) with `by_config_address`, for resources tied by configuration references.
plan_with_config(resources) := object.union(plan(resources), {"by_config_address": by_config_address(resources)})

# An evidence document of these plans (in command-line order) and the standard assessment.
evidence(plans) := testing.evidence({"terraform": {"plans": plans}})

# An evidence document of one plan.json of `resources`.
evidence_of(resources) := evidence([plan(resources)])

# Declared resource types ----------------------------------------------------------------------
#
# Each Terraform check's test has a `declared_type_cases` table: one case per type in its METADATA
# `custom.resource_types`, as [type, values, unknown, outcome] with outcome "deny", "warn" or
# "pass" (the types must stay quoted in the check's own test file: an engine test looks for them).

# The address of a case's resource: `<type>.declared`.
declared_address(case) := concat(".", [case[0], "declared"])

# One resource (AWS builder) per case.
declared_resources(cases) := [resource(declared_address(c), c[1], c[2]) | some c in cases]

# The outcome of the resource at address, given the addresses denied and warned.
declared_outcome(address, denied, warned) := "deny" if {
	address in denied
} else := "warn" if {
	address in warned
} else := "pass"

# Whether a check's deny, warn and judged (evaluated on the cases' resources) give every case the
# outcome at `outcome_index` of the case and judge every case's resource.
judged_as_declared(cases, outcome_index, deny, warn, judged) if {
	denied := {f.resource | some f in deny}
	warned := {f.resource | some f in warn}
	judged_addresses := {j[1] | some j in judged; is_array(j)}
	outcomes := {[c[0], declared_outcome(declared_address(c), denied, warned)] | some c in cases}
	outcomes == {[c[0], c[outcome_index]] | some c in cases}
	every c in cases {
		declared_address(c) in judged_addresses
	}
}
