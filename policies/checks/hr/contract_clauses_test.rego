package dspt.checks.hr.contract_clauses_test

import rego.v1

import data.dspt.checks.hr.contract_clauses
import data.dspt.testing
import data.dspt.testing.hr

# The check reads no parameters; the HR parameters are given as the engine would.
params := {"hr": {"training_course": "data_security"}}

# An active Software Engineer (hr.person) with this leave date and contract clause.
person(number, leave_date, clause) := hr.person(number, {"leave_date": leave_date, "contract_clause": clause})

test_every_contract_with_the_clause_passes if {
	staff := [person(1, null, true), person(2, null, true), person(3, "2025-11-14", false)]
	count(contract_clauses.deny) == 0 with input as hr.evidence(staff) with data.dspt.params as params
	count(contract_clauses.error) == 0 with input as hr.evidence(staff) with data.dspt.params as params
}

test_contract_without_the_clause_is_denied if {
	staff := [person(1, null, true), person(2, null, false)]
	deny := contract_clauses.deny with input as hr.evidence(staff) with data.dspt.params as params
	deny == {{
		"msg": "staff record p-0000000000000002 has a contract without the data security clause",
		"record": "p-0000000000000002",
		"file": "hr/training.csv",
		"line": 3,
		"source": "hr",
	}}
}

test_record_with_no_value_is_denied_saying_the_export_does_not_say if {
	staff := [person(1, null, true), person(2, "2026-07-31", null)]
	deny := contract_clauses.deny with input as hr.evidence(staff) with data.dspt.params as params
	count(deny) == 1
	some finding in deny
	finding.record == "p-0000000000000002"
	contains(finding.msg, "the export does not say")
}

test_leavers_and_future_starters_are_not_judged if {
	future := object.union(person(3, null, false), {"start_date": "2026-07-06"})
	staff := [person(1, null, true), person(2, "2026-04-17", false), future]
	count(contract_clauses.deny) == 0 with input as hr.evidence(staff) with data.dspt.params as params
}

test_unmapped_column_is_an_error if {
	staff := [person(1, null, null), person(2, null, null)]
	errors := contract_clauses.error with input as hr.evidence(staff) with data.dspt.params as params
	count(errors) == 1
	some finding in errors
	contains(finding.msg, "sources.hr.columns.contract_clause")
	count(contract_clauses.deny) == 0 with input as hr.evidence(staff) with data.dspt.params as params
}

test_absent_hr_section_gives_no_finding if {
	evidence_doc := testing.evidence({})
	count(contract_clauses.deny) == 0 with input as evidence_doc with data.dspt.params as params
	count(contract_clauses.error) == 0 with input as evidence_doc with data.dspt.params as params
}

test_judged_counts_active_staff_records if {
	future := object.union(person(3, null, true), {"start_date": "2026-07-06"})
	staff := [person(1, null, true), person(2, null, false), person(4, "2026-04-17", true), future]
	judged := contract_clauses.judged with input as hr.evidence(staff) with data.dspt.params as params
	judged == {"p-0000000000000001", "p-0000000000000002"}
	count(contract_clauses.judged) == 0 with input as hr.evidence([person(4, "2026-04-17", true)]) with data.dspt.params as params
	count(contract_clauses.judged) == 0 with input as {"assessment": {"as_of": "2026-06-30"}} with data.dspt.params as params
}
