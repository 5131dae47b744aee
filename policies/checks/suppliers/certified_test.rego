package dspt.checks.suppliers.certified_test

import rego.v1

import data.dspt.checks.suppliers.certified
import data.dspt.testing
import data.dspt.testing.suppliers

# The parameters the check reads, as shipped in policies/params/registers.yaml.
params := {"suppliers": {
	"accepted_certifications": ["ISO 27001", "ISO/IEC 27001", "Cyber Essentials Plus", "Cyber Essentials"],
	"accepted_dspt_statuses": ["Standards Met", "Standards Exceeded"],
	"dspt_max_age_days": 365,
	"certificate_warning_days": 60,
	"contract_review_days": 365,
}}

# Neither a certificate nor a DSPT status: fields to add to a record.
uncovered := {"certification": null, "certificate_expires": null, "dspt_status": null, "dspt_date": null}

# Only a certificate (expiring on `expires`).
certificate_only(certification, expires) := object.union(uncovered, {"certification": certification, "certificate_expires": expires})

# Only a DSPT status (published on `date`).
dspt_only(status, date) := object.union(uncovered, {"dspt_status": status, "dspt_date": date})

register := [
	suppliers.record(1, {}),
	suppliers.record(2, certificate_only("ISO/IEC 27001:2022", "2027-03-31")),
	suppliers.record(3, certificate_only("cyber essentials plus", "2026-12-01")),
	suppliers.record(4, dspt_only(" standards exceeded ", "2026-01-15")),
	# An expired certificate, but a current DSPT: covered.
	suppliers.record(5, object.union(dspt_only("Standards Met", "2025-09-30"), {"certification": "ISO 27001", "certificate_expires": "2025-10-01"})),
	# Processes no personal data: not judged.
	suppliers.record(6, object.union(uncovered, {"personal_data": false})),
]

test_covered_suppliers_pass if {
	input_doc := suppliers.evidence(register)
	count(certified.deny) == 0 with input as input_doc with data.dspt.params as params
	count(certified.warn) == 0 with input as input_doc with data.dspt.params as params
}

test_a_supplier_with_nothing_is_denied if {
	input_doc := suppliers.evidence([suppliers.record(1, {}), suppliers.record(2, uncovered)])
	deny := certified.deny with input as input_doc with data.dspt.params as params
	deny == {{
		"msg": "supplier Supplier 2 Ltd processes personal data but holds no current cyber security certification or DSPT Standards Met: the register shows no certification, and no DSPT status",
		"record": "Supplier 2 Ltd",
		"file": "registers/suppliers.csv",
		"line": 3,
		"source": "suppliers",
	}}
}

test_an_expired_certificate_is_denied if {
	input_doc := suppliers.evidence([suppliers.record(1, certificate_only("Cyber Essentials", "2026-06-29"))])
	deny := certified.deny with input as input_doc with data.dspt.params as params
	{finding.msg | some finding in deny} == {"supplier Supplier 1 Ltd processes personal data but holds no current cyber security certification or DSPT Standards Met: the register shows Cyber Essentials, expired on 2026-06-29, and no DSPT status"}
}

test_a_certificate_expiring_on_the_assessment_date_is_current_with_a_warning if {
	input_doc := suppliers.evidence([suppliers.record(1, certificate_only("ISO 27001", "2026-06-30"))])
	count(certified.deny) == 0 with input as input_doc with data.dspt.params as params
	warn := certified.warn with input as input_doc with data.dspt.params as params
	warn == {{
		"msg": "supplier Supplier 1 Ltd processes personal data and its only cover, ISO 27001, expires on 2026-06-30, within 60 days of 2026-06-30",
		"record": "Supplier 1 Ltd",
		"file": "registers/suppliers.csv",
		"line": 2,
		"source": "suppliers",
	}}
}

test_the_warning_window_ends_on_its_last_day if {
	# 2026-08-29 is 60 days after 2026-06-30: warned; 2026-08-30 is not.
	at_limit := suppliers.evidence([suppliers.record(1, certificate_only("ISO 27001", "2026-08-29"))])
	count(certified.warn) == 1 with input as at_limit with data.dspt.params as params
	past_limit := suppliers.evidence([suppliers.record(1, certificate_only("ISO 27001", "2026-08-30"))])
	count(certified.warn) == 0 with input as past_limit with data.dspt.params as params
}

test_a_current_dspt_silences_the_expiry_warning if {
	input_doc := suppliers.evidence([suppliers.record(1, {"certificate_expires": "2026-07-10"})])
	count(certified.warn) == 0 with input as input_doc with data.dspt.params as params
}

test_an_unaccepted_certification_is_denied if {
	input_doc := suppliers.evidence([suppliers.record(1, certificate_only("SOC 2 Type II", "2027-01-31"))])
	deny := certified.deny with input as input_doc with data.dspt.params as params
	{finding.msg | some finding in deny} == {"supplier Supplier 1 Ltd processes personal data but holds no current cyber security certification or DSPT Standards Met: the register shows certification SOC 2 Type II, which is not one accepted (suppliers.accepted_certifications), and no DSPT status"}
}

test_a_certificate_with_no_expiry_date_is_denied if {
	input_doc := suppliers.evidence([suppliers.record(1, certificate_only("ISO 27001", null))])
	deny := certified.deny with input as input_doc with data.dspt.params as params
	{finding.msg | some finding in deny} == {"supplier Supplier 1 Ltd processes personal data but holds no current cyber security certification or DSPT Standards Met: the register shows ISO 27001 with no expiry date, and no DSPT status"}
}

test_an_unaccepted_dspt_status_is_denied if {
	input_doc := suppliers.evidence([suppliers.record(1, dspt_only("Approaching Standards", "2026-03-01"))])
	deny := certified.deny with input as input_doc with data.dspt.params as params
	{finding.msg | some finding in deny} == {"supplier Supplier 1 Ltd processes personal data but holds no current cyber security certification or DSPT Standards Met: the register shows no certification, and DSPT status Approaching Standards of 2026-03-01, which is not one accepted (suppliers.accepted_dspt_statuses)"}
}

test_a_dspt_status_with_no_date_is_denied if {
	input_doc := suppliers.evidence([suppliers.record(1, dspt_only("Standards Met", null))])
	deny := certified.deny with input as input_doc with data.dspt.params as params
	{finding.msg | some finding in deny} == {"supplier Supplier 1 Ltd processes personal data but holds no current cyber security certification or DSPT Standards Met: the register shows no certification, and DSPT status Standards Met with no publication date"}
}

test_a_dspt_status_exactly_at_the_age_limit_passes if {
	# 2025-06-30 is exactly 365 days before 2026-06-30; 2025-06-29 is one day more.
	at_limit := suppliers.evidence([suppliers.record(1, dspt_only("Standards Met", "2025-06-30"))])
	count(certified.deny) == 0 with input as at_limit with data.dspt.params as params
	past_limit := suppliers.evidence([suppliers.record(1, dspt_only("Standards Met", "2025-06-29"))])
	deny := certified.deny with input as past_limit with data.dspt.params as params
	{finding.msg | some finding in deny} == {"supplier Supplier 1 Ltd processes personal data but holds no current cyber security certification or DSPT Standards Met: the register shows no certification, and DSPT status Standards Met of 2025-06-29, more than 365 days before 2026-06-30"}
}

test_a_dspt_status_dated_after_the_assessment_date_is_denied if {
	input_doc := suppliers.evidence([suppliers.record(1, dspt_only("Standards Met", "2026-07-01"))])
	deny := certified.deny with input as input_doc with data.dspt.params as params
	{finding.msg | some finding in deny} == {"supplier Supplier 1 Ltd processes personal data but holds no current cyber security certification or DSPT Standards Met: the register shows no certification, and DSPT status Standards Met of 2026-07-01, after the assessment date"}
}

test_unknown_personal_data_is_judged_and_denied if {
	input_doc := suppliers.evidence([suppliers.record(1, {"personal_data": null}), suppliers.record(2, object.union(uncovered, {"personal_data": null}))])
	deny := certified.deny with input as input_doc with data.dspt.params as params
	deny == {
		{
			"msg": "the supplier register does not say whether supplier Supplier 1 Ltd processes personal data, so it is judged as if it does",
			"record": "Supplier 1 Ltd",
			"file": "registers/suppliers.csv",
			"line": 2,
			"source": "suppliers",
		},
		{
			"msg": "the supplier register does not say whether supplier Supplier 2 Ltd processes personal data, so it is judged as if it does",
			"record": "Supplier 2 Ltd",
			"file": "registers/suppliers.csv",
			"line": 3,
			"source": "suppliers",
		},
		{
			"msg": "supplier Supplier 2 Ltd may process personal data (the register does not say) but holds no current cyber security certification or DSPT Standards Met: the register shows no certification, and no DSPT status",
			"record": "Supplier 2 Ltd",
			"file": "registers/suppliers.csv",
			"line": 3,
			"source": "suppliers",
		},
	}
}

test_json_records_carry_a_pointer_instead_of_a_line if {
	json_supplier := object.union(object.remove(suppliers.record(1, uncovered), ["line"]), {"file": "registers/suppliers.json", "pointer": "/value/0"})
	deny := certified.deny with input as suppliers.evidence([json_supplier]) with data.dspt.params as params
	{[finding.file, finding.pointer, object.get(finding, "line", null)] | some finding in deny} == {["registers/suppliers.json", "/value/0", null]}
}

test_parameters_are_honoured if {
	soc2 := suppliers.evidence([suppliers.record(1, certificate_only("SOC 2 Type II", "2027-01-31"))])
	more_certifications := {"suppliers": object.union(params.suppliers, {"accepted_certifications": ["SOC 2"]})}
	count(certified.deny) == 0 with input as soc2 with data.dspt.params as more_certifications
	approaching := suppliers.evidence([suppliers.record(1, dspt_only("Approaching Standards", "2026-03-01"))])
	more_statuses := {"suppliers": object.union(params.suppliers, {"accepted_dspt_statuses": ["Approaching Standards"]})}
	count(certified.deny) == 0 with input as approaching with data.dspt.params as more_statuses
	old := suppliers.evidence([suppliers.record(1, dspt_only("Standards Met", "2025-01-31"))])
	longer := {"suppliers": object.union(params.suppliers, {"dspt_max_age_days": 730})}
	count(certified.deny) == 0 with input as old with data.dspt.params as longer
	expiring := suppliers.evidence([suppliers.record(1, certificate_only("ISO 27001", "2026-09-30"))])
	count(certified.warn) == 0 with input as expiring with data.dspt.params as params
	earlier := {"suppliers": object.union(params.suppliers, {"certificate_warning_days": 120})}
	count(certified.warn) == 1 with input as expiring with data.dspt.params as earlier
}

test_judged_counts_suppliers_that_may_process_personal_data if {
	input_doc := suppliers.evidence(array.concat(register, [suppliers.record(7, {"personal_data": null})]))
	judged := certified.judged with input as input_doc with data.dspt.params as params
	judged == {"Supplier 1 Ltd", "Supplier 2 Ltd", "Supplier 3 Ltd", "Supplier 4 Ltd", "Supplier 5 Ltd", "Supplier 7 Ltd"}
	none := suppliers.evidence([suppliers.record(6, object.union(uncovered, {"personal_data": false}))])
	count(certified.judged) == 0 with input as none with data.dspt.params as params
	count(certified.deny) == 0 with input as none with data.dspt.params as params
	count(certified.judged) == 0 with input as testing.evidence({}) with data.dspt.params as params
}
