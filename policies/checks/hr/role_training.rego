# METADATA
# title: Staff in specialist data security roles have role-specific training
# description: >-
#   Active staff whose role matches one of the specialist roles (SIRO, DPO, Caldicott Guardian,
#   information governance lead, system administrator, security engineer, ...) completed the
#   role training course within the training window before the assessment date. When a training
#   needs analysis is given, the specialist roles are those it sets the role training course
#   for (the first role pattern matching a role decides) instead of the hr.specialist_roles list.
#   DSPT assertion 3.3 (mandated for IT-supplier audit).
# custom:
#   id: HR-ROL-001
#   severity: high
#   sources: [hr]
#   judges: active staff records in specialist roles
package dspt.checks.hr.role_training

import rego.v1

nanoseconds_per_day := 86400000000000

date_layout := "2006-01-02"

params := data.dspt.params.hr

course := params.role_course

staff := input.hr.staff

as_of := input.assessment.as_of

as_of_ns := time.parse_ns(date_layout, as_of)

# The day before the window opens: completions after it and on or before as_of count.
window_start := time.format([as_of_ns - (params.role_training_window_days * nanoseconds_per_day), "UTC", date_layout])

# Active staff, as HR-TRN-001 defines them: not starting after as_of and not left on or
# before it (a missing start date counts as started, failing closed). ISO dates order as strings.
active(person) if {
	not starts_later(person)
	not has_left(person)
}

starts_later(person) if {
	is_string(person.start_date)
	person.start_date > as_of
}

has_left(person) if {
	is_string(person.leave_date)
	person.leave_date <= as_of
}

# Active staff whose role matches a specialist role pattern, compared case-insensitively.
# Every role pattern as one alternation, so a role is matched once, not once per pattern (20,000
# staff against ten patterns took seconds).
any_specialist_role := concat("", ["(?i)(?:", concat(")|(?:", params.specialist_roles), ")"])

# The distinct roles of the export that match: each role is matched once, not once per record.
specialist_roles contains role if {
	pattern := any_specialist_role
	some role in {person.role | some person in input.hr.staff; is_string(person.role)}
	regex.match(pattern, role)
}

specialists contains index if {
	not data.dspt.lib.hr.has_training_needs
	count(params.specialist_roles) > 0
	roles := specialist_roles
	some index, person in input.hr.staff
	person.role in roles
	active(person)
}

# With a training needs analysis: active staff whose role's entry lists the role course.
specialists contains index if {
	data.dspt.lib.hr.has_training_needs
	listing := data.dspt.lib.hr.entries_listing(course)
	some index, position in data.dspt.lib.hr.entry_of_active
	position in listing
}

# Whether any active record is a specialist. `skip` is evaluated on its own, before deny and
# judged: this stops at the first specialist instead of finding them all twice.
has_specialist if {
	not data.dspt.lib.hr.has_training_needs
	count(params.specialist_roles) > 0
	roles := specialist_roles
	some person in input.hr.staff
	person.role in roles
	active(person)
}

has_specialist if {
	data.dspt.lib.hr.has_training_needs
	count(specialists) > 0
}

# The course key is configured for at least one staff record (the HR column mapping has it).
course_mapped if {
	some person in staff
	course in object.keys(person.courses)
}

# Every active specialist is judged.
judged contains input.hr.staff[index].id if {
	some index in specialists
}

# Rule values are bound before the loops, and each record before its course (regorus resolves a
# rule reference on every iteration, and a reference with two variables slowly).
trained contains index if {
	[key, today, start] := [course, as_of, window_start]
	some index in specialists
	person := input.hr.staff[index]
	completed := person.courses[key]
	is_string(completed)
	completed <= today
	completed > start
}

failure_reason[index] := sprintf("has never completed %s", [course]) if {
	key := course
	some index in specialists
	person := input.hr.staff[index]
	not is_string(person.courses[key])
}

failure_reason[index] := reason if {
	[key, start] := [course, window_start]
	some index in specialists
	person := input.hr.staff[index]
	completed := person.courses[key]
	is_string(completed)
	completed <= start
	reason := sprintf(
		"last completed %s on %s, outside the %d-day window before %s",
		[course, completed, params.role_training_window_days, as_of],
	)
}

failure_reason[index] := reason if {
	[key, today] := [course, as_of]
	some index in specialists
	person := input.hr.staff[index]
	completed := person.courses[key]
	is_string(completed)
	completed > today
	reason := sprintf("has a %s completion dated %s, after the assessment date %s", [course, completed, as_of])
}

deny contains finding if {
	course_mapped
	some index, reason in failure_reason
	person := staff[index]
	finding := {
		"msg": sprintf("staff record %s in specialist role %q %s", [person.id, person.role, reason]),
		"record": person.id,
		"file": person.file,
		"line": person.line,
		"source": "hr",
	}
}

# Whether any record has a role at all (the role column is mapped and filled).
roles_known if {
	some person in staff
	is_string(person.role)
}

skip := reason if {
	roles_known
	not has_specialist
	not data.dspt.lib.hr.has_training_needs
	reason := sprintf("no active staff record has a role matching the specialist roles on %s", [as_of])
}

skip := reason if {
	roles_known
	not has_specialist
	data.dspt.lib.hr.has_training_needs
	reason := sprintf("no active staff record has a role for which the training needs analysis sets %s on %s", [course, as_of])
}

skip := "no staff record has a role (map sources.hr.columns.role), so specialist roles cannot be found" if {
	not roles_known
}

error contains finding if {
	count(specialists) > 0
	not course_mapped
	finding := {
		"msg": sprintf("role training course %s is not mapped to a column of the HR export (no staff record has it)", [course]),
		"source": "hr",
	}
}
