package dspt.checks.hr.training_coverage_test

import rego.v1

import data.dspt.checks.hr.training_coverage
import data.dspt.testing
import data.dspt.testing.hr

# The parameters the check reads, as shipped in policies/params.yaml.
params := {"hr": {
	"training_course": "data_security",
	"training_threshold": 0.95,
	"coverage_rule_types": ["company"],
	"training_window_days": 365,
	"induction_course": "induction",
	"induction_within_days": 30,
	"induction_lookback_days": 365,
}}

# A Software Engineer (hr.person) with these dates, inducted on the start date and trained in data
# security on trained_on.
person(number, start_date, leave_date, trained_on) := hr.person(number, {
	"start_date": start_date,
	"leave_date": leave_date,
	"courses": {"data_security": trained_on, "induction": start_date},
})

# The HR evidence (hr.evidence) of a company, the type the flat coverage rule applies to.
evidence(staff) := evidence_for(staff, "company", "dspt-supplier")

# The same evidence for another organisation type (null: none given) or framework.
evidence_for(staff, type, framework) := object.union(hr.evidence(staff), {"assessment": {
	"framework": framework,
	"organisation": {"type": type},
}})

# `trained` staff who completed the course in March 2026, numbered from 1.
trained_staff(trained) := [person(number, "2023-04-03", null, "2026-03-12") | some number in numbers.range(1, trained)]

# Eight trained, one who never trained (record 9) and one trained 365 days before the
# assessment date, just outside the window (record 10).
eight_of_ten := array.concat(trained_staff(8), [
	person(9, "2024-09-02", null, null),
	person(10, "2022-01-10", null, "2025-06-30"),
])

test_full_coverage_passes if {
	input_doc := evidence(trained_staff(3))
	count(training_coverage.deny) == 0 with input as input_doc with data.dspt.params as params
	count(training_coverage.warn) == 0 with input as input_doc with data.dspt.params as params
	count(training_coverage.error) == 0 with input as input_doc with data.dspt.params as params
}

test_coverage_below_threshold_is_denied_with_a_summary if {
	deny := training_coverage.deny with input as evidence(eight_of_ten) with data.dspt.params as params
	count(deny) == 3
	count(training_coverage.warn) == 0 with input as evidence(eight_of_ten) with data.dspt.params as params
	{
		"msg": "training coverage 80.0% (8 of 10 active staff) is below the required 95.0% for data_security training completed within 365 days before 2026-06-30",
		"source": "hr",
	} in deny
}

test_each_untrained_person_is_denied if {
	deny := training_coverage.deny with input as evidence(eight_of_ten) with data.dspt.params as params
	{
		"msg": "staff record p-0000000000000009 has never completed data_security training",
		"record": "p-0000000000000009",
		"file": "hr/training.csv",
		"line": 10,
		"source": "hr",
	} in deny
	some outdated in deny
	outdated.record == "p-000000000000000a"
	outdated.line == 11
	outdated.msg == "staff record p-000000000000000a last completed data_security training on 2025-06-30, outside the 365-day window before 2026-06-30"
}

test_coverage_at_threshold_passes_with_warnings if {
	# 19 of 20 is exactly 95%.
	staff := array.concat(trained_staff(19), [person(20, "2024-09-02", null, null)])
	count(training_coverage.deny) == 0 with input as evidence(staff) with data.dspt.params as params
	warn := training_coverage.warn with input as evidence(staff) with data.dspt.params as params
	count(warn) == 1
	some finding in warn
	finding.record == "p-0000000000000014"
}

test_leavers_and_future_starters_are_not_counted if {
	staff := array.concat(trained_staff(4), [
		person(5, "2021-05-04", "2026-02-27", null),
		person(6, "2021-05-04", "2026-06-30", null),
		person(7, "2026-07-06", null, null),
	])
	count(training_coverage.deny) == 0 with input as evidence(staff) with data.dspt.params as params
	count(training_coverage.warn) == 0 with input as evidence(staff) with data.dspt.params as params
}

test_staff_leaving_after_the_assessment_date_are_counted if {
	staff := array.concat(trained_staff(4), [person(5, "2021-05-04", "2026-07-31", null)])
	deny := training_coverage.deny with input as evidence(staff) with data.dspt.params as params
	some finding in deny
	finding.record == "p-0000000000000005"
}

test_missing_start_date_counts_as_active if {
	staff := array.concat(trained_staff(4), [person(5, null, null, null)])
	deny := training_coverage.deny with input as evidence(staff) with data.dspt.params as params
	some finding in deny
	finding.record == "p-0000000000000005"
}

test_completion_after_the_assessment_date_does_not_count if {
	staff := array.concat(trained_staff(4), [person(5, "2024-01-08", null, "2026-07-02")])
	deny := training_coverage.deny with input as evidence(staff) with data.dspt.params as params
	some finding in deny
	finding.record == "p-0000000000000005"
	contains(finding.msg, "after the assessment date")
}

test_no_active_staff_is_an_error if {
	input_doc := evidence([person(1, "2020-01-06", "2025-12-19", "2025-10-01")])
	errors := training_coverage.error with input as input_doc with data.dspt.params as params
	errors == {{"msg": "no active staff in the HR export on 2026-06-30", "source": "hr"}}
	count(training_coverage.deny) == 0 with input as input_doc with data.dspt.params as params
}

test_unmapped_course_is_an_error if {
	staff := [object.union(object.remove(person(1, "2020-01-06", null, null), ["courses"]), {"courses": {"induction": "2020-01-07"}})]
	errors := training_coverage.error with input as evidence(staff) with data.dspt.params as params
	some finding in errors
	contains(finding.msg, "data_security")
	count(training_coverage.deny) == 0 with input as evidence(staff) with data.dspt.params as params
}

test_threshold_parameter_is_honoured if {
	override := {"hr": object.union(params.hr, {"training_threshold": 0.8})}
	count(training_coverage.deny) == 0 with input as evidence(eight_of_ten) with data.dspt.params as override
	count(training_coverage.warn) == 2 with input as evidence(eight_of_ten) with data.dspt.params as override
}

test_coverage_is_rounded_down if {
	# 189 of 199 is 94.97%, which rounds to the threshold: it must not be printed as 95.0%.
	untrained := [person(number, "2024-09-02", null, null) | some number in numbers.range(190, 199)]
	staff := array.concat(trained_staff(189), untrained)
	deny := training_coverage.deny with input as evidence(staff) with data.dspt.params as params
	some finding in deny
	startswith(finding.msg, "training coverage 94.9% (189 of 199 active staff) is below the required 95.0%")
}

test_window_parameter_is_honoured if {
	override := {"hr": object.union(params.hr, {"training_window_days": 730})}
	deny := training_coverage.deny with input as evidence(eight_of_ten) with data.dspt.params as override
	some finding in deny
	startswith(finding.msg, "training coverage 90.0% (9 of 10 active staff)")
}

test_absent_hr_section_gives_no_finding if {
	evidence_doc := testing.evidence({})
	count(training_coverage.deny) == 0 with input as evidence_doc with data.dspt.params as params
	count(training_coverage.error) == 0 with input as evidence_doc with data.dspt.params as params
}

test_judged_counts_active_staff_records if {
	staff := array.concat(trained_staff(3), [person(4, "2021-05-04", "2026-02-27", null), person(5, "2026-07-06", null, null)])
	judged := training_coverage.judged with input as evidence(staff) with data.dspt.params as params
	judged == {"p-0000000000000001", "p-0000000000000002", "p-0000000000000003"}
	count(training_coverage.judged) == 0 with input as evidence([person(4, "2021-05-04", "2026-02-27", null)]) with data.dspt.params as params
	count(training_coverage.judged) == 0 with input as {"assessment": {"as_of": "2026-06-30"}} with data.dspt.params as params
}

test_an_it_supplier_is_not_judged_on_the_flat_rule if {
	# Eight of ten would fail the 95% rule; an IT supplier is judged on its needs analysis instead.
	input_doc := evidence_for(eight_of_ten, "it-supplier", "dspt-supplier")
	count(training_coverage.judged) == 0 with input as input_doc with data.dspt.params as params
	count(training_coverage.deny) == 0 with input as input_doc with data.dspt.params as params
	count(training_coverage.warn) == 0 with input as input_doc with data.dspt.params as params
	count(training_coverage.error) == 0 with input as input_doc with data.dspt.params as params
	reason := training_coverage.skip with input as input_doc with data.dspt.params as params
	contains(reason, "applies to organisation types company; this organisation's type is it-supplier")
	contains(reason, "HR-TNA-002")
}

test_a_caf_organisation_is_not_judged_on_the_flat_rule if {
	input_doc := evidence_for(eight_of_ten, "trusts", "dspt-caf")
	count(training_coverage.judged) == 0 with input as input_doc with data.dspt.params as params
	count(training_coverage.deny) == 0 with input as input_doc with data.dspt.params as params
	training_coverage.skip with input as input_doc with data.dspt.params as params
}

test_without_an_organisation_type_nothing_is_judged if {
	input_doc := evidence_for(eight_of_ten, null, "dspt-supplier")
	count(training_coverage.judged) == 0 with input as input_doc with data.dspt.params as params
	count(training_coverage.error) == 0 with input as evidence_for([], null, "dspt-supplier") with data.dspt.params as params
	reason := training_coverage.skip with input as input_doc with data.dspt.params as params
	contains(reason, "type is not given")
}

test_a_company_is_judged_and_not_skipped if {
	count(training_coverage.judged) == 10 with input as evidence(eight_of_ten) with data.dspt.params as params
	not training_coverage.skip with input as evidence(eight_of_ten) with data.dspt.params as params
}

test_coverage_rule_types_parameter_is_honoured if {
	input_doc := evidence_for(eight_of_ten, "it-supplier", "dspt-supplier")
	count(training_coverage.deny) == 3 with input as input_doc with data.dspt.params as params
		with data.dspt.params.hr.coverage_rule_types as ["company", "it-supplier"]
	count(training_coverage.judged) == 0 with input as evidence(eight_of_ten) with data.dspt.params as params
		with data.dspt.params.hr.coverage_rule_types as []
}

test_an_unmapped_course_is_no_error_where_the_rule_does_not_apply if {
	staff := [object.union(object.remove(person(1, "2020-01-06", null, null), ["courses"]), {"courses": {"induction": "2020-01-07"}})]
	count(training_coverage.error) == 1 with input as evidence(staff) with data.dspt.params as params
	count(training_coverage.error) == 0 with input as evidence_for(staff, "it-supplier", "dspt-supplier") with data.dspt.params as params
}
