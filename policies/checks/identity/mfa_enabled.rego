# METADATA
# title: Every enabled account has multi-factor authentication
# description: >-
#   Every account the identity-provider export shows as enabled (or does not say is disabled)
#   has MFA registered. An account for which the export does not say whether MFA is registered
#   fails: unknown is not MFA. Exceptions are recorded as waivers, not parameters.
#   DSPT 4.5.3; CAF B2.a.
# custom:
#   id: IDN-MFA-001
#   severity: critical
#   sources: [identity]
#   judges: enabled accounts
package dspt.checks.identity.mfa_enabled

import rego.v1

# Only `enabled: false` counts as disabled: an unmapped or empty `enabled` is judged as
# enabled (fail closed). Rules loop over the accounts directly, the rarest condition first: an
# export has tens of thousands of accounts and few findings.

# Every enabled account (or one not stated as disabled) is judged.
judged contains account.id if {
	some account in input.identity.accounts
	not account.enabled == false
}

# How the account's state reads in a message.
state(account) := "enabled" if account.enabled == true

state(account) := "not stated as disabled" if not account.enabled == true

account_finding(account, msg) := object.union(data.dspt.lib.records.location(account), {
	"msg": msg,
	"record": account.id,
	"source": "identity",
})

deny contains finding if {
	some account in input.identity.accounts
	account.mfa == false
	not account.enabled == false
	msg := sprintf("account %s is %s and has no MFA registered", [account.id, state(account)])
	finding := account_finding(account, msg)
}

deny contains finding if {
	some account in input.identity.accounts
	not is_boolean(account.mfa)
	not account.enabled == false
	msg := sprintf(
		"account %s is %s and the identity export does not say whether it has MFA registered (unknown is not MFA)",
		[account.id, state(account)],
	)
	finding := account_finding(account, msg)
}
