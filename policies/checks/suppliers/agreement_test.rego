package dspt.checks.suppliers.agreement_test

import rego.v1

import data.dspt.checks.suppliers.agreement
import data.dspt.testing
import data.dspt.testing.suppliers

# The parameters the check reads, as shipped in policies/params/registers.yaml.
params := {
	"suppliers": {
		"accepted_certifications": ["ISO 27001", "ISO/IEC 27001", "Cyber Essentials Plus", "Cyber Essentials"],
		"accepted_dspt_statuses": ["Standards Met", "Standards Exceeded"],
		"dspt_max_age_days": 365,
		"certificate_warning_days": 60,
		"contract_review_days": 365,
	},
	"data_location": {"allowed": [
		"UK", "United Kingdom", "England", "Scotland", "Wales", "Northern Ireland",
		"eu-west-2", "uksouth", "ukwest", "europe-west2",
	]},
}

register := [
	suppliers.record(1, {}),
	suppliers.record(2, {"location": " eu-west-2 "}),
	suppliers.record(3, {"location": "united kingdom", "contract_review": "2026-06-30", "agreement_signed": "2026-06-30"}),
	# Processes no personal data: not judged, whatever it lacks.
	suppliers.record(4, {"personal_data": false, "service": null, "agreement_signed": null, "contract_review": null, "location": "USA", "contact": null}),
]

# The one finding of a supplier record `number` (line number + 1) with message `msg`.
finding(number, msg) := {
	"msg": msg,
	"record": sprintf("Supplier %d Ltd", [number]),
	"file": "registers/suppliers.csv",
	"line": number + 1,
	"source": "suppliers",
}

# The messages of the findings on `records`.
messages(records) := {f.msg | some f in deny} if {
	deny := agreement.deny with input as suppliers.evidence(records) with data.dspt.params as params
}

test_suppliers_under_agreement_pass if {
	count(agreement.deny) == 0 with input as suppliers.evidence(register) with data.dspt.params as params
}

test_a_supplier_with_no_agreement_is_denied if {
	deny := agreement.deny with input as suppliers.evidence([suppliers.record(1, {}), suppliers.record(2, {"agreement_signed": null})])
		with data.dspt.params as params
	deny == {finding(2, "supplier Supplier 2 Ltd has no signed contract or data processing agreement recorded")}
}

test_an_agreement_dated_after_the_assessment_date_is_denied if {
	messages([suppliers.record(1, {"agreement_signed": "2026-07-01"})]) == {"supplier Supplier 1 Ltd's contract or data processing agreement is dated 2026-07-01, after the assessment date 2026-06-30: it was not signed by then"}
}

test_a_contract_review_exactly_at_the_limit_passes if {
	# 2025-06-30 is exactly 365 days before 2026-06-30; 2025-06-29 is one day more.
	count(messages([suppliers.record(1, {"contract_review": "2025-06-30"})])) == 0
	messages([suppliers.record(1, {"contract_review": "2025-06-29"})]) == {"supplier Supplier 1 Ltd's contract was last reviewed on 2025-06-29, more than 365 days before 2026-06-30"}
}

test_a_contract_with_no_review_date_is_denied if {
	deny := agreement.deny with input as suppliers.evidence([suppliers.record(1, {"contract_review": null})]) with data.dspt.params as params
	deny == {finding(1, "the supplier register does not say when supplier Supplier 1 Ltd's contract was last reviewed")}
}

test_a_contract_review_after_the_assessment_date_is_denied if {
	messages([suppliers.record(1, {"contract_review": "2026-07-01"})]) == {"supplier Supplier 1 Ltd's contract review is dated 2026-07-01, after the assessment date 2026-06-30"}
}

test_a_supplier_whose_service_is_not_said_is_denied if {
	deny := agreement.deny with input as suppliers.evidence([suppliers.record(1, {"service": " "})]) with data.dspt.params as params
	deny == {finding(1, "the supplier register does not say what supplier Supplier 1 Ltd provides")}
}

test_a_supplier_with_no_contact_is_denied if {
	deny := agreement.deny with input as suppliers.evidence([suppliers.record(1, {"contact": null})]) with data.dspt.params as params
	deny == {finding(1, "the supplier register names no contact at supplier Supplier 1 Ltd")}
}

test_a_supplier_whose_location_is_not_said_is_denied if {
	deny := agreement.deny with input as suppliers.evidence([suppliers.record(1, {"location": null})]) with data.dspt.params as params
	deny == {finding(1, "the supplier register does not say where supplier Supplier 1 Ltd holds the data")}
}

test_a_supplier_holding_data_elsewhere_is_denied if {
	deny := agreement.deny with input as suppliers.evidence([suppliers.record(1, {"location": "United States"})]) with data.dspt.params as params
	deny == {finding(1, "supplier Supplier 1 Ltd holds the data in United States, which is not an allowed location (data_location.allowed)")}
	messages([suppliers.record(1, {"location": "UK, EU"})]) == {"supplier Supplier 1 Ltd holds the data in UK, EU, which is not an allowed location (data_location.allowed)"}
}

test_unknown_personal_data_is_judged_and_denied if {
	records := [suppliers.record(1, {"personal_data": null}), suppliers.record(2, {"personal_data": null, "location": null})]
	deny := agreement.deny with input as suppliers.evidence(records) with data.dspt.params as params
	deny == {
		finding(1, "the supplier register does not say whether supplier Supplier 1 Ltd processes personal data, so it is judged as if it does"),
		finding(2, "the supplier register does not say whether supplier Supplier 2 Ltd processes personal data, so it is judged as if it does"),
		finding(2, "the supplier register does not say where supplier Supplier 2 Ltd holds the data"),
	}
}

test_each_problem_is_its_own_finding if {
	nothing := {"service": null, "contact": null, "agreement_signed": null, "contract_review": null, "location": null, "personal_data": null}
	count(messages([suppliers.record(1, nothing)])) == 6
}

test_json_records_carry_a_pointer_instead_of_a_line if {
	json_supplier := object.union(object.remove(suppliers.record(1, {"service": null}), ["line"]), {"file": "registers/suppliers.json", "pointer": "/3"})
	deny := agreement.deny with input as suppliers.evidence([json_supplier]) with data.dspt.params as params
	deny == {{
		"msg": "the supplier register does not say what supplier Supplier 1 Ltd provides",
		"record": "Supplier 1 Ltd",
		"file": "registers/suppliers.json",
		"pointer": "/3",
		"source": "suppliers",
	}}
}

test_parameters_are_honoured if {
	old := suppliers.evidence([suppliers.record(1, {"contract_review": "2025-01-31", "location": "Ireland"})])
	count(agreement.deny) == 2 with input as old with data.dspt.params as params
	override := {
		"suppliers": object.union(params.suppliers, {"contract_review_days": 730}),
		"data_location": {"allowed": ["UK", "Ireland"]},
	}
	count(agreement.deny) == 0 with input as old with data.dspt.params as override
}

test_judged_counts_suppliers_that_may_process_personal_data if {
	input_doc := suppliers.evidence(array.concat(register, [suppliers.record(5, {"personal_data": null})]))
	judged := agreement.judged with input as input_doc with data.dspt.params as params
	judged == {"Supplier 1 Ltd", "Supplier 2 Ltd", "Supplier 3 Ltd", "Supplier 5 Ltd"}
	none := suppliers.evidence([register[3]])
	count(agreement.judged) == 0 with input as none with data.dspt.params as params
	count(agreement.deny) == 0 with input as none with data.dspt.params as params
	count(agreement.judged) == 0 with input as testing.evidence({}) with data.dspt.params as params
}
