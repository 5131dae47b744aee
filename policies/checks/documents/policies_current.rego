# METADATA
# title: Data security and protection policies are in place, current and approved
# description: >-
#   The organisation's data security and protection policies are kept as documents under version
#   control: one of each kind `params.documents.kinds.policies` lists (by default a data protection
#   policy and an information security policy), each reviewed within the review period (365 days by
#   default; `reviewed_on`, else `approved_on`, else its last git change) and saying who approved it.
#   Whether the policies cover what the toolkit asks, and whether the approver is senior leadership,
#   is for the assessor. DSPT 1.3.1; CAF A1.a, B1.a.
# custom:
#   id: DOC-POL-001
#   severity: high
#   sources: [documents]
#   judges: data security and protection policies (documents of the kinds in params.documents.kinds.policies)
package dspt.checks.documents.policies_current

import rego.v1

# The document kinds this check requires, and the days within which each must be reviewed.
kinds := object.get(data.dspt.params.documents.kinds, "policies", [])

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
