# METADATA
# title: The information asset register is kept, owned and reviewed within the year
# description: >-
#   Every entry of the information asset register was reviewed within the review period before the
#   assessment date (365 days by default), names an owner (a role or a named person) and says
#   whether it holds personal or patient data. An entry's review is the later of its own review
#   date and the register's (sources.assets.reviewed_on in dspt.yaml); an entry with neither, or
#   with a review dated after the assessment date, fails. Whether the register is complete is for
#   the assessor (AST-TF-001 checks it against the Terraform plans). DSPT 7.1.1, 1.1.2 (partly);
#   CAF A3.a (partly).
# custom:
#   id: AST-REV-001
#   severity: medium
#   sources: [assets]
#   judges: asset register entries
package dspt.checks.assets.register_reviewed

import rego.v1

nanoseconds_per_day := 86400000000000

date_layout := "2006-01-02"

params := data.dspt.params.assets

as_of := input.assessment.as_of

# Reviews dated before this day are older than the review period (ISO dates order as strings).
oldest_allowed := time.format([time.parse_ns(date_layout, as_of) - (params.review_days * nanoseconds_per_day), "UTC", date_layout])

# Export file -> the day the register as a whole was last reviewed, where the config says.
register_review := {export.file: export.reviewed_on |
	some export in input.assets.exports
	is_string(export.reviewed_on)
}

# Record index -> the day its entry was last reviewed: the later of its own review date and its
# register's. No key when neither is known.
reviewed[index] := max(dates) if {
	register := register_review
	some index, record in input.assets.records
	dates := {date |
		some date in [object.get(record, "reviewed_on", null), object.get(register, record.file, null)]
		is_string(date)
	}
	count(dates) > 0
}

# Every entry is judged.
judged contains record.asset if {
	some record in input.assets.records
}

entry_finding(record, msg) := object.union(data.dspt.lib.records.location(record), {
	"msg": msg,
	"record": record.asset,
	"source": "assets",
})

has_text(value) if {
	is_string(value)
	trim_space(value) != ""
}

deny contains finding if {
	dates := reviewed
	some index, record in input.assets.records
	not dates[index]
	msg := sprintf(
		"asset register entry %s has no review date, and the register's review date is not known (fill the entry's review column, or set sources.assets.reviewed_on)",
		[record.asset],
	)
	finding := entry_finding(record, msg)
}

deny contains finding if {
	oldest := oldest_allowed
	some index, date in reviewed
	date < oldest
	record := input.assets.records[index]
	msg := sprintf(
		"asset register entry %s was last reviewed on %s, more than %d days before %s",
		[record.asset, date, params.review_days, as_of],
	)
	finding := entry_finding(record, msg)
}

deny contains finding if {
	today := as_of
	some index, date in reviewed
	date > today
	record := input.assets.records[index]
	msg := sprintf(
		"asset register entry %s has a review dated %s, after the assessment date %s",
		[record.asset, date, as_of],
	)
	finding := entry_finding(record, msg)
}

deny contains finding if {
	some record in input.assets.records
	not has_text(record.owner)
	not has_text(record.owner_name)
	msg := sprintf("asset register entry %s names no owner (neither an owning role nor a named owner)", [record.asset])
	finding := entry_finding(record, msg)
}

deny contains finding if {
	some record in input.assets.records
	not is_boolean(record.personal_data)
	not is_boolean(record.patient_data)
	msg := sprintf(
		"asset register entry %s does not say whether it holds personal or patient data (unknown is not none)",
		[record.asset],
	)
	finding := entry_finding(record, msg)
}
