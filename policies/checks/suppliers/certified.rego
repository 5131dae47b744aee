# METADATA
# title: Suppliers processing personal data hold a current cyber security certification or DSPT
# description: >-
#   Every supplier in the supplier register that processes personal data, or for which the
#   register does not say (that fails too), holds a certification the organisation accepts
#   (suppliers.accepted_certifications: ISO 27001, Cyber Essentials (Plus)) that has not expired
#   on the assessment date, or published an accepted DSPT status (Standards Met or Exceeded)
#   within the last year (suppliers.dspt_max_age_days). A certificate that is a supplier's only
#   cover and expires within suppliers.certificate_warning_days is a warning. Suppliers that
#   process no personal data are not judged. DSPT 10.2.1 (partly); CAF A4.a (partly).
# custom:
#   id: SUP-CRT-001
#   severity: high
#   sources: [suppliers]
#   judges: suppliers processing personal data (or not saying whether they do)
package dspt.checks.suppliers.certified

import rego.v1

nanoseconds_per_day := 86400000000000

date_layout := "2006-01-02"

params := data.dspt.params.suppliers

as_of := input.assessment.as_of

as_of_ns := time.parse_ns(date_layout, as_of)

# DSPT statuses published before this day are older than allowed (ISO dates order as strings).
dspt_oldest_allowed := time.format([as_of_ns - (params.dspt_max_age_days * nanoseconds_per_day), "UTC", date_layout])

# Certificates expiring on or before this day are flagged when they are the only cover.
warn_until := time.format([as_of_ns + (params.certificate_warning_days * nanoseconds_per_day), "UTC", date_layout])

# Accepted certification names and DSPT statuses, in lower case.
accepted_certifications := {lower(name) | some name in params.accepted_certifications}

accepted_statuses := {lower(trim_space(status)) | some status in params.accepted_dspt_statuses}

# Suppliers that process personal data or for which the register does not say (fail closed).
in_scope contains index if {
	some index, supplier in input.suppliers.records
	not supplier.personal_data == false
}

judged contains input.suppliers.records[index].supplier if {
	some index in in_scope
}

# The certification names a certification the organisation accepts.
accepted_certification(supplier, names) if {
	is_string(supplier.certification)
	text := lower(supplier.certification)
	some name in names
	contains(text, name)
}

accepted_status(supplier, statuses) if {
	is_string(supplier.dspt_status)
	lower(trim_space(supplier.dspt_status)) in statuses
}

# In-scope suppliers with an accepted certificate that has not expired on the assessment date.
certified contains index if {
	[names, today] := [accepted_certifications, as_of]
	some index in in_scope
	supplier := input.suppliers.records[index]
	accepted_certification(supplier, names)
	is_string(supplier.certificate_expires)
	supplier.certificate_expires >= today
}

# In-scope suppliers with an accepted DSPT status published within the allowed age.
dspt_met contains index if {
	[statuses, oldest, today] := [accepted_statuses, dspt_oldest_allowed, as_of]
	some index in in_scope
	supplier := input.suppliers.records[index]
	accepted_status(supplier, statuses)
	is_string(supplier.dspt_date)
	supplier.dspt_date >= oldest
	supplier.dspt_date <= today
}

has_text(value) if {
	is_string(value)
	trim_space(value) != ""
}

# What the register shows of the supplier's certificate, for the message.
certificate_found(supplier) := "no certification" if {
	not has_text(supplier.certification)
} else := sprintf("certification %s, which is not one accepted (suppliers.accepted_certifications)", [supplier.certification]) if {
	not accepted_certification(supplier, accepted_certifications)
} else := sprintf("%s with no expiry date", [supplier.certification]) if {
	not is_string(supplier.certificate_expires)
} else := sprintf("%s, expired on %s", [supplier.certification, supplier.certificate_expires])

# What the register shows of the supplier's DSPT status, for the message.
dspt_found(supplier) := "no DSPT status" if {
	not has_text(supplier.dspt_status)
} else := sprintf("DSPT status %s with no publication date", [supplier.dspt_status]) if {
	not is_string(supplier.dspt_date)
} else := sprintf("DSPT status %s of %s, which is not one accepted (suppliers.accepted_dspt_statuses)", [supplier.dspt_status, supplier.dspt_date]) if {
	not accepted_status(supplier, accepted_statuses)
} else := sprintf("DSPT status %s of %s, after the assessment date", [supplier.dspt_status, supplier.dspt_date]) if {
	supplier.dspt_date > as_of
} else := sprintf("DSPT status %s of %s, more than %d days before %s", [supplier.dspt_status, supplier.dspt_date, params.dspt_max_age_days, as_of])

# How the register reads on personal data, for the message.
processes(supplier) := "processes personal data" if supplier.personal_data == true

processes(supplier) := "may process personal data (the register does not say)" if not supplier.personal_data == true

supplier_finding(supplier, msg) := object.union(data.dspt.lib.records.location(supplier), {
	"msg": msg,
	"record": supplier.supplier,
	"source": "suppliers",
})

deny contains finding if {
	covered := certified | dspt_met
	some index in in_scope
	not index in covered
	supplier := input.suppliers.records[index]
	msg := sprintf(
		"supplier %s %s but holds no current cyber security certification or DSPT Standards Met: the register shows %s, and %s",
		[supplier.supplier, processes(supplier), certificate_found(supplier), dspt_found(supplier)],
	)
	finding := supplier_finding(supplier, msg)
}

deny contains finding if {
	some index in in_scope
	supplier := input.suppliers.records[index]
	not is_boolean(supplier.personal_data)
	msg := sprintf(
		"the supplier register does not say whether supplier %s processes personal data, so it is judged as if it does",
		[supplier.supplier],
	)
	finding := supplier_finding(supplier, msg)
}

warn contains finding if {
	[met, until] := [dspt_met, warn_until]
	some index in certified
	not index in met
	supplier := input.suppliers.records[index]
	supplier.certificate_expires <= until
	msg := sprintf(
		"supplier %s %s and its only cover, %s, expires on %s, within %d days of %s",
		[supplier.supplier, processes(supplier), supplier.certification, supplier.certificate_expires, params.certificate_warning_days, as_of],
	)
	finding := supplier_finding(supplier, msg)
}
