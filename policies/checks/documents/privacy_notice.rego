# METADATA
# title: A privacy notice is in place, current and approved
# description: >-
#   The organisation keeps its privacy notice (a document of a kind
#   `params.documents.kinds.privacy_notice` lists, by default `privacy-notice`) under version
#   control, reviewed within the review period (365 days by default) and saying who approved it.
#   Whether it is published and tells people what the UK GDPR requires is for the assessor.
#   DSPT 1.1.3; CAF E1.a.
# custom:
#   id: DOC-PRV-001
#   severity: medium
#   sources: [documents]
#   judges: privacy notices (documents of the kinds in params.documents.kinds.privacy_notice)
package dspt.checks.documents.privacy_notice

import rego.v1

# The document kinds this check requires, and the days within which each must be reviewed.
kinds := object.get(data.dspt.params.documents.kinds, "privacy_notice", [])

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
