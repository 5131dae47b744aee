# METADATA
# title: A records retention schedule is in place, current and approved
# description: >-
#   The organisation keeps a retention schedule (a document of a kind
#   `params.documents.kinds.retention` lists, by default `retention-schedule`) under version
#   control, reviewed within the review period (365 days by default) and saying who approved it.
#   Whether it covers every kind of record held, and is followed, is for the assessor.
#   DSPT 1.4.1; CAF E4.a.
# custom:
#   id: DOC-RET-001
#   severity: medium
#   sources: [documents]
#   judges: retention schedules (documents of the kinds in params.documents.kinds.retention)
package dspt.checks.documents.retention_schedule

import rego.v1

# The document kinds this check requires, and the days within which each must be reviewed.
kinds := object.get(data.dspt.params.documents.kinds, "retention", [])

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
