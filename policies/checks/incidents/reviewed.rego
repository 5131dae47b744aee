# METADATA
# title: Incidents are reviewed, with lessons learned and actions agreed
# description: >-
#   Every incident of the assessment year that is closed, or was opened longer ago than the
#   review period, has a completed review (lessons learned) dated on or after the day it was
#   opened, and the actions agreed from it. An incident for which the log gives no review date or
#   no actions fails.
#   DSPT 5.1.1, 6.1.2 (partly); CAF D2.a, D2.b (partly).
# custom:
#   id: INC-REV-001
#   severity: medium
#   sources: [incidents]
#   judges: closed or long-open incidents of the assessment year
package dspt.checks.incidents.reviewed

import rego.v1

nanoseconds_per_day := 86400000000000

date_layout := "2006-01-02"

params := data.dspt.params.incidents

as_of := input.assessment.as_of

as_of_ns := time.parse_ns(date_layout, as_of)

# Incidents opened on or after this day, and not after the assessment date, are in the year.
lookback_start := time.format([as_of_ns - (params.lookback_days * nanoseconds_per_day), "UTC", date_layout])

# Incidents opened before this day should have been reviewed even while still open.
review_due_before := time.format([as_of_ns - (params.review_within_days * nanoseconds_per_day), "UTC", date_layout])

recent contains index if {
	[start, today] := [lookback_start, as_of]
	some index, incident in input.incidents.records
	is_string(incident.opened)
	incident.opened >= start
	incident.opened <= today
}

# Incidents whose review is due: closed, or open since before review_due_before. Index -> why.
due[index] := sprintf("closed on %s", [incident.closed]) if {
	some index in recent
	incident := input.incidents.records[index]
	is_string(incident.closed)
}

due[index] := sprintf("open since %s, more than %d days before %s", [incident.opened, params.review_within_days, as_of]) if {
	due_before := review_due_before
	some index in recent
	incident := input.incidents.records[index]
	not is_string(incident.closed)
	incident.opened < due_before
}

judged contains input.incidents.records[index].reference if {
	some index, _ in due
}

incident_finding(incident, msg) := object.union(data.dspt.lib.records.location(incident), {
	"msg": msg,
	"record": incident.reference,
	"source": "incidents",
})

# Index -> what is wrong with a due incident's review, and with its actions.
review_problem[index] := "no completed review (lessons learned) recorded" if {
	some index, _ in due
	not is_string(input.incidents.records[index].reviewed)
}

review_problem[index] := sprintf("a review dated %s, before it was opened on %s", [incident.reviewed, incident.opened]) if {
	some index, _ in due
	incident := input.incidents.records[index]
	is_string(incident.reviewed)
	incident.reviewed < incident.opened
}

actions_problem[index] := "no agreed actions recorded" if {
	some index, _ in due
	not is_string(input.incidents.records[index].actions)
}

# One finding per incident (a finding's fingerprint is its check and record), naming every problem.
deny contains finding if {
	[reasons, reviews, actions] := [due, review_problem, actions_problem]
	some index, why in reasons
	parts := [text | some text in [object.get(reviews, index, ""), object.get(actions, index, "")]; text != ""]
	count(parts) > 0
	incident := input.incidents.records[index]
	msg := sprintf("incident %s (%s) has %s", [incident.reference, why, concat(" and ", parts)])
	finding := incident_finding(incident, msg)
}
