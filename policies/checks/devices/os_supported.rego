# METADATA
# title: Devices in use run operating systems their makers still support
# description: >-
#   No device in the device-management export that is in use (or not stated as retired) runs an
#   operating system release whose end of support, in the parameters' table, is before the
#   assessment date. A device for which the export does not give the operating system or its
#   version fails: its support cannot be known. The table must be kept current; a release not in
#   it passes.
#   DSPT 8.1.4 (partly), 8.3.1 (partly); CAF B4.d (partly).
# custom:
#   id: DEV-EOS-001
#   severity: high
#   sources: [devices]
#   judges: active devices
package dspt.checks.devices.os_supported

import rego.v1

params := data.dspt.params.devices

as_of := input.assessment.as_of

# The releases whose support ended before the assessment date, with their lower-cased `os` for
# matching (ISO dates order as strings).
ended := [object.union(entry, {"os_key": lower(entry.os)}) |
	today := as_of
	some entry in params.end_of_support
	entry.ended < today
]

# Only `active: false` is retired: an empty cell is judged (fail closed). Rules loop over the
# records directly, the rarest condition first: an estate has tens of thousands of devices and
# few findings.
judged contains device.device if {
	some device in input.devices.records
	not device.active == false
}

device_finding(device, msg) := object.union(data.dspt.lib.records.location(device), {
	"msg": msg,
	"record": device.device,
	"source": "devices",
})

# The distinct [lower-cased os, version] pairs of the export: an estate has thousands of devices
# but few versions, so the table is matched once per version, not once per device.
versions contains [lower(device.os), device.os_version] if {
	some device in input.devices.records
	is_string(device.os)
	is_string(device.os_version)
}

# [os, version] -> the ended releases it matches.
ended_versions[version] := releases if {
	table := ended
	some version in versions
	releases := [entry |
		some entry in table
		startswith(version[0], entry.os_key)
		startswith(version[1], entry.version_prefix)
	]
	count(releases) > 0
}

# One finding per device (a finding's fingerprint is its check and record), naming every matching
# release.
deny contains finding if {
	by_version := ended_versions
	some device in input.devices.records
	is_string(device.os)
	is_string(device.os_version)
	releases := by_version[[lower(device.os), device.os_version]]
	not device.active == false
	named := [sprintf("%s, whose support ended on %s (%s)", [entry.name, entry.ended, entry.source]) | some entry in releases]
	msg := sprintf("device %s runs %s %s: %s", [device.device, device.os, device.os_version, concat("; ", named)])
	finding := device_finding(device, msg)
}

# Whether the export says both the operating system and its version.
described(device) if {
	is_string(device.os)
	is_string(device.os_version)
}

deny contains finding if {
	some device in input.devices.records
	not described(device)
	not device.active == false
	fields := [field |
		some [key, field] in [["os", "operating system"], ["os_version", "operating system version"]]
		not is_string(device[key])
	]
	msg := sprintf(
		"device %s is in use and the export does not say its %s, so whether it is still supported cannot be judged",
		[device.device, concat(" or ", fields)],
	)
	finding := device_finding(device, msg)
}
