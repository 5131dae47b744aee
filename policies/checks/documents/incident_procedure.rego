# METADATA
# title: An incident reporting procedure is in place, current and approved
# description: >-
#   The organisation keeps its procedure for reporting and managing data security incidents (a
#   document of a kind `params.documents.kinds.incident_procedure` lists, by default
#   `incident-procedure`) under version control, reviewed within the review period (365 days by
#   default) and saying who approved it. Whether it covers reporting to the ICO and NHS England
#   within 72 hours, and is known to staff, is for the assessor. DSPT 6.1.1; CAF D1.a.
# custom:
#   id: DOC-INC-001
#   severity: high
#   sources: [documents]
#   judges: incident reporting procedures (documents of the kinds in params.documents.kinds.incident_procedure)
package dspt.checks.documents.incident_procedure

import rego.v1

# The document kinds this check requires, and the days within which each must be reviewed.
kinds := object.get(data.dspt.params.documents.kinds, "incident_procedure", [])

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
