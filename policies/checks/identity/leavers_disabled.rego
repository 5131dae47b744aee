# METADATA
# title: Leavers' accounts are disabled
# description: >-
#   No account in the identity-provider export is enabled (or not stated as disabled) when the
#   HR record of its owner, joined on the staff id, shows a leave date more than the grace period
#   before the assessment date. Accounts with no staff id are not judged here.
#   DSPT 4.2.4; CAF B2.d.
# custom:
#   id: IDN-LEV-001
#   severity: critical
#   sources: [identity, hr]
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

# Only `enabled: false` counts as disabled (an unmapped or empty `enabled` fails closed).
state(account) := "enabled" if account.enabled == true

state(account) := "not stated as disabled" if not account.enabled == true

location(account) := {key: value |
	some key in ["file", "line", "pointer"]
	value := account[key]
	value != null
}

deny contains finding if {
	some account in accounts
	not account.enabled == false
	left := left_on[account.staff_id]
	msg := sprintf(
		"account %s is %s, but its owner (staff record %s) left on %s, more than %d day(s) before %s",
		[account.id, state(account), account.staff_id, left, params.leaver_grace_days, as_of],
	)
	finding := object.union(location(account), {"msg": msg, "record": account.id, "source": "identity"})
}
