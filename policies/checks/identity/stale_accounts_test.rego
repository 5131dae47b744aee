package dspt.checks.identity.stale_accounts_test

import rego.v1

import data.dspt.checks.identity.stale_accounts
import data.dspt.testing.identity

# The parameters of the identity checks, as shipped in policies/params/identity.yaml.
params := {"identity": {
	"leaver_grace_days": 1,
	"agreement_max_age_days": 1095,
	"agreement_course": "admin_agreement",
	"stale_days": 90,
}}

test_recently_used_accounts_pass if {
	# 2026-04-01 is exactly 90 days before 2026-06-30: not older than the stale period.
	input_doc := identity.evidence([identity.account(1, {}), identity.account(2, {"last_sign_in": "2026-04-01"})])
	count(stale_accounts.deny) == 0 with input as input_doc with data.dspt.params as params
	count(stale_accounts.warn) == 0 with input as input_doc with data.dspt.params as params
}

test_stale_enabled_account_is_denied if {
	input_doc := identity.evidence([identity.account(1, {}), identity.account(2, {"last_sign_in": "2026-03-31"}), identity.account(3, {"last_sign_in": "2026-01-14"})])
	deny := stale_accounts.deny with input as input_doc with data.dspt.params as params
	{finding.record | some finding in deny} == {"a-0000000000000002", "a-0000000000000003"}
	{
		"msg": "account a-0000000000000003 is enabled but last signed in on 2026-01-14, more than 90 days before 2026-06-30",
		"record": "a-0000000000000003",
		"file": "idp/users.csv",
		"line": 4,
		"source": "identity",
	} in deny
}

test_account_not_stated_as_disabled_counts_as_enabled if {
	input_doc := identity.evidence([identity.account(1, {"enabled": null, "last_sign_in": "2025-11-02"})])
	deny := stale_accounts.deny with input as input_doc with data.dspt.params as params
	some finding in deny
	contains(finding.msg, "not stated as disabled")
}

test_disabled_stale_account_is_not_judged if {
	input_doc := identity.evidence([identity.account(1, {"enabled": false, "last_sign_in": "2025-11-02"}), identity.account(2, {"enabled": false, "last_sign_in": null})])
	count(stale_accounts.deny) == 0 with input as input_doc with data.dspt.params as params
	count(stale_accounts.warn) == 0 with input as input_doc with data.dspt.params as params
}

test_account_without_sign_in_date_is_a_warning if {
	input_doc := identity.evidence([identity.account(1, {}), identity.account(2, {"last_sign_in": null})])
	count(stale_accounts.deny) == 0 with input as input_doc with data.dspt.params as params
	warn := stale_accounts.warn with input as input_doc with data.dspt.params as params
	warn == {{
		"msg": "account a-0000000000000002 is enabled and has no last sign-in date: it never signed in, or the export does not say",
		"record": "a-0000000000000002",
		"file": "idp/users.csv",
		"line": 3,
		"source": "identity",
	}}
}

test_stale_days_parameter_is_honoured if {
	override := {"identity": object.union(params.identity, {"stale_days": 30})}
	input_doc := identity.evidence([identity.account(1, {"last_sign_in": "2026-05-20"})])
	count(stale_accounts.deny) == 0 with input as input_doc with data.dspt.params as params
	count(stale_accounts.deny) == 1 with input as input_doc with data.dspt.params as override
}

test_judged_counts_enabled_accounts if {
	accounts := [identity.account(1, {}), identity.account(2, {"last_sign_in": "2025-01-01"}), identity.account(3, {"enabled": false, "last_sign_in": "2024-01-01"})]
	judged := stale_accounts.judged with input as identity.evidence(accounts) with data.dspt.params as params
	judged == {"a-0000000000000001", "a-0000000000000002"}
	count(stale_accounts.judged) == 0 with input as identity.evidence([identity.account(3, {"enabled": false})]) with data.dspt.params as params
	count(stale_accounts.judged) == 0 with input as {"assessment": {"as_of": "2026-06-30"}} with data.dspt.params as params
}
