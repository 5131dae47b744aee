package dspt.checks.terraform.storage_not_public_test

import rego.v1

import data.dspt.checks.terraform.storage_not_public
import data.dspt.testing.terraform as tf

params := {"terraform": {
	"patient_data_tags": {"data_classification": ["patient", "personal"]},
	"gcp_public_members": ["allUsers", "allAuthenticatedUsers"],
	"public_s3_acls": ["public-read", "public-read-write", "authenticated-read"],
}}

# The plan of resources, read from plans/platform.json (the file the findings name), with
# these provider configurations.
plan(resources) := tf.plan_with_providers("plans/platform.json", resources, {})

# The evidence document of that one plan.
evidence(resources) := tf.evidence([plan(resources)])

deny_of(resources) := result if {
	result := storage_not_public.deny with input as evidence(resources) with data.dspt.params as params
}

warn_of(resources) := result if {
	result := storage_not_public.warn with input as evidence(resources) with data.dspt.params as params
}

denied(resources) := {finding.resource | some finding in deny_of(resources)}

warned(resources) := {finding.resource | some finding in warn_of(resources)}

gcs(address, labels, uniform, prevention) := tf.azure_resource(
	address,
	{"name": "acme-bucket", "location": "EUROPE-WEST2", "labels": labels, "uniform_bucket_level_access": uniform, "public_access_prevention": prevention},
	{"id": true, "url": true},
)

compliant_resources := [
	tf.azure_resource("azurerm_storage_account.records", {"tags": tf.patient, "allow_nested_items_to_be_public": false}, {"id": true}),
	tf.azure_resource("azurerm_storage_account.v2", {"allow_blob_public_access": false}, {}),
	tf.azure_resource("azurerm_storage_container.exports", {"name": "exports", "container_access_type": "private"}, {"id": true}),
	gcs("google_storage_bucket.records", tf.patient, true, "enforced"),
	gcs("google_storage_bucket.assets", {}, true, "enforced"),
	tf.azure_resource("google_storage_bucket_iam_member.reader", {"bucket": "acme-bucket", "role": "roles/storage.objectViewer", "member": "serviceAccount:app@p.iam.gserviceaccount.com"}, {}),
	tf.azure_resource("google_storage_bucket_iam_binding.readers", {"role": "roles/storage.objectViewer", "members": ["group:records@example.org"]}, {}),
	tf.azure_resource("aws_s3_bucket_acl.logs", {"bucket": "acme-logs", "acl": "log-delivery-write"}, {}),
]

test_private_storage_passes if {
	count(deny_of(compliant_resources)) == 0
	count(warn_of(compliant_resources)) == 0
}

test_storage_account_allowing_public_containers_is_denied if {
	resources := [
		tf.azure_resource("azurerm_storage_account.records", {"allow_nested_items_to_be_public": true}, {}),
		tf.azure_resource("azurerm_storage_account.v2", {"allow_blob_public_access": true}, {}),
	]
	denied(resources) == {"azurerm_storage_account.records", "azurerm_storage_account.v2"}
	some finding in deny_of(resources)
	finding == {
		"msg": "azurerm_storage_account.records lets its containers and blobs be made public: allow_nested_items_to_be_public is true",
		"resource": "azurerm_storage_account.records",
		"file": "plans/platform.json",
		"source": "terraform",
	}
}

test_storage_account_without_either_attribute if {
	resources := [
		tf.azure_resource("azurerm_storage_account.records", {"tags": tf.patient}, {}),
		tf.azure_resource("azurerm_storage_account.assets", {"tags": {}, "allow_nested_items_to_be_public": null}, {}),
	]
	denied(resources) == {"azurerm_storage_account.records"}
	warned(resources) == {"azurerm_storage_account.assets"}
}

test_storage_account_unknown_setting_warns if {
	resources := [tf.azure_resource("azurerm_storage_account.records", {"tags": tf.patient}, {"allow_nested_items_to_be_public": true})]
	count(deny_of(resources)) == 0
	warned(resources) == {"azurerm_storage_account.records"}
}

test_public_container_is_denied if {
	deny_of([tf.azure_resource("azurerm_storage_container.site", {"container_access_type": "blob"}, {})]) == {{
		"msg": "azurerm_storage_container.site allows anonymous reads: container_access_type is blob",
		"resource": "azurerm_storage_container.site",
		"file": "plans/platform.json",
		"source": "terraform",
	}}
	denied([tf.azure_resource("azurerm_storage_container.all", {"container_access_type": "container"}, {})]) == {"azurerm_storage_container.all"}
}

test_gcs_without_uniform_access_is_denied if {
	resources := [
		gcs("google_storage_bucket.legacy", {}, false, "enforced"),
		tf.azure_resource("google_storage_bucket.unset", {"public_access_prevention": "enforced"}, {}),
	]
	denied(resources) == {"google_storage_bucket.legacy", "google_storage_bucket.unset"}
}

test_gcs_public_access_prevention if {
	resources := [
		gcs("google_storage_bucket.records", tf.patient, true, "inherited"),
		gcs("google_storage_bucket.assets", {}, true, "inherited"),
	]
	denied(resources) == {"google_storage_bucket.records"}
	warned(resources) == {"google_storage_bucket.assets"}
	some finding in deny_of(resources)
	finding.msg == "google_storage_bucket.records is tagged as holding patient data but public_access_prevention is inherited, expected enforced"
}

test_gcs_unknown_settings_warn if {
	bucket := tf.azure_resource("google_storage_bucket.records", {"labels": tf.patient}, {"uniform_bucket_level_access": true, "public_access_prevention": true})
	count(deny_of([bucket])) == 0
	count(warn_of([bucket])) == 2
}

test_grants_to_everyone_are_denied if {
	policy := json.marshal({"bindings": [{"role": "roles/storage.objectViewer", "members": ["allUsers"]}]})
	resources := [
		tf.azure_resource("google_storage_bucket_iam_member.public", {"role": "roles/storage.objectViewer", "member": "allUsers"}, {}),
		tf.azure_resource("google_storage_bucket_iam_binding.authenticated", {"role": "roles/storage.objectViewer", "members": ["user:a@example.org", "allAuthenticatedUsers"]}, {}),
		tf.azure_resource("google_storage_bucket_iam_policy.policy", {"policy_data": policy}, {}),
		tf.azure_resource("google_storage_default_object_access_control.public", {"entity": "allUsers", "role": "READER"}, {}),
		tf.azure_resource("google_storage_bucket_acl.acl", {"role_entity": ["OWNER:project-owners-1", "READER:allUsers"]}, {}),
		tf.azure_resource("google_storage_object_acl.predefined", {"predefined_acl": "publicRead"}, {}),
	]
	denied(resources) == {
		"google_storage_bucket_iam_member.public", "google_storage_bucket_iam_binding.authenticated",
		"google_storage_bucket_iam_policy.policy", "google_storage_default_object_access_control.public",
		"google_storage_bucket_acl.acl", "google_storage_object_acl.predefined",
	}
	some finding in deny_of(resources)
	finding.msg == "google_storage_bucket_iam_binding.authenticated grants access to allAuthenticatedUsers"
}

test_unknown_iam_member_warns if {
	member := tf.azure_resource("google_storage_bucket_iam_member.reader", {"role": "roles/storage.objectViewer"}, {"member": true})
	count(deny_of([member])) == 0
	warned([member]) == {"google_storage_bucket_iam_member.reader"}
}

test_public_s3_acls_are_denied if {
	resources := [
		tf.azure_resource("aws_s3_bucket_acl.site", {"bucket": "acme-site", "acl": "public-read"}, {}),
		tf.azure_resource("aws_s3_bucket.legacy", {"bucket": "acme-legacy", "acl": "public-read-write"}, {}),
		tf.azure_resource("aws_s3_bucket_acl.grants", {"bucket": "acme-x", "access_control_policy": [{"grant": [{"permission": "READ", "grantee": [{"type": "Group", "uri": "http://acs.amazonaws.com/groups/global/AllUsers"}]}]}]}, {}),
	]
	denied(resources) == {"aws_s3_bucket_acl.site", "aws_s3_bucket.legacy", "aws_s3_bucket_acl.grants"}
	some finding in deny_of(resources)
	finding.msg == "aws_s3_bucket_acl.grants grants READ to http://acs.amazonaws.com/groups/global/AllUsers"
}

test_public_acl_parameters_are_honoured if {
	override := {"terraform": {
		"patient_data_tags": params.terraform.patient_data_tags,
		"gcp_public_members": ["allUsers"],
		"public_s3_acls": ["public-read-write"],
	}}
	resources := [
		tf.azure_resource("aws_s3_bucket_acl.site", {"acl": "public-read"}, {}),
		tf.azure_resource("google_storage_bucket_iam_member.authenticated", {"member": "allAuthenticatedUsers"}, {}),
		tf.azure_resource("google_storage_bucket_iam_member.public", {"member": "allUsers"}, {}),
	]
	deny := storage_not_public.deny with input as evidence(resources) with data.dspt.params as override
	{finding.resource | some finding in deny} == {"google_storage_bucket_iam_member.public"}
}

judged_of(resources) := result if {
	result := storage_not_public.judged with input as evidence(resources) with data.dspt.params as params
}

test_judged_counts_every_store_and_grant if {
	judged_of(compliant_resources) == {[0, r.address] | some r in compliant_resources}
}

test_other_acl_and_access_control_types_granting_everyone_are_denied if {
	resources := [
		tf.azure_resource("google_storage_bucket_access_control.public", {"bucket": "b", "entity": "allUsers", "role": "READER"}, {}),
		tf.azure_resource("google_storage_object_access_control.public", {"bucket": "b", "object": "o", "entity": "allAuthenticatedUsers", "role": "READER"}, {}),
		tf.azure_resource("google_storage_default_object_acl.public", {"bucket": "b", "role_entity": ["READER:allUsers"]}, {}),
	]
	denied(resources) == {
		"google_storage_bucket_access_control.public", "google_storage_object_access_control.public",
		"google_storage_default_object_acl.public",
	}
	count(judged_of(resources)) == 3
}

test_s3_bucket_policy_allowing_anyone_is_denied if {
	public := json.marshal({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::acme-site/*"}]})
	public_aws := json.marshal({"Statement": {"Effect": "Allow", "Principal": {"AWS": ["*"]}, "Action": ["s3:GetObject"], "Resource": "*"}})
	conditional := json.marshal({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-1"}}}]})
	deny_all := json.marshal({"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]})
	resources := [
		tf.azure_resource("aws_s3_bucket_policy.site", {"bucket": "acme-site", "policy": public}, {}),
		tf.azure_resource("aws_s3_bucket_policy.assets", {"bucket": "acme-assets", "policy": public_aws}, {}),
		tf.azure_resource("aws_s3_bucket_policy.vpce", {"bucket": "acme-vpce", "policy": conditional}, {}),
		tf.azure_resource("aws_s3_bucket_policy.tls", {"bucket": "acme-tls", "policy": deny_all}, {}),
		tf.azure_resource("aws_s3_bucket_policy.later", {"bucket": "acme-later"}, {"policy": true}),
	]
	denied(resources) == {"aws_s3_bucket_policy.site", "aws_s3_bucket_policy.assets"}
	warned(resources) == {"aws_s3_bucket_policy.later"}
	some finding in deny_of(resources)
	finding.msg == "aws_s3_bucket_policy.site makes the bucket public: a statement allows s3:GetObject to Principal * with no condition"
}

test_s3_bucket_is_judged if {
	judged_of([tf.azure_resource("aws_s3_bucket.private", {"bucket": "acme-private"}, {})]) == {[0, "aws_s3_bucket.private"]}
}

# Every resource type the check declares in its METADATA, one resource each, with its outcome.
declared_type_cases := [
	["aws_s3_bucket", {"bucket": "b", "acl": "public-read"}, {}, "deny"],
	["aws_s3_bucket_acl", {"bucket": "b", "acl": "private"}, {}, "pass"],
	["aws_s3_bucket_policy", {"bucket": "b", "policy": json.marshal({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}]})}, {}, "deny"],
	["azurerm_storage_account", {"allow_nested_items_to_be_public": false}, {}, "pass"],
	["azurerm_storage_container", {"name": "c", "container_access_type": "blob"}, {}, "deny"],
	["azurerm_key_vault", {"name": "k", "network_acls": [{"default_action": "Deny", "bypass": "AzureServices"}]}, {}, "pass"],
	["google_storage_bucket", {"name": "g", "uniform_bucket_level_access": true, "public_access_prevention": "enforced"}, {}, "pass"],
	["google_storage_bucket_access_control", {"entity": "allUsers", "role": "READER"}, {}, "deny"],
	["google_storage_bucket_acl", {"role_entity": ["READER:allUsers"]}, {}, "deny"],
	["google_storage_bucket_iam_binding", {"role": "roles/storage.objectViewer", "members": ["allUsers"]}, {}, "deny"],
	["google_storage_bucket_iam_member", {"role": "roles/storage.objectViewer", "member": "user:a@example.org"}, {}, "pass"],
	["google_storage_bucket_iam_policy", {"policy_data": json.marshal({"bindings": []})}, {}, "pass"],
	["google_storage_default_object_access_control", {"entity": "allAuthenticatedUsers", "role": "READER"}, {}, "deny"],
	["google_storage_default_object_acl", {"role_entity": ["READER:allUsers"]}, {}, "deny"],
	["google_storage_object_access_control", {"entity": "user-a@example.org", "role": "READER"}, {}, "pass"],
	["google_storage_object_acl", {"predefined_acl": "publicRead"}, {}, "deny"]
]

test_every_declared_type_is_judged_with_its_outcome if {
	resources := [tf.azure_resource(tf.declared_address(c), c[1], c[2]) | some c in declared_type_cases]
	input_doc := evidence(resources)
	deny := storage_not_public.deny with input as input_doc with data.dspt.params as params
	warn := storage_not_public.warn with input as input_doc with data.dspt.params as params
	judged := storage_not_public.judged with input as input_doc with data.dspt.params as params
	tf.judged_as_declared(declared_type_cases, 3, deny, warn, judged)
}

test_key_vault_open_to_every_network_warns if {
	resources := [
		tf.azure_resource("azurerm_key_vault.open", {"name": "open"}, {}),
		tf.azure_resource("azurerm_key_vault.allow", {"name": "allow", "network_acls": [{"default_action": "Allow", "bypass": "AzureServices"}]}, {}),
		tf.azure_resource("azurerm_key_vault.private", {"name": "private", "public_network_access_enabled": false}, {}),
		tf.azure_resource("azurerm_key_vault.restricted", {"name": "restricted", "network_acls": [{"default_action": "Deny", "bypass": "None"}]}, {}),
		tf.azure_resource("azurerm_key_vault.later", {"name": "later"}, {"public_network_access_enabled": true}),
	]
	count(deny_of(resources)) == 0
	warned(resources) == {"azurerm_key_vault.open", "azurerm_key_vault.allow", "azurerm_key_vault.later"}
	some finding in warn_of(resources)
	finding.msg == "whether azurerm_key_vault.later accepts connections from every network is known only after apply (public_network_access_enabled is unknown)"
}
