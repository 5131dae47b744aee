# METADATA
# title: New starters complete induction training promptly
# description: >-
#   Staff who started within the lookback period completed induction training (which covers
#   data security) within the required number of days of their start date.
# custom:
#   id: HR-IND-001
#   severity: medium
#   sources: [hr]
#   judges: staff records of recent starters
package dspt.checks.hr.induction_training

import rego.v1

nanoseconds_per_day := 86400000000000

date_layout := "2006-01-02"

params := data.dspt.params.hr

course := params.induction_course

staff := input.hr.staff

as_of := input.assessment.as_of

as_of_ns := time.parse_ns(date_layout, as_of)

# The day before the lookback period opens.
lookback_start := time.format([as_of_ns - (params.induction_lookback_days * nanoseconds_per_day), "UTC", date_layout])

allowance_ns := params.induction_within_days * nanoseconds_per_day

# The course key is configured for at least one staff record (the HR column mapping has it).
course_mapped if {
	some person in staff
	course in object.keys(person.courses)
}

# Index -> induction deadline (YYYY-MM-DD), for active staff (the library's, a fact computed once a
# run) who started within the lookback period. Dates in the evidence document are ISO
# (YYYY-MM-DD), which order as strings, so each record is compared without parsing; only
# starters' dates are parsed. The rule values are bound before the loop (regorus resolves a rule
# reference on every iteration), and the rare condition comes first: a non-string start date
# orders before any string, or after every one and is dropped by is_string.
deadline[index] := time.format([time.parse_ns(date_layout, person.start_date) + allowance_ns, "UTC", date_layout]) if {
	[today, start, current] := [as_of, lookback_start, data.dspt.lib.hr.active]
	some index, person in input.hr.staff
	person.start_date > start
	is_string(person.start_date)
	person.start_date <= today
	index in current
}

# Every active starter within the lookback period is judged (due, or not yet due and warned about).
judged contains input.hr.staff[index].id if {
	some index, _ in deadline
}

due contains index if {
	some index, date in deadline
	date <= as_of
}

# Starters past their deadline with no induction by it, and why.
failure_reason[index] := sprintf("has no %s recorded", [course]) if {
	some index in due
	not is_string(staff[index].courses[course])
}

failure_reason[index] := reason if {
	some index in due
	inducted := staff[index].courses[course]
	is_string(inducted)
	inducted > deadline[index]
	reason := sprintf("completed %s on %s", [course, inducted])
}

deny contains finding if {
	course_mapped
	some index, reason in failure_reason
	person := staff[index]
	finding := {
		"msg": sprintf(
			"staff record %s started on %s and %s; it was due within %d days, by %s",
			[person.id, person.start_date, reason, params.induction_within_days, deadline[index]],
		),
		"record": person.id,
		"file": person.file,
		"line": person.line,
		"source": "hr",
	}
}

warn contains finding if {
	course_mapped
	some index, due_by in deadline
	due_by > as_of
	not is_string(staff[index].courses[course])
	person := staff[index]
	finding := {
		"msg": sprintf(
			"staff record %s started on %s and has no %s recorded yet; it is due by %s",
			[person.id, person.start_date, course, due_by],
		),
		"record": person.id,
		"file": person.file,
		"line": person.line,
		"source": "hr",
	}
}

skip := reason if {
	course_mapped
	count(deadline) == 0
	reason := sprintf("no active staff started within the %d days before %s", [params.induction_lookback_days, as_of])
}

error contains finding if {
	count(staff) > 0
	not course_mapped
	finding := {
		"msg": sprintf("induction course %s is not mapped to a column of the HR export (no staff record has it)", [course]),
		"source": "hr",
	}
}
