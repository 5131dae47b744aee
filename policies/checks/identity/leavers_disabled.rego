# METADATA
# title: Leavers' accounts are disabled
# description: >-
#   No account in the identity-provider export is enabled (or not stated as disabled) when the
#   HR record of its owner, joined on the staff id, shows a leave date more than the grace period
#   before the assessment date. An enabled account with no staff id fails: it cannot be checked
#   against HR leavers. The join of accounts to HR records reports its coverage, and a join that
#   matches too few accounts (joins.min_match_rate) is an error, not a pass.
#   DSPT 4.2.4; CAF B2.d.
# custom:
#   id: IDN-LEV-001
#   severity: critical
#   sources: [identity, hr]
#   judges: accounts whose staff id joins an HR record, and enabled accounts with no staff id
package dspt.checks.identity.leavers_disabled

import rego.v1

nanoseconds_per_day := 86400000000000

date_layout := "2006-01-02"

params := data.dspt.params.identity

accounts := input.identity.accounts

as_of := input.assessment.as_of

# Leave dates before this day are past the grace period (ISO dates order as strings).
cutoff := time.format([time.parse_ns(date_layout, as_of) - (params.leaver_grace_days * nanoseconds_per_day), "UTC", date_layout])

# [staff id, leave date] of every HR record whose leave date is past the grace period, sorted
# so that the records of one staff id are adjacent and the latest leave date comes last.
departures := sort([[person.id, person.leave_date] |
	some person in input.hr.staff
	is_string(person.id)
	is_string(person.leave_date)
	person.leave_date < cutoff
])

# Staff id -> latest leave date past the grace period. Only the last entry of each staff id is
# kept, so a staff id on two HR records cannot give the object two values.
left_on := {entry[0]: entry[1] |
	some index, entry in departures
	not departures[index + 1][0] == entry[0]
}

# Staff ids on HR records, to tell the accounts that join one.
hr_ids := {person.id | some person in input.hr.staff; is_string(person.id)}

# Accounts whose staff id joins an HR record are judged (disabled ones pass), and enabled accounts
# with no staff id (they fail); an account whose staff id no HR record has cannot be judged here.
judged contains input.identity.accounts[index].id if {
	some index in matched_accounts
}

judged contains account.id if {
	some index in unjoinable_accounts
	account := input.identity.accounts[index]
	not account.enabled == false
}

# The join of every account in the export to the HR records: matched (its staff id names an HR
# record), unmatched (a staff id no record has), unjoinable (no staff id). The engine makes the
# check an error when too few match: an unmapped or wrong employee id column must not pass the
# leavers check by matching nobody.
join := {
	"between": "identity accounts to HR records",
	"matched": count(matched_accounts),
	"unmatched": count(unmatched_accounts),
	"unjoinable": count(unjoinable_accounts),
	"hint": "is `staff_id` mapped to the employee id column in sources.identity.columns?",
} if {
	is_array(input.identity.accounts)
	is_array(input.hr.staff)
}

# hr_ids holds only strings, so a match has a string staff id. The unmatched are the rest of the
# accounts with a staff id, by set difference (one pass fewer over the accounts).
matched_accounts contains index if {
	ids := hr_ids
	some index, account in input.identity.accounts
	account.staff_id in ids
}

with_staff_id contains index if {
	some index, account in input.identity.accounts
	is_string(account.staff_id)
}

unmatched_accounts := with_staff_id - matched_accounts

unjoinable_accounts contains index if {
	some index, account in input.identity.accounts
	not is_string(account.staff_id)
}

# Only `enabled: false` counts as disabled (an unmapped or empty `enabled` fails closed).
state(account) := "enabled" if account.enabled == true

state(account) := "not stated as disabled" if not account.enabled == true

# The rare condition first, and the leave dates bound before the loop: regorus resolves a rule
# reference on every iteration.
deny contains finding if {
	leavers := left_on
	some account in input.identity.accounts
	left := leavers[account.staff_id]
	not account.enabled == false
	msg := sprintf(
		"account %s is %s, but its owner (staff record %s) left on %s, more than %d day(s) before %s",
		[account.id, state(account), account.staff_id, left, params.leaver_grace_days, as_of],
	)
	finding := object.union(data.dspt.lib.records.location(account), {"msg": msg, "record": account.id, "source": "identity"})
}

deny contains finding if {
	some index in unjoinable_accounts
	account := accounts[index]
	not account.enabled == false
	msg := sprintf("enabled account with no staff id: it cannot be checked against HR leavers (account %s is %s)", [account.id, state(account)])
	finding := object.union(data.dspt.lib.records.location(account), {"msg": msg, "record": account.id, "source": "identity"})
}

# An enabled account whose staff id no HR record has: its owner may have left and been removed
# from the export, so it is worth a look (the join counts it as unmatched).
warn contains finding if {
	some index in unmatched_accounts
	account := accounts[index]
	not account.enabled == false
	msg := sprintf(
		"account %s is %s and has staff id %s, which no HR record has: whether its owner left cannot be seen",
		[account.id, state(account), account.staff_id],
	)
	finding := object.union(data.dspt.lib.records.location(account), {"msg": msg, "record": account.id, "source": "identity"})
}
