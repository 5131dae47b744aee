# Test support: the `suppliers` section of the evidence document (docs/evidence-document.md,
# "Registers"), as the engine writes it from a supplier register. Loaded by `dspt test` only.
package dspt.testing.suppliers

import rego.v1

import data.dspt.testing

# Supplier `number` of registers/suppliers.csv (on line number + 1): "Supplier <number> Ltd",
# providing cloud hosting and processing personal data in the UK, with a DSPT Standards Met
# published on 2025-11-20, Cyber Essentials Plus until 2027-01-31, its data processing agreement
# signed on 2024-05-01 and the contract reviewed on 2026-02-10, and a named contact (pseudonym
# p-<number + 256 in 16 hex digits>). `fields` replace any of it.
record(number, fields) := object.union(
	{
		"supplier": sprintf("Supplier %d Ltd", [number]),
		"service": "Cloud hosting",
		"personal_data": true,
		"location": "UK",
		"dspt_status": "Standards Met",
		"dspt_date": "2025-11-20",
		"certification": "Cyber Essentials Plus",
		"certificate_expires": "2027-01-31",
		"agreement_signed": "2024-05-01",
		"contract_review": "2026-02-10",
		"contact": sprintf("p-%016x", [number + 256]),
		"file": "registers/suppliers.csv",
		"line": number + 1,
	},
	fields,
)

# The `suppliers` section of one export, registers/suppliers.csv taken on 2026-06-29, of
# `records`.
section(records) := {
	"exports": [{"file": "registers/suppliers.csv", "rows": count(records), "exported_on": "2026-06-29", "reviewed_on": null}],
	"records": records,
}

# An evidence document of `records`.
evidence(records) := testing.evidence({"suppliers": section(records)})
