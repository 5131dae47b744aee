# Test support: the `documents` section of the evidence document (docs/evidence-document.md,
# `documents`), as the engine writes it from a folder of policy documents. Loaded by `dspt test`
# only.
package dspt.testing.documents

import rego.v1

import data.dspt.testing

# Document `path` of the folder policies-docs: a data protection policy with front matter (on
# line 1) owned by the Head of Information Governance, approved by the Board on 2026-02-10 and
# reviewed the same day, not in a git repository (`last_changed` null). `fields` replace any of
# it.
document(path, fields) := object.union(
	{
		"folder": "policies-docs",
		"path": path,
		"title": "Data Security and Protection Policy",
		"kind": "data-protection-policy",
		"owner": "Head of Information Governance",
		"approved_by": "Board",
		"approved_on": "2026-02-10",
		"reviewed_on": "2026-02-10",
		"last_changed": null,
		"line": 1,
	},
	fields,
)

# A document of `kind` (at `<kind>.md`), otherwise as `document`.
of_kind(kind) := document(sprintf("%s.md", [kind]), {"title": kind, "kind": kind})

# One current, approved document of every kind the shipped parameters require.
complete := [of_kind(kind) | some kind in [
	"data-protection-policy",
	"information-security-policy",
	"retention-schedule",
	"privacy-notice",
	"incident-procedure",
	"business-continuity-plan",
]]

# A document without front matter, as the reader lists it: only `path`, `title` (its first
# heading) and `last_changed` set.
without_front_matter(path, title) := document(path, {
	"title": title,
	"kind": null,
	"owner": null,
	"approved_by": null,
	"approved_on": null,
	"reviewed_on": null,
	"line": null,
})

# The `documents` section of `documents`, read from the folder policies-docs.
section(documents) := {"folders": ["policies-docs"], "documents": documents}

# An evidence document of `documents`.
evidence(documents) := testing.evidence({"documents": section(documents)})
