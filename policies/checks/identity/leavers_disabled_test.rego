package dspt.checks.identity.leavers_disabled_test

import rego.v1

import data.dspt.checks.identity.leavers_disabled
import data.dspt.testing
import data.dspt.testing.hr
import data.dspt.testing.identity

# The parameters of the identity checks, as shipped in policies/params/identity.yaml.
params := {"identity": {
	"leaver_grace_days": 1,
	"agreement_max_age_days": 1095,
	"agreement_course": "admin_agreement",
	"stale_days": 90,
}}

# An active Software Engineer (hr.person) with this leave date.
person(number, leave_date) := hr.person(number, {"leave_date": leave_date})

# The identity export of accounts and the HR export of staff they join to.
evidence(accounts, staff) := identity.evidence_with_staff(accounts, staff)

# Staff 1 and 2 are employed (2 works notice until July), staff 3 left in April.
staff := [person(1, null), person(2, "2026-07-31"), person(3, "2026-04-17")]

test_no_enabled_leaver_account_passes if {
	input_doc := evidence([identity.account(1, {}), identity.account(2, {}), identity.account(3, {"enabled": false})], staff)
	count(leavers_disabled.deny) == 0 with input as input_doc with data.dspt.params as params
}

test_enabled_account_of_a_leaver_is_denied if {
	input_doc := evidence([identity.account(1, {}), identity.account(2, {}), identity.account(3, {})], staff)
	deny := leavers_disabled.deny with input as input_doc with data.dspt.params as params
	deny == {{
		"msg": "account a-0000000000000003 is enabled, but its owner (staff record p-0000000000000003) left on 2026-04-17, more than 1 day(s) before 2026-06-30",
		"record": "a-0000000000000003",
		"file": "idp/users.csv",
		"line": 4,
		"source": "identity",
	}}
}

test_account_not_stated_as_disabled_counts_as_enabled if {
	input_doc := evidence([identity.account(3, {"enabled": null})], staff)
	deny := leavers_disabled.deny with input as input_doc with data.dspt.params as params
	some finding in deny
	finding.record == "a-0000000000000003"
	contains(finding.msg, "is not stated as disabled")
}

test_leaver_within_the_grace_period_passes if {
	# Left yesterday: one day of grace by default; left two days ago: past it.
	recent := [person(4, "2026-06-29"), person(5, "2026-06-28")]
	input_doc := evidence([identity.account(4, {}), identity.account(5, {})], recent)
	deny := leavers_disabled.deny with input as input_doc with data.dspt.params as params
	{finding.record | some finding in deny} == {"a-0000000000000005"}
}

test_grace_parameter_is_honoured if {
	override := {"identity": object.union(params.identity, {"leaver_grace_days": 90})}
	input_doc := evidence([identity.account(3, {})], staff)
	count(leavers_disabled.deny) == 0 with input as input_doc with data.dspt.params as override
	recent := [person(6, "2026-03-31")]
	deny := leavers_disabled.deny with input as evidence([identity.account(6, {})], recent) with data.dspt.params as override
	count(deny) == 1
}

test_an_enabled_account_without_a_staff_id_is_denied if {
	input_doc := evidence([identity.account(1, {}), identity.account(3, {"staff_id": null})], staff)
	deny := leavers_disabled.deny with input as input_doc with data.dspt.params as params
	deny == {{
		"msg": "enabled account with no staff id: it cannot be checked against HR leavers (account a-0000000000000003 is enabled)",
		"record": "a-0000000000000003",
		"file": "idp/users.csv",
		"line": 4,
		"source": "identity",
	}}
	not_stated := evidence([identity.account(1, {}), identity.account(3, {"staff_id": null, "enabled": null})], staff)
	count(leavers_disabled.deny) == 1 with input as not_stated with data.dspt.params as params
}

test_a_disabled_account_without_a_staff_id_is_not_judged if {
	input_doc := evidence([identity.account(3, {"staff_id": null, "enabled": false})], staff)
	count(leavers_disabled.deny) == 0 with input as input_doc with data.dspt.params as params
	count(leavers_disabled.judged) == 0 with input as input_doc with data.dspt.params as params
}

test_a_staff_id_on_two_hr_records_gives_one_finding if {
	twice := array.concat(staff, [object.union(person(3, "2026-02-27"), {"line": 9})])
	input_doc := evidence([identity.account(3, {})], twice)
	deny := leavers_disabled.deny with input as input_doc with data.dspt.params as params
	count(deny) == 1
	some finding in deny
	contains(finding.msg, "left on 2026-04-17")
}

test_absent_sections_give_no_finding if {
	evidence_doc := testing.evidence({})
	count(leavers_disabled.deny) == 0 with input as evidence_doc with data.dspt.params as params
}

test_judged_counts_only_accounts_joined_to_an_hr_record if {
	accounts := [
		identity.account(1, {}),
		identity.account(3, {"enabled": false}),
		identity.account(8, {}),
		identity.account(9, {"staff_id": null}),
	]
	judged := leavers_disabled.judged with input as evidence(accounts, staff) with data.dspt.params as params
	judged == {"a-0000000000000001", "a-0000000000000003", "a-0000000000000009"}
	count(leavers_disabled.judged) == 0 with input as evidence([identity.account(8, {}), identity.account(9, {"staff_id": null, "enabled": false})], staff) with data.dspt.params as params
	count(leavers_disabled.judged) == 0 with input as evidence([], staff) with data.dspt.params as params
}

test_the_join_reports_its_coverage if {
	accounts := [
		identity.account(1, {}),
		identity.account(3, {"enabled": false}),
		identity.account(8, {}),
		identity.account(9, {"staff_id": null}),
		identity.account(10, {"staff_id": null, "enabled": false}),
	]
	join := leavers_disabled.join with input as evidence(accounts, staff) with data.dspt.params as params
	join == {
		"between": "identity accounts to HR records",
		"matched": 2,
		"unmatched": 1,
		"unjoinable": 2,
		"hint": "is `staff_id` mapped to the employee id column in sources.identity.columns?",
	}
}

test_all_staff_ids_empty_matches_nothing if {
	# An unmapped employee id column: the engine makes the check an error (0% matched), rather
	# than a pass on leavers it could not find.
	accounts := [identity.account(1, {"staff_id": null}), identity.account(3, {"staff_id": null}), identity.account(2, {"staff_id": null, "enabled": false})]
	join := leavers_disabled.join with input as evidence(accounts, staff) with data.dspt.params as params
	join.matched == 0
	join.unjoinable == 3
}

test_without_hr_there_is_no_join if {
	evidence_doc := identity.evidence([identity.account(1, {})])
	not leavers_disabled.join with input as evidence_doc with data.dspt.params as params
}

test_an_enabled_account_whose_staff_id_no_hr_record_has_warns if {
	input_doc := evidence([identity.account(1, {}), identity.account(8, {}), identity.account(9, {"enabled": false})], staff)
	warn := leavers_disabled.warn with input as input_doc with data.dspt.params as params
	{finding.record | some finding in warn} == {"a-0000000000000008"}
	some finding in warn
	contains(finding.msg, "which no HR record has")
	count(leavers_disabled.deny) == 0 with input as input_doc with data.dspt.params as params
}
