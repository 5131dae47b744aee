package dspt.lib.hr_test

import rego.v1

person(number, role, start_date, leave_date) := {
	"id": sprintf("p-%016x", [number]),
	"role": role,
	"status": "Active",
	"start_date": start_date,
	"leave_date": leave_date,
	"contract_clause": true,
	"courses": {"data_security": "2026-03-12", "role_training": null},
	"file": "hr/training.csv",
	"line": number + 1,
}

needs := {
	"file": "hr/training-needs.yaml",
	"reviewed_on": "2026-02-20",
	"approved_by": "SIRO",
	"roles": [
		{"role": "*IG Lead*", "courses": [{"course": "data_security", "every_days": 365}, {"course": "role_training", "every_days": 365}]},
		{"role": "Developer", "courses": [{"course": "data_security", "every_days": 730}]},
		{"role": "Dr. *", "courses": [{"course": "clinical", "every_days": 365}]},
		{"role": "*", "courses": [{"course": "data_security", "every_days": 365}]},
		{"role": "Developer", "courses": []},
	],
}

evidence(staff, training_needs) := {
	"assessment": {"as_of": "2026-06-30", "framework": "dspt-supplier", "organisation": {"name": "Acme", "type": "it-supplier"}},
	"hr": {"exports": [{"file": "hr/training.csv", "rows": count(staff)}], "staff": staff, "training_needs": training_needs},
}

without_needs(staff) := {
	"assessment": {"as_of": "2026-06-30"},
	"hr": {"exports": [{"file": "hr/training.csv", "rows": count(staff)}], "staff": staff},
}

test_active_staff_exclude_leavers_and_future_starters if {
	staff := [
		person(1, "Developer", "2020-01-06", null),
		person(2, "Developer", "2020-01-06", "2026-06-30"),
		person(3, "Developer", "2026-07-01", null),
		person(4, "Developer", null, "2026-07-31"),
	]
	data.dspt.lib.hr.active == {0, 3} with input as without_needs(staff)
}

test_the_first_matching_pattern_decides_case_insensitively if {
	staff := [
		person(1, "Office Manager and ig lead", "2020-01-06", null),
		person(2, "DEVELOPER", "2020-01-06", null),
		person(3, "Tester", "2020-01-06", null),
	]
	data.dspt.lib.hr.entry_of_active == {0: 0, 1: 1, 2: 3} with input as evidence(staff, needs)
}

test_patterns_have_no_separator_characters if {
	# With glob.match's default separator ".", "*" would not match across the dots of "a.b.c".
	staff := [person(1, "Dr. Jones", "2020-01-06", null), person(2, "a.b.c", "2020-01-06", null)]
	data.dspt.lib.hr.entry_of_active == {0: 2, 1: 3} with input as evidence(staff, needs)
}

test_a_record_with_no_role_is_matched_as_the_empty_role if {
	staff := [person(1, null, "2020-01-06", null)]
	data.dspt.lib.hr.entry_of_active == {0: 3} with input as evidence(staff, needs)
	narrow := object.union(needs, {"roles": [needs.roles[0]]})
	data.dspt.lib.hr.entry_of_active == {} with input as evidence(staff, narrow)
}

test_needs_list_each_course_of_the_deciding_entry if {
	staff := [person(1, "IG Lead", "2020-01-06", null), person(2, "Developer", "2020-01-06", null), person(3, "Leaver", "2020-01-06", "2026-01-01")]
	data.dspt.lib.hr.needs == {
		[0, "data_security", 365, "*IG Lead*"],
		[0, "role_training", 365, "*IG Lead*"],
		[1, "data_security", 730, "Developer"],
	} with input as evidence(staff, needs)
}

test_without_an_analysis_nothing_is_needed if {
	staff := [person(1, "IG Lead", "2020-01-06", null)]
	not data.dspt.lib.hr.has_training_needs with input as without_needs(staff)
	count(data.dspt.lib.hr.needs) == 0 with input as without_needs(staff)
	data.dspt.lib.hr.has_training_needs with input as evidence(staff, needs)
}

test_entries_listing_a_course if {
	data.dspt.lib.hr.entries_listing("role_training") == {0} with input as evidence([], needs)
	data.dspt.lib.hr.entries_listing("data_security") == {0, 1, 3} with input as evidence([], needs)
}
