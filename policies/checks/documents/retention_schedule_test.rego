package dspt.checks.documents.retention_schedule_test

import rego.v1

import data.dspt.checks.documents.retention_schedule
import data.dspt.testing
import data.dspt.testing.documents

# The parameters of the document checks, as shipped in policies/params/documents.yaml.
params := {"documents": {
	"review_days": 365,
	"kinds": {
		"policies": ["data-protection-policy", "information-security-policy"],
		"retention": ["retention-schedule"],
		"privacy_notice": ["privacy-notice"],
		"incident_procedure": ["incident-procedure"],
		"continuity": ["business-continuity-plan"],
	},
}}

# The document this check judges, as the fixture writes it (fields replaced).
document(fields) := documents.document("retention-schedule.md", object.union(
	{"title": "Records Retention Schedule", "kind": "retention-schedule", "approved_by": "Senior Information Risk Owner", "reviewed_on": "2026-03-02"},
	fields,
))

# Every required kind, with this check's document in place of its default one.
with_document(fields) := array.concat([document(fields)], [other | some other in documents.complete; other.kind != "retention-schedule"])

deny_of(input_doc) := deny if {
	deny := retention_schedule.deny with input as input_doc with data.dspt.params as params
}

judged_of(input_doc) := judged if {
	judged := retention_schedule.judged with input as input_doc with data.dspt.params as params
}

test_a_current_approved_document_passes if {
	count(deny_of(documents.evidence(with_document({})))) == 0
	count(deny_of(documents.evidence(documents.complete))) == 0
}

test_the_kinds_and_their_documents_are_judged if {
	judged_of(documents.evidence(with_document({}))) == {
		"retention-schedule",
		"retention-schedule.md",
	}
	judged_of(documents.evidence([])) == {
		"retention-schedule",
	}
}

test_a_missing_kind_is_denied if {
	deny_of(documents.evidence([])) == {{
		"msg": "no document with `kind: retention-schedule` in policies-docs",
		"record": "retention-schedule",
		"source": "documents",
	}}
}

test_a_stale_document_is_denied if {
	# 2025-06-30 is 365 days before the assessment date; 2025-06-29 is one day more.
	count(deny_of(documents.evidence(with_document({"reviewed_on": "2025-06-30"})))) == 0
	deny_of(documents.evidence(with_document({"reviewed_on": "2025-06-29"}))) == {{
		"msg": "policies-docs/retention-schedule.md (retention-schedule) was last reviewed on 2025-06-29 (`reviewed_on`), 366 days before the assessment (allowed 365)",
		"record": "retention-schedule.md",
		"file": "policies-docs/retention-schedule.md",
		"line": 1,
		"source": "documents",
	}}
}

test_an_undated_or_unapproved_document_fails_closed if {
	undated := with_document({"reviewed_on": null, "approved_on": null, "last_changed": null})
	{finding.msg | some finding in deny_of(documents.evidence(undated))} == {"policies-docs/retention-schedule.md (retention-schedule) has no review date in its front matter and no git history"}
	unapproved := with_document({"approved_by": null})
	{finding.msg | some finding in deny_of(documents.evidence(unapproved))} == {"policies-docs/retention-schedule.md (retention-schedule) does not say who approved it (`approved_by` in its front matter)"}
}

test_the_review_period_parameter_is_honoured if {
	input_doc := documents.evidence(with_document({"reviewed_on": "2025-01-10"}))
	count(deny_of(input_doc)) == 1
	count(retention_schedule.deny) == 0 with input as input_doc with data.dspt.params as params
		with data.dspt.params.documents.review_days as 730
}

test_the_kinds_parameter_is_honoured if {
	renamed := with_document({"kind": "our-own-word"})
	count(deny_of(documents.evidence(renamed))) == 1
	kinds := object.union(params.documents.kinds, {"retention": ["our-own-word"]})
	count(retention_schedule.deny) == 0 with input as documents.evidence(renamed) with data.dspt.params as params
		with data.dspt.params.documents.kinds as kinds
	without_key := object.remove(params.documents.kinds, ["retention"])
	count(retention_schedule.judged) == 0 with input as documents.evidence(renamed) with data.dspt.params as params
		with data.dspt.params.documents.kinds as without_key
}

test_without_documents_nothing_is_judged if {
	count(judged_of(testing.evidence({}))) == 0
	count(deny_of(testing.evidence({}))) == 0
}
