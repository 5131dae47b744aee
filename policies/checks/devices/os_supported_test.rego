package dspt.checks.devices.os_supported_test

import rego.v1

import data.dspt.checks.devices.os_supported
import data.dspt.testing
import data.dspt.testing.devices

# The parameters of the device checks, as shipped in policies/params/devices.yaml.
params := {"devices": {
	"antimalware_max_age_days": 7,
	"stale_days": 30,
	"end_of_support": [
		{"os": "Windows", "version_prefix": "10.0.19041", "name": "Windows 10 2004", "ended": "2021-12-14", "source": "https://learn.microsoft.com/lifecycle/products/windows-10-enterprise-and-education"},
		{"os": "Windows", "version_prefix": "10.0.19042", "name": "Windows 10 20H2", "ended": "2023-05-09", "source": "https://learn.microsoft.com/lifecycle/products/windows-10-enterprise-and-education"},
		{"os": "Windows", "version_prefix": "10.0.19043", "name": "Windows 10 21H1", "ended": "2022-12-13", "source": "https://learn.microsoft.com/lifecycle/products/windows-10-enterprise-and-education"},
		{"os": "Windows", "version_prefix": "10.0.19044", "name": "Windows 10 21H2", "ended": "2024-06-11", "source": "https://learn.microsoft.com/lifecycle/products/windows-10-enterprise-and-education"},
		{"os": "Windows", "version_prefix": "10.0.19045", "name": "Windows 10 22H2", "ended": "2025-10-14", "source": "https://learn.microsoft.com/lifecycle/products/windows-10-home-and-pro"},
		{"os": "Windows", "version_prefix": "10.0.22000", "name": "Windows 11 21H2", "ended": "2024-10-08", "source": "https://learn.microsoft.com/lifecycle/products/windows-11-enterprise-and-education"},
		{"os": "Windows", "version_prefix": "10.0.22621", "name": "Windows 11 22H2", "ended": "2025-10-14", "source": "https://learn.microsoft.com/lifecycle/products/windows-11-enterprise-and-education"},
		{"os": "macOS", "version_prefix": "10.", "name": "macOS 10.15 Catalina and earlier", "ended": "2022-09-12", "source": "https://endoflife.date/macos"},
		{"os": "macOS", "version_prefix": "11.", "name": "macOS 11 Big Sur", "ended": "2023-09-26", "source": "https://endoflife.date/macos"},
		{"os": "macOS", "version_prefix": "12.", "name": "macOS 12 Monterey", "ended": "2024-09-16", "source": "https://endoflife.date/macos"},
		{"os": "macOS", "version_prefix": "13.", "name": "macOS 13 Ventura", "ended": "2025-09-15", "source": "https://endoflife.date/macos"},
		{"os": "iOS", "version_prefix": "17.", "name": "iOS 17", "ended": "2025-05-13", "source": "https://endoflife.date/ios"},
		{"os": "Android", "version_prefix": "10", "name": "Android 10", "ended": "2023-03-06", "source": "https://endoflife.date/android"},
		{"os": "Android", "version_prefix": "11", "name": "Android 11", "ended": "2024-02-05", "source": "https://endoflife.date/android"},
		{"os": "Android", "version_prefix": "12", "name": "Android 12 and 12L", "ended": "2025-03-03", "source": "https://endoflife.date/android"},
		{"os": "Android", "version_prefix": "13", "name": "Android 13", "ended": "2026-03-02", "source": "https://endoflife.date/android"},
	],
}}

# A release whose support ends on the assessment date itself (made up for the boundary).
ending_today := {
	"os": "Android",
	"version_prefix": "14",
	"name": "Android 14",
	"ended": "2026-06-30",
	"source": "https://example.org/android-14",
}

deny(records) := result if {
	result := os_supported.deny with input as devices.evidence(records) with data.dspt.params as params
}

judged(records) := result if {
	result := os_supported.judged with input as devices.evidence(records) with data.dspt.params as params
}

test_supported_releases_pass if {
	records := [
		devices.device(1, {}),
		devices.device(2, {"os": "macOS", "os_version": "14.7.6 (23H626)", "active": null}),
		devices.device(3, {"os": "iOS/iPadOS", "os_version": "18.5"}),
		devices.device(4, {"os": "Android", "os_version": "14"}),
		# A macOS 12 version on a Windows device: the operating system must match too.
		devices.device(5, {"os": "Windows", "os_version": "12.7.6"}),
	]
	count(deny(records)) == 0
	judged(records) == {"CSL-LT-001", "CSL-LT-002", "CSL-LT-003", "CSL-LT-004", "CSL-LT-005"}
}

test_windows_10_22h2_is_denied if {
	records := [devices.device(1, {"os": "Windows", "os_version": "10.0.19045.6093"}), devices.device(2, {})]
	deny(records) == {{
		"msg": "device CSL-LT-001 runs Windows 10.0.19045.6093: Windows 10 22H2, whose support ended on 2025-10-14 (https://learn.microsoft.com/lifecycle/products/windows-10-home-and-pro)",
		"record": "CSL-LT-001",
		"file": "registers/devices.csv",
		"line": 2,
		"source": "devices",
	}}
}

test_operating_system_matches_ignoring_case_and_by_prefix if {
	records := [
		devices.device(1, {"os": "IOS/iPadOS", "os_version": "17.7.2"}),
		devices.device(2, {"os": "MACOS", "os_version": "12.7.6"}),
	]
	{finding.record | some finding in deny(records)} == {"CSL-LT-001", "CSL-LT-002"}
}

test_a_release_ending_on_the_assessment_date_is_still_supported if {
	records := [devices.device(1, {"os": "Android", "os_version": "14"})]
	boundary := {"devices": object.union(params.devices, {"end_of_support": [ending_today]})}
	count(os_supported.deny) == 0 with input as devices.evidence(records) with data.dspt.params as boundary
	later := object.union(testing.assessment, {"as_of": "2026-07-01"})
	input_doc := object.union(devices.evidence(records), {"assessment": later})
	count(os_supported.deny) == 1 with input as input_doc with data.dspt.params as boundary
}

test_every_shipped_entry_is_complete if {
	every entry in params.devices.end_of_support {
		object.keys(entry) == {"os", "version_prefix", "name", "ended", "source"}
		regex.match(`^\d{4}-\d{2}-\d{2}$`, entry.ended)
		startswith(entry.source, "https://")
	}
}

test_each_shipped_release_is_found if {
	records := [
		devices.device(1, {"os": "Windows", "os_version": "10.0.19044.5737"}),
		devices.device(2, {"os": "Windows", "os_version": "10.0.22621.4317"}),
		devices.device(3, {"os": "Windows", "os_version": "10.0.22000.2538"}),
		devices.device(4, {"os": "macOS", "os_version": "13.7.8"}),
		devices.device(5, {"os": "Android", "os_version": "11"}),
		devices.device(6, {"os": "AndroidEnterprise", "os_version": "12.1"}),
		# Supported: Windows 11 24H2 and 23H2 (Enterprise until 2026-11-10), macOS 15, iOS 18, Android 16.
		devices.device(7, {"os": "Windows", "os_version": "10.0.26100.4349"}),
		devices.device(8, {"os": "Windows", "os_version": "10.0.22631.5624"}),
		devices.device(9, {"os": "macOS", "os_version": "15.5"}),
		devices.device(10, {"os": "iOS", "os_version": "18.5"}),
		devices.device(11, {"os": "Android", "os_version": "16"}),
	]
	{finding.record | some finding in deny(records)} == {"CSL-LT-001", "CSL-LT-002", "CSL-LT-003", "CSL-LT-004", "CSL-LT-005", "CSL-LT-006"}
}

test_unknown_operating_system_fails_closed if {
	records := [devices.device(1, {"os": null}), devices.device(2, {"os_version": null}), devices.device(3, {"os": null, "os_version": null})]
	deny(records) == {
		{
			"msg": "device CSL-LT-001 is in use and the export does not say its operating system, so whether it is still supported cannot be judged",
			"record": "CSL-LT-001",
			"file": "registers/devices.csv",
			"line": 2,
			"source": "devices",
		},
		{
			"msg": "device CSL-LT-002 is in use and the export does not say its operating system version, so whether it is still supported cannot be judged",
			"record": "CSL-LT-002",
			"file": "registers/devices.csv",
			"line": 3,
			"source": "devices",
		},
		{
			"msg": "device CSL-LT-003 is in use and the export does not say its operating system or operating system version, so whether it is still supported cannot be judged",
			"record": "CSL-LT-003",
			"file": "registers/devices.csv",
			"line": 4,
			"source": "devices",
		},
	}
}

test_retired_devices_are_not_judged if {
	records := [
		devices.device(1, {"active": false, "os_version": "10.0.19045.6093"}),
		devices.device(2, {"active": false, "os": null}),
	]
	count(deny(records)) == 0
	count(judged(records)) == 0
}

test_every_matching_release_is_named_in_one_finding if {
	overlapping := {
		"os": "Windows",
		"version_prefix": "10.0.1904",
		"name": "Windows 10 2004 to 22H2",
		"ended": "2025-10-14",
		"source": "https://example.org/windows-10",
	}
	table := {"devices": object.union(params.devices, {"end_of_support": array.concat(params.devices.end_of_support, [overlapping])})}
	records := [devices.device(1, {"os_version": "10.0.19045.6093"})]
	deny := os_supported.deny with input as devices.evidence(records) with data.dspt.params as table
	count(deny) == 1
	some finding in deny
	contains(finding.msg, ": Windows 10 22H2, whose support ended on 2025-10-14 (https://learn.microsoft.com/lifecycle/products/windows-10-home-and-pro); Windows 10 2004 to 22H2,")
}

test_an_organisation_table_replaces_the_default if {
	records := [devices.device(1, {"os_version": "10.0.19045.6093"})]
	override := {"devices": object.union(params.devices, {"end_of_support": []})}
	count(os_supported.deny) == 0 with input as devices.evidence(records) with data.dspt.params as override
}

test_without_a_device_export_nothing_is_judged if {
	count(os_supported.judged) == 0 with input as testing.evidence({}) with data.dspt.params as params
}
