# METADATA
# title: Object storage holding patient data keeps previous versions
# description: >-
#   S3 buckets, Cloud Storage buckets and Azure storage accounts tagged as holding patient data
#   keep earlier versions of overwritten and deleted objects, so data can be restored after a
#   mistake or ransomware: an aws_s3_bucket_versioning with status Enabled tied to the bucket by
#   its configuration reference (or, failing that, by the bucket name), or a legacy inline
#   versioning block; versioning.enabled on Cloud Storage buckets;
#   blob_properties.versioning_enabled on Azure storage accounts. Versioning is off by default
#   on all three.
# custom:
#   id: TF-BAK-002
#   severity: medium
#   sources: [terraform]
#   family: backups
#   judges: object stores holding patient data (S3 buckets, Cloud Storage buckets, Azure storage accounts)
#   resource_types: [aws_s3_bucket, azurerm_storage_account, google_storage_bucket]
package dspt.checks.terraform.storage_versioning

import rego.v1

plans := data.dspt.lib.terraform.plans

requirement := {
	"aws_s3_bucket": "no aws_s3_bucket_versioning with status Enabled (or inline versioning block) names this bucket",
	"google_storage_bucket": "versioning.enabled is not true",
	"azurerm_storage_account": "blob_properties.versioning_enabled is not true",
}

unknown_reason := {"aws_s3_bucket": "a bucket name or versioning status is unknown in the plan"}

# [plan index, address, status] of every patient-data store judged.
judged contains [index, address, status] if {
	# The patient-data stores first: an estate without them never computes every store's status.
	some key in data.dspt.lib.terraform.patient_resources
	status := data.dspt.lib.terraform.storage_versioning_status[key]
	[index, address] := key
}

deny contains finding if {
	some [index, address, status] in judged
	status == false
	plan := plans[index]
	finding := {
		"msg": sprintf(
			"%s holds patient data but does not keep previous versions: %s",
			[address, requirement[plan.resources[address].type]],
		),
		"resource": address,
		"file": plan.file,
		"source": "terraform",
	}
}

warn contains finding if {
	some [index, address, status] in judged
	status == "unknown"
	plan := plans[index]
	type := plan.resources[address].type
	finding := {
		"msg": sprintf(
			"%s holds patient data; whether it keeps previous versions is known only after apply (%s)",
			[address, object.get(unknown_reason, type, "versioning is unknown in the plan")],
		),
		"resource": address,
		"file": plan.file,
		"source": "terraform",
	}
}
