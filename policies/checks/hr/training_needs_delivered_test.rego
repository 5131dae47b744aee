package dspt.checks.hr.training_needs_delivered_test

import rego.v1

import data.dspt.checks.hr.training_needs_delivered
import data.dspt.testing.hr

# An active staff record (hr.person) since 2021-03-01 in this role with this leave date, who
# completed these courses (none of data_security, role_training and secure_coding otherwise).
person(number, role, leave_date, courses) := hr.person(number, {
	"role": role,
	"start_date": "2021-03-01",
	"leave_date": leave_date,
	"courses": object.union({"data_security": null, "role_training": null, "secure_coding": null}, courses),
})

needs := hr.training_needs([
	{"role": "*IG Lead*", "courses": [{"course": "data_security", "every_days": 365}, {"course": "role_training", "every_days": 365}]},
	{"role": "Developer*", "courses": [{"course": "data_security", "every_days": 365}, {"course": "secure_coding", "every_days": 730}]},
	{"role": "Contractor", "courses": []},
	{"role": "*", "courses": [{"course": "data_security", "every_days": 365}]},
])

# The HR evidence of staff with the training needs analysis above.
evidence(staff) := hr.evidence_with_needs(staff, needs)

trained_team := [
	person(1, "Office Manager and IG Lead", null, {"data_security": "2026-01-10", "role_training": "2025-11-04"}),
	person(2, "Developer", null, {"data_security": "2026-03-12", "secure_coding": "2024-09-01"}),
	person(3, "Contractor", null, {}),
	person(4, "Product Manager", null, {"data_security": "2025-07-01"}),
]

test_staff_holding_what_their_role_needs_pass if {
	count(training_needs_delivered.deny) == 0 with input as evidence(trained_team)
	count(training_needs_delivered.error) == 0 with input as evidence(trained_team)
	not training_needs_delivered.skip with input as evidence(trained_team)
}

test_a_role_that_needs_no_course_is_judged_and_passes if {
	judged := training_needs_delivered.judged with input as evidence(trained_team)
	"p-0000000000000003" in judged
	count(judged) == 4
}

test_a_missing_course_is_denied_naming_course_pattern_and_date if {
	staff := array.concat(trained_team, [person(5, "IG Lead", null, {"data_security": "2026-02-02"})])
	deny := training_needs_delivered.deny with input as evidence(staff)
	deny == {{
		"msg": "staff record p-0000000000000005 has no role_training completion on or before 2026-06-30; the training needs analysis requires role_training every 365 days for role pattern \"*IG Lead*\"",
		"record": "p-0000000000000005",
		"file": "hr/training.csv",
		"line": 6,
		"source": "hr",
	}}
}

test_a_completion_older_than_every_days_is_denied if {
	# 2025-06-30 is 365 days before 2026-06-30: just outside; secure coding counts for 730 days.
	staff := [
		person(1, "Product Manager", null, {"data_security": "2025-06-30"}),
		person(2, "Developer", null, {"data_security": "2026-03-12", "secure_coding": "2024-06-30"}),
		person(3, "Developer", null, {"data_security": "2026-03-12", "secure_coding": "2024-07-01"}),
	]
	deny := training_needs_delivered.deny with input as evidence(staff)
	{[finding.record, finding.msg] | some finding in deny} == {
		["p-0000000000000001", "staff record p-0000000000000001 last completed data_security on 2025-06-30, more than 365 days before 2026-06-30; the training needs analysis requires data_security every 365 days for role pattern \"*\""],
		["p-0000000000000002", "staff record p-0000000000000002 last completed secure_coding on 2024-06-30, more than 730 days before 2026-06-30; the training needs analysis requires secure_coding every 730 days for role pattern \"Developer*\""],
	}
}

test_a_completion_after_the_assessment_date_is_denied if {
	staff := [person(1, "Product Manager", null, {"data_security": "2026-07-02"})]
	deny := training_needs_delivered.deny with input as evidence(staff)
	some finding in deny
	contains(finding.msg, "after the assessment date 2026-06-30")
}

test_the_first_matching_pattern_decides if {
	# "Developer Contractor" matches "Developer*" before "Contractor": it needs secure coding.
	staff := [person(1, "developer contractor", null, {"data_security": "2026-03-12"})]
	deny := training_needs_delivered.deny with input as evidence(staff)
	{finding.msg | some finding in deny} == {"staff record p-0000000000000001 has no secure_coding completion on or before 2026-06-30; the training needs analysis requires secure_coding every 730 days for role pattern \"Developer*\""}
}

test_leavers_and_future_starters_are_not_judged if {
	future := object.union(person(6, "Product Manager", null, {}), {"start_date": "2026-07-06"})
	staff := [person(5, "Product Manager", "2026-04-17", {}), future]
	count(training_needs_delivered.judged) == 0 with input as evidence(staff)
	count(training_needs_delivered.deny) == 0 with input as evidence(staff)
}

test_without_an_analysis_nothing_is_judged if {
	count(training_needs_delivered.judged) == 0 with input as hr.evidence(trained_team)
	count(training_needs_delivered.deny) == 0 with input as hr.evidence([person(5, "IG Lead", null, {})])
	reason := training_needs_delivered.skip with input as hr.evidence(trained_team)
	contains(reason, "no training needs analysis")
}

test_a_course_no_record_has_is_an_error if {
	staff := [object.union(object.remove(person(1, "Product Manager", null, {}), ["courses"]), {"courses": {"induction": "2021-03-02"}})]
	errors := training_needs_delivered.error with input as evidence(staff)
	errors == {{
		"msg": "course data_security, which the training needs analysis requires, is not mapped to a column of the HR export (no staff record has it)",
		"file": "hr/training-needs.yaml",
		"source": "hr",
	}}
	count(training_needs_delivered.deny) == 0 with input as evidence(staff)
}

test_a_period_that_is_not_a_positive_whole_number_is_an_error if {
	broken := object.union(needs, {"roles": [{"role": "*", "courses": [{"course": "data_security", "every_days": 0}]}]})
	input_doc := hr.evidence_with_needs(trained_team, broken)
	errors := training_needs_delivered.error with input as input_doc
	some finding in errors
	finding.pointer == "/roles/0"
}

# The fixtures, as the engine reads them (ids shortened; completions as in the CSVs).
compliant_needs := hr.training_needs([
	{"role": "Data Protection Officer", "courses": [{"course": "data_security", "every_days": 365}, {"course": "role_training", "every_days": 365}]},
	{"role": "Information Governance*", "courses": [{"course": "data_security", "every_days": 365}, {"course": "role_training", "every_days": 365}]},
	{"role": "Security Engineer", "courses": [{"course": "data_security", "every_days": 365}, {"course": "role_training", "every_days": 365}]},
	{"role": "*", "courses": [{"course": "data_security", "every_days": 365}]},
])

noncompliant_needs := object.union(
	hr.training_needs([
		{"role": "*IG Lead*", "courses": [{"course": "data_security", "every_days": 365}, {"course": "role_training", "every_days": 365}]},
		{"role": "Developer", "courses": [{"course": "data_security", "every_days": 365}]},
		{"role": "*", "courses": [{"course": "data_security", "every_days": 365}]},
	]),
	{"reviewed_on": "2024-03-01", "approved_by": "Director"},
)

test_the_compliant_fixture_passes if {
	staff := [
		person(4, "Senior Software Engineer", null, {"data_security": "2025-07-22"}),
		person(5, "Data Protection Officer", null, {"data_security": "2026-01-08", "role_training": "2026-02-12"}),
		person(14, "Security Engineer", null, {"data_security": "2026-05-14", "role_training": "2026-03-03"}),
		person(21, "Information Governance Lead", null, {"data_security": "2025-11-20", "role_training": "2025-11-27"}),
		person(12, "Service Desk Lead", "2026-03-31", {"data_security": "2025-01-10"}),
	]
	count(training_needs_delivered.deny) == 0 with input as hr.evidence_with_needs(staff, compliant_needs)
	count(training_needs_delivered.judged) == 4 with input as hr.evidence_with_needs(staff, compliant_needs)
}

test_the_noncompliant_fixture_fails if {
	staff := [
		person(4, "Office Manager and IG Lead", null, {}),
		person(9, "DevOps Engineer", null, {"data_security": "2025-03-14"}),
		person(3, "Developer", null, {"data_security": "2025-11-12"}),
	]
	deny := training_needs_delivered.deny with input as hr.evidence_with_needs(staff, noncompliant_needs)
	{[finding.record, finding.msg] | some finding in deny} == {
		["p-0000000000000004", "staff record p-0000000000000004 has no data_security completion on or before 2026-06-30; the training needs analysis requires data_security every 365 days for role pattern \"*IG Lead*\""],
		["p-0000000000000004", "staff record p-0000000000000004 has no role_training completion on or before 2026-06-30; the training needs analysis requires role_training every 365 days for role pattern \"*IG Lead*\""],
		["p-0000000000000009", "staff record p-0000000000000009 last completed data_security on 2025-03-14, more than 365 days before 2026-06-30; the training needs analysis requires data_security every 365 days for role pattern \"*\""],
	}
}
