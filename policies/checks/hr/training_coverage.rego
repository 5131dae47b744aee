# METADATA
# title: Staff have completed annual data security training
# description: >-
#   At least the required share of active staff (95% by default, as DSPT asks) completed the
#   data security awareness course within the training window before the assessment date.
#   The toolkit states this rule in 3.2.1, for companies: for an organisation type not in
#   hr.coverage_rule_types (IT suppliers, CAF organisations, or no type given) nothing is judged,
#   and training is judged against the training needs analysis instead (HR-TNA-002).
# custom:
#   id: HR-TRN-001
#   severity: high
#   sources: [hr]
#   judges: active staff records
package dspt.checks.hr.training_coverage

import rego.v1

nanoseconds_per_day := 86400000000000

date_layout := "2006-01-02"

params := data.dspt.params.hr

course := params.training_course

staff := input.hr.staff

as_of := input.assessment.as_of

as_of_ns := time.parse_ns(date_layout, as_of)

# The day before the window opens: completions after it and on or before as_of count.
window_start := time.format([as_of_ns - (params.training_window_days * nanoseconds_per_day), "UTC", date_layout])

# The flat coverage rule applies to the organisation's type.
rule_applies if input.assessment.organisation.type in params.coverage_rule_types

organisation_type := value if {
	value := input.assessment.organisation.type
	is_string(value)
} else := "not given (organisation.type in dspt.yaml)"

skip := reason if {
	is_object(input.hr)
	not rule_applies
	reason := sprintf(
		"the flat training coverage rule (DSPT 3.2.1) applies to organisation types %s; this organisation's type is %s, so its training is judged against its training needs analysis (HR-TNA-002)",
		[concat(", ", params.coverage_rule_types), organisation_type],
	)
}

# Dates in the evidence document are ISO (YYYY-MM-DD), which order as strings, so each record is
# compared without parsing. Sets hold indexes into staff. Active records are the library's (a
# missing start date counts as started: fail closed), a fact computed once a run.
#
# Rules over every record bind the rules they need (`today := as_of`) before the loop and read
# `input.hr.staff` directly: regorus resolves a rule reference on every iteration, which made
# this check take seconds over 20,000 records.
active := data.dspt.lib.hr.active if rule_applies else := set()

# Every active staff record is judged (counted in the coverage).
judged contains input.hr.staff[index].id if {
	some index in active
}

# The course key is configured for at least one staff record (the HR column mapping has it).
course_mapped if {
	key := course
	some person in input.hr.staff
	key in object.keys(person.courses)
}

trained contains index if {
	[key, today, start] := [course, as_of, window_start]
	some index in active
	person := input.hr.staff[index]
	completed := person.courses[key]
	is_string(completed)
	completed <= today
	completed > start
}

untrained := active - trained

# Why each untrained person does not count.
untrained_reason[index] := sprintf("has never completed %s training", [course]) if {
	key := course
	some index in untrained
	person := input.hr.staff[index]
	not is_string(person.courses[key])
}

untrained_reason[index] := reason if {
	[key, start] := [course, window_start]
	some index in untrained
	person := input.hr.staff[index]
	completed := person.courses[key]
	is_string(completed)
	completed <= start
	reason := sprintf(
		"last completed %s training on %s, outside the %d-day window before %s",
		[course, completed, params.training_window_days, as_of],
	)
}

untrained_reason[index] := reason if {
	[key, today] := [course, as_of]
	some index in untrained
	person := input.hr.staff[index]
	completed := person.courses[key]
	is_string(completed)
	completed > today
	reason := sprintf("has a %s training completion dated %s, after the assessment date %s", [course, completed, as_of])
}

# Coverage compared as a quotient: both sides are the nearest doubles to the same decimals,
# so a share exactly at the threshold is never judged below it.
below_threshold if {
	course_mapped
	count(active) > 0
	count(trained) / count(active) < params.training_threshold
}

# Coverage and threshold in tenths of a percent, printed as e.g. "80.0" (regorus's sprintf
# prints 80 for %.1f of a whole number). Coverage is rounded down, so a share below the
# threshold is never printed as equal to it.
coverage_tenths := floor((count(trained) * 1000) / count(active)) if count(active) > 0

threshold_tenths := round(params.training_threshold * 1000)

coverage_text := sprintf("%s.%s", [format_int(coverage_tenths / 10, 10), format_int(coverage_tenths % 10, 10)])

threshold_text := sprintf("%s.%s", [format_int(threshold_tenths / 10, 10), format_int(threshold_tenths % 10, 10)])

untrained_finding contains finding if {
	course_mapped
	reasons := untrained_reason
	some index in untrained
	person := input.hr.staff[index]
	finding := {
		"msg": sprintf("staff record %s %s", [person.id, reasons[index]]),
		"record": person.id,
		"file": person.file,
		"line": person.line,
		"source": "hr",
	}
}

deny contains finding if {
	below_threshold
	finding := {
		"msg": sprintf(
			"training coverage %s%% (%d of %d active staff) is below the required %s%% for %s training completed within %d days before %s",
			[coverage_text, count(trained), count(active), threshold_text, course, params.training_window_days, as_of],
		),
		"source": "hr",
	}
}

deny contains finding if {
	below_threshold
	some finding in untrained_finding
}

warn contains finding if {
	course_mapped
	count(active) > 0
	not below_threshold
	some finding in untrained_finding
}

error contains finding if {
	rule_applies
	is_array(staff)
	count(active) == 0
	finding := {"msg": sprintf("no active staff in the HR export on %s", [as_of]), "source": "hr"}
}

error contains finding if {
	rule_applies
	count(staff) > 0
	not course_mapped
	finding := {
		"msg": sprintf("training course %s is not mapped to a column of the HR export (no staff record has it)", [course]),
		"source": "hr",
	}
}
