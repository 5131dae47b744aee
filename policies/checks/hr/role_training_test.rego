package dspt.checks.hr.role_training_test

import rego.v1

import data.dspt.checks.hr.role_training
import data.dspt.testing.hr

# The parameters the check reads, as shipped in policies/params/hr-people.yaml.
params := {"hr": {
	"specialist_roles": [
		`(?i)\bSIRO\b`,
		`(?i)senior information risk owner`,
		`(?i)data protection officer`,
		`(?i)\bDPO\b`,
		`(?i)caldicott guardian`,
		`(?i)information governance`,
		`(?i)\bIG (lead|manager|officer)\b`,
		`(?i)system(s)? administrator`,
		`(?i)\bsysadmin\b`,
		`(?i)security (engineer|officer|manager|lead|architect)`,
	],
	"role_course": "role_training",
	"role_training_window_days": 365,
}}

# An active staff record (hr.person) in this role with this leave date, who completed role training
# on trained_on.
person(number, role, leave_date, trained_on) := hr.person(number, {
	"role": role,
	"start_date": "2022-07-18",
	"leave_date": leave_date,
	"courses": {"data_security": "2026-03-12", "role_training": trained_on},
})

# A DPO and a security engineer, trained; two people in other roles, untrained.
trained_team := [
	person(1, "Data Protection Officer", null, "2025-09-04"),
	person(2, "Security Engineer", null, "2026-02-19"),
	person(3, "Software Engineer", null, null),
	person(4, "Product Manager", null, null),
]

test_trained_specialists_pass if {
	count(role_training.deny) == 0 with input as hr.evidence(trained_team) with data.dspt.params as params
	count(role_training.error) == 0 with input as hr.evidence(trained_team) with data.dspt.params as params
	not role_training.skip with input as hr.evidence(trained_team) with data.dspt.params as params
}

test_untrained_specialist_is_denied if {
	staff := array.concat(trained_team, [person(5, "Office Manager and IG Lead", null, null)])
	deny := role_training.deny with input as hr.evidence(staff) with data.dspt.params as params
	deny == {{
		"msg": "staff record p-0000000000000005 in specialist role \"Office Manager and IG Lead\" has never completed role_training",
		"record": "p-0000000000000005",
		"file": "hr/training.csv",
		"line": 6,
		"source": "hr",
	}}
}

test_roles_match_case_insensitively if {
	# The pattern is matched case-insensitively even when an override leaves out (?i).
	staff := [person(1, "head of information governance", null, null), person(2, "caldicott guardian", null, null)]
	override := {"hr": object.union(params.hr, {"specialist_roles": ["Information Governance", `(?i)caldicott`]})}
	deny := role_training.deny with input as hr.evidence(staff) with data.dspt.params as override
	{finding.record | some finding in deny} == {"p-0000000000000001", "p-0000000000000002"}
}

test_training_outside_the_window_is_denied if {
	# 2025-06-30 is 365 days before 2026-06-30: just outside the window.
	staff := [person(1, "Systems Administrator", null, "2025-06-30"), person(2, "SIRO", null, "2026-07-03")]
	deny := role_training.deny with input as hr.evidence(staff) with data.dspt.params as params
	count(deny) == 2
	some outdated in deny
	outdated.record == "p-0000000000000001"
	outdated.msg == "staff record p-0000000000000001 in specialist role \"Systems Administrator\" last completed role_training on 2025-06-30, outside the 365-day window before 2026-06-30"
	some future in deny
	future.record == "p-0000000000000002"
	contains(future.msg, "after the assessment date")
}

test_leavers_are_not_judged if {
	staff := array.concat(trained_team, [person(5, "Security Engineer", "2026-04-17", null)])
	count(role_training.deny) == 0 with input as hr.evidence(staff) with data.dspt.params as params
}

test_no_specialist_role_is_skipped if {
	staff := [person(3, "Software Engineer", null, null), person(4, "Security Engineer", "2025-12-19", null)]
	reason := role_training.skip with input as hr.evidence(staff) with data.dspt.params as params
	reason == "no active staff record has a role matching the specialist roles on 2026-06-30"
	count(role_training.deny) == 0 with input as hr.evidence(staff) with data.dspt.params as params
}

test_unmapped_role_column_is_skipped if {
	staff := [person(1, null, null, null), person(2, null, null, null)]
	reason := role_training.skip with input as hr.evidence(staff) with data.dspt.params as params
	contains(reason, "no staff record has a role")
}

test_unmapped_course_is_an_error if {
	staff := [object.union(object.remove(person(1, "DPO", null, null), ["courses"]), {"courses": {"data_security": "2026-03-12"}})]
	errors := role_training.error with input as hr.evidence(staff) with data.dspt.params as params
	errors == {{"msg": "role training course role_training is not mapped to a column of the HR export (no staff record has it)", "source": "hr"}}
	count(role_training.deny) == 0 with input as hr.evidence(staff) with data.dspt.params as params
}

test_parameters_are_honoured if {
	staff := [person(1, "Platform Engineer", null, "2025-03-03")]
	override := {"hr": object.union(params.hr, {
		"specialist_roles": ["platform engineer"],
		"role_training_window_days": 730,
	})}
	count(role_training.deny) == 0 with input as hr.evidence(staff) with data.dspt.params as override
	narrow := {"hr": object.union(override.hr, {"role_training_window_days": 365})}
	count(role_training.deny) == 1 with input as hr.evidence(staff) with data.dspt.params as narrow
	renamed := {"hr": object.union(params.hr, {"role_course": "siro_training"})}
	staff_renamed := [object.union(person(1, "SIRO", null, null), {"courses": {"siro_training": "2026-01-20"}})]
	count(role_training.deny) == 0 with input as hr.evidence(staff_renamed) with data.dspt.params as renamed
}

test_judged_counts_active_specialists if {
	staff := array.concat(trained_team, [person(5, "Security Engineer", "2026-04-17", null), person(6, "DPO", null, null)])
	judged := role_training.judged with input as hr.evidence(staff) with data.dspt.params as params
	judged == {"p-0000000000000001", "p-0000000000000002", "p-0000000000000006"}
	count(role_training.judged) == 0 with input as hr.evidence([person(3, "Software Engineer", null, null)]) with data.dspt.params as params
	count(role_training.judged) == 0 with input as {"assessment": {"as_of": "2026-06-30"}} with data.dspt.params as params
}

# With a training needs analysis, the roles needing role training are those it sets it for.
needs := hr.training_needs([
	{"role": "*IG Lead*", "courses": [{"course": "data_security", "every_days": 365}, {"course": "role_training", "every_days": 365}]},
	{"role": "Platform Engineer", "courses": [{"course": "role_training", "every_days": 365}]},
	{"role": "*", "courses": [{"course": "data_security", "every_days": 365}]},
])

test_with_an_analysis_its_roles_need_role_training if {
	# The DPO is a specialist by the parameter but not by the analysis; the platform engineer and
	# the IG lead are specialists by the analysis.
	staff := [
		person(1, "Data Protection Officer", null, null),
		person(2, "Platform Engineer", null, null),
		person(3, "Office Manager and IG Lead", null, "2026-01-15"),
	]
	input_doc := hr.evidence_with_needs(staff, needs)
	judged := role_training.judged with input as input_doc with data.dspt.params as params
	judged == {"p-0000000000000002", "p-0000000000000003"}
	deny := role_training.deny with input as input_doc with data.dspt.params as params
	{finding.record | some finding in deny} == {"p-0000000000000002"}
	# Without the analysis the parameter decides: the DPO fails, the platform engineer is not judged.
	deny_by_param := role_training.deny with input as hr.evidence(staff) with data.dspt.params as params
	{finding.record | some finding in deny_by_param} == {"p-0000000000000001"}
}

test_with_an_analysis_that_sets_no_role_training_it_is_skipped if {
	only_awareness := object.union(needs, {"roles": [needs.roles[2]]})
	input_doc := hr.evidence_with_needs(trained_team, only_awareness)
	count(role_training.judged) == 0 with input as input_doc with data.dspt.params as params
	reason := role_training.skip with input as input_doc with data.dspt.params as params
	reason == "no active staff record has a role for which the training needs analysis sets role_training on 2026-06-30"
}
