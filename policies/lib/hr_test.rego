package dspt.lib.hr_test

import rego.v1

import data.dspt.testing.hr

# An active staff record (hr.person) in this role with these dates, trained in data security
# but not in role training.
person(number, role, start_date, leave_date) := hr.person(number, {
	"role": role,
	"start_date": start_date,
	"leave_date": leave_date,
	"courses": {"data_security": "2026-03-12", "role_training": null},
})

needs := hr.training_needs([
	{"role": "*IG Lead*", "courses": [{"course": "data_security", "every_days": 365}, {"course": "role_training", "every_days": 365}]},
	{"role": "Developer", "courses": [{"course": "data_security", "every_days": 730}]},
	{"role": "Dr. *", "courses": [{"course": "clinical", "every_days": 365}]},
	{"role": "*", "courses": [{"course": "data_security", "every_days": 365}]},
	{"role": "Developer", "courses": []},
])

test_active_staff_exclude_leavers_and_future_starters if {
	staff := [
		person(1, "Developer", "2020-01-06", null),
		person(2, "Developer", "2020-01-06", "2026-06-30"),
		person(3, "Developer", "2026-07-01", null),
		person(4, "Developer", null, "2026-07-31"),
	]
	data.dspt.lib.hr.active == {0, 3} with input as hr.evidence(staff)
}

test_the_first_matching_pattern_decides_case_insensitively if {
	staff := [
		person(1, "Office Manager and ig lead", "2020-01-06", null),
		person(2, "DEVELOPER", "2020-01-06", null),
		person(3, "Tester", "2020-01-06", null),
	]
	data.dspt.lib.hr.entry_of_active == {0: 0, 1: 1, 2: 3} with input as hr.evidence_with_needs(staff, needs)
}

test_patterns_have_no_separator_characters if {
	# With glob.match's default separator ".", "*" would not match across the dots of "a.b.c".
	staff := [person(1, "Dr. Jones", "2020-01-06", null), person(2, "a.b.c", "2020-01-06", null)]
	data.dspt.lib.hr.entry_of_active == {0: 2, 1: 3} with input as hr.evidence_with_needs(staff, needs)
}

test_a_record_with_no_role_is_matched_as_the_empty_role if {
	staff := [person(1, null, "2020-01-06", null)]
	data.dspt.lib.hr.entry_of_active == {0: 3} with input as hr.evidence_with_needs(staff, needs)
	narrow := object.union(needs, {"roles": [needs.roles[0]]})
	data.dspt.lib.hr.entry_of_active == {} with input as hr.evidence_with_needs(staff, narrow)
}

test_needs_list_each_course_of_the_deciding_entry if {
	staff := [person(1, "IG Lead", "2020-01-06", null), person(2, "Developer", "2020-01-06", null), person(3, "Leaver", "2020-01-06", "2026-01-01")]
	data.dspt.lib.hr.needs == {
		[0, "data_security", 365, "*IG Lead*"],
		[0, "role_training", 365, "*IG Lead*"],
		[1, "data_security", 730, "Developer"],
	} with input as hr.evidence_with_needs(staff, needs)
}

test_without_an_analysis_nothing_is_needed if {
	staff := [person(1, "IG Lead", "2020-01-06", null)]
	not data.dspt.lib.hr.has_training_needs with input as hr.evidence(staff)
	count(data.dspt.lib.hr.needs) == 0 with input as hr.evidence(staff)
	data.dspt.lib.hr.has_training_needs with input as hr.evidence_with_needs(staff, needs)
}

test_entries_listing_a_course if {
	data.dspt.lib.hr.entries_listing("role_training") == {0} with input as hr.evidence_with_needs([], needs)
	data.dspt.lib.hr.entries_listing("data_security") == {0, 1, 3} with input as hr.evidence_with_needs([], needs)
}

# The engine computes the shared facts once a run and hands them in: the rule returns the fact
# as given (here one that the records would not give, to show it is not recomputed).
test_active_is_read_from_the_shared_fact_when_given if {
	given := {"shared_facts": {"hr.active": {7}}, "hr": {"staff": []}, "assessment": {"as_of": "2026-06-30"}}
	data.dspt.lib.hr.active == {7} with input as given
}
