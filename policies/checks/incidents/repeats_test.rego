package dspt.checks.incidents.repeats_test

import rego.v1

import data.dspt.checks.incidents.repeats
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

warn(records) := result if {
	result := repeats.warn with input as incidents.evidence(records) with data.dspt.params as params
}

judged(records) := result if {
	result := repeats.judged with input as incidents.evidence(records) with data.dspt.params as params
}

# Incident `number` of `category`, opened on `opened`.
of(number, category, opened) := incidents.incident(number, {"category": category, "opened": opened})

test_spread_out_or_different_incidents_pass if {
	records := [
		# Three phishing incidents, the first and last 91 days apart.
		of(1, "phishing", "2026-01-01"),
		of(2, "phishing", "2026-02-15"),
		of(3, "phishing", "2026-04-02"),
		# Two lost devices within days.
		of(4, "lost device", "2026-03-01"),
		of(5, "lost device", "2026-03-03"),
		of(6, "malware", "2026-03-02"),
	]
	count(warn(records)) == 0
	# No category keeps an empty list of repeats.
	count(repeats.categories) == 0 with input as incidents.evidence(records) with data.dspt.params as params
	judged(records) == {"INC0000001", "INC0000002", "INC0000003", "INC0000004", "INC0000005", "INC0000006"}
}

test_three_of_a_category_within_the_window_warn_once if {
	records := [
		# Exactly 90 days from first to last, categories written differently.
		of(1, "Phishing", "2026-01-01"),
		of(2, "phishing ", "2026-02-15"),
		of(3, "PHISHING", "2026-04-01"),
		of(4, "malware", "2026-03-02"),
	]
	warn(records) == {{
		"msg": "3 incidents in the category \"phishing\" were opened in runs of at least 3 within 90 days: INC0000001 (2026-01-01), INC0000002 (2026-02-15), INC0000003 (2026-04-01); look for a common root cause",
		"record": "phishing",
		"file": "registers/incidents.csv",
		"line": 2,
		"source": "incidents",
	}}
}

test_every_incident_of_overlapping_windows_is_named_once if {
	records := [
		of(5, "phishing", "2026-05-20"),
		of(1, "phishing", "2026-01-10"),
		of(2, "phishing", "2026-02-01"),
		of(3, "phishing", "2026-03-01"),
		of(4, "phishing", "2026-04-15"),
		# Alone, long before: not named.
		of(6, "phishing", "2025-09-01"),
	]
	w := warn(records)
	count(w) == 1
	some finding in w
	contains(finding.msg, "5 incidents in the category \"phishing\"")
	contains(finding.msg, "INC0000001 (2026-01-10), INC0000002 (2026-02-01), INC0000003 (2026-03-01), INC0000004 (2026-04-15), INC0000005 (2026-05-20);")
	finding.line == 2
}

test_each_category_warns_separately if {
	records := [
		of(1, "phishing", "2026-03-01"),
		of(2, "phishing", "2026-03-02"),
		of(3, "phishing", "2026-03-03"),
		of(4, "lost device", "2026-05-01"),
		of(5, "lost device", "2026-05-02"),
		of(6, "lost device", "2026-05-03"),
	]
	{finding.record | some finding in warn(records)} == {"phishing", "lost device"}
}

test_incidents_without_a_category_or_outside_the_lookback_are_not_judged if {
	records := [
		of(1, null, "2026-03-01"),
		of(2, " ", "2026-03-01"),
		of(3, "phishing", "2025-06-29"),
		of(4, "phishing", "2025-06-30"),
		of(5, "phishing", "2026-07-01"),
		of(6, "phishing", "2025-07-01"),
	]
	judged(records) == {"INC0000004", "INC0000006"}
	count(warn(records)) == 0
}

test_threshold_and_window_parameters_are_honoured if {
	records := [of(1, "phishing", "2026-03-01"), of(2, "phishing", "2026-03-20")]
	pairs := {"incidents": object.union(params.incidents, {"repeat_threshold": 2})}
	count(repeats.warn) == 1 with input as incidents.evidence(records) with data.dspt.params as pairs
	narrow := {"incidents": object.union(params.incidents, {"repeat_threshold": 2, "repeat_window_days": 18})}
	count(repeats.warn) == 0 with input as incidents.evidence(records) with data.dspt.params as narrow
}

test_without_an_incident_log_nothing_is_judged if {
	count(repeats.judged) == 0 with input as testing.evidence({}) with data.dspt.params as params
	count(repeats.judged) == 0 with input as incidents.evidence([]) with data.dspt.params as params
}
