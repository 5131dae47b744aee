# Test support: the `hr` section of the evidence document (docs/evidence-document.md, `hr`), as
# the engine writes it from an HR export. Loaded by `dspt test` only.
package dspt.testing.hr

import rego.v1

import data.dspt.testing

# Staff record `number` of hr/training.csv (id p-<number in 16 hex digits>, on line number + 1):
# an active Software Engineer since 2023-04-03, no leave date, the contract clause signed and data
# security training done on 2026-03-12. `fields` replace any of it; `courses` is merged course by
# course (object.union), so give every course the test relies on.
person(number, fields) := object.union(
	{
		"id": sprintf("p-%016x", [number]),
		"role": "Software Engineer",
		"status": "Active",
		"start_date": "2023-04-03",
		"leave_date": null,
		"contract_clause": true,
		"courses": {"data_security": "2026-03-12"},
		"file": "hr/training.csv",
		"line": number + 1,
	},
	fields,
)

# The `hr` section of one export, hr/training.csv, of `staff`, taken on `exported_on` (null when
# the date is not configured).
section(staff, exported_on) := {
	"exports": [{"file": "hr/training.csv", "rows": count(staff), "exported_on": exported_on}],
	"staff": staff,
}

# An evidence document of `staff` exported on 2026-06-28, two days before the assessment date.
evidence(staff) := testing.evidence({"hr": section(staff, "2026-06-28")})

# The same with the export taken on `exported_on`.
evidence_exported_on(staff, exported_on) := testing.evidence({"hr": section(staff, exported_on)})

# The same with a training needs analysis (see training_needs) in `hr.training_needs`.
evidence_with_needs(staff, training_needs) := object.union(evidence(staff), {"hr": {"training_needs": training_needs}})

# A training needs analysis, hr/training-needs.yaml, reviewed on 2026-02-20 and approved by the
# SIRO, of `roles`: [{role (a glob), courses: [{course, every_days}]}], the first match deciding.
training_needs(roles) := {
	"file": "hr/training-needs.yaml",
	"reviewed_on": "2026-02-20",
	"approved_by": "Senior Information Risk Owner",
	"roles": roles,
}
