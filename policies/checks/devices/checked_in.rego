# METADATA
# title: Devices in use check in with device management
# description: >-
#   Every device in the device-management export that is in use (or not stated as retired) last
#   contacted the management service within the allowed number of days before the assessment
#   date. A device that has not checked in has an unknown encryption and anti-malware state, so
#   the export cannot vouch for it; a device with no check-in date fails.
#   DSPT 6.2.1 (partly), 9.5.2 (partly); CAF B2.b (partly).
# custom:
#   id: DEV-STL-001
#   severity: medium
#   sources: [devices]
#   judges: active devices
package dspt.checks.devices.checked_in

import rego.v1

nanoseconds_per_day := 86400000000000

date_layout := "2006-01-02"

params := data.dspt.params.devices

as_of := input.assessment.as_of

# Check-ins before this day are stale (ISO dates order as strings).
oldest_allowed := time.format([time.parse_ns(date_layout, as_of) - (params.stale_days * nanoseconds_per_day), "UTC", date_layout])

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

deny contains finding if {
	oldest := oldest_allowed
	some device in input.devices.records
	# The rare condition first (a non-string orders before any string, and is dropped next).
	device.last_check_in < oldest
	is_string(device.last_check_in)
	not device.active == false
	msg := sprintf(
		"device %s last checked in with device management on %s, more than %d days before %s: its encryption and anti-malware state are unknown",
		[device.device, device.last_check_in, params.stale_days, as_of],
	)
	finding := device_finding(device, msg)
}

deny contains finding if {
	some device in input.devices.records
	not is_string(device.last_check_in)
	not device.active == false
	msg := sprintf(
		"device %s is in use and the export does not say when it last checked in with device management",
		[device.device],
	)
	finding := device_finding(device, msg)
}
