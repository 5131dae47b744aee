package dspt.checks.org.asset_register_test

import rego.v1

import data.dspt.checks.org.asset_register

as_of := {"as_of": "2026-06-30"}

register(reviewed_on) := {"docs/asset-register.yaml": {"kind": "yaml", "documents": [{"reviewed_on": reviewed_on, "assets": []}]}}

test_a_register_reviewed_this_year_passes if {
	count(asset_register.deny) == 0 with input as {"assessment": as_of, "repository": {"files": register("2026-01-15")}}
	count(asset_register.judged) == 1 with input as {"assessment": as_of, "repository": {"files": register("2026-01-15")}}
}

test_without_a_repository_nothing_is_judged if {
	count(asset_register.judged) == 0 with input as {"assessment": as_of}
}

test_a_missing_register_fails if {
	some finding in asset_register.deny with input as {"assessment": as_of, "repository": {"files": {}}}
	contains(finding.msg, "no asset register")
}

test_a_stale_review_fails if {
	some finding in asset_register.deny with input as {"assessment": as_of, "repository": {"files": register("2025-03-01")}}
	finding.file == "docs/asset-register.yaml"
}

test_an_unreadable_register_is_an_error if {
	files := {"docs/asset-register.yaml": {"kind": "yaml", "error": {"message": "did not find expected key", "line": 3}}}
	count(asset_register.error) == 1 with input as {"assessment": as_of, "repository": {"files": files}}
}

test_a_register_without_a_review_date_fails if {
	files := {"docs/asset-register.yaml": {"kind": "yaml", "documents": [{"assets": []}]}}
	some finding in asset_register.deny with input as {"assessment": as_of, "repository": {"files": files}}
	contains(finding.msg, "no `reviewed_on`")
}
