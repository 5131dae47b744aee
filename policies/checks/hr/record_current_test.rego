package dspt.checks.hr.record_current_test

import rego.v1

import data.dspt.checks.hr.record_current
import data.dspt.testing
import data.dspt.testing.hr

# The parameters the check reads, as shipped in policies/params/hr-people.yaml.
params := {"hr": {"export_max_age_days": 31}}

# The HR export of staff (hr.person records), taken on exported_on.
evidence(exported_on, staff) := hr.evidence_exported_on(staff, exported_on)

team := [hr.person(1, {}), hr.person(2, {}), hr.person(3, {"leave_date": "2026-03-31", "role": null})]

test_current_complete_record_passes if {
	# 2026-05-30 is exactly 31 days before 2026-06-30: still current.
	input_doc := evidence("2026-05-30", team)
	count(record_current.deny) == 0 with input as input_doc with data.dspt.params as params
	count(record_current.warn) == 0 with input as input_doc with data.dspt.params as params
}

test_old_export_is_denied if {
	deny := record_current.deny with input as evidence("2026-05-22", team) with data.dspt.params as params
	deny == {{
		"msg": "HR export hr/training.csv was taken on 2026-05-22, more than 31 days before 2026-06-30",
		"file": "hr/training.csv",
		"source": "hr",
	}}
}

test_each_export_is_judged if {
	input_doc := testing.evidence({"hr": {
		"exports": [
			{"file": "hr/people.csv", "rows": 2, "exported_on": "2026-06-28"},
			{"file": "hr/lms.csv", "rows": 1, "exported_on": "2026-04-30"},
		],
		"staff": team,
	}})
	deny := record_current.deny with input as input_doc with data.dspt.params as params
	{finding.file | some finding in deny} == {"hr/lms.csv"}
}

test_unknown_export_date_is_a_warning if {
	input_doc := evidence(null, team)
	count(record_current.deny) == 0 with input as input_doc with data.dspt.params as params
	warn := record_current.warn with input as input_doc with data.dspt.params as params
	count(warn) == 1
	some finding in warn
	finding.file == "hr/training.csv"
	contains(finding.msg, "configure sources.hr.exported_on")
}

test_duplicate_staff_ids_are_denied_once_per_id if {
	staff := array.concat(team, [
		hr.person(1, {"line": 9}),
		hr.person(2, {"line": 10}),
		hr.person(1, {"line": 11}),
	])
	deny := record_current.deny with input as evidence("2026-06-28", staff) with data.dspt.params as params
	count(deny) == 2
	{
		"msg": "staff record p-0000000000000001 appears 3 times in the HR export (lines 2, 9, 11): each staff id must be on one record",
		"record": "p-0000000000000001",
		"file": "hr/training.csv",
		"line": 2,
		"source": "hr",
	} in deny
	some finding in deny
	finding.record == "p-0000000000000002"
	contains(finding.msg, "appears 2 times")
}

test_active_record_without_role_or_start_date_is_denied if {
	staff := array.concat(team, [hr.person(4, {"role": null}), hr.person(5, {"start_date": null, "role": " "})])
	deny := record_current.deny with input as evidence("2026-06-28", staff) with data.dspt.params as params
	deny == {
		{"msg": "active staff record p-0000000000000004 has no role", "record": "p-0000000000000004", "file": "hr/training.csv", "line": 5, "source": "hr"},
		{"msg": "active staff record p-0000000000000005 has no role", "record": "p-0000000000000005", "file": "hr/training.csv", "line": 6, "source": "hr"},
		{"msg": "active staff record p-0000000000000005 has no start date", "record": "p-0000000000000005", "file": "hr/training.csv", "line": 6, "source": "hr"},
	}
}

test_max_age_parameter_is_honoured if {
	override := {"hr": {"export_max_age_days": 60}}
	count(record_current.deny) == 0 with input as evidence("2026-05-22", team) with data.dspt.params as override
	strict := {"hr": {"export_max_age_days": 1}}
	count(record_current.deny) == 1 with input as evidence("2026-06-28", team) with data.dspt.params as strict
}

test_judged_counts_exports_and_staff_records if {
	judged := record_current.judged with input as evidence("2026-05-30", team) with data.dspt.params as params
	judged == {"hr/training.csv", "p-0000000000000001", "p-0000000000000002", "p-0000000000000003"}
	count(record_current.judged) == 1 with input as evidence("2026-05-30", []) with data.dspt.params as params
	count(record_current.judged) == 0 with input as {"assessment": {"as_of": "2026-06-30"}} with data.dspt.params as params
}
