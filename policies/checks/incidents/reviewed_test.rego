package dspt.checks.incidents.reviewed_test

import rego.v1

import data.dspt.checks.incidents.reviewed
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
	result := reviewed.deny with input as incidents.evidence(records) with data.dspt.params as params
}

judged(records) := result if {
	result := reviewed.judged with input as incidents.evidence(records) with data.dspt.params as params
}

# Still open, no review yet.
open_incident(number, opened) := incidents.incident(number, {"opened": opened, "closed": null, "reviewed": null, "actions": null})

test_reviewed_incidents_pass if {
	records := [
		incidents.incident(1, {}),
		# Reviewed on the day it was opened.
		incidents.incident(2, {"opened": "2026-04-01", "reviewed": "2026-04-01", "closed": "2026-04-02"}),
		# Open for exactly 60 days (opened 2026-05-01): not yet due.
		open_incident(3, "2026-05-01"),
	]
	count(deny(records)) == 0
	judged(records) == {"INC0000001", "INC0000002"}
}

test_closed_incident_without_review_is_denied if {
	records := [incidents.incident(1, {"reviewed": null})]
	deny(records) == {{
		"msg": "incident INC0000001 (closed on 2026-03-20) has no completed review (lessons learned) recorded",
		"record": "INC0000001",
		"file": "registers/incidents.csv",
		"line": 2,
		"source": "incidents",
	}}
}

test_closed_incident_without_actions_is_denied if {
	records := [incidents.incident(1, {"actions": null})]
	deny(records) == {{
		"msg": "incident INC0000001 (closed on 2026-03-20) has no agreed actions recorded",
		"record": "INC0000001",
		"file": "registers/incidents.csv",
		"line": 2,
		"source": "incidents",
	}}
}

test_incident_open_past_the_review_period_is_denied if {
	# Opened 2026-04-30, 61 days before 2026-06-30.
	records := [open_incident(1, "2026-04-30")]
	deny(records) == {{
		"msg": "incident INC0000001 (open since 2026-04-30, more than 60 days before 2026-06-30) has no completed review (lessons learned) recorded and no agreed actions recorded",
		"record": "INC0000001",
		"file": "registers/incidents.csv",
		"line": 2,
		"source": "incidents",
	}}
	judged(records) == {"INC0000001"}
}

test_review_dated_before_the_incident_is_denied if {
	records := [incidents.incident(1, {"opened": "2026-03-02", "reviewed": "2026-03-01"})]
	deny(records) == {{
		"msg": "incident INC0000001 (closed on 2026-03-20) has a review dated 2026-03-01, before it was opened on 2026-03-02",
		"record": "INC0000001",
		"file": "registers/incidents.csv",
		"line": 2,
		"source": "incidents",
	}}
}

test_every_problem_of_an_incident_is_one_finding if {
	records := [
		incidents.incident(1, {"opened": "2026-03-02", "reviewed": "2026-03-01", "actions": null}),
		incidents.incident(2, {"reviewed": null}),
	]
	deny(records) == {
		{
			"msg": "incident INC0000001 (closed on 2026-03-20) has a review dated 2026-03-01, before it was opened on 2026-03-02 and no agreed actions recorded",
			"record": "INC0000001",
			"file": "registers/incidents.csv",
			"line": 2,
			"source": "incidents",
		},
		{
			"msg": "incident INC0000002 (closed on 2026-03-20) has no completed review (lessons learned) recorded",
			"record": "INC0000002",
			"file": "registers/incidents.csv",
			"line": 3,
			"source": "incidents",
		},
	}
}

test_open_incidents_within_the_review_period_are_not_judged if {
	records := [open_incident(1, "2026-06-01"), open_incident(2, "2026-05-01")]
	count(deny(records)) == 0
	count(judged(records)) == 0
}

test_only_incidents_of_the_lookback_are_judged if {
	records := [
		incidents.incident(1, {"opened": "2025-06-30", "reviewed": null}),
		incidents.incident(2, {"opened": "2025-06-29", "reviewed": null}),
		incidents.incident(3, {"opened": "2026-07-01", "reviewed": null}),
	]
	judged(records) == {"INC0000001"}
	{finding.record | some finding in deny(records)} == {"INC0000001"}
}

test_review_period_parameter_is_honoured if {
	records := [open_incident(1, "2026-05-01")]
	override := {"incidents": object.union(params.incidents, {"review_within_days": 30})}
	count(reviewed.deny) == 1 with input as incidents.evidence(records) with data.dspt.params as override
}

test_without_an_incident_log_nothing_is_judged if {
	count(reviewed.judged) == 0 with input as testing.evidence({}) with data.dspt.params as params
	count(reviewed.judged) == 0 with input as incidents.evidence([]) with data.dspt.params as params
}
