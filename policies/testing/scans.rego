# Test support: the `scans` section of the evidence document (docs/evidence-document.md, `scans`),
# as the engine writes it from vulnerability scanner reports. Loaded by `dspt test` only.
package dspt.testing.scans

import rego.v1

import data.dspt.testing

# Report scans/trivy.json: a Trivy scan of registry.example/app:1.4 taken on 2026-06-28, two days
# before the assessment date. `fields` replace any of it (`findings` is the reader's count and
# is not used by the checks).
report(fields) := object.union(
	{
		"file": "scans/trivy.json",
		"format": "trivy",
		"tool": "Trivy",
		"scanned_on": "2026-06-28",
		"target": "registry.example/app:1.4",
		"findings": 1,
	},
	fields,
)

# Finding `number` of scans/trivy.json (CVE-2026-<1000 + number>, at
# /Results/0/Vulnerabilities/<number - 1>): a high vulnerability in openssl 3.0.11-1~deb12u2
# with a fix (3.0.13-1~deb12u1) published on 2026-06-25, five days before the assessment date.
# `fields` replace any of it.
finding(number, fields) := object.union(
	{
		"id": sprintf("CVE-2026-%d", [1000 + number]),
		"severity": "high",
		"package": "openssl",
		"version": "3.0.11-1~deb12u2",
		"fixed_version": "3.0.13-1~deb12u1",
		"fix_state": "fixed",
		"published": "2026-06-25",
		"target": "registry.example/app:1.4 (debian 12.5)",
		"title": "openssl: excessive time spent checking DH keys",
		"file": "scans/trivy.json",
		"pointer": sprintf("/Results/0/Vulnerabilities/%d", [number - 1]),
	},
	fields,
)

# The `scans` section of `reports` (report records) and `findings` (finding records).
section(reports, findings) := {"reports": reports, "findings": findings}

# An evidence document of the default report (scans/trivy.json) holding `findings`.
evidence(findings) := testing.evidence({"scans": section([report({"findings": count(findings)})], findings)})

# An evidence document of `reports` and `findings`.
evidence_of(reports, findings) := testing.evidence({"scans": section(reports, findings)})
