# METADATA
# title: HR helpers shared by the training checks
# description: >-
#   Which staff records are active on the assessment date (as HR-TRN-001 has always decided it:
#   not starting after the date and not left on or before it, a missing start date counting as
#   started), and what the organisation's training needs analysis (`input.hr.training_needs`)
#   asks of each record's role: the first role pattern (a glob, matched without regard to case and
#   with no separator characters) that matches the role decides, and a record with no role is
#   matched as the empty role (so only a catch-all `*` pattern reaches it).
package dspt.lib.hr

import rego.v1

as_of := input.assessment.as_of

# Dates in the evidence document are ISO (YYYY-MM-DD), which order as strings. Sets hold indexes
# into input.hr.staff. Rules over every record bind what they need before the loop and read
# `input` directly (regorus resolves a rule reference on every iteration).
not_yet_started contains index if {
	today := as_of
	some index, person in input.hr.staff
	is_string(person.start_date)
	person.start_date > today
}

left contains index if {
	today := as_of
	some index, person in input.hr.staff
	is_string(person.leave_date)
	person.leave_date <= today
}

# Indexes of the active records. A shared fact (see lib/facts.rego): computed once a run by the
# engine, here where the input does not carry it (tests).
active := fact if {
	fact := input.shared_facts["hr.active"]
} else := active_computed

active_computed contains index if {
	[starting, gone] := [not_yet_started, left]
	some index, _ in input.hr.staff
	not index in starting
	not index in gone
}

# Training needs analysis ------------------------------------------------------------------------

# A training needs analysis was given.
has_training_needs if is_object(input.hr.training_needs)

# The role of a record as matched against the analysis: lower case, "" when there is none.
role_key(role) := lower(role) if is_string(role)

role_key(role) := "" if not is_string(role)

# Every distinct role key of the staff records, so each role is matched once, not once per record.
role_keys := {role_key(person.role) | some person in input.hr.staff}

# Lower-cased role patterns of the analysis, in file order.
patterns := [lower(entry.role) | some entry in input.hr.training_needs.roles; is_string(entry.role)]

# Role key -> position in training_needs.roles of the first pattern matching it (no entry when
# no pattern matches: the role needs no course).
entry_of[role] := position if {
	globs := patterns
	some role in role_keys
	matching := {i | some i, pattern in globs; glob.match(pattern, null, role)}
	count(matching) > 0
	position := min(matching)
}

# Active record index -> position of the analysis entry that decides what it needs.
entry_of_active[index] := position if {
	has_training_needs
	entries := entry_of
	some index in active
	position := entries[role_key(input.hr.staff[index].role)]
}

# [index, course, every_days, role pattern] of every course an active record's role needs.
needs contains [index, need.course, need.every_days, entry.role] if {
	entries := entry_of_active
	some index, position in entries
	entry := input.hr.training_needs.roles[position]
	some need in entry.courses
}

# Positions of the analysis entries that list the course.
entries_listing(course) := {position |
	some position, entry in input.hr.training_needs.roles
	some need in entry.courses
	need.course == course
}
