package dspt.checks.scans.fixed_in_time_test

import rego.v1

import data.dspt.checks.scans.fixed_in_time
import data.dspt.testing
import data.dspt.testing.scans

# The parameters of the scans checks, as shipped in policies/params/scans.yaml.
params := {"scans": {
	"severities": ["critical", "high"],
	"max_open_days": 14,
	"max_scan_age_days": 31,
}}

# The xz backdoor as Trivy reports it in an old image.
xz := scans.finding(1, {
	"id": "CVE-2024-3094",
	"severity": "critical",
	"package": "xz-utils",
	"version": "5.6.0-0.2",
	"fixed_version": "5.6.1",
	"published": "2024-03-29",
	"target": "registry.example/app:1.4",
})

# A Grype match: no publication date, fix known.
grype_report := scans.report({
	"file": "scans/grype.json",
	"format": "grype",
	"tool": "grype",
	"scanned_on": "2026-06-27",
	"target": "registry.example/api:2.0",
})

minimist := scans.finding(2, {
	"id": "GHSA-xvch-5gv4-984h",
	"severity": "critical",
	"package": "minimist",
	"version": "1.2.5",
	"fixed_version": "1.2.6",
	"published": null,
	"target": "/usr/src/app/package-lock.json",
	"file": "scans/grype.json",
	"pointer": "/matches/0",
})

# A SARIF result: no package, version, fix or publication date.
sarif_report := scans.report({
	"file": "scans/codeql.sarif",
	"format": "sarif",
	"tool": "CodeQL",
	"scanned_on": "2026-06-29",
	"target": null,
})

sql_injection := scans.finding(3, {
	"id": "js/sql-injection",
	"severity": "high",
	"package": null,
	"version": null,
	"fixed_version": null,
	"fix_state": "unknown",
	"published": null,
	"target": "src/db.js",
	"file": "scans/codeql.sarif",
	"pointer": "/runs/0/results/0",
})

deny_of(input_doc) := deny if {
	deny := fixed_in_time.deny with input as input_doc with data.dspt.params as params
}

warn_of(input_doc) := warn if {
	warn := fixed_in_time.warn with input as input_doc with data.dspt.params as params
}

messages(findings) := {finding.msg | some finding in findings}

test_a_recent_scan_with_a_new_high_vulnerability_passes if {
	input_doc := scans.evidence([scans.finding(1, {}), scans.finding(2, {"severity": "medium", "published": "2025-01-10"})])
	count(deny_of(input_doc)) == 0
	count(warn_of(input_doc)) == 0
	fixed_in_time.judged == {"scans/trivy.json"} with input as input_doc with data.dspt.params as params
}

test_a_clean_scan_is_judged_and_passes if {
	input_doc := scans.evidence([])
	count(deny_of(input_doc)) == 0
	fixed_in_time.judged == {"scans/trivy.json"} with input as input_doc with data.dspt.params as params
}

test_an_old_fixable_vulnerability_is_denied if {
	deny_of(scans.evidence([xz])) == {{
		"msg": "CVE-2024-3094 (critical) in xz-utils 5.6.0-0.2, fixed in 5.6.1, in registry.example/app:1.4: published 2024-03-29, 823 days before the assessment (allowed 14)",
		"record": "CVE-2024-3094",
		"file": "scans/trivy.json",
		"pointer": "/Results/0/Vulnerabilities/0",
		"source": "scans",
	}}
}

test_the_open_period_ends_on_the_fourteenth_day if {
	# 2026-06-16 is 14 days before 2026-06-30; 2026-06-15 is 15.
	count(deny_of(scans.evidence([scans.finding(1, {"published": "2026-06-16"})]))) == 0
	deny := deny_of(scans.evidence([scans.finding(1, {"published": "2026-06-15"})]))
	messages(deny) == {"CVE-2026-1001 (high) in openssl 3.0.11-1~deb12u2, fixed in 3.0.13-1~deb12u1, in registry.example/app:1.4 (debian 12.5): published 2026-06-15, 15 days before the assessment (allowed 14)"}
}

test_an_unknown_publication_date_is_treated_as_too_old if {
	input_doc := scans.evidence_of([grype_report], [minimist])
	deny_of(input_doc) == {{
		"msg": "GHSA-xvch-5gv4-984h (critical) in minimist 1.2.5, fixed in 1.2.6, in /usr/src/app/package-lock.json: publication date unknown: treated as older than 14 days",
		"record": "GHSA-xvch-5gv4-984h",
		"file": "scans/grype.json",
		"pointer": "/matches/0",
		"source": "scans",
	}}
}

test_an_unknown_fix_state_fails_closed if {
	input_doc := scans.evidence_of([sarif_report], [sql_injection])
	messages(deny_of(input_doc)) == {"js/sql-injection (high), the report does not say whether a fix exists, in src/db.js: publication date unknown: treated as older than 14 days"}
	fixed_in_time.judged == {"scans/codeql.sarif"} with input as input_doc with data.dspt.params as params
}

test_a_fix_without_a_version_and_missing_fields_are_left_out if {
	no_version := scans.finding(1, {"fixed_version": null, "version": null, "target": null, "published": "2026-01-02"})
	no_package := scans.finding(2, {"fixed_version": null, "package": null, "published": "2026-01-02"})
	messages(deny_of(scans.evidence([no_version, no_package]))) == {
		"CVE-2026-1001 (high) in openssl, a fix exists: published 2026-01-02, 179 days before the assessment (allowed 14)",
		"CVE-2026-1002 (high), a fix exists, in registry.example/app:1.4 (debian 12.5): published 2026-01-02, 179 days before the assessment (allowed 14)",
	}
}

test_a_vulnerability_without_a_fix_is_a_warning if {
	not_fixed := scans.finding(1, {"fixed_version": null, "fix_state": "not-fixed", "published": "2025-01-10"})
	wont_fix := scans.finding(2, {"fixed_version": null, "fix_state": "wont-fix", "published": null, "severity": "critical"})
	input_doc := scans.evidence([not_fixed, wont_fix])
	count(deny_of(input_doc)) == 0
	warn_of(input_doc) == {
		{
			"msg": "CVE-2026-1001 (high) in openssl 3.0.11-1~deb12u2, in registry.example/app:1.4 (debian 12.5): no fix available: record the risk and its mitigation (DSPT 8.2.1)",
			"record": "CVE-2026-1001",
			"file": "scans/trivy.json",
			"pointer": "/Results/0/Vulnerabilities/0",
			"source": "scans",
		},
		{
			"msg": "CVE-2026-1002 (critical) in openssl 3.0.11-1~deb12u2, in registry.example/app:1.4 (debian 12.5): no fix available: record the risk and its mitigation (DSPT 8.2.1)",
			"record": "CVE-2026-1002",
			"file": "scans/trivy.json",
			"pointer": "/Results/0/Vulnerabilities/1",
			"source": "scans",
		},
	}
}

test_other_severities_are_not_watched if {
	old := {"published": "2024-01-10"}
	findings := [
		scans.finding(1, object.union(old, {"severity": "medium"})),
		scans.finding(2, object.union(old, {"severity": "low"})),
		scans.finding(3, object.union(old, {"severity": "unknown"})),
		scans.finding(4, {"severity": "low", "fix_state": "not-fixed", "fixed_version": null}),
	]
	count(deny_of(scans.evidence(findings))) == 0
	count(warn_of(scans.evidence(findings))) == 0
}

test_the_severities_parameter_is_honoured if {
	input_doc := scans.evidence([scans.finding(1, {"severity": "medium", "published": "2024-01-10"})])
	count(deny_of(input_doc)) == 0
	count(fixed_in_time.deny) == 1 with input as input_doc with data.dspt.params as params
		with data.dspt.params.scans.severities as ["critical", "high", "medium"]
}

test_an_old_report_is_denied if {
	input_doc := scans.evidence_of([scans.report({"scanned_on": "2026-04-01"})], [])
	deny_of(input_doc) == {{
		"msg": "the Trivy report scans/trivy.json was taken on 2026-04-01, 90 days before the assessment (allowed 31): an old scan says nothing about what is open today",
		"record": "scans/trivy.json",
		"file": "scans/trivy.json",
		"pointer": "/CreatedAt",
		"source": "scans",
	}}
}

test_the_scan_age_ends_on_the_thirty_first_day if {
	# 2026-05-30 is 31 days before 2026-06-30.
	count(deny_of(scans.evidence_of([scans.report({"scanned_on": "2026-05-30"})], []))) == 0
	count(deny_of(scans.evidence_of([scans.report({"scanned_on": "2026-05-29"})], []))) == 1
	count(fixed_in_time.deny) == 0 with input as scans.evidence_of([scans.report({"scanned_on": "2026-05-29"})], [])
		with data.dspt.params as params
		with data.dspt.params.scans.max_scan_age_days as 32
}

test_a_report_without_a_date_is_a_warning if {
	undated := object.union(sarif_report, {"scanned_on": null})
	input_doc := scans.evidence_of([undated], [])
	count(deny_of(input_doc)) == 0
	warn_of(input_doc) == {{
		"msg": "the CodeQL report scans/codeql.sarif carries no scan date, so how recent it is cannot be shown",
		"record": "scans/codeql.sarif",
		"file": "scans/codeql.sarif",
		"pointer": "/runs/0/invocations/0/endTimeUtc",
		"source": "scans",
	}}
}

test_report_findings_point_at_each_formats_date if {
	old := {"scanned_on": "2026-01-05"}
	input_doc := scans.evidence_of([object.union(grype_report, old), object.union(sarif_report, old), scans.report(object.union(old, {"file": "scans/other.json", "format": "other"}))], [])
	{[finding.file, object.get(finding, "pointer", null)] | some finding in deny_of(input_doc)} == {
		["scans/grype.json", "/descriptor/timestamp"],
		["scans/codeql.sarif", "/runs/0/invocations/0/endTimeUtc"],
		["scans/other.json", null],
	}
}

test_findings_are_denied_even_in_an_old_report if {
	input_doc := scans.evidence_of([scans.report({"scanned_on": "2026-04-01"})], [xz])
	{finding.record | some finding in deny_of(input_doc)} == {"scans/trivy.json", "CVE-2024-3094"}
}

test_every_report_is_judged if {
	input_doc := scans.evidence_of([scans.report({}), grype_report, sarif_report], [xz, minimist])
	fixed_in_time.judged == {"scans/trivy.json", "scans/grype.json", "scans/codeql.sarif"} with input as input_doc with data.dspt.params as params
}

test_without_scans_nothing_is_judged if {
	count(fixed_in_time.judged) == 0 with input as testing.evidence({}) with data.dspt.params as params
	count(fixed_in_time.deny) == 0 with input as testing.evidence({}) with data.dspt.params as params
	count(fixed_in_time.warn) == 0 with input as testing.evidence({}) with data.dspt.params as params
}

# The fixtures' reports, as the engine reads them. Compliant: a Trivy report of 2026-06-28 whose
# one high vulnerability with a fix (in two packages) was published on 2026-06-25, beside older
# low and medium ones, and a CodeQL log of 2026-06-29 with notes and warnings. Non-compliant: a
# Grype report whose critical minimist match has a fix but no date, and a Trivy report of
# 2026-04-01 with the xz backdoor (in two packages) and a critical zlib one Debian will not fix.
test_the_fixture_reports if {
	compliant := scans.evidence_of(
		[scans.report({"scanned_on": "2026-06-28"}), sarif_report],
		[
			scans.finding(1, {"severity": "low", "fix_state": "not-fixed", "fixed_version": null, "published": "2019-11-26"}),
			scans.finding(2, {"severity": "medium", "fix_state": "not-fixed", "fixed_version": null, "published": "2023-12-12"}),
			scans.finding(3, {"package": "libssl3", "published": "2026-06-25"}),
			scans.finding(4, {"package": "openssl", "published": "2026-06-25"}),
			scans.finding(5, {"severity": "medium", "published": "2026-02-17"}),
			object.union(sql_injection, {"severity": "medium"}),
			object.union(sql_injection, {"severity": "low", "pointer": "/runs/0/results/1"}),
		],
	)
	count(deny_of(compliant)) == 0
	count(warn_of(compliant)) == 0
	old_report := scans.report({"scanned_on": "2026-04-01"})
	liblzma := object.union(xz, {"package": "liblzma5"})
	zlib := scans.finding(3, {"severity": "critical", "fix_state": "wont-fix", "fixed_version": null, "published": "2023-10-14"})
	noncompliant := scans.evidence_of([grype_report, old_report], [minimist, liblzma, xz, zlib])
	count(deny_of(noncompliant)) == 4
	{finding.record | some finding in warn_of(noncompliant)} == {"CVE-2026-1003"}
}
