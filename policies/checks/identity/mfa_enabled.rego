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

accounts := input.identity.accounts

# Only `enabled: false` counts as disabled: an unmapped or empty `enabled` is judged as
# enabled (fail closed).
disabled contains index if {
	some index, account in accounts
	account.enabled == false
}

enabled contains index if {
	some index, _ in accounts
	not index in disabled
}

# Every enabled account (or one not stated as disabled) is judged.
judged contains input.identity.accounts[index].id if {
	some index in enabled
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
	some index in enabled
	account := accounts[index]
	account.mfa == false
	msg := sprintf("account %s is %s and has no MFA registered", [account.id, state(account)])
	finding := account_finding(account, msg)
}

deny contains finding if {
	some index in enabled
	account := accounts[index]
	not is_boolean(account.mfa)
	msg := sprintf(
		"account %s is %s and the identity export does not say whether it has MFA registered (unknown is not MFA)",
		[account.id, state(account)],
	)
	finding := account_finding(account, msg)
}
