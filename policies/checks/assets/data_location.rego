# METADATA
# title: Personal and patient data in the asset register is held in allowed locations
# description: >-
#   Every asset register entry that holds personal or patient data says where the data is held,
#   and that place is one the organisation allows (data_location.allowed: UK names and UK cloud
#   regions by default), compared whole without regard to case. An entry that does not say fails.
#   Entries that hold neither are not judged. DSPT 10.2.4 (partly), 1.1.2 (partly); CAF B3.a
#   (partly).
# custom:
#   id: AST-LOC-001
#   severity: high
#   sources: [assets]
#   judges: asset register entries holding personal or patient data
package dspt.checks.assets.data_location

import rego.v1

# The allowed locations, trimmed and in lower case.
allowed := {lower(trim_space(place)) | some place in data.dspt.params.data_location.allowed}

# Record indexes of entries holding personal or patient data.
holding contains index if {
	some index, record in input.assets.records
	record.personal_data == true
}

holding contains index if {
	some index, record in input.assets.records
	record.patient_data == true
}

judged contains input.assets.records[index].asset if {
	some index in holding
}

# What the entry holds, for the message.
holds(record) := "patient data" if record.patient_data == true

holds(record) := "personal data" if not record.patient_data == true

has_text(value) if {
	is_string(value)
	trim_space(value) != ""
}

entry_finding(record, msg) := object.union(data.dspt.lib.records.location(record), {
	"msg": msg,
	"record": record.asset,
	"source": "assets",
})

deny contains finding if {
	some index in holding
	record := input.assets.records[index]
	not has_text(record.location)
	msg := sprintf("asset register entry %s holds %s and the register does not say where it is held", [record.asset, holds(record)])
	finding := entry_finding(record, msg)
}

deny contains finding if {
	places := allowed
	some index in holding
	record := input.assets.records[index]
	has_text(record.location)
	not lower(trim_space(record.location)) in places
	msg := sprintf(
		"asset register entry %s holds %s in %s, which is not an allowed location (data_location.allowed)",
		[record.asset, holds(record), record.location],
	)
	finding := entry_finding(record, msg)
}
