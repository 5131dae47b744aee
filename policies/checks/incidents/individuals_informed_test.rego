package dspt.checks.incidents.individuals_informed_test

import rego.v1

import data.dspt.checks.incidents.individuals_informed
import data.dspt.testing
import data.dspt.testing.incidents

# The parameters of the incident checks, as shipped in policies/params/incidents.yaml.
params := {"incidents": {
	"log_max_age_days": 31,
	"lookback_days": 365,
	"ico_report_days": 3,
	"review_within_days": 60,
	"repeat_threshold": 3,
	"repeat_window_days": 90,
}}

deny(records) := result if {
	result := individuals_informed.deny with input as incidents.evidence(records) with data.dspt.params as params
}

judged(records) := result if {
	result := individuals_informed.judged with input as incidents.evidence(records) with data.dspt.params as params
}

test_high_risk_breaches_with_individuals_informed_pass if {
	records := [
		incidents.incident(1, {}),
		incidents.breach(2, {}),
		incidents.breach(3, {"high_risk": true, "individuals_informed": "2026-03-04"}),
	]
	count(deny(records)) == 0
	judged(records) == {"INC0000003"}
}

test_high_risk_breach_without_individuals_informed_is_denied if {
	records := [incidents.breach(1, {"high_risk": true}), incidents.breach(2, {})]
	deny(records) == {{
		"msg": "incident INC0000001 is a personal data breach with a high risk to individuals and the log does not say the individuals affected were informed",
		"record": "INC0000001",
		"file": "registers/incidents.csv",
		"line": 2,
		"source": "incidents",
	}}
}

test_unknown_risk_fails_closed if {
	records := [incidents.breach(1, {"high_risk": null})]
	deny(records) == {{
		"msg": "incident INC0000001 is a personal data breach and the log does not say whether it was high risk to individuals, nor that the individuals affected were informed",
		"record": "INC0000001",
		"file": "registers/incidents.csv",
		"line": 2,
		"source": "incidents",
	}}
	judged(records) == {"INC0000001"}
}

test_unknown_risk_with_individuals_informed_passes if {
	# Whatever the risk, the individuals were told.
	records := [incidents.breach(1, {"high_risk": null, "reportable": null, "individuals_informed": "2026-03-05"})]
	count(deny(records)) == 0
	judged(records) == {"INC0000001"}
}

test_unknown_risk_on_a_breach_marked_not_reportable_is_not_judged if {
	# Not reportable to the ICO means not even a risk, so not a high risk.
	records := [incidents.breach(1, {"high_risk": null, "reportable": false, "reported_to_ico": null})]
	count(deny(records)) == 0
	count(judged(records)) == 0
}

test_high_risk_marked_not_reportable_is_still_judged if {
	records := [incidents.breach(1, {"high_risk": true, "reportable": false})]
	{finding.record | some finding in deny(records)} == {"INC0000001"}
}

test_incidents_that_are_not_breaches_are_not_judged if {
	records := [
		incidents.incident(1, {"high_risk": true}),
		incidents.incident(2, {"personal_data_breach": null, "high_risk": true}),
	]
	count(deny(records)) == 0
	count(judged(records)) == 0
}

test_only_breaches_of_the_lookback_are_judged if {
	records := [
		incidents.breach(1, {"opened": "2025-06-30", "high_risk": true}),
		incidents.breach(2, {"opened": "2025-06-29", "high_risk": true}),
		incidents.breach(3, {"opened": "2026-07-01", "high_risk": true}),
	]
	judged(records) == {"INC0000001"}
	{finding.record | some finding in deny(records)} == {"INC0000001"}
}

test_without_an_incident_log_nothing_is_judged if {
	count(individuals_informed.judged) == 0 with input as testing.evidence({}) with data.dspt.params as params
}
