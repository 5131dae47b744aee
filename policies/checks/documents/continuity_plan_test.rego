package dspt.checks.documents.continuity_plan_test

import rego.v1

import data.dspt.checks.documents.continuity_plan
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
document(fields) := documents.document("business-continuity-plan.md", object.union(
	{"title": "Business Continuity Plan", "kind": "business-continuity-plan", "approved_by": "Board", "reviewed_on": "2026-03-02"},
	fields,
))

# Every required kind, with this check's document in place of its default one.
with_document(fields) := array.concat([document(fields)], [other | some other in documents.complete; other.kind != "business-continuity-plan"])

deny_of(input_doc) := deny if {
	deny := continuity_plan.deny with input as input_doc with data.dspt.params as params
}

judged_of(input_doc) := judged if {
	judged := continuity_plan.judged with input as input_doc with data.dspt.params as params
}

test_a_current_approved_document_passes if {
	count(deny_of(documents.evidence(with_document({})))) == 0
	count(deny_of(documents.evidence(documents.complete))) == 0
}

test_the_kinds_and_their_documents_are_judged if {
	judged_of(documents.evidence(with_document({}))) == {
		"business-continuity-plan",
		"business-continuity-plan.md",
	}
	judged_of(documents.evidence([])) == {
		"business-continuity-plan",
	}
}

test_a_missing_kind_is_denied if {
	deny_of(documents.evidence([])) == {{
		"msg": "no document with `kind: business-continuity-plan` in policies-docs",
		"record": "business-continuity-plan",
		"source": "documents",
	}}
}

test_a_stale_document_is_denied if {
	# 2025-06-30 is 365 days before the assessment date; 2025-06-29 is one day more.
	count(deny_of(documents.evidence(with_document({"reviewed_on": "2025-06-30"})))) == 0
	deny_of(documents.evidence(with_document({"reviewed_on": "2025-06-29"}))) == {{
		"msg": "policies-docs/business-continuity-plan.md (business-continuity-plan) was last reviewed on 2025-06-29 (`reviewed_on`), 366 days before the assessment (allowed 365)",
		"record": "business-continuity-plan.md",
		"file": "policies-docs/business-continuity-plan.md",
		"line": 1,
		"source": "documents",
	}}
}

test_an_undated_or_unapproved_document_fails_closed if {
	undated := with_document({"reviewed_on": null, "approved_on": null, "last_changed": null})
	{finding.msg | some finding in deny_of(documents.evidence(undated))} == {"policies-docs/business-continuity-plan.md (business-continuity-plan) has no review date in its front matter and no git history"}
	unapproved := with_document({"approved_by": null})
	{finding.msg | some finding in deny_of(documents.evidence(unapproved))} == {"policies-docs/business-continuity-plan.md (business-continuity-plan) does not say who approved it (`approved_by` in its front matter)"}
}

test_the_review_period_parameter_is_honoured if {
	input_doc := documents.evidence(with_document({"reviewed_on": "2025-01-10"}))
	count(deny_of(input_doc)) == 1
	count(continuity_plan.deny) == 0 with input as input_doc with data.dspt.params as params
		with data.dspt.params.documents.review_days as 730
}

test_the_kinds_parameter_is_honoured if {
	renamed := with_document({"kind": "our-own-word"})
	count(deny_of(documents.evidence(renamed))) == 1
	kinds := object.union(params.documents.kinds, {"continuity": ["our-own-word"]})
	count(continuity_plan.deny) == 0 with input as documents.evidence(renamed) with data.dspt.params as params
		with data.dspt.params.documents.kinds as kinds
	without_key := object.remove(params.documents.kinds, ["continuity"])
	count(continuity_plan.judged) == 0 with input as documents.evidence(renamed) with data.dspt.params as params
		with data.dspt.params.documents.kinds as without_key
}

test_without_documents_nothing_is_judged if {
	count(judged_of(testing.evidence({}))) == 0
	count(deny_of(testing.evidence({}))) == 0
}
