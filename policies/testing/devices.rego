# Test support: the `devices` section of the evidence document (docs/evidence-document.md,
# "Registers"), as the engine writes it from a device-management export (Intune, Jamf, Defender).
# Loaded by `dspt test` only.
package dspt.testing.devices

import rego.v1

import data.dspt.testing

# Device `number` of registers/devices.csv (named CSL-LT-<number in 3 digits>, on line
# number + 1): an active Windows 11 24H2 laptop (10.0.26100.4349) of user p-<number in 16 hex
# digits> that reaches personal data, encrypted, compliant, with anti-malware signatures updated
# and a check-in on 2026-06-29. `fields` replace any of it.
device(number, fields) := object.union(
	{
		"device": sprintf("CSL-LT-%03d", [number]),
		"owner": sprintf("p-%016x", [number]),
		"os": "Windows",
		"os_version": "10.0.26100.4349",
		"encrypted": true,
		"antimalware_updated": "2026-06-29",
		"last_check_in": "2026-06-29",
		"compliant": true,
		"personal_data": true,
		"active": true,
		"file": "registers/devices.csv",
		"line": number + 1,
	},
	fields,
)

# The `devices` section of one export, registers/devices.csv taken on 2026-06-29, of `records`.
section(records) := {
	"exports": [{"file": "registers/devices.csv", "rows": count(records), "exported_on": "2026-06-29", "reviewed_on": null}],
	"records": records,
}

# An evidence document of `records`.
evidence(records) := testing.evidence({"devices": section(records)})
