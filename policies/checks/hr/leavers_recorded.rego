# METADATA
# title: Leavers are recorded with their leave date
# description: >-
#   Every staff record whose status marks a leaver has a leave date, so that access removal can
#   be checked against it. A leaver status with a leave date after the assessment date is a
#   warning. DSPT 4.1.1, 4.2.4.
# custom:
#   id: HR-LEV-001
#   severity: medium
#   sources: [hr]
#   judges: staff records with a leaver status
package dspt.checks.hr.leavers_recorded

import rego.v1

params := data.dspt.params.hr

staff := input.hr.staff

as_of := input.assessment.as_of

# The statuses written in the export that match a leaver status pattern, compared
# case-insensitively: an export has thousands of records but a handful of statuses, so each
# status is matched once, not once per record.
leaver_statuses contains status if {
	some status in {person.status | some person in input.hr.staff; is_string(person.status)}
	some pattern in params.leaver_statuses
	regex.match(concat("", ["(?i)", pattern]), status)
}

# Records with a leaver status.
leavers contains index if {
	statuses := leaver_statuses
	count(statuses) > 0
	some index, person in input.hr.staff
	person.status in statuses
}

# Every record with a leaver status is judged on its leave date.
judged contains input.hr.staff[index].id if {
	some index in leavers
}

# The status column is mapped and filled on at least one record.
status_known if {
	some person in staff
	is_string(person.status)
}

deny contains finding if {
	some index in leavers
	person := staff[index]
	not is_string(person.leave_date)
	finding := {
		"msg": sprintf("staff record %s has status %q but no leave date", [person.id, person.status]),
		"record": person.id,
		"file": person.file,
		"line": person.line,
		"source": "hr",
	}
}

warn contains finding if {
	some index in leavers
	person := staff[index]
	is_string(person.leave_date)
	person.leave_date > as_of
	finding := {
		"msg": sprintf(
			"staff record %s has status %q but a leave date of %s, after the assessment date %s",
			[person.id, person.status, person.leave_date, as_of],
		),
		"record": person.id,
		"file": person.file,
		"line": person.line,
		"source": "hr",
	}
}

skip := "no staff record has a status (map sources.hr.columns.status), so leavers cannot be told from staff" if {
	not status_known
}
