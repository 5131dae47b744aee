# METADATA
# title: Stores of patient data are encrypted with customer-managed keys
# description: >-
#   Databases, volumes, file systems, tables, disks, virtual machines and object storage tagged as
#   holding patient data are encrypted with a key the organisation manages (AWS KMS, Azure Key
#   Vault, Cloud KMS), so it controls who can decrypt them and can revoke access. AWS: RDS
#   instances and clusters, EBS volumes and EFS file systems (kms_key_id), EC2 instances and launch
#   templates (kms_key_id of every EBS block), DynamoDB tables (server-side encryption with a
#   kms_key_arn) and S3 buckets (an SSE configuration, tied by reference or name, with a
#   kms_master_key_id). Azure: storage accounts, SQL servers (Key Vault TDE protector), managed
#   disks and VM OS disks (a disk encryption set), PostgreSQL and MySQL flexible servers
#   (customer_managed_key) and Cosmos DB accounts (key_vault_key_id). Google Cloud: Cloud Storage
#   buckets, Cloud SQL instances, Compute Engine disks and boot disks, and BigQuery datasets. An
#   AWS-managed key (alias/aws/…) is not customer-managed. A key known only after apply counts
#   only when the plan's configuration refers to a key created in the same plan; left unset in
#   the configuration it is the provider's key (a failure), and anything else (a data source, a
#   variable, no configuration) warns "known only after apply". Resources not tagged as patient
#   data are not judged: the provider keys that encrypt them by default suffice.
# custom:
#   id: TF-CMK-001
#   severity: high
#   sources: [terraform]
#   judges: stores tagged as holding patient data (databases, volumes, disks, VMs, tables, buckets, datasets)
#   family: customer-managed-keys
#   resource_types: [aws_db_instance, aws_dynamodb_table, aws_ebs_volume, aws_efs_file_system, aws_instance, aws_launch_template, aws_rds_cluster, aws_s3_bucket, azurerm_cosmosdb_account, azurerm_linux_virtual_machine, azurerm_managed_disk, azurerm_mssql_server, azurerm_mysql_flexible_server, azurerm_postgresql_flexible_server, azurerm_storage_account, azurerm_windows_virtual_machine, google_bigquery_dataset, google_compute_disk, google_compute_instance, google_sql_database_instance, google_storage_bucket]
package dspt.checks.terraform.patient_data_cmk

import rego.v1

# What a store joined to separate setting resources lacks when it has no customer-managed key
# (stores judged by a key attribute get their reason from the library's judgement).
requirement := {
	"aws_s3_bucket": "no aws_s3_bucket_server_side_encryption_configuration (or inline rule) for this bucket names a customer-managed kms_master_key_id",
	"azurerm_storage_account": "it has no customer_managed_key block and no azurerm_storage_account_customer_managed_key names it",
	"azurerm_mssql_server": "transparent data encryption uses a service-managed key (no transparent_data_encryption_key_vault_key_id, and no azurerm_mssql_server_transparent_data_encryption with a key_vault_key_id names it)",
}

# Why a joined store's status is unknown, by type.
unknown_reason := {
	"aws_s3_bucket": "known only after apply (an SSE configuration's bucket or key is unknown in the plan)",
	"azurerm_storage_account": "known only after apply (a customer_managed_key, or the storage_account_id of an azurerm_storage_account_customer_managed_key, is unknown in the plan)",
	"azurerm_mssql_server": "known only after apply (a TDE key, or the server_id of an azurerm_mssql_server_transparent_data_encryption, is unknown in the plan)",
}

# [plan index, address, status] of every patient-data store judged.
judged contains [index, address, status] if {
	# The patient-data stores first: an estate without them never computes every store's status.
	some key in data.dspt.lib.terraform.patient_resources
	status := data.dspt.lib.terraform.customer_managed_key[key]
	[index, address] := key
}

# [plan index, address, status, reason] of every shortfall: one per key attribute judged (an
# instance has one per EBS block), or one per store joined to separate settings.
shortfalls contains [index, address, status, reason] if {
	patient := data.dspt.lib.terraform.patient_resources
	some [index, address, _], [status, reason] in data.dspt.lib.terraform.cmk_path_judgement
	status != true
	[index, address] in patient
}

# Rules are bound before the loops and each resource is read a step at a time: regorus resolves
# a rule reference, and a reference with two variables, on every iteration.
shortfalls contains [index, address, false, reason] if {
	reasons := requirement
	some [index, address, false] in judged
	plan := input.terraform.plans[index]
	reason := reasons[plan.resources[address].type]
}

shortfalls contains [index, address, "unknown", reason] if {
	reasons := unknown_reason
	some [index, address, "unknown"] in judged
	plan := input.terraform.plans[index]
	reason := reasons[plan.resources[address].type]
}

deny contains finding if {
	some [index, address, false, reason] in shortfalls
	finding := {
		"msg": sprintf("%s holds patient data but is not encrypted with a customer-managed key: %s", [address, reason]),
		"resource": address,
		"file": input.terraform.plans[index].file,
		"source": "terraform",
	}
}

warn contains finding if {
	some [index, address, "unknown", reason] in shortfalls
	finding := {
		"msg": sprintf("%s holds patient data; whether a customer-managed key encrypts it is %s", [address, reason]),
		"resource": address,
		"file": input.terraform.plans[index].file,
		"source": "terraform",
	}
}
