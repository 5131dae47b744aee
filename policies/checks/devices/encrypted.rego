# METADATA
# title: Devices that reach personal data have their disks encrypted
# description: >-
#   Every device in the device-management export that is in use (or not stated as retired) and
#   reaches personal data (or is not stated not to) has disk encryption on. A device for which
#   the export does not say whether its disk is encrypted fails: unknown is not encrypted.
#   DSPT 9.5.2; CAF B3.d (partly), B2.b (partly).
# custom:
#   id: DEV-ENC-001
#   severity: high
#   sources: [devices]
#   judges: active devices that reach personal data
package dspt.checks.devices.encrypted

import rego.v1

records := input.devices.records

# Only `active: false` is retired and only `personal_data: false` is out of scope: an empty cell
# is judged (fail closed). Rules loop over the records directly, the rarest condition first: an
# estate has tens of thousands of devices and few findings.
in_scope(device) if {
	not device.active == false
	not device.personal_data == false
}

# in_scope inlined: a function call per device costs more than the loop.
judged contains device.device if {
	some device in input.devices.records
	not device.active == false
	not device.personal_data == false
}

device_finding(device, msg) := object.union(data.dspt.lib.records.location(device), {
	"msg": msg,
	"record": device.device,
	"source": "devices",
})

# How the device's scope reads in a message.
scope(device) := "reaches personal data" if device.personal_data == true

scope(device) := "is not stated not to reach personal data" if not device.personal_data == true

deny contains finding if {
	some device in input.devices.records
	device.encrypted == false
	in_scope(device)
	msg := sprintf("device %s %s and its disk is not encrypted", [device.device, scope(device)])
	finding := device_finding(device, msg)
}

deny contains finding if {
	some device in input.devices.records
	not is_boolean(device.encrypted)
	in_scope(device)
	msg := sprintf(
		"device %s %s and the export does not say whether its disk is encrypted (unknown is not encrypted)",
		[device.device, scope(device)],
	)
	finding := device_finding(device, msg)
}
