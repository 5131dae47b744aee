# METADATA
# title: Suppliers processing personal data are under a signed, reviewed agreement and hold the data in allowed locations
# description: >-
#   Every supplier in the supplier register that processes personal data, or for which the
#   register does not say (that fails too), says what it provides and who its contact is, has a
#   signed contract or data processing agreement, had its contract reviewed within the review
#   period before the assessment date (suppliers.contract_review_days), and holds the data in a
#   location the organisation allows (data_location.allowed, compared whole without regard to
#   case). Each missing or failing value is a finding of its own. Whether the contract's terms meet
#   UK GDPR Article 28 is for the assessor. Suppliers that process no personal data are not
#   judged. DSPT 10.1.2, 10.2.2 (partly), 10.2.4 (partly); CAF A4.a (partly).
# custom:
#   id: SUP-AGR-001
#   severity: high
#   sources: [suppliers]
#   judges: suppliers processing personal data (or not saying whether they do)
package dspt.checks.suppliers.agreement

import rego.v1

nanoseconds_per_day := 86400000000000

date_layout := "2006-01-02"

params := data.dspt.params.suppliers

as_of := input.assessment.as_of

# Contract reviews dated before this day are older than the review period (ISO dates order as
# strings).
oldest_allowed := time.format([time.parse_ns(date_layout, as_of) - (params.contract_review_days * nanoseconds_per_day), "UTC", date_layout])

# The allowed locations, trimmed and in lower case.
allowed := {lower(trim_space(place)) | some place in data.dspt.params.data_location.allowed}

# Suppliers that process personal data or for which the register does not say (fail closed).
in_scope contains index if {
	some index, supplier in input.suppliers.records
	not supplier.personal_data == false
}

judged contains input.suppliers.records[index].supplier if {
	some index in in_scope
}

has_text(value) if {
	is_string(value)
	trim_space(value) != ""
}

# [record index, problem] of every shortfall of an in-scope supplier.
problems contains [index, msg] if {
	some index in in_scope
	supplier := input.suppliers.records[index]
	not is_boolean(supplier.personal_data)
	msg := sprintf(
		"the supplier register does not say whether supplier %s processes personal data, so it is judged as if it does",
		[supplier.supplier],
	)
}

problems contains [index, msg] if {
	some index in in_scope
	supplier := input.suppliers.records[index]
	not has_text(supplier.service)
	msg := sprintf("the supplier register does not say what supplier %s provides", [supplier.supplier])
}

problems contains [index, msg] if {
	some index in in_scope
	supplier := input.suppliers.records[index]
	not has_text(supplier.contact)
	msg := sprintf("the supplier register names no contact at supplier %s", [supplier.supplier])
}

problems contains [index, msg] if {
	some index in in_scope
	supplier := input.suppliers.records[index]
	not is_string(supplier.agreement_signed)
	msg := sprintf("supplier %s has no signed contract or data processing agreement recorded", [supplier.supplier])
}

problems contains [index, msg] if {
	today := as_of
	some index in in_scope
	supplier := input.suppliers.records[index]
	is_string(supplier.agreement_signed)
	supplier.agreement_signed > today
	msg := sprintf(
		"supplier %s's contract or data processing agreement is dated %s, after the assessment date %s: it was not signed by then",
		[supplier.supplier, supplier.agreement_signed, today],
	)
}

problems contains [index, msg] if {
	some index in in_scope
	supplier := input.suppliers.records[index]
	not is_string(supplier.contract_review)
	msg := sprintf("the supplier register does not say when supplier %s's contract was last reviewed", [supplier.supplier])
}

problems contains [index, msg] if {
	oldest := oldest_allowed
	some index in in_scope
	supplier := input.suppliers.records[index]
	is_string(supplier.contract_review)
	supplier.contract_review < oldest
	msg := sprintf(
		"supplier %s's contract was last reviewed on %s, more than %d days before %s",
		[supplier.supplier, supplier.contract_review, params.contract_review_days, as_of],
	)
}

problems contains [index, msg] if {
	today := as_of
	some index in in_scope
	supplier := input.suppliers.records[index]
	is_string(supplier.contract_review)
	supplier.contract_review > today
	msg := sprintf(
		"supplier %s's contract review is dated %s, after the assessment date %s",
		[supplier.supplier, supplier.contract_review, today],
	)
}

problems contains [index, msg] if {
	some index in in_scope
	supplier := input.suppliers.records[index]
	not has_text(supplier.location)
	msg := sprintf("the supplier register does not say where supplier %s holds the data", [supplier.supplier])
}

problems contains [index, msg] if {
	places := allowed
	some index in in_scope
	supplier := input.suppliers.records[index]
	has_text(supplier.location)
	not lower(trim_space(supplier.location)) in places
	msg := sprintf(
		"supplier %s holds the data in %s, which is not an allowed location (data_location.allowed)",
		[supplier.supplier, supplier.location],
	)
}

deny contains finding if {
	some [index, msg] in problems
	supplier := input.suppliers.records[index]
	finding := object.union(data.dspt.lib.records.location(supplier), {
		"msg": msg,
		"record": supplier.supplier,
		"source": "suppliers",
	})
}
