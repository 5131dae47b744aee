package dspt.checks.assets.data_location_test

import rego.v1

import data.dspt.checks.assets.data_location
import data.dspt.testing
import data.dspt.testing.assets

# The parameters the check reads, as shipped in policies/params/registers.yaml.
params := {"data_location": {"allowed": [
	"UK", "United Kingdom", "England", "Scotland", "Wales", "Northern Ireland",
	"eu-west-2", "uksouth", "ukwest", "europe-west2",
]}}

register := [
	assets.record(1, {"location": "eu-west-2"}),
	assets.record(2, {"personal_data": false, "patient_data": true, "location": " United kingdom "}),
	assets.record(3, {"personal_data": null, "patient_data": true, "location": "UKSouth"}),
	assets.record(4, {"location": "Wales"}),
	# Holds neither, or does not say: not judged, wherever it is.
	assets.record(5, {"personal_data": false, "patient_data": false, "location": "us-east-1"}),
	assets.record(6, {"personal_data": null, "patient_data": null, "location": null}),
]

test_entries_held_in_allowed_locations_pass if {
	input_doc := assets.evidence(register)
	count(data_location.deny) == 0 with input as input_doc with data.dspt.params as params
}

test_an_entry_held_elsewhere_is_denied if {
	input_doc := assets.evidence([assets.record(1, {}), assets.record(2, {"patient_data": true, "location": "us-east-1"})])
	deny := data_location.deny with input as input_doc with data.dspt.params as params
	deny == {{
		"msg": "asset register entry Asset 2 holds patient data in us-east-1, which is not an allowed location (data_location.allowed)",
		"record": "Asset 2",
		"file": "registers/assets.csv",
		"line": 3,
		"source": "assets",
	}}
}

test_a_location_must_match_whole if {
	input_doc := assets.evidence([assets.record(1, {"location": "UK and USA"}), assets.record(2, {"location": "eu-west-2a"})])
	deny := data_location.deny with input as input_doc with data.dspt.params as params
	{finding.msg | some finding in deny} == {
		"asset register entry Asset 1 holds personal data in UK and USA, which is not an allowed location (data_location.allowed)",
		"asset register entry Asset 2 holds personal data in eu-west-2a, which is not an allowed location (data_location.allowed)",
	}
}

test_an_entry_that_does_not_say_where_is_denied if {
	input_doc := assets.evidence([assets.record(1, {"location": null}), assets.record(2, {"location": " "})])
	deny := data_location.deny with input as input_doc with data.dspt.params as params
	deny == {
		{"msg": "asset register entry Asset 1 holds personal data and the register does not say where it is held", "record": "Asset 1", "file": "registers/assets.csv", "line": 2, "source": "assets"},
		{"msg": "asset register entry Asset 2 holds personal data and the register does not say where it is held", "record": "Asset 2", "file": "registers/assets.csv", "line": 3, "source": "assets"},
	}
}

test_allowed_parameter_is_honoured if {
	input_doc := assets.evidence([assets.record(1, {"location": "Ireland"})])
	count(data_location.deny) == 1 with input as input_doc with data.dspt.params as params
	override := {"data_location": {"allowed": array.concat(params.data_location.allowed, ["ireland"])}}
	count(data_location.deny) == 0 with input as input_doc with data.dspt.params as override
}

test_judged_counts_entries_holding_personal_or_patient_data if {
	judged := data_location.judged with input as assets.evidence(register) with data.dspt.params as params
	judged == {"Asset 1", "Asset 2", "Asset 3", "Asset 4"}
	unjudged := assets.evidence([assets.record(5, {"personal_data": false, "patient_data": null, "location": null})])
	count(data_location.judged) == 0 with input as unjudged with data.dspt.params as params
	count(data_location.deny) == 0 with input as unjudged with data.dspt.params as params
	count(data_location.judged) == 0 with input as testing.evidence({}) with data.dspt.params as params
}
