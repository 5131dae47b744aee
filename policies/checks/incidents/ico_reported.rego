# METADATA
# title: Reportable personal data breaches were reported to the ICO within 72 hours
# description: >-
#   Every incident of the assessment year that the log marks as a personal data breach, and does
#   not mark as not reportable, was reported to the ICO within 72 hours of its discovery (UK GDPR
#   Art. 33; the log's dates have no time, so within 3 days of the day of discovery, or of the day
#   it was opened when the log gives no discovery date). An incident for which the log does not
#   say whether it was a personal data breach fails: unknown is not "no breach".
#   DSPT 6.1.1 (partly), 6.1.2 (partly); CAF D1.a (partly).
# custom:
#   id: INC-ICO-001
#   severity: high
#   sources: [incidents]
#   judges: personal data breaches of the assessment year
package dspt.checks.incidents.ico_reported

import rego.v1

nanoseconds_per_day := 86400000000000

date_layout := "2006-01-02"

params := data.dspt.params.incidents

records := input.incidents.records

as_of := input.assessment.as_of

# Incidents opened on or after this day, and not after the assessment date, are judged.
lookback_start := time.format([time.parse_ns(date_layout, as_of) - (params.lookback_days * nanoseconds_per_day), "UTC", date_layout])

recent contains index if {
	[start, today] := [lookback_start, as_of]
	some index, incident in input.incidents.records
	is_string(incident.opened)
	incident.opened >= start
	incident.opened <= today
}

# Personal data breaches the log does not mark as not reportable (an empty `reportable` on a
# breach is taken as reportable).
breaches contains index if {
	some index in recent
	incident := input.incidents.records[index]
	incident.personal_data_breach == true
	not incident.reportable == false
}

# Incidents for which the log does not say whether they were personal data breaches.
unknown contains index if {
	some index in recent
	not is_boolean(input.incidents.records[index].personal_data_breach)
}

judged contains input.incidents.records[index].reference if {
	some index in breaches
}

judged contains input.incidents.records[index].reference if {
	some index in unknown
}

incident_finding(incident, msg) := object.union(data.dspt.lib.records.location(incident), {
	"msg": msg,
	"record": incident.reference,
	"source": "incidents",
})

# How the breach reads in a message.
state(incident) := "a reportable personal data breach" if incident.reportable == true

state(incident) := "a personal data breach the log does not mark as not reportable" if not incident.reportable == true

# The day the 72 hours run from, and what happened on it.
start(incident) := [incident.discovered, "discovered"] if is_string(incident.discovered)

start(incident) := [incident.opened, "opened"] if not is_string(incident.discovered)

deny contains finding if {
	some index in unknown
	incident := records[index]
	msg := sprintf(
		"incident %s (opened %s): the log does not say whether it was a personal data breach, so whether it had to be reported to the ICO cannot be judged",
		[incident.reference, incident.opened],
	)
	finding := incident_finding(incident, msg)
}

deny contains finding if {
	some index in breaches
	incident := records[index]
	not is_string(incident.reported_to_ico)
	msg := sprintf(
		"incident %s is %s and the log does not say it was reported to the ICO",
		[incident.reference, state(incident)],
	)
	finding := incident_finding(incident, msg)
}

deny contains finding if {
	allowance := params.ico_report_days * nanoseconds_per_day
	some index in breaches
	incident := records[index]
	reported := incident.reported_to_ico
	is_string(reported)
	[from, event] := start(incident)
	deadline := time.format([time.parse_ns(date_layout, from) + allowance, "UTC", date_layout])
	reported > deadline
	msg := sprintf(
		"incident %s is %s and was reported to the ICO on %s, more than %d days after it was %s on %s (72 hours, UK GDPR Art. 33)",
		[incident.reference, state(incident), reported, params.ico_report_days, event, from],
	)
	finding := incident_finding(incident, msg)
}
