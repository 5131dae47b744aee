package dspt.checks.hr.leavers_recorded_test

import rego.v1

import data.dspt.checks.hr.leavers_recorded
import data.dspt.testing.hr

# The parameters the check reads, as shipped in policies/params/hr-people.yaml.
params := {"hr": {"leaver_statuses": ["(?i)^leaver$", "(?i)^left$", "(?i)^terminated$", "(?i)^inactive$"]}}

# A Software Engineer (hr.person) since 2021-02-22 with this status and leave date.
person(number, status, leave_date) := hr.person(number, {"status": status, "start_date": "2021-02-22", "leave_date": leave_date})

# An employee, one working notice (active, leave date ahead) and two leavers with leave dates.
recorded := [
	person(1, "Active", null),
	person(2, "Active", "2026-07-31"),
	person(3, "Leaver", "2026-03-31"),
	person(4, "LEFT", "2025-11-14"),
]

test_leavers_with_leave_dates_pass if {
	count(leavers_recorded.deny) == 0 with input as hr.evidence(recorded) with data.dspt.params as params
	count(leavers_recorded.warn) == 0 with input as hr.evidence(recorded) with data.dspt.params as params
	not leavers_recorded.skip with input as hr.evidence(recorded) with data.dspt.params as params
}

test_leaver_without_leave_date_is_denied if {
	staff := array.concat(recorded, [person(5, "Left", null), person(6, "Active", null)])
	deny := leavers_recorded.deny with input as hr.evidence(staff) with data.dspt.params as params
	deny == {{
		"msg": "staff record p-0000000000000005 has status \"Left\" but no leave date",
		"record": "p-0000000000000005",
		"file": "hr/training.csv",
		"line": 6,
		"source": "hr",
	}}
}

test_statuses_match_whole_words_only if {
	# "Leaver pending" is not a leaver status under the anchored defaults.
	staff := [person(1, "Leaver pending", null), person(2, "terminated", null)]
	deny := leavers_recorded.deny with input as hr.evidence(staff) with data.dspt.params as params
	{finding.record | some finding in deny} == {"p-0000000000000002"}
}

test_leaver_with_a_future_leave_date_is_a_warning if {
	staff := array.concat(recorded, [person(5, "Leaver", "2026-08-14")])
	count(leavers_recorded.deny) == 0 with input as hr.evidence(staff) with data.dspt.params as params
	warn := leavers_recorded.warn with input as hr.evidence(staff) with data.dspt.params as params
	warn == {{
		"msg": "staff record p-0000000000000005 has status \"Leaver\" but a leave date of 2026-08-14, after the assessment date 2026-06-30",
		"record": "p-0000000000000005",
		"file": "hr/training.csv",
		"line": 6,
		"source": "hr",
	}}
}

test_unmapped_status_is_skipped if {
	staff := [person(1, null, null), person(2, null, "2026-03-31")]
	reason := leavers_recorded.skip with input as hr.evidence(staff) with data.dspt.params as params
	contains(reason, "no staff record has a status")
	count(leavers_recorded.deny) == 0 with input as hr.evidence(staff) with data.dspt.params as params
}

test_leaver_statuses_parameter_is_honoured if {
	staff := [person(1, "Active", null), person(2, "Withdrawn", null)]
	count(leavers_recorded.deny) == 0 with input as hr.evidence(staff) with data.dspt.params as params
	override := {"hr": {"leaver_statuses": ["^withdrawn$"]}}
	deny := leavers_recorded.deny with input as hr.evidence(staff) with data.dspt.params as override
	{finding.record | some finding in deny} == {"p-0000000000000002"}
}

test_judged_counts_leaver_records if {
	staff := array.concat(recorded, [person(5, "Terminated", null)])
	judged := leavers_recorded.judged with input as hr.evidence(staff) with data.dspt.params as params
	judged == {"p-0000000000000003", "p-0000000000000004", "p-0000000000000005"}
	count(leavers_recorded.judged) == 0 with input as hr.evidence([person(1, "Active", null)]) with data.dspt.params as params
	count(leavers_recorded.judged) == 0 with input as {"assessment": {"as_of": "2026-06-30"}} with data.dspt.params as params
}
