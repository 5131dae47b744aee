package dspt.checks.hr.training_needs_reviewed_test

import rego.v1

import data.dspt.checks.hr.training_needs_reviewed
import data.dspt.testing.hr

# The parameter the check reads, as shipped in policies/params/hr.yaml.
params := {"hr": {"training_needs_review_days": 365}}

# A training needs analysis (hr.training_needs) asking data security training of every role, with
# fields replaced.
needs(fields) := object.union(hr.training_needs([{"role": "*", "courses": [{"course": "data_security", "every_days": 365}]}]), fields)

# One active Developer.
staff := [hr.person(1, {"role": "Developer", "start_date": "2020-01-06"})]

# The HR evidence of the staff with this training needs analysis.
evidence(training_needs) := hr.evidence_with_needs(staff, training_needs)

# The same HR evidence with no analysis.
without_needs := hr.evidence(staff)

test_an_approved_analysis_reviewed_this_year_passes if {
	count(training_needs_reviewed.deny) == 0 with input as evidence(needs({})) with data.dspt.params as params
	training_needs_reviewed.judged == {"hr/training-needs.yaml"} with input as evidence(needs({})) with data.dspt.params as params
	not training_needs_reviewed.skip with input as evidence(needs({})) with data.dspt.params as params
}

test_a_review_exactly_at_the_limit_passes if {
	# 2025-06-30 is 365 days before 2026-06-30; 2025-06-29 is one day more.
	count(training_needs_reviewed.deny) == 0 with input as evidence(needs({"reviewed_on": "2025-06-30"})) with data.dspt.params as params
	count(training_needs_reviewed.deny) == 1 with input as evidence(needs({"reviewed_on": "2025-06-29"})) with data.dspt.params as params
}

test_a_stale_review_fails if {
	deny := training_needs_reviewed.deny with input as evidence(needs({"reviewed_on": "2024-03-01"})) with data.dspt.params as params
	deny == {{
		"msg": "the training needs analysis hr/training-needs.yaml was last reviewed on 2024-03-01, more than 365 days before 2026-06-30",
		"file": "hr/training-needs.yaml",
		"pointer": "/reviewed_on",
		"source": "hr",
	}}
}

test_a_missing_review_date_fails if {
	deny := training_needs_reviewed.deny with input as evidence(needs({"reviewed_on": null})) with data.dspt.params as params
	some finding in deny
	contains(finding.msg, "has no `reviewed_on` date")
	count(deny) == 1
}

test_a_review_after_the_assessment_date_fails if {
	deny := training_needs_reviewed.deny with input as evidence(needs({"reviewed_on": "2026-07-02"})) with data.dspt.params as params
	some finding in deny
	contains(finding.msg, "after the assessment date 2026-06-30")
}

test_a_missing_approver_fails if {
	deny := training_needs_reviewed.deny with input as evidence(needs({"approved_by": null})) with data.dspt.params as params
	deny == {{
		"msg": "the training needs analysis hr/training-needs.yaml does not say who approved it (`approved_by`)",
		"file": "hr/training-needs.yaml",
		"pointer": "/approved_by",
		"source": "hr",
	}}
	count(training_needs_reviewed.deny) == 1 with input as evidence(needs({"approved_by": "  "})) with data.dspt.params as params
}

test_without_an_analysis_nothing_is_judged if {
	count(training_needs_reviewed.judged) == 0 with input as without_needs with data.dspt.params as params
	count(training_needs_reviewed.deny) == 0 with input as without_needs with data.dspt.params as params
	reason := training_needs_reviewed.skip with input as without_needs with data.dspt.params as params
	contains(reason, "no training needs analysis")
	count(training_needs_reviewed.judged) == 0 with input as {"assessment": {"as_of": "2026-06-30"}} with data.dspt.params as params
	not training_needs_reviewed.skip with input as {"assessment": {"as_of": "2026-06-30"}} with data.dspt.params as params
}

test_review_period_parameter_is_honoured if {
	input_doc := evidence(needs({"reviewed_on": "2025-01-10"}))
	count(training_needs_reviewed.deny) == 1 with input as input_doc with data.dspt.params as params
	count(training_needs_reviewed.deny) == 0 with input as input_doc with data.dspt.params as params
		with data.dspt.params.hr.training_needs_review_days as 730
}

# The fixtures' analyses, as the engine reads them: the compliant one passes, the non-compliant
# one (reviewed 2024-03-01) fails.
test_the_fixture_analyses if {
	compliant := needs({"reviewed_on": "2026-02-20", "approved_by": "Senior Information Risk Owner"})
	count(training_needs_reviewed.deny) == 0 with input as evidence(compliant) with data.dspt.params as params
	noncompliant := needs({"reviewed_on": "2024-03-01", "approved_by": "Director"})
	count(training_needs_reviewed.deny) == 1 with input as evidence(noncompliant) with data.dspt.params as params
}
