package dspt.checks.identity.mfa_enabled_test

import rego.v1

import data.dspt.checks.identity.mfa_enabled
import data.dspt.testing
import data.dspt.testing.identity

# The parameters of the identity checks, as shipped in policies/params/identity.yaml
# (this check reads none: exemptions are waivers).
params := {"identity": {
	"leaver_grace_days": 1,
	"agreement_max_age_days": 1095,
	"agreement_course": "admin_agreement",
	"stale_days": 90,
}}

test_every_account_with_mfa_passes if {
	input_doc := identity.evidence([identity.account(1, {}), identity.account(2, {"admin": true}), identity.account(3, {"enabled": null})])
	count(mfa_enabled.deny) == 0 with input as input_doc with data.dspt.params as params
}

test_enabled_account_without_mfa_is_denied if {
	input_doc := identity.evidence([identity.account(1, {}), identity.account(2, {"mfa": false})])
	deny := mfa_enabled.deny with input as input_doc with data.dspt.params as params
	deny == {{
		"msg": "account a-0000000000000002 is enabled and has no MFA registered",
		"record": "a-0000000000000002",
		"file": "idp/users.csv",
		"line": 3,
		"source": "identity",
	}}
}

test_unknown_mfa_is_denied_saying_the_export_does_not_say if {
	input_doc := identity.evidence([identity.account(1, {"mfa": null}), identity.account(2, {})])
	deny := mfa_enabled.deny with input as input_doc with data.dspt.params as params
	count(deny) == 1
	some finding in deny
	finding.record == "a-0000000000000001"
	finding.line == 2
	contains(finding.msg, "does not say whether it has MFA registered")
}

test_account_not_stated_as_disabled_counts_as_enabled if {
	input_doc := identity.evidence([identity.account(1, {"enabled": null, "mfa": false}), identity.account(2, {})])
	deny := mfa_enabled.deny with input as input_doc with data.dspt.params as params
	some finding in deny
	finding.record == "a-0000000000000001"
	finding.msg == "account a-0000000000000001 is not stated as disabled and has no MFA registered"
}

test_disabled_account_without_mfa_is_not_judged if {
	input_doc := identity.evidence([identity.account(1, {"enabled": false, "mfa": false}), identity.account(2, {"enabled": false, "mfa": null})])
	count(mfa_enabled.deny) == 0 with input as input_doc with data.dspt.params as params
}

test_json_records_carry_a_pointer_instead_of_a_line if {
	json_account := object.union(object.remove(identity.account(1, {"mfa": false}), ["line"]), {"file": "idp/users.json", "pointer": "/value/0"})
	deny := mfa_enabled.deny with input as identity.evidence([json_account]) with data.dspt.params as params
	deny == {{
		"msg": "account a-0000000000000001 is enabled and has no MFA registered",
		"record": "a-0000000000000001",
		"file": "idp/users.json",
		"pointer": "/value/0",
		"source": "identity",
	}}
}

test_parameters_do_not_exempt_accounts if {
	# Exemptions are waivers: no parameter turns the check off for an account.
	override := {"identity": object.union(params.identity, {"stale_days": 1})}
	input_doc := identity.evidence([identity.account(1, {"mfa": false})])
	count(mfa_enabled.deny) == 1 with input as input_doc with data.dspt.params as override
}

test_absent_identity_section_gives_no_finding if {
	evidence_doc := testing.evidence({})
	count(mfa_enabled.deny) == 0 with input as evidence_doc with data.dspt.params as params
}

test_judged_counts_enabled_accounts if {
	accounts := [identity.account(1, {}), identity.account(2, {"enabled": null, "mfa": false}), identity.account(3, {"enabled": false, "mfa": false})]
	judged := mfa_enabled.judged with input as identity.evidence(accounts) with data.dspt.params as params
	judged == {"a-0000000000000001", "a-0000000000000002"}
	count(mfa_enabled.judged) == 0 with input as identity.evidence([identity.account(3, {"enabled": false})]) with data.dspt.params as params
	count(mfa_enabled.judged) == 0 with input as {"assessment": {"as_of": "2026-06-30"}} with data.dspt.params as params
}
