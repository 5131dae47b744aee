package dspt.checks.hr.induction_training_test

import rego.v1

import data.dspt.checks.hr.induction_training
import data.dspt.testing.hr

# The parameters the check reads, as shipped in policies/params.yaml.
params := {"hr": {
	"training_course": "data_security",
	"training_threshold": 0.95,
	"training_window_days": 365,
	"induction_course": "induction",
	"induction_within_days": 30,
	"induction_lookback_days": 365,
}}

# A Support Analyst (hr.person) with these dates, trained in data security on 2026-04-01 and
# inducted on inducted_on.
person(number, start_date, leave_date, inducted_on) := hr.person(number, {
	"role": "Support Analyst",
	"start_date": start_date,
	"leave_date": leave_date,
	"courses": {"data_security": "2026-04-01", "induction": inducted_on},
})

established := person(1, "2019-09-02", null, null)

prompt_starter := person(2, "2026-03-02", null, "2026-03-09")

# Deadline 2026-06-30, the assessment date itself: completed on the last day.
last_day_starter := person(3, "2026-05-31", null, "2026-06-30")

never_inducted := person(4, "2026-03-02", null, null)

late_inducted := person(5, "2026-02-02", null, "2026-03-20")

# Deadline 2026-07-15, after the assessment date.
recent_starter := person(6, "2026-06-15", null, null)

test_prompt_inductions_pass if {
	input_doc := hr.evidence([established, prompt_starter, last_day_starter])
	count(induction_training.deny) == 0 with input as input_doc with data.dspt.params as params
	count(induction_training.warn) == 0 with input as input_doc with data.dspt.params as params
	count(induction_training.error) == 0 with input as input_doc with data.dspt.params as params
	not induction_training.skip with input as input_doc with data.dspt.params as params
}

test_starter_without_induction_is_denied if {
	count(induction_training.warn) == 0 with input as hr.evidence([never_inducted]) with data.dspt.params as params
	deny := induction_training.deny with input as hr.evidence([established, prompt_starter, never_inducted]) with data.dspt.params as params
	deny == {{
		"msg": "staff record p-0000000000000004 started on 2026-03-02 and has no induction recorded; it was due within 30 days, by 2026-04-01",
		"record": "p-0000000000000004",
		"file": "hr/training.csv",
		"line": 5,
		"source": "hr",
	}}
}

test_late_induction_is_denied if {
	deny := induction_training.deny with input as hr.evidence([late_inducted]) with data.dspt.params as params
	count(deny) == 1
	some finding in deny
	finding.record == "p-0000000000000005"
	finding.msg == "staff record p-0000000000000005 started on 2026-02-02 and completed induction on 2026-03-20; it was due within 30 days, by 2026-03-04"
}

test_starter_not_yet_due_warns if {
	input_doc := hr.evidence([prompt_starter, recent_starter])
	count(induction_training.deny) == 0 with input as input_doc with data.dspt.params as params
	warn := induction_training.warn with input as input_doc with data.dspt.params as params
	warn == {{
		"msg": "staff record p-0000000000000006 started on 2026-06-15 and has no induction recorded yet; it is due by 2026-07-15",
		"record": "p-0000000000000006",
		"file": "hr/training.csv",
		"line": 7,
		"source": "hr",
	}}
}

test_recent_starter_already_inducted_is_not_warned if {
	inducted := person(6, "2026-06-15", null, "2026-06-16")
	count(induction_training.warn) == 0 with input as hr.evidence([inducted]) with data.dspt.params as params
}

test_future_starters_are_not_checked if {
	future := person(8, "2026-07-06", null, null)
	count(induction_training.warn) == 0 with input as hr.evidence([established, future]) with data.dspt.params as params
	count(induction_training.deny) == 0 with input as hr.evidence([established, future]) with data.dspt.params as params
}

test_leavers_and_earlier_starters_are_not_checked if {
	leaver := person(7, "2026-01-05", "2026-03-01", null)
	count(induction_training.deny) == 0 with input as hr.evidence([established, prompt_starter, leaver]) with data.dspt.params as params
}

test_no_starters_is_skipped if {
	skip := induction_training.skip with input as hr.evidence([established]) with data.dspt.params as params
	skip == "no active staff started within the 365 days before 2026-06-30"
	count(induction_training.deny) == 0 with input as hr.evidence([established]) with data.dspt.params as params
}

test_unmapped_course_is_an_error if {
	staff := [object.union(object.remove(never_inducted, ["courses"]), {"courses": {"data_security": "2026-04-01"}})]
	errors := induction_training.error with input as hr.evidence(staff) with data.dspt.params as params
	some finding in errors
	contains(finding.msg, "induction")
	count(induction_training.deny) == 0 with input as hr.evidence(staff) with data.dspt.params as params
}

test_within_days_parameter_is_honoured if {
	override := {"hr": object.union(params.hr, {"induction_within_days": 60})}
	count(induction_training.deny) == 0 with input as hr.evidence([late_inducted]) with data.dspt.params as override
}

test_lookback_parameter_is_honoured if {
	override := {"hr": object.union(params.hr, {"induction_lookback_days": 90})}
	count(induction_training.deny) == 1 with input as hr.evidence([never_inducted]) with data.dspt.params as params
	count(induction_training.deny) == 0 with input as hr.evidence([never_inducted]) with data.dspt.params as override
}

test_starter_leaving_after_the_assessment_date_is_checked if {
	fixed_term := object.union(never_inducted, {"leave_date": "2026-09-30"})
	deny := induction_training.deny with input as hr.evidence([fixed_term]) with data.dspt.params as params
	some finding in deny
	finding.record == "p-0000000000000004"
}

test_judged_counts_recent_starters if {
	input_doc := hr.evidence([established, prompt_starter, never_inducted, recent_starter, person(7, "2026-01-05", "2026-03-01", null)])
	judged := induction_training.judged with input as input_doc with data.dspt.params as params
	judged == {"p-0000000000000002", "p-0000000000000004", "p-0000000000000006"}
	count(induction_training.judged) == 0 with input as hr.evidence([established]) with data.dspt.params as params
	count(induction_training.judged) == 0 with input as {"assessment": {"as_of": "2026-06-30"}} with data.dspt.params as params
}
