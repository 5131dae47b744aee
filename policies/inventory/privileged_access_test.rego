package dspt.inventory.privileged_access_test

import rego.v1

import data.dspt.inventory.privileged_access

# The Terraform parameters the inventory reads, as shipped in policies/params/terraform-exposure.yaml.
params := {"terraform": {
	"break_glass_principals": ["break-glass-admin"],
	"admin_policy_arns": ["arn:aws:iam::aws:policy/AdministratorAccess"],
	"azure_admin_roles": ["Owner", "User Access Administrator"],
	"gcp_admin_roles": ["roles/owner"],
	"gcp_broad_roles": ["roles/editor"],
	"azure_broad_roles": ["Contributor"],
}}

resource(address, values, unknown) := {
	"address": address,
	"module": "",
	"type": split(address, ".")[0],
	"name": split(address, ".")[1],
	"mode": "managed",
	"provider": "registry.terraform.io/hashicorp/aws",
	"actions": ["create"],
	"values": values,
	"unknown": unknown,
	"region": "eu-west-2",
	"region_source": "provider",
}

plan(resources) := {
	"file": "plans/platform.json",
	"format_version": "1.2",
	"terraform_version": "1.9.5",
	"resources": {r.address: r | some r in resources},
	"by_type": {type: sort([r.address | some r in resources; r.type == type]) | some item in resources; type := item.type},
	"leaving": [],
	"providers": {"aws": {"name": "registry.terraform.io/hashicorp/aws", "region": "eu-west-2"}},
}

account(number, admin, enabled) := {
	"id": sprintf("a-%016x", [number]),
	"staff_id": sprintf("p-%016x", [number]),
	"enabled": enabled,
	"mfa": true,
	"admin": admin,
	"last_sign_in": "2026-06-25",
	"agreement_signed": null,
	"file": "idp/users.csv",
	"line": number + 1,
}

assessment := {"as_of": "2026-06-30", "framework": "dspt-supplier", "organisation": {"name": "Acme", "type": "it-supplier"}}

evidence(resources, accounts) := {
	"assessment": assessment,
	"terraform": {"plans": [plan(resources)]},
	"identity": {"exports": [{"file": "idp/users.csv", "rows": count(accounts)}], "accounts": accounts},
}

admin_document := json.marshal({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})

read_document := json.marshal({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]})

inventory(resources, accounts) := result if {
	result := privileged_access.resources with input as evidence(resources, accounts) with data.dspt.params as params
}

terraform_principals(resources) := {[entry.address, entry.principal] |
	some entry in inventory(resources, [])
	entry.source == "terraform"
}

test_identity_administrators_are_listed if {
	accounts := [account(1, true, true), account(2, false, true), account(3, true, false), account(4, null, true)]
	{entry | some entry in inventory([], accounts)} == {
		{"source": "identity", "id": "a-0000000000000001", "enabled": true},
		{"source": "identity", "id": "a-0000000000000003", "enabled": false},
	}
}

test_aws_administrator_policies_and_wildcard_inline_policies_are_listed if {
	resources := [
		resource("aws_iam_role_policy_attachment.ops", {"role": "ops-admin", "policy_arn": "arn:aws:iam::aws:policy/AdministratorAccess"}, {}),
		resource("aws_iam_user_policy.deployer", {"user": "deployer", "policy": admin_document}, {}),
		resource("aws_iam_group_policy_attachment.readers", {"group": "readers", "policy_arn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}, {}),
		resource("aws_iam_role_policy.reader", {"role": "reader", "policy": read_document}, {}),
		# A break-glass principal is still privileged: it is listed.
		resource("aws_iam_user_policy_attachment.glass", {"user": "break-glass-admin", "policy_arn": "arn:aws:iam::aws:policy/AdministratorAccess"}, {}),
	]
	terraform_principals(resources) == {
		["aws_iam_role_policy_attachment.ops", "ops-admin"],
		["aws_iam_user_policy.deployer", "deployer"],
		["aws_iam_user_policy_attachment.glass", "break-glass-admin"],
	}
	some entry in inventory(resources, [])
	entry == {
		"source": "terraform",
		"plan": "plans/platform.json",
		"address": "aws_iam_role_policy_attachment.ops",
		"principal": "ops-admin",
		"kind": "role",
		"access": "policy arn:aws:iam::aws:policy/AdministratorAccess",
	}
}

test_azure_owner_contributor_and_user_access_administrator_are_listed_at_any_scope if {
	resources := [
		resource("azurerm_role_assignment.owner", {"role_definition_name": "Owner", "scope": "/subscriptions/0000", "principal_id": "11111111-aaaa"}, {}),
		resource("azurerm_role_assignment.contributor", {"role_definition_name": "contributor", "scope": "/subscriptions/0000/resourceGroups/app", "principal_id": "22222222-bbbb"}, {}),
		resource("azurerm_role_assignment.uaa", {"role_definition_name": "User Access Administrator", "scope": "/subscriptions/0000"}, {"principal_id": true}),
		resource("azurerm_role_assignment.reader", {"role_definition_name": "Reader", "scope": "/subscriptions/0000", "principal_id": "33333333-cccc"}, {}),
	]
	terraform_principals(resources) == {
		["azurerm_role_assignment.owner", "11111111-aaaa"],
		["azurerm_role_assignment.contributor", "22222222-bbbb"],
		["azurerm_role_assignment.uaa", null],
	}
}

test_google_owner_and_editor_members_and_bindings_are_listed if {
	policy := json.marshal({"bindings": [
		{"role": "roles/owner", "members": ["user:root@example.org"]},
		{"role": "roles/viewer", "members": ["user:viewer@example.org"]},
	]})
	resources := [
		resource("google_project_iam_member.owner", {"role": "roles/owner", "member": "user:alice@example.org"}, {}),
		resource("google_project_iam_binding.editors", {"role": "roles/editor", "members": ["group:eng@example.org", "user:bob@example.org"]}, {}),
		resource("google_folder_iam_member.later", {"role": "roles/editor"}, {"member": true}),
		resource("google_project_iam_member.viewer", {"role": "roles/viewer", "member": "user:carol@example.org"}, {}),
		resource("google_organization_iam_policy.org", {"policy_data": policy}, {}),
	]
	terraform_principals(resources) == {
		["google_project_iam_member.owner", "user:alice@example.org"],
		["google_project_iam_binding.editors", "group:eng@example.org"],
		["google_project_iam_binding.editors", "user:bob@example.org"],
		["google_folder_iam_member.later", null],
		["google_organization_iam_policy.org", "user:root@example.org"],
	}
}

test_the_inventory_is_sorted_and_empty_without_evidence if {
	accounts := [account(2, true, true), account(1, true, true)]
	resources := [resource("aws_iam_user_policy.deployer", {"user": "deployer", "policy": admin_document}, {})]
	result := inventory(resources, accounts)
	result == sort(result)
	count(result) == 3
	privileged_access.resources == [] with input as {"assessment": assessment} with data.dspt.params as params
}
