# METADATA
# title: Every Terraform resource holding patient data is in the asset register, with an owner
# description: >-
#   Every resource the Terraform plans tag as holding patient data (terraform.patient_data_tags)
#   has an entry in the information asset register, and that entry names an owner. A resource
#   finds its entry by address (an address in the entry's `address` column, several separated by
#   `;`) or by tag: the value of its tag or label named assets.register_tag ("asset" by default)
#   equals the entry's asset name or one of its addresses, without regard to case. A resource no
#   entry names fails; a plan with no patient data is not judged. DSPT 7.1.1, 1.1.2 (partly);
#   CAF A3.a, B3.a (partly).
# custom:
#   id: AST-TF-001
#   severity: high
#   sources: [assets, terraform]
#   judges: Terraform resources tagged as holding patient data
package dspt.checks.assets.patient_stores_registered

import rego.v1

has_text(value) if {
	is_string(value)
	trim_space(value) != ""
}

has_owner(record) if has_text(record.owner)

has_owner(record) if has_text(record.owner_name)

# The Terraform addresses an entry names: its `address` cell split on ";", trimmed.
addresses(record) := {address |
	is_string(record.address)
	some part in split(record.address, ";")
	address := trim_space(part)
	address != ""
}

# [key, record index] of every way a resource can name an entry: ["address", A] for an address
# the entry lists, and ["tag", V] (lower case) for its asset name or an address as the value of
# the register tag.
entry_keys contains [["address", address], index] if {
	some index, record in input.assets.records
	some address in addresses(record)
}

entry_keys contains [["tag", lower(address)], index] if {
	some index, record in input.assets.records
	some address in addresses(record)
}

entry_keys contains [["tag", lower(trim_space(record.asset))], index] if {
	some index, record in input.assets.records
	is_string(record.asset)
}

# Every key that names some entry.
registered_keys := {key | some [key, _] in entry_keys}

# [record index] of every entry that names no owner.
unowned_records contains index if {
	some index, record in input.assets.records
	not has_owner(record)
}

# The keys of entries that name no owner: each record is judged once, not once per key.
unowned_entry_keys contains [key, index] if {
	unowned_indexes := unowned_records
	some [key, index] in entry_keys
	index in unowned_indexes
}

# The values of the register tag (or label) on a resource, trimmed and in lower case, read from
# every tag and label map the patient-data tags are read from.
tag_values(resource, tag) := {lower(trim_space(value)) |
	some tags in data.dspt.lib.terraform.tag_maps(resource)
	value := tags[tag]
	is_string(value)
}

# [plan index, address] of every patient-data resource -> the keys that may name its entry.
resource_keys[[index, address]] := keys if {
	tag := data.dspt.params.assets.register_tag
	some [index, address] in data.dspt.lib.terraform.patient_resources
	resource := input.terraform.plans[index].resources[address]
	keys := {["address", address]} | {["tag", value] | some value in tag_values(resource, tag)}
}

# Every patient-data resource is judged (none in the plans: not applicable).
judged contains key if {
	some key in data.dspt.lib.terraform.patient_resources
}

# Resources no entry names. The register's keys are bound before the loop (regorus resolves a
# rule reference on every iteration), and only when there are patient-data resources: a plan
# without patient data does not pay for reading the register.
unregistered contains [index, address] if {
	stores := resource_keys
	count(stores) > 0
	registered := registered_keys
	some [index, address], keys in stores
	count(keys & registered) == 0
}

# [plan index, address, record index] of every entry without an owner that names a resource.
unowned contains [index, address, entry] if {
	stores := resource_keys
	count(stores) > 0
	unowned_keys := unowned_entry_keys
	some [index, address], keys in stores
	some [key, entry] in unowned_keys
	key in keys
}

deny contains finding if {
	tag := data.dspt.params.assets.register_tag
	some [index, address] in unregistered
	finding := {
		"msg": sprintf(
			"%s holds patient data but is not in the asset register: no entry lists its address, and no entry is named by its `%s` tag",
			[address, tag],
		),
		"resource": address,
		"file": input.terraform.plans[index].file,
		"source": "terraform",
	}
}

deny contains finding if {
	some [_, address, entry] in unowned
	record := input.assets.records[entry]
	msg := sprintf(
		"%s holds patient data and is registered as asset %s, but that entry names no owner (neither an owning role nor a named owner)",
		[address, record.asset],
	)
	finding := object.union(data.dspt.lib.records.location(record), {"msg": msg, "record": record.asset, "resource": address, "source": "assets"})
}
