# METADATA
# title: Critical and high vulnerabilities with a fix are fixed within 14 days
# description: >-
#   Every vulnerability scan report given is recent (taken within 31 days of the assessment date
#   by default), and none of its critical or high vulnerabilities that have a fix available (or
#   whose report does not say) was published more than 14 days before the assessment date, as
#   Cyber Essentials asks of high and critical updates. A vulnerability without a publication
#   date (Grype, SARIF) is taken as older than that; one with no fix available is a warning, its
#   risk to be recorded. A clean recent scan passes. Whether the scans cover the whole estate is
#   for the assessor. DSPT 8.3.1, 8.4.3; CAF B4.d.
# custom:
#   id: VUL-FIX-001
#   severity: high
#   sources: [scans]
#   judges: vulnerability scan reports
package dspt.checks.scans.fixed_in_time

import rego.v1

nanoseconds_per_day := 86400000000000

date_layout := "2006-01-02"

params := data.dspt.params.scans

as_of := input.assessment.as_of

as_of_ns := time.parse_ns(date_layout, as_of)

# Vulnerabilities published before this day have been open longer than allowed, and reports
# taken before this day are too old (ISO dates order as strings).
open_cutoff := time.format([as_of_ns - (params.max_open_days * nanoseconds_per_day), "UTC", date_layout])

scan_cutoff := time.format([as_of_ns - (params.max_scan_age_days * nanoseconds_per_day), "UTC", date_layout])

# Every report is judged: a clean scan is evidence.
judged contains report.file if {
	some report in input.scans.reports
}

# Days from `date` to the assessment date.
days_before_as_of(date) := (as_of_ns - time.parse_ns(date_layout, date)) / nanoseconds_per_day

# Where each format keeps the scan date (the reader takes SARIF's from the first invocation that
# has one), for a finding about it; the engine gives a missing key its nearest parent's line.
date_pointer := {
	"trivy": "/CreatedAt",
	"grype": "/descriptor/timestamp",
	"sarif": "/runs/0/invocations/0/endTimeUtc",
}

date_place(report) := {"pointer": date_pointer[report.format]}

date_place(report) := {} if not date_pointer[report.format]

report_finding(report, msg) := object.union(
	date_place(report),
	{"msg": msg, "record": report.file, "file": report.file, "source": "scans"},
)

deny contains finding if {
	oldest := scan_cutoff
	some report in input.scans.reports
	is_string(report.scanned_on)
	report.scanned_on < oldest
	msg := sprintf(
		"the %s report %s was taken on %s, %d days before the assessment (allowed %d): an old scan says nothing about what is open today",
		[report.tool, report.file, report.scanned_on, days_before_as_of(report.scanned_on), params.max_scan_age_days],
	)
	finding := report_finding(report, msg)
}

warn contains finding if {
	some report in input.scans.reports
	not is_string(report.scanned_on)
	msg := sprintf(
		"the %s report %s carries no scan date, so how recent it is cannot be shown",
		[report.tool, report.file],
	)
	finding := report_finding(report, msg)
}

# The vulnerabilities of the watched severities, as indexes into input.scans.findings.
watched contains index if {
	severities := {severity | some severity in params.severities}
	some index, vulnerability in input.scans.findings
	vulnerability.severity in severities
}

# A fix exists, or the report does not say (fail closed).
fixable contains index if {
	some index in watched
	input.scans.findings[index].fix_state in {"fixed", "unknown"}
}

# "CVE-2024-3094 (critical) in xz-utils 5.6.0-0.2, fixed in 5.6.1, in registry.example/app:1.4",
# leaving out what the report does not say.
described(vulnerability) := concat("", [
	sprintf("%s (%s)", [vulnerability.id, vulnerability.severity]),
	package_part(vulnerability),
	fix_part(vulnerability),
	text_part(", in %s", vulnerability.target),
])

package_part(vulnerability) := sprintf(" in %s %s", [vulnerability.package, vulnerability.version]) if {
	is_string(vulnerability.package)
	is_string(vulnerability.version)
}

package_part(vulnerability) := text_part(" in %s", vulnerability.package) if not is_string(vulnerability.version)

package_part(vulnerability) := "" if {
	not is_string(vulnerability.package)
	is_string(vulnerability.version)
}

fix_part(vulnerability) := text_part(", fixed in %s", vulnerability.fixed_version) if is_string(vulnerability.fixed_version)

fix_part(vulnerability) := ", a fix exists" if {
	not is_string(vulnerability.fixed_version)
	vulnerability.fix_state == "fixed"
}

fix_part(vulnerability) := ", the report does not say whether a fix exists" if {
	not is_string(vulnerability.fixed_version)
	vulnerability.fix_state == "unknown"
}

fix_part(vulnerability) := "" if {
	not is_string(vulnerability.fixed_version)
	not vulnerability.fix_state in {"fixed", "unknown"}
}

text_part(format, value) := sprintf(format, [value]) if is_string(value)

text_part(_, value) := "" if not is_string(value)

vulnerability_finding(vulnerability, msg) := {
	"msg": msg,
	"record": vulnerability.id,
	"file": vulnerability.file,
	"pointer": vulnerability.pointer,
	"source": "scans",
}

deny contains finding if {
	oldest := open_cutoff
	some index in fixable
	vulnerability := input.scans.findings[index]
	is_string(vulnerability.published)
	vulnerability.published < oldest
	msg := sprintf(
		"%s: published %s, %d days before the assessment (allowed %d)",
		[described(vulnerability), vulnerability.published, days_before_as_of(vulnerability.published), params.max_open_days],
	)
	finding := vulnerability_finding(vulnerability, msg)
}

deny contains finding if {
	some index in fixable
	vulnerability := input.scans.findings[index]
	not is_string(vulnerability.published)
	msg := sprintf(
		"%s: publication date unknown: treated as older than %d days",
		[described(vulnerability), params.max_open_days],
	)
	finding := vulnerability_finding(vulnerability, msg)
}

warn contains finding if {
	some index in watched
	vulnerability := input.scans.findings[index]
	vulnerability.fix_state in {"not-fixed", "wont-fix"}
	msg := sprintf("%s: no fix available: record the risk and its mitigation (DSPT 8.2.1)", [described(vulnerability)])
	finding := vulnerability_finding(vulnerability, msg)
}
