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

# Operating system, as the export writes it -> the versions of the export that match the prefix
# of a release of it that has ended. An estate has thousands of devices but few operating systems
# and versions, so the table is matched once per distinct value, and each device costs two
# lookups; only the devices they let through are matched against the table.
ended_versions[os] := versions if {
	table := ended
	all_versions := {device.os_version | some device in input.devices.records}
	some os in {device.os | some device in input.devices.records}
	is_string(os)
	os_key := lower(os)
	prefixes := {entry.version_prefix | some entry in table; startswith(os_key, entry.os_key)}
	versions := {version |
		some version in all_versions
		is_string(version)
		some prefix in prefixes
		startswith(version, prefix)
	}
	count(versions) > 0
}

# One finding per device (a finding's fingerprint is its check and record), naming every matching
# release.
deny contains finding if {
	[by_os, table] := [ended_versions, ended]
	count(by_os) > 0
	some device in input.devices.records
	device.os_version in by_os[device.os]
	not device.active == false
	os_key := lower(device.os)
	releases := [entry |
		some entry in table
		startswith(os_key, entry.os_key)
		startswith(device.os_version, entry.version_prefix)
	]
	named := [sprintf("%s, whose support ended on %s (%s)", [entry.name, entry.ended, entry.source]) | some entry in releases]
	msg := sprintf("device %s runs %s %s: %s", [device.device, device.os, device.os_version, concat("; ", named)])
	finding := device_finding(device, msg)
}

# A device the export does not give the operating system or its version for: one rule per field
# (a device missing both gets the same finding from each), as a function call per device costs
# more than the loop.
deny contains finding if {
	some device in input.devices.records
	not is_string(device.os)
	not device.active == false
	finding := undescribed_finding(device)
}

deny contains finding if {
	some device in input.devices.records
	not is_string(device.os_version)
	not device.active == false
	finding := undescribed_finding(device)
}

undescribed_finding(device) := device_finding(device, msg) if {
	fields := [field |
		some [key, field] in [["os", "operating system"], ["os_version", "operating system version"]]
		not is_string(device[key])
	]
	msg := sprintf(
		"device %s is in use and the export does not say its %s, so whether it is still supported cannot be judged",
		[device.device, concat(" or ", fields)],
	)
}
