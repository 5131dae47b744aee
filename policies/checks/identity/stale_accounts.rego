# METADATA
# title: Accounts not in use are disabled
# description: >-
#   No account in the identity-provider export is enabled (or not stated as disabled) when its
#   last successful sign-in is older than the stale period before the assessment date. An enabled
#   account with no sign-in date is a warning: it never signed in, or the export does not say.
#   CAF B2.d.
# custom:
#   id: IDN-STL-001
#   severity: medium
#   sources: [identity]
#   judges: enabled accounts
package dspt.checks.identity.stale_accounts

import rego.v1

nanoseconds_per_day := 86400000000000

date_layout := "2006-01-02"

params := data.dspt.params.identity

as_of := input.assessment.as_of

# Sign-ins before this day are older than the stale period (ISO dates order as strings).
cutoff := time.format([time.parse_ns(date_layout, as_of) - (params.stale_days * nanoseconds_per_day), "UTC", date_layout])

# Only `enabled: false` counts as disabled (an unmapped or empty `enabled` fails closed). Rules
# loop over the accounts directly, the rarest condition first: an export has tens of thousands
# of accounts and few findings.

# Every enabled account (or one not stated as disabled) is judged.
judged contains account.id if {
	some account in input.identity.accounts
	not account.enabled == false
}

state(account) := "enabled" if account.enabled == true

state(account) := "not stated as disabled" if not account.enabled == true

# The cutoff is bound before the loop (regorus resolves a rule reference on every iteration). A
# non-string sign-in orders before any string, and is dropped by is_string.
deny contains finding if {
	oldest := cutoff
	some account in input.identity.accounts
	account.last_sign_in < oldest
	is_string(account.last_sign_in)
	not account.enabled == false
	msg := sprintf(
		"account %s is %s but last signed in on %s, more than %d days before %s",
		[account.id, state(account), account.last_sign_in, params.stale_days, as_of],
	)
	finding := object.union(data.dspt.lib.records.location(account), {"msg": msg, "record": account.id, "source": "identity"})
}

warn contains finding if {
	some account in input.identity.accounts
	not is_string(account.last_sign_in)
	not account.enabled == false
	msg := sprintf(
		"account %s is %s and has no last sign-in date: it never signed in, or the export does not say",
		[account.id, state(account)],
	)
	finding := object.union(data.dspt.lib.records.location(account), {"msg": msg, "record": account.id, "source": "identity"})
}
