# METADATA
# title: An incident log is kept and its export covers the assessment year
# description: >-
#   The incident log was given, and each export of it was taken within the allowed age before the
#   assessment date (and not after it), so the log speaks for the assessment year. A log with a
#   header and no rows is a quiet year, not a failure; an export whose date the config does not
#   give fails, because its currency cannot be known.
#   DSPT 6.1.1 (partly); CAF D1.a (partly).
# custom:
#   id: INC-LOG-001
#   severity: medium
#   sources: [incidents]
#   judges: incident log exports
package dspt.checks.incidents.log_current

import rego.v1

nanoseconds_per_day := 86400000000000

date_layout := "2006-01-02"

params := data.dspt.params.incidents

as_of := input.assessment.as_of

# Exports dated before this day are older than the allowed age (ISO dates order as strings).
oldest_allowed := time.format([time.parse_ns(date_layout, as_of) - (params.log_max_age_days * nanoseconds_per_day), "UTC", date_layout])

# Every export file is judged, with or without rows.
judged contains export.file if {
	some export in input.incidents.exports
}

export_finding(export, msg) := {"msg": msg, "record": export.file, "file": export.file, "source": "incidents"}

deny contains finding if {
	some export in input.incidents.exports
	not is_string(export.exported_on)
	msg := sprintf(
		"the config does not say when the incident log %s was exported: set sources.incidents.exported_on",
		[export.file],
	)
	finding := export_finding(export, msg)
}

deny contains finding if {
	oldest := oldest_allowed
	some export in input.incidents.exports
	is_string(export.exported_on)
	export.exported_on < oldest
	msg := sprintf(
		"the incident log %s was exported on %s, more than %d days before %s: it does not cover the assessment year",
		[export.file, export.exported_on, params.log_max_age_days, as_of],
	)
	finding := export_finding(export, msg)
}

deny contains finding if {
	today := as_of
	some export in input.incidents.exports
	is_string(export.exported_on)
	export.exported_on > today
	msg := sprintf(
		"the incident log %s is said to be exported on %s, after the assessment date %s",
		[export.file, export.exported_on, today],
	)
	finding := export_finding(export, msg)
}
