package dspt.checks.incidents.log_current_test

import rego.v1

import data.dspt.checks.incidents.log_current
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

log := [incidents.incident(1, {}), incidents.breach(2, {})]

test_a_current_export_passes if {
	input_doc := incidents.evidence(log)
	count(log_current.deny) == 0 with input as input_doc with data.dspt.params as params
}

test_an_export_exactly_at_the_limit_passes if {
	# 2026-05-30 is exactly 31 days before 2026-06-30.
	input_doc := incidents.evidence_exported_on(log, "2026-05-30")
	count(log_current.deny) == 0 with input as input_doc with data.dspt.params as params
}

test_an_export_taken_on_the_assessment_date_passes if {
	input_doc := incidents.evidence_exported_on(log, "2026-06-30")
	count(log_current.deny) == 0 with input as input_doc with data.dspt.params as params
}

test_an_empty_log_is_a_quiet_year_and_passes if {
	input_doc := incidents.evidence([])
	count(log_current.deny) == 0 with input as input_doc with data.dspt.params as params
	log_current.judged == {"registers/incidents.csv"} with input as input_doc with data.dspt.params as params
}

test_an_old_export_is_denied if {
	deny := log_current.deny with input as incidents.evidence_exported_on(log, "2026-05-29") with data.dspt.params as params
	deny == {{
		"msg": "the incident log registers/incidents.csv was exported on 2026-05-29, more than 31 days before 2026-06-30: it does not cover the assessment year",
		"record": "registers/incidents.csv",
		"file": "registers/incidents.csv",
		"source": "incidents",
	}}
}

test_an_export_without_a_date_fails_closed if {
	deny := log_current.deny with input as incidents.evidence_exported_on(log, null) with data.dspt.params as params
	deny == {{
		"msg": "the config does not say when the incident log registers/incidents.csv was exported: set sources.incidents.exported_on",
		"record": "registers/incidents.csv",
		"file": "registers/incidents.csv",
		"source": "incidents",
	}}
}

test_an_export_dated_after_the_assessment_is_denied if {
	deny := log_current.deny with input as incidents.evidence_exported_on(log, "2026-07-01") with data.dspt.params as params
	deny == {{
		"msg": "the incident log registers/incidents.csv is said to be exported on 2026-07-01, after the assessment date 2026-06-30",
		"record": "registers/incidents.csv",
		"file": "registers/incidents.csv",
		"source": "incidents",
	}}
}

test_each_export_is_judged_on_its_own_date if {
	input_doc := testing.evidence({"incidents": {
		"exports": [
			{"file": "registers/incidents-2025.csv", "rows": 4, "exported_on": "2026-01-05", "reviewed_on": null},
			{"file": "registers/incidents-2026.csv", "rows": 2, "exported_on": "2026-06-29", "reviewed_on": null},
		],
		"records": log,
	}})
	deny := log_current.deny with input as input_doc with data.dspt.params as params
	{finding.record | some finding in deny} == {"registers/incidents-2025.csv"}
	judged := log_current.judged with input as input_doc with data.dspt.params as params
	judged == {"registers/incidents-2025.csv", "registers/incidents-2026.csv"}
}

test_max_age_parameter_is_honoured if {
	input_doc := incidents.evidence_exported_on(log, "2026-05-29")
	count(log_current.deny) == 0 with input as input_doc with data.dspt.params as {"incidents": {"log_max_age_days": 32}}
	count(log_current.deny) == 1 with input as incidents.evidence(log) with data.dspt.params as {"incidents": {"log_max_age_days": 0}}
}

test_without_an_incident_log_nothing_is_judged if {
	count(log_current.judged) == 0 with input as testing.evidence({}) with data.dspt.params as params
	count(log_current.deny) == 0 with input as testing.evidence({}) with data.dspt.params as params
}
