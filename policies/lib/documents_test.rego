package dspt.lib.documents_test

import rego.v1

import data.dspt.testing
import data.dspt.testing.documents

# The review period as shipped in policies/params/documents.yaml (documents.review_days); the
# library reads no parameter itself, the checks pass it.
review_days := 365

# The policy kinds, as params.documents.kinds.policies ships them.
policies := ["data-protection-policy", "information-security-policy"]

dpp := documents.document("data-protection.md", {})

isp := documents.document("information-security.md", {"title": "Information Security Policy", "kind": "information-security-policy"})

deny_of(kinds, docs) := deny if {
	deny := data.dspt.lib.documents.deny(kinds, review_days) with input as documents.evidence(docs)
}

judged_of(kinds, docs) := judged if {
	judged := data.dspt.lib.documents.judged(kinds) with input as documents.evidence(docs)
}

messages(findings) := {finding.msg | some finding in findings}

test_current_approved_documents_of_every_kind_pass if {
	count(deny_of(policies, [dpp, isp])) == 0
	count(deny_of(["retention-schedule", "privacy-notice"], documents.complete)) == 0
}

test_each_kind_and_each_document_of_those_kinds_is_judged if {
	older := documents.document("archive/data-protection-2025.md", {"reviewed_on": "2025-03-01"})
	privacy := documents.of_kind("privacy-notice")
	judged_of(policies, [dpp, isp, older, privacy]) == {
		"data-protection-policy",
		"information-security-policy",
		"data-protection.md",
		"information-security.md",
		"archive/data-protection-2025.md",
	}
	judged_of(policies, []) == {"data-protection-policy", "information-security-policy"}
	judged_of([], [dpp]) == set()
}

test_without_documents_nothing_is_judged_or_denied if {
	not data.dspt.lib.documents.judged(policies) with input as testing.evidence({})
	count(data.dspt.lib.documents.deny(policies, review_days)) == 0 with input as testing.evidence({})
}

test_a_missing_kind_is_denied_without_a_file if {
	deny_of(policies, [dpp]) == {{
		"msg": "no document with `kind: information-security-policy` in policies-docs",
		"record": "information-security-policy",
		"source": "documents",
	}}
}

test_a_missing_kind_names_the_documents_that_say_no_kind if {
	untitled := documents.without_front_matter("security.md", "Information Security")
	blank := documents.document("notes.md", {"kind": null})
	messages(deny_of(policies, [dpp, untitled, blank])) == {"no document with `kind: information-security-policy` in policies-docs (documents that say no `kind`: policies-docs/notes.md, policies-docs/security.md)"}
}

test_a_missing_kind_names_every_folder_read if {
	input_doc := object.union(documents.evidence([dpp]), {"documents": {"folders": ["policies-docs", "handbook"]}})
	deny := data.dspt.lib.documents.deny(policies, review_days) with input as input_doc
	messages(deny) == {"no document with `kind: information-security-policy` in policies-docs, handbook"}
	no_folders := object.union(documents.evidence([dpp]), {"documents": {"folders": []}})
	deny_without := data.dspt.lib.documents.deny(policies, review_days) with input as no_folders
	messages(deny_without) == {"no document with `kind: information-security-policy` in the documents given"}
}

test_a_stale_review_is_denied_with_the_documents_file_and_line if {
	stale := documents.document("data-protection.md", {"reviewed_on": "2024-11-01"})
	deny_of(policies, [stale, isp]) == {{
		"msg": "policies-docs/data-protection.md (data-protection-policy) was last reviewed on 2024-11-01 (`reviewed_on`), 606 days before the assessment (allowed 365)",
		"record": "data-protection.md",
		"file": "policies-docs/data-protection.md",
		"line": 1,
		"source": "documents",
	}}
}

test_the_review_period_ends_on_its_last_day if {
	# 2025-06-30 is 365 days before 2026-06-30; 2025-06-29 is 366.
	count(deny_of(policies, [documents.document("data-protection.md", {"reviewed_on": "2025-06-30"}), isp])) == 0
	messages(deny_of(policies, [documents.document("data-protection.md", {"reviewed_on": "2025-06-29"}), isp])) == {"policies-docs/data-protection.md (data-protection-policy) was last reviewed on 2025-06-29 (`reviewed_on`), 366 days before the assessment (allowed 365)"}
	count(data.dspt.lib.documents.deny(policies, 366)) == 0 with input as documents.evidence([documents.document("data-protection.md", {"reviewed_on": "2025-06-29"}), isp])
}

test_the_review_date_is_reviewed_on_then_approved_on_then_the_last_git_change if {
	by_reviewed := documents.document("a.md", {"reviewed_on": "2026-01-10", "approved_on": "2020-01-10", "last_changed": "2019-01-10"})
	by_approved := documents.document("b.md", {"reviewed_on": null, "approved_on": "2025-01-10", "last_changed": "2026-06-01"})
	by_git := documents.document("c.md", {"reviewed_on": null, "approved_on": null, "last_changed": "2025-02-01"})
	current_in_git := documents.document("d.md", {"reviewed_on": null, "approved_on": null, "last_changed": "2026-05-01"})
	messages(deny_of(policies, [by_reviewed, by_approved, by_git, current_in_git, isp])) == {
		"policies-docs/b.md (data-protection-policy) was last reviewed on 2025-01-10 (`approved_on`, no `reviewed_on`), 536 days before the assessment (allowed 365)",
		"policies-docs/c.md (data-protection-policy) was last reviewed on 2025-02-01 (its last git change, no review date in its front matter), 514 days before the assessment (allowed 365)",
	}
}

test_a_document_with_no_review_date_at_all_fails if {
	undated := documents.document("data-protection.md", {"reviewed_on": null, "approved_on": null, "last_changed": null})
	deny_of(policies, [undated, isp]) == {{
		"msg": "policies-docs/data-protection.md (data-protection-policy) has no review date in its front matter and no git history",
		"record": "data-protection.md",
		"file": "policies-docs/data-protection.md",
		"line": 1,
		"source": "documents",
	}}
}

test_a_review_dated_after_the_assessment_fails if {
	ahead := documents.document("data-protection.md", {"reviewed_on": "2026-07-01"})
	messages(deny_of(policies, [ahead, isp])) == {"policies-docs/data-protection.md (data-protection-policy) has a review date 2026-07-01 (`reviewed_on`) after the assessment date 2026-06-30"}
	count(deny_of(policies, [documents.document("data-protection.md", {"reviewed_on": "2026-06-30"}), isp])) == 0
}

test_a_document_that_does_not_say_who_approved_it_fails if {
	unapproved := documents.document("data-protection.md", {"approved_by": null})
	deny_of(policies, [unapproved, isp]) == {{
		"msg": "policies-docs/data-protection.md (data-protection-policy) does not say who approved it (`approved_by` in its front matter)",
		"record": "data-protection.md",
		"file": "policies-docs/data-protection.md",
		"line": 1,
		"source": "documents",
	}}
	count(deny_of(policies, [documents.document("data-protection.md", {"approved_by": " "}), isp])) == 1
}

test_every_document_of_a_kind_is_judged_and_can_fail if {
	older := documents.document("archive/data-protection-2024.md", {"reviewed_on": "2024-02-01"})
	{finding.record | some finding in deny_of(policies, [dpp, older, isp])} == {"archive/data-protection-2024.md"}
}

test_documents_of_other_kinds_are_not_judged if {
	other := documents.document("byod.md", {"kind": "byod-policy", "approved_by": null, "reviewed_on": "2020-01-01"})
	count(deny_of(policies, [dpp, isp, other])) == 0
}

test_a_finding_leaves_out_an_unknown_line_and_a_trailing_slash if {
	no_line := documents.document("data-protection.md", {"folder": "docs/policies/", "line": null, "approved_by": null})
	deny_of(policies, [no_line, isp]) == {{
		"msg": "docs/policies/data-protection.md (data-protection-policy) does not say who approved it (`approved_by` in its front matter)",
		"record": "data-protection.md",
		"file": "docs/policies/data-protection.md",
		"source": "documents",
	}}
}

# The fixtures' folders, as the engine reads them (policies-docs, outside git history).
# Compliant: both policies, a retention schedule, a privacy notice, an incident procedure and a
# continuity plan, each reviewed in 2026 and approved. Non-compliant: the data protection policy
# last reviewed on 2024-11-01, no retention schedule, a privacy notice without front matter, an
# incident procedure that names no approver, and a current continuity plan.
test_the_fixture_documents if {
	compliant := [
		documents.document("business-continuity-plan.md", {"kind": "business-continuity-plan", "reviewed_on": "2026-03-30"}),
		documents.document("data-security-and-protection-policy.md", {}),
		documents.document("incident-reporting-procedure.md", {"kind": "incident-procedure", "reviewed_on": "2026-05-06"}),
		documents.document("information-security-policy.md", {"kind": "information-security-policy", "reviewed_on": "2026-03-11"}),
		documents.document("privacy-notice.md", {"kind": "privacy-notice", "reviewed_on": "2026-04-02"}),
		documents.document("records-retention-schedule.md", {"kind": "retention-schedule", "approved_on": "2025-04-02", "reviewed_on": "2026-04-02"}),
	]
	every kinds in all_kinds {
		count(deny_of(kinds, compliant)) == 0
	}
	noncompliant := [
		documents.document("business-continuity-plan.md", {"kind": "business-continuity-plan", "reviewed_on": "2026-05-12"}),
		documents.document("data-protection-policy.md", {"approved_on": "2023-10-17", "reviewed_on": "2024-11-01"}),
		documents.document("incident-procedure.md", {"kind": "incident-procedure", "approved_by": null, "approved_on": null, "reviewed_on": "2026-02-03"}),
		documents.document("information-security-policy.md", {"kind": "information-security-policy", "reviewed_on": "2026-01-15"}),
		documents.without_front_matter("privacy-notice.md", "Privacy Notice"),
	]
	{kinds: records |
		some kinds in all_kinds
		records := {finding.record | some finding in deny_of(kinds, noncompliant)}
	} == {
		policies: {"data-protection-policy.md"},
		["retention-schedule"]: {"retention-schedule"},
		["privacy-notice"]: {"privacy-notice"},
		["incident-procedure"]: {"incident-procedure.md"},
		["business-continuity-plan"]: set(),
	}
}

# Every check's kinds, as params.documents.kinds ships them.
all_kinds := [
	policies,
	["retention-schedule"],
	["privacy-notice"],
	["incident-procedure"],
	["business-continuity-plan"],
]
