# METADATA
# title: Individuals affected by a high-risk personal data breach were informed
# description: >-
#   Every personal data breach of the assessment year that the log marks as a high risk to
#   individuals' rights and freedoms has the date the affected individuals were told (UK GDPR
#   Art. 34). A breach for which the log does not say whether it was high risk, and does not
#   say that individuals were told, fails; a breach the log marks as not reportable to the ICO is
#   taken as not high risk, since a high risk to individuals is always reportable.
#   DSPT 6.1.3; CAF D1.a (partly).
# custom:
#   id: INC-INF-001
#   severity: high
#   sources: [incidents]
#   judges: high-risk personal data breaches of the assessment year
package dspt.checks.incidents.individuals_informed

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

# Breaches marked high risk.
high_risk contains index if {
	some index in recent
	incident := input.incidents.records[index]
	incident.personal_data_breach == true
	incident.high_risk == true
}

# Breaches the log does not grade: not marked high risk or not, nor as not reportable.
ungraded contains index if {
	some index in recent
	incident := input.incidents.records[index]
	incident.personal_data_breach == true
	not is_boolean(incident.high_risk)
	not incident.reportable == false
}

judged contains input.incidents.records[index].reference if {
	some index in high_risk
}

judged contains input.incidents.records[index].reference if {
	some index in ungraded
}

incident_finding(incident, msg) := object.union(data.dspt.lib.records.location(incident), {
	"msg": msg,
	"record": incident.reference,
	"source": "incidents",
})

deny contains finding if {
	some index in high_risk
	incident := records[index]
	not is_string(incident.individuals_informed)
	msg := sprintf(
		"incident %s is a personal data breach with a high risk to individuals and the log does not say the individuals affected were informed",
		[incident.reference],
	)
	finding := incident_finding(incident, msg)
}

deny contains finding if {
	some index in ungraded
	incident := records[index]
	not is_string(incident.individuals_informed)
	msg := sprintf(
		"incident %s is a personal data breach and the log does not say whether it was high risk to individuals, nor that the individuals affected were informed",
		[incident.reference],
	)
	finding := incident_finding(incident, msg)
}
