# METADATA
# title: A training needs analysis is kept and reviewed within the year
# description: >-
#   The organisation's training needs analysis (sources.hr.training_needs: which roles need which
#   data security courses, how often) says who approved it and was reviewed within the review
#   period before the assessment date (365 days by default). Whether the approver is senior
#   leadership, as the toolkit asks, is for the assessor. Without an analysis nothing is judged
#   and the item stays manual. DSPT 3.1.1 (IT suppliers).
# custom:
#   id: HR-TNA-001
#   severity: medium
#   sources: [hr]
#   judges: training needs analyses (sources.hr.training_needs)
package dspt.checks.hr.training_needs_reviewed

import rego.v1

nanoseconds_per_day := 86400000000000

date_layout := "2006-01-02"

params := data.dspt.params.hr

as_of := input.assessment.as_of

needs := input.hr.training_needs

# Reviews dated before this day are older than the review period (ISO dates order as strings).
oldest_allowed := time.format([time.parse_ns(date_layout, as_of) - (params.training_needs_review_days * nanoseconds_per_day), "UTC", date_layout])

# The analysis is judged when one was given.
judged contains needs.file if is_object(needs)

skip := "no training needs analysis was given (name it with sources.hr.training_needs in dspt.yaml); the item stays manual" if {
	is_object(input.hr)
	not is_object(needs)
}

finding(msg, pointer) := {"msg": msg, "file": needs.file, "pointer": pointer, "source": "hr"}

deny contains finding(msg, "/reviewed_on") if {
	is_object(needs)
	not is_string(needs.reviewed_on)
	msg := sprintf("the training needs analysis %s has no `reviewed_on` date, so its currency cannot be shown", [needs.file])
}

deny contains finding(msg, "/reviewed_on") if {
	reviewed := needs.reviewed_on
	is_string(reviewed)
	reviewed < oldest_allowed
	msg := sprintf(
		"the training needs analysis %s was last reviewed on %s, more than %d days before %s",
		[needs.file, reviewed, params.training_needs_review_days, as_of],
	)
}

deny contains finding(msg, "/reviewed_on") if {
	reviewed := needs.reviewed_on
	is_string(reviewed)
	reviewed > as_of
	msg := sprintf(
		"the training needs analysis %s has a review dated %s, after the assessment date %s",
		[needs.file, reviewed, as_of],
	)
}

deny contains finding(msg, "/approved_by") if {
	is_object(needs)
	not has_text(needs.approved_by)
	msg := sprintf("the training needs analysis %s does not say who approved it (`approved_by`)", [needs.file])
}

has_text(value) if {
	is_string(value)
	trim_space(value) != ""
}
