# METADATA
# title: Administrators have signed a higher-standard agreement
# description: >-
#   Every enabled administrator account has a signed agreement to the higher standards expected
#   of privileged users, dated within the agreement's validity before the assessment date: on the
#   account in the identity-provider export or, where the export has no date for the account, as
#   the agreement course on its owner's HR record (joined on the staff id) when HR evidence is given.
#   With HR evidence, the join of administrator accounts to HR records reports its coverage.
#   DSPT 4.3.1 (mandatory from 2025-26); CAF B2.c.
# custom:
#   id: IDN-PRV-001
#   severity: high
#   sources: [identity]
#   judges: enabled administrator accounts
package dspt.checks.identity.privileged_agreements

import rego.v1

nanoseconds_per_day := 86400000000000

date_layout := "2006-01-02"

params := data.dspt.params.identity

course := params.agreement_course

accounts := input.identity.accounts

as_of := input.assessment.as_of

# The day before the validity period opens: agreements signed after it and on or before as_of
# count (ISO dates order as strings).
window_start := time.format([time.parse_ns(date_layout, as_of) - (params.agreement_max_age_days * nanoseconds_per_day), "UTC", date_layout])

# Enabled (or not stated as disabled: fail closed) administrator accounts, by index (the rarer
# condition first).
admins contains index if {
	some index, account in input.identity.accounts
	account.admin == true
	not account.enabled == false
}

# Every enabled administrator account is judged.
judged contains input.identity.accounts[index].id if {
	some index in admins
}

# Staff ids whose HR record has the agreement course within the validity period (empty when
# the HR section is absent).
# The rule values are bound before the loop: regorus resolves a rule reference on every iteration.
agreed_in_hr := {person.id |
	[key, start, today] := [course, window_start, as_of]
	some person in input.hr.staff
	signed := person.courses[key]
	signed > start
	is_string(signed)
	signed <= today
	is_string(person.id)
}

hr_present if input.hr.staff

# Staff ids on HR records, to tell the administrator accounts that join one.
hr_ids := {person.id | some person in input.hr.staff; is_string(person.id)}

# The join of the enabled administrator accounts to the HR records, when HR evidence is given:
# matched (the staff id names an HR record), unmatched (a staff id no record has), unjoinable
# (no staff id). The engine makes the check an error when too few match.
join := {
	"between": "identity accounts to HR records",
	"matched": count(joined_admins),
	"unmatched": count(unmatched_admins),
	"unjoinable": count(unjoinable_admins),
	"hint": "is `staff_id` mapped to the employee id column in sources.identity.columns?",
} if is_array(input.hr.staff)

joined_admins contains index if {
	ids := hr_ids
	some index in admins
	input.identity.accounts[index].staff_id in ids
}

unmatched_admins contains index if {
	ids := hr_ids
	some index in admins
	account := input.identity.accounts[index]
	is_string(account.staff_id)
	not account.staff_id in ids
}

unjoinable_admins contains index if {
	some index in admins
	not is_string(input.identity.accounts[index].staff_id)
}

# Why each administrator account has no valid agreement.
failure_reason[index] := reason if {
	some index in admins
	signed := accounts[index].agreement_signed
	is_string(signed)
	signed <= window_start
	reason := sprintf("signed its agreement on %s, outside the %d-day validity before %s", [signed, params.agreement_max_age_days, as_of])
}

failure_reason[index] := reason if {
	some index in admins
	signed := accounts[index].agreement_signed
	is_string(signed)
	signed > as_of
	reason := sprintf("has an agreement dated %s, after the assessment date %s", [signed, as_of])
}

failure_reason[index] := no_agreement_reason if {
	some index in admins
	account := accounts[index]
	not is_string(account.agreement_signed)
	is_string(account.staff_id)
	not account.staff_id in agreed_in_hr
}

failure_reason[index] := "has no agreement date in the identity export, and no staff id to look for one on an HR record" if {
	some index in admins
	account := accounts[index]
	not is_string(account.agreement_signed)
	not is_string(account.staff_id)
}

no_agreement_reason := sprintf(
	"has no agreement date in the identity export, nor a %s date within %d days before %s on its owner's HR record",
	[course, params.agreement_max_age_days, as_of],
) if hr_present

no_agreement_reason := "has no agreement date in the identity export (no HR evidence was given to look for one)" if not hr_present

deny contains finding if {
	some index, reason in failure_reason
	account := accounts[index]
	msg := sprintf("administrator account %s %s", [account.id, reason])
	finding := object.union(data.dspt.lib.records.location(account), {"msg": msg, "record": account.id, "source": "identity"})
}

skip := "the identity export does not say which accounts are administrators (no account has `admin` set; map sources.identity.columns.admin)" if {
	count(accounts) > 0
	every account in accounts {
		not is_boolean(account.admin)
	}
}
