package dspt.checks.terraform.storage_not_public_test

import rego.v1

import data.dspt.checks.terraform.storage_not_public

params := {"terraform": {
	"patient_data_tags": {"data_classification": ["patient", "personal"]},
	"gcp_public_members": ["allUsers", "allAuthenticatedUsers"],
	"public_s3_acls": ["public-read", "public-read-write", "authenticated-read"],
}}

resource(address, values, unknown) := {
	"address": address,
	"module": "",
	"type": split(address, ".")[0],
	"name": split(address, ".")[1],
	"mode": "managed",
	"provider": "registry.terraform.io/hashicorp/azurerm",
	"actions": ["create"],
	"values": values,
	"unknown": unknown,
	"region": "uksouth",
	"region_source": "attribute",
}

plan(resources) := {
	"file": "plans/platform.json",
	"format_version": "1.2",
	"terraform_version": "1.9.5",
	"resources": {r.address: r | some r in resources},
	"by_type": {type: sort([r.address | some r in resources; r.type == type]) | some item in resources; type := item.type},
	"leaving": [],
	"providers": {},
}

evidence(resources) := {
	"assessment": {"as_of": "2026-06-30", "framework": "dspt-supplier", "organisation": {"name": "Acme Health Ltd", "type": "it-supplier"}},
	"terraform": {"plans": [plan(resources)]},
}

deny_of(resources) := result if {
	result := storage_not_public.deny with input as evidence(resources) with data.dspt.params as params
}

warn_of(resources) := result if {
	result := storage_not_public.warn with input as evidence(resources) with data.dspt.params as params
}

denied(resources) := {finding.resource | some finding in deny_of(resources)}

warned(resources) := {finding.resource | some finding in warn_of(resources)}

patient := {"data_classification": "patient"}

gcs(address, labels, uniform, prevention) := resource(
	address,
	{"name": "acme-bucket", "location": "EUROPE-WEST2", "labels": labels, "uniform_bucket_level_access": uniform, "public_access_prevention": prevention},
	{"id": true, "url": true},
)

compliant_resources := [
	resource("azurerm_storage_account.records", {"tags": patient, "allow_nested_items_to_be_public": false}, {"id": true}),
	resource("azurerm_storage_account.v2", {"allow_blob_public_access": false}, {}),
	resource("azurerm_storage_container.exports", {"name": "exports", "container_access_type": "private"}, {"id": true}),
	gcs("google_storage_bucket.records", patient, true, "enforced"),
	gcs("google_storage_bucket.assets", {}, true, "enforced"),
	resource("google_storage_bucket_iam_member.reader", {"bucket": "acme-bucket", "role": "roles/storage.objectViewer", "member": "serviceAccount:app@p.iam.gserviceaccount.com"}, {}),
	resource("google_storage_bucket_iam_binding.readers", {"role": "roles/storage.objectViewer", "members": ["group:records@example.org"]}, {}),
	resource("aws_s3_bucket_acl.logs", {"bucket": "acme-logs", "acl": "log-delivery-write"}, {}),
]

test_private_storage_passes if {
	count(deny_of(compliant_resources)) == 0
	count(warn_of(compliant_resources)) == 0
}

test_storage_account_allowing_public_containers_is_denied if {
	resources := [
		resource("azurerm_storage_account.records", {"allow_nested_items_to_be_public": true}, {}),
		resource("azurerm_storage_account.v2", {"allow_blob_public_access": true}, {}),
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
		resource("azurerm_storage_account.records", {"tags": patient}, {}),
		resource("azurerm_storage_account.assets", {"tags": {}, "allow_nested_items_to_be_public": null}, {}),
	]
	denied(resources) == {"azurerm_storage_account.records"}
	warned(resources) == {"azurerm_storage_account.assets"}
}

test_storage_account_unknown_setting_warns if {
	resources := [resource("azurerm_storage_account.records", {"tags": patient}, {"allow_nested_items_to_be_public": true})]
	count(deny_of(resources)) == 0
	warned(resources) == {"azurerm_storage_account.records"}
}

test_public_container_is_denied if {
	deny_of([resource("azurerm_storage_container.site", {"container_access_type": "blob"}, {})]) == {{
		"msg": "azurerm_storage_container.site allows anonymous reads: container_access_type is blob",
		"resource": "azurerm_storage_container.site",
		"file": "plans/platform.json",
		"source": "terraform",
	}}
	denied([resource("azurerm_storage_container.all", {"container_access_type": "container"}, {})]) == {"azurerm_storage_container.all"}
}

test_gcs_without_uniform_access_is_denied if {
	resources := [
		gcs("google_storage_bucket.legacy", {}, false, "enforced"),
		resource("google_storage_bucket.unset", {"public_access_prevention": "enforced"}, {}),
	]
	denied(resources) == {"google_storage_bucket.legacy", "google_storage_bucket.unset"}
}

test_gcs_public_access_prevention if {
	resources := [
		gcs("google_storage_bucket.records", patient, true, "inherited"),
		gcs("google_storage_bucket.assets", {}, true, "inherited"),
	]
	denied(resources) == {"google_storage_bucket.records"}
	warned(resources) == {"google_storage_bucket.assets"}
	some finding in deny_of(resources)
	finding.msg == "google_storage_bucket.records is tagged as holding patient data but public_access_prevention is inherited, expected enforced"
}

test_gcs_unknown_settings_warn if {
	bucket := resource("google_storage_bucket.records", {"labels": patient}, {"uniform_bucket_level_access": true, "public_access_prevention": true})
	count(deny_of([bucket])) == 0
	count(warn_of([bucket])) == 2
}

test_grants_to_everyone_are_denied if {
	policy := json.marshal({"bindings": [{"role": "roles/storage.objectViewer", "members": ["allUsers"]}]})
	resources := [
		resource("google_storage_bucket_iam_member.public", {"role": "roles/storage.objectViewer", "member": "allUsers"}, {}),
		resource("google_storage_bucket_iam_binding.authenticated", {"role": "roles/storage.objectViewer", "members": ["user:a@example.org", "allAuthenticatedUsers"]}, {}),
		resource("google_storage_bucket_iam_policy.policy", {"policy_data": policy}, {}),
		resource("google_storage_default_object_access_control.public", {"entity": "allUsers", "role": "READER"}, {}),
		resource("google_storage_bucket_acl.acl", {"role_entity": ["OWNER:project-owners-1", "READER:allUsers"]}, {}),
		resource("google_storage_object_acl.predefined", {"predefined_acl": "publicRead"}, {}),
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
	member := resource("google_storage_bucket_iam_member.reader", {"role": "roles/storage.objectViewer"}, {"member": true})
	count(deny_of([member])) == 0
	warned([member]) == {"google_storage_bucket_iam_member.reader"}
}

test_public_s3_acls_are_denied if {
	resources := [
		resource("aws_s3_bucket_acl.site", {"bucket": "acme-site", "acl": "public-read"}, {}),
		resource("aws_s3_bucket.legacy", {"bucket": "acme-legacy", "acl": "public-read-write"}, {}),
		resource("aws_s3_bucket_acl.grants", {"bucket": "acme-x", "access_control_policy": [{"grant": [{"permission": "READ", "grantee": [{"type": "Group", "uri": "http://acs.amazonaws.com/groups/global/AllUsers"}]}]}]}, {}),
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
		resource("aws_s3_bucket_acl.site", {"acl": "public-read"}, {}),
		resource("google_storage_bucket_iam_member.authenticated", {"member": "allAuthenticatedUsers"}, {}),
		resource("google_storage_bucket_iam_member.public", {"member": "allUsers"}, {}),
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
		resource("google_storage_bucket_access_control.public", {"bucket": "b", "entity": "allUsers", "role": "READER"}, {}),
		resource("google_storage_object_access_control.public", {"bucket": "b", "object": "o", "entity": "allAuthenticatedUsers", "role": "READER"}, {}),
		resource("google_storage_default_object_acl.public", {"bucket": "b", "role_entity": ["READER:allUsers"]}, {}),
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
		resource("aws_s3_bucket_policy.site", {"bucket": "acme-site", "policy": public}, {}),
		resource("aws_s3_bucket_policy.assets", {"bucket": "acme-assets", "policy": public_aws}, {}),
		resource("aws_s3_bucket_policy.vpce", {"bucket": "acme-vpce", "policy": conditional}, {}),
		resource("aws_s3_bucket_policy.tls", {"bucket": "acme-tls", "policy": deny_all}, {}),
		resource("aws_s3_bucket_policy.later", {"bucket": "acme-later"}, {"policy": true}),
	]
	denied(resources) == {"aws_s3_bucket_policy.site", "aws_s3_bucket_policy.assets"}
	warned(resources) == {"aws_s3_bucket_policy.later"}
	some finding in deny_of(resources)
	finding.msg == "aws_s3_bucket_policy.site makes the bucket public: a statement allows s3:GetObject to Principal * with no condition"
}

test_s3_bucket_is_judged if {
	judged_of([resource("aws_s3_bucket.private", {"bucket": "acme-private"}, {})]) == {[0, "aws_s3_bucket.private"]}
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

declared_address(case) := concat(".", [case[0], "declared"])

declared_outcome(address, denied, warned) := "deny" if {
	address in denied
} else := "warn" if {
	address in warned
} else := "pass"

test_every_declared_type_is_judged_with_its_outcome if {
	resources := [resource(declared_address(c), c[1], c[2]) | some c in declared_type_cases]
	input_doc := evidence(resources)
	deny := storage_not_public.deny with input as input_doc with data.dspt.params as params
	warn := storage_not_public.warn with input as input_doc with data.dspt.params as params
	judged := storage_not_public.judged with input as input_doc with data.dspt.params as params
	denied := {f.resource | some f in deny}
	warned := {f.resource | some f in warn}
	judged_addresses := {j[1] | some j in judged; is_array(j)}
	outcomes := {[c[0], declared_outcome(declared_address(c), denied, warned)] | some c in declared_type_cases}
	outcomes == {[c[0], c[3]] | some c in declared_type_cases}
	every c in declared_type_cases {
		declared_address(c) in judged_addresses
	}
}

test_key_vault_open_to_every_network_warns if {
	resources := [
		resource("azurerm_key_vault.open", {"name": "open"}, {}),
		resource("azurerm_key_vault.allow", {"name": "allow", "network_acls": [{"default_action": "Allow", "bypass": "AzureServices"}]}, {}),
		resource("azurerm_key_vault.private", {"name": "private", "public_network_access_enabled": false}, {}),
		resource("azurerm_key_vault.restricted", {"name": "restricted", "network_acls": [{"default_action": "Deny", "bypass": "None"}]}, {}),
		resource("azurerm_key_vault.later", {"name": "later"}, {"public_network_access_enabled": true}),
	]
	count(deny_of(resources)) == 0
	warned(resources) == {"azurerm_key_vault.open", "azurerm_key_vault.allow", "azurerm_key_vault.later"}
	some finding in warn_of(resources)
	finding.msg == "whether azurerm_key_vault.later accepts connections from every network is known only after apply (public_network_access_enabled is unknown)"
}
