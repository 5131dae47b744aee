package dspt.checks.incidents.ico_reported_test

import rego.v1

import data.dspt.checks.incidents.ico_reported
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
	result := ico_reported.deny with input as incidents.evidence(records) with data.dspt.params as params
}

judged(records) := result if {
	result := ico_reported.judged with input as incidents.evidence(records) with data.dspt.params as params
}

test_breaches_reported_in_time_pass if {
	records := [
		incidents.incident(1, {}),
		# Discovered 2026-03-01, reported 2026-03-04: exactly 3 days, on the deadline.
		incidents.breach(2, {"reported_to_ico": "2026-03-04"}),
		# No discovery date: the 3 days run from the day it was opened.
		incidents.breach(3, {"discovered": null, "opened": "2026-04-10", "reported_to_ico": "2026-04-13"}),
	]
	count(deny(records)) == 0
	judged(records) == {"INC0000002", "INC0000003"}
}

test_a_late_report_is_denied if {
	records := [incidents.breach(1, {"reported_to_ico": "2026-03-05"})]
	deny(records) == {{
		"msg": "incident INC0000001 is a reportable personal data breach and was reported to the ICO on 2026-03-05, more than 3 days after it was discovered on 2026-03-01 (72 hours, UK GDPR Art. 33)",
		"record": "INC0000001",
		"file": "registers/incidents.csv",
		"line": 2,
		"source": "incidents",
	}}
}

test_a_late_report_counts_from_opened_without_a_discovery_date if {
	records := [incidents.breach(1, {"discovered": null, "opened": "2026-04-10", "reported_to_ico": "2026-04-14"})]
	some finding in deny(records)
	contains(finding.msg, "more than 3 days after it was opened on 2026-04-10")
}

test_an_unreported_breach_is_denied if {
	records := [incidents.breach(1, {"reported_to_ico": null}), incidents.breach(2, {})]
	deny(records) == {{
		"msg": "incident INC0000001 is a reportable personal data breach and the log does not say it was reported to the ICO",
		"record": "INC0000001",
		"file": "registers/incidents.csv",
		"line": 2,
		"source": "incidents",
	}}
}

test_a_breach_with_unknown_reportability_is_taken_as_reportable if {
	records := [incidents.breach(1, {"reportable": null, "reported_to_ico": null})]
	deny(records) == {{
		"msg": "incident INC0000001 is a personal data breach the log does not mark as not reportable and the log does not say it was reported to the ICO",
		"record": "INC0000001",
		"file": "registers/incidents.csv",
		"line": 2,
		"source": "incidents",
	}}
	judged(records) == {"INC0000001"}
}

test_unknown_breach_status_fails_closed if {
	records := [incidents.incident(1, {"personal_data_breach": null}), incidents.incident(2, {})]
	deny(records) == {{
		"msg": "incident INC0000001 (opened 2026-03-02): the log does not say whether it was a personal data breach, so whether it had to be reported to the ICO cannot be judged",
		"record": "INC0000001",
		"file": "registers/incidents.csv",
		"line": 2,
		"source": "incidents",
	}}
	judged(records) == {"INC0000001"}
}

test_non_breaches_and_non_reportable_breaches_are_not_judged if {
	records := [
		incidents.incident(1, {}),
		incidents.breach(2, {"reportable": false, "reported_to_ico": null}),
	]
	count(deny(records)) == 0
	count(judged(records)) == 0
}

test_only_incidents_of_the_lookback_are_judged if {
	records := [
		# 2025-06-30 is exactly 365 days before 2026-06-30: judged.
		incidents.breach(1, {"opened": "2025-06-30", "discovered": "2025-06-30", "reported_to_ico": null}),
		# A day earlier: not judged.
		incidents.breach(2, {"opened": "2025-06-29", "discovered": "2025-06-29", "reported_to_ico": null}),
		# Opened after the assessment date: not judged.
		incidents.breach(3, {"opened": "2026-07-01", "discovered": "2026-07-01", "reported_to_ico": null}),
	]
	judged(records) == {"INC0000001"}
	{finding.record | some finding in deny(records)} == {"INC0000001"}
}

test_report_days_parameter_is_honoured if {
	records := [incidents.breach(1, {"reported_to_ico": "2026-03-05"})]
	override := {"incidents": object.union(params.incidents, {"ico_report_days": 4})}
	count(ico_reported.deny) == 0 with input as incidents.evidence(records) with data.dspt.params as override
}

test_json_records_carry_a_pointer if {
	record := object.union(object.remove(incidents.breach(1, {"reported_to_ico": null}), ["line"]), {"file": "registers/incidents.json", "pointer": "/3"})
	some finding in deny([record])
	finding.pointer == "/3"
	finding.file == "registers/incidents.json"
	not finding.line
}

test_without_an_incident_log_nothing_is_judged if {
	count(ico_reported.judged) == 0 with input as testing.evidence({}) with data.dspt.params as params
	count(ico_reported.judged) == 0 with input as incidents.evidence([]) with data.dspt.params as params
}
