package dspt.checks.identity.privileged_agreements_test

import rego.v1

import data.dspt.checks.identity.privileged_agreements
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

# An active Platform Engineer (hr.person) since 2019-05-07 whose administrator agreement course
# is dated agreement.
person(number, agreement) := hr.person(number, {
	"role": "Platform Engineer",
	"start_date": "2019-05-07",
	"courses": {"data_security": "2026-03-12", "admin_agreement": agreement},
})

admin(number, signed) := identity.account(number, {"admin": true, "agreement_signed": signed})

test_admins_with_current_agreements_pass if {
	# 2023-07-01 is 1095 days before 2026-06-30, just outside; 2023-07-02 is the first day that counts.
	input_doc := identity.evidence([admin(1, "2025-11-03"), admin(2, "2023-07-02"), identity.account(3, {})])
	count(privileged_agreements.deny) == 0 with input as input_doc with data.dspt.params as params
	not privileged_agreements.skip with input as input_doc with data.dspt.params as params
}

test_admin_without_agreement_is_denied if {
	input_doc := identity.evidence([admin(1, "2025-11-03"), admin(2, null)])
	deny := privileged_agreements.deny with input as input_doc with data.dspt.params as params
	deny == {{
		"msg": "administrator account a-0000000000000002 has no agreement date in the identity export (no HR evidence was given to look for one)",
		"record": "a-0000000000000002",
		"file": "idp/users.csv",
		"line": 3,
		"source": "identity",
	}}
}

test_expired_agreement_is_denied if {
	input_doc := identity.evidence([admin(1, "2023-07-01")])
	deny := privileged_agreements.deny with input as input_doc with data.dspt.params as params
	some finding in deny
	finding.record == "a-0000000000000001"
	finding.msg == "administrator account a-0000000000000001 signed its agreement on 2023-07-01, outside the 1095-day validity before 2026-06-30"
}

test_agreement_dated_after_the_assessment_date_is_denied if {
	deny := privileged_agreements.deny with input as identity.evidence([admin(1, "2026-07-02")]) with data.dspt.params as params
	some finding in deny
	contains(finding.msg, "after the assessment date")
}

test_agreement_on_the_hr_record_is_accepted if {
	input_doc := identity.evidence_with_staff([admin(1, null)], [person(1, "2024-02-12")])
	count(privileged_agreements.deny) == 0 with input as input_doc with data.dspt.params as params
}

test_missing_or_expired_agreement_on_the_hr_record_is_denied if {
	accounts := [admin(1, null), admin(2, null), admin(3, null)]
	staff := [person(1, null), person(2, "2022-01-10")]
	deny := privileged_agreements.deny with input as identity.evidence_with_staff(accounts, staff) with data.dspt.params as params
	{finding.record | some finding in deny} == {"a-0000000000000001", "a-0000000000000002", "a-0000000000000003"}
	some finding in deny
	finding.msg == "administrator account a-0000000000000001 has no agreement date in the identity export, nor a admin_agreement date within 1095 days before 2026-06-30 on its owner's HR record"
}

test_admin_without_staff_id_and_agreement_is_denied if {
	input_doc := identity.evidence_with_staff([identity.account(4, {"admin": true, "staff_id": null})], [person(4, "2026-01-05")])
	deny := privileged_agreements.deny with input as input_doc with data.dspt.params as params
	deny == {{
		"msg": "administrator account a-0000000000000004 has no agreement date in the identity export, and no staff id to look for one on an HR record",
		"record": "a-0000000000000004",
		"file": "idp/users.csv",
		"line": 5,
		"source": "identity",
	}}
}

test_hr_record_does_not_replace_an_expired_date_on_the_account if {
	input_doc := identity.evidence_with_staff([admin(1, "2021-03-01")], [person(1, "2026-01-05")])
	count(privileged_agreements.deny) == 1 with input as input_doc with data.dspt.params as params
}

test_disabled_admin_and_non_admin_accounts_are_not_judged if {
	input_doc := identity.evidence([identity.account(1, {"admin": true, "enabled": false}), identity.account(2, {"admin": false}), identity.account(3, {"admin": null})])
	count(privileged_agreements.deny) == 0 with input as input_doc with data.dspt.params as params
}

test_admin_not_stated_as_disabled_counts_as_enabled if {
	input_doc := identity.evidence([identity.account(1, {"admin": true, "enabled": null})])
	count(privileged_agreements.deny) == 1 with input as input_doc with data.dspt.params as params
}

test_unmapped_admin_column_is_skipped if {
	input_doc := identity.evidence([identity.account(1, {"admin": null}), identity.account(2, {"admin": null})])
	reason := privileged_agreements.skip with input as input_doc with data.dspt.params as params
	contains(reason, "does not say which accounts are administrators")
	count(privileged_agreements.deny) == 0 with input as input_doc with data.dspt.params as params
}

test_parameters_are_honoured if {
	override := {"identity": object.union(params.identity, {"agreement_max_age_days": 365, "agreement_course": "privileged_use"})}
	count(privileged_agreements.deny) == 1 with input as identity.evidence([admin(1, "2025-05-01")]) with data.dspt.params as override
	hr_staff := [object.union(person(1, null), {"courses": {"privileged_use": "2026-02-02"}})]
	input_doc := identity.evidence_with_staff([admin(1, null)], hr_staff)
	count(privileged_agreements.deny) == 0 with input as input_doc with data.dspt.params as override
	count(privileged_agreements.deny) == 1 with input as input_doc with data.dspt.params as params
}

test_judged_counts_enabled_administrator_accounts if {
	accounts := [admin(1, "2025-01-10"), admin(2, null), identity.account(3, {}), object.union(admin(4, null), {"enabled": false})]
	judged := privileged_agreements.judged with input as identity.evidence(accounts) with data.dspt.params as params
	judged == {"a-0000000000000001", "a-0000000000000002"}
	count(privileged_agreements.judged) == 0 with input as identity.evidence([identity.account(3, {})]) with data.dspt.params as params
	count(privileged_agreements.judged) == 0 with input as testing.evidence({}) with data.dspt.params as params
}

test_the_join_reports_its_coverage_over_enabled_administrators if {
	accounts := [
		admin(1, null),
		admin(2, "2025-11-03"),
		identity.account(3, {"admin": true, "staff_id": null}),
		identity.account(4, {}),
		object.union(admin(5, null), {"enabled": false, "staff_id": null}),
	]
	staff := [person(1, "2026-01-05")]
	join := privileged_agreements.join with input as identity.evidence_with_staff(accounts, staff) with data.dspt.params as params
	join == {
		"between": "identity accounts to HR records",
		"matched": 1,
		"unmatched": 1,
		"unjoinable": 1,
		"hint": "is `staff_id` mapped to the employee id column in sources.identity.columns?",
	}
}

test_all_staff_ids_empty_matches_nothing if {
	accounts := [identity.account(1, {"admin": true, "staff_id": null}), identity.account(2, {"admin": true, "staff_id": null})]
	join := privileged_agreements.join with input as identity.evidence_with_staff(accounts, [person(1, null), person(2, null)]) with data.dspt.params as params
	join.matched == 0
	join.unjoinable == 2
}

test_without_hr_there_is_no_join if {
	not privileged_agreements.join with input as identity.evidence([admin(1, "2025-11-03")]) with data.dspt.params as params
}
