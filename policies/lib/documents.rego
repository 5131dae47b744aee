# METADATA
# title: Policy document helpers shared by the document checks
# description: >-
#   What the document checks (DOC-POL-001, DOC-RET-001, DOC-PRV-001, DOC-INC-001, DOC-BCP-001)
#   have in common. Each passes the document kinds (front matter `kind:`) it requires, its entry
#   of `params.documents.kinds`, and the review period, `params.documents.review_days` (the checks
#   read the parameters themselves, so `dspt explain` and `dspt diff` see them): every kind must
#   be present in `input.documents`, and every document of those kinds reviewed within the period
#   before the assessment date and say who approved it. The review date is `reviewed_on`, else
#   `approved_on`, else the day git last changed the file; with none of them the review cannot be
#   shown and the document fails.
package dspt.lib.documents

import rego.v1

nanoseconds_per_day := 86400000000000

date_layout := "2006-01-02"

as_of := input.assessment.as_of

# Every kind some document declares.
present_kinds := {document.kind | some document in input.documents.documents; is_string(document.kind)}

# The documents that say no kind (no front matter, or no `kind:` in it), as files, for the
# message about a missing kind.
untyped := sort([file_of(document) | some document in input.documents.documents; not is_string(document.kind)])

# The folders read, for messages.
folders := concat(", ", input.documents.folders) if count(input.documents.folders) > 0

folders := "the documents given" if count(input.documents.folders) == 0

# A document's file: its folder and path.
file_of(document) := concat("/", [trim_right(document.folder, "/"), document.path])

# The documents of the `kinds`.
documents_of(kinds) := [document |
	some document in input.documents.documents
	document.kind in kinds
]

# What a check requiring `kinds` judges when documents were given: each kind (present or not)
# and the path of each document of those kinds.
judged(kinds) := {kind | some kind in kinds} | {document.path | some document in documents_of(kinds)} if {
	is_object(input.documents)
}

# Every failing finding of a check requiring `kinds`, reviewed within `review_days`.
deny(kinds, review_days) := (((missing(kinds) | undated(kinds)) | stale(kinds, review_days)) | future(kinds)) | unapproved(kinds)

# The review date of a document and where it comes from.
review(document) := {"date": document.reviewed_on, "from": "`reviewed_on`"} if is_string(document.reviewed_on)

review(document) := {"date": document.approved_on, "from": "`approved_on`, no `reviewed_on`"} if {
	not is_string(document.reviewed_on)
	is_string(document.approved_on)
}

review(document) := {"date": document.last_changed, "from": "its last git change, no review date in its front matter"} if {
	not is_string(document.reviewed_on)
	not is_string(document.approved_on)
	is_string(document.last_changed)
}

# A document finding: its file, and the line of its front matter when it has one.
finding(document, msg) := object.union(
	line_of(document),
	{"msg": msg, "record": document.path, "file": file_of(document), "source": "documents"},
)

line_of(document) := {"line": document.line} if is_number(document.line)

line_of(document) := {} if not is_number(document.line)

# "policies-docs/dsp.md (data-protection-policy)"
named(document) := sprintf("%s (%s)", [file_of(document), document.kind])

missing(kinds) := {result |
	is_object(input.documents)
	found := present_kinds
	without_kind := untyped
	in_folders := folders
	some kind in kinds
	not kind in found
	msg := concat("", [
		sprintf("no document with `kind: %s` in %s", [kind, in_folders]),
		untyped_note(without_kind),
	])
	result := {"msg": msg, "record": kind, "source": "documents"}
}

untyped_note(files) := "" if count(files) == 0

untyped_note(files) := sprintf(" (documents that say no `kind`: %s)", [concat(", ", files)]) if count(files) > 0

undated(kinds) := {result |
	some document in documents_of(kinds)
	not review(document)
	result := finding(document, sprintf("%s has no review date in its front matter and no git history", [named(document)]))
}

stale(kinds, review_days) := {result |
	today := time.parse_ns(date_layout, as_of)
	oldest := time.format([today - (review_days * nanoseconds_per_day), "UTC", date_layout])
	some document in documents_of(kinds)
	reviewed := review(document)
	reviewed.date < oldest
	days := (today - time.parse_ns(date_layout, reviewed.date)) / nanoseconds_per_day
	msg := sprintf(
		"%s was last reviewed on %s (%s), %d days before the assessment (allowed %d)",
		[named(document), reviewed.date, reviewed.from, days, review_days],
	)
	result := finding(document, msg)
}

future(kinds) := {result |
	today := as_of
	some document in documents_of(kinds)
	reviewed := review(document)
	reviewed.date > today
	msg := sprintf(
		"%s has a review date %s (%s) after the assessment date %s",
		[named(document), reviewed.date, reviewed.from, today],
	)
	result := finding(document, msg)
}

unapproved(kinds) := {result |
	some document in documents_of(kinds)
	not has_text(document.approved_by)
	msg := sprintf("%s does not say who approved it (`approved_by` in its front matter)", [named(document)])
	result := finding(document, msg)
}

has_text(value) if {
	is_string(value)
	trim_space(value) != ""
}
