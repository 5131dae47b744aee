# Test support: the `assets` section of the evidence document (docs/evidence-document.md,
# "Registers"), as the engine writes it from an information asset register. Loaded by `dspt test`
# only.
package dspt.testing.assets

import rego.v1

import data.dspt.testing

# Entry `number` of registers/assets.csv (on line number + 1): asset "Asset <number>", a database
# owned by the Head of Engineering and a named owner (pseudonym p-<number in 16 hex digits>),
# holding personal but not patient data in eu-west-2, of high criticality, reviewed on 2026-03-02,
# naming no Terraform address. `fields` replace any of it.
record(number, fields) := object.union(
	{
		"asset": sprintf("Asset %d", [number]),
		"type": "database",
		"owner": "Head of Engineering",
		"owner_name": sprintf("p-%016x", [number]),
		"personal_data": true,
		"patient_data": false,
		"location": "eu-west-2",
		"criticality": "high",
		"reviewed_on": "2026-03-02",
		"address": null,
		"file": "registers/assets.csv",
		"line": number + 1,
	},
	fields,
)

# The `assets` section of one export, registers/assets.csv taken on 2026-06-29, of `records`,
# with the register-wide review date `reviewed_on` (sources.assets.reviewed_on; null when the
# config does not say).
section_reviewed_on(records, reviewed_on) := {
	"exports": [{"file": "registers/assets.csv", "rows": count(records), "exported_on": "2026-06-29", "reviewed_on": reviewed_on}],
	"records": records,
}

# The same with no register-wide review date: each entry's own review counts.
section(records) := section_reviewed_on(records, null)

# An evidence document of `records`.
evidence(records) := testing.evidence({"assets": section(records)})

# An evidence document of `records` in a register last reviewed as a whole on `reviewed_on`.
evidence_reviewed_on(records, reviewed_on) := testing.evidence({"assets": section_reviewed_on(records, reviewed_on)})

# An evidence document of `records` and of Terraform `plans` (dspt.testing.terraform plan
# records), for the checks that join the register to the plans.
evidence_with_plans(records, plans) := testing.evidence({"assets": section(records), "terraform": {"plans": plans}})
