# METADATA
# title: Staff contracts include data security and confidentiality terms
# description: >-
#   Every active staff record in the HR export shows that the person's contract carries the data
#   security and confidentiality clause. A record for which the export does not say fails.
#   DSPT 2.2.1.
# custom:
#   id: HR-CON-001
#   severity: medium
#   sources: [hr]
#   judges: active staff records
package dspt.checks.hr.contract_clauses

import rego.v1

staff := input.hr.staff

as_of := input.assessment.as_of

# Active staff, as HR-TRN-001 defines them: not starting after as_of and not left on or
# before it (a missing start date counts as started, failing closed). ISO dates order as strings.
active(person) if {
	not starts_later(person)
	not has_left(person)
}

starts_later(person) if {
	is_string(person.start_date)
	person.start_date > as_of
}

has_left(person) if {
	is_string(person.leave_date)
	person.leave_date <= as_of
}

# Every active staff record is judged (as failing when its clause is not stated): the library's
# active set, a fact computed once a run.
judged contains input.hr.staff[index].id if {
	some index in data.dspt.lib.hr.active
}

# The contract clause column is mapped and filled on at least one record.
clause_mapped if {
	some person in staff
	is_boolean(person.contract_clause)
}

# The rare condition first: most records state the clause, and are not asked whether they are
# active.
failure_reason[index] := "has a contract without the data security clause" if {
	some index, person in input.hr.staff
	person.contract_clause == false
	active(person)
}

failure_reason[index] := "has no contract clause value: the export does not say whether the contract has the data security clause" if {
	some index, person in input.hr.staff
	not is_boolean(person.contract_clause)
	active(person)
}

deny contains finding if {
	clause_mapped
	some index, reason in failure_reason
	person := staff[index]
	finding := {
		"msg": sprintf("staff record %s %s", [person.id, reason]),
		"record": person.id,
		"file": person.file,
		"line": person.line,
		"source": "hr",
	}
}

error contains finding if {
	count(staff) > 0
	not clause_mapped
	finding := {
		"msg": "the contract clause is not mapped to a column of the HR export (no staff record has a value; map sources.hr.columns.contract_clause)",
		"source": "hr",
	}
}
