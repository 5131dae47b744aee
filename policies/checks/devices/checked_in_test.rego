package dspt.checks.devices.checked_in_test

import rego.v1

import data.dspt.checks.devices.checked_in
import data.dspt.testing
import data.dspt.testing.devices

# The parameters of the device checks, as shipped in policies/params/devices.yaml (the
# end-of-support table, which this check does not read, is left out).
params := {"devices": {"antimalware_max_age_days": 7, "stale_days": 30, "end_of_support": []}}

deny(records) := result if {
	result := checked_in.deny with input as devices.evidence(records) with data.dspt.params as params
}

judged(records) := result if {
	result := checked_in.judged with input as devices.evidence(records) with data.dspt.params as params
}

test_recent_check_ins_pass if {
	records := [
		devices.device(1, {}),
		# 2026-05-31 is exactly 30 days before 2026-06-30.
		devices.device(2, {"last_check_in": "2026-05-31", "active": null}),
	]
	count(deny(records)) == 0
	judged(records) == {"CSL-LT-001", "CSL-LT-002"}
}

test_stale_device_is_denied if {
	records := [devices.device(1, {}), devices.device(2, {"last_check_in": "2026-05-30"})]
	deny(records) == {{
		"msg": "device CSL-LT-002 last checked in with device management on 2026-05-30, more than 30 days before 2026-06-30: its encryption and anti-malware state are unknown",
		"record": "CSL-LT-002",
		"file": "registers/devices.csv",
		"line": 3,
		"source": "devices",
	}}
}

test_unknown_check_in_fails_closed if {
	records := [devices.device(1, {"last_check_in": null})]
	deny(records) == {{
		"msg": "device CSL-LT-001 is in use and the export does not say when it last checked in with device management",
		"record": "CSL-LT-001",
		"file": "registers/devices.csv",
		"line": 2,
		"source": "devices",
	}}
}

test_retired_devices_are_not_judged if {
	records := [devices.device(1, {"active": false, "last_check_in": "2025-02-01"}), devices.device(2, {"active": false, "last_check_in": null})]
	count(deny(records)) == 0
	count(judged(records)) == 0
}

test_stale_days_parameter_is_honoured if {
	records := [devices.device(1, {"last_check_in": "2026-05-30"})]
	override := {"devices": object.union(params.devices, {"stale_days": 31})}
	count(checked_in.deny) == 0 with input as devices.evidence(records) with data.dspt.params as override
}

test_without_a_device_export_nothing_is_judged if {
	count(checked_in.judged) == 0 with input as testing.evidence({}) with data.dspt.params as params
}
