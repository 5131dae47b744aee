# METADATA
# title: Stores of patient data are encrypted with customer-managed keys
# description: >-
#   Databases, volumes, file systems, tables and object storage tagged as holding patient data
#   are encrypted with a key the organisation manages (AWS KMS, Azure Key Vault, Cloud KMS), so
#   it controls who can decrypt them and can revoke access: RDS instances and clusters, EBS
#   volumes and EFS file systems with kms_key_id, DynamoDB tables with server-side encryption
#   under a kms_key_arn, S3 buckets with an SSE configuration naming a kms_master_key_id, Azure
#   storage accounts with a customer-managed key, Azure SQL servers with a Key Vault TDE
#   protector, Cloud Storage buckets with a default KMS key and Cloud SQL instances with an
#   encryption_key_name. A key known only after apply counts as set. Resources not tagged as
#   patient data are not judged (the provider keys that encrypt them by default suffice).
# custom:
#   id: TF-CMK-001
#   severity: high
#   sources: [terraform]
package dspt.checks.terraform.patient_data_cmk

import rego.v1


# What each type lacks when it has no customer-managed key.
requirement := {
	"aws_db_instance": "kms_key_id is not set",
	"aws_rds_cluster": "kms_key_id is not set",
	"aws_ebs_volume": "kms_key_id is not set",
	"aws_efs_file_system": "kms_key_id is not set",
	"aws_dynamodb_table": "server_side_encryption is not enabled with a kms_key_arn",
	"aws_s3_bucket": "no aws_s3_bucket_server_side_encryption_configuration (or inline rule) names this bucket with a kms_master_key_id",
	"google_storage_bucket": "encryption.default_kms_key_name is not set",
	"google_sql_database_instance": "encryption_key_name is not set",
	"azurerm_storage_account": "it has no customer_managed_key block and no azurerm_storage_account_customer_managed_key names it",
	"azurerm_mssql_server": "transparent data encryption uses a service-managed key (no transparent_data_encryption_key_vault_key_id, and no azurerm_mssql_server_transparent_data_encryption with a key_vault_key_id names it)",
}

# What a store lacks: encryption itself where it is turned off, else the type's key setting.
shortfall(resource) := sprintf("it is not encrypted at rest at all (%s is false)", [flag]) if {
	flag := data.dspt.lib.terraform.encryption_flag[resource.type]
	data.dspt.lib.terraform.unencrypted(resource)
} else := requirement[resource.type]

# Why a status is unknown, by type.
unknown_reason := {
	"aws_s3_bucket": "a bucket name is unknown in the plan",
	"azurerm_storage_account": "the storage_account_id of an azurerm_storage_account_customer_managed_key is unknown in the plan",
	"azurerm_mssql_server": "the server_id of an azurerm_mssql_server_transparent_data_encryption is unknown in the plan",
}

# [plan index, address, status] of every patient-data store judged.
judged contains [index, address, status] if {
	some key, status in data.dspt.lib.terraform.customer_managed_key
	key in data.dspt.lib.terraform.patient_resources
	[index, address] := key
}

deny contains finding if {
	some [index, address, status] in judged
	status == false
	plan := data.dspt.lib.terraform.plans[index]
	finding := {
		"msg": sprintf(
			"%s holds patient data but is not encrypted with a customer-managed key: %s",
			[address, shortfall(plan.resources[address])],
		),
		"resource": address,
		"file": plan.file,
		"source": "terraform",
	}
}

warn contains finding if {
	some [index, address, status] in judged
	status == "unknown"
	plan := data.dspt.lib.terraform.plans[index]
	type := plan.resources[address].type
	finding := {
		"msg": sprintf(
			"%s holds patient data; whether a customer-managed key encrypts it is known only after apply (%s)",
			[address, object.get(unknown_reason, type, "a value is unknown in the plan")],
		),
		"resource": address,
		"file": plan.file,
		"source": "terraform",
	}
}
