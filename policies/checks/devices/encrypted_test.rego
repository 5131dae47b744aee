package dspt.checks.devices.encrypted_test

import rego.v1

import data.dspt.checks.devices.encrypted
import data.dspt.testing
import data.dspt.testing.devices

# The parameters of the device checks, as shipped in policies/params/devices.yaml (this check
# reads none; the end-of-support table is left out).
params := {"devices": {"antimalware_max_age_days": 7, "stale_days": 30, "end_of_support": []}}

deny(records) := result if {
	result := encrypted.deny with input as devices.evidence(records) with data.dspt.params as params
}

judged(records) := result if {
	result := encrypted.judged with input as devices.evidence(records) with data.dspt.params as params
}

test_encrypted_devices_pass if {
	records := [devices.device(1, {}), devices.device(2, {"active": null, "personal_data": null})]
	count(deny(records)) == 0
	judged(records) == {"CSL-LT-001", "CSL-LT-002"}
}

test_unencrypted_device_is_denied if {
	records := [devices.device(1, {}), devices.device(2, {"encrypted": false})]
	deny(records) == {{
		"msg": "device CSL-LT-002 reaches personal data and its disk is not encrypted",
		"record": "CSL-LT-002",
		"file": "registers/devices.csv",
		"line": 3,
		"source": "devices",
	}}
}

test_unknown_encryption_fails_closed if {
	records := [devices.device(1, {"encrypted": null})]
	deny(records) == {{
		"msg": "device CSL-LT-001 reaches personal data and the export does not say whether its disk is encrypted (unknown is not encrypted)",
		"record": "CSL-LT-001",
		"file": "registers/devices.csv",
		"line": 2,
		"source": "devices",
	}}
}

test_unknown_personal_data_is_taken_as_yes if {
	records := [devices.device(1, {"personal_data": null, "encrypted": false})]
	some finding in deny(records)
	finding.msg == "device CSL-LT-001 is not stated not to reach personal data and its disk is not encrypted"
}

test_retired_devices_and_devices_without_personal_data_are_not_judged if {
	records := [
		devices.device(1, {"active": false, "encrypted": false}),
		devices.device(2, {"personal_data": false, "encrypted": null}),
	]
	count(deny(records)) == 0
	count(judged(records)) == 0
}

test_json_records_carry_a_pointer if {
	record := object.union(object.remove(devices.device(1, {"encrypted": false}), ["line"]), {"file": "registers/devices.json", "pointer": "/value/0"})
	deny([record]) == {{
		"msg": "device CSL-LT-001 reaches personal data and its disk is not encrypted",
		"record": "CSL-LT-001",
		"file": "registers/devices.json",
		"pointer": "/value/0",
		"source": "devices",
	}}
}

test_without_a_device_export_nothing_is_judged if {
	count(encrypted.judged) == 0 with input as testing.evidence({}) with data.dspt.params as params
}
