# METADATA
# title: A business continuity plan covering data and cyber security is in place, current and approved
# description: >-
#   The organisation keeps a business continuity plan (a document of a kind
#   `params.documents.kinds.continuity` lists, by default `business-continuity-plan`) under version
#   control, reviewed within the review period (365 days by default) and saying who approved it.
#   Whether the plan covers data and cyber security incidents, and has been tested, is for the
#   assessor. DSPT 7.1.2; CAF B5.a.
# custom:
#   id: DOC-BCP-001
#   severity: high
#   sources: [documents]
#   judges: business continuity plans (documents of the kinds in params.documents.kinds.continuity)
package dspt.checks.documents.continuity_plan

import rego.v1

# The document kinds this check requires, and the days within which each must be reviewed.
kinds := object.get(data.dspt.params.documents.kinds, "continuity", [])

review_days := data.dspt.params.documents.review_days

# Each kind required (present or not) and each document of those kinds.
judged contains subject if {
	some subject in data.dspt.lib.documents.judged(kinds)
}

# A kind with no document; a document with no review date, one reviewed too long ago or dated
# after the assessment, or one that does not say who approved it (policies/lib/documents.rego).
deny contains finding if {
	some finding in data.dspt.lib.documents.deny(kinds, review_days)
}
