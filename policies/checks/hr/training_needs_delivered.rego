# METADATA
# title: Staff hold the training their role needs, as the training needs analysis says
# description: >-
#   For every active staff record, the courses the training needs analysis sets for its role (the
#   first role pattern that matches decides) were completed within the course's `every_days`
#   before the assessment date. A record whose role needs no course is judged and passes. Without
#   a training needs analysis nothing is judged. DSPT 3.1.2 (IT suppliers); CAF B6.b.
# custom:
#   id: HR-TNA-002
#   severity: high
#   sources: [hr]
#   judges: active staff records (against a training needs analysis)
package dspt.checks.hr.training_needs_delivered

import rego.v1

nanoseconds_per_day := 86400000000000

date_layout := "2006-01-02"

as_of := input.assessment.as_of

as_of_ns := time.parse_ns(date_layout, as_of)

needs_file := input.hr.training_needs.file

# Every active staff record is judged when there is an analysis to judge it against.
judged contains input.hr.staff[index].id if {
	data.dspt.lib.hr.has_training_needs
	some index in data.dspt.lib.hr.active
}

skip := "no training needs analysis was given (name it with sources.hr.training_needs in dspt.yaml), so what each role needs is not known" if {
	is_object(input.hr)
	not data.dspt.lib.hr.has_training_needs
}

# Course keys the HR export has a column for (at least one record carries the key).
mapped_courses := {course |
	some person in input.hr.staff
	some course, _ in person.courses
}

# every_days -> the day before the period opens: a completion after it and on or before as_of
# counts. One date per distinct period, not per record.
period_start[days] := time.format([as_of_ns - (days * nanoseconds_per_day), "UTC", date_layout]) if {
	some [_, _, days, _] in data.dspt.lib.hr.needs
	is_number(days)
}

# [index, course, every_days, pattern] -> why the record does not hold the course.
failure_reason[[index, course, days, pattern]] := sprintf("has no %s completion on or before %s", [course, as_of]) if {
	mapped := mapped_courses
	some [index, course, days, pattern] in data.dspt.lib.hr.needs
	course in mapped
	not is_string(input.hr.staff[index].courses[course])
}

failure_reason[[index, course, days, pattern]] := sprintf("last completed %s on %s, more than %d days before %s", [course, completed, days, as_of]) if {
	starts := period_start
	some [index, course, days, pattern] in data.dspt.lib.hr.needs
	completed := input.hr.staff[index].courses[course]
	is_string(completed)
	completed <= starts[days]
}

failure_reason[[index, course, days, pattern]] := sprintf("has a %s completion dated %s, after the assessment date %s", [course, completed, as_of]) if {
	today := as_of
	some [index, course, days, pattern] in data.dspt.lib.hr.needs
	completed := input.hr.staff[index].courses[course]
	is_string(completed)
	completed > today
}

deny contains finding if {
	some [index, course, days, pattern], reason in failure_reason
	person := input.hr.staff[index]
	finding := {
		"msg": sprintf(
			"staff record %s %s; the training needs analysis requires %s every %d days for role pattern %q",
			[person.id, reason, course, days, pattern],
		),
		"record": person.id,
		"file": person.file,
		"line": person.line,
		"source": "hr",
	}
}

# A course the analysis requires that no record of the export can show (the engine refuses an
# analysis naming a course sources.hr.courses does not map; this guards organisation inputs).
error contains finding if {
	count(input.hr.staff) > 0
	mapped := mapped_courses
	some [_, course, _, _] in data.dspt.lib.hr.needs
	not course in mapped
	finding := {
		"msg": sprintf("course %s, which the training needs analysis requires, is not mapped to a column of the HR export (no staff record has it)", [course]),
		"file": needs_file,
		"source": "hr",
	}
}

error contains finding if {
	some position, entry in input.hr.training_needs.roles
	some need in entry.courses
	not valid_period(need.every_days)
	finding := {
		"msg": sprintf("the training needs analysis gives course %v of role pattern %v no whole number of days (`every_days`) above zero", [need.course, entry.role]),
		"file": needs_file,
		"pointer": sprintf("/roles/%d", [position]),
		"source": "hr",
	}
}

valid_period(days) if {
	is_number(days)
	days > 0
	days == floor(days)
}
