# METADATA
# title: Databases are protected from deletion
# description: >-
#   RDS instances and clusters have deletion_protection on (off by default): a missing
#   protection fails for databases tagged as holding patient data and warns for the others.
#   DynamoDB tables holding patient data have deletion_protection_enabled. Cloud SQL instances
#   keep the provider's deletion_protection, which is on unless turned off: turning it off fails.
# custom:
#   id: TF-BAK-003
#   severity: high
#   sources: [terraform]
package dspt.checks.terraform.deletion_protection

import rego.v1


plans := data.dspt.lib.terraform.plans

# Type -> [attribute, provider default, judged for patient data only, fails for every resource].
protection := {
	"aws_db_instance": ["deletion_protection", false, false, false],
	"aws_rds_cluster": ["deletion_protection", false, false, false],
	"aws_dynamodb_table": ["deletion_protection_enabled", false, true, false],
	"google_sql_database_instance": ["deletion_protection", true, false, true],
}

# [plan index, address, attribute, status, patient] of every resource judged.
judged contains [index, address, attribute, status, patient] if {
	some index, plan in plans
	some type, [attribute, fallback, patient_only, _] in protection
	some address in plan.by_type[type]
	patient := is_patient(index, address)
	patient_or_all(patient, patient_only)
	status := data.dspt.lib.terraform.bool_status(plan.resources[address], [attribute], fallback)
}

is_patient(index, address) := true if {
	[index, address] in data.dspt.lib.terraform.patient_resources
} else := false

patient_or_all(patient, _) if patient

patient_or_all(_, patient_only) if not patient_only

# An unprotected resource fails when it holds patient data, or when its type always fails.
fails(_, patient) if patient

fails(type, _) if protection[type][3]

unprotected(index, address, attribute, held) := {
	"msg": sprintf(
		"%s%s can be deleted: %s is %s",
		[address, held, attribute, setting_text(object.get(plans[index].resources[address].values, attribute, null))],
	),
	"resource": address,
	"file": plans[index].file,
	"source": "terraform",
}

setting_text(value) := "false" if {
	value == false
} else := "not set (off by default)"

held_text(patient) := " holds patient data but" if {
	patient
} else := ""

deny contains finding if {
	some [index, address, attribute, status, patient] in judged
	status == false
	fails(plans[index].resources[address].type, patient)
	finding := unprotected(index, address, attribute, held_text(patient))
}

warn contains finding if {
	some [index, address, attribute, status, patient] in judged
	status == false
	not fails(plans[index].resources[address].type, patient)
	finding := unprotected(index, address, attribute, held_text(patient))
}

warn contains finding if {
	some [index, address, attribute, status, _] in judged
	status == "unknown"
	finding := {
		"msg": sprintf("whether %s is protected from deletion is known only after apply (%s is unknown in the plan)", [address, attribute]),
		"resource": address,
		"file": plans[index].file,
		"source": "terraform",
	}
}
