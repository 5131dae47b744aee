package dspt.checks.assets.register_reviewed_test

import rego.v1

import data.dspt.checks.assets.register_reviewed
import data.dspt.testing
import data.dspt.testing.assets

# The parameters the check reads, as shipped in policies/params/registers.yaml.
params := {"assets": {"review_days": 365, "register_tag": "asset"}}

register := [
	assets.record(1, {}),
	assets.record(2, {"owner": null, "personal_data": false, "patient_data": null}),
	assets.record(3, {"owner_name": null, "personal_data": null, "patient_data": true}),
]

test_a_reviewed_and_owned_register_passes if {
	input_doc := assets.evidence(register)
	count(register_reviewed.deny) == 0 with input as input_doc with data.dspt.params as params
}

test_a_review_exactly_at_the_limit_passes if {
	# 2025-06-30 is exactly 365 days before 2026-06-30; 2025-06-29 is one day more.
	at_limit := assets.evidence([assets.record(1, {"reviewed_on": "2025-06-30"})])
	count(register_reviewed.deny) == 0 with input as at_limit with data.dspt.params as params
	past_limit := assets.evidence([assets.record(1, {"reviewed_on": "2025-06-29"})])
	count(register_reviewed.deny) == 1 with input as past_limit with data.dspt.params as params
}

test_a_stale_entry_is_denied if {
	input_doc := assets.evidence([assets.record(1, {}), assets.record(2, {"reviewed_on": "2025-02-14"})])
	deny := register_reviewed.deny with input as input_doc with data.dspt.params as params
	deny == {{
		"msg": "asset register entry Asset 2 was last reviewed on 2025-02-14, more than 365 days before 2026-06-30",
		"record": "Asset 2",
		"file": "registers/assets.csv",
		"line": 3,
		"source": "assets",
	}}
}

test_the_register_review_counts_when_it_is_later if {
	stale := [assets.record(1, {"reviewed_on": "2024-11-02"}), assets.record(2, {"reviewed_on": null})]
	input_doc := assets.evidence_reviewed_on(stale, "2026-04-15")
	count(register_reviewed.deny) == 0 with input as input_doc with data.dspt.params as params
	reviewed := register_reviewed.reviewed with input as input_doc with data.dspt.params as params
	reviewed == {0: "2026-04-15", 1: "2026-04-15"}
}

test_the_entry_review_counts_when_it_is_later if {
	input_doc := assets.evidence_reviewed_on([assets.record(1, {"reviewed_on": "2026-03-02"})], "2024-01-10")
	count(register_reviewed.deny) == 0 with input as input_doc with data.dspt.params as params
	reviewed := register_reviewed.reviewed with input as input_doc with data.dspt.params as params
	reviewed == {0: "2026-03-02"}
}

test_a_stale_register_review_does_not_save_a_stale_entry if {
	input_doc := assets.evidence_reviewed_on([assets.record(1, {"reviewed_on": "2025-01-20"})], "2025-03-31")
	deny := register_reviewed.deny with input as input_doc with data.dspt.params as params
	{finding.msg | some finding in deny} == {"asset register entry Asset 1 was last reviewed on 2025-03-31, more than 365 days before 2026-06-30"}
}

test_an_entry_with_no_review_date_is_denied if {
	input_doc := assets.evidence([assets.record(1, {"reviewed_on": null}), assets.record(2, {})])
	deny := register_reviewed.deny with input as input_doc with data.dspt.params as params
	deny == {{
		"msg": "asset register entry Asset 1 has no review date, and the register's review date is not known (fill the entry's review column, or set sources.assets.reviewed_on)",
		"record": "Asset 1",
		"file": "registers/assets.csv",
		"line": 2,
		"source": "assets",
	}}
}

test_the_register_review_of_another_export_does_not_count if {
	other := object.union(assets.record(2, {"reviewed_on": null}), {"file": "registers/laptops.csv", "line": 2})
	input_doc := testing.evidence({"assets": {
		"exports": [
			{"file": "registers/assets.csv", "rows": 1, "exported_on": null, "reviewed_on": "2026-04-15"},
			{"file": "registers/laptops.csv", "rows": 1, "exported_on": null, "reviewed_on": null},
		],
		"records": [assets.record(1, {"reviewed_on": null}), other],
	}})
	deny := register_reviewed.deny with input as input_doc with data.dspt.params as params
	{[finding.record, finding.file] | some finding in deny} == {["Asset 2", "registers/laptops.csv"]}
}

test_a_review_after_the_assessment_date_is_denied if {
	input_doc := assets.evidence([assets.record(1, {"reviewed_on": "2026-07-01"}), assets.record(2, {"reviewed_on": "2026-06-30"})])
	deny := register_reviewed.deny with input as input_doc with data.dspt.params as params
	{finding.msg | some finding in deny} == {"asset register entry Asset 1 has a review dated 2026-07-01, after the assessment date 2026-06-30"}
}

test_an_entry_with_no_owner_is_denied if {
	input_doc := assets.evidence([
		assets.record(1, {"owner": null, "owner_name": null}),
		assets.record(2, {"owner": " ", "owner_name": null}),
		assets.record(3, {"owner": null}),
		assets.record(4, {"owner_name": null}),
	])
	deny := register_reviewed.deny with input as input_doc with data.dspt.params as params
	deny == {
		{"msg": "asset register entry Asset 1 names no owner (neither an owning role nor a named owner)", "record": "Asset 1", "file": "registers/assets.csv", "line": 2, "source": "assets"},
		{"msg": "asset register entry Asset 2 names no owner (neither an owning role nor a named owner)", "record": "Asset 2", "file": "registers/assets.csv", "line": 3, "source": "assets"},
	}
}

test_an_entry_that_does_not_say_whether_it_holds_personal_data_is_denied if {
	input_doc := assets.evidence([
		assets.record(1, {"personal_data": null, "patient_data": null}),
		assets.record(2, {"personal_data": false, "patient_data": false}),
	])
	deny := register_reviewed.deny with input as input_doc with data.dspt.params as params
	deny == {{
		"msg": "asset register entry Asset 1 does not say whether it holds personal or patient data (unknown is not none)",
		"record": "Asset 1",
		"file": "registers/assets.csv",
		"line": 2,
		"source": "assets",
	}}
}

test_every_problem_of_an_entry_is_its_own_finding if {
	entry := assets.record(1, {"reviewed_on": "2024-05-01", "owner": null, "owner_name": null, "personal_data": null, "patient_data": null})
	deny := register_reviewed.deny with input as assets.evidence([entry]) with data.dspt.params as params
	count(deny) == 3
}

test_json_records_carry_a_pointer_instead_of_a_line if {
	json_entry := object.union(object.remove(assets.record(1, {"owner": null, "owner_name": null}), ["line"]), {"file": "registers/assets.json", "pointer": "/0"})
	deny := register_reviewed.deny with input as assets.evidence([json_entry]) with data.dspt.params as params
	deny == {{
		"msg": "asset register entry Asset 1 names no owner (neither an owning role nor a named owner)",
		"record": "Asset 1",
		"file": "registers/assets.json",
		"pointer": "/0",
		"source": "assets",
	}}
}

test_review_period_parameter_is_honoured if {
	input_doc := assets.evidence([assets.record(1, {"reviewed_on": "2025-02-14"})])
	longer := {"assets": object.union(params.assets, {"review_days": 730})}
	count(register_reviewed.deny) == 0 with input as input_doc with data.dspt.params as longer
	shorter := {"assets": object.union(params.assets, {"review_days": 30})}
	count(register_reviewed.deny) == 1 with input as assets.evidence([assets.record(1, {})]) with data.dspt.params as shorter
}

test_judged_counts_every_entry if {
	judged := register_reviewed.judged with input as assets.evidence(register) with data.dspt.params as params
	judged == {"Asset 1", "Asset 2", "Asset 3"}
	count(register_reviewed.judged) == 0 with input as testing.evidence({}) with data.dspt.params as params
	count(register_reviewed.deny) == 0 with input as testing.evidence({}) with data.dspt.params as params
}
