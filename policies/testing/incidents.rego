# Test support: the `incidents` section of the evidence document (docs/evidence-document.md,
# "Registers"), as the engine writes it from an incident log export. Loaded by `dspt test` only.
package dspt.testing.incidents

import rego.v1

import data.dspt.testing

# Incident `number` of registers/incidents.csv (reference INC<number in 7 digits>, on line
# number + 1): a phishing incident opened on 2026-03-02, not a personal data breach, reviewed with
# actions agreed and closed on 2026-03-20, reported by p-<number in 16 hex digits>. `fields`
# replace any of it.
incident(number, fields) := object.union(
	{
		"reference": sprintf("INC%07d", [number]),
		"opened": "2026-03-02",
		"discovered": null,
		"category": "phishing",
		"personal_data_breach": false,
		"reportable": null,
		"high_risk": null,
		"severity": "3 - Moderate",
		"reported_to_ico": null,
		"individuals_informed": null,
		"reviewed": "2026-03-20",
		"actions": "Mailbox rule removed; staff reminded how to report phishing",
		"closed": "2026-03-20",
		"reported_by": sprintf("p-%016x", [number]),
		"file": "registers/incidents.csv",
		"line": number + 1,
	},
	fields,
)

# Incident `number` as a personal data breach, reportable and not high risk, discovered on
# 2026-03-01 and reported to the ICO on 2026-03-03 (incident's other defaults). `fields` replace
# any of it.
breach(number, fields) := incident(number, object.union(
	{
		"category": "misdirected email",
		"discovered": "2026-03-01",
		"personal_data_breach": true,
		"reportable": true,
		"high_risk": false,
		"reported_to_ico": "2026-03-03",
	},
	fields,
))

# The `incidents` section of one export, registers/incidents.csv, of `records`, taken on
# `exported_on` (null when the config does not give it).
section_exported_on(records, exported_on) := {
	"exports": [{"file": "registers/incidents.csv", "rows": count(records), "exported_on": exported_on, "reviewed_on": null}],
	"records": records,
}

# The same taken on 2026-06-29, the day before the assessment date.
section(records) := section_exported_on(records, "2026-06-29")

# An evidence document of `records`, exported on 2026-06-29.
evidence(records) := testing.evidence({"incidents": section(records)})

# The same with the export taken on `exported_on`.
evidence_exported_on(records, exported_on) := testing.evidence({"incidents": section_exported_on(records, exported_on)})
